"""Shared task pickers: a prompt from the real datasets together with a synthetic reply of the right kind."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import texts
from .corpus import Corpus


@dataclass
class Task:
    prompt: str
    answer: str
    what: str  # a short description for reasoning summaries
    lang: str = "en"


FOLLOW_UPS = (
    "Can you make it shorter?",
    "Thanks! Could you add error handling?",
    "Explain the second part in more detail.",
    "Now write a couple of unit tests for it.",
    "What are the trade-offs of this approach?",
    "Can you give me a concrete example?",
    "ok and what if the input is empty?",
    "Rewrite it in a friendlier tone.",
    "Could you put that in a table?",
    "Great. Summarise it in three bullet points.",
    "that didn't work, any idea why?",
    "Is there a simpler way?",
)
FOLLOW_UPS_ZH = ("能再简短一点吗？", "可以举个具体的例子吗？", "谢谢！请再解释一下第二点。", "有没有更简单的方法？")


def general(rng: random.Random, c: Corpus, zh_share: float = 0.0, mix: str = "dev") -> Task:
    """An everyday prompt. ``mix``: dev (developers: code-heavy), chat (consumers), office (work tasks)."""
    if rng.random() < zh_share:
        if rng.random() < 0.7:
            q, a, cls = rng.choice(c.belle)
            return Task(q, a or texts.generic_answer(rng, c, 3, 8, zh=True), cls, "zh")
        ins, inp, out = rng.choice(c.belle_seed)
        return Task(ins + ("\n" + inp if inp else ""), out or texts.generic_answer(rng, c, 2, 6, zh=True), ins, "zh")
    weights = {
        "dev": (("arena_code", 26), ("he", 14), ("arena01", 22), ("si", 18), ("gsm", 5), ("writing", 8), ("unnat", 7)),
        "chat": (("arena01", 20), ("si", 25), ("writing", 20), ("hh", 12), ("gsm", 8), ("arena_code", 8), ("unnat", 7)),
        "office": (("si", 45), ("writing", 20), ("arena01", 20), ("unnat", 15)),
    }[mix]
    kind = rng.choices([k for k, _ in weights], [w for _, w in weights])[0]
    if kind == "arena_code":
        p = rng.choice(c.arena_code)
        he = rng.choice(c.he)
        ans = (
            texts.generic_answer(rng, c, 2, 4)
            + "\n\n```python\n"
            + (he.prompt + he.solution).strip()
            + "\n```\n\n"
            + texts.generic_answer(rng, c, 1, 3)
        )
        return Task(p, ans, texts.short(p, 120))
    if kind == "he":
        he = rng.choice(c.he)
        p = rng.choice(
            (
                "Complete this function:\n\n```python\n{}```",
                "{}",
                "Implement the body:\n{}",
                "can you finish this python function\n\n{}",
            )
        ).format(he.prompt)
        return Task(p, texts.code_answer(he, rng), f"implement {he.entry}")
    if kind == "arena01":
        _, p = rng.choice(c.arena_v01)
        return Task(p, texts.generic_answer(rng, c, 4, 12), texts.short(p, 120))
    if kind == "writing":
        p = rng.choice(c.arena_writing)
        return Task(p, texts.generic_answer(rng, c, 5, 14), texts.short(p, 120))
    if kind == "si":
        ins, inp, out = rng.choice(c.si)
        p = ins + ("\n\n" + inp if inp else "")
        if len(out) > 40:
            ans = out
        else:
            ans = out + ("\n\n" + texts.generic_answer(rng, c, 1, 3) if rng.random() < 0.5 else "")
        return Task(p, ans or texts.generic_answer(rng, c, 2, 5), texts.short(ins, 120))
    if kind == "gsm":
        m = rng.choice(c.gsm)
        return Task(m.question, texts.math_answer(m, rng), "a word problem")
    if kind == "hh":
        h, a = rng.choice(c.hh)
        return Task(h, a, texts.short(h, 100))
    p = rng.choice(c.unnatural)
    return Task(p, texts.generic_answer(rng, c, 2, 6), texts.short(p, 120))


def zipf_pick(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with Zipf-like weights (rank 0 most likely)."""
    # inverse-CDF on a continuous approximation; cheap and deterministic
    u = rng.random()
    x = ((n ** (1 - s) - 1) * u + 1) ** (1 / (1 - s))
    return min(n - 1, max(0, int(x) - 1))
