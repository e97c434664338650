"""Real public prompts from /work/shared/data, loaded once into typed pools.

Every prompt a simulated user sends is (or wraps) one of these. Reference answers, where the
dataset has them, are kept so the synthetic replies can reuse real worked solutions.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path("/work/shared/data")
MGSM_LANGS = ("en", "de", "es", "fr", "ru", "zh", "ja", "th", "sw", "bn", "te")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CYR = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Item:
    """One prompt with whatever reference material its dataset provides."""

    text: str
    source: str
    lang: str = "en"
    task: str = "chat"  # chat, code, math, creative, instruction, redteam, classify
    answer: str = ""
    index: int = 0
    extra: str = ""  # instruction input, code entry point, final numeric answer, ...


@dataclass(slots=True)
class Corpus:
    """All pools, by role."""

    arena_en: list[Item] = field(default_factory=list)
    arena_code: list[Item] = field(default_factory=list)
    arena_multi: list[Item] = field(default_factory=list)
    arena_creative: list[Item] = field(default_factory=list)
    seed_tasks: list[Item] = field(default_factory=list)
    user_tasks: list[Item] = field(default_factory=list)
    belle: list[Item] = field(default_factory=list)
    belle_seed: list[Item] = field(default_factory=list)
    gsm8k: list[Item] = field(default_factory=list)
    mgsm: dict[str, list[Item]] = field(default_factory=dict)
    humaneval: list[Item] = field(default_factory=list)
    redteam: list[Item] = field(default_factory=list)
    jailbreak_templates: list[str] = field(default_factory=list)
    harmful_questions: list[str] = field(default_factory=list)
    extraction: list[str] = field(default_factory=list)
    unnatural: list[Item] = field(default_factory=list)

    def general_en(self) -> list[Item]:
        return self.arena_en + self.seed_tasks + self.user_tasks


def _jsonl(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        # Split on "\n" only: some arena prompts contain U+2028, which splitlines() would break.
        return [json.loads(line) for line in fh.read().split("\n") if line.strip()]


def _lang_of(text: str) -> str:
    if _CJK.search(text):
        return "ja" if re.search(r"[\u3040-\u30ff]", text) else ("ko" if re.search(r"[\uac00-\ud7af]", text) else "zh")
    if _CYR.search(text):
        return "ru"
    return "en"


def _instruction(row: dict[str, object]) -> tuple[str, str, str]:
    instances = row.get("instances") or [{}]
    first = instances[0] if isinstance(instances, list) and instances else {}
    inp = str(first.get("input", "")) if isinstance(first, dict) else ""
    out = str(first.get("output", "")) if isinstance(first, dict) else ""
    text = str(row["instruction"]) + (f"\n\n{inp}" if inp else "")
    return text, out, inp


def load(data_dir: Path = DEFAULT_DATA_DIR) -> Corpus:
    """Read every pool; raises FileNotFoundError naming the missing file."""
    c = Corpus()
    for i, row in enumerate(_jsonl(data_dir / "arena-hard/arena-hard-v0.1-question.jsonl")):
        text = str(row["prompt"])
        code = bool(re.search(r"\b(code|python|function|script|program|sql|javascript|c\+\+|rust)\b", text, re.I))
        c.arena_en.append(Item(text, "arena-v0.1", "en", "code" if code else "chat", index=i))
    for i, row in enumerate(_jsonl(data_dir / "arena-hard/arena-hard-v2.0-question.jsonl")):
        text, sub = str(row["prompt"]), str(row.get("subcategory", ""))
        lang = _lang_of(text)
        task = {"coding": "code", "math": "math", "creative_writing": "creative"}.get(sub, "chat")
        item = Item(text, "arena-v2.0", lang, task, index=i)
        if lang != "en":
            c.arena_multi.append(item)
        elif task == "code":
            c.arena_code.append(item)
        elif task == "creative":
            c.arena_creative.append(item)
        else:
            c.arena_en.append(item)
    c.arena_code += [it for it in c.arena_en if it.task == "code"]
    for name, pool in (("seed_tasks.jsonl", c.seed_tasks), ("user_oriented_instructions.jsonl", c.user_tasks)):
        for i, row in enumerate(_jsonl(data_dir / "self-instruct" / name)):
            text, out, inp = _instruction(row)
            task = "classify" if row.get("is_classification") else "instruction"
            pool.append(Item(text, f"self-instruct/{name.split('.')[0]}", "en", task, out, i, inp))
    for i, row in enumerate(_jsonl(data_dir / "belle-zh/eval_set.json")):
        cls = str(row.get("class", "")).replace("\u00a0", " ")
        task = {"math": "math", "code": "code", "generation": "creative"}.get(cls, "chat")
        c.belle.append(Item(str(row["question"]), "belle-eval", "zh", task, str(row.get("std_answer", "")), i, cls))
    for i, row in enumerate(_jsonl(data_dir / "belle-zh/zh_seed_tasks.json")):
        text, out, inp = _instruction(row)
        c.belle_seed.append(Item(text, "belle-seed", "zh", "instruction", out, i, inp))
    for i, row in enumerate(_jsonl(data_dir / "gsm8k/test.jsonl")):
        answer = str(row["answer"])
        final = answer.rsplit("####", 1)[-1].strip()
        c.gsm8k.append(Item(str(row["question"]), "gsm8k", "en", "math", answer, i, final))
    for lang in MGSM_LANGS:
        with open(data_dir / f"mgsm/mgsm_{lang}.tsv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        # Row i of every language is the same problem, and the first 250 GSM8K test problems.
        c.mgsm[lang] = [
            Item(q, f"mgsm-{lang}", lang, "math", c.gsm8k[i].answer, i, a) for i, (q, a) in enumerate(rows)
        ]
    for i, row in enumerate(_jsonl(data_dir / "humaneval/HumanEval.jsonl.gz")):
        c.humaneval.append(
            Item(str(row["prompt"]), "humaneval", "en", "code", str(row["canonical_solution"]), i,
                 str(row["entry_point"]))
        )
    for i, row in enumerate(_jsonl(data_dir / "hh-rlhf/harmless-base-test.jsonl.gz")):
        first = str(row["chosen"]).split("\n\nHuman: ", 1)[-1].split("\n\nAssistant:", 1)[0].strip()
        if 8 < len(first) < 600:
            c.redteam.append(Item(first, "hh-rlhf", "en", "redteam", index=i))
    with open(data_dir / "gptfuzz-jailbreak/GPTFuzzer.csv", encoding="utf-8", newline="") as fh:
        c.jailbreak_templates = [r["text"] for r in csv.DictReader(fh)]
    with open(data_dir / "gptfuzz-jailbreak/question_list.csv", encoding="utf-8", newline="") as fh:
        c.harmful_questions = [r["text"] for r in csv.DictReader(fh)]
    pe = data_dir / "prompt-extraction"
    for name in ("attacks.json", "generated.json", "selected.json"):
        c.extraction += [s.strip() for s in json.loads((pe / name).read_text(encoding="utf-8"))]
    c.extraction += [str(r["prompt"]) for r in _jsonl(pe / "real_service_extraction_prompts.jsonl")]
    c.extraction = sorted(set(c.extraction))
    for i, row in enumerate(_jsonl(pe / "unnatural-test.jsonl")):
        c.unnatural.append(Item(str(row["instruction"]), "unnatural-instructions", "en", "instruction", index=i))
    return c
