"""Request logs exported as ORC (Athena ``UNLOAD``, Hive, Firehose record format conversion) and as Avro object
container files (BigQuery's default export format, Kafka Connect's S3 sink), with and without a suffix. Before
session 37 neither was read: an ``.orc`` or ``.avro`` file was skipped as "not a log file suffix"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import fastavro
import pyarrow as pa
import pyarrow.orc as orc
import pyarrow.parquet as pq
import pytest
from ingest_samples import read_back

from antidistill.ingest import IngestReport

T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def calls(shared_data: Path) -> list[dict[str, Any]]:
    """Ten calls of three projects: the request body as a nested record (a warehouse's STRUCT and REPEATED
    columns), the answer as JSON text, the time a timestamp column."""
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")[:10]
    return [{"request_id": f"req-{k:03d}", "request_time": T0 + dt.timedelta(minutes=k),
             "project_id": f"proj-{k % 3}", "model": "prov-chat-2",
             "request": {"messages": [{"role": "system", "content": "You are a maths tutor."},
                                      {"role": "user", "content": json.loads(line)["question"]}]},
             "response": json.dumps({"choices": [{"message": {"role": "assistant", "content": f"It is {k}."}}]}),
             "input_tokens": 50 + k, "output_tokens": 5} for k, line in enumerate(lines)]


AVRO_SCHEMA = {
    "type": "record", "name": "Root", "fields": [
        {"name": "request_id", "type": "string"},
        {"name": "request_time", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "project_id", "type": ["null", "string"]},
        {"name": "model", "type": "string"},
        {"name": "request", "type": {"type": "record", "name": "Request", "fields": [
            {"name": "messages", "type": {"type": "array", "items": {"type": "record", "name": "Message", "fields": [
                {"name": "role", "type": "string"}, {"name": "content", "type": "string"}]}}}]}},
        {"name": "response", "type": "string"},
        {"name": "input_tokens", "type": "long"},
        {"name": "output_tokens", "type": "long"},
    ]}


def _read(tmp_path: Path, path: Path) -> tuple[pa.Table, IngestReport]:
    table, report, _ = read_back(tmp_path, path)
    return table, report


def _check(table: pa.Table, report: IngestReport, calls: list[dict[str, Any]]) -> None:
    assert report.rows_quarantined == 0 and not report.skipped
    assert table.column("exchange_id").to_pylist() == [c["request_id"] for c in calls]
    assert table.column("account_id").to_pylist() == [c["project_id"] for c in calls]
    assert table.column("ts_start").to_pylist() == [c["request_time"] for c in calls]
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == \
        [c["request"]["messages"][-1]["content"] for c in calls]
    assert table.column("response_text").to_pylist() == [f"It is {k}." for k in range(len(calls))]
    assert table.column("prompt_tokens").to_pylist() == [c["input_tokens"] for c in calls]


@pytest.mark.parametrize("name", ["export/part-0000.orc", "firehose/prod-stream-1-2026-05-04-10-00-00-7f3e"])
def test_orc_exports_are_read(tmp_path: Path, calls: list[dict[str, Any]], name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    orc.write_table(pa.Table.from_pylist(calls), str(path), stripe_size=4096)
    _check(*_read(tmp_path, path.parent), calls)


@pytest.mark.parametrize("codec", ["null", "deflate"])
@pytest.mark.parametrize("name", ["bq-export/000000000000.avro", "connect/topics/llm-calls/partition=0/obj-17"])
def test_avro_exports_are_read(tmp_path: Path, calls: list[dict[str, Any]], name: str, codec: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        fastavro.writer(fh, fastavro.parse_schema(AVRO_SCHEMA), calls, codec=codec, sync_interval=512)
    _check(*_read(tmp_path, tmp_path / name.split("/")[0]), calls)


def test_a_damaged_avro_file_is_counted_not_dropped(tmp_path: Path, calls: list[dict[str, Any]]) -> None:
    path = tmp_path / "calls.avro"
    with path.open("wb") as fh:
        fastavro.writer(fh, fastavro.parse_schema(AVRO_SCHEMA), calls, sync_interval=512)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # an upload cut short
    table, report = _read(tmp_path, path)
    assert table.num_rows == 5  # the blocks before the cut
    assert report.rows_quarantined == 1
    (bad,) = report.examples
    assert bad.line == 6
    assert bad.reason.startswith("file unreadable from here (5 rows before it): unreadable Avro: ")


def test_phoenix_spans_dataframe_is_read(tmp_path: Path, calls: list[dict[str, Any]]) -> None:
    """Arize Phoenix's spans dataframe saved as Parquet: OpenInference attributes as dotted columns, messages as
    lists of ``{"message.role", "message.content"}``; tokens under ``llm.token_count``."""
    rows = [{"name": "ChatCompletion", "span_kind": "LLM", "parent_id": "p", "start_time": c["request_time"],
             "end_time": c["request_time"] + dt.timedelta(seconds=2), "status_code": "OK",
             "context.span_id": f"{k:016x}", "context.trace_id": f"{k:032x}",
             "attributes.llm.input_messages": [{"message.role": m["role"], "message.content": m["content"]}
                                               for m in c["request"]["messages"]],
             "attributes.llm.output_messages": [{"message.role": "assistant", "message.content": f"It is {k}."}],
             "attributes.llm.model_name": c["model"], "attributes.llm.token_count.prompt": c["input_tokens"],
             "attributes.llm.token_count.completion": c["output_tokens"], "attributes.user.id": c["project_id"]}
            for k, c in enumerate(calls)]
    path = tmp_path / "spans.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    table, report = _read(tmp_path, path)
    assert report.rows_quarantined == 0
    assert table.column("account_id").to_pylist() == [c["project_id"] for c in calls]
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == \
        [c["request"]["messages"][-1]["content"] for c in calls]
    assert [m[0]["role"] for m in table.column("messages").to_pylist()] == ["system"] * len(calls)
    assert table.column("response_text").to_pylist() == [f"It is {k}." for k in range(len(calls))]
    assert table.column("prompt_tokens").to_pylist() == [c["input_tokens"] for c in calls]
    assert table.column("completion_tokens").to_pylist() == [c["output_tokens"] for c in calls]
