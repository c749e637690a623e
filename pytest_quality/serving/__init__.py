"""The serving check suite: is the endpoint itself set up right (streaming, tools, template, limits...)?

Wired into the plugin through the functions here, each called with one line from plugin.py, items.py,
aggregator.py and report.py: options, collection, the results JSON section and the summary table.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from pytest_quality.resume import read_saved
from pytest_quality.serving.items import ServingCollector, ServingItem
from pytest_quality.serving.options import OPTIONS_KEY, ServingOptions, bind, context_for, options  # noqa: F401
from pytest_quality.serving.report import finish, summary_after, summary_before  # noqa: F401
from pytest_quality.settings import UsageError

SERVING_MODE = "serving"


def add_options(group: Any) -> None:
    group.addoption(
        "--serving-checks", action="store_true", help="also run the serving check suite (alone: --quality=serving)"
    )
    group.addoption(
        "--serving-min-context",
        metavar="N",
        default=None,
        help="context tokens per request the server must offer (default 8192)",
    )
    group.addoption(
        "--serving-needle-tokens",
        metavar="N",
        default=None,
        help="cap on the needle prompt's tokens (default 1536, to bound the time on slow servers; "
        "the needle fills 80%% of the context up to this)",
    )


def _int_option(config: Any, flag: str, default: int) -> int:
    value = config.getoption(flag.lstrip("-").replace("-", "_"))
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise UsageError(f"{flag}: {value!r} is not an integer") from None
    if number < 1:
        raise UsageError(f"{flag} must be positive, got {value}")
    return number


def _saved(settings: Any) -> dict[str, Any]:
    """--resume: the serving options the saved run used ({} when it ran no serving checks)."""
    if not settings.resume:
        return {}
    try:
        saved = (read_saved(settings.resume).meta.get("settings") or {}).get("serving")
    except ValueError:  # restore_settings has already said what is wrong with the file
        return {}
    return saved if isinstance(saved, dict) and saved.get("enabled") else {}


def _restored(config: Any, saved: dict[str, Any], flag: str, key: str, default: int) -> int:
    """A resumed run keeps the saved value; a flag giving another one contradicts it."""
    given = _int_option(config, flag, default) if config.getoption(flag[2:].replace("-", "_")) is not None else None
    before = saved.get(key)
    if given is not None and isinstance(before, int) and given != before:
        raise UsageError(
            f"--resume restores the saved run's settings; these flags contradict them: "
            f"{flag} ({given}, saved run: {before})"
        )
    return given if given is not None else before if isinstance(before, int) else default


def configure(config: Any, settings: Any) -> None:
    """Read the serving options onto `settings.serving` and register the reporting hooks."""
    saved = _saved(settings)
    opts = ServingOptions(
        min_context=_restored(config, saved, "--serving-min-context", "min_context", 8192),
        needle_max_tokens=_restored(config, saved, "--serving-needle-tokens", "needle_max_tokens", 1536),
    )
    opts.only = settings.mode == SERVING_MODE and not settings.packs
    opts.enabled = opts.only or bool(config.getoption("serving_checks")) or bool(saved)
    if opts.enabled and not settings.active:
        settings.mode, opts.only = SERVING_MODE, True  # --serving-checks alone: the checks alone
    settings.serving = opts
    config.stash[OPTIONS_KEY] = opts
    if opts.enabled:
        config.addinivalue_line("markers", "serving: pytest-quality serving checks")
        config.pluginmanager.register(_Hooks(config, settings), "quality-serving")


def collectors(parent: Any) -> list[Any]:
    """The serving collector, when the suite is on (yielded before the packs)."""
    opts = options(parent.config)
    if opts is None or not opts.enabled:
        return []
    return [ServingCollector.from_parent(parent, name="serving", nodeid="serving")]


def exit_status(settings: Any) -> int | None:
    """--quality=serving alone: 1 when a check failed, 0 when none did, 2 when none ran. None otherwise."""
    opts = getattr(settings, "serving", None)
    if opts is None or not opts.only:
        return None
    if not opts.records:
        sys.stderr.write("[pytest-quality] no serving check ran\n")
        return 2
    return 1 if any(r["verdict"] == "fail" for r in opts.records) else 0


class _Hooks:
    """Carries each check's record to the controller (as xdist ships reports) and shows progress."""

    def __init__(self, config: Any, settings: Any):
        self.config, self.settings = config, settings

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: Any, call: Any):
        report = yield
        if isinstance(item, ServingItem) and item.record is not None and report.when == "call":
            report.serving_check = item.record
            r = item.record
            # junit XML <property> elements: junitxml reads them from the teardown report, made from the item
            item.user_properties.extend(
                [
                    ("serving_check", r["name"]),
                    ("serving_verdict", r["verdict"]),
                    ("serving_detail", r["detail"]),
                    ("serving_flag", r["flag"]),
                ]
            )
        return report

    def pytest_runtest_logreport(self, report: Any) -> None:
        record = getattr(report, "serving_check", None)
        if record is None or hasattr(self.config, "workerinput"):
            return
        opts = options(self.config)
        assert opts is not None, "these hooks are registered by serving.configure"
        opts.records.append(record)
        if self.settings.progress:
            mark = {"pass": "✓", "fail": "✗", "skip": "-", "model": "~"}[record["verdict"]]
            sys.stderr.write(f"[serving] {record['name']} {mark} ({record['duration_s']:.1f}s)\n")
            sys.stderr.flush()
