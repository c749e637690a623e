"""The serving section of the results JSON, the "Serving" table, the `Serving:` line and pack warnings."""

from __future__ import annotations

from typing import Any

from pytest_quality.clip import clip, one_line
from pytest_quality.serving.checks import all_checks
from pytest_quality.serving.registry import ALL_PACKS, THINKING_PACKS, TOOL_PACKS, VERDICTS

ICON = {"pass": "✅ pass", "fail": "❌ FAIL", "skip": "skipped", "model": "⚠ model"}


def _order() -> list[str]:
    return [c.name for c in all_checks()]


def section(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The results JSON `serving` section from the checks' records (report order, not finish order)."""
    order = {name: n for n, name in enumerate(_order())}
    checks = sorted(records, key=lambda r: order.get(r["name"], len(order)))
    counts = {v: sum(1 for r in checks if r["verdict"] == v) for v in VERDICTS}
    distinct = {r["name"]: r["data"]["distinct"] for r in checks if "distinct" in (r.get("data") or {})}
    template = next(
        (r["data"].get("chat_template_sha256") for r in checks if (r.get("data") or {}).get("chat_template_sha256")),
        None,
    )
    failed = [r["name"] for r in checks if r["verdict"] == "fail"]
    by_model = [r["name"] for r in checks if r["verdict"] == "model"]
    line = (
        f"Serving:   {counts['pass']} pass · {counts['fail']} fail · {counts['skip']} skipped"
        + (f" (failed: {', '.join(failed)})" if failed else "")
        + (f" · {len(by_model)} model (the server did its part: {', '.join(by_model)})" if by_model else "")
    )
    needs_repeat = any(n > 1 for n in distinct.values())
    if needs_repeat:
        line += " · NON-DETERMINISTIC at temperature 0: use --repeat N"
    return {
        "passed": counts["pass"],
        "failed": counts["fail"],
        "skipped": counts["skip"],
        "model": counts["model"],
        "line": line,
        "chat_template_sha256": template,
        "distinct_replies": distinct,
        "needs_repeat": needs_repeat,
        "checks": checks,
    }


def pack_warnings(serving: dict[str, Any], draft: dict[str, Any], aggregator: Any) -> None:
    """Mark each pack row whose score a failed check undermines (`serving_warning` on the pack)."""
    failed = [r for r in serving["checks"] if r["verdict"] == "fail" and r.get("invalidates")]
    thinking = {pid for pid, v in (draft.get("thinking_validity") or {}).items() if v.get("expected") == "on"}
    for p in draft.get("packs") or []:
        try:
            uses_tools = any(s.tools for s in aggregator.plan.load(p["pack_id"]).scenarios)
        except Exception:  # a pack that cannot be loaded again keeps its row without a tool verdict
            uses_tools = False
        hits = [
            r["name"]
            for r in failed
            if r["invalidates"] == ALL_PACKS
            or (r["invalidates"] == TOOL_PACKS and uses_tools)
            or (r["invalidates"] == THINKING_PACKS and p["pack_id"] in thinking)
        ]
        if hits:
            p["serving_warning"] = f"score reflects the serving config: {', '.join(hits)} failed"
            draft.setdefault("warnings", []).append(f"{p['pack_id']}: {p['serving_warning']}")


def finish(aggregator: Any, draft: dict[str, Any]) -> None:
    """Aggregator.finish calls this before writing the JSON: adds `serving` and the pack warnings."""
    opts = getattr(aggregator.settings, "serving", None)
    if opts is None or not opts.enabled:
        return
    draft["serving"] = section(opts.records)
    draft["serving"]["options"] = {"min_context": opts.min_context, "needle_max_tokens": opts.needle_max_tokens}
    pack_warnings(draft["serving"], draft, aggregator)


def table(serving: dict[str, Any]) -> list[str]:
    rows = [("Check", "Verdict", "Detail", "Suggested setting")]
    for r in serving["checks"]:
        flag = r["flag"] if r["verdict"] == "fail" else ""
        rows.append((r["name"], ICON.get(r["verdict"], r["verdict"]), _cut(r["detail"], 90), _cut(flag, 70)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "-|-".join("-" * w for w in widths))
    return ["Serving checks:", *lines]


def _cut(text: str, n: int) -> str:
    return clip(one_line(text), n)


def summary_before(data: dict[str, Any]) -> list[str]:
    """Lines printed before the pack table."""
    return [*table(data["serving"]), ""] if data.get("serving") else []


def summary_after(data: dict[str, Any]) -> list[str]:
    """The `Serving:` line, printed next to the `Quality:` line."""
    return [data["serving"]["line"]] if data.get("serving") else []


def pack_status(pack: dict[str, Any]) -> str:
    """Appended to a pack row's status cell."""
    return " ⚠ serving" if pack.get("serving_warning") else ""
