"""pytest nodes: a root that yields one collector per pack, which yields one item per scenario.

Node ids are `<pack_id>.jsonl::<scenario_id>` (with `[rN]` per repeat when --repeat > 1),
independent of where the pack file lives, so -k, -m, --lf and --deselect work as usual.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from pytest_quality import execute, formats, prefetch, serving
from pytest_quality.packs import Pack, PackError, Scenario
from pytest_quality.record import ScenarioRecord
from pytest_quality.runner import Runner
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, SERVING_MODES, Verdict

# Markers every run may put on its items, besides each pack's own (packs.bundled_markers for the shipped packs).
RUN_MARKERS = ("quality", "sandboxed", "reasoning")


def pack_of(node_id: str) -> str | None:
    """The pack id of a scenario's node id (`<pack_id>.jsonl::<name>`), None for any other node."""
    return node_id.split(".jsonl::", 1)[0] if ".jsonl::" in node_id else None


class ServingError(Exception):
    """The endpoint misbehaved: reported as a pytest error, left out of the score."""


class ModelMiss(Exception):
    """The reply failed its verifier: reported as a pytest failure."""


class QualityRoot(pytest.Directory):
    """Stands in for the root directory: with --quality, packs are what gets collected."""

    def collect(self):
        plan = self.config.stash[RUNNER_KEY].plan
        yield from serving.collectors(self)
        for pack_id in plan.pack_ids:
            yield PackCollector.from_parent(
                self, name=f"{pack_id}.jsonl", nodeid=f"{pack_id}.jsonl", path=plan.available[pack_id]
            )


class PackCollector(pytest.Collector):
    def collect(self):
        plan = self.config.stash[RUNNER_KEY].plan
        pack = plan.load(self.name[: -len(".jsonl")])
        if not plan.keep_pack(pack):
            return
        known = {line.split(":", 1)[0].split("(", 1)[0].strip() for line in self.config.getini("markers")}
        if pack.marker not in known:  # a --pack-path pack's marker: register it, no unknown-mark warning
            self.config.addinivalue_line("markers", f"{pack.marker}: pytest-quality scenarios")
        repeat = plan.settings.repeat
        for order, scenario in enumerate(pack.scenarios):
            for r in range(repeat):
                name = scenario.node_name if repeat == 1 else f"{scenario.node_name}[r{r + 1}]"
                item = ScenarioItem.from_parent(
                    self, name=name, pack=pack, scenario=scenario, repeat_index=r, order=order
                )
                for marker in (
                    "quality",
                    pack.marker,
                    *(["sandboxed"] if pack.sandboxed else []),
                    *(["reasoning"] if pack.reasoning else []),
                ):  # RUN_MARKERS and the pack's
                    item.add_marker(marker)
                yield item

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # str, or pytest's own TerminalRepr
        if isinstance(excinfo.value, PackError):
            return f"invalid pack {excinfo.value}"
        return super().repr_failure(excinfo)


class ScenarioItem(pytest.Item):
    fetch_ahead = True  # --concurrency may ask the model for it before its turn (prefetch.py)

    def __init__(self, *, pack: Pack, scenario: Scenario, repeat_index: int, order: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.pack, self.scenario = pack, scenario
        self.repeat_index, self.order = repeat_index, order
        self.fetched: execute.Fetched | None = None
        self.record: ScenarioRecord | None = None
        self.verdict: Verdict | None = None

    def setup(self) -> None:
        """Ask the model (and, for sandboxed packs, grade in the sandbox while it is held).
        A serving failure raises here, so pytest reports an error that stays out of the score."""
        run = self.config.stash[RUNNER_KEY]
        self._skip_if_unrunnable(run)
        model, control = run.described.model, run.described.thinking_control
        if self.scenario.sandboxed:
            self._run_sandboxed(run, model, control)
        else:
            self._fetch(run, model, control)

    def _skip_if_unrunnable(self, run: Any) -> None:
        unavailable = self.scenario.raw.get("unavailable")
        if unavailable:  # a gated dataset not given (generators.unavailable): one skipped placeholder item
            self.verdict = Verdict(False, None, unavailable["detail"])
            self.record = replace(self._record(None), skipped=True, skip_status=unavailable["status"])
            pytest.skip(f"{unavailable['status']}: {unavailable['detail']}")
        if not self.scenario.sandboxed:
            return
        blocked = formats.of(self.scenario).precheck(run, self.pack, self.scenario)
        if blocked is not None:
            self.verdict = blocked
            self.record = replace(self._record(None), skipped=True)
            pytest.skip(blocked.detail)

    def _run_sandboxed(self, run: Any, model: str | None, control: str) -> None:
        # --concurrency: the whole scenario may have run ahead on a sandbox thread (prefetch.py)
        ran = prefetch.take(self)
        self.verdict, self.fetched = ran if ran is not None else self.run_in_sandbox(run, run.client)
        self.record = self._record(None)
        if self.verdict.failure_mode in SERVING_MODES:
            raise ServingError(f"{self.verdict.failure_mode}: {self.verdict.detail}")

    def run_in_sandbox(self, run: Any, client: Any) -> tuple[Verdict, execute.Fetched | None]:
        """The sandboxed scenario from sandbox to verdict: (verdict, fetched). It changes nothing on the
        item, so prefetch.py may run it ahead on a thread; the item's setup then takes the result."""
        model, control = run.described.model, run.described.thinking_control
        verdict: Verdict | None = None
        fetched: execute.Fetched | None = None
        holder = formats.of(self.scenario).sandbox(run, self.pack, self.scenario, model)
        try:
            with holder as sandbox:
                verdict, fetched, _ = execute.run_sandboxed(
                    client, self.pack, self.scenario, run.settings, model, control, run.described.measured_tps, sandbox
                )
        except SandboxError as exc:  # no sandbox to be had (engine gone, image removed): an error, not a gap
            if verdict is None:
                verdict = Verdict.fail(f"no sandbox: {exc}", SANDBOX_UNAVAILABLE)
        assert verdict is not None
        return verdict, fetched

    def _fetch(self, run: Any, model: str | None, control: str) -> None:
        # --concurrency: the reply may have been fetched ahead (prefetch.py)
        self.fetched = prefetch.take(self) or execute.fetch(
            run.client, self.pack, self.scenario, run.settings, model, control, run.described.measured_tps
        )
        exchange = self.fetched.exchange
        if exchange.failure_mode in SERVING_MODES:
            self.verdict = Verdict.fail(exchange.detail, exchange.failure_mode)
            self.record = self._record(None)
            raise ServingError(f"{exchange.failure_mode}: {exchange.detail}")

    def runtest(self) -> None:
        assert self.fetched is not None
        if self.scenario.sandboxed:  # graded in setup, where the sandbox was held
            assert self.verdict is not None
            if not self.verdict.passed:
                raise ModelMiss(f"{self.verdict.failure_mode}: {self.verdict.detail}")
            return
        self.verdict, reply = execute.grade(self.scenario, self.fetched)
        self.record = self._record(reply)
        if not self.verdict.passed:
            raise ModelMiss(f"{self.verdict.failure_mode}: {self.verdict.detail}")

    def _record(self, reply: Any) -> ScenarioRecord:
        assert self.verdict is not None
        return execute.record(
            self.pack, self.scenario, self.nodeid, self.repeat_index, self.order, self.fetched, self.verdict, reply
        )

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # str, or pytest's own TerminalRepr
        if isinstance(excinfo.value, (ModelMiss, ServingError)):
            return f"{self.pack.pack_id} {self.scenario.id}: {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.pack.path, self.scenario.line - 1, f"{self.pack.pack_id} {self.scenario.id}"


RUNNER_KEY: pytest.StashKey[Runner] = pytest.StashKey()  # this process's worker-side state
