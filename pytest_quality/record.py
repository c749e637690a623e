"""One scenario's record: what was asked, what came back, the verdict and its cost.

Built by `execute.record` when a scenario is graded and carried to the results document. It crosses
process and file boundaries as the JSON object of `packs[].scenarios[]` (schemas/results.schema.json):
`to_dict` gives exactly that object, `from_dict` reads one back (from a results file, a journal, or an
xdist report), keeping keys this version does not know and leaving out keys the source did not have,
so a saved record survives a round trip unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from pytest_quality.verdict import Verdict

# Written only when they hold something: --stream timings, multi-turn exchanges, why a pack was skipped.
_OPTIONAL = ("stream", "turns", "skip_status")


@dataclass
class ScenarioRecord:
    pack_id: str
    id: str
    node_id: str | None = None
    order: int = 0
    repeat_index: int = 0
    passed: bool = False
    failure_mode: str | None = None
    detail: str = ""
    latency_s: float | None = None
    timeout_s: float | None = None
    timeout_detail: dict[str, Any] | None = None
    tokens: dict[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None
    thinking_expected: bool | None = None
    had_reasoning: bool = False
    request: dict[str, Any] | None = None
    response: Any = None
    http_status: int | None = None
    attempts: int = 0
    retries: list[Any] = field(default_factory=list)
    cached: bool = False
    verifier_trace: Any = None
    skipped: bool = False
    stream: dict[str, Any] | None = None
    turns: list[dict[str, Any]] | None = None
    skip_status: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # keys a newer or older writer added
    absent: tuple[str, ...] = ()  # known keys the source object did not have (an older file)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            name = f.name
            if name in ("extra", "absent") or name in self.absent:
                continue
            value = getattr(self, name)
            if name in _OPTIONAL and value is None:
                continue
            out[name] = value
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioRecord:
        known = {f.name for f in fields(cls)} - {"extra", "absent"}
        values = {k: v for k, v in data.items() if k in known}
        absent = tuple(k for k in sorted(known) if k not in data and k not in _OPTIONAL)
        extra = {k: v for k, v in data.items() if k not in known}
        values.setdefault("pack_id", "")
        values.setdefault("id", "")
        return cls(**values, extra=extra, absent=absent)

    def regraded(self, verdict: Verdict) -> None:
        """Take a new verdict (rescore): outcome, detail and the verifier's trace."""
        self.passed, self.failure_mode, self.detail = verdict.passed, verdict.failure_mode, verdict.detail
        self.verifier_trace = verdict.trace
        self.absent = tuple(k for k in self.absent if k not in ("passed", "failure_mode", "detail", "verifier_trace"))
