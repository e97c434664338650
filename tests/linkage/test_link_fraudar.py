from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from antidistill.linkage.fraudar import Fraudar, column_weights, greedy_peel, subset_mass
from antidistill.linkage.inject import inject_block, powerlaw_bipartite, recovery


def _brute_force_best(weighted: np.ndarray, row_prior: np.ndarray, col_prior: np.ndarray) -> float:
    """max over all nonempty node subsets of f(S)/|S|, by enumerating row and column bitmasks."""
    n_rows, n_cols = weighted.shape
    rsel = ((np.arange(2 ** n_rows)[:, None] >> np.arange(n_rows)) & 1).astype(float)  # (2^R, R)
    csel = ((np.arange(2 ** n_cols)[:, None] >> np.arange(n_cols)) & 1).astype(float)  # (2^C, C)
    mass = rsel @ weighted @ csel.T + (rsel @ row_prior)[:, None] + (csel @ col_prior)[None, :]
    size = rsel.sum(axis=1)[:, None] + csel.sum(axis=1)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(size > 0, mass / size, -np.inf)
    return float(density.max())


def test_greedy_is_a_two_approximation_of_the_brute_force_optimum() -> None:
    rng = np.random.default_rng(11)
    ratios = []
    for trial in range(150):
        n_rows, n_cols = rng.integers(2, 7, size=2)
        dense = (rng.random((n_rows, n_cols)) < rng.uniform(0.2, 0.8)).astype(float)
        weights = dense * rng.uniform(0.1, 2.0, size=(n_rows, n_cols))
        with_priors = trial % 2 == 1
        row_prior = rng.uniform(0, 0.5, n_rows) if with_priors else np.zeros(n_rows)
        col_prior = rng.uniform(0, 0.5, n_cols) if with_priors else np.zeros(n_cols)
        peel = greedy_peel(sp.csr_matrix(weights), row_prior, col_prior)
        best = _brute_force_best(weights, row_prior, col_prior)
        # The reported density is the true objective of the returned subset ...
        exact = subset_mass(sp.csr_matrix(weights), peel.rows, peel.cols, row_prior, col_prior)
        assert peel.density == pytest.approx(exact / (len(peel.rows) + len(peel.cols)))
        # ... it never beats the optimum, and is at least half of it (Fraudar Theorem 1).
        assert peel.density <= best + 1e-9
        assert peel.density >= best / 2 - 1e-9
        ratios.append(peel.density / best if best > 0 else 1.0)
    # The bound is loose in practice: the greedy usually finds the optimum on graphs this small.
    assert np.mean(np.isclose(ratios, 1.0)) > 0.6


def test_heap_and_blocked_queues_peel_in_the_same_order() -> None:
    """Both priority structures make the same choices, ties included (0/1 weights tie a lot)."""
    rng = np.random.default_rng(31)
    for trial in range(30):
        m = powerlaw_bipartite(300, 200, 1500, rng) if trial % 2 else sp.random(
            200, 100, density=0.05, random_state=trial, format="csr")
        heap, blocked = greedy_peel(sp.csr_matrix(m), queue="heap"), greedy_peel(sp.csr_matrix(m), queue="blocked")
        np.testing.assert_array_equal(heap.rows, blocked.rows)
        np.testing.assert_array_equal(heap.cols, blocked.cols)
        assert heap.density == blocked.density
    with pytest.raises(ValueError, match="queue: 'fibonacci' is not one of heap, blocked"):
        Fraudar(queue="fibonacci")


def test_column_weights_follow_the_paper() -> None:
    m = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [1, 0, 0]], dtype=float))
    np.testing.assert_allclose(column_weights(m, 5.0), 1 / np.log(np.array([3, 1, 0]) + 5.0))
    with pytest.raises(ValueError, match="c: must be > 1"):
        column_weights(m, 1.0)


@pytest.mark.parametrize("camouflage", ["none", "random", "twice_random", "popular"])
def test_injected_block_is_recovered_exactly_under_camouflage(camouflage: str) -> None:
    for seed in range(3):
        rng = np.random.default_rng(100 + seed)
        background = powerlaw_bipartite(3000, 1500, 12000, rng)
        graph = inject_block(background, 20, 20, rng, camouflage=camouflage)
        [block] = Fraudar().detect(graph.matrix)
        rows, cols = recovery(block.rows, graph.rows), recovery(block.cols, graph.cols)
        assert rows.f1 == 1.0, (seed, rows)
        # Evidence is ranked: the block's own columns tie all 20 accounts and come first.
        assert [e.rows_in_block for e in block.evidence[:20]] == [20] * 20
        if camouflage == "twice_random":
            # A hot-spot column that half the block's rows hit as camouflage really is part of the
            # densest subset, so it may join; every true column is still found.
            assert cols.recall == 1.0 and cols.precision >= 0.9, (seed, cols)
        else:
            assert cols.f1 == 1.0, (seed, cols)
            assert block.n_edges == 400


def test_second_block_is_found_after_removing_the_first() -> None:
    rng = np.random.default_rng(3)
    background = powerlaw_bipartite(2000, 1000, 6000, rng)
    first = inject_block(background, 25, 25, rng, camouflage="random")
    second = inject_block(first.matrix, 15, 15, rng, camouflage="random")
    blocks = Fraudar(n_blocks=2).detect(second.matrix, row_ids=[f"acct-{i}" for i in range(2000)])
    assert len(blocks) == 2
    assert recovery(blocks[0].rows, first.rows).f1 == 1.0
    assert recovery(blocks[1].rows, second.rows).f1 == 1.0
    assert blocks[1].row_ids[0] == f"acct-{second.rows[0]}"
    assert blocks[0].density >= blocks[1].density


def test_real_prefix_graph_block_is_requests_sharing_a_prefix(shared_data: Path) -> None:
    """Mooncake's real prefix hashes: the densest block is a set of requests sharing one prompt prefix chain."""
    lines = (shared_data / "mooncake" / "conversation_trace.jsonl").read_text().split("\n")
    rows, cols = [], []
    for i, line in enumerate(x for x in lines[:4000] if x):
        hashes = json.loads(line)["hash_ids"]
        rows += [i] * len(hashes)
        cols += hashes
    ids, col_codes = np.unique(np.array(cols), return_inverse=True)
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, col_codes)), shape=(max(rows) + 1, len(ids)))
    [block] = Fraudar().detect(matrix, col_ids=ids.tolist())
    sub = sp.csr_matrix(matrix)[block.rows][:, block.cols].toarray()
    assert len(block.rows) >= 5 and len(block.cols) >= 5
    assert sub.mean() > 0.8  # a real dense block, not a sprinkle of popular columns
    assert all(isinstance(c, int) for c in block.col_ids)


def test_bad_inputs_name_the_argument() -> None:
    m = sp.csr_matrix(np.ones((3, 2)))
    with pytest.raises(ValueError, match="row_ids: 2 labels for 3"):
        Fraudar().detect(m, row_ids=["a", "b"])
    with pytest.raises(ValueError, match="col_prior: shape"):
        Fraudar().detect(m, col_prior=np.ones(3))
    with pytest.raises(ValueError, match="n_blocks"):
        Fraudar(n_blocks=0)
