"""`hermes_agent` kind: a multi-step agent run on the host, graded on the final state and the tool trace.

The plugin drives the model through `run_agent` (its own client, sampling and thinking control);
tool calls go to host-side mocks (hermes_tools: memory, browser, cron, delivery, skills, delegation,
approval-gated actions) or to the sandbox /workspace (file tools). Nothing the model *says* about what
it did is trusted: checks read the mock stores, the cron table, the files (read back from the sandbox)
and the tool trace; the final message is graded only where a check names it.

Scenario `verifier` parameters:

  type        "hermes_agent"
  toolsets    tools offered when the scenario has no `tools` (names in hermes_tools.TOOLSETS)
  max_turns   model requests allowed (default 20); running out is `agent_loop_exhausted`
  memory      {key: value} seeded into the memory store
  cron        [{id, expression, timezone, task}] seeded schedules (new ids continue cron-<n+1>)
  pages       {url: text} for browser_open / browser_search (unknown URLs: a 404 text, no network)
  skills      [{name, description, parameters (JSON Schema), outputs: [{match: Args, output}],
                default (error text), handler ("invoice")}] for list_skills / run_skill
  delegate    {result, fail_times (0), error}: the sub-agent behind `delegate`
  files       {path: text} seeded into /workspace
  checks      [Check, ...]: all must pass

Args (a matcher over tool arguments): {dotted.path: regex | [regex, ...]}, each searched (re.I) in the
value's text (non-strings as compact JSON), e.g. {"arguments.target_lang": "^de$"}.

Check (every one can fail; "(no answer)" fails every scenario):
  {"check": "tool_called", "name": str|[str], "args"?: Args, "result"?: regex, "ok"?: bool,
   "min"?: 1, "max"?: n}          how many calls match (ok: the tool did not return an error)
  {"check": "tool_not_called", "name": str|[str], "args"?: Args}      no matching call at all
  {"check": "order", "steps": [{"name", "args"?, "ok"?}, ...]}       the steps happen in this order
  {"check": "memory", "pattern": regex, "present"?: true}  some entry "key: value" matches (re.I), or none
  {"check": "memory_key", "key": str, "pattern"?: regex, "present"?: true}
  {"check": "file", "path": str, "present"?: true, "contains"?: [str] (case-insensitive),
   "regex"?: [regex] (re.I|re.M), "forbid"?: [regex], "lines"?: n (non-blank lines), "json"?: value}
  {"check": "dir", "path": str, "files": [name, ...]}   exactly these regular files directly inside
  {"check": "cron", "expression"?: str, "timezone"?: str|[str], "task"?: regex, "present"?: true}
                                  an entry with the same schedule (semantically: "0 9 * * MON-FRI"
                                  equals "0 9 * * 1-5"), one of the timezones, a matching task
  {"check": "cron_count", "equals": n}
  {"check": "sent", "channel": regex, "text"?: [regex]}   a message delivered to a matching channel
  {"check": "final", "regex": regex, "present"?: true}    the last reply's content (re.I|re.S)
  {"check": "asks_approval", "about": regex}  request_approval was called with action/reason matching
                                  `about`, or the final message matches `about` and asks for approval
  {"check": "any_of", "checks": [Check, ...]}
"""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_quality.agent import run_agent
from pytest_quality.clip import clip, one_line
from pytest_quality.reply import ToolCall
from pytest_quality.sandbox.container import SandboxError
from pytest_quality.sandbox.kinds import SandboxOutcome, failed_turn
from pytest_quality.sandbox.kinds import hermes_tools as ht
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import AGENT_LOOP_EXHAUSTED, SANDBOX_UNAVAILABLE, Verdict
from pytest_quality.verifiers.tool_call import PARSER_HINT, _text_calls

MULTI_TURN = True
MAX_TURNS = 20
ASKING = re.compile(
    r"approv|confirm|permission|go[- ]ahead|authori[sz]|shall i\b|should i\b|do you want|"
    r"would you like|may i\b|\?",
    re.I,
)
CHECK_TYPES = (
    "tool_called",
    "tool_not_called",
    "order",
    "memory",
    "memory_key",
    "file",
    "dir",
    "cron",
    "cron_count",
    "sent",
    "final",
    "asks_approval",
    "any_of",
)


# --- checks (pure: state in, (passed, detail) out) ---------------------------------------------


def _short(value: Any, limit: int = 70) -> str:
    return clip(one_line(ht.as_text(value)), limit, "...")


def _names(spec: Any) -> list[str]:
    return list(spec) if isinstance(spec, list) else [str(spec)]


def _call_matches(call: dict[str, Any], spec: dict[str, Any]) -> bool:
    if call["name"] not in _names(spec.get("name")):
        return False
    if "ok" in spec and (call.get("error") is None) != bool(spec["ok"]):
        return False
    if spec.get("result") and not re.search(spec["result"], str(call.get("result", "")), re.I):
        return False
    return ht.args_match(call.get("arguments"), spec.get("args"))


def _describe(spec: dict[str, Any]) -> str:
    names = "|".join(_names(spec.get("name")))
    args = ", ".join(f"{k}~/{v}/" for k, v in (spec.get("args") or {}).items())
    extra = (" ok" if spec.get("ok") else "") + (f" returning /{spec['result']}/" if spec.get("result") else "")
    return f"{names}({args}){extra}"


def _calls_seen(trace: list[dict[str, Any]]) -> str:
    seen = [c["name"] + ("!" if c.get("error") else "") for c in trace]
    return ", ".join(seen[:12]) + (" ..." if len(seen) > 12 else "") if seen else "none"


def _check_tool_called(c: dict, s: dict) -> tuple[bool, str]:
    n = sum(_call_matches(call, c) for call in s["trace"])
    low, high = int(c.get("min", 1)), c.get("max")
    if n < low or (high is not None and n > int(high)):
        want = f"at least {low}" if high is None else f"{low}-{high}"
        return False, f"{n} call(s) of {_describe(c)}, want {want} (calls: {_calls_seen(s['trace'])})"
    return True, f"{n} call(s) of {_describe(c)}"


def _check_tool_not_called(c: dict, s: dict) -> tuple[bool, str]:
    bad = [call for call in s["trace"] if _call_matches(call, {k: c[k] for k in ("name", "args") if k in c})]
    if bad:
        return False, f"forbidden call made: {bad[0]['name']}({_short(bad[0].get('arguments'))})"
    return True, f"no call of {_describe(c)}"


def _check_order(c: dict, s: dict) -> tuple[bool, str]:
    position = 0
    for step in c["steps"]:
        while position < len(s["trace"]) and not _call_matches(s["trace"][position], step):
            position += 1
        if position >= len(s["trace"]):
            return False, f"no {_describe(step)} in the expected order (calls: {_calls_seen(s['trace'])})"
        position += 1
    return True, "calls in order: " + " -> ".join(_describe(step) for step in c["steps"])


def _check_memory(c: dict, s: dict) -> tuple[bool, str]:
    hits = [f"{k}: {v}" for k, v in s["memory"].items() if re.search(c["pattern"], f"{k}: {v}", re.I)]
    if c.get("present", True):
        return (
            (True, f"memory has {_short(hits[0])}")
            if hits
            else (False, f"no memory entry matches /{c['pattern']}/ (keys: {_short(', '.join(s['memory']) or 'none')})")
        )
    return (False, f"memory still holds {_short(hits[0])}") if hits else (True, f"no entry matches /{c['pattern']}/")


def _check_memory_key(c: dict, s: dict) -> tuple[bool, str]:
    key, memory = c["key"], s["memory"]
    if not c.get("present", True):
        return (False, f"memory key {key!r} still present") if key in memory else (True, f"{key!r} removed")
    if key not in memory:
        return False, f"memory key {key!r} is gone"
    if c.get("pattern") and not re.search(c["pattern"], memory[key], re.I):
        return False, f"memory {key!r} = {_short(memory[key])}, want /{c['pattern']}/"
    return True, f"memory {key!r} = {_short(memory[key])}"


def _parse_json(text: str) -> Any:
    body = text.strip()
    fence = re.fullmatch(r"```[\w-]*\s*\n(.*?)\n?```", body, re.S)
    return json.loads(fence.group(1) if fence else body)


def _check_file(c: dict, s: dict) -> tuple[bool, str]:
    rel = ht.workspace_path(c["path"])
    text = s["files"].get(rel)
    where = f"/workspace/{rel}"
    if not c.get("present", True):
        return (False, f"{where} still exists") if text is not None else (True, f"{where} absent")
    if text is None:
        return False, f"{where} missing"
    for needle in c.get("contains", []):
        if needle.lower() not in text.lower():
            return False, f"{where} lacks {needle!r}"
    for pattern in c.get("regex", []):
        if not re.search(pattern, text, re.I | re.M):
            return False, f"{where} does not match /{pattern}/ ({_short(text, 60)})"
    for pattern in c.get("forbid", []):
        if m := re.search(pattern, text, re.I | re.M):
            return False, f"{where} contains {m.group(0)!r} (forbidden /{pattern}/)"
    if "lines" in c:
        n = sum(1 for line in text.splitlines() if line.strip())
        if n != int(c["lines"]):
            return False, f"{where} has {n} non-blank lines, want {c['lines']}"
    if "json" in c:
        try:
            value = _parse_json(text)
        except (ValueError, RecursionError):
            return False, f"{where} is not valid JSON ({_short(text, 50)})"
        if value != c["json"]:
            return False, f"{where} holds {_short(value, 60)}, want {_short(c['json'], 60)}"
    return True, f"{where} ok"


def _check_dir(c: dict, s: dict) -> tuple[bool, str]:
    rel = ht.workspace_path(c["path"])
    got = s["dirs"].get(rel)
    if got is None:
        return False, f"/workspace/{rel}/ missing"
    want = sorted(c["files"])
    if sorted(got) != want:
        missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
        return False, f"/workspace/{rel}/ holds {_short(sorted(got))}" + (
            f"; missing {_short(missing)}" if missing else ""
        ) + (f"; unexpected {_short(extra)}" if extra else "")
    return True, f"/workspace/{rel}/ holds exactly {want}"


def _cron_entry_matches(c: dict, entry: dict) -> bool:
    if "expression" in c and not ht.same_schedule(c["expression"], entry["expression"]):
        return False
    if "timezone" in c and entry["timezone"].lower() not in [z.lower() for z in _names(c["timezone"])]:
        return False
    return not c.get("task") or bool(re.search(c["task"], entry["task"], re.I))


def _check_cron(c: dict, s: dict) -> tuple[bool, str]:
    hits = [e for e in s["cron"] if _cron_entry_matches(c, e)]
    want = " ".join(
        filter(
            None,
            [
                f"{c.get('expression', '*any*')!r}",
                "/".join(_names(c.get("timezone", "any tz"))),
                f"task~/{c['task']}/" if c.get("task") else "",
            ],
        )
    )
    table = "; ".join(f"{e['expression']!r} {e['timezone']} {e['task']}" for e in s["cron"]) or "empty"
    if c.get("present", True):
        return (True, f"scheduled {want}") if hits else (False, f"no schedule {want} (table: {_short(table, 120)})")
    return (False, f"schedule {want} still present") if hits else (True, f"no schedule {want}")


def _check_cron_count(c: dict, s: dict) -> tuple[bool, str]:
    n = len(s["cron"])
    return n == int(c["equals"]), f"{n} scheduled task(s), want {c['equals']}"


def _check_sent(c: dict, s: dict) -> tuple[bool, str]:
    for message in s["messages"]:
        if re.search(c["channel"], message["channel"], re.I) and all(
            re.search(p, message["text"], re.I) for p in c.get("text", [])
        ):
            return True, f"sent to {message['channel']}: {_short(message['text'])}"
    sent = "; ".join(f"{m['channel']}: {m['text']}" for m in s["messages"]) or "none"
    return False, f"no message to /{c['channel']}/ matching {c.get('text', [])} (sent: {_short(sent, 100)})"


def _check_final(c: dict, s: dict) -> tuple[bool, str]:
    hit = re.search(c["regex"], s["final"], re.I | re.S)
    if c.get("present", True):
        return (
            (True, f"final message matches /{c['regex']}/")
            if hit
            else (False, f"final message does not match /{c['regex']}/: {_short(s['final'] or '(empty)')}")
        )
    return (False, f"final message contains {hit.group(0)!r}") if hit else (True, f"final lacks /{c['regex']}/")


def _check_asks_approval(c: dict, s: dict) -> tuple[bool, str]:
    about = c["about"]
    for request in s["approvals"]:
        if re.search(about, f"{request['action']} {request['reason']}", re.I):
            return True, f"request_approval({_short(request['action'])})"
    if re.search(about, s["final"], re.I) and ASKING.search(s["final"]):
        return True, "asked for approval in the final message"
    return False, (
        f"did not ask for approval of /{about}/ (approval requests: {len(s['approvals'])}; "
        f"final: {_short(s['final'] or '(empty)', 50)})"
    )


def _check_any_of(c: dict, s: dict) -> tuple[bool, str]:
    details = []
    for sub in c["checks"]:
        ok, detail = evaluate_one(sub, s)
        if ok:
            return True, detail
        details.append(detail)
    return False, " / ".join(details) or "any_of has no checks"


_CHECKS = {name: globals()[f"_check_{name}"] for name in CHECK_TYPES}


def evaluate_one(check: dict[str, Any], state: dict[str, Any]) -> tuple[bool, str]:
    fn = _CHECKS.get(str(check.get("check")))
    if fn is None:
        return False, f"unknown check type {check.get('check')!r}"
    try:
        return fn(check, state)
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        re.error,
        ht.ToolError,
    ) as exc:  # a malformed check in the pack
        return False, f"bad {check.get('check')} check: {type(exc).__name__}: {exc}"


def evaluate(checks: list[dict[str, Any]], state: dict[str, Any]) -> Verdict:
    results: list[dict[str, Any]] = []
    for check in checks:
        ok, detail = evaluate_one(check, state)
        results.append({"check": check.get("check"), "passed": ok, "detail": detail})
    failed = [r for r in results if not r["passed"]]
    if not checks:
        return Verdict.fail("scenario has no checks", checks=results)
    if failed:
        more = f" (+{len(failed) - 1} more failed check(s))" if len(failed) > 1 else ""
        return Verdict.fail(failed[0]["detail"] + more, checks=results)
    return Verdict.ok(f"{len(results)} checks passed", checks=results)


def _walk(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for check in checks:
        out.append(check)
        if check.get("check") == "any_of":
            out += _walk(check.get("checks", []))
    return out


# --- the run ------------------------------------------------------------------------------------


def offered_tools(scenario: Scenario) -> list[dict[str, Any]]:
    if scenario.tools:
        return scenario.tools
    return ht.tool_specs(scenario.verifier.get("toolsets") or ht.DEFAULT_TOOLSETS)


def _tool_name(tool: Any) -> str:
    fn = tool.get("function") if isinstance(tool, dict) else None
    return fn.get("name", "") if isinstance(fn, dict) else ""


def _read_state(tools: ht.HermesTools, checks: list[dict[str, Any]]) -> dict[str, Any]:
    files: dict[str, str | None] = {}
    dirs: dict[str, list[str] | None] = {}
    for check in _walk(checks):
        try:
            rel = ht.workspace_path(check.get("path"))
        except ht.ToolError:
            continue
        if check.get("check") == "file" and rel not in files:
            data = tools.workspace.read_bytes(rel)
            files[rel] = None if data is None else data.decode("utf-8", errors="replace")
        elif check.get("check") == "dir" and rel not in dirs:
            entries = tools.workspace.entries(rel, depth=1)
            dirs[rel] = None if entries is None else [e for e in entries if not e.endswith("/")]
    return {**tools.state(), "files": files, "dirs": dirs}


def _text_call_hint(final: str, names: set[str]) -> str:
    found = _text_calls(final, names)
    return PARSER_HINT.format(names=", ".join(found)) + "; " if found else ""


def run(scenario: Scenario, model: Any, sandbox: Any) -> SandboxOutcome:
    config = scenario.verifier
    tools_offered = offered_tools(scenario)
    tools = ht.HermesTools(config, [_tool_name(t) for t in tools_offered], sandbox)
    harness: list[str] = []
    try:
        if config.get("files"):
            sandbox.put_files(dict(config["files"]))
    except Exception as exc:  # noqa: BLE001 - SandboxError: the sandbox, not the model, failed
        return SandboxOutcome(Verdict.fail(f"could not seed /workspace: {exc}", SANDBOX_UNAVAILABLE))

    def execute(call: ToolCall) -> str:
        try:
            return tools.execute(call)
        except (ht.HarnessError, SandboxError) as exc:  # the sandbox broke, not the model
            harness.append(str(exc))
            return "error: the tool is unavailable right now"

    result = run_agent(
        model, scenario.messages, tools_offered, execute, max_turns=int(config.get("max_turns", MAX_TURNS))
    )
    trace: dict[str, Any] = {"tool_trace": result.tool_trace, "turns": len(result.exchanges)}
    if result.failed is not None:
        outcome = failed_turn(result.failed, result.exchanges, result.messages)
        outcome.trace = trace
        return outcome
    if harness:
        verdict = Verdict.fail(harness[0], SANDBOX_UNAVAILABLE)
    elif result.exhausted:
        verdict = Verdict.fail(
            f"no final answer after {len(result.exchanges)} model turns ({len(result.tool_trace)} tool calls)",
            AGENT_LOOP_EXHAUSTED,
        )
    else:
        checks = config.get("checks") or []
        try:
            state = _read_state(tools, checks)
        except (ht.HarnessError, SandboxError) as exc:
            return SandboxOutcome(Verdict.fail(str(exc), SANDBOX_UNAVAILABLE), result.exchanges, result.messages, trace)
        final = result.final.content if result.final else ""
        verdict = evaluate(checks, {**state, "trace": result.tool_trace, "final": final})
        if not verdict.passed and not result.tool_trace:
            hint = _text_call_hint(final, set(tools.offered))
            if hint:
                verdict = Verdict.fail(hint + verdict.detail, **verdict.trace)
        trace["state"] = {k: v for k, v in state.items() if k != "files"}
        trace["state"]["files"] = {
            k: (v if v is None or len(v) <= 2000 else v[:2000] + "...") for k, v in state["files"].items()
        }
    return SandboxOutcome(verdict, result.exchanges, result.messages, trace)
