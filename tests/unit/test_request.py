"""Request building order, thinking control, sampling flags, timeouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_quality.packs import Pack, Scenario
from pytest_quality.probe import resolve_thinking_control
from pytest_quality.request import REASONING_EFFORT, build_request
from pytest_quality.settings import Settings
from pytest_quality.timeouts import scenario_timeout


def _pack(**meta) -> Pack:
    base = {
        "__meta__": True,
        "pack_id": "p",
        "verifier": "reason_math",
        "default_thinking": "off",
        "sampling_defaults": {"temperature": 0, "top_p": 1, "max_tokens": 1024, "seed": 7},
        "default_max_seconds": 60,
        "timeout_reference_tps": 100,
        "timeout_baseline_tokens": 1024,
    }
    base.update(meta)
    return Pack("p", Path("p.jsonl"), base, [], True)


def _scenario(**raw) -> Scenario:
    messages = [{"role": "user", "content": "2+2?"}]
    return Scenario(
        "p",
        "S-1",
        "S-1",
        2,
        messages,
        {"type": "reason_math"},
        raw,
        sampling_overrides=raw.get("sampling_overrides", {}),
    )


def test_order_pack_then_thinking_then_scenario_then_cli_then_budget():
    pack = _pack(
        default_thinking="on",
        sampling_defaults={
            "temperature": 0,
            "top_p": 0.9,
            "max_tokens": 512,
            "chat_template_kwargs": {"enable_thinking": False, "x": 1},
        },
    )
    scenario = _scenario(sampling_overrides={"top_p": 0.5, "max_tokens": 256, "tool_choice": "auto"})
    settings = Settings(mode="quick", sampling={"temperature": 0.3})
    body = build_request(pack, scenario, settings, "m")
    assert body["chat_template_kwargs"] == {"enable_thinking": True, "x": 1}  # thinking overrides pack kwargs
    assert body["top_p"] == 0.5  # scenario overrides pack
    assert body["temperature"] == 0.3  # CLI overrides scenario and pack
    assert body["max_tokens"] == 16384  # thinking budget is last
    assert body["tool_choice"] == "auto"
    assert body["model"] == "m" and body["stream"] is False
    assert body["messages"] == scenario.messages and body["messages"] is not scenario.messages


def test_thinking_off_pack_keeps_its_max_tokens_and_forcing_wins():
    pack, scenario = _pack(), _scenario()
    off = build_request(pack, scenario, Settings(mode="quick"), "m")
    assert off["chat_template_kwargs"] == {"enable_thinking": False} and off["max_tokens"] == 1024
    on = build_request(pack, scenario, Settings(mode="quick", thinking=True, thinking_max_tokens=4096), "m")
    assert on["chat_template_kwargs"]["enable_thinking"] is True and on["max_tokens"] == 4096
    forced_off = build_request(_pack(default_thinking="on"), scenario, Settings(mode="q", thinking=False), "m")
    assert forced_off["chat_template_kwargs"]["enable_thinking"] is False and forced_off["max_tokens"] == 1024


def test_reasoning_effort_control():
    on = build_request(_pack(default_thinking="on"), _scenario(), Settings(mode="q"), "m", REASONING_EFFORT)
    assert on["reasoning_effort"] == "medium" and on["chat_template_kwargs"]["reasoning_effort"] == "medium"
    assert "enable_thinking" not in on["chat_template_kwargs"]
    off = build_request(_pack(), _scenario(), Settings(mode="q"), "m", REASONING_EFFORT)
    assert off["reasoning_effort"] == "none"


def test_sampling_from_server_strips_every_sampler_key():
    pack = _pack(
        sampling_defaults={
            "temperature": 0,
            "top_p": 1,
            "top_k": 5,
            "min_p": 0.1,
            "seed": 3,
            "repeat_penalty": 1.1,
            "max_tokens": 100,
        }
    )
    body = build_request(
        pack, _scenario(sampling_overrides={"presence_penalty": 1}), Settings(mode="q", sampling_from_server=True), "m"
    )
    for key in ("temperature", "top_p", "top_k", "min_p", "seed", "repeat_penalty", "presence_penalty"):
        assert key not in body
    assert body["max_tokens"] == 100 and "chat_template_kwargs" in body


def test_reserved_keys_cannot_be_overridden_by_a_pack():
    pack = _pack(sampling_defaults={"temperature": 0, "model": "evil", "stream": True, "messages": []})
    body = build_request(pack, _scenario(), Settings(mode="q"), "m")
    assert body["model"] == "m" and body["stream"] is False and body["messages"]


def test_no_model_means_no_model_key():
    assert "model" not in build_request(_pack(), _scenario(), Settings(mode="q"), None)


@pytest.mark.parametrize(
    "template, control",
    [
        ("{% if enable_thinking %}<think>{% endif %}", "enable_thinking"),
        ("{{ reasoning_effort }}", "reasoning_effort"),
        ("{{ reasoning_effort }} {% if enable_thinking %}{% endif %}", "enable_thinking"),
        ("{{ messages }}", "enable_thinking"),
        (None, "enable_thinking"),
    ],
)
def test_thinking_control_from_template(template, control):
    assert resolve_thinking_control(template)[0] == control


def test_canonical_flags():
    assert Settings(mode="quick").canonical
    assert not Settings(mode="quick", sampling={"temperature": 0.0}).canonical  # explicit sampling is tagged
    assert not Settings(mode="quick", sampling_from_server=True).canonical


def test_timeout_formula():
    pack, scenario = _pack(), _scenario()
    settings = Settings(mode="q")
    seconds, how = scenario_timeout(pack, scenario, settings, {"max_tokens": 1024}, measured_tps=50)
    assert seconds == 120 and how["speed_factor"] == 2
    seconds, _ = scenario_timeout(pack, scenario, settings, {"max_tokens": 4096}, measured_tps=200)
    assert seconds == 240  # never scaled down for a fast server; 4x tokens
    seconds, how = scenario_timeout(pack, scenario, settings, {"max_tokens": 1024}, measured_tps=None)
    assert seconds == 60 and how["source"] == "pack default"
    seconds, _ = scenario_timeout(pack, _scenario(max_seconds=10), settings, {"max_tokens": 1024}, 100)
    assert seconds == 10
    fixed, how = scenario_timeout(pack, scenario, Settings(mode="q", timeout_per_case=7), {}, 1)
    assert fixed == 7 and how["source"] == "--timeout-per-case"
    faster_ref, _ = scenario_timeout(pack, scenario, Settings(mode="q", reference_tps=25), {"max_tokens": 1024}, 50)
    assert faster_ref == 60
