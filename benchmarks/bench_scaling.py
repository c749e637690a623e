"""Scaling with xdist against a loopback server that models a batching inference server (issue 7).

The server has C slots and takes a fixed L seconds per request. N scenarios with `-n C` should finish
within 1.2 x (N*L/C) plus start-up. Start-up (interpreter, collection, workers, probe) is measured by a
1-scenario run with the same `-n C`, run side by side, and subtracted.
"""

from __future__ import annotations

import argparse
import threading

from benchmarks.common import emit, median, run_pytest
from tests.support.fake_openai import FakeServer, answer_reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.4, help="L: seconds per request")
    parser.add_argument("--repeat", type=int, default=2, help="N = 75 x repeat scenarios")
    parser.add_argument("--slots", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for slots in args.slots:
        with FakeServer(answer_reference) as server:
            server.slots = threading.BoundedSemaphore(slots)
            server.latency_s = args.latency
            common = ["--quality=medium", f"--endpoint={server.url}", "--measured-tps=100", "-n", str(slots)]
            walls, startups, n = [], [], 0
            for _ in range(args.rounds):
                wall, proc, data = run_pytest([*common, f"--repeat={args.repeat}"])
                assert data and data["totals"]["passed"] == data["totals"]["total"], proc.stdout[-2000:]
                n = data["totals"]["total"]
                walls.append(wall)
                one, proc, data = run_pytest([*common, "-k", "TC-01"])
                assert data and data["totals"]["total"] == 1, proc.stdout[-2000:]
                startups.append(one - args.latency)
        ideal = n * args.latency / slots
        work = median(walls) - median(startups)
        rows.append({"slots": slots, "workers": slots, "scenarios": n, "latency_s": args.latency,
                     "wall_s": round(median(walls), 2), "startup_s": round(median(startups), 2),
                     "ideal_s": round(ideal, 2), "ratio_to_ideal": round(work / ideal, 3)})
        print(rows[-1], flush=True)
    emit("scaling", {"target_ratio": 1.2, "rows": rows})


if __name__ == "__main__":
    main()
