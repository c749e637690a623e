"""Comparing two runs (or a run and a baseline): per-scenario classes and a paired significance test.

A "significant regression" (docs/COMPARING.md): on a pack or in total, over the scenarios scored on both
sides, B's mean pass rate is below A's and the paired test gives p < ALPHA (per pack: the Holm-adjusted p,
so five packs are not five chances to fire). Single runs on both sides use the exact McNemar test; when
either side has repeats, or scenarios share a source (clusters), a (cluster) bootstrap, made conservative by
also requiring the exact sign test on the units whose pass rate changed (reported p = the larger of the two).
Every block also states what it could have seen (power.py): its minimum detectable effect and a four-way
verdict. Everything here is pure except `load_side`, `run_diff` and `diff_main`.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_quality import noise as noise_mod
from pytest_quality import power
from pytest_quality.stats import scenario_counts

ALPHA = 0.05
PASS_THRESHOLD = 0.5  # a scenario with repeats counts as passing on a side when its pass rate is >= this
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20260509
CLASSES = ("fix", "regression", "stable_pass", "stable_fail", "new", "dropped")
BASELINE_KIND = "pytest-quality-baseline"
VERDICTS = ("regression", "improvement", "no change detected", "underpowered")
# Scenarios generated from one source are not independent draws: (pack id prefix, id pattern, what the
# captured group is). A template's instances, or one language's exercises, tend to pass or fail together.
CLUSTER_RULES = (
    ("gsm-symbolic", re.compile(r"^GSM-(T\d+)-"), "template"),
    ("aider-polyglot", re.compile(r"^AP-([A-Za-z0-9+#]+)-"), "language"),
)


def cluster_of(pack_id: str, scenario_id: str) -> tuple[str, str] | None:
    """(what, cluster key) for a scenario that shares a source with others, else None."""
    for prefix, pattern, what in CLUSTER_RULES:
        if pack_id.startswith(prefix):
            hit = pattern.match(scenario_id)
            if hit:
                return what, f"{pack_id}:{what}={hit.group(1)}"
    return None


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
    meta = {
        k: data.get(k)
        for k in (
            "model",
            "mode",
            "canonical",
            "thinking_mode",
            "started_at",
            "repeat",
            "schema_version",
            "slug",
            "baseline_mode",
            "n",
            "created_at",
        )
    }
    side = Side(label, kind, meta)
    for p in data["packs"]:
        if kind == "baseline":
            counts = {s["id"]: (int(s["passes"]), int(s["runs"])) for s in p.get("per_scenario", []) if s.get("runs")}
        else:
            counts = scenario_counts(p.get("scenarios") or [])
        side.packs[p["pack_id"]] = {
            "title": p.get("title", p["pack_id"]),
            "version": p.get("version"),
            "counts": counts,
        }
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
    return min(1.0, 2 * tail / 2**n)


def paired_bootstrap(
    pairs: list[tuple[int, int, int, int]],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    clusters: list[list[int]] | None = None,
) -> tuple[float, tuple[float, float]]:
    """Two-sided percentile p and 95% interval of mean(rate_B - rate_A) over scenarios (c_a, n_a, c_b, n_b).

    Each resample draws scenarios with replacement, then each side's runs within a scenario, so both the
    choice of scenarios and run-to-run noise count. Scenarios at 0% or 100% on a side resample to themselves.
    `clusters` (lists of pair indices): draw whole clusters instead of scenarios (a cluster bootstrap).
    """
    rng = random.Random(seed)
    # Scenarios at 0% or 100% on both sides always resample to the same difference: precompute those.
    fixed = [cb / nb - ca / na if ca in (0, na) and cb in (0, nb) else None for ca, na, cb, nb in pairs]

    def rate(c: int, n: int) -> float:
        return sum(rng.random() < c / n for _ in range(n)) / n

    def diff(i: int) -> float:
        known = fixed[i]
        if known is not None:
            return known
        ca, na, cb, nb = pairs[i]
        return rate(cb, nb) - rate(ca, na)

    size, means = len(pairs), []
    for _ in range(resamples):
        if clusters is None:
            drawn = rng.choices(range(size), k=size)
        else:
            drawn = [i for g in rng.choices(clusters, k=len(clusters)) for i in g]
        # Rounded so sums of thirds that cancel count as exactly zero.
        means.append(round(sum(diff(i) for i in drawn) / len(drawn), 12))
    means.sort()
    below = sum(1 for m in means if m <= 0) / resamples
    above = sum(1 for m in means if m >= 0) / resamples
    ci = (means[int(0.025 * resamples)], means[min(resamples - 1, int(0.975 * resamples))])
    return min(1.0, 2 * min(below, above)), ci


def standard_errors(diffs: list[float], groups: list[str]) -> dict[str, Any]:
    """Naive and cluster-robust (CR1) standard errors of the mean difference; design effect = their ratio²."""
    n = len(diffs)
    if n < 2:
        return {}
    mean = sum(diffs) / n
    naive = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1) / n)
    sums: dict[str, float] = {}
    for d, g in zip(diffs, groups):
        sums[g] = sums.get(g, 0.0) + d - mean
    big_g = len(sums)
    out: dict[str, Any] = {"se": round(naive, 4)}
    if big_g < n and big_g > 1:
        clustered = math.sqrt(big_g / (big_g - 1) * sum(v * v for v in sums.values())) / n
        out["se_clustered"] = round(clustered, 4)
        out["design_effect"] = round((clustered / naive) ** 2, 3) if naive else None
    return out


def paired_test(
    pairs: list[tuple[int, int, int, int]], alpha: float = ALPHA, groups: list[str] | None = None
) -> dict[str, Any]:
    """Delta (B - A, mean pass rate over paired scenarios), the test used, its p, the verdicts, and what
    the comparison could see (its MDE). `groups`: a cluster key per pair (scenarios sharing a source)."""
    if not pairs:
        return {
            "method": None,
            "paired": 0,
            "delta": None,
            "p": None,
            "mde": None,
            "units": 0,
            "significant_regression": False,
            "significant_improvement": False,
        }
    groups = groups or [str(i) for i in range(len(pairs))]
    diffs = [cb / nb - ca / na for ca, na, cb, nb in pairs]
    delta = sum(diffs) / len(diffs)
    worse, better = sum(d < 0 for d in diffs), sum(d > 0 for d in diffs)
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    clustered = len(members) < len(pairs)
    if clustered:  # the sign test counts clusters: a cluster is worse when its scenarios' changes sum below 0
        sums = [sum(diffs[i] for i in idx) for idx in members.values()]
        u_worse, u_better = sum(v < -1e-12 for v in sums), sum(v > 1e-12 for v in sums)
    else:
        u_worse, u_better = worse, better
    p_sign = mcnemar_exact(u_worse, u_better)
    out: dict[str, Any] = {
        "paired": len(pairs),
        "score_a": round(sum(ca / na for ca, na, _, _ in pairs) / len(pairs), 4),
        "score_b": round(sum(cb / nb for _, _, cb, nb in pairs) / len(pairs), 4),
        "delta": round(delta, 4),
        "worse": worse,
        "better": better,
    }
    if not clustered and all(na == 1 and nb == 1 for _, na, _, nb in pairs):
        out.update(method="mcnemar_exact", p=p_sign)
    else:
        p_boot, ci = paired_bootstrap(pairs, clusters=list(members.values()) if clustered else None)
        out.update(
            method="cluster_bootstrap" if clustered else "paired_bootstrap",
            p_bootstrap=p_boot,
            p_sign=p_sign,
            p=max(p_boot, p_sign),
            ci95=[round(ci[0], 4), round(ci[1], 4)],
            resamples=BOOTSTRAP_RESAMPLES,
            seed=BOOTSTRAP_SEED,
        )
    if clustered:
        out.update(units_worse=u_worse, units_better=u_better)
    out.update(standard_errors(diffs, groups))
    # What this comparison could see: units = clusters (or scenarios); background = the minority-direction
    # share, i.e. the flips a drop does not explain (0 on a deterministic endpoint).
    units = len(members)
    background = min(u_worse, u_better) / units
    out.update(units=units, background=round(background, 4), mde=power.mde(units, background, alpha))
    out["significant_regression"] = delta < 0 and out["p"] < alpha
    out["significant_improvement"] = delta > 0 and out["p"] < alpha
    return out


def four_way(block: dict[str, Any], detect: float) -> str:
    """regression / improvement when significant; else powered ("no change detected") only when the MDE
    is at most the drop the user must be able to see."""
    if block["significant_regression"]:
        return "regression"
    if block["significant_improvement"]:
        return "improvement"
    mde = block.get("mde")
    return "no change detected" if mde is not None and mde <= detect + 1e-9 else "underpowered"


# --- the comparison ------------------------------------------------------------------------------


def classify(a: tuple[int, int] | None, b: tuple[int, int] | None) -> str:
    if a is None:
        return "new"
    if b is None:
        return "dropped"
    pass_a, pass_b = a[0] / a[1] >= PASS_THRESHOLD, b[0] / b[1] >= PASS_THRESHOLD
    return {(False, True): "fix", (True, False): "regression", (True, True): "stable_pass"}.get(
        (pass_a, pass_b), "stable_fail"
    )


def _block(
    entries: list[dict[str, Any]],
    pairs: list[tuple[int, int, int, int]],
    alpha: float,
    groups: list[str],
    kinds: set[str],
) -> dict[str, Any]:
    counts = {c: 0 for c in CLASSES}
    for e in entries:
        counts[e["class"]] += 1
    ids = {c: [e["id"] for e in entries if e["class"] == c] for c in ("regression", "fix", "new", "dropped")}
    block = {
        "counts": counts,
        "regressions": ids["regression"],
        "fixes": ids["fix"],
        "new": ids["new"],
        "dropped": ids["dropped"],
        "discounted": [e["id"] for e in entries if e.get("noisy")],
        **paired_test(pairs, alpha, groups),
    }
    block["clustering"] = clustering_of(pairs, groups, kinds)
    return block


def clustering_of(pairs: list[tuple[int, int, int, int]], groups: list[str], kinds: set[str]) -> dict[str, Any]:
    """Which dependence the test accounts for: clusters of scenarios (by template / language) and repeats."""
    by = sorted(kinds) if len(set(groups)) < len(groups) else []
    return {
        "by": by or ["scenario"],
        "units": len(set(groups)),
        "scenarios": len(pairs),
        "repeats_within_scenario": any(na > 1 or nb > 1 for _, na, _, nb in pairs),
    }


def clustering_text(c: dict[str, Any] | None) -> str:
    if not c:
        return ""
    base = (
        "scenarios as independent units"
        if c["by"] == ["scenario"]
        else f"clustered by {' and '.join(c['by'])} ({c['units']} independent units for {c['scenarios']} scenarios)"
    )
    return base + ("; repeats resampled within their scenario" if c.get("repeats_within_scenario") else "")


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
            out[pid] = (
                f"{pid}: pack v{va} (A) and v{vb} (B) differ in major version, so they grade by different "
                f"rules; left out of the comparison. Re-grade the older results with the current packs "
                f"(pytest-quality rescore OLD.json -o OLD-rescored.json) and compare those"
            )
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


_MEMO: dict[str, Any] = {}  # the last comparison: junit properties and the results file ask for the same one


def compare(
    a: Side, b: Side, alpha: float = ALPHA, detect: float = power.DEFAULT_DETECT, noise: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A is the earlier run or baseline, B the new run. JSON-able result (the `comparison` object).
    `detect`: the drop a powered comparison must be able to see. `noise`: a noise file (noise.py); its
    scenarios that flipped on their own are listed but left out of the tests."""
    key = json.dumps(
        [a.label, a.meta, a.packs, b.label, b.meta, b.packs, alpha, detect, noise], sort_keys=True, default=str
    )
    if _MEMO.get("key") == key:
        return copy.deepcopy(_MEMO["value"])
    result = _compare(a, b, alpha, detect, noise)
    _MEMO.update(key=key, value=copy.deepcopy(result))
    return result


def _compare(a: Side, b: Side, alpha: float, detect: float, noise: dict[str, Any] | None) -> dict[str, Any]:
    refused = incomparable_packs(a, b)
    noisy = {(s["pack_id"], s["id"]) for s in (noise or {}).get("scenarios", []) if s.get("flip_rate")}
    order = [pid for pid in list(b.packs) + [p for p in a.packs if p not in b.packs] if pid not in refused]
    scenarios, packs, all_entries, all_pairs, all_groups, all_kinds = [], [], [], [], [], set()
    for pid in order:
        ca = a.packs.get(pid, {}).get("counts", {})
        cb = b.packs.get(pid, {}).get("counts", {})
        entries, pairs, groups, kinds = [], [], [], set()
        for sid in list(ca) + [s for s in cb if s not in ca]:
            ra, rb = ca.get(sid), cb.get(sid)
            entry = {
                "pack_id": pid,
                "id": sid,
                "class": classify(ra, rb),
                "a": list(ra) if ra else None,
                "b": list(rb) if rb else None,
            }
            if (pid, sid) in noisy:
                entry["noisy"] = True
            entries.append(entry)
            if ra and rb and not entry.get("noisy"):
                pairs.append((*ra, *rb))
                cluster = cluster_of(pid, sid)
                groups.append(cluster[1] if cluster else f"{pid}:{sid}")
                kinds.update([cluster[0]] if cluster else [])
        title = (b.packs.get(pid) or a.packs[pid])["title"]
        packs.append({"pack_id": pid, "title": title, **_block(entries, pairs, alpha, groups, kinds)})
        scenarios += entries
        all_entries += entries
        all_pairs += pairs
        all_groups += groups
        all_kinds |= kinds
    total = _block(all_entries, all_pairs, alpha, all_groups, all_kinds)
    # Holm across packs: the per-pack verdicts are a family; the total is one test of its own.
    for pack, adjusted in zip(packs, power.holm([p["p"] for p in packs])):
        pack["p_holm"] = adjusted
        if adjusted is not None:
            pack["significant_regression"] = pack["delta"] < 0 and adjusted < alpha
            pack["significant_improvement"] = pack["delta"] > 0 and adjusted < alpha
    for block in [*packs, total]:
        block["verdict"] = four_way(block, detect)
        needed = power.units_needed(detect, block.get("background") or 0.0, alpha) if block.get("paired") else None
        block["units_needed"] = needed
    sig_reg = total["significant_regression"] or any(p["significant_regression"] for p in packs)
    sig_imp = total["significant_improvement"] or any(p["significant_improvement"] for p in packs)
    verdict = (
        "significant regression"
        if sig_reg
        else "significant improvement"
        if sig_imp
        else "not comparable: major pack versions differ"
        if refused and not all_pairs
        else "no significant regression"
    )
    out = {
        "a": {"label": a.label, "kind": a.kind, **a.meta},
        "b": {"label": b.label, "kind": b.kind, **b.meta},
        "alpha": alpha,
        "pass_threshold": PASS_THRESHOLD,
        "packs": packs,
        "total": total,
        "scenarios": scenarios,
        "significant_regression": sig_reg,
        "verdict": verdict,
        "underpowered": total["verdict"] == "underpowered",
        "power": {
            "power": power.POWER,
            "detect": detect,
            "family": "holm",
            "model": power.MODEL,
            "repeats_note": power.REPEATS_NOTE,
        },
        "incomparable": [
            {"pack_id": pid, "a_version": a.packs[pid]["version"], "b_version": b.packs[pid]["version"], "reason": why}
            for pid, why in refused.items()
        ],
        "warnings": warnings_for(a, b, refused),
    }
    if noise is not None:
        out["noise"] = noise_summary(noise, [e for e in scenarios if e.get("noisy")])
    return out


def noise_summary(noise: dict[str, Any], discounted: list[dict[str, Any]]) -> dict[str, Any]:
    t = noise.get("total") or {}
    return {
        "source": noise.get("source"),
        "repeat": noise.get("repeat"),
        "scenarios": t.get("scenarios"),
        "flaky": t.get("flaky"),
        "mean_flip_rate": t.get("mean_flip_rate"),
        "discounted": [{"pack_id": e["pack_id"], "id": e["id"]} for e in discounted],
    }


# --- terminal output -------------------------------------------------------------------------------


def _pp(delta: float | None) -> str:
    return "" if delta is None else f"{delta * 100:+.0f}pp"


def _p(p: float | None) -> str:
    return "—" if p is None else f"{p:.3g}"


def _mde(block: dict[str, Any]) -> str:
    return "no drop detectable" if block.get("mde") is None else f"MDE {block['mde'] * 100:.1f}pp"


def delta_cell(block: dict[str, Any]) -> str:
    if block.get("delta") is None:
        return "new" if block["counts"]["new"] else ""
    mark = (
        " ▼"
        if block["significant_regression"]
        else " ▲"
        if block["significant_improvement"]
        else " ?"
        if block.get("verdict") == "underpowered"
        else ""
    )
    return f"{_pp(block['delta'])} (p={_p(block['p'])}){mark}"


def table_columns(data: dict[str, Any]) -> list[tuple[str, dict[str, str], str]]:
    cmp = data.get("comparison")
    if not cmp:
        return []
    return [
        ("Δ vs prev", {p["pack_id"]: delta_cell(p) for p in cmp["packs"]}, delta_cell(cmp["total"])),
        ("Verdict", {p["pack_id"]: p.get("verdict", "") for p in cmp["packs"]}, cmp["total"].get("verdict", "")),
    ]


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _line(name: str, block: dict[str, Any]) -> str:
    c = block["counts"]
    parts = [
        _n(c["regression"], "regression") + (f" ({' '.join(block['regressions'])})" if block["regressions"] else ""),
        _n(c["fix"], "fix", "fixes") + (f" ({' '.join(block['fixes'])})" if block["fixes"] else ""),
        f"{c['stable_pass']} stable pass",
        f"{c['stable_fail']} stable fail",
    ]
    parts += [f"{c[k]} {k}" for k in ("new", "dropped") if c[k]]
    if block.get("discounted"):
        parts.append(f"{len(block['discounted'])} discounted as noisy ({' '.join(block['discounted'])})")
    stat = ""
    if block.get("delta") is not None:
        holm = "" if block.get("p_holm") is None else f" (Holm {_p(block['p_holm'])})"
        stat = f"; Δ {_pp(block['delta'])}, p={_p(block['p'])}{holm}"
        if block["significant_regression"]:
            stat += " SIGNIFICANT REGRESSION"
        elif block["significant_improvement"]:
            stat += " significant improvement"
        stat += (
            f"; {_mde(block)} over {block['units']} {'clusters' if block['units'] < block['paired'] else 'scenarios'}"
        )
    if block.get("verdict"):
        stat += f" → {block['verdict']}"
    return f"- {name}: " + ", ".join(parts) + stat


METHOD_NAMES = {
    "mcnemar_exact": "exact McNemar",
    "paired_bootstrap": "paired bootstrap + exact sign test",
    "cluster_bootstrap": "cluster bootstrap + exact sign test over clusters",
}


def summary_lines(cmp: dict[str, Any]) -> list[str]:
    method = METHOD_NAMES.get(cmp["total"].get("method"), "no paired scenarios")
    a = cmp["a"]
    what = ", ".join(str(x) for x in (a.get("model"), a.get("mode"), a.get("started_at") or a.get("created_at")) if x)
    lines = [
        f"Comparison of {cmp['b']['label']} vs {a['label']} ({what}); {method}, significant at p < {cmp['alpha']}"
        + (", per pack Holm-adjusted:" if len(cmp["packs"]) > 1 else ":")
    ]
    lines += [_line(p["pack_id"], p) for p in cmp["packs"]]
    lines.append(_line("TOTAL", cmp["total"]))
    lines += [f"⚠ {w}" for w in cmp["warnings"]]
    lines += power_lines(cmp)
    total = cmp["total"]
    why = "" if total.get("p") is None else f" (TOTAL Δ {_pp(total['delta'])}, p={_p(total['p'])})"
    lines.append(f"Verdict: {cmp['verdict']}{why}")
    return lines


def power_lines(cmp: dict[str, Any]) -> list[str]:
    """What the comparison could see: clustering, MDE against --detect, the endpoint's noise."""
    total, pw = cmp["total"], cmp.get("power") or {}
    if total.get("delta") is None:
        return []
    detect = pw.get("detect", power.DEFAULT_DETECT)
    lines = [f"Statistics: {clustering_text(total.get('clustering'))}"]
    if total.get("se_clustered") is not None:
        lines[0] += f"; clustered SE {total['se_clustered'] * 100:.1f}pp vs naive {total['se'] * 100:.1f}pp"
    unit = "clusters" if total["units"] < total["paired"] else "scenarios"
    needed = total.get("units_needed")
    lines.append(
        f"Power: {_mde(total)} (α {cmp['alpha']}, {pw.get('power', power.POWER):.0%} power, background "
        f"flip rate {total['background'] * 100:.1f}%); to detect a {detect * 100:g}pp drop: "
        + (f"{needed} {unit}" if needed else "not reachable")
        + f" (this comparison has {total['units']}); "
        "more repeats do not lower the MDE"
    )
    noise = cmp.get("noise")
    if noise:
        rate = noise.get("mean_flip_rate")
        lines.append(
            f"Endpoint noise ({noise.get('source')}, {noise.get('repeat')} runs): {noise.get('flaky')} of "
            f"{noise.get('scenarios')} scenarios flip on their own, mean flip rate "
            f"{'—' if rate is None else f'{rate * 100:.1f}%'} per pair of runs; "
            f"{len(noise['discounted'])} discounted from the tests"
        )
    if total.get("verdict") == "underpowered":
        size = "any size" if total.get("mde") is None else f"{total['mde'] * 100:.1f}pp"
        lines.append(
            f"UNDERPOWERED: no significant change, but this comparison sees a drop reliably only from "
            f"{size} on, and --detect asks for {detect * 100:g}pp"
        )
    return lines


# --- `pytest-quality diff A.json B.json` ---------------------------------------------------------


def add_power_arguments(ap: argparse.ArgumentParser) -> None:
    """--detect, --noise, --fail-on-underpowered for `diff` and `baseline diff`."""
    ap.add_argument(
        "--detect",
        type=float,
        default=power.DEFAULT_DETECT,
        metavar="D",
        help="the drop in pass rate (0..1) a comparison must be able to see; below it a 'no change' "
        f"is underpowered (default {power.DEFAULT_DETECT})",
    )
    ap.add_argument(
        "--noise",
        metavar="NOISE.json",
        help="noise file from `pytest-quality noise`: scenarios that flip on their own are left out of the tests",
    )
    ap.add_argument(
        "--fail-on-underpowered",
        action="store_true",
        help="exit 1 when the total comparison is underpowered (cannot see a --detect drop)",
    )


def check_detect(value: float, flag: str = "--detect") -> float:
    if not 0 < value < 1:
        raise ValueError(f"{flag}: {value} is not a drop in pass rate between 0 and 1 (e.g. 0.05)")
    return value


def run_diff(
    a_path: str,
    b_path: str,
    json_out: str | None,
    exit_on_regression: bool,
    allow_major_mismatch: bool = False,
    detect: float = power.DEFAULT_DETECT,
    noise_path: str | None = None,
    fail_on_underpowered: bool = False,
) -> int:
    """Shared by `diff` and `baseline diff`: print the comparison, optionally save it, return the status.
    Packs whose major versions differ are refused (exit 2) unless `allow_major_mismatch` leaves them out."""
    try:
        a, b = load_side(a_path), load_side(b_path)
        check_detect(detect)
        noise = noise_mod.load(noise_path) if noise_path else None
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
    cmp = compare(a, b, detect=detect, noise=noise)
    print("\n".join(summary_lines(cmp)))
    if json_out:
        Path(json_out).write_text(json.dumps(cmp, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if exit_on_regression and cmp["significant_regression"]:
        return 3
    if fail_on_underpowered and cmp["underpowered"]:
        print(
            "pytest-quality diff: --fail-on-underpowered: the comparison cannot see a "
            f"{detect * 100:g}pp drop ({_mde(cmp['total'])})",
            file=sys.stderr,
        )
        return 1
    return 0


def diff_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="pytest-quality diff", description="Compare two results files (or a baseline and a results file)."
    )
    ap.add_argument("a", help="earlier results file or baseline (A)")
    ap.add_argument("b", help="new results file (B)")
    ap.add_argument("--json", metavar="PATH", help="also write the comparison as JSON")
    ap.add_argument("--exit-on-regression", action="store_true", help="exit 3 on a significant regression")
    ap.add_argument(
        "--allow-major-mismatch",
        action="store_true",
        help="compare the packs whose major versions agree and leave the others out (default: refuse)",
    )
    add_power_arguments(ap)
    args = ap.parse_args(argv)
    return run_diff(
        args.a,
        args.b,
        args.json,
        args.exit_on_regression,
        args.allow_major_mismatch,
        args.detect,
        args.noise,
        args.fail_on_underpowered,
    )
