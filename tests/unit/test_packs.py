"""Every bundled pack: loads, and its references pass / negatives fail / junk fails, through the real verifier."""

from __future__ import annotations

import re

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import ATTACKS, MODES, NO_ANSWER, available_packs, derive_marker, load_pack, reply_of

PACKS = {pid: load_pack(path) for pid, path in sorted(available_packs().items())}
PURE = [(pid, s) for pid, pack in PACKS.items() for s in pack.scenarios if not s.sandboxed]


def _id(case):
    return f"{case[0]}::{case[1].id}"


@pytest.mark.parametrize("case", PURE, ids=[_id(c) for c in PURE])
def test_reference_passes_negatives_and_junk_fail(case):
    _, scenario = case
    verdict = verifiers.verify(scenario, reply_of(scenario.reference))
    assert verdict.passed, verdict.detail
    assert scenario.negatives, "every scenario ships at least one negative"
    for negative in scenario.negatives:
        failed = verifiers.verify(scenario, reply_of(negative))
        assert not failed.passed
        assert failed.failure_mode and failed.detail
    for junk in (NO_ANSWER, ""):
        assert not verifiers.verify(scenario, reply_of(junk)).passed
    for positive in scenario.positives:
        fair = verifiers.verify(scenario, reply_of(positive))
        assert fair.passed, f"positive {positive.get('variant')!r} fails: {fair.detail}"


# What the negatives of each deterministic pack must attack (packs 2.0): every scenario carries the first set,
# and the pack as a whole covers the second.
ATTACKS_PER_SCENARIO = {
    "instructfollow-15": {"content_free"},
    "dataextract-15": {"trap"},
    "reasonmath-15": {"hedge"},
    "toolcall-15": set(),
    "structoutput-15": set(),
}
ATTACKS_PER_PACK = {
    "instructfollow-15": {"content_free", "placeholder", "repetition", "form", "attempt", "partial"},
    "dataextract-15": {"trap", "null_field", "list_for_scalar", "wrong_type"},
    "reasonmath-15": {"hedge", "wrong_value", "trap", "form"},
    "toolcall-15": {
        "wrong_type",
        "extra_argument",
        "missing_argument",
        "wrong_tool",
        "wrong_value",
        "hedge",
        "false_claim",
    },
    "structoutput-15": {"content_free", "placeholder", "wrong_type", "partial"},
}


@pytest.mark.parametrize("pack_id", MODES["medium"])
def test_negatives_attack_the_checks(pack_id):
    pack = PACKS[pack_id]
    assert pack.version.split(".")[0] == "2"
    covered = set()
    for s in pack.scenarios:
        attacks = [n.get("attack") for n in s.negatives if isinstance(n, dict)]
        assert len(s.negatives) >= 3, f"{s.id}: {len(s.negatives)} negatives"
        assert all(a in ATTACKS for a in attacks) and len(attacks) == len(s.negatives), f"{s.id}: unlabelled negative"
        missing = ATTACKS_PER_SCENARIO[pack_id] - set(attacks)
        assert not missing, f"{s.id}: no negative of kind {sorted(missing)}"
        assert s.positives, f"{s.id}: no fair-format positive"
        assert all(isinstance(p, dict) and p.get("variant") for p in s.positives), f"{s.id}: positive without variant"
        covered |= set(attacks)
    assert ATTACKS_PER_PACK[pack_id] <= covered, sorted(ATTACKS_PER_PACK[pack_id] - covered)


def _positive_texts(pack_id):
    return [p.get("content") or "" for s in PACKS[pack_id].scenarios for p in s.positives]


def test_fair_format_positives_cover_the_named_variants():
    for pack_id in MODES["medium"]:
        assert any("<think>" in t for t in _positive_texts(pack_id)), f"{pack_id}: no <think> block positive"
    for pack_id in ("dataextract-15", "structoutput-15"):
        assert any(t.lstrip().startswith("```") for t in _positive_texts(pack_id)), f"{pack_id}: no fenced positive"
    assert any("**ANSWER:**" in t for t in _positive_texts("reasonmath-15"))
    assert any(re.search(r"\d,\d{3}", t) for t in _positive_texts("reasonmath-15") + _positive_texts("dataextract-15"))
    kinds = {
        type((c.get("function") or {}).get("arguments")).__name__
        for s in PACKS["toolcall-15"].scenarios
        for p in s.positives
        for c in p.get("tool_calls") or []
    }
    assert {"str", "dict"} <= kinds, f"toolcall positives pass arguments only as {kinds}"


def test_verdicts_are_deterministic():
    for _, scenario in PURE[::7]:
        first = verifiers.verify(scenario, reply_of(scenario.negatives[0]))
        assert verifiers.verify(scenario, reply_of(scenario.negatives[0])) == first


@pytest.mark.parametrize("pack_id", MODES["medium"])
def test_deterministic_packs_have_fifteen_unique_scenarios(pack_id):
    pack = PACKS[pack_id]
    assert len(pack.scenarios) == 15
    assert len({s.id for s in pack.scenarios}) == 15
    assert pack.format == "native" and not pack.sandboxed
    assert pack.meta["sampling_defaults"]["temperature"] == 0  # canonical runs are greedy
    assert 0 < pack.floor <= 1
    assert pack.title.endswith("-15") and pack.version


def test_markers_match_the_contract():
    expected = {
        "toolcall-15": "toolcall",
        "instructfollow-15": "instructfollow",
        "structoutput-15": "structoutput",
        "reasonmath-15": "reasonmath",
        "dataextract-15": "dataextract",
    }
    for pack_id, marker in expected.items():
        assert PACKS[pack_id].marker == marker
    assert derive_marker("humaneval-plus-30") == "humanevalplus"
    assert derive_marker("lcb-v6-30") == "lcb"
    assert derive_marker("gsm-symbolic-30") == "gsmsymbolic"


def test_prompts_are_distinct_across_packs():
    seen = {}
    for pid, pack in PACKS.items():
        for s in pack.scenarios:
            key = str(s.messages)
            assert key not in seen, f"{pid} {s.id} repeats {seen.get(key)}"
            seen[key] = f"{pid} {s.id}"
