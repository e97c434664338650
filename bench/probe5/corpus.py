"""Real public prompts from /work/shared/data, loaded once into typed pools.

Every request text in the generated logs starts from one of these prompts (campaigns add their
own wrappers). Where the source holds a reference answer (GSM8K rationales, BELLE answers,
self-instruct outputs, HumanEval solutions) it is kept and used as the start of the reply.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
from dataclasses import dataclass

import numpy as np

DATA_DIR = os.environ.get("PROBE5_DATA", "/work/shared/data")


@dataclass(frozen=True)
class Prompt:
    """One real prompt, its language, domain and (where the source has one) a reference answer."""
    text: str
    lang: str
    domain: str
    answer: str | None = None
    source: str = ""


class Corpus:
    """Named pools of prompts; ``draw(rng, pool)`` picks one uniformly."""

    def __init__(self, data_dir: str = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.pools: dict[str, list[Prompt]] = {}
        self.azure_ctx: np.ndarray = np.empty(0)
        self.azure_gen: np.ndarray = np.empty(0)

    def _p(self, *parts: str) -> str:
        return os.path.join(self.data_dir, *parts)

    def load(self) -> Corpus:
        P = self.pools
        with open(self._p("arena-hard", "arena-hard-v0.1-question.jsonl"), encoding="utf-8") as f:
            P["arena_general"] = [Prompt(r["prompt"], "en", "general", None, "arena-hard-v0.1")
                                  for r in map(json.loads, f)]
        v2: dict[str, list[Prompt]] = {"coding": [], "math": [], "creative_writing": []}
        with open(self._p("arena-hard", "arena-hard-v2.0-question.jsonl"), encoding="utf-8") as f:
            for r in map(json.loads, f):
                lang = "en" if sum(c.isascii() for c in r["prompt"]) > 0.9 * len(r["prompt"]) else "xx"
                v2[r["subcategory"]].append(Prompt(r["prompt"], lang, r["subcategory"], None, "arena-hard-v2.0"))
        P["arena_code"], P["arena_math"], P["arena_creative"] = v2["coding"], v2["math"], v2["creative_writing"]
        with open(self._p("gsm8k", "test.jsonl"), encoding="utf-8") as f:
            P["gsm8k"] = [Prompt(r["question"], "en", "math", r["answer"], "gsm8k") for r in map(json.loads, f)]
        for lang in ["bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh"]:
            with open(self._p("mgsm", f"mgsm_{lang}.tsv"), encoding="utf-8") as f:
                rows = [line.rstrip("\n").split("\t") for line in f if "\t" in line]
            P[f"mgsm_{lang}"] = [Prompt(q, lang, "math", a, "mgsm") for q, a in rows]
        with gzip.open(self._p("humaneval", "HumanEval.jsonl.gz"), "rt", encoding="utf-8") as f:
            P["humaneval"] = [Prompt(r["prompt"], "en", "code", r["prompt"] + r["canonical_solution"], "humaneval")
                              for r in map(json.loads, f)]
        with open(self._p("belle-zh", "eval_set.json"), encoding="utf-8") as f:
            P["belle"] = [Prompt(r["question"], "zh", r["class"].replace("\xa0", " "), r["std_answer"], "belle-eval")
                          for r in map(json.loads, f)]
        with open(self._p("belle-zh", "zh_seed_tasks.json"), encoding="utf-8") as f:
            P["belle_seed"] = [self._instance(r, "zh", "belle-seed") for r in map(json.loads, f)]
        with open(self._p("self-instruct", "seed_tasks.jsonl"), encoding="utf-8") as f:
            P["self_instruct"] = [self._instance(r, "en", "self-instruct-seed") for r in map(json.loads, f)]
        with open(self._p("self-instruct", "user_oriented_instructions.jsonl"), encoding="utf-8") as f:
            P["user_oriented"] = [self._instance(r, "en", "self-instruct-user") for r in map(json.loads, f)]
        with open(self._p("prompt-extraction", "unnatural-test.jsonl"), encoding="utf-8") as f:
            P["unnatural"] = [Prompt(r["instruction"], "en", "task", None, "unnatural-instructions")
                              for r in map(json.loads, f)]
        hh: list[Prompt] = []
        with gzip.open(self._p("hh-rlhf", "harmless-base-test.jsonl.gz"), "rt", encoding="utf-8") as f:
            for r in map(json.loads, f):
                first = r["chosen"].split("\n\nHuman: ")[1].split("\n\nAssistant:")[0].strip()
                if first:
                    hh.append(Prompt(first, "en", "harmless", None, "hh-rlhf"))
        P["hh"] = hh
        with open(self._p("azure-llm-2023", "AzureLLMInferenceTrace_conv.csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        self.azure_ctx = np.array([int(r[1]) for r in rows])
        self.azure_gen = np.array([int(r[2]) for r in rows])
        return self

    @staticmethod
    def _instance(r: dict, lang: str, source: str) -> Prompt:
        inst = r["instances"][0] if r.get("instances") else {"input": "", "output": None}
        text = r["instruction"] + (("\n\n" + inst["input"]) if inst.get("input") else "")
        return Prompt(text, lang, r.get("name", r.get("motivation_app", "task")), inst.get("output"), source)

    def draw(self, rng: np.random.Generator, pool: str) -> Prompt:
        items = self.pools[pool]
        return items[int(rng.integers(0, len(items)))]

    def draw_many(self, rng: np.random.Generator, pool: str, n: int) -> list[Prompt]:
        items = self.pools[pool]
        return [items[i] for i in rng.integers(0, len(items), size=n)]

    def chat_lengths(self, rng: np.random.Generator) -> tuple[int, int]:
        """(context, generated) token counts of one real Azure conversation request."""
        i = int(rng.integers(0, len(self.azure_gen)))
        return int(self.azure_ctx[i]), int(self.azure_gen[i])


MGSM_LANGS = ["bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh"]
