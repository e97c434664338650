"""The provider's model calendar: which model was released when (``antidistill scan --models FILE``).

API logs say which model each request named, not when that model came out; the provider knows. Given the
calendar, the scan measures how soon each account moved to a model released inside the scanned period (the
reports: a harvest moved to a new model within 24 hours of its release). Without it those features are
unavailable, and the report says so.

A calendar is a CSV file with a header, or a Parquet file, with the columns ``model`` and ``released_at`` (an ISO
8601 time; without an offset it is read as UTC) and, optionally, ``family`` and ``reasoning`` (true/false). List
every name the logs use for a model: an alias (``halo-3``) and its dated snapshot (``halo-3-2026-03-05``) are two
rows with the same time. A row that cannot be read is an error naming the file, line and field; nothing is
skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.errors import InputError
from antidistill.records import MODEL_SCHEMA

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


def _time(value: object, *, file: str, line: int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        t = value
    else:
        text = str(value or "").strip()
        if not text:
            raise InputError("a release time is required", file=file, line=line, field="released_at")
        try:
            t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"cannot read {text!r} as an ISO 8601 time", file=file, line=line,
                             field="released_at") from None
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


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
        fam = row.get("family")
        family.append(str(fam).strip() or None if fam is not None else None)
        flag = row.get("reasoning")
        if flag is None or isinstance(flag, bool):
            reasoning.append(flag)
        elif str(flag).strip().lower() in _TRUE | _FALSE:
            reasoning.append(str(flag).strip().lower() in _TRUE if str(flag).strip() else None)
        else:
            raise InputError(f"expected true or false, got {flag!r}", file=file, line=line, field="reasoning")
    if not models:
        raise InputError("the model calendar lists no model", file=file)
    return pa.table({"model": models, "family": family, "released_at": released, "reasoning": reasoning},
                    schema=MODEL_SCHEMA)
