"""Mutation score of verifier modules from a uniform random sample of their mutants (mutmut 3).

A full mutmut run of the verifiers takes hours on a small machine; a seeded sample of each module's
mutants gives the score with a confidence interval in a fraction of that. Run by benchmarks/mutation.sh
(`--sample N --seed S`) inside its scratch copy, after `mutmut run` has generated the mutants:

    python mutation_sample.py pick  --sample N --seed S MODULE.py ...   # the chosen mutants not yet checked
    python mutation_sample.py score --sample N --seed S MODULE.py ...   # one JSON line per module,
                                                                        # survivors in survivors-MODULE.py.txt

The same N, S and source give the same mutants: each module's mutant names are sorted and drawn with
random.Random(f"{S}:{module}"). The interval is Wilson's 95% score interval for killed / checked.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

VERIFIERS = Path("pytest_quality/verifiers")
# mutmut's exit codes (mutmut/stats.py): 1 and 3 are kills; a mutant that made the tests run out of
# CPU time counts as killed too, as mutmut's own score does.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}


def exit_codes(module: str) -> dict[str, int | None]:
    return json.loads((Path("mutants") / VERIFIERS / (module + ".meta")).read_text())["exit_code_by_key"]


def pick(module: str, sample: int, seed: int) -> list[str]:
    names = sorted(exit_codes(module))
    # random.sample draws one by one, so a smaller sample with the same seed is part of a bigger one.
    return sorted(random.Random(f"{seed}:{module}").sample(names, min(sample, len(names))))


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def score(module: str, sample: int, seed: int) -> tuple[dict, list[str]]:
    codes = exit_codes(module)
    chosen = pick(module, sample, seed)
    got = [codes[name] for name in chosen]
    killed = sum(code in KILLED for code in got)
    timeout = sum(code in TIMEOUT for code in got)
    survived = [name for name, code in zip(chosen, got) if code in SURVIVED]
    other = len(got) - killed - timeout - len(survived)  # not checked, no tests, suspicious, segfault
    checked = killed + timeout + len(survived)
    low, high = wilson(killed + timeout, checked)
    return {
        "benchmark": "mutation-sample",
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end",
        "module": module,
        "mutants": len(codes),
        "sample": len(chosen),
        "seed": seed,
        "checked": checked,
        "killed": killed,
        "timeout": timeout,
        "survived": len(survived),
        "other": other,
        "score": round((killed + timeout) / checked, 4) if checked else None,
        "ci95": [round(low, 4), round(high, 4)],
    }, survived


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["pick", "score"])
    parser.add_argument("--sample", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("modules", nargs="+", help="file names under pytest_quality/verifiers/")
    args = parser.parse_args()
    for module in args.modules:
        if args.action == "pick":  # the ones not checked yet: a run stopped half-way resumes
            codes = exit_codes(module)
            print("\n".join(name for name in pick(module, args.sample, args.seed) if codes[name] is None))
        else:
            line, survived = score(module, args.sample, args.seed)
            print(json.dumps(line))
            Path(f"survivors-{module}.txt").write_text("".join(name + "\n" for name in survived))
    return 0


if __name__ == "__main__":
    sys.exit(main())
