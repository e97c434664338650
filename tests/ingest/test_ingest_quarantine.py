"""Bad rows are quarantined with file, line, field and reason, counted, and raise in strict mode."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_samples import real_exchanges
from litellm_convert import to_litellm_payload
from openai_convert import to_openai_log

from antidistill.errors import InputError
from antidistill.ingest import IngestReport, QuarantineWriter, ingest_paths, read_paths, read_quarantine
from antidistill.ingest.quarantine import RAW_LIMIT
from antidistill.store import DuckDBStore


@pytest.fixture(scope="module")
def rows(shared_data: Path) -> list[dict[str, Any]]:
    table = real_exchanges(shared_data, 40, seed=11)
    return [r for r in table.to_pylist() if r["status"] == "ok"][:8]


def _set(obj: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy of ``obj`` with the dotted ``path`` set to ``value`` (``...`` deletes the key)."""
    out = copy.deepcopy(obj)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return out


OPENAI_BAD = [
    # (mutation path, value, expected field, reason fragment)
    ("request.model", ..., "request.model", "missing"),
    ("request.messages", [{"content": "no role"}], "request.messages[0].role", "missing"),
    ("metadata.timestamp", ..., "metadata.timestamp", "missing"),
    ("request.messages", "just a string", "request.messages", "expected a list"),
    ("request.max_completion_tokens", "lots", "request.max_tokens", "expected an integer"),
    ("metadata.latency_ms", [1], "metadata.latency_ms", "finite number"),
    ("metadata.latency_ms", 10**30, "metadata.latency_ms", "out of range"),  # once an uncaught OverflowError
    ("metadata.timestamp", 17_700_000_000, "metadata.timestamp", "out of range [2000-01-01, 2100-01-01) in seconds"),
    ("metadata.timestamp", "1899-12-31T00:00:00Z", "metadata.timestamp", "out of range"),
    ("metadata.timestamp", "yesterday", "metadata.timestamp", "not an ISO-8601"),
    ("metadata.account_id", ..., "metadata.account_id", "missing"),
    # an embeddings call logged beside the chats (a Helicone export): no chat exchange, and said so
    ("request", {"model": "text-embedding-3-small", "input": ["first text", "second text"]}, "request.input",
     "an embeddings request"),
]


def _openai_bad(good: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    bad = _set(good, path, value)
    if path == "request.model":
        bad["response"].pop("model")
    if path == "metadata.timestamp" and value is ...:
        bad["response"].pop("created")
    if path == "metadata.account_id":
        bad["metadata"].pop("api_key_id")
        bad["request"].pop("user", None)
    return bad


@pytest.mark.parametrize("path,value,field,fragment", OPENAI_BAD)
def test_openai_bad_rows(rows: list[dict[str, Any]], tmp_path: Path, path: str, value: Any, field: str,
                         fragment: str) -> None:
    good = to_openai_log(rows[0])
    bad = _openai_bad(good, path, value)
    f = tmp_path / "log.jsonl"
    f.write_text("\n".join(json.dumps(o) for o in (good, bad, to_openai_log(rows[1]))) + "\n")
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        out = list(read_paths([f], report=report, quarantine=q))
    assert sum(b.num_rows for b in out) == 2
    (entry,) = read_quarantine(tmp_path / "q.jsonl")
    assert (entry.file, entry.line, entry.field) == (str(f), 2, field)
    assert fragment in entry.reason
    assert json.loads(entry.raw) == bad
    assert report.files[0].quarantined_by_field == {field: 1}
    with pytest.raises(InputError) as exc:
        list(read_paths([f], strict=True))
    assert (exc.value.file, exc.value.line, exc.value.field) == (str(f), 2, field)
    assert str(f) in str(exc.value) and "line 2" in str(exc.value)


LITELLM_BAD = [
    ("startTime", ..., "startTime", "missing"),
    ("startTime", "soon", "startTime", "not an ISO-8601"),
    ("endTime", 5e12, "endTime", "out of range"),
    ("messages", [{"content": "no role"}], "messages[0].role", "missing"),
    ("messages", [{"role": "user", "content": 7}], "messages[0].content", "expected"),
    ("model", ..., "model", "missing"),
    ("prompt_tokens", "12", "prompt_tokens", "expected an integer"),
    ("call_type", "aembedding", "call_type", "no chat exchange"),
    ("status", "maybe", "status", "'success' or 'failure'"),
    ("metadata", "not an object", "metadata", "expected an object"),
]


@pytest.mark.parametrize("path,value,field,fragment", LITELLM_BAD)
def test_litellm_bad_rows(rows: list[dict[str, Any]], tmp_path: Path, path: str, value: Any, field: str,
                          fragment: str) -> None:
    good = to_litellm_payload(rows[0])
    bad = _set(good, path, value)
    if path == "model":
        bad.pop("model_group")
    f = tmp_path / "litellm.jsonl"
    f.write_text("\n".join(json.dumps(o) for o in (good, good | {"id": "other"}, bad)) + "\n")
    report = IngestReport()
    assert sum(b.num_rows for b in read_paths([f], format="litellm", report=report)) == 2
    (entry,) = report.examples
    assert (entry.line, entry.field) == (3, field) and fragment in entry.reason


def test_litellm_account_needs_some_identity(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    good = to_litellm_payload(rows[0])
    team_only = _set(_set(good, "metadata.user_api_key_user_id", None), "metadata.user_api_key_team_id", "team-9")
    nobody = _set(_set(team_only, "metadata.user_api_key_team_id", None), "metadata.user_api_key_hash", None)
    f = tmp_path / "l.jsonl"
    f.write_text(json.dumps(team_only) + "\n" + json.dumps(nobody) + "\n")
    report = IngestReport()
    (batch,) = read_paths([f], format="litellm", report=report)
    assert batch.column("account_id").to_pylist() == ["team-9"]
    assert report.examples[0].field == "metadata.user_api_key_user_id"


def test_line_level_damage(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    """Invalid JSON, non-UTF-8 bytes, a non-object, blank lines and a truncated last line in one file."""
    good = [json.dumps(to_openai_log(r), ensure_ascii=False).encode() for r in rows[:4]]
    lines = [
        good[0],                                  # 1 ok
        b"",                                      # 2 blank: skipped, not counted
        b'{"request": {"model": "gpt-4o", ',      # 3 invalid JSON
        good[1][:30] + b"\xff\xfe" + good[1][30:],  # 4 non-UTF-8 bytes
        b"   ",                                   # 5 blank
        b"[1, 2, 3]",                             # 6 not an object
        good[2],                                  # 7 ok
        b"x" * (3 * RAW_LIMIT),                   # 8 invalid JSON, long raw gets truncated
    ]
    f = tmp_path / "damaged.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n" + good[3][: len(good[3]) // 2])  # 9: truncated, no newline
    store = DuckDBStore(":memory:")
    report = ingest_paths([f], store, quarantine_path=tmp_path / "q.jsonl", progress=False)
    assert (report.rows_read, report.rows_ok, report.rows_quarantined) == (7, 2, 5)
    assert store.count() == 2
    q = {e.line: e for e in read_quarantine(tmp_path / "q.jsonl")}
    assert sorted(q) == [3, 4, 6, 8, 9]
    assert q[3].reason.startswith("invalid JSON")
    assert q[4].reason.startswith("not valid UTF-8") and "\\xff" in q[4].raw
    assert "expected a JSON object" in q[6].reason
    assert len(q[8].raw) < RAW_LIMIT + 40 and "more characters" in q[8].raw
    assert q[9].reason.startswith("truncated last line")
    run = store.connection.execute("SELECT rows_read, rows_quarantined, report_json FROM ingest_runs").fetchone()
    assert run is not None and run[:2] == (7, 5)
    assert json.loads(run[2])["files"][0]["quarantined_by_field"] == {"-": 5}


def test_parquet_missing_required_column_refuses_file(shared_data: Path, tmp_path: Path) -> None:
    table = real_exchanges(shared_data, 30, seed=2)
    d = tmp_path / "exchanges"
    d.mkdir()
    pq.write_table(table, d / "a.parquet")
    pq.write_table(table.drop(["model"]), d / "b.parquet")
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        got = sum(b.num_rows for b in read_paths([d], report=report, quarantine=q))
    assert got == 30
    b = report.files[1]
    assert (b.rows_read, b.rows_ok, b.rows_quarantined, b.quarantined_by_field) == (30, 0, 30, {"model": 1})
    (entry,) = read_quarantine(tmp_path / "q.jsonl")
    assert entry.file.endswith("b.parquet") and entry.line is None and "missing required column 'model'" in entry.reason
    with pytest.raises(InputError, match=r"b\.parquet.*field 'model'"):
        list(read_paths([d], strict=True))


def test_parquet_bad_values_quarantined_by_row(shared_data: Path, tmp_path: Path) -> None:
    table = real_exchanges(shared_data, 30, seed=2)
    ids = table.column("exchange_id").to_pylist()
    ids[4] = None
    accounts = table.column("account_id").to_pylist()
    accounts[7] = ""
    starts = table.column("ts_start").to_pylist()
    starts[20] = starts[20].replace(year=1990)
    loose = pa.schema([f.with_nullable(True) for f in table.schema])
    cols = {n: table.column(n) for n in table.schema.names}
    cols.update(exchange_id=pa.array(ids), account_id=pa.array(accounts),
                ts_start=pa.array(starts, table.schema.field("ts_start").type))
    t = pa.Table.from_pydict(cols).cast(loose)
    pq.write_table(t, tmp_path / "x.parquet")
    report = IngestReport()
    out = list(read_paths([tmp_path / "x.parquet"], report=report, batch_size=8))
    assert sum(b.num_rows for b in out) == 27
    got = {(e.line, e.field) for e in report.examples}
    assert got == {(5, "exchange_id"), (8, "account_id"), (21, "ts_start")}
    assert any("out of range" in e.reason for e in report.examples if e.line == 21)


def test_epoch_units_and_zone_names_are_read(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    """Epoch times in milliseconds, microseconds or nanoseconds (JavaScript gateways, SIEM exports) are read by
    their magnitude, which no other unit puts inside 2000-2100; a trailing ``UTC`` (BigQuery exports) is +00:00."""
    start = rows[0]["ts_start"]
    stamps = [start.timestamp(), start.timestamp() * 1e3, int(start.timestamp() * 1e6), int(start.timestamp() * 1e9),
              start.strftime("%Y-%m-%d %H:%M:%S.%f UTC")]
    times, report = _read_times(rows[0], stamps, tmp_path)
    assert report.rows_quarantined == 0
    assert all(abs((t - start).total_seconds()) < 1e-3 for t in times), times


def _read_times(row: dict[str, Any], stamps: list[Any], tmp_path: Path) -> tuple[list[dt.datetime], IngestReport]:
    """One OpenAI log line per stamp (as ``metadata.timestamp``), read back: the times and the report."""
    logs = []
    for i, stamp in enumerate(stamps):
        log = to_openai_log(row)
        log["metadata"]["timestamp"] = stamp
        log["response"]["id"] = f"t-{i}"
        logs.append(log)
    f = tmp_path / "times.jsonl"
    f.write_text("".join(json.dumps(o) + "\n" for o in logs))
    report = IngestReport()
    (batch,) = read_paths([f], format="openai", report=report)
    return batch.column("ts_start").to_pylist(), report


def test_web_and_text_time_formats_are_read(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    """Times as web servers and some gateways write them: an epoch number written as text, an HTTP date
    (RFC 2822), a web server access-log time with its offset, and an ISO time with nanoseconds (RFC 3339 as Go
    writes it). Text that is none of them is still quarantined."""
    start = rows[0]["ts_start"]
    whole = start.replace(microsecond=0)
    stamps = [str(start.timestamp()), str(int(start.timestamp() * 1e3)),
              whole.strftime("%a, %d %b %Y %H:%M:%S GMT"),
              whole.astimezone(dt.timezone(dt.timedelta(hours=2))).strftime("%d/%b/%Y:%H:%M:%S %z"),
              start.strftime("%Y-%m-%dT%H:%M:%S.%f") + "789Z", "Mon, 99 Foo 2026"]
    times, report = _read_times(rows[0], stamps, tmp_path)
    assert report.rows_quarantined == 1 and report.examples[0].line == 6
    assert [abs((t - start).total_seconds()) < 1e-3 for t in times] == [True, True, False, False, True]
    assert times[2] == times[3] == whole
