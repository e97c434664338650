"""``python -m bench.probe5.check DIR``: re-parse every log file and check labels and manifest against it.

Malformed lines (deliberate: truncated at a restart, Go stderr lines) are tolerated and counted.
Exits 0 when every check passes, 1 otherwise.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
import sys
from collections import Counter

import pyarrow.parquet as pq

LLM_ROUTES = ("/v1/chat/completions", "/v1/responses")


def scan(out_dir: str) -> tuple[dict[str, dict], Counter, set[str], Counter]:
    """Per-file counts, LLM exchanges per org, orgs seen with identity, and status counts."""
    files: dict[str, dict] = {}
    exchanges: Counter = Counter()
    seen: set[str] = set()
    statuses: Counter = Counter()
    for path in sorted(glob.glob(os.path.join(out_dir, "logs", "*", "*.log.gz"))):
        rel = os.path.relpath(path, out_dir)
        ok = bad = 0
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict) or "time" not in rec:
                        raise ValueError("not a log record")
                except ValueError:
                    bad += 1
                    continue
                ok += 1
                http = rec.get("http") or {}
                statuses[(http.get("route"), http.get("status"))] += 1
                org = (rec.get("auth") or {}).get("org_id")
                if org:
                    seen.add(org)
                    if http.get("route") in LLM_ROUTES:
                        exchanges[org] += 1
        files[rel] = {"records": ok, "malformed": bad, "bytes": os.path.getsize(path)}
    return files, exchanges, seen, statuses


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.probe5.check DIR", file=sys.stderr)
        return 2
    out_dir = args[0]
    errors: list[str] = []
    files, exchanges, seen, statuses = scan(out_dir)
    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    listed = {e["path"]: e for e in manifest["files"]}
    if set(listed) != set(files):
        errors.append(f"manifest lists {len(listed)} files, found {len(files)} on disk")
    for p, got in files.items():
        want = listed.get(p)
        if want and (want["records"], want["malformed"], want["bytes"]) != (got["records"], got["malformed"], got["bytes"]):
            errors.append(f"{p}: manifest {want} != parsed {got}")
    labels = pq.read_table(os.path.join(out_dir, "labels.parquet")).to_pylist()
    ids = [r["account_id"] for r in labels]
    if len(ids) != len(set(ids)):
        errors.append("duplicate account_id in labels")
    if set(ids) != seen:
        errors.append(f"labels hold {len(set(ids))} accounts, logs show {len(seen)} with identity "
                      f"(missing {len(seen - set(ids))}, extra {len(set(ids) - seen)})")
    for r in labels:
        if r["exchanges"] != exchanges.get(r["account_id"], 0):
            errors.append(f"{r['account_id']}: label exchanges {r['exchanges']} != logs {exchanges.get(r['account_id'], 0)}")
        benign = r["archetype"].startswith("benign:")
        if benign == (r["campaign_id"] is not None):
            errors.append(f"{r['account_id']}: archetype {r['archetype']} inconsistent with campaign_id {r['campaign_id']}")
    n_camp = sum(1 for r in labels if r["campaign_id"])
    total = sum(f["records"] for f in files.values())
    bad = sum(f["malformed"] for f in files.values())
    if bad != manifest["totals"]["malformed_lines"]:
        errors.append(f"malformed lines {bad} != manifest {manifest['totals']['malformed_lines']}")
    print(f"files={len(files)} records={total} malformed={bad} llm_exchanges={sum(exchanges.values())} "
          f"accounts={len(ids)} campaign_accounts={n_camp} campaigns={len({r['campaign_id'] for r in labels if r['campaign_id']})}")
    top = ", ".join(f"{k[0]} {k[1]}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: -kv[1])[:14])
    print(f"route/status: {top}")
    for e in errors[:30]:
        print("ERROR", e, file=sys.stderr)
    print("OK" if not errors else f"FAILED ({len(errors)} problems)")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
