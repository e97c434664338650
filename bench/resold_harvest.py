"""A harvest resold through honest aggregators: the reports' reseller proxy that "mixed the harvest into ordinary
resold traffic", built from a traffic-lab scenario and measured through the gateway loop per end user.

``build`` moves whole campaign accounts of a lab scenario under its honest aggregators: each moved account's
requests become one more end user of an aggregator (round robin), with the aggregator's key, organisation,
address, client and payment; nothing else of them changes. Moved are every ``reasoning_coercion`` account (a harvest
whose evidence is its own prompts) and half of the ``synchronized_cluster`` accounts (a harvest whose templates its
other half, still on accounts of their own, shares). The aggregators' honest end users stay as they are.
``labels.parquet`` keeps the accounts left; ``labels_end_users.parquet`` lists every end user of the aggregators
(``account_id``, ``end_user``, ``label``, ``archetype``, ``campaign_id``). ``eval`` reads a replay's per-account and
per-end-user files::

    antidistill simulate --scenario demo --seed 7 --out LAB
    python bench/resold_harvest.py build LAB SCEN
    antidistill replay SCEN --in-process --scan-every 6 --scan-delay 0.5 --scan-work W --state-dir ST \\
        --out R.json --accounts-out A.csv --end-users-out E.csv
    python bench/resold_harvest.py eval SCEN A.csv E.csv
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from _util import print_served_table

#: the account's own attributes a request through the aggregator carries instead of the moved account's
CARRIER = ("account_id", "org_id", "api_key_id", "client_ip", "user_agent", "account_tier", "account_created_at",
           "payment_fingerprint", "access_path", "asn")


def build(lab: Path, out: Path) -> None:
    labels = pq.read_table(lab / "labels.parquet")
    rows = labels.to_pylist()
    aggregators = sorted(r["account_id"] for r in rows if r["archetype"] == "benign:aggregator")
    coercion = sorted(r["account_id"] for r in rows if r["archetype"] == "reasoning_coercion")
    sync = sorted(r["account_id"] for r in rows if r["archetype"] == "synchronized_cluster")
    moved = {a: aggregators[i % len(aggregators)] for i, a in enumerate(coercion + sync[: len(sync) // 2])}
    table = pa.concat_tables(pq.read_table(p) for p in sorted((lab / "exchanges").glob("*.parquet")))
    ids = table.column("account_id")
    first = {a: table.filter(pc.equal(ids, a)).slice(0, 1).to_pylist()[0] for a in aggregators}
    stay = table.filter(pc.invert(pc.is_in(ids, pa.array(list(moved)))))
    parts = [stay]
    for account, carrier in moved.items():
        part = table.filter(pc.equal(ids, account))
        cols = {n: part.column(n) for n in part.column_names}
        for n in CARRIER:
            cols[n] = pa.array([first[carrier][n]] * part.num_rows, type=part.schema.field(n).type)
        cols["end_user"] = pa.array([f"resold-{account[-8:]}"] * part.num_rows, type=pa.string())
        parts.append(pa.table(cols, schema=part.schema))
    mixed = pa.concat_tables(parts).sort_by([("ts_start", "ascending"), ("exchange_id", "ascending")])
    (out / "exchanges").mkdir(parents=True, exist_ok=True)
    pq.write_table(mixed, out / "exchanges" / "part-0.parquet")
    if (lab / "models.parquet").is_file():
        (out / "models.parquet").write_bytes((lab / "models.parquet").read_bytes())
    pq.write_table(labels.filter(pc.invert(pc.is_in(labels.column("account_id"), pa.array(list(moved))))),
                   out / "labels.parquet")
    by_id = {r["account_id"]: r for r in rows}
    eu = mixed.filter(pc.is_in(mixed.column("account_id"), pa.array(aggregators))).group_by(
        ["account_id", "end_user"]).aggregate([]).to_pylist()
    origin = {f"resold-{a[-8:]}": a for a in moved}
    out_rows = []
    for r in eu:
        if r["end_user"] is None:
            continue
        src = by_id.get(origin.get(r["end_user"], ""))
        out_rows.append({"account_id": r["account_id"], "end_user": r["end_user"],
                         "label": "campaign" if src else "benign",
                         "archetype": src["archetype"] if src else "resold_end_user",
                         "campaign_id": (src["campaign_id"] or "") if src else ""})
    pq.write_table(pa.Table.from_pylist(out_rows), out / "labels_end_users.parquet")
    print(f"{len(moved)} campaign accounts moved under {len(aggregators)} aggregators as end users; "
          f"{mixed.num_rows:,} exchanges written to {out}")


def evaluate(scen: Path, accounts_csv: Path, end_users_csv: Path) -> None:
    labels = {(r["account_id"], r["end_user"]): r for r in pq.read_table(scen / "labels_end_users.parquet").to_pylist()}
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    with end_users_csv.open(newline="") as fh:
        for r in csv.DictReader(fh):
            lab = labels.get((r["account_id"], r["end_user"]))
            if lab is not None:
                groups[f"{lab['archetype']} ({lab['label']})"].append(r)
    print_served_table("end users of the aggregators", groups)
    aggregators = {a for a, _ in labels}
    with accounts_csv.open(newline="") as fh:
        agg = [r for r in csv.DictReader(fh) if r["account_id"] in aggregators]
    print(f"aggregator accounts: {len(agg)}, requests {sum(int(r['requests']) for r in agg):,}, denied "
          f"{sum(int(r['denied']) for r in agg):,}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "eval":
        evaluate(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit(__doc__)
