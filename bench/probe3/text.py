"""Corpus loading (real public data under /work/shared/data) and text synthesis.

Everything here is deterministic: functions that need randomness take a numpy Generator.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import re
from functools import lru_cache

DATA = os.environ.get("PROBE3_DATA", "/work/shared/data")

_STOP = set("""a an the and or but if then else of to in on for with by at from as is are was were be been being this that these those
it its i you he she we they me my your our their what which who whom how why when where can could would should will shall do does did
not no yes so than too very just also into about over under more most some any all each other such only own same few both here there
please write give make using use need want like one two three get let explain tell show create following given""".split())


def _read_jsonl(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def clean_gsm(ans: str):
    body, _, final = ans.partition("####")
    body = re.sub(r"<<[^>]*>>", "", body).strip()
    return body, final.strip()


@lru_cache(maxsize=None)
def corpus():
    c = {}
    gsm = []
    for r in _read_jsonl(f"{DATA}/gsm8k/test.jsonl"):
        body, final = clean_gsm(r["answer"])
        gsm.append({"q": r["question"], "steps": body, "final": final})
    c["gsm"] = gsm
    mg = {}
    for lang in ["bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh"]:
        rows = []
        with open(f"{DATA}/mgsm/mgsm_{lang}.tsv", encoding="utf-8") as f:
            for line in f:
                q, _, a = line.rstrip("\n").rpartition("\t")
                if q:
                    rows.append({"q": q, "final": a})
        mg[lang] = rows
    c["mgsm"] = mg
    c["humaneval"] = [
        {"id": r["task_id"], "prompt": r["prompt"], "solution": r["canonical_solution"], "test": r["test"], "entry": r["entry_point"]}
        for r in _read_jsonl(f"{DATA}/humaneval/HumanEval.jsonl.gz")
    ]
    a1 = _read_jsonl(f"{DATA}/arena-hard/arena-hard-v0.1-question.jsonl")
    a2 = _read_jsonl(f"{DATA}/arena-hard/arena-hard-v2.0-question.jsonl")
    arena = [{"q": r["prompt"], "cat": "coding" if _codeish(r["prompt"]) else "general"} for r in a1]
    arena += [{"q": r["prompt"], "cat": r.get("subcategory") or "general"} for r in a2]
    c["arena"] = [a for a in arena if 10 < len(a["q"]) < 6000]
    si = []
    for r in _read_jsonl(f"{DATA}/self-instruct/seed_tasks.jsonl") + _read_jsonl(f"{DATA}/self-instruct/user_oriented_instructions.jsonl"):
        inst = r["instances"][0] if r.get("instances") else {"input": "", "output": ""}
        si.append({"instruction": r["instruction"], "input": inst.get("input", ""), "output": inst.get("output", ""),
                   "app": r.get("motivation_app")})
    c["selfinstruct"] = si
    c["selfinstruct_seed"] = si[:175]
    belle = _read_jsonl(f"{DATA}/belle-zh/eval_set.json")
    c["belle"] = [{"q": r["question"], "a": r.get("std_answer") or ""} for r in belle if r.get("question")]
    zs = _read_jsonl(f"{DATA}/belle-zh/zh_seed_tasks.json")
    c["zh_seed"] = [{"instruction": r["instruction"], "input": (r.get("instances") or [{}])[0].get("input", ""),
                     "output": (r.get("instances") or [{}])[0].get("output", "")} for r in zs]
    hh = []
    for r in _read_jsonl(f"{DATA}/hh-rlhf/harmless-base-test.jsonl.gz"):
        turns = re.split(r"\n\n(Human|Assistant): ", "\n\n" + r["chosen"].strip())
        pairs = []
        for i in range(1, len(turns) - 1, 2):
            pairs.append((turns[i], turns[i + 1].strip()))
        if pairs and pairs[0][0] == "Human":
            hh.append(pairs)
    c["hh"] = hh
    with open(f"{DATA}/gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8") as f:
        c["jb_templates"] = [r["text"] for r in csv.DictReader(f)]
    with open(f"{DATA}/gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as f:
        c["jb_questions"] = [r["text"] for r in csv.DictReader(f)]
    c["extraction"] = [r["prompt"] for r in _read_jsonl(f"{DATA}/prompt-extraction/real_service_extraction_prompts.jsonl")]
    with open(f"{DATA}/prompt-extraction/generated.json", encoding="utf-8") as f:
        c["extraction"] += [p.strip() for p in json.load(f)]
    c["unnatural"] = [r["instruction"] for r in _read_jsonl(f"{DATA}/prompt-extraction/unnatural-test.jsonl")]
    # Azure production trace: real prompt/output token sizes for chat-like traffic
    ctx, gen = [], []
    with open(f"{DATA}/azure-llm-2023/AzureLLMInferenceTrace_conv.csv") as f:
        for r in csv.DictReader(f):
            ctx.append(int(r["ContextTokens"]))
            gen.append(int(r["GeneratedTokens"]))
    c["azure_gen"] = gen
    return c


def _codeish(s: str) -> bool:
    return bool(re.search(r"\b(code|python|function|program|script|sql|c\+\+|javascript|java|rust|implement|class|regex|bash|typescript|api|golang|compile)\b", s, re.I))


def codeish(s):
    return _codeish(s)


def tok(s) -> int:
    """Rough token count: ~4 chars per token for ASCII, ~1 token per CJK/other char."""
    if not s:
        return 0
    n = len(s)
    if s.isascii():
        return max(1, n // 4)
    na = sum(1 for ch in s if ord(ch) > 127) if n < 20000 else int(n * _nonascii_share(s[:4000]))
    return max(1, int((n - na) / 4 + na * 0.9))


def _nonascii_share(s):
    return sum(1 for ch in s if ord(ch) > 127) / max(1, len(s))


def keywords(s: str, k=4):
    words = re.findall(r"[A-Za-z][A-Za-z\-\+#]{3,}", s[:1500])
    seen, out = set(), []
    for w in sorted(words, key=lambda w: -len(w)):
        lw = w.lower()
        if lw in _STOP or lw in seen:
            continue
        seen.add(lw)
        out.append(w)
        if len(out) >= k:
            break
    return out or ["this"]


def pick(rng, seq):
    return seq[int(rng.integers(0, len(seq)))]


def first_line(s: str, n=90):
    s = s.strip().split("\n")[0]
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0] + "..."


# ---------------------------------------------------------------- answers
_INTROS = [
    "Here's a detailed answer to your question about {k0}.",
    "Good question. Let me walk through {k0} and {k1}.",
    "Below is a structured overview of {k0}, with practical notes on {k1}.",
    "Sure! Here's how I'd approach {k0}.",
    "There are a few things to consider here, mainly {k0} and {k1}.",
    "Great question — {k0} comes up a lot. Here's a clear breakdown.",
]
_SENT = [
    "The key idea is that {k} determines most of the behaviour you will observe, so it is worth getting right first.",
    "In practice, {k} is usually handled by breaking the problem into smaller, independent steps.",
    "A common mistake is to treat {k} as a fixed quantity; it usually depends on the surrounding context.",
    "If you need more precision, measure {k} directly rather than estimating it.",
    "Keep in mind that {k} interacts with {k2}, so changing one often affects the other.",
    "For most readers, the simplest approach to {k} is also the most robust one.",
    "It helps to write down your assumptions about {k} explicitly before committing to a design.",
    "You can verify the result by checking a small example of {k} by hand.",
    "Historically, {k} was handled differently, but modern practice favours clarity over cleverness.",
    "When {k} grows large, performance and readability both matter, so document the trade-offs.",
    "Consider the edge cases of {k}: empty inputs, very large values, and unexpected formats.",
    "The trade-off between {k} and {k2} is mostly about cost versus flexibility.",
]
_CLOSE = [
    "Let me know if you'd like me to go deeper on any of these points.",
    "I hope this helps — happy to refine it if you share more details.",
    "If you tell me more about your constraints, I can tailor this further.",
    "In short: start simple, verify, and iterate.",
]


def synth_answer(rng, prompt: str, length: int | None = None) -> str:
    ks = keywords(prompt, 6)
    k = lambda i: ks[i % len(ks)]
    out = [pick(rng, _INTROS).format(k0=k(0), k1=k(1))]
    n_sec = int(rng.integers(2, 5)) if length is None else max(1, min(8, length // 120))
    code = _codeish(prompt)
    for i in range(n_sec):
        out.append(f"\n## {i + 1}. {k(i).capitalize()}\n")
        for _ in range(int(rng.integers(2, 4))):
            out.append(pick(rng, _SENT).format(k=k(i), k2=k(i + 1)))
        if rng.random() < 0.5:
            out.append("\n" + "\n".join(f"- **{k(i + j).capitalize()}**: " + pick(rng, _SENT).format(k=k(i + j), k2=k(i)) for j in range(1, 3)))
    if code:
        lang = "python"
        for l in ["c++", "javascript", "rust", "java", "sql", "typescript", "bash", "go"]:
            if l in prompt.lower():
                lang = l.replace("c++", "cpp")
        out.append(f"\n```{lang}\n{_code_stub(rng, ks, lang)}\n```")
    out.append("\n" + pick(rng, _CLOSE))
    return "\n".join(out)


def _code_stub(rng, ks, lang):
    name = re.sub(r"[^a-z_]", "_", ks[0].lower())[:20] or "solve"
    if lang in ("python",):
        return (f"def {name}(data):\n    \"\"\"Handle {ks[0]} for the given input.\"\"\"\n    result = []\n    for item in data:\n"
                f"        if item is None:\n            continue\n        result.append(process_{name}(item))\n    return result\n\n\n"
                f"if __name__ == \"__main__\":\n    print({name}([1, 2, 3]))")
    if lang == "sql":
        return f"SELECT id, {name}, COUNT(*) AS n\nFROM events\nWHERE {name} IS NOT NULL\nGROUP BY id, {name}\nORDER BY n DESC;"
    return (f"// {ks[0]} handling\nfunction {name}(data) {{\n  const result = [];\n  for (const item of data) {{\n    if (item == null) continue;\n"
            f"    result.push(process(item));\n  }}\n  return result;\n}}")


_TH_OPEN = [
    "The user is asking about {s}. Let me think about what they actually need.",
    "Okay, so the question is: {s}. I need to figure out the best way to answer this.",
    "Let me start by understanding the request: {s}.",
    "Hmm, this is about {s}. Let me break it down.",
]
_TH_MID = [
    "First, the core issue is {k}. I should make sure I explain that clearly before anything else.",
    "Wait, I should double-check whether {k} really applies here, or if there's a subtlety.",
    "One approach would be to focus on {k}; another would be to start from {k2}. The first is probably clearer.",
    "I think the user might also care about {k2}, so I'll mention it briefly.",
    "Let me consider edge cases around {k}. If the input is unusual, the answer might change.",
    "Actually, let me reconsider — {k} and {k2} are related, so I should explain the connection.",
    "I'll structure the answer with short sections so it's easy to scan.",
    "Is there any ambiguity in the question? Possibly about {k}; I'll state my assumption.",
]


def synth_thinking(rng, prompt: str, n=None) -> str:
    ks = keywords(prompt, 5)
    parts = [pick(rng, _TH_OPEN).format(s=first_line(prompt, 80))]
    n = min(len(_TH_MID), n or int(rng.integers(3, 8)))
    for i, j in enumerate(rng.choice(len(_TH_MID), n, replace=False)):
        parts.append(_TH_MID[j].format(k=ks[i % len(ks)], k2=ks[(i + 1) % len(ks)]))
    parts.append("Okay, I have a plan. Let me write the response.")
    return " ".join(parts) if rng.random() < 0.5 else "\n\n".join(parts)


def math_thinking(rng, q: str, steps: str, final: str) -> str:
    lines = [l for l in steps.split("\n") if l.strip()]
    out = [pick(rng, ["Let me work through this problem carefully.", "Okay, let me parse the problem.", "Let's see."]),
           "The question: " + first_line(q, 140)]
    for i, l in enumerate(lines):
        out.append(pick(rng, ["", "So ", "Then ", "Next, ", "Now "]) + l)
        if rng.random() < 0.25:
            out.append(pick(rng, ["Let me double-check that arithmetic... yes, that's right.", "Wait, is that right? Re-reading the problem... yes.",
                                  "Hmm, let me make sure I'm not missing a step.", "That checks out."]))
    out.append(f"So the answer is {final}.")
    return "\n".join(out)


def math_answer(rng, steps: str, final: str, style="plain") -> str:
    lines = [l for l in steps.split("\n") if l.strip()]
    if style == "numbered":
        body = "\n".join(f"{i + 1}. {l}" for i, l in enumerate(lines))
    else:
        body = "\n\n".join(lines)
    return f"{body}\n\n**Answer: {final}**"


def code_answer(rng, he: dict) -> str:
    return (pick(rng, ["Here's an implementation:", "Here is a straightforward solution:", "You can implement it like this:"]) +
            f"\n\n```python\n{he['prompt'].rstrip()}\n{he['solution'].rstrip()}\n```\n\n" +
            pick(rng, ["The function iterates over the input once, so it runs in linear time for typical inputs.",
                       "This handles the edge cases shown in the docstring examples.",
                       "The approach is simple and readable; let me know if you need it optimised."]))


def signature(rng) -> str:
    import base64
    return base64.b64encode(rng.bytes(int(rng.integers(96, 160)))).decode()


def zh_answer(rng, item) -> str:
    return item["a"] if item["a"] else "好的，下面是我的回答：\n" + item["q"][:40] + "……这个问题可以从几个方面来理解。"


_ZH_TH = ["首先要弄清楚用户真正想知道的是什么。", "这个问题可以分成几个部分来回答。", "我应该先给出定义，再举例说明。", "等一下，这里有一个容易混淆的地方，需要说明清楚。",
          "用户可能还关心实际应用，我可以简要提一下。", "答案要有条理，用编号列表比较清晰。", "再检查一下有没有遗漏的重要方面。", "语气要友好，但内容要准确。"]


def zh_thinking(rng, q: str) -> str:
    n = int(rng.integers(3, 7))
    mids = [_ZH_TH[j] for j in rng.choice(len(_ZH_TH), n, replace=False)]
    return "用户的问题是：" + first_line(q, 60) + "\n" + "".join(mids) + "好，我来组织回答。"
