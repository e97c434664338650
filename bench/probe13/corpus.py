"""Prompt pools read from the real public datasets in /work/shared/data (read-only, file order kept)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

DATA = Path("/work/shared/data")
LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")


def _jsonl(path: Path) -> list[dict]:
    op = gzip.open if path.suffix == ".gz" else open
    with op(path, "rt", encoding="utf-8") as fh:
        return [json.loads(x) for x in fh if x.strip()]


class Corpus:
    def __init__(self) -> None:
        self.code: list[str] = []  # arena-hard coding prompts
        self.math_open: list[str] = []  # arena-hard math prompts
        self.writing: list[str] = []  # arena-hard other prompts
        self.general: list[str] = []  # arena-hard v0.1
        self.clusters: list[str] = []  # arena-hard v0.1 cluster name per general prompt
        for r in _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl"):
            sub = r.get("subcategory", "")
            (self.code if sub == "coding" else self.math_open if sub == "math" else self.writing).append(r["prompt"])
        for r in _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl"):
            self.general.append(r["prompt"])
            self.clusters.append(r.get("cluster", ""))
        self.si: list[tuple[str, str, str]] = []  # instruction, input, output
        for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for r in _jsonl(DATA / "self-instruct" / name):
                for inst in r["instances"]:
                    self.si.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.unnatural = [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]
        self.belle = [(r["question"], r.get("std_answer", "")) for r in _jsonl(DATA / "belle-zh/eval_set.json")]
        self.belle_seed = []
        for r in _jsonl(DATA / "belle-zh/zh_seed_tasks.json"):
            inst = r["instances"][0]
            self.belle_seed.append((r["instruction"], inst.get("input", ""), inst.get("output", "")))
        self.gsm = [(r["question"], r["answer"]) for r in _jsonl(DATA / "gsm8k/test.jsonl")]
        self.mgsm: dict[str, list[str]] = {}
        self.mgsm_ans: list[str] = []
        for lang in LANGS:
            rows = [
                ln.rstrip("\n").split("\t")
                for ln in open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8")
                if ln.strip()
            ]
            self.mgsm[lang] = [r[0] for r in rows]
            if lang == "en":
                self.mgsm_ans = [r[-1] for r in rows]
        self.he = [
            (r["task_id"], r["prompt"], r["canonical_solution"]) for r in _jsonl(DATA / "humaneval/HumanEval.jsonl.gz")
        ]
        self.hh_h: list[str] = []
        self.hh_a: list[str] = []
        for r in _jsonl(DATA / "hh-rlhf/harmless-base-test.jsonl.gz"):
            parts = r["chosen"].split("\n\nAssistant:")
            h = parts[0].replace("\n\nHuman:", "").strip()
            if h and len(parts) > 1:
                self.hh_h.append(h)
                self.hh_a.append(parts[1].split("\n\nHuman:")[0].strip())
        with open(DATA / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as fh:
            self.harmful = [r["text"] for r in csv.DictReader(fh)]
        # sentences from real dataset answers, used to stitch replies to prompts without a reference answer
        sent = []
        for _, _, out in self.si:
            sent.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", out) if 25 <= len(s.strip()) <= 300)
        for a in self.hh_a:
            sent.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", a) if 25 <= len(s.strip()) <= 300)
        self.sentences = sent


def clean_gsm(ans: str) -> tuple[str, str]:
    """GSM8K rationale without calculator tags, and the final number."""
    body, _, final = ans.partition("####")
    return re.sub(r"<<[^>]*>>", "", body).strip(), final.strip()
