"""Reasoning separation: thinking goes to reasoning_content, the answer to content, nothing leaks."""

from __future__ import annotations

from pytest_quality.serving.checks._text import think_tags_in
from pytest_quality.serving.context import PLAIN, TOOL_ASK, WEATHER_TOOL
from pytest_quality.serving.registry import ALL_PACKS, THINKING_PACKS, bad, check, ok, skip

PARSER = (
    "the reasoning parser (llama.cpp: --reasoning-format deepseek, --jinja; vLLM/SGLang: --reasoning-parser <family>)"
)
THINK_BUDGET = 768
NOT_THINKING = "the chat template has no thinking mode (nothing to separate)"


@check("reasoning.no_tags_in_content", "no <think> tags in content", PARSER, ALL_PACKS)
def no_tags(ctx):
    replies = [ctx.plain(), ctx.plain(stream=True), ctx.tool_reply()]
    leaks = sorted({t for r in replies for t in think_tags_in(r.content)})
    if leaks:
        return bad(f"reasoning markup {leaks} in content with thinking off")
    return ok(f"none in {len(replies)} replies")


@check("reasoning.separated", "with thinking on, reasoning and answer arrive apart", PARSER, THINKING_PACKS)
def separated(ctx):
    if not ctx.server_reasoning:
        return skip(NOT_THINKING)
    reply = ctx.ask(PLAIN, thinking=True, max_tokens=THINK_BUDGET)
    if not reply.ok:
        return bad(f"thinking on: {reply.describe()}")
    tags = think_tags_in(reply.content)
    if tags:
        return bad(f"reasoning leaked into content ({tags}): {(reply.content or '')[:120]!r}")
    if not reply.reasoning:
        return bad("thinking on, but no reasoning_content and the answer shows none")
    if not (reply.content or "").strip() and reply.finish_reason == "stop":
        return bad("the reply stopped with all its text in the reasoning field: the parser swallowed the answer")
    return ok(f"{len(reply.reasoning)} chars of reasoning, answer {(reply.content or '')[:60]!r}")


@check(
    "reasoning.off",
    "with thinking off, no reasoning",
    "the thinking switch (chat_template_kwargs enable_thinking; llama.cpp --reasoning-budget 0 / --reasoning off)",
    THINKING_PACKS,
)
def off(ctx):
    if not ctx.server_reasoning:
        return skip(NOT_THINKING)
    reply = ctx.plain()
    if reply.reasoning:
        return bad(f"thinking off, yet {len(reply.reasoning)} chars of reasoning came back")
    return ok("no reasoning with thinking off")


@check(
    "reasoning.tool_after_reasoning",
    "a tool call after reasoning is not lost in the reasoning field",
    PARSER,
    THINKING_PACKS,
)
def tool_after(ctx):
    if not ctx.server_reasoning:
        return skip(NOT_THINKING)
    reply = ctx.ask(TOOL_ASK, thinking=True, tools=[WEATHER_TOOL], max_tokens=THINK_BUDGET)
    if not reply.ok:
        return bad(f"thinking on with tools: {reply.describe()}")
    if reply.tool_calls:
        return ok(f"{reply.tool_calls[0]['name']} after {len(reply.reasoning or '')} chars of reasoning")
    if reply.reasoning and ("get_weather" in reply.reasoning or "<tool_call>" in reply.reasoning):
        return bad("the tool call stayed inside the reasoning field")
    return bad(f"no tool call with thinking on: {reply.describe()}")
