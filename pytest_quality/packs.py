"""Pack files: loading and validation with file:line errors, pack sets (modes) and discovery.

A pack is data. `<pack_id>.jsonl`: line 1 is the meta object, each further line a scenario
(docs/PACKS.md). Each pack file is in one of the formats in pytest_quality.formats, picked from its
meta line; the format validates its scenarios and decides how they are asked and graded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pytest_quality import formats
from pytest_quality.scenario import (  # noqa: F401 - the model, re-exported for callers that load packs
    ATTACKS,
    NO_ANSWER,
    SANDBOXED_TYPES,
    Pack,
    PackError,
    Scenario,
    bundled_pack_dir,
    derive_marker,
    reply_of,
)
from pytest_quality.settings import MODES  # noqa: F401 - re-exported: the pack sets of each mode


def _parse_line(path: Path, lineno: int, text: str) -> dict[str, Any]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        raise PackError(path, lineno, f"invalid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise PackError(path, lineno, f"expected a JSON object, got {type(obj).__name__}")
    return obj


def load_pack(path: Path | str, check_references: bool = True, text: str | None = None) -> Pack:
    """Load and validate one pack file. Raises PackError naming file:line and the reason.

    `text`, when given, is used instead of the file's contents (a generated pack re-materialised
    in memory); `path` still names the pack.
    """
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(path, 0, f"cannot read pack: {exc}") from None
    lines = [(n, t) for n, t in enumerate(text.splitlines(), start=1) if t.strip()]
    if not lines:
        raise PackError(path, 1, "empty pack file")
    meta_line, meta_text = lines[0]
    meta = _parse_line(path, meta_line, meta_text)
    if meta.get("__meta__") is not True:
        raise PackError(path, meta_line, 'line 1 must be the meta object with "__meta__": true')
    pack_id = str(meta.get("pack_id") or path.stem)
    if path.stem != pack_id and path.suffix == ".jsonl":
        raise PackError(path, meta_line, f"pack_id {pack_id!r} does not match the file name {path.name!r}")
    fmt = formats.detect(meta)
    pack_id = fmt.pack_id(path, pack_id)
    default_type = fmt.default_verifier_type(meta)

    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for lineno, line_text in lines[1:]:
        raw = _parse_line(path, lineno, line_text)
        sid = raw.get("id")
        if not isinstance(sid, str) or not sid:
            raise PackError(path, lineno, 'scenario has no string "id"')
        node_name = sid
        if sid in seen:
            node_name = fmt.duplicate_node_name(path, lineno, sid, seen[sid], sum(1 for s in scenarios if s.id == sid))
        seen.setdefault(sid, lineno)
        messages = raw.get("messages")
        if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
            raise PackError(path, lineno, f'{sid}: "messages" must be a non-empty list of message objects')
        verifier = raw.get("verifier")
        verifier = dict(verifier) if isinstance(verifier, dict) else {}
        verifier.setdefault("type", default_type)
        tools = raw.get("tools")
        overrides = raw.get("sampling_overrides")
        scenario = Scenario(
            pack_id=pack_id,
            id=sid,
            node_name=node_name,
            line=lineno,
            messages=messages,
            verifier=verifier,
            raw=raw,
            title=str(raw.get("title") or raw.get("description") or ""),
            tags=list(raw.get("tags") or []),
            tools=tools if isinstance(tools, list) else None,
            sampling_overrides=dict(overrides) if isinstance(overrides, dict) else {},
            reference=raw.get("reference"),
            negatives=_entries(raw, "negatives"),
            positives=_entries(raw, "positives"),
            format=fmt.name,
        )
        fmt.prepare(path, scenario, meta, check_references)
        scenarios.append(scenario)
    return Pack(pack_id, path, meta, scenarios, fmt.name)


def _entries(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    return list(value) if isinstance(value, list) else []


def pack_dirs(extra: list[str] | None = None) -> list[Path]:
    """Bundled packs first, then an installed benchlocal_cli's packs, then `--pack-path` folders, then
    QUALITY_PACK_PATH (os.pathsep-separated)."""
    dirs = [bundled_pack_dir()]
    dirs += formats.pack_dirs()
    dirs += [Path(p) for p in extra or []]
    env = os.environ.get("QUALITY_PACK_PATH", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    return dirs


def available_packs(extra_dirs: list[str] | None = None) -> dict[str, Path]:
    """pack_id -> path. A later folder's pack with the same id replaces an earlier one (benchlocal-format
    packs are namespaced first, so they never replace ours: formats.listing_id)."""
    found: dict[str, Path] = {}
    for folder in pack_dirs(extra_dirs):
        if folder.is_dir():
            for path in sorted(folder.glob("*.jsonl")):
                if not path.name.endswith(".partial.jsonl"):
                    found[formats.listing_id(path)] = path
    return found


def bundled_markers() -> list[str]:
    """The marker of each shipped pack (its meta `marker`, else derived from its id), from the meta lines only."""
    found = []
    for path in sorted(bundled_pack_dir().glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            meta = json.loads(handle.readline())
        found.append(str(meta.get("marker") or derive_marker(str(meta.get("pack_id") or path.stem))))
    return list(dict.fromkeys(found))


def resolve_pack_ids(mode: str | None, packs: list[str] | None) -> list[str]:
    if packs:
        return list(dict.fromkeys(packs))
    return list(MODES[mode or "medium"])
