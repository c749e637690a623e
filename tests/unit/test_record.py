"""ScenarioRecord <-> the results document's `scenarios[]` object: a record read back is written unchanged,
whatever version wrote it."""

from __future__ import annotations

import json

from pytest_quality.record import ScenarioRecord

FULL = {
    "pack_id": "toolcall",
    "id": "tc-01",
    "node_id": "toolcall.jsonl::tc-01",
    "order": 0,
    "repeat_index": 0,
    "passed": False,
    "failure_mode": "wrong_arguments",
    "detail": "city: 'Paris' != 'Lyon'",
    "latency_s": 0.412,
    "timeout_s": 60.0,
    "timeout_detail": {"budget": 60.0},
    "tokens": {"prompt": 120, "completion": 14},
    "finish_reason": "tool_calls",
    "thinking_expected": False,
    "had_reasoning": False,
    "request": {"model": "m", "messages": []},
    "response": {"choices": [{"message": {"content": "x"}}]},
    "http_status": 200,
    "attempts": 1,
    "retries": [],
    "cached": False,
    "verifier_trace": [{"step": "parse"}],
    "skipped": False,
    "stream": {"ttft_s": 0.1, "decode_tps": 40.0},
    "turns": [{"request": {}, "response": {}, "failure_mode": None}],
}


def _same(d: dict) -> None:
    back = ScenarioRecord.from_dict(d).to_dict()
    assert back == d
    assert json.dumps(back) == json.dumps(d)  # the same keys in the same order: the file bytes too


def test_a_full_record_round_trips():
    _same(FULL)


def test_optional_sections_are_left_out_when_empty_and_kept_when_set():
    plain = {k: v for k, v in FULL.items() if k not in ("stream", "turns")}
    _same(plain)
    assert "stream" not in ScenarioRecord.from_dict(plain).to_dict()
    _same({**plain, "skipped": True, "skip_status": "dataset-unavailable"})


def test_an_older_record_keeps_its_missing_keys_missing_and_unknown_keys():
    old = {k: v for k, v in FULL.items() if k not in ("cached", "order", "stream", "turns", "verifier_trace")}
    old["inherited_from"] = "first.json"  # a key this version does not know
    record = ScenarioRecord.from_dict(old)
    assert record.extra == {"inherited_from": "first.json"}
    assert record.cached is False and record.order == 0
    assert ScenarioRecord.from_dict(old).to_dict() == old


def test_fields_are_typed_attributes():
    record = ScenarioRecord.from_dict(FULL)
    assert (record.pack_id, record.passed, record.failure_mode, record.tokens["completion"]) == (
        "toolcall",
        False,
        "wrong_arguments",
        14,
    )
