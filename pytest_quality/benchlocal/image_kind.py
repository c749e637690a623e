"""The sandbox kind for benchlocal scenarios graded by their own image (protocol: docs/BENCHLOCAL_COMPAT.md).

Single-turn: we make the model request, then POST /verify {scenario_id, scenario, response,
messages}. Multi-turn: POST /verify-start; a `verify-final` answer ends it (Hermes and Aider run the
agent themselves); otherwise the loop runs here, on the host, with our client: send the history
(reasoning stripped) and the sandbox's tools to the model, POST the completion to /verify-turn, append
the messages it returns, until `verify-final` or the turn limit (then /verify-end).

Their verdict is kept, except that a pass is refused when the reply carries their `BENCHLOCAL_PASS`
mock marker (their BugFind and CLI servers pass any reply containing it).
"""

from __future__ import annotations

from typing import Any

from pytest_quality import verdict as fm
from pytest_quality.agent import history_message
from pytest_quality.benchlocal.images import Handle, ProtocolError, is_multi_turn
from pytest_quality.benchlocal.request import messages_for
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.verdict import Verdict

MULTI_TURN = True  # some scenarios are (rescore cannot replay this kind offline)
# One shared container per image and process (images._get) whose verifier keeps per-scenario state keyed
# by scenario id: not known to be safe for two scenarios at once, so --concurrency runs these inline.
RUNS_AHEAD = False
MOCK_MARKER = "BENCHLOCAL_PASS"
# Their failure modes -> ours. Sandbox infrastructure trouble is not the model's miss: unscored.
MODES = {
    "verifier_fail": fm.VERIFIER_FAIL,
    "wrong_answer": fm.WRONG_ANSWER,
    "timeout": fm.TIMEOUT,
    "token_limit": fm.TOKEN_LIMIT,
    "agent_loop_exhausted": fm.AGENT_LOOP_EXHAUSTED,
    "agent_runner_timeout": fm.TIMEOUT,
    "result_json_malformed": fm.RESULT_JSON_MALFORMED,
    "model_endpoint_unreachable": fm.MODEL_ENDPOINT_UNREACHABLE,
    "server_error": fm.SANDBOX_UNAVAILABLE,
    "agent_runner_crashed": fm.SANDBOX_UNAVAILABLE,
    "http_error": fm.SANDBOX_UNAVAILABLE,
    "verifier_not_implemented": fm.VERIFIER_NOT_IMPLEMENTED,
}


def _scenario_id(scenario: Any) -> str:
    return str(scenario.raw.get("id", scenario.id))


def to_verdict(result: dict[str, Any], replies: list[str]) -> Verdict:
    """Their {passed, failure_mode, detail, trace...} as our Verdict (everything else kept in the trace)."""
    mode = result.get("failure_mode")
    detail = str(result.get("detail") or "").strip().replace("\n", " ")[:300]
    trace = {
        "benchlocal_failure_mode": mode,
        "benchlocal": {k: v for k, v in result.items() if k not in ("passed", "failure_mode", "detail")},
    }
    if result.get("passed") is True and mode in (None, "passed"):
        if any(MOCK_MARKER in text for text in replies):
            return Verdict.fail(
                f"the reply contains {MOCK_MARKER}, their sandbox's mock pass marker: the sandbox's "
                "pass is not accepted",
                fm.VERIFIER_FAIL,
                **trace,
            )
        return Verdict.ok(detail or "passed in benchlocal's sandbox", **trace)
    ours = MODES.get(str(mode), fm.VERIFIER_FAIL)
    prefix = f"benchlocal sandbox: {mode}: " if ours in fm.UNSCORED_MODES else ""
    return Verdict.fail(prefix + (detail or f"failed ({mode})"), ours, **trace)


def _texts(reply: Reply) -> list[str]:
    return [reply.content, reply.reasoning, *(c.arguments_raw for c in reply.tool_calls)]


def run(scenario: Any, model: Any, handle: Handle) -> SandboxOutcome:
    if handle.problem:  # the container did not start, or cannot reach the model: loud, never a model miss
        return SandboxOutcome(Verdict.fail(handle.problem, fm.SANDBOX_UNAVAILABLE))
    try:
        if is_multi_turn(handle.entry, scenario):
            return _multi(scenario, model, handle)
        return _single(scenario, model, handle)
    except (ProtocolError, SandboxError) as exc:
        return SandboxOutcome(Verdict.fail(f"benchlocal sandbox: {exc}"[:400], fm.SANDBOX_UNAVAILABLE))


def _single(scenario: Any, model: Any, handle: Handle) -> SandboxOutcome:
    messages = messages_for(scenario)
    exchange = model(messages, scenario.tools)
    if not exchange.ok:
        return failed_turn(exchange, [exchange], messages)
    reply = Reply.from_completion(exchange.body)
    transcript = [*messages, history_message(reply)]
    result = handle.box.call(
        "/verify",
        {
            "scenario_id": _scenario_id(scenario),
            "scenario": scenario.raw,
            "response": exchange.body,
            "messages": transcript,
        },
        timeout=handle.entry.read_timeout_s,
    )
    return SandboxOutcome(to_verdict(result, _texts(reply)), [exchange], transcript)


def _max_turns(scenario: Any, handle: Handle) -> int:
    inner = scenario.raw.get("raw_scenario") if isinstance(scenario.raw.get("raw_scenario"), dict) else {}
    for value in (scenario.raw.get("max_turns"), inner.get("max_turns")):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return handle.entry.max_turns


def _multi(scenario: Any, model: Any, handle: Handle) -> SandboxOutcome:
    box, timeout = handle.box, handle.entry.read_timeout_s
    start = box.call(
        "/verify-start",
        {
            "scenario_id": _scenario_id(scenario),
            "scenario": scenario.raw,
            "model_endpoint": handle.endpoint,
            "model_name": handle.model,
            "model_api_key": handle.api_key or "dummy",
            "sampling": handle.sampling,
            "enable_thinking": handle.thinking,
            "thinking_budget": handle.thinking_budget,
            "preserve_reasoning_history": False,
        },
        timeout=timeout,
    )
    if start.get("action") == "verify-final":  # the sandbox ran the whole agent (Hermes, Aider)
        return SandboxOutcome(to_verdict(start, []), trace={"early_out": True})
    state = start.get("scenario_state_id")
    if start.get("action") not in (None, "next-prompt") or not state or not isinstance(start.get("prompt"), list):
        raise ProtocolError(f"/verify-start: unexpected answer {str(start)[:200]}")
    history: list[dict[str, Any]] = list(start["prompt"])
    tools = start.get("tools") or None
    exchanges, texts, finished = [], [], False
    try:
        for _ in range(_max_turns(scenario, handle)):
            exchange = model(history, tools)
            exchanges.append(exchange)
            if not exchange.ok:
                return failed_turn(exchange, exchanges, history)
            reply = Reply.from_completion(exchange.body)
            texts += _texts(reply)
            history.append(history_message(reply))
            answer = box.call(
                "/verify-turn", {"scenario_state_id": state, "model_response": exchange.body}, timeout=timeout
            )
            if answer.get("action") == "verify-final":
                finished = True
                return SandboxOutcome(to_verdict(answer, texts), exchanges, history, {"turns": len(exchanges)})
            history.extend(m for m in answer.get("prompt") or [] if isinstance(m, dict))
            tools = answer.get("tools") or tools
        finished = True
        final = box.call("/verify-end", {"scenario_state_id": state}, timeout=timeout)
        verdict = to_verdict(final, texts)
        if not verdict.passed and verdict.failure_mode not in fm.UNSCORED_MODES:
            verdict = Verdict.fail(
                f"turn limit {len(exchanges)} reached: {verdict.detail}", fm.AGENT_LOOP_EXHAUSTED, **verdict.trace
            )
        return SandboxOutcome(verdict, exchanges, history, {"turns": len(exchanges)})
    finally:
        if not finished:  # the loop stopped early: let the sandbox drop the scenario's state
            try:
                box.call("/verify-end", {"scenario_state_id": state}, timeout=30)
            except (ProtocolError, SandboxError):
                pass
