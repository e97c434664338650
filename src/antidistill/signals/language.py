"""``language``: ISO 639-1 language of a prompt.

Script ranges decide most languages outright (Han without kana -> zh, kana -> ja, Hangul -> ko,
Cyrillic -> ru/uk, Arabic, Thai, Bengali, Telugu, ...), counted for the whole batch at once on
the codepoint array. Latin-script text is told apart by a small character 1-3-gram profile per
language built at ``load()`` from ``language_profiles.json`` (frequent words written for this
project). ``flagged`` marks mixed-script prompts (a second script holds at least
``mixed_share`` of the letters), as in an instruction in one language wrapped around a task in
another.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from antidistill.signals.base import SIGNALS, Signal, SignalBatch
from antidistill.signals.hashing import NgramHasher

PROFILE_PATH = Path(__file__).with_name("language_profiles.json")

# (first codepoint, last codepoint, script). Scripts that map to one language need no profile.
_RANGES: list[tuple[int, int, str]] = sorted([
    (0x41, 0x5A, "latin"), (0x61, 0x7A, "latin"), (0xC0, 0x24F, "latin"), (0x370, 0x3FF, "el"),
    (0x400, 0x4FF, "cyrillic"), (0x590, 0x5FF, "he"), (0x600, 0x6FF, "ar"), (0x750, 0x77F, "ar"),
    (0x900, 0x97F, "hi"), (0x980, 0x9FF, "bn"), (0xB80, 0xBFF, "ta"), (0xC00, 0xC7F, "te"), (0xE00, 0xE7F, "th"),
    (0x1100, 0x11FF, "ko"), (0x3040, 0x30FF, "kana"), (0x3130, 0x318F, "ko"), (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"), (0xAC00, 0xD7AF, "ko"), (0xFB50, 0xFDFF, "ar"), (0xFE70, 0xFEFF, "ar"),
])
SCRIPTS = sorted({s for _, _, s in _RANGES})
_STARTS = np.array([r[0] for r in _RANGES], dtype=np.int64)
_ENDS = np.array([r[1] for r in _RANGES], dtype=np.int64)
_SCRIPT_IDX = np.array([SCRIPTS.index(r[2]) for r in _RANGES], dtype=np.int64)
# One CJK character carries about as much text as a short word: weigh it like three letters when
# comparing scripts, so that a Chinese instruction around an English paragraph counts as mixed.
_SCRIPT_WEIGHT = np.array([3.0 if s in ("han", "kana", "ko") else 1.0 for s in SCRIPTS])
_UKRAINIAN = np.array([ord(c) for c in "іїєґІЇЄҐ"], dtype=np.int64)
# Script index of every codepoint below 0xFFFF (-1: no letter of a listed script; every range
# lies in the BMP): one table lookup per codepoint instead of a binary search over the ranges.
# The last entry stands for everything above. The extra column counts Ukrainian-only letters.
_UK = len(SCRIPTS)
_TABLE = np.full(0x10000, -1, dtype=np.int64)
for _lo, _hi, _script in _RANGES:
    _TABLE[_lo:_hi + 1] = SCRIPTS.index(_script)
_TABLE[_UKRAINIAN] = _UK
_TABLE[-1] = -1


def _letter_counts(texts: Sequence[str], max_chars: int) -> npt.NDArray[np.int64]:
    """(n, scripts + 1): letters per script, then Ukrainian-only letters (also Cyrillic)."""
    n = len(texts)
    joined = "\x01".join(t[:max_chars] for t in texts)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)  # (L,)
    row = np.cumsum(cps == 1)
    k = _TABLE[np.minimum(cps, 0xFFFF)]  # (L,)
    inside = k >= 0
    key = row[inside] * (_UK + 1) + k[inside]
    out = np.bincount(key, minlength=n * (_UK + 1)).reshape(n, _UK + 1)
    out[:, SCRIPTS.index("cyrillic")] += out[:, _UK]
    return out


def script_counts(texts: Sequence[str], max_chars: int = 4000) -> npt.NDArray[np.int64]:
    """Letters per script for each text, int64[n, len(SCRIPTS)], in one pass over the batch."""
    return _letter_counts(texts, max_chars)[:, :_UK]


@SIGNALS.register
class Language(Signal):
    """Language id (ISO 639-1, ``und`` when a text has no letters) with the script shares behind it."""

    name = "language"
    description = "ISO 639-1 language from script ranges and a Latin-script n-gram profile; flags mixed-script prompts."

    def __init__(self, *, mixed_share: float = 0.25, profile_path: Path | None = None) -> None:
        self.mixed_share = mixed_share
        self.profile_path = profile_path

    def load(self) -> Self:
        """Build the Latin-script profiles: log-probabilities of hashed 1-3-grams per language."""
        raw = json.loads((self.profile_path or PROFILE_PATH).read_text(encoding="utf-8"))
        self.latin_langs_ = [k for k in raw if not k.startswith("_")]
        self.hasher_ = NgramHasher(ngram_sizes=(1, 2, 3), bits=14, max_chars=2000)
        # Scoring reads the first and last 200 characters: plenty to tell Latin languages apart.
        self.scorer_ = NgramHasher(ngram_sizes=(1, 2, 3), bits=14, max_chars=400)
        g = self.hasher_.grams([raw[k] for k in self.latin_langs_])
        counts = np.zeros((len(self.latin_langs_), self.hasher_.dim), dtype=np.float64)  # (langs, dim)
        np.add.at(counts, (g.row, g.col), 1.0)
        # Add-0.1 smoothing: a gram never seen in a language's seed text is merely unlikely there.
        self.logp_ = np.log((counts + 0.1) / (counts + 0.1).sum(axis=1, keepdims=True)).astype(np.float32)
        return self

    def latin_scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Mean log-probability of each text's n-grams under each Latin profile, (n, langs)."""
        g = self.scorer_.grams(texts, segments=False)
        n = len(texts)
        counts = np.maximum(np.bincount(g.row, minlength=n), 1)
        # (n, dim) gram counts times (dim, langs) log-probabilities: one sparse product (COO: no sort).
        x = sp.coo_matrix((np.ones(len(g.row), np.float64), (g.row, g.col)), shape=(n, self.scorer_.dim))
        return np.asarray(x @ self.logp_.T.astype(np.float64)) / counts[:, None]

    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        """Language per prompt; score is the dominant script's share of letters (times the Latin margin)."""
        if not hasattr(self, "logp_"):
            self.load()
        n = len(texts)
        both = _letter_counts(texts, 4000)
        letters, ukrainian = both[:, :_UK], both[:, _UK]  # (n, scripts), (n,)
        sc = letters * _SCRIPT_WEIGHT
        total = sc.sum(axis=1)
        order = np.argsort(-sc, axis=1, kind="stable")
        top = sc[np.arange(n), order[:, 0]] if n else np.zeros(0, np.int64)
        second = sc[np.arange(n), order[:, 1]] if n else np.zeros(0, np.int64)
        script = np.array(SCRIPTS, dtype=object)[order[:, 0]] if n else np.zeros(0, dtype=object)
        han, kana = sc[:, SCRIPTS.index("han")], sc[:, SCRIPTS.index("kana")]
        # Japanese mixes kanji and kana; Chinese text has (almost) no kana.
        script = np.where((script == "han") | (script == "kana"), np.where(kana > 0.05 * (han + kana), "ja", "zh"),
                          script)
        label = script.astype(object)
        share = np.where(total > 0, top / np.maximum(total, 1e-9), 0.0)
        cyr = label == "cyrillic"
        label[cyr] = np.where(ukrainian[cyr] >= 2, "uk", "ru")
        lat = np.flatnonzero(label == "latin")
        if len(lat):
            ls = self.latin_scores([texts[int(i)] for i in lat])
            best = ls.argmax(axis=1)
            label[lat] = np.array(self.latin_langs_, dtype=object)[best]
            srt = np.sort(ls, axis=1)
            margin = srt[:, -1] - srt[:, -2]
            share[lat] = share[lat] * (1.0 - np.exp(-4.0 * margin))
        label[total == 0] = "und"
        mixed = (total > 0) & (second >= self.mixed_share * np.maximum(total, 1e-9))
        return SignalBatch(self.name, self.mixed_share, share.astype(np.float32), mixed,
                           {"label": label, "script": script.astype(object), "letters": letters.sum(axis=1)})
