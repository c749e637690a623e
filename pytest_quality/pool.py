"""Endpoint pools: `--endpoint` given several times (or `--endpoint-file`) spreads requests over replicas.

Each process sends a request to the healthy replica with the fewest requests in flight, never more than
--endpoint-concurrency at once per replica, and fewer while that replica answers 429: each replica has
its own window that halves on a 429 and creeps back (aimd.py), so one overloaded replica sheds load to
the others instead of slowing the whole pool. Ties: xdist worker gwK prefers replica K mod N (workers
split evenly over the replicas); a process without xdist takes the replicas in turn. A replica that
refuses connections is taken out of the pool and the request goes to another one, as does a request a
replica still answers 429 after its own retry; the scenario's `retries` in the results file says which
replica failed and where it was retried. A replica taken out is tried again after REVIVE_AFTER_S.

Before the run, every replica is probed: all must serve the same model id and chat template (the
probe's server fingerprint), or the run is refused unless --allow-mixed-pool. The replicas and what
the probe found are recorded as `endpoint_pool` in the results file.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pytest_quality import probe as probe_mod
from pytest_quality import verdict as fm
from pytest_quality.aimd import AIMDLimiter
from pytest_quality.client import ChatClient, Exchange, normalize_base_url

REVIVE_AFTER_S = 30.0


def add_options(group: Any) -> None:
    group.addoption(
        "--endpoint-file",
        metavar="FILE",
        help="endpoint pool: one server URL per line (# comments); adds to --endpoint",
    )
    group.addoption(
        "--endpoint-concurrency",
        metavar="N",
        help="endpoint pool: requests in flight per replica and process (default 4)",
    )
    group.addoption(
        "--allow-mixed-pool",
        action="store_true",
        help="endpoint pool: run even if the replicas serve different models or chat templates",
    )


def urls_from(config: pytest.Config) -> list[str]:
    """All replica URLs: every --endpoint, then the lines of --endpoint-file, without repeats."""
    urls = [u for u in (config.getoption("endpoint", None) or []) if u]
    path = config.getoption("endpoint_file", None)
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise pytest.UsageError(f"--endpoint-file: cannot read {path}: {exc.strerror}") from None
        for n, line in enumerate(lines, 1):
            text = line.split("#", 1)[0].strip()
            if text:
                if " " in text:
                    raise pytest.UsageError(f"--endpoint-file {path}:{n}: one URL per line, got {text!r}")
                urls.append(text)
    if "local" in urls and len(urls) > 1:
        raise pytest.UsageError("--endpoint=local cannot be part of an endpoint pool")
    return list(dict.fromkeys(urls))


def configure(config: pytest.Config, plan: Any, is_controller: bool) -> None:
    """From pytest_configure, every process: the replicas on the plan (the runner's client reads them)."""
    try:
        urls = urls_from(config)
        bound = config.getoption("endpoint_concurrency", None)
        plan.pool_concurrency = int(bound) if bound is not None else 4
        if plan.pool_concurrency < 1:
            raise ValueError
    except ValueError:
        pytest.exit(f"usage error: --endpoint-concurrency: {bound!r} must be a positive integer", returncode=2)
    except pytest.UsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=2)
    worker = getattr(config, "workerinput", None)
    if worker is not None and "quality_pool" in worker:  # the controller's probe already took dead ones out
        urls = list(worker["quality_pool"])
    plan.pool_urls = urls if len(urls) > 1 else None
    plan.pool_offset = int(str(worker.get("workerid", "gw0"))[2:] or 0) if worker else None
    plan.allow_mixed_pool = bool(config.getoption("allow_mixed_pool", False))
    if urls and not plan.settings.endpoint:  # --endpoint-file alone: its first URL is "the" endpoint
        plan.settings.endpoint = urls[0]
    if plan.pool_urls and is_controller:
        config.pluginmanager.register(_PoolToWorkers(plan), "quality-endpoint-pool")


class _PoolToWorkers:
    def __init__(self, plan: Any):
        self.plan = plan

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        if self.plan.pool_urls:
            node.workerinput["quality_pool"] = list(self.plan.pool_urls)


def check_replicas(aggregator: Any) -> None:
    """Controller, after the first replica's probe: probe the others, refuse a mixed pool. The live
    replicas stay on the plan (workers get them), what was found goes in the results (`endpoint_pool`)."""
    run, plan = aggregator, aggregator.plan
    if not plan.pool_urls or run.probe is None:
        return
    s = run.settings
    first = run.probe
    replicas = [
        {
            "url": first.base_url,
            "model": first.model,
            "server_fingerprint": first.fingerprint,
            "chat_template_sha256": first.server.get("chat_template_sha256"),
            "status": "ok",
        }
    ]
    for url in plan.pool_urls[1:]:
        try:
            p = probe_mod.run_probe(url, s.api_key, s.model, measure_tps=False)
        except probe_mod.EndpointUnreachable as exc:
            replicas.append({"url": normalize_base_url(url), "status": "down", "detail": str(exc)})
            run.top_warnings.append(f"endpoint pool: {normalize_base_url(url)} does not answer; left out of the pool")
            continue
        replicas.append(
            {
                "url": p.base_url,
                "model": p.model,
                "server_fingerprint": p.fingerprint,
                "chat_template_sha256": p.server.get("chat_template_sha256"),
                "status": "ok",
            }
        )
    live = [r for r in replicas if r["status"] == "ok"]
    mixed = {(r["model"], r["chat_template_sha256"]) for r in live}
    if len(mixed) > 1:
        listing = "; ".join(
            f"{r['url']}: model {r['model']!r}, template {str(r['chat_template_sha256'])[:12]}" for r in live
        )
        if not plan.allow_mixed_pool:
            pytest.exit(
                f"endpoint pool: the replicas do not serve the same model and chat template ({listing}); "
                "pass --allow-mixed-pool to run anyway",
                returncode=2,
            )
        run.top_warnings.append(f"endpoint pool: MIXED replicas ({listing})")
    plan.pool_urls = [r["url"] for r in live]
    run.endpoint_pool = {
        "replicas": replicas,
        "concurrency_per_replica": plan.pool_concurrency,
        "mixed": len(mixed) > 1,
    }


@dataclass
class Replica:
    url: str
    client: ChatClient
    inflight: int = 0
    served: int = 0
    down_since: float | None = None
    notes: list[str] = field(default_factory=list)
    window: AIMDLimiter | None = None  # requests this replica may have in flight: halves on its 429s

    def has_room(self) -> bool:
        return self.window is None or self.inflight < max(1, int(self.window.limit))


def _died(exchange: Exchange) -> bool:
    """The replica itself is gone (refused, or the connection broke), not a reply we must grade."""
    if exchange.failure_mode == fm.MODEL_ENDPOINT_UNREACHABLE:
        return True
    return exchange.failure_mode == fm.SERVER_ERROR and "connection broken" in exchange.detail


def _overloaded(exchange: Exchange) -> bool:
    """The replica still turned the request away (429) after its own retry: another replica may take it."""
    return exchange.failure_mode == fm.HTTP_ERROR and exchange.http_status == 429


class PoolClient:
    """ChatClient's interface over several replicas."""

    def __init__(self, urls: list[str], make: Any, bound: int, offset: int | None = None):
        self.replicas = [Replica(normalize_base_url(u), make(u)) for u in urls]
        for r in self.replicas:  # another replica is the better retry: give up on a dead one quickly
            r.client.max_retries = min(r.client.max_retries, 1)
            r.window = AIMDLimiter(bound)
            r.client.on_status = r.window.on_status
        self.base_url = self.replicas[0].url  # the cache key: the same reply whichever replica served it
        self.bound = bound
        # An xdist worker (offset = its number) prefers its own "home" replica while it is healthy and under
        # the bound, so W workers over R replicas split evenly instead of colliding at random.
        self.home = offset is not None
        self._turn = offset or 0
        self._cond = threading.Condition()

    @property
    def endpoint_down(self) -> bool:
        return all(r.down_since is not None for r in self.replicas)

    def close(self) -> None:
        for r in self.replicas:
            r.client.close()

    def _usable(self, r: Replica, tried: list[Replica]) -> bool:
        if r in tried:
            return False
        return r.down_since is None or time.monotonic() - r.down_since >= REVIVE_AFTER_S

    def _acquire(self, tried: list[Replica], deadline: float) -> Replica | None:
        with self._cond:
            while True:
                usable = [r for r in self.replicas if self._usable(r, tried)]
                if not usable:
                    return None
                free = [r for r in usable if r.inflight < self.bound and r.has_room()]
                if free:
                    n = len(self.replicas)
                    best = min(free, key=lambda r: (r.inflight, (self.replicas.index(r) - self._turn) % n))
                    if not self.home:  # one process alone: take the replicas in turn
                        self._turn += 1
                    best.inflight += 1
                    return best
                if not self._cond.wait(timeout=max(0.0, deadline - time.monotonic())):
                    return None

    def windows(self) -> list[dict[str, Any]]:
        """Each replica's 429 window (the `concurrency.replicas` field of the results)."""
        return [{"url": r.url, **(r.window.to_json() if r.window else {})} for r in self.replicas]

    def _release(self, r: Replica, exchange: Exchange) -> None:
        with self._cond:
            r.inflight -= 1
            if _died(exchange):
                r.down_since = time.monotonic()
            elif exchange.failure_mode is None:
                r.down_since, r.served = None, r.served + 1
            self._cond.notify_all()

    def chat(self, request: dict[str, Any], timeout_s: float) -> Exchange:
        start = time.monotonic()
        deadline = start + timeout_s
        tried: list[Replica] = []
        notes: list[str] = []
        exchange: Exchange | None = None
        attempts = 0
        while True:
            replica = self._acquire(tried, deadline)
            if replica is None:
                break
            exchange = replica.client.chat(request, max(0.05, deadline - time.monotonic()))
            self._release(replica, exchange)
            attempts += exchange.attempts
            if not (_died(exchange) or _overloaded(exchange)):
                break
            tried.append(replica)
            notes.append(
                f"replica {replica.url} failed ({exchange.failure_mode}: {exchange.detail}); "
                + (
                    "retried on another replica"
                    if _overloaded(exchange)
                    else "taken out of the pool, retried on another replica"
                )
            )
        if exchange is None:
            exchange = Exchange(
                request=request,
                failure_mode=fm.MODEL_ENDPOINT_UNREACHABLE,
                detail="every replica of the endpoint pool is down",
            )
        elif notes and _died(exchange):
            exchange.detail += " (every replica of the endpoint pool failed)"
        exchange.retries = notes + exchange.retries
        exchange.attempts = attempts
        exchange.latency_s = time.monotonic() - start
        return exchange


def client_for(plan: Any, make: Any) -> Any:
    """The runner's client: a PoolClient with several replicas, else None (the caller makes a ChatClient)."""
    urls = plan.pool_urls
    if not urls or len(urls) < 2:
        return None
    return PoolClient(urls, make, plan.pool_concurrency, plan.pool_offset)
