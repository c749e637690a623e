"""The aider kind's trusted test supervisor: runs inside the sandbox (python3 -I, uid 1000), never imported by
the plugin. aider.py copies it to /workspace/.pq/supervise.py and runs it as the last step of a test run;
the other harness files it works with are in aider_harness/.

It reads one JSON line on stdin (the run's nonce, the language, the expected test names, the hidden tests
for Python/JavaScript), makes itself non-dumpable (so processes of the same uid cannot read or write its
memory or reach its file descriptors through /proc, nor ptrace it), and only then starts anything that
runs the reply's code. Its stdout carries exactly one line for the host: `PQ-RESULT <nonce> <json>`.
The reply's processes never get that stdout, the nonce or stdin: their output goes to pipes this process
reads (kept only as a short tail for the record, never parsed for results), and per-test results come
over a separate channel (see each `run_<lang>` for what writes it and why the reply cannot).

`--serve-python` is the other side of the Python split: the process that imports the reply's modules
and answers calls. It holds nothing secret: no nonce, no test source, no results channel.
"""

import ctypes
import fcntl
import json
import math
import os
import re
import select
import signal
import subprocess
import sys
import time
import traceback
import types
import unittest

OUTPUT_CAP = 256 * 1024  # output of the reply's processes kept for the trace (tail), the rest is dropped
RESULTS_CAP = 4 * 1024 * 1024
REASON_CHARS = 300


def nondumpable():
    if ctypes.CDLL(None).prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE
        raise OSError("prctl(PR_SET_DUMPABLE) failed")


def dumpable(pid):
    """True when a process of our uid could read /proc/<pid>/environ (i.e. it is not protected)."""
    try:
        with open(f"/proc/{pid}/environ", "rb"):
            return True
    except PermissionError:
        return False
    except OSError:
        return True


def ancestors():
    out, pid = set(), os.getpid()
    while pid > 1:
        out.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return out


def kill_strays():
    """SIGKILL every process but PID 1, us and our ancestors: whatever the reply left behind."""
    keep = ancestors() | {1}
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
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)


def cap(text, n=REASON_CHARS):
    text = str(text).strip()
    return text if len(text) <= n else text[: n - 3] + "..."


# --- running a process of the reply's code -------------------------------------------------------------


class Child:
    """A process started with stdin=/dev/null, stdout+stderr into one pipe we drain, and extra pipe ends
    placed at fixed fd numbers (child fd -> our fd). In its own session, so its whole group can be killed."""

    def __init__(self, argv, fds=None, env=None, cwd="/workspace", preexec=None):
        self.out_r, out_w = os.pipe()
        fds = dict(fds or {})

        def setup():
            tmp = {target: fcntl.fcntl(src, fcntl.F_DUPFD, 100) for target, src in fds.items()}
            for target, src in tmp.items():
                os.dup2(src, target)
                os.close(src)
            if preexec:
                preexec()

        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out_w,
            stderr=out_w,
            cwd=cwd,
            env=env if env is not None else child_env(),
            start_new_session=True,
            pass_fds=tuple(fds),
            preexec_fn=setup,
        )
        os.close(out_w)
        self.output = bytearray()
        self.dropped = 0

    def take(self, data):
        self.output += data
        if len(self.output) > OUTPUT_CAP:
            self.dropped += len(self.output) - OUTPUT_CAP
            del self.output[: len(self.output) - OUTPUT_CAP]

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def exit_code(self):
        return self.proc.returncode

    def text(self):
        return self.output.decode("utf-8", "replace")


def child_env(extra=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        in ("PATH", "HOME", "GOCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "CGO_ENABLED", "CARGO_HOME", "NO_COLOR", "LANG")
    }
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env["HOME"] = "/tmp"
    env.update(extra or {})
    return env


class Pump:
    """Drains the reply's output pipes and our result pipes until a condition holds or the deadline passes."""

    def __init__(self, deadline):
        self.deadline = deadline
        self.readers = {}  # fd -> callback(bytes or b"" at EOF)
        self.timed_out = False

    def add(self, fd, callback):
        os.set_blocking(fd, False)
        self.readers[fd] = callback

    def add_child(self, child):
        self.add(child.out_r, lambda data: child.take(data) if data else None)

    def run(self, done=lambda: False, until=None):
        """Until done() is true, no reader is left, or `until`/the deadline passes."""
        limit = min(self.deadline, until) if until else self.deadline
        while self.readers and not done():
            wait = limit - time.monotonic()
            if wait <= 0:
                if limit >= self.deadline:
                    self.timed_out = True
                return False
            ready, _, _ = select.select(list(self.readers), [], [], min(wait, 0.5))
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                callback = self.readers[fd]
                if not data:
                    del self.readers[fd]
                    os.close(fd)
                callback(data)
        return True


class Raw:
    """Collects a results pipe as text (capped)."""

    def __init__(self):
        self.buf = bytearray()
        self.eof = False

    def __call__(self, data):
        if not data:
            self.eof = True
        elif len(self.buf) < RESULTS_CAP:
            self.buf += data[: RESULTS_CAP - len(self.buf)]


class Lines:
    """Collects newline-terminated JSON records from a results pipe (capped)."""

    def __init__(self):
        self.buf = bytearray()
        self.records = []
        self.eof = False
        self.garbled = 0
        self.overflow = False

    def __call__(self, data):
        if not data:
            self.eof = True
            return
        if len(self.buf) + len(data) > RESULTS_CAP:
            self.overflow = True
            return
        self.buf += data
        while b"\n" in self.buf:
            line, _, rest = bytes(self.buf).partition(b"\n")
            self.buf = bytearray(rest)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                self.garbled += 1
                record = {"garbled": True}
            if not isinstance(record, dict):
                self.garbled += 1
                record = {"garbled": True}
            self.records.append(record)  # one record per line: replies stay in step with requests


def run_one(argv, deadline, env=None, raw=False):
    """Run a compiled test program with the results pipe at fd 3; returns (child, records, timed_out)."""
    res_r, res_w = os.pipe()
    child = Child(argv, {3: res_w}, env=env)
    os.close(res_w)
    lines = Raw() if raw else Lines()
    pump = Pump(deadline)
    pump.add_child(child)
    pump.add(res_r, lines)
    pump.run(done=lambda: child.proc.poll() is not None)
    if not pump.timed_out:
        pump.run(until=time.monotonic() + 0.3)  # leftovers holding the pipes open get 0.3 s
    child.kill()
    for fd in list(pump.readers):
        os.close(fd)
    return child, lines, pump.timed_out


# --- compiled languages: the test program writes per-test records to fd 3 --------------------------------


def remove_hidden(cfg):
    for path in cfg.get("remove", []):
        try:
            os.remove(os.path.join("/workspace", path))
        except OSError:
            pass


def signal_note(code):
    if code is None or code >= 0:
        return ""
    try:
        return f" (killed by {signal.Signals(-code).name})"
    except ValueError:
        return f" (killed by signal {-code})"


CRASH = re.compile(
    r"^(panic: .*|fatal error: .*|Exception in thread .*|thread '.*' panicked at .*|terminate called .*"
    r"|.*Segmentation fault.*|\w*Error: .*)$"
)


def crash_line(text):
    for line in text.split("\n"):
        if CRASH.match(line.strip()):
            return cap(line.strip(), 200)
    return ""


def records_result(cfg, child, lines, timed_out):
    """Per-test records (name, ok, reason) from the program's fd 3, in the order it wrote them."""
    tests, end = [], False
    for record in lines.records:
        if record.get("end") is True:
            end = True
        elif isinstance(record.get("test"), str):
            tests.append(
                {"name": record["test"], "ok": record.get("ok") is True, "reason": cap(record.get("reason") or "")}
            )
    return {
        "tests": tests,
        "complete": end,
        "exit": child.exit_code(),
        "timed_out": timed_out,
        "garbled": lines.garbled + (1 if lines.overflow else 0),
        "crash": crash_line(child.text()) + signal_note(child.exit_code()),
        "tail": child.text()[-2000:],
    }


def run_cpp(cfg, deadline):
    # pq_test.hpp's main() writes one record per TEST_CASE, then {"end": true}.
    remove_hidden(cfg)
    return records_result(cfg, *run_one(["/tmp/pq/tests"], deadline))


def run_java(cfg, deadline):
    # pq.Runner opens fd 3 before any class of the reply is loaded, then installs a SecurityManager that
    # grants the reply's classes (their own code source, /tmp/pq/cand) no permission: no file or fd
    # access, no exit/halt, no exec, no native code, no reflection into pq.* (see Runner.java).
    remove_hidden(cfg)
    argv = [
        "java",
        *cfg["jvm"],
        "-Djava.security.manager=allow",
        "-cp",
        "/tmp/pq/test:/tmp/pq/cand",
        "pq.Runner",
        *cfg["classes"],
    ]
    return records_result(cfg, *run_one(argv, deadline))


def run_rust(cfg, deadline):
    # libtest writes "ok <name>" / "failed <name>" / "ignored <name>" to its --logfile as each test ends.
    remove_hidden(cfg)
    libdir = subprocess.run(["rustc", "--print", "target-libdir"], capture_output=True, text=True).stdout.strip()
    child, log, timed_out = run_one(
        ["/tmp/pq/tests", "--test-threads=1", "--logfile", "/dev/fd/3"],
        deadline,
        env=child_env({"LD_LIBRARY_PATH": libdir}),
        raw=True,
    )
    text = child.text()
    raw = log.buf.decode("utf-8", "replace")
    tests = []
    for line in raw.split("\n"):
        m = re.match(r"^(ok|failed|ignored) (?:exercise::)?(\S+)$", line.strip())
        if m and m.group(2) != "zz_harness_done":
            ok = m.group(1) == "ok"
            tests.append(
                {
                    "name": m.group(2),
                    "ok": ok,
                    "reason": "" if ok else ("ignored" if m.group(1) == "ignored" else rust_reason(m.group(2), text)),
                }
            )
    # libtest exits 0 (all passed) or 101 (some failed) after writing every test's line.
    return {
        "tests": tests,
        "complete": child.exit_code() in (0, 101),
        "exit": child.exit_code(),
        "timed_out": timed_out,
        "garbled": 0,
        "crash": crash_line(text) + signal_note(child.exit_code()),
        "tail": text[-2000:],
    }


def rust_reason(name, text):
    lines = text.split("\n")
    at = next((i for i, ln in enumerate(lines) if ln.strip() == f"---- exercise::{name} stdout ----"), None)
    if at is None:
        return ""
    found = []
    for ln in lines[at + 1 : at + 40]:
        if ln.startswith("---- "):
            break
        if found or "panicked at" in ln:
            found.append(ln.strip())
            if re.search(r"\.rs:\d+:\d+$", ln.strip()) or len(found) >= 6:
                break
    return cap(" ".join(found))


def run_go(cfg, deadline):
    # One process per test (-test.run '^Name$'); TestMain writes {"exit": m.Run()} to fd 3 after the test.
    remove_hidden(cfg)
    tests, crash, tail, timed_out, exit_code = [], "", "", False, 0
    for name in cfg["names"]:
        per_test = min(deadline, time.monotonic() + cfg.get("test_timeout", 20))
        child, lines, timed_out = run_one(
            [
                "/tmp/pq/exercise.test",
                "-test.v",
                "-test.count=1",
                f"-test.run=^{name}$",
                f"-test.timeout={cfg.get('test_timeout', 20)}s",
            ],
            per_test,
        )
        text = child.text()
        tail = text[-2000:]
        codes = [r.get("exit") for r in lines.records if "exit" in r]
        ok = codes == [0] and child.exit_code() == 0 and not timed_out and f"=== RUN   {name}" in text
        reason = (
            ""
            if ok
            else go_reason(text)
            or (
                "timed out"
                if timed_out
                else "the test program ended before the test finished" + signal_note(child.exit_code())
            )
        )
        tests.append({"name": name, "ok": ok, "reason": cap(reason), "unfinished": not codes})
        crash = crash or crash_line(text)
        exit_code = exit_code or (child.exit_code() if not ok else 0)
        if timed_out or time.monotonic() >= deadline:
            timed_out = time.monotonic() >= deadline or timed_out
            break
    return {
        "tests": tests,
        "complete": len(tests) == len(cfg["names"]),
        "exit": exit_code,
        "timed_out": timed_out,
        "garbled": 0,
        "crash": crash,
        "tail": tail,
    }


def go_reason(text):
    found = [ln.strip() for ln in text.split("\n") if re.match(r"^\s+\S+\.go:\d+: ", ln) or ln.startswith("panic: ")]
    return " | ".join(found[:3])


# --- Python: the hidden tests run here; the reply's modules run in another process -------------------------

SAFE_OPS = {
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "getitem",
    "setitem",
    "delitem",
    "len",
    "bool",
    "iter",
    "next",
    "repr",
    "str",
    "hash",
    "int",
    "float",
    "index",
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "neg",
    "pos",
    "abs",
    "and_",
    "or_",
    "xor",
    "lshift",
    "rshift",
    "invert",
    "format",
}
BY_VALUE = (type(None), bool, int, float, str, bytes, list, tuple, dict, set, frozenset, complex)


def encode(value, refs, depth=0):
    """A value for the other side: exact builtin data by value, anything else as a reference (callee side)
    or refused (caller side, refs is None)."""
    if depth > 100:
        raise ValueError("value nested too deeply")
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value if -(2**53) < value < 2**53 else {"__int__": hex(value)}
    if kind is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if kind is complex:
        return {"__complex__": [encode(value.real, refs), encode(value.imag, refs)]}
    if kind is bytes:
        return {"__bytes__": value.hex()}
    if kind is list:
        return [encode(v, refs, depth + 1) for v in value]
    if kind is tuple:
        return {"__tuple__": [encode(v, refs, depth + 1) for v in value]}
    if kind in (set, frozenset):
        return {"__set__" if kind is set else "__frozenset__": [encode(v, refs, depth + 1) for v in value]}
    if kind is dict:
        return {"__dict__": [[encode(k, refs, depth + 1), encode(v, refs, depth + 1)] for k, v in value.items()]}
    if isinstance(value, Remote):
        return {"__ref__": object.__getattribute__(value, "_pq_ref")}
    if refs is None:
        local = getattr(value, "_pq_remote_class", None)
        if local is not None:
            return {"__ref__": local}
        raise TypeError(f"the tests passed a {kind.__name__} to the solution, which the harness cannot send")
    return refs.add(value)


def decode(data, resolve):
    if isinstance(data, list):
        return [decode(v, resolve) for v in data]
    if isinstance(data, dict):
        if "__ref__" in data:
            return resolve(data)
        if "__int__" in data:
            return int(data["__int__"], 16)
        if "__float__" in data:
            return float(data["__float__"])
        if "__complex__" in data:
            return complex(*(decode(v, resolve) for v in data["__complex__"]))
        if "__bytes__" in data:
            return bytes.fromhex(data["__bytes__"])
        if "__tuple__" in data:
            return tuple(decode(v, resolve) for v in data["__tuple__"])
        if "__set__" in data:
            return set(decode(v, resolve) for v in data["__set__"])
        if "__frozenset__" in data:
            return frozenset(decode(v, resolve) for v in data["__frozenset__"])
        if "__dict__" in data:
            return {decode(k, resolve): decode(v, resolve) for k, v in data["__dict__"]}
        if "__notimplemented__" in data:
            return NotImplemented
    return data


class Deadline(KeyboardInterrupt):
    """The run's time is up (a KeyboardInterrupt, so unittest does not swallow it)."""


class SolutionGone(Exception):
    pass


class Rpc:
    """Synchronous calls into the reply's process (requests on its fd 3, answers on its fd 4)."""

    def __init__(self, child, req_w, rep_r, deadline):
        self.child, self.req_w, self.deadline = child, req_w, deadline
        self.pump = Pump(deadline)
        self.pump.add_child(child)
        self.replies = Lines()
        self.pump.add(rep_r, self.replies)
        self.gone = None
        self.remote_classes = {}

    def call(self, request):
        if self.gone:
            raise SolutionGone(self.gone)
        try:
            os.write(self.req_w, (json.dumps(request) + "\n").encode())
        except OSError:
            pass
        want = len(self.replies.records) + 1
        self.pump.run(done=lambda: len(self.replies.records) >= want or self.replies.eof)
        if self.pump.timed_out:
            raise Deadline()
        if len(self.replies.records) < want:
            self.child.proc.poll()
            self.child.kill()
            self.gone = f"the solution's process ended (exit code {self.child.exit_code()})"
            raise SolutionGone(self.gone)
        reply = self.replies.records[want - 1]
        if reply.get("garbled") or not ("ok" in reply or "raise" in reply):
            raise SolutionGone("the solution's process sent an unreadable answer")
        if "raise" in reply:
            raise self.exception(reply["raise"])
        return decode(reply.get("ok"), self.resolve)

    def resolve(self, data):
        if data.get("excclass"):
            return self.exception_class(data["excclass"])
        return Remote(self, data["__ref__"], data.get("type", "object"))

    def exception_class(self, chain):
        """A local exception class standing for the reply's exception class: chain is its MRO as
        [[qualified name, ref or None]...] down to a builtin exception."""
        base = Exception
        for name, ref in reversed(chain):
            if ref is None:
                builtin = getattr(__import__("builtins"), name, None)
                if isinstance(builtin, type) and issubclass(builtin, Exception):
                    base = builtin
                continue
            if name not in self.remote_classes:
                self.remote_classes[name] = type(
                    name.rsplit(".", 1)[-1],
                    (base,),
                    {
                        "_pq_remote_class": ref,
                        "__module__": name.rsplit(".", 1)[0] if "." in name else "solution",
                        "__str__": lambda self: getattr(self, "_pq_str", None) or Exception.__str__(self),
                    },
                )
            base = self.remote_classes[name]
        return base

    def exception(self, info):
        if info.get("base_exception"):
            return RuntimeError(f"the solution raised {info.get('base_exception')}")
        cls = self.exception_class(info.get("chain") or [["Exception", None]])
        if not issubclass(cls, Exception):
            cls = RuntimeError
        try:
            args = tuple(decode(info.get("args"), self.resolve)) if info.get("args") is not None else (info.get("str"),)
            exc = cls(*args)
        except Exception:
            exc = cls(info.get("str"))
        try:
            exc._pq_str = info.get("str")
            exc._pq_where = info.get("where")
        except AttributeError:
            pass
        return exc


class Remote:
    """An object that lives in the reply's process; every use is a call over the pipe."""

    __slots__ = ("_pq_rpc", "_pq_ref", "_pq_type")

    def __init__(self, rpc, ref, type_name):
        object.__setattr__(self, "_pq_rpc", rpc)
        object.__setattr__(self, "_pq_ref", ref)
        object.__setattr__(self, "_pq_type", type_name)

    def _pq(self, op, *args, **extra):
        rpc = object.__getattribute__(self, "_pq_rpc")
        return rpc.call(
            {
                "op": op,
                "ref": object.__getattribute__(self, "_pq_ref"),
                "args": [encode(a, None) for a in args],
                **extra,
            }
        )

    def __getattr__(self, name):
        if name.startswith("_pq_"):
            raise AttributeError(name)
        return self._pq("getattr", name=name)

    def __setattr__(self, name, value):
        self._pq("setattr", value, name=name)

    def __delattr__(self, name):
        self._pq("delattr", name=name)

    def __call__(self, *args, **kwargs):
        return self._pq("call", *args, kwargs={k: encode(v, None) for k, v in kwargs.items()})

    def __repr__(self):
        try:
            return self._pq("op", name="repr")
        except Exception as exc:
            return f"<{object.__getattribute__(self, '_pq_type')} object ({type(exc).__name__})>"

    def __str__(self):
        return self._pq("op", name="str")

    def __hash__(self):
        return self._pq("op", name="hash")

    def __len__(self):
        return self._pq("op", name="len")

    def __bool__(self):
        return self._pq("op", name="bool")

    def __iter__(self):
        return self._pq("op", name="iter")

    def __next__(self):
        return self._pq("op", name="next")

    def __contains__(self, item):
        return self._pq("op", item, name="contains")

    def __getitem__(self, key):
        return self._pq("op", key, name="getitem")

    def __setitem__(self, key, value):
        self._pq("op", key, value, name="setitem")

    def __delitem__(self, key):
        self._pq("op", key, name="delitem")

    def __format__(self, spec):
        return self._pq("op", spec, name="format")

    def __int__(self):
        return self._pq("op", name="int")

    def __float__(self):
        return self._pq("op", name="float")

    def __index__(self):
        return self._pq("op", name="index")

    def __neg__(self):
        return self._pq("op", name="neg")

    def __pos__(self):
        return self._pq("op", name="pos")

    def __abs__(self):
        return self._pq("op", name="abs")

    def __invert__(self):
        return self._pq("op", name="invert")


def _binary(name, reflected=False):
    def method(self, other):
        try:
            encode(other, None)
        except TypeError:
            return NotImplemented
        return self._pq("op", other, name=name, reflected=reflected)

    return method


for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(Remote, f"__{_name}__", _binary(_name))
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift"):
    setattr(Remote, f"__{_name}__", _binary(_name))
    setattr(Remote, f"__r{_name}__", _binary(_name, reflected=True))
for _name, _dunder in (("and_", "and"), ("or_", "or"), ("xor", "xor")):
    setattr(Remote, f"__{_dunder}__", _binary(_name))
    setattr(Remote, f"__r{_dunder}__", _binary(_name, reflected=True))


class Unloadable:
    """Stands for a module of the reply that failed to import: any use raises that failure."""

    def __init__(self, error):
        self._error = error

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(self._error)


class Collect(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.tests = []

    def _add(self, test, ok, reason=""):
        self.tests.append({"name": getattr(test, "_testMethodName", str(test)), "ok": ok, "reason": cap(reason)})

    def addSuccess(self, test):
        self._add(test, True)

    def addExpectedFailure(self, test, err):
        self._add(test, True)

    def addFailure(self, test, err):
        self._add(test, False, describe(err[1]))

    def addError(self, test, err):
        self._add(test, False, describe(err[1]))

    def addSkip(self, test, reason):
        self._add(test, False, f"skipped: {reason}")

    def addUnexpectedSuccess(self, test):
        self._add(test, False, "unexpected success")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._add(test, False, describe(err[1]))


def describe(exc):
    """A test's failure in one line: the assertion's own message, or the exception and where it was raised."""
    if isinstance(exc, AssertionError):
        text = str(exc).split("\n")
        return text[0] + (f" ({len(text) - 1} more lines)" if len(text) > 1 and text[1].strip() else "")
    name = type(exc).__name__
    message = getattr(exc, "_pq_str", None)
    message = str(exc) if message is None else message
    where = getattr(exc, "_pq_where", None)
    return (f"{name}: {message}" if message else name) + (f" (raised at {where})" if where else "")


def module_name(path):
    path = path[: -len("/__init__.py")] if path.endswith("/__init__.py") else path
    return (path[:-3] if path.endswith(".py") else path).replace("/", ".")


def run_python(cfg, deadline):
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    child = Child(
        [sys.executable, "-I", "-B", __file__, "--serve-python"],
        {3: req_r, 4: rep_w},
        env=child_env({"PYTHONDONTWRITEBYTECODE": "1"}),
    )
    os.close(req_r)
    os.close(rep_w)
    rpc = Rpc(child, req_w, rep_r, deadline)
    result = Collect()
    problem, timed_out = "", False
    try:
        for path in cfg["files"]:
            if not path.endswith(".py"):
                continue
            name = module_name(path)
            try:
                sys.modules[name] = rpc.call({"op": "import", "name": name})
            except (Exception, SolutionGone) as exc:
                sys.modules[name] = Unloadable(f"the solution failed to import: {describe(exc)}")
        suites = []
        for path, source in sorted(cfg["tests"].items()):
            name = module_name(path)
            module = types.ModuleType(name)
            module.__file__ = "/workspace/" + path
            sys.modules[name] = module
            try:
                exec(compile(source, module.__file__, "exec"), module.__dict__)
            except Exception as exc:
                problem = f"the tests could not load: {describe(exc)}"
                break
            suites.append(unittest.defaultTestLoader.loadTestsFromModule(module))
        if not problem:
            unittest.TestSuite(suites).run(result)
    except Deadline:
        timed_out = True
    finally:
        child.kill()
    text = child.text()
    return {
        "tests": result.tests,
        "complete": not problem and not timed_out,
        "exit": 0,
        "timed_out": timed_out,
        "garbled": 0,
        "problem": problem,
        "crash": "",
        "tail": text[-2000:],
    }


class Refs:
    """The reply's objects the tests hold references to (reply side)."""

    def __init__(self):
        self.objects = {}

    def plain(self, value):
        ref = len(self.objects) + 1
        self.objects[ref] = value
        return ref

    def add(self, value):
        out = {"__ref__": self.plain(value), "type": f"{type(value).__module__}.{type(value).__qualname__}"}
        if isinstance(value, type) and issubclass(value, BaseException):
            out["excclass"] = exception_chain(value, self)
        return out


def exception_chain(cls, refs):
    """An exception class's MRO down to the first builtin: [[qualified name, ref or None]...]."""
    chain = []
    for klass in cls.__mro__:
        if klass is object or klass is BaseException:
            continue
        if klass.__module__ == "builtins":
            chain.append([klass.__name__, None])
            break
        chain.append([f"{klass.__module__}.{klass.__qualname__}", refs.plain(klass)])
    return chain


def serve_python():
    """The reply's side: import its modules and answer calls. Nothing here is trusted by the verdict."""
    import builtins
    import operator

    requests = os.fdopen(3, "r")
    replies = os.fdopen(4, "w")
    sys.path.insert(0, "/workspace")
    sys.setrecursionlimit(10000)
    refs = Refs()

    def get(ref):
        return refs.objects[ref]

    def arg(data):
        return decode(data, lambda d: get(d["__ref__"]))

    for line in requests:
        try:
            request = json.loads(line)
            op = request["op"]
            args = [arg(a) for a in request.get("args", [])]
            if op == "import":
                value = __import__(request["name"], fromlist=["_"])
            elif op == "getattr":
                value = getattr(get(request["ref"]), request["name"])
            elif op == "setattr":
                setattr(get(request["ref"]), request["name"], args[0])
                value = None
            elif op == "delattr":
                delattr(get(request["ref"]), request["name"])
                value = None
            elif op == "call":
                value = get(request["ref"])(*args, **{k: arg(v) for k, v in request.get("kwargs", {}).items()})
            elif op == "op" and request["name"] in SAFE_OPS:
                name = request["name"]
                target = get(request["ref"])
                if name in ("repr", "str", "hash", "len", "bool", "iter", "next", "int", "float", "format", "abs"):
                    fn = {"next": next, "abs": abs}.get(name) or getattr(builtins, name)
                    value = fn(target, *args)
                elif request.get("reflected"):
                    value = getattr(operator, name)(args[0], target)
                else:
                    value = getattr(operator, name)(target, *args)
            else:
                raise ValueError(f"unknown request {op!r}")
            reply = {"ok": encode(value, refs)}
        except BaseException as exc:  # the reply's exceptions, whatever they are, go back to the tests
            chain = exception_chain(type(exc), refs) if isinstance(exc, Exception) else []
            try:
                args_out = encode(list(exc.args), refs)
            except Exception:
                args_out = None
            where = ""
            for frame in traceback.extract_tb(exc.__traceback__):
                if frame.filename.startswith("/workspace/") and "/.pq/" not in frame.filename:
                    where = f"{frame.filename[len('/workspace/') :]}:{frame.lineno}"
            try:
                text = str(exc)
            except BaseException:
                text = ""
            reply = {
                "raise": {
                    "chain": chain,
                    "args": args_out,
                    "str": text[:2000],
                    "where": where,
                    "base_exception": "" if isinstance(exc, Exception) else type(exc).__name__,
                }
            }
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


# --- JavaScript: the hidden tests run in a non-dumpable node; the reply's module in another node ----------


def run_javascript(cfg, deadline):
    # node cannot call prctl itself: a constructor in a preloaded library does it before node starts.
    lib = "/tmp/pq/nodump.so"
    os.makedirs("/tmp/pq", exist_ok=True)
    built = subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O0", "-o", lib, "/workspace/.pq/nodump.c"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if built.returncode != 0:
        return harness_error(f"cannot build the node guard: {built.stderr[-300:]}")
    cfg_r, cfg_w = os.pipe()
    res_r, res_w = os.pipe()
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    tests = Child(
        ["node", "/workspace/.pq/run_js.js"],
        {3: cfg_r, 4: res_w, 5: req_w, 6: rep_r},
        env=child_env({"LD_PRELOAD": lib}),
    )
    for fd in (cfg_r, res_w, req_w, rep_r):
        os.close(fd)
    lines = Lines()
    pump = Pump(deadline)
    pump.add_child(tests)
    pump.add(res_r, lines)
    pump.run(done=lambda: bool(lines.records) or lines.eof)
    hello = lines.records[0] if lines.records else {}
    if hello.get("ready") is not True or dumpable(tests.proc.pid):
        tests.kill()
        for fd in (req_r, rep_w, cfg_w):
            os.close(fd)
        return harness_error("the test runner did not start protected: " + cap(tests.text()[-300:]))
    solution = Child(["node", "/workspace/.pq/serve_js.js"], {3: req_r, 4: rep_w}, env=child_env())
    os.close(req_r)
    os.close(rep_w)
    pump.add_child(solution)
    os.write(cfg_w, json.dumps({"tests": cfg["tests"], "files": cfg["files"]}).encode())
    os.close(cfg_w)
    pump.run(done=lambda: any(r.get("end") is True for r in lines.records) or lines.eof)
    tests.kill()
    solution.kill()
    for fd in list(pump.readers):
        os.close(fd)
    out = records_result(cfg, tests, lines, pump.timed_out)
    problems = [r["problem"] for r in lines.records if isinstance(r.get("problem"), str)]
    out.update(problem=cap(problems[0]) if problems else "", crash="", tail=solution.text()[-2000:])
    return out


def harness_error(text):
    return {
        "tests": [],
        "complete": False,
        "exit": None,
        "timed_out": False,
        "garbled": 0,
        "harness_error": text,
        "crash": "",
        "tail": "",
    }


RUNNERS = {
    "python": run_python,
    "javascript": run_javascript,
    "go": run_go,
    "rust": run_rust,
    "cpp": run_cpp,
    "java": run_java,
}


def main():
    if sys.argv[1:] == ["--serve-python"]:
        return serve_python()
    nondumpable()
    cfg = json.loads(sys.stdin.readline())
    sys.stdin.read()  # drain: nothing of the host's input is left for anyone else to read
    nonce = cfg.pop("nonce")
    out = os.fdopen(os.dup(1), "w")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)  # print() in the tests or a stray message of ours never reaches the host
    deadline = time.monotonic() + float(cfg["timeout"])
    try:
        result = RUNNERS[cfg["lang"]](cfg, deadline)
    except Exception:
        result = harness_error(traceback.format_exc()[-600:])
    kill_strays()
    out.write(f"PQ-RESULT {nonce} {json.dumps(result)}\n")
    out.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
