"""Deterministic random streams keyed by (seed, name); never Python's hash()."""
from __future__ import annotations

import hashlib

import numpy as np

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"


def stream(seed: int, *names: str) -> np.random.Generator:
    """A PCG64 generator whose state depends only on the seed and the names."""
    digest = hashlib.sha256(("\x1f".join([str(seed), *names])).encode()).digest()
    entropy = int.from_bytes(digest[:16], "big")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


_TABLES: dict[str, bytes] = {}


def token(rng: np.random.Generator, n: int, alphabet: str = ALNUM) -> str:
    """A random identifier fragment of ``n`` characters from ``alphabet`` (ASCII only)."""
    table = _TABLES.get(alphabet)
    if table is None:  # byte value -> alphabet[value % len]; the small modulo bias is irrelevant for ids
        table = _TABLES[alphabet] = bytes(alphabet.encode("ascii")[i % len(alphabet)] for i in range(256))
    return rng.bytes(n).translate(table).decode("ascii")


def pick(rng: np.random.Generator, seq: list, p: list[float] | None = None):
    """One element of ``seq`` (optionally weighted)."""
    if p is not None:
        w = np.asarray(p, dtype=float)
        return seq[int(rng.choice(len(seq), p=w / w.sum()))]
    return seq[int(rng.random() * len(seq))]
