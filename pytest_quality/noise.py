"""`pytest-quality noise`: how often an unchanged endpoint disagrees with itself, per scenario.

Input: one run made with `--repeat N` (N >= 2), several single runs of the same config, or `--endpoint URL
--repeat N` to make that run now. Output: a noise file. A scenario's flip rate is the probability that two
runs of it disagree (one passes, one fails), estimated without bias from c passes in n runs as
2·c·(n−c) / (n·(n−1)). A comparison given the file (`--noise`) leaves the scenarios that flipped out of its
tests: a change there is the endpoint's own noise, not the model's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pytest_quality.pytest_run import run_pytest, split_pytest_args
from pytest_quality.results import utc_now, write_json
from pytest_quality.stats import scenario_counts

NOISE_KIND = "pytest-quality-noise"


def flip_rate(passes: int, runs: int) -> float | None:
    """Unbiased estimate of P(two runs of the scenario disagree); None with fewer than 2 runs."""
    if runs < 2:
        return None
    return 2 * passes * (runs - passes) / (runs * (runs - 1))


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rates = [r["flip_rate"] for r in rows if r["flip_rate"] is not None]
    return {
        "scenarios": len(rows),
        "measured": len(rates),
        "flaky": sum(1 for r in rows if r["flip_rate"]),
        "mean_flip_rate": round(sum(rates) / len(rates), 4) if rates else None,
    }


def measure(results: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """The noise document for these results files of one unchanged config (pure)."""
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for data in results:
        for pack in data.get("packs") or []:
            for sid, (c, n) in scenario_counts(pack.get("scenarios") or []).items():
                old = counts.get((pack["pack_id"], sid), (0, 0))
                counts[(pack["pack_id"], sid)] = (old[0] + c, old[1] + n)
    rows: list[dict[str, Any]] = []
    for (pid, sid), (c, n) in counts.items():
        rate = flip_rate(c, n)
        rows.append(
            {
                "pack_id": pid,
                "id": sid,
                "passes": c,
                "runs": n,
                "pass_rate": round(c / n, 4),
                "flip_rate": None if rate is None else round(rate, 4),
            }
        )
    runs = [int(r["runs"]) for r in rows]
    packs: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        packs.setdefault(r["pack_id"], []).append(r)
    first = results[0] if results else {}
    return {
        "kind": NOISE_KIND,
        "noise_version": "1",
        "created_at": utc_now(),
        "model": first.get("model"),
        "endpoint": first.get("endpoint"),
        "mode": first.get("mode"),
        "thinking_mode": first.get("thinking_mode"),
        "sources": sources,
        "repeat": min(runs) if runs else 0,
        "packs": [{"pack_id": pid, **_summary(rs)} for pid, rs in packs.items()],
        "total": _summary(rows),
        "scenarios": rows,
    }


def load(path: str) -> dict[str, Any]:
    """A noise file; ValueError naming the file when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"--noise: cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("kind") != NOISE_KIND or not isinstance(data.get("scenarios"), list):
        raise ValueError(f"--noise: {path} is not a noise file (make one with `pytest-quality noise`)")
    data["source"] = str(path)
    return data


def summary_lines(doc: dict[str, Any]) -> list[str]:
    t = doc["total"]
    rate = "—" if t["mean_flip_rate"] is None else f"{t['mean_flip_rate'] * 100:.1f}%"
    lines = [
        (
            f"Endpoint noise over {doc['repeat']}+ runs per scenario ({doc.get('model') or 'unknown model'}): "
            f"{t['flaky']} of {t['scenarios']} scenarios flip on their own; mean flip rate {rate} per pair of runs"
        )
    ]
    for p in doc["packs"]:
        rate = "—" if p["mean_flip_rate"] is None else f"{p['mean_flip_rate'] * 100:.1f}%"
        lines.append(f"- {p['pack_id']}: {p['flaky']} of {p['scenarios']} flaky, mean flip rate {rate}")
    flaky = [r for r in doc["scenarios"] if r["flip_rate"]]
    lines += [
        f"  {r['pack_id']} {r['id']}: {r['passes']}/{r['runs']} passed, flip rate {r['flip_rate'] * 100:.0f}%"
        for r in flaky
    ]
    if t["measured"] < t["scenarios"]:
        lines.append(f"⚠ {t['scenarios'] - t['measured']} scenarios had fewer than 2 scored runs: not measured")
    return lines


def _run_pytest(endpoint: str, repeat: int, pytest_args: list[str]) -> str:
    status, out = run_pytest("noise-run", [f"--endpoint={endpoint}", f"--repeat={repeat}"], pytest_args)
    if out is None:
        raise ValueError(f"the pytest run failed (exit {status}); no noise file written")
    return str(out)


def noise_main(argv: list[str]) -> int:
    argv, pytest_args = split_pytest_args(argv)  # everything after `--` goes to pytest (with --endpoint)
    ap = argparse.ArgumentParser(prog="pytest-quality noise", description=__doc__.splitlines()[0])
    ap.add_argument(
        "results",
        nargs="*",
        metavar="RESULT.json",
        help="a run made with --repeat N, or several runs of one unchanged config",
    )
    ap.add_argument(
        "--endpoint",
        metavar="URL",
        help="run pytest --repeat N against this endpoint first (pytest args after --, e.g. -- --quality=medium)",
    )
    ap.add_argument("--repeat", type=int, default=5, metavar="N", help="repeats for --endpoint (default 5)")
    ap.add_argument("-o", "--output", metavar="PATH", default="noise.json", help="noise file (default noise.json)")
    args = ap.parse_args(argv)
    try:
        if bool(args.results) == bool(args.endpoint):
            raise ValueError("give either RESULT.json files or --endpoint URL --repeat N")
        if args.endpoint and args.repeat < 2:
            raise ValueError(f"--repeat: {args.repeat} runs cannot disagree; use at least 2")
        sources = list(args.results) or [_run_pytest(args.endpoint, args.repeat, pytest_args)]
        results = []
        for src in sources:
            try:
                data = json.loads(Path(src).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"cannot read {src}: {exc}") from None
            if not isinstance(data, dict) or not isinstance(data.get("packs"), list) or data.get("kind"):
                raise ValueError(f"{src} is not a pytest-quality results file")
            results.append(data)
        doc = measure(results, sources)
        if doc["total"]["measured"] == 0:
            raise ValueError(
                "no scenario has 2 or more scored runs: run with --repeat N (N >= 2) or give several results files"
            )
    except ValueError as exc:
        print(f"pytest-quality noise: {exc}", file=sys.stderr)
        return 2
    write_json(Path(args.output), doc)
    print("\n".join(summary_lines(doc)))
    print(f"noise file: {args.output}")
    return 0
