"""The official HumanEval+ file (evalplus `HumanEvalPlus.jsonl[.gz]`) as the humaneval-plus-30 pack.

`--humaneval-path FILE` replaces the shipped scenarios with the file's tasks for that run. Each line:
task_id, prompt, entry_point, canonical_solution, and either base_input/plus_input (argument lists,
graded evalplus-style against the canonical solution's outputs, with `atol`) or only `test` (the
original HumanEval `check(candidate)` source). The canonical solution is also the time reference.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any

from pytest_quality.generators import jsonl_objects
from pytest_quality.packs import Pack, PackError, Scenario

PROMPT = (
    "Complete the Python function below so that it does exactly what its docstring says. It will be run "
    "against many hidden tests, including edge cases.\n\nReply with the complete function (signature "
    "included, plus any imports it needs) in one ```python code block.\n\n```python\n{stub}```"
)
NEGATIVE = "I would solve this by iterating over the input and building the result step by step."


def read_jsonl(path: Path | str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a .jsonl or .jsonl.gz file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise PackError(path, 0, f"cannot read dataset: {exc}") from None
    rows = jsonl_objects(path, text)
    if not rows:
        raise PackError(path, 1, "the dataset file holds no tasks")
    return rows


def node_id(raw_id: Any) -> str:
    """A task id usable in a pytest node id: 'HumanEval/12' -> 'HumanEval-12'."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(raw_id)).strip("-") or "task"


def fenced(code: str) -> str:
    return "```python\n" + code.rstrip("\n") + "\n```"


def _need(path: Path, lineno: int, obj: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise PackError(path, lineno, f"task {obj.get('task_id', '?')}: missing string field {key!r}")


def scenario_of(path: Path, pack_id: str, lineno: int, task: dict[str, Any]) -> Scenario:
    _need(path, lineno, task, "task_id", "prompt", "entry_point", "canonical_solution")
    prompt, entry = task["prompt"], task["entry_point"]
    solution = prompt + task["canonical_solution"]
    base, plus = task.get("base_input"), task.get("plus_input")
    verifier: dict[str, Any] = {"type": "code_exec", "entry_point": entry, "prompt_code": prompt, "solution": solution}
    if isinstance(base, list) or isinstance(plus, list):
        inputs = [(a, True) for a in base or []] + [(a, False) for a in plus or []]
        if not all(isinstance(a, list) for a, _ in inputs):
            raise PackError(
                path, lineno, f"task {task['task_id']}: base_input/plus_input must be lists of argument lists"
            )
        verifier.update(
            style="function",
            atol=float(task.get("atol") or 0),
            tests=[{"args": a, **({"public": True} if public else {})} for a, public in inputs],
        )
        if entry == "find_zero":  # any root is right: evalplus's special oracle for HumanEval/32
            verifier["oracle"] = "poly_root"
    elif isinstance(task.get("test"), str) and "def check" in task["test"]:
        verifier.update(style="check", test_code=task["test"])
    else:
        raise PackError(
            path, lineno, f"task {task['task_id']}: neither base_input/plus_input nor a `test` with check(candidate)"
        )
    sid = node_id(task["task_id"])
    raw = {
        "id": sid,
        "title": str(task["task_id"]),
        "tags": ["dataset"],
        "dataset_task_id": task["task_id"],
        "messages": [{"role": "user", "content": PROMPT.format(stub=prompt)}],
        "verifier": verifier,
    }
    return Scenario(
        pack_id=pack_id,
        id=sid,
        node_name=sid,
        line=lineno,
        messages=raw["messages"],
        verifier=verifier,
        raw=raw,
        title=str(task["task_id"]),
        tags=["dataset"],
        reference={"role": "assistant", "content": fenced(solution)},
        negatives=[NEGATIVE],
    )


def build_dataset_pack(path: Path | str, shipped: Pack, make: Any, name: str, id_word: str) -> Pack:
    """The shipped pack's meta with a dataset file's rows as scenarios (ids must be unique).

    `make(path, pack_id, lineno, row) -> Scenario` turns one row into a scenario; shared by the
    HumanEval+ and LiveCodeBench loaders.
    """
    path = Path(path)
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for lineno, row in read_jsonl(path):
        scenario = make(path, shipped.pack_id, lineno, row)
        if scenario.id in seen:
            raise PackError(path, lineno, f"duplicate {id_word} id {scenario.id!r} (first on line {seen[scenario.id]})")
        seen[scenario.id] = lineno
        scenarios.append(scenario)
    return Pack(shipped.pack_id, path, dataset_meta(shipped, path, name, len(scenarios)), scenarios, shipped.format)


def dataset_pack(path: Path | str, shipped: Pack) -> Pack:
    """The shipped pack's meta with the dataset's tasks as scenarios."""
    return build_dataset_pack(path, shipped, scenario_of, "HumanEval+", "task")


def dataset_meta(shipped: Pack, path: Path, name: str, count: int) -> dict[str, Any]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        **shipped.meta,
        "title": f"{name} ({path.name})",
        "version": f"{shipped.version}+dataset.{digest[:12]}",
        "dataset": {"path": str(path), "sha256": digest, "tasks": count},
    }
