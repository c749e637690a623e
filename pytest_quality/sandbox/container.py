"""One hardened sandbox container and the commands run in it.

Every container: no network, commands as uid 1000, read-only root filesystem with tmpfs /workspace and
/tmp, memory/pids/CPU limits, all capabilities dropped, no-new-privileges, no container log, our labels.
PID 1 (the reaper) runs as another uid (65534) and is not dumpable, so the model's uid can neither
ptrace it, nor write its memory, nor reach its file descriptors. Commands run under `timeout -s KILL`
and a hard RLIMIT_CPU inside the container, and the host also enforces a deadline and an output cap.
"""

from __future__ import annotations

import io
import math
import queue
import tarfile
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from pytest_quality.sandbox import cleanup, stream
from pytest_quality.sandbox.cleanup import LABEL, LABEL_SESSION
from pytest_quality.sandbox.images import required_image

WORKSPACE = "/workspace"

# PID 1: reaps orphans (so leftover zombies never eat the pids limit). All its signals stay at their
# default action, and the kernel drops such signals when they are sent to a namespace's PID 1 from
# inside: a command running `kill -9 -1` or `kill 1` cannot take the sandbox down. We only ever remove
# containers with SIGKILL from the host.
# It runs as INIT_USER, not as the model's uid 1000, and marks itself non-dumpable: without
# CAP_SYS_PTRACE (all capabilities are dropped) a uid-1000 process can then neither ptrace PID 1, nor
# open /proc/1/mem or /proc/1/fd/*, nor signal it. (Running it as another uid is what holds; the flag
# is a second layer should the uids ever match. A seccomp profile denying ptrace would mean shipping
# and maintaining a full copy of the engine's default profile, which differs between engine versions.)
# Its last argument is a per-container token: `reset()` checks that PID 1 still has exactly the
# command line it was started with, its uid, its start time, and no tracer.
INIT_USER = "65534:65534"  # nobody:nogroup
NONDUMPABLE = "ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)\n"  # prctl(PR_SET_DUMPABLE, 0)
REAPER = (
    "import ctypes, os, signal, time\n" + NONDUMPABLE + "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
    "while True:\n"
    "    try:\n"
    "        os.waitpid(-1, 0)\n"
    "    except ChildProcessError:\n"
    "        time.sleep(0.1)\n"
)

# The wrapper prints its PID (= the pgid `timeout` creates) so the host can kill the whole group.
# $0 = wall-clock timeout, $1 = CPU seconds. `ulimit -t` sets the soft and the hard RLIMIT_CPU: every
# process of the command (and each one it forks) is SIGKILLed by the kernel at that much CPU time, and
# an unprivileged process can lower a hard limit but never raise it. So neither ignoring SIGXCPU /
# SIGTERM nor killing `timeout` (same uid) and escaping the process group buys more CPU.
_WRAPPER = 't=$0 c=$1; shift; ulimit -t "$c" 2>/dev/null; echo "pq-pid $$" >&2; exec timeout -s KILL "$t" "$@"'

# Stop then kill every process but PID 1, this shell and its parent (the `timeout` of the exec
# wrapper). Stopped processes cannot fork, so a fork bomb cannot outrun the loop. Shared with the
# CLI grader, which quiets the sandbox the same way before it inspects it.
KILL_ALL_BUT_INIT = r"""
me=$$; parent=$PPID; i=0
while :; do
  found=
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    if [ "$p" = 1 ] || [ "$p" = "$me" ] || [ "$p" = "$parent" ]; then continue; fi
    kill -STOP "$p" 2>/dev/null && found="$found $p"
  done
  [ -z "$found" ] && break
  kill -KILL $found 2>/dev/null
  i=$((i+1))
  if [ $i -ge 40 ]; then echo "processes survive:$found" >&2; exit 3; fi
  sleep 0.05
done
"""

# Reset: no process left, every writable place emptied (POSIX message queues in /dev/mqueue too),
# every SysV IPC object removed (message queues, shared memory, semaphores: all uid 1000 can have
# created), then a report on PID 1 that `reset()` compares with what it started.
_RESET = (
    KILL_ALL_BUT_INIT
    + r"""
chmod -R u+rwx /workspace /tmp /dev/shm 2>/dev/null
find /workspace /tmp /dev/shm /dev/mqueue -mindepth 1 -delete 2>/dev/null
left=$(find /workspace /tmp /dev/shm /dev/mqueue -mindepth 1 2>/dev/null | head -n 3)
if [ -n "$left" ]; then echo "not removed: $left" >&2; exit 4; fi
ipcrm -a 2>/dev/null
left=$(tail -q -n +2 /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem 2>/dev/null | head -n 3)
if [ -n "$left" ]; then echo "SysV IPC objects not removed: $left" >&2; exit 5; fi
echo "pq-init-uid $(sed -n 's/^Uid:[[:space:]]*//p' /proc/1/status | tr -s '[:space:]' ' ')"
echo "pq-init-tracer $(sed -n 's/^TracerPid:[[:space:]]*//p' /proc/1/status)"
echo "pq-init-start $(sed 's/.*) //' /proc/1/stat | cut -d' ' -f20)"
echo "pq-init-cmdline $(od -An -v -tx1 /proc/1/cmdline | tr -d ' \n')"
echo pq-reset-ok
"""
)


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the command run in it)."""


class SandboxBroken(SandboxError):
    """The sandbox stopped working after the model's commands ran in it (e.g. a `kill -9 -1` loop or a
    fork bomb left behind): the model broke it. A scored failure of that scenario, never a missing
    one; the pool replaces the container."""


@dataclass(frozen=True)
class Limits:
    memory: str = "512m"
    pids: int = 128
    cpus: float = 1.0
    workspace_size: str = "64m"
    tmp_size: str = "64m"
    shm_size: str = "16m"
    nofile: int = 1024


@dataclass
class ExecResult:
    exit_code: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    truncated: bool = False
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out and not self.truncated

    @property
    def status(self) -> str:
        """One word for traces: ok, timeout, output_limit, exit_<n>."""
        if self.timed_out:
            return "timeout"
        if self.truncated:
            return "output_limit"
        return "ok" if self.exit_code == 0 else f"exit_{self.exit_code}"


def _init_command(token: str) -> list[str]:
    return ["python3", "-c", REAPER, f"pq-reaper-{token}"]


def _container_kwargs(image: str, session: str, limits: Limits, token: str = "") -> dict:
    from docker.types import LogConfig, Ulimit

    tmpfs_opts = "rw,exec,nosuid,nodev,uid=1000,gid=1000"
    return dict(
        image=image,
        command=_init_command(token),
        name=f"pytest-quality-{session}-{uuid.uuid4().hex[:8]}",
        auto_remove=False,
        network_mode="none",
        user=INIT_USER,  # PID 1 only: every exec runs as 1000:1000
        # No container log: only PID 1's output would go there, and nothing a command writes may
        # reach the host's disk (json-file logs have no size cap by default).
        log_config=LogConfig(type=LogConfig.types.NONE),
        read_only=True,
        tmpfs={
            WORKSPACE: f"{tmpfs_opts},mode=0755,size={limits.workspace_size}",
            "/tmp": f"{tmpfs_opts},mode=1777,size={limits.tmp_size}",
        },
        shm_size=limits.shm_size,
        mem_limit=limits.memory,
        memswap_limit=limits.memory,
        pids_limit=limits.pids,
        nano_cpus=int(limits.cpus * 1e9),
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        ulimits=[Ulimit(name="nofile", soft=limits.nofile, hard=limits.nofile), Ulimit(name="core", soft=0, hard=0)],
        oom_score_adj=1000,  # if the host runs short, the sandbox dies first
        hostname="sandbox",
        working_dir=WORKSPACE,
        labels={LABEL: "1", LABEL_SESSION: session},
    )


class Sandbox:
    """A running hardened container. Start with `Sandbox()`; always `remove()` it (or use `with`)."""

    def __init__(self, image: str | None = None, session: str | None = None, limits: Limits | None = None, client=None):
        import docker

        self.client = client or docker.from_env(timeout=60)
        self.image = image or required_image()
        self.session = session or cleanup.default_session()
        self.limits = limits or Limits()
        self.container: Any = None  # a docker Container once started
        self.replacements = 0
        self.reset_problem: str | None = None  # why the last reset had to replace the container
        self._condemned: str | None = None
        self._start()

    # -- lifecycle --------------------------------------------------------------------------------

    def _start(self) -> None:
        import docker

        if cleanup.stopping():
            raise SandboxError("this process is exiting: no new sandbox container is started")
        cleanup.track(self.session)
        self._condemned = None
        token = uuid.uuid4().hex
        self._init_cmdline = b"\0".join(arg.encode() for arg in _init_command(token)).hex() + "00"
        self._init_uid = INIT_USER.split(":")[0]
        self._init_start: str | None = None  # PID 1's start time, taken at the first reset
        try:
            # create + start, never `run`: run pulls a missing image from a registry.
            self.container = self.client.containers.create(
                **_container_kwargs(self.image, self.session, self.limits, token)
            )
        except docker.errors.ImageNotFound as exc:
            raise SandboxError(f"image {self.image} not built: run `pytest-quality sandbox build`") from exc
        except docker.errors.APIError as exc:
            raise SandboxError(f"cannot create a sandbox container: {exc}") from exc
        try:
            self.container.start()
        except docker.errors.APIError as exc:
            self.remove()
            raise SandboxError(f"cannot start a sandbox container: {exc}") from exc

    @property
    def id(self) -> str:
        return self.container.id if self.container else ""

    def alive(self) -> bool:
        try:
            self.container.reload()
            return self.container.status == "running"
        except Exception:
            return False

    def remove(self) -> None:
        if self.container is None:
            return
        try:
            self.container.remove(force=True, v=True)
        except Exception:
            pass  # already gone (signal-handler cleanup, engine restart): nothing left to remove
        self.container = None

    def replace(self) -> None:
        self.remove()
        self.replacements += 1
        self._start()

    def condemn(self, why: str) -> None:
        """Never reuse this container: the next `reset()` replaces it."""
        self._condemned = self._condemned or why

    def reset(self) -> bool:
        """Kill leftover processes, empty /workspace, /tmp, /dev/shm and /dev/mqueue, remove SysV IPC
        objects, and check that PID 1 is still the untouched reaper this container started with.

        Returns True when the container was reused, False when it had to be replaced by a fresh one
        (dead, out of pids, condemned, PID 1 changed, or the reset could not finish); `reset_problem`
        then says why."""
        problem = self._condemned
        if problem is None and not self.alive():
            problem = "the container is not running"
        if problem is None:
            try:
                problem = self._reset_report(self.exec(["sh", "-c", _RESET], timeout=10, workdir="/"))
            except SandboxError as exc:
                problem = f"the reset could not run: {exc}"
        if problem is None and not self.alive():
            problem = "the container stopped during the reset"
        self.reset_problem = problem
        if problem is None:
            return True
        self.replace()
        return False

    def _reset_report(self, res: ExecResult) -> str | None:
        """None when the reset script finished and PID 1 is the reaper we started; else what is wrong."""
        lines = res.stdout.decode("utf-8", "replace").splitlines()
        if res.exit_code != 0 or not lines or lines[-1] != "pq-reset-ok":
            why = res.stderr.decode("utf-8", "replace").strip()[-200:] or res.status
            return f"the reset failed ({res.status}): {why}"
        seen = dict(line.split(" ", 1) for line in lines if line.startswith("pq-init-") and " " in line)
        if seen.get("pq-init-cmdline") != self._init_cmdline:
            return "PID 1 is not the reaper this container started with (its command line changed)"
        if seen.get("pq-init-uid", "").split() != [self._init_uid] * 4:
            return f"PID 1 runs with uids {seen.get('pq-init-uid')!r}, not {self._init_uid}"
        if seen.get("pq-init-tracer") != "0":
            return f"PID 1 is being traced (TracerPid {seen.get('pq-init-tracer')})"
        start = seen.get("pq-init-start")
        if not start or (self._init_start is not None and start != self._init_start):
            return f"PID 1's start time changed ({self._init_start} -> {start})"
        self._init_start = start
        return None

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()

    # -- commands ---------------------------------------------------------------------------------

    def exec(
        self,
        cmd: str | list[str],
        stdin: bytes | None = None,
        timeout: float = 10,
        env: dict | None = None,
        workdir: str = WORKSPACE,
        output_limit: int = 64 * 1024,
        cpu_limit: float | None = None,
    ) -> ExecResult:
        """Run `cmd` (a string goes to `bash -c`) as uid 1000. Never raises for what the command does;
        raises SandboxError only when the engine refuses to run it.

        `timeout` is wall-clock time (SIGKILL). Every process of the command also gets a hard
        RLIMIT_CPU of `cpu_limit` seconds (rounded up; default: what the container's CPUs can do in
        `timeout`, + 1 s: a backstop for processes that leave the command's process group), enforced
        by the kernel with SIGKILL. A command killed at its CPU limit reports `timed_out`."""
        import docker

        argv = ["bash", "-c", cmd] if isinstance(cmd, str) else list(cmd)
        # Default: no process can use more CPU than the whole container can in `timeout` (+1 s).
        default_cpu = timeout * max(1.0, self.limits.cpus) + 1
        cpu_seconds = max(1, math.ceil(cpu_limit if cpu_limit is not None else default_cpu))
        wrapped = ["sh", "-c", _WRAPPER, f"{timeout:g}", str(cpu_seconds), *argv]
        api = self.client.api
        start = time.monotonic()
        try:
            exec_id = api.exec_create(
                self.container.id,
                wrapped,
                stdin=stdin is not None,
                stdout=True,
                stderr=True,
                user="1000:1000",
                workdir=workdir,
                environment=[f"{k}={v}" for k, v in (env or {}).items()],
            )["Id"]
            res, reader, sock = stream.attach(api, exec_id)
        except docker.errors.APIError as exc:
            raise SandboxError(f"exec failed: {exc}") from exc
        streams = {1: stream.CappedBuffer(output_limit), 2: stream.CappedBuffer(output_limit)}
        events: queue.Queue = queue.Queue()
        pid_holder: dict = {}
        reader_thread = threading.Thread(
            target=stream.read_frames, args=(reader, streams, events, pid_holder), daemon=True
        )
        reader_thread.start()
        if stdin is not None:
            threading.Thread(target=stream.write_stdin, args=(sock, stdin), daemon=True).start()

        deadline = start + timeout + 3  # grace for exec start-up; the in-container timeout fires first
        timed_out = truncated = finished = False
        exited_at = None
        while not finished:
            try:
                kind = events.get(timeout=max(0.0, min(deadline - time.monotonic(), 0.5)))
            except queue.Empty:
                kind = "deadline" if time.monotonic() >= deadline else "poll"
            if kind == "eof":
                finished = True
            elif kind == "overflow" and not truncated:
                truncated = True
                self._kill_group(pid_holder.get("pid"))
                deadline = min(deadline, time.monotonic() + 1.5)
            elif kind == "poll" and not self._running(exec_id):
                # The command is done but background processes it left in its process group still hold
                # the output open (e.g. a fork bomb's children): end them and take what is there.
                exited_at = exited_at or time.monotonic()
                if time.monotonic() - exited_at >= 0.3:
                    self._kill_group(pid_holder.get("pid"))
                    stream.shutdown(sock)
                    finished = True
            elif kind == "deadline":
                # Something escaped the in-container timeout (or the kill at the output cap) while
                # holding the output open.
                timed_out = timed_out or not truncated
                self._kill_group(pid_holder.get("pid"))
                stream.shutdown(sock)
                finished = True
        reader_thread.join(1)
        duration = time.monotonic() - start
        res.close()
        exit_code = self._exit_code(exec_id)
        # `timeout -s KILL` exits 137 when it fires; an OOM kill also gives 137, so also check the clock.
        # A kill at the CPU limit (137 too) takes at least cpu_limit / cpus of wall time.
        cpu_wall = cpu_seconds / max(1.0, self.limits.cpus) if cpu_limit is not None else timeout
        if exit_code == 137 and duration >= min(timeout, cpu_wall) * 0.98 and not truncated:
            timed_out = True
        return ExecResult(
            exit_code, bytes(streams[1].data), bytes(streams[2].data), timed_out, truncated, round(duration, 4)
        )

    def _running(self, exec_id: str) -> bool:
        try:
            return bool(self.client.api.exec_inspect(exec_id).get("Running"))
        except Exception:
            return False

    def _exit_code(self, exec_id: str) -> int | None:
        for _ in range(50):
            try:
                info = self.client.api.exec_inspect(exec_id)
            except Exception:
                return None  # the container is gone (removed by cleanup, or died)
            if not info.get("Running"):
                return info.get("ExitCode")
            time.sleep(0.02)
        return None

    def _kill_group(self, pid: int | None) -> None:
        if not pid:
            return
        try:
            # Detached: the kill needs no output, and waiting for its stream can take seconds.
            self.client.api.exec_start(
                self.client.api.exec_create(self.container.id, ["kill", "-KILL", "--", f"-{pid}"], user="1000:1000")[
                    "Id"
                ],
                detach=True,
            )
        except Exception:
            pass  # e.g. pids exhausted: the reset after the scenario replaces the container

    def put_files(self, files: dict[str, bytes | str], mode: int = 0o644) -> None:
        """Write files (paths relative to /workspace, parents created) owned by uid 1000."""
        buf = io.BytesIO()
        now = time.time()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            for rel, content in files.items():
                parts = rel.replace("\\", "/").split("/")
                if rel.startswith("/") or ".." in parts or not rel.strip("/"):
                    raise ValueError(f"put_files: path must stay inside /workspace: {rel!r}")
                data = content.encode() if isinstance(content, str) else bytes(content)
                info = tarfile.TarInfo(rel)
                info.size, info.mode, info.mtime, info.uid, info.gid = len(data), mode, now, 1000, 1000
                tar.addfile(info, io.BytesIO(data))
        res = self.exec(["tar", "-x", "-f", "-", "-C", WORKSPACE], stdin=buf.getvalue(), timeout=30)
        if not res.ok:
            raise SandboxError(f"put_files failed: {res.stderr.decode(errors='replace').strip()[:300]}")

    def get_file(self, path: str, limit: int = 16 * 1024 * 1024) -> bytes:
        """Contents of a file (relative paths are under /workspace)."""
        res = self.exec(["cat", "--", path], timeout=30, output_limit=limit)
        if res.truncated:
            raise SandboxError(f"get_file: {path} is larger than {limit} bytes")
        if res.exit_code != 0:
            raise FileNotFoundError(f"{path}: {res.stderr.decode(errors='replace').strip()}")
        return res.stdout
