"""Ingest throughput: canonical Parquet -> DuckDB store, against DuckDB's own bulk load in the same run.

Baseline: ``CREATE TABLE AS SELECT * FROM read_parquet(...)`` (no validation, no de-duplication), the
fastest way DuckDB itself can load the same files. Measured against it:

* ``ingest_paths`` into ``DuckDBStore`` with each de-duplication strategy (``anti_join`` and
  ``primary_key``), first into an empty store, then a second scan of the same files (every row a
  duplicate, the worst case for de-duplication).
* LiteLLM payload JSONL (``--jsonl-rows``, written by ``tests/ingest/litellm_convert.py`` from real
  prompts) through ``ingest_paths``, against DuckDB's ``read_json_auto`` bulk load of the same file; then the
  same lines split over eight files, read by one process and by ``--threads`` worker processes
  (``antidistill.ingest.parallel``).

Rows are GSM8K questions and rationales from ../shared/data, tiled with unique ids. Run:

    nice -n 10 .venv/bin/python bench/ingest.py --rows 2000000
    .venv/bin/python bench/ingest.py --folder /tmp/probe2/logs   # a folder of logs: one process vs workers
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.ingest import ingest_paths
from antidistill.records import EXCHANGE_SCHEMA, MESSAGE_TYPE
from antidistill.settings import Settings
from antidistill.store import DuckDBStore


def make_files(out: Path, rows: int, per_file: int, seed: int) -> list[Path]:
    """Write ``rows`` exchanges built from real GSM8K items into Parquet files of ``per_file`` rows."""
    data = Settings.load().data_dir
    with (data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh]
    questions = pa.array([i["question"] for i in items])
    rationales = pa.array([i["answer"] for i in items])
    rng = np.random.default_rng(seed)
    t0_us = int(dt.datetime(2026, 2, 1, tzinfo=dt.UTC).timestamp() * 10**6)
    paths = []
    for start in range(0, rows, per_file):
        n = min(per_file, rows - start)
        pick = pa.array(rng.integers(0, len(items), n))
        role = pa.array(["user"] * n)
        turns = pa.StructArray.from_arrays([role, questions.take(pick)], fields=list(MESSAGE_TYPE))
        msgs = pa.ListArray.from_arrays(pa.array(np.arange(n + 1, dtype=np.int32)), turns)
        micros = t0_us + np.sort(rng.integers(0, 28 * 86_400 * 10**6, n))
        cols = {
            "exchange_id": pa.array([f"ex-{start + i:09d}" for i in range(n)]),
            "ts_start": pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            "account_id": pa.array([f"acct-{a:05d}" for a in rng.integers(0, 20_000, n)]),
            "client_ip": pa.array([f"203.0.113.{a}" for a in rng.integers(1, 255, n)]),
            "model": pa.array(["deepseek-r1"] * n),
            "messages": msgs,
            "response_text": pa.array(["The answer is 18."] * n),
            "reasoning_text": rationales.take(pick),
            "prompt_tokens": pa.array(rng.integers(20, 400, n).astype(np.int32)),
            "completion_tokens": pa.array(rng.integers(50, 900, n).astype(np.int32)),
            "status": pa.array(["ok"] * n),
            "latency_ms": pa.array(rng.uniform(200, 9000, n).astype(np.float32)),
        }
        full = {f.name: cols.get(f.name, pa.nulls(n, f.type)) for f in EXCHANGE_SCHEMA}
        table = pa.table(full, schema=EXCHANGE_SCHEMA)
        path = out / f"part-{start // per_file:04d}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--per-file", type=int, default=250_000)
    ap.add_argument("--threads", type=int, default=Settings.load().threads)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jsonl-rows", type=int, default=100_000, help="0 skips the LiteLLM JSONL measurement")
    ap.add_argument("--folder", type=Path, help="only this: a folder of logs read by one process and by --threads "
                                                "worker processes, alternated twice")
    args = ap.parse_args()
    if args.folder is not None:
        bench_folder(args.folder, args.threads)
        return
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        root = Path(tmp)
        (root / "exchanges").mkdir()
        files = make_files(root / "exchanges", args.rows, args.per_file, args.seed)
        size_mb = sum(p.stat().st_size for p in files) / 2**20
        print(f"rows={args.rows} files={len(files)} parquet_mb={size_mb:.0f} threads={args.threads} "
              f"duckdb={duckdb.__version__}")

        con = duckdb.connect(str(root / "baseline.duckdb"))
        con.execute(f"SET threads = {args.threads}")
        t = time.perf_counter()
        con.execute(f"CREATE TABLE exchanges AS SELECT * FROM read_parquet('{root / 'exchanges'}/*.parquet')")
        base = time.perf_counter() - t
        con.close()
        print(f"baseline CREATE TABLE AS read_parquet: {base:.2f} s  {args.rows / base:,.0f} rows/s  ratio 1.00")

        for dedup in ("anti_join", "primary_key"):
            with DuckDBStore(root / f"{dedup}.duckdb", threads=args.threads, dedup=dedup) as store:  # type: ignore[arg-type]
                for label in ("first scan", "rescan (all duplicates)"):
                    t = time.perf_counter()
                    report = ingest_paths([root / "exchanges"], store, progress=False)
                    assert report.rows_quarantined == 0, report.examples[:3]
                    sec = time.perf_counter() - t
                    print(f"ingest_paths {dedup:<11} {label:<24}: {sec:.2f} s  {args.rows / sec:,.0f} rows/s  "
                          f"ratio {base / sec:.2f}  inserted={report.rows_inserted} dup={report.rows_duplicate}")
                assert store.count() == args.rows
        if args.jsonl_rows:
            bench_jsonl(root, args.jsonl_rows, args.threads)


def bench_folder(folder: Path, threads: int) -> None:
    """A folder of text logs into an empty store, one process against ``threads`` workers, alternated twice."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        seconds: dict[int, list[float]] = {1: [], threads: []}
        for round_ in range(2):
            for workers in (1, threads):
                with DuckDBStore(Path(tmp) / f"r{round_}-{workers}.duckdb", threads=threads) as store:
                    t = time.perf_counter()
                    report = ingest_paths([folder], store, progress=False, workers=workers)
                    seconds[workers].append(time.perf_counter() - t)
                print(f"round {round_ + 1}, {workers} worker(s): {seconds[workers][-1]:.2f} s, "
                      f"{report.rows_inserted} rows inserted")
        print(f"one process / {threads} workers: {min(seconds[1]) / min(seconds[threads]):.2f} (best of two each)")


def bench_jsonl(root: Path, rows: int, threads: int) -> None:
    """LiteLLM payload lines: ingest_paths vs DuckDB's own JSON bulk load of the same file."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))
    from ingest_samples import real_exchanges
    from litellm_convert import write_litellm_jsonl, write_spend_logs_csv, write_spend_logs_json

    sample = real_exchanges(Settings.load().data_dir, 1400, seed=1)
    reps = -(-rows // sample.num_rows)
    table = pa.concat_tables([sample] * reps).slice(0, rows)
    ids = pa.array([f"call-{i:09d}" for i in range(table.num_rows)])
    table = table.set_column(0, EXCHANGE_SCHEMA.field("exchange_id"), ids)
    path = write_litellm_jsonl(table, root / "litellm.jsonl")
    mb = path.stat().st_size / 2**20
    con = duckdb.connect(str(root / "json_baseline.duckdb"))
    con.execute(f"SET threads = {threads}")
    t = time.perf_counter()
    con.execute(f"CREATE TABLE payloads AS SELECT * FROM read_json_auto('{path}', maximum_object_size=67108864)")
    base = time.perf_counter() - t
    con.close()
    print(f"litellm jsonl rows={table.num_rows} mb={mb:.0f}")
    print(f"baseline CREATE TABLE AS read_json_auto: {base:.2f} s  {table.num_rows / base:,.0f} rows/s  ratio 1.00")
    with DuckDBStore(root / "litellm.duckdb", threads=threads) as store:
        t = time.perf_counter()
        report = ingest_paths([path], store, format="litellm", progress=False)
        sec = time.perf_counter() - t
    assert report.rows_inserted == table.num_rows, report.summary()
    print(f"ingest_paths litellm   : {sec:.2f} s  {table.num_rows / sec:,.0f} rows/s  ratio {base / sec:.2f}")
    lines = sec
    # The same lines over eight files (a folder of hourly dumps): one process, then worker processes.
    parts = root / "litellm-parts"
    parts.mkdir()
    with path.open("rb") as fh:
        body = fh.read().splitlines(keepends=True)
    step = -(-len(body) // 8)
    for k in range(8):
        (parts / f"part-{k}.jsonl").write_bytes(b"".join(body[k * step:(k + 1) * step]))
    del body
    seconds = {}
    for workers in (1, threads):
        with DuckDBStore(root / f"parts-{workers}.duckdb", threads=threads) as store:
            t = time.perf_counter()
            report = ingest_paths([parts], store, format="litellm", progress=False, workers=workers)
            seconds[workers] = time.perf_counter() - t
        assert report.rows_inserted == table.num_rows, report.summary()
        print(f"ingest_paths litellm, 8 files, {workers} worker(s): {seconds[workers]:.2f} s  "
              f"{table.num_rows / seconds[workers]:,.0f} rows/s  ratio {base / seconds[workers]:.2f}  "
              f"vs one process {seconds[1] / seconds[workers]:.2f}")
    # The same rows as the proxy's spend logs, in the two containers exports use, and as OpenTelemetry GenAI
    # traces (session 21); as a nested proxy record only the generic reader reads, fields found by name
    # (session 22).
    from generic_convert import write_nested
    from otel_convert import write_otel_jsonl

    for label, write, name in (("spend logs, JSON array", write_spend_logs_json, "spend.json"),
                               ("spend logs, CSV", write_spend_logs_csv, "spend.csv"),
                               ("OTel GenAI traces", write_otel_jsonl, "traces.jsonl"),
                               ("generic (nested proxy)", write_nested, "nested.jsonl")):
        out = write(table, root / name)
        with DuckDBStore(root / f"{name}.duckdb", threads=threads) as store:
            t = time.perf_counter()
            report = ingest_paths([out], store, progress=False)
            sec = time.perf_counter() - t
        other = out.read_bytes().count(b"\n") if name == "traces.jsonl" else 0  # one HTTP span per OTLP line
        assert report.rows_inserted == table.num_rows and report.rows_quarantined == other, report.summary()
        print(f"ingest_paths {label:<22}: {sec:.2f} s  {table.num_rows / sec:,.0f} rows/s  ratio {base / sec:.2f}  "
              f"vs JSON lines {lines / sec:.2f}  mb={out.stat().st_size / 2**20:.0f}")


if __name__ == "__main__":
    main()
