from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from antidistill.records import (
    EXCHANGE_SCHEMA,
    REQUIRED_FIELDS,
    Exchange,
    Message,
    conform,
    exchanges_to_table,
    hash_identifier,
    ip_prefix,
    table_to_exchanges,
)

UTC = dt.UTC


def _ex(**kw: object) -> Exchange:
    base: dict[str, object] = dict(
        exchange_id="e1", ts_start=dt.datetime(2026, 2, 1, 12, tzinfo=UTC), account_id="acct-1", model="m-1",
        messages=[Message("system", "You are helpful."), Message("user", "What is 2+2?")],
    )
    base.update(kw)
    return Exchange(**base)  # type: ignore[arg-type]


def test_roundtrip_through_arrow() -> None:
    e = _ex(response_text="4", reasoning_text="2 plus 2", prompt_tokens=9, asn=64500, latency_ms=12.5)
    table = exchanges_to_table([e])
    assert table.schema.equals(EXCHANGE_SCHEMA)
    (back,) = table_to_exchanges(table)
    assert back == e
    assert back.last_user_text == "What is 2+2?"
    assert back.system_prompt == "You are helpful."


@pytest.mark.parametrize("field,value", [("exchange_id", ""), ("account_id", None), ("model", "")])
def test_required_identity_fields(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        _ex(**{field: value})


def test_naive_timestamp_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _ex(ts_start=dt.datetime(2026, 2, 1))


def test_conform_adds_missing_nullable_columns_and_names_missing_required() -> None:
    t = pa.table({
        "exchange_id": ["a"], "ts_start": pa.array([dt.datetime(2026, 1, 1, tzinfo=UTC)]),
        "account_id": ["x"], "model": ["m"],
        "messages": pa.array([[{"role": "user", "content": "hi"}]]),
    })
    out = conform(t)
    assert out.schema.equals(EXCHANGE_SCHEMA)
    assert out.column("client_ip").null_count == 1
    with pytest.raises(ValueError, match="'model'"):
        conform(t.drop(["model"]))
    assert set(REQUIRED_FIELDS) == {"exchange_id", "ts_start", "account_id", "model", "messages"}


def test_hash_and_prefix() -> None:
    assert hash_identifier("card-1") == hash_identifier("card-1") != hash_identifier("card-2")
    assert "card" not in hash_identifier("card-1")
    assert ip_prefix("203.0.113.77") == "203.0.113.0/24"
    assert ip_prefix("2001:db8::1") == "2001:db8::/48"
    assert ip_prefix("not an ip") is None


def test_to_row_holds_every_stored_field_and_every_message_field() -> None:
    """``to_row`` copies fields by name (the gateway's request path): a field added to ``Exchange`` or ``Message``
    must reach the row, and the row must build the schema's table."""
    import dataclasses
    import datetime as dt

    from antidistill.records import EXCHANGE_SCHEMA, Exchange, Message, exchanges_to_table

    ex = Exchange(exchange_id="e1", ts_start=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), account_id="a", model="m",
                  messages=[Message("system", "be brief"), Message("user", "hi")], end_user="u-1", top_logprobs=5)
    row = ex.to_row()
    assert set(row) == {f.name for f in dataclasses.fields(Exchange)} - {"extra"} == set(EXCHANGE_SCHEMA.names)
    assert row["messages"] == [dataclasses.asdict(m) for m in ex.messages]
    assert exchanges_to_table([ex]).to_pylist()[0]["end_user"] == "u-1"
