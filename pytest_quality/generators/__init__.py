"""Packs that are built rather than written: template generators and user-supplied datasets.

A generated pack ships materialised with DEFAULT_SEED (its meta names the "generator" and "seed"),
so a canonical run sees the committed scenarios; `--pack-seed N` re-materialises it at collection.
A dataset pack (meta "requires_dataset") ships metadata only and is built from the user's own copy,
or runs as one skipped `dataset-unavailable` item.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from pytest_quality.packs import Pack, PackError, Scenario, bundled_pack_dir, load_pack
from pytest_quality.settings import DEFAULT_SEED, Settings  # noqa: F401 - DEFAULT_SEED re-exported for generators

GENERATORS = {"gsm_symbolic": "pytest_quality.generators.gsm_symbolic"}
DATASET_LOADERS = {"gpqa": "pytest_quality.generators.gpqa"}
# Shipped packs the user's copy of the real dataset replaces: pack id -> (Settings field, loader module).
DATASET_REPLACEMENTS = {
    "humaneval-plus-30": ("humaneval_path", "pytest_quality.generators.humaneval"),
    "lcb-v6-30": ("lcb_path", "pytest_quality.generators.lcb"),
}
UNAVAILABLE_ID = "dataset-unavailable"


def pack_text(meta: dict[str, Any], scenarios: list[dict[str, Any]]) -> str:
    """The pack file: meta line, then one scenario per line (the format of the bundled packs)."""
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in [meta, *scenarios])


def regenerate(pack: Pack, seed: int) -> str:
    """The text of a generated pack re-materialised with `seed` (same size, same meta otherwise)."""
    name = pack.meta.get("generator")
    if name not in GENERATORS:
        raise ValueError(f'{pack.pack_id} is not a generated pack (meta has no known "generator")')
    module = importlib.import_module(GENERATORS[name])
    count = len(pack.scenarios) or int(pack.meta.get("count") or 30)
    return pack_text({**pack.meta, "seed": seed}, module.materialise(seed=seed, n=count))


def unavailable(pack: Pack, detail: str) -> Pack:
    """The pack as one placeholder item that the collector turns into a `dataset-unavailable` skip."""
    placeholder = Scenario(
        pack_id=pack.pack_id,
        id=UNAVAILABLE_ID,
        node_name=UNAVAILABLE_ID,
        line=1,
        messages=[{"role": "user", "content": ""}],
        verifier={"type": pack.meta.get("verifier")},
        raw={"unavailable": {"status": UNAVAILABLE_ID, "detail": detail}},
        title="dataset not available",
    )
    return Pack(pack.pack_id, pack.path, pack.meta, [placeholder], pack.format)


def jsonl_objects(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a dataset's JSON Lines text; PackError names
    the line of anything that is not one JSON object."""
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise PackError(path, lineno, f"invalid JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise PackError(path, lineno, "expected a JSON object per line")
        rows.append((lineno, obj))
    return rows


def load_for_run(path: Path | str, settings: Settings) -> Pack:
    """The pack a run collects: as shipped, re-materialised for --pack-seed, built from a gated dataset,
    or replaced by the user's copy of the real dataset (--humaneval-path / --lcb-path).

    A bundled pack's references are checked by our own test suite against the verifiers of the same
    release, so a run skips that check for them (about a fifth of a worker's start-up CPU); any other pack file,
    and every pack generated or built here, is checked."""
    bundled = Path(path).resolve().parent == bundled_pack_dir().resolve()
    pack = load_pack(path, check_references=not bundled)
    meta = pack.meta
    if meta.get("generator") and settings.pack_seed is not None and settings.pack_seed != meta.get("seed"):
        return load_pack(path, text=regenerate(pack, settings.pack_seed))
    loader = meta.get("dataset_loader")
    if meta.get("requires_dataset") and loader in DATASET_LOADERS:
        return importlib.import_module(DATASET_LOADERS[loader]).pack_for_run(pack, settings)
    setting, module = DATASET_REPLACEMENTS.get(pack.pack_id, (None, None))
    if setting and module and getattr(settings, setting, None):
        return importlib.import_module(module).dataset_pack(getattr(settings, setting), pack)
    return pack
