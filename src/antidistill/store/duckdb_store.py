"""The embedded store: one DuckDB file (or ``:memory:``), no server.

Appends stay in Arrow end to end: incoming batches are gathered into chunks of ``chunk_rows``,
registered with DuckDB as a zero-copy view and inserted with one ``INSERT ... SELECT`` that skips
ids already stored. Two de-duplication strategies are available because their costs differ with
table size (``bench/ingest.py`` measures both; ``docs/benchmarks.md`` has the numbers):

* ``"anti_join"`` (default): no index; ``WHERE NOT EXISTS`` against the stored ids (a hash anti join).
* ``"primary_key"``: ``exchange_id`` is the primary key and rows go in with ``INSERT OR IGNORE``.

The strategy is fixed when the table is created; opening an existing file uses the file's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from antidistill.records import EXCHANGE_SCHEMA, MODEL_SCHEMA
from antidistill.store.base import AppendResult, ExchangeStore
from antidistill.store.ddl import column_list, create_table, quote, sql_type

if TYPE_CHECKING:
    from antidistill.ingest.report import IngestReport

Dedup = Literal["anti_join", "primary_key"]
DEFAULT_CHUNK_ROWS = 500_000
_COLS = column_list(EXCHANGE_SCHEMA)
_RUNS_DDL = """
CREATE SEQUENCE IF NOT EXISTS ingest_run_seq;
CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id BIGINT PRIMARY KEY DEFAULT nextval('ingest_run_seq'),
    started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, format VARCHAR, paths VARCHAR[],
    rows_read BIGINT, rows_ok BIGINT, rows_quarantined BIGINT, rows_inserted BIGINT, rows_duplicate BIGINT,
    quarantine_path VARCHAR, report_json VARCHAR
)"""


class DuckDBStore(ExchangeStore):
    """Exchanges, models and ingest runs in one DuckDB database.

    ``path``: database file (created if absent) or ``":memory:"``. ``threads``: DuckDB worker threads
    (``Settings.threads``). ``memory_limit``: DuckDB memory limit such as ``"4GB"`` (``Settings.memory_limit``;
    None keeps DuckDB's default of 80% of RAM). ``connection`` is public so the feature stage can run SQL
    on ``exchanges``.
    """

    name = "duckdb"

    def __init__(self, path: Path | str, *, threads: int | None = None, dedup: Dedup = "anti_join",
                 chunk_rows: int = DEFAULT_CHUNK_ROWS, read_only: bool = False,
                 memory_limit: str | None = None) -> None:
        if dedup not in ("anti_join", "primary_key"):
            raise ValueError(f"dedup must be 'anti_join' or 'primary_key', got {dedup!r}")
        self.path = str(path)
        self.threads = threads
        self.chunk_rows = chunk_rows
        self.read_only = read_only
        self._con = duckdb.connect(self.path, read_only=read_only)
        # TIMESTAMPTZ comes back to Arrow in the session time zone: pin it so results are UTC everywhere.
        self._con.execute("SET TimeZone = 'UTC'")
        if threads is not None:
            self._con.execute(f"SET threads = {int(threads)}")
        if memory_limit is not None:  # DuckDB's own default is 80% of RAM; beyond the limit it spills to disk
            self._con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
        if not read_only:
            self._con.execute(create_table("exchanges", EXCHANGE_SCHEMA,
                                           primary_key="exchange_id" if dedup == "primary_key" else None))
            self._add_missing_columns()
            self._con.execute(create_table("models", MODEL_SCHEMA, primary_key="model"))
            self._con.execute(_RUNS_DDL)
        self.dedup: Dedup = "primary_key" if self._has_primary_key() else "anti_join"

    def _add_missing_columns(self) -> None:
        """A database written by an earlier version lacks the schema's newer (nullable) columns: add them, empty,
        so that new logs append beside the old rows (for those rows the field reads as not logged)."""
        have = {r[1] for r in self._con.execute("PRAGMA table_info('exchanges')").fetchall()}
        for f in EXCHANGE_SCHEMA:
            if f.name not in have and f.nullable:
                self._con.execute(f"ALTER TABLE exchanges ADD COLUMN {quote(f.name)} {sql_type(f.type)}")

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (for SQL over ``exchanges``, ``models`` and ``ingest_runs``)."""
        return self._con

    def _has_primary_key(self) -> bool:
        rows = self._con.execute("SELECT 1 FROM duckdb_constraints() WHERE table_name = 'exchanges' "
                                 "AND constraint_type = 'PRIMARY KEY'").fetchall()
        return bool(rows)

    # -- exchanges -------------------------------------------------------------------------------------
    def append(self, batches: Iterable[pa.RecordBatch]) -> AppendResult:
        rows_in = inserted = 0
        for table in _gather(batches, self.chunk_rows):
            rows_in += table.num_rows
            inserted += self._insert(table)
        return AppendResult(rows_in=rows_in, rows_inserted=inserted)

    def _insert(self, table: pa.Table) -> int:
        if not table.schema.equals(EXCHANGE_SCHEMA, check_metadata=False):
            raise ValueError(f"append expects batches in EXCHANGE_SCHEMA; got columns {table.schema.names}")
        # Duplicates inside the chunk (the same file passed twice) must not both go in; checking with an
        # Arrow hash first keeps the common, duplicate-free case free of a window over the whole chunk.
        ids = table.column("exchange_id")
        source = "_incoming"
        if pc.count_distinct(ids).as_py() != table.num_rows:
            source = ("(SELECT * FROM _incoming QUALIFY row_number() OVER "
                      "(PARTITION BY exchange_id ORDER BY ts_start) = 1)")
        self._con.register("_incoming", table)
        try:
            if self.dedup == "primary_key":
                sql = f"INSERT OR IGNORE INTO exchanges ({_COLS}) SELECT {_COLS} FROM {source} AS i"
            else:
                sql = (f"INSERT INTO exchanges ({_COLS}) SELECT {_COLS} FROM {source} AS i "
                       "WHERE NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.exchange_id = i.exchange_id)")
            row = self._con.execute(sql).fetchone()
        finally:
            self._con.unregister("_incoming")
        return int(row[0]) if row else 0

    def count(self) -> int:
        row = self._con.execute("SELECT count(*) FROM exchanges").fetchone()
        return int(row[0]) if row else 0

    def exchanges(self, limit: int | None = None) -> pa.Table:
        sql = f"SELECT {_COLS} FROM exchanges ORDER BY ts_start, exchange_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._fetch(sql).cast(EXCHANGE_SCHEMA)

    # -- models ----------------------------------------------------------------------------------------
    def upsert_models(self, table: pa.Table) -> int:
        return self._upsert("models", MODEL_SCHEMA, table)

    def _upsert(self, name: str, schema: pa.Schema, table: pa.Table) -> int:
        """``INSERT OR REPLACE`` an Arrow table into a keyed table of ``schema``'s columns."""
        cols = column_list(schema)
        self._con.register("_upsert", table.select(schema.names).cast(schema))
        try:
            self._con.execute(f"INSERT OR REPLACE INTO {quote(name)} ({cols}) SELECT {cols} FROM _upsert")
        finally:
            self._con.unregister("_upsert")
        return table.num_rows

    def models(self) -> pa.Table:
        sql = f"SELECT {column_list(MODEL_SCHEMA)} FROM models ORDER BY model"
        return self._fetch(sql).cast(MODEL_SCHEMA)

    def _fetch(self, sql: str) -> pa.Table:
        table: pa.Table = self._con.sql(sql).to_arrow_table()
        return table

    # -- account directories ---------------------------------------------------------------------------
    def upsert_directory(self, table: pa.Table) -> int:
        """Store a directory's entities (``ingest.directory.DIRECTORY_SCHEMA``); a later snapshot's row replaces an
        id's earlier one."""
        from antidistill.ingest.directory import DIRECTORY_SCHEMA

        self._con.execute(create_table("account_directory", DIRECTORY_SCHEMA, primary_key="id"))
        for name in ("owner_id", "alias"):  # a store written before session 46
            self._con.execute(f"ALTER TABLE account_directory ADD COLUMN IF NOT EXISTS {name} VARCHAR")
        return self._upsert("account_directory", DIRECTORY_SCHEMA, table)

    def _resolve_directory(self) -> None:
        """Organisations the directory's records name by a second id (a public id) renamed to their own id, and an
        entity that names no organisation given its owner's (a key's project's), over up to three steps: a dump's
        ``api_keys`` name their project, its ``projects`` their organisation."""
        self._con.execute("""
            UPDATE account_directory AS d SET org_id = o.id FROM account_directory o
            WHERE o.kind = 'organization' AND o.alias IS NOT NULL AND d.org_id = o.alias""")
        for _ in range(3):
            row = self._con.execute("""
                UPDATE account_directory AS d
                SET org_id = CASE WHEN w.kind = 'organization' THEN w.id ELSE w.org_id END
                FROM account_directory w
                WHERE d.org_id IS NULL AND d.kind <> 'organization' AND d.owner_id = w.id
                  AND (w.kind = 'organization' OR w.org_id IS NOT NULL)""").fetchall()
            if not row or not row[0][0]:
                break

    def apply_directory(self) -> int:
        """Fill the stored calls' missing organisation, payment fingerprint, creation time, plan and access path
        from the directory: from the entity the call's account id names, else its key id, else its organisation (see
        :mod:`antidistill.ingest.directory`); logged values are kept. Returns the calls changed."""
        if not self._con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'account_directory'").fetchall():
            return 0
        self._resolve_directory()
        row = self._con.execute("""
            UPDATE exchanges AS e SET org_id = f.org_id, payment_fingerprint = f.payment_fingerprint,
                   account_created_at = f.account_created_at, account_tier = f.account_tier,
                   access_path = f.access_path
            FROM (
                SELECT i.exchange_id,
                       coalesce(i.own_org, i.a_org, i.k_org) AS org_id,
                       coalesce(i.own_pay, i.a_pay, i.k_pay, o.payment_fingerprint) AS payment_fingerprint,
                       coalesce(i.own_created, i.a_created, i.k_created, o.created_at) AS account_created_at,
                       coalesce(i.own_tier, i.a_tier, i.k_tier, o.tier) AS account_tier,
                       coalesce(i.own_path, i.a_path, i.k_path, o.access_path) AS access_path,
                       i.own_org, i.own_pay, i.own_created, i.own_tier, i.own_path
                FROM (
                    SELECT x.exchange_id, x.org_id AS own_org, x.payment_fingerprint AS own_pay,
                           x.account_created_at AS own_created, x.account_tier AS own_tier,
                           x.access_path AS own_path, a.access_path AS a_path, k.access_path AS k_path,
                           a.org_id AS a_org, a.payment_fingerprint AS a_pay, a.created_at AS a_created,
                           a.tier AS a_tier, k.org_id AS k_org, k.payment_fingerprint AS k_pay,
                           k.created_at AS k_created, k.tier AS k_tier
                    FROM exchanges x
                    LEFT JOIN account_directory a ON a.id = x.account_id
                    LEFT JOIN account_directory k ON k.id = x.api_key_id
                    WHERE x.org_id IS NULL OR x.payment_fingerprint IS NULL OR x.account_created_at IS NULL
                       OR x.account_tier IS NULL OR x.access_path IS NULL
                ) i
                LEFT JOIN account_directory o ON o.id = coalesce(i.own_org, i.a_org, i.k_org)
            ) f
            WHERE e.exchange_id = f.exchange_id
              AND ((f.own_org IS NULL AND f.org_id IS NOT NULL)
                   OR (f.own_pay IS NULL AND f.payment_fingerprint IS NOT NULL)
                   OR (f.own_created IS NULL AND f.account_created_at IS NOT NULL)
                   OR (f.own_tier IS NULL AND f.account_tier IS NOT NULL)
                   OR (f.own_path IS NULL AND f.access_path IS NOT NULL))
        """).fetchone()
        return int(row[0]) if row else 0

    # -- ingest runs -----------------------------------------------------------------------------------
    def record_run(self, report: IngestReport, *, paths: list[str], format: str) -> int:
        row = self._con.execute(
            "INSERT INTO ingest_runs (started_at, finished_at, format, paths, rows_read, rows_ok, rows_quarantined,"
            " rows_inserted, rows_duplicate, quarantine_path, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING run_id",
            [report.started_at, report.finished_at, format, paths, report.rows_read, report.rows_ok,
             report.rows_quarantined, report.rows_inserted, report.rows_duplicate, report.quarantine_path,
             json.dumps(report.to_dict(), ensure_ascii=False)],
        ).fetchone()
        if row is None:
            raise RuntimeError("ingest_runs insert returned no run_id")
        return int(row[0])

    def close(self) -> None:
        self._con.close()

    def __repr__(self) -> str:
        return f"DuckDBStore(path={self.path!r}, dedup={self.dedup!r})"


def _gather(batches: Iterable[pa.RecordBatch], chunk_rows: int) -> Iterator[pa.Table]:
    """Group small batches into tables of about ``chunk_rows`` rows: one INSERT per chunk, not per batch,
    because each anti join scans the stored ids once."""
    pending: list[pa.RecordBatch] = []
    size = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        size += batch.num_rows
        if size >= chunk_rows:
            yield pa.Table.from_batches(pending)
            pending, size = [], 0
    if pending:
        yield pa.Table.from_batches(pending)
