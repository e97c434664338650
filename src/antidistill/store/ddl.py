"""SQL table definitions derived from the Arrow schemas, so the store can never drift from ``records``.

``messages`` becomes ``STRUCT(role VARCHAR, content VARCHAR)[]`` and timestamps ``TIMESTAMPTZ``; the
schema's non-nullable fields become ``NOT NULL`` columns.
"""

from __future__ import annotations

import pyarrow as pa

_SCALARS: dict[pa.DataType, str] = {
    pa.string(): "VARCHAR", pa.large_string(): "VARCHAR", pa.bool_(): "BOOLEAN",
    pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
    pa.float32(): "REAL", pa.float64(): "DOUBLE",
}


def sql_type(t: pa.DataType) -> str:
    """DuckDB type for an Arrow type used in the project's schemas."""
    if t in _SCALARS:
        return _SCALARS[t]
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"{sql_type(t.value_type)}[]"
    if pa.types.is_struct(t):
        inner = ", ".join(f"{quote(t.field(i).name)} {sql_type(t.field(i).type)}" for i in range(t.num_fields))
        return f"STRUCT({inner})"
    raise TypeError(f"no DuckDB type for Arrow type {t}")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table(name: str, schema: pa.Schema, *, primary_key: str | None = None) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``schema``; ``primary_key`` adds a unique index on that column."""
    cols = []
    for f in schema:
        col = f"{quote(f.name)} {sql_type(f.type)}"
        if f.name == primary_key:
            col += " PRIMARY KEY"
        elif not f.nullable:
            col += " NOT NULL"
        cols.append(col)
    return f"CREATE TABLE IF NOT EXISTS {quote(name)} ({', '.join(cols)})"


def column_list(schema: pa.Schema) -> str:
    return ", ".join(quote(n) for n in schema.names)
