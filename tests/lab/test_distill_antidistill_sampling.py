from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from antidistill.lab.distill.antidistill_sampling import (  # noqa: E402
    AntidistillationProcessor,
    AntidistillParams,
    perturb_proxy,
)
from antidistill.lab.distill.model import ModelSpec, new_model  # noqa: E402
from antidistill.lab.distill.sequences import Example, encode_completion, encode_prompt  # noqa: E402
from antidistill.lab.distill.task import TaskFamily  # noqa: E402
from antidistill.lab.distill.teacher import build_tokenizer  # noqa: E402

pytestmark = pytest.mark.ml


@pytest.fixture(scope="module")
def setup():  # type: ignore[no-untyped-def]
    task = TaskFamily()
    tok = build_tokenizer(task)
    torch.manual_seed(0)
    proxy = new_model(ModelSpec(n_layer=1, n_embd=32, n_head=2), tok)
    heldout = [Example(encode_prompt(tok, p.question), encode_completion(tok, p.reasoning, p.final))
               for p in task.take("teacher", 8)]
    return tok, proxy, heldout


def test_delta_is_the_directional_derivative_along_the_heldout_gradient(setup) -> None:  # type: ignore[no-untyped-def]
    tok, proxy, heldout = setup
    perturbed = perturb_proxy(proxy, heldout, pad_id=tok.pad_id, eps=1e-3)
    assert perturbed.grad_norm > 0
    # analytic <grad log p(v | x), g/|g|> for a few tokens v, by autograd on the unperturbed proxy
    from antidistill.lab.distill.training import collate, completion_loss

    proxy.zero_grad()
    ids, attn, mask = collate(heldout, tok.pad_id)
    completion_loss(proxy, ids, attn, mask).backward()
    g = [p.grad.detach().clone() for p in proxy.parameters()]
    norm = torch.sqrt(sum((x ** 2).sum() for x in g))
    proxy.zero_grad()
    x = torch.tensor([heldout[0].prompt])
    proc = AntidistillationProcessor(proxy=perturbed, params=AntidistillParams(lam=1.0, eps=1e-3), pad_id=tok.pad_id)
    delta = proc.delta(x)[0]
    for v in (tok.think_id, tok.eos_id, 40):
        proxy.zero_grad()
        torch.log_softmax(proxy(input_ids=x).logits[0, -1], dim=-1)[v].backward()
        analytic = sum((p.grad * gi).sum() for p, gi in zip(proxy.parameters(), g, strict=True)) / norm
        assert float(delta[v]) == pytest.approx(float(analytic), rel=0.05, abs=1e-3)
    proxy.zero_grad()


def test_lambda_zero_is_plain_temperature_and_lambda_tilts_towards_delta(setup) -> None:  # type: ignore[no-untyped-def]
    tok, proxy, heldout = setup
    perturbed = perturb_proxy(proxy, heldout, pad_id=tok.pad_id, eps=1e-2)
    m = min(len(heldout[1].prompt), len(heldout[2].prompt))
    x = torch.tensor([heldout[1].prompt[:m], heldout[2].prompt[:m]])
    scores = torch.randn(2, len(tok))
    plain = AntidistillationProcessor(proxy=perturbed, params=AntidistillParams(lam=0.0, tau=0.5), pad_id=tok.pad_id)
    assert torch.allclose(plain(x, scores), torch.log_softmax(scores, dim=-1) / 0.5)
    strong = AntidistillationProcessor(proxy=perturbed, params=AntidistillParams(lam=50.0), pad_id=tok.pad_id)
    delta = strong.delta(x)
    p_plain = torch.softmax(plain(x, scores), -1)
    p_tilt = torch.softmax(strong(x, scores), -1)
    # the tilted distribution puts more mass on tokens that raise the proxy's held-out loss
    assert bool(((p_tilt * delta).sum(-1) > (p_plain * delta).sum(-1)).all())


def test_bad_parameters_are_refused(setup) -> None:  # type: ignore[no-untyped-def]
    tok, proxy, _ = setup
    with pytest.raises(ValueError, match="tau"):
        AntidistillParams(lam=1.0, tau=0.0)
    with pytest.raises(ValueError, match="held-out"):
        perturb_proxy(proxy, [], pad_id=tok.pad_id, eps=1e-2)


def test_cached_delta_equals_the_full_recomputation(setup) -> None:  # type: ignore[no-untyped-def]
    from antidistill.lab.distill.decoding import left_pad

    tok, proxy, heldout = setup
    perturbed = perturb_proxy(proxy, heldout, pad_id=tok.pad_id, eps=1e-2)
    params = AntidistillParams(lam=1.0)
    cached = AntidistillationProcessor(proxy=perturbed, params=params, pad_id=tok.pad_id)
    ids, _ = left_pad([heldout[0].prompt, heldout[1].prompt[:5]], tok.pad_id)  # rows of different lengths
    gen = torch.Generator().manual_seed(0)
    for step in range(6):
        fresh = AntidistillationProcessor(proxy=perturbed, params=params, pad_id=tok.pad_id)
        assert torch.allclose(cached.delta(ids), fresh.delta(ids), atol=1e-4)
        nxt = torch.randint(5, len(tok), (2, 1), generator=gen)
        if step >= 3:
            nxt[1, 0] = tok.pad_id  # a finished row is padded on the right, as in decoding
        ids = torch.cat([ids, nxt], dim=1)
    # a different batch (not one token longer) recomputes from scratch
    other = torch.tensor([heldout[2].prompt])
    fresh = AntidistillationProcessor(proxy=perturbed, params=params, pad_id=tok.pad_id)
    assert torch.allclose(cached.delta(other), fresh.delta(other), atol=1e-4)
