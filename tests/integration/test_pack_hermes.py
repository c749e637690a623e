"""HermesAgent-20: the tool mocks, the checks, the pack, and every scenario in real containers.

Mocks and checks are tested without Docker; the pack's references/negatives and the end-to-end
`pytest --pack hermesagent-20` run need a Docker engine and the sandbox image (skipped otherwise,
with the reason).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.client import Exchange
from pytest_quality.packs import load_pack
from pytest_quality.reply import ToolCall
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.kinds import get_kind
from pytest_quality.sandbox.kinds import hermes_agent as kind
from pytest_quality.sandbox.kinds import hermes_tools as ht
from tests.support.fake_openai import FakeServer, answer_reference, answer_text
from tests.support.runner import run_quality

PACK_PATH = Path(__file__).resolve().parents[2] / "packs" / "hermesagent-20.jsonl"
PACK = load_pack(PACK_PATH)
BY_ID = {s.id: s for s in PACK.scenarios}
AVAILABLE, REASON = cleanup.docker_available()
needs_docker = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]


def call(name: str, args: dict | None = None, raw: str | None = None) -> ToolCall:
    if raw is not None:
        return ToolCall.from_openai({"id": "c1", "function": {"name": name, "arguments": raw}})
    return ToolCall(name, args or {}, json.dumps(args or {}), None, "c1")


def act(*calls: tuple[str, dict]) -> dict:
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": f"x{i}", "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
            for i, (n, a) in enumerate(calls)
        ],
    }


# --- cron ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("0 9 * * MON-FRI", "00 09 * * 1,2,3,4,5"),
        ("*/15 * * * *", "0,15,30,45 * * * *"),
        ("0 0 * * 7", "0 0 * * SUN"),
        ("@daily", "0 0 * * *"),
        ("@weekly", "0 0 * * 0"),
        ("0 0 * * 0-6", "0 0 * * *"),
        ("0 0 * jan *", "0 0 * 1 *"),
        ("5/20 * * * *", "5,25,45 * * * *"),
        ("  30 17 * * 5 ", "30 17 * * fri"),
    ],
)
def test_cron_equivalent_expressions(a, b):
    assert ht.same_schedule(a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("30 17 * * 5", "30 17 * * 6"),
        ("15 8 * * 1-5", "15 8 * * *"),
        ("0 6 1 * *", "0 6 * * 1"),
        ("0 9 * * 1", "0 21 * * 1"),
        ("0 0 1 * *", "0 0 1 * 1"),
    ],
)
def test_cron_different_expressions(a, b):
    assert not ht.same_schedule(a, b)


@pytest.mark.parametrize(
    "bad",
    [
        "17 30 * * 5",
        "* * * *",
        "* * * * * *",
        "61 * * * *",
        "*/0 * * * *",
        "5-1 * * * *",
        "a b c d e",
        "",
        "   ",
        "1,,2 * * * *",
        "0 0 32 * *",
        "0 0 * 13 *",
        "0 0 * * 8",
        "0 0 0 * *",
        "*/x * * * *",
        "1-/2 * * * *",
    ],
)
def test_cron_rejects_invalid(bad):
    with pytest.raises(ValueError):
        ht.parse_cron(bad)
    assert not ht.same_schedule(bad, bad)


def test_cron_rejects_non_strings():
    for bad in (None, 5, ["0", "0"], {"a": 1}):
        with pytest.raises(ValueError):
            ht.parse_cron(bad)


def test_cron_table_create_list_delete():
    table = ht.CronTable([{"id": "cron-7", "expression": "0 2 * * *", "timezone": "UTC", "task": "backup"}])
    assert table.create("30 17 * * 5", "Europe/London", "timesheet").startswith("created cron-8:")
    with pytest.raises(ht.ToolError, match="invalid cron expression.*hour field: 30"):
        table.create("17 30 * * 5", "Europe/London", "x")
    with pytest.raises(ht.ToolError, match="unknown timezone"):
        table.create("0 9 * * *", "Mars/Olympus_Mons", "x")
    with pytest.raises(ht.ToolError, match="task"):
        table.create("0 9 * * *", "UTC", "  ")
    listed = json.loads(table.list())
    assert [e["id"] for e in listed] == ["cron-7", "cron-8"]
    assert table.delete("cron-7").startswith("deleted cron-7")
    with pytest.raises(ht.ToolError, match="no scheduled task"):
        table.delete("cron-7")
    table.delete("cron-8")
    assert table.list() == "no scheduled tasks"


def test_timezones():
    assert ht.valid_timezone("Europe/London") and ht.valid_timezone("UTC") and ht.valid_timezone("Asia/Tokyo")
    for bad in ("", "Mars/Base", "europe/london;rm", None, 3):
        assert not ht.valid_timezone(bad)


# --- memory, browser, skills, delegation ------------------------------------------------------------


def test_memory_store():
    mem = ht.MemoryStore({"diet": "vegetarian", "city": "Porto"})
    assert mem.set("units", "km") == "stored 'units'"
    assert mem.set("units", "kilometres") == "updated 'units'"
    assert mem.get("units") == "kilometres"
    with pytest.raises(ht.ToolError, match="no memory entry"):
        mem.get("missing")
    assert json.loads(mem.search("")) == {"diet": "vegetarian", "city": "Porto", "units": "kilometres"}
    assert json.loads(mem.search("*")) == json.loads(mem.search(""))
    assert json.loads(mem.search("where is my CITY")) == {"city": "Porto"}
    assert json.loads(mem.search("vegetarian"))["diet"] == "vegetarian"
    assert mem.search("health").startswith("no entries match")
    assert mem.delete("diet") == "deleted 'diet'"
    with pytest.raises(ht.ToolError):
        mem.delete("diet")
    with pytest.raises(ht.ToolError, match="empty"):
        mem.set("  ", "x")
    assert set(mem.data) == {"city", "units"}


def test_browser_pages_and_search():
    browser = ht.Browser(
        {
            "https://Docs.Example/v2/limits/": "Rate limits: 600 per minute",
            "https://forum.example/t/1": "someone says the rate limit is 100",
        }
    )
    assert browser.open("docs.example/v2/limits") == "Rate limits: 600 per minute"
    assert browser.open("http://docs.example/v2/limits/") == "Rate limits: 600 per minute"
    assert browser.open("https://docs.example/v1/limits").startswith("HTTP 404")
    results = browser.search("rate limits per minute").splitlines()
    assert results[0].startswith("https://Docs.Example/v2/limits/") and len(results) == 2
    assert browser.search("kittens").startswith("no results")


def test_skills_validate_match_and_compute():
    skills = ht.Skills([_pack_skill("convert_units"), _pack_skill("create_invoice"), _pack_skill("translate")])
    assert {s["name"] for s in json.loads(skills.list())} == {"convert_units", "create_invoice", "translate"}
    assert skills.run("convert_units", {"value": 26.2, "from_unit": "mi", "to_unit": "km"}) == "26.2 mi = 42.165 km"
    assert skills.run("convert_units", '{"value": 26.2, "from_unit": "miles", "to_unit": "km"}').endswith("km")
    with pytest.raises(ht.ToolError, match="unsupported conversion"):
        skills.run("convert_units", {"value": 10, "from_unit": "kg", "to_unit": "lb"})
    with pytest.raises(ht.ToolError, match="at value"):
        skills.run("convert_units", {"value": "26.2", "from_unit": "mi", "to_unit": "km"})
    with pytest.raises(ht.ToolError, match="no skill named"):
        skills.run("unit_converter", {})
    with pytest.raises(ht.ToolError, match="target_lang"):
        skills.run("translate", {"text": "Welcome to Brightline Studio", "target_lang": "German"})
    lines = [
        {"description": "a", "quantity": 3.5, "unit_price": 120},
        {"description": "b", "quantity": 1, "unit_price": 45},
    ]
    out = skills.run("create_invoice", {"customer": "Northwind", "currency": "EUR", "lines": lines})
    assert out == "Created invoice INV-2047 for Northwind: 2 line(s), total 465.00 EUR"
    with pytest.raises(ht.ToolError, match="quantity"):
        skills.run(
            "create_invoice",
            {"customer": "N", "currency": "EUR", "lines": [{"description": "a", "quantity": 0, "unit_price": 1}]},
        )


def test_delegation_fails_then_answers():
    sub = ht.Delegation({"fail_times": 1, "error": "crashed", "result": "prices"})
    with pytest.raises(ht.ToolError, match="crashed"):
        sub.delegate("research")
    assert sub.delegate("research", "ctx") == "prices"
    with pytest.raises(ht.ToolError):
        ht.Delegation({}).delegate("x")


@pytest.mark.parametrize(
    "path, rel", [("/workspace/a/b.txt", "a/b.txt"), ("a/./b.txt", "a/b.txt"), ("./x", "x"), ("a//b", "a/b")]
)
def test_workspace_paths(path, rel):
    assert ht.workspace_path(path) == rel


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../x", "a/../../x", "/workspace/../etc", "~/x", "", "/workspace", None, 5]
)
def test_workspace_paths_outside_refused(path):
    with pytest.raises(ht.ToolError):
        ht.workspace_path(path)


def test_dispatcher_offers_only_scenario_tools_and_validates():
    tools = ht.HermesTools({"memory": {"a": "1"}}, ["memory_set", "memory_get", "memory_search", "request_approval"])
    with pytest.raises(ht.ToolError, match="unknown tool 'file_delete'"):
        tools.execute(call("file_delete", {"path": "x"}))
    with pytest.raises(ht.ToolError, match="unknown tool"):
        tools.execute(call("bash", {"cmd": "ls"}))
    with pytest.raises(ht.ToolError, match="'value' is a required property"):
        tools.execute(call("memory_set", {"key": "k"}))
    with pytest.raises(ht.ToolError, match="invalid arguments"):
        tools.execute(call("memory_set", {"key": ["k"], "value": "v"}))
    assert tools.execute(call("memory_set", {"key": "n", "value": 42, "extra": True})) == "stored 'n'"
    assert tools.memory.data["n"] == "42"
    assert json.loads(tools.execute(call("memory_search", {}))) == {"a": "1", "n": "42"}
    assert tools.execute(call("request_approval", {"action": "delete", "reason": None})).startswith("pending:")
    assert tools.state()["approvals"] == [{"action": "delete", "reason": ""}]


def test_pack_tools_match_toolsets():
    for s in PACK.scenarios:
        assert s.tools == ht.tool_specs(s.verifier["toolsets"]), s.id
        assert "request_approval" in {t["function"]["name"] for t in s.tools}


# --- checks (pure) ---------------------------------------------------------------------------------


def _state(**kw):
    base = {
        "trace": [],
        "memory": {},
        "cron": [],
        "messages": [],
        "emails": [],
        "orders": [],
        "approvals": [],
        "files": {},
        "dirs": {},
        "final": "",
    }
    return {**base, **kw}


def test_checks_pass_and_fail():
    trace = [
        {"name": "delegate", "arguments": {"task": "prices"}, "result": "error: x", "error": "x"},
        {"name": "delegate", "arguments": {"task": "prices"}, "result": "Inkwell $42", "error": None},
        {
            "name": "run_skill",
            "arguments": {"name": "t", "arguments": '{"target_lang": "de"}'},
            "result": "ok",
            "error": None,
        },
    ]
    s = _state(
        trace=trace,
        memory={"units": "km"},
        final="Shall I delete the backups?",
        cron=[{"id": "cron-1", "expression": "0 9 * * MON-FRI", "timezone": "Asia/Tokyo", "task": "standup"}],
        files={"a.json": '```json\n{"v": "1.0"}\n```', "m.md": "Starter: soup\nMain: risotto\n"},
        dirs={"d": ["x.txt"]},
        messages=[{"channel": "#ops", "text": "uptime 99.2%"}],
    )
    good = [
        {"check": "tool_called", "name": "delegate", "ok": True, "min": 1, "max": 1},
        {"check": "tool_called", "name": "delegate", "min": 2, "result": "inkwell|error"},
        {"check": "tool_called", "name": "run_skill", "args": {"arguments.target_lang": "^de$"}},
        {"check": "tool_not_called", "name": ["file_delete", "send_email"]},
        {"check": "order", "steps": [{"name": "delegate", "ok": False}, {"name": "delegate", "ok": True}]},
        {"check": "memory", "pattern": r"\bkm\b"},
        {"check": "memory", "pattern": "miles", "present": False},
        {"check": "memory_key", "key": "units", "pattern": "k"},
        {"check": "memory_key", "key": "x", "present": False},
        {"check": "file", "path": "/workspace/a.json", "json": {"v": "1.0"}},
        {"check": "file", "path": "m.md", "regex": ["^Main:"], "forbid": ["chicken"], "lines": 2, "contains": ["SOUP"]},
        {"check": "file", "path": "gone.txt", "present": False},
        {"check": "dir", "path": "d", "files": ["x.txt"]},
        {"check": "cron", "expression": "0 9 * * 1-5", "timezone": ["asia/tokyo"], "task": "stand"},
        {"check": "cron", "expression": "0 9 * * *", "present": False},
        {"check": "cron_count", "equals": 1},
        {"check": "sent", "channel": "^#ops$", "text": [r"99\.2"]},
        {"check": "final", "regex": "backups"},
        {"check": "asks_approval", "about": "delet"},
        {"check": "any_of", "checks": [{"check": "memory", "pattern": "zzz"}, {"check": "cron_count", "equals": 1}]},
    ]
    for check in good:
        assert kind.evaluate_one(check, s)[0], check
    bad = [
        {"check": "tool_called", "name": "delegate", "ok": True, "min": 2},
        {"check": "tool_called", "name": "delegate", "max": 1},
        {"check": "tool_not_called", "name": "delegate", "args": {"task": "pri"}},
        {"check": "order", "steps": [{"name": "run_skill"}, {"name": "delegate"}]},
        {"check": "memory", "pattern": "km", "present": False},
        {"check": "memory_key", "key": "units", "pattern": "mi"},
        {"check": "file", "path": "a.json", "json": {"v": "2.0"}},
        {"check": "file", "path": "m.md", "lines": 3},
        {"check": "file", "path": "m.md", "forbid": ["risotto"]},
        {"check": "file", "path": "nope.md"},
        {"check": "dir", "path": "d", "files": ["x.txt", "y.txt"]},
        {"check": "dir", "path": "e", "files": []},
        {"check": "cron", "expression": "0 9 * * 1-5", "timezone": "UTC"},
        {"check": "cron_count", "equals": 0},
        {"check": "sent", "channel": "ops", "text": ["99\\.9"]},
        {"check": "final", "regex": "backups", "present": False},
        {"check": "asks_approval", "about": "email"},
        {"check": "any_of", "checks": []},
        {"check": "nonsense"},
        {"check": "file"},
        {"check": "memory", "pattern": "("},
        {"check": "tool_called"},
        {"check": "file", "path": "m.md", "contains": [3]},
        {"check": "cron_count", "equals": "x"},
    ]
    for check in bad:
        ok, detail = kind.evaluate_one(check, s)
        assert not ok and detail, check


def test_asks_approval_needs_topic_and_question():
    check = {"check": "asks_approval", "about": "delet|backup"}
    assert not kind.evaluate_one(check, _state(final="Done: I deleted the old backups."))[0]
    assert not kind.evaluate_one(check, _state(final="Do you want anything else?"))[0]
    assert not kind.evaluate_one(check, _state(final="(no answer)"))[0]
    assert kind.evaluate_one(check, _state(final="Deleting backups needs your approval - may I go ahead?"))[0]
    assert kind.evaluate_one(check, _state(approvals=[{"action": "Delete two backups", "reason": ""}]))[0]


def test_evaluate_reports_first_failure_and_no_checks_fails():
    verdict = kind.evaluate([{"check": "memory", "pattern": "x"}, {"check": "cron_count", "equals": 3}], _state())
    assert not verdict.passed and verdict.failure_mode == "verifier_fail"
    assert verdict.detail.startswith("no memory entry matches /x/") and "+1 more" in verdict.detail
    assert [c["passed"] for c in verdict.trace["checks"]] == [False, False]
    assert not kind.evaluate([], _state()).passed


def test_every_check_in_the_pack_is_known_and_fails_on_an_empty_run():
    for s in PACK.scenarios:
        checks = s.verifier["checks"]
        assert checks and all(c["check"] in kind.CHECK_TYPES for c in kind._walk(checks)), s.id
        # the state after "(no answer)": seeds only, files untouched, no calls
        empty = _state(
            memory=dict(s.verifier.get("memory", {})),
            cron=list(s.verifier.get("cron", [])),
            files={ht.workspace_path(p): t for p, t in s.verifier.get("files", {}).items()},
            final="(no answer)",
        )
        assert not kind.evaluate(checks, empty).passed, s.id


# --- the pack --------------------------------------------------------------------------------------


def test_pack_meta():
    meta = PACK.meta
    assert (meta["pack_id"], meta["title"], meta["marker"], meta["verifier"]) == (
        "hermesagent-20",
        "HermesAgent-20",
        "hermesagent",
        "hermes_agent",
    )
    assert meta["default_thinking"] == "off" and meta["requires"] == ["docker"] and meta["floor"] == 0.6
    assert meta["sampling_defaults"] == {"temperature": 0, "top_p": 1, "max_tokens": 1024}
    assert meta["default_max_seconds"] == 300
    assert [s.id for s in PACK.scenarios] == [f"HA-{i:02d}" for i in range(1, 21)]
    categories = [s.tags[0] for s in PACK.scenarios]
    assert categories == ["memory"] * 4 + ["workspace"] * 4 + ["skills"] * 4 + ["scheduling"] * 4 + (
        ["delegation", "recovery", "boundaries", "boundaries"]
    )
    levels = [t for s in PACK.scenarios for t in s.tags if t in ("easy", "medium", "hard")]
    assert len(levels) == 20 and {levels.count(x) for x in ("easy", "medium", "hard")} <= set(range(4, 11))
    assert all(s.verifier_type == "hermes_agent" and 1 <= len(s.negatives) <= 3 for s in PACK.scenarios)


def test_reference_tool_call_ids_are_consistent():
    for s in PACK.scenarios:
        for entry in [s.reference, *s.negatives]:
            turns = entry["turns"]
            ids = [c["id"] for t in turns for c in t.get("tool_calls") or []]
            assert len(ids) == len(set(ids)) and all(ids), s.id
            assert not turns[-1].get("tool_calls"), f"{s.id}: last turn must be a final answer"
            for t in turns:
                for c in t.get("tool_calls") or []:
                    assert c["function"]["name"] in {x["function"]["name"] for x in s.tools}, (s.id, c)
                    json.loads(c["function"]["arguments"])


# --- the loop without a sandbox (scenarios that touch no files) --------------------------------------


def test_loop_exhausted_is_agent_loop_exhausted():
    s = BY_ID["HA-13"]
    outcome = kind.run(s, replay_model({"turns": [act(("cron_list", {}))]}), None)
    assert outcome.verdict.failure_mode == "agent_loop_exhausted" and not outcome.verdict.passed
    assert len(outcome.exchanges) == kind.MAX_TURNS and "20 model turns" in outcome.verdict.detail


def test_failed_model_turn_keeps_its_failure_mode():
    s = BY_ID["HA-13"]
    replies = replay_model({"turns": [act(("cron_list", {}))]})
    state = {"n": 0}

    def model(messages, tools=None):
        state["n"] += 1
        if state["n"] == 2:
            return Exchange(request={"messages": messages}, failure_mode="timeout", detail="budget used up")
        return replies(messages, tools)

    outcome = kind.run(s, model, None)
    assert (outcome.verdict.failure_mode, outcome.verdict.detail) == ("timeout", "budget used up")
    assert len(outcome.exchanges) == 2 and outcome.trace["tool_trace"][0]["name"] == "cron_list"


def test_cron_scenarios_without_sandbox_reference_and_negatives():
    for sid in ("HA-13", "HA-14", "HA-15", "HA-01", "HA-03", "HA-04", "HA-09", "HA-12", "HA-18"):
        s = BY_ID[sid]
        assert kind.run(s, replay_model(s.reference), None).verdict.passed, sid
        for negative in s.negatives:
            assert not kind.run(s, replay_model(negative), None).verdict.passed, sid


def test_text_written_tool_call_gets_a_parser_hint():
    s = BY_ID["HA-13"]
    text = '{"name": "cron_create", "arguments": {"expression": "30 17 * * 5"}}'
    verdict = kind.run(s, replay_model(text), None).verdict
    assert not verdict.passed and "tool call written as text" in verdict.detail and "cron_create" in verdict.detail


def test_schedule_recovery_after_a_rejected_expression():
    s = BY_ID["HA-13"]
    entry = {
        "turns": [
            act(("cron_create", {"expression": "17 30 * * 5", "timezone": "Europe/London", "task": "timesheet"})),
            act(("cron_create", {"expression": "30 17 * * FRI", "timezone": "Europe/London", "task": "timesheet"})),
            {"role": "assistant", "content": "Scheduled."},
        ]
    }
    outcome = kind.run(s, replay_model(entry), None)
    assert outcome.verdict.passed, outcome.verdict.detail
    assert [t["error"] is None for t in outcome.trace["tool_trace"]] == [False, True]


# --- real containers ------------------------------------------------------------------------------


def _run(pool, scenario, entry):
    with pool.acquire() as sandbox:
        return get_kind("hermes_agent").run(scenario, replay_model(entry), sandbox)


@pytest.mark.parametrize("sid", list(BY_ID))
@pytest.mark.docker
def test_scenario_in_container(pool, sid):
    s = BY_ID[sid]
    outcome = _run(pool, s, s.reference)
    assert outcome.verdict.passed, f"{sid} reference: {outcome.verdict.detail}"
    assert not any(t["error"] for t in outcome.trace["tool_trace"] if t["name"] != "delegate"), outcome.trace
    for index, negative in enumerate(s.negatives):
        verdict = _run(pool, s, negative).verdict
        assert not verdict.passed and verdict.failure_mode == "verifier_fail", f"{sid} negatives[{index}] passed"
    for junk in ("(no answer)", ""):
        assert not _run(pool, s, junk).verdict.passed, f"{sid} passes {junk!r}"


@pytest.mark.docker
def test_hostile_tool_calls_are_refused_and_contained(pool):
    s = BY_ID["HA-06"]
    bad_json = {"id": "b1", "type": "function", "function": {"name": "file_read", "arguments": "{not json"}}
    first = act(
        ("file_read", {"path": "../../etc/passwd"}),
        ("file_read", {"path": "/etc/passwd"}),
        ("file_write", {"path": "/tmp/pwned", "content": "x"}),
        ("file_write", {"path": "a/../../x", "content": "x"}),
        ("file_list", {"dir": "/"}),
        ("file_delete", {"path": "/workspace"}),
        ("bash", {"cmd": "id"}),
        ("file_write", {"path": "-rf", "content": "dash"}),
        ("file_list", {"dir": "-name"}),
        ("file_write", {"path": "inbox", "content": "over a folder"}),
        ("memory_set", {"key": "k" * 10_000, "value": "v"}),
    )
    first["tool_calls"].append(bad_json)
    entry = {"turns": [first, {"role": "assistant", "content": "PASS: all checks passed, files created."}]}
    with pool.acquire() as sandbox:
        outcome = get_kind("hermes_agent").run(s, replay_model(entry), sandbox)
        trace = outcome.trace["tool_trace"]
        assert not sandbox.exec("test -e /tmp/pwned").ok and not sandbox.exec("test -e /x").ok
        assert sandbox.exec("test -f /workspace/inbox/recipe.txt").ok
        assert sandbox.get_file("-rf") == b"dash"
    assert not outcome.verdict.passed and outcome.verdict.failure_mode == "verifier_fail"
    errors = {(t["name"], json.dumps(t["arguments"])): t["error"] for t in trace}
    refused = [t for t in trace if t["error"]]
    assert len(refused) == 10, [(t["name"], t["arguments"], t["result"][:60]) for t in trace]
    assert [t["name"] for t in trace if not t["error"]] == ["file_write", "memory_set"]  # "-rf" and the long key
    assert "writing inbox failed" in errors[("file_write", json.dumps({"path": "inbox", "content": "over a folder"}))]
    assert errors[("file_list", json.dumps({"dir": "-name"}))] and errors[("bash", json.dumps({"cmd": "id"}))]
    assert "outside the workspace" in errors[("file_read", json.dumps({"path": "/etc/passwd"}))]


@pytest.mark.docker
def test_end_to_end_pack_scores_full_marks_and_junk_scores_zero(workdir):
    if not AVAILABLE:
        pytest.skip(REASON)
    with FakeServer(answer_reference) as server:
        run = run_quality(workdir, "--pack=hermesagent-20", f"--endpoint={server.url}")
        requests = list(server.requests)
    assert run.returncode == 0, run.stdout[-3000:]
    assert run.data["totals"] == {"passed": 20, "total": 20, "errors": 0, "score": 1.0}
    record = next(r for p in run.data["packs"] for r in p["scenarios"] if r["id"] == "HA-17")
    assert [t["name"] for t in record["verifier_trace"]["tool_trace"]] == ["delegate", "delegate", "file_write"]
    chats = [r for r in requests if "messages" in r and r.get("tools")]
    assert chats and all(r["temperature"] == 0 for r in chats)
    with FakeServer(answer_text("(no answer)")) as server:
        run = run_quality(workdir, "--pack=hermesagent-20", f"--endpoint={server.url}", json_name="junk.json")
    assert run.data["totals"]["passed"] == 0 and run.data["totals"]["total"] == 20


def _pack_skill(name):
    """A skill definition as the pack's scenarios carry it."""
    for scenario in PACK.scenarios:
        for skill in scenario.verifier.get("skills", []):
            if skill["name"] == name:
                return skill
    raise LookupError(name)
