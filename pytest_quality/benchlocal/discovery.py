"""Where benchlocal-format packs come from, and the ids they get.

An installed `benchlocal_cli` package is found with `importlib.util.find_spec` (its code is never
imported or run) and its `benchlocal_cli/packs/*.jsonl` are offered as `benchlocal/<pack_id>`, so
they never clash with ours. A benchlocal-format pack in a `--pack-path` folder keeps its own id,
unless that id is one of our bundled packs: then it is namespaced too, rather than silently
replacing ours (a native-format pack there still replaces ours, as documented for --pack-path).
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from pytest_quality.scenario import bundled_pack_dir

NAMESPACE = "benchlocal/"


def installed_benchlocal_dir() -> Path | None:
    """`<benchlocal_cli>/packs` of an importable benchlocal_cli package, or None."""
    try:
        spec = importlib.util.find_spec("benchlocal_cli")
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location) / "packs"
        if folder.is_dir():
            return folder
    return None


@lru_cache(maxsize=None)
def _bundled_ids() -> frozenset[str]:
    return frozenset(p.stem for p in bundled_pack_dir().glob("*.jsonl"))


def is_foreign_file(path: Path) -> bool:
    """Line 1 is a benchlocal meta object (`verifier_module`, no `verifier`)."""
    try:
        with open(path, encoding="utf-8") as f:
            first = next((line for line in f if line.strip()), "")
        meta = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # the loader reports what is wrong with it, under its plain id
    return isinstance(meta, dict) and "verifier_module" in meta and "verifier" not in meta


def _same_dir(a: Path, b: Path | None) -> bool:
    try:
        return b is not None and a.resolve() == b.resolve()
    except OSError:
        return False


def namespaced_id(path: Path, pack_id: str) -> str:
    """The id a benchlocal-format pack is run under."""
    if _same_dir(path.parent, installed_benchlocal_dir()) or pack_id in _bundled_ids():
        return NAMESPACE + pack_id
    return pack_id


def pack_key(path: Path) -> str:
    """The id `available_packs` lists a pack file under (the file name, namespaced when foreign)."""
    if _same_dir(path.parent, bundled_pack_dir()) or not is_foreign_file(path):
        return path.stem
    return namespaced_id(path, path.stem)
