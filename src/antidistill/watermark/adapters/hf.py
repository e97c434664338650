"""Hugging Face transformers adapter: a watermarking ``LogitsProcessor`` and reading-mode predictions.

``WatermarkLogitsProcessor`` takes one key per batch row (so each request of a batch can carry its
own account key) and computes the whole-vocabulary draw per step with the torch mirror of the core
hash. For the Gumbel scheme it must run last (after temperature/top-k/top-p), because it replaces
sampling with the keyed argmax over the final distribution.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from transformers import LogitsProcessor

from antidistill.watermark.adapters import torch_hash as th
from antidistill.watermark.keys import WatermarkKey
from antidistill.watermark.spec import WatermarkSpec


class WatermarkLogitsProcessor(LogitsProcessor):
    """Watermark each batch row with its own key (``None`` leaves that row untouched)."""

    def __init__(self, *, spec: WatermarkSpec, keys: Sequence[WatermarkKey | None]) -> None:
        self.spec = spec
        self.keys = list(keys)
        self._vocab_rot: dict[tuple[int, str], torch.Tensor] = {}
        self._k: dict[str, tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = {}

    def _vocab(self, v: int, device: torch.device) -> torch.Tensor:
        key = (v, str(device))
        if key not in self._vocab_rot:  # (vocab,) rotated token hashes: fixed, so computed once
            self._vocab_rot[key] = th.rotl(th.token_hash(torch.arange(v, device=device)))
        return self._vocab_rot[key]

    def _key_halves(self, device: torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        cached = self._k.get(str(device))
        if cached is None:
            active = [i for i, k in enumerate(self.keys) if k is not None]
            rows = torch.tensor(active, dtype=torch.long, device=device)
            k1 = torch.tensor([th._i64(self.keys[i].k1) for i in active], dtype=torch.int64, device=device)  # type: ignore[union-attr]
            k2 = torch.tensor([th._i64(self.keys[i].k2) for i in active], dtype=torch.int64, device=device)  # type: ignore[union-attr]
            cached = self._k[str(device)] = (rows, k1[:, None], k2[:, None])
        return cached

    def uniforms(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(rows, uniforms): the watermarked row indices and their (rows, vocab) keyed uniforms."""
        rows, k1, k2 = self._key_halves(input_ids.device)
        ctx = th.context_hash(input_ids[rows, -self.spec.context_width :])  # (rows,)
        pairs = ctx[:, None] ^ self._vocab(vocab, input_ids.device)[None, :]  # (rows, vocab)
        return rows, th.keyed_uniforms(pairs, k1, k2)

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        if input_ids.shape[1] < self.spec.context_width or not any(k is not None for k in self.keys):
            return scores
        if input_ids.shape[0] != len(self.keys):
            raise ValueError(f"batch has {input_ids.shape[0]} rows but the processor has {len(self.keys)} keys")
        rows, u = self.uniforms(input_ids, scores.shape[1])
        out = scores.clone()
        if self.spec.scheme == "redgreen":
            out[rows] = scores[rows] + self.spec.delta * (u < self.spec.gamma).to(scores.dtype)
        elif self.spec.scheme == "gumbel":
            p = torch.softmax(scores[rows].to(torch.float64), dim=-1)
            choice = torch.argmax(torch.log(u.clamp_min(1e-300)) / p, dim=-1)  # (rows,)
            masked = torch.full_like(scores[rows], float("-inf"))
            masked[torch.arange(len(rows), device=scores.device), choice] = 0.0
            out[rows] = masked
        else:
            raise ValueError(f"scheme {self.spec.scheme!r} has no transformers embedding")
        return out


@torch.no_grad()
def top1_predictions(model: torch.nn.Module, sequences: Sequence[Sequence[int]], *, batch_size: int = 16,
                     device: str = "cpu") -> list[np.ndarray]:
    """Reading mode: the model's argmax next token after every prefix of each sequence.

    out[d][i] is the prediction for position i + 1 of sequence d given tokens[: i + 1]; shape (len - 1,).
    """
    model.eval()
    out: list[np.ndarray] = []
    for start in range(0, len(sequences), batch_size):
        batch = [list(s) for s in sequences[start : start + batch_size]]
        width = max(len(s) for s in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long, device=device)
        mask = torch.zeros_like(ids)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        logits = model(input_ids=ids, attention_mask=mask).logits  # (batch, width, vocab)
        pred = logits.argmax(-1).cpu().numpy()
        out.extend(pred[i, : len(s) - 1] for i, s in enumerate(batch))
    return out
