"""Harness overhead per scenario, and collection time of every pack (figures in BENCHMARKS.md).

A loopback server answers at once with each scenario's reference, so what is left is our own cost:
collection, request building, the HTTP round trip on loopback, verification, reporting. Per-scenario
overhead = (wall of a 75-scenario run - wall of a 1-scenario run) / 74, median of several pairs run
side by side. Target: under 5 ms per scenario; collecting every pack under 1 s.
"""

from __future__ import annotations

import argparse

from benchmarks.common import collected_seconds, emit, median, run_pytest
from pytest_quality.packs import available_packs
from tests.support.fake_openai import FakeServer, answer_reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=4, help="--repeat for the big run (75 x N scenarios)")
    args = parser.parse_args()
    with FakeServer(answer_reference) as server:
        endpoint = f"--endpoint={server.url}"
        big, small, n_big = [], [], 0
        for _ in range(args.rounds):
            wall, proc, data = run_pytest(
                ["--quality=medium", endpoint, f"--repeat={args.repeat}", "--measured-tps=100"]
            )
            assert data and data["totals"]["passed"] == data["totals"]["total"], proc.stdout[-2000:]
            n_big = data["totals"]["total"]
            big.append(wall)
            wall, proc, data = run_pytest(["--quality=medium", endpoint, "-k", "TC-01", "--measured-tps=100"])
            assert data and data["totals"]["total"] == 1, proc.stdout[-2000:]
            small.append(wall)
        per_scenario_ms = [(b - s) / (n_big - 1) * 1000 for b, s in zip(big, small)]
    all_packs = [f"--pack={p}" for p in sorted(available_packs())]
    collect = []
    for _ in range(args.rounds):
        _, proc, _ = run_pytest([*all_packs, "--collect-only", "--endpoint=127.0.0.1:9"])
        collect.append(collected_seconds(proc.stdout) or float("nan"))
    emit(
        "overhead",
        {
            "scenarios_in_big_run": n_big,
            "rounds": args.rounds,
            "wall_big_s_median": round(median(big), 3),
            "wall_one_s_median": round(median(small), 3),
            "per_scenario_ms_median": round(median(per_scenario_ms), 2),
            "per_scenario_ms_all": [round(x, 2) for x in per_scenario_ms],
            "target_ms": 5,
            "collect_all_packs_s_median": round(median(collect), 3),
            "packs": len(all_packs),
            "collect_target_s": 1,
        },
    )


if __name__ == "__main__":
    main()
