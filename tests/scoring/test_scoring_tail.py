"""Label-free calibration: the tail model and the account scorer."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from antidistill.features.definitions import FeatureDef
from antidistill.scoring.accounts import AccountScorer, Verdict
from antidistill.scoring.tail import TailModel


def test_tail_on_exponential_bulk_hits_the_target_rate() -> None:
    rng = np.random.default_rng(1)
    benign = rng.exponential(1.0, 200_000)
    campaign = 30 + rng.exponential(1.0, 2_000)  # 1 % contamination far out in the tail
    tail = TailModel.fit(np.concatenate([benign, campaign]))
    for fpr in (1e-2, 1e-3):
        thr = tail.threshold(fpr)
        measured = float(np.mean(benign >= thr))
        assert fpr / 3 < measured < fpr * 3, (fpr, measured)
        assert np.all(campaign >= thr)
    p = tail.null_tail(np.array([0.0, thr, 100.0]))
    assert p[0] == pytest.approx(1.0, abs=0.01) and p[1] == pytest.approx(1e-3, rel=1e-6) and p[2] < 1e-30


def test_degenerate_bulk_does_not_flag_everything_above_zero() -> None:
    scores = np.zeros(10_000)
    scores[:50] = 0.3  # a trace of evidence
    tail = TailModel.fit(scores)
    assert tail.threshold(1e-3) > 0.3


def _table(values: dict[str, np.ndarray]) -> pa.Table:
    n = len(next(iter(values.values())))
    cols = {"account_id": [f"a{i}" for i in range(n)], "n_exchanges": np.full(n, 100)}
    cols.update(values)
    return pa.table(cols)


FEATS = (
    FeatureDef("vol", "x", "exchange", "volume", "high", "volume"),
    FeatureDef("vol2", "x", "exchange", "volume", "high", "more volume"),
    FeatureDef("elic", "x", "exchange", "elicitation", "high", "elicitation share", min_scale=0.05),
    FeatureDef("gap", "x", "exchange", "tempo", "low", "idle gap", min_scale=1.0),
)


def test_one_group_alone_is_not_enough_but_several_are() -> None:
    rng = np.random.default_rng(2)
    n = 5_000
    vol = rng.normal(0, 1, n)
    elic = np.abs(rng.normal(0, 0.01, n))
    gap = rng.normal(8, 2, n)
    vol[0], vol[1] = 50, 50  # account 0: extreme volume only (a heavy honest user)
    vol[2], elic[2], gap[2] = 6, 0.6, 0.1  # account 2: volume + elicitation + no idle time
    t = _table({"vol": vol, "vol2": vol.copy(), "elic": elic, "gap": gap})
    scorer = AccountScorer(fpr=1e-3, features=FEATS).fit(t)
    scores = {s.account_id: s for s in scorer.score(t)}
    assert scores["a0"].verdict != Verdict.SUSPECT  # one kind of evidence, however extreme, is not enough
    assert scores["a2"].verdict == Verdict.SUSPECT
    reasons = [r.feature for r in scores["a2"].reasons]
    assert set(reasons) >= {"elic", "gap"}
    flagged = sum(s.verdict == Verdict.SUSPECT for s in scores.values())
    assert flagged <= 10  # about fpr * n on a benign population


def test_missing_feature_is_reported_unavailable() -> None:
    t = _table({"vol": np.arange(100.0), "vol2": np.arange(100.0), "elic": np.full(100, np.nan),
                "gap": np.full(100, 5.0)})
    scorer = AccountScorer(features=FEATS).fit(t)
    assert scorer.unavailable_ == ["elic"]


def test_bad_fpr_rejected() -> None:
    with pytest.raises(ValueError, match="fpr"):
        AccountScorer(fpr=0)
