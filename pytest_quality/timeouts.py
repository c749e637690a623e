"""Per-scenario time budget (CONTRACT section 4).

`--timeout-per-case` wins; else base * max(1, reference_tps / measured_tps)
* max(1, effective_max_tokens / timeout_baseline_tokens). The budget is a safety ceiling,
deliberately generous, and recorded per scenario in the JSON.
"""

from __future__ import annotations

from typing import Any

from pytest_quality.packs import Pack, Scenario
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
    base = scenario.max_seconds or _positive(meta.get("default_max_seconds")) or FALLBACK_BASE_S
    reference_tps = settings.reference_tps or _positive(meta.get("timeout_reference_tps"))
    speed = 1.0
    if reference_tps and measured_tps:
        speed = max(1.0, reference_tps / measured_tps)
    # The tokens actually requested (after overrides and the thinking budget), not a meta default.
    max_tokens = _positive(request.get("max_tokens")) or _positive(pack.sampling_defaults.get("max_tokens"))
    baseline = _positive(meta.get("timeout_baseline_tokens")) or FALLBACK_BASELINE_TOKENS
    tokens = max(1.0, max_tokens / baseline) if max_tokens else 1.0
    seconds = round(base * speed * tokens, 1)
    how = {"source": "scaled" if measured_tps else "pack default", "base_s": base, "speed_factor": round(speed, 3),
           "token_factor": round(tokens, 3), "measured_tps": measured_tps, "reference_tps": reference_tps}
    return seconds, how


def _positive(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else None
