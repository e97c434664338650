"""Evaluate a scan of the ninth held-out probe (``bench/probe9``, Databricks Model Serving / AI Gateway inference
tables and their neighbours exported as Delta tables).

The probe labels each account (``account_id``: the ``requester``, one service principal per customer API key), its
API key (``api_key_id``) and its organisation (``org_id``). The scan may read the caller as any of them, depending on
which tables it joined; each labelled account takes the verdict of the first of the three the scan reports. Prints
how the scanned accounts matched, then recall per campaign kind and flagged units per benign persona, per account
and per organisation (flagged when any of its accounts is ``suspect`` or ``campaign``; ``watch`` counted apart)::

    python bench/probe9_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_unit_table

IDS = ("account_id", "api_key_id", "org_id")


def main(out: Path, data: Path) -> None:
    labels = pq.read_table(data / "labels.parquet").to_pylist()
    verdict = {r["account_id"]: r["verdict"]
               for r in csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines())}
    matched: Counter[str] = Counter()
    known = {r[k] for r in labels for k in IDS}
    for r in labels:
        matched[next((k for k in IDS if r[k] in verdict), "not scanned")] += 1
    print(f"scanned accounts: {len(verdict)}, of them no labelled account, key or organisation: "
          f"{sum(1 for a in verdict if a not in known)}; labelled accounts matched by "
          + ", ".join(f"{k}: {n}" for k, n in matched.most_common()))
    for unit in ("account_id", "org_id"):
        print(f"\nper {'account' if unit == 'account_id' else 'organisation'}:")
        print_unit_table(labels, [next((verdict[r[k]] for k in IDS if r[k] in verdict), "") for r in labels], unit)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
