"""A FakeServer that answers the serving checks' requests like a well-configured server, with switchable
misbehaviours (`ServingFake(misbehave={"tool_as_text"})`): each one reproduces a broken serving config.

A real socket server on 127.0.0.1 (it takes over FakeServer's request hook), with a toy tokenizer: a
word or punctuation mark is a token, and the markers of its own (ChatML) template are single tokens.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

from tests.support.fake_openai import FakeServer

MISBEHAVIOURS = {
    "tool_as_text": "tool calls written in content in the template's <tool_call> format (no tool parser)",
    "model_bare_json": "the model writes a bare JSON call although the template asks for <tool_call> (the "
    "server is fine: a model-behaviour verdict)",
    "template_ignores_tools": "the template never shows the tools to the model (and it writes bare JSON)",
    "no_tools": "tools refused with HTTP 500 (llama.cpp without --jinja, old builds)",
    "ignore_tool_choice": "tool_choice none/required/named ignored",
    "no_parallel": "one call where two were asked for",
    "stream_tool_args_lost": "a streamed tool-call argument delta goes missing",
    "stream_content_differs": "the stream's text differs from the non-streamed reply",
    "stream_no_usage": "stream_options.include_usage ignored",
    "reasoning_in_content": "thinking arrives as <think>...</think> inside content",
    "reasoning_when_off": "reasoning comes back with thinking off",
    "tool_in_reasoning": "with thinking on, the tool call stays inside the reasoning text",
    "leak_special": "an end-of-turn token leaks into content",
    "run_on": "the reply runs on into an invented user turn until max_tokens",
    "foreign_template": "a template of another family (llama3 markers on a ChatML model)",
    "drop_system": "the template drops the system message",
    "cap_max_tokens": "a server-side cap of 16 generated tokens",
    "default_n_predict": "requests without max_tokens cut at 12 tokens (llama.cpp -n 12)",
    "truncate_context": "an over-long prompt is truncated from the start instead of refused",
    "small_context": "the server offers a 2048-token context",
    "silent_small_context": "advertises its context but keeps only the last 1024 tokens of a prompt (Ollama num_ctx)",
    "nondeterministic": "every temperature-0 reply differs",
    "nondeterministic_concurrent": "temperature-0 replies differ when requests overlap",
    "ignore_seed": "a seeded sample is not repeatable",
    "wrong_usage": "usage.prompt_tokens far from the real prompt size",
    "wrong_model": "the reply names a model /v1/models does not list",
    "ignore_response_format": "response_format ignored: prose instead of JSON",
    "no_result_role": "a conversation with a tool result gets HTTP 500",
}
CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n"
)
THINKING_CHATML = "{% if enable_thinking %}<think>{% endif %}" + CHATML
OWN_SPECIALS = ("<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>")
_TOKEN = re.compile("|".join(re.escape(t) for t in OWN_SPECIALS) + r"|\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


class ServingFake(FakeServer):
    def __init__(self, misbehave: set[str] | frozenset[str] = frozenset(), thinking: bool = False, n_ctx: int = 8192):
        super().__init__()
        unknown = set(misbehave) - set(MISBEHAVIOURS)
        assert not unknown, f"unknown misbehaviours {unknown}"
        self.misbehave = set(misbehave)
        self.thinking = thinking
        self.n_ctx = 2048 if "small_context" in self.misbehave else n_ctx
        self.chat_template = THINKING_CHATML if thinking else CHATML
        self.fault = self._serve
        self._inflight = 0
        self._serial = itertools.count()

    # --- routes ---------------------------------------------------------------------------------

    def _serve(self, handler: Any, request: dict[str, Any]) -> bool:
        path = request["path"].rstrip("/")
        if request["method"] == "GET":
            if path == "/v1/models":
                handler._json(
                    200,
                    {
                        "object": "list",
                        "data": [{"id": self.model_id, "object": "model", "meta": {"n_ctx_train": 32768}}],
                    },
                )
            elif path == "/props":
                handler._json(
                    200,
                    {
                        "chat_template": self.chat_template,
                        "total_slots": 4,
                        "eos_token": "<|im_end|>",
                        "chat_template_caps": {"supports_parallel_tool_calls": True, "supports_tools": True},
                        "default_generation_settings": {"n_ctx": self.n_ctx, "params": {}},
                    },
                )
            else:
                return False
            return True
        if path == "/tokenize":
            handler._json(200, {"tokens": list(range(count_tokens(request.get("content") or "")))})
        elif path == "/apply-template":
            handler._json(200, {"prompt": self.render(request.get("messages") or [], request.get("tools"))})
        elif path.endswith("/chat/completions"):
            with self._lock:
                self._inflight += 1
            try:
                time.sleep(0.02)  # long enough for concurrent requests to overlap
                self._chat(handler, request)
            finally:
                with self._lock:
                    self._inflight -= 1
        else:
            return False
        return True

    def render(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> str:
        if tools and "template_ignores_tools" not in self.misbehave:  # as Qwen's template does it
            listing = "\n".join(json.dumps(t) for t in tools)
            messages = [
                {
                    "role": "system",
                    "content": f"<tools>\n{listing}\n</tools>\nCall a function like this:"
                    f'\n<tool_call>\n{{"name": ..., "arguments": ...}}\n</tool_call>',
                },
                *messages,
            ]
        if "drop_system" in self.misbehave:
            messages = [m for m in messages if m.get("role") != "system"]
        if "foreign_template" in self.misbehave:
            return (
                "".join(
                    f"<|start_header_id|>{m['role']}<|end_header_id|>\n\n{m.get('content') or ''}<|eot_id|>"
                    for m in messages
                )
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"
            )
        return (
            "".join(f"<|im_start|>{m['role']}\n{m.get('content') or ''}<|im_end|>\n" for m in messages)
            + "<|im_start|>assistant\n"
        )

    # --- the "model" ------------------------------------------------------------------------------

    def _chat(self, handler: Any, request: dict[str, Any]) -> None:
        bad = self.misbehave
        messages = request.get("messages") or []
        prompt_tokens = count_tokens(self.render(messages, request.get("tools")))
        if "silent_small_context" in bad:
            prompt_tokens = min(prompt_tokens, 1024)  # cut from the start, without a word
        if prompt_tokens > self.n_ctx and "truncate_context" not in bad:
            handler._json(
                400,
                {
                    "error": {
                        "code": 400,
                        "type": "exceed_context_size_error",
                        "message": f"request ({prompt_tokens} tokens) exceeds the available context "
                        f"size ({self.n_ctx} tokens)",
                    }
                },
            )
            return
        if request.get("tools") and "no_tools" in bad:
            handler._json(500, {"error": {"code": 500, "message": "tools param requires --jinja flag"}})
            return
        if any(m.get("role") == "tool" for m in messages) and "no_result_role" in bad:
            handler._json(500, {"error": {"code": 500, "message": "Conversation roles must alternate"}})
            return
        message, finish = self._answer(request, messages, prompt_tokens)
        completion = max(
            1,
            count_tokens(
                (message.get("content") or "")
                + (message.get("reasoning_content") or "")
                + (json.dumps(message["tool_calls"]) if message.get("tool_calls") else "")
            ),
        )
        usage = {
            "prompt_tokens": 3 if "wrong_usage" in bad else min(prompt_tokens, self.n_ctx),
            "completion_tokens": min(completion, int(request.get("max_tokens") or 10**6)),
            "total_tokens": 0,
        }
        model = "other-model" if "wrong_model" in bad else self.model_id
        if request.get("stream"):
            self._stream(handler, request, message, finish, usage, model)
        else:
            handler._json(
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "model": model,
                    "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}],
                    "usage": usage,
                },
            )

    def _answer(
        self, request: dict[str, Any], messages: list[dict[str, Any]], prompt_tokens: int
    ) -> tuple[dict[str, Any], str]:
        bad = self.misbehave
        last = str(messages[-1].get("content") or "") if messages else ""
        kwargs = request.get("chat_template_kwargs") or {}
        thinking = self.thinking and bool(kwargs.get("enable_thinking"))
        reasoning = (
            "The user wants a short answer. " if thinking or (self.thinking and "reasoning_when_off" in bad) else ""
        )
        limit = int(request.get("max_tokens") or 10**6)
        if "cap_max_tokens" in bad:
            limit = min(limit, 16)
        if "default_n_predict" in bad and request.get("max_tokens") is None:
            limit = 12
        calls = self._tool_calls(request, messages, last)
        if calls and thinking and "tool_in_reasoning" in bad:
            reasoning, calls = reasoning + "<tool_call>" + json.dumps(calls[0]["function"]) + "</tool_call>", []
        if calls and bad & {"tool_as_text", "model_bare_json", "template_ignores_tools"}:
            text = json.dumps(
                {"name": calls[0]["function"]["name"], "arguments": json.loads(calls[0]["function"]["arguments"])}
            )
            return {"content": f"<tool_call>\n{text}\n</tool_call>" if "tool_as_text" in bad else text}, "stop"
        if calls:
            return {
                "content": None,
                "tool_calls": calls,
                **({"reasoning_content": reasoning} if reasoning else {}),
            }, "tool_calls"
        text, finish = self._text(request, messages, last, prompt_tokens, limit)
        if self.thinking and "reasoning_in_content" in bad:  # thinking off: the empty block leaks too
            return {"content": f"<think>{reasoning}</think>{text}"}, finish
        return {"content": text, **({"reasoning_content": reasoning} if reasoning else {})}, finish

    def _tool_calls(self, request: dict[str, Any], messages: list[dict[str, Any]], last: str) -> list[dict[str, Any]]:
        tools = [t["function"]["name"] for t in request.get("tools") or []]
        choice = request.get("tool_choice", "auto")
        if "ignore_tool_choice" in self.misbehave:
            choice = "auto"
        if not tools or choice == "none" or messages[-1].get("role") == "tool":
            return []
        name = choice["function"]["name"] if isinstance(choice, dict) else tools[0]
        cities = re.findall(r"Paris|Tokyo", last)
        if not request.get("parallel_tool_calls") or "no_parallel" in self.misbehave:
            cities = cities[:1]
        return [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps({"city": city})}}
            for n, city in enumerate(cities or ["Paris"])
        ]

    def _text(
        self, request: dict[str, Any], messages: list[dict[str, Any]], last: str, prompt_tokens: int, limit: int
    ) -> tuple[str, str]:
        bad = self.misbehave
        if messages and messages[-1].get("role") == "tool":
            return "It is 17 °C and clear in Paris.", "stop"
        if request.get("response_format", {}).get("type") in ("json_object", "json_schema"):
            if "ignore_response_format" not in bad:
                return '{"name": "Ann", "age": 30}', "stop"
            return "Ann is 30 years old.", "stop"
        code = re.search(r"Remember this code: (\d+)", last)
        if code:  # the needle: lost when the server kept only the end of an over-long prompt
            lost = prompt_tokens > self.n_ctx or "silent_small_context" in bad and count_tokens(last) > 1024
            return ("I do not know." if lost else code.group(1)), "stop"
        if "Count from 1" in last:
            numbers = [str(i) for i in range(1, 501 if "500" in last else 21)]
            return " ".join(numbers[:limit]), "length" if limit < len(numbers) else "stop"
        if "lighthouse" in last:
            text = "A lighthouse keeps watch over the rocky shore."
            n = next(self._serial)
            varied = (
                "nondeterministic" in bad
                or ("nondeterministic_concurrent" in bad and self._inflight > 1)
                or ("ignore_seed" in bad and request.get("temperature", 0) > 0)
            )
            return (f"{text} ({n})" if varied else text), "stop"
        text = "Red, yellow, blue."
        if "leak_special" in bad:
            text += "<|im_end|>"
        if "run_on" in bad:
            return (text + "\nuser\nAnd now name three more colors please and thank you")[: 4 * limit], "length"
        return text, "stop"

    # --- streaming --------------------------------------------------------------------------------

    def _stream(
        self,
        handler: Any,
        request: dict[str, Any],
        message: dict[str, Any],
        finish: str,
        usage: dict[str, Any],
        model: str,
    ) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()

        def send(delta: dict[str, Any] | None, finish_reason: str | None = None, **extra: Any) -> None:
            choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish_reason}]
            event = {"object": "chat.completion.chunk", "model": model, "choices": choices, **extra}
            handler.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            handler.wfile.flush()

        send({"role": "assistant", "content": None})
        for piece in _pieces(message.get("reasoning_content") or "", 5):
            send({"reasoning_content": piece})
        content = message.get("content") or ""
        if "stream_content_differs" in self.misbehave:
            content = content.lower()
        for piece in _pieces(content, 3):
            send({"content": piece})
        for index, call in enumerate(message.get("tool_calls") or []):
            send(
                {
                    "tool_calls": [
                        {
                            "index": index,
                            "id": call["id"],
                            "type": "function",
                            "function": {"name": call["function"]["name"], "arguments": ""},
                        }
                    ]
                }
            )
            # Awkward split points: inside the key, right after an escape-free quote, mid-value.
            pieces = _pieces(call["function"]["arguments"], 2)
            if "stream_tool_args_lost" in self.misbehave:
                pieces = pieces[:1] + pieces[2:]
            for piece in pieces:
                send({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
        send({}, finish)
        options = request.get("stream_options") or {}
        if options.get("include_usage") and "stream_no_usage" not in self.misbehave:
            send(None, usage=usage)
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.close_connection = True


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
