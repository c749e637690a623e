"""Cache location, progress output, locking and pip downloads shared by the reference modules."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

Progress = Callable[[str], None]


class ReferenceEndpointError(RuntimeError):
    """Building, fetching or starting the reference endpoint failed."""


def default_progress(message: str) -> None:
    print(f"[pytest-quality] {message}", file=sys.stderr, flush=True)


def progress_or_default(progress: Progress | None) -> Progress:
    return progress if progress is not None else default_progress


def cache_root() -> Path:
    """`$PYTEST_QUALITY_CACHE`, else `~/.cache/pytest-quality` (read on every call so tests can override it)."""
    env = os.environ.get("PYTEST_QUALITY_CACHE")
    root = Path(env).expanduser() if env else Path.home() / ".cache" / "pytest-quality"
    root.mkdir(parents=True, exist_ok=True)
    return root


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Exclusive advisory lock, so parallel workers (xdist, CI) build or download only once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pip_download(args: list[str], dest: Path) -> None:
    """Run `pip download` with the current interpreter (so the user's pip configuration applies)."""
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-d", str(dest), *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.strip().splitlines()[-15:])
        raise ReferenceEndpointError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{tail}")


def remove_stale(folder: Path, *patterns: str) -> None:
    """Delete leftovers of a run that was killed mid-way; call only while holding the folder's lock."""
    for pattern in patterns:
        for path in folder.glob(pattern):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
