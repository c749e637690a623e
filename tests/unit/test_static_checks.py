"""The static checks CI runs on the package: layers that import one way (import-linter, the contracts in
pyproject.toml), lint (ruff) and types (mypy), each as the command a contributor would run."""

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


def test_ruff_lint_is_clean():
    proc = _run(_tool("ruff"), "check", "pytest_quality")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


# The modules the typed model flows through (strict options in pyproject.toml [tool.mypy]). Errors in the
# modules they import are not reported here: the rest of the package is not yet clean under mypy.
TYPED = ["pytest_quality/scenario.py", "pytest_quality/verdict.py", "pytest_quality/reply.py",
         "pytest_quality/target.py", "pytest_quality/formats", "pytest_quality/record.py",
         "pytest_quality/finalise.py"]


def test_mypy_on_the_typed_model():
    proc = _run(_tool("mypy"), "--follow-imports=silent", *TYPED)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
