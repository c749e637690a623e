"""Generate packs/bugfind-15.jsonl: 15 bug reports in Python, JavaScript, Go and Rust.

Each scenario: a buggy file and its symptom (or, for the 3 traps, correct code and a user's
misunderstanding), hidden test cases, a reference reply and wrong replies. The expected
observations of the hidden tests are computed here by running the reference fix (the original
code for traps) in a real sandbox; they are stored in the pack and never enter a container.

    .venv/bin/python tools/gen_bugfind.py          # regenerate (needs Docker and the sandbox image)
    .venv/bin/python tools/gen_bugfind.py --check  # regenerate in memory, compare with the file
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bugfind_scenarios import SCENARIOS  # noqa: E402  (tools/bugfind_scenarios.py: the scenario data)

from pytest_quality.packs import Scenario  # noqa: E402
from pytest_quality.reply import Reply  # noqa: E402
from pytest_quality.sandbox.kinds import bugfind  # noqa: E402
from pytest_quality.sandbox.pool import SandboxPool  # noqa: E402

PACK = ROOT / "packs" / "bugfind-15.jsonl"

META = {
    "__meta__": True, "pack_id": "bugfind-15", "title": "BugFind-15", "version": "1.0.0",
    "verifier": "bugfind", "marker": "bugfind", "default_thinking": "off",
    "sampling_defaults": {"temperature": 0, "top_p": 1, "max_tokens": 2048}, "default_max_seconds": 120,
    "timeout_reference_tps": 100, "timeout_baseline_tokens": 2048, "requires": ["docker"], "floor": 0.6,
    "description": "A buggy file plus its symptom in Python, JavaScript, Go or Rust; reply with the whole "
                   "fixed file or say there is no bug (3 traps). Graded by hidden tests run in a sandbox.",
}

SYSTEM = """You are a senior engineer triaging a bug report. You get one source file and what the user saw.

Decide whether the code has a bug, then reply with exactly one solution block:
- If it has a bug: <solution language="{language}" verdict="fix"> followed by the complete corrected file (every line of it, not a diff), then </solution>.
- If the code already does what it is documented to do and the report comes from a misunderstanding: <solution verdict="no_bug">a short explanation</solution>.

Hidden tests load your file as a module and call its functions on many inputs, not only the one in the report, so fix the cause rather than the example. Keep the file's layout and the names, signatures and exported items it has. Write one solution block only; a short note outside it is fine."""

FENCE = {"python": "python", "javascript": "javascript", "go": "go", "rust": "rust"}

PY_HARNESS = r'''# Hidden tests (never shown to the model): call the candidate, print what was observed.
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
    m = importlib.import_module("@@MODULE@@")
except BaseException as exc:
    _emit({"__load__": (type(exc).__name__ + ": " + str(exc))[:300]})
    os._exit(0)

@@CASES@@

_obs = {}
for _name, _fn in _CASES.items():
    try:
        _obs[_name] = {"ok": _plain(_fn())}
    except BaseException as exc:  # SystemExit from the candidate is an observation too
        _obs[_name] = {"raised": type(exc).__name__}
_emit(_obs)
os._exit(0)
'''

JS_HARNESS = r''''use strict';
// Hidden tests (never shown to the model): call the candidate, print what was observed.
const fs = require('fs');
const NONCE = process.env.PQ_NONCE || '';
delete process.env.PQ_NONCE;
const realExit = process.exit.bind(process);
const cases = {};

function plain(v) {
  if (v === undefined) return null;
  try { return JSON.parse(JSON.stringify(v)); } catch (e) { return String(v); }
}
function emit(obs) { fs.writeSync(1, 'PQ-RESULT ' + NONCE + ' ' + JSON.stringify(obs) + '\n'); }
async function load() {
  try {
    return require('./@@FILE@@');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const ns = await import('./pq_candidate.mjs');  // the same file, written as an ES module
    return ns.default && typeof ns.default === 'object' ? { ...ns.default, ...ns } : ns;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

@@CASES@@

(async () => {
  let m;
  try { m = await load(); } catch (e) { emit({ __load__: String((e && e.stack) || e).slice(0, 300) }); realExit(0); }
  const obs = {};
  for (const [name, fn] of Object.entries(cases)) {
    try { obs[name] = { ok: plain(await fn(m)) }; } catch (e) {
      obs[name] = { raised: (e && e.constructor && e.constructor.name) || typeof e };
    }
  }
  emit(obs);
  realExit(0);
})();
'''

GO_HARNESS = r'''package main

// Hidden tests (never shown to the model): call the candidate, print what was observed.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
@@IMPORTS@@
)

var _ = fmt.Sprint
var _ = strings.Join

type pqCaseT struct {
	name string
	f    func() string
}

var pqCases []pqCaseT

func pqCase(name string, f func() string) { pqCases = append(pqCases, pqCaseT{name, f}) }

func pqRun(f func() string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "panic"
		}
	}()
	return f()
}

func TestPQHidden(t *testing.T) {
	nonce := os.Getenv("PQ_NONCE")
	os.Unsetenv("PQ_NONCE")
@@CASES@@
	parts := []string{}
	for _, c := range pqCases {
		k, _ := json.Marshal(c.name)
		v, _ := json.Marshal(pqRun(c.f))
		parts = append(parts, string(k)+":"+string(v))
	}
	fmt.Fprintf(os.Stdout, "PQ-RESULT %s {%s}\n", nonce, strings.Join(parts, ","))
	os.Exit(0)
}
'''

RUST_HARNESS = r'''// Hidden tests (never shown to the model): call the candidate, print what was observed.
#[allow(dead_code, unused_imports, unused_variables, unused_mut, unused_macros, non_snake_case)]
mod @@MODULE@@;

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

fn pq_json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn pq_case<F: FnOnce() -> String>(obs: &mut Vec<(String, String)>, name: &str, f: F) {
    let value = match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => "panic".to_string(),
    };
    obs.push((name.to_string(), value));
}

fn main() {
    let nonce = std::env::var("PQ_NONCE").unwrap_or_default();
    std::env::remove_var("PQ_NONCE");
    panic::set_hook(Box::new(|_| {}));
    let mut obs: Vec<(String, String)> = Vec::new();
@@CASES@@
    let body: Vec<String> = obs.iter().map(|(k, v)| format!("{}:{}", pq_json(k), pq_json(v))).collect();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "PQ-RESULT {} {{{}}}", nonce, body.join(","));
    let _ = out.flush();
    std::process::exit(0);
}
'''


def harness(spec: dict) -> str:
    stem = spec["filename"].rsplit(".", 1)[0]
    cases = textwrap.dedent(spec["cases"]).strip("\n")
    if spec["language"] == "python":
        return PY_HARNESS.replace("@@MODULE@@", stem).replace("@@CASES@@", cases)
    if spec["language"] == "javascript":
        return JS_HARNESS.replace("@@FILE@@", spec["filename"]).replace("@@CASES@@", cases)
    if spec["language"] == "go":
        imports = "".join(f'\t"{i}"\n' for i in spec.get("imports", [])).rstrip("\n")
        return GO_HARNESS.replace("@@IMPORTS@@", imports).replace("@@CASES@@", textwrap.indent(cases, "\t"))
    return RUST_HARNESS.replace("@@MODULE@@", stem).replace("@@CASES@@", textwrap.indent(cases, "    "))


def src(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


def fix_reply(spec: dict, code: str, note: str = "") -> dict:
    body = f'<solution language="{spec["language"]}" verdict="fix">\n{src(code)}</solution>'
    return {"role": "assistant", "content": (note + "\n\n" if note else "") + body}


def no_bug_reply(text: str) -> dict:
    return {"role": "assistant", "content": f'<solution verdict="no_bug">\n{src(text).strip()}\n</solution>'}


def user_message(spec: dict) -> str:
    return (f"File `{spec['filename']}`:\n\n```{FENCE[spec['language']]}\n{src(spec['buggy'])}```\n\n"
            f"Report:\n{src(spec['report']).strip()}")


def build(pool: SandboxPool) -> list[dict]:
    lines = []
    for spec in SCENARIOS:
        params = {"type": "bugfind", "language": spec["language"], "filename": spec["filename"],
                  "trap": spec["trap"], "hidden_tests": harness(spec)}
        params.update(spec.get("params", {}))
        truth = src(spec["buggy"]) if spec["trap"] else src(spec["fixed"])
        with pool.acquire() as sandbox:
            observed, why, trace = bugfind.observe(params, truth, sandbox)
        if observed is None:
            raise SystemExit(f"{spec['id']}: the reference does not run: {why}\n{json.dumps(trace, indent=1)[-3000:]}")
        params["expected"] = observed
        if not spec["trap"]:
            with pool.acquire() as sandbox:
                passed, detail, _ = bugfind.run_hidden_tests(params, src(spec["buggy"]), sandbox)
            if passed:
                raise SystemExit(f"{spec['id']}: the buggy file passes its hidden tests")
            print(f"{spec['id']}: buggy file fails: {detail}")
        reference = no_bug_reply(spec["reference"]) if spec["trap"] else fix_reply(spec, spec["fixed"])
        negatives = [no_bug_reply(n[1]) if n[0] == "no_bug" else
                     {"role": "assistant", "content": n[1]} if n[0] == "raw" else fix_reply(spec, n[1])
                     for n in spec["negatives"]]
        lines.append({
            "id": spec["id"], "title": spec["title"],
            "tags": [spec["language"], spec["category"], spec["difficulty"], *(["trap"] if spec["trap"] else [])],
            "messages": [{"role": "system", "content": SYSTEM.replace("{language}", spec["language"])},
                         {"role": "user", "content": user_message(spec)}],
            "verifier": params, "reference": reference, "negatives": negatives,
        })
    return lines


def validate(lines: list[dict], pool: SandboxPool) -> None:
    """Every reference passes, every negative fails, in real containers."""
    for line in lines:
        scenario = Scenario("bugfind-15", line["id"], line["id"], 0, line["messages"], line["verifier"], line)
        for label, entry, want in [("reference", line["reference"], True),
                                   *[(f"negative {i}", n, False) for i, n in enumerate(line["negatives"])]]:
            with pool.acquire() as sandbox:
                verdict = bugfind.regrade(scenario, Reply.from_message(entry), sandbox)
            status = "ok" if verdict.passed == want else "WRONG"
            print(f"  {line['id']} {label}: {status} ({verdict.detail})")
            if verdict.passed != want:
                raise SystemExit(f"{line['id']} {label}: expected passed={want}")


def main(argv: list[str]) -> int:
    with SandboxPool(size=1) as pool:
        lines = build(pool)
        validate(lines, pool)
    text = "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in [META, *lines])
    if "--check" in argv:
        same = PACK.exists() and PACK.read_text(encoding="utf-8") == text
        print("pack is up to date" if same else "pack differs from the generator")
        return 0 if same else 1
    PACK.write_text(text, encoding="utf-8")
    print(f"wrote {PACK} ({len(lines)} scenarios)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
