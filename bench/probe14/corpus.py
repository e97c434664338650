"""Task payloads from the real public prompt sets in /work/shared/data (read only; file order kept).

Every pool is a plain list so that a seeded ``random.Random`` picks the same item on every run.
"""

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
        # split on "\n" only: some Arena prompts hold U+2028
        return [json.loads(x) for x in fh.read().split("\n") if x.strip()]


@dataclass(frozen=True)
class MathItem:
    """A GSM8K problem: question, rationale without calculator tags, equations, final number."""

    question: str
    rationale: str
    equations: tuple[str, ...]
    final: str


@dataclass(frozen=True)
class CodeItem:
    """A HumanEval task: the stub, the reference body, the entry point and concrete call arguments from its tests."""

    task_id: str
    prompt: str
    solution: str
    entry: str
    calls: tuple[str, ...]


def _gsm_item(q: str, a: str) -> MathItem:
    body, _, final = a.partition("####")
    eqs = tuple(m.group(1) for m in re.finditer(r"<<([^>]*)>>", body))
    return MathItem(q.strip(), re.sub(r"<<[^>]*>>", "", body).strip(), eqs, final.strip().replace(",", ""))


def _calls(test: str) -> tuple[str, ...]:
    """The argument lists of ``candidate(...)`` in a HumanEval test (balanced parentheses, at most 6)."""
    out: list[str] = []
    for m in re.finditer(r"candidate\(", test):
        depth, i = 1, m.end()
        while i < len(test) and depth:
            depth += {"(": 1, ")": -1}.get(test[i], 0)
            i += 1
        arg = test[m.end() : i - 1].strip()
        if arg and len(arg) < 160 and "\n" not in arg and arg not in out:
            out.append(arg)
        if len(out) >= 6:
            break
    return tuple(out)


class Corpus:
    """All prompt pools, loaded once."""

    def __init__(self) -> None:
        self.arena_code: list[str] = []
        self.arena_math: list[str] = []
        self.arena_writing: list[str] = []
        for r in _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl"):
            sub = r.get("subcategory", "")
            {"coding": self.arena_code, "math": self.arena_math}.get(sub, self.arena_writing).append(r["prompt"])
        self.arena_v01: list[tuple[str, str]] = [
            (r["cluster"], r["prompt"]) for r in _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl")
        ]
        self.si: list[tuple[str, str, str]] = []
        for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for r in _jsonl(DATA / "self-instruct" / name):
                for inst in r["instances"]:
                    self.si.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.unnatural = [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]
        self.belle = [
            (r["question"], r.get("std_answer", ""), r["class"]) for r in _jsonl(DATA / "belle-zh/eval_set.json")
        ]
        self.belle_math = [b for b in self.belle if b[2] in ("math", "code")]
        self.belle_seed: list[tuple[str, str, str]] = []
        for r in _jsonl(DATA / "belle-zh/zh_seed_tasks.json"):
            inst = r["instances"][0]
            self.belle_seed.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.gsm = [_gsm_item(r["question"], r["answer"]) for r in _jsonl(DATA / "gsm8k/test.jsonl")]
        by_q = {m.question: m for m in self.gsm}
        self.mgsm: dict[str, list[str]] = {}
        for lang in MGSM_LANGS:
            with open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8") as fh:
                rows = [ln.rstrip("\n").split("\t") for ln in fh if ln.strip()]
            self.mgsm[lang] = [r[0] for r in rows]
        # MGSM is 250 GSM8K test problems: row i has the rationale of its English original
        self.mgsm_item: list[MathItem] = [by_q.get(q.strip()) or _gsm_item(q, "#### 0") for q in self.mgsm["en"]]
        self.he: list[CodeItem] = []
        for r in _jsonl(DATA / "humaneval/HumanEval.jsonl.gz"):
            self.he.append(
                CodeItem(r["task_id"], r["prompt"], r["canonical_solution"], r["entry_point"], _calls(r["test"]))
            )
        self.hh: list[tuple[str, str]] = []
        for r in _jsonl(DATA / "hh-rlhf/harmless-base-test.jsonl.gz"):
            parts = r["chosen"].split("\n\nAssistant:")
            human = parts[0].replace("\n\nHuman:", "").strip()
            if human and len(parts) > 1:
                self.hh.append((human, parts[1].split("\n\nHuman:")[0].strip()))
        with open(DATA / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as fh:
            self.harmful = [r["text"] for r in csv.DictReader(fh)]
        sentences: list[str] = []
        for _, _, out in self.si:
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", out) if 30 <= len(s.strip()) <= 280)
        for _, a in self.hh:
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", a) if 30 <= len(s.strip()) <= 280)
        self.sentences = sentences
        zh: list[str] = []
        for _, ans, _ in self.belle:
            zh.extend(s.strip() for s in re.split(r"(?<=[。！？])", ans) if 8 <= len(s.strip()) <= 120)
        self.zh_sentences = zh
