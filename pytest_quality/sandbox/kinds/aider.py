"""The `aider` kind: Aider-polyglot-style exercises, whole-file replies, one retry with the failures.

The model gets instructions and stub files; it replies with whole files (the path alone on a line,
then a fenced block). The host writes them into a fresh workspace, then the harness (and, for compiled
languages, the hidden tests and build files) after them, so a reply can never replace those; it
compiles and runs the tests in the polyglot image. On failure the model gets ONE more turn, as aider's
own benchmark does, showing the runner's failure lines: per failed test its name and the assertion's
message (expected vs actual) or the exception, or the compiler's diagnostic lines without the source
lines it quotes. Never the reply's own output, never the test sources: a reply that prints or raises
with a hidden file gets none of it back, and any hidden line that still reaches the text is masked.

What the model sees: the instructions, the stub files, the test files' names and the test command.

Verifier parameters (scenario.verifier):
  language     "cpp" | "go" | "java" | "javascript" | "python" | "rust"
  files        {path: stub}: the files the model may edit (shown in the prompt)
  tests        {path: source}: hidden test files (their names and the test command are shown)
  support      {path: source}: hidden build files (go.mod, Cargo.toml); a reply may not write them
  test_names   the test names that must each be reported passed
  crate        rust: the library's crate name      go_package: go: the package name
  retries      extra tries after a failure (default 1)
  compile_timeout_s / run_timeout_s   per-command limits (defaults per language below)

Who decides a pass (aider_supervisor.py; the other harness files are package data in aider_harness/). Everything in the sandbox
runs as one uid, so the boundary is the process: the reply's code runs only in processes that hold
no secret and no channel the verdict is read from; whatever decides runs in a process that the reply's
code never executes in and that is non-dumpable (PR_SET_DUMPABLE=0: a process of the same uid cannot
ptrace it, read or write /proc/<pid>/mem, or open its fds through /proc). The reply's code never runs
while compiling (no build scripts, proc-macros, cgo or annotation processors), so nothing of it runs
before the supervisor starts. The supervisor gets the run's nonce (and, for Python and JavaScript, the
hidden tests) on stdin, which it drains before starting anything; the reply's processes get /dev/null
as stdin and pipes the supervisor reads as stdout/stderr, kept only as a tail for the record. The host
accepts exactly one `PQ-RESULT <nonce> {...}` line: a reply that reaches the exec's stdout some other
way (e.g. /proc/<pid>/fd/1 of a dumpable ancestor) does not know the nonce. A pass needs a record for
every name in test_names, every record passed, the run complete, and (C++, Java, Rust) exit status 0.

Per language, what the reply's code can reach and why it cannot forge the per-test records:
  python      The hidden tests run IN the supervisor (unittest), which never imports the reply: the
              reply's modules live in a child (`--serve-python`) that answers calls over a pipe (values of
              exact builtin types by value, everything else by reference; its exceptions are re-raised
              here as builtin or stand-in classes). The child can patch unittest or print anything in its
              own process; assertions, results and the nonce are only in the supervisor. The test source
              is never on disk. Difference from one process: returned lists/dicts are copies.
  javascript  Same split: the tests and node:assert run in a node process (run_js.js) made non-dumpable
              before node starts (nodump.so, preloaded; the supervisor checks it before starting the
              reply), the reply's module in another node process (serve_js.js) answering calls over
              pipes. Arrays and plain objects of the reply are mirrors re-read on every access (aliasing
              as in one process), comparisons stay in the trusted process. Tests never on disk.
              Unsupported: passing callbacks to the reply, awaiting the reply's promises.
  java        The tests run in the reply's JVM, but the reply's classes are compiled to their own code
              source and pq.Runner installs a SecurityManager (policy: the tests and runner get
              everything, the reply nothing but reading properties) after opening the results fd 3 and
              before loading any class of the reply: with the reply on the stack, files and fds
              (/proc/self/mem, fd 3), exec, native code and reflection into private members are denied,
              and exit/halt are refused to everyone until the results are written. The reply can only
              return values and throw.
  cpp, go,    Native code in the tests' own process: it can reach everything the harness can (fd 3, the
  rust        harness's memory). What it cannot do: find the nonce (not in its process), make stdout
              count (printed PASS lines, libtest/`go test` summaries, completion lines are ignored),
              pass by exiting early or crashing (every expected name needs a record written after the
              test ran: pq_test.hpp's main(), Go's TestMain per test process, libtest's --logfile), or
              read the tests at run time (sources deleted before the run; #include of hidden files,
              include_str!/include!/#[path], go:embed and inline assembly are refused before compiling).
              Residual, by design: a reply written against this harness's own record format (e.g. a
              static initializer writing `{"test": ...}` lines to fd 3) can still forge, as with every
              in-process test runner; no sandbox boundary separates native code from its test harness.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pytest_quality.agent import history_message
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, Verdict

MULTI_TURN = True
IMAGE = "polyglot"  # run.sandbox_pool(IMAGE): g++ and a JDK on top of the base sandbox
FEEDBACK_LINES = 50  # lines of the failure summary shown on the retry turn (aider's benchmark shows 50)
MAX_FILE_BYTES = 256 * 1024
OUTPUT_LIMIT = 512 * 1024
ENV = {
    "HOME": "/tmp",
    "GOCACHE": "/tmp/go-cache",
    "GOPATH": "/tmp/go",
    "GOFLAGS": "-mod=mod",
    "GOPROXY": "off",
    "CGO_ENABLED": "0",
    "CARGO_HOME": "/tmp/cargo",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
}

# --- host-owned harness files (written under /workspace/.pq after the reply's files) -------------------

HARNESS_DIR = Path(__file__).parent / "aider_harness"


def _harness_file(name: str) -> str:
    return (HARNESS_DIR / name).read_text(encoding="utf-8")


SUPERVISOR = (Path(__file__).parent / "aider_supervisor.py").read_text(encoding="utf-8")


# --- languages -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lang:
    name: str  # shown to the model
    fences: tuple[str, ...]  # fence info strings that mean this language
    extensions: tuple[str, ...]
    compile_timeout_s: float
    run_timeout_s: float


LANGS = {
    "cpp": Lang("C++", ("cpp", "c++", "cc", "cxx", "hpp", "h", "c"), (".cpp", ".h", ".hpp", ".cc"), 90, 20),
    "go": Lang("Go", ("go", "golang"), (".go",), 90, 20),
    "java": Lang("Java", ("java",), (".java",), 90, 20),
    "javascript": Lang(
        "JavaScript", ("javascript", "js", "node", "nodejs", "cjs", "mjs"), (".js", ".mjs", ".cjs"), 60, 30
    ),
    "python": Lang("Python", ("python", "python3", "py"), (".py",), 60, 30),
    "rust": Lang("Rust", ("rust", "rs"), (".rs",), 90, 20),
}

# Paths no reply may write, whatever the exercise: tests, build files, harness names.
PROTECTED_PATTERNS = re.compile(
    r"(^|/)(\.[^/]*(/.*)?|tests?/.*|[^/]*_test\.(go|py|cpp|cc)|test_[^/]*\.py|[^/]*\.(test|spec)\.[cm]?js|[^/]*Tests?\.java"
    r"|go\.(mod|sum|work)|Cargo\.(toml|lock)|Makefile|CMakeLists\.txt|package(-lock)?\.json|conftest\.py"
    r"|pq_test\.hpp|pq/.*)$"
)
PATH_RE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.\-/]{0,120}$")


JVM = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto"]


def _compile_steps(lang: str, v: dict[str, Any]) -> list[tuple[str, float]]:
    """(bash command, timeout) steps before the tests run. The reply's code never runs while compiling."""
    editable = sorted(v["files"])
    tests = sorted(v["tests"])
    compile_s = float(v.get("compile_timeout_s") or LANGS[lang].compile_timeout_s)
    if lang in ("python", "javascript"):
        return []
    if lang == "go":
        # vet off (go test -c would vet the standard library too) and no DWARF: 3x faster on one CPU.
        return [("mkdir -p /tmp/pq && go test -c -vet=off -ldflags='-s -w' -o /tmp/pq/exercise.test . 2>&1", compile_s)]
    if lang == "rust":
        crate = v["crate"]
        lib = next(f for f in editable if f.endswith("lib.rs"))
        flags = "--edition 2021 -C debuginfo=0 -C opt-level=0"
        # prefer-dynamic: linking libtest statically takes most of the compile time on one CPU.
        return [
            (
                f"mkdir -p /tmp/pq && rustc {flags} --crate-type lib --crate-name {crate} -o /tmp/pq/lib{crate}.rlib "
                f"{lib} 2>&1 && rustc {flags} --test -C prefer-dynamic --extern {crate}=/tmp/pq/lib{crate}.rlib "
                "-o /tmp/pq/tests .pq/tests_main.rs 2>&1",
                compile_s,
            )
        ]
    if lang == "cpp":
        sources = " ".join(f for f in editable + tests if f.endswith((".cpp", ".cc")))
        return [(f"mkdir -p /tmp/pq && g++ -std=c++17 -O0 -Wall -I .pq -o /tmp/pq/tests {sources} 2>&1", compile_s)]
    if lang == "java":
        # The reply's classes and the tests' go to separate directories: separate code sources, so the
        # runner's policy can grant the tests everything and the reply nothing.
        javac = "javac -proc:none -implicit:none -encoding UTF-8 -sourcepath /nonexistent " + " ".join(
            f"-J{o}" for o in JVM
        )
        cand = " ".join(f for f in editable if f.endswith(".java"))
        return [
            (
                "mkdir -p /tmp/pq/cand /tmp/pq/test && "
                f"{javac} -cp /nonexistent -d /tmp/pq/cand {cand} 2>&1 && "
                f"{javac} -cp /tmp/pq/cand -d /tmp/pq/test {' '.join(tests)} .pq/pq/*.java 2>&1",
                compile_s,
            )
        ]
    raise ValueError(f"unknown language {lang!r}")


def _run_config(lang: str, v: dict[str, Any], nonce: str, run_s: float) -> dict[str, Any]:
    """What the supervisor gets on stdin (never written to a file)."""
    cfg: dict[str, Any] = {
        "nonce": nonce,
        "lang": lang,
        "timeout": run_s,
        "names": list(v.get("test_names") or []),
        "files": sorted(v["files"]),
        "remove": sorted([*v["tests"], *(v.get("support") or {})]),
    }
    if lang in ("python", "javascript"):
        cfg.update(tests=dict(v["tests"]), remove=[])
    elif lang == "go":
        cfg["test_timeout"] = run_s
    elif lang == "java":
        cfg["jvm"] = [*JVM, "-Djava.security.policy==/workspace/.pq/java.policy"]
        cfg["classes"] = [PurePosixPath(t).stem for t in sorted(v["tests"])]
    return cfg


def _harness(lang: str, v: dict[str, Any]) -> dict[str, str]:
    files = {".pq/supervise.py": SUPERVISOR}
    if lang == "javascript":
        files.update({f".pq/{n}": _harness_file(n) for n in ("run_js.js", "serve_js.js", "nodump.c")})
    elif lang == "go":
        files["zz_pq_main_test.go"] = _harness_file("pq_main_test.go").replace("{package}", v["go_package"])
    elif lang == "rust":
        files[".pq/tests_main.rs"] = _harness_file("tests_main.rs").replace("{tests}", sorted(v["tests"])[0])
    elif lang == "cpp":
        files[".pq/pq_test.hpp"] = _harness_file("pq_test.hpp")
    elif lang == "java":
        files.update({f".pq/pq/{n}": _harness_file(n) for n in ("Test.java", "Assert.java", "Runner.java")})
        files[".pq/java.policy"] = _harness_file("java.policy")
    elif lang != "python":
        raise ValueError(f"unknown language {lang!r}")
    return files


def _reads_hidden_files(lang: str, files: dict[str, str], v: dict[str, Any]) -> str:
    """What in the reply would copy a hidden file into the program at compile time (the reply's code never
    runs before the tests, and the test sources are deleted before they run), or ''."""
    hidden = {PurePosixPath(p).name for p in [*v["tests"], *(v.get("support") or {})]}
    for path, text in sorted(files.items()):
        code = text.replace("\\\n", "")  # C/C++ line splicing happens before anything else
        if lang == "cpp":
            for m in re.finditer(r"^[ \t]*(?:#|%:)[ \t]*include(?:_next)?\b[ \t]*(.*)$", code, re.M):
                target = re.match(r'^(<[^>\n]*>|"[^"\n]*")', m.group(1).strip())
                if not target:
                    return f"a computed #include in {path}"
                name = target.group(1)[1:-1]
                if name.startswith("/") or ".." in name or PurePosixPath(name).name in hidden or "pq_test" in name:
                    return f"#include {target.group(1)} in {path}"
            found = re.search(r"\b(incbin|asm|__asm__|__asm)\b|^[ \t]*(?:#|%:)[ \t]*embed\b", code, re.M)
        elif lang == "rust":
            found = re.search(r"\b(include|include_str|include_bytes|asm|global_asm)\s*!|#\s*!?\s*\[\s*path\s*=", code)
        elif lang == "go":
            found = re.search(r"go:embed|^[ \t]*(?:import[ \t]+)?(?:[\w.]+[ \t]+)?\"embed\"[ \t]*$", code, re.M)
        else:
            found = None
        if found:
            return f"{found.group(0).strip()} in {path}"
    return ""


# --- parsing whole-file replies --------------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`]*)$")
DECORATION = re.compile(
    r"^(?:#+\s*|>\s*|[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*(?:(?:file|filename|path)\s*[:=]\s*)?", re.IGNORECASE
)
COMMENT_NAME = re.compile(
    r"^\s*(?://|#|/\*|--)\s*(?:(?:file|filename|path)\s*[:=]\s*)?([\w./\-]+)\s*(?:\*/)?\s*$", re.IGNORECASE
)


@dataclass
class Parsed:
    files: dict[str, str] = field(default_factory=dict)  # exercise path -> new contents
    refused: list[str] = field(default_factory=list)  # test/build/harness paths the reply tried to write
    ignored: list[str] = field(default_factory=list)  # paths that are not files of the exercise
    methods: list[str] = field(default_factory=list)  # how each file was recognised
    unnamed_blocks: int = 0
    too_large: list[str] = field(default_factory=list)


def _blocks(text: str) -> list[tuple[int, str, str, bool]]:
    """(line index of the opening fence, info string, body, closed) for every fenced block."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        mark, info = m.group(1), m.group(2).strip()
        close = re.compile(r"^ {0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        out.append((i, info, "\n".join(lines[i + 1 : j]), j < len(lines)))
        i = j + 1
    return out


def _clean_path(raw: str) -> str:
    p = raw.strip().strip("`'\"*_:").strip()
    for prefix in ("/workspace/", "workspace/", "./"):
        if p.startswith(prefix):
            p = p[len(prefix) :]
    return p


def _looks_like_path(p: str, extensions: tuple[str, ...]) -> bool:
    return (
        bool(PATH_RE.match(p))
        and ".." not in p.split("/")
        and "." in PurePosixPath(p).name
        and (
            p.endswith(extensions)
            or "/" in p
            or PROTECTED_PATTERNS.search(p) is not None
            or PurePosixPath(p).suffix
            in {
                ".py",
                ".js",
                ".go",
                ".rs",
                ".java",
                ".cpp",
                ".h",
                ".hpp",
                ".cc",
                ".toml",
                ".json",
                ".mod",
                ".txt",
                ".md",
                ".mjs",
                ".cjs",
                ".ts",
                ".c",
            }
        )
    )


def _name_from_line(line: str, extensions: tuple[str, ...]) -> str | None:
    """The file a line right before a fence names: `roman.py`, **roman.py**, ### `src/lib.rs`, File: x.go ..."""
    text = line.strip()
    if not text or len(text) > 160:
        return None
    bare = _clean_path(DECORATION.sub("", text, count=1).rstrip(":").strip("*_ ").rstrip(":"))
    if _looks_like_path(bare, extensions):
        return bare
    ticked = [_clean_path(t) for t in re.findall(r"`([^`\n]+)`", text)]
    ticked = [t for t in ticked if _looks_like_path(t, extensions)]
    return ticked[0] if len(ticked) == 1 else None


def _name_from_info(info: str, extensions: tuple[str, ...]) -> str | None:
    """```python roman.py, ```roman.py, ```rust title="src/lib.rs", ```go file=clock.go"""
    for token in re.split(r"[\s{},]+", info):
        token = re.sub(r"^(?:title|file|filename|path)\s*[=:]\s*", "", token, flags=re.IGNORECASE)
        token = _clean_path(token)
        if token and _looks_like_path(token, extensions):
            return token
    return None


def parse_reply(text: str, editable: list[str], hidden: list[str], language: str) -> Parsed:
    """The files a whole-file reply writes, mapped onto the exercise's editable files."""
    lang = LANGS[language]
    out = Parsed()
    text = text if isinstance(text, str) else ""
    lines = text.split("\n")
    hidden_names = {PurePosixPath(h).name for h in hidden}
    by_name: dict[str, list[str]] = {}
    for path in editable:
        by_name.setdefault(PurePosixPath(path).name, []).append(path)
    unnamed: list[tuple[str, str]] = []
    for start, info, body, _closed in _blocks(text):
        name, method = _name_from_info(info, lang.extensions), "fence_info"
        if name is None:
            k = start - 1
            if k >= 0 and not lines[k].strip():  # one blank line between the name and the fence is fine
                k -= 1
            if k >= 0:
                name, method = _name_from_line(lines[k], lang.extensions), "name_line"
        if name is None:
            first = body.split("\n", 1)[0]
            m = COMMENT_NAME.match(first)
            if m and _looks_like_path(_clean_path(m.group(1)), lang.extensions):
                name, method = _clean_path(m.group(1)), "comment_line"
        if not body.strip():
            continue  # an empty block never replaces a file
        if name is None:
            unnamed.append((info.split()[0].lower() if info.split() else "", body))
            continue
        _place(out, name, body, method, editable, by_name, hidden, hidden_names)
    out.unnamed_blocks = len(unnamed)
    if (
        not out.files
        and not out.refused
        and len(editable) == 1
        and len(unnamed) == 1
        and unnamed[0][0] in ("", *lang.fences)
    ):
        _place(out, editable[0], unnamed[0][1], "single_block", editable, by_name, hidden, hidden_names)
    return out


def _place(
    out: Parsed,
    name: str,
    body: str,
    method: str,
    editable: list[str],
    by_name: dict[str, list[str]],
    hidden: list[str],
    hidden_names: set[str],
) -> None:
    target = name if name in editable else None
    if (
        target is None
        and len(by_name.get(PurePosixPath(name).name, [])) == 1
        and PurePosixPath(name).name not in hidden_names
    ):
        target = by_name[PurePosixPath(name).name][0]
        method += "+basename"
    if target is None:
        if name in hidden or PurePosixPath(name).name in hidden_names or PROTECTED_PATTERNS.search(name):
            out.refused.append(name)
        else:
            out.ignored.append(name)
        return
    content = body if body.endswith("\n") else body + "\n"
    if len(content.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        out.too_large.append(target)
        return
    if target in out.files:
        method += "+repeated(last kept)"
    out.files[target] = content
    out.methods.append(f"{target}: {method}")


# --- prompts ---------------------------------------------------------------------------------------------

SYSTEM = """You are an experienced {language} programmer solving a small programming exercise. You get the exercise's instructions and the current contents of its source files. Change the source files so that the exercise's test suite passes. You cannot see the tests; they call the functions, classes and types that the files declare, so keep their names and signatures.

Reply format: for each file you change, write the file's path alone on one line, then the complete new contents of the file in a fenced code block. For example:

{example}
```{fence}
...the whole file, every line of it...
```

Always send whole files: no diffs, no placeholders such as "rest unchanged". Change only the files you were given; never create or edit test files or build files. Use the standard library only. A short explanation outside the code blocks is fine."""

USER = """# {title}

{instructions}

## Files

{files}

Edit {file_list} so that all the tests pass. The tests ({tests}) run with `{command}`."""

RETRY = """The tests did not pass. {what}:

```
{output}
```

The tests are correct, so do not try to change them. Fix {file_list} and reply with the complete files, in the same format as before."""

NO_FILES = """I found no files in your reply, so nothing was changed. Reply with the complete contents of {file_list}: each file's path alone on one line, then the whole file in a fenced code block."""

REFUSED = """Your reply writes {refused}, which belong to the exercise's tests or build and cannot be changed; nothing from that reply was used. Change only {file_list} and reply with the complete files."""

SHOWN_COMMAND = {
    "python": "python3 -m unittest",
    "javascript": "node --test",
    "go": "go test",
    "rust": "rustc --test (the tests use the crate `{crate}`)",
    "cpp": "g++ -std=c++17, then the test binary",
    "java": "javac, then a small main-based test runner (JUnit-style assertions)",
}


def prompt_messages(title: str, instructions: str, verifier: dict[str, Any]) -> list[dict[str, str]]:
    """The scenario's messages (the generator stores them in the pack)."""
    language = verifier["language"]
    lang = LANGS[language]
    editable = list(verifier["files"])
    fence = lang.fences[0]
    files = "\n\n".join(f"{p}\n```{fence}\n{verifier['files'][p].rstrip()}\n```" for p in editable)
    command = SHOWN_COMMAND[language].format(crate=verifier.get("crate", ""))
    return [
        {"role": "system", "content": SYSTEM.format(language=lang.name, example=editable[0], fence=fence)},
        {
            "role": "user",
            "content": USER.format(
                title=title,
                instructions=instructions.strip(),
                files=files,
                file_list=_list(editable),
                tests=_list(sorted(verifier["tests"])),
                command=command,
            ),
        },
    ]


def _list(paths: list[str]) -> str:
    names = [f"`{p}`" for p in paths]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- one test run ----------------------------------------------------------------------------------------


@dataclass
class TestRun:
    passed: bool
    stage: str  # the step that decided: compile | run
    summary: str  # one line for the verdict detail
    output: str  # what the model is shown on the retry: the runner's failure lines, never the reply's output
    status: str = ""
    seconds: float = 0.0
    tests_passed: int = 0
    failed_tests: list[str] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)


def run_tests(scenario: Scenario, files: dict[str, str], sandbox: Any) -> TestRun:
    """Write the files, then (after them) the test harness and, for compiled languages, the hidden tests and
    build files; compile; then the supervisor runs the tests and reports."""
    v = scenario.verifier
    lang = v["language"]
    banned = _reads_hidden_files(lang, files, v)
    if banned:
        text = f"Not allowed: {banned}. The tests are hidden; the code may use only the standard library."
        return TestRun(False, "compile", f"not allowed: {banned}", text)
    nonce = "pq" + secrets.token_hex(16)
    sandbox.put_files(dict(files))
    on_disk = {} if lang in ("python", "javascript") else {**v["tests"], **(v.get("support") or {})}
    sandbox.put_files({**on_disk, **_harness(lang, v)})
    steps: list[dict[str, Any]] = []
    total = 0.0
    for command, timeout in _compile_steps(lang, v):
        res = sandbox.exec(command, timeout=timeout, env=ENV, output_limit=OUTPUT_LIMIT)
        total += res.duration_s
        steps.append({"stage": "compile", "status": res.status, "seconds": round(res.duration_s, 2)})
        text = res.stdout.decode("utf-8", "replace") + res.stderr.decode("utf-8", "replace")
        shown = _scrub(_diagnostics(lang, text), v)
        if res.timed_out:
            return TestRun(
                False,
                "compile",
                f"compiling timed out after {timeout:g} s",
                shown + f"\n(compiling timed out after {timeout:g} s)",
                res.status,
                total,
                steps=steps,
            )
        if res.truncated:
            return TestRun(
                False,
                "compile",
                f"more than {OUTPUT_LIMIT // 1024} KB of output while compiling",
                shown + "\n(output cut: too much output)",
                res.status,
                total,
                steps=steps,
            )
        if res.exit_code != 0:
            return TestRun(
                False, "compile", "does not compile: " + _first_error(shown), shown, res.status, total, steps=steps
            )
    run_s = float(v.get("run_timeout_s") or LANGS[lang].run_timeout_s)
    cfg = _run_config(lang, v, nonce, run_s)
    # The supervisor keeps its own deadline (run_s); this one only catches a supervisor that was stopped.
    res = sandbox.exec(
        "exec python3 -I /workspace/.pq/supervise.py",
        stdin=(json.dumps(cfg) + "\n").encode(),
        timeout=run_s + 20,
        env=ENV,
        output_limit=OUTPUT_LIMIT,
    )
    total += res.duration_s
    steps.append({"stage": "run", "status": res.status, "seconds": round(res.duration_s, 2)})
    result, trouble = _result(res.stdout.decode("utf-8", "replace"), nonce)
    if result is None:
        if res.timed_out:
            trouble = f"running the tests timed out after {run_s:g} s"
        elif res.truncated:
            trouble = f"more than {OUTPUT_LIMIT // 1024} KB of output while running the tests"
        return TestRun(False, "run", trouble, f"({trouble})", res.status, total, steps=steps)
    passed, summary, n_ok, failed, shown = _judge(lang, v, result, run_s)
    return TestRun(passed, "run", _scrub(summary, v), _scrub(shown, v), res.status, total, n_ok, failed, steps)


def _result(stdout: str, nonce: str) -> tuple[dict[str, Any] | None, str]:
    """The supervisor's one record, or why there is none. Lines without this run's nonce are not ours."""
    prefix = f"PQ-RESULT {nonce} "
    records = [ln[len(prefix) :] for ln in stdout.split("\n") if ln.startswith(prefix)]
    if len(records) != 1:
        return None, (
            "the test harness reported nothing"
            if not records
            else f"the test harness's record appeared {len(records)} times"
        )
    try:
        record = json.loads(records[0])
    except ValueError:
        return None, "the test harness's record was garbled"
    if not isinstance(record, dict) or not isinstance(record.get("tests"), list):
        return None, "the test harness's record was garbled"
    return record, ""


def _judge(lang: str, v: dict[str, Any], result: dict[str, Any], run_s: float) -> tuple[bool, str, int, list[str], str]:
    """(passed, summary, tests passed, failed tests, feedback) from the supervisor's per-test records."""
    expected = list(v.get("test_names") or [])
    records = [t for t in result["tests"] if isinstance(t, dict) and isinstance(t.get("name"), str)]
    by_name: dict[str, list[dict[str, Any]]] = {}
    for t in records:
        by_name.setdefault(t["name"], []).append(t)
    failed = [t["name"] for t in records if t.get("ok") is not True]
    unfinished = [t["name"] for t in records if t.get("unfinished")]
    missing = [n for n in expected if n not in by_name]
    n_ok = len([n for n in expected if n in by_name and all(t.get("ok") is True for t in by_name[n])])
    crash = str(result.get("crash") or "")
    exit_code = result.get("exit")
    lines = [f"FAIL {t['name']}: {t.get('reason') or 'failed'}" for t in records if t.get("ok") is not True]
    lines += [f"NOT RUN {n}" for n in missing]
    if result.get("harness_error"):
        summary = "the test harness failed: " + str(result["harness_error"]).strip().split("\n")[-1][:200]
    elif result.get("timed_out"):
        summary = f"running the tests timed out after {run_s:g} s"
    elif result.get("problem"):
        summary = f"the tests did not finish: {result['problem']}"
    elif missing or unfinished or not result.get("complete"):
        summary = (
            "the tests did not finish (the program ended early or crashed)"
            + (f": {crash}" if crash else "")
            + _status(exit_code if lang in ("cpp", "java", "rust") else None)
        )
    elif failed:
        first = next(t for t in records if t.get("ok") is not True)
        reason = str(first.get("reason") or "").split("\n")[0]
        summary = f"{len(failed)} of {len(expected)} tests failed, first {first['name']}" + (
            f": {reason[:200]}" if reason else ""
        )
    elif result.get("garbled"):
        summary = "the test results were garbled"
    elif lang in ("cpp", "java", "rust") and exit_code != 0:
        summary = f"the test program reported every test passed but exited with code {exit_code}"
    else:
        return True, f"{n_ok}/{len(expected)} tests passed", n_ok, [], ""
    head = [summary[0].upper() + summary[1:] + "."] if not lines or not summary.startswith(str(len(failed))) else []
    shown = "\n".join([*head, *lines, f"{n_ok} of {len(expected)} tests passed."][:FEEDBACK_LINES])
    return False, summary, n_ok, failed or missing, shown


def _status(exit_code: int | None) -> str:
    return "" if exit_code in (0, 1, 101, None) else f" (exit code {exit_code})"


DIAGNOSTIC = {
    "cpp": re.compile(
        r"^(\S[^:]*:\d+:\d+: (fatal error|error|warning|note): .*|\S[^:]*: (In|At) .*:|In file included .*"
        r"|.*undefined reference to .*|collect2: .*|/usr/bin/ld: .*)$"
    ),
    "rust": re.compile(r"^((error|warning)(\[E\d+\])?: .*|\s*--> \S+:\d+:\d+|\s*= (note|help): .*)$"),
    "java": re.compile(
        r"^(\S+\.java:\d+: (error|warning): .*|\s+(symbol|location|required|found|reason): .*|\d+ errors?)$"
    ),
    "go": re.compile(r"^(\S+\.go:\d+(:\d+)?: .*|# .*)$"),
}


def _diagnostics(lang: str, text: str) -> str:
    """The compiler's own diagnostic lines (file:line: message), without the source lines it quotes."""
    pattern = DIAGNOSTIC.get(lang)
    keep = [
        ln[:300]
        for ln in re.sub(r"\x1b\[[0-9;]*m", "", text).split("\n")
        if pattern is not None and pattern.match(ln.rstrip())
    ]
    keep = [ln for ln in keep if not re.match(r"^\s*\d+\s*\|", ln)]
    return "\n".join(keep[:FEEDBACK_LINES]) or "(the compiler printed no diagnostics)"


def _scrub(text: str, v: dict[str, Any]) -> str:
    """Whatever got this far, no line of a hidden test or build file goes back to the model."""
    for source in [*v["tests"].values(), *(v.get("support") or {}).values()]:
        for line in source.split("\n"):
            line = line.strip()
            if len(line) >= 24 and line in text:
                text = text.replace(line, "[hidden test line]")
    return text


def _first_error(output: str) -> str:
    lines = [ln.strip() for ln in output.split("\n") if ln.strip()]
    for ln in lines:
        if re.search(r"\berror\b|cannot find|undefined|not declared|expected|cannot use", ln, re.IGNORECASE):
            return ln[:200]
    return lines[0][:200] if lines else "(no compiler output)"


# --- the kind protocol -----------------------------------------------------------------------------------


def run(scenario: Scenario, model: Any, sandbox: Any) -> SandboxOutcome:
    v = scenario.verifier
    editable = list(v["files"])
    hidden = [*v["tests"], *(v.get("support") or {})]
    state = dict(v["files"])
    messages = list(scenario.messages)
    exchanges, attempts = [], []
    tries = 1 + int(v.get("retries", 1))
    last_summary = ""
    for attempt in range(1, tries + 1):
        exchange = model(messages, scenario.tools)
        exchanges.append(exchange)
        if not exchange.ok:
            return failed_turn(exchange, exchanges, messages)
        reply = Reply.from_completion(exchange.body)
        messages.append(history_message(reply))
        parsed = parse_reply(reply.content, editable, hidden, v["language"])
        record: dict[str, Any] = {
            "try": attempt,
            "files": sorted(parsed.files),
            "recognised": parsed.methods,
            "refused": parsed.refused,
            "ignored": parsed.ignored,
            "unnamed_blocks": parsed.unnamed_blocks,
            "too_large": parsed.too_large,
        }
        attempts.append(record)
        if parsed.refused:
            last_summary = f"the reply writes test/build files ({', '.join(parsed.refused[:3])}), which is not allowed"
            feedback = REFUSED.format(refused=_list(parsed.refused[:5]), file_list=_list(editable))
        elif not parsed.files:
            what = (
                " (only files that are not part of the exercise: " + ", ".join(parsed.ignored[:3]) + ")"
                if parsed.ignored
                else ""
            )
            last_summary = "no file of the exercise in the reply" + what
            feedback = NO_FILES.format(file_list=_list(editable))
        else:
            state.update(parsed.files)
            if attempt > 1 and not sandbox.reset():
                record["sandbox_replaced"] = True
            try:
                result = run_tests(scenario, state, sandbox)
            except (SandboxError, ValueError) as exc:
                return SandboxOutcome(
                    Verdict.fail(
                        f"sandbox failure: {exc}"[:300], SANDBOX_UNAVAILABLE, tries=attempt, attempts=attempts
                    ),
                    exchanges,
                    messages,
                )
            record.update(
                stage=result.stage,
                status=result.status,
                seconds=round(result.seconds, 2),
                steps=result.steps,
                tests_passed=result.tests_passed,
                failed_tests=result.failed_tests[:10],
                summary=result.summary,
                feedback_head="\n".join(result.output.split("\n")[:20]),
            )
            if result.passed:
                detail = f"tests pass on try {attempt} of {tries}: {result.summary}"
                return SandboxOutcome(
                    Verdict.ok(detail, tries=attempt, attempts=attempts, language=v["language"]),
                    exchanges,
                    messages,
                    {"tries": attempt},
                )
            last_summary = result.summary
            head = result.output.split("\n")[:FEEDBACK_LINES] or ["(no output)"]
            what = "The build failed" if result.stage == "compile" else "The failing tests"
            feedback = RETRY.format(what=what, output="\n".join(head), file_list=_list(editable))
        if attempt < tries:
            messages.append({"role": "user", "content": feedback})
    detail = f"failed after {tries} {'try' if tries == 1 else 'tries'}: {last_summary}"
    return SandboxOutcome(
        Verdict.fail(detail, tries=tries, attempts=attempts, language=v["language"]),
        exchanges,
        messages,
        {"tries": tries},
    )
