"""The host-side agent loop: the plugin itself calls the model for every turn.

Tool calls are executed by a callable the scenario kind supplies (in the sandbox, or by a
host-side mock), so no container ever needs network access to reach the model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pytest_quality.client import Exchange
from pytest_quality.reply import Reply, ToolCall

REASONING_KEYS = ("reasoning_content", "reasoning", "reasoning_details")


class ModelTurn(Protocol):
    """One model request: the conversation so far (and tools) in, an Exchange out. Never raises."""

    def __call__(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> Exchange: ...


@dataclass
class AgentResult:
    messages: list[dict[str, Any]]  # the whole conversation, tool results included
    tool_trace: list[dict[str, Any]] = field(default_factory=list)  # {turn, name, arguments, result, error}
    final: Reply | None = None  # the last reply, when it made no tool call
    replies: list[Reply] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    exhausted: bool = False  # hit max_turns while the model still wanted tools
    failed: Exchange | None = None  # a turn whose request failed (serving problem or timeout)


def history_message(reply: Reply) -> dict[str, Any]:
    """The assistant message to send back: as received, minus reasoning (not re-sent to the model)."""
    message = {k: v for k, v in reply.raw.items() if k not in REASONING_KEYS}
    message["role"] = "assistant"
    message.setdefault("content", reply.content)
    return message


def run_agent(
    model: ModelTurn,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]] | None,
    execute_tool: Callable[[ToolCall], str],
    max_turns: int = 15,
) -> AgentResult:
    result = AgentResult(messages=list(messages))
    for turn in range(max_turns):
        exchange = model(result.messages, tools)
        result.exchanges.append(exchange)
        if not exchange.ok:
            result.failed = exchange
            return result
        reply = Reply.from_completion(exchange.body)
        result.replies.append(reply)
        result.messages.append(history_message(reply))
        if not reply.tool_calls:
            result.final = reply
            return result
        for index, call in enumerate(reply.tool_calls):
            if call.error:
                output, error = f"error: {call.error}", call.error
            else:
                try:
                    output, error = execute_tool(call), None
                except Exception as exc:  # noqa: BLE001 - a tool failure is shown to the model, not raised
                    output, error = f"error: {type(exc).__name__}: {exc}", str(exc)
            result.tool_trace.append(
                {"turn": turn, "name": call.name, "arguments": call.arguments, "result": output[:4000], "error": error}
            )
            result.messages.append(
                {
                    "role": "tool",
                    "tool_call_id": call.id or f"call_{turn}_{index}",
                    "name": call.name,
                    "content": output,
                }
            )
    result.exhausted = True
    return result


def replay_model(entry: Any) -> ModelTurn:
    """A ModelTurn that answers with a pack entry's turns in order: for reference/negative tests."""
    turns = entry["turns"] if isinstance(entry, dict) and isinstance(entry.get("turns"), list) else [entry]
    state = {"k": 0}

    def turn(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> Exchange:
        message = turns[min(state["k"], len(turns) - 1)]
        state["k"] += 1
        if isinstance(message, str) or message is None:
            message = {"role": "assistant", "content": message}
        message = {"role": "assistant", **message}
        body = {
            "choices": [
                {"index": 0, "message": message, "finish_reason": "tool_calls" if message.get("tool_calls") else "stop"}
            ]
        }
        return Exchange(
            request={"messages": json.loads(json.dumps(messages)), "tools": tools},
            body=body,
            http_status=200,
            attempts=1,
        )

    return turn
