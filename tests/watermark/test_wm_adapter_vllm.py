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


def test_key_id_comes_from_the_gateway_request_fields() -> None:
    xargs = watermark_request_fields("acct:42")["vllm_xargs"]
    assert key_id_from_extra_args(xargs) == "acct:42"  # type: ignore[arg-type]
    assert key_id_from_extra_args(None) is None and key_id_from_extra_args({"other": 1}) is None
    with pytest.raises(ConfigError):
        key_id_from_extra_args({"antidistill_wm_key_id": "bad id"})


@pytest.mark.skipif(importlib.util.find_spec("vllm") is None, reason="vllm is not installed on this machine")
def test_vllm_processor_builds_request_processors(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from antidistill.watermark.adapters.vllm import WatermarkVLLMProcessor

    secret = tmp_path / "s"
    secret.write_bytes(MASTER)
    monkeypatch.setenv("ANTIDISTILL_MASTER_SECRET_FILE", str(secret))
    cfg = SimpleNamespace(model_config=SimpleNamespace(get_vocab_size=lambda: 1000))
    proc = WatermarkVLLMProcessor(cfg, torch.device("cpu"), False)
    assert proc.new_req_logits_processor(SimpleNamespace(extra_args=None)) is None
    assert isinstance(proc.new_req_logits_processor(SimpleNamespace(extra_args={"antidistill_wm_key_id": "g"})),
                      RequestWatermark)
