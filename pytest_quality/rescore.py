"""`pytest-quality rescore RESULTS.json`: re-grade saved replies with the current verifiers.

Each scenario's stored `response` goes through the same grading path as a live run
(execute.grade: verifier, then the token_limit and reasoning-only rules), so a verifier fix
changes saved numbers exactly as it would change a new run. Totals, pack status, table and
Quality line are recomputed. Nothing is written unless --in-place or --output says where:
a rescore that changes a published number has to land in the artifact itself.

Regraders are looked up by verifier type. Offline verifiers (the registry in
pytest_quality.verifiers) need nothing. A sandboxed type is re-graded by its sandbox kind
(`pytest_quality.sandbox.kinds`: single-turn kinds expose `regrade(scenario, reply, sandbox)`)
in a fresh container, or by a function registered in SANDBOX_REGRADERS. When the kind has no
regrader, is multi-turn, or Docker / the image is missing, the scenario keeps its verdict and
is listed under `rescored.skipped` with the reason ("needs sandbox: ...").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_quality import __version__, report
from pytest_quality.client import Exchange
from pytest_quality.execute import Fetched, grade
from pytest_quality.finalise import finalise, saved_compare_kwargs, saved_previous
from pytest_quality.generators import load_for_run
from pytest_quality.packs import Pack, PackError, Scenario, available_packs
from pytest_quality.record import ScenarioRecord
from pytest_quality.reply import Reply
from pytest_quality.results import PackInfo, utc_now, write_json
from pytest_quality.resume import read_saved
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.kinds import get_kind
from pytest_quality.sandbox.pool import SandboxPool
from pytest_quality.settings import DATASET_PATHS, Settings
from pytest_quality.verdict import Verdict, token_limit

Regrader = Callable[[Scenario, ScenarioRecord], Verdict]
SANDBOX_REGRADERS: dict[str, Regrader] = {}

# Keys the finaliser recomputes; everything else at top level (tool_version, thinking_validity, serving...) is
# carried over unchanged.
_COMPUTED = ("packs", "totals", "quality_line", "complete", "finished_at", "schema_version", "warnings", "interrupted")


class Skip(Exception):
    """This scenario cannot be re-graded here; the message says why."""


def offline_regrade(scenario: Scenario, record: ScenarioRecord) -> Verdict:
    exchange = Exchange(
        request=record.request or {},
        body=record.response,
        http_status=record.http_status,
        latency_s=record.latency_s or 0.0,
    )
    fetched = Fetched(exchange, record.timeout_s or 0.0, record.timeout_detail or {}, bool(record.thinking_expected))
    return grade(scenario, fetched)[0]


class Sandboxes:
    """Containers for sandboxed regrades: checked and started on first use, closed at the end."""

    def __init__(self) -> None:
        self._pool: Any = None
        self._reason: str | None = None
        self._checked = False

    def unavailable(self) -> str | None:
        if not self._checked:
            self._checked = True
            ok, reason = cleanup.docker_available()
            self._reason = None if ok else reason
        return self._reason

    def acquire(self) -> Any:
        if self._pool is None:
            cleanup.install_handlers()
            self._pool = SandboxPool(size=1, session=cleanup.default_session())
        return self._pool.acquire()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _kind_regrader(vtype: str, sandboxes: Sandboxes) -> Regrader:
    try:
        kind = get_kind(vtype)
    except (ImportError, KeyError):
        raise Skip(f"needs sandbox: no regrader for verifier type {vtype!r} yet") from None
    if getattr(kind, "MULTI_TURN", False):
        raise Skip("multi-turn scenario: needs a live re-run")
    if not callable(getattr(kind, "regrade", None)):
        raise Skip(f"needs sandbox: no regrader for verifier type {vtype!r} yet")
    reason = sandboxes.unavailable()
    if reason:
        raise Skip(f"needs sandbox: {reason}")

    def regrade(scenario: Scenario, record: ScenarioRecord) -> Verdict:
        reply = Reply.from_completion(record.response)
        with sandboxes.acquire() as sandbox:
            verdict = kind.regrade(scenario, reply, sandbox)
        budget = (record.request or {}).get("max_tokens")
        return token_limit(verdict, reply.finish_reason, budget) or verdict  # the live run's rule

    return regrade


def regrader_for(scenario: Scenario, sandboxes: Sandboxes) -> Regrader:
    if not scenario.sandboxed:
        return offline_regrade
    vtype = scenario.verifier_type
    if vtype in SANDBOX_REGRADERS:
        return SANDBOX_REGRADERS[vtype]
    return _kind_regrader(vtype, sandboxes)


def _is_multi_turn(scenario: Scenario, record: ScenarioRecord) -> bool:
    ref = scenario.reference
    return (isinstance(ref, dict) and isinstance(ref.get("turns"), list)) or record.turns is not None


def _find_scenario(pack: Pack, record: ScenarioRecord) -> Scenario:
    name = str(record.node_id or "").split("::", 1)[-1]
    has_repeat = record.repeat_index is not None and "repeat_index" not in record.absent
    if has_repeat and name.endswith("]") and "[r" in name:
        name = name[: name.rindex("[r")]  # --repeat suffix
    for s in pack.scenarios:
        if s.node_name == name or (not name and s.id == record.id):
            return s
    raise Skip(f"scenario {record.id} is not in the current {pack.pack_id} v{pack.version}")


def regrade_record(pack: Pack | None, record: ScenarioRecord, sandboxes: Sandboxes) -> Verdict:
    """The new verdict for one stored record, or Skip."""
    if pack is None:
        raise Skip(f"pack {record.pack_id} not found (give --pack-path)")
    scenario = _find_scenario(pack, record)
    if _is_multi_turn(scenario, record):
        raise Skip("multi-turn scenario: needs a live re-run")
    response = record.response
    if not isinstance(response, dict) or not response.get("choices"):
        raise Skip("no stored reply")  # timeouts and serving errors keep their verdict
    return regrader_for(scenario, sandboxes)(scenario, record)


def rescore(
    data: dict[str, Any],
    pack_paths: list[str] | None = None,
    only_packs: list[str] | None = None,
    sandboxes: Sandboxes | None = None,
) -> dict[str, Any]:
    """A new results dict: every stored reply re-graded, totals and Quality line recomputed."""
    own = sandboxes is None
    sandboxes = sandboxes or Sandboxes()
    try:
        return _rescore(data, pack_paths, only_packs, sandboxes)
    finally:
        if own:
            sandboxes.close()


def _rescore(
    data: dict[str, Any], pack_paths: list[str] | None, only_packs: list[str] | None, sandboxes: Sandboxes
) -> dict[str, Any]:
    available = available_packs(pack_paths)
    shaping = _pack_shaping(data)
    loaded: dict[str, Pack | None] = {}
    changed, skipped, notes = [], [], []
    regraded = 0
    records: list[ScenarioRecord] = []
    infos: dict[str, PackInfo] = {}
    versions: dict[str, dict[str, Any]] = {}  # pack_id -> the version the run used and the one that re-graded it
    for p in data.get("packs", []):
        pid = p["pack_id"]
        if pid not in loaded:
            try:
                loaded[pid] = load_for_run(available[pid], shaping) if pid in available else None
            except (PackError, OSError) as exc:
                loaded[pid] = None
                notes.append(f"{pid}: cannot load pack: {exc}")
        pack = loaded[pid]
        versions[pid] = {"run": p.get("version"), "graded_with": pack.version if pack else None}
        if pack is not None and pack.version != p.get("version"):
            notes.append(f"{pid}: graded with the current pack v{pack.version} (the run used v{p.get('version')})")
        infos[pid] = PackInfo(
            pid,
            p.get("title") or pid,
            pack.version if pack else p.get("version", "0"),
            p.get("floor"),
            p.get("selected", len(p.get("scenarios") or [])),
            p.get("thinking"),
        )
        for old in p.get("scenarios") or []:
            record = ScenarioRecord.from_dict(dict(old, pack_id=pid))
            records.append(record)
            if only_packs and pid not in only_packs:
                continue
            where = {"pack_id": pid, "id": record.id, "node_id": record.node_id}
            try:
                verdict = regrade_record(pack, record, sandboxes)
            except Skip as exc:
                if str(exc) != "no stored reply":
                    skipped.append({**where, "reason": str(exc)})
                continue
            regraded += 1
            before = {"passed": record.passed, "failure_mode": record.failure_mode, "detail": record.detail}
            record.regraded(verdict)
            if (before["passed"], before["failure_mode"]) != (verdict.passed, verdict.failure_mode):
                changed.append(
                    {
                        **where,
                        "before": before,
                        "after": {
                            "passed": verdict.passed,
                            "failure_mode": verdict.failure_mode,
                            "detail": verdict.detail,
                        },
                    }
                )
    meta = {k: v for k, v in data.items() if k not in _COMPUTED}
    previous = saved_previous(data)
    if previous is None and isinstance(data.get("comparison"), dict):
        notes.append("comparison kept as it was: the previous results file is not available to recompute it")
    # thinking=None: re-grading changes verdicts, not whether replies carried reasoning, so the run's
    # warnings and thinking_validity stand.
    new = finalise(
        meta,
        infos,
        records,
        interrupted=bool(data.get("interrupted")),
        warnings=list(data.get("warnings") or []),
        thinking=None,
        previous=previous,
        compare_kwargs=saved_compare_kwargs(data, notes),
        finished_at=data.get("finished_at"),
    )
    old_packs = {p["pack_id"]: p for p in data.get("packs", [])}
    new["packs"] = [{**old_packs.get(p["pack_id"], {}), **p} for p in new["packs"]]
    new["rescored"] = {
        "at": utc_now(),
        "tool_version": __version__,
        "regraded": regraded,
        "before": data.get("totals"),
        "after": new["totals"],
        "changed": changed,
        "skipped": skipped,
        "notes": notes,
        "pack_versions": versions,
    }
    return new


def _pack_shaping(data: dict[str, Any]) -> Settings:
    """The saved run's settings that decide a pack's scenarios: a --pack-seed run's GSM instances and the
    scenarios built from a user's dataset copy are rebuilt as that run saw them, never graded against
    the shipped ones."""
    saved = data.get("settings") or {}
    seed = saved.get("pack_seed")
    paths: dict[str, Any] = {k: saved.get(k) or None for k in DATASET_PATHS}
    return Settings(pack_seed=seed if isinstance(seed, int) else None, **paths)


def rescore_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="pytest-quality rescore", description="Re-grade a saved results file with the current verifiers."
    )
    parser.add_argument("results", help="results JSON written by --quality-json")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--in-place", action="store_true", help="rewrite RESULTS with the new verdicts")
    where.add_argument("--output", metavar="NEW.json", help="write the rescored results here (a new file)")
    parser.add_argument("--pack-path", action="append", default=[], metavar="DIR", help="extra pack folder")
    parser.add_argument("--pack", action="append", default=[], metavar="ID", help="re-grade only this pack")
    args = parser.parse_args(argv)
    try:
        saved = read_saved(args.results)
    except ValueError as exc:
        print(f"pytest-quality rescore: {exc}", file=sys.stderr)
        return 1
    if saved.data is None:
        print(
            f"pytest-quality rescore: {args.results} is a journal; finish it first "
            "(pytest --resume=PATH) or pass its results JSON",
            file=sys.stderr,
        )
        return 2
    target = Path(args.results) if args.in_place else Path(args.output) if args.output else None
    if target is not None and not args.in_place and target.exists():
        same = target.resolve() == Path(args.results).resolve()
        print(
            f"pytest-quality rescore: refusing to overwrite {target}"
            f"{' (the input)' if same else ''}; pass --in-place to rewrite the input, "
            "or --output a new path",
            file=sys.stderr,
        )
        return 2
    stored_paths = (saved.data.get("settings") or {}).get("pack_paths") or []
    new = rescore(saved.data, [*args.pack_path, *(p for p in stored_paths if Path(p).is_dir())], args.pack)
    info = new["rescored"]
    for line in report.summary_lines(new):
        print(line)
    print(f"\nrescored {info['regraded']} scenario(s): {len(info['changed'])} changed, {len(info['skipped'])} skipped")
    for pid, v in info["pack_versions"].items():
        graded = f"v{v['graded_with']}" if v["graded_with"] else "not re-graded (pack not available)"
        print(f"- {pid}: run used v{v['run']}, graded by {graded}")
    for c in info["changed"]:
        b, a = c["before"], c["after"]
        print(
            f"- {c['pack_id']} {c['id']}: {_verdict(b)} -> {_verdict(a)}" + (f" ({a['detail']})" if a["detail"] else "")
        )
    for s in info["skipped"]:
        print(f"- skipped {s['pack_id']} {s['id']}: {s['reason']}")
    for note in info["notes"]:
        print(f"- note: {note}")
    if target is None:
        print("\nnothing written: pass --in-place or --output NEW.json to keep these numbers")
    else:
        write_json(target, new)
        print(f"\nwritten: {target}")
    return 0


def _verdict(v: dict[str, Any]) -> str:
    return "pass" if v.get("passed") else str(v.get("failure_mode"))
