from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")

from antidistill.lab.distill.metrics import wilson
from antidistill.lab.distill.report import equal_accuracy, markdown_summary

pytestmark = pytest.mark.ml


def _variant(label: str, family: str, honest: int, student: int, n_honest: int = 1000,
             n_eval: int = 300) -> dict[str, Any]:
    return {"label": label, "family": family, "honest_accuracy": wilson(honest, n_honest).to_dict(),
            "students": {"reasoning": {"accuracy": wilson(student, n_eval).to_dict()}},
            "gain_points": {"reasoning": 0.0},
            "harvest": {"harvested": 2000, "with_reasoning": 2000, "correct": 900}}


def _data(variants: list[dict[str, Any]]) -> dict[str, Any]:
    return {"teacher": {"accuracy": wilson(169, 300).to_dict()}, "seconds": 1.0,
            "baselines": {"reasoning": {"accuracy": wilson(21, 300).to_dict()}}, "variants": variants}


def test_equal_accuracy_reads_the_temperature_curve_at_each_antidistillation_point() -> None:
    data = _data([_variant("temperature=0.5", "temperature", 600, 60),
                  _variant("temperature=1", "temperature", 400, 30),
                  _variant("antidistill lam=0.1", "antidistill", 500, 15),   # halfway: reading 45 of 300 = 15%
                  _variant("antidistill lam=1", "antidistill", 50, 6)])      # outside the curve
    rows = equal_accuracy(data, n_boot=500)
    assert [r["label"] for r in rows] == ["antidistill lam=0.1", "antidistill lam=1"]
    inside, outside = rows
    assert inside["temperature_student"] == pytest.approx(0.15)
    assert inside["diff"] == pytest.approx(-10.0)
    assert inside["low"] < inside["diff"] < inside["high"] < 0  # 5% vs 15% of 300: clearly below
    assert inside["share_below"] > 0.99
    assert outside["diff"] is None and outside["temperature_student"] is None
    summary = markdown_summary(data)
    assert "equal honest teacher accuracy" in summary and "outside the temperature curve" in summary
    assert "900 right" in summary


def test_equal_accuracy_needs_a_temperature_curve() -> None:
    assert equal_accuracy(_data([_variant("antidistill lam=0.1", "antidistill", 500, 15)])) == []
