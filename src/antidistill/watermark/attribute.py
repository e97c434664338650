"""Attribution: which of many key ids (accounts, organisations) marked a text?

All candidate keys score the same de-duplicated pairs (pair keys do not depend on the key), so
testing K keys is one (K, n) matrix operation. The best key's p-value is Bonferroni-corrected by K.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from antidistill.watermark.detect import Detector, Tokens, scored_pairs
from antidistill.watermark.hashing import U64
from antidistill.watermark.pvalues import bonferroni

_CHUNK_CELLS = 4_000_000  # keys x pairs per block: bounds memory at ~32 MB of float64


@dataclass(frozen=True)
class AttributionResult:
    """The best-matching key among ``keys_tested``, with its corrected and raw p-values."""

    best_key_id: str | None
    p_value: float
    raw_p_value: float
    keys_tested: int
    tokens_scored: int
    top: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def attribute_pairs(detector: Detector, pairs: U64, key_ids: Sequence[str], *, top: int = 5) -> AttributionResult:
    """Score de-duplicated pair keys with every key id; report the best with a Bonferroni p-value."""
    if not key_ids:
        raise ValueError("attribution needs at least one key id")
    keys = detector.keyring.keys(key_ids)
    pairs = detector.scorable(pairs)
    n = int(pairs.shape[0])
    pvals = np.ones(len(keys), dtype=np.float64)
    step = max(1, _CHUNK_CELLS // max(n, 1))
    for start in range(0, len(keys), step):
        block = keys[start : start + step]
        k1 = np.array([k.k1 for k in block], dtype=np.uint64)[:, None]  # (block, 1)
        u = detector.uniforms(pairs[None, :], k1)  # (block, n)
        pvals[start : start + len(block)] = detector.scheme.scores_many(u)[1]
    order = np.argsort(pvals, kind="stable")[:top]
    best = int(order[0])
    return AttributionResult(key_ids[best], bonferroni(float(pvals[best]), len(keys)), float(pvals[best]),
                             len(keys), n, [(key_ids[int(i)], float(pvals[int(i)])) for i in order])


def attribute(detector: Detector, tokens: Tokens, key_ids: Sequence[str], *, prompt: Tokens | None = None,
              top: int = 5) -> AttributionResult:
    """Test one document against every key id."""
    pairs = scored_pairs(tokens, detector.spec.context_width, prompt=prompt, dedup=detector.dedup,
                         masked=detector.masked)
    return attribute_pairs(detector, pairs, key_ids, top=top)
