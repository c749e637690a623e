"""reason_math: grade the final `ANSWER: <value>` line of a worked maths answer.

Parameters (scenario.verifier):
  answer     canonical answer, e.g. "35.98", "29/44", "Tuesday", "adults=92, children=62"
  accepted   optional list of other acceptable answers (same kind)
  kind       "number" (default) | "fraction" | "text" | "multi"
  tolerance  optional: a number (absolute) or {"abs": a, "rel": r}; default exact
  unit       optional unit text (or list) that may follow the value and is removed before parsing

Only the last ANSWER line is graded, and it must be the reply's last line (blank lines, code
fences and rules after it are ignored); numbers elsewhere in the working never count.
"number"/"fraction": the line must hold exactly one number, compared by value, so "$1,234.50",
"1234.5", "3/4" vs "0.75", "1.2e3", "-0" and "12.5%" (vs "12.5") are understood.
A line with several numbers passes only if they all restate the answer ("29/44 ≈ 0.659"), so
"42 or 45" fails.
"text": compared case-insensitively with whitespace and a trailing full stop ignored.
"multi": several numbers, "x=3, y=4" or "3, 4" or "6:13:8"; compared by key when the reply names
every expected key, else in order.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING

from pytest_quality.reply import Reply
from pytest_quality.verdict import VERIFIER_FAIL, WRONG_ANSWER, Verdict
from pytest_quality.verifiers import _numbers
from pytest_quality.verifiers._answer_line import answer_value
from pytest_quality.verifiers._answer_line import match_number as _match_number
from pytest_quality.verifiers._answer_line import short as _short
from pytest_quality.verifiers._answer_line import tolerance as _tolerance

if TYPE_CHECKING:
    from pytest_quality.packs import Scenario

KINDS = ("number", "fraction", "text", "multi")
_KEY_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|:)\s*[$€£¥]?\s*\Z")
_POWER = re.compile(r"(?<=[A-Za-z])\s*(?:\^|\*\*)\s*[0-9]+|[²³]")  # "m^2", "cm³": exponents of units


def _norm_text(text: str) -> str:
    """Literal comparison form: case, whitespace, quotes, $ and a final full stop ignored."""
    text = _numbers.normalize_text(text).casefold()
    text = re.sub(r"[\s\"'“”‘’$]|\\[()\[\]]", "", text)
    return text.rstrip(".!")


def _strip_units(text: str, units: list[str]) -> str:
    text = _POWER.sub("", text)
    for unit in sorted(units, key=len, reverse=True):
        if unit:  # whole words only, so a unit "e" or "m" never eats part of "1e3" or "mm"
            text = re.sub(rf"(?<![A-Za-z]){re.escape(unit)}(?![A-Za-z0-9])", " ", text, flags=re.IGNORECASE)
    return text


def _pairs(text: str) -> list[tuple[str | None, Fraction | None]]:
    """(key or None, value) for each number in a multi answer: "x=3, y=4" -> [("x", 3), ("y", 4)]."""
    norm, spans = _numbers.find_numbers_with_spans(text)
    pairs, prev_end = [], 0
    for value, start, end in spans:
        m = _KEY_BEFORE.search(norm[prev_end:start])
        pairs.append((m.group(1).casefold() if m else None, value))
        prev_end = end
    return pairs


def _key_map(got_keys: list[str | None], want_keys: list[str | None]) -> dict[str, str] | None:
    """got key -> want key when every key pairs up one-to-one ("adult" ~ "adults", "child" ~ "children")."""
    if None in got_keys or None in want_keys:
        return None
    mapping: dict[str, str] = {}
    for g in got_keys:
        hits = [w for w in want_keys if w.startswith(g) or g.startswith(w)]
        exact = [w for w in hits if w == g]
        hits = exact or hits
        if len(hits) != 1 or hits[0] in mapping.values():
            return None
        mapping[g] = hits[0]
    return mapping


def _match_multi(got: list, want: list, abs_tol: float, rel_tol: float) -> bool:
    if len(got) != len(want) or any(v is None for _, v in got + want):
        return False
    mapping = _key_map([k for k, _ in got], [k for k, _ in want])
    if mapping is not None:  # keyed: order does not matter
        wanted = dict(want)
        return all(_numbers.close(v, wanted[mapping[k]], abs_tol, rel_tol) for k, v in got)
    return all(_numbers.close(g, w, abs_tol, rel_tol) for (_, g), (_, w) in zip(got, want))


def verify(scenario: "Scenario", reply: Reply) -> Verdict:
    cfg = scenario.verifier
    kind = str(cfg.get("kind") or "number")
    canonical = str(cfg.get("answer", "")).strip()
    accepted = [canonical] + [str(a).strip() for a in cfg.get("accepted") or [] if str(a).strip()]
    if kind not in KINDS or not canonical:
        return Verdict.fail(f"verifier config: kind must be one of {KINDS} and answer non-empty", VERIFIER_FAIL)
    units = cfg.get("unit") or []
    units = [units] if isinstance(units, str) else [str(u) for u in units]
    abs_tol, rel_tol = _tolerance(cfg)

    value, trace, missing = answer_value(reply.content or "", kind=kind, expected=canonical)
    if missing is not None:
        return missing
    wrong = f"expected {canonical}, got {_short(value)}"

    # A literal (normalised) match with any accepted form passes for every kind.
    norm = _norm_text(_strip_units(value, units))
    for option in accepted:
        if norm == _norm_text(_strip_units(option, units)):
            return Verdict.ok(f"answer {_short(value)}", matched=option, **trace)
    if kind == "text":
        return Verdict.fail(wrong, WRONG_ANSWER, **trace)

    if kind == "multi":
        got = _pairs(_strip_units(value, units))
        trace["parsed"] = [[k, _numbers.fmt(v)] for k, v in got]
        for option in accepted:
            if _match_multi(got, _pairs(_strip_units(option, units)), abs_tol, rel_tol):
                return Verdict.ok(f"answer {_short(value)}", matched=option, **trace)
        return Verdict.fail(wrong, WRONG_ANSWER, **trace)

    numbers = _numbers.find_numbers(_strip_units(value, units))
    trace["parsed"] = [_numbers.fmt(n) for n in numbers]
    for option in accepted:
        want = _numbers.parse_number(_strip_units(option, units))
        if want is not None and _match_number(numbers, want, abs_tol, rel_tol):
            return Verdict.ok(f"answer {_short(value)}", matched=option, **trace)
    if len(numbers) != 1 or numbers[0] is None:
        note = "no number" if not numbers else ("unreadable number" if len(numbers) == 1 else f"{len(numbers)} numbers")
        return Verdict.fail(f"{wrong} ({note})", WRONG_ANSWER, **trace)
    return Verdict.fail(wrong, WRONG_ANSWER, **trace)
