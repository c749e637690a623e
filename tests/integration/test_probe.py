"""The probe against a real loopback server: model id, /props, thinking control, decode speed."""

from __future__ import annotations

import pytest

from pytest_quality.probe import EndpointUnreachable, run_probe
from tests.support.fake_openai import FakeServer, answer_reference


def test_probe_reads_models_props_and_speed(fake_server):
    fake_server.chat_template = "{% if enable_thinking %}<think>{% endif %}{{ messages }}"
    result = run_probe(fake_server.url + "/v1")
    assert result.base_url == fake_server.url
    assert result.model == "fake-model" and result.model_ids == ["fake-model"]
    assert result.thinking_control == "enable_thinking" and "enable_thinking" in result.thinking_control_source
    assert result.server["total_slots"] == 4 and result.server["defaults"] == {"temperature": 0.8}
    assert result.server_reasoning is True
    # 64 streamed tokens ~2 ms apart: a few hundred tokens/s, and measured after the first token.
    assert result.decode_tps_source == "measured"
    assert 50 < result.decode_tps < 2000
    assert result.decode_detail["tokens"] == 64
    assert result.fingerprint


def test_explicit_model_is_never_overridden(fake_server):
    result = run_probe(fake_server.url, model="other", measure_tps=False)
    assert result.model == "other" and result.decode_tps is None
    assert any("not among the served ids" in w for w in result.warnings)


def test_no_props_means_default_control():
    with FakeServer(answer_reference) as server:
        server.chat_template = None
        result = run_probe(server.url, measure_tps=False)
    assert result.thinking_control == "enable_thinking" and "no /props" in result.thinking_control_source
    assert result.server == {}


def test_api_key_is_sent_and_never_in_errors(fake_server):
    run_probe(fake_server.url, api_key="sk-canary-123", measure_tps=False)
    assert fake_server.headers_seen[0]["Authorization"] == "Bearer sk-canary-123"
    with pytest.raises(EndpointUnreachable) as info:
        run_probe("http://127.0.0.1:9", api_key="sk-canary-123")
    assert "127.0.0.1:9" in str(info.value) and "sk-canary-123" not in str(info.value)
