"""`--cache DIR`: an opt-in response cache, so a re-run or a verifier change need not re-query the model.

The key is the sha256 of the exact request body, the endpoint, the model and the server
fingerprint from the probe (model id, build, chat template hash). A new build or template is
a different server and misses. Only complete replies are stored; timeouts and serving
errors always go to the server again. A hit is recorded as `cached: true` on the scenario.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pytest_quality.client import Exchange

CACHE_VERSION = 1


def cache_key(request: dict[str, Any], endpoint: str, model: str | None, fingerprint: str) -> str:
    material = {
        "v": CACHE_VERSION,
        "request": request,
        "endpoint": endpoint,
        "model": model,
        "fingerprint": fingerprint,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ResponseCache:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or damaged: ask the server
        return entry if isinstance(entry, dict) and isinstance(entry.get("body"), dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Atomic write under a unique temp name: xdist workers may store the same key at once."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False)
        os.replace(tmp, path)


class CachingClient:
    """Wraps a ChatClient: same `chat(request, timeout_s) -> Exchange`, answering hits from disk."""

    def __init__(self, client: Any, folder: str | Path, fingerprint: str):
        self.client = client
        self.cache = ResponseCache(folder)
        self.fingerprint = fingerprint or ""
        self.hits = self.misses = 0

    def __getattr__(self, name: str) -> Any:  # base_url, endpoint_down, ... come from the real client
        return getattr(self.client, name)

    def close(self) -> None:
        self.client.close()

    def chat(self, request: dict[str, Any], timeout_s: float) -> Exchange:
        key = cache_key(request, self.client.base_url, request.get("model"), self.fingerprint)
        entry = self.cache.get(key)
        if entry is not None:
            self.hits += 1
            return Exchange(
                request=request,
                body=entry["body"],
                http_status=entry.get("http_status", 200),
                latency_s=float(entry.get("latency_s") or 0.0),
                attempts=0,
                cached=True,
            )
        self.misses += 1
        exchange = self.client.chat(request, timeout_s)
        if exchange.ok:
            # The original latency is kept: a cached run's latency table still describes the server.
            self.cache.put(
                key,
                {
                    "body": exchange.body,
                    "http_status": exchange.http_status,
                    "latency_s": exchange.latency_s,
                    "endpoint": self.client.base_url,
                    "fingerprint": self.fingerprint,
                },
            )
        return exchange
