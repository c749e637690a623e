"""Tool-call plumbing: calls arrive in `tool_calls` with JSON arguments, and tool_choice is honoured."""

from __future__ import annotations

from pytest_quality.serving.checks._text import json_args, text_tool_call
from pytest_quality.serving.context import TIME_TOOL, TOOL_ASK, TOOL_MAX, WEATHER_TOOL
from pytest_quality.serving.registry import TOOL_PACKS, bad, check, ok, skip

TEMPLATE = ("the tool-call template and parser (llama.cpp: --jinja and the model's own template; "
            "vLLM/SGLang: --enable-auto-tool-choice --tool-call-parser <family>)")
CHOICE = "tool_choice support (llama.cpp: --jinja; vLLM: --tool-call-parser, guided decoding backend)"


def _judge_call(reply, want: str | None = None):
    """None when `reply` holds a proper call (of `want`, if given); else the failing Outcome."""
    if not reply.ok:
        return bad(f"the request with tools failed: {reply.describe()}")
    if not reply.tool_calls:
        as_text = text_tool_call(reply.content)
        if as_text:
            return bad(f"the tool call arrived as text in content, not in tool_calls: {as_text!r}")
        return bad(f"no tool call (finish_reason {reply.finish_reason!r}): {reply.describe()}")
    call = reply.tool_calls[0]
    if want and call["name"] != want:
        return bad(f"called {call['name']!r}, not the named {want!r}")
    if json_args(call["arguments"]) is None:
        return bad(f"{call['name']} arguments are not a JSON object: {call['arguments']!r}")
    return None


@check("tools.in_tool_calls", "a tool call arrives in tool_calls with JSON arguments", TEMPLATE, TOOL_PACKS)
def in_tool_calls(ctx):
    reply = ctx.tool_reply()
    failed = _judge_call(reply)
    return failed or ok(f"{reply.tool_calls[0]['name']}({reply.tool_calls[0]['arguments']})")


@check("tools.choice_none", 'tool_choice "none" gives no tool call', CHOICE, TOOL_PACKS)
def choice_none(ctx):
    reply = ctx.tool_reply(choice="none")
    if not reply.ok:
        return bad(f"tool_choice none was refused: {reply.describe()}")
    if reply.tool_calls:
        return bad(f"tool_choice none, yet the reply calls {reply.tool_calls[0]['name']}")
    return ok(f"answered without a call: {(reply.content or '')[:60]!r}")


@check("tools.choice_required", 'tool_choice "required" forces a tool call', CHOICE, TOOL_PACKS)
def choice_required(ctx):
    reply = ctx.tool_reply(choice="required")
    failed = _judge_call(reply)
    return failed or ok(f"{reply.tool_calls[0]['name']}({reply.tool_calls[0]['arguments']})")


@check("tools.choice_named", "a named tool_choice calls that function", CHOICE, TOOL_PACKS)
def choice_named(ctx):
    named = {"type": "function", "function": {"name": "get_time"}}
    reply = ctx.ask(TOOL_ASK, tools=[WEATHER_TOOL, TIME_TOOL], tool_choice=named, max_tokens=TOOL_MAX)
    failed = _judge_call(reply, want="get_time")
    return failed or ok(f"called the named get_time({reply.tool_calls[0]['arguments']}) for a weather question")


@check("tools.parallel", "parallel tool calls when the request allows them",
       "parallel tool calls (llama.cpp: --jinja with a template that supports them; vLLM: the parser)", TOOL_PACKS)
def parallel(ctx):
    caps = ctx.endpoint.props().get("chat_template_caps") or {}
    if caps.get("supports_parallel_tool_calls") is False:
        return skip("the server's chat template says it cannot make parallel tool calls")
    ask = [{"role": "user", "content": "What is the weather in Paris and in Tokyo? Call the tool for each city."}]
    reply = ctx.ask(ask, tools=[WEATHER_TOOL], parallel_tool_calls=True, max_tokens=TOOL_MAX + 16)
    failed = _judge_call(reply)
    if failed:
        return failed
    if len(reply.tool_calls) < 2:
        return bad(f"one call where two were asked for: {reply.describe()}")
    return ok(", ".join(f"{c['name']}({c['arguments']})" for c in reply.tool_calls))


@check("tools.result_round_trip", "a tool result message reaches the model",
       "the chat template's tool role (llama.cpp: --jinja; a template without tool messages)", TOOL_PACKS)
def result_round_trip(ctx):
    messages = [*TOOL_ASK,
                {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": '{"temperature_c": 17, "sky": "clear"}'}]
    reply = ctx.ask(messages, tools=[WEATHER_TOOL], max_tokens=32)
    if not reply.ok:
        return bad(f"a conversation holding a tool result was refused: {reply.describe()}")
    if "17" not in (reply.content or ""):
        if reply.tool_calls:
            return bad(f"the model called {reply.tool_calls[0]['name']} again instead of using the result")
        return bad(f"the answer does not use the tool result (17 °C): {reply.describe()}")
    return ok(f"answered from the tool result: {(reply.content or '')[:80]!r}")
