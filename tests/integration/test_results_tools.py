"""Acting on results: --resume (and pytest's --lf), --cache, rescore, inspect, CI outputs.

Every run is a real `pytest --quality` subprocess against a real loopback FakeServer.
The HTML report in a real browser is in test_html_report.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.fake_openai import FakeServer, answer_negative, answer_reference, is_probe_request
from tests.support.runner import run_cli, run_quality

QUICK = 30


def mixed(scenario, request):
    """Odd-numbered scenarios get their reference (pass), even ones "(no answer)" (fail)."""
    if scenario is None:
        return "(no answer)"
    return answer_reference(scenario, request) if int(scenario.id[-2:]) % 2 else "(no answer)"


def chat_requests(server: FakeServer) -> int:
    return sum(1 for r in server.requests if "messages" in r and not is_probe_request(r))


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("QUALITY_", "PYTEST_ADDOPTS"))}


# --- resume ------------------------------------------------------------------------------------


def test_resume_after_sigint_equals_an_uninterrupted_run(workdir):
    with FakeServer(mixed) as server:
        full = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", json_name="full.json")
        assert full.returncode == 0, full.stdout[-2000:]

        server.latency_s = 0.25  # slow enough to stop it part-way
        part = workdir / "part.json"
        journal = workdir / "part.json.partial.jsonl"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "--quality=quick",
                f"--endpoint={server.url}",
                f"--quality-json={part}",
            ],
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if journal.exists() and journal.read_text().count('"kind": "scenario"') >= QUICK // 2:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 2, out[-2000:]  # pytest's "interrupted"
        interrupted = json.loads(part.read_text())
        kept = sum(len(p["scenarios"]) for p in interrupted["packs"])
        assert interrupted["interrupted"] is True and QUICK // 2 <= kept < QUICK
        assert "INCOMPLETE" in interrupted["quality_line"]

        server.latency_s = 0.0
        before = chat_requests(server)
        resumed = run_quality(workdir, f"--resume={part}", f"--endpoint={server.url}", json_name="part.json")
        assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-2000:]
        assert chat_requests(server) - before == QUICK - kept  # only the missing scenarios ran
    assert f"{kept} scenario(s) kept, {QUICK - kept} to run" in resumed.stderr
    merged = resumed.data
    assert resumed.verdicts() == full.verdicts()
    assert len(resumed.verdicts()) == QUICK
    assert merged["totals"] == full.data["totals"]
    assert merged["quality_line"] == full.data["quality_line"]
    assert merged["complete"] is True and merged["resumed"]["inherited"] == kept
    assert [p["status"] for p in merged["packs"]] == [p["status"] for p in full.data["packs"]]


def test_resume_from_a_journal_and_a_finished_run(workdir):
    with FakeServer(mixed) as server:
        full = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "TC-0", json_name="a.json")
        lines = (workdir / "a.json.partial.jsonl").read_text().splitlines()
        (workdir / "b.json.partial.jsonl").write_text("\n".join(lines[:4]) + "\n" + lines[4][:40])  # torn last line
        before = chat_requests(server)
        resumed = run_quality(
            workdir, f"--resume={workdir / 'b.json.partial.jsonl'}", f"--endpoint={server.url}", json_name="b.json"
        )
        assert chat_requests(server) - before == 9 - 3  # the -k selection is restored: TC-01..09, 3 were done
        again = run_quality(workdir, f"--resume={workdir / 'b.json'}", f"--endpoint={server.url}", json_name="b.json")
        assert chat_requests(server) - before == 6  # nothing left to run
    assert resumed.returncode == 0 and again.returncode == 0, again.stdout[-2000:]
    assert resumed.verdicts() == full.verdicts() == again.verdicts()
    assert "0 to run" in again.stderr


def test_resume_refuses_flags_that_contradict_the_saved_run(workdir, fake_server):
    run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-01")
    saved = workdir / "out.json"
    for args, flag in (
        (["--temperature=0.5"], "--temperature"),
        (["--no-thinking"], "--no-thinking"),
        (["--quality=medium"], "--quality"),
        (["--repeat=3"], "--repeat"),
    ):
        run = run_quality(workdir, f"--resume={saved}", *args)
        assert run.returncode == 2, run.stdout
        assert flag in run.stdout + run.stderr and "contradict" in run.stdout + run.stderr
    same = run_quality(workdir, f"--resume={saved}", "--quality=quick")  # repeating a saved value is fine
    assert same.returncode == 0, same.stdout[-2000:]
    missing = run_quality(workdir, f"--resume={workdir / 'nope.json'}")
    assert missing.returncode == 2 and "--resume" in missing.stdout + missing.stderr


def test_pytest_last_failed_reruns_only_the_failures(workdir):
    with FakeServer(mixed) as server:
        cmd = [sys.executable, "-m", "pytest", "--quality=quick", f"--endpoint={server.url}", "-q"]
        first = subprocess.run(
            [*cmd, f"--quality-json={workdir / 'first.json'}"],
            cwd=workdir,
            capture_output=True,
            text=True,
            env=_env(),
            timeout=300,
        )
        before = chat_requests(server)
        second = subprocess.run(
            [*cmd, "--lf", f"--quality-json={workdir / 'lf.json'}"],
            cwd=workdir,
            capture_output=True,
            text=True,
            env=_env(),
            timeout=300,
        )
        rerun = chat_requests(server) - before
    assert "14 failed, 16 passed" in first.stdout
    assert "14 failed, 16 deselected" in second.stdout, second.stdout[-2000:]
    assert rerun == 14
    lf = json.loads((workdir / "lf.json").read_text())
    ids = {s["id"] for p in lf["packs"] for s in p["scenarios"]}
    assert ids == {f"{pfx}-{n:02d}" for pfx in ("TC", "IF") for n in range(2, 16, 2)}


# --- cache -------------------------------------------------------------------------------------


def test_cache_hit_answers_without_asking_the_model(workdir):
    cache = workdir / "cache"
    with FakeServer(mixed) as server:
        first = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--cache={cache}",
            "-k",
            "TC-0",
            json_name="c1.json",
        )
        asked = chat_requests(server)
        second = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--cache={cache}",
            "-k",
            "TC-0",
            json_name="c2.json",
        )
        assert chat_requests(server) == asked  # every reply came from the cache
        server.chat_template = "{{ messages }} a different template"  # a different server fingerprint
        third = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--cache={cache}",
            "-k",
            "TC-0",
            json_name="c3.json",
        )
        assert chat_requests(server) == asked + 9
        uncached = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "TC-0", json_name="c4.json"
        )
        assert chat_requests(server) == asked + 18  # no --cache: always asks
    assert asked == 9
    scen = [s for p in second.data["packs"] for s in p["scenarios"]]
    assert all(s["cached"] for s in scen) and len(scen) == 9
    assert not any(s["cached"] for p in first.data["packs"] for s in p["scenarios"])
    assert not any(s["cached"] for p in third.data["packs"] for s in p["scenarios"])
    assert first.verdicts() == second.verdicts() == third.verdicts() == uncached.verdicts()
    assert len(list(cache.rglob("*.json"))) == 18  # two fingerprints x 9 requests


# --- rescore -------------------------------------------------------------------------------------


def _negative_run(workdir: Path) -> Path:
    with FakeServer(answer_negative) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "TC-01 or TC-02 or IF-03")
    assert run.data["totals"]["passed"] == 0
    return run.json_path


def _set_reply(data: dict, scenario_id: str, message: dict) -> None:
    for p in data["packs"]:
        for s in p["scenarios"]:
            if s["id"] == scenario_id:
                s["response"]["choices"][0]["message"] = {"role": "assistant", **message}


def test_rescore_in_place_rewrites_totals_and_quality_line(workdir):
    from pytest_quality.packs import available_packs, load_pack

    path = _negative_run(workdir)
    data = json.loads(path.read_text())
    ref = next(s for s in load_pack(available_packs()["toolcall-15"]).scenarios if s.id == "TC-01").reference
    _set_reply(data, "TC-01", ref)
    path.write_text(json.dumps(data))
    original = path.read_text()

    dry = run_cli("rescore", str(path), cwd=workdir)
    assert dry.returncode == 0 and "nothing written" in dry.stdout
    assert path.read_text() == original
    assert "- toolcall-15 TC-01: verifier_fail -> pass" in dry.stdout

    refused = run_cli("rescore", str(path), "--output", str(path), cwd=workdir)
    assert refused.returncode == 2 and "refusing to overwrite" in refused.stderr
    assert path.read_text() == original

    copy = workdir / "rescored.json"
    assert run_cli("rescore", str(path), "--output", str(copy), cwd=workdir).returncode == 0
    done = run_cli("rescore", str(path), "--in-place", cwd=workdir)
    assert done.returncode == 0, done.stderr
    new = json.loads(path.read_text())
    assert new["totals"] == {"passed": 1, "total": 3, "errors": 0, "score": 0.3333}
    assert new["quality_line"].startswith("Quality:   ToolCall-15 1/2 (50%) · InstructFollow-15 0/1 (0%)")
    assert new["quality_line"] in done.stdout
    tc = next(p for p in new["packs"] if p["pack_id"] == "toolcall-15")
    assert (tc["passed"], tc["total"], tc["score"]) == (1, 2, 0.5)
    assert [c["id"] for c in new["rescored"]["changed"]] == ["TC-01"]
    assert new["rescored"]["before"]["passed"] == 0 and new["rescored"]["regraded"] == 3
    assert json.loads(copy.read_text())["totals"] == new["totals"]
    # A second rescore changes nothing more.
    assert run_cli("rescore", str(path), "--in-place", cwd=workdir).returncode == 0
    assert json.loads(path.read_text())["rescored"]["changed"] == []


def test_rescore_sandboxed_scenarios_by_kind_or_skip_with_the_reason(tmp_path):
    from pytest_quality import rescore as rs
    from pytest_quality.verdict import Verdict

    class NoDocker(rs.Sandboxes):
        def unavailable(self):
            return "Docker engine not reachable"

    packs = tmp_path / "packs"
    packs.mkdir()
    data = {
        "started_at": "2026-01-01T00:00:00Z",
        "mode": "--pack sbx-1",
        "canonical": True,
        "packs": [],
        "totals": {"passed": 0, "total": 2},
    }
    for pack_id, vtype in (("sbx-1", "bugfind"), ("agent-1", "hermes_agent")):
        meta = {
            "__meta__": True,
            "pack_id": pack_id,
            "title": pack_id,
            "version": "1.0.0",
            "verifier": vtype,
            "requires": ["docker"],
        }
        line = {
            "id": "S-01",
            "messages": [{"role": "user", "content": "fix it"}],
            "verifier": {"type": vtype},
            "reference": {"content": "ok"},
            "negatives": [{"content": "no"}],
        }
        (packs / f"{pack_id}.jsonl").write_text(json.dumps(meta) + "\n" + json.dumps(line) + "\n")
        record = {
            "pack_id": pack_id,
            "id": "S-01",
            "node_id": f"{pack_id}.jsonl::S-01",
            "passed": False,
            "failure_mode": "verifier_fail",
            "detail": "old",
            "repeat_index": 0,
            "order": 0,
            "response": {
                "choices": [{"message": {"role": "assistant", "content": "patched"}, "finish_reason": "stop"}]
            },
        }
        data["packs"].append(
            {"pack_id": pack_id, "title": pack_id, "version": "1.0.0", "selected": 1, "scenarios": [record]}
        )
    out = rs.rescore(data, [str(packs)], sandboxes=NoDocker())
    reasons = {s["pack_id"]: s["reason"] for s in out["rescored"]["skipped"]}
    assert reasons == {
        "sbx-1": "needs sandbox: Docker engine not reachable",
        "agent-1": "multi-turn scenario: needs a live re-run",
    }
    assert out["totals"]["passed"] == 0 and out["rescored"]["regraded"] == 0
    rs.SANDBOX_REGRADERS["bugfind"] = lambda scenario, rec: Verdict.ok("tests pass")  # a plugged-in regrader
    try:
        out = rs.rescore(data, [str(packs)], sandboxes=NoDocker())
    finally:
        del rs.SANDBOX_REGRADERS["bugfind"]
    assert [s["pack_id"] for s in out["rescored"]["skipped"]] == ["agent-1"]
    assert out["totals"]["passed"] == 1 and out["rescored"]["changed"][0]["id"] == "S-01"


# --- inspect ---------------------------------------------------------------------------------------


def test_inspect_filters_truncates_and_diffs(workdir):
    with FakeServer(mixed) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "TC-01 or TC-02 or IF-04")
    path = str(run.json_path)
    failed = run_cli("inspect", path, "--failed", cwd=workdir)
    assert failed.returncode == 0
    assert "== toolcall-15 TC-02  FAIL verifier_fail" in failed.stdout and "IF-04" in failed.stdout
    assert "TC-01" not in failed.stdout and "2 scenario(s) match" in failed.stdout

    one = run_cli("inspect", path, "--scenario", "TC-01", "--full", cwd=workdir)
    assert one.returncode == 0 and "PASS" in one.stdout
    assert "   prompt:" in one.stdout and "tool_call: " in one.stdout and "   verifier trace:" in one.stdout

    assert run_cli("inspect", path, "--mode", "timeout", cwd=workdir).returncode == 2
    assert run_cli("inspect", path, "--scenario", "NOPE-1", cwd=workdir).returncode == 2
    by_pack = json.loads(
        run_cli("inspect", path, "--pack", "instructfollow-15", "--format", "json", cwd=workdir).stdout
    )
    assert [s["id"] for s in by_pack["scenarios"]] == ["IF-04"]
    assert by_pack["scenarios"][0]["reply"]["content"] == "(no answer)"
    assert by_pack["scenarios"][0]["prompt"][-1]["role"] == "user"

    # Truncation: a long reply is cut unless --full.
    data = json.loads(run.json_path.read_text())
    _set_reply(data, "IF-04", {"content": "word " * 2000})
    long_path = workdir / "long.json"
    long_path.write_text(json.dumps(data))
    cut = run_cli("inspect", str(long_path), "--scenario", "IF-04", cwd=workdir).stdout
    full = run_cli("inspect", str(long_path), "--scenario", "IF-04", "--full", cwd=workdir).stdout
    assert "more chars; --full shows all]" in cut and "--full shows all" not in full
    assert len(full) > len(cut) + 7000

    # --diff: TC-02 flips to pass in the "previous" file, so now it is a regression; stable ones are hidden.
    prev = json.loads(run.json_path.read_text())
    for p in prev["packs"]:
        for s in p["scenarios"]:
            if s["id"] == "TC-02":
                s["passed"], s["failure_mode"] = True, None
    prev_path = workdir / "prev.json"
    prev_path.write_text(json.dumps(prev))
    diff = run_cli("inspect", path, "--diff", str(prev_path), cwd=workdir)
    assert diff.returncode == 0 and "1 scenario(s) match" in diff.stdout
    assert "vs previous: REGRESSION (was pass)" in diff.stdout
    journal = run_cli("inspect", path + ".partial.jsonl", "--failed", "--format", "json", cwd=workdir)
    assert json.loads(journal.stdout)["count"] == 2


# --- CI outputs --------------------------------------------------------------------------------------


def test_junit_and_json_report_carry_quality_fields(workdir):
    with FakeServer(mixed) as server:
        run = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "-k",
            "TC-01 or TC-02",
            f"--junitxml={workdir / 'junit.xml'}",
            "--json-report",
            f"--json-report-file={workdir / 'report.json'}",
        )
    assert run.returncode == 0, run.stdout[-2000:]
    cases = {c.get("name"): c for c in ET.parse(workdir / "junit.xml").getroot().iter("testcase")}
    assert set(cases) == {"TC-01", "TC-02"}
    for name, mode in (("TC-01", ""), ("TC-02", "verifier_fail")):
        props = {p.get("name"): p.get("value") for p in cases[name].iter("property")}
        assert props["pack"] == "toolcall-15" and props["failure_mode"] == mode
        assert float(props["latency_s"]) >= 0 and float(props["timeout_s"]) > 0 and props["tokens"] == "5"
    assert cases["TC-02"].find("failure") is not None and cases["TC-01"].find("failure") is None
    tests = {t["nodeid"]: t for t in json.loads((workdir / "report.json").read_text())["tests"]}
    meta = tests["toolcall-15.jsonl::TC-02"]["metadata"]
    assert meta["pack"] == "toolcall-15" and meta["failure_mode"] == "verifier_fail" and meta["tokens"] == 5
    assert meta["timeout_s"] > 0 and isinstance(meta["latency_s"], float)
    assert tests["toolcall-15.jsonl::TC-01"]["metadata"]["failure_mode"] == ""


def _docker() -> tuple[bool, str]:
    from pytest_quality.sandbox.cleanup import docker_available

    return docker_available()


@pytest.mark.docker
def test_rescore_regrades_single_turn_sandbox_packs_in_containers(workdir):
    ok, reason = _docker()
    if not ok:
        pytest.skip(reason)
    from pytest_quality.packs import available_packs, load_pack

    with FakeServer(mixed) as server:  # BF-01 gets its reference (pass), BF-02 "(no answer)" (fail)
        run = run_quality(workdir, "--pack=bugfind-15", f"--endpoint={server.url}", "-k", "BF-01 or BF-02")
    assert run.data["totals"]["passed"] == 1, run.stdout[-2000:]
    scenarios = {s.id: s for s in load_pack(available_packs()["bugfind-15"]).scenarios}
    data = run.data
    _set_reply(data, "BF-02", scenarios["BF-02"].reference)  # now correct: only the hidden tests can tell
    _set_reply(data, "BF-01", scenarios["BF-01"].negatives[0])  # now wrong
    run.json_path.write_text(json.dumps(data))
    done = run_cli("rescore", str(run.json_path), "--in-place", cwd=workdir)
    assert done.returncode == 0, done.stdout + done.stderr
    new = json.loads(run.json_path.read_text())
    assert new["rescored"]["skipped"] == [] and new["rescored"]["regraded"] == 2
    assert sorted(c["id"] for c in new["rescored"]["changed"]) == ["BF-01", "BF-02"]
    verdicts = {s["id"]: s["passed"] for p in new["packs"] for s in p["scenarios"]}
    assert verdicts == {"BF-01": False, "BF-02": True}
