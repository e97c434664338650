from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from antidistill.signals.corpus.benign import gsm8k, hh_rlhf, humaneval, mgsm
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
