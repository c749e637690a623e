"""benchlocal `data_extract`, scored as their DataExtract-15 scorer does (docs/BENCHLOCAL_COMPAT.md).

With a scenario `expected` object, the reply's JSON is walked field by field: every scalar is one
point (strings equal after strip, numbers within 0.01, booleans and null by type), a scalar array is
one point compared as a set, and arrays of objects are matched through their hard-coded anchor keys.
Pass at a score of 85 or more; the top-level shape must match only when the scenario sets
`declares_top_level_shape`. Without `expected`, the legacy field asserts apply.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_quality.benchlocal.text import (
    Unsupported,
    answer_text,
    asserts_of,
    failed,
    get_path,
    need,
    passed,
    run_checks,
    short,
    strip_fence,
)
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

# Their scorer keys arrays of objects on these (scenario id, path) pairs and no others.
ANCHORS = {
    "DE-02.items": "name",
    "DE-07.$root": "name",
    "DE-13.line_items": "description",
    "DE-13.discounts": "description",
}
PASS_SCORE = 85


def score(scenario: Any, reply: Reply) -> Verdict:
    text, source = answer_text(reply)
    try:
        data = json.loads(strip_fence(text))
    except (ValueError, RecursionError) as exc:
        return failed(f"reply is not JSON: {exc}", "invalid_json", response_field_used=source)
    if "expected" in scenario.raw:
        return _score_expected(scenario, data, scenario.raw["expected"], source)
    return _legacy(scenario, data, source)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "other"


def _scalar(want: Any, got: Any) -> bool:
    if want is None:
        return got is None
    if isinstance(want, bool):
        return isinstance(got, bool) and got is want
    if isinstance(want, str):
        return isinstance(got, str) and got.strip() == want.strip()
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and abs(float(got) - float(want)) <= 0.01
    return False


class _Walk:
    def __init__(self, scenario_id: str):
        self.sid, self.correct, self.total = scenario_id, 0, 0
        self.notes: list[str] = []

    def value(self, want: Any, got: Any, path: str) -> None:
        if isinstance(want, list) and all(isinstance(i, dict) for i in want):  # [] too, as in theirs
            self.objects(want, got, path)
        elif isinstance(want, list):
            self.total += 1
            remaining = list(got) if isinstance(got, list) else []
            ok = isinstance(got, list) and len(remaining) == len(want)
            for item in want if ok else []:
                hit = next((i for i, g in enumerate(remaining) if _scalar(item, g)), None)
                if hit is None:
                    ok = False
                    break
                remaining.pop(hit)
            self.correct += ok
            if not ok:
                self.notes.append(f"{path or '$'}: array {short(got)} does not match {short(want)}")
        elif isinstance(want, dict):
            if not isinstance(got, dict):
                self.total += len(want)
                self.notes.append(f"{path or '$'}: expected an object, got {short(got)}")
                return
            for key, sub in want.items():
                self.value(sub, got.get(key), f"{path}.{key}" if path else key)
        else:
            self.total += 1
            if _scalar(want, got):
                self.correct += 1
            else:
                self.notes.append(f"{path}: expected {json.dumps(want)}, got {short(got)}")

    def objects(self, want: list[dict[str, Any]], got: Any, path: str) -> None:
        width = len(want[0]) if want else 1
        if not isinstance(got, list):
            self.total += len(want) * width
            self.notes.append(f"{path or '$'}: expected an array")
            return
        anchor = ANCHORS.get(f"{self.sid}.{path or '$root'}")
        if not anchor:  # their scorer cannot match these objects: it scores the array 0 of len(want)
            self.total += len(want) or 1
            self.notes.append(f"{path or '$'}: no anchor key for {self.sid}.{path or '$root'}")
            return
        by_anchor = {g[anchor]: g for g in got if isinstance(g, dict) and isinstance(g.get(anchor), str)}
        for item in want:
            match = by_anchor.get(str(item.get(anchor)))
            if match is None:
                self.total += len(item)
                self.notes.append(f"{path or '$'}: no object with {anchor}={item.get(anchor)!r}")
                continue
            for key, sub in item.items():
                self.value(sub, match.get(key), f"{path}.{key}" if path else key)


def _score_expected(scenario: Any, data: Any, expected: Any, source: str) -> Verdict:
    shape_ok = _kind(expected) == _kind(data)
    compliance = [] if shape_ok else [f"top-level shape mismatch: expected {_kind(expected)}, got {_kind(data)}"]
    if isinstance(expected, dict) and isinstance(data, dict):
        extra, missing = sorted(set(data) - set(expected)), sorted(set(expected) - set(data))
        compliance += [f"extra top-level fields: {', '.join(extra)}"] if extra else []
        compliance += [f"missing top-level fields: {', '.join(missing)}"] if missing else []
    scored, realigned = data, False  # a singleton wrapper is realigned for the score (never for the shape)
    if isinstance(expected, dict) and isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        scored, realigned = data[0], True
    elif isinstance(expected, list) and isinstance(data, dict) and len(expected) == 1:
        scored, realigned = [data], True
    walk = _Walk(str(scenario.raw.get("id", scenario.id)))
    walk.value(expected, scored, "")
    pct = round(100 * walk.correct / walk.total) if walk.total else 0
    enforced = bool(scenario.raw.get("declares_top_level_shape"))
    ok = pct >= PASS_SCORE and (shape_ok or not enforced)
    trace = {
        "response_field_used": source,
        "upstream_style_score": pct,
        "correct_fields": walk.correct,
        "total_fields": walk.total,
        "compliance_notes": compliance,
        "comparison_notes": walk.notes[:20],
        "scored_after_shape_realign": realigned,
        "top_level_shape_enforced": enforced,
    }
    summary = f"{walk.correct}/{walk.total} fields correct ({pct}%, pass at {PASS_SCORE})"
    if ok:
        return passed(summary, **trace)
    first = (compliance[:1] if enforced and not shape_ok else []) + walk.notes[:1]
    return failed(f"{summary}: {'; '.join(first)}", "verifier_fail", **trace)


def _legacy(scenario: Any, data: Any, source: str) -> Verdict:
    asserts = asserts_of(scenario)

    def check(a: dict[str, Any]) -> tuple[bool, str, str]:
        kind = a.get("kind")
        if kind == "no_extra_fields":
            if not isinstance(data, dict):
                return False, "top-level JSON is not an object", "wrong_structure"
            extra = sorted(set(data) - set(need(a, "allowed")))
            return not extra, f"extra field(s) {', '.join(extra)}", "extra_fields"
        if kind not in ("field_required", "field_exact_value", "field_regex", "field_in_set"):
            raise Unsupported(f"unknown assert kind {kind!r}")
        field = str(need(a, "field"))
        try:
            value = get_path(data, field)
        except (KeyError, IndexError, TypeError):
            return False, f"missing field {field}", "missing_field"
        if kind == "field_exact_value":
            return (
                value == need(a, "value"),
                f"{field} is {short(value)}, expected {short(a['value'])}",
                "verifier_fail",
            )
        if kind == "field_regex":
            pattern = need(a, "pattern")
            return (
                re.search(pattern, str(value)) is not None,
                f"{field} = {short(value)} does not match /{pattern}/",
                "verifier_fail",
            )
        if kind == "field_in_set":
            allowed = need(a, "values")
            return value in allowed, f"{field} = {short(value)} not in {allowed}", "verifier_fail"
        return True, "", ""

    return run_checks("data_extract", asserts, check, source, "every field assert passed")
