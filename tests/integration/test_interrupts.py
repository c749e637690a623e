"""SIGINT / SIGTERM mid-run: a results file with what finished, an intact journal, nothing left running,
and a non-zero exit (pytest's 2, "interrupted").

The server answers each scenario after ~0.5 s, so the signal lands while a request is in flight.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.faulty_server import FaultyServer


def _journal_scenarios(journal: Path) -> int:
    if not journal.exists():
        return 0
    return sum(1 for line in journal.read_text(encoding="utf-8").splitlines() if '"kind": "scenario"' in line)


def _interrupt(proc: subprocess.Popen, sig: int) -> str:
    """Send `sig` as a user would and return the run's stdout. SIGINT goes to the whole group, as a
    terminal's Ctrl-C does; SIGTERM to the main process only, as `kill PID` or a CI runner's cancel does.
    That it stopped rather than finished is shown by what it recorded (`_check_interrupted_run`), not by
    a clock: a run still going after 120 s is a hang, killed, and the test fails."""
    (os.killpg if sig == signal.SIGINT else os.kill)(proc.pid, sig)
    try:
        stdout, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return stdout


def _start(workdir: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    out = workdir / "out.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALITY_", "PYTEST_ADDOPTS"))}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--quality-json={out}", *args]
    # Own session: the test can signal the whole group (a terminal's Ctrl-C) and check it is empty after.
    proc = subprocess.Popen(
        cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    return proc, out


def _wait_for(predicate, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"run ended early: {proc.communicate()}")
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("timed out waiting for the run to get going")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # Zombies still count for killpg; a group of zombies only is gone for our purposes.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _check_interrupted_run(proc: subprocess.Popen, out: Path, stdout: str, total: int, done: int = 3) -> dict:
    assert proc.returncode != 0, stdout[-2000:]
    assert proc.returncode == 2  # pytest's "interrupted"
    journal = out.with_name(out.name + ".partial.jsonl")
    lines = journal.read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(line) for line in lines]  # every line is whole, valid JSON
    assert parsed[0]["kind"] == "run"
    finished = [p["scenario"] for p in parsed[1:]]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["interrupted"] is True and data["complete"] is False
    records = [s for p in data["packs"] for s in p["scenarios"]]
    # The results file holds exactly what finished, as the journal does.
    assert sorted(r["node_id"] for r in records) == sorted(r["node_id"] for r in finished)
    assert done <= len(records) < total
    assert "INCOMPLETE" in data["quality_line"]
    assert "INTERNALERROR" not in stdout
    return data


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_run_leaves_results_and_journal(workdir, sig, xdist):
    with FaultyServer(pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        server.latency_s = 0.5
        proc, out = _start(workdir, "--quality=quick", f"--endpoint={server.url}", "--measured-tps=100", *xdist)
        journal = out.with_name(out.name + ".partial.jsonl")
        _wait_for(lambda: _journal_scenarios(journal) >= 3, 60, proc)
        stdout = _interrupt(proc, sig)  # it stops, it does not finish the run
    _check_interrupted_run(proc, out, stdout, total=30)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:  # xdist workers exit after the controller
        time.sleep(0.1)
    assert not _group_alive(proc.pid), "a process of the run was left behind"


# A plugin for the inner run: on the third item it signals its own process and swallows the
# KeyboardInterrupt, as an object's `__del__` or a careless library would.
_SWALLOWING_PLUGIN = """
import os, signal, time
import pytest

calls = 0

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    global calls
    calls += 1
    if calls == 3:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)  # the handler raises here
        except KeyboardInterrupt:
            pass
"""


def test_a_swallowed_interrupt_still_stops_the_run_as_interrupted(workdir):
    """The signal's KeyboardInterrupt is lost inside the run; the run still stops after the item at hand
    and records itself as interrupted (exit 2, INCOMPLETE), rather than running on or ending as finished."""
    (workdir / "swallow_interrupt.py").write_text(_SWALLOWING_PLUGIN, encoding="utf-8")
    with FaultyServer(pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        proc, out = _start(
            workdir,
            "-p",
            "swallow_interrupt",
            "--quality=quick",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=1",
        )
        try:
            stdout, _ = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    data = _check_interrupted_run(proc, out, stdout, total=30)
    assert len([s for p in data["packs"] for s in p["scenarios"]]) == 3  # the item at hand finished; no more


def _llama_children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"llama-server" in cmdline:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.e2e
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_run_stops_the_reference_server(workdir, sig):
    """--endpoint=local: the llama-server the run started is gone after the signal.

    The reference model on a small shared CI machine can take minutes per scenario: one finished is enough.
    """
    proc, out = _start(workdir, "--pack=toolcall-15", "--endpoint=local")
    servers: list[int] = []
    journal = out.with_name(out.name + ".partial.jsonl")

    def going() -> bool:
        servers.extend(p for p in _llama_children(proc.pid) if p not in servers)
        return bool(servers) and _journal_scenarios(journal) >= 1

    _wait_for(going, 1500, proc)
    os.kill(proc.pid, sig)
    try:
        stdout, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    _check_interrupted_run(proc, out, stdout, total=15, done=1)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in servers), f"llama-server {servers} left running"
