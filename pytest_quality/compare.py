"""Comparing two runs (or a run and a baseline): per-scenario classes and a paired significance test.

A "significant regression" (docs/COMPARING.md): on a pack or in total, over the scenarios scored on both
sides, B's mean pass rate is below A's and the paired test gives p < ALPHA. Single runs on both sides use
the exact McNemar test; when either side has repeats, a paired bootstrap, made conservative by also
requiring the exact sign test on the scenarios whose pass rate changed (reported p = the larger of the two).
Everything here is pure except `load_side` and `diff_main`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_quality.stats import scenario_counts

ALPHA = 0.05
PASS_THRESHOLD = 0.5  # a scenario with repeats counts as passing on a side when its pass rate is >= this
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20260509
CLASSES = ("fix", "regression", "stable_pass", "stable_fail", "new", "dropped")
BASELINE_KIND = "pytest-quality-baseline"


@dataclass
class Side:
    """One results file or baseline, reduced to what a comparison needs."""

    label: str
    kind: str = "results"  # or "baseline"
    meta: dict[str, Any] = field(default_factory=dict)
    packs: dict[str, dict[str, Any]] = field(default_factory=dict)  # pack_id -> {title, version, counts{id: (c, n)}}


def side_from_json(data: dict[str, Any], label: str) -> Side:
    """A Side from a results JSON or a baseline file (both carry packs[].pack_id/title/version)."""
    if not isinstance(data, dict) or not isinstance(data.get("packs"), list):
        raise ValueError(f"{label}: not a pytest-quality results or baseline file (no packs list)")
    kind = "baseline" if data.get("kind") == BASELINE_KIND else "results"
    meta = {k: data.get(k) for k in ("model", "mode", "canonical", "thinking_mode", "started_at", "repeat",
                                      "schema_version", "slug", "baseline_mode", "n", "created_at")}
    side = Side(label, kind, meta)
    for p in data["packs"]:
        if kind == "baseline":
            counts = {s["id"]: (int(s["passes"]), int(s["runs"])) for s in p.get("per_scenario", []) if s.get("runs")}
        else:
            counts = scenario_counts(p.get("scenarios") or [])
        side.packs[p["pack_id"]] = {"title": p.get("title", p["pack_id"]), "version": p.get("version"),
                                    "counts": counts}
    return side


def load_side(path: str | Path) -> Side:
    """Read a results or baseline file; ValueError with a readable message when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    try:
        return side_from_json(data, str(path))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a pytest-quality results or baseline file ({exc})") from None


# --- tests -------------------------------------------------------------------------------------


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar: binomial(b + c, 1/2) test on the discordant pairs."""
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1))
    return min(1.0, 2 * tail / 2 ** n)


def paired_bootstrap(pairs: list[tuple[int, int, int, int]], resamples: int = BOOTSTRAP_RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> tuple[float, tuple[float, float]]:
    """Two-sided percentile p and 95% interval of mean(rate_B - rate_A) over scenarios (c_a, n_a, c_b, n_b).

    Each resample draws scenarios with replacement, then each side's runs within a scenario, so both the
    choice of scenarios and run-to-run noise count. Scenarios at 0% or 100% on a side resample to themselves.
    """
    rng = random.Random(seed)
    # Scenarios at 0% or 100% on both sides always resample to the same difference: precompute those.
    fixed = [cb / nb - ca / na if ca in (0, na) and cb in (0, nb) else None for ca, na, cb, nb in pairs]

    def rate(c: int, n: int) -> float:
        return sum(rng.random() < c / n for _ in range(n)) / n

    def diff(i: int) -> float:
        if fixed[i] is not None:
            return fixed[i]
        ca, na, cb, nb = pairs[i]
        return rate(cb, nb) - rate(ca, na)

    size, means = len(pairs), []
    for _ in range(resamples):
        # Rounded so sums of thirds that cancel count as exactly zero.
        means.append(round(sum(diff(i) for i in rng.choices(range(size), k=size)) / size, 12))
    means.sort()
    below = sum(1 for m in means if m <= 0) / resamples
    above = sum(1 for m in means if m >= 0) / resamples
    ci = (means[int(0.025 * resamples)], means[min(resamples - 1, int(0.975 * resamples))])
    return min(1.0, 2 * min(below, above)), ci


def paired_test(pairs: list[tuple[int, int, int, int]], alpha: float = ALPHA) -> dict[str, Any]:
    """Delta (B - A, mean pass rate over paired scenarios), the test used, its p, and the verdicts."""
    if not pairs:
        return {"method": None, "paired": 0, "delta": None, "p": None,
                "significant_regression": False, "significant_improvement": False}
    diffs = [cb / nb - ca / na for ca, na, cb, nb in pairs]
    delta = sum(diffs) / len(diffs)
    worse, better = sum(d < 0 for d in diffs), sum(d > 0 for d in diffs)
    p_sign = mcnemar_exact(worse, better)
    out: dict[str, Any] = {"paired": len(pairs), "score_a": round(sum(ca / na for ca, na, _, _ in pairs) / len(pairs), 4),
                           "score_b": round(sum(cb / nb for _, _, cb, nb in pairs) / len(pairs), 4),
                           "delta": round(delta, 4), "worse": worse, "better": better}
    if all(na == 1 and nb == 1 for _, na, _, nb in pairs):
        out.update(method="mcnemar_exact", p=p_sign)
    else:
        p_boot, ci = paired_bootstrap(pairs)
        out.update(method="paired_bootstrap", p_bootstrap=p_boot, p_sign=p_sign, p=max(p_boot, p_sign),
                   ci95=[round(ci[0], 4), round(ci[1], 4)], resamples=BOOTSTRAP_RESAMPLES, seed=BOOTSTRAP_SEED)
    out["significant_regression"] = delta < 0 and out["p"] < alpha
    out["significant_improvement"] = delta > 0 and out["p"] < alpha
    return out


# --- the comparison ------------------------------------------------------------------------------


def classify(a: tuple[int, int] | None, b: tuple[int, int] | None) -> str:
    if a is None:
        return "new"
    if b is None:
        return "dropped"
    pass_a, pass_b = a[0] / a[1] >= PASS_THRESHOLD, b[0] / b[1] >= PASS_THRESHOLD
    return {(False, True): "fix", (True, False): "regression", (True, True): "stable_pass"}.get(
        (pass_a, pass_b), "stable_fail")


def _block(entries: list[dict[str, Any]], pairs: list[tuple[int, int, int, int]], alpha: float) -> dict[str, Any]:
    counts = {c: 0 for c in CLASSES}
    for e in entries:
        counts[e["class"]] += 1
    ids = {c: [e["id"] for e in entries if e["class"] == c] for c in ("regression", "fix", "new", "dropped")}
    return {"counts": counts, "regressions": ids["regression"], "fixes": ids["fix"], "new": ids["new"],
            "dropped": ids["dropped"], **paired_test(pairs, alpha)}


def major(version: Any) -> str:
    """The major part of a pack version ("2.0.0" -> "2"); a major bump means the grading rule changed."""
    return str(version or "0").split(".")[0]


def incomparable_packs(a: Side, b: Side) -> dict[str, str]:
    """pack_id -> why, for packs on both sides whose major versions differ: the same reply may get another
    verdict, so a change in score would not be a change in the model. They are left out of every test."""
    out = {}
    for pid in sorted(a.packs.keys() & b.packs.keys()):
        va, vb = a.packs[pid]["version"], b.packs[pid]["version"]
        if major(va) != major(vb):
            out[pid] = (f"{pid}: pack v{va} (A) and v{vb} (B) differ in major version, so they grade by different "
                        f"rules; left out of the comparison. Re-grade the older results with the current packs "
                        f"(pytest-quality rescore OLD.json -o OLD-rescored.json) and compare those")
    return out


def warnings_for(a: Side, b: Side, refused: dict[str, str]) -> list[str]:
    """`refused`: incomparable_packs(a, b), which the caller has already computed."""
    out = []
    for key, what in (("mode", "pack sets"), ("thinking_mode", "thinking modes")):
        if a.meta.get(key) and b.meta.get(key) and a.meta[key] != b.meta[key]:
            out.append(f"different {what}: {a.meta[key]} (A) vs {b.meta[key]} (B)")
    out += [f"NOT COMPARED {why}" for why in refused.values()]
    for pid in (a.packs.keys() & b.packs.keys()) - refused.keys():
        va, vb = a.packs[pid]["version"], b.packs[pid]["version"]
        if va != vb:
            out.append(f"{pid}: different pack versions {va} (A) vs {vb} (B); scenarios may not be comparable")
    for side, name in ((a, "A"), (b, "B")):
        if side.meta.get("canonical") is False:
            out.append(f"{name} ({side.label}) is a non-canonical run")
    return out


def compare(a: Side, b: Side, alpha: float = ALPHA) -> dict[str, Any]:
    """A is the earlier run or baseline, B the new run. JSON-able result (the `comparison` object)."""
    refused = incomparable_packs(a, b)
    order = [pid for pid in list(b.packs) + [p for p in a.packs if p not in b.packs] if pid not in refused]
    scenarios, packs, all_entries, all_pairs = [], [], [], []
    for pid in order:
        ca = a.packs.get(pid, {}).get("counts", {})
        cb = b.packs.get(pid, {}).get("counts", {})
        entries, pairs = [], []
        for sid in list(ca) + [s for s in cb if s not in ca]:
            ra, rb = ca.get(sid), cb.get(sid)
            entry = {"pack_id": pid, "id": sid, "class": classify(ra, rb),
                     "a": list(ra) if ra else None, "b": list(rb) if rb else None}
            entries.append(entry)
            if ra and rb:
                pairs.append((*ra, *rb))
        title = (b.packs.get(pid) or a.packs[pid])["title"]
        packs.append({"pack_id": pid, "title": title, **_block(entries, pairs, alpha)})
        scenarios += entries
        all_entries += entries
        all_pairs += pairs
    total = _block(all_entries, all_pairs, alpha)
    sig_reg = total["significant_regression"] or any(p["significant_regression"] for p in packs)
    sig_imp = total["significant_improvement"] or any(p["significant_improvement"] for p in packs)
    verdict = ("significant regression" if sig_reg else "significant improvement" if sig_imp
               else "not comparable: major pack versions differ" if refused and not all_pairs
               else "no significant regression")
    return {"a": {"label": a.label, "kind": a.kind, **a.meta}, "b": {"label": b.label, "kind": b.kind, **b.meta},
            "alpha": alpha, "pass_threshold": PASS_THRESHOLD, "packs": packs, "total": total,
            "scenarios": scenarios, "significant_regression": sig_reg, "verdict": verdict,
            "incomparable": [{"pack_id": pid, "a_version": a.packs[pid]["version"],
                              "b_version": b.packs[pid]["version"], "reason": why} for pid, why in refused.items()],
            "warnings": warnings_for(a, b, refused)}


# --- terminal output -------------------------------------------------------------------------------


def _pp(delta: float | None) -> str:
    return "" if delta is None else f"{delta * 100:+.0f}pp"


def _p(p: float | None) -> str:
    return "—" if p is None else f"{p:.3g}"


def delta_cell(block: dict[str, Any]) -> str:
    if block.get("delta") is None:
        return "new" if block["counts"]["new"] else ""
    mark = " ▼" if block["significant_regression"] else " ▲" if block["significant_improvement"] else ""
    return f"{_pp(block['delta'])} (p={_p(block['p'])}){mark}"


def table_columns(data: dict[str, Any]) -> list[tuple[str, dict[str, str], str]]:
    cmp = data.get("comparison")
    if not cmp:
        return []
    return [("Δ vs prev", {p["pack_id"]: delta_cell(p) for p in cmp["packs"]}, delta_cell(cmp["total"]))]


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _line(name: str, block: dict[str, Any]) -> str:
    c = block["counts"]
    parts = [_n(c["regression"], "regression") + (f" ({' '.join(block['regressions'])})" if block["regressions"] else ""),
             _n(c["fix"], "fix", "fixes") + (f" ({' '.join(block['fixes'])})" if block["fixes"] else ""),
             f"{c['stable_pass']} stable pass", f"{c['stable_fail']} stable fail"]
    parts += [f"{c[k]} {k}" for k in ("new", "dropped") if c[k]]
    stat = ""
    if block.get("delta") is not None:
        stat = f"; Δ {_pp(block['delta'])}, p={_p(block['p'])}"
        if block["significant_regression"]:
            stat += " SIGNIFICANT REGRESSION"
        elif block["significant_improvement"]:
            stat += " significant improvement"
    return f"- {name}: " + ", ".join(parts) + stat


METHOD_NAMES = {"mcnemar_exact": "exact McNemar", "paired_bootstrap": "paired bootstrap + exact sign test"}


def summary_lines(cmp: dict[str, Any]) -> list[str]:
    method = METHOD_NAMES.get(cmp["total"].get("method"), "no paired scenarios")
    a = cmp["a"]
    what = ", ".join(str(x) for x in (a.get("model"), a.get("mode"), a.get("started_at") or a.get("created_at")) if x)
    lines = [f"Comparison of {cmp['b']['label']} vs {a['label']} ({what}); {method}, significant at p < {cmp['alpha']}:"]
    lines += [_line(p["pack_id"], p) for p in cmp["packs"]]
    lines.append(_line("TOTAL", cmp["total"]))
    lines += [f"⚠ {w}" for w in cmp["warnings"]]
    total = cmp["total"]
    why = "" if total.get("p") is None else f" (TOTAL Δ {_pp(total['delta'])}, p={_p(total['p'])})"
    lines.append(f"Verdict: {cmp['verdict']}{why}")
    return lines


# --- `pytest-quality diff A.json B.json` ---------------------------------------------------------


def run_diff(a_path: str, b_path: str, json_out: str | None, exit_on_regression: bool,
             allow_major_mismatch: bool = False) -> int:
    """Shared by `diff` and `baseline diff`: print the comparison, optionally save it, return the status.
    Packs whose major versions differ are refused (exit 2) unless `allow_major_mismatch` leaves them out."""
    try:
        a, b = load_side(a_path), load_side(b_path)
    except ValueError as exc:
        print(f"pytest-quality diff: {exc}", file=sys.stderr)
        return 2
    refused = incomparable_packs(a, b)
    if refused and not allow_major_mismatch:
        print("pytest-quality diff: refusing to compare across major pack versions:", file=sys.stderr)
        for why in refused.values():
            print(f"  {why}", file=sys.stderr)
        print("  (--allow-major-mismatch compares the other packs and leaves these out)", file=sys.stderr)
        return 2
    cmp = compare(a, b)
    print("\n".join(summary_lines(cmp)))
    if json_out:
        Path(json_out).write_text(json.dumps(cmp, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 3 if exit_on_regression and cmp["significant_regression"] else 0


def diff_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="pytest-quality diff",
                                 description="Compare two results files (or a baseline and a results file).")
    ap.add_argument("a", help="earlier results file or baseline (A)")
    ap.add_argument("b", help="new results file (B)")
    ap.add_argument("--json", metavar="PATH", help="also write the comparison as JSON")
    ap.add_argument("--exit-on-regression", action="store_true", help="exit 3 on a significant regression")
    ap.add_argument("--allow-major-mismatch", action="store_true",
                    help="compare the packs whose major versions agree and leave the others out (default: refuse)")
    args = ap.parse_args(argv)
    return run_diff(args.a, args.b, args.json, args.exit_on_regression, args.allow_major_mismatch)
