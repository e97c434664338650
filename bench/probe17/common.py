"""Helpers shared by the benign personas and the campaigns: clocks, client contexts, items, message builders."""

from __future__ import annotations

import random

from . import texts
from .world import DAY, END, HOUR, MIN, NEW, RELEASE, START, Account, Key, Reply, World, local_ms, weekday

PROFILES = {  # local hour-of-day weights, 0..23
    "evening": (1, 1, .5, .2, .1, .1, .2, .5, 1, 1.5, 2, 2, 2, 2, 2, 2, 2.5, 3, 4, 5, 6, 6, 4, 2),
    "office": (0, 0, 0, 0, 0, 0, .1, .5, 3, 6, 7, 6, 4, 6, 7, 6, 5, 3, 1, .5, .3, .2, .1, 0),
    "student": (2, 1.5, .8, .3, .1, .1, .1, .2, .6, 1, 1.5, 2, 2, 2.5, 2.5, 2.5, 3, 3, 3.5, 4.5, 5.5, 6, 5, 3.5),
    "consumer": (1.5, 1, .6, .4, .3, .3, .5, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3, 3, 3.5, 4, 4.5, 5, 4.5, 3.5, 2.5),
    "flat": (1,) * 24,
}
HOURS = tuple(range(24))


def starts(rng: random.Random, a: Account, n: int, profile: str, *, weekend: float = 0.6, day_from: int = 0,
           day_to: int = 14, after: int | None = None) -> list[int]:
    """``n`` session start times (UTC ms, sorted) on the account's local clock."""
    lo = max(START, a.created_at, after or 0)
    w = PROFILES[profile]
    days = [d for d in range(day_from, day_to) if local_ms(a.country, d, 23.99) > lo]
    if not days:
        return []
    dw = [weekend if weekday(START + d * DAY) >= 5 else 1.0 for d in days]
    out = []
    for _ in range(n * 3):
        if len(out) >= n:
            break
        d = rng.choices(days, dw)[0]
        h = rng.choices(HOURS, w)[0] + rng.random()
        t = local_ms(a.country, d, h)
        if lo <= t < END - 10 * MIN:
            out.append(t)
    return sorted(out)


def flat_times(rng: random.Random, per_day: float, t0: int = START, t1: int = END) -> list[int]:
    out, t = [], t0
    if per_day <= 0:
        return out
    while True:
        t += int(rng.expovariate(per_day / DAY))
        if t >= t1:
            return out
        out.append(t)


class Client:
    """One account's way of calling: keys, addresses, user agent and its call helper."""

    def __init__(self, w: World, a: Account, rng: random.Random, ua: str, ips: list[str],
                 keys: list[Key] | None = None, stream: float = 0.0) -> None:
        self.w, self.a, self.rng, self.ua, self.ips = w, a, rng, ua, ips
        self.keys = keys or a.keys
        self.stream = stream

    def send(self, t: int, model: str, msgs: list[dict], reply: Reply, *, params: dict | None = None,
             tools: list[dict] | None = None, end_user: str | None = None, eu: tuple | None = None,
             ip: str | None = None, key: Key | None = None, stream: bool | None = None) -> tuple[int, int]:
        r = self.rng
        live = [k for k in self.keys if k.created_at <= t] or self.keys[:1]
        return self.w.call(self.a, t, model, msgs, reply, key=key or r.choice(live), ip=ip or r.choice(self.ips),
                           ua=self.ua, params=params, tools=tools,
                           stream=(r.random() < self.stream) if stream is None else stream,
                           end_user=end_user, eu=eu, rng=r)


def sys(t: str) -> dict:
    return {"role": "system", "content": t}


def user(t: str) -> dict:
    return {"role": "user", "content": t}


def asst(t: str) -> dict:
    return {"role": "assistant", "content": t}


def model_for(rng: random.Random, t: int, *, reason: float = 0.1, mini: float = 0.35, adopt: float = 0.3,
              adopt_after: int = 6 * HOUR) -> str:
    if t >= RELEASE + adopt_after and rng.random() < adopt:
        return NEW
    x = rng.random()
    return "vireo-3-reason" if x < reason else "vireo-3-mini" if x < reason + mini else "vireo-3"


def casual_item(w: World, rng: random.Random, lang: str) -> tuple[str, Reply, str]:
    """An everyday request in ``lang`` and its synthetic reply; the third value names the source."""
    c = w.c
    x = rng.random()
    if lang == "zh":
        if x < 0.75:
            q, a, _ = rng.choice(c.belle)
            return q, Reply(a or texts.open_answer(c, rng, "zh")), "belle"
        if x < 0.9:
            i = rng.randrange(250)
            return c.mgsm["zh"][i], Reply(texts.math_answer(c.mgsm_item[i], "zh")), "mgsm"
        ins, inp, out = rng.choice(c.belle_seed)
        return (ins + ("\n" + inp if inp else "")), Reply(out or texts.open_answer(c, rng, "zh")), "belle_seed"
    if lang not in ("en", "zh") and x < 0.45:
        i = rng.randrange(250)
        return c.mgsm[lang][i], Reply(texts.math_answer(c.mgsm_item[i], lang)), "mgsm"
    if x < 0.22:
        ins, inp, out = rng.choice(c.si)
        return (ins + ("\n\n" + inp if inp else "")), Reply(out or texts.open_answer(c, rng)), "self_instruct"
    if x < 0.40:
        p = rng.choice(c.arena_v01)
        return p, Reply(texts.open_answer(c, rng, lang, (3, 9))), "arena"
    if x < 0.50:
        p = rng.choice(c.arena["creative_writing"])
        return p, Reply(texts.open_answer(c, rng, lang, (4, 10))), "arena_creative"
    if x < 0.62:
        p = rng.choice(c.arena["coding"])
        return p, Reply(texts.open_answer(c, rng, lang, (3, 8))), "arena_code"
    if x < 0.72:
        m = rng.choice(c.gsm)
        return m.question, Reply(texts.math_answer(m)), "gsm8k"
    if x < 0.80:
        k = rng.choice(c.code)
        return k.prompt, Reply(texts.code_answer(k, rng)), "humaneval"
    if x < 0.90:
        return rng.choice(c.unnatural), Reply(texts.open_answer(c, rng, lang)), "unnatural"
    if x < 0.96:
        return rng.choice(c.hh), Reply(rng.choice((
            "I can't help with that, but I'm happy to talk about something else.",
            "I'm not able to help with that request.",
            "That's not something I can assist with. If you're in a difficult situation, consider reaching out to "
            "someone you trust.")) if rng.random() < 0.6 else texts.open_answer(c, rng, lang, (1, 3))), "hh"
    p = rng.choice(c.arena["math"])
    return p, Reply(texts.open_answer(c, rng, lang, (3, 8))), "arena_math"


FOLLOWUPS = {"en": ("Can you make it shorter?", "Thanks! Can you give another example?", "Why?",
                    "Can you explain that part again?", "ok now in a table", "That doesn't look right, check again.",
                    "more detail please", "Translate that to Spanish."),
             "zh": ("能再简短一点吗？", "谢谢！再举个例子？", "为什么？", "请再解释一下。"),
             "de": ("Kannst du das kürzer machen?", "Danke! Noch ein Beispiel?"),
             "fr": ("Tu peux faire plus court ?", "Merci ! Un autre exemple ?"),
             "es": ("¿Puedes hacerlo más corto?", "¡Gracias! ¿Otro ejemplo?"),
             "ja": ("もう少し短くできますか？", "ありがとう！別の例は？"),
             "ru": ("Можно короче?", "Спасибо! Ещё пример?")}


def follow(rng: random.Random, lang: str) -> str:
    return rng.choice(FOLLOWUPS.get(lang, FOLLOWUPS["en"]))
