"""CLI-40 grading: observe the sandbox after the model's commands ended, then compare (pure).

Observation happens in fresh execs the host starts once the model is done: first the process list
(for `process_absent`), then every process but PID 1 is killed (so nothing the model left running
can change the state while it is read), then a fixed inspector (isolated Python, cwd /, so files in
/workspace cannot shadow its modules) reports the files and runs the pack's check commands with a
clean environment. The model's text is never taken as evidence of the state.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from typing import Any

from pytest_quality.clip import clip
from pytest_quality.sandbox.container import KILL_ALL_BUT_INIT, SandboxError

# Every process but PID 1 stopped and killed (even a fork bomb's leftovers), then a marker line.
QUIESCE = KILL_ALL_BUT_INIT + "echo quiet\n"

INSPECT = r"""
import hashlib, json, os, stat, subprocess, sys
spec = json.load(sys.stdin)
W, CAP = "/workspace", 262144
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}

def describe(rel):
    p = os.path.join(W, rel)
    try:
        st = os.lstat(p)
    except (FileNotFoundError, NotADirectoryError):
        return {"exists": False}
    except OSError as exc:
        return {"exists": False, "error": "%s: %s" % (type(exc).__name__, exc.strerror or exc)}
    d = {"exists": True}
    if stat.S_ISLNK(st.st_mode):
        d["kind"], d["target"] = "symlink", os.readlink(p)
        d["resolved"] = os.path.realpath(p)
        try:
            st = os.stat(p)
        except OSError:
            d["dangling"] = True
            return d
    d.setdefault("kind", "file" if stat.S_ISREG(st.st_mode) else "dir" if stat.S_ISDIR(st.st_mode) else "other")
    d["mode"] = "%o" % stat.S_IMODE(st.st_mode)
    try:
        if stat.S_ISREG(st.st_mode):
            h, text = hashlib.sha256(), bytearray()
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(65536), b""):
                    h.update(chunk)
                    if len(text) < CAP:
                        text += chunk[:CAP - len(text)]
            d.update(size=st.st_size, sha256=h.hexdigest(), text=text.decode("utf-8", "replace"))
        elif stat.S_ISDIR(st.st_mode):
            names = sorted(os.listdir(p))[:2000]
            d["children"] = [n + "/" if os.path.isdir(os.path.join(p, n)) and not os.path.islink(os.path.join(p, n))
                             else n for n in names]
            tree = []
            for root, dirs, files in os.walk(p):
                dirs.sort()
                rel_root = os.path.relpath(root, p)
                for n in sorted(files) + sorted(x for x in dirs if os.path.islink(os.path.join(root, x))):
                    tree.append(n if rel_root == "." else rel_root + "/" + n)
                if len(tree) > 5000:
                    break
            d["tree"] = sorted(tree)
    except OSError as exc:
        d["error"] = "%s: %s" % (type(exc).__name__, exc.strerror or exc)
    return d

def run(cmd):
    # Own process group, killed whole on timeout: a child stuck on something the model left behind
    # (a FIFO, say) must not keep the pipes open and hang the inspector.
    try:
        p = subprocess.Popen(["bash", "--noprofile", "--norc", "-c", cmd], cwd=W, env=ENV, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return {"exit": None, "stdout": "", "stderr": str(exc)}
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.communicate()
        return {"exit": None, "stdout": "", "stderr": "check command timed out"}
    return {"exit": p.returncode, "stdout": out[:65536].decode("utf-8", "replace"),
            "stderr": err[:2000].decode("utf-8", "replace")}

print(json.dumps({"paths": {p: describe(p) for p in spec["paths"]},
                  "commands": {c: run(c) for c in spec["commands"]}}))
"""

ANSWER_CHECKS = frozenset({"answer_regex"})
STDOUT_CHECKS = frozenset({"stdout_equals", "stdout_lines", "stdout_regex"})


def sha256(content: str | bytes) -> str:
    return hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()


def needed(checks: list[dict[str, Any]], seed_files: dict[str, str]) -> dict[str, list[str]]:
    """What the inspector must report for these checks: {"paths": [...], "commands": [...]}."""
    paths, commands = [], []
    for check in checks:
        if isinstance(check.get("path"), str):
            paths.append(check["path"])
        if check.get("type") == "seed_intact":
            paths += list(seed_files)
        if check.get("type") == "command":
            commands.append(check["run"])
    return {"paths": list(dict.fromkeys(paths)), "commands": list(dict.fromkeys(commands))}


def observe(sandbox, checks: list[dict[str, Any]], seed_files: dict[str, str]) -> dict[str, Any]:
    """Run the observation execs; returns the report `evaluate` reads (raises SandboxError when the
    sandbox itself fails)."""
    report: dict[str, Any] = {"processes": None}
    if any(c.get("type") == "process_absent" for c in checks):
        res = sandbox.exec(["ps", "-eo", "pid=,args="], timeout=10, workdir="/")
        report["processes"] = res.stdout.decode("utf-8", "replace")
    res = sandbox.exec(["sh", "-c", QUIESCE], timeout=15, workdir="/")
    if res.exit_code != 0:
        raise SandboxError(f"cannot stop the model's leftover processes before grading: {res.status}")
    spec = json.dumps(needed(checks, seed_files)).encode()
    res = sandbox.exec(
        ["python3", "-I", "-S", "-c", INSPECT], stdin=spec, timeout=60, workdir="/", output_limit=32 * 1024 * 1024
    )
    try:
        report.update(json.loads(res.stdout))
    except ValueError:
        raise SandboxError(
            f"the state inspector failed ({res.status}): {res.stderr.decode('utf-8', 'replace').strip()[-300:]}"
        ) from None
    return report


# --- comparison (pure) ---------------------------------------------------------------------------


def norm_lines(text: str, paths: bool = False) -> list[str]:
    """Non-empty lines, each stripped with inner whitespace runs collapsed (`uniq -c` padding etc.);
    with `paths`, a leading ./ or /workspace/ is dropped."""
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if paths:
            line = re.sub(r"^(\./|/workspace/)", "", line)
        if line:
            out.append(line)
    return out


def _norm_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def _short(value: Any, n: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return clip(text.replace("\n", "\\n"), n, "...")


def _list_diff(expected: list[str], got: list[str], ordered: bool) -> str | None:
    if (expected == got) if ordered else (sorted(expected) == sorted(got)):
        return None
    missing = [e for e in expected if e not in got]
    extra = [g for g in got if g not in expected]
    parts = []
    if missing:
        parts.append("missing " + ", ".join(_short(m, 40) for m in missing[:3]) + (" ..." if len(missing) > 3 else ""))
    if extra:
        parts.append("unexpected " + ", ".join(_short(x, 40) for x in extra[:3]) + (" ..." if len(extra) > 3 else ""))
    if not parts:
        if len(expected) != len(got):
            return f"{len(got)} lines, expected {len(expected)} (duplicates?)"
        first = next(i for i, (e, g) in enumerate(zip(expected, got)) if e != g)
        return f"wrong order at line {first + 1}: got {_short(got[first], 40)}, expected {_short(expected[first], 40)}"
    return "; ".join(parts)


def _regex(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text, re.MULTILINE) is not None
    except re.error:
        return False


def _file(report: dict[str, Any], path: str, kind: str | None = "file") -> tuple[dict[str, Any], str | None]:
    info = (report.get("paths") or {}).get(path) or {"exists": False}
    if info.get("error"):
        return {}, f"{path} cannot be read ({info['error']})"
    if not info.get("exists"):
        return {}, f"{path} does not exist"
    if kind == "file" and (info.get("kind") != "file" and not (info.get("kind") == "symlink" and "text" in info)):
        return {}, f"{path} is not a regular file"
    if kind == "dir" and "children" not in info:
        return {}, f"{path} is not a directory"
    return info, None


def check_one(check: dict[str, Any], report: dict[str, Any], ctx: dict[str, Any]) -> str | None:
    """None when the check holds, else a short reason."""
    kind, path = check.get("type"), check.get("path", "")
    if kind == "exists":
        info = (report.get("paths") or {}).get(path) or {}
        if not info.get("exists"):
            return f"{path} does not exist"
        want = check.get("kind")
        if want and info.get("kind") != want:
            return f"{path} is a {info.get('kind')}, expected a {want}"
        if want == "symlink" and check.get("resolves_to"):
            resolved = info.get("resolved", "")
            if info.get("dangling") or resolved != check["resolves_to"]:
                return f"{path} points to {info.get('target')}, expected {check['resolves_to']}"
        return None
    if kind == "absent":
        info = (report.get("paths") or {}).get(path) or {}
        return f"{path} still exists" if info.get("exists") else None
    if kind in ("file_equals", "file_lines", "file_regex", "json_file"):
        info, err = _file(report, path)
        if err:
            return err
        text = info.get("text", "")
        if kind == "file_equals":
            same = text == check["value"] if check.get("exact") else _norm_text(text) == _norm_text(check["value"])
            if same:
                return None
            if _norm_text(text) == _norm_text(check["value"]):
                return f"{path} differs only in whitespace or line endings" + (" (CRLF)" if "\r\n" in text else "")
            want, got = _norm_text(check["value"]).split("\n"), _norm_text(text).split("\n")
            at = next((i for i, (w, g) in enumerate(zip(want, got)) if w != g), min(len(want), len(got)))
            return (
                f"{path} differs at line {at + 1}: expected {_short(want[at] if at < len(want) else '(end)', 40)}, "
                f"got {_short(got[at] if at < len(got) else '(end)', 40)}"
            )
        if kind == "file_lines":
            diff = _list_diff(
                norm_lines("\n".join(check["lines"]), check.get("paths", False)),
                norm_lines(text, check.get("paths", False)),
                check.get("order", "exact") == "exact",
            )
            return f"{path}: {diff}" if diff else None
        if kind == "file_regex":
            hit = _regex(check["pattern"], text)
            if hit == bool(check.get("negate")):
                return f"{path} {'matches' if hit else 'does not match'} /{_short(check['pattern'], 50)}/"
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return f"{path} is not valid JSON"
        return None if value == check["equals"] else f"{path} holds {_short(value)}, expected {_short(check['equals'])}"
    if kind == "mode":
        info, err = _file(report, path, kind=None)
        if err:
            return err
        want = str(check["mode"]).lstrip("0") or "0"
        return None if info.get("mode") == want else f"{path} has mode {info.get('mode')}, expected {want}"
    if kind in ("listing", "tree"):
        info, err = _file(report, path, kind="dir")
        if err:
            return err
        got = info.get("children" if kind == "listing" else "tree") or []
        diff = _list_diff(list(check["entries"]), list(got), ordered=False)
        return f"{path.rstrip('/') or '.'}/: {diff}" if diff else None
    if kind == "seed_intact":
        seed = ctx.get("seed_files") or {}
        for rel, content in seed.items():
            if any(fnmatch.fnmatch(rel, pat) for pat in check.get("except", [])):
                continue
            info = (report.get("paths") or {}).get(rel) or {}
            if info.get("error"):
                return f"{rel} cannot be read ({info['error']})"
            if not info.get("exists"):
                return f"{rel} was deleted"
            if info.get("sha256") != sha256(content):
                return f"{rel} was changed"
        return None
    if kind == "command":
        res = (report.get("commands") or {}).get(check["run"]) or {"exit": None, "stdout": "", "stderr": "not run"}
        label = f"`{_short(check['run'], 50)}`"
        if "exit_code" in check and res.get("exit") != check["exit_code"]:
            why = (res.get("stderr") or "").strip().splitlines()
            return f"{label} exited {res.get('exit')}, expected {check['exit_code']}" + (
                f": {_short(why[-1])}" if why else ""
            )
        out = res.get("stdout") or ""
        if "stdout" in check:
            want, got = norm_lines(check["stdout"]), norm_lines(out)
            if len(want) == 1 and len(got) <= 1 and want != got:
                return f"{label} printed {_short(got[0] if got else '(nothing)')}, expected {_short(want[0])}"
            diff = _list_diff(want, got, check.get("order", "exact") == "exact")
            if diff:
                return f"{label}: {diff}"
        if "stdout_regex" in check and not _regex(check["stdout_regex"], out):
            return f"{label} printed {_short(out.strip())}, expected /{_short(check['stdout_regex'], 40)}/"
        return None
    if kind in STDOUT_CHECKS:
        out = ctx.get("stdout")
        if out is None:
            return "no commands ran, so nothing was printed"
        if kind == "stdout_equals":
            return (
                None
                if _norm_text(out).strip() == _norm_text(check["value"]).strip()
                else (f"printed {_short(out.strip()) or '(nothing)'}, expected {_short(check['value'])}")
            )
        if kind == "stdout_lines":
            diff = _list_diff(
                norm_lines("\n".join(check["lines"]), check.get("paths", False)),
                norm_lines(out, check.get("paths", False)),
                check.get("order", "exact") == "exact",
            )
            return f"output: {diff}" if diff else None
        hit = _regex(check["pattern"], out)
        if hit == bool(check.get("negate")):
            return f"printed {_short(out.strip()) or '(nothing)'}, expected {check.get('expect') or '/' + _short(check['pattern'], 40) + '/'}"
        return None
    if kind == "answer_regex":
        hit = _regex(check["pattern"], ctx.get("answer") or "")
        if hit == bool(check.get("negate")):
            return (
                check.get("expect")
                or f"final answer {'matches' if hit else 'does not match'} /{_short(check['pattern'], 40)}/"
            )
        return None
    if kind == "process_absent":
        listing = report.get("processes") or ""
        hits = [line.strip() for line in listing.splitlines() if _regex(check["pattern"], line)]
        return f"still running: {_short(hits[0])}" if hits else None
    if kind == "commands_absent":
        hits = [c for c in ctx.get("commands") or [] if _regex(check["pattern"], c)]
        return f"ran {_short(hits[0])}" if hits else None
    return f"unknown check type {kind!r}"


def evaluate(checks: list[dict[str, Any]], report: dict[str, Any], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-check results: [{"check": type, "passed": bool, "detail": str}] (a check's optional
    "expect" text names what it wanted, for a readable verdict)."""
    results = []
    for check in checks:
        try:
            reason = check_one(check, report, ctx)
        except (KeyError, TypeError, ValueError) as exc:  # a malformed check in the pack
            reason = f"check cannot be evaluated: {type(exc).__name__}: {exc}"
        if reason and check.get("expect") and check.get("type") not in ("answer_regex", "stdout_regex"):
            reason = f"{check['expect']}: {reason}"
        entry = {"check": check.get("type"), "passed": reason is None, "detail": reason or ""}
        if check.get("path"):
            entry["path"] = check["path"]
        results.append(entry)
    return results
