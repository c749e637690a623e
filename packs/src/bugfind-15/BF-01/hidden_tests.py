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
    m = importlib.import_module("stats")
except BaseException as exc:
    _emit({"__load__": (type(exc).__name__ + ": " + str(exc))[:300]})
    os._exit(0)

@case
def report_example():
    return m.moving_average([10, 20, 30, 40], 2)

@case
def docstring_example():
    return m.moving_average([2, 4, 6], 2)

@case
def window_three():
    return m.moving_average([3, 6, 9, 12, 15], 3)

@case
def window_equals_length():
    return m.moving_average([1, 2, 3], 3)

@case
def window_one():
    return m.moving_average([5, 7, 9], 1)

@case
def window_longer_than_values():
    return m.moving_average([1, 2], 3)

@case
def empty_values():
    return m.moving_average([], 1)

@case
def window_zero_raises():
    return m.moving_average([1, 2, 3], 0)

@case
def peak_at_end():
    return m.peak_window([1, 2, 3, 9], 2)

@case
def peak_whole_list():
    return m.peak_window([4, 1, 1], 3)

@case
def peak_none():
    return m.peak_window([1], 2)

_obs = {}
for _name, _fn in _CASES.items():
    try:
        _obs[_name] = {"ok": _plain(_fn())}
    except BaseException as exc:  # SystemExit from the candidate is an observation too
        _obs[_name] = {"raised": type(exc).__name__}
_emit(_obs)
os._exit(0)
