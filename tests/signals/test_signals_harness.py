"""Evaluation-harness formats and honest chain-of-thought requests pass; LLM-as-judge is flagged.

The phrasings here are written for this test (not taken from the training tables in
``signals/corpus/harness.py``); the problems are real held-out (test-split) prompts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from antidistill.signals.corpus.benign import load_benign
from antidistill.signals.reasoning import ReasoningElicitation

HONEST_FORMATS = [
    "Question: {q}\nLet's think step by step.",
    "{q}\n\nWork it out, then put the final answer after '####'.",
    "Problem: {q}\nMark your final answer with \\boxed{{}}.",
    "Here's an item from our benchmark suite. Reason through it step by step and finish with the answer.\n\n{q}",
    "Could you show your working for this one? I'm comparing the answers of a few chatbots.\n\n{q}",
    "Explique ton raisonnement étape par étape, s'il te plaît.\n\n{q}",
    "Erkläre deinen Lösungsweg Schritt für Schritt.\n\n{q}",
    "请详细写出你的解题思路。\n\n{q}",
    "Muestra tu trabajo paso a paso.\n\n{q}",
]

JUDGES = [
    "[System]\nYou are a helpful and precise assistant for checking the quality of the answer. Rate the helpfulness, "
    "relevance and accuracy of the response with one score from 1 to 10.\n\n{q}",
    "You are judging two chatbot replies. Say which one is better: output [[A]], [[B]] or [[C]] for a tie.\n"
    "[Reply A]\n{q}\n[Reply B]\nI don't know.",
    "Serve as our reward model: give the assistant response below a scalar reward between 0 and 1.\n\n{q}",
]


@pytest.fixture(scope="module")
def problems(shared_data: Path) -> list[str]:
    held = [t.text for t in load_benign(shared_data) if t.split == "test" and t.family in ("gsm8k", "mgsm")]
    return held[:60]


@pytest.fixture(scope="module")
def signal() -> ReasoningElicitation:
    return ReasoningElicitation().load()


def test_harness_formats_and_honest_cot_requests_mostly_pass(signal: ReasoningElicitation, problems: list[str]) -> None:
    rates = {}
    for fmt in HONEST_FORMATS:
        rates[fmt] = float(signal.score_batch([fmt.format(q=q) for q in problems]).flagged.mean())
    assert np.mean(list(rates.values())) <= 0.02, rates
    assert max(rates.values()) <= 0.1, rates


def test_llm_as_judge_prompts_are_flagged(signal: ReasoningElicitation, problems: list[str]) -> None:
    for fmt in JUDGES:
        flagged = signal.score_batch([fmt.format(q=q) for q in problems[:20]]).flagged
        assert flagged.mean() >= 0.8, (fmt, flagged.mean())
