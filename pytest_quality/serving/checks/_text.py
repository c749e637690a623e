"""Recognising what should not be in `content`: tool calls written as text, reasoning tags, special tokens."""

from __future__ import annotations

import json
import re

# End-of-turn, role and padding markers of the common chat-template families.
SPECIAL_TOKENS = (
    "<|im_end|>",
    "<|im_start|>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|endoftext|>",
    "<|end|>",
    "<|user|>",
    "<|assistant|>",
    "<end_of_turn>",
    "<start_of_turn>",
    "[INST]",
    "[/INST]",
    "</s>",
    "<s>",
    "<|return|>",
    "<|channel|>",
    "<|end_of_text|>",
)
THINK_TAGS = ("<think>", "</think>", "<thinking>", "</thinking>", "<|channel|>analysis")
# What templates wrap a tool call in (Hermes/Qwen, Mistral, Llama 3.x, Kimi, Qwen3-Coder): a call written
# with these in content is the template's own format, which the server's parser should have taken.
CALL_MARKERS = ("<tool_call>", "[TOOL_CALLS]", "<|python_tag|>", "<|tool_call_begin|>", "<function=")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def special_tokens_in(text: str | None) -> list[str]:
    return [t for t in SPECIAL_TOKENS if text and t in text]


def think_tags_in(text: str | None) -> list[str]:
    return [t for t in THINK_TAGS if text and t in text]


def call_markers_in(text: str | None) -> list[str]:
    return [m for m in CALL_MARKERS if text and m in text]


def text_tool_call(content: str | None) -> str | None:
    """The tool call a reply wrote into `content` instead of `tool_calls`, or None."""
    if not content:
        return None
    if call_markers_in(content):
        return content.strip()[:160]
    text = _FENCE.sub("", content.strip())
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data if isinstance(data, list) else [data]
    if items and all(isinstance(i, dict) and "name" in i and ("arguments" in i or "parameters" in i) for i in items):
        return text[:160]
    return None


def json_args(raw: str | None) -> dict | None:
    try:
        data = json.loads(raw or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
