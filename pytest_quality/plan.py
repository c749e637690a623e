"""What a quality run covers, the same in every process: settings, the packs selected and loaded, and the
notes their formats made (both xdist roles collect, so both hold a plan)."""

from __future__ import annotations

from typing import Any

from pytest_quality import formats
from pytest_quality import packs as packs_mod
from pytest_quality.generators import load_for_run
from pytest_quality.packs import Pack
from pytest_quality.settings import Settings, UsageError


class RunPlan:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.available = packs_mod.available_packs(settings.pack_paths)
        self.pack_ids = self._select_pack_ids()
        self._packs: dict[str, Pack] = {}
        self.top_warnings: list[str] = []
        self.pack_notes: dict[str, dict[str, Any]] = {}  # results-document entries the pack formats add
        self.resumed: Any = None  # resume.ResumeState with --resume: deselects what the saved run finished
        # Scale-out, the same in every process (set by scaleout.configure): --shard, an endpoint pool.
        self.shard: Any = None  # shard.ShardSpec
        self.selection_args: dict[str, Any] = {}  # -k/-m/--deselect: part of the run fingerprint
        self.pool_urls: list[str] | None = None  # several replicas: runner.client is a pool.PoolClient
        self.pool_concurrency = 4
        self.pool_offset: int | None = None  # this xdist worker's first replica
        self.allow_mixed_pool = False
        unknown_floors = sorted(set(settings.floors) - set(self.available))
        if unknown_floors:
            raise UsageError(f"--floor: unknown pack {', '.join(unknown_floors)}")
        if self.missing_mode_packs:
            self.top_warnings.append(
                f"{settings.mode_label} includes packs this version does not ship: {', '.join(self.missing_mode_packs)}"
            )

    def _select_pack_ids(self) -> list[str]:
        s = self.settings
        wanted = packs_mod.resolve_pack_ids(s.mode, s.packs)
        unknown = [p for p in wanted if p not in self.available]
        if unknown and s.packs:
            raise UsageError(
                f"--pack: unknown pack {', '.join(unknown)} (available: {', '.join(sorted(self.available))})"
            )
        self.missing_mode_packs = unknown  # a mode naming packs this version does not ship
        return [p for p in wanted if p in self.available]

    def load(self, pack_id: str) -> Pack:
        if pack_id not in self._packs:
            # Generated packs re-materialise for --pack-seed; dataset packs build from the user's copy.
            pack = load_for_run(self.available[pack_id], self.settings)
            self._packs[pack_id] = pack
            notes = formats.of(pack).on_loaded(pack)  # e.g. benchlocal's junk control
            for warning in notes.warnings:
                if warning not in self.top_warnings:
                    self.top_warnings.append(warning)
            for key, value in notes.document.items():
                self.pack_notes.setdefault(key, {})[pack.pack_id] = value
        return self._packs[pack_id]

    def keep_pack(self, pack: Pack) -> bool:
        if self.settings.no_sandboxed and pack.sandboxed:
            return False
        if self.settings.sandboxed_only and not pack.sandboxed:
            return False
        return True
