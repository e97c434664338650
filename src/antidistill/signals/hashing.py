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
_WS = re.compile(r"[^\S\n]+")
_NL = re.compile(r" ?\n[\s]*")
# Segment boundaries: line breaks and sentence ends in the scripts we see most.
BOUNDARY_CHARS = "\n.!?;。！？；؟…"
_BOUNDARY_CPS = np.array([ord(ch) for ch in BOUNDARY_CHARS], dtype=np.uint32)
SEGMENT_MAX = 400
SEGMENT_SPLIT = re.compile("(?<=[" + re.escape(BOUNDARY_CHARS) + "])")
_DIGIT = re.compile(r"\d")
_U64 = np.uint64
# Odd 64-bit constants of the splitmix64 finaliser; one salt per n so that n-grams of
# different lengths land in unrelated buckets.
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_PRIME = _U64(0x100000001B3)


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
        """The normalised form of one text that the n-grams are taken from."""
        return self._prepare_joined([text])[0]

    def _prepare_joined(self, texts: Sequence[str]) -> list[str]:
        half = self.max_chars // 2
        parts = [t if len(t) <= self.max_chars else t[:half] + " " + t[-half:] for t in texts]
        joined = _SEP.join(" " + t.replace(_SEP, " ") + " " for t in parts)
        if self.lowercase:
            joined = joined.lower()
        joined = _NL.sub("\n", _WS.sub(" ", joined))
        if self.fold_digits:
            joined = _DIGIT.sub("0", joined)
        return joined.split(_SEP)

    def grams(self, texts: Sequence[str], *, with_hash: bool = False) -> HashedGrams:
        """Hash every n-gram of every text in one pass over the joined batch.

        ``with_hash`` keeps the full 64-bit hashes (for SimHash); otherwise only bucket columns.
        """
        prepared = self._prepare_joined(texts)
        cps = np.frombuffer(_SEP.join(prepared).encode("utf-32-le"), dtype=np.uint32)  # (L,)
        is_sep = cps == ord(_SEP)
        row_of = np.cumsum(is_sep)  # (L,) text index of each position (a separator opens the next text)
        starts = np.concatenate(([0], np.flatnonzero(is_sep) + 1))
        local = np.arange(len(cps), dtype=np.int64) - starts[row_of]  # (L,) offset inside its text
        # A segment starts at each boundary character and at each text start; unpunctuated runs
        # (code, LaTeX, lists without stops) are cut every SEGMENT_MAX characters.
        seg_of = np.cumsum(np.isin(cps, _BOUNDARY_CPS) | is_sep | (local % SEGMENT_MAX == SEGMENT_MAX - 1))  # (L,)
        # seg_of is non-decreasing in steps of 0 or 1, so segment s opens at searchsorted(seg_of, s).
        n_seg = int(seg_of[-1]) + 1 if len(seg_of) else 0
        seg_open = np.searchsorted(seg_of, np.arange(n_seg))
        h = cps.astype(np.uint64)
        bad = is_sep
        rows, segs, cols, hashes = [], [], [], []
        shift = _U64(64 - self.bits)
        for n in range(1, max(self.ngram_sizes) + 1):
            if n > 1:
                # h[i] is the rolling polynomial of cps[i : i + n]; bad[i] says it spans a separator.
                h = h[:-1] * _PRIME + cps[n - 1:]
                bad = bad[:-1] | is_sep[n - 1:]
            if n not in self.ngram_sizes or len(h) == 0:
                continue
            ok = ~bad
            x = (h[ok] + _U64((n * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)) * _MIX1
            x ^= x >> _U64(29)
            x *= _MIX2
            cols.append((x >> shift).astype(np.int64))
            if with_hash:
                hashes.append(x)
            rows.append(row_of[: len(ok)][ok])
            segs.append(seg_of[: len(ok)][ok])
        empty = np.zeros(0, np.int64)
        return HashedGrams(row=np.concatenate(rows) if rows else empty, seg=np.concatenate(segs) if segs else empty,
                           hash=np.concatenate(hashes) if hashes else np.zeros(0, np.uint64),
                           col=np.concatenate(cols) if cols else empty, n_rows=len(texts), texts=prepared,
                           seg_row=row_of[seg_open] if n_seg else empty,
                           seg_start=local[seg_open] if n_seg else empty)

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
