"""Items and the generic send helper shared by personas and campaigns."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import texts
from .corpus import Corpus
from .world import THINK, Account, Key, Req, World


@dataclass
class Task:
    prompt: str
    answer: str  # the visible reply without elicitation
    cot: str  # the visible reply when step-by-step work is asked for
    steps: tuple[str, ...]
    final: str
    lang: str = "en"
    src: str = ""


def gsm(c: Corpus, i: int) -> Task:
    m = c.gsm[i % len(c.gsm)]
    return Task(m.question, texts.math_short(m), texts.math_cot(m), m.steps, m.final, "en", f"gsm8k/{i % 1319}")


def mgsm(c: Corpus, i: int, lang: str) -> Task:
    i %= 250
    m = c.mgsm_item[i]
    return Task(c.mgsm[lang][i], texts.math_short(m), texts.math_cot(m, lang), m.steps, m.final, lang,
                f"mgsm/{lang}/{i}")


def he(c: Corpus, i: int) -> Task:
    x = c.he[i % len(c.he)]
    lines = tuple(ln.strip() for ln in x.solution.split("\n") if ln.strip())[:10]
    return Task(x.prompt, texts.code_answer(x, explain=False), texts.code_answer(x), lines, "", "en", x.task_id)


def arena(c: Corpus, rng: random.Random, pool: str = "any") -> Task:
    p = {"code": c.arena_code, "math": c.arena_math, "creative": c.arena_creative, "v01": c.arena_v01}.get(pool)
    if p is None:
        p = rng.choice((c.arena_code, c.arena_math, c.arena_creative, c.arena_v01))
    q = rng.choice(p)
    ans = texts.generic(rng, c, lo=4, hi=10)
    steps = tuple(rng.choice(c.sentences) for _ in range(rng.randint(3, 6)))
    return Task(q, ans, "Let me go through this carefully.\n\n" + ans, steps, "", "en", "arena")


def si(c: Corpus, rng: random.Random) -> Task:
    inst, inp, out = rng.choice(c.si)
    q = inst + (f"\n\n{inp}" if inp else "")
    ans = texts.generic(rng, c, out)
    return Task(q, ans, ans, tuple(rng.choice(c.sentences) for _ in range(3)), "", "en", "self-instruct")


def belle(c: Corpus, rng: random.Random, pool: str = "any") -> Task:
    q, a, _ = rng.choice(c.belle_math if pool == "math" else c.belle_open if pool == "open" else c.belle)
    ans = texts.zh_generic(rng, c, a)
    steps = tuple(rng.choice(c.zh_sentences) for _ in range(3))
    return Task(q, ans, ans, steps, "", "zh", "belle")


def mixed(c: Corpus, rng: random.Random, zh: bool = False) -> Task:
    x = rng.random()
    if zh and x < 0.6:
        return belle(c, rng)
    if x < 0.3:
        return arena(c, rng)
    if x < 0.6:
        return si(c, rng)
    if x < 0.75:
        return he(c, rng.randrange(164))
    if x < 0.85:
        return gsm(c, rng.randrange(1319))
    return Task(rng.choice(c.unnatural), texts.generic(rng, c), "", (), "", "en", "unnatural")


def send(w: World, rng: random.Random, t: float, a: Account, key: Key, ip: str, ua: str, model: str,
         messages: list[dict], task: Task | None, *, cot: bool = False, content: str | None = None,
         params: dict | None = None, user: str | None = None, reasoning_lang: str | None = None,
         tool_calls: list | None = None, region: str | None = None) -> Req | None:
    body: dict = {"model": model, "messages": messages}
    if params:
        body.update(params)
    if user:
        body["user"] = user
    reasoning = None
    if content is None and task is not None:
        content = task.cot if cot or (model == THINK and rng.random() < 0.3) else task.answer
        if not content:
            content = task.answer
    if model == THINK:
        lang = reasoning_lang or "en"
        if task is not None and task.steps:
            reasoning = texts.reasoning(rng, task.steps, task.final, lang)
        else:
            reasoning = texts.generic_reasoning(rng, w.c, lang)
    finish = "tool_calls" if tool_calls else "stop"
    return w.add(t, a, key, ip, ua, body, content, reasoning=reasoning, tool_calls=tool_calls, finish=finish,
                 region=region)
