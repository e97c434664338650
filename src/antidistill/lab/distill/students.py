"""Students: how a distiller turns harvested exchanges into a model, and how we score it.

Two modes, as a distiller would train: ``answers`` (the visible answer only; an empty think block)
and ``reasoning`` (the harvested chain of thought, then the answer). The no-distillation baseline
for each mode is the same student trained, for the same number of steps, on the attacker's small
hand-solved seed set alone (ground-truth worked solutions of ``seed_size`` attacker-split problems
that the harvest never uses); distilled students train on seed set + harvest. The gain of a harvest
is distilled accuracy minus baseline accuracy on the held-out eval split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from transformers import GPT2LMHeadModel

from antidistill.lab.distill.decoding import DecodeConfig, generate
from antidistill.lab.distill.metrics import Accuracy, exact_match
from antidistill.lab.distill.model import ModelSpec
from antidistill.lab.distill.sequences import (
    Example,
    decode_completion,
    encode_completion,
    encode_prompt,
    prompt_text,
)
from antidistill.lab.distill.task import ELICIT_INSTRUCTIONS, Problem, TaskFamily
from antidistill.lab.distill.tokenizer import WordTokenizer
from antidistill.lab.distill.training import TrainConfig, TrainResult, train_model

Mode = Literal["answers", "reasoning"]
MODES: tuple[Mode, ...] = ("answers", "reasoning")
# The first SEED_POOL attacker-split problems are reserved for seed sets; harvest prompts start after them.
SEED_POOL = 500


@dataclass(frozen=True)
class Exchange:
    """One harvested exchange as the attacker stored it (reasoning is empty when the API hid it)."""

    key_id: str
    prompt: str
    reasoning: str
    content: str


@dataclass(frozen=True)
class StudentResult:
    """A trained student's held-out accuracy and what it was trained on."""

    mode: Mode
    examples: int
    accuracy: Accuracy
    train: TrainResult


def exchange_examples(tok: WordTokenizer, exchanges: Sequence[Exchange], mode: Mode) -> list[Example]:
    """Training examples from harvested exchanges (exchanges without a visible answer are dropped)."""
    out = []
    for ex in exchanges:
        if not ex.content:
            continue
        reasoning = ex.reasoning if mode == "reasoning" else None
        out.append(Example(encode_prompt(tok, ex.prompt), encode_completion(tok, reasoning, ex.content)))
    return out


def seed_set(task: TaskFamily, n: int) -> list[Exchange]:
    """The attacker's hand-solved problems: the first ``n`` of the attacker split (the harvest starts after them)."""
    if n > SEED_POOL:
        raise ValueError(f"seed set of {n} exceeds the reserved pool of {SEED_POOL} attacker problems")
    problems = task.take("attacker", n)
    return [Exchange(key_id="seed", prompt=prompt_text(p, ELICIT_INSTRUCTIONS[i % len(ELICIT_INSTRUCTIONS)]),
                     reasoning=p.reasoning, content=p.final) for i, p in enumerate(problems)]


def eval_prompts(problems: Sequence[Problem]) -> list[str]:
    """Held-out prompts, phrased the way the attacker phrases its own (rotating elicitation templates)."""
    return [prompt_text(p, ELICIT_INSTRUCTIONS[i % len(ELICIT_INSTRUCTIONS)]) for i, p in enumerate(problems)]


def evaluate(model: GPT2LMHeadModel, tok: WordTokenizer, problems: Sequence[Problem],
             cfg: DecodeConfig | None = None) -> Accuracy:
    """Greedy exact-match accuracy on ``problems`` with a 95% Wilson interval."""
    prompts = [encode_prompt(tok, text) for text in eval_prompts(problems)]
    outs = generate(model, tok, prompts, cfg or DecodeConfig())
    predicted = [decode_completion(tok, ids).answer for ids in outs]
    return exact_match(predicted, [p.answer for p in problems])


def train_student(spec: ModelSpec, tok: WordTokenizer, exchanges: Sequence[Exchange], mode: Mode,
                  cfg: TrainConfig, eval_problems: Sequence[Problem]) -> StudentResult:
    """Train one student on ``exchanges`` in ``mode`` and score it on ``eval_problems``."""
    examples = exchange_examples(tok, exchanges, mode)
    model, result = train_model(spec, tok, examples, cfg)
    return StudentResult(mode=mode, examples=len(examples), accuracy=evaluate(model, tok, eval_problems),
                         train=result)
