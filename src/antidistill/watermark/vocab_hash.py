"""Whole-vocabulary keyed draws for one decode step, on a CPU, with cached tables and reused buffers.

Embedding needs, at every decode step and for every batch row, the draw of every vocabulary token
``v`` after the row's context: ``mix(context_hash ^ rotl(token_hash(v)) ^ k1)`` (``hashing.py``).
This module computes exactly that (tested bit for bit against ``hashing``), cheaply:

* ``rotl(token_hash(v))`` is a fixed (vocab,) table, and the per-token hashes of the context (and the
  context fold's first step) are table lookups; the context hash and the key fold into one 64-bit
  scalar per row, computed with Python ints (one splitmix per row for h = 2, where a dozen numpy calls
  on tiny arrays cost tens of microseconds);
* the vocabulary-wide work is then one xor and the rest of the splitmix finaliser per (row, token)
  (its first xor-shift is linear, so its vocabulary half is part of the fixed table), written into
  buffers that are allocated once per batch size and reused at every step (no allocator or page-fault
  traffic per step);
* the green test ``draw < T`` skips the finaliser's last xor-shift when it cannot change the answer:
  ``z ^ (z >> 31)`` keeps the top 31 bits of ``z``, so when ``T`` is a multiple of ``2**33`` (gamma a
  multiple of ``2**-31``, e.g. 0.5, 0.25, 0.125) ``draw < T`` exactly when ``z < T``.

Arrays returned by :meth:`VocabHasher.draws`, :meth:`VocabHasher.green` and
:meth:`VocabHasher.uniforms` are views of the reused buffers: valid until the next call.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from antidistill.watermark.hashing import (
    _INV53,
    _S11,
    _S27,
    _S30,
    _S31,
    CONTEXT_SALT,
    MIX_M1,
    MIX_M2,
    U64,
    green_threshold,
    mix,
    mix_int,
    rotl,
    token_hash,
    token_hash_int,
)

F64 = npt.NDArray[np.float64]
_LOW33 = (1 << 33) - 1
_CSALT = int(CONTEXT_SALT)


@functools.lru_cache(maxsize=8)
def _tables(vocab_size: int) -> tuple[tuple[int, ...], tuple[int, ...], U64]:
    """The key-independent per-token tables of a vocabulary, shared by every hasher (and so every request).

    ``token_hash(v)``, the context fold's first step ``mix(CONTEXT_SALT ^ token_hash(v))``, and
    ``xs30(rotl(token_hash(v)))`` (read-only): about 10 ms for a 50,257-token vocabulary, built once.
    """
    th = token_hash(np.arange(vocab_size))
    vrot = rotl(th)
    # the finaliser's first step xs30(x) = x ^ (x >> 30) is linear over GF(2), so for x = row_key ^ vrot[v]
    # it is xs30(row_key) ^ xs30(vrot[v]): the vocabulary half is a fixed table, the row half one scalar
    vocab_pre = vrot ^ (vrot >> _S30)  # (vocab,)
    vocab_pre.flags.writeable = False
    return tuple(th.tolist()), tuple(mix(th ^ CONTEXT_SALT).tolist()), vocab_pre


class VocabHasher:
    """Keyed draws of all ``vocab_size`` tokens after each row's context; ``gamma`` sets the green test.

    Rows are given either as row keys (``row_keys(contexts, k1)``) or, on the hot path
    (:meth:`green_after`), directly as contexts and key halves: one Python call per decode step.
    """

    def __init__(self, *, vocab_size: int, gamma: float) -> None:
        self.vocab_size = vocab_size
        self.gamma = gamma
        self.token_table_, self.first_table_, self.vocab_pre_ = _tables(vocab_size)
        t = green_threshold(gamma)
        self.threshold_ = np.uint64(t)
        self.threshold_aligned_ = t & _LOW33 == 0  # the last xor-shift cannot change the green test
        self._vocab_pre_row = self.vocab_pre_[None, :]  # (1, vocab)
        self._buffers: dict[tuple[int, type[np.generic]], tuple[U64, U64, npt.NDArray[Any]]] = {}

    def _context_hashes(self, contexts: Sequence[Sequence[int]], k1: Sequence[int], pre: bool) -> list[int]:
        """``context_hash(contexts[i]) ^ k1[i]`` per row (then through ``x ^ (x >> 30)`` when ``pre``).

        Equals ``hashing.context_hash_int``, written out with both tables because it runs per row and step.
        """
        table, first, n = self.token_table_, self.first_table_, self.vocab_size
        out = []
        for context, k in zip(contexts, k1, strict=True):
            t = context[0]
            c = first[t] if 0 <= t < n else mix_int(_CSALT ^ token_hash_int(t))
            for t in context[1:]:
                c = mix_int(c ^ (table[t] if 0 <= t < n else token_hash_int(t)))
            c ^= k
            out.append(c ^ (c >> 30) if pre else c)
        return out

    def row_keys(self, contexts: Sequence[Sequence[int]], k1: Sequence[int]) -> U64:
        """``context_hash(contexts[i]) ^ k1[i]`` for each row, shape (rows,); contexts hold the last h ids."""
        return np.array(self._context_hashes(contexts, k1, pre=False), dtype=np.uint64)

    def _work(self, rows: int, dtype: type[np.generic]) -> tuple[U64, U64, npt.NDArray[Any]]:
        """(z, scratch, out) buffers of shape (rows, vocab), allocated once per (batch size, out dtype)."""
        work = self._buffers.get((rows, dtype))
        if work is None:
            shape = (rows, self.vocab_size)
            work = self._buffers[(rows, dtype)] = (np.empty(shape, np.uint64), np.empty(shape, np.uint64),
                                                   np.empty(shape, dtype))
        return work

    def _pre_final(self, pre_keys: U64, work: tuple[U64, U64, npt.NDArray[Any]]) -> U64:
        """The finaliser's state before its last xor-shift, in ``work[0]``, (rows, vocab).

        ``pre_keys`` are the row keys after the finaliser's first (linear) step, shape (rows, 1).
        """
        z, tmp, _ = work
        np.bitwise_xor(self._vocab_pre_row, pre_keys, out=z)
        # the rest of splitmix64 as in hashing.mix, in place; integer array arithmetic wraps modulo 2**64
        z *= MIX_M1
        np.right_shift(z, _S27, out=tmp)
        z ^= tmp
        z *= MIX_M2
        return z

    def _finish(self, z: U64, tmp: U64) -> U64:
        np.right_shift(z, _S31, out=tmp)
        z ^= tmp
        return z

    def draws(self, row_keys: U64) -> U64:
        """The keyed 64-bit draws, (rows, vocab): ``hashing.keyed_draw`` of every (context, v) pair."""
        work = self._work(row_keys.shape[0], np.float64)
        return self._finish(self._pre_final((row_keys ^ (row_keys >> _S30))[:, None], work), work[1])

    def _green(self, pre_keys: U64, dtype: type[np.generic]) -> npt.NDArray[Any]:
        work = self._work(pre_keys.shape[0], dtype)
        z = self._pre_final(pre_keys, work)
        if not self.threshold_aligned_:
            self._finish(z, work[1])
        np.less(z, self.threshold_, out=work[2], casting="unsafe")  # bool -> 0/1 when out is a float buffer
        return work[2]

    def green(self, row_keys: U64, dtype: type[np.generic] = np.bool_) -> npt.NDArray[Any]:
        """Green tokens, (rows, vocab): ``to_uniform(draw) < gamma``, compared as integers.

        ``dtype`` float32 or float64 gives a 0/1 mask that can be added to logits directly (one pass fewer).
        """
        return self._green((row_keys ^ (row_keys >> _S30))[:, None], dtype)

    def green_after(self, contexts: Sequence[Sequence[int]], k1: Sequence[int],
                    dtype: type[np.generic] = np.bool_) -> npt.NDArray[Any]:
        """``green(row_keys(contexts, k1), dtype)`` with fewer calls: the decode-step hot path."""
        pre = self._context_hashes(contexts, k1, pre=True)
        return self._green(np.array(pre, dtype=np.uint64).reshape(len(pre), 1), dtype)

    def uniforms(self, row_keys: U64) -> F64:
        """Keyed uniforms in [0, 1) (float64, 53 bits), (rows, vocab), as ``hashing.to_uniform``."""
        z = self.draws(row_keys)
        z >>= _S11
        u: F64 = self._work(row_keys.shape[0], np.float64)[2]
        np.multiply(z, _INV53, out=u, casting="unsafe")
        return u
