"""Exact-match accuracy with a Wilson score interval."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Accuracy:
    """``correct`` of ``n`` exact matches, with the Wilson interval at ``confidence``."""

    correct: int
    n: int
    low: float
    high: float
    confidence: float = 0.95

    @property
    def value(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "value": self.value}

    def __str__(self) -> str:
        return f"{100 * self.value:.1f}% [{100 * self.low:.1f}, {100 * self.high:.1f}] (n={self.n})"


# Two-sided normal quantiles for the confidence levels we report.
_Z = {0.90: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}


def wilson(correct: int, n: int, confidence: float = 0.95) -> Accuracy:
    """Wilson score interval: well-behaved at 0% and 100%, unlike the normal approximation."""
    if not 0 <= correct <= n:
        raise ValueError(f"correct={correct} must lie in [0, n={n}]")
    if confidence not in _Z:
        raise ValueError(f"confidence must be one of {sorted(_Z)}, got {confidence}")
    if n == 0:
        return Accuracy(correct=0, n=0, low=0.0, high=1.0, confidence=confidence)
    z = _Z[confidence]
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # min/max with p: rounding must not put the point estimate outside its own interval at 0% or 100%
    return Accuracy(correct=correct, n=n, low=max(0.0, min(p, centre - half)), high=min(1.0, max(p, centre + half)),
                    confidence=confidence)


def exact_match(predicted: list[int | None], gold: list[int], confidence: float = 0.95) -> Accuracy:
    """Accuracy of predicted integer answers against gold ones (None counts as wrong)."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold answers")
    return wilson(sum(p == g for p, g in zip(predicted, gold, strict=True)), len(gold), confidence)
