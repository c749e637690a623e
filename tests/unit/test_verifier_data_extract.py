"""data_extract verifier: JSON parsing, type-aware fields, match modes, arrays, threshold, hostile input, pack."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import Scenario, load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verdict import VERIFIER_FAIL
from pytest_quality.verifiers.data_extract import verify

PACK = Path(__file__).resolve().parents[2] / "packs" / "dataextract-15.jsonl"


def scenario(**params) -> Scenario:
    return Scenario(pack_id="t", id="T-1", node_name="T-1", line=2, messages=[{"role": "user", "content": "x"}],
                    verifier={"type": "data_extract", **params}, raw={})


def run(reply, expected, **params):
    text = reply if isinstance(reply, str) else json.dumps(reply)
    return verify(scenario(expected=expected, **params), Reply.from_message(text))


def passes(reply, expected, **params) -> bool:
    return run(reply, expected, **params).passed


def one(got, want, threshold=1.0, **opts):
    """Grade a single field "f" with options `opts`."""
    return passes({"f": got}, {"f": want}, threshold=threshold, fields={"f": opts} if opts else {})


GOLD = {"product_name": "Widget Pro", "price_paid": 35.98, "in_stock": True, "coupon": None,
        "qty": 2, "sku": "WP-7", "store": "Acme", "city": "Leeds"}


# --- parsing --------------------------------------------------------------------------------------


def test_bare_and_fenced_json_pass():
    text = json.dumps(GOLD)
    assert passes(text, GOLD)
    assert passes(f"```json\n{text}\n```", GOLD)
    assert passes(f"```\n{json.dumps(GOLD, indent=2)}\n```\n", GOLD)


@pytest.mark.parametrize("text,fragment", [
    ("", "empty reply"), ("   ", "empty reply"), ("(no answer)", "invalid JSON"),
    ('{"product_name": "Widget Pro",', "invalid JSON"), ("{'product_name': 'Widget Pro'}", "invalid JSON"),
    ("Here it is:\n```json\n{}\n```", "text outside the code block"),
    ("```json\n{}\n```\nDone!", "text after the code block"), ("```json\n{}", "unterminated code fence"),
])
def test_unparseable_replies_fail_with_detail(text, fragment):
    verdict = run(text, GOLD)
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL
    assert fragment in verdict.detail


def test_json_list_instead_of_object_fails():
    verdict = run([GOLD, GOLD], GOLD)
    assert not verdict.passed and verdict.detail == "expected a JSON object, got array"
    assert not passes([{"field": k, "value": v} for k, v in GOLD.items()], GOLD)
    assert not passes('"just a string"', GOLD)


def test_single_object_wrapped_in_a_list_is_unwrapped_and_noted():
    verdict = run([GOLD], GOLD)
    assert verdict.passed and verdict.trace["notes"]


# --- scalar fields and types ------------------------------------------------------------------------


def test_detail_format_counts_and_lists_failures():
    reply = dict(GOLD, product_name="Widget", price_paid="35.98")
    verdict = run(reply, GOLD)
    assert not verdict.passed
    assert verdict.detail == ('6/8 fields correct (75%, need 85%): product_name: expected "Widget Pro", '
                              'got "Widget" | price_paid: expected number, got string')
    fields = {f["field"]: f["passed"] for f in verdict.trace["fields"]}
    assert fields["product_name"] is False and fields["qty"] is True and len(fields) == 8


def test_threshold_decides():
    reply = dict(GOLD, city="York")  # 7/8 = 87.5%
    assert passes(reply, GOLD, threshold=0.85)
    assert not passes(reply, GOLD, threshold=0.9)
    assert passes(GOLD, GOLD, threshold=1.0)


def test_missing_field_counts_wrong():
    reply = {k: v for k, v in GOLD.items() if k != "price_paid"}
    verdict = run(reply, GOLD, threshold=1.0)
    assert not verdict.passed and "price_paid: missing" in verdict.detail


def test_strings_compare_after_strip_and_exactly_by_default():
    assert one("  Leeds \n", "Leeds")
    assert not one("leeds", "Leeds")
    assert not one("Leeds.", "Leeds")


def test_numbers_compare_within_tolerance():
    assert one(35.98, 35.98) and one(2.0, 2) and one(2, 2.0)
    assert not one(35.99, 35.98)
    assert one(35.99, 35.98, tolerance=0.01)
    assert not one(36.0, 35.98, tolerance=0.01)


def test_type_mismatches_fail_unless_coerce():
    assert not one("42", 42)
    assert not one(42, "42")
    assert one("42", 42, coerce=True) and one(42, "42", coerce=True) and one("$1,234.50", 1234.5, coerce=True)
    assert not one("43", 42, coerce=True)
    assert not one(1, True) and not one("true", True) and one("yes", True, coerce=True)
    assert not one(True, 1)


def test_null_and_boolean_need_their_own_types():
    assert one(None, None)
    assert not one("", None) and not one("null", None) and not one(0, None) and not one(False, None)
    assert one(False, False) and not one(None, False) and not one(0, False)


def test_empty_containers_in_gold_are_atomic():
    assert one([], []) and one({}, {})
    assert not one(["x"], []) and not one(None, [])


def test_accepted_alternatives():
    assert one("UK", "United Kingdom", accepted=["UK"])
    assert not one("GB", "United Kingdom", accepted=["UK"])


# --- match modes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode,got,want,ok", [
    ("case_insensitive", "ACME corp", "Acme Corp", True),
    ("case_insensitive", "Acme  Corp", "Acme Corp", False),
    ("whitespace", "Acme \n Corp", "Acme Corp", True),
    ("whitespace", "acme corp", "Acme Corp", False),
    ("normalized", " ACME  corp. ", "Acme Corp", True),
    ("normalized", "O’Hara – Ltd", "O'Hara - Ltd", True),
    ("normalized", "Acme Inc", "Acme Corp", False),
    ("digits_only", "858.555.0147", "(858) 555-0147", True),
    ("digits_only", "+1 858 555 0147", "(858) 555-0147", True),
    ("digits_only", "858-555-0148", "(858) 555-0147", False),
    ("digits_only", "", "", False),
    ("date", "March 5th, 2024", "2024-03-05", True),
    ("date", "5 Mar 2024", "2024-03-05", True),
    ("date", "2024/03/05", "2024-03-05", True),
    ("date", "2024-03-05T09:00:00Z", "2024-03-05", True),
    ("date", "2024-05-03", "2024-03-05", False),
    ("date", "soon", "2024-03-05", False),
    ("date", "Mar 2021", "2021-03", True),
    ("date", "2021", "2021-03", False),
    ("time", "2:35 PM", "14:35", True),
    ("time", "14.35", "14:35", True),
    ("time", "2:35", "14:35", False),
    ("time", "12:10 am", "00:10", True),
    ("exact", "14:35 ", "14:35", True),
])
def test_string_match_modes(mode, got, want, ok):
    assert one(got, want, match=mode) is ok


def test_star_sets_default_options_and_specific_paths_override():
    fields = {"*": {"match": "normalized"}, "sku": {"match": "exact"}}
    assert passes(dict(GOLD, store="ACME", city="leeds"), GOLD, threshold=1.0, fields=fields)
    assert not passes(dict(GOLD, sku="wp-7"), GOLD, threshold=1.0, fields=fields)


def test_unknown_match_mode_is_a_config_failure():
    verdict = run(GOLD, GOLD, fields={"store": {"match": "fuzzy"}})
    assert not verdict.passed and verdict.detail.startswith("verifier config:")


# --- objects and arrays -----------------------------------------------------------------------------

ORDER = {
    "customer": {"name": "Ann Lee", "email": "ann@x.example"},
    "tags": ["gift", "rush"],
    "items": [{"sku": "A1", "qty": 2, "price": 3.5}, {"sku": "B2", "qty": 1, "price": 10.0}],
}


def test_nested_objects_are_walked_and_wrong_parents_cost_all_their_fields():
    assert passes(ORDER, ORDER, threshold=1.0)
    verdict = run(dict(ORDER, customer="Ann Lee"), ORDER, threshold=0.5)
    assert verdict.trace["total"] == 10 and verdict.trace["correct"] == 8
    assert "customer: expected object, got string (2 fields)" in verdict.detail


def test_scalar_arrays_are_positional_by_default_and_set_on_request():
    swapped = dict(ORDER, tags=["rush", "gift"])
    assert not passes(swapped, ORDER, threshold=1.0)
    set_opts = {"tags": {"match": "set"}}
    assert passes(swapped, ORDER, threshold=1.0, fields=set_opts)
    assert passes(dict(ORDER, tags=["Rush", "gift", "gift"]), ORDER, threshold=1.0, fields=set_opts)
    verdict = run(dict(ORDER, tags=["gift"]), ORDER, threshold=1.0, fields=set_opts)
    assert not verdict.passed and 'tags: missing "rush"' in verdict.detail
    assert not passes(dict(ORDER, tags=["gift", "rush", "fragile"]), ORDER, threshold=1.0, fields=set_opts)


def test_object_arrays_match_by_position_without_anchor():
    reordered = dict(ORDER, items=list(reversed(ORDER["items"])))
    assert not passes(reordered, ORDER, threshold=1.0)


def test_array_keys_match_by_anchor():
    reordered = dict(ORDER, items=list(reversed(ORDER["items"])))
    assert passes(reordered, ORDER, threshold=1.0, array_keys={"items": "sku"})
    spaced = dict(ORDER, items=[{"sku": "a 1", "qty": 2, "price": 3.5}, ORDER["items"][1]])
    verdict = run(spaced, ORDER, threshold=0.0, array_keys={"items": "sku"})
    assert verdict.trace["correct"] == verdict.trace["total"] - 1  # paired, only the sku itself is wrong
    missing = dict(ORDER, items=[ORDER["items"][1]])
    verdict = run(missing, ORDER, threshold=0.0, array_keys={"items": "sku"})
    assert "items[sku=A1]: no such element (3 fields)" in verdict.detail


def test_extra_array_elements_count_wrong():
    extra = dict(ORDER, items=ORDER["items"] + [{"sku": "C3", "qty": 9, "price": 1.0}])
    verdict = run(extra, ORDER, threshold=1.0, array_keys={"items": "sku"})
    assert not verdict.passed and verdict.trace["total"] == 11 and "unexpected extra element" in verdict.detail


def test_per_element_options_by_generic_path():
    cents = dict(ORDER, items=[{"sku": "A1", "qty": 2, "price": 3.504}, ORDER["items"][1]])
    assert not passes(cents, ORDER, threshold=1.0)
    assert passes(cents, ORDER, threshold=1.0, fields={"items[].price": {"tolerance": 0.01}})
    assert passes(cents, ORDER, threshold=1.0, fields={"items.price": {"tolerance": 0.01}})


def test_allow_extra_fields():
    extra = dict(GOLD, notes="n/a")
    assert passes(extra, GOLD, threshold=1.0)
    verdict = run(extra, GOLD, threshold=1.0, allow_extra_fields=False)
    assert not verdict.passed and "notes: unexpected field" in verdict.detail


# --- hostile input ----------------------------------------------------------------------------------


def test_deeply_nested_json_gives_a_verdict():
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    assert not run(deep, GOLD).passed
    assert not run("[" * 100_000 + "]" * 100_000, GOLD).passed
    nested_gold = {"a": {"b": {"c": {"d": 1}}}}
    assert passes(nested_gold, nested_gold)
    assert not passes({"a": {"b": {"c": {"d": {"e": [[[[[]]]]]}}}}}, nested_gold)


def test_huge_and_random_input_gives_a_verdict_quickly():
    rng = random.Random(11)
    samples = [
        "x" * 2_000_000, json.dumps({"product_name": "W" * 500_000}), "9" * 100_000,
        json.dumps(dict(GOLD, product_name=["deep"] * 50_000)), '{"qty": 1e400}', '{"qty": NaN}',
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(20_000)),
    ] + ["".join(rng.choice('{}[]":,0123456789.eE-truefalsnl ') for _ in range(rng.randrange(0, 300)))
         for _ in range(300)]
    start = time.monotonic()
    for text in samples:
        verdict = run(text, GOLD, threshold=1.0)
        assert not verdict.passed and verdict.detail
    assert time.monotonic() - start < 20


def test_wrong_shapes_everywhere_give_verdicts():
    junk = [None, 1, "s", [], {}, [1, [2]], {"x": {"y": []}}]
    for value in junk:
        reply = {k: value for k in ORDER}
        verdict = run(reply, ORDER, fields={"tags": {"match": "set"}}, array_keys={"items": "sku"})
        assert not verdict.passed and verdict.detail


def test_missing_expected_is_a_config_failure():
    verdict = verify(scenario(), Reply.from_message("{}"))
    assert not verdict.passed and "expected" in verdict.detail


# --- the pack ---------------------------------------------------------------------------------------


def test_pack_loads_with_15_validated_scenarios():
    pack = load_pack(PACK)  # validates: every reference passes, every negative fails
    assert pack.pack_id == "dataextract-15" and pack.title == "DataExtract-15" and pack.marker == "dataextract"
    assert [s.id for s in pack.scenarios] == [f"DE-{i:02d}" for i in range(1, 16)]
    assert pack.default_thinking is False and pack.floor == 0.75
    assert pack.sampling_defaults == {"temperature": 0, "top_p": 1, "max_tokens": 1024}


def test_pack_prompts_list_every_expected_key_and_say_json_only():
    for s in load_pack(PACK).scenarios:
        prompt = s.messages[-1]["content"]
        assert "JSON object only" in prompt, s.id
        for key in s.verifier["expected"]:
            assert f"- {key} (" in prompt, (s.id, key)


def test_pack_negatives_include_wrong_fields_invalid_json_and_wrong_shape():
    for s in load_pack(PACK).scenarios:
        details = [verifiers.verify(s, reply_of(n)).detail for n in s.negatives]
        assert any("fields correct" in d for d in details), s.id
        assert any(d.startswith(("invalid JSON", "text outside")) for d in details), s.id
        assert any(d == "expected a JSON object, got array" for d in details), s.id


@pytest.mark.parametrize("junk", ["(no answer)", "", "{}", "[]", "null"])
def test_junk_fails_every_pack_scenario(junk):
    for s in load_pack(PACK).scenarios:
        assert not verifiers.verify(s, Reply.from_message(junk)).passed, s.id


def test_reference_still_passes_in_a_fence_and_with_reordered_keys():
    for s in load_pack(PACK).scenarios:
        gold = s.verifier["expected"]
        shuffled = dict(reversed(list(gold.items())))
        reply = Reply.from_message("```json\n" + json.dumps(shuffled, indent=1) + "\n```")
        assert verifiers.verify(s, reply).passed, s.id
