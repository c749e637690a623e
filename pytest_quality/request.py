"""Building a chat request for one scenario (the order is documented in docs/INTERFACE.md).

Each step overrides the last: pack `sampling_defaults`, thinking control, scenario
`sampling_overrides`, explicit CLI sampling, thinking budget. `--sampling-from-server`
then strips every sampler key so the server's own defaults apply. `merge` and `finish` are the
pieces every pack format builds its request from (formats/benchlocal.py adds its own layers).
"""

from __future__ import annotations

import copy
from typing import Any

from pytest_quality.scenario import Pack, Scenario
from pytest_quality.settings import Settings

SAMPLER_KEYS = frozenset(
    {
        "temperature",
        "top_p",
        "top_k",
        "min_p",
        "repeat_penalty",
        "repetition_penalty",
        "presence_penalty",
        "frequency_penalty",
        "typical_p",
        "seed",
        "mirostat",
        "mirostat_tau",
        "mirostat_eta",
        "dynatemp_range",
        "dynatemp_exponent",
        "tfs_z",
    }
)
# Keys that are request plumbing, never sampling: a pack may not smuggle these in.
_RESERVED = frozenset({"model", "messages", "stream", "tools"})

ENABLE_THINKING = "enable_thinking"
REASONING_EFFORT = "reasoning_effort"
DEFAULT_CONTROL = ENABLE_THINKING  # what most open-weight templates understand


def thinking_for(pack: Pack, settings: Settings) -> bool:
    return settings.thinking if settings.thinking is not None else pack.default_thinking


def apply_thinking(body: dict[str, Any], on: bool, control: str) -> None:
    kwargs = dict(body.get("chat_template_kwargs") or {})
    if control == REASONING_EFFORT:
        effort = "medium" if on else "none"
        body["reasoning_effort"] = effort
        kwargs["reasoning_effort"] = effort  # llama.cpp passes template kwargs, not the top-level key
    else:
        kwargs["enable_thinking"] = on
    body["chat_template_kwargs"] = kwargs


def merge(body: dict[str, Any], layer: Any) -> None:
    """Lay `layer` (a dict of request keys; anything else is ignored) over `body`; plumbing keys never."""
    for key, value in (layer or {}).items() if isinstance(layer, dict) else ():
        if key in _RESERVED:
            continue
        if key == "chat_template_kwargs" and isinstance(value, dict):
            body[key] = {**(body.get(key) or {}), **value}
        else:
            body[key] = copy.deepcopy(value)


def finish(
    body: dict[str, Any],
    scenario: Scenario,
    settings: Settings,
    model: str | None,
    messages: list[dict[str, Any]],
    thinking_budget: int | None,
) -> dict[str, Any]:
    """The last steps every format shares: the thinking budget as max_tokens, --sampling-from-server,
    then model, messages, tools and the layered body."""
    if thinking_budget is not None:
        body["max_tokens"] = thinking_budget
    if settings.sampling_from_server:
        for key in SAMPLER_KEYS:
            body.pop(key, None)
    request: dict[str, Any] = {"model": model} if model else {}
    request["messages"] = messages
    if scenario.tools:
        request["tools"] = copy.deepcopy(scenario.tools)
    request.update(body)
    request["stream"] = False
    return request


def build_request(
    pack: Pack, scenario: Scenario, settings: Settings, model: str | None, control: str = DEFAULT_CONTROL
) -> dict[str, Any]:
    thinking = thinking_for(pack, settings)
    body: dict[str, Any] = {}
    merge(body, pack.sampling_defaults)
    apply_thinking(body, thinking, control)
    merge(body, scenario.sampling_overrides)
    merge(body, settings.sampling)
    budget = None
    if thinking:
        budget = settings.thinking_max_tokens
        if not settings.thinking_max_tokens_explicit and isinstance(pack.meta.get("thinking_max_tokens"), int):
            budget = pack.meta["thinking_max_tokens"]  # the pack's own budget in a canonical run
    return finish(body, scenario, settings, model, copy.deepcopy(scenario.messages), budget)
