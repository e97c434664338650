from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("torch")

from antidistill.lab.distill.task import ELICIT_INSTRUCTIONS, HONEST_INSTRUCTIONS, TaskFamily
from antidistill.lab.distill.teacher import (
    FULL_RECIPE,
    QUICK_RECIPE,
    build_tokenizer,
    teacher_examples,
)

pytestmark = pytest.mark.ml


@pytest.fixture(scope="module")
def task() -> TaskFamily:
    return TaskFamily(seed=0)


def _kinds(task: TaskFamily, elicit: float, honest: float, n: int = 1500) -> dict[str, int]:
    tok = build_tokenizer(task)
    elicit_starts = {tuple(tok.encode(t)[:4]) for t in ELICIT_INSTRUCTIONS}
    honest_starts = {tuple(tok.encode(t)[:2]) for t in HONEST_INSTRUCTIONS[1:]}
    counts = {"elicit": 0, "honest": 0, "plain": 0}
    for ex in teacher_examples(task, tok, n, seed=1, elicit_share=elicit, honest_share=honest):
        body = ex.prompt[1:]  # after <bos>
        if tuple(body[:4]) in elicit_starts:
            counts["elicit"] += 1
        elif tuple(body[:2]) in honest_starts:
            counts["honest"] += 1
        else:
            counts["plain"] += 1
    return counts


@pytest.mark.parametrize(("elicit", "honest"), [(0.35, 0.3), (4 / 26, 4 / 26), (0.0, 0.0), (1.0, 0.0)])
def test_instruction_shares_are_honoured(task: TaskFamily, elicit: float, honest: float) -> None:
    counts = _kinds(task, elicit, honest)
    n = sum(counts.values())
    # binomial sd at n=1,500 is at most 1.3 points: 5 points is about 4 sd
    assert abs(counts["elicit"] / n - elicit) < 0.05
    assert abs(counts["honest"] / n - honest) < 0.05


@pytest.mark.parametrize(("elicit", "honest"), [(-0.1, 0.2), (0.7, 0.4)])
def test_bad_instruction_shares_raise_with_their_values(task: TaskFamily, elicit: float, honest: float) -> None:
    with pytest.raises(ValueError, match="elicit_share"):
        teacher_examples(task, build_tokenizer(task), 10, seed=1, elicit_share=elicit, honest_share=honest)


def test_cache_key_follows_every_recipe_field(task: TaskFamily) -> None:
    tok = build_tokenizer(task)
    base = FULL_RECIPE.key(tok, task)
    assert base == dataclasses.replace(FULL_RECIPE).key(tok, task)
    changed = [dataclasses.replace(FULL_RECIPE, elicit_share=0.2), dataclasses.replace(FULL_RECIPE, honest_share=0.1),
               dataclasses.replace(FULL_RECIPE, n_problems=10000),
               dataclasses.replace(FULL_RECIPE, train=dataclasses.replace(FULL_RECIPE.train, steps=1200)),
               QUICK_RECIPE]
    keys = {r.key(tok, task) for r in changed}
    assert base not in keys and len(keys) == len(changed)
