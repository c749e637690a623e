"""The --humaneval-path / --lcb-path loaders on small files in the official formats (original fake problems)."""

from __future__ import annotations

import base64
import gzip
import json
import os
import pickle
import zlib
from pathlib import Path

import pytest

from pytest_quality.generators import humaneval, lcb
from pytest_quality.packs import PackError, load_pack

PACKS = Path(__file__).resolve().parents[2] / "packs"
HE_SHIPPED = load_pack(PACKS / "humaneval-plus-30.jsonl", check_references=False)
LCB_SHIPPED = load_pack(PACKS / "lcb-v6-30.jsonl", check_references=False)

# --- HumanEval+ (evalplus release format) -----------------------------------------------------------

ADD_PROMPT = 'def add_one(x: int) -> int:\n    """Return x plus one.\n    >>> add_one(1)\n    2\n    """\n'
POLY_PROMPT = (
    "import math\n\n\ndef poly(xs: list, x: float):\n    return sum(c * math.pow(x, i) for i, c in enumerate(xs))\n"
    '\n\ndef find_zero(xs: list):\n    """Return one x with poly(xs, x) == 0 (xs has odd degree)."""\n'
)


def he_tasks() -> list[dict]:
    return [
        {
            "task_id": "HumanEval/0",
            "prompt": ADD_PROMPT,
            "entry_point": "add_one",
            "canonical_solution": "    return x + 1\n",
            "contract": "",
            "test": "\n\nMETADATA = {}\n\n\ndef check(candidate):\n    assert candidate(1) == 2\n",
            "base_input": [[1], [0]],
            "plus_input": [[-5], [10**6]],
            "atol": 0,
        },
        {
            "task_id": "HumanEval/1",
            "prompt": 'def halve(x: float) -> float:\n    """Half of x."""\n',
            "entry_point": "halve",
            "canonical_solution": "    return x / 2\n",
            "test": "",
            "base_input": [[1.0]],
            "plus_input": [[3.3], [-0.5]],
            "atol": 1e-6,
        },
        {
            "task_id": "HumanEval/32",
            "prompt": POLY_PROMPT,
            "entry_point": "find_zero",
            "canonical_solution": "    lo, hi = -1e6, 1e6\n    for _ in range(200):\n        mid = (lo + hi) / 2\n"
            "        if poly(xs, lo) * poly(xs, mid) <= 0:\n            hi = mid\n"
            "        else:\n            lo = mid\n    return lo\n",
            "test": "",
            "base_input": [[[1, 2]], [[-6, 11, -6, 1]]],
            "plus_input": [],
            "atol": 1e-4,
        },
        # original HumanEval: no base/plus inputs, only the check() source
        {
            "task_id": "HumanEval/7",
            "prompt": "from typing import Tuple\n\n\ndef span(xs: list) -> Tuple[int, int]:\n"
            '    """(min, max) of xs, (0, 0) when empty."""\n',
            "entry_point": "span",
            "canonical_solution": "    return (min(xs), max(xs)) if xs else (0, 0)\n",
            "test": "\n\ndef check(candidate):\n    assert candidate([3, 1, 2]) == (1, 3)\n    assert candidate([]) == (0, 0)\n",
        },
    ]


def write_jsonl(path: Path, rows: list[dict], gz: bool = False) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in rows)
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_humaneval_official_format(tmp_path, gz):
    path = write_jsonl(tmp_path / ("he.jsonl.gz" if gz else "he.jsonl"), he_tasks(), gz)
    pack = humaneval.dataset_pack(path, HE_SHIPPED)
    assert pack.pack_id == "humaneval-plus-30" and pack.marker == "humanevalplus" and pack.reasoning
    assert [s.id for s in pack.scenarios] == ["HumanEval-0", "HumanEval-1", "HumanEval-32", "HumanEval-7"]
    assert pack.meta["dataset"]["tasks"] == 4 and len(pack.meta["dataset"]["sha256"]) == 64
    assert pack.version.startswith(HE_SHIPPED.version + "+dataset.")
    add, half, zero, span = pack.scenarios
    v = add.verifier
    assert (v["type"], v["style"], v["entry_point"]) == ("code_exec", "function", "add_one")
    assert v["tests"] == [
        {"args": [1], "public": True},
        {"args": [0], "public": True},
        {"args": [-5]},
        {"args": [10**6]},
    ]
    assert v["solution"] == ADD_PROMPT + "    return x + 1\n" and v["prompt_code"] == ADD_PROMPT
    assert ADD_PROMPT in add.messages[0]["content"] and "```python" in add.messages[0]["content"]
    assert "return x + 1" in add.reference["content"] and add.negatives
    assert half.verifier["atol"] == 1e-6 and "oracle" not in half.verifier
    assert zero.verifier["oracle"] == "poly_root"
    assert span.verifier["style"] == "check" and "def check" in span.verifier["test_code"]
    assert span.raw["dataset_task_id"] == "HumanEval/7"


@pytest.mark.parametrize(
    "rows, reason",
    [
        ([{"task_id": "HumanEval/0", "prompt": "def f():\n", "entry_point": "f"}], "canonical_solution"),
        (
            [{"task_id": "X/1", "prompt": "def f():\n", "entry_point": "f", "canonical_solution": "  return 1\n"}],
            "neither base_input",
        ),
        (
            [
                {
                    "task_id": "X/1",
                    "prompt": "def f():\n",
                    "entry_point": "f",
                    "canonical_solution": " return 1\n",
                    "base_input": [1, 2],
                }
            ],
            "argument lists",
        ),
        ([he_tasks()[0], he_tasks()[0]], "duplicate task id"),
        ([], "no tasks"),
    ],
)
def test_humaneval_errors_name_file_and_line(tmp_path, rows, reason):
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(PackError) as err:
        humaneval.dataset_pack(path, HE_SHIPPED)
    assert reason in str(err.value) and "bad.jsonl" in str(err.value)


def test_humaneval_invalid_json_and_missing_file(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text(json.dumps(he_tasks()[0]) + "\n{oops\n")
    with pytest.raises(PackError, match=r"x.jsonl:2: invalid JSON"):
        humaneval.dataset_pack(bad, HE_SHIPPED)
    with pytest.raises(PackError, match="cannot read dataset"):
        humaneval.dataset_pack(tmp_path / "missing.jsonl", HE_SHIPPED)


def test_node_ids_are_safe():
    assert humaneval.node_id("HumanEval/12") == "HumanEval-12"
    assert humaneval.node_id("abc387_b") == "abc387_b"
    assert humaneval.node_id(" a b::c ") == "a-b-c"


# --- LiveCodeBench (release jsonl format) -----------------------------------------------------------


def compress(cases: list[dict]) -> str:
    """The release's encoding of private tests: base64(zlib(pickle(json string)))."""
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(cases)))).decode()


def lcb_rows() -> list[dict]:
    functional = [{"input": "3", "output": "6", "testtype": "functional"}]
    hidden = [
        {"input": "-4", "output": "-8", "testtype": "functional"},
        {"input": "0", "output": "0", "testtype": "functional"},
    ]
    stdin_public = [{"input": "2\n1 2\n", "output": "3\n", "testtype": "stdin"}]
    stdin_hidden = [{"input": "3\n5 5 5\n", "output": "15\n", "testtype": "stdin"}]
    return [
        {
            "question_title": "Double it",
            "question_content": "Return twice the integer x.\n\nExample 1:\nInput: x = 3\nOutput: 6",
            "platform": "leetcode",
            "question_id": "9001",
            "contest_id": "weekly-contest-999",
            "contest_date": "2025-01-04T18:30:00",
            "starter_code": "class Solution:\n    def double(self, x: int) -> int:\n        ",
            "difficulty": "easy",
            "public_test_cases": json.dumps(functional),
            "private_test_cases": compress(hidden),
            "metadata": json.dumps({"func_name": "double"}),
        },
        {
            "question_title": "Add them",
            "question_content": "Read n and n integers; print their sum.",
            "platform": "atcoder",
            "question_id": "abc999_a",
            "contest_id": "abc999",
            "contest_date": "2025-02-01T12:00:00",
            "starter_code": "",
            "difficulty": "easy",
            "public_test_cases": json.dumps(stdin_public),
            "private_test_cases": json.dumps(stdin_hidden),
            "metadata": "{}",
        },
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_lcb_release_format(tmp_path, gz):
    path = write_jsonl(tmp_path / ("lcb.jsonl.gz" if gz else "lcb.jsonl"), lcb_rows(), gz)
    pack = lcb.dataset_pack(path, LCB_SHIPPED)
    assert pack.pack_id == "lcb-v6-30" and pack.marker == "lcb" and pack.meta["dataset"]["tasks"] == 2
    method, stdio = pack.scenarios
    assert (method.id, method.title, method.tags) == ("9001", "Double it", ["dataset", "leetcode", "easy"])
    assert method.verifier == {
        "type": "code_exec",
        "style": "method",
        "entry_point": "double",
        "tests": [
            {"input": "3", "output": "6", "public": True},
            {"input": "-4", "output": "-8"},
            {"input": "0", "output": "0"},
        ],
    }
    prompt = method.messages[0]["content"]
    assert "Return twice the integer x." in prompt and "def double(self, x: int) -> int:" in prompt
    assert method.reference is None  # no reference solutions in LiveCodeBench: limits from the host speed
    assert stdio.verifier["style"] == "stdio" and "entry_point" not in stdio.verifier
    assert stdio.verifier["tests"][1] == {"input": "3\n5 5 5\n", "output": "15\n"}
    assert "standard input" in stdio.messages[0]["content"] and stdio.raw["contest_date"] == "2025-02-01T12:00:00"


def test_lcb_compressed_private_tests_round_trip():
    cases = [{"input": "1\n2", "output": "[3]", "testtype": "functional"}]
    assert lcb.decode_tests(compress(cases)) == cases
    assert lcb.decode_tests(json.dumps(cases)) == cases
    assert lcb.decode_tests(cases) == cases
    # bytes instead of str inside the pickle, and JSON compressed without pickle, are accepted too
    as_bytes = base64.b64encode(zlib.compress(pickle.dumps(json.dumps(cases).encode()))).decode()
    assert lcb.decode_tests(as_bytes) == cases
    assert lcb.decode_tests(base64.b64encode(zlib.compress(json.dumps(cases).encode())).decode()) == cases


class _Evil:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_lcb_pickle_with_code_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    evil = base64.b64encode(zlib.compress(pickle.dumps(_Evil(str(marker))))).decode()
    with pytest.raises(ValueError, match="refused global"):
        lcb.decode_tests(evil)
    assert not marker.exists()
    # also through the loader: a PackError naming the file and line
    rows = lcb_rows()
    rows[1]["private_test_cases"] = evil
    path = write_jsonl(tmp_path / "evil.jsonl", rows)
    with pytest.raises(PackError, match=r"evil.jsonl:2: question abc999_a: private tests: refused global"):
        lcb.dataset_pack(path, LCB_SHIPPED)
    assert not marker.exists()


def test_lcb_pickle_of_a_non_string_is_refused():
    packed = base64.b64encode(zlib.compress(pickle.dumps({"input": 1}))).decode()
    with pytest.raises(ValueError, match="expected a JSON string"):
        lcb.decode_tests(packed)


def test_lcb_decompression_is_bounded(monkeypatch):
    monkeypatch.setattr(lcb, "MAX_DECOMPRESSED", 1000)
    bomb = base64.b64encode(zlib.compress(pickle.dumps("x" * 100_000))).decode()
    with pytest.raises(ValueError, match="more than 1000 bytes"):
        lcb.decode_tests(bomb)


@pytest.mark.parametrize(
    "value, reason",
    [
        ("not base64 !!", "neither JSON nor"),
        ("[1, 2]", "list of objects"),
        (42, "string or a list"),
        (json.dumps([{"input": "1"}]), "input and output"),
    ],
)
def test_lcb_bad_test_cases(value, reason):
    with pytest.raises(ValueError, match=reason):
        lcb.decode_tests(value)


def test_lcb_row_errors(tmp_path):
    rows = lcb_rows()
    rows[0]["public_test_cases"] = "[]"
    rows[0]["private_test_cases"] = "[]"
    with pytest.raises(PackError, match="no test cases"):
        lcb.dataset_pack(write_jsonl(tmp_path / "a.jsonl", rows), LCB_SHIPPED)
    with pytest.raises(PackError, match="duplicate question id"):
        lcb.dataset_pack(write_jsonl(tmp_path / "b.jsonl", [lcb_rows()[0]] * 2), LCB_SHIPPED)
    with pytest.raises(PackError, match="missing question_content"):
        lcb.dataset_pack(write_jsonl(tmp_path / "c.jsonl", [{"question_id": "1"}]), LCB_SHIPPED)
