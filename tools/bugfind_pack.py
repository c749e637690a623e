"""Assemble packs/bugfind-15.jsonl from packs/src/bugfind-15/.

    pack.yaml                   header: the pack's first line; scenarios: the folders in pack order
    system.md                   the system prompt; {language} stands for the scenario's language
    <id>/scenario.yaml          id, title, language, filename, category, difficulty, trap, the expected
                                observations of the hidden tests, extra verifier parameters, the negatives
    <id>/<filename>             the file the user shows (buggy; correct for a trap)
    <id>/report.md              what the user saw
    <id>/hidden_tests.<ext>     the hidden tests (never shown to the model)
    <id>/reference/<filename>   the fixed file (not for traps)
    <id>/reference.md           for traps: why there is no bug
    <id>/negatives/...          wrong replies: `fix` (a wrong fixed file), `no_bug` (text) or `raw` (a whole reply)

`expected` holds what the hidden tests observe on the reference fix (on the original file for traps),
computed in a real sandbox: tools/check_packs.py recomputes it and fails when it is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

PACK_ID = "bugfind-15"


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def fix_reply(language: str, code: str) -> dict[str, str]:
    return {"role": "assistant", "content": f'<solution language="{language}" verdict="fix">\n{code}</solution>'}


def no_bug_reply(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": f'<solution verdict="no_bug">\n{text.strip()}\n</solution>'}


def load(folder: Path) -> dict:
    """One scenario folder: its scenario.yaml plus the texts of its files."""
    spec = yaml.safe_load(_text(folder / "scenario.yaml"))
    spec["shown"] = _text(folder / spec["filename"])
    spec["report"] = _text(folder / "report.md")
    spec["hidden_tests"] = _text(folder / spec["hidden_tests"])
    if spec["trap"]:
        spec["reference"] = no_bug_reply(_text(folder / "reference.md"))
    else:
        spec["fixed"] = _text(folder / "reference" / spec["filename"])
        spec["reference"] = fix_reply(spec["language"], spec["fixed"])
    spec["negative_replies"] = []
    for negative in spec["negatives"]:
        ((kind, path),) = negative.items()
        text = _text(folder / path)
        reply = {
            "fix": lambda t: fix_reply(spec["language"], t),
            "no_bug": no_bug_reply,
            "raw": lambda t: {"role": "assistant", "content": t},
        }[kind](text)
        spec["negative_replies"].append(reply)
    return spec


def scenario(spec: dict, system: str) -> dict:
    language = spec["language"]
    verifier = {
        "type": "bugfind",
        "language": language,
        "filename": spec["filename"],
        "trap": spec["trap"],
        "hidden_tests": spec["hidden_tests"],
        **(spec.get("verifier") or {}),
        "expected": spec["expected"],
    }
    user = f"File `{spec['filename']}`:\n\n```{language}\n{spec['shown']}```\n\nReport:\n{spec['report'].strip()}"
    return {
        "id": spec["id"],
        "title": spec["title"],
        "tags": [language, spec["category"], spec["difficulty"], *(["trap"] if spec["trap"] else [])],
        "messages": [
            {"role": "system", "content": system.replace("{language}", language)},
            {"role": "user", "content": user},
        ],
        "verifier": verifier,
        "reference": spec["reference"],
        "negatives": spec["negative_replies"],
    }


def load_all(src: Path) -> list[dict]:
    root = src / PACK_ID
    order = yaml.safe_load(_text(root / "pack.yaml"))["scenarios"]
    return [load(root / name) for name in order]


def build(src: Path) -> dict[str, str]:
    """{pack file name: its text}, built from src (packs/src)."""
    root = src / PACK_ID
    header = yaml.safe_load(_text(root / "pack.yaml"))["header"]
    system = _text(root / "system.md")
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(scenario(spec, system), ensure_ascii=False) for spec in load_all(src)]
    return {f"{PACK_ID}.jsonl": "\n".join(lines) + "\n"}
