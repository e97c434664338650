"""python -m bench.probe9.generate --out DIR --seed N [--scale F]

Writes DIR/tables/... (Delta folders), DIR/labels.parquet, DIR/labels_end_users.parquet, DIR/manifest.json.
The output is a pure function of (seed, scale)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns, resellers, tables
from .common import Ctx
from .material import load
from .population import Registry
from .rng import DAY, HOUR, RELEASE, T0, T1, WEEK_END, WEEK_START, rng
from .serve import Server

LABEL_SCHEMA = pa.schema([("org_id", pa.string()), ("account_id", pa.string()), ("label", pa.string()), ("kind", pa.string()),
                          ("campaign_id", pa.string()), ("exchanges", pa.int64()), ("api_key_id", pa.string()), ("org_name", pa.string())])
EU_SCHEMA = pa.schema([("account_id", pa.string()), ("end_user", pa.string()), ("label", pa.string()), ("kind", pa.string()),
                       ("campaign_id", pa.string()), ("exchanges", pa.int64())])
END_USER_KEYS = ("end_user_to_charge", "customer_id", "end_user")


def build(seed: int, scale: float):
    m = load()
    reg = Registry(seed)
    ctx = Ctx(m, seed, scale, reg)
    for fn in benign.ALL + [resellers.gen_benign_resellers, resellers.gen_relay_campaign] + campaigns.ALL:
        fn(ctx)
    # dormant keys: registered, never used this week
    r = ctx.r("dormant")
    for i, o in enumerate([o for o in reg.orgs if o.label == "benign"]):
        if r.random() < 0.15:
            reg.key(f"dormant{i}", o, o.kind, "openai-python")
    calls = [c for c in ctx.calls if T0 <= c.t < T1]
    return ctx, reg, calls


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args(argv)
    t_start = time.time()
    out = a.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    ctx, reg, calls = build(a.seed, a.scale)
    t_built = time.time()
    srv = Server(ctx, reg.accounts)
    ex = srv.run(calls)
    ex = [x for x in ex if x.t < T1]
    t_served = time.time()
    r = rng(a.seed, a.scale, "tables")
    ents = tables.Entities(rng(a.seed, "entities"))
    root = os.path.join(out, "tables")
    inf = os.path.join(root, "meridian_prod", "inference")
    sysd = os.path.join(root, "secops_exports", "system_serving")
    prov = os.path.join(root, "provider_ops")
    pay = tables.payload_rows(ex, ents, r)
    t3 = tables.write_payload(inf, "meridian_chat_payload", pay["meridian-3"], T0 - 60 * DAY, rng(a.seed, a.scale, "p3"),
                              [(T0 + 2 * DAY + 3 * HOUR + 1200, T0 - 60 * DAY, T0 + 2 * DAY + 1800, 2),
                               (T0 + 5 * DAY + 4 * HOUR + 600, T0 + 2 * DAY + 1800, T0 + 5 * DAY + 1800, 3)])
    t4 = tables.write_payload(inf, "meridian_4_chat_payload", pay["meridian-4"], RELEASE - 1800, rng(a.seed, a.scale, "p4"),
                              [(T0 + 5 * DAY + 4 * HOUR + 900, RELEASE - 3600, T0 + 5 * DAY + 1800, 2)])
    urows = tables.usage_rows(ex, ents, r)
    tu = tables.write_usage(sysd, urows, rng(a.seed, a.scale, "usage"))
    tse = tables.write_served_entities(sysd, ents, rng(a.seed, "se"))
    fd = tables.fd_rows(ex, r)
    tfd = tables.write_frontdoor(os.path.join(prov, "frontdoor"), fd, rng(a.seed, a.scale, "fd"))
    tk = tables.write_keys(os.path.join(prov, "billing"), reg.accounts, reg, rng(a.seed, "keys"))
    t_written = time.time()

    # ---------------------------------------------------------------- ground truth
    by_req = {acc.requester: acc for acc in reg.accounts}
    n_ex = Counter()
    eu_count = Counter()
    for u in urows:
        if u["_model"] == "guard":
            n_ex[u["requester"]] += 1
            continue
        n_ex[u["requester"]] += 1
        if u["usage_context"]:
            uc = dict(u["usage_context"])
            for k in END_USER_KEYS:
                if k in uc and by_req[u["requester"]].kind in ("reseller", "reseller_proxy_mix"):
                    eu_count[(u["requester"], uc[k])] += 1
                    break
    labels = []
    for req in sorted(n_ex):
        if req == ents.guard_sp:
            labels.append({"org_id": by_req_internal(reg), "account_id": req, "label": "benign", "kind": "internal_service",
                           "campaign_id": "", "exchanges": n_ex[req], "api_key_id": None, "org_name": "Meridian AI (internal)"})
            continue
        acc = by_req[req]
        labels.append({"org_id": acc.org.org_id, "account_id": req, "label": acc.label, "kind": acc.kind,
                       "campaign_id": acc.campaign_id if acc.label == "campaign" else "", "exchanges": n_ex[req],
                       "api_key_id": acc.key_id if acc.kind != "internal_staff" else None, "org_name": acc.org.name})
    pq.write_table(pa.Table.from_pylist(labels, schema=LABEL_SCHEMA), os.path.join(out, "labels.parquet"))
    hv = {}
    for e in ctx.end_user_labels:
        for rq in e["requester"]:
            hv[(rq, e["end_user"])] = e
    harvest_eu = set()
    for c in calls:
        if c.harvest and c.end_user and c.acct.kind == "reseller_proxy_mix":
            harvest_eu.add((c.acct.requester, c.end_user))
    eus = []
    for (rq, eu), n in sorted(eu_count.items()):
        acc = by_req[rq]
        if (rq, eu) in hv:
            e = hv[(rq, eu)]
            lab, kind, cid = e["label"], e["kind"], e["campaign_id"]
        elif (rq, eu) in harvest_eu:
            lab, kind, cid = "campaign", "reseller_proxy_mix", "C06"
        else:
            lab, kind, cid = "benign", "resold_end_user", ""
        eus.append({"account_id": rq, "end_user": eu, "label": lab, "kind": kind, "campaign_id": cid, "exchanges": n})
    pq.write_table(pa.Table.from_pylist(eus, schema=EU_SCHEMA), os.path.join(out, "labels_end_users.parquet"))

    # ---------------------------------------------------------------- manifest
    per_kind = defaultdict(lambda: {"accounts": 0, "exchanges": 0, "label": ""})
    for l in labels:
        k = per_kind[l["kind"]]
        k["accounts"] += 1
        k["exchanges"] += l["exchanges"]
        k["label"] = l["label"]
    camp = defaultdict(lambda: {"accounts": 0, "exchanges": 0, "kind": ""})
    for l in labels:
        if l["campaign_id"]:
            camp[l["campaign_id"]]["accounts"] += 1
            camp[l["campaign_id"]]["exchanges"] += l["exchanges"]
            camp[l["campaign_id"]]["kind"] = l["kind"]

    def tinfo(t):
        return {"path": os.path.relpath(t.root, out), "version": t.version, "live_files": len(t.live), "tombstoned_files": len(t.removed),
                "bytes_on_disk": t.bytes_written}

    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    manifest = {
        "generator": "bench.probe9", "seed": a.seed, "scale": a.scale,
        "window": {"start": WEEK_START.isoformat(), "end": WEEK_END.isoformat()},
        "release": {"model": "meridian-4", "endpoint": "meridian-4-chat", "time": tables.dt(RELEASE).isoformat()},
        "served_entities": {"meridian-3": ents.m3, "meridian-4": ents.m4, "meridian-guard": ents.guard},
        "account_field": "requester (payload tables, endpoint_usage); customer_api_keys maps requester <-> api_key_id <-> org_id",
        "counts": {"client_calls": len(calls), "front_door_requests": len(ex),
                   "upstream_requests": sum(len(x.attempts) for x in ex),
                   "endpoint_usage_rows_distinct": len(urows), "endpoint_usage_rows_written": tu.rows_appended, "payload_rows_meridian_3": len(pay["meridian-3"]),
                   "payload_rows_meridian_4": len(pay["meridian-4"]), "front_door_rows": len(fd), "api_keys": len(reg.accounts),
                   "orgs": len(reg.orgs), "labelled_accounts": len(labels),
                   "campaign_accounts": sum(1 for l in labels if l["label"] == "campaign"),
                   "campaign_exchanges": sum(l["exchanges"] for l in labels if l["label"] == "campaign")},
        "kinds": dict(sorted(per_kind.items())), "campaigns": dict(sorted(camp.items())),
        "tables": {"meridian_chat_payload": tinfo(t3), "meridian_4_chat_payload": tinfo(t4), "endpoint_usage": tinfo(tu),
                   "served_entities": tinfo(tse), "frontdoor_access_log": tinfo(tfd), "customer_api_keys": tinfo(tk)},
        "bytes_total": size,
    }
    timing = {"build": round(t_built - t_start, 1), "serve": round(t_served - t_built, 1), "write": round(t_written - t_served, 1),
              "total": round(time.time() - t_start, 1)}
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps({"out": out, "counts": manifest["counts"], "bytes_total": size, "timing_s": timing}, indent=1))


def by_req_internal(reg):
    for o in reg.orgs:
        if o.kind == "internal_staff":
            return o.org_id
    return ""


if __name__ == "__main__":
    main()
