"""Synthetic assistant replies: cheap, deterministic, shaped like what a chat model returns.

Replies reuse real reference material where the datasets carry it (GSM8K rationales, HumanEval solutions,
Self-Instruct and BELLE reference outputs); everything else is assembled from short localized frames.
"""

from __future__ import annotations

import json
import random
import re

_EQ = re.compile(r"[\d$.,]+(?:\s*[-+*/x×]\s*[\d$.,]+)+\s*=\s*[\d$.,]+")

FRAMES = {
    "en": ("Step {i}: ", "So the answer is {a}.", "Let me work through it."),
    "zh": ("第{i}步：", "所以答案是 {a}。", "我们一步一步来算。"),
    "ja": ("ステップ{i}：", "したがって、答えは {a} です。", "順を追って計算します。"),
    "ru": ("Шаг {i}: ", "Итак, ответ: {a}.", "Решим по шагам."),
    "es": ("Paso {i}: ", "Por lo tanto, la respuesta es {a}.", "Resolvámoslo paso a paso."),
    "de": ("Schritt {i}: ", "Die Antwort ist also {a}.", "Gehen wir es Schritt für Schritt durch."),
    "fr": ("Étape {i} : ", "La réponse est donc {a}.", "Procédons étape par étape."),
    "ko": ("{i}단계: ", "따라서 답은 {a}입니다.", "단계별로 풀어 보겠습니다."),
    "pt": ("Passo {i}: ", "Portanto, a resposta é {a}.", "Vamos resolver passo a passo."),
    "bn": ("ধাপ {i}: ", "সুতরাং উত্তর হল {a}।", "ধাপে ধাপে সমাধান করি।"),
    "sw": ("Hatua {i}: ", "Kwa hiyo jibu ni {a}.", "Tutatue hatua kwa hatua."),
    "te": ("దశ {i}: ", "కాబట్టి సమాధానం {a}.", "దశలవారీగా పరిష్కరిద్దాం."),
    "th": ("ขั้นที่ {i}: ", "ดังนั้นคำตอบคือ {a}", "มาแก้ทีละขั้นตอนกัน"),
}

_GENERIC_EN = [
    "Here's a practical way to approach {t}.",
    "Good question. The short version about {t}:",
    "There are a few things worth separating when it comes to {t}.",
    "Below is a concise answer on {t}, followed by details.",
    "Sure - here is what I'd suggest for {t}.",
]
_BODY_EN = [
    "First, pin down the constraints you actually care about; most of the trade-offs follow from them.",
    "A common mistake is to optimise too early; get a simple version working and measure it.",
    "If you need something more robust, add validation at the boundaries and keep the core logic small.",
    "The main risk is ambiguity in the requirements, so state your assumptions explicitly.",
    "In most real settings the second option is easier to maintain, even if it is slightly slower.",
    "You can check the result by trying one or two edge cases by hand.",
    "If any of this doesn't match your situation, tell me more about the context and I'll adjust.",
    "For a first draft this is enough; polish the wording once the structure feels right.",
]
_GENERIC = {
    "zh": ["关于{t}，可以从以下几个方面来看：", "好的，下面是关于{t}的简要回答。"],
    "ru": ["Вот краткий ответ по теме «{t}».", "Давайте разберём {t} по пунктам."],
    "ja": ["{t}について、要点をまとめます。", "{t}に関して、いくつかのポイントがあります。"],
    "es": ["Aquí tienes una respuesta breve sobre {t}.", "Sobre {t}, conviene separar varias cuestiones."],
    "de": ["Hier eine kurze Antwort zu {t}.", "Zu {t} gibt es ein paar Punkte zu beachten."],
    "fr": ["Voici une réponse concise sur {t}.", "Concernant {t}, plusieurs points sont à distinguer."],
    "ko": ["{t}에 대해 간단히 정리해 드릴게요.", "{t}와 관련해 몇 가지 요점이 있습니다."],
    "pt": ["Aqui vai uma resposta curta sobre {t}.", "Sobre {t}, vale separar alguns pontos."],
}
_BODY = {
    "zh": [
        "首先要明确你的目标和限制条件。",
        "其次，可以先做一个简单的版本，再逐步改进。",
        "最后，用一两个例子检验结果是否合理。",
    ],
    "ru": [
        "Сначала определите ограничения.",
        "Затем сделайте простую версию и проверьте её.",
        "Наконец, проверьте пару крайних случаев.",
    ],
    "ja": ["まず条件を整理しましょう。", "次に簡単な例で確認します。", "最後に結果を見直してください。"],
    "es": [
        "Primero, define las restricciones.",
        "Luego, prueba una versión sencilla.",
        "Por último, revisa un par de casos límite.",
    ],
    "de": [
        "Klären Sie zuerst die Randbedingungen.",
        "Dann eine einfache Version testen.",
        "Zum Schluss Grenzfälle prüfen.",
    ],
    "fr": [
        "D'abord, précisez les contraintes.",
        "Ensuite, testez une version simple.",
        "Enfin, vérifiez quelques cas limites.",
    ],
    "ko": ["먼저 조건을 정리하세요.", "그다음 간단한 예로 확인하세요.", "마지막으로 결과를 검토하세요."],
    "pt": ["Primeiro, defina as restrições.", "Depois, teste uma versão simples.", "Por fim, verifique casos-limite."],
}


def detect_lang(text: str) -> str:
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\uac00-\ud7af]", text):
        return "ko"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    return "en"


def topic(prompt: str, words: int = 7) -> str:
    line = prompt.strip().split("\n", 1)[0]
    parts = line.split()
    t = " ".join(parts[:words]) if len(parts) > 1 else line[:24]
    return t.rstrip(".?!:,;") or "this"


def steps_from_rationale(rationale: str) -> list[str]:
    return [ln.strip() for ln in rationale.split("\n") if ln.strip()]


def math_reply(r: random.Random, rationale: str, final: str, lang: str = "en", verbose: bool = False) -> str:
    label, answer, intro = FRAMES.get(lang, FRAMES["en"])
    lines = steps_from_rationale(rationale)
    if lang != "en":  # keep only the arithmetic; the prose of the rationale is English
        lines = [m.group(0) for ln in lines for m in [_EQ.search(ln)] if m] or [final]
    body = "\n".join(label.format(i=i + 1) + ln for i, ln in enumerate(lines))
    parts = [intro, body] if (verbose or r.random() < 0.5) else [body]
    if verbose:
        parts.append(
            r.choice(
                [
                    "Checking: each step uses only the quantities given above.",
                    "Double-checking the arithmetic confirms the result.",
                    "A quick sanity check: the result has the right units and size.",
                ]
            )
        )
    parts.append(answer.format(a=final))
    return "\n\n".join(parts)


def code_reply(r: random.Random, prompt: str, solution: str) -> str:
    head = r.choice(
        [
            "Here's an implementation:",
            "One straightforward way to do it:",
            "This version passes the examples in the docstring:",
            "Sure:",
        ]
    )
    tail = r.choice(
        [
            "It runs in linear time in the size of the input.",
            "The loop stops as soon as the condition is met, so it stays cheap on large inputs.",
            "Edge cases (empty input, single element) are handled by the initial checks.",
            "",
        ]
    )
    code = prompt.rstrip() + "\n" + solution.rstrip()
    return f"{head}\n\n```python\n{code}\n```\n\n{tail}".rstrip()


def generic_reply(r: random.Random, prompt: str, lang: str | None = None, known: str = "") -> str:
    lang = lang or detect_lang(prompt)
    t = topic(prompt)
    if known and len(known) > 20:
        return known if r.random() < 0.6 else f"{known}\n\n{r.choice(_BODY.get(lang, _BODY_EN))}"
    if lang in _GENERIC:
        head = r.choice(_GENERIC[lang]).format(t=t)
        body = _BODY[lang][:]
        r.shuffle(body)
        return head + "\n\n" + "\n".join(f"{i + 1}. {b}" for i, b in enumerate(body))
    body = r.sample(_BODY_EN, r.randint(2, 4))
    return r.choice(_GENERIC_EN).format(t=t) + "\n\n" + "\n\n".join(body)


def reasoning_summary(r: random.Random, prompt: str, lang: str = "en", steps: list[str] | None = None) -> str:
    """The short reasoning summary lyra-3 returns in `reasoning_content`."""
    if lang == "zh":
        head = f"用户问的是「{topic(prompt, 5)}」。我需要先理清条件。"
    elif lang == "ru":
        head = f"Пользователь спрашивает про «{topic(prompt, 5)}». Сначала выпишу условия."
    else:
        head = r.choice(
            ["The user is asking about {t}. ", "I need to figure out {t}. ", "Okay, so the question is {t}. "]
        ).format(t=topic(prompt, 6))
    mid = (
        " ".join(steps[:3])
        if steps
        else r.choice(
            [
                "Let me consider the main cases and pick the clearest explanation.",
                "I'll outline the key points first, then write the answer.",
                "There are two reasonable interpretations; the first seems intended.",
            ]
        )
    )
    return f"{head}{mid}"


def tool_call(ids, name: str, args: dict) -> dict:
    return {
        "function": {"arguments": json.dumps(args, ensure_ascii=False), "name": name},
        "id": "call_" + ids.hexid(24),
        "type": "function",
    }
