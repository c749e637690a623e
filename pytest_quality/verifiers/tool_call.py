"""`tool_call` verifier: did the model call the right functions with the right arguments?

Parameters (in `scenario.verifier`, all optional except what the expectation needs):

  expect          "calls" (default) | "no_call" | "clarify"
  calls           [CallSpec, ...]: the one acceptable set of calls
  alternatives    [[CallSpec, ...], ...]: several acceptable call sets; any one passing is enough
  order           "any" (default: parallel/unordered) | "sequence" (calls in the listed order)
  extra_calls     false (default): calls beyond the matched ones fail; true: they are ignored
  allow_prefix    false (default); with order "sequence": the reply may stop after the first k >= 1
                  calls (a dependent chain where a careful agent waits for each result)
  check_schema    false (default); true: every call's arguments must validate against its tool's
                  "parameters" JSON Schema (types, enums, required)
  content_regex   pattern or list of patterns that `content` must match (re.I|re.M), any expectation
  mentions        for "clarify": list of patterns (re.I); the question must match at least one

CallSpec (one expected call):
  name | name_in  the function name, or a list of acceptable names
  args            {arg: Matcher}: value checks; a dotted key ("body.ttl") reaches into objects
  required        [arg, ...]: must be present, not null and not ""
  forbidden       [arg, ...]: must be absent (or null)
  types           {arg: "string"|"integer"|"number"|"boolean"|"array"|"object"|"null" or a list}

Matcher: a bare JSON value means "equals"; otherwise an object with one of
  {"equals": v}          exact (strings compared after strip; 3 == 3.0; "3" == 3)
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
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import jsonschema

from pytest_quality.packs import NO_ANSWER, Scenario
from pytest_quality.reply import Reply, ToolCall
from pytest_quality.verdict import Verdict

MAX_CALLS = 200  # more than this is runaway output; matching it is pointless
PARSER_HINT = "tool call written as text in content, not in tool_calls: {names} (server tool-call parser problem?)"
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or isinstance(v, float) and v.is_integer(),
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
    text = " ".join(_text(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_type(value: Any) -> str:
    return next((t for t in ("boolean", "integer", "number", "string", "array", "object", "null")
                 if _TYPES[t](value)), type(value).__name__)


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
    names = spec.get("name_in") if isinstance(spec.get("name_in"), list) else [spec.get("name")]
    return [str(n) for n in names if n]


def _spec_label(spec: dict[str, Any]) -> str:
    names = " or ".join(_spec_names(spec)) or "?"
    args = spec.get("args") if isinstance(spec.get("args"), dict) else {}
    shown = [f"{k}={_describe(m)}" for k, m in list(args.items())[:2]]
    return f"{names}({', '.join(shown)})" if shown else names


def _call_issues(spec: dict[str, Any], call: ToolCall, tools: dict[str, dict]) -> list[str]:
    """Everything wrong with `call` as an answer to `spec`; empty means it matches."""
    names = _spec_names(spec)
    if call.name.strip() not in names:
        return [f"expected call {' or '.join(names)}, got {call.name or '(unnamed call)'}"]
    args = call.arguments or {}
    issues: list[str] = []
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
    if spec.get("_check_schema") and call.name in tools:
        schema = tools[call.name].get("parameters") or {}
        try:
            error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(args))
        except (jsonschema.exceptions.SchemaError, RecursionError, TypeError) as exc:
            error, issues = None, issues + [f"pack error: bad schema for {call.name}: {exc}"]
        if error is not None:
            where = ".".join(str(p) for p in error.absolute_path)
            issues.append(f"arguments of {call.name} break its schema{' at ' + where if where else ''}: "
                          f"{_short(error.message, 100)}")
    return issues


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
        return (f"unexpected extra call {calls[unused[0]].name} "
                f"(expected {len(specs)} call{'s' * (len(specs) != 1)}, got {len(calls)})"), len(matched)
    return None, len(matched)


def _grade_sequence(specs: list, calls: list[ToolCall], issues: list[list], extra_ok: bool,
                    prefix_ok: bool) -> tuple[str | None, int]:
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
        return (f"calls in wrong order: expected {', '.join(_spec_names(s)[0] for s in specs)}; "
                f"got {_names(calls)}"), done
    if not calls:
        return f"expected call {' or '.join(_spec_names(specs[0]))}, got no tool call", done
    if not extra_ok and pos < k:
        return (f"call {pos + 1}: " if n > 1 else "") + issues[done][pos][0], done
    return _missing(done, specs, calls, list(range(after, k)), issues), done


def _grade_calls(params: dict, specs: list, calls: list[ToolCall], tools: dict) -> tuple[str | None, int]:
    if not specs:
        return "pack error: no expected calls", 0
    specs = [dict(s, _check_schema=bool(params.get("check_schema"))) for s in specs]
    issues = [[_call_issues(s, c, tools) for c in calls] for s in specs]
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
        "expect": expect, "checks": checks,
        "calls": [{"name": c.name, "arguments": c.arguments if c.error is None else c.arguments_raw[:500],
                   "error": c.error} for c in calls[:20]],
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
        if expect == "clarify":
            if "?" not in content:
                return fail(f"expected a clarifying question, got no question: {_short(content)}", "clarify")
            mentions = params.get("mentions") or []
            if mentions and not any(_search(str(p), content, re.I) for p in mentions):
                return fail(f"clarifying question does not ask for the missing info ({', '.join(mentions)}): "
                            f"{_short(content)}", "clarify")
            checks.append({"check": "clarify", "passed": True, "detail": ""})
    elif expect == "calls":
        alternatives = [alt for alt in alternatives if isinstance(alt, list)]
        results = [_grade_calls(params, alt, calls, tools) for alt in alternatives]
        if not results:
            return fail("pack error: no expected calls (give \"calls\" or \"alternatives\")", "calls")
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
    else:
        return fail(f"pack error: unknown expect {expect!r}", "expect")

    patterns = params.get("content_regex") or []
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        matched = _search(str(pattern), content, re.I | re.M)
        if not matched:
            why = "bad content_regex in pack" if matched is None else "answer does not match"
            return fail(f'{why} /{pattern}/: got "{_short(content)}"' if content.strip()
                        else f"{why} /{pattern}/: got no answer", "content_regex")
        checks.append({"check": "content_regex", "passed": True, "detail": str(pattern)})
    return Verdict.ok(_names(calls) if calls else "no tool call", **trace)
