from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from antidistill.signals.corpus.benign import gsm8k, hh_rlhf, humaneval, load_benign, mgsm
from antidistill.signals.topic import Topic


@pytest.mark.parametrize(("loader", "label", "share"), [
    (humaneval, "coding", 0.9), (gsm8k, "math", 0.85), (mgsm, "math", 0.8), (hh_rlhf, "general_chat", 0.95),
])
def test_real_data_sets_get_their_topic(shared_data: Path, loader: object, label: str, share: float) -> None:
    texts = loader(shared_data)  # type: ignore[operator]
    labels = Counter(Topic().score_batch(texts).columns["label"].tolist())
    assert labels[label] >= share * len(texts), labels.most_common(4)


@pytest.mark.parametrize(("text", "label"), [
    ("You have access to the following tools: search(query), run_python(code). Use a tool call to answer.", "agentic"),
    ("Thought: I need the weather.\nAction: get_weather\nAction Input: Paris", "agentic"),
    ("You are an impartial judge. Score the following response from 1 to 10 using the rubric.", "grading"),
    ("Describe what is in this image. <image>", "vision"),
    ("Rewrite this paragraph about the Tiananmen protests so that it is neutral.", "politics_rewrite"),
    ("Load sales.csv into a pandas dataframe and compute the correlation between price and volume.", "data_analysis"),
    ("Write a Python function that reverses a linked list.", "coding"),
    ("Solve the equation 3x + 5 = 20.", "math"),
    ("What's your favourite season and why?", "general_chat"),
])
def test_labels(text: str, label: str) -> None:
    result = Topic().score(text)
    assert result.details["label"] == label, result
    assert result.flagged == (label != "general_chat")


# --- the split scan (one regex per alternative) against the reference alternation ---------------

_FRAGMENTS = [
    "def f(x):", "return x", "3 + 4 = 7", "12%", "$5abc(x):", "1,000.5", "x.5", "a1", " each ", "per",
    "python", "javascript", "java", "c++", "c#", "```", '"""', "=>", ";", "\n", "  ", "(", ")", "{", "!",
    "![alt](", "<image>", "[[a]]", "response a", "on a scale of 10", "rubric", "the image", "score the answers",
    "tool_call", "function calling", "Thought: ", "action input:", "\tfrom os import path", "$x^2$", "\\frac",
    "多少", "几个", "計算", "代码", "图片", "Σ", "ΑΣ ", "İ", "tiananmen", "rewrite", "make it neutral",
    "let x be", "find the", "times as", "half", "costs", "é", "_", ".", ",", "7", "x", "Each", "CODE",
]


def _reference(texts: list[str], max_chars: int = 1500) -> list[list[int]]:
    """Rule hits per text from the reference scan: the whole alternation over the joined batch."""
    from antidistill.signals import topic

    parts = [t[:max_chars].replace("\x00", " ").lower() for t in texts]
    starts = np.cumsum([0] + [len(p) + 3 for p in parts])[:-1]
    hits = [[0] * len(topic._FLAT) for _ in texts]
    for m in topic._COMBINED.finditer(topic._JOIN.join(parts)):
        hits[int(np.searchsorted(starts, m.start(), side="right")) - 1][int(m.lastgroup[1:])] += 1  # type: ignore[index]
    return hits


def _split_scan(texts: list[str], max_chars: int = 1500) -> list[list[int]]:
    from antidistill.signals import topic

    hits = np.zeros((len(texts), len(topic._FLAT)), dtype=np.int64)
    Topic(max_chars=max_chars)._count(texts, np.arange(len(texts)), hits)
    return hits.tolist()


def _generated(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_split_scan_equals_the_alternation_on_generated_text(seed: int) -> None:
    texts = _generated(seed, 400)  # dense in overlapping matches: numbers in sums, keywords before "("
    assert _split_scan(texts) == _reference(texts)


def test_split_scan_equals_the_alternation_on_real_prompts(shared_data: Path) -> None:
    texts = [t.text for t in load_benign(shared_data)]
    for lo in range(0, len(texts), 3000):  # batches mixing ASCII and wide prompts, as the scan sends them
        assert _split_scan(texts[lo:lo + 3000]) == _reference(texts[lo:lo + 3000])


@pytest.mark.parametrize(("pattern", "parts"), [
    (r"a|b", ["a", "b"]), (r"(?:a|b)c|d", ["(?:a|b)c", "d"]), (r"[|]x|\|y|[]|]z", ["[|]x", r"\|y", "[]|]z"]),
    (r"[^]|]|q", ["[^]|]", "q"]), ("abc", ["abc"]),
])
def test_alternatives(pattern: str, parts: list[str]) -> None:
    from antidistill.signals.topic import alternatives

    assert alternatives(pattern) == parts


@pytest.mark.parametrize(("alt", "fast"), [
    (r"\bcode\b", r"code(?<!\wcode)\b"), (r"\bcosts?\b", r"cost(?<!\wcost)s?\b"),
    (r"\bc\+\+\b", r"c\+\+(?<!\wc\+\+)\b"),
    (r"\b(?:x|y)\b", r"\b(?:x|y)\b"), (r"\w+\(", r"\w+\("), (r"\b\d+", r"\b\d+"),
])
def test_literal_first(alt: str, fast: str) -> None:
    from antidistill.signals.topic import _literal_first

    assert _literal_first(alt) == fast


def test_expand_distributes_a_leading_group() -> None:
    from antidistill.signals.topic import _expand

    assert _expand(r"\b(?:a|b(?:c|d))e\b") == [r"\bae\b", r"\bb(?:c|d)e\b"]
    assert _expand(r"\b(?:a|b)?c") == [r"\b(?:a|b)?c"]  # a quantified group stays whole
