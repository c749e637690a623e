"""`pip install .` into a fresh venv, then run from an empty folder: the packs ship as package data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_fresh_venv_install_collects_from_an_empty_folder(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], capture_output=True, text=True)
    if pip.returncode != 0 and "No matching distribution" in pip.stderr:
        pytest.skip(f"no package index reachable for the dependencies: {pip.stderr[-300:]}")
    assert pip.returncode == 0, pip.stderr[-2000:]
    empty = tmp_path / "empty"
    empty.mkdir()
    pytest_bin = str(venv / "bin" / "pytest")

    def collect(*extra: str) -> list[str]:
        out = subprocess.run(
            [
                pytest_bin,
                "--quality=medium",
                "--collect-only",
                "-q",
                "--endpoint=127.0.0.1:9",
                "-p",
                "no:cacheprovider",
                *extra,
            ],
            cwd=empty,
            capture_output=True,
            text=True,
        )
        return [line for line in out.stdout.splitlines() if ".jsonl::" in line]

    assert len(collect()) == 75
    assert len(collect("-k", "toolcall")) == 15
    assert len(collect("-m", "reasonmath")) == 15
    listing = subprocess.run([str(venv / "bin" / "pytest-quality"), "list"], capture_output=True, text=True)
    assert "ToolCall-15 (`toolcall-15`)" in listing.stdout
    assert not (empty / "reports").exists() or not any((empty / "reports").iterdir())


def test_every_source_package_is_listed_in_pyproject():
    """A subpackage missing from [tool.setuptools] packages works editable but vanishes from a wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {str(p.parent.relative_to(ROOT)).replace("/", ".") for p in (ROOT / "pytest_quality").rglob("*.py")}
    assert on_disk <= listed, sorted(on_disk - listed)
