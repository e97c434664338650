from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from wm_helpers import MASTER, BigramLM

from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec, attribute_pairs, scored_pairs
from antidistill.watermark.human_text import human_texts
from antidistill.watermark.tokenizer import WordTokenizer

SPEC = WatermarkSpec(vocab_size=4096, context_width=2)


@pytest.fixture(scope="module")
def null_p_values(shared_data: Path) -> dict[str, np.ndarray]:
    """~19,000 null tests: real human text, random tokens, and marked text tested with wrong keys."""
    texts = [t for group in human_texts(shared_data).values() for t in group]
    tok = WordTokenizer.train(texts, vocab_size=SPEC.vocab_size)
    stream = np.concatenate([np.asarray(tok.encode(t), dtype=np.int64) for t in texts])
    det = Detector(spec=SPEC, keyring=KeyRing(master=MASTER))
    rng = np.random.default_rng(17)
    human = [det.detect(stream[s : s + 200], f"acct:{i % 500}").p_value
             for i, s in enumerate(rng.integers(0, stream.shape[0] - 200, 8_000))]
    rand = [det.detect(rng.integers(0, SPEC.vocab_size, 200), "global").p_value for _ in range(3_000)]
    wm = Watermarker(spec=SPEC, key=KeyRing(master=MASTER).key("global"))
    lm = BigramLM(SPEC.vocab_size, seed=3, scale=2.0)
    wrong_ids = [f"acct:w{i}" for i in range(100)]
    wrong: list[float] = []
    for _ in range(80):
        doc = wm.generate(lm, [int(rng.integers(SPEC.vocab_size))] * 2, 120, rng)
        res = attribute_pairs(det, scored_pairs(doc, SPEC.context_width), wrong_ids, top=100)
        wrong += [p for _, p in res.top]
    return {"human": np.asarray(human), "random": np.asarray(rand), "wrong_key": np.asarray(wrong)}


@pytest.mark.parametrize("alpha", [1e-2, 1e-3, 1e-4])
def test_false_positive_rate_is_at_most_alpha(null_p_values: dict[str, np.ndarray], alpha: float) -> None:
    allp = np.concatenate(list(null_p_values.values()))
    assert allp.shape[0] >= 19_000
    fp = int((allp <= alpha).sum())
    # one-sided exact test of "FPR <= alpha": the observed count must not be significantly above n * alpha
    assert stats.binom.sf(fp - 1, allp.shape[0], alpha) > 1e-3, f"{fp} false positives of {allp.shape[0]}"
    for name, p in null_p_values.items():
        assert stats.binom.sf(int((p <= alpha).sum()) - 1, p.shape[0], alpha) > 1e-4, name


def test_null_p_values_are_not_degenerate(null_p_values: dict[str, np.ndarray]) -> None:
    # exact discrete tests are conservative, but the p-values must still spread over (0, 1]
    for p in null_p_values.values():
        assert 0.3 < float(np.median(p)) < 0.8 and float((p <= 0.05).mean()) < 0.05
