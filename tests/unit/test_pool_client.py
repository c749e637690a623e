"""PoolClient against real loopback servers: spread, the per-replica bound, failover, all-down."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from pytest_quality import verdict as fm
from pytest_quality.client import ChatClient
from pytest_quality.pool import PoolClient
from tests.support.fake_openai import FakeServer, answer_text

REQUEST = {"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]}


def _make(url: str) -> ChatClient:
    return ChatClient(url, backoff_s=0.01)


class Gauge:
    """Counts requests in flight on one server (a fault hook that never answers for the server)."""

    def __init__(self):
        self.now = self.peak = 0
        self.lock = threading.Lock()

    def enter(self, handler, request):
        if request.get("method") == "POST":
            with self.lock:
                self.now += 1
                self.peak = max(self.peak, self.now)
        return False


def test_requests_spread_and_never_pass_the_bound():
    servers = [FakeServer(answer_text("ok")).start() for _ in range(2)]
    gauges = []
    try:
        for s in servers:
            g = Gauge()
            s.latency_s = 0.05
            s.fault = g.enter
            gauges.append(g)
            original = s.completion

            def done(request, original=original, g=g):
                try:
                    return original(request)
                finally:
                    with g.lock:
                        g.now -= 1

            s.completion = done
        pool = PoolClient([s.url for s in servers], _make, bound=2)
        with ThreadPoolExecutor(8) as ex:
            results = list(ex.map(lambda _: pool.chat(dict(REQUEST), 10), range(24)))
        pool.close()
    finally:
        for s in servers:
            s.stop()
    assert all(r.ok for r in results)
    assert [g.peak for g in gauges] == [2, 2]
    served = [sum(1 for r in s.requests if "messages" in r) for s in servers]
    assert sum(served) == 24 and min(served) >= 8, served


def test_a_dead_replica_is_taken_out_and_the_request_retried():
    alive = FakeServer(answer_text("ok")).start()
    dead = FakeServer(answer_text("ok")).start()
    dead_url = dead.url
    dead.stop()
    try:
        pool = PoolClient([dead_url, alive.url], _make, bound=4)
        first = pool.chat(dict(REQUEST), 10)
        second = pool.chat(dict(REQUEST), 10)
        pool.close()
    finally:
        alive.stop()
    assert first.ok and second.ok
    assert any(dead_url in note and "taken out of the pool" in note for note in first.retries)
    assert second.retries == []  # the dead replica is no longer tried
    assert pool.replicas[0].down_since is not None and pool.replicas[1].served == 2


def test_every_replica_down_is_a_classified_failure():
    servers = [FakeServer().start() for _ in range(2)]
    urls = [s.url for s in servers]
    for s in servers:
        s.stop()
    pool = PoolClient(urls, _make, bound=1)
    result = pool.chat(dict(REQUEST), 5)
    pool.close()
    assert result.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE
    assert "every replica of the endpoint pool" in result.detail and pool.endpoint_down
    assert len(result.retries) >= 2
