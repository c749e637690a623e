"""pytest hooks: options, collection, the target's hand-off to xdist workers, summary, exit status.

Hooks that delegate. By role, as pytest-xdist splits its controller and workers: plan.py (what the run
covers, every process), runner.py (worker side: client, sandboxes), aggregator.py (controller side:
records, journal, results); endpoint.py finds and probes the server, exit_policy.py decides the status;
items.py holds the pytest nodes.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path
from typing import Any

import pytest

from pytest_quality import compare_options, endpoint, prefetch, report, scaleout, serving
from pytest_quality.aggregator import Aggregator
from pytest_quality.exit_policy import exit_status, gate_refusal
from pytest_quality.interrupt import Interrupt
from pytest_quality.items import RUN_MARKERS, RUNNER_KEY, QualityRoot, ScenarioItem, pack_of
from pytest_quality.packs import MODES, bundled_markers
from pytest_quality.plan import RunPlan
from pytest_quality.record import ScenarioRecord
from pytest_quality.resume import ResumeState, restore_settings
from pytest_quality.runner import Runner
from pytest_quality.settings import GATES, UsageError, from_config
from pytest_quality.target import Target


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("quality", "pytest-quality: behavioural quality of an LLM endpoint")
    # Values are validated in settings.py, not by argparse, so a bad one exits 2 naming the flag.
    g.addoption("--quality", default=None, metavar="MODE", help="pack set to run: " + "|".join(MODES))
    g.addoption("--pack", dest="quality_pack", action="append", metavar="ID", help="run this pack (repeatable)")
    g.addoption("--pack-path", action="append", metavar="DIR", help="extra pack folder (repeatable)")
    g.addoption(
        "--endpoint",
        action="append",
        metavar="URL|local",
        help="server base URL, or 'local' for the reference endpoint (repeat for a pool of replicas)",
    )
    g.addoption("--model", help="served model name (default: first id of GET /v1/models)")
    g.addoption("--api-key", help="bearer token (env QUALITY_API_KEY, OPENAI_API_KEY)")
    g.addoption("--enable-thinking", action="store_true", help="force thinking on for every pack")
    g.addoption("--no-thinking", action="store_true", help="force thinking off for every pack")
    g.addoption("--thinking-max-tokens", metavar="N", help="completion budget when thinking is on")
    g.addoption("--sampling-from-server", action="store_true", help="send no sampling parameters (non-canonical)")
    for name in ("temperature", "top-p", "top-k", "min-p", "repeat-penalty", "max-tokens"):
        g.addoption(f"--{name}", default=None, help=f"explicit {name} (non-canonical)")
    g.addoption("--timeout-per-case", metavar="S", help="fixed per-scenario timeout in seconds")
    g.addoption("--measured-tps", metavar="X", help="skip the decode-speed probe, use X tokens/s")
    g.addoption("--reference-tps", metavar="X", help="reference speed of the timeout formula")
    g.addoption("--retry-on-timeout", action="store_true", help="retry a timed-out request once")
    g.addoption("--repeat", metavar="N", help="run every scenario N times")
    g.addoption("--no-sandboxed", action="store_true", help="drop the Docker-sandboxed packs")
    g.addoption("--sandboxed-only", action="store_true", help="keep only the Docker-sandboxed packs")
    g.addoption("--quality-json", metavar="PATH", help="results file (default reports/quality-<UTC>.json)")
    g.addoption("--quality-html", metavar="PATH", help="self-contained HTML report")
    g.addoption("--previous-result", metavar="PATH", help="compare against an earlier results file")
    g.addoption("--quality-gate", default=None, metavar="GATE", help="exit-status policy: " + "|".join(GATES))
    g.addoption("--exit-on-regression", action="store_true", help="exit 3 on a significant regression")
    g.addoption(
        "--floor",
        dest="floor",
        action="append",
        metavar="PACK=X",
        help="pass-rate floor for --quality-gate=floors, overriding the pack's (repeatable)",
    )
    g.addoption("--no-progress", action="store_true", help="no live [N/M] lines on stderr")
    g.addoption(
        "--pack-seed",
        metavar="N",
        help="re-materialise generated packs (gsm-symbolic-30) with seed N: fresh instances (non-canonical)",
    )
    g.addoption(
        "--gpqa-path", metavar="FILE", help="your copy of GPQA (CSV or JSONL) for gpqa-diamond (env QUALITY_GPQA_PATH)"
    )
    g.addoption(
        "--humaneval-path",
        metavar="FILE",
        help="the official HumanEval+ jsonl[.gz]: replaces the humaneval-plus-30 scenarios for this run",
    )
    g.addoption(
        "--lcb-path",
        metavar="FILE",
        help="a LiveCodeBench release jsonl[.gz]: replaces the lcb-v6-30 scenarios for this run",
    )
    g.addoption("--resume", metavar="PATH", help="finish an interrupted run from its journal or results JSON")
    g.addoption("--cache", metavar="DIR", help="response cache: reuse replies to identical requests")
    compare_options.add_options(g)  # --detect, --noise, --fail-on-underpowered
    serving.add_options(g)
    prefetch.add_options(g)  # --concurrency, --stream, --background-load (prefetch.py, stream.py, load.py)
    scaleout.add_options(g)  # --shard, --sandbox-host, endpoint pools: pytest_quality/shard.py, pool.py


def _runner(config: pytest.Config) -> Runner | None:
    return config.stash.get(RUNNER_KEY, None)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    for marker in (*RUN_MARKERS, *bundled_markers()):
        config.addinivalue_line("markers", f"{marker}: pytest-quality scenarios")
    try:
        settings = from_config(config)
        if settings.resume:  # the saved run's settings replace the defaults from_config filled in
            restore_settings(settings)
        serving.configure(config, settings)
        if not settings.active:
            return
        plan = RunPlan(settings)
        aggregator = None if _is_worker(config) else Aggregator(plan)
    except UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)
    refusal = gate_refusal(settings) if aggregator is not None else None
    if refusal:
        pytest.exit(refusal, returncode=4)
    runner = Runner(plan)
    config.stash[RUNNER_KEY] = runner
    compare_options.configure(config, settings, aggregator)  # --detect, --noise, --fail-on-underpowered
    serving.bind(config, runner)
    prefetch.install(config, runner, aggregator)  # --concurrency: model requests of upcoming items fetched ahead
    if settings.resume:
        plan.resumed = ResumeState.load(settings.resume)
    if aggregator is not None:
        config.pluginmanager.register(Controller(aggregator, runner), "quality-controller")
    scaleout.configure(config, plan, aggregator)  # --shard, --sandbox-host, endpoint pools
    # Collect the packs, not the user's files: the root directory is all we need.
    config.args = [str(config.rootpath)]
    if _is_worker(config):
        shared = getattr(config, "workerinput", {}).get("quality_target")
        runner.target = Target.from_json(json.loads(shared)) if shared else None


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> Any:
    if _runner(parent.config) is not None and isinstance(parent, pytest.Session):
        return QualityRoot.from_parent(parent, path=path)
    return None


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Quality runs default to work stealing. xdist's `load` mode keeps only two items queued per worker
    once tests are slow (a model call is), so every item waits a controller round trip before it may start;
    `worksteal` hands each worker its share up front and rebalances at the end. An explicit --dist wins."""
    if _runner(config) is None or config.getvalue("dist") != "load" or _dist_given(config):
        return None
    from xdist.scheduler import WorkStealingScheduling  # here: pytest-xdist is optional, and in use

    return WorkStealingScheduling(config, log)


def _worksteal(config: pytest.Config) -> bool:
    """Whether this run's xdist scheduler steals queued items back from workers (see above)."""
    dist = config.getvalue("dist")
    return dist == "worksteal" or (dist == "load" and not _dist_given(config))


def _dist_given(config: pytest.Config) -> bool:
    args = [
        *config.invocation_params.args,
        *shlex.split(os.environ.get("PYTEST_ADDOPTS", "")),
        *config.getini("addopts"),
    ]
    return any(a == "-d" or a.startswith(("--dist", "--distload")) for a in map(str, args))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    runner = _runner(config)
    if runner is not None and runner.plan.resumed is not None:
        runner.plan.resumed.deselect(config, items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report_ = yield
    if isinstance(item, ScenarioItem) and item.record is not None:
        final = report_.when == "call" or (report_.when == "setup" and not report_.passed)
        if final:
            report_.quality = item.record.to_dict()  # JSON travels to the xdist controller with the report
            # junit XML <property> elements: "" rather than "None" for what a scenario lacks.
            item.user_properties.extend((k, "" if v is None else v) for k, v in _ci_fields(item).items())
    return report_


def _ci_fields(item: ScenarioItem) -> dict[str, Any]:
    """What CI tools get per test case (junit properties, pytest-json-report metadata)."""
    record = item.record or ScenarioRecord(item.pack.pack_id, item.scenario.id)
    tokens = record.tokens or {}
    return {
        "pack": item.pack.pack_id,
        "failure_mode": record.failure_mode or "",
        "latency_s": record.latency_s,
        "tokens": tokens.get("completion"),
        "tokens_prompt": tokens.get("prompt"),
        "timeout_s": record.timeout_s,
    }


@pytest.hookimpl(optionalhook=True)
def pytest_json_runtest_metadata(item: pytest.Item, call: pytest.CallInfo[None]) -> dict[str, Any] | None:
    """pytest-json-report (--json-report): the same fields as extra `metadata` on each test."""
    if isinstance(item, ScenarioItem) and item.record is not None:
        return _ci_fields(item)
    return None


class Controller:
    """Registered on the controller only (xdist's controller, or the single process without xdist):
    resolves and probes the endpoint, hands the target to workers, aggregates records, sets exit status."""

    def __init__(self, aggregator: Aggregator, runner: Runner):
        self.aggregator, self.runner = aggregator, runner
        self.reference_server: Any = None  # --endpoint=local: stopped when the run ends
        self.interrupt = Interrupt()  # SIGINT/SIGTERM: stop like Ctrl-C; results and cleanup still happen

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if session.config.option.collectonly:
            return
        self.interrupt.install(session)
        workers = getattr(session.config.option, "numprocesses", None)
        try:
            probe, self.reference_server = endpoint.resolve(
                self.aggregator.settings, workers if isinstance(workers, int) and workers > 0 else 1
            )
        except endpoint.EndpointError as exc:
            pytest.exit(str(exc), returncode=2)
        self.runner.target = self.aggregator.set_target(probe)
        scaleout.session_start(self.aggregator)  # endpoint pools: probe the other replicas

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """xdist controller -> worker: the endpoint was probed once here; workers get the target."""
        if self.runner.target is not None:
            node.workerinput["quality_target"] = json.dumps(self.runner.target.to_json())
        node.workerinput["quality_worksteal"] = _worksteal(node.config)  # prefetch.py keeps stolen items safe

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if session.config.option.collectonly:
            return
        counts: dict[str, int] = {}
        for item in session.items:
            if isinstance(item, ScenarioItem):
                counts[item.pack.pack_id] = counts.get(item.pack.pack_id, 0) + 1
        node_ids = [item.nodeid for item in session.items if isinstance(item, ScenarioItem)]
        self.aggregator.begin(counts, node_ids, self.runner.sandbox_unavailable_reason)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Under xdist the controller collects nothing itself: size the run from a worker's ids."""
        if self.aggregator.results is not None:
            return
        wanted = {pid: 0 for pid in self.aggregator.plan.pack_ids}
        for nodeid in ids:
            pack_id = pack_of(nodeid)
            if pack_id in wanted:
                wanted[pack_id] += 1
        self.aggregator.begin(
            {k: v for k, v in wanted.items() if v},
            [i for i in ids if pack_of(i) is not None],
            self.runner.sandbox_unavailable_reason,
        )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = getattr(report, "quality", None)  # the JSON object the worker sent
        if record is not None:
            self.aggregator.on_record(ScenarioRecord.from_dict(record))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Any:
        try:
            return (yield)
        finally:
            self.interrupt.finishing = True  # a signal from here on is noted, not raised: results are written whole

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        run = self.aggregator
        if self.interrupt.interrupted:  # even if the KeyboardInterrupt itself was lost (interrupt.py)
            exitstatus = pytest.ExitCode.INTERRUPTED
        try:
            data = run.finish(interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)
        finally:
            self.runner.close()
            self.close()
        if data is None:
            return
        session.exitstatus = exit_status(run, data, exitstatus, session.testscollected)
        if run.settings.quality_html:  # last, so it shows everything the JSON holds
            from pytest_quality.html_report import write_html_from  # jinja2: only when HTML is asked for

            write_html_from(run.json_path, Path(run.settings.quality_html), fallback=data)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Any:
        result = yield
        data = self.aggregator.final
        if data is not None:
            terminalreporter.write_line("")
            for line in report.summary_lines(data):
                terminalreporter.write_line(line)
            terminalreporter.write_line(f"results: {self.aggregator.json_path}")
            if self.aggregator.settings.quality_html:
                terminalreporter.write_line(f"html report: {self.aggregator.settings.quality_html}")
        return result

    def close(self) -> None:
        self.interrupt.uninstall()
        self.aggregator.close()
        if self.reference_server is not None:
            self.reference_server.stop()
            self.reference_server = None


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    runner = _runner(config)
    if runner is not None:
        runner.close()
    controller = config.pluginmanager.get_plugin("quality-controller")
    if controller is not None:
        controller.close()
