"""Quarantine: bad rows are kept aside with file, line, field and reason, never dropped silently.

Readers report every row they cannot normalise as a :class:`QuarantinedRow`. The ingest pipeline
appends them to a JSONL file (one object per line with ``file``, ``line``, ``field``, ``reason`` and
``raw``, the offending input truncated to :data:`RAW_LIMIT` characters) and counts them in the
:class:`~antidistill.ingest.report.IngestReport`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from antidistill.errors import InputError

RAW_LIMIT = 4096
"""Characters of the offending input kept per quarantined row (enough to see what went wrong)."""


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """One input row that could not be normalised to an Exchange.

    ``line`` is the 1-based line of a JSONL file or the 1-based row of a Parquet file; ``None`` when
    the whole file was refused (for instance a Parquet file that lacks a required column).
    ``field`` names the Exchange or input field at fault when one is known.
    """

    file: str
    line: int | None
    reason: str
    field: str | None
    raw: str

    def to_error(self) -> InputError:
        """The same problem as an exception (used by ``strict=True``)."""
        return InputError(self.reason, file=self.file, line=self.line, field=self.field)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def truncate_raw(raw: str | bytes, limit: int = RAW_LIMIT) -> str:
    """The offending input as text, non-UTF-8 bytes escaped, cut to ``limit`` characters."""
    text = raw.decode("utf-8", errors="backslashreplace") if isinstance(raw, bytes) else raw
    text = text.rstrip("\r\n")
    if len(text) > limit:
        return text[:limit] + f"...[{len(text) - limit} more characters]"
    return text


class QuarantineWriter:
    """Appends quarantined rows to a JSONL file, opened on first use (no empty files for clean runs).

    With ``path=None`` nothing is written; the :class:`~antidistill.ingest.report.IngestReport` still
    counts every quarantined row and keeps the first few as examples.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.written = 0
        self._fh: IO[str] | None = None

    def write(self, row: QuarantinedRow) -> None:
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Append: repeated scans accumulate, each row names its file and line so they stay traceable.
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(row.to_json() + "\n")
        self.written += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> QuarantineWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def read_quarantine(path: Path) -> list[QuarantinedRow]:
    """Load a quarantine file written by :class:`QuarantineWriter` (for reports and tests)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for obj in map(json.loads, fh):
            rows.append(QuarantinedRow(file=obj["file"], line=obj["line"], reason=obj["reason"],
                                       field=obj["field"], raw=obj["raw"]))
    return rows
