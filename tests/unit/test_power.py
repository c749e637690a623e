"""power.py: the exact power of the sign test, the minimum detectable effect (checked against a simulation
of the same model), units needed, and Holm's adjustment (checked against the step-down procedure itself)."""

from __future__ import annotations

import math
import random

import pytest

from pytest_quality import power
from pytest_quality.compare import mcnemar_exact


def test_critical_counts_match_the_exact_test():
    for m in range(40):
        k = power.critical_count(m)
        significant = [b for b in range(m + 1) if 2 * b > m and mcnemar_exact(b, m - b) < 0.05]
        assert k == (min(significant) if significant else None)
    assert power.critical_count(5) is None and power.critical_count(6) == 6  # six one-way flips: p = 1/32
    for m in (401, 402, 600):  # the float path for large m draws the same line as the exact test
        k = power.critical_count(m)
        assert mcnemar_exact(k, m - k) < 0.05 <= mcnemar_exact(k - 1, m - k + 1)


def test_power_known_values():
    # f = 0, n = 6: only "all six went worse" is significant, so power = drop^6.
    assert power.power(6, 0.5) == pytest.approx(0.5**6)
    # f = 0, n = 15: P(Binomial(15, d) >= 6), by hand.
    d = 0.3
    assert power.power(15, d) == pytest.approx(sum(math.comb(15, i) * d**i * (1 - d) ** (15 - i) for i in range(6, 16)))
    assert power.power(5, 0.99) == 0.0 and power.mde(5) is None  # five scenarios can never reach p < 0.05


def _simulated_power(n: int, drop: float, background: float, sims: int, rng: random.Random) -> float:
    """The model, run: each unit worse with P = background + drop, better with P = background; the gate's
    own exact McNemar test on the counts, significant when p < 0.05 and more went worse."""
    hits = 0
    for _ in range(sims):
        worse = better = 0
        for _ in range(n):
            u = rng.random()
            if u < background + drop:
                worse += 1
            elif u < 2 * background + drop:
                better += 1
        hits += worse > better and mcnemar_exact(worse, better) < 0.05
    return hits / sims


@pytest.mark.parametrize("n, background", [(15, 0.0), (75, 0.0), (300, 0.0), (75, 0.03), (300, 0.02)])
def test_mde_matches_a_simulation_within_two_points(n, background):
    """The simulated power curve crosses 80% within 2 points of the formula's MDE: below MDE - 2pp the
    simulated power is under 80%, at MDE + 2pp it is over, and at the MDE itself it is about 80%."""
    mde = power.mde(n, background)
    assert mde is not None
    rng = random.Random(20260509 + n)
    sims = 3000 if n <= 75 else 1500
    assert _simulated_power(n, mde, background, sims, rng) == pytest.approx(0.8, abs=0.035)
    assert _simulated_power(n, max(0.0, mde - 0.02), background, sims, rng) < 0.8
    assert _simulated_power(n, mde + 0.02, background, sims, rng) > 0.8


def test_mde_reference_points():
    # The docs table's deterministic column (f = 0).
    assert power.mde(15) == pytest.approx(0.4756, abs=5e-4)
    assert power.mde(75) == pytest.approx(0.1034, abs=5e-4)
    assert power.mde(300) == pytest.approx(0.0262, abs=5e-4)
    assert power.mde(75, 0.02) > power.mde(75)  # background flips cost power


def test_units_needed_is_the_first_n_whose_power_reaches_80_percent():
    n = power.units_needed(0.10)
    assert power.power(n, 0.10) >= 0.8 > power.power(n - 1, 0.10)
    assert power.units_needed(0.05, 0.02) > power.units_needed(0.05)


def _holm_reference(ps: list[float]) -> list[float]:
    """Holm's adjusted p of H_i = the smallest alpha at which the step-down procedure rejects H_i.
    The procedure at level alpha: sort ascending, reject while p_(k) <= alpha / (m - k + 1), stop at the first
    failure. Rejection sets grow with alpha, so searching the finite candidate levels finds the smallest."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])

    def rejected(alpha: float) -> set[int]:
        out = set()
        for k, i in enumerate(order):
            if ps[i] <= alpha / (m - k) + 1e-15:
                out.add(i)
            else:
                break
        return out

    candidates = sorted({min(1.0, (m - k) * ps[i]) for k, i in enumerate(order)})
    # never rejected at any level up to 1: the adjusted p is capped at 1
    return [next((a for a in candidates if i in rejected(a)), 1.0) for i in range(m)]


@pytest.mark.parametrize(
    "ps",
    [
        [0.01, 0.04, 0.03, 0.005],
        [0.03125, 0.5, 1.0, 1.0, 0.25],
        [0.2, 0.001, 0.0078125, 0.04, 0.06, 0.5],
    ],
)
def test_holm_matches_the_step_down_procedure(ps):
    assert power.holm(ps) == pytest.approx(_holm_reference(ps))


def test_holm_known_values_and_missing_p():
    # sorted 0.005, 0.01, 0.03, 0.04: x4, x3, x2, x1 -> 0.02, 0.03, 0.06, max(0.06, 0.04)
    assert power.holm([0.01, 0.04, 0.03, None, 0.005]) == pytest.approx([0.03, 0.06, 0.06, None, 0.02])


def test_change_rates():
    assert power.change_rates(0.5, 1) == pytest.approx(0.25)
    assert power.change_rates(0.5, 3) == pytest.approx((1 - 20 / 64) / 2)
    assert power.change_rates(1.0, 5) == 0.0
