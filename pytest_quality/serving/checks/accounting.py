"""Accounting: token usage present and plausible, and the reply names the served model."""

from __future__ import annotations

from pytest_quality.serving.context import PLAIN, PLAIN_MAX
from pytest_quality.serving.registry import bad, check, ok


@check(
    "accounting.usage",
    "usage.prompt_tokens and completion_tokens are plausible",
    "usage accounting (a proxy that drops or invents usage; llama.cpp/vLLM report it natively)",
)
def usage(ctx):
    reply = ctx.plain()
    if not reply.ok:
        return bad(reply.describe())
    u = reply.usage or {}
    prompt, completion = u.get("prompt_tokens"), u.get("completion_tokens")
    if not isinstance(prompt, int) or not isinstance(completion, int):
        return bad(f"usage lacks integer prompt_tokens/completion_tokens: {reply.usage!r}")
    if not 1 <= completion <= PLAIN_MAX or prompt < 5:
        return bad(f"implausible usage prompt={prompt} completion={completion} for a {PLAIN_MAX}-token budget")
    rendered = ctx.endpoint.rendered_prompt(PLAIN)
    tokens = ctx.endpoint.tokenize(rendered) if rendered is not None else None
    if tokens is None:
        return ok(f"prompt={prompt} completion={completion} (no /tokenize to compare with)")
    if abs(len(tokens) - prompt) > max(3, len(tokens) // 20):
        return bad(
            f"usage.prompt_tokens={prompt} but the rendered prompt is {len(tokens)} tokens (/tokenize)",
            tokenized=len(tokens),
            prompt_tokens=prompt,
        )
    return ok(
        f"prompt={prompt} (tokenized rendered prompt: {len(tokens)}) completion={completion}",
        tokenized=len(tokens),
        prompt_tokens=prompt,
    )


@check(
    "accounting.model_id",
    "the reply's model id is one /v1/models lists",
    "the served model name (llama.cpp --alias; vLLM --served-model-name)",
)
def model_id(ctx):
    reply = ctx.plain()
    if not reply.ok:
        return bad(reply.describe())
    if not ctx.model_ids:
        return bad("GET /v1/models lists no model")
    if reply.model not in ctx.model_ids:
        return bad(f"the reply names model {reply.model!r}; /v1/models lists {ctx.model_ids}")
    return ok(f"{reply.model!r}")
