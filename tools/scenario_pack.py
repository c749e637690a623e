"""Assemble a pack from a folder of scenario files: packs/src/<pack-id>/.

    pack.yaml                  header: the pack's first JSONL line; scenarios: the folders, in pack order
    <scenario>/scenario.yaml   the scenario record, field for field as it appears in the pack

Long texts live in their own files next to scenario.yaml and are pulled in with YAML tags:

    !file prompt.md            the file's text, byte for byte
    !fenced reference.py       the file's code as one fenced block (```python ... ```), as a reply holds it
    !tool_specs [memory, cron] the hermes tools of these toolsets (pytest_quality.sandbox.kinds.hermes_tools)
    !value module:NAME         a constant of the package (the cli kind's bash tool)

Paths are relative to the YAML file, so a prompt shared by every scenario is `!file ../system.md`.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import yaml

from pytest_quality.sandbox.kinds.hermes_tools import tool_specs

FENCE = {".py": "python", ".js": "javascript", ".go": "go", ".rs": "rust", ".sh": "bash"}


class _Loader(yaml.SafeLoader):
    """A SafeLoader that knows where the YAML file is, for !file and !fenced."""

    folder = Path(".")


def _text(loader: _Loader, node: yaml.Node) -> str:
    path = loader.folder / loader.construct_scalar(node)
    return path.read_bytes().decode("utf-8")


def _fenced(loader: _Loader, node: yaml.Node) -> str:
    name = loader.construct_scalar(node)
    code = (loader.folder / name).read_bytes().decode("utf-8")
    return f"```{FENCE[Path(name).suffix]}\n{code.rstrip(chr(10))}\n```"


def _tool_specs(loader: _Loader, node: yaml.Node) -> list[dict[str, Any]]:
    return tool_specs(loader.construct_sequence(node))


def _value(loader: _Loader, node: yaml.Node) -> Any:
    module, name = loader.construct_scalar(node).split(":")
    return getattr(importlib.import_module(module), name)


_Loader.add_constructor("!file", _text)
_Loader.add_constructor("!fenced", _fenced)
_Loader.add_constructor("!tool_specs", _tool_specs)
_Loader.add_constructor("!value", _value)


def load_yaml(path: Path) -> Any:
    loader = _Loader(path.read_bytes().decode("utf-8"))
    loader.folder = path.parent
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    finally:
        loader.dispose()


def build_pack(folder: Path) -> str:
    """The pack's JSONL text, built from folder (packs/src/<pack-id>)."""
    spec = load_yaml(folder / "pack.yaml")
    lines = [json.dumps(spec["header"], ensure_ascii=False)]
    for name in spec["scenarios"]:
        lines.append(json.dumps(load_yaml(folder / name / "scenario.yaml"), ensure_ascii=False))
    return "\n".join(lines) + "\n"


def build(src: Path, pack_ids: tuple[str, ...]) -> dict[str, str]:
    """{pack file name: its text} for these packs, built from src (packs/src)."""
    return {f"{pack_id}.jsonl": build_pack(src / pack_id) for pack_id in pack_ids}
