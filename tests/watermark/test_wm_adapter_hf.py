from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from wm_helpers import MASTER  # noqa: E402

from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec, mask_table  # noqa: E402
from antidistill.watermark.adapters import torch_hash  # noqa: E402
from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor  # noqa: E402
from antidistill.watermark.hashing import context_hashes, keyed_draw, mix, to_uniform, token_hash  # noqa: E402

pytestmark = pytest.mark.ml


def test_torch_hash_is_bit_identical_to_numpy() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2**63, size=10_000, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    xt = torch.from_numpy(x.view(np.int64))
    assert np.array_equal(torch_hash.mix(xt).numpy().view(np.uint64), mix(x))
    toks = rng.integers(0, 200_000, size=5_000)
    assert np.array_equal(torch_hash.token_hash(torch.from_numpy(toks)).numpy().view(np.uint64), token_hash(toks))
    windows = rng.integers(0, 50_000, size=(64, 3))
    ctx = torch_hash.context_hash(torch.from_numpy(windows)).numpy().view(np.uint64)
    assert np.array_equal(ctx, np.array([context_hashes(w, 3)[0] for w in windows]))
    k1 = 0xFEDCBA9876543210
    d = keyed_draw(x, k1)
    u = torch_hash.keyed_uniforms(xt, torch_hash.key_tensor(k1)).numpy()
    assert np.array_equal(u, to_uniform(d))
    for gamma in (0.1, 0.25, 0.5, 0.9):
        green = torch_hash.is_green(torch.from_numpy(d.view(np.int64)), gamma).numpy()
        assert np.array_equal(green, to_uniform(d) < gamma)


@pytest.mark.parametrize("numpy_on_cpu", [True, False])
@pytest.mark.parametrize("scheme", ["redgreen", "gumbel"])
def test_processor_matches_core_reference_per_row_key(scheme: str, numpy_on_cpu: bool) -> None:
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(scheme=scheme, vocab_size=3000, context_width=2)
    keys = [ring.key("acct:a"), None, ring.key("acct:b")]
    rng = np.random.default_rng(4)
    ids = rng.integers(0, 3000, size=(3, 7))
    logits = rng.normal(size=(3, 3000))
    proc = WatermarkLogitsProcessor(spec=spec, keys=keys, numpy_on_cpu=numpy_on_cpu)
    out = proc(torch.from_numpy(ids), torch.from_numpy(logits)).numpy()
    assert np.array_equal(out[1], logits[1])  # a row without a key is untouched
    all_keyed = WatermarkLogitsProcessor(spec=spec, keys=[keys[0]] * 3, numpy_on_cpu=numpy_on_cpu)
    full = all_keyed(torch.from_numpy(ids), torch.from_numpy(logits)).numpy()
    assert np.array_equal(full[0], out[0])  # the all-rows fast path agrees with the indexed path
    for row in (0, 2):
        ref = Watermarker(spec=spec, key=keys[row]).process(list(ids[row]), logits[row])  # type: ignore[arg-type]
        if scheme == "redgreen":
            np.testing.assert_allclose(out[row], ref, rtol=0, atol=1e-12)
        else:
            assert int(np.argmax(out[row])) == int(np.argmax(ref)) and np.isinf(out[row]).sum() == 2999


@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16"])
def test_redgreen_processor_is_out_of_place_in_every_dtype_and_paths_agree(dtype: str) -> None:
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(vocab_size=1000, context_width=2, gamma=0.3)  # 0.3: the full (unshortened) green test
    keys = [ring.key("acct:x"), ring.key("acct:y")]
    rng = np.random.default_rng(6)
    ids = torch.from_numpy(rng.integers(0, 1000, size=(2, 9)))
    scores = torch.from_numpy(rng.normal(size=(2, 1000))).to(getattr(torch, dtype))
    before = scores.clone()
    fast = WatermarkLogitsProcessor(spec=spec, keys=keys)
    first = fast(ids, scores)
    assert torch.equal(scores, before) and first.dtype == scores.dtype  # the input is not modified
    kept = first.clone()
    fast(ids[:, :-1], scores)  # another step re-uses the hasher's buffers: earlier outputs stay as they were
    assert torch.equal(first, kept)
    reference = WatermarkLogitsProcessor(spec=spec, keys=keys, numpy_on_cpu=False)(ids, scores)  # torch int64 path
    assert torch.equal(first, reference)
    for row in range(2):
        green = Watermarker(spec=spec, key=keys[row]).green_mask(ids[row].tolist())
        assert np.array_equal((first[row] != scores[row]).numpy(), green)


@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16"])
@pytest.mark.parametrize("batch", [1, 3])
def test_mask_table_processor_adds_the_rows_detection_scores(dtype: str, batch: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """spec.mask_rows: every path (numpy gather, torch gather, bool table with alpha, the device-side row
    computation, rows without a key) adds delta to exactly the green list of the reference and of detection."""
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(vocab_size=1000, context_width=2, mask_rows=512, delta=1.5)
    rng = np.random.default_rng(batch)
    ids = torch.from_numpy(rng.integers(0, 1000, size=(batch, 9)))
    scores = torch.from_numpy(rng.normal(size=(batch, 1000))).to(getattr(torch, dtype))
    before = scores.clone()
    keys = [ring.key(f"acct:t{i}") for i in range(batch)]
    outs = [WatermarkLogitsProcessor(spec=spec, keys=keys)(ids, scores),
            WatermarkLogitsProcessor(spec=spec, keys=keys, numpy_on_cpu=False)(ids, scores)]
    monkeypatch.setattr(torch_hash, "PRESCALED_TABLE_BYTES", 0)  # the bool table of large vocabularies
    torch_hash.mask_tensor.cache_clear()
    outs.append(WatermarkLogitsProcessor(spec=spec, keys=keys)(ids, scores))
    torch_hash.mask_tensor.cache_clear()
    part = WatermarkLogitsProcessor(spec=spec, keys=[None, *keys[1:]])(ids, scores)
    assert torch.equal(scores, before) and all(o.dtype == scores.dtype for o in outs)  # out of place
    assert torch.equal(part[0], scores[0])
    for row in range(batch):
        green = Watermarker(spec=spec, key=keys[row]).green_mask(ids[row].tolist())
        want = scores[row] + torch.from_numpy(green).to(scores.dtype) * 1.5
        for out in (*outs, part) if row else outs:
            assert torch.equal(out[row], want)
    # detection scores the next token with the same green list
    det = Detector(spec=spec, keyring=ring)
    for row in range(batch):
        seq = [*ids[row, -2:].tolist(), int(rng.integers(1000))]
        u = det.uniforms(mask_table.pair_keys(seq, 2), keys[row].k1)
        assert bool(u[0] < spec.gamma) == bool(outs[0][row, seq[-1]] != scores[row, seq[-1]])


def test_processor_rejects_a_batch_of_the_wrong_size() -> None:
    ring = KeyRing(master=MASTER)
    proc = WatermarkLogitsProcessor(spec=WatermarkSpec(vocab_size=10), keys=[ring.key("global")])
    with pytest.raises(ValueError, match="2 rows"):
        proc(torch.zeros((2, 4), dtype=torch.long), torch.zeros((2, 10)))


def test_audit_model_reading_mode_on_a_model_directory(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from transformers import GPT2Config, GPT2LMHeadModel

    from antidistill.cli import main

    with torch.random.fork_rng():
        torch.manual_seed(0)
        GPT2LMHeadModel(GPT2Config(vocab_size=300, n_positions=128, n_embd=32, n_layer=1, n_head=2)).save_pretrained(
            tmp_path / "suspect")
    spec = WatermarkSpec(vocab_size=300, context_width=1)
    wm = Watermarker(spec=spec, key=KeyRing(master=MASTER).key("global"))
    rng = np.random.default_rng(0)
    docs = [wm.generate(lambda s: np.zeros(300), [int(rng.integers(300))], 60, rng) for _ in range(20)]
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps({"tokens": d}) for d in docs))
    (tmp_path / "secret").write_bytes(MASTER)
    code = main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--corpus", str(tmp_path / "corpus.jsonl"),
                 "--key-id", "global", "--secret-file", str(tmp_path / "secret"), "--context-width", "1",
                 "--controls", "30", "--top-k", "3"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    # a randomly initialised model never saw our marks: not radioactive, with 30 control p-values
    assert out["mode"] == "reading" and not out["radioactive"] and out["p_value"] > 1e-3
    assert len(out["control_p_values"]) == 30 and out["tokens_scored"] > 150


def test_audit_model_lift_mode_tells_a_suspect_trained_on_our_texts_from_the_reference(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from transformers import GPT2Config, GPT2LMHeadModel

    from antidistill.cli import main

    config = GPT2Config(vocab_size=300, n_positions=128, n_embd=32, n_layer=1, n_head=2)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        base = GPT2LMHeadModel(config)
        base.save_pretrained(tmp_path / "reference")
        spec = WatermarkSpec(vocab_size=300, context_width=1)
        wm = Watermarker(spec=spec, key=KeyRing(master=MASTER).key("global"))
        rng = np.random.default_rng(0)
        docs = [wm.generate(lambda s: np.zeros(300), [int(rng.integers(300))], 60, rng) for _ in range(20)]
        # the suspect: the reference fine-tuned a little on our marked texts
        opt = torch.optim.Adam(base.parameters(), lr=3e-3)
        batch = torch.tensor(docs)
        for _ in range(15):
            loss = base(input_ids=batch, labels=batch).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
        base.save_pretrained(tmp_path / "suspect")
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps({"tokens": d}) for d in docs))
    (tmp_path / "secret").write_bytes(MASTER)
    common = ["--corpus", str(tmp_path / "corpus.jsonl"), "--key-id", "global", "--secret-file",
              str(tmp_path / "secret"), "--context-width", "1", "--controls", "50", "--min-prob", "0.001"]
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--reference-dir",
                 str(tmp_path / "reference"), *common]) == 0
    hot = json.loads(capsys.readouterr().out)
    assert hot["mode"] == "lift" and hot["radioactive"] and hot["p_value"] < 1e-6
    assert len(hot["control_p_values"]) == 50 and min(hot["control_p_values"]) > 1e-4
    # the reference tested against itself: every lift is 0, nothing to find
    assert main(["audit-model", "--model-dir", str(tmp_path / "reference"), "--reference-dir",
                 str(tmp_path / "reference"), *common]) == 0
    cold = json.loads(capsys.readouterr().out)
    assert cold["mode"] == "lift" and not cold["radioactive"] and cold["p_value"] == 1.0
    # two references averaged (here the same one twice): the same log-probabilities, the same test
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--reference-dir",
                 str(tmp_path / "reference"), "--reference-dir", str(tmp_path / "reference"), *common]) == 0
    twice = json.loads(capsys.readouterr().out)
    assert twice["tokens_scored"] == hot["tokens_scored"]
    assert twice["p_value"] == pytest.approx(hot["p_value"], rel=0.01)
    assert main(["audit-model", "--endpoint", "http://127.0.0.1:9/v1", "--reference-dir",
                 str(tmp_path / "reference"), *common]) != 0
    assert "--reference-dir" in capsys.readouterr().err
    # the texts were written from a flat distribution, so every token was within reach of the watermark: with
    # the source given (and no effect weights, the default), the same pairs and verdict
    source = ["--source-dir", str(tmp_path / "reference"), "--delta", "1e9"]
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--reference-dir",
                 str(tmp_path / "reference"), *source, *common]) == 0
    same = json.loads(capsys.readouterr().out)
    assert same["p_value"] == hot["p_value"] and same["tokens_scored"] == hot["tokens_scored"]
    # weighted by a greedy source's effects (this random source did not write them): the same pairs, other weights
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--reference-dir",
                 str(tmp_path / "reference"), *source, "--effect-weights", *common]) == 0
    weighted = json.loads(capsys.readouterr().out)
    assert weighted["tokens_scored"] == hot["tokens_scored"] and weighted["p_value"] != hot["p_value"]
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--reference-dir",
                 str(tmp_path / "reference"), "--effect-weights", *common]) != 0
    assert "--effect-weights" in capsys.readouterr().err
    assert main(["audit-model", "--model-dir", str(tmp_path / "suspect"), "--source-dir",
                 str(tmp_path / "reference"), "--delta", "4", *common]) != 0
    assert "--source-dir" in capsys.readouterr().err


def test_lift_candidates_with_a_source_keep_only_tokens_the_watermark_could_have_chosen() -> None:
    """With the source model, a candidate survives only within ``margin`` of the source's top logit, and a
    prefix where no second token is that close keeps none; a margin wider than any gap changes nothing."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from antidistill.watermark.adapters.hf import lift_candidates

    config = GPT2Config(vocab_size=50, n_positions=64, n_embd=16, n_layer=1, n_head=2)
    with torch.random.fork_rng():
        torch.manual_seed(3)
        suspect, reference, source = (GPT2LMHeadModel(config).eval() for _ in range(3))
        with torch.no_grad():  # a peaked source: some prefixes have a clear winner, others a close race
            source.lm_head.weight.mul_(40.0)
    rng = np.random.default_rng(0)
    seqs = [rng.integers(0, 50, size=int(n)).tolist() for n in (12, 20, 7)]
    plain_c, plain_l, _ = lift_candidates(suspect, reference, seqs, min_prob=1e-9)
    wide_c, wide_l, _ = lift_candidates(suspect, reference, seqs, min_prob=1e-9, source=source, margin=1e9)
    assert all(np.array_equal(a, b) for a, b in zip(plain_c, wide_c, strict=True))
    assert all(np.allclose(a, b) for a, b in zip(plain_l, wide_l, strict=True))
    margin = 2.0
    cands, lifts, _ = lift_candidates(suspect, reference, seqs, min_prob=1e-9, source=source, margin=margin)
    emptied = kept = 0
    with torch.no_grad():
        for s, c, c0, lift, lift0 in zip(seqs, cands, plain_c, lifts, plain_l, strict=True):
            logits = source(input_ids=torch.tensor([s])).logits[0, : len(s) - 1].double().numpy()
            gap = logits.max(1, keepdims=True) - logits
            close = (gap <= margin).sum(1) >= 2
            for i in range(len(s) - 1):
                ok = c0[i][(c0[i] >= 0) & (gap[i][np.maximum(c0[i], 0)] <= margin)] if close[i] else []
                assert sorted(c[i][c[i] >= 0].tolist()) == sorted(np.asarray(ok).tolist())
                emptied += int(not close[i])
                kept += int((c[i] >= 0).sum())
            assert np.allclose(lift, lift0)  # the lifts themselves do not depend on the source
    assert emptied > 0 and kept > 0


def test_reference_ensemble_is_the_mean_of_its_members_log_probabilities() -> None:
    """Averaged references: mean log-probability per token; one member alone, or one member twice, is that
    member; and the lift test's inputs against the pair are the suspect minus the renormalised mean."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from antidistill.watermark.adapters.hf import ReferenceEnsemble, lift_candidates

    config = GPT2Config(vocab_size=40, n_positions=32, n_embd=16, n_layer=1, n_head=2)
    with torch.random.fork_rng():
        torch.manual_seed(5)
        a, b, suspect = (GPT2LMHeadModel(config).eval() for _ in range(3))
    ids = torch.tensor(np.random.default_rng(1).integers(0, 40, size=(2, 9)))
    with torch.no_grad():
        la, lb = (torch.log_softmax(m(input_ids=ids).logits.double(), -1) for m in (a, b))
        pair = ReferenceEnsemble([a, b])(input_ids=ids).logits
        assert torch.allclose(pair, (la + lb) / 2)
        assert not torch.allclose(pair, la) and not torch.allclose(pair, lb)
        assert torch.allclose(ReferenceEnsemble([a])(input_ids=ids).logits, la)
        assert torch.allclose(ReferenceEnsemble([a, a])(input_ids=ids).logits, la)
    seqs = ids.tolist()
    one = lift_candidates(suspect, a, seqs, min_prob=1e-9, clip=None)
    same = lift_candidates(suspect, ReferenceEnsemble([a, a]), seqs, min_prob=1e-9, clip=None)
    assert all(np.array_equal(x, y) for x, y in zip(one.candidates, same.candidates, strict=True))
    assert all(np.allclose(x, y) for x, y in zip(one.lifts, same.lifts, strict=True))
    both = lift_candidates(suspect, ReferenceEnsemble([a, b]), seqs, m=40, min_prob=1e-9, clip=None)
    with torch.no_grad():
        ls = torch.log_softmax(suspect(input_ids=ids).logits.double(), -1)
    want = (ls - torch.log_softmax((la + lb) / 2, -1)).numpy()
    for i, (c, lift) in enumerate(zip(both.candidates, both.lifts, strict=True)):
        keep = c >= 0  # every token is a candidate here (m = vocabulary, no floor), each once
        assert (keep.sum(-1) == 40).all()
        assert np.allclose(lift[keep], np.take_along_axis(want[i, :-1], np.maximum(c, 0), axis=-1)[keep])
    with pytest.raises(ValueError, match="at least one model"):
        ReferenceEnsemble([])


def test_greedy_watermark_effects_match_an_enumeration_of_every_green_list() -> None:
    """The effect of a candidate's colour on its chance of being emitted by greedy decoding with the red/green
    bias, in closed form, equals the exact value found by enumerating all 2^V green lists of a tiny vocabulary
    with their probabilities; tokens outside the margin and prefixes with one close token get 0."""
    import itertools

    from antidistill.watermark.adapters.hf import greedy_watermark_effects

    gamma, margin, vocab = 0.25, 4.0, 7
    logits = torch.tensor([[[9.0, 7.5, 3.0, 6.0, 8.2, 0.0, 5.5],  # four tokens within 4 of the top
                            [9.0, 2.0, 1.0, 3.0, 4.0, 0.0, 4.5],  # the top leads every other by more than 4
                            [1.0, 1.5, 1.2, 0.9, 1.4, 1.1, 1.3]]], dtype=torch.float64)  # all within the margin
    idx = torch.arange(vocab).expand(1, 3, vocab)
    got = greedy_watermark_effects(logits, idx, margin, gamma)[0].numpy()
    want = np.zeros((3, vocab))
    for row in range(3):
        for greens in itertools.product((0, 1), repeat=vocab):
            g = np.array(greens)
            weight = gamma ** g.sum() * (1 - gamma) ** (vocab - g.sum())
            emitted = int(np.argmax(logits[0, row].numpy() + margin * g))
            for j in range(vocab):  # P(emit j | j green) - P(emit j | j red), by Bayes over the enumeration
                share = gamma if g[j] else 1 - gamma
                want[row, j] += (1 if g[j] else -1) * weight / share * (emitted == j)
    assert np.allclose(got, want, atol=1e-12)
    assert np.all(got[1] == 0)  # greedy emits the top under every key: nothing to learn
    assert got[0, 2] == 0 and got[0, 5] == 0  # outside the margin
    assert got[0, 4] == pytest.approx(0.75) and got[0, 0] == pytest.approx(1 - 0.75 ** 4)
