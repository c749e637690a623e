"""benchlocal `instruct_follow` asserts, scored as their InstructFollow-15 scorer does (docs/BENCHLOCAL_COMPAT.md).

Words are `[A-Za-z0-9]+` runs ("don't" is two words); phrases are case-sensitive substrings;
a section header must equal a whole (stripped) line; bullets are lines starting `- ` or `* `.
`format_regex ".+"` (7 of their 15 scenarios) passes any non-empty text: the junk control names them.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_quality.benchlocal.text import Unsupported, answer_text, asserts_of, need, run_checks, short
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict

_CASES = {
    "lower": "lower",
    "lowercase": "lower",
    "upper": "upper",
    "uppercase": "upper",
    "title": "title",
    "titlecase": "title",
}


def score(scenario: Any, reply: Reply) -> Verdict:
    asserts = asserts_of(scenario)
    text, source = answer_text(reply)
    text = text.strip()
    words = re.findall(r"[A-Za-z0-9]+", text)
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]

    def check(a: dict[str, Any]) -> tuple[bool, str, str]:
        kind = a.get("kind")
        if kind in ("exact_length_words", "max_length_words", "min_length_words"):
            want = need(a, "value")
            ok = {
                "exact_length_words": len(words) == want,
                "max_length_words": len(words) <= want,
                "min_length_words": len(words) >= want,
            }[kind]
            return ok, f"{len(words)} words, {kind.split('_')[0]} {want}", "verifier_fail"
        if kind == "case_only":
            case = _CASES.get(str(need(a, "value")).lower())
            if case is None:
                raise Unsupported(f"case_only value {a.get('value')!r}")
            letters = "".join(re.findall(r"[A-Za-z]+", text))
            ok = {
                "lower": letters == letters.lower(),
                "upper": letters == letters.upper(),
                "title": text == text.title(),
            }[case]
            return ok, f"reply is not {case} case", "verifier_fail"
        if kind == "format_regex":
            pattern = need(a, "pattern")
            ok = re.search(pattern, text, re.M | re.S) is not None
            return ok, f"reply does not match /{pattern}/: {short(text)}", "verifier_fail"
        if kind == "required_phrase":
            phrase = need(a, "value")
            return phrase in text, f"missing phrase {phrase!r}", "verifier_fail"
        if kind == "required_phrase_any":
            phrases = need(a, "values", "phrases")
            return any(p in text for p in phrases), f"none of {phrases} in the reply", "verifier_fail"
        if kind == "forbidden_phrase":
            phrase = need(a, "value")
            return phrase not in text, f"forbidden phrase {phrase!r} present", "verifier_fail"
        if kind == "required_url_count":
            want = need(a, "min", "value")
            urls = re.findall(r"https?://\S+", text)
            return len(urls) >= want, f"{len(urls)} URLs, at least {want} required", "verifier_fail"
        if kind == "required_section_headers":
            missing = [h for h in need(a, "headers") if h not in lines]
            return not missing, f"missing header line(s) {missing}", "verifier_fail"
        if kind == "bullet_count":
            want = need(a, "value")
            bullets = sum(1 for ln in lines if re.match(r"^[-*]\s+", ln))
            return bullets == want, f"{bullets} bullets, expected {want}", "verifier_fail"
        if kind == "language":
            if str(need(a, "value")).lower() != "english":
                raise Unsupported(f"language {a.get('value')!r}")
            foreign = re.search(r"[^\x00-\x7F]", text)
            return (
                foreign is None,
                f"non-ASCII character {foreign.group(0) if foreign else ''!r} in an English reply",
                "verifier_fail",
            )
        raise Unsupported(f"unknown assert kind {kind!r}")

    return run_checks(
        "instruct_follow", asserts, check, source, "every instruction assert passed", word_count=len(words)
    )
