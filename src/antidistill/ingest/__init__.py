"""Log ingest: one reader per log format, every row normalised to the Exchange record.

Public API (what the scan and other stages call)::

    from antidistill.ingest import ingest_paths, read_paths, detect_format, READERS
    report = ingest_paths(["logs/"], store, format="auto", strict=False, quarantine_path="quarantine.jsonl")

Formats (``READERS``): ``canonical`` (Exchange Parquet or JSONL), ``openai`` (request/response logs),
``litellm`` (StandardLoggingPayload lines and spend logs), ``otel`` (OpenTelemetry OTLP JSON traces under
the GenAI semantic conventions), ``gateway`` (the gateway's event log) and ``generic`` (JSON request logs
of any other shape, fields found by name; chosen only after every other reader declined). Bad rows are
never dropped silently: they are quarantined with file, line, field and reason, and counted in the
:class:`IngestReport`. ``docs/log-formats.md`` documents each format's accepted shape.
"""

from __future__ import annotations

# Importing the reader modules registers the built-in formats.
from antidistill.ingest import canonical, gateway, generic, litellm, openai, otel  # noqa: F401
from antidistill.ingest.base import DEFAULT_BATCH_SIZE, READERS, Chunk, Reader
from antidistill.ingest.fields import DEFAULT_TIME_RANGE, RowError, TimeRange
from antidistill.ingest.jsonlines import JsonLinesReader
from antidistill.ingest.pipeline import AUTO, detect_format, ingest_paths, read_paths, resolve_sources
from antidistill.ingest.quarantine import QuarantinedRow, QuarantineWriter, read_quarantine
from antidistill.ingest.report import FileReport, FormatTotals, IngestReport, SkippedFile

__all__ = [
    "AUTO", "DEFAULT_BATCH_SIZE", "DEFAULT_TIME_RANGE", "READERS", "Chunk", "FileReport", "FormatTotals",
    "IngestReport", "JsonLinesReader", "QuarantineWriter", "QuarantinedRow", "Reader", "RowError",
    "SkippedFile", "TimeRange", "detect_format", "ingest_paths", "read_paths", "read_quarantine",
    "resolve_sources",
]
