from __future__ import annotations

import numpy as np
import pytest
from wm_helpers import MASTER, BigramLM

from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec, attribute
from antidistill.watermark.hashing import keyed_draw, pair_keys, to_uniform, vocab_pair_keys

V = 512


@pytest.fixture(scope="module")
def ring() -> KeyRing:
    return KeyRing(master=MASTER)


@pytest.mark.parametrize("scheme", ["redgreen", "gumbel"])
def test_marked_text_is_detected_and_wrong_key_is_not(ring: KeyRing, scheme: str) -> None:
    spec = WatermarkSpec(scheme=scheme, vocab_size=V, context_width=2)
    lm = BigramLM(V, seed=1)
    wm = Watermarker(spec=spec, key=ring.key("acct:alice"))
    tokens = wm.generate(lm, [1, 2], 200, np.random.default_rng(5))
    det = Detector(spec=spec, keyring=ring)
    hit = det.detect(tokens, "acct:alice", prompt=[1, 2])
    assert hit.p_value < 1e-6 and hit.key_id == "acct:alice" and hit.scheme == scheme
    # Gumbel-max is deterministic given the context, so it falls into loops; each pair still counts once
    assert (150 if scheme == "redgreen" else 40) <= hit.tokens_scored <= 200 and hit.tokens_total == 200
    miss = det.detect(tokens, "acct:bob", prompt=[1, 2])
    assert miss.p_value > 1e-3


def test_embedding_and_detection_use_the_same_draws(ring: KeyRing) -> None:
    spec = WatermarkSpec(vocab_size=V, context_width=3)
    key = ring.key("global")
    wm = Watermarker(spec=spec, key=key)
    seq = [7, 8, 9, 10]
    green_next = wm.green_mask(seq[:3])[seq[3]]
    u = to_uniform(keyed_draw(pair_keys(seq, 3), key.k1))
    assert bool(u[0] < spec.gamma) == bool(green_next)
    assert vocab_pair_keys([7, 8, 9], V)[10] == pair_keys(seq, 3)[0]
    # a green list has about gamma * V tokens, and differs between keys
    mask = wm.green_mask([1, 2, 3])
    assert abs(mask.mean() - spec.gamma) < 0.06
    assert (mask != Watermarker(spec=spec, key=ring.key("acct:x")).green_mask([1, 2, 3])).any()


def test_repetition_stress_fails_without_dedup_and_passes_with_it(ring: KeyRing) -> None:
    # one random 40-token block repeated 5 times: without de-duplication the same draws count 5x
    spec = WatermarkSpec(vocab_size=50_000, context_width=1)
    rng = np.random.default_rng(11)
    alpha, trials = 1e-4, 3000
    with_dedup = Detector(spec=spec, keyring=ring)
    without = Detector(spec=spec, keyring=ring, dedup=False)
    block_docs = [np.tile(rng.integers(0, spec.vocab_size, 40), 5) for _ in range(trials)]
    fp_without = sum(without.detect(d, "global").p_value <= alpha for d in block_docs)
    fp_with = sum(with_dedup.detect(d, "global").p_value <= alpha for d in block_docs)
    assert fp_without / trials > 50 * alpha  # measured about 5%
    # with it, false positives are Poisson(<= 0.3) here: 3 or more has probability 0.004
    assert fp_with <= 2


def test_prompt_pairs_are_dropped(ring: KeyRing) -> None:
    spec = WatermarkSpec(vocab_size=V, context_width=1)
    prompt = [5, 6, 7, 8, 9]
    # the answer copies the prompt: none of those pairs is evidence
    res = Detector(spec=spec, keyring=ring).detect([10, 5, 6, 7, 8, 9], "global", prompt=prompt)
    assert res.tokens_scored == 2  # (9 -> 10) and (10 -> 5)


def test_corpus_detection_scores_shared_pairs_once(ring: KeyRing) -> None:
    spec = WatermarkSpec(vocab_size=V, context_width=2)
    det = Detector(spec=spec, keyring=ring)
    doc = list(np.random.default_rng(2).integers(0, V, 60))
    single = det.detect(doc, "global")
    corpus = det.detect_corpus([doc] * 50, "global")
    assert corpus.tokens_scored == single.tokens_scored and corpus.documents == 50
    assert corpus.p_value == pytest.approx(single.p_value)


def test_corpus_of_short_marked_documents_is_detected(ring: KeyRing) -> None:
    spec = WatermarkSpec(vocab_size=V, context_width=2)
    wm = Watermarker(spec=spec, key=ring.key("global"))
    lm = BigramLM(V, seed=4)
    rng = np.random.default_rng(9)
    docs = [wm.generate(lm, [int(s), 3], 12, rng) for s in rng.integers(0, V, 40)]
    det = Detector(spec=spec, keyring=ring)
    assert max(det.detect(d, "global").p_value for d in docs[:5]) > 1e-6  # too short alone
    assert det.detect_corpus(docs, "global").p_value < 1e-8


def test_attribution_finds_the_account_among_many_keys(ring: KeyRing) -> None:
    spec = WatermarkSpec(vocab_size=V, context_width=2)
    ids = [f"acct:{i}" for i in range(300)]
    tokens = Watermarker(spec=spec, key=ring.key("acct:123")).generate(BigramLM(V, seed=8), [4, 4], 200,
                                                                         np.random.default_rng(1))
    det = Detector(spec=spec, keyring=ring)
    res = attribute(det, tokens, ids, prompt=[4, 4])
    assert res.best_key_id == "acct:123" and res.keys_tested == 300
    assert res.p_value == pytest.approx(min(1.0, 300 * res.raw_p_value))
    assert res.p_value < 1e-4 and res.top[0][0] == "acct:123" and len(res.top) == 5
    # its raw p-value matches single-key detection of the same pairs
    assert res.raw_p_value == pytest.approx(det.detect(tokens, "acct:123", prompt=[4, 4]).p_value, rel=1e-9)
    # unmarked text: the best of 300 keys is not significant after correction
    plain = list(np.random.default_rng(6).integers(0, V, 200))
    assert attribute(det, plain, ids).p_value > 0.01
