"""What a paired comparison can see: power and minimum detectable effect of the exact sign test, Holm.

The model (docs/COMPARING.md, "What a comparison can see"): n independent paired units (scenarios, or
clusters of scenarios). Without any real change each unit comes out worse in B with probability f and
better with probability f (background flips: a flaky endpoint, sampling noise). A real drop of δ adds δ
to the worse side: P(worse) = f + δ, P(better) = f, so the expected pass rate falls by δ. The test is
the one every comparison must pass: the exact two-sided sign (McNemar) test at α on worse vs better.
The MDE is the smallest δ that test detects, as a regression, with probability >= POWER.
Pure stdlib (math): exact binomial sums, no normal approximation.
"""

from __future__ import annotations

import math
from functools import cache

ALPHA = 0.05
POWER = 0.8
DEFAULT_DETECT = 0.10  # the drop a comparison must be able to see to call "no change" powered
MAX_SCENARIOS = 100_000  # search limit for "scenarios needed"


@cache
def critical_count(m: int, alpha: float = ALPHA) -> int | None:
    """Smallest k > m/2 such that k of m discordant units going one way gives two-sided exact p < alpha;
    None when no split of m is significant (m <= 5 at alpha 0.05)."""
    if m > 400:  # exact integers get slow; the float tail is accurate far beyond what alpha needs
        lo, hi = m // 2, m  # p(hi) < alpha for m this large; p(lo) >= alpha
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if 2 * _upper_tail(mid, m, 0.5) < alpha:
                hi = mid
            else:
                lo = mid
        return hi
    scale = 10**9
    limit = round(alpha * scale)
    tail, total, best = 0, 2**m, None
    # Walk k down from m: tail = sum_{i >= k} C(m, i); p(k) = min(1, 2 tail / 2^m) falls as k rises.
    for k in range(m, (m - 1) // 2, -1):
        tail += math.comb(m, k)
        if 2 * k > m and 2 * tail * scale < limit * total:
            best = k
        else:
            break
    return best


def _log_pmf(k: int, n: int, p: float) -> float:
    if p <= 0.0:
        return 0.0 if k == 0 else -math.inf
    if p >= 1.0:
        return 0.0 if k == n else -math.inf
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def _upper_tail(k: int, n: int, p: float) -> float:
    """P(Binomial(n, p) >= k)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if k <= n * p:  # the tail holds the mode: 1 - the (smaller) lower tail, summed down from k - 1
        return max(0.0, 1.0 - _sum_away(range(k - 1, -1, -1), n, p))
    return min(1.0, _sum_away(range(k, n + 1), n, p))


def _sum_away(indices: range, n: int, p: float) -> float:
    """Sum of binomial pmf terms walking away from the mode; stops once they stop mattering (< 1e-17)."""
    total = 0.0
    for i in indices:
        term = math.exp(_log_pmf(i, n, p))
        total += term
        if term < 1e-17 * max(total, 1e-300) or term == 0.0:
            break
    return total


def power(n: int, drop: float, background: float = 0.0, alpha: float = ALPHA) -> float:
    """P(the exact sign test flags a regression) with n units, P(worse) = background + drop, P(better) =
    background. Sums over m = number of discordant units, then over how many of them went worse."""
    p_worse, p_better = background + drop, background
    psi = p_worse + p_better
    if n <= 0 or psi <= 0:
        return 0.0
    if psi > 1:
        raise ValueError(f"background {background} and drop {drop} exceed probability 1")
    share = p_worse / psi
    mean, sd = n * psi, math.sqrt(n * psi * (1 - psi))
    lo, hi = max(0, int(mean - 10 * sd - 10)), min(n, int(mean + 10 * sd + 10))
    total = 0.0
    for m in range(lo, hi + 1):
        k = critical_count(m, alpha)
        if k is not None:
            total += math.exp(_log_pmf(m, n, psi)) * _upper_tail(k, m, share)
    return min(1.0, total)


def mde(n: int, background: float = 0.0, alpha: float = ALPHA, target: float = POWER) -> float | None:
    """Smallest drop δ (a fraction, 0..1) with power(n, δ, background) >= target; None when no drop is
    detectable (too few units: with f = 0 the test needs 6 one-way flips, so n <= 5 never reaches it)."""
    top = 1.0 - 2 * background
    if n <= 0 or top <= 0 or power(n, top, background, alpha) < target:
        return None
    lo, hi = 0.0, top
    while hi - lo > 1e-5:  # power rises with the drop
        mid = (lo + hi) / 2
        if power(n, mid, background, alpha) >= target:
            hi = mid
        else:
            lo = mid
    return round(hi, 4)


def units_needed(drop: float, background: float = 0.0, alpha: float = ALPHA, target: float = POWER) -> int | None:
    """Smallest n whose MDE is at most `drop` (doubling, then bisection); None beyond MAX_SCENARIOS."""
    if drop <= 0 or background + drop + background > 1:
        return None

    def ok(n: int) -> bool:
        return power(n, drop, background, alpha) >= target

    hi = 6
    while not ok(hi):
        hi *= 2
        if hi > MAX_SCENARIOS:
            return None
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def holm(p_values: list[float | None]) -> list[float | None]:
    """Holm step-down adjusted p-values (family-wise error control), in the input order; None stays None.
    Sorted ascending p_(1) <= ... <= p_(m): adj_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))."""
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m, out, running = len(present), list(p_values), 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out


def change_rates(q: float, repeats: int) -> float:
    """For one scenario passing each run with probability q: P(its pass rate over `repeats` runs in B is
    below the one in A), both sides measured independently. By symmetry also P(above)."""
    pmf = [math.comb(repeats, k) * q**k * (1 - q) ** (repeats - k) for k in range(repeats + 1)]
    same = sum(x * x for x in pmf)
    return (1 - same) / 2


MODEL = (
    "exact two-sided sign (McNemar) test at alpha over independent units (scenarios, or clusters); "
    "P(unit worse) = f + drop, P(unit better) = f, f = the minority-direction share observed; "
    "MDE = smallest drop detected as a regression with probability >= 0.8"
)
REPEATS_NOTE = (
    "repeats do not lower the MDE: every comparison must pass the sign test over scenarios "
    "(or clusters), so only more scenarios do; repeats measure noise (pytest-quality noise)"
)
