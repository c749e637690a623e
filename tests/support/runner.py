"""Run `pytest --quality ...` and `pytest-quality` subcommands in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class QualityRunResult:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    json_path: Path

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.json_path.read_text())

    def verdicts(self) -> dict[str, tuple[bool, str | None]]:
        return {s["node_id"]: (s["passed"], s["failure_mode"]) for p in self.data["packs"] for s in p["scenarios"]}


def run_quality(
    workdir: Path, *args: str, timeout: float = 600, env: dict[str, str] | None = None, json_name: str = "out.json"
) -> QualityRunResult:
    json_path = workdir / json_name
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALITY_", "PYTEST_ADDOPTS"))}
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--quality-json={json_path}", *args]
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout, env=full_env)
    return QualityRunResult(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start, json_path)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`pytest-quality ARGS` (as `python -m pytest_quality`), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "pytest_quality", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
