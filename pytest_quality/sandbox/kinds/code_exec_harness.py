"""The code_exec harness: runs inside the sandbox (python3, uid 1000), never imported by the plugin.

code_exec.py copies this file into the container next to the candidate's code. Trusted; the candidate is
the file named in the config. Results go out on the original stdout, each line prefixed by the run's
nonce, so nothing the candidate prints can pass for a verdict.

The process that holds the nonce and writes results makes itself non-dumpable first and never runs the
candidate's code: every style runs it in a child (function/method: `--serve-calls`, one call per test over
a pipe; check: `--serve`; stdio: the program itself). Processes of the same uid cannot read a
non-dumpable process's memory or reach its fds through /proc, so the candidate can neither learn the
nonce nor write to the results stream. CPU time is measured and enforced from here (the child's
utime+stime, SIGKILL at the limit), not by signals the candidate could ignore.
"""

import ctypes
import importlib.util
import json
import os
import select
import signal
import subprocess
import sys
import time

sys.set_int_max_str_digits(0)


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _nondumpable():
    # Candidate processes share our uid: PR_SET_DUMPABLE=0 closes /proc/<us>/mem and /proc/<us>/fd to them.
    # Without it nothing here is safe: fail loudly (no results) rather than run unprotected.
    if ctypes.CDLL(None).prctl(4, 0, 0, 0, 0) != 0:
        raise OSError("prctl(PR_SET_DUMPABLE, 0) failed")


def enc(x, tuples=False, depth=0):
    if depth > 200:
        return {"__repr__": "<too deep>"}
    if x is None or isinstance(x, (bool, str, float)):
        return x
    if isinstance(x, int):
        return {"__int__": hex(x)} if x.bit_length() > 12000 else int(x)
    if isinstance(x, tuple) and tuples:
        return {"__tuple__": [enc(v, tuples, depth + 1) for v in x]}
    if isinstance(x, (list, tuple)):
        return [enc(v, tuples, depth + 1) for v in x]

    def key(v):
        return json.dumps(v, sort_keys=True, default=str)

    if isinstance(x, dict):
        if all(isinstance(k, str) for k in x):
            return {str(k): enc(v, tuples, depth + 1) for k, v in x.items()}
        return {
            "__dict__": sorted(
                ([enc(k, tuples, depth + 1), enc(v, tuples, depth + 1)] for k, v in x.items()), key=lambda p: key(p[0])
            )
        }
    if isinstance(x, (set, frozenset)):
        return {"__set__": sorted((enc(v, tuples, depth + 1) for v in x), key=key)}
    if isinstance(x, bytes):
        return {"__bytes__": x.hex()}
    try:
        r = repr(x)
    except BaseException:
        r = "<unrepresentable>"
    return {"__repr__": str(r)[:300]}


def dec(x):
    if isinstance(x, list):
        return [dec(v) for v in x]
    if isinstance(x, dict):
        if "__tuple__" in x:
            return tuple(dec(v) for v in x["__tuple__"])
        if "__set__" in x:
            return set(dec(v) for v in x["__set__"])
        if "__dict__" in x:
            return {dec(k): dec(v) for k, v in x["__dict__"]}
        if "__int__" in x:
            return int(x["__int__"], 16)
        if "__bytes__" in x:
            return bytes.fromhex(x["__bytes__"])
        if "__repr__" in x:
            return _Opaque(x["__repr__"])
        return {k: dec(v) for k, v in x.items()}
    return x


class _Opaque:
    def __init__(self, r):
        self.r = r

    def __repr__(self):
        return self.r


def fmt(e):
    return (type(e).__name__ + ": " + str(e))[:400]


def quiet():
    # Candidate prints (fd 1 and 2) go to a file; our results keep the original stdout.
    out = os.fdopen(os.dup(1), "w")
    sink = os.open("/tmp/pq-candidate-output", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    sys.stdin = open(os.devnull)
    return out


def load(path, name="solution"):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def inputs_of(cfg):
    ins = []
    for t in cfg["tests"]:
        if "gen" in t:
            ns = {"__name__": "pq_gen"}
            exec(t["gen"], ns)
            ins.append(ns["gen"]())
        else:
            ins.append(t.get("args") if cfg["mode"] == "function" else t.get("input"))
    if cfg["mode"] == "method":
        ins = [[json.loads(line) for line in str(s).split("\n") if line.strip()] for s in ins]
    return ins


HZ = os.sysconf("SC_CLK_TCK")


def cpu_of(pid):
    """CPU seconds used by a process and its reaped children: the larger of the per-thread schedstat sum
    (ns precision) and /proc/<pid>/stat (all threads, also exited ones, in clock ticks)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = [int(x) for x in fields[11:15]]  # utime stime cutime cstime
    except (OSError, ValueError, IndexError):
        return None
    coarse = sum(ticks) / HZ
    precise = (ticks[2] + ticks[3]) / HZ
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                precise += int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        precise = 0.0
    return max(coarse, precise)


def kill_strays():
    """SIGKILL every process but PID 1, us and our ancestors: whatever the candidate left behind."""
    keep, pid = {1}, os.getpid()
    while pid > 1:
        keep.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    for _ in range(20):
        found = []
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) not in keep:
                try:
                    os.kill(int(name), signal.SIGSTOP)
                    found.append(int(name))
                except OSError:
                    pass
        if not found:
            return
        for victim in found:
            try:
                os.kill(victim, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)


class Calls:
    """The candidate's process for function/method styles: it imports the module and answers one call per
    request. Its answers are data; the time each call took is measured here."""

    def __init__(self, cfg, cfg_path, sink):
        req_r, self.req_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        budget = cfg["import_limit"] + sum(cfg["limits"]) + 5
        self.proc = subprocess.Popen(
            [sys.executable, "-I", __file__, "--serve-calls", cfg_path, str(req_r), str(rep_w)],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
            pass_fds=(req_r, rep_w),
            start_new_session=True,
            preexec_fn=_cpu_rlimit(budget),
        )
        os.close(req_r)
        os.close(rep_w)
        self.buf = b""

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def ask(self, request, cpu_limit, wall_limit):
        """(reply or None, status, cpu seconds, wall seconds); status: ok | timeout | ended | garbled."""
        c0, w0 = cpu_of(self.proc.pid) or 0.0, time.perf_counter()
        if request is not None:
            try:
                os.write(self.req_w, (json.dumps(request) + "\n").encode())
            except OSError:
                return None, "ended", 0.0, 0.0
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.rep_r], [], [], 0.01)
            used = (cpu_of(self.proc.pid) or c0) - c0
            wall = time.perf_counter() - w0
            if used > cpu_limit or wall > wall_limit:
                self.kill()
                return None, "timeout", used, wall
            if ready:
                data = os.read(self.rep_r, 1 << 20)
                if not data:
                    self.kill()
                    return None, "ended", used, wall
                self.buf += data
        line, _, self.buf = self.buf.partition(b"\n")
        used, wall = (cpu_of(self.proc.pid) or c0) - c0, time.perf_counter() - w0
        try:
            reply = json.loads(line)
        except ValueError:
            return None, "garbled", used, wall
        return (reply, "ok", used, wall) if isinstance(reply, dict) else (None, "garbled", used, wall)


def run_calls(cfg, emit, ins, cfg_path, sink):
    wall = cfg["wall_factor"]
    calls = Calls(cfg, cfg_path, sink)
    try:
        hello, status, _, _ = calls.ask(None, cfg["import_limit"], cfg["import_limit"] * wall)
        if status == "timeout":
            emit({"i": -1, "status": "timeout", "stage": "import"})
            return
        if hello is None or not hello.get("ready"):
            error = (hello or {}).get(
                "import_error"
            ) or f"the solution's process ended while loading (exit code {calls.proc.poll()})"
            emit({"i": -1, "status": "error", "stage": "import", "error": str(error)[:400]})
            return
        for i, args in enumerate(ins):
            limit = cfg["limits"][i]
            reply, status, used, dw = calls.ask({"i": i, "args": enc(list(args), tuples=True)}, limit, limit * wall + 2)
            if status == "timeout":
                emit({"i": i, "status": "timeout", "t": limit})
                return
            if status == "ended":
                emit(
                    {
                        "i": i,
                        "status": "error",
                        "error": f"the solution's process ended (exit code {calls.proc.poll()})",
                    }
                )
                return
            if status == "garbled" or reply.get("i") != i:
                emit({"i": i, "status": "error", "error": "the solution's process sent an unreadable answer"})
                return
            reported = reply.get("t")
            t = min(used, reported) if isinstance(reported, (int, float)) and reported >= 0 else used
            if reply.get("status") == "ok":
                emit({"i": i, "status": "ok", "out": reply.get("out"), "t": t, "wall": dw})
            else:
                emit({"i": i, "status": "error", "error": str(reply.get("error"))[:400]})
    finally:
        calls.kill()


def serve_calls(cfg_path, req_fd, rep_fd):
    """function/method styles, the candidate's side: import the module, then answer one call per request."""
    cfg = json.load(open(cfg_path))
    requests = os.fdopen(int(req_fd), "r")
    replies = os.fdopen(int(rep_fd), "w")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    sys.stdin = open(os.devnull)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), cfg.get("recursion", 10000)))

    def say(obj):
        replies.write(json.dumps(obj) + "\n")
        replies.flush()

    try:
        mod = load(cfg["module"])
        if cfg["mode"] == "method":
            cls = mod.Solution
        else:
            fn = getattr(mod, cfg["entry"])
            if not callable(fn):
                raise TypeError(cfg["entry"] + " is not callable")
    except BaseException as e:
        say({"import_error": fmt(e)})
        return
    say({"ready": True})
    for line in requests:
        request = json.loads(line)
        i = request["i"]
        try:
            args = dec(request["args"])
            call = getattr(cls(), cfg["entry"]) if cfg["mode"] == "method" else fn  # a fresh instance per test
            t0 = time.process_time()
            r = call(*args)
            dt = time.process_time() - t0
        except BaseException as e:
            say({"i": i, "status": "error", "error": fmt(e)})
            continue
        try:
            say({"i": i, "status": "ok", "out": enc(r), "t": dt})
        except BaseException as e:
            say({"i": i, "status": "error", "error": "unserialisable result: " + fmt(e)})


def _cpu_rlimit(seconds):
    """preexec_fn: RLIMIT_CPU for the child (it cannot raise it back), within the hard limit we inherited."""

    def apply():
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(seconds) + 2
        new_hard = soft + 1
        if hard != resource.RLIM_INFINITY:
            new_hard = min(new_hard, hard)
            soft = min(soft, new_hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, new_hard))

    return apply


def run_stdio(cfg, emit, ins):
    for i, text in enumerate(ins):
        with open("/tmp/pq-in", "w") as f:
            f.write(text if isinstance(text, str) else str(text))
        out_f = open("/tmp/pq-out", "wb")
        err_f = open("/tmp/pq-err", "wb")
        limit = cfg["limits"][i]
        w0 = time.perf_counter()
        deadline = time.monotonic() + limit * cfg["wall_factor"] + 2
        p = subprocess.Popen(
            [sys.executable, cfg["module"]],
            stdin=open("/tmp/pq-in"),
            stdout=out_f,
            stderr=err_f,
            start_new_session=True,
            cwd=os.path.dirname(cfg["module"]),
            preexec_fn=_cpu_rlimit(limit),
        )
        wall_out = False
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                wall_out = True
                try:
                    os.killpg(p.pid, 9)
                except OSError:
                    pass
                pid, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.005)
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu, dw = usage.ru_utime + usage.ru_stime, time.perf_counter() - w0
        try:
            os.killpg(p.pid, 9)  # also whatever it left running in the background
        except OSError:
            pass
        kill_strays()  # and what left the group: nothing of this test may run into the next
        out_f.close()
        err_f.close()
        if wall_out or cpu > limit:
            emit({"i": i, "status": "timeout", "t": limit, "cpu": cpu, "wall": dw})
            return
        with open("/tmp/pq-out", "rb") as f:
            data = f.read(cfg["max_output"] + 1)
        with open("/tmp/pq-err", "rb") as f:
            err = f.read()[-600:].decode("utf-8", "replace")
        emit(
            {
                "i": i,
                "status": "ok" if p.returncode == 0 else "error",
                "rc": p.returncode,
                "stdout": data[: cfg["max_output"]].decode("utf-8", "replace"),
                "truncated": len(data) > cfg["max_output"],
                "stderr": err,
                "t": cpu,
                "wall": dw,
            }
        )


def serve(cfg_path):
    # check style, child side: the candidate's process; answers calls on the original stdout.
    cfg = json.load(open(cfg_path))
    chan_in = os.fdopen(os.dup(0), "r")  # before quiet() points fd 0 at /dev/null
    chan_out = quiet()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    try:
        fn = getattr(load(cfg["module"]), cfg["entry"])
    except BaseException as e:
        chan_out.write(json.dumps({"import_error": fmt(e)}) + "\n")
        chan_out.flush()
        return
    chan_out.write(json.dumps({"ready": True}) + "\n")
    chan_out.flush()
    for line in chan_in:
        args = dec(json.loads(line))
        try:
            reply = {"ok": enc(fn(*args), tuples=True)}
        except BaseException as e:
            reply = {"raise": fmt(e)}
        chan_out.write(json.dumps(reply) + "\n")
        chan_out.flush()


def run_check(cfg, emit, cfg_path):
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", cfg_path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    signal.signal(signal.SIGALRM, _alarm)
    # The candidate's CPU is spent in the child: here the limit is wall time, with the wall factor's margin.
    signal.setitimer(signal.ITIMER_REAL, cfg["limits"][0] * cfg["wall_factor"] + 2)
    try:
        hello = json.loads(child.stdout.readline() or "{}")
        if not hello.get("ready"):
            raise RuntimeError(hello.get("import_error") or "the candidate process ended before it was ready")

        def candidate(*args):
            child.stdin.write(json.dumps(enc(list(args), tuples=True)) + "\n")
            child.stdin.flush()
            line = child.stdout.readline()
            if not line:
                raise RuntimeError("the candidate process ended")
            reply = json.loads(line)
            if "raise" in reply:
                raise RuntimeError("candidate raised " + str(reply["raise"]))
            return dec(reply["ok"])

        ns = {"__name__": "pq_check"}
        exec(cfg["test_code"], ns)
        t0 = time.perf_counter()
        ns["check"](candidate)
        dt = time.perf_counter() - t0
        signal.setitimer(signal.ITIMER_REAL, 0)
        emit({"i": 0, "status": "ok", "out": "check passed", "t": dt})
    except _Timeout:
        emit({"i": 0, "status": "timeout", "t": cfg["limits"][0]})
    except BaseException as e:
        signal.setitimer(signal.ITIMER_REAL, 0)
        emit({"i": 0, "status": "error", "error": fmt(e)})
    finally:
        try:
            os.killpg(child.pid, 9)
        except OSError:
            pass


def main():
    if sys.argv[1] == "--serve":
        return serve(sys.argv[2])
    if sys.argv[1] == "--serve-calls":
        return serve_calls(*sys.argv[2:5])
    _nondumpable()  # before anything else: from here on no candidate process can read our memory or fds
    nonce = sys.stdin.readline().strip()
    cfg = json.load(open(sys.argv[1]))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), cfg.get("recursion", 10000)))
    ins = inputs_of(cfg) if cfg["mode"] != "check" else []
    out = quiet()
    sink = os.open("/tmp/pq-candidate-output", os.O_WRONLY | os.O_APPEND)

    def emit(obj):
        out.write(nonce + " " + json.dumps(obj) + "\n")
        out.flush()

    if cfg["mode"] == "stdio":
        run_stdio(cfg, emit, ins)
    elif cfg["mode"] == "check":
        run_check(cfg, emit, sys.argv[1])
    else:
        run_calls(cfg, emit, ins, sys.argv[1], sink)
    kill_strays()
    emit({"done": True})
    out.flush()
    os._exit(0)  # skip interpreter teardown


if __name__ == "__main__":
    main()
