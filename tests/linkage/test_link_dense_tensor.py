from __future__ import annotations

import itertools

import numpy as np
import pytest

from antidistill.linkage.dense_tensor import DENSITY_MEASURES, DenseTensorBlocks
from antidistill.linkage.inject import recovery


def _brute_force_best(dense: np.ndarray, measure: str) -> float:
    """Best density over every choice of a nonempty value subset in each mode of a tiny tensor."""
    density = DENSITY_MEASURES.create(measure)
    subsets = [[np.array(s) for r in range(1, k + 1) for s in itertools.combinations(range(k), r)]
               for k in dense.shape]
    best = 0.0
    for choice in itertools.product(*subsets):
        mass = float(dense[np.ix_(*choice)].sum())
        best = max(best, density(mass, np.array([len(c) for c in choice])))
    return best


def _coords(dense: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    nz = np.nonzero(dense)
    return list(nz), dense[nz]


@pytest.mark.parametrize("measure", ["ari", "geo"])
def test_greedy_against_brute_force_on_tiny_tensors(measure: str) -> None:
    rng = np.random.default_rng(21)
    hits = 0
    for _ in range(40):
        shape = tuple(int(x) for x in rng.integers(2, 5, size=3))
        dense = rng.poisson(1.0, size=shape) * (rng.random(shape) < 0.5)
        if dense.sum() == 0:
            continue
        coords, mass = _coords(dense)
        [block] = DenseTensorBlocks(measure=measure, min_members=1).detect(coords, mass)
        # The reported density is the objective of the reported block ...
        chosen = [np.array(v, dtype=np.int64) for v in block.values]  # labels are the original positions
        recomputed = DENSITY_MEASURES.create(measure)(float(dense[np.ix_(*chosen)].sum()),
                                                      np.array([len(c) for c in chosen]))
        assert block.density == pytest.approx(recomputed)
        best = _brute_force_best(dense, measure)
        assert block.density <= best + 1e-9
        if measure == "ari":
            assert block.density >= best / 3 - 1e-9  # M-Zoom's 1/N guarantee, N = 3 modes
        hits += np.isclose(block.density, best)
    assert hits >= 20  # on tensors this small the greedy usually finds the optimum itself


def _campaign_tensor(rng: np.random.Generator, camouflage: bool,
                     skewed: bool = True) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """1,000 accounts x 300 templates x 168 hours of background, plus 20 accounts hammering 5 templates for 10 hours.

    ``skewed``: template popularity is Zipf-like (a few templates used by everyone), else uniform.
    """
    n = 30000
    tpl = rng.zipf(1.6, n) % 300 if skewed else rng.integers(0, 300, n)
    acc, hour = rng.integers(0, 1000, n), rng.integers(0, 168, n)
    bad = rng.choice(1000, 20, replace=False)
    a, t, h = np.meshgrid(bad, rng.choice(300, 5, replace=False), rng.choice(168, 10, replace=False), indexing="ij")
    keep = rng.random(a.shape) < 0.6
    parts = [(acc, tpl, hour), (a[keep], t[keep], h[keep])]
    if camouflage:
        # The campaign's accounts also send ordinary-looking traffic: popular templates at random hours.
        m = 20 * 50
        parts.append((np.repeat(bad, 50), rng.zipf(1.6, m) % 300, rng.integers(0, 168, m)))
    coords = [np.concatenate([p[k] for p in parts]) for k in range(3)]
    # Ordinary cells carry 1-3 requests; the campaign's cells 5-14 (it hammers its templates).
    mass = rng.integers(1, 4, size=len(coords[0])).astype(float)
    in_campaign = np.zeros(len(mass), dtype=bool)
    in_campaign[n:n + int(keep.sum())] = True
    mass[in_campaign] = rng.integers(5, 15, size=int(keep.sum()))
    return coords, mass, np.sort(bad)


@pytest.mark.parametrize(("measure", "skewed"), [("ari", True), ("ari", False), ("geo", False)])
@pytest.mark.parametrize("camouflage", [False, True])
def test_injected_campaign_is_recovered(measure: str, skewed: bool, camouflage: bool) -> None:
    rng = np.random.default_rng(8)
    coords, mass, bad = _campaign_tensor(rng, camouflage, skewed)
    accounts = np.array([f"acct-{i:04d}" for i in range(1000)])[coords[0]]
    [block] = DenseTensorBlocks(measure=measure).detect([accounts, coords[1], coords[2]], mass,
                                                      modes=["account", "template", "hour"])
    found = np.array([int(m.split("-")[1]) for m in block.members])
    rec = recovery(found, bad)
    assert rec.f1 == 1.0, rec
    assert (len(block.indices[1]), len(block.indices[2])) == (5, 10)
    assert {e.mode for e in block.evidence} == {"template", "hour"}
    assert block.evidence[0].mass >= block.evidence[-1].mass


def test_geo_prefers_everyone_on_a_popular_template_when_templates_are_skewed() -> None:
    """Known weakness, kept visible: with Zipf template popularity the geo greedy ends on all accounts x the
    top templates, a block that ari does not choose. ari is the default for that reason."""
    rng = np.random.default_rng(8)
    coords, mass, bad = _campaign_tensor(rng, camouflage=False, skewed=True)
    [geo] = DenseTensorBlocks(measure="geo").detect(coords, mass)
    assert len(geo.members) > 900 and len(geo.indices[1]) <= 3
    [ari] = DenseTensorBlocks(measure="ari").detect(coords, mass)
    assert recovery(np.array(ari.members), bad).f1 == 1.0


def test_k_blocks_remove_found_entries() -> None:
    rng = np.random.default_rng(2)
    coords, mass, bad = _campaign_tensor(rng, camouflage=False)
    blocks = DenseTensorBlocks(n_blocks=2).detect(coords, mass)
    assert len(blocks) == 2
    assert recovery(np.array(blocks[0].members), bad).f1 == 1.0
    assert blocks[1].density < blocks[0].density
    assert blocks[0].mass + blocks[1].mass <= mass.sum()


def test_bad_inputs_name_the_argument() -> None:
    finder = DenseTensorBlocks()
    with pytest.raises(ValueError, match=r"coords\[1\] \(template\): length 2 differs"):
        finder.detect([np.arange(3), np.arange(2)], modes=["account", "template"])
    with pytest.raises(ValueError, match="mass: every entry"):
        finder.detect([np.arange(3), np.arange(3)], np.array([1.0, -1.0, 1.0]))
    with pytest.raises(KeyError, match="unknown density measure 'median'"):
        DenseTensorBlocks(measure="median")
