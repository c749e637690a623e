# Hidden tests (never shown to the model): call the candidate, print what was observed.
import importlib, json, os, sys

_NONCE = os.environ.pop("PQ_NONCE", "")
_OUT = os.dup(1)
_CASES = {}


def case(fn):
    _CASES[fn.__name__] = fn
    return fn


def _plain(value, depth=0):
    if depth > 20:
        return "(too deep)"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    return repr(value)[:200]


def _emit(obs):
    line = "PQ-RESULT " + _NONCE + " " + json.dumps(obs) + "\n"
    os.write(_OUT, line.encode("utf-8", "surrogatepass"))


try:
    m = importlib.import_module("directory")
except BaseException as exc:
    _emit({"__load__": (type(exc).__name__ + ": " + str(exc))[:300]})
    os._exit(0)

@case
def report_first():
    return m.sort_names(["bob", "alice", "Alice"])

@case
def report_second():
    return m.sort_names(["Alice", "bob", "alice"])

@case
def mixed_case():
    return m.sort_names(["delta", "Charlie", "bravo", "ALPHA"])

@case
def ties_keep_order():
    return m.sort_names(["b", "B", "a", "A", "b"])

@case
def initials_two():
    return m.initials("ada lovelace")

_obs = {}
for _name, _fn in _CASES.items():
    try:
        _obs[_name] = {"ok": _plain(_fn())}
    except BaseException as exc:  # SystemExit from the candidate is an observation too
        _obs[_name] = {"raised": type(exc).__name__}
_emit(_obs)
os._exit(0)
