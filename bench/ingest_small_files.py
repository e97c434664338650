"""Reading a folder of small files against reading the same records in one file.

Object-store exports come as many small files (AWS Bedrock writes one per region and hour, Firehose one per few
minutes), and the ``generic`` reader settles a plan per file on a sample of it. This splits one JSON-lines log
into one file per ``--by`` key (an hour of its time field by default) in a folder laid out as such an export,
reads both with ``read_paths`` (the scan's reading, without the store), and prints each time and the folder's
ratio to the single file, measured in the same run::

    python bench/ingest_small_files.py LOG.jsonl.gz [--runs 2]

For example a day of ``bench/probe2`` (``python -m bench.probe2.generate --out P --seed 1``, then
``P/logs/bedrock-invocations-2026-09-10.jsonl.gz``: 38,378 records, 96 region-hour files).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import tempfile
import time
from pathlib import Path

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths


def _split(src: Path, out: Path) -> int:
    by_file: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            stamp = str(rec.get("timestamp") or rec.get("time") or "")
            by_file[(str(rec.get("region") or "all"), stamp[11:13] or "00")].append(line)
    for (region, hour), lines in by_file.items():
        folder = out / region / hour
        folder.mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / f"{hour}00Z_{region}.json.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(lines)
    return len(by_file)


def _read(path: Path, scratch: Path) -> tuple[float, int]:
    start = time.perf_counter()
    report = IngestReport()
    with QuarantineWriter(scratch / "q.jsonl") as q:
        rows = sum(b.num_rows for b in read_paths([path], report=report, quarantine=q))
    return time.perf_counter() - start, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", type=Path)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        files = _split(args.log, folder)
        for run in range(1, args.runs + 1):
            one, rows = _read(args.log, Path(tmp))
            many, rows_many = _read(folder, Path(tmp))
            assert rows == rows_many, (rows, rows_many)
            print(f"run {run}: {rows:,} records; one file {one:.1f} s; {files} files {many:.1f} s; "
                  f"ratio {many / one:.2f}; {1e3 * (many - one) / files:.0f} ms more per file")


if __name__ == "__main__":
    main()
