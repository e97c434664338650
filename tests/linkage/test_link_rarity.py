from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from antidistill.linkage.rarity import RARITY_WEIGHTS, RarityWeight, rarity_weights


def test_weights_decrease_with_holders_and_vanish_outside_two_to_cap() -> None:
    n = np.array([1, 2, 10, 100, 1000])
    for scheme in RARITY_WEIGHTS.names():
        w = rarity_weights(scheme, n, 20_000, cap=100)
        assert w[0] == 0.0 and w[-1] == 0.0  # one holder ties nothing; over the cap says nothing
        assert w[1] > w[2] > w[3] > 0, scheme
    np.testing.assert_allclose(rarity_weights("inverse_log", n[1:3], 10, cap=None), 1 / np.log1p([2, 10]))
    np.testing.assert_allclose(rarity_weights("idf", n[1:3], 20_000, cap=None), np.log(20_000 / np.array([2, 10])))


def test_a_custom_scheme_registers_like_the_built_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    class Flat(RarityWeight):
        name = "flat-test"

        def weights(self, n: np.ndarray, population: int) -> np.ndarray:
            return np.ones(len(n))

    # Registered for this test only: monkeypatch takes it out again so other tests see the built-ins.
    monkeypatch.setattr(RARITY_WEIGHTS, "_items", dict(RARITY_WEIGHTS._items))
    RARITY_WEIGHTS.register(Flat)
    assert rarity_weights("flat-test", np.array([1, 3, 9]), 10, cap=5).tolist() == [0.0, 1.0, 0.0]
    with pytest.raises(KeyError, match="known: flat-test, idf, inverse_log"):
        RARITY_WEIGHTS.get("nope")


def test_linkage_imports_neither_torch_nor_the_web_stack() -> None:
    code = ("import sys, antidistill.linkage; "
            "bad = [m for m in ('torch', 'fastapi', 'starlette', 'uvicorn', 'pandas') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
