"""answer_match: grade only the final `ANSWER:` line, as a number or as a multiple-choice letter.

Parameters (scenario.verifier):
  kind       "number" (default) | "letter"
  answer     the expected number ("42", "3.5") or letter ("A".."D")
  tolerance  optional, number kind only: a number (absolute) or {"abs": a, "rel": r}; default exact

The line must be the reply's last line (see _answer_line). A reply without it fails: the rest of
the text is never searched, unlike the tool we replace, which took any number anywhere.
"number": the line states one value equal to the answer ("ANSWER: $1,240", "ANSWER: 42 apples"), or
several numbers that all restate it ("0.8 = 4/5 = 80%"). A second distinct value fails however close it
is ("42 or 45", "42-43"), and so do words that bound, condition or doubt the value ("at least 42",
"42 or more", "between", "if", "maybe", "±", "42?"): the one-answer rule of _answer_line.
"letter": exactly one option letter: "C", "(C)", "C) 42 J", "Option C", "\\boxed{C}" pass;
"A or C", "C/D" and a line with no letter A-D fail.
"""

from __future__ import annotations

import re

from pytest_quality.reply import Reply
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import VERIFIER_FAIL, WRONG_ANSWER, Verdict
from pytest_quality.verifiers import _numbers
from pytest_quality.verifiers._answer_line import answer_value, match_number, short, tolerance

KINDS = ("number", "letter")
LETTERS = "ABCD"
_WRAP = " \t\"'“”‘’$*_`"
# The whole value is one letter, maybe bracketed: "C", "(C)", "[c]", "c".
_WHOLE = re.compile(r"[(\[]?\s*([A-Da-d])\s*[)\]]?")
# The value starts with an option label followed by the option's text: "(C) 42 J", "C) 42 J",
# "C. 42 J", "C: 42 J", "C - 42 J", "Option C) 42 J". A lowercase letter needs brackets.
_LABEL = re.compile(
    r"(?:(?i:option|choice)\s*)?"
    r"(?:[(\[]\s*(?P<b>[A-Da-d])\s*[)\]]|(?P<u>[A-D])(?:\s*[).:\]]|\s+[-–—]\s)|(?P<l>[a-d])\))"
)
# A second letter offered after a label: "C) 42 J or D) 50 J", "(C) and (D)".
_OTHER = re.compile(r"\b(?:or|and)\s+[(\[]?[A-D]\b|[/|&]\s*[(\[]?[A-D]\b")
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-D](?![A-Za-z0-9])")


def read_letter(value: str) -> tuple[str | None, str]:
    """(the one option letter on an ANSWER line's value, or None; why not)."""
    text = _numbers.normalize_text(value).strip(_WRAP).replace("*", "")
    m = _WHOLE.fullmatch(text)
    if m:
        return m.group(1).upper(), ""
    m = _LABEL.match(text)
    if m:
        if _OTHER.search(text[m.end() :]):
            return None, "several option letters"
        return (m.group("b") or m.group("u") or m.group("l")).upper(), ""
    found = set(_TOKEN.findall(text))
    if len(found) == 1:
        return found.pop(), ""
    return None, "several option letters" if found else "no option letter A-D"


def _verify_letter(expected: str, value: str, trace: dict) -> Verdict:
    letter, why = read_letter(value)
    trace["letter"] = letter
    if letter is None:
        return Verdict.fail(f"expected {expected}, got {short(value)!r} ({why})", WRONG_ANSWER, **trace)
    if letter != expected:
        return Verdict.fail(f"expected {expected}, got {letter}", WRONG_ANSWER, **trace)
    return Verdict.ok(f"answer {letter}", **trace)


def _verify_number(cfg: dict, expected: str, value: str, trace: dict) -> Verdict:
    want = _numbers.parse_number(expected)
    if want is None:
        return Verdict.fail(f"verifier config: answer {expected!r} is not one number", VERIFIER_FAIL, **trace)
    abs_tol, rel_tol = tolerance(cfg)
    numbers = _numbers.find_numbers(value)
    trace["parsed"] = [_numbers.fmt(n) for n in numbers]
    if match_number(numbers, want, abs_tol, rel_tol):
        return Verdict.ok(f"answer {short(value)}", **trace)
    wrong = f"expected {expected}, got {short(value)}"
    if len(numbers) != 1 or numbers[0] is None:
        note = "no number" if not numbers else ("unreadable number" if len(numbers) == 1 else f"{len(numbers)} numbers")
        wrong += f" ({note})"
    return Verdict.fail(wrong, WRONG_ANSWER, **trace)


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    cfg = scenario.verifier
    kind = str(cfg.get("kind") or "number")
    expected = str(cfg.get("answer", "")).strip()
    if kind == "letter":
        expected = expected.upper()
    if kind not in KINDS or not expected or (kind == "letter" and (len(expected) != 1 or expected not in LETTERS)):
        return Verdict.fail(f"verifier config: kind must be one of {KINDS} with a valid answer", VERIFIER_FAIL)

    value, trace, missing = answer_value(reply.content or "", kind=kind, expected=expected)
    if missing is not None:
        return missing
    if kind == "letter":
        return _verify_letter(expected, value, trace)
    return _verify_number(cfg, expected, value, trace)
