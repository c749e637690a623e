"""HumanEval+ and LiveCodeBench `raw_problem` scenarios of benchlocal packs, run in our own sandbox.

Their code-reasoning sandbox runs the extracted code plus the problem's tests in a subprocess:
HumanEval+ as `code + test + check(entry_point)`, LiveCodeBench as `from typing import *` + code and a
harness calling `Solution().<func_name>(*args)` on the public functional tests. We build the same
program for our `code_exec` harness (hidden channel, nonce, limits) and map the outcome onto their
failure modes: an assertion failure is wrong_answer, a time-out timeout, anything else verifier_fail.

Their image ships numpy (the HumanEval+ tests compare floats with `np.allclose`); ours does not. The
tests get a small stand-in for the numpy functions they use; a test reaching for anything else, or a
solution importing numpy, makes the scenario `sandbox_unavailable` rather than a guessed failure.
"""

from __future__ import annotations

import json
import re
import threading
from types import SimpleNamespace
from typing import Any

from pytest_quality import verdict as fm
from pytest_quality.compat.request import messages_for
from pytest_quality.compat.text import answer_text
from pytest_quality.extract import extract_code
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.sandbox.kinds.code_exec import (CalibrationError, Spec, _syntax_error, calibrate, execute,
                                                     judge)
from pytest_quality.verdict import Verdict

MULTI_TURN = False
TIME_LIMIT_S = 30.0  # theirs: one 30 s subprocess per program
SHIM_GAP = "PQNumpyShimGap"
_USES_NUMPY = re.compile(r"^\s*(?:import\s+numpy|from\s+numpy\b)", re.M)

NUMPY_SHIM = r'''
try:
    import numpy
except ImportError:
    import math as _m, sys as _s, types as _t

    class PQNumpyShimGap(Exception):
        pass

    def _pairs(a, b):
        seq = (list, tuple)
        if isinstance(a, seq) and isinstance(b, seq):
            if len(a) != len(b):
                raise ValueError("operands could not be broadcast together")
            for x, y in zip(a, b):
                yield from _pairs(x, y)
        elif isinstance(a, seq):
            for x in a:
                yield from _pairs(x, b)
        elif isinstance(b, seq):
            for y in b:
                yield from _pairs(a, y)
        else:
            yield float(a), float(b)

    def _close(x, y, rtol, atol, equal_nan):
        if _m.isnan(x) or _m.isnan(y):
            return bool(equal_nan and _m.isnan(x) and _m.isnan(y))
        if _m.isinf(x) or _m.isinf(y):
            return x == y
        return abs(x - y) <= atol + rtol * abs(y)

    def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        return all(_close(x, y, rtol, atol, equal_nan) for x, y in _pairs(a, b))

    def assert_allclose(actual, desired, rtol=1e-07, atol=0, equal_nan=True, err_msg="", verbose=True):
        if not allclose(actual, desired, rtol, atol, equal_nan):
            raise AssertionError("Not equal to tolerance rtol=%g, atol=%g" % (rtol, atol))

    class ndarray:
        pass

    def _gap(name):
        raise PQNumpyShimGap("numpy." + name)

    _np = _t.ModuleType("numpy")
    _np.ndarray, _np.float64, _np.float32, _np.allclose = ndarray, float, float, allclose
    _np.testing = _t.SimpleNamespace(assert_allclose=assert_allclose)
    _np.__getattr__ = _gap
    _s.modules["numpy"] = _np
'''


def problem_kind(raw: dict[str, Any]) -> str | None:
    """"humaneval" or "lcb" for a raw_problem our code sandbox can run, else None."""
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
        verifier = {"style": "check", "entry_point": problem["entry_point"], "test_code": NUMPY_SHIM + problem["test"],
                    "time": timing}
    else:
        meta = _loads(problem.get("metadata")) or {}
        func = meta.get("func_name") if isinstance(meta, dict) else None
        tests = _loads(problem.get("public_test_cases"))
        if not isinstance(func, str) or not isinstance(tests, list) or not tests:
            return None, "raw_problem has no metadata.func_name or no public_test_cases"
        if any(not isinstance(t, dict) or t.get("testtype", "functional") != "functional" for t in tests):
            return None, "only functional (LeetCode-style) tests are run, as in their sandbox"
        verifier = {"style": "method", "entry_point": func, "time": timing,
                    "tests": [{"input": str(t.get("input", "")), "output": str(t.get("output", "")), "public": True}
                              for t in tests]}
    return Spec.of(_problem(scenario, verifier)), ""


def _problem(scenario: Any, verifier: dict[str, Any]) -> Any:
    """What code_exec's calibration reads: its cache key is this program's own verifier (never the
    scenario's, which is alike across a benchlocal pack), and there is no reference solution."""
    return SimpleNamespace(pack_id=scenario.pack_id, id=scenario.node_name, verifier=verifier, reference=None)


def _verifier_of(spec: Spec) -> dict[str, Any]:
    return {"style": spec.style, "entry_point": spec.entry, "tests": spec.tests, "test_code": spec.test_code}


_NUMPY: dict[str, bool] = {}
_LOCK = threading.Lock()


def _sandbox_has_numpy(sandbox: Any) -> bool:
    with _LOCK:
        if "ok" not in _NUMPY:
            _NUMPY["ok"] = sandbox.exec(["python3", "-c", "import numpy"], timeout=30).exit_code == 0
        return _NUMPY["ok"]


# code_exec's check-style child reads its calls from sys.stdin after quiet() has pointed fd 0 at
# /dev/null, so it sees EOF at once (BrokenPipe in the parent). Until that is fixed there, the child
# keeps a duplicate of its stdin; the substitution is a no-op once the harness no longer has the line.
_STDIN_BUG = "chan_in, chan_out = sys.stdin, quiet()"
_STDIN_FIX = 'chan_in = os.fdopen(os.dup(0), "r")\n    chan_out = quiet()'


class _Harnessed:
    """The sandbox, with the harness file fixed on its way in (see _STDIN_BUG)."""

    def __init__(self, sandbox: Any):
        self._sandbox = sandbox

    def put_files(self, files: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        fixed = {k: v.replace(_STDIN_BUG, _STDIN_FIX) if k.endswith("/harness.py") and isinstance(v, str) else v
                 for k, v in files.items()}
        self._sandbox.put_files(fixed, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sandbox, name)


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
        if _USES_NUMPY.search(code) and not _sandbox_has_numpy(sandbox):
            return Verdict.fail("the solution imports numpy, which our sandbox image lacks (theirs has it)",
                                fm.SANDBOX_UNAVAILABLE, **trace)
        cal = calibrate(_problem(scenario, _verifier_of(spec)), spec, sandbox)
        run = execute(_Harnessed(sandbox), spec, source_code, cal["limits"], "candidate")
    except (CalibrationError, SandboxError, ValueError) as exc:
        return Verdict.fail(f"sandbox failure: {exc}"[:300], fm.SANDBOX_UNAVAILABLE, **trace)
    verdict = judge(spec, cal, run)
    trace.update(verdict.trace)
    if verdict.passed:
        return Verdict(True, None, verdict.detail, trace)
    gaps = [f for f in trace.get("failures") or [] if str(f.get("reason", "")).startswith(f"raised {SHIM_GAP}:")]
    if gaps:  # the test needs a numpy function the stand-in lacks: not gradable here, never guessed
        return Verdict.fail(f"the tests need {gaps[0]['reason'].split(':', 1)[1].strip()}, which our sandbox "
                            "image lacks (no numpy)", fm.SANDBOX_UNAVAILABLE, **trace)
    return Verdict.fail(verdict.detail, _their_mode(verdict), **trace)


def run(scenario: Any, model: Any, sandbox: Any) -> SandboxOutcome:
    messages = messages_for(scenario)
    exchange = model(messages, scenario.tools)
    if not exchange.ok:
        return failed_turn(exchange, [exchange], messages)
    reply = Reply.from_completion(exchange.body)
    verdict = regrade(scenario, reply, sandbox)
    return SandboxOutcome(verdict, [exchange], [*messages, {"role": "assistant", "content": reply.content}], {})
