# ruff: noqa: E501, SIM905
"""Synthetic but plausible model answers and reasoning traces.

Where a dataset carries a reference (GSM8K rationales, MGSM answers, HumanEval solutions, Self-Instruct and
BELLE reference outputs, HH-RLHF assistant turns) the answer reuses it.  Elsewhere it is assembled from
sentence templates around keywords of the prompt.  All randomness comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import json
import re

# --------------------------------------------------------------------------------------------- tokens

def est_tokens(s: str) -> int:
    """Rough tokenizer-free estimate: ~4 ASCII chars per token, ~1 token per CJK/other multibyte char."""
    if not s:
        return 0
    n = len(s)
    extra = len(s.encode("utf-8")) - n
    mb = extra // 2
    return max(1, int((n - mb) / 3.8 + mb * 0.9))


# --------------------------------------------------------------------------------------------- languages

MATH_L = {
    "en": ("Let's solve this step by step.", "The answer is {a}."),
    "de": ("Lösen wir das Schritt für Schritt.", "Die Antwort ist {a}."),
    "es": ("Resolvamos esto paso a paso.", "La respuesta es {a}."),
    "fr": ("Résolvons cela étape par étape.", "La réponse est {a}."),
    "ja": ("段階的に解いていきましょう。", "答えは {a} です。"),
    "ru": ("Решим задачу по шагам.", "Ответ: {a}."),
    "zh": ("我们一步一步地来解这道题。", "答案是 {a}。"),
    "sw": ("Hebu tutatue hatua kwa hatua.", "Jibu ni {a}."),
    "bn": ("চলুন ধাপে ধাপে সমাধান করি।", "উত্তর হল {a}।"),
    "te": ("దశలవారీగా పరిష్కరిద్దాం.", "సమాధానం {a}."),
    "th": ("มาแก้โจทย์นี้ทีละขั้นตอนกัน", "คำตอบคือ {a}"),
}

LANG_NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French", "ja": "Japanese", "ru": "Russian",
              "zh": "Chinese", "sw": "Swahili", "bn": "Bengali", "te": "Telugu", "th": "Thai", "ko": "Korean",
              "pt": "Portuguese", "it": "Italian"}

STOP = set("""the a an and or of to in on for with from this that these those is are was were be been being it its
as at by can could should would will shall may might must do does did have has had not no yes you your yours
i me my we our they them their he she his her what which who whom when where why how please write give make
explain tell about into than then there here also just more most some such only very each other any all
following below above using use need want like one two three time given""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']{3,}")
_ZH_SPLIT = re.compile(r"[，。？！：:、；;,.?!\s“”\"（）()《》]+")
_ZH_LEAD = re.compile(r"^(请你|请|帮我|给我|你能|能否|如何|怎么|什么是|为什么|根据以下文本|以下|下面|关于|写一篇|写一个|写出|给出|生成)+")


def keywords(text: str, k: int = 6) -> list[str]:
    """Topic words of a prompt: content words for Latin script, short clauses for CJK."""
    head = text[:600]
    if len(head.encode("utf-8")) - len(head) > len(head) // 2:  # mostly multibyte (CJK etc.)
        out = []
        for seg in _ZH_SPLIT.split(head):
            seg = _ZH_LEAD.sub("", seg.strip())
            if 2 <= len(seg) <= 14 and seg not in out:
                out.append(seg)
            elif len(seg) > 14 and seg[:10] not in out:
                out.append(seg[:10])
            if len(out) >= k:
                break
        return out or ["这个问题"]
    words: list[str] = []
    for w in _WORD.findall(head):
        lw = w.lower()
        if lw in STOP or lw in words:
            continue
        words.append(lw)
    # prefer longer (more specific) words but keep the order of appearance
    long_first = [x for x in words if len(x) >= 7] + [x for x in words if len(x) < 7]
    return long_first[:k] or ["this"]


def clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0] + " ..."


# --------------------------------------------------------------------------------------------- math

def _eq_lines(item: dict) -> list[str]:
    lines = []
    for e in item.get("eqs", []):
        if "=" in e:
            lhs, _, rhs = e.rpartition("=")
            lines.append(f"{lhs.strip()} = {rhs.strip()}")
    return lines


def math_answer(item: dict, lang: str, rnd, style: str = "plain", final: str | None = None) -> str:
    a = final if final is not None else item["final"]
    lets, ans = MATH_L.get(lang, MATH_L["en"])
    if lang == "en":
        body = [s for s in item["steps"]]
        if style == "tutor":
            parts = ["Great question! Let's break it down together.", ""]
            for i, s in enumerate(body, 1):
                parts.append(f"**Step {i}.** {s}")
            parts += ["", f"So the final answer is **{a}**. Does each step make sense? Try explaining step 2 back to me in your own words."]
            return "\n".join(parts)
        parts = [lets] if rnd.random() < 0.7 else []
        parts += body
        tail = ans.format(a=a)
        if style == "boxed":
            tail = f"Therefore, the final answer is $\\boxed{{{a}}}$."
        elif style == "answer_line":
            tail = f"Answer: {a}"
        parts.append(tail)
        return "\n".join(parts)
    eqs = _eq_lines(item) or [f"= {a}"]
    parts = [lets] + [f"{i}. {e}" for i, e in enumerate(eqs, 1)]
    if style == "answer_line":
        parts.append(f"Answer: {a}")
    elif style == "boxed":
        parts.append(f"$\\boxed{{{a}}}$")
    else:
        parts.append(ans.format(a=a))
    return "\n".join(parts)


_THINK_OPEN = [
    "Okay, let me read the problem carefully.",
    "Let me parse what is being asked.",
    "First, I'll identify the quantities involved.",
    "Alright, so the question gives a few numbers and asks for one result.",
    "Let me think about this.",
]
_THINK_CHECK = [
    "Let me double-check the arithmetic: {e}. Yes, that's right.",
    "Wait, let me re-verify {e}... correct.",
    "Sanity check: {e} holds.",
    "Hmm, is there any trick here? I don't think so; {e} is consistent with the statement.",
]
_THINK_CLOSE = [
    "So the answer should be {a}.",
    "That gives {a}. I'm fairly confident.",
    "Final: {a}.",
    "Therefore {a}. Let me write this up clearly.",
]


def math_reasoning(item: dict, rnd, lang: str = "en", wrong: bool = False, depth: int = 1) -> tuple[str, str]:
    """Return (thinking_text, final_answer_used)."""
    final = item["final"]
    if wrong:
        try:
            v = float(final.replace(",", ""))
            delta = rnd.choice([1, 2, 10, -1, -2])
            final = str(int(v + delta)) if v.is_integer() else str(round(v + delta, 2))
        except ValueError:
            pass
    eqs = _eq_lines(item)
    lines = [rnd.choice(_THINK_OPEN)]
    q = item["q"]
    lines.append(f"The problem: \"{clip(q, 160)}\"")
    for i, s in enumerate(item["steps"]):
        if rnd.random() < 0.5:
            lines.append(f"Step {i + 1}: {s}")
        else:
            lines.append(s)
    if wrong:
        lines.append(rnd.choice(["Hmm, wait. I think I dropped a term somewhere; adjusting the total.",
                                 "Actually I should round differently here.", "Let me recount; I get a slightly different number."]))
    for _ in range(depth):
        if eqs:
            lines.append(rnd.choice(_THINK_CHECK).format(e=rnd.choice(eqs)))
        if rnd.random() < 0.3:
            lines.append("Actually, let me re-read the question to make sure I'm answering what is asked. Yes.")
    lines.append(rnd.choice(_THINK_CLOSE).format(a=final))
    return "\n".join(lines), final


# --------------------------------------------------------------------------------------------- code

def code_answer(item: dict, rnd, with_text: bool = True) -> str:
    code = item["q"] + item["solution"]
    if not with_text:
        return f"```python\n{code}```"
    intro = rnd.choice(["Here's an implementation:", "Here is a straightforward solution:",
                        f"Below is a solution for `{item['entry']}`:", "Sure, here's the completed function:"])
    outro = rnd.choice([
        f"The function `{item['entry']}` handles the cases shown in the docstring examples.",
        "This runs in linear or near-linear time for the input sizes implied by the docstring.",
        "You can verify it against the doctest examples with `python -m doctest`.",
        ""])
    return f"{intro}\n\n```python\n{code}```\n\n{outro}".rstrip()


def code_reasoning(item: dict, rnd) -> str:
    kw = keywords(item["q"], 4)
    return "\n".join([
        f"I need to implement `{item['entry']}`.",
        f"Reading the docstring: it mentions {', '.join(kw)}.",
        "Let me trace the examples to make sure I understand the expected behavior.",
        rnd.choice(["A simple loop should work.", "I can do this with a comprehension.",
                    "Edge cases: empty input, single element.", "I'll keep it readable rather than clever."]),
        "Checking the first doctest mentally... matches.",
        "Okay, writing the final code.",
    ])


# --------------------------------------------------------------------------------------------- generic

_EN_OPEN = [
    "Here's a structured answer on {k0}.",
    "Good question. Below I cover {k0} and {k1}.",
    "Sure! Let's go through {k0} step by step.",
    "Here is an overview of {k0}, with practical notes on {k1}.",
    "Below is a concise response covering {k0}.",
]
_EN_BODY = [
    "{K} is the central point here: it determines how the rest of the approach behaves.",
    "When dealing with {k}, start from the simplest case and add complexity only when needed.",
    "A common mistake with {k} is ignoring the constraints stated up front.",
    "For {k}, the trade-off is usually between simplicity and flexibility.",
    "It helps to separate {k} from the presentation layer so each can change independently.",
    "In practice, {k} works best when combined with clear naming and small, testable units.",
    "If performance matters, measure {k} before optimizing it.",
    "Consider documenting assumptions about {k}; they tend to change over time.",
    "{K} can be approached in two ways: incrementally, or with a full redesign.",
    "Keep in mind that {k} interacts with {k2}, so changes in one affect the other.",
    "A quick example: apply {k} to a small input first and compare with the expected result.",
    "Most guides recommend validating {k} early rather than at the end.",
]
_EN_CLOSE = [
    "Let me know if you'd like more detail on any of these points.",
    "In short: focus on {k0} first, then refine {k1}.",
    "Hope this helps! I can also provide a worked example.",
    "If you share more context, I can tailor this further.",
    "",
]
_ZH_OPEN = ["好的，下面从几个方面来回答关于「{k0}」的问题。", "这是一个很好的问题。我们先来看「{k0}」。", "以下是关于「{k0}」的详细说明："]
_ZH_BODY = [
    "首先，「{k}」是这个问题的核心，需要优先考虑。",
    "其次，在处理「{k}」时，应当结合具体场景进行分析。",
    "另外，「{k}」与「{k2}」之间存在一定的联系，需要综合考虑。",
    "从实践角度来看，可以分步骤逐渐完善，先确定目标，再细化方案。",
    "需要注意的是，细节常常被忽视，但影响很大。",
    "举个例子：在日常生活中，「{k}」往往体现在具体的选择之中。",
    "最后，建议结合自身情况灵活调整，不必拘泥于固定模式。",
]
_ZH_CLOSE = ["总之，关键在于循序渐进、抓住重点。", "希望以上内容对你有帮助。", "如果需要，我可以进一步展开说明。"]


def _fill(t: str, kws: list[str], rnd) -> str:
    k = rnd.choice(kws)
    k2 = rnd.choice(kws)
    return t.format(k=k, K=k[:1].upper() + k[1:], k2=k2, k0=kws[0], k1=kws[min(1, len(kws) - 1)])


def generic_answer(prompt: str, rnd, lang: str = "en", n_body: int | None = None, code: bool = False) -> str:
    kws = keywords(prompt)
    nb = n_body if n_body is not None else rnd.randint(3, 7)
    if lang == "zh":
        parts = [_fill(rnd.choice(_ZH_OPEN), kws, rnd)]
        parts += [f"{i + 1}. " + _fill(t, kws, rnd) for i, t in enumerate(rnd.sample(_ZH_BODY, min(nb, len(_ZH_BODY))))]
        parts.append(_fill(rnd.choice(_ZH_CLOSE), kws, rnd))
        return "\n".join(parts)
    parts = [_fill(rnd.choice(_EN_OPEN), kws, rnd), ""]
    body = rnd.sample(_EN_BODY, min(nb, len(_EN_BODY)))
    if rnd.random() < 0.5:
        parts += ["- " + _fill(t, kws, rnd) for t in body]
    else:
        for i, t in enumerate(body):
            parts.append(f"**{i + 1}. {kws[i % len(kws)].title()}**\n" + _fill(t, kws, rnd))
    if code:
        fn = re.sub(r"[^a-z_]", "_", kws[0].lower())[:24] or "solve"
        lang_tag = "python"
        low = prompt.lower()
        for tag in ("sql", "javascript", "typescript", "rust", "c++", "java", "go", "bash", "vba", "gdscript", "zig"):
            if tag in low:
                lang_tag = tag.replace("c++", "cpp")
                break
        parts.append(f"\n```{lang_tag}\n# {fn}: sketch\n# 1. parse input\n# 2. handle {kws[-1]}\n# 3. return result\n```")
    close = _fill(rnd.choice(_EN_CLOSE), kws, rnd)
    if close:
        parts += ["", close]
    return "\n".join(parts)


_EN_THINK = [
    "The user is asking about {k0}. Let me figure out what they actually need.",
    "Key aspects: {k0}, {k1}. I should address both.",
    "Should I give a short answer or a detailed one? The request suggests detail.",
    "Let me consider the constraints mentioned: {k}.",
    "One possible angle is to explain {k} first, then give an example.",
    "Wait, I should double check whether {k} applies here. Yes, it does.",
    "I'll structure the answer as an overview followed by specific points.",
    "Potential pitfall: confusing {k} with {k2}. I'll make the distinction explicit.",
    "Let me draft the main points before writing the final response.",
]
_ZH_THINK = [
    "用户在问「{k0}」，我需要先理解具体需求。",
    "关键点包括「{k0}」和「{k1}」，两者都需要覆盖。",
    "我先列出要点，再组织成完整的回答。",
    "需要注意「{k}」这一点，避免遗漏。",
    "检查一下逻辑是否通顺……可以。",
    "回答应当简洁、有条理，最好分点说明。",
]


def generic_reasoning(prompt: str, rnd, lang: str = "en", n: int | None = None) -> str:
    kws = keywords(prompt)
    bank = _ZH_THINK if lang == "zh" else _EN_THINK
    k = n if n is not None else rnd.randint(3, 7)
    return "\n".join(_fill(t, kws, rnd) for t in rnd.sample(bank, min(k, len(bank))))


# --------------------------------------------------------------------------------------------- dispatch

def answer_for(item: dict, rnd, lang: str | None = None, style: str = "plain") -> str:
    """A plausible final answer for a dataset item."""
    lang = lang or item.get("lang", "en")
    kind = item.get("kind")
    if kind == "math" and "steps" in item:
        return math_answer(item, lang, rnd, style=style)
    if item.get("src") == "humaneval":
        return code_answer(item, rnd)
    out = item.get("out") or ""
    if out and rnd.random() < 0.85:
        return out
    return generic_answer(item["q"], rnd, "zh" if lang == "zh" else "en", code=(kind == "code"))


def reasoning_for(item: dict, rnd, lang: str | None = None) -> str:
    if item.get("kind") == "math" and "steps" in item:
        return math_reasoning(item, rnd)[0]
    if item.get("src") == "humaneval":
        return code_reasoning(item, rnd)
    lang = lang or item.get("lang", "en")
    return generic_reasoning(item["q"], rnd, "zh" if lang == "zh" else "en")


def prompt_text(item: dict) -> str:
    """The user-facing prompt for an item (instruction + input when the dataset has one)."""
    q = item["q"]
    inp = item.get("input") or ""
    if inp:
        return f"{q}\n\n{inp}"
    return q


def json_dumps(o) -> str:
    return json.dumps(o, ensure_ascii=False)


# --------------------------------------------------------------------------------------------- follow-ups

FOLLOWUPS = {
    "en": ["Can you make it shorter?", "Thanks! Can you give me a concrete example?", "Why is that?",
           "Could you explain the second point in more detail?", "What would you recommend in my case?",
           "ok and what about the downsides?", "Can you rewrite that in a more formal tone?", "perfect, thanks",
           "That didn't work, I get an error. Any idea?", "Put that into a table please."],
    "zh": ["能再简短一点吗？", "谢谢！可以举个具体的例子吗？", "为什么会这样？", "第二点能详细说说吗？", "那有什么缺点呢？", "好的，谢谢"],
    "ja": ["もう少し短くできますか？", "具体例をお願いします。", "ありがとうございます！"],
    "es": ["¿Puedes resumirlo?", "Gracias, ¿me das un ejemplo concreto?", "¿Por qué?"],
    "de": ["Kannst du das kürzer fassen?", "Danke! Hast du ein konkretes Beispiel?", "Warum ist das so?"],
    "fr": ["Peux-tu faire plus court ?", "Merci ! Un exemple concret ?", "Pourquoi ?"],
    "ru": ["Можно короче?", "Спасибо! Можно конкретный пример?", "Почему так?"],
}


def followup(lang: str, rnd) -> str:
    return rnd.choice(FOLLOWUPS.get(lang, FOLLOWUPS["en"]))
