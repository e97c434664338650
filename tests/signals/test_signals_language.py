from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from antidistill.signals.corpus.benign import MGSM_LANGS, belle_zh, mgsm
from antidistill.signals.language import Language


@pytest.fixture(scope="module")
def lang() -> Language:
    return Language().load()


@pytest.mark.parametrize("code", MGSM_LANGS)
def test_mgsm_parallel_languages(lang: Language, shared_data: Path, code: str) -> None:
    labels = Counter(lang.score_batch(mgsm(shared_data, code)).columns["label"].tolist())
    assert labels[code] >= 0.97 * 250, labels.most_common(3)


def test_belle_is_chinese(lang: Language, shared_data: Path) -> None:
    texts = belle_zh(shared_data)
    labels = Counter(lang.score_batch(texts).columns["label"].tolist())
    assert labels["zh"] >= 0.9 * len(texts)


@pytest.mark.parametrize(("text", "code"), [
    ("이 문장을 영어로 번역해 주세요.", "ko"), ("اكتب رسالة قصيرة إلى صديقي.", "ar"),
    ("Escreva um e-mail pedindo férias ao meu chefe, por favor.", "pt"), ("Привіт, як справи? Її немає вдома.", "uk"),
    ("12345 !!!", "und"),
])
def test_other_languages(lang: Language, text: str, code: str) -> None:
    assert lang.score(text).details["label"] == code


def test_mixed_script_is_flagged(lang: Language) -> None:
    mixed = lang.score("请把下面的内容翻译成中文并解释："
                       "The quick brown fox jumps over the lazy dog near the river bank.")
    assert mixed.flagged
    assert not lang.score("The quick brown fox jumps over the lazy dog.").flagged
