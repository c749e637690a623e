"""A real OpenAI-compatible HTTP server on 127.0.0.1 for our own tests.

It answers each pack scenario with a chosen reply (its `reference`, its first negative,
`(no answer)`, ...), recognising the scenario by the request's messages. Behaviour can be
switched per test: latency, a chat template in /props, scripted faults. It is a real socket
server in a thread, so the plugin's httpx client talks to it exactly as to a model server.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pytest_quality.packs import available_packs, load_pack

Answer = Callable[[Any, dict[str, Any]], Any]  # (scenario | None, request) -> message | str


def _no_system(messages: list[dict[str, Any]]) -> str:
    return "nosys:" + json.dumps([m for m in messages if m.get("role") != "system"], sort_keys=True)


def scenario_index(pack_ids: list[str] | None = None, extra_dirs: list[str] | None = None) -> dict[str, Any]:
    """Scenarios by their messages. `extra_dirs`: more pack folders (e.g. benchlocal-format fixtures)."""
    index = {}
    for pack_id, path in available_packs(extra_dirs).items():
        if pack_ids and pack_id not in pack_ids:
            continue
        for scenario in load_pack(path, check_references=False).scenarios:
            index[json.dumps(scenario.messages, sort_keys=True)] = scenario
            if scenario.format == "benchlocal":  # benchlocal requests may carry a reference date in the system message
                index.setdefault(_no_system(scenario.messages), scenario)
    return index


def find_scenario(index: dict[str, Any], messages: list[dict[str, Any]]) -> Any:
    for n in range(1, min(len(messages), 40) + 1):
        hit = index.get(json.dumps(messages[:n], sort_keys=True))
        if hit is not None:
            return hit
    for n in range(1, min(len(messages), 40) + 1):
        hit = index.get(_no_system(messages[:n]))
        if hit is not None:
            return hit
    return None


def _turn(entry: Any, request: dict[str, Any], scenario: Any) -> Any:
    """For {"turns": [...]} replies: turn k answers the k-th model request of the scenario."""
    if isinstance(entry, dict) and isinstance(entry.get("turns"), list):
        k = sum(1 for m in request["messages"][len(scenario.messages) :] if m.get("role") == "assistant")
        turns = entry["turns"]
        return turns[min(k, len(turns) - 1)]
    return entry


def is_probe_request(request: dict[str, Any]) -> bool:
    """The probe's own streamed request (decode speed, does the server stream): not a scenario's. Scenario
    requests stream too by default, so `stream` alone no longer tells them apart."""
    from pytest_quality.probe import _TPS_PROMPT

    messages = request.get("messages") or [{}]
    return isinstance(messages[0], dict) and messages[0].get("content") == _TPS_PROMPT


def answer_reference(scenario: Any, request: dict[str, Any]) -> Any:
    return _turn(scenario.reference, request, scenario) if scenario else "(no scenario matched)"


def answer_negative(scenario: Any, request: dict[str, Any]) -> Any:
    return _turn(scenario.negatives[0], request, scenario) if scenario else "(no scenario matched)"


def answer_text(text: str) -> Answer:
    return lambda scenario, request: text


class FakeServer:
    def __init__(
        self,
        answer: Answer = answer_reference,
        pack_ids: list[str] | None = None,
        extra_dirs: list[str] | None = None,
        port: int = 0,
    ):
        self.answer = answer
        self.index = scenario_index(pack_ids, extra_dirs)
        self.latency_s = 0.0
        self.chat_template: str | None = "{% for m in messages %}{{ m.content }}{% endfor %}"
        self.model_id = "fake-model"
        self.requests: list[dict[str, Any]] = []
        self.headers_seen: list[dict[str, str]] = []
        self.fault: Callable[[BaseHTTPRequestHandler, dict[str, Any]], bool] | None = None
        self.slots = threading.BoundedSemaphore(1024)
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "FakeServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "FakeServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def completion(self, request: dict[str, Any]) -> dict[str, Any]:
        scenario = find_scenario(self.index, request.get("messages") or [])
        message = self.answer(scenario, request)
        if isinstance(message, str):
            message = {"role": "assistant", "content": message}
        message = {"role": "assistant", **message}
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", self.model_id),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }

    def _handler(server_self):  # noqa: N805 - closure over the server object
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every keep-alive response, which is no server's real behaviour.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                server_self.headers_seen.append(dict(self.headers))
                if server_self.fault and server_self.fault(self, {"path": self.path, "method": "GET"}):
                    return
                if self.path.rstrip("/") in ("/v1/models", "/models"):
                    self._json(200, {"object": "list", "data": [{"id": server_self.model_id, "object": "model"}]})
                elif self.path == "/props" and server_self.chat_template is not None:
                    self._json(
                        200,
                        {
                            "chat_template": server_self.chat_template,
                            "total_slots": 4,
                            "default_generation_settings": {"n_ctx": 4096, "params": {"temperature": 0.8}},
                        },
                    )
                elif self.path == "/health":
                    self._json(200, {"status": "ok"})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                server_self.headers_seen.append(dict(self.headers))
                try:
                    request = json.loads(raw)
                except ValueError:
                    self._json(400, {"error": "bad json"})
                    return
                with server_self._lock:
                    server_self.requests.append(request)
                if server_self.fault and server_self.fault(self, {"path": self.path, "method": "POST", **request}):
                    return
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": "not found"})
                    return
                self.answer(request)

            def answer(self, request: dict[str, Any]) -> None:
                """The normal reply to a chat request (a fault handler may call it and know when it is sent)."""
                with server_self.slots:
                    if server_self.latency_s:
                        time.sleep(server_self.latency_s)
                    if request.get("stream"):
                        self._stream(request)
                    else:
                        self._json(200, server_self.completion(request))

            def _stream(self, request: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                if not is_probe_request(request):  # a scenario (generated ones too): the reply `answer` gives
                    for event in stream_events(server_self.completion(request)):
                        self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.close_connection = True
                    return
                n = min(int(request.get("max_tokens") or 16), 64)
                for i in range(n):
                    chunk = {"choices": [{"index": 0, "delta": {"content": f"{i + 1} "}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(0.002)
                usage = {"choices": [], "usage": {"completion_tokens": n, "prompt_tokens": 5}}
                self.wfile.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
                self.close_connection = True

        return Handler


class InFlight:
    """How many of a loopback server's chat answers were in progress at once (`max`): wraps its
    `completion`, holding each answer `hold_s`; `counts(request)` says which requests count (all by default)."""

    def __init__(self, server: Any, hold_s: float, counts: Callable[[dict[str, Any]], bool] = lambda request: True):
        self.now = self.max = 0
        self._lock = threading.Lock()
        original = server.completion

        def completion(request: dict[str, Any]) -> dict[str, Any]:
            counted = counts(request)
            if counted:
                with self._lock:
                    self.now += 1
                    self.max = max(self.max, self.now)
            try:
                time.sleep(hold_s)
                return original(request)
            finally:
                if counted:
                    with self._lock:
                        self.now -= 1

        server.completion = completion


def stream_events(completion: dict[str, Any], piece: int = 7) -> list[dict[str, Any]]:
    """A completion body as the chunks a streaming server sends: text in pieces of `piece` characters
    (at most ~24 pieces per text, so long code replies stay cheap), each tool call's arguments in pieces
    after a first chunk with its id and name, then usage."""
    message = completion["choices"][0]["message"]
    longest = max([len(v) for v in message.values() if isinstance(v, str)] or [0])
    piece = max(piece, -(-longest // 24))
    head = {k: completion[k] for k in ("id", "created", "model")}
    events: list[dict[str, Any]] = []

    def delta(d: dict[str, Any], finish: str | None = None) -> None:
        events.append(
            {**head, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": d, "finish_reason": finish}]}
        )

    delta({"role": "assistant"})
    for key in ("reasoning_content", "reasoning", "content"):
        value = message.get(key)
        if isinstance(value, str):
            for i in range(0, len(value), piece):
                delta({key: value[i : i + piece]})
        elif value is not None:
            delta({key: value})
    for index, call in enumerate(message.get("tool_calls") or []):
        fn = call.get("function") or {} if isinstance(call, dict) else {}
        args = fn.get("arguments", "")
        first = {
            "index": index,
            "id": call.get("id"),
            "type": call.get("type", "function"),
            "function": {"name": fn.get("name")},
        }
        if not isinstance(args, str):  # an object in one piece
            first["function"]["arguments"] = args
        delta({"tool_calls": [first]})
        if isinstance(args, str):
            for i in range(0, len(args), piece):
                delta({"tool_calls": [{"index": index, "function": {"arguments": args[i : i + piece]}}]})
    delta({}, completion["choices"][0]["finish_reason"])
    events.append({**head, "object": "chat.completion.chunk", "choices": [], "usage": completion["usage"]})
    return events


def load_results(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


class FlakyAnswer:
    """An answer function for FakeServer that flips: each request gets a wrong reply (the scenario's first
    negative) with probability `p_wrong`, drawn from a seeded generator, else the reference. `served`
    records what each scenario got, in order, so a test knows the exact flip rate the server produced."""

    def __init__(self, p_wrong: float, seed: int):
        import random

        self.p_wrong = p_wrong
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.served: dict[str, list[bool]] = {}  # scenario id -> [right?] per request

    def __call__(self, scenario: Any, request: dict[str, Any]) -> Any:
        if scenario is None:
            return answer_reference(scenario, request)
        with self.lock:
            right = self.rng.random() >= self.p_wrong
            self.served.setdefault(scenario.id, []).append(right)
        return answer_reference(scenario, request) if right else answer_negative(scenario, request)
