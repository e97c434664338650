"""LiteLLM's spend logs (the proxy database's ``LiteLLM_SpendLogs`` rows) and JSON array documents, on real
prompts: JSON-text columns, the hashed key and key owner at the top level, the request body as the
conversation of last resort, and quarantine entries that name the line an array element starts on."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from antidistill.ingest import IngestReport, QuarantineWriter, detect_format, read_paths, read_quarantine
from antidistill.ingest.quarantine import QuarantinedRow
from antidistill.records import EXCHANGE_SCHEMA

UTC = dt.UTC


@pytest.fixture(scope="module")
def gsm8k(shared_data: Path) -> list[tuple[str, str]]:
    """(question, worked answer) of the first GSM8K test problems."""
    with (shared_data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        return [(o["question"], o["answer"]) for o in (json.loads(line) for line, _ in zip(fh, range(6), strict=False))]


def _spend_row(i: int, question: str, answer: str, **over: Any) -> dict[str, Any]:
    """A spend-log row as the proxy writes it with ``store_prompts_in_spend_logs`` on."""
    messages = [{"role": "system", "content": "You are a math tutor."}, {"role": "user", "content": question}]
    row = {
        "request_id": f"chatcmpl-{i}", "call_type": "acompletion", "api_key": f"88dc28d0f030c5{i % 2}",
        "spend": 0.00021, "total_tokens": 180, "prompt_tokens": 60, "completion_tokens": 120,
        "startTime": f"2026-03-02T10:0{i}:00.250000+00:00", "endTime": f"2026-03-02 10:0{i}:02.750000",
        "completionStartTime": None, "model": "gpt-4o-mini", "model_id": "d1", "model_group": "gpt-4o-mini",
        "api_base": "https://upstream.invalid/v1", "user": f"user-{i % 3}",
        "metadata": json.dumps({"user_api_key": f"88dc28d0f030c5{i % 2}", "user_api_key_alias": "svc",
                                "user_api_key_team_id": "team-math", "user_api_key_user_id": None,
                                "requester_ip_address": "203.0.113.9", "status": "success",
                                "usage_object": {"completion_tokens_details": {"reasoning_tokens": 40}}}),
        "cache_hit": "False", "cache_key": "", "request_tags": "[]", "team_id": "team-math", "end_user": "",
        "requester_ip_address": "203.0.113.9", "custom_llm_provider": "openai",
        "messages": json.dumps(messages),
        "response": json.dumps({"id": f"chatcmpl-{i}", "object": "chat.completion", "created": 1772445600,
                                "model": "gpt-4o-mini", "choices": [{"index": 0, "message": {
                                    "role": "assistant", "content": answer}}]}),
        "proxy_server_request": json.dumps({"model": "gpt-4o-mini", "messages": messages, "max_tokens": 512,
                                            "user": "student-17"}),
        "session_id": None, "status": "success",
    }
    row.update(over)
    return row


def _read(tmp_path: Path, path: Path) -> tuple[list[dict[str, Any]], IngestReport, list[QuarantinedRow]]:
    report = IngestReport()
    q_path = tmp_path / f"q-{path.name}.jsonl"
    with QuarantineWriter(q_path) as q:
        batches = list(read_paths([path], report=report, quarantine=q))
    rows = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA).to_pylist()
    return rows, report, read_quarantine(q_path) if q_path.exists() else []


def test_spend_log_rows_map_to_exchanges(gsm8k: list[tuple[str, str]], tmp_path: Path) -> None:
    (q0, a0), (q1, a1) = gsm8k[:2]
    body_only = _spend_row(1, q1, a1, messages="{}", response="{}")  # prompts not stored, request body kept
    failed = _spend_row(2, q0, a0, status="failure", response="{}", metadata=json.dumps({
        "user_api_key": "k2", "status": "failure", "error_information": {"error_code": "429"}}))
    f = tmp_path / "spend.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in [_spend_row(0, q0, a0), body_only, failed]))
    assert detect_format(f) == "litellm"
    rows, report, bad = _read(tmp_path, f)
    assert report.rows_quarantined == 0, bad
    first, second, third = rows
    assert first["exchange_id"] == "chatcmpl-0"
    # The key owner (``user``) is the account; the hashed key is the key; the team is the organisation.
    assert (first["account_id"], first["api_key_id"], first["org_id"]) == ("user-0", "88dc28d0f030c50", "team-math")
    system = {"role": "system", "content": "You are a math tutor."}
    assert first["messages"] == [system, {"role": "user", "content": q0}]
    assert first["response_text"] == a0 and first["reasoning_tokens"] == 40
    assert first["ts_start"] == dt.datetime(2026, 3, 2, 10, 0, 0, 250000, tzinfo=UTC)
    assert first["latency_ms"] == pytest.approx(2500.0)  # a naive endTime is UTC
    assert first["client_ip"] == "203.0.113.9" and first["max_tokens"] == 512 and first["status"] == "ok"
    assert first["end_user"] == "student-17"  # the request's ``user``, from the request body
    # Messages stored as ``{}``: the conversation comes from ``proxy_server_request``.
    assert second["messages"][-1]["content"] == q1 and second["response_text"] is None
    assert (third["status"], third["http_status"], third["api_key_id"]) == ("error", 429, "k2")


def test_spend_log_rows_without_any_prompt_are_read_without_content(
        gsm8k: list[tuple[str, str]], tmp_path: Path) -> None:
    """A proxy without ``store_prompts_in_spend_logs`` keeps no conversation: the row is a content-free exchange
    with all its metadata (scanned on behaviour), not a quarantined one; a broken row still is."""
    q, a = gsm8k[0]
    f = tmp_path / "spend.jsonl"
    f.write_text(json.dumps(_spend_row(0, q, a)) + "\n"
                 + json.dumps(_spend_row(1, q, a, messages="{}", response="{}", proxy_server_request="{}")) + "\n"
                 + json.dumps(_spend_row(2, q, a, metadata='{"user_api_key": "k",')) + "\n")
    rows, report, bad = _read(tmp_path, f)
    assert len(rows) == 2 and report.rows_quarantined == 1
    bare = rows[1]
    assert bare["messages"] == [] and bare["response_text"] is None
    assert (bare["exchange_id"], bare["account_id"], bare["api_key_id"], bare["org_id"]) == (
        "chatcmpl-1", "user-1", "88dc28d0f030c51", "team-math")
    assert bare["prompt_tokens"] == 60 and bare["client_ip"] == "203.0.113.9" and bare["status"] == "ok"
    assert [(b.line, b.field) for b in bad] == [(3, "metadata")]
    assert "JSON string that does not decode" in bad[0].reason


def test_json_array_export_is_read_element_by_element(gsm8k: list[tuple[str, str]], tmp_path: Path) -> None:
    """A pretty-printed JSON array (``/spend/logs``, "download as JSON"): every element a row, a bad one
    quarantined under the line it starts on; the same document gzipped reads the same."""
    elements = [_spend_row(i, q, a) for i, (q, a) in enumerate(gsm8k)]
    del elements[3]["startTime"]
    text = "\ufeff" + json.dumps(elements, indent=2, ensure_ascii=False) + "\n"
    f = tmp_path / "export.json"
    f.write_text(text, encoding="utf-8")
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"]
    assert detect_format(f) == "litellm"
    rows, report, bad = _read(tmp_path, f)
    assert [r["exchange_id"] for r in rows] == [f"chatcmpl-{i}" for i in (0, 1, 2, 4, 5)]
    assert report.rows_read == 6 and report.rows_quarantined == 1
    assert [(b.line, b.field) for b in bad] == [(starts[3], "startTime")]
    assert json.loads(bad[0].raw)["request_id"] == "chatcmpl-3"

    gz = tmp_path / "export.json.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    rows_gz, _, _ = _read(tmp_path, gz)
    assert rows_gz == rows


def test_json_array_cut_short_or_broken_keeps_what_came_before(gsm8k: list[tuple[str, str]], tmp_path: Path) -> None:
    """Invalid JSON inside an array cannot be resynchronised: the rows before it are kept, and one entry names
    the line where reading stopped."""
    elements = [_spend_row(i, q, a) for i, (q, a) in enumerate(gsm8k[:3])]
    text = json.dumps(elements, indent=1)
    broken = tmp_path / "broken.json"
    cut = text.index('"request_id": "chatcmpl-2"')
    broken.write_text(text[:cut] + '"request_id" "chatcmpl-2"' + text[cut + len('"request_id": "chatcmpl-2"'):])
    rows, report, bad = _read(tmp_path, broken)
    assert [r["exchange_id"] for r in rows] == ["chatcmpl-0", "chatcmpl-1"]
    assert report.rows_quarantined == 1 and len(bad) == 1
    line_of_cut = text[:cut].count("\n") + 1
    assert bad[0].line == text[:text.rindex("{", 0, cut)].count("\n") + 1
    assert f"at line {line_of_cut}" in bad[0].reason

    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[: text.index('"request_id": "chatcmpl-2"') - 4])
    rows, report, bad = _read(tmp_path, truncated)
    assert [r["exchange_id"] for r in rows] == ["chatcmpl-0", "chatcmpl-1"]
    assert report.rows_quarantined == 1 and len(bad) == 1
    assert bad[0].reason == "file unreadable from here (2 rows before it): truncated JSON array (no closing ']')"


def test_pretty_printed_objects_one_after_another(gsm8k: list[tuple[str, str]], tmp_path: Path) -> None:
    """``jq .`` output: pretty-printed objects one after another, no array around them; each object a row,
    named by the line it starts on. JSON lines whose first line is damaged are still read line by line."""
    elements = [_spend_row(i, q, a) for i, (q, a) in enumerate(gsm8k[:4])]
    elements[2]["startTime"] = "yesterday"
    blocks = [json.dumps(e, indent=2) for e in elements]
    f = tmp_path / "jq.json"
    f.write_text("\n".join(blocks) + "\n")
    assert detect_format(f) == "litellm"
    rows, report, bad = _read(tmp_path, f)
    assert [r["exchange_id"] for r in rows] == ["chatcmpl-0", "chatcmpl-1", "chatcmpl-3"]
    third = sum(b.count("\n") + 1 for b in blocks[:2]) + 1
    assert report.rows_quarantined == 1 and [(b.line, b.field) for b in bad] == [(third, "startTime")]

    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text('{"request_id": "chatcmpl-x", "call_type"\n'
                       + "".join(json.dumps(e) + "\n" for e in elements))
    rows, report, bad = _read(tmp_path, damaged)
    assert len(rows) == 3 and report.rows_quarantined == 2 and [b.line for b in bad] == [1, 4]
