"""What a serving check is: a named function of the endpoint returning a verdict, registered in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, SKIP = "pass", "fail", "skip"
# Not the server's fault: it demonstrably did its part (e.g. rendered the tools into the prompt) and the
# reply went wrong because of what the model wrote. Shown apart, never counted as a serving failure.
MODEL = "model"
VERDICTS = (PASS, FAIL, SKIP, MODEL)
# What a failed check undermines in the quality packs (see report.pack_warnings).
TOOL_PACKS, THINKING_PACKS, ALL_PACKS = "tool packs", "thinking packs", "all packs"


@dataclass
class Outcome:
    verdict: str
    detail: str
    data: dict[str, Any] = field(default_factory=dict)  # figures for the results JSON (hashes, counts)


def ok(detail: str, **data: Any) -> Outcome:
    return Outcome(PASS, detail, data)


def bad(detail: str, **data: Any) -> Outcome:
    return Outcome(FAIL, detail, data)


def model(detail: str, **data: Any) -> Outcome:
    return Outcome(MODEL, detail, data)


def skip(detail: str, **data: Any) -> Outcome:
    return Outcome(SKIP, detail, data)


@dataclass(frozen=True)
class Check:
    name: str  # "group.check", also the pytest item name
    title: str
    flag: str  # the server setting most likely behind a failure
    run: Callable[[Any], Outcome]  # (Context) -> Outcome
    invalidates: str | None = None


CHECKS: dict[str, Check] = {}


def check(name: str, title: str, flag: str, invalidates: str | None = None) -> Callable:
    def register(fn: Callable[[Any], Outcome]) -> Callable[[Any], Outcome]:
        CHECKS[name] = Check(name, title, flag, fn, invalidates)
        return fn

    return register
