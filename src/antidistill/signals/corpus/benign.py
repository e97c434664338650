"""Real benign prompts from ``shared/data`` with fixed hash-based splits.

Each loader returns the prompt texts of one public data set (see each folder's SOURCE.md).
``load_benign`` deduplicates across sets and tags every text with its split from
:func:`antidistill.signals.corpus.split_of`, so train, validation and test never share a text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from antidistill.datasets import read_jsonl
from antidistill.signals.corpus import LabeledText, split_of

MGSM_LANGS = ("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh")


def _field(path: Path, key: str) -> list[str]:
    return [str(row[key]) for row in read_jsonl(path) if row.get(key)]


def _with_input(path: Path, key: str) -> list[str]:
    """Self-Instruct style rows: the instruction plus its first instance's input, as a user would send it."""
    out = []
    for row in read_jsonl(path):
        text = str(row[key])
        instances = row.get("instances")
        if isinstance(instances, list) and instances and isinstance(instances[0], dict):
            extra = str(instances[0].get("input") or "").strip()
            if extra:
                text = f"{text}\n\n{extra}"
        out.append(text)
    return out


def arena_hard(d: Path) -> list[str]:
    """Real Chatbot Arena prompts (v0.1 and v2.0, partly multilingual)."""
    return _field(d / "arena-hard" / "arena-hard-v0.1-question.jsonl", "prompt") + _field(
        d / "arena-hard" / "arena-hard-v2.0-question.jsonl", "prompt")


def self_instruct(d: Path) -> list[str]:
    """Human-written everyday assistant tasks."""
    return _with_input(d / "self-instruct" / "seed_tasks.jsonl", "instruction") + _with_input(
        d / "self-instruct" / "user_oriented_instructions.jsonl", "instruction")


def belle_zh(d: Path) -> list[str]:
    """Chinese eval questions and Chinese seed tasks."""
    return _field(d / "belle-zh" / "eval_set.json", "question") + _with_input(
        d / "belle-zh" / "zh_seed_tasks.json", "instruction")


def mgsm(d: Path, lang: str | None = None) -> list[str]:
    """Grade-school math word problems in 11 languages (or one, if ``lang`` is given)."""
    out = []
    for code in MGSM_LANGS if lang is None else (lang,):
        with open(d / "mgsm" / f"mgsm_{code}.tsv", encoding="utf-8", newline="") as fh:
            out += [row[0] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row]
    return out


def gsm8k(d: Path) -> list[str]:
    """English grade-school math questions."""
    return _field(d / "gsm8k" / "test.jsonl", "question")


def humaneval(d: Path) -> list[str]:
    """Python function signatures with docstrings (code completion)."""
    return _field(d / "humaneval" / "HumanEval.jsonl.gz", "prompt")


def hh_rlhf(d: Path) -> list[str]:
    """First human turn of the HH-RLHF harmless-base test dialogues (adversarial, not extraction)."""
    out = []
    for row in read_jsonl(d / "hh-rlhf" / "harmless-base-test.jsonl.gz"):
        chosen = str(row["chosen"])
        first = chosen.split("\n\nHuman: ", 1)[-1].split("\n\nAssistant:", 1)[0].strip()
        if first:
            out.append(first)
    return out


BENIGN_SETS: dict[str, Callable[[Path], list[str]]] = {
    "arena-hard": arena_hard, "self-instruct": self_instruct, "belle-zh": belle_zh, "mgsm": mgsm,
    "gsm8k": gsm8k, "humaneval": humaneval, "hh-rlhf": hh_rlhf,
}


def load_benign(data_dir: Path) -> list[LabeledText]:
    """All real benign prompts, deduplicated (first data set wins), each with its fixed split."""
    seen: set[str] = set()
    out: list[LabeledText] = []
    for name, loader in BENIGN_SETS.items():
        for text in loader(data_dir):
            if text in seen:
                continue
            seen.add(text)
            out.append(LabeledText(text=text, label=0, family=name, source="real", split=split_of(text)))
    return out


def other_attacks(data_dir: Path) -> list[LabeledText]:
    """System-prompt extraction and jailbreak prompts: attacks, but not reasoning elicitation.

    Reported separately (neither positives nor benign) so that the evaluation shows how far the
    classifier also fires on neighbouring attack styles.
    """
    pe = data_dir / "prompt-extraction"
    texts = [str(t) for name in ("attacks.json", "generated.json", "selected.json")
             for t in json.loads((pe / name).read_text(encoding="utf-8"))]
    texts += _field(pe / "real_service_extraction_prompts.jsonl", "prompt")
    with open(data_dir / "gptfuzz-jailbreak" / "GPTFuzzer.csv", encoding="utf-8", newline="") as fh:
        jail = [row["text"] for row in csv.DictReader(fh)]
    out = [LabeledText(t, 0, "prompt-extraction", "real", split_of(t)) for t in dict.fromkeys(texts)]
    out += [LabeledText(t, 0, "gptfuzz-jailbreak", "real", split_of(t)) for t in dict.fromkeys(jail)]
    return out
