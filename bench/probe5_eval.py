"""Evaluate a scan of the fifth held-out probe (``bench/probe5``, an edge service's slog JSON logs).

The probe labels the billing organisation (``auth.org_id``); the scan reads whatever caller field it finds (the
project, ``auth.project_id``, unless run with ``--map account_id=auth.org_id``). This reads project -> organisation
from the logs and scores organisations: one is flagged when any of its scanned accounts is ``suspect`` or
``campaign`` (``watch`` counted apart). Prints recall per campaign kind and flagged organisations per benign
persona::

    python bench/probe5_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_probe_table


def organisations(data: Path) -> dict[str, str]:
    """Every project id and organisation id in the logs -> its organisation id."""
    out: dict[str, str] = {}
    for f in sorted((data / "logs").rglob("*.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    auth = json.loads(line).get("auth") or {}
                except (json.JSONDecodeError, AttributeError):
                    continue  # the probe's deliberately malformed lines
                org = auth.get("org_id")
                if org:
                    out[org] = org
                    if auth.get("project_id"):
                        out[auth["project_id"]] = org
    return out


def main(out: Path, data: Path, owners: Callable[[Path], dict[str, str]] = organisations) -> None:
    """Score the scan in ``out`` against the probe in ``data``; ``owners(data)`` maps every account id the scan
    may read to the labelled unit."""
    org_of = owners(data)
    labels = {r["account_id"]: r for r in pq.read_table(data / "labels.parquet").to_pylist()}
    verdicts: dict[str, list[str]] = defaultdict(list)
    unlabelled = 0
    for r in csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines()):
        org = org_of.get(r["account_id"])
        if org is None or org not in labels:
            unlabelled += 1
            continue
        verdicts[org].append(r["verdict"])
    by: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for org, label in labels.items():
        v = verdicts.get(org, [])
        g = by[(label["campaign_id"] is not None, label["archetype"])]
        g[0] += 1
        g[1] += any(x in ("suspect", "campaign") for x in v)
        g[2] += not any(x in ("suspect", "campaign") for x in v) and "watch" in v
    print(f"scanned accounts without a labelled organisation: {unlabelled}; organisations never scanned: "
          f"{sum(1 for o in labels if o not in verdicts)}")
    print_probe_table(by)

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
