"""A misbehaving endpoint gives classified verdicts and a complete results file, never a traceback.

Serving problems (the server, not the model) -> server_error / http_error / model_endpoint_unreachable:
pytest errors, left out of the score, run INCOMPLETE. Model-side oddities (null content, an answer only
in reasoning, tool-call arguments that are not JSON, a reply too slow) -> graded failures.
Every server here is real (tests/support/faulty_server.py), talking to the real httpx client.
"""

from __future__ import annotations

import collections
import socket
import threading
from http.server import ThreadingHTTPServer

import pytest

from pytest_quality import verdict as fm
from pytest_quality.client import ChatClient, retry_backoff_s
from pytest_quality.execute import Fetched, grade
from pytest_quality.packs import available_packs, load_pack
from tests.support.faulty_server import FaultyServer
from tests.support.runner import run_quality

FAST = {"QUALITY_RETRY_BACKOFF_S": "0.05"}


@pytest.fixture(scope="module")
def tc13():
    """A tool-call scenario whose reference makes a call (so bad tool-call arguments are meaningful)."""
    pack = load_pack(available_packs()["toolcall-15"])
    return next(s for s in pack.scenarios if s.id == "TC-13")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chat(client: ChatClient, scenario, timeout_s: float = 5.0):
    request = {"messages": scenario.messages, "tools": scenario.tools, "stream": False, "max_tokens": 64}
    exchange = client.chat(request, timeout_s)
    verdict, _ = grade(scenario, Fetched(exchange, timeout_s, {}, False))
    return exchange, verdict


# (plan for the scenario, failure_mode after grading (None = passed), HTTP status, attempts, text in detail)
CLIENT_CASES = {
    "ok": (["ok"], None, 200, 1, ""),
    "reset": (["reset"], fm.SERVER_ERROR, None, 4, "connection broken"),
    "500": (["500"], fm.SERVER_ERROR, 500, 4, "HTTP 500"),
    "502 then success": (["502", "ok"], None, 200, 2, ""),
    "503 then success": (["503", "ok"], None, 200, 2, ""),
    "400": (["400"], fm.HTTP_ERROR, 400, 1, "HTTP 400"),
    "401": (["401"], fm.HTTP_ERROR, 401, 1, "check --api-key"),
    "404": (["404"], fm.HTTP_ERROR, 404, 1, "HTTP 404"),
    "malformed JSON": (["malformed"], fm.SERVER_ERROR, 200, 1, "not valid JSON"),
    "no choices": (["no_choices"], fm.SERVER_ERROR, 200, 1, 'no "choices"'),
    "empty choices": (["empty_choices"], fm.SERVER_ERROR, 200, 1, 'empty "choices"'),
    "null content": (["null_content"], fm.VERIFIER_FAIL, 200, 1, "empty reply"),
    "reasoning only": (["reasoning_only"], fm.VERIFIER_FAIL, 200, 1, "only in reasoning_content"),
    "invalid tool-call JSON": (["bad_tool_args"], fm.VERIFIER_FAIL, 200, 1, "invalid JSON arguments"),
    "truncated body": (["truncated"], fm.SERVER_ERROR, None, 4, "connection broken"),
    "10 MB reply": (["huge"], fm.SERVER_ERROR, 200, 1, "exceeds 4 MiB"),
    "HTML content type": (["html"], fm.SERVER_ERROR, 200, 1, "content-type text/html"),
    "JSON as text/plain": (["json_as_text"], None, 200, 1, ""),
    "event stream unasked": (["sse"], fm.SERVER_ERROR, 200, 1, "event stream"),
    "error object with 200": (["error_object"], fm.SERVER_ERROR, 200, 1, "model overloaded"),
    "JSON array body": (["json_list"], fm.SERVER_ERROR, 200, 1, "not an object"),
    "choice without message": (["no_message"], fm.SERVER_ERROR, 200, 1, 'no "message"'),
}


def _classified(tc13, plan, chat, mode, status, attempts, text):
    """One request through the faulty server: its failure mode, status, attempts and one-line detail."""
    with FaultyServer({tc13.id: plan}, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = chat(client, tc13)
        client.close()
    assert verdict.failure_mode == mode, verdict
    assert verdict.passed is (mode is None)
    assert exchange.http_status == status
    assert exchange.attempts == attempts
    assert text in verdict.detail
    assert len(verdict.detail) < 400 and "\n" not in verdict.detail  # one actionable line
    return exchange, verdict


@pytest.mark.parametrize("name", list(CLIENT_CASES))
def test_client_classifies_fault(name, tc13):
    plan, mode, status, attempts, text = CLIENT_CASES[name]
    exchange, verdict = _classified(tc13, plan, _chat, mode, status, attempts, text)
    if attempts > 1:
        assert len(exchange.retries) == attempts - 1


@pytest.mark.parametrize("fault", ["429s", "429date"])
def test_client_honours_retry_after(fault, tc13):
    """Retry-After as seconds ("1") and as an HTTP date (2 s ahead, 1 s resolution) is waited out."""
    with FaultyServer({tc13.id: [fault, "ok"]}, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat(client, tc13)
    assert verdict.passed and exchange.attempts == 2
    assert exchange.latency_s >= 0.8  # waited the server's time, not the 0.01 s backoff
    assert "HTTP 429" in exchange.retries[0]


def test_client_gives_up_on_429_when_the_wait_passes_the_deadline(tc13):
    with FaultyServer({tc13.id: ["429s"]}, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat(client, tc13, timeout_s=1.5)
    assert verdict.failure_mode == fm.HTTP_ERROR and exchange.http_status == 429
    assert exchange.latency_s < 2.5


def test_client_does_not_wait_an_hour_for_retry_after(tc13):
    """Retry-After: 3600 is capped, and a wait past the scenario's budget is not even started."""
    with FaultyServer({tc13.id: ["429long"]}, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat(client, tc13, timeout_s=30)
    assert verdict.failure_mode == fm.HTTP_ERROR and exchange.attempts == 1
    assert exchange.latency_s < 1
    assert "Retry-After 60s would pass the 30s budget" in verdict.detail  # capped at 60 s


def test_client_slow_trickle_times_out(tc13):
    """Bytes keep coming (no read timeout fires) but the whole reply misses the scenario's budget."""
    with FaultyServer({tc13.id: ["trickle"]}, pack_ids=["toolcall-15"], trickle_s=0.1) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat(client, tc13, timeout_s=1.0)
    assert verdict.failure_mode == fm.TIMEOUT
    assert 0.9 < exchange.latency_s < 2.0


def test_client_connection_refused(tc13):
    client = ChatClient(f"http://127.0.0.1:{_free_port()}", backoff_s=0.01)
    exchange, verdict = _chat(client, tc13)
    assert verdict.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE
    assert exchange.attempts == 4 and client.endpoint_down
    # Once known down, the next request fails at once instead of retrying again.
    again, _ = _chat(client, tc13)
    assert again.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE and again.attempts == 1
    assert again.latency_s < 0.5


def test_client_server_dies_mid_run_then_fails_fast(tc13):
    with FaultyServer(die_after=2, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.05)
        first = [_chat(client, tc13)[1] for _ in range(2)]
        rest = [_chat(client, tc13)[1] for _ in range(20)]
    assert all(v.passed for v in first)
    assert {v.failure_mode for v in rest} == {fm.MODEL_ENDPOINT_UNREACHABLE}
    # The first failure pays the retries; every later one is refused by the open breaker without a retry
    # (wall time is not asserted: it measures the machine's load, not the client).
    assert all("is down" in v.detail for v in rest[1:]), [v.detail for v in rest]


def test_client_server_dies_during_a_request(tc13):
    """The connection is cut while the request is in flight, and nothing listens any more."""
    with FaultyServer({tc13.id: ["die"]}, pack_ids=["toolcall-15"]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat(client, tc13)
    assert verdict.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE, verdict
    assert exchange.attempts >= 2  # the cut, then refused connections


def test_client_recovers_after_the_endpoint_comes_back(tc13):
    port = _free_port()
    client = ChatClient(f"http://127.0.0.1:{port}", backoff_s=0.01)
    assert _chat(client, tc13)[1].failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE and client.endpoint_down
    server = FaultyServer(pack_ids=["toolcall-15"])
    server.httpd.server_close()
    server.httpd = ThreadingHTTPServer(("127.0.0.1", port), server.httpd.RequestHandlerClass)
    server.httpd.daemon_threads = True
    threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
    try:
        assert _chat(client, tc13)[1].passed
        assert not client.endpoint_down
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_retry_backoff_env(monkeypatch):
    monkeypatch.delenv("QUALITY_RETRY_BACKOFF_S", raising=False)
    assert retry_backoff_s() == 1.0
    monkeypatch.setenv("QUALITY_RETRY_BACKOFF_S", "0.05")
    assert retry_backoff_s() == 0.05
    for bad in ("soon", "-1", "nan", "1e9"):
        monkeypatch.setenv("QUALITY_RETRY_BACKOFF_S", bad)
        assert retry_backoff_s() == 1.0


# --- whole runs ---------------------------------------------------------------------------------

# scenario -> (plan, expected failure_mode; None = passed)
RUN_MATRIX = {
    "TC-01": (["reset"], fm.SERVER_ERROR),
    "TC-02": (["500"], fm.SERVER_ERROR),
    "TC-03": (["502", "ok"], None),
    "TC-04": (["503", "ok"], None),
    "TC-05": (["429s", "ok"], None),
    "TC-06": (["429date", "ok"], None),
    "TC-07": (["400"], fm.HTTP_ERROR),
    "TC-08": (["401"], fm.HTTP_ERROR),
    "TC-09": (["404"], fm.HTTP_ERROR),
    "TC-10": (["malformed"], fm.SERVER_ERROR),
    "TC-11": (["no_choices"], fm.SERVER_ERROR),
    "TC-12": (["empty_choices"], fm.SERVER_ERROR),
    "TC-13": (["bad_tool_args"], fm.VERIFIER_FAIL),
    "TC-14": (["truncated"], fm.SERVER_ERROR),
    "TC-15": (["trickle"], fm.TIMEOUT),
    "IF-01": (["null_content"], fm.VERIFIER_FAIL),
    "IF-02": (["reasoning_only"], fm.VERIFIER_FAIL),
    "IF-03": (["huge"], fm.SERVER_ERROR),
    "IF-04": (["html"], fm.SERVER_ERROR),
    "IF-05": (["json_as_text"], None),
    "IF-06": (["sse"], fm.SERVER_ERROR),
}


def _by_id(data):
    return {s["id"]: s for p in data["packs"] for s in p["scenarios"]}


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_fault_matrix_whole_run(workdir, xdist):
    plan = {sid: faults for sid, (faults, _) in RUN_MATRIX.items()}
    with FaultyServer(plan, pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        # Plain requests: IF-06 is an event stream sent to a request that did not ask for one.
        run = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "--timeout-per-case=3",
            "--stream=off",
            *xdist,
            env=FAST,
        )
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "INTERNALERROR" not in out, out[-3000:]
    assert run.returncode == 0, out[-3000:]  # default gate `report`, something was scored
    data = run.data
    records = _by_id(data)
    assert len(records) == 30  # every selected scenario is in the JSON, faulty or not
    for sid, (_, mode) in RUN_MATRIX.items():
        assert records[sid]["failure_mode"] == mode, (sid, records[sid]["detail"])
        assert records[sid]["passed"] is (mode is None)
    untouched = [s for sid, s in records.items() if sid not in RUN_MATRIX]
    assert untouched and all(s["passed"] for s in untouched)
    # Serving problems are pytest errors, model misses failures.
    for sid, (_, mode) in RUN_MATRIX.items():
        pack = "toolcall-15" if sid.startswith("TC") else "instructfollow-15"
        word = {None: None, fm.VERIFIER_FAIL: "FAILED", fm.TIMEOUT: "FAILED"}.get(mode, "ERROR")
        if word:
            assert f"{word} {pack}.jsonl::{sid}" in run.stdout, sid
    serving = sum(1 for _, m in RUN_MATRIX.values() if m in (fm.SERVER_ERROR, fm.HTTP_ERROR))
    assert data["totals"]["errors"] == serving
    assert data["totals"]["total"] == 30 - serving  # serving errors are left out of the denominator
    assert data["complete"] is False and "INCOMPLETE" in run.stdout.splitlines()[0] + run.stdout
    # Retries are recorded; the backoff came from QUALITY_RETRY_BACKOFF_S (default 1 s would take 3 s+).
    assert records["TC-03"]["attempts"] == 2 and "HTTP 502" in records["TC-03"]["retries"][0]
    assert records["TC-02"]["attempts"] == 4 and records["TC-02"]["latency_s"] < 1.5
    assert records["TC-02"]["http_status"] == 500 and records["TC-07"]["http_status"] == 400
    assert "only in reasoning_content" in records["IF-02"]["detail"]
    assert "invalid JSON arguments" in records["TC-13"]["detail"]
    assert "empty reply" in records["IF-01"]["detail"]
    journal = run.json_path.with_name(run.json_path.name + ".partial.jsonl").read_text().splitlines()
    assert len(journal) == 1 + 30


def test_endpoint_dies_right_after_the_probe(workdir):
    """Nothing could be scored: exit 2, and still a results file holding every selected scenario."""
    with FaultyServer(die_after=0, pack_ids=["toolcall-15"]) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "toolcall", env=FAST)
    assert run.returncode == 2
    records = list(_by_id(run.data).values())
    assert len(records) == 15 and {r["failure_mode"] for r in records} == {fm.MODEL_ENDPOINT_UNREACHABLE}
    assert run.data["complete"] is False and run.data["totals"]["total"] == 0


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_endpoint_dies_mid_run(workdir, xdist):
    """After 8 good replies the server dies: the rest are unreachable within seconds, run INCOMPLETE.

    Default backoff (1 s, doubling, 3 retries): the first request to find the server gone retries
    for ~7 s (a restarting server gets a chance); after that the breaker fails each request at once.
    """
    with FaultyServer(die_after=8, pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", *xdist)
    out = run.stdout + run.stderr
    assert "Traceback" not in out, out[-3000:]
    data = run.data
    records = list(_by_id(data).values())
    assert len(records) == 30
    modes = collections.Counter(r["failure_mode"] for r in records)
    assert modes[None] == 8 and modes[fm.MODEL_ENDPOINT_UNREACHABLE] == 22, modes
    down = [r for r in records if r["failure_mode"] == fm.MODEL_ENDPOINT_UNREACHABLE]
    slow = [r for r in down if r["latency_s"] > 1]
    # One request per slot in flight when the server died pays the retries (the servers' /props
    # reports 4 slots, so --concurrency defaults to 4 per process, 2 each for two xdist workers)...
    in_flight = data["concurrency"]["per_process"] * data["concurrency"]["processes"]
    assert len(slow) <= in_flight
    assert sum(r["latency_s"] for r in down) < 10 * max(1, len(slow))  # ...the rest are instant
    assert sum(r["latency_s"] for r in down if r not in slow) < 2
    assert data["complete"] is False
    assert data["totals"] == {"passed": 8, "total": 8, "errors": 22, "score": 1.0}
    header = next(line for line in run.stdout.splitlines() if line.startswith("=== pytest-quality"))
    assert "INCOMPLETE" in header
    assert "INCOMPLETE" in data["quality_line"]


# --- streamed requests (--stream, on by default when the server streams) --------------------------


def _chat_streamed(client: ChatClient, scenario, timeout_s: float = 5.0):
    request = {
        "messages": scenario.messages,
        "tools": scenario.tools,
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_tokens": 64,
    }
    exchange = client.chat(request, timeout_s)
    verdict, _ = grade(scenario, Fetched(exchange, timeout_s, {}, False))
    return exchange, verdict


# (plan for the scenario, failure_mode after grading (None = passed), HTTP status, attempts, text in detail)
STREAM_CASES = {
    "ok": (["ok"], None, 200, 1, ""),
    "cut before [DONE]": (["stream_cut"], fm.SERVER_ERROR, None, 4, "ended before [DONE]"),
    "cut, then success": (["stream_cut", "ok"], None, 200, 2, ""),
    "reset mid-stream": (["stream_reset"], fm.SERVER_ERROR, None, 4, "connection broken"),
    "reset mid-stream, then success": (["stream_reset", "ok"], None, 200, 2, ""),
    "reset before any event": (["reset"], fm.SERVER_ERROR, None, 4, "connection broken"),
    "malformed event": (["stream_bad_chunk"], fm.SERVER_ERROR, 200, 1, "invalid JSON"),
    "500": (["500"], fm.SERVER_ERROR, 500, 4, "HTTP 500"),
    "503 Retry-After, then success": (["503retry", "ok"], None, 200, 2, ""),
    "429 Retry-After, then success": (["429s", "ok"], None, 200, 2, ""),
    "null content": (["null_content"], fm.VERIFIER_FAIL, 200, 1, "empty reply"),
    "reasoning only": (["reasoning_only"], fm.VERIFIER_FAIL, 200, 1, "only in reasoning_content"),
    "invalid tool-call JSON": (["bad_tool_args"], fm.VERIFIER_FAIL, 200, 1, "invalid JSON arguments"),
    "10 MB stream": (["huge"], fm.SERVER_ERROR, 200, 1, "exceeds 4 MiB"),
}


@pytest.mark.parametrize("name", list(STREAM_CASES))
def test_client_classifies_stream_fault(name, tc13):
    plan, mode, status, attempts, text = STREAM_CASES[name]
    exchange, verdict = _classified(tc13, plan, _chat_streamed, mode, status, attempts, text)
    assert len(exchange.retries) == attempts - 1
    if mode is None:  # the good reply came as a stream and was timed
        assert exchange.stream is not None and exchange.stream["complete"]
    if "Retry-After" in name:
        assert exchange.latency_s >= 0.8 and f"HTTP {plan[0][:3]}" in exchange.retries[0]  # waited the server's 1 s


@pytest.mark.parametrize("fault", ["stream_stall", "stream_keepalive"])
def test_client_stalled_stream_times_out_and_is_retried_on_request(fault, tc13):
    """Events stop (silence, or keep-alive comments only): a timeout at the budget, not a hang; with
    retry_on_timeout the second attempt gets the reply."""
    with FaultyServer({tc13.id: [fault]}, pack_ids=["toolcall-15"], stall_s=10, trickle_s=0.1) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        exchange, verdict = _chat_streamed(client, tc13, timeout_s=1.0)
        client.close()
    assert verdict.failure_mode == fm.TIMEOUT and exchange.attempts == 1, verdict
    with FaultyServer({tc13.id: [fault, "ok"]}, pack_ids=["toolcall-15"], stall_s=10, trickle_s=0.1) as server:
        client = ChatClient(server.url, backoff_s=0.01, retry_on_timeout=True)
        exchange, verdict = _chat_streamed(client, tc13, timeout_s=1.0)
        client.close()
    assert verdict.passed and exchange.attempts == 2 and "timed out" in exchange.retries[0], verdict


# scenario -> (plan, expected failure_mode; None = passed), every request streamed by default
STREAM_RUN_MATRIX = {
    "TC-01": (["stream_cut"], fm.SERVER_ERROR),
    "TC-02": (["stream_cut", "ok"], None),
    "TC-03": (["stream_reset"], fm.SERVER_ERROR),
    "TC-04": (["stream_reset", "ok"], None),
    "TC-05": (["429s", "ok"], None),
    "TC-06": (["503retry", "ok"], None),
    "TC-07": (["stream_bad_chunk"], fm.SERVER_ERROR),
    "TC-08": (["stream_stall"], fm.TIMEOUT),
    "TC-09": (["stream_keepalive"], fm.TIMEOUT),
    "TC-13": (["bad_tool_args"], fm.VERIFIER_FAIL),
    "IF-01": (["null_content"], fm.VERIFIER_FAIL),
    "IF-02": (["reasoning_only"], fm.VERIFIER_FAIL),
    "IF-03": (["huge"], fm.SERVER_ERROR),
    "IF-04": (["500"], fm.SERVER_ERROR),
    "IF-05": (["reset"], fm.SERVER_ERROR),
}


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_stream_fault_matrix_whole_run(workdir, xdist):
    """Streaming is on by default against a server that streams; broken streams are classified."""
    plan = {sid: faults for sid, (faults, _) in STREAM_RUN_MATRIX.items()}
    with FaultyServer(plan, pack_ids=["toolcall-15", "instructfollow-15"], stall_s=20, trickle_s=0.2) as server:
        run = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", "--timeout-per-case=3", *xdist, env=FAST
        )
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "INTERNALERROR" not in out, out[-3000:]
    assert run.returncode == 0, out[-3000:]
    data = run.data
    assert data["stream"]["on"] is True and "streamed" in data["stream"]["source"]
    records = _by_id(data)
    assert len(records) == 30
    assert all(r["request"]["stream"] is True for r in records.values())
    for sid, (_, mode) in STREAM_RUN_MATRIX.items():
        assert records[sid]["failure_mode"] == mode, (sid, records[sid]["detail"])
        assert records[sid]["passed"] is (mode is None)
    untouched = [s for sid, s in records.items() if sid not in STREAM_RUN_MATRIX]
    assert untouched and all(s["passed"] and s["stream"]["ttft_s"] is not None for s in untouched)
    for sid, (_, mode) in STREAM_RUN_MATRIX.items():
        pack = "toolcall-15" if sid.startswith("TC") else "instructfollow-15"
        word = {None: None, fm.VERIFIER_FAIL: "FAILED", fm.TIMEOUT: "FAILED"}.get(mode, "ERROR")
        if word:
            assert f"{word} {pack}.jsonl::{sid}" in run.stdout, sid
    # Retries: a cut or reset stream is asked again, and the second, whole stream is graded.
    for sid, text in (
        ("TC-02", "ended before [DONE]"),
        ("TC-04", "connection broken"),
        ("TC-05", "HTTP 429"),
        ("TC-06", "HTTP 503"),
    ):
        assert records[sid]["attempts"] == 2 and text in records[sid]["retries"][0], (sid, records[sid]["retries"])
        assert records[sid]["stream"]["ttft_s"] is not None
    assert records["TC-01"]["attempts"] == 4 and records["TC-07"]["attempts"] == 1
    serving = sum(1 for _, m in STREAM_RUN_MATRIX.values() if m in (fm.SERVER_ERROR, fm.HTTP_ERROR))
    assert data["totals"]["errors"] == serving and data["totals"]["total"] == 30 - serving
