"""`--shard I/N`: run the I-th of N disjoint parts of the selected scenarios, and the run fingerprint.

A scenario run belongs to shard 1 + (sha256(pack, scenario id, repeat index) mod N). The hash is
sha256, not Python's per-process salted hash(), so N copies started by any scheduler (a CI matrix, a
Kubernetes Indexed Job, a SLURM array) agree on the split with nothing shared between them.

Every results file carries `run_fingerprint`: what must be equal for two files to be parts of one
run (tool version, packs with their versions and content hashes, mode and selection, sampling and
thinking settings, model id, the probe's server fingerprint). `pytest-quality merge` compares it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pytest

from pytest_quality import __version__
from pytest_quality.packs import PackError
from pytest_quality.settings import UsageError


@dataclass(frozen=True)
class ShardSpec:
    index: int  # 1-based
    count: int

    @property
    def label(self) -> str:
        return f"{self.index}/{self.count}"

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "count": self.count, "spec": self.label}


def parse(text: str | None) -> ShardSpec | None:
    if text is None or text == "":
        return None
    index, sep, count = str(text).partition("/")
    try:
        spec = ShardSpec(int(index), int(count))
    except ValueError:
        spec = None
    if not sep or spec is None or spec.count < 1 or not 1 <= spec.index <= spec.count:
        raise UsageError(
            f"--shard: {text!r} must be I/N with 1 <= I <= N (e.g. --shard 2/4; a 0-based "
            "index such as Kubernetes' JOB_COMPLETION_INDEX needs +1)"
        )
    return spec


def add_options(group: Any) -> None:
    group.addoption(
        "--shard",
        metavar="I/N",
        help="run only the I-th of N disjoint parts of the selected "
        "scenarios (1-based; merge the parts with `pytest-quality merge`)",
    )


def shard_of(pack_id: str, scenario_id: str, repeat_index: int, count: int) -> int:
    """The 1-based shard a scenario run belongs to; the same on every machine and Python."""
    key = json.dumps([pack_id, scenario_id, int(repeat_index)]).encode()
    return 1 + int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count


class ShardPlugin:
    """Deselects the other shards' items. trylast: after -k/-m and --resume have deselected theirs,
    so every shard sees the same selection and the parts are exactly that selection, split."""

    def __init__(self, spec: ShardSpec):
        self.spec = spec

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        keep: list[pytest.Item] = []
        drop: list[pytest.Item] = []
        for item in items:
            scenario = getattr(item, "scenario", None)
            if scenario is None:
                keep.append(item)
                continue
            pack: Any = getattr(item, "pack", None)  # a ScenarioItem
            repeat = getattr(item, "repeat_index", 0)
            mine = shard_of(pack.pack_id, scenario.id, repeat, self.spec.count) == self.spec.index
            (keep if mine else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep


def configure(config: pytest.Config, plan: Any, is_controller: bool) -> None:
    """From pytest_configure: parse --shard, check it against a resumed run, register the deselection."""
    try:
        spec = parse(config.getoption("shard", None))
    except UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)
    saved_run = getattr(plan.resumed, "saved", None)
    resumed_meta = saved_run.meta if saved_run is not None else {}
    saved = (resumed_meta.get("shard") or {}).get("spec")
    if saved_run is not None and is_controller and saved != (spec.label if spec else None):
        pytest.exit(
            f"usage error: --resume: the saved run was {'shard ' + saved if saved else 'not sharded'}; "
            f"pass {'--shard ' + saved if saved else 'no --shard'} to finish it",
            returncode=2,
        )
    plan.shard = spec
    plan.selection_args = selection_args(config)
    if spec is not None:
        config.pluginmanager.register(ShardPlugin(spec), "quality-shard")


def pack_digest(pack: Any) -> str:
    """Content hash of the pack as it ran: its meta (sampling defaults, floor...) and scenarios, after
    --pack-seed or a dataset path shaped them."""
    body = json.dumps([pack.meta, [s.raw for s in pack.scenarios]], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def fingerprint(aggregator: Any, packs: list[Any], config_args: dict[str, Any]) -> dict[str, Any]:
    s, probe, plan = aggregator.settings, aggregator.probe, aggregator.plan
    pack_list = []
    for pid in plan.pack_ids:
        try:
            pack = plan.load(pid)
        except PackError as exc:  # its collection error is the run's report; the fingerprint names it
            pack_list.append({"pack_id": pid, "error": str(exc)})
            continue
        if plan.keep_pack(pack):
            pack_list.append({"pack_id": pid, "version": pack.version, "sha256": pack_digest(pack)})
    body = {
        "tool_version": __version__,
        "packs": pack_list,
        "mode": s.mode_label,
        "selection": {
            "packs": s.packs,
            "no_sandboxed": s.no_sandboxed,
            "sandboxed_only": s.sandboxed_only,
            "repeat": s.repeat,
            "pack_seed": s.pack_seed,
            **config_args,
        },
        "sampling": {"from_server": s.sampling_from_server, "explicit": s.sampling},
        "thinking": {
            "forced": s.thinking,
            "max_tokens": s.thinking_max_tokens,
            "server_reasoning": probe.server_reasoning if probe else None,
        },
        "model": probe.model if probe else s.model,
        "server_fingerprint": probe.fingerprint if probe else None,
    }
    return {**body, "sha256": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]}


def selection_args(config: pytest.Config) -> dict[str, Any]:
    """The pytest options that narrow the selection: part of the fingerprint, so shards agree on it."""
    return {
        "keyword": config.getoption("keyword", "") or "",
        "markexpr": config.getoption("markexpr", "") or "",
        "deselect": sorted(config.getoption("deselect", None) or []),
    }


def meta_fields(aggregator: Any, packs: list[Any]) -> dict[str, Any]:
    """Added to the run meta (and so to the journal and results file)."""
    plan = aggregator.plan
    fields: dict[str, Any] = {"run_fingerprint": fingerprint(aggregator, packs, plan.selection_args)}
    spec = plan.shard
    if spec is not None:
        fields["shard"] = spec.to_json()
    return fields
