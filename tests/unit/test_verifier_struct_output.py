"""struct_output verifier: extraction, each format's checks (pass and fail), hostile input, and the pack."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import Scenario, load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verifiers import struct_output
from pytest_quality.verifiers.struct_output import MAX_CHARS, verify

PACK = Path(__file__).resolve().parents[2] / "packs" / "structoutput-15.jsonl"
FORMATS = ["json", "yaml", "toml", "csv", "xml", "markdown_table", "sql"]


def scenario(**params) -> Scenario:
    return Scenario(
        pack_id="t",
        id="T-1",
        node_name="T-1",
        line=2,
        messages=[{"role": "user", "content": "x"}],
        verifier={"type": "struct_output", **params},
        raw={},
    )


def run(text: str, **params):
    return verify(scenario(**params), Reply.from_message(text))


def passes(text: str, **params) -> bool:
    return run(text, **params).passed


# --- extraction ------------------------------------------------------------------------------


def test_bare_and_fenced_documents_pass_and_trace_extraction():
    bare = run('{"a": 1}', format="json", equals={"a": 1})
    fenced = run('```json\n{"a": 1}\n```', format="json", equals={"a": 1})
    plain_fence = run('```\n{"a": 1}\n```', format="json", equals={"a": 1})
    assert bare.passed and bare.trace["extraction"] == "bare"
    assert fenced.passed and fenced.trace["extraction"] == "fence"
    assert plain_fence.passed and plain_fence.trace["extraction"] == "fence"


def test_prose_around_fence_fails_unless_allowed():
    text = 'Here you go:\n```json\n{"a": 1}\n```\nHope that helps.'
    verdict = run(text, format="json", equals={"a": 1})
    assert not verdict.passed and verdict.detail == 'text outside the code block: "Here you go:"'
    allowed = run(text, format="json", equals={"a": 1}, allow_prose=True)
    assert allowed.passed and allowed.trace["extraction"] == "fence_in_prose"


def test_allow_prose_takes_the_first_fence():
    text = 'One:\n```json\n{"a": 1}\n```\nTwo:\n```json\n{"a": 2}\n```'
    assert passes(text, format="json", equals={"a": 1}, allow_prose=True)
    assert not passes(text, format="json", equals={"a": 2}, allow_prose=True)


def test_crlf_line_endings_are_accepted():
    assert passes('```json\r\n{"a": 1}\r\n```', format="json", equals={"a": 1})
    assert passes("a,b\r\n1,2\r\n", format="csv", header=["a", "b"], rows=1)


def test_two_fences_and_unclosed_fence_fail():
    two = run('```json\n{"a": 1}\n```\n```json\n{"a": 1}\n```', format="json")
    assert not two.passed and two.detail == "2 code blocks, expected exactly one"
    unclosed = run('```json\n{"a": 1}', format="json")
    assert not unclosed.passed and "not closed" in unclosed.detail


def test_prose_before_bare_json_fails():
    verdict = run('Sure! {"a": 1}', format="json")
    assert not verdict.passed and "reply must be only the JSON" in verdict.detail


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", ["", "(no answer)", "   \n ", "```\n(no answer)\n```"])
def test_no_answer_fails_every_format(fmt, text):
    params = {"format": fmt, "expected_rows": [[1]], "header": ["a"], "root": "a"}
    assert not passes(text, **params)


def test_unknown_format_is_a_scenario_error():
    verdict = run("{}", format="jsonl")
    assert not verdict.passed and verdict.detail.startswith("bad scenario")


def test_reasoning_is_never_graded():
    reply = Reply.from_message({"role": "assistant", "content": "", "reasoning_content": '{"a": 1}'})
    assert not verify(scenario(format="json", equals={"a": 1}), reply).passed
    think = Reply.from_message('<think>{"a": 2}</think>{"a": 1}')
    assert verify(scenario(format="json", equals={"a": 1}), think).passed


# --- JSON ------------------------------------------------------------------------------------


def test_json_syntax_error_detail():
    verdict = run('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}', format="json")
    assert verdict.detail == "invalid JSON: Expecting ',' delimiter at line 4 col 3"
    assert verdict.trace["checks"][0] == {"check": "parse", "passed": False, "detail": verdict.detail}


def test_json_trailing_comma_and_extra_text_hints():
    assert "(trailing comma)" in run('{"a": [1, 2,]}', format="json").detail
    assert "(text after the JSON?)" in run('{"a": 1}\nDone.', format="json").detail


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": 1, "a": 2}', "{'a': 1}"])
def test_json_rejects_non_standard_documents(text):
    assert not passes(text, format="json")


def test_json_schema_violation_detail_names_the_path():
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"type": "object", "properties": {"price": {"type": "number"}}}}
        },
    }
    ok = '{"items": [{"price": 1}, {"price": 2.5}]}'
    bad = '{"items": [{"price": 1}, {"price": 2}, {"price": "abc"}]}'
    assert passes(ok, format="json", schema=schema)
    assert (
        run(bad, format="json", schema=schema).detail
        == "schema violation at $.items[2].price: 'abc' is not of type 'number'"
    )


def test_json_schema_2020_12_keywords():
    schema = {
        "type": "object",
        "required": ["tag", "point"],
        "additionalProperties": False,
        "properties": {
            "tag": {"const": "v1"},
            "point": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "items": False},
        },
    }
    assert passes('{"tag": "v1", "point": [1.5, "x"]}', format="json", schema=schema)
    assert not passes('{"tag": "v2", "point": [1.5, "x"]}', format="json", schema=schema)
    assert not passes('{"tag": "v1", "point": [1.5, "x", 3]}', format="json", schema=schema)
    assert not passes('{"tag": "v1", "point": ["x", 1.5]}', format="json", schema=schema)
    assert not passes('{"tag": "v1", "point": [1.5, "x"], "extra": 1}', format="json", schema=schema)
    assert not passes('{"tag": "v1"}', format="json", schema=schema)


def test_invalid_schema_is_a_scenario_error():
    verdict = run('{"a": 1}', format="json", schema={"type": "no-such-type"})
    assert not verdict.passed and "bad scenario" in verdict.detail


def test_json_equals_is_strict_about_booleans_and_exact_about_strings():
    assert passes('{"n": 2011, "b": true}', format="json", equals={"n": 2011, "b": True})
    assert not passes('{"n": 1, "b": true}', format="json", equals={"n": True, "b": True})
    assert not passes('{"n": 1, "b": 1}', format="json", equals={"n": 1, "b": True})
    verdict = run('{"s": "hello world"}', format="json", equals={"s": "hello there"})
    assert verdict.detail.startswith("$.s differs at char 6")
    assert "missing key 'b'" in run('{"a": 1}', format="json", equals={"a": 1, "b": 2}).detail
    assert "unexpected key 'c'" in run('{"a": 1, "c": 3}', format="json", equals={"a": 1}).detail
    assert "has 1 items, expected 2" in run("[1]", format="json", equals=[1, 2]).detail


def test_json_paths():
    doc = '{"a": {"b": [{"c": "x-12"}, {"c": "y"}]}, "n": 3, "dotted.key": true, "tags": ["p", "q"]}'
    assert passes(
        doc,
        format="json",
        paths=[
            {"path": "a.b[0].c", "equals": "x-12"},
            {"path": "$.a.b[0].c", "regex": r"x-\d+"},
            {"path": "a.b[-1].c", "equals": "y"},
            {"path": "n", "type": "integer"},
            {"path": "n", "type": "number"},
            {"path": "['dotted.key']", "equals": True},
            {"path": "tags", "length": 2},
            {"path": "a.b"},
        ],
    )
    assert (
        run(doc, format="json", paths=[{"path": "a.b[0].c", "equals": "x-13"}]).detail
        == 'a.b[0].c is "x-12", expected "x-13"'
    )
    assert run(doc, format="json", paths=[{"path": "a.b[5].c", "equals": "x"}]).detail == "a.b[5].c is missing"
    assert not passes(doc, format="json", paths=[{"path": "a.b[0].c", "regex": "x"}])  # fullmatch, not search
    assert not passes(doc, format="json", paths=[{"path": "n", "regex": "3"}])  # regex applies to strings only
    assert not passes(doc, format="json", paths=[{"path": "n", "type": "string"}])
    assert not passes(doc, format="json", paths=[{"path": "tags", "length": 3}])
    assert "malformed path" in run(doc, format="json", paths=[{"path": "a..b", "equals": 1}]).detail


def test_json_numeric_tolerance_in_paths():
    assert passes('{"x": 3.14159}', format="json", paths=[{"path": "x", "equals": 3.14, "tolerance": 0.01}])
    assert not passes('{"x": 3.14159}', format="json", paths=[{"path": "x", "equals": 3.14}])


def test_an_expected_integer_must_be_an_integer():
    # JSON Schema calls 2011.0 an integer; a program reading the document gets a float, so it fails.
    verdict = run('{"n": 2011.0}', format="json", schema={"properties": {"n": {"type": "integer"}}}, equals={"n": 2011})
    assert verdict.detail == "$.n is 2011.0, expected the integer 2011"
    assert (
        run('{"n": 90.0}', format="json", paths=[{"path": "n", "equals": 90}]).detail
        == "n is 90.0, expected the integer 90"
    )
    assert not passes("n: 14.0\n", format="yaml", equals={"n": 14})
    assert not passes("n = 8080.0\n", format="toml", equals={"n": 8080})
    assert passes('{"p": 15}', format="json", equals={"p": 15.0})  # an expected float takes 15
    assert passes('{"p": 15.0}', format="json", paths=[{"path": "p", "equals": 15, "tolerance": 0.5}])
    # SQL results are compared by value: SUM over REAL gives 575.0 where 575 was written.
    assert run("SELECT 575.0", format="sql", expected_rows=[[575]]).passed


@pytest.mark.parametrize("depth", [70, 900, 5000, 40000])
def test_deeply_nested_json_fails_without_crashing(depth):
    verdict = run("[" * depth + "]" * depth, format="json", schema={"type": "array"})
    assert not verdict.passed and "nested" in verdict.detail


def test_nesting_just_under_the_limit_passes():
    depth = struct_output.MAX_DEPTH - 4
    assert passes('{"a": ' * depth + "1" + "}" * depth, format="json", schema={"type": "object"})


def test_huge_input_fails_fast():
    # CPU time of this thread, not wall time: a guard against runaway (backtracking) work,
    # deaf to how loaded the machine is. Speed targets live in benchmarks/.
    started = time.thread_time()
    verdict = run('{"a": "' + "x" * (MAX_CHARS + 10) + '"}', format="json")
    assert not verdict.passed and verdict.detail.startswith("reply too long")
    assert time.thread_time() - started < 5


def test_large_valid_document_under_the_limit_passes():
    data = list(range(10_000))
    assert passes(
        json.dumps(data),
        format="json",
        schema={"type": "array", "items": {"type": "integer"}},
        paths=[{"path": "[9999]", "equals": 9999}],
    )


def test_many_fence_openers_stay_linear():
    started = time.thread_time()
    verdict = run("```a\n" * 15_000, format="json")
    assert not verdict.passed and time.thread_time() - started < 5


# --- YAML ------------------------------------------------------------------------------------


YAML_SCHEMA = {
    "type": "object",
    "required": ["name", "ports"],
    "additionalProperties": False,
    "properties": {"name": {"type": "string"}, "ports": {"type": "array", "items": {"type": "integer"}}},
}


def test_yaml_passes_and_checks_schema():
    assert passes("name: web\nports:\n  - 80\n  - 443\n", format="yaml", schema=YAML_SCHEMA)
    verdict = run("name: web\nports:\n  - 80\n  - https\n", format="yaml", schema=YAML_SCHEMA)
    assert verdict.detail == "schema violation at $.ports[1]: 'https' is not of type 'integer'"


def test_yaml_rejects_json_unless_allowed():
    doc = '{"name": "web", "ports": [80]}'
    assert run(doc, format="yaml").detail == "reply is JSON, expected block-style YAML"
    assert passes(doc, format="yaml", allow_json=True, schema=YAML_SCHEMA)
    flow = "{name: web, ports: [80]}"  # flow-style YAML, not JSON, but not block style either
    assert run(flow, format="yaml").detail == "reply is flow-style YAML ({...} or [...]), expected block-style YAML"
    assert passes(flow, format="yaml", allow_json=True, schema=YAML_SCHEMA)


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "web", "ports": [80]}  # config',  # JSON with a YAML comment is not JSON any more
        '{"name": "web", "ports": [80],}',  # nor with a trailing comma
        "[80, 443]",
        "--- {name: web, ports: [80]}",
    ],
)
def test_yaml_json_lookalikes_are_not_block_style(text):
    assert "expected block-style YAML" in run(text, format="yaml").detail


def test_yaml_block_top_level_with_nested_flow_values_passes():
    assert passes("name: web\nports: [80]\n", format="yaml", schema=YAML_SCHEMA)
    assert passes("- 80\n- 443\n", format="yaml", equals=[80, 443])


def test_yaml_scalar_and_syntax_errors_fail():
    assert "single str value" in run("just some prose", format="yaml").detail
    verdict = run("a: 1\nb: [1, 2\n", format="yaml")
    assert verdict.detail.startswith("invalid YAML:") and "line" in verdict.detail
    assert not passes("a: 1\n---\nb: 2\n", format="yaml")  # two documents


def test_yaml_duplicate_keys_fail_but_merge_keys_work():
    assert run("a: 1\nb: 2\na: 3\n", format="yaml").detail == "invalid YAML: duplicate key 'a' at line 3 col 1"
    assert passes("base: &b {x: 1}\nd:\n  <<: *b\n  x: 2\n", format="yaml", equals={"base": {"x": 1}, "d": {"x": 2}})


def test_yaml_dates_stay_strings_and_odd_types_are_rejected():
    assert passes("day: 2024-03-01\n", format="yaml", equals={"day": "2024-03-01"})
    assert "set" in run("s: !!set {a, b}\n", format="yaml").detail
    assert "bytes" in run("b: !!binary aGVsbG8=\n", format="yaml").detail


def test_yaml_alias_bomb_fails_fast():
    bomb = "a: &a [" + ",".join(["x"] * 10) + "]\n"
    for prev, name in zip("abcdefg", "bcdefgh"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    started = time.thread_time()
    verdict = run(bomb, format="yaml", schema={"type": "object"})
    assert not verdict.passed and "more than" in verdict.detail
    assert time.thread_time() - started < 5


def test_yaml_aliases_under_many_keys_count_toward_one_size_limit():
    doc = "base: &b [" + ",".join(["x"] * 10_000) + "]\n" + "".join(f"k{i}: *b\n" for i in range(6))
    verdict = run(doc, format="yaml", schema={"type": "object"})
    assert not verdict.passed and "more than" in verdict.detail


# --- TOML ------------------------------------------------------------------------------------


def test_toml_passes_and_fails():
    doc = 'title = "x"\n[owner]\nname = "Ana"\nborn = 1979-05-27\n'
    assert passes(doc, format="toml", equals={"title": "x", "owner": {"name": "Ana", "born": "1979-05-27"}})
    assert run('title = "x"\nport = 80\nport = 81\n', format="toml").detail.startswith("invalid TOML:")
    assert not passes("debug = False\n", format="toml")
    assert not passes('[a]\nport = "80"\n', format="toml", paths=[{"path": "a.port", "type": "integer"}])


# --- CSV -------------------------------------------------------------------------------------


def test_csv_header_detail():
    verdict = run("id,name\n1,Ana\n", format="csv", header=["id", "name", "email"])
    assert verdict.detail == "CSV header ['id','name'] expected ['id','name','email']"


def test_csv_quoting_rows_and_cells():
    doc = 'id,name,note\n1,"Okafor, Chidi","said ""hi"""\n2, Li Wei ,plain\n'
    params = {
        "format": "csv",
        "header": ["id", "name", "note"],
        "rows": 2,
        "data": [["1", "Okafor, Chidi", 'said "hi"'], ["2", "Li Wei", "plain"]],
        "cells": [{"row": 0, "column": "name", "equals": "Okafor, Chidi"}, {"row": 1, "column": 0, "regex": r"\d"}],
    }
    assert passes(doc, **params)
    assert run(doc, **{**params, "rows": 3}).detail == "CSV has 2 data rows, expected 3"
    assert "expected 'Ana'" in run(doc, **{**params, "cells": [{"row": 0, "column": "name", "equals": "Ana"}]}).detail
    assert "no cell" in run(doc, **{**params, "cells": [{"row": 5, "column": "name", "equals": "x"}]}).detail
    assert "no cell" in run(doc, **{**params, "cells": [{"row": 0, "column": "email", "equals": "x"}]}).detail


def test_csv_inconsistent_columns_and_bad_quotes_fail():
    assert run("id,name\n1,Okafor, Chidi\n", format="csv").detail == "CSV row 1 has 3 cells, header has 2"
    assert run('a,b\n1,"x"y\n', format="csv").detail.startswith("invalid CSV at line 2")


def test_csv_unordered_data():
    doc = "k,v\nb,2\na,1\n"
    assert passes(doc, format="csv", data=[["a", "1"], ["b", "2"]], ordered=False)
    assert not passes(doc, format="csv", data=[["a", "1"], ["b", "2"]])


# --- XML -------------------------------------------------------------------------------------

XML_DOC = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<shelf><book id="b1"><title>Salt &amp; Stone</title></book>'
    '<book id="b2"><title>Moons</title></book></shelf>'
)


def test_xml_checks_pass():
    assert passes(
        XML_DOC,
        format="xml",
        root="shelf",
        elements=[
            {"path": "book", "count": 2},
            {"path": "book/title", "texts": ["Salt & Stone", "Moons"]},
            {"path": "book", "index": 1, "attr": "id", "equals": "b2"},
            {"path": "book[1]/title", "regex": "Salt.*"},
            {"path": "book/title"},
        ],
    )


@pytest.mark.parametrize(
    ("check", "detail"),
    [
        ({"path": "book", "count": 3}, "XML book count 2, expected 3"),
        ({"path": "book", "attr": "isbn"}, "XML book[0] attribute isbn is missing"),
        ({"path": "book", "index": 0, "attr": "id", "equals": "b9"}, "XML book[0] attribute id is 'b1', expected 'b9'"),
        ({"path": "book/title", "equals": "Moons"}, "XML book/title[0] text is 'Salt & Stone', expected 'Moons'"),
        ({"path": "author"}, "XML has no element at author"),
        ({"path": "book", "index": 5, "equals": "x"}, "XML has no element at book (index 5)"),
    ],
)
def test_xml_checks_fail(check, detail):
    assert run(XML_DOC, format="xml", elements=[check]).detail == detail


def test_xml_root_doctype_and_syntax():
    assert run(XML_DOC, format="xml", root="library").detail == "XML root is <shelf>, expected <library>"
    bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "yyyy">]><a>&x;</a>'
    assert run(bomb, format="xml", root="a").detail == "XML DOCTYPE/ENTITY declarations are not allowed"
    assert run("<a><b></a>", format="xml").detail.startswith("invalid XML: mismatched tag")
    assert "bad scenario" in run(XML_DOC, format="xml", elements=[{"path": "book[", "count": 1}]).detail


def test_xml_text_is_the_whole_text_content():
    doc = "<a><t>Salt &amp; Stone<junk>TODO</junk></t><t><![CDATA[Paper <Moons>]]></t></a>"
    verdict = run(doc, format="xml", elements=[{"path": "t", "texts": ["Salt & Stone", "Paper <Moons>"]}])
    assert (
        verdict.detail == "XML t texts ['Salt & StoneTODO','Paper <Moons>'] expected ['Salt & Stone','Paper <Moons>']"
    )
    assert not passes(doc, format="xml", elements=[{"path": "t", "equals": "Salt & Stone"}])
    assert passes(doc, format="xml", elements=[{"path": "t", "index": 1, "equals": "Paper <Moons>"}])


def test_xml_children_are_exact_and_without_loose_text():
    check = [{"path": "b", "children": ["t", "y"]}]
    assert passes("<a><b><y>1</y><!-- c --><t>x</t></b><b><t>z</t><y>2</y></b></a>", format="xml", elements=check)
    assert (
        run("<a><b><t>x</t><y>1</y><n>TODO</n></b></a>", format="xml", elements=check).detail
        == "XML b[0] has children ['t','y','n'], expected ['t','y']"
    )
    assert (
        run("<a><b><t>x</t></b></a>", format="xml", elements=check).detail
        == "XML b[0] has children ['t'], expected ['t','y']"
    )
    assert (
        run("<a><b>TODO<t>x</t><y>1</y></b></a>", format="xml", elements=check).detail
        == 'XML b[0] has text outside its child elements: "TODO"'
    )
    assert run("<a/>", format="xml", elements=check).detail == "XML has no element at b"
    assert (
        run("<a><b/><c/></a>", format="xml", elements=[{"path": ".", "children": ["b"]}]).detail
        == "XML .[0] has children ['b','c'], expected ['b']"
    )


def test_deep_xml_does_not_crash():
    depth = (MAX_CHARS - 10) // 7
    assert passes("<a>" * depth + "</a>" * depth, format="xml", root="a", elements=[{"path": "a"}])


# --- Markdown table --------------------------------------------------------------------------

TABLE = "| Name | Qty |\n|:-----|----:|\n| pen \\| ink | 2 |\n| cup | 10 |"


def test_markdown_table_passes_with_and_without_outer_pipes():
    params = {
        "format": "markdown_table",
        "header": ["Name", "Qty"],
        "rows": 2,
        "data": [["pen | ink", "2"], ["cup", "10"]],
        "cells": [{"row": 1, "column": "Qty", "regex": r"\d+"}],
    }
    assert passes(TABLE, **params)
    assert passes("Name | Qty\n--- | ---\npen \\| ink | 2\ncup | 10", **params)
    assert passes("```markdown\n" + TABLE + "\n```", **params)


@pytest.mark.parametrize(
    "fmt, doc, params",
    [
        ("markdown_table", TABLE, {"header": ["Name", "Qty"], "data": [["pen | ink", "2"], ["cup", "10"]]}),
        ("csv", "name,qty\npen,2\ncup,10\n", {"header": ["name", "qty"], "data": [["pen", "2"], ["cup", "10"]]}),
        ("yaml", "name: web\nports:\n  - 80\n", {"equals": {"name": "web", "ports": [80]}}),
    ],
)
def test_windows_line_endings_pass(fmt, doc, params):
    verdict = run(doc.replace("\n", "\r\n"), format=fmt, **params)
    assert verdict.passed, verdict.detail


def test_markdown_table_failures():
    assert "text outside the table" in run("| a | b |\n|---|---|\nThanks!", format="markdown_table").detail
    assert not passes(TABLE.replace("|:-----|----:|\n", ""), format="markdown_table")
    assert run("Table:\n\n" + TABLE, format="markdown_table").detail == 'text outside the table: "Table:"'
    assert passes("Table:\n\n" + TABLE, format="markdown_table", allow_prose=True, rows=2)
    assert (
        run(TABLE, format="markdown_table", header=["Item", "Qty"]).detail
        == "table header ['Name','Qty'] expected ['Item','Qty']"
    )
    assert run(TABLE + "\n| mug |", format="markdown_table").detail == "table row 3 has 1 cells, header has 2"
    assert "separator row has 3 cells" in run("| a | b |\n|---|---|---|\n| 1 | 2 |", format="markdown_table").detail
    assert run(TABLE, format="markdown_table", rows=3).detail == "table has 2 data rows, expected 3"


def test_markdown_header_cells_may_be_bold_but_data_is_exact():
    bold = "| **Name** | `Qty` |\n|---|---|\n| pen | 2 |"
    assert passes(bold, format="markdown_table", header=["Name", "Qty"], data=[["pen", "2"]])
    assert not passes(bold.replace("| pen |", "| **pen** |"), format="markdown_table", data=[["pen", "2"]])
    assert not passes(bold.replace("**Name**", "**Item**"), format="markdown_table", header=["Name", "Qty"])


# --- SQL -------------------------------------------------------------------------------------

SETUP = [
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL)",
    "INSERT INTO t VALUES (1, 'a;b', 1.5), (2, 'c', 2.25), (3, 'd', NULL)",
]


def sql(text: str, **params):
    return run(text, format="sql", setup_sql=SETUP, **params)


def test_sql_query_rows():
    rows = [[1, "a;b"], [2, "c"], [3, "d"]]
    assert sql("SELECT id, name FROM t ORDER BY id;", expected_rows=rows, ordered=True).passed
    assert sql("SELECT id, name FROM t ORDER BY id DESC", expected_rows=rows).passed  # unordered by default
    assert not sql("SELECT id, name FROM t ORDER BY id DESC", expected_rows=rows, ordered=True).passed
    assert (
        sql("SELECT id, name FROM t WHERE id < 4", expected_rows=rows + [[4, "e"]]).detail
        == "SQL returned 3 rows, expected 4"
    )
    assert sql("SELECT id FROM t", expected_rows=rows).detail == "SQL returned 1 columns, expected 2"
    assert "expected" in sql("SELECT id, 'x' FROM t", expected_rows=rows).detail


def test_sql_last_select_is_graded_and_strings_with_semicolons_split_right():
    text = "-- first a scratch query\nSELECT 1;\nSELECT name FROM t WHERE name = 'a;b'; -- done"
    assert sql(text, expected_rows=[["a;b"]]).passed
    assert sql("SELECT SUM(score) FROM t", expected_rows=[[3.75000000001]]).passed  # float tolerance
    assert not sql("SELECT SUM(score) FROM t", expected_rows=[[3.8]]).passed
    assert sql("SELECT score FROM t WHERE id = 3", expected_rows=[[None]]).passed


def test_sql_check_sql_forms_and_triggers():
    text = (
        "CREATE TABLE log (msg TEXT);\n"
        "CREATE TRIGGER tr AFTER UPDATE ON t BEGIN\n"
        "  INSERT INTO log VALUES ('u'); INSERT INTO log VALUES ('v');\nEND;\n"
        "UPDATE t SET score = 0 WHERE id = 1;"
    )
    assert sql(text, check_sql="SELECT msg FROM log ORDER BY msg", expected_rows=[["u"], ["v"]]).passed
    assert not sql(text, check_sql="SELECT msg FROM log", expected_rows=[["u"]]).passed
    checks = [
        {"sql": "SELECT score FROM t WHERE id = 1", "expected_rows": [[0]]},
        {"sql": "SELECT COUNT(*) FROM log", "expected_rows": [[2]]},
    ]
    assert sql(text, check_sql=checks).passed
    assert not sql("SELECT 1", check_sql=checks).passed
    assert "check query failed" in sql("SELECT 1", check_sql="SELECT * FROM nope", expected_rows=[]).detail


def test_sql_unordered_rows_with_null_numbers_and_text_in_one_column():
    # Unordered rows are sorted by a key that ranks NULL, numbers and text, so mixed columns compare
    text = "SELECT NULL UNION ALL SELECT 'b' UNION ALL SELECT 2 UNION ALL SELECT 1.5"
    assert sql(text, expected_rows=[[1.5], [2.0], ["b"], [None]]).passed, sql(
        text, expected_rows=[[1.5], [2.0], ["b"], [None]]
    ).detail
    assert not sql(text, expected_rows=[[1.5], [3], ["b"], [None]]).passed


def test_sql_check_sql_list_keeps_the_scenario_order_rule():
    checks = [{"sql": "SELECT id FROM t ORDER BY id DESC", "expected_rows": [[1], [2], [3]]}]
    assert sql("SELECT 1", check_sql=checks).passed
    assert not sql("SELECT 1", check_sql=checks, ordered=True).passed


def test_sql_errors_and_refusals():
    assert sql("SELEC id FROM t", expected_rows=[[1]]).detail.startswith('SQL error: near "SELEC"')
    assert sql("UPDATE t SET score = 1", expected_rows=[[1]]).detail == "the SQL has no SELECT query returning rows"
    assert "not allowed" in sql("ATTACH DATABASE ':memory:' AS x; SELECT 1", expected_rows=[[1]]).detail
    assert "not allowed" in sql("VACUUM INTO 'copy.db'", expected_rows=[[1]]).detail
    assert "not authorized" in sql("PRAGMA temp_store_directory = '.'; SELECT 1", expected_rows=[[1]]).detail
    assert sql("PRAGMA foreign_keys = ON; SELECT 1", expected_rows=[[1]]).passed
    assert sql("BEGIN; DELETE FROM t WHERE id = 3; COMMIT; SELECT COUNT(*) FROM t", expected_rows=[[2]]).passed
    assert not sql("SELECT length(zeroblob(50000000))", expected_rows=[[50000000]]).passed
    assert "bad scenario" in run("SELECT 1", format="sql", setup_sql=["CREATE TABL x"], expected_rows=[[1]]).detail


def test_runaway_sql_is_aborted_quickly():
    started = time.thread_time()
    verdict = sql(
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT COUNT(*) FROM r", expected_rows=[[1]]
    )
    assert not verdict.passed and "aborted" in verdict.detail
    assert time.thread_time() - started < 10
    assert "more than" in sql(";" * 1000, expected_rows=[[1]]).detail


def test_sql_columns_check():
    assert sql("SELECT id AS ID, name FROM t WHERE id = 2", expected_rows=[[2, "c"]], columns=["id", "name"]).passed
    assert not sql("SELECT id, name AS n FROM t WHERE id = 2", expected_rows=[[2, "c"]], columns=["id", "name"]).passed


# --- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_random_input_never_raises(fmt):
    rng = random.Random(fmt)
    alphabet = "{}[]<>\"':,;|-`#&\n\t \\ab1é€\u0000\ud7ff😀"
    for _ in range(150):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        verdict = verify(scenario(format=fmt, expected_rows=[[1]], schema={"type": "object"}), Reply(content=text))
        assert verdict.passed in (True, False) and isinstance(verdict.detail, str)
        json.dumps(verdict.trace)  # the trace must be serialisable for the results JSON


def test_wrong_content_type_is_a_verdict():
    assert not verify(scenario(format="json"), Reply(content=None)).passed  # type: ignore[arg-type]


# --- the pack --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)  # validates: every reference passes, every negative fails


def test_pack_meta_and_ids(pack):
    assert pack.pack_id == "structoutput-15" and pack.title == "StructOutput-15"
    assert pack.marker == "structoutput" and pack.floor == 0.9 and not pack.default_thinking
    assert pack.sampling_defaults == {"temperature": 0, "top_p": 1, "max_tokens": 1024}
    assert [s.id for s in pack.scenarios] == [f"SO-{n:02d}" for n in range(1, 16)]
    assert {s.verifier_type for s in pack.scenarios} == {"struct_output"}
    assert {s.verifier["format"] for s in pack.scenarios} == set(FORMATS)
    assert pack.version == "2.0.0"
    assert all(len(s.negatives) >= 3 and s.positives for s in pack.scenarios)


def test_pack_references_pass_and_negatives_fail(pack):
    for s in pack.scenarios:
        assert verifiers.verify(s, reply_of(s.reference)).passed, s.id
        for negative in s.negatives:
            assert not verifiers.verify(s, reply_of(negative)).passed, s.id


@pytest.mark.parametrize("text", ["(no answer)", ""])
def test_no_answer_fails_every_pack_scenario(pack, text):
    for s in pack.scenarios:
        verdict = verifiers.verify(s, Reply.from_message(text))
        assert not verdict.passed and verdict.failure_mode == "verifier_fail", s.id


def test_pack_prompts_state_the_format(pack):
    words = {
        "json": "JSON",
        "yaml": "YAML",
        "toml": "TOML",
        "csv": "CSV",
        "xml": "XML",
        "markdown_table": "Markdown table",
        "sql": "SQL",
    }
    for s in pack.scenarios:
        assert words[s.verifier["format"]] in s.messages[-1]["content"], s.id


def test_module_limits_are_sane():
    assert struct_output.SQL_MAX_STEPS >= 1_000_000 and struct_output.MAX_DEPTH < 200


# --- the pack against a red team ------------------------------------------------------------


def test_every_negative_is_labelled_and_fails_every_positive_passes(pack):
    for s in pack.scenarios:
        attacks = [n["attack"] for n in s.negatives]
        assert {"content_free", "placeholder", "partial"} <= set(attacks), s.id
        if s.verifier["format"] in ("json", "yaml", "toml", "sql"):
            assert "wrong_type" in attacks, s.id
        for n in s.negatives:
            assert not verifiers.verify(s, reply_of(n)).passed, (s.id, n["attack"])
        for p in s.positives:
            verdict = verifiers.verify(s, reply_of(p))
            assert verdict.passed, (s.id, p["variant"], verdict.detail)
    texts = [p["content"] for s in pack.scenarios for p in s.positives]
    assert any(t.startswith("<think>") for t in texts) and any(t.startswith("```") for t in texts)


def _blank(value, filler):
    """The same shape with every value replaced: what a model that ignores the prompt's data writes."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return 0
    if isinstance(value, str):
        return filler
    if isinstance(value, list):
        return [_blank(v, filler) for v in value]
    if isinstance(value, dict):
        return {k: _blank(v, filler) for k, v in value.items()}
    return value


def _floats(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    return value


def _document(s, data):
    import yaml

    if s.verifier["format"] == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return json.dumps(data, indent=2, ensure_ascii=False)


def _data_scenarios(pack):
    import yaml

    for s in pack.scenarios:
        if s.verifier["format"] in ("json", "yaml"):
            body = s.reference["content"].strip().removeprefix("```json").removeprefix("```yaml").removesuffix("```")
            yield s, yaml.safe_load(body)


@pytest.mark.parametrize("filler", ["", "string", "example", "TODO", "[value]", "lorem ipsum"])
def test_schema_valid_shapes_with_content_free_values_fail(pack, filler):
    for s, data in _data_scenarios(pack):
        verdict = verifiers.verify(s, Reply.from_message(_document(s, _blank(data, filler))))
        assert not verdict.passed, s.id


def test_integers_written_as_floats_fail(pack):
    checked = 0
    for s, data in _data_scenarios(pack):
        if json.dumps(_floats(data)) != json.dumps(data):
            checked += 1
            assert not verifiers.verify(s, Reply.from_message(_document(s, _floats(data)))).passed, s.id
    assert checked == 5  # SO-01, 03, 11, 13, 15 (SO-06 is TOML: tested above)


def test_partial_documents_fail(pack):
    for s, data in _data_scenarios(pack):
        part = dict(list(data.items())[:-1]) if isinstance(data, dict) else data[:-1]
        assert not verifiers.verify(s, Reply.from_message(_document(s, part))).passed, s.id


@pytest.mark.parametrize("sid", ["SO-03", "SO-15"])
def test_yaml_scenarios_refuse_flow_style_and_commented_json(pack, sid):
    import yaml

    s = next(x for x in pack.scenarios if x.id == sid)
    data = yaml.safe_load(s.reference["content"].strip().removeprefix("```yaml").removesuffix("```"))
    for text in (yaml.safe_dump(data, default_flow_style=True, sort_keys=False), json.dumps(data) + "  # yaml"):
        assert "block-style" in verifiers.verify(s, Reply.from_message(text)).detail


def test_xml_scenario_refuses_extra_content(pack):
    s = next(x for x in pack.scenarios if x.id == "SO-07")
    good = s.reference["content"]
    for bad in (
        good.replace("<year>2008</year>", "<year>2008</year><author>TODO</author>"),
        good.replace("<shelf>", "<shelf><note>example</note>"),
        good.replace("Quiet Rivers</title>", "Quiet Rivers<i>TODO</i></title>"),
        good.replace('<book isbn="978-0-00-000003-5">', '<book isbn="978-0-00-000003-5">placeholder'),
    ):
        assert not verifiers.verify(s, Reply.from_message(bad)).passed, bad
