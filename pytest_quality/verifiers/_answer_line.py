"""The final `ANSWER: <value>` line of a worked answer, shared by reason_math and answer_match.

Only the reply's last line counts (blank lines, code fences and rules after it are ignored), so a
number or letter elsewhere in the working never counts; a reply without that line gets None.

One answer: a numeric ANSWER line must commit to one value.
- `hedge` finds wording that offers a bound, an alternative, a condition or doubt instead of a value
  ("at least 940", "945 or more", "945 (if ...)", "maybe 945"); `answer_value` fails such a line for
  the numeric kinds of both verifiers.
- `mentions` reads every number on the line with how it is written; `one_value` keeps the mentions
  the line can be read as stating: those every other mention restates, by equal value ("0.8 = 4/5 =
  80%", "$1,200 (1200 dollars)") or as its rounding when marked so ("29/44 ≈ 0.659", "= 4.29",
  "4.29 (2 d.p.)"). None left means two distinct values: "945 or 946", "945-946", "between 940 and 950".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pytest_quality.clip import clip, one_line
from pytest_quality.verdict import VERIFIER_FAIL, WRONG_ANSWER, Verdict
from pytest_quality.verifiers import _numbers

NO_LINE = "no final 'ANSWER:' line"
NUMERIC_KINDS = ("number", "fraction", "multi")
MAX_MENTIONS = 12  # a one-value line never needs more; also keeps the pairwise restatement check cheap
MAX_VALUE_CHARS = 1000  # nor is it ever this long; refusing longer lines keeps huge replies cheap to grade
# Lines that may follow the ANSWER line: closing fences, rules, emphasis or math delimiters only.
_DECORATION = re.compile(r"[\s`*_~=#>|$\\\[\]-]*")
# Markdown around the line or the label: headings, quotes, list bullets.
_LEAD = re.compile(r"^[\s#>_]*(?:[-+]\s+)?_*")
_ANSWER = re.compile(r"(?:final\s+)?answer\s*:(.*)", re.IGNORECASE | re.DOTALL)

_CUR = r"(?:[$€£¥]\s*)?"  # a currency sign between a marker and its number
_HEDGE = re.compile(
    r"\b(?:either|otherwise|alternatively|depending|unless|if|whether|maybe|perhaps|possibly|probably|"
    r"likely|not\s+sure|unsure|uncertain|i\s+think|i\s+guess|give\s+or\s+take|between|"
    r"at\s+(?:least|most)|(?:no\s+)?(?:more|less|fewer|greater|higher|lower)\s+than|up\s+to)\b"
    rf"|\b(?:over|under|above|below)\s*{_CUR}[-+]?[0-9.]"  # a bound on a number
    r"|\bor\b(?![^0-9]{0,30}[0-9])"  # "or" offering something other than a restated number: "945 or more"
    r"|(?<=[0-9])\s*(?:-?ish\b|\+(?!\s*[-+(]?[0-9.]))"  # "945ish", "945+"
    rf"|[≥≤±?]|\+\s*(?:/\s*)?-|(?<![-=<>])[<>]=?\s*{_CUR}[-+]?[0-9.]",
    re.IGNORECASE,
)
# Rounding stated in words turns into a marker: "4.29 (to 2 d.p.)", "0.659 to 3 s.f."
_PRECISION = re.compile(
    r"\b(?:to\s+|rounded\s+to\s+)?[0-9]+\s*(?:d\.?\s?p\b\.?|decimal\s+places?|decimals|"
    r"s\.?\s?f\b\.?|sig(?:nificant)?\.?\s*(?:figures|figs?|digits))",
    re.IGNORECASE,
)
_APPROX_BEFORE = re.compile(
    r"(?:[≈~∼≃≅]|\b(?:approx(?:\.|imately)?|about|around|roughly|nearly|almost|circa|ca\.|close\s+to))"
    rf"\s*{_CUR}\Z",
    re.IGNORECASE,
)
_APPROX_AFTER = re.compile(r"[\s(]*(?:…|\.\.\.|rounded\b|approx)", re.IGNORECASE)
_PERCENT = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)


def short(text: str, limit: int = 60) -> str:
    return clip(one_line(text), limit)


def find_answer_line(content: str) -> tuple[str | None, str, dict[str, Any]]:
    """(value after 'ANSWER:', or None; failure detail; trace facts)."""
    lines = content.splitlines()
    last = len(lines) - 1
    while last >= 0 and _DECORATION.fullmatch(lines[last]):
        last -= 1
    if last < 0:
        return None, NO_LINE + " (empty reply)", {}
    m = _answer_match(lines[last])
    if m is not None:
        return m, "", {"answer_line": short(lines[last], 200), "line_number": last + 1}
    earlier = next((i for i in range(last - 1, -1, -1) if _answer_match(lines[i]) is not None), None)
    facts = {"last_line": short(lines[last], 200)}
    if earlier is not None:
        return None, f"{NO_LINE} (line {earlier + 1} has one, but text follows it)", facts
    return None, NO_LINE, facts


def _answer_match(line: str) -> str | None:
    if "answer" not in line.lower():
        return None
    plain = _LEAD.sub("", line.replace("*", "").replace("`", ""))
    m = _ANSWER.match(plain)
    return m.group(1).strip() if m else None


def answer_value(content: str, **facts: Any) -> tuple[str, dict[str, Any], Verdict | None]:
    """The cleaned value of the final 'ANSWER:' line and the trace (with `facts`), or the failed Verdict
    saying why there is none. For a numeric `kind` fact a hedged line fails here (see `hedge`)."""
    raw, why, trace = find_answer_line(content)
    trace.update(facts)
    if raw is None:
        return "", trace, Verdict.fail(why, VERIFIER_FAIL, **trace)
    value = clean_value(raw)
    trace["value"] = short(value, 200)
    if not value:
        return value, trace, Verdict.fail("empty 'ANSWER:' line", VERIFIER_FAIL, **trace)
    if facts.get("kind") in NUMERIC_KINDS:
        word = hedge(value)
        if word:
            trace["hedge"] = word
            return value, trace, Verdict.fail(hedge_detail(value, word), WRONG_ANSWER, **trace)
    return value, trace, None


def clean_value(value: str) -> str:
    return value.strip().strip("_").strip().rstrip(".").strip()


def hedge(value: str) -> str | None:
    """The wording that makes an answer line a hedge rather than one value ("at least", "or more"), or None."""
    if len(value) > MAX_VALUE_CHARS:
        return f"{len(value)} characters"
    m = _HEDGE.search(_numbers.normalize_text(value))
    return " ".join(m.group(0).split()) if m else None


def hedge_detail(value: str, word: str) -> str:
    return f"hedged answer {short(value, 40)!r} ({word!r}): state one value"


def tolerance(cfg: dict[str, Any]) -> tuple[float, float]:
    """(absolute, relative) from a verifier's "tolerance": a number (absolute) or {"abs", "rel"}."""
    tol = cfg.get("tolerance")
    if isinstance(tol, (int, float)) and not isinstance(tol, bool):
        return float(tol), 0.0
    if isinstance(tol, dict):
        return float(tol.get("abs") or 0.0), float(tol.get("rel") or 0.0)
    return 0.0, 0.0


def match_number(numbers: list, want: Fraction, abs_tol: float, rel_tol: float) -> bool:
    """One value equal to `want`: every number on the line restates it ("1,240 (1240 apples)", "3/4 = 0.75").
    No slack for a second value: "945 or 946" fails however close 946 is."""
    if not numbers or any(n is None for n in numbers):
        return False
    return all(_numbers.close(n, want, abs_tol, rel_tol) for n in numbers)


# --- one value ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One number on an answer line and how it is written."""

    value: Fraction | None
    text: str  # as written (normalised): "29/44", "1,234.50", "-7"
    notation: str  # "integer" | "decimal" | "fraction" | "mixed" | "scientific"
    places: int | None  # digits after the point (0 for an integer); None: fraction, mixed, scientific
    percent: bool  # followed by "%" or "percent"
    approx: bool  # marked as approximate: "≈ 0.659", "about 4.29", "4.2857…", "4.29 (rounded)"
    equated: bool  # joined to another value by "=": "30/7 = 4.29"

    def readings(self) -> list[tuple[Fraction, int | None]]:
        """(value, decimal places) it can stand for: "80%" is 80 and also 0.8 (restating "0.8 = 80%")."""
        if self.value is None:
            return []
        plain = [(self.value, self.places)]
        if self.percent:
            plain.append((self.value / 100, None if self.places is None else self.places + 2))
        return plain


def _notation(text: str) -> tuple[str, int | None]:
    body = text.lstrip("+-")
    if "/" in body:
        return ("mixed" if re.search(r"[0-9]\s+[0-9]", body) else "fraction"), None
    if "e" in body or "E" in body:
        return "scientific", None
    return ("decimal", len(body.split(".", 1)[1])) if "." in body else ("integer", 0)


def mentions(text: str) -> list[Mention]:
    """Every number in an answer value, in order, with its notation and markers."""
    norm, spans = _numbers.find_numbers_with_spans(_PRECISION.sub(" rounded ", _numbers.normalize_text(text)))
    found = []
    for i, (value, start, end) in enumerate(spans[: MAX_MENTIONS + 1]):
        # Markers sit next to their number: 60 characters either side is plenty and keeps huge lines cheap.
        before = norm[max(spans[i - 1][2] if i else 0, start - 60) : start]
        after = norm[end : min(spans[i + 1][1] if i + 1 < len(spans) else len(norm), end + 60)]
        written = norm[start:end]
        pct = _PERCENT.match(after)
        rest = after[pct.end() :] if pct else after
        notation, places = _notation(written)
        found.append(
            Mention(
                value,
                written,
                notation,
                places,
                bool(pct),
                approx=bool(_APPROX_BEFORE.search(before) or _APPROX_AFTER.match(rest)),
                equated=before.rstrip(" $€£¥").endswith("=") or rest.lstrip(" )").startswith("="),
            )
        )
    return found


def restates(m: Mention, p: Mention) -> bool:
    """`m` says the same value as `p`: equal, or `p` rounded to m's shown places when m is marked as a
    rounding ("≈ 0.659", "0.659…", "(rounded)") or written after "=" with decimals ("30/7 = 4.29")."""
    for mv, places in m.readings():
        for pv, _ in p.readings():
            if mv == pv:
                return True
            may_round = m.approx or (m.equated and bool(places))
            if places is not None and may_round and abs(mv - pv) <= Fraction(1, 2 * 10**places):
                return True
    return False


def one_value(found: list[Mention], exact: bool = False) -> tuple[list[Mention], str]:
    """(the mentions the line can be read as stating, each restated by all the others; why none)."""
    if not found:
        return [], "no number"
    if len(found) > MAX_MENTIONS:
        return [], f"more than {MAX_MENTIONS} numbers"
    if any(m.value is None for m in found):
        return [], "unreadable number"
    plain = [m for m in found if not m.approx]
    if exact and not plain:
        return [], f"approximate value {found[0].text!r} where the exact value is asked"
    stated = [p for p in plain or found if all(m is p or restates(m, p) for m in found)]
    if stated:
        return stated, ""
    first = (plain or found)[0]
    other = next(m for m in found if m is not first and not restates(m, first))
    return [], f"two values, {first.text} and {other.text}"


def reduced(m: Mention) -> bool:
    """A fraction or mixed number in lowest terms (other notations have no terms to reduce)."""
    if m.notation not in ("fraction", "mixed"):
        return True
    nums = [int(n) for n in re.findall(r"[0-9]+", m.text)]
    num, den = nums[-2], nums[-1]
    return math.gcd(num, den) == 1 and (m.notation == "fraction" or num < den)
