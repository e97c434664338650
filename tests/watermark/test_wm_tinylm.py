"""End-to-end checks on the tiny GPT-2 trained here (slow: trains it on first use, ~10 minutes on 1 core)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from wm_helpers import MASTER  # noqa: E402

from antidistill.watermark import Detector, KeyRing, WatermarkSpec, attribute  # noqa: E402
from antidistill.watermark.human_text import human_texts  # noqa: E402

pytestmark = [pytest.mark.ml, pytest.mark.slow]
SPEC = WatermarkSpec(vocab_size=4096, context_width=2)


@pytest.fixture(scope="module")
def tiny(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from antidistill.watermark.adapters.tinylm import ensure_tiny

    return ensure_tiny(shared_data)


def _prompts(tiny, shared_data: Path, n: int) -> list[list[int]]:  # type: ignore[no-untyped-def]
    texts = human_texts(shared_data)["gsm8k"]
    return [ids[:8] for ids in (tiny.tokenizer.encode(t) for t in texts) if len(ids) >= 8][:n]


def test_outputs_at_temperature_one_are_detected_and_attributed(tiny, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    from antidistill.watermark.adapters.tinylm import generate

    ring = KeyRing(master=MASTER)
    ids = [f"acct:{i}" for i in range(1000)]
    prompts = _prompts(tiny, shared_data, 40)
    who = [ids[(37 * i) % 1000] for i in range(40)]
    outs = generate(tiny, prompts, keys=ring.keys(who), spec=SPEC, n_tokens=200, seed=5)
    det = Detector(spec=SPEC, keyring=ring)
    pv = np.array([det.detect(o, k, prompt=p).p_value for o, p, k in zip(outs, prompts, who, strict=True)])
    assert np.mean(pv < 1e-6) >= 0.95
    hits = [attribute(det, o, ids, prompt=p).best_key_id == k for o, p, k in zip(outs, prompts, who, strict=True)]
    assert np.mean(hits) >= 0.99
    # unmarked generation from the same model is not flagged
    plain = generate(tiny, prompts[:10], keys=[None] * 10, spec=SPEC, n_tokens=200, seed=6)
    assert min(det.detect(o, "acct:0", prompt=p).p_value for o, p in zip(plain, prompts[:10], strict=True)) > 1e-4


def test_fine_tuned_suspect_is_radioactive_and_the_base_model_is_not(tiny, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    from transformers import GPT2LMHeadModel

    from antidistill.watermark.adapters.hf import top1_predictions
    from antidistill.watermark.adapters.tinylm import corpus_ids, generate, train_steps
    from antidistill.watermark.radioactivity import reading_mode_test

    torch.set_num_threads(1)
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(vocab_size=4096, context_width=1)  # h = 1: what a small model learns from little data
    prompts = _prompts(tiny, shared_data, 600)
    marked: list[list[int]] = []
    for s in range(0, len(prompts), 50):
        marked += generate(tiny, prompts[s : s + 50], keys=[ring.key("global")] * len(prompts[s : s + 50]),
                           spec=spec, n_tokens=100, seed=s)
    human = corpus_ids(tiny.tokenizer, [t for g in human_texts(shared_data).values() for t in g])
    wm_stream = np.concatenate([np.asarray([*m, tiny.tokenizer.eos_id]) for m in marked])
    assert wm_stream.shape[0] / (wm_stream.shape[0] + human.shape[0]) >= 0.05
    suspect = GPT2LMHeadModel.from_pretrained(tiny.path)
    for seed in (3, 803):  # two rounds of 800 steps (about 4.4 epochs), as in bench/watermark.py
        train_steps(suspect, np.concatenate([human, wm_stream]), steps=800, rng=np.random.default_rng(seed), lr=2e-3)
    det = Detector(spec=spec, keyring=ring)
    feed = marked
    hot = reading_mode_test(det, feed, top1_predictions(suspect, feed), "global", controls=200)
    assert hot.p_value <= 1e-5 and hot.radioactive
    cold = reading_mode_test(det, feed, top1_predictions(tiny.model, feed), "global", controls=200)
    assert cold.p_value >= 0.01 and not cold.radioactive
    assert 1 - cold.control_fraction_below_001 >= 0.97  # 99.3% measured with 1,000 controls
