from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from antidistill.linkage.mmd import MMDTest, median_bandwidth


def _azure(shared_data: Path, name: str) -> np.ndarray:
    """Real Azure LLM requests as (log prompt tokens, log output tokens) rows."""
    lines = (shared_data / "azure-llm-2023" / f"AzureLLMInferenceTrace_{name}.csv").read_text().split("\n")[1:]
    rows = np.array([[float(v) for v in x.split(",")[1:]] for x in lines if x])
    return np.log1p(rows)


@pytest.fixture(scope="module")
def conv(shared_data: Path) -> np.ndarray:
    return _azure(shared_data, "conv")


@pytest.fixture(scope="module")
def code(shared_data: Path) -> np.ndarray:
    return _azure(shared_data, "code")


def test_same_distribution_windows_give_uniform_p_values(conv: np.ndarray) -> None:
    """Disjoint random windows of real conversation traffic: the null holds, so p is uniform."""
    rng = np.random.default_rng(17)
    tester = MMDTest(n_permutations=99)
    p_values = []
    for _ in range(60):
        idx = rng.choice(len(conv), 300, replace=False)
        p_values.append(tester.test(conv[idx[:150]], conv[idx[150:]], rng).p_value)
    assert stats.kstest(p_values, "uniform").pvalue > 0.01
    assert np.mean(np.array(p_values) <= 0.05) <= 0.15


@pytest.mark.parametrize("estimator", ["quadratic", "linear"])
def test_shifted_window_gives_a_small_p_value(conv: np.ndarray, code: np.ndarray, estimator: str) -> None:
    """A window of code-assistant traffic against a conversation reference (a different population)."""
    rng = np.random.default_rng(2)
    n = 200 if estimator == "quadratic" else 2000
    window = code[rng.choice(len(code), n, replace=False)]
    reference = conv[rng.choice(len(conv), n, replace=False)]
    result = MMDTest(estimator=estimator, n_permutations=199).test(window, reference, rng)
    assert result.p_value == pytest.approx(1 / 200)
    assert result.statistic > 0
    assert (result.n_window, result.n_reference, result.estimator) == (n, n, estimator)


def test_linear_estimator_null_is_not_anticonservative(conv: np.ndarray) -> None:
    rng = np.random.default_rng(5)
    tester = MMDTest(estimator="linear", n_permutations=99)
    p_values = [tester.test(*np.split(conv[rng.choice(len(conv), 2000, replace=False)], 2), rng).p_value
                for _ in range(30)]
    assert np.mean(np.array(p_values) <= 0.1) <= 0.3
    assert stats.kstest(p_values, "uniform").pvalue > 0.01


def test_results_are_reproducible_from_the_seed(conv: np.ndarray) -> None:
    a = MMDTest(n_permutations=50).test(conv[:100], conv[100:200], np.random.default_rng(1))
    b = MMDTest(n_permutations=50).test(conv[:100], conv[100:200], np.random.default_rng(1))
    assert a == b


def test_median_heuristic_and_bad_inputs() -> None:
    rng = np.random.default_rng(0)
    pooled = np.array([[0.0], [1.0], [3.0]])
    assert median_bandwidth(pooled, rng) == 2.0  # distances 1, 3, 2
    assert median_bandwidth(np.zeros((5, 2)), rng) == 1.0
    with pytest.raises(ValueError, match="window: 3 features per row, reference has 2"):
        MMDTest().test(np.zeros((5, 3)), np.zeros((5, 2)), rng)
    with pytest.raises(ValueError, match="reference: row 1 is not finite"):
        MMDTest().test(np.zeros((5, 2)), np.array([[0, 0], [np.inf, 0], [0, 0], [1, 1]]), rng)
    with pytest.raises(KeyError, match="unknown MMD estimator 'cubic'"):
        MMDTest(estimator="cubic")
