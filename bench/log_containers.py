"""The same JSON-lines logs in the other containers exports use, scanned: do the verdicts stay the same?

Rewrites every JSON-lines file of a log folder (the out-of-simulator probe's ``litellm/`` folder, or any
other) without changing a value: as one pretty-printed JSON array per file, as a CSV export with a header
row (objects and lists as JSON text), and as zstd-compressed JSON lines. Then it scans the original and each
copy with the scan's defaults, and prints for each copy the scan time, the quarantined rows and whether
``accounts.csv`` is byte-identical to the original's.

With ``--shapes``, the exchanges the original scan stored are also written in two shapes only the ``generic``
reader reads (``tests/ingest/generic_convert.py``: a flat observability export and a nested proxy record; the
third, an LLM-tracing export, carries no client address or user agent, so its verdicts differ by design), one
JSON-lines file each, and scanned the same way: their fields are found by name, so an identical
``accounts.csv`` says the reader found every field the scan uses (session 22). A third copy writes each call as
two lines, the request when it arrives and the response when it completes, sharing a request id, each response
after the requests of up to five later calls (``openai_convert.write_two_lines``), and is compared with the
same calls written one line each in that OpenAI-style shape (``openai-lines``; the shape carries no token
counts for a failed call, so both differ from the original there): an identical ``accounts.csv`` says every
call was put back together, nothing counted twice (session 23).

    python bench/foreign_traffic.py --out F --seed 1
    python bench/log_containers.py F/litellm --work W [--shapes]
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from antidistill.records import conform
from antidistill.scan import ScanConfig, run_scan


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list | bool):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rewrite(logs: Path, work: Path) -> dict[str, Path]:
    """The three copies of ``logs`` under ``work``, by container name."""
    out = {name: work / name for name in ("array", "csv", "zst")}
    for folder in out.values():
        folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(p for p in logs.iterdir() if p.suffix in (".jsonl", ".ndjson")):
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]
        (out["array"] / f"{f.stem}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False),
                                                     encoding="utf-8")
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        (out["zst"] / f"{f.stem}.jsonl.zst").write_bytes(pa.Codec("zstd").compress(data, asbytes=True))
        keys = sorted({k for r in rows for k in r})
        with (out["csv"] / f"{f.stem}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(keys)
            writer.writerows([_cell(r.get(k)) for k in keys] for r in rows)
    return out


def shapes(db: Path, work: Path) -> dict[str, Path]:
    """The exchanges stored in ``db`` written in the ``flat`` and ``nested`` shapes of ``generic_convert``."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))
    from generic_convert import write_shape
    from openai_convert import write_openai_jsonl, write_two_lines

    with duckdb.connect(str(db), read_only=True) as con:
        table = con.sql("SELECT * FROM exchanges ORDER BY ts_start, exchange_id").to_arrow_table()
    table = conform(table)  # a database of an earlier schema lacks its newer columns
    out = {f"generic-{shape}": write_shape(table, work / f"generic-{shape}" / "calls.jsonl", shape).parent
           for shape in ("flat", "nested")}
    out["openai-lines"] = write_openai_jsonl(table, work / "openai-lines" / "calls.jsonl").parent
    out["two-lines"] = write_two_lines(table, work / "two-lines" / "calls.jsonl").parent
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("logs", type=Path, help="folder of JSON-lines log files")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--shapes", action="store_true", help="also the generic reader's shapes")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-containers-"))
    try:
        copies = rewrite(args.logs, work / "logs")
        base = run_scan(ScanConfig(paths=[args.logs], out=work / "scan-jsonl", progress=False))
        print(f"jsonl: {base.summary['seconds_total']:.1f} s, {base.summary['exchanges_total']} exchanges, "
              f"{base.summary['quarantined_rows']} quarantined")
        if args.shapes:
            copies.update(shapes(work / "scan-jsonl" / "scan.duckdb", work / "logs"))
        for name, folder in copies.items():
            scan = run_scan(ScanConfig(paths=[folder], out=work / f"scan-{name}", progress=False))
            base_name = "openai-lines" if name == "two-lines" else "jsonl"  # the same shape, one line a call
            same = filecmp.cmp(work / f"scan-{base_name}" / "accounts.csv", work / f"scan-{name}" / "accounts.csv",
                               shallow=False)
            print(f"{name}: {scan.summary['seconds_total']:.1f} s, {scan.summary['exchanges_total']} exchanges, "
                  f"{scan.summary['quarantined_rows']} quarantined, {scan.summary.get('rows_merged', 0)} merged, "
                  f"accounts.csv identical to {base_name}'s: {same}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
