"""BugFind-15: reply parsing (no Docker), and the pack in real containers: every reference passes,
every negative fails, junk fails, forged success fails, and `pytest --pack bugfind-15` scores 15/15."""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.packs import load_pack
from pytest_quality.reply import Reply
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.kinds import bugfind
from tests.support.fake_openai import FakeServer, answer_reference, answer_text
from tests.support.runner import run_quality

PACK = load_pack(Path(__file__).resolve().parents[2] / "packs" / "bugfind-15.jsonl")
BY_ID = {s.id: s for s in PACK.scenarios}
AVAILABLE, REASON = cleanup.docker_available()
docker = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]
SESSION = cleanup.new_session_id("bugfind")
TIMINGS: dict[str, list[float]] = defaultdict(list)


def _fix(language: str, code: str) -> str:
    return f'<solution language="{language}" verdict="fix">\n{code}</solution>'


def _reference_code(scenario) -> str:
    answer = bugfind.parse_answer(scenario.reference["content"], scenario.verifier["language"])
    return answer.code


# -- the pack itself -----------------------------------------------------------------------------


def test_pack_shape():
    assert (PACK.pack_id, PACK.title, PACK.marker, PACK.floor) == ("bugfind-15", "BugFind-15", "bugfind", 0.6)
    assert PACK.meta["requires"] == ["docker"] and PACK.meta["default_thinking"] == "off"
    assert PACK.meta["sampling_defaults"] == {"temperature": 0, "top_p": 1, "max_tokens": 2048}
    assert [s.id for s in PACK.scenarios] == [f"BF-{i:02d}" for i in range(1, 16)]
    langs = [s.verifier["language"] for s in PACK.scenarios]
    assert all(langs.count(lang) >= 3 for lang in ("python", "javascript", "go", "rust"))
    traps = [s.id for s in PACK.scenarios if s.verifier["trap"]]
    assert len(traps) >= 3
    for s in PACK.scenarios:
        assert s.messages[0]["role"] == "system" and "<solution" in s.messages[0]["content"]
        assert 1 <= len(s.negatives) <= 3
        # Every hidden case has a host-side expectation; the harness never prints a verdict itself.
        assert len(s.verifier["expected"]) >= 4
        assert all(name in s.verifier["hidden_tests"] for name in s.verifier["expected"])
        assert "PASS" not in s.verifier["hidden_tests"].replace("PQ-RESULT", "")
        assert s.verifier["hidden_tests"] not in s.messages[1]["content"]
        wanted = "no_bug" if s.verifier["trap"] else "fix"
        assert bugfind.parse_answer(s.reference["content"], s.verifier["language"]).verdict == wanted


# -- reply parsing (pure, no Docker) ---------------------------------------------------------------


def test_solution_tag_with_and_without_fence():
    plain = bugfind.parse_answer('<solution language="python" verdict="fix">\nx = 1\n</solution>', "python")
    assert (plain.verdict, plain.code.strip(), plain.method) == ("fix", "x = 1", "solution_tag")
    fenced = bugfind.parse_answer(
        "Here:\n<solution verdict='fix' language=py>\n```python\nx = 2\n```\n</solution>", "python"
    )
    assert (fenced.verdict, fenced.code.strip(), fenced.method) == ("fix", "x = 2", "solution_tag+fence")
    prose = bugfind.parse_answer('<solution verdict="fix">Changed one line:\n```py\nx = 3\n```\n</solution>', "python")
    assert (prose.code.strip(), prose.method) == ("x = 3", "solution_tag+fence")
    dotted = bugfind.parse_answer('İİİ <Solution verdict="fix">\nx = "İ"\n</Solution>', "python")
    assert dotted.code.strip() == 'x = "İ"'
    no_bug = bugfind.parse_answer('<SOLUTION verdict="no-bug">works as documented</SOLUTION>', "go")
    assert (no_bug.verdict, no_bug.explanation) == ("no_bug", "works as documented")


def test_fenced_block_fallback_and_refusals():
    one = bugfind.parse_answer("The fix:\n```rust\nfn a() {}\n```\nand a shell line\n```bash\nls\n```", "rust")
    assert (one.verdict, one.method) == ("fix", "fenced_block")
    two = bugfind.parse_answer("```js\nconst a = 1;\n```\nor\n```javascript\nconst a = 2;\n```", "javascript")
    assert two.verdict is None and "several candidate files" in two.problem
    same_twice = bugfind.parse_answer(_fix("go", "package main\n") + "\n" + _fix("go", "package main\n"), "go")
    assert same_twice.verdict == "fix"
    different = bugfind.parse_answer(_fix("go", "package main\n") + _fix("go", "package main\nvar x = 1\n"), "go")
    assert different.verdict is None and "2 different <solution> blocks" in different.problem
    wrong_lang = bugfind.parse_answer(_fix("javascript", "x = 1\n"), "python")
    assert wrong_lang.verdict is None and 'language="javascript"' in wrong_lang.problem
    assert bugfind.parse_answer('<solution verdict="fix">\ncut off', "python").problem.startswith(
        "the <solution> block is not closed"
    )
    assert "unknown verdict" in bugfind.parse_answer('<solution verdict="maybe">x</solution>', "python").problem
    assert bugfind.parse_answer('<solution verdict="fix"></solution>', "python").verdict is None


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "(no answer)",
        "<solution",
        "```",
        "<solution>" * 50_000,
        "\ud800\x00" * 1000,
        "<solution verdict=fix>" + "a" * 500_000 + "</solution>",
    ],
)
def test_junk_never_raises_and_never_parses(junk):
    assert bugfind.parse_answer(junk, "python").verdict is None


def test_no_answer_fails_without_touching_the_sandbox():
    for scenario in PACK.scenarios:
        for text in ("", "(no answer)"):
            verdict = bugfind.regrade(scenario, Reply.from_message(text), sandbox=None)
            assert not verdict.passed and verdict.failure_mode == "verifier_fail", (scenario.id, verdict)


def test_trap_rule_and_wrong_verdict_are_decided_before_running():
    trap = BY_ID["BF-12"]
    assert bugfind.regrade(trap, Reply.from_message('<solution verdict="no_bug">mod 256</solution>'), None).passed
    buggy = BY_ID["BF-09"]
    verdict = bugfind.regrade(buggy, Reply.from_message('<solution verdict="no_bug">fine</solution>'), None)
    assert (verdict.passed, verdict.failure_mode) == (False, "wrong_answer")


def test_failed_request_keeps_its_failure_mode():
    from pytest_quality.client import Exchange

    def model(messages, tools=None):
        return Exchange(request={"messages": messages}, failure_mode="timeout", detail="no reply within 60 s")

    outcome = bugfind.run(BY_ID["BF-01"], model, sandbox=None)
    assert (outcome.verdict.passed, outcome.verdict.failure_mode) == (False, "timeout")
    assert len(outcome.exchanges) == 1 and not bugfind.MULTI_TURN


# -- real containers -------------------------------------------------------------------------------


def _run(pool, scenario, entry):
    with pool.acquire() as sandbox:
        outcome = bugfind.run(scenario, replay_model(entry), sandbox)
    return outcome.verdict


@pytest.mark.docker
@pytest.mark.parametrize("sid", list(BY_ID), ids=list(BY_ID))
def test_reference_passes_and_negatives_fail(pool, sid):
    scenario = BY_ID[sid]
    verdict = _run(pool, scenario, scenario.reference)
    assert verdict.passed, f"{sid} reference: {verdict.detail}"
    steps = {step["step"]: step["seconds"] for step in verdict.trace.get("steps", [])}
    if steps:
        TIMINGS[scenario.verifier["language"]].append(sum(steps.values()))
    for index, negative in enumerate(scenario.negatives):
        verdict = _run(pool, scenario, negative)
        assert not verdict.passed, f"{sid} negative {index} passed"
        assert verdict.failure_mode in ("verifier_fail", "wrong_answer"), (sid, index, verdict)
        assert verdict.detail and "\n" not in verdict.detail


def _expect_fail(pool, sid, code, mention, **params):
    scenario = BY_ID[sid]
    if params:
        scenario = dataclasses.replace(scenario, verifier={**scenario.verifier, **params})
    verdict = _run(pool, scenario, {"role": "assistant", "content": _fix(scenario.verifier["language"], code)})
    assert not verdict.passed, f"forged reply passed {sid}"
    assert mention in verdict.detail, verdict.detail
    return verdict


@pytest.mark.docker
def test_forged_results_fail(pool):
    # Python: find the harness nonce in __main__, print a result line with made-up values, exit at once.
    _expect_fail(
        pool,
        "BF-01",
        'import __main__, os\nos.write(1, ("PQ-RESULT " + __main__._NONCE + " '
        '{\\"report_example\\": {\\"ok\\": true}}\\n").encode())\nos._exit(0)\n',
        "hidden tests fail",
    )
    # ...or print it and let the real harness run too: the line then appears twice.
    _expect_fail(
        pool,
        "BF-01",
        'import __main__\nprint("PQ-RESULT " + __main__._NONCE + " {}", flush=True)\n'
        + _reference_code(BY_ID["BF-01"]),
        "appeared 2 times",
    )
    # Python: monkeypatch the harness's case table and sys.exit.
    _expect_fail(
        pool,
        "BF-02",
        "import __main__, sys\n_real = __main__._emit\n"
        "__main__._emit = lambda obs: _real({k: {'ok': True} for k in obs})\nsys.exit = lambda *a: None\n"
        + _reference_code(BY_ID["BF-02"]).replace("[[fill] * cols for _ in range(rows)]", "[[fill] * cols] * rows"),
        "hidden tests fail",
    )
    # JavaScript: disable process.exit and print a pass banner; the buggy code is still graded.
    _expect_fail(
        pool,
        "BF-05",
        "process.exit = () => {};\nconsole.log('ALL TESTS PASSED');\n"
        + _reference_code(BY_ID["BF-05"]).replace("code === 'VIP'", "code = 'VIP'"),
        "hidden tests fail",
    )
    # Go: an init() that ends the test binary before any test runs.
    _expect_fail(
        pool,
        "BF-11",
        _reference_code(BY_ID["BF-11"])
        .replace("func main() {", 'func init() { fmt.Println("PASS"); os.Exit(0) }\n\nfunc main() {')
        .replace("import (\n", 'import (\n\t"os"\n'),
        "did not finish",
    )
    # Rust: exit(0) from inside the first call.
    _expect_fail(
        pool,
        "BF-14",
        _reference_code(BY_ID["BF-14"]).replace(
            "let mut entries = Vec::new();",
            'println!("test result: ok");\n    std::process::exit(0);\n    let mut entries = Vec::new();',
        ),
        "did not finish",
    )


@pytest.mark.docker
def test_endless_loop_and_output_flood_are_contained(pool):
    verdict = _expect_fail(pool, "BF-01", "while True:\n    pass\n", "timed out after 3 s", run_timeout_s=3)
    assert verdict.trace["steps"][-1]["status"] == "timeout"
    _expect_fail(
        pool,
        "BF-07",
        "const fs = require('fs');\nwhile (true) fs.writeSync(1, 'x'.repeat(1000));\n",
        "more output than allowed",
    )


@pytest.mark.docker
def test_accepted_variants(pool):
    # A bare fenced block is accepted (and recorded), as is the JS fix written as an ES module.
    s = BY_ID["BF-13"]
    verdict = _run(pool, s, {"role": "assistant", "content": "Fixed:\n```rust\n" + _reference_code(s) + "```"})
    assert verdict.passed and verdict.trace["extraction"] == "fenced_block", verdict.detail
    s = BY_ID["BF-05"]
    esm = (
        _reference_code(s)
        .replace("'use strict';\n", "")
        .replace("module.exports = { discountedPrice, cartTotal };", "export { discountedPrice, cartTotal };")
    )
    verdict = _run(pool, s, {"role": "assistant", "content": _fix("js", esm)})
    assert verdict.passed, verdict.detail
    # A trap answered with a behaviour-preserving "fix" still fails: the right answer is no_bug.
    s = BY_ID["BF-12"]
    verdict = _run(
        pool,
        s,
        {"role": "assistant", "content": _fix("go", s.messages[1]["content"].split("```go\n")[1].split("```")[0])},
    )
    assert not verdict.passed and "keeps the behaviour" in verdict.detail, verdict.detail


@pytest.mark.docker
def test_timings_report():
    """Median sandbox seconds per scenario and language (build + hidden-test run of the references)."""
    if not TIMINGS:
        pytest.skip("reference tests did not run")
    medians = {lang: round(statistics.median(v), 2) for lang, v in TIMINGS.items()}
    print("bugfind sandbox step medians (s):", medians)
    assert all(m < 15 for m in medians.values()), medians


# -- end to end -------------------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_pytest_pack_run_scores_all_references(workdir):
    with FakeServer(answer_reference, pack_ids=["bugfind-15"]) as server:
        run = run_quality(workdir, "--pack", "bugfind-15", f"--endpoint={server.url}")
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.data["totals"] == {"passed": 15, "total": 15, "errors": 0, "score": 1.0}
    assert "BugFind-15 15/15 (100%)" in run.stdout
    with FakeServer(answer_text("(no answer)"), pack_ids=["bugfind-15"]) as server:
        run = run_quality(workdir, "--pack", "bugfind-15", f"--endpoint={server.url}")
    assert (run.data["totals"]["passed"], run.data["totals"]["errors"]) == (0, 0)
