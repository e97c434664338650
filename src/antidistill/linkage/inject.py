"""Synthetic graphs with an injected dense block, for tests and benchmarks of the block detectors.

The three camouflage modes follow the Fraudar paper's experiments: the attacker's accounts
also touch honest objects so that they look like ordinary users.

- ``random``: each block row adds as many edges to uniformly chosen honest columns as it has
  inside the block.
- ``twice_random`` (biased random, hot-spot): randomness twice: each block row draws its own
  amount of camouflage uniformly from 0 to twice its block degree, and spends it on a small
  random hot spot of honest columns (5 x block columns) rather than on all of them.
- ``popular``: camouflage columns are drawn with probability proportional to their degree + 1,
  i.e. the attacker hides behind the objects everybody uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

CAMOUFLAGE_MODES = ("none", "random", "twice_random", "popular")


@dataclass(frozen=True)
class InjectedGraph:
    """A background graph plus an injected block; ``rows``/``cols`` are the block's true members."""

    matrix: sp.csr_matrix
    rows: NDArray[np.int64]
    cols: NDArray[np.int64]


def powerlaw_bipartite(n_rows: int, n_cols: int, n_edges: int, rng: np.random.Generator, *,
                       exponent: float = 2.5) -> sp.csr_matrix:
    """A 0/1 graph whose row and column degrees follow Zipf-like weights ``rank ** -1/(exponent-1)``."""
    alpha = 1.0 / (exponent - 1.0)
    pr = np.arange(1, n_rows + 1, dtype=np.float64) ** -alpha
    pc = np.arange(1, n_cols + 1, dtype=np.float64) ** -alpha
    rng.shuffle(pr)
    rng.shuffle(pc)
    rows = rng.choice(n_rows, size=n_edges, p=pr / pr.sum())
    cols = rng.choice(n_cols, size=n_edges, p=pc / pc.sum())
    m = sp.csr_matrix((np.ones(n_edges), (rows, cols)), shape=(n_rows, n_cols))
    m.data[:] = 1.0  # duplicates were summed; keep the 0/1 pattern
    return m


def inject_block(background: sp.spmatrix | sp.sparray, block_rows: int, block_cols: int,
                 rng: np.random.Generator, *, camouflage: str = "random", block_density: float = 1.0) -> InjectedGraph:
    """Overwrite a random ``block_rows x block_cols`` block with edges and add camouflage."""
    if camouflage not in CAMOUFLAGE_MODES:
        raise ValueError(f"camouflage: {camouflage!r} is not one of {', '.join(CAMOUFLAGE_MODES)}")
    m = sp.csr_matrix(background, dtype=np.float64)
    n_rows, n_cols = m.shape
    rows = np.sort(rng.choice(n_rows, size=block_rows, replace=False)).astype(np.int64)
    cols = np.sort(rng.choice(n_cols, size=block_cols, replace=False)).astype(np.int64)
    honest = np.setdiff1d(np.arange(n_cols), cols)
    rr, cc = np.meshgrid(rows, cols, indexing="ij")
    keep = rng.random(rr.shape) < block_density
    new_r, new_c = [rr[keep]], [cc[keep]]
    degree = np.asarray(m.getnnz(axis=0), dtype=np.float64)
    hot = rng.choice(honest, size=min(len(honest), 5 * block_cols), replace=False)
    for r in rows:
        if camouflage == "none":
            break
        if camouflage == "random":
            targets = rng.choice(honest, size=block_cols, replace=False)
        elif camouflage == "twice_random":
            amount = int(rng.integers(0, 2 * block_cols + 1))
            targets = rng.choice(hot, size=min(amount, len(hot)), replace=False)
        else:
            p = degree[honest] + 1.0
            targets = rng.choice(honest, size=block_cols, replace=False, p=p / p.sum())
        new_r.append(np.full(len(targets), r))
        new_c.append(targets)
    coo = m.tocoo()
    all_r = np.concatenate([coo.row, *new_r])
    all_c = np.concatenate([coo.col, *new_c])
    out = sp.csr_matrix((np.ones(len(all_r)), (all_r, all_c)), shape=m.shape)
    out.data[:] = 1.0
    return InjectedGraph(matrix=out, rows=rows, cols=cols)


@dataclass(frozen=True)
class Recovery:
    """Precision, recall and F1 of a found member set against the true one."""

    precision: float
    recall: float
    f1: float


def recovery(found: NDArray[np.int64], truth: NDArray[np.int64]) -> Recovery:
    """How well ``found`` indices recover ``truth`` (0 everywhere when nothing was found)."""
    hit = len(np.intersect1d(found, truth))
    precision = hit / len(found) if len(found) else 0.0
    recall = hit / len(truth) if len(truth) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Recovery(precision=precision, recall=recall, f1=f1)
