"""An inference service's own JSON log lines as Kinesis Data Firehose delivers them to S3 from a CloudWatch Logs
subscription: objects under generated names with no log suffix (``stream-1-2026-03-09-14-05-12-<uuid>.gz``), each
a run of gzip members, one per subscription record, the records' JSON back to back with no separator, every record
a batch of log events whose ``message`` is the line the service logged.

Before session 35 such an object was skipped unread ("not a log file suffix"); read by name it was one invalid
JSON line; and the service's lines, which carry the request and response bodies beside their own caller fields
(``auth.org_id``...), were claimed by the ``openai`` reader, which looks for the caller elsewhere.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths, read_quarantine
from antidistill.records import EXCHANGE_SCHEMA

T0_MS = 1_773_065_112_000  # 2026-03-09T14:05:12Z


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")[:30]
    return [json.loads(line)["question"] for line in lines if line]


def _call(k: int, question: str) -> dict[str, Any]:
    org, project = f"org-{k % 3:024d}", f"proj_{k % 3:024d}"
    return {"timestamp": f"2026-03-09T14:{k // 10:02d}:{k % 60:02d}.250000Z", "level": "info",
            "logger": "inference_api.access", "event": "request.completed", "request_id": f"req_{k:032x}",
            "http": {"method": "POST", "path": "/v1/chat/completions", "status": 200,
                     "client_ip": f"198.51.100.{k % 3 + 1}", "user_agent": "OpenAI/Python 1.66.3"},
            "auth": {"org_id": org, "project_id": project, "api_key_id": f"key_{k % 3:016d}",
                     "key_hint": "sk-proj-...a1b2", "tier": "tier-2", "user": f"end-user-{k}"},
            "model": "sable-4",
            "request": {"model": "sable-4", "messages": [{"role": "user", "content": question}], "max_tokens": 400},
            "response": {"id": f"chatcmpl-{k}", "object": "chat.completion", "created": T0_MS // 1000 + k,
                         "model": "sable-4", "choices": [{"index": 0, "finish_reason": "stop", "message": {
                             "role": "assistant", "content": f"The answer is {k}."}}]},
            "usage": {"prompt_tokens": 60, "completion_tokens": 8, "total_tokens": 68},
            "timing": {"latency_ms": 812.5}}


def _record(lines: list[str], stream: str) -> dict[str, Any]:
    return {"messageType": "DATA_MESSAGE", "owner": "491827361045", "logGroup": "/ecs/inference-api",
            "logStream": stream, "subscriptionFilters": ["inference-api-to-firehose"],
            "logEvents": [{"id": f"{T0_MS + i:013d}{i:043d}", "timestamp": T0_MS + i, "message": line}
                          for i, line in enumerate(lines)]}


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory, questions: list[str]) -> Path:
    root = tmp_path_factory.mktemp("firehose")
    hour = root / "logs" / "2026" / "03" / "09" / "14"
    hour.mkdir(parents=True)
    calls = [json.dumps(_call(k, q)) for k, q in enumerate(questions)]
    noise = [json.dumps({"timestamp": "2026-03-09T14:00:15.4Z", "level": "info", "logger": "inference_api.access",
                         "event": "healthcheck", "path": "/healthz", "status": 200, "client_ip": "10.20.41.70",
                         "user_agent": "ELB-HealthChecker/2.0", "latency_ms": 1.29}),
             "INFO:     Application startup complete.",
             "Traceback (most recent call last):\n  File \"/app/main.py\", line 3, in run\nValueError: boom"]
    records = [_record(calls[:12] + noise[:1], "api/a1"), _record(noise[1:] + calls[12:], "api/b2"),
               {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logStream": "",
                "subscriptionFilters": [], "logEvents": [
                    {"id": "", "timestamp": T0_MS, "message": "CWL CONTROL MESSAGE: Checking health of destination "
                                                              "Firehose."}]}]
    # one gzip member per record, as CloudWatch Logs compresses each one and Firehose appends them
    members = b"".join(gzip.compress(json.dumps(r, separators=(",", ":")).encode()) for r in records)
    (hour / "inference-stream-1-2026-03-09-14-05-12-5d08f43d-e35b-44f9-8df5-f4055da4ba1a.gz").write_bytes(members)
    (hour / "NOTES").write_text("delivery stream paused for maintenance at 14:30\n")  # no suffix, no JSON: skipped
    return root


def test_firehose_objects_of_cloudwatch_records_are_read_event_by_event(delivered: Path, tmp_path: Path,
                                                                         questions: list[str]) -> None:
    report = IngestReport()
    q_path = tmp_path / "quarantine.jsonl"
    with QuarantineWriter(q_path) as q:
        table = pa.Table.from_batches(list(read_paths([delivered / "logs"], report=report, quarantine=q)),
                                      schema=EXCHANGE_SCHEMA)
    rows = sorted(table.to_pylist(), key=lambda r: r["exchange_id"])
    assert len(rows) == len(questions) == 30
    for k, row in enumerate(rows):
        assert row["exchange_id"] == f"req_{k:032x}"
        assert row["account_id"] == f"proj_{k % 3:024d}" and row["org_id"] == f"org-{k % 3:024d}"
        assert row["api_key_id"] == f"key_{k % 3:016d}" and row["end_user"] == f"end-user-{k}"
        assert row["messages"][-1]["content"] == questions[k] and row["response_text"] == f"The answer is {k}."
        assert row["client_ip"] == f"198.51.100.{k % 3 + 1}" and row["http_status"] == 200
    assert {s.reason for s in report.skipped if s.path.endswith("NOTES")} == {"not a log file suffix"}
    bad = read_quarantine(q_path)
    assert len(bad) == 4  # the health check, the two plain-text lines, the control record: counted, kept aside
    reasons = " | ".join(b.reason for b in bad)
    assert reasons.count("the logged line is not JSON") == 2 and "CONTROL_MESSAGE record" in reasons
    assert sum(b.raw.startswith("Traceback") for b in bad) == 1


def test_health_checks_in_an_access_log_read_by_address_are_no_calls(tmp_path: Path) -> None:
    """An access log that names no caller is read by client address, each address one account; its load
    balancer's health checks, logged by the same fields with nothing of a model, are kept aside as no calls (in the
    seventh probe, 83 internal addresses were read as one-request accounts)."""
    calls = [{"timestamp": f"2026-03-09T14:00:{k:02d}Z", "client_ip": f"203.0.113.{k % 4}", "path":
              "/v1/chat/completions", "status": 200, "model": "sable-4", "latency_ms": 900.0,
              "usage": {"prompt_tokens": 40, "completion_tokens": 12}} for k in range(20)]
    checks = [{"timestamp": f"2026-03-09T14:00:{k:02d}.5Z", "client_ip": f"10.20.41.{k}", "path": "/healthz",
               "status": 200, "latency_ms": 1.2} for k in range(0, 20, 5)]
    log = tmp_path / "access.jsonl"
    log.write_text("".join(json.dumps(o) + "\n" for o in sorted(calls + checks, key=lambda o: o["timestamp"])))
    q_path = tmp_path / "q.jsonl"
    with QuarantineWriter(q_path) as q:
        table = pa.Table.from_batches(list(read_paths([log], quarantine=q)), schema=EXCHANGE_SCHEMA)
    assert table.num_rows == 20 and set(table.column("account_id").to_pylist()) == {f"203.0.113.{k}" for k in range(4)}
    bad = read_quarantine(q_path)
    assert len(bad) == 4 and all("not a call to a model" in b.reason for b in bad)


def test_a_log_opening_with_health_checks_beside_merged_call_rows_keeps_its_callers(tmp_path: Path,
                                                                                   questions: list[str]) -> None:
    """A service that logs side lines sharing a call's request id (a moderation note) has each call's rows merged;
    the merge holds a call back until its rows are in and lets the health checks through at once, so a file that
    holds more health checks than calls had its fields chosen on them alone: the caller became their client
    address and every call was quarantined (one object of the seventh probe, 132 calls)."""
    checks = [{"timestamp": f"2026-03-09T14:00:{k:02d}.5Z", "level": "info", "logger": "inference_api.access",
               "event": "healthcheck", "path": "/healthz", "status": 200, "client_ip": f"10.20.41.{k}",
               "latency_ms": 1.2} for k in range(60)]
    lines = []
    for k, q in enumerate(questions[:20]):  # three health checks between calls: 60 records let through at once
        lines += [json.dumps(o) for o in checks[3 * k:3 * k + 3]]
        call = _call(k, q)
        lines.append(json.dumps({"timestamp": call["timestamp"], "level": "info", "logger": "inference_api.moderation",
                                 "event": "moderation.flagged", "request_id": call["request_id"],
                                 "org_id": call["auth"]["org_id"], "categories": ["hate"]}))
        lines.append(json.dumps(call))
    log = tmp_path / "api.jsonl"
    log.write_text("\n".join(lines) + "\n")
    q_path = tmp_path / "q.jsonl"
    with QuarantineWriter(q_path) as q:
        table = pa.Table.from_batches(list(read_paths([log], quarantine=q)), schema=EXCHANGE_SCHEMA)
    assert table.num_rows == 20
    assert set(table.column("account_id").to_pylist()) == {f"proj_{k:024d}" for k in range(3)}
    assert all("client_ip" not in b.reason for b in read_quarantine(q_path))
