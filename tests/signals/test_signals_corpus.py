from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from antidistill.signals.corpus import split_of
from antidistill.signals.corpus.lexicon import LANGS
from antidistill.signals.corpus.positives import FAMILIES
from antidistill.signals.train import build_corpus, train_model


def test_split_is_a_fixed_function_of_the_text() -> None:
    assert split_of("What is 2 + 2?") == split_of("What is 2 + 2?")
    shares = Counter(split_of(f"prompt {i}") for i in range(5000))
    assert 0.57 < shares["train"] / 5000 < 0.63 and 0.17 < shares["test"] / 5000 < 0.23


def test_corpus_splits_are_disjoint_and_fillers_come_from_train_only(shared_data: Path) -> None:
    corpus = build_corpus(shared_data, per_family=60)
    texts_by_split: dict[str, set[str]] = {}
    for t in corpus.positives + corpus.hard_negatives + corpus.benign:
        texts_by_split.setdefault(t.split, set()).add(t.text)
    assert not texts_by_split["train"] & texts_by_split["test"]
    assert not texts_by_split["val"] & texts_by_split["test"]
    generated = "\x00".join(t.text for t in corpus.positives + corpus.hard_negatives)
    held_out = [t.text for t in corpus.benign if t.split != "train" and 40 < len(t.text) < 600]
    assert len(held_out) > 500
    assert not [t for t in held_out if t in generated]


def test_every_family_covers_all_ten_languages() -> None:
    for family, by_lang in FAMILIES.items():
        assert set(by_lang) == set(LANGS), family


@pytest.mark.slow
def test_retraining_reproduces_the_quality_bar(shared_data: Path) -> None:
    from antidistill.signals.evaluate import ngram_scorer

    corpus = build_corpus(shared_data)
    model = train_model(corpus)
    score = ngram_scorer(model)
    pos = score([t.text for t in corpus.positives if t.split == "test"])
    ben = score([t.text for t in corpus.benign if t.split == "test"])
    assert float(np.mean(pos >= model.threshold)) >= 0.95
    assert float(np.mean(ben >= model.threshold)) <= 0.01


def _variety_tables() -> dict[str, dict[str, list[tuple[str, str]]]]:
    from antidistill.signals.corpus import variety_judge, variety_trace

    return {"rubric_grading": variety_judge.GRADING, "pairwise_preference": variety_judge.PREFERENCE,
            "language_coercion": variety_trace.COERCION, "replay": variety_trace.REPLAY,
            "reconstruct": variety_trace.RECONSTRUCT}


def test_each_structure_pair_lands_in_both_phrasing_halves() -> None:
    # The a/b halves are template-index parity: the two wordings of a structure must sit at
    # adjacent indices, so that whichever half is held out, the other still holds the structure.
    for family, by_lang in _variety_tables().items():
        for lang, pairs in by_lang.items():
            templates = FAMILIES[family][lang]
            for first, second in pairs:
                i = templates.index(first)
                assert templates[i + 1] == second and first != second, (family, lang, first)
                slots = {"c": "C", "l": "L", "e": "E", "q": "Q", "r": "R", "r2": "R2"}
                assert first.format(**slots) and second.format(**slots)


def test_generated_templates_share_no_sentence_with_the_simulator() -> None:
    # The scan is evaluated on traffic from the simulator's prompts: training on them would
    # inflate that evaluation. No line of 30+ characters of any template may occur in them.
    import ast
    import re

    root = Path(__file__).resolve().parents[2] / "src" / "antidistill" / "lab" / "simulator"
    literals = [node.value.lower() for p in sorted(root.glob("*.py")) for node in ast.walk(ast.parse(p.read_text()))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert literals
    blob = "\x00".join(literals)
    shared = [f for by_lang in FAMILIES.values() for templates in by_lang.values() for t in templates
              for f in (s.strip() for s in re.split(r"\{\w+\}|\n", t.lower())) if len(f) >= 30 and f in blob]
    assert not shared, shared[:3]
