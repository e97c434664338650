"""The operating profile campaign attribution reads from the feature table."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa

from antidistill.scan_campaigns import PROFILE, operating_profile


def test_profile_rows_follow_the_ids_and_unknowns_are_nan() -> None:
    features = pa.table({"account_id": ["b", "a"], "requests_per_active_day": [400.0, 40.0],
                         "active_days": [2.0, 14.0], "active_hour_fraction": [0.9, None]})
    prof = operating_profile(features, ["a", "b", "c"])
    assert prof.shape == (3, len(PROFILE))
    assert prof[0, 0] == math.log1p(40.0) and prof[1, 0] == math.log1p(400.0)  # rates on a log scale
    assert prof[0, 1] == math.log1p(14.0) and prof[1, 2] == 0.9  # the hour share as is
    assert np.isnan(prof[0, 2])  # missing value
    assert np.isnan(prof[2]).all()  # an account without features


def test_a_missing_feature_column_is_nan_for_everyone() -> None:
    features = pa.table({"account_id": ["a"], "requests_per_active_day": [10.0]})
    prof = operating_profile(features, ["a"])
    assert prof[0, 0] == math.log1p(10.0) and np.isnan(prof[0, 1:]).all()
