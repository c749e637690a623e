"""The outcome of grading one reply, and the failure modes a results file records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Model misses: counted in the score as failures.
VERIFIER_FAIL = "verifier_fail"
WRONG_ANSWER = "wrong_answer"
TOKEN_LIMIT = "token_limit"
TIMEOUT = "timeout"
AGENT_LOOP_EXHAUSTED = "agent_loop_exhausted"
RESULT_JSON_MALFORMED = "result_json_malformed"
# Serving problems: shown as pytest errors, left out of the score, run marked INCOMPLETE.
SERVER_ERROR = "server_error"
HTTP_ERROR = "http_error"
MODEL_ENDPOINT_UNREACHABLE = "model_endpoint_unreachable"
SANDBOX_UNAVAILABLE = "sandbox_unavailable"
# Neither: left out of the score.
VERIFIER_NOT_IMPLEMENTED = "verifier_not_implemented"

SERVING_MODES = frozenset({SERVER_ERROR, HTTP_ERROR, MODEL_ENDPOINT_UNREACHABLE, SANDBOX_UNAVAILABLE})
UNSCORED_MODES = SERVING_MODES | {VERIFIER_NOT_IMPLEMENTED}
ALL_MODES = (
    frozenset({VERIFIER_FAIL, WRONG_ANSWER, TOKEN_LIMIT, TIMEOUT, AGENT_LOOP_EXHAUSTED, RESULT_JSON_MALFORMED})
    | UNSCORED_MODES
)


@dataclass(frozen=True)
class Verdict:
    """passed, or failed with one failure_mode and a one-line human detail.

    `trace` holds the per-check evidence (what was compared with what) for `inspect --full`.
    """

    passed: bool
    failure_mode: str | None = None
    detail: str = ""
    trace: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def ok(cls, detail: str = "", **trace: Any) -> "Verdict":
        return cls(True, None, detail, dict(trace))

    @classmethod
    def fail(cls, detail: str, mode: str = VERIFIER_FAIL, **trace: Any) -> "Verdict":
        return cls(False, mode, detail, dict(trace))


def token_limit(verdict: Verdict, finish_reason: Any, max_tokens: Any, detail: str | None = None) -> Verdict | None:
    """The token_limit rule, the same live and in rescore: a failed verdict whose reply stopped at its token
    budget (finish_reason "length") is a `token_limit` failure naming the budget; None when it does not apply."""
    if verdict.passed or finish_reason != "length":
        return None
    return Verdict.fail(
        f"hit max_tokens={max_tokens} (finish_reason=length); {verdict.detail if detail is None else detail}",
        TOKEN_LIMIT,
        **verdict.trace,
    )
