"""Verification cost per sandboxed scenario: warm pool vs a fresh container per scenario (figures in BENCHMARKS.md).

Both arms do the same work a BugFind-style scenario does: write a candidate file into /workspace,
run it with Python, read the result; the warm arm also pays the workspace reset between scenarios.
The two arms alternate in one run so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import emit, median
from pytest_quality.sandbox.cleanup import docker_available
from pytest_quality.sandbox.container import Sandbox
from pytest_quality.sandbox.pool import SandboxPool

CANDIDATE = "def add(a, b):\n    return a + b\n"
HARNESS = "from candidate import add\nassert add(2, 3) == 5\nprint('ok')\n"


def scenario(sandbox: Sandbox) -> None:
    sandbox.put_files({"candidate.py": CANDIDATE, "harness.py": HARNESS})
    result = sandbox.exec(["python3", "harness.py"], timeout=20)
    assert result.exit_code == 0 and b"ok" in result.stdout, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    ok, reason = docker_available()
    if not ok:
        raise SystemExit(f"sandbox benchmark needs Docker: {reason}")
    warm, cold = [], []
    with SandboxPool(size=1) as pool:
        with pool.acquire() as sandbox:  # start the pool's container outside the timing
            scenario(sandbox)
        for _ in range(args.rounds):
            start = time.perf_counter()
            with pool.acquire() as sandbox:
                scenario(sandbox)
            warm.append(time.perf_counter() - start)  # includes the reset on release
            start = time.perf_counter()
            with Sandbox() as sandbox:
                scenario(sandbox)
            cold.append(time.perf_counter() - start)
    emit(
        "sandbox",
        {
            "rounds": args.rounds,
            "warm_pool_ms_median": round(median(warm) * 1000, 1),
            "fresh_container_ms_median": round(median(cold) * 1000, 1),
            "fresh_over_warm": round(median(cold) / median(warm), 2),
        },
    )


if __name__ == "__main__":
    main()
