"""The static checks CI runs on the package: layers that import one way (import-linter, the contracts in
pyproject.toml), lint and format (ruff) and types (mypy), each as the command a contributor would run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here (pip install -e '.[test]')")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess:
    # The checkout under test comes first on the path, whatever copy of the package is installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_layers_import_one_way():
    proc = _run(_tool("lint-imports"), "--no-cache")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


TREES = ("pytest_quality", "tests", "tools", "benchmarks")


def test_ruff_lint_is_clean():
    proc = _run(_tool("ruff"), "check", *TREES)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_ruff_format_is_applied():
    # ruff is pinned in pyproject.toml: another version may format differently.
    proc = _run(_tool("ruff"), "format", "--check", *TREES)
    assert proc.returncode == 0, (
        "run `ruff format " + " ".join(TREES) + "`:\n" + proc.stdout[-4000:] + proc.stderr[-2000:]
    )


def test_mypy_on_the_package():
    # The whole package (pyproject.toml [tool.mypy]), strict on the modules the typed model flows through.
    proc = _run(_tool("mypy"))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Success" in proc.stdout
