"""`pytest-quality merge OUT.json SHARD.json...`: the shards of a `--shard I/N` run as one results file.

The merged file is what the unsharded run would have written: the records of all shards go through
the same finalisation as a rescore (RunResults.to_json, the Quality line, repeat statistics and the
comparison), and thinking validity through the run's own rule. Merging refuses:
- files whose `run_fingerprint` differs (another pack version, sampling, model, server...), naming the
  fields that differ;
- a scenario recorded by two different shards, or one shard index given twice with different records;
- missing shards (unless --partial).
A scenario a shard selected but never recorded (an interrupted shard) is named, and counted as "not run"
in its pack, exactly as in an interrupted unsharded run. The same file (or an identical copy) given twice
is merged once, so merging is idempotent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_quality import __version__, report
from pytest_quality.finalise import Thinking, finalise, saved_compare_kwargs, saved_previous
from pytest_quality.html_report import write_html_from
from pytest_quality.record import ScenarioRecord
from pytest_quality.results import PackInfo, utc_now, write_json
from pytest_quality.resume import read_saved

# Keys the finaliser computes (and the shard's own spec); everything else is run meta.
_COMPUTED = (
    "packs",
    "totals",
    "quality_line",
    "complete",
    "finished_at",
    "schema_version",
    "tool_version",
    "warnings",
    "interrupted",
    "thinking_validity",
    "repeat_stats",
    "comparison",
    "shard",
)


class MergeError(Exception):
    """The shards cannot be merged; the message says why and names the files."""


@dataclass
class Part:
    path: Path
    data: dict[str, Any]

    @property
    def spec(self) -> dict[str, Any]:
        return self.data.get("shard") or {"index": 1, "count": 1, "spec": "1/1"}

    @property
    def records(self) -> list[dict[str, Any]]:
        return [dict(r, pack_id=p["pack_id"]) for p in self.data["packs"] for r in p.get("scenarios") or []]

    @property
    def content_key(self) -> str:
        """Identity of what the shard recorded, whatever the file is called."""
        body = json.dumps(sorted(self.records, key=lambda r: str(r.get("node_id"))), sort_keys=True, default=str)
        return hashlib.sha256(body.encode()).hexdigest()


def load_part(path: str | Path) -> Part:
    try:
        saved = read_saved(path)
    except ValueError as exc:
        raise MergeError(str(exc)) from None
    if saved.data is None:
        raise MergeError(
            f"{path} is a journal of an unfinished run; finish it first (pytest --resume={path} "
            "with the same --shard) or pass its results JSON"
        )
    if not isinstance(saved.data.get("run_fingerprint"), dict):
        raise MergeError(
            f"{path} has no run_fingerprint (written by a pytest-quality without --shard support); re-run that shard"
        )
    return Part(Path(path), saved.data)


def _differences(a: dict[str, Any], b: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key in sorted(set(a) | set(b)):
        if key == "sha256":
            continue
        va, vb = a.get(key), b.get(key)
        if not prefix and key == "packs" and isinstance(va, list) and isinstance(vb, list):
            out += _pack_differences(va, vb)
        elif isinstance(va, dict) and isinstance(vb, dict):
            out += _differences(va, vb, f"{prefix}{key}.")
        elif va != vb:
            out.append(f"{prefix}{key}: {json.dumps(va, default=str)} vs {json.dumps(vb, default=str)}")
    return out


def _pack_differences(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[str]:
    pa, pb = {p["pack_id"]: p for p in a}, {p["pack_id"]: p for p in b}
    out = [f"pack {pid} only in the first" for pid in pa if pid not in pb]
    out += [f"pack {pid} only in the second" for pid in pb if pid not in pa]
    for pid in (p for p in pa if p in pb):
        if pa[pid]["version"] != pb[pid]["version"]:
            out.append(f"pack {pid} version {pa[pid]['version']} vs {pb[pid]['version']}")
        elif pa[pid]["sha256"] != pb[pid]["sha256"]:
            out.append(f"pack {pid} content {pa[pid]['sha256']} vs {pb[pid]['sha256']} (same version, edited)")
    if not out and [p["pack_id"] for p in a] != [p["pack_id"] for p in b]:
        out.append("packs in another order")
    return out


def _check_parts(parts: list[Part], partial: bool) -> tuple[list[Part], list[str]]:
    """The distinct parts in shard order, and notes; raises MergeError on anything that is not one run."""
    first = parts[0]
    for part in parts[1:]:
        fa, fb = first.data["run_fingerprint"], part.data["run_fingerprint"]
        if fa.get("sha256") != fb.get("sha256"):
            diff = _differences(fa, fb) or ["(fingerprint hashes differ)"]
            raise MergeError(
                f"{part.path} is not part of the same run as {first.path}: "
                + "; ".join(diff[:8])
                + (f"; and {len(diff) - 8} more" if len(diff) > 8 else "")
            )
    counts = {p.spec["count"] for p in parts}
    if len(counts) > 1:
        raise MergeError(
            "the files were split into different numbers of shards: "
            + ", ".join(f"{p.path} is {p.spec['spec']}" for p in parts)
        )
    count = counts.pop()
    by_index: dict[int, Part] = {}
    notes = []
    for part in parts:
        index = part.spec["index"]
        seen = by_index.get(index)
        if seen is None:
            by_index[index] = part
        elif seen.content_key == part.content_key:
            notes.append(f"{part.path}: same shard {part.spec['spec']} as {seen.path}, merged once")
        else:
            raise MergeError(
                f"shard {part.spec['spec']} given twice with different results: {seen.path} and "
                f"{part.path} (keep the one you mean)"
            )
    missing = [f"{i}/{count}" for i in range(1, count + 1) if i not in by_index]
    if missing and not partial:
        raise MergeError(
            f"missing shard(s) {', '.join(missing)} (pass --partial to merge what is here; the "
            "result then covers only these shards' scenarios)"
        )
    if missing:
        notes.append(f"partial merge: shard(s) {', '.join(missing)} not given")
    ordered = [by_index[i] for i in sorted(by_index)]
    owner: dict[str, Part] = {}
    duplicated = []
    for part in ordered:
        for r in part.records:
            node = str(r.get("node_id"))
            if node in owner and owner[node] is not part:
                duplicated.append(f"{node} (in {owner[node].path} and {part.path})")
            owner.setdefault(node, part)
    if duplicated:
        raise MergeError(f"{len(duplicated)} scenario(s) recorded by two shards: " + ", ".join(duplicated[:10]))
    return ordered, notes


def merge(parts: list[Part], partial: bool = False, out: Path | None = None) -> dict[str, Any]:
    ordered, notes = _check_parts(parts, partial)
    first = ordered[0]
    records = [r for p in ordered for r in p.records]
    recorded = {str(r.get("node_id")) for r in records}
    pack_order = [p["pack_id"] for p in first.data["run_fingerprint"]["packs"]]
    # Node ids in the order the unsharded run collects them: pack order, scenario order, repeat.
    position = {
        str(r.get("node_id")): (
            pack_order.index(r["pack_id"]) if r["pack_id"] in pack_order else 1 << 30,
            r.get("order", 0),
            r.get("repeat_index", 0),
        )
        for r in records
    }
    selection: list[str] = []
    for p in ordered:
        selection += [n for n in p.data.get("selection") or [] if n not in selection]
    missing = [n for n in selection if n not in recorded]
    selection.sort(key=lambda n: position.get(n, (1 << 30, 0, 0)))

    infos: dict[str, PackInfo] = {}
    for pid in sorted(
        {p["pack_id"] for part in ordered for p in part.data["packs"]},
        key=lambda pid: pack_order.index(pid) if pid in pack_order else 1 << 30,
    ):
        summaries = [p for part in ordered for p in part.data["packs"] if p["pack_id"] == pid]
        s0 = summaries[0]
        infos[pid] = PackInfo(
            pid,
            s0["title"],
            s0["version"],
            s0.get("floor"),
            sum(s.get("selected", 0) for s in summaries),
            s0.get("thinking"),
        )

    meta = {k: v for k, v in first.data.items() if k not in _COMPUTED}
    meta["started_at"] = min(str(p.data.get("started_at") or "") for p in ordered) or meta.get("started_at")
    meta["selection"] = selection
    top = _union(p.data.get("top_warnings") or [] for p in ordered)
    meta["top_warnings"] = top
    if isinstance(meta.get("settings"), dict):
        meta["settings"] = {**meta["settings"], "quality_json": str(out) if out else None, "quality_html": None}
    junk = [j for p in ordered if isinstance(j := p.data.get("junk_control"), dict)]
    if junk:
        meta["junk_control"] = {k: v for j in junk for k, v in j.items()}

    fp = first.data["run_fingerprint"]
    previous = saved_previous(first.data)
    if previous is None and isinstance(first.data.get("comparison"), dict):
        notes.append("comparison left out: the previous results file is not available to recompute it over all shards")
    new = finalise(
        meta,
        infos,
        [ScenarioRecord.from_dict(r) for r in records],
        interrupted=any(bool(p.data.get("interrupted")) for p in ordered),
        warnings=top,
        thinking=Thinking(fp["thinking"]["forced"], fp["thinking"]["server_reasoning"]),
        previous=previous,
        compare_kwargs=saved_compare_kwargs(first.data, notes),
        finished_at=max(str(p.data.get("finished_at") or "") for p in ordered) or None,
    )
    new["merged"] = {
        "at": utc_now(),
        "tool_version": __version__,
        "fingerprint_sha256": fp.get("sha256"),
        "shards": [
            {
                "path": str(p.path),
                "shard": p.spec["spec"],
                "records": len(p.records),
                "started_at": p.data.get("started_at"),
                "finished_at": p.data.get("finished_at"),
                "endpoint": p.data.get("endpoint"),
                "complete": p.data.get("complete"),
            }
            for p in ordered
        ],
        "missing": missing,
        "notes": notes,
    }
    return new


def _union(lists: Any) -> list[str]:
    out: list[str] = []
    for items in lists:
        out += [w for w in items if w not in out]
    return out


def merge_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="pytest-quality merge", description="Combine the results files of a --shard I/N run into one."
    )
    parser.add_argument("out", metavar="OUT.json", help="merged results file to write")
    parser.add_argument("shards", nargs="+", metavar="SHARD.json", help="results files of the shards")
    parser.add_argument("--partial", action="store_true", help="merge even if some shards are missing")
    parser.add_argument("--html", metavar="PATH", help="also write the HTML report of the merged file")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if any(Path(s).resolve() == out.resolve() for s in args.shards if Path(s).exists()) and out.exists():
        print(f"pytest-quality merge: {out} is also an input; write the merge to a new file", file=sys.stderr)
        return 2
    try:
        merged = merge([load_part(p) for p in args.shards], partial=args.partial, out=out)
    except MergeError as exc:
        print(f"pytest-quality merge: {exc}", file=sys.stderr)
        return 2
    write_json(out, merged)
    for line in report.summary_lines(merged):
        print(line)
    info = merged["merged"]
    print(f"\nmerged {len(info['shards'])} shard(s), {sum(s['records'] for s in info['shards'])} scenario(s)")
    for note in info["notes"]:
        print(f"- note: {note}")
    if info["missing"]:
        print(
            f"- {len(info['missing'])} selected scenario(s) not run: "
            + ", ".join(info["missing"][:20])
            + (" ..." if len(info["missing"]) > 20 else "")
        )
    if args.html:
        write_html_from(out, Path(args.html), fallback=merged)
        print(f"html report: {args.html}")
    print(f"written: {out}")
    return 0
