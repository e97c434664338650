"""Linkage in the background: the gateway scans its own event log on a schedule and feeds the verdicts back.

With ``scan_every_s`` set, :class:`BackgroundScan` runs ``antidistill scan`` (linkage included) over the
gateway's event log every ``scan_every_s`` seconds, in a child process at low CPU priority (a scan is
CPU- and memory-heavy and must not stall the event loop that answers requests), into one DuckDB file
under ``state_dir/scan`` that every round appends to (an exchange id is never counted twice). Each
round's verdicts go through the same mapping and hold as the replay's scan loop
(:func:`~antidistill.gateway.scanloop.verdicts_from_scan`, confirmed campaigns at ``1 - p``, suspects
at ``scan_suspect_score``; :func:`~antidistill.gateway.scanloop.carry_dropped`, a dropped verdict that
stood in two rounds in a row held for ``scan_lift_after_s`` of data), with the round's start as
``data_until`` so accounts first seen after it can be linked online by the campaigns' indicators.
Each round reads the log segments it has not read whole yet (rotated segments once, the open one
every time); the verdicts always cover everything in the database. The document replaces the
campaign book and is also written to ``state_dir/scan/campaigns.json`` (atomically) for people to read.

The event log's open segment is read up to its last complete line (a torn line is skipped and read
again next round). A round that fails (bad log line, scan error) is logged as
``event=background_scan_failed`` and the previous verdicts stay.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from antidistill.gateway.campaigns import CampaignBook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanRoundResult:
    """What one background round did."""

    data_until: str
    campaigns: int  # entries in the document installed (confirmed, suspects, carried)
    accounts: int
    carried: int  # accounts held from an earlier round
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class BackgroundScan:
    """Scan the event log every ``every_s`` seconds on a daemon thread; install each round's verdicts."""

    def __init__(self, *, events_dir: Path, work_dir: Path, book: CampaignBook, every_s: float,
                 hold_s: float = 86_400.0, min_scans: int = 2, suspect_score: float | None = 0.7,
                 threads: int = 1, clock: Callable[[], float] = time.time, timeout_s: float | None = None) -> None:
        if every_s <= 0:
            raise ValueError("every_s must be positive")
        self.events_dir = events_dir
        self.work_dir = work_dir
        self.book = book
        self.every_s = every_s
        self.hold_s = hold_s
        self.min_scans = min_scans
        self.suspect_score = suspect_score
        self.threads = threads
        self.clock = clock
        self.timeout_s = timeout_s if timeout_s is not None else max(every_s * 4, 600.0)
        self.rounds = 0
        self.last: ScanRoundResult | None = None
        self.last_error: str | None = None
        self._previous: dict[str, Any] | None = None
        self._read: dict[str, int] = {}  # closed log segments read whole: name -> size
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._child: subprocess.Popen[bytes] | None = None

    def run_once(self) -> ScanRoundResult:
        """One round now: scan the log so far, map and hold the verdicts, replace the campaign book."""
        from antidistill.gateway.scanloop import carry_dropped, verdicts_from_scan  # scanloop imports the runtime

        t0 = time.perf_counter()
        until = dt.datetime.fromtimestamp(self.clock(), tz=dt.UTC)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        out = self.work_dir / f"round-{self.rounds + 1:06d}"
        shutil.rmtree(out, ignore_errors=True)
        self._scan(out)
        doc = verdicts_from_scan(out, prefix=f"bg{self.rounds + 1}:", suspect_score=self.suspect_score,
                                 data_until=until)
        doc = carry_dropped(self._previous, doc, hold_s=self.hold_s, min_scans=self.min_scans)
        self.book.replace(doc, source=f"background scan {out.name}")
        self._previous = doc
        self._write(doc)
        for old in sorted(self.work_dir.glob("round-*"))[:-2]:  # keep the last two rounds' outputs
            shutil.rmtree(old, ignore_errors=True)
        self.rounds += 1
        carried = sum(len(c["accounts"]) for c in doc["campaigns"] if c.get("carried"))
        result = ScanRoundResult(data_until=until.isoformat(), campaigns=len(doc["campaigns"]),
                                 accounts=len({a for c in doc["campaigns"] for a in c["accounts"]}), carried=carried,
                                 seconds=round(time.perf_counter() - t0, 2))
        self.last, self.last_error = result, None
        log.info("event=background_scan %s", " ".join(f"{k}={v}" for k, v in result.to_dict().items()))
        return result

    def _inputs(self) -> tuple[list[Path], dict[str, int]]:
        """The log segments to read this round, and the closed ones among them with their sizes.

        The newest segment is always read (the gateway is appending to it); an older one (rotated,
        closed) once it has been read whole, unless its size changed since. Ingest drops exchanges it
        already has, so reading a segment twice is safe, only slower; after a restart every segment
        is read once more.
        """
        from antidistill.gateway.eventlog import log_files

        files = log_files(self.events_dir)
        sizes = {f.name: f.stat().st_size for f in files[:-1]}
        closed = {name: size for name, size in sizes.items() if self._read.get(name) != size}
        return [f for f in files[:-1] if f.name in closed] + files[-1:], closed

    def _scan(self, out: Path) -> None:
        todo, closed = self._inputs()
        cmd = [sys.executable, "-m", "antidistill.cli", "scan", *(str(f) for f in (todo or [self.events_dir])),
               "--format", "gateway", "--out", str(out), "--db", str(self.work_dir / "scan.duckdb"), "--no-progress"]
        env = {**os.environ, "ANTIDISTILL_THREADS": str(self.threads)}  # settings: DuckDB and worker threads
        with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env) as child:
            self._child = child
            _lower_priority(child.pid)
            try:
                _, err = child.communicate(timeout=self.timeout_s)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                raise RuntimeError(f"background scan took longer than {self.timeout_s:.0f} s; killed") from None
            finally:
                self._child = None
        if child.returncode != 0:
            tail = err.decode(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"background scan exited with {child.returncode}: {' | '.join(tail)}")
        self._read.update(closed)

    def _write(self, doc: dict[str, Any]) -> None:
        path = self.work_dir / "campaigns.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc))
        tmp.replace(path)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.run_once()
            except Exception as exc:  # a failed round keeps the previous verdicts; the loop goes on
                self.last_error = str(exc)
                log.error("event=background_scan_failed error=%r", str(exc))

    def start(self) -> None:
        """Start the schedule (first round ``every_s`` from now)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="antidistill-background-scan", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the schedule; a scan in progress is killed."""
        self._stop.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def status(self) -> dict[str, Any]:
        """For the admin health endpoint."""
        return {"every_s": self.every_s, "rounds": self.rounds, "last": self.last.to_dict() if self.last else None,
                "last_error": self.last_error}


def _lower_priority(pid: int) -> None:
    """Nice 10 for the scan: requests come first (best effort; not every platform allows it)."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 10)
    except (AttributeError, OSError) as exc:
        log.debug("event=background_scan_priority_unchanged error=%r", str(exc))
