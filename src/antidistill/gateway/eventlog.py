"""The durable event log: one JSONL line per exchange, in Exchange field names plus ``decision``.

Durability contract (see ``docs/gateway.md``):

* ``append`` hands the line to the operating system with one ``write(2)`` on an ``O_APPEND``
  file *before* the gateway sends the last byte of the response. A ``kill -9`` of the gateway
  therefore never loses an exchange whose response completed: the kernel already has it.
* Power loss or a kernel crash can lose what was written since the last ``fsync``. A
  background thread fsyncs at most ``fsync_window_s`` after a write (default 0.2 s). With
  ``fsync_window_s=0`` every append fsyncs inline: no loss window, but each request then waits
  for the disk (milliseconds on most disks), which breaks the gateway's latency budget.

Files rotate by size: ``events-<UTC start>-<seq>.jsonl``; names sort in write order.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from antidistill.records import Exchange

SOURCE_FORMAT = "gateway"


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def exchange_row(exchange: Exchange, decision: Mapping[str, Any]) -> dict[str, Any]:
    """The log row for ``exchange``: EXCHANGE_SCHEMA names, ISO-8601 UTC times, plus ``decision``."""
    row = exchange.to_row()
    for name in ("ts_start", "ts_end", "account_created_at"):
        row[name] = _iso(row[name])
    row["source_format"] = SOURCE_FORMAT
    row["decision"] = dict(decision)
    return row


class EventLog:
    """Append-only JSONL writer with size rotation and a bounded fsync window. Thread-safe."""

    def __init__(self, *, directory: Path, fsync_window_s: float = 0.2, rotate_bytes: int = 64 << 20) -> None:
        if fsync_window_s < 0:
            raise ValueError(f"fsync_window_s must be >= 0, got {fsync_window_s}")
        if rotate_bytes < 1024:
            raise ValueError(f"rotate_bytes must be at least 1024, got {rotate_bytes}")
        self.directory = directory
        self.fsync_window_s = fsync_window_s
        self.rotate_bytes = rotate_bytes
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._seq = 0
        self._fd = -1
        self._size = 0
        self._dirty = False
        self._closed = False
        self.path = self._open_next()
        self.lines_written = 0
        self._wake = threading.Event()
        self._syncer: threading.Thread | None = None
        if fsync_window_s > 0:
            self._syncer = threading.Thread(target=self._sync_loop, name="eventlog-fsync", daemon=True)
            self._syncer.start()

    def _open_next(self) -> Path:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        self._seq += 1
        path = self.directory / f"events-{stamp}-{self._seq:04d}.jsonl"
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._size = 0
        return path

    def append(self, row: Mapping[str, Any]) -> None:
        """Write one row. Returns once the kernel holds it (and the disk too if the window is 0)."""
        data = (json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode()
        with self._lock:
            if self._closed:
                raise RuntimeError("event log is closed")
            if self._size and self._size + len(data) > self.rotate_bytes:
                os.fsync(self._fd)
                os.close(self._fd)
                self.path = self._open_next()
            os.write(self._fd, data)  # one write on O_APPEND: the line lands whole
            self._size += len(data)
            self.lines_written += 1
            if self.fsync_window_s == 0:
                os.fsync(self._fd)
            else:
                self._dirty = True
        if self.fsync_window_s:
            self._wake.set()

    def append_exchange(self, exchange: Exchange, decision: Mapping[str, Any]) -> None:
        """Write ``exchange`` with its ``decision`` as one row (see :func:`exchange_row`)."""
        self.append(exchange_row(exchange, decision))

    def _sync_loop(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            self.flush()
            # sleep out the window so a busy gateway fsyncs at most 1/window times a second
            threading.Event().wait(self.fsync_window_s)

    def flush(self) -> None:
        """fsync now if anything was written since the last fsync."""
        with self._lock:
            if not self._dirty or self._closed:
                return
            fd = os.dup(self._fd)  # fsync a duplicate outside the lock: appends never wait for the disk
            self._dirty = False
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        """fsync and close; later appends raise."""
        with self._lock:
            if self._closed:
                return
            os.fsync(self._fd)
            os.close(self._fd)
            self._closed = True
        self._wake.set()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DiscardLog(EventLog):
    """An event log that keeps nothing but the count: for in-process replays of large scenarios.

    Nothing the gateway decides reads its own log back, so discarding it changes no decision;
    it only saves gigabytes of JSON when millions of simulated exchanges are replayed.
    """

    def __init__(self) -> None:  # no file, no fsync thread: EventLog.__init__ is not called
        self.directory = Path(os.devnull)
        self.path = self.directory
        self.fsync_window_s = 0.0
        self.rotate_bytes = 1 << 62
        self.lines_written = 0
        self._closed = False

    def append(self, row: Mapping[str, Any]) -> None:
        self.lines_written += 1

    def append_exchange(self, exchange: Exchange, decision: Mapping[str, Any]) -> None:
        self.lines_written += 1  # the row is never built

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self._closed = True


def log_files(directory: Path) -> list[Path]:
    """The event-log files in ``directory`` in write order."""
    return sorted(directory.glob("events-*.jsonl"))


def read_events(directory: Path) -> Iterator[dict[str, Any]]:
    """Every row of every log file in order. A torn last line (power loss) is skipped, others raise."""
    for path in log_files(directory):
        with path.open(encoding="utf-8") as fh:
            lines = fh.readlines()
        for lineno, line in enumerate(lines, 1):
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                if lineno == len(lines) and not line.endswith("\n"):
                    continue
                raise ValueError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
