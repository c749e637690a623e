"""The pytest side of comparisons: --detect, --noise, --fail-on-underpowered, and the verdicts as junit
properties. plugin.py calls `add_options`, `configure` and `exit_status`, one line each."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from pytest_quality import compare, power
from pytest_quality import noise as noise_mod


def add_options(group: Any) -> None:
    group.addoption(
        "--detect",
        metavar="D",
        default=None,
        help="drop in pass rate (0..1) a comparison must be able to see; a 'no change' that cannot "
        f"see it is underpowered (default {power.DEFAULT_DETECT})",
    )
    group.addoption(
        "--noise",
        dest="quality_noise",
        metavar="NOISE.json",
        help="noise file (pytest-quality noise): scenarios that flip on their own are left out of "
        "the comparison's tests",
    )
    group.addoption(
        "--fail-on-underpowered",
        action="store_true",
        help="exit 1 when the comparison with --previous-result cannot see a --detect drop",
    )


def configure(config: pytest.Config, settings: Any, aggregator: Any) -> None:
    """Validate the options (exit 2 naming the flag) in every process; on the controller (the one with an
    aggregator.Aggregator) hand them to the run's comparison."""
    detect_raw = config.getoption("detect")
    noise_path = config.getoption("quality_noise")
    fail = bool(config.getoption("fail_on_underpowered"))
    try:
        detect = power.DEFAULT_DETECT if detect_raw is None else float(detect_raw)
        compare.check_detect(detect)
    except ValueError:
        pytest.exit(
            f"usage error: --detect: {detect_raw!r} is not a drop in pass rate between 0 and 1 (e.g. 0.05)",
            returncode=2,
        )
    if (fail or noise_path or detect_raw is not None) and not settings.previous_result:
        flag = "--fail-on-underpowered" if fail else "--noise" if noise_path else "--detect"
        pytest.exit(f"usage error: {flag} needs --previous-result (it is about a comparison)", returncode=2)
    if fail and not settings.canonical:  # a gate, like --exit-on-regression: canonical sampling only
        pytest.exit(
            f"refusing to gate a non-canonical run ({', '.join(settings.non_canonical_reasons)}): "
            "--fail-on-underpowered needs canonical sampling",
            returncode=4,
        )
    if aggregator is None:  # an xdist worker: the comparison is the controller's
        return
    noise = None
    if noise_path:
        try:
            noise = noise_mod.load(noise_path)
        except ValueError as exc:
            pytest.exit(f"usage error: {exc}", returncode=2)
    aggregator.compare_kwargs = {"detect": detect, "noise": noise}
    aggregator.fail_on_underpowered = fail
    if settings.previous_result:
        config.pluginmanager.register(JunitComparison(aggregator), "quality-junit-comparison")


def junit_properties(cmp: dict[str, Any]) -> list[tuple[str, str]]:
    """Suite-level <property> elements: the verdict, p, Holm p and MDE per pack and in total."""
    out = [
        ("quality_comparison", cmp["verdict"]),
        ("quality_comparison_underpowered", str(cmp["underpowered"]).lower()),
    ]
    for name, block in [*((p["pack_id"], p) for p in cmp["packs"]), ("total", cmp["total"])]:
        fields = {
            "verdict": block.get("verdict"),
            "delta": block.get("delta"),
            "p": block.get("p"),
            "p_holm": block.get("p_holm"),
            "mde": block.get("mde"),
        }
        out += [
            (f"quality_comparison_{name}_{k}", "" if v is None else str(v))
            for k, v in fields.items()
            if not (k == "p_holm" and name == "total")
        ]
    return out


class JunitComparison:
    """junitxml writes its file in its own pytest_sessionfinish, before the run's results are final; so
    this computes the comparison first (compare() keeps it, the results file gets the same one)."""

    def __init__(self, run: Any):
        self.run = run

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from _pytest.junitxml import xml_key

        xml = session.config.stash.get(xml_key, None)
        run = self.run
        if xml is None or run.previous is None or run.results is None:
            return
        draft = run.results.to_json(quality_line="")
        cmp = compare.compare(run.previous, compare.side_from_json(draft, "this run"), **run.compare_kwargs)
        for name, value in junit_properties(cmp):
            xml.add_global_property(name, value)


def exit_status(run: Any, data: dict[str, Any]) -> int | None:
    """1 with --fail-on-underpowered when the total comparison could not see a --detect drop."""
    cmp = data.get("comparison") or {}
    if run.fail_on_underpowered and cmp.get("underpowered"):
        total = cmp["total"]
        sees = "no drop" if total.get("mde") is None else f"drops from {total['mde'] * 100:.1f}pp"
        sys.stderr.write(
            f"[pytest-quality] --fail-on-underpowered: the comparison sees {sees}, not the "
            f"{cmp['power']['detect'] * 100:g}pp --detect asks for\n"
        )
        return 1
    return None
