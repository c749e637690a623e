"""benchlocal `answer_match` asserts (GSM-Symbolic, GPQA), scored as their scorer does (docs/BENCHLOCAL_COMPAT.md).

When the reply has an `ANSWER:` / `FINAL:` line, only the first such line is searched; otherwise
the whole reply is. `exact_numeric` passes when any number there equals the target; `exact_letter`
takes the first standalone A-D (case-insensitive, so an article "a" counts).
"""

from __future__ import annotations

import re
from typing import Any

from pytest_quality.benchlocal.text import Unsupported, answer_text, asserts_of, need, run_checks
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_FINAL = re.compile(r"(?:ANSWER|FINAL)\s*[:：]\s*([^\n]+)", re.I)


def _region(text: str) -> str:
    m = _FINAL.search(text)
    return m.group(1) if m else text


def _letter(text: str) -> str | None:
    m = _FINAL.search(text)
    for candidate in ([m.group(1)] if m else []) + [text]:
        hit = re.search(r"\b([A-D])\b", candidate.strip(), re.I)
        if hit:
            return hit.group(1).upper()
    return None


def score(scenario: Any, reply: Reply) -> Verdict:
    asserts = asserts_of(scenario)
    text, source = answer_text(reply)
    text = text.strip()
    region = _region(text)

    def check(a: dict[str, Any]) -> tuple[bool, str, str]:
        kind = a.get("kind")
        if kind == "exact_letter":
            want, got = str(need(a, "value")).strip().upper(), _letter(text)
            if got is None:
                return False, "no answer letter A-D found", "no_answer_found"
            return got == want, f"answer {got}, expected {want}", "wrong_answer"
        if kind in ("exact_numeric", "tolerance_numeric"):
            numbers = [float(m.replace(",", "")) for m in _NUMBER.findall(region)]
            if not numbers:
                return False, "no number in the answer", "no_answer_found"
            target = float(str(need(a, "value")).replace(",", ""))
            tol = float(need(a, "tolerance")) if kind == "tolerance_numeric" else 0.0
            ok = any(abs(n - target) <= tol for n in numbers)
            where = "the ANSWER line" if region is not text else "the reply"
            return ok, f"no number in {where} equals {a['value']}" + (f" ±{tol:g}" if tol else ""), "wrong_answer"
        raise Unsupported(f"unknown assert kind {kind!r}")

    return run_checks(
        "answer_match",
        asserts,
        check,
        source,
        "the answer matches",
        answer_region="final line" if region is not text else "whole reply",
    )
