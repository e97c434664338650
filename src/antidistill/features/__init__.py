"""Per-account behaviour features, defined once (``definitions``) and run by an engine (``duckdb_engine``)."""

from antidistill.features.definitions import FEATURES, FeatureDef, feature_names, get_feature

__all__ = ["FEATURES", "FeatureDef", "feature_names", "get_feature"]
