"""Radioactivity (Sander et al., NeurIPS 2024): was a suspect model trained on our watermarked text?

* Reading mode (open weights): feed the suspect our watermarked texts and score its top-1 next-token
  prediction after each context, with our key. A context is scored only at its first occurrence in
  each document (so the suspect cannot copy a green continuation it has just read), and each
  (context, predicted token) pair once across the whole corpus.
* Sampling mode (closed model): prompt the suspect, score what it writes; pairs that occur in the
  prompts are dropped, the rest are de-duplicated across all outputs.
* Lift mode (open weights, with a reference model we own): the top-1 test sees the mark only where it
  flips the suspect's argmax. A student that met the mark in a small share of its data moves its
  probabilities towards the green tokens without flipping many argmaxes. The lift test scores, after
  each context (first occurrence per document), every plausible next token (the reference gives it at
  least ``min_reference``) with weight = how far the suspect raised its log-probability above the
  reference's there (centred over the candidates), summed over documents per (context, token) pair;
  the statistic is the total weight of the green pairs. The weights come from the suspect, the
  reference and the texts' prefixes, never from the key, and each distinct pair's green draw is an
  independent Bernoulli(gamma) under the null, so its exact law is :class:`WeightedBernoulliNull`.

Under the null (a suspect that never saw text marked with this key), each scored draw is a fresh
uniform, so the exact tests of ``pvalues.py`` hold. The control procedure re-runs the same test with
many key ids that were never used to mark anything: their p-values must look uniform, and the
verdict reports where the real key's p-value falls among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from antidistill.watermark import mask_table
from antidistill.watermark.attribute import attribute_pairs
from antidistill.watermark.detect import Detector, Tokens, scored_pairs, spec_pair_keys
from antidistill.watermark.hashing import U64, context_hashes, rotl, token_hash, unique_u64
from antidistill.watermark.pvalues import WeightedBernoulliNull, integer_weights


@dataclass(frozen=True)
class RadioactivityResult:
    """Verdict of one radioactivity test, with the control distribution behind it."""

    mode: str
    key_id: str
    p_value: float
    score: float
    tokens_scored: int
    documents: int
    alpha: float
    radioactive: bool
    control_key_count: int
    control_p_values: list[float] = field(default_factory=list)
    control_fraction_below_001: float = 0.0
    control_min_p_value: float = 1.0
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def reading_mode_pairs(texts: Sequence[Tokens], predictions: Sequence[npt.ArrayLike], width: int, *,
                       masked: bool = False, keep: Sequence[npt.ArrayLike] | None = None) -> U64:
    """De-duplicated (context, predicted token) pair keys of reading mode.

    ``predictions[d][i]`` is the suspect's argmax after ``texts[d][: i + 1]`` (shape (len - 1,)), or its
    k most likely tokens there (shape (len - 1, k)): distinct tokens after one context are distinct pairs,
    whose draws are independent under the null, so scoring the top k keeps the test exact. ``masked``:
    pair ids of the mask-table variant, where tokens after one context share a row, so the detector
    scores one of them per context (``Detector.scorable``) and the top k adds nothing.

    ``keep[d][i]`` (optional, bool, shape (len - 1,)) drops the positions where it is false, e.g. where
    the suspect has no real choice (its top token above some probability). A context is still scored
    only at its first occurrence in the document, and not at all when that occurrence is dropped: a
    later occurrence follows text that has already shown a (marked) continuation of that context. The
    test stays exact as long as ``keep`` does not depend on the key.
    """
    chunks: list[U64] = []
    keeps = keep if keep is not None else [None] * len(texts)
    for doc, pred, kept in zip(texts, predictions, keeps, strict=True):
        x = np.asarray(doc, dtype=np.int64)
        y = np.asarray(pred, dtype=np.int64)
        if y.ndim == 1:
            y = y[:, None]  # (len - 1, k)
        if y.shape[0] != max(x.shape[0] - 1, 0):
            raise ValueError(f"predictions for a {x.shape[0]}-token text must have {x.shape[0] - 1} entries, "
                             f"got {y.shape[0]}")
        if x.shape[0] <= width:
            continue
        # (len - width,): the context ending at position width - 1 + j
        ctx = mask_table.context_ids(x[:-1], width) if masked else context_hashes(x[:-1], width)
        _, first = np.unique(ctx, return_index=True)  # first occurrence of each context in this document
        if kept is not None:
            k = np.asarray(kept, dtype=bool)
            if k.shape[0] != y.shape[0]:
                raise ValueError(f"keep for a {x.shape[0]}-token text must have {y.shape[0]} entries, got {k.shape[0]}")
            first = first[k[width - 1 :][first]]
        ctx_first = ctx[first]
        ys = y[width - 1 :][first]  # (contexts, k)
        if masked:
            chunks.append(mask_table.pair_ids(ctx_first[:, None], ys).ravel())
        else:
            chunks.append((ctx_first[:, None] ^ rotl(token_hash(ys))).ravel())
    return unique_u64(np.concatenate(chunks)) if chunks else np.empty(0, dtype=np.uint64)


def sampling_mode_pairs(outputs: Sequence[Tokens], prompts: Sequence[Tokens], width: int, *,
                        masked: bool = False) -> U64:
    """De-duplicated pair keys of a suspect's outputs, dropping every pair found in any prompt."""
    chunks = [scored_pairs(o, width, prompt=p, masked=masked) for o, p in zip(outputs, prompts, strict=True)]
    pairs = unique_u64(np.concatenate(chunks)) if chunks else np.empty(0, dtype=np.uint64)
    prompt_pairs = [spec_pair_keys(np.asarray(p, dtype=np.int64), width, masked=masked)
                    for p in prompts if len(p) > width]
    if prompt_pairs:
        pairs = pairs[~np.isin(pairs, np.concatenate(prompt_pairs))]
    return pairs


def control_key_ids(n: int, *, tag: str = "control") -> list[str]:
    """Key ids that are never used to mark text (their keys are as secret as the real ones)."""
    return [f"{tag}:{i}" for i in range(n)]


def score_suspect_pairs(detector: Detector, pairs: U64, key_id: str, *, mode: str, documents: int,
                        alpha: float = 1e-3, controls: int = 100) -> RadioactivityResult:
    """Exact test of ``pairs`` under ``key_id``, plus the same test under ``controls`` unused keys."""
    res = detector.score_pairs(pairs, key_id, tokens_total=int(pairs.shape[0]), documents=documents)
    ctrl: list[float] = []
    if controls:
        ctrl_res = attribute_pairs(detector, pairs, control_key_ids(controls), top=controls)
        ctrl = sorted(p for _, p in ctrl_res.top)
    below = float(np.mean(np.asarray(ctrl) <= 0.01)) if ctrl else 0.0
    radioactive = res.p_value <= alpha
    why = (f"{res.tokens_scored} de-duplicated (context, token) pairs scored with key {key_id!r}: "
           f"statistic {res.score:.1f}, exact p={res.p_value:.3g} under {res.null}; "
           f"{len(ctrl)} control keys give min p={min(ctrl, default=1.0):.3g} and {below:.1%} at or below 0.01; "
           f"{'radioactive' if radioactive else 'not radioactive'} at alpha={alpha:g}")
    return RadioactivityResult(mode, key_id, res.p_value, res.score, res.tokens_scored, documents, alpha, radioactive,
                               len(ctrl), ctrl, below, min(ctrl, default=1.0), why)


def reading_mode_test(detector: Detector, texts: Sequence[Tokens], predictions: Sequence[npt.ArrayLike],
                      key_id: str, *, alpha: float = 1e-3, controls: int = 100) -> RadioactivityResult:
    """Open-weights test from the suspect's top-1 predictions on our watermarked texts."""
    pairs = reading_mode_pairs(texts, predictions, detector.spec.context_width, masked=detector.masked)
    return score_suspect_pairs(detector, pairs, key_id, mode="reading", documents=len(texts), alpha=alpha,
                               controls=controls)


def sampling_mode_test(detector: Detector, outputs: Sequence[Tokens], prompts: Sequence[Tokens], key_id: str, *,
                       alpha: float = 1e-3, controls: int = 100) -> RadioactivityResult:
    """Closed-model test from the suspect's sampled outputs."""
    pairs = sampling_mode_pairs(outputs, prompts, detector.spec.context_width, masked=detector.masked)
    return score_suspect_pairs(detector, pairs, key_id, mode="sampling", documents=len(outputs), alpha=alpha,
                               controls=controls)


def lift_pairs(texts: Sequence[Tokens], candidates: Sequence[npt.ArrayLike], lifts: Sequence[npt.ArrayLike],
               width: int, effects: Sequence[npt.ArrayLike] | None = None) -> tuple[U64, npt.NDArray[np.float64]]:
    """(pair keys, weights) of the lift test, one entry per distinct (context, token) pair.

    ``candidates[d]`` (shape (len - 1, m), token ids, -1 for none) are the tokens scored after
    ``texts[d][: i + 1]``, chosen without the key (the reference model's plausible tokens there);
    ``lifts[d]`` (same shape) the suspect's log-probability of each minus the reference's. Each context
    is scored at its first occurrence in a document only, and not at all in that document when that
    occurrence has fewer than two candidates (a later occurrence follows a marked continuation of
    the same context). Weights are centred over each position's candidates, multiplied by ``effects``
    (same shapes; key-independent, e.g. ``adapters.hf.greedy_watermark_effects``) when given, and summed
    over documents.
    """
    if effects is not None and len(effects) != len(texts):
        raise ValueError(f"effects: {len(effects)} arrays for {len(texts)} texts")
    keys: list[U64] = []
    weights: list[npt.NDArray[np.float64]] = []
    for d, (doc, cand, lift) in enumerate(zip(texts, candidates, lifts, strict=True)):
        x = np.asarray(doc, dtype=np.int64)
        c = np.asarray(cand, dtype=np.int64)
        w = np.asarray(lift, dtype=np.float64)
        e = np.ones_like(w) if effects is None else np.asarray(effects[d], dtype=np.float64)
        if c.shape != w.shape or c.shape != e.shape or c.ndim != 2 or c.shape[0] != max(x.shape[0] - 1, 0):
            raise ValueError(f"text {d}: candidates, lifts and effects for a {x.shape[0]}-token text must all have "
                             f"shape ({x.shape[0] - 1}, m), got {c.shape}, {w.shape} and {e.shape}")
        if x.shape[0] <= width:
            continue
        ctx = context_hashes(x[:-1], width)  # the context ending at position width - 1 + j
        _, first = np.unique(ctx, return_index=True)
        c, w, e = c[width - 1:][first], w[width - 1:][first], e[width - 1:][first]
        valid = c >= 0
        enough = valid.sum(1) >= 2
        c, w, e, valid, ctx_first = c[enough], w[enough], e[enough], valid[enough], ctx[first][enough]
        mean = np.where(valid, w, 0.0).sum(1) / valid.sum(1)
        centred = (w - mean[:, None]) * e
        pair = ctx_first[:, None] ^ rotl(token_hash(np.where(valid, c, 0)))
        keys.append(pair[valid])
        weights.append(centred[valid])
    if not keys:
        return np.empty(0, dtype=np.uint64), np.empty(0)
    allk, allw = np.concatenate(keys), np.concatenate(weights)
    uniq, inverse = np.unique(allk, return_inverse=True)
    return uniq.astype(np.uint64), np.bincount(inverse, weights=allw, minlength=uniq.shape[0]).astype(np.float64)


def lift_test(detector: Detector, pairs: U64, weights: npt.ArrayLike, key_id: str, *, documents: int,
              alpha: float = 1e-3, controls: int = 100, levels: int = 32) -> RadioactivityResult:
    """Exact lift test of ``lift_pairs``' output under ``key_id``, plus ``controls`` unused keys.

    Weights are rounded onto ``levels`` integer steps (:func:`integer_weights`); the statistic is the
    rounded weight of the green pairs and its p-value the exact tail of :class:`WeightedBernoulliNull`.
    """
    if detector.masked:
        raise ValueError("the lift test is for the plain red/green scheme (mask_rows = 0)")
    gamma = detector.spec.gamma
    wint = integer_weights(weights, levels)
    null = WeightedBernoulliNull(wint, gamma)

    def statistic(kid: str) -> int:
        green = detector.uniforms(pairs, detector.keyring.key(kid).k1) < gamma
        return int(wint[green].sum())

    score = statistic(key_id)
    p = null.tail(score)
    ctrl = sorted(null.tail(statistic(k)) for k in control_key_ids(controls))
    below = float(np.mean(np.asarray(ctrl) <= 0.01)) if ctrl else 0.0
    radioactive = p <= alpha
    why = (f"{pairs.shape[0]} (context, token) pairs weighted by the suspect's lift over the reference, scored with "
           f"key {key_id!r}: green weight {score} against {null.mean:.1f} expected, exact p={p:.3g}; "
           f"{len(ctrl)} control keys give min p={min(ctrl, default=1.0):.3g} and {below:.1%} at or below 0.01; "
           f"{'radioactive' if radioactive else 'not radioactive'} at alpha={alpha:g}")
    return RadioactivityResult("lift", key_id, p, float(score), int(pairs.shape[0]), documents, alpha, radioactive,
                               len(ctrl), ctrl, below, min(ctrl, default=1.0), why)
