"""A reseller hydra of many short-lived accounts, end to end: no account of it is heavy, none shares a card or a
network with many others, and its extraction templates are sent by more accounts than linkage ties pairs over.
The scan names it as a cohort of accounts harvesting with one kit, and no honest account with it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.evaluate import evaluate

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def micro(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from antidistill.lab.simulator import load_scenario, simulate

    data, out = tmp_path_factory.mktemp("micro"), tmp_path_factory.mktemp("micro-scan")
    simulate(load_scenario(str(HERE / "micro_hydra.yaml")), 5, data)
    result = CliRunner().invoke(app, ["scan", str(data), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return data, out


def test_a_hydra_of_short_lived_accounts_is_found_as_a_template_cohort(micro: tuple[Path, Path]) -> None:
    data, out = micro
    labels = {r["account_id"]: r["archetype"] for r in pq.read_table(data / "labels.parquet").to_pylist()}
    hydra = [a for a, kind in labels.items() if kind == "reseller_hydra"]
    assert len(hydra) > 150 and sum(1 for k in labels.values() if k.startswith("benign")) > 200
    campaigns = json.loads((out / "campaigns.json").read_text())
    cohorts = [c for c in campaigns if c["confirmed"] and "harvest_templates" in c["linked_by"]]
    assert len(cohorts) == 1
    (cohort,) = cohorts
    assert Counter(labels[m] for m in cohort["members"]) == Counter({"reseller_hydra": len(cohort["members"])})
    assert len(cohort["members"]) >= 100 and cohort["confirmed_by"] == ["specific_evidence"]
    assert {i["attribute"] for i in cohort["indicators"]} <= {"wrapper", "closing"}
    summary = json.loads((out / "summary.json").read_text())["campaigns"]
    assert summary["template_cohorts"] == 1 and summary["accounts_in_cohorts"] == len(cohort["members"])
    ev = evaluate(data / "labels.parquet", out)
    assert ev.benign_fpr.hits == 0
    assert ev.account_recall.rate >= 0.6
