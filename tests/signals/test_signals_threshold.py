"""The decision threshold from benign validation scores (``signals.train.threshold_per_source``)."""

from __future__ import annotations

import numpy as np

from antidistill.signals.train import threshold_per_source


def test_each_large_source_keeps_its_own_bound() -> None:
    """A kind of benign traffic with enough validation prompts is held to the target on its own: one source
    scoring high raises the threshold above 0.5% of it, however low the others score."""
    rng = np.random.default_rng(0)
    quiet = rng.uniform(0.0, 0.3, 2000)
    loud = rng.uniform(0.0, 0.95, 400)
    t = threshold_per_source({"quiet": quiet, "loud": loud}, 0.005)
    assert (loud >= t).mean() <= 0.005 and (quiet >= t).mean() == 0.0
    assert t > float(np.sort(loud)[-3])  # 0.5% of 400 is 2: the third highest must not pass


def test_a_source_too_small_for_the_target_does_not_set_the_threshold_alone() -> None:
    """84 prompts cannot measure a 0.5% rate: their highest score is one prompt, not a rate. It counts in the pool
    of every source instead, which is held to the target."""
    rng = np.random.default_rng(1)
    large = rng.uniform(0.0, 0.9, 1000)
    small = np.append(rng.uniform(0.0, 0.5, 83), 0.97)  # one odd prompt
    t = threshold_per_source({"large": large, "small": small}, 0.005)
    assert t < 0.97  # the odd prompt alone does not set it
    pooled = np.concatenate([large, small])
    assert (pooled >= t).mean() <= 0.005 and (large >= t).mean() <= 0.005
    # with many odd prompts the pool itself exceeds the target, and the threshold rises above them
    crowd = np.append(rng.uniform(0.0, 0.5, 70), np.full(14, 0.97))
    assert threshold_per_source({"large": large, "small": crowd}, 0.005) > 0.97
