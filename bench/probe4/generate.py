"""probe4: held-out LLM API traffic in Kong Gateway AI access-log form.

    python -m bench.probe4.generate --out DIR --seed N [--data /work/shared/data]

Writes DIR/logs/<node>/ai-proxy-access.log-YYYYMMDD.gz (JSON lines, one Kong
log-serializer object per request), DIR/labels.parquet and DIR/manifest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import time
import zlib

import pyarrow as pa
import pyarrow.parquet as pq

from . import campaigns, personas
from .common import DAYS, PERIOD_START, RELEASE, T0, T_END, iso
from .engine import World
from .kong import API_HOST, KONG_VERSION, MODELS, to_line
from .textgen import Pools

NODES = ["kong-dp-use1-a", "kong-dp-use1-b"]
VERSION = "probe4-1.0"


def build(seed: int, data_dir: str) -> World:
    world = World(seed, Pools(data_dir), data_dir)
    for fn in personas.ALL:
        fn(world)
    for fn in campaigns.ALL:
        fn(world)
    world.apply_rate_limits()
    return world


def write(world: World, out: str) -> dict:
    calls = world.calls
    calls.sort(key=lambda c: (int(c.ts * 1000), c.rid))
    files = {}
    for c in calls:
        day = int((c.ts - T0) // 86400)
        node = NODES[zlib.crc32(c.rid.encode()) % len(NODES)]
        files.setdefault((node, day), []).append(c)
    manifest_files = []
    counts: dict = {}
    for (node, day) in sorted(files):
        date = (PERIOD_START + dt.timedelta(days=day)).strftime("%Y%m%d")
        rel = f"logs/{node}/ai-proxy-access.log-{date}.gz"
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        recs = files[(node, day)]
        with open(path, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=2, mtime=0) as gz:
                buf = []
                for c in recs:
                    buf.append(to_line(c))
                    if c.acct is not None:
                        counts[c.acct.account_id] = counts.get(c.acct.account_id, 0) + 1
                    if len(buf) >= 2000:
                        gz.write(("\n".join(buf) + "\n").encode("utf-8"))
                        buf = []
                if buf:
                    gz.write(("\n".join(buf) + "\n").encode("utf-8"))
        manifest_files.append({"path": rel, "node": node, "date": date, "records": len(recs),
                               "bytes": os.path.getsize(path)})
    return {"files": manifest_files, "counts": counts}


def labels(world: World, counts: dict, out: str) -> list:
    rows = [a for a in world.accounts if counts.get(a.account_id, 0) > 0]
    rows.sort(key=lambda a: a.account_id)
    table = pa.table({
        "account_id": pa.array([a.account_id for a in rows], pa.string()),
        "campaign_id": pa.array([a.campaign_id for a in rows], pa.string()),
        "archetype": pa.array([a.archetype for a in rows], pa.string()),
        "exchanges": pa.array([counts[a.account_id] for a in rows], pa.int64()),
    })
    pq.write_table(table, os.path.join(out, "labels.parquet"), compression="zstd")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default="/work/shared/data")
    args = ap.parse_args(argv)
    t_start = time.time()
    os.makedirs(args.out, exist_ok=True)
    world = build(args.seed, args.data)
    t_built = time.time()
    res = write(world, args.out)
    rows = labels(world, res["counts"], args.out)
    per_arch: dict = {}
    per_camp: dict = {}
    for a in rows:
        d = per_arch.setdefault(a.archetype, {"accounts": 0, "records": 0, "campaign": a.campaign_id is not None})
        d["accounts"] += 1
        d["records"] += res["counts"][a.account_id]
        if a.campaign_id:
            c = per_camp.setdefault(a.campaign_id, {"archetype": a.archetype, "accounts": 0, "records": 0})
            c["accounts"] += 1
            c["records"] += res["counts"][a.account_id]
    total = sum(f["records"] for f in res["files"])
    manifest = {
        "generator": VERSION,
        "seed": args.seed,
        "format": {
            "product": "Kong Gateway (Enterprise) file-log plugin + ai-proxy-advanced (log_statistics, log_payloads)",
            "kong_version": KONG_VERSION,
            "api_host": API_HOST,
            "encoding": "gzip JSON lines, one log-serializer object per request; '/' escaped as '\\/' (lua-cjson)",
            "layout": "logs/<data-plane node>/ai-proxy-access.log-YYYYMMDD.gz, rotated daily at 00:00 UTC",
            "order": "records sorted by started_at (then request.id) within each file",
            "account_field": "consumer.custom_id (billing customer id); consumer.id is Kong's consumer uuid",
        },
        "period": {"start": iso(T0), "end": iso(T_END), "days": DAYS},
        "models": {name: {"response_model": m["resp"], "reasoning": m["reasoning"], "logprobs": m["logprobs"],
                          "released": iso(RELEASE) if name == "aria-3" else "before period",
                          "usd_per_1M_in": m["cin"], "usd_per_1M_out": m["cout"]} for name, m in MODELS.items()},
        "aliases": {"aria-latest": {"before": "aria-2-pro", "after": "aria-3", "switch": iso(RELEASE)}},
        "files": res["files"],
        "records_total": total,
        "records_without_consumer": total - sum(res["counts"].values()),
        "accounts_total": len(rows),
        "accounts_per_archetype": dict(sorted(per_arch.items())),
        "campaigns": dict(sorted(per_camp.items())),
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write("\n")
    print(json.dumps({"records": total, "accounts": len(rows), "campaign_accounts": sum(c["accounts"] for c in per_camp.values()),
                      "timing_s": {"build": round(t_built - t_start, 1), "total": round(time.time() - t_start, 1)}}))


if __name__ == "__main__":
    main()
