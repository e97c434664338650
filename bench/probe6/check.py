"""Validate a generated probe-6 folder: `python -m bench.probe6.check DIR`."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

COLUMNS = {"endpoint", "logging_time", "request_id", "request_payload", "response_payload", "model", "model_version",
           "api_method", "full_request", "full_response", "metadata"}


def check(root: Path) -> int:
    man = json.loads((root / "manifest.json").read_text())
    lab = pq.read_table(root / "labels.parquet").to_pylist()
    labels = {r["account_id"]: r for r in lab}
    problems: list[str] = []
    files = sorted((root / "logs").rglob("*.json.gz"))
    seen: dict[str, str] = {}
    per_acct: dict[str, set[str]] = {}
    bad_lines: Counter[str] = Counter()
    stats: Counter[str] = Counter()
    for f in files:
        rel = str(f.relative_to(root))
        with gzip.open(f, "rb") as fh:
            for raw in fh:
                stats["lines"] += 1
                try:
                    row = json.loads(raw)
                except (ValueError, UnicodeDecodeError):
                    bad_lines[rel] += 1
                    continue
                if not row.keys() >= COLUMNS:
                    problems.append(f"{rel}: missing columns {COLUMNS - row.keys()}")
                    continue
                meta = json.loads(row["metadata"])
                json.loads(row["full_request"])
                try:
                    json.loads(row["full_response"])
                except ValueError:
                    stats["inner_truncated"] += 1
                rid = row["request_id"]
                acct = meta["caller"]["project_number"]
                if rid in seen:
                    stats["duplicate_rows"] += 1
                    if seen[rid] != acct:
                        problems.append(f"request_id {rid} under two customers")
                    continue
                seen[rid] = acct
                per_acct.setdefault(acct, set()).add(rid)
                stats[f"method:{row['api_method']}"] += 1
                stats[f"version:{row['model']}-{row['model_version']}"] += 1
                if acct not in labels:
                    problems.append(f"customer {acct} not in labels")
    if dict(bad_lines) != man["malformed_lines"]:
        problems.append(f"malformed lines {sum(bad_lines.values())} != manifest {man['malformed_lines_total']}")
    if stats["duplicate_rows"] != man["duplicate_rows"]:
        problems.append(f"duplicate rows {stats['duplicate_rows']} != manifest {man['duplicate_rows']}")
    if stats["inner_truncated"] != man["inner_truncated_full_response"]:
        problems.append("inner-truncated count differs from manifest")
    arch: dict[str, list[int]] = {}
    for a, r in labels.items():
        n = len(per_acct.get(a, ()))
        if n != r["exchanges"]:
            problems.append(f"{a} ({r['archetype']}): {n} logged exchanges != label {r['exchanges']}")
        if (r["campaign_id"] is None) != r["archetype"].startswith("benign:"):
            problems.append(f"{a}: campaign_id/archetype mismatch")
        x = arch.setdefault(r["archetype"], [0, 0])
        x[0] += 1
        x[1] += n
    print(f"{root}: {len(files)} files, {stats['lines']} lines, {len(seen)} exchanges, {len(labels)} customers "
          f"(customer field: {man['customer_field']})")
    print(f"  malformed lines {sum(bad_lines.values())} (expected {man['malformed_lines_total']}), duplicate rows "
          f"{stats['duplicate_rows']}, truncated full_response {stats['inner_truncated']}")
    print("  " + ", ".join(f"{k}={v}" for k, v in sorted(stats.items()) if ":" in k))
    print(f"  {'archetype':34s} {'accounts':>8s} {'exchanges':>9s}")
    for k in sorted(arch, key=lambda s: (not s.startswith("benign:"), s)):
        print(f"  {k:34s} {arch[k][0]:8d} {arch[k][1]:9d}")
    for p in problems[:20]:
        print("  PROBLEM:", p)
    print("OK" if not problems else f"FAILED ({len(problems)} problems)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1])))
