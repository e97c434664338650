"""Logs stored as a message bus delivered them: Pub/Sub push requests, an Event Hubs Capture Avro file of Azure
diagnostic records, a Kinesis consumer's events carrying a CloudWatch Logs subscription gzip'ed. Before session 44
each bus record was one row (or none) with the calls base64-encoded inside it."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import read_back
from openai_convert import to_openai_log

from antidistill.records import Exchange, Message

T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def calls(shared_data: Path) -> list[dict[str, Any]]:
    """Twenty-four OpenAI-style call records of three accounts, their prompts real GSM8K questions."""
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()[:24]
    questions = [json.loads(x)["question"] for x in lines]
    return [to_openai_log(Exchange(f"chatcmpl-{k:04d}", T0 + dt.timedelta(minutes=k), f"acct-{k % 3}", "heron-2",
                                   [Message("user", q)], response_text=f"The answer is {k}.", prompt_tokens=30 + k,
                                   completion_tokens=5).to_row()) for k, q in enumerate(questions)]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _check(table: Any, calls: list[dict[str, Any]]) -> None:
    assert table.column("exchange_id").to_pylist() == [c["response"]["id"] for c in calls]
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == \
        [c["request"]["messages"][-1]["content"] for c in calls]


def test_pub_sub_push_requests_are_opened_to_their_calls(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    """A push endpoint that stored each request body; one message is no base64 and is quarantined naming it."""
    bodies = [{"message": {"data": _b64(json.dumps(c).encode()), "attributes": {"logging.googleapis.com/timestamp":
                                                                                 "2026-05-04T10:00:00Z"},
                           "messageId": str(9000 + k), "publishTime": "2026-05-04T10:00:01.5Z"},
               "subscription": "projects/heron-prod/subscriptions/llm-logs-push"} for k, c in enumerate(calls)]
    bodies.insert(5, {**bodies[0], "message": {**bodies[0]["message"], "data": "%%% not base64 %%%"}})
    path = tmp_path / "push-2026-05-04.jsonl"
    path.write_text("".join(json.dumps(b) + "\n" for b in bodies))
    table, _, quarantined = read_back(tmp_path, path)
    _check(table, calls)
    assert [(q.line, q.reason) for q in quarantined] == [(6, "Pub/Sub message.data: not base64")]


def test_an_event_hubs_capture_file_reads_every_diagnostic_record(calls: list[dict[str, Any]],
                                                                   tmp_path: Path) -> None:
    """Azure Monitor streams diagnostics to Event Hubs in batches (``{"records": [...]}``); Capture archives the
    events as Avro, the JSON in ``Body`` bytes."""
    import fastavro

    schema = fastavro.parse_schema({
        "type": "record", "name": "EventData", "namespace": "Microsoft.ServiceBus.Messaging", "fields": [
            {"name": "SequenceNumber", "type": "long"}, {"name": "Offset", "type": "string"},
            {"name": "EnqueuedTimeUtc", "type": "string"},
            {"name": "SystemProperties", "type": {"type": "map", "values": ["long", "double", "string", "bytes"]}},
            {"name": "Properties", "type": {"type": "map", "values": ["long", "double", "string", "bytes", "null"]}},
            {"name": "Body", "type": ["null", "bytes"]}]})
    events = [{"SequenceNumber": i, "Offset": str(4096 * i), "EnqueuedTimeUtc": "5/4/2026 10:30:00 AM",
               "SystemProperties": {"x-opt-enqueued-time": 1777890600000}, "Properties": {},
               "Body": json.dumps({"records": calls[i * 8:(i + 1) * 8]}).encode()} for i in range(3)]
    path = tmp_path / "heron-logs" / "0" / "2026" / "05" / "04" / "10" / "30" / "00.avro"
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        fastavro.writer(fh, schema, events)
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_quarantined == 0
    _check(table, calls)


def test_a_kinesis_consumers_events_open_to_the_cloudwatch_records_inside(calls: list[dict[str, Any]],
                                                                          tmp_path: Path) -> None:
    """A CloudWatch Logs subscription to Kinesis: each record's data is a gzip'ed subscription record whose log
    events are the service's lines."""
    def record(i: int, chunk: list[dict[str, Any]]) -> dict[str, Any]:
        cw = {"messageType": "DATA_MESSAGE", "owner": "111122223333", "logGroup": "/ecs/heron-api",
              "logStream": f"api/{i}", "subscriptionFilters": ["to-kinesis"],
              "logEvents": [{"id": str(i * 100 + j), "timestamp": 1777888800000 + j, "message": json.dumps(c)}
                            for j, c in enumerate(chunk)]}
        return {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": str(i), "sequenceNumber": str(10 ** 20 + i),
                            "data": _b64(gzip.compress(json.dumps(cw).encode())),
                            "approximateArrivalTimestamp": 1777888801.25},
                "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"shardId-000:{i}",
                "eventName": "aws:kinesis:record", "awsRegion": "us-east-1",
                "eventSourceARN": "arn:aws:kinesis:us-east-1:111122223333:stream/heron-logs"}
    events = [{"Records": [record(2 * e + r, calls[(2 * e + r) * 6:(2 * e + r + 1) * 6]) for r in range(2)]}
              for e in range(2)]
    path = tmp_path / "consumer-events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_quarantined == 0
    _check(table, calls)


def test_a_call_record_with_a_data_field_is_no_bus_message(tmp_path: Path) -> None:
    from antidistill.ingest.messages import payloads

    assert payloads({"data": "aGk=", "model": "heron-2", "messageId": "m1"}) is None  # no publish time
    assert payloads({"Body": "{}", "model": "heron-2"}) is None
    assert payloads({"message": {"data": "aGk=", "messageId": "1"}, "request": {}}) is None
