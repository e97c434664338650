"""Item content from the public datasets in /work/shared/data (read only; file order kept so draws are stable)."""

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
    return Math(q.strip(), tuple(s.strip() for s in body.split("\n") if s.strip()), final.strip().replace(",", ""))


class Corpus:
    """Every dataset the probe draws from (see each folder's SOURCE.md for licences)."""

    def __init__(self, data: Path = DATA) -> None:
        self.gsm = [_gsm(r["question"], r["answer"]) for r in _jsonl(data / "gsm8k/test.jsonl")]
        by_q = {m.question: m for m in self.gsm}
        self.mgsm: dict[str, list[str]] = {}
        finals: list[str] = []
        for lang in MGSM_LANGS:
            with open(data / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8") as fh:
                rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r]
            self.mgsm[lang] = [r[0].strip() for r in rows]
            if lang == "en":
                finals = [r[1].strip() for r in rows]
        self.mgsm_item = [by_q.get(q) or Math(q, (), f) for q, f in zip(self.mgsm["en"], finals, strict=True)]
        self.code = [Code(r["task_id"], r["prompt"], r["canonical_solution"], r["entry_point"])
                     for r in _jsonl(data / "humaneval/HumanEval.jsonl.gz")]
        self.arena: dict[str, list[str]] = {"coding": [], "math": [], "creative_writing": []}
        for r in _jsonl(data / "arena-hard/arena-hard-v2.0-question.jsonl"):
            self.arena.setdefault(r.get("subcategory", ""), []).append(r["prompt"])
        self.arena_v01 = [r["prompt"] for r in _jsonl(data / "arena-hard/arena-hard-v0.1-question.jsonl")]
        self.si: list[tuple[str, str, str]] = []
        for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for r in _jsonl(data / "self-instruct" / name):
                inst = r["instances"][0]
                self.si.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        with open(data / "belle-zh/eval_set.json", encoding="utf-8") as fh:
            raw = fh.read()
        rows = json.loads(raw) if raw.lstrip().startswith("[") else [json.loads(x) for x in raw.split("\n")
                                                                         if x.strip()]
        self.belle = [(r["question"], r.get("std_answer", ""), r.get("class", "")) for r in rows]
        self.belle_reason = [b for b in self.belle if b[2] in ("math", "code")]
        self.belle_open = [b for b in self.belle if b[2] not in ("math", "code")]
        self.belle_seed: list[tuple[str, str, str]] = []
        for r in _jsonl(data / "belle-zh/zh_seed_tasks.json"):
            inst = r["instances"][0]
            self.belle_seed.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.unnatural = [r["instruction"] for r in _jsonl(data / "prompt-extraction/unnatural-test.jsonl")]
        self.hh: list[str] = []
        for r in _jsonl(data / "hh-rlhf/harmless-base-test.jsonl.gz"):
            human = r["chosen"].split("\n\nAssistant:")[0].replace("\n\nHuman:", "").strip()
            if human and len(human) < 600:
                self.hh.append(human)
        with open(data / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as fh:
            self.harmful = [r["text"] for r in csv.DictReader(fh)]
        sents: list[str] = []
        for _, _, out in self.si:
            sents.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", out) if 30 <= len(s.strip()) <= 220)
        self.sentences = sents
        zh: list[str] = []
        for _, ans, _ in self.belle:
            zh.extend(s.strip() for s in re.split(r"(?<=[。！？])", ans) if 8 <= len(s.strip()) <= 120)
        self.zh_sentences = zh
