"""``reasoning_elicitation``: prompts that try to extract or reconstruct the model's reasoning.

A linear model over hashed character n-grams (``hashing.NgramHasher``), trained by
``python -m antidistill.signals.train`` and shipped as ``reasoning_model.npz``. Inference is
numpy only: ``bincount`` of the n-gram weights per text. Each line and sentence is also
scored on its own and the best one counts, so an instruction placed beside a long task is not
diluted by it; the segment that decided is returned as ``evidence``. Each scored unit also gets
the weights of the intent concepts it contains (``concepts.ConceptMatcher``: one weight per
concept and per pair of concepts), which carry over to wordings the n-grams have not seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Self

import numpy as np
import numpy.typing as npt

from antidistill.errors import ConfigError
from antidistill.signals.base import SIGNALS, Signal, SignalBatch
from antidistill.signals.concepts import ConceptMatcher, lexicon_digest
from antidistill.signals.hashing import SEGMENT_SPLIT, HashedGrams, NgramHasher

MODEL_PATH = Path(__file__).with_name("reasoning_model.npz")
#: The grading head (``train.train_grading_head``): which flagged prompts ask for a grade, not for reasoning.
GRADING_PATH = Path(__file__).with_name("grading_model.npz")
#: The attack families that turn the model into a reward model (a score, a label, a preference).
GRADING_FAMILIES = frozenset({"rubric_grading", "pairwise_preference"})
_REQUIRED = ("weights", "bias", "threshold", "min_segment_grams", "whole_max_chars", "ngram_sizes", "bits", "max_chars")


@dataclass(frozen=True)
class LinearNgramModel:
    """Weights of the n-gram classifier: ``weights`` float32[dim], ``bias``, the hasher that
    defines the features, the decision ``threshold`` on the probability, the fewest n-grams a
    segment needs to be scored, the longest text still scored as a whole, and the weights of the
    concept features ``concept_weights`` float32[matcher.n_features] (None: n-grams only)."""

    hasher: NgramHasher
    weights: npt.NDArray[np.float32]
    bias: float
    threshold: float
    min_segment_grams: int = 20
    whole_max_chars: int = 600
    concept_weights: npt.NDArray[np.float32] | None = None

    def save(self, path: Path, **meta: str) -> None:
        """Write the model as a compressed .npz (weights stored as float16 to keep it small)."""
        if self.concept_weights is not None:
            meta = {**meta, "concept_digest": lexicon_digest()}
            extra = {"concept_weights": self.concept_weights.astype(np.float32)}
        else:
            extra = {}
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=np.float64(self.bias),
                            threshold=np.float64(self.threshold), min_segment_grams=np.int64(self.min_segment_grams),
                            whole_max_chars=np.int64(self.whole_max_chars),
                            ngram_sizes=np.array(self.hasher.ngram_sizes, np.int64), bits=np.int64(self.hasher.bits),
                            max_chars=np.int64(self.hasher.max_chars),
                            **extra, **{k: np.str_(v) for k, v in meta.items()})  # type: ignore[arg-type]

    @classmethod
    def from_file(cls, path: Path) -> LinearNgramModel:
        """Read a model written by :meth:`save`; a missing file or key names the file and the key."""
        if not path.is_file():
            raise ConfigError("model_path", "reasoning-elicitation model file not found", value=str(path))
        with np.load(path) as z:
            missing = [k for k in _REQUIRED if k not in z.files]
            if missing:
                raise ConfigError(missing[0], "missing from the model file", source=str(path))
            hasher = NgramHasher(ngram_sizes=tuple(int(n) for n in z["ngram_sizes"]), bits=int(z["bits"]),
                                 max_chars=int(z["max_chars"]))
            concept_weights = None
            if "concept_weights" in z.files:
                # Weights learned for another word list would be silently wrong: refuse them.
                if "concept_digest" not in z.files or str(z["concept_digest"]) != lexicon_digest():
                    raise ConfigError("concept_digest", "the concept word lists changed since this model was "
                                      "trained; retrain with python -m antidistill.signals.train", source=str(path))
                concept_weights = z["concept_weights"].astype(np.float32)
            model = cls(hasher, z["weights"].astype(np.float32), float(z["bias"]), float(z["threshold"]),
                        int(z["min_segment_grams"]), int(z["whole_max_chars"]), concept_weights)
        if concept_weights is not None and len(concept_weights) != _matcher().n_features:
            raise ConfigError("concept_weights", f"has {len(concept_weights)} entries, expected "
                              f"{_matcher().n_features}", source=str(path))
        if len(model.weights) != hasher.dim:
            raise ConfigError("weights", f"has {len(model.weights)} entries, expected {hasher.dim}", source=str(path))
        return model

    def logits(self, g: HashedGrams) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Best logit per text over the whole text and each of its segments (lines, sentences),
        and the start offset of the deciding segment (-1 when the whole text decided). (n,), (n,)."""
        n = g.n_rows
        wv = self.weights[g.col]  # (m,) weight of each n-gram occurrence
        counts = np.bincount(g.row, minlength=n).astype(np.float64)
        best = np.bincount(g.row, weights=wv, minlength=n) / np.sqrt(np.maximum(counts, 1)) + self.bias
        seg_extra = np.zeros(len(g.seg_row))
        if self.concept_weights is not None:
            row_hits, seg_hits = _matcher().hits(g)
            best += self.concept_score(row_hits)
            seg_extra = self.concept_score(seg_hits)
        # The whole-text view of a long prompt is dominated by its bulk (and by repeated n-grams);
        # long prompts are judged by their segments only.
        lengths = np.fromiter((len(t) for t in g.texts), dtype=np.int64, count=n)
        best[lengths > self.whole_max_chars] = -np.inf
        start = np.full(n, -1, dtype=np.int64)
        if len(g.seg) == 0:
            return np.maximum(best, self.bias).astype(np.float32), start
        n_seg = len(g.seg_row)
        s = np.bincount(g.seg, weights=wv, minlength=n_seg)
        c = np.bincount(g.seg, minlength=n_seg).astype(np.float64)
        seg_row, seg_pos = g.seg_row, g.seg_start
        # A very short segment ("1.", "ok?") holds few n-grams and a noisy score.
        ok = c >= self.min_segment_grams
        logit = np.where(ok, s / np.sqrt(np.maximum(c, 1)) + self.bias + seg_extra, -np.inf)
        order = np.argsort(-logit, kind="stable")
        order = order[np.isfinite(logit[order])]
        # Best segment per row: the first occurrence of each row in descending-logit order.
        rows, first = np.unique(seg_row[order], return_index=True)
        top = order[first]
        better = logit[top] > best[rows]
        best[rows[better]] = logit[top[better]]
        start[rows[better]] = seg_pos[top[better]]
        return np.maximum(best, -50.0).astype(np.float32), start

    def whole_logits(self, g: HashedGrams) -> npt.NDArray[np.float64]:
        """The logit of each text as a whole (no segment scored apart), (n,)."""
        counts = np.bincount(g.row, minlength=g.n_rows).astype(np.float64)
        logit = np.bincount(g.row, weights=self.weights[g.col], minlength=g.n_rows) / np.sqrt(
            np.maximum(counts, 1)) + self.bias
        if self.concept_weights is not None:
            logit += self.concept_score(_matcher().hits(g)[0])
        return logit

    def concept_score(self, hits: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        """Logit contribution of the concepts in each unit, (n,): the weight of every concept
        present plus that of every pair present (``z @ v + z^T U z``, U the upper-triangular pair
        weights), without building the (n, pairs) feature matrix."""
        assert self.concept_weights is not None
        k = hits.shape[1]
        z = hits.astype(np.float64)  # (n, k)
        v = self.concept_weights.astype(np.float64)
        upper = np.zeros((k, k))
        upper[np.triu_indices(k, 1)] = v[k:]
        return z @ v[:k] + ((z @ upper) * z).sum(axis=1)


@cache
def _matcher() -> ConceptMatcher:
    """The concept matcher, compiled on first use (not at import)."""
    return ConceptMatcher()


@SIGNALS.register
class ReasoningElicitation(Signal):
    """Flags prompts that ask for the model's hidden reasoning, ask it to reconstruct reasoning
    behind a given answer, coerce the language of its thinking, or use it as a reward model."""

    name = "reasoning_elicitation"
    description = ("Classifier of prompts that extract, replay, translate, encode or reconstruct the model's chain of "
                   "thought, or turn it into a grader/preference model (many languages).")

    def __init__(self, *, model_path: Path | None = None, threshold: float | None = None,
                 grading_path: Path | None = None) -> None:
        self.model_path = model_path
        self.threshold = threshold
        self.grading_path = grading_path

    def load(self) -> Self:
        """Read the shipped (or given) weights, and the grading head's."""
        self.model_ = LinearNgramModel.from_file(self.model_path or MODEL_PATH)
        self.threshold_ = self.model_.threshold if self.threshold is None else float(self.threshold)
        self.grading_ = LinearNgramModel.from_file(self.grading_path or GRADING_PATH)
        return self

    def grading(self, pieces: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Whether each text (a flagged prompt's deciding segment) asks for a grade, a label or a preference
        (the reward-model families) rather than for the reasoning itself: the grading head's probability at
        0.5 or more."""
        if not hasattr(self, "grading_"):
            self.load()
        if not pieces:
            return np.zeros(0, dtype=bool)
        # The piece as a whole: its own sentences scored apart would find "here is a completed response" in a
        # request to rebuild the reasoning behind it.
        return np.asarray(self.grading_.whole_logits(self.grading_.hasher.grams(pieces)) >= 0.0, dtype=bool)

    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        """Probability of elicitation per prompt; ``evidence`` is the deciding segment of flagged prompts."""
        if not hasattr(self, "model_"):
            self.load()
        g = self.model_.hasher.grams(texts)
        logit, start = self.model_.logits(g)
        prob = (1.0 / (1.0 + np.exp(-logit.astype(np.float64)))).astype(np.float32)
        flagged = prob >= self.threshold_
        evidence = np.empty(len(texts), dtype=object)
        evidence[:] = ""
        for i in np.flatnonzero(flagged):
            text = g.texts[i]
            # A segment opens with the boundary character that ended the previous one.
            piece = text if start[i] < 0 else text[start[i]] + SEGMENT_SPLIT.split(text[start[i] + 1:], maxsplit=1)[0]
            evidence[i] = piece.strip()[:300]
        # A flagged prompt whose deciding instruction asks for a grade: an LLM-as-judge product's whole traffic,
        # and a reward-model harvest's. The scan reads it as elicitation like any other, but not, on its own, as
        # enough for an account's ``suspect`` (docs/scoring.md).
        grading = np.zeros(len(texts), dtype=bool)
        rows = np.flatnonzero(flagged)
        grading[rows] = self.grading([str(evidence[i]) or g.texts[i] for i in rows])
        return SignalBatch(self.name, self.threshold_, prob, flagged,
                           {"logit": logit, "segment_start": start, "evidence": evidence, "grading": grading})
