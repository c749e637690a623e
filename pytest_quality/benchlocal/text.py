"""What benchlocal's scorers read from a reply, and how their verdicts map onto ours.

Their answer text is "content-first": the reply's content, else `reasoning_content`, else
`reasoning`, so a model that leaves content empty is graded on its reasoning, as benchlocal-cli
does. We follow that for their packs, and record which field was used.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_quality.clip import clip
from pytest_quality.reply import Reply
from pytest_quality.verdict import VERIFIER_FAIL, VERIFIER_NOT_IMPLEMENTED, WRONG_ANSWER, Verdict

_THINK = re.compile(r"<think>.*?</think>|</?think>", re.DOTALL)
_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*(.*?)\s*```", re.DOTALL)


def answer_text(reply: Reply) -> tuple[str, str]:
    """(text, field it came from): content, else reasoning_content, else reasoning."""
    if reply.content:
        return reply.content, "content"
    raw = reply.raw if isinstance(reply.raw, dict) else {}
    for key in ("reasoning_content", "reasoning"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return _THINK.sub("", value).strip(), key
    if reply.reasoning.strip():  # a <think> block the server left inside content
        return reply.reasoning.strip(), "content <think> block"
    return "", "none"


def all_channels(reply: Reply) -> str:
    """Content and every reasoning channel, for checks that search them all (ReasonMath's trace axis)."""
    raw = reply.raw if isinstance(reply.raw, dict) else {}
    parts = [reply.content] + [raw.get(k) for k in ("reasoning_content", "reasoning")] + [reply.reasoning]
    return "\n".join(p for p in parts if isinstance(p, str) and p.strip())


def strip_fence(text: str) -> str:
    """One code fence around the whole text is removed (```json ... ```); anything else is kept."""
    text = text.strip()
    m = _FENCE.fullmatch(text)
    return m.group(1).strip() if m else text


def get_path(data: Any, path: str) -> Any:
    """`a.b[0].c` lookup; raises KeyError / IndexError / TypeError when it is not there."""
    current = data
    for part in path.split("."):
        if not part:
            continue
        name, _, rest = part.partition("[")
        if name:
            if not isinstance(current, dict):
                raise TypeError(f"{name!r}: not an object")
            current = current[name]
        for index in re.findall(r"\[(\d+)\]", "[" + rest if rest else ""):
            if not isinstance(current, list):
                raise TypeError(f"[{index}]: not an array")
            current = current[int(index)]
    return current


def short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    return clip(text.replace("\n", "\\n"), limit, "...")


# --- verdicts ----------------------------------------------------------------------------------------


def passed(detail: str, **trace: Any) -> Verdict:
    return Verdict.ok(detail, **trace)


def failed(detail: str, benchlocal_mode: str, **trace: Any) -> Verdict:
    """Their failure modes that our taxonomy lacks (invalid_json, schema_violation, missing_field, ...)
    become verifier_fail; the original is kept in the trace."""
    mode = WRONG_ANSWER if benchlocal_mode == "wrong_answer" else VERIFIER_FAIL
    return Verdict.fail(detail, mode, benchlocal_failure_mode=benchlocal_mode, **trace)


def not_implemented(detail: str, **trace: Any) -> Verdict:
    return Verdict.fail(detail, VERIFIER_NOT_IMPLEMENTED, **trace)


class Unsupported(Exception):
    """An assert we cannot evaluate the way benchlocal does: the scenario is not scored (never guessed)."""


def asserts_of(scenario: Any) -> list[dict[str, Any]]:
    asserts = scenario.verifier.get("asserts")
    if not isinstance(asserts, list) or not all(isinstance(a, dict) for a in asserts):
        raise Unsupported('"verifier.asserts" is not a list of objects')
    return asserts


def need(assertion: dict[str, Any], *keys: str) -> Any:
    """The first of `keys` present in the assert (benchlocal spells some parameters two ways)."""
    for key in keys:
        if key in assertion:
            return assertion[key]
    raise Unsupported(f"assert {assertion.get('kind')!r} has no {' / '.join(keys)!r}")


def run_checks(
    kind_label: str, asserts: list[dict[str, Any]], check, source: str, pass_detail: str, **trace: Any
) -> Verdict:
    """Evaluate every assert with `check(assert) -> (ok, detail, benchlocal_mode)`. The first failure
    decides (their scorers stop at it); every result goes into the trace."""
    results: list[dict[str, Any]] = []
    first_fail = None
    for assertion in asserts:
        kind = assertion.get("kind")
        try:
            ok, detail, mode = check(assertion)
        except (Unsupported, re.error) as exc:
            why = f"invalid regex in assert {kind!r}: {exc}" if isinstance(exc, re.error) else str(exc)
            if first_fail is None:  # they would have stopped at an earlier failure and never seen this one
                return not_implemented(f"{kind_label}: {why}", response_field_used=source, checks=results)
            results.append({"check": kind, "passed": None, "detail": f"not evaluated: {why}"})
            continue
        results.append({"check": kind, "passed": ok, "detail": detail})
        if not ok and first_fail is None:
            first_fail = (detail, mode)
    if first_fail:
        return failed(first_fail[0], first_fail[1], response_field_used=source, checks=results, **trace)
    return passed(pass_detail, response_field_used=source, checks=results, **trace)
