"""The results schema itself is valid and rejects what the contract forbids."""

import jsonschema
import pytest

from pytest_quality.results import results_schema


def _minimal():
    return {
        "schema_version": "1",
        "tool_version": "0.1.0",
        "started_at": "2026-01-01T00:00:00Z",
        "finished_at": "2026-01-01T00:01:00Z",
        "endpoint": "http://127.0.0.1:1",
        "model": "m",
        "mode": "--quick",
        "canonical": True,
        "thinking_mode": "pack-defaults",
        "sampling": {"source": "pack"},
        "probe": {"decode_tps": 10.0, "thinking_control": "enable_thinking", "server": {}},
        "packs": [],
        "totals": {"passed": 0, "total": 0, "errors": 0, "score": None},
        "quality_line": "Quality:   (--quick)",
    }


def test_schema_is_valid_and_accepts_a_minimal_file():
    schema = results_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_minimal(), schema)


def test_schema_rejects_a_passed_scenario_with_a_failure_mode():
    data = _minimal()
    scenario = {
        "id": "A",
        "node_id": "p.jsonl::A",
        "passed": True,
        "failure_mode": "timeout",
        "detail": "",
        "latency_s": 1,
        "timeout_s": 2,
        "tokens": {"prompt": 1, "completion": 1},
        "request": {},
        "response": {},
        "repeat_index": 0,
        "verifier_trace": {},
    }
    data["packs"] = [
        {
            "pack_id": "p",
            "title": "P",
            "version": "1",
            "passed": 1,
            "total": 1,
            "errors": 0,
            "score": 1.0,
            "latency": {"p50": 1, "p95": 1},
            "status": "ok",
            "scenarios": [scenario],
        }
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, results_schema())
    scenario["failure_mode"] = None
    jsonschema.validate(data, results_schema())
