"""The Exchange record: the one normalised shape of a request/response pair.

Every reader in ``antidistill.ingest`` produces Exchanges, the traffic lab writes them,
the gateway logs them, and every detector reads them. ``docs/records.md`` documents each
field, including which fields real logs commonly lack (all but the identity, time and
model fields are nullable on purpose: missing data is normal, not an error).

The Arrow schema ``EXCHANGE_SCHEMA`` is the contract on disk (Parquet) and in DuckDB.
``MODEL_SCHEMA`` describes the small side table of models and their release times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = 1


class AccessPath(StrEnum):
    """How an account reaches the model. Campaigns spread over several of these."""

    DIRECT_API = "direct_api"
    CLOUD_MARKETPLACE = "cloud_marketplace"
    RESELLER = "reseller"
    EDUCATION = "education"
    STARTUP = "startup"
    CONSUMER_APP = "consumer_app"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """Outcome of the exchange as the provider saw it."""

    OK = "ok"
    ERROR = "error"  # upstream or server error
    ABORTED = "aborted"  # client went away before the response completed
    DENIED = "denied"  # the gateway refused it (throttle, step-up, block)


class Role(StrEnum):
    SYSTEM = "system"
    DEVELOPER = "developer"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


@dataclass(frozen=True, slots=True)
class Message:
    """One chat turn. ``content`` is the text; non-text parts are rendered as placeholders."""

    role: str
    content: str


_TS = pa.timestamp("us", tz="UTC")

MESSAGE_TYPE = pa.struct([pa.field("role", pa.string(), nullable=False), pa.field("content", pa.string())])

EXCHANGE_SCHEMA = pa.schema(
    [
        pa.field("exchange_id", pa.string(), nullable=False),
        pa.field("ts_start", _TS, nullable=False),
        pa.field("ts_end", _TS),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("api_key_id", pa.string()),
        pa.field("org_id", pa.string()),
        pa.field("end_user", pa.string()),
        pa.field("access_path", pa.string()),
        pa.field("account_created_at", _TS),
        pa.field("account_tier", pa.string()),
        pa.field("payment_fingerprint", pa.string()),
        pa.field("client_ip", pa.string()),
        pa.field("asn", pa.int32()),
        pa.field("user_agent", pa.string()),
        pa.field("model", pa.string(), nullable=False),
        pa.field("messages", pa.list_(MESSAGE_TYPE), nullable=False),
        pa.field("response_text", pa.string()),
        pa.field("reasoning_text", pa.string()),
        pa.field("prompt_tokens", pa.int32()),
        pa.field("completion_tokens", pa.int32()),
        pa.field("reasoning_tokens", pa.int32()),
        pa.field("max_tokens", pa.int32()),
        pa.field("status", pa.string()),
        pa.field("http_status", pa.int16()),
        pa.field("latency_ms", pa.float32()),
        pa.field("source_format", pa.string()),
        pa.field("top_logprobs", pa.int16()),
    ],
    metadata={b"antidistill.schema": b"exchange", b"antidistill.schema_version": str(SCHEMA_VERSION).encode()},
)

REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in EXCHANGE_SCHEMA if not f.nullable)
#: The required field a log may leave empty: ``messages`` is ``[]`` when the log keeps no content (LiteLLM spend
#: logs without ``store_prompts_in_spend_logs``, OpenTelemetry spans with content capture off, gateways that
#: redact bodies). Such exchanges are scanned on their metadata; the content signals skip them, and the scan
#: summary gives the share of exchanges logged with their conversation (``field_coverage.messages``).
CONTENT_FIELD = "messages"

MODEL_SCHEMA = pa.schema(
    [
        pa.field("model", pa.string(), nullable=False),
        pa.field("family", pa.string()),
        pa.field("released_at", _TS, nullable=False),
        pa.field("reasoning", pa.bool_()),
    ],
    metadata={b"antidistill.schema": b"model", b"antidistill.schema_version": str(SCHEMA_VERSION).encode()},
)


@dataclass(slots=True)
class Exchange:
    """One request/response pair. Field meanings are in ``docs/records.md``."""

    exchange_id: str
    ts_start: dt.datetime
    account_id: str
    model: str
    messages: list[Message]
    ts_end: dt.datetime | None = None
    api_key_id: str | None = None
    org_id: str | None = None
    end_user: str | None = None
    access_path: str | None = None
    account_created_at: dt.datetime | None = None
    account_tier: str | None = None
    payment_fingerprint: str | None = None
    client_ip: str | None = None
    asn: int | None = None
    user_agent: str | None = None
    response_text: str | None = None
    reasoning_text: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    reasoning_tokens: int | None = None
    max_tokens: int | None = None
    status: str | None = Status.OK.value
    http_status: int | None = None
    latency_ms: float | None = None
    source_format: str | None = None
    top_logprobs: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for name in ("exchange_id", "account_id", "model"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"Exchange.{name} must be a non-empty string, got {value!r}")
        if not isinstance(self.ts_start, dt.datetime) or self.ts_start.tzinfo is None:
            raise ValueError(f"Exchange.ts_start must be a timezone-aware datetime, got {self.ts_start!r}")

    # -- convenience views used by detectors -------------------------------------------------
    @property
    def system_prompt(self) -> str:
        return "\n".join(m.content for m in self.messages if m.role in (Role.SYSTEM, Role.DEVELOPER))

    @property
    def last_user_text(self) -> str:
        """The request's own prompt: the last user turn, "" for an agent's tool round (the conversation ends
        with a tool's output); a user turn followed by a partial assistant turn (a prefill the model is to
        continue) with it, after a blank line (``features.duckdb_engine.LAST_USER_SQL`` is the SQL twin)."""
        if self.messages and self.messages[-1].role == Role.TOOL:
            return ""
        if (len(self.messages) >= 2 and self.messages[-1].role == Role.ASSISTANT and self.messages[-1].content
                and self.messages[-2].role == Role.USER):
            return f"{self.messages[-2].content}\n\n{self.messages[-1].content}"
        for m in reversed(self.messages):
            if m.role == Role.USER:
                return m.content
        return ""

    def to_row(self) -> dict[str, Any]:
        """A dict matching ``EXCHANGE_SCHEMA`` (``extra`` is not stored). On the gateway's request path (the event
        log's line), so the field names are listed once and messages copied by hand rather than by ``asdict``."""
        row = {name: getattr(self, name) for name in _ROW_FIELDS}
        row["messages"] = [{"role": m.role, "content": m.content} for m in self.messages]
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Exchange:
        data: dict[str, Any] = {name: row.get(name) for name in EXCHANGE_SCHEMA.names}
        data["messages"] = [Message(role=m["role"], content=m["content"] or "") for m in (row["messages"] or [])]
        return cls(**data)


#: ``Exchange``'s stored fields, in order (all but ``extra``)
_ROW_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Exchange) if f.name != "extra")


def exchanges_to_table(exchanges: Iterable[Exchange]) -> pa.Table:
    """Build an Arrow table in ``EXCHANGE_SCHEMA`` from Exchange objects."""
    rows = [e.to_row() for e in exchanges]
    return pa.Table.from_pylist(rows, schema=EXCHANGE_SCHEMA)


def table_to_exchanges(table: pa.Table) -> list[Exchange]:
    return [Exchange.from_row(r) for r in table.to_pylist()]


def conform(table: pa.Table) -> pa.Table:
    """Cast a table to ``EXCHANGE_SCHEMA``: add missing nullable columns as nulls, order columns.

    Raises ``ValueError`` naming the column when a required column is absent or cannot be cast.
    """
    columns = []
    for f in EXCHANGE_SCHEMA:
        if f.name in table.column_names:
            col = table.column(f.name)
            try:
                col = col.cast(f.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise ValueError(f"column {f.name!r}: cannot cast {col.type} to {f.type}: {exc}") from exc
            if not f.nullable and col.null_count:
                raise ValueError(f"column {f.name!r}: {col.null_count} null value(s) in a required field")
        elif f.nullable:
            col = pa.nulls(table.num_rows, type=f.type)
        else:
            raise ValueError(f"column {f.name!r} is required by the Exchange schema and is missing")
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=EXCHANGE_SCHEMA)


def hash_identifier(value: str, *, salt: str = "antidistill") -> str:
    """Stable one-way hash for identifiers that must not be stored in clear (payment, keys)."""
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()[:32]


def ip_prefix(ip: str | None, v4_bits: int = 24, v6_bits: int = 48) -> str | None:
    """Network prefix of an address (``1.2.3.4`` -> ``1.2.3.0/24``); a prefix passes through."""
    import ipaddress

    if not ip:
        return None
    try:
        net = ipaddress.ip_network(ip, strict=False)
    except ValueError:
        return None
    bits = v4_bits if net.version == 4 else v6_bits
    if net.prefixlen <= bits:
        return str(net)
    return str(net.supernet(new_prefix=bits))


def message_texts(messages: Sequence[Mapping[str, Any]] | None, role: str) -> list[str]:
    """Texts of the turns with ``role`` in an Arrow-style list of message dicts."""
    return [m["content"] or "" for m in (messages or []) if m["role"] == role]
