"""What filling the calls from an account directory costs on a large store.

Opens a scan's DuckDB database, and inside one transaction that is rolled back at the end (the file is left as it
was): forgets every call's organisation, payment fingerprint, creation time and plan, writes a directory that
gives them back (one organisation record per stored organisation, each account and key listed under it, as
``ingest.directory`` reads a provider's snapshot), and times ``DuckDBStore.apply_directory``. The baseline,
timed in the same run on the same table, is one pass that groups the calls by account, organisation and key.

    python bench/directory_fill.py /tmp/default_scan/scan.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from antidistill.ingest.directory import Entity, to_table
from antidistill.store.duckdb_store import DuckDBStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("database", type=Path, help="a scan's scan.duckdb (left unchanged: the work is rolled back)")
    args = ap.parse_args()
    store = DuckDBStore(args.database)
    con = store.connection
    n = con.execute("SELECT count(*) FROM exchanges").fetchall()[0][0]
    t0 = time.perf_counter()
    ids = con.execute("SELECT account_id, any_value(org_id), any_value(api_key_id), count(*) FROM exchanges "
                      "GROUP BY account_id").fetchall()
    baseline = time.perf_counter() - t0
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE exchanges SET org_id = NULL, payment_fingerprint = NULL, account_created_at = NULL, "
                    "account_tier = NULL, access_path = NULL")
        start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        entities: list[Entity] = []
        orgs: set[str] = set()
        for i, (account, org, key, _) in enumerate(ids):
            org = org or f"org-of-{account}"
            if org not in orgs:
                orgs.add(org)
                entities.append(Entity(org, "organization", None, f"card-{len(orgs) % 5000}", start, "tier-2", None,
                                       "bench"))
            entities.append(Entity(account, "account", org, f"card-{len(orgs) % 5000}",
                                   start + dt.timedelta(minutes=i), "tier-2", "direct", "bench"))
            if key:
                entities.append(Entity(key, "key", org, None, start, None, None, "bench"))
        t1 = time.perf_counter()
        store.upsert_directory(to_table(entities))
        upsert = time.perf_counter() - t1
        t2 = time.perf_counter()
        filled = store.apply_directory()
        apply = time.perf_counter() - t2
        again_t = time.perf_counter()
        again = store.apply_directory()
        again_s = time.perf_counter() - again_t
        missing = con.execute("SELECT count(*) - count(payment_fingerprint), count(*) - count(account_created_at) "
                              "FROM exchanges").fetchall()[0]
    finally:
        con.execute("ROLLBACK")
        store.close()
    print(f"calls {n:,}; accounts {len(ids):,}; organisations {len(orgs):,}; directory entities {len(entities):,}")
    print(f"baseline: one pass grouping the calls by account   {baseline:7.2f} s")
    print(f"upsert_directory                                    {upsert:7.2f} s")
    print(f"apply_directory (every call missing every field)   {apply:7.2f} s  ratio {apply / baseline:5.1f}x; "
          f"filled {filled:,}; left without payment / creation time: {missing[0]:,} / {missing[1]:,}")
    print(f"apply_directory again (nothing left to fill)        {again_s:7.2f} s  ratio {again_s / baseline:5.1f}x; "
          f"filled {again:,}")


if __name__ == "__main__":
    main()
