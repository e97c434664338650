"""A word-level tokenizer with digit-level numbers, built from the task family's vocabulary.

Numbers are split into digits so that a small model can learn carrying instead of memorising a
table of sums. Unknown words map to ``<unk>`` (a prompt from outside the task family still
tokenizes). The vocabulary is sorted, so the same word lists give the same ids on every machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from antidistill.errors import InputError

PAD, BOS, EOS, UNK, THINK, END_THINK = "<pad>", "<bos>", "<eos>", "<unk>", "<think>", "</think>"
SPECIALS = (PAD, BOS, EOS, UNK, THINK, END_THINK)
_TOKEN_RE = re.compile(r"\d|[A-Za-z']+|[^\sA-Za-z\d]")
PUNCTUATION = (".", ",", "?", "!", ";", ":", "+", "-", "*", "=")


@dataclass(frozen=True)
class WordTokenizer:
    """Token <-> id mapping; ids of the special tokens are fixed (0..5)."""

    vocab: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.vocab[: len(SPECIALS)] != SPECIALS:
            raise ValueError(f"vocabulary must start with the special tokens {SPECIALS}")
        object.__setattr__(self, "_ids", {tok: i for i, tok in enumerate(self.vocab)})

    @classmethod
    def build(cls, words: set[str]) -> WordTokenizer:
        """Vocabulary = specials + digits + punctuation + the given words (sorted)."""
        rest = sorted((set(words) | {str(d) for d in range(10)} | set(PUNCTUATION)) - set(SPECIALS))
        return cls(vocab=SPECIALS + tuple(rest))

    @property
    def pad_id(self) -> int:
        return 0

    @property
    def bos_id(self) -> int:
        return 1

    @property
    def eos_id(self) -> int:
        return 2

    @property
    def unk_id(self) -> int:
        return 3

    @property
    def think_id(self) -> int:
        return 4

    @property
    def end_think_id(self) -> int:
        return 5

    def __len__(self) -> int:
        return len(self.vocab)

    def encode(self, text: str) -> list[int]:
        """Ids of ``text`` (no special tokens added)."""
        ids: dict[str, int] = self._ids  # type: ignore[attr-defined]
        return [ids.get(tok, self.unk_id) for tok in _TOKEN_RE.findall(text)]

    def decode(self, ids: list[int]) -> str:
        """Text of ``ids``: digits re-joined into numbers, no space before punctuation; specials dropped."""
        out: list[str] = []
        prev_digit = False
        for i in ids:
            tok = self.vocab[i] if 0 <= i < len(self.vocab) else UNK
            if tok in SPECIALS:
                continue
            is_digit = tok.isdigit()
            if out and not (is_digit and prev_digit) and tok not in (".", ",", "?", "!", ";", ":"):
                out.append(" ")
            out.append(tok)
            prev_digit = is_digit
        return "".join(out)

    def save(self, path: Path) -> None:
        """Write the vocabulary as a JSON list."""
        path.write_text(json.dumps(list(self.vocab)) + "\n")

    @classmethod
    def load(cls, path: Path) -> WordTokenizer:
        """Read a vocabulary written by :meth:`save`."""
        try:
            vocab = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read tokenizer: {exc}", file=str(path)) from exc
        if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab):
            raise InputError("tokenizer file must hold a JSON list of strings", file=str(path))
        return cls(vocab=tuple(vocab))
