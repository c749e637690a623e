"""HumanEval+ and LiveCodeBench `raw_problem` scenarios of benchlocal packs, run in our own sandbox.

Their code-reasoning sandbox runs the extracted code plus the problem's tests in a subprocess:
HumanEval+ as `code + test + check(entry_point)`, LiveCodeBench as `from typing import *` + code and a
harness calling `Solution().<func_name>(*args)` on the public functional tests. We build the same
program for our `code_exec` harness (hidden channel, nonce, limits) and map the outcome onto their
failure modes: an assertion failure is wrong_answer, a time-out timeout, anything else verifier_fail.

Both images ship numpy: the HumanEval+ tests compare floats with `np.allclose`.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

from pytest_quality import verdict as fm
from pytest_quality.benchlocal.request import messages_for
from pytest_quality.benchlocal.text import answer_text
from pytest_quality.extract import extract_code
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.sandbox.kinds.code_exec import CalibrationError, Spec, _syntax_error, calibrate, execute, judge
from pytest_quality.verdict import Verdict

MULTI_TURN = False
TIME_LIMIT_S = 30.0  # theirs: one 30 s subprocess per program


def problem_kind(raw: dict[str, Any]) -> str | None:
    """ "humaneval" or "lcb" for a raw_problem our code sandbox can run, else None."""
    problem = raw.get("raw_problem")
    if not isinstance(problem, dict):
        return None
    if all(isinstance(problem.get(k), str) for k in ("prompt", "entry_point", "test")):
        return "humaneval"
    if "question_content" in problem or "public_test_cases" in problem:
        return "lcb"
    return None


def _loads(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def spec_of(scenario: Any) -> tuple[Spec | None, str]:
    """The code_exec spec for the scenario, or (None, why it cannot be built)."""
    problem = scenario.raw["raw_problem"]
    timing = {"base_s": TIME_LIMIT_S, "floor_s": TIME_LIMIT_S}
    if problem_kind(scenario.raw) == "humaneval":
        verifier = {
            "style": "check",
            "entry_point": problem["entry_point"],
            "test_code": problem["test"],
            "time": timing,
        }
    else:
        meta = _loads(problem.get("metadata")) or {}
        func = meta.get("func_name") if isinstance(meta, dict) else None
        tests = _loads(problem.get("public_test_cases"))
        if not isinstance(func, str) or not isinstance(tests, list) or not tests:
            return None, "raw_problem has no metadata.func_name or no public_test_cases"
        if any(not isinstance(t, dict) or t.get("testtype", "functional") != "functional" for t in tests):
            return None, "only functional (LeetCode-style) tests are run, as in their sandbox"
        verifier = {
            "style": "method",
            "entry_point": func,
            "time": timing,
            "tests": [
                {"input": str(t.get("input", "")), "output": str(t.get("output", "")), "public": True} for t in tests
            ],
        }
    return Spec.of(_problem(scenario, verifier)), ""


def _problem(scenario: Any, verifier: dict[str, Any]) -> Any:
    """What code_exec's calibration reads: its cache key is this program's own verifier (never the
    scenario's, which is alike across a benchlocal pack), and there is no reference solution."""
    return SimpleNamespace(pack_id=scenario.pack_id, id=scenario.node_name, verifier=verifier, reference=None)


def _verifier_of(spec: Spec) -> dict[str, Any]:
    return {"style": spec.style, "entry_point": spec.entry, "tests": spec.tests, "test_code": spec.test_code}


def _their_mode(verdict: Verdict) -> str:
    """Their classification of a failed program: AssertionError -> wrong_answer, time-out -> timeout."""
    reasons = " ".join(str(f.get("reason", "")) for f in verdict.trace.get("failures") or [])
    if "AssertionError" in reasons or re.search(r"returned .*, expected ", reasons):
        return fm.WRONG_ANSWER
    if "time limit" in reasons or "timed out" in verdict.detail:
        return fm.TIMEOUT
    return fm.VERIFIER_FAIL


def regrade(scenario: Any, reply: Reply, sandbox: Any) -> Verdict:
    spec, why = spec_of(scenario)
    if spec is None:
        return Verdict.fail(why, fm.VERIFIER_NOT_IMPLEMENTED)
    text, source = answer_text(reply)
    entry = "Solution" if spec.style == "method" else spec.entry
    code, method = extract_code(text, "python", entry)
    trace: dict[str, Any] = {"response_field_used": source, "extraction_method": method, "code_chars": len(code)}
    if not code:
        return Verdict.fail("no Python code in the reply", fm.VERIFIER_FAIL, **trace)
    source_code = ("from typing import *\n" if spec.style == "method" else "") + code + "\n"
    error = _syntax_error(source_code, 1 if spec.style == "method" else 0)
    if error:
        return Verdict.fail(f"the code does not parse: {error}", fm.VERIFIER_FAIL, **trace)
    try:
        cal = calibrate(_problem(scenario, _verifier_of(spec)), spec, sandbox)
        run = execute(sandbox, spec, source_code, cal["limits"], "candidate")
    except (CalibrationError, SandboxError, ValueError) as exc:
        return Verdict.fail(f"sandbox failure: {exc}"[:300], fm.SANDBOX_UNAVAILABLE, **trace)
    verdict = judge(spec, cal, run)
    trace.update(verdict.trace)
    if verdict.passed:
        return Verdict(True, None, verdict.detail, trace)
    return Verdict.fail(verdict.detail, _their_mode(verdict), **trace)


def run(scenario: Any, model: Any, sandbox: Any) -> SandboxOutcome:
    messages = messages_for(scenario)
    exchange = model(messages, scenario.tools)
    if not exchange.ok:
        return failed_turn(exchange, [exchange], messages)
    reply = Reply.from_completion(exchange.body)
    verdict = regrade(scenario, reply, sandbox)
    return SandboxOutcome(verdict, [exchange], [*messages, {"role": "assistant", "content": reply.content}], {})
