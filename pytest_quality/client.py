"""OpenAI-compatible chat client on httpx: retries, classification, a total deadline, a breaker.

Every outcome is an `Exchange`: either a parsed completion body, or a failure_mode with a
detail. Nothing here raises for a misbehaving server; the caller never sees a traceback.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from pytest_quality import stream
from pytest_quality import verdict as fm
from pytest_quality.failures import Final as _Final
from pytest_quality.failures import Retryable as _Retryable

_STREAM_TIMING = "_pytest_quality_stream"  # stream.TIMING_KEY
MAX_BODY_BYTES = 4 * 1024 * 1024  # a real completion is far smaller; more is a broken server
RETRY_AFTER_CAP_S = 60.0


def normalize_base_url(endpoint: str) -> str:
    """`host:port`, `http://h:p/`, `.../v1`, `.../v1/chat/completions` -> `http://h:p`."""
    url = endpoint.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    for suffix in ("/chat/completions", "/v1"):
        if url.endswith(suffix):
            url = url[: -len(suffix)].rstrip("/")
    return url


def retry_backoff_s(default: float = 1.0) -> float:
    """First retry wait in seconds (doubling after): env QUALITY_RETRY_BACKOFF_S, e.g. 0.05 in tests."""
    try:
        value = float(os.environ.get("QUALITY_RETRY_BACKOFF_S", default))
    except ValueError:
        return default
    return value if 0 <= value <= 60 else default


def redact(text: str, secret: str | None) -> str:
    """Hide the secret, also as it appears inside a repr() (exception texts quote header bytes)."""
    if not secret:
        return text
    for form in (secret, repr(secret)[1:-1], repr(secret.encode("utf-8", "replace"))[2:-1]):
        text = text.replace(form, "***")
    return text


@dataclass
class Exchange:
    """One model request and what came of it."""

    request: dict[str, Any]
    body: dict[str, Any] | None = None  # the parsed response body, exactly as received
    failure_mode: str | None = None
    detail: str = ""
    http_status: int | None = None
    latency_s: float = 0.0
    attempts: int = 0
    retries: list[str] = field(default_factory=list)
    cached: bool = False  # answered from the --cache folder, not by the server
    stream: dict[str, Any] | None = None  # --stream: time to first token etc. (stream.py)

    @property
    def ok(self) -> bool:
        return self.failure_mode is None and self.body is not None


class Chat(Protocol):
    """What the engine asks of a client: the plain one, the cache, the endpoint pool, the limiter."""

    def chat(self, request: dict[str, Any], timeout_s: float) -> Exchange: ...


class ChatClient:
    """POST {base}/v1/chat/completions with the retry policy described below.

    Retried: connect errors, resets, 5xx and 429 (Retry-After honoured, capped), with exponential
    backoff. Other 4xx fail at once. A timeout is retried once only with `retry_on_timeout`.
    Once the endpoint has refused connections after all retries, it is marked down and later
    requests fail fast instead of each waiting out its retries.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        max_retries: int = 3,
        backoff_s: float = 1.0,
        retry_on_timeout: bool = False,
        retry_after_cap_s: float = RETRY_AFTER_CAP_S,
    ):
        self.base_url = normalize_base_url(base_url)
        self.api_key = api_key
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.retry_on_timeout = retry_on_timeout
        self.retry_after_cap_s = retry_after_cap_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # No connection cap: requests in flight are bounded by the caller (--concurrency, prefetch.py),
        # and httpx's default of 100 (20 kept alive) would queue or reconnect beyond that.
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        self._http = httpx.Client(headers=headers, follow_redirects=False, limits=limits)
        self._down = threading.Event()
        self.on_status: Any = None  # called with each HTTP status received (prefetch.py's AIMD limiter)

    def close(self) -> None:
        self._http.close()

    @property
    def endpoint_down(self) -> bool:
        return self._down.is_set()

    def chat(self, request: dict[str, Any], timeout_s: float) -> Exchange:
        exchange = Exchange(request=request)
        start = time.monotonic()
        deadline = start + timeout_s
        timeouts_left = 1 if self.retry_on_timeout else 0
        attempt = 0
        while True:
            attempt += 1
            exchange.attempts = attempt
            fast = self._down.is_set()
            try:
                body, status = self._post_once(request, deadline, fast)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout):
                    err = _Retryable(f"connect timeout: {exc}", fm.MODEL_ENDPOINT_UNREACHABLE)
                elif timeouts_left > 0:
                    timeouts_left -= 1
                    exchange.retries.append(f"attempt {attempt}: timed out after {timeout_s:.0f}s, retrying once")
                    deadline = time.monotonic() + timeout_s
                    continue
                else:
                    exchange.failure_mode = fm.TIMEOUT
                    exchange.detail = f"no complete reply within {timeout_s:.1f}s"
                    break
            except _Final as exc:
                exchange.failure_mode, exchange.http_status = exc.mode, exc.status
                exchange.detail = redact(exc.detail, self.api_key)
                break
            except _Retryable as exc:
                err = exc
            except httpx.ConnectError as exc:
                err = _Retryable(f"connection refused: {exc}", fm.MODEL_ENDPOINT_UNREACHABLE)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                err = _Retryable(f"connection broken: {type(exc).__name__}: {exc}", fm.SERVER_ERROR)
            except httpx.HTTPError as exc:
                err = _Retryable(f"{type(exc).__name__}: {exc}", fm.HTTP_ERROR)
            else:
                self._down.clear()
                exchange.body, exchange.http_status = body, status
                exchange.stream = body.pop(_STREAM_TIMING, None)  # --stream (stream.py)
                break
            # A retryable failure: give up, or wait and go again.
            exchange.http_status = err.status
            no_more = attempt > self.max_retries or (fast and err.mode == fm.MODEL_ENDPOINT_UNREACHABLE)
            wait = err.wait if err.wait is not None else self.backoff_s * (2 ** (attempt - 1))
            if no_more or time.monotonic() + wait > deadline:
                exchange.failure_mode = err.mode
                exchange.detail = redact(err.detail, self.api_key)
                if err.mode == fm.MODEL_ENDPOINT_UNREACHABLE:
                    self._down.set()
                    exchange.detail += f" ({self.base_url} is down)"
                if len(exchange.retries):
                    exchange.detail += f" after {attempt} attempts"
                if not no_more and err.wait is not None:
                    exchange.detail += f" (Retry-After {err.wait:.0f}s would pass the {timeout_s:.0f}s budget)"
                break
            exchange.retries.append(redact(f"attempt {attempt}: {err.detail}; waiting {wait:.1f}s", self.api_key))
            time.sleep(wait)
        exchange.latency_s = time.monotonic() - start
        return exchange

    def _post_once(self, request: dict[str, Any], deadline: float, fast: bool) -> tuple[dict[str, Any], int]:
        sent_at = time.monotonic()
        remaining = max(0.05, deadline - sent_at)
        connect = min(remaining, 2.0 if fast else 10.0)
        timeout = httpx.Timeout(remaining, connect=connect)
        url = self.base_url + "/v1/chat/completions"
        with self._http.stream("POST", url, json=request, timeout=timeout) as response:
            status = response.status_code
            if self.on_status is not None:  # --concurrency: 429s back off, answers recover (aimd.py)
                self.on_status(status)
            if status == 429 or status >= 500:
                wait = _retry_after(response.headers.get("retry-after"), self.retry_after_cap_s)
                mode = fm.HTTP_ERROR if status == 429 else fm.SERVER_ERROR
                snippet = _read_capped(response, deadline, 2000).decode("utf-8", "replace").strip()
                raise _Retryable(f"HTTP {status}: {snippet[:300]}", mode, wait, status)
            if (
                status < 400
                and request.get("stream")
                and "text/event-stream" in response.headers.get("content-type", "")
            ):
                try:  # --stream: the deltas put back together, timed
                    return stream.assemble(response, deadline, MAX_BODY_BYTES, sent_at), status
                except _Final as exc:
                    exc.status = status  # a 200 with a broken stream: keep the status for the record
                    raise
            raw = _read_capped(response, deadline, MAX_BODY_BYTES)
        if status >= 400:
            text = raw.decode("utf-8", "replace").strip()[:300]
            hint = " (check --api-key / QUALITY_API_KEY)" if status in (401, 403) else ""
            raise _Final(f"HTTP {status}{hint}: {text}", fm.HTTP_ERROR, status=status)
        try:
            return _parse_completion(raw, response.headers.get("content-type", "")), status
        except _Final as exc:
            exc.status = status  # a 200 with a broken body: keep the status for the record
            raise


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = when - time.time()
    if math.isnan(seconds):  # "Retry-After: nan" would make time.sleep raise
        return None
    return min(max(seconds, 0.0), cap)


def _read_capped(response: httpx.Response, deadline: float, limit: int) -> bytes:
    """Read the body, enforcing a total deadline (a slow trickle) and a size cap."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            if limit < MAX_BODY_BYTES:  # reading an error body: a snippet is enough
                chunks.append(chunk)
                break
            raise _Final(
                f"response body exceeds {limit // (1024 * 1024)} MiB", fm.SERVER_ERROR, status=response.status_code
            )
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total time budget exceeded while reading the body")
    return b"".join(chunks)[: max(limit, 0)]


def _parse_completion(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8", "replace")
    if "text/event-stream" in content_type or text.lstrip().startswith("data:"):
        raise _Final("server sent an event stream although stream=false was asked", fm.SERVER_ERROR)
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        kind = f" (content-type {content_type})" if content_type and "json" not in content_type else ""
        raise _Final(f"response is not valid JSON{kind}: {text[:120]!r}", fm.SERVER_ERROR) from None
    if not isinstance(body, dict):
        raise _Final(f"response JSON is a {type(body).__name__}, not an object", fm.SERVER_ERROR)
    if isinstance(body.get("error"), (dict, str)) and "choices" not in body:
        raise _Final(f"server returned an error object: {str(body['error'])[:200]}", fm.SERVER_ERROR)
    choices = body.get("choices")
    if not isinstance(choices, list):
        raise _Final('response has no "choices" list', fm.SERVER_ERROR)
    if not choices:
        raise _Final('response has an empty "choices" list', fm.SERVER_ERROR)
    if not isinstance(choices[0], dict) or not isinstance(choices[0].get("message"), dict):
        raise _Final('choices[0] has no "message" object', fm.SERVER_ERROR)
    return body
