"""`pytest-quality baseline capture|diff`: the curated regression corpus under results/baselines/.

A baseline is an n>=3 aggregate of results files for one (slug, thinking mode): per-scenario pass
counts over all runs, plus the settings, model and date. `baseline diff` (and `--previous-result`)
compare a fresh run against it with compare.py. Refreshing one is deliberate: capture refuses to
overwrite without --force, because a baseline that silently follows a regression hides it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pytest_quality import __version__
from pytest_quality.compare import BASELINE_KIND, add_power_arguments, run_diff
from pytest_quality.compare import major as compare_major
from pytest_quality.pytest_run import run_pytest, split_pytest_args
from pytest_quality.results import utc_now, write_json
from pytest_quality.stats import scenario_counts, summarize

MODES = ("no-thinking", "enable-thinking")
MIN_RUNS = 3
DEFAULT_ROOT = Path("results") / "baselines"
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
MODE_FLAG = {"no-thinking": "--no-thinking", "enable-thinking": "--enable-thinking"}
EXPECTED_THINKING = {"no-thinking": ("force-off", "pack-defaults"), "enable-thinking": ("force-on",)}


class BaselineError(Exception):
    """Bad input for a baseline command; `exit` is the status to return."""

    def __init__(self, message: str, exit: int = 2):
        super().__init__(message)
        self.exit = exit


def baseline_path(root: Path, slug: str, mode: str) -> Path:
    if not SLUG_RE.match(slug):
        raise BaselineError(f"--slug: {slug!r} must be letters, digits, '.', '_', '-' with '/' between parts")
    if mode not in MODES:
        raise BaselineError(f"--mode: {mode!r} is not one of {', '.join(MODES)}")
    return root / slug / f"{mode}.json"


def aggregate(
    results: list[dict[str, Any]], slug: str, mode: str, sources: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """The baseline document for these results files, and warnings about mixing them. Pure."""
    n = sum(int(r.get("repeat") or 1) for r in results)
    if n < MIN_RUNS:
        raise BaselineError(
            f"a baseline needs n >= {MIN_RUNS} runs per scenario, got n = {n} "
            f"(give 3 results files, or one from a --repeat 3 run)"
        )
    warnings = []
    for key in ("model", "mode", "thinking_mode"):
        values = sorted({str(r.get(key)) for r in results})
        if len(values) > 1:
            warnings.append(f"the results files differ in {key}: {', '.join(values)}")
    for r, src in zip(results, sources):
        if r.get("canonical") is False:
            warnings.append(f"{src} is a non-canonical run ({', '.join(r.get('non_canonical_reasons') or [])})")
        if r.get("thinking_mode") not in EXPECTED_THINKING[mode]:
            warnings.append(f"{src} ran with thinking_mode={r.get('thinking_mode')}, unexpected for --mode {mode}")
        if r.get("complete") is False:
            warnings.append(f"{src} is incomplete (interrupted or serving errors)")
    packs: dict[str, dict[str, Any]] = {}
    for r in results:
        for p in r["packs"]:
            entry = packs.setdefault(
                p["pack_id"],
                {
                    "pack_id": p["pack_id"],
                    "title": p.get("title"),
                    "version": p.get("version"),
                    "floor": p.get("floor"),
                    "counts": {},
                },
            )
            if compare_major(entry["version"]) != compare_major(p.get("version")):
                raise BaselineError(
                    f"{p['pack_id']}: the results files use pack versions {entry['version']} and "
                    f"{p.get('version')}, which grade by different rules (major versions differ); "
                    f"rescore the older files with the current packs first (pytest-quality rescore)"
                )
            if entry["version"] != p.get("version"):
                warnings.append(
                    f"{p['pack_id']}: results files use pack versions {entry['version']} and {p.get('version')}"
                )
            for sid, (c, k) in scenario_counts(p.get("scenarios") or []).items():
                old = entry["counts"].get(sid, (0, 0))
                entry["counts"][sid] = (old[0] + c, old[1] + k)
    out_packs = []
    for entry in packs.values():
        counts = entry.pop("counts")
        summary = summarize(list(counts.values()), n)
        out_packs.append(
            {
                **entry,
                "passed": summary["passes"],
                "total": summary["runs"],
                "score": summary["mean"],
                "ci95": summary["ci95"],
                "pass_at_k": summary["pass_at_k"],
                "per_scenario": [
                    {"id": sid, "passes": c, "runs": k, "pass_rate": round(c / k, 4)} for sid, (c, k) in counts.items()
                ],
            }
        )
    all_counts = [(s["passes"], s["runs"]) for p in out_packs for s in p["per_scenario"]]
    totals = summarize(all_counts, n)
    first = results[0]
    doc = {
        "kind": BASELINE_KIND,
        "baseline_version": "1",
        "tool_version": __version__,
        "slug": slug,
        "baseline_mode": mode,
        "created_at": utc_now(),
        "n": n,
        "model": first.get("model"),
        "mode": first.get("mode"),
        "thinking_mode": first.get("thinking_mode"),
        "canonical": all(r.get("canonical", True) for r in results),
        "settings": first.get("settings"),
        "sampling": first.get("sampling"),
        "sources": [
            {
                "path": src,
                "started_at": r.get("started_at"),
                "model": r.get("model"),
                "repeat": int(r.get("repeat") or 1),
                "canonical": r.get("canonical"),
                "totals": r.get("totals"),
            }
            for r, src in zip(results, sources)
        ],
        "packs": out_packs,
        "totals": {
            "passed": totals["passes"],
            "total": totals["runs"],
            "score": totals["mean"],
            "ci95": totals["ci95"],
            "pass_at_k": totals["pass_at_k"],
        },
        "warnings": warnings,
    }
    return doc, warnings


def _read(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("packs"), list) or data.get("kind") == BASELINE_KIND:
        raise BaselineError(f"{path} is not a pytest-quality results file")
    return data


def _run_pytest(slug: str, mode: str, repeat: int, pytest_args: list[str]) -> str:
    """`--run`: one `pytest --repeat N` run in this directory; returns its results file (kept under reports/)."""
    status, out = run_pytest(
        f"baseline-{slug.replace('/', '-')}-{mode}", [f"--repeat={repeat}", MODE_FLAG[mode]], pytest_args
    )
    if out is None:
        raise BaselineError(f"the pytest run failed (exit {status}); no baseline written", exit=status or 1)
    return str(out)


def capture(args: argparse.Namespace) -> int:
    path = baseline_path(Path(args.root), args.slug, args.mode)
    sources = list(args.from_ or [])
    if bool(sources) == bool(args.run):
        raise BaselineError("give either --from RESULT.json [RESULT.json ...] or --run -- <pytest args>")
    if path.exists() and not args.force:
        raise BaselineError(f"{path} exists; refresh a baseline deliberately with --force", exit=1)
    if args.run:
        sources = [_run_pytest(args.slug, args.mode, args.repeat, args.pytest_args)]
    doc, warnings = aggregate([_read(s) for s in sources], args.slug, args.mode, sources)
    for w in warnings:
        print(f"⚠ {w}", file=sys.stderr)
    write_json(path, doc)
    t = doc["totals"]
    print(
        f"baseline {path}: n={doc['n']}, {t['passed']}/{t['total']} runs passed "
        f"({round((t['score'] or 0) * 100)}%), model {doc['model']}"
    )
    return 0


def diff(args: argparse.Namespace) -> int:
    path = baseline_path(Path(args.root), args.slug, args.mode)
    if not path.exists():
        raise BaselineError(f"no baseline at {path} (capture one with `pytest-quality baseline capture`)", exit=1)
    return run_diff(
        str(path),
        args.result,
        args.json,
        args.exit_on_regression,
        args.allow_major_mismatch,
        args.detect,
        args.noise,
        args.fail_on_underpowered,
    )


def baseline_main(argv: list[str]) -> int:
    argv, pytest_args = split_pytest_args(argv)  # everything after `--` goes to pytest (capture --run)
    ap = argparse.ArgumentParser(prog="pytest-quality baseline", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("capture", "diff"):
        p = sub.add_parser(name)
        p.add_argument("--slug", required=True, help="registry slug, e.g. vllm/qwen-35b-a3b-dual")
        p.add_argument("--mode", default="no-thinking", help="no-thinking (canonical, default) | enable-thinking")
        p.add_argument("--root", default=str(DEFAULT_ROOT), help="baseline folder (default results/baselines)")
    cap, dif = sub.choices["capture"], sub.choices["diff"]
    cap.add_argument("--from", dest="from_", nargs="+", metavar="RESULT.json", help="results files to aggregate")
    cap.add_argument("--run", action="store_true", help="run pytest --repeat N first (args after --)")
    cap.add_argument("--repeat", type=int, default=MIN_RUNS, help="repeats for --run (default 3)")
    cap.add_argument("--force", action="store_true", help="overwrite an existing baseline")
    dif.add_argument("result", help="fresh results file (B)")
    dif.add_argument("--json", metavar="PATH", help="also write the comparison as JSON")
    dif.add_argument("--exit-on-regression", action="store_true", help="exit 3 on a significant regression")
    dif.add_argument(
        "--allow-major-mismatch",
        action="store_true",
        help="compare the packs whose major versions agree and leave the others out (default: refuse)",
    )
    add_power_arguments(dif)
    args = ap.parse_args(argv)
    args.pytest_args = pytest_args
    try:
        if args.command == "capture":
            if args.repeat < MIN_RUNS and args.run:
                raise BaselineError(f"--repeat must be at least {MIN_RUNS} for a baseline")
            return capture(args)
        return diff(args)
    except BaselineError as exc:
        print(f"pytest-quality baseline {args.command}: {exc}", file=sys.stderr)
        return exc.exit
