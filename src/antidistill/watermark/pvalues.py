"""Exact p-values for watermark scores (never the normal approximation).

* Red/green: under no watermark each de-duplicated pair is green with probability gamma,
  independently, so the green count K ~ Binomial(n, gamma) and
  P(K >= k) = I_gamma(k, n - k + 1) (regularised incomplete beta), 1 when k = 0.
* Gumbel / exponential: each scored pair gives r ~ U(0, 1) under the null, -log(1 - r) ~ Exp(1),
  so the sum S over n pairs is Gamma(n, 1) and P(S >= s) = Q(n, s) (regularised upper gamma).
* Weighted red/green (the radioactivity lift test): S = sum w_i [pair i green] with integer weights
  fixed before the key is used; its law is a convolution of scaled binomials
  (:class:`WeightedBernoulliNull`).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import special, stats


def binomial_tail(k: int, n: int, gamma: float) -> float:
    """P(Binomial(n, gamma) >= k), exact."""
    if n < 0 or k < 0:
        raise ValueError(f"binomial_tail needs n >= 0 and k >= 0 (got k={k}, n={n})")
    if k == 0:
        return 1.0
    if k > n:
        return 0.0
    return float(special.betainc(k, n - k + 1, gamma))


def gamma_tail(s: float, n: int) -> float:
    """P(Gamma(n, 1) >= s), exact; 1 when n = 0."""
    if n == 0:
        return 1.0
    return float(special.gammaincc(n, s))


def z_test_pvalue(k: int, n: int, gamma: float) -> float:
    """The normal-approximation p-value (for comparison only: it overstates significance at small n)."""
    if n == 0:
        return 1.0
    z = (k - gamma * n) / math.sqrt(n * gamma * (1 - gamma))
    return float(stats.norm.sf(z))


def bonferroni(p: float, m: int) -> float:
    """Bonferroni correction of the smallest of ``m`` p-values."""
    return min(1.0, p * m)


class WeightedBernoulliNull:
    """The exact law of S = sum_i w_i B_i for integer weights w_i (any sign) and B_i iid Bernoulli(gamma).

    Built once per set of weights (the weights of a radioactivity lift test never depend on the key,
    so one null serves the real key and every control key). Pairs with equal weight are grouped, and
    their Binomial(count, gamma) law is added to the running law by shifted sums of non-negative
    terms: no cancellation, so tails far below 1e-10 keep their relative precision. The support has
    sum |w_i| + 1 points: keep weights to a few dozen levels (:func:`integer_weights`).
    """

    def __init__(self, weights: npt.ArrayLike, gamma: float) -> None:
        w = np.asarray(weights)
        if w.ndim != 1 or not np.issubdtype(w.dtype, np.integer):
            raise ValueError("weights must be a 1-d array of integers")
        if not 0 < gamma < 1:
            raise ValueError(f"gamma must be in (0, 1), got {gamma}")
        self.gamma = gamma
        self.n = int(w.shape[0])
        self.low = int(w[w < 0].sum())  # the smallest value S can take
        self.mean = gamma * float(w.sum())
        law = np.ones(1)
        values, counts = np.unique(w[w != 0], return_counts=True)
        for v, c in zip(values.tolist(), counts.tolist(), strict=True):
            pmf = stats.binom.pmf(np.arange(c + 1), c, gamma)
            if v < 0:
                pmf = pmf[::-1]  # j successes of a negative weight: offset (c - j) * |v| above the new low
            step = abs(v)
            nxt = np.zeros(law.shape[0] + c * step)
            for j in range(c + 1):
                nxt[j * step: j * step + law.shape[0]] += pmf[j] * law
            law = nxt
        self._upper = np.cumsum(law[::-1])[::-1]  # P(S >= low + i)
        self._upper /= self._upper[0]

    def tail(self, s: float) -> float:
        """P(S >= s), exact up to floating point."""
        i = math.ceil(s - 1e-9) - self.low
        if i <= 0:
            return 1.0
        if i >= self._upper.shape[0]:
            return 0.0
        return float(self._upper[i])


def integer_weights(weights: npt.ArrayLike, levels: int = 32) -> npt.NDArray[np.int64]:
    """``weights`` rounded onto integers, the largest magnitude mapped to ``levels``.

    A test with the rounded weights is a test in its own right, as exact as any other (rounding never
    looks at the key); finer levels only lengthen :class:`WeightedBernoulliNull`'s support.
    """
    w = np.asarray(weights, dtype=np.float64)
    top = float(np.abs(w).max()) if w.size else 0.0
    if top <= 0:
        return np.zeros(w.shape, dtype=np.int64)
    return np.rint(w * (levels / top)).astype(np.int64)
