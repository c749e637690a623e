"""Shards and endpoint pools on this machine (docs/SCALING.md, "Measured example").

Two loopback replicas model a server with one slot each and L seconds per request. Three ways to run
the same selection: unsharded against one replica; two shards started at once, one per replica (two
"machines"), then `pytest-quality merge`; one run with an endpoint pool of both replicas and `-n 2`.
Each merged result is checked against the unsharded one (verdicts, totals, Quality line).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import emit, median, run_pytest
from tests.support.fake_openai import FakeServer, answer_reference


def _key(data: dict) -> tuple:
    verdicts = sorted((s["node_id"], s["passed"], s["failure_mode"]) for p in data["packs"] for s in p["scenarios"])
    return verdicts, data["totals"], data["quality_line"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=2, help="quick x repeat scenarios")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    replicas = [FakeServer(answer_reference).start() for _ in range(2)]
    for r in replicas:
        r.slots, r.latency_s = threading.BoundedSemaphore(1), args.latency
    common = ["--quality=quick", f"--repeat={args.repeat}", "--measured-tps=100"]
    walls: dict[str, list[float]] = {"unsharded": [], "shards": [], "merge": [], "pool": []}
    try:
        for _ in range(args.rounds):
            wall, proc, full = run_pytest([*common, f"--endpoint={replicas[0].url}"])
            assert full, proc.stdout[-2000:]
            walls["unsharded"].append(wall)
            folder = Path(tempfile.mkdtemp(prefix="pq-shards-"))
            start = time.perf_counter()
            for i in range(2):
                (folder / f"s{i}").mkdir()

            def shard(i: int, folder: Path = folder) -> object:
                return run_pytest(
                    [*common, f"--endpoint={replicas[i].url}", f"--shard={i + 1}/2"], cwd=folder / f"s{i}"
                )

            with ThreadPoolExecutor(2) as ex:  # two "machines", each with its own replica
                list(ex.map(shard, range(2)))
            walls["shards"].append(time.perf_counter() - start)
            start = time.perf_counter()
            out = folder / "merged.json"
            merged = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest_quality",
                    "merge",
                    str(out),
                    *(str(folder / f"s{i}" / "bench.json") for i in range(2)),
                ],
                capture_output=True,
                text=True,
            )
            walls["merge"].append(time.perf_counter() - start)
            assert merged.returncode == 0, merged.stderr
            assert _key(json.loads(out.read_text())) == _key(full), "merged differs from the unsharded run"
            wall, proc, pooled = run_pytest([*common, *(f"--endpoint={r.url}" for r in replicas), "-n", "2"])
            assert pooled and _key(pooled) == _key(full), proc.stdout[-2000:]
            walls["pool"].append(wall)
    finally:
        for r in replicas:
            r.stop()
    n = full["totals"]["total"]
    emit(
        "shards",
        {
            "scenarios": n,
            "latency_s": args.latency,
            "replica_slots": 1,
            "rounds": args.rounds,
            "ideal_one_replica_s": round(n * args.latency, 2),
            "ideal_two_replicas_s": round(n * args.latency / 2, 2),
            **{f"{k}_wall_s": round(median(v), 2) for k, v in walls.items()},
            "merged_equals_unsharded": True,
        },
    )


if __name__ == "__main__":
    main()
