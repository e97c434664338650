"""Loaders for the real public text under /work/shared/data (read-only)."""
from __future__ import annotations

import ast
import csv
import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path("/work/shared/data")


def _jsonl(path: Path) -> list[dict]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    # split on "\n" only: some prompts contain U+2028
    return [json.loads(l) for l in raw.decode("utf-8").split("\n") if l.strip()]


@lru_cache(None)
def arena_v01() -> list[dict]:
    return _jsonl(DATA / "arena-hard/arena-hard-v0.1-question.jsonl")


@lru_cache(None)
def arena_v2() -> list[dict]:
    return _jsonl(DATA / "arena-hard/arena-hard-v2.0-question.jsonl")


def arena_v2_sub(sub: str) -> list[dict]:
    return [r for r in arena_v2() if r["subcategory"] == sub]


@lru_cache(None)
def belle_eval() -> list[dict]:
    return _jsonl(DATA / "belle-zh/eval_set.json")


@lru_cache(None)
def belle_seed() -> list[dict]:
    return _jsonl(DATA / "belle-zh/zh_seed_tasks.json")


@lru_cache(None)
def si_seed() -> list[dict]:
    return _jsonl(DATA / "self-instruct/seed_tasks.jsonl")


@lru_cache(None)
def si_user() -> list[dict]:
    return _jsonl(DATA / "self-instruct/user_oriented_instructions.jsonl")


_CALC = re.compile(r"<<[^>]*>>")


@lru_cache(None)
def gsm8k() -> list[dict]:
    out = []
    for r in _jsonl(DATA / "gsm8k/test.jsonl"):
        body, _, final = r["answer"].rpartition("####")
        steps = [_CALC.sub("", s).strip() for s in body.strip().split("\n") if s.strip()]
        out.append({"question": r["question"], "steps": steps, "final": final.strip().replace(",", "")})
    return out


MGSM_LANGS = ["en", "de", "es", "fr", "ja", "ru", "zh", "th", "sw", "bn", "te"]


@lru_cache(None)
def mgsm() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for lang in MGSM_LANGS:
        rows = []
        with open(DATA / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2:
                    rows.append((row[0], row[1]))
        out[lang] = rows
    return out


@lru_cache(None)
def humaneval() -> list[dict]:
    return _jsonl(DATA / "humaneval/HumanEval.jsonl.gz")


@lru_cache(None)
def hh_first_turns() -> list[str]:
    out = []
    for r in _jsonl(DATA / "hh-rlhf/harmless-base-test.jsonl.gz"):
        t = r["chosen"].split("\n\nHuman: ")
        if len(t) > 1:
            first = t[1].split("\n\nAssistant:")[0].strip()
            if 8 < len(first) < 600:
                out.append(first)
    return out


@lru_cache(None)
def jailbreak_templates() -> list[str]:
    with open(DATA / "gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


@lru_cache(None)
def harmful_questions() -> list[str]:
    with open(DATA / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


@lru_cache(None)
def extraction_attacks() -> list[str]:
    p = DATA / "prompt-extraction"
    out = list(json.loads((p / "attacks.json").read_text()))
    out += json.loads((p / "generated.json").read_text())
    out += [r["prompt"] for r in _jsonl(p / "real_service_extraction_prompts.jsonl")]
    return [s.strip() for s in out if s.strip()]


@lru_cache(None)
def unnatural() -> list[str]:
    return [r["instruction"] for r in _jsonl(DATA / "prompt-extraction/unnatural-test.jsonl")]


@lru_cache(None)
def azure_tokens() -> tuple[list[int], list[int]]:
    ctx, gen = [], []
    for name in ("conv", "code"):
        with open(DATA / f"azure-llm-2023/AzureLLMInferenceTrace_{name}.csv") as f:
            for r in csv.DictReader(f):
                ctx.append(int(r["ContextTokens"]))
                gen.append(int(r["GeneratedTokens"]))
    return ctx, gen


@lru_cache(None)
def servegen_profiles() -> list[list[float]]:
    """Per-client request-rate series (600 s windows, 14 days) from ServeGen language-m-small."""
    d = DATA / "servegen-alibaba/language-m-small"
    out = []
    for p in sorted(d.glob("chunk-*-trace.csv"), key=lambda p: int(p.name.split("-")[1])):
        rates = []
        with open(p) as f:
            for row in csv.reader(f):
                rates.append(float(row[1]) if row and row[1] else 0.0)
        if sum(1 for r in rates if r > 0) > len(rates) * 0.5:
            out.append(rates)
    return out


@lru_cache(None)
def servegen_reason_ratio() -> list[tuple[float, float]]:
    """(bin, prob) of DeepSeek-R1 reasoning share, one client."""
    d = DATA / "servegen-alibaba/reason-deepseek-r1"
    for p in sorted(d.glob("chunk-*-dataset.json")):
        js = json.loads(p.read_text())
        for _, v in js.items():
            if "reason_ratio" in v:
                pmf = ast.literal_eval(v["reason_ratio"])
                if pmf:
                    return sorted((float(k), float(p_)) for k, p_ in pmf.items())
    return [(0.7, 1.0)]
