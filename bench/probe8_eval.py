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
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_probe_table

FLAGGED = ("suspect", "campaign")


def main(out: Path, data: Path) -> None:
    labels = pq.read_table(data / "labels.parquet").to_pylist()
    verdict = {r["account_id"]: r["verdict"]
               for r in csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines())}
    known = {r["account_id"] for r in labels}
    print(f"scanned accounts that are no labelled subscription: {sum(1 for a in verdict if a not in known)}; "
          f"labelled subscriptions never scanned: {sum(1 for a in known if a not in verdict)}")
    for unit in ("account_id", "org_id"):
        verdicts: dict[str, list[str]] = defaultdict(list)
        kind: dict[str, tuple[bool, str]] = {}
        for r in labels:
            verdicts[r[unit]].append(verdict.get(r["account_id"], ""))
            kind[r[unit]] = (r["label"] == "campaign", r["kind"])
        by: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for u, v in verdicts.items():
            g = by[kind[u]]
            flagged = any(x in FLAGGED for x in v)
            g[0] += 1
            g[1] += flagged
            g[2] += not flagged and "watch" in v
        print(f"\nper {'subscription' if unit == 'account_id' else 'organisation'}:")
        print_probe_table(by)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
