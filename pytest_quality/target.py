"""The target of a run: which server and model is graded, described once and shared read-only.

The controller resolves the endpoint and probes it (endpoint.py); every process running scenarios gets
the same `Target` (xdist workers as JSON through `workerinput`), so no worker probes again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pytest_quality.probe import ProbeResult
from pytest_quality.request import DEFAULT_CONTROL
from pytest_quality.settings import Settings


@dataclass(frozen=True)
class Target:
    endpoint: str | None  # base URL; None when nothing was probed (--collect-only)
    model: str | None  # the model id requests name (None: the server's only model)
    thinking_control: str  # how thinking is switched on and off (request.apply_thinking)
    measured_tps: float | None  # decode speed the time budgets scale by (--measured-tps wins)
    fingerprint: str  # server build, model and chat template: what a cache and a resume key on
    # What workers read of the probe besides: --concurrency sizes by the server's slots (prefetch.py), the
    # serving checks ask whether the template reasons and which models are served (serving/__init__.py).
    total_slots: int | None = None
    server_reasoning: bool | None = None
    model_ids: tuple[str, ...] = ()
    streams: bool | None = None  # the probe got an event stream: --stream's default (stream.resolve)

    @classmethod
    def from_probe(cls, settings: Settings, probe: ProbeResult | None) -> "Target":
        if probe is None:
            return cls(None, settings.model, DEFAULT_CONTROL, settings.measured_tps, "")
        slots = (probe.server or {}).get("total_slots")
        return cls(
            probe.base_url,
            probe.model,
            probe.thinking_control,
            settings.measured_tps or probe.decode_tps,
            probe.fingerprint,
            slots if isinstance(slots, int) and not isinstance(slots, bool) else None,
            probe.server_reasoning,
            tuple(probe.model_ids or ()),
            probe.streams,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Target":
        return cls(
            data.get("endpoint"),
            data.get("model"),
            str(data.get("thinking_control") or DEFAULT_CONTROL),
            data.get("measured_tps"),
            str(data.get("fingerprint") or ""),
            data.get("total_slots"),
            data.get("server_reasoning"),
            tuple(data.get("model_ids") or ()),
            data.get("streams"),
        )
