"""The output contract evaluation tools rely on: files, schemas, labels, determinism, the command."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.lab.simulator import load_scenario, simulate
from antidistill.records import EXCHANGE_SCHEMA, MODEL_SCHEMA


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    simulate(load_scenario("tiny"), 11, out, data_dir=shared_data)
    return out


def _files(out: Path) -> dict[str, bytes]:
    paths = [*sorted(out.glob("exchanges/*.parquet")), out / "labels.parquet", out / "models.parquet",
             out / "scenario.json"]
    return {str(p.relative_to(out)): p.read_bytes() for p in paths}


def test_exchange_schema_is_exactly_the_contract(tiny: Path) -> None:
    parts = sorted(tiny.glob("exchanges/part-*.parquet"))
    assert parts
    for part in parts:
        schema = pq.read_schema(part)
        assert schema.equals(EXCHANGE_SCHEMA, check_metadata=True)
    assert pq.read_schema(tiny / "models.parquet").equals(MODEL_SCHEMA, check_metadata=True)
    con = duckdb.connect()
    fmt = con.execute(f"select distinct source_format from read_parquet('{tiny}/exchanges/*.parquet')").fetchall()
    assert fmt == [("simulator",)]


def test_the_ingest_never_reads_the_labels(tiny: Path, tmp_path: Path) -> None:
    """The ground truth sits beside the logs: ingesting the whole folder skips it, so its
    creation times, plans and access paths never fill a call as an account directory would (before session 44 the
    real labels file, which carried no schema tag, was read as a directory of 130 accounts)."""
    from antidistill.ingest import ingest_paths
    from antidistill.store import DuckDBStore

    store = DuckDBStore(tmp_path / "x.duckdb")
    report = ingest_paths([tiny], store)
    assert report.directories == [] and report.calls_filled == 0
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons["labels.parquet"] == "Parquet of antidistill schema 'labels', not exchanges"
    assert store.count() == pq.read_table(tiny / "labels.parquet").column("exchanges").to_numpy().sum()


def test_a_resent_answer_is_the_answer_that_was_sent(tiny: Path) -> None:
    """A conversation's earlier assistant turns are the responses the account was sent, opener and all: an honest
    client sends back what it got (the scan's ``forged_history_share`` reads any other turn as put in the model's
    mouth)."""
    con = duckdb.connect()
    ex = f"read_parquet('{tiny}/exchanges/*.parquet')"
    turns = con.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE m.content NOT IN (SELECT response_text FROM {ex} r
                                                                WHERE r.account_id = h.account_id
                                                                  AND r.response_text IS NOT NULL))
        FROM (SELECT account_id, unnest(list_slice(messages, 1, len(messages) - 1)) AS m FROM {ex}) h
        WHERE m.role = 'assistant'""").fetchone()
    assert turns is not None and turns[0] > 100, turns
    # only the answers of requests that failed (no response was logged) are missing
    failed = con.execute(f"SELECT avg(CASE WHEN status <> 'ok' THEN 1.0 ELSE 0 END) FROM {ex}").fetchone()
    assert failed is not None and turns[1] <= max(5, 3 * failed[0] * turns[0]), turns


def test_labels_cover_exactly_the_accounts_in_exchanges(tiny: Path) -> None:
    labels = pq.read_table(tiny / "labels.parquet")
    assert {"account_id", "campaign_id", "archetype", "replaced_account_id", "banned_at"} <= set(labels.column_names)
    con = duckdb.connect()
    ex = f"read_parquet('{tiny}/exchanges/*.parquet')"
    lab = f"read_parquet('{tiny}/labels.parquet')"
    only_ex = con.execute(f"select count(*) from (select distinct account_id from {ex}) e "
                          f"anti join {lab} using (account_id)").fetchone()
    only_lab = con.execute(f"select count(*) from {lab} l anti join (select distinct account_id from {ex}) e "
                           "using (account_id)").fetchone()
    assert only_ex == (0,) and only_lab == (0,)
    bad = con.execute(f"select count(*) from {lab} where (campaign_id is null) != (archetype like 'benign:%')")
    assert bad.fetchone() == (0,)
    counted = con.execute(f"select sum(exchanges) from {lab}").fetchone()
    total = con.execute(f"select count(*) from {ex}").fetchone()
    assert counted == total
    ids = con.execute(f"select count(*), count(distinct exchange_id) from {ex}").fetchone()
    assert ids is not None and ids[0] == ids[1]


def test_models_include_a_mid_scenario_release_and_scenario_json_is_complete(tiny: Path) -> None:
    models = pq.read_table(tiny / "models.parquet").to_pylist()
    resolved = json.loads((tiny / "scenario.json").read_text())
    start = load_scenario("tiny").start
    assert any(m["released_at"] > start for m in models)
    assert resolved["seed"] == 11
    sync = resolved["scenario"]["campaigns"][0]
    assert {"camouflage", "shared_infrastructure", "params"} <= set(sync)
    assert sync["params"]["requests_per_wave"] == 10.0  # overridden in tiny.yaml
    assert "waves_per_day" in sync["params"]  # defaults are resolved too


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tiny: Path, tmp_path: Path,
                                                                  shared_data: Path) -> None:
    simulate(load_scenario("tiny"), 11, tmp_path / "again", data_dir=shared_data)
    assert _files(tiny) == _files(tmp_path / "again")
    simulate(load_scenario("tiny"), 12, tmp_path / "other", data_dir=shared_data)
    other = _files(tmp_path / "other")
    assert other["labels.parquet"] != _files(tiny)["labels.parquet"]
    assert other["exchanges/part-00000.parquet"] != _files(tiny)["exchanges/part-00000.parquet"]


def test_command_writes_and_summarises(tmp_path: Path, shared_data: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", "--scenario", "tiny", "--seed", "3", "--out", str(tmp_path),
                                      "--data-dir", str(shared_data), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "exchanges from" in result.output and "benign:individual" in result.output
    assert "low_and_slow" in result.output
    assert (tmp_path / "labels.parquet").is_file()
