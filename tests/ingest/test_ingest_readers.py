"""Format-specific mapping of each reader, on real prompts (GSM8K, HH-RLHF dialogues, MGSM)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import real_exchanges

from antidistill.ingest import READERS, IngestReport, read_paths
from antidistill.records import EXCHANGE_SCHEMA

UTC = dt.UTC


@pytest.fixture(scope="module")
def gsm8k(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(5), strict=False)]


def _one(tmp_path: Path, obj: dict[str, Any] | str, fmt: str = "auto") -> dict[str, Any]:
    f = tmp_path / "one.jsonl"
    f.write_text((obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)) + "\n", encoding="utf-8")
    report = IngestReport()
    batches = list(read_paths([f], format=fmt, report=report))
    assert report.rows_quarantined == 0, report.examples
    (row,) = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA).to_pylist()
    return row


def test_registry_holds_the_six_formats() -> None:
    assert READERS.names() == ["canonical", "gateway", "generic", "litellm", "openai", "otel"]
    assert [name for name, cls in READERS.items() if cls.fallback] == ["generic"]


def test_openai_vision_parts_reasoning_and_caller_metadata(gsm8k: list[dict[str, str]], tmp_path: Path) -> None:
    q = gsm8k[0]
    rationale, _, answer = q["answer"].rpartition("####")
    log = {
        "request": {"model": "o3-mini", "max_tokens": 2048, "user": "end-42", "messages": [
            {"role": "developer", "content": "Think step by step."},
            {"role": "user", "content": [{"type": "text", "text": q["question"]},
                                         {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                                         {"type": "text", "text": "Show your reasoning."}]}]},
        "response": {"id": "chatcmpl-9x", "created": 1770105600, "model": "o3-mini-2025-01-31",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.strip(),
                                                          "reasoning": rationale.strip()}}],
                     "usage": {"prompt_tokens": 120, "completion_tokens": 300,
                               "completion_tokens_details": {"reasoning_tokens": 250}}},
        "api_key_id": "key-7", "org_id": "org-3", "client_ip": "198.51.100.7", "user_agent": "OpenAI/Python 1.40.0",
        "latency_ms": 2500, "status": 200,
    }
    row = _one(tmp_path, log)
    assert row["exchange_id"] == "chatcmpl-9x" and row["model"] == "o3-mini"
    assert row["ts_start"] == dt.datetime(2026, 2, 3, 8, 0, tzinfo=UTC)  # response.created when no timestamp
    assert row["ts_end"] == row["ts_start"] + dt.timedelta(seconds=2.5)
    assert row["account_id"] == "key-7"  # no account_id: the key stands for the account
    assert row["end_user"] == "end-42" and row["org_id"] == "org-3"
    assert row["messages"][1]["content"] == f"{q['question']}\n[image]\nShow your reasoning."
    assert row["reasoning_text"] == rationale.strip() and row["response_text"] == answer.strip()
    assert (row["prompt_tokens"], row["completion_tokens"], row["reasoning_tokens"]) == (120, 300, 250)
    assert (row["status"], row["http_status"], row["max_tokens"]) == ("ok", 200, 2048)
    assert row["source_format"] == "openai"


def test_openai_legacy_completion_and_think_block(gsm8k: list[dict[str, str]], tmp_path: Path) -> None:
    q = gsm8k[1]
    log = {"request": {"model": "deepseek-r1", "prompt": q["question"]},
           "response": {"created": 1770105600, "choices": [{"text": f"<think>{q['answer']}</think>\n\nThree."}]},
           "metadata": {"account_id": "acct-1", "timestamp": "2026-02-03T09:00:00+01:00"}}
    row = _one(tmp_path, log)
    assert row["messages"] == [{"role": "user", "content": q["question"]}]
    assert row["reasoning_text"] == q["answer"] and row["response_text"] == "Three."
    assert row["ts_start"] == dt.datetime(2026, 2, 3, 8, 0, tzinfo=UTC)  # offset normalised to UTC
    assert row["exchange_id"].startswith("sha256:")  # no id anywhere: a content hash


@pytest.mark.parametrize("meta,status,http", [
    ({"status": 429}, "error", 429), ({"status": 499}, "aborted", 499), ({"status": "denied", "http_status": 403},
                                                                        "denied", 403),
    ({"status": "failure"}, "error", None), ({}, "error", None),
])
def test_openai_failures(tmp_path: Path, meta: dict[str, Any], status: str, http: int | None) -> None:
    log = {"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, "response": None,
           "error": {"message": "Rate limit reached", "type": "requests"},
           "metadata": {"account_id": "a", "timestamp": 1770105600, **meta}}
    row = _one(tmp_path, log)
    assert (row["status"], row["http_status"], row["response_text"]) == (status, http, None)


def test_litellm_identity_and_string_shapes(tmp_path: Path, shared_data: Path) -> None:
    with (shared_data / "mgsm" / "mgsm_ja.tsv").open(encoding="utf-8") as fh:
        question = fh.readline().split("\t")[0]
    payload = {"id": "call-1", "call_type": "text_completion", "startTime": 1770105600.25, "endTime": 1770105601.5,
               "model": "qwen-max", "model_group": "qwen", "messages": question, "response": "18ドルです。",
               "prompt_tokens": 60, "completion_tokens": 8, "status": "success",
               "requester_ip_address": None,
               "metadata": {"user_api_key_hash": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
                            "user_api_key_alias": "ci", "user_api_key_user_id": None, "user_api_key_team_id": "team-b",
                            "user_api_key_org_id": None, "requester_ip_address": "192.0.2.9",
                            "requester_custom_headers": {"user-agent": "python-httpx/0.27"},
                            "usage_object": {"completion_tokens_details": {"reasoning_tokens": 0}}},
               "model_parameters": {"max_completion_tokens": 64}}
    row = _one(tmp_path, payload)
    assert row["account_id"] == "team-b" and row["org_id"] == "team-b"
    assert row["api_key_id"].startswith("88dc28d0")
    assert row["messages"] == [{"role": "user", "content": question}] and row["response_text"] == "18ドルです。"
    assert row["client_ip"] == "192.0.2.9" and row["user_agent"] == "python-httpx/0.27"
    assert row["latency_ms"] == pytest.approx(1250.0) and row["max_tokens"] == 64 and row["reasoning_tokens"] == 0
    assert row["model"] == "qwen-max"


def test_canonical_jsonl_epoch_seconds_and_gzip(shared_data: Path, tmp_path: Path) -> None:
    row = real_exchanges(shared_data, 4, seed=5).to_pylist()[0]
    obj = {k: (v.timestamp() if isinstance(v, dt.datetime) else v) for k, v in row.items()}
    f = tmp_path / "x.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    (batch,) = read_paths([f])
    assert batch.to_pylist() == [row]


def test_canonical_parquet_epoch_milliseconds(shared_data: Path, tmp_path: Path) -> None:
    """Numeric time columns of an Exchange Parquet in milliseconds (or seconds) read as the same instants; a
    value no unit puts inside 2000-2100 is quarantined by the range check, and counted."""
    import pyarrow.parquet as pq

    table = real_exchanges(shared_data, 6, seed=5)
    millis = pa.array([int(t.timestamp() * 1000) for t in table.column("ts_start").to_pylist()], pa.int64())
    millis = pa.concat_arrays([millis.slice(0, 5), pa.array([10_000_000_000], pa.int64())])  # year 2286 in seconds
    seconds = pa.array([t.timestamp() for t in table.column("ts_end").to_pylist()], pa.float64())
    numeric = table.set_column(1, "ts_start", millis).set_column(2, "ts_end", seconds)
    assert numeric.column_names[1:3] == ["ts_start", "ts_end"]
    pq.write_table(numeric, tmp_path / "ms.parquet")
    report = IngestReport()
    (batch,) = read_paths([tmp_path / "ms.parquet"], report=report)
    assert report.rows_quarantined == 1
    back = batch.column("ts_start").to_pylist()
    want = table.column("ts_start").to_pylist()[:5]
    assert all(abs((b - w).total_seconds()) < 1e-3 for b, w in zip(back, want, strict=True))
    assert batch.column("ts_end").to_pylist() == table.column("ts_end").to_pylist()[:5]


def test_gateway_event_log_reads_as_canonical(shared_data: Path, tmp_path: Path) -> None:
    """The gateway writes Exchange rows with ISO times plus a ``decision`` object: auto reads it as canonical,
    ``--format gateway`` labels rows from unlabeled logs as gateway."""
    row = real_exchanges(shared_data, 4, seed=6).to_pylist()[1]
    obj = {k: (v.isoformat().replace("+00:00", "Z") if isinstance(v, dt.datetime) else v) for k, v in row.items()}
    obj["decision"] = {"action": "allow", "rule": None}
    got = _one(tmp_path, {**obj, "source_format": "gateway"})
    assert got["source_format"] == "gateway" and got["messages"] == row["messages"]
    assert _one(tmp_path, {**obj, "source_format": None}, fmt="gateway")["source_format"] == "gateway"


def test_batches_are_bounded(shared_data: Path, tmp_path: Path) -> None:
    table = real_exchanges(shared_data, 100, seed=1)
    f = tmp_path / "x.jsonl"
    f.write_text("".join(json.dumps({k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                                     for k, v in r.items()}) + "\n" for r in table.to_pylist()))
    sizes = [b.num_rows for b in read_paths([f], batch_size=30)]
    assert sizes == [30, 30, 30, 10]


def test_real_gateway_event_log_round_trips(shared_data: Path, tmp_path: Path) -> None:
    """Files written by the gateway's own EventLog read back as the exchanges it logged."""
    from antidistill.gateway.eventlog import EventLog, exchange_row
    from antidistill.records import table_to_exchanges

    table = real_exchanges(shared_data, 50, seed=9)
    with EventLog(directory=tmp_path / "events", fsync_window_s=0, rotate_bytes=20_000) as log:
        for ex in table_to_exchanges(table):
            log.append(exchange_row(ex, {"action": "allow", "rule": None}))
    assert len(list((tmp_path / "events").glob("*.jsonl"))) > 1  # rotated: several files, read in order
    report = IngestReport()
    back = pa.Table.from_batches(list(read_paths([tmp_path / "events"], report=report)), schema=EXCHANGE_SCHEMA)
    assert report.rows_quarantined == 0 and set(report.by_format()) == {"canonical"}
    assert set(back.column("source_format").to_pylist()) == {"gateway"}
    assert back.drop(["source_format"]).equals(table.drop(["source_format"]))


@pytest.mark.parametrize("suffix", [".gz", ".zst", ".bz2", ".xz"])
def test_compressed_logs_and_cut_off_streams(shared_data: Path, tmp_path: Path, suffix: str) -> None:
    """JSON lines and CSV compressed as log shippers and exports write them; a file cut off mid-stream keeps
    the rows before the cut and says where it stopped."""
    import bz2
    import lzma

    table = real_exchanges(shared_data, 40, seed=6)
    lines = "".join(json.dumps({k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in r.items()},
                               ensure_ascii=False) + "\n" for r in table.to_pylist()).encode()
    compress = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress,
                ".zst": lambda b: pa.Codec("zstd").compress(b, asbytes=True)}[suffix]
    whole = compress(lines)
    f = tmp_path / f"exchanges.jsonl{suffix}"
    f.write_bytes(whole)
    report = IngestReport()
    batches = list(read_paths([tmp_path], report=report))  # found by its suffix inside a folder
    assert sum(b.num_rows for b in batches) == 40 and report.rows_quarantined == 0
    assert pa.Table.from_batches(batches).column("exchange_id").to_pylist() == table.column("exchange_id").to_pylist()

    f.write_bytes(whole[: len(whole) * 2 // 3])
    report = IngestReport()
    # Named, since a block-compressed file (bz2, zstd) cut inside its only block yields no line to sniff.
    got = sum(b.num_rows for b in read_paths([f], format="canonical", report=report))
    assert 0 <= got < 40
    (entry,) = report.examples
    assert entry.line is None and entry.reason.startswith(f"file unreadable after {got} rows")


def test_gemini_request_and_response_bodies(gsm8k: list[dict[str, str]], tmp_path: Path) -> None:
    """A request/response log of the Gemini API (``contents`` turns with ``parts``, role ``model``, a
    ``systemInstruction``, ``generationConfig``; ``candidates`` with thought parts and ``usageMetadata``)."""
    q0, q1 = gsm8k[0]["question"], gsm8k[1]["question"]
    rationale, _, answer = gsm8k[1]["answer"].rpartition("####")
    log = {
        "request": {
            "systemInstruction": {"parts": [{"text": "You are a math tutor."}]},
            "contents": [
                {"role": "user", "parts": [{"text": q0}]},
                {"role": "model", "parts": [{"functionCall": {"name": "calc", "args": {"expr": "16-3-4"}}}]},
                {"role": "function", "parts": [{"functionResponse": {"name": "calc", "response": {"value": 9}}}]},
                {"role": "user", "parts": [{"text": q1}, {"inlineData": {"mimeType": "image/png", "data": "AAAA"}}]},
            ],
            "generationConfig": {"maxOutputTokens": 800, "thinkingConfig": {"includeThoughts": True}},
        },
        "response": {
            "candidates": [{"content": {"role": "model", "parts": [{"text": rationale.strip(), "thought": True},
                                                                  {"text": answer.strip()}]},
                            "finishReason": "STOP"}],
            "usageMetadata": {"promptTokenCount": 50, "candidatesTokenCount": 100, "thoughtsTokenCount": 40},
            "modelVersion": "gemini-x-pro", "responseId": "resp-7",
        },
        "metadata": {"account_id": "acct-1", "timestamp": "2026-03-02T10:00:00Z"},
    }
    row = _one(tmp_path, log)
    assert row["source_format"] == "openai"
    assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant", "tool", "user"]
    assert row["messages"][0]["content"] == "You are a math tutor."
    assert row["messages"][1]["content"] == q0
    assert row["messages"][2]["content"].startswith("[tool_call calc]") and "16-3-4" in row["messages"][2]["content"]
    assert row["messages"][3]["content"] == '{"value": 9}'
    assert row["messages"][4]["content"] == f"{q1}\n[inline_data]"
    assert (row["response_text"], row["reasoning_text"]) == (answer.strip(), rationale.strip())
    assert (row["prompt_tokens"], row["completion_tokens"], row["reasoning_tokens"]) == (50, 140, 40)
    assert (row["max_tokens"], row["model"], row["exchange_id"], row["status"]) == (800, "gemini-x-pro", "resp-7", "ok")


def test_openai_log_with_objects_written_as_json_text(shared_data: Path, tmp_path: Path) -> None:
    """Some loggers write the request, response and metadata objects as JSON strings inside the JSON line: the
    same rows as the object form, read by the same reader."""
    from openai_convert import to_openai_log

    table = real_exchanges(shared_data, 40, seed=9)
    plain, texted = tmp_path / "plain.jsonl", tmp_path / "texted.jsonl"
    with plain.open("w") as a, texted.open("w") as b:
        for r in table.to_pylist():
            log = to_openai_log(r)
            a.write(json.dumps(log) + "\n")
            b.write(json.dumps({k: json.dumps(v) if isinstance(v, dict) else v for k, v in log.items()}) + "\n")
    rows = {}
    for f in (plain, texted):
        report = IngestReport()
        rows[f.name] = pa.Table.from_batches(list(read_paths([f], report=report)), schema=EXCHANGE_SCHEMA)
        assert report.rows_quarantined == 0 and report.files[0].format == "openai"
    assert rows["texted.jsonl"].equals(rows["plain.jsonl"])


def test_log_probabilities_asked_for_are_read_from_every_api_shape(gsm8k: list[dict[str, str]], tmp_path: Path) -> None:
    """``top_logprobs``: alternatives per output token the request asked for. Chat Completions' ``top_logprobs``
    (``logprobs: true`` alone is the chosen token's own: 1), the legacy Completions API's numeric ``logprobs``,
    the Gemini API's ``generationConfig.logprobs``; 0 for a body that asked for none; not logged (null) without a
    body; a negative count is a bad row naming the field."""
    q = gsm8k[1]["question"]
    meta = {"account_id": "acct-1", "timestamp": "2026-03-02T10:00:00Z"}
    answer = {"id": "r-1", "choices": [{"index": 0, "message": {"role": "assistant", "content": "18"}}]}

    def chat(**params: Any) -> dict[str, Any]:
        return {"request": {"model": "m", "messages": [{"role": "user", "content": q}], **params},
                "response": answer, "metadata": meta}

    assert _one(tmp_path, chat(logprobs=True, top_logprobs=5))["top_logprobs"] == 5
    assert _one(tmp_path, chat(logprobs=True))["top_logprobs"] == 1
    assert _one(tmp_path, chat(logprobs=False, top_logprobs=0))["top_logprobs"] == 0
    assert _one(tmp_path, chat(max_tokens=10))["top_logprobs"] == 0
    legacy = {"request": {"model": "m", "prompt": q, "logprobs": 3}, "metadata": meta,
              "response": {"id": "c-1", "choices": [{"index": 0, "text": "18"}]}}
    assert _one(tmp_path, legacy)["top_logprobs"] == 3
    gemini = {"request": {"contents": [{"role": "user", "parts": [{"text": q}]}],
                          "generationConfig": {"responseLogprobs": True, "logprobs": 4}},
              "response": {"candidates": [{"content": {"role": "model", "parts": [{"text": "18"}]}}],
                           "modelVersion": "gemini-x", "responseId": "g-1"}, "metadata": meta}
    assert _one(tmp_path, gemini)["top_logprobs"] == 4
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps(chat(logprobs=True, top_logprobs=-2)) + "\n", encoding="utf-8")
    report = IngestReport()
    assert sum(b.num_rows for b in read_paths([f], report=report)) == 0
    assert report.rows_quarantined == 1 and "request.top_logprobs" in str(report.examples)


def test_litellm_model_parameters_say_whether_log_probabilities_were_asked_for(tmp_path: Path) -> None:
    """A LiteLLM payload keeps the request's optional parameters in ``model_parameters``: asked for, or not."""
    base = {"id": "p-1", "call_type": "acompletion", "startTime": 1772445600.0, "endTime": 1772445601.0,
            "model": "gpt-x", "messages": [{"role": "user", "content": "Name a prime number above 90."}],
            "response": {"id": "r-1", "choices": [{"index": 0, "message": {"role": "assistant", "content": "97"}}]},
            "metadata": {"user_api_key_hash": "a" * 64}}
    assert _one(tmp_path, {**base, "model_parameters": {"logprobs": True, "top_logprobs": 20}})["top_logprobs"] == 20
    assert _one(tmp_path, {**base, "model_parameters": {}})["top_logprobs"] == 0
    assert _one(tmp_path, base)["top_logprobs"] is None
