"""Campaign strength knobs on a hand-built minimal scenario: camouflage and shared infrastructure move
the behaviour they name (a later stress test doubles one and halves the other)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from antidistill.lab.simulator import parse_scenario, simulate


def _scenario(camouflage: float, shared: float) -> dict[str, Any]:
    return {
        "name": "knobs", "start": "2026-03-02T00:00:00Z", "days": 2,
        "models": [{"model": "m-old", "family": "m", "released_day": -10, "reasoning": True},
                   {"model": "m-new", "family": "m", "released_day": 1, "reasoning": True}],
        "benign": {"individual": {"accounts": 5}},
        "campaigns": [
            {"id": "slow", "archetype": "low_and_slow", "accounts": 12, "camouflage": camouflage,
             "shared_infrastructure": shared, "requests_per_day": 80},
            {"id": "sync", "archetype": "synchronized_cluster", "accounts": 24, "camouflage": camouflage,
             "shared_infrastructure": shared, "requests_per_wave": 5},
        ],
    }


def _measure(out: Path) -> tuple[float, int, int]:
    con = duckdb.connect()
    ex = f"read_parquet('{out}/exchanges/*.parquet') e"
    lab = f"read_parquet('{out}/labels.parquet') l"
    elicit = "regexp_matches(messages[-1].content, 'reasoning|thinking|thought|rationale|推理|思考|razonamiento')"
    row = con.execute(f"select avg((not {elicit})::int) from {ex} join {lab} using (account_id) "
                      "where campaign_id = 'slow'").fetchone()
    cards = con.execute(f"select count(distinct payment_fingerprint), count(distinct account_id) from {ex} "
                        f"join {lab} using (account_id) where campaign_id = 'sync'").fetchone()
    assert row is not None and cards is not None
    return float(row[0]), int(cards[0]), int(cards[1])


def test_camouflage_and_shared_infrastructure_knobs(tmp_path: Path, shared_data: Path) -> None:
    seed = 1
    simulate(parse_scenario(_scenario(1.0, 1.0)), seed, tmp_path / "base", data_dir=shared_data)
    simulate(parse_scenario(_scenario(3.0, 0.0)), seed, tmp_path / "stress", data_dir=shared_data)
    base_camo, base_cards, accounts = _measure(tmp_path / "base")
    weak, stress_cards, _ = _measure(tmp_path / "stress")
    assert 0.05 < base_camo < 0.3  # low_and_slow: base camouflage 0.15
    assert weak > base_camo + 0.2  # tripled camouflage: about 0.45
    assert base_cards <= 2  # all members on the campaign's couple of cards
    assert stress_cards == accounts  # no shared infrastructure: a card each
