"""Evaluate a scan of the fourth held-out probe (``bench/probe4``, Kong AI Gateway logs).

The scan reads each call's account as the Kong consumer's ``consumer.id``; the probe's labels name the same
customer by ``consumer.custom_id`` (one each). This reads that correspondence from the logs and prints recall
per campaign archetype and flagged accounts per benign persona (``suspect`` or ``campaign``; ``watch`` counted
apart)::

    python bench/probe4_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_probe_table


def custom_ids(data: Path) -> dict[str, str]:
    """Kong consumer id -> the consumer's ``custom_id``, from every log file of the probe."""
    out: dict[str, str] = {}
    for f in sorted((data / "logs").rglob("*.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                consumer = json.loads(line).get("consumer") or {}
                if consumer.get("id") and consumer.get("custom_id"):
                    out[consumer["id"]] = consumer["custom_id"]
    return out


def main(out: Path, data: Path) -> None:
    cid = custom_ids(data)
    labels = {r["account_id"]: r for r in pq.read_table(data / "labels.parquet").to_pylist()}
    by: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    unlabelled = 0
    rows = list(csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines()))
    for r in rows:
        label = labels.get(cid.get(r["account_id"], r["account_id"]))
        if label is None:
            unlabelled += 1
            continue
        g = by[(label["campaign_id"] is not None, label["archetype"])]
        g[0] += 1
        g[1] += r["verdict"] in ("suspect", "campaign")
        g[2] += r["verdict"] == "watch"
    print(f"unlabelled {unlabelled} of {len(rows)}")
    print_probe_table(by)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
