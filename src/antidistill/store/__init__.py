"""Storage of normalised exchanges behind one engine-neutral interface.

``DuckDBStore(path)`` is the embedded default (no server); a Spark engine will implement the same
:class:`ExchangeStore` interface. Tables: ``exchanges`` (``EXCHANGE_SCHEMA``, one row per
``exchange_id``), ``models`` (``MODEL_SCHEMA``, upserted by model) and ``ingest_runs``.
"""

from __future__ import annotations

from antidistill.store.base import AppendResult, ExchangeStore
from antidistill.store.duckdb_store import DuckDBStore

__all__ = ["AppendResult", "DuckDBStore", "ExchangeStore"]
