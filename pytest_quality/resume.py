"""`--resume PATH`: finish an interrupted run from its journal or results file.

The saved run's settings come back (selection, sampling, thinking, timeouts, model); flags that
contradict them are a usage error, because a merged result from two different configurations
would be meaningless. Scenarios already graded are deselected and their stored records injected,
so the merged JSON is what an uninterrupted run would have written. Serving errors
(server_error, http_error, ...) are not verdicts and run again.

`read_saved` is also the one reader of saved files for `inspect`, `rescore` and `html`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_quality.record import ScenarioRecord
from pytest_quality.settings import DATASET_PATHS, SAMPLING_FLAGS, Settings, UsageError
from pytest_quality.verdict import SERVING_MODES

JOURNAL_SUFFIX = ".partial.jsonl"


@dataclass
class Saved:
    """A saved run: its run-level fields and its scenario records, whichever file they came from."""

    path: Path
    meta: dict[str, Any]
    records: list[dict[str, Any]]
    data: dict[str, Any] | None = None  # the whole results JSON (None for a journal)

    @property
    def is_journal(self) -> bool:
        return self.data is None

    @property
    def results_path(self) -> Path:
        """Where this run's results JSON lives (the journal sits next to it)."""
        name = self.path.name
        return self.path.with_name(name[: -len(JOURNAL_SUFFIX)]) if name.endswith(JOURNAL_SUFFIX) else self.path


def read_saved(path: str | Path) -> Saved:
    """Read a results JSON or a `.partial.jsonl` journal. Raises ValueError with a readable reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("packs"), list):
        records = [
            dict(r, pack_id=r.get("pack_id", p.get("pack_id")))
            for p in data["packs"]
            for r in p.get("scenarios") or []
            if isinstance(r, dict)
        ]
        meta = {k: v for k, v in data.items() if k != "packs"}
        return Saved(path, meta, records, data)
    return _read_journal(path, text)


def _read_journal(path: Path, text: str) -> Saved:
    """The last run segment of a journal: its run line and the scenario lines after it.

    A journal can hold several runs written to the same results path; a resumed run
    re-journals the records it inherits, so its segment alone is complete. A line cut
    short by a crash is skipped. A record journalled twice keeps its last copy.
    """
    meta: dict[str, Any] | None = None
    by_node: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict):
            continue
        if obj.get("kind") == "run" and isinstance(obj.get("run"), dict):
            meta, by_node = obj["run"], {}
        elif obj.get("kind") == "scenario" and isinstance(obj.get("scenario"), dict) and meta is not None:
            record = obj["scenario"]
            by_node[str(record.get("node_id") or (record.get("pack_id"), record.get("id")))] = record
    if meta is None:
        raise ValueError(f"{path} is neither a pytest-quality results JSON nor a journal")
    return Saved(path, meta, list(by_node.values()))


def is_done(record: ScenarioRecord) -> bool:
    """A record that stands as a verdict. Serving errors are not verdicts: they run again."""
    return record.failure_mode not in SERVING_MODES and not record.skipped


# --- settings ---------------------------------------------------------------------------------

# Settings field -> the flag a user would have typed to set it.
_GUARDED = {
    "mode": "--quality",
    "packs": "--pack",
    "repeat": "--repeat",
    "no_sandboxed": "--no-sandboxed",
    "sandboxed_only": "--sandboxed-only",
    "sampling_from_server": "--sampling-from-server",
    "thinking": "--enable-thinking/--no-thinking",
    "thinking_max_tokens": "--thinking-max-tokens",
    "model": "--model",
    "pack_seed": "--pack-seed",
}
_RESTORED_QUIETLY = (
    "thinking_max_tokens_explicit",
    "timeout_per_case",
    "measured_tps",
    "reference_tps",
    "retry_on_timeout",
)


def restore_settings(s: Settings) -> None:
    """Bring back the saved run's settings into `s`; a contradicting flag is a UsageError naming it."""
    try:
        saved = read_saved(s.resume)  # type: ignore[arg-type]
    except ValueError as exc:
        raise UsageError(f"--resume: {exc}") from None
    old = saved.meta.get("settings")
    if not isinstance(old, dict):
        raise UsageError(f"--resume: {saved.path} has no saved settings to restore")
    old = dict(old)
    if saved.meta.get("model") and not old.get("model"):
        old["model"] = saved.meta["model"]  # the model the probe chose: the resumed run must use it too
    default = Settings()
    conflicts = []
    for name, flag in _GUARDED.items():
        given, before = getattr(s, name), old.get(name, getattr(default, name))
        if given != getattr(default, name) and given != before:
            if name == "thinking":
                flag = "--enable-thinking" if given else "--no-thinking"
                given, before = "given", {True: "on", False: "off", None: "pack defaults"}.get(before, before)
            conflicts.append(f"{flag} ({given!r}, saved run: {before!r})")
    old_sampling = old.get("sampling") or {}
    for key, value in s.sampling.items():
        if old_sampling.get(key) != value:
            flag = "--" + next(k for k, v in SAMPLING_FLAGS.items() if v == key).replace("_", "-")
            conflicts.append(f"{flag} ({value!r}, saved run: {old_sampling.get(key)!r})")
    if conflicts:
        raise UsageError(
            "--resume restores the saved run's settings; these flags contradict them: " + "; ".join(conflicts)
        )
    for name in (*_GUARDED, *_RESTORED_QUIETLY):
        if name in old:
            setattr(s, name, old[name])
    s.sampling = dict(old_sampling)
    s.pack_paths = list(dict.fromkeys([*(old.get("pack_paths") or []), *s.pack_paths]))
    if s.measured_tps is None:  # same timeouts as the first part: reuse its measured speed
        tps = (saved.meta.get("probe") or {}).get("decode_tps")
        s.measured_tps = float(tps) if isinstance(tps, (int, float)) and tps > 0 else None
    for dataset in DATASET_PATHS:  # re-given (the file moved), else the saved one
        if not getattr(s, dataset):
            setattr(s, dataset, old.get(dataset))
    if not s.endpoint:  # the endpoint may be re-given (the server moved); else the saved one
        s.endpoint = old.get("endpoint") or saved.meta.get("endpoint")
    if not s.quality_json:
        s.quality_json = str(saved.results_path)


# --- the resumed run ----------------------------------------------------------------------------


@dataclass
class ResumeState:
    saved: Saved
    done: dict[str, ScenarioRecord] = field(default_factory=dict)  # node_id -> record
    selection: set[str] | None = None  # node ids the saved run had selected, when it recorded them

    @classmethod
    def load(cls, path: str) -> "ResumeState":
        saved = read_saved(path)
        records = map(ScenarioRecord.from_dict, saved.records)
        done = {r.node_id: r for r in records if r.node_id and is_done(r)}
        selection = saved.meta.get("selection")
        return cls(saved, done, set(selection) if isinstance(selection, list) else None)

    def deselect(self, config: Any, items: list[Any]) -> None:
        """Drop the items already graded, and those the saved run had not selected."""
        keep, drop = [], []
        for item in items:
            node_id = getattr(item, "nodeid", "")
            is_scenario = ".jsonl::" in node_id
            if is_scenario and (node_id in self.done or (self.selection is not None and node_id not in self.selection)):
                drop.append(item)
            else:
                keep.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep

    def inherited(self, pack_ids: list[str]) -> list[ScenarioRecord]:
        return [r for r in self.done.values() if r.pack_id in pack_ids]

    def add_counts(self, counts: dict[str, int], pack_ids: list[str]) -> dict[str, int]:
        """Per-pack selected counts: what runs now plus what is inherited."""
        merged = dict(counts)
        for record in self.inherited(pack_ids):
            merged[record.pack_id] = merged.get(record.pack_id, 0) + 1
        return {pid: merged[pid] for pid in pack_ids if merged.get(pid)}

    def inject(self, run: Any) -> None:
        """After start_results: add the inherited records (journalled too, so the new journal is whole)."""
        if run.results is None:
            return
        records = self.inherited(list(run.results.packs))
        for record in records:
            run.results.add(record)
            if run.journal is not None:
                run.journal.append(record)
        run.done += len(records)
        run.results.meta["resumed"] = {"from": str(self.saved.path), "inherited": len(records)}
        self._warn_on_drift(run)
        if run.settings.progress:
            import sys

            left = run.expected - len(records)
            sys.stderr.write(
                f"[pytest-quality] resuming {self.saved.path}: {len(records)} scenario(s) kept, {left} to run\n"
            )

    def _warn_on_drift(self, run: Any) -> None:
        old_fp = (self.saved.meta.get("probe") or {}).get("fingerprint")
        new_fp = run.probe.fingerprint if run.probe else None
        if old_fp and new_fp and old_fp != new_fp:
            run.top_warnings.append(
                f"resumed against a different server (fingerprint {old_fp} -> {new_fp}): "
                "model, build or chat template changed since the first part"
            )
        old_versions = {p.get("pack_id"): p.get("version") for p in (self.saved.data or {}).get("packs", [])}
        for pack_id, info in run.results.packs.items():
            before = old_versions.get(pack_id)
            if before and before != info.version:
                run.top_warnings.append(
                    f"{pack_id}: pack version changed since the first part ({before} -> {info.version})"
                )
