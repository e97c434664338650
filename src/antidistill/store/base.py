"""The engine-neutral store interface: where normalised exchanges live between ingest and features.

``DuckDBStore`` (embedded, the default) implements it; a Spark engine will implement the same methods
so that ingest and the scan do not care which engine holds the rows. The contract:

* ``exchanges`` holds rows in ``EXCHANGE_SCHEMA``; an ``exchange_id`` is stored at most once, so
  re-scanning the same or overlapping logs never double-counts (``append`` reports the duplicates).
* ``models`` holds ``MODEL_SCHEMA`` rows, upserted by ``model``.
* ``ingest_runs`` records each run's :class:`~antidistill.ingest.report.IngestReport`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from antidistill.ingest.report import IngestReport


@dataclass(frozen=True, slots=True)
class AppendResult:
    """Outcome of :meth:`ExchangeStore.append`.

    ``rows_duplicate`` counts rows whose ``exchange_id`` was already stored or appeared earlier in the
    same append (the first occurrence wins).
    """

    rows_in: int
    rows_inserted: int

    @property
    def rows_duplicate(self) -> int:
        return self.rows_in - self.rows_inserted


class ExchangeStore(ABC):
    """Storage of exchanges, models and ingest runs behind one interface (DuckDB now, Spark later)."""

    name: str = "abstract"

    @abstractmethod
    def append(self, batches: Iterable[pa.RecordBatch]) -> AppendResult:
        """Insert exchanges not yet stored (by ``exchange_id``); batches are in ``EXCHANGE_SCHEMA``."""

    @abstractmethod
    def count(self) -> int:
        """Number of stored exchanges."""

    @abstractmethod
    def upsert_models(self, table: pa.Table) -> int:
        """Insert or replace ``MODEL_SCHEMA`` rows keyed by ``model``; returns rows written."""

    @abstractmethod
    def models(self) -> pa.Table:
        """The models table in ``MODEL_SCHEMA``."""

    @abstractmethod
    def upsert_directory(self, table: pa.Table) -> int:
        """Store an account directory's entities (``antidistill.ingest.directory.DIRECTORY_SCHEMA``)."""

    @abstractmethod
    def apply_directory(self) -> int:
        """Fill the stored calls' missing organisation, payment, creation time, plan and access path from the directory;
        returns the calls changed."""

    @abstractmethod
    def record_run(self, report: IngestReport, *, paths: list[str], format: str) -> int:
        """Store one ingest run's report; returns its run id."""

    @abstractmethod
    def exchanges(self, limit: int | None = None) -> pa.Table:
        """Stored exchanges in ``EXCHANGE_SCHEMA`` (ordered by ``ts_start``, ``exchange_id``)."""

    @abstractmethod
    def close(self) -> None:
        """Release the engine's resources."""

    def __enter__(self) -> ExchangeStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
