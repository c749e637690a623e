"""`--concurrency` with sandboxed scenarios: each runs ahead as one whole task (container, model turns,
verdict) on its own `--sandbox-concurrency N` threads; verdicts and records as in a serial run, Ctrl-C
leaves no container behind. Real containers, a real loopback server."""

from __future__ import annotations

import re
import signal
import uuid

import pytest

from pytest_quality.sandbox.cleanup import LABEL, LABEL_SESSION, docker_available
from tests.integration.test_interrupts import _check_interrupted_run, _interrupt, _journal_scenarios, _start, _wait_for
from tests.support.fake_openai import FakeServer, InFlight, answer_reference, answer_text, find_scenario
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


NONCE = re.compile(r"\b[0-9a-f]{32}\b")  # a sandbox run's per-run channel token
CLOCKED = {"created", "seconds", "run_seconds", "reference_s", "reference_total_s"}  # server stamp, timings


def _steady(value):
    """`value` without what differs between any two runs: seconds, the server's `created` stamp, nonces."""
    if isinstance(value, dict):
        return {k: _steady(v) for k, v in value.items() if k not in CLOCKED}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return NONCE.sub("<nonce>", value) if isinstance(value, str) else value


def _records(run) -> dict[str, dict]:
    """Per node id the whole record (model turns, verifier trace, tokens, ...) but for its timings."""
    records = (s for p in run.data["packs"] for s in p["scenarios"])
    return {s["node_id"]: _steady({k: v for k, v in s.items() if k not in TIMED}) for s in records}


@pytest.mark.parametrize("answer", [answer_reference, answer_text("(no answer)")], ids=["references", "no-answer"])
@in_docker[0]
@in_docker[1]
def test_sandboxed_run_ahead_gives_the_serial_records(workdir, answer):
    prefix = f"sbc{uuid.uuid4().hex[:6]}-"
    env = {"PYTEST_QUALITY_SESSION_PREFIX": prefix}
    with FakeServer(answer) as server:
        server.latency_s = 0.05
        common = (*SELECTION, f"--endpoint={server.url}", "--measured-tps=100")
        # --sandbox-concurrency alone changes nothing: with one request in flight every item runs inline.
        serial = run_quality(
            workdir, *common, "--concurrency=1", "--sandbox-concurrency=2", env=env, json_name="serial.json"
        )
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
        seen = InFlight(server, hold_s=1.0)
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
    assert seen.max == 2


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
