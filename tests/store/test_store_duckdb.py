"""DuckDB store: exchanges stored once per id across repeated and overlapping scans, models, runs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from ingest_samples import real_exchanges
from litellm_convert import write_litellm_jsonl

from antidistill.ingest import ingest_paths
from antidistill.records import EXCHANGE_SCHEMA, MODEL_SCHEMA
from antidistill.store import DuckDBStore, ExchangeStore


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 300, seed=21)


@pytest.mark.parametrize("dedup", ["anti_join", "primary_key"])
def test_same_and_overlapping_files_are_counted_once(table: pa.Table, tmp_path: Path, dedup: str) -> None:
    a = tmp_path / "a.parquet"
    pq.write_table(table.slice(0, 200), a)
    overlap = write_litellm_jsonl(table.slice(150, 150), tmp_path / "overlap.jsonl")  # rows 150-299
    with DuckDBStore(tmp_path / "db.duckdb", dedup=dedup, chunk_rows=64) as store:  # type: ignore[arg-type]
        first = ingest_paths([a], store, progress=False)
        again = ingest_paths([a], store, progress=False)
        over = ingest_paths([overlap], store, progress=False)
        assert (first.rows_inserted, first.rows_duplicate) == (200, 0)
        assert (again.rows_inserted, again.rows_duplicate) == (0, 200)
        assert (over.rows_inserted, over.rows_duplicate) == (100, 50)
        assert store.count() == 300
        ids = store.connection.execute("SELECT count(DISTINCT exchange_id) FROM exchanges").fetchone()
        assert ids == (300,)
        runs = store.connection.execute("SELECT run_id, rows_inserted, rows_duplicate, format FROM ingest_runs "
                                        "ORDER BY run_id").fetchall()
        assert runs == [(1, 200, 0, "auto"), (2, 0, 200, "auto"), (3, 100, 50, "auto")]


def test_same_file_twice_in_one_run(table: pa.Table, tmp_path: Path) -> None:
    a = tmp_path / "a.parquet"
    pq.write_table(table.slice(0, 50), a)
    store = DuckDBStore(":memory:")
    report = ingest_paths([a, a], store, progress=False)
    assert (report.rows_ok, report.rows_inserted, report.rows_duplicate, store.count()) == (100, 50, 50, 50)


def test_stored_rows_equal_input_and_survive_reopen(table: pa.Table, tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    with DuckDBStore(path) as store:
        result = store.append(table.to_batches(max_chunksize=70))
        assert (result.rows_in, result.rows_inserted) == (300, 300)
    with DuckDBStore(path, read_only=True) as store:
        back = store.exchanges()
        assert back.schema.equals(EXCHANGE_SCHEMA)
        assert back.equals(table.sort_by([("ts_start", "ascending"), ("exchange_id", "ascending")]))
        types = dict(store.connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'exchanges'").fetchall())
        assert types["messages"] == "STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]"
        assert types["ts_start"] == "TIMESTAMP WITH TIME ZONE"
        # The feature stage works in SQL on the nested messages directly.
        turns = store.connection.execute("SELECT max(len(messages)) FROM exchanges").fetchone()
        assert turns is not None and turns[0] >= 3


def test_append_rejects_other_schemas(table: pa.Table) -> None:
    store = DuckDBStore(":memory:")
    with pytest.raises(ValueError, match="EXCHANGE_SCHEMA"):
        store.append(table.drop(["model"]).to_batches())


def test_models_upsert(tmp_path: Path) -> None:
    store = DuckDBStore(":memory:")
    t0 = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    models = pa.table({"model": ["deepseek-r1", "o3-mini"], "family": ["deepseek", "openai"],
                       "released_at": [t0, t0 + dt.timedelta(days=11)], "reasoning": [True, True]}, schema=MODEL_SCHEMA)
    assert store.upsert_models(models) == 2
    update = pa.table({"model": ["o3-mini"], "family": ["openai"], "released_at": [t0 + dt.timedelta(days=12)],
                       "reasoning": [False]}, schema=MODEL_SCHEMA)
    store.upsert_models(update)
    got = store.models().to_pylist()
    assert [m["model"] for m in got] == ["deepseek-r1", "o3-mini"]
    assert got[1]["released_at"] == t0 + dt.timedelta(days=12) and got[1]["reasoning"] is False


def test_store_is_an_exchange_store() -> None:
    assert issubclass(DuckDBStore, ExchangeStore)
    with pytest.raises(ValueError, match="dedup"):
        DuckDBStore(":memory:", dedup="bloom")  # type: ignore[arg-type]


def test_lab_directory_loads_models_beside_exchanges(table: pa.Table, tmp_path: Path) -> None:
    (tmp_path / "exchanges").mkdir()
    pq.write_table(table, tmp_path / "exchanges" / "part-00000.parquet")
    released = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    models = pa.table({"model": ["deepseek-r1", "gpt-4o-mini", "o3-mini"], "family": ["deepseek", "openai", "openai"],
                       "released_at": [released] * 3, "reasoning": [True, False, True]}, schema=MODEL_SCHEMA)
    pq.write_table(models, tmp_path / "models.parquet")
    store = DuckDBStore(":memory:")
    report = ingest_paths([tmp_path], store, progress=False)
    assert (report.rows_inserted, report.models_upserted, report.rows_quarantined) == (300, 3, 0)
    assert store.models().column("model").to_pylist() == ["deepseek-r1", "gpt-4o-mini", "o3-mini"]
    joined = store.connection.execute("SELECT count(*) FROM exchanges JOIN models USING (model)").fetchone()
    assert joined == (300,)


def test_memory_limit_is_applied(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "m.duckdb", memory_limit="512MiB")
    (limit,) = store.connection.execute("SELECT current_setting('memory_limit')").fetchall()[0]
    assert limit == "512.0 MiB", limit
    store.close()


def test_a_database_of_an_earlier_schema_takes_new_logs(table: pa.Table, tmp_path: Path) -> None:
    """A database written before a nullable column joined the schema gets the column, empty for its old rows, and
    new logs append beside them."""
    db = tmp_path / "old.duckdb"
    old = table.slice(0, 100).drop_columns(["top_logprobs"])
    import duckdb
    with duckdb.connect(str(db)) as con:
        con.register("t", old)
        con.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    store = DuckDBStore(db)
    new = table.slice(100, 100).set_column(
        EXCHANGE_SCHEMA.get_field_index("top_logprobs"), "top_logprobs", pa.array([5] * 100, pa.int16()))
    assert store.append(new.to_batches()).rows_inserted == 100
    got = store.connection.execute("SELECT count(*), count(top_logprobs), sum(top_logprobs) FROM exchanges").fetchall()
    assert got == [(200, 100, 500)]
