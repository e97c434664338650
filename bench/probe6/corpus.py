"""Real public prompt/answer text from /work/shared/data, loaded once per process."""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path("/work/shared/data")
MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")
_CALC = re.compile(r"<<[^>]*>>")


@dataclass
class Corpus:
    """Pools of real text. Answers come from the same files where the dataset has them."""

    gsm: list[tuple[str, str, str]] = field(default_factory=list)  # (question, rationale, final)
    mgsm: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang -> [(question, answer)]
    mgsm_rationale: list[str] = field(default_factory=list)  # English rationale per MGSM row ("" if unknown)
    humaneval: list[tuple[str, str, str]] = field(default_factory=list)  # (prompt, solution, entry_point)
    arena: list[tuple[str, str]] = field(default_factory=list)  # (prompt, topic)
    arena_code: list[str] = field(default_factory=list)
    arena_math: list[str] = field(default_factory=list)
    arena_creative: list[str] = field(default_factory=list)
    selfinst: list[tuple[str, str, str]] = field(default_factory=list)  # (instruction, input, output)
    unnatural: list[str] = field(default_factory=list)
    belle: list[tuple[str, str]] = field(default_factory=list)
    belle_seed: list[tuple[str, str, str]] = field(default_factory=list)
    hh: list[str] = field(default_factory=list)


def _clean(r: str) -> tuple[str, str]:
    body, _, final = r.partition("####")
    return _CALC.sub("", body).strip(), final.strip()


def load() -> Corpus:
    c = Corpus()
    with open(DATA / "gsm8k/test.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            body, final = _clean(d["answer"])
            c.gsm.append((d["question"], body, final))
    by_q = {q.strip(): r for q, r, _ in c.gsm}
    for lang in MGSM_LANGS:
        rows = []
        with open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8") as f:
            for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(r) >= 2:
                    rows.append((r[0], r[1]))
        c.mgsm[lang] = rows
    c.mgsm_rationale = [by_q.get(q.strip(), "") for q, _ in c.mgsm["en"]]
    with gzip.open(DATA / "humaneval/HumanEval.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            c.humaneval.append((d["prompt"], d["canonical_solution"], d["entry_point"]))
    with open(DATA / "arena-hard/arena-hard-v0.1-question.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            c.arena.append((d["prompt"], d["cluster"]))
    with open(DATA / "arena-hard/arena-hard-v2.0-question.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sub = d.get("subcategory", "")
            p = d["prompt"]
            if len(p) > 6000:
                continue
            {"coding": c.arena_code, "math": c.arena_math}.get(sub, c.arena_creative).append(p)
    for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
        with open(DATA / "self-instruct" / name, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                for inst in d["instances"][:2]:
                    c.selfinst.append((d["instruction"], inst.get("input", ""), inst.get("output", "")))
    with open(DATA / "prompt-extraction/unnatural-test.jsonl", encoding="utf-8") as f:
        c.unnatural = [json.loads(line)["instruction"] for line in f if line.strip()]
    with open(DATA / "belle-zh/eval_set.json", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                c.belle.append((d["question"], d.get("std_answer", "")))
    with open(DATA / "belle-zh/zh_seed_tasks.json", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                inst = d["instances"][0]
                c.belle_seed.append((d["instruction"], inst.get("input", ""), inst.get("output", "")))
    with gzip.open(DATA / "hh-rlhf/harmless-base-test.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["chosen"]
            first = t.split("\n\nHuman: ")[1].split("\n\nAssistant:")[0].strip() if "\n\nHuman: " in t else ""
            if 10 < len(first) < 400:
                c.hh.append(first)
    return c


_CORPUS: Corpus | None = None


def get() -> Corpus:
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = load()
    return _CORPUS


# ---- answer text built around the real prompts -------------------------------------------------------------

_OPEN = ["Here's a clear way to approach this.", "Great question — let's break it down.",
         "Sure. Below is a concise answer.",
         "Here is a practical, step-by-step answer.", "Short answer first, then the details."]
_BUL = ["Start with the core requirement and state the assumptions explicitly.",
        "Handle the edge cases separately so the main path stays simple.",
        "Prefer the standard library or a well-maintained package over custom code.",
        "Measure before optimising: the bottleneck is rarely where you expect it.",
        "Keep the interface small and document the inputs and outputs.",
        "Validate the result against a small hand-worked example.",
        "Consider how the solution behaves when the input is empty or very large.",
        "Write down the trade-offs so the decision can be revisited later."]


def topic_of(prompt: str, n: int = 9) -> str:
    flat = re.sub(r"\s+", " ", prompt).strip()
    words = flat.split(" ")
    if len(words) < 3 or len(words[0]) > 25:  # CJK and other unspaced scripts
        return flat[: n * 2].rstrip("。，、？！.,:;?!")
    return " ".join(words[:n]).rstrip(".,:;?!")


def generic_answer(rng: random.Random, prompt: str, code: bool = False) -> str:
    """A plausible model answer shape for prompts without a reference answer (arena-hard)."""
    c = get()
    parts = [rng.choice(_OPEN), "", f"**{topic_of(prompt, 7)}**", ""]
    for i, b in enumerate(rng.sample(_BUL, rng.randint(3, 5)), 1):
        parts.append(f"{i}. {b}")
    if code:
        p, s, _ = rng.choice(c.humaneval)
        parts += ["", "```python", (p + s).strip(), "```"]
    parts += ["", rng.choice(["Let me know if you want a version tailored to your setup.",
                              "If you share more details I can refine this further.", ""])]
    return "\n".join(parts).strip()


def gsm_answer(rationale: str, final: str) -> str:
    return f"{rationale}\n\n**Answer: {final}**"


_HEADS = ["Analyzing the Request", "Defining the Approach", "Breaking Down the Problem", "Calculating the Totals",
          "Verifying the Result", "Refining the Explanation", "Structuring the Code", "Considering Edge Cases",
          "Clarifying the Constraints", "Drafting the Response", "Evaluating Alternatives", "Finalizing the Answer"]
_SENT = ["I'm starting by identifying what is actually being asked about {t}.",
         "I've broken the problem into smaller steps and I'm working through them in order.",
         "I'm now checking the intermediate values to make sure nothing was dropped.",
         "I'm considering whether there's a simpler formulation of {t}.",
         "I've confirmed the main result and I'm now deciding how to present it clearly.",
         "I'm weighing two possible approaches and leaning toward the more direct one.",
         "My focus is shifting to the edge cases, especially around {t}.",
         "I've drafted the core of the answer and I'm tightening the wording."]


def thought_summaries(rng: random.Random, prompt: str, k: int | None = None) -> list[str]:
    """Gemini-style thought summaries: bold header, first-person progress narration."""
    t = topic_of(prompt, 6)
    k = k or rng.randint(1, 3)
    heads = rng.sample(_HEADS, k)
    return [f"**{h}**\n\n" + " ".join(s.format(t=t) for s in rng.sample(_SENT, 2)) + "\n\n" for h in heads]
