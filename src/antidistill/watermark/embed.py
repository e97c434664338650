"""Reference embedding in numpy: the per-step rule the torch and vLLM adapters mirror.

``Watermarker.process(context, logits)`` returns watermarked logits for one decoding step; the
adapters compute the same thing on tensors and are tested against this. ``generate`` samples a
whole sequence from any next-token logit function (used by tests and the null-document benchmark).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from antidistill.watermark import mask_table
from antidistill.watermark.hashing import keyed_draw, to_uniform, vocab_pair_keys
from antidistill.watermark.keys import WatermarkKey
from antidistill.watermark.schemes import make_scheme
from antidistill.watermark.spec import WatermarkSpec

F64 = npt.NDArray[np.float64]
LogitFn = Callable[[Sequence[int]], F64]


class Watermarker:
    """Applies one key's watermark to next-token logits, given the tokens so far."""

    def __init__(self, *, spec: WatermarkSpec, key: WatermarkKey) -> None:
        self.spec = spec
        self.key = key
        self.scheme = make_scheme(spec)

    def uniforms(self, context: Sequence[int]) -> F64:
        """Keyed uniforms of every vocabulary token after ``context`` (its last h tokens), shape (vocab,)."""
        h = self.spec.context_width
        if len(context) < h:
            raise ValueError(f"context has {len(context)} tokens; the watermark needs {h}")
        window = np.asarray(context[-h:], dtype=np.int64)
        if self.spec.mask_rows:  # the same pair ids and values that detection scores
            pairs = mask_table.pair_ids(mask_table.context_ids(window, h), np.arange(self.spec.vocab_size))
            return mask_table.uniforms(pairs, self.key.k1, mask_table.check_rows(self.spec.mask_rows))
        return to_uniform(keyed_draw(vocab_pair_keys(window, self.spec.vocab_size), self.key.k1))

    def green_mask(self, context: Sequence[int]) -> npt.NDArray[np.bool_]:
        """Green tokens after ``context``, shape (vocab,)."""
        return self.uniforms(context) < self.spec.gamma

    def process(self, context: Sequence[int], logits: F64) -> F64:
        """Watermarked logits; unchanged when the context is shorter than h (nothing to seed from)."""
        if len(context) < self.spec.context_width:
            return logits
        return self.scheme.embed(np.asarray(logits, dtype=np.float64), self.uniforms(context))

    def generate(self, logit_fn: LogitFn, prompt: Sequence[int], n_tokens: int, rng: np.random.Generator,
                 *, temperature: float = 1.0) -> list[int]:
        """Sample ``n_tokens`` after ``prompt`` (returned without the prompt)."""
        seq = list(prompt)
        for _ in range(n_tokens):
            logits = self.process(seq, np.asarray(logit_fn(seq), dtype=np.float64) / temperature)
            z = np.exp(logits - logits.max())
            seq.append(int(rng.choice(z.shape[0], p=z / z.sum())))
        return seq[len(prompt):]
