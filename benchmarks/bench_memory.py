"""Peak RSS of the controller and of a worker for a `--full --repeat 3` run (figures in BENCHMARKS.md).

Against a loopback server answering every scenario with its reference; sandboxed packs run in real
containers when Docker is available (else they are skipped, which the output says).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, emit, run_pytest
from tests.support.fake_openai import FakeServer, answer_reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rss_dir = Path(tempfile.mkdtemp(prefix="pq-rss-"))
    env = {"PQ_RSS_DIR": str(rss_dir), "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with FakeServer(answer_reference) as server:
        wall, proc, data = run_pytest(
            [
                "--quality=full",
                f"--endpoint={server.url}",
                f"--repeat={args.repeat}",
                "--measured-tps=100",
                "-n",
                str(args.workers),
                "-p",
                "benchmarks.peak_rss_plugin",
            ],
            env=env,
        )
    rows = [json.loads(p.read_text()) for p in rss_dir.glob("*.json")]
    controller = [r["peak_rss_kib"] for r in rows if r["role"] == "controller"]
    workers = [r["peak_rss_kib"] for r in rows if r["role"] == "worker"]
    totals = data["totals"] if data else None
    skipped = sum(p.get("skipped", 0) for p in data["packs"]) if data else None
    emit(
        "memory",
        {
            "scenario_runs": (totals or {}).get("total"),
            "skipped_runs": skipped,
            "wall_s": round(wall, 1),
            "controller_peak_rss_mib": round(max(controller) / 1024, 1) if controller else None,
            "worker_peak_rss_mib": round(max(workers) / 1024, 1) if workers else None,
            "workers": args.workers,
            "repeat": args.repeat,
            "returncode": proc.returncode,
        },
    )


if __name__ == "__main__":
    main()
