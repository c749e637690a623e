"""`--concurrency K`: up to K model requests in flight from one pytest process, items unchanged.

pytest still runs the items one after another, in its order, in the main thread. Before each item
runs, the requests of the next few items are handed to background threads, which call the very same
`execute.fetch` an item calls inline (one implementation of request, retry, timeout, cache and
breaker). Each item's setup then waits for its own reply and grades it as before, so identity,
outcome, order, the journal and --resume are untouched. A shared `AIMDLimiter` caps the requests
in flight and halves that cap when the server answers 429.

Under xdist a worker fetches ahead only from the items its scheduler has queued for it. With work
stealing (the default for quality runs) the controller may take queued items back for an idle worker:
it asks for the tail of the queue, up to about half, so a worker fetches ahead only from the head half,
and never gives up an item it already handed to its threads. No scenario is asked twice.

Sandboxed scenarios (their own multi-turn loop, a container held throughout) run ahead as whole tasks:
on their own `--sandbox-concurrency N` threads (so they never hold up the plain fetches), each holds a
container of the runner's pool (N per image) from the first model turn to the verdict, and the item's
setup takes that verdict as a plain item takes its reply. Their precheck (Docker, the image) is asked in
the main thread first; a blocked one is not submitted and skips itself in its item, as inline. Kinds
that say `RUNS_AHEAD = False` (benchlocal's image kind: one shared container per image whose verifier
keeps per-scenario state) run inline in their item.
"""

from __future__ import annotations

import math
import queue
import threading
from concurrent.futures import Future
from typing import Any

import pytest

from pytest_quality import execute, formats, load, stream
from pytest_quality.aimd import AIMDLimiter
from pytest_quality.sandbox import cleanup
from pytest_quality.settings import UsageError, whole_number

DEFAULT_CONCURRENCY = 1  # a server that reports no slot count: today's one-at-a-time, unless told
MAX_SANDBOX_CONCURRENCY = 64  # containers per image and process; each holds memory and CPU
LOOKAHEAD = 4  # items fetched ahead, per allowed request in flight: a slow head item does not stall the rest
PLUGIN_NAME = "quality-concurrency"


def add_options(group: Any) -> None:
    """--concurrency, --stream, --background-load: plugin.py calls this once."""
    group.addoption(
        "--concurrency",
        metavar="K",
        default=None,
        help="model requests in flight per pytest process (default: the server's slot count from "
        f"/props total_slots, split over xdist workers; {DEFAULT_CONCURRENCY} when it reports none)",
    )
    group.addoption(
        "--sandbox-concurrency",
        metavar="N",
        default=None,
        help="sandboxed scenarios run at once per pytest process when --concurrency is above 1, one "
        "container each (default: 1, one container per image and process)",
    )
    load.add_options(group)
    stream.add_options(group)


def install(config: pytest.Config, runner: Any, aggregator: Any) -> None:
    """Register the prefetching plugin for a quality run (controller and xdist workers alike): requests go
    through the runner's client; the aggregator (controller only, else None) records the concurrency."""
    explicit = _whole(config.getoption("concurrency", None), "--concurrency", 4096, None)
    runner.sandbox_concurrency = _whole(
        config.getoption("sandbox_concurrency", None), "--sandbox-concurrency", MAX_SANDBOX_CONCURRENCY, 1
    )
    runner.stream = config.getoption("stream", None)  # auto / on / off, read by runner.client (stream.resolve)
    config.pluginmanager.register(ConcurrencyPlugin(config, runner, aggregator, explicit), PLUGIN_NAME)


def _whole(raw: Any, flag: str, most: int, default: Any) -> Any:
    """An option's whole number from 1 to `most`, `default` when not given; else a usage error (exit 2)."""
    if raw is None:
        return default
    try:
        return whole_number(raw, flag, 1, most)
    except UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)


def take(item: Any) -> Any:
    """What ran ahead for the item (waiting for it if still running), else None: a plain item's
    execute.Fetched reply, a sandboxed item's (verdict, fetched) from `item.run_in_sandbox`."""
    plugin = item.config.pluginmanager.get_plugin(PLUGIN_NAME)
    return plugin.take(item) if plugin is not None else None


def resolve(explicit: int | None, target: Any, workers: int) -> tuple[int, str]:
    """(requests in flight per process, where that number came from); target: the probed target.Target."""
    if explicit is not None:
        return explicit, "--concurrency"
    slots = target.total_slots if target is not None else None
    if isinstance(slots, int) and not isinstance(slots, bool) and slots > 0:
        per = max(1, math.ceil(slots / max(1, workers)))
        return per, f"server total_slots={slots}" + (f" over {workers} processes" if workers > 1 else "")
    return DEFAULT_CONCURRENCY, "default (the server reports no slot count)"


class LimitedClient:
    """The run's client behind the AIMD limiter: same `chat(request, timeout_s) -> Exchange`.
    A request's time budget starts once it holds a slot, not while it queues for one."""

    def __init__(self, client: Any, limiter: AIMDLimiter):
        self.client, self.limiter = client, limiter
        raw = client
        # Down through the wrappers (--stream, --cache) to the ChatClient that owns the hook; vars(), not
        # hasattr(): the wrappers' __getattr__ would answer for it, and the hook would land on the wrapper.
        while "on_status" not in vars(raw) and "client" in vars(raw):
            raw = raw.client
        if "on_status" in vars(raw):
            raw.on_status = limiter.on_status

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def chat(self, request: dict[str, Any], timeout_s: float) -> Any:
        self.limiter.acquire()
        try:
            return self.client.chat(request, timeout_s)
        finally:
            self.limiter.release()


class RunStopped(Exception):
    """The run stopped (Ctrl-C, -x) while a sandboxed scenario ran ahead: its loop ends, nobody takes it."""


class UntilClosed:
    """The sandbox threads' client: once the prefetcher is closed, a scenario running ahead asks the model
    nothing more (inline, the interrupt would have ended its loop there and then)."""

    def __init__(self, client: Any, prefetcher: Prefetcher):
        self.client, self.prefetcher = client, prefetcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def chat(self, request: dict[str, Any], timeout_s: float) -> Any:
        if self.prefetcher.closed:
            raise RunStopped("the run stopped: no more model turns")
        return self.client.chat(request, timeout_s)


class Prefetcher:
    """K daemon threads taking (future, item) in submission order; daemon so Ctrl-C never waits on them."""

    def __init__(self, runner: Any, width: int):
        self.runner, self.width = runner, width
        self.limiter = AIMDLimiter(width)
        self.client = LimitedClient(runner.client, self.limiter)
        self.futures: dict[str, Future] = {}
        self.tasks: queue.SimpleQueue = queue.SimpleQueue()
        self.sandboxed: queue.SimpleQueue = queue.SimpleQueue()  # whole sandboxed scenarios, own threads
        self.closed = False
        self._lock = threading.Lock()
        self.threads = self._start(width, "quality-fetch", self.tasks, self._fetch)
        self.sandbox_threads: list[threading.Thread] = []  # started with the first sandboxed item

    def _start(self, n: int, name: str, tasks: queue.SimpleQueue, run: Any) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._work, args=(tasks, run), name=f"{name}-{i}", daemon=True) for i in range(n)
        ]
        for thread in threads:
            thread.start()
        return threads

    def submit(self, item: Any) -> None:
        whole = _runs_ahead_in_sandbox(item)
        if not (whole or _prefetchable(item)):
            return
        with self._lock:  # only the main thread submits: the checks below see what this one saw
            if self.closed or item.nodeid in self.futures:
                return
        if whole:
            if formats.of(item.scenario).precheck(self.runner, item.pack, item.scenario) is not None:
                return  # no sandbox here: the item skips itself in its setup, as inline
            if not self.sandbox_threads:
                cleanup.install_handlers()  # from the main thread: signal handlers cannot be set from others
                n = self.runner.sandbox_concurrency
                self.sandbox_threads = self._start(n, "quality-sandbox", self.sandboxed, self._run_in_sandbox)
        with self._lock:
            if self.closed:
                return
            future: Future = Future()
            self.futures[item.nodeid] = future
        (self.sandboxed if whole else self.tasks).put((future, item))

    def take(self, item: Any) -> Any:
        with self._lock:
            future = self.futures.pop(item.nodeid, None)
        return future.result() if future is not None else None

    def _work(self, tasks: queue.SimpleQueue, run: Any) -> None:
        while True:
            future, item = tasks.get()
            if future is None or not future.set_running_or_notify_cancel():
                if future is None:
                    return
                continue
            try:
                future.set_result(run(item))
            except BaseException as exc:  # noqa: BLE001 - surfaces in the item, as it would inline
                future.set_exception(exc)

    def _run_in_sandbox(self, item: Any) -> Any:
        # Its model turns go through the limited client: they count against the K requests in flight.
        return item.run_in_sandbox(self.runner, UntilClosed(self.client, self))

    def _fetch(self, item: Any) -> execute.Fetched:
        target = self.runner.described
        return execute.fetch(
            self.client,
            item.pack,
            item.scenario,
            self.runner.settings,
            target.model,
            target.thinking_control,
            target.measured_tps,
        )

    def close(self) -> None:
        """Drop what has not started; threads blocked in a request die with the process."""
        with self._lock:
            self.closed = True
            pending, self.futures = list(self.futures.values()), {}
        for future in pending:
            future.cancel()
        for _ in self.threads:
            self.tasks.put((None, None))
        for _ in self.sandbox_threads:
            self.sandboxed.put((None, None))


def _prefetchable(item: Any) -> bool:
    # items.ScenarioItem says it may be fetched ahead (items imports this module, not the reverse).
    scenario = getattr(item, "scenario", None) if getattr(item, "fetch_ahead", False) else None
    return scenario is not None and not scenario.sandboxed and not scenario.raw.get("unavailable")


def _runs_ahead_in_sandbox(item: Any) -> bool:
    scenario = getattr(item, "scenario", None) if getattr(item, "fetch_ahead", False) else None
    if scenario is None or not scenario.sandboxed or scenario.raw.get("unavailable"):
        return False
    try:
        kind = formats.of(scenario).kind(scenario)
    except (ImportError, KeyError):  # no such kind: inline, the item reports it as it always did
        return False
    return bool(getattr(kind, "RUNS_AHEAD", True))


class ConcurrencyPlugin:
    def __init__(self, config: pytest.Config, runner: Any, aggregator: Any, explicit: int | None):
        self.config, self.runner, self.aggregator, self.explicit = config, runner, aggregator, explicit
        self.prefetcher: Prefetcher | None = None
        self.source = ""
        self._index: dict[str, int] | None = None
        self._submitted_to = 0  # session.items[:this] were already handed to the prefetcher
        self.load: Any = None
        self.claimed: set[int] = set()  # xdist: queued indices handed to the prefetcher, kept from steals
        self.kept_from_steal = 0  # claimed items a steal asked for and this worker kept
        self._guarded: Any = None  # the xdist worker whose `steal` is wrapped

    def _workers(self) -> int:
        workerinput = getattr(self.config, "workerinput", None)
        if workerinput is not None:
            return int(workerinput.get("workercount") or 1)
        n = getattr(self.config.option, "numprocesses", None)
        return n if isinstance(n, int) and n > 0 else 1

    def width(self) -> int:
        width, self.source = resolve(self.explicit, self.runner.target, self._workers())
        return width

    def take(self, item: Any) -> execute.Fetched | None:
        return self.prefetcher.take(item) if self.prefetcher is not None else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> None:
        """--background-load starts with the tests, from the controller only (with or without xdist)."""
        if self.load is None and not hasattr(self.config, "workerinput") and not self.config.option.collectonly:
            self.load = load.start(self.config, self.runner) or False

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        if self.prefetcher is None:
            width = self.width()
            if width <= 1 or self.runner.target is None:
                return
            self.prefetcher = Prefetcher(self.runner, width)
        for upcoming in self._upcoming(item, nextitem, LOOKAHEAD * self.prefetcher.width):
            self.prefetcher.submit(upcoming)

    def _upcoming(self, item: pytest.Item, nextitem: pytest.Item | None, n: int) -> list[pytest.Item]:
        session = item.session
        interactor = next((p for p in self.config.pluginmanager.get_plugins() if hasattr(p, "torun")), None)
        if interactor is not None:  # an xdist worker: what its scheduler has queued for it so far
            steals = self._guard_steals(interactor)
            with interactor.torun.lock() as queued:  # the lock a steal takes: it sees these claimed
                indices = [i for i in queued if isinstance(i, int)]
                if steals:  # a steal asks for at most (len + 2) // 2 from the tail (worksteal.py): keep clear
                    indices = indices[: max(0, (len(indices) + 1) // 2 - 1)]
                indices = indices[: max(0, n - 2)]
                self.claimed.update(indices)
            return [item, *([nextitem] if nextitem else []), *(session.items[i] for i in indices)]
        if self._index is None:
            self._index = {it.nodeid: k for k, it in enumerate(session.items)}
        start = self._index.get(item.nodeid)
        if start is None:
            return [item]
        # Only what is new since the last top-up: O(1) per item, not O(window), at C = 256.
        first, self._submitted_to = max(start, self._submitted_to), max(self._submitted_to, start + n)
        return [item, *session.items[first : start + n]]

    def _guard_steals(self, interactor: Any) -> bool:
        """With work stealing, answer the controller's steal requests ourselves: like xdist, but never
        giving up a claimed item (it is in flight or answered here; another worker would ask again)."""
        if not (getattr(self.config, "workerinput", {}) or {}).get("quality_worksteal"):
            return False
        if self._guarded is interactor:
            return True
        if not (
            hasattr(interactor, "steal") and hasattr(interactor.torun, "replace") and hasattr(interactor, "sendevent")
        ):
            return False  # an xdist without the steal protocol this knows: no stealing to guard against
        self._guarded = interactor

        def steal(indices: Any) -> None:
            requested = set(indices)
            with interactor.torun.lock() as queued:
                given = [i for i in queued if i in requested and i not in self.claimed]
                self.kept_from_steal += len(requested & self.claimed)
                if given:
                    interactor.torun.replace(i for i in list(queued) if i not in set(given))
            interactor.sendevent("unscheduled", indices=given)  # the controller reschedules exactly these

        interactor.steal = steal
        return True

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: add up what each worker kept back from steals (pytest_sessionfinish below)."""
        self.kept_from_steal += int((getattr(node, "workeroutput", None) or {}).get("quality_kept_from_steal", 0))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput["quality_kept_from_steal"] = self.kept_from_steal
        if self.prefetcher is not None:
            self.prefetcher.close()
        if self.load:
            self.load.stop()
        results = self.aggregator.results if self.aggregator is not None else None
        if results is not None:
            width = self.prefetcher.width if self.prefetcher is not None else self.width()
            info: dict[str, Any] = {"per_process": width, "source": self.source, "processes": self._workers()}
            # Sandboxed scenarios at once (containers per image): --sandbox-concurrency when they run ahead, else 1.
            info["sandbox_per_process"] = self.runner.sandbox_concurrency if width > 1 else 1
            if self.prefetcher is not None:
                info["aimd"] = self.prefetcher.limiter.to_json()
            windows = getattr(self.runner.made_client(), "windows", None)  # an endpoint pool's per-replica 429 windows
            if windows is not None:
                info["replicas"] = windows()
            if self._workers() > 1:  # items fetched ahead that a work-stealing request asked for; run where fetched
                info["kept_from_steals"] = self.kept_from_steal
            results.meta["concurrency"] = info
            on, why = stream.resolve(self.runner.stream, self.runner.target)
            results.meta["stream"] = {"on": on, "source": why}
            if self.load:
                results.meta["background_load"] = self.load.to_json()
