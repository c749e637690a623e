"""Forged completion records and hidden-test leaks, through the real kind code
and real containers.

Each forgery is a hostile reply that tries to be graded as a pass without solving the exercise: writing the
completion record itself with the nonce taken from stdin or from the harness's memory, printing the test
framework's success lines, exiting early with status 0, or patching the assertion library from inside the
tests' process. Before the fix each of these passed; now each must be graded as a plain failure. The leak
tests reply with code that prints (or raises with) the hidden test source, or breaks the build so the
compiler quotes the tests, and check that the retry turn shows none of it."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.packs import Scenario, load_pack
from pytest_quality.sandbox import cleanup, images
from pytest_quality.sandbox.kinds import aider, code_exec
from pytest_quality.verdict import VERIFIER_FAIL
from tests.integration.test_pack_aider import ROOT

PACK = load_pack(ROOT / "packs" / "aider-polyglot-30.jsonl")
BY_ID = {s.id: s for s in PACK.scenarios}
POLYGLOT = images.required_image("polyglot")
AVAILABLE, REASON = cleanup.docker_available(POLYGLOT)
SESSION = cleanup.new_session_id("forged")

pytestmark = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]


@pytest.fixture(scope="module")
def polyglot():
    from pytest_quality.sandbox.pool import SandboxPool

    p = SandboxPool(size=1, image=POLYGLOT, session=SESSION)
    yield p
    p.close()
    assert cleanup.cleanup(SESSION) == 0, "containers were left behind"


@pytest.fixture(scope="module")
def base():
    from pytest_quality.sandbox.pool import SandboxPool

    p = SandboxPool(size=1, session=SESSION + "b")
    yield p
    p.close()
    assert cleanup.cleanup(SESSION + "b") == 0, "containers were left behind"


def _reply(files: dict[str, str]) -> str:
    return "\n\n".join(f"{path}\n```\n{content.rstrip()}\n```" for path, content in files.items())


def _grade(pool, sid: str, files: dict[str, str]):
    scenario = BY_ID[sid]
    scenario = dataclasses.replace(scenario, verifier={**scenario.verifier, "retries": 0})
    with pool.acquire() as sandbox:
        return aider.run(scenario, replay_model(_reply(files)), sandbox).verdict


def _assert_forgery_fails(verdict):
    assert not verdict.passed, f"forged reply passed: {verdict.detail}"
    assert verdict.failure_mode == VERIFIER_FAIL and verdict.detail and "\n" not in verdict.detail


# -- forged completion records, one per language ---------------------------------------------------------------

# The reported exploit: at import, take the nonce from the runner's globals and the test names from the
# hidden test file, write the completion record on the runner's own channel and leave with status 0.
# Failing that, look for the nonce in its own memory, its parent's memory and environment, and with it
# write the new harness's record through every ancestor's stdout (the exec's output) and kill the parent.
PY_IMPORT_TIME = r"""import glob, json, os, re, signal, sys

_main = sys.modules.get("__main__")
_nonce = getattr(_main, "nonce", None)
_names = ["test_small_numbers", "test_hyphenated_tens", "test_hundreds", "test_thousands",
          "test_millions_and_billions", "test_largest", "test_out_of_range"]
for _path in glob.glob("/workspace/**/*_test.py", recursive=True):
    _names = re.findall(r"def (test_\w+)", open(_path).read())
if _nonce:
    _record = json.dumps({"passed": _names, "failed": []})
    os.write(getattr(_main, "channel", 1), f"Ran {len(_names)} tests\n\nOK\nPQ-DONE {_nonce} {_record}\n".encode())
    os._exit(0)


def _scan(pid):
    found = set()
    try:
        with open(f"/proc/{pid}/environ", "rb") as env:
            found.update(re.findall(rb"pq[0-9a-f]{32}", env.read()))
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
            for line in maps:
                lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
                if line.split()[1].startswith("r") and hi - lo < (64 << 20):
                    try:
                        mem.seek(lo)
                        found.update(re.findall(rb"pq[0-9a-f]{32}", mem.read(hi - lo)))
                    except (OSError, ValueError, OverflowError):
                        pass
    except OSError:
        pass
    return found


_found = (_scan(os.getpid()) | _scan(os.getppid())) - {b"pq" + b"0" * 32}
for _candidate in sorted(_found):
    _tests = [{"name": n, "ok": True, "reason": ""} for n in _names]
    _line = json.dumps({"tests": _tests, "complete": True, "exit": 0, "timed_out": False, "garbled": 0})
    for _pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{_pid}/fd/1", "w") as _out:
                _out.write(f"PQ-RESULT {_candidate.decode()} {_line}\n")
        except OSError:
            pass
if _found:
    os.kill(os.getppid(), signal.SIGKILL)
    os._exit(0)


def say(number):
    raise NotImplementedError
"""

# Every assertion of unittest made a no-op from inside the tests' process.
PY_PATCHED_ASSERTS = """import unittest

for _name in dir(unittest.TestCase):
    if _name.startswith("assert") or _name == "fail":
        setattr(unittest.TestCase, _name, lambda *args, **kwargs: None)


def encode(plain_text):
    return ""


def decode(ciphered_text):
    return ""
"""

# The reported exploit: init() reads the nonce from stdin (it runs before TestMain), prints `--- PASS:` for
# every test of the hidden file and the completion record, and exits 0.
GO_INIT = """package isbn

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

func init() {
	nonce, _ := bufio.NewReader(os.Stdin).ReadString('\\n')
	src, _ := os.ReadFile("isbn_test.go")
	for _, m := range regexp.MustCompile(`func (Test\\w+)\\(`).FindAllStringSubmatch(string(src), -1) {
		fmt.Printf("=== RUN   %s\\n--- PASS: %s (0.00s)\\n", m[1], m[1])
	}
	fmt.Printf("PASS\\nPQ-DONE %s {\\"exit\\": 0}\\n", strings.TrimSpace(nonce))
	os.Exit(0)
}

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool { return false }
"""

# From inside the first test: the nonce from stdin, libtest's success line written past its output capture
# straight to fd 1, then exit(0) before any assertion runs.
RUST_RESULT_LINE = r"""use std::io::{BufRead, Write};
use std::os::unix::io::FromRawFd;

pub fn find<T: Ord>(_items: &[T], _key: &T) -> Option<usize> {
    let mut nonce = String::new();
    let _ = std::io::stdin().lock().read_line(&mut nonce);
    let tests = std::fs::read_to_string("tests/binary_search.rs").map(|s| s.matches("#[test]").count()).unwrap_or(6);
    let mut out = unsafe { std::fs::File::from_raw_fd(1) };
    let _ = write!(out, "\ntest exercise::all ... ok\nPQ-DONE {} {{}}\ntest result: ok. {} passed; 0 failed; 0 ignored; \
                        0 measured; 0 filtered out\n", nonce.trim(), tests + 1);
    let _ = out.flush();
    std::process::exit(0)
}
"""

# A static initializer (runs before main): the nonce from stdin, the names from the hidden test file, the
# harness's completion record and success lines on fd 1, then _exit(0).
CPP_STATIC_INIT = r"""#include "run_length.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {
int forge() {
    std::string nonce;
    std::getline(std::cin, nonce);
    std::ifstream file("run_length_test.cpp");
    std::stringstream source;
    source << file.rdbuf();
    std::string text = source.str(), names, lines;
    for (size_t at = text.find("TEST_CASE("); at != std::string::npos; at = text.find("TEST_CASE(", at + 1)) {
        size_t end = text.find(')', at);
        std::string name = text.substr(at + 10, end - at - 10);
        names += (names.empty() ? "\"" : ", \"") + name + "\"";
        lines += "ok - " + name + "\n";
    }
    std::string out = lines + "PQ-DONE " + nonce + " {\"passed\": [" + names + "], \"failed\": []}\n";
    if (!nonce.empty()) {
        (void)!write(1, out.data(), out.size());
        _exit(0);
    }
    return 0;
}
int forged = forge();
}  // namespace

namespace run_length {
std::string encode(const std::string&) { return ""; }
std::string decode(const std::string&) { return ""; }
}  // namespace run_length
"""

# Two routes: write the runner's own per-test records to its results fd and halt (the new harness's format),
# or, as the old runner read the nonce before any class of the reply loaded, read it out of the JVM's own
# memory (/proc/self/mem), name every @Test method by reflection, print the record and halt with status 0.
JAVA_MEMORY_SCAN = r"""import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Luhn {
    private Luhn() {}

    static {
        try {  // the route that knows this harness: write the runner's own records to its fd 3
            StringBuilder records = new StringBuilder();
            for (Method m : Class.forName("LuhnTest").getDeclaredMethods()) {
                records.append("{\"test\": \"").append(m.getName()).append("\", \"ok\": true, \"reason\": \"\"}\n");
            }
            java.io.FileOutputStream fd3 = new java.io.FileOutputStream("/dev/fd/3");
            fd3.write((records + "{\"end\": true}\n").getBytes(StandardCharsets.UTF_8));
            fd3.flush();
            Runtime.getRuntime().halt(0);
        } catch (Throwable t) {
            System.out.println("fd 3 refused: " + t);
        }
        try {
            String nonce = null;
            Pattern pattern = Pattern.compile("pq[0-9a-f]{32}");
            try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
                for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                    String[] parts = line.split("\\s+");
                    if (nonce != null || !parts[1].startsWith("rw")) continue;
                    String[] range = parts[0].split("-");
                    long start = Long.parseUnsignedLong(range[0], 16), end = Long.parseUnsignedLong(range[1], 16);
                    for (long at = start; at < end && nonce == null && end - start < (256L << 20); at += 1 << 20) {
                        byte[] chunk = new byte[(int) Math.min(1 << 20, end - at)];
                        try {
                            mem.seek(at);
                            mem.readFully(chunk);
                        } catch (Exception e) {
                            break;
                        }
                        Matcher m = pattern.matcher(new String(chunk, StandardCharsets.ISO_8859_1));
                        if (m.find()) nonce = m.group();
                    }
                }
            }
            StringBuilder names = new StringBuilder();
            for (Method m : Class.forName("LuhnTest").getDeclaredMethods()) {
                if (m.getAnnotations().length > 0) names.append(names.length() > 0 ? ", " : "").append('"').append(m.getName()).append('"');
            }
            if (nonce != null) {
                System.out.println("PQ-DONE " + nonce + " {\"passed\": [" + names + "], \"failed\": []}");
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        } catch (Throwable t) {
            System.out.println("forgery failed: " + t);
        }
    }

    public static boolean isValid(String number) {
        return false;
    }
}
"""

# node:assert patched from inside the tests' process: every assertion passes.
JS_PATCHED_ASSERT = """for (const id of ['node:assert', 'node:assert/strict', 'assert', 'assert/strict']) {
  const assert = require(id);
  for (const name of Object.keys(assert)) {
    try { assert[name] = () => {}; } catch (e) { /* read-only */ }
  }
}

function findAnagrams(word, candidates) {
  return [];
}

module.exports = { findAnagrams };
"""


@pytest.mark.parametrize(
    "sid, path, source",
    [
        ("AP-py-04", "say.py", PY_IMPORT_TIME),
        ("AP-py-01", "atbash_cipher.py", PY_PATCHED_ASSERTS),
        ("AP-go-01", "isbn.go", GO_INIT),
        ("AP-rust-03", "src/lib.rs", RUST_RESULT_LINE),
        ("AP-cpp-01", "run_length.cpp", CPP_STATIC_INIT),
        ("AP-java-01", "Luhn.java", JAVA_MEMORY_SCAN),
        ("AP-js-01", "anagram.js", JS_PATCHED_ASSERT),
    ],
    ids=[
        "python-import-time-record",
        "python-patched-asserts",
        "go-init-pass-lines",
        "rust-result-line",
        "cpp-static-initializer",
        "java-memory-scan",
        "javascript-patched-assert",
    ],
)
def test_forged_completion_record_fails(polyglot, sid, path, source):
    verdict = _grade(polyglot, sid, {path: source})
    _assert_forgery_fails(verdict)
    assert verdict.trace["attempts"][0]["stage"] == "run", verdict.trace["attempts"][0]


# Documented residual (aider.py's docstring): native code shares its process with the test harness, so a
# reply written against this harness's own record format can still forge. Kept as a strict xfail so the
# day it stops passing, the documentation is revisited.
CPP_KNOWS_THE_HARNESS = r"""#include "run_length.h"

#include <cstdio>
#include <unistd.h>

namespace {
int forged = [] {
    const char* names[] = {"encode_empty", "encode_without_runs", "encode_simple_runs", "encode_multi_digit_counts",
                           "encode_spaces_and_case", "decode_empty", "decode_simple", "decode_multi_digit_counts",
                           "round_trip"};
    for (const char* name : names) dprintf(3, "{\"test\": \"%s\", \"ok\": true, \"reason\": \"\"}\n", name);
    dprintf(3, "{\"end\": true}\n");
    _exit(0);
    return 0;
}();
}  // namespace

namespace run_length {
std::string encode(const std::string&) { return ""; }
std::string decode(const std::string&) { return ""; }
}  // namespace run_length
"""


@pytest.mark.xfail(strict=True, reason="residual by design: native code can write the in-process harness's records")
def test_native_reply_written_against_the_harness_record_format(polyglot):
    _assert_forgery_fails(_grade(polyglot, "AP-cpp-01", {"run_length.cpp": CPP_KNOWS_THE_HARNESS}))


# -- code_exec: a stolen nonce must not buy a pass ------------------------------------------------------------

FAST = "def f(n):\n    return n * (n - 1) // 2\n"

# Correct but far too slow. At import it walks the harness's frames for the nonce, the inputs and the
# emitter, computes every answer (slowly, inside the generous import limit) and reports each as taking 1 ms.
SLOW_FORGED_TIMING = """import os, sys


def _slow(n):
    s = 0
    for i in range(n):
        s += i
    return s


def _forge():
    frame, found = sys._getframe(), {}
    while frame is not None:
        for name in ("nonce", "ins", "emit"):
            if name not in found and name in frame.f_locals:
                found[name] = frame.f_locals[name]
        frame = frame.f_back
    if {"ins", "emit"} <= set(found):
        for i, args in enumerate(found["ins"]):
            found["emit"]({"i": i, "status": "ok", "out": _slow(*args), "t": 0.001, "wall": 0.001})
        found["emit"]({"done": True})
        os._exit(0)


_forge()


def f(n):
    return _slow(n)
"""


def test_code_exec_stolen_nonce_cannot_forge_results(base):
    tests = [{"args": [10], "public": True}, {"args": [12_000_000]}, {"args": [15_000_000]}]
    sc = Scenario(
        pack_id="t",
        id="T-forged-timing",
        node_name="T",
        line=1,
        messages=[{"role": "user", "content": "x"}],
        verifier={
            "type": "code_exec",
            "style": "function",
            "entry_point": "f",
            "tests": tests,
            "time": {"k": 1, "floor_s": 0.3},
        },
        raw={},
        reference={"role": "assistant", "content": f"```python\n{FAST}```"},
    )
    with base.acquire() as sandbox:
        assert code_exec.run(sc, replay_model(f"```python\n{FAST}```"), sandbox).verdict.passed
        verdict = code_exec.run(sc, replay_model(f"```python\n{SLOW_FORGED_TIMING}```"), sandbox).verdict
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL, verdict.detail
    assert "CPU time limit" in verdict.detail, verdict.detail


# -- the retry turn never shows the hidden tests -------------------------------------------------------------

LEAKS = {
    # prints every hidden test file, and raises with one
    "AP-py-04": (
        "say.py",
        """import glob
_sources = [open(p).read() for p in glob.glob("/workspace/**/*_test.py", recursive=True)]
print("\\n".join(_sources))


def say(number):
    raise ValueError("".join(_sources)[:3000])
""",
    ),
    "AP-js-01": (
        "anagram.js",
        """const fs = require('fs');
const sources = fs.readdirSync('/workspace').filter((f) => f.endsWith('.test.js'))
  .map((f) => fs.readFileSync('/workspace/' + f, 'utf8')).join('\\n');
console.log(sources);
function findAnagrams() { throw new Error(sources.slice(0, 3000)); }
module.exports = { findAnagrams };
""",
    ),
    "AP-go-01": (
        "isbn.go",
        """package isbn

import (
	"fmt"
	"os"
)

var source, _ = os.ReadFile("isbn_test.go")

func init() { fmt.Println(string(source)) }

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool { panic(string(source)) }
""",
    ),
    "AP-rust-03": (
        "src/lib.rs",
        """pub fn find<T: Ord>(_items: &[T], _key: &T) -> Option<usize> {
    let source = std::fs::read_to_string("tests/binary_search.rs").unwrap_or_default();
    println!("{}", source);
    panic!("{}", source)
}
""",
    ),
    "AP-cpp-01": (
        "run_length.cpp",
        """#include "run_length.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace run_length {
static std::string source() {
    std::ifstream file("run_length_test.cpp");
    std::stringstream text;
    text << file.rdbuf();
    std::cout << text.str() << std::endl;
    return text.str();
}
std::string encode(const std::string&) { throw std::runtime_error(source()); }
std::string decode(const std::string&) { throw std::runtime_error(source()); }
}  // namespace run_length
""",
    ),
    "AP-java-01": (
        "Luhn.java",
        """import java.nio.file.Files;
import java.nio.file.Path;

public final class Luhn {
    private Luhn() {}

    public static boolean isValid(String number) {
        String source;
        try {
            source = Files.readString(Path.of("LuhnTest.java"));
        } catch (Exception e) {
            source = String.valueOf(e);
        }
        System.out.println(source);
        throw new IllegalStateException(source);
    }
}
""",
    ),
}

# Replies that do not compile against the tests, so the compiler quotes the test files.
COMPILE_LEAKS = {
    "AP-cpp-01": (
        "run_length.h",
        "#pragma once\n#include <string>\n\nnamespace run_length {\n"
        "int encode(int text);\nint decode(int data);\n}  // namespace run_length\n",
    ),
    "AP-rust-03": ("src/lib.rs", "pub fn find(_items: u8) -> u8 { 0 }\n"),
    "AP-java-01": (
        "Luhn.java",
        "public final class Luhn {\n    public static int isValid(int number) { return 0; }\n}\n",
    ),
    "AP-go-01": ("isbn.go", "package isbn\n\nfunc IsValidISBN(isbn int) int { return 0 }\n"),
}


def _retry_message(pool, sid, files):
    scenario = BY_ID[sid]
    seen = []
    replay = replay_model({"turns": [_reply(files), "(no answer)"]})

    def model(messages, tools=None):
        seen.append(list(messages))
        return replay(messages, tools)

    with pool.acquire() as sandbox:
        verdict = aider.run(scenario, model, sandbox).verdict
    assert not verdict.passed and len(seen) == 2
    retry = seen[1][-1]
    assert retry["role"] == "user" and retry["content"].startswith("The tests did not pass")
    return retry["content"], verdict


def _assert_no_test_source(sid, text):
    for source in BY_ID[sid].verifier["tests"].values():
        for line in source.split("\n"):
            line = line.strip()
            if len(line) >= 24:
                assert line not in text, f"{sid}: the retry turn shows the hidden test line {line!r}"


@pytest.mark.parametrize("sid", list(LEAKS))
def test_retry_turn_does_not_show_the_hidden_tests(polyglot, sid):
    path, source = LEAKS[sid]
    text, verdict = _retry_message(polyglot, sid, {path: source})
    _assert_no_test_source(sid, text)
    _assert_no_test_source(sid, json.dumps(verdict.trace.get("attempts", [{}])[0].get("summary", "")))
    assert re.search(r"FAIL", text), text


@pytest.mark.parametrize("sid", list(COMPILE_LEAKS))
def test_compile_errors_do_not_quote_the_hidden_tests(polyglot, sid):
    path, source = COMPILE_LEAKS[sid]
    text, verdict = _retry_message(polyglot, sid, {path: source})
    _assert_no_test_source(sid, text)
    assert verdict.trace["attempts"][0]["stage"] == "compile"
    assert re.search(r"error|cannot use", text, re.I), text
