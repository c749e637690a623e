"""benchlocal-format packs (tests/fixtures/benchlocal, written for these tests): loading, routing, the
compat scorers' verdicts, request construction in their order, time budgets, discovery and ids."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pytest_quality import benchlocal, formats
from pytest_quality.benchlocal import discovery, image_kind, images, junk
from pytest_quality.benchlocal import request as compat_request
from pytest_quality.packs import NO_ANSWER, available_packs, load_pack
from pytest_quality.reply import Reply
from pytest_quality.settings import Settings


def verify(s, reply):
    """The verdict the engine gives: through the scenario's pack format."""
    return formats.of(s).verify(s, reply)


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "benchlocal"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
PURE_PACKS = [p for p in EXPECTED if p != "bl-code"]  # bl-code needs the sandbox (integration test)
PACKS = {p.stem: load_pack(p) for p in sorted(FIXTURES.glob("*.jsonl"))}
CASES = [
    (pack, node, i, *case)
    for pack in PURE_PACKS
    for node, cases in EXPECTED[pack].items()
    for i, case in enumerate(cases)
]


def scenario(pack: str, node: str):
    return next(s for s in PACKS[pack].scenarios if s.node_name == node)


@pytest.mark.parametrize("pack, node, i, reply, passed, mode", CASES, ids=[f"{c[0]}::{c[1]}[{c[2]}]" for c in CASES])
def test_expected_verdict(pack, node, i, reply, passed, mode):
    verdict = verify(scenario(pack, node), Reply.from_message(reply))
    assert (verdict.passed, verdict.failure_mode) == (passed, mode), verdict.detail
    assert verdict.detail  # one line a user can act on
    if not passed and mode != "verifier_not_implemented":
        assert "benchlocal_failure_mode" in verdict.trace


def test_every_assert_kind_of_the_reference_is_covered():
    kinds = {a["kind"] for p in PURE_PACKS for s in PACKS[p].scenarios for a in s.verifier.get("asserts") or []}
    assert kinds >= {
        "exact_function_name",
        "function_name_in",
        "required_function_names",
        "tool_call_count",
        "content_regex",
        "required_args_present",
        "forbidden_args_absent",
        "exact_arg_value",
        "arg_regex",
        "arg_in_enum",
        "arg_numeric_range",
        "multi_call_order",
        "exact_length_words",
        "max_length_words",
        "min_length_words",
        "case_only",
        "format_regex",
        "required_phrase",
        "required_phrase_any",
        "forbidden_phrase",
        "required_url_count",
        "required_section_headers",
        "bullet_count",
        "language",
        "json_parse_required",
        "json_schema",
        "exact_json",
        "jsonpath_assertion",
        "csv_columns",
        "yaml_parse_required",
        "markdown_structure",
        "exact_string",
        "exact_numeric",
        "tolerance_numeric",
        "regex_match",
        "exact_letter",
        "field_required",
        "field_exact_value",
        "field_regex",
        "field_in_set",
        "no_extra_fields",
    }
    assert any("expected" in s.raw for s in PACKS["bl-extract"].scenarios)


def test_junk_control():
    """Their lenient checks pass junk (scored as the pack says); the junk control names those scenarios."""
    control = junk.control(PACKS["bl-instruct"])
    # IF-A8 is `.+`; IF-A2 (<= 5 lowercase words) takes "(no answer)" and ""; IF-A4 (title case) takes "".
    assert (control["passed"], control["passed_empty"]) == (["IF-A2", "IF-A8"], ["IF-A2", "IF-A4"])
    assert junk.control(PACKS["bl-struct"])["passed"] == ["SO-A8"]
    assert junk.control(PACKS["bl-toolcall"]) == {"reply": NO_ANSWER, "checked": 8, "passed": [], "passed_empty": []}
    assert junk.warning(PACKS["bl-toolcall"], junk.control(PACKS["bl-toolcall"])) is None
    text = junk.warning(PACKS["bl-instruct"], control)
    assert '2/8 bl-instruct scenarios pass the reply "(no answer)" (IF-A2, IF-A8)' in text
    assert "2 pass an empty reply (IF-A2, IF-A4)" in text
    assert junk.control(PACKS["bl-code"])["checked"] == 0  # sandboxed scenarios are not run offline
    for name in PURE_PACKS:  # everything else fails both junk replies
        for s in PACKS[name].scenarios:
            if s.node_name not in ("IF-A2", "IF-A4", "IF-A8", "SO-A8"):
                assert not verify(s, Reply.from_message("")).passed, s.node_name
                assert not verify(s, Reply.from_message(NO_ANSWER)).passed, s.node_name


def test_loading_marks_foreign_and_routes_each_scenario():
    for pack in PACKS.values():
        assert pack.format == "benchlocal" and all(s.format == "benchlocal" for s in pack.scenarios)
    assert [s.node_name for s in PACKS["bl-gsm"].scenarios][:3] == ["GSM-X-0000", "GSM-X-0000#1", "GSM-X-0000#2"]
    assert {s.verifier_type for s in PACKS["bl-code"].scenarios} == {benchlocal.CODE}
    assert {s.verifier_type for s in PACKS["testproto-3"].scenarios} == {benchlocal.IMAGE}
    assert {s.verifier_type for s in PACKS["bl-unknown-sandbox"].scenarios} == {benchlocal.IMAGE}
    assert PACKS["bl-code"].sandboxed and PACKS["testproto-3"].sandboxed and not PACKS["bl-toolcall"].sandboxed
    assert PACKS["bl-gated"].scenarios == [] and PACKS["bl-gated"].meta["requires_dataset_access"]
    assert PACKS["bl-gsm"].reasoning and PACKS["bl-code"].reasoning  # meta suite: reasoning
    assert scenario("bl-toolcall", "TC-A6").max_seconds == 45  # max_seconds_override
    assert scenario("bl-toolcall", "TC-A6").verifier["benchlocal_type"] == "tool_call"
    # A scenario our scorers do not know is never guessed.
    verdict = verify(scenario("bl-unknown-sandbox", "UX-01"), Reply.from_message("anything"))
    assert verdict.failure_mode == "verifier_not_implemented"


def test_unknown_sandbox_pack_is_not_implemented_before_any_model_call():
    pack = PACKS["bl-unknown-sandbox"]
    verdict = images.precheck(None, pack, pack.scenarios[0])
    assert verdict.failure_mode == "verifier_not_implemented" and "bl-unknown-sandbox" in verdict.detail


def _settings(**changes) -> Settings:
    s = Settings(mode=None, packs=["x"])
    for k, v in changes.items():
        setattr(s, k, v)
    return s


def test_request_order_thinking_pack_with_its_own_sampler():
    pack, s = PACKS["bl-instruct"], scenario("bl-instruct", "IF-A1")
    body = compat_request.build_request(pack, s, _settings(), "m", "enable_thinking")
    # sampling_defaults < thinking control < scenario overrides < thinking sampler < CLI < thinking budget
    assert body["chat_template_kwargs"] == {"enable_thinking": True}
    assert (body["temperature"], body["top_p"], body["max_tokens"]) == (0.6, 0.9, 16384)
    assert "top_k" not in body and body["model"] == "m" and body["stream"] is False
    body = compat_request.build_request(pack, s, _settings(sampling={"temperature": 0.2}), "m", "enable_thinking")
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    body = compat_request.build_request(pack, s, _settings(thinking=False), "m", "enable_thinking")
    assert body["chat_template_kwargs"] == {"enable_thinking": False}
    assert (body["temperature"], body["max_tokens"]) == (0, 1024)  # no sampler; the scenario override
    body = compat_request.build_request(pack, s, _settings(sampling_from_server=True), "m", "enable_thinking")
    assert "temperature" not in body and "top_p" not in body and body["max_tokens"] == 16384


def test_request_default_thinking_sampler_and_effort_control():
    pack, s = PACKS["bl-reason"], scenario("bl-reason", "RM-A2")
    body = compat_request.build_request(pack, s, _settings(thinking_max_tokens=4096), None, "reasoning_effort")
    assert {k: body[k] for k in ("temperature", "top_p", "top_k", "min_p")} == compat_request.DEFAULT_THINKING_SAMPLER
    assert body["reasoning_effort"] == "medium" and body["max_tokens"] == 4096 and "model" not in body


def test_request_tools_overrides_and_reference_date():
    pack, s = PACKS["bl-toolcall"], scenario("bl-toolcall", "TC-A6")
    body = compat_request.build_request(pack, s, _settings(), "m", "enable_thinking")
    assert body["tool_choice"] == "auto" and body["max_tokens"] == 512 and len(body["tools"]) == 6
    assert body["messages"][0]["content"].endswith("\n\nBenchmark reference date: 2026-03-20 (Friday).")
    assert s.messages[0]["content"] == "You can call tools. Call a tool only when it is needed."  # not rewritten
    no_date = compat_request.build_request(pack, scenario("bl-toolcall", "TC-A1"), _settings(), "m", "enable_thinking")
    assert "Benchmark reference date" not in json.dumps(no_date["messages"])


def test_reference_date_without_system_message_or_day(tmp_path):
    s = scenario("bl-instruct", "IF-A4")
    s2 = type(s)(**{**s.__dict__, "raw": {**s.raw, "benchmark_reference_date": "2026-03-23"}})
    messages = compat_request.messages_for(s2)
    assert messages[0] == {"role": "system", "content": "Benchmark reference date: 2026-03-23 (Monday)."}
    assert messages[1:] == s.messages


def test_cli40_thinking_on_arm_sends_the_provider_pair(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    meta = {
        "__meta__": True,
        "pack_id": "cli-40",
        "verifier_module": "_stub",
        "supports_sandboxed_only": True,
        "default_thinking": "off",
        "sampling_defaults": {"temperature": 0, "max_tokens": 1024},
    }
    line = {"id": "CLI-01", "messages": [{"role": "user", "content": "x"}], "raw_scenario": {"kind": "oneshot"}}
    (folder / "cli-40.jsonl").write_text(json.dumps(meta) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    pack = load_pack(folder / "cli-40.jsonl")
    assert pack.pack_id == "benchlocal/cli-40"  # clashes with our bundled cli-40: namespaced, never replacing it
    on = compat_request.build_request(pack, pack.scenarios[0], _settings(thinking=True), "m", "enable_thinking")
    off = compat_request.build_request(pack, pack.scenarios[0], _settings(thinking=False), "m", "enable_thinking")
    assert on["enable_thinking"] is True and on["thinking_budget"] == 16384
    assert "enable_thinking" not in off and "thinking_budget" not in off
    assert images.is_multi_turn(images.REGISTRY["cli-40"], pack.scenarios[0]) is False


def test_timeout_formula_follows_theirs():
    reason, s = PACKS["bl-reason"], scenario("bl-reason", "RM-A2")
    body = {"max_tokens": 1024}
    # base: meta timeout_per_case_default 90; tokens: thinking budget 16384 / baseline 1024; ceiling 600.
    seconds, how = compat_request.scenario_timeout(reason, s, _settings(), body, None)
    assert (seconds, how["base_s"], how["token_factor"], how["ceiling_s"]) == (600, 90, 16, 600)
    # The no-think arm multiplies by the META max_tokens (16384), not the scenario's 1024, as theirs does.
    assert compat_request.scenario_timeout(reason, s, _settings(thinking=False), body, None)[1]["token_factor"] == 16
    tool, s6 = PACKS["bl-toolcall"], scenario("bl-toolcall", "TC-A6")
    assert compat_request.scenario_timeout(tool, s6, _settings(), body, None)[0] == 45  # max_seconds_override
    assert compat_request.scenario_timeout(tool, s6, _settings(), body, 50.0)[0] == 90  # reference 100 tps / 50
    assert compat_request.scenario_timeout(tool, s6, _settings(), body, 400.0)[0] == 45  # never scaled down
    assert compat_request.scenario_timeout(tool, s6, _settings(timeout_per_case=7.0), body, None)[0] == 7.0


def test_protocol_verdicts_and_the_mock_marker():
    ok = {"passed": True, "failure_mode": "passed", "detail": "fine", "trace": {"x": 1}, "pass_rate": 1.0}
    verdict = image_kind.to_verdict(ok, ["<answer>42</answer>"])
    assert verdict.passed and verdict.trace["benchlocal"] == {"trace": {"x": 1}, "pass_rate": 1.0}
    refused = image_kind.to_verdict(ok, ["BENCHLOCAL_PASS"])
    assert not refused.passed and refused.failure_mode == "verifier_fail" and "BENCHLOCAL_PASS" in refused.detail
    for theirs, ours in [
        ("wrong_answer", "wrong_answer"),
        ("invalid_json", "verifier_fail"),
        ("agent_runner_timeout", "timeout"),
        ("server_error", "sandbox_unavailable"),
        ("agent_runner_crashed", "sandbox_unavailable"),
        ("agent_loop_exhausted", "agent_loop_exhausted"),
        ("model_endpoint_unreachable", "model_endpoint_unreachable"),
        ("weird", "verifier_fail"),
    ]:
        assert image_kind.to_verdict({"passed": False, "failure_mode": theirs, "detail": "d"}, []).failure_mode == ours


def test_endpoint_rewrite_for_containers():
    assert images.container_endpoint("http://127.0.0.1:8080") == ("http://host.docker.internal:8080", True)
    assert images.container_endpoint("http://localhost:9/v1") == ("http://host.docker.internal:9/v1", True)
    assert images.container_endpoint("https://api.example.com/v1") == ("https://api.example.com/v1", False)
    assert images.image_ref(images.REGISTRY["hermesagent-20"]) == "benchlocal-sandbox-hermes:latest"
    assert images.entry_for(PACKS["testproto-3"].meta).max_turns == 4
    assert images.entry_for({"pack_id": "bugfind-15"}).isolated  # BugFind never needs the network here


def test_foreign_pack_clashing_with_a_bundled_id_is_namespaced(tmp_path):
    folder = tmp_path / "theirs"
    folder.mkdir()
    text = (FIXTURES / "bl-toolcall.jsonl").read_text(encoding="utf-8").replace('"bl-toolcall"', '"toolcall-15"', 1)
    (folder / "toolcall-15.jsonl").write_text(text, encoding="utf-8")
    (folder / "bl-gsm.jsonl").write_text((FIXTURES / "bl-gsm.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    found = available_packs([str(folder)])
    assert found["toolcall-15"].parent != folder  # ours is untouched
    assert found["benchlocal/toolcall-15"] == folder / "toolcall-15.jsonl"
    assert found["bl-gsm"] == folder / "bl-gsm.jsonl"  # no clash: its own id
    pack = load_pack(found["benchlocal/toolcall-15"])
    assert pack.pack_id == "benchlocal/toolcall-15" and pack.scenarios[0].pack_id == pack.pack_id
    assert pack.title == "benchlocal/toolcall-15"


def test_installed_benchlocal_cli_is_discovered_without_importing_it(tmp_path, monkeypatch):
    pkg = tmp_path / "site" / "benchlocal_cli"
    (pkg / "packs").mkdir(parents=True)
    (pkg / "__init__.py").write_text("raise RuntimeError('must not be imported')\n", encoding="utf-8")
    (pkg / "packs" / "bl-reason.jsonl").write_text(
        (FIXTURES / "bl-reason.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert discovery.installed_benchlocal_dir() == pkg / "packs"
    found = available_packs()
    assert found["benchlocal/bl-reason"] == pkg / "packs" / "bl-reason.jsonl" and "bl-reason" not in found
    assert load_pack(found["benchlocal/bl-reason"]).pack_id == "benchlocal/bl-reason"
    assert "benchlocal_cli" not in sys.modules
    monkeypatch.undo()
    assert discovery.installed_benchlocal_dir() is None


# --- markdown_structure with a whole header row ---------------------------------------------

SCORES = "\n| Alice | 95 | A |\n| Bob | 82 | B+ |\n| Carol | 78 | C+ |\n| Dave | 91 | A- |"


def _markdown_verdict(headers, text):
    s = scenario("bl-struct", "SO-A7")
    s2 = type(s)(
        **{**s.__dict__, "verifier": {**s.verifier, "asserts": [{"kind": "markdown_structure", "headers": headers}]}}
    )
    return verify(s2, Reply.from_message(text))


@pytest.mark.parametrize(
    "text",
    [
        "| name | score | grade |\n|------|-------|-------|" + SCORES,  # as a model writes it (their SO-10)
        "|name|score|grade|\n|:---|---:|:---:|" + SCORES,
        "name | score | grade\n--- | --- | ---" + SCORES,  # no outer pipes
        "```markdown\n|  name  | score |grade |\n| --- | --- | --- |" + SCORES + "\n```",
    ],
)
def test_pipe_header_row_matches_the_same_table_written_any_way(text):
    for headers in (["| name | score | grade |"], ["name | score | grade"]):
        verdict = _markdown_verdict(headers, text)
        assert verdict.passed, verdict.detail


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("| Name | Score | Grade |\n|---|---|---|" + SCORES, "no table header row '| name | score | grade |'"),
        ("| name | grade | score |\n|---|---|---|" + SCORES, "no table header row '| name | score | grade |'"),
        ("| name | score |\n|---|---|\n| Alice | 95 |", "no table header row '| name | score | grade |'"),
        (
            "| name | score | grade | rank |\n|---|---|---|---|" + SCORES,
            "no table header row '| name | score | grade |'",
        ),
        ("| name | score | grade |" + SCORES, "table header row is not followed by a separator row"),
        ("name, score, grade\nAlice, 95, A", "no table header row '| name | score | grade |'"),
    ],
)
def test_pipe_header_row_with_a_different_table_fails(text, detail):
    verdict = _markdown_verdict(["| name | score | grade |"], text)
    assert not verdict.passed and verdict.failure_mode == "verifier_fail"
    assert detail in verdict.detail


def test_column_headers_without_pipes_still_work():
    table = "| name | score | grade |\n|---|---|---|" + SCORES
    assert _markdown_verdict(["name", "score", "grade"], table).passed
    assert _markdown_verdict(["name", "grade"], table).passed  # their columns-in-order rule
    assert not _markdown_verdict(["grade", "name"], table).passed
    assert _markdown_verdict(["# Scores", "| name | score | grade |"], "# Scores\n\n" + table).passed
    assert not _markdown_verdict(["# Scores", "| name | score | grade |"], table + "\n\n# Scores").passed
