"""Never leave a container behind, and say plainly when sandboxes cannot run.

Every container carries the label `pytest-quality=1` and `pytest-quality.session=<id>`. Removal is by
label, so it also works from another process: the xdist controller removes the containers of a dead
worker's session id, and `cleanup()` with no session removes every one of ours.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import uuid

from pytest_quality.sandbox.images import required_image

LABEL = "pytest-quality"
LABEL_SESSION = "pytest-quality.session"

_lock = threading.Lock()
_tracked: set[str] = set()
_handlers_installed = False
_default_session: str | None = None
_stopping = False  # set once exit/signal cleanup ran: from then on no container may be started


def engine_address() -> str:
    return os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"


def default_session() -> str:
    """This process's session id (one per process, so an xdist worker has its own)."""
    global _default_session
    with _lock:
        if _default_session is None:
            _default_session = new_session_id()
        return _default_session


def new_session_id(prefix: str | None = None) -> str:
    # PYTEST_QUALITY_SESSION_PREFIX lets a caller (our own tests) find exactly one run's containers.
    prefix = prefix or os.environ.get("PYTEST_QUALITY_SESSION_PREFIX") or "s"
    return f"{prefix}{os.getpid()}-{uuid.uuid4().hex[:8]}"


def cleanup(session: str | None = None, client=None) -> int:
    """Remove (force) every container with our label, or only one session's. Returns how many."""
    return _remove({"label": [f"{LABEL_SESSION}={session}"] if session else [LABEL]}, client)


def sweep_stopped(client=None) -> int:
    """Remove our containers that have stopped: what a SIGKILLed run or an engine restart leaves behind
    (exit handlers never ran). A stopped container serves no run, so this is safe beside other live runs."""
    return _remove({"label": [LABEL], "status": ["exited", "dead"]}, client)


def _remove(filters: dict, client=None) -> int:
    try:
        import docker

        client = client or docker.from_env(timeout=30)
        containers = client.containers.list(all=True, filters=filters)
    except Exception:
        return 0  # no engine: nothing of ours can be running
    removed = 0
    for c in containers:
        try:
            c.remove(force=True, v=True)
            removed += 1
        except Exception:
            pass  # removed concurrently (pool close racing a signal handler, another run's sweep)
    return removed


def stopping() -> bool:
    return _stopping


def cleanup_tracked() -> int:
    """Remove this process's containers, and refuse to start new ones from now on (objects torn down
    after us, e.g. a pool's context manager finalised at interpreter exit, would otherwise start a
    replacement container that nobody removes)."""
    global _stopping
    with _lock:
        _stopping = True
        sessions = sorted(_tracked)
    return sum(cleanup(s) for s in sessions)


def track(session: str) -> None:
    """Remember a session whose containers this process must remove at exit or on SIGINT/SIGTERM."""
    with _lock:
        _tracked.add(session)
    install_handlers()


def _chain(signum: int, previous):
    def handler(sig, frame):
        cleanup_tracked()
        if callable(previous):
            previous(sig, frame)  # e.g. Python's default SIGINT handler raises KeyboardInterrupt
        elif previous == signal.SIG_DFL:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    return handler


def install_handlers() -> None:
    """atexit + SIGINT/SIGTERM handlers (chained to the previous ones). Idempotent."""
    global _handlers_installed
    with _lock:
        if _handlers_installed:
            return
        _handlers_installed = True
    atexit.register(cleanup_tracked)
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread; atexit still covers normal exits
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        if previous is not signal.SIG_IGN:
            signal.signal(signum, _chain(signum, previous))


def engine_available() -> tuple[bool, str]:
    """(True, "") when a Docker engine answers; else (False, what is missing)."""
    try:
        import docker
    except ImportError:
        return False, "the Python package `docker` is not installed (pip install docker)"
    try:
        docker.from_env(timeout=5).ping()
    except Exception:
        return False, f"no Docker engine answers at {engine_address()}"
    return True, ""


def docker_available(image: str | None = None) -> tuple[bool, str]:
    """(True, "") when sandboxes can run; else (False, a reason naming what is missing)."""
    ok, reason = engine_available()
    if not ok:
        return ok, reason
    import docker

    image = image or required_image()
    try:
        docker.from_env(timeout=5).images.get(image)
    except docker.errors.ImageNotFound:
        return False, f"image {image} not built: run `pytest-quality sandbox build`"
    except Exception as exc:
        return False, f"cannot inspect image {image}: {exc}"
    return True, ""
