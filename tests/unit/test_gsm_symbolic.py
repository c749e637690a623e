"""GSM-Symbolic generator: templates, seeded materialisation, the committed pack, --pack-seed loading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_quality import verifiers
from pytest_quality.generators import DEFAULT_SEED, load_for_run, pack_text, regenerate
from pytest_quality.generators import gsm_symbolic as gsm
from pytest_quality.packs import load_pack, reply_of
from pytest_quality.settings import Settings

PACK = Path(__file__).resolve().parents[2] / "packs" / "gsm-symbolic-30.jsonl"
SEEDS = range(40)


def graded(item: dict) -> tuple[bool, list[bool]]:
    """(reference passes, [negative passes...]) for one materialised scenario dict."""
    pack = load_pack(PACK, check_references=False, text=pack_text(gsm.META, [item]))
    s = pack.scenarios[0]
    return (
        verifiers.verify(s, reply_of(s.reference)).passed,
        [verifiers.verify(s, reply_of(n)).passed for n in s.negatives],
    )


def test_at_least_ten_distinct_templates():
    keys = [t.key for t in gsm.TEMPLATES]
    assert len(gsm.TEMPLATES) >= 10
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"T\d\d", k) for k in keys)
    assert len({t.title for t in gsm.TEMPLATES}) == len(keys)

    # distinct wording: with names and numbers masked, no two templates open the same way
    def shape(question: str) -> str:
        for name in gsm.NAMES:
            question = question.replace(name, "N")
        return re.sub(r"[0-9]+", "9", question)[:40]

    assert len({shape(gsm.draw(t, DEFAULT_SEED, 0).question) for t in gsm.TEMPLATES}) == len(keys)


@pytest.mark.parametrize("template", gsm.TEMPLATES, ids=lambda t: t.key)
def test_every_template_makes_valid_scenarios_for_many_seeds(template):
    answers = set()
    for seed in SEEDS:
        problem = gsm.draw(template, seed, 0)
        assert isinstance(problem.answer, int) and problem.answer > 0
        assert problem.slip != problem.answer and problem.partial != problem.answer
        assert str(problem.answer) in problem.steps[-1]  # the working ends at the answer
        item = gsm.scenario(template, problem, seed, 0)
        ref_ok, negatives_ok = graded(item)
        assert ref_ok, item["reference"]
        assert negatives_ok == [False, False, False], item["negatives"]
        # the three kinds of negative: wrong answer; right number only in the working; no ANSWER line
        neg = [n["content"] for n in item["negatives"]]
        assert neg[0].endswith(f"ANSWER: {problem.slip}")
        assert str(problem.answer) in neg[1] and neg[1].endswith(f"ANSWER: {problem.partial}")
        assert "ANSWER:" not in neg[2] and str(problem.answer) in neg[2]
        assert "ANSWER: <number>" in item["messages"][0]["content"]
        answers.add(problem.answer)
    assert len(answers) >= 5  # the variables really vary


def test_materialise_ids_unique_round_robin_and_questions_unique():
    items = gsm.materialise()
    ids = [s["id"] for s in items]
    assert len(items) == 30 and len(set(ids)) == 30
    assert all(re.fullmatch(r"GSM-T\d\d-\d{4}", i) for i in ids)
    keys = [t.key for t in gsm.TEMPLATES]
    assert [s["generated"]["template"] for s in items] == [keys[i % len(keys)] for i in range(30)]
    assert {i.split("-")[1] for i in ids} == set(keys)
    assert len({s["messages"][0]["content"] for s in items}) == 30
    assert ids[6] == "GSM-T07-0007"


def test_seeds_are_deterministic_and_change_the_instances():
    default = gsm.materialise()
    assert gsm.materialise(DEFAULT_SEED, 30) == default
    other = gsm.materialise(seed=7)
    assert [s["id"] for s in other] == [s["id"] for s in default]
    changed = sum(a["messages"] != b["messages"] for a, b in zip(default, other))
    assert changed >= 25
    assert gsm.materialise(7, 10) == other[:10]  # instance k does not depend on n
    for seed in (1, 2, 3, 99, 123456):
        load_pack(PACK, text=gsm.render(seed))  # validates: unique ids, references pass, negatives fail


def test_committed_pack_is_the_default_materialisation():
    text = PACK.read_text(encoding="utf-8")
    assert gsm.render() == text
    pack = load_pack(PACK)
    assert regenerate(pack, DEFAULT_SEED) == text
    meta = json.loads(text.splitlines()[0])
    for key, value in {
        "generator": "gsm_symbolic",
        "seed": DEFAULT_SEED,
        "suite": "reasoning",
        "marker": "gsmsymbolic",
        "default_thinking": "on",
        "verifier": "answer_match",
        "pack_id": "gsm-symbolic-30",
    }.items():
        assert meta[key] == value
    assert len(pack.scenarios) == 30 and pack.reasoning and pack.default_thinking


def test_load_for_run_regenerates_only_for_another_seed():
    shipped = load_pack(PACK)
    for settings in (Settings(), Settings(pack_seed=DEFAULT_SEED)):
        pack = load_for_run(PACK, settings)
        assert [s.messages for s in pack.scenarios] == [s.messages for s in shipped.scenarios]
        assert settings.canonical
    settings = Settings(pack_seed=7)
    pack = load_for_run(PACK, settings)
    assert [s.id for s in pack.scenarios] == [s.id for s in shipped.scenarios]
    assert [s.messages for s in pack.scenarios] == [s["messages"] for s in gsm.materialise(7)]
    assert pack.meta["seed"] == 7 and pack.path == PACK
    assert not settings.canonical and "pack-seed=7" in settings.non_canonical_reasons


def test_regenerate_refuses_a_pack_without_generator():
    reasonmath = load_pack(PACK.parent / "reasonmath-15.jsonl")
    with pytest.raises(ValueError, match="not a generated pack"):
        regenerate(reasonmath, 3)
    assert load_for_run(reasonmath.path, Settings(pack_seed=3)).scenarios[0].id == "RM-01"
