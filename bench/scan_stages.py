"""Where the feature and answer-reuse stages spend their time, statement by statement, on a stored scan.

Opens a scan's DuckDB database read-only and times, against a baseline measured in the same run (one pass that
reads every prompt and groups by account, as ``bench/scan.py``'s baseline does on Parquet), every statement
``compute_features`` runs (the forged-history table, prompt ends, shared wrappers, the final aggregate), and the two
answer-reuse routes of linkage in the scan's order (``output_flows``, then ``answer_suppliers`` for the confirmed
campaigns of the scan's ``campaigns.json``)::

    python bench/scan_stages.py /tmp/default_scan/scan.duckdb /tmp/default_scan/campaigns.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from antidistill.features import duckdb_engine as engine
from antidistill.linkage import duckdb_inputs as linkage


class _Timed:
    """A connection whose ``execute`` and ``sql`` print how long each statement over 0.3 s took."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def _say(self, t0: float, query: str) -> None:
        if (dt := time.perf_counter() - t0) > 0.3:
            print(f"  {dt:6.1f} s  {' '.join(query.split())[:90]}", flush=True)

    def execute(self, query: str, *args: Any) -> Any:
        t0 = time.perf_counter()
        result = self.con.execute(query, *args)
        self._say(t0, query)
        return result

    def sql(self, query: str, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        table = self.con.sql(query, **kwargs).to_arrow_table()
        self._say(t0, query)
        return _Done(table)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


class _Done:
    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def to_arrow_table(self) -> pa.Table:
        return self.table


def _seconds(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("database", type=Path, help="a scan's scan.duckdb (opened read-only)")
    ap.add_argument("campaigns", type=Path, nargs="?", help="the same scan's campaigns.json (for answer_suppliers)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    con = duckdb.connect(str(args.database), read_only=True)
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET memory_limit = '4GB'")  # as the scan sets it
    base, _ = _seconds(lambda: con.execute("SELECT account_id, sum(length(messages[-1].content)) FROM exchanges "
                                           "GROUP BY 1").fetchall())
    print(f"baseline (one pass reading every prompt, grouped by account): {base:.2f} s")
    timed = _Timed(con)
    avail = engine.available_inputs(con)
    print("compute_features:")
    total, table = _seconds(lambda: engine.compute_features(timed, available=avail))  # type: ignore[arg-type]
    print(f"compute_features: {total:.1f} s ({total / base:.0f}x), {table.num_rows} accounts")
    accounts = [r[0] for r in con.execute("SELECT DISTINCT account_id FROM exchanges ORDER BY 1").fetchall()]
    orgs = dict(con.execute("SELECT account_id, any_value(org_id) FROM exchanges GROUP BY 1").fetchall())
    con.register("_acct_codes", pa.table({"account_id": pa.array(accounts),
                                          "code": pa.array(np.arange(len(accounts), dtype=np.int32))}))
    org = np.array([orgs[a] or a for a in accounts], dtype=object)
    print("output_flows:")
    total, flows = _seconds(lambda: linkage.output_flows(timed, np.arange(len(accounts)), org))  # type: ignore[arg-type]
    print(f"output_flows: {total:.1f} s ({total / base:.0f}x), {len(flows.a)} flows")
    if args.campaigns is not None:
        members = {c["campaign_id"]: c["members"] for c in json.loads(args.campaigns.read_text()) if c["confirmed"]}
        print("answer_suppliers:")
        total, found = _seconds(lambda: linkage.answer_suppliers(timed, members))  # type: ignore[arg-type]
        print(f"answer_suppliers: {total:.1f} s ({total / base:.0f}x), {sum(map(len, found.values()))} suppliers, "
              f"{len(members)} confirmed campaigns")


if __name__ == "__main__":
    main()
