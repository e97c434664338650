"""Records cut short by a log store's size limit, and records of another shape than their file's first ones.

Splunk keeps at most ``TRUNCATE`` bytes of an event (10,000 by default): a call with a long conversation (an agent's
round with file contents) arrives as the first 10,000 bytes of its JSON line, and Splunk extracts no fields from it.
Before session 45 such an event was quarantined as "not a call to a model" (its raw text did not decode, and the
file's fields, taken from Splunk's extractions, were empty): the fifteenth probe lost 1,078 calls that way, most of
them an agentic harvest's. Now the text is read as far as it goes (``fields.cut_json``), and a record whose value at
the file's path is empty reads the field where it names it itself (``GenericReader.convert``)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import read_back

from antidistill.ingest.fields import cut_json

T0 = dt.datetime(2026, 7, 6, 13, 0, tzinfo=dt.UTC)
TRUNCATE = 10_000


@pytest.fixture(scope="module")
def records(shared_data: Path) -> list[dict[str, Any]]:
    """Forty calls of a service's own log: GSM8K questions, and every fourth an agent's round that sends back
    HumanEval sources (12-40 KB, over Splunk's limit)."""
    gsm8k = (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()
    questions = [json.loads(x)["question"] for x in gsm8k[:40]]
    sources = [json.loads(x)["prompt"] for x in
               gzip.decompress((shared_data / "humaneval" / "HumanEval.jsonl.gz").read_bytes()).decode().splitlines()]
    out = []
    for k, q in enumerate(questions):
        messages = [{"role": "system", "content": "You are a careful assistant."}, {"role": "user", "content": q}]
        if k % 4 == 3:
            code = "\n\n".join(sources[(k + j) % len(sources)] for j in range(30 + 10 * (k % 3)))
            messages += [{"role": "assistant", "content": "Reading the repository."}, {"role": "tool", "content": code},
                         {"role": "user", "content": "Fix the failing test."}]
        out.append({"ts": (T0 + dt.timedelta(minutes=k)).isoformat(), "event": "chat.completion",
                    "request_id": f"req_{k:04d}", "account_id": f"acct_{k % 5}", "api_key_id": f"key_{k % 5}",
                    "client_ip": f"203.0.113.{k % 5}", "model": "quill-3",
                    "request": {"model": "quill-3", "messages": messages},
                    "response": {"id": f"chatcmpl-{k}", "choices": [{"index": 0, "finish_reason": "stop",
                                                                      "message": {"role": "assistant",
                                                                                  "content": f"It is {k}."}}]},
                    "usage": {"prompt_tokens": 40, "completion_tokens": 4}})
    assert sum(len(json.dumps(r)) > TRUNCATE for r in out) == 10
    return out


def _splunk_export(records: list[dict[str, Any]]) -> str:
    """Splunk's REST export (``output_mode=json``): one ``{"preview", "offset", "result"}`` line per event, the
    event's line in ``_raw``; an event over ``TRUNCATE`` bytes keeps its first bytes and no extracted fields."""
    lines = []
    for i, r in enumerate(records):
        raw = json.dumps(r, separators=(",", ":"))
        result: dict[str, Any] = {"_time": r["ts"].replace("+00:00", ".000+00:00"), "host": "api-7",
                                  "source": "/var/log/quill/api.log", "sourcetype": "quill:api:json",
                                  "index": "llm_api", "_raw": raw.encode()[:TRUNCATE].decode("utf-8", "ignore")}
        if len(raw.encode()) <= TRUNCATE:  # Splunk's extractions: only of an event it could parse
            result.update({"account_id": r["account_id"], "api_key_id": r["api_key_id"], "model": r["model"],
                           "client_ip": r["client_ip"]})
        lines.append(json.dumps({"preview": False, "offset": i, "result": result}))
    return "\n".join(lines) + "\n"


def test_a_splunk_export_reads_its_cut_events_as_far_as_they_go(records: list[dict[str, Any]],
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "llm_api_2026-07-06.json"
    path.write_text(_splunk_export(records))
    table, _, quarantined = read_back(tmp_path, path)
    assert quarantined == [] and table.num_rows == len(records)
    rows = sorted(table.to_pylist(), key=lambda r: r["ts_start"])
    assert [r["account_id"] for r in rows] == [r["account_id"] for r in records]
    assert [r["client_ip"] for r in rows] == [r["client_ip"] for r in records]
    for r, row in zip(records, rows, strict=True):
        cut = len(json.dumps(r, separators=(",", ":")).encode()) > TRUNCATE
        msgs = r["request"]["messages"]
        got = row["messages"]
        assert [m["content"] for m in got[:2]] == [m["content"] for m in msgs[:2]]  # the question is kept whole
        if cut:  # the tool output cut where Splunk cut it, the rest of the call and its answer gone
            assert len(got) == 4 and msgs[3]["content"].startswith(got[3]["content"]) and got[3]["content"]
            assert row["response_text"] is None
        else:
            assert [m["content"] for m in got] == [m["content"] for m in msgs]
            assert row["response_text"] == r["response"]["choices"][0]["message"]["content"]


def test_every_prefix_of_a_record_reads_as_what_it_holds(records: list[dict[str, Any]]) -> None:
    """Cut anywhere past its first identity, a record reads with the fields written before the cut; whole, or with
    an error before its end, it is no cut record."""
    text = json.dumps(records[3])
    assert cut_json(text) is None
    cut_after_account = text.index('"api_key_id"')
    for n in range(cut_after_account, len(text), 97):
        value = cut_json(text[:n])
        assert isinstance(value, dict) and value["account_id"] == records[3]["account_id"], n
    assert cut_json('{"a": 1, "b": 12') == {"a": 1}  # a number that may be cut is dropped
    assert cut_json('{"a": 1, "b": "abc\\u00') == {"a": 1, "b": "abc"}  # a cut escape is dropped
    assert cut_json('{"a": 1, "b": [1, 2') == {"a": 1, "b": [1]}
    assert cut_json('{"a": }, "b": "x') is None  # broken before the cut: no record
