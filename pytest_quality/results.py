"""Aggregating scenario records into the results JSON (schemas/results.schema.json), and the journal.

Only the controller process writes: under xdist every record arrives through the test
reports, so the JSON and journal have exactly one writer.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pytest_quality import __version__
from pytest_quality.record import ScenarioRecord
from pytest_quality.verdict import SERVING_MODES, UNSCORED_MODES

SCHEMA_VERSION = "1"


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_json_path(started: datetime | None = None) -> Path:
    started = started or datetime.now(timezone.utc)
    return Path("reports") / f"quality-{started.strftime('%Y%m%dT%H%M%SZ')}.json"


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return round(ordered[rank - 1], 3)


def is_scored(record: dict[str, Any]) -> bool:
    return not record.get("skipped") and record.get("failure_mode") not in UNSCORED_MODES


@dataclass
class PackInfo:
    pack_id: str
    title: str
    version: str
    floor: float | None
    selected: int  # scenario runs selected for this pack (repeats included)
    thinking: bool


def pack_ttft(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """--stream (stream.py): per pack, next to latency, p50/p95 time to first token and the median decode
    tokens/s of streamed replies; None when nothing streamed."""
    timed = [r["stream"] for r in records if isinstance(r.get("stream"), dict) and not r.get("skipped")]
    ttft = [t["ttft_s"] for t in timed if isinstance(t.get("ttft_s"), (int, float))]
    if not ttft:
        return None
    rates = [t["decode_tps"] for t in timed if isinstance(t.get("decode_tps"), (int, float))]
    return {
        "p50": percentile(ttft, 0.5),
        "p95": percentile(ttft, 0.95),
        "decode_tps_p50": percentile(rates, 0.5) if rates else None,
        "n": len(ttft),
    }


@dataclass
class RunResults:
    meta: dict[str, Any]  # run-level fields: endpoint, model, mode, sampling, probe...
    packs: dict[str, PackInfo] = field(default_factory=dict)
    records: list[ScenarioRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False

    def add(self, record: ScenarioRecord) -> None:
        self.records.append(record)

    def pack_summary(self, info: PackInfo) -> dict[str, Any]:
        records = sorted(
            (r.to_dict() for r in self.records if r.pack_id == info.pack_id),
            key=lambda r: (r.get("order", 0), r.get("repeat_index", 0)),
        )
        scored = [r for r in records if is_scored(r)]
        passed = sum(1 for r in scored if r["passed"])
        errors = sum(1 for r in records if r.get("failure_mode") in SERVING_MODES and not r.get("skipped"))
        skipped = sum(1 for r in records if r.get("skipped"))
        latencies = [
            r["latency_s"]
            for r in records
            if isinstance(r.get("latency_s"), (int, float)) and r.get("failure_mode") not in SERVING_MODES
        ]
        score = passed / len(scored) if scored else None
        missing = info.selected - len(records)
        if skipped and skipped == len(records):  # e.g. "dataset-unavailable" for a gated dataset not given
            status = next((r["skip_status"] for r in records if r.get("skip_status")), "skipped")
        elif errors or missing > 0:
            status = "INCOMPLETE"
        elif score is not None and info.floor is not None and score < info.floor:
            status = "below floor"
        else:
            status = "ok"
        return {
            "pack_id": info.pack_id,
            "title": info.title,
            "version": info.version,
            "floor": info.floor,
            "thinking": info.thinking,
            "passed": passed,
            "total": len(scored),
            "errors": errors,
            "skipped": skipped,
            "missing": max(missing, 0),
            "selected": info.selected,
            "score": round(score, 4) if score is not None else None,
            "latency": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95)},
            "status": status,
            "scenarios": records,
            **({"ttft": ttft} if (ttft := pack_ttft(records)) else {}),  # --stream (stream.py)
        }

    def to_json(self, quality_line: str) -> dict[str, Any]:
        packs = [self.pack_summary(info) for info in self.packs.values()]
        passed = sum(p["passed"] for p in packs)
        total = sum(p["total"] for p in packs)
        errors = sum(p["errors"] for p in packs)
        complete = not self.interrupted and all(p["status"] not in ("INCOMPLETE",) for p in packs)
        return {
            "schema_version": SCHEMA_VERSION,
            "tool_version": __version__,
            **self.meta,
            "finished_at": utc_now(),
            "complete": complete,
            "interrupted": self.interrupted,
            "packs": packs,
            "totals": {
                "passed": passed,
                "total": total,
                "errors": errors,
                "score": round(passed / total, 4) if total else None,
            },
            "warnings": self.warnings,
            "quality_line": quality_line,
        }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomic write: a crash mid-write never leaves a half file where a good one was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # json.dump writes the encoder's pieces as they come; json.dumps with an indent would hold them all and
    # then the joined text: at 1,000 scenarios that was +60 MiB of peak memory for an 8 MB file.
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False, default=str)
        out.write("\n")
    os.replace(tmp, path)


class Journal:
    """`<results>.partial.jsonl`: one line per scored scenario, written and flushed as it lands.

    A flushed line survives the process being killed (it is in the OS page cache). fsync, which only
    adds protection against the whole machine going down, costs ~8 ms on a VM disk, so it runs at most
    every FSYNC_EVERY_S seconds and at close rather than per line.
    """

    FSYNC_EVERY_S = 2.0

    def __init__(self, results_path: Path, run_meta: dict[str, Any]):
        self.path = results_path.with_name(results_path.name + ".partial.jsonl")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a", encoding="utf-8")
        self._synced = 0.0
        self._write({"journal_version": "1", "kind": "run", "run": run_meta})

    def _write(self, obj: dict[str, Any]) -> None:
        self._file.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
        self._file.flush()
        if time.monotonic() - self._synced >= self.FSYNC_EVERY_S:
            os.fsync(self._file.fileno())
            self._synced = time.monotonic()

    def append(self, record: ScenarioRecord) -> None:
        self._write({"kind": "scenario", "written_at": utc_now(), "scenario": record.to_dict()})

    def close(self) -> None:
        if not self._file.closed:
            os.fsync(self._file.fileno())
            self._file.close()


def results_schema() -> dict[str, Any]:
    """The JSON Schema of the results file (pytest_quality/schemas/results.schema.json)."""
    from importlib import resources

    text = resources.files("pytest_quality").joinpath("schemas/results.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
