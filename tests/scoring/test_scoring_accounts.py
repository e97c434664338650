"""Label-free calibration: the null score model and the account scorer."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from antidistill.features.definitions import FeatureDef
from antidistill.scoring.accounts import AccountScorer, Verdict
from antidistill.scoring.null import NullModel


def test_null_model_threshold_matches_its_own_tail() -> None:
    null = NullModel.simulate({"automation": 5, "elicitation": 2}, deadzone=1.0, clip=4.0, n=100_000, seed=3)
    for fpr in (1e-2, 1e-3):
        thr = null.threshold(fpr)
        assert float(null.p_null(np.array([thr]))[0]) <= fpr
        assert float(null.p_null(np.array([np.nextafter(thr, -np.inf)]))[0]) > fpr or thr == 0
    assert null.draws.max() <= 2 * 3.0  # two kinds, each clipped to clip - deadzone
    again = NullModel.simulate({"automation": 5, "elicitation": 2}, deadzone=1.0, clip=4.0, n=100_000, seed=3)
    assert np.array_equal(null.draws, again.draws)  # deterministic


def test_null_model_matches_ordinary_gaussian_accounts() -> None:
    """Accounts whose features really are ordinary draws are flagged at about the target rate."""
    rng = np.random.default_rng(4)
    n = 200_000
    # one automation feature and one elicitation feature, standard normal robust z-scores
    z = rng.standard_normal((n, 2))
    e = np.clip(z - 1.0, 0.0, 3.0).sum(axis=1)
    null = NullModel.simulate({"automation": 1, "elicitation": 1}, deadzone=1.0, clip=4.0, n=400_000)
    for fpr in (1e-2, 1e-3):
        measured = float(np.mean(e >= null.threshold(fpr)))
        assert fpr / 2 < measured < fpr * 2, (fpr, measured)


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
    FeatureDef("new", "x", "exchange", "lifecycle", "low", "hours to full usage", min_scale=1.0),
)


def test_one_group_alone_is_not_enough_but_several_are() -> None:
    rng = np.random.default_rng(2)
    n = 5_000
    vol = rng.normal(0, 1, n)
    elic = np.abs(rng.normal(0, 0.01, n))
    gap = rng.normal(8, 2, n)
    vol[0], vol[1] = 50, 50  # account 0: extreme volume only (a heavy honest user)
    new = rng.normal(100, 10, n)
    vol[2], elic[2], gap[2] = 6, 0.6, 0.1  # account 2: volume + elicitation + no idle time
    vol[3], gap[3] = 50, -20  # account 3: all the automation evidence there is, nothing specific
    t = _table({"vol": vol, "vol2": vol.copy(), "elic": elic, "gap": gap, "new": new})
    scorer = AccountScorer(fpr=1e-3, features=FEATS).fit(t)
    scores = {s.account_id: s for s in scorer.score(t)}
    assert scores["a0"].verdict != Verdict.SUSPECT  # one kind of evidence, however extreme, is not enough
    assert scores["a2"].verdict == Verdict.SUSPECT
    reasons = [r.feature for r in scores["a2"].reasons]
    assert set(reasons) >= {"elic", "gap"}
    assert scores["a3"].verdict != Verdict.SUSPECT  # scale and automation alone is what honest heavy users show
    flagged = sum(s.verdict == Verdict.SUSPECT for s in scores.values())
    assert flagged <= 10  # about fpr * n on a benign population


def test_missing_feature_is_reported_unavailable() -> None:
    t = _table({"vol": np.arange(100.0), "vol2": np.arange(100.0), "elic": np.full(100, np.nan),
                "gap": np.full(100, 5.0), "new": np.full(100, 5.0)})
    scorer = AccountScorer(features=FEATS).fit(t)
    assert scorer.unavailable_ == ["elic"]


def test_bad_fpr_rejected() -> None:
    with pytest.raises(ValueError, match="fpr"):
        AccountScorer(fpr=0)


def test_gated_lifecycle_and_context_pivot() -> None:
    """A young but light account is no lifecycle evidence; a new account at full use at once and a release-day
    pivot add to the score but are never the specific kind (honest signups and evaluation runners show them)."""
    feats = (
        FeatureDef("vol", "x", "exchange", "volume", "high", "volume"),
        FeatureDef("gap", "x", "exchange", "tempo", "low", "idle gap", min_scale=1.0),
        FeatureDef("new", "x", "exchange", "lifecycle", "low", "hours to full usage", min_scale=1.0, gate="vol"),
        FeatureDef("pivot", "x", "exchange", "pivot", "high", "new-model share", min_scale=0.1),
        FeatureDef("elic", "x", "exchange", "elicitation", "high", "elicitation share", min_scale=0.05),
    )
    rng = np.random.default_rng(8)
    n = 5_000
    vol, gap = rng.normal(0, 1, n), rng.normal(8, 2, n)
    new, pivot = rng.normal(100, 10, n), np.abs(rng.normal(0, 0.02, n))
    elic = np.abs(rng.normal(0, 0.01, n))
    new[0], gap[0] = 0.0, -20  # a fresh signup, light use, no idle time: young alone is not "full use at once"
    vol[1], new[1], gap[1] = 50, 0.0, -20  # a fresh account at full volume at once, round the clock (a new CI job)
    vol[2], gap[2], pivot[2], new[2] = 50, -20, 1.0, 100.0  # an eval runner on release day
    vol[3], new[3], gap[3], elic[3] = 50, 0.0, -20, 0.6  # a fresh account at full volume harvesting reasoning
    t = _table({"vol": vol, "gap": gap, "new": new, "pivot": pivot, "elic": elic})
    scorer = AccountScorer(fpr=1e-3, features=feats).fit(t)
    scores = {s.account_id: s for s in scorer.score(t)}
    base = float(np.median([s.score for s in scores.values()]))
    assert scores["a0"].specific_evidence == 0.0 and scores["a0"].verdict != Verdict.SUSPECT
    assert scores["a1"].specific_evidence == 0.0 and scores["a1"].verdict != Verdict.SUSPECT
    assert scores["a1"].score > base + 2.0  # lifecycle still adds to the score (a kind of its own)
    assert scores["a2"].specific_evidence == 0.0 and scores["a2"].verdict != Verdict.SUSPECT
    assert scores["a2"].score > scores["a0"].score  # the pivot still adds to the score
    assert scores["a3"].specific_evidence > 2.0 and scores["a3"].verdict == Verdict.SUSPECT


def test_a_campaign_that_is_most_of_the_population_is_measured_from_the_detectors_design() -> None:
    """A log holding thousands of a hydra's accounts and fewer honest ones: the population's median elicitation
    share is the hydra's, so measured from it the hydra looks ordinary. Measured from the classifier's design
    (an ordinary account's share is 0) it is evidence; an ordinary population is scored exactly as before."""
    feats = (
        FeatureDef("vol", "x", "exchange", "volume", "high", "volume"),
        FeatureDef("elic", "x", "exchange", "elicitation", "high", "elicitation share", min_scale=0.05,
                   design_center=0.0),
    )
    rng = np.random.default_rng(11)
    honest, hydra = 2_000, 3_500
    vol = rng.normal(0, 1, honest + hydra)
    elic = np.concatenate([np.where(rng.random(honest) < 0.97, 0.0, rng.uniform(0, 0.04, honest)),
                           rng.uniform(0.15, 0.5, hydra)])
    t = _table({"vol": vol, "elic": elic})
    scorer = AccountScorer(features=feats).fit(t)
    assert (scorer.stats_["elic"].center, scorer.stats_["elic"].scale) == (0.0, 0.05)
    scores = scorer.score(t)
    ev = np.array([s.specific_evidence for s in scores])
    assert np.all(ev[honest:] >= 1.0) and np.mean(ev[:honest] >= 1.0) < 0.01
    without = AccountScorer(features=tuple(FeatureDef(f.name, f.sql, f.level, f.group, f.direction, f.description,
                                                      min_scale=f.min_scale) for f in feats)).fit(t)
    assert without.stats_["elic"].center > 0.15  # the population's reference is the hydra itself
    assert np.mean([s.specific_evidence >= 1.0 for s in without.score(t)][honest:]) < 0.5
    # an ordinary population: the median is the design value and nothing changes
    ordinary = _table({"vol": vol[:honest], "elic": elic[:honest]})
    a, b = AccountScorer(features=feats).fit(ordinary), without.fit(ordinary)
    assert a.stats_ == b.stats_


def test_a_second_share_read_from_its_design_value_is_one_null_draw_with_the_first() -> None:
    """An ordinary account asks for neither reasoning nor soft labels: the two design-centred shares of the
    elicitation group are one draw of the null, not two. A soft-label share that is 0 for every account of the log
    leaves the threshold, the specific-evidence null and every verdict as they were without it; a share some
    accounts show is evidence for them."""
    base = (FeatureDef("vol", "x", "exchange", "volume", "high", "volume"),
            FeatureDef("rot", "x", "exchange", "elicitation", "high", "wrapper rotation"),
            FeatureDef("elic", "x", "exchange", "elicitation", "high", "elicitation share", min_scale=0.05,
                       design_center=0.0))
    soft = FeatureDef("soft", "x", "exchange", "elicitation", "high", "soft-label share", min_scale=0.05,
                      design_center=0.0)
    rng = np.random.default_rng(5)
    n = 3_000
    vol, rot = rng.normal(0, 1, n), rng.normal(0, 1, n)
    elic = np.where(rng.random(n) < 0.98, 0.0, rng.uniform(0.05, 0.6, n))
    t = _table({"vol": vol, "rot": rot, "elic": elic, "soft": np.zeros(n)})
    a, b = AccountScorer(features=base).fit(t), AccountScorer(features=(*base, soft)).fit(t)
    assert b.threshold_ == a.threshold_ and b.specific_null_mean_ == a.specific_null_mean_
    assert [s.verdict for s in b.score(t)] == [s.verdict for s in a.score(t)]
    harvest = np.zeros(n)
    harvest[:3], vol[:3] = 0.85, 4.0  # three accounts asking for soft labels, at volume
    t2 = _table({"vol": vol, "rot": rot, "elic": elic, "soft": harvest})
    scores = AccountScorer(features=(*base, soft)).fit(t2).score(t2)
    assert all(s.specific_evidence >= 1.0 and s.verdict == Verdict.SUSPECT for s in scores[:3])
