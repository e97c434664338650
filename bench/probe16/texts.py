"""Reply, reasoning-summary and prompt wordings. The replies are synthetic but built from the datasets' own worked
steps, reference solutions and reference answers; summaries follow the reasoning-summary style (a bold heading, then
a first-person paragraph). All wordings here were written for this probe."""

from __future__ import annotations

import random

from .corpus import CodeItem, Corpus, MathItem

FINAL = {"en": "Answer", "zh": "答案", "ja": "答え", "ru": "Ответ", "th": "คำตอบ", "bn": "উত্তর", "te": "సమాధానం",
         "sw": "Jibu", "es": "Respuesta", "de": "Antwort", "fr": "Réponse", "ko": "정답"}
HEADS = {
    "en": ("**Parsing the quantities**", "**Setting up the calculation**", "**Checking the result**",
           "**Working through the steps**"),
    "zh": ("**梳理已知条件**", "**列出计算步骤**", "**核对结果**", "**逐步推导**"),
    "ja": ("**条件の整理**", "**計算の組み立て**", "**結果の確認**", "**順を追って考える**"),
    "ru": ("**Разбор условия**", "**Составление вычислений**", "**Проверка ответа**", "**Пошаговое решение**"),
    "th": ("**วิเคราะห์โจทย์**", "**ตั้งการคำนวณ**", "**ตรวจคำตอบ**", "**คิดทีละขั้น**"),
    "bn": ("**সমস্যা বিশ্লেষণ**", "**হিসাব সাজানো**", "**উত্তর যাচাই**", "**ধাপে ধাপে সমাধান**"),
    "te": ("**సమస్యను విశ్లేషించడం**", "**లెక్కను ఏర్పాటు చేయడం**", "**ఫలితాన్ని తనిఖీ చేయడం**",
           "**దశలవారీగా ఆలోచించడం**"),
    "sw": ("**Kuchambua swali**", "**Kupanga hesabu**", "**Kuhakiki jibu**", "**Hatua kwa hatua**"),
    "es": ("**Análisis del enunciado**", "**Planteamiento del cálculo**", "**Comprobación del resultado**",
           "**Paso a paso**"),
    "de": ("**Die Angaben ordnen**", "**Die Rechnung aufstellen**", "**Das Ergebnis prüfen**",
           "**Schritt für Schritt**"),
    "fr": ("**Analyse de l'énoncé**", "**Mise en place du calcul**", "**Vérification du résultat**",
           "**Étape par étape**"),
}
OPEN_LINE = {
    "en": "I'm listing what the problem gives and what it asks for, then computing each quantity in order.",
    "zh": "我先把题目给出的数量和要求的量列清楚，再按顺序逐一计算。",
    "ja": "問題文で与えられている数量と求めるものを整理し、順番に計算していきます。",
    "ru": "Сначала выписываю, что дано и что нужно найти, затем считаю величины по порядку.",
    "th": "ฉันกำลังสรุปข้อมูลที่โจทย์ให้มาและสิ่งที่ต้องหา แล้วคำนวณทีละค่า",
    "bn": "প্রথমে প্রশ্নে কী দেওয়া আছে আর কী চাওয়া হয়েছে তা গুছিয়ে নিচ্ছি, তারপর ক্রমানুসারে হিসাব করছি।",
    "te": "ప్రశ్నలో ఇచ్చిన విలువలు, అడిగినది ముందుగా రాసుకుని, వరుసగా లెక్కిస్తున్నాను.",
    "sw": "Ninaorodhesha kilichotolewa na kinachoulizwa, kisha ninahesabu kila kiasi kwa mpangilio.",
    "es": "Estoy anotando qué datos da el problema y qué pide, y luego calculo cada cantidad en orden.",
    "de": "Ich notiere, was gegeben und was gesucht ist, und berechne dann jede Größe der Reihe nach.",
    "fr": "Je note les données et ce qui est demandé, puis je calcule chaque quantité dans l'ordre.",
}
CHECK_LINE = {
    "en": "Re-checking the arithmetic, the result is consistent with every condition, so the answer is {f}.",
    "zh": "再核对一遍运算，结果与所有条件一致，所以答案是 {f}。",
    "ja": "計算を見直すと、すべての条件と矛盾しないので、答えは {f} です。",
    "ru": "Перепроверяю арифметику: результат согласуется со всеми условиями, значит ответ {f}.",
    "th": "ตรวจการคำนวณอีกครั้ง ผลลัพธ์สอดคล้องกับทุกเงื่อนไข ดังนั้นคำตอบคือ {f}",
    "bn": "হিসাব আবার মিলিয়ে দেখলাম, ফল সব শর্তের সাথে মেলে, তাই উত্তর {f}।",
    "te": "లెక్కలను మళ్ళీ సరిచూస్తే ఫలితం అన్ని షరతులకు సరిపోతుంది, కాబట్టి సమాధానం {f}.",
    "sw": "Nikihakiki hesabu tena, matokeo yanakubaliana na masharti yote, kwa hiyo jibu ni {f}.",
    "es": "Al revisar las cuentas, el resultado cumple todas las condiciones, así que la respuesta es {f}.",
    "de": "Beim Nachrechnen passt das Ergebnis zu allen Bedingungen, also lautet die Antwort {f}.",
    "fr": "En revérifiant les calculs, le résultat respecte toutes les conditions : la réponse est {f}.",
}


def math_answer(m: MathItem, lang: str = "en", question: str | None = None) -> str:
    if lang == "en" and m.steps:
        return "\n".join(f"{i + 1}. {s}" for i, s in enumerate(m.steps)) + f"\n\n**Answer: {m.final}**"
    lines = [HEADS.get(lang, HEADS["en"])[3].strip("*") + ":"] + [f"- {c}" for c in m.calcs]
    return "\n".join(lines) + f"\n\n**{FINAL.get(lang, 'Answer')}: {m.final}**"


def math_summary(m: MathItem, lang: str, rng: random.Random) -> list[str]:
    heads = HEADS.get(lang, HEADS["en"])
    parts = [f"{heads[0]}\n\n{OPEN_LINE.get(lang, OPEN_LINE['en'])}"]
    if lang == "en" and m.steps:
        mid = " ".join(m.steps[: max(1, len(m.steps) - 1)])
        parts.append(f"{heads[1]}\n\nI'm working it out: {mid}")
    elif m.calcs:
        parts.append(f"{heads[1]}\n\n" + "; ".join(m.calcs))
    if rng.random() < 0.7:
        parts.append(f"{heads[2]}\n\n" + CHECK_LINE.get(lang, CHECK_LINE["en"]).format(f=m.final))
    return parts


def code_answer(ci: CodeItem) -> str:
    return (f"Here is an implementation of `{ci.entry}`:\n\n```python\n{ci.prompt}{ci.solution}```\n\n"
            f"It follows the docstring directly and handles the examples given.")


def code_summary(ci: CodeItem, rng: random.Random) -> list[str]:
    first = ci.prompt.strip().split('"""')[1].strip().split("\n")[0] if '"""' in ci.prompt else ci.entry
    parts = [f"**Reading the specification**\n\nThe function `{ci.entry}` should: {first[:200]}",
             "**Choosing an approach**\n\nI'm going with a direct loop over the input; the docstring examples are "
             "small, so clarity matters more than asymptotics."]
    if rng.random() < 0.6:
        parts.append("**Testing edge cases**\n\nI'm checking empty input and the doctest cases before finalising.")
    return parts


def open_answer(c: Corpus, rng: random.Random, ref: str = "") -> str:
    if ref and len(ref) > 40:
        return ref
    k = rng.randrange(3, 8)
    return " ".join(rng.choice(c.sentences) for _ in range(k))


def zh_answer(c: Corpus, rng: random.Random, ref: str = "") -> str:
    if ref and len(ref) > 20:
        return ref
    return "".join(rng.choice(c.zh_sentences) for _ in range(rng.randrange(3, 7)))


def open_summary(rng: random.Random, lang: str = "en") -> list[str]:
    if lang == "zh":
        return ["**明确需求**\n\n我先确认用户真正想要的是什么，再决定回答的结构。",
                "**组织内容**\n\n我按要点展开，每一点给出简短的理由和例子。"]
    first = rng.choice(("**Clarifying the request**\n\nI'm pinning down what the user actually needs before "
                        "drafting.", "**Planning the response**\n\nI'm outlining the main points and the order "
                        "to present them in.", "**Weighing the options**\n\nI'm comparing a few ways to approach "
                        "this and picking the clearest one."))
    return [first, "**Drafting**\n\nI'm keeping the answer concise and concrete, with an example where it helps."]


def pick(rng: random.Random, seq: list | tuple):
    return seq[rng.randrange(len(seq))]
