"""Training a lab model from scratch on (prompt, completion) examples, on the CPU.

The loss covers completion tokens only (a distiller trains on what the teacher said, not on its
own prompts). All randomness comes from the seed: initialisation via ``torch.manual_seed`` inside
:func:`train_model` and batch order from a seeded ``torch.Generator``.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import GPT2LMHeadModel

from antidistill.lab.distill.model import MAX_POSITIONS, ModelSpec, new_model
from antidistill.lab.distill.sequences import Example
from antidistill.lab.distill.tokenizer import WordTokenizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings; ``steps`` is a fixed compute budget whatever the data size."""

    steps: int
    batch_size: int = 64
    lr: float = 2e-3
    warmup: int = 100
    weight_decay: float = 0.01
    seed: int = 0


@dataclass(frozen=True)
class TrainResult:
    """What training did: final loss (mean of the last 50 steps) and wall time."""

    steps: int
    examples: int
    final_loss: float
    seconds: float


def collate(examples: Sequence[Example], pad_id: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Right-padded ``(input_ids, attention_mask, loss_mask)``, each (batch, time)."""
    seqs = [(e.prompt + e.completion)[:MAX_POSITIONS] for e in examples]
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    attn = torch.zeros((len(seqs), width), dtype=torch.long)
    loss_mask = torch.zeros((len(seqs), width), dtype=torch.bool)
    for i, (e, s) in enumerate(zip(examples, seqs, strict=True)):
        ids[i, : len(s)] = torch.tensor(s)
        attn[i, : len(s)] = 1
        loss_mask[i, len(e.prompt): len(s)] = True
    return ids, attn, loss_mask


def completion_loss(model: GPT2LMHeadModel, ids: torch.Tensor, attn: torch.Tensor,
                    loss_mask: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy over completion positions.

    The output layer runs on completion positions only (a prompt is about 60% of a lab sequence, and
    the vocabulary-wide product and its softmax were a third of a training step): the same loss as
    scoring every position and masking, about 20% faster per step (docs/lab-results.md, "Session 13").
    """
    hidden = model.transformer(input_ids=ids, attention_mask=attn).last_hidden_state[:, :-1]  # (batch, time-1, d)
    mask = loss_mask[:, 1:]
    if not bool(mask.any()):
        return hidden.sum() * 0.0  # no completion token: zero loss that still backpropagates
    logits = model.lm_head(hidden[mask])  # (completion positions, vocab)
    return torch.nn.functional.cross_entropy(logits, ids[:, 1:][mask])


def train_model(spec: ModelSpec, tok: WordTokenizer, examples: Sequence[Example],
                cfg: TrainConfig) -> tuple[GPT2LMHeadModel, TrainResult]:
    """Initialise a model of size ``spec`` from ``cfg.seed`` and train it on ``examples``."""
    if not examples:
        raise ValueError("cannot train on zero examples")
    torch.manual_seed(cfg.seed)  # only here: model initialisation reads torch's default generator
    model = new_model(spec, tok)
    model.train()
    gen = torch.Generator().manual_seed(cfg.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.98))

    def lr_at(step: int) -> float:
        if step < cfg.warmup:
            return (step + 1) / cfg.warmup
        progress = (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup)
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    start = time.perf_counter()
    recent: list[float] = []
    for step in range(cfg.steps):
        pick = torch.randint(len(examples), (cfg.batch_size,), generator=gen).tolist()
        ids, attn, loss_mask = collate([examples[i] for i in pick], tok.pad_id)
        loss = completion_loss(model, ids, attn, loss_mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        recent = [*recent[-49:], loss.item()]
        if step % 200 == 0 or step == cfg.steps - 1:
            log.info("event=train_step step=%d loss=%.4f seconds=%.1f", step, loss.item(), time.perf_counter() - start)
    model.eval()
    return model, TrainResult(steps=cfg.steps, examples=len(examples), final_loss=sum(recent) / len(recent),
                              seconds=time.perf_counter() - start)
