"""Shared helpers for personas and campaigns: prompt picking, answers, model choice, call assembly."""
from __future__ import annotations

import random

from . import textgen as tg
from .calls import Call, make_body, msg
from .rng import RELEASE, rng


class Ctx:
    def __init__(self, m, seed: int, scale: float, reg):
        self.m = m
        self.seed = seed
        self.scale = scale
        self.reg = reg
        self.calls: list[Call] = []
        self.end_user_labels: list[dict] = []

    def r(self, *parts) -> random.Random:
        return rng(self.seed, self.scale, *parts)


def pick_prompt(r: random.Random, m, mix: dict) -> tuple[str, str, str | None, int | None]:
    """(prompt, topic, reference answer or None, source index) drawn from a weighted source mix."""
    src = r.choices(list(mix), weights=list(mix.values()), k=1)[0]
    if src == "arena":
        p, t = m.arena[r.randrange(len(m.arena))]
        return p, t, None, None
    if src == "arena_code":
        return r.choice(m.arena_code), "code", None, None
    if src == "arena_math":
        return r.choice(m.arena_math), "math_free", None, None
    if src == "arena_general":
        return r.choice(m.arena_general), "general", None, None
    if src in ("si_seed", "si_user"):
        pool = m.seed_tasks if src == "si_seed" else m.user_tasks
        task = pool[r.randrange(len(pool))]
        inst = task["instances"][r.randrange(len(task["instances"]))] if task.get("instances") else {"input": "", "output": ""}
        p = task["instruction"] + (("\n\n" + inst["input"]) if inst.get("input") else "")
        return p, "general", inst.get("output") or None, None
    if src == "gsm":
        i = r.randrange(len(m.gsm8k))
        return m.gsm8k[i]["question"], "math", None, i
    if src == "he":
        i = r.randrange(len(m.humaneval))
        return m.humaneval[i]["prompt"], "code_he", None, i
    if src == "belle":
        row = m.belle[r.randrange(len(m.belle))]
        return row["question"], "zh", row.get("std_answer") or None, None
    if src == "zh_seed":
        task = m.zh_seed[r.randrange(len(m.zh_seed))]
        inst = task["instances"][0] if task.get("instances") else {"input": "", "output": ""}
        p = task["instruction"] + (("\n" + inst["input"]) if inst.get("input") else "")
        return p, "zh", inst.get("output") or None, None
    if src == "unnatural":
        return r.choice(m.unnatural), "general", None, None
    if src.startswith("mgsm_"):
        lang = src[5:]
        if lang == "any":
            lang = r.choice(m.mgsm_langs)
        i = r.randrange(len(m.mgsm[lang]))
        return m.mgsm[lang][i][0], "mgsm_" + lang, m.mgsm[lang][i][1], i
    raise ValueError(src)


def answer(r: random.Random, m, topic: str, ref: str | None, idx: int | None, style: str = "steps") -> str:
    if topic == "math":
        return tg.math_answer(r, m, idx, style=style)
    if topic == "code_he":
        return tg.code_answer(r, m, idx, explain=r.random() < 0.6)
    if topic == "code":
        if r.random() < 0.5:
            return tg.code_answer(r, m, None, explain=True)
        return tg.general_answer(r, m, tg.out_chars(r, m, 200, 1400)) + "\n\n```python\n" + r.choice(m.code_blocks).rstrip() + "\n```"
    if topic == "math_free":
        return tg.math_answer(r, m, None, style=style)
    if topic == "zh":
        base = (ref or "")[:1500]
        return base if base and r.random() < 0.7 else tg.zh_answer(r, m, r.randint(120, 700))
    if topic.startswith("mgsm_"):
        lang = topic[5:]
        if lang == "en":
            return tg.stitch(r, m.s_math, r.randint(150, 450), sep="\n") + (f"\n\nThe answer is {ref}." if ref else "")
        steps = tg.lang_text(r, m, lang, r.randint(150, 500))
        return f"{steps}\n\n{ref}" if ref else steps
    if ref and r.random() < 0.75:
        return ref if len(ref) > 60 or r.random() < 0.5 else ref + "\n\n" + tg.general_answer(r, m, r.randint(80, 300))
    return tg.general_answer(r, m, tg.out_chars(r, m))


def reasoning_for(r: random.Random, m, topic: str, idx: int | None, long: bool = False, lang: str | None = None) -> str:
    if lang == "en" or topic == "mgsm_en":
        return tg.math_reasoning(r, m, None, long=long)[0]
    if lang:
        return tg.lang_text(r, m, lang, r.randint(500, 1600) if long else r.randint(200, 600))
    if topic == "math":
        return tg.math_reasoning(r, m, idx, long=long)[0]
    if topic == "math_free":
        return tg.math_reasoning(r, m, None, long=long)[0]
    if topic in ("code", "code_he"):
        return tg.code_reasoning(r, m, idx if topic == "code_he" else None)
    if topic == "zh":
        return tg.zh_answer(r, m, r.randint(200, 700))
    return tg.general_reasoning(r, m, r.randint(250, 900) if long else r.randint(150, 400))


def model_for(r: random.Random, policy, t: float) -> str:
    """policy: 'm3' | 'latest' | ('adopt', delay_s) | ('split', p, delay_s)."""
    if policy == "m3":
        return "meridian-3"
    if policy == "latest":
        return "meridian-latest"
    if policy[0] == "adopt":
        if RELEASE - 6 * 3600 < t < RELEASE and r.random() < 0.25:
            return "meridian-4"  # tries the announced model early: the front door answers 404
        return "meridian-4" if t >= RELEASE + policy[1] else "meridian-3"
    if policy[0] == "split":
        return "meridian-4" if (t >= RELEASE + policy[2] and r.random() < policy[1]) else "meridian-3"
    raise ValueError(policy)


def served_model(model: str, t: float) -> str:
    if model == "meridian-latest":
        return "meridian-4" if t >= RELEASE else "meridian-3"
    return model


def add(ctx: Ctx, t: float, acct, model: str, messages: list, content=None, reasoning=None, tool_calls=None,
        finish: str = "stop", ucx=None, end_user=None, task: str = "", harvest: bool = False, huge: int = 0, **params) -> Call:
    if reasoning and served_model(model, t) == "meridian-3" and params.get("reasoning_effort") is None:
        reasoning = None  # meridian-3 only returns reasoning content when asked for it (meridian-4 always reasons)
    body = make_body(acct, model, messages, **params)
    if ucx:
        body["usage_context"] = dict(ucx)
    c = Call(t, acct, body, content=content, reasoning=reasoning, tool_calls=tool_calls, finish=finish, ucx=ucx,
             end_user=end_user, task=task, harvest=harvest, huge=huge)
    ctx.calls.append(c)
    return c


def dev_params(r: random.Random, reasoning_p: float = 0.1) -> dict:
    p = {}
    x = r.random()
    if x < 0.35:
        p["temperature"] = r.choice([0, 0.2, 0.3, 0.5, 0.7, 0.7, 1, 1.0])
    if r.random() < 0.55:
        p["max_tokens"] = r.choice([256, 512, 1000, 1024, 2048, 4096])
    if r.random() < 0.38:
        p["stream"] = True
        if r.random() < 0.5:
            p["stream_options"] = {"include_usage": True}
    if r.random() < reasoning_p:
        p["reasoning_effort"] = r.choice(["low", "medium", "medium", "high"])
    if r.random() < 0.06:
        p["top_p"] = r.choice([0.9, 0.95, 1])
    return p


def user_turn(prompt: str, r: random.Random, suffix_pool: list[str] | None = None, p: float = 0.0) -> str:
    if suffix_pool and r.random() < p:
        s = r.choice(suffix_pool)
        return f"{prompt}\n\n{s}" if r.random() < 0.75 else f"{s}\n\n{prompt}"
    return prompt


__all__ = ["Ctx", "add", "answer", "dev_params", "model_for", "msg", "pick_prompt", "reasoning_for", "served_model", "user_turn"]
