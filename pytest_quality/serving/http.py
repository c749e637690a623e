"""The endpoint as the serving checks see it: plain and streamed chat calls, and llama.cpp's extra routes.

Every call returns a `Reply` (never raises for HTTP or network trouble), so a check can judge an error
reply as readily as a good one: an over-context prompt is *supposed* to get an HTTP 400.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from pytest_quality.client import normalize_base_url, redact


@dataclass
class Reply:
    status: int | None = None  # None: no HTTP answer at all
    error: str = ""  # network trouble, or the error body of a non-200 answer
    content: str | None = None
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # {"name", "arguments" (raw text)}
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    model: str | None = None
    chunks: int = 0  # streamed events carrying a delta
    latency_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    def describe(self) -> str:
        if not self.ok:
            return f"HTTP {self.status}: {self.error[:200]}" if self.status else self.error[:200]
        calls = ", ".join(f"{c['name']}({c['arguments']})" for c in self.tool_calls)
        return f"content={(self.content or '')[:120]!r}" + (f" tool_calls=[{calls}]" if calls else "")


def _message_fields(reply: Reply, message: dict[str, Any]) -> None:
    reply.content = message.get("content")
    reasoning = message.get("reasoning_content") or message.get("reasoning")
    reply.reasoning = reasoning if isinstance(reasoning, str) else None
    for call in message.get("tool_calls") or []:
        fn = call.get("function") or {}
        args = fn.get("arguments")
        reply.tool_calls.append(
            {"name": fn.get("name"), "arguments": args if isinstance(args, str) else json.dumps(args)}
        )


class Endpoint:
    """One base URL; thread-safe (the concurrency check calls it from eight threads)."""

    def __init__(self, base_url: str, api_key: str | None = None, model: str | None = None, timeout_s: float = 120.0):
        self.base_url = normalize_base_url(base_url)
        self.api_key, self.model, self.timeout_s = api_key, model, timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(headers=headers, timeout=timeout_s, follow_redirects=False)
        self._memo: dict[str, Any] = {}
        self._memo_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def memo(self, key: str, make: Any) -> Any:
        """A reply several checks judge (e.g. the plain streamed answer) is asked for once per process."""
        with self._memo_lock:
            lock = self._memo.setdefault("lock:" + key, threading.Lock())
        with lock:
            if key not in self._memo:
                self._memo[key] = make()
            return self._memo[key]

    def peek(self, key: str) -> Any:
        """What `memo` holds for `key`, or None (under xdist another worker may have asked for it)."""
        return self._memo.get(key)

    def _body(self, body: dict[str, Any], stream: bool) -> dict[str, Any]:
        out = {**({"model": self.model} if self.model else {}), **body, "stream": stream}
        if stream:
            out.setdefault("stream_options", {"include_usage": True})
        return out

    def chat(self, body: dict[str, Any]) -> Reply:
        reply = Reply()
        start = time.monotonic()
        try:
            response = self._http.post(self.base_url + "/v1/chat/completions", json=self._body(body, False))
            reply.status = response.status_code
            if response.status_code != 200:
                reply.error = redact(response.text, self.api_key) or "(empty body)"
            else:
                data = response.json()
                choice = (data.get("choices") or [{}])[0]
                _message_fields(reply, choice.get("message") or {})
                reply.finish_reason = choice.get("finish_reason")
                reply.usage = data.get("usage") if isinstance(data.get("usage"), dict) else None
                reply.model = data.get("model")
        except (httpx.HTTPError, ValueError, AttributeError, IndexError, TypeError) as exc:
            reply.error = f"{type(exc).__name__}: {redact(str(exc), self.api_key)}"
        reply.latency_s = time.monotonic() - start
        return reply

    def stream(self, body: dict[str, Any]) -> Reply:
        """Assemble a streamed reply the way an OpenAI client does: content and reasoning concatenated,
        tool calls joined by their `index`, the name from the first delta that has one."""
        reply = Reply()
        start = time.monotonic()
        calls: dict[int, dict[str, Any]] = {}
        content: list[str] = []
        reasoning: list[str] = []
        try:
            with self._http.stream(
                "POST", self.base_url + "/v1/chat/completions", json=self._body(body, True)
            ) as response:
                reply.status = response.status_code
                if response.status_code != 200:
                    reply.error = redact(response.read().decode(errors="replace"), self.api_key)
                    return reply
                for line in response.iter_lines():
                    if not line.startswith("data:") or line[5:].strip() == "[DONE]":
                        continue
                    event = json.loads(line[5:])
                    if isinstance(event.get("usage"), dict):
                        reply.usage = event["usage"]
                    reply.model = event.get("model") or reply.model
                    for choice in event.get("choices") or []:
                        delta = choice.get("delta") or {}
                        reply.chunks += 1
                        content.append(delta.get("content") or "")
                        reasoning.append(delta.get("reasoning_content") or delta.get("reasoning") or "")
                        for d in delta.get("tool_calls") or []:
                            call = calls.setdefault(d.get("index", 0), {"name": None, "arguments": ""})
                            fn = d.get("function") or {}
                            call["name"] = call["name"] or fn.get("name")
                            call["arguments"] += fn.get("arguments") or ""
                        reply.finish_reason = choice.get("finish_reason") or reply.finish_reason
        except (httpx.HTTPError, ValueError, AttributeError, TypeError) as exc:
            reply.error = f"{type(exc).__name__}: {redact(str(exc), self.api_key)}"
        reply.content = "".join(content) if any(content) else None
        reply.reasoning = "".join(reasoning) or None
        reply.tool_calls = [calls[i] for i in sorted(calls)]
        reply.latency_s = time.monotonic() - start
        return reply

    def get_json(self, path: str, post: dict[str, Any] | None = None) -> Any:
        """GET (or POST `post` to) a side route; None when the server lacks it or answers oddly."""

        def fetch() -> Any:
            try:
                if post is None:
                    response = self._http.get(self.base_url + path)
                else:
                    response = self._http.post(self.base_url + path, json=post)
                return response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                return None

        return self.memo(f"{path}:{json.dumps(post, sort_keys=True)}", fetch)

    def props(self) -> dict[str, Any]:
        data = self.get_json("/props")
        return data if isinstance(data, dict) else {}

    def tokenize(self, text: str) -> list[int] | None:
        data = self.get_json("/tokenize", {"content": text})
        tokens = data.get("tokens") if isinstance(data, dict) else None
        return tokens if isinstance(tokens, list) else None

    def rendered_prompt(self, messages: list[dict[str, Any]], **extra: Any) -> str | None:
        """The prompt the server's template makes of `messages` (and `tools`...), where it shows it."""
        data = self.get_json("/apply-template", {"messages": messages, **extra})
        prompt = data.get("prompt") if isinstance(data, dict) else None
        return prompt if isinstance(prompt, str) else None
