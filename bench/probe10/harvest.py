"""Building blocks shared by campaigns: what a harvesting request asks and what the model returns."""

from __future__ import annotations

import json
import random

from . import textgen, wrappers
from .calls import Message, Reply, system, user
from .corpus import Corpus, Item


def payload(c: Corpus, rnd: random.Random, mix: str = "broad") -> Item:
    """A task worth distilling: reasoning, math, code and hard general prompts."""
    if mix == "code":
        return rnd.choice(c.arena_code + c.humaneval)
    if mix == "math":
        return rnd.choice(c.gsm8k)
    pools = [(c.gsm8k, 3), (c.arena_en, 3), (c.arena_code, 2), (c.belle, 2), (c.seed_tasks, 1), (c.humaneval, 1)]
    pool = rnd.choices([p for p, _ in pools], [w for _, w in pools])[0]
    return rnd.choice(pool)


def reference(item: Item, rnd: random.Random) -> str:
    """A completed response to reconstruct reasoning for (the dataset's own answer where it has one)."""
    if item.task == "math" and item.answer:
        return f"The answer is {item.extra}." if rnd.random() < 0.5 else textgen.math_answer(item, rnd, "short")
    if item.answer:
        return item.answer[:1500]
    return textgen.answer(item, rnd, 150)


def elicit_messages(item: Item, rnd: random.Random) -> tuple[list[Message], str]:
    """Chain-of-thought elicitation around a payload; returns messages and the mode used."""
    r = rnd.random()
    if r < 0.27:
        tpl = rnd.choice(wrappers.COT_RECONSTRUCT)
        return [user(tpl.format(q=item.text, a=reference(item, rnd)))], "reconstruct"
    phrase = rnd.choice(wrappers.COT_ELICIT)
    if r < 0.5:
        return [system(phrase), user(item.text)], "system"
    if r < 0.75:
        return [user(f"{phrase}\n\n{item.text}")], "prefix"
    return [user(f"{item.text}\n\n{phrase}")], "suffix"


def elicited_reply(item: Item, rnd: random.Random, lang: str = "en", reasoning_field: bool = False) -> Reply:
    """The model complies: a long written-out reasoning trace followed by the answer."""
    trace = textgen.reasoning(item, rnd, lang, rnd.randint(500, 1500))
    final = textgen.answer(item, rnd, rnd.randint(120, 400))
    style = rnd.random()
    if style < 0.4:
        content = f"<thinking>\n{trace}\n</thinking>\n\n<answer>\n{final}\n</answer>"
    elif style < 0.7:
        content = f"**Reasoning**\n\n{trace}\n\n**Answer**\n\n{final}"
    else:
        content = f"{trace}\n\n---\n\n{final}"
    hidden = textgen.reasoning(item, rnd, lang, rnd.randint(200, 800)) if reasoning_field else None
    return Reply(content, reasoning=hidden)


def candidate(item: Item, rnd: random.Random) -> str:
    """A student-model answer to be graded (math answers are often subtly wrong)."""
    if item.task == "math" and item.answer:
        return textgen.perturb_numbers(textgen.math_answer(item, rnd), rnd) if rnd.random() < 0.5 \
            else textgen.math_answer(item, rnd)
    return textgen.answer(item, rnd, rnd.randint(80, 300))


def grade_reply(rnd: random.Random, pairwise: bool, item: Item) -> Reply:
    crit = textgen.generic_answer(item.text, rnd, rnd.randint(80, 220))
    if pairwise:
        return Reply(f"{crit}\n\nVerdict: {rnd.choice(['[[A]]', '[[B]]'])}")
    scores = {k: rnd.randint(3, 10) for k in ("correctness", "helpfulness", "reasoning_quality", "clarity")}
    scores["overall"] = round(sum(scores.values()) / 4)
    return Reply(json.dumps({"scores": scores, "justification": crit}))
