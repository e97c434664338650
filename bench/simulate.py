"""Benchmark the traffic lab: exchanges per second and peak RSS, against a trivial-writer baseline.

The baseline writes the same number of rows of a trivial table (three columns) with the same
Parquet writer settings, so the ratio says how much the simulator costs over the floor of simply
putting rows on disk. Each stage runs in its own child process, which reports its wall time, its CPU
time (the fair number on a shared, loaded machine) and its peak RSS.

    python bench/simulate.py --scenario large      # the recorded number (docs/benchmarks.md)
    python bench/simulate.py --scenario demo       # a quick run
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def _simulate(scenario: str, seed: int, out: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from antidistill.lab.simulator import load_scenario, simulate

    t0 = time.perf_counter()
    summary = simulate(load_scenario(scenario), seed, Path(out), progress=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    queue.put({"seconds": time.perf_counter() - t0, "rows": summary.exchanges, "accounts": summary.accounts,
               "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024})


def _baseline(rows: int, batch: int, out: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    schema = pa.schema([("id", pa.int64()), ("ts", pa.timestamp("us", tz="UTC")), ("account", pa.string())])
    names = pa.array([f"acct_{i:016x}" for i in range(1000)])
    with pq.ParquetWriter(Path(out) / "trivial.parquet", schema, compression="zstd", compression_level=1) as w:
        for start in range(0, rows, batch):
            n = min(batch, rows - start)
            w.write_table(pa.table({"id": np.arange(start, start + n), "ts": pa.array(
                rng.integers(1.7e15, 1.8e15, size=n), pa.timestamp("us", tz="UTC")),
                "account": names.take(pa.array(rng.integers(0, 1000, size=n)))}, schema=schema))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    queue.put({"seconds": time.perf_counter() - t0, "rows": rows, "cpu_s": usage.ru_utime + usage.ru_stime,
               "peak_rss_mib": usage.ru_maxrss / 1024})


def _run(target: object, *args: object) -> dict[str, float]:
    queue: mp.Queue = mp.get_context("spawn").Queue()  # type: ignore[type-arg]
    proc = mp.get_context("spawn").Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None, help="output folder (default: a temporary folder, removed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or str(Path(tmp) / "sim")
        sim = _run(_simulate, args.scenario, args.seed, out)
        base = _run(_baseline, int(sim["rows"]), 250_000, tmp)
    report = {
        "scenario": args.scenario, "accounts": int(sim["accounts"]), "exchanges": int(sim["rows"]),
        "simulate_s": round(sim["seconds"], 1), "simulate_rows_per_s": round(sim["rows"] / sim["seconds"]),
        "simulate_cpu_s": round(sim["cpu_s"], 1), "simulate_rows_per_cpu_s": round(sim["rows"] / sim["cpu_s"]),
        "simulate_peak_rss_mib": round(sim["peak_rss_mib"]),
        "baseline_s": round(base["seconds"], 2), "baseline_rows_per_s": round(base["rows"] / base["seconds"]),
        "baseline_cpu_s": round(base["cpu_s"], 2),
        "baseline_peak_rss_mib": round(base["peak_rss_mib"]),
        "slowdown_vs_trivial_writer_wall": round(sim["seconds"] / base["seconds"], 1),
        "slowdown_vs_trivial_writer_cpu": round(sim["cpu_s"] / base["cpu_s"], 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
