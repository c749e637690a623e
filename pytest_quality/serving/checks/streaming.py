"""Streaming equivalence: a temperature-0 request streamed and not streamed must agree."""

from __future__ import annotations

from pytest_quality.serving.checks._text import json_args
from pytest_quality.serving.registry import ALL_PACKS, TOOL_PACKS, bad, check, ok, skip

PARSER = "the streaming tool-call parser (llama.cpp: --jinja, upgrade; vLLM/SGLang: --tool-call-parser)"


@check(
    "streaming.content",
    "streamed content equals non-streamed",
    "streaming path of the server (a proxy rewriting SSE, vLLM/SGLang detokenizer options)",
    ALL_PACKS,
)
def content(ctx):
    plain, streamed = ctx.plain(), ctx.plain(stream=True)
    if not plain.ok or not streamed.ok:
        return bad(f"non-streamed: {plain.describe()}; streamed: {streamed.describe()}")
    if (plain.content or "").strip() != (streamed.content or "").strip():
        return bad(f"content differs: non-streamed {plain.content!r} vs streamed {streamed.content!r}")
    if plain.finish_reason != streamed.finish_reason:
        return bad(f"finish_reason differs: {plain.finish_reason!r} vs streamed {streamed.finish_reason!r}")
    return ok(
        f"same content ({len(plain.content or '')} chars) and finish_reason {plain.finish_reason!r} "
        f"over {streamed.chunks} chunks"
    )


@check("streaming.tool_calls", "streamed tool-call deltas assemble to the same call", PARSER, TOOL_PACKS)
def tool_calls(ctx):
    plain, streamed = ctx.tool_reply(), ctx.tool_reply(stream=True)
    if not plain.ok or not streamed.ok:
        return bad(f"non-streamed: {plain.describe()}; streamed: {streamed.describe()}")
    if not plain.tool_calls:
        return skip("the non-streamed reply made no tool call to compare with (see tools.in_tool_calls)")
    if not streamed.tool_calls:
        return bad(
            f"the non-streamed reply calls {plain.tool_calls[0]['name']} but the stream has no tool "
            f"call deltas; streamed {streamed.describe()}"
        )
    a = [(c["name"], json_args(c["arguments"])) for c in plain.tool_calls]
    b = [(c["name"], json_args(c["arguments"])) for c in streamed.tool_calls]
    if any(args is None for _, args in b):
        return bad(f"streamed arguments do not assemble to JSON: {[c['arguments'] for c in streamed.tool_calls]}")
    if a != b:
        return bad(f"tool calls differ: non-streamed {a} vs streamed {b}")
    if plain.finish_reason != streamed.finish_reason:
        return bad(f"finish_reason differs: {plain.finish_reason!r} vs streamed {streamed.finish_reason!r}")
    return ok(
        f"same {len(a)} call(s) {a[0][0]}({a[0][1]}) over {streamed.chunks} chunks, "
        f"finish_reason {plain.finish_reason!r}"
    )


@check(
    "streaming.usage",
    "stream_options.include_usage reports usage",
    "stream_options support (vLLM --enable-force-include-usage; a proxy dropping the last chunk)",
)
def usage(ctx):
    streamed = ctx.plain(stream=True)
    if not streamed.ok:
        return bad(f"streamed: {streamed.describe()}")
    u = streamed.usage or {}
    if not isinstance(u.get("completion_tokens"), int) or not isinstance(u.get("prompt_tokens"), int):
        return bad(f"include_usage was asked but the stream carried no usage (got {streamed.usage!r})")
    return ok(f"usage prompt={u['prompt_tokens']} completion={u['completion_tokens']}")
