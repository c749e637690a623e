"""`--concurrency` with sandboxed scenarios: each runs ahead as one whole task (container, model turns,
verdict) on its own `--sandbox-concurrency N` threads; verdicts and records as in a serial run, Ctrl-C
leaves no container behind. Real containers, a real loopback server."""

from __future__ import annotations

import signal
import threading
import time
import uuid

import pytest

from pytest_quality.sandbox.cleanup import LABEL, LABEL_SESSION, docker_available
from tests.integration.test_interrupts import _check_interrupted_run, _interrupt, _journal_scenarios, _start, _wait_for
from tests.support.fake_openai import FakeServer, answer_reference, answer_text, find_scenario
from tests.support.runner import run_quality

# A small mix: BugFind in containers, ToolCall fetched ahead as plain requests.
SELECTION = ("--pack=bugfind-15", "--pack=toolcall-15", "-k", "BF-0 or TC-0")
# What a record holds that the timing of a run may change; everything else must be equal.
TIMED = {"latency_s", "stream"}


@pytest.fixture(scope="module")
def _needs_docker():
    ok, reason = docker_available()
    if not ok:
        pytest.skip(reason)


in_docker = [pytest.mark.docker, pytest.mark.usefixtures("_needs_docker")]


def _containers(prefix: str) -> list[str]:
    """Our labelled containers (running or not) of the run whose session ids start with `prefix`."""
    import docker

    found = docker.from_env().containers.list(all=True, filters={"label": LABEL})
    return [c.id for c in found if (c.labels.get(LABEL_SESSION) or "").startswith(prefix)]


def _records(run) -> dict[str, dict]:
    """Per node id the whole record but for what differs between any two runs: timings, the server's
    `created` stamp, and each sandbox step's seconds and output (which carries a per-run nonce)."""
    out = {}
    for pack in run.data["packs"]:
        for s in pack["scenarios"]:
            record = {k: v for k, v in s.items() if k not in TIMED}
            record["response"] = {k: v for k, v in (s["response"] or {}).items() if k != "created"}
            trace = dict(s["verifier_trace"] or {})
            trace["steps"] = [(step["step"], step["status"]) for step in trace.get("steps") or []]
            record["verifier_trace"] = trace
            out[s["node_id"]] = record
    return out


@pytest.mark.parametrize("answer", [answer_reference, answer_text("(no answer)")], ids=["references", "no-answer"])
@in_docker[0]
@in_docker[1]
def test_sandboxed_run_ahead_gives_the_serial_records(workdir, answer):
    prefix = f"sbc{uuid.uuid4().hex[:6]}-"
    env = {"PYTEST_QUALITY_SESSION_PREFIX": prefix}
    with FakeServer(answer) as server:
        server.latency_s = 0.05
        common = (*SELECTION, f"--endpoint={server.url}", "--measured-tps=100")
        serial = run_quality(workdir, *common, "--concurrency=1", env=env, json_name="serial.json")
        ahead = run_quality(
            workdir, *common, "--concurrency=4", "--sandbox-concurrency=2", env=env, json_name="ahead.json"
        )
    assert serial.returncode in (0, 1) and ahead.returncode == serial.returncode, ahead.stdout[-3000:]
    records = _records(ahead)
    assert len(records) == 18 and sum(node.startswith("bugfind-15") for node in records) == 9
    assert records == _records(serial)
    totals = ahead.data["totals"]
    assert totals["errors"] == 0 and totals["passed"] == (18 if answer is answer_reference else 0)
    info = ahead.data["concurrency"]
    assert (info["per_process"], info["sandbox_per_process"]) == (4, 2)
    assert serial.data["concurrency"]["sandbox_per_process"] == 1
    # pytest's own view: the same outcomes in the same order.
    lines = [ln.split(" (")[0] for ln in ahead.stderr.splitlines() if ln.startswith("[")]
    assert lines == [ln.split(" (")[0] for ln in serial.stderr.splitlines() if ln.startswith("[")]
    assert _containers(prefix) == [], "a run left containers with our label behind"


@in_docker[0]
@in_docker[1]
def test_sandboxed_scenarios_really_run_ahead(workdir):
    """Inline, one sandboxed scenario runs at a time in the main thread, so the server never sees two
    BugFind requests at once. Run ahead on 2 sandbox threads it does, and never more than 2."""
    with FakeServer(answer_reference, pack_ids=["bugfind-15"]) as server:
        seen = {"now": 0, "max": 0}
        lock = threading.Lock()
        original = server.completion

        def completion(request):
            with lock:
                seen["now"] += 1
                seen["max"] = max(seen["max"], seen["now"])
            try:
                time.sleep(1.0)
                return original(request)
            finally:
                with lock:
                    seen["now"] -= 1

        server.completion = completion
        run = run_quality(
            workdir,
            "--pack=bugfind-15",
            "-k",
            "BF-01 or BF-02 or BF-03 or BF-04 or BF-05",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=4",
            "--sandbox-concurrency=2",
        )
        asked = [find_scenario(server.index, r["messages"]) for r in server.requests if "messages" in r]
    assert run.returncode == 0 and run.data["totals"]["passed"] == 5, run.stdout[-3000:]
    assert sorted(s.id for s in asked if s is not None) == [f"BF-0{i}" for i in range(1, 6)]  # each asked once
    assert seen["max"] == 2


@in_docker[0]
@in_docker[1]
def test_sigint_with_sandboxed_scenarios_running_ahead(workdir, monkeypatch):
    """Ctrl-C while sandboxed scenarios run ahead: exit 2, results and journal hold what finished, and no
    container of the run is left (the ones in use on the sandbox threads included)."""
    prefix = f"sbi{uuid.uuid4().hex[:6]}-"
    monkeypatch.setenv("PYTEST_QUALITY_SESSION_PREFIX", prefix)
    with FakeServer(answer_reference, pack_ids=["bugfind-15"]) as server:
        server.latency_s = 1.0
        proc, out = _start(
            workdir,
            "--pack=bugfind-15",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=4",
            "--sandbox-concurrency=2",
        )
        journal = out.with_name(out.name + ".partial.jsonl")
        _wait_for(lambda: _journal_scenarios(journal) >= 3 and len(_containers(prefix)) == 2, 120, proc)
        stdout = _interrupt(proc, signal.SIGINT)
    data = _check_interrupted_run(proc, out, stdout, total=15)
    assert data["concurrency"]["sandbox_per_process"] == 2
    assert _containers(prefix) == [], "the interrupted run left containers with our label behind"


@pytest.mark.parametrize("value", ["0", "65", "two"])
def test_bad_sandbox_concurrency_names_the_flag(workdir, fake_server, value):
    run = run_quality(workdir, "--pack=toolcall-15", f"--endpoint={fake_server.url}", f"--sandbox-concurrency={value}")
    assert run.returncode == 2 and "--sandbox-concurrency" in run.stdout + run.stderr
    assert "from 1 to 64" in run.stdout + run.stderr
