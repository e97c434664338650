"""`antidistill eval` arithmetic on a hand-built scan output whose right answers are known."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from antidistill.errors import InputError
from antidistill.evaluate import evaluate


def _write(tmp: Path, labels: list[tuple[str, str | None, str]], verdicts: dict[str, str],
           campaigns: list[dict[str, object]]) -> tuple[Path, Path]:
    lp = tmp / "labels.parquet"
    pq.write_table(pa.table({"account_id": [a for a, _, _ in labels], "campaign_id": [c for _, c, _ in labels],
                             "archetype": [k for _, _, k in labels]}), lp)
    scan = tmp / "scan"
    scan.mkdir()
    with (scan / "accounts.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "risk", "verdict", "campaign_id", "reasons"])
        for a, v in verdicts.items():
            w.writerow([a, "0.5", v, "", ""])
    (scan / "campaigns.json").write_text(json.dumps(campaigns))
    return lp, scan


def test_rates_and_campaign_metrics(tmp_path: Path) -> None:
    labels = [("c1", "K1", "hydra"), ("c2", "K1", "hydra"), ("c3", "K1", "hydra"), ("c4", "K2", "evasive"),
              ("b1", None, "benign:ci"), ("b2", None, "benign:ci"), ("b3", None, "benign:individual")]
    verdicts = {"c1": "campaign", "c2": "campaign", "c3": "clear", "c4": "watch", "b1": "suspect", "b2": "clear",
                "b3": "clear"}
    campaigns = [{"campaign_id": "C1", "confirmed": True, "members": ["c1", "c2", "b1"]},
                 {"campaign_id": "C2", "confirmed": False, "members": ["c4", "b3"]}]
    lp, scan = _write(tmp_path, labels, verdicts, campaigns)
    ev = evaluate(lp, scan).to_json()
    assert ev["account_recall"] == pytest.approx(2 / 4)  # watch is not a flag
    assert ev["benign_fpr"] == pytest.approx(1 / 3)
    assert ev["per_archetype"] == {"evasive": 0.0, "hydra": pytest.approx(2 / 3)}
    assert ev["per_persona"] == {"ci": 0.5, "individual": 0.0}
    assert ev["campaign_recall"] == 0.5  # K1 found (2 of 3 in C1); K2 only in an unconfirmed group
    assert ev["campaign_purity"] == pytest.approx(2 / 3)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    lp, scan = _write(tmp_path, [("a", None, "benign:x")], {"a": "clear"}, [])
    (scan / "accounts.csv").write_text("account_id,risk\na,0.1\n")
    with pytest.raises(InputError, match="verdict"):
        evaluate(lp, scan)
