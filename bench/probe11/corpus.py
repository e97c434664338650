"""Real public prompts from /work/shared/data, loaded once into pools.

Every pool keeps file order, so a seed gives the same draws whatever machine runs it.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path("/work/shared/data")
MAX_PROMPT_CHARS = 2400  # longer arena prompts (pasted logs, whole files) are skipped, not cut
MGSM_LANGS = ("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh")


def _jsonl(path: Path) -> list[dict]:
    # split on "\n" only: some arena prompts contain U+2028 (see arena-hard/SOURCE.md)
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


@dataclass
class Corpus:
    chat_en: list[str] = field(default_factory=list)  # arena-hard v0.1 + v2 (non-coding), English
    chat_multi: list[str] = field(default_factory=list)  # arena-hard v2 prompts with CJK / Cyrillic
    coding: list[str] = field(default_factory=list)  # arena-hard coding prompts
    hard_math: list[str] = field(default_factory=list)  # arena-hard v2 math subcategory
    instruct: list[tuple[str, str, str]] = field(default_factory=list)  # (instruction, input, output)
    zh_questions: list[tuple[str, str]] = field(default_factory=list)  # BELLE eval (question, std_answer)
    zh_instruct: list[tuple[str, str, str]] = field(default_factory=list)
    gsm: list[tuple[str, str, str]] = field(default_factory=list)  # (question, rationale, final answer)
    mgsm: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang -> [(question, answer)]
    humaneval: list[tuple[str, str, str]] = field(default_factory=list)  # (task_id, prompt, solution)
    machine_instr: list[str] = field(default_factory=list)  # Unnatural Instructions (model-written)


_CALC = re.compile(r"<<[^>]*>>")


def load() -> Corpus:
    c = Corpus()
    for row in _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl"):
        p = row["prompt"]
        if len(p) <= MAX_PROMPT_CHARS:
            (c.coding if _looks_like_code(p) else c.chat_en).append(p)
    for row in _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl"):
        p = row["prompt"]
        if len(p) > MAX_PROMPT_CHARS:
            continue
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", p):
            c.chat_multi.append(p)
        elif row["subcategory"] == "coding":
            c.coding.append(p)
        elif row["subcategory"] == "math":
            c.hard_math.append(p)
        else:
            c.chat_en.append(p)
    for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
        for row in _jsonl(DATA / "self-instruct" / name):
            for inst in row["instances"][:2]:
                c.instruct.append((row["instruction"], inst.get("input", ""), inst.get("output", "")))
    for row in _jsonl(DATA / "belle-zh/eval_set.json"):
        c.zh_questions.append((row["question"], row.get("std_answer", "")))
    for row in _jsonl(DATA / "belle-zh/zh_seed_tasks.json"):
        inst = row["instances"][0]
        c.zh_instruct.append((row["instruction"], inst.get("input", ""), inst.get("output", "")))
    for row in _jsonl(DATA / "gsm8k/test.jsonl"):
        rationale, _, final = row["answer"].rpartition("####")
        c.gsm.append((row["question"], _CALC.sub("", rationale).strip(), final.strip()))
    for lang in MGSM_LANGS:
        with open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8", newline="") as fh:
            c.mgsm[lang] = [(r[0], r[1]) for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r]
    with gzip.open(DATA / "humaneval/HumanEval.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                c.humaneval.append((row["task_id"], row["prompt"], row["canonical_solution"]))
    c.machine_instr = [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]
    return c


def _looks_like_code(p: str) -> bool:
    return (
        "```" in p
        or bool(re.search(r"(?m)^\s*(def |class \w+[:(]|function |#include|SELECT |import |public )", p))
        or bool(re.search(r"\b(Python|JavaScript|C\+\+|Rust|SQL|Java|TypeScript|bash|code|function)\b", p))
    )
