"""Numbers inside answer text: "$1,234.50", "12.5%", "3/4", "1 1/2", "-0", "1.2e3", "1.2 × 10^3".

Values are exact `Fraction`s, so "0.75" equals "3/4" and "35.980" equals "35.98" without float noise.
Shared by reason_math (final answers) and data_extract (string-to-number coercion).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

_MAX_DIGITS = 200  # longer digit runs are not answers; also keeps int parsing cheap
_MAX_EXPONENT = 400  # Fraction("1e999999999") would try to build a billion-digit integer

# LaTeX and typographic forms a model may put in an answer, rewritten to plain text.
_LATEX_SUBS: tuple[tuple[re.Pattern[str], Any], ...] = (  # a replacement string or function
    (re.compile(r"\\[dt]?frac\s*\{\s*([^{}]*?)\s*\}\s*\{\s*([^{}]*?)\s*\}"), r"(\1)/(\2)"),
    (re.compile(r"\\(?:boxed|text|mathrm|textbf|mathbf)\s*\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\{,\}"), ","),
    (re.compile(r"\\[%$]"), lambda m: m.group(0)[1]),
    (re.compile(r"\\[,;:! ]"), " "),
    (re.compile(r"\\(?:left|right)\b"), ""),
)
# "1.2 × 10^3", "1.2x10**3", "1.2 \times 10^{3}" -> "1.2e3"
_SCI_TIMES = re.compile(r"([0-9])\s*(?:[x×*·]|\\times|\\cdot)\s*10\s*(?:\^|\*\*)\s*\{?\s*([-+]?[0-9]{1,4})\s*\}?")
_NEG_CURRENCY = re.compile(r"-\s*([$€£¥])")  # "-$5" -> "$-5"
_SIMPLE_FRACTION = re.compile(r"\(\s*(-?[0-9]+)\s*\)\s*/\s*\(\s*([0-9]+)\s*\)")  # "(3)/(4)" from \frac

# One number: a mixed number "1 1/2", a fraction "3/4", or a decimal with optional thousands
# separators and exponent. Not preceded by a letter, digit or dot, so "m2", "x1" and "v2.0"'s
# inner parts are not read as numbers; a unit after it ("42km") is fine.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<sign>[-+]?)(?:"
    r"(?P<whole>[0-9]+)\s+(?P<mnum>[0-9]+)\s*/\s*(?P<mden>[0-9]+)"
    r"|(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)"
    r"|(?P<dec>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)(?:[eE](?P<exp>[-+]?[0-9]+))?"
    r")"
)


def normalize_text(text: str) -> str:
    """Plain-text form of an answer: LaTeX wrappers removed, unicode minus and × notation unified."""
    text = text.replace("\u2212", "-").replace("\u2012", "-").replace("\u00a0", " ").replace("\u202f", " ")
    for pattern, repl in _LATEX_SUBS:
        text = pattern.sub(repl, text)
    text = _SIMPLE_FRACTION.sub(r"\1/\2", text)
    text = _SCI_TIMES.sub(r"\1e\2", text)
    return _NEG_CURRENCY.sub(r"\1-", text)


def _value(m: re.Match[str]) -> Fraction | None:
    negative = m.group("sign") == "-"
    try:
        if m.group("whole") is not None:
            den = int(m.group("mden"))
            if den == 0 or len(m.group("whole")) > _MAX_DIGITS:
                return None
            value = int(m.group("whole")) + Fraction(int(m.group("mnum")), den)
        elif m.group("num") is not None:
            den = int(m.group("den"))
            if den == 0 or len(m.group("num")) > _MAX_DIGITS or len(m.group("den")) > _MAX_DIGITS:
                return None
            value = Fraction(int(m.group("num")), den)
        else:
            body = m.group("dec").replace(",", "")
            exp = m.group("exp")
            if len(body) > _MAX_DIGITS or (exp is not None and abs(int(exp)) > _MAX_EXPONENT):
                return None
            value = Fraction(body + (f"e{exp}" if exp is not None else ""))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return -value if negative else value


def find_numbers(text: str) -> list[Fraction | None]:
    """Every number in `text`, in order; None stands for a number too large or malformed to use."""
    return [_value(m) for m in _NUMBER.finditer(normalize_text(text))]


def find_numbers_with_spans(text: str) -> tuple[str, list[tuple[Fraction | None, int, int]]]:
    """The normalised text and each number in it with its (start, end) span."""
    norm = normalize_text(text)
    return norm, [(_value(m), m.start(), m.end()) for m in _NUMBER.finditer(norm)]


def parse_number(text: str) -> Fraction | None:
    """The single number in `text` ("$1,234.50" -> 1234.5), or None if there is none or several."""
    numbers = find_numbers(text)
    return numbers[0] if len(numbers) == 1 else None


def close(got: Fraction, want: Fraction, abs_tol: float = 0.0, rel_tol: float = 0.0) -> bool:
    """Exact equality, or within an absolute / relative tolerance of `want`."""
    if got == want:
        return True
    diff = abs(got - want)
    if abs_tol and diff <= Fraction(abs_tol):
        return True
    return bool(rel_tol) and diff <= Fraction(rel_tol) * abs(want)


def fmt(value: Fraction | None) -> str:
    """Short display: integers plainly, terminating decimals as decimals, others as a/b."""
    if value is None:
        return "?"
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1 and value.denominator <= 10**12:
        return format(value.numerator / value.denominator, ".12g") if abs(value) < 10**15 else str(value)
    return f"{value.numerator}/{value.denominator}"
