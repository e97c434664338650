"""The tenth probe's labels per API key, for its gateway loop.

The scan reads the tenth probe's accounts as API keys (``request_properties.api-key-id``; the probe labels accounts,
each with its keys in ``api_key_ids``), so a scenario written from its logs (``bench/logs_to_scenario.py``) has
keys where the labels have accounts. This writes ``labels.parquet`` and ``labels_end_users.parquet`` keyed by key
into the scenario folder (each key takes its account's label, kind and campaign; each end user is listed under every
key of its account), so the replay's per-campaign tally and ``bench/probe9_loop.py`` read them::

    python bench/logs_to_scenario.py P/logs P/labels.parquet S
    python bench/probe10_keys.py P S
    antidistill replay S --in-process --scan-every 6 --scan-delay 0.5 --scan-work W --state-dir ST \\
        --out R.json --accounts-out A.csv --end-users-out E.csv
    python bench/probe9_loop.py A.csv E.csv S
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def main(probe: Path, scenario: Path) -> None:
    accounts = pq.read_table(probe / "labels.parquet").to_pylist()
    keys = {a["account_id"]: list(a["api_key_ids"] or [a["api_key_id"]]) for a in accounts}
    rows = [{**{k: a[k] for k in ("label", "kind", "campaign_id", "org_id")}, "account_id": key,
             "probe_account_id": a["account_id"]} for a in accounts for key in keys[a["account_id"]]]
    pq.write_table(pa.Table.from_pylist(rows), scenario / "labels.parquet")
    end_users = pq.read_table(probe / "labels_end_users.parquet").to_pylist()
    eu_rows = [{**u, "account_id": key} for u in end_users for key in keys.get(u["account_id"], [])]
    pq.write_table(pa.Table.from_pylist(eu_rows), scenario / "labels_end_users.parquet")
    print(f"{len(rows)} keys of {len(accounts)} accounts; {len(eu_rows)} (key, end user) rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
