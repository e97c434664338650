"""The provider's model calendar: which model was released when (``antidistill scan --models FILE``).

API logs say which model each request named, not when that model came out; the provider knows. Given the
calendar, the scan measures how soon each account moved to a model released inside the scanned period (the
reports: a harvest moved to a new model within 24 hours of its release). Without it those features are
unavailable, and the report says so.

A calendar is a CSV file with a header, or a Parquet file, with the columns ``model`` and ``released_at`` (read
as the log readers read times: ISO 8601, without an offset UTC, or epoch seconds) and, optionally, ``family`` and
``reasoning`` (true/false). List every name the logs use for a model: an alias (``halo-3``) and its dated snapshot
(``halo-3-2026-03-05``) are two rows with the same time. A row that cannot be read is an error naming the file,
line and field; nothing is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.errors import InputError
from antidistill.ingest.fields import RowError, timestamp
from antidistill.records import MODEL_SCHEMA

_FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": None}


def _time(value: object, *, file: str, line: int) -> dt.datetime:
    """A release time as the log readers read times (``fields.timestamp``: ISO 8601, naive is UTC, or epoch), or a
    Parquet timestamp."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError("a release time is required", file=file, line=line, field="released_at")
    try:
        return timestamp(value, "released_at")
    except RowError as exc:
        raise InputError(f"cannot read {value!r} as a time ({exc.reason})", file=file, line=line,
                         field="released_at") from None


def _flag(value: object, *, file: str, line: int) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    key = str(value).strip().lower()
    if key not in _FLAGS:
        raise InputError(f"expected true or false, got {value!r}", file=file, line=line, field="reasoning")
    return _FLAGS[key]


def _rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(line, row) pairs: the CSV line number (header is line 1), or the Parquet row number from 1."""
    if path.suffix.lower() == ".parquet":
        return list(enumerate(pq.read_table(path).to_pylist(), start=1))
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"model", "released_at"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"the header names no column {', '.join(sorted(missing))} (a model calendar needs "
                             "model and released_at)", file=str(path), line=1)
        return [(reader.line_num, dict(r)) for r in reader]


def read_model_calendar(path: Path) -> pa.Table:
    """The calendar at ``path`` as a ``MODEL_SCHEMA`` table (see the module docstring)."""
    file = str(path)
    models: list[str] = []
    released: list[dt.datetime] = []
    family: list[str | None] = []
    reasoning: list[bool | None] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path):
        name = str(row.get("model") or "").strip()
        if not name:
            raise InputError("a model name is required", file=file, line=line, field="model")
        if name in seen:
            raise InputError(f"model {name!r} is listed twice (first on line {seen[name]})", file=file, line=line,
                             field="model")
        seen[name] = line
        models.append(name)
        released.append(_time(row.get("released_at"), file=file, line=line))
        family.append(str(row.get("family") or "").strip() or None)
        reasoning.append(_flag(row.get("reasoning"), file=file, line=line))
    if not models:
        raise InputError("the model calendar lists no model", file=file)
    return pa.table({"model": models, "family": family, "released_at": released, "reasoning": reasoning},
                    schema=MODEL_SCHEMA)
