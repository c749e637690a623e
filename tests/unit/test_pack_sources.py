"""The committed packs are exactly what tools/build_packs.py builds from packs/src/."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "tools" / "build_packs.py"


def _builder():
    spec = importlib.util.spec_from_file_location("build_packs", BUILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_pack_rebuilds_byte_identical(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(BUILD), "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = sorted(p.name for p in tmp_path.glob("*.jsonl"))
    assert built == [
        "aider-polyglot-30.jsonl",
        "bugfind-15.jsonl",
        "cli-40.jsonl",
        "hermesagent-20.jsonl",
        "humaneval-plus-30.jsonl",
        "lcb-v6-30.jsonl",
    ]
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "packs" / name).read_bytes(), f"packs/{name} is stale"


def test_check_mode_agrees():
    proc = subprocess.run([sys.executable, str(BUILD), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "up to date" in proc.stdout, proc.stdout + proc.stderr


def test_an_edited_source_changes_only_its_pack(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "packs" / "src", src)
    before = _builder().build_all(src)
    (src / "aider" / "python" / "bowling" / ".meta" / "example" / "bowling.py").write_text("pass\n")
    prompt = src / "cli-40" / "CLI-01" / "prompt.md"
    prompt.write_text(prompt.read_text() + "Also print the date.\n")
    after = _builder().build_all(src)
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["aider-polyglot-30.jsonl", "cli-40.jsonl"]
    assert "Also print the date." in after["cli-40.jsonl"]


def test_a_broken_source_names_its_file(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "packs" / "src", src)
    scenario = src / "hermesagent-20" / "HA-01" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("!file 'prompt.md'", "!file 'missing.md'"))
    with pytest.raises(ValueError, match="HA-01/scenario.yaml"):
        _builder().build_all(src)
