"""Watermarking and forensics: keys -> embed -> detect -> attribute -> radioactivity.

The core (this package, but ``adapters/``) imports neither torch nor a web framework.
"""

from __future__ import annotations

from antidistill.watermark.attribute import AttributionResult, attribute, attribute_pairs
from antidistill.watermark.detect import DetectionResult, Detector, Tokenizer, scored_pairs
from antidistill.watermark.embed import Watermarker
from antidistill.watermark.keys import (
    GLOBAL_KEY_ID,
    KeyRing,
    WatermarkKey,
    account_key_id,
    derive_key,
    key_id_from_request,
    strip_request_fields,
    watermark_request_fields,
)
from antidistill.watermark.pvalues import binomial_tail, bonferroni, gamma_tail, z_test_pvalue
from antidistill.watermark.schemes import SCHEMES, Scheme, make_scheme
from antidistill.watermark.spec import WatermarkSpec

__all__ = [
    "GLOBAL_KEY_ID",
    "SCHEMES",
    "AttributionResult",
    "DetectionResult",
    "Detector",
    "KeyRing",
    "Scheme",
    "Tokenizer",
    "WatermarkKey",
    "WatermarkSpec",
    "Watermarker",
    "account_key_id",
    "attribute",
    "attribute_pairs",
    "binomial_tail",
    "bonferroni",
    "derive_key",
    "gamma_tail",
    "key_id_from_request",
    "make_scheme",
    "scored_pairs",
    "strip_request_fields",
    "watermark_request_fields",
    "z_test_pvalue",
]
