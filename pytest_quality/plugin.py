"""pytest hooks: options, collection, probe hand-off to xdist workers, summary, exit status.

Glue only: the work lives in run.py (state), items.py (nodes), execute.py, results.py, report.py.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_quality import compare_options
from pytest_quality import prefetch
from pytest_quality import probe as probe_mod
from pytest_quality import report
from pytest_quality import serving
from pytest_quality.items import RUN_KEY, QualityRoot, ScenarioItem
from pytest_quality.packs import MODES
from pytest_quality.run import QualityRun, sandbox_image
from pytest_quality.settings import GATES, UsageError, from_config
from pytest_quality.scaleout import add_options as scaleout_options

MARKERS = ("quality", "toolcall", "instructfollow", "structoutput", "reasonmath", "dataextract", "bugfind",
           "hermesagent", "cli", "aiderpolyglot", "humanevalplus", "lcb", "gsmsymbolic", "gpqa", "sandboxed",
           "reasoning")


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("quality", "pytest-quality: behavioural quality of an LLM endpoint")
    # Values are validated in settings.py, not by argparse, so a bad one exits 2 naming the flag.
    g.addoption("--quality", default=None, metavar="MODE", help="pack set to run: " + "|".join(MODES))
    g.addoption("--pack", dest="quality_pack", action="append", metavar="ID", help="run this pack (repeatable)")
    g.addoption("--pack-path", action="append", metavar="DIR", help="extra pack folder (repeatable)")
    g.addoption("--endpoint", action="append", metavar="URL|local",
                help="server base URL, or 'local' for the reference endpoint (repeat for a pool of replicas)")
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
    g.addoption("--floor", dest="floor", action="append", metavar="PACK=X",
                help="pass-rate floor for --quality-gate=floors, overriding the pack's (repeatable)")
    g.addoption("--no-progress", action="store_true", help="no live [N/M] lines on stderr")
    g.addoption("--pack-seed", metavar="N", help="re-materialise generated packs (gsm-symbolic-30) "
                "with seed N: fresh instances (non-canonical)")
    g.addoption("--gpqa-path", metavar="FILE", help="your copy of GPQA (CSV or JSONL) for gpqa-diamond "
                "(env QUALITY_GPQA_PATH)")
    g.addoption("--humaneval-path", metavar="FILE", help="the official HumanEval+ jsonl[.gz]: replaces the "
                "humaneval-plus-30 scenarios for this run")
    g.addoption("--lcb-path", metavar="FILE", help="a LiveCodeBench release jsonl[.gz]: replaces the lcb-v6-30 "
                "scenarios for this run")
    g.addoption("--resume", metavar="PATH", help="finish an interrupted run from its journal or results JSON")
    g.addoption("--cache", metavar="DIR", help="response cache: reuse replies to identical requests")
    compare_options.add_options(g)  # --detect, --noise, --fail-on-underpowered
    serving.add_options(g)
    prefetch.add_options(g)  # --concurrency, --stream, --background-load (prefetch.py, stream.py, load.py)
    scaleout_options(g)  # --shard, --sandbox-host, endpoint pools: pytest_quality/shard.py, pool.py


def _run(config: pytest.Config) -> QualityRun | None:
    return config.stash.get(RUN_KEY, None)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", f"{marker}: pytest-quality scenarios")
    try:
        settings = from_config(config)
        serving.configure(config, settings)
        if not settings.active:
            return
        run = QualityRun(settings, is_controller=not _is_worker(config))
    except UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)
    if run.is_controller and (settings.gate != "report" or settings.exit_on_regression) and not settings.canonical:
        pytest.exit(f"refusing to gate a non-canonical run ({', '.join(settings.non_canonical_reasons)}): "
                    "--quality-gate/--exit-on-regression need canonical sampling", returncode=4)
    config.stash[RUN_KEY] = run
    compare_options.configure(config, run)
    prefetch.install(config, run)  # --concurrency: model requests of upcoming items fetched ahead
    if settings.resume:
        from pytest_quality.resume import ResumeState

        run.resumed = ResumeState.load(settings.resume)
    if run.is_controller:
        config.pluginmanager.register(Controller(run), "quality-controller")
    from pytest_quality import scaleout

    scaleout.configure(config, run)  # --shard, --sandbox-host, endpoint pools
    # Collect the packs, not the user's files: the root directory is all we need.
    config.args = [str(config.rootpath)]
    if _is_worker(config):
        shared = config.workerinput.get("quality_probe")
        run.probe = probe_mod.ProbeResult.from_json(json.loads(shared)) if shared else None
        run.endpoint = config.workerinput.get("quality_endpoint")


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> Any:
    if _run(parent.config) is not None and isinstance(parent, pytest.Session):
        return QualityRoot.from_parent(parent, path=path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    run = _run(session.config)
    if run is None or not run.is_controller or session.config.option.collectonly:
        return
    if sys.platform != "win32":  # SIGTERM: stop like Ctrl-C, so results and cleanup still happen
        signal.signal(signal.SIGTERM, _raise_interrupt)
    workers = getattr(session.config.option, "numprocesses", None)
    _resolve_endpoint(run, workers if isinstance(workers, int) and workers > 0 else 1)
    from pytest_quality import scaleout

    scaleout.session_start(run)  # endpoint pools: probe the other replicas


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _resolve_endpoint(run: QualityRun, workers: int) -> None:
    s = run.settings
    if s.endpoint == "local":
        from pytest_quality.reference import ReferenceEndpointError, ReferenceServer

        run.reference_server = ReferenceServer()
        try:  # one server for the whole run, with a slot per xdist worker
            run.endpoint = run.reference_server.start(parallel=max(2, workers))
        except ReferenceEndpointError as exc:
            pytest.exit(f"--endpoint=local: {exc}", returncode=2)
    elif s.endpoint:
        run.endpoint = s.endpoint
    else:
        found = probe_mod.autodetect_endpoint()
        if not found:
            ports = ", ".join(str(p) for p in probe_mod.AUTODETECT_PORTS)
            pytest.exit(f"no endpoint given and no server answers on 127.0.0.1 ports {ports}; "
                        "pass --endpoint=URL or --endpoint=local", returncode=2)
        sys.stderr.write(f"[pytest-quality] no --endpoint given; found a server at {found}\n")
        run.endpoint = found
    try:
        run.probe = probe_mod.run_probe(run.endpoint, s.api_key, s.model, measure_tps=s.measured_tps is None)
    except probe_mod.EndpointUnreachable as exc:
        pytest.exit(str(exc), returncode=2)
    run.endpoint = run.probe.base_url
    run.top_warnings.extend(run.probe.warnings)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller -> worker: the probe ran once here; workers reuse its result."""
    run = _run(node.config)
    if run is not None and run.probe is not None:
        node.workerinput["quality_probe"] = json.dumps(run.probe.to_json())
        node.workerinput["quality_endpoint"] = run.endpoint


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Quality runs default to work stealing. xdist's `load` mode keeps only two items queued per worker
    once tests are slow (a model call is), so every item waits a controller round trip before it may start;
    `worksteal` hands each worker its share up front and rebalances at the end. An explicit --dist wins."""
    if _run(config) is None or config.getvalue("dist") != "load" or _dist_given(config):
        return None
    from xdist.scheduler import WorkStealingScheduling

    return WorkStealingScheduling(config, log)


def _dist_given(config: pytest.Config) -> bool:
    args = [*config.invocation_params.args, *shlex.split(os.environ.get("PYTEST_ADDOPTS", "")),
            *config.getini("addopts")]
    return any(a == "-d" or a.startswith(("--dist", "--distload")) for a in map(str, args))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run = _run(config)
    if run is not None and getattr(run, "resumed", None) is not None:
        run.resumed.deselect(config, items)


def pytest_collection_finish(session: pytest.Session) -> None:
    run = _run(session.config)
    if run is None or not run.is_controller or session.config.option.collectonly:
        return
    _start_results(run, session.items)


def _warn_sandbox_skips(run: QualityRun, packs: list[Any]) -> None:
    """Sandboxed packs without Docker are skipped, and the run says so up front: never silently."""
    skipped: dict[str, list[str]] = {}  # reason -> pack ids (packs may need different images)
    for p in packs:
        images = {sandbox_image(s) for s in p.scenarios if s.sandboxed} or {"sandbox"}
        reasons = [r for r in map(run.sandbox_unavailable_reason, sorted(images)) if r] if p.sandboxed else []
        if reasons:
            skipped.setdefault(reasons[0], []).append(p.pack_id)
    for reason, sandboxed in skipped.items():
        message = f"SANDBOXED PACKS SKIPPED ({', '.join(sandboxed)}): {reason}"
        run.top_warnings.insert(0, message)
        sys.stderr.write(f"[pytest-quality] {message}\n")


def _start_results(run: QualityRun, items: list[Any]) -> None:
    counts: dict[str, int] = {}
    for item in items:
        if isinstance(item, ScenarioItem):
            counts[item.pack.pack_id] = counts.get(item.pack.pack_id, 0) + 1
    _start_with(run, counts, [item.nodeid for item in items if isinstance(item, ScenarioItem)])


def _start_with(run: QualityRun, counts: dict[str, int], node_ids: list[str]) -> None:
    resumed = getattr(run, "resumed", None)
    if resumed is not None:  # a resumed run also holds the scenarios it inherits
        counts = resumed.add_counts(counts, run.pack_ids)
        node_ids = [*(r["node_id"] for r in resumed.inherited(run.pack_ids)), *node_ids]
    packs = [run.load(pid) for pid in run.pack_ids if pid in counts]
    run.selection = node_ids  # recorded in the run meta so --resume runs exactly this selection
    _warn_sandbox_skips(run, packs)
    run.start_results(packs, counts)
    if resumed is not None:
        resumed.inject(run)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """Under xdist the controller collects nothing itself: size the run from a worker's ids."""
    run = _run(node.config)
    if run is None or run.results is not None:
        return
    wanted = {pid: 0 for pid in run.pack_ids}
    for nodeid in ids:
        pack_id = nodeid.split(".jsonl::", 1)[0]
        if pack_id in wanted:
            wanted[pack_id] += 1
    _start_with(run, {k: v for k, v in wanted.items() if v}, [i for i in ids if ".jsonl::" in i])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report_ = yield
    if isinstance(item, ScenarioItem) and item.record is not None:
        final = report_.when == "call" or (report_.when == "setup" and not report_.passed)
        if final:
            report_.quality = item.record  # travels to the xdist controller with the report
            # junit XML <property> elements: "" rather than "None" for what a scenario lacks.
            item.user_properties.extend((k, "" if v is None else v) for k, v in _ci_fields(item).items())
    return report_


def _ci_fields(item: ScenarioItem) -> dict[str, Any]:
    """What CI tools get per test case (junit properties, pytest-json-report metadata)."""
    record = item.record or {}
    tokens = record.get("tokens") or {}
    return {"pack": item.pack.pack_id, "failure_mode": record.get("failure_mode") or "",
            "latency_s": record.get("latency_s"), "tokens": tokens.get("completion"),
            "tokens_prompt": tokens.get("prompt"), "timeout_s": record.get("timeout_s")}


@pytest.hookimpl(optionalhook=True)
def pytest_json_runtest_metadata(item: pytest.Item, call: pytest.CallInfo[None]) -> dict[str, Any] | None:
    """pytest-json-report (--json-report): the same fields as extra `metadata` on each test."""
    if isinstance(item, ScenarioItem) and item.record is not None:
        return _ci_fields(item)
    return None


class Controller:
    """Registered on the controller only: aggregates records, writes outputs, sets exit status."""

    def __init__(self, run: QualityRun):
        self.run = run

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = getattr(report, "quality", None)
        if record is not None:
            self.run.on_record(record)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        run = self.run
        try:
            data = run.finish(interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)
        finally:
            run.close()
        if data is None:
            return
        session.exitstatus = _exit_status(run, data, exitstatus, session)
        if run.settings.quality_html:  # last, so it shows everything the JSON holds
            from pytest_quality.html_report import write_html_from

            write_html_from(run.json_path, Path(run.settings.quality_html), fallback=data)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Any:
        result = yield
        data = self.run.final
        if data is not None:
            terminalreporter.write_line("")
            for line in report.summary_lines(data):
                terminalreporter.write_line(line)
            terminalreporter.write_line(f"results: {self.run.json_path}")
            if self.run.settings.quality_html:
                terminalreporter.write_line(f"html report: {self.run.settings.quality_html}")
        return result


def _exit_status(run: QualityRun, data: dict[str, Any], exitstatus: int, session: pytest.Session) -> int:
    """CONTRACT section 6."""
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        return int(exitstatus)
    if serving.exit_status(run) is not None:  # --quality=serving: the checks decide
        return serving.exit_status(run)
    totals = data["totals"]
    if (session.testscollected == 0 and run.resumed is None) or not run.expected:
        sys.stderr.write("[pytest-quality] no scenario selected\n")
        return 2
    if totals["total"] == 0 and not any(p["skipped"] for p in data["packs"]):
        return 2  # nothing could be scored
    refused = (data.get("comparison") or {}).get("incomparable") or []
    if run.settings.exit_on_regression and refused:  # a regression gate that cannot see these packs must not pass
        sys.stderr.write("[pytest-quality] --exit-on-regression: not comparable across major pack versions: "
                         + ", ".join(f"{r['pack_id']} v{r['a_version']} vs v{r['b_version']}" for r in refused) + "\n")
        return 4
    if run.settings.exit_on_regression and (data.get("comparison") or {}).get("significant_regression"):
        return 3  # compare.py defines "significant"; the refusal of non-canonical runs (4) came first
    underpowered = compare_options.exit_status(run, data)
    if underpowered is not None:
        return underpowered
    gate = run.settings.gate
    if gate == "strict":
        # Strict vouches only for what it saw: anything selected but not scored fails the gate too.
        counts = {"not run (no result recorded)": sum(p.get("missing") or 0 for p in data["packs"]),
                  "errors (serving or sandbox problems)": totals["errors"],
                  "skipped": sum(p.get("skipped") or 0 for p in data["packs"])}
        counts["not gradable"] = max(0, sum(p.get("selected", 0) for p in data["packs"]) - totals["total"]
                                     - sum(counts.values()))
        unscored = {k: v for k, v in counts.items() if v}
        if unscored:
            why = (f"--quality-gate=strict: {sum(unscored.values())} selected scenario(s) not scored: "
                   + ", ".join(f"{v} {k}" for k, v in unscored.items()))
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


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    run = _run(config)
    if run is not None:
        run.close()
