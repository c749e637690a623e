"""The final `ANSWER: <value>` line of a worked answer, shared by reason_math and answer_match.

Only the reply's last line counts (blank lines, code fences and rules after it are ignored), so a
number or letter elsewhere in the working never counts; a reply without that line gets None.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from pytest_quality.verdict import VERIFIER_FAIL, Verdict
from pytest_quality.verifiers import _numbers

NO_LINE = "no final 'ANSWER:' line"
# Lines that may follow the ANSWER line: closing fences, rules, emphasis or math delimiters only.
_DECORATION = re.compile(r"[\s`*_~=#>|$\\\[\]-]*")
# Markdown around the line or the label: headings, quotes, list bullets.
_LEAD = re.compile(r"^[\s#>_]*(?:[-+]\s+)?_*")
_ANSWER = re.compile(r"(?:final\s+)?answer\s*:(.*)", re.IGNORECASE | re.DOTALL)
APPROX = 0.005  # a second number on the line may restate the answer rounded to within 0.5 %


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    saying why there is none."""
    raw, why, trace = find_answer_line(content)
    trace.update(facts)
    if raw is None:
        return "", trace, Verdict.fail(why, VERIFIER_FAIL, **trace)
    value = clean_value(raw)
    trace["value"] = short(value, 200)
    if not value:
        return value, trace, Verdict.fail("empty 'ANSWER:' line", VERIFIER_FAIL, **trace)
    return value, trace, None


def clean_value(value: str) -> str:
    return value.strip().strip("_").strip().rstrip(".").strip()


def tolerance(cfg: dict[str, Any]) -> tuple[float, float]:
    """(absolute, relative) from a verifier's "tolerance": a number (absolute) or {"abs", "rel"}."""
    tol = cfg.get("tolerance")
    if isinstance(tol, (int, float)) and not isinstance(tol, bool):
        return float(tol), 0.0
    if isinstance(tol, dict):
        return float(tol.get("abs") or 0.0), float(tol.get("rel") or 0.0)
    return 0.0, 0.0


def match_number(numbers: list, want: Fraction, abs_tol: float, rel_tol: float) -> bool:
    """One number equal to `want`; or several that all restate it ("29/44 ≈ 0.659", "35.98 ($35.98)")."""
    if not numbers or any(n is None for n in numbers):
        return False
    if not any(_numbers.close(n, want, abs_tol, rel_tol) for n in numbers):
        return False
    return all(_numbers.close(n, want, abs_tol, max(rel_tol, APPROX)) for n in numbers)
