"""Write the export files, the ground-truth tables and the manifest."""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .helicone import Row
from .world import DAY, WEEK_START, Account

LOG_SUBDIR = "logs/helicone"


def day_name(day: int) -> str:
    return datetime.fromtimestamp(WEEK_START + day * DAY, UTC).strftime("%Y-%m-%d")


def write_logs(out: Path, rows: Sequence[Row], level: int = 5) -> dict[str, int]:
    """One gzip JSONL file per UTC day, newest first (the export API sorts by created_at desc)."""
    by_day: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_day[int((row.ts - WEEK_START) // DAY)].append(row)
    logdir = out / LOG_SUBDIR
    logdir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for day in sorted(by_day):
        day_rows = sorted(by_day[day], key=lambda r: r.ts, reverse=True)
        name = f"helicone-export_{day_name(day)}.jsonl.gz"
        # mtime=0 and no embedded file name keep the files byte-identical across runs of one seed.
        with open(logdir / name, "wb") as raw, gzip.GzipFile("", "wb", level, raw, mtime=0) as gz:
            for start in range(0, len(day_rows), 2000):
                chunk = day_rows[start:start + 2000]
                gz.write(("\n".join(r.line for r in chunk) + "\n").encode("utf-8"))
        counts[name] = len(day_rows)
    return counts


def write_labels(out: Path, accounts: Sequence[Account], rows: Sequence[Row]) -> tuple[Counter[str], Counter[str]]:
    """labels.parquet (one row per account) and labels_end_users.parquet (one per account x end user)."""
    exchanges: Counter[str] = Counter()
    eu_exchanges: Counter[tuple[str, str]] = Counter()
    eu_truth: dict[tuple[str, str], tuple[str, str, str]] = {}
    for row in rows:
        if row.duplicate:
            continue
        exchanges[row.account_id] += 1
        if row.end_user:
            k = (row.account_id, row.end_user)
            eu_exchanges[k] += 1
            t = row.end_user_truth
            if t is not None:
                eu_truth[k] = (t.label, t.kind, t.campaign_id)
    active = [a for a in accounts if exchanges[a.account_id] > 0]
    table = pa.table({
        "account_id": [a.account_id for a in active],
        "api_key_id": [a.keys[0][0] for a in active],
        "api_key_ids": [[k for k, _ in a.keys] for a in active],
        "org_id": [a.org_id for a in active],
        "label": [a.label for a in active],
        "kind": [a.kind for a in active],
        "campaign_id": [a.campaign_id for a in active],
        "exchanges": pa.array([exchanges[a.account_id] for a in active], pa.int64()),
        "end_user_field": [a.end_user_via for a in active],
    })
    pq.write_table(table, out / "labels.parquet")
    keys = sorted(eu_exchanges)
    truth = [eu_truth.get(k, ("benign", "unlabelled", "")) for k in keys]
    eu_table = pa.table({
        "account_id": [k[0] for k in keys],
        "end_user": [k[1] for k in keys],
        "label": [t[0] for t in truth],
        "kind": [t[1] for t in truth],
        "campaign_id": [t[2] for t in truth],
        "exchanges": pa.array([eu_exchanges[k] for k in keys], pa.int64()),
    })
    pq.write_table(eu_table, out / "labels_end_users.parquet")
    kinds = Counter(a.kind for a in active)
    eu_kinds = Counter(t[1] for t in truth)
    return kinds, eu_kinds


def write_manifest(out: Path, manifest: dict[str, object]) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
