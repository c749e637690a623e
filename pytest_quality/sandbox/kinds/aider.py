"""The `aider` kind: Aider-polyglot-style exercises, whole-file replies, one retry with the test output.

The model gets instructions and stub files; it replies with whole files (the path alone on a line,
then a fenced block). The host writes them into a fresh workspace, then writes the hidden tests, the
build files and a small harness (so a reply can never replace them), compiles and runs the tests in
the polyglot image. On failure the model gets ONE more turn showing the first 50 lines of the test
output, as aider's own benchmark does. The exercise passes when the tests pass on either try.

What the model sees: the instructions, the stub files, the test files' names and the test command.
The test sources stay hidden (aider's benchmark keeps them out of the chat too); on the retry the
model sees their failure output, which may quote a failing assertion. Runners, per language: C++
g++ + a single-header harness; Go `go test -c` + the test binary; Java javac + a main-based runner
with JUnit-like assertions (no JUnit: no network); JavaScript node:test's `run()` (what `node --test`
uses: each test file in a child process); Python unittest; Rust rustc --test (the library as an
extern crate, as cargo's integration tests).

Verifier parameters (scenario.verifier):
  language     "cpp" | "go" | "java" | "javascript" | "python" | "rust"
  files        {path: stub}: the files the model may edit (shown in the prompt)
  tests        {path: source}: hidden test files (their names and the test command are shown)
  support      {path: source}: hidden build files (go.mod, Cargo.toml); a reply may not write them
  test_names   the test names the runner must report as passed (rust: only their number is used)
  crate        rust: the library's crate name      go_package: go: the package name
  retries      extra tries after a failure (default 1)
  compile_timeout_s / run_timeout_s   per-command limits (defaults per language below)

Unforgeable: a pass needs the runner's exit status 0 AND one completion record `PQ-DONE <nonce> ...`
written by host-owned harness code after the tests ran, where the nonce is made by the host for this
run and handed over on stdin (never in a file or the environment); passed test names are checked
against the list above. A reply that prints fake test output, exits early with status 0, or ships a
test/build file (refused) fails. Residual risk, by design: the tests run in-process with the reply's
code, as every ordinary test runner does, so code written to tamper with the hidden harness itself
(e.g. monkeypatching the assertion library) is out of scope; the harness is never shown to the model.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pytest_quality.agent import history_message
from pytest_quality.packs import Scenario
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, Verdict

MULTI_TURN = True
IMAGE = "polyglot"  # run.sandbox_pool(IMAGE): g++ and a JDK on top of the base sandbox
FEEDBACK_LINES = 50  # lines of test output shown on the retry turn, as aider's benchmark does
MAX_FILE_BYTES = 256 * 1024
OUTPUT_LIMIT = 512 * 1024
ENV = {"HOME": "/tmp", "GOCACHE": "/tmp/go-cache", "GOPATH": "/tmp/go", "GOFLAGS": "-mod=mod", "GOPROXY": "off",
       "CGO_ENABLED": "0", "CARGO_HOME": "/tmp/cargo", "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1"}

# --- host-owned harness files (written under /workspace/.pq after the reply's files) -------------------

PY_RUNNER = r'''import json, os, sys, unittest

nonce = sys.stdin.readline().strip()
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
sys.stdin = open(os.devnull)
channel = os.dup(1)  # kept even if the code under test redirects fd 1
sys.path.insert(0, "/workspace")
passed, failed = [], []


class Result(unittest.TextTestResult):
    def addSuccess(self, test):
        super().addSuccess(test)
        passed.append(getattr(test, "_testMethodName", str(test)))


suite = unittest.defaultTestLoader.loadTestsFromNames(sys.argv[1:])
result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=Result).run(suite)
for test, _ in result.failures + result.errors + result.skipped + [(t, "") for t in result.unexpectedSuccesses]:
    failed.append(getattr(test, "_testMethodName", str(test)))
sys.stdout.flush()
os.write(channel, ("PQ-DONE " + nonce + " " + json.dumps({"passed": passed, "failed": failed}) + "\n").encode())
os._exit(0 if result.wasSuccessful() and not failed else 1)
'''

JS_RUNNER = r'''import { run } from 'node:test';
import { readFileSync } from 'node:fs';

const nonce = readFileSync(0, 'utf8').trim();
const passed = [], failed = [];
const say = (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n');
const describe = (error) => {
  const cause = error && error.cause !== undefined ? error.cause : error;
  const text = cause && cause.stack && cause.code !== 'ERR_TEST_FAILURE' ? String(cause.stack) : String(cause);
  return text.split('\n').filter((l) => !l.includes('node:internal')).slice(0, 12).join('\n  ');
};
// Each test file runs in a child process; only these events (parsed by node) count.
const stream = run({ files: process.argv.slice(2), concurrency: 1, timeout: 20000 });
stream.on('test:stdout', (d) => say(String(d.message)));
stream.on('test:stderr', (d) => say(String(d.message)));
stream.on('test:pass', (d) => {
  if (d.nesting !== 0) return;
  if (d.skip || d.todo) { failed.push(d.name); say(`not ok - ${d.name} (skipped)`); return; }
  passed.push(d.name);
  say(`ok - ${d.name}`);
});
stream.on('test:fail', (d) => {
  if (d.nesting !== 0) return;
  failed.push(d.name);
  say(`not ok - ${d.name}\n  ${describe(d.details && d.details.error)}`);
});
stream.on('data', () => {});
stream.on('end', () => {
  say(`PQ-DONE ${nonce} ${JSON.stringify({ passed, failed })}`);
  process.exitCode = failed.length ? 1 : 0;
});
'''

GO_MAIN = '''package {package}

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strings"
\t"testing"
)

func TestMain(m *testing.M) {
\tcode := m.Run()
\tnonce, _ := bufio.NewReader(os.Stdin).ReadString('\\n')
\tfmt.Printf("PQ-DONE %s {\\"exit\\": %d}\\n", strings.TrimSpace(nonce), code)
\tos.Exit(code)
}
'''

# The test crate's root: the exercise's tests in module `exercise`, then a sentinel test that sorts
# last and (tests run one at a time, in name order) prints the completion record after all of them.
RUST_ROOT = '''#[path = "/workspace/{tests}"]
mod exercise;

#[test]
fn zz_harness_done() {{
    use std::io::{{BufRead, Write}};
    let mut nonce = String::new();
    let _ = std::io::stdin().lock().read_line(&mut nonce);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "\\nPQ-DONE {{}} {{{{}}}}", nonce.trim());  // own line: libtest printed "test .. "
    let _ = out.flush();
}}
'''

CPP_HEADER = r'''// Minimal test harness: TEST_CASE, CHECK, CHECK_EQ, CHECK_NEAR, CHECK_THROWS. Defines main().
#pragma once
#include <cmath>
#include <exception>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace pq {
struct Failure { std::string message; };
struct Case { const char* name; void (*fn)(); };
inline std::vector<Case>& cases() { static std::vector<Case> all; return all; }
struct Register { Register(const char* name, void (*fn)()) { cases().push_back({name, fn}); } };

template <typename T, typename = void> struct Streamable : std::false_type {};
template <typename T> struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};
template <typename T, typename = void> struct Iterable : std::false_type {};
template <typename T> struct Iterable<T, std::void_t<decltype(std::begin(std::declval<const T&>()))>> : std::true_type {};
template <typename T> struct IsPair : std::false_type {};
template <typename A, typename B> struct IsPair<std::pair<A, B>> : std::true_type {};
template <typename T> struct IsOptional : std::false_type {};
template <typename A> struct IsOptional<std::optional<A>> : std::true_type {};

template <typename T> std::string show(const T& v) {
    std::ostringstream os;
    if constexpr (std::is_same_v<T, std::string>) os << '"' << v << '"';
    else if constexpr (std::is_same_v<T, char>) os << '\'' << v << '\'';
    else if constexpr (std::is_same_v<T, bool>) os << (v ? "true" : "false");
    else if constexpr (IsPair<T>::value) os << "(" << show(v.first) << ", " << show(v.second) << ")";
    else if constexpr (IsOptional<T>::value) { if (v) os << show(*v); else os << "nullopt"; }
    else if constexpr (std::is_enum_v<T>) os << static_cast<long long>(v);
    else if constexpr (Streamable<T>::value) os << v;
    else if constexpr (Iterable<T>::value) {
        os << "{";
        bool first = true;
        for (const auto& x : v) { os << (first ? "" : ", ") << show(x); first = false; }
        os << "}";
    } else os << "<value>";
    return os.str();
}
inline std::string where(const char* file, int line) { return std::string(file) + ":" + std::to_string(line) + ": "; }
}  // namespace pq

#define TEST_CASE(name) \
    static void name(); \
    static ::pq::Register pq_register_##name(#name, &name); \
    static void name()
#define CHECK(cond) \
    do { if (!(cond)) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + "CHECK(" #cond ") failed"}; } while (0)
#define CHECK_EQ(actual, expected) \
    do { \
        const auto& pq_a = (actual); const auto& pq_e = (expected); \
        if (!(pq_a == pq_e)) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + #actual " == " #expected \
            ": got " + ::pq::show(pq_a) + ", expected " + ::pq::show(pq_e)}; \
    } while (0)
#define CHECK_NEAR(actual, expected, eps) \
    do { \
        double pq_a = (actual), pq_e = (expected); \
        if (!(std::fabs(pq_a - pq_e) <= (eps))) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + #actual \
            ": got " + ::pq::show(pq_a) + ", expected " + ::pq::show(pq_e)}; \
    } while (0)
#define CHECK_THROWS(expr, type) \
    do { \
        bool pq_thrown = false; \
        try { (void)(expr); } catch (const type&) { pq_thrown = true; } \
        if (!pq_thrown) throw ::pq::Failure{::pq::where(__FILE__, __LINE__) + "expected " #type " from " #expr}; \
    } while (0)

int main() {
    std::vector<std::string> passed, failed;
    for (const auto& c : ::pq::cases()) {
        std::string problem;
        try { c.fn(); } catch (const ::pq::Failure& f) { problem = f.message; }
        catch (const std::exception& e) { problem = std::string("threw an exception: ") + e.what(); }
        catch (...) { problem = "threw a non-standard exception"; }
        (problem.empty() ? passed : failed).push_back(c.name);
        std::cout << (problem.empty() ? "ok - " : "FAIL - ") << c.name << (problem.empty() ? "" : ": ") << problem
                  << std::endl;
    }
    std::string nonce;
    std::getline(std::cin, nonce);
    std::cout << "PQ-DONE " << nonce << " {\"passed\": [";
    for (size_t i = 0; i < passed.size(); ++i) std::cout << (i ? ", " : "") << '"' << passed[i] << '"';
    std::cout << "], \"failed\": [";
    for (size_t i = 0; i < failed.size(); ++i) std::cout << (i ? ", " : "") << '"' << failed[i] << '"';
    std::cout << "]}" << std::endl;
    return failed.empty() ? 0 : 1;
}
'''

JAVA_TEST = '''package pq;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test method (run by pq.Runner). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Test {}
'''

JAVA_ASSERT = '''package pq;

import java.util.Arrays;
import java.util.Objects;

/** JUnit-like assertions; a failure is an AssertionError with a readable message. */
public final class Assert {
    private Assert() {}

    public interface Executable { void run() throws Throwable; }

    static String show(Object value) {
        if (value instanceof String) return "\\"" + value + "\\"";
        if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
        if (value instanceof int[]) return Arrays.toString((int[]) value);
        if (value instanceof long[]) return Arrays.toString((long[]) value);
        if (value instanceof double[]) return Arrays.toString((double[]) value);
        if (value instanceof char[]) return Arrays.toString((char[]) value);
        if (value instanceof boolean[]) return Arrays.toString((boolean[]) value);
        return String.valueOf(value);
    }

    public static void fail(String message) { throw new AssertionError(message); }

    public static void assertEquals(Object expected, Object actual) {
        if (!Objects.deepEquals(expected, actual)) fail("expected " + show(expected) + " but was " + show(actual));
    }

    public static void assertEquals(long expected, long actual) {
        if (expected != actual) fail("expected " + expected + " but was " + actual);
    }

    public static void assertEquals(double expected, double actual, double delta) {
        if (!(Math.abs(expected - actual) <= delta)) fail("expected " + expected + " +/- " + delta + " but was " + actual);
    }

    public static void assertArrayEquals(int[] expected, int[] actual) { assertEquals((Object) expected, (Object) actual); }

    public static void assertTrue(boolean condition) { if (!condition) fail("expected true but was false"); }

    public static void assertFalse(boolean condition) { if (condition) fail("expected false but was true"); }

    public static void assertNull(Object value) { if (value != null) fail("expected null but was " + show(value)); }

    public static <T extends Throwable> T assertThrows(Class<T> type, Executable body) {
        try {
            body.run();
        } catch (Throwable thrown) {
            if (type.isInstance(thrown)) return type.cast(thrown);
            fail("expected " + type.getSimpleName() + " but " + thrown + " was thrown");
        }
        fail("expected " + type.getSimpleName() + " to be thrown, but nothing was thrown");
        return null;
    }
}
'''

JAVA_RUNNER = '''package pq;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Runs every @Test method of the classes named on the command line, in name order. */
public final class Runner {
    private static String describe(Throwable t) {
        if (t instanceof AssertionError && t.getMessage() != null) return t.getMessage();
        StringBuilder text = new StringBuilder(t.toString());
        for (StackTraceElement frame : t.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("jdk.")
                    && !frame.getClassName().startsWith("pq.")) {
                text.append(" (at ").append(frame).append(")");
                break;
            }
        }
        return text.toString();
    }

    private static String json(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) out.append(i > 0 ? ", " : "").append('"').append(names.get(i)).append('"');
        return out.append("]").toString();
    }

    public static void main(String[] args) throws Exception {
        String nonce = new BufferedReader(new InputStreamReader(System.in)).readLine();
        PrintStream out = System.out;
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String className : args) {
            Method[] methods;
            Class<?> cls;
            try {
                cls = Class.forName(className);
                methods = cls.getDeclaredMethods();
            } catch (Throwable t) {
                failed.add(className);
                out.println("FAIL - " + className + ": cannot load the test class: " + describe(t));
                continue;
            }
            Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method m : methods) {
                if (!m.isAnnotationPresent(Test.class)) continue;
                String name = m.getName();
                try {
                    Object instance = Modifier.isStatic(m.getModifiers()) ? null : cls.getDeclaredConstructor().newInstance();
                    m.setAccessible(true);
                    m.invoke(instance);
                    passed.add(name);
                    out.println("ok - " + name);
                } catch (InvocationTargetException e) {
                    failed.add(name);
                    out.println("FAIL - " + name + ": " + describe(e.getCause()));
                } catch (Throwable t) {
                    failed.add(name);
                    out.println("FAIL - " + name + ": " + describe(t));
                }
                out.flush();
            }
        }
        out.println("PQ-DONE " + nonce + " {\\"passed\\": " + json(passed) + ", \\"failed\\": " + json(failed) + "}");
        out.flush();
        System.exit(failed.isEmpty() && !passed.isEmpty() ? 0 : 1);
    }
}
'''

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
    "javascript": Lang("JavaScript", ("javascript", "js", "node", "nodejs", "cjs", "mjs"), (".js", ".mjs", ".cjs"), 60, 30),
    "python": Lang("Python", ("python", "python3", "py"), (".py",), 60, 30),
    "rust": Lang("Rust", ("rust", "rs"), (".rs",), 90, 20),
}

# Paths no reply may write, whatever the exercise: tests, build files, harness names.
PROTECTED_PATTERNS = re.compile(
    r"(^|/)(\.[^/]*(/.*)?|tests?/.*|[^/]*_test\.(go|py|cpp|cc)|test_[^/]*\.py|[^/]*\.(test|spec)\.[cm]?js|[^/]*Tests?\.java"
    r"|go\.(mod|sum|work)|Cargo\.(toml|lock)|Makefile|CMakeLists\.txt|package(-lock)?\.json|conftest\.py"
    r"|pq_test\.hpp|pq/.*)$")
PATH_RE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.\-/]{0,120}$")


def _commands(lang: str, v: dict[str, Any]) -> list[tuple[str, str, float]]:
    """(stage, bash command, timeout) steps; the last one runs the tests and gets the nonce on stdin."""
    editable = sorted(v["files"])
    tests = sorted(v["tests"])
    compile_s = float(v.get("compile_timeout_s") or LANGS[lang].compile_timeout_s)
    run_s = float(v.get("run_timeout_s") or LANGS[lang].run_timeout_s)
    if lang == "python":
        modules = " ".join(PurePosixPath(t).with_suffix("").as_posix().replace("/", ".") for t in tests)
        return [("run", f"python3 -I -B .pq/run_tests.py {modules} 2>&1", run_s)]
    if lang == "javascript":
        return [("run", "node .pq/run_tests.mjs " + " ".join(tests) + " 2>&1", run_s)]
    if lang == "go":
        # vet off (go test -c would vet the standard library too) and no DWARF: 3x faster on one CPU.
        return [("compile", "mkdir -p /tmp/pq && go test -c -vet=off -ldflags='-s -w' -o /tmp/pq/exercise.test . 2>&1",
                 compile_s),
                ("run", f"/tmp/pq/exercise.test -test.v -test.count=1 -test.timeout={run_s:g}s 2>&1", run_s + 5)]
    if lang == "rust":
        crate = v["crate"]
        lib = next(f for f in editable if f.endswith("lib.rs"))
        flags = "--edition 2021 -C debuginfo=0 -C opt-level=0"
        # prefer-dynamic: linking libtest statically takes most of the compile time on one CPU.
        return [("compile", f"mkdir -p /tmp/pq && rustc {flags} --crate-type lib --crate-name {crate} "
                            f"-o /tmp/pq/lib{crate}.rlib {lib} 2>&1 && rustc {flags} --test -C prefer-dynamic "
                            f"--extern {crate}=/tmp/pq/lib{crate}.rlib -o /tmp/pq/tests .pq/tests_main.rs 2>&1",
                 compile_s),
                ("run", 'LD_LIBRARY_PATH="$(rustc --print target-libdir)" /tmp/pq/tests --test-threads=1 2>&1', run_s)]
    if lang == "cpp":
        sources = " ".join(f for f in editable + tests if f.endswith((".cpp", ".cc")))
        return [("compile", f"mkdir -p /tmp/pq && g++ -std=c++17 -O0 -Wall -I .pq -o /tmp/pq/tests {sources} 2>&1",
                 compile_s), ("run", "/tmp/pq/tests 2>&1", run_s)]
    if lang == "java":
        sources = " ".join(f for f in editable + tests if f.endswith(".java"))
        jvm = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto"
        classes = " ".join(PurePosixPath(t).stem for t in tests)
        return [("compile", "mkdir -p /tmp/pq/classes && javac -proc:none -encoding UTF-8 -d /tmp/pq/classes "
                            + " ".join(f"-J{o}" for o in jvm.split()) + f" {sources} .pq/pq/*.java 2>&1", compile_s),
                ("run", f"java {jvm} -cp /tmp/pq/classes pq.Runner {classes} 2>&1", run_s)]
    raise ValueError(f"unknown language {lang!r}")


def _harness(lang: str, v: dict[str, Any]) -> dict[str, str]:
    if lang == "python":
        return {".pq/run_tests.py": PY_RUNNER}
    if lang == "javascript":
        return {".pq/run_tests.mjs": JS_RUNNER}
    if lang == "go":
        return {"zz_pq_main_test.go": GO_MAIN.replace("{package}", v["go_package"])}
    if lang == "rust":
        return {".pq/tests_main.rs": RUST_ROOT.format(tests=sorted(v["tests"])[0])}
    if lang == "cpp":
        return {".pq/pq_test.hpp": CPP_HEADER}
    if lang == "java":
        return {".pq/pq/Test.java": JAVA_TEST, ".pq/pq/Assert.java": JAVA_ASSERT, ".pq/pq/Runner.java": JAVA_RUNNER}
    raise ValueError(f"unknown language {lang!r}")


# --- parsing whole-file replies --------------------------------------------------------------------------

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`]*)$")
DECORATION = re.compile(r"^(?:#+\s*|>\s*|[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?\s*(?:(?:file|filename|path)\s*[:=]\s*)?",
                        re.IGNORECASE)
COMMENT_NAME = re.compile(r"^\s*(?://|#|/\*|--)\s*(?:(?:file|filename|path)\s*[:=]\s*)?([\w./\-]+)\s*(?:\*/)?\s*$",
                          re.IGNORECASE)


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
        out.append((i, info, "\n".join(lines[i + 1:j]), j < len(lines)))
        i = j + 1
    return out


def _clean_path(raw: str) -> str:
    p = raw.strip().strip("`'\"*_:").strip()
    for prefix in ("/workspace/", "workspace/", "./"):
        if p.startswith(prefix):
            p = p[len(prefix):]
    return p


def _looks_like_path(p: str, extensions: tuple[str, ...]) -> bool:
    return bool(PATH_RE.match(p)) and ".." not in p.split("/") and "." in PurePosixPath(p).name and \
        (p.endswith(extensions) or "/" in p or PROTECTED_PATTERNS.search(p) is not None
         or PurePosixPath(p).suffix in {".py", ".js", ".go", ".rs", ".java", ".cpp", ".h", ".hpp", ".cc", ".toml",
                                        ".json", ".mod", ".txt", ".md", ".mjs", ".cjs", ".ts", ".c"})


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
    if not out.files and not out.refused and len(editable) == 1 and len(unnamed) == 1 \
            and unnamed[0][0] in ("", *lang.fences):
        _place(out, editable[0], unnamed[0][1], "single_block", editable, by_name, hidden, hidden_names)
    return out


def _place(out: Parsed, name: str, body: str, method: str, editable: list[str], by_name: dict[str, list[str]],
           hidden: list[str], hidden_names: set[str]) -> None:
    target = name if name in editable else None
    if target is None and len(by_name.get(PurePosixPath(name).name, [])) == 1 and \
            PurePosixPath(name).name not in hidden_names:
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

RETRY = """The tests did not pass. Here are the first {n} lines of the output:

```
{output}
```

The tests are correct, so do not try to change them. Fix {file_list} and reply with the complete files, in the same format as before."""

NO_FILES = """I found no files in your reply, so nothing was changed. Reply with the complete contents of {file_list}: each file's path alone on one line, then the whole file in a fenced code block."""

REFUSED = """Your reply writes {refused}, which belong to the exercise's tests or build and cannot be changed; nothing from that reply was used. Change only {file_list} and reply with the complete files."""

SHOWN_COMMAND = {"python": "python3 -m unittest", "javascript": "node --test", "go": "go test",
                 "rust": "rustc --test (the tests use the crate `{crate}`)", "cpp": "g++ -std=c++17, then the test binary",
                 "java": "javac, then a small main-based test runner (JUnit-style assertions)"}


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
        {"role": "user", "content": USER.format(title=title, instructions=instructions.strip(), files=files,
                                                file_list=_list(editable), tests=_list(sorted(verifier["tests"])),
                                                command=command)},
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
    output: str  # what the model is shown on the retry (nonce lines removed)
    status: str = ""
    seconds: float = 0.0
    tests_passed: int = 0
    failed_tests: list[str] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)


def run_tests(scenario: Scenario, files: dict[str, str], sandbox: Any) -> TestRun:
    """Write the files, then (after them) the hidden tests, build files and harness; compile and run."""
    v = scenario.verifier
    lang = v["language"]
    nonce = "pq" + secrets.token_hex(16)
    sandbox.put_files(dict(files))
    sandbox.put_files({**v["tests"], **(v.get("support") or {}), **_harness(lang, v)})
    steps: list[dict[str, Any]] = []
    total = 0.0
    for stage, command, timeout in _commands(lang, v):
        last = stage == "run"
        res = sandbox.exec(command, stdin=(nonce + "\n").encode() if last else None, timeout=timeout, env=ENV,
                           output_limit=OUTPUT_LIMIT)
        total += res.duration_s
        text = res.stdout.decode("utf-8", "replace") + res.stderr.decode("utf-8", "replace")
        shown = "\n".join(ln for ln in text.split("\n") if nonce not in ln).strip("\n")
        steps.append({"stage": stage, "status": res.status, "seconds": round(res.duration_s, 2)})
        if res.timed_out:
            what = "compiling" if stage == "compile" else "running the tests"
            return TestRun(False, stage, f"{what} timed out after {timeout:g} s", shown + f"\n({what} timed out after "
                           f"{timeout:g} s)", res.status, total, steps=steps)
        if res.truncated:
            return TestRun(False, stage, f"more than {OUTPUT_LIMIT // 1024} KB of output while {stage}ing",
                           shown[:20000] + "\n(output cut: too much output)", res.status, total, steps=steps)
        if not last:
            if res.exit_code != 0:
                return TestRun(False, stage, "does not compile: " + _first_error(shown), shown, res.status, total,
                               steps=steps)
            continue
        verdict = _judge(lang, v, text, nonce, res.exit_code)
        return TestRun(verdict[0], stage, verdict[1], shown, res.status, total, verdict[2], verdict[3], steps)
    raise AssertionError("no run step")  # pragma: no cover - every language ends with a run step


def _first_error(output: str) -> str:
    lines = [ln.strip() for ln in output.split("\n") if ln.strip()]
    for ln in lines:
        if re.search(r"\berror\b|cannot find|undefined|not declared|expected", ln, re.IGNORECASE):
            return ln[:200]
    return (lines[0][:200] if lines else "(no compiler output)")


def _judge(lang: str, v: dict[str, Any], text: str, nonce: str, exit_code: int | None
           ) -> tuple[bool, str, int, list[str]]:
    """(passed, summary, tests passed, failed tests) from the run's output and exit status."""
    lines = text.split("\n")
    marks = [i for i, ln in enumerate(lines) if nonce in ln]
    expected = list(v.get("test_names") or [])
    if len(marks) != 1:
        if marks:
            return False, f"the completion record appeared {len(marks)} times", 0, []
        crash = _crash_line(text)
        return False, "the tests did not finish (the program ended early or crashed)" + \
            (f": {crash}" if crash else "") + _status(exit_code), 0, []
    prefix = f"PQ-DONE {nonce} "
    try:
        record = json.loads(lines[marks[0]].strip()[len(prefix):]) if lines[marks[0]].startswith(prefix) else None
    except ValueError:
        record = None
    if not isinstance(record, dict):
        return False, "the completion record was garbled", 0, []
    if lang == "rust":
        m = re.search(r"test result: (\w+)\. (\d+) passed; (\d+) failed; (\d+) ignored", "\n".join(lines[marks[0]:]))
        failed = re.findall(r"^test exercise::(\w+) \.\.\. FAILED", text, re.M)
        if not m:
            return False, "the test binary printed no result after the tests" + _status(exit_code), 0, failed
        n_passed = int(m.group(2)) - 1  # minus the harness's own sentinel test
        if m.group(1) == "ok" and n_passed == len(expected) and m.group(3) == m.group(4) == "0" and exit_code == 0:
            return True, f"{n_passed}/{len(expected)} tests passed", n_passed, []
        return False, _failed_summary(lang, failed, len(expected), text), n_passed, failed
    if lang == "go":
        passed = set(re.findall(r"^--- PASS: (\w+)", text, re.M))
        failed = re.findall(r"^--- FAIL: (\w+)", text, re.M)
        failed = failed or [n for n in expected if n not in passed]
        if record.get("exit") == 0 and exit_code == 0 and not failed:
            return True, f"{len(expected)}/{len(expected)} tests passed", len(expected), []
        return False, _failed_summary(lang, failed, len(expected), text) + _status(exit_code), \
            len(expected) - len(failed), failed
    passed = record.get("passed") if isinstance(record.get("passed"), list) else []
    failed = [str(f) for f in record.get("failed")] if isinstance(record.get("failed"), list) else ["(unreadable)"]
    failed = failed or [n for n in expected if n not in passed]
    n_ok = len([n for n in expected if n in passed])
    if exit_code == 0 and not failed:
        return True, f"{n_ok}/{len(expected)} tests passed", n_ok, []
    return False, _failed_summary(lang, failed, len(expected), text), n_ok, failed


def _status(exit_code: int | None) -> str:
    return "" if exit_code in (0, 1, None) else f" (exit code {exit_code})"


CRASH = re.compile(r"^(panic: .*|fatal error: .*|Exception in thread .*|thread '.*' panicked at .*|terminate called .*"
                   r"|.*Segmentation fault.*|.*Killed.*|\w*Error: .*)$")


def _crash_line(text: str) -> str:
    for ln in text.split("\n"):
        if CRASH.match(ln.strip()):
            return ln.strip()[:200]
    return ""


def _failed_summary(lang: str, failed: list[str], total: int, text: str) -> str:
    if not failed:
        return "the tests did not all pass"
    reason = _reason(lang, failed[0], text)
    return f"{len(failed)} of {total} tests failed, first {failed[0]}" + (f": {reason[:200]}" if reason else "")


def _reason(lang: str, name: str, text: str) -> str:
    """The failure message of one test, read from the runner's output."""
    lines = text.split("\n")
    if lang in ("cpp", "java"):
        head = f"FAIL - {name}: "
        return next((ln[len(head):] for ln in lines if ln.startswith(head)), "")
    if lang == "javascript":
        at = next((i for i, ln in enumerate(lines) if ln == f"not ok - {name}"), None)
        return lines[at + 1].strip() if at is not None and at + 1 < len(lines) else ""
    if lang == "python":  # the exception line that ends the test's traceback
        at = next((i for i, ln in enumerate(lines) if re.match(rf"^(FAIL|ERROR): {re.escape(name)}\b", ln)), None)
        for ln in lines[at + 2:] if at is not None else []:
            if ln.strip() and not ln.startswith((" ", "Traceback", "---")):
                return ln.strip()
        return ""
    if lang == "go":
        at = next((i for i, ln in enumerate(lines) if ln.strip() == f"=== RUN   {name}"), None)
        for ln in lines[at + 1:] if at is not None else []:
            if re.match(r"^\s+\S+\.go:\d+: ", ln):
                return ln.strip()
            if ln.startswith("--- "):
                break
        return ""
    if lang == "rust":
        at = next((i for i, ln in enumerate(lines) if ln.strip() == f"---- exercise::{name} stdout ----"), None)
        if at is None:
            return ""
        found = []
        for ln in lines[at + 1:at + 6]:
            if found or "panicked at" in ln:
                found.append(ln.strip())
                if re.search(r"\.rs:\d+:\d+$", ln.strip()):
                    break
        return " ".join(found)
    return ""


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
        record: dict[str, Any] = {"try": attempt, "files": sorted(parsed.files), "recognised": parsed.methods,
                                  "refused": parsed.refused, "ignored": parsed.ignored,
                                  "unnamed_blocks": parsed.unnamed_blocks, "too_large": parsed.too_large}
        attempts.append(record)
        if parsed.refused:
            last_summary = f"the reply writes test/build files ({', '.join(parsed.refused[:3])}), which is not allowed"
            feedback = REFUSED.format(refused=_list(parsed.refused[:5]), file_list=_list(editable))
        elif not parsed.files:
            what = " (only files that are not part of the exercise: " + ", ".join(parsed.ignored[:3]) + ")" \
                if parsed.ignored else ""
            last_summary = "no file of the exercise in the reply" + what
            feedback = NO_FILES.format(file_list=_list(editable))
        else:
            state.update(parsed.files)
            if attempt > 1 and not sandbox.reset():
                record["sandbox_replaced"] = True
            try:
                result = run_tests(scenario, state, sandbox)
            except (SandboxError, ValueError) as exc:
                return SandboxOutcome(Verdict.fail(f"sandbox failure: {exc}"[:300], SANDBOX_UNAVAILABLE,
                                                   tries=attempt, attempts=attempts), exchanges, messages)
            record.update(stage=result.stage, status=result.status, seconds=round(result.seconds, 2),
                          steps=result.steps, tests_passed=result.tests_passed, failed_tests=result.failed_tests[:10],
                          summary=result.summary, output_head="\n".join(result.output.split("\n")[:20]))
            if result.passed:
                detail = f"tests pass on try {attempt} of {tries}: {result.summary}"
                return SandboxOutcome(Verdict.ok(detail, tries=attempt, attempts=attempts, language=v["language"]),
                                      exchanges, messages, {"tries": attempt})
            last_summary = result.summary
            head = result.output.split("\n")[:FEEDBACK_LINES] or ["(no output)"]
            feedback = RETRY.format(n=len(head), output="\n".join(head), file_list=_list(editable))
        if attempt < tries:
            messages.append({"role": "user", "content": feedback})
    detail = f"failed after {tries} {'try' if tries == 1 else 'tries'}: {last_summary}"
    return SandboxOutcome(Verdict.fail(detail, tries=tries, attempts=attempts, language=v["language"]),
                          exchanges, messages, {"tries": tries})
