"""Prompt pools from the real public data sets, and synthetic response text.

Prompts are real (Chatbot Arena questions, Self-Instruct tasks, BELLE, GSM8K,
MGSM, HumanEval, HH-RLHF red-team turns, GPTFuzz, prompt-extraction attacks).
Responses are synthetic: assembled from sentence banks, and from the data
sets' own reference answers where they have them (GSM8K rationales,
HumanEval solutions, BELLE answers), sized to target token counts.
"""

from __future__ import annotations

import csv
import gzip
import json
import re

import numpy as np

# ---------------------------------------------------------------------------
# token counting (rough: ~4 ASCII characters per token, ~0.7 token per other char)
# ---------------------------------------------------------------------------


def ntok(s: str) -> int:
    if not s:
        return 0
    a = len(s.encode("ascii", "ignore"))
    return max(1, int(a / 4.0 + (len(s) - a) * 0.7 + 0.5))


def _jsonl(path: str) -> list:
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f.read().split("\n") if l.strip()]


def _gz_jsonl(path: str) -> list:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(l) for l in f.read().split("\n") if l.strip()]


MGSM_LANGS = ["en", "de", "es", "fr", "ru", "ja", "zh", "th", "sw", "bn", "te"]


class Pools:
    """All prompt sources, loaded once (file order is kept, so it is deterministic)."""

    def __init__(self, data_dir: str):
        d = data_dir
        a1 = _jsonl(f"{d}/arena-hard/arena-hard-v0.1-question.jsonl")
        a2 = _jsonl(f"{d}/arena-hard/arena-hard-v2.0-question.jsonl")
        self.arena1 = [x["prompt"] for x in a1]
        self.arena_code = [x["prompt"] for x in a2 if x["subcategory"] == "coding"]
        self.arena_math = [x["prompt"] for x in a2 if x["subcategory"] == "math"]
        self.arena_creative = [x["prompt"] for x in a2 if x["subcategory"] == "creative_writing"]
        self.arena_short = [p for p in self.arena1 if len(p) < 600]

        seed = _jsonl(f"{d}/self-instruct/seed_tasks.jsonl")
        user = _jsonl(f"{d}/self-instruct/user_oriented_instructions.jsonl")
        self.selfinst = []  # (prompt, reference output)
        for x in seed + user:
            inst = x["instances"][0] if x["instances"] else {"input": "", "output": ""}
            p = x["instruction"] + ("\n\n" + inst["input"] if inst.get("input") else "")
            self.selfinst.append((p, inst.get("output", "")))
        self.user_apps = [(x["motivation_app"], x["instruction"],
                           (x["instances"][0]["input"] if x["instances"] else ""),
                           (x["instances"][0]["output"] if x["instances"] else "")) for x in user]

        belle = _jsonl(f"{d}/belle-zh/eval_set.json")
        self.belle = [(x["question"], x["std_answer"], x["class"].replace("\u00a0", " ")) for x in belle]
        bseed = _jsonl(f"{d}/belle-zh/zh_seed_tasks.json")
        self.belle_seed = []
        for x in bseed:
            inst = x["instances"][0] if x["instances"] else {"input": "", "output": ""}
            self.belle_seed.append((x["instruction"] + ("\n" + inst["input"] if inst.get("input") else ""),
                                    inst.get("output", "")))

        g = _jsonl(f"{d}/gsm8k/test.jsonl")
        self.gsm = [(x["question"], x["answer"]) for x in g]
        self.mgsm = {}
        for lang in MGSM_LANGS:
            with open(f"{d}/mgsm/mgsm_{lang}.tsv", encoding="utf-8") as f:
                rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
            self.mgsm[lang] = [(r[0], r[1]) for r in rows]

        he = _gz_jsonl(f"{d}/humaneval/HumanEval.jsonl.gz")
        self.humaneval = [(x["task_id"], x["prompt"], x["canonical_solution"], x["entry_point"]) for x in he]

        hh = _gz_jsonl(f"{d}/hh-rlhf/harmless-base-test.jsonl.gz")
        self.hh_first = []
        self.hh_dialogs = []
        for x in hh:
            turns = re.split(r"\n\n(Human|Assistant): ", x["chosen"])
            # turns: ['', 'Human', text, 'Assistant', text, ...]
            msgs = []
            for i in range(1, len(turns) - 1, 2):
                role = "user" if turns[i] == "Human" else "assistant"
                msgs.append((role, turns[i + 1].strip()))
            if msgs and msgs[0][0] == "user":
                self.hh_first.append(msgs[0][1])
                self.hh_dialogs.append(msgs)

        with open(f"{d}/gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8") as f:
            self.jb_templates = [r[1] for r in list(csv.reader(f))[1:]]
        with open(f"{d}/gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as f:
            self.jb_questions = [r[1] for r in list(csv.reader(f))[1:]]

        with open(f"{d}/prompt-extraction/selected.json", encoding="utf-8") as f:
            ext = json.load(f)
        with open(f"{d}/prompt-extraction/generated.json", encoding="utf-8") as f:
            ext += json.load(f)
        self.extraction = [e.strip() for e in ext if e.strip()]
        self.unnatural = [x["instruction"] for x in _jsonl(f"{d}/prompt-extraction/unnatural-test.jsonl")]

        # Real production length pairs (prompt tokens, output tokens)
        self.azure_conv = self._azure(f"{d}/azure-llm-2023/AzureLLMInferenceTrace_conv.csv")
        self.azure_code = self._azure(f"{d}/azure-llm-2023/AzureLLMInferenceTrace_code.csv")

        # passages for "natural text" needs (RAG chunks, documents)
        self.passages = [o for _, o in self.selfinst if len(o) > 120] + [p for p in self.arena1 if len(p) > 400]

    @staticmethod
    def _azure(path):
        rows = []
        with open(path, encoding="utf-8") as f:
            next(f)
            for line in f:
                _, c, g = line.rstrip("\n").split(",")
                rows.append((int(c), int(g)))
        return np.array(rows, dtype=np.int64)

    def out_len(self, rng, kind="conv", lo=16, hi=4000) -> int:
        arr = self.azure_conv if kind == "conv" else self.azure_code
        v = int(arr[int(rng.integers(len(arr))), 1])
        return int(min(max(v, lo), hi))


# ---------------------------------------------------------------------------
# Sentence banks
# ---------------------------------------------------------------------------
_OPEN = [
    "Here's a clear way to think about {t}.",
    "Good question. {T} comes down to a few key ideas.",
    "Sure! Below is an overview of {t}.",
    "Let's break {t} down step by step.",
    "Short answer: it depends, but here is how I would approach {t}.",
    "There are several ways to handle {t}; the most practical one is described below.",
    "Happy to help with {t}.",
    "Below is a structured answer covering {t}.",
]
_BODY = [
    "The first thing to consider is the goal you are trying to reach with {t}.",
    "In practice, most people start with the simplest version and refine it later.",
    "A common mistake is to optimise too early instead of measuring first.",
    "It helps to write down the constraints explicitly before choosing an approach.",
    "If {w} matters most to you, prioritise it over convenience.",
    "For example, you could compare two options side by side and note the trade-offs.",
    "Keep in mind that {w} can behave differently depending on the context.",
    "This approach scales well, although it needs a little more setup.",
    "You can verify the result by checking a small example by hand.",
    "Another option is to use an existing library or tool rather than building it yourself.",
    "The key trade-off is between speed and accuracy.",
    "Make sure the inputs are validated, because edge cases often cause surprises.",
    "It is worth documenting the decision so that others can follow the reasoning.",
    "Historically, {w} was handled manually, but modern tools automate most of it.",
    "If you run into problems, isolate one variable at a time.",
    "The details depend on your environment, so adapt the numbers to your case.",
    "In most cases the default settings are a reasonable starting point.",
    "Consider the long-term maintenance cost as well as the initial effort.",
    "A useful rule of thumb is to keep each component small and focused.",
    "This is also where {w} becomes important.",
    "Note that the same idea applies to {w} with minor changes.",
    "To summarise the evidence: the benefits usually outweigh the costs.",
    "Be careful with assumptions that are hard to test.",
    "Once the basics work, you can extend the solution incrementally.",
    "Many teams find it useful to review this step together.",
    "The result should be easy to read and easy to change.",
    "For a beginner, the most important thing is to practise regularly.",
    "That said, there is no single correct answer here.",
    "Your audience will care most about clarity and relevance.",
    "Try to keep the tone consistent throughout.",
]
_CLOSE = [
    "Let me know if you want me to go deeper into any of these points.",
    "I hope this helps! Feel free to ask follow-up questions.",
    "If you share more details, I can tailor this further.",
    "Would you like an example or a shorter version?",
    "In summary, start simple, measure, and iterate.",
    "",
]
_HEADS = ["Overview", "Key points", "Step-by-step", "Example", "Considerations", "Summary",
          "Approach", "Details", "Tips", "Next steps"]

_R_OPEN = [
    "Okay, the user wants {t}. Let me think about what they actually need.",
    "Let me parse the request first: {t}.",
    "So the question is about {t}. I should figure out the key constraints.",
    "Alright, I need to work through {t} carefully.",
    "The task: {t}. Let me plan the answer before writing it.",
]
_R_BODY = [
    "First, what are the inputs here? I think {w} is the central piece.",
    "Hmm, wait. I should double-check that assumption.",
    "Let me consider an alternative: maybe {w} is handled differently.",
    "Actually, that doesn't quite work. Let me reconsider.",
    "If I approach it from the other direction, it might be simpler.",
    "Let me verify with a small example to be sure.",
    "That seems consistent. Moving on to the next part.",
    "I need to be careful about edge cases here.",
    "The user probably also cares about {w}, so I'll mention it.",
    "Okay, so the structure of the answer should be: explain, then give an example.",
    "Is there a simpler way? Possibly, but this one is clearer.",
    "Let me recount to make sure I didn't miss anything.",
    "Hmm, the wording is a bit ambiguous; I'll state my interpretation.",
    "So far so good. Now the remaining piece is {w}.",
    "Wait, I should check whether this generalises.",
    "Right, that confirms it.",
]
_R_CLOSE = [
    "Okay, I'm fairly confident now. Let me write the final answer.",
    "Good, that all checks out. Time to write it up clearly.",
    "I think that covers it. Let me present it concisely.",
]

_REFUSALS = [
    "I can't help with that. If you're dealing with a difficult situation, I'm happy to talk through safer options.",
    "I'm not able to assist with this request because it could cause real harm. Is there something else I can help with?",
    "Sorry, but I can't provide that. I can, however, share general safety information on the topic if that's useful.",
    "I won't help with this one. If your goal is {t}, there are legitimate resources I can point you to.",
    "That's not something I can help with. Let me know if you'd like help with a related, safe question.",
]
_SAFE_PARTIAL = [
    "I understand why you might be curious about {t}. I can't give specific instructions, but here is some general context.",
    "This is a sensitive topic. Rather than details, here is an overview of the risks and where to find help.",
    "I'd rather not go into specifics, but I can explain the broader picture.",
]

_ZH_BODY = [
    "首先，我们需要明确问题的核心。", "其次，可以从以下几个方面来考虑。", "例如，可以先列出所有已知条件。",
    "这样做的好处是思路更加清晰。", "需要注意的是，不同情况下结论可能不同。", "总的来说，这种方法简单而有效。",
    "另外，还可以结合实际情况进行调整。", "最后，建议定期回顾和总结。", "这一点在实践中非常重要。",
    "如果遇到困难，可以尝试换一个角度思考。", "具体步骤如下。", "希望以上内容对你有所帮助。",
]

_BODY_PLAIN = ["{" not in x for x in _BODY]
_R_PLAIN = ["{" not in x for x in _R_BODY]

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]{4,}")
_STOP = {"which", "about", "there", "their", "would", "could", "should", "these", "those", "write",
         "please", "following", "given", "using", "where", "other", "while", "without", "between",
         "provide", "explain", "answer", "question", "create", "every", "after", "before", "being"}


def keywords(prompt: str, k: int = 6) -> list:
    seen = []
    for m in _WORD_RE.finditer(prompt[:1500]):
        w = m.group(0).lower()
        if w not in _STOP and w not in seen:
            seen.append(w)
            if len(seen) >= k:
                break
    return seen or ["this", "the problem"]


def topic(prompt: str) -> str:
    first = prompt.strip().split("\n")[0]
    words = first.split()
    t = " ".join(words[:8]).rstrip(".?!:,")
    return t[:80] if t else "your request"


def _fill(s: str, t: str, kw: list, rng) -> str:
    if "{" not in s:
        return s
    return s.replace("{t}", t).replace("{T}", t[:1].upper() + t[1:]).replace("{w}", kw[int(rng.random() * len(kw))])


def prose(rng, prompt: str, n_tokens: int, structured: bool | None = None) -> str:
    """English answer text of about n_tokens tokens."""
    kw = keywords(prompt)
    t = topic(prompt).lower() if len(prompt) < 120 else "this"
    n_sent = max(1, int(n_tokens / 17))
    idx = rng.permutation(len(_BODY)).tolist()
    while len(idx) < n_sent:
        idx += rng.permutation(len(_BODY)).tolist()
    idx = idx[:n_sent]
    parts = [_fill(_OPEN[int(rng.random() * len(_OPEN))], t, kw, rng)]
    if structured is None:
        structured = n_tokens > 200 and rng.random() < 0.6
    if not structured:
        parts.append(" ".join([_BODY[i] if _BODY_PLAIN[i] else _fill(_BODY[i], t, kw, rng) for i in idx]))
    else:
        u = rng.random(n_sent).tolist()
        para = []
        for j, i in enumerate(idx):
            sent = _BODY[i] if _BODY_PLAIN[i] else _fill(_BODY[i], t, kw, rng)
            if j % 4 == 0:
                if para:
                    parts.append(" ".join(para))
                    para = []
                parts.append("\n### " + _HEADS[int(u[j] * len(_HEADS))])
            if u[j] < 0.35:
                parts.append("- " + sent)
            else:
                para.append(sent)
        if para:
            parts.append(" ".join(para))
    close = _CLOSE[int(rng.random() * len(_CLOSE))]
    if close:
        parts.append(close)
    return "\n\n".join(parts)


def zh_prose(rng, n_tokens: int) -> str:
    n = max(2, int(n_tokens / 12))
    idx = rng.integers(0, len(_ZH_BODY), size=n)
    return "".join(_ZH_BODY[i] for i in idx)


def reasoning(rng, prompt: str, n_tokens: int, steps: list | None = None) -> str:
    kw = keywords(prompt)
    t = topic(prompt)
    out = [_fill(_R_OPEN[int(rng.random() * len(_R_OPEN))], t, kw, rng)]
    budget = n_tokens - ntok(out[0])
    if steps:
        for s in steps:
            out.append(s)
            budget -= ntok(s)
            if rng.random() < 0.3:
                s2 = _fill(_R_BODY[int(rng.random() * len(_R_BODY))], t, kw, rng)
                out.append(s2)
                budget -= 12
    n = max(0, int(budget / 12))
    idx = rng.integers(0, len(_R_BODY), size=n).tolist()
    out.extend([_R_BODY[i] if _R_PLAIN[i] else _fill(_R_BODY[i], t, kw, rng) for i in idx])
    out.append(_R_CLOSE[int(rng.random() * len(_R_CLOSE))])
    return "\n\n".join(out) if rng.random() < 0.5 else " ".join(out)


_CALC = re.compile(r"<<[^>]*>>")


def gsm_steps(rationale: str) -> tuple:
    """GSM8K rationale -> (list of step lines, final answer)."""
    body, _, ans = rationale.partition("####")
    lines = [_CALC.sub("", l).strip() for l in body.strip().split("\n") if l.strip()]
    return lines, ans.strip()


def math_answer(rng, rationale: str, style: int = 0) -> str:
    steps, ans = gsm_steps(rationale)
    if style == 0:
        body = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(steps))
        return f"Let's solve this step by step.\n\n{body}\n\n**Answer: {ans}**"
    if style == 1:
        return " ".join(steps) + f"\n\nThe answer is {ans}."
    return "\n".join(f"Step {i + 1}: {s}" for i, s in enumerate(steps)) + f"\n#### {ans}"


# words for localised step-by-step answers (MGSM languages)
LOC = {
    "en": ("Step", "The answer is", "Let's solve it step by step."),
    "de": ("Schritt", "Die Antwort ist", "Lösen wir die Aufgabe Schritt für Schritt."),
    "es": ("Paso", "La respuesta es", "Resolvámoslo paso a paso."),
    "fr": ("Étape", "La réponse est", "Résolvons-le étape par étape."),
    "ru": ("Шаг", "Ответ:", "Решим задачу по шагам."),
    "ja": ("ステップ", "答えは", "順を追って解きましょう。"),
    "zh": ("第{}步", "答案是", "我们一步一步来解。"),
    "th": ("ขั้นที่", "คำตอบคือ", "มาแก้โจทย์ทีละขั้นตอนกัน"),
    "sw": ("Hatua", "Jibu ni", "Tutatatua hatua kwa hatua."),
    "bn": ("ধাপ", "উত্তর হল", "চলুন ধাপে ধাপে সমাধান করি।"),
    "te": ("దశ", "సమాధానం", "దశలవారీగా పరిష్కరిద్దాం."),
}
_EQ = re.compile(r"<<([^>]*)>>")


def localized_math_answer(rng, lang: str, rationale: str) -> str:
    """Equations from the GSM8K rationale, wrapped in the target language's step words."""
    step_word, ans_word, intro = LOC[lang]
    eqs = _EQ.findall(rationale)
    _, ans = gsm_steps(rationale)
    lines = [intro]
    for i, e in enumerate(eqs or ["..."]):
        lab = step_word.format(i + 1) if "{}" in step_word else f"{step_word} {i + 1}"
        lines.append(f"{lab}: {e}")
    lines.append(f"{ans_word} {ans}")
    return "\n".join(lines)


def refusal(rng, prompt: str) -> str:
    t = topic(prompt).lower()
    if rng.random() < 0.7:
        return _fill(_REFUSALS[int(rng.integers(len(_REFUSALS)))], t, ["it"], rng)
    return _fill(_SAFE_PARTIAL[int(rng.integers(len(_SAFE_PARTIAL)))], t, ["it"], rng) + "\n\n" + \
        prose(rng, prompt, 120, structured=False)


_LANG_HINT = [("c++", "cpp"), ("rust", "rust"), ("javascript", "javascript"), ("typescript", "typescript"),
              ("sql", "sql"), ("zig", "zig"), ("java ", "java"), ("golang", "go"), (" go ", "go"), ("bash", "bash"),
              ("c#", "csharp"), ("kotlin", "kotlin"), ("swift", "swift"), ("haskell", "haskell")]


def code_lang(prompt: str) -> str:
    p = prompt.lower()
    for k, v in _LANG_HINT:
        if k in p:
            return v
    return "python"


def code_answer(rng, prompt: str, n_tokens: int, solution: str | None = None) -> str:
    lang = code_lang(prompt)
    kw = keywords(prompt, 4)
    name = "_".join(kw[:2]).replace("-", "_")
    if solution is not None:
        code = solution.rstrip()
    else:
        n_lines = max(4, int(n_tokens * 0.6 / 9))
        body = []
        for i in range(n_lines):
            r = int(rng.integers(6))
            v = kw[i % len(kw)].replace("-", "_")
            if lang == "python":
                body.append(["    result = []", f"    for item in {v}s:", "        if not item:\n            continue",
                             f"    {v} = parse({v})", f"    result.append({v})", "    return result"][r])
            else:
                body.append(["  let result = [];", f"  for (const x of {v}) {{", "  }",
                             f"  const {v} = parse(input);", f"  result.push({v});", "  return result;"][r])
        head = f"def {name}(data):" if lang == "python" else f"function {name}(input) {{"
        code = head + "\n" + "\n".join(body) + ("" if lang == "python" else "\n}")
    pre = prose(rng, prompt, max(30, int(n_tokens * 0.25)), structured=False)
    post = prose(rng, prompt, max(20, int(n_tokens * 0.15)), structured=False)
    return f"{pre.split(chr(10))[0]}\n\n```{lang}\n{code}\n```\n\n{post}"
