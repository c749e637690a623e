"""Scaling with xdist against a loopback server that models a batching inference server (figures in BENCHMARKS.md).

The server has C slots and takes a fixed L seconds per request. N scenarios with `-n C` should finish
within 1.2 x (N*L/C) plus start-up. Start-up (interpreter, collection, workers, probe) is measured by a
1-scenario run with the same `-n C`, run side by side, and subtracted.

`--dist` compares xdist distribution modes side by side (default: the plugin's own choice, and `load`,
xdist's default elsewhere). CPU seconds of the pytest process tree and of the server are recorded,
so a ratio above target can be read against what two cores can do.
"""

from __future__ import annotations

import argparse
import threading
import time

from benchmarks.common import emit, median, run_pytest
from tests.support.fake_openai import FakeServer, answer_reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.4, help="L: seconds per request")
    parser.add_argument("--repeat", type=int, default=4, help="N = 75 x repeat scenarios")
    parser.add_argument("--slots", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--dist",
        nargs="+",
        default=["default", "load"],
        help="xdist modes to compare; 'default' passes no --dist (the plugin chooses)",
    )
    args = parser.parse_args()
    rows = []
    for slots in args.slots:
        with FakeServer(answer_reference) as server:
            server.slots = threading.BoundedSemaphore(slots)
            server.latency_s = args.latency
            common = ["--quality=medium", f"--endpoint={server.url}", "--measured-tps=100", "-n", str(slots)]
            runs: dict[str, dict[str, list[float]]] = {
                d: {"wall": [], "startup": [], "cpu": [], "startup_cpu": [], "server_cpu": []} for d in args.dist
            }
            n = 0
            for _ in range(args.rounds):
                for dist in args.dist:  # interleaved, so machine noise hits every mode alike
                    mode = [] if dist == "default" else [f"--dist={dist}"]
                    server_cpu = time.process_time()
                    wall, proc, data = run_pytest([*common, *mode, f"--repeat={args.repeat}"])
                    runs[dist]["server_cpu"].append(time.process_time() - server_cpu)
                    assert data and data["totals"]["passed"] == data["totals"]["total"], proc.stdout[-2000:]
                    n = data["totals"]["total"]
                    runs[dist]["wall"].append(wall)
                    runs[dist]["cpu"].append(proc.cpu_s)
                    one, proc, data = run_pytest([*common, *mode, "-k", "TC-01"])
                    assert data and data["totals"]["total"] == 1, proc.stdout[-2000:]
                    runs[dist]["startup"].append(one - args.latency)
                    runs[dist]["startup_cpu"].append(proc.cpu_s)
            ideal = n * args.latency / slots
            for dist, r in runs.items():
                work = median(r["wall"]) - median(r["startup"])
                rows.append(
                    {
                        "slots": slots,
                        "workers": slots,
                        "dist": dist,
                        "scenarios": n,
                        "latency_s": args.latency,
                        "wall_s": round(median(r["wall"]), 2),
                        "startup_s": round(median(r["startup"]), 2),
                        "ideal_s": round(ideal, 2),
                        "ratio_to_ideal": round(work / ideal, 3),
                        "pytest_cpu_s": round(median(r["cpu"]), 2),
                        "startup_cpu_s": round(median(r["startup_cpu"]), 2),
                        "cpu_ms_per_scenario": round(1000 * (median(r["cpu"]) - median(r["startup_cpu"])) / n, 1),
                        "server_cpu_s": round(median(r["server_cpu"]), 2),
                    }
                )
                print(rows[-1], flush=True)
    emit("scaling", {"target_ratio": 1.2, "rows": rows})


if __name__ == "__main__":
    main()
