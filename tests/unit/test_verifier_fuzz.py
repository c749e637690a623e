"""Verifiers never crash: every pure verifier, on every scenario of every bundled pack, given arbitrary
replies (random unicode, huge strings, deeply nested JSON, wrong types in content and tool-call
arguments, mutated references) returns a Verdict, and the same one for the same input.

The verifier functions are called directly, not through `verifiers.verify` (whose try/except would
turn a crash into a failed verdict and hide it).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_quality import verifiers
from pytest_quality.packs import available_packs, load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verdict import ALL_MODES, Verdict


def _graded_scenarios() -> dict[str, list[Any]]:
    groups = {}
    for pack_id, path in sorted(available_packs().items()):
        scenarios = [
            s for s in load_pack(path, check_references=False).scenarios if s.verifier_type in verifiers.registry()
        ]
        if scenarios:
            groups[pack_id] = scenarios
    return groups


GROUPS = _graded_scenarios()

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
JSON_ANY = st.recursive(
    JSON_LEAF, lambda c: st.lists(c, max_size=5) | st.dictionaries(st.text(max_size=10), c, max_size=5), max_leaves=25
)


def _nested(depth: int, kind: str) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


DEEP = st.builds(_nested, st.integers(50, 400), st.sampled_from(["list", "dict"]))
DEEP_TEXT = st.integers(500, 50_000).map(lambda n: "[" * n + "]" * n) | st.integers(100, 20_000).map(
    lambda n: '{"a":' * n
)
HUGE_TEXT = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=30), st.integers(1000, 40_000))


def _mutate(value: Any, data: st.DataObject) -> Any:
    """The reference with some leaves swapped for arbitrary values: near-miss replies reach deep checks."""
    if isinstance(value, dict):
        return {k: _mutate(v, data) for k, v in value.items()}
    if isinstance(value, list):
        return [_mutate(v, data) for v in value]
    if data.draw(st.integers(0, 3)) == 0:
        return data.draw(JSON_ANY | DEEP)
    return value


def _text_like_reference(reference: Any, data: st.DataObject) -> Any:
    content = reference.get("content") if isinstance(reference, dict) else reference
    if not isinstance(content, str) or not content:
        return data.draw(st.text())
    try:
        parsed = json.loads(content)
    except ValueError:
        parsed = None
    if parsed is not None and data.draw(st.booleans()):
        text = json.dumps(_mutate(parsed, data), ensure_ascii=data.draw(st.booleans()), default=str)
        return data.draw(st.sampled_from([text, f"```json\n{text}\n```", text[: len(text) // 2]]))
    cut = data.draw(st.integers(0, len(content)))
    return content[:cut] + data.draw(st.text(max_size=30)) + content[cut + data.draw(st.integers(0, 20)) :]


def _tool_names(scenario) -> list[str]:
    names = []
    for tool in scenario.tools or []:
        fn = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            names.append(fn["name"])
    return names or ["f"]


def _param_names(scenario) -> list[str]:
    names = []
    for tool in scenario.tools or []:
        props = (
            (((tool.get("function") or {}).get("parameters") or {}).get("properties"))
            if isinstance(tool, dict)
            else None
        )
        if isinstance(props, dict):
            names += list(props)
    return names or ["x"]


def _arguments(scenario, data: st.DataObject) -> Any:
    keyed = st.dictionaries(st.sampled_from(_param_names(scenario)), JSON_ANY | DEEP, max_size=6)
    return data.draw(
        st.one_of(
            keyed,
            keyed.map(json.dumps),
            JSON_ANY,
            JSON_ANY.map(json.dumps),
            st.text(),
            DEEP.map(json.dumps),
            DEEP_TEXT,
        )
    )


def _message(scenario, data: st.DataObject) -> Any:
    kind = data.draw(st.sampled_from(["content", "tools", "reference", "weird"]))
    if kind == "weird":  # not even a message
        return data.draw(JSON_ANY | HUGE_TEXT | DEEP)
    content = data.draw(
        st.one_of(
            st.none(),
            st.text(),
            HUGE_TEXT,
            DEEP_TEXT,
            st.integers(),
            st.floats(),
            JSON_ANY,
            st.lists(st.fixed_dictionaries({"type": st.just("text"), "text": st.text()}), max_size=3),
            st.builds(lambda v: json.dumps(v), JSON_ANY | DEEP),
        )
    )
    if kind == "reference":
        ref = scenario.reference
        if isinstance(ref, dict) and isinstance(ref.get("turns"), list) and ref["turns"]:
            ref = ref["turns"][-1]
        content = _text_like_reference(ref, data)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if data.draw(st.booleans()):
        message["reasoning_content"] = data.draw(st.text() | HUGE_TEXT)
    if kind == "tools" or (kind == "reference" and data.draw(st.booleans())):
        call = st.builds(
            lambda name, args, wrap: (
                {"id": "c", "type": "function", "function": {"name": name, "arguments": args}}
                if wrap
                else {"name": name, "arguments": args}
            ),
            st.sampled_from(_tool_names(scenario)) | JSON_ANY,
            st.just(None),
            st.booleans(),
        )
        calls = data.draw(st.lists(call, max_size=4))
        for c in calls:
            (c.get("function") or c)["arguments"] = _arguments(scenario, data)
        message["tool_calls"] = data.draw(st.sampled_from([calls, calls[:1], data.draw(JSON_ANY)]))
    return message


def _check(scenario, reply: Reply) -> None:
    fn = verifiers.registry()[scenario.verifier_type]
    first = fn(scenario, reply)
    assert isinstance(first, Verdict), f"{scenario.pack_id} {scenario.id}: returned {type(first).__name__}"
    assert isinstance(first.passed, bool) and isinstance(first.detail, str) and isinstance(first.trace, dict)
    if not first.passed:
        assert first.failure_mode is None or first.failure_mode in ALL_MODES, first.failure_mode
    second = fn(scenario, reply)
    assert repr(second) == repr(first), f"{scenario.pack_id} {scenario.id}: not deterministic"


FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("pack_id", list(GROUPS))
@FUZZ
@given(data=st.data())
def test_verifier_survives_arbitrary_replies(pack_id, data):
    scenario = data.draw(st.sampled_from(GROUPS[pack_id]), label="scenario")
    message = _message(scenario, data)
    _check(scenario, Reply.from_message(message, data.draw(st.sampled_from([None, "stop", "length", "tool_calls"]))))


@pytest.mark.parametrize("pack_id", list(GROUPS))
@FUZZ
@given(data=st.data())
def test_verifier_survives_raw_tool_calls(pack_id, data):
    """ToolCall objects built directly, with argument dicts holding wrong types and names (no JSON step)."""
    from pytest_quality.reply import ToolCall

    scenario = data.draw(st.sampled_from(GROUPS[pack_id]), label="scenario")
    calls = tuple(
        ToolCall(
            data.draw(st.sampled_from(_tool_names(scenario)) | st.text(max_size=5)),
            data.draw(st.none() | st.dictionaries(st.sampled_from(_param_names(scenario)), JSON_ANY | DEEP)),
            data.draw(st.text(max_size=50)),
            data.draw(st.none() | st.text(max_size=20)),
        )
        for _ in range(data.draw(st.integers(0, 3)))
    )
    _check(scenario, Reply(content=data.draw(st.text() | HUGE_TEXT), tool_calls=calls))


@pytest.mark.parametrize("pack_id", list(GROUPS))
def test_empty_and_no_answer_fail_every_scenario(pack_id):
    for scenario in GROUPS[pack_id]:
        for text in ("", "(no answer)"):
            verdict = verifiers.registry()[scenario.verifier_type](scenario, reply_of(text))
            assert isinstance(verdict, Verdict) and not verdict.passed, (scenario.id, text)
