"""Reading documents to test: JSONL rows with token ids or text, or one plain-text file.

JSONL fields: ``tokens`` (list of ints) or ``text`` (string, needs a tokenizer); optional
``prompt_tokens`` / ``prompt`` (pairs that occur in the prompt are not evidence). Errors name the
file, line and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError, InputError
from antidistill.watermark.detect import Tokenizer


@dataclass(frozen=True)
class Document:
    """One document as token ids, with its prompt's token ids (possibly empty)."""

    tokens: list[int]
    prompt: list[int]
    source: str


def load_tokenizer(path: Path) -> Tokenizer:
    """Our word tokenizer JSON, or a Hugging Face tokenizer directory/name (needs transformers)."""
    if path.is_file():
        from antidistill.watermark.tokenizer import WordTokenizer

        return WordTokenizer.load(path)
    if (path / "tokenizer.json").is_file():
        try:
            data = json.loads((path / "tokenizer.json").read_text())
        except json.JSONDecodeError as exc:
            raise ConfigError("tokenizer", f"bad JSON: {exc.msg}", source=str(path / "tokenizer.json")) from exc
        if data.get("type") == "word":
            from antidistill.watermark.tokenizer import WordTokenizer

            return WordTokenizer.load(path / "tokenizer.json")
    try:
        from transformers import AutoTokenizer
    except ImportError as exc:
        raise ConfigError("tokenizer", "not a word tokenizer JSON and transformers is not installed",
                          value=str(path)) from exc
    tok: Tokenizer = AutoTokenizer.from_pretrained(str(path))
    return tok


def _ids(value: Any, *, file: str, line: int, field: str) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) and v >= 0 for v in value):
        raise InputError("expected a list of non-negative integers", file=file, line=line, field=field)
    return list(value)


def _encode(tokenizer: Tokenizer | None, text: Any, *, file: str, line: int, field: str) -> list[int]:
    if not isinstance(text, str):
        raise InputError("expected a string", file=file, line=line, field=field)
    if tokenizer is None:
        raise InputError("text needs --tokenizer (the generating model's tokenizer)", file=file, line=line,
                         field=field)
    return list(tokenizer.encode(text))


def read_documents(path: Path, tokenizer: Tokenizer | None = None) -> list[Document]:
    """Documents of ``path`` (``.jsonl``: one per row; anything else: the whole file is one text)."""
    file = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=file) from exc
    if path.suffix != ".jsonl":
        return [Document(_encode(tokenizer, raw, file=file, line=1, field="text"), [], file)]
    docs: list[Document] = []
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON: {exc.msg}", file=file, line=lineno) from exc
        if not isinstance(row, dict):
            raise InputError("expected a JSON object", file=file, line=lineno)
        if "tokens" in row:
            tokens = _ids(row["tokens"], file=file, line=lineno, field="tokens")
        elif "text" in row:
            tokens = _encode(tokenizer, row["text"], file=file, line=lineno, field="text")
        else:
            raise InputError("row needs 'tokens' or 'text'", file=file, line=lineno)
        if "prompt_tokens" in row:
            prompt = _ids(row["prompt_tokens"], file=file, line=lineno, field="prompt_tokens")
        elif row.get("prompt"):
            prompt = _encode(tokenizer, row["prompt"], file=file, line=lineno, field="prompt")
        else:
            prompt = []
        docs.append(Document(tokens, prompt, f"{file}:{lineno}"))
    if not docs:
        raise InputError("no documents", file=file)
    return docs
