"""code_exec: humaneval-plus-30 and lcb-v6-30 in real containers, grading logic, forgery, calibration,
token_limit, the dataset loaders end to end, and `pytest --pack ...` against the FakeServer."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.packs import Scenario, load_pack
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.kinds import code_exec
from pytest_quality.sandbox.kinds.code_exec import RunOutput, Spec, judge, same, same_stdout
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, TOKEN_LIMIT, VERIFIER_FAIL
from tests.support.fake_openai import FakeServer, answer_reference, answer_text
from tests.support.runner import run_cli, run_quality
from tests.unit.test_dataset_loaders import he_tasks, lcb_rows, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
PACKS = {p: load_pack(ROOT / "packs" / f"{p}.jsonl") for p in ("humaneval-plus-30", "lcb-v6-30")}
CASES = [(p, s.id) for p, pack in PACKS.items() for s in pack.scenarios]
AVAILABLE, REASON = cleanup.docker_available()
docker = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]
SESSION = cleanup.new_session_id("codeexec")
TIMINGS: dict[str, list[float]] = defaultdict(list)


def scenario(pack_id: str, sid: str) -> Scenario:
    return next(s for s in PACKS[pack_id].scenarios if s.id == sid)


def custom(style: str, tests: list, reference=None, **extra) -> Scenario:
    verifier = {"type": "code_exec", "style": style, "tests": tests, **extra}
    return Scenario(
        pack_id="t",
        id=f"T-{time.monotonic_ns()}",
        node_name="T",
        line=1,
        messages=[{"role": "user", "content": "x"}],
        verifier=verifier,
        raw={},
        reference=reference,
    )


def fence(code: str) -> str:
    return f"```python\n{code}\n```"


def grade(pool, sc: Scenario, content) -> object:
    with pool.acquire() as sandbox:
        return code_exec.run(sc, replay_model(content), sandbox).verdict


# -- the packs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack_id", list(PACKS))
def test_pack_shape(pack_id):
    pack = PACKS[pack_id]
    prefix = "HEP" if pack_id.startswith("humaneval") else "LCB"
    assert [s.id for s in pack.scenarios] == [f"{prefix}-{i:02d}" for i in range(1, 31)]
    meta = pack.meta
    assert (meta["suite"], meta["default_thinking"], meta["verifier"], meta["requires"]) == (
        "reasoning",
        "on",
        "code_exec",
        ["docker"],
    )
    assert meta["sampling_defaults"] == {"temperature": 0, "top_p": 1, "max_tokens": 4096}
    assert meta["default_max_seconds"] == 300 and pack.marker == ("humanevalplus" if prefix == "HEP" else "lcb")
    assert pack.floor == (0.5 if prefix == "HEP" else 0.3)
    styles = defaultdict(int)
    for s in pack.scenarios:
        v = s.verifier
        styles[v["style"]] += 1
        assert 1 <= len(s.negatives) <= 3
        public = [t for t in v["tests"] if t.get("public")]
        hidden = [t for t in v["tests"] if not t.get("public")]
        assert public and len(hidden) >= 3, s.id
        prompt = s.messages[-1]["content"]
        assert "```python" in prompt
        for t in hidden:  # hidden inputs are never shown
            if "input" in t:
                assert f"```\n{t['input'].strip()}\n```" not in prompt, (s.id, t["input"])
                assert f"Input: {t['input'].strip()}" not in prompt
        if prefix == "HEP":
            assert v["prompt_code"] in prompt and all("output" not in t for t in v["tests"])
        else:
            assert all("output" in t for t in v["tests"] if "gen" not in t)
    if prefix == "LCB":
        assert styles == {"method": 15, "stdio": 15}
        assert sum(1 for s in pack.scenarios if any("gen" in t for t in s.verifier["tests"])) >= 15


# -- pure grading -------------------------------------------------------------------------------------


def test_same_compares_like_python_with_float_tolerance():
    assert same([1, 2], [1, 2]) and not same([1, 2], [2, 1]) and not same([1], [1, 1])
    assert same(0.1 + 0.2, 0.3) and not same(0.3, 0.31) and same(1.0, 1.0000001, atol=1e-6)
    assert same(True, 1) and same(2, 2.0) and not same("1", 1) and not same(None, 0)
    assert same(float("nan"), float("nan")) and not same(float("inf"), 1e308)
    assert same({"a": [1]}, {"a": [1]}) and not same({"a": 1}, {"b": 1})
    assert same({"__set__": [1, 2]}, {"__set__": [1, 2]}) and not same({"__set__": [1]}, [1])


def test_same_stdout_is_line_and_decimal_aware():
    assert same_stdout("6\n", "6") and same_stdout("1 2\n3\n", "  1 2  \n3\n\n")
    assert same_stdout("0.5\n", "0.50") and same_stdout("1e2", "100")
    assert not same_stdout("6\n", "7\n") and not same_stdout("1 2", "1\n2") and not same_stdout("YES", "yes")


def test_judge_needs_every_test_and_no_conflicts():
    spec = Spec.of(custom("function", [{"args": [1], "public": True}, {"args": [2]}], entry_point="f"))
    cal = {"limits": [2.0, 2.0], "expected": [2, 3], "dropped": [], "k": 5, "floor_s": 2, "reference_s": [0, 0]}
    ok = {0: {"i": 0, "status": "ok", "out": 2}, 1: {"i": 1, "status": "ok", "out": 3}}
    assert judge(spec, cal, RunOutput(results=dict(ok), done=True)).passed
    assert not judge(spec, cal, RunOutput(results=dict(ok), done=False)).passed
    assert "conflicting" in judge(spec, cal, RunOutput(results=dict(ok), done=True, conflict=True)).detail
    missing = judge(spec, cal, RunOutput(results={0: ok[0]}, done=False, status="ok"))
    assert not missing.passed and missing.detail.startswith("hidden test 1/1: no result")
    wrong = judge(spec, cal, RunOutput(results={**ok, 1: {"i": 1, "status": "ok", "out": 4}}, done=True))
    assert wrong.detail == "hidden test 1/1 (f(2)): returned 4, expected 3"
    slow = judge(spec, cal, RunOutput(results={0: ok[0], 1: {"i": 1, "status": "timeout"}}, done=True))
    assert "CPU time limit 2s exceeded" in slow.detail and slow.failure_mode == VERIFIER_FAIL
    imp = judge(spec, cal, RunOutput(import_failure={"status": "error", "error": "SystemExit: 0"}))
    assert imp.detail == "the solution failed to load: SystemExit: 0"


@pytest.mark.parametrize(
    "content",
    [
        "(no answer)",
        "",
        "   ",
        "I would use a hash map.",
        {"role": "assistant", "content": None, "reasoning_content": fence("def f(): pass")},
    ],
)
@pytest.mark.parametrize(
    "pack_id, sid", [("humaneval-plus-30", "HEP-01"), ("lcb-v6-30", "LCB-01"), ("lcb-v6-30", "LCB-02")]
)
def test_junk_fails_without_touching_the_sandbox(pack_id, sid, content):
    verdict = code_exec.run(scenario(pack_id, sid), replay_model(content), sandbox=None).verdict
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL
    assert verdict.trace["extraction"] == "none"


# -- every reference passes, every negative fails ------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
@pytest.mark.parametrize("pack_id, sid", CASES)
def test_reference_passes_and_negatives_fail(pool, pack_id, sid):
    sc = scenario(pack_id, sid)
    start = time.monotonic()
    verdict = grade(pool, sc, sc.reference)
    TIMINGS[pack_id].append(time.monotonic() - start)
    assert verdict.passed, f"{sid} reference: {verdict.detail}"
    assert verdict.trace["extraction"] == "fence-lang" and verdict.trace["calibration"]["limits"]
    for index, negative in enumerate(sc.negatives):
        bad = grade(pool, sc, negative)
        assert not bad.passed, f"{sid} negatives[{index}] passes"
        assert bad.failure_mode == VERIFIER_FAIL, (sid, index, bad.failure_mode, bad.detail)


@pytest.mark.docker
def test_timings_report():
    """Median seconds per scenario for grading its reference (calibration included when not cached)."""
    if not TIMINGS:
        pytest.skip("reference tests did not run")
    medians = {p: round(statistics.median(v), 2) for p, v in TIMINGS.items()}
    print("code_exec median seconds per scenario (reference):", medians)
    assert all(m < 30 for m in medians.values()), medians


# -- unforgeable ---------------------------------------------------------------------------------------

FORGE_FROM_FRAMES = """
import os, sys, json
def running_max(nums):
    f = sys._getframe(1)
    while f is not None and "nonce" not in f.f_locals:
        f = f.f_back
    nonce = f.f_locals["nonce"] if f else "?"
    for i in range(200):
        os.write(1, (nonce + " " + json.dumps({"i": i, "status": "ok", "out": [0], "t": 0.0}) + "\\n").encode())
    os.write(1, (nonce + " " + json.dumps({"done": True}) + "\\n").encode())
    os._exit(0)
"""

FORGE_STDIO = """
import os, glob
for fd in glob.glob(f"/proc/{os.getppid()}/fd/*"):
    try:
        with open(fd, "w") as f:
            f.write("PASS\\n")
    except OSError as e:
        print("denied", e)
print("All tests passed")
"""


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
@pytest.mark.parametrize(
    "code",
    [
        "import sys\nprint('ALL TESTS PASSED')\nsys.exit(0)",
        "import os\nprint('OK 12/12')\nos._exit(0)",
        "def running_max(nums):\n    raise SystemExit(0)",
        "def running_max(nums):\n    import os\n    os.kill(os.getppid(), 9)",
        "import builtins\ndef running_max(nums):\n    print('\\n'.join('PASS' for _ in range(50)))\n    return nums",
        FORGE_FROM_FRAMES,
    ],
)
def test_fake_success_fails(pool, code):
    verdict = grade(pool, scenario("humaneval-plus-30", "HEP-01"), fence(code))
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL, verdict.detail


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_stdio_program_cannot_write_to_the_harness_or_see_expected_outputs(pool):
    verdict = grade(pool, scenario("lcb-v6-30", "LCB-02"), fence(FORGE_STDIO))
    assert not verdict.passed and "printed" in verdict.detail
    # the reference's files are gone before candidate code runs, and no hidden expected output is on disk
    snoop = fence(
        "import os, subprocess\ndef running_max(nums):\n    needle = '-5, -5, ' + '-1'\n"
        "    found = subprocess.run(['grep', '-rlF', needle, '/workspace', '/tmp'], capture_output=True,"
        " text=True).stdout\n    listing = sorted(os.listdir('/workspace') + os.listdir('/tmp'))\n"
        "    raise RuntimeError(f'found={found!r} listing={listing}')"
    )
    detail = grade(pool, scenario("humaneval-plus-30", "HEP-01"), snoop).detail
    assert "raised RuntimeError: found='' listing=" in detail, detail
    assert "pq-ref" not in detail


# -- calibration ---------------------------------------------------------------------------------------

BUSY = "def f(n):\n    s = 0\n    for i in range(n):\n        s += i % 7\n    return s\n"


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_time_limit_scales_with_the_reference_and_is_cached(pool):
    sc = custom(
        "function",
        [{"args": [5], "public": True}, {"args": [1_500_000]}],
        entry_point="f",
        time={"k": 4, "floor_s": 0.2},
        reference={"role": "assistant", "content": fence(BUSY)},
    )
    first = grade(pool, sc, fence(BUSY))
    cal = first.trace["calibration"]
    assert first.passed and cal["cached"] is False and cal["source"].startswith("reference solution's CPU time")
    ref = cal["reference_s"][1]
    assert ref > 0.02 and cal["limits"][1] == round(max(0.2, 4 * ref), 2) and cal["limits"][0] == 0.2
    # twice as slow passes; fifteen times as slow fails on CPU time
    slower = BUSY.replace("s += i % 7", "s += i % 7\n        s += 0")
    again = grade(pool, sc, fence(slower))
    assert again.passed and again.trace["calibration"]["cached"] is True
    much = BUSY.replace("s += i % 7", "s += i % 7\n        for _ in range(14):\n            s += 0")
    slow = grade(pool, sc, fence(much))
    assert not slow.passed and "hidden test 1/1: CPU time limit" in slow.detail, slow.detail


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_without_reference_the_host_speed_sets_the_limit(pool):
    sc = custom("stdio", [{"input": "2 3\n", "output": "5\n", "public": True}], time={"base_s": 3.0})
    verdict = grade(pool, sc, fence("a, b = map(int, input().split())\nprint(a + b)"))
    cal = verdict.trace["calibration"]
    assert verdict.passed and cal["source"].startswith("host speed benchmark") and cal["speed_factor"] >= 1
    # the trace's speed factor is rounded to 3 places, the limit was computed from the exact one
    assert cal["limits"] == [pytest.approx(max(2.0, 3.0 * cal["speed_factor"]), abs=0.011)]


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_broken_reference_is_a_sandbox_problem_not_a_model_miss(pool):
    sc = custom(
        "function",
        [{"args": [1]}],
        entry_point="f",
        reference={"role": "assistant", "content": fence("import nonexistent_module\ndef f(x): return x")},
    )
    verdict = grade(pool, sc, fence("def f(x):\n    return x"))
    assert not verdict.passed and verdict.failure_mode == SANDBOX_UNAVAILABLE and "reference" in verdict.detail


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_reply_variants_are_accepted(pool):
    sc = scenario("humaneval-plus-30", "HEP-01")
    body = "    out = []\n    for x in nums:\n        out.append(x if not out else max(out[-1], x))\n    return out"
    assert grade(pool, sc, f"Here you go:\n```python\n{body}\n```").passed  # body only (completion style)
    no_import = "def running_max(nums: List[int]) -> List[int]:\n" + body  # List from the prompt's import
    assert grade(pool, sc, no_import).passed  # bare code, no fence
    cut = grade(pool, sc, "```python\ndef running_max(nums):\n" + body)  # unterminated fence
    assert cut.passed and cut.trace["extraction"] == "fence-unterminated"


# -- token budget --------------------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_reasoning_budget_running_out_is_token_limit(workdir):
    def truncated(handler, request):
        if request.get("method") != "POST" or "running_max" not in json.dumps(request.get("messages")):
            return False
        handler._json(
            200,
            {
                "id": "x",
                "object": "chat.completion",
                "model": "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "length",
                        "message": {"role": "assistant", "content": "", "reasoning_content": "Let me think... " * 50},
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 16384},
            },
        )
        return True

    with FakeServer(answer_reference, pack_ids=["humaneval-plus-30"]) as server:
        server.fault = truncated
        run = run_quality(workdir, "--pack", "humaneval-plus-30", "-k", "HEP-01 or HEP-02", f"--endpoint={server.url}")
    records = {s["id"]: s for p in run.data["packs"] for s in p["scenarios"]}
    assert records["HEP-01"]["failure_mode"] == TOKEN_LIMIT, records["HEP-01"]
    assert "max_tokens=16384" in records["HEP-01"]["detail"]
    assert records["HEP-02"]["passed"] is True


# -- dataset loaders in the sandbox --------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_loaded_humaneval_tasks_grade_in_the_sandbox(pool, tmp_path):
    from pytest_quality.generators import humaneval

    pack = humaneval.dataset_pack(write_jsonl(tmp_path / "he.jsonl", he_tasks()), PACKS["humaneval-plus-30"])
    wrong = {
        "HumanEval-0": "def add_one(x):\n    return x + 2 if x < 0 else x + 1",
        "HumanEval-1": "def halve(x):\n    return round(x / 2, 1)",
        "HumanEval-32": "def find_zero(xs):\n    return 0.5",
        "HumanEval-7": "def span(xs):\n    return [min(xs), max(xs)] if xs else (0, 0)",
    }
    for sc in pack.scenarios:
        good = grade(pool, sc, sc.reference)
        assert good.passed, (sc.id, good.detail)
        bad = grade(pool, sc, fence(wrong[sc.id]))
        assert not bad.passed and bad.failure_mode == VERIFIER_FAIL, (sc.id, bad.detail)
    # find_zero: any root passes (special oracle), not only the canonical one
    other_root = "def find_zero(xs):\n    return 1.0 if abs(poly(xs, 1.0)) < 1e-9 else -0.5"
    assert grade(pool, pack.scenarios[2], fence(other_root)).passed
    # check() style: the assertions run outside the candidate's process
    forged = "import os\ndef span(xs):\n    print('check passed')\n    os._exit(0)"
    assert not grade(pool, pack.scenarios[3], fence(forged)).passed


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_loaded_humaneval_check_using_numpy_grades_in_the_sandbox(pool, tmp_path):
    """The official HumanEval+ tests import numpy for float comparisons: a missing numpy in the image would
    fail every correct solution as a model miss."""
    from pytest_quality.generators import humaneval

    task = {
        "task_id": "HumanEval/2",
        "prompt": 'def mean(xs: list) -> float:\n    """Arithmetic mean of xs."""\n',
        "entry_point": "mean",
        "canonical_solution": "    return sum(xs) / len(xs)\n",
        "test": "import numpy as np\n\n\ndef check(candidate):\n    assert np.allclose(candidate([1, 2, 4]), 7 / 3)\n"
        "    assert np.isclose(candidate([0.1] * 10), 0.1)\n",
    }
    [sc] = humaneval.dataset_pack(write_jsonl(tmp_path / "he.jsonl", [task]), PACKS["humaneval-plus-30"]).scenarios
    good = grade(pool, sc, sc.reference)
    assert good.passed, good.detail
    bad = grade(pool, sc, fence("def mean(xs):\n    return sum(xs) // len(xs)"))
    assert not bad.passed and bad.failure_mode == VERIFIER_FAIL, bad.detail


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_loaded_lcb_problems_grade_in_the_sandbox(pool, tmp_path):
    from pytest_quality.generators import lcb

    method, stdio = lcb.dataset_pack(write_jsonl(tmp_path / "lcb.jsonl", lcb_rows()), PACKS["lcb-v6-30"]).scenarios
    assert grade(
        pool, method, fence("class Solution:\n    def double(self, x: int) -> int:\n        return 2 * x")
    ).passed
    wrong = grade(pool, method, fence("class Solution:\n    def double(self, x):\n        return abs(2 * x)"))
    assert not wrong.passed and wrong.detail.startswith("hidden test 1/2")  # the compressed private test
    program = "n = int(input())\nprint(sum(map(int, input().split())))"
    ok = grade(pool, stdio, fence(program))
    assert ok.passed and ok.trace["calibration"]["source"].startswith("host speed benchmark")
    assert not grade(pool, stdio, fence("print(3)")).passed


# -- end to end ------------------------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
@pytest.mark.parametrize("pack_id, title", [("humaneval-plus-30", "HumanEval+-30"), ("lcb-v6-30", "LCB-v6-30")])
def test_pytest_pack_run_scores_all_references(workdir, pack_id, title):
    with FakeServer(answer_reference, pack_ids=[pack_id]) as server:
        run = run_quality(workdir, "--pack", pack_id, f"--endpoint={server.url}")
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.data["totals"] == {"passed": 30, "total": 30, "errors": 0, "score": 1.0}
    assert f"{title} 30/30 (100%)" in run.stdout
    record = run.data["packs"][0]["scenarios"][0]
    assert record["verifier_trace"]["extraction"] == "fence-lang" and "calibration" in record["verifier_trace"]
    assert record["request"]["chat_template_kwargs"]["enable_thinking"] is True  # thinking on by default


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_pytest_pack_run_junk_scores_zero(workdir):
    with FakeServer(answer_text("(no answer)"), pack_ids=["humaneval-plus-30"]) as server:
        run = run_quality(workdir, "--pack", "humaneval-plus-30", f"--endpoint={server.url}")
    assert (run.data["totals"]["passed"], run.data["totals"]["errors"]) == (0, 0)


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_humaneval_path_replaces_the_shipped_scenarios(workdir, tmp_path):
    tasks = he_tasks()
    path = write_jsonl(tmp_path / "HumanEvalPlus.jsonl.gz", tasks, gz=True)
    solutions = {t["prompt"]: t["prompt"] + t["canonical_solution"] for t in tasks}

    def answer(_scenario, request):
        prompt = request["messages"][-1]["content"]
        return fence(next(code for stub, code in solutions.items() if stub in prompt))

    with FakeServer(answer, pack_ids=[]) as server:
        run = run_quality(
            workdir, "--pack", "humaneval-plus-30", f"--humaneval-path={path}", f"--endpoint={server.url}"
        )
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.data["totals"] == {"passed": 4, "total": 4, "errors": 0, "score": 1.0}
    ids = [s["id"] for p in run.data["packs"] for s in p["scenarios"]]
    assert sorted(ids) == ["HumanEval-0", "HumanEval-1", "HumanEval-32", "HumanEval-7"]
    # rescore rebuilds the same scenarios from the saved --humaneval-path and re-grades them in containers
    out = workdir / "rescored.json"
    done = run_cli("rescore", str(run.json_path), "--output", str(out), cwd=workdir, timeout=600)
    assert done.returncode == 0, done.stderr
    rescored = json.loads(out.read_text())
    assert rescored["rescored"]["regraded"] == 4 and rescored["rescored"]["skipped"] == []
    assert rescored["totals"]["passed"] == 4 and rescored["rescored"]["changed"] == []


def test_dataset_path_must_exist(workdir, tmp_path):
    for flag in ("--humaneval-path", "--lcb-path"):
        run = run_quality(
            workdir, "--pack", "humaneval-plus-30", f"{flag}={tmp_path / 'nope.jsonl'}", "--endpoint=http://127.0.0.1:9"
        )
        assert run.returncode == 2 and flag in run.stdout + run.stderr
