"""Character n-gram hashing over a whole batch at once, in numpy.

Every text of a batch is lowercased, its whitespace collapsed and its digits mapped to ``0``;
the texts are joined with a separator and turned into one codepoint array, so that hashing
all n-grams of all texts is a handful of vector operations (no Python loop per n-gram).
The same :class:`HashedGrams` feeds the reasoning-elicitation classifier (training and
inference use this one definition, so they agree by construction), the language profiles
and the template SimHash.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

_SEP = "\x01"
# A run of whitespace other than line breaks, as one space. A lone space is already that and is not
# matched: the substitution then visits a few runs instead of every space (twice as fast; the same text).
_WS = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")
_NL = re.compile(r" ?\n[\s]*")
# Segment boundaries: line breaks and sentence ends in the scripts we see most.
BOUNDARY_CHARS = "\n.!?;。！？；؟…"
_BOUNDARY_CPS = np.array([ord(ch) for ch in BOUNDARY_CHARS], dtype=np.uint32)
SEGMENT_MAX = 400
SEGMENT_SPLIT = re.compile("(?<=[" + re.escape(BOUNDARY_CHARS) + "])")
_DIGIT = re.compile(r"\d")
# Decimal digits of the Basic Multilingual Plane (all that regex \d matches there), as a lookup table.
_IS_DIGIT = np.array([bool(_DIGIT.match(chr(c))) for c in range(0x10000)] + [False])
_U64 = np.uint64
# Odd 64-bit constants of the splitmix64 finaliser; one salt per n so that n-grams of
# different lengths land in unrelated buckets.
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_PRIME = _U64(0x100000001B3)
# The 32-bit path (bucket columns only): half the memory traffic of uint64, which is what the
# hashing costs; murmur3's fmix32 finaliser spreads the rolling polynomial over all 32 bits.
_U32 = np.uint32
_PRIME32 = _U32(0x01000193)
_F1, _F2 = _U32(0x85EBCA6B), _U32(0xC2B2AE35)


@dataclass(frozen=True)
class HashedGrams:
    """All hashed n-grams of a batch, one entry per n-gram occurrence.

    ``row`` int64[m] (which text), ``seg`` int64[m] (segment — line or sentence — numbered
    across the whole batch, so a row's segments are contiguous and increasing),
    ``hash`` uint64[m] (full 64-bit hash, empty unless asked for), ``col`` int64[m] (bucket in
    ``[0, dim)``), ``n_rows`` the batch size, ``texts`` the prepared (normalised, truncated)
    texts, and per segment its row ``seg_row`` and start offset in that text ``seg_start``.
    """

    row: npt.NDArray[np.int64]
    seg: npt.NDArray[np.int64]
    hash: npt.NDArray[np.uint64]
    col: npt.NDArray[np.int64]
    n_rows: int
    texts: list[str]
    seg_row: npt.NDArray[np.int64]
    seg_start: npt.NDArray[np.int64]

    def counts_per_row(self) -> npt.NDArray[np.int64]:
        """Number of n-grams in each text, int64[n_rows]."""
        return np.bincount(self.row, minlength=self.n_rows).astype(np.int64)


@dataclass(frozen=True)
class NgramHasher:
    """Hashes character n-grams of sizes ``ngram_sizes`` into ``2**bits`` buckets.

    Texts longer than ``max_chars`` keep their head and tail (``max_chars // 2`` each): an
    instruction to a model sits at the start or the end of a long prompt far more often
    than in its middle.
    """

    ngram_sizes: tuple[int, ...] = (2, 3, 4, 5)
    bits: int = 18
    max_chars: int = 4096
    lowercase: bool = True
    fold_digits: bool = True

    @property
    def dim(self) -> int:
        """Number of hash buckets."""
        return 1 << self.bits

    def prepare(self, text: str) -> str:
        """The normalised form of one text that the n-grams are taken from (digits are folded
        later, on the codepoints, so a prepared text keeps its digits and its offsets)."""
        return self._prepare_joined([text])[0]

    def _prepare_joined(self, texts: Sequence[str]) -> list[str]:
        half = self.max_chars // 2
        parts = [t if len(t) <= self.max_chars else t[:half] + " " + t[-half:] for t in texts]
        joined = _SEP.join(" " + t.replace(_SEP, " ") + " " for t in parts)
        if self.lowercase:
            joined = joined.lower()
        joined = _NL.sub("\n", _WS.sub(" ", joined))
        return joined.split(_SEP)

    def grams(self, texts: Sequence[str], *, with_hash: bool = False, segments: bool = True) -> HashedGrams:
        """Hash every n-gram of every text in one pass over the joined batch.

        ``with_hash`` keeps the full 64-bit hashes (for SimHash); otherwise only bucket columns.
        ``segments=False`` skips the segmentation (each text is one segment) for callers that
        only read whole texts.
        """
        prepared = self._prepare_joined(texts)
        cps = np.frombuffer(_SEP.join(prepared).encode("utf-32-le"), dtype=np.uint32)  # (L,)
        if self.fold_digits:
            # Every decimal digit (any script, as regex \d) becomes "0", on the codepoint array:
            # one table lookup instead of a regex substitution over the joined text.
            cps = np.where(_IS_DIGIT[np.minimum(cps, len(_IS_DIGIT) - 1)], np.uint32(48), cps)
        is_sep = cps == ord(_SEP)
        row_of = np.cumsum(is_sep)  # (L,) text index of each position (a separator opens the next text)
        starts = np.concatenate(([0], np.flatnonzero(is_sep) + 1))
        if segments:
            local = np.arange(len(cps), dtype=np.int64) - starts[row_of]  # (L,) offset inside its text
            # A segment starts at each boundary character and at each text start; unpunctuated runs
            # (code, LaTeX, lists without stops) are cut every SEGMENT_MAX characters.
            seg_of = np.cumsum(np.isin(cps, _BOUNDARY_CPS) | is_sep | (local % SEGMENT_MAX == SEGMENT_MAX - 1))  # (L,)
            # seg_of is non-decreasing in steps of 0 or 1, so segment s opens at searchsorted(seg_of, s).
            n_seg = int(seg_of[-1]) + 1 if len(seg_of) else 0
            seg_open = np.searchsorted(seg_of, np.arange(n_seg))
        else:
            seg_of, n_seg, local, seg_open = row_of, len(texts), np.zeros(len(texts) + 1, np.int64), starts
        # Full 64-bit hashes only when asked for (SimHash); bucket columns need 32 bits.
        wide = with_hash or self.bits > 32
        h = cps.astype(np.uint64) if wide else cps
        bad = is_sep
        rows, segs, cols, hashes = [], [], [], []
        for n in range(1, max(self.ngram_sizes) + 1):
            if n > 1:
                # h[i] is the rolling polynomial of cps[i : i + n]; bad[i] says it spans a separator.
                h = h[:-1] * (_PRIME if wide else _PRIME32) + cps[n - 1:]
                bad = bad[:-1] | is_sep[n - 1:]
            if n not in self.ngram_sizes or len(h) == 0:
                continue
            ok = ~bad
            if wide:
                x = (h[ok] + _U64((n * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)) * _MIX1
                x ^= x >> _U64(29)
                x *= _MIX2
                cols.append((x >> _U64(64 - self.bits)).astype(np.int64))
                if with_hash:
                    hashes.append(x)
            else:
                y = h[ok] + _U32((n * 0x9E3779B9) & 0xFFFFFFFF)
                y ^= y >> _U32(16)
                y *= _F1
                y ^= y >> _U32(13)
                y *= _F2
                y ^= y >> _U32(16)
                cols.append((y >> _U32(32 - self.bits)).astype(np.int64))
            rows.append(row_of[: len(ok)][ok])
            if segments:
                segs.append(seg_of[: len(ok)][ok])
        empty = np.zeros(0, np.int64)
        row = np.concatenate(rows) if rows else empty
        return HashedGrams(row=row, seg=(np.concatenate(segs) if segs else empty) if segments else row,
                           hash=np.concatenate(hashes) if hashes else np.zeros(0, np.uint64),
                           col=np.concatenate(cols) if cols else empty, n_rows=len(texts), texts=prepared,
                           seg_row=row_of[seg_open] if n_seg else empty,
                           seg_start=(local[seg_open] if segments else local[:n_seg]) if n_seg else empty)

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sparse (n, dim) features: n-gram counts divided by sqrt(n-grams in the text).

        The sqrt-length scaling (instead of an exact L2 norm) lets inference score a text as
        ``bincount(row, w[col]) / sqrt(count)`` with no sort, while training sees the very
        same feature values.
        """
        g = self.grams(texts)
        counts = g.counts_per_row()
        scale = 1.0 / np.sqrt(np.maximum(counts, 1))
        values = scale[g.row].astype(np.float32)
        m = sp.csr_matrix((values, (g.row, g.col)), shape=(g.n_rows, self.dim), dtype=np.float32)
        m.sum_duplicates()
        return m
