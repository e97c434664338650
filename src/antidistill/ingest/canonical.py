"""The ``canonical`` format: Exchange rows as Parquet (files or directories) or JSON lines.

Parquet is read in record batches of ``batch_size`` rows and cast column by column to
``EXCHANGE_SCHEMA`` with ``records.conform``; integer or float timestamp columns are taken as epoch
seconds. A file that lacks a required column is refused as a whole (one quarantine entry, all its rows
counted as quarantined); a missing or null ``messages`` is a content-free exchange (``[]``, see
``records.CONTENT_FIELD``); rows with a null required value or a timestamp out of range are quarantined
one by one with their 1-based row number as ``line``. JSON lines use the schema's field names, with
timestamps as ISO-8601 strings (naive means UTC) or epoch seconds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from antidistill.ingest import fields as F
from antidistill.ingest.base import PARQUET_SUFFIXES, READERS, Chunk, is_parquet
from antidistill.ingest.jsonlines import TEXT_SUFFIXES, JsonLinesReader, batch_elements
from antidistill.ingest.quarantine import QuarantinedRow, truncate_raw
from antidistill.records import CONTENT_FIELD, EXCHANGE_SCHEMA, REQUIRED_FIELDS, conform

_TS_FIELDS = tuple(f.name for f in EXCHANGE_SCHEMA if pa.types.is_timestamp(f.type))


def _time_text(micros: int) -> str:
    """Epoch microseconds as ISO text, or as a count when no datetime can hold them."""
    try:
        return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)).isoformat()
    except OverflowError:
        return f"{micros} microseconds from the epoch"


def _cast_column(col: pa.ChunkedArray | pa.Array, target: pa.DataType) -> pa.ChunkedArray | pa.Array:
    if pa.types.is_timestamp(target) and (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)):
        # Numbers in a timestamp column are epoch times as in the JSON formats (not Arrow's microseconds):
        # seconds, or milliseconds, microseconds or nanoseconds by magnitude (F.timestamp says why that is
        # unambiguous); values no unit puts in range are left to the range check, which quarantines them.
        secs = pc.cast(col, pa.float64(), safe=False)  # nanoseconds lose sub-microsecond digits only
        size = pc.abs(secs)
        for scale, _ in reversed(F.EPOCH_UNITS[1:]):
            secs = pc.if_else(pc.greater_equal(size, F.DEFAULT_TIME_RANGE.lo.timestamp() * scale),
                              pc.divide(secs, scale), secs)
            size = pc.abs(secs)
        col = pc.cast(pc.multiply(secs, 1e6), pa.int64())
    return col.cast(target)


@READERS.register
class CanonicalReader(JsonLinesReader):
    """Exchange Parquet (``*.parquet``, directories of them) and Exchange JSON lines."""

    name = "canonical"
    suffixes = PARQUET_SUFFIXES + TEXT_SUFFIXES

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        if is_parquet(path):
            try:
                names = set(pq.read_schema(path).names)
            except (OSError, pa.ArrowException):
                return True  # damaged Parquet: read it, so the reader quarantines it and it is counted
            # An exchange id, or messages beside another Exchange column, makes it an (possibly broken)
            # exchange file; otherwise it is something else: the traffic lab's labels, which must not be
            # read as quarantined rows, or a table export of another format (a spend-log table also has a
            # ``messages`` column), which the other readers sniff by its first row.
            return "exchange_id" in names or ("messages" in names and bool(names & {"ts_start", "account_id"}))
        return first is not None and "exchange_id" in first and "ts_start" in first and (
            "messages" in first or "account_id" in first)

    def read(self, path: Path) -> Iterator[Chunk]:
        if is_parquet(path):
            yield from self._read_parquet(path)
        else:
            yield from super().read(path)

    # -- JSON lines -------------------------------------------------------------------------------------
    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for f in EXCHANGE_SCHEMA:
            value = obj.get(f.name)
            t = f.type
            if f.name == CONTENT_FIELD:
                row[f.name] = [] if value is None else F.messages(value, f.name)
            elif pa.types.is_timestamp(t):
                row[f.name] = F.opt_timestamp(value, f.name, self.time_range)
            elif pa.types.is_integer(t):
                row[f.name] = F.opt_int(value, f.name, "int16" if t == pa.int16() else "int32")
            elif pa.types.is_floating(t):
                row[f.name] = F.opt_float(value, f.name)
            else:
                row[f.name] = F.opt_str(value, f.name)
            if not f.nullable and row[f.name] in (None, ""):
                raise F.RowError(f.name, "required field is missing or empty")
        return row

    # -- Parquet ----------------------------------------------------------------------------------------
    def _read_parquet(self, path: Path) -> Iterator[Chunk]:
        file = str(path)
        try:
            pf = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as exc:
            yield Chunk(None, (QuarantinedRow(file, None, f"unreadable Parquet file: {exc}", None, ""),), 0)
            return
        names = pf.schema_arrow.names
        total = pf.metadata.num_rows
        missing = [n for n in REQUIRED_FIELDS if n not in names and n != CONTENT_FIELD]
        if missing:
            reason = f"missing required column {missing[0]!r} (all {total} rows refused)"
            raw = truncate_raw("columns: " + ", ".join(names))
            yield Chunk(None, (QuarantinedRow(file, None, reason, missing[0], raw),), total)
            return
        columns = [n for n in EXCHANGE_SCHEMA.names if n in names]
        offset = 0
        for batch in pf.iter_batches(batch_size=self.batch_size, columns=columns):
            chunk = self._parquet_chunk(file, batch, offset)
            if chunk is None:
                # A table export keeps JSON columns (messages) and times as text, which Arrow cannot cast: read
                # the batch's rows one by one, as JSON lines are read, each bad row quarantined on its own.
                yield from self._read_elements(path, batch_elements(batch, offset + 1))
            else:
                yield chunk
            offset += batch.num_rows

    def _parquet_chunk(self, file: str, batch: pa.RecordBatch, offset: int) -> Chunk | None:
        """The batch cast to the schema, bad rows quarantined; None when a text column cannot be cast."""
        n = batch.num_rows
        arrays: dict[str, Any] = {}
        for name in batch.schema.names:
            target = EXCHANGE_SCHEMA.field(name).type
            try:
                arrays[name] = _cast_column(batch.column(name), target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                if pa.types.is_string(batch.column(name).type) or pa.types.is_large_string(batch.column(name).type):
                    return None
                reason = f"column {name!r}: cannot cast {batch.column(name).type} to {target}: {exc} " \
                         f"(rows {offset + 1}-{offset + n} refused)"
                return Chunk(None, (QuarantinedRow(file, offset + 1, reason, name, ""),), n)
        # No conversation (no column, or null) is a content-free exchange: an empty list, not an error.
        content = arrays.get(CONTENT_FIELD)
        empty = pa.array([[]] * n, EXCHANGE_SCHEMA.field(CONTENT_FIELD).type)
        arrays[CONTENT_FIELD] = empty if content is None else pc.if_else(pc.is_null(content), empty, content)
        # Row checks: a required value missing, an empty id, a timestamp out of range.
        problems: list[tuple[str, pa.Array]] = []
        for name in REQUIRED_FIELDS:
            if name == CONTENT_FIELD:
                continue
            col = arrays[name]
            bad = pc.is_null(col)
            if pa.types.is_string(col.type):
                bad = pc.or_(bad, pc.equal(col, ""))
            problems.append((name, pc.fill_null(bad, True)))
        lo = pa.scalar(self.time_range.lo, pa.timestamp("us", tz="UTC"))
        hi = pa.scalar(self.time_range.hi, pa.timestamp("us", tz="UTC"))
        for name in _TS_FIELDS:
            if name in arrays:
                col = arrays[name]
                out = pc.or_(pc.less(col, lo), pc.greater_equal(col, hi))
                problems.append((name, pc.fill_null(out, False)))
        any_bad = problems[0][1]
        for _, mask in problems[1:]:
            any_bad = pc.or_(any_bad, mask)
        table = pa.Table.from_pydict(arrays)
        quarantined: list[QuarantinedRow] = []
        n_bad = pc.sum(pc.cast(any_bad, pa.int64())).as_py() or 0
        if n_bad:
            bad_idx = pc.indices_nonzero(any_bad).to_pylist()
            # A list, not a dict: a required time is checked twice (null, then range) under one name (found by
            # fuzzing: a null ts_start matched no kept mask and raised StopIteration).
            masks = [(name, mask.to_pylist() if isinstance(mask, pa.Array) else mask.combine_chunks().to_pylist())
                     for name, mask in problems]
            # Times as epoch microseconds: a time past year 9999 has no Python datetime (found by fuzzing).
            bad_table = table.take(bad_idx)
            for name in _TS_FIELDS:
                if name in bad_table.column_names:
                    bad_table = bad_table.set_column(bad_table.column_names.index(name), name,
                                                     pc.cast(bad_table.column(name), pa.int64()))
            bad_rows = bad_table.to_pylist()
            for i, row in zip(bad_idx, bad_rows, strict=True):
                name = next(k for k, m in masks if m[i])
                if name in _TS_FIELDS and row.get(name) is not None:
                    rng = self.time_range
                    reason = f"timestamp {_time_text(row[name])} out of range [{rng.lo.date()}, {rng.hi.date()})"
                else:
                    reason = "required field is null or empty"
                quarantined.append(QuarantinedRow(file, offset + i + 1, reason, name,
                                                  truncate_raw(json.dumps(row, default=str, ensure_ascii=False))))
            table = table.filter(pc.invert(any_bad))
        if table.num_rows == 0:
            return Chunk(None, tuple(quarantined), n)
        out = conform(table)
        fmt = out.column("source_format")
        if fmt.null_count:
            # Keep a producer's own label (the traffic lab writes "simulator"); fill the rest with ours.
            cols = out.columns
            cols[out.schema.get_field_index("source_format")] = pc.fill_null(fmt, self.name)
            out = pa.Table.from_arrays(cols, schema=EXCHANGE_SCHEMA)
        batch_out = out.combine_chunks().to_batches(max_chunksize=n)[0]
        return Chunk(batch_out, tuple(quarantined), n)
