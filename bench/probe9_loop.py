"""The ninth probe through the gateway loop, scored per account and per end user.

The probe's Databricks tables are first written as a replayable scenario with the scan's own readers (the table
joins included), then replayed in-process with a scan every few simulated hours whose verdicts reach the gateway::

    python -m bench.probe9.generate --out P --seed 1
    python bench/logs_to_scenario.py P/tables P/labels.parquet S
    antidistill replay S --in-process --scan-every 6 --scan-delay 0.5 --scan-work W --state-dir ST \\
        --out R.json --accounts-out A.csv --end-users-out E.csv
    python bench/probe9_loop.py A.csv E.csv P

Prints, per campaign kind and per benign persona (the probe's labels, read here only): accounts, requests, the
share served before the account's first throttle-or-stronger decision (campaigns) or refused or throttled
(benign), and the requests denied (answered 403 or 429). Then the same per end user of the reseller accounts
(``labels_end_users.parquet``): the resold harvest's end users and the one hidden in an honest reseller against the
honest resold end users.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_served_table


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def main(accounts_csv: Path, end_users_csv: Path, probe: Path) -> None:
    labels = {r["account_id"]: r for r in pq.read_table(probe / "labels.parquet").to_pylist()}
    by_kind: dict[str, list[dict[str, str]]] = defaultdict(list)
    campaign_kinds = set()
    for r in _rows(accounts_csv):
        lab = labels.get(r["account_id"])
        kind = lab["kind"] if lab else "unlabelled"
        if lab and lab["label"] == "campaign":
            campaign_kinds.add(kind)
        by_kind[kind].append(r)
    print_served_table("per account (served before its first throttle-or-stronger decision; denied: answered 403 or "
                       "429)", by_kind, campaign_kinds)
    benign = [r for k, rows in by_kind.items() if k not in campaign_kinds for r in rows]
    requests, denied = sum(int(r["requests"]) for r in benign), sum(int(r["denied"]) for r in benign)
    print(f"benign accounts: {len(benign)}, requests {requests:,}, denied {denied:,} ({denied / max(1, requests):.2%})")

    eu_labels = {(r["account_id"], r["end_user"]): r for r in pq.read_table(probe / "labels_end_users.parquet")
                 .to_pylist()}
    by_eu: dict[str, list[dict[str, str]]] = defaultdict(list)
    eu_campaign = set()
    for r in _rows(end_users_csv):
        lab = eu_labels.get((r["account_id"], r["end_user"]))
        if lab is None:
            continue  # end users of accounts the probe does not label per end user (applications)
        kind = f"{lab['kind']} ({'campaign' if lab['label'] == 'campaign' else 'benign'})"
        if lab["label"] == "campaign":
            eu_campaign.add(kind)
        by_eu[kind].append(r)
    print_served_table("per end user of the reseller accounts", by_eu, eu_campaign)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
