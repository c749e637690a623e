"""Statistics over repeated runs: per-scenario pass rates, unbiased pass@k, Wilson intervals, flaky lists.

Pure functions over the results JSON (its schema: pytest_quality/schemas/results.schema.json); `annotate` adds `packs[].repeat_stats` and a
top-level `repeat_stats`, and the table helpers turn them into extra columns when --repeat > 1.
"""

from __future__ import annotations

import math
from typing import Any

from pytest_quality.results import is_scored

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a binomial proportion; None when there is nothing to estimate."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def pass_at_k(n: int, c: int, k: int) -> float:
    """Chen et al. (2021) unbiased estimator: P(at least one of k draws without replacement passes)."""
    if not 0 < k <= n or not 0 <= c <= n:
        raise ValueError(f"pass@k needs 0 < k <= n and 0 <= c <= n, got n={n} c={c} k={k}")
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def scenario_counts(records: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Scenario id -> (passed runs, scored runs), in first-seen order; serving errors and skips left out."""
    counts: dict[str, tuple[int, int]] = {}
    for r in records:
        if is_scored(r):
            passes, runs = counts.get(r["id"], (0, 0))
            counts[r["id"]] = (passes + bool(r.get("passed")), runs + 1)
    return counts


def summarize(counts: list[tuple[int, int]], repeat: int) -> dict[str, Any]:
    """Mean pass rate, Wilson 95% interval on the pooled runs and mean pass@k for k = 1..repeat."""
    passes, runs = sum(c for c, _ in counts), sum(n for _, n in counts)
    ci = wilson_interval(passes, runs)
    at_k = {}
    for k in range(1, repeat + 1):
        eligible = [pass_at_k(n, c, k) for c, n in counts if n >= k]
        if eligible:
            at_k[str(k)] = round(sum(eligible) / len(eligible), 4)
    rates = [c / n for c, n in counts if n]
    return {
        "scenarios": len(rates),
        "passes": passes,
        "runs": runs,
        "mean": round(sum(rates) / len(rates), 4) if rates else None,
        "ci95": [round(ci[0], 4), round(ci[1], 4)] if ci else None,
        "pass_at_k": at_k,
    }


def pack_repeat_stats(records: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    counts = scenario_counts(records)
    stats = summarize(list(counts.values()), repeat)
    stats["per_scenario"] = [
        {"id": sid, "passes": c, "runs": n, "pass_rate": round(c / n, 4)} for sid, (c, n) in counts.items()
    ]
    stats["flaky"] = [sid for sid, (c, n) in counts.items() if 0 < c < n]
    return stats


def annotate(data: dict[str, Any]) -> None:
    """Add `repeat_stats` to every pack and to the run (in place)."""
    repeat = int(data.get("repeat") or 1)
    all_counts: list[tuple[int, int]] = []
    flaky = []
    for pack in data["packs"]:
        pack["repeat_stats"] = pack_repeat_stats(pack["scenarios"], repeat)
        per = pack["repeat_stats"]["per_scenario"]
        all_counts += [(s["passes"], s["runs"]) for s in per]
        flaky += [{"pack_id": pack["pack_id"], **s} for s in per if 0 < s["passes"] < s["runs"]]
    data["repeat_stats"] = {"repeat": repeat, **summarize(all_counts, repeat), "flaky": flaky}


# --- terminal helpers (used by report.py) ---------------------------------------------------


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100)}%"


def _ci(ci: list[float] | None) -> str:
    return "" if not ci else f"{round(ci[0] * 100)}–{round(ci[1] * 100)}%"


def table_columns(data: dict[str, Any]) -> list[tuple[str, dict[str, str], str]]:
    """Extra table columns when --repeat > 1: (header, {pack_id: cell}, TOTAL cell)."""
    top = data.get("repeat_stats")
    repeat = int(data.get("repeat") or 1)
    if not top or repeat < 2:
        return []
    packs = {p["pack_id"]: p.get("repeat_stats") or {} for p in data["packs"]}
    k = str(repeat)
    return [
        ("95% CI", {pid: _ci(s.get("ci95")) for pid, s in packs.items()}, _ci(top.get("ci95"))),
        (
            f"pass@{k}",
            {pid: _pct(s.get("pass_at_k", {}).get(k)) for pid, s in packs.items()},
            _pct(top.get("pass_at_k", {}).get(k)),
        ),
        ("Flaky", {pid: str(len(s.get("flaky", []))) for pid, s in packs.items()}, str(len(top.get("flaky", [])))),
    ]


def flaky_lines(data: dict[str, Any]) -> list[str]:
    top = data.get("repeat_stats") or {}
    if int(data.get("repeat") or 1) < 2 or not top.get("flaky"):
        return []
    return [f"Flaky scenarios (passed some but not all of {top['repeat']} repeats):"] + [
        f"- {f['pack_id']} {f['id']}: {f['passes']}/{f['runs']}" for f in top["flaky"]
    ]
