"""Reply normalisation (answer channel vs reasoning) and pack loading errors with file:line."""

from __future__ import annotations

import json

import pytest

from pytest_quality.packs import PackError, load_pack
from pytest_quality.reply import Reply


def test_think_blocks_are_reasoning_not_answer():
    reply = Reply.from_message({"content": "<think>maybe 41</think>\nANSWER: 42"})
    assert reply.content == "ANSWER: 42" and reply.reasoning == "maybe 41"
    opened_by_template = Reply.from_message({"content": "let me think 41</think>ANSWER: 42"})
    assert opened_by_template.content == "ANSWER: 42" and "41" in opened_by_template.reasoning
    unterminated = Reply.from_message({"content": "<think>still thinking about 42"})
    assert unterminated.content == "" and "42" in unterminated.reasoning


def test_reasoning_content_is_kept_apart():
    reply = Reply.from_message({"content": None, "reasoning_content": "ANSWER: 42"})
    assert reply.content == "" and reply.reasoning == "ANSWER: 42" and reply.empty


def test_tool_call_arguments():
    good = Reply.from_message(
        {"tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}]}
    )
    assert good.tool_calls[0].arguments == {"a": 1} and good.tool_calls[0].id == "c1"
    bad = Reply.from_message({"tool_calls": [{"function": {"name": "f", "arguments": "{a: 1"}}]})
    assert bad.tool_calls[0].arguments is None and "invalid JSON" in bad.tool_calls[0].error
    as_dict = Reply.from_message({"tool_calls": [{"function": {"name": "f", "arguments": {"a": 2}}}]})
    assert as_dict.tool_calls[0].arguments == {"a": 2}
    weird = Reply.from_message({"tool_calls": ["nope", {"function": {"name": 3, "arguments": 5}}]})
    assert weird.tool_calls[0].error and weird.tool_calls[1].error


@pytest.mark.parametrize("message", [None, 42, [], {"content": 7}, {"content": [{"text": "hi"}, 3]}])
def test_odd_messages_never_raise(message):
    Reply.from_message(message)


META = {"__meta__": True, "pack_id": "mypack", "title": "My", "version": "1", "verifier": "reason_math"}
GOOD = {
    "id": "A-1",
    "messages": [{"role": "user", "content": "1+1?"}],
    "verifier": {"type": "reason_math", "answer": "2"},
    "reference": {"role": "assistant", "content": "ANSWER: 2"},
    "negatives": [{"role": "assistant", "content": "ANSWER: 3"}],
}


def _write(tmp_path, lines, name="mypack.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_good_pack_loads(tmp_path):
    pack = load_pack(_write(tmp_path, [META, GOOD]))
    assert [s.id for s in pack.scenarios] == ["A-1"] and pack.scenarios[0].line == 2


@pytest.mark.parametrize(
    "lines, line, reason",
    [
        ([META, "{not json"], 2, "invalid JSON"),
        ([META, GOOD, GOOD], 3, "duplicate scenario id 'A-1' (first on line 2)"),
        ([META, {**GOOD, "verifier": {"type": "telepathy"}}], 2, "unknown verifier type 'telepathy'"),
        ([META, {k: v for k, v in GOOD.items() if k != "reference"}], 2, 'missing "reference"'),
        ([META, {**GOOD, "reference": {"content": "ANSWER: 5"}}], 2, "reference fails its own verifier"),
        ([META, {**GOOD, "negatives": [{"content": "ANSWER: 2"}]}], 2, "negatives[0] passes"),
        ([META, {**GOOD, "negatives": []}], 2, '"negatives" must list'),
        ([{"pack_id": "mypack"}, GOOD], 1, "line 1 must be the meta object"),
        ([META, {**GOOD, "messages": "hi"}], 2, '"messages" must be a non-empty list'),
    ],
)
def test_bad_packs_name_file_line_and_reason(tmp_path, lines, line, reason):
    path = _write(tmp_path, lines)
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.line == line
    assert reason in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_foreign_pack_duplicate_ids_get_unique_node_names(tmp_path):
    meta = {"__meta__": True, "pack_id": "gsm", "verifier_module": "reason_math"}
    scenario = {"id": "G-0", "messages": [{"role": "user", "content": "x"}], "verifier": {"answer": "1"}}
    pack = load_pack(_write(tmp_path, [meta, scenario, scenario, scenario], name="gsm.jsonl"))
    assert [s.node_name for s in pack.scenarios] == ["G-0", "G-0#1", "G-0#2"]
    assert pack.format == "benchlocal"
