"""data_extract: field-level grading of the JSON a model extracted from a document.

Grading rule (2.0)
  A pass means: the reply gives ONE answer as a JSON value, every critical field (the fields the
  scenario's difficulty is about: the cancelled date, the voided invoice line, the superseded value)
  is right, AND at least `threshold` of all atomic fields are right. Each field is compared with its
  own JSON type: a list where one value is asked, null / "" / "unknown" where the document states a
  value, or a string where the prompt asks for a number (or the reverse) fails that field. So a reply
  that takes the trap, hedges between candidates or leaves the hard field empty fails however many
  easy fields it gets right; one slip on an easy field is still tolerated by the threshold.
  Fair forms pass: JSON bare, in a code fence, or with prose around it (the answer is the whole
  reply, else the first code block holding JSON, else the JSON starting at the first "{"); keys in
  any order; strings compared with the field's match mode (case, spaces, a date in another
  unambiguous form). A second, different answer (another JSON object sharing keys with the first, or
  a key given twice with different values) is a hedge and fails.

Parameters (scenario.verifier):
  expected            gold JSON. Every scalar, and every empty array/object, is one atomic field.
  threshold           fraction of atomic fields that must be correct (default 0.85)
  critical            fields that must all be right, as {path: "why"} (the why is shown when it fails)
                      or [path, ...]. A path without an index ("total", "prices.under_5", "line_items",
                      "items[].price") covers every field under it, extra or missing array elements
                      included; a path with one names an element: "segments[2].origin" (position) or
                      "action_items[id=A2].due_date" (the array_keys anchor's gold value).
  allow_extra_fields  default true; false: each key the gold object lacks counts as one wrong field
  array_keys          {"path.to.array": "anchor_key"}: pair object-array elements by that key, not by
                      position ("$" or "" is a top-level array); anchors pair ignoring case and spaces
  fields              {path: options}; a path names a field as "total", "vendor.name", "items.price"
                      or "items[].price" (every element); "*" gives defaults for every field. Options:
    match       strings: "exact" (default, after strip) | "case_insensitive" | "whitespace" (runs of
                whitespace collapsed) | "normalized" (case, whitespace, quotes, dashes, final full stop)
                | "digits_only" (phone numbers; a leading country code may differ) | "date" (ISO
                YYYY-MM-DD or YYYY-MM after parsing common unambiguous forms) | "time" (HH:MM, 12 h
                accepted); scalar arrays: "ordered" (default, element by element) | "set" (one field,
                order and duplicates ignored, strings compared normalized)
    tolerance   numbers: absolute tolerance (default 1e-6)
    coerce      true: "42" and 42 are the same value (otherwise a string for a number is wrong)
    accepted    other acceptable values for this field

Array elements beyond the gold ones count as one wrong field each. A one-element array around the
expected object is unwrapped (noted in the trace).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from pytest_quality.clip import clip
from pytest_quality.reply import Reply
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import Verdict
from pytest_quality.verifiers import _numbers

STRING_MODES = ("exact", "case_insensitive", "whitespace", "normalized", "digits_only", "date", "time")
ARRAY_MODES = ("ordered", "set")
_DEFAULT_TOL = 1e-6
_SHOW_FAILURES = 3
MAX_CHARS = 1_000_000  # far beyond any extraction reply; keeps hostile input cheap


class _Absent:
    """A value the reply does not have, with the reason (missing, or a parent of the wrong type)."""

    def __init__(self, why: str, origin: str):
        self.why, self.origin = why, origin or "$"


class _Conflict:
    """A key the reply gives twice with different values: two answers for one field."""

    def __init__(self, values: list[Any]):
        self.why = "given twice with different values: " + ", ".join(_show(v) for v in values)


class _ConfigError(Exception):
    pass


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = clip(value, 40)
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, (list, dict)):  # short ones in full: a hedge like [3, 4] must show
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            text = ""
        return text if text and len(text) <= 60 else f"{_kind(value)} of {len(value)}"
    return json.dumps(value) if isinstance(value, (bool, type(None))) else repr(value)


def _typed(value: Any) -> str:
    if value is None or isinstance(value, (list, dict)):
        return _show(value)
    return f"{_show(value)} ({_kind(value)})"


def _generic(path: str) -> str:
    """Option-lookup form of a path: "$.items[].price" and "items.price" both become "items.price"."""
    path = re.sub(r"\[[^\]]*\]", "", path.strip())
    return "" if path in ("$", "") else path.removeprefix("$.").strip(".")


# --- scalar comparison ------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A %d %B %Y",
    "%a %d %b %Y",
    "%A, %d %B %Y",
    "%a, %d %b %Y",
)
_MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%B %Y", "%b %Y", "%m/%Y")


def _iso_date(text: str) -> str | None:
    text = " ".join(text.strip().replace("Sept ", "Sep ").split())
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][0-9:.+\-Z]*", text):
        text = text[:10]
    for formats, out in ((_DATE_FORMATS, "%Y-%m-%d"), (_MONTH_FORMATS, "%Y-%m")):
        for fmt in formats:
            try:
                return datetime.strptime(text, fmt).strftime(out)
            except ValueError:
                continue
    return None


def _hhmm(text: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*(?:([ap])\.?\s*m\.?)?", text.strip().lower())
    if not m or (m.group(2) is None and m.group(3) is None):
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _normalized(text: str) -> str:
    text = text.translate(str.maketrans("’‘“”–—", "''\"\"--"))
    return " ".join(text.casefold().split()).rstrip(".")


def _digits_equal(a: str, b: str) -> bool:
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    if da == db:
        return bool(da)
    short, long_ = sorted((da, db), key=len)
    return len(short) >= 7 and len(long_) - len(short) <= 3 and long_.endswith(short)


def _strings_equal(want: str, got: str, mode: str) -> bool:
    want, got = want.strip(), got.strip()
    if mode == "exact":
        return want == got
    if mode == "case_insensitive":
        return want.casefold() == got.casefold()
    if mode == "whitespace":
        return want.split() == got.split()
    if mode == "normalized":
        return _normalized(want) == _normalized(got)
    if mode == "digits_only":
        return _digits_equal(want, got)
    if mode == "date":
        iso = _iso_date(got)
        return want == got or (iso is not None and iso == _iso_date(want))
    if mode == "time":
        hhmm = _hhmm(got)
        return want == got or (hhmm is not None and hhmm == _hhmm(want))
    raise _ConfigError(f"unknown match mode {mode!r}")


def _compare(want: Any, got: Any, opts: dict[str, Any]) -> tuple[bool, str]:
    """(correct, why not) for one atomic field."""
    if isinstance(got, _Absent):
        return False, got.why
    coerce = bool(opts.get("coerce"))
    tol = opts.get("tolerance", _DEFAULT_TOL)
    for option in [want] + list(opts.get("accepted") or []):
        if _scalar_equal(option, got, opts.get("match", "exact"), coerce, tol):
            return True, ""
    wk, gk = _kind(want), _kind(got)
    if wk != gk and not (coerce and {wk, gk} == {"number", "string"}):
        return False, f"expected {_typed(want)}, got {_typed(got)}"
    if isinstance(want, (list, dict)):
        return False, f"expected empty {wk}, got {_show(got)}"
    return False, f"expected {_show(want)}, got {_show(got)}"


def _within(got: float, want: float, tol: float) -> bool:
    # The epsilon keeps a tolerance of 0.01 meaning 0.01 despite binary floats (35.99 - 35.98 > 0.01).
    return abs(got - want) <= tol + 1e-9 * max(1.0, abs(want))


def _scalar_equal(want: Any, got: Any, mode: str, coerce: bool, tol: Any) -> bool:
    wk, gk = _kind(want), _kind(got)
    if wk == "null":
        return gk == "null"
    if wk == "boolean":
        if coerce and gk == "string":
            return {"true": True, "yes": True, "false": False, "no": False}.get(got.strip().lower()) is want
        return gk == "boolean" and got is want
    if wk in ("array", "object"):  # an empty container in the gold: the reply's must be empty too
        return wk == gk and not got
    if wk == "number":
        if gk == "string" and coerce:
            got = _numbers.parse_number(got)
            gk = "number" if got is not None else "string"
        if gk != "number":
            return False
        try:
            return _within(float(got), float(want), float(tol))
        except (OverflowError, ValueError, TypeError):
            return False
    if wk == "string":
        if gk == "number" and coerce:
            want_n = _numbers.parse_number(want)
            try:
                return want_n is not None and _within(float(got), float(want_n), float(tol))
            except (OverflowError, ValueError):
                return False
        return gk == "string" and _strings_equal(want, got, mode)
    return False


# --- the walk --------------------------------------------------------------------------------------


class _Grader:
    def __init__(self, cfg: dict[str, Any]):
        fields = cfg.get("fields") or {}
        self.defaults = dict(fields.get("*") or {})
        self.fields = {_generic(k): dict(v) for k, v in fields.items() if k != "*" and isinstance(v, dict)}
        self.array_keys = {_generic(k): str(v) for k, v in (cfg.get("array_keys") or {}).items()}
        self.allow_extra = cfg.get("allow_extra_fields", True) is not False
        self.results: list[dict[str, Any]] = []

    def opts(self, generic: str) -> dict[str, Any]:
        merged = {**self.defaults, **self.fields.get(generic, {})}
        mode = merged.get("match", "exact")
        if mode not in STRING_MODES + ARRAY_MODES:
            raise _ConfigError(f"unknown match mode {mode!r} for {generic or '$'}")
        return merged

    def record(self, path: str, ok: bool, why: str = "", origin: str | None = None) -> None:
        """One atomic field; `origin` names the missing or mistyped parent it failed through."""
        self.results.append({"field": path or "$", "passed": ok, "detail": why, "origin": origin or path or "$"})

    def walk(self, want: Any, got: Any, path: str, generic: str) -> None:
        if isinstance(want, dict) and want:
            self._object(want, got, path, generic)
        elif isinstance(want, list) and want:
            self._array(want, got, path, generic)
        else:
            ok, why = _compare(want, got, self.opts(generic))
            self.record(path, ok, why, got.origin if isinstance(got, _Absent) else None)

    def _object(self, want: dict, got: Any, path: str, generic: str) -> None:
        if not isinstance(got, (dict, _Absent)):
            got = _Absent(f"expected object, got {_kind(got)}", path)
        for key, value in want.items():
            sub = f"{path}.{key}" if path else key
            child = got if isinstance(got, _Absent) else got.get(key, _Absent("missing", sub))
            if isinstance(child, _Conflict):
                child = _Absent(child.why, sub)
            self.walk(value, child, sub, f"{generic}.{key}" if generic else key)
        if isinstance(got, dict) and not self.allow_extra:
            for key in got:
                if key not in want:
                    self.record(f"{path}.{key}" if path else key, False, "unexpected field")

    def _array(self, want: list, got: Any, path: str, generic: str) -> None:
        opts = self.opts(generic)
        scalars = all(not isinstance(w, (list, dict)) for w in want)
        if not isinstance(got, (list, _Absent)):
            got = _Absent(f"expected array, got {_kind(got)}", path)
        if scalars and opts.get("match") == "set":
            self._set(want, got, path, opts)
            return
        anchor = self.array_keys.get(generic)
        if isinstance(got, _Absent):  # the same field paths as a present array, so critical paths match
            for i, w in enumerate(want):
                key = w.get(anchor) if anchor and isinstance(w, dict) else None
                self.walk(w, got, f"{path}[{anchor}={key}]" if anchor else f"{path}[{i}]", generic)
            return
        pairs = (
            self._pair_by_anchor(want, got, path, anchor)
            if anchor
            else [
                (w, got[i] if i < len(got) else _Absent("missing element", f"{path}[{i}]"), f"{path}[{i}]")
                for i, w in enumerate(want)
            ]
        )
        used = {id(g) for _, g, _ in pairs}
        for w, g, p in pairs:
            self.walk(w, g, p, generic)
        extras = [i for i, g in enumerate(got) if id(g) not in used] if anchor else range(len(want), len(got))
        for i in extras:
            self.record(f"{path}[{i}]", False, "unexpected extra element")

    def _pair_by_anchor(self, want: list, got: list, path: str, anchor: str) -> list[tuple[Any, Any, str]]:
        free = [g for g in got if isinstance(g, dict)]
        pairs: list[tuple[Any, Any, str]] = []
        for w in want:
            key = w.get(anchor) if isinstance(w, dict) else None
            label = f"{path}[{anchor}={key}]"
            hit = next((g for g in free if _anchor_equal(key, g.get(anchor))), None)
            if hit is None:
                pairs.append((w, _Absent("no such element", label), label))
            else:
                free.remove(hit)
                pairs.append((w, hit, label))
        return pairs

    def _set(self, want: list, got: Any, path: str, opts: dict[str, Any]) -> None:
        if isinstance(got, _Absent):
            self.record(path, False, got.why, got.origin)
            return
        tol = float(opts.get("tolerance", _DEFAULT_TOL))
        missing = [w for w in want if not any(_set_equal(w, g, tol) for g in got)]
        extra = [g for g in got if not any(_set_equal(w, g, tol) for w in want)]
        why = "; ".join(
            part
            for part in (
                f"missing {', '.join(_show(m) for m in missing[:3])}" if missing else "",
                f"unexpected {', '.join(_show(e) for e in extra[:3])}" if extra else "",
            )
            if part
        )
        self.record(path, not why, why)


def _anchor_equal(a: Any, b: Any) -> bool:
    # Lenient on purpose: pairing "LH 1415" with "LH1415" lets the other fields of that element count;
    # the anchor field itself is still graded with its own match mode.
    if isinstance(a, str) and isinstance(b, str):
        return "".join(_normalized(a).split()) == "".join(_normalized(b).split())
    return _kind(a) == _kind(b) and a == b


def _set_equal(w: Any, g: Any, tol: float) -> bool:
    if isinstance(w, str) and isinstance(g, str):
        return _normalized(w) == _normalized(g)
    if _kind(w) == _kind(g) == "number":
        try:
            return _within(float(g), float(w), tol)
        except OverflowError:
            return False
    return _kind(w) == _kind(g) and not isinstance(g, (list, dict)) and w == g


# --- reading the answer ----------------------------------------------------------------------------

_FENCE = re.compile(r"```[^\n`]*\n(.*?)```", re.DOTALL)
_MAX_RIVAL_TRIES = 20  # JSON openers examined for a competing answer; bounds the work on hostile input


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; {"bedrooms": 4, "bedrooms": 3} is a hedge.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            if not isinstance(out[key], _Conflict) and not _same(out[key], value):
                out[key] = _Conflict([out[key], value])
            continue
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs_hook)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _competes(answer: Any, other: Any) -> bool:
    """Another JSON value in the reply that is a second answer, not an aside ({"sku": ...} in prose)."""
    if isinstance(answer, dict) and isinstance(other, dict):
        return bool(answer.keys() & other.keys()) and not _same(answer, other)
    return isinstance(answer, list) and isinstance(other, list) and bool(other) and not _same(answer, other)


def _rival(text: str, span: tuple[int, int], answer: Any, opener: str) -> bool:
    tries, pos = 0, 0
    while tries < _MAX_RIVAL_TRIES and (pos := text.find(opener, pos)) != -1:
        if span[0] <= pos < span[1]:
            pos = span[1]
            continue
        tries += 1
        try:
            other, end = _DECODER.raw_decode(text, pos)
        except (ValueError, RecursionError):
            pos += 1
            continue
        if _competes(answer, other):
            return True
        pos = end
    return False


def parse_reply_json(content: str, root: str = "object") -> tuple[Any, str, str]:
    """(answer, "", how it was found) or (None, why the reply holds no single JSON answer, "").

    The answer is the whole reply if it is JSON, else the first code block holding JSON, else the JSON
    value starting at the first "{" ("[" when the gold is an array): prose around it is allowed.
    """
    text = content.strip()
    if not text:
        return None, "empty reply, expected JSON", ""
    if len(text) > MAX_CHARS:
        return None, f"reply is {len(text)} characters, over the {MAX_CHARS} limit", ""
    try:
        return _DECODER.decode(text), "", ""
    except RecursionError:
        return None, "invalid JSON: nested too deeply", ""
    except ValueError:
        pass
    for m in _FENCE.finditer(text):
        try:
            answer = _DECODER.decode(m.group(1))
        except (ValueError, RecursionError):
            continue
        found, span = "the code block", m.span()
        break
    else:
        opener = "[" if root == "array" else "{"
        start = text.find(opener)
        if start == -1:
            return None, f"no JSON {root} in the reply", ""
        try:
            answer, end = _DECODER.raw_decode(text, start)
        except RecursionError:
            return None, "invalid JSON: nested too deeply", ""
        except ValueError as exc:
            return None, f"invalid JSON: {str(exc)[:80]}", ""
        found, span = "the text around it", (start, end)
    if _rival(text, span, answer, "[" if root == "array" else "{"):
        return None, "two different JSON answers in the reply: give one", ""
    return answer, "", f"JSON read from {found}"


def _failure_groups(results: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(path, why) per failed field, or per missing/mistyped parent with how many fields it cost."""
    groups: dict[tuple[str, str], int] = {}
    for r in results:
        if not r["passed"]:
            key = (r["origin"], r["detail"]) if r["origin"] != r["field"] else (r["field"], r["detail"])
            groups[key] = groups.get(key, 0) + 1
    return [(path, why + (f" ({n} fields)" if n > 1 else "")) for (path, why), n in groups.items()]


def _failure_lines(results: list[dict[str, Any]]) -> list[str]:
    return [f"{path}: {why}" for path, why in _failure_groups(results)]


# --- critical fields -------------------------------------------------------------------------------


def _critical_spec(spec: Any) -> list[tuple[str, str]]:
    if spec is None:
        return []
    if isinstance(spec, dict):
        items = list(spec.items())
    elif isinstance(spec, list):
        items = [(path, "") for path in spec]
    else:
        raise _ConfigError("'critical' must be {path: why} or [path, ...]")
    out = []
    for path, why in items:
        if not isinstance(path, str) or not _generic(path) or not isinstance(why, str):
            raise _ConfigError(f"bad critical entry {path!r}")
        out.append((path.strip().removeprefix("$."), why.strip()))
    return out


def _covers(critical: str, field: str) -> bool:
    """Whether an atomic field's path lies under a critical path (see the module docstring)."""
    if re.search(r"\[[^\]]+\]", critical):  # names one element: compare concrete paths
        return field == critical or field.startswith((critical + ".", critical + "["))
    target, generic = _generic(critical), _generic(field)
    return generic == target or generic.startswith(target + ".")


def _check_critical(spec: list[tuple[str, str]], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for path, why in spec:
        covered = [r for r in results if _covers(path, r["field"])]
        if not covered:
            raise _ConfigError(f"critical field {path!r} names no field of 'expected'")
        failed = [r for r in covered if not r["passed"]]
        rows.append({"field": path, "passed": not failed, "why": why, "failures": _failure_groups(failed)})
    return rows


# --- entry point -----------------------------------------------------------------------------------


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    cfg = scenario.verifier
    if "expected" not in cfg:
        return Verdict.fail("verifier config: no 'expected' gold JSON")
    want = cfg["expected"]
    try:
        threshold = float(cfg.get("threshold", 0.85))
        critical = _critical_spec(cfg.get("critical"))
    except (TypeError, ValueError, _ConfigError) as exc:
        return Verdict.fail(f"verifier config: {exc}")
    got, why, found = parse_reply_json(reply.content or "", "array" if isinstance(want, list) else "object")
    if why:
        return Verdict.fail(why, parse_error=why)
    notes = [found] if found else []
    if isinstance(want, dict) and isinstance(got, list) and len(got) == 1 and isinstance(got[0], dict):
        got = got[0]
        notes.append("unwrapped a one-element array around the object")
    if _kind(got) != _kind(want):
        return Verdict.fail(f"expected a JSON {_kind(want)}, got {_kind(got)}", root_type=_kind(got))

    grader = _Grader(cfg)
    try:
        grader.walk(want, got, "", "")
        crit = _check_critical(critical, grader.results)
    except _ConfigError as exc:
        return Verdict.fail(f"verifier config: {exc}")
    except RecursionError:
        return Verdict.fail("reply JSON is nested too deeply to compare")
    results = grader.results
    correct = sum(r["passed"] for r in results)
    total = len(results)
    score = correct / total if total else 0.0
    summary = f"{correct}/{total} fields correct ({score:.0%}, need {threshold:.0%})"
    trace = {
        "correct": correct,
        "total": total,
        "score": round(score, 4),
        "threshold": threshold,
        "critical": crit,
        "fields": results,
        "notes": notes,
    }
    missed = [c for c in crit if not c["passed"]]
    if missed:
        first = missed[0]
        path, problem = first["failures"][0]
        more = len(missed) - 1 + len(first["failures"]) - 1
        parts = [
            f'critical field "{path}": {problem}',
            f"why: {first['why']}" if first["why"] else "",
            f"+{more} more critical" if more else "",
            summary,
        ]
        return Verdict.fail("; ".join(p for p in parts if p), **trace)
    failures = _failure_lines(results)
    if failures:
        more = len(failures) - _SHOW_FAILURES
        summary += ": " + " | ".join(failures[:_SHOW_FAILURES]) + (f" | +{more} more" if more > 0 else "")
    if total and score >= threshold:
        return Verdict.ok(summary, **trace)
    return Verdict.fail(summary, **trace)
