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
    m = importlib.import_module("names")
except BaseException as exc:
    _emit({"__load__": (type(exc).__name__ + ": " + str(exc))[:300]})
    os._exit(0)

@case
def report_pair():
    return m.same_name("Jürgen Weiß", "JÜRGEN WEISS")

@case
def report_dedupe():
    return m.dedupe(["Jürgen Weiß", "JÜRGEN WEISS"])

@case
def ligature():
    return m.same_name("\ufb01nn Olsen", "FINN OLSEN")

@case
def greek_sigma():
    return m.same_name("ΣΊΣΥΦΟΣ", "σίσυφοσ")

@case
def decomposed_accent():
    return m.same_name("Ren\u00e9e Dupont", "RENE\u0301E  DUPONT")

@case
def whitespace_runs():
    return m.same_name("  ada   lovelace ", "Ada Lovelace")

@case
def different_names():
    return m.same_name("Weiß", "Weis")

@case
def different_accents():
    return m.same_name("Müller", "Muller")

@case
def dedupe_mixed():
    return m.dedupe(["Strauß", "Anna", "STRAUSS", "anna ", "straus", "\ufb02o", "FLO"])

_obs = {}
for _name, _fn in _CASES.items():
    try:
        _obs[_name] = {"ok": _plain(_fn())}
    except BaseException as exc:  # SystemExit from the candidate is an observation too
        _obs[_name] = {"raised": type(exc).__name__}
_emit(_obs)
os._exit(0)
