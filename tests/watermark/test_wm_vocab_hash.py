"""The decode-step fast path (``vocab_hash.VocabHasher``) equals the reference hash that detection uses."""

from __future__ import annotations

import numpy as np
import pytest
from wm_helpers import MASTER

from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec
from antidistill.watermark.hashing import (
    context_hash_int,
    context_hashes,
    keyed_draw,
    mix,
    mix_int,
    pair_keys,
    to_uniform,
    token_hash,
    token_hash_int,
    vocab_pair_keys,
)
from antidistill.watermark.vocab_hash import VocabHasher


def test_int_mirror_equals_numpy_hash() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2**64 - 1, size=2_000, dtype=np.uint64, endpoint=True)
    assert [mix_int(int(v)) for v in x] == mix(x).tolist()
    toks = rng.integers(0, 300_000, size=2_000)
    assert [token_hash_int(int(t)) for t in toks] == token_hash(toks).tolist()
    for h in (1, 2, 3, 5):
        w = rng.integers(0, 60_000, size=h)
        assert context_hash_int(list(w)) == int(context_hashes(w, h)[0])


@pytest.mark.parametrize("gamma", [0.25, 0.5, 0.1, 0.3, 0.9])  # 0.25 and 0.5 take the shortened green test
@pytest.mark.parametrize("width", [1, 2, 4])
def test_fast_path_equals_reference_for_random_contexts_and_keys(gamma: float, width: int) -> None:
    vocab = 1_537
    rng = np.random.default_rng(int(gamma * 100) + width)
    hasher = VocabHasher(vocab_size=vocab, gamma=gamma)
    for rows in (3, 1, 3, 6):  # buffers per batch size are reused across calls and sizes
        # ids beyond the vocabulary (e.g. from a longer prompt vocabulary) take the untabled path
        contexts = [[int(t) for t in rng.integers(0, vocab + 50, size=width)] for _ in range(rows)]
        k1 = [int(k) for k in rng.integers(0, 2**64 - 1, size=rows, dtype=np.uint64, endpoint=True)]
        ref = np.stack([keyed_draw(vocab_pair_keys(c, vocab), k) for c, k in zip(contexts, k1, strict=True)])
        rk = hasher.row_keys(contexts, k1)
        assert np.array_equal(rk, [context_hash_int(c) ^ k for c, k in zip(contexts, k1, strict=True)])
        assert np.array_equal(hasher.draws(rk), ref)
        assert np.array_equal(hasher.uniforms(rk), to_uniform(ref))
        green = to_uniform(ref) < gamma
        assert np.array_equal(hasher.green(rk), green)
        assert np.array_equal(hasher.green_after(contexts, k1), green)
        for dtype in (np.float32, np.float64):
            mask = hasher.green_after(contexts, k1, dtype)
            assert mask.dtype == dtype and np.array_equal(mask, green.astype(dtype))


def test_fast_path_green_lists_are_what_detection_scores() -> None:
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(vocab_size=700, context_width=2)
    key = ring.key("acct:fast")
    rng = np.random.default_rng(9)
    seq = [int(t) for t in rng.integers(0, 700, size=300)]
    hasher = VocabHasher(vocab_size=700, gamma=spec.gamma)
    contexts = [seq[i : i + 2] for i in range(len(seq) - 2)]
    green = hasher.green_after(contexts, [key.k1] * len(contexts))  # (pairs, vocab)
    embedded = green[np.arange(len(contexts)), seq[2:]]
    detected = to_uniform(keyed_draw(pair_keys(seq, 2), key.k1)) < spec.gamma
    assert np.array_equal(embedded, detected)
    assert np.array_equal(green[5], Watermarker(spec=spec, key=key).green_mask(seq[:7]))
    # and the detector counts exactly these greens, each distinct (context, token) pair once
    first, seen = [], set()
    for triple in zip(seq, seq[1:], seq[2:], strict=False):
        first.append(triple not in seen)
        seen.add(triple)
    res = Detector(spec=spec, keyring=ring).detect(seq, "acct:fast")
    assert (res.tokens_scored, res.score) == (sum(first), float(embedded[first].sum()))
