"""Cheap, deterministic response text and token counts.

Responses are stitched from real sentences (self-instruct outputs, GSM8K rationales, BELLE answers) so that they
read like model output without running a model; token counts follow a 4-chars-per-token rule for Latin script and
about 0.7 tokens per CJK/Indic character.
"""

from __future__ import annotations

import json
import random
import re

from .corpus import Corpus, MathItem

_SENT = re.compile(r"(?<=[.!?。！？])\s*")


def count_tokens(text: str) -> int:
    """Approximate cl100k-style token count."""
    ascii_n = sum(1 for ch in text if ord(ch) < 128)
    return max(1, int(ascii_n / 4.0 + (len(text) - ascii_n) * 0.7))


def message_tokens(messages: list[dict[str, object]]) -> int:
    """Prompt tokens for a chat request: content plus a few tokens of framing per message."""
    n = 3
    for m in messages:
        n += 4 + count_tokens(str(m.get("content") or ""))
        if "tool_calls" in m:
            n += count_tokens(json.dumps(m["tool_calls"]))
    return n


class Writer:
    """Builds response strings in a few styles from pools of real sentences."""

    def __init__(self, corpus: Corpus) -> None:
        en: list[str] = []
        for _, _, out in corpus.instructions:
            en.extend(s for s in _SENT.split(out) if 20 < len(s) < 300)
        for item in corpus.gsm8k[:400]:
            en.extend(s for s in _SENT.split(re.sub(r"<<[^>]*>>", "", item.rationale)) if 20 < len(s) < 300)
        zh: list[str] = []
        for _, ans, _ in corpus.belle:
            zh.extend(s for s in _SENT.split(ans) if 6 < len(s) < 200)
        self.en = en
        self.zh = zh
        self.corpus = corpus

    def prose(self, rng: random.Random, n_sent: int, lang: str = "en") -> str:
        pool = self.zh if lang == "zh" and self.zh else self.en
        sents = [rng.choice(pool) for _ in range(max(1, n_sent))]
        joiner = "" if lang == "zh" else " "
        paras = [joiner.join(sents[i : i + 4]) for i in range(0, len(sents), 4)]
        return "\n\n".join(paras)

    def steps(self, rng: random.Random, item: MathItem | None, n_steps: int = 5) -> str:
        if item is not None:
            lines = [re.sub(r"<<[^>]*>>", "", ln) for ln in item.rationale.split("\n") if ln.strip()]
            body = "\n".join(f"Step {i + 1}: {ln}" for i, ln in enumerate(lines))
            return f"{body}\n\nTherefore, the answer is {item.answer}."
        body = "\n".join(f"Step {i + 1}: {rng.choice(self.en)}" for i in range(n_steps))
        return f"{body}\n\nIn summary, {rng.choice(self.en)}"

    def code(self, rng: random.Random, idx: int | None = None, explain: bool = True) -> str:
        item = self.corpus.humaneval[idx if idx is not None else rng.randrange(len(self.corpus.humaneval))]
        out = f"```python\n{item.prompt}{item.solution}```"
        if explain:
            out = f"Here is an implementation:\n\n{out}\n\n{self.prose(rng, 2)}"
        return out

    def length_to(self, rng: random.Random, tokens: int, lang: str = "en") -> str:
        """Prose of roughly ``tokens`` tokens (at least one sentence)."""
        per = 6 if lang == "zh" else 25
        return self.prose(rng, max(1, min(tokens, 130) // per), lang)
