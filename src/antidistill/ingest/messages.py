"""Logs that travelled through a message bus and were stored as the bus's records: the application's JSON is inside,
base64-encoded or as bytes, maybe gzip'ed, with the bus's own metadata around it.

- **Google Cloud Pub/Sub**: a push subscription's request body (``{"message": {"data": BASE64, "attributes": ...,
  "messageId": ..., "publishTime": ...}, "subscription": ...}``), a pulled or exported message (``data``,
  ``messageId``/``message_id``, ``publishTime``/``publish_time``), or a Cloud Storage subscription's Avro records
  (``data`` bytes, ``message_id``, ``publish_time``). A Cloud Logging sink to Pub/Sub delivers its ``LogEntry`` records
  this way.
- **Azure Event Hubs Capture** (Avro files of ``SequenceNumber``, ``Offset``, ``EnqueuedTimeUtc``,
  ``SystemProperties``, ``Properties``, ``Body``): Azure Monitor's diagnostic settings stream to Event Hubs, and each
  ``Body`` holds ``{"records": [...]}``.
- **Amazon Kinesis Data Streams**, as a consumer (a Lambda function's event, ``{"Records": [{"kinesis": {"data":
  BASE64, "approximateArrivalTimestamp": ...}, "eventSource": "aws:kinesis"}]}``) stores them; a CloudWatch Logs
  subscription's records arrive this way gzip'ed.

:func:`payloads` says what such a record carries; :func:`antidistill.ingest.jsonlines.bus_messages` turns each payload
into the rows it holds (one JSON value, or JSON lines), the bus's time as ``logged_at`` where a record has none, so the
stages after it open CloudWatch records and pages of ``records`` as they would from a file.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Payload:
    data: str | bytes  # as the record holds it: base64 text, or the message's own text or bytes
    encoded: bool  # base64 text to decode first
    time: str | None  # when the bus took the message
    where: str  # the record's field, for errors ("Pub/Sub message.data")


def _time(obj: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = obj.get(name)
        if value is not None and value != "":
            return str(value)
    return None


def payloads(obj: Mapping[str, Any]) -> list[Payload] | None:
    """The payloads of a message-bus record, or None when ``obj`` is no such record (exact key signatures: a call
    record that merely has a ``data`` or ``body`` field is left alone)."""
    message = obj.get("message")
    if isinstance(message, Mapping) and isinstance(message.get("data"), str) and (
            "messageId" in message or "message_id" in message) and ("subscription" in obj or len(obj) == 1):
        return [Payload(message["data"], True, _time(message, "publishTime", "publish_time"),
                        "Pub/Sub message.data")]
    if ("messageId" in obj or "message_id" in obj) and ("publishTime" in obj or "publish_time" in obj) \
            and isinstance(obj.get("data"), str | bytes):
        # pulled (base64 text); a Cloud Storage subscription's Avro (bytes, which the Avro reader turns into text)
        raw = obj["data"]
        return [Payload(raw, not _looks_like_json(raw), _time(obj, "publishTime", "publish_time"), "Pub/Sub data")]
    if "Body" in obj and "EnqueuedTimeUtc" in obj and isinstance(obj["Body"], str | bytes):
        return [Payload(obj["Body"], not _looks_like_json(obj["Body"]), _time(obj, "EnqueuedTimeUtc"),
                        "Event Hubs Body")]
    records = obj.get("Records")
    if isinstance(records, list) and records and all(_kinesis(r) for r in records) and len(obj) == 1:
        return [_kinesis_payload(r, i) for i, r in enumerate(records)]
    if _kinesis(obj):
        return [_kinesis_payload(obj, None)]
    return None


def _kinesis(obj: Any) -> bool:
    return (isinstance(obj, Mapping) and obj.get("eventSource") == "aws:kinesis"
            and isinstance(obj.get("kinesis"), Mapping) and isinstance(obj["kinesis"].get("data"), str))


def _kinesis_payload(obj: Mapping[str, Any], i: int | None) -> Payload:
    k = obj["kinesis"]
    when = k.get("approximateArrivalTimestamp")
    return Payload(k["data"], True, None if when is None else str(when),
                   "Kinesis kinesis.data" if i is None else f"Kinesis Records[{i}].kinesis.data")


def _looks_like_json(raw: str | bytes) -> bool:
    head = raw[:64].lstrip() if isinstance(raw, bytes) else raw[:64].lstrip().encode()
    return head[:1] in (b"{", b"[")


def decode(p: Payload) -> str:
    """The payload's text: base64 decoded where it is base64, gunzipped where gzip'ed, UTF-8. Raises ``ValueError``
    naming the field."""
    raw = p.data.encode() if isinstance(p.data, str) and p.encoded else p.data
    if p.encoded:
        try:
            raw = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{p.where}: not base64") from None
    if isinstance(raw, str):
        return raw
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error):
            raise ValueError(f"{p.where}: a gzip stream that does not decompress") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p.where}: not UTF-8 at byte {exc.start}") from None
