"""The controller side of a run: records arrive from test reports (from every xdist worker), are
journalled as they come, counted for the progress line, and finished into the results document."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pytest_quality import compare, formats, scaleout, serving
from pytest_quality.finalise import Thinking, finalise
from pytest_quality.packs import Pack
from pytest_quality.plan import RunPlan
from pytest_quality.probe import ProbeResult
from pytest_quality.record import ScenarioRecord
from pytest_quality.results import Journal, PackInfo, RunResults, default_json_path, write_json
from pytest_quality.settings import Settings, UsageError
from pytest_quality.target import Target


class Aggregator:
    def __init__(self, plan: RunPlan):
        self.plan = plan
        self.started = datetime.now(timezone.utc)
        self.probe: ProbeResult | None = None  # the endpoint's probe, for the run meta
        self.target: Target | None = None
        self.results: RunResults | None = None
        self.journal: Journal | None = None
        self.json_path: Path | None = None
        self.final: dict[str, Any] | None = None
        self.done = 0
        self.expected = 0
        self.selection: list[str] | None = None  # node ids of this run, for --resume
        self.previous: compare.Side | None = None  # --previous-result, read up front so a bad file exits 2
        self.compare_kwargs: dict[str, Any] = {}  # --detect, --noise (compare_options.configure)
        self.fail_on_underpowered = False  # --fail-on-underpowered (exit_policy asks compare_options)
        self.sandbox_engines: dict[str, Any] | None = None  # --sandbox-host: what engines.configure found
        self.endpoint_pool: dict[str, Any] | None = None  # several --endpoint: the replicas (pool.check_replicas)
        if self.settings.previous_result:
            try:
                self.previous = compare.load_side(self.settings.previous_result)
            except ValueError as exc:
                raise UsageError(f"--previous-result: {exc}") from None

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @property
    def top_warnings(self) -> list[str]:
        return self.plan.top_warnings

    def set_target(self, probe: ProbeResult) -> Target:
        self.probe = probe
        self.target = Target.from_probe(self.settings, probe)
        self.top_warnings.extend(probe.warnings)
        return self.target

    def thinking_label(self, packs: list[Pack]) -> str:
        if self.settings.thinking is not None:
            return "on" if self.settings.thinking else "off"
        states = {p.default_thinking for p in packs}
        return "mixed" if len(states) > 1 else ("on" if states == {True} else "off")

    def run_meta(self, packs: list[Pack]) -> dict[str, Any]:
        s, probe = self.settings, self.probe
        target = self.target or Target.from_probe(s, None)
        return {
            "started_at": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endpoint": target.endpoint,
            "model": target.model,
            "mode": s.mode_label,
            "canonical": s.canonical,
            "non_canonical_reasons": s.non_canonical_reasons,
            "thinking_mode": s.thinking_mode,
            "thinking_label": self.thinking_label(packs),
            "sampling": {
                "source": "server" if s.sampling_from_server else "pack",
                "explicit": s.sampling,
                "server_defaults": (probe.server.get("defaults") if probe else None),
            },
            "repeat": s.repeat,
            "settings": s.to_json(),
            "selection": self.selection,
            "probe": {
                "decode_tps": target.measured_tps,
                "decode_tps_source": "--measured-tps"
                if s.measured_tps
                else (probe.decode_tps_source if probe else "not measured"),
                "thinking_control": probe.thinking_control if probe else None,
                "thinking_control_source": probe.thinking_control_source if probe else None,
                "server": probe.server if probe else {},
                "model_ids": probe.model_ids if probe else [],
                "decode_detail": probe.decode_detail if probe else {},
                "fingerprint": probe.fingerprint if probe else None,
            },
        }

    def begin(
        self, counts: dict[str, int], node_ids: list[str], sandbox_unavailable_reason: Callable[[str], str | None]
    ) -> None:
        """Once the selection is known: per-pack counts and node ids of what runs now (a resumed run
        adds what it inherits), the up-front sandbox warning, then the results and the journal."""
        resumed = self.plan.resumed
        if resumed is not None:  # a resumed run also holds the scenarios it inherits
            counts = resumed.add_counts(counts, self.plan.pack_ids)
            node_ids = [*(str(r.node_id) for r in resumed.inherited(self.plan.pack_ids)), *node_ids]
        packs = [self.plan.load(pid) for pid in self.plan.pack_ids if pid in counts]
        self.selection = node_ids  # recorded in the run meta so --resume runs exactly this selection
        self._warn_sandbox_skips(packs, sandbox_unavailable_reason)
        self.start_results(packs, counts)
        if resumed is not None:
            resumed.inject(self)

    def _warn_sandbox_skips(self, packs: list[Pack], unavailable: Callable[[str], str | None]) -> None:
        """Sandboxed packs without Docker are skipped, and the run says so up front: never silently."""
        skipped: dict[str, list[str]] = {}  # reason -> pack ids (packs may need different images)
        for p in packs:
            images = {formats.of(s).image(s) for s in p.scenarios if s.sandboxed} or {"sandbox"}
            reasons = [r for r in map(unavailable, sorted(images)) if r] if p.sandboxed else []
            if reasons:
                skipped.setdefault(reasons[0], []).append(p.pack_id)
        for reason, sandboxed in skipped.items():
            message = f"SANDBOXED PACKS SKIPPED ({', '.join(sandboxed)}): {reason}"
            self.top_warnings.insert(0, message)
            sys.stderr.write(f"[pytest-quality] {message}\n")

    def start_results(self, packs: list[Pack], selected_counts: dict[str, int]) -> None:
        meta = self.run_meta(packs)
        meta.update(scaleout.meta_fields(self, packs))  # run_fingerprint, --shard, --sandbox-host, endpoint pool
        self.results = RunResults(meta=meta)
        for pack in packs:
            self.results.packs[pack.pack_id] = PackInfo(
                pack.pack_id,
                pack.title,
                pack.version,
                self.settings.floors.get(pack.pack_id, pack.floor),
                selected_counts.get(pack.pack_id, 0),
                self.settings.thinking if self.settings.thinking is not None else pack.default_thinking,
            )
        self.json_path = (
            Path(self.settings.quality_json) if self.settings.quality_json else default_json_path(self.started)
        )
        self.journal = Journal(self.json_path, meta)
        self.expected = sum(selected_counts.values())

    def on_record(self, record: ScenarioRecord) -> None:
        if self.results is None:
            return
        self.results.add(record)
        if self.journal is not None:
            self.journal.append(record)
        self.done += 1
        if self.settings.progress:
            mark = "✓" if record.passed else ("-" if record.skipped else "✗")
            mode = "" if record.passed else f" {record.failure_mode or record.skip_status or ''}"
            latency = f" ({record.latency_s:.1f}s)" if isinstance(record.latency_s, (int, float)) else ""
            sys.stderr.write(f"[{self.done}/{self.expected}] {record.pack_id} {record.id} {mark}{mode}{latency}\n")
            sys.stderr.flush()

    def finish(self, interrupted: bool) -> dict[str, Any] | None:
        if self.results is None:
            return None
        self.results.interrupted = interrupted
        # pack_notes: e.g. "junk_control", benchlocal scenarios that pass "(no answer)"
        meta = {**self.results.meta, "top_warnings": self.top_warnings, **self.plan.pack_notes}
        thinking = Thinking(self.settings.thinking, self.probe.server_reasoning if self.probe else None)
        draft = finalise(
            meta,
            self.results.packs,
            self.results.records,
            interrupted=interrupted,
            warnings=self.top_warnings,
            thinking=thinking,
            previous=self.previous,
            compare_kwargs=self.compare_kwargs,
        )
        self.results.warnings = draft["warnings"]
        serving.finish(self, draft)  # the `serving` section and pack warnings, when the checks ran
        self.final = draft
        assert self.json_path is not None
        write_json(self.json_path, draft)
        return draft

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
