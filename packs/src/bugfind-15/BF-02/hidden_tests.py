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
    m = importlib.import_module("grid")
except BaseException as exc:
    _emit({"__load__": (type(exc).__name__ + ": " + str(exc))[:300]})
    os._exit(0)

@case
def report_example():
    g = m.make_grid(3, 3)
    m.set_cell(g, 0, 1, 5)
    return m.row_totals(g)

@case
def cells_after_two_sets():
    g = m.make_grid(2, 3)
    m.set_cell(g, 0, 0, 1)
    m.set_cell(g, 1, 2, 4)
    return g

@case
def direct_assignment():
    g = m.make_grid(3, 2)
    g[2][1] = 7
    return [m.row_totals(g), m.column_totals(g)]

@case
def column_totals_after_sets():
    g = m.make_grid(4, 2, fill=1)
    m.set_cell(g, 3, 0, 10)
    return m.column_totals(g)

@case
def rows_are_distinct_objects():
    g = m.make_grid(3, 2)
    return len({id(row) for row in g})

@case
def two_grids_independent():
    a = m.make_grid(2, 2)
    b = m.make_grid(2, 2)
    m.set_cell(a, 0, 0, 9)
    return [a, b]

@case
def string_fill():
    g = m.make_grid(2, 2, fill="-")
    m.set_cell(g, 1, 0, "x")
    return g

@case
def no_rows():
    return m.make_grid(0, 3)

@case
def no_columns():
    return m.make_grid(2, 0)

_obs = {}
for _name, _fn in _CASES.items():
    try:
        _obs[_name] = {"ok": _plain(_fn())}
    except BaseException as exc:  # SystemExit from the candidate is an observation too
        _obs[_name] = {"raised": type(exc).__name__}
_emit(_obs)
os._exit(0)
