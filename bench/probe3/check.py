"""python -m bench.probe3.check DIR

Verifies a generated probe3 directory: every log file parses, records are time-ordered within a file and fall in the
file's hour, every organization in the logs is labelled, label counts equal log counts, manifest counts match.
"""
from __future__ import annotations

import gzip
import json
import os
import sys
from collections import Counter

import pyarrow.parquet as pq

REQUIRED = ["request_id", "received_at", "completed_at", "duration_ms", "status", "organization_id", "workspace_id", "api_key_id",
            "client_ip", "user_agent", "request", "response"]


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 1:
        print(__doc__)
        return 2
    d = argv[0]
    errors = []
    man = json.load(open(os.path.join(d, "manifest.json")))
    counts = Counter()
    ids = set()
    n = 0
    status = Counter()
    for f in man["files"]:
        path = os.path.join(d, f["path"])
        hour = os.path.basename(path)[len("api-requests-"):-len(".jsonl.gz")]  # YYYY-MM-DDTHH
        prev = ""
        k = 0
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                k += 1
                for field in REQUIRED:
                    if field not in r:
                        errors.append(f"{f['path']}: record {k} lacks {field}")
                if not r["received_at"].startswith(hour):
                    errors.append(f"{f['path']}: record {k} received_at {r['received_at']} outside file hour")
                if r["received_at"] < prev:
                    errors.append(f"{f['path']}: record {k} out of time order")
                prev = r["received_at"]
                if r["completed_at"] < r["received_at"]:
                    errors.append(f"{f['path']}: record {k} completed before received")
                if r["request_id"] in ids:
                    errors.append(f"duplicate request_id {r['request_id']}")
                ids.add(r["request_id"])
                resp = r["response"]
                if r["status"] == 200:
                    if resp.get("type") != "message" or not isinstance(resp.get("content"), list) or "usage" not in resp:
                        errors.append(f"{f['path']}: record {k} status 200 without a message body")
                elif resp.get("type") != "error" or "error" not in resp:
                    errors.append(f"{f['path']}: record {k} status {r['status']} without an error body")
                body = r["request"]
                if not {"model", "max_tokens", "messages"} <= set(body):
                    errors.append(f"{f['path']}: record {k} request body lacks model/max_tokens/messages")
                counts[r["organization_id"]] += 1
                status[r["status"]] += 1
        if k != f["records"]:
            errors.append(f"{f['path']}: {k} records, manifest says {f['records']}")
        n += k
    on_disk = set()
    for root, _, fs in os.walk(os.path.join(d, "logs")):
        for x in fs:
            on_disk.add(os.path.relpath(os.path.join(root, x), d))
    if on_disk != {f["path"] for f in man["files"]}:
        errors.append("log files on disk differ from manifest")
    lab = pq.read_table(os.path.join(d, "labels.parquet")).to_pylist()
    labelled = {r["account_id"]: r for r in lab}
    if len(labelled) != len(lab):
        errors.append("duplicate account_id in labels")
    for org, c in counts.items():
        if org not in labelled:
            errors.append(f"unlabelled account {org}")
        elif labelled[org]["exchanges"] != c:
            errors.append(f"account {org}: labels say {labelled[org]['exchanges']}, logs have {c}")
    for org in labelled:
        if org not in counts:
            errors.append(f"labelled account {org} not in logs")
    if n != man["records_total"]:
        errors.append(f"records_total {man['records_total']} != {n}")
    arch = Counter()
    arch_acc = Counter()
    camp = 0
    for r in lab:
        arch[r["archetype"]] += r["exchanges"]
        arch_acc[r["archetype"]] += 1
        if r["campaign_id"] is not None:
            camp += r["exchanges"]
    for a, v in man["archetypes"].items():
        if arch[a] != v["records"] or arch_acc[a] != v["accounts"]:
            errors.append(f"archetype {a}: manifest {v['records']}/{v['accounts']} vs labels {arch[a]}/{arch_acc[a]}")
    benign_acc = sum(1 for r in lab if r["campaign_id"] is None)
    camp_acc = len(lab) - benign_acc
    print(f"{n} records in {len(man['files'])} files; {len(lab)} accounts ({benign_acc} benign, {camp_acc} in campaigns); "
          f"campaign share {camp / max(1, n):.3f}; status {dict(sorted(status.items()))}")
    for e in errors[:30]:
        print("ERROR", e)
    if errors:
        print(f"FAILED with {len(errors)} errors")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
