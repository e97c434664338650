"""Entry point: python -m bench.probe15.generate --out DIR --seed S

Writes DIR/logs (what Quillon's security team pulled from its SIEMs: Splunk exports of us-east-1, an Elasticsearch
scroll dump of eu-west-1, and lookup tables) and, beside it, the ground truth: labels.parquet,
labels_end_users.parquet and manifest.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns
from .corpus import Corpus
from .siem import PIPELINE, TRUNCATE, ElasticWriter, SplunkWriter
from .world import END, RELEASE, SNAPSHOT, START, THINK, World

IDENTITY_MAP = {
    "account": "Splunk _raw / Elastic event.original: account_id; Splunk extracted field account_id; Elastic "
               "parsed docs: user.id; lookup inputlookup_quill_accounts.csv account_id",
    "api key": "_raw api_key_id; Splunk field api_key_id; Elastic quill.api_key_id; lookup "
               "inputlookup_quill_api_keys.csv api_key_id -> account_id",
    "organisation": "_raw org_id; Splunk field org_id; Elastic organization.id; lookups org_id",
    "end user": "_raw end_user (= request body user); Splunk field end_user; Elastic quill.end_user",
    "client address / user agent": "_raw client_ip / user_agent; Elastic source.ip / user_agent.original",
    "payment": "billing_payment_methods.csv payment_fingerprint per org_id",
    "request": "_raw request_id; Elastic http.request.id",
}


def iso(t: float | None) -> str:
    return "" if t is None else datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(seed: int) -> World:
    w = World(seed, Corpus())
    hosts = benign.all_benign(w)
    for fn in campaigns.ALL:
        fn(w)
    campaigns.reseller_end_user_harvest(w, *hosts[0])
    return w


def _lookups(w: World, logs: Path) -> list[Path]:
    d = logs / "context"
    d.mkdir(parents=True)
    fmt = "%Y-%m-%d %H:%M:%S"
    out = []
    p = d / "inputlookup_quill_accounts.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(("account_id", "org_id", "org_name", "plan", "account_created", "country", "email_domain",
                     "status", "suspended_at"))
        for a in sorted(w.accounts, key=lambda a: a.created_at):
            if a.created_at >= END:
                continue
            wr.writerow((a.account_id, a.org.org_id, a.org.name, a.org.plan,
                         datetime.fromtimestamp(a.created_at, UTC).strftime(fmt), a.country, a.email_domain,
                         "suspended" if a.suspended_at else "active",
                         datetime.fromtimestamp(a.suspended_at, UTC).strftime(fmt) if a.suspended_at else ""))
    out.append(p)
    p = d / "inputlookup_quill_api_keys.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(("api_key_id", "account_id", "key_name", "created", "redacted"))
        for a in w.accounts:
            for k in a.keys:
                wr.writerow((k.key_id, a.account_id, k.name, datetime.fromtimestamp(k.created_at, UTC).strftime(fmt),
                             f"qk-...{k.last4}"))
    out.append(p)
    p = d / "billing_payment_methods.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(("org_id", "payment_fingerprint", "brand", "added"))
        for o in w.orgs:
            brand = ("visa", "mastercard", "amex", "unionpay")[int(o.card[:2], 16) % 4]
            wr.writerow((o.org_id, o.card, brand, datetime.fromtimestamp(o.created_at, UTC).strftime(fmt)))
    out.append(p)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t_start = time.time()
    out = Path(args.out)
    if out.exists():
        if any(out.iterdir()) and not (out / "manifest.json").is_file():
            raise SystemExit(f"{out} is not empty and holds no manifest.json: refusing to delete it")
        shutil.rmtree(out)
    logs = out / "logs"
    logs.mkdir(parents=True)
    w = build(args.seed)
    reqs = sorted(w.reqs, key=lambda r: (r.t, r.seq))
    w.reqs = []
    ok: Counter[str] = Counter()
    ok_eu: Counter[tuple[str, str]] = Counter()
    status: Counter[str] = Counter()
    by_model: Counter[str] = Counter()
    regions_of: dict[str, set[str]] = defaultdict(set)
    for r in reqs:
        status[f"{r.region}:{r.status}"] += 1
        if r.status == 200:
            ok[r.acct.account_id] += 1
            by_model[r.body["model"]] += 1
            regions_of[r.acct.account_id].add(r.region)
            u = r.body.get("user")
            if u:
                ok_eu[(r.acct.account_id, u)] += 1
    us = [r for r in reqs if r.region == "us"]
    eu = [r for r in reqs if r.region == "eu"]
    del reqs
    sp = SplunkWriter(args.seed, logs)
    sp.write(us)
    del us
    el = ElasticWriter(args.seed, logs)
    el.write(eu)
    del eu
    files = sp.files + el.files + _lookups(w, logs)

    rows = []
    for a in w.accounts:
        if not ok[a.account_id]:
            continue
        rows.append({
            "account_id": a.account_id, "org_id": a.org.org_id, "label": a.label, "kind": a.kind,
            "campaign_id": a.campaign_id, "exchanges": ok[a.account_id], "api_key_ids": [k.key_id for k in a.keys],
            "payment_fingerprint": a.org.card, "country": a.country, "created_at": iso(a.created_at),
            "suspended_at": iso(a.suspended_at), "regions": ",".join(sorted(regions_of[a.account_id])),
        })
    pq.write_table(pa.Table.from_pylist(rows), out / "labels.parquet")
    by_id = {a.account_id: a for a in w.accounts}
    eu_rows = []
    for (acc, user), n in sorted(ok_eu.items()):
        a = by_id[acc]
        lab, kind, cid = a.eu_labels.get(user, (a.label, a.kind, a.campaign_id))
        eu_rows.append({"account_id": acc, "end_user": user, "label": lab, "kind": kind, "campaign_id": cid,
                        "exchanges": n})
    pq.write_table(pa.Table.from_pylist(eu_rows), out / "labels_end_users.parquet")

    kinds: dict[str, dict] = {}
    for r in rows:
        k = kinds.setdefault(r["kind"], {"label": r["label"], "accounts": 0, "exchanges": 0})
        k["accounts"] += 1
        k["exchanges"] += r["exchanges"]
    eu_harvest = [r for r in eu_rows if r["label"] == "campaign" and r["kind"] != by_id[r["account_id"]].kind]
    for r in eu_harvest:
        k = kinds.setdefault(r["kind"] + " (end users)", {"label": "campaign", "end_users": 0, "exchanges": 0})
        k["end_users"] += 1
        k["exchanges"] += r["exchanges"]
    for c in w.campaigns:
        c["accounts"] = sum(1 for r in rows if r["campaign_id"] == c["campaign_id"])
        c["end_users"] = sum(1 for r in eu_harvest if r["campaign_id"] == c["campaign_id"])
        c["exchanges"] = sum(r["exchanges"] for r in rows if r["campaign_id"] == c["campaign_id"]) + sum(
            r["exchanges"] for r in eu_harvest if r["campaign_id"] == c["campaign_id"])
    rel = [str(f.relative_to(out)) for f in files]
    sizes = {f: (out / f).stat().st_size for f in rel}
    camp_acc = sum(r["exchanges"] for r in rows if r["label"] == "campaign")
    camp_eu = sum(r["exchanges"] for r in eu_harvest)
    manifest = {
        "seed": args.seed,
        "generator": "bench.probe15",
        "provider": "Quillon (fictional)",
        "period": [iso(START), iso(END)],
        "models": SNAPSHOT,
        "new_model": {"name": THINK, "released_at": iso(RELEASE)},
        "sources": {
            "us-east-1": {"siem": "Splunk, index llm_api, sourcetypes quill:api:json and kube:events",
                          "rest_export": "logs/splunk/rest_export/llm_api_YYYY-MM-DD.json (one search job per "
                                         "America/New_York day, newest first)",
                          "web_export": "logs/splunk/web_export/<sid>.csv (12-hour search jobs; the first re-runs "
                                        "2026-07-15 18:00-24:00 EDT, which the last REST file also holds)",
                          "truncate_bytes": TRUNCATE},
            "eu-west-1": {"siem": "Elasticsearch data stream logs-quill.api-prod via Filebeat 8.14.3",
                          "dump": "logs/elastic/logs-quill.api-prod/scroll_YYYY-MM-DD.ndjson (one scroll response "
                                  "page per line, UTC days)",
                          "ingest_pipeline_from": iso(PIPELINE)},
            "context": "logs/context/*.csv",
        },
        "totals": {
            "accounts_labelled": len(rows),
            "campaign_accounts": sum(1 for r in rows if r["label"] == "campaign"),
            "exchanges": sum(ok.values()),
            "campaign_exchanges_accounts": camp_acc,
            "campaign_exchanges_end_users": camp_eu,
            "campaign_share": round((camp_acc + camp_eu) / max(1, sum(ok.values())), 4),
            "exchanges_by_model": dict(sorted(by_model.items())),
            "requests_by_region_status": dict(sorted(status.items())),
            "splunk": dict(sorted(sp.stats.items())),
            "elastic": dict(sorted(el.stats.items())),
            "files": len(rel),
            "bytes": sum(sizes.values()),
        },
        "kinds": dict(sorted(kinds.items())),
        "campaigns": w.campaigns,
        "identity_map": IDENTITY_MAP,
        "files": [{"path": f, "bytes": sizes[f]} for f in sorted(rel)],
    }
    with open(out / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    t = manifest["totals"]
    print(f"wrote {out}: {t['accounts_labelled']} accounts ({t['campaign_accounts']} campaign), {t['exchanges']} "
          f"exchanges ({t['campaign_share']:.0%} campaign), {t['files']} files, {t['bytes'] / 1e6:.0f} MB, "
          f"{sp.stats['truncated']} Splunk events truncated, {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
