"""pytest nodes for the serving checks: `serving::<group>.<check>`, collected before the packs."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pytest_quality.serving.checks import all_checks
from pytest_quality.serving.options import context_for
from pytest_quality.serving.registry import FAIL, MODEL, SKIP, Check, Outcome


class ServingCheckFailed(Exception):
    """The endpoint misbehaved in the way the check looks for."""


class ServingCollector(pytest.Collector):
    def collect(self):
        for check in all_checks():
            item = ServingItem.from_parent(self, name=check.name, check=check)
            item.add_marker("serving")
            yield item


class ServingItem(pytest.Item):
    def __init__(self, *, check: Check, **kwargs: Any):
        super().__init__(**kwargs)
        self.check = check
        self.record: dict[str, Any] | None = None

    def runtest(self) -> None:
        start = time.monotonic()
        try:
            outcome = self.check.run(context_for(self.config))
        except Exception as exc:  # a check's own bug or an unforeseen reply: a red verdict that says so
            outcome = Outcome(FAIL, f"the check could not judge the reply: {type(exc).__name__}: {exc}")
        c = self.check
        self.record = {
            "name": c.name,
            "title": c.title,
            "verdict": outcome.verdict,
            "detail": outcome.detail,
            "flag": c.flag,
            "invalidates": c.invalidates,
            "data": outcome.data,
            "duration_s": round(time.monotonic() - start, 3),
        }
        if outcome.verdict == SKIP:
            pytest.skip(outcome.detail)
        if outcome.verdict == MODEL:  # the model's doing, not the server's: shown as xfail, not a failure
            pytest.xfail(f"model: {outcome.detail}")
        if outcome.verdict == FAIL:
            raise ServingCheckFailed(outcome.detail)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # str, or pytest's own TerminalRepr
        if isinstance(excinfo.value, ServingCheckFailed):
            return f"serving {self.check.name}: {excinfo.value}\n  likely setting: {self.check.flag}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"serving {self.check.name}"
