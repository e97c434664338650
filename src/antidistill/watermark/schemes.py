"""Watermark schemes behind one registry: how draws bias sampling and how they are scored.

A scheme turns the keyed uniforms of (context, token) pairs (``hashing.py``) into

* an embedding rule over a whole vocabulary (the numpy reference that the torch/vLLM adapters
  mirror), and
* a detection statistic with an exact null distribution (``pvalues.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from antidistill.registry import Registry
from antidistill.watermark.pvalues import binomial_tail, gamma_tail
from antidistill.watermark.spec import WatermarkSpec

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SchemeScore:
    """A statistic over n scored pairs and its exact p-value under the no-watermark null."""

    score: float
    p_value: float
    tokens_scored: int
    null: str


class Scheme(ABC):
    """One watermark scheme; stateless, parameterised by a :class:`WatermarkSpec`."""

    name: str = ""

    def __init__(self, *, spec: WatermarkSpec) -> None:
        self.spec = spec

    @abstractmethod
    def score(self, uniforms: F64) -> SchemeScore:
        """Statistic and exact p-value from the keyed uniforms of the scored pairs, shape (n,)."""

    @abstractmethod
    def scores_many(self, uniforms: F64) -> tuple[F64, F64]:
        """(statistics, p-values) for each row of a (keys, n) matrix of uniforms."""

    @abstractmethod
    def embed(self, logits: F64, uniforms: F64) -> F64:
        """Watermarked logits for one step: ``logits`` and ``uniforms`` both shape (vocab,).

        Distortion-free schemes return logits that put all mass on the selected token.
        """


SCHEMES: Registry[Scheme] = Registry("watermark scheme")


@SCHEMES.register
class RedGreenScheme(Scheme):
    """Kirchenbauer et al. (2023): add ``delta`` to the logits of green tokens (uniform < gamma)."""

    name = "redgreen"

    def score(self, uniforms: F64) -> SchemeScore:
        k = int(np.count_nonzero(uniforms < self.spec.gamma))
        n = int(uniforms.shape[0])
        null = f"Binomial(n={n}, gamma={self.spec.gamma})"
        return SchemeScore(float(k), binomial_tail(k, n, self.spec.gamma), n, null)

    def scores_many(self, uniforms: F64) -> tuple[F64, F64]:
        from scipy import special

        n = uniforms.shape[1]
        k = np.count_nonzero(uniforms < self.spec.gamma, axis=1).astype(np.float64)  # (keys,)
        p = np.where(k > 0, special.betainc(np.maximum(k, 1), n - k + 1, self.spec.gamma), 1.0)
        return k, p

    def embed(self, logits: F64, uniforms: F64) -> F64:
        return logits + self.spec.delta * (uniforms < self.spec.gamma)


@SCHEMES.register
class GumbelScheme(Scheme):
    """Aaronson's exponential (Gumbel-max) scheme: pick argmax_v r_v ** (1 / p_v); distortion-free.

    Embedding takes ``argmax_v logits_v - log(-log r_v)``, the same choice as ``argmax_v log(r_v) / p_v``
    (take logs twice; the softmax normaliser is a constant), without computing the softmax.
    Detection sums -log(1 - r) over scored tokens; needs a backend whose sampler we own.
    """

    name = "gumbel"

    def score(self, uniforms: F64) -> SchemeScore:
        n = int(uniforms.shape[0])
        s = float(-np.log1p(-uniforms).sum())
        return SchemeScore(s, gamma_tail(s, n), n, f"Gamma(shape={n}, scale=1)")

    def scores_many(self, uniforms: F64) -> tuple[F64, F64]:
        from scipy import special

        n = uniforms.shape[1]
        s = -np.log1p(-uniforms).sum(axis=1)
        p = special.gammaincc(n, s) if n > 0 else np.ones_like(s)
        return s, np.asarray(p, dtype=np.float64)

    def embed(self, logits: F64, uniforms: F64) -> F64:
        # r = 0 (probability 2**-53) is clamped as in every adapter, so that log never sees 0
        choice = int(np.argmax(logits - np.log(-np.log(np.maximum(uniforms, 1e-300)))))
        out = np.full_like(logits, -np.inf)
        out[choice] = 0.0
        return out


def make_scheme(spec: WatermarkSpec) -> Scheme:
    """The scheme instance named by ``spec.scheme``."""
    return SCHEMES.create(spec.scheme, spec=spec)
