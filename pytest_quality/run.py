"""The state of one quality run in one process: settings, packs, probe, client, results.

The controller (the only process without xdist, or xdist's controller) probes, aggregates
records from test reports, writes the journal and JSON and prints the summary. Workers only
fetch and grade, using the probe result the controller hands them.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pytest_quality import compare
from pytest_quality import packs as packs_mod
from pytest_quality import pool, report, scaleout, serving, stats
from pytest_quality.client import ChatClient, retry_backoff_s
from pytest_quality.generators import load_for_run
from pytest_quality.packs import Pack
from pytest_quality.probe import ProbeResult
from pytest_quality.results import Journal, PackInfo, RunResults, default_json_path, write_json
from pytest_quality.settings import Settings, UsageError


def sandbox_image(scenario: Any) -> str:
    """The image recipe a sandboxed scenario runs in: its kind's module-level IMAGE ("sandbox" if none)."""
    if scenario.foreign:
        return "sandbox"
    try:
        from pytest_quality.sandbox.kinds import get_kind

        return str(getattr(get_kind(scenario.verifier_type), "IMAGE", "sandbox"))
    except (ImportError, KeyError):
        return "sandbox"


class QualityRun:
    def __init__(self, settings: Settings, is_controller: bool):
        self.settings = settings
        self.is_controller = is_controller
        self.started = datetime.now(timezone.utc)
        self.available = packs_mod.available_packs(settings.pack_paths)
        self.pack_ids = self._select_pack_ids()
        self._packs: dict[str, Pack] = {}
        self.probe: ProbeResult | None = None
        self.endpoint: str | None = None
        self._client: ChatClient | None = None
        self._client_lock = threading.Lock()
        self.results: RunResults | None = None
        self.journal: Journal | None = None
        self.json_path: Path | None = None
        self.final: dict[str, Any] | None = None
        self.reference_server: Any = None
        self.done = 0
        self.expected = 0
        self.top_warnings: list[str] = []
        self.resumed: Any = None  # resume.ResumeState with --resume
        self.selection: list[str] | None = None  # node ids of this run, for --resume
        unknown_floors = sorted(set(settings.floors) - set(self.available))
        if unknown_floors:
            raise UsageError(f"--floor: unknown pack {', '.join(unknown_floors)}")
        self.previous: compare.Side | None = None  # --previous-result, read up front so a bad file exits 2
        if is_controller and settings.previous_result:
            try:
                self.previous = compare.load_side(settings.previous_result)
            except ValueError as exc:
                raise UsageError(f"--previous-result: {exc}") from None
        if self.missing_mode_packs:
            self.top_warnings.append(f"{settings.mode_label} includes packs this version does not ship: "
                                     f"{', '.join(self.missing_mode_packs)}")

    # --- selection ------------------------------------------------------------------------

    def _select_pack_ids(self) -> list[str]:
        s = self.settings
        wanted = packs_mod.resolve_pack_ids(s.mode, s.packs)
        unknown = [p for p in wanted if p not in self.available]
        if unknown and s.packs:
            raise UsageError(f"--pack: unknown pack {', '.join(unknown)} (available: {', '.join(sorted(self.available))})")
        self.missing_mode_packs = unknown  # a mode naming packs this version does not ship
        return [p for p in wanted if p in self.available]

    def load(self, pack_id: str) -> Pack:
        if pack_id not in self._packs:
            # Generated packs re-materialise for --pack-seed; dataset packs build from the user's copy.
            pack = load_for_run(self.available[pack_id], self.settings)
            self._packs[pack_id] = pack
            if not pack.native:  # benchlocal's packs: the junk control (compat)
                from pytest_quality import compat

                compat.note_pack(self, pack)
        return self._packs[pack_id]

    def keep_pack(self, pack: Pack) -> bool:
        if self.settings.no_sandboxed and pack.sandboxed:
            return False
        if self.settings.sandboxed_only and not pack.sandboxed:
            return False
        return True

    def sandbox_unavailable_reason(self, image: str = "sandbox") -> str | None:
        """Why sandboxed scenarios needing image recipe `image` cannot run here, or None. Asked once per
        process and image."""
        reasons: dict[str, str | None] = self.__dict__.setdefault("_sandbox_reasons", {})
        if image not in reasons:
            try:
                from pytest_quality.sandbox.cleanup import docker_available
                from pytest_quality.sandbox.images import required_image
            except ImportError:
                reasons[image] = "the sandbox backend is not installed in this version"
            else:
                ok, reason = docker_available(required_image(image))
                reasons[image] = None if ok else reason
        return reasons[image]

    def sandbox_pool(self, image: str = "sandbox") -> Any:
        """This process's warm pool for an image recipe (one container per process and image: each xdist
        worker runs one scenario at a time)."""
        pools: dict[str, Any] = self.__dict__.setdefault("_pools", {})
        if image not in pools:
            from pytest_quality.sandbox import cleanup
            from pytest_quality.sandbox.images import required_image
            from pytest_quality.sandbox.pool import SandboxPool

            cleanup.install_handlers()
            if not pools:  # this process's first pool: clear what killed runs left behind, once
                cleanup.sweep_stopped()
            pools[image] = SandboxPool(size=1, image=required_image(image), session=cleanup.default_session())
        return pools[image]

    # --- endpoint --------------------------------------------------------------------------

    @property
    def client(self) -> ChatClient:
        with self._client_lock:
            if self._client is None:
                assert self.endpoint, "endpoint not resolved"
                def make(url: str) -> ChatClient:
                    return ChatClient(url, self.settings.api_key, retry_on_timeout=self.settings.retry_on_timeout,
                                      backoff_s=retry_backoff_s())

                self._client = pool.client_for(self, make) or make(self.endpoint)  # pool.py: several --endpoint
                if self.settings.cache:
                    from pytest_quality.cache import CachingClient

                    self._client = CachingClient(self._client, self.settings.cache,
                                                 self.probe.fingerprint if self.probe else "")
                if getattr(self, "stream", False):  # --stream: every request streamed and timed (stream.py)
                    from pytest_quality.stream import StreamingClient

                    self._client = StreamingClient(self._client)
            return self._client

    @property
    def measured_tps(self) -> float | None:
        if self.settings.measured_tps:
            return self.settings.measured_tps
        return self.probe.decode_tps if self.probe else None

    def close(self) -> None:
        for pool in self.__dict__.pop("_pools", {}).values():
            pool.close()
        if self._client is not None:
            self._client.close()
        if self.journal is not None:
            self.journal.close()
        if self.reference_server is not None:
            self.reference_server.stop()
            self.reference_server = None

    # --- controller: results -----------------------------------------------------------------

    def thinking_label(self, packs: list[Pack]) -> str:
        if self.settings.thinking is not None:
            return "on" if self.settings.thinking else "off"
        states = {p.default_thinking for p in packs}
        return "mixed" if len(states) > 1 else ("on" if states == {True} else "off")

    def run_meta(self, packs: list[Pack]) -> dict[str, Any]:
        s, probe = self.settings, self.probe
        return {
            "started_at": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endpoint": self.endpoint, "model": probe.model if probe else s.model,
            "mode": s.mode_label, "canonical": s.canonical, "non_canonical_reasons": s.non_canonical_reasons,
            "thinking_mode": s.thinking_mode, "thinking_label": self.thinking_label(packs),
            "sampling": {"source": "server" if s.sampling_from_server else "pack", "explicit": s.sampling,
                         "server_defaults": (probe.server.get("defaults") if probe else None)},
            "repeat": s.repeat, "settings": s.to_json(), "selection": self.selection,
            "probe": {"decode_tps": self.measured_tps,
                      "decode_tps_source": "--measured-tps" if s.measured_tps else
                      (probe.decode_tps_source if probe else "not measured"),
                      "thinking_control": probe.thinking_control if probe else None,
                      "thinking_control_source": probe.thinking_control_source if probe else None,
                      "server": probe.server if probe else {}, "model_ids": probe.model_ids if probe else [],
                      "decode_detail": probe.decode_detail if probe else {},
                      "fingerprint": probe.fingerprint if probe else None},
        }

    def start_results(self, packs: list[Pack], selected_counts: dict[str, int]) -> None:
        meta = self.run_meta(packs)
        meta.update(scaleout.meta_fields(self, packs))  # run_fingerprint, --shard, --sandbox-host
        self.results = RunResults(meta=meta)
        for pack in packs:
            self.results.packs[pack.pack_id] = PackInfo(
                pack.pack_id, pack.title, pack.version, self.settings.floors.get(pack.pack_id, pack.floor),
                selected_counts.get(pack.pack_id, 0),
                self.settings.thinking if self.settings.thinking is not None else pack.default_thinking)
        self.json_path = Path(self.settings.quality_json) if self.settings.quality_json else default_json_path(self.started)
        self.journal = Journal(self.json_path, meta)
        self.expected = sum(selected_counts.values())

    def on_record(self, record: dict[str, Any]) -> None:
        if self.results is None:
            return
        self.results.add(record)
        if self.journal is not None:
            self.journal.append(record)
        self.done += 1
        if self.settings.progress:
            mark = "✓" if record.get("passed") else ("-" if record.get("skipped") else "✗")
            mode = "" if record.get("passed") else f" {record.get('failure_mode') or record.get('skip_status') or ''}"
            latency = f" ({record['latency_s']:.1f}s)" if isinstance(record.get("latency_s"), (int, float)) else ""
            sys.stderr.write(f"[{self.done}/{self.expected}] {record['pack_id']} {record['id']} {mark}{mode}{latency}\n")
            sys.stderr.flush()

    def finish(self, interrupted: bool) -> dict[str, Any] | None:
        if self.results is None:
            return None
        self.results.interrupted = interrupted
        self.results.warnings = list(self.top_warnings) + self._thinking_warnings()
        draft = self.results.to_json(quality_line="")
        draft["quality_line"] = report.quality_line(draft, self.started.strftime("%Y-%m-%d"))
        draft["thinking_validity"] = self.thinking_validity
        draft["top_warnings"] = self.top_warnings
        if getattr(self, "junk_control", None):  # benchlocal packs: scenarios that pass "(no answer)"
            draft["junk_control"] = self.junk_control
        stats.annotate(draft)
        if self.previous is not None:
            draft["comparison"] = compare.compare(self.previous, compare.side_from_json(draft, "this run"),
                                                  **getattr(self, "compare_kwargs", {}))
        serving.finish(self, draft)  # the `serving` section and pack warnings, when the checks ran
        self.final = draft
        assert self.json_path is not None
        write_json(self.json_path, draft)
        return draft

    def _thinking_warnings(self) -> list[str]:
        self.thinking_validity: dict[str, Any] = {}
        warnings = []
        if self.probe and self.probe.server_reasoning and self.settings.thinking is None:
            warnings.append("the server's chat template can reason but thinking was not forced: each pack uses "
                            "its default_thinking (pass --enable-thinking or --no-thinking to force)")
        assert self.results is not None
        for info in self.results.packs.values():
            answered = [r for r in self.results.records if r["pack_id"] == info.pack_id and r.get("response")]
            if not answered:
                continue
            with_reasoning = sum(1 for r in answered if r.get("had_reasoning"))
            status = "ok"
            if info.thinking and with_reasoning == 0:
                status = "silent"
            elif not info.thinking and with_reasoning:
                status = "contaminated"
            self.thinking_validity[info.pack_id] = {"expected": "on" if info.thinking else "off",
                                                   "responses": len(answered), "with_reasoning": with_reasoning,
                                                   "status": status}
            if status == "silent":
                warnings.append(f"{info.pack_id}: thinking expected on but no reply carried reasoning (silent)")
            elif status == "contaminated":
                warnings.append(f"{info.pack_id}: thinking expected off but {with_reasoning}/{len(answered)} "
                                "replies carried reasoning (contaminated)")
        return warnings

