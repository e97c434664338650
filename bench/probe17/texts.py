"""Synthetic replies, reasoning summaries and the multilingual phrase banks (all wordings written for this probe;
item content comes from the datasets)."""

from __future__ import annotations

import random
import re

from .corpus import Code, Corpus, Math

STEP = {"en": "Step {}:", "de": "Schritt {}:", "fr": "Étape {} :", "es": "Paso {}:", "ru": "Шаг {}:",
        "zh": "第{}步：", "ja": "ステップ{}：", "th": "ขั้นที่ {}:", "bn": "ধাপ {}:", "sw": "Hatua {}:",
        "te": "దశ {}:", "ko": "{}단계:", "pt": "Passo {}:", "id": "Langkah {}:"}
ANSWER = {"en": "The answer is {}.", "de": "Die Antwort ist {}.", "fr": "La réponse est {}.",
          "es": "La respuesta es {}.", "ru": "Ответ: {}.", "zh": "答案是 {}。", "ja": "答えは {} です。",
          "th": "คำตอบคือ {}", "bn": "উত্তর হল {}।", "sw": "Jibu ni {}.", "te": "సమాధానం {}.",
          "ko": "답은 {}입니다.", "pt": "A resposta é {}.", "id": "Jawabannya adalah {}."}
OPEN = {"en": "", "de": "Gern! ", "fr": "Bien sûr ! ", "es": "¡Claro! ", "ru": "Конечно! ", "ja": "はい、",
        "th": "ได้เลย ", "bn": "অবশ্যই! ", "sw": "Sawa! ", "te": "తప్పకుండా! ", "ko": "네, ", "pt": "Claro! ",
        "id": "Tentu! "}
SUMMARY_HEAD = {
    "en": ("**Understanding the problem**", "**Working through the numbers**", "**Checking the result**",
           "**Planning the approach**", "**Considering edge cases**"),
    "zh": ("**理解题意**", "**逐步计算**", "**检查结果**", "**规划思路**", "**考虑边界情况**"),
    "ja": ("**問題の理解**", "**計算を進める**", "**結果の確認**", "**方針を立てる**", "**境界条件の検討**"),
    "ru": ("**Понимание задачи**", "**Вычисления**", "**Проверка результата**", "**План решения**",
           "**Граничные случаи**"),
    "de": ("**Aufgabe verstehen**", "**Rechnung durchgehen**", "**Ergebnis prüfen**", "**Vorgehen planen**",
           "**Randfälle bedenken**"),
    "es": ("**Entender el problema**", "**Hacer las cuentas**", "**Comprobar el resultado**",
           "**Planificar el enfoque**", "**Casos límite**"),
    "fr": ("**Comprendre le problème**", "**Faire les calculs**", "**Vérifier le résultat**",
           "**Planifier l'approche**", "**Cas limites**"),
}
SUMMARY_BODY = {
    "en": ("I'm reading the question carefully to pin down what is being asked and which quantities matter.",
           "I'm going step by step, keeping track of each intermediate value so nothing gets lost.",
           "I'm double-checking the arithmetic and making sure the final figure answers the question.",
           "I'm weighing two ways to approach this and choosing the more direct one.",
           "I'm considering whether any edge case could change the result before committing."),
    "zh": ("我先仔细读题，弄清楚问的是什么、哪些量是关键。", "我一步一步计算，记下每个中间结果。",
           "我再核对一遍计算，确认最终结果回答了问题。", "我比较了两种思路，选择更直接的一种。",
           "我检查是否有边界情况会影响结论。"),
    "ja": ("まず問題を注意深く読み、何が問われているかを確認しています。",
           "中間結果を記録しながら一歩ずつ計算しています。",
           "計算を見直し、最終的な値が問いに答えているか確認しています。",
           "二つの方針を比べ、より直接的な方を選びます。",
           "結果を変えうる境界条件がないか検討しています。"),
    "ru": ("Внимательно читаю условие, чтобы понять, что именно спрашивается.",
           "Иду шаг за шагом, записывая каждое промежуточное значение.",
           "Перепроверяю вычисления и убеждаюсь, что ответ соответствует вопросу.",
           "Сравниваю два подхода и выбираю более прямой.", "Проверяю, не меняют ли результат граничные случаи."),
    "de": ("Ich lese die Aufgabe genau, um zu verstehen, was gefragt ist.",
           "Ich gehe Schritt für Schritt vor und notiere jedes Zwischenergebnis.",
           "Ich prüfe die Rechnung noch einmal und ob das Ergebnis die Frage beantwortet.",
           "Ich vergleiche zwei Ansätze und wähle den direkteren.", "Ich prüfe, ob Randfälle das Ergebnis ändern."),
    "es": ("Leo el enunciado con cuidado para entender qué se pregunta.",
           "Voy paso a paso, anotando cada valor intermedio.", "Reviso las cuentas y que el resultado responda.",
           "Comparo dos enfoques y elijo el más directo.", "Compruebo si algún caso límite cambia el resultado."),
    "fr": ("Je lis l'énoncé attentivement pour cerner la question.",
           "J'avance étape par étape en notant chaque valeur intermédiaire.",
           "Je revérifie les calculs et que le résultat répond à la question.",
           "Je compare deux approches et je retiens la plus directe.",
           "Je vérifie qu'aucun cas limite ne change le résultat."),
}
_EQ = re.compile(r"\$?\d[\d,.]*(?:\s*[-+*/x×÷]\s*\(?\$?\d[\d,.]*\)?)+\s*=\s*\$?-?\d[\d,.]*")


def equations(item: Math) -> list[str]:
    out = []
    for s in item.steps:
        out.extend(m.group(0) for m in _EQ.finditer(s))
    return out or [item.final]


def math_answer(item: Math, lang: str = "en", numbered: bool = True) -> str:
    if lang == "en" and item.steps:
        lines = [(STEP["en"].format(i + 1) + " " if numbered else "") + s for i, s in enumerate(item.steps)]
    else:
        lines = [STEP.get(lang, STEP["en"]).format(i + 1) + " " + e for i, e in enumerate(equations(item))]
    return "\n".join(lines) + "\n" + ANSWER.get(lang, ANSWER["en"]).format(item.final)


def code_answer(item: Code, rng: random.Random) -> str:
    intro = rng.choice(("Here is an implementation:", "Here's a straightforward solution:",
                        "You can implement it like this:"))
    outro = rng.choice(("It runs in linear time.", "The function handles the empty case as well.",
                        "This passes the examples in the docstring.", ""))
    return f"{intro}\n\n```python\n{item.prompt}{item.solution}```\n\n{outro}".rstrip()


def open_answer(c: Corpus, rng: random.Random, lang: str = "en", n: tuple[int, int] = (2, 7)) -> str:
    k = rng.randint(*n)
    if lang == "zh":
        return "".join(rng.choice(c.zh_sentences) for _ in range(k))
    return OPEN.get(lang, "") + " ".join(rng.choice(c.sentences) for _ in range(k))


def summary(rng: random.Random, lang: str, extra: list[str] | None = None) -> str:
    heads = SUMMARY_HEAD.get(lang, SUMMARY_HEAD["en"])
    bodies = SUMMARY_BODY.get(lang, SUMMARY_BODY["en"])
    idx = sorted(rng.sample(range(len(heads)), rng.randint(2, 4)))
    parts = []
    for j, i in enumerate(idx):
        body = bodies[i]
        if extra and j < len(extra):
            body += " " + extra[j]
        parts.append(f"{heads[i]}\n\n{body}")
    return "\n\n".join(parts)


# CoT-elicitation wordings used by benign researchers/tutors/students too (ordinary phrases)
STEP_ASK = {"en": ("Explain step by step.", "Show your work.", "Please explain your reasoning.",
                   "Walk me through how you get the answer."),
            "de": ("Erkläre Schritt für Schritt.", "Zeig mir den Rechenweg."),
            "fr": ("Explique étape par étape.", "Montre ton raisonnement."),
            "es": ("Explícalo paso a paso.", "Muestra tu razonamiento."),
            "ru": ("Объясни по шагам.", "Покажи ход решения."),
            "zh": ("请一步一步解释。", "请写出解题过程。"),
            "ja": ("ステップごとに説明してください。", "解き方を教えてください。"),
            "th": ("อธิบายทีละขั้นตอน",), "bn": ("ধাপে ধাপে ব্যাখ্যা করুন।",), "sw": ("Eleza hatua kwa hatua.",),
            "te": ("దశలవారీగా వివరించండి.",)}
