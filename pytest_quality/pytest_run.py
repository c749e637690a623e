"""Offline commands that run pytest first (`baseline capture --run`, `noise --endpoint`): one way to take
pytest's arguments after `--` and to run pytest into a fresh results file under reports/."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path


def split_pytest_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """(the command's own arguments, everything after `--`, which goes to pytest)."""
    if "--" not in argv:
        return argv, []
    cut = argv.index("--")
    return argv[:cut], argv[cut + 1 :]


def run_pytest(stem: str, flags: list[str], pytest_args: list[str]) -> tuple[int, Path | None]:
    """Run `python -m pytest FLAGS --quality-json=reports/<stem>-<UTC stamp>.json PYTEST_ARGS` here; its exit
    status and the results file, None when the run failed (status other than 0 or 1) or wrote none."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = Path("reports") / f"{stem}-{stamp}.json"
    cmd = [sys.executable, "-m", "pytest", *flags, f"--quality-json={out}", *pytest_args]
    print("running: " + " ".join(cmd), file=sys.stderr)
    status = subprocess.run(cmd, check=False).returncode
    return status, (out if status in (0, 1) and out.exists() else None)
