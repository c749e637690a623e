"""stats.py against hand-computed values: Wilson intervals, unbiased pass@k, per-pack repeat statistics."""

from __future__ import annotations

import math

import pytest

from pytest_quality.stats import annotate, flaky_lines, pass_at_k, table_columns, wilson_interval


@pytest.mark.parametrize(
    "successes, n, lo, hi",
    [
        # p=0.8, z^2=3.8415: centre 0.99207/1.38415 = 0.71674, half 1.41599*sqrt(0.0256036) = 0.22657
        (8, 10, 0.4902, 0.9433),
        # 0/10: centre = half = 0.13876, so the interval is [0, 0.2775] (the "rule of three"-like upper bound)
        (0, 10, 0.0, 0.2775),
        # 15/15: centre 1.12805/1.2561 = 0.89806, half 1.5604*0.065333 = 0.10194
        (15, 15, 0.7961, 1.0),
        # 14/15: centre 0.84498, half 0.14315
        (14, 15, 0.7018, 0.9881),
    ],
)
def test_wilson_known_values(successes, n, lo, hi):
    got = wilson_interval(successes, n)
    assert got is not None
    assert got[0] == pytest.approx(lo, abs=1e-4) and got[1] == pytest.approx(hi, abs=1e-4)


def test_wilson_nothing_to_estimate_and_narrowing():
    assert wilson_interval(0, 0) is None
    small, large = wilson_interval(8, 10), wilson_interval(80, 100)
    assert (large[1] - large[0]) < (small[1] - small[0])  # more data, narrower interval
    assert small[0] < 0.8 < small[1]


@pytest.mark.parametrize(
    "n, c, k, expected",
    [
        (3, 1, 1, 1 / 3),  # pass@1 is c/n
        (3, 1, 2, 2 / 3),  # 1 - C(2,2)/C(3,2) = 1 - 1/3
        (3, 1, 3, 1.0),  # n - c < k: every draw of 3 contains the pass
        (5, 2, 3, 0.9),  # 1 - C(3,3)/C(5,3) = 1 - 1/10
        (10, 3, 2, 1 - 21 / 45),  # 1 - C(7,2)/C(10,2)
        (10, 0, 5, 0.0),
        (10, 10, 1, 1.0),
    ],
)
def test_pass_at_k_known_values(n, c, k, expected):
    assert pass_at_k(n, c, k) == pytest.approx(expected)


def test_pass_at_k_is_monotone_and_rejects_bad_input():
    values = [pass_at_k(10, 2, k) for k in range(1, 11)]
    assert values == sorted(values) and values[0] == pytest.approx(0.2) and values[-1] == 1.0
    for bad in ((3, 1, 0), (3, 1, 4), (3, 4, 1)):
        with pytest.raises(ValueError):
            pass_at_k(*bad)


def _rec(sid, passed, mode=None, repeat_index=0):
    return {
        "pack_id": "p",
        "id": sid,
        "passed": passed,
        "repeat_index": repeat_index,
        "failure_mode": mode if mode else (None if passed else "verifier_fail"),
        "skipped": False,
    }


def _data(repeat=3):
    scenarios = (
        [_rec("A", True, repeat_index=i) for i in range(3)]
        + [_rec("B", i == 1, repeat_index=i) for i in range(3)]
        + [_rec("C", False, repeat_index=i) for i in range(3)]
        + [_rec("D", False, mode="server_error")]
    )  # a serving error is not scored
    return {"repeat": repeat, "packs": [{"pack_id": "p", "scenarios": scenarios}]}


def test_annotate_per_pack_and_total():
    data = _data()
    annotate(data)
    stats = data["packs"][0]["repeat_stats"]
    assert [(s["id"], s["passes"], s["runs"]) for s in stats["per_scenario"]] == [("A", 3, 3), ("B", 1, 3), ("C", 0, 3)]
    assert stats["flaky"] == ["B"]
    assert stats["mean"] == pytest.approx(4 / 9, abs=1e-4)
    lo, hi = wilson_interval(4, 9)
    assert stats["ci95"] == [round(lo, 4), round(hi, 4)]
    # pass@k averaged over scenarios: k=2 -> (1 + 2/3 + 0)/3, k=3 -> (1 + 1 + 0)/3
    assert stats["pass_at_k"] == {"1": round(4 / 9, 4), "2": round(5 / 9, 4), "3": round(2 / 3, 4)}
    top = data["repeat_stats"]
    assert top["flaky"] == [{"pack_id": "p", "id": "B", "passes": 1, "runs": 3, "pass_rate": 0.3333}]
    assert top["runs"] == 9 and top["passes"] == 4


def test_table_columns_only_with_repeats():
    single = _data(repeat=1)
    annotate(single)
    assert table_columns(single) == [] and flaky_lines(single) == []
    data = _data()
    annotate(data)
    headers = [h for h, _, _ in table_columns(data)]
    assert headers == ["95% CI", "pass@3", "Flaky"]
    cells = {h: (per["p"], total) for h, per, total in table_columns(data)}
    assert cells["pass@3"] == ("67%", "67%") and cells["Flaky"] == ("1", "1")
    assert flaky_lines(data)[1] == "- p B: 1/3"
    assert not math.isnan(data["repeat_stats"]["mean"])
