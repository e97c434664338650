"""Logs saved as an API gave them: pages of a list endpoint (``{"object": "list", "data": [...], "has_more":
...}``), a page per line, and an Elasticsearch/OpenSearch search result (``hits.hits[]._source``). Before session
37 such a file matched no format ("first object has keys ['data', 'next']") and nothing in it was read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import read_back

from antidistill.ingest import IngestReport


@pytest.fixture(scope="module")
def records(shared_data: Path) -> list[dict[str, Any]]:
    """Twelve calls of four users, their prompts real GSM8K questions."""
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")[:12]
    return [{"id": f"gen-{k:04d}", "created_at": f"2026-05-04T10:{k:02d}:00Z", "user_id": f"user-{k % 4}",
             "model": "prov-chat-2", "prompt": json.loads(line)["question"], "completion": f"The answer is {k}.",
             "usage": {"prompt_tokens": 40 + k, "completion_tokens": 6}} for k, line in enumerate(lines)]


def _read(tmp_path: Path, path: Path) -> tuple[pa.Table, IngestReport]:
    table, report, _ = read_back(tmp_path, path)
    return table, report


def _check(table: pa.Table, report: IngestReport, records: list[dict[str, Any]]) -> None:
    assert report.rows_quarantined == 0
    assert table.column("exchange_id").to_pylist() == [r["id"] for r in records]
    assert table.column("account_id").to_pylist() == [r["user_id"] for r in records]
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == [r["prompt"] for r in records]
    assert table.column("prompt_tokens").to_pylist() == [r["usage"]["prompt_tokens"] for r in records]


def test_a_list_response_saved_whole_reads_its_records(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    path = tmp_path / "generations-page-1.json"
    path.write_text(json.dumps({"object": "list", "data": records, "first_id": records[0]["id"],
                                "last_id": records[-1]["id"], "has_more": True}, indent=2))
    _check(*_read(tmp_path, path), records)


def test_pages_one_per_line_read_every_record(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps({"data": records[k:k + 5], "meta": {"page": k // 5, "cursor": f"c{k}"}}) + "\n"
                            for k in range(0, len(records), 5)))
    table, report = _read(tmp_path, path)
    _check(table, report, records)
    assert report.rows_read == len(records)  # each record counted, not each page


def test_a_search_result_reads_each_hit_source(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    path = tmp_path / "llm-logs-search.json"
    hits = [{"_index": "llm-logs-2026.05.04", "_id": f"es{k}", "_score": 1.0, "_source": r}
            for k, r in enumerate(records)]
    path.write_text(json.dumps({"took": 7, "timed_out": False, "_shards": {"total": 1, "successful": 1},
                                "hits": {"total": {"value": len(records), "relation": "eq"}, "max_score": 1.0,
                                         "hits": hits}}))
    _check(*_read(tmp_path, path), records)


def test_a_record_holding_a_list_of_turns_is_no_page(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    """A call whose only list is its conversation, under a page-like key, stays one call."""
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps({"ts": r["created_at"], "user_id": r["user_id"],
                                        "data": [{"role": "user", "content": r["prompt"]}]}) + "\n" for r in records))
    table, report = _read(tmp_path, path)
    assert report.rows_read == len(records) and report.rows_quarantined == 0
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == [r["prompt"] for r in records]


@pytest.mark.parametrize("prefix", ["May  4 10:{m:02d}:00 api-1 inference[2211]: ",
                                    "<134>1 2026-05-04T10:{m:02d}:00.000Z api-1 inference 2211 - - ",
                                    "2026-05-04T10:{m:02d}:00.123456789Z ",
                                    "2026-05-04 10:{m:02d}:00,123 INFO inference.access: "])
def test_records_behind_a_shippers_prefix_are_read(tmp_path: Path, records: list[dict[str, Any]],
                                                   prefix: str) -> None:
    """JSON records behind a syslog header, ``kubectl logs --timestamps`` or a logging library's own format; a
    record without a time of its own takes the prefix's. A line cut in two stays one bad row."""
    path = tmp_path / "inference.log"
    own_time = prefix.startswith("May")  # a syslog header has no year: the records keep their own time
    lines = [prefix.format(m=k) + json.dumps({key: v for key, v in r.items() if own_time or key != "created_at"})
             for k, r in enumerate(records)]
    cut = json.dumps(records[0])
    path.write_text("\n".join([*lines, cut[len(cut) // 2:]]) + "\n")
    table, report = _read(tmp_path, path)
    assert table.column("exchange_id").to_pylist() == [r["id"] for r in records]
    assert [t.minute for t in table.column("ts_start").to_pylist()] == list(range(len(records)))
    assert report.rows_quarantined == 1
