"""Real public prompt text from /work/shared/data, loaded once per run.

Every pool is a list of plain strings (or dicts) in file order, so draws made with a
seeded generator are reproducible.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path("/work/shared/data")
MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Corpus:
    """Prompt pools. Answers are kept where the source has them (used as reply text)."""

    arena_coding: list[str] = field(default_factory=list)
    arena_math: list[str] = field(default_factory=list)
    arena_writing: list[str] = field(default_factory=list)
    arena_general: list[str] = field(default_factory=list)
    self_instruct: list[dict] = field(default_factory=list)  # instruction, input, output
    unnatural: list[str] = field(default_factory=list)
    belle: list[dict] = field(default_factory=list)  # question, answer
    belle_seed: list[dict] = field(default_factory=list)
    gsm8k: list[dict] = field(default_factory=list)  # question, answer
    mgsm: dict[str, list[str]] = field(default_factory=dict)  # lang -> 250 parallel questions
    mgsm_answers: list[str] = field(default_factory=list)
    humaneval: list[dict] = field(default_factory=list)  # prompt, solution
    hh_human: list[str] = field(default_factory=list)  # first human turn
    hh_assistant: list[str] = field(default_factory=list)
    harmful_q: list[str] = field(default_factory=list)
    jailbreak_tpl: list[str] = field(default_factory=list)
    extraction: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> Corpus:
        c = cls()
        for row in _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl"):
            {"coding": c.arena_coding, "math": c.arena_math}.get(row.get("subcategory", ""), c.arena_writing).append(
                row["prompt"]
            )
        for row in _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl"):
            c.arena_general.append(row["prompt"])
        for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for row in _jsonl(DATA / "self-instruct" / name):
                for inst in row["instances"]:
                    c.self_instruct.append(
                        {
                            "instruction": row["instruction"],
                            "input": inst.get("input", ""),
                            "output": inst.get("output", ""),
                        }
                    )
        c.unnatural = [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]
        c.belle = [
            {"question": r["question"], "answer": r.get("std_answer", "")}
            for r in _jsonl(DATA / "belle-zh/eval_set.json")
        ]
        for r in _jsonl(DATA / "belle-zh/zh_seed_tasks.json"):
            inst = r["instances"][0]
            c.belle_seed.append(
                {"instruction": r["instruction"], "input": inst.get("input", ""), "output": inst.get("output", "")}
            )
        c.gsm8k = [{"question": r["question"], "answer": r["answer"]} for r in _jsonl(DATA / "gsm8k/test.jsonl")]
        for lang in MGSM_LANGS:
            rows = [
                line.rstrip("\n").split("\t")
                for line in open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8")
                if line.strip()
            ]
            c.mgsm[lang] = [r[0] for r in rows]
            if lang == "en":
                c.mgsm_answers = [r[-1] for r in rows]
        c.humaneval = [
            {"prompt": r["prompt"], "solution": r["canonical_solution"]}
            for r in _jsonl(DATA / "humaneval/HumanEval.jsonl.gz")
        ]
        for r in _jsonl(DATA / "hh-rlhf/harmless-base-test.jsonl.gz"):
            parts = r["chosen"].split("\n\nAssistant:")
            human = parts[0].replace("\n\nHuman:", "").strip()
            if human:
                c.hh_human.append(human)
            if len(parts) > 1:
                c.hh_assistant.append(parts[1].split("\n\nHuman:")[0].strip())
        with open(DATA / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as fh:
            c.harmful_q = [r["text"] for r in csv.DictReader(fh)]
        with open(DATA / "gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8") as fh:
            c.jailbreak_tpl = [r["text"] for r in csv.DictReader(fh)]
        for name in ("attacks.json", "generated.json", "selected.json"):
            c.extraction.extend(json.load(open(DATA / "prompt-extraction" / name, encoding="utf-8")))
        return c
