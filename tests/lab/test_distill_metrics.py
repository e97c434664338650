from __future__ import annotations

import pytest

from antidistill.lab.distill.metrics import exact_match, wilson


@pytest.mark.parametrize(("correct", "n", "low", "high"), [
    (81, 263, 0.2553, 0.3662),  # textbook example (Wilson 1927 style interval, 95%)
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
])
def test_wilson_interval(correct: int, n: int, low: float, high: float) -> None:
    acc = wilson(correct, n)
    assert acc.low == pytest.approx(low, abs=1e-3)
    assert acc.high == pytest.approx(high, abs=1e-3)
    assert acc.low <= acc.value <= acc.high


def test_exact_match_counts_none_as_wrong() -> None:
    acc = exact_match([1, None, 3, 5], [1, 2, 3, 4])
    assert (acc.correct, acc.n) == (2, 4)
    with pytest.raises(ValueError, match="3 predictions for 2"):
        exact_match([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="correct"):
        wilson(5, 4)
