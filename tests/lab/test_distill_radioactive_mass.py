from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from antidistill.lab.distill.model import ModelSpec, new_model  # noqa: E402
from antidistill.lab.distill.radioactive import mass_contexts, mass_trial  # noqa: E402
from antidistill.lab.distill.students import Exchange  # noqa: E402
from antidistill.lab.distill.task import TaskFamily  # noqa: E402
from antidistill.lab.distill.teacher import build_tokenizer  # noqa: E402
from antidistill.watermark.detect import Detector  # noqa: E402
from antidistill.watermark.keys import KeyRing  # noqa: E402
from antidistill.watermark.spec import WatermarkSpec  # noqa: E402

pytestmark = pytest.mark.ml


def _detector(vocab: int) -> Detector:
    return Detector(spec=WatermarkSpec(gamma=0.25, delta=1.0, context_width=2, vocab_size=vocab),
                    keyring=KeyRing(master=b"m" * 32))


def test_mass_test_is_calibrated_under_unused_keys_and_finds_a_green_leaning_student() -> None:
    det = _detector(100)
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, 2**63, size=(3000, 8), dtype=np.int64).astype(np.uint64)
    probs = rng.dirichlet(np.ones(8), size=3000)
    zs = [mass_trial(det, {"acct:a": (pairs, probs)}, {"acct:a": f"control:{t}"}).z for t in range(200)]
    assert abs(float(np.mean(zs))) < 0.25 and 0.8 < float(np.std(zs)) < 1.2  # N(0, 1) under the null
    # a student that moves 5% of each context's mass onto the tokens green under acct:a
    green = det.uniforms(pairs.ravel(), det.keyring.key("acct:a").k1).reshape(pairs.shape) < 0.25
    leaning = 0.95 * probs + 0.05 * green / np.maximum(1, green.sum(1, keepdims=True))
    hot = mass_trial(det, {"acct:a": (pairs, leaning)}, {"acct:a": "acct:a"})
    cold = mass_trial(det, {"acct:a": (pairs, leaning)}, {"acct:a": "acct:b"})
    assert hot.p_value <= 1e-5 and cold.p_value >= 1e-3
    assert hot.contexts == 3000


def test_mass_contexts_follow_reading_mode_contexts() -> None:
    task = TaskFamily()
    tok = build_tokenizer(task)
    torch.manual_seed(0)
    model = new_model(ModelSpec(n_layer=1, n_embd=32, n_head=2), tok)
    served = [Exchange(key_id=f"sk-{i % 2}", prompt=p.question, reasoning=p.reasoning, content=p.final)
              for i, p in enumerate(task.take("attacker", 6))]
    groups = mass_contexts(model, tok, served, 2, {"sk-0": "acct:0", "sk-1": "acct:1"}, m=4)
    assert set(groups) == {"acct:0", "acct:1"}
    for pairs, probs in groups.values():
        assert pairs.shape == probs.shape and pairs.shape[1] == 4
        assert pairs.shape[0] > 0
        assert bool((probs > 0).all()) and bool((probs.sum(1) <= 1 + 1e-9).all())
    trial = mass_trial(_detector(len(tok)), groups, {"acct:0": "acct:0", "acct:1": "acct:1"})
    assert np.isfinite(trial.z) and 0 <= trial.p_value <= 1
