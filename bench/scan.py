"""End-to-end scan time against a DuckDB baseline over the same Parquet, and its scaling with data size.

Baseline (measured in the same run, same machine): one DuckDB pass over the scenario's Parquet that
reads every prompt: ``GROUP BY account_id`` with a sum of prompt lengths. Targets (issue 3): scan at
most 5x that baseline; doubling the data at most 2.2x the scan time. Peak RSS of each child is reported.

    python bench/scan.py --scenario demo --seed 7          # generates the data first
    python bench/scan.py --data out/default                # reuse a simulated folder
    python bench/scan.py --data out/d7 --second out/d8     # double with new traffic (another seed)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import run_child


def baseline(parquet_glob: str) -> dict[str, float]:
    return run_child(f"""
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        con.execute("SET enable_progress_bar = false")
        rows = con.execute(\"\"\"SELECT account_id,
                                     sum(length(list_filter(messages, lambda m: m.role = 'user')[-1].content))
                              FROM read_parquet('{parquet_glob}') GROUP BY account_id\"\"\").fetchall()
        assert rows
    """)


def scan(data: Path, out: Path) -> dict[str, float]:
    return run_child(f"""
        from pathlib import Path
        from antidistill.scan import ScanConfig, run_scan
        run_scan(ScanConfig(paths=[Path({str(data)!r})], out=Path({str(out)!r}), progress=False))
    """)


def doubled(data: Path, dest: Path, second: Path | None = None) -> Path:
    """Twice the traffic: ``data`` plus ``second`` (another simulation, e.g. another seed: new accounts and
    new prompts) or, without it, a copy of ``data`` with every account and exchange id renamed. The copy
    repeats every prompt, so per-prompt signals (cached per distinct prompt) cost nothing the second time
    and the ratio understates the cost of truly new traffic; pass ``--second`` for the honest figure."""
    import duckdb

    (dest / "exchanges").mkdir(parents=True)
    if (data / "models.parquet").exists():
        shutil.copy(data / "models.parquet", dest / "models.parquet")
    con = duckdb.connect()
    src = f"read_parquet('{data}/exchanges/*.parquet')"
    con.execute(f"COPY (SELECT * FROM {src}) TO '{dest}/exchanges/part-a.parquet' (FORMAT parquet)")
    other = f"read_parquet('{second}/exchanges/*.parquet')" if second is not None else src
    con.execute(f"""COPY (SELECT * REPLACE (exchange_id || '~2' AS exchange_id, account_id || '~2' AS account_id)
                   FROM {other}) TO '{dest}/exchanges/part-b.parquet' (FORMAT parquet)""")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="traffic-lab output folder to scan")
    ap.add_argument("--scenario", default="demo")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--second", type=Path, help="second traffic-lab folder (another seed) for the doubled run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    try:
        data = args.data
        if data is None:
            from antidistill.lab.simulator import load_scenario, simulate

            data = work / "data"
            simulate(load_scenario(args.scenario), args.seed, data)
        import duckdb

        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{data}/exchanges/*.parquet')").fetchall()[0][0]
        base = baseline(f"{data}/exchanges/*.parquet")
        one = scan(data, work / "scan1")
        two_data = doubled(data, work / "double", args.second)
        base2 = baseline(f"{two_data}/exchanges/*.parquet")
        two = scan(two_data, work / "scan2")
        result = {
            "exchanges": n,
            "baseline_s": round(base["seconds"], 3), "scan_s": round(one["seconds"], 3),
            "scan_over_baseline": round(one["seconds"] / base["seconds"], 2),
            "exchanges_per_s": round(n / one["seconds"], 1),
            "scan_peak_rss_mib": round(one["peak_rss_mib"], 1),
            "doubled_baseline_s": round(base2["seconds"], 3), "doubled_scan_s": round(two["seconds"], 3),
            "doubling_ratio": round(two["seconds"] / one["seconds"], 2),
            "doubled_peak_rss_mib": round(two["peak_rss_mib"], 1),
        }
        if args.json:
            print(json.dumps(result))
        else:
            for k, v in result.items():
                print(f"{k:>24}: {v}")
            print(f"target scan/baseline <= 5: {'met' if result['scan_over_baseline'] <= 5 else 'NOT met'}; "
                  f"target doubling <= 2.2: {'met' if result['doubling_ratio'] <= 2.2 else 'NOT met'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
