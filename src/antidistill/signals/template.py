"""``prompt_template``: the fixed frame of a prompt, with its variable slots masked out.

Harvesting campaigns send one template filled with many tasks ("highly repetitive structures").
The text is masked (code blocks, URLs, e-mails, quoted strings, numbers, capitalised names in
mid-sentence), normalised (lowercase, whitespace), and fingerprinted twice:

* ``template_id`` (int64): a hash of the masked text, so variations that differ only inside
  masked slots collide exactly;
* ``simhash`` (int64): a 64-bit SimHash of the masked text's character 5-grams, so variations
  that also differ by a few words stay within a small Hamming distance (see :func:`hamming`).

``template_text`` keeps the masked text for reports. The signal also counts how often each
template has been seen by this instance (across batches): ``seen_count``, and ``flagged`` when
a template repeats at least ``repeat_threshold`` times.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from antidistill.signals.base import SIGNALS, Signal, SignalBatch
from antidistill.signals.hashing import NgramHasher

# Order matters: code and URLs first (they contain quotes and digits), names last. No pattern
# crosses a NUL: ``mask_batch`` joins a whole batch with NUL separators and masks it in one pass
# per pattern (seven regex calls per batch instead of seven per prompt). Where a pattern can open
# with a character class instead of an optional sign or a lookbehind, it does: the engine then
# skips ahead to the next character of that class instead of trying every position.
_MASKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"```[^\x00]*?(?:```|(?=\x00)|\Z)"), " <code> "),
    (re.compile(r"<(think|reasoning|response_[ab])>[^\x00]*?</\1>", re.I), " <block> "),
    (re.compile(r"\b(?:https?://|www\.)[^\s\x00]+", re.I), " <url> "),
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), " <email> "),
    (re.compile(r"\"[^\"\n\x00]{1,300}\"|“[^”\n\x00]{1,300}”|«[^»\n\x00]{1,300}»|「[^」\n\x00]{1,300}」"
                r"|'[^'\n\x00]{2,300}'(?!\w)"), " <str> "),
    # "[-+]?\d[\d,._:/]*...": a sign counts only before a digit.
    (re.compile(r"[-+\d](?:(?<=\d)|(?<=[-+])(?=\d))[\d,._:/]*(?:%|st|nd|rd|th)?"), " <num> "),
    # A capitalised word that does not open a sentence: a name, place or product (the lookbehind,
    # "(?<=[\w,;:)] )" before the capital, is checked once the capital has matched).
    (re.compile(r"[A-Z](?<=[\w,;:)] [A-Z])[\w'-]*(?: [A-Z][\w'-]*)*"), " <name> "),
]
_WWW = re.compile(r"[wW][wW][wW]\.")
# Which texts the URL and e-mail masks can touch at all (few can): the others skip their pass.
_HINTS: dict[int, Callable[[str], bool]] = {
    2: lambda t: "://" in t or _WWW.search(t) is not None,
    3: lambda t: "@" in t,
}
_NUL = "\x00"
# Whitespace runs other than a single space (the runs that collapsing to one space changes).
_WS = re.compile(r"\s(?:(?<! )|(?=\s))\s*")
_SLOT = re.compile(r"<(?:code|block|url|email|str|num|name)>")
_BITS = np.arange(64, dtype=np.uint64)
_BYTE_BITS = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.int64)  # (256, 8)


def mask(text: str, *, max_chars: int = 2000) -> str:
    """The template text: slots masked, lowercased, whitespace collapsed (first ``max_chars``)."""
    return mask_batch([text], max_chars=max_chars)[0]


def mask_batch(texts: Sequence[str], *, max_chars: int = 2000) -> list[str]:
    """:func:`mask` of every text, one regex pass per pattern over the NUL-joined batch.

    ASCII texts are joined apart from the rest: one wide character makes a whole joined string
    four bytes per character, which the regex engine scans far slower.
    """
    is_ascii = [t.isascii() for t in texts]
    if all(is_ascii) or not any(is_ascii):
        return _mask_joined(texts, max_chars)
    out: list[str] = [""] * len(texts)
    for flag in (True, False):
        idx = [i for i, a in enumerate(is_ascii) if a is flag]
        for i, m in zip(idx, _mask_joined([texts[i] for i in idx], max_chars), strict=True):
            out[i] = m
    return out


def _mask_joined(texts: Sequence[str], max_chars: int) -> list[str]:
    joined = _NUL.join(t[:max_chars].replace(_NUL, " ") for t in texts)
    out = _WS.sub(" ", joined)  # first, so that spacing variants match the same patterns
    for k, (pattern, token) in enumerate(_MASKS):
        hint = _HINTS.get(k)
        out = pattern.sub(token, out) if hint is None else _sub_where(out, pattern, token, hint)
    return [m.strip() for m in _WS.sub(" ", out).lower().split(_NUL)] if texts else []


def _sub_where(joined: str, pattern: re.Pattern[str], token: str, hint: Callable[[str], bool]) -> str:
    """``pattern.sub(token, joined)`` over the NUL-separated texts for which ``hint`` holds.

    The same result as over all of ``joined``: no pattern crosses a NUL, and a NUL reads like the
    start or end of the string to every pattern.
    """
    parts = joined.split(_NUL)
    idx = [i for i, t in enumerate(parts) if hint(t)]
    if not idx:
        return joined
    for i, t in zip(idx, pattern.sub(token, _NUL.join([parts[i] for i in idx])).split(_NUL), strict=True):
        parts[i] = t
    return _NUL.join(parts)


def stable_id(text: str) -> int:
    """A 63-bit non-negative id from BLAKE2b (stable across processes, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def hamming(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Bitwise Hamming distance between SimHash arrays (broadcasting)."""
    x = np.bitwise_xor(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)).view(np.uint64)
    return np.bitwise_count(x).astype(np.int64) if hasattr(np, "bitwise_count") else np.array(
        [bin(int(v)).count("1") for v in np.ravel(x)], dtype=np.int64).reshape(np.shape(x))


@SIGNALS.register
class PromptTemplate(Signal):
    """Template fingerprint of each prompt; flags templates that repeat across the scored stream."""

    name = "prompt_template"
    description = ("Masks numbers, strings, code, URLs, e-mails and names, then fingerprints the remaining frame "
                   "(exact template_id and 64-bit SimHash); flags frames repeated repeat_threshold times.")

    def __init__(self, *, repeat_threshold: int = 20, max_chars: int = 2000, with_simhash: bool = True) -> None:
        """``with_simhash=False`` leaves the ``simhash`` column out (over half the signal's time) for
        callers that only read exact template ids, such as the scan's prompt-signal stage."""
        self.repeat_threshold = repeat_threshold
        self.max_chars = max_chars
        self.with_simhash = with_simhash

    def load(self) -> PromptTemplate:
        """Start an empty repeat counter (the signal's only state)."""
        self.counts_: dict[int, int] = {}
        # The SimHash reads the first and last 500 characters of the masked text.
        self.hasher_ = NgramHasher(ngram_sizes=(5,), bits=20, max_chars=1000, fold_digits=False)
        return self

    def simhash(self, masked: Sequence[str]) -> npt.NDArray[np.int64]:
        """64-bit SimHash over character 5-grams of each masked text, as int64[n]."""
        g = self.hasher_.grams(masked, with_hash=True)
        n = len(masked)
        counts = np.bincount(g.row, minlength=n)
        votes = np.zeros((n, 64), dtype=np.int64)  # (n, 64) number of n-grams with each bit set
        if len(g.row):
            # Per byte of the hash: a (row, byte value) histogram, then bits by a (256, 8) table.
            # Eight bincounts over the n-grams instead of 64 passes or an (m, 64) bit matrix.
            by = g.hash.view(np.uint8).reshape(-1, 8)  # (m, 8), little-endian bytes
            for k in range(8):
                hist = np.bincount(g.row * 256 + by[:, k], minlength=n * 256).reshape(n, 256)
                votes[:, 8 * k:8 * k + 8] = hist @ _BYTE_BITS
        set_bits = (2 * votes > counts[:, None]).astype(np.uint64)  # majority of n-grams have the bit
        return (set_bits << _BITS).sum(axis=1, dtype=np.uint64).view(np.int64)

    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        """Template id, SimHash and masked text per prompt; score grows with how often the template was seen."""
        if not hasattr(self, "counts_"):
            self.load()
        masked = mask_batch(texts, max_chars=self.max_chars)
        ids = np.fromiter((stable_id(m) for m in masked), dtype=np.int64, count=len(masked))
        uniq, inverse, batch_counts = np.unique(ids, return_inverse=True, return_counts=True)
        totals = np.empty(len(uniq), dtype=np.int64)
        for k, (tid, c) in enumerate(zip(uniq.tolist(), batch_counts.tolist(), strict=True)):
            totals[k] = self.counts_[tid] = self.counts_.get(tid, 0) + c
        seen = totals[inverse]
        # Saturating score: 0 for a one-off, 0.5 at the repeat threshold, ->1 beyond.
        score = (seen - 1) / (seen - 1 + max(self.repeat_threshold - 1, 1))
        slot_share = np.array([len(_SLOT.findall(m)) / max(len(m.split()), 1) for m in masked], dtype=np.float32)
        template_text = np.empty(len(masked), dtype=object)
        template_text[:] = [m[:300] for m in masked]
        columns = {"template_id": ids, "simhash": self.simhash(masked) if self.with_simhash else None,
                   "seen_count": seen, "slot_share": slot_share, "template_text": template_text}
        return SignalBatch(self.name, 0.5, score.astype(np.float32), seen >= self.repeat_threshold,
                           {k: v for k, v in columns.items() if v is not None})
