"""Model sizes and persistence: teacher and students are ``GPT2LMHeadModel``s with small configs.

A Hugging Face model class means the watermark and sampling logits processors plug in unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from transformers import GPT2Config, GPT2LMHeadModel

from antidistill.lab.distill.tokenizer import WordTokenizer

MAX_POSITIONS = 192


@dataclass(frozen=True)
class ModelSpec:
    """Architecture of a lab model."""

    n_layer: int
    n_embd: int
    n_head: int

    def config(self, tok: WordTokenizer) -> GPT2Config:
        """The GPT-2 config for this size and tokenizer (no dropout: runs are short and data is fresh)."""
        return GPT2Config(vocab_size=len(tok), n_positions=MAX_POSITIONS, n_embd=self.n_embd, n_layer=self.n_layer,
                          n_head=self.n_head, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
                          bos_token_id=tok.bos_id, eos_token_id=tok.eos_id, pad_token_id=tok.pad_id)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


TEACHER = ModelSpec(n_layer=3, n_embd=64, n_head=4)
TEACHER_QUICK = ModelSpec(n_layer=2, n_embd=48, n_head=4)
# Three layers, as the teacher: with two, a student trained on 2,000 perfect worked solutions reached
# 24% (27% on 6,000); with three, 75% (docs/lab-results.md, "Run 5"). Depth, not data, was the limit.
STUDENT = ModelSpec(n_layer=3, n_embd=64, n_head=4)
STUDENT_QUICK = ModelSpec(n_layer=2, n_embd=48, n_head=4)


def new_model(spec: ModelSpec, tok: WordTokenizer) -> GPT2LMHeadModel:
    """A freshly initialised model (initialisation draws from torch's RNG: seed it first)."""
    return GPT2LMHeadModel(spec.config(tok))


def save_model(model: GPT2LMHeadModel, tok: WordTokenizer, folder: Path) -> None:
    """Weights (safetensors), config and vocabulary in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tok.save(folder / "vocab.json")


def load_model(folder: Path) -> tuple[GPT2LMHeadModel, WordTokenizer]:
    """Read a model saved by :func:`save_model`, in eval mode."""
    model = GPT2LMHeadModel.from_pretrained(folder)
    model.eval()
    return model, WordTokenizer.load(folder / "vocab.json")
