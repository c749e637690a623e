"""GPQA from the user's own copy: the dataset is gated, so the shipped pack holds metadata only.

Reads the official CSV (columns "Question", "Correct Answer", "Incorrect Answer 1".."3",
"Record ID"; other columns ignored) or a JSONL file with the same fields. Each record becomes a
4-choice question whose options are shuffled by a generator seeded with (shuffle seed, record id),
so a record gets the same letters whatever the file's order or size. Graded by answer_match, letter.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path
from typing import Any

from pytest_quality.generators import jsonl_objects, pack_text, unavailable
from pytest_quality.packs import Pack, PackError, load_pack
from pytest_quality.settings import Settings

SHUFFLE_SEED = 20260509
LETTERS = "ABCD"
QUESTION = "Question"
CORRECT = "Correct Answer"
INCORRECT = ("Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3")
RECORD_ID = "Record ID"
REQUIRED = (QUESTION, CORRECT, *INCORRECT)
INSTRUCTION = (
    "Think the question through, then end your reply with one final line of the form\n"
    "ANSWER: <letter>\n"
    "where <letter> is A, B, C or D: the one option you choose. Write nothing after that line."
)


def read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, record) for each row of a GPQA CSV or JSONL file. Raises PackError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, 0, f"cannot read the GPQA file: {exc}") from None
    if path.suffix.lower() in (".jsonl", ".json") or text.lstrip().startswith("{"):
        return jsonl_objects(path, text)
    reader = csv.DictReader(text.splitlines(keepends=True))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise PackError(path, 1, f"not a GPQA CSV: missing column(s) {', '.join(missing)}")
    records = []
    start = 2
    for row in reader:
        records.append((start, row))
        start = reader.line_num + 1
    return records


def _field(path: Path, lineno: int, record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, lineno, f"record has no {name!r}")
    return value.strip()


def scenario(path: Path, lineno: int, record: dict[str, Any], seed: int) -> dict[str, Any]:
    """One 4-choice scenario from a GPQA record (options shuffled per record)."""
    question = _field(path, lineno, record, QUESTION)
    correct = _field(path, lineno, record, CORRECT)
    options = [correct] + [_field(path, lineno, record, name) for name in INCORRECT]
    record_id = str(record.get(RECORD_ID) or "").strip() or f"line{lineno}"
    rng = random.Random(f"gpqa:{seed}:{record_id}")  # string seed: the same in every process
    order = list(range(4))
    rng.shuffle(order)
    right = LETTERS[order.index(0)]
    wrong = LETTERS[(LETTERS.index(right) + 1 + rng.randrange(3)) % 4]
    listing = "\n".join(f"{LETTERS[i]}) {options[k]}" for i, k in enumerate(order))
    hedge = " or ".join(sorted((right, wrong)))
    return {
        "id": "GPQA-" + re.sub(r"[^A-Za-z0-9_.-]", "-", record_id),
        "title": question.splitlines()[0][:80],
        "tags": ["gpqa", *([str(record["High-level domain"])] if record.get("High-level domain") else [])],
        "messages": [{"role": "user", "content": f"{question}\n\n{listing}\n\n{INSTRUCTION}"}],
        "verifier": {"type": "answer_match", "kind": "letter", "answer": right},
        "reference": {"role": "assistant", "content": f"Option {right} is the one that holds.\n\nANSWER: {right}"},
        "negatives": [
            {"role": "assistant", "content": f"Option {wrong} is the one that holds.\n\nANSWER: {wrong}"},
            {
                "role": "assistant",
                "content": f"It is either {right} or {wrong}; {right} seems likelier.\n\nANSWER: {wrong}",
            },
            {"role": "assistant", "content": f"The answer is ({right})."},
            {"role": "assistant", "content": f"Both are possible.\n\nANSWER: {hedge}"},
        ],
        "source": {"dataset": "GPQA", "record_id": record_id, "line": lineno},
    }


def build_text(meta: dict[str, Any], dataset: Path) -> str:
    """The pack text: the shipped meta plus one scenario per record of the user's file."""
    seed = int(meta.get("shuffle_seed", SHUFFLE_SEED))
    scenarios: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, record in read_records(dataset):
        item = scenario(dataset, lineno, record, seed)
        if item["id"] in seen:
            raise PackError(dataset, lineno, f"duplicate Record ID {item['id']!r} (first on line {seen[item['id']]})")
        seen[item["id"]] = lineno
        scenarios.append(item)
    if not scenarios:
        raise PackError(dataset, 1, "the GPQA file holds no records")
    return pack_text({**meta, "dataset_file": dataset.name, "count": len(scenarios)}, scenarios)


def unavailable_detail(meta: dict[str, Any]) -> str:
    return (
        f"{meta.get('title', 'GPQA')} is a gated dataset and is not shipped; pass --gpqa-path=FILE "
        f"(or set {meta.get('dataset_env', 'QUALITY_GPQA_PATH')}) to run your own copy"
    )


def pack_for_run(pack: Pack, settings: Settings) -> Pack:
    """The pack built from --gpqa-path / QUALITY_GPQA_PATH, or a `dataset-unavailable` placeholder."""
    if not settings.gpqa_path:
        return unavailable(pack, unavailable_detail(pack.meta))
    return load_pack(pack.path, text=build_text(pack.meta, Path(settings.gpqa_path)))
