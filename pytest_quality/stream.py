"""`--stream`: ask for server-sent events, time the reply as it arrives, grade the assembled whole.

The deltas (content, reasoning, tool-call fragments by index) are put back together into the
body a non-streamed request would have returned, so grading never knows the difference. Per
request the client keeps: time to first token (first content, reasoning or tool-call delta),
total time, completion tokens (usage when the server sends it, else one per delta) and decode
tokens/s after the first token.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from pytest_quality import verdict as fm
from pytest_quality.failures import Final as _Final
from pytest_quality.failures import Retryable as _Retryable

TIMING_KEY = "_pytest_quality_stream"  # carried on the assembled body from client._post_once to chat(), then removed


MODES = ("auto", "on", "off")


def add_options(group: Any) -> None:
    group.addoption(
        "--stream",
        nargs="?",
        const="on",
        default=None,
        choices=MODES,
        metavar="auto|on|off",
        help="stream every model reply: time to first token and decode tokens/s per scenario "
        "(default auto: on when the probe's streamed request came back as an event stream)",
    )
    group.addoption(
        "--no-stream",
        action="store_const",
        const="off",
        dest="stream",
        help="never stream model replies (same as --stream=off)",
    )


def resolve(mode: str | None, target: Any) -> tuple[bool, str]:
    """(stream the scenarios' requests?, why); target: the probed target.Target, None when nothing was probed."""
    if mode == "on":
        return True, "--stream"
    if mode == "off":
        return False, "--stream=off"
    streams = getattr(target, "streams", None)
    if streams:
        return True, "default: the server streamed the probe's request"
    if streams is False:
        return False, "default: the server did not stream the probe's request"
    return False, "default: streaming not probed"


class StreamingClient:
    """Wraps the run's client: every chat request asks for a stream (with usage in the last event)."""

    def __init__(self, client: Any):
        self.client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def close(self) -> None:
        self.client.close()

    def chat(self, request: dict[str, Any], timeout_s: float) -> Any:
        return self.client.chat({**request, "stream": True, "stream_options": {"include_usage": True}}, timeout_s)


def assemble(response: Any, deadline: float, limit: int, sent_at: float) -> dict[str, Any]:
    """The completion body from an event stream; raises the client's own failures (a stream cut short is a
    retried server_error, a malformed event a server_error at once, a stream past the deadline a timeout),
    never anything else."""
    message: dict[str, Any] = {"role": "assistant"}
    text: dict[str, list[str]] = {}  # content / reasoning_content / reasoning fragments
    calls: dict[int, dict[str, Any]] = {}
    finish: str | None = None
    usage: dict[str, Any] | None = None
    head: dict[str, Any] = {}
    first: float | None = None
    deltas = size = 0
    buffer = b""
    done = False
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _Final(f"event stream exceeds {limit // (1024 * 1024)} MiB", fm.SERVER_ERROR)
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("total time budget exceeded while streaming")
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            line = line.strip()
            if not line.startswith(b"data:"):
                continue  # comments, event names, blank separators
            data = line[5:].strip()
            if data == b"[DONE]":
                done = True
                break
            try:
                event = json.loads(data)
            except ValueError:
                raise _Final(f"event stream carries invalid JSON: {data[:120]!r}", fm.SERVER_ERROR) from None
            if not isinstance(event, dict):
                raise _Final("event stream carries a non-object event", fm.SERVER_ERROR)
            if event.get("error") is not None and not event.get("choices"):
                raise _Final(f"server returned an error in the stream: {str(event['error'])[:200]}", fm.SERVER_ERROR)
            for key in ("id", "object", "created", "model", "system_fingerprint"):
                if key in event and key not in head:
                    head[key] = event[key]
            if isinstance(event.get("usage"), dict):
                usage = event["usage"]
            for choice in event.get("choices") or []:
                if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                    continue
                if choice.get("finish_reason"):
                    finish = choice["finish_reason"]
                delta = choice.get("delta") or {}
                if not isinstance(delta, dict):
                    continue
                if _merge(delta, message, text, calls):
                    deltas += 1
                    first = first if first is not None else time.monotonic()
        if done:
            break
    end = time.monotonic()
    if not done and finish is None:  # cut short: grading a partial reply would score the server's fault;
        # retried like a truncated plain body (the connection, not the model, failed)
        raise _Retryable("event stream ended before [DONE] or a finish_reason", fm.SERVER_ERROR)
    for key, parts in text.items():
        message[key] = "".join(parts)
    if calls:
        message["tool_calls"] = [calls[i] for i in sorted(calls)]
    body = {**head, "object": "chat.completion", "choices": [{"index": 0, "message": message, "finish_reason": finish}]}
    if usage is not None:
        body["usage"] = usage
    tokens = (
        (usage or {}).get("completion_tokens") if isinstance((usage or {}).get("completion_tokens"), int) else deltas
    )
    decode_s = end - first if first is not None else None
    body[TIMING_KEY] = {
        "ttft_s": round(first - sent_at, 4) if first is not None else None,
        "total_s": round(end - sent_at, 4),
        "completion_tokens": tokens,
        "decode_tps": round((tokens - 1) / decode_s, 2) if decode_s and tokens and tokens > 1 else None,
        "complete": done,
    }
    return body


def _merge(
    delta: dict[str, Any], message: dict[str, Any], text: dict[str, list[str]], calls: dict[int, dict[str, Any]]
) -> bool:
    """Fold one delta into the message; True when it carried generated output (for TTFT)."""
    produced = False
    for key in ("content", "reasoning_content", "reasoning"):
        value = delta.get(key)
        if isinstance(value, str):
            if value:
                text.setdefault(key, []).append(value)
                produced = True
            else:
                text.setdefault(key, [])
        elif value is not None:  # content parts or another shape: kept as sent, graded as a plain reply would be
            message[key] = value
            text.pop(key, None)
            produced = True
    for raw in delta.get("tool_calls") or []:
        if not isinstance(raw, dict):
            continue
        index = raw["index"] if isinstance(raw.get("index"), int) else len(calls)
        call = calls.setdefault(index, {"type": "function", "function": {"name": "", "arguments": ""}})
        if raw.get("id"):
            call["id"] = raw["id"]
        if raw.get("type"):
            call["type"] = raw["type"]
        fn = raw["function"] if isinstance(raw.get("function"), dict) else {}
        if isinstance(fn.get("name"), str):
            call["function"]["name"] += fn["name"]
        args = fn.get("arguments")
        if isinstance(args, str):
            if isinstance(call["function"]["arguments"], str):
                call["function"]["arguments"] += args
        elif args is not None:  # an object in one piece
            call["function"]["arguments"] = args
        produced = True
    return produced


def timing_of(exchanges: list[Any]) -> dict[str, Any] | None:
    """A scenario's stream figures: its first request's TTFT, all requests' time and tokens."""
    timed = [e.stream for e in exchanges if e is not None and getattr(e, "stream", None)]
    if not timed:
        return None
    tokens = sum(t.get("completion_tokens") or 0 for t in timed)
    rates = [t["decode_tps"] for t in timed if t.get("decode_tps")]
    return {
        "ttft_s": timed[0]["ttft_s"],
        "total_s": round(sum(t["total_s"] for t in timed), 4),
        "completion_tokens": tokens,
        "decode_tps": round(sum(rates) / len(rates), 2) if rates else None,
        "requests": len(timed),
    }


def table_columns(data: dict[str, Any]) -> list[tuple[str, dict[str, str], str]]:
    """The terminal table's TTFT column (report.table's extra-column shape), when the run streamed."""
    cells = {
        p["pack_id"]: f"{p['ttft']['p50']:.2f}s / {p['ttft']['p95']:.2f}s"
        for p in data.get("packs", [])
        if isinstance(p.get("ttft"), dict)
    }
    return [("TTFT p50 / p95", cells, "")] if cells else []
