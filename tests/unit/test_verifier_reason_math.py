"""reason_math verifier: the final ANSWER line, numeric normalisation, each kind, hostile input, the pack."""

from __future__ import annotations

import random
import time
from fractions import Fraction
from pathlib import Path

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import Scenario, load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verdict import VERIFIER_FAIL, WRONG_ANSWER
from pytest_quality.verifiers import _numbers
from pytest_quality.verifiers._answer_line import hedge, mentions, one_value, reduced
from pytest_quality.verifiers.reason_math import verify

PACK = Path(__file__).resolve().parents[2] / "packs" / "reasonmath-15.jsonl"


def scenario(**params) -> Scenario:
    return Scenario(
        pack_id="t",
        id="T-1",
        node_name="T-1",
        line=2,
        messages=[{"role": "user", "content": "x"}],
        verifier={"type": "reason_math", **params},
        raw={},
    )


def run(text: str, **params):
    return verify(scenario(**params), Reply.from_message(text))


def passes(text: str, **params) -> bool:
    return run(text, **params).passed


# --- the ANSWER line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "ANSWER: 42",
        "answer: 42",
        "Answer:42",
        "**ANSWER: 42**",
        "**ANSWER:** 42",
        "ANSWER: **42**",
        "## ANSWER: 42",
        "> ANSWER: 42",
        "- ANSWER: 42",
        "Final answer: 42",
        "ANSWER: 42   ",
        "ANSWER: `42`",
        "ANSWER: 42.",
        "__ANSWER:__ 42",
    ],
)
def test_answer_line_variants_pass(line):
    assert passes(f"6 × 7 = 42\n\n{line}", answer="42")


def test_trailing_blank_lines_and_fences_after_the_answer_are_ignored():
    assert passes("Working\nANSWER: 42\n\n```\n\n", answer="42")
    assert passes("Working\nANSWER: 42\n---\n", answer="42")


def test_missing_answer_line_fails_with_detail():
    verdict = run("The total is 42.", answer="42")
    assert not verdict.passed
    assert verdict.failure_mode == VERIFIER_FAIL
    assert verdict.detail == "no final 'ANSWER:' line"


def test_text_after_the_answer_line_fails():
    verdict = run("ANSWER: 42\nHope this helps!", answer="42")
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL
    assert verdict.detail.startswith("no final 'ANSWER:' line") and "line 1" in verdict.detail


def test_only_the_last_answer_line_is_graded():
    assert not passes("ANSWER: 42\nWait, I made an error.\nANSWER: 45", answer="42")
    assert passes("ANSWER: 45\nWait, I made an error.\nANSWER: 42", answer="42")


def test_numbers_in_the_working_never_count():
    verdict = run("So 42 is the total, 42 again.\nANSWER: 45", answer="42")
    assert not verdict.passed
    assert verdict.failure_mode == WRONG_ANSWER
    assert verdict.detail == "expected 42, got 45"


def test_reasoning_channel_is_not_graded():
    reply = Reply.from_message({"role": "assistant", "reasoning_content": "ANSWER: 42", "content": "I think 41."})
    assert not verify(scenario(answer="42"), reply).passed
    think = Reply.from_message("<think>\nANSWER: 42\n</think>\nANSWER: 41")
    assert not verify(scenario(answer="42"), think).passed


@pytest.mark.parametrize("text", ["", "   ", "(no answer)", "ANSWER:", "ANSWER:   ", "ANSWER: **"])
def test_empty_and_junk_replies_fail(text):
    verdict = run(text, answer="42")
    assert not verdict.passed
    assert verdict.failure_mode in (VERIFIER_FAIL, WRONG_ANSWER)


# --- numeric normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,canonical",
    [
        ("$1,234.50", "1234.5"),
        ("1234.5", "1,234.50"),
        ("1,234.50 dollars", "1234.50"),
        ("USD 35.98", "35.98"),
        ("35.980", "35.98"),
        ("12.5%", "12.5"),
        ("-0", "0"),
        ("0", "-0"),
        ("1.2e3", "1200"),
        ("1.2E+3", "1200"),
        ("1.2 × 10^3", "1200"),
        ("−7", "-7"),
        ("-$5.00", "-5"),
        (".5", "0.5"),
        ("€46.65", "46.65"),
        ("\\boxed{42}", "42"),
        ("$\\boxed{42}$", "42"),
        ("x = 42", "42"),
        ("42 apples", "42"),
    ],
)
def test_number_forms_pass(value, canonical):
    assert passes(f"ANSWER: {value}", answer=canonical, kind="number")


@pytest.mark.parametrize(
    "value,canonical",
    [
        ("3/4", "0.75"),
        ("0.75", "3/4"),
        ("6/8", "3/4"),
        ("\\frac{3}{4}", "3/4"),
        ("\\dfrac{29}{44}", "29/44"),
        ("4 2/7", "30/7"),
        ("29/44 ≈ 0.659", "29/44"),
        ("P = 29/44", "29/44"),
    ],
)
def test_fraction_forms_pass(value, canonical):
    assert passes(f"ANSWER: {value}", answer=canonical, kind="fraction")


@pytest.mark.parametrize(
    "value,canonical,kind",
    [
        ("0.333", "1/3", "fraction"),
        ("4.29", "30/7", "fraction"),
        ("75%", "3/4", "fraction"),
        ("35.99", "35.98", "number"),
        ("3598", "35.98", "number"),
        ("1,2345", "12345", "number"),
    ],
)
def test_near_misses_fail(value, canonical, kind):
    verdict = run(f"ANSWER: {value}", answer=canonical, kind=kind)
    assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER


def test_several_different_numbers_on_the_line_fail():
    verdict = run("ANSWER: 42 or 45", answer="42")
    assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER
    assert verdict.detail == "hedged answer: two values, 42 and 45: state one value"


def test_no_number_fails_with_note():
    verdict = run("ANSWER: forty-two", answer="42")
    assert not verdict.passed and verdict.detail == "expected 42, got forty-two (no number)"


def test_tolerance_absolute_and_relative():
    assert passes("ANSWER: 12496.33", answer="12496.32", tolerance={"abs": 0.02})
    assert not passes("ANSWER: 12496.35", answer="12496.32", tolerance={"abs": 0.02})
    assert passes("ANSWER: 4.2857", answer="30/7", kind="fraction", tolerance=0.001)
    assert passes("ANSWER: 1010", answer="1000", tolerance={"rel": 0.01})
    assert not passes("ANSWER: 1011", answer="1000", tolerance={"rel": 0.01})
    assert not passes("ANSWER: 12496.33", answer="12496.32")  # default is exact


def test_accepted_alternatives():
    assert passes("ANSWER: 36", answer="35.98", accepted=["36"])
    assert not passes("ANSWER: 37", answer="35.98", accepted=["36"])


def test_units_with_digits_are_removed_before_parsing():
    assert passes("ANSWER: 99 m^2", answer="99", unit="m^2")
    assert passes("ANSWER: 99 m^2", answer="99", unit="m")
    assert passes("ANSWER: 99m", answer="99", unit="m")
    assert passes("ANSWER: 99 m²", answer="99")
    assert passes("ANSWER: 99 cm^3", answer="99")
    assert passes("ANSWER: 565 minutes", answer="565", unit=["minutes", "min"])
    assert passes("ANSWER: 1e3 m", answer="1000", unit=["e", "m"])  # units are removed as whole words only


def test_windows_line_endings_and_trailing_whitespace():
    assert passes("Working\r\n\r\nANSWER: 42  \r\n", answer="42")


def test_numbers_module_parses_exactly():
    assert _numbers.find_numbers("$1,234.50, 12.5%, 3/4, 1 1/2, -0") == [
        Fraction(2469, 2),
        Fraction(25, 2),
        Fraction(3, 4),
        Fraction(3, 2),
        Fraction(0),
    ]
    assert _numbers.find_numbers("x1 m2 v2") == []  # digits glued to letters are names, not numbers
    assert _numbers.parse_number("3/0") is None
    assert _numbers.parse_number("1e999999999") is None  # refused, not computed
    assert _numbers.fmt(Fraction(30, 7)) == "30/7" and _numbers.fmt(Fraction(1, 4)) == "0.25"


# --- one answer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "945 or 946",
        "945 (or 946 if rounding up)",
        "between 940 and 950",
        "945-946",
        "945–946",
        "945 to 946",
        "945, maybe 946",
        "at least 945",
        "945 or more",
        "945+",
        "945 or so",
        "more than 940",
        "≥ 945",
        "945 ± 1",
        "945?",
        "probably 945",
        "945 if order does not matter",
        "either 945 or 1890",
        "945 (946)",
        "945 / 946",
        "945 and 946",
        "945 = 946",
        "3:45",
        "945 or none",
    ],
)
def test_hedges_fail(value):
    verdict = run(f"ANSWER: {value}", answer="945")
    assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER, value


@pytest.mark.parametrize(
    "value,params",
    [
        ("0.8 = 4/5 = 80%", {"answer": "0.8"}),
        ("4/5 = 0.8 = 80%", {"answer": "4/5", "form": "fraction"}),
        ("$1,200 (1200 dollars)", {"answer": "1200"}),
        ("x = 7", {"answer": "7"}),
        ("7 cm", {"answer": "7"}),
        ("99 m^2", {"answer": "99"}),
        ("13.09 km/h", {"answer": "13.09", "decimals": 2}),
        ("2 1/3", {"answer": "7/3"}),
        ("-7", {"answer": "-7", "form": "integer"}),
        ("−7 °C", {"answer": "-7"}),
        ("1.2e3 = 1200", {"answer": "1200"}),
        ("1.2 × 10^3", {"answer": "1200"}),
        ("3/4 (or 0.75)", {"answer": "3/4"}),
        ("29/44 ≈ 0.659", {"answer": "29/44"}),
        ("30/7 = 4.29", {"answer": "30/7"}),
        ("30/7 (about 4.29 hours)", {"answer": "30/7", "exact": True}),
        ("30/7 (4.29 to 2 d.p.)", {"answer": "30/7"}),
        ("30/7 = 4.2857...", {"answer": "30/7"}),
        ("94.5 ≈ 95", {"answer": "94.5"}),
        ("≈ 4.29 (exactly 30/7)", {"answer": "30/7", "exact": True}),
        ("$42.00", {"answer": "42"}),
        ("**42**.", {"answer": "42"}),
        ("1,234", {"answer": "1234", "form": "integer"}),
        ("12.5%", {"answer": "12.5", "form": "percent"}),
        ("12.5 percent", {"answer": "12.5", "form": "percent"}),
        ("approximately $70.25", {"answer": "70.25"}),
        ("$70.25 (rounded to the cent)", {"answer": "70.25"}),
        ("12,496.31", {"answer": "12496.32", "tolerance": {"abs": 0.02}}),
    ],
)
def test_one_value_in_several_forms_passes(value, params):
    verdict = run(f"Working.\n\nANSWER: {value}", **params)
    assert verdict.passed, verdict.detail


@pytest.mark.parametrize(
    "value,params",
    [
        ("30/7 or 4.29", {"answer": "30/7"}),  # a rounding offered as an alternative, not marked as a rounding
        ("94.5 or 95", {"answer": "94.5"}),
        ("94.5 = 95", {"answer": "94.5"}),
        ("12,496.31 or 12,496.33", {"answer": "12496.32", "tolerance": {"abs": 0.02}}),  # both in tolerance: still two
        ("0.8 or 80", {"answer": "0.8"}),
        ("80%", {"answer": "0.8"}),
        ("0.5 or 0.50 or 0.6", {"answer": "0.5"}),
    ],
)
def test_second_value_fails_however_close(value, params):
    assert not passes(f"ANSWER: {value}", **params)


def test_approximation_fails_only_where_the_exact_value_is_asked():
    assert passes("ANSWER: approximately 945", answer="945")
    for line in ("approximately 945", "about 945", "~945", "≈ 945", "roughly 945", "945 (rounded)"):
        verdict = run(f"ANSWER: {line}", answer="945", exact=True)
        assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL, line
        assert "exact value is asked" in verdict.detail
    assert passes("ANSWER: 945 (exactly)", answer="945", exact=True)


# --- form requirements ------------------------------------------------------------------------------

FRACTION = {"answer": "3/4", "form": "fraction", "lowest_terms": True}


@pytest.mark.parametrize(
    "value,params,ok",
    [
        ("3/4", FRACTION, True),
        ("6/8", FRACTION, False),
        ("\\frac{6}{8}", FRACTION, False),
        ("0.75", FRACTION, False),
        ("75%", FRACTION, False),
        ("6/8 = 3/4", FRACTION, True),
        ("-3/4", {**FRACTION, "answer": "-3/4"}, True),
        ("2 1/3", {**FRACTION, "answer": "7/3"}, True),
        ("7/3", {**FRACTION, "answer": "7/3"}, True),
        ("2 2/6", {**FRACTION, "answer": "7/3"}, False),
        ("1 4/3", {**FRACTION, "answer": "7/3"}, False),
        ("6/8", {"answer": "3/4"}, True),  # lowest terms only where asked
        ("0.75", {"answer": "3/4", "form": "decimal"}, True),
        ("3/4", {"answer": "3/4", "form": "decimal"}, False),
        ("0.80", {"answer": "0.8", "decimals": 2}, True),
        ("0.8", {"answer": "0.8", "decimals": 2}, False),
        ("0.800", {"answer": "0.8", "decimals": 2}, False),
        ("4/5", {"answer": "0.8", "decimals": 2}, False),
        ("75%", {"answer": "75", "form": "percent"}, True),
        ("75", {"answer": "75", "form": "percent"}, False),
        ("945", {"answer": "945", "form": "integer"}, True),
        ("945.0", {"answer": "945", "form": "integer"}, False),
        ("1890/2", {"answer": "945", "form": "integer"}, False),
        ("9.45e2", {"answer": "945", "form": "integer"}, False),
    ],
)
def test_form_requirements(value, params, ok):
    verdict = run(f"ANSWER: {value}", **params)
    assert verdict.passed is ok, verdict.detail
    if not ok and verdict.failure_mode == VERIFIER_FAIL:
        assert verdict.detail.startswith("form: ")


@pytest.mark.parametrize(
    "params",
    [
        {"answer": "3", "form": "roman"},
        {"answer": "3", "decimals": -1},
        {"answer": "3", "decimals": True},
        {"answer": "Tuesday", "kind": "text", "choices": ["Monday"]},
        {"answer": "Tuesday", "kind": "text", "choices": "Tuesday"},
        {"answer": "3", "exact": "false"},
        {"answer": "3", "lowest_terms": 1},
    ],
)
def test_bad_form_config_fails(params):
    verdict = run("ANSWER: 3", **params)
    assert not verdict.passed and verdict.detail.startswith("verifier config")


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.mark.parametrize(
    "value,ok",
    [
        ("Tuesday", True),
        ("tuesday.", True),
        ("Tue", True),
        ("Tuesday, 25 November 2025", True),
        ("It is a Tuesday", True),
        ("Tuesday (Tue)", True),
        ("Monday", False),
        ("Tuesday or Monday", False),
        ("Tuesday (or Wed)", False),
        ("Tuesday / Monday", False),
        ("maybe Tuesday", False),
        ("Tuesday?", False),
        ("25 November 2025", False),
    ],
)
def test_text_choices_one_answer(value, ok):
    verdict = run(f"ANSWER: {value}", answer="Tuesday", kind="text", choices=WEEKDAYS)
    assert verdict.passed is ok, verdict.detail


def test_multi_one_answer():
    assert not passes("ANSWER: 6:13:8 or 12:26:16", answer="6:13:8", kind="multi")
    assert not passes("ANSWER: x=3, y=4 (maybe)", answer="x=3, y=4", kind="multi")
    assert not passes("ANSWER: x=3", answer="x=3, y=4", kind="multi")
    assert passes("ANSWER: (3, 4)", answer="3, 4", kind="multi")  # an ordered pair is one answer


def test_fair_positives_pass():
    assert passes("**ANSWER:** 42.", answer="42")
    assert passes("ANSWER: 1,234", answer="1234")
    assert passes("<think>\nMaybe 41 or 43?\n</think>\nIt is 42.\n\nANSWER: 42", answer="42")
    assert passes("ANSWER: $42.00", answer="42")
    assert passes("ANSWER: 0.8 = 4/5", answer="0.8")


def test_answer_line_helpers():
    assert hedge("945 or 946") is None  # distinct values are one_value's job
    assert hedge("at least 945") == "at least" and hedge("945 or more") == "or" and hedge("3/4 (or 0.75)") is None
    found = mentions("29/44 ≈ 0.659, 66%")
    assert [(m.text, m.notation, m.places, m.percent, m.approx) for m in found] == [
        ("29/44", "fraction", None, False, False),
        ("0.659", "decimal", 3, False, True),
        ("66", "integer", 0, True, False),
    ]
    stated, why = one_value(mentions("945 or 946"))
    assert stated == [] and why == "two values, 945 and 946"
    assert one_value(mentions("1/1/" * 20))[1].startswith("more than")
    assert reduced(mentions("3/4")[0]) and not reduced(mentions("6/8")[0]) and reduced(mentions("0.75")[0])


# --- kinds ----------------------------------------------------------------------------------------


def test_text_kind_is_case_and_space_insensitive_but_exact():
    assert passes("ANSWER: tuesday.", answer="Tuesday", kind="text")
    assert passes("ANSWER: **Tuesday**", answer="Tuesday", kind="text")
    assert passes("ANSWER: Tue", answer="Tuesday", kind="text", accepted=["Tue"])
    verdict = run("ANSWER: Monday", answer="Tuesday", kind="text")
    assert not verdict.passed and verdict.detail == "expected Tuesday, got Monday"
    assert not passes("ANSWER: Tuesday or Monday", answer="Tuesday", kind="text")


@pytest.mark.parametrize("value", ["x=3, y=4", "y=4, x=3", "X = 3; Y = 4", "3, 4", "x: 3, y: 4"])
def test_multi_kind_keyed_or_ordered_passes(value):
    assert passes(f"ANSWER: {value}", answer="x=3, y=4", kind="multi")


@pytest.mark.parametrize("value", ["x=4, y=3", "4, 3", "x=3", "x=3, y=4, z=5", "y=3, x=4"])
def test_multi_kind_wrong_values_fail(value):
    verdict = run(f"ANSWER: {value}", answer="x=3, y=4", kind="multi")
    assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER


def test_multi_kind_key_synonyms_and_ratio():
    assert passes("ANSWER: child=62, adult=92", answer="adults=92, children=62", kind="multi")
    assert passes("ANSWER: 6:13:8", answer="6:13:8", kind="multi")
    assert not passes("ANSWER: 12:26:16", answer="6:13:8", kind="multi")
    assert not passes("ANSWER: 8:13:6", answer="6:13:8", kind="multi")


def test_bad_config_fails_instead_of_passing():
    assert not passes("ANSWER: 42", answer="42", kind="vector")
    assert not passes("ANSWER: 42", answer="")


# --- hostile input --------------------------------------------------------------------------------


def test_huge_and_random_input_gives_a_verdict_quickly():
    rng = random.Random(7)
    alphabet = "0123456789 ,./-+eE:$%*`#\n\tABCanswerANSWER×^{}\\"
    samples = [
        "9" * 200_000,
        "ANSWER: " + "9" * 200_000,
        "ANSWER: 1e999999999",
        "ANSWER: " + "1/" * 50_000,
        "x" * 1_000_000 + "\nANSWER: 42",
        "\n" * 100_000,
        "ANSWER: " + "$" * 100_000,
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(20_000)),
    ] + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400))) for _ in range(300)]
    # CPU time of this thread, not wall time: a guard against runaway (backtracking) work,
    # deaf to how loaded the machine is. Speed targets live in benchmarks/.
    start = time.thread_time()
    for text in samples:
        verdict = run(text, answer="42")
        assert isinstance(verdict.passed, bool) and verdict.detail
    assert run("x" * 1_000_000 + "\nANSWER: 42", answer="42").passed
    assert time.thread_time() - start < 20


def test_non_string_content_in_message_is_handled():
    for message in (None, {"role": "assistant", "content": None}, {"role": "assistant", "content": 42}, 17):
        assert not verify(scenario(answer="42"), Reply.from_message(message)).passed


# --- the pack -------------------------------------------------------------------------------------


def test_pack_loads_with_15_validated_scenarios():
    pack = load_pack(PACK)  # validates: every reference passes, every negative fails
    assert pack.pack_id == "reasonmath-15" and pack.title == "ReasonMath-15" and pack.marker == "reasonmath"
    assert [s.id for s in pack.scenarios] == [f"RM-{i:02d}" for i in range(1, 16)]
    assert pack.default_thinking is True and pack.floor == 0.6
    assert pack.sampling_defaults == {"temperature": 0, "top_p": 1, "max_tokens": 2048}
    kinds = {s.verifier["kind"] for s in pack.scenarios}
    assert kinds == {"number", "fraction", "text", "multi"}


def test_pack_prompts_state_every_checked_requirement():
    for s in load_pack(PACK).scenarios:
        prompt, cfg = s.messages[-1]["content"], s.verifier
        assert "ANSWER: <value>" in prompt and "nothing after that line" in prompt, s.id
        assert "Give one" in prompt and "no alternatives, ranges" in prompt, s.id  # the one-answer rule
        if cfg.get("exact"):
            assert "exact" in prompt and "approximations" in prompt, s.id
        if cfg.get("lowest_terms"):
            assert "lowest terms" in prompt, s.id
        if cfg.get("form") == "fraction":
            assert "as a fraction" in prompt, s.id
        if cfg.get("form") == "integer":
            assert "whole number" in prompt, s.id
        if cfg.get("decimals") == 2:
            assert "two decimal places and written with both of them" in prompt, s.id


def test_pack_is_2_0_with_labelled_negatives_and_positives():
    pack = load_pack(PACK)
    assert pack.meta["version"] == "2.0.0"
    for s in pack.scenarios:
        attacks = [n["attack"] for n in s.negatives]
        assert len(attacks) >= 3, s.id
        assert {"hedge", "wrong_value", "trap", "form"} <= set(attacks), s.id
        if s.verifier.get("lowest_terms"):  # the red-team case: an unreduced fraction
            assert any(
                n["attack"] == "form" and "not in lowest terms" in verifiers.verify(s, reply_of(n)).detail
                for n in s.negatives
            ), s.id
        if s.verifier.get("decimals"):
            assert any("decimal places" in verifiers.verify(s, reply_of(n)).detail for n in s.negatives), s.id
        for n in s.negatives:
            verdict = verifiers.verify(s, reply_of(n))
            assert not verdict.passed and verdict.detail, (s.id, n)
            if n["attack"] == "hedge":
                assert "hedged answer" in verdict.detail or "numbers" in verdict.detail, (s.id, verdict.detail)
        positives = s.raw["positives"]
        assert positives and all(p["variant"] for p in positives), s.id
        assert any("<think>" in p["content"] for p in positives), s.id
        for p in positives:
            verdict = verifiers.verify(s, reply_of(p))
            assert verdict.passed, (s.id, p["variant"], verdict.detail)


def test_pack_red_team_cases():
    """The issue's cases: a hedge within 0.5 % and an unreduced fraction, both passed by 1.0."""
    scenarios = {s.id: s for s in load_pack(PACK).scenarios}
    rm04, rm08 = scenarios["RM-04"], scenarios["RM-08"]
    for line in (
        "945 or 946",
        "945 (or 946 if rounding up)",
        "between 940 and 950",
        "945-946",
        "approximately 945",
        "at least 945",
        "945 or more",
        "945?",
    ):
        assert not verifiers.verify(rm04, Reply.from_message(f"420 + 525 = 945\n\nANSWER: {line}")).passed, line
    verdict = verifiers.verify(rm08, Reply.from_message("145 of 220\n\nANSWER: 145/220"))
    assert not verdict.passed and verdict.detail == "form: 145/220 is not in lowest terms, as the prompt asks"
    assert verifiers.verify(rm08, Reply.from_message("145 of 220\n\nANSWER: 145/220 = 29/44")).passed


@pytest.mark.parametrize("junk", ["(no answer)", ""])
def test_junk_fails_every_pack_scenario(junk):
    for s in load_pack(PACK).scenarios:
        assert not verifiers.verify(s, Reply.from_message(junk)).passed, s.id


def test_right_number_in_working_with_wrong_answer_line_fails():
    for s in load_pack(PACK).scenarios:
        if s.verifier["kind"] in ("number", "fraction"):
            reply = f"The result is {s.verifier['answer']}.\n\nANSWER: 123456789"
            assert not verifiers.verify(s, Reply.from_message(reply)).passed, s.id


# --- gaps found by mutation testing ----------------------------------------------------------------


@pytest.mark.parametrize("value", ['"Tuesday"', "“Tuesday”", "\\(Tuesday\\)", "Tuesday!"])
def test_text_kind_ignores_quotes_latex_delimiters_and_a_final_exclamation(value):
    verdict = run(f"ANSWER: {value}", answer="Tuesday", kind="text")
    assert verdict.passed, verdict.detail
    assert not passes(f"ANSWER: {value.replace('Tuesday', 'Monday')}", answer="Tuesday", kind="text")


def test_text_kind_failure_modes_are_wrong_answer():
    choices = {"answer": "Tuesday", "kind": "text", "choices": WEEKDAYS}
    for value, params in (
        ("Monday", {"answer": "Tuesday", "kind": "text"}),
        ("maybe Tuesday", choices),
        ("Tuesday (Wednesday)", choices),
        ("Monday", choices),
    ):
        verdict = run(f"ANSWER: {value}", **params)
        assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER, (value, verdict)
    verdict = run("ANSWER: Tuesday (Wednesday)", **choices)
    assert verdict.detail == "hedged answer: 2 answers (tuesday, wednesday): state one"


def test_runaway_text_answer_line_fails_as_a_wrong_answer():
    verdict = run("ANSWER: " + "Tuesday " * 200, answer="Tuesday", kind="text")
    assert not verdict.passed and verdict.failure_mode == WRONG_ANSWER
    assert verdict.detail == "expected Tuesday, got 1599 characters"


def test_a_unit_containing_a_number_is_removed_whole_and_case_insensitively():
    # "100" inside the unit must never count as a second value
    assert passes("ANSWER: 12 g per 100 ml", answer="12", unit="g per 100 ml")
    assert passes("ANSWER: 12 g per 100 mL", answer="12", unit="g per 100 ml")
    assert passes("ANSWER: 12 g per 100 ml", answer="12", unit=["ml", "g per 100 ml"])  # longest unit first
    assert passes("ANSWER: 12 ml", answer="12", unit=["ml", "g per 100 ml"])
    assert not passes("ANSWER: 13 g per 100 ml", answer="12", unit=["ml", "g per 100 ml"])


def test_multi_keys_that_prefix_each_other_match_exactly_in_any_order():
    assert passes("ANSWER: price=5, p=2", answer="p=2, price=5", kind="multi")
    assert passes("ANSWER: p=2, price=5", answer="p=2, price=5", kind="multi")
    assert not passes("ANSWER: price=2, p=5", answer="p=2, price=5", kind="multi")


def test_multi_unknown_keys_fall_back_to_order():
    assert passes("ANSWER: grownups=92, kids=62", answer="adults=92, children=62", kind="multi")
    assert not passes("ANSWER: grownups=62, kids=92", answer="adults=92, children=62", kind="multi")


@pytest.mark.parametrize("value,answer", [("y=2.5, x=1.505", "x=1.5, y=2.5"), ("1.505, 2.5", "1.5, 2.5")])
def test_multi_absolute_tolerance_keyed_and_ordered(value, answer):
    assert passes(f"ANSWER: {value}", answer=answer, kind="multi", tolerance={"abs": 0.01})
    assert not passes(f"ANSWER: {value}", answer=answer, kind="multi", tolerance={"abs": 0.001})
    assert not passes(f"ANSWER: {value}", answer=answer, kind="multi")


@pytest.mark.parametrize("value,answer", [("y=20, x=1010", "x=1000, y=20"), ("1010, 20", "1000, 20")])
def test_multi_relative_tolerance_keyed_and_ordered(value, answer):
    assert passes(f"ANSWER: {value}", answer=answer, kind="multi", tolerance={"rel": 0.01})
    assert not passes(f"ANSWER: {value}", answer=answer, kind="multi", tolerance={"rel": 0.005})


def test_decimals_zero_is_valid_config_and_means_a_whole_number():
    assert passes("ANSWER: 945", answer="945", decimals=0)
    verdict = run("ANSWER: 945.0", answer="945", decimals=0)
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL
    assert verdict.detail == "form: 945.0 is not written with 0 decimal places, as the prompt asks"


def test_decimal_form_accepts_a_whole_number():
    assert passes("ANSWER: 4", answer="4", form="decimal")
    assert not passes("ANSWER: 8/2", answer="4", form="decimal")


def test_form_miss_is_a_verifier_fail():
    verdict = run("ANSWER: 6/8", **FRACTION)
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL


def test_missing_answer_config_fails_as_config_error():
    verdict = run("ANSWER: 42")  # no "answer" key at all
    assert not verdict.passed and verdict.failure_mode == VERIFIER_FAIL
    assert verdict.detail.startswith("verifier config")
    assert not passes("ANSWER: None", kind="text")
    verdict = run("ANSWER: 3", answer="3", form="roman")
    assert verdict.failure_mode == VERIFIER_FAIL


def test_found_by_mutation_testing():
    # A superscript on a bare number is a power, not a unit exponent: "3²" is not 3.
    assert not passes("ANSWER: 3²", answer="3")
    assert passes("ANSWER: 12 cm²", answer="12", units=["cm"])
    # Naming one unknown twice does not answer for two: the order fallback must not rescue it.
    assert not passes("ANSWER: x=3, x=4", answer="x=3, y=4", kind="multi")
    assert passes("ANSWER: y=4, x=3", answer="x=3, y=4", kind="multi")
    assert passes("ANSWER: 3, 4", answer="x=3, y=4", kind="multi")
