"""A models table named explicitly beside the logs is loaded, not refused (docs/log-formats.md).

Regression: ``ingest_paths(["logs/", "models.parquet"])`` raised "matches no known log format" for the
models file although ``ingest_paths`` upserts any models table among its paths. Found by the
out-of-simulator probe (``bench/foreign_traffic.py``), whose gateway logs carry no release times.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from antidistill.errors import InputError
from antidistill.ingest import ingest_paths
from antidistill.records import MODEL_SCHEMA
from antidistill.store import DuckDBStore


def _payload(i: int) -> dict[str, object]:
    return {"id": f"call-{i}", "call_type": "acompletion", "status": "success", "model": "m-new",
            "startTime": 1772409600.0 + i, "endTime": 1772409601.5 + i,
            "messages": [{"role": "user", "content": f"question {i}"}],
            "metadata": {"user_api_key_hash": "k1", "user_api_key_user_id": "u1"}}


def test_an_explicit_models_parquet_is_upserted_and_not_read_as_logs(tmp_path: Path) -> None:
    log = tmp_path / "spend.jsonl"
    log.write_text("".join(json.dumps(_payload(i)) + "\n" for i in range(3)))
    released = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    models = tmp_path / "models.parquet"
    pq.write_table(pa.table({"model": ["m-new"], "family": ["m"], "released_at": [released], "reasoning": [True]},
                            schema=MODEL_SCHEMA), models)
    store = DuckDBStore(tmp_path / "s.duckdb", threads=1)
    report = ingest_paths([log, models], store, quarantine_path=tmp_path / "q.jsonl")
    con = store.connection
    assert con.execute("SELECT count(*) FROM exchanges").fetchall() == [(3,)]
    assert report.models_upserted == 1
    assert con.execute("SELECT model, released_at FROM models").fetchall() == [("m-new", released)]
    assert [s.path for s in report.skipped] == [str(models)]


def test_an_explicit_parquet_of_no_known_kind_is_still_an_error(tmp_path: Path) -> None:
    other = tmp_path / "labels.parquet"
    pq.write_table(pa.table({"account_id": ["a"]}), other)
    store = DuckDBStore(tmp_path / "s.duckdb", threads=1)
    with pytest.raises(InputError, match=r"labels\.parquet"):
        ingest_paths([other], store)
