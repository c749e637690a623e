"""Template and special tokens: the model's own template is in use and its markers never reach content."""

from __future__ import annotations

import hashlib
import re

from pytest_quality.serving.checks._text import SPECIAL_TOKENS, special_tokens_in
from pytest_quality.serving.registry import ALL_PACKS, bad, check, ok, skip

TEMPLATE = (
    "the chat template (llama.cpp: --jinja with the GGUF's template, no --chat-template of another "
    "family; vLLM/SGLang: --chat-template)"
)
_INVENTED_TURN = re.compile(r"(^|\n)\s*(user|human|assistant|system)\s*[:\n]", re.IGNORECASE)
HISTORY = [
    {"role": "system", "content": "MARKER-SYS-7"},
    {"role": "user", "content": "MARKER-U1-7"},
    {"role": "assistant", "content": "MARKER-A1-7"},
    {"role": "user", "content": "MARKER-U2-7"},
]


@check("template.special_tokens", "no end-of-turn or role tokens in content", TEMPLATE, ALL_PACKS)
def special_tokens(ctx):
    replies = [ctx.plain(), ctx.plain(stream=True), ctx.tool_reply(choice="none")]
    found = sorted({t for r in replies for t in special_tokens_in(r.content)})
    if found:
        return bad(
            f"special tokens {found} in content (the template's markers are not the model's, or the "
            "server does not strip them)"
        )
    return ok(f"none in {len(replies)} replies")


@check("template.stops_at_turn_end", "the reply ends at the end of its turn", TEMPLATE, ALL_PACKS)
def stops(ctx):
    reply = ctx.plain()
    if not reply.ok:
        return bad(reply.describe())
    if _INVENTED_TURN.search(reply.content or ""):
        return bad(f"the reply runs on into an invented turn: {(reply.content or '')[:120]!r}")
    if reply.finish_reason != "stop":
        return bad(
            f"a three-word answer ended by {reply.finish_reason!r}, not 'stop': the end-of-turn token is "
            f"not stopping generation; content {(reply.content or '')[:120]!r}"
        )
    return ok(f"stopped after {(reply.usage or {}).get('completion_tokens', '?')} tokens")


@check(
    "template.chat_template", "the chat template is the model's and renders the history in order", TEMPLATE, ALL_PACKS
)
def chat_template(ctx):
    props = ctx.endpoint.props()
    template = props.get("chat_template")
    data = {}
    if isinstance(template, str):
        data = {
            "chat_template_sha256": hashlib.sha256(template.encode()).hexdigest(),
            "chat_template_chars": len(template),
        }
    rendered = ctx.endpoint.rendered_prompt(HISTORY)
    if rendered is None:
        if data:
            return ok(
                f"template sha256 {data['chat_template_sha256'][:12]} recorded (no /apply-template to render with)",
                **data,
            )
        return skip("the server exposes neither its chat template (/props) nor /apply-template")
    positions = [rendered.find(m["content"]) for m in HISTORY]
    if -1 in positions or positions != sorted(positions):
        missing = [m["role"] for m, p in zip(HISTORY, positions) if p == -1]
        return bad(
            f"the rendered prompt drops or reorders messages (missing: {missing or 'none'}; order "
            f"{positions}): {rendered[:160]!r}",
            **data,
        )
    markers = [t for t in SPECIAL_TOKENS if t in rendered]
    foreign = []
    for marker in markers:
        tokens = ctx.endpoint.tokenize(marker)
        if tokens is not None and len(tokens) > 1:
            foreign.append(f"{marker} ({len(tokens)} tokens)")
    if foreign:
        return bad(
            f"the template's markers are not special tokens of this model: {', '.join(foreign)}: "
            "a template of another family",
            **data,
        )
    eos = props.get("eos_token")
    if isinstance(eos, str) and eos and markers and eos not in rendered and "<|endoftext|>" != eos:
        return bad(f"the rendered turns never use the model's end-of-turn token {eos!r}", **data)
    sha = data.get("chat_template_sha256", "")[:12] or "not exposed"
    return ok(
        f"template sha256 {sha}; 4 messages rendered in order; markers {markers or 'none'} are single tokens", **data
    )
