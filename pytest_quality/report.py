"""The terminal summary (docs/INTERFACE.md shows it): header, table, failure breakdown, Quality line."""

from __future__ import annotations

from typing import Any

from pytest_quality import compare, serving, stats
from pytest_quality.stream import table_columns as ttft_columns  # --stream: TTFT p50 / p95

STATUS_ICON = {"ok": "✅", "below floor": "⚠️ below floor", "INCOMPLETE": "❌ INCOMPLETE", "skipped": "skipped"}


def _pct(score: float | None) -> str:
    return "—" if score is None else f"{round(score * 100)}%"


def _secs(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}s"


def header(data: dict[str, Any]) -> str:
    parts = [
        f"endpoint: {data.get('endpoint')}",
        f"model: {data.get('model')}",
        f"thinking={data.get('thinking_label')}",
    ]
    text = f"=== pytest-quality {data.get('mode')}  ({', '.join(parts)})"
    if not data.get("canonical", True):
        text += f"  ⚠ NON-CANONICAL ({', '.join(data.get('non_canonical_reasons') or [])})"
    if not data.get("complete", True):
        text += "  ❌ INCOMPLETE"
    return text + " ==="


def table(data: dict[str, Any]) -> list[str]:
    # Extra columns: repeat statistics when --repeat > 1, "Δ vs prev" with --previous-result.
    extra = stats.table_columns(data) + compare.table_columns(data)

    extra = ttft_columns(data) + extra
    rows = [("Pack", "Pass / Total", "Score", "p50 latency", "p95 latency", "Status", *[h for h, _, _ in extra])]
    for p in data["packs"]:
        status = STATUS_ICON.get(p["status"], p["status"])
        if p["errors"]:
            status += f" ({p['errors']} errors)"
        if p.get("missing"):
            status += f" ({p['missing']} not run)"
        status += serving.report.pack_status(p)
        rows.append(
            (
                f"{p['title']} (v{p['version']})",
                f"{p['passed']} / {p['total']}",
                _pct(p["score"]),
                _secs(p["latency"]["p50"]),
                _secs(p["latency"]["p95"]),
                status,
                *[cells.get(p["pack_id"], "") for _, cells, _ in extra],
            )
        )
    t = data["totals"]
    rows.append(("TOTAL", f"{t['passed']} / {t['total']}", _pct(t["score"]), "", "", "", *[c for _, _, c in extra]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.center(w) for c, w in zip(row[1:], widths[1:])]
        lines.append(" | ".join(cells).rstrip())
        if n == len(rows) - 2:
            lines.append("-|-".join("-" * w for w in widths))
    return lines


def failure_lines(data: dict[str, Any]) -> list[str]:
    lines = []
    for p in data["packs"]:
        for r in p["scenarios"]:
            if r.get("passed") or r.get("skipped"):
                continue
            rep = f"[r{r['repeat_index'] + 1}] " if (data.get("repeat") or 1) > 1 else ""  # as in the node id
            lines.append(
                f"- {p['pack_id']} {r['id']} {rep}: {r.get('failure_mode')} ({r.get('detail', '')})".replace(" :", ":")
            )
    return lines


def quality_line(data: dict[str, Any], date: str) -> str:
    packs = [p for p in data["packs"] if p["total"]]
    items = [f"{p['title']} {p['passed']}/{p['total']} ({_pct(p['score'])})" for p in packs]
    versions = sorted({".".join(str(p["version"]).split(".")[:2]) for p in packs})
    tags = [data.get("mode", ""), f"packs v{'/'.join(versions)}.x" if versions else "", date]
    if not data.get("canonical", True):
        tags.insert(1, "non-canonical")
    if not data.get("complete", True):
        tags.insert(1, "INCOMPLETE")
    return "Quality:   " + " · ".join(items) + f" ({', '.join(t for t in tags if t)})"


def summary_lines(data: dict[str, Any]) -> list[str]:
    lines = [header(data), ""]
    lines += [f"⚠ {w}" for w in data.get("top_warnings", [])]
    lines += serving.summary_before(data)  # the "Serving" table, when the checks ran
    lines += table(data) if data["packs"] or not data.get("serving") else []
    failures = failure_lines(data)
    if failures:
        lines += ["", "Failure breakdown:", *failures]
    flaky = stats.flaky_lines(data)
    if flaky:
        lines += ["", *flaky]
    if data.get("comparison"):
        lines += ["", *compare.summary_lines(data["comparison"])]
    if data.get("warnings"):
        lines += ["", "Warnings:", *[f"- {w}" for w in data["warnings"]]]
    lines += ["", data["quality_line"], *serving.summary_after(data)]
    return lines
