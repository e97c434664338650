"""The mask-table variant of red/green (``WatermarkSpec.mask_rows = T > 0``): one green list per table row.

The default red/green draw hashes every (context, token) pair with the key, so a decode step hashes
the whole vocabulary. In this variant the green lists come from a fixed, public, key-independent
table of ``T`` rows (a power of two) and the key only chooses the row of each context:

* ``context_id(t_1..t_h)`` is ``hashing.context_hashes`` without its last mix: the fold of
  ``c <- mix(c ^ token_hash(t_j))`` over the first h - 1 tokens (from ``CONTEXT_SALT``), then
  ``c ^ token_hash(t_h)``; for h = 2 that is two table lookups, no mix, in a decode step
* ``row(key, context) = mix((context_id & CONTEXT_PART) ^ k1 ^ ROW_SALT) >> (64 - log2 T)``
* ``entry(r, v) = perm_v(r)``, where ``perm_v`` is a fixed permutation of ``[0, T)`` per token id
* ``green(v | context) <=> entry(row, v) < gamma * T``, and the "uniform" scored by detection is
  ``entry(row, v) / T``.

A decode step is then one keyed scalar per batch row and one gather from a precomputed table.

Exactness. Under the null (text independent of the key), the row of a context is uniform on
``[0, T)`` (top bits of the keyed mix, as for every draw of ``hashing.py``), and since ``perm_v`` is
a permutation, ``entry(row, v)`` is uniform on ``[0, T)`` for any fixed token ``v``: each scored pair
is green with probability exactly ``gamma`` (``gamma * T`` must be an integer). Two tokens after the
*same* context share the row, so their green tests are not independent; detection therefore scores
one pair per context (:func:`one_per_context`, after the usual de-duplication of pairs), and pairs
with distinct contexts have independent rows. The exact binomial test then holds as for the default.

Pair ids keep the token: ``pair_id = (context_id & CONTEXT_PART) | v`` (token ids below 2**24), so
embedding and detection both use 40 bits of the context id; two contexts that share them also
share their row, on both sides.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from antidistill.watermark.hashing import (
    _M1,
    _M2,
    _MASK,
    CONTEXT_SALT,
    U64,
    context_ids,
    mix,
    mix_int,
    token_hash_int,
    unique_u64,
)

F64 = npt.NDArray[np.float64]

TOKEN_BITS = 24
MAX_TOKEN_ID = (1 << TOKEN_BITS) - 1
CONTEXT_PART = np.uint64(((1 << 64) - 1) ^ MAX_TOKEN_ID)  # the context hash's top 40 bits
_TOKEN_PART = np.uint64(MAX_TOKEN_ID)
ROW_SALT = np.uint64(0x6A09E667F3BCC909)  # public constants (digits of sqrt(2), sqrt(3)): no secret in the table
PERM_SALT = np.uint64(0xBB67AE8584CAA73B)
_PERM_M = [np.uint64(c) for c in (0x2545F4914F6CDD1D, 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)]
_CONTEXT_PART_INT, _ROW_SALT_INT, _CSALT = int(CONTEXT_PART), int(ROW_SALT), int(CONTEXT_SALT)


def check_rows(rows: int) -> int:
    """``log2(rows)``; raises ValueError unless ``rows`` is a power of two in [256, 65536].

    Below 256 rows the per-token permutations are too few to look independent (some pairs of rows
    then share almost no green token, others almost all).
    """
    bits = rows.bit_length() - 1
    if rows < 256 or rows > 1 << 16 or rows != 1 << bits:
        raise ValueError(f"mask_rows must be a power of two between 256 and 65536, got {rows}")
    return bits


def context_id_int(context: Sequence[int], token_table: Sequence[int] = (), first_table: Sequence[int] = ()) -> int:
    """:func:`context_ids` of one window (all of ``context``) as a Python int.

    ``token_table[t]`` may hold ``token_hash_int(t)`` and ``first_table[t]`` ``mix_int(CONTEXT_SALT ^
    token_hash_int(t))`` for the ids they cover (``VocabHasher.token_table_`` and ``.first_table_``).
    """
    n = len(token_table)
    last = context[-1]
    tail = token_table[last] if 0 <= last < n else token_hash_int(last)
    if len(context) == 1:
        return _CSALT ^ tail
    t = context[0]
    c = first_table[t] if 0 <= t < len(first_table) else mix_int(_CSALT ^ token_hash_int(t))
    for t in context[1:-1]:
        c = mix_int(c ^ (token_table[t] if 0 <= t < n else token_hash_int(t)))
    return c ^ tail


def pair_ids(ctx: U64, tokens: npt.ArrayLike) -> U64:
    """Pair ids of (context id, token) pairs (broadcasting): the context's top 40 bits, the token below."""
    t = np.asarray(tokens, dtype=np.int64)
    if t.size and (int(t.min()) < 0 or int(t.max()) > MAX_TOKEN_ID):
        raise ValueError(f"the mask-table variant needs token ids in [0, {MAX_TOKEN_ID}]")
    return (ctx & CONTEXT_PART) | t.astype(np.uint64)


def pair_keys(tokens: npt.ArrayLike, width: int) -> U64:
    """Like ``hashing.pair_keys`` (same positions, same shape), with pair ids of this variant."""
    t = np.asarray(tokens, dtype=np.int64)
    if t.shape[0] <= width:
        return np.empty(0, dtype=np.uint64)
    return pair_ids(context_ids(t[:-1], width), t[width:])


def rows_of(ctx_part: U64, k1: int | U64, bits: int) -> U64:
    """Table row of each context (``ctx_part``: pair ids or context ids; the token bits are ignored)."""
    return mix((ctx_part & CONTEXT_PART) ^ np.asarray(k1, dtype=np.uint64) ^ ROW_SALT) >> np.uint64(64 - bits)


def row_int(context_id: int, k1: int, bits: int) -> int:
    """:func:`rows_of` of one context id held as a Python int."""
    return mix_int((context_id & _CONTEXT_PART_INT) ^ k1 ^ _ROW_SALT_INT) >> (64 - bits)


def entries(rows: U64, tokens: U64, bits: int) -> U64:
    """``perm_v(r)`` (broadcasting): for each token id ``v`` a fixed permutation of ``[0, 2**bits)``.

    Four rounds of (xor a per-token round key, multiply by an odd constant, xor-shift): each step is a
    bijection modulo ``2**bits``, so every column of the table holds every value once. The round keys
    are 16-bit slices of a public hash of ``v``; multiplication carries differences up and the shift
    carries them down, so that rows look unrelated after four rounds.
    """
    m = np.uint64((1 << bits) - 1)
    half = np.uint64((bits + 1) // 2)
    with np.errstate(over="ignore"):
        s = mix(tokens.astype(np.uint64) ^ PERM_SALT)  # the token's public round keys
        x = rows ^ (s & m)  # a new array of the broadcast shape; every later step is in place
        for i, c in enumerate(_PERM_M):
            if i:
                x ^= (s >> np.uint64(16 * i)) & m
            x *= c
            x &= m
            x ^= x >> half
        return x

def uniforms(pairs: U64, k1: int | U64, bits: int) -> F64:
    """The scored value ``entry(row, v) / T`` of each pair id (k1 broadcasts, e.g. shape (keys, 1))."""
    e = entries(rows_of(pairs, k1, bits), pairs & _TOKEN_PART, bits)
    return e.astype(np.float64) * (1.0 / float(1 << bits))


def one_per_context(pairs: U64) -> U64:
    """De-duplicated pair ids with one pair per context (the smallest token id): the pairs detection scores."""
    s = unique_u64(pairs)
    if s.shape[0] == 0:
        return s
    ctx = s & CONTEXT_PART
    keep = np.empty(s.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(ctx[1:], ctx[:-1], out=keep[1:])
    return s[keep]


@functools.lru_cache(maxsize=4)
def green_table(rows: int, gamma: float, vocab_size: int) -> npt.NDArray[np.bool_]:
    """The public (rows, vocab_size) table of green masks, built once per process (read-only)."""
    bits = check_rows(rows)
    limit = np.uint64(round(gamma * rows))
    out = np.empty((rows, vocab_size), dtype=bool)
    tokens = np.arange(vocab_size, dtype=np.uint64)[None, :]  # (1, vocab)
    step = max(1, (1 << 22) // vocab_size)  # row blocks of ~4M cells bound the uint64 temporaries
    for start in range(0, rows, step):
        r = np.arange(start, min(start + step, rows), dtype=np.uint64)[:, None]
        np.less(entries(r, tokens, bits), limit, out=out[start : start + r.shape[0]])
    out.flags.writeable = False
    return out


def rows_after(contexts: Sequence[Sequence[int]], k1: Sequence[int], bits: int, token_table: Sequence[int],
               first_table: Sequence[int]) -> list[int]:
    """:func:`row_int` of each batch row's context (its last h ids) and key half: one decode step.

    Python ints throughout (a dozen numpy or torch calls on arrays of one to eight elements cost more),
    with the splitmix of :func:`row_int` written out; tested against :func:`rows_of`.
    """
    out = []
    shift = 64 - bits
    for context, k in zip(contexts, k1, strict=True):
        x = (context_id_int(context, token_table, first_table) & _CONTEXT_PART_INT) ^ k ^ _ROW_SALT_INT
        x ^= x >> 30
        x = (x * _M1) & _MASK
        x ^= x >> 27
        x = (x * _M2) & _MASK
        out.append((x ^ (x >> 31)) >> shift)
    return out
