"""Round trips on real prompts: Exchange -> each log format -> reader -> the fields both carry are equal."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_samples import real_exchanges
from litellm_convert import LITELLM_CARRIED, write_litellm_jsonl
from openai_convert import OPENAI_CARRIED, write_openai_jsonl

from antidistill.ingest import IngestReport, read_paths
from antidistill.records import EXCHANGE_SCHEMA


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 240, seed=3)


def _read(path: Path, fmt: str = "auto", batch_size: int = 64) -> tuple[pa.Table, IngestReport]:
    report = IngestReport()
    batches = list(read_paths([path], format=fmt, batch_size=batch_size, report=report))
    return pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA), report


def _rows(t: pa.Table, cols: tuple[str, ...]) -> list[dict[str, object]]:
    rows = t.select(list(cols)).to_pylist()
    for r in rows:
        if r.get("latency_ms") is not None:
            r["latency_ms"] = round(float(r["latency_ms"]), 1)  # type: ignore[arg-type]
    return rows


def test_sample_is_realistic(table: pa.Table) -> None:
    assert table.num_rows == 240
    assert any(len(m) >= 3 for m in table.column("messages").to_pylist()), "multi-turn dialogues"
    assert any("<<" in (r or "") for r in table.column("reasoning_text").to_pylist()), "gsm8k rationales"
    assert "error" in table.column("status").to_pylist()


def test_litellm_roundtrip(table: pa.Table, tmp_path: Path) -> None:
    path = write_litellm_jsonl(table, tmp_path / "litellm.jsonl")
    back, report = _read(path)
    assert report.by_format()["litellm"].rows_ok == table.num_rows and report.rows_quarantined == 0
    assert set(back.column("source_format").to_pylist()) == {"litellm"}
    expected = table
    for name in ("prompt_tokens", "completion_tokens"):  # LiteLLM writes unknown counts as 0
        col = expected.column(name).fill_null(0)
        expected = expected.set_column(expected.schema.get_field_index(name), name, col)
    assert _rows(back, LITELLM_CARRIED) == _rows(expected, LITELLM_CARRIED)
    assert back.column("status").to_pylist() == table.column("status").to_pylist()
    errors = [i for i, s in enumerate(table.column("status").to_pylist()) if s == "error"]
    assert [back.column("http_status")[i].as_py() for i in errors] == \
        [table.column("http_status")[i].as_py() for i in errors]


@pytest.mark.parametrize("parts", [False, True])
def test_openai_roundtrip(table: pa.Table, tmp_path: Path, parts: bool) -> None:
    path = write_openai_jsonl(table, tmp_path / "openai.jsonl", parts=parts)
    back, report = _read(path)
    assert report.rows_ok == table.num_rows and report.rows_quarantined == 0
    expected = _rows(table, OPENAI_CARRIED)
    for row in expected:
        if row["status"] == "error":  # a failed call has no response body, hence no usage
            row.update(prompt_tokens=None, completion_tokens=None, reasoning_tokens=None)
    assert _rows(back, OPENAI_CARRIED) == expected


@pytest.mark.parametrize("suffix", ["parquet", "jsonl"])
def test_canonical_roundtrip_is_exact(table: pa.Table, tmp_path: Path, suffix: str) -> None:
    if suffix == "parquet":
        path = tmp_path / "exchanges" / "part-0.parquet"
        path.parent.mkdir()
        pq.write_table(table, path, row_group_size=50)
        back, _ = _read(path.parent)
    else:
        path = tmp_path / "exchanges.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in table.to_pylist():
                row = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        back, _ = _read(path)
    assert back.equals(table)


def test_field_coverage_reflects_format(table: pa.Table, tmp_path: Path) -> None:
    _, lite = _read(write_litellm_jsonl(table, tmp_path / "l.jsonl"))
    cov = lite.coverage()
    assert cov["messages"] == 1.0 and cov["client_ip"] == 1.0
    assert {"access_path", "account_tier", "payment_fingerprint", "asn", "account_created_at"} <= \
        set(lite.unavailable_fields())
    assert 0 < cov["reasoning_text"] < 1  # only the gsm8k part carries rationales
