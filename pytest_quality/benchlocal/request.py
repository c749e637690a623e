"""Requests and time budgets for benchlocal-format scenarios, in benchlocal's order.

Request, each step overriding the ones before: meta `sampling_defaults`, thinking control, scenario
`sampling_overrides`, the thinking sampler (thinking on and not --sampling-from-server: the meta
`thinking_sampler` or their default), explicit CLI sampling, `max_tokens` = thinking budget when
thinking is on, then --sampling-from-server strips every sampler key. A scenario's
`benchmark_reference_date` (and `_day`) is appended to the system message.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from pytest_quality.request import apply_thinking, finish, merge, thinking_for
from pytest_quality.timeouts import FALLBACK_BASE_S, FALLBACK_BASELINE_TOKENS, positive, scaled

DEFAULT_THINKING_SAMPLER = {"temperature": 1.0, "top_p": 0.95, "top_k": 20, "min_p": 0}


def raw_pack_id(pack: Any) -> str:
    return str(pack.meta.get("pack_id") or pack.pack_id)


def messages_for(scenario: Any) -> list[dict[str, Any]]:
    """The scenario's messages, with "Benchmark reference date: D (Day)." appended to the system message."""
    messages = copy.deepcopy(scenario.messages)
    date = scenario.raw.get("benchmark_reference_date")
    if not isinstance(date, str) or not date.strip():
        return messages
    day = scenario.raw.get("benchmark_reference_day")
    if not isinstance(day, str) or not day.strip():
        try:
            day = dt.date.fromisoformat(date.strip()).strftime("%A")
        except ValueError:
            day = None
    note = f"Benchmark reference date: {date.strip()}" + (f" ({day.strip()})." if day else ".")
    system = next((m for m in messages if m.get("role") == "system" and isinstance(m.get("content"), str)), None)
    if system is None:
        messages.insert(0, {"role": "system", "content": note})
    else:
        system["content"] = f"{system['content'].rstrip()}\n\n{note}"
    return messages


def build_request(pack: Any, scenario: Any, settings: Any, model: str | None, control: str) -> dict[str, Any]:
    thinking = thinking_for(pack, settings)
    body: dict[str, Any] = {}
    merge(body, pack.meta.get("sampling_defaults"))
    apply_thinking(body, thinking, control)
    if thinking and raw_pack_id(pack) == "cli-40":  # their CLI-40 on arm also sends the Qwen/DashScope pair
        body.update(enable_thinking=True, thinking_budget=settings.thinking_max_tokens)
    merge(body, scenario.sampling_overrides)
    if thinking and not settings.sampling_from_server:
        sampler = pack.meta.get("thinking_sampler")
        merge(body, sampler if isinstance(sampler, dict) else DEFAULT_THINKING_SAMPLER)
    merge(body, settings.sampling)
    return finish(
        body, scenario, settings, model, messages_for(scenario), settings.thinking_max_tokens if thinking else None
    )


def scenario_timeout(
    pack: Any, scenario: Any, settings: Any, request: dict[str, Any], measured_tps: float | None
) -> tuple[float, dict[str, Any]]:
    """Their budget: base x speed x token multiplier, capped by the meta `timeout_ceiling_s`."""
    if settings.timeout_per_case:
        return settings.timeout_per_case, {"source": "--timeout-per-case"}
    meta = pack.meta
    defaults = meta.get("sampling_defaults") if isinstance(meta.get("sampling_defaults"), dict) else {}
    base = (
        positive(scenario.raw.get("max_seconds_override"))
        or positive(meta.get("timeout_per_case_default"))
        or positive(meta.get("default_max_seconds"))
        or FALLBACK_BASE_S
    )
    reference_tps = settings.reference_tps or positive(meta.get("timeout_reference_tps"))
    # Their multiplier uses the meta default, not the scenario's max_tokens override.
    effective = (
        settings.thinking_max_tokens
        if thinking_for(pack, settings)
        else positive(settings.sampling.get("max_tokens")) or positive(defaults.get("max_tokens"))
    )
    baseline = (
        positive(meta.get("timeout_baseline_tokens"))
        or positive(defaults.get("max_tokens"))
        or FALLBACK_BASELINE_TOKENS
    )
    seconds, speed, tokens = scaled(base, reference_tps, measured_tps, effective, baseline)
    ceiling = positive(meta.get("timeout_ceiling_s"))
    if ceiling:
        seconds = min(seconds, ceiling)
    how = {
        "source": "benchlocal formula" + (" (scaled)" if measured_tps else ""),
        "base_s": base,
        "speed_factor": round(speed, 3),
        "token_factor": round(tokens, 3),
        "ceiling_s": ceiling,
        "measured_tps": measured_tps,
        "reference_tps": reference_tps,
    }
    return round(seconds, 1), how
