"""python -m bench.probe7.generate --out DIR --seed N [--workers 2] [--scale 1.0]"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict

from . import world as W
from .infra import Infra, task_noise
from .server import Collector, Ctx

_G = {}


def _init(seed, scale):
    from . import campaigns as CP
    from . import personas as P
    _G["seed"] = seed
    _G["scale"] = scale
    _G["infra"] = Infra(seed)
    _G["benign"] = P.make_benign_accounts(seed)
    _G["campaigns"] = CP.CAMPAIGNS


def _units():
    n_b = len(_G["benign"])
    return [("b", i) for i in range(n_b)] + [("c", i) for i in range(len(_G["campaigns"]))]


def run_unit(u):
    kind, i = u
    seed, scale, infra = _G["seed"], _G["scale"], _G["infra"]
    col = Collector()
    if kind == "b":
        acct, fn = _G["benign"][i]
        rng = W.sub_rng(seed, "unit", acct.org_id)
        ctx = Ctx(infra, col, W.sub_rng(seed, "srv", acct.org_id))
        fn(ctx, acct, rng, scale)
        accts = [acct]
    else:
        cid, fn, n = _G["campaigns"][i]
        rng = W.sub_rng(seed, "campaign", cid)
        ctx = Ctx(infra, col, W.sub_rng(seed, "srv", cid))
        accts = fn(ctx, rng, cid, scale, n)
    for a in accts:
        col.calls.setdefault(a.org_id, 0)
    return u, col, accts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scale", type=float, default=1.0, help="volume multiplier")
    ap.add_argument("--level", type=int, default=6, help="gzip level of the CloudWatch records")
    args = ap.parse_args(argv)
    t_start = time.time()
    out = args.out
    if os.path.exists(os.path.join(out, "logs")):
        shutil.rmtree(os.path.join(out, "logs"))
    os.makedirs(out, exist_ok=True)

    _init(args.seed, args.scale)
    units = _units()
    # biggest units first so the two workers finish together
    results = {}
    pool = None
    if args.workers > 1:
        import multiprocessing as mp
        pool = mp.get_context("fork").Pool(args.workers)
        for u, col, accts in pool.imap_unordered(run_unit, units, chunksize=1):
            results[u] = (col, accts)
    else:
        for u in units:
            _, col, accts = run_unit(u)
            results[u] = (col, accts)
    t_gen = time.time()

    infra = _G["infra"]
    by_task = defaultdict(list)
    calls, status, misc = Counter(), Counter(), Counter()
    accounts = []
    for u in units:
        col, accts = results[u]
        for e in col.events:
            by_task[e[1]].append(e)
        calls.update(col.calls)
        status.update(col.status)
        misc.update(col.misc)
        accounts.extend(accts)
    del results
    noise_rng = W.sub_rng(args.seed, "noise")
    noise = task_noise(infra, noise_rng)
    noise_kinds = Counter(e[3] for e in noise)
    for e in noise:
        by_task[e[1]].append(e)

    from . import sink
    recs, rstats = sink.build_records(by_task, infra, W.sub_rng(args.seed, "records"))
    del by_task
    t_rec = time.time()
    fstats, files = sink.write_s3(recs, out, W.sub_rng(args.seed, "firehose"), level=args.level, pool=pool)
    if pool is not None:
        pool.close()
        pool.join()
    t_write = time.time()

    # labels
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = sorted(accounts, key=lambda a: (a.campaign_id or "~", a.archetype, a.org_id))
    tbl = pa.table({
        "account_id": pa.array([a.org_id for a in rows], pa.string()),
        "campaign_id": pa.array([a.campaign_id for a in rows], pa.string()),
        "archetype": pa.array([a.archetype for a in rows], pa.string()),
        "exchanges": pa.array([int(calls.get(a.org_id, 0)) for a in rows], pa.int64()),
    })
    pq.write_table(tbl, os.path.join(out, "labels.parquet"))

    per_arch = defaultdict(lambda: {"accounts": 0, "calls": 0})
    for a in rows:
        per_arch[a.archetype]["accounts"] += 1
        per_arch[a.archetype]["calls"] += int(calls.get(a.org_id, 0))
    campaigns = defaultdict(lambda: {"archetype": None, "accounts": 0, "calls": 0})
    for a in rows:
        if a.campaign_id:
            c = campaigns[a.campaign_id]
            c["archetype"] = a.archetype
            c["accounts"] += 1
            c["calls"] += int(calls.get(a.org_id, 0))
    t_end = time.time()
    manifest = {
        "generator": "bench.probe7",
        "seed": args.seed,
        "scale": args.scale,
        "window": {"start": W.iso(W.START), "end": W.iso(W.END)},
        "model_release": {"model": W.NEW_MODEL, "at": W.iso(W.RELEASE), "deploy_at": W.iso(W.DEPLOY)},
        "incident_503": [W.iso(W.INCIDENT[0]), W.iso(W.INCIDENT[1])],
        "account_field": "auth.org_id (inside the application log line)",
        "accounts": len(rows),
        "benign_accounts": sum(1 for a in rows if not a.campaign_id),
        "campaign_accounts": sum(1 for a in rows if a.campaign_id),
        "calls_total": int(sum(calls.values())),
        "calls_benign": int(sum(calls.get(a.org_id, 0) for a in rows if not a.campaign_id)),
        "calls_campaign": int(sum(calls.get(a.org_id, 0) for a in rows if a.campaign_id)),
        "per_archetype": dict(sorted(per_arch.items())),
        "campaigns": dict(sorted(campaigns.items())),
        "http_status": {str(k): v for k, v in sorted(status.items())},
        "noise": {
            "non_request_lines": {k: v for k, v in sorted(noise_kinds.items())},
            "per_request_side_lines": dict(sorted(misc.items())),
            "error_trace_lines_500": int(status.get(500, 0)),
            "truncated_lines": rstats["truncated_lines"],
            "continuation_events": rstats["continuation_events"],
            "control_messages": fstats["control_messages"],
            "duplicate_files": fstats["duplicate_files"],
            "redelivered_records": fstats["redelivered_records"],
        },
        "cloudwatch": {"events": rstats["events"], "records": rstats["records"], "log_streams": len(infra.tasks)},
        "s3": {"objects": fstats["files"], "bytes": fstats["bytes"]},
        "timing_s": {"simulate": round(t_gen - t_start, 1), "records": round(t_rec - t_gen, 1),
                     "compress_write": round(t_write - t_rec, 1), "total": round(t_end - t_start, 1)},
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps({k: manifest[k] for k in ("seed", "accounts", "calls_total", "calls_benign", "calls_campaign",
                                                "s3", "timing_s")}, indent=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
