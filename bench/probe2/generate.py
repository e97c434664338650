"""Generate one week of AWS Bedrock model-invocation logs with labelled distillation campaigns.

    python -m bench.probe2.generate --out DIR --seed N [--data ../shared/data]

Writes DIR/logs/bedrock-invocations-YYYY-MM-DD.jsonl.gz (one per UTC day), DIR/labels.parquet and
DIR/manifest.json.  Deterministic for a given seed (and data folder).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import campaigns, personas
from .bedrock import ACCOUNT_ID, DAYS, MODELS, RELEASE, WEEK_END, WEEK_START, World, iso
from .corpus import Corpus

#: The real public data sets beside the repository.
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

FORMAT = {
    "product": "AWS Bedrock model invocation logging (S3 delivery), schemaType ModelInvocationLog, schemaVersion 1.0",
    "file_layout": "logs/bedrock-invocations-YYYY-MM-DD.jsonl.gz: gzip'ed JSON lines, one record per runtime API call, "
                   "records of one UTC day, ordered by timestamp",
    "account_field": "identity.arn",
    "log_owner_account": ACCOUNT_ID,
    "operations": ["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream"],
}


def _write_day(path: str, lines: list[str]) -> int:
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    # mtime=0 keeps the gzip header, hence the file bytes, deterministic
    with open(path, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=5, mtime=0) as gz:
        gz.write(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=os.environ.get("PROBE2_DATA", str(SHARED_DATA)))
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    t_start = time.time()
    log = (lambda *x: None) if a.quiet else (lambda *x: print(*x, file=sys.stderr, flush=True))
    C = Corpus(a.data)
    w = World(a.seed)
    log(f"corpus loaded in {time.time() - t_start:.1f}s")

    campaign_ids: dict[str, str] = {}
    for name, fn in personas.ALL:
        t0 = time.time()
        fn(w, C, a.seed)
        log(f"  benign:{name:<16} {time.time() - t0:5.1f}s  rows so far {len(w.rows)}")
    for name, fn in campaigns.ALL:
        t0 = time.time()
        campaign_ids[name] = fn(w, C, a.seed)
        log(f"  {name:<24} {time.time() - t0:5.1f}s  rows so far {len(w.rows)}")

    # ---------------------------------------------------------------- logs, one gzip'ed JSONL per UTC day
    os.makedirs(os.path.join(a.out, "logs"), exist_ok=True)
    w.rows.sort(key=lambda r: (r[0], r[1]))
    per_day: list[list[str]] = [[] for _ in range(DAYS)]
    for ts, _seq, line in w.rows:
        d = (ts - WEEK_START) // 86400
        if 0 <= d < DAYS:
            per_day[d].append(line)
    files = []
    jobs = []
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as ex:
        for d in range(DAYS):
            day = iso(WEEK_START + d * 86400)[:10]
            path = os.path.join(a.out, "logs", f"bedrock-invocations-{day}.jsonl.gz")
            files.append({"file": os.path.relpath(path, a.out), "date": day, "records": len(per_day[d])})
            jobs.append(ex.submit(_write_day, path, per_day[d]))
        raw = sum(j.result() for j in jobs)
    n_rows = sum(len(x) for x in per_day)

    # ---------------------------------------------------------------- labels
    accts = sorted((x for x in w.accounts.values() if x.n > 0), key=lambda x: x.arn)
    table = pa.table({
        "account_id": pa.array([x.arn for x in accts], pa.string()),
        "campaign_id": pa.array([x.campaign_id for x in accts], pa.string()),
        "archetype": pa.array([x.archetype for x in accts], pa.string()),
        "exchanges": pa.array([x.n for x in accts], pa.int64()),
    })
    pq.write_table(table, os.path.join(a.out, "labels.parquet"))

    # ---------------------------------------------------------------- manifest
    by = collections.OrderedDict()
    for x in sorted(accts, key=lambda x: (x.campaign_id is None, x.archetype)):
        e = by.setdefault(x.archetype, {"campaign_id": x.campaign_id, "accounts": 0, "records": 0, "failed_records": 0})
        e["accounts"] += 1
        e["records"] += x.n
        e["failed_records"] += x.n_err
    manifest = {
        "generator": "bench.probe2.generate",
        "seed": a.seed,
        "week": {"start": iso(WEEK_START), "end": iso(WEEK_END), "days": DAYS},
        "models": MODELS,
        "new_model_release": {"modelId": MODELS["atlas4"], "at": iso(RELEASE)},
        "format": FORMAT,
        "files": files,
        "totals": {"records": n_rows, "uncompressed_bytes": raw, "accounts": len(accts),
                   "benign_accounts": sum(1 for x in accts if x.campaign_id is None),
                   "campaign_accounts": sum(1 for x in accts if x.campaign_id is not None),
                   "failed_records": sum(x.n_err for x in accts)},
        "campaigns": campaign_ids,
        "by_archetype": by,
        "labels": {"file": "labels.parquet", "account_id": "exact value of identity.arn in the logs",
                   "exchanges": "number of log records (invocation attempts, failed ones included) of the account"},
        "data_sources": C.summary(),
    }
    with open(os.path.join(a.out, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2, ensure_ascii=False)
    log(f"wrote {n_rows} records ({raw / 1e6:.0f} MB raw) for {len(accts)} accounts to {a.out} "
        f"in {time.time() - t_start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
