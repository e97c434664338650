from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from wm_helpers import MASTER, BigramLM

from antidistill.cli import main
from antidistill.watermark import Detector, KeyRing, Watermarker, WatermarkSpec
from antidistill.watermark.radioactivity import (
    lift_pairs,
    lift_test,
    reading_mode_pairs,
    reading_mode_test,
    sampling_mode_test,
)
from antidistill.watermark.tokenizer import WordTokenizer

V = 400
SPEC = WatermarkSpec(vocab_size=V, context_width=1)


def _marked(n_docs: int, seed: int) -> list[list[int]]:
    wm = Watermarker(spec=SPEC, key=KeyRing(master=MASTER).key("global"))
    rng = np.random.default_rng(seed)
    return [wm.generate(BigramLM(V, seed=5), [int(rng.integers(V))], 60, rng) for _ in range(n_docs)]


def test_reading_mode_scores_each_context_once_per_document() -> None:
    text = [1, 2, 1, 2, 1, 3]
    preds = [2, 1, 2, 1, 9]  # preds[i] is the suspect's guess after text[: i + 1]
    pairs = reading_mode_pairs([text], [preds], 1)
    assert pairs.shape[0] == 2  # contexts (1) and (2), each at its first occurrence only
    # top-2: two distinct tokens per first-seen context, each its own pair
    top2 = np.array([[2, 7], [1, 7], [2, 7], [1, 7], [9, 7]])
    assert reading_mode_pairs([text], [top2], 1).shape[0] == 4
    with pytest.raises(ValueError, match="5 entries"):
        reading_mode_pairs([text], [[1, 2]], 1)


def test_reading_mode_scores_only_kept_first_occurrences() -> None:
    text = [1, 2, 1, 2, 1, 3]
    preds = [2, 1, 2, 1, 9]
    every = reading_mode_pairs([text], [preds], 1)
    assert np.array_equal(reading_mode_pairs([text], [preds], 1, keep=[[True] * 5]), every)
    # dropping the first occurrence of context (1) drops the context: a later occurrence follows text that
    # has already shown a continuation of it, which a suspect could copy
    later = reading_mode_pairs([text], [preds], 1, keep=[[False, True, True, True, True]])
    assert later.shape[0] == 1 and later[0] in every
    only_last = reading_mode_pairs([text], [preds], 1, keep=[[False, False, False, False, True]])
    assert only_last.shape[0] == 0
    assert reading_mode_pairs([text], [preds], 1, keep=[[False] * 5]).shape[0] == 0
    with pytest.raises(ValueError, match="keep for a 6-token text must have 5 entries"):
        reading_mode_pairs([text], [preds], 1, keep=[[True, True]])


def test_a_model_that_learned_the_green_lists_is_radioactive_and_controls_are_uniform() -> None:
    ring = KeyRing(master=MASTER)
    det = Detector(spec=SPEC, keyring=ring)
    texts = _marked(40, seed=1)
    wm = Watermarker(spec=SPEC, key=ring.key("global"))
    lm = BigramLM(V, seed=5)
    # "trained on our outputs": its argmax prefers green tokens (the bias the watermark put in its data)
    learned = [np.array([int(np.argmax(wm.process(t[: i + 1], lm(t[: i + 1])))) for i in range(len(t) - 1)])
               for t in texts]
    res = reading_mode_test(det, texts, learned, "global", controls=200)
    assert res.radioactive and res.p_value < 1e-10
    # a never-exposed model (argmax of the same base LM): not radioactive, and the controls look uniform
    plain = [np.array([int(np.argmax(lm(t[: i + 1]))) for i in range(len(t) - 1)]) for t in texts]
    clean = reading_mode_test(det, texts, plain, "global", controls=200)
    assert not clean.radioactive and clean.p_value > 1e-3
    assert clean.control_key_count == 200 and clean.control_fraction_below_001 <= 0.05
    assert stats.kstest(clean.control_p_values, "uniform").pvalue > 1e-3 or clean.tokens_scored < 30


def test_lift_pairs_score_first_occurrences_centred_and_summed_over_documents() -> None:
    text = [1, 2, 1, 2, 5]
    cand = np.array([[7, 8], [7, -1], [7, 8], [7, 8]])  # after context (2) only one candidate: not scored
    lift = np.array([[1.0, 0.0], [3.0, 0.0], [9.0, 9.0], [0.0, 4.0]])
    keys, weights = lift_pairs([text], [cand], [lift], 1)
    assert keys.shape[0] == 2  # context (1) with tokens 7 and 8; its second occurrence is not scored
    assert sorted(weights.tolist()) == [-0.5, 0.5]  # centred over the position's candidates
    keys2, weights2 = lift_pairs([text, text], [cand, cand], [lift, lift], 1)
    assert np.array_equal(keys2, keys) and np.allclose(weights2, 2 * weights)  # summed per pair over documents
    with pytest.raises(ValueError, match=r"shape \(4, m\)"):
        lift_pairs([text], [cand[:2]], [lift[:2]], 1)
    effects = np.array([[0.25, 0.75], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    keys3, weights3 = lift_pairs([text], [cand], [lift], 1, [effects])
    assert np.array_equal(keys3, keys)
    assert sorted(weights3.tolist()) == [-0.375, 0.125]  # centred first, then times each candidate's effect
    with pytest.raises(ValueError, match=r"text 0: .*effects"):
        lift_pairs([text], [cand], [lift], 1, [effects[:2]])
    with pytest.raises(ValueError, match="effects: 2 arrays for 1 texts"):
        lift_pairs([text], [cand], [lift], 1, [effects, effects])


def _log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max()
    return z - np.log(np.exp(z).sum())


def _lift_inputs(texts: list[list[int]], suspect, reference) -> tuple[list[np.ndarray], list[np.ndarray]]:  # type: ignore[no-untyped-def]
    cands, lifts = [], []
    for t in texts:
        ref = np.array([_log_softmax(reference(t[: i + 1])) for i in range(len(t) - 1)])
        sus = np.array([_log_softmax(suspect(t[: i + 1])) for i in range(len(t) - 1)])
        top = np.argsort(-ref, axis=1)[:, :16]
        ref_top = np.take_along_axis(ref, top, 1)
        cands.append(np.where(ref_top >= np.log(0.02), top, -1))
        lifts.append(np.take_along_axis(sus, top, 1) - ref_top)
    return cands, lifts


def test_lift_test_finds_a_lean_too_small_to_flip_the_argmax() -> None:
    """A suspect that moved a little probability towards green tokens (as a student that met the mark in a
    small share of its data does): the top-1 test barely sees it, the lift test does; a suspect that
    differs from the reference by noise alone is not radioactive and its control p-values are uniform."""
    ring = KeyRing(master=MASTER)
    det = Detector(spec=SPEC, keyring=ring)
    texts = _marked(40, seed=1)
    wm = Watermarker(spec=SPEC, key=ring.key("global"))
    lm = BigramLM(V, seed=5)

    noise = np.random.default_rng(9).normal(0.0, 0.25, size=(V, V))  # how any student differs from the reference

    def noisy(ctx: list[int]) -> np.ndarray:
        return lm(ctx) + noise[ctx[-1]]

    def leaning(ctx: list[int]) -> np.ndarray:
        base = lm(ctx)
        return noisy(ctx) + 0.1 * (wm.process(ctx, base) - base) / SPEC.delta  # +0.1 nats on green tokens

    keys, weights = lift_pairs(texts, *_lift_inputs(texts, leaning, lm), 1)
    hot = lift_test(det, keys, weights, "global", documents=len(texts), controls=200)
    top1 = [np.array([int(np.argmax(leaning(t[: i + 1]))) for i in range(len(t) - 1)]) for t in texts]
    flips = reading_mode_test(det, texts, top1, "global", controls=0)
    assert hot.mode == "lift" and hot.radioactive and hot.p_value < 1e-8
    assert flips.p_value > 0.01  # the lean flips too few argmaxes for the top-1 test
    keys_c, weights_c = lift_pairs(texts, *_lift_inputs(texts, noisy, lm), 1)
    cold = lift_test(det, keys_c, weights_c, "global", documents=len(texts), controls=300)
    assert not cold.radioactive and cold.p_value > 1e-3
    assert cold.control_fraction_below_001 <= 0.03
    assert stats.kstest(cold.control_p_values, "uniform").pvalue > 1e-3


class _Suspect(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/completions fake: echoes a fixed continuation per prompt."""

    continuation = ""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.path == "/v1/completions" and body["temperature"] == 1.0
        choices = [{"index": i, "text": self.continuation} for i in range(body.get("n", 1))]
        data = json.dumps({"choices": choices}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def suspect_server() -> Iterator[tuple[str, type[_Suspect]]]:
    handler = type("Handler", (_Suspect,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", handler
    server.shutdown()
    server.server_close()


@pytest.mark.gateway
def test_audit_model_sampling_mode_against_a_loopback_endpoint(tmp_path: Path, suspect_server, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("httpx")
    url, handler = suspect_server
    # purely alphabetic words, so that the word tokenizer maps each back to one id
    words = ["w" + chr(97 + i // 26) + chr(97 + i % 26) for i in range(V - 4)]
    tok = WordTokenizer(vocab=["<pad>", "<unk>", "<bos>", "<eos>", *words])
    tok.save(tmp_path / "tok.json")
    secret = tmp_path / "secret"
    secret.write_bytes(MASTER)
    marked = [m for m in _marked(30, seed=2)]
    handler.continuation = " ".join(tok.decode(m) for m in marked)  # a suspect that reproduces our outputs
    corpus = tmp_path / "prompts.jsonl"
    corpus.write_text("\n".join(json.dumps({"text": p}) for p in ["waa wab wac", "wba wbb"]))
    args = ["audit-model", "--endpoint", url, "--corpus", str(corpus), "--key-id", "global", "--secret-file",
            str(secret), "--tokenizer", str(tmp_path / "tok.json"), "--context-width", "1", "--controls", "50"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "sampling" and out["radioactive"] and out["p_value"] < 1e-6
    assert len(out["control_p_values"]) == 50 and out["control_min_p_value"] > 1e-4
    # the same pipeline on a suspect that writes unmarked text
    rng = np.random.default_rng(3)
    handler.continuation = tok.decode(rng.integers(4, V, 2000).tolist())
    assert main(args) == 0
    assert not json.loads(capsys.readouterr().out)["radioactive"]


def test_sampling_mode_drops_pairs_copied_from_the_prompt() -> None:
    det = Detector(spec=SPEC, keyring=KeyRing(master=MASTER))
    marked = _marked(10, seed=4)
    # a suspect that only parrots its (watermarked) prompt back is not evidence of training
    res = sampling_mode_test(det, marked, marked, "global", controls=0)
    assert res.tokens_scored <= 10 and res.p_value > 1e-3
