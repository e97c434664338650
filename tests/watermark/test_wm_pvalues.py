from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from antidistill.watermark.pvalues import (
    WeightedBernoulliNull,
    binomial_tail,
    bonferroni,
    gamma_tail,
    integer_weights,
    z_test_pvalue,
)


@pytest.mark.parametrize("n", [1, 5, 16, 40])
@pytest.mark.parametrize("gamma", [0.1, 0.25, 0.5])
def test_binomial_tail_matches_brute_force_sum(n: int, gamma: float) -> None:
    for k in range(n + 2):
        brute = sum(math.comb(n, j) * gamma**j * (1 - gamma) ** (n - j) for j in range(k, n + 1))
        assert binomial_tail(k, n, gamma) == pytest.approx(brute, rel=1e-9, abs=1e-300)


def test_gamma_tail_matches_simulated_sum_of_exponentials() -> None:
    rng = np.random.default_rng(3)
    n = 8
    sums = -np.log1p(-rng.random((200_000, n))).sum(axis=1)
    for s in (4.0, 8.0, 14.0, 20.0):
        assert gamma_tail(s, n) == pytest.approx(float(np.mean(sums >= s)), abs=2e-3)
    assert gamma_tail(14.0, n) == pytest.approx(float(stats.gamma.sf(14.0, n)), rel=1e-10)
    assert gamma_tail(3.0, 0) == 1.0


def test_z_test_overstates_significance_at_small_n() -> None:
    # n = 16, k = 11, gamma = 0.25: the normal approximation claims ten times more significance
    exact = binomial_tail(11, 16, 0.25)
    z = z_test_pvalue(11, 16, 0.25)
    assert exact == pytest.approx(2.9e-4, rel=0.05)
    assert z == pytest.approx(2.7e-5, rel=0.1)
    assert z < exact / 5


def test_edge_cases_and_bonferroni() -> None:
    assert binomial_tail(0, 10, 0.25) == 1.0
    assert binomial_tail(11, 10, 0.25) == 0.0
    assert binomial_tail(0, 0, 0.25) == 1.0
    with pytest.raises(ValueError, match="n >= 0"):
        binomial_tail(1, -1, 0.25)
    assert bonferroni(1e-6, 1000) == pytest.approx(1e-3)
    assert bonferroni(0.01, 1000) == 1.0


@pytest.mark.parametrize("gamma", [0.25, 0.5])
def test_weighted_bernoulli_null_matches_enumeration(gamma: float) -> None:
    import itertools

    w = np.array([3, -2, 5, 3, 0, 1, -4, 2, 2, -1])
    null = WeightedBernoulliNull(w, gamma)
    law: dict[int, float] = {}
    for bits in itertools.product((0, 1), repeat=w.shape[0]):
        b = np.array(bits)
        law[int(w @ b)] = law.get(int(w @ b), 0.0) + gamma ** b.sum() * (1 - gamma) ** (len(b) - b.sum())
    for s in range(-8, 18):
        assert null.tail(s) == pytest.approx(sum(p for v, p in law.items() if v >= s), abs=1e-12)
    assert null.tail(-100) == 1.0 and null.tail(100) == 0.0
    assert null.mean == pytest.approx(gamma * w.sum())


def test_weighted_bernoulli_null_keeps_far_tails_precise() -> None:
    null = WeightedBernoulliNull(np.full(200, 3), 0.25)  # 3 x Binomial(200, 0.25)
    for k in (60, 120, 190):
        assert null.tail(3 * k) == pytest.approx(binomial_tail(k, 200, 0.25), rel=1e-8)


def test_integer_weights_round_onto_levels_and_reject_bad_input() -> None:
    assert integer_weights([0.5, -1.0, 0.26], levels=4).tolist() == [2, -4, 1]
    assert integer_weights([0.0, 0.0]).tolist() == [0, 0]
    with pytest.raises(ValueError, match="integers"):
        WeightedBernoulliNull(np.array([0.5, 1.0]), 0.25)
