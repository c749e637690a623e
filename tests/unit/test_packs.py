"""Every bundled pack: loads, and its references pass / negatives fail / junk fails, through the real verifier."""

from __future__ import annotations

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import MODES, NO_ANSWER, available_packs, derive_marker, load_pack, reply_of

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


def test_verdicts_are_deterministic():
    for _, scenario in PURE[::7]:
        first = verifiers.verify(scenario, reply_of(scenario.negatives[0]))
        assert verifiers.verify(scenario, reply_of(scenario.negatives[0])) == first


@pytest.mark.parametrize("pack_id", MODES["medium"])
def test_deterministic_packs_have_fifteen_unique_scenarios(pack_id):
    pack = PACKS[pack_id]
    assert len(pack.scenarios) == 15
    assert len({s.id for s in pack.scenarios}) == 15
    assert pack.native and not pack.sandboxed
    assert pack.meta["sampling_defaults"]["temperature"] == 0  # canonical runs are greedy
    assert 0 < pack.floor <= 1
    assert pack.title.endswith("-15") and pack.version


def test_markers_match_the_contract():
    expected = {"toolcall-15": "toolcall", "instructfollow-15": "instructfollow", "structoutput-15": "structoutput",
                "reasonmath-15": "reasonmath", "dataextract-15": "dataextract"}
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
