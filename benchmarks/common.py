"""Shared pieces of the benchmarks: run pytest --quality in a subprocess, time it, read its outputs."""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}, load average {load:.1f} at start"


def run_pytest(
    args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess, dict[str, Any] | None]:
    """Wall seconds, the process (with `cpu_s`: user + system seconds of its whole process tree),
    and the results JSON (if one was written)."""
    cwd = cwd or Path(tempfile.mkdtemp(prefix="pq-bench-"))
    out = cwd / "bench.json"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUALITY_")}
    full_env.update({"PROGRESS": "0", **(env or {})})
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--quality-json={out}", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=full_env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # type: ignore[attr-defined]
    data = json.loads(out.read_text()) if out.exists() else None
    return wall, proc, data


def collected_seconds(stdout: str) -> float | None:
    """pytest's own 'N tests collected in X.XXs' figure."""
    m = re.search(r"collected in ([0-9.]+)s", stdout)
    return float(m.group(1)) if m else None


def median(values: list[float]) -> float:
    return statistics.median(values)


def emit(name: str, result: dict[str, Any]) -> None:
    """Print a JSON line and append it to benchmarks/results.jsonl (the source of BENCHMARKS.md figures)."""
    line = json.dumps(
        {"benchmark": name, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(), **result}
    )
    print(line)
    with open(ROOT / "benchmarks" / "results.jsonl", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
