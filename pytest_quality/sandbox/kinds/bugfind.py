"""bugfind: the model gets a buggy file and its symptom, and replies with the fixed file or "no bug".

Grading runs the scenario's hidden test harness in the sandbox with the candidate file beside it.
The harness imports the candidate as a module (Python import, Node require, a Go test file in the
same package, a Rust `mod` in a harness main.rs), calls it on hidden inputs and prints what it
observed on one line tagged with a per-run random nonce. The expected observations live only in the
pack (`verifier.expected`), never in the container, so nothing the candidate prints, overrides or
exits with can produce a pass: the observed values have to be right.

Verifier parameters: {"type": "bugfind", "language": python|javascript|go|rust, "filename",
"hidden_tests": harness source, "expected": {case: observation}, "trap": bool,
"build_timeout_s"?: 90, "run_timeout_s"?: 15}.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from dataclasses import dataclass
from typing import Any

from pytest_quality import verdict as fm
from pytest_quality.clip import clip
from pytest_quality.reply import Reply
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.verdict import Verdict

MULTI_TURN = False

MAX_REPLY_CHARS = 400_000  # a whole source file is far smaller; bigger replies are not parsed
MAX_CANDIDATE_BYTES = 200_000
RUN_OUTPUT_LIMIT = 256 * 1024
TOOL_ENV = {
    "HOME": "/tmp",
    "GOCACHE": "/tmp/go-cache",
    "GOPATH": "/tmp/go",
    "GOFLAGS": "-mod=mod",
    "CARGO_HOME": "/tmp/cargo",
    "GOTOOLCHAIN": "local",
    "PYTHONDONTWRITEBYTECODE": "1",
}


@dataclass(frozen=True)
class Lang:
    aliases: tuple[str, ...]
    harness: str  # the harness file name in /workspace
    build: list[str] | None  # compile command (Go, Rust), or None
    run: list[str]


LANGS = {
    "python": Lang(("python", "py", "python3"), "pq_harness.py", None, ["python3", "-B", "-s", "pq_harness.py"]),
    "javascript": Lang(
        ("javascript", "js", "node", "nodejs", "mjs", "cjs"), "pq_harness.js", None, ["node", "pq_harness.js"]
    ),
    # vet off: a vet complaint is not a wrong fix; the test binary runs only our hidden test.
    "go": Lang(
        ("go", "golang"),
        "pq_hidden_test.go",
        ["go", "test", "-c", "-vet=off", "-o", "pq_hidden", "."],
        ["./pq_hidden", "-test.run", "^TestPQHidden$", "-test.count=1"],
    ),
    # Debug build on purpose: integer overflow panics, as in `cargo test`.
    "rust": Lang(
        ("rust", "rs"), "pq_main.rs", ["rustc", "--edition", "2021", "-o", "pq_hidden", "pq_main.rs"], ["./pq_hidden"]
    ),
}
ALIASES = {alias: name for name, lang in LANGS.items() for alias in lang.aliases}
FIX_WORDS = {"fix", "fixed", "bug", "patch"}
NO_BUG_WORDS = {"no_bug", "nobug", "none", "no_bugs", "not_a_bug", "correct"}


# --- reply parsing -------------------------------------------------------------------------------


@dataclass
class Answer:
    verdict: str | None  # "fix" | "no_bug" | None (unreadable)
    code: str = ""
    explanation: str = ""
    method: str = ""  # solution_tag, solution_tag+fence, fenced_block
    problem: str = ""  # why the reply cannot be graded, when verdict is None


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ATTR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _solution_blocks(text: str) -> tuple[list[tuple[dict[str, str], str]], bool]:
    """[(attributes, body)] of every closed <solution ...>...</solution>, and whether one was left open.
    A find() loop rather than one regex, so a reply full of unclosed tags stays linear."""
    lower = text.translate(_ASCII_LOWER)  # str.lower() may change the length ("İ"): indexes must match
    blocks, pos, unclosed = [], 0, False
    while (start := lower.find("<solution", pos)) != -1:
        after = start + len("<solution")
        if after < len(text) and not (text[after].isspace() or text[after] in ">/"):
            pos = after  # e.g. <solutions>
            continue
        head_end = text.find(">", after)
        if head_end == -1:
            unclosed = True
            break
        head = text[after:head_end]
        if head.rstrip().endswith("/"):  # <solution verdict="no_bug"/>
            blocks.append((_attrs(head.rstrip()[:-1]), ""))
            pos = head_end + 1
            continue
        close = lower.find("</solution>", head_end + 1)
        if close == -1:
            unclosed = True
            break
        blocks.append((_attrs(head), text[head_end + 1 : close]))
        pos = close + len("</solution>")
    return blocks, unclosed


def _attrs(head: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(head)}


def _fences(text: str) -> list[tuple[str, str]]:
    """[(info word lowercased, body)] of every closed ``` / ~~~ fence, line-based."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        opener = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)", lines[i])
        if not opener:
            i += 1
            continue
        fence, info = opener.group(1), opener.group(2).lower()
        for j in range(i + 1, len(lines)):
            closer = re.match(r"^\s{0,3}(`{3,}|~{3,})\s*$", lines[j])
            if closer and closer.group(1)[0] == fence[0] and len(closer.group(1)) >= len(fence):
                out.append((info, "\n".join(lines[i + 1 : j])))
                i = j + 1
                break
        else:
            break  # unclosed fence: the rest is not a code block
    return out


def _unfence(body: str, language: str) -> tuple[str, bool]:
    """The code of a <solution> body: the body itself, or the one code fence in it (models often
    wrap the file in a fence, sometimes with a line of prose around it)."""
    fences = [code for info, code in _fences(body) if not info or ALIASES.get(info) == language]
    if len(fences) == 1 and re.search(r"^\s{0,3}(`{3,}|~{3,})", body, re.M):
        return fences[0], True
    return body, False


def _norm_code(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").split("\n")) + "\n"


def _word(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def parse_answer(text: str, language: str) -> Answer:
    """Read the reply's one solution: a <solution> block, or else a single fenced block in `language`."""
    if len(text) > MAX_REPLY_CHARS:
        return Answer(None, problem=f"reply is {len(text)} characters; a source file fits in {MAX_REPLY_CHARS}")
    blocks, unclosed = _solution_blocks(text)
    if blocks:
        answers = []
        for attrs, body in blocks:
            answer = _from_block(attrs, body, language)
            if answer.verdict is None:
                return answer
            answers.append(answer)
        distinct = {(a.verdict, _norm_code(a.code) if a.verdict == "fix" else "") for a in answers}
        if len(distinct) > 1:
            return Answer(
                None, problem=f"reply has {len(answers)} different <solution> blocks; exactly one is expected"
            )
        return answers[0]
    if unclosed:
        return Answer(None, problem="the <solution> block is not closed (reply cut off?)")
    wanted = [body for info, body in _fences(text) if ALIASES.get(info) == language]
    bodies = {_norm_code(body) for body in wanted}
    if len(bodies) > 1:
        return Answer(
            None,
            problem=f"no <solution> block, and {len(bodies)} different ```{language} blocks: several candidate files",
        )
    if bodies and wanted[0].strip():
        return Answer("fix", code=wanted[0], method="fenced_block")
    return Answer(None, problem=f'no <solution verdict="fix|no_bug"> block (and no ```{language} code block)')


def _from_block(attrs: dict[str, str], body: str, language: str) -> Answer:
    verdict_word = _word(attrs.get("verdict", ""))
    lang_word = attrs.get("language", "").strip().lower()
    if verdict_word in NO_BUG_WORDS:
        return Answer("no_bug", explanation=body.strip(), method="solution_tag")
    if verdict_word and verdict_word not in FIX_WORDS:
        return Answer(None, problem=f'unknown verdict="{attrs["verdict"]}" (expected fix or no_bug)')
    if lang_word and ALIASES.get(lang_word) != language:
        return Answer(None, problem=f'solution is marked language="{attrs["language"]}"; this file is {language}')
    code, fenced = _unfence(body, language)
    if not code.strip():
        return Answer(None, problem='verdict="fix" with no code in the <solution> block')
    return Answer("fix", code=code, method="solution_tag+fence" if fenced else "solution_tag")


# --- grading -------------------------------------------------------------------------------------


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool) or want is None or got is None:
        return type(got) is type(want) and got == want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k]) for k in want)
    return type(got) is type(want) and got == want


def _short(value: Any, limit: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=True, sort_keys=True) if not isinstance(value, str) else repr(value)
    return clip(text, limit, "...")


def _tail(data: bytes, limit: int = 1500) -> str:
    return data.decode("utf-8", errors="replace")[-limit:]


def _first_error(stderr: bytes) -> str:
    """The line of compiler output a user wants first (`error...` / `file.go:3:1: ...`)."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    for line in lines:
        if line.startswith("error") or re.match(r"^\S+\.go:\d+", line):
            return line[:200]
    return (lines[0] if lines else "no compiler output")[:200]


def _find_result(stdout: bytes, nonce: str) -> tuple[Any, str]:
    """(observations, "") from the one harness line tagged with this run's nonce, or (None, why)."""
    marker = f"PQ-RESULT {nonce} "
    text = stdout.decode("utf-8", errors="replace")
    hits = [line[line.index(marker) + len(marker) :] for line in text.splitlines() if marker in line]
    if not hits:
        return None, "the hidden tests did not finish (no result line)"
    if len(hits) > 1:
        return None, f"the hidden-test result line appeared {len(hits)} times (written by the candidate?)"
    try:
        data = json.loads(hits[0])
    except ValueError:
        return None, "the hidden-test result line is not valid JSON"
    if not isinstance(data, dict):
        return None, "the hidden-test result line is not an object"
    return data, ""


def observe(params: dict[str, Any], code: str, sandbox: Any) -> tuple[dict[str, Any] | None, str, dict[str, Any]]:
    """(observations, "", trace) from running the hidden tests on `code`, or (None, why, trace).
    Raises SandboxError when the sandbox itself fails."""
    language = params["language"]
    lang = LANGS[language]
    files: dict[str, str] = {params["filename"]: code, lang.harness: params["hidden_tests"]}
    if language == "go":
        files["go.mod"] = "module bugfind\n\ngo 1.19\n"
    if language == "javascript":
        files["pq_candidate.mjs"] = code  # the harness falls back to import() when the file is an ES module
    sandbox.put_files(files)
    steps: list[dict[str, Any]] = []
    trace: dict[str, Any] = {"steps": steps}
    if lang.build:
        res = sandbox.exec(lang.build, timeout=float(params.get("build_timeout_s", 90)), env=TOOL_ENV)
        steps.append(
            {"step": "build", "status": res.status, "seconds": res.duration_s, "stderr_tail": _tail(res.stderr)}
        )
        if not res.ok:
            why = "timed out" if res.timed_out else _first_error(res.stderr)
            return None, f"the fixed {language} file does not compile: {why}", trace
    # A fresh random nonce per run: the result line counts only with it, and exactly once.
    nonce = secrets.token_hex(16)
    run_timeout = float(params.get("run_timeout_s", 15))
    res = sandbox.exec(
        lang.run, timeout=run_timeout, env={**TOOL_ENV, "PQ_NONCE": nonce}, output_limit=RUN_OUTPUT_LIMIT
    )
    steps.append(
        {
            "step": "hidden_tests",
            "status": res.status,
            "seconds": res.duration_s,
            "stdout_tail": _tail(res.stdout, 800),
            "stderr_tail": _tail(res.stderr),
        }
    )
    if res.timed_out:
        return None, f"the hidden tests timed out after {run_timeout:g} s (endless loop or deadlock?)", trace
    if res.truncated:
        return None, "the hidden tests produced more output than allowed", trace
    observed, why = _find_result(res.stdout, nonce)
    if observed is None:
        last = _tail(res.stderr, 300).strip().splitlines()
        return None, why + (f": {last[-1][:160]}" if last else ""), trace
    if "__load__" in observed:
        return None, f"the fixed file does not load: {str(observed['__load__'])[:160]}", trace
    return observed, "", trace


def run_hidden_tests(params: dict[str, Any], code: str, sandbox: Any) -> tuple[bool, str, dict[str, Any]]:
    """(all passed, one-line detail, trace): the observations compared with `expected`, which never
    enters the container."""
    observed, why, trace = observe(params, code, sandbox)
    if observed is None:
        return False, why, trace
    checks = [
        {
            "check": name,
            "passed": _same(observed.get(name), want),
            "expected": want,
            "got": observed.get(name, "(missing)"),
        }
        for name, want in params["expected"].items()
    ]
    trace["checks"] = checks
    failed = [c for c in checks if not c["passed"]]
    if failed:
        first = failed[0]
        return (
            False,
            (
                f"{len(failed)}/{len(checks)} hidden tests fail; {first['check']}: expected "
                f"{_short(first['expected'])}, got {_short(first['got'])}"
            ),
            trace,
        )
    return True, f"all {len(checks)} hidden tests pass", trace


def regrade(scenario: Any, reply: Reply, sandbox: Any) -> Verdict:
    """Grade one reply: parse its solution, then (for a fix) run the hidden tests in `sandbox`."""
    params = scenario.verifier
    language = params.get("language")
    if language not in LANGS:
        return Verdict.fail(f"scenario has unknown language {language!r}", fm.VERIFIER_NOT_IMPLEMENTED)
    content = reply.content if isinstance(reply.content, str) else ""
    answer = parse_answer(content, language)
    trap = bool(params.get("trap"))
    trace: dict[str, Any] = {
        "extraction": answer.method or None,
        "claimed": answer.verdict,
        "trap": trap,
        "language": language,
    }
    if answer.verdict is None:
        return Verdict.fail(answer.problem, fm.VERIFIER_FAIL, **trace)
    if answer.verdict == "no_bug":
        trace["explanation"] = answer.explanation[:2000]
        if trap:
            return Verdict.ok("no bug, correctly: the report was a misunderstanding", **trace)
        return Verdict.fail("said no_bug, but the code has a bug", fm.WRONG_ANSWER, **trace)
    if len(answer.code.encode("utf-8", errors="replace")) > MAX_CANDIDATE_BYTES:
        return Verdict.fail(f"the fixed file is larger than {MAX_CANDIDATE_BYTES} bytes", **trace)
    trace["candidate"] = answer.code[:20_000]
    try:
        passed, detail, run_trace = run_hidden_tests(params, answer.code, sandbox)
    except SandboxError as exc:
        if trap:  # the verdict is already decided; the run only explained it
            return Verdict.fail(
                "the code was correct (the report is a misunderstanding), but the reply changed it",
                fm.WRONG_ANSWER,
                **trace,
            )
        return Verdict.fail(f"sandbox failed: {exc}", fm.SANDBOX_UNAVAILABLE, **trace)
    trace.update(run_trace)
    if trap:
        effect = "its change keeps the behaviour" if passed else f"its change breaks behaviour ({detail})"
        return Verdict.fail(
            f"the code was correct (the report is a misunderstanding), but the reply 'fixed' it; {effect}",
            fm.WRONG_ANSWER,
            **trace,
        )
    if passed:
        return Verdict.ok(detail, **trace)
    return Verdict.fail(detail, fm.VERIFIER_FAIL, **trace)


def run(scenario: Any, model: Any, sandbox: Any) -> SandboxOutcome:
    """One model request, then `regrade`."""
    messages = [dict(m) for m in scenario.messages]
    exchange = model(messages, None)
    if not exchange.ok:
        return failed_turn(exchange, [exchange], messages)
    try:
        reply = Reply.from_completion(exchange.body)
    except (KeyError, IndexError, TypeError, AttributeError):
        return SandboxOutcome(Verdict.fail("response has no choices[0].message"), [exchange], messages)
    transcript = messages + [{"role": "assistant", "content": reply.content}]
    verdict = regrade(scenario, reply, sandbox)
    return SandboxOutcome(verdict, [exchange], transcript, {})
