"""The reader extension point: one :class:`Reader` subclass per log format, found through ``READERS``.

A reader turns one file into a stream of :class:`Chunk` objects, each holding at most ``batch_size``
normalised rows (an Arrow RecordBatch in ``EXCHANGE_SCHEMA``) and the rows it had to quarantine, so
memory stays bounded whatever the file size. Built-in readers register exactly as extensions do::

    @READERS.register
    class MyReader(JsonLinesReader):
        name = "mylog"
        def convert(self, obj, raw): ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from antidistill.ingest.fields import DEFAULT_TIME_RANGE, TimeRange
from antidistill.ingest.quarantine import QuarantinedRow
from antidistill.registry import Registry

DEFAULT_BATCH_SIZE = 50_000
PARQUET_SUFFIXES = (".parquet", ".pq")
_PARQUET_MAGIC = b"PAR1"


def is_parquet(path: Path) -> bool:
    """Parquet by suffix or by its magic bytes (files exported without a suffix)."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(4) == _PARQUET_MAGIC
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class Chunk:
    """Part of one file: up to ``batch_size`` good rows and the bad rows met while reading them.

    ``rows_read`` counts input rows this chunk covers (good + quarantined; blank lines excluded).
    One quarantine entry may stand for many rows (a Parquet file without a required column is one
    entry), so counts come from ``rows_read - rows_ok``, never from ``len(quarantined)``.
    ``rows_merged`` counts further input rows read as parts of a call counted there (a response line merged
    into its request's row, ``correlate``): the file's lines are ``rows_read + rows_merged``.
    """

    batch: pa.RecordBatch | None
    quarantined: tuple[QuarantinedRow, ...]
    rows_read: int
    rows_merged: int = 0

    @property
    def rows_ok(self) -> int:
        return 0 if self.batch is None else self.batch.num_rows

    @property
    def rows_quarantined(self) -> int:
        return self.rows_read - self.rows_ok


class Reader(ABC):
    """One log format. Subclasses set ``name`` (registry key and ``source_format`` of their rows),
    ``suffixes`` (file endings that may hold the format) and implement :meth:`read` and :meth:`sniff`."""

    name: ClassVar[str]
    suffixes: tuple[str, ...] = ()
    auto_detect: ClassVar[bool] = True
    """Whether ``--format auto`` may choose this reader (False for readers only chosen by name)."""
    fallback: ClassVar[bool] = False
    """Whether ``--format auto`` asks this reader only after every other one declined (``generic``)."""

    def __init__(self, *, batch_size: int = DEFAULT_BATCH_SIZE, time_range: TimeRange = DEFAULT_TIME_RANGE) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self.time_range = time_range

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        """Whether ``path`` looks like this format. ``first`` is the first JSON object of a text file
        (``None`` for binary formats such as Parquet)."""
        return False

    @classmethod
    def accepts(cls, path: Path, first: Mapping[str, Any] | None, options: Mapping[str, Any]) -> bool:
        """Whether a file found in a folder is read when this format is named (``--format``), given the options
        its reader will be created with: by default what :meth:`sniff` accepts."""
        return cls.sniff(path, first)

    @classmethod
    def refusal(cls, path: Path, options: Mapping[str, Any]) -> str | None:
        """Why this reader would refuse a file it sniffed as its own, from more than its first object (None:
        it reads it). A file found in a folder is then skipped with the reason; one named is an error."""
        return None

    @abstractmethod
    def read(self, path: Path) -> Iterator[Chunk]:
        """Yield the file's rows in chunks; never raise on a bad row (quarantine it instead).

        Raises ``antidistill.errors.InputError`` only when the file itself cannot be opened.
        """


READERS: Registry[Reader] = Registry("log format")
