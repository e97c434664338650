"""The null distribution of the account score, for calibration to a false-positive rate.

Under the null hypothesis an account is an ordinary member of the population: each of its
features is a robust z-score ``(x - median) / scale`` of an ordinary value, modelled as an
independent standard normal draw. The score passes those draws through exactly the same
pipeline as real accounts (one-sided deviation, deadzone, clip, strongest feature per group,
automation groups pooled, sum over kinds), so ``p_null(s)`` is the probability that an
ordinary account scores at least ``s``.

Why not the empirical distribution of the scanned population? Because a campaign is
thousands of accounts that look alike: calibrating on the population would make a large
campaign look "common" and hide it. Medians and MADs tolerate up to half the population
being unusual; the Monte Carlo null only uses them. The cost is an assumption (independent,
roughly normal robust z-scores for ordinary accounts) whose effect is measured, persona by
persona, in ``docs/detection-quality.md``. The draws come from a fixed seed, so calibration
is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NullModel:
    """Sorted Monte Carlo draws of the score of an ordinary account."""

    draws: np.ndarray  # (n,) ascending

    @classmethod
    def simulate(cls, kinds: Mapping[str, int], *, deadzone: float, clip: float, n: int = 400_000,
                 seed: int = 20260223) -> NullModel:
        """``kinds`` maps each kind of evidence to the number of features that feed it (its strongest counts)."""
        rng = np.random.default_rng(seed)
        total = np.zeros(n)
        for name in sorted(kinds):
            m = kinds[name]
            if m <= 0:
                continue
            z = rng.standard_normal((n, m)).max(axis=1)  # (n,) strongest of m ordinary features
            total += np.clip(z - deadzone, 0.0, clip - deadzone)
        return cls(np.sort(total))

    def p_null(self, score: np.ndarray) -> np.ndarray:
        """P(ordinary account scores >= score), with +1 smoothing so it is never zero."""
        n = self.draws.size
        at_least = n - np.searchsorted(self.draws, np.asarray(score, dtype=np.float64), side="left")
        return (at_least + 1.0) / (n + 1.0)

    def threshold(self, fpr: float) -> float:
        """Smallest score whose null tail is at most ``fpr``: just above the (K+1)-th largest draw."""
        if not 0 < fpr < 1:
            raise ValueError(f"fpr must be in (0, 1), got {fpr}")
        n = self.draws.size
        k = int(np.floor(fpr * (n + 1))) - 1  # draws allowed at or above the threshold
        if k < 0:
            raise ValueError(f"fpr {fpr} is below the resolution of {n} null draws")
        return float(np.nextafter(self.draws[n - 1 - k], np.inf))
