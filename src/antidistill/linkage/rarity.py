"""Rarity weights: how much a shared value says about two accounts being linked.

A payment fingerprint shared by two accounts is strong evidence; an IP prefix shared by
thousands (a big NAT, a cloud egress range) or a popular SDK user agent says almost
nothing. Every weight is a decreasing function of ``n``, the number of distinct accounts
that hold the value; values held by more than a cap get weight 0 (applied by the callers,
so the cap is one documented parameter next to the threshold it interacts with).

Schemes are registered by ``name`` so a deployment can add its own.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from antidistill.registry import Registry


class RarityWeight:
    """Base class: maps holder counts ``n`` (accounts sharing a value) to weights."""

    name: ClassVar[str] = ""

    def weights(self, n: NDArray[np.int64], population: int) -> NDArray[np.float64]:
        """Weight per value given ``n`` holders each, out of ``population`` accounts."""
        raise NotImplementedError


RARITY_WEIGHTS: Registry[RarityWeight] = Registry("rarity weight")


@RARITY_WEIGHTS.register
class InverseLogRarity(RarityWeight):
    """``1 / log(1 + n)``: 0.91 for a pair, 0.22 for 100 holders (Fraudar-style column weight)."""

    name = "inverse_log"

    def weights(self, n: NDArray[np.int64], population: int) -> NDArray[np.float64]:
        """See the class docstring."""
        return 1.0 / np.log1p(np.maximum(n, 1).astype(np.float64))


@RARITY_WEIGHTS.register
class IdfRarity(RarityWeight):
    """``log(N / n)`` (inverse document frequency): the bits-like surprise of sharing a value."""

    name = "idf"

    def weights(self, n: NDArray[np.int64], population: int) -> NDArray[np.float64]:
        """See the class docstring."""
        n_f = np.maximum(n, 1).astype(np.float64)
        return np.maximum(np.log(max(population, 1) / n_f), 0.0)


def rarity_weights(scheme: str, n: NDArray[np.int64], population: int, *, cap: int | None) -> NDArray[np.float64]:
    """Weights from the registered ``scheme``, zero where fewer than 2 or more than ``cap`` hold the value."""
    w = RARITY_WEIGHTS.create(scheme).weights(n, population)
    w = np.where(n >= 2, w, 0.0)
    if cap is not None:
        w = np.where(n <= cap, w, 0.0)
    return w
