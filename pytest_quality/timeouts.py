"""Per-scenario time budget (docs/INTERFACE.md describes it for users).

`--timeout-per-case` wins; else base * max(1, reference_tps / measured_tps)
* max(1, effective_max_tokens / timeout_baseline_tokens). The budget is a safety ceiling,
deliberately generous, and recorded per scenario in the JSON.
"""

from __future__ import annotations

from typing import Any

from pytest_quality.scenario import Pack, Scenario
from pytest_quality.settings import Settings

FALLBACK_BASE_S = 60.0
FALLBACK_BASELINE_TOKENS = 1024


def scenario_timeout(
    pack: Pack, scenario: Scenario, settings: Settings, request: dict[str, Any], measured_tps: float | None
) -> tuple[float, dict[str, Any]]:
    """(seconds, how it was computed)."""
    if settings.timeout_per_case:
        return settings.timeout_per_case, {"source": "--timeout-per-case"}
    meta = pack.meta
    base = scenario.max_seconds or positive(meta.get("default_max_seconds")) or FALLBACK_BASE_S
    reference_tps = settings.reference_tps or positive(meta.get("timeout_reference_tps"))
    # The tokens actually requested (after overrides and the thinking budget), not a meta default.
    max_tokens = positive(request.get("max_tokens")) or positive(pack.sampling_defaults.get("max_tokens"))
    baseline = positive(meta.get("timeout_baseline_tokens")) or FALLBACK_BASELINE_TOKENS
    seconds, speed, tokens = scaled(base, reference_tps, measured_tps, max_tokens, baseline)
    how = {
        "source": "scaled" if measured_tps else "pack default",
        "base_s": base,
        "speed_factor": round(speed, 3),
        "token_factor": round(tokens, 3),
        "measured_tps": measured_tps,
        "reference_tps": reference_tps,
    }
    return round(seconds, 1), how


def scaled(
    base: float, reference_tps: float | None, measured_tps: float | None, max_tokens: float | None, baseline: float
) -> tuple[float, float, float]:
    """(base x speed x tokens, speed, tokens): the formula every pack format scales its budget with."""
    speed = max(1.0, reference_tps / measured_tps) if reference_tps and measured_tps else 1.0
    tokens = max(1.0, max_tokens / baseline) if max_tokens else 1.0
    return base * speed * tokens, speed, tokens


def positive(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else None
