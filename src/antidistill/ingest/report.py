"""What an ingest run read, kept, quarantined and stored, per file and per format.

The report also measures which Exchange fields each run actually filled (the share of good rows with
a non-null value), so the scan can say which signals were unavailable for these logs rather than
silently scoring on missing data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from antidistill.ingest.quarantine import QuarantinedRow
from antidistill.records import EXCHANGE_SCHEMA

MAX_EXAMPLES = 20


def mapping_text(mapping: Mapping[str, str]) -> str:
    """Where a reader found each field, as ``field=path, ...``."""
    return ", ".join(f"{k}={v}" for k, v in mapping.items())


#: Variants of the common field mapping listed before the rest are only counted.
MAPPING_VARIANTS_SHOWN = 5


def mapping_lines(field_mappings: Mapping[str, Mapping[str, str]]) -> list[str]:
    """The run's field mappings for a person to read: the one most files share, in full, then each other as what
    it adds, changes or lacks (``+end_user=...``, ``-latency_ms``), the most common first, at most
    ``MAPPING_VARIANTS_SHOWN`` of them. A folder of many small files of one product (a Bedrock S3 dump, one file
    per region and hour) differs only in the optional fields each file's sample held: one line each would bury
    what matters (the caller), which a variant still shows when it differs."""
    counts: Counter[tuple[tuple[str, str], ...]] = Counter()
    seen: dict[tuple[tuple[str, str], ...], Mapping[str, str]] = {}  # each mapping as the reader wrote it first
    for m in field_mappings.values():
        key = tuple(sorted(m.items()))  # one mapping whatever its order
        counts[key] += 1
        seen.setdefault(key, m)
    if not counts:
        return []
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], mapping_text(seen[kv[0]])))
    base = seen[ranked[0][0]]
    lines = [f"{mapping_text(base)} ({ranked[0][1]} file(s))"]
    for key, n in ranked[1:1 + MAPPING_VARIANTS_SHOWN]:
        m = seen[key]
        diff = [f"+{k}={v}" for k, v in m.items() if k not in base] + [
            f"{k}={v} (not {base[k]})" for k, v in m.items() if k in base and base[k] != v] + [
            f"-{k}" for k in base if k not in m]
        lines.append(f"otherwise {', '.join(diff)} ({n} file(s))")
    rest = ranked[1 + MAPPING_VARIANTS_SHOWN:]
    if rest:
        lines.append(f"and {len(rest)} more variant(s) in {sum(n for _, n in rest)} file(s) (summary.json "
                     "field_mappings)")
    return lines


@dataclass(slots=True)
class FileReport:
    """Counts for one input file. ``quarantined_by_field`` uses ``"-"`` for rows that failed to parse."""

    path: str
    format: str
    rows_read: int = 0
    rows_ok: int = 0
    rows_quarantined: int = 0
    #: input rows read as parts of a call counted in ``rows_read`` (a response line merged into its request's)
    rows_merged: int = 0
    quarantined_by_field: dict[str, int] = field(default_factory=dict)
    #: Exchange field -> where the reader found it, for readers that discover fields by name (``generic``)
    mapping: dict[str, str] | None = None


#: What ``rows_merged`` counts, as the terminal says it.
MERGED_TEXT = ("rows read as parts of calls (a response logged apart from its request, a call's rows in two tables, "
               "a trace's spans above a call, a long line a container runtime cut into parts)")


@dataclass(frozen=True, slots=True)
class FormatTotals:
    """Counts summed over the files one reader handled."""

    files: int
    rows_read: int
    rows_ok: int
    rows_quarantined: int


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file found while expanding a directory that is not a log (labels, notes); never a log row."""

    path: str
    reason: str


@dataclass(slots=True)
class DirectoryReport:
    """An account directory read beside the logs (:mod:`antidistill.ingest.directory`): its records, the
    entities in them, its unreadable lines, and the stored calls whose missing fields it filled."""

    path: str
    records: int = 0
    entities: int = 0
    rows_quarantined: int = 0
    quarantined_by_field: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "records": self.records, "entities": self.entities,
                "rows_quarantined": self.rows_quarantined}


@dataclass(slots=True)
class IngestReport:
    """Result of :func:`antidistill.ingest.ingest_paths`: counts, field coverage and store outcome."""

    files: list[FileReport] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    directories: list[DirectoryReport] = field(default_factory=list)
    #: stored calls whose missing organisation, payment, creation time, plan or access path the directories filled
    calls_filled: int = 0
    field_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXCHANGE_SCHEMA.names, 0))
    examples: list[QuarantinedRow] = field(default_factory=list)
    quarantine_path: str | None = None
    rows_inserted: int = 0
    rows_duplicate: int = 0
    models_upserted: int = 0
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_ok(self) -> int:
        return sum(f.rows_ok for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        """Unreadable rows of the logs and of the account directories read beside them."""
        return sum(f.rows_quarantined for f in self.files) + sum(d.rows_quarantined for d in self.directories)

    @property
    def rows_merged(self) -> int:
        return sum(f.rows_merged for f in self.files)

    def by_format(self) -> dict[str, FormatTotals]:
        groups: dict[str, list[FileReport]] = {}
        for f in self.files:
            groups.setdefault(f.format, []).append(f)
        return {fmt: FormatTotals(len(fs), sum(f.rows_read for f in fs), sum(f.rows_ok for f in fs),
                                  sum(f.rows_quarantined for f in fs)) for fmt, fs in sorted(groups.items())}

    def quarantined_by_field(self) -> dict[str, int]:
        """Quarantine entries per input field at fault over all files, most first (``-``: unparsable lines)."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.quarantined_by_field)
        for d in self.directories:
            total.update(d.quarantined_by_field)
        return dict(total.most_common())

    def coverage(self) -> dict[str, float]:
        """Share of good rows in which each Exchange field is non-null (0.0 when no rows were read)."""
        ok = self.rows_ok
        return {name: (n / ok if ok else 0.0) for name, n in self.field_counts.items()}

    def unavailable_fields(self, min_share: float = 0.0) -> list[str]:
        """Exchange fields filled in at most ``min_share`` of the good rows (the signals that cannot run)."""
        return [name for name, share in self.coverage().items() if share <= min_share]

    # -- accumulation (used by the pipeline) ---------------------------------------------------------
    def add_batch(self, batch: pa.RecordBatch) -> None:
        for name in EXCHANGE_SCHEMA.names:
            col = batch.column(name)
            self.field_counts[name] += len(col) - col.null_count

    def add_quarantined(self, file_report: FileReport | DirectoryReport, rows: tuple[QuarantinedRow, ...]) -> None:
        counts = Counter(r.field or "-" for r in rows)
        for key, n in counts.items():
            file_report.quarantined_by_field[key] = file_report.quarantined_by_field.get(key, 0) + n
        room = MAX_EXAMPLES - len(self.examples)
        if room > 0:
            self.examples.extend(rows[:room])

    # -- output ------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (stored in the ``ingest_runs`` table and written by the scan)."""
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "rows_read": self.rows_read, "rows_ok": self.rows_ok, "rows_quarantined": self.rows_quarantined,
            "rows_merged": self.rows_merged,
            "rows_inserted": self.rows_inserted, "rows_duplicate": self.rows_duplicate,
            "models_upserted": self.models_upserted, "quarantine_path": self.quarantine_path,
            "by_format": {k: {"files": v.files, "rows_read": v.rows_read, "rows_ok": v.rows_ok,
                              "rows_quarantined": v.rows_quarantined} for k, v in self.by_format().items()},
            "files": [{"path": f.path, "format": f.format, "rows_read": f.rows_read, "rows_ok": f.rows_ok,
                       "rows_quarantined": f.rows_quarantined, "quarantined_by_field": f.quarantined_by_field,
                       **({"rows_merged": f.rows_merged} if f.rows_merged else {}),
                       **({"mapping": f.mapping} if f.mapping else {})}
                      for f in self.files],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            **({"directories": [d.to_dict() for d in self.directories], "calls_filled": self.calls_filled}
               if self.directories or self.calls_filled else {}),
            "coverage": {k: round(v, 4) for k, v in self.coverage().items()},
            "unavailable_fields": self.unavailable_fields(),
            "examples": [{"file": r.file, "line": r.line, "field": r.field, "reason": r.reason}
                         for r in self.examples],
        }

    def to_summary(self) -> dict[str, Any]:
        """The flat keys the scan merges into ``summary.json`` (no per-file detail, no coverage: the
        scan measures coverage on the stored table)."""
        return {
            "rows_read": self.rows_read, "rows_ok": self.rows_ok, "quarantined_rows": self.rows_quarantined,
            "rows_merged": self.rows_merged,
            "rows_inserted": self.rows_inserted, "rows_duplicate": self.rows_duplicate,
            "exchanges_by_format": {k: v.rows_ok for k, v in self.by_format().items()},
            "quarantined_by_format": {k: v.rows_quarantined for k, v in self.by_format().items()},
            "quarantined_by_field": self.quarantined_by_field(),
            "quarantine_path": self.quarantine_path, "models_upserted": self.models_upserted,
            "skipped_files": [s.path for s in self.skipped],
            "skipped_by_reason": self.skipped_by_reason(),
            **({"directories": [d.to_dict() for d in self.directories], "calls_filled": self.calls_filled}
               if self.directories or self.calls_filled else {}),
            **({"field_mappings": {f.path: f.mapping for f in self.files if f.mapping}}
               if any(f.mapping for f in self.files) else {}),
        }

    def skipped_by_reason(self) -> dict[str, int]:
        """Files found in the folders and not read as logs, counted by why (most first)."""
        counts: dict[str, int] = {}
        for s in self.skipped:
            counts[s.reason] = counts.get(s.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        """A few human-readable lines for the command line."""
        lines = [f"read {self.rows_read} rows from {len(self.files)} file(s): {self.rows_ok} ok, "
                 f"{self.rows_quarantined} quarantined; stored {self.rows_inserted} new, "
                 f"{self.rows_duplicate} already present"]
        for fmt, t in self.by_format().items():
            lines.append(f"  {fmt}: {t.files} file(s), {t.rows_read} read, {t.rows_ok} ok, "
                         f"{t.rows_quarantined} quarantined")
        for f in self.files:
            if f.mapping:
                lines.append(f"  {f.path}: fields found by name: {mapping_text(f.mapping)}")
        if self.rows_merged:
            lines.append(f"  {self.rows_merged} {MERGED_TEXT}")
        for d in self.directories:
            lines.append(f"  account directory {d.path}: {d.records} records, {d.entities} organisations, accounts, "
                         f"projects and keys, {d.rows_quarantined} quarantined")
        if self.directories or self.calls_filled:
            lines.append(f"  the account directories filled missing fields of {self.calls_filled} stored calls")
        if self.rows_quarantined and self.quarantine_path:
            lines.append(f"  quarantined rows written to {self.quarantine_path}")
        missing = self.unavailable_fields()
        if missing:
            lines.append(f"  fields absent from every row: {', '.join(missing)}")
        return "\n".join(lines)
