"""Recompute, in a real sandbox, the values the pack sources store but a reference decides (needs Docker).

    .venv/bin/python tools/check_packs.py                # bugfind-15, lcb-v6-30, humaneval-plus-30
    .venv/bin/python tools/check_packs.py bugfind-15     # one pack

- bugfind-15: the hidden tests' `expected` observations equal what they observe on the reference fix
  (on the shown file for a trap), and every non-trap's shown file fails its hidden tests.
- lcb-v6-30: each explicit test's `output` equals the reference's output on its input.
- humaneval-plus-30 and lcb-v6-30: the reference passes, and each scenario has a near-miss negative that
  passes the public tests but fails the hidden ones (a check the examples alone would not catch).

Exit status 1 with one line per problem. Whether every reference passes and every negative fails in
the pack as a whole is the packs' integration tests' job (tests/integration/test_pack_*.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import bugfind_pack  # noqa: E402
from build_packs import SRC, build_all  # noqa: E402

from pytest_quality.packs import Scenario, load_pack  # noqa: E402
from pytest_quality.reply import Reply  # noqa: E402
from pytest_quality.sandbox.kinds import bugfind, code_exec  # noqa: E402
from pytest_quality.sandbox.pool import SandboxPool  # noqa: E402


def check_bugfind(pool: SandboxPool) -> list[str]:
    problems = []
    for spec in bugfind_pack.load_all(SRC):
        params = {
            "language": spec["language"],
            "filename": spec["filename"],
            "hidden_tests": spec["hidden_tests"],
            **(spec.get("verifier") or {}),
        }
        truth = spec["shown"] if spec["trap"] else spec["fixed"]
        with pool.acquire() as sandbox:
            observed, why, _ = bugfind.observe(params, truth, sandbox)
        if observed is None:
            problems.append(f"{spec['id']}: the reference does not run: {why}")
        elif observed != spec["expected"]:
            problems.append(f"{spec['id']}: expected observations are stale: the reference gives {observed}")
        if not spec["trap"]:
            with pool.acquire() as sandbox:
                passed, detail, _ = bugfind.run_hidden_tests(
                    {**params, "expected": spec["expected"]}, spec["shown"], sandbox
                )
            if passed:
                problems.append(f"{spec['id']}: the buggy file passes its hidden tests")
        print(f"  {spec['id']}: checked", file=sys.stderr)
    return problems


def _lcb_outputs(scenario: Scenario, sandbox) -> list[str] | str:
    """The reference's output on every explicit test, or why it could not be run."""
    spec = code_exec.Spec.of(scenario)
    explicit = [t for t in spec.tests if "gen" not in t]
    spec.tests = [{k: v for k, v in t.items() if k != "output"} for t in explicit]
    code = code_exec.reference_code(scenario, spec)
    if not code:
        return "no reference code"
    run = code_exec.execute(sandbox, spec, code_exec.assemble(spec, code), [60.0] * len(spec.tests), "check")
    outs = []
    for i in range(len(spec.tests)):
        r = run.results.get(i)
        if not r or r.get("status") != "ok":
            return f"the reference fails explicit test {i}: {r} {run.stderr}"
        outs.append(r["stdout"] if spec.style == "stdio" else json.dumps(r["out"], separators=(",", ":")))
    return outs


def check_code(pack_id: str, pool: SandboxPool) -> list[str]:
    problems = []
    pack = load_pack(ROOT / "packs" / f"{pack_id}.jsonl", check_references=False)
    for scenario in pack.scenarios:
        public = Scenario(
            pack_id=pack_id,
            id=scenario.id,
            node_name=scenario.id,
            line=0,
            messages=scenario.messages,
            verifier={**scenario.verifier, "tests": [t for t in scenario.verifier["tests"] if t.get("public")]},
            raw=scenario.raw,
            reference=scenario.reference,
            negatives=scenario.negatives,
        )
        with pool.acquire() as sandbox:
            if pack_id == "lcb-v6-30":
                outs = _lcb_outputs(scenario, sandbox)
                stored = [t["output"] for t in scenario.verifier["tests"] if "gen" not in t]
                if isinstance(outs, str):
                    problems.append(f"{scenario.id}: {outs}")
                elif outs != stored:
                    problems.append(f"{scenario.id}: stored outputs differ from the reference's: {outs}")
                sandbox.reset()
            verdict = code_exec.regrade(scenario, Reply.from_message(scenario.reference), sandbox)
            sandbox.reset()
            if not verdict.passed:
                problems.append(f"{scenario.id}: the reference fails: {verdict.detail}")
            near_misses = 0
            for negative in scenario.negatives:
                full = code_exec.regrade(scenario, Reply.from_message(negative), sandbox)
                sandbox.reset()
                on_public = code_exec.regrade(public, Reply.from_message(negative), sandbox)
                sandbox.reset()
                near_misses += on_public.passed and not full.passed
        if not near_misses:
            problems.append(f"{scenario.id}: no negative passes the public tests and fails the hidden ones")
        print(f"  {pack_id} {scenario.id}: {near_misses} near-miss(es)", file=sys.stderr)
    return problems


def main(argv: list[str]) -> int:
    wanted = argv or ["bugfind-15", "lcb-v6-30", "humaneval-plus-30"]
    stale = [name for name, text in build_all().items() if (ROOT / "packs" / name).read_bytes() != text.encode("utf-8")]
    if stale:
        print(f"rebuild first (tools/build_packs.py): {', '.join(stale)} out of date", file=sys.stderr)
        return 1
    problems: list[str] = []
    with SandboxPool(size=1) as pool:
        for pack_id in wanted:
            problems += check_bugfind(pool) if pack_id == "bugfind-15" else check_code(pack_id, pool)
    for problem in problems:
        print("PROBLEM", problem)
    print("all checks passed" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
