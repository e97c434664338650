from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("torch")
pytest.importorskip("starlette")

from antidistill.cli import app
from antidistill.lab.distill.defences import DEFENCES, DefenceSettings

pytestmark = pytest.mark.ml


def test_builtin_defences_and_their_variants() -> None:
    assert set(DEFENCES.names()) == {"none", "antidistill-sampling", "gateway-protect", "gateway-enforce",
                                     "watermark", "all"}
    settings = DefenceSettings(temperatures=(0.5, 1.0), lambdas=(2.0,), tau=0.8)
    none = DEFENCES.create("none").variants(settings)
    assert [v.modes for v in none] == [("answers", "reasoning")] and none[0].options == {}
    curve = DEFENCES.create("antidistill-sampling").variants(settings)
    assert [v.family for v in curve] == ["temperature", "temperature", "antidistill"]
    assert curve[0].options == {"temperature": 0.5}
    assert curve[2].options["antidistill"]["antidistill_sampling"] == {"lam": 2.0, "tau": 0.8, "eps": 0.01}
    with pytest.raises(KeyError, match="known: all, antidistill-sampling, gateway-enforce"):
        DEFENCES.get("watermarking")


def test_unknown_defence_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["lab", "run", "--defence", "bogus", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown defence 'bogus'" in result.output


@pytest.mark.slow
@pytest.mark.gateway
def test_quick_lab_run_writes_results_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "out"
    defences = ["none", "antidistill-sampling", "gateway-protect", "gateway-enforce", "watermark", "all"]
    result = CliRunner().invoke(app, ["lab", "run", "--quick", *[a for d in defences for a in ("--defence", d)],
                                      "--out", str(out), "--cache", str(tmp_path / "cache"), "--threads", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text())
    assert (out / "lab.png").stat().st_size > 10_000
    assert "| none |" in (out / "summary.md").read_text()
    assert data["config"]["quick"] is True and data["target"] == "direct"
    assert data["config"]["shadows"] == 2  # the lift test's reference: two shadow students averaged
    assert set(data["baselines"]) == {"answers", "reasoning"}
    labels = [v["label"] for v in data["variants"]]
    assert labels[0] == "none" and any(label.startswith("antidistill") for label in labels)
    none = data["variants"][0]
    assert none["harvest"]["sent"] == data["config"]["n_harvest"] == none["harvest"]["harvested"]
    assert none["harvest"]["with_reasoning"] > 0
    assert 0.0 <= none["students"]["reasoning"]["accuracy"]["low"] <= none["students"]["reasoning"]["accuracy"]["high"]
    assert data["missing"] == []
    by_label = {v["label"]: v for v in data["variants"]}
    # each curve point trains a second reasoning student with another seed on the same harvest; no other variant does
    curve = [v for v in data["variants"] if v["family"] in ("temperature", "antidistill")]
    assert curve and all(len(v["replicates"]) == 1 and v["replicate_seeds"] == [102] for v in curve)
    assert all(v["replicates"] == [] for v in data["variants"] if v not in curve)
    assert data["config"]["student_seed"] == 2 and data["config"]["defence_settings"]["curve_students"] == 2
    assert "Curve points: every reasoning student" in (out / "summary.md").read_text()
    # every gateway variant went through the real gateway: honest users measured before and after the campaign
    for label in ("gateway-protect", "gateway-enforce", "watermark", "all (protect+enforce+watermark)"):
        assert by_label[label]["gateway"] is not None and by_label[label]["honest_accuracy_before_campaign"]
    assert by_label["gateway default policy"]["students"] == {}
    # the offline scan ran partway (every 40 of 120 requests) and once at the end
    assert [r["after_requests"] for r in by_label["gateway-enforce"]["scans"]] == [40, 80, 120]
    # radioactivity: the marked variants' students, plus never-exposed controls (baseline, unmarked variants)
    tests = by_label["watermark"]["radioactivity"]
    assert [t["exposed"] for t in tests][:2] == [True, False] and tests[1]["student"] == "baseline (seed set only)"
    assert all(t["control_trials"] == 100 and t["pairs"] > 0 for t in tests)
    # and a student trained with only a small share of its harvest marked (DefenceSettings.radioactivity_shares)
    diluted = [t for t in tests if t["marked_share"] is not None]
    assert len(diluted) == 1 and diluted[0]["exposed"] and 0 < diluted[0]["marked_share"] <= 0.06
    assert 0.0 <= diluted[0]["accuracy"] <= 1.0
    # every test also ran the lift test against the provider's shadow students, with as many control trials
    assert all(t["lift_control_trials"] == 100 and t["lift_pairs"] > 0 and 0 <= t["lift_p_value"] <= 1 for t in tests)
    assert all(t["combined_p_value"] == min(1.0, 2 * min(t["p_value"], t["lift_p_value"])) for t in tests)
    assert "lift p" in (out / "summary.md").read_text()
    assert "| served texts of | student |" in (out / "summary.md").read_text()
