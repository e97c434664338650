"""Shared machinery of line-oriented JSON readers: decoding, parsing, batching and quarantine.

The file is read as bytes line by line (gzip when it ends in ``.gz``), so one bad byte spoils one line
and memory stays bounded. Blank lines are skipped; every other line either becomes a row or a
:class:`QuarantinedRow` with a reason: not UTF-8, invalid JSON, a truncated last line, not an object,
or whatever the format's :meth:`JsonLinesReader.convert` rejected.
"""

from __future__ import annotations

import gzip
import json
import zlib
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from antidistill.errors import InputError
from antidistill.ingest.base import Chunk, Reader
from antidistill.ingest.fields import RowError
from antidistill.ingest.quarantine import QuarantinedRow, truncate_raw
from antidistill.records import EXCHANGE_SCHEMA

TEXT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".log", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".log.gz")
SNIFF_LINES = 20


def open_bytes(path: Path) -> IO[bytes]:
    """Open a log file for binary line reading, transparently gunzipping ``*.gz``."""
    try:
        if path.name.endswith(".gz"):
            return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", file=str(path)) from exc


def first_object(path: Path) -> Mapping[str, Any] | None:
    """The first line of ``path`` that parses as a JSON object (within the first few lines), else None."""
    with open_bytes(path) as fh:
        for i, raw in enumerate(fh):
            if i >= SNIFF_LINES:
                break
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(obj, dict):
                return obj
        return None


class JsonLinesReader(Reader):
    """Base of JSON-lines formats: subclasses implement :meth:`convert` for one decoded object."""

    suffixes: tuple[str, ...] = TEXT_SUFFIXES

    @abstractmethod
    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        """One decoded JSON object -> a row dict in ``EXCHANGE_SCHEMA`` (``source_format`` included).

        ``raw`` is the line's bytes, for deriving a content-hash id when the log has none.
        Raise :class:`~antidistill.ingest.fields.RowError` to quarantine the row.
        """

    def read(self, path: Path) -> Iterator[Chunk]:
        rows: list[dict[str, Any]] = []
        bad: list[QuarantinedRow] = []
        read = 0
        file = str(path)
        with open_bytes(path) as fh:
            try:
                for lineno, raw in enumerate(fh, 1):
                    if not raw.strip():
                        continue  # blank lines carry nothing: skipped, not quarantined
                    read += 1
                    try:
                        rows.append(self._convert_line(raw))
                    except RowError as err:
                        bad.append(QuarantinedRow(file, lineno, err.reason, err.field, truncate_raw(raw)))
                    if len(rows) >= self.batch_size:
                        yield self._chunk(rows, bad, read, file)
                        rows, bad, read = [], [], 0
            except (OSError, EOFError, zlib.error) as exc:
                # A gzip stream cut short: everything before it was read; say where it stopped.
                bad.append(QuarantinedRow(file, None, f"file unreadable after {read} rows: {exc}", None, ""))
        if rows or bad or read:
            yield self._chunk(rows, bad, read, file)

    def _convert_line(self, raw: bytes) -> dict[str, Any]:
        try:
            # A byte-order mark (Windows exports) is not JSON whitespace: drop it rather than quarantine line 1.
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise RowError(None, f"not valid UTF-8 at byte {exc.start}") from None
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            if not raw.endswith(b"\n"):
                raise RowError(None, f"truncated last line (no newline, invalid JSON: {exc.msg})") from None
            raise RowError(None, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(obj, dict):
            raise RowError(None, f"expected a JSON object, got {type(obj).__name__}")
        row = self.convert(obj, raw)
        if row.get("source_format") is None:
            row["source_format"] = self.name
        return row

    def _chunk(self, rows: list[dict[str, Any]], bad: list[QuarantinedRow], read: int, file: str) -> Chunk:
        if not rows:
            return Chunk(None, tuple(bad), read)
        try:
            batch = pa.RecordBatch.from_pylist(rows, schema=EXCHANGE_SCHEMA)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            # The converters validate every field, so this is a safety net: find the culprit rows
            # one by one rather than lose the batch.
            good = []
            for row in rows:
                try:
                    pa.RecordBatch.from_pylist([row], schema=EXCHANGE_SCHEMA)
                    good.append(row)
                except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
                    bad.append(QuarantinedRow(file, None, f"not representable in the Exchange schema: {exc}",
                                              None, truncate_raw(json.dumps(row, default=str))))
            batch = pa.RecordBatch.from_pylist(good, schema=EXCHANGE_SCHEMA) if good else None
        return Chunk(batch, tuple(bad), read)
