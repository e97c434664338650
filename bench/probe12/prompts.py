"""Prompt and reply text drawn from the real corpora, plus the campaign wordings."""

from __future__ import annotations

import re

import numpy as np

from .corpus import MGSM_LANGS, Corpus

LANG_NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "ja": "Japanese",
    "ru": "Russian",
    "zh": "Chinese",
    "bn": "Bengali",
    "sw": "Swahili",
    "te": "Telugu",
    "th": "Thai",
    "it": "Italian",
    "pt": "Portuguese",
    "ko": "Korean",
    "nl": "Dutch",
}

UAS = [
    "OpenAI/Python 1.68.2",
    "OpenAI/Python 1.66.3",
    "OpenAI/Python 1.75.0",
    "OpenAI/NodeJS 4.86.1",
    "OpenAI/NodeJS 4.91.0",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "OpenAI/Python 1.61.0",
    "langchain-openai/0.3.9 OpenAI/Python 1.66.3",
    "litellm/1.63.11 OpenAI/Python 1.65.4",
    "Go-http-client/2.0",
    "OpenAI/Java 0.31.0",
    "axios/1.7.9",
]


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0]


class Texts:
    """Draws prompts and matching replies. Every draw uses the world's generator."""

    def __init__(self, corpus: Corpus, rng: np.random.Generator) -> None:
        self.c = corpus
        self.rng = rng
        self.bank = [r["output"] for r in corpus.self_instruct if len(r["output"]) > 80] + [
            a for a in corpus.hh_assistant if len(a) > 120
        ][:800]

    def pick(self, pool: list):
        return pool[int(self.rng.integers(0, len(pool)))]

    # ---- replies ----------------------------------------------------------------
    def prose(self, k: int = 2) -> str:
        return "\n\n".join(_clip(self.pick(self.bank), 900) for _ in range(k))

    def code_reply(self) -> str:
        h = self.pick(self.c.humaneval)
        return (
            "Here is one way to do it:\n\n```python\n"
            + h["prompt"].split('"""')[0].rstrip()
            + "\n"
            + h["solution"].rstrip()
            + "\n```\n\nThe function runs in linear time and handles the "
            "empty input case explicitly."
        )

    def steps_reply(self, rationale: str | None = None, final: str = "") -> str:
        if rationale is None:
            rationale = self.pick(self.c.gsm8k)["answer"]
        lines = [re.sub(r"<<[^>]*>>", "", s).strip() for s in rationale.split("\n") if s.strip()]
        body = [f"Step {i + 1}: {s}" for i, s in enumerate(lines) if not s.startswith("####")]
        ans = final or (lines[-1].replace("####", "").strip() if lines else "")
        return "\n".join(body) + f"\n\nFinal answer: {ans}"

    def reasoning_trace(self, task_reply: str) -> str:
        """What a reasoning-trace elicitation gets back: a long first-person trace then the answer."""
        opener = self.pick(
            [
                "Okay, let me think about what the user actually needs here.",
                "First, I need to understand the request.",
                "Let me start by restating the problem in my own words.",
                "Alright, the question is asking for something specific, so let me break it down.",
            ]
        )
        mids = [
            self.pick(
                [
                    "Hmm, wait. I should double-check that assumption before going further.",
                    "One approach would be to solve it directly, but there is a subtlety.",
                    "Let me consider the edge cases before writing the final version.",
                    "That seems right, but let me verify with a small example.",
                    "Actually, a cleaner way is to reorganise the argument.",
                ]
            )
            for _ in range(3)
        ]
        return (
            f"<reasoning>\n{opener} "
            + " ".join(mids)
            + "\n"
            + _clip(task_reply, 1000)
            + "\nSo the answer follows from these steps.\n</reasoning>\n\n"
            + _clip(task_reply, 500)
        )

    # ---- prompts ------------------------------------------------------------------
    def general(self) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.30:
            return _clip(self.pick(self.c.arena_general), 3000), self.prose(2)
        if r < 0.55:
            s = self.pick(self.c.self_instruct)
            p = s["instruction"] + ("\n\n" + s["input"] if s["input"] else "")
            return p, s["output"] or self.prose(1)
        if r < 0.70:
            return _clip(self.pick(self.c.arena_writing), 3000), self.prose(2)
        if r < 0.85:
            return _clip(self.pick(self.c.arena_coding), 3000), self.code_reply()
        if r < 0.93:
            b = self.pick(self.c.belle)
            return b["question"], b["answer"] or self.prose(1)
        return self.pick(self.c.hh_human), self.pick(self.c.hh_assistant)

    def coding(self) -> tuple[str, str]:
        if self.rng.random() < 0.6:
            return _clip(self.pick(self.c.arena_coding), 3500), self.code_reply()
        h = self.pick(self.c.humaneval)
        return "Complete the following Python function.\n\n" + h["prompt"], "```python\n" + h[
            "prompt"
        ].rstrip() + "\n" + h["solution"].rstrip() + "\n```"

    def math(self) -> tuple[str, str, str]:
        """(question, rationale reply, final answer)."""
        if self.rng.random() < 0.75:
            g = self.pick(self.c.gsm8k)
            fin = g["answer"].split("####")[-1].strip()
            return g["question"], self.steps_reply(g["answer"], fin), fin
        q = _clip(self.pick(self.c.arena_math), 3000)
        return q, self.steps_reply(), ""

    def mgsm(self, lang: str, idx: int | None = None) -> tuple[int, str, str]:
        i = int(self.rng.integers(0, 250)) if idx is None else idx
        return i, self.c.mgsm[lang][i], self.c.mgsm_answers[i]

    def chinese(self) -> tuple[str, str]:
        if self.rng.random() < 0.8:
            b = self.pick(self.c.belle)
            return b["question"], b["answer"] or self.prose(1)
        s = self.pick(self.c.belle_seed)
        return s["instruction"] + ("\n" + s["input"] if s["input"] else ""), s["output"]

    def ticket(self) -> str:
        return self.pick(self.c.hh_human)

    def product_text(self) -> str:
        s = self.pick(self.c.self_instruct)
        return _clip(s["output"] or s["instruction"], 700)

    def snippets(self, k: int) -> list[str]:
        out = []
        for _ in range(k):
            s = self.pick(self.c.self_instruct)
            out.append(_clip((s["input"] or s["output"] or s["instruction"]), 600))
        return out


def langs() -> tuple[str, ...]:
    return MGSM_LANGS
