"""Pack formats as strategies: how a pack in one file format is loaded, asked and graded.

Two formats exist: `native` (this project's packs: every scenario carries a reference and negatives that
are checked at load) and `benchlocal` (benchlocal-cli's own pack files, scored the way benchlocal scores
them; see docs/BENCHLOCAL_COMPAT.md). The engine holds a `Format` and calls it; it never asks which one.

A pack's format is picked once, from its meta line (`detect`), and recorded by name on the pack and on
each scenario (the model stays plain data); `of(scenario)` gives the strategy back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_quality.formats.base import Format, PackNotes
from pytest_quality.formats.benchlocal import BENCHLOCAL
from pytest_quality.formats.native import NATIVE

FORMATS: dict[str, Format] = {f.name: f for f in (NATIVE, BENCHLOCAL)}

__all__ = ["FORMATS", "Format", "PackNotes", "detect", "listing_id", "of", "pack_dirs"]


def detect(meta: dict[str, Any]) -> Format:
    """The format of a pack, from its meta line (the first format that claims it)."""
    return next(f for f in FORMATS.values() if f.claims(meta))


def pack_dirs() -> list[Path]:
    """The folders the formats add to pack discovery (after the bundled packs)."""
    return [d for f in FORMATS.values() for d in f.pack_dirs()]


def listing_id(path: Path) -> str:
    """The id a discovered pack file is listed under: its file name unless a format says otherwise."""
    return next((key for f in FORMATS.values() if (key := f.listing_id(path)) is not None), path.stem)


def of(item: Any) -> Format:
    """The format a pack or scenario was loaded with."""
    return FORMATS[item.format]
