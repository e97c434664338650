"""Synthetic replies: templated around the datasets' own solutions (no model is run)."""

from __future__ import annotations

import random

from .corpus import Code, Corpus, Math

_OPEN = {
    "en": ("Okay, let me work through this.", "Let me think about what is being asked.", "Alright, step by step.",
           "First, I need to pin down the quantities involved."),
    "zh": ("好的，我来一步一步地思考这个问题。", "首先，我需要弄清楚题目在问什么。", "让我仔细分析一下。"),
    "ja": ("では、順を追って考えてみます。", "まず、問題が何を求めているかを整理します。"),
    "ru": ("Хорошо, давайте разберёмся по шагам.", "Сначала нужно понять, что именно спрашивается."),
    "de": ("Gut, ich gehe das Schritt für Schritt durch.", "Zuerst kläre ich, was gefragt ist."),
    "es": ("Bien, voy a razonarlo paso a paso.", "Primero, identifico qué se pregunta."),
    "fr": ("Bon, je vais raisonner étape par étape.", "D'abord, je dois comprendre ce qui est demandé."),
}
_LINK = {
    "en": ("Next,", "Then", "So", "That means", "Now", "From that,"),
    "zh": ("接下来，", "然后，", "所以", "这意味着", "于是"),
    "ja": ("次に、", "それから、", "つまり、", "したがって、"),
    "ru": ("Далее,", "Затем", "Значит,", "Отсюда"),
    "de": ("Als Nächstes", "Dann", "Also", "Daraus folgt"),
    "es": ("Luego,", "Después,", "Entonces", "Por lo tanto,"),
    "fr": ("Ensuite,", "Puis", "Donc", "Par conséquent,"),
}
_CHECK = {
    "en": ("Wait, let me double-check that.", "Let me verify by recomputing.", "Hmm, does that make sense? Yes."),
    "zh": ("等一下，我再检查一遍。", "让我重新验算一下。"),
    "ja": ("待って、もう一度確認します。", "検算してみます。"),
    "ru": ("Подождите, перепроверю.", "Проверю ещё раз вычисления."),
    "de": ("Moment, ich prüfe das noch einmal.",),
    "es": ("Espera, lo compruebo de nuevo.",),
    "fr": ("Attends, je vérifie encore une fois.",),
}
_FINAL = {"en": "So the answer is {x}.", "zh": "所以答案是 {x}。", "ja": "したがって答えは {x} です。",
          "ru": "Итак, ответ: {x}.", "de": "Die Antwort ist also {x}.", "es": "Así que la respuesta es {x}.",
          "fr": "La réponse est donc {x}."}


def reasoning(rng: random.Random, steps: tuple[str, ...] | list[str], final: str, lang: str = "en") -> str:
    lang = lang if lang in _OPEN else "en"
    out = [rng.choice(_OPEN[lang])]
    for i, s in enumerate(steps):
        out.append(s if i == 0 else f"{rng.choice(_LINK[lang])} {s}")
        if rng.random() < 0.2:
            out.append(rng.choice(_CHECK[lang]) + " " + s)
    out.append(rng.choice(_CHECK[lang]))
    if final:
        out.append(_FINAL[lang].format(x=final))
    return "\n\n".join(out)


def math_cot(m: Math, lang: str = "en") -> str:
    steps = m.steps or (f"The quantities in the problem give {m.final}.",)
    body = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    return f"{body}\n\n" + _FINAL.get(lang, _FINAL["en"]).format(x=m.final)


def math_short(m: Math) -> str:
    return f"{m.steps[-1] if m.steps else ''}\nThe answer is {m.final}.".strip()


def code_answer(c: Code, explain: bool = True) -> str:
    code = f"```python\n{c.prompt}{c.solution}```"
    if not explain:
        return code
    return (f"Here is an implementation of `{c.entry}`.\n\n{code}\n\nThe function follows the docstring: it walks "
            f"the input once and returns the result described in the examples.")


def code_reasoning(rng: random.Random, c: Code) -> str:
    lines = [ln.strip() for ln in c.solution.split("\n") if ln.strip()]
    steps = [f"the line `{ln}` handles part of the requirement" for ln in lines[:8]]
    return reasoning(rng, [f"The task is to implement {c.entry}.", *steps], "", "en")


def generic(rng: random.Random, c: Corpus, ref: str = "", lo: int = 3, hi: int = 8) -> str:
    if ref:
        return ref
    return " ".join(rng.choice(c.sentences) for _ in range(rng.randint(lo, hi)))


def zh_generic(rng: random.Random, c: Corpus, ref: str = "") -> str:
    if ref:
        return ref
    return "".join(rng.choice(c.zh_sentences) for _ in range(rng.randint(3, 8)))


def generic_reasoning(rng: random.Random, c: Corpus, lang: str = "en") -> str:
    if lang == "zh":
        sents = [rng.choice(c.zh_sentences) for _ in range(rng.randint(3, 6))]
    else:
        sents = [rng.choice(c.sentences) for _ in range(rng.randint(3, 6))]
    return reasoning(rng, sents, "", lang)
