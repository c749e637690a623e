"""A LiveCodeBench release file (code_generation jsonl[.gz]) as the lcb-v6-30 pack.

`--lcb-path FILE` replaces the shipped scenarios with the file's problems for that run. Fields:
question_title, question_content, platform, question_id, contest_date, starter_code, difficulty,
public_test_cases (JSON string), private_test_cases (JSON string, or the release's compressed form
base64(zlib(pickle(JSON string)))), metadata (JSON string; "func_name" marks a functional problem).

The compressed form is decoded WITHOUT running pickle's object machinery: a restricted Unpickler
refuses every global (so no callable can be reached) and the result must be a str (or bytes), which
is then parsed as JSON. Both public and private tests are graded; the dataset has no reference
solutions, so time limits come from LiveCodeBench's per-test default scaled by this host's speed.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import pickle
import zlib
from pathlib import Path
from typing import Any

from pytest_quality.generators.humaneval import build_dataset_pack, node_id
from pytest_quality.packs import Pack, PackError, Scenario

MAX_DECOMPRESSED = 512 * 1024 * 1024  # a zip bomb stops here instead of exhausting memory
METHOD_PROMPT = (
    "{question}\n\nYour solution will also run on hidden tests up to the largest sizes allowed by "
    "the constraints, under a time limit.\n\nSolve it in Python 3 by completing the starter code "
    "below. Reply with the complete class in one ```python code block.\n\n```python\n{starter}\n```"
)
STDIO_PROMPT = (
    "{question}\n\nYour program will also run on hidden tests up to the largest sizes allowed above, "
    "under a time limit.\n\nWrite a complete Python 3 program that reads the input from standard input "
    "and prints the answer to standard output. Reply with the program in one ```python code block."
)
NEGATIVE = "Sort the input first, then sweep it once while keeping a running count; print the best value."


class _StrOnly(pickle.Unpickler):
    """Unpickles plain data only: any reference to a class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused global {module}.{name}: only a pickled string is accepted")

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("refused persistent id")


def decode_tests(value: Any) -> list[dict[str, Any]]:
    """Test cases from a JSON string, a list, or base64(zlib(pickle(JSON string))). Raises ValueError."""
    if isinstance(value, list):
        cases = value
    elif isinstance(value, str):
        try:
            cases = json.loads(value)
        except ValueError:
            cases = json.loads(_unpack(value))
    else:
        raise ValueError(f"test cases must be a string or a list, not {type(value).__name__}")
    if not isinstance(cases, list) or not all(isinstance(c, dict) and "input" in c and "output" in c for c in cases):
        raise ValueError("test cases must be a list of objects with input and output")
    return cases


def _unpack(text: str) -> str:
    try:
        packed = base64.b64decode(text.encode("ascii"), validate=False)
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_DECOMPRESSED)
        if inflater.unconsumed_tail:
            raise ValueError(f"private tests decompress to more than {MAX_DECOMPRESSED} bytes")
    except (binascii.Error, zlib.error, UnicodeEncodeError) as exc:
        raise ValueError(f"private tests are neither JSON nor base64/zlib data: {exc}") from None
    if data[:1] in (b"[", b"{"):  # plain JSON inside the compression
        return data.decode("utf-8")
    try:
        obj = _StrOnly(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError(f"private tests: {exc}") from None
    if isinstance(obj, bytes):
        obj = obj.decode("utf-8")
    if not isinstance(obj, str):
        raise ValueError(f"private tests unpickle to {type(obj).__name__}, expected a JSON string")
    return obj


def _json_field(value: Any, default: Any) -> Any:
    if isinstance(value, (dict, list)):
        return value
    if isinstance(value, str) and value.strip():
        return json.loads(value)
    return default


def scenario_of(path: Path, pack_id: str, lineno: int, row: dict[str, Any]) -> Scenario:
    qid = row.get("question_id")
    if not isinstance(row.get("question_content"), str) or qid in (None, ""):
        raise PackError(path, lineno, "missing question_content or question_id")
    try:
        public = decode_tests(row.get("public_test_cases") or "[]")
        private = decode_tests(row.get("private_test_cases") or "[]")
        metadata = _json_field(row.get("metadata"), {})
    except ValueError as exc:
        raise PackError(path, lineno, f"question {qid}: {exc}") from None
    if not public and not private:
        raise PackError(path, lineno, f"question {qid}: no test cases")
    func = metadata.get("func_name") if isinstance(metadata, dict) else None
    starter = str(row.get("starter_code") or "")
    tests = [
        {"input": str(c["input"]), "output": str(c["output"]), **({"public": True} if public_case else {})}
        for cases, public_case in ((public, True), (private, False))
        for c in cases
    ]
    if func:
        verifier = {"type": "code_exec", "style": "method", "entry_point": func, "tests": tests}
        prompt = METHOD_PROMPT.format(question=row["question_content"].rstrip(), starter=starter.rstrip())
    else:
        verifier = {"type": "code_exec", "style": "stdio", "tests": tests}
        prompt = STDIO_PROMPT.format(question=row["question_content"].rstrip())
    sid = node_id(qid)
    title = str(row.get("question_title") or qid)
    tags = [t for t in ("dataset", row.get("platform"), row.get("difficulty")) if isinstance(t, str) and t]
    messages: list[dict[str, Any]] = [{"role": "user", "content": prompt}]
    raw = {
        "id": sid,
        "title": title,
        "tags": tags,
        "messages": messages,
        "verifier": verifier,
        "contest_date": row.get("contest_date"),
        "platform": row.get("platform"),
    }
    return Scenario(
        pack_id=pack_id,
        id=sid,
        node_name=sid,
        line=lineno,
        messages=messages,
        verifier=verifier,
        raw=raw,
        title=title,
        tags=tags,
        reference=None,
        negatives=[NEGATIVE],
    )


def dataset_pack(path: Path | str, shipped: Pack) -> Pack:
    """The shipped pack's meta with the release file's problems as scenarios."""
    return build_dataset_pack(path, shipped, scenario_of, "LiveCodeBench", "question")
