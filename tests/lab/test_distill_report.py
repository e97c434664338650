from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")

from antidistill.lab.distill.metrics import wilson
from antidistill.lab.distill.report import curve_shift, equal_accuracy, markdown_summary, seed_spread

pytestmark = pytest.mark.ml


def _variant(label: str, family: str, honest: int, student: int, n_honest: int = 1000,
             n_eval: int = 300) -> dict[str, Any]:
    return {"label": label, "family": family, "honest_accuracy": wilson(honest, n_honest).to_dict(),
            "students": {"reasoning": {"accuracy": wilson(student, n_eval).to_dict()}},
            "gain_points": {"reasoning": 0.0},
            "harvest": {"harvested": 2000, "with_reasoning": 2000, "correct": 900}}


def _replicated(label: str, family: str, honest: int, students: list[int]) -> dict[str, Any]:
    v = _variant(label, family, honest, students[0])
    v["replicates"] = [{"accuracy": wilson(k, 300).to_dict()} for k in students[1:]]
    v["replicate_seeds"] = [2 + 100 * k for k in range(1, len(students))]
    return v


def _data(variants: list[dict[str, Any]]) -> dict[str, Any]:
    return {"config": {"student_seed": 2}, "teacher": {"accuracy": wilson(169, 300).to_dict()}, "seconds": 1.0,
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


def test_replicate_students_set_the_point_and_their_spread_the_interval() -> None:
    # same means as the first test (60/30/15 of 300 -> 20%, 10%, 5%), students 12 points apart within a point
    data = _data([_replicated("temperature=0.5", "temperature", 600, [42, 78]),
                  _replicated("temperature=1", "temperature", 400, [12, 48]),
                  _replicated("antidistill lam=0.1", "antidistill", 500, [0, 30])])
    var, dof = seed_spread(data)
    assert dof == 3
    # two students per point, 0.06, 0.06 and 0.05 either side of their means: 2 * (0.06^2 + 0.06^2 + 0.05^2) / 3
    assert var == pytest.approx(2 * (0.06 ** 2 + 0.06 ** 2 + 0.05 ** 2) / 3)
    (row,) = equal_accuracy(data, n_boot=2000)
    assert row["students"] == 2 and row["interval"] == "training seed"
    assert row["student"] == pytest.approx(0.05) and row["temperature_student"] == pytest.approx(0.15)
    assert row["diff"] == pytest.approx(-10.0)
    # a seed spread of 8 points per student: the same -10 is no longer clearly below
    assert row["low"] < -20 and row["high"] > 0
    one = equal_accuracy(_data([_variant("temperature=0.5", "temperature", 600, 60),
                                _variant("temperature=1", "temperature", 400, 30),
                                _variant("antidistill lam=0.1", "antidistill", 500, 15)]), n_boot=2000)[0]
    assert one["interval"] == "evaluation only" and one["high"] < 0
    summary = markdown_summary(data)
    assert "| antidistill lam=0.1 | 50.0 | 0.0 (2), 10.0 (102) | 5.0 |" in summary
    assert "training seed (pooled seed sd 8.0 points, 3 df)" in summary
    assert "Pooled fit over all 6 curve students" in summary


def test_curve_shift_recovers_a_known_shift_at_equal_accuracy() -> None:
    # temperature students follow 0.5 * honest + seed noise; antidistillation students the same line 10 points lower
    noise = [-3, 3, -2, 2, -1, 1]
    temps = [_replicated(f"temperature={i}", "temperature", h, [round(3 * (0.5 * h / 10 + e)) for e in noise[i:i + 2]])
             for i, h in enumerate((900, 700, 500))]
    tilts = [_replicated(f"antidistill lam={i}", "antidistill", h, [round(3 * (0.5 * h / 10 - 10 + e))
                                                                     for e in noise[i:i + 2]])
             for i, h in enumerate((800, 600))]
    fit = curve_shift([_data(temps + tilts)])
    assert fit is not None and fit["rows"] == 10 and fit["unit"] == "student"
    assert fit["shift"] == pytest.approx(-10.0, abs=1.0)
    assert fit["low"] < fit["shift"] < fit["high"] < 0
    assert fit["p_two_sided"] < 0.01
    points = curve_shift([_data(temps + tilts)], point_means=True)  # one row per harvest (its students' mean)
    assert points is not None and points["rows"] == 5 and points["unit"] == "point"
    assert points["low"] < -10.0 < points["high"] < 0
    # no antidistillation point: nothing to estimate
    assert curve_shift([_data(temps)]) is None


def test_curve_shift_with_run_effects_compares_inside_each_run() -> None:
    # run A: temperature only, 20 points above run B's line; run B: both families, antidistillation 10 below.
    # Pooled without run effects, A's high temperature students drag the line up and exaggerate the shift.
    noise = [-2, 2, -1, 1, 0, 0]

    def line(h: int, offset: float, e: float) -> int:
        return round(3 * (0.4 * h / 10 + offset + e))

    run_a = [_replicated(f"temperature={i}", "temperature", h, [line(h, 20, e) for e in noise[i:i + 2]])
             for i, h in enumerate((900, 700, 500))]
    run_b = ([_replicated(f"temperature={i}", "temperature", h, [line(h, 0, e) for e in noise[i:i + 2]])
              for i, h in enumerate((900, 700, 500))]
             + [_replicated(f"antidistill lam={i}", "antidistill", h, [line(h, -10, e) for e in noise[i:i + 2]])
                for i, h in enumerate((800, 600))])
    pooled = curve_shift([_data(run_a), _data(run_b)])
    within = curve_shift([_data(run_a), _data(run_b)], run_effects=True)
    assert pooled is not None and within is not None
    assert within["runs"] == 2 and within["rows"] == 16 and within["run_effects"] is True
    assert within["shift"] == pytest.approx(-10.0, abs=1.0)
    assert within["low"] < within["shift"] < within["high"] < 0
    assert pooled["shift"] < within["shift"] - 5  # the offset between runs leaks into the pooled shift
