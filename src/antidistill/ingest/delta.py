"""Delta Lake tables handed over as they sit in storage: which data files the table holds now.

A Delta table (Databricks inference tables, ``system.serving.*`` exports, any Unity Catalog table copied out of
cloud storage) is a folder of Parquet data files and a ``_delta_log/`` of commits. The folder keeps files the table
no longer holds until a ``VACUUM`` removes them: the small files an ``OPTIMIZE`` compacted into bigger ones (the
same rows again), the files a ``DELETE`` or ``MERGE`` rewrote (rows the table no longer has), a failed write's
files that no commit ever added. Reading every Parquet file of the folder counts compacted rows twice and reads
deleted ones. So the scan replays the log (the newest checkpoint, then the JSON commits after it, in version
order) and reads only the files the table holds at its last version; the others, and the log itself, are skipped
and listed with the reason.

What is not done: a file's *deletion vector* (rows deleted in place, without rewriting the file) is not applied:
such files are read whole, and the report says how many carry one. When the log cannot be replayed (a commit
missing between the checkpoint and the last version, an unreadable commit) the table is read as a plain folder
and the report says why; the exchange ids keep compacted copies from being counted twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.parquet as pq

LOG_DIR = "_delta_log"
_COMMIT = re.compile(r"^(\d{20})\.json$")
# a classic checkpoint, one file or one part of several (``N.checkpoint.parquet``, ``N.checkpoint.K.P.parquet``)
_CHECKPOINT = re.compile(r"^(\d{20})\.checkpoint(?:\.(\d+)\.(\d+))?\.parquet$")


@dataclass
class DeltaTable:
    """One Delta table's state at its last version: the data files it holds (resolved paths)."""

    root: Path
    version: int = -1
    #: data files of the table at ``version`` (resolved)
    active: set[Path] = field(default_factory=set)
    #: data files a commit removed, with the version that removed them (resolved)
    removed: dict[Path, int] = field(default_factory=dict)
    #: active files carrying a deletion vector (rows deleted in place, not applied here)
    deletion_vectors: int = 0
    #: why the log could not be replayed (then the table is read as a plain folder), else None
    unreadable: str | None = None

    def skip_reason(self, path: Path) -> str | None:
        """Why ``path`` (a file under the table's folder) is not read, or None when it is one of the table's data
        files (or the log could not be replayed)."""
        resolved = path.resolve()
        if LOG_DIR in resolved.relative_to(self.root).parts:
            if self.unreadable is not None:
                return f"Delta transaction log of table {self.root.name} ({self.unreadable})"
            dv = (f"; {self.deletion_vectors} of its data files carry deletion vectors, not applied: the rows "
                  "deleted in place are read") if self.deletion_vectors else ""
            return f"Delta transaction log of table {self.root.name} (replayed to version {self.version}{dv})"
        if self.unreadable is not None or resolved in self.active:
            return None
        if resolved in self.removed:
            return (f"removed from Delta table {self.root.name} at version {self.removed[resolved]} (compacted or "
                    f"rewritten: its rows are in the table's current files or were deleted)")
        if path.name.endswith(".parquet") or path.name.endswith(".crc") or "deletion_vector" in path.name:
            return f"not a data file of Delta table {self.root.name} at version {self.version} (no commit adds it)"
        return None


def _data_path(root: Path, value: object) -> Path | None:
    """A log action's ``path`` as a file under ``root``: relative and URL-encoded (``request_date=2026-05-04/
    part-0.parquet``, ``%20`` for a space), or an absolute URI of the same table."""
    if not isinstance(value, str) or not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme and len(parsed.scheme) > 1:  # s3://, abfss://, file:/ (not a Windows drive letter)
        name = unquote(parsed.path)
        marker = f"/{root.name}/"
        if marker not in name:
            return None  # a file of another table (a shallow clone's source): not on this disk
        name = name.split(marker, 1)[1]
    else:
        name = unquote(value)
    return (root / name).resolve()


def _apply(table: DeltaTable, actions: Iterable[Mapping[str, object]], version: int) -> None:
    for action in actions:
        add, remove = action.get("add"), action.get("remove")
        if isinstance(add, Mapping):
            p = _data_path(table.root, add.get("path"))
            if p is not None:
                table.active.add(p)
                table.removed.pop(p, None)
                if add.get("deletionVector"):
                    table.deletion_vectors += 1
        elif isinstance(remove, Mapping):
            p = _data_path(table.root, remove.get("path"))
            if p is not None:
                table.active.discard(p)
                table.removed[p] = version


def _checkpoint_actions(files: list[Path]) -> Iterable[Mapping[str, object]]:
    for f in files:
        columns = [c for c in ("add", "remove") if c in pq.read_schema(f).names]
        yield from pq.read_table(f, columns=columns).to_pylist()


def read_table(root: Path) -> DeltaTable:
    """Replay the Delta log of the table at ``root`` (the folder holding ``_delta_log``)."""
    root = root.resolve()
    table = DeltaTable(root)
    log = root / LOG_DIR
    commits = {int(m.group(1)): p for p in log.iterdir() if (m := _COMMIT.match(p.name))}
    parts: dict[int, dict[int, Path]] = {}
    expected: dict[int, int] = {}
    for p in log.iterdir():
        m = _CHECKPOINT.match(p.name)
        if m:
            v = int(m.group(1))
            parts.setdefault(v, {})[int(m.group(2) or 1)] = p
            expected[v] = int(m.group(3) or 1)
    complete = sorted(v for v, got in parts.items() if len(got) == expected[v])
    last = max([*commits, *complete], default=-1)
    if last < 0:
        table.unreadable = "no commit in its log"
        return table
    start = -1
    try:
        if complete:
            start = complete[-1]
            _apply(table, _checkpoint_actions([parts[start][k] for k in sorted(parts[start])]), start)
        for v in range(start + 1, last + 1):
            if v not in commits:
                raise ValueError(f"commit {v:020d}.json is missing")
            with open(commits[v], encoding="utf-8") as fh:
                _apply(table, (json.loads(line) for line in fh if line.strip()), v)
    except (OSError, ValueError, pa.ArrowException) as exc:  # json.JSONDecodeError is a ValueError
        table.unreadable = f"log not replayed: {exc}; every Parquet file of the folder is read"
        table.active.clear()
        table.removed.clear()
        return table
    table.version = last
    return table


def tables_under(folder: Path) -> list[DeltaTable]:
    """Every Delta table at or under ``folder`` (a folder holding ``_delta_log``), deepest last."""
    roots = sorted({p.parent for p in folder.rglob(LOG_DIR) if p.is_dir()}, key=lambda r: len(r.parts))
    return [read_table(r) for r in roots]


def table_of(path: Path, tables: list[DeltaTable]) -> DeltaTable | None:
    """The innermost table whose folder holds ``path``."""
    resolved = path.resolve()
    found = None
    for t in tables:
        if resolved.is_relative_to(t.root):
            found = t
    return found


def data_files(table: DeltaTable) -> list[Path]:
    """The data files of ``table`` at its last version, in path order; every Parquet file of its folder but its
    log when the log could not be replayed."""
    if table.unreadable is None:
        return sorted(p for p in table.active if p.is_file())
    return sorted(p for p in table.root.rglob("*.parquet")
                  if p.is_file() and LOG_DIR not in p.relative_to(table.root).parts)
