"""Running one single-turn scenario: fetch the reply (I/O), then grade it (pure).

The two halves map onto pytest's phases: fetching happens in the item's setup, so a serving
problem is a pytest *error*; grading happens in the call, so a model miss is a *failure*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_quality import verdict as fm
from pytest_quality import verifiers
from pytest_quality.client import ChatClient, Exchange
from pytest_quality.packs import Pack, Scenario
from pytest_quality.reply import Reply
from pytest_quality.request import build_request, thinking_for
from pytest_quality.settings import Settings
from pytest_quality.timeouts import scenario_timeout
from pytest_quality.verdict import Verdict


@dataclass
class Fetched:
    exchange: Exchange
    timeout_s: float
    timeout_detail: dict[str, Any]
    thinking: bool


def fetch(
    client: ChatClient, pack: Pack, scenario: Scenario, settings: Settings, model: str | None,
    control: str, measured_tps: float | None,
) -> Fetched:
    request = build_request(pack, scenario, settings, model, control)
    timeout_s, how = scenario_timeout(pack, scenario, settings, request, measured_tps)
    exchange = client.chat(request, timeout_s)
    return Fetched(exchange, timeout_s, how, thinking_for(pack, settings))


def grade(scenario: Scenario, fetched: Fetched) -> tuple[Verdict, Reply | None]:
    """The verdict for a fetched reply, with the token_limit and reasoning-only rules applied."""
    exchange = fetched.exchange
    if not exchange.ok:
        return Verdict.fail(exchange.detail, exchange.failure_mode or fm.SERVER_ERROR), None
    reply = Reply.from_completion(exchange.body)
    verdict = verifiers.verify(scenario, reply)
    if verdict.passed:
        return verdict, reply
    detail = verdict.detail
    if not reply.content.strip() and not reply.tool_calls and reply.reasoning.strip():
        detail = f"answer left only in reasoning_content (not graded); {detail}"
    if reply.finish_reason == "length":
        budget = exchange.request.get("max_tokens")
        return Verdict.fail(f"hit max_tokens={budget} (finish_reason=length); {detail}", fm.TOKEN_LIMIT,
                            **verdict.trace), reply
    return Verdict(False, verdict.failure_mode, detail, verdict.trace), reply


def record(
    pack: Pack, scenario: Scenario, node_id: str, repeat_index: int, order: int,
    fetched: Fetched | None, verdict: Verdict, reply: Reply | None,
) -> dict[str, Any]:
    """The JSON-able per-scenario record (CONTRACT section 5 `scenarios[]`)."""
    exchange = fetched.exchange if fetched else None
    usage = (exchange.body or {}).get("usage") if exchange and exchange.body else None
    usage = usage if isinstance(usage, dict) else {}
    return {
        "pack_id": pack.pack_id, "id": scenario.id, "node_id": node_id, "order": order,
        "repeat_index": repeat_index, "passed": verdict.passed, "failure_mode": verdict.failure_mode,
        "detail": verdict.detail, "latency_s": round(exchange.latency_s, 3) if exchange else None,
        "timeout_s": fetched.timeout_s if fetched else None,
        "timeout_detail": fetched.timeout_detail if fetched else None,
        "tokens": {"prompt": usage.get("prompt_tokens"), "completion": usage.get("completion_tokens")},
        "finish_reason": reply.finish_reason if reply else None,
        "thinking_expected": fetched.thinking if fetched else None,
        "had_reasoning": bool(reply and reply.reasoning.strip()),
        "request": exchange.request if exchange else None,
        "response": exchange.body if exchange else None,
        "http_status": exchange.http_status if exchange else None,
        "attempts": exchange.attempts if exchange else 0,
        "retries": exchange.retries if exchange else [],
        "verifier_trace": verdict.trace,
        "skipped": False,
    }
