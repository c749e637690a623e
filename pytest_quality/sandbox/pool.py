"""A warm pool: containers are started once and reused, reset between scenarios."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.container import Limits, Sandbox, SandboxError

CLOSE_WAIT_S = 30.0  # how long close() waits for a container another thread is starting


class SandboxPool:
    """At most `size` containers, started lazily. `acquire()` yields a clean sandbox; on release it is
    reset (or replaced when reset fails) and goes back to the pool. Thread-safe."""

    def __init__(
        self,
        size: int = 2,
        image: str | None = None,
        session: str | None = None,
        limits: Limits | None = None,
        client=None,
    ):
        import docker

        if size < 1:
            raise ValueError("pool size must be >= 1")
        self.size = size
        self.image = image
        self.session = session or cleanup.default_session()
        self.limits = limits
        self.client = client or docker.from_env(timeout=60)
        self._cond = threading.Condition()
        self._idle: list[Sandbox] = []
        self._all: set[Sandbox] = set()
        self._starting = 0
        self._closed = False
        self.started = 0  # containers started, replacements included (for reports and benchmarks)
        cleanup.track(self.session)

    def _take(self, timeout: float | None) -> Sandbox | None:
        """An idle sandbox, or None when the caller should start one (a slot is reserved for it)."""
        with self._cond:
            while True:
                if self._closed:
                    raise SandboxError("sandbox pool is closed")
                if self._idle:
                    return self._idle.pop()
                if len(self._all) + self._starting < self.size:
                    self._starting += 1
                    return None
                if not self._cond.wait(timeout):
                    raise TimeoutError(f"no sandbox free within {timeout} s (pool size {self.size})")

    @contextmanager
    def acquire(self, timeout: float | None = None) -> Iterator[Sandbox]:
        sandbox = self._take(timeout)
        if sandbox is None:
            try:
                sandbox = Sandbox(self.image, self.session, self.limits, self.client)
            finally:
                with self._cond:
                    self._starting -= 1
                    if sandbox is not None:
                        self._all.add(sandbox)
                        self.started += 1
                    self._cond.notify_all()  # close() may be waiting for this start
        try:
            yield sandbox
        finally:
            self._release(sandbox)

    def _release(self, sandbox: Sandbox) -> None:
        try:
            if not self._closed and not sandbox.reset():
                with self._cond:
                    self.started += 1
        except Exception:
            # Replacing failed too (engine gone?): drop this one; a later acquire starts a new one.
            sandbox.remove()
            with self._cond:
                self._all.discard(sandbox)
                self._cond.notify()
            return
        with self._cond:
            if self._closed:
                self._all.discard(sandbox)
                sandbox.remove()
            else:
                self._idle.append(sandbox)
            self._cond.notify()

    def close(self) -> None:
        """Remove every container of this pool (also those still in use). Idempotent."""
        with self._cond:
            self._closed = True
            # A container being started on another thread (a sandboxed scenario run ahead) is removed too.
            self._cond.wait_for(lambda: self._starting == 0, timeout=CLOSE_WAIT_S)
            sandboxes = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._cond.notify_all()
        for sandbox in sandboxes:
            sandbox.remove()

    def __enter__(self) -> "SandboxPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
