"""``reasoning_elicitation``: prompts that try to extract or reconstruct the model's reasoning.

A linear model over hashed character n-grams (``hashing.NgramHasher``), trained by
``python -m antidistill.signals.train`` and shipped as ``reasoning_model.npz``. Inference is
numpy only: ``bincount`` of the n-gram weights per text. Each line and sentence is also
scored on its own and the best one counts, so an instruction placed beside a long task is not
diluted by it; the segment that decided is returned as ``evidence``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import numpy as np
import numpy.typing as npt

from antidistill.errors import ConfigError
from antidistill.signals.base import SIGNALS, Signal, SignalBatch
from antidistill.signals.hashing import SEGMENT_SPLIT, HashedGrams, NgramHasher

MODEL_PATH = Path(__file__).with_name("reasoning_model.npz")
_REQUIRED = ("weights", "bias", "threshold", "min_segment_grams", "whole_max_chars", "ngram_sizes", "bits", "max_chars")


@dataclass(frozen=True)
class LinearNgramModel:
    """Weights of the n-gram classifier: ``weights`` float32[dim], ``bias``, the hasher that
    defines the features, the decision ``threshold`` on the probability, the fewest n-grams a
    segment needs to be scored, and the longest text still scored as a whole."""

    hasher: NgramHasher
    weights: npt.NDArray[np.float32]
    bias: float
    threshold: float
    min_segment_grams: int = 20
    whole_max_chars: int = 600

    def save(self, path: Path, **meta: str) -> None:
        """Write the model as a compressed .npz (weights stored as float16 to keep it small)."""
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=np.float64(self.bias),
                            threshold=np.float64(self.threshold), min_segment_grams=np.int64(self.min_segment_grams),
                            whole_max_chars=np.int64(self.whole_max_chars),
                            ngram_sizes=np.array(self.hasher.ngram_sizes, np.int64), bits=np.int64(self.hasher.bits),
                            max_chars=np.int64(self.hasher.max_chars),
                            **{k: np.str_(v) for k, v in meta.items()})  # type: ignore[arg-type]

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
            model = cls(hasher, z["weights"].astype(np.float32), float(z["bias"]), float(z["threshold"]),
                        int(z["min_segment_grams"]), int(z["whole_max_chars"]))
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
        logit = np.where(ok, s / np.sqrt(np.maximum(c, 1)) + self.bias, -np.inf)
        order = np.argsort(-logit, kind="stable")
        order = order[np.isfinite(logit[order])]
        # Best segment per row: the first occurrence of each row in descending-logit order.
        rows, first = np.unique(seg_row[order], return_index=True)
        top = order[first]
        better = logit[top] > best[rows]
        best[rows[better]] = logit[top[better]]
        start[rows[better]] = seg_pos[top[better]]
        return np.maximum(best, -50.0).astype(np.float32), start


@SIGNALS.register
class ReasoningElicitation(Signal):
    """Flags prompts that ask for the model's hidden reasoning, ask it to reconstruct reasoning
    behind a given answer, coerce the language of its thinking, or use it as a reward model."""

    name = "reasoning_elicitation"
    description = ("Classifier of prompts that extract, replay, translate, encode or reconstruct the model's chain of "
                   "thought, or turn it into a grader/preference model (many languages).")

    def __init__(self, *, model_path: Path | None = None, threshold: float | None = None) -> None:
        self.model_path = model_path
        self.threshold = threshold

    def load(self) -> Self:
        """Read the shipped (or given) weights."""
        self.model_ = LinearNgramModel.from_file(self.model_path or MODEL_PATH)
        self.threshold_ = self.model_.threshold if self.threshold is None else float(self.threshold)
        return self

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
        return SignalBatch(self.name, self.threshold_, prob, flagged,
                           {"logit": logit, "segment_start": start, "evidence": evidence})
