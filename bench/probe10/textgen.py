"""Plausible synthetic model output: answers, reasoning traces and token counts.

Where a dataset carries a real reference (GSM8K rationales, HumanEval solutions, BELLE and
Self-Instruct outputs) the reply reuses it; otherwise it is assembled from phrase banks keyed on
the prompt's own words, so replies vary with the prompt instead of repeating one string.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from .corpus import Item

_CALC = re.compile(r"<<[^>]*>>")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{4,}")
_STOP = {
    "which", "would", "could", "should", "there", "their", "about", "these", "those", "write", "please",
    "given", "following", "where", "what", "using", "other", "every", "after", "before", "being", "under",
    "provide", "explain", "answer", "question", "example", "create", "make", "output", "input", "while",
    "first", "second", "third", "number", "numbers", "value", "values", "things", "something", "another",
    "start", "taken", "return", "returns", "always", "never", "great", "better", "really", "think",
}


def tokens(text: str) -> int:
    """Rough BPE token count: ~4 ASCII characters per token, most other characters one each."""
    n = len(text)
    extra = len(text.encode("utf-8")) - n
    non_ascii = int(extra / 1.8)
    return max(1, (n - non_ascii) // 4 + int(non_ascii * 0.8))


@lru_cache(maxsize=50_000)
def _salient(text: str) -> tuple[str, ...]:
    words = [w.lower() for w in _WORD.findall(text[:1500]) if w.lower() not in _STOP]
    return tuple(dict.fromkeys(words))


def topic(text: str, rnd: random.Random, k: int = 2) -> list[str]:
    """Salient words of a prompt, used to make generic replies about the prompt."""
    words = _salient(text)
    if not words:
        return ["this"] * k
    if len(words) < k:
        return [rnd.choice(words) for _ in range(k)]
    return rnd.sample(words, k)


def clean_rationale(answer: str) -> tuple[list[str], str]:
    """GSM8K rationale lines without calculator tags, and the final number."""
    body, _, final = answer.partition("####")
    lines = [_CALC.sub("", ln).strip() for ln in body.strip().split("\n") if ln.strip()]
    return lines, final.strip()


_OPEN = [
    "Here's a clear way to approach {a}.", "Good question. Let's look at {a} and {b}.",
    "Short answer: it depends on {a}, but here is the reasoning.", "Sure, here is an overview of {a}.",
    "There are a few things to consider with {a}.", "Below is a practical answer focused on {a}.",
]
_BODY = [
    "The key idea is that {a} only makes sense once you fix how {b} is defined.",
    "In practice, most people start with {a} and refine it after checking {b}.",
    "A common mistake is to treat {a} and {b} as interchangeable; they are not.",
    "If you need something robust, handle {a} explicitly instead of relying on defaults.",
    "For {a}, the trade-off is between simplicity and how well it handles {b}.",
    "You can verify this by testing {a} on a small example before scaling up.",
    "It helps to write down the constraints on {b} first, then choose an approach for {a}.",
    "Keep in mind that {a} behaves differently when {b} changes over time.",
    "The standard reference approach to {a} works well, with one caveat about {b}.",
    "Document your assumptions about {b}; it makes {a} much easier to review later.",
]
_BULLET = [
    "**{A}**: define it precisely and check edge cases.", "**{A}**: measure before optimising.",
    "**{A}**: keep it separate from {b} so each can change independently.",
    "**{A}**: prefer the simplest option that meets the requirement.",
    "**{A}**: validate inputs early and fail with a clear message.",
]
_CLOSE = [
    "Let me know if you want a more detailed example.", "Hope this helps!",
    "If you share more context about {a}, I can tailor this further.", "",
]


def generic_answer(prompt: str, rnd: random.Random, target_tokens: int = 220) -> str:
    """A generic but prompt-specific reply of roughly ``target_tokens`` tokens."""
    a, b = topic(prompt, rnd)
    parts = [rnd.choice(_OPEN).format(a=a, b=b)]
    while tokens(" ".join(parts)) < target_tokens:
        if rnd.random() < 0.3:
            x, y = topic(prompt, rnd)
            parts.append("\n".join("- " + rnd.choice(_BULLET).format(A=x.capitalize() if i == 0 else y.capitalize(),
                                                                        b=b) for i in range(2)))
        else:
            x, y = topic(prompt, rnd)
            parts.append(" ".join(rnd.choice(_BODY).format(a=x, b=y) for _ in range(rnd.randint(2, 4))))
    parts.append(rnd.choice(_CLOSE).format(a=a))
    return "\n\n".join(p for p in parts if p)


_ZH_BODY = [
    "首先需要明确问题的关键在于{a}。", "一般来说，可以从以下几个方面来考虑。", "需要注意的是，不同情况下结论可能不同。",
    "综合来看，建议先从最简单的方案入手。", "具体来说，可以分为三个步骤来完成。", "以上就是对这个问题的简要分析。",
]


def zh_answer(item: Item, rnd: random.Random, target_tokens: int = 200) -> str:
    if item.answer and rnd.random() < 0.8:
        return item.answer
    parts: list[str] = []
    while tokens("".join(parts)) < target_tokens:
        parts.append(rnd.choice(_ZH_BODY).format(a=item.text[:8]))
    return "".join(parts)


def math_answer(item: Item, rnd: random.Random, style: str = "plain") -> str:
    """A worked solution from the GSM8K rationale (shared by the MGSM translations)."""
    lines, final = clean_rationale(item.answer) if item.answer else ([], item.extra)
    final = final or item.extra
    if style == "boxed":
        return "\n".join(f"Step {i + 1}: {ln}" for i, ln in enumerate(lines)) + f"\n\nFinal answer: \\boxed{{{final}}}"
    if style == "short":
        return f"The answer is {final}."
    intro = rnd.choice(["Let's solve this step by step.", "Here's how to work it out:", "Solution:", ""])
    return "\n".join(p for p in [intro, *lines, f"\n**Answer: {final}**"] if p)


def code_answer(item: Item, rnd: random.Random) -> str:
    if item.source == "humaneval":
        code = item.text + item.answer
        return (rnd.choice(["Here's an implementation:", "Sure, here is the completed function:", ""])
                + f"\n\n```python\n{code.strip()}\n```\n\n" + generic_answer(item.text, rnd, 60))
    lang = next((lang for lang in ("python", "rust", "go", "javascript", "typescript", "sql", "c++", "java")
                 if lang in item.text.lower()), "python")
    fence = {"c++": "cpp"}.get(lang, lang)
    a, b = topic(item.text, rnd)
    body = {
        "python": f"def solve({a.replace('-', '_')}):\n    # handle {b}\n    result = []\n    return result\n",
        "sql": f"SELECT {a.replace('-', '_')}, COUNT(*) AS n\nFROM events\nGROUP BY 1\nORDER BY n DESC;\n",
    }.get(lang, f"// {a}: handle {b}\nfn main() {{\n    println!(\"{a}\");\n}}\n")
    return f"{generic_answer(item.text, rnd, 80)}\n\n```{fence}\n{body}```\n\n{generic_answer(item.text, rnd, 60)}"


def answer(item: Item, rnd: random.Random, target_tokens: int = 220) -> str:
    """The default reply to a dataset prompt."""
    if item.task == "math" and item.answer:
        return math_answer(item, rnd)
    if item.task == "code":
        return code_answer(item, rnd)
    if item.lang == "zh":
        return zh_answer(item, rnd, target_tokens)
    if item.answer and rnd.random() < 0.7:
        return item.answer
    return generic_answer(item.text, rnd, target_tokens)


# Reasoning-trace frames per language (GTIG's "reasoning in the user's language" case needs them):
# opening, first step, self-check, conclusion, and a few middle sentences.
_THINK = {
    "en": ("Okay, the user is asking about {t}. Let me work out what they actually need.", "First, {s}",
           "Wait, let me double-check that.", "So the answer should be {f}.",
           ["Let me compute: {e}.", "That gives {e}.", "Checking again: {e}, yes."]),
    "zh": ("好的，用户问的是关于{t}的问题。我先理清题意。", "首先，{s}", "等一下，我再检查一遍。",
           "所以答案应该是{f}。",
           ["计算一下：{e}。", "这样得到 {e}。", "再验算一次：{e}，没错。", "接下来考虑下一步。"]),
    "ja": ("ユーザーは{t}について質問している。まず問題を整理しよう。", "まず、{s}", "待って、もう一度確認しよう。",
           "したがって答えは{f}だ。", ["計算すると {e}。", "つまり {e} になる。", "検算：{e}、合っている。"]),
    "ru": ("Итак, пользователь спрашивает о {t}. Разберёмся, что именно нужно.", "Сначала {s}",
           "Подождите, проверю ещё раз.", "Значит, ответ {f}.",
           ["Считаем: {e}.", "Получаем {e}.", "Проверка: {e}, всё верно."]),
    "de": ("Okay, der Nutzer fragt nach {t}. Ich überlege, was genau gebraucht wird.", "Zuerst: {s}",
           "Moment, ich prüfe das noch einmal.", "Also ist die Antwort {f}.",
           ["Rechnen wir: {e}.", "Das ergibt {e}.", "Kontrolle: {e}, stimmt."]),
    "fr": ("D'accord, l'utilisateur demande {t}. Voyons ce dont il a besoin.", "D'abord, {s}",
           "Attendez, je vérifie encore une fois.", "Donc la réponse est {f}.",
           ["Calculons : {e}.", "Cela donne {e}.", "Vérification : {e}, c'est juste."]),
    "es": ("Bien, el usuario pregunta sobre {t}. Veamos qué necesita exactamente.", "Primero, {s}",
           "Espera, lo compruebo otra vez.", "Entonces la respuesta es {f}.",
           ["Calculemos: {e}.", "Eso da {e}.", "Comprobación: {e}, correcto."]),
    "th": ("ผู้ใช้ถามเกี่ยวกับ{t} ลองคิดทีละขั้น", "ขั้นแรก {s}", "เดี๋ยวก่อน ตรวจสอบอีกครั้ง", "ดังนั้นคำตอบคือ {f}",
           ["คำนวณ: {e}", "จะได้ {e}", "ตรวจสอบ: {e} ถูกต้อง"]),
    "sw": ("Sawa, mtumiaji anauliza kuhusu {t}. Tufikirie hatua kwa hatua.", "Kwanza, {s}",
           "Subiri, nihakiki tena.", "Kwa hiyo jibu ni {f}.",
           ["Tuhesabu: {e}.", "Hii inatoa {e}.", "Hakiki: {e}, sawa."]),
    "bn": ("ব্যবহারকারী {t} সম্পর্কে জানতে চাইছেন। ধাপে ধাপে ভাবি।", "প্রথমে, {s}", "দাঁড়াও, আবার যাচাই করি।",
           "সুতরাং উত্তর হলো {f}।", ["হিসাব করি: {e}।", "তাহলে পাই {e}।", "যাচাই: {e}, ঠিক আছে।"]),
    "te": ("వినియోగదారు {t} గురించి అడుగుతున్నారు. దశలవారీగా ఆలోచిద్దాం.", "ముందుగా, {s}",
           "ఆగండి, మళ్ళీ తనిఖీ చేస్తాను.", "కాబట్టి సమాధానం {f}.", ["లెక్కిద్దాం: {e}.", "అప్పుడు {e}.", "తనిఖీ: {e}, సరైనది."]),
    "ko": ("사용자가 {t}에 대해 묻고 있다. 차근차근 생각해 보자.", "먼저, {s}", "잠깐, 다시 확인해 보자.",
           "따라서 답은 {f}이다.", ["계산하면 {e}.", "그러면 {e}.", "검산: {e}, 맞다."]),
}
_EN_REASON = [
    "The core of the question is {a}; everything else follows from how {b} is handled.",
    "Hmm, maybe I should consider {a} from the user's side first.",
    "One option is to treat {a} directly. Another is to reduce it to a question about {b}.",
    "Actually, that ignores {b}. Let me reconsider.",
    "If {a} is the constraint, then {b} has to adapt, not the other way round.",
    "What would a careful expert say about {a}? Probably that {b} matters more than it looks.",
    "I should mention the common pitfall with {a}.",
    "Let me structure the answer: define {a}, explain {b}, then give an example.",
    "Is there an edge case? If {b} is empty or missing, {a} needs a fallback.",
    "The user may also care about performance of {a}, so I'll note the cost of {b}.",
    "Let me sanity-check with a small example involving {a}.",
    "That seems consistent. I don't see a contradiction between {a} and {b}.",
    "I could go deeper on {b}, but the user mainly asked about {a}.",
    "Alternatively, {a} could be interpreted more narrowly; I'll state my assumption.",
    "Wait, does {b} change the conclusion? No, it only affects the details.",
    "To be precise, I'll separate what is certain about {a} from what depends on {b}.",
]
_LOCAL_REASON = {
    "zh": ["这个问题的核心在于{a}。", "可能需要从用户的角度再想一想。", "一种思路是直接处理，另一种是先拆分成小问题。",
           "不对，这样忽略了一个前提，我重新考虑。", "需要注意常见的误区。", "先给出定义，再解释原因，最后举个例子。",
           "有没有特殊情况？如果条件不满足，需要另外说明。", "这样看来前后是一致的，没有矛盾。",
           "用户可能还关心实际应用。"],
    "ja": ["この質問の核心は{a}だ。", "別の解釈もありうるので、前提を明記しよう。",
           "いや、それだと条件を見落としている。考え直す。",
           "定義、理由、例の順に説明するのがよさそうだ。", "例外的なケースはあるだろうか。", "矛盾はなさそうだ。"],
    "ru": ["Суть вопроса в {a}.", "Может быть, стоит посмотреть с точки зрения пользователя.",
           "Нет, так я упускаю одно условие. Пересмотрю.", "Сначала определение, затем объяснение, потом пример.",
           "Есть ли крайние случаи? Нужно их оговорить.", "Похоже, противоречий нет."],
    "ko": ["이 질문의 핵심은 {a}이다.", "다른 해석도 가능하니 전제를 밝히자.",
           "아니, 조건 하나를 놓쳤다. 다시 생각해 보자.",
           "정의, 이유, 예시 순서로 설명하면 좋겠다.", "예외적인 경우가 있을까?", "모순은 없어 보인다."],
}


def reasoning(item: Item, rnd: random.Random, lang: str = "en", target_tokens: int = 600) -> str:
    """A reasoning trace in ``lang`` for the prompt, reusing a worked rationale when there is one."""
    opening, first, check, close, middle = _THINK.get(lang, _THINK["en"])
    t = item.text[:40].replace("\n", " ") if lang not in ("en", "de", "fr", "es") else topic(item.text, rnd, 1)[0]
    parts: list[str]
    if item.task == "math" and item.answer:
        steps, final = clean_rationale(item.answer)
        equations = [e.strip("<>").replace("*", " × ") for e in _CALC.findall(item.answer)] or [final]
        body = steps if lang == "en" else [rnd.choice(middle).format(e=e) for e in equations]
        parts = [opening.format(t=t), first.format(s=body[0]), *body[1:], check]
        extra = [rnd.choice(middle).format(e=e) for e in equations]
        rnd.shuffle(extra)
        parts += extra[: max(1, target_tokens // 120)]
        parts.append(close.format(f=final))
        return "\n\n".join(parts)
    bank = _LOCAL_REASON.get(lang, _EN_REASON)
    parts = [opening.format(t=t)]
    order = list(range(len(bank)))
    rnd.shuffle(order)
    k = 0
    while tokens("\n\n".join(parts)) < target_tokens and k < 60:
        a, b = topic(item.text, rnd) if lang == "en" else (item.text[:12].replace("\n", " "), "")
        line = bank[order[k % len(order)]].format(a=a, b=b, e=item.text[:30].replace("\n", " "))
        if k == 0:
            line = first.format(s=line)
        parts.append(line)
        if rnd.random() < 0.12:
            parts.append(check)
        k += 1
    parts.append(close.format(f="clear" if lang == "en" else "…"))
    return "\n\n".join(parts)


def final_line(item: Item, lang: str) -> str:
    """The short final answer, in the language of the question."""
    f = item.extra if item.task == "math" else ""
    return _THINK.get(lang, _THINK["en"])[3].format(f=f)


def perturb_numbers(text: str, rnd: random.Random) -> str:
    """A numeric variant of a word problem (distillers augment seed problems this way)."""
    return re.sub(r"\d+", lambda m: str(max(2, int(m.group()) + rnd.randint(-3, 7))), text)


def word_tokens(text: str, limit: int) -> list[str]:
    """Pseudo-BPE tokens for logprob payloads: words with their leading space, punctuation alone."""
    return re.findall(r" ?[A-Za-z]+| ?\d| ?[^\sA-Za-z\d]|\n", text)[:limit]
