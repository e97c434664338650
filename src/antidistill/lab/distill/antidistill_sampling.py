"""Antidistillation sampling (Savani et al., 2025) as a Hugging Face ``LogitsProcessor``.

The teacher samples from ``softmax(log p_teacher / tau + lambda * Delta)`` where, for every
candidate next token v,

    Delta(v) = [log p_proxy(v; theta + eps*g) - log p_proxy(v; theta - eps*g)] / (2 eps)

and g is the gradient of a proxy student's loss on held-out teacher traces. Delta(v) is a finite-
difference estimate of <grad log p_proxy(v), g>: how much one gradient step on token v would
*raise* the proxy's held-out loss. Tilting towards such tokens keeps the teacher's answers
plausible while making its traces worth less as training data. We normalise g to unit length so
that ``eps`` is a step size in parameter space and ``lambda`` alone sets the strength.
The two perturbed proxies cost two extra forward passes per generated token; the processor keeps
their KV caches between calls, so each pass is over the one new token (as the teacher's own).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
from transformers import GPT2LMHeadModel, LogitsProcessor

from antidistill.lab.distill.decoding import positions
from antidistill.lab.distill.sequences import Example
from antidistill.lab.distill.training import collate, completion_loss


@dataclass(frozen=True)
class AntidistillParams:
    """Strength ``lam``, teacher temperature ``tau`` and finite-difference step ``eps``."""

    lam: float
    tau: float = 1.0
    eps: float = 1e-2

    def __post_init__(self) -> None:
        if self.tau <= 0:
            raise ValueError(f"tau must be positive, got {self.tau}")
        if self.eps <= 0:
            raise ValueError(f"eps must be positive, got {self.eps}")


@dataclass
class PerturbedProxy:
    """The proxy student moved by +eps*g and -eps*g (g the unit held-out loss gradient)."""

    plus: GPT2LMHeadModel
    minus: GPT2LMHeadModel
    eps: float
    grad_norm: float


def perturb_proxy(proxy: GPT2LMHeadModel, heldout: Sequence[Example], *, pad_id: int, eps: float,
                  batch_size: int = 64) -> PerturbedProxy:
    """Gradient of the proxy's completion loss on held-out teacher traces; returns the two moved copies."""
    if not heldout:
        raise ValueError("antidistillation needs held-out teacher traces for the proxy gradient")
    proxy.zero_grad(set_to_none=True)
    proxy.eval()
    batches = [heldout[i: i + batch_size] for i in range(0, len(heldout), batch_size)]
    for batch in batches:
        ids, attn, loss_mask = collate(batch, pad_id)
        (completion_loss(proxy, ids, attn, loss_mask) * len(batch) / len(heldout)).backward()
    grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in proxy.parameters()]
    norm = float(torch.sqrt(sum((g.double() ** 2).sum() for g in grads)))  # type: ignore[arg-type]
    if norm == 0.0:
        raise ValueError("proxy gradient is zero: the proxy cannot be tilted")
    plus, minus = copy.deepcopy(proxy), copy.deepcopy(proxy)
    with torch.no_grad():
        for p_plus, p_minus, g in zip(plus.parameters(), minus.parameters(), grads, strict=True):
            p_plus.add_(g, alpha=eps / norm)
            p_minus.add_(g, alpha=-eps / norm)
    proxy.zero_grad(set_to_none=True)
    for m in (plus, minus):
        m.eval()
        m.requires_grad_(False)
    return PerturbedProxy(plus=plus, minus=minus, eps=eps, grad_norm=norm)


class AntidistillationProcessor(LogitsProcessor):
    """Replaces the teacher's scores by ``log_softmax(scores) / tau + lam * Delta``.

    Use with a sampler that draws from ``softmax(scores)`` (no extra temperature). The proxy must
    share the teacher's tokenizer. Left padding is recognised by ``pad_id``.
    """

    def __init__(self, *, proxy: PerturbedProxy, params: AntidistillParams, pad_id: int) -> None:
        self.proxy = proxy
        self.params = params
        self.pad_id = pad_id
        # KV caches of the two proxies over ``_seen`` (the sequences of the previous call)
        self._seen: torch.Tensor | None = None
        self._caches: tuple[Any, Any] | None = None

    def _extends_seen(self, input_ids: torch.Tensor) -> bool:
        seen = self._seen
        return (seen is not None and input_ids.shape[0] == seen.shape[0] and input_ids.shape[1] == seen.shape[1] + 1
                and bool((input_ids[:, :-1] == seen).all()))

    @torch.no_grad()
    def delta(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Delta(v) for every row and every vocabulary entry (batch, vocab).

        When ``input_ids`` is the previous call's sequences plus one token (the decoding loop),
        only that token goes through the proxies, with their cached keys and values; anything else
        (a new batch) recomputes the whole prefix. Both give the same Delta.
        """
        mask = (input_ids != self.pad_id).long()
        pos = positions(mask)
        models = (self.proxy.plus, self.proxy.minus)
        if self._caches is not None and self._extends_seen(input_ids):
            outs = [m(input_ids=input_ids[:, -1:], attention_mask=mask, position_ids=pos[:, -1:], cache=c,
                      use_cache=True) for m, c in zip(models, self._caches, strict=True)]
        else:
            outs = [m(input_ids=input_ids, attention_mask=mask, position_ids=pos, use_cache=True, logits_to_keep=1)
                    for m in models]
        self._seen = input_ids.clone()
        self._caches = (outs[0].cache, outs[1].cache)
        lp_plus, lp_minus = (torch.log_softmax(o.logits[:, -1].float(), dim=-1) for o in outs)
        return (lp_plus - lp_minus) / (2 * self.proxy.eps)

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        tilted = torch.log_softmax(scores.float(), dim=-1) / self.params.tau
        if self.params.lam != 0.0:
            delta = self.delta(input_ids)
            if delta.shape[-1] != tilted.shape[-1]:
                raise ValueError(f"proxy vocabulary {delta.shape[-1]} != teacher vocabulary {tilted.shape[-1]}")
            tilted = tilted + self.params.lam * delta
        return tilted  # type: ignore[return-value]
