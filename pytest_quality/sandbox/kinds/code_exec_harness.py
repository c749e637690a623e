"""The code_exec harness: runs inside the sandbox (python3, uid 1000), never imported by the plugin.

code_exec.py copies this file into the container next to the candidate's code. Trusted; the candidate is
the file named in the config. Results go out on the original stdout, each line prefixed by the run's
nonce, so nothing the candidate prints can pass for a verdict.
"""
import copy, ctypes, importlib.util, json, os, signal, subprocess, sys, time

sys.set_int_max_str_digits(0)


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _nondumpable():
    # Candidate processes share our uid: PR_SET_DUMPABLE=0 closes /proc/<us>/mem and /proc/<us>/fd to them.
    try:
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
    except Exception:
        pass


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
    key = lambda v: json.dumps(v, sort_keys=True, default=str)
    if isinstance(x, dict):
        if all(isinstance(k, str) for k in x):
            return {str(k): enc(v, tuples, depth + 1) for k, v in x.items()}
        return {"__dict__": sorted(([enc(k, tuples, depth + 1), enc(v, tuples, depth + 1)] for k, v in x.items()),
                                   key=lambda p: key(p[0]))}
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


def _arm(cpu, wall):
    # The limit is CPU time (a busy host does not fail correct code); the wall guard catches sleepers.
    signal.setitimer(signal.ITIMER_PROF, cpu)
    signal.setitimer(signal.ITIMER_REAL, wall)


def _disarm():
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def run_calls(cfg, emit, ins):
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    wall = cfg["wall_factor"]
    try:
        _arm(cfg["import_limit"], cfg["import_limit"] * wall)
        mod = load(cfg["module"])
        _disarm()
        if cfg["mode"] == "method":
            cls = getattr(mod, "Solution")
        else:
            fn = getattr(mod, cfg["entry"])
            if not callable(fn):
                raise TypeError(cfg["entry"] + " is not callable")
    except _Timeout:
        emit({"i": -1, "status": "timeout", "stage": "import"})
        return
    except BaseException as e:
        _disarm()
        emit({"i": -1, "status": "error", "stage": "import", "error": fmt(e)})
        return
    for i, args in enumerate(ins):
        args = copy.deepcopy(args)
        limit = cfg["limits"][i]
        try:
            _arm(limit, limit * wall + 2)
            t0, w0 = time.process_time(), time.perf_counter()
            if cfg["mode"] == "method":
                fn = getattr(cls(), cfg["entry"])  # a fresh instance per test, as LeetCode runs them
            r = fn(*args)
            dt, dw = time.process_time() - t0, time.perf_counter() - w0
            _disarm()
        except _Timeout:
            emit({"i": i, "status": "timeout", "t": limit})
            return
        except BaseException as e:
            _disarm()
            emit({"i": i, "status": "error", "error": fmt(e)})
            continue
        try:
            emit({"i": i, "status": "ok", "out": enc(r), "t": dt, "wall": dw})
        except BaseException as e:
            emit({"i": i, "status": "error", "error": "unserialisable result: " + fmt(e)})


def _cpu_rlimit(seconds):
    def apply():
        import resource
        soft = int(seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
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
        p = subprocess.Popen([sys.executable, cfg["module"]], stdin=open("/tmp/pq-in"), stdout=out_f, stderr=err_f,
                             start_new_session=True, cwd=os.path.dirname(cfg["module"]),
                             preexec_fn=_cpu_rlimit(limit))
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
        out_f.close()
        err_f.close()
        if wall_out or cpu > limit:
            emit({"i": i, "status": "timeout", "t": limit, "cpu": cpu, "wall": dw})
            return
        with open("/tmp/pq-out", "rb") as f:
            data = f.read(cfg["max_output"] + 1)
        with open("/tmp/pq-err", "rb") as f:
            err = f.read()[-600:].decode("utf-8", "replace")
        emit({"i": i, "status": "ok" if p.returncode == 0 else "error", "rc": p.returncode,
              "stdout": data[:cfg["max_output"]].decode("utf-8", "replace"), "truncated": len(data) > cfg["max_output"],
              "stderr": err, "t": cpu, "wall": dw})


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
    _nondumpable()
    child = subprocess.Popen([sys.executable, __file__, "--serve", cfg_path], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
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
    nonce = sys.stdin.readline().strip()
    cfg = json.load(open(sys.argv[1]))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), cfg.get("recursion", 10000)))
    ins = inputs_of(cfg) if cfg["mode"] != "check" else []
    out = quiet()

    def emit(obj):
        out.write(nonce + " " + json.dumps(obj) + "\n")
        out.flush()

    if cfg["mode"] == "stdio":
        _nondumpable()
        run_stdio(cfg, emit, ins)
    elif cfg["mode"] == "check":
        run_check(cfg, emit, sys.argv[1])
    else:
        run_calls(cfg, emit, ins)
    emit({"done": True})
    out.flush()
    os._exit(0)  # skip interpreter teardown: candidate atexit hooks and finalisers never run


if __name__ == "__main__":
    main()
