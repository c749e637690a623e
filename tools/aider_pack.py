"""Assemble packs/aider-polyglot-30.jsonl from packs/src/aider/.

The sources are laid out like aider's polyglot benchmark: packs/src/aider/<language>/<exercise>/ holds
the stub files the model edits and the hidden tests at their real paths, `.docs/instructions.md`, and
`.meta/` with `config.json` (id, title, difficulty, which file is which, the negatives to build), the
reference solution (`.meta/example/`), a plausible wrong solution (`.meta/wrong/`) and, for some
exercises, a buggy first try the reference fixes on the retry turn (`.meta/first_try/`).
packs/src/aider/pack.json is the pack's header line. Run it through tools/build_packs.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pytest_quality.sandbox.kinds.aider import prompt_messages

PACK_ID = "aider-polyglot-30"
LANGUAGES = ("cpp", "go", "java", "javascript", "python", "rust")
TEST_NAME = {  # how each language's test files name a test case
    "python": r"^\s+def (test_\w+)\(self",
    "javascript": r"^test\('([^']+)'",
    "go": r"^func (Test\w+)\(t \*testing\.T\)",
    "rust": r"#\[test\]\s*fn (\w+)\(",
    "cpp": r"^TEST_CASE\((\w+)\)",
    "java": r"@Test\s+public void (\w+)\(",
}
PROSE_NEGATIVE = (
    "To solve this I would edit {names}: walk through the input once, keep the state in a small "
    "helper, and handle the edge cases from the instructions (empty input and invalid values). "
    "Let me know if you want the code."
)


def _read(folder: Path, paths: list[str], strip: str = "") -> dict[str, str]:
    return {p.removeprefix(strip): (folder / p).read_bytes().decode("utf-8") for p in paths}


def load_exercise(folder: Path) -> dict:
    """One exercise folder as a dict: config fields plus the file contents, in config order."""
    config = json.loads((folder / ".meta" / "config.json").read_text(encoding="utf-8"))
    files = config["files"]
    return {
        **config,
        "language": folder.parent.name,
        "instructions": (folder / ".docs" / "instructions.md").read_text(encoding="utf-8"),
        "stubs": _read(folder, files["solution"]),
        "tests": _read(folder, files["test"]),
        "support": _read(folder, files.get("support", [])),
        "solution": _read(folder, files["example"], ".meta/example/"),
        "wrong": _read(folder, files["wrong"], ".meta/wrong/"),
        "first_try": _read(folder, files.get("first_try", []), ".meta/first_try/"),
    }


def whole_files(files: dict[str, str], language: str, style: int, note: str = "") -> str:
    """An assistant reply with whole files, in one of the layouts models use (all are accepted)."""
    parts = [note] if note else []
    for path, content in files.items():
        body = content.rstrip("\n")
        if style == 1:
            parts.append(f"**{path}**\n\n```{language}\n{body}\n```")
        elif style == 2:
            parts.append(f"```{language} {path}\n{body}\n```")
        elif style == 3:
            parts.append(f"### `{path}`\n```{language}\n{body}\n```")
        else:
            parts.append(f"{path}\n```{language}\n{body}\n```")
    return "\n\n".join(parts)


def _turns(*texts: str) -> dict:
    return {"turns": [{"role": "assistant", "content": text} for text in texts]}


def verifier(ex: dict) -> dict:
    names = [name for source in ex["tests"].values() for name in re.findall(TEST_NAME[ex["language"]], source, re.M)]
    v = {
        "type": "aider",
        "language": ex["language"],
        "files": ex["stubs"],
        "tests": ex["tests"],
        "support": ex["support"],
        "test_names": names,
        "retries": 1,
    }
    for key in ("crate", "go_package"):
        if ex.get(key):
            v[key] = ex[key]
    return v


def negative(ex: dict, kind: str, index: int) -> dict:
    language = ex["language"]
    if kind == "wrong":
        return _turns(whole_files(ex["wrong"], language, index % 4, "Here is the implementation."))
    if kind == "edit_tests":  # the wrong solution plus the failing tests emptied
        test_path = sorted(ex["tests"])[0]
        emptied = {
            "python": "# tests removed\n",
            "javascript": "// tests removed\n",
            "go": f"package {ex.get('go_package')}\n",
            "rust": "// tests removed\n",
            "cpp": "int placeholder;\n",
            "java": f"public class {Path(test_path).stem} {{}}\n",
        }[language]
        return _turns(
            whole_files(
                {**ex["wrong"], test_path: emptied},
                language,
                0,
                "I implemented the solution and simplified the failing tests.",
            )
        )
    if kind == "prose":
        return _turns(PROSE_NEGATIVE.format(names=", ".join(ex["stubs"])))
    raise ValueError(f"{ex['id']}: unknown negative kind {kind!r}")


def scenario(ex: dict, index: int) -> dict:
    v = verifier(ex)
    style = index % 4
    if ex["first_try"]:
        reference = _turns(
            whole_files(ex["first_try"], ex["language"], style, "Here is my implementation."),
            whole_files(ex["solution"], ex["language"], style, "Fixed: the failing case is handled now."),
        )
    else:
        reference = _turns(whole_files(ex["solution"], ex["language"], style))
    return {
        "id": ex["id"],
        "title": f"{ex['title']} ({ex['language']})",
        "tags": [ex["language"], ex["difficulty"]],
        "messages": prompt_messages(ex["title"], ex["instructions"], v),
        "verifier": v,
        "reference": reference,
        "negatives": [negative(ex, kind, index) for kind in ex["negatives"]],
    }


def build(src: Path) -> dict[str, str]:
    """{pack file name: its text}, built from src (packs/src)."""
    root = src / "aider"
    exercises = [
        load_exercise(config.parents[1]) for lang in LANGUAGES for config in (root / lang).glob("*/.meta/config.json")
    ]
    exercises.sort(key=lambda ex: ex["id"])  # the order sets each reply's layout, so it is fixed by id
    ids = [ex["id"] for ex in exercises]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{root}: duplicate exercise ids")
    meta = json.loads((root / "pack.json").read_text(encoding="utf-8"))
    lines = [json.dumps(meta, ensure_ascii=False)]
    lines += [json.dumps(scenario(ex, index), ensure_ascii=False) for index, ex in enumerate(exercises)]
    return {f"{PACK_ID}.jsonl": "\n".join(lines) + "\n"}
