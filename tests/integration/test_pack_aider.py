"""AiderPolyglot-30: reply parsing, the pack's shape and the judging of the supervisor's records (no
Docker), then the pack in real containers of the polyglot image: every reference passes (some only on the
retry turn), every negative and every unchanged stub fails, junk fails, forged success fails, and
`pytest --pack aider-polyglot-30` scores 30/30. Hostile forgeries and hidden-test leaks: test_forged_results.py."""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.client import Exchange
from pytest_quality.packs import MODES, load_pack
from pytest_quality.sandbox import cleanup, images
from pytest_quality.sandbox.kinds import aider
from tests.support.fake_openai import FakeServer, answer_reference, answer_text
from tests.support.runner import run_quality

ROOT = Path(__file__).resolve().parents[2]
PACK = load_pack(ROOT / "packs" / "aider-polyglot-30.jsonl")
BY_ID = {s.id: s for s in PACK.scenarios}
LANGS = ("cpp", "go", "java", "javascript", "python", "rust")
IMAGE = images.required_image("polyglot")
AVAILABLE, REASON = cleanup.docker_available(IMAGE)
SESSION = cleanup.new_session_id("aider")
TIMINGS: dict[str, list[float]] = defaultdict(list)  # language -> seconds of sandbox work per reference


def _files_reply(files: dict[str, str], note: str = "") -> dict[str, str]:
    body = "\n\n".join(f"{path}\n```\n{content.rstrip()}\n```" for path, content in files.items())
    return {"role": "assistant", "content": (note + "\n\n" if note else "") + body}


def _solution(scenario) -> dict[str, str]:
    """The reference's final files, parsed back from its last turn."""
    v = scenario.verifier
    last = scenario.reference["turns"][-1]["content"]
    return aider.parse_reply(last, list(v["files"]), [*v["tests"], *v["support"]], v["language"]).files


# -- the pack itself -----------------------------------------------------------------------------------


def test_pack_shape():
    assert (PACK.pack_id, PACK.title, PACK.marker, PACK.floor) == (
        "aider-polyglot-30",
        "AiderPolyglot-30",
        "aiderpolyglot",
        0.3,
    )
    meta = PACK.meta
    assert (meta["verifier"], meta["requires"], meta["default_thinking"], meta["default_max_seconds"]) == (
        "aider",
        ["docker"],
        "off",
        600,
    )
    assert meta["sampling_defaults"] == {"temperature": 0, "top_p": 1, "max_tokens": 4096}
    assert all(PACK.pack_id not in packs for packs in MODES.values()), "aider-polyglot-30 must be in no mode"
    ids = [s.id for s in PACK.scenarios]
    assert len(ids) == 30 == len(set(ids))
    for lang, short in zip(LANGS, ("cpp", "go", "java", "js", "py", "rust")):
        mine = [s for s in PACK.scenarios if s.verifier["language"] == lang]
        assert [s.id for s in mine] == [f"AP-{short}-{i:02d}" for i in range(1, 6)]
    retried = [s.id for s in PACK.scenarios if len(s.reference["turns"]) == 2]
    assert len(retried) >= 5 and {BY_ID[i].verifier["language"] for i in retried} == set(LANGS)
    for s in PACK.scenarios:
        v = s.verifier
        system, user = s.messages[0]["content"], s.messages[1]["content"]
        assert s.messages[0]["role"] == "system" and "path alone on one line" in system
        assert v["test_names"] and 1 <= len(s.negatives) <= 3
        for path, stub in v["files"].items():
            assert f"{path}\n```" in user and stub.strip() in user
        for path, source in v["tests"].items():  # test names are shown, their contents never
            assert f"`{path}`" in user and source.strip() not in user
        assert not set(v["files"]) & (set(v["tests"]) | set(v["support"]))
        # Tests and build files are protected by name patterns too, the files to edit are not.
        assert all(aider.PROTECTED_PATTERNS.search(p) for p in [*v["tests"], *v["support"]])
        assert not any(aider.PROTECTED_PATTERNS.search(p) for p in v["files"])


def test_generator_is_in_sync():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_packs.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_polyglot_image_recipe_extends_the_base():
    base, poly = images.RECIPES["sandbox"], images.RECIPES["polyglot"]
    assert images.required_image() == base.tag and base.tag.startswith("pytest-quality-sandbox:")
    assert poly.tag == IMAGE and IMAGE.startswith("pytest-quality-polyglot:") and poly.hash != base.hash
    assert set(base.packages) < set(poly.packages) and {"g++", "make", "default-jdk-headless"} <= set(poly.packages)
    assert aider.IMAGE == "polyglot"


# -- reply parsing (pure) ---------------------------------------------------------------------------------


def _parse(text, editable=("roman.py",), hidden=("roman_test.py",), lang="python"):
    return aider.parse_reply(text, list(editable), list(hidden), lang)


@pytest.mark.parametrize(
    "text, method",
    [
        ("roman.py\n```python\nx = 1\n```", "name_line"),
        ("**roman.py**\n\n```python\nx = 1\n```", "name_line"),
        ("### `roman.py`\n```python\nx = 1\n```", "name_line"),
        ("Here is `roman.py`:\n```python\nx = 1\n```", "name_line"),
        ("File: ./roman.py\n```py\nx = 1\n```", "name_line"),
        ("```python roman.py\nx = 1\n```", "fence_info"),
        ('```python title="roman.py"\nx = 1\n```', "fence_info"),
        ("~~~python\n# roman.py\nx = 1\n~~~", "comment_line"),
        ("Sure:\n```python\nx = 1\n```\nDone.", "single_block"),
        ("/workspace/roman.py\n````python\nx = 1\n````", "name_line"),
    ],
)
def test_accepted_reply_layouts(text, method):
    parsed = _parse(text)
    assert list(parsed.files) == ["roman.py"] and parsed.methods == [f"roman.py: {method}"], parsed
    assert parsed.files["roman.py"].endswith("x = 1\n")


def test_basename_mapping_refusals_and_ignored_files():
    parsed = _parse(
        "lib.rs\n```rust\npub fn f() {}\n```\nCargo.toml\n```toml\n[package]\n```\nnotes.md\n```\nhi\n```",
        ["src/lib.rs"],
        ["tests/x.rs", "Cargo.toml"],
        "rust",
    )
    assert list(parsed.files) == ["src/lib.rs"] and parsed.refused == ["Cargo.toml"] and parsed.ignored == ["notes.md"]
    for path in (
        "roman_test.py",
        "./roman_test.py",
        "tests/roman_test.py",
        "test_extra.py",
        ".pq/run_tests.py",
        "conftest.py",
        "go.mod",
    ):
        assert _parse(f"{path}\n```python\nx = 1\n```").refused, path
    # Two unnamed blocks are ambiguous; a block in another language is not the file.
    assert not _parse("```python\na = 1\n```\n```python\nb = 2\n```").files
    assert not _parse("```bash\nls\n```").files
    # The same file twice: the last one wins (models often show the old version first).
    assert (
        _parse("roman.py\n```python\nold = 1\n```\nroman.py\n```python\nnew = 2\n```").files["roman.py"] == "new = 2\n"
    )


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "(no answer)",
        "```",
        "roman.py\n```",
        "```" * 20000,
        "\ud800\x00" * 1000,
        "roman.py\n```python\n" + "x" * 300_000 + "\n```",
        None,
        42,
    ],
)
def test_junk_never_raises(junk):
    parsed = _parse(junk)
    assert parsed.files == {} and not parsed.refused
    assert parsed.too_large == (["roman.py"] if isinstance(junk, str) and len(junk) > 100_000 else [])


def test_no_answer_fails_without_touching_the_sandbox():
    for scenario in PACK.scenarios:
        for text in ("", "(no answer)", "I would use a loop."):
            outcome = aider.run(scenario, replay_model(text), sandbox=None)
            assert not outcome.verdict.passed and outcome.verdict.failure_mode == "verifier_fail", scenario.id
            assert len(outcome.exchanges) == 2 and "no file of the exercise" in outcome.verdict.detail


def test_refused_test_edit_never_reaches_the_sandbox():
    s = BY_ID["AP-py-02"]
    reply = _files_reply({**_solution(s), "queen_attack_test.py": "# nothing\n"})
    outcome = aider.run(s, replay_model(reply), sandbox=None)
    assert not outcome.verdict.passed and "test/build files (queen_attack_test.py)" in outcome.verdict.detail
    retry = outcome.transcript[3]["content"]
    assert retry.startswith("Your reply writes `queen_attack_test.py`") and "`queen_attack.py`" in retry


# -- judging the supervisor's records (pure) ------------------------------------------------------------------

PY = BY_ID["AP-py-04"]
PY_NAMES = PY.verifier["test_names"]


def _record(names, ok=True, **extra):
    return {
        "tests": [{"name": n, "ok": ok, "reason": "" if ok else "boom"} for n in names],
        "complete": True,
        "exit": 0,
        "timed_out": False,
        "garbled": 0,
        **extra,
    }


@pytest.mark.parametrize(
    "lang, result, passed, mention",
    [
        ("python", _record(PY_NAMES), True, "7/7 tests passed"),
        ("python", _record(PY_NAMES[:-1]), False, "the tests did not finish"),  # a test without a record
        ("python", _record(PY_NAMES, complete=False), False, "the tests did not finish"),
        ("python", _record(PY_NAMES, timed_out=True), False, "timed out after 30 s"),
        ("python", _record(PY_NAMES, problem="the tests could not load: ImportError"), False, "could not load"),
        (
            "python",
            {**_record(PY_NAMES), "tests": _record(PY_NAMES)["tests"] + [{"name": "extra", "ok": False}]},
            False,
            "1 of 7 tests failed, first extra",
        ),
        ("python", _record(PY_NAMES, harness_error="Traceback ...\nOSError: x"), False, "the test harness failed"),
        ("python", _record(PY_NAMES, garbled=1), False, "garbled"),
        ("cpp", _record(PY_NAMES, exit=3), False, "exited with code 3"),
        ("cpp", _record(PY_NAMES, exit=-9, complete=False, crash="terminate called"), False, "terminate called"),
        (
            "go",
            {**_record(PY_NAMES), "tests": [{**t, "unfinished": True} for t in _record(PY_NAMES, ok=False)["tests"]]},
            False,
            "the tests did not finish",
        ),
    ],
)
def test_judging_needs_a_passed_record_for_every_test(lang, result, passed, mention):
    ok, summary, n_ok, failed, shown = aider._judge(lang, PY.verifier, result, 30)
    assert ok is passed and mention in summary, summary
    assert "\n" not in summary and (passed or shown)
    if not passed:
        assert "tests passed." in shown.split("\n")[-1]


def test_supervisor_record_needs_this_runs_nonce():
    line = json.dumps(_record(PY_NAMES))
    assert aider._result(f"PQ-RESULT n1 {line}\n", "n1")[0]["complete"] is True
    assert aider._result(f"PQ-RESULT n0 {line}\n", "n1") == (None, "the test harness reported nothing")
    assert "appeared 2 times" in aider._result(f"PQ-RESULT n1 {line}\nPQ-RESULT n1 {line}\n", "n1")[1]
    assert "garbled" in aider._result("PQ-RESULT n1 {nope\n", "n1")[1]


@pytest.mark.parametrize(
    "lang, source, refused",
    [
        ("cpp", '#include "run_length_test.cpp"\n', True),
        ("cpp", "#include </workspace/run_length_test.cpp>\n", True),
        ("cpp", '#inc\\\nlude "../x.cpp"\n', True),  # line splicing
        ("cpp", '#define F "x_test.cpp"\n#include F\n', True),  # computed include
        ("cpp", '%:include "pq_test.hpp"\n', True),  # digraph
        ("cpp", 'asm(".incbin \\"run_length_test.cpp\\"");\n', True),
        ("cpp", '#pragma once\n#include <bits/stdc++.h>\n#include "run_length.h"\n', False),
        ("rust", 'const T: &str = include_str!("../tests/x.rs");\n', True),
        ("rust", '#[path = "/workspace/tests/x.rs"]\nmod t;\n', True),
        ("rust", "pub fn include_all() -> bool { true }\n", False),
        ("go", 'import _ "embed"\n//go:embed isbn_test.go\nvar s string\n', True),
        ("go", 'package isbn\n\nimport "fmt"\n\nvar s = fmt.Sprint("embed")\n', False),
        ("java", 'class A { String s = "include_str!"; }\n', False),
    ],
)
def test_compile_time_reads_of_hidden_files_are_refused(lang, source, refused):
    v = BY_ID["AP-cpp-01"].verifier
    found = aider._reads_hidden_files(lang, {"x": source}, v)
    assert bool(found) is refused, found


def test_compiler_diagnostics_keep_messages_not_source_lines():
    gcc = (
        "run_length_test.cpp: In function 'void encode_empty()':\n"
        "run_length_test.cpp:7:43: error: invalid conversion from 'const char*' to 'int'\n"
        '    7 | TEST_CASE(encode_empty) { CHECK_EQ(encode(""), std::string("")); }\n'
        "      |                                           ^~\n"
    )
    assert aider._diagnostics("cpp", gcc).split("\n") == [
        "run_length_test.cpp: In function 'void encode_empty()':",
        "run_length_test.cpp:7:43: error: invalid conversion from 'const char*' to 'int'",
    ]
    rustc = (
        "error[E0308]: mismatched types\n  --> tests/binary_search.rs:37:9\n   |\n"
        "37 |         assert_eq!(find(&items, v), Some(i));\n   |         ^^^ expected\n"
        "   = note: expected type\n"
    )
    assert "assert_eq!" not in aider._diagnostics("rust", rustc) and "E0308" in aider._diagnostics("rust", rustc)
    javac = (
        'LuhnTest.java:7: error: incompatible types\n        assertFalse(Luhn.isValid("1"));\n'
        "                                 ^\n  symbol: method isValid\n1 error\n"
    )
    assert aider._diagnostics("java", javac).split("\n") == [
        "LuhnTest.java:7: error: incompatible types",
        "  symbol: method isValid",
        "1 error",
    ]
    assert aider._diagnostics("go", "") == "(the compiler printed no diagnostics)"


def test_hidden_lines_are_masked_whatever_the_route():
    v = PY.verifier
    line = next(ln.strip() for ln in v["tests"]["say_test.py"].split("\n") if len(ln.strip()) > 30)
    assert line not in aider._scrub(f"FAIL x: {line} and more", v) and "[hidden test line]" in aider._scrub(line, v)


def test_failed_request_keeps_its_failure_mode():
    def model(messages, tools=None):
        return Exchange(request={"messages": messages}, failure_mode="timeout", detail="no reply within 600 s")

    outcome = aider.run(BY_ID["AP-go-01"], model, sandbox=None)
    assert (outcome.verdict.passed, outcome.verdict.failure_mode) == (False, "timeout") and aider.MULTI_TURN


# -- real containers ------------------------------------------------------------------------------------

docker = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]


def _run(pool, scenario, entry):
    with pool.acquire() as sandbox:
        return aider.run(scenario, replay_model(entry), sandbox)


@pytest.mark.docker
@pytest.mark.parametrize("sid", list(BY_ID), ids=list(BY_ID))
def test_reference_passes_and_negatives_fail(pool, sid):
    scenario = BY_ID[sid]
    outcome = _run(pool, scenario, scenario.reference)
    verdict = outcome.verdict
    assert verdict.passed, f"{sid} reference: {verdict.detail}"
    turns = len(scenario.reference["turns"])
    assert verdict.trace["tries"] == turns and outcome.trace == {"tries": turns}
    TIMINGS[scenario.verifier["language"]].append(sum(a.get("seconds", 0) for a in verdict.trace["attempts"]))
    for index, negative in enumerate(scenario.negatives):
        verdict = _run(pool, scenario, negative).verdict
        assert not verdict.passed, f"{sid} negative {index} passed"
        assert verdict.failure_mode == "verifier_fail" and verdict.detail and "\n" not in verdict.detail
    # The stubs as given fail their tests (one run is enough: they cannot change between tries).
    with pool.acquire() as sandbox:
        run = aider.run_tests(scenario, scenario.verifier["files"], sandbox)
    assert not run.passed and run.stage == "run", (sid, run.summary)


@pytest.mark.docker
def test_retry_turn_shows_the_failures_but_never_the_nonce(pool):
    seen = []
    for sid in ("AP-java-05", "AP-js-03", "AP-rust-05"):
        s = BY_ID[sid]
        replay = replay_model(s.reference)

        def model(messages, tools=None, replay=replay):
            seen.append(list(messages))
            return replay(messages, tools)

        with pool.acquire() as sandbox:
            assert aider.run(s, model, sandbox).verdict.passed
        retry = seen[-1][-1]["content"]
        assert seen[-1][-1]["role"] == "user" and retry.startswith("The tests did not pass.")
        shown = retry.split("```\n", 1)[1].rsplit("\n```", 1)[0]
        assert 0 < len(shown.split("\n")) <= aider.FEEDBACK_LINES and "PQ-" not in retry
        assert re.search(r"FAIL|not ok|FAILED", shown), shown
        assert len(seen[-1]) == len(s.messages) + 2  # the first reply, then the feedback


def _forge(pool, sid, files, mention):
    scenario = BY_ID[sid]
    verdict = _run(pool, scenario, _files_reply(files)).verdict
    assert not verdict.passed, f"forged reply passed {sid}"
    assert mention in verdict.detail, verdict.detail
    return verdict


@pytest.mark.docker
def test_forged_success_fails(pool):
    unfinished = "the tests did not finish"
    # Python: print a unittest success banner and a made-up completion record, then leave at import.
    _forge(
        pool,
        "AP-py-04",
        {
            "say.py": 'import os\nprint("Ran 7 tests\\n\\nOK")\nprint("PQ-DONE pq0 '
            '{\\"passed\\": [], \\"failed\\": []}")\nos._exit(0)\n'
        },
        unfinished,
    )
    # JavaScript: fake TAP output, then exit 0 before any test ran.
    _forge(
        pool,
        "AP-js-01",
        {"anagram.js": "console.log('ok 1 - no matches\\n# pass 6\\n# fail 0');\nprocess.exit(0);\n"},
        unfinished,
    )
    # Go: an init() that prints PASS and ends the test binary with status 0.
    _forge(
        pool,
        "AP-go-01",
        {
            "isbn.go": 'package isbn\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc init() {\n'
            '\tfmt.Println("--- PASS: TestValidNumbers\\nPASS\\nok isbn")\n\tos.Exit(0)\n}\n\n'
            "func IsValidISBN(isbn string) bool { return false }\n"
        },
        unfinished,
    )
    # Rust: print libtest's success line and exit(0) from inside the first test.
    _forge(
        pool,
        "AP-rust-03",
        {
            "src/lib.rs": "pub fn find<T: Ord>(_items: &[T], _key: &T) -> Option<usize> {\n"
            '    println!("test result: ok. 7 passed; 0 failed; 0 ignored");\n'
            "    std::process::exit(0)\n}\n"
        },
        unfinished,
    )
    # C++: a static initializer that prints success and exits before main.
    cpp = _solution(BY_ID["AP-cpp-01"])["run_length.cpp"] + (
        '\n#include <cstdlib>\n#include <iostream>\nstatic int forged = [] { std::cout << "ok - all\\n"; '
        "std::exit(0); return 0; }();\n"
    )
    _forge(pool, "AP-cpp-01", {"run_length.cpp": cpp}, unfinished)
    # Java: System.exit(0) from the class's static initializer, after a fake summary: the runner's
    # SecurityManager refuses the exit, so the class fails to initialise and every test fails.
    java = _solution(BY_ID["AP-java-01"])["Luhn.java"].replace(
        "private Luhn() {}",
        'private Luhn() {}\n\n    static {\n        System.out.println("ok - everything");\n'
        "        System.exit(0);\n    }",
    )
    _forge(pool, "AP-java-01", {"Luhn.java": java}, "6 of 6 tests failed")


@pytest.mark.docker
def test_endless_loop_times_out(pool):
    s = BY_ID["AP-py-02"]
    s = dataclasses.replace(s, verifier={**s.verifier, "run_timeout_s": 3, "retries": 0})
    verdict = _run(pool, s, _files_reply({"queen_attack.py": "while True:\n    pass\n"})).verdict
    assert not verdict.passed and "timed out after 3 s" in verdict.detail and verdict.trace["tries"] == 1


@pytest.mark.docker
def test_compile_error_is_reported_and_retried(pool):
    s = BY_ID["AP-rust-01"]
    entry = {"turns": [_files_reply({"src/lib.rs": "pub fn largest_product(\n"}), s.reference["turns"][-1]]}
    verdict = _run(pool, s, entry).verdict
    assert verdict.passed and verdict.trace["tries"] == 2
    first = verdict.trace["attempts"][0]
    assert first["stage"] == "compile" and first["summary"].startswith("does not compile:")


@pytest.mark.docker
def test_timings_report():
    """Median seconds of sandbox work (compile + tests, all tries) per reference, per language."""
    if not TIMINGS:
        pytest.skip("reference tests did not run")
    medians = {lang: round(statistics.median(v), 1) for lang, v in sorted(TIMINGS.items())}
    print("\naider sandbox seconds per exercise, median by language:", json.dumps(medians))
    assert all(m < 45 for m in medians.values()), medians


# -- end to end -----------------------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_pytest_pack_run_scores_all_references(workdir):
    with FakeServer(answer_reference, pack_ids=["aider-polyglot-30"]) as server:
        run = run_quality(workdir, "--pack", "aider-polyglot-30", f"--endpoint={server.url}", timeout=1800)
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.data["totals"] == {"passed": 30, "total": 30, "errors": 0, "score": 1.0}
    assert "AiderPolyglot-30 30/30 (100%)" in run.stdout
    records = {s["id"]: s for p in run.data["packs"] for s in p["scenarios"]}
    assert records["AP-go-05"]["verifier_trace"]["tries"] == 2 and records["AP-go-01"]["verifier_trace"]["tries"] == 1


@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_pytest_pack_run_with_junk_scores_zero(workdir):
    with FakeServer(answer_text("(no answer)"), pack_ids=["aider-polyglot-30"]) as server:
        run = run_quality(
            workdir, "--pack", "aider-polyglot-30", f"--endpoint={server.url}", "-k", "AP-py-01 or AP-rust-05"
        )
    totals = run.data["totals"]
    assert (totals["passed"], totals["total"], totals["errors"]) == (0, 2, 0), run.stdout[-2000:]
    tries = [r for r in server.requests if r["messages"][0]["role"] == "system"]  # not the speed probe
    assert len(tries) == 4 and all("I found no files" in r["messages"][-1]["content"] for r in tries[1::2])
