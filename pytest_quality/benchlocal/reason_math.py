"""benchlocal `reason_math` asserts, scored as their ReasonMath-15 scorer does (docs/BENCHLOCAL_COMPAT.md).

`exact_string` with `canonical_answer` / `accepted_answers` / `partial_answers` / `checkpoints`
is their two-axis score: the answer axis (0-2) reads the last line, which must start with exactly
"ANSWER: "; the trace axis (checkpoints in content and reasoning) is diagnostic only. Pass iff the
answer axis is 2. The other kinds are their older checks: any number in the reply (`exact_numeric`,
`tolerance_numeric`), a substring or key-agnostic value match (`exact_string`), a regex.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_quality.benchlocal.text import (
    Unsupported,
    all_channels,
    answer_text,
    asserts_of,
    failed,
    need,
    passed,
    run_checks,
    short,
)
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
_RICH = ("canonical_answer", "accepted_answers", "partial_answers", "checkpoints")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _numbers(text: str) -> list[float]:
    return [float(m.replace(",", "")) for m in _NUMBER.findall(text)]


def score(scenario: Any, reply: Reply) -> Verdict:
    asserts = asserts_of(scenario)
    text, source = answer_text(reply)
    text = text.strip()
    for n, a in enumerate(asserts):
        if a.get("kind") == "exact_string" and any(k in a for k in _RICH):
            # Their scorer returns at this assert: it decides, once every assert before it passed.
            before = run_checks("reason_math", asserts[:n], lambda x: _check(x, text), source, "")
            return before if not before.passed else _two_axis(a, text, all_channels(reply), source)
    return run_checks("reason_math", asserts, lambda x: _check(x, text), source, "every answer assert passed")


def _check(a: dict[str, Any], text: str) -> tuple[bool, str, str]:
    kind = a.get("kind")
    if kind in ("exact_numeric", "tolerance_numeric"):
        numbers = _numbers(text)
        if not numbers:
            return False, "no number in the reply", "no_answer_found"
        target = float(need(a, "value"))
        tol = float(need(a, "tolerance")) if kind == "tolerance_numeric" else 0.0
        ok = any(abs(n - target) <= tol for n in numbers)
        return ok, f"no number equal to {a['value']}" + (f" ±{tol:g}" if tol else ""), "wrong_answer"
    if kind == "exact_string":
        return _plain_string(str(need(a, "value")).strip(), text)
    if kind == "regex_match":
        pattern = need(a, "pattern")
        ok = re.search(pattern, text, re.I | re.M) is not None
        return ok, f"reply does not match /{pattern}/", "wrong_answer"
    raise Unsupported(f"unknown assert kind {kind!r}")


def _plain_string(value: str, text: str) -> tuple[bool, str, str]:
    """The value as a substring; else every `;`-separated expected value (key dropped) within the last
    ANSWER line, case- and space-insensitively."""
    if value in text or text.strip() == value:
        return True, "", ""
    lines = re.findall(r"(?im)^[ \t]*ANSWER[ \t]*:[ \t]*(.*)$", text)
    region = _norm(lines[-1] if lines else text)
    expected = [_norm(part.split("=", 1)[1] if "=" in part else part) for part in value.split(";")]
    ok = bool(expected) and all(e and e in region for e in expected)
    return ok, f"expected {value!r} in the answer, got {short(region)}", "wrong_answer"


# --- the two-axis exact_string --------------------------------------------------------------------------


def _payload(line: str) -> str:
    return re.sub(r"^ANSWER:\s*", "", line, flags=re.I).strip()


def _single_value_match(canonical: str, line: str) -> bool:
    """`key=value` canonical answers also accept the bare value, `other_key = value`, or both
    key (underscores as spaces) and value anywhere in the line."""
    want = _payload(canonical)
    if ";" in want or "=" not in want:
        return False
    key, value = want.split("=", 1)
    key, value, got = _norm(key.replace("_", " ")), _norm(value), _norm(_payload(line))
    if got == value or re.sub(r"^[a-z_][a-z0-9_ ]*=\s*", "", got).strip() == value:
        return True
    return key in got and value in got


def _answer_axis(a: dict[str, Any], text: str) -> tuple[int, str, str]:
    lines = [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]
    last = lines[-1].rstrip() if lines else ""
    if not last.startswith("ANSWER: "):
        return 0, 'the last line does not start with "ANSWER: "', last
    canonical = a.get("canonical_answer") or f"ANSWER: {str(a.get('value', '')).strip()}"
    got = _norm(last)
    if (
        got == _norm(canonical)
        or got in [_norm(v) for v in a.get("accepted_answers") or []]
        or _single_value_match(canonical, last)
    ):
        return 2, "", last
    if got in [_norm(v) for v in a.get("partial_answers") or []]:
        return 1, f"partial answer {short(last)}", last
    return 0, f"final line {short(last)}, expected {short(canonical)}", last


def _checkpoint_hit(checkpoint: str, haystack: str) -> bool:
    if _norm(checkpoint) in haystack:
        return True
    if "=" not in checkpoint:
        return False
    left, right = checkpoint.split("=", 1)
    return _norm(left.replace("_", " ")) in haystack and _norm(right) in haystack


def _two_axis(a: dict[str, Any], text: str, channels: str, source: str) -> Verdict:
    answer_points, why, last = _answer_axis(a, text)
    checkpoints = [str(c) for c in a.get("checkpoints") or []]
    haystack = _norm(channels)
    hits = [c for c in checkpoints if _checkpoint_hit(c, haystack)]
    trace_points = 2 if len(hits) == len(checkpoints) else (1 if hits else 0)
    style = round(100 * (0.7 * answer_points / 2 + 0.3 * trace_points / 2))
    trace = {
        "response_field_used": source,
        "answer_axis_points": answer_points,
        "trace_axis_points": trace_points,
        "checkpoints_matched": hits,
        "upstream_style_score": style,
        "final_line": last,
        "status_threshold": "pass when the answer axis is 2/2; the trace axis is diagnostic",
    }
    if answer_points == 2:
        return passed(f"answer axis 2/2, trace axis {trace_points}/2 ({style}%)", **trace)
    return failed(f"answer axis {answer_points}/2: {why}", "wrong_answer", **trace)
