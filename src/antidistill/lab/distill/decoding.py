"""Batched decoding with a pluggable ``LogitsProcessorList``.

Scores pass through the processors exactly as in ``model.generate`` (``processors(input_ids,
scores)`` with the whole sequence so far), so the watermark processor from
``antidistill.watermark.adapters`` and :class:`AntidistillationProcessor` plug in unchanged.
Sampling shapes (temperature, antidistillation tilt) are processors too; the sampler itself only
takes the argmax (greedy) or draws from ``softmax(scores)`` with a seeded ``torch.Generator``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from transformers import GPT2LMHeadModel, LogitsProcessorList

from antidistill.lab.distill.model import MAX_POSITIONS
from antidistill.lab.distill.tokenizer import WordTokenizer


@dataclass(frozen=True)
class DecodeConfig:
    """``sample=False`` is greedy; with ``sample=True`` the processors set the distribution."""

    max_new_tokens: int = 64
    sample: bool = False
    batch_size: int = 64


def left_pad(prompts: Sequence[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Left-padded ``(input_ids, attention_mask)``, each (batch, time): new tokens line up at the right."""
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for i, p in enumerate(prompts):
        ids[i, width - len(p):] = torch.tensor(p)
        mask[i, width - len(p):] = 1
    return ids, mask


def positions(mask: torch.Tensor) -> torch.Tensor:
    """Position ids that ignore left padding (batch, time)."""
    return (mask.cumsum(-1) - 1).clamp(min=0)


@torch.no_grad()
def _generate_batch(model: GPT2LMHeadModel, tok: WordTokenizer, prompts: Sequence[list[int]], cfg: DecodeConfig,
                    processors: LogitsProcessorList | None, generator: torch.Generator | None) -> list[list[int]]:
    ids, mask = left_pad(prompts, tok.pad_id)
    budget = min(cfg.max_new_tokens, MAX_POSITIONS - ids.shape[1])
    out = model(input_ids=ids, attention_mask=mask, position_ids=positions(mask), use_cache=True, logits_to_keep=1)
    past = out.cache
    logits = out.logits[:, -1, :]  # (batch, vocab)
    seqs = ids
    pos = positions(mask)[:, -1:]
    done = torch.zeros(len(prompts), dtype=torch.bool)
    new: list[torch.Tensor] = []
    for _ in range(max(0, budget)):
        scores = logits.float()
        if processors is not None:
            scores = processors(seqs, scores)  # type: ignore[arg-type]
        if cfg.sample:
            nxt = torch.multinomial(torch.softmax(scores, dim=-1), 1, generator=generator).squeeze(1)
        else:
            nxt = scores.argmax(dim=-1)
        nxt = torch.where(done, torch.full_like(nxt, tok.pad_id), nxt)
        new.append(nxt)
        done |= nxt == tok.eos_id
        if bool(done.all()):
            break
        seqs = torch.cat([seqs, nxt[:, None]], dim=1)
        mask = torch.cat([mask, torch.ones_like(nxt)[:, None]], dim=1)
        pos = pos + 1
        out = model(input_ids=nxt[:, None], attention_mask=mask, position_ids=pos, cache=past, use_cache=True)
        past = out.cache
        logits = out.logits[:, -1, :]
    if not new:
        return [[] for _ in prompts]
    gen_ids = torch.stack(new, dim=1).tolist()  # (batch, new)
    result = []
    for row in gen_ids:
        cut = row.index(tok.eos_id) + 1 if tok.eos_id in row else len(row)
        result.append([t for t in row[:cut] if t != tok.pad_id])
    return result


def generate(model: GPT2LMHeadModel, tok: WordTokenizer, prompts: Sequence[list[int]], cfg: DecodeConfig, *,
             processors: LogitsProcessorList | None = None,
             generator: torch.Generator | None = None) -> list[list[int]]:
    """New token ids for each prompt (up to and including ``<eos>``), in batches of ``cfg.batch_size``."""
    if cfg.sample and generator is None:
        raise ValueError("sampling needs an explicit seeded torch.Generator")
    results: list[list[int]] = []
    for start in range(0, len(prompts), cfg.batch_size):
        results.extend(_generate_batch(model, tok, prompts[start: start + cfg.batch_size], cfg, processors,
                                       generator))
    return results
