"""A tiny GPT-2 trained here on real human text: the "small model" of the watermark evaluations.

About 1M parameters, a 4,096-word vocabulary built from ../shared/data (``human_text.py``), trained
on the CPU in a few minutes. All randomness comes from explicit seeds: torch's global generator is
only touched inside ``torch.random.fork_rng`` (restored afterwards), dropout is off, and batches are
drawn with a ``numpy.random.Generator``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import GPT2Config, GPT2LMHeadModel, LogitsProcessorList

from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor
from antidistill.watermark.human_text import human_texts
from antidistill.watermark.keys import WatermarkKey
from antidistill.watermark.spec import WatermarkSpec
from antidistill.watermark.tokenizer import WordTokenizer

log = logging.getLogger(__name__)

VOCAB_SIZE = 4096
SEQ_LEN = 64


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/antidistill/watermark`` (or ``~/.cache/...``)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "antidistill" / "watermark"


@dataclass(frozen=True)
class TinyLM:
    """A loaded tiny model with its tokenizer."""

    model: GPT2LMHeadModel
    tokenizer: WordTokenizer
    path: Path


def corpus_ids(tokenizer: WordTokenizer, texts: Sequence[str]) -> np.ndarray:
    """All texts as one id stream, each document closed by ``<eos>``."""
    ids: list[int] = []
    for t in texts:
        ids.extend(tokenizer.encode(t))
        ids.append(tokenizer.eos_id)
    return np.asarray(ids, dtype=np.int64)


def train_steps(model: GPT2LMHeadModel, stream: np.ndarray, *, steps: int, rng: np.random.Generator,
                batch: int = 32, lr: float = 3e-3) -> float:
    """Next-token training on random windows of ``stream``; returns the last loss."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    model.train()
    loss_value = float("nan")
    for _ in range(steps):
        starts = rng.integers(0, stream.shape[0] - SEQ_LEN - 1, size=batch)
        x = torch.from_numpy(np.stack([stream[s : s + SEQ_LEN] for s in starts]))  # (batch, seq)
        loss = model(input_ids=x, labels=x).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        loss_value = float(loss.detach())
    model.eval()
    return loss_value


def train_tiny(data_dir: Path, out_dir: Path, *, seed: int = 0, steps: int = 800) -> TinyLM:
    """Build the tokenizer and train the tiny model from scratch; save both to ``out_dir``."""
    texts = [t for group in human_texts(data_dir).values() for t in group]
    tok = WordTokenizer.train(texts, vocab_size=VOCAB_SIZE)
    stream = corpus_ids(tok, texts)
    cfg = GPT2Config(vocab_size=VOCAB_SIZE, n_positions=256, n_embd=128, n_layer=2, n_head=4,
                     resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=tok.bos_id,
                     eos_token_id=tok.eos_id, pad_token_id=tok.pad_id)
    t0 = time.perf_counter()
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = GPT2LMHeadModel(cfg)
    loss = train_steps(model, stream, steps=steps, rng=np.random.default_rng(seed))
    log.info("event=tiny_trained steps=%d loss=%.3f seconds=%.1f tokens=%d", steps, loss, time.perf_counter() - t0,
             stream.shape[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tok.save(out_dir / "tokenizer.json")
    (out_dir / "train.json").write_text(json.dumps({"seed": seed, "steps": steps, "loss": loss}))
    return TinyLM(model, tok, out_dir)


def load_tiny(path: Path) -> TinyLM:
    """Load a model directory written by :func:`train_tiny` (or a fine-tuned copy)."""
    model = GPT2LMHeadModel.from_pretrained(path)
    model.eval()
    return TinyLM(model, WordTokenizer.load(path / "tokenizer.json"), path)


def ensure_tiny(data_dir: Path, cache_dir: Path | None = None, *, seed: int = 0) -> TinyLM:
    """The cached tiny model, trained on first use."""
    path = (cache_dir or default_cache_dir()) / f"tinylm-seed{seed}"
    if (path / "tokenizer.json").is_file() and (path / "config.json").is_file():
        return load_tiny(path)
    return train_tiny(data_dir, path, seed=seed)


@torch.no_grad()
def generate(lm: TinyLM, prompts: Sequence[Sequence[int]], *, keys: Sequence[WatermarkKey | None],
             spec: WatermarkSpec, n_tokens: int, seed: int, temperature: float = 1.0) -> list[list[int]]:
    """Sample ``n_tokens`` per prompt (prompts of equal length) at ``temperature``, each row with its key."""
    ids = torch.tensor([list(p) for p in prompts], dtype=torch.long)
    procs = LogitsProcessorList([WatermarkLogitsProcessor(spec=spec, keys=keys)])
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        out = lm.model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=True, temperature=temperature,
                                top_k=0, top_p=1.0, max_new_tokens=n_tokens, min_new_tokens=n_tokens,
                                logits_processor=procs, pad_token_id=lm.tokenizer.pad_id)
    return [row[ids.shape[1]:].tolist() for row in out]
