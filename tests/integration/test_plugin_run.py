"""The plugin end to end: `pytest --quality` in a subprocess against a real loopback server."""

from __future__ import annotations

import re
import socket

import pytest

from pytest_quality.packs import MODES
from tests.support.fake_openai import FakeServer, answer_negative, answer_reference, answer_text, is_probe_request
from tests.support.runner import run_quality

MEDIUM = len(MODES["medium"]) * 15


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_collect_only_lists_every_medium_scenario(workdir):
    run = run_quality(workdir, "--quality=medium", "--collect-only", "-q", "--endpoint=http://127.0.0.1:9")
    ids = [line for line in run.stdout.splitlines() if ".jsonl::" in line]
    assert len(ids) == MEDIUM == 75
    assert "toolcall-15.jsonl::TC-07" in ids
    run_k = run_quality(workdir, "--quality=medium", "--collect-only", "-q", "-k", "toolcall", "--endpoint=x:1")
    assert len([line for line in run_k.stdout.splitlines() if ".jsonl::" in line]) == 15
    run_m = run_quality(workdir, "--quality=medium", "--collect-only", "-q", "-m", "reasonmath", "--endpoint=x:1")
    assert len([line for line in run_m.stdout.splitlines() if ".jsonl::" in line]) == 15


def test_references_score_full_marks(workdir, fake_server):
    run = run_quality(workdir, "--quality=medium", f"--endpoint={fake_server.url}")
    assert run.returncode == 0, run.stdout[-3000:]
    data = run.data
    assert data["totals"] == {"passed": MEDIUM, "total": MEDIUM, "errors": 0, "score": 1.0}
    assert [p["pack_id"] for p in data["packs"]] == list(MODES["medium"])
    # The table and the Quality line, as docs/INTERFACE.md shows them.
    assert re.search(
        r"^=== pytest-quality --medium  \(endpoint: http://127\.0\.0\.1:\d+, model: fake-model, "
        r"thinking=mixed\) ===$",
        run.stdout,
        re.M,
    )
    assert re.search(r"^ToolCall-15 \(v2\.0\.0\) +\| +15 / 15 +\| +100% +\|", run.stdout, re.M)
    assert re.search(r"^TOTAL +\| +75 / 75 +\| +100%", run.stdout, re.M)
    quality = [line for line in run.stdout.splitlines() if line.startswith("Quality:")]
    assert quality == [data["quality_line"]]
    assert quality[0].startswith("Quality:   ToolCall-15 15/15 (100%) · InstructFollow-15 15/15 (100%) · ")
    assert re.search(r"\(--medium, packs v2\.0\.x, \d{4}-\d\d-\d\d\)$", quality[0])


def test_no_answer_and_negatives_score_zero(workdir):
    for answer in (answer_text("(no answer)"), answer_text(""), answer_negative):
        with FakeServer(answer) as server:
            run = run_quality(workdir, "--quality=medium", f"--endpoint={server.url}")
        assert run.returncode == 0  # default gate `report`: model misses do not fail the process
        totals = run.data["totals"]
        assert (totals["passed"], totals["total"], totals["errors"]) == (0, MEDIUM, 0)
        assert "Failure breakdown:" in run.stdout


def test_results_json_has_contract_fields(workdir, fake_server):
    # --stream=off: the request as the pack format builds it (streaming adds "stream": true, see test_stream.py)
    run = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-0", "--stream=off")
    data = run.data
    for key in (
        "schema_version",
        "tool_version",
        "started_at",
        "finished_at",
        "endpoint",
        "model",
        "mode",
        "canonical",
        "thinking_mode",
        "sampling",
        "probe",
        "packs",
        "totals",
        "quality_line",
    ):
        assert key in data, key
    assert data["canonical"] is True and data["mode"] == "--quick" and data["thinking_mode"] == "pack-defaults"
    assert set(data["probe"]) >= {"decode_tps", "thinking_control", "server"}
    assert data["probe"]["decode_tps"] > 0
    pack = data["packs"][0]
    for key in ("pack_id", "title", "version", "passed", "total", "errors", "score", "latency", "status"):
        assert key in pack
    scenario = pack["scenarios"][0]
    for key in (
        "id",
        "node_id",
        "passed",
        "failure_mode",
        "detail",
        "latency_s",
        "timeout_s",
        "tokens",
        "request",
        "response",
        "repeat_index",
        "verifier_trace",
    ):
        assert key in scenario, key
    assert scenario["node_id"] == "toolcall-15.jsonl::TC-01"
    assert scenario["response"]["choices"][0]["message"]["tool_calls"]  # kept exactly as received
    assert scenario["request"]["temperature"] == 0 and scenario["request"]["stream"] is False
    journal = run.json_path.with_name(run.json_path.name + ".partial.jsonl").read_text().splitlines()
    assert len(journal) == 1 + pack["total"]  # the run line, then one line per scored scenario


def test_unreachable_endpoint_exits_2_fast(workdir):
    url = f"http://127.0.0.1:{_free_port()}"
    run = run_quality(workdir, "--quality=quick", f"--endpoint={url}")
    assert run.returncode == 2
    assert url in run.stdout + run.stderr
    # Fast: it stops at the probe. No scenario is attempted (each would wait out its retries on a dead port):
    # no progress line, no journal, no results.
    assert "[1/" not in run.stdout + run.stderr
    assert not [p.name for p in workdir.rglob("*.json*")]


def test_no_scenario_selected_exits_2(workdir, fake_server):
    run = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "no_such_scenario")
    assert run.returncode == 2


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--quality=bogus"], "--quality"),
        (["--quality=quick", "--repeat=0"], "--repeat"),
        (["--quality=quick", "--repeat=x"], "--repeat"),
        (["--quality=quick", "--temperature=hot"], "--temperature"),
        (["--quality=quick", "--enable-thinking", "--no-thinking"], "--enable-thinking"),
        (["--quality=quick", "--sampling-from-server", "--temperature=0.5"], "--sampling-from-server"),
        (["--quality=quick", "--quality-gate=lenient"], "--quality-gate"),
        (["--pack=no-such-pack"], "--pack"),
        (["--quality=quick", "--exit-on-regression"], "--exit-on-regression"),
        # hardening: more bad values and conflicts
        (["--quality=quick", "--repeat=-2"], "--repeat"),
        (["--quality=quick", "--no-sandboxed", "--sandboxed-only"], "--no-sandboxed"),
        (["--quality=quick", "--timeout-per-case=-5"], "--timeout-per-case"),
        (["--quality=quick", "--measured-tps=0"], "--measured-tps"),
        (["--quality=quick", "--temperature=-1"], "--temperature"),
        (["--quality=quick", "--max-tokens=0"], "--max-tokens"),
        (["--quality=quick", "--previous-result=/no/such/file.json"], "--previous-result"),
    ],
)
def test_usage_errors_exit_2_naming_the_flag(workdir, args, flag):
    run = run_quality(workdir, *args, "--endpoint=http://127.0.0.1:9")
    assert run.returncode == 2, run.stdout + run.stderr
    assert flag in run.stdout + run.stderr


def test_gates(workdir):
    with FakeServer(answer_negative) as server:
        strict = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "--quality-gate=strict")
        floors = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "--quality-gate=floors")
        refused = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", "--quality-gate=floors", "--temperature=0.7"
        )
    assert strict.returncode == 1
    assert floors.returncode == 1
    assert refused.returncode == 4 and "non-canonical" in refused.stdout + refused.stderr
    with FakeServer(answer_reference) as server:
        ok = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "--quality-gate=strict")
    assert ok.returncode == 0


def test_non_canonical_run_is_tagged(workdir, fake_server):
    run = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "--temperature=0.7", "-k", "TC-01")
    assert "⚠ NON-CANONICAL (temperature=0.7)" in run.stdout
    assert run.data["canonical"] is False
    assert fake_server.requests[-1]["temperature"] == 0.7


def test_xdist_gives_the_same_verdicts_as_serial(workdir):
    def mixed(scenario, request):  # pass odd-numbered scenarios, fail the rest
        return answer_reference(scenario, request) if int(scenario.id[-2:]) % 2 else "(no answer)"

    with FakeServer(mixed) as server:
        serial = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", json_name="serial.json")
        parallel = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", "-n", "8", json_name="parallel.json"
        )
    assert serial.verdicts() == parallel.verdicts()
    assert len(serial.verdicts()) == 30
    assert serial.data["totals"] == parallel.data["totals"]
    assert serial.data["quality_line"] == parallel.data["quality_line"]
    # The probe ran once per run, on the controller: one probe request per run.
    assert sum(1 for r in server.requests if is_probe_request(r)) == 2


def test_progress_lines_on_stderr(workdir, fake_server):
    run = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-01 or TC-02")
    lines = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert lines[0].startswith("[1/2] toolcall-15 TC-01 ✓") and lines[1].startswith("[2/2] toolcall-15 TC-02 ✓")
    quiet = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-01", "--no-progress")
    assert "[1/1]" not in quiet.stderr
    quiet_env = run_quality(
        workdir, "--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-01", env={"PROGRESS": "0"}
    )
    assert "[1/1]" not in quiet_env.stderr


def test_xdist_defaults_to_work_stealing_unless_dist_is_given(workdir, fake_server):
    args = ("--quality=quick", f"--endpoint={fake_server.url}", "-k", "TC-0", "-n", "2", "-v")
    default = run_quality(workdir, *args)
    chosen = run_quality(workdir, *args, "--dist=load", json_name="load.json")
    by_env = run_quality(workdir, *args, json_name="env.json", env={"PYTEST_ADDOPTS": "--dist loadfile"})
    assert "scheduling tests via WorkStealingScheduling" in default.stdout, default.stdout[-2000:]
    assert "scheduling tests via LoadScheduling" in chosen.stdout, chosen.stdout[-2000:]
    assert "scheduling tests via LoadFileScheduling" in by_env.stdout, by_env.stdout[-2000:]
    assert default.verdicts() == chosen.verdicts() == by_env.verdicts()
    assert len(default.verdicts()) == 9


def test_autodetects_a_loopback_server(workdir):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8000)) == 0:
            pytest.skip("port 8000 on 127.0.0.1 is taken by another process on this machine")
    with FakeServer(answer_reference, port=8000):
        run = run_quality(workdir, "--quality=quick", "-k", "TC-01")
    assert run.returncode == 0
    assert "found a server at http://127.0.0.1:8000" in run.stderr
