"""reason_math: grade the final `ANSWER: <value>` line of a worked maths answer.

Grading rule
  A pass means the reply's last line is `ANSWER: <value>` and that line commits to ONE value, that
  value is the right answer, AND it is written in the form the prompt asks for. The working is never
  graded (numbers in it never count), only the answer line:
  1. the line exists and is the reply's last line (blank lines and closing fences may follow);
  2. no hedge: no bound, alternative, condition or doubt wording ("at least", "945 or more", "if",
     "maybe", "between", "±", "?"), and every number on the line restates one stated value
     ("0.8 = 4/5 = 80%", "$1,200 (1200 dollars)", "29/44 ≈ 0.659"); a second distinct value fails
     ("945 or 946", "945-946", "945 (or 946 if rounding up)"), however close it is;
  3. that value equals the answer (exactly unless the scenario sets a tolerance);
  4. the form the prompt states, where it states one (parameters below): "approximately 945" fails
     only where the prompt asks for the exact value; "6/8" fails only where lowest terms are asked.

Parameters (scenario.verifier):
  answer        canonical answer, e.g. "35.98", "29/44", "Tuesday", "adults=92, children=62"
  accepted      optional list of other acceptable answers (same kind)
  kind          "number" (default) | "fraction" | "text" | "multi"
  tolerance     optional: a number (absolute) or {"abs": a, "rel": r}; default exact
  unit          optional unit text (or list) that may follow the value and is removed before parsing
  exact         true: an approximation marker on the value ("≈", "about", "approximately") fails
  form          "integer" | "fraction" | "decimal" | "percent": how the value must be written
                ("945", "3/4" or "2 1/3", "0.75", "75%")
  decimals      n: the value written with exactly n decimal places ("0.80" where 2 are asked, not "0.8")
  lowest_terms  true: a fraction must be reduced ("3/4", not "6/8")
  choices       text kind: every possible answer (e.g. the weekdays); the line must name exactly one of
                them (a 3+ letter prefix counts: "Tue"), and other words on it are allowed; without
                choices the whole line must equal an accepted answer

"multi": several numbers, "x=3, y=4" or "3, 4" or "6:13:8"; exactly as many as the answer has,
compared by key when the reply names every expected key, else in order.
"""

from __future__ import annotations

import re
from fractions import Fraction

from pytest_quality.reply import Reply
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import VERIFIER_FAIL, WRONG_ANSWER, Verdict
from pytest_quality.verifiers import _numbers
from pytest_quality.verifiers._answer_line import (
    MAX_VALUE_CHARS,
    Mention,
    answer_value,
    hedge,
    hedge_detail,
    mentions,
    one_value,
    reduced,
    tolerance,
)
from pytest_quality.verifiers._answer_line import short as _short

KINDS = ("number", "fraction", "text", "multi")
FORMS = ("integer", "fraction", "decimal", "percent")
_KEY_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|:)\s*[$€£¥]?\s*\Z")
# "m^2", "cm³": exponents of units (after a letter only: "3²" is nine, not three).
_POWER = re.compile(r"(?<=[A-Za-z])\s*(?:(?:\^|\*\*)\s*[0-9]+|[²³])")
_BARE_POWER = re.compile(r"[0-9)]\s*[²³⁴-⁹¹⁰]")
_TEN_POWER = re.compile(r"[×x*·]\s*10\s*[⁰¹²³⁴-⁹⁻]+")  # "1.2 × 10³": scientific notation, not a bare power
_WORD = re.compile(r"[^\W\d_]{3,}")


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
    got = [k for k in got_keys if k is not None]
    want = [k for k in want_keys if k is not None]
    if len(got) < len(got_keys) or len(want) < len(want_keys):
        return None
    mapping: dict[str, str] = {}
    for g in got:
        hits = [w for w in want if w.startswith(g) or g.startswith(w)]
        exact = [w for w in hits if w == g]
        hits = exact or hits
        if len(hits) != 1 or hits[0] in mapping.values():
            return None
        mapping[g] = hits[0]
    return mapping


def _match_multi(got: list, want: list, abs_tol: float, rel_tol: float) -> bool:
    if len(got) != len(want) or any(v is None for _, v in got + want):
        return False
    got_keys = [k for k, _ in got]
    mapping = _key_map(got_keys, [k for k, _ in want])
    if mapping is not None:  # keyed: order does not matter
        wanted = dict(want)
        return all(_numbers.close(v, wanted[mapping[k]], abs_tol, rel_tol) for k, v in got)
    named = [k for k in got_keys if k is not None]
    if len(set(named)) != len(named):  # "x=3, x=4" names one unknown twice: not an answer to (x, y)
        return False
    return all(_numbers.close(g, w, abs_tol, rel_tol) for (_, g), (_, w) in zip(got, want))


def _config_error(cfg: dict, kind: str, canonical: str) -> str | None:
    decimals, choices = cfg.get("decimals"), cfg.get("choices")
    if kind not in KINDS or not canonical:
        return f"kind must be one of {KINDS} and answer non-empty"
    if cfg.get("form") not in (None, *FORMS):
        return f"form must be one of {FORMS}"
    if any(not isinstance(cfg.get(flag, False), bool) for flag in ("exact", "lowest_terms")):
        return "exact and lowest_terms must be true or false"
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0):
        return "decimals must be a whole number >= 0"
    if choices is not None and (
        not isinstance(choices, list) or canonical.casefold() not in [str(c).casefold() for c in choices]
    ):
        return "choices must be a list that includes the answer"
    return None


def _form_problem(m: Mention, cfg: dict) -> str | None:
    """Why `m` breaks the form the prompt asks for, or None."""
    form, places = cfg.get("form"), cfg.get("decimals")
    if form == "integer" and (m.notation != "integer" or m.percent):
        return f"{m.text} is not written as a whole number"
    if form == "fraction" and (m.notation not in ("fraction", "mixed") or m.percent):
        return f"{m.text} is not written as a fraction"
    if form == "decimal" and (m.notation not in ("decimal", "integer") or m.percent):
        return f"{m.text} is not written as a decimal"
    if form == "percent" and not m.percent:
        return f"{m.text} is not written as a percentage"
    if places is not None and m.places != places:
        return f"{m.text} is not written with {places} decimal places"
    if cfg.get("lowest_terms") and not reduced(m):
        return f"{m.text} is not in lowest terms"
    return None


def _verify_numeric(cfg: dict, accepted: list[str], units: list[str], value: str, trace: dict) -> Verdict:
    if _BARE_POWER.search(
        _TEN_POWER.sub("", _strip_units(value, units))
    ):  # "3²" is nine; the number reader would see 3
        return Verdict.fail(
            f"expected {accepted[0]}, got {_short(value)} (a power: write its value)", WRONG_ANSWER, **trace
        )
    found = mentions(_strip_units(value, units))
    trace["parsed"] = [m.text + ("%" if m.percent else "") for m in found]
    stated, why = one_value(found, exact=bool(cfg.get("exact")))
    wrong = f"expected {accepted[0]}, got {_short(value)}"
    if not stated:
        if why.startswith("approximate"):  # right or not, the prompt asked for the exact value: a form miss
            return Verdict.fail(f"form: {why}", VERIFIER_FAIL, **trace)
        detail = f"hedged answer: {why}: state one value" if why.startswith("two values") else f"{wrong} ({why})"
        return Verdict.fail(detail, WRONG_ANSWER, **trace)
    abs_tol, rel_tol = tolerance(cfg)
    wants = [w for w in (_numbers.parse_number(_strip_units(o, units)) for o in accepted) if w is not None]
    right = [
        m for m in stated if m.value is not None and any(_numbers.close(m.value, w, abs_tol, rel_tol) for w in wants)
    ]
    if not right:
        return Verdict.fail(wrong, WRONG_ANSWER, **trace)
    problems = [_form_problem(m, cfg) for m in right]
    if all(problems):
        return Verdict.fail(f"form: {problems[0]}, as the prompt asks", VERIFIER_FAIL, **trace)
    return Verdict.ok(f"answer {_short(value)}", **trace)


def _verify_text(cfg: dict, accepted: list[str], value: str, trace: dict) -> Verdict:
    if len(value) > MAX_VALUE_CHARS:  # no answer is this long; skipping the normalising keeps huge replies cheap
        return Verdict.fail(f"expected {accepted[0]}, got {len(value)} characters", WRONG_ANSWER, **trace)
    if any(_norm_text(value) == _norm_text(option) for option in accepted):
        return Verdict.ok(f"answer {_short(value)}", **trace)
    wrong = Verdict.fail(f"expected {accepted[0]}, got {_short(value)}", WRONG_ANSWER, **trace)
    choices = [str(c) for c in cfg.get("choices") or []]
    if not choices:
        return wrong
    word = hedge(value)
    if word:
        return Verdict.fail(hedge_detail(value, word), WRONG_ANSWER, **trace)
    named: set[str] = set()
    for w in _WORD.findall(value):
        w = w.casefold()
        named.update(c.casefold() for c in choices if c.casefold().startswith(w))
        named.update(accepted[0].casefold() for option in accepted if option.casefold() == w)
    trace["named"] = sorted(named)
    if len(named) > 1:
        return Verdict.fail(
            f"hedged answer: {len(named)} answers ({', '.join(sorted(named))}): state one", WRONG_ANSWER, **trace
        )
    if named == {accepted[0].casefold()}:
        return Verdict.ok(f"answer {_short(value)}", **trace)
    return wrong


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    cfg = scenario.verifier
    kind = str(cfg.get("kind") or "number")
    canonical = str(cfg.get("answer", "")).strip()
    accepted = [canonical] + [str(a).strip() for a in cfg.get("accepted") or [] if str(a).strip()]
    problem = _config_error(cfg, kind, canonical)
    if problem:
        return Verdict.fail(f"verifier config: {problem}", VERIFIER_FAIL)
    units = cfg.get("unit") or []
    units = [units] if isinstance(units, str) else [str(u) for u in units]

    value, trace, missing = answer_value(reply.content or "", kind=kind, expected=canonical)
    if missing is not None:
        return missing
    if kind == "text":
        return _verify_text(cfg, accepted, value, trace)
    if kind != "multi":
        return _verify_numeric(cfg, accepted, units, value, trace)

    norm = _norm_text(_strip_units(value, units))
    for option in accepted:
        if norm == _norm_text(_strip_units(option, units)):
            return Verdict.ok(f"answer {_short(value)}", matched=option, **trace)
    abs_tol, rel_tol = tolerance(cfg)
    got = _pairs(_strip_units(value, units))
    trace["parsed"] = [[k, _numbers.fmt(v)] for k, v in got[:50]]
    for option in accepted:
        if _match_multi(got, _pairs(_strip_units(option, units)), abs_tol, rel_tol):
            return Verdict.ok(f"answer {_short(value)}", matched=option, **trace)
    want = len(_pairs(_strip_units(canonical, units)))
    note = f" ({len(got)} of {want} numbers)" if len(got) < want else f" ({len(got)} numbers, {want} asked)"
    note = note if len(got) != want else ""
    return Verdict.fail(f"expected {canonical}, got {_short(value)}{note}", WRONG_ANSWER, **trace)
