# ruff: noqa: E501
"""Sanity-check a generated probe2 folder:  python -m bench.probe2.check DIR

Reads every log line, checks the schema basics, and checks that labels.parquet lists exactly the identities
found in the logs with matching record counts.  Prints counts per archetype.  Exit status 1 on any mismatch.
"""

from __future__ import annotations

import collections
import glob
import gzip
import json
import os
import sys

import pyarrow.parquet as pq

REQUIRED = ("schemaType", "schemaVersion", "timestamp", "accountId", "identity", "region", "requestId",
            "operation", "modelId", "input")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = argv[0] if argv else "/tmp/probe2"
    labels = pq.read_table(os.path.join(out, "labels.parquet")).to_pylist()
    lab = {r["account_id"]: r for r in labels}
    seen: collections.Counter = collections.Counter()
    ops: collections.Counter = collections.Counter()
    errors: collections.Counter = collections.Counter()
    bad = 0
    owners = set()
    ids = set()
    dup_ids = 0
    last_ts = ""
    unordered = 0
    for path in sorted(glob.glob(os.path.join(out, "logs", "*.jsonl.gz"))):
        day = os.path.basename(path).split("-", 2)[2][:10]
        last_ts = ""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if any(k not in r for k in REQUIRED) or not r["timestamp"].startswith(day):
                    bad += 1
                if ("output" in r) == ("errorCode" in r):
                    bad += 1
                if r["timestamp"] < last_ts:
                    unordered += 1
                last_ts = r["timestamp"]
                owners.add(r["accountId"])
                if r["requestId"] in ids:
                    dup_ids += 1
                ids.add(r["requestId"])
                seen[r["identity"]["arn"]] += 1
                ops[r["operation"]] += 1
                if "errorCode" in r:
                    errors[r["errorCode"]] += 1
    ok = True
    if set(seen) != set(lab):
        ok = False
        print(f"identity mismatch: {len(set(seen) - set(lab))} in logs only, {len(set(lab) - set(seen))} in labels only")
    wrong = [a for a in seen if a in lab and lab[a]["exchanges"] != seen[a]]
    if wrong:
        ok = False
        print(f"{len(wrong)} accounts whose exchanges differ from their log record count")
    if bad or unordered or dup_ids or len(owners) != 1:
        ok = False
        print(f"schema problems: {bad}, out-of-order lines: {unordered}, duplicate requestIds: {dup_ids}, "
              f"owner accounts: {sorted(owners)}")
    by = collections.defaultdict(lambda: [0, 0])
    for a, r in lab.items():
        by[r["archetype"]][0] += 1
        by[r["archetype"]][1] += seen[a]
    print(f"records {sum(seen.values())}  accounts {len(seen)}  operations {dict(ops)}")
    print(f"errors {dict(errors)}")
    for k in sorted(by, key=lambda k: (k.startswith("benign"), k)):
        print(f"  {k:30s} accounts {by[k][0]:4d}  records {by[k][1]:7d}")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
