"""Label-free calibration of a score to a benign false-positive rate.

A scan has no labels, but it does have a population that is overwhelmingly benign: the public
campaigns used thousands of accounts among millions. We therefore estimate the benign tail of
the combined score from the *bulk* of the population, where contamination by campaigns is
negligible, and extrapolate it: the empirical distribution up to the ``upper`` quantile, and
beyond it an exponential tail whose rate is fitted between the ``lower`` and ``upper``
quantiles. Campaign accounts sit far out in the tail and barely move these quantiles as long
as they are fewer than ``1 - upper`` of accounts (10 % by default).

``null_tail(s)`` estimates the fraction of benign accounts scoring at least ``s``. A verdict
threshold for a target false-positive rate ``fpr`` is the ``s`` with ``null_tail(s) = fpr``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class TailModel:
    """Fitted benign tail: empirical below ``s_upper``, exponential with ``rate`` above."""

    lower: float
    upper: float
    s_lower: float
    s_upper: float
    rate: float
    sorted_scores: np.ndarray  # (n,) the scores it was fitted on, ascending

    @classmethod
    def fit(cls, scores: np.ndarray, *, lower: float = 0.5, upper: float = 0.9, min_spread: float = 0.25) -> TailModel:
        if scores.size == 0:
            raise ValueError("cannot calibrate on an empty population")
        if not 0 < lower < upper < 1:
            raise ValueError(f"need 0 < lower < upper < 1, got lower={lower}, upper={upper}")
        s = np.sort(np.asarray(scores, dtype=np.float64))
        s_lower = float(np.quantile(s, lower))
        s_upper = float(np.quantile(s, upper))
        # The spread floor keeps a population whose bulk scores all the same (e.g. all zeros)
        # from producing an infinitely steep tail that would flag any account above the bulk.
        spread = max(s_upper - s_lower, min_spread)
        rate = math.log((1 - lower) / (1 - upper)) / spread
        return cls(lower, upper, s_lower, s_upper, rate, s)

    def null_tail(self, score: np.ndarray) -> np.ndarray:
        """Estimated share of benign accounts scoring at least ``score`` (vectorised)."""
        score = np.asarray(score, dtype=np.float64)
        n = self.sorted_scores.size
        at_least = n - np.searchsorted(self.sorted_scores, score, side="left")
        empirical = (at_least + 1.0) / (n + 1.0)
        extrapolated = (1 - self.upper) * np.exp(-self.rate * (score - self.s_upper))
        return np.where(score <= self.s_upper, np.maximum(empirical, 1 - self.upper), extrapolated)

    def threshold(self, fpr: float) -> float:
        """Score at which the estimated benign tail equals ``fpr``."""
        if fpr >= 1 - self.upper:
            return float(np.quantile(self.sorted_scores, 1 - fpr))
        return self.s_upper + math.log((1 - self.upper) / fpr) / self.rate
