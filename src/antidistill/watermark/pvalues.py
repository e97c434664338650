"""Exact p-values for watermark scores (never the normal approximation).

* Red/green: under no watermark each de-duplicated pair is green with probability gamma,
  independently, so the green count K ~ Binomial(n, gamma) and
  P(K >= k) = I_gamma(k, n - k + 1) (regularised incomplete beta), 1 when k = 0.
* Gumbel / exponential: each scored pair gives r ~ U(0, 1) under the null, -log(1 - r) ~ Exp(1),
  so the sum S over n pairs is Gamma(n, 1) and P(S >= s) = Q(n, s) (regularised upper gamma).
"""

from __future__ import annotations

import math

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
