"""Evaluate a scan whose accounts are API keys against labels keyed by organisation.

The third probe (``bench/probe3``) labels organisations; scanned with the ``generic`` reader's default mapping,
its accounts are API keys (``org_id`` holds the organisation). Each key takes its organisation's label (through
the scan's own store), and an organisation counts as flagged when any of its keys is ``suspect`` or in a
``campaign``. Prints recall and benign false positives per key and per organisation, and each archetype::

    python bench/eval_by_org.py OUT labels.parquet      # OUT: the scan's --out folder (with scan.duckdb)
"""

from __future__ import annotations

import argparse
import collections
import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

FLAGGED = ("suspect", "campaign")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scan", type=Path)
    ap.add_argument("labels", type=Path)
    args = ap.parse_args()
    labels = {r["account_id"]: r for r in pq.read_table(args.labels).to_pylist()}
    con = duckdb.connect(str(args.scan / "scan.duckdb"), read_only=True)
    org_of = dict(con.execute("SELECT account_id, any_value(org_id) FROM exchanges GROUP BY 1").fetchall())
    with (args.scan / "accounts.csv").open(encoding="utf-8") as fh:
        accounts = list(csv.DictReader(fh))
    keys = []
    for row in accounts:
        org = org_of.get(row["account_id"]) or row["account_id"]
        label = labels.get(org) or labels.get(row["account_id"])
        keys.append((label["archetype"] if label else None, label["campaign_id"] if label else None,
                     row["verdict"] in FLAGGED, row["verdict"] == "watch", org))
    print(f"accounts: {len(keys)}, unlabelled: {sum(k[0] is None for k in keys)}")
    orgs: dict[str, list] = {}
    for arch, camp, flag, watch, org in keys:
        o = orgs.setdefault(org, [arch, camp, False, False, org])
        o[2] |= flag
        o[3] |= watch
    for name, items in (("account as scanned", keys), ("organisation (any of its accounts flagged)",
                                                        [tuple(o) for o in orgs.values()])):
        camp = [i for i in items if i[1]]
        benign = [i for i in items if not i[1]]
        found = sum(i[2] for i in camp)
        print(f"\n{name}: recall {found / max(len(camp), 1):.2%} ({found}/{len(camp)}), "
              f"benign flagged {sum(i[2] for i in benign)}/{len(benign)}")
        by = collections.defaultdict(list)
        for i in items:
            by[i[0]].append(i)
        for arch in sorted(by, key=lambda a: (by[a][0][1] is None, str(a))):
            group = by[arch]
            kind = "campaign" if group[0][1] else "benign"
            print(f"  {arch!s:32} {kind:8} {sum(i[2] for i in group):4d}/{len(group):4d} flagged, "
                  f"{sum(i[3] for i in group)} watch")


if __name__ == "__main__":
    main()
