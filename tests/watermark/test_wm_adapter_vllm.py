from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from wm_helpers import MASTER  # noqa: E402

from antidistill.errors import ConfigError  # noqa: E402
from antidistill.watermark import KeyRing, Watermarker, WatermarkSpec, watermark_request_fields  # noqa: E402
from antidistill.watermark.adapters.vllm import RequestWatermark, key_id_from_extra_args  # noqa: E402

pytestmark = pytest.mark.ml


@pytest.mark.parametrize("scheme", ["redgreen", "gumbel"])
def test_request_processor_matches_core_reference(scheme: str) -> None:
    spec = WatermarkSpec(scheme=scheme, vocab_size=2048, context_width=3)
    key = KeyRing(master=MASTER).key("acct:7")
    rng = np.random.default_rng(2)
    proc = RequestWatermark(spec=spec, key=key)
    for n_out in (4, 0, 1, 2, 3):  # the context may span prompt and output, or lie in either alone
        prompt, output = list(rng.integers(0, 2048, 3)), list(rng.integers(0, 2048, n_out))
        logits = rng.normal(size=2048)
        got = proc(prompt, output, torch.from_numpy(logits)).numpy()
        ref = Watermarker(spec=spec, key=key).process(prompt + output, logits)
        assert int(np.argmax(got)) == int(np.argmax(ref))
        if scheme == "redgreen":
            np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12)
    # the context spans prompt and output: with too few tokens in total, nothing is changed
    short = torch.zeros(2048, dtype=torch.float64)
    assert torch.equal(proc([1], [2], short), short)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_request_processor_mask_table_variant(dtype: str) -> None:
    spec = WatermarkSpec(vocab_size=2048, context_width=3, mask_rows=1024)
    key = KeyRing(master=MASTER).key("acct:8")
    rng = np.random.default_rng(3)
    proc = RequestWatermark(spec=spec, key=key)
    for n_out in (4, 0, 2):
        prompt, output = list(rng.integers(0, 2048, 3)), list(rng.integers(0, 2048, n_out))
        logits = torch.from_numpy(rng.normal(size=2048)).to(getattr(torch, dtype))
        got = proc(prompt, output, logits)
        green = Watermarker(spec=spec, key=key).green_mask(prompt + output)
        assert torch.equal(got, logits + torch.from_numpy(green).to(logits.dtype) * spec.delta)


def test_key_id_comes_from_the_gateway_request_fields() -> None:
    xargs = watermark_request_fields("acct:42")["vllm_xargs"]
    assert key_id_from_extra_args(xargs) == "acct:42"  # type: ignore[arg-type]
    assert key_id_from_extra_args(None) is None and key_id_from_extra_args({"other": 1}) is None
    with pytest.raises(ConfigError):
        key_id_from_extra_args({"antidistill_wm_key_id": "bad id"})


def _vllm_logits_processor_module():  # type: ignore[no-untyped-def]
    """vLLM's logits-processor module, or skip: the test needs vLLM's own Python code, not a GPU."""
    if importlib.util.find_spec("vllm") is None:
        pytest.skip("vllm is not installed on this machine")
    return pytest.importorskip("vllm.v1.sample.logits_processor")


def test_vllm_processor_in_vllms_own_batch_machinery(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Through vLLM's real AdapterLogitsProcessor: per-request key ids from extra_args, batch update, apply."""
    lp = _vllm_logits_processor_module()
    from vllm import SamplingParams
    from vllm.v1.sample.logits_processor.interface import BatchUpdate

    from antidistill.watermark.adapters.vllm import WatermarkVLLMProcessor

    secret = tmp_path / "s"
    secret.write_bytes(MASTER)
    monkeypatch.setenv("ANTIDISTILL_MASTER_SECRET_FILE", str(secret))
    vocab = 1000
    cfg = SimpleNamespace(model_config=SimpleNamespace(get_vocab_size=lambda: vocab))
    proc = WatermarkVLLMProcessor(cfg, torch.device("cpu"), False)
    assert isinstance(proc, lp.AdapterLogitsProcessor) and not proc.is_argmax_invariant()
    with pytest.raises(ValueError):
        WatermarkVLLMProcessor.validate_params(SamplingParams(extra_args={"antidistill_wm_key_id": "bad id"}))
    marked = SamplingParams(temperature=1.0, extra_args=watermark_request_fields("acct:7")["vllm_xargs"])
    other = SamplingParams(temperature=1.0, extra_args={"antidistill_wm_key_id": "acct:8"})
    plain = SamplingParams(temperature=1.0)
    rng = np.random.default_rng(3)
    prompts = [list(map(int, rng.integers(0, vocab, 5))) for _ in range(3)]
    outputs: list[list[int]] = [[], [int(rng.integers(vocab))], [1, 2, 3]]
    added = [(i, params, prompts[i], outputs[i]) for i, params in enumerate((marked, plain, other))]
    proc.update_state(BatchUpdate(batch_size=3, removed=[], added=added, moved=[]))
    ring = KeyRing(master=MASTER)
    spec = WatermarkSpec(vocab_size=vocab)
    for _ in range(2):  # vLLM appends to the same output lists: the next step sees the longer context
        logits = torch.from_numpy(rng.normal(size=(3, vocab)).astype(np.float32))
        out = proc.apply(logits.clone())
        assert torch.equal(out[1], logits[1])  # no key id: untouched
        for row, key_id in ((0, "acct:7"), (2, "acct:8")):
            green = Watermarker(spec=spec, key=ring.key(key_id)).green_mask(prompts[row] + outputs[row])
            assert np.array_equal((out[row] != logits[row]).numpy(), green)
        for o in outputs:
            o.append(int(rng.integers(vocab)))
