"""Real public prompt material from /work/shared/data, loaded once and kept in a typed bundle.

Every list keeps the file order, so that draws from a seeded RNG are reproducible.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path("/work/shared/data")
MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")


@dataclass(frozen=True)
class MathItem:
    """A GSM8K test problem with its worked rationale and final answer."""

    question: str
    rationale: str
    answer: str


@dataclass(frozen=True)
class CodeItem:
    """A HumanEval task: the prompt (signature + docstring) and the canonical body."""

    task_id: str
    prompt: str
    solution: str


@dataclass
class Corpus:
    """All prompt pools used by personas and campaigns."""

    arena: list[str] = field(default_factory=list)
    arena_coding: list[str] = field(default_factory=list)
    arena_math: list[str] = field(default_factory=list)
    arena_creative: list[str] = field(default_factory=list)
    instructions: list[tuple[str, str, str]] = field(default_factory=list)  # (instruction, input, output)
    apps: list[str] = field(default_factory=list)  # motivation_app of the user-oriented set
    belle: list[tuple[str, str, str]] = field(default_factory=list)  # (question, std_answer, class)
    zh_seeds: list[tuple[str, str, str]] = field(default_factory=list)
    gsm8k: list[MathItem] = field(default_factory=list)
    mgsm: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    humaneval: list[CodeItem] = field(default_factory=list)
    hh_first_turns: list[str] = field(default_factory=list)
    unnatural: list[str] = field(default_factory=list)
    ctx_tokens: list[int] = field(default_factory=list)  # Azure 2023 conv trace
    gen_tokens: list[int] = field(default_factory=list)


def _jsonl(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def _instances(row: dict[str, object]) -> tuple[str, str]:
    inst = row.get("instances") or [{}]
    first = inst[0] if isinstance(inst, list) and inst else {}
    if not isinstance(first, dict):
        return "", ""
    return str(first.get("input", "")), str(first.get("output", ""))


def load_corpus(data: Path = DATA) -> Corpus:
    """Read every pool; raises if a file is missing (the generator needs all of them)."""
    c = Corpus()
    for name in ("arena-hard-v0.1-question.jsonl", "arena-hard-v2.0-question.jsonl"):
        for row in _jsonl(data / "arena-hard" / name):
            prompt = str(row["prompt"])
            c.arena.append(prompt)
            sub = str(row.get("subcategory", ""))
            if sub == "coding":
                c.arena_coding.append(prompt)
            elif sub == "math":
                c.arena_math.append(prompt)
            elif sub == "creative_writing":
                c.arena_creative.append(prompt)
    for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
        for row in _jsonl(data / "self-instruct" / name):
            inp, out = _instances(row)
            c.instructions.append((str(row["instruction"]), inp, out))
            if "motivation_app" in row:
                c.apps.append(str(row["motivation_app"]))
    for row in _jsonl(data / "belle-zh" / "eval_set.json"):
        c.belle.append((str(row["question"]), str(row.get("std_answer", "")), str(row.get("class", ""))))
    for row in _jsonl(data / "belle-zh" / "zh_seed_tasks.json"):
        inp, out = _instances(row)
        c.zh_seeds.append((str(row["instruction"]), inp, out))
    for row in _jsonl(data / "gsm8k" / "test.jsonl"):
        ans = str(row["answer"])
        c.gsm8k.append(MathItem(str(row["question"]), ans.split("####")[0].strip(), ans.split("####")[-1].strip()))
    for lang in MGSM_LANGS:
        with open(data / "mgsm" / f"mgsm_{lang}.tsv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        c.mgsm[lang] = [(r[0], r[1]) for r in rows if len(r) >= 2]
    for row in _jsonl(data / "humaneval" / "HumanEval.jsonl.gz"):
        c.humaneval.append(CodeItem(str(row["task_id"]), str(row["prompt"]), str(row["canonical_solution"])))
    for row in _jsonl(data / "hh-rlhf" / "harmless-base-test.jsonl.gz"):
        chosen = str(row["chosen"])
        turn = chosen.split("\n\nHuman: ", 1)[-1].split("\n\nAssistant:", 1)[0].strip()
        if 8 < len(turn) < 400:
            c.hh_first_turns.append(turn)
    for row in _jsonl(data / "prompt-extraction" / "unnatural-test.jsonl"):
        c.unnatural.append(str(row["instruction"]))
    with open(data / "azure-llm-2023" / "AzureLLMInferenceTrace_conv.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            c.ctx_tokens.append(int(rec["ContextTokens"]))
            c.gen_tokens.append(int(rec["GeneratedTokens"]))
    return c
