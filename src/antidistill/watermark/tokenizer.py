"""A small word-level tokenizer built from real text (for the tiny model trained here).

Production detection uses the serving model's own tokenizer (any object with ``encode``); this one
exists so the project can train and test a small model without downloading anything. Decoding
joins tokens with spaces, and ``encode(decode(ids)) == ids`` for ids without ``<unk>``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from antidistill.errors import ConfigError

_WORD_RE = re.compile(r"[A-Za-z]+|[0-9]|[^\sA-Za-z0-9]")
SPECIALS = ("<pad>", "<unk>", "<bos>", "<eos>")


class WordTokenizer:
    """Lower-cased words, single digits and single punctuation marks; rare words map to ``<unk>``."""

    def __init__(self, *, vocab: Sequence[str]) -> None:
        if list(vocab[: len(SPECIALS)]) != list(SPECIALS):
            raise ConfigError("tokenizer.vocab", f"must start with {SPECIALS}")
        self.vocab = list(vocab)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.unk_id = self.index["<unk>"]
        self.bos_id = self.index["<bos>"]
        self.eos_id = self.index["<eos>"]
        self.pad_id = self.index["<pad>"]

    @property
    def vocab_size(self) -> int:
        """Number of token ids."""
        return len(self.vocab)

    @classmethod
    def train(cls, texts: Iterable[str], *, vocab_size: int) -> WordTokenizer:
        """Keep the ``vocab_size - 4`` most frequent words (ties broken alphabetically, so it is deterministic)."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(_WORD_RE.findall(text.lower()))
        words = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: vocab_size - len(SPECIALS)]
        return cls(vocab=[*SPECIALS, *(w for w, _ in words)])

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``."""
        return [self.index.get(w, self.unk_id) for w in _WORD_RE.findall(text.lower())]

    def decode(self, ids: Iterable[int]) -> str:
        """Space-joined words, specials dropped."""
        return " ".join(self.vocab[i] for i in ids if i >= len(SPECIALS))

    def save(self, path: Path) -> None:
        """Write the vocabulary as JSON."""
        path.write_text(json.dumps({"type": "word", "vocab": self.vocab}))

    @classmethod
    def load(cls, path: Path) -> WordTokenizer:
        """Read a vocabulary written by :meth:`save`."""
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError("tokenizer", f"cannot read word tokenizer: {exc}", source=str(path)) from exc
        if data.get("type") != "word" or not isinstance(data.get("vocab"), list):
            raise ConfigError("tokenizer.type", "expected a word tokenizer JSON with a 'vocab' list", source=str(path))
        return cls(vocab=data["vocab"])
