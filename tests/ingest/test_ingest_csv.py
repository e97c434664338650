"""CSV and TSV exports (database tables, spreadsheets), on real prompts: the canonical table and LiteLLM's spend
logs as a database would export them, cells read as numbers, times or JSON only where a field wants one."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_samples import real_exchanges
from litellm_convert import csv_text, to_spend_log, write_spend_logs_csv

from antidistill.ingest import IngestReport, QuarantineWriter, detect_format, read_paths, read_quarantine
from antidistill.ingest.quarantine import QuarantinedRow
from antidistill.records import EXCHANGE_SCHEMA


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 160, seed=5)


def _write_csv(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str = ",") -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _read(tmp_path: Path, path: Path) -> tuple[pa.Table, IngestReport, list[QuarantinedRow]]:
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([path], report=report, quarantine=q, batch_size=50))
    q_path = tmp_path / "q.jsonl"
    return (pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA), report,
            read_quarantine(q_path) if q_path.exists() else [])


@pytest.mark.parametrize("name", ["exchanges.csv", "exchanges.tsv.gz"])
def test_canonical_table_exported_as_csv_reads_back_exactly(table: pa.Table, tmp_path: Path, name: str) -> None:
    header = table.column_names
    rows = [[csv_text(r[c]) for c in header] for r in table.to_pylist()]
    path = _write_csv(tmp_path / name, header, rows, delimiter="\t" if ".tsv" in name else ",")
    assert detect_format(path) == "canonical"
    back, report, bad = _read(tmp_path, path)
    assert report.rows_quarantined == 0, bad
    keep = [c for c in header if c != "source_format"]
    assert back.select(keep).to_pylist() == table.select(keep).to_pylist()
    # GSM8K answers such as "18" stay text, the rationales' "<<16-3-4=9>>" too; token counts are numbers again.
    assert back.column("prompt_tokens").type == pa.int32()


def test_spend_logs_exported_as_csv(table: pa.Table, tmp_path: Path) -> None:
    """The proxy's ``LiteLLM_SpendLogs`` table as ``COPY ... TO ... CSV HEADER`` writes it: JSON columns as
    text, ISO times, empty cells for nulls; some exports flatten metadata into dotted columns."""
    spend = [to_spend_log(r) for r in table.to_pylist()]
    header = list(spend[0])
    path = write_spend_logs_csv(table, tmp_path / "spend_logs.csv")
    assert detect_format(path) == "litellm"
    back, report, bad = _read(tmp_path, path)
    assert report.rows_quarantined == 0, bad
    for col in ("exchange_id", "account_id", "api_key_id", "org_id", "model", "messages", "response_text",
                "reasoning_text", "ts_start"):
        assert back.column(col).to_pylist() == table.column(col).to_pylist(), col

    # Flattened: the metadata object as dotted columns.
    flat_header = [c for c in header if c != "metadata"] + [f"metadata.{k}" for k in json.loads(spend[0]["metadata"])]
    flat_rows = [[csv_text(s[c]) for c in header if c != "metadata"]
                 + [csv_text(v) for v in json.loads(s["metadata"]).values()] for s in spend]
    flat = _write_csv(tmp_path / "flat.csv", flat_header, flat_rows)
    back_flat, report, _ = _read(tmp_path, flat)
    assert report.rows_quarantined == 0
    assert back_flat.select(["api_key_id", "org_id", "client_ip"]).to_pylist() == \
        back.select(["api_key_id", "org_id", "client_ip"]).to_pylist()


def test_bad_csv_records_are_quarantined_by_line(table: pa.Table, tmp_path: Path) -> None:
    header = table.column_names
    rows = [[csv_text(r[c]) for c in header] for r in table.slice(0, 6).to_pylist()]
    rows[1] = rows[1][:-2]  # a record cut short
    rows[3][header.index("prompt_tokens")] = "many"  # not a number
    rows[4][header.index("messages")] = "[{\"role\": \"user\""  # JSON text cut off
    path = _write_csv(tmp_path / "bad.csv", header, rows)
    # Physical lines: each record starts one line further down than the records before it span.
    text = path.read_text(encoding="utf-8")
    starts, line, inside = [], 1, False
    for i, ch in enumerate(text):
        if ch == "\n" and not inside:
            line += 1
            if i + 1 < len(text):
                starts.append(line)
        elif ch == '"':
            inside = not inside
    back, report, bad = _read(tmp_path, path)
    assert back.num_rows == 3 and report.rows_read == 6 and report.rows_quarantined == 3
    assert [(b.line, b.field) for b in bad] == [(starts[1], None), (starts[3], "prompt_tokens"),
                                                (starts[4], "messages")]
    assert f"expected {len(header)} fields as in the header, got {len(header) - 2}" == bad[0].reason
    assert "expected an integer, got text 'many'" in bad[1].reason


def test_warehouse_parquet_exports_of_json_logs(table: pa.Table, tmp_path: Path) -> None:
    """Request logs exported from a warehouse as Parquet: JSON columns as strings, times as timestamp
    columns. The spend-log table and OpenAI-style logs read as from their JSON lines; a bad row is quarantined
    under its row number."""
    spend = [to_spend_log(r) for r in table.to_pylist()]
    cols = {name: [s[name] for s in spend] for name in spend[0]}
    cols["startTime"] = table.column("ts_start").to_pylist()  # a timestamp column, not text
    cols["endTime"] = pa.array([dt.datetime.fromisoformat(s["endTime"]) for s in spend], pa.timestamp("us", "UTC"))
    cols["spend"] = pa.array([decimal.Decimal("0.000125")] * len(spend), pa.decimal128(12, 9))
    cols["prompt_tokens"][7] = None
    cols["startTime"][5] = None  # a row without its start time
    path = tmp_path / "spend_logs_export.parquet"
    pq.write_table(pa.table(cols), path)
    assert detect_format(path) == "litellm"
    back, report, bad = _read(tmp_path, path)
    assert report.rows_read == table.num_rows and report.rows_quarantined == 1
    assert [(b.line, b.field) for b in bad] == [(6, "startTime")]
    keep = [i for i in range(table.num_rows) if i != 5]
    for col in ("exchange_id", "account_id", "api_key_id", "messages", "response_text", "reasoning_text",
                "ts_start", "ts_end", "max_tokens"):
        assert back.column(col).to_pylist() == table.take(keep).column(col).to_pylist(), col
    assert back.column("prompt_tokens")[6].as_py() is None

    # OpenAI-style request logs: request, response and metadata as JSON text columns.
    from openai_convert import to_openai_log

    lines = [to_openai_log(r) for r in table.to_pylist()]
    export = {"request": [json.dumps(o["request"]) for o in lines],
              "response": [json.dumps(o["response"]) if o["response"] is not None else None for o in lines],
              "metadata": [json.dumps(o["metadata"], default=str) for o in lines]}
    opath = tmp_path / "openai_export.parquet"
    pq.write_table(pa.table(export), opath)
    assert detect_format(opath) == "openai"
    oback, report, bad = _read(tmp_path, opath)
    assert report.rows_quarantined == 0, bad
    for col in ("exchange_id", "account_id", "messages", "response_text", "ts_start", "client_ip"):
        assert oback.column(col).to_pylist() == table.column(col).to_pylist(), col


def test_exchange_table_exported_with_text_columns(table: pa.Table, tmp_path: Path) -> None:
    """The canonical table as a warehouse exports it, ``messages`` as JSON text and times as ISO text: Arrow
    cannot cast those columns, so the batch is read row by row; every row reads back, a bad one is quarantined
    under its row number instead of refusing the batch."""
    cols = {c: table.column(c) for c in table.column_names}
    messages = [json.dumps(m, ensure_ascii=False) for m in table.column("messages").to_pylist()]
    messages[3] = messages[3][:-5]  # JSON text cut off
    cols["messages"] = pa.array(messages)
    cols["ts_start"] = pa.array([t.isoformat() for t in table.column("ts_start").to_pylist()])
    path = tmp_path / "exchanges_export.parquet"
    pq.write_table(pa.table(cols), path)
    assert detect_format(path) == "canonical"
    back, report, bad = _read(tmp_path, path)
    assert report.rows_quarantined == 1 and [(b.line, b.field) for b in bad] == [(4, "messages")]
    keep = [c for c in table.column_names if c != "source_format"]
    assert back.select(keep).to_pylist() == table.select(keep).take([i for i in range(table.num_rows)
                                                                      if i != 3]).to_pylist()
