"""Run the cached llama-server on a free loopback port, and never leave it behind.

The server gets its own process group (so stopping it also stops anything it spawns) and
PR_SET_PDEATHSIG, so the kernel sends it SIGTERM when the process that started it dies, even by SIGKILL,
which atexit cannot see.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Sequence

from ._common import Progress, ReferenceEndpointError, cache_root
from .build import ensure_llama_server
from .model import ensure_model

PR_SET_PDEATHSIG = 1
DEFAULT_CTX_PER_SLOT = 8192
MODEL_ALIAS = "qwen2.5-coder-0.5b-instruct"

# Looked up before any fork: the child between fork and exec should only make the one libc call.
_prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
# Loopback only: never send these requests through an HTTP proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ReferenceServerError(ReferenceEndpointError):
    """llama-server did not start or died; the message names its log file."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def log_tail(path: Path | None, lines: int = 15) -> str:
    if path is None:
        return "(no log)"
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(log unreadable)"
    return "\n".join(text.strip().splitlines()[-lines:])


def _die_with_parent(parent_pid: int) -> None:
    """preexec_fn: runs in the child after fork, before exec."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:  # parent died before prctl took effect
        os._exit(1)


class ReferenceServer:
    """llama-server serving the reference model. `start()` returns the base URL; `stop()` is idempotent.

    The kernel's parent-death signal follows the *thread* that started the server, so call `start()`
    from a thread that lives as long as the server should (normally the main thread).
    """

    def __init__(
        self,
        *,
        binary: Path | None = None,
        model: Path | None = None,
        port: int | None = None,
        host: str = "127.0.0.1",
        ctx_size: int | None = None,
        extra_args: Sequence[str] = (),
        startup_timeout: float = 120.0,
        progress: Progress | None = None,
    ) -> None:
        self.binary, self.model, self.port, self.host = binary, model, port, host
        self.ctx_size, self.extra_args = ctx_size, list(extra_args)
        self.startup_timeout, self.progress = startup_timeout, progress
        self.base_url: str | None = None
        self.log_path: Path | None = None
        self.pid: int | None = None
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def command(self, parallel: int) -> list[str]:
        ctx = self.ctx_size or DEFAULT_CTX_PER_SLOT * parallel  # every slot gets a full 8k window
        return [
            str(self.binary), "-m", str(self.model), "--jinja", "--alias", MODEL_ALIAS, "--no-webui",
            "--host", self.host, "--port", str(self.port), "-c", str(ctx), "--parallel", str(parallel),
            *self.extra_args,
        ]  # fmt: skip

    def start(self, parallel: int = 2) -> str:
        if self._proc is not None:
            raise ReferenceServerError(f"already running at {self.base_url} (pid {self.pid})")
        if parallel < 1:
            raise ValueError("parallel must be >= 1")
        self.binary = self.binary or ensure_llama_server(self.progress)
        self.model = self.model or ensure_model(self.progress)
        self.port = self.port or free_port(self.host)
        logs = cache_root() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"llama-server-{self.port}.log"
        self.base_url = f"http://{self.host}:{self.port}"
        with open(self.log_path, "wb") as log:  # the child keeps its own descriptor
            self._proc = subprocess.Popen(
                self.command(parallel),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group, and no terminal Ctrl-C reaching it directly
                preexec_fn=functools.partial(_die_with_parent, os.getpid()),  # the parent's pid, taken here
            )  # fmt: skip
        self.pid = self._proc.pid
        atexit.register(self.stop)
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self.base_url

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self._proc.poll() if self._proc else -1
            if code is not None:
                raise ReferenceServerError(
                    f"llama-server exited with code {code} while starting; log: {self.log_path}\n"
                    f"{log_tail(self.log_path)}"
                )
            try:
                with _opener.open(f"{self.base_url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass  # not listening yet, or 503 while the model loads
            if time.monotonic() > deadline:
                raise ReferenceServerError(
                    f"llama-server did not become healthy within {self.startup_timeout:.0f}s; "
                    f"log: {self.log_path}\n{log_tail(self.log_path)}"
                )
            time.sleep(0.2)

    def wait(self) -> int | None:
        """Block until the server exits; its exit code (None if it was never started)."""
        proc = self._proc
        return proc.wait() if proc else None

    @property
    def running(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        if proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass  # already gone
            try:
                proc.wait(timeout=timeout)
                return
            except subprocess.TimeoutExpired:
                continue
        proc.wait()

    def __enter__(self) -> "ReferenceServer":
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
