"""Evaluate a scan of the eighth held-out probe (``bench/probe8``, Azure API Management's diagnostic logs for LLM APIs
archived by Azure Monitor to a storage account).

The probe labels each APIM subscription (``properties.apimSubscriptionId``, the caller the scan reads as the
account) and the developer-portal user that owns it (``properties.userId``, its organisation). Prints recall per
campaign kind and flagged units per benign persona twice: per subscription, and per organisation (flagged when any
of its subscriptions is ``suspect`` or ``campaign``; ``watch`` counted apart)::

    python bench/probe8_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_unit_table


def main(out: Path, data: Path) -> None:
    labels = pq.read_table(data / "labels.parquet").to_pylist()
    verdict = {r["account_id"]: r["verdict"]
               for r in csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines())}
    known = {r["account_id"] for r in labels}
    print(f"scanned accounts that are no labelled subscription: {sum(1 for a in verdict if a not in known)}; "
          f"labelled subscriptions never scanned: {sum(1 for a in known if a not in verdict)}")
    for unit in ("account_id", "org_id"):
        print(f"\nper {'subscription' if unit == 'account_id' else 'organisation'}:")
        print_unit_table(labels, [verdict.get(r["account_id"], "") for r in labels], unit)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
