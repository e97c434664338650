"""How an exchange becomes token ids and back: ``<bos> prompt <think> reasoning </think> answer <eos>``.

Teacher, students and the server share this one format, so a harvested exchange trains a student
on exactly what the teacher produced, and an answers-only student sees an empty think block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from antidistill.lab.distill.task import Problem
from antidistill.lab.distill.tokenizer import WordTokenizer

_ANSWER_RE = re.compile(r"answer is (-?\d+)")


@dataclass(frozen=True)
class Example:
    """One training example: the prompt (not trained on) and the completion (trained on)."""

    prompt: list[int]
    completion: list[int]


@dataclass(frozen=True)
class Completion:
    """A decoded completion: the reasoning, the visible answer text and the parsed integer (None if absent)."""

    reasoning: str
    content: str
    answer: int | None


def prompt_text(problem: Problem, instruction: str = "") -> str:
    """The user message: an optional instruction line, then the problem."""
    return f"{instruction} {problem.question}".strip()


def encode_prompt(tok: WordTokenizer, text: str) -> list[int]:
    """``<bos>`` + the message tokens."""
    return [tok.bos_id, *tok.encode(text)]


def encode_completion(tok: WordTokenizer, reasoning: str | None, content: str) -> list[int]:
    """The completion; ``reasoning=None`` (answers-only training) gives an empty think block."""
    inner = tok.encode(reasoning) if reasoning else []
    return [tok.think_id, *inner, tok.end_think_id, *tok.encode(content), tok.eos_id]


def parse_answer(content: str) -> int | None:
    """The integer after "answer is", or None."""
    m = _ANSWER_RE.search(content)
    return int(m.group(1)) if m else None


def decode_completion(tok: WordTokenizer, ids: list[int]) -> Completion:
    """Split generated ids at ``</think>`` (and stop at ``<eos>``)."""
    if tok.eos_id in ids:
        ids = ids[: ids.index(tok.eos_id)]
    if tok.end_think_id in ids:
        cut = ids.index(tok.end_think_id)
        reasoning_ids, content_ids = ids[:cut], ids[cut + 1:]
    else:  # ran out of tokens inside the think block: no visible answer
        reasoning_ids, content_ids = ids, []
    content = tok.decode(content_ids)
    return Completion(reasoning=tok.decode(reasoning_ids), content=content, answer=parse_answer(content))
