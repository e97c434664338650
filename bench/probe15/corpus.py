"""Prompt material from the public datasets in /work/shared/data (read only, file order kept)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path("/work/shared/data")
MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(x) for x in fh.read().split("\n") if x.strip()]


@dataclass(frozen=True)
class Math:
    question: str
    steps: tuple[str, ...]
    final: str


@dataclass(frozen=True)
class Code:
    task_id: str
    prompt: str
    solution: str
    entry: str


def _gsm(q: str, a: str) -> Math:
    body, _, final = a.partition("####")
    body = re.sub(r"<<[^>]*>>", "", body)
    steps = tuple(s.strip() for s in body.split("\n") if s.strip())
    return Math(q.strip(), steps, final.strip().replace(",", ""))


class Corpus:
    def __init__(self) -> None:
        self.arena_code: list[str] = []
        self.arena_math: list[str] = []
        self.arena_creative: list[str] = []
        for r in _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl"):
            {"coding": self.arena_code, "math": self.arena_math}.get(r.get("subcategory", ""),
                                                                     self.arena_creative).append(r["prompt"])
        self.arena_v01 = [r["prompt"] for r in _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl")]
        self.si: list[tuple[str, str, str]] = []
        for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for r in _jsonl(DATA / "self-instruct" / name):
                inst = r["instances"][0]
                self.si.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.belle = [(r["question"], r.get("std_answer", ""), r["class"].replace("\xa0", " "))
                      for r in _jsonl(DATA / "belle-zh/eval_set.json")]
        self.belle_math = [b for b in self.belle if b[2] in ("math", "code")]
        self.belle_open = [b for b in self.belle if b[2] not in ("math", "code")]
        self.gsm = [_gsm(r["question"], r["answer"]) for r in _jsonl(DATA / "gsm8k/test.jsonl")]
        by_q = {m.question: m for m in self.gsm}
        self.mgsm: dict[str, list[str]] = {}
        finals: list[str] = []
        for lang in MGSM_LANGS:
            with open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8") as fh:
                rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
            self.mgsm[lang] = [r[0] for r in rows if r]
            if lang == "en":
                finals = [r[1] for r in rows if r]
        # row i of every language is the same problem; take the English rationale where GSM8K has it
        self.mgsm_item = [by_q.get(q.strip()) or Math(q.strip(), (), f) for q, f in zip(self.mgsm["en"], finals,
                                                                                          strict=True)]
        self.he = [Code(r["task_id"], r["prompt"], r["canonical_solution"], r["entry_point"])
                   for r in _jsonl(DATA / "humaneval/HumanEval.jsonl.gz")]
        self.hh: list[str] = []
        for r in _jsonl(DATA / "hh-rlhf/harmless-base-test.jsonl.gz"):
            human = r["chosen"].split("\n\nAssistant:")[0].replace("\n\nHuman:", "").strip()
            if human:
                self.hh.append(human)
        with open(DATA / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as fh:
            self.harmful = [r["text"] for r in csv.DictReader(fh)]
        with open(DATA / "gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8") as fh:
            self.jailbreaks = [r["text"] for r in csv.DictReader(fh)]
        self.unnatural = [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]
        with open(DATA / "prompt-extraction/generated.json", encoding="utf-8") as fh:
            self.extraction = json.load(fh)
        sents: list[str] = []
        for _, _, out in self.si:
            sents.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", out) if 30 <= len(s.strip()) <= 240)
        self.sentences = sents
        zh: list[str] = []
        for _, ans, _ in self.belle:
            zh.extend(s.strip() for s in re.split(r"(?<=[。！？])", ans) if 8 <= len(s.strip()) <= 120)
        self.zh_sentences = zh
