"""Keyed integer hashing of (context, token) pairs, vectorised in numpy uint64.

Every watermark draw is a function of (key, previous h tokens, candidate token):

* ``token_hash(v) = mix(v + TOKEN_SALT)``
* ``context_hash(t_1..t_h) = fold(c <- mix(c ^ token_hash(t_j)), start CONTEXT_SALT)``
* ``pair_key(context, v) = context_hash ^ rotl(token_hash(v), 17)`` (key-independent)
* ``draw = mix(pair_key ^ k1)`` and ``uniform = (draw >> 11) * 2**-53`` in [0, 1)

``mix`` is the splitmix64 finaliser (a bijection on 64-bit integers). The pair key does not depend
on the secret, so de-duplication of (context, token) pairs is done once and shared by every key
tested in attribution. The adapters mirror these exact operations in torch (tested bit-for-bit).
One mix per draw keeps the whole-vocabulary step of embedding cheap (a few percent of a decode step).
The hash is a fast keyed mixer, not a cryptographic PRF: recovering k1 from observed green lists
means a 2**64 search with no known shortcut, which is enough for marking outputs but is not a
cryptographic guarantee. The key halves come from HMAC-SHA256 (``keys.py``); k2 is reserved for a
future hash version.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]

MIX_M1 = np.uint64(0xBF58476D1CE4E5B9)
MIX_M2 = np.uint64(0x94D049BB133111EB)
TOKEN_SALT = np.uint64(0x9E3779B97F4A7C15)
CONTEXT_SALT = np.uint64(0xD1B54A32D192ED03)
ROT = 17
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_ROT_L, _ROT_R = np.uint64(ROT), np.uint64(64 - ROT)
_S11 = np.uint64(11)
_INV53 = 1.0 / float(1 << 53)


def mix(x: U64) -> U64:
    """splitmix64 finaliser, element-wise; uint64 arithmetic wraps modulo 2**64 as intended."""
    with np.errstate(over="ignore"):
        z = x >> _S30  # a new array; every later step is in place (fewer allocations on hot paths)
        z ^= x
        z *= MIX_M1
        t = z >> _S27
        z ^= t
        z *= MIX_M2
        np.right_shift(z, _S31, out=t)
        z ^= t
    return z


def token_hash(tokens: npt.ArrayLike) -> U64:
    """Per-token hash, shape of ``tokens``."""
    t = np.asarray(tokens, dtype=np.int64).astype(np.uint64)
    with np.errstate(over="ignore"):
        return mix(t + TOKEN_SALT)


def context_ids(tokens: npt.ArrayLike, width: int) -> U64:
    """The context hash of every length-``width`` window before its last mix: out[i] is that of
    tokens[i : i + width], shape (n - width + 1,). ``context_hashes`` is ``mix`` of it; the mask-table
    variant (``mask_table.py``) selects its rows from it directly."""
    th = token_hash(tokens)
    n = th.shape[0] - width + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    c = np.full(n, CONTEXT_SALT, dtype=np.uint64)
    for j in range(width - 1):
        c = mix(c ^ th[j : j + n])
    return c ^ th[width - 1 : width - 1 + n]


def context_hashes(tokens: npt.ArrayLike, width: int) -> U64:
    """Hash of every length-``width`` window: out[i] hashes tokens[i : i + width]. Shape (n - width + 1,)."""
    return mix(context_ids(tokens, width))


def window_hashes(windows: npt.ArrayLike) -> U64:
    """Context hash of each row of a (rows, h) array of token ids, shape (rows,)."""
    th = token_hash(windows)
    c = np.full(th.shape[0], CONTEXT_SALT, dtype=np.uint64)
    for j in range(th.shape[1]):
        c = mix(c ^ th[:, j])
    return c


def vocab_draws(windows: npt.ArrayLike, k1: U64, vocab_rot: U64) -> U64:
    """Keyed draws of every vocabulary token after each context row: (rows, vocab).

    ``k1`` has shape (rows,), ``vocab_rot = rotl(token_hash(arange(vocab)))``. Equals
    ``keyed_draw(pair_keys(...))`` of each (context, v) pair; the key and context are folded per row
    first so that the vocabulary-wide work is one xor and one mix.
    """
    row_key = window_hashes(windows) ^ k1  # (rows,)
    return mix(row_key[:, None] ^ vocab_rot[None, :])


def rotl(x: U64) -> U64:
    """Rotate left by ``ROT`` bits."""
    return (x << _ROT_L) | (x >> _ROT_R)


def pair_keys(tokens: npt.ArrayLike, width: int) -> U64:
    """Key-independent ids of the (previous ``width`` tokens, token) pairs of a sequence.

    out[j] names the pair (tokens[j : j + width], tokens[j + width]); shape (max(n - width, 0),).
    """
    t = np.asarray(tokens, dtype=np.int64)
    if t.shape[0] <= width:
        return np.empty(0, dtype=np.uint64)
    ctx = context_hashes(t[:-1], width)  # (n - width,)
    return ctx ^ rotl(token_hash(t[width:]))


def unique_u64(a: U64) -> U64:
    """Sorted distinct values; a plain sort + neighbour test, several times faster than ``np.unique`` on uint64."""
    if a.shape[0] == 0:
        return a
    s = np.sort(a)
    keep = np.empty(s.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def keyed_draw(pairs: U64, k1: int | U64) -> U64:
    """The keyed 64-bit draw of each pair (the key broadcasts, e.g. shape (keys, 1) for many keys)."""
    return mix(pairs ^ np.asarray(k1, dtype=np.uint64))


def green_threshold(gamma: float) -> int:
    """The integer T with ``to_uniform(d) < gamma`` exactly when ``d < T`` (as unsigned 64-bit)."""
    return min(int(np.ceil(gamma * float(1 << 53))) << 11, (1 << 64) - 1)


def to_uniform(draws: U64) -> npt.NDArray[np.float64]:
    """Map 64-bit draws to floats uniform on [0, 1) with 53 bits of precision."""
    return (draws >> _S11).astype(np.float64) * _INV53


# Plain-int mirror for the few scalars of a decode step (one context hash per batch row): a handful of
# Python int operations cost less than a dozen numpy calls on arrays of one or eight elements.
_MASK = (1 << 64) - 1
_M1, _M2, _TSALT, _CSALT = int(MIX_M1), int(MIX_M2), int(TOKEN_SALT), int(CONTEXT_SALT)


def mix_int(x: int) -> int:
    """:func:`mix` of one value held as a Python int in [0, 2**64)."""
    x ^= x >> 30
    x = (x * _M1) & _MASK
    x ^= x >> 27
    x = (x * _M2) & _MASK
    return x ^ (x >> 31)


def token_hash_int(token: int) -> int:
    """:func:`token_hash` of one token id."""
    return mix_int((int(token) + _TSALT) & _MASK)


def context_hash_int(context: Sequence[int], table: Sequence[int] = ()) -> int:
    """:func:`context_hashes` of one window of token ids (all of ``context``), as a Python int.

    ``table[t]`` may hold ``token_hash_int(t)`` for the ids it covers (a per-vocabulary cache).
    """
    n = len(table)
    c = _CSALT
    for t in context:
        c = mix_int(c ^ (table[t] if 0 <= t < n else token_hash_int(t)))
    return c


def vocab_pair_keys(context: npt.ArrayLike, vocab_size: int) -> U64:
    """Pair keys of one context with every vocabulary token, shape (vocab_size,). Used by embedding."""
    ctx = context_hashes(np.asarray(context, dtype=np.int64), len(np.asarray(context)))
    return ctx[0] ^ rotl(token_hash(np.arange(vocab_size)))
