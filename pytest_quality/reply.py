"""A model reply normalised for grading: the answer channel, tool calls, reasoning.

Verifiers grade `content` only. Reasoning text (`reasoning_content`, `reasoning`, or a
`<think>` block left inside content) is kept apart so it is never graded by accident.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_THINK_BLOCK = re.compile(r"<think>(.*?)</think>", re.DOTALL)
_THINK_OPEN = re.compile(r"<think>(.*)\Z", re.DOTALL)  # unterminated: all of it is reasoning


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any] | None  # None when the arguments were not a JSON object
    arguments_raw: str
    error: str | None = None  # why `arguments` is None
    id: str | None = None

    @classmethod
    def from_openai(cls, raw: Any) -> "ToolCall":
        if not isinstance(raw, dict):
            return cls("", None, repr(raw), "tool call is not an object")
        fn: dict[str, Any] = raw["function"] if isinstance(raw.get("function"), dict) else raw
        name: str = fn["name"] if isinstance(fn.get("name"), str) else ""
        args = fn.get("arguments", "")
        call_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        if isinstance(args, dict):
            return cls(name, args, json.dumps(args, ensure_ascii=False), None, call_id)
        if args is None or args == "":
            return cls(name, {}, "", None, call_id)
        if not isinstance(args, str):
            return cls(name, None, repr(args), "arguments are neither a JSON string nor an object", call_id)
        try:
            parsed = json.loads(args)
        except (ValueError, RecursionError) as exc:
            return cls(name, None, args, f"invalid JSON arguments: {exc}", call_id)
        if not isinstance(parsed, dict):
            return cls(name, None, args, "arguments JSON is not an object", call_id)
        return cls(name, parsed, args, None, call_id)


@dataclass(frozen=True)
class Reply:
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    reasoning: str = ""
    finish_reason: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.content.strip() and not self.tool_calls

    @classmethod
    def from_message(cls, message: Any, finish_reason: str | None = None) -> "Reply":
        """Build from an OpenAI assistant message dict, or a bare string (taken as content)."""
        if message is None:
            return cls(finish_reason=finish_reason)
        if isinstance(message, str):
            message = {"role": "assistant", "content": message}
        if not isinstance(message, dict):
            return cls(content="", finish_reason=finish_reason, raw={"unparsed": repr(message)})
        content = message.get("content")
        if isinstance(content, list):  # content parts: keep the text parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        content = content if isinstance(content, str) else ""
        reasoning_parts = [
            v for k in ("reasoning_content", "reasoning") if isinstance(v := message.get(k), str) and v.strip()
        ]
        # A <think> block in content is reasoning the server failed to split off.
        reasoning_parts += [m.strip() for m in _THINK_BLOCK.findall(content)]
        content = _THINK_BLOCK.sub("", content)
        if (m := _THINK_OPEN.search(content)) is not None:
            reasoning_parts.append(m.group(1).strip())
            content = content[: m.start()]
        if "</think>" in content:  # template opened <think> in the prompt: text before the close is reasoning
            before, _, content = content.rpartition("</think>")
            reasoning_parts.append(before.strip())
        raw_calls = message.get("tool_calls") or []
        calls = tuple(ToolCall.from_openai(c) for c in raw_calls) if isinstance(raw_calls, list) else ()
        return cls(content.strip(), calls, "\n".join(reasoning_parts), finish_reason, message)

    @classmethod
    def from_completion(cls, body: Any) -> "Reply":
        """Build from a whole /v1/chat/completions response body (first choice)."""
        choice = body["choices"][0]
        return cls.from_message(choice.get("message"), choice.get("finish_reason"))
