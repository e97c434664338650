"""Hugging Face transformers adapter: a watermarking ``LogitsProcessor`` and reading-mode predictions.

``WatermarkLogitsProcessor`` takes one key per batch row (so each request of a batch can carry its
own account key) and computes the whole-vocabulary draw per step: with the core numpy hash on a CPU,
with its torch mirror (``torch_hash``) on an accelerator; tests check both against the core. For the
Gumbel scheme it must run last (after temperature/top-k/top-p), because it replaces sampling with
the keyed argmax over the final distribution.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from transformers import LogitsProcessor

from antidistill.watermark import hashing
from antidistill.watermark.adapters import torch_hash as th
from antidistill.watermark.keys import WatermarkKey
from antidistill.watermark.spec import WatermarkSpec


class WatermarkLogitsProcessor(LogitsProcessor):
    """Watermark each batch row with its own key (``None`` leaves that row untouched)."""

    def __init__(self, *, spec: WatermarkSpec, keys: Sequence[WatermarkKey | None],
                 numpy_on_cpu: bool = True) -> None:
        self.spec = spec
        self.keys = list(keys)
        self.numpy_on_cpu = numpy_on_cpu
        self._vocab_rot: dict[tuple[int, str], torch.Tensor] = {}
        self._vocab_np: dict[int, np.ndarray] = {}
        self._k: dict[str, tuple[torch.Tensor, torch.Tensor, bool]] = {}

    def _vocab(self, v: int, device: torch.device) -> torch.Tensor:
        key = (v, str(device))
        if key not in self._vocab_rot:  # (vocab,) rotated token hashes: fixed, so computed once
            self._vocab_rot[key] = th.rotl(th.token_hash(torch.arange(v, device=device)))
        return self._vocab_rot[key]

    def _row_keys(self, device: torch.device) -> tuple[torch.Tensor, torch.Tensor, bool]:
        cached = self._k.get(str(device))
        if cached is None:
            active = [i for i, k in enumerate(self.keys) if k is not None]
            rows = torch.tensor(active, dtype=torch.long, device=device)
            k1 = torch.tensor([th._i64(k.k1) for k in self.keys if k is not None], dtype=torch.int64, device=device)
            cached = self._k[str(device)] = (rows, k1, len(active) == len(self.keys))
        return cached

    def draws(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """(rows, draws, all_rows): watermarked row indices, their (rows, vocab) int64 draws, whether all rows."""
        rows, k1, all_rows = self._row_keys(input_ids.device)
        h = self.spec.context_width
        window = input_ids[:, -h:] if all_rows else input_ids[rows, -h:]
        if self._on_numpy(input_ids):
            return rows, torch.from_numpy(self._np_draws(window, k1, vocab).view(np.int64)), all_rows
        # the key and the context are folded into one per-row value first, so that the vocabulary-wide work
        # is one xor and one mix: draw = mix(context ^ rotl(token_hash(v)) ^ k1), as in hashing.keyed_draw
        row_key = th.context_hash(window) ^ k1  # (rows,)
        return rows, th.mix(row_key[:, None] ^ self._vocab(vocab, input_ids.device)[None, :]), all_rows

    def _on_numpy(self, t: torch.Tensor) -> bool:
        # numpy runs these int64 ops about twice as fast as torch on a CPU
        return self.numpy_on_cpu and t.device.type == "cpu"

    def _np_draws(self, window: torch.Tensor, k1: torch.Tensor, vocab: int) -> np.ndarray:
        vrot = self._vocab_np.get(vocab)
        if vrot is None:
            vrot = self._vocab_np[vocab] = hashing.rotl(hashing.token_hash(np.arange(vocab)))
        return hashing.vocab_draws(window.numpy(), k1.numpy().view(np.uint64), vrot)  # (rows, vocab) uint64

    def green(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """(rows, green, all_rows): like :meth:`draws` but the (rows, vocab) green mask."""
        if self._on_numpy(input_ids):
            rows, k1, all_rows = self._row_keys(input_ids.device)
            h = self.spec.context_width
            window = input_ids[:, -h:] if all_rows else input_ids[rows, -h:]
            d = self._np_draws(window, k1, vocab)
            return rows, torch.from_numpy(d < np.uint64(hashing.green_threshold(self.spec.gamma))), all_rows
        rows, dt, all_rows = self.draws(input_ids, vocab)
        return rows, th.is_green(dt, self.spec.gamma), all_rows

    def uniforms(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(rows, uniforms): the watermarked row indices and their (rows, vocab) keyed uniforms."""
        rows, d, _ = self.draws(input_ids, vocab)
        return rows, th.to_uniform(d)

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        if input_ids.shape[1] < self.spec.context_width or not any(k is not None for k in self.keys):
            return scores
        if input_ids.shape[0] != len(self.keys):
            raise ValueError(f"batch has {input_ids.shape[0]} rows but the processor has {len(self.keys)} keys")
        if self.spec.scheme == "redgreen":
            rows, green, all_rows = self.green(input_ids, scores.shape[1])
            sub = scores if all_rows else scores[rows]
            marked = sub + green.to(scores.dtype) * self.spec.delta
        elif self.spec.scheme == "gumbel":
            rows, d, all_rows = self.draws(input_ids, scores.shape[1])
            sub = scores if all_rows else scores[rows]
            p = torch.softmax(sub.to(torch.float64), dim=-1)
            choice = torch.argmax(torch.log(th.to_uniform(d).clamp_min(1e-300)) / p, dim=-1)  # (rows,)
            marked = torch.full_like(sub, float("-inf"))
            marked[torch.arange(sub.shape[0], device=scores.device), choice] = 0.0
        else:
            raise ValueError(f"scheme {self.spec.scheme!r} has no transformers embedding")
        if all_rows:
            return marked
        out = scores.clone()
        out[rows] = marked
        return out


def top1_predictions(model: torch.nn.Module, sequences: Sequence[Sequence[int]], *, batch_size: int = 16,
                     device: str = "cpu") -> list[np.ndarray]:
    """Reading mode: the model's argmax next token after every prefix of each sequence.

    out[d][i] is the prediction for position i + 1 of sequence d given tokens[: i + 1]; shape (len - 1,).
    """
    return [p[:, 0] for p in topk_predictions(model, sequences, k=1, batch_size=batch_size, device=device)]


@torch.no_grad()
def topk_predictions(model: torch.nn.Module, sequences: Sequence[Sequence[int]], *, k: int = 1,
                     batch_size: int = 16, device: str = "cpu") -> list[np.ndarray]:
    """The model's k most likely next tokens after every prefix of each sequence, each shape (len - 1, k)."""
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
        pred = logits.topk(k, dim=-1).indices.cpu().numpy()  # (batch, width, k)
        out.extend(pred[i, : len(s) - 1] for i, s in enumerate(batch))
    return out
