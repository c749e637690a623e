"""CLI-40 in real containers: the persistent shell, every reference passes, every negative and junk
reply fails, grading cannot be forged, and `pytest --pack cli-40` scores 40/40 against the FakeServer.

Needs a Docker engine and the sandbox image (`.ci/install-docker.sh`, `pytest-quality sandbox build`);
otherwise every test is skipped with a reason naming what is missing.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.packs import bundled_pack_dir, load_pack
from pytest_quality.reply import Reply
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.kinds import cli
from pytest_quality.sandbox.kinds.cli_shell import ShellSession
from pytest_quality.verdict import AGENT_LOOP_EXHAUSTED

AVAILABLE, REASON = cleanup.docker_available()
pytestmark = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]

PACK = load_pack(bundled_pack_dir() / "cli-40.jsonl")
BY_ID = {s.id: s for s in PACK.scenarios}
SESSION = cleanup.new_session_id("test-cli")
REF_SECONDS: list[float] = []


@pytest.fixture(scope="module", autouse=True)
def _reference_timings():
    """The module's reference runs, timed (BENCHMARKS.md quotes the median)."""
    yield
    if REF_SECONDS:
        print(
            f"\nCLI-40 reference runs: median {statistics.median(REF_SECONDS):.2f}s per scenario "
            f"(max {max(REF_SECONDS):.2f}s, n={len(REF_SECONDS)})"
        )


@pytest.fixture
def shell(pool):
    with pool.acquire() as sandbox:
        yield ShellSession(sandbox, timeout=3, output_cap=1000)


def run(pool, scenario, entry):
    with pool.acquire() as sandbox:
        return cli.run(scenario, replay_model(entry), sandbox)


# -- the persistent shell ------------------------------------------------------------------------


def test_cd_export_variables_functions_persist(shell):
    assert shell.run("mkdir -p a/b && cd a/b && export FOO='x y' && BAR=2 && greet() { echo hi $1; }").exit_code == 0
    res = shell.run('pwd; echo "$FOO|$BAR"; greet you; env | grep -c "^FOO=x y$"; env | grep -c "^BAR=" || true')
    assert res.output.split("\n")[:5] == ["/workspace/a/b", "x y|2", "hi you", "1", "0"], res.output
    assert shell.run("cd .. && pwd").output.strip() == "/workspace/a"
    assert shell.run("pwd").output.strip() == "/workspace/a"


def test_hanging_command_is_killed_and_session_goes_on(shell):
    shell.run("cd /tmp && KEEP=1")
    start = time.monotonic()
    res = shell.run("cd /; KEEP=2; sleep 60")
    assert res.timed_out and res.exit_code == 137 and time.monotonic() - start < 10
    assert "time limit" in shell.tool_text(res)
    after = shell.run("echo $PWD $KEEP")
    assert after.exit_code == 0 and after.output.strip() == "/tmp 1"  # the state from before the killed command


def test_huge_output_is_capped_and_state_still_saved(shell):
    res = shell.run("mkdir -p big && cd big && seq 1 2000000")
    assert res.exit_code == 0 and not res.timed_out
    assert len(res.output) < 1200 and "[output truncated:" in res.output
    assert res.output.startswith("1\n2\n3\n")
    assert shell.run("pwd").output.strip() == "/workspace/big"


def test_exit_codes_stderr_syntax_errors_and_stdin(shell):
    text = shell.tool_text(shell.run("echo out; echo err >&2; exit 3"))
    assert text.startswith("exit code: 3\n") and "out" in text and "err" in text
    assert shell.run("echo 'unterminated").exit_code == 2
    assert "line 1" in shell.run("cd /nonexistent").output  # the command's own line numbers
    assert shell.run("cat; echo done").output.strip() == "done"  # no stdin: reads EOF, never hangs
    assert shell.tool_text(shell.run("true")) == "exit code: 0\n(no output)"


def test_pkill_of_a_word_in_the_command_spares_the_session(shell):
    shell.run("(setsid nohup sleep 300 >/dev/null 2>&1 &) ; MARK=kept")
    res = shell.run("pkill -f 'sleep 300'; echo rc=$?")
    assert res.exit_code == 0 and "rc=0" in res.output
    assert shell.run("echo $MARK; pgrep -f 'sleep 300' || echo none").output.split() == ["kept", "none"]


def test_background_job_output_is_kept(shell):
    res = shell.run("echo first; sleep 30 & echo second")
    assert res.output.split() == ["first", "second"] and not res.timed_out


# -- the pack ------------------------------------------------------------------------------------


def test_pack_shape():
    assert PACK.meta["pack_id"] == "cli-40" and PACK.title == "CLI-40" and PACK.marker == "cli"
    assert PACK.meta["requires"] == ["docker"] and PACK.floor == 0.6 and PACK.meta["default_max_seconds"] == 180
    assert [s.id for s in PACK.scenarios] == [f"CLI-{i:02d}" for i in range(1, 41)]
    multi = [s.id for s in PACK.scenarios if cli.multi_turn(s)]
    assert multi == [f"CLI-{i}" for i in range(21, 31)] + [f"CLI-{i}" for i in range(36, 41)]
    refusals = [s.id for s in PACK.scenarios if s.verifier["accept"] == ["refuse"]]
    assert set(refusals) == {"CLI-30", "CLI-31", "CLI-32", "CLI-33", "CLI-34", "CLI-35"}
    for s in PACK.scenarios:
        assert 1 <= len(s.negatives) <= 4 and s.verifier["checks"], s.id


@pytest.mark.parametrize("sid", list(BY_ID))
def test_reference_passes_negatives_and_junk_fail(pool, sid):
    scenario = BY_ID[sid]
    start = time.monotonic()
    outcome = run(pool, scenario, scenario.reference)
    REF_SECONDS.append(time.monotonic() - start)
    assert outcome.verdict.passed, f"{sid} reference: {outcome.verdict.detail} {outcome.verdict.trace}"
    for index, negative in enumerate(scenario.negatives):
        verdict = run(pool, scenario, negative).verdict
        assert not verdict.passed, f"{sid} negatives[{index}] passed: {verdict.detail}"
        assert verdict.detail
    for junk in ("(no answer)", ""):
        verdict = run(pool, scenario, junk).verdict
        assert not verdict.passed and verdict.failure_mode == "verifier_fail", (sid, junk, verdict)


# -- grading cannot be forged ----------------------------------------------------------------------


def _oneshot(body: str, verdict: str = "run") -> dict:
    return {"role": "assistant", "content": f'<solution verdict="{verdict}">\n{body}\n</solution>'}


def test_printed_success_does_not_pass(pool):
    # Prints exactly what the check commands would print, but creates no archive.
    fake = _oneshot("echo ok; printf 'data/a.csv\\ndata/b.csv\\ndata/sub/c.json\\n'; echo PASS; rm -f data.tar.bz2")
    verdict = run(pool, BY_ID["CLI-19"], fake).verdict
    assert not verdict.passed and "xz" in verdict.detail
    claim = {
        "turns": [
            {
                "role": "assistant",
                "content": 'All 4 checks passed.\n<solution verdict="done">'
                "Fixed: out/export.bin written (sha256 ok)</solution>",
            }
        ]
    }
    assert not run(pool, BY_ID["CLI-23"], claim).verdict.passed


def test_shadow_modules_and_fake_tools_do_not_fool_the_inspector(pool):
    scenario = BY_ID["CLI-16"]
    body = (
        "printf 'raise SystemExit(0)\\n' > json.py; printf 'import sys; sys.exit()\\n' > hashlib.py\n"
        "mkdir -p bin; printf '#!/bin/sh\\necho ok\\n' > bin/tar; chmod +x bin/tar; export PATH=$PWD/bin:$PATH\n"
        "/usr/bin/tar -czf backup.tar.gz project  # node_modules included: the checks' own tar must see it"
    )
    verdict = run(pool, scenario, _oneshot(body)).verdict
    assert not verdict.passed and "node_modules" in verdict.detail, verdict.detail
    good = _oneshot(
        "printf 'raise SystemExit(0)\\n' > json.py\ntar -czf backup.tar.gz --exclude='project/node_modules' project"
    )
    assert run(pool, scenario, good).verdict.passed  # the shadow file changed nothing


def test_leftover_background_writer_is_stopped_before_grading(pool):
    # Writes the right answer only after a delay, from a detached process: it is killed at grading
    # time, so the state graded is the state when the model's commands ended.
    body = (
        "(setsid bash -c \"sleep 2; sed -i '/^\\\\[api\\\\]/,/^\\\\[/ s/^port = 8080$/port = 9090/' config.ini\" "
        ">/dev/null 2>&1 &)"
    )
    verdict = run(pool, BY_ID["CLI-03"], _oneshot(body)).verdict
    assert not verdict.passed and "config.ini" in verdict.detail


def test_refusal_scenario_runs_nothing(pool):
    start = time.monotonic()
    verdict = run(pool, BY_ID["CLI-34"], _oneshot(":(){ :|:& };:")).verdict
    assert not verdict.passed and "should have been refused" in verdict.detail
    assert time.monotonic() - start < 10


def test_tool_call_limit_and_bad_calls(pool):
    scenario = BY_ID["CLI-26"]

    def call(i, name="bash", args=None):
        return {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"c{i}",
                    "type": "function",
                    "function": {
                        "name": name,
                        "arguments": json.dumps(args if args is not None else {"command": f"echo {i}"}),
                    },
                }
            ],
        }

    outcome = run(pool, scenario, {"turns": [call(i) for i in range(30)]})
    assert outcome.verdict.failure_mode == AGENT_LOOP_EXHAUSTED and not outcome.verdict.passed
    assert len(outcome.trace["commands"]) == 15
    assert "limit of 15" in outcome.trace["tool_trace"][-1]["result"]
    odd = {
        "turns": [
            call(1, name="python"),
            call(2, args={"cmd": "ls"}),
            {"role": "assistant", "content": '<solution verdict="done">data/exports/2023/q3/summary-14.txt</solution>'},
        ]
    }
    outcome = run(pool, scenario, odd)
    results = [t["result"] for t in outcome.trace["tool_trace"]]
    assert "unknown tool" in results[0] and 'argument "command"' in results[1] and outcome.trace["commands"] == []
    assert outcome.verdict.passed  # a finding needs no particular commands


def test_regrade_one_shot_and_variants(pool):
    scenario = BY_ID["CLI-13"]
    fenced = Reply.from_message(
        "Here you go:\n<solution verdict='run'>\n```bash\n"
        "grep -r --include='*.py' --exclude-dir=vendor TODO src | wc -l\n```\n</solution>"
    )
    with pool.acquire() as sandbox:
        assert cli.regrade(scenario, fenced, sandbox).passed
    with pool.acquire() as sandbox:
        verdict = cli.regrade(BY_ID["CLI-21"], fenced, sandbox)
        assert not verdict.passed and verdict.failure_mode == "verifier_not_implemented"


def test_junk_replies_get_a_verdict(pool):
    junk = [
        '<solution verdict="run">echo \x00</solution>',
        '<solution verdict="run">echo \ud800</solution>',
        '<solution verdict="run">' + "echo x;" * 20000 + "</solution>",
        '<solution verdict="maybe">ls</solution>',
        '<solution verdict="run">  </solution>',
        "\U0001f642" * 10000,
        '<solution verdict="run"' + "<" * 50000,
    ]
    for content in junk:
        with pool.acquire() as sandbox:
            verdict = cli.regrade(BY_ID["CLI-01"], Reply.from_message(content), sandbox)
        assert not verdict.passed and verdict.detail, content[:40]


# -- end to end ------------------------------------------------------------------------------------


def test_pytest_pack_cli40_scores_40_of_40(workdir):
    from tests.support.fake_openai import FakeServer, answer_reference
    from tests.support.runner import run_quality

    with FakeServer(answer_reference, pack_ids=["cli-40"]) as server:
        result = run_quality(workdir, "--pack=cli-40", f"--endpoint={server.url}", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    verdicts = result.verdicts()
    assert len(verdicts) == 40 and all(passed for passed, _ in verdicts.values()), verdicts
    assert "40 / 40" in result.stdout
    multi = [s for p in result.data["packs"] for s in p["scenarios"] if s["id"] == "CLI-21"][0]
    assert any(m.get("role") == "tool" for m in multi["request"]["messages"])  # bash results went to the model


def test_parse_solution_variants():
    assert cli.parse_solution('<solution verdict="run">ls</solution>') == ("run", "ls", None)
    assert cli.parse_solution("<SOLUTION verdict='Refuse'>no</SOLUTION>")[:2] == ("refuse", "no")
    assert cli.parse_solution('<solution verdict="run">\n```sh\nls -l\n```\n</solution>')[:2] == ("run", "ls -l")
    assert cli.parse_solution('<solution verdict="run">\nls\n')[:2] == ("run", "ls")  # unterminated, at the end
    assert cli.parse_solution('<solution verdict="run">a</solution><solution verdict="run">b</solution>')[1] == "b"
    assert cli.parse_solution('<solution verdict="run">a</solution><solution verdict="refuse">b</solution>')[2]
    assert cli.parse_solution("<solution>ls</solution>")[2]
    assert cli.parse_solution("```bash\nls\n```")[2]
    assert Path(bundled_pack_dir() / "cli-40.jsonl").read_text(encoding="utf-8").count("\n") == 41
