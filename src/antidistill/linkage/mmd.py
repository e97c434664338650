"""Population-shift test: maximum mean discrepancy between a traffic window and a benign reference.

Rows are samples (prompt embeddings, per-account histograms, per-request feature vectors);
the question is whether the window's rows come from the same distribution as the reference's.
The kernel is Gaussian, ``exp(-|x - y|^2 / (2 sigma^2))``, with ``sigma`` by the median
heuristic (median pairwise distance of the pooled sample, on at most 1,000 rows) unless given.
Two estimators are registered by name:

- ``quadratic``: the unbiased MMD^2 (Gretton et al. 2012, eq. 3); O(n^2) memory and time.
- ``linear``: the linear-time MMD^2 over disjoint pairs (Gretton et al. 2012, sec. 6), for large
  windows; noisier, so it needs more samples for the same power.

The p-value comes from a permutation test: pooled rows are relabelled at random
``n_permutations`` times with a caller-seeded Generator, p = (1 + #{perm >= observed}) / (1 + P),
which is exact (valid at every sample size) under exchangeability.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial.distance import cdist, pdist

from antidistill.registry import Registry


@dataclass(frozen=True)
class MMDResult:
    """Outcome of one window-vs-reference test; ``p_value`` is the permutation p-value."""

    statistic: float
    p_value: float
    bandwidth: float
    estimator: str
    n_window: int
    n_reference: int
    n_permutations: int


class MMDEstimator:
    """Base class: MMD^2 of ``n_x`` first rows vs the rest of a pooled sample, under many relabellings."""

    name: ClassVar[str] = ""

    def statistics(self, pooled: NDArray[np.float64], n_x: int, bandwidth: float, rng: np.random.Generator,
                   n_permutations: int) -> tuple[float, NDArray[np.float64]]:
        """The observed MMD^2 and its value under ``n_permutations`` random relabellings drawn from ``rng``."""
        raise NotImplementedError


def _permutation_batches(n: int, n_permutations: int, rng: np.random.Generator,
                         batch: int) -> Iterator[NDArray[np.int64]]:
    """Row 0 of the first batch is the identity (the observed labelling); then random permutations.

    Drawn in batches so that memory stays O(batch x n) however many permutations are asked for.
    """
    todo = n_permutations + 1
    first = True
    while todo:
        size = min(batch, todo)
        perms = np.stack([rng.permutation(n) for _ in range(size)]).astype(np.int64)
        if first:
            perms[0] = np.arange(n)
            first = False
        todo -= size
        yield perms


MMD_ESTIMATORS: Registry[MMDEstimator] = Registry("MMD estimator")


@MMD_ESTIMATORS.register
class QuadraticMMD(MMDEstimator):
    """Unbiased quadratic-time MMD^2; the kernel matrix is computed once and reused by every permutation."""

    name = "quadratic"

    def statistics(self, pooled: NDArray[np.float64], n_x: int, bandwidth: float, rng: np.random.Generator,
                   n_permutations: int) -> tuple[float, NDArray[np.float64]]:
        """See :meth:`MMDEstimator.statistics`."""
        n = len(pooled)
        n_y = n - n_x
        kernel = np.exp(-cdist(pooled, pooled, "sqeuclidean") / (2 * bandwidth ** 2))  # (n, n)
        np.fill_diagonal(kernel, 0.0)  # unbiased: no k(x_i, x_i) terms
        out = []
        for batch in _permutation_batches(n, n_permutations, rng, 64):
            a = np.zeros((n, len(batch)))  # (n, batch): 1 where the row is labelled "window"
            a[batch[:, :n_x].T, np.arange(len(batch))] = 1.0
            b = 1.0 - a
            ka = kernel @ a
            kb = kernel @ b
            xx = np.einsum("ij,ij->j", a, ka) / (n_x * (n_x - 1))
            yy = np.einsum("ij,ij->j", b, kb) / (n_y * (n_y - 1))
            xy = np.einsum("ij,ij->j", b, ka) / (n_x * n_y)
            out.append(xx + yy - 2 * xy)
        stats = np.concatenate(out)
        return float(stats[0]), stats[1:]


@MMD_ESTIMATORS.register
class LinearMMD(MMDEstimator):
    """Linear-time MMD^2: mean of h over disjoint (x, x', y, y') quadruples; O(n) per permutation."""

    name = "linear"

    def statistics(self, pooled: NDArray[np.float64], n_x: int, bandwidth: float, rng: np.random.Generator,
                   n_permutations: int) -> tuple[float, NDArray[np.float64]]:
        """See :meth:`MMDEstimator.statistics`."""
        half = min(n_x, len(pooled) - n_x) // 2
        out = []

        def k(p: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
            return np.exp(-np.sum((p - q) ** 2, axis=1) / (2 * bandwidth ** 2))

        for perms in _permutation_batches(len(pooled), n_permutations, rng, 16):
            for perm in perms:
                x, y = pooled[perm[:n_x]], pooled[perm[n_x:]]
                x1, x2, y1, y2 = x[:half], x[half:2 * half], y[:half], y[half:2 * half]
                out.append(float(np.mean(k(x1, x2) + k(y1, y2) - k(x1, y2) - k(x2, y1))))
        return out[0], np.array(out[1:])


def median_bandwidth(pooled: NDArray[np.float64], rng: np.random.Generator, max_rows: int = 1000) -> float:
    """Median pairwise Euclidean distance of (a random subset of) the pooled rows; 1.0 if all rows coincide."""
    rows = pooled if len(pooled) <= max_rows else pooled[rng.choice(len(pooled), max_rows, replace=False)]
    median = float(np.median(pdist(rows)))
    return median if median > 0 else 1.0


class MMDTest:
    """Permutation MMD test of a window against a reference (see the module docstring)."""

    def __init__(self, *, estimator: str = "quadratic", n_permutations: int = 500,
                 bandwidth: float | None = None) -> None:
        if n_permutations < 1:
            raise ValueError(f"n_permutations: must be at least 1, got {n_permutations}")
        if bandwidth is not None and bandwidth <= 0:
            raise ValueError(f"bandwidth: must be positive, got {bandwidth}")
        self.estimator = estimator
        self.n_permutations = n_permutations
        self.bandwidth = bandwidth
        self._estimator = MMD_ESTIMATORS.create(estimator)

    def test(self, window: ArrayLike, reference: ArrayLike, rng: np.random.Generator) -> MMDResult:
        """Is ``window`` (rows = samples) distributed like ``reference``? Small p-value: it shifted."""
        x = _rows(window, "window")
        y = _rows(reference, "reference")
        if x.shape[1] != y.shape[1]:
            raise ValueError(f"window: {x.shape[1]} features per row, reference has {y.shape[1]}")
        pooled = np.concatenate([x, y])
        bandwidth = self.bandwidth if self.bandwidth is not None else median_bandwidth(pooled, rng)
        observed, null = self._estimator.statistics(pooled, len(x), bandwidth, rng, self.n_permutations)
        p_value = (1 + int(np.sum(null >= observed))) / (1 + self.n_permutations)
        return MMDResult(statistic=observed, p_value=p_value, bandwidth=bandwidth, estimator=self.estimator,
                         n_window=len(x), n_reference=len(y), n_permutations=self.n_permutations)


def _rows(data: ArrayLike, field: str) -> NDArray[np.float64]:
    arr = np.asarray(data, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, np.newaxis]  # one feature per row
    if arr.ndim != 2:
        raise ValueError(f"{field}: expected a 2-D array (rows = samples), got shape {arr.shape}")
    if len(arr) < 4:
        raise ValueError(f"{field}: need at least 4 rows for an unbiased estimate, got {len(arr)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{field}: row {int(np.flatnonzero(~np.isfinite(arr).all(axis=1))[0])} is not finite")
    return arr
