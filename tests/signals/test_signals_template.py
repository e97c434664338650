from __future__ import annotations

from pathlib import Path

import numpy as np

from antidistill.signals.corpus.benign import gsm8k, self_instruct
from antidistill.signals.template import PromptTemplate, hamming, mask

Q = "How many are left?"
TEMPLATE_VARIANTS = [
    f'Question: John has 5 apples and gives 2 to Mary. {Q}\nAnswer: "3"\nImagine the internal reasoning.',
    f'Question: John has 12 apples and gives 7 to Mary. {Q}\nAnswer: "5"\nImagine the internal reasoning.',
    f'Question:  Alice has 40 apples and gives 1 to Bob. {Q}\nAnswer: "39"\nImagine  the internal reasoning.',
    "Question: John has 5 apples and gives 2 to Mary. How many are left?\nAnswer: 'three'\nImagine the internal "
    "reasoning.",
]


def test_light_variations_collide() -> None:
    sig = PromptTemplate().load()
    batch = sig.score_batch(TEMPLATE_VARIANTS)
    ids = batch.columns["template_id"]
    assert len(set(ids.tolist())) == 1, batch.columns["template_text"]
    assert "<num>" in batch.columns["template_text"][0] and "<name>" in batch.columns["template_text"][0]


def test_masks_code_urls_emails() -> None:
    a = mask("Fix this:\n```python\nprint(1)\n```\nsee https://x.io/a or mail bob@example.com")
    b = mask("Fix this:\n```js\nconsole.log(2)\n```\nsee http://y.org/b?q=1 or mail eve@corp.net")
    assert a == b and "<code>" in a and "<url>" in a and "<email>" in a


def test_different_templates_do_not_collide_and_simhash_separates_them() -> None:
    sig = PromptTemplate().load()
    texts = ["Translate the following text into French: hello", "Write a limerick about a cat named Tom.",
             "Summarise this article in three bullet points.", "Rate the response below from 1 to 10."]
    batch = sig.score_batch(texts)
    assert len(set(batch.columns["template_id"].tolist())) == len(texts)
    sh = batch.columns["simhash"]
    near = sig.score_batch(["Translate the following text into French please: hello"]).columns["simhash"][0]
    assert hamming(sh[0], near) < min(hamming(sh[0], sh[k]) for k in range(1, 4))


def test_real_benign_prompts_mostly_get_distinct_ids(shared_data: Path) -> None:
    texts = self_instruct(shared_data) + gsm8k(shared_data)
    ids = PromptTemplate().load().score_batch(texts).columns["template_id"]
    assert len(np.unique(ids)) >= 0.97 * len(texts)


def test_repeats_are_counted_across_batches_and_flagged() -> None:
    sig = PromptTemplate(repeat_threshold=6).load()
    first = sig.score_batch(TEMPLATE_VARIANTS)
    assert not first.flagged.any() and first.columns["seen_count"].tolist() == [4, 4, 4, 4]
    second = sig.score_batch([*TEMPLATE_VARIANTS[:2], "Something else entirely."])
    assert second.flagged.tolist() == [True, True, False]
    assert second.score[0] > first.score[0] > second.score[2]
