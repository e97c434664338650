"""Hugging Face transformers adapter: a watermarking ``LogitsProcessor`` and reading-mode predictions.

``WatermarkLogitsProcessor`` takes one key per batch row (so each request of a batch can carry its
own account key) and computes the whole-vocabulary draw per step: with the core numpy hash on a CPU,
with its torch mirror (``torch_hash``) on an accelerator; tests check both against the core. For the
Gumbel scheme it must run last (after temperature/top-k/top-p), because it replaces sampling with
the keyed argmax over the final distribution. With ``spec.mask_rows > 0`` (the mask-table variant,
``mask_table.py``) a step is one keyed row index per batch row and one gather from a shared table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np
import torch
from transformers import LogitsProcessor

from antidistill.watermark import mask_table
from antidistill.watermark.adapters import torch_hash as th
from antidistill.watermark.keys import WatermarkKey
from antidistill.watermark.spec import WatermarkSpec
from antidistill.watermark.vocab_hash import VocabHasher

_NUMPY_FLOAT: dict[torch.dtype, type[np.floating[Any]]] = {torch.float32: np.float32, torch.float64: np.float64}
# (vocab, dtype, device) -> mask table, reused row-index tensor and its numpy view (CPU)
_TableEntry = tuple[tuple[int, torch.dtype, str], torch.Tensor, torch.Tensor | None, np.ndarray | None]


class WatermarkLogitsProcessor(LogitsProcessor):
    """Watermark each batch row with its own key (``None`` leaves that row untouched).

    Returns a new scores tensor (``scores`` itself is not modified), like transformers' own processors.
    On a CPU (``numpy_on_cpu``) the per-step work is :class:`~antidistill.watermark.vocab_hash.VocabHasher`
    (cached tables, reused buffers); elsewhere the same hash runs as torch int64 ops on the logits'
    device, with no host synchronisation.
    """

    def __init__(self, *, spec: WatermarkSpec, keys: Sequence[WatermarkKey | None],
                 numpy_on_cpu: bool = True) -> None:
        self.spec = spec
        self.keys = list(keys)
        self.numpy_on_cpu = numpy_on_cpu
        self.active_ = [i for i, k in enumerate(self.keys) if k is not None]  # watermarked rows
        self.all_rows_ = len(self.active_) == len(self.keys)
        self.k1_ = [k.k1 for k in self.keys if k is not None]  # (active rows,)
        self._hashers: dict[int, VocabHasher] = {}
        self._vocab_rot: dict[tuple[int, str], torch.Tensor] = {}
        self._k: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
        self._mask_view: tuple[np.ndarray, torch.Tensor] | None = None
        self.mask_bits_ = mask_table.check_rows(spec.mask_rows) if spec.mask_rows else 0
        self._table: _TableEntry | None = None

    def _hasher(self, vocab: int) -> VocabHasher:
        hasher = self._hashers.get(vocab)
        if hasher is None:
            hasher = self._hashers[vocab] = VocabHasher(vocab_size=vocab, gamma=self.spec.gamma)
        return hasher

    def _vocab(self, v: int, device: torch.device) -> torch.Tensor:
        key = (v, str(device))
        if key not in self._vocab_rot:  # (vocab,) rotated token hashes: fixed, so computed once
            self._vocab_rot[key] = th.rotl(th.token_hash(torch.arange(v, device=device)))
        return self._vocab_rot[key]

    def _row_keys(self, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        cached = self._k.get(str(device))
        if cached is None:  # built once per device, so no host-to-device copy per step
            rows = torch.tensor(self.active_, dtype=torch.long, device=device)
            k1 = torch.tensor([th._i64(k) for k in self.k1_], dtype=torch.int64, device=device)
            cached = self._k[str(device)] = (rows, k1)
        return cached

    def _on_numpy(self, t: torch.Tensor) -> bool:
        # numpy runs these uint64 ops several times faster than torch on a CPU
        return self.numpy_on_cpu and t.device.type == "cpu"

    def _np_row_keys(self, input_ids: torch.Tensor, hasher: VocabHasher) -> np.ndarray:
        contexts = input_ids[:, -self.spec.context_width :].tolist()  # (batch, h): a few ints per row
        if not self.all_rows_:
            contexts = [contexts[i] for i in self.active_]
        return hasher.row_keys(contexts, self.k1_)  # (rows,) uint64

    def draws(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """(rows, draws, all_rows): watermarked row indices, their (rows, vocab) int64 draws, whether all rows."""
        rows, k1 = self._row_keys(input_ids.device)
        if self._on_numpy(input_ids):
            hasher = self._hasher(vocab)
            d = hasher.draws(self._np_row_keys(input_ids, hasher)).copy()
            return rows, torch.from_numpy(d.view(np.int64)), self.all_rows_
        h = self.spec.context_width
        window = input_ids[:, -h:] if self.all_rows_ else input_ids[rows, -h:]
        # the key and the context are folded into one per-row value first, so that the vocabulary-wide work
        # is one xor and one mix: draw = mix(context ^ rotl(token_hash(v)) ^ k1), as in hashing.keyed_draw
        row_key = th.context_hash(window) ^ k1  # (rows,)
        return rows, th.mix(row_key[:, None] ^ self._vocab(vocab, input_ids.device)[None, :]), self.all_rows_

    def green(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor, bool]:
        """(rows, green, all_rows): like :meth:`draws` but the (rows, vocab) green mask."""
        if self._on_numpy(input_ids):
            hasher = self._hasher(vocab)
            g = hasher.green(self._np_row_keys(input_ids, hasher))  # a reused buffer, valid until the next step
            return self._row_keys(input_ids.device)[0], torch.from_numpy(g), self.all_rows_
        rows, dt, all_rows = self.draws(input_ids, vocab)
        return rows, th.is_green(dt, self.spec.gamma), all_rows

    def uniforms(self, input_ids: torch.Tensor, vocab: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(rows, uniforms): the watermarked row indices and their (rows, vocab) keyed uniforms."""
        rows, d, _ = self.draws(input_ids, vocab)
        return rows, th.to_uniform(d)

    def _gumbel_choice(self, input_ids: torch.Tensor, sub: torch.Tensor) -> torch.Tensor:
        """Keyed Gumbel-max choice per row, (rows,): argmax_v logits_v - log(-log r_v) (``schemes.GumbelScheme``)."""
        if self._on_numpy(input_ids):
            hasher = self._hasher(sub.shape[1])
            u = hasher.uniforms(self._np_row_keys(input_ids, hasher))  # (rows, vocab), a reused buffer
            np.maximum(u, 1e-300, out=u)
            np.log(u, out=u)
            np.negative(u, out=u)
            np.log(u, out=u)  # log(-log r)
            logits = sub.detach().to(torch.float64).numpy()  # float64 like the reference; half types have no numpy view
            return torch.from_numpy(np.argmax(logits - u, axis=1))
        _, ut = self.uniforms(input_ids, sub.shape[1])
        return torch.argmax(sub.to(torch.float64) - torch.log(-torch.log(ut.clamp_min(1e-300))), dim=-1)

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        if input_ids.shape[1] < self.spec.context_width or not self.active_:
            return scores
        if input_ids.shape[0] != len(self.keys):
            raise ValueError(f"batch has {input_ids.shape[0]} rows but the processor has {len(self.keys)} keys")
        if self.spec.mask_rows:
            return self._masked(input_ids, scores)
        if self.spec.scheme == "redgreen":
            np_dtype = _NUMPY_FLOAT.get(scores.dtype)
            if np_dtype is not None and self._on_numpy(input_ids):
                # the CPU hot path: one hasher call, a 0/1 mask in the scores' dtype (reused buffer), one add
                contexts = input_ids[:, -self.spec.context_width :].tolist()  # (batch, h)
                if not self.all_rows_:
                    contexts = [contexts[i] for i in self.active_]
                mask = self._mask_tensor(self._hasher(scores.shape[1]).green_after(contexts, self.k1_, np_dtype))
                if self.all_rows_:
                    return torch.add(scores, mask, alpha=self.spec.delta)
                return scores.index_add(0, self._row_keys(scores.device)[0], mask, alpha=self.spec.delta)
            rows, green, all_rows = self.green(input_ids, scores.shape[1])  # green: (rows, vocab) bool
            if all_rows:
                return torch.add(scores, green, alpha=self.spec.delta)
            return scores.index_add(0, rows, green.to(scores.dtype), alpha=self.spec.delta)
        if self.spec.scheme == "gumbel":
            rows = self._row_keys(scores.device)[0]
            sub = scores if self.all_rows_ else scores[rows]
            choice = self._gumbel_choice(input_ids, sub).to(scores.device)  # (rows,)
            inf = float("-inf")
            out = torch.full_like(scores, inf) if self.all_rows_ else scores.index_fill(0, rows, inf)
            out[rows, choice] = 0.0
            return out
        raise ValueError(f"scheme {self.spec.scheme!r} has no transformers embedding")

    def table_rows(self, input_ids: torch.Tensor, vocab: int) -> list[int] | torch.Tensor:
        """Mask-table rows of the watermarked batch rows: Python ints (host) or an int64 tensor (device)."""
        h, bits = self.spec.context_width, self.mask_bits_
        if self.numpy_on_cpu and input_ids.is_cpu:  # a few Python ints per row, as on the default CPU path
            contexts = input_ids[:, -h:].tolist()  # (batch, h)
            if not self.all_rows_:
                contexts = [contexts[i] for i in self.active_]
            hasher = self._hasher(vocab)  # only for its per-token tables
            return mask_table.rows_after(contexts, self.k1_, bits, hasher.token_table_, hasher.first_table_)
        rows, k1 = self._row_keys(input_ids.device)  # on the device: no host synchronisation
        window = input_ids[:, -h:] if self.all_rows_ else input_ids[rows, -h:]
        return th.srl(th.mix((th.context_id(window) & th.CONTEXT_PART) ^ k1 ^ th.ROW_SALT), 64 - bits)

    def _table_for(self, scores: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None, np.ndarray | None]:
        """(table, index, index_np): the shared table for these scores (``torch_hash.mask_tensor``), looked up
        once per processor, and on a CPU an int64 row-index tensor reused at every step with its numpy view."""
        key = (scores.shape[1], scores.dtype, "cpu" if scores.is_cpu else str(scores.device))
        cached = self._table
        if cached is None or cached[0] != key:
            index = torch.empty(len(self.active_), dtype=torch.long) if scores.is_cpu else None
            cached = self._table = (key, th.mask_tensor(self.spec, *key), index,
                                    None if index is None else index.numpy())
        return cached[1], cached[2], cached[3]

    def _masked(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        """The mask-table variant: ``scores + delta * table[row]`` for each watermarked row.

        All in torch, with as few calls as possible: right after the model's forward pass the caches are
        cold, and every library call then costs several microseconds (inside ``generate`` this is faster
        than a numpy gather that wins when timed alone, and than building a row tensor per step).
        """
        table, index, index_np = self._table_for(scores)  # (T, vocab)
        rows = self.table_rows(input_ids, scores.shape[1])
        alpha = 1.0 if table.dtype == scores.dtype else self.spec.delta
        if isinstance(rows, list):
            if len(rows) == 1 and self.all_rows_:
                return torch.add(scores, table[rows[0]], alpha=alpha)  # (1, vocab) + (vocab,): no gather
            if index is not None and index_np is not None and table.is_cpu:  # synchronous: safe to reuse
                index_np[:] = rows
                rows = index
            else:
                rows = torch.tensor(rows, dtype=torch.long, device=table.device)
        add = table.index_select(0, rows)  # (rows, vocab), a new tensor
        if self.all_rows_:
            # prescaled: the gathered rows take the scores in place (one allocation, not two)
            return add.add_(scores) if add.dtype == scores.dtype else torch.add(scores, add, alpha=alpha)
        return scores.index_add(0, self._row_keys(scores.device)[0], add.to(scores.dtype), alpha=alpha)

    def _mask_tensor(self, mask: np.ndarray) -> torch.Tensor:
        """A torch view of the hasher's reused mask buffer, made once per buffer."""
        cached = self._mask_view
        if cached is None or cached[0] is not mask:
            cached = self._mask_view = (mask, torch.from_numpy(mask))
        return cached[1]


def top1_predictions(model: torch.nn.Module, sequences: Sequence[Sequence[int]], *, batch_size: int = 16,
                     device: str = "cpu") -> list[np.ndarray]:
    """Reading mode: the model's argmax next token after every prefix of each sequence.

    out[d][i] is the prediction for position i + 1 of sequence d given tokens[: i + 1]; shape (len - 1,).
    """
    return [p[:, 0] for p in topk_predictions(model, sequences, k=1, batch_size=batch_size, device=device)]


@torch.no_grad()
def padded_batches(sequences: Sequence[Sequence[int]], batch_size: int,
                   device: str) -> Iterator[tuple[list[list[int]], torch.Tensor, torch.Tensor]]:
    """(sequences, right-padded ids, attention mask) for each batch of ``batch_size`` sequences."""
    for start in range(0, len(sequences), batch_size):
        batch = [list(s) for s in sequences[start : start + batch_size]]
        ids = torch.zeros((len(batch), max(len(s) for s in batch)), dtype=torch.long, device=device)
        mask = torch.zeros_like(ids)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        yield batch, ids, mask


def topk_predictions(model: torch.nn.Module, sequences: Sequence[Sequence[int]], *, k: int = 1,
                     batch_size: int = 16, device: str = "cpu") -> list[np.ndarray]:
    """The model's k most likely next tokens after every prefix of each sequence, each shape (len - 1, k)."""
    model.eval()
    out: list[np.ndarray] = []
    for batch, ids, mask in padded_batches(sequences, batch_size, device):
        logits = model(input_ids=ids, attention_mask=mask).logits  # (batch, width, vocab)
        pred = logits.topk(k, dim=-1).indices.cpu().numpy()  # (batch, width, k)
        out.extend(pred[i, : len(s) - 1] for i, s in enumerate(batch))
    return out


class _Logits(NamedTuple):
    logits: torch.Tensor


class ReferenceEnsemble(torch.nn.Module):
    """Several reference models as one: the mean of their log-probabilities (a renormalised geometric mean).

    The lift test's reference stands for "a student of our unmarked answers". One such student carries
    its own training noise (its seed, its batch order), and that noise enters every lift; averaging
    references trained with different seeds keeps what they share and shrinks what each adds. Called
    like a causal LM (``input_ids``, ``attention_mask``); returns an object with ``logits`` (float64
    log-probabilities, which ``log_softmax`` leaves unchanged up to renormalisation).
    """

    def __init__(self, models: Sequence[torch.nn.Module]) -> None:
        super().__init__()
        if not models:
            raise ValueError("ReferenceEnsemble needs at least one model")
        self.members = torch.nn.ModuleList(models)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> _Logits:
        logp = [torch.log_softmax(m(input_ids=input_ids, attention_mask=attention_mask).logits.double(), -1)
                for m in self.members]
        return _Logits(torch.stack(logp).mean(dim=0))


class LiftInputs(NamedTuple):
    """What ``radioactivity.lift_pairs`` scores, per text: arrays of shape (len - 1, k) each."""

    candidates: list[np.ndarray]  # token ids scored after each prefix, -1 for none
    lifts: list[np.ndarray]  # the suspect's log-probability minus the reference's
    effects: list[np.ndarray]  # how much the key could move each candidate's frequency (1 without a source)


def greedy_watermark_effects(source_logits: torch.Tensor, idx: torch.Tensor, margin: float,
                             gamma: float) -> torch.Tensor:
    """For each candidate ``idx`` after each prefix, P(emitted | green) - P(emitted | red) under greedy
    decoding with the red/green watermark (bias ``margin`` on green tokens, each green with probability
    ``gamma``, independently), from the unmarked ``source_logits`` alone.

    The marked teacher emits the highest-ranked green token among those within ``margin`` of its top
    logit, and its top token when none is green. So a candidate of rank r >= 1 there is emitted with
    probability (1 - gamma)^r when green and never when red; the top token always when green and with
    probability (1 - gamma)^(n - 1) when red (n tokens within the margin). Tokens outside the margin,
    and every token where n = 1, have effect 0. No key is read.
    """
    cand = source_logits.gather(-1, idx.clamp(min=0))
    top = source_logits.max(dim=-1, keepdim=True).values
    n = (source_logits >= top - margin).sum(dim=-1, keepdim=True).to(source_logits.dtype)
    rank = torch.zeros_like(cand)
    for j in range(idx.shape[-1]):  # tokens above each candidate (one (.., vocab) comparison at a time)
        rank[..., j] = (source_logits > cand[..., j: j + 1]).sum(dim=-1).to(cand.dtype)
    q = 1.0 - gamma
    eff = torch.where(rank == 0, 1.0 - q ** (n - 1), q ** rank)
    return torch.where(cand >= top - margin, eff, torch.zeros_like(eff))


@torch.no_grad()
def lift_candidates(model: torch.nn.Module, reference: torch.nn.Module, sequences: Sequence[Sequence[int]], *,
                    m: int = 16, min_prob: float = 0.02, clip: float | None = 3.0, student_tokens: bool = True,
                    source: torch.nn.Module | None = None, margin: float = 4.0, gamma: float | None = None,
                    batch_size: int = 16, device: str = "cpu") -> LiftInputs:
    """Inputs of ``radioactivity.lift_pairs``: after every prefix, candidates, lifts and effects.

    Candidates are the ``reference``'s top ``m`` tokens and (``student_tokens``) the ``model``'s, those
    that either model gives at least ``min_prob`` (-1 elsewhere); the lift is the model's log-probability
    minus the reference's, clipped to +-``clip`` nats (a token one model finds impossible would otherwise
    outweigh all others). Nothing here looks at a key.

    With ``source`` (the model that wrote the marked texts, run here without the watermark), a candidate
    is kept only where the watermark could have chosen it: its ``source`` logit lies within ``margin``
    (the watermark's delta) of the top logit after that prefix. A prefix where the source's top token
    leads every other by more than the margin keeps no candidate: greedy decoding emitted the same token
    under every key there, so a student learned nothing about the key from it, and scoring it only adds
    noise. With ``gamma`` too, each kept candidate's effect is how much its colour moved its chance of
    being emitted (:func:`greedy_watermark_effects`): the student's lift can only follow the key that far,
    so ``lift_pairs`` weighs it by that (the score test's weight for a shift proportional to the effect).
    The selection and the effects use the source model and the text, never the key, so the test stays exact.
    """
    model.eval()
    reference.eval()
    if source is not None:
        source.eval()
    cands: list[np.ndarray] = []
    lifts: list[np.ndarray] = []
    effects: list[np.ndarray] = []
    for batch, ids, mask in padded_batches(sequences, batch_size, device):
        ref = torch.log_softmax(reference(input_ids=ids, attention_mask=mask).logits.double(), -1)
        sus = torch.log_softmax(model(input_ids=ids, attention_mask=mask).logits.double(), -1)
        k = min(m, ref.shape[-1])
        tops = [ref.topk(k, dim=-1).indices, *([sus.topk(k, dim=-1).indices] if student_tokens else [])]
        idx = torch.cat(tops, dim=-1).sort(dim=-1).values  # (batch, width, k or 2k)
        dup = torch.zeros_like(idx, dtype=torch.bool)
        dup[..., 1:] = idx[..., 1:] == idx[..., :-1]
        r, s_ = ref.gather(-1, idx), sus.gather(-1, idx)
        keep = ~dup & (torch.maximum(r, s_) >= float(np.log(min_prob)))
        eff = torch.ones_like(r)
        if source is not None:
            src = source(input_ids=ids, attention_mask=mask).logits.double()
            within = src >= src.max(dim=-1, keepdim=True).values - margin
            flippable = within.sum(dim=-1, keepdim=True) >= 2  # some key could have moved the greedy choice
            keep &= within.gather(-1, idx) & flippable
            if gamma is not None:
                eff = greedy_watermark_effects(src, idx, margin, gamma)
        cand = torch.where(keep, idx, -1).cpu().numpy()
        lift = (s_ - r if clip is None else (s_ - r).clamp(-clip, clip)).cpu().numpy()
        e = eff.cpu().numpy()
        for i, s in enumerate(batch):
            cands.append(cand[i, : len(s) - 1])
            lifts.append(lift[i, : len(s) - 1])
            effects.append(e[i, : len(s) - 1])
    return LiftInputs(cands, lifts, effects)
