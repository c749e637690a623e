"""What the checks share: the endpoint, the probe's view of the server, and the common requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pytest_quality.serving.http import Endpoint, Reply

# Small prompts and budgets: the suite must stay fast on a slow CPU server.
PLAIN = [{"role": "user", "content": "Name three primary colors, comma separated, nothing else."}]
PLAIN_MAX = 16
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
TIME_TOOL = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "Current local time in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
TOOL_ASK = [{"role": "user", "content": "What is the weather in Paris? Call the tool."}]
TOOL_MAX = 32


@dataclass
class Context:
    endpoint: Endpoint
    thinking_control: str = "enable_thinking"
    server_reasoning: bool | None = None  # the probe's reading of the chat template
    min_context: int = 8192
    needle_max_tokens: int = 1536
    model_ids: list[str] = field(default_factory=list)

    def ask(self, messages: list[dict[str, Any]], stream: bool = False, thinking: bool = False, **extra: Any) -> Reply:
        body: dict[str, Any] = {"messages": messages, "temperature": 0, **extra}
        if self.thinking_control == "reasoning_effort":
            body["chat_template_kwargs"] = {"reasoning_effort": "medium" if thinking else "none"}
        else:
            body["chat_template_kwargs"] = {"enable_thinking": thinking}
        return self.endpoint.stream(body) if stream else self.endpoint.chat(body)

    def shared(self, key: str, messages: list[dict[str, Any]], stream: bool = False, **extra: Any) -> Reply:
        """A request several checks judge, asked once per process."""
        return self.endpoint.memo(key, lambda: self.ask(messages, stream=stream, **extra))

    def plain(self, stream: bool = False) -> Reply:
        return self.shared(f"plain:{stream}", PLAIN, stream=stream, max_tokens=PLAIN_MAX)

    def tool_reply(self, stream: bool = False, choice: Any = "auto") -> Reply:
        return self.shared(
            f"tool:{stream}:{choice}",
            TOOL_ASK,
            stream=stream,
            tools=[WEATHER_TOOL],
            tool_choice=choice,
            max_tokens=TOOL_MAX,
        )

    def served_context(self) -> tuple[int | None, str]:
        """Tokens one request may use: llama.cpp /props n_ctx (per slot), else vLLM's max_model_len."""
        settings = self.endpoint.props().get("default_generation_settings") or {}
        if isinstance(settings.get("n_ctx"), int):
            return settings["n_ctx"], "/props n_ctx"
        models = self.endpoint.get_json("/v1/models") or {}
        for m in models.get("data") or []:
            if isinstance(m, dict) and isinstance(m.get("max_model_len"), int):
                return m["max_model_len"], "/v1/models max_model_len"
            if isinstance(m, dict) and isinstance((m.get("meta") or {}).get("n_ctx"), int):
                return m["meta"]["n_ctx"], "/v1/models meta.n_ctx"
        return None, "not advertised"

    def trained_context(self) -> int | None:
        models = self.endpoint.get_json("/v1/models") or {}
        for m in models.get("data") or []:
            if isinstance(m, dict) and isinstance((m.get("meta") or {}).get("n_ctx_train"), int):
                return m["meta"]["n_ctx_train"]
        return None
