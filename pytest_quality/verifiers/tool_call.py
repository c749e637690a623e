"""`tool_call` verifier: did the model call the right functions with the right arguments?

Grading rule
  A pass means the reply does what the request needs with the tools it was given: it makes exactly
  the expected calls (or, where no call is wanted, none), each call's arguments are valid for that
  tool's own schema AND carry the values the request states; and when the reply answers in text, the
  answer is the right one, stated once, without claiming an action no tool performed.
  Checked, in this order: calls written as text in `content` (a server parser problem), unparsable
  arguments; then per call the tool's JSON Schema (Draft 2020-12 from `scenario.tools`: types,
  enums, required, no undefined arguments), then the scenario's value checks; for text answers the
  forbidden claims, the clarifying question, the final answer line (one value) and content patterns.

Parameters (in `scenario.verifier`, all optional except what the expectation needs):

  expect          "calls" (default) | "no_call" | "clarify"
  calls           [CallSpec, ...]: the one acceptable set of calls
  alternatives    [[CallSpec, ...], ...]: several acceptable call sets; any one passing is enough
  order           "any" (default: parallel/unordered) | "sequence" (calls in the listed order)
  extra_calls     false (default): calls beyond the matched ones fail; true: they are ignored
  allow_prefix    false (default); with order "sequence": the reply may stop after the first k >= 1
                  calls (a dependent chain where a careful agent waits for each result)
  check_schema    true (default): each call's arguments must validate against its tool's "parameters"
                  schema before the value checks (a 3.0 is an integer, as in JSON Schema; "3" is not);
                  null for an optional parameter counts as leaving it out. false: value checks only
  undefined_args  "reject" (default): an object schema that lists `properties` but does not say whether
                  others are allowed is read as closed, since a tool takes the parameters it declares;
                  "schema": follow JSON Schema literally (open unless additionalProperties is false)
  content_regex   pattern or list of patterns that `content` must all match (re.I|re.M), any expectation
  forbid          [pattern | {"pattern": p, "why": "claims the meeting was booked"}, ...]: `content` must
                  match none (re.I|re.M): false claims of actions, guesses the prompt rules out
  answer          {"number": x | [x, ...], "tolerance": t, "also": [n, ...], "label": "ANSWER"}: the
                  reply must end with a line "<label>: <value>" stating one accepted number and no other
                  (numbers in `also`, e.g. the "1" of "1 KiB = 1024 bytes", may restate the question;
                  2^10 counts as 1024); every such line in the reply must agree
  mentions        for "clarify": list of patterns (re.I); the question must match at least one

CallSpec (one expected call):
  name | name_in  the function name, or a list of acceptable names
  args            {arg: Matcher}: value checks; a dotted key ("body.ttl") reaches into objects
  required        [arg, ...]: must be present, not null and not ""
  forbidden       [arg, ...]: must be absent (or null)
  types           {arg: "string"|"integer"|"number"|"boolean"|"array"|"object"|"null" or a list}

Matcher: a bare JSON value means "equals"; otherwise an object with one of
  {"equals": v}          exact (strings compared after strip; 3 == 3.0; "3" == 3: the schema judges types)
  {"iequals": "s"}       case-insensitive, whitespace collapsed
  {"regex": "p"}         re.search on the value as text (write (?i) for case-insensitive)
  {"number": x, "tolerance": t} / {"min": a, "max": b}   numeric (numeric strings accepted)
  {"one_of": [...], "ignore_case": false}                  one of the allowed values
  {"contains": "s" | ["s", ...]}                           case-insensitive substrings, all required
  {"json": v}            deep JSON equality; a string value is parsed as JSON first
  {"same_items": [...]}  a list with the same items in any order (strings case-insensitive)
  plus "optional": true to check the argument only when it is present.

Always checked: tool calls with unparsable arguments fail; a call written as text in `content`
(JSON with a tool name, ```json fences, <tool_call> tags, <function=...>, name(...)) instead of in
`tool_calls` fails with a detail naming the server's tool-call parser, because users must see it.
Text alongside a call is allowed (only `forbid` and `content_regex` look at it).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from fractions import Fraction
from typing import Any

import jsonschema

from pytest_quality.clip import clip, one_line
from pytest_quality.reply import Reply, ToolCall
from pytest_quality.scenario import NO_ANSWER, Scenario
from pytest_quality.verdict import Verdict
from pytest_quality.verifiers import _numbers

MAX_CALLS = 200  # more than this is runaway output; matching it is pointless
PARSER_HINT = "tool call written as text in content, not in tool_calls: {names} (server tool-call parser problem?)"
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer(),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


# --- small helpers ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):  # absurdly deep arguments: still give a verdict
        return repr(value)[:1000]


def _short(value: Any, limit: int = 60) -> str:
    return clip(one_line(_text(value)), limit)


def _json_type(value: Any) -> str:
    return next(
        (t for t in ("boolean", "integer", "number", "string", "array", "object", "null") if _TYPES[t](value)),
        type(value).__name__,
    )


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _deep_equal(a: Any, b: Any) -> bool:
    """JSON equality where 12 == 12.0 but True != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_deep_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_deep_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _same(expected: Any, got: Any) -> bool:
    """The 'equals' matcher: lenient about surrounding whitespace and number-vs-numeric-string."""
    if isinstance(expected, str) and not isinstance(got, (dict, list)) and got is not None:
        return expected.strip() == _text(got).strip()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        number = _as_number(got)
        return number is not None and abs(number - expected) <= 1e-9
    return _deep_equal(expected, got)


def _fold(value: Any) -> str:
    return " ".join(_text(value).split()).casefold()


def _search(pattern: str, text: str, flags: int = 0) -> bool | None:
    try:
        return re.search(pattern, text, flags) is not None
    except (re.error, TypeError):
        return None


def _lookup(args: dict[str, Any], key: str) -> tuple[bool, Any]:
    if key in args:
        return True, args[key]
    node: Any = args
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


# --- matchers -----------------------------------------------------------------------------------


def _describe(matcher: Any) -> str:
    if not isinstance(matcher, dict):
        return _short(matcher)
    if "equals" in matcher:
        return _short(matcher["equals"])
    if "iequals" in matcher:
        return _short(matcher["iequals"])
    if "regex" in matcher:
        return f"a value matching /{matcher['regex']}/"
    if "number" in matcher:
        return f"{matcher['number']} ±{matcher.get('tolerance', 0)}"
    if "min" in matcher or "max" in matcher:
        return f"a number in [{matcher.get('min', '-inf')}, {matcher.get('max', 'inf')}]"
    if "one_of" in matcher:
        return "one of " + ", ".join(_short(v, 30) for v in matcher["one_of"])
    if "contains" in matcher:
        parts = matcher["contains"] if isinstance(matcher["contains"], list) else [matcher["contains"]]
        return "text containing " + " and ".join(f'"{p}"' for p in parts)
    if "json" in matcher:
        return _short(matcher["json"])
    if "same_items" in matcher:
        return f"{_short(matcher['same_items'])} in any order"
    return _short(matcher)


def _matches(matcher: Any, got: Any) -> bool | None:
    """True/False, or None when the matcher itself is broken (a pack bug)."""
    if not isinstance(matcher, dict):
        return _same(matcher, got)
    if "equals" in matcher:
        return _same(matcher["equals"], got)
    if "iequals" in matcher:
        return got is not None and _fold(matcher["iequals"]) == _fold(got)
    if "regex" in matcher:
        return _search(str(matcher["regex"]), _text(got))
    if any(k in matcher for k in ("number", "min", "max")):
        number = _as_number(got)
        if number is None:
            return False
        if "number" in matcher:
            return abs(number - float(matcher["number"])) <= float(matcher.get("tolerance", 0)) + 1e-9
        return float(matcher.get("min", -math.inf)) <= number <= float(matcher.get("max", math.inf))
    if "one_of" in matcher:
        if matcher.get("ignore_case"):
            return any(_fold(v) == _fold(got) for v in matcher["one_of"])
        return any(_same(v, got) for v in matcher["one_of"])
    if "contains" in matcher:
        parts = matcher["contains"] if isinstance(matcher["contains"], list) else [matcher["contains"]]
        return all(_fold(p) in _fold(got) for p in parts)
    if "json" in matcher:
        if isinstance(got, str):
            try:
                got = json.loads(_strip_fence(got))
            except (ValueError, RecursionError):
                return False
        return _deep_equal(matcher["json"], got)
    if "same_items" in matcher:
        if not isinstance(got, list) or len(got) != len(matcher["same_items"]):
            return False
        return sorted(map(_fold, matcher["same_items"])) == sorted(map(_fold, got))
    return None


def _strip_fence(text: str) -> str:
    m = re.fullmatch(r"\s*```[\w-]*\s*\n?(.*?)\n?```\s*", text, re.DOTALL)
    return m.group(1) if m else text


# --- one call against one spec ------------------------------------------------------------------


def _spec_names(spec: dict[str, Any]) -> list[str]:
    names = spec["name_in"] if isinstance(spec.get("name_in"), list) else [spec.get("name")]
    return [str(n) for n in names if n]


def _spec_label(spec: dict[str, Any]) -> str:
    names = " or ".join(_spec_names(spec)) or "?"
    args = spec["args"] if isinstance(spec.get("args"), dict) else {}
    shown = [f"{k}={_describe(m)}" for k, m in list(args.items())[:2]]
    return f"{names}({', '.join(shown)})" if shown else names


def _call_issues(spec: dict[str, Any], call: ToolCall, prepared: tuple[dict, list[str]]) -> list[str]:
    """Everything wrong with `call` as an answer to `spec`; empty means it matches.

    `prepared` is the call's arguments (nulls for optional parameters dropped) and its schema issues,
    which come first: a value check on an argument of the wrong type would only blur the reason."""
    names = _spec_names(spec)
    if call.name.strip() not in names:
        return [f"expected call {' or '.join(names)}, got {call.name or '(unnamed call)'}"]
    args, schema_issues = prepared
    issues: list[str] = list(schema_issues)
    for key in spec.get("required") or []:
        present, value = _lookup(args, key)
        if not present or value is None or value == "":
            issues.append(f'missing required arg "{key}" in {call.name}')
    for key in spec.get("forbidden") or []:
        present, value = _lookup(args, key)
        if present and value is not None:
            issues.append(f'forbidden arg "{key}" present in {call.name}')
    for key, wanted in (spec.get("types") or {}).items():
        present, value = _lookup(args, key)
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if present and not any(_TYPES.get(t, lambda v: False)(value) for t in allowed):
            issues.append(f'wrong arg type for "{key}": expected {" or ".join(allowed)}, got {_json_type(value)}')
    for key, matcher in (spec.get("args") or {}).items():
        present, value = _lookup(args, key)
        if not present:
            if not (isinstance(matcher, dict) and matcher.get("optional")):
                issues.append(f'missing required arg "{key}" in {call.name}')
            continue
        result = _matches(matcher, value)
        if result is None:
            issues.append(f'pack error: bad matcher for "{key}": {_short(matcher)}')
        elif not result:
            issues.append(f'wrong arg value for "{key}": expected {_describe(matcher)}, got {_short(value)}')
    return issues


# --- the tool's own schema ----------------------------------------------------------------------


def _closed(schema: Any, undefined_args: str) -> Any:
    """With "reject", an object schema silent on other keys is read as closed: a tool takes the parameters
    it declares, and a model inventing one ("country", "timeout") has not read the tool."""
    if (
        undefined_args != "schema"
        and isinstance(schema, dict)
        and isinstance(schema.get("properties"), dict)
        and not {"additionalProperties", "patternProperties", "unevaluatedProperties"} & schema.keys()
    ):
        return {**schema, "additionalProperties": False}
    return schema


@functools.lru_cache(maxsize=128)
def _validator(schema_json: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_json)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _drop_null_optionals(args: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """null for an optional parameter means "not given": some chat templates fill every parameter."""
    props = schema["properties"] if isinstance(schema.get("properties"), dict) else {}
    required = schema["required"] if isinstance(schema.get("required"), list) else []
    return {k: v for k, v in args.items() if not (v is None and k in props and k not in required)}


def _schema_message(name: str, error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path)
    kind, want, got = error.validator, error.validator_value, error.instance
    at = f"{where}." if where else ""
    if kind == "required" and isinstance(got, dict) and isinstance(want, list):
        missing = next((k for k in want if k not in got), "?")
        return f'missing required arg "{at}{missing}" in {name}'
    if kind in ("additionalProperties", "unevaluatedProperties") and want is False and isinstance(got, dict):
        defined = error.schema.get("properties") if isinstance(error.schema.get("properties"), dict) else {}
        extra = [k for k in got if k not in defined] or list(got) or ["?"]
        return f'undefined arg "{at}{extra[0]}" in {name}: not a parameter of its schema'
    if kind == "type" and where:
        wanted = " or ".join(want) if isinstance(want, list) else str(want)
        return f'wrong arg type for "{where}": expected {wanted}, got {_json_type(got)}'
    if kind == "enum" and where and isinstance(want, list):
        return f'wrong arg value for "{where}": {_short(got, 40)} is not one of {", ".join(map(_short, want))}'
    return f"arguments of {name} break its schema{' at ' + where if where else ''}: {_short(error.message, 100)}"


def _schema_issues(name: str, args: dict[str, Any], schema: Any) -> list[str]:
    try:
        validator = _validator(json.dumps(schema, sort_keys=True))
        errors = list(itertools.islice(validator.iter_errors(args), 20))
        best = jsonschema.exceptions.best_match(errors)
    except RecursionError:  # absurdly deep arguments: still give a verdict
        return [f"arguments of {name} are too deeply nested to validate"]
    except Exception as exc:  # noqa: BLE001 - a broken pack schema (bad type, bad regex) must not crash grading
        return [f"pack error: bad schema for {name}: {_short(exc, 100)}"]
    if best is None:
        return []
    messages = [_schema_message(name, best)]
    for error in errors:
        message = _schema_message(name, error)
        if message not in messages:
            messages.append(message)
    return messages


def _prepare(call: ToolCall, tools: dict[str, dict], params: dict) -> tuple[dict, list[str]]:
    """The call's arguments as the value checks see them, and its schema issues (see `check_schema`)."""
    args = call.arguments or {}
    schema = (tools.get(call.name.strip()) or {}).get("parameters")
    if params.get("check_schema", True) is False or not isinstance(schema, dict):
        return args, []
    args = _drop_null_optionals(args, schema)
    return args, _schema_issues(call.name, args, _closed(schema, str(params.get("undefined_args", "reject"))))


# --- a set of calls against a list of specs -----------------------------------------------------


def _names(calls: list[ToolCall]) -> str:
    return ", ".join(c.name or "(unnamed call)" for c in calls)


def _missing(i: int, specs: list, calls: list[ToolCall], unused: list[int], issues: list[list]) -> str:
    """Why specs[i] found no call: the closest unused call's first issue, else what is absent."""
    spec = specs[i]
    if not calls:
        return f"expected call {' or '.join(_spec_names(spec))}, got no tool call"
    named = [j for j in unused if not issues[i][j][0].startswith("expected call")]
    if named:
        return min((issues[i][j] for j in named), key=len)[0]
    if unused:
        return issues[i][unused[0]][0]
    return f"missing call {_spec_label(spec)} (expected {len(specs)} calls, got {len(calls)}: {_names(calls)})"


def _grade_any(specs: list, calls: list[ToolCall], issues: list[list], extra_ok: bool) -> tuple[str | None, int]:
    """Unordered: a maximum matching of specs to distinct calls (Kuhn's algorithm)."""
    owner: dict[int, int] = {}  # call index -> spec index

    def assign(i: int, seen: set[int]) -> bool:
        for j in range(len(calls)):
            if not issues[i][j] and j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(specs)):
        assign(i, set())
    matched = set(owner.values())
    unused = [j for j in range(len(calls)) if j not in owner]
    for i in range(len(specs)):
        if i not in matched:
            return _missing(i, specs, calls, unused, issues), len(matched)
    if unused and not extra_ok:
        return (
            f"unexpected extra call {calls[unused[0]].name} "
            f"(expected {len(specs)} call{'s' * (len(specs) != 1)}, got {len(calls)})"
        ), len(matched)
    return None, len(matched)


def _grade_sequence(
    specs: list, calls: list[ToolCall], issues: list[list], extra_ok: bool, prefix_ok: bool
) -> tuple[str | None, int]:
    """Ordered. With extra_ok other calls may sit between the expected ones (greedy subsequence)."""
    n, k = len(specs), len(calls)
    done, pos, after = 0, 0, 0  # specs matched; next call to look at; call after the last match
    while done < n and pos < k:
        if not issues[done][pos]:
            done, pos, after = done + 1, pos + 1, pos + 1
        elif extra_ok:
            pos += 1
        else:
            break
    complete = done == n or (prefix_ok and done >= 1)
    if complete and (extra_ok or pos == k):
        return None, done
    if complete and done == n:
        return f"unexpected extra call {calls[pos].name} (expected {n} call{'s' * (n != 1)}, got {k})", done
    if _grade_any(specs, calls, issues, extra_ok)[0] is None:
        return (
            f"calls in wrong order: expected {', '.join(_spec_names(s)[0] for s in specs)}; got {_names(calls)}"
        ), done
    if not calls:
        return f"expected call {' or '.join(_spec_names(specs[0]))}, got no tool call", done
    if not extra_ok and pos < k:
        return (f"call {pos + 1}: " if n > 1 else "") + issues[done][pos][0], done
    return _missing(done, specs, calls, list(range(after, k)), issues), done


def _grade_calls(params: dict, specs: list, calls: list[ToolCall], tools: dict) -> tuple[str | None, int]:
    if not specs or not all(isinstance(s, dict) for s in specs):
        return "pack error: expected calls must be a non-empty list of objects", 0
    prepared = [_prepare(c, tools, params) for c in calls]
    issues = [[_call_issues(s, c, p) for c, p in zip(calls, prepared)] for s in specs]
    extra_ok = bool(params.get("extra_calls"))
    if params.get("order", "any") == "sequence":
        return _grade_sequence(specs, calls, issues, extra_ok, bool(params.get("allow_prefix")))
    return _grade_any(specs, calls, issues, extra_ok)


# --- text calls in content ----------------------------------------------------------------------


def _text_calls(content: str, names: set[str]) -> list[str]:
    """Tool names that appear as a written-out call in content: a parser that did not parse."""
    if not names or not content:
        return []
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    patterns = [
        rf"""["']?(?:name|function|tool|tool_name|function_name)["']?\s*[:=]\s*["']({alt})["']""",
        rf"""<function\s*=\s*["']?({alt})\b""",
        rf"""["']({alt})["']\s*:\s*\{{""",
        rf"""<tool_call>\s*\[?\s*({alt})\s*\(""",
        rf"""\A\s*(?:```\w*\s*)?\[?\s*({alt})\s*\(\s*(?:\)|\w+\s*=)""",
    ]
    found: list[str] = []
    head = content[:200_000]
    for pattern in patterns:
        for m in re.finditer(pattern, head):
            if m.group(1) not in found:
                found.append(m.group(1))
    return found


def _tool_map(scenario: Scenario) -> dict[str, dict]:
    tools: dict[str, dict] = {}
    for tool in scenario.tools or []:
        fn = tool.get("function") if isinstance(tool, dict) and isinstance(tool.get("function"), dict) else tool
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            tools[fn["name"]] = fn
    return tools


# --- text answers: forbidden claims, the final answer line --------------------------------------


def _forbidden(params: dict, content: str) -> str | None:
    """The first forbidden statement in content (a claimed action no tool did), as a failure detail."""
    items = params.get("forbid") or []
    for item in [items] if isinstance(items, (str, dict)) else items:
        pattern, why = (item.get("pattern"), item.get("why")) if isinstance(item, dict) else (item, None)
        try:
            m = re.search(str(pattern), content, re.I | re.M)
        except re.error:
            return f"pack error: bad forbid pattern /{pattern}/"
        if m:
            said = " ".join(m.group(0).split()).strip(" .!?;:")  # patterns may match from the sentence start
            return f'{why or "forbidden statement"}: "{said if len(said) <= 50 else "…" + said[-49:]}"'
    return None


_DECORATION = re.compile(r"[\s`*_~=#>|-]*")  # fences, rules, emphasis: lines that end a reply but say nothing
_POWER = re.compile(r"(?<![\d.])(\d{1,6})\s*(?:\^|\*\*)\s*\{?\s*(\d{1,2})\s*\}?")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_GROUPED = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}\b)")  # "1 024" with a thin or no-break space


def _line_numbers(value: str) -> list:
    """Numbers stated on an answer line; a power ("2^10", "2¹⁰") counts as its value."""
    value = re.sub(r"(?<=\d)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "^" + m.group(1).translate(_SUPERSCRIPT), value)
    value = _numbers.normalize_text(_GROUPED.sub("", value))  # "1.2 × 10^3" becomes 1.2e3 before powers
    value = _POWER.sub(lambda m: str(int(m.group(1)) ** int(m.group(2))), value)
    return _numbers.find_numbers(value)


def _answer_issue(spec: Any, content: str) -> str | None:
    """Why the reply's final answer line does not state exactly one accepted number, or None."""
    if not isinstance(spec, dict) or "number" not in spec:
        return 'pack error: "answer" needs a "number"'
    label = str(spec.get("label") or "ANSWER")
    line_re = re.compile(rf"^\s*(?:[-+>#]+\s*)*(?:final\s+)?{re.escape(label)}\s*:", re.I)
    lines = [line for line in content.splitlines() if not _DECORATION.fullmatch(line)]
    # Markdown may wrap the label ("**ANSWER:**"); the value is read from the raw line so "2**10" survives.
    found = [
        (i, line.split(":", 1)[1].replace("`", "").strip().strip("*_").strip())
        for i, line in enumerate(lines)
        if line_re.match(line.replace("*", "").replace("`", "")) and ":" in line
    ]
    if not found:
        return f"no final '{label}:' line"
    if found[-1][0] != len(lines) - 1:
        return f"text follows the '{label}:' line"
    try:
        wanted = spec["number"] if isinstance(spec["number"], list) else [spec["number"]]
        accepted = [Fraction(str(x)) for x in wanted]
        also = [Fraction(str(x)) for x in spec.get("also") or []]
        tol = float(spec.get("tolerance", 0))
        assert math.isfinite(tol) and tol >= 0
    except (TypeError, ValueError, ZeroDivisionError, AssertionError):
        return 'pack error: "answer" numbers must be finite numbers'
    stated = [n for _, value in found for n in _line_numbers(value)]
    if None in stated:
        return f"'{label}:' line states a number too long to read: {_short(found[-1][1])}"
    values = [n for n in stated if not any(_numbers.close(n, a) for a in also)]
    if not values:
        return f"'{label}:' line states no answer value: {_short(found[-1][1])}"
    hits = {a for v in values for a in accepted if _numbers.close(v, a, tol)}
    misses = sorted({v for v in values if not any(_numbers.close(v, a, tol) for a in accepted)})
    if hits and (misses or len(hits) > 1):
        shown = sorted(set(misses) | hits)
        return f"hedged answer: states {', '.join(map(_numbers.fmt, shown))} (one value wanted)"
    if misses:
        want = " or ".join(map(_numbers.fmt, accepted))
        return f"wrong answer: expected {want}, got {_short(found[-1][1])}"
    return None


# --- entry point --------------------------------------------------------------------------------


def _has_answer(content: str) -> bool:
    return bool(content.strip()) and content.strip() != NO_ANSWER


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    params = scenario.verifier
    expect = params.get("expect", "calls")
    calls = list(reply.tool_calls)
    content = reply.content or ""
    tools = _tool_map(scenario)
    alternatives = params.get("alternatives") or ([params["calls"]] if params.get("calls") else [])
    known = set(tools) | {n for alt in alternatives for s in alt if isinstance(s, dict) for n in _spec_names(s)}
    checks: list[dict[str, Any]] = []
    trace: dict[str, Any] = {
        "expect": expect,
        "checks": checks,
        "calls": [
            {"name": c.name, "arguments": c.arguments if c.error is None else c.arguments_raw[:500], "error": c.error}
            for c in calls[:20]
        ],
    }

    def fail(detail: str, check: str) -> Verdict:
        checks.append({"check": check, "passed": False, "detail": detail})
        return Verdict.fail(detail, **trace)

    text_calls = _text_calls(content, known)
    hint = PARSER_HINT.format(names=", ".join(text_calls)) if text_calls else ""
    if text_calls and not calls:
        return fail(hint, "text_call_in_content")
    if len(calls) > MAX_CALLS:
        return fail(f"too many tool calls: {len(calls)}", "call_count")
    for call in calls:
        if call.error is not None:
            return fail(f"tool call {call.name or '(unnamed call)'}: {call.error}", "arguments_json")

    if expect in ("no_call", "clarify"):
        if calls:
            return fail(f"expected no tool call, got {_names(calls)}", "no_call")
        checks.append({"check": "no_call", "passed": True, "detail": ""})
        if not _has_answer(content):
            return fail("expected an answer in content, got no answer", "content")
        if (claim := _forbidden(params, content)) is not None:
            return fail(claim, "forbid")
        if expect == "clarify":
            if "?" not in content:
                return fail(f"expected a clarifying question, got no question: {_short(content)}", "clarify")
            mentions = params.get("mentions") or []
            if mentions and not any(_search(str(p), content, re.I) for p in mentions):
                return fail(
                    f"clarifying question does not ask for the missing info ({', '.join(mentions)}): {_short(content)}",
                    "clarify",
                )
            checks.append({"check": "clarify", "passed": True, "detail": ""})
    elif expect == "calls":
        alternatives = [alt for alt in alternatives if isinstance(alt, list)]
        results = [_grade_calls(params, alt, calls, tools) for alt in alternatives]
        if not results:
            return fail('pack error: no expected calls (give "calls" or "alternatives")', "calls")
        if all(detail is not None for detail, _ in results):
            # Report against the closest alternative: most calls matched, then most names in common.
            def closeness(k: int) -> tuple[int, int]:
                wanted = {n for spec in alternatives[k] if isinstance(spec, dict) for n in _spec_names(spec)}
                return results[k][1], sum(c.name in wanted for c in calls)

            detail = results[max(range(len(results)), key=closeness)][0] or ""
            if not calls and _has_answer(content):
                detail += f' (reply: "{_short(content, 50)}")'
            return fail(f"{hint}; {detail}" if hint else detail, "calls")
        checks.append({"check": "calls", "passed": True, "detail": _names(calls)})
        if (claim := _forbidden(params, content)) is not None:
            return fail(claim, "forbid")
    else:
        return fail(f"pack error: unknown expect {expect!r}", "expect")
    if params.get("forbid"):
        checks.append({"check": "forbid", "passed": True, "detail": ""})

    if "answer" in params:
        if (why := _answer_issue(params["answer"], content)) is not None:
            return fail(why, "answer")
        checks.append({"check": "answer", "passed": True, "detail": ""})

    patterns = params.get("content_regex") or []
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        matched = _search(str(pattern), content, re.I | re.M)
        if not matched:
            why = "bad content_regex in pack" if matched is None else "answer does not match"
            return fail(
                f'{why} /{pattern}/: got "{_short(content)}"'
                if content.strip()
                else f"{why} /{pattern}/: got no answer",
                "content_regex",
            )
        checks.append({"check": "content_regex", "passed": True, "detail": str(pattern)})
    return Verdict.ok(_names(calls) if calls else "no tool call", **trace)
