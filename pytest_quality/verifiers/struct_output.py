"""struct_output: the reply must be one document in a named format, parsed by the real library.

scenario.verifier = {"type": "struct_output", "format": "json|yaml|toml|csv|xml|markdown_table|sql", ...}.
The document is the bare reply or exactly one fenced code block; prose around it fails unless
"allow_prose" is true (then the first fence is graded). Parsing alone is a check; the scenario's
params add content checks (schema, exact values, headers, SQL result rows). Every limit below keeps
`verify` fast and pure on hostile replies (huge, deeply nested, alias bombs, runaway SQL).

Grading rule
------------
A pass means: the reply is one document in the requested format, every stated form constraint holds,
AND it carries exactly the data the prompt gives (or, for SQL, produces exactly the rows the task
asks for). Valid syntax alone never passes: every pack scenario checks every value, so a document
with empty, placeholder or made-up values, a missing part, or a value in the wrong type fails.
What is checked, in order: extraction (bare, or one fence; a <think> block is already removed by
Reply); parsing by the real library (json with no NaN or duplicate keys, PyYAML safe loading with
a block-style top level unless "allow_json", tomllib, csv, ElementTree, sqlite3); then the params:
  - json/yaml/toml: "schema" (JSON Schema 2020-12), "equals" (the whole document; an integer is
    expected as an integer, 2011.0 is not 2011), "paths" [{path, type|equals|regex|length|tolerance}];
  - csv/markdown_table: "header", "rows", "data" (every cell, "ordered"), "cells" [{row, column,
    equals|regex}], "delimiter" (csv); Markdown header cells may be bold (**Planet**);
  - xml: "root", "elements" [{path, count|texts|children|index+attr|equals|regex}]: texts are the
    element's whole text, nested elements included; "children" is the exact child tags (any order)
    with no loose text between them;
  - sql: "setup_sql", then the reply runs in an in-memory database; its last result set, or each
    "check_sql" query run after it, must return "expected_rows" (numbers within "tolerance").
Key order, whitespace, quoting style, fences and equivalent spellings of the same data do not matter.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
import sqlite3
import tomllib
import xml.etree.ElementTree as ET
from typing import Any, NoReturn

import jsonschema
import yaml

from pytest_quality.clip import clip
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

NO_ANSWER = "(no answer)"
MAX_CHARS = 100_000  # far above any 1024-token reply; bounds every parser below
MAX_DEPTH = 64  # nesting of parsed data; deeper is a broken or hostile document
MAX_NODES = 50_000  # values after YAML alias expansion
SQL_STEP = 1_000  # sqlite VM instructions between progress-handler calls
SQL_MAX_STEPS = 10_000_000  # about 0.2 s; a runaway recursive CTE is aborted here
SQL_MAX_STATEMENTS = 200
SAFE_PRAGMAS = frozenset(
    {
        "foreign_keys",
        "defer_foreign_keys",
        "recursive_triggers",
        "case_sensitive_like",
        "table_info",
        "table_xinfo",
        "index_list",
        "index_info",
        "foreign_key_list",
    }
)


class _Stop(Exception):
    """A check that makes every later check meaningless (the document does not parse)."""


class _Log:
    def __init__(self) -> None:
        self.checks: list[dict[str, Any]] = []

    def add(self, check: str, passed: bool, detail: str = "") -> bool:
        self.checks.append({"check": check, "passed": passed, "detail": detail})
        return passed

    def stop(self, check: str, detail: str) -> NoReturn:
        self.add(check, False, detail)
        raise _Stop(detail)


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return clip(text, limit, "...")


def _list(values: list[Any]) -> str:
    return "[" + ",".join(repr(v) for v in values) + "]"


def verify(scenario: Any, reply: Reply) -> Verdict:
    params = scenario.verifier
    fmt = params.get("format")
    if fmt not in _FORMATS:
        return Verdict.fail(f"bad scenario: unknown struct_output format {fmt!r}")
    text = reply.content.replace("\r\n", "\n").strip() if isinstance(reply.content, str) else ""
    if not text or text == NO_ANSWER:
        return Verdict.fail(f"no answer: expected a {fmt} document", format=fmt)
    if len(text) > MAX_CHARS:
        return Verdict.fail(f"reply too long: {len(text)} chars (limit {MAX_CHARS})", format=fmt)
    doc, extraction = _extract(text, bool(params.get("allow_prose")))
    if doc is None:
        return Verdict.fail(
            extraction,
            format=fmt,
            extraction="failed",
            checks=[{"check": "extract", "passed": False, "detail": extraction}],
        )
    log = _Log()
    try:
        _FORMATS[fmt](doc, params, log)
    except _Stop:
        pass
    except RecursionError:
        log.add("nesting", False, "document nested too deeply")
    trace = {"format": fmt, "extraction": extraction, "document_chars": len(doc), "checks": log.checks}
    failed = [c for c in log.checks if not c["passed"]]
    if failed:
        more = f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""
        return Verdict.fail(failed[0]["detail"] + more, **trace)
    return Verdict.ok(f"valid {fmt}, {len(log.checks)} checks passed", **trace)


# --- extraction ------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*")
_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")


def _extract(text: str, allow_prose: bool) -> tuple[str | None, str]:
    """(document, "bare"|"fence"|"fence_in_prose"), or (None, why). Line-based, so linear time."""
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        opener = _FENCE_OPEN.fullmatch(lines[i])
        if opener:
            fence = opener.group(1)
            for j in range(i + 1, len(lines)):
                closer = _FENCE_CLOSE.fullmatch(lines[j])
                if closer and closer.group(1)[0] == fence[0] and len(closer.group(1)) >= len(fence):
                    blocks.append((i, j))
                    i = j
                    break
            else:
                return None, "code fence is not closed (reply cut off?)"
        i += 1
    if not blocks:
        return text, "bare"
    first = "\n".join(lines[blocks[0][0] + 1 : blocks[0][1]])
    if len(blocks) == 1 and blocks[0] == (0, len(lines) - 1):
        return first, "fence"
    if allow_prose:
        return first, "fence_in_prose"
    inside = {n for a, b in blocks for n in range(a, b + 1)}
    outside = [line for n, line in enumerate(lines) if n not in inside and line.strip()]
    if outside:
        return None, f"text outside the code block: {_short(outside[0].strip(), 50)}"
    return None, f"{len(blocks)} code blocks, expected exactly one"


# --- JSON / YAML / TOML: parsed data -----------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _json(doc: str, params: dict[str, Any], log: _Log) -> None:
    try:
        data = json.loads(doc, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        hint = ""
        if exc.pos == 0 and "{" in doc:
            hint = " (reply must be only the JSON)"
        elif doc[exc.pos : exc.pos + 1] in ("]", "}") and doc[: exc.pos].rstrip().endswith(","):
            hint = " (trailing comma)"
        elif exc.msg == "Extra data":
            hint = " (text after the JSON?)"
        log.stop("parse", f"invalid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno} col {exc.colno}{hint}")
    except RecursionError:
        log.stop("parse", "invalid JSON: nested too deeply")
    except ValueError as exc:
        log.stop("parse", f"invalid JSON: {exc}")
    log.add("parse", True, "json")
    _check_data(data, params, log)


class _YamlLoader(yaml.SafeLoader):
    """safe_load without implicit timestamps (an unquoted 2024-03-01 stays the string a JSON schema
    expects) and without PyYAML's silent last-wins on duplicate keys, which YAML forbids."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:  # before merge keys (<<) are flattened in: those may repeat keys
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if (key_node.tag, key_node.value) in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                    )
                seen.add((key_node.tag, key_node.value))
        return super().construct_mapping(node, deep)


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(doc: str, params: dict[str, Any], log: _Log) -> None:
    if not params.get("allow_json") and doc.lstrip()[:1] in ("{", "["):
        try:
            json.loads(doc)
            log.stop("not_json", "reply is JSON, expected block-style YAML")
        except (ValueError, RecursionError):
            pass  # flow-style YAML that is not JSON: let the YAML parser judge it
    loader = None
    try:
        loader = _YamlLoader(doc)  # its reader already rejects unprintable characters
        node = loader.get_single_node()
        # JSON with a trailing comment or comma is not JSON, but is flow-style YAML: still not block style.
        if not params.get("allow_json") and isinstance(node, yaml.CollectionNode) and node.flow_style:
            log.stop("block_style", "reply is flow-style YAML ({...} or [...]), expected block-style YAML")
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        where = f" at line {exc.problem_mark.line + 1} col {exc.problem_mark.column + 1}" if exc.problem_mark else ""
        log.stop("parse", f"invalid YAML: {exc.problem or exc.context}{where}")
    except yaml.YAMLError as exc:
        log.stop("parse", f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    except RecursionError:
        log.stop("parse", "invalid YAML: nested too deeply")
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, (dict, list)):
        log.stop("parse", f"YAML document is a single {type(data).__name__} value, expected a mapping or list")
    log.add("parse", True, "yaml")
    _check_data(data, params, log)


def _toml(doc: str, params: dict[str, Any], log: _Log) -> None:
    try:
        data = tomllib.loads(doc)
    except tomllib.TOMLDecodeError as exc:
        log.stop("parse", f"invalid TOML: {exc}")
    except RecursionError:
        log.stop("parse", "invalid TOML: nested too deeply")
    log.add("parse", True, "toml")
    _check_data(data, params, log)


def _plain(value: Any, log: _Log, depth: int = 0, count: list[int] | None = None) -> Any:
    """A JSON-like copy: bounded depth and size (alias bombs), TOML dates as ISO strings, no sets/bytes."""
    count = count if count is not None else [0]
    count[0] += 1
    if count[0] > MAX_NODES:
        log.stop("size", f"document has more than {MAX_NODES} values")
    if depth > MAX_DEPTH:
        log.stop("nesting", f"document nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            log.stop("types", f"non-finite number {value}")
        return value
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v, log, depth + 1, count) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)
            if not isinstance(key, str):
                log.stop("types", f"non-string key {_short(key, 30)}")
            out[key] = _plain(v, log, depth + 1, count)
        return out
    log.stop("types", f"value of type {type(value).__name__} has no JSON equivalent")


def _fmt_path(parts: Any) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if re.fullmatch(r"[A-Za-z_]\w*", p) else f"[{p!r}]")
    return out


def _check_data(data: Any, params: dict[str, Any], log: _Log) -> None:
    data = _plain(data, log)
    if "schema" in params:
        cls = jsonschema.Draft202012Validator
        try:
            cls.check_schema(params["schema"])
            validator = cls(params["schema"], format_checker=cls.FORMAT_CHECKER)
            error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        except jsonschema.exceptions.SchemaError as exc:
            log.stop("schema", f"bad scenario: invalid schema: {exc.message}")
        except jsonschema.exceptions.UnknownType as exc:
            log.stop("schema", f"bad scenario: invalid schema: unknown type {exc.type!r}")
        if error is None:
            log.add("schema", True)
        else:
            message = clip(error.message, 120, "...")
            log.add("schema", False, f"schema violation at {_fmt_path(error.absolute_path)}: {message}")
    if "equals" in params:
        diff = _diff(data, params["equals"], "$", typed=True)
        log.add("equals", diff is None, diff or "")
    for check in params.get("paths") or []:
        _check_path(data, check, log)


def _same(got: Any, want: Any, tol: float = 0.0, typed: bool = False) -> bool:
    return _diff(got, want, "$", tol, typed) is None


def _diff(got: Any, want: Any, where: str, tol: float = 0.0, typed: bool = False) -> str | None:
    """First difference between parsed data and an expected value; bool never equals a number.
    `typed` (documents, not SQL results): an integer is expected as an integer, so 2011.0 is not 2011
    unless a tolerance is given; an expected float still accepts an integer (15 for 15.0).

    Recursion follows `want`, which the scenario author wrote, so its depth is bounded."""
    mismatch = f"{where} is {_short(got)}, expected {_short(want)}"
    if isinstance(want, bool) or isinstance(got, bool):
        return None if type(got) is type(want) and got == want else mismatch
    if isinstance(want, str) and isinstance(got, str) and got != want:
        i = next((n for n, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        lo = max(0, i - 10)
        return f"{where} differs at char {i}: got {_short(got[lo : i + 20])}, expected {_short(want[lo : i + 20])}"
    if isinstance(want, (int, float)):
        if typed and isinstance(want, int) and not tol and not isinstance(got, int):
            return f"{where} is {_short(got)}, expected the integer {want}"
        try:
            ok = isinstance(got, (int, float)) and abs(got - want) <= tol
        except OverflowError:  # a 400-digit integer against a float
            ok = False
        return None if ok else mismatch
    if isinstance(want, list):
        if not isinstance(got, list):
            return mismatch
        if len(got) != len(want):
            return f"{where} has {len(got)} items, expected {len(want)}"
        return next(
            (d for i, (g, w) in enumerate(zip(got, want)) if (d := _diff(g, w, f"{where}[{i}]", tol, typed))), None
        )
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return mismatch
        if missing := [k for k in want if k not in got]:
            return f"{where} is missing key {missing[0]!r}"
        if extra := [k for k in got if k not in want]:
            return f"{where} has unexpected key {extra[0]!r}"
        paths = {k: where + _fmt_path([k])[1:] for k in want}
        return next((d for k in want if (d := _diff(got[k], want[k], paths[k], tol, typed))), None)
    return None if type(got) is type(want) and got == want else mismatch


_PATH_TOKEN = re.compile(r"\.([^.\[\]]+)|\[(-?\d+)\]|\[([\"'])(.*?)\3\]")
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _parse_path(path: str) -> list[str | int] | None:
    """'a.b[0].c', '$.a', '[1].name', "a['key.with.dots']" -> keys and indexes; None if malformed."""
    rest = path[1:] if path.startswith("$") else path
    if rest and rest[0] not in ".[":
        rest = "." + rest
    parts: list[str | int] = []
    pos = 0
    while pos < len(rest):
        m = _PATH_TOKEN.match(rest, pos)
        if not m:
            return None
        key, index, quoted = m.group(1), m.group(2), m.group(4)
        parts.append(key if key is not None else int(index) if index is not None else quoted)
        pos = m.end()
    return parts


def _walk(data: Any, parts: list[str | int]) -> tuple[bool, Any]:
    for part in parts:
        if isinstance(part, int) and isinstance(data, list) and -len(data) <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return False, None
    return True, data


def _check_path(data: Any, check: dict[str, Any], log: _Log) -> None:
    path = str(check.get("path", ""))
    parts = _parse_path(path)
    name = f"path {path}"
    if parts is None:
        log.add(name, False, f"bad scenario: malformed path {path!r}")
        return
    found, value = _walk(data, parts)
    if not found:
        log.add(name, False, f"{path} is missing")
        return
    if "type" in check:
        ok = _TYPES.get(check["type"], lambda v: False)(value)
        log.add(name, ok, "" if ok else f"{path} is {_short(value)}, expected a {check['type']}")
    if "equals" in check:
        want = check["equals"]
        ok = _same(value, want, float(check.get("tolerance", 0)), typed=True)
        kind = (
            "the integer " if isinstance(want, int) and not isinstance(want, bool) and isinstance(value, float) else ""
        )
        log.add(name, ok, "" if ok else f"{path} is {_short(value)}, expected {kind}{_short(want)}")
    if "regex" in check:
        ok = isinstance(value, str) and re.fullmatch(check["regex"], value) is not None
        log.add(name, ok, "" if ok else f"{path} is {_short(value)}, expected to match /{check['regex']}/")
    if "length" in check:
        size = len(value) if isinstance(value, (str, list, dict)) else None
        ok = size == check["length"]
        log.add(name, ok, "" if ok else f"{path} has length {size}, expected {check['length']}")
    if not any(k in check for k in ("type", "equals", "regex", "length")):
        log.add(name, True)  # existence only


# --- CSV and Markdown tables -------------------------------------------------------------------


def _csv(doc: str, params: dict[str, Any], log: _Log) -> None:
    reader = csv.reader(
        io.StringIO(doc), delimiter=str(params.get("delimiter", ",")), skipinitialspace=True, strict=True
    )
    try:
        rows = [[cell.strip() for cell in row] for row in reader if row not in ([], [""])]
    except csv.Error as exc:
        log.stop("parse", f"invalid CSV at line {reader.line_num}: {exc}")
    if not rows:
        log.stop("parse", "CSV has no rows")
    log.add("parse", True, "csv")
    _check_table("CSV", rows[0], rows[1:], params, log)


_SEPARATOR_CELL = re.compile(r":?-+:?")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_|`)(.+)\1$")


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def _md_separator(line: str) -> bool:
    return "|" in line and all(_SEPARATOR_CELL.fullmatch(c) for c in _md_cells(line))


def _markdown_table(doc: str, params: dict[str, Any], log: _Log) -> None:
    lines = doc.split("\n")
    start = next((i for i in range(len(lines) - 1) if "|" in lines[i] and _md_separator(lines[i + 1])), None)
    if start is None:
        log.stop("parse", "no Markdown table found (need a header row, then a |---| separator row)")
    end = start + 2
    while end < len(lines) and "|" in lines[end]:
        end += 1
    outside = [line.strip() for line in lines[:start] + lines[end:] if line.strip()]
    if outside and not params.get("allow_prose"):
        log.stop("parse", f"text outside the table: {_short(outside[0], 50)}")
    # Header cells render bold anyway, so **Planet** is the same column as Planet.
    header = [_EMPHASIS.sub(r"\2", c) for c in _md_cells(lines[start])]
    separator = _md_cells(lines[start + 1])
    if len(separator) != len(header):
        log.stop("parse", f"separator row has {len(separator)} cells, header has {len(header)}")
    log.add("parse", True, "markdown_table")
    _check_table("table", header, [_md_cells(line) for line in lines[start + 2 : end]], params, log)


def _check_table(kind: str, header: list[str], rows: list[list[str]], params: dict[str, Any], log: _Log) -> None:
    bad = next((i for i, row in enumerate(rows) if len(row) != len(header)), None)
    log.add(
        "columns",
        bad is None,
        "" if bad is None else f"{kind} row {bad + 1} has {len(rows[bad])} cells, header has {len(header)}",
    )
    if "header" in params:
        want = [str(h) for h in params["header"]]
        detail = "" if header == want else f"{kind} header {_list(header)} expected {_list(want)}"
        log.add("header", header == want, detail)
    if "rows" in params:
        ok = len(rows) == params["rows"]
        log.add("rows", ok, "" if ok else f"{kind} has {len(rows)} data rows, expected {params['rows']}")
    if "data" in params:
        want_rows = [[str(c) for c in row] for row in params["data"]]
        got_rows = rows if params.get("ordered", True) else sorted(rows)
        want_rows = want_rows if params.get("ordered", True) else sorted(want_rows)
        detail = ""
        if len(got_rows) != len(want_rows):
            detail = f"{kind} has {len(got_rows)} data rows, expected {len(want_rows)}"
        elif (i := next((i for i, (g, w) in enumerate(zip(got_rows, want_rows)) if g != w), None)) is not None:
            detail = f"{kind} row {_list(got_rows[i])} expected {_list(want_rows[i])}"
        log.add("data", not detail, detail)
    for cell in params.get("cells") or []:
        _check_cell(kind, header, rows, cell, log)


def _check_cell(kind: str, header: list[str], rows: list[list[str]], cell: dict[str, Any], log: _Log) -> None:
    row, column = cell.get("row", 0), cell.get("column")
    col = column if isinstance(column, int) else (header.index(column) if column in header else None)
    name = f"cell {row}/{column}"
    if col is None or not (0 <= row < len(rows)) or col >= len(rows[row]):
        log.add(name, False, f"{kind} has no cell at data row {row}, column {column!r}")
        return
    value = rows[row][col]
    if "equals" in cell:
        ok = value == str(cell["equals"])
        log.add(name, ok, "" if ok else f"{kind} row {row} {column} is {value!r}, expected {str(cell['equals'])!r}")
    if "regex" in cell:
        ok = re.fullmatch(cell["regex"], value) is not None
        log.add(name, ok, "" if ok else f"{kind} row {row} {column} is {value!r}, expected to match /{cell['regex']}/")


# --- XML ---------------------------------------------------------------------------------------


def _xml(doc: str, params: dict[str, Any], log: _Log) -> None:
    if re.search(r"<!(DOCTYPE|ENTITY)", doc, re.IGNORECASE):
        log.stop("parse", "XML DOCTYPE/ENTITY declarations are not allowed")
    try:
        root = ET.fromstring(doc)
    except ET.ParseError as exc:
        log.stop("parse", f"invalid XML: {exc}")
    log.add("parse", True, "xml")
    if "root" in params:
        tag = root.tag.rsplit("}", 1)[-1]
        log.add(
            "root",
            tag == params["root"],
            "" if tag == params["root"] else f"XML root is <{tag}>, expected <{params['root']}>",
        )
    for check in params.get("elements") or []:
        _check_element(root, check, log)


def _check_element(root: ET.Element, check: dict[str, Any], log: _Log) -> None:
    path = str(check.get("path", "."))
    name = f"xml {path}"
    try:
        found = root.findall(path)
    except Exception as exc:  # noqa: BLE001 - ElementPath raises odd types on malformed paths (a scenario bug)
        log.add(name, False, f"bad scenario: XML path {path!r}: {exc}")
        return
    if "count" in check:
        ok = len(found) == check["count"]
        log.add(name, ok, "" if ok else f"XML {path} count {len(found)}, expected {check['count']}")
    if "texts" in check:
        texts = [_text(e) for e in found]
        ok = texts == list(check["texts"])
        log.add(name, ok, "" if ok else f"XML {path} texts {_list(texts)} expected {_list(check['texts'])}")
    if "children" in check:
        _check_children(path, found, [str(c) for c in check["children"]], log)
    if not any(k in check for k in ("equals", "regex", "attr")):
        if not any(k in check for k in ("count", "texts", "children")):
            log.add(name, bool(found), "" if found else f"XML has no element at {path}")
        return
    index = int(check.get("index", 0))
    if not -len(found) <= index < len(found):
        log.add(name, False, f"XML has no element at {path} (index {index})")
        return
    element, label = found[index], f"{path}[{index}]"
    if "attr" in check:
        value = element.get(check["attr"])
        label = f"{label} attribute {check['attr']}"
        if value is None:
            log.add(name, False, f"XML {label} is missing")
            return
    else:
        value, label = _text(element), f"{label} text"
    if "equals" in check:
        ok = value == check["equals"]
        log.add(name, ok, "" if ok else f"XML {label} is {value!r}, expected {check['equals']!r}")
    if "regex" in check:
        ok = re.fullmatch(check["regex"], value) is not None
        log.add(name, ok, "" if ok else f"XML {label} is {value!r}, expected to match /{check['regex']}/")


def _text(element: ET.Element) -> str:
    """All the text inside, nested elements included: junk in a child element cannot hide behind the first text."""
    return "".join(element.itertext()).strip()


def _check_children(path: str, found: list[ET.Element], want: list[str], log: _Log) -> None:
    """Each element holds exactly these child elements (any order) and no loose text between them."""
    if not found:
        log.add(f"xml {path} children", False, f"XML has no element at {path}")
        return
    for n, element in enumerate(found):
        tags = [child.tag.rsplit("}", 1)[-1] for child in element]
        loose = [t.strip() for t in [element.text] + [child.tail for child in element] if t and t.strip()]
        if sorted(tags) != sorted(want):
            log.add(
                f"xml {path} children", False, f"XML {path}[{n}] has children {_list(tags[:8])}, expected {_list(want)}"
            )
            return
        if loose:
            log.add(
                f"xml {path} children",
                False,
                f"XML {path}[{n}] has text outside its child elements: {_short(loose[0], 40)}",
            )
            return
    log.add(f"xml {path} children", True)


# --- SQL ---------------------------------------------------------------------------------------

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_FORBIDDEN = re.compile(r"(ATTACH|DETACH|VACUUM|LOAD_EXTENSION)\b", re.IGNORECASE)


def _split_sql(text: str) -> list[str]:
    """Statements, split at semicolons that sqlite3 itself says end a statement (not in strings/triggers)."""
    parts, statements, buf = text.split(";"), [], ""
    for n, part in enumerate(parts):
        buf += part + (";" if n < len(parts) - 1 else "")
        if n == len(parts) - 1 or sqlite3.complete_statement(buf):
            if _COMMENTS.sub("", buf).strip(" \t\r\n;"):
                statements.append(buf)
            buf = ""
    return statements


class _Sandbox:
    """An in-memory sqlite3 database with no ATTACH, few PRAGMAs, and a VM-step budget."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:", isolation_level=None)  # autocommit: a reply's BEGIN/COMMIT work
        self.conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        self.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1_000_000)
        self.trusted = True
        self.calls = 0
        self.conn.set_authorizer(self._authorize)
        self.conn.set_progress_handler(self._progress, SQL_STEP)

    def _authorize(self, action: int, arg1: Any, *_: Any) -> int:
        if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_PRAGMA and not self.trusted and str(arg1).lower() not in SAFE_PRAGMAS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def _progress(self) -> int:
        self.calls += 1
        return 1 if self.calls * SQL_STEP > SQL_MAX_STEPS else 0

    def run(self, statement: str) -> tuple[list[str] | None, list[tuple[Any, ...]]]:
        cursor = self.conn.execute(statement)
        if cursor.description is None:
            return None, []
        return [d[0] for d in cursor.description], cursor.fetchall()

    def error(self, exc: Exception) -> str:
        if self.calls * SQL_STEP > SQL_MAX_STEPS:
            return f"SQL aborted after {SQL_MAX_STEPS} steps (runaway query?)"
        return f"SQL error: {exc}"


def _sql(doc: str, params: dict[str, Any], log: _Log) -> None:
    if "\x00" in doc:
        log.stop("parse", "SQL contains a NUL character")
    if doc.count(";") > SQL_MAX_STATEMENTS:
        log.stop("parse", f"more than {SQL_MAX_STATEMENTS} SQL statements")
    statements = _split_sql(doc)
    if not statements:
        log.stop("parse", "no SQL statement found")
    forbidden = next((s for s in statements if _FORBIDDEN.match(_COMMENTS.sub("", s).strip())), None)
    if forbidden is not None:
        log.stop("parse", f"SQL statement not allowed: {_short(forbidden.strip(), 40)}")
    db = _Sandbox()
    try:
        for statement in params.get("setup_sql") or []:
            try:
                db.run(statement)
            except sqlite3.Error as exc:
                log.stop("setup", f"bad scenario: setup_sql failed: {exc}")
        db.trusted, db.calls = False, 0
        columns, rows = None, []
        for n, statement in enumerate(statements, start=1):
            try:
                got_columns, got_rows = db.run(statement)
            except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError, MemoryError) as exc:
                log.stop("execute", f"{db.error(exc)} (statement {n})")
            if got_columns is not None:
                columns, rows = got_columns, got_rows
        log.add("execute", True, f"{len(statements)} statements")
        checks = params.get("check_sql")
        if checks is None:
            if columns is None:
                log.stop("result", "the SQL has no SELECT query returning rows")
            _compare_rows("SQL", columns, rows, params, log)
            return
        db.trusted, db.calls = True, 0
        for check in [{"sql": checks}] if isinstance(checks, str) else checks:
            spec = {**params, **check} if isinstance(checks, str) else {"ordered": params.get("ordered"), **check}
            try:
                columns, rows = db.run(check["sql"])
            except sqlite3.Error as exc:
                log.add("check_sql", False, f"check query failed after the reply's SQL: {db.error(exc)}")
                continue
            _compare_rows(f"check {_short(check['sql'], 40)}", columns or [], rows, spec, log)
    finally:
        db.conn.close()


def _sql_value(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value


def _sort_key(row: list[Any]) -> list[tuple[int, Any]]:
    rank = {type(None): 0, int: 1, float: 1, str: 2}
    return [(rank.get(type(v), 3), round(v, 6) if isinstance(v, float) else v if v is not None else 0) for v in row]


def _compare_rows(label: str, columns: list[str], rows: list[tuple[Any, ...]], spec: dict[str, Any], log: _Log) -> None:
    got = [[_sql_value(v) for v in row] for row in rows]
    want = [list(row) for row in spec.get("expected_rows") or []]
    tol = float(spec.get("tolerance", 1e-6))
    if "columns" in spec:
        names = [c.lower() for c in columns]
        expected = [c.lower() for c in spec["columns"]]
        detail = "" if names == expected else f"{label} columns {_list(names)} expected {_list(expected)}"
        log.add("columns", names == expected, detail)
    detail = ""
    if len(got) != len(want):
        detail = f"{label} returned {len(got)} rows, expected {len(want)}"
    elif got and want and len(got[0]) != len(want[0]):
        detail = f"{label} returned {len(got[0])} columns, expected {len(want[0])}"
    else:
        if not spec.get("ordered", False):
            got, want = sorted(got, key=_sort_key), sorted(want, key=_sort_key)
        for g, w in zip(got, want):
            if not _same(g, w, tol):
                detail = f"{label} row {_short(g)}, expected {_short(w)}"
                break
    log.add("rows", not detail, detail or f"{len(got)} rows match")
    log.checks[-1].update(got=got[:10], expected=want[:10])  # evidence for `inspect --full`


_FORMATS = {
    "json": _json,
    "yaml": _yaml,
    "toml": _toml,
    "csv": _csv,
    "xml": _xml,
    "markdown_table": _markdown_table,
    "sql": _sql,
}
