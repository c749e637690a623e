"""The `code_exec` kind: the model writes a Python solution; hidden tests run it in the sandbox.

Verifier parameters (scenario.verifier):
  style        "function" (module-level function, HumanEval), "method" (LeetCode `class Solution`),
               "stdio" (a whole program: stdin -> stdout) or "check" (an official HumanEval `test`
               string defining `check(candidate)`).
  entry_point  function name (function/check) or method name (method).
  prompt_code  function/check: the stub shown to the model (imports, helpers, signature, docstring);
               the candidate is appended to it, so a reply with only the body also works.
  tests        function: [{"args": [...]}]; method/stdio: [{"input": str, "output"?: str}];
               either may be {"gen": "<source defining gen()>"} for large inputs built in the sandbox.
               "public": true marks the tests shown in the prompt. A test without "output" is
               graded against the reference solution's output.
  test_code    check: the test source.     atol: float tolerance (function).
  oracle       "poly_root" (HumanEval find_zero: the answer must be a root).
  time         {"k": 5, "floor_s": 2.0, "base_s": 6.0}: a test's limit is max(floor_s, k x the
               reference's time on this host); without a reference, base_s x the host's speed factor.
  solution     reference code (default: the code of the scenario's reference reply).

Grading is unforgeable (threat model: the candidate's code runs as the same uid as the harness).
Expected outputs never enter the sandbox while candidate code runs, and the host compares the outputs
itself. Result lines count only when they carry a nonce the host made for this run, handed to the
harness on stdin. The harness process that holds the nonce and writes the results makes itself
non-dumpable before anything else (a process of the same uid can then neither ptrace it, nor read its
memory through /proc/<pid>/mem, nor open its fds through /proc/<pid>/fd) and never executes candidate
code: function/method styles run the candidate in a child that imports the module and answers one call
per test over a pipe; check style runs the assertions in the harness and the candidate in a child the
same way; stdio style runs each program as a child. So the candidate cannot learn the nonce, cannot
write to the results stream, and its answers are only data. CPU time per test is measured from the
harness (the child's utime+stime, also for its threads and reaped children) and enforced with SIGKILL
plus RLIMIT_CPU in the child, not by signals the candidate could ignore; whatever the candidate leaves
running is killed before the next test and before the results are final.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import re
import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pytest_quality import verdict as fm
from pytest_quality.clip import clip
from pytest_quality.extract import extract_code
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.scenario import Scenario, reply_of
from pytest_quality.verdict import Verdict

MULTI_TURN = False
K_DEFAULT, FLOOR_DEFAULT, BASE_DEFAULT = 5.0, 2.0, 6.0
OUTER_CAP_S = 240.0  # a whole candidate run never holds the sandbox longer than this (plus slack)
WALL_FACTOR = 6.0  # wall-clock guard = this x the CPU limit: for programs that sleep or block
BENCH_NOMINAL_S = 0.25  # the speed benchmark's time on the machine the defaults were tuned on
OUTPUT_LIMIT = 16 * 1024 * 1024
STDIN_PATTERN = r"input\s*\(|sys\.stdin|open\(\s*0|stdin\."

# The star imports a LeetCode/competitive-programming solution may assume (names used without import);
# builtins last so math.pow never shadows pow(a, b, mod).
LCB_PRELUDE = (
    "import sys, math, itertools, functools, collections, heapq, bisect, re, string, random, operator, copy, json\n"
    "from typing import *\nfrom collections import *\nfrom heapq import *\nfrom bisect import *\n"
    "from itertools import *\nfrom functools import *\nfrom math import *\nfrom builtins import *\n"
    "sys.setrecursionlimit(100000)\n"
)

BENCH = (
    "import time\nt = time.process_time()\ns = 0\nfor i in range(2000000):\n    s += i * i % 7\n"
    "print(time.process_time() - t)\n"
)

# Runs inside the sandbox; kept as a real Python file so it can be read, linted and tested as code.
HARNESS = (Path(__file__).parent / "code_exec_harness.py").read_text(encoding="utf-8")


class CalibrationError(Exception):
    """The reference solution could not be run: the scenario cannot be graded here."""


@dataclass
class Spec:
    style: str
    entry: str | None
    prompt_code: str
    tests: list[dict[str, Any]]
    test_code: str
    atol: float
    oracle: str | None
    k: float
    floor_s: float
    base_s: float
    solution: str | None

    @classmethod
    def of(cls, scenario: Scenario) -> "Spec":
        v = scenario.verifier
        timing: dict[str, Any] = v["time"] if isinstance(v.get("time"), dict) else {}
        tests = [t for t in v.get("tests") or [] if isinstance(t, dict)]
        return cls(
            style=str(v.get("style") or "function"),
            entry=v.get("entry_point") or None,
            prompt_code=str(v.get("prompt_code") or ""),
            tests=tests,
            test_code=str(v.get("test_code") or ""),
            atol=float(v.get("atol") or 0.0),
            oracle=v.get("oracle"),
            k=float(timing.get("k", K_DEFAULT)),
            floor_s=float(timing.get("floor_s", FLOOR_DEFAULT)),
            base_s=float(timing.get("base_s", BASE_DEFAULT)),
            solution=v.get("solution"),
        )

    @property
    def n_tests(self) -> int:
        return 1 if self.style == "check" else len(self.tests)

    def label(self, i: int) -> str:
        if self.style == "check":
            return "the check() tests"
        public = [j for j, t in enumerate(self.tests) if t.get("public")]
        if i in public:
            return f"public test {public.index(i) + 1}"
        hidden = [j for j, t in enumerate(self.tests) if not t.get("public")]
        return f"hidden test {hidden.index(i) + 1}/{len(hidden)}" if i in hidden else f"test {i + 1}"


# --- building the program --------------------------------------------------------------------------


def _hoist_future(code: str) -> tuple[str, str]:
    lines = code.split("\n")
    future = [ln for ln in lines if re.match(r"\s*from\s+__future__\s+import\b", ln) and not ln.startswith((" ", "\t"))]
    rest = [ln for ln in lines if ln not in future]
    return "\n".join(future), "\n".join(rest)


def assemble(spec: Spec, code: str) -> str:
    """The module the sandbox runs: stub or prelude, then the candidate."""
    future, code = _hoist_future(code)
    head = f"{future}\n" if future else ""
    if spec.style in ("function", "check"):
        stub = spec.prompt_code.rstrip()
        if (
            stub
            and code[:1] in (" ", "\t")
            and not re.search(rf"^(async\s+)?def\s+{re.escape(spec.entry or '')}\b", code, re.M)
        ):
            return f"{head}{stub}\n{code}\n"  # a body-only reply completes the stub (HumanEval style)
        return f"{head}{stub}\n\n\n{code}\n" if stub else f"{head}{code}\n"
    return f"{head}{LCB_PRELUDE}\n{code}\n"


def _syntax_error(source: str, offset: int = 0) -> str | None:
    """Why the module does not parse, with the line number counted in the reply's code."""
    try:
        ast.parse(source)
    except SyntaxError as exc:
        line = (exc.lineno or 0) - offset
        return f"SyntaxError: {exc.msg} (line {line} of the code)" if line > 0 else f"SyntaxError: {exc.msg}"
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def reference_code(scenario: Scenario, spec: Spec) -> str | None:
    if spec.solution:
        return spec.solution
    if scenario.reference in (None, "", {}):
        return None
    code, _ = extract_code(
        reply_of(scenario.reference).content,
        "python",
        _extract_entry(spec),
        STDIN_PATTERN if spec.style == "stdio" else None,
    )
    return code or None


def _extract_entry(spec: Spec) -> str | None:
    return "Solution" if spec.style == "method" else (spec.entry if spec.style in ("function", "check") else None)


# --- running in the sandbox ------------------------------------------------------------------------


@dataclass
class RunOutput:
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    import_failure: dict[str, Any] | None = None
    done: bool = False
    conflict: bool = False
    status: str = ""
    stderr: str = ""
    seconds: float = 0.0


def _config(spec: Spec, module: str, limits: list[float]) -> dict[str, Any]:
    mode = "check" if spec.style == "check" else spec.style
    cfg: dict[str, Any] = {
        "mode": mode,
        "module": module,
        "entry": spec.entry,
        "limits": limits,
        "import_limit": max(10.0, 2 * spec.floor_s),
        "max_output": 4 * 1024 * 1024,
        "wall_factor": WALL_FACTOR,
    }
    if mode == "check":
        cfg["test_code"] = spec.test_code
    else:
        cfg["tests"] = [{k: t[k] for k in ("gen", "args", "input") if k in t} for t in spec.tests]
    return cfg


def execute(sandbox: Any, spec: Spec, source: str, limits: list[float], where: str) -> RunOutput:
    """Run `source` against every test input in `sandbox` under /workspace/<where>."""
    nonce = secrets.token_hex(16)
    cfg = _config(spec, f"/workspace/{where}/solution.py", limits)
    sandbox.put_files(
        {
            f"{where}/solution.py": source,
            f".pq-{where}/harness.py": HARNESS,
            f".pq-{where}/config.json": json.dumps(cfg),
        }
    )
    outer = min(sum(limits) * WALL_FACTOR, OUTER_CAP_S) + cfg["import_limit"] + 10
    res = sandbox.exec(
        f"ulimit -s 262144 2>/dev/null; exec python3 -I /workspace/.pq-{where}/harness.py "
        f"/workspace/.pq-{where}/config.json",
        stdin=(nonce + "\n").encode(),
        timeout=outer,
        output_limit=OUTPUT_LIMIT,
    )
    out = RunOutput(status=res.status, stderr=res.stderr.decode("utf-8", "replace")[-600:], seconds=res.duration_s)
    prefix = nonce + " "
    for line in res.stdout.decode("utf-8", "replace").split("\n"):
        if not line.startswith(prefix):
            continue  # anything without this run's nonce is not ours
        try:
            item = json.loads(line[len(prefix) :])
        except (ValueError, RecursionError):
            out.conflict = True
            continue
        if not isinstance(item, dict):
            continue
        if item.get("done") is True:
            out.done = True
        elif item.get("i") == -1:
            out.import_failure = item
        elif isinstance(item.get("i"), int):
            if item["i"] in out.results:
                out.conflict = True  # the same test reported twice: somebody else wrote to our channel
            out.results[item["i"]] = item
    return out


# --- calibration: the reference's outputs and time on this host, once per process -------------------

_CACHE: dict[tuple[str, str, str], dict[str, Any]] = {}
_BENCH: dict[str, float] = {}
_LOCK = threading.Lock()


def _speed_factor(sandbox: Any) -> float:
    with _LOCK:
        if "s" not in _BENCH:
            res = sandbox.exec(["python3", "-c", BENCH], timeout=60)
            try:
                _BENCH["s"] = float(res.stdout.decode().strip())
            except ValueError:
                raise CalibrationError(f"speed benchmark failed ({res.status})") from None
        return max(1.0, _BENCH["s"] / BENCH_NOMINAL_S)


def calibrate(scenario: Scenario, spec: Spec, sandbox: Any) -> dict[str, Any]:
    ref = reference_code(scenario, spec)
    digest = hashlib.sha256(json.dumps([scenario.verifier, ref], sort_keys=True, default=str).encode()).hexdigest()
    key = (scenario.pack_id, scenario.id, digest)
    with _LOCK:
        if key in _CACHE:
            return {**_CACHE[key], "cached": True}
    n = spec.n_tests
    if ref is None:
        speed = _speed_factor(sandbox)
        limit = round(max(spec.floor_s, spec.base_s * speed), 2)
        expected: list[Any] = [t.get("output") for t in spec.tests] if spec.style != "check" else [None]
        cal: dict[str, Any] = {
            "source": "host speed benchmark (no reference solution)",
            "speed_factor": round(speed, 3),
            "limits": [limit] * n,
            "expected": expected,
            "dropped": [i for i, e in enumerate(expected) if e is None and spec.style != "check"],
        }
    else:
        try:
            run = execute(sandbox, spec, assemble(spec, ref), [60.0] * n, "pq-ref")
        finally:
            sandbox.exec("rm -rf /workspace/pq-ref /workspace/.pq-pq-ref /tmp/pq-*", timeout=20)
        if run.import_failure or not run.results:
            why = run.import_failure.get("error") if run.import_failure else f"no results ({run.status}) {run.stderr}"
            raise CalibrationError(f"the reference solution does not run in the sandbox: {why}"[:300])
        limits: list[float] = []
        expected = []
        dropped: list[int] = []
        times: list[float] = []
        reasons: list[Any] = []
        for i in range(n):
            r = run.results.get(i)
            explicit = spec.tests[i].get("output") if spec.style != "check" else None
            ok = r is not None and r.get("status") == "ok" and (spec.style != "stdio" or r.get("rc") == 0)
            if not ok:
                dropped.append(i)
                reasons.append((r or {}).get("error") or (r or {}).get("status") or "no result")
            t = float(r.get("t") or 0.0) if ok and r else 0.0
            times.append(round(t, 4))
            limits.append(round(max(spec.floor_s, spec.k * t), 2))
            expected.append(explicit if explicit is not None else (_ref_value(spec, r) if ok and r else None))
        cal = {
            "source": "reference solution's CPU time in the sandbox",
            "k": spec.k,
            "floor_s": spec.floor_s,
            "reference_s": times,
            "reference_total_s": round(sum(times), 4),
            "limits": limits,
            "expected": expected,
            "dropped": dropped,
        }
        if dropped:
            cal["dropped_reasons"] = reasons[:5]
    if spec.n_tests == 0 or len(cal["dropped"]) == spec.n_tests:
        reason = "; ".join(str(w) for w in cal.get("dropped_reasons", ["no tests"]))
        raise CalibrationError(f"no test can be graded: the reference fails them all ({reason})"[:300])
    with _LOCK:
        _CACHE[key] = cal
    return {**cal, "cached": False}


def _ref_value(spec: Spec, result: dict[str, Any]) -> Any:
    return result.get("stdout") if spec.style == "stdio" else result.get("out")


# --- comparing ---------------------------------------------------------------------------------------


def same(expected: Any, got: Any, atol: float = 0.0, depth: int = 0) -> bool:
    """Python equality on decoded JSON (a tuple is a list), floats within atol (1e-6 when 0)."""
    if depth > 400:
        return False
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        if expected == got:
            return True
        if isinstance(expected, float) or isinstance(got, float):
            if math.isnan(expected) and math.isnan(got):
                return True
            tol = atol or 1e-6
            return math.isfinite(expected) and math.isfinite(got) and abs(expected - got) <= tol + 1e-7 * abs(expected)
        return False
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(same(e, g, atol, depth + 1) for e, g in zip(expected, got))
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(same(expected[k], got[k], atol, depth + 1) for k in expected)
    return type(expected) is type(got) and expected == got


def same_stdout(expected: str, got: str) -> bool:
    """Line by line after stripping; a line also matches when its tokens are equal as decimals."""
    exp_lines = [ln.strip() for ln in str(expected).strip().split("\n")]
    got_lines = [ln.strip() for ln in str(got).strip().split("\n")]
    if len(exp_lines) != len(got_lines):
        return False
    for e, g in zip(exp_lines, got_lines):
        if e == g:
            continue
        try:
            if [Decimal(x) for x in e.split()] != [Decimal(x) for x in g.split()]:
                return False
        except (InvalidOperation, ValueError):
            return False
    return True


def _poly_root_ok(args: Any, got: Any, atol: float) -> bool:
    try:
        xs, x = list(args[0]), float(got)
        return abs(sum(c * math.pow(x, i) for i, c in enumerate(xs))) <= (atol or 1e-6)
    except (TypeError, ValueError, OverflowError, IndexError):
        return False


def _preview(value: Any, limit: int = 120) -> str:
    """Printed text as is (newlines shown as \\n); a value in Python notation (None, True, 'abc')."""
    text = value if isinstance(value, str) else _python_repr(value)
    return clip(text.replace("\n", "\\n"), limit, "...")


def _show(value: Any, limit: int = 120) -> str:
    return _preview(_python_repr(value), limit)


def _python_repr(value: Any) -> str:
    try:
        return repr(value)[:100_000]
    except RecursionError:
        return "<deeply nested>"


def _input_preview(spec: Spec, i: int) -> str:
    """How a failing test is named in the detail: the call, or the input."""
    t = spec.tests[i] if spec.style != "check" else {}
    if "gen" in t:
        return "the large generated input"
    if spec.style == "function":
        return f"{spec.entry}({_show(t.get('args'), 100)[1:-1]})"
    if spec.style == "method":
        return f"{spec.entry}({_preview(str(t.get('input', '')).strip().replace(chr(10), ', '), 100)})"
    return f"input {_show(str(t.get('input', '')), 100)}"


def judge(spec: Spec, cal: dict[str, Any], run: RunOutput) -> Verdict:
    """The verdict for a candidate run, from the host's comparison of every test."""
    limits = cal["limits"]
    trace: dict[str, Any] = {
        "tests_total": spec.n_tests,
        "tests_dropped": cal["dropped"],
        "run_status": run.status,
        "run_seconds": run.seconds,
    }
    if run.conflict:
        return Verdict.fail(
            "the results channel carried conflicting or malformed lines (the program wrote to the harness's output)",
            **trace,
        )
    if run.import_failure:
        f = run.import_failure
        what = "timed out while loading" if f.get("status") == "timeout" else f"failed to load: {f.get('error')}"
        return Verdict.fail(f"the solution {what}", **trace)
    failures: list[dict[str, Any]] = []
    passed = 0
    for i in range(spec.n_tests):
        if i in cal["dropped"]:
            continue
        r = run.results.get(i)
        if r is None:
            ended = "exit code 0" if run.status == "ok" else run.status.replace("_", " ")
            reason = (
                "time limit of the whole run exceeded"
                if run.status == "timeout"
                else f"no result: the program ended early ({ended})"
            )
            if any(x.get("status") == "timeout" for x in run.results.values()):
                reason = "not run after an earlier test exceeded its time limit"
            failures.append({"test": i, "reason": reason})
            continue
        status = r.get("status")
        if status == "timeout":
            failures.append({"test": i, "reason": f"CPU time limit {limits[i]:g}s exceeded" + _limit_note(cal, i)})
        elif spec.style == "stdio":
            if status != "ok":
                rc = r.get("rc")
                how = "killed (SIGKILL: out of memory?)" if rc == -9 else f"exit code {rc}"
                failures.append(
                    {"test": i, "reason": f"{how}: {_last_line(r.get('stderr', ''))}", "input": _input_preview(spec, i)}
                )
            elif r.get("truncated") or not same_stdout(cal["expected"][i], r.get("stdout", "")):
                failures.append(
                    {
                        "test": i,
                        "reason": f"printed {_preview(r.get('stdout', ''))}, expected {_preview(cal['expected'][i])}",
                        "input": _input_preview(spec, i),
                    }
                )
            else:
                passed += 1
        elif status != "ok":
            failures.append({"test": i, "reason": f"raised {r.get('error')}", "input": _input_preview(spec, i)})
        elif spec.style == "check":
            passed += 1
        else:
            expected = cal["expected"][i]
            if spec.style == "method" and isinstance(expected, str):
                try:
                    expected = json.loads(expected)
                except ValueError:
                    pass
            got = r.get("out")
            ok = (
                _poly_root_ok(spec.tests[i].get("args"), got, spec.atol)
                if spec.oracle == "poly_root"
                else same(expected, got, spec.atol)
            )
            if ok:
                passed += 1
            else:
                failures.append(
                    {
                        "test": i,
                        "reason": f"returned {_show(got)}, expected {_show(expected)}",
                        "input": _input_preview(spec, i),
                    }
                )
    trace.update(tests_passed=passed, failures=failures[:8])
    if failures:
        first = failures[0]
        where = spec.label(first["test"])
        call = f" ({first['input']})" if first.get("input") else ""
        more = f" ({len(failures)} tests failed)" if len(failures) > 1 else ""
        return Verdict.fail(f"{where}{call}: {first['reason']}{more}", **trace)
    if not run.done:
        return Verdict.fail(f"the harness did not finish ({run.status})", **trace)
    return Verdict.ok(f"{passed}/{spec.n_tests - len(cal['dropped'])} tests passed", **trace)


def _last_line(text: str) -> str:
    """The useful end of a traceback: its last non-empty line."""
    lines = [ln.strip() for ln in str(text).strip().split("\n") if ln.strip()]
    return _preview(lines[-1] if lines else "(no error output)", 160)


def _limit_note(cal: dict[str, Any], i: int) -> str:
    if "reference_s" in cal:
        return f" (reference {cal['reference_s'][i]:g}s x {cal['k']:g}, floor {cal['floor_s']:g}s)"
    if "speed_factor" not in cal:
        return ""
    return f" (host speed factor {cal.get('speed_factor')})"


# --- the kind protocol ---------------------------------------------------------------------------------


def _calibration_trace(cal: dict[str, Any]) -> dict[str, Any]:
    """The calibration for the record; per-test lists of big datasets shrink to min/max."""
    out: dict[str, Any] = {}
    for key, value in cal.items():
        if key == "expected":
            continue
        if isinstance(value, list) and len(value) > 30 and all(isinstance(x, (int, float)) for x in value):
            value = {"n": len(value), "min": min(value), "max": max(value)}
        out[key] = value
    return out


def regrade(scenario: Scenario, reply: Reply, sandbox: Any) -> Verdict:
    spec = Spec.of(scenario)
    code, method = extract_code(
        reply.content, "python", _extract_entry(spec), STDIN_PATTERN if spec.style == "stdio" else None
    )
    trace: dict[str, Any] = {"extraction": method, "code_chars": len(code)}
    if not code:
        return Verdict.fail("no Python code in the reply", **trace)
    if spec.style == "method" and not re.search(r"^class\s+Solution\b", code, re.M):
        return Verdict.fail("the code defines no class Solution", **trace)
    source = assemble(spec, code)
    error = _syntax_error(source, source[: max(source.find(code), 0)].count("\n"))
    if error:
        return Verdict.fail(f"the code does not parse: {error}", **trace)
    try:
        cal = calibrate(scenario, spec, sandbox)
        trace["calibration"] = _calibration_trace(cal)
        run = execute(sandbox, spec, source, cal["limits"], "candidate")
    except CalibrationError as exc:
        return Verdict.fail(str(exc), fm.SANDBOX_UNAVAILABLE, **trace)
    except (SandboxError, ValueError) as exc:
        return Verdict.fail(f"sandbox failure: {exc}"[:300], fm.SANDBOX_UNAVAILABLE, **trace)
    verdict = judge(spec, cal, run)
    return Verdict(verdict.passed, verdict.failure_mode, verdict.detail, {**trace, **verdict.trace})


def run(scenario: Scenario, model: Any, sandbox: Any) -> SandboxOutcome:
    transcript = list(scenario.messages)
    exchange = model(scenario.messages, scenario.tools)
    if not exchange.ok:
        return failed_turn(exchange, [exchange], transcript)
    reply = Reply.from_completion(exchange.body)
    transcript.append({"role": "assistant", "content": reply.content})
    verdict = regrade(scenario, reply, sandbox)
    return SandboxOutcome(verdict, [exchange], transcript, {})
