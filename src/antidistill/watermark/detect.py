"""Detection: token ids (or text plus a tokenizer) -> exact p-value for one key.

Each (context, token) pair is scored once (within a document and, for corpora, across documents),
and pairs that also occur in the prompt are dropped: repeated text re-uses the same draw, so
counting it twice would break the independence the exact tests rely on. With the mask-table
variant (``spec.mask_rows > 0``) pair ids keep the token (``mask_table.pair_ids``) and one pair per
context is scored, because tokens after one context share its table row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from antidistill.watermark import mask_table
from antidistill.watermark.hashing import U64, keyed_draw, pair_keys, to_uniform, unique_u64
from antidistill.watermark.keys import KeyRing
from antidistill.watermark.schemes import make_scheme
from antidistill.watermark.spec import WatermarkSpec

Tokens = Sequence[int] | npt.NDArray[np.integer[Any]]


class Tokenizer(Protocol):
    """Anything with ``encode(text) -> list[int]`` (our WordTokenizer or a Hugging Face tokenizer)."""

    def encode(self, text: str) -> list[int]: ...


@dataclass(frozen=True)
class DetectionResult:
    """Outcome of testing token ids against one key."""

    key_id: str
    scheme: str
    score: float
    p_value: float
    tokens_scored: int
    tokens_total: int
    documents: int
    null: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def spec_pair_keys(tokens: Tokens, width: int, *, masked: bool = False) -> U64:
    """``hashing.pair_keys``, or ``mask_table.pair_keys`` for the mask-table variant (``masked``)."""
    return mask_table.pair_keys(tokens, width) if masked else pair_keys(tokens, width)


def scored_pairs(tokens: Tokens, width: int, *, prompt: Tokens | None = None, dedup: bool = True,
                 masked: bool = False) -> U64:
    """Pair keys to score for one document, shape (n_scored,).

    With a prompt, the first tokens use the prompt's last ``width`` tokens as context, and pairs that
    occur in the prompt itself are dropped. Without one, the first ``width`` tokens are not scored.
    ``masked``: pair ids of the mask-table variant (``spec.mask_rows > 0``).
    """
    t = np.asarray(tokens, dtype=np.int64)
    if prompt is not None and len(prompt) > 0:
        p = np.asarray(prompt, dtype=np.int64)
        # a prompt shorter than ``width`` leaves the first tokens without a full context: not scored
        pairs = spec_pair_keys(np.concatenate([p[-width:], t]), width, masked=masked)
        prompt_pairs = spec_pair_keys(p, width, masked=masked)
    else:
        pairs = spec_pair_keys(t, width, masked=masked)
        prompt_pairs = np.empty(0, dtype=np.uint64)
    if dedup:
        pairs = unique_u64(pairs)
    if prompt_pairs.shape[0]:
        pairs = pairs[~np.isin(pairs, prompt_pairs)]
    return pairs


class Detector:
    """Tests token sequences against keys derived from a :class:`KeyRing`."""

    def __init__(self, *, spec: WatermarkSpec, keyring: KeyRing, dedup: bool = True) -> None:
        self.spec = spec
        self.keyring = keyring
        self.dedup = dedup
        self.scheme = make_scheme(spec)
        self.masked = spec.mask_rows > 0

    def uniforms(self, pairs: U64, k1: int | U64) -> npt.NDArray[np.float64]:
        """Keyed uniforms of pair keys (``k1`` broadcasts, e.g. shape (keys, 1)); green <=> uniform < gamma."""
        if self.masked:
            return mask_table.uniforms(pairs, k1, mask_table.check_rows(self.spec.mask_rows))
        return to_uniform(keyed_draw(pairs, k1))

    def scorable(self, pairs: U64) -> U64:
        """The pairs that are scored: all of them, or one per context for the mask-table variant."""
        return mask_table.one_per_context(pairs) if self.masked and self.dedup else pairs

    def score_pairs(self, pairs: U64, key_id: str, *, tokens_total: int, documents: int = 1) -> DetectionResult:
        """Score already de-duplicated pair keys with one key."""
        key = self.keyring.key(key_id)
        s = self.scheme.score(self.uniforms(self.scorable(pairs), key.k1))
        return DetectionResult(key_id, self.spec.scheme, s.score, s.p_value, s.tokens_scored, tokens_total,
                               documents, s.null)

    def detect(self, tokens: Tokens, key_id: str, *, prompt: Tokens | None = None) -> DetectionResult:
        """Exact test of one document against ``key_id``."""
        pairs = scored_pairs(tokens, self.spec.context_width, prompt=prompt, dedup=self.dedup, masked=self.masked)
        return self.score_pairs(pairs, key_id, tokens_total=len(tokens))

    def detect_text(self, text: str, tokenizer: Tokenizer, key_id: str, *,
                    prompt: str | None = None) -> DetectionResult:
        """Exact test of text, tokenised with the generating model's tokenizer."""
        ptoks = tokenizer.encode(prompt) if prompt else None
        return self.detect(tokenizer.encode(text), key_id, prompt=ptoks)

    def detect_corpus(self, documents: Iterable[Tokens], key_id: str, *,
                      prompts: Iterable[Tokens | None] | None = None) -> DetectionResult:
        """One test over many documents; a pair repeated in several documents is scored once."""
        pairs = self.corpus_pairs(documents, prompts=prompts)
        return self.score_pairs(pairs.pairs, key_id, tokens_total=pairs.tokens_total, documents=pairs.documents)

    def corpus_pairs(self, documents: Iterable[Tokens], *,
                     prompts: Iterable[Tokens | None] | None = None) -> CorpusPairs:
        """De-duplicated pair keys of a corpus (shared by every key tested on it)."""
        w = self.spec.context_width
        chunks: list[U64] = []
        dropped: list[U64] = []
        total = docs = 0
        docs_list = list(documents)
        prompt_list = list(prompts) if prompts is not None else [None] * len(docs_list)
        if len(prompt_list) != len(docs_list):
            raise ValueError(f"{len(docs_list)} documents but {len(prompt_list)} prompts")
        for doc, prompt in zip(docs_list, prompt_list, strict=True):
            chunks.append(scored_pairs(doc, w, prompt=prompt, dedup=self.dedup, masked=self.masked))
            if prompt is not None and len(prompt) > w:
                dropped.append(spec_pair_keys(np.asarray(prompt, dtype=np.int64), w, masked=self.masked))
            total += len(doc)
            docs += 1
        pairs = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.uint64)
        if self.dedup:
            pairs = unique_u64(pairs)
        if dropped:  # a pair in any prompt of the corpus is not evidence
            pairs = pairs[~np.isin(pairs, np.concatenate(dropped))]
        return CorpusPairs(pairs, total, docs)


@dataclass(frozen=True)
class CorpusPairs:
    """De-duplicated pair keys of a corpus with its token and document counts."""

    pairs: U64
    tokens_total: int
    documents: int
