"""Drawing prompt items (question, reference reply, reasoning summary) from the corpus."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .corpus import Corpus, MathItem
from .texts import code_answer, code_summary, math_answer, math_summary, open_answer, open_summary, zh_answer


@dataclass
class Item:
    source: str
    key: str  # stable id of the underlying dataset item
    prompt: str
    answer: str
    summary: list[str]
    lang: str = "en"
    math: MathItem | None = None


def make(c: Corpus, rng: random.Random, source: str, idx: int | None = None) -> Item:
    if source == "gsm":
        i = rng.randrange(len(c.gsm)) if idx is None else idx % len(c.gsm)
        m = c.gsm[i]
        return Item(source, f"gsm{i}", m.question, math_answer(m), math_summary(m, "en", rng), "en", m)
    if source.startswith("mgsm:"):
        lang = source[5:]
        i = rng.randrange(250) if idx is None else idx % 250
        m = c.mgsm_item[i]
        q = c.mgsm[lang][i]
        return Item(source, f"mgsm{i}", q, math_answer(m, lang), math_summary(m, lang, rng), lang, m)
    if source == "code":
        i = rng.randrange(len(c.code)) if idx is None else idx % len(c.code)
        ci = c.code[i]
        return Item(source, ci.task_id, ci.prompt, code_answer(ci), code_summary(ci, rng))
    if source in ("arena_code", "arena_math", "arena_other", "arena_v01"):
        pool = getattr(c, source)
        i = rng.randrange(len(pool)) if idx is None else idx % len(pool)
        return Item(source, f"{source}{i}", pool[i], open_answer(c, rng), open_summary(rng))
    if source == "si":
        i = rng.randrange(len(c.si)) if idx is None else idx % len(c.si)
        inst, inp, out = c.si[i]
        prompt = inst + (f"\n\n{inp}" if inp else "")
        return Item(source, f"si{i}", prompt, open_answer(c, rng, out), open_summary(rng))
    if source in ("belle", "belle_reason", "belle_open"):
        pool = c.belle if source == "belle" else getattr(c, source)
        i = rng.randrange(len(pool)) if idx is None else idx % len(pool)
        q, a, _cls = pool[i]
        return Item(source, f"{source}{i}", q, zh_answer(c, rng, a), open_summary(rng, "zh"), "zh")
    if source == "unnatural":
        i = rng.randrange(len(c.unnatural)) if idx is None else idx % len(c.unnatural)
        return Item(source, f"un{i}", c.unnatural[i], open_answer(c, rng), open_summary(rng))
    raise ValueError(source)


def draw(c: Corpus, rng: random.Random, mix: dict[str, float]) -> Item:
    total = sum(mix.values())
    r = rng.random() * total
    for src, w in mix.items():
        r -= w
        if r <= 0:
            return make(c, rng, src)
    return make(c, rng, next(iter(mix)))
