"""The worker side of a run: what a process that runs scenarios holds (the client to the target, its
warm sandbox pools). Under xdist every worker has one; without xdist the single process does."""

from __future__ import annotations

import threading
from typing import Any

from pytest_quality import pool, stream
from pytest_quality.cache import CachingClient
from pytest_quality.client import ChatClient, retry_backoff_s
from pytest_quality.plan import RunPlan
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.images import required_image
from pytest_quality.sandbox.pool import SandboxPool
from pytest_quality.settings import Settings
from pytest_quality.target import Target


class Runner:
    def __init__(self, plan: RunPlan):
        self.plan = plan
        self.target: Target | None = None  # set once, before the first scenario runs
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._sandbox_reasons: dict[str, str | None] = {}
        self._pools: dict[str, SandboxPool] = {}
        self._sandbox_lock = threading.Lock()  # sandboxed scenarios may run ahead on threads (prefetch.py)
        self.sandbox_concurrency = 1  # containers per image and process (--sandbox-concurrency, prefetch.install)
        self.stream: str | None = None  # --stream auto/on/off (set by prefetch.install; stream.resolve decides)

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @property
    def described(self) -> Target:
        """The target, or what the settings alone say of it when nothing was probed."""
        return self.target if self.target is not None else Target.from_probe(self.settings, None)

    @property
    def client(self) -> Any:
        """A ChatClient, or what wraps one with the same `chat`: a pool of replicas (pool.py), the
        --cache, --stream (stream.py)."""
        with self._client_lock:
            if self._client is None:
                endpoint = self.target.endpoint if self.target else None
                assert endpoint, "endpoint not resolved"

                def make(url: str) -> ChatClient:
                    return ChatClient(
                        url,
                        self.settings.api_key,
                        retry_on_timeout=self.settings.retry_on_timeout,
                        backoff_s=retry_backoff_s(),
                    )

                client: Any = pool.client_for(self.plan, make) or make(endpoint)  # several --endpoint
                if self.settings.cache:
                    client = CachingClient(client, self.settings.cache, self.described.fingerprint)
                if stream.resolve(self.stream, self.target)[0]:
                    client = stream.StreamingClient(client)
                self._client = client
            return self._client

    def made_client(self) -> Any:
        """The client if one was made (a request was sent), without making one."""
        return self._client

    def sandbox_unavailable_reason(self, image: str = "sandbox") -> str | None:
        """Why sandboxed scenarios needing image recipe `image` cannot run here, or None. Asked once per
        process and image."""
        with self._sandbox_lock:
            if image not in self._sandbox_reasons:
                ok, reason = cleanup.docker_available(required_image(image))
                self._sandbox_reasons[image] = None if ok else reason
            return self._sandbox_reasons[image]

    def sandbox_pool(self, image: str = "sandbox") -> Any:
        """This process's warm pool for an image recipe: up to --sandbox-concurrency containers (default
        one per process and image; more are only used when sandboxed scenarios run ahead, prefetch.py)."""
        with self._sandbox_lock:
            if image not in self._pools:
                cleanup.install_handlers()
                if not self._pools:  # this process's first pool: clear what killed runs left behind, once
                    cleanup.sweep_stopped()
                self._pools[image] = SandboxPool(
                    size=self.sandbox_concurrency, image=required_image(image), session=cleanup.default_session()
                )
            return self._pools[image]

    def close(self) -> None:
        with self._sandbox_lock:
            pools, self._pools = self._pools, {}
        for sandbox_pool in pools.values():
            sandbox_pool.close()
        if self._client is not None:
            self._client.close()
