"""The HTML report: one self-contained file (inline CSS, JS and SVG; no external URL at all).

`--quality-html PATH` writes it at the end of a run; `pytest-quality html RESULTS.json -o out.html`
renders any saved file. Python computes every number and chart geometry; the jinja2 template
(templates/report.html.j2, package data) only lays them out, so the page shows exactly the JSON.
Optional JSON parts are shown when present: `repeat_stats` (intervals, pass@k, flaky) and
`comparison` (fix / regression view against a previous run).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import jinja2

from pytest_quality import __version__
from pytest_quality.clip import clip_counted
from pytest_quality.compare import power_lines
from pytest_quality.finalise import finalise
from pytest_quality.inspect_results import prompt_view, reply_view
from pytest_quality.record import ScenarioRecord
from pytest_quality.results import PackInfo, utc_now
from pytest_quality.resume import read_saved

Z95 = 1.959963984540054
TEXT_CAP = 20_000  # per prompt/reply/trace field: the page stays light even for runaway replies
MODE_COLORS = {
    "verifier_fail": "#c0392b",
    "wrong_answer": "#d35400",
    "token_limit": "#8e44ad",
    "timeout": "#b7950b",
    "agent_loop_exhausted": "#6c3483",
}
SERVING = {"server_error", "http_error", "model_endpoint_unreachable", "sandbox_unavailable"}


def wilson(passed: int, total: int) -> tuple[float, float] | None:
    """95% Wilson score interval; used when the JSON carries no repeat_stats interval."""
    if total <= 0:
        return None
    p, z2 = passed / total, Z95 * Z95
    denom = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denom
    half = Z95 / denom * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def _interval(stats: Any, passed: int, total: int) -> tuple[tuple[float, float] | None, str]:
    ci = stats.get("ci95") if isinstance(stats, dict) else None
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(isinstance(x, (int, float)) for x in ci):
        return (float(ci[0]), float(ci[1])), "repeat_stats"
    return wilson(passed, total), "wilson"


def secs(v: Any) -> str:
    if not isinstance(v, (int, float)):
        return "—"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f}s" if v < 100 else f"{v:.0f}s"


def pct(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "—"
    return f"{x * 100:.{digits}f}%" if digits else f"{round(x * 100)}%"


# --- charts (geometry in SVG user units) ------------------------------------------------------------


def _nice_step(span: float, bins: int) -> float:
    raw = max(span / bins, 1e-3)
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def histogram(records: list[dict[str, Any]], width: int = 560, height: int = 220) -> dict[str, Any] | None:
    """Latency histogram, bars stacked passed / failed."""
    points = [
        (float(r["latency_s"]), bool(r.get("passed")))
        for r in records
        if isinstance(r.get("latency_s"), (int, float)) and r.get("failure_mode") not in SERVING
    ]
    if not points:
        return None
    top = max(v for v, _ in points)
    bins = min(24, max(6, math.ceil(math.sqrt(len(points)))))
    step = _nice_step(top, bins)
    nbins = max(1, math.floor(top / step) + 1)
    counts = [[0, 0] for _ in range(nbins)]
    for value, ok in points:
        counts[min(nbins - 1, int(value // step))][0 if ok else 1] += 1
    left, bottom, plot_w, plot_h = 40, 28, width - 66, height - 44
    peak = max(a + b for a, b in counts) or 1
    bw = plot_w / nbins
    bars = []
    for i, (good, bad) in enumerate(counts):
        x = left + i * bw
        h_ok, h_bad = plot_h * good / peak, plot_h * bad / peak
        base = height - bottom
        bars.append(
            {
                "x": round(x + 1, 2),
                "w": round(max(bw - 2, 1), 2),
                "ok": good,
                "bad": bad,
                "y_ok": round(base - h_ok, 2),
                "h_ok": round(h_ok, 2),
                "y_bad": round(base - h_ok - h_bad, 2),
                "h_bad": round(h_bad, 2),
                "label": f"{_tick(i * step)}–{_tick((i + 1) * step)}: {good} passed, {bad} failed",
            }
        )
    every = max(1, math.ceil(nbins / 8))
    xticks = [{"x": round(left + i * bw, 2), "label": _tick(i * step)} for i in range(0, nbins + 1, every)]
    ystep = max(1, math.ceil(peak / 4))
    yticks = [{"y": round(height - bottom - plot_h * v / peak, 2), "label": str(v)} for v in range(0, peak + 1, ystep)]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "xticks": xticks,
        "yticks": yticks,
        "left": left,
        "right": left + plot_w,
        "base": height - bottom,
        "top": height - bottom - plot_h,
        "n": len(points),
    }


def _tick(seconds: float) -> str:
    return f"{round(seconds * 1000):g} ms" if 0 < seconds < 1 else f"{round(seconds, 2):g}s"


def _quantile(values: list[float], q: float) -> float:
    pos = (len(values) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def boxplots(packs: list[dict[str, Any]], width: int = 560) -> dict[str, Any] | None:
    """One box per pack: quartiles, whiskers at min/max, on a shared seconds axis."""
    rows = []
    for p in packs:
        values = sorted(
            float(r["latency_s"])
            for r in p.get("scenarios") or []
            if isinstance(r.get("latency_s"), (int, float)) and r.get("failure_mode") not in SERVING
        )
        if values:
            rows.append((p, values))
    if not rows:
        return None
    top = max(v[-1] for _, v in rows) or 1.0
    step = _nice_step(top, 6)
    top = step * math.ceil(top / step)
    left, right, row_h = 130, width - 24, 30
    scale = (right - left) / top

    def x(v: float) -> float:
        return round(left + v * scale, 2)

    boxes = []
    for i, (p, v) in enumerate(rows):
        q1, med, q3 = _quantile(v, 0.25), _quantile(v, 0.5), _quantile(v, 0.75)
        boxes.append(
            {
                "label": p.get("title") or p["pack_id"],
                "y": 8 + i * row_h,
                "min": x(v[0]),
                "max": x(v[-1]),
                "q1": x(q1),
                "q3": x(q3),
                "med": x(med),
                "tip": f"{p.get('title')}: min {secs(v[0])} · median {secs(med)} · max {secs(v[-1])} (n={len(v)})",
            }
        )
    height = 8 + len(rows) * row_h + 26
    ticks = [{"x": x(i * step), "label": _tick(i * step)} for i in range(int(round(top / step)) + 1)]
    return {
        "width": width,
        "height": height,
        "boxes": boxes,
        "ticks": ticks,
        "left": left,
        "right": right,
        "axis_y": height - 22,
    }


# --- the view model ---------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return clip_counted(text, TEXT_CAP)


def _anchor(pack_id: str, r: dict[str, Any]) -> str:
    return f"f-{pack_id}-{r.get('node_id', r.get('id'))}".replace("::", "-").replace(" ", "_")


def failure_view(pack: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    reply = reply_view(r, full=True)
    if reply:
        reply = {**reply, "content": _cap(reply["content"]), "reasoning": _cap(reply["reasoning"])}
    mode = r.get("failure_mode") or ""
    return {
        "anchor": _anchor(pack["pack_id"], r),
        "pack_id": pack["pack_id"],
        "pack_title": pack.get("title") or pack["pack_id"],
        "id": r.get("id"),
        "repeat": (r.get("repeat_index") or 0) + 1 if r.get("repeat_index") else None,
        "mode": mode,
        "serving": mode in SERVING,
        "color": MODE_COLORS.get(mode, "#7f8c8d"),
        "detail": r.get("detail") or "",
        "latency": r.get("latency_s"),
        "tokens": (r.get("tokens") or {}).get("completion"),
        "prompt": [{**m, "content": _cap(m["content"])} for m in prompt_view(r, full=True)],
        "reply": reply,
        "trace": _cap(json.dumps(r.get("verifier_trace") or {}, indent=2, ensure_ascii=False, default=str)),
        "cached": bool(r.get("cached")),
    }


def pack_view(p: dict[str, Any], repeat: int) -> dict[str, Any]:
    passed, total = int(p.get("passed") or 0), int(p.get("total") or 0)
    stats = p.get("repeat_stats") if isinstance(p.get("repeat_stats"), dict) else None
    ci, ci_source = _interval(stats, passed, total)
    score = p.get("score")
    chips = []
    for r in p.get("scenarios") or []:
        state = (
            "skip"
            if r.get("skipped")
            else "pass"
            if r.get("passed")
            else "error"
            if r.get("failure_mode") in SERVING
            else "fail"
        )
        label = f"{r.get('id')}" + (f" r{r['repeat_index'] + 1}" if repeat > 1 else "")
        chips.append(
            {
                "state": state,
                "label": label,
                "anchor": None if state in ("pass", "skip") else _anchor(p["pack_id"], r),
                "tip": f"{label}: {state}"
                + (f" ({r.get('failure_mode')}: {r.get('detail')})" if state in ("fail", "error") else ""),
            }
        )
    return {
        "pack_id": p["pack_id"],
        "title": p.get("title") or p["pack_id"],
        "version": p.get("version"),
        "passed": passed,
        "total": total,
        "errors": p.get("errors") or 0,
        "skipped": p.get("skipped") or 0,
        "missing": p.get("missing") or 0,
        "score": score,
        "score_text": pct(score),
        "ci": ci,
        "ci_text": f"{pct(ci[0])}–{pct(ci[1])}" if ci else "—",
        "ci_source": ci_source,
        "floor": p.get("floor"),
        "status": p.get("status") or "",
        "p50": (p.get("latency") or {}).get("p50"),
        "p95": (p.get("latency") or {}).get("p95"),
        "stats": stats,
        "chips": chips,
        "ttft": p.get("ttft"),  # --stream: p50/p95 time to first token
        "pass_at_k": (stats or {}).get("pass_at_k", {}).get(str(repeat)) if repeat > 1 else None,
        "flaky": (stats or {}).get("flaky") or [],
        "serving_warning": p.get("serving_warning"),  # a failed serving check undermines this score
    }


SERVING_STATE = {
    "pass": ("ok", "pass"),
    "fail": ("bad", "FAIL"),
    "skip": ("muted", "skipped"),
    "model": ("warn", "model"),
}


def serving_view(serving: Any) -> dict[str, Any] | None:
    """The serving checks' table (results JSON `serving`): a suggested setting only where a check failed."""
    if not isinstance(serving, dict):
        return None
    checks = []
    for c in serving.get("checks") or []:
        cls, label = SERVING_STATE.get(c.get("verdict"), ("muted", str(c.get("verdict"))))
        checks.append(
            {
                "name": c.get("name"),
                "title": c.get("title") or "",
                "verdict": c.get("verdict"),
                "cls": cls,
                "label": label,
                "detail": _cap(str(c.get("detail") or "")),
                "flag": c.get("flag") or "" if c.get("verdict") == "fail" else "",
            }
        )
    return {
        "line": serving.get("line") or "",
        "checks": checks,
        "template": serving.get("chat_template_sha256"),
        "needs_repeat": bool(serving.get("needs_repeat")),
    }


def tags_for(data: dict[str, Any]) -> list[dict[str, str]]:
    tags = []
    if data.get("canonical") is False:
        reasons = ", ".join(data.get("non_canonical_reasons") or [])
        tags.append({"text": "NON-CANONICAL", "cls": "warn", "title": reasons or "non-canonical sampling"})
    if data.get("complete") is False:
        tags.append({"text": "INCOMPLETE", "cls": "bad", "title": "serving errors or scenarios not run"})
    if data.get("interrupted"):
        tags.append({"text": "INTERRUPTED", "cls": "bad", "title": "the run was stopped before the end"})
    if data.get("resumed"):
        tags.append({"text": "RESUMED", "cls": "info", "title": f"resumed from {data['resumed'].get('from')}"})
    if data.get("rescored"):
        tags.append({"text": "RESCORED", "cls": "info", "title": f"re-graded at {data['rescored'].get('at')}"})
    cached = sum(1 for p in data.get("packs", []) for r in p.get("scenarios") or [] if r.get("cached"))
    if cached:
        tags.append({"text": f"{cached} CACHED", "cls": "info", "title": "replies answered from the --cache folder"})
    if int(data.get("repeat") or 1) > 1:
        tags.append({"text": f"REPEAT ×{data['repeat']}", "cls": "info", "title": "every scenario ran several times"})
    return tags


def comparison_view(cmp: Any) -> dict[str, Any] | None:
    if not isinstance(cmp, dict):
        return None
    packs = []
    for p in cmp.get("packs") or []:
        packs.append(
            {
                **p,
                "delta_text": _pp(p.get("delta")),
                "p_text": _p(p.get("p")),
                "p_holm_text": _p(p.get("p_holm")),
                "mde_text": _mde(p),
                "a_text": pct(p.get("score_a")),
                "b_text": pct(p.get("score_b")),
            }
        )
    total = cmp.get("total") or {}
    moved = [s for s in cmp.get("scenarios") or [] if s.get("class") in ("regression", "fix", "new", "dropped")]
    order = {"regression": 0, "fix": 1, "new": 2, "dropped": 3}
    moved.sort(key=lambda s: order.get(s.get("class"), 9))
    return {
        "raw": cmp,
        "packs": packs,
        "moved": moved,
        "total": {
            **total,
            "delta_text": _pp(total.get("delta")),
            "p_text": _p(total.get("p")),
            "p_holm_text": "",
            "mde_text": _mde(total),
            "a_text": pct(total.get("score_a")),
            "b_text": pct(total.get("score_b")),
        },
        "power_lines": compare_power_lines(cmp),
        "verdict": cmp.get("verdict") or "",
        "bad": bool(cmp.get("significant_regression")),
        "a": cmp.get("a") or {},
        "warnings": cmp.get("warnings") or [],
    }


def _mde(block: dict[str, Any]) -> str:
    """The minimum detectable effect (compare.py); "—" for a block without paired scenarios."""
    if not block.get("paired"):
        return "—"
    return "none detectable" if block.get("mde") is None else f"{block['mde'] * 100:.1f} pp"


def compare_power_lines(cmp: dict[str, Any]) -> list[str]:
    try:
        return power_lines(cmp)
    except (KeyError, TypeError):  # a comparison saved before power analysis existed
        return []


def _pp(delta: Any) -> str:
    return "—" if not isinstance(delta, (int, float)) else f"{delta * 100:+.1f} pp"


def _p(p: Any) -> str:
    return "—" if not isinstance(p, (int, float)) else f"{p:.3g}"


def build_view(data: dict[str, Any], source: str = "") -> dict[str, Any]:
    repeat = int(data.get("repeat") or 1)
    raw_packs = [p for p in data.get("packs") or [] if isinstance(p, dict)]
    packs = [pack_view(p, repeat) for p in raw_packs]
    totals = data.get("totals") or {}
    t_passed, t_total = int(totals.get("passed") or 0), int(totals.get("total") or 0)
    t_ci, t_source = _interval(data.get("repeat_stats"), t_passed, t_total)
    failures = [
        failure_view(p, r)
        for p in raw_packs
        for r in p.get("scenarios") or []
        if not r.get("passed") and not r.get("skipped")
    ]
    records = [r for p in raw_packs for r in p.get("scenarios") or []]
    lat = sorted(
        float(r["latency_s"])
        for r in records
        if isinstance(r.get("latency_s"), (int, float)) and r.get("failure_mode") not in SERVING
    )
    rs = data.get("repeat_stats") if isinstance(data.get("repeat_stats"), dict) else None
    return {
        "data": data,
        "source": source,
        "generated_at": utc_now(),
        "tool_version": __version__,
        "repeat": repeat,
        "tags": tags_for(data),
        "packs": packs,
        "failures": failures,
        "modes": sorted({f["mode"] for f in failures}),
        "totals": {
            "passed": t_passed,
            "total": t_total,
            "errors": totals.get("errors") or 0,
            "score": totals.get("score"),
            "score_text": pct(totals.get("score")),
            "ci": t_ci,
            "ci_text": f"{pct(t_ci[0])}–{pct(t_ci[1])}" if t_ci else "—",
            "ci_source": t_source,
        },
        "latency": {
            "p50": _quantile(lat, 0.5) if lat else None,
            "p95": lat[max(0, math.ceil(0.95 * len(lat)) - 1)] if lat else None,
            "n": len(lat),
        },
        "histogram": histogram(records),
        "boxplots": boxplots(raw_packs),
        "comparison": comparison_view(data.get("comparison")),
        "serving": serving_view(data.get("serving")),
        "repeat_stats": rs,
        "flaky": (rs or {}).get("flaky") or [],
        "rescored": data.get("rescored"),
        "warnings": list(data.get("warnings") or []),
        "top_warnings": list(data.get("top_warnings") or []),
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pytest_quality", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["secs"] = secs
    env.filters["when"] = lambda v: str(v).replace("T", " ").replace("Z", " UTC") if v else ""
    env.filters["pct"] = pct
    env.filters["tojson_pretty"] = lambda v: json.dumps(v, indent=2, ensure_ascii=False, default=str)
    return env


def render(data: dict[str, Any], source: str = "") -> str:
    return _environment().get_template("report.html.j2").render(**build_view(data, source))


def write_html(path: str | Path, data: dict[str, Any], source: str = "") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(data, source), encoding="utf-8")
    tmp.replace(path)
    return path


def write_html_from(json_path: Path | None, out: Path, fallback: dict[str, Any]) -> None:
    """End of a run: render the JSON as written (so the page equals the file), never failing the run."""
    try:
        data = json.loads(Path(json_path).read_text(encoding="utf-8")) if json_path else fallback
    except (OSError, ValueError):
        data = fallback
    try:
        write_html(out, data, str(json_path or ""))
    except Exception as exc:  # noqa: BLE001 - a report bug must not change the run's verdicts
        sys.stderr.write(f"[pytest-quality] could not write the HTML report {out}: {type(exc).__name__}: {exc}\n")


def html_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pytest-quality html", description="Render a saved results file as HTML.")
    parser.add_argument("results", help="results JSON (or a journal, for a run still in progress)")
    parser.add_argument("-o", "--output", metavar="OUT.html", help="default: RESULTS with .html")
    args = parser.parse_args(argv)
    try:
        saved = read_saved(args.results)
    except ValueError as exc:
        print(f"pytest-quality html: {exc}", file=sys.stderr)
        return 1
    data = saved.data if saved.data is not None else _from_journal(saved)
    out = Path(args.output) if args.output else saved.results_path.with_suffix(".html")
    write_html(out, data, str(saved.path))
    print(f"written: {out}")
    return 0


def _from_journal(saved: Any) -> dict[str, Any]:
    """A partial run: aggregate the journal's records the way the plugin would."""
    infos: dict[str, PackInfo] = {}
    for r in saved.records:
        pid = r.get("pack_id")
        if pid not in infos:
            infos[pid] = PackInfo(pid, pid, "?", None, 0, bool(r.get("thinking_expected")))
        infos[pid].selected += 1
    return finalise(
        dict(saved.meta),
        infos,
        [ScenarioRecord.from_dict(r) for r in saved.records],
        interrupted=True,
        warnings=list(saved.meta.get("top_warnings") or []),
        thinking=None,
    )
