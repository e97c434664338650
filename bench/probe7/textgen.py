"""Plausible model outputs (answers, visible reasoning, tool calls). Template text, varied.

Every persona and campaign goes through the same generators, so outputs never
reveal who asked: only the request decides the shape of the answer.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']{3,}")
_NUM = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
STOP = set(["this", "that", "with", "from", "have", "what", "which", "when", "where", "there", "their", "they", "them", "then", "than", "your", "about", "would", "could", "should", "into", "over", "under", "some", "such", "more", "most", "very", "just", "also", "only", "like", "make", "made", "does", "done", "been", "were", "will", "shall", "into", "each", "other", "these", "those", "while", "after", "before", "being", "because", "please", "write", "following", "given", "using", "based", "below", "above", "answer", "question", "explain", "describe", "provide", "create", "between", "without", "within", "through", "whose", "whom", "here", "sure", "need", "want", "know", "help", "tell", "give", "used", "uses", "user", "users", "within", "take", "every", "many", "much", "into", "onto", "upon"])


def est_tokens(s: str) -> int:
    if not s:
        return 0
    n = len(s)
    extra = len(s.encode("utf-8")) - n  # ~2 per CJK char
    if extra <= 0:
        return max(1, (n + 3) // 4)
    cjk = extra // 2
    return max(1, int((n - cjk) / 4 + cjk * 0.75))


_CJK = re.compile("[\u3040-\u9fff]")


def is_cjk(s: str) -> bool:
    head = s[:200]
    return len(_CJK.findall(head)) > max(3, len(head) // 8)


@lru_cache(maxsize=50000)
def _kw_base(text: str) -> tuple:
    seen = []
    for w in _WORD.findall(text[:1500]):
        lw = w.lower()
        if lw in STOP or lw in seen:
            continue
        seen.append(lw)
        if len(seen) >= 24:
            break
    return tuple(seen)


def keywords(text: str, n: int, rng: random.Random | None = None) -> list[str]:
    seen = list(_kw_base(text)[: 3 * n])
    if not seen:
        seen = ["this", "the problem", "the details"]
    if rng is not None and len(seen) > n:
        head = seen[: n + 2]
        rng.shuffle(head)
        return head[:n]
    return (seen + seen * n)[:n]


def topic_of(prompt: str, maxw: int = 12) -> str:
    first = prompt.strip().split("\n", 1)[0]
    words = first.split()
    t = " ".join(words[:maxw]).rstrip(" ?.!:;,")
    if len(words) > maxw:
        t += "..."
    return t or "your request"


# --------------------------------------------------------------------------- banks
OPENERS = [
    "Here's a breakdown of {topic}.",
    "Great question. Here is how I would think about {topic}.",
    "Sure! Below is a structured answer to: \"{topic}\".",
    "Short answer: it depends on a few factors, but here is a practical way to approach it.",
    "Let's go through this carefully.",
    "Below is a detailed response. I've organized it into sections so it's easier to scan.",
    "Certainly. There are a few angles worth covering here.",
    "Good question — this comes up a lot, and the details matter.",
    "Here is what I'd recommend, along with the reasoning behind it.",
    "Absolutely. Let me walk you through it.",
    "This is a nuanced topic, so I'll start with the essentials and then go deeper.",
    "Happy to help with this.",
]
HEADERS = ["Key considerations", "Background", "Step-by-step approach", "Practical tips", "Common pitfalls",
           "Example", "Trade-offs", "Summary", "Recommendations", "How it works", "Why this matters",
           "Details", "Option A vs. option B", "What to watch out for", "Next steps", "Quick checklist"]
SENTS = [
    "The most important factor here is {a}, because it shapes how {b} behaves in practice.",
    "In most cases, {a} and {b} interact more than people expect, so it helps to treat them together.",
    "A common mistake is to focus on {a} first; starting with {b} usually gives a cleaner result.",
    "If you only remember one thing, make it this: {a} should be decided before you worry about {b}.",
    "It's worth noting that {a} can vary a lot depending on context, so verify it for your situation.",
    "A simple way to check your work is to compare {a} against {b} and see whether the two agree.",
    "For {a}, a reasonable default is to start small and adjust once you see how {b} responds.",
    "There is no single right answer for {a}; the best choice depends on your constraints around {b}.",
    "Think of {a} as the foundation and {b} as the layer you refine on top of it.",
    "When {a} is the bottleneck, improving {b} will not help much until {a} is addressed.",
    "Many practitioners recommend documenting assumptions about {a} early, since {b} tends to change.",
    "You can usually get 80% of the benefit by handling {a} well and keeping {b} simple.",
    "Keep in mind that {a} has second-order effects on {b}, which can show up later.",
    "If {a} is unclear, a quick experiment with {b} will often tell you more than reading about it.",
    "The trade-off is straightforward: more attention to {a} means less flexibility in {b}.",
    "One practical approach is to list the options for {a}, score each one against {b}, and pick the best fit.",
    "Be careful with edge cases where {a} is missing or ambiguous; {b} can behave unexpectedly there.",
    "In my experience, clarity about {a} matters more than sophistication in {b}.",
    "A good rule of thumb is to revisit {a} whenever {b} changes significantly.",
    "This is also why {a} is often discussed together with {b}.",
]
BULLETS = [
    "**{A}**: focus on {b} and keep it consistent.",
    "Review {a} regularly rather than once.",
    "Start with {a}, then layer in {b}.",
    "Avoid over-engineering {a}.",
    "Measure {a} before and after any change to {b}.",
    "Write down what \"good\" looks like for {a}.",
    "Ask for feedback on {a} early.",
    "Use {b} as a sanity check for {a}.",
    "**{A}** — usually the quickest win.",
    "Keep {a} and {b} separate where possible.",
]
CLOSERS = [
    "Let me know if you'd like me to expand on any of these points.",
    "If you share more details about your situation, I can tailor this further.",
    "Hope this helps!",
    "Would you like an example or a template to get started?",
    "I can also turn this into a checklist if that's useful.",
    "",
    "",
]
ZH_OPENERS = ["好的，下面是我的回答。", "这是一个很好的问题。", "以下是详细说明：", "可以从以下几个方面来理解：", "当然可以！"]
ZH_SENTS = [
    "首先，需要明确问题的核心是什么，然后再逐步分析。",
    "在实际应用中，需要结合具体情况进行判断。",
    "这一点非常重要，因为它直接影响最终的结果。",
    "另外，也要注意一些常见的误区，避免走弯路。",
    "总的来说，保持清晰的思路和合理的步骤是关键。",
    "可以先从简单的情况入手，再逐步扩展到复杂的情况。",
    "如果条件允许，建议多参考一些权威资料进行验证。",
    "需要注意的是，不同的场景下最佳做法可能有所不同。",
    "通过对比不同方案的优缺点，可以做出更合理的选择。",
    "最后，建议在实践中不断总结经验，持续改进。",
]
ZH_CLOSERS = ["希望对你有帮助！", "如果还有其他问题，欢迎继续提问。", "以上仅供参考。", ""]


def _fill(rng: random.Random, tmpl: str, kws: list[str]) -> str:
    n = len(kws)
    r = rng.random
    i = int(r() * n)
    j = int(r() * n)
    if j == i and n > 1:
        j = (i + 1) % n
    a = kws[i]
    b = kws[j]
    return tmpl.format(a=a, b=b, A=a.capitalize(), topic="")


def general_answer(rng: random.Random, prompt: str, target_tokens: int, known: str | None = None,
                   lang: str | None = None) -> str:
    zh = (lang == "zh") or (lang is None and is_cjk(prompt))
    target_chars = max(80, target_tokens * (2 if zh else 4))
    if zh:
        parts = [rng.choice(ZH_OPENERS)]
        if known:
            parts.append(known)
        n = 0
        size = sum(len(p) for p in parts)
        while size < target_chars * 0.5 and n < 40:
            k = rng.randint(2, 4)
            parts.append(f"{len(parts)}. " + "".join(rng.sample(ZH_SENTS, k)))
            size += len(parts[-1])
            n += 1
        parts.append(rng.choice(ZH_CLOSERS))
        return "\n\n".join(p for p in parts if p)
    kws = keywords(prompt, 8, rng)
    topic = topic_of(prompt)
    parts = [rng.choice(OPENERS).format(topic=topic)]
    if known:
        parts.append(known.strip())
    size = sum(len(p) for p in parts)
    style = rng.random()
    guard = 0
    while size < target_chars and guard < 60:
        guard += 1
        if style < 0.45:
            h = rng.choice(HEADERS)
            para = " ".join(_fill(rng, rng.choice(SENTS), kws) for _ in range(rng.randint(2, 4)))
            block = f"### {h}\n{para}"
        elif style < 0.8:
            block = "\n".join(f"{i + 1}. " + _fill(rng, rng.choice(SENTS), kws) for i in range(rng.randint(3, 5)))
            style = 0.9
        else:
            block = "\n".join("- " + _fill(rng, rng.choice(BULLETS), kws) for _ in range(rng.randint(3, 6)))
            style = rng.random() * 0.8
        parts.append(block)
        size += len(block)
    c = rng.choice(CLOSERS)
    if c:
        parts.append(c)
    return "\n\n".join(parts)


def short_chat(rng: random.Random, prompt: str) -> str:
    kws = keywords(prompt, 3, rng)
    if is_cjk(prompt):
        return rng.choice(ZH_OPENERS) + "".join(rng.sample(ZH_SENTS, 2))
    return " ".join(_fill(rng, rng.choice(SENTS), kws) for _ in range(rng.randint(1, 3)))


# --------------------------------------------------------------------------- math
MATH_INTRO = ["Let's solve this step by step.", "Let me work through this carefully.", "Here's the solution.",
              "We can break the problem into a few steps.", "Step-by-step solution:", "Let's think step by step.",
              "Let's figure this out one piece at a time.", ""]
MATH_FINAL = ["**Answer: {x}**", "The answer is {x}.", "So the final answer is **{x}**.", "$\\boxed{{{x}}}$",
              "Therefore, the answer is {x}.", "ANSWER: {x}", "Final answer: {x}"]
LANG_WORDS = {
    "de": ("Schritt", "Die Antwort lautet"), "es": ("Paso", "La respuesta es"), "fr": ("Étape", "La réponse est"),
    "ja": ("ステップ", "答えは"), "ru": ("Шаг", "Ответ:"), "zh": ("第{}步", "答案是"), "th": ("ขั้นตอนที่", "คำตอบคือ"),
    "sw": ("Hatua", "Jibu ni"), "bn": ("ধাপ", "উত্তর হল"), "te": ("దశ", "సమాధానం"),
}


_EQ = re.compile(r"\$?\d[\d,.]*%?(?:\s*[-+*/x×÷]\s*\$?\d[\d,.]*%?)+\s*=\s*\$?\d[\d,.]*%?")


def equations(steps: list[str]) -> list[str]:
    out = []
    for s in steps:
        out += [m.group(0) for m in _EQ.finditer(s)]
    return out


def _synth_steps(rng: random.Random, q: str, final: str) -> list[str]:
    nums = _NUM.findall(q)[:6]
    if is_cjk(q) or not _WORD.search(q[:200]):
        ops = ["+", "-", "×", "÷"]
        steps = [f"{nums[i]} {rng.choice(ops)} {nums[i + 1]}" for i in range(min(len(nums) - 1, rng.randint(2, 4)))]
        return steps + [f"= {final}"]
    steps = []
    if len(nums) >= 2:
        for i in range(min(len(nums) - 1, rng.randint(2, 4))):
            a, b = nums[i], nums[i + 1]
            op = rng.choice(["+", "-", "*", "/"])
            steps.append(f"From the problem we have {a} and {b}, so we compute {a} {op} {b}.")
    kws = keywords(q, 4, rng)
    steps.append(f"Combining this with the condition on {kws[0]}, we simplify the expression.")
    steps.append(f"Checking the result against {kws[1]} confirms it is consistent, giving {final}.")
    return steps


def math_answer(rng: random.Random, q: str, steps: list[str] | None, final: str, lang: str = "en",
                style: str = "full") -> str:
    if not steps:
        steps = _synth_steps(rng, q, final)
    if style == "final_only":
        return rng.choice([f"{final}", f"{final}", f"The answer is {final}.", f"**{final}**"])
    if lang != "en" and lang in LANG_WORDS:
        sw, fw = LANG_WORDS[lang]
        lines = []
        if style == "short":
            steps = steps[-2:]
        for i, s in enumerate(steps):
            lab = sw.format(i + 1) if "{}" in sw else f"{sw} {i + 1}"
            lines.append(f"{lab}: {s}")
        return "\n".join(lines) + f"\n\n{fw} {final}."
    if style == "short":
        core = " ".join(steps[-2:]) if len(steps) > 1 else steps[0]
        return f"{core} Answer: {final}."
    fmt = rng.randint(0, 3)
    out = [rng.choice(MATH_INTRO)]
    for i, s in enumerate(steps):
        if fmt == 0:
            out.append(f"**Step {i + 1}:** {s}")
        elif fmt == 1:
            out.append(f"{i + 1}. {s}")
        elif fmt == 2:
            out.append(s)
        else:
            out.append(f"- {s}")
    if style == "tutor":
        out.append(rng.choice(["Does that make sense? Try checking each step with your own numbers.",
                               "Great job sticking with it! The key idea was to take it one quantity at a time.",
                               "Tip: always write down what you know before you start calculating."]))
    out.append(rng.choice(MATH_FINAL).format(x=final))
    return "\n\n".join(o for o in out if o)


# --------------------------------------------------------------------------- code
LANG_HINTS = [("c++", "cpp"), ("cpp", "cpp"), ("rust", "rust"), ("javascript", "javascript"), ("typescript", "typescript"),
              ("golang", "go"), (" go ", "go"), ("java ", "java"), ("sql", "sql"), ("bash", "bash"), ("zig", "zig"),
              ("c#", "csharp"), ("kotlin", "kotlin"), ("swift", "swift"), ("php", "php"), ("haskell", "haskell"),
              ("excel", "vba"), ("vba", "vba"), ("ruby", "ruby"), ("lisp", "lisp"), ("scheme", "scheme")]


def detect_lang(prompt: str) -> str:
    p = " " + prompt.lower() + " "
    for k, v in LANG_HINTS:
        if k in p:
            return v
    return "python"


def _ident(words: list[str]) -> str:
    w = [re.sub(r"[^a-z]", "", x.lower()) for x in words]
    w = [x for x in w if x][:3] or ["solve"]
    return "_".join(w)


CODE_TMPL = {
    "python": "def {f}({a}):\n    \"\"\"{doc}\"\"\"\n    result = []\n    for item in {a}:\n        if not item:\n            continue\n        result.append(process_{g}(item))\n    return result\n\n\ndef process_{g}(item):\n    # handle the {g} case explicitly\n    return item\n\n\nif __name__ == \"__main__\":\n    print({f}([1, 2, 3]))",
    "cpp": "#include <bits/stdc++.h>\nusing namespace std;\n\n// {doc}\nint {f}(const vector<int>& {a}) {{\n    int best = 0;\n    for (int x : {a}) {{\n        best = max(best, x);\n    }}\n    return best;\n}}\n\nint main() {{\n    ios::sync_with_stdio(false);\n    int t; cin >> t;\n    while (t--) {{\n        int n; cin >> n;\n        vector<int> v(n);\n        for (auto& x : v) cin >> x;\n        cout << {f}(v) << \"\\n\";\n    }}\n}}",
    "rust": "/// {doc}\nfn {f}({a}: &[i64]) -> i64 {{\n    {a}.iter().copied().fold(0, |acc, x| acc.max(x))\n}}\n\nfn main() {{\n    let data = vec![3, 1, 4, 1, 5];\n    println!(\"{{}}\", {f}(&data));\n}}",
    "javascript": "// {doc}\nfunction {F}({a}) {{\n  const out = [];\n  for (const item of {a}) {{\n    if (item == null) continue;\n    out.push(item);\n  }}\n  return out;\n}}\n\nmodule.exports = {{ {F} }};",
    "typescript": "// {doc}\nexport function {F}({a}: string[]): Record<string, number> {{\n  const counts: Record<string, number> = {{}};\n  for (const x of {a}) {{\n    counts[x] = (counts[x] ?? 0) + 1;\n  }}\n  return counts;\n}}",
    "go": "package main\n\nimport \"fmt\"\n\n// {F} {doc}\nfunc {F}({a} []int) int {{\n\ttotal := 0\n\tfor _, v := range {a} {{\n\t\ttotal += v\n\t}}\n\treturn total\n}}\n\nfunc main() {{\n\tfmt.Println({F}([]int{{1, 2, 3}}))\n}}",
    "sql": "-- {doc}\nSELECT c.customer_id,\n       COUNT(o.order_id) AS orders,\n       SUM(o.amount)     AS revenue\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.customer_id\nWHERE o.created_at >= DATE '2024-01-01'\nGROUP BY c.customer_id\nORDER BY revenue DESC\nLIMIT 20;",
    "bash": "#!/usr/bin/env bash\nset -euo pipefail\n# {doc}\nfor f in \"$@\"; do\n  if [[ -f \"$f\" ]]; then\n    echo \"processing $f\"\n    wc -l \"$f\"\n  fi\ndone",
}


def code_answer(rng: random.Random, prompt: str, solution: str | None = None, header: str | None = None,
                lang: str | None = None, target_tokens: int = 400) -> str:
    lang = lang or detect_lang(prompt)
    if solution is not None:
        code = (header or "") + solution
        lang_tag = "python"
    else:
        kws = keywords(prompt, 4, rng)
        f = _ident(kws[:2])
        F = "".join(x.capitalize() for x in f.split("_"))
        F = F[0].lower() + F[1:] if lang in ("javascript", "typescript") else F
        tmpl = CODE_TMPL.get(lang, CODE_TMPL["python"])
        code = tmpl.format(f=f, F=F, a=kws[2] if kws[2].isidentifier() else "items", g=kws[3] if kws[3].isidentifier() else "value",
                           doc=topic_of(prompt, 10).replace('"', "'"))
        lang_tag = lang if lang in CODE_TMPL else "python"
    intro = rng.choice(["Here's an implementation:", "Here is a clean solution:", "Sure — here's one way to do it.",
                        "You can solve this as follows:", "Below is a working version with comments.", ""])
    expl_items = [
        "It iterates over the input once, so the time complexity is O(n).",
        "Edge cases (empty input, duplicates) are handled explicitly.",
        "The helper keeps the main function short and easy to test.",
        "No external dependencies are required.",
        "Memory usage is O(n) for the output.",
        "You can swap the inner check for a custom predicate if your rules differ.",
        "I kept variable names descriptive so it's easy to adapt.",
        "If performance matters, consider sorting first and using two pointers.",
    ]
    expl = "\n".join("- " + s for s in rng.sample(expl_items, rng.randint(2, 4)))
    out = f"{intro}\n\n```{lang_tag}\n{code.rstrip()}\n```\n\n**How it works**\n{expl}"
    if target_tokens > 700:
        tests = "\n".join(f"assert {(_ident(keywords(prompt, 2, rng)))}({rng.randint(0, 9)}) is not None" for _ in range(3))
        out += f"\n\n**Tests**\n```{lang_tag}\n{tests}\n```"
    if target_tokens > 1200:
        out += "\n\n" + general_answer(rng, prompt, target_tokens - 600)
    return out


# --------------------------------------------------------------------------- reasoning (visible thinking)
R_OPEN = ["Okay, let me think about this.", "Alright, so the user is asking about {topic}.",
          "Let me start by understanding what's being asked: {topic}.", "Hmm, {topic}. Let me break this down.",
          "So the task is: {topic}. Let me figure out the approach.", "First, let me restate the problem to make sure I understand it."]
R_MID = ["Wait, I should double-check that.", "Let me verify this step again.", "Actually, hold on.",
         "Hmm, that doesn't look right. Let me redo it.", "Okay, that seems consistent.", "Let me consider an alternative.",
         "Is there an edge case I'm missing?", "Let me sanity-check with a simpler example."]
R_GEN = ["The key consideration seems to be {a}. How does that relate to {b}?",
         "If I think about {a} first, then {b} follows naturally.",
         "The user probably cares most about {a}, so I should lead with that.",
         "I should mention {b} too, but not make it the focus.",
         "Maybe structure the answer around {a} and {b}.",
         "There might be a trade-off between {a} and {b} worth pointing out.",
         "What would an expert say about {a}? Probably that it depends on {b}.",
         "I need to be careful not to overcomplicate {a}."]
R_MATH = ["Hmm, should I use {a} or {b} as the base quantity here?", "Let me recompute with {a} to be safe.",
          "Units check: {a} and {b} need to be in the same units before combining them.",
          "Alternatively I could set up an equation with x standing for the unknown and plug in {a}.",
          "If I estimate roughly, {a} is in the right ballpark compared with {b}.", "Is {a} a total or a per-item amount? Re-read.",
          "Wait, does the problem ask for {b} or for the difference? Let me re-read the question.",
          "Let me try a smaller version of the problem to make sure the method works.",
          "So far I have {a}. The next piece is how {b} fits in.", "Double-check the arithmetic: {a} combined with {b}.",
          "Maybe a table of values would help keep {a} and {b} straight.",
          "A common trap here is to add {a} when the question implies multiplication."]
R_CODE = ["Maybe iterate once and keep a running state for {a}.",
          "Edge cases: empty {a}, a single element, duplicates, negative values.",
          "A hash map keyed by {a} would make lookups O(1).",
          "Sorting first would make {b} easier, at O(n log n).",
          "Let me trace through a small example to make sure {a} works.",
          "The loop invariant is that everything before index i is already {b}.",
          "What if {a} is very large? Recursion depth could be an issue, so iterate instead.",
          "I could use a two-pointer approach over {a}.",
          "Should {a} be mutable here? Probably safer to copy it.",
          "The tests will likely check {b} with an empty input, so guard that.",
          "Off-by-one risk when slicing {a}; check the boundaries.",
          "A generator would avoid building {b} in memory.",
          "Error handling: raise ValueError if {a} is malformed.",
          "Naming: {a} and {b} should be clear to the reader.",
          "Complexity: one pass over {a}, so linear time."]
R_GEN += ["Let me recall what I know about {a}.", "Does {a} really matter here, or is {b} the main point?",
          "I should give a concrete example involving {a}.", "The user might be a beginner, so explain {a} simply.",
          "A list of steps would make {b} easier to follow.", "Counterpoint: {b} could be misleading without context."]
R_CLOSE = ["Okay, I think I have a good answer. Let me write it up.", "Alright, that should cover it.",
           "Good, now let me present this clearly.", "So the final answer is {final}.", "I'm fairly confident now."]


def reasoning_trace(rng: random.Random, task: dict, effort: str = "medium") -> str:
    lo, hi = {"minimal": (60, 200), "low": (200, 700), "medium": (450, 1500), "high": (1000, 3800)}.get(effort, (450, 1500))
    target = rng.randint(lo, hi)
    kind = task.get("kind")
    text = task.get("q") or task.get("prompt") or ""
    zh = is_cjk(text) and rng.random() < 0.6
    if zh:
        parts = ["嗯，我先理解一下这个问题。", "用户想知道的是：" + text[:40] + "。"]
        size = 40
        while size * 2 < target:
            p = rng.choice(["我需要先确认已知条件。", "等一下，我再检查一遍。", "这样计算应该是对的。",
                            "换个角度想一想。", "先从简单的情况开始。", "还要注意边界情况。"])
            parts.append(p)
            size += len(p)
        parts.append("好，可以整理答案了。")
        return "".join(parts)
    kws = keywords(text, 6, rng) if text else ["the request", "the constraints", "the output"]
    parts = [rng.choice(R_OPEN).format(topic=topic_of(text, 10) if text else "the task")]
    final = task.get("final", "")
    if kind == "math":
        steps = task.get("steps") or _synth_steps(rng, text, final or "?")
        nums = _NUM.findall(text)[:5]
        if nums:
            parts.append("The numbers given are " + ", ".join(nums) + ".")
        size = sum(len(p) for p in parts)
        for s in steps:
            parts.append(s)
            size += len(s)
            if rng.random() < 0.3:
                parts.append(rng.choice(R_MID))
                size += len(parts[-1])
        if size < target:
            kn = (nums or ["the first quantity", "the second quantity"]) + [final or "the result"]
            parts += _batch_fill(rng, R_MATH, kn, target - size, 0.2)
            if rng.random() < 0.5:
                parts.append(rng.choice(["Re-checking the last step: " + steps[-1], "Going back over it once more: " + steps[0]]))
    elif kind in ("code", "code_completion"):
        parts.append(rng.choice(["I need to handle the empty input case.", "What's the expected complexity here?",
                                 "Let me think about the data structure first.", "Let me re-read the spec carefully."]))
        parts += _batch_fill(rng, R_CODE, kws, target - sum(len(p) for p in parts), 0.25)
    else:
        parts += _batch_fill(rng, R_GEN, kws, target - sum(len(p) for p in parts), 0.25)
    parts.append(rng.choice(R_CLOSE).format(final=final or "as above"))
    joiner = " " if rng.random() < 0.5 else "\n\n"
    return joiner.join(parts)


def _batch_fill(rng: random.Random, templates: list[str], kws: list[str], target: int, mid_p: float) -> list[str]:
    m = max(1, target // 60 + 1)
    ts = rng.choices(templates, k=m)
    ks = rng.choices(kws, k=2 * m)
    mids = rng.choices(R_MID, k=m)
    flags = rng.choices((True, False), weights=(mid_p, 1 - mid_p), k=m)
    out = []
    size = 0
    for i in range(m):
        a, b = ks[2 * i], ks[2 * i + 1]
        if a == b and len(kws) > 1:
            b = kws[(kws.index(a) + 1) % len(kws)]
        x = ts[i].format(a=a, b=b, A=a.capitalize())
        out.append(x)
        size += len(x)
        if flags[i]:
            out.append(mids[i])
            size += len(mids[i])
        if size >= target:
            break
    return out


# --------------------------------------------------------------------------- misc answers
REFUSALS = [
    "I can't help with that. If you're dealing with a difficult situation, I'm happy to talk through safer alternatives.",
    "I'm sorry, but I can't assist with that request.",
    "I can't provide instructions for that. Is there something else I can help you with?",
    "I won't be able to help with this one, but I can share general safety information if that's useful.",
    "Sorry, I can't do that. I can, however, help with related topics that don't involve harm.",
    "I'm not able to share my system instructions, but I'm glad to help with your actual question.",
]


def refusal(rng: random.Random) -> str:
    return rng.choice(REFUSALS)


def persona_reply(rng: random.Random, persona: dict, prompt: str, target_tokens: int) -> str:
    lead = rng.choice(persona.get("leads") or ["Well,"])
    body = general_answer(rng, prompt, target_tokens)
    body = body.split("\n\n", 1)[-1] if rng.random() < 0.6 else body
    tail = rng.choice(persona.get("tails") or [""])
    return f"{lead} {body}\n\n{tail}".strip()


def judge_reply(rng: random.Random, pairwise: bool) -> str:
    crit = ["helpfulness", "accuracy", "relevance", "level of detail", "clarity", "instruction following"]
    c = rng.sample(crit, 3)
    expl = (f"Both responses address the question. Assistant A is stronger on {c[0]}, while Assistant B offers better "
            f"{c[1]}. However, B contains a minor error regarding {c[2]}.") if pairwise else (
        f"The response is generally {rng.choice(['good', 'adequate', 'strong', 'weak'])} in terms of {c[0]} and {c[1]}; "
        f"{rng.choice(['it misses one requirement', 'it is mostly correct', 'it could be more concise'])}.")
    if pairwise:
        v = rng.choice(["[[A]]", "[[B]]", "[[A]]", "[[B]]", "[[C]]"])
        return f"{expl}\n\nFinal verdict: {v}"
    return f"{expl}\n\nRating: [[{rng.randint(2, 10)}]]"


SUPPORT_REPLIES = [
    "I'm sorry about the trouble with {thing}. I've checked your account and {fix}. Is there anything else I can help with?",
    "Thanks for reaching out! For {thing}, {fix}. Let me know if that resolves it.",
    "I understand how frustrating that must be. {Fix}. You'll receive a confirmation email shortly.",
    "Happy to help with {thing}. {Fix}. If the issue persists, reply here and I'll escalate it to our team.",
]
FIXES = ["I've issued a replacement that ships within 2 business days", "the refund has been processed and should appear in 5-7 days",
         "you can reset it from Settings > Security", "I've updated the delivery address on your order",
         "the charge you're seeing is a temporary authorization hold", "your subscription has been paused as requested",
         "the tracking shows the package is at the local depot", "I've applied a 15% courtesy credit to your account"]


def support_reply(rng: random.Random, thing: str) -> str:
    fx = rng.choice(FIXES)
    return rng.choice(SUPPORT_REPLIES).format(thing=thing, fix=fx, Fix=fx[0].upper() + fx[1:])


def summary_answer(rng: random.Random, doc: str, target_tokens: int) -> str:
    sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", doc[:20000]) if 30 < len(s.strip()) < 300]
    k = max(2, min(len(sents), target_tokens // 30))
    picked = sents[:: max(1, len(sents) // k)][:k] if sents else ["The document covers several topics."]
    head = rng.choice(["**Summary**", "Summary:", "Here is a concise summary:", "TL;DR:", "Key points:"])
    return head + "\n" + "\n".join("- " + s for s in picked)


def analysis_answer(rng: random.Random, table: dict, question: str, target_tokens: int, reasoning_visible: bool) -> str:
    cols = table["cols"]
    rows = table["rows"]
    num_idx = [i for i in range(1, len(cols)) if isinstance(rows[0][i], (int, float))]
    lines = []
    if reasoning_visible:
        lines.append(rng.choice(["## Reasoning", "### Approach", "**How I analysed this**", "## Methodology"]))
        lines.append(rng.choice(["I first profiled each column, then compared segments, then checked whether the "
                                 "pattern survives once outliers are excluded.",
                                 "Step 1: compute summary statistics. Step 2: compare groups. Step 3: test whether the "
                                 "difference is larger than normal variation.",
                                 "I'll work through this in stages: describe, compare, explain, recommend."]))
    lines.append(rng.choice(["## Key statistics", "### Descriptive statistics", "**Summary statistics**"]))
    for i in num_idx[:4]:
        vals = [r[i] for r in rows]
        mean = sum(vals) / len(vals)
        var = sum((v - mean) ** 2 for v in vals) / max(1, len(vals) - 1)
        mx = max(range(len(vals)), key=lambda j: vals[j])
        mn = min(range(len(vals)), key=lambda j: vals[j])
        lines.append(f"- **{cols[i]}**: mean {mean:,.2f}, sd {var ** 0.5:,.2f}; highest for {rows[mx][0]} ({vals[mx]:,}), "
                     f"lowest for {rows[mn][0]} ({vals[mn]:,}).")
    if len(num_idx) >= 2:
        a, b = num_idx[0], num_idx[1]
        xs = [r[a] for r in rows]
        ys = [r[b] for r in rows]
        mx_, my_ = sum(xs) / len(xs), sum(ys) / len(ys)
        cov = sum((x - mx_) * (y - my_) for x, y in zip(xs, ys))
        sx = sum((x - mx_) ** 2 for x in xs) ** 0.5
        sy = sum((y - my_) ** 2 for y in ys) ** 0.5
        r = cov / (sx * sy) if sx and sy else 0.0
        lines.append(f"- Correlation between {cols[a]} and {cols[b]}: r = {r:.2f} "
                     f"({'strong' if abs(r) > 0.6 else 'moderate' if abs(r) > 0.3 else 'weak'}).")
    lines.append(rng.choice(["## Insights", "### What the data says", "**Findings**"]))
    kws = [c.lower().replace("_", " ") for c in cols[1:]] + keywords(question, 3, rng)
    for _ in range(rng.randint(3, 5)):
        lines.append("- " + _fill(rng, rng.choice(SENTS), kws))
    lines.append(rng.choice(["## Recommendation", "### Next steps", "**Caveats**"]))
    lines.append(_fill(rng, rng.choice(SENTS), kws) + " " + _fill(rng, rng.choice(SENTS), kws))
    out = "\n".join(lines)
    if est_tokens(out) < target_tokens * 0.6:
        out += "\n\n" + general_answer(rng, question, target_tokens - est_tokens(out))
    return out
