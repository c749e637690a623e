"""benchlocal `struct_output` asserts, scored as their StructOutput-15 scorer does (docs/BENCHLOCAL_COMPAT.md).

JSON asserts parse the reply once (one full-string code fence stripped); `jsonpath_assertion`
takes `$.a.b[0]` paths; `csv_columns` compares only the header row; `yaml_parse_required` is their
minimal `key: value` line check (not a YAML parser); `format_regex ".+"` passes any non-empty text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import jsonschema

from pytest_quality.benchlocal.text import (
    Unsupported,
    answer_text,
    asserts_of,
    get_path,
    need,
    run_checks,
    short,
    strip_fence,
)
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")


def score(scenario: Any, reply: Reply) -> Verdict:
    asserts = asserts_of(scenario)
    text, source = answer_text(reply)
    state: dict[str, Any] = {}

    def parsed() -> tuple[bool, Any, str]:
        if "json" not in state:
            try:
                state["json"] = (True, json.loads(strip_fence(text)), "")
            except (ValueError, RecursionError) as exc:
                state["json"] = (False, None, f"reply is not JSON: {exc}")
        return state["json"]

    def check(a: dict[str, Any]) -> tuple[bool, str, str]:
        kind = a.get("kind")
        if kind in ("json_parse_required", "json_schema", "exact_json", "jsonpath_assertion"):
            ok, data, why = parsed()
            if not ok:
                return False, why, "invalid_json"
            if kind == "json_schema":
                return _schema(need(a, "schema"), data)
            if kind == "exact_json":
                want = need(a, "value")
                return data == want, f"JSON is {short(data)}, expected {short(want)}", "verifier_fail"
            if kind == "jsonpath_assertion":
                return _jsonpath(a, data)
            return True, "", ""
        if kind == "yaml_parse_required":
            problem = _minimal_yaml_problem(text)
            return problem is None, f"not key: value lines: {problem}", "wrong_structure"
        if kind == "csv_columns":
            want = need(a, "expected")
            try:
                header = next(csv.reader(io.StringIO(strip_fence(text))))
            except (StopIteration, csv.Error) as exc:
                return False, f"no CSV header row ({exc or 'empty'})", "wrong_structure"
            got = [c.strip() for c in header]
            return got == want, f"CSV columns {got}, expected {want}", "wrong_structure"
        if kind == "markdown_structure":
            return _markdown(need(a, "headers"), text)
        if kind == "format_regex":
            pattern = need(a, "pattern")
            ok = re.search(pattern, text, re.M | re.S) is not None
            return ok, f"reply does not match /{pattern}/", "wrong_structure"
        raise Unsupported(f"unknown assert kind {kind!r}")

    return run_checks("struct_output", asserts, check, source, "every structure assert passed")


def _schema(schema: Any, data: Any) -> tuple[bool, str, str]:
    try:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise Unsupported(f"invalid JSON Schema in the pack: {exc.message}") from None
    error = jsonschema.exceptions.best_match(cls(schema).iter_errors(data))
    if error is None:
        return True, "", ""
    where = "/".join(str(p) for p in error.absolute_path) or "$"
    return False, f"schema violation at {where}: {error.message}", "schema_violation"


def _jsonpath(a: dict[str, Any], data: Any) -> tuple[bool, str, str]:
    path = str(need(a, "path"))
    if not path.startswith("$."):
        raise Unsupported(f"jsonpath {path!r} (only $.a.b[0] paths)")
    try:
        value = get_path(data, path[2:])
    except (KeyError, IndexError, TypeError) as exc:
        return False, f"{path} not found ({exc})", "missing_field"
    if "value" in a and value != a["value"]:
        return False, f"{path} is {short(value)}, expected {short(a['value'])}", "verifier_fail"
    if "regex" in a and re.search(a["regex"], str(value)) is None:
        return False, f"{path} = {short(value)} does not match /{a['regex']}/", "verifier_fail"
    return True, "", ""


def _minimal_yaml_problem(text: str) -> str | None:
    """Their check: every non-blank, non-comment line holds a ':' and at least one key is named."""
    keys = 0
    for line in strip_fence(text).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if ":" not in line:
            return f"line {short(line)!r} has no ':'"
        keys += 1 if line.split(":", 1)[0].strip() else 0
    return None if keys else "no key: value line"


def _cells(line: str) -> list[str]:
    cells = [" ".join(c.split()) for c in line.strip().split("|")]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _markdown(headers: list[str], text: str) -> tuple[bool, str, str]:
    """`# ...` headers: each is a whole line, in the given order. Headers written with pipes
    (`| name | score |`) are whole table header rows. Otherwise a table: a header row holding the
    given columns in order. A table header row must be followed by a separator row."""
    lines = [ln.strip() for ln in text.splitlines()]
    if all(str(h).startswith("#") for h in headers):
        positions = []
        for header in headers:
            if header not in lines:
                return False, f"missing markdown header line {header!r}", "wrong_structure"
            positions.append(lines.index(header))
        return positions == sorted(positions), f"markdown headers out of order: {headers}", "wrong_structure"
    if any("|" in str(h) for h in headers):
        return _header_rows([str(h) for h in headers], lines)
    for i, line in enumerate(lines):
        cells = _cells(line) if "|" in line else []
        if not cells or not all(h in cells for h in headers):
            continue
        following = next((ln for ln in lines[i + 1 :] if ln), "")
        if not all(_SEPARATOR_CELL.match(c) for c in _cells(following) or ["x"]):
            return False, "table header row is not followed by a separator row", "wrong_structure"
        order = [cells.index(h) for h in headers]
        return order == sorted(order), f"table columns {cells}, expected order {headers}", "wrong_structure"
    return False, f"no table header row with columns {headers}", "wrong_structure"


def _header_rows(headers: list[str], lines: list[str]) -> tuple[bool, str, str]:
    """benchlocal matches such a header as the exact line, so "|name|score|grade|" or a row without the
    outer pipes fails there although it is the same table; we compare the cells instead."""
    positions = []
    for header in headers:
        if "|" not in header:  # a heading line next to the table: the whole line, as theirs
            if header.strip() not in lines:
                return False, f"missing markdown header line {header!r}", "wrong_structure"
            positions.append(lines.index(header.strip()))
            continue
        want = _cells(header)
        i = next((n for n, ln in enumerate(lines) if "|" in ln and _cells(ln) == want), None)
        if i is None:
            return False, f"no table header row {short(header)!r}", "wrong_structure"
        separator = _cells(next((ln for ln in lines[i + 1 :] if ln), ""))
        if len(separator) != len(want) or not all(_SEPARATOR_CELL.match(c) for c in separator):
            return False, "table header row is not followed by a separator row", "wrong_structure"
        positions.append(i)
    return positions == sorted(positions), f"table header rows out of order: {headers}", "wrong_structure"
