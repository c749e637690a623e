"""Tool-call plumbing: calls arrive in `tool_calls` with JSON arguments, and tool_choice is honoured."""

from __future__ import annotations

from typing import Any

from pytest_quality.serving.checks._text import call_markers_in, json_args, text_tool_call
from pytest_quality.serving.context import TIME_TOOL, TOOL_ASK, TOOL_MAX, WEATHER_TOOL
from pytest_quality.serving.registry import TOOL_PACKS, bad, check, model, ok, skip

TEMPLATE = (
    "the tool-call template and parser (llama.cpp: --jinja and the model's own template; "
    "vLLM/SGLang: --enable-auto-tool-choice --tool-call-parser <family>)"
)
CHOICE = "tool_choice support (llama.cpp: --jinja; vLLM: --tool-call-parser, guided decoding backend)"


def _judge_call(ctx, reply, messages, tools, choice: Any = "auto", want: str | None = None):
    """None when `reply` holds a proper call (of `want`, if given); else the Outcome saying whose fault it is.

    A call missing from `tool_calls` is the server's fault when it refused the tools, when its template
    never shows them to the model, or when the model wrote the call in the template's own format and the
    parser let it through as text. It is the model's doing when the rendered prompt shows the tools and the
    format the template asks for (e.g. <tool_call>...</tool_call>) and the model wrote something else, such
    as a bare JSON object, that no parser for that template is meant to take."""
    if not reply.ok:
        return bad(f"the request with tools failed: {reply.describe()}")
    if reply.tool_calls:
        call = reply.tool_calls[0]
        if want and call["name"] != want:
            return bad(f"called {call['name']!r}, not the named {want!r}")
        if json_args(call["arguments"]) is None:
            return bad(f"{call['name']} arguments are not a JSON object: {call['arguments']!r}")
        return None
    as_text = text_tool_call(reply.content)
    wrote = call_markers_in(reply.content)
    if wrote:
        return bad(
            f"the tool call arrived as text in content, in the template's own {wrote[0]} format: the "
            f"server's tool-call parser did not take it: {as_text!r}"
        )
    what = (
        f"the tool call arrived as text in content, not in tool_calls: {as_text!r}"
        if as_text
        else f"no tool call (finish_reason {reply.finish_reason!r}): {reply.describe()}"
    )
    rendered = ctx.endpoint.rendered_prompt(messages, tools=tools, tool_choice=choice)
    if rendered is None:
        return bad(
            f"{what} (the server shows no rendered prompt, so a missing parser cannot be told from a "
            "model that wrote another format)"
        )
    if not all(t["function"]["name"] in rendered for t in tools):
        return bad(f"{what}; the rendered prompt never shows the tools to the model: the template ignores them")
    asked = call_markers_in(rendered)
    if as_text and not asked:
        return bad(
            f"{what}; the template asks for no wrapper, so this is its own call format and the "
            "server's parser should have taken it"
        )
    unenforced = (
        ""
        if choice == "auto"
        else (
            f"; the server does not constrain decoding to a call for tool_choice {_label(choice)}, so the call "
            "rests on the model"
        )
    )
    data = {"rendered_tools": True, "template_call_markers": asked}
    if as_text:
        return model(
            f"the server rendered the tools and the template asks for {asked[0]} around each call, "
            f"but the model wrote a bare JSON call in content, which no parser for this template "
            f"takes{unenforced}: {as_text!r}",
            **data,
        )
    return model(
        f"the server rendered the tools into the prompt, but the model's reply holds no call in the "
        f"template's format{unenforced}: {reply.describe()}",
        **data,
    )


def _label(choice: Any) -> str:
    return f"named {choice['function']['name']!r}" if isinstance(choice, dict) else repr(choice)


@check("tools.in_tool_calls", "a tool call arrives in tool_calls with JSON arguments", TEMPLATE, TOOL_PACKS)
def in_tool_calls(ctx):
    reply = ctx.tool_reply()
    failed = _judge_call(ctx, reply, TOOL_ASK, [WEATHER_TOOL])
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
    failed = _judge_call(ctx, reply, TOOL_ASK, [WEATHER_TOOL], "required")
    return failed or ok(f"{reply.tool_calls[0]['name']}({reply.tool_calls[0]['arguments']})")


@check("tools.choice_named", "a named tool_choice calls that function", CHOICE, TOOL_PACKS)
def choice_named(ctx):
    named = {"type": "function", "function": {"name": "get_time"}}
    tools = [WEATHER_TOOL, TIME_TOOL]
    reply = ctx.ask(TOOL_ASK, tools=tools, tool_choice=named, max_tokens=TOOL_MAX)
    wrong = reply.ok and not (reply.tool_calls and reply.tool_calls[0]["name"] == "get_time")
    if wrong:
        auto = ctx.shared("tool:two:auto", TOOL_ASK, tools=tools, tool_choice="auto", max_tokens=TOOL_MAX)
        if auto.ok and (auto.content, auto.tool_calls) == (reply.content, reply.tool_calls):
            return skip(
                'this server ignores a named tool_choice: the reply is the one tool_choice "auto" gets '
                '(llama.cpp, for one, takes only "auto", "none" and "required" and falls back to "auto"), '
                f"so there is no enforcement to check; a pack naming a function rests on the model: "
                f"{reply.describe()}"
            )
    failed = _judge_call(ctx, reply, TOOL_ASK, tools, named, want="get_time")
    return failed or ok(f"called the named get_time({reply.tool_calls[0]['arguments']}) for a weather question")


@check(
    "tools.parallel",
    "parallel tool calls when the request allows them",
    "parallel tool calls (llama.cpp: --jinja with a template that supports them; vLLM: the parser)",
    TOOL_PACKS,
)
def parallel(ctx):
    caps = ctx.endpoint.props().get("chat_template_caps") or {}
    if caps.get("supports_parallel_tool_calls") is False:
        return skip("the server's chat template says it cannot make parallel tool calls")
    ask = [{"role": "user", "content": "What is the weather in Paris and in Tokyo? Call the tool for each city."}]
    reply = ctx.ask(ask, tools=[WEATHER_TOOL], parallel_tool_calls=True, max_tokens=TOOL_MAX + 16)
    failed = _judge_call(ctx, reply, ask, [WEATHER_TOOL])
    if failed:
        return failed
    if len(reply.tool_calls) < 2:
        return bad(f"one call where two were asked for: {reply.describe()}")
    return ok(", ".join(f"{c['name']}({c['arguments']})" for c in reply.tool_calls))


@check(
    "tools.result_round_trip",
    "a tool result message reaches the model",
    "the chat template's tool role (llama.cpp: --jinja; a template without tool messages)",
    TOOL_PACKS,
)
def result_round_trip(ctx):
    messages = [
        *TOOL_ASK,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"temperature_c": 17, "sky": "clear"}'},
    ]
    reply = ctx.ask(messages, tools=[WEATHER_TOOL], max_tokens=32)
    if not reply.ok:
        return bad(f"a conversation holding a tool result was refused: {reply.describe()}")
    if "17" not in (reply.content or ""):
        if reply.tool_calls:
            return bad(f"the model called {reply.tool_calls[0]['name']} again instead of using the result")
        return bad(f"the answer does not use the tool result (17 °C): {reply.describe()}")
    return ok(f"answered from the tool result: {(reply.content or '')[:80]!r}")
