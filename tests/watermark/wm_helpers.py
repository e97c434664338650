"""Shared helpers for the watermark tests: a small fixed bigram language model in numpy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MASTER = b"test-master-secret-0123456789abcdef"


class BigramLM:
    """A fixed random bigram model (temperature-1 entropy about 4-5 nats), seeded explicitly."""

    def __init__(self, vocab: int, seed: int, scale: float = 1.5) -> None:
        self.table = np.random.default_rng(seed).normal(0.0, scale, size=(vocab, vocab))  # (prev, next)

    def __call__(self, seq: Sequence[int]) -> np.ndarray:
        return self.table[seq[-1]]
