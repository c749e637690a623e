"""A FakeServer that misbehaves on purpose: a real socket server on 127.0.0.1 following a fault plan.

The plan maps a scenario id (or "*" for any request, e.g. the client tests' own messages) to a
list of faults, one per chat request for that key; the last entry repeats. So `["503", "ok"]`
is "503 once, then a good reply", and `["500"]` is "500 forever". `kill()` stops the server the
way a crashed process does: the listening socket closes (new connections are refused) and
every open keep-alive connection is cut.

A streamed scenario request (`"stream": true`, --stream) follows the scenario's plan like a plain one:
status faults (429/503 with Retry-After, 500, reset) come before any event, the `stream_*` faults break
the event stream itself, and the reply-shaped faults (null content, reasoning only, bad tool-call
arguments, huge) are sent as events. Streamed requests that match no scenario (the probe's
decode-speed measurement) and GETs are served normally unless the plan has a "stream" / "get" key.
"""

from __future__ import annotations

import email.utils
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from tests.support.fake_openai import FakeServer, answer_reference, find_scenario, stream_events

FAULTS = (
    "ok",
    "reset",
    "500",
    "502",
    "503",
    "429s",
    "429date",
    "400",
    "401",
    "404",
    "malformed",
    "no_choices",
    "empty_choices",
    "null_content",
    "reasoning_only",
    "bad_tool_args",
    "truncated",
    "trickle",
    "huge",
    "html",
    "json_as_text",
    "sse",
    "echo_key_401",
    "die",
    "429long",
    "error_object",
    "json_list",
    "no_message",
    "503retry",
    "stream_cut",
    "stream_reset",
    "stream_stall",
    "stream_bad_chunk",
    "stream_keepalive",
)
_METHODS = {"429s": "too_many_s", "429date": "too_many_date", "429long": "too_many_long", "503retry": "unavailable"}


class FaultyServer(FakeServer):
    def __init__(
        self,
        plan: dict[str, list[str]] | None = None,
        answer: Callable = answer_reference,
        pack_ids: list[str] | None = None,
        require_key: str | None = None,
        trickle_s: float = 0.2,
        die_after: int | None = None,
        stall_s: float = 30.0,
    ):
        super().__init__(answer, pack_ids)
        self.plan = {k: list(v) for k, v in (plan or {}).items()}
        self.require_key = require_key  # when set, a request without "Bearer <key>" gets 401
        self.trickle_s = trickle_s
        self.stall_s = stall_s  # how long "stream_stall" keeps the connection open and silent
        self.die_after = die_after  # kill the server once this many chat replies were served
        self._sending = 0  # counted good replies still being written
        self._sending_done = threading.Condition(self._lock)
        self.served = 0  # good chat replies sent
        self.faults_sent: list[tuple[str, str]] = []  # (key, fault) per chat request
        self.auth_ok: list[bool] = []
        self._counts: dict[str, int] = {}
        self._conns: set[socket.socket] = set()
        self._dead = threading.Event()
        self.fault = self._dispatch
        self.httpd.handle_error = lambda request, address: None  # a cut connection is the point, not noise

    # --- plan -----------------------------------------------------------------------------------

    def _next_fault(self, key: str) -> str:
        faults = self.plan.get(key) or self.plan.get("*") or ["ok"]
        with self._lock:
            n = self._counts.get(key, 0)
            self._counts[key] = n + 1
        return faults[min(n, len(faults) - 1)]

    def _dispatch(self, h: Any, request: dict[str, Any]) -> bool:
        with self._lock:
            self._conns.add(h.connection)
        if self._dead.is_set():  # a request that slipped in on a connection opened before the kill
            _reset(h)
            return True
        if self.require_key is not None:
            ok = h.headers.get("Authorization") == f"Bearer {self.require_key}"
            self.auth_ok.append(ok)
            if not ok:
                h._json(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
                return True
        if request.get("method") == "GET":
            return self._apply(h, self._next_fault("get"), request, None) if "get" in self.plan else False
        scenario = find_scenario(self.index, request.get("messages") or [])
        if request.get("stream") and scenario is None:  # the probe's decode-speed request
            return self._apply(h, self._next_fault("stream"), request, None) if "stream" in self.plan else False
        key = scenario.id if scenario is not None and scenario.id in self.plan else "*"
        fault = self._next_fault(key)
        with self._lock:
            self.faults_sent.append((key, fault))
        return self._apply(h, fault, request, scenario)

    # --- faults ---------------------------------------------------------------------------------

    def _apply(self, h: Any, fault: str, request: dict[str, Any], scenario: Any) -> bool:
        if fault == "ok":
            if self._served_one():
                _reset(h)  # died: no reply, whatever was already in flight
                return True
            try:
                if request.get("method") == "POST" and h.path.endswith("/chat/completions"):
                    h.answer(request)  # FakeServer's normal reply, sent whole before any death (_served_one)
                    return True
            finally:
                self._sent_one()
            return False  # FakeServer answers normally
        if fault == "die":
            self.kill()
            _reset(h)
            return True
        try:
            name = "_status" if fault.isdigit() else "_" + _METHODS.get(fault, fault)
            getattr(self, name)(h, request, scenario, fault)
        except (BrokenPipeError, ConnectionResetError, OSError):
            h.close_connection = True  # the client gave up first (size cap, timeout): expected
        return True

    def _served_one(self) -> bool:
        """Count a good reply about to be sent; True when the server is (now) dead and must not send it.
        die_after=N means N whole replies: a death waits (up to 10 s) for the counted ones still being sent."""
        with self._sending_done:
            due = self._dead.is_set() or (self.die_after is not None and self.served >= self.die_after)
            if not due:
                self.served += 1
                self._sending += 1
            else:
                self._sending_done.wait_for(lambda: self._sending == 0, timeout=10)
        if due:
            self.kill()
        return due

    def _sent_one(self) -> None:
        with self._sending_done:
            self._sending -= 1
            self._sending_done.notify_all()

    def _status(self, h, request, scenario, fault: str) -> None:
        h._json(int(fault), {"error": {"message": f"scripted HTTP {fault}", "code": int(fault)}})

    def _too_many_s(self, h, request, scenario, fault) -> None:
        h._json(429, {"error": {"message": "rate limited"}}, {"Retry-After": "1"})

    def _too_many_date(self, h, request, scenario, fault) -> None:
        when = email.utils.formatdate(time.time() + 2, usegmt=True)
        h._json(429, {"error": {"message": "rate limited"}}, {"Retry-After": when})

    def _unavailable(self, h, request, scenario, fault) -> None:
        h._json(503, {"error": {"message": "loading model"}}, {"Retry-After": "1"})

    def _too_many_long(self, h, request, scenario, fault) -> None:
        h._json(429, {"error": {"message": "quota exhausted"}}, {"Retry-After": "3600"})

    def _error_object(self, h, request, scenario, fault) -> None:
        self._raw(h, json.dumps({"error": {"message": "model overloaded", "type": "server_error"}}).encode())

    def _json_list(self, h, request, scenario, fault) -> None:
        self._raw(h, b'[{"choices": []}]')

    def _no_message(self, h, request, scenario, fault) -> None:
        self._raw(h, json.dumps({"id": "x", "choices": [{"index": 0, "text": "hi", "finish_reason": "stop"}]}).encode())

    def _echo_key_401(self, h, request, scenario, fault) -> None:
        # Like some proxies: the error body quotes the credentials it refused.
        h._json(401, {"error": {"message": f"Incorrect API key provided: {h.headers.get('Authorization')}"}})

    def _reset(self, h, request, scenario, fault) -> None:
        _reset(h)

    def _raw(self, h, body: bytes, content_type: str = "application/json", length: int | None = None) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        h.wfile.write(body)

    def _malformed(self, h, request, scenario, fault) -> None:
        self._raw(h, b'{"id": "x", "choices": [{"message": {"content": "unterminated')

    def _no_choices(self, h, request, scenario, fault) -> None:
        self._raw(h, json.dumps({"id": "x", "object": "chat.completion", "usage": {}}).encode())

    def _empty_choices(self, h, request, scenario, fault) -> None:
        self._raw(h, json.dumps({"id": "x", "object": "chat.completion", "choices": []}).encode())

    def _message(self, h, request, message: dict[str, Any]) -> None:
        body = self.completion(request)
        body["choices"][0]["message"] = {"role": "assistant", **message}
        body["choices"][0]["finish_reason"] = "tool_calls" if message.get("tool_calls") else "stop"
        self._reply(h, request, body)

    def _reply(self, h, request, body: dict[str, Any]) -> None:
        """A completion body, as events when the request streams."""
        if not request.get("stream"):
            self._raw(h, json.dumps(body).encode())
            return
        self._events(h)
        for event in stream_events(body):
            h.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
        h.wfile.write(b"data: [DONE]\n\n")

    # --- broken event streams (a streamed request) ----------------------------------------------

    def _events(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True

    def _first_events(self, h, request) -> None:
        """Headers and the first half of the reply's events, flushed: the client has started reading."""
        events = stream_events(self.completion(request))
        self._events(h)
        for event in events[: max(1, len(events) // 2)]:
            h.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
        h.wfile.flush()

    def _stream_cut(self, h, request, scenario, fault) -> None:
        self._first_events(h, request)  # then a clean close: no finish_reason, no [DONE]
        _close(h)

    def _stream_reset(self, h, request, scenario, fault) -> None:
        self._first_events(h, request)
        _reset(h)

    def _stream_stall(self, h, request, scenario, fault) -> None:
        self._first_events(h, request)
        self._dead.wait(self.stall_s)  # silent, connection open: only the client's deadline ends it

    def _stream_keepalive(self, h, request, scenario, fault) -> None:
        self._first_events(h, request)
        end = time.monotonic() + self.stall_s
        while time.monotonic() < end and not self._dead.is_set():  # SSE comments: bytes arrive, no reply does
            h.wfile.write(b": keep-alive\n\n")
            h.wfile.flush()
            time.sleep(self.trickle_s)

    def _stream_bad_chunk(self, h, request, scenario, fault) -> None:
        self._first_events(h, request)
        h.wfile.write(b'data: {"choices": [{"index": 0, "delta": {"content": "unterminated\n\n')
        h.wfile.write(b"data: [DONE]\n\n")

    def _null_content(self, h, request, scenario, fault) -> None:
        self._message(h, request, {"content": None})

    def _reasoning_only(self, h, request, scenario, fault) -> None:
        ref = self.answer(scenario, request)
        text = ref if isinstance(ref, str) else json.dumps(ref)
        self._message(h, request, {"content": None, "reasoning_content": text})

    def _bad_tool_args(self, h, request, scenario, fault) -> None:
        ref = self.answer(scenario, request)
        calls = ref.get("tool_calls") if isinstance(ref, dict) else None
        name = calls[0]["function"]["name"] if calls else "some_tool"
        self._message(
            h,
            request,
            {
                "content": None,
                "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": name, "arguments": '{"path": "a.txt",'}}
                ],
            },
        )

    def _truncated(self, h, request, scenario, fault) -> None:
        body = json.dumps(self.completion(request)).encode()
        self._raw(h, body[: len(body) // 2], length=len(body))
        h.wfile.flush()
        _close(h)

    def _trickle(self, h, request, scenario, fault) -> None:
        body = json.dumps(self.completion(request)).encode()
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for i in range(len(body)):  # one byte per tick: every read succeeds, the whole never arrives in time
            if self._dead.is_set():
                break
            h.wfile.write(body[i : i + 1])
            h.wfile.flush()
            time.sleep(self.trickle_s)

    def _huge(self, h, request, scenario, fault) -> None:
        body = self.completion(request)
        body["choices"][0]["message"] = {"role": "assistant", "content": "x" * (10 * 1024 * 1024)}
        self._reply(h, request, body)

    def _html(self, h, request, scenario, fault) -> None:
        self._raw(h, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")

    def _json_as_text(self, h, request, scenario, fault) -> None:
        # A good completion under the wrong content type: tolerated, the body is what counts.
        if self._served_one():
            _reset(h)
            return
        self._raw(h, json.dumps(self.completion(request)).encode(), "text/plain")

    def _sse(self, h, request, scenario, fault) -> None:
        chunk = {"choices": [{"index": 0, "delta": {"content": "hello"}}]}
        body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
        self._raw(h, body, "text/event-stream")

    # --- dying ----------------------------------------------------------------------------------

    def kill(self) -> None:
        """Stop like a crashed process: refuse new connections, cut the open ones."""
        if self._dead.is_set():
            return
        self._dead.set()
        threading.Thread(target=self.httpd.shutdown, daemon=True).start()  # not from a handler's own thread
        self.httpd.socket.close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @property
    def dead(self) -> bool:
        return self._dead.is_set()

    def stop(self) -> None:
        self.kill()


def _close(h: Any) -> None:
    h.close_connection = True
    try:
        h.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _reset(h: Any) -> None:
    """Close with an RST (SO_LINGER 0), as a crashing server or a proxy timeout does."""
    h.close_connection = True
    try:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
    except OSError:
        pass
