"""The mask-table variant (``spec.mask_rows``): embedding and detection agree bit for bit, p-values stay exact."""

from __future__ import annotations

import numpy as np
import pytest
from wm_helpers import MASTER, BigramLM

from antidistill.errors import ConfigError
from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec, attribute, scored_pairs
from antidistill.watermark import mask_table as mt
from antidistill.watermark.radioactivity import reading_mode_pairs, sampling_mode_pairs
from antidistill.watermark.vocab_hash import VocabHasher

SPEC = WatermarkSpec(vocab_size=600, context_width=2, mask_rows=256)


@pytest.mark.parametrize(("fields", "setting"), [
    ({"mask_rows": 100}, "watermark.mask_rows"),  # not a power of two
    ({"mask_rows": 128}, "watermark.mask_rows"),
    ({"mask_rows": 1 << 17}, "watermark.mask_rows"),
    ({"mask_rows": 256, "scheme": "gumbel"}, "watermark.mask_rows"),
    ({"mask_rows": 256, "gamma": 0.3}, "watermark.mask_rows"),  # gamma * T not an integer: P(green) != gamma
    ({"mask_rows": 256, "vocab_size": 1 << 25}, "watermark.mask_rows"),
])
def test_bad_mask_table_settings_fail_loudly(fields: dict[str, object], setting: str) -> None:
    with pytest.raises(ConfigError) as err:
        WatermarkSpec(**fields)  # type: ignore[arg-type]
    assert err.value.key == setting


def test_spec_round_trip_and_old_spec_files() -> None:
    assert WatermarkSpec.from_dict(SPEC.to_dict()) == SPEC
    old = {k: v for k, v in WatermarkSpec().to_dict().items() if k != "mask_rows"}  # a watermark.json from before
    assert WatermarkSpec.from_dict(old).mask_rows == 0


@pytest.mark.parametrize("rows", [256, 1024])
def test_every_column_is_a_permutation_so_each_token_is_green_in_gamma_t_rows(rows: int) -> None:
    bits = mt.check_rows(rows)
    tokens = np.array([0, 1, 2, 599, 4095, 50_256, mt.MAX_TOKEN_ID], dtype=np.uint64)
    e = mt.entries(np.arange(rows, dtype=np.uint64)[:, None], tokens[None, :], bits)  # (rows, tokens)
    assert all(np.array_equal(np.sort(e[:, j]), np.arange(rows)) for j in range(tokens.shape[0]))
    for gamma in (0.25, 0.5, 0.125):
        table = mt.green_table(rows, gamma, 700)
        assert (table.sum(axis=0) == round(gamma * rows)).all()
        assert not table.flags.writeable
    # rows look unrelated: green-list overlaps of distinct rows spread as for random lists (binomial sd
    # 0.0038 around 0.0625 * (gamma T - 1) / (gamma (T - 1))): no near-copies, no disjoint rows
    t = mt.green_table(rows, 0.25, 4096).astype(np.float32)
    overlap = (t @ t.T / 4096)[~np.eye(rows, dtype=bool)]
    assert abs(overlap.mean() - 0.25 * (rows / 4 - 1) / (rows - 1)) < 1e-4
    assert overlap.std() < 0.0045 and overlap.min() > 0.035 and overlap.max() < 0.09


def test_pair_ids_keep_the_token_and_reject_ids_beyond_24_bits() -> None:
    seq = [5, 9, 13, 9, 13, 22]
    ids = mt.pair_keys(seq, 2)
    assert ids.tolist() == [int(c) & int(mt.CONTEXT_PART) | t for c, t in
                            zip(mt.context_ids(np.array(seq[:-1]), 2), seq[2:], strict=False)]
    with pytest.raises(ValueError, match="token ids"):
        mt.pair_keys([1, 2, 1 << 24], 2)


@pytest.mark.parametrize("width", [1, 2, 3, 5])
def test_decode_step_rows_equal_the_vectorised_rows(width: int) -> None:
    vocab = 900
    rng = np.random.default_rng(10 + width)
    hasher = VocabHasher(vocab_size=vocab, gamma=0.25)
    # ids beyond the vocabulary (e.g. a longer prompt vocabulary) take the untabled path
    contexts = [[int(t) for t in rng.integers(0, vocab + 40, size=width)] for _ in range(40)]
    k1 = [int(k) for k in rng.integers(0, 2**64 - 1, size=40, dtype=np.uint64, endpoint=True)]
    ids = [mt.context_id_int(c, hasher.token_table_, hasher.first_table_) for c in contexts]
    assert ids == [mt.context_id_int(c) for c in contexts]
    assert ids == [int(mt.context_ids(np.array(c), width)[0]) for c in contexts]
    want = mt.rows_of(np.array(ids, dtype=np.uint64), np.array(k1, dtype=np.uint64), 10).tolist()
    assert mt.rows_after(contexts, k1, 10, hasher.token_table_, hasher.first_table_) == want
    assert [mt.row_int(i, k, 10) for i, k in zip(ids, k1, strict=True)] == want


@pytest.mark.parametrize("width", [1, 2, 3])
def test_embedded_green_lists_are_what_detection_scores(width: int) -> None:
    spec = WatermarkSpec(vocab_size=600, context_width=width, mask_rows=256)
    ring = KeyRing(master=MASTER)
    key = ring.key("acct:table")
    rng = np.random.default_rng(width)
    seq = [int(t) for t in rng.integers(0, 600, size=300)]
    wm = Watermarker(spec=spec, key=key)
    bits = mt.check_rows(256)
    table = mt.green_table(256, spec.gamma, 600)
    embedded = []
    for i in range(width, len(seq)):
        green = wm.green_mask(seq[:i])
        row = mt.row_int(mt.context_id_int(seq[i - width : i]), key.k1, bits)
        assert np.array_equal(green, table[row])  # reference == the table the processors gather from
        embedded.append(bool(green[seq[i]]))
    det = Detector(spec=spec, keyring=ring)
    detected = det.uniforms(mt.pair_keys(seq, width), key.k1) < spec.gamma
    assert detected.tolist() == embedded
    # the detector scores one pair per distinct context (the smallest token id after it), and counts its greens
    first: dict[tuple[int, ...], tuple[int, bool]] = {}
    for i in range(width, len(seq)):
        ctx = tuple(seq[i - width : i])
        if ctx not in first or seq[i] < first[ctx][0]:
            first[ctx] = (seq[i], embedded[i - width])
    res = det.detect(seq, "acct:table")
    assert (res.tokens_scored, res.score) == (len(first), float(sum(g for _, g in first.values())))


def test_tokens_after_one_context_are_scored_once() -> None:
    ring = KeyRing(master=MASTER)
    det = Detector(spec=SPEC, keyring=ring)
    doc = [7, 8, 1, 7, 8, 2, 7, 8, 3, 7, 8, 4]  # context (7, 8) followed by four different tokens
    pairs = scored_pairs(doc, 2, masked=True)
    assert det.scorable(pairs).shape[0] == pairs.shape[0] - 3
    assert det.detect(doc, "acct:1").tokens_scored == pairs.shape[0] - 3
    assert Detector(spec=WatermarkSpec(vocab_size=600), keyring=ring).detect(doc, "acct:1").tokens_scored == 10
    # corpus level: the same context in two documents is one scored pair
    assert det.detect_corpus([[7, 8, 1], [7, 8, 2]], "acct:1").tokens_scored == 1
    # a pair in a prompt is dropped first; its context can still be scored through another token:
    # (8, 1) -> 7 and (1, 7) -> 8 of the first document, (7, 8) -> 2 of the second
    assert det.detect_corpus([[7, 8, 1], [7, 8, 2]], "acct:1", prompts=[[0, 7, 8, 1], None]).tokens_scored == 3


def test_watermarked_text_is_detected_and_attributed() -> None:
    ring = KeyRing(master=MASTER)
    lm = BigramLM(SPEC.vocab_size, seed=3)
    rng = np.random.default_rng(4)
    det = Detector(spec=SPEC, keyring=ring)
    ids = [f"acct:{i}" for i in range(50)]
    for who in ("acct:3", "acct:41"):
        out = Watermarker(spec=SPEC, key=ring.key(who)).generate(lm, [1, 2], 200, rng)
        res = det.detect(out, who, prompt=[1, 2])
        assert res.p_value < 1e-6 and res.tokens_scored > 150
        assert attribute(det, out, ids, prompt=[1, 2]).best_key_id == who
        assert det.detect(out, "acct:other", prompt=[1, 2]).p_value > 1e-3


def test_null_documents_keep_the_false_positive_rate() -> None:
    """Unmarked text with repeated contexts: the exact test's FPR stays at most alpha (quick version)."""
    ring = KeyRing(master=MASTER)
    det = Detector(spec=SPEC, keyring=ring)
    rng = np.random.default_rng(8)
    lm = BigramLM(SPEC.vocab_size, seed=5)
    docs = [Watermarker(spec=SPEC, key=ring.key("acct:marker")).generate(lm, [1, 2], 150, rng) for _ in range(4)]
    # half random text, half text whose few contexts recur with many different continuations
    docs += [list(rng.integers(0, SPEC.vocab_size, 150)) for _ in range(4)]
    docs += [[t for j in rng.integers(0, SPEC.vocab_size, 60) for t in (5, 6, int(j))] for _ in range(4)]
    keys = [f"acct:null{i}" for i in range(1000)]
    p = np.concatenate([[s for _, s in attribute(det, d, keys, top=len(keys)).top] for d in docs])  # (docs x keys,)
    for alpha in (0.05, 0.01):
        assert np.mean(p <= alpha) <= alpha * 1.25, (alpha, np.mean(p <= alpha))
    # the green share of null pairs is gamma
    u = np.concatenate([det.uniforms(det.scorable(scored_pairs(d, 2, masked=True)), ring.key(k).k1)
                        for d in docs for k in keys[:50]])
    assert abs(np.mean(u < SPEC.gamma) - SPEC.gamma) < 0.01


def test_radioactivity_pairs_use_the_variants_ids() -> None:
    texts = [[1, 2, 3, 4, 5, 6], [1, 2, 9, 9]]
    preds = [[7, 7, 7, 7, 7], [7, 8, 8]]
    got = reading_mode_pairs(texts, preds, 2, masked=True)
    assert set((got & np.uint64(mt.MAX_TOKEN_ID)).tolist()) <= {7, 8}
    # the output's first tokens take their context from the prompt's tail; (2, 3) -> 4 of the prompt is dropped
    got = sampling_mode_pairs([[4, 5, 6], [3, 4, 5, 6]], [[1, 2, 3], [1, 2, 3, 4]], 2, masked=True)
    want = [((3, 4), 5), ((4, 5), 6), ((3, 4), 3), ((4, 3), 4)]
    assert got.tolist() == sorted(int(mt.pair_ids(mt.context_ids(np.array(c), 2), [t])[0]) for c, t in want)
