"""Drawing a prompt and a matching reply from the real datasets, plus small benign text banks."""

from __future__ import annotations

import base64
import json

from .core import MODELS
from .population import World
from .textgen import code_reply, detect_lang, generic_reply, math_reply, reasoning_summary, steps_from_rationale

BASE64_SNIPPETS = [
    '{"user_id": 4821, "role": "admin"}',
    "hello from the staging box",
    "Bearer token expired",
    "SELECT * FROM orders WHERE id = 17;",
    "café au lait",
    "meeting moved to 3pm",
    '<svg width="10" height="10"></svg>',
    "PNG header?",
    "release-2026.03.1",
]
BASE64_ASKS = [
    "What does this base64 decode to? {b}",
    "can you decode {b} for me",
    "Is `{b}` valid base64, and what's inside?",
    "decode: {b}",
    "I found this string in a log file: {b} - what is it?",
]
BASE64_HOWTO = [
    "How do I base64-encode a file in bash without line wrapping?",
    "Why does my base64 string end with '=='?",
    "What's the difference between base64 and base64url?",
    "In Python, how do I decode base64 that is missing its padding?",
    "Node: Buffer.from(s, 'base64') returns garbage for my string, what am I doing wrong?",
]


def draw(w: World, pool: str) -> tuple[str, str, str, list[str] | None]:
    """Return (prompt, reply content, language, reasoning steps) for one request from `pool`."""
    r, c = w.r, w.c
    if pool == "chat_en":
        p = r.choice(c.chat_en)
        return p, generic_reply(r, p, "en"), "en", None
    if pool == "chat_multi":
        p = r.choice(c.chat_multi)
        lang = detect_lang(p)
        return p, generic_reply(r, p, lang), lang, None
    if pool == "coding":
        p = r.choice(c.coding)
        return p, generic_reply(r, p, "en"), "en", None
    if pool == "instruct":
        ins, inp, out = r.choice(c.instruct)
        p = ins + ("\n\n" + inp if inp else "")
        return p, generic_reply(r, p, "en", known=out), "en", None
    if pool == "zh":
        if r.random() < 0.8:
            q, a = r.choice(c.zh_questions)
            return q, generic_reply(r, q, "zh", known=a), "zh", None
        ins, inp, out = r.choice(c.zh_instruct)
        p = ins + ("\n" + inp if inp else "")
        return p, generic_reply(r, p, "zh", known=out), "zh", None
    if pool == "gsm":
        q, rat, fin = r.choice(c.gsm)
        return q, math_reply(r, rat, fin), "en", steps_from_rationale(rat)
    if pool == "humaneval":
        _, p, sol = r.choice(c.humaneval)
        ask = r.choice(
            [
                "Complete this function:\n\n```python\n{p}```",
                "{p}",
                "Finish the implementation:\n{p}",
                "Can you write the body of this?\n```python\n{p}```",
            ]
        ).format(p=p)
        return ask, code_reply(r, p, sol), "en", None
    if pool == "b64":
        if r.random() < 0.55:
            s = r.choice(BASE64_SNIPPETS)
            b = base64.b64encode(s.encode()).decode()
            return r.choice(BASE64_ASKS).format(b=b), f"It decodes to:\n\n```\n{s}\n```", "en", None
        p = r.choice(BASE64_HOWTO)
        return p, generic_reply(r, p, "en"), "en", None
    if pool == "machine":
        p = r.choice(c.machine_instr)
        return p, generic_reply(r, p, "en"), "en", None
    raise ValueError(pool)


def reply(
    w: World,
    model: str,
    prompt: str,
    content: str | None,
    lang: str = "en",
    steps: list[str] | None = None,
    tool_calls: list | None = None,
) -> dict:
    """Assistant message; lyra-3 / lyra-3.5 also return a reasoning summary in `reasoning_content`."""
    reasoning = reasoning_summary(w.r, prompt, lang, steps) if MODELS[model][3] else None
    return {"content": content, "reasoning": reasoning, "tool_calls": tool_calls}


def pick(w: World, weights: dict[str, float]) -> str:
    return w.r.choices(list(weights), weights=list(weights.values()))[0]


def json_dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
