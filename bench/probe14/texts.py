"""Synthetic replies of plausible shape and length, stitched from the datasets' own reference answers.

No model is run. Maths replies reuse the GSM8K rationale (or its calculator equations, for other languages), code
replies the HumanEval reference solution, other replies sentences of Self-Instruct outputs, HH-RLHF assistant
turns or BELLE answers. Reasoning text for ``heron-4-thinking`` is a templated summary around the same material.
"""

from __future__ import annotations

import random
import re

from .corpus import CodeItem, Corpus, MathItem

_STEP_WORD = {
    "en": ("Step", "So the answer is"),
    "de": ("Schritt", "Die Antwort lautet"),
    "es": ("Paso", "La respuesta es"),
    "fr": ("Étape", "La réponse est"),
    "ja": ("ステップ", "答えは"),
    "ru": ("Шаг", "Ответ:"),
    "zh": ("第{}步", "所以答案是"),
    "bn": ("ধাপ", "উত্তর হল"),
    "sw": ("Hatua", "Jibu ni"),
    "te": ("దశ", "సమాధానం"),
    "th": ("ขั้นตอนที่", "คำตอบคือ"),
}
_CALC = {
    "en": "compute {}",
    "de": "berechnen wir {}",
    "es": "calculamos {}",
    "fr": "on calcule {}",
    "ja": "{} を計算します",
    "ru": "вычисляем {}",
    "zh": "计算 {}",
    "bn": "হিসাব করি {}",
    "sw": "tunahesabu {}",
    "te": "{} లెక్కిద్దాం",
    "th": "คำนวณ {}",
}
_THINK_OPEN = (
    "The user wants {what}. Let me work through it carefully.",
    "Okay, so the task is {what}. I'll break it into parts.",
    "Let me restate the problem: {what}.",
    "First I need to understand what is being asked: {what}.",
)
_THINK_MID = (
    "Let me double-check that step before moving on.",
    "Hmm, wait. I should verify the arithmetic here.",
    "That seems consistent with the earlier constraint.",
    "Alternatively I could approach it from the other direction, but this path is simpler.",
    "I need to be careful about edge cases here.",
    "Let me re-read the question to make sure I did not miss a condition.",
    "Checking units and magnitudes: this looks reasonable.",
    "Actually, let me reconsider the second part.",
)
_THINK_CLOSE = (
    "I'm fairly confident in this now. Let me write up the answer clearly.",
    "Everything checks out, so I'll present the result.",
    "Good. Now I'll format the final response.",
)
_THINK_ZH = (
    "让我仔细想一想这个问题。",
    "先理解题目的要求。",
    "我再检查一下这一步的计算。",
    "这个结果和前面的条件一致。",
    "换一种思路验证一下。",
    "好的，现在可以整理答案了。",
)
_THINK_JA = (
    "この問題をよく考えてみます。",
    "まず問題の条件を整理します。",
    "この計算をもう一度確認します。",
    "前の条件と矛盾しないか確かめます。",
    "では答えをまとめます。",
)
_THINK_RU = (
    "Давайте внимательно разберём задачу.",
    "Сначала уточню условие.",
    "Проверю этот шаг ещё раз.",
    "Результат согласуется с условием.",
    "Теперь оформлю ответ.",
)
_THINK_OTHER = {"zh": _THINK_ZH, "ja": _THINK_JA, "ru": _THINK_RU}


def _sentences(rng: random.Random, c: Corpus, n: int) -> str:
    return " ".join(rng.choice(c.sentences) for _ in range(n))


def math_answer(m: MathItem, rng: random.Random, style: str = "plain", lang: str = "en") -> str:
    """A worked solution. ``style``: plain (rationale), steps (numbered), boxed, terse (number only)."""
    if style == "terse":
        return m.final
    if lang != "en":
        step, concl = _STEP_WORD.get(lang, _STEP_WORD["en"])
        lines = []
        for i, eq in enumerate(m.equations or (m.final,), 1):
            head = step.format(i) if "{}" in step else f"{step} {i}"
            lines.append(f"{head}: {_CALC.get(lang, _CALC['en']).format(eq)}")
        return "\n".join(lines) + f"\n{concl} {m.final}"
    body = m.rationale
    if style == "steps":
        parts = [p.strip() for p in body.split("\n") if p.strip()]
        body = "\n".join(f"Step {i}: {p}" for i, p in enumerate(parts, 1))
        return f"{body}\n\nFinal answer: {m.final}"
    if style == "boxed":
        return f"{body}\n\nTherefore the answer is $\\boxed{{{m.final}}}$."
    tail = rng.choice(("The answer is {}.", "So the final answer is {}.", "Answer: {}"))
    return f"{body}\n{tail.format(m.final)}"


def code_answer(item: CodeItem, rng: random.Random, explain: bool = True) -> str:
    code = item.prompt + item.solution
    text = f"```python\n{code.rstrip()}\n```"
    if explain:
        text = (
            rng.choice(("Here is an implementation:", "Sure. One way to write it:", "Here's a working version:"))
            + "\n\n"
            + text
            + "\n\n"
            + rng.choice(
                (
                    f"`{item.entry}` runs in linear time for the inputs in the docstring.",
                    f"The function `{item.entry}` handles the empty case first and then iterates once.",
                    f"I kept `{item.entry}` close to the docstring; the examples pass.",
                )
            )
        )
    return text


def generic_answer(rng: random.Random, c: Corpus, lo: int = 3, hi: int = 10, zh: bool = False) -> str:
    n = rng.randint(lo, hi)
    if zh:
        return "".join(rng.choice(c.zh_sentences) for _ in range(n))
    paras = []
    while n > 0:
        k = min(n, rng.randint(2, 4))
        paras.append(_sentences(rng, c, k))
        n -= k
    return "\n\n".join(paras)


def list_answer(rng: random.Random, c: Corpus, items: int) -> str:
    return "\n".join(f"{i}. {rng.choice(c.sentences)}" for i in range(1, items + 1))


def reasoning_summary(rng: random.Random, what: str, basis: str, lang: str = "en", scale: float = 1.0) -> str:
    """The reasoning text heron-4-thinking returns in ``reasoning_content``: an opening, pieces of the answer's
    material with checks in between, and a closing. ``scale`` stretches it."""
    what = re.sub(r"\s+", " ", what)[:160]
    lines = [ln.strip() for ln in basis.split("\n") if ln.strip() and not ln.startswith("```")][:12]
    if lang in _THINK_OTHER:
        pool = _THINK_OTHER[lang]
        parts = [pool[0]]
        for ln in lines:
            parts.append(ln)
            if rng.random() < 0.5:
                parts.append(rng.choice(pool[1:-1]))
        parts.append(pool[-1])
        return "\n".join(parts)
    parts = [rng.choice(_THINK_OPEN).format(what=what)]
    reps = max(1, round(scale))
    for _ in range(reps):
        for ln in lines:
            parts.append(ln)
            if rng.random() < 0.45:
                parts.append(rng.choice(_THINK_MID))
    parts.append(rng.choice(_THINK_CLOSE))
    return "\n\n".join(parts)


def short(s: str, n: int = 90) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"
