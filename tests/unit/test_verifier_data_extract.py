"""data_extract verifier: JSON parsing, type-aware fields, match modes, arrays, threshold, critical fields,
hedges, hostile input, and the pack (its red-team cases fail, its fair formats pass)."""

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
    return Scenario(
        pack_id="t",
        id="T-1",
        node_name="T-1",
        line=2,
        messages=[{"role": "user", "content": "x"}],
        verifier={"type": "data_extract", **params},
        raw={},
    )


def run(reply, expected, **params):
    text = reply if isinstance(reply, str) else json.dumps(reply)
    return verify(scenario(expected=expected, **params), Reply.from_message(text))


def passes(reply, expected, **params) -> bool:
    return run(reply, expected, **params).passed


def one(got, want, threshold=1.0, **opts):
    """Grade a single field "f" with options `opts`."""
    return passes({"f": got}, {"f": want}, threshold=threshold, fields={"f": opts} if opts else {})


GOLD = {
    "product_name": "Widget Pro",
    "price_paid": 35.98,
    "in_stock": True,
    "coupon": None,
    "qty": 2,
    "sku": "WP-7",
    "store": "Acme",
    "city": "Leeds",
}


# --- parsing --------------------------------------------------------------------------------------


def test_bare_and_fenced_json_pass():
    text = json.dumps(GOLD)
    assert passes(text, GOLD)
    assert passes(f"```json\n{text}\n```", GOLD)
    assert passes(f"```\n{json.dumps(GOLD, indent=2)}\n```\n", GOLD)


@pytest.mark.parametrize(
    "template",
    [
        "Here is the extracted data:\n{json}",
        "Here it is:\n```json\n{json}\n```",
        "```json\n{json}\n```\nDone! The coupon field is null because none was used.",
        "Sure.\n\n{json}\n\nLet me know if you need anything else.",
        "```json\n{json}",  # the closing fence cut off, the JSON complete
        "Result (the {{curly}} notes are mine):\n```json\n{json}\n```",  # braces in the prose, JSON in a fence
        "{json}\n\nSame answer again:\n```json\n{json}\n```",  # repeating one answer is not a hedge
        '{json}\nThe voided line would have been {{"line": "X-1", "status": "void"}}.',  # an aside, not a second answer
    ],
)
def test_fair_wrappers_around_the_json_pass(template):
    verdict = run(template.format(json=json.dumps(GOLD, indent=2)), GOLD, threshold=1.0)
    assert verdict.passed, verdict.detail
    assert verdict.trace["notes"] and verdict.trace["notes"][0].startswith("JSON read from")


def test_think_block_before_the_answer_is_not_graded():
    reply = Reply.from_message('<think>price 35.98? or 36? {"qty": 3}</think>\n' + json.dumps(GOLD))
    assert verify(scenario(expected=GOLD, threshold=1.0), reply).passed


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("", "empty reply"),
        ("   ", "empty reply"),
        ("(no answer)", "no JSON object"),
        ('{"product_name": "Widget Pro",', "invalid JSON"),
        ("{'product_name': 'Widget Pro'}", "invalid JSON"),
        ("Here it is: {'product_name': 'Widget Pro'}", "invalid JSON"),
        ('{"qty": 2,\n // done\n}', "invalid JSON"),
    ],
)
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
    assert verdict.detail == (
        '6/8 fields correct (75%, need 85%): product_name: expected "Widget Pro", '
        'got "Widget" | price_paid: expected 35.98 (number), got "35.98" (string)'
    )
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
    assert not one("43", 42, coerce=True) and not one(43, "42", coerce=True)
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


@pytest.mark.parametrize(
    "mode,got,want,ok",
    [
        ("case_insensitive", "ACME corp", "Acme Corp", True),
        ("case_insensitive", "Acme  Corp", "Acme Corp", False),
        ("whitespace", "Acme \n Corp", "Acme Corp", True),
        ("whitespace", "acme corp", "Acme Corp", False),
        ("normalized", " ACME  corp. ", "Acme Corp", True),
        ("normalized", "O’Hara – Ltd", "O'Hara - Ltd", True),
        ("normalized", "Acme Inc", "Acme Corp", False),
        ("digits_only", "858.555.0147", "(858) 555-0147", True),
        ("digits_only", "+1 858 555 0147", "(858) 555-0147", True),
        ("normalized", "The “Best” Café — Leeds", 'The "Best" Café - Leeds', True),  # typographic quotes and dashes
        ("digits_only", "858-555-0148", "(858) 555-0147", False),
        ("digits_only", "+1234 858 555 0147", "(858) 555-0147", False),  # a country code has at most 3 digits
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
        ("time", "1:05 pm", "13:05", True),  # 1 is the first hour of a 12-hour clock
        ("time", "13:05 pm", "13:05", False),
        ("exact", "14:35 ", "14:35", True),
    ],
)
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


def test_number_sets_use_the_field_tolerance():
    assert one([2.0, 1.2], [1.0, 2.0], match="set", tolerance=0.5)
    assert not one([2.0, 1.2], [1.0, 2.0], match="set")


def test_a_missing_array_counts_each_of_its_fields():
    gold = {f"k{i}": i for i in range(12)}
    gold["items"] = [{"sku": "A", "qty": 1, "price": 2.5}, {"sku": "B", "qty": 2, "price": 4.0}]
    partial = {k: v for k, v in gold.items() if k != "items"}
    verdict = run(partial, gold, threshold=0.8)  # 12 of 18 fields, not 12 of 14
    assert not verdict.passed and "12/18" in verdict.detail, verdict.detail


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


# --- critical fields (2.0) ------------------------------------------------------------------------

LISTING = {
    "address": "1 Elm St",
    "list_price": 612500,
    "previous_price": 639000,
    "bedrooms": 3,
    "bathrooms": 2.5,
    "year_built": 2004,
    "hoa": 45,
    "agent": "C. Dalby",
    "tax": 4118,
    "garage": 2,
}
CRIT = {"bedrooms": "the den is not a bedroom", "list_price": "the reduced price"}


def test_trap_value_with_every_other_field_right_fails():
    reply = dict(LISTING, bedrooms=4)
    assert passes(reply, LISTING)  # 9/10 fields: the 1.0 rule passes it
    verdict = run(reply, LISTING, critical=CRIT)
    assert not verdict.passed and verdict.trace["score"] >= verdict.trace["threshold"]
    assert verdict.detail == (
        'critical field "bedrooms": expected 3, got 4; '
        "why: the den is not a bedroom; 9/10 fields correct (90%, need 85%)"
    )
    assert [c["passed"] for c in verdict.trace["critical"]] == [False, True]


@pytest.mark.parametrize(
    "value", [None, "", "unknown", "N/A", [3, 4], [3], [4, 3], "3", "3 bedrooms", 3.5, True, {"value": 3}]
)
def test_null_placeholder_hedge_or_wrong_type_in_a_critical_field_fails(value):
    verdict = run(dict(LISTING, bedrooms=value), LISTING, critical=CRIT)
    assert not verdict.passed and verdict.detail.startswith('critical field "bedrooms"')


def test_the_bedrooms_hedge_is_shown_in_the_detail():
    verdict = run(dict(LISTING, bedrooms=[3, 4]), LISTING, critical=CRIT)
    assert "expected 3 (number), got [3, 4];" in verdict.detail


def test_several_missed_critical_fields_are_counted():
    verdict = run(dict(LISTING, bedrooms=None, list_price=639000), LISTING, critical=CRIT)
    assert not verdict.passed and "+1 more critical" in verdict.detail


def test_right_critical_fields_still_tolerate_one_easy_slip_but_not_more_than_the_threshold():
    assert passes(dict(LISTING, agent="Corinne"), LISTING, critical=CRIT)
    assert passes(dict(LISTING, list_price=612500.0), LISTING, critical=CRIT)  # 612500.0 is the same number
    verdict = run(dict(LISTING, agent="X", hoa=46), LISTING, critical=CRIT)
    assert not verdict.passed and verdict.detail.startswith("8/10 fields correct")


def test_critical_as_a_list_of_paths():
    verdict = run(dict(LISTING, bedrooms=4), LISTING, critical=["bedrooms"])
    assert not verdict.passed and "why:" not in verdict.detail
    assert passes(LISTING, LISTING, critical=["bedrooms", "$.list_price"])


def test_critical_fields_keep_their_match_modes():
    gold = {"date": "2024-07-22", "time": "14:40", "name": "St. Brendan's", "n": 1, "m": 2}
    fields = {"date": {"match": "date"}, "time": {"match": "time"}, "name": {"match": "normalized"}}
    reply = {"date": "22 July 2024", "time": "2:40 pm", "name": "st. brendan’s", "n": 1, "m": 2}
    assert passes(reply, gold, fields=fields, critical=["date", "time", "name"], threshold=1.0)
    assert not passes(dict(reply, date="2024-07-15"), gold, fields=fields, critical=["date"])


def test_critical_nested_object_path():
    gold = {"event": "Market", "prices": {"adult": 4, "under_16": 1, "under_5": 0, "family": 10}}
    crit = {"prices.under_5": "FREE is 0"}
    assert passes(dict(gold, prices=dict(gold["prices"], adult=5)), gold, critical=crit, threshold=0.5)
    verdict = run(dict(gold, prices=dict(gold["prices"], under_5=None)), gold, critical=crit, threshold=0.5)
    assert not verdict.passed and verdict.detail.startswith('critical field "prices.under_5": expected 0')
    verdict = run(dict(gold, prices="4/1/0/10"), gold, critical=crit, threshold=0.0)
    assert not verdict.passed and verdict.detail.startswith(
        'critical field "prices": expected object, got string; why: FREE is 0'
    )


def test_critical_whole_array_catches_an_extra_or_a_missing_element():
    opts = {"array_keys": {"items": "sku"}, "critical": {"items": "the voided line is not billed"}, "threshold": 0.5}
    extra = dict(ORDER, items=ORDER["items"] + [{"sku": "V9", "qty": 0, "price": 0}])
    assert passes(extra, ORDER, **{**opts, "critical": {}})  # 10/11 fields right
    verdict = run(extra, ORDER, **opts)
    assert not verdict.passed and verdict.detail.startswith('critical field "items[2]": unexpected extra element')
    missing = dict(ORDER, items=ORDER["items"][:1])
    assert 'critical field "items[sku=B2]": no such element (3 fields)' in run(missing, ORDER, **opts).detail
    assert not passes(dict(ORDER, items="A1, B2"), ORDER, **opts)


def test_critical_element_paths_by_anchor_position_or_every_element():
    b2_qty = dict(ORDER, items=[ORDER["items"][0], dict(ORDER["items"][1], qty=3)])
    a1_qty = dict(ORDER, items=[dict(ORDER["items"][0], qty=3), ORDER["items"][1]])
    keyed = {"array_keys": {"items": "sku"}, "threshold": 0.5}
    assert not passes(b2_qty, ORDER, critical=["items[sku=B2].qty"], **keyed)
    assert passes(a1_qty, ORDER, critical=["items[sku=B2].qty"], **keyed)
    assert not passes(dict(ORDER, items=None), ORDER, critical=["items[sku=B2].qty"], **keyed)  # labels kept
    assert not passes(b2_qty, ORDER, critical=["items[1].qty"], threshold=0.5)
    assert passes(a1_qty, ORDER, critical=["items[1].qty"], threshold=0.5)
    for path in ("items[].qty", "items.qty"):
        assert not passes(a1_qty, ORDER, critical=[path], **keyed)
        assert not passes(b2_qty, ORDER, critical=[path], **keyed)
        assert passes(dict(ORDER, tags=["x"]), ORDER, critical=[path], **keyed)


@pytest.mark.parametrize(
    "critical,fragment",
    [
        ({"bedroom": "typo"}, "critical field 'bedroom' names no field"),
        ("bedrooms", "'critical' must be"),
        ({"bedrooms": 3}, "bad critical entry"),
        (["$"], "bad critical entry"),
    ],
)
def test_critical_config_errors_are_reported(critical, fragment):
    verdict = run(LISTING, LISTING, critical=critical)
    assert not verdict.passed and verdict.detail.startswith("verifier config:") and fragment in verdict.detail


# --- hedges across the reply -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{one}\nOr, counting the den as a bedroom:\n{two}",
        "```json\n{one}\n```\nAlternatively:\n```json\n{two}\n```",
        'Answer:\n{one}\nIf the den counts: {{"bedrooms": 4}}',
        '{one}\nOr, counting the den as a bedroom:\n{two}\n(The den is {{"area_m2": 9}}.)',  # an aside after the rival
    ],
)
def test_two_different_json_answers_fail(template):
    text = template.format(one=json.dumps(LISTING), two=json.dumps(dict(LISTING, bedrooms=4)))
    verdict = run(text, LISTING)
    assert not verdict.passed and verdict.detail == "two different JSON answers in the reply: give one"


def test_two_different_json_arrays_fail_and_one_repeated_passes():
    rows = [{"sku": "A-1", "qty": 2}, {"sku": "B-2", "qty": 1}]
    other = [{"sku": "A-1", "qty": 2}]
    verdict = run(f"{json.dumps(rows)}\nOr, without the back-ordered line:\n{json.dumps(other)}", rows)
    assert not verdict.passed and verdict.detail == "two different JSON answers in the reply: give one"
    assert passes(f"{json.dumps(rows)}\nAgain:\n{json.dumps(rows)}", rows, threshold=1.0)


def test_a_key_given_twice_with_different_values_is_a_hedge_on_that_field():
    body = json.dumps(LISTING)[1:]
    verdict = run('{"bedrooms": 4, ' + body, LISTING, critical=CRIT)
    assert not verdict.passed
    assert 'critical field "bedrooms": given twice with different values: 4, 3' in verdict.detail
    assert passes('{"bedrooms": 3, ' + body, LISTING, critical=CRIT, threshold=1.0)  # the same value twice


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
        "x" * 2_000_000,
        json.dumps({"product_name": "W" * 500_000}),
        "9" * 100_000,
        json.dumps(dict(GOLD, product_name=["deep"] * 50_000)),
        '{"qty": 1e400}',
        '{"qty": NaN}',
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(20_000)),
    ] + [
        "".join(rng.choice('{}[]":,0123456789.eE-truefalsnl ') for _ in range(rng.randrange(0, 300)))
        for _ in range(300)
    ]
    # CPU time of this thread, not wall time: a guard against runaway (backtracking) work,
    # deaf to how loaded the machine is. Speed targets live in benchmarks/.
    start = time.thread_time()
    for text in samples:
        verdict = run(text, GOLD, threshold=1.0)
        assert not verdict.passed and verdict.detail
    assert time.thread_time() - start < 20


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
        assert any(d.startswith("invalid JSON") for d in details), s.id
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


# --- the pack: 2.0 red-team cases and fair formats -------------------------------------------------

SCENARIOS = load_pack(PACK).scenarios


def _gold_reply(s, **changes):
    return Reply.from_message(json.dumps({**s.verifier["expected"], **changes}, ensure_ascii=False))


def test_every_pack_scenario_names_its_critical_fields_with_a_why():
    for s in SCENARIOS:
        critical = s.verifier.get("critical")
        assert isinstance(critical, dict) and critical, s.id
        assert all(isinstance(why, str) and len(why) > 10 for why in critical.values()), s.id


def test_pack_negatives_cover_the_2_0_attacks_and_positives_the_fair_formats():
    for s in SCENARIOS:
        attacks = {n["attack"] for n in s.negatives}
        assert {"trap", "null_field", "list_for_scalar", "wrong_type"} <= attacks, s.id
        variants = " | ".join(p["variant"] for p in s.positives)
        for fair in ("markdown fence", "a sentence before", "<think>"):
            assert fair in variants, (s.id, fair)


def test_pack_traps_fail_on_a_critical_field_although_the_1_0_threshold_is_met():
    for s in SCENARIOS:
        for n in (n for n in s.negatives if n["attack"] == "trap"):
            verdict = verifiers.verify(s, reply_of(n))
            assert not verdict.passed and verdict.detail.startswith("critical field"), (s.id, verdict.detail)
            assert verdict.trace["score"] >= verdict.trace["threshold"], s.id  # over 85% of fields right


def test_pack_null_and_list_attacks_fail_on_a_critical_field():
    for s in SCENARIOS:
        for n in (n for n in s.negatives if n["attack"] in ("null_field", "list_for_scalar")):
            verdict = verifiers.verify(s, reply_of(n))
            assert not verdict.passed and verdict.detail.startswith("critical field"), (s.id, n["attack"])


@pytest.mark.parametrize("blank", [None, "", "unknown", "N/A"])
def test_pack_blank_in_any_stated_top_level_critical_field_fails(blank):
    for s in SCENARIOS:
        gold = s.verifier["expected"]
        for key in (k for k in s.verifier["critical"] if k in gold and gold[k] is not None):
            verdict = verifiers.verify(s, _gold_reply(s, **{key: blank}))
            assert not verdict.passed and verdict.detail.startswith(f'critical field "{key}'), (s.id, key)


def test_pack_every_candidate_listed_in_a_top_level_critical_scalar_fails():
    for s in SCENARIOS:
        gold = s.verifier["expected"]
        for key in (k for k in s.verifier["critical"] if k in gold and not isinstance(gold[k], (list, dict))):
            verdict = verifiers.verify(s, _gold_reply(s, **{key: [gold[key], "other"]}))
            assert not verdict.passed, (s.id, key)


def test_pack_red_team_bedrooms_hedge():
    de09 = next(s for s in SCENARIOS if s.id == "DE-09")
    verdict = verifiers.verify(de09, _gold_reply(de09, bedrooms=[3, 4]))
    assert not verdict.passed
    assert verdict.detail.startswith('critical field "bedrooms": expected 3 (number), got [3, 4]; why: ')
    assert verifiers.verify(de09, _gold_reply(de09, bedrooms=4)).detail.startswith('critical field "bedrooms"')


def test_pack_red_team_voided_line_and_cancelled_leg():
    de02 = next(s for s in SCENARIOS if s.id == "DE-02")
    items = de02.verifier["expected"]["line_items"]
    voided = items[:2] + [{"sku": "FL-8511", "quantity": 1, "unit_price": 0, "amount": 0}] + items[2:]
    assert not verifiers.verify(de02, _gold_reply(de02, line_items=voided)).passed
    de10 = next(s for s in SCENARIOS if s.id == "DE-10")
    legs = de10.verifier["expected"]["segments"]
    cancelled = {
        "flight_number": "UA1921",
        "origin": "EWR",
        "destination": "AUS",
        "departure_date": "2025-03-12",
        "departure_time": "16:10",
        "arrival_time": "19:32",
    }
    assert not verifiers.verify(de10, _gold_reply(de10, segments=legs[:2] + [cancelled] + legs[2:])).passed


@pytest.mark.parametrize(
    "wrap",
    [
        lambda j: "```json\n" + j + "\n```",
        lambda j: "Here is the extracted data:\n\n" + j,
        lambda j: "Sure, here you go.\n```json\n" + j + "\n```\nThe trap fields are handled as the prompt says.",
        lambda j: "<think>\nCheck which values are superseded.\n</think>\n" + j,
    ],
)
def test_pack_fair_formats_pass_every_scenario(wrap):
    for s in SCENARIOS:
        gold = s.verifier["expected"]
        text = json.dumps(dict(reversed(list(gold.items()))), indent=2, ensure_ascii=False)
        verdict = verifiers.verify(s, Reply.from_message(wrap(text)))
        assert verdict.passed, (s.id, verdict.detail)
