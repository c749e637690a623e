"""Every serving check against a real loopback server: green on a well-configured stream, red on the
misbehaviour it exists to catch (tests/support/fake_serving.py reproduces each broken config)."""

from __future__ import annotations

import pytest

from pytest_quality.serving.checks import all_checks, by_name
from pytest_quality.serving.context import Context
from pytest_quality.serving.http import Endpoint
from tests.support.fake_serving import ServingFake

# check -> the misbehaviours that must turn it red (each alone)
RED = {
    "streaming.content": ["stream_content_differs"],
    "streaming.tool_calls": ["stream_tool_args_lost"],
    "streaming.usage": ["stream_no_usage"],
    "tools.in_tool_calls": ["tool_as_text", "no_tools", "template_ignores_tools"],
    "tools.choice_none": ["ignore_tool_choice"],
    "tools.choice_required": ["tool_as_text", "no_tools", "template_ignores_tools"],
    "tools.choice_named": ["tool_as_text", "no_tools", "template_ignores_tools"],
    "tools.parallel": ["no_parallel"],
    "tools.result_round_trip": ["no_result_role"],
    "reasoning.no_tags_in_content": [],  # needs thinking: see test_reasoning_checks
    "reasoning.separated": [],
    "reasoning.off": [],
    "reasoning.tool_after_reasoning": [],
    "template.special_tokens": ["leak_special"],
    "template.stops_at_turn_end": ["run_on"],
    "template.chat_template": ["foreign_template", "drop_system"],
    "limits.max_tokens": ["cap_max_tokens", "default_n_predict"],
    "limits.context_size": ["small_context"],
    "limits.needle": ["silent_small_context"],
    "limits.over_context": ["truncate_context"],
    "determinism.sequential": ["nondeterministic"],
    "determinism.concurrent": ["nondeterministic_concurrent"],
    "determinism.seed": ["ignore_seed"],
    "accounting.usage": ["wrong_usage"],
    "accounting.model_id": ["wrong_model"],
    "structured.json_object": ["ignore_response_format"],
    "structured.json_schema": ["ignore_response_format"],
}
REASONING_RED = {
    "reasoning.no_tags_in_content": ["reasoning_in_content"],
    "reasoning.separated": ["reasoning_in_content"],
    "reasoning.off": ["reasoning_when_off"],
    "reasoning.tool_after_reasoning": ["tool_in_reasoning"],
}


def _verdict(
    name: str, misbehave: set[str] = frozenset(), thinking: bool = False, n_ctx: int = 8192, min_context: int = 4096
):
    with ServingFake(misbehave, thinking=thinking, n_ctx=n_ctx) as fake:
        endpoint = Endpoint(fake.url, model="fake-model")
        ctx = Context(
            endpoint,
            server_reasoning=thinking,
            min_context=min_context,
            needle_max_tokens=1536,
            model_ids=["fake-model"],
        )
        try:
            return by_name(name).run(ctx)
        finally:
            endpoint.close()


def test_every_check_has_its_red_cases_listed():
    assert set(RED) == {c.name for c in all_checks()}
    assert all(RED[n] or REASONING_RED.get(n) for n in RED)


@pytest.mark.parametrize("name", sorted(RED))
def test_check_passes_on_a_well_configured_server(name):
    outcome = _verdict(name, thinking=name.startswith("reasoning."))
    assert outcome.verdict == "pass", outcome.detail


@pytest.mark.parametrize("name,bad", [(n, b) for n, bads in RED.items() for b in bads])
def test_check_fails_on_its_misbehaviour(name, bad):
    outcome = _verdict(name, {bad})
    assert outcome.verdict == "fail", f"{name} did not catch {bad}: {outcome.detail}"
    assert outcome.detail


@pytest.mark.parametrize("name,bad", [(n, b) for n, bads in REASONING_RED.items() for b in bads])
def test_reasoning_check_fails_on_its_misbehaviour(name, bad):
    outcome = _verdict(name, {bad}, thinking=True)
    assert outcome.verdict == "fail", f"{name} did not catch {bad}: {outcome.detail}"


@pytest.mark.parametrize("name", ["reasoning.separated", "reasoning.off", "reasoning.tool_after_reasoning"])
def test_reasoning_checks_skip_with_a_reason_when_the_template_cannot_think(name):
    outcome = _verdict(name, thinking=False)
    assert outcome.verdict == "skip" and "thinking" in outcome.detail


def test_tool_call_as_text_is_named_as_such():
    outcome = _verdict("tools.in_tool_calls", {"tool_as_text"})
    assert "as text in content" in outcome.detail and "get_weather" in outcome.detail


def test_tool_call_in_the_templates_own_format_blames_the_parser():
    outcome = _verdict("tools.in_tool_calls", {"tool_as_text"})
    assert outcome.verdict == "fail" and "<tool_call>" in outcome.detail and "parser" in outcome.detail


@pytest.mark.parametrize(
    "name", ["tools.in_tool_calls", "tools.choice_required", "tools.choice_named", "tools.parallel"]
)
def test_bare_json_call_against_a_template_asking_for_tags_is_the_models_doing(name):
    # the server rendered the tools and the template's <tool_call> format; the model wrote bare JSON
    outcome = _verdict(name, {"model_bare_json"})
    assert outcome.verdict == "model", outcome.detail
    assert "bare JSON" in outcome.detail and "<tool_call>" in outcome.detail
    assert outcome.data["template_call_markers"] == ["<tool_call>"]


def test_an_unenforced_tool_choice_is_said_so_in_the_model_verdict():
    outcome = _verdict("tools.choice_required", {"model_bare_json"})
    assert "does not constrain decoding to a call for tool_choice 'required'" in outcome.detail


def test_the_same_bare_json_without_a_rendered_prompt_stays_red():
    with ServingFake({"model_bare_json"}) as fake:
        serve = fake.fault
        fake.fault = lambda handler, request: (
            request["path"].rstrip("/") != "/apply-template" and serve(handler, request)
        )
        endpoint = Endpoint(fake.url, model="fake-model")
        outcome = by_name("tools.in_tool_calls").run(Context(endpoint, model_ids=["fake-model"]))
        endpoint.close()
    assert outcome.verdict == "fail" and "shows no rendered prompt" in outcome.detail


def test_a_template_that_never_shows_the_tools_is_named():
    outcome = _verdict("tools.in_tool_calls", {"template_ignores_tools"})
    assert "never shows the tools" in outcome.detail


def test_a_named_tool_choice_the_server_ignores_is_skipped_with_the_reason():
    outcome = _verdict("tools.choice_named", {"ignore_tool_choice"})
    assert outcome.verdict == "skip" and "ignores a named tool_choice" in outcome.detail


def test_streamed_tool_call_split_into_two_character_deltas_still_assembles():
    # the fake streams arguments two characters at a time: '{"', 'ci', 'ty', '":', ' "', 'Pa' ...
    outcome = _verdict("streaming.tool_calls")
    assert outcome.verdict == "pass" and "Paris" in outcome.detail


def test_capped_max_tokens_reports_the_count():
    outcome = _verdict("limits.max_tokens", {"cap_max_tokens"})
    assert "got 16 tokens" in outcome.detail and outcome.data["tokens"] == 16


def test_template_hash_is_recorded():
    outcome = _verdict("template.chat_template")
    assert len(outcome.data["chat_template_sha256"]) == 64


def test_nondeterminism_counts_distinct_replies():
    outcome = _verdict("determinism.sequential", {"nondeterministic"})
    assert outcome.data["distinct"] == 5 and "--repeat" in outcome.detail


def test_context_below_the_minimum_names_the_flag():
    outcome = _verdict("limits.context_size", {"small_context"}, min_context=8192)
    assert outcome.verdict == "fail" and "2048" in outcome.detail and "--serving-min-context" in outcome.detail


def test_no_context_advertised_skips_with_a_reason():
    with ServingFake() as fake:
        fake.fault = None  # the plain FakeServer: /props without n_ctx? it has one; drop /props entirely
        fake.chat_template = None
        endpoint = Endpoint(fake.url, model="fake-model")
        outcome = by_name("limits.over_context").run(Context(endpoint, model_ids=["fake-model"]))
        endpoint.close()
    assert outcome.verdict == "skip" and "advertises no context" in outcome.detail


def test_unreachable_endpoint_gives_red_verdicts_not_tracebacks():
    endpoint = Endpoint("http://127.0.0.1:9", model="m", timeout_s=2)
    outcome = by_name("streaming.content").run(Context(endpoint))
    assert outcome.verdict == "fail" and "ConnectError" in outcome.detail
