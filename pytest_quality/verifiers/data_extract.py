"""data_extract: field-level grading of the JSON a model extracted from a document.

Parameters (scenario.verifier):
  expected            gold JSON. Every scalar, and every empty array/object, is one atomic field.
  threshold           fraction of atomic fields that must be correct (default 0.85)
  allow_extra_fields  default true; false: each key the gold object lacks counts as one wrong field
  array_keys          {"path.to.array": "anchor_key"}: pair object-array elements by that key, not by
                      position ("$" or "" is a top-level array); anchors pair ignoring case and spaces
  fields              {path: options}; a path names a field as "total", "vendor.name", "items.price"
                      or "items[].price" (every element); "*" gives defaults for every field. Options:
    match       strings: "exact" (default, after strip) | "case_insensitive" | "whitespace" (runs of
                whitespace collapsed) | "normalized" (case, whitespace, quotes, dashes, final full stop)
                | "digits_only" (phone numbers; a leading country code may differ) | "date" (ISO
                YYYY-MM-DD or YYYY-MM after parsing common forms) | "time" (HH:MM, 12 h accepted);
                scalar arrays: "ordered" (default, element by element) | "set" (one field, order and
                duplicates ignored, strings compared normalized)
    tolerance   numbers: absolute tolerance (default 1e-6)
    coerce      true: "42" and 42 are the same value (otherwise a string for a number is wrong)
    accepted    other acceptable values for this field

Array elements beyond the gold ones count as one wrong field each. The reply is JSON, bare or in
one code fence with no text around it; a one-element array around the expected object is unwrapped
(noted in the trace).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict
from pytest_quality.verifiers import _numbers

if TYPE_CHECKING:
    from pytest_quality.packs import Scenario

STRING_MODES = ("exact", "case_insensitive", "whitespace", "normalized", "digits_only", "date", "time")
ARRAY_MODES = ("ordered", "set")
_DEFAULT_TOL = 1e-6
_SHOW_FAILURES = 3
MAX_CHARS = 1_000_000  # far beyond any extraction reply; keeps hostile input cheap


class _Absent:
    """A value the reply does not have, with the reason (missing, or a parent of the wrong type)."""

    def __init__(self, why: str, origin: str):
        self.why, self.origin = why, origin or "$"


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
        text = value if len(value) <= 40 else value[:39] + "…"
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, (list, dict)):
        return f"{_kind(value)} of {len(value)}"
    return json.dumps(value) if isinstance(value, (bool, type(None))) else repr(value)


def _generic(path: str) -> str:
    """Option-lookup form of a path: "$.items[].price" and "items.price" both become "items.price"."""
    path = re.sub(r"\[[^\]]*\]", "", path.strip())
    return "" if path in ("$", "") else path.removeprefix("$.").strip(".")


# --- scalar comparison ------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y",
    "%d %b %Y", "%d %B, %Y", "%A, %B %d, %Y", "%a, %b %d, %Y", "%A %d %B %Y", "%a %d %b %Y",
    "%A, %d %B %Y", "%a, %d %b %Y",
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
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
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
        return False, f"expected {wk}, got {gk}"
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
        if isinstance(got, _Absent):
            for i, w in enumerate(want):
                self.walk(w, got, f"{path}[{i}]", generic)
            return
        anchor = self.array_keys.get(generic)
        pairs = self._pair_by_anchor(want, got, path, anchor) if anchor else [
            (w, got[i] if i < len(got) else _Absent("missing element", f"{path}[{i}]"), f"{path}[{i}]")
            for i, w in enumerate(want)
        ]
        used = {id(g) for _, g, _ in pairs}
        for w, g, p in pairs:
            self.walk(w, g, p, generic)
        extras = [i for i, g in enumerate(got) if id(g) not in used] if anchor else range(len(want), len(got))
        for i in extras:
            self.record(f"{path}[{i}]", False, "unexpected extra element")

    def _pair_by_anchor(self, want: list, got: list, path: str, anchor: str) -> list[tuple[Any, Any, str]]:
        free = [g for g in got if isinstance(g, dict)]
        pairs = []
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
            part for part in (
                f"missing {', '.join(_show(m) for m in missing[:3])}" if missing else "",
                f"unexpected {', '.join(_show(e) for e in extra[:3])}" if extra else "",
            ) if part
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


# --- entry point -----------------------------------------------------------------------------------


def parse_reply_json(content: str) -> tuple[Any, str]:
    """(parsed value, "") or (None, why it is not JSON). The reply is bare JSON or one code fence."""
    text = content.strip()
    if not text:
        return None, "empty reply, expected JSON"
    if len(text) > MAX_CHARS:
        return None, f"reply is {len(text)} characters, over the {MAX_CHARS} limit"
    if text.startswith("```"):
        body = text.find("\n")
        end = text.find("```", body) if body != -1 else -1
        if end == -1:
            return None, "unterminated code fence"
        if text[end + 3 :].strip():
            return None, f"text after the code block: {_show(text[end + 3 :].strip().split(chr(10), 1)[0])}"
        text = text[body + 1 : end]
    try:
        return json.loads(text), ""
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as exc:
        if "```" in text:
            return None, f"text outside the code block: {_show(text.split(chr(10), 1)[0])}"
        return None, f"invalid JSON: {str(exc)[:80]}"


def _failure_lines(results: list[dict[str, Any]]) -> list[str]:
    """One line per failed field, or per missing/mistyped parent with how many fields it cost."""
    groups: dict[tuple[str, str], int] = {}
    for r in results:
        if not r["passed"]:
            key = (r["origin"], r["detail"]) if r["origin"] != r["field"] else (r["field"], r["detail"])
            groups[key] = groups.get(key, 0) + 1
    return [f"{path}: {why}" + (f" ({n} fields)" if n > 1 else "") for (path, why), n in groups.items()]


def verify(scenario: "Scenario", reply: Reply) -> Verdict:
    cfg = scenario.verifier
    if "expected" not in cfg:
        return Verdict.fail("verifier config: no 'expected' gold JSON")
    want = cfg["expected"]
    threshold = float(cfg.get("threshold", 0.85))
    got, why = parse_reply_json(reply.content or "")
    if why:
        return Verdict.fail(why, parse_error=why)
    notes = []
    if isinstance(want, dict) and isinstance(got, list) and len(got) == 1 and isinstance(got[0], dict):
        got = got[0]
        notes.append("unwrapped a one-element array around the object")
    if _kind(got) != _kind(want):
        return Verdict.fail(f"expected a JSON {_kind(want)}, got {_kind(got)}", root_type=_kind(got))

    grader = _Grader(cfg)
    try:
        grader.walk(want, got, "", "")
    except _ConfigError as exc:
        return Verdict.fail(f"verifier config: {exc}")
    except RecursionError:
        return Verdict.fail("reply JSON is nested too deeply to compare")
    results = grader.results
    correct = sum(r["passed"] for r in results)
    total = len(results)
    score = correct / total if total else 0.0
    summary = f"{correct}/{total} fields correct ({score:.0%}, need {threshold:.0%})"
    failures = _failure_lines(results)
    if failures:
        more = len(failures) - _SHOW_FAILURES
        summary += ": " + " | ".join(failures[:_SHOW_FAILURES]) + (f" | +{more} more" if more > 0 else "")
    trace = {"correct": correct, "total": total, "score": round(score, 4), "threshold": threshold,
             "fields": results, "notes": notes}
    if total and score >= threshold:
        return Verdict.ok(summary, **trace)
    return Verdict.fail(summary, **trace)
