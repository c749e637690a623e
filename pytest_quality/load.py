"""`--background-load N`: N synthetic chat requests kept in flight while the packs run.

So a user sees whether scores or latency change at their production concurrency. The load goes
through the run's own client (same endpoint, key, retries) but is never graded or recorded as a
scenario; the results file states the load under `background_load`.
"""

from __future__ import annotations

import statistics
import threading
from typing import Any

import pytest

from pytest_quality import verdict as fm
from pytest_quality.settings import UsageError, whole_number

# A prompt with a long, open-ended answer: it occupies a slot the way a production request does.
LOAD_PROMPT = "Write a detailed, multi-paragraph explanation of how rivers shape the landscape over time."
LOAD_MAX_TOKENS = 256


def add_options(group: Any) -> None:
    group.addoption(
        "--background-load",
        metavar="N",
        default=None,
        help="keep N extra synthetic requests in flight while the packs run (default 0)",
    )


def start(config: pytest.Config, runner: Any) -> "BackgroundLoad | None":
    """The controller's load (it holds a runner.Runner too), or None without --background-load."""
    raw = config.getoption("background_load", None)
    if raw in (None, "0") or runner.target is None:
        return None
    try:
        n = whole_number(raw, "--background-load", 0, 4096)
    except UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)
    model = runner.described.model
    if n:  # said where a reader of the results looks: the warnings above the table
        runner.plan.top_warnings.append(
            f"background load: {n} synthetic request(s) kept in flight while the packs ran "
            "(--background-load); latency and scores are under that load"
        )
    return BackgroundLoad(runner.client, n, model) if n else None


class BackgroundLoad:
    def __init__(self, client: Any, n: int, model: str | None):
        self.client, self.n = client, n
        self.request: dict[str, Any] = {
            "messages": [{"role": "user", "content": LOAD_PROMPT}],
            "max_tokens": LOAD_MAX_TOKENS,
            "temperature": 0.7,
        }
        if model:
            self.request["model"] = model
        self.completed = self.failed = 0
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, name=f"quality-load-{i}", daemon=True) for i in range(n)]
        for thread in self.threads:
            thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                exchange = self.client.chat(dict(self.request), 600.0)
            except Exception:  # noqa: BLE001 - the client closed under us at the end of the run
                return
            with self._lock:
                if exchange.ok:
                    self.completed += 1
                    self.latencies.append(exchange.latency_s)
                else:
                    self.failed += 1
                    if exchange.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE:
                        return

    def stop(self) -> None:
        self._stop.set()  # threads in a request die with the process; none starts another

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            lat = sorted(self.latencies)
        return {
            "requests_in_flight": self.n,
            "completed": self.completed,
            "failed": self.failed,
            "latency_p50_s": round(statistics.median(lat), 3) if lat else None,
            "prompt": LOAD_PROMPT,
            "max_tokens": LOAD_MAX_TOKENS,
        }
