"""Unit tests for the tool_call verifier and the ToolCall-15 pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_quality import verifiers
from pytest_quality.packs import Scenario, load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verifiers import tool_call

PACK = Path(__file__).resolve().parents[2] / "packs" / "toolcall-15.jsonl"


def tool(name, props=None, required=None):
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": name,
            "parameters": {"type": "object", "properties": props or {}, "required": required or []},
        },
    }


TOOLS = [
    tool(
        "get_weather",
        {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        ["city"],
    ),
    tool("web_search", {"query": {"type": "string"}}, ["query"]),
    tool("read_file", {"path": {"type": "string"}}, ["path"]),
    tool("search_files", {"query": {"type": "string"}}, ["query"]),
    tool("save_file", {"filename": {"type": "string"}}, ["filename"]),
    tool("get_stock_price", {"ticker": {"type": "string"}}, ["ticker"]),
]


def scen(tools=TOOLS, **params) -> Scenario:
    return Scenario(
        pack_id="t",
        id="T-1",
        node_name="T-1",
        line=2,
        messages=[{"role": "user", "content": "hi"}],
        verifier={"type": "tool_call", **params},
        raw={},
        tools=tools,
    )


def call(name, args=None, i=1, raw=None):
    arguments = raw if raw is not None else json.dumps(args or {})
    return {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": arguments}}


def reply(*calls, content=""):
    return Reply.from_message({"role": "assistant", "content": content, "tool_calls": list(calls)})


def check(params, r):
    return tool_call.verify(scen(**params), r)


def one(name, **spec):
    return {"calls": [{"name": name, **spec}]}


# --- function names ------------------------------------------------------------------------------


def test_name_pass_and_fail_detail():
    params = one("get_weather")
    assert check(params, reply(call("get_weather", {"city": "Oslo"}))).passed
    v = check(params, reply(call("web_search", {"query": "weather"})))
    assert not v.passed and v.detail == "expected call get_weather, got web_search"
    assert v.failure_mode == "verifier_fail"


def test_name_in_accepts_either_tool():
    params = {"calls": [{"name_in": ["search_files", "read_file"]}]}
    assert check(params, reply(call("read_file", {"path": "a"}))).passed
    assert check(params, reply(call("search_files", {"query": "a"}))).passed
    v = check(params, reply(call("web_search", {"query": "a"})))
    assert not v.passed and v.detail == "expected call search_files or read_file, got web_search"


def test_no_call_when_call_expected():
    v = check(one("get_weather"), reply(content="It is sunny in Oslo."))
    assert not v.passed
    assert v.detail.startswith("expected call get_weather, got no tool call")
    assert "sunny" in v.detail  # the reply snippet helps the user


# --- argument matchers ---------------------------------------------------------------------------


def test_exact_value_detail_matches_contract_example():
    params = one("save_file", args={"filename": "report.pdf"})
    assert check(params, reply(call("save_file", {"filename": " report.pdf "}))).passed
    v = check(params, reply(call("save_file", {"filename": "output.pdf"})))
    assert v.detail == 'wrong arg value for "filename": expected report.pdf, got output.pdf'
    assert not check(params, reply(call("save_file", {"filename": "Report.pdf"}))).passed


def test_exact_number_and_bool():
    assert check(one("f", args={"n": 3}), reply(call("f", {"n": 3.0}))).passed
    assert check(one("f", args={"n": 3}), reply(call("f", {"n": "3"}))).passed
    assert not check(one("f", args={"n": 3}), reply(call("f", {"n": 4}))).passed
    assert check(one("f", args={"b": True}), reply(call("f", {"b": True}))).passed
    assert not check(one("f", args={"b": True}), reply(call("f", {"b": 1}))).passed
    assert not check(one("f", args={"b": False}), reply(call("f", {"b": "false"}))).passed


def test_equals_matcher_object_form():
    spec = one("get_weather", args={"city": {"equals": "Paris"}})
    assert check(spec, reply(call("get_weather", {"city": " Paris "}))).passed
    v = check(spec, reply(call("get_weather", {"city": "Lyon"})))
    assert not v.passed and v.detail.startswith('wrong arg value for "city"')


def test_iequals():
    params = one("get_weather", args={"city": {"iequals": "New  York"}})
    assert check(params, reply(call("get_weather", {"city": "new york"}))).passed
    assert not check(params, reply(call("get_weather", {"city": "York"}))).passed


def test_regex():
    params = one("get_weather", args={"city": {"regex": r"(?i)^paris\b"}})
    assert check(params, reply(call("get_weather", {"city": "Paris, France"}))).passed
    v = check(params, reply(call("get_weather", {"city": "Lyon"})))
    assert not v.passed and 'wrong arg value for "city"' in v.detail and "got Lyon" in v.detail


def test_numeric_tolerance_and_range():
    tol = one("f", args={"x": {"number": 21.5, "tolerance": 0.1}})
    assert check(tol, reply(call("f", {"x": 21.58}))).passed
    assert check(tol, reply(call("f", {"x": "21.5"}))).passed
    v = check(tol, reply(call("f", {"x": 21.7})))
    assert not v.passed and v.detail == 'wrong arg value for "x": expected 21.5 ±0.1, got 21.7'
    assert not check(tol, reply(call("f", {"x": "about 21"}))).passed
    assert not check(tol, reply(call("f", {"x": True}))).passed
    rng = one("f", args={"x": {"min": 60, "max": 88}})
    assert check(rng, reply(call("f", {"x": 60}))).passed
    assert not check(rng, reply(call("f", {"x": 89}))).passed


def test_one_of():
    params = one("f", args={"m": {"one_of": ["GET", "HEAD"]}})
    assert check(params, reply(call("f", {"m": "HEAD"}))).passed
    assert not check(params, reply(call("f", {"m": "head"}))).passed
    loose = one("f", args={"m": {"one_of": ["GET", "HEAD"], "ignore_case": True}})
    assert check(loose, reply(call("f", {"m": "head"}))).passed
    assert not check(loose, reply(call("f", {"m": "POST"}))).passed


def test_contains_json_same_items():
    contains = one("f", args={"q": {"contains": ["invoice", "renderer"]}})
    assert check(contains, reply(call("f", {"q": "class InvoiceRenderer"}))).passed
    assert not check(contains, reply(call("f", {"q": "class Invoice"}))).passed
    js = one("f", args={"body": {"json": {"a": 12, "b": False}}})
    assert check(js, reply(call("f", {"body": {"b": False, "a": 12.0}}))).passed
    assert check(js, reply(call("f", {"body": '```json\n{"a": 12, "b": false}\n```'}))).passed
    assert not check(js, reply(call("f", {"body": {"a": "12", "b": False}}))).passed
    assert not check(js, reply(call("f", {"body": {"a": 12, "b": 0}}))).passed
    cities = one("f", args={"stops": {"contains": "Zürich"}})  # text matchers read a list as JSON, unescaped
    assert check(cities, reply(call("f", {"stops": ["Bern", "Zürich"]}))).passed
    items = one("f", args={"to": {"same_items": ["a@x.io", "b@x.io"]}})
    assert check(items, reply(call("f", {"to": ["B@x.io", "a@x.io"]}))).passed
    assert not check(items, reply(call("f", {"to": ["a@x.io"]}))).passed
    assert not check(items, reply(call("f", {"to": "a@x.io, b@x.io"}))).passed


def test_json_matcher_compares_lists_and_numbers_exactly():
    """`json` equality is exact JSON equality (12 == 12.0 only): lists in order and of the same length,
    each element compared, numbers not rounded, a list never equal to a scalar or a dict."""
    js = one("f", args={"body": {"json": {"ids": [3, 7, [1, 2]], "rate": 0.5}}})
    assert check(js, reply(call("f", {"body": {"ids": [3.0, 7, [1, 2.0]], "rate": 0.5}}))).passed
    for wrong in (
        {"ids": [7, 3, [1, 2]], "rate": 0.5},  # order
        {"ids": [3, 7], "rate": 0.5},  # shorter
        {"ids": [3, 7, [1, 2], 9], "rate": 0.5},  # longer
        {"ids": [3, 8, [1, 2]], "rate": 0.5},  # one element wrong
        {"ids": [3, 7, [1, 3]], "rate": 0.5},  # a nested element wrong
        {"ids": [3, 7, [1, 2]], "rate": 1.0},  # a number off by 0.5
        {"ids": [3, 7, [1, 2]], "rate": 0.5000001},
        {"ids": 3, "rate": 0.5},  # scalar for a list
        {"ids": {"0": 3}, "rate": 0.5},
    ):  # object for a list
        assert not check(js, reply(call("f", {"body": wrong}))).passed, wrong
    flat = one("f", args={"ids": {"json": [1, 2]}})
    assert not check(flat, reply(call("f", {"ids": 1}))).passed  # a scalar is not a list, nor the reverse
    assert not check(one("f", args={"ids": {"json": 1}}), reply(call("f", {"ids": [1, 2]}))).passed


def test_optional_and_dotted_keys():
    params = one("f", args={"start": {"min": 1, "max": 10, "optional": True}, "body.ttl": 12})
    assert check(params, reply(call("f", {"body": {"ttl": 12}}))).passed
    assert not check(params, reply(call("f", {"start": 50, "body": {"ttl": 12}}))).passed
    v = check(params, reply(call("f", {"body": {}})))
    assert v.detail == 'missing required arg "body.ttl" in f'


def test_types():
    params = one("f", types={"n": "integer", "s": ["string", "null"]})
    assert check(params, reply(call("f", {"n": 3, "s": None}))).passed
    assert check(params, reply(call("f", {"n": 3.0, "s": "x"}))).passed
    v = check(params, reply(call("f", {"n": "3"})))
    assert v.detail == 'wrong arg type for "n": expected integer, got string'
    assert not check(params, reply(call("f", {"n": True}))).passed


def test_required_and_forbidden():
    params = one("f", required=["a"], forbidden=["b"])
    assert check(params, reply(call("f", {"a": 1}))).passed
    assert check(params, reply(call("f", {"a": 1, "b": None}))).passed
    assert not check(params, reply(call("f", {"a": ""}))).passed
    assert check(params, reply(call("f", {}))).detail == 'missing required arg "a" in f'
    assert check(params, reply(call("f", {"a": 1, "b": 2}))).detail == 'forbidden arg "b" present in f'


def test_check_schema_is_on_by_default():
    params = {"calls": [{"name": "get_weather"}]}
    assert check(params, reply(call("get_weather", {"city": "Oslo", "unit": "celsius"}))).passed
    v = check(params, reply(call("get_weather", {"city": "Oslo", "unit": "kelvin"})))
    assert not v.passed and v.detail == 'wrong arg value for "unit": kelvin is not one of celsius, fahrenheit'
    v = check(params, reply(call("get_weather", {"unit": "celsius"})))
    assert v.detail == 'missing required arg "city" in get_weather'
    # opting out grades the values only (for packs whose tool schemas are decorative)
    assert check({**params, "check_schema": False}, reply(call("get_weather", {"unit": "kelvin"}))).passed


def test_tools_given_without_the_function_wrapper_keep_their_schema():
    flat = [{"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]
    params = {"calls": [{"name": "get_weather"}]}
    assert tool_call.verify(scen(tools=flat, **params), reply(call("get_weather", {"city": "Oslo"}))).passed
    v = tool_call.verify(scen(tools=flat, **params), reply(call("get_weather", {"city": 7})))
    assert v.detail == 'wrong arg type for "city": expected string, got integer'


def test_bad_matcher_is_a_pack_error_not_a_crash():
    v = check(one("f", args={"x": {"nonsense": 1}}), reply(call("f", {"x": 1})))
    assert not v.passed and "pack error" in v.detail
    v = check(one("f", args={"x": {"regex": "("}}), reply(call("f", {"x": 1})))
    assert not v.passed


# --- the tool's own JSON Schema ----------------------------------------------------------------

READ = [
    tool(
        "read_file",
        {"path": {"type": "string"}, "start_line": {"type": "integer"}, "end_line": {"type": "integer"}},
        ["path"],
    )
]
LINES = {"calls": [{"name": "read_file", "args": {"path": "a.yaml", "start_line": 40, "end_line": 65}}]}


def test_red_team_integers_as_strings_fail_without_a_types_spec():
    """The spec has no `types`: the tool's schema alone must reject "40" for an integer parameter."""
    r = reply(call("read_file", {"path": "a.yaml", "start_line": "40", "end_line": "65"}))
    v = tool_call.verify(scen(tools=READ, **LINES), r)
    assert not v.passed and v.detail == 'wrong arg type for "start_line": expected integer, got string'
    # the value matcher on its own is lenient ("40" == 40): only the schema makes the difference
    assert tool_call.verify(scen(tools=READ, check_schema=False, **LINES), r).passed


@pytest.mark.parametrize("value", [40, 40.0])
def test_integral_float_is_an_integer_as_in_json_schema_2020_12(value):
    r = reply(call("read_file", {"path": "a.yaml", "start_line": value, "end_line": 65}))
    assert tool_call.verify(scen(tools=READ, **LINES), r).passed


@pytest.mark.parametrize("bad", [40.5, True, [40], None])
def test_other_wrong_types_fail(bad):
    r = reply(call("read_file", {"path": "a.yaml", "start_line": bad, "end_line": 65}))
    v = tool_call.verify(scen(tools=READ, **LINES), r)
    assert not v.passed and "start_line" in v.detail


CLOSED = [tool("get_weather", {"city": {"type": "string"}}, ["city"])]
CLOSED[0]["function"]["parameters"]["additionalProperties"] = False
SILENT = [tool("get_weather", {"city": {"type": "string"}}, ["city"])]
OPEN = [tool("get_weather", {"city": {"type": "string"}}, ["city"])]
OPEN[0]["function"]["parameters"]["additionalProperties"] = True


@pytest.mark.parametrize("tools", [CLOSED, SILENT], ids=["closed", "silent"])
def test_red_team_undefined_extra_argument_fails(tools):
    r = reply(call("get_weather", {"city": "Oslo", "country": "Norway"}))
    v = tool_call.verify(scen(tools=tools, **one("get_weather", args={"city": "Oslo"})), r)
    assert not v.passed
    assert v.detail == 'undefined arg "country" in get_weather: not a parameter of its schema'


def test_undefined_args_follow_an_explicitly_open_schema_or_the_schema_mode():
    r = reply(call("get_weather", {"city": "Oslo", "country": "Norway"}))
    params = one("get_weather", args={"city": "Oslo"})
    assert tool_call.verify(scen(tools=OPEN, **params), r).passed
    assert tool_call.verify(scen(tools=SILENT, undefined_args="schema", **params), r).passed
    assert not tool_call.verify(scen(tools=CLOSED, undefined_args="schema", **params), r).passed


def test_nested_objects_keep_their_own_schema():
    http = [
        tool(
            "http_request",
            {
                "url": {"type": "string"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "json_body": {"type": "object"},
            },
            ["url"],
        )
    ]
    params = one("http_request", args={"json_body": {"json": {"ttl": 12}}})
    ok = reply(call("http_request", {"url": "u", "headers": {"X-A": "1"}, "json_body": {"ttl": 12}}))
    assert tool_call.verify(scen(tools=http, **params), ok).passed
    v = tool_call.verify(
        scen(tools=http, **params),
        reply(call("http_request", {"url": "u", "json_body": {"ttl": 12}, "headers": {"X-A": 1}})),
    )
    assert v.detail == 'wrong arg type for "headers.X-A": expected string, got integer'
    as_text = reply(call("http_request", {"url": "u", "json_body": '{"ttl": 12}'}))
    v = tool_call.verify(scen(tools=http, **params), as_text)
    assert v.detail == 'wrong arg type for "json_body": expected object, got string'


def test_schema_issue_comes_before_the_value_check():
    r = reply(call("read_file", {"path": "a.yaml", "start_line": "41", "end_line": 65}))
    v = tool_call.verify(scen(tools=READ, **LINES), r)
    assert v.detail.startswith('wrong arg type for "start_line"')


def test_null_for_an_optional_parameter_counts_as_absent():
    r = reply(call("read_file", {"path": "a.yaml", "start_line": None, "end_line": None}))
    params = {"calls": [{"name": "read_file", "args": {"path": "a.yaml", "start_line": {"min": 1, "optional": True}}}]}
    assert tool_call.verify(scen(tools=READ, **params), r).passed
    v = tool_call.verify(scen(tools=READ, **params), reply(call("read_file", {"path": None})))
    assert not v.passed and "path" in v.detail  # a required parameter may not be null


FAIR = {"city": "Oslo", "unit": "celsius"}


@pytest.mark.parametrize(
    "message",
    [
        {
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": json.dumps(FAIR)}}
            ]
        },
        {"tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": FAIR}}]},
        {"tool_calls": [{"function": {"name": "get_weather", "arguments": '{"unit": "celsius", "city": "Oslo"}'}}]},
        {"content": "Checking Oslo now.", "tool_calls": [{"function": {"name": "get_weather", "arguments": FAIR}}]},
        {
            "content": "<think>get_weather fits.</think>",
            "tool_calls": [{"function": {"name": "get_weather", "arguments": FAIR}}],
        },
    ],
    ids=["json-string", "object-no-id", "key-order", "content-alongside", "think-block"],
)
def test_fair_call_variants_pass(message):
    params = one("get_weather", args={"city": "Oslo", "unit": "celsius"})
    assert tool_call.verify(scen(tools=CLOSED_WEATHER, **params), Reply.from_message(message)).passed


CLOSED_WEATHER = [
    tool(
        "get_weather",
        {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        ["city"],
    )
]
CLOSED_WEATHER[0]["function"]["parameters"]["additionalProperties"] = False


def test_broken_pack_schema_is_a_pack_error():
    bad = [tool("get_weather", {"city": {"type": "strnig"}}, ["city"])]
    v = tool_call.verify(scen(tools=bad, **one("get_weather")), reply(call("get_weather", {"city": "Oslo"})))
    assert not v.passed and v.detail.startswith("pack error: bad schema for get_weather")


# --- text answers: forbidden claims, the final answer line -------------------------------------

KIB = {"expect": "no_call", "answer": {"number": 1024, "also": [1]}}


@pytest.mark.parametrize(
    "content",
    [
        "ANSWER: 1000 or 1024",
        "ANSWER: 1024 (or 1000)",
        "ANSWER: 1024\nANSWER: 1000",
        "ANSWER: 1,000 / 1,024 bytes",
    ],
)
def test_red_team_hedge_fails(content):
    v = check(KIB, reply(content=content))
    assert not v.passed and v.detail == "hedged answer: states 1000, 1024 (one value wanted)"


@pytest.mark.parametrize(
    "content",
    [
        "ANSWER: 1024",
        "**ANSWER:** 1,024.",
        "**Answer: 1024 bytes**",
        "> Final answer: `1024`",
        "A KiB is 1024 bytes; a kB is 1000 bytes.\nANSWER: 1024",
        "ANSWER: 1 KiB = 2^10 = 1024 bytes",
        "ANSWER: 2**10 = 1024",
        "ANSWER: 1024 bytes (2¹⁰)",
        "ANSWER: 1\u202f024",
        "ANSWER: 1024\n```",
        "<think>1000 or 1024? Binary prefix, so 1024.</think>ANSWER: 1024",
    ],
)
def test_fair_answer_lines_pass(content):
    v = check(KIB, Reply.from_message(content))
    assert v.passed, v.detail


@pytest.mark.parametrize(
    "content, detail",
    [
        ("1 KiB is 1024 bytes.", "no final 'ANSWER:' line"),
        ("ANSWER: 1024\nHope that helps!", "text follows the 'ANSWER:' line"),
        ("ANSWER: 1000", "wrong answer: expected 1024, got 1000"),
        ("ANSWER: 1025", "wrong answer: expected 1024, got 1025"),  # no tolerance unless the pack gives one
        ("ANSWER: <number of bytes>", "'ANSWER:' line states no answer value: <number of bytes>"),
        ("ANSWER: 1 KiB", "'ANSWER:' line states no answer value: 1 KiB"),
    ],
)
def test_answer_line_failures(content, detail):
    assert check(KIB, reply(content=content)).detail == detail


def test_answer_line_with_a_number_too_long_to_read_fails_cleanly():
    v = check(KIB, reply(content="ANSWER: " + "9" * 300))
    assert not v.passed and v.detail.startswith("'ANSWER:' line states a number too long to read: 999")


def test_answer_alternatives_tolerance_and_pack_errors():
    two = {"expect": "no_call", "answer": {"number": [1000, 1024]}}
    assert check(two, reply(content="ANSWER: 1000")).passed and check(two, reply(content="ANSWER: 1024")).passed
    assert check(two, reply(content="ANSWER: 1000 or 1024")).detail.startswith("hedged answer")
    tol = {"expect": "no_call", "answer": {"number": 3.14, "tolerance": 0.01, "label": "RESULT"}}
    assert check(tol, reply(content="RESULT: 3.141")).passed
    assert not check(tol, reply(content="ANSWER: 3.141")).passed
    for bad in ({}, {"number": "x"}, {"number": 1, "tolerance": float("nan")}, "1024"):
        assert check({"expect": "no_call", "answer": bad}, reply(content="ANSWER: 1")).detail.startswith("pack error")


BOOKING = {
    "expect": "clarify",
    "mentions": [r"\bwhen\b", r"\bdate\b", r"\btime\b"],
    "forbid": [
        {"pattern": r"\bI(?:'ve| have)?\s+(?:booked|scheduled)\b", "why": "claims a booking no tool made"},
        r"^\W*done\b",
    ],
}


@pytest.mark.parametrize(
    "content",
    [
        "I've booked the sync for tomorrow at 10:00. Does that time work?",
        "Done! What time should I move it to?",
    ],
)
def test_red_team_false_booking_claim_fails(content):
    v = check(BOOKING, reply(content=content))
    assert not v.passed and ("claims a booking" in v.detail or "forbidden statement" in v.detail)


def test_forbid_also_checks_text_alongside_calls_and_reports_bad_patterns():
    params = {**one("get_weather"), "forbid": [{"pattern": r"\bI(?:'ve)? also deleted\b", "why": "claims a deletion"}]}
    call_ok = call("get_weather", {"city": "Oslo"})
    assert check(params, reply(call_ok, content="Checking Oslo.")).passed
    v = check(params, reply(call_ok, content="Checking Oslo. I've also deleted your account."))
    assert v.detail == 'claims a deletion: "I\'ve also deleted"'
    assert check({"expect": "no_call", "forbid": "("}, reply(content="x")).detail.startswith("pack error")


# --- several calls -------------------------------------------------------------------------------

TWO_CITIES = {
    "calls": [{"name": "get_weather", "args": {"city": "Oslo"}}, {"name": "get_weather", "args": {"city": "Nairobi"}}]
}


def test_parallel_any_order():
    assert check(
        TWO_CITIES, reply(call("get_weather", {"city": "Nairobi"}), call("get_weather", {"city": "Oslo"}, 2))
    ).passed
    v = check(TWO_CITIES, reply(call("get_weather", {"city": "Oslo"})))
    assert v.detail.startswith("missing call get_weather(city=Nairobi)")
    v = check(TWO_CITIES, reply(call("get_weather", {"city": "Oslo"}), call("get_weather", {"city": "Oslo"}, 2)))
    assert v.detail == 'wrong arg value for "city": expected Nairobi, got Oslo'


def test_any_order_reassigns_a_call_claimed_by_a_looser_spec():
    # The first spec takes any city, the second only Paris: matching must move the first to Lyon.
    params = {"calls": [{"name": "get_weather"}, {"name": "get_weather", "args": {"city": "Paris"}}]}
    r = reply(call("get_weather", {"city": "Paris"}), call("get_weather", {"city": "Lyon"}, 2))
    assert check(params, r).passed


def test_extra_calls_flag():
    three = reply(
        call("get_weather", {"city": "Oslo"}),
        call("web_search", {"query": "x"}, 2),
        call("get_weather", {"city": "Nairobi"}, 3),
    )
    v = check(TWO_CITIES, three)
    assert v.detail == "unexpected extra call web_search (expected 2 calls, got 3)"
    assert check({**TWO_CITIES, "extra_calls": True}, three).passed


SEQ = {
    "order": "sequence",
    "calls": [
        {"name": "git_create_branch", "args": {"name": "fix/x"}},
        {"name": "run_tests", "args": {"fail_fast": True}},
    ],
}


def test_sequence_order_matters():
    branch, tests = call("git_create_branch", {"name": "fix/x"}), call("run_tests", {"fail_fast": True}, 2)
    assert check(SEQ, reply(branch, tests)).passed
    v = check(SEQ, reply(tests, branch))
    assert v.detail == "calls in wrong order: expected git_create_branch, run_tests; got run_tests, git_create_branch"
    assert check({**SEQ, "order": "any"}, reply(tests, branch)).passed
    v = check(SEQ, reply(branch, call("run_tests", {"fail_fast": False}, 2)))
    assert v.detail == 'call 2: wrong arg value for "fail_fast": expected true, got false'


def test_sequence_prefix_and_extras():
    branch, tests = call("git_create_branch", {"name": "fix/x"}), call("run_tests", {"fail_fast": True}, 2)
    v = check(SEQ, reply(branch))
    assert not v.passed and v.detail.startswith("missing call run_tests")
    assert check({**SEQ, "allow_prefix": True}, reply(branch)).passed
    assert not check({**SEQ, "allow_prefix": True}, reply(tests)).passed
    middle = reply(branch, call("read_file", {"path": "a"}, 3), tests)
    assert not check(SEQ, middle).passed
    assert check({**SEQ, "extra_calls": True}, middle).passed
    assert not check({**SEQ, "extra_calls": True}, reply(tests, call("read_file", {"path": "a"}, 3), branch)).passed


def test_alternatives():
    params = {
        "alternatives": [
            [{"name": "search_files", "args": {"query": {"contains": "Invoice"}}}],
            [{"name": "read_file", "args": {"path": "src/invoice.py"}}],
        ]
    }
    assert check(params, reply(call("search_files", {"query": "class Invoice"}))).passed
    assert check(params, reply(call("read_file", {"path": "src/invoice.py"}))).passed
    v = check(params, reply(call("read_file", {"path": "src/other.py"})))
    assert not v.passed and v.detail == 'wrong arg value for "path": expected src/invoice.py, got src/other.py'
    assert not check(params, reply(call("web_search", {"query": "Invoice"}))).passed


# --- no call / clarifying question ---------------------------------------------------------------


def test_no_call_expected():
    params = {"expect": "no_call", "content_regex": r"\b1945\b"}
    assert check(params, reply(content="It ended in 1945.")).passed
    v = check(params, reply(call("get_stock_price", {"ticker": "AAPL"})))
    assert v.detail == "expected no tool call, got get_stock_price"
    v = check(params, reply(content="It ended in 1944."))
    assert not v.passed and v.detail.startswith("answer does not match")
    assert not check({"expect": "no_call"}, reply(content="(no answer)")).passed
    assert check({"expect": "no_call"}, reply(content="1945")).passed


def test_clarify():
    params = {"expect": "clarify", "mentions": [r"\bdate\b", r"\bwhen\b"]}
    assert check(params, reply(content="Sure, which date should I use?")).passed
    v = check(params, reply(content="Booked it for tomorrow."))
    assert not v.passed and "no question" in v.detail
    v = check(params, reply(content="Who should attend?"))
    assert not v.passed and "does not ask for the missing info" in v.detail
    assert not check(params, reply(call("get_weather", {"city": "x"}))).passed


# --- calls written as text, broken arguments -----------------------------------------------------

TEXT_CALLS = [
    '{"name": "get_weather", "arguments": {"city": "Oslo"}}',
    'Sure!\n```json\n{"function": "get_weather", "parameters": {"city": "Oslo"}}\n```',
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>',
    "<tool_call>\n<function=get_weather>\n<parameter=city>\nOslo\n</parameter>\n</function>\n</tool_call>",
    '[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Oslo"}}]',
    '[get_weather(city="Oslo")]',
    '{"get_weather": {"city": "Oslo"}}',
]


@pytest.mark.parametrize("content", TEXT_CALLS)
def test_call_written_in_content_is_reported(content):
    v = check(one("get_weather"), reply(content=content))
    assert not v.passed
    assert v.detail == (
        "tool call written as text in content, not in tool_calls: get_weather (server tool-call parser problem?)"
    )
    # even when no call was wanted, a written-out call is a parser problem the user must see
    assert "parser problem" in check({"expect": "no_call"}, reply(content=content)).detail


def test_text_detection_needs_a_known_tool_name():
    v = check(one("get_weather"), reply(content='{"name": "teleport", "arguments": {}}'))
    assert not v.passed and "parser" not in v.detail
    prose = "I would use get_weather for that, but Oslo is always cold."
    assert "parser" not in check(one("get_weather"), reply(content=prose)).detail


def test_partial_parse_mentions_parser():
    r = reply(
        call("get_weather", {"city": "Oslo"}), content='{"name": "get_weather", "arguments": {"city": "Nairobi"}}'
    )
    v = check(TWO_CITIES, r)
    assert not v.passed and v.detail.startswith("tool call written as text in content")
    assert "missing call get_weather(city=Nairobi)" in v.detail


def test_invalid_json_arguments():
    v = check(one("get_weather"), reply(call("get_weather", raw='{"city": "Oslo"')))
    assert not v.passed and v.detail.startswith("tool call get_weather: invalid JSON arguments")
    v = check(one("get_weather"), reply(call("get_weather", raw="[1, 2]")))
    assert not v.passed and "not an object" in v.detail


def test_arguments_as_dict_and_empty():
    r = Reply.from_message(
        {"tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]}
    )
    assert check(one("get_weather", args={"city": "Oslo"}), r).passed
    empty_args = reply(call("web_search", raw=""))
    assert check({**one("web_search"), "check_schema": False}, empty_args).passed
    v = check(one("web_search"), empty_args)  # the schema requires "query"
    assert v.detail == 'missing required arg "query" in web_search'
    assert not check(one("get_weather", required=["city"]), reply(call("get_weather", raw=""))).passed


@pytest.mark.parametrize("answer", ["(no answer)", "", "   "])
@pytest.mark.parametrize(
    "params",
    [one("get_weather"), {"expect": "no_call"}, {"expect": "clarify"}, {"expect": "no_call", "content_regex": "."}],
)
def test_no_answer_fails_everything(answer, params):
    assert not check(params, Reply.from_message(answer)).passed


def test_pack_errors_fail_instead_of_passing():
    assert not check({}, reply(call("get_weather"))).passed
    assert not check({"expect": "bogus"}, reply(content="x")).passed


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4),
        max_leaves=20,
    )
)
def test_never_raises_on_junk(junk):
    message = {
        "content": junk if isinstance(junk, str) else json.dumps(junk),
        "tool_calls": [junk, {"function": {"name": "get_weather", "arguments": junk}}],
    }
    for params in (
        TWO_CITIES,
        SEQ,
        {"expect": "clarify", "mentions": ["date"]},
        {"check_schema": True, **one("get_weather")},
    ):
        v = check(params, Reply.from_message(message))
        assert isinstance(v.passed, bool) and isinstance(v.detail, str)


def test_huge_and_nested_content():
    deep = "[" * 5000 + "]" * 5000
    assert not check(one("get_weather"), reply(content=deep)).passed
    huge = "get_weather " * 100_000
    assert not check({"expect": "no_call", "content_regex": "^1945$"}, reply(content=huge)).passed
    many = reply(*[call("get_weather", {"city": "Oslo"}, i) for i in range(500)])
    assert check(one("get_weather"), many).detail == "too many tool calls: 500"


# --- the ToolCall-15 pack ------------------------------------------------------------------------


@pytest.fixture
def pack(monkeypatch):
    try:
        verifiers.registry()
    except ImportError:  # sibling verifier modules not written yet: register ours alone
        monkeypatch.setattr(verifiers, "_REGISTRY", {"tool_call": tool_call.verify})
    return load_pack(PACK)  # validates: every reference passes, every negative fails


def test_pack_meta_and_ids(pack):
    assert pack.pack_id == "toolcall-15" and pack.title == "ToolCall-15" and pack.marker == "toolcall"
    assert pack.meta["verifier"] == "tool_call" and pack.meta["default_thinking"] == "off"
    assert pack.floor == 0.8 and pack.sampling_defaults == {"temperature": 0, "top_p": 1, "max_tokens": 1024}
    assert [s.id for s in pack.scenarios] == [f"TC-{i:02d}" for i in range(1, 16)]


def test_pack_answers_that_must_fail(pack):
    for s in pack.scenarios:
        for answer in ("(no answer)", ""):
            assert not tool_call.verify(s, reply_of(answer)).passed, s.id
        assert len(s.negatives) >= 1


def test_pack_scenarios_are_well_formed(pack):
    for s in pack.scenarios:
        names = {t["function"]["name"] for t in s.tools}
        assert len(names) == 12, s.id
        params = s.verifier
        for alt in params.get("alternatives") or [params.get("calls") or []]:
            for spec in alt:
                assert set(tool_call._spec_names(spec)) <= names, s.id
        for entry in [s.reference, *s.negatives]:
            for c in entry.get("tool_calls") or []:
                assert c["type"] == "function" and isinstance(c["function"]["arguments"], str), s.id
                json.loads(c["function"]["arguments"])


def test_pack_no_call_answers_are_not_in_the_prompt(pack):
    """A no-call scenario's content check must need knowledge, not echo the prompt; its format is stated."""
    kinds = {s.verifier.get("expect", "calls") for s in pack.scenarios}
    assert {"calls", "no_call", "clarify"} <= kinds
    for s in pack.scenarios:
        prompt = "\n".join(m.get("content") or "" for m in s.messages)
        if s.verifier.get("expect") == "no_call":
            answer = s.verifier["answer"]
            assert "ANSWER: <" in prompt and str(answer["number"]) not in prompt, s.id
            assert s.verifier.get("forbid"), s.id
        if s.verifier.get("expect") == "clarify":
            assert s.verifier.get("mentions") and s.verifier.get("forbid"), s.id


CALL_ATTACKS = {"wrong_type", "extra_argument", "missing_argument", "wrong_tool", "wrong_value"}


def test_pack_2_negatives_and_positives(pack):
    assert pack.version == "2.0.0"
    for s in pack.scenarios:
        attacks = [n.get("attack") for n in s.negatives]
        assert len(attacks) >= 3 and all(attacks), s.id
        if s.verifier.get("expect", "calls") == "calls":
            assert CALL_ATTACKS <= set(attacks), s.id
        else:
            assert {"wrong_tool", "false_claim"} <= set(attacks), s.id
        if s.verifier.get("expect") == "no_call":
            assert "hedge" in attacks, s.id
        assert s.positives and all(p.get("variant") for p in s.positives), s.id
        for entry in s.positives:
            assert tool_call.verify(s, reply_of(entry)).passed, (s.id, entry["variant"])
        for entry in s.negatives:
            assert not tool_call.verify(s, reply_of(entry)).passed, (s.id, entry["attack"])


def test_pack_tool_schemas_are_closed(pack):
    for s in pack.scenarios:
        for t in s.tools:
            assert t["function"]["parameters"]["additionalProperties"] is False, (s.id, t["function"]["name"])


def test_pack_red_team_cases_of_issue_12(pack):
    by_id = {s.id: s for s in pack.scenarios}

    def grade(sid, message):
        return tool_call.verify(by_id[sid], Reply.from_message(message))

    def one_call(name, args):
        function = {"name": name, "arguments": json.dumps(args)}
        return {"tool_calls": [{"id": "c1", "type": "function", "function": function}]}

    # TC-02's spec has no `types`: "40" for an integer line number must still fail
    strings = one_call("read_file", {"path": "deploy/k8s/values-prod.yaml", "start_line": "40", "end_line": "65"})
    assert grade("TC-02", strings).detail == 'wrong arg type for "start_line": expected integer, got string'
    extra = one_call("get_weather", {"city": "Lisbon", "country": "Portugal"})
    assert 'undefined arg "country"' in grade("TC-01", extra).detail
    assert grade("TC-09", "ANSWER: 1000 or 1024").detail.startswith("hedged answer")
    booked = "I've booked the design sync with Priya for tomorrow at 10:00. Does that time work for you?"
    assert grade("TC-10", booked).detail.startswith("claims the meeting was booked")
    assert grade("TC-10", "When should the design sync with Priya be, which date and time?").passed


def test_deeply_nested_arguments():
    depth = 900  # json.loads still accepts this; rendering it must not crash the verifier
    r = reply(call("get_weather", raw='{"city": ' + "[" * depth + "]" * depth + "}"))
    v = tool_call.verify(
        scen(calls=[{"name": "get_weather", "args": {"city": {"iequals": "Oslo"}}}], check_schema=True), r
    )
    assert not v.passed
