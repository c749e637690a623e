"""`--concurrency K`: requests fetched ahead on background threads, verdicts and records as in a serial run."""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.integration.test_interrupts import (
    _check_interrupted_run,
    _group_alive,
    _interrupt,
    _journal_scenarios,
    _start,
    _wait_for,
)
from tests.support.fake_openai import (
    FakeServer,
    InFlight,
    answer_negative,
    answer_reference,
    answer_text,
    is_probe_request,
)
from tests.support.faulty_server import FaultyServer
from tests.support.runner import run_quality


def _comparable(run) -> dict[str, tuple]:
    """Per node id: everything the score depends on (order included), not timings."""
    out = {}
    for pack in run.data["packs"]:
        for s in pack["scenarios"]:
            out[s["node_id"]] = (s["order"], s["passed"], s["failure_mode"], s["detail"], s["finish_reason"])
    return out


def _same_verdicts(workdir, answer, *args: str, concurrent: str = "8", timeout: float = 900) -> dict:
    with FakeServer(answer) as server:
        server.latency_s = 0.05
        serial = run_quality(
            workdir,
            *args,
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=1",
            timeout=timeout,
            json_name="serial.json",
        )
        fanned = run_quality(
            workdir,
            *args,
            f"--endpoint={server.url}",
            "--measured-tps=100",
            f"--concurrency={concurrent}",
            timeout=timeout,
            json_name="concurrent.json",
        )
    assert serial.returncode in (0, 1) and fanned.returncode == serial.returncode, fanned.stdout[-3000:]
    assert fanned.data["concurrency"]["per_process"] == int(concurrent)
    assert _comparable(fanned) == _comparable(serial)
    # pytest's own view: the same outcomes in the same order.
    lines = [ln for ln in fanned.stderr.splitlines() if ln.startswith("[")]
    assert [ln.split(" (")[0] for ln in lines] == [
        ln.split(" (")[0] for ln in serial.stderr.splitlines() if ln.startswith("[")
    ]
    return fanned.data


@pytest.mark.parametrize(
    "answer, expected",
    [(answer_reference, 1.0), (answer_negative, None), (answer_text("(no answer)"), 0.0)],
    ids=["references", "negatives", "no-answer"],
)
def test_concurrent_verdicts_equal_serial_without_sandbox(workdir, answer, expected):
    data = _same_verdicts(workdir, answer, "--quality=full", "--no-sandboxed")
    if expected is not None:
        assert data["totals"]["score"] == expected and data["totals"]["errors"] == 0


@pytest.mark.docker
@pytest.mark.parametrize("answer", [answer_reference, answer_text("(no answer)")], ids=["references", "no-answer"])
def test_concurrent_verdicts_equal_serial_full_mode(workdir, answer):
    from pytest_quality.sandbox.cleanup import docker_available

    ok, reason = docker_available()
    if not ok:
        pytest.skip(reason)
    data = _same_verdicts(workdir, answer, "--quality=full", timeout=3000)
    assert data["totals"]["total"] == 150 and data["totals"]["errors"] == 0


def test_default_is_the_servers_slot_count(workdir, fake_server):
    run = run_quality(workdir, "--pack=toolcall-15", f"--endpoint={fake_server.url}", "--measured-tps=100")
    assert run.returncode == 0, run.stdout[-2000:]
    info = run.data["concurrency"]
    assert info["per_process"] == 4 and "total_slots=4" in info["source"]  # the fake server's /props


@pytest.mark.parametrize("value", ["-1", "4097", "many"])
def test_bad_background_load_names_the_flag_and_range(workdir, fake_server, value):
    run = run_quality(workdir, "--pack=toolcall-15", f"--endpoint={fake_server.url}", f"--background-load={value}")
    expected = f"usage error: --background-load: expected a whole number from 0 to 4096, got {value!r}"
    assert run.returncode == 2 and expected in run.stdout + run.stderr, run.stdout[-2000:] + run.stderr[-2000:]


def test_bad_concurrency_names_the_flag(workdir, fake_server):
    run = run_quality(workdir, "--pack=toolcall-15", f"--endpoint={fake_server.url}", "--concurrency=zero")
    assert run.returncode == 2 and "--concurrency" in run.stdout + run.stderr


def test_requests_really_overlap(workdir):
    """K in flight: the server sees up to K requests at once, never more."""
    with FakeServer(answer_reference) as server:
        seen = InFlight(server, hold_s=0.3)
        run = run_quality(
            workdir,
            "--pack=toolcall-15",
            "--pack=instructfollow-15",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=6",
        )
    assert run.returncode == 0 and run.data["totals"]["passed"] == 30, run.stdout[-2000:]
    assert seen.max == 6


class CappedServer(FaultyServer):
    """Answers 429 (Retry-After 0.5 s) to a request beyond `cap` in flight during the first `window_s`
    seconds after its first chat request; afterwards it takes everything, so the client can recover."""

    def __init__(self, cap: int, window_s: float, **kwargs):
        super().__init__(**kwargs)
        self.cap, self.window_s = cap, window_s
        self.in_flight = 0
        self.rejected = 0
        self.first: float | None = None
        server = self

        class Gate:
            def __enter__(self):
                pass

            def __exit__(self, *exc):
                with server._lock:
                    server.in_flight -= 1

        self.slots = Gate()

    def _dispatch(self, h, request):
        if request.get("method") != "POST" or is_probe_request(request):
            return super()._dispatch(h, request)
        with self._lock:
            now = time.monotonic()
            self.first = self.first if self.first is not None else now
            if now - self.first < self.window_s and self.in_flight >= self.cap:
                self.rejected += 1
                reject = True
            else:
                self.in_flight += 1
                reject = False
        if reject:
            h._json(429, {"error": {"message": "too many requests"}}, {"Retry-After": "0.5"})
            return True
        return False


def test_429_backs_off_and_recovers(workdir):
    with CappedServer(cap=2, window_s=1.0) as server:
        server.latency_s = 0.1
        run = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=8",
            env={"QUALITY_RETRY_BACKOFF_S": "0.05"},
        )
    data = run.data
    assert data["totals"]["errors"] == 0 and data["totals"]["passed"] == 75, run.stdout[-3000:]
    aimd = data["concurrency"]["aimd"]
    assert server.rejected > 0 and aimd["cuts_on_429"] >= 1
    assert aimd["lowest"] <= 4  # halved at least once from 8
    assert aimd["final"] > aimd["lowest"]  # and climbed back once the 429s stopped


def test_429s_from_one_replica_cut_that_replicas_window_only(workdir):
    """An endpoint pool: the replica that answers 429 gets a smaller window of its own; the healthy one
    keeps its full window, and nothing is lost."""
    with CappedServer(cap=1, window_s=1.5) as capped, FaultyServer() as healthy:
        for server in (capped, healthy):
            server.latency_s = 0.1
        run = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={capped.url}",
            f"--endpoint={healthy.url}",
            "--endpoint-concurrency=4",
            "--measured-tps=100",
            "--concurrency=8",
            "--stream=off",
            env={"QUALITY_RETRY_BACKOFF_S": "0.05"},
        )
    data = run.data
    assert data["totals"]["errors"] == 0 and data["totals"]["passed"] == 75, run.stdout[-3000:]
    windows = {w["url"]: w for w in data["concurrency"]["replicas"]}
    assert capped.rejected > 0
    assert windows[capped.url]["cuts_on_429"] >= 1 and windows[capped.url]["lowest"] <= 2  # halved from 4
    assert windows[healthy.url]["cuts_on_429"] == 0 and windows[healthy.url]["lowest"] == 4


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_with_requests_in_flight(workdir, sig):
    with FaultyServer(pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        server.latency_s = 1.0
        proc, out = _start(
            workdir, "--quality=quick", f"--endpoint={server.url}", "--measured-tps=100", "--concurrency=8"
        )
        journal = out.with_name(out.name + ".partial.jsonl")
        _wait_for(lambda: _journal_scenarios(journal) >= 3, 60, proc)
        stdout = _interrupt(proc, sig)  # it stops (writing results takes seconds on a busy machine)
        sent = len(server.requests)
        time.sleep(1.5)
        assert len(server.requests) == sent, "requests kept coming after the run stopped"
    data = _check_interrupted_run(proc, out, stdout, total=30)
    assert data["concurrency"]["per_process"] == 8
    assert not _group_alive(proc.pid), "a process of the run was left behind"


def test_background_load_is_kept_up_and_stated(workdir):
    from pytest_quality.load import LOAD_PROMPT

    with FakeServer(answer_reference) as server:
        server.latency_s = 0.2
        # the load's requests in flight at the server
        seen = InFlight(server, hold_s=0.2, counts=lambda request: request["messages"][0]["content"] == LOAD_PROMPT)
        # --stream=off: this server builds a streamed reply to the load's prompt without `completion`
        run = run_quality(
            workdir,
            "--pack=toolcall-15",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--background-load=3",
            "--stream=off",
        )
    data = run.data
    assert run.returncode == 0 and data["totals"]["passed"] == 15, run.stdout[-2000:]
    load = data["background_load"]
    assert load["requests_in_flight"] == 3 and load["completed"] >= 3 and load["failed"] == 0
    assert seen.max == 3
    assert any("background load: 3" in w for w in data["top_warnings"]) and "background load: 3" in run.stdout
    assert all(LOAD_PROMPT not in str(s["request"]) for p in data["packs"] for s in p["scenarios"])


def test_streamed_concurrent_loaded_run_matches_the_schema(workdir):
    """The concurrency, stream and load fields are in the results file, in the shape the schema states."""
    import jsonschema

    from pytest_quality.results import results_schema

    with FakeServer(answer_reference) as server:
        server.latency_s = 0.05
        run = run_quality(
            workdir,
            "--pack=toolcall-15",
            "--pack=instructfollow-15",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=4",
            "--stream",
            "--background-load=1",
        )
    data = run.data
    assert run.returncode == 0 and data["totals"]["passed"] == 30, run.stdout[-2000:]
    schema = results_schema()
    jsonschema.validate(data, schema)
    # Not vacuous: each field the schema describes is there, and a wrong shape of it is rejected.
    records = [s for p in data["packs"] for s in p["scenarios"]]
    assert all(isinstance(r["stream"]["ttft_s"], float) for r in records)
    assert all(isinstance(p["ttft"]["p50"], float) for p in data["packs"])
    assert data["concurrency"]["per_process"] == 4 and data["concurrency"]["aimd"]["ceiling"] == 4
    assert data["background_load"]["requests_in_flight"] == 1
    assert data["stream"] == {"on": True, "source": "--stream"}
    for path, bad in (
        (("stream", "on"), "yes"),
        (("packs", 0, "scenarios", 0, "stream", "ttft_s"), "fast"),
        (("packs", 0, "ttft", "n"), 0),
        (("concurrency", "per_process"), 0),
        (("background_load", "failed"), -1),
    ):
        broken = json.loads(json.dumps(data))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_xdist_never_asks_a_scenario_twice(workdir):
    """-n 2 with --concurrency: work stealing moves queued items to the idle worker; an item one worker
    fetched ahead must not be stolen and asked again by the other. The server counts requests per scenario."""
    import collections

    from tests.support.fake_openai import find_scenario

    with FakeServer(answer_reference, pack_ids=["toolcall-15", "instructfollow-15"]) as server:
        original = server.completion

        def completion(request):  # the second pack is slow, so its worker is stolen from
            scenario = find_scenario(server.index, request.get("messages") or [])
            if scenario is not None and scenario.id.startswith("IF"):
                time.sleep(0.4)
            return original(request)

        server.completion = completion
        run = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--concurrency=4",
            "-n",
            "2",
            "-v",
        )
        asked = collections.Counter(
            find_scenario(server.index, r["messages"]).id
            for r in server.requests
            if "messages" in r and not is_probe_request(r)
        )
    assert run.returncode == 0 and run.data["totals"]["passed"] == 30, run.stdout[-3000:]
    assert len(asked) == 30 and set(asked.values()) == {1}, {k: v for k, v in asked.items() if v != 1}
    assert run.data["concurrency"]["kept_from_steals"] >= 0 and run.data["concurrency"]["processes"] == 2
    # Work was stolen (else this test proves nothing): the fast pack's worker also ran slow-pack items.
    workers = collections.defaultdict(set)
    for line in run.stdout.splitlines():
        if line.startswith("[gw") and "PASSED" in line:
            workers[line.split("]")[0]].add(line.split("::")[-1][:2])
    assert any(packs == {"TC", "IF"} for packs in workers.values()), dict(workers)
