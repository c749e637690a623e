"""benchlocal `tool_call` asserts, scored as their ToolCall-15 scorer does (docs/BENCHLOCAL_COMPAT.md).

Name checks look at the first call (`required_function_names` at any call); argument checks look
only at the first call's arguments; a reply without tool calls fails unless the asserts allow that
(`tool_call_count: 0`, or content-only asserts).
"""

from __future__ import annotations

import re
from typing import Any

from pytest_quality.benchlocal.text import Unsupported, answer_text, asserts_of, failed, need, run_checks, short
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict


def score(scenario: Any, reply: Reply) -> Verdict:
    asserts = asserts_of(scenario)
    text, source = answer_text(reply)
    calls = list(reply.tool_calls)
    names = [c.name for c in calls]
    zero_ok = any(a.get("kind") == "tool_call_count" and a.get("value") == 0 for a in asserts) or all(
        a.get("kind") == "content_regex" for a in asserts
    )
    if not calls and asserts and not zero_ok:
        return failed("no tool call in the reply", "wrong_answer", response_field_used=source)
    broken = next((c for c in calls if c.arguments is None), None)
    if broken is not None:
        return failed(f"tool call {broken.name or '?'}: {broken.error}", "invalid_json", response_field_used=source)
    first: dict[str, Any] = (calls[0].arguments or {}) if calls else {}  # None was refused above

    def check(a: dict[str, Any]) -> tuple[bool, str, str]:
        kind = a.get("kind")
        if kind == "exact_function_name":
            want = need(a, "value")
            return bool(names) and names[0] == want, f"first call {names[:1]}, expected {want}", "verifier_fail"
        if kind == "function_name_in":
            allowed = need(a, "values")
            return bool(names) and names[0] in allowed, f"first call {names[:1]} not in {allowed}", "verifier_fail"
        if kind == "required_function_names":
            missing = [n for n in need(a, "values", "names") if n not in names]
            return not missing, f"missing calls to {', '.join(missing)}", "verifier_fail"
        if kind == "tool_call_count":
            want = need(a, "value")
            return len(calls) == want, f"{len(calls)} tool calls, expected {want}", "verifier_fail"
        if kind == "content_regex":
            pattern = need(a, "pattern")
            ok = re.search(pattern, text, re.M | re.S) is not None
            return ok, f"reply text does not match /{pattern}/: {short(text)}", "verifier_fail"
        if kind == "multi_call_order":
            want = list(need(a, "expected_names"))
            head = names[: len(want)]
            if a.get("dependent"):  # later calls need earlier results: any correct in-order prefix passes
                ok = bool(head) and head == want[: len(head)]
            else:
                ok = head == want
            return ok, f"call order {names}, expected {want}", "verifier_fail"
        return _arg_check(kind, a, first)

    return run_checks("tool_call", asserts, check, source, f"{len(calls)} tool call(s), every assert passed")


def _arg_check(kind: Any, a: dict[str, Any], args: dict[str, Any]) -> tuple[bool, str, str]:
    if kind == "required_args_present":
        missing = [k for k in need(a, "args") if k not in args]
        return not missing, f"first call lacks argument(s) {', '.join(missing)}", "verifier_fail"
    if kind == "forbidden_args_absent":
        present = [k for k in need(a, "args") if k in args]
        return not present, f"first call has forbidden argument(s) {', '.join(present)}", "verifier_fail"
    if kind in ("exact_arg_value", "arg_regex", "arg_in_enum", "arg_numeric_range"):
        name = need(a, "arg")
        value = args.get(name)
        if kind == "exact_arg_value":
            want = need(a, "value")
            return value == want, f'"{name}" is {short(value)}, expected {short(want)}', "verifier_fail"
        if kind == "arg_regex":
            pattern = need(a, "pattern")
            ok = re.search(pattern, str(args.get(name, ""))) is not None
            return ok, f'"{name}" = {short(value)} does not match /{pattern}/', "verifier_fail"
        if kind == "arg_in_enum":
            allowed = need(a, "values")
            return value in allowed, f'"{name}" = {short(value)} not in {allowed}', "verifier_fail"
        if not isinstance(value, (int, float)):  # bool is an int here, as in Python (and in their scorer)
            return False, f'"{name}" = {value!r} is not a number', "verifier_fail"
        low, high = a.get("min"), a.get("max")
        ok = not ((low is not None and value < low) or (high is not None and value > high))
        return ok, f'"{name}" = {value} outside [{low}, {high}]', "verifier_fail"
    raise Unsupported(f"unknown assert kind {kind!r}")
