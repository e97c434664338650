"""Logs that keep no conversation are read as content-free exchanges (``messages == []``), not quarantined.

Gateways redact bodies, LiteLLM keeps prompts in its spend logs only on request, OpenTelemetry instrumentation
captures content only when told to. Such rows still carry who called, when, from where and how much: the scan
reads them on that (see ``tests/scan/test_scan_without_content.py``). Rows that are broken stay quarantined.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_samples import read_back, real_exchanges
from openai_convert import to_openai_log

from antidistill.ingest import IngestReport, detect_format
from antidistill.records import EXCHANGE_SCHEMA

#: Fields a content-free row must still carry exactly as the full row does.
METADATA = ("exchange_id", "ts_start", "account_id", "model", "prompt_tokens", "completion_tokens", "client_ip")


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    t = real_exchanges(shared_data, 30, seed=5)
    return t.filter(pa.array([s == "ok" for s in t.column("status").to_pylist()]))


def _read(tmp_path: Path, path: Path, fmt: str = "auto") -> tuple[list[dict[str, Any]], IngestReport, list[Any]]:
    table, report, bad = read_back(tmp_path, path, format=fmt)
    return table.to_pylist(), report, bad


def _same_metadata(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert {k: g[k] for k in METADATA} == {k: w[k] for k in METADATA}


def test_canonical_parquet_without_a_messages_column_or_with_nulls(table: pa.Table, tmp_path: Path) -> None:
    want = table.to_pylist()
    no_column = tmp_path / "no_messages.parquet"
    pq.write_table(table.drop_columns(["messages", "response_text", "reasoning_text"]), no_column)
    rows, report, bad = _read(tmp_path, no_column)
    assert report.rows_quarantined == 0 and not bad
    assert all(r["messages"] == [] for r in rows)
    _same_metadata(rows, want)

    # Null conversations beside real ones: the nulls become [], the others are kept as they were.
    nulled = table.set_column(table.schema.get_field_index("messages"), "messages",
                              pa.array([None if i % 2 else m for i, m in enumerate(table.column("messages")
                                                                                    .to_pylist())],
                                       EXCHANGE_SCHEMA.field("messages").type))
    mixed = tmp_path / "mixed.parquet"
    pq.write_table(nulled, mixed)
    rows, report, _ = _read(tmp_path, mixed)
    assert report.rows_quarantined == 0
    assert [r["messages"] for r in rows] == [[] if i % 2 else w["messages"] for i, w in enumerate(want)]


def test_canonical_json_lines_without_messages(table: pa.Table, tmp_path: Path) -> None:
    want = table.to_pylist()
    f = tmp_path / "bare.jsonl"
    with f.open("w") as fh:
        for r in want:
            bare = {k: v for k, v in r.items() if k not in ("messages", "response_text", "reasoning_text")}
            fh.write(json.dumps(bare, default=str) + "\n")
    assert detect_format(f) == "canonical"  # sniffed without a messages key
    rows, report, _ = _read(tmp_path, f)
    assert report.rows_quarantined == 0 and all(r["messages"] == [] for r in rows)
    _same_metadata(rows, want)


def test_openai_log_with_a_redacted_request_body(table: pa.Table, tmp_path: Path) -> None:
    """A gateway that logs the request without its conversation (only model and parameters)."""
    want = table.to_pylist()
    f = tmp_path / "redacted.jsonl"
    with f.open("w") as fh:
        for i, r in enumerate(want):
            log = to_openai_log(r)
            if i % 2:
                del log["request"]["messages"]
            fh.write(json.dumps(log) + "\n")
    rows, report, _ = _read(tmp_path, f)
    assert report.rows_quarantined == 0
    assert [bool(r["messages"]) for r in rows] == [i % 2 == 0 for i in range(len(want))]
    assert [r["max_tokens"] for r in rows] == [w["max_tokens"] for w in want]
    # A body that is not a conversation at all is still an error, with its field.
    bad = to_openai_log(want[0]) | {"request": {"model": "m", "messages": "hello"}}
    g = tmp_path / "bad.jsonl"
    g.write_text(json.dumps(bad) + "\n")
    rows, report, quarantined = _read(tmp_path, g)
    assert not rows and quarantined[0].field == "request.messages"


def test_litellm_redacted_content_is_no_content(table: pa.Table, tmp_path: Path) -> None:
    """LiteLLM's ``turn_off_message_logging`` keeps every row but puts ``redacted-by-litellm`` in place of each
    message and answer (callback payloads and the request body of spend logs alike). Read as text, every
    account would share one prompt; read as what it is, the rows are content-free."""
    from litellm_convert import to_litellm_payload, to_spend_log

    want = table.to_pylist()
    redacted = "redacted-by-litellm"
    f = tmp_path / "callbacks.jsonl"
    with f.open("w") as fh:
        for r in want:
            o = to_litellm_payload(r)
            o["messages"] = [{"role": "user", "content": redacted}]
            for choice in o["response"].get("choices", []):
                choice["message"] = {"role": "assistant", "content": redacted, "reasoning_content": redacted}
            fh.write(json.dumps(o) + "\n")
    rows, report, _ = _read(tmp_path, f, "litellm")
    assert report.rows_quarantined == 0
    assert all(r["messages"] == [] and r["response_text"] is None and r["reasoning_text"] is None for r in rows)
    _same_metadata(rows, want)

    g = tmp_path / "spend.jsonl"
    with g.open("w") as fh:
        for r in want:
            o = to_spend_log(r)
            body = json.loads(o["proxy_server_request"])
            body["messages"] = [{"role": "user", "content": redacted}]
            o.update(messages="{}", proxy_server_request=json.dumps(body))
            fh.write(json.dumps(o) + "\n")
    rows, report, _ = _read(tmp_path, g, "litellm")
    assert report.rows_quarantined == 0 and all(r["messages"] == [] for r in rows)
    # Only the placeholder is dropped: a prompt that mentions it is a prompt.
    h = tmp_path / "mention.jsonl"
    o = to_litellm_payload(want[0])
    o["messages"] = [{"role": "user", "content": f"why do my logs say {redacted}?"}]
    h.write_text(json.dumps(o) + "\n")
    rows, _, _ = _read(tmp_path, h, "litellm")
    assert rows[0]["messages"] == o["messages"]
