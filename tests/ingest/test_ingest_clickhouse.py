"""A request log kept in ClickHouse, handed over as ``clickhouse-client`` exports: the request table in
``TSVWithNamesAndTypes`` (a types row under the names, tab-separated escapes, arrays and maps as literals, a
``Nested`` conversation stored as one array per sub-column) and the organisation table in ``CSVWithNames``
(``\\N`` for NULL). Real prompts and answers; the writer below follows ClickHouse's text formats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import real_exchanges

from antidistill.ingest import ingest_paths, read_quarantine
from antidistill.ingest.clickhouse import LiteralError, is_types_row, parse_literal, typed
from antidistill.ingest.jsonlines import elements_of
from antidistill.records import hash_identifier
from antidistill.store.duckdb_store import DuckDBStore

COLUMNS = [("event_time", "DateTime64(3)"), ("request_id", "UUID"), ("row_version", "UInt64"),
           ("org_id", "String"), ("api_key_id", "String"), ("end_user", "Nullable(String)"), ("client_ip", "IPv6"),
           ("model", "LowCardinality(String)"), ("status", "UInt16"), ("stream", "Bool"),
           ("params", "Map(LowCardinality(String), String)"), ("messages.role", "Array(LowCardinality(String))"),
           ("messages.content", "Array(String)"), ("messages.tool_calls", "Array(String)"),
           ("output_text", "String"), ("output_reasoning", "String"), ("input_tokens", "UInt32"),
           ("output_tokens", "UInt32"), ("latency_ms", "Nullable(UInt32)")]


def _text(value: str) -> str:
    """A string as ClickHouse's TabSeparated writes it."""
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            .replace("'", "\\'"))


def _quoted(value: str) -> str:
    return "'" + _text(value) + "'"


def _array(values: list[str]) -> str:
    return "[" + ",".join(_quoted(v) for v in values) + "]"


def _row(c: dict[str, Any], k: int) -> str:
    turns = c["messages"] + ([{"role": "assistant", "content": "",
                               "tool_calls": json.dumps([{"id": f"call_{k}", "type": "function", "function": {
                                   "name": "lookup", "arguments": "{\"q\": \"units\"}"}}])},
                              {"role": "tool", "content": "1 km = 1000 m"}] if k % 7 == 3 else [])
    params = {"temperature": "0.7", **({"max_tokens": str(64 + k)} if k % 2 else {})}
    ok = c["response_text"] is not None
    fields = [c["ts_start"].strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], c["exchange_id"], str(10_000 + k), c["org_id"],
              c["api_key_id"], "\\N" if k % 3 else f"u-{k % 5}", "::ffff:" + (c["client_ip"] or "203.0.113.9"),
              c["model"], "200" if ok else "500", "true" if k % 4 == 0 else "false",
              "{" + ",".join(f"{_quoted(a)}:{_quoted(b)}" for a, b in params.items()) + "}",
              _array([t["role"] for t in turns]), _array([t["content"] for t in turns]),
              _array([t.get("tool_calls", "") for t in turns]),
              _text(c["response_text"] or ""), _text(c["reasoning_text"] or "") if ok else "",
              str(c["prompt_tokens"] or 0), str(c["completion_tokens"] or 0), "\\N" if not ok else "1200"]
    return "\t".join(fields)


def _export(tmp_path: Path, shared_data: Path) -> pa.Table:
    table = real_exchanges(shared_data, 120)
    calls = table.to_pylist()
    lines = ["\t".join(n for n, _ in COLUMNS), "\t".join(t for _, t in COLUMNS)]
    lines += [_row(c, k) for k, c in enumerate(calls)]
    lines.insert(7, lines[6].rsplit("\t", 1)[0])  # a row cut one field short
    lines.insert(9, lines[8].replace("['", "[", 1))  # a conversation whose array literal is broken
    out = tmp_path / "clickhouse" / "requests"
    out.mkdir(parents=True)
    with gzip.open(out / "requests_2026-03-02.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    orgs = sorted({c["org_id"] for c in calls})
    directory = tmp_path / "clickhouse" / "directory"
    directory.mkdir()
    rows = ['"org_id","name","plan","created_at","suspended_at","payment_fingerprint"']
    rows += [f'"{o}","Org {i}","tier-{i + 1}","2025-12-0{i + 1} 10:00:00",\\N,"fp_{i % 2}"'
             for i, o in enumerate(orgs)]
    (directory / "orgs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return table


def test_literals_are_read_as_clickhouse_writes_them() -> None:
    assert parse_literal("['system','user']") == ["system", "user"]
    assert parse_literal("['it\\'s','a\\tb\\nc','back\\\\slash']") == ["it's", "a\tb\nc", "back\\slash"]
    assert parse_literal("{'max_tokens':'16','stop':['\\n\\n']}") == {"max_tokens": "16", "stop": ["\n\n"]}
    assert parse_literal("[(1,'a'),(2,NULL)]") == [[1, "a"], [2, None]]
    assert parse_literal("[]") == [] and parse_literal("[1.5,-2,true]") == [1.5, -2, True]
    for broken in ("['a'", "['a' 'b']", "{'k' 'v'}", "['a'] x"):
        with pytest.raises(LiteralError):
            parse_literal(broken)
    # a time column whose type names its zone is read with that zone's offset; a bare one as printed
    assert typed("2026-10-25 02:30:00.000", "DateTime64(3, 'Europe/Amsterdam')") == "2026-10-25T02:30:00+02:00"
    assert typed("2026-10-25 03:30:00", "Nullable(DateTime('Europe/Amsterdam'))") == "2026-10-25T03:30:00+01:00"
    assert typed("2026-03-02 10:00:00", "DateTime('UTC')") == "2026-03-02T10:00:00+00:00"
    assert typed("2026-03-02 10:00:00", "DateTime") == "2026-03-02 10:00:00" and typed("\\N", "DateTime") is None
    assert is_types_row([t for _, t in COLUMNS])
    assert not is_types_row(["2026-03-02 10:00:00", "abc", "String"])  # a data row is no types row


def test_a_clickhouse_export_of_the_request_table_and_its_organisations(tmp_path: Path, shared_data: Path) -> None:
    table = _export(tmp_path, shared_data)
    path = tmp_path / "clickhouse" / "requests" / "requests_2026-03-02.tsv.gz"
    first = next(iter(elements_of(path))).value
    assert first["messages"][0]["role"] == table.column("messages")[0].as_py()[0]["role"]  # Nested zipped back
    assert first["params"]["temperature"] == "0.7" and first["end_user"] == "u-0"
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([tmp_path / "clickhouse"], db, progress=False, quarantine_path=tmp_path / "q.jsonl")
        stored = db.connection.execute(
            "SELECT exchange_id, account_id, org_id, payment_fingerprint, account_tier, messages, response_text, "
            "reasoning_text, max_tokens, client_ip, end_user, status FROM exchanges").fetchall()
    assert report.rows_inserted == table.num_rows == len(stored)
    assert [d.path for d in report.directories] == [str(tmp_path / "clickhouse" / "directory" / "orgs.csv")]
    bad = sorted(read_quarantine(tmp_path / "q.jsonl"), key=lambda q: q.line or 0)
    assert [q.line for q in bad] == [8, 10]  # the file's own lines
    assert "expected 19 fields as in the header, got 18" in bad[0].reason
    assert "'messages.content'" in bad[1].reason or "'messages.role'" in bad[1].reason
    orgs = sorted({c["org_id"] for c in table.to_pylist()})
    want = {r["exchange_id"]: r for r in table.to_pylist()}
    tools = 0
    for k, (ex_id, account, org, pay, tier, messages, answer, thought, max_tokens, ip, user, status) in enumerate(
            sorted(stored, key=lambda r: list(want).index(r[0]))):
        src = want[ex_id]
        i = orgs.index(src["org_id"])
        assert org == src["org_id"] and pay == hash_identifier(f"fp_{i % 2}") and tier == f"tier-{i + 1}"
        assert account in (src["org_id"], src["api_key_id"])
        contents = [m["content"] for m in messages]
        assert contents[:len(src["messages"])] == [m["content"] for m in src["messages"]]
        if len(messages) > len(src["messages"]):  # an agent's tool round: the call, then the tool's answer
            tools += 1
            assert "[tool_call lookup]" in contents[-2] and messages[-1]["role"] == "tool"
        assert answer == src["response_text"] and status == ("ok" if src["response_text"] is not None else "error")
        if answer is not None:
            assert thought == src["reasoning_text"]
        assert max_tokens == (64 + k if k % 2 else None)
        assert ip == "::ffff:" + (src["client_ip"] or "203.0.113.9")
        assert user == (None if k % 3 else f"u-{k % 5}")  # ``\\N``: no end user
    assert tools >= 10
