"""pytest plugin for bench_memory: each process (controller and xdist workers) writes its peak RSS."""

import json
import os
from pathlib import Path


def _vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def pytest_unconfigure(config):
    out = os.environ.get("PQ_RSS_DIR")
    if not out:
        return
    role = "worker" if hasattr(config, "workerinput") else "controller"
    Path(out, f"{role}-{os.getpid()}.json").write_text(json.dumps({"role": role, "peak_rss_kib": _vm_hwm_kib()}))
