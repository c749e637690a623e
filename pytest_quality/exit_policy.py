"""The exit status of a quality run, and which runs may gate at all (docs/INTERFACE.md lists the codes).

0 all gates passed, 1 a gate failed (or --fail-on-underpowered: the comparison cannot see a --detect drop),
2 nothing could be scored (or a usage error), 3 a significant regression with --exit-on-regression, 4 a gate
refused: a non-canonical run or incomparable packs. With --quality=serving the serving checks decide.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from pytest_quality import compare_options, serving
from pytest_quality.aggregator import Aggregator
from pytest_quality.settings import Settings


def gate_refusal(settings: Settings) -> str | None:
    """Why this run may not gate (exit 4), or None: gates need canonical sampling."""
    if (settings.gate != "report" or settings.exit_on_regression) and not settings.canonical:
        return (
            f"refusing to gate a non-canonical run ({', '.join(settings.non_canonical_reasons)}): "
            "--quality-gate/--exit-on-regression need canonical sampling"
        )
    return None


def exit_status(run: Aggregator, data: dict[str, Any], exitstatus: int, testscollected: int) -> int:
    """The run's exit status from its finished results document and pytest's own status."""
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        return int(exitstatus)
    checks = serving.exit_status(run.settings)
    if checks is not None:  # --quality=serving: the checks decide
        return checks
    totals = data["totals"]
    if (testscollected == 0 and run.plan.resumed is None) or not run.expected:
        sys.stderr.write("[pytest-quality] no scenario selected\n")
        return 2
    if totals["total"] == 0 and not any(p["skipped"] for p in data["packs"]):
        return 2  # nothing could be scored
    refused = (data.get("comparison") or {}).get("incomparable") or []
    if run.settings.exit_on_regression and refused:  # a regression gate that cannot see these packs must not pass
        sys.stderr.write(
            "[pytest-quality] --exit-on-regression: not comparable across major pack versions: "
            + ", ".join(f"{r['pack_id']} v{r['a_version']} vs v{r['b_version']}" for r in refused)
            + "\n"
        )
        return 4
    if run.settings.exit_on_regression and (data.get("comparison") or {}).get("significant_regression"):
        return 3  # compare.py defines "significant"; the refusal of non-canonical runs (4) came first
    underpowered = compare_options.exit_status(run, data)  # --fail-on-underpowered
    if underpowered is not None:
        return underpowered
    gate = run.settings.gate
    if gate == "strict":
        # Strict vouches only for what it saw: anything selected but not scored fails the gate too.
        counts = {
            "not run (no result recorded)": sum(p.get("missing") or 0 for p in data["packs"]),
            "errors (serving or sandbox problems)": totals["errors"],
            "skipped": sum(p.get("skipped") or 0 for p in data["packs"]),
        }
        counts["not gradable"] = max(
            0, sum(p.get("selected", 0) for p in data["packs"]) - totals["total"] - sum(counts.values())
        )
        unscored = {k: v for k, v in counts.items() if v}
        if unscored:
            why = f"--quality-gate=strict: {sum(unscored.values())} selected scenario(s) not scored: " + ", ".join(
                f"{v} {k}" for k, v in unscored.items()
            )
            sys.stderr.write(f"[pytest-quality] {why}\n")
            warnings = data.get("top_warnings")
            if isinstance(warnings, list) and why not in warnings:
                warnings.append(why)  # the terminal summary, printed after this, shows it
            return 1
        if totals["passed"] < totals["total"]:
            return 1
    if gate == "floors" and any(p["status"] == "below floor" for p in data["packs"]):
        return 1
    return 0
