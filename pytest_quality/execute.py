"""Running one single-turn scenario: fetch the reply (I/O), then grade it (pure).

The two halves map onto pytest's phases: fetching happens in the item's setup, so a serving
problem is a pytest *error*; grading happens in the call, so a model miss is a *failure*.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pytest_quality import formats
from pytest_quality import verdict as fm
from pytest_quality.client import Chat, Exchange
from pytest_quality.packs import Pack, Scenario
from pytest_quality.record import ScenarioRecord
from pytest_quality.reply import Reply
from pytest_quality.request import thinking_for
from pytest_quality.sandbox.container import SandboxBroken, SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome
from pytest_quality.settings import Settings
from pytest_quality.stream import timing_of  # --stream: TTFT, decode tokens/s, total time
from pytest_quality.verdict import Verdict


@dataclass
class Fetched:
    exchange: Exchange  # the (last) model request
    timeout_s: float
    timeout_detail: dict[str, Any]
    thinking: bool
    exchanges: list[Exchange] = field(default_factory=list)  # every request, for multi-turn scenarios
    wall_s: float | None = None


def fetch(
    client: Chat,
    pack: Pack,
    scenario: Scenario,
    settings: Settings,
    model: str | None,
    control: str,
    measured_tps: float | None,
) -> Fetched:
    request, timeout_s, how = _request(pack, scenario, settings, model, control, measured_tps)
    exchange = client.chat(request, timeout_s)
    return Fetched(exchange, timeout_s, how, thinking_for(pack, settings))


def _request(
    pack: Pack,
    scenario: Scenario,
    settings: Settings,
    model: str | None,
    control: str,
    measured_tps: float | None,
) -> tuple[dict[str, Any], float, dict[str, Any]]:
    """The request and its time budget, as the scenario's pack format builds them."""
    fmt = formats.of(scenario)
    request = fmt.request(pack, scenario, settings, model, control)
    return (request, *fmt.time_budget(pack, scenario, settings, request, measured_tps))


def model_turn(
    client: Chat,
    pack: Pack,
    scenario: Scenario,
    settings: Settings,
    model: str | None,
    control: str,
    measured_tps: float | None,
) -> tuple[Any, float, dict[str, Any]]:
    """A ModelTurn for multi-turn kinds: same sampling/thinking as single-turn, one time budget in all."""
    base, timeout_s, how = _request(pack, scenario, settings, model, control, measured_tps)
    deadline = time.monotonic() + timeout_s
    turns = {"n": 0}

    def turn(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> Exchange:
        request = {**base, "messages": list(messages)}  # a snapshot: the agent loop keeps appending
        request.pop("tools", None)
        if tools:
            request["tools"] = tools
        remaining = deadline - time.monotonic()
        turns["n"] += 1
        if remaining <= 0:
            return Exchange(
                request=request,
                failure_mode=fm.TIMEOUT,
                detail=f"scenario budget of {timeout_s:.0f}s used up before model turn {turns['n']}",
            )
        return client.chat(request, remaining)

    return turn, timeout_s, how


def run_sandboxed(
    client: Chat,
    pack: Pack,
    scenario: Scenario,
    settings: Settings,
    model: str | None,
    control: str,
    measured_tps: float | None,
    sandbox: Any,
) -> tuple[Verdict, Fetched, Any]:
    """Run a sandboxed scenario (its kind drives model and sandbox); (verdict, fetched, outcome).

    A sandbox failure never leaves the scenario without a verdict: see `sandbox_failure`."""
    base_turn, timeout_s, how = model_turn(client, pack, scenario, settings, model, control, measured_tps)
    made: list[Exchange] = []

    def turn(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> Exchange:
        exchange = base_turn(messages, tools)
        made.append(exchange)
        return exchange

    start = time.monotonic()
    kind = formats.of(scenario).kind(scenario)
    error: SandboxError | None = None
    try:
        outcome = kind.run(scenario, turn, sandbox)
    except SandboxError as exc:  # raised instead of returned: still a verdict, never a missing scenario
        error = exc
        outcome = SandboxOutcome(
            Verdict.fail(f"sandbox failed: {exc}", fm.SANDBOX_UNAVAILABLE), list(made), list(scenario.messages)
        )
    outcome = sandbox_failure(outcome, error, made, sandbox)
    exchanges = outcome.exchanges or [Exchange(request={}, failure_mode=fm.SERVER_ERROR, detail="no model request")]
    fetched = Fetched(
        exchanges[-1], timeout_s, how, thinking_for(pack, settings), exchanges, wall_s=time.monotonic() - start
    )
    verdict = outcome.verdict
    last = exchanges[-1]
    if not verdict.passed and verdict.failure_mode not in fm.SERVING_MODES and last.ok:
        choice = (last.body or {}).get("choices", [{}])[0]
        verdict = fm.token_limit(verdict, choice.get("finish_reason"), last.request.get("max_tokens")) or verdict
    trace = {**verdict.trace, **outcome.trace}
    return Verdict(verdict.passed, verdict.failure_mode, verdict.detail, trace), fetched, outcome


def sandbox_failure(outcome: Any, error: Exception | None, made: list[Exchange], sandbox: Any) -> Any:
    """A sandbox that failed after the model's commands ran in it is the model's doing: a scored
    failure ("the model broke its sandbox: ..."), never an unscored or missing scenario, and the
    container is condemned so the pool replaces it.

    Which failures count: a `SandboxBroken` a kind raised (it knows the model's commands had run), or a
    `sandbox_unavailable` outcome after a model reply when the reset that follows cannot bring the
    still-running container back to a clean state (leftover processes, PID 1 changed, ...). A failure
    before any reply, or one the container recovers from, stays `sandbox_unavailable` (ours, unscored)."""
    verdict = outcome.verdict
    if verdict.failure_mode != fm.SANDBOX_UNAVAILABLE:
        return outcome
    if isinstance(error, SandboxBroken):
        broke = str(error)
        if callable(getattr(sandbox, "condemn", None)):
            sandbox.condemn(f"the model broke its sandbox: {broke}")
    elif (
        any(e.ok for e in made)
        and callable(getattr(sandbox, "reset", None))
        and getattr(sandbox, "alive", lambda: False)()
    ):
        try:
            replaced = not sandbox.reset()  # reused when clean; else replaced, reset_problem says why
        except Exception:  # noqa: BLE001 - the engine itself is gone: stays sandbox_unavailable
            return outcome
        problem = getattr(sandbox, "reset_problem", None)
        if not (replaced and problem):
            return outcome
        broke = f"{problem} (after: {verdict.detail})"
    else:
        return outcome
    outcome.verdict = Verdict.fail(
        f"the model broke its sandbox: {broke}", fm.VERIFIER_FAIL, **{**verdict.trace, "sandbox_broken": broke}
    )
    return outcome


def grade(scenario: Scenario, fetched: Fetched) -> tuple[Verdict, Reply | None]:
    """The verdict for a fetched reply, with the token_limit and reasoning-only rules applied."""
    exchange = fetched.exchange
    if not exchange.ok:
        return Verdict.fail(exchange.detail, exchange.failure_mode or fm.SERVER_ERROR), None
    reply = Reply.from_completion(exchange.body)
    fmt = formats.of(scenario)
    verdict = fmt.verify(scenario, reply)
    if verdict.passed:
        return verdict, reply
    detail = fmt.miss_detail(reply, verdict.detail)
    limited = fm.token_limit(verdict, reply.finish_reason, exchange.request.get("max_tokens"), detail)
    if limited is not None:
        return limited, reply
    return Verdict(False, verdict.failure_mode, detail, verdict.trace), reply


def record(
    pack: Pack,
    scenario: Scenario,
    node_id: str,
    repeat_index: int,
    order: int,
    fetched: Fetched | None,
    verdict: Verdict,
    reply: Reply | None,
) -> ScenarioRecord:
    """The per-scenario record (`scenarios[]` in the results document, docs/INTERFACE.md)."""
    exchange = fetched.exchange if fetched else None
    exchanges = [e for e in ((fetched.exchanges or [fetched.exchange]) if fetched else []) if e is not None]
    usages = [e.body.get("usage") for e in exchanges if isinstance(e.body, dict)]
    counts = [u for u in usages if isinstance(u, dict)]
    usage = {k: sum(u.get(k) or 0 for u in counts) if counts else None for k in ("prompt_tokens", "completion_tokens")}
    latency = fetched.wall_s if fetched and fetched.wall_s is not None else (exchange.latency_s if exchange else None)
    turns = None
    had_reasoning = bool(reply and reply.reasoning.strip())
    if len(exchanges) > 1:
        turns = [{"request": e.request, "response": e.body, "failure_mode": e.failure_mode} for e in exchanges]
        had_reasoning = had_reasoning or any(_has_reasoning(e.body) for e in exchanges if e.ok)
    return ScenarioRecord(
        pack_id=pack.pack_id,
        id=scenario.id,
        node_id=node_id,
        order=order,
        repeat_index=repeat_index,
        passed=verdict.passed,
        failure_mode=verdict.failure_mode,
        detail=verdict.detail,
        latency_s=round(latency, 3) if latency is not None else None,
        timeout_s=fetched.timeout_s if fetched else None,
        timeout_detail=fetched.timeout_detail if fetched else None,
        tokens={"prompt": usage.get("prompt_tokens"), "completion": usage.get("completion_tokens")},
        finish_reason=reply.finish_reason if reply else None,
        thinking_expected=fetched.thinking if fetched else None,
        had_reasoning=had_reasoning,
        request=exchange.request if exchange else None,
        response=exchange.body if exchange else None,
        http_status=exchange.http_status if exchange else None,
        attempts=exchange.attempts if exchange else 0,
        retries=exchange.retries if exchange else [],
        cached=bool(exchange and exchange.cached),
        verifier_trace=verdict.trace,
        stream=timing_of(exchanges),  # --stream: TTFT, decode tokens/s, total time
        turns=turns,
    )


def _has_reasoning(body: Any) -> bool:
    try:
        return bool(Reply.from_completion(body).reasoning.strip())
    except (KeyError, IndexError, TypeError, AttributeError):
        return False
