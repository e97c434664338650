"""Entry point: python -m bench.probe13.generate --out DIR --seed S"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns
from .corpus import Corpus
from .otel import Exporter
from .world import END, RELEASE, RESPONSE_MODEL, SERVICES, START, World


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


IDENTITY_MAP = {
    "account": "root SERVER span attribute corvid.account.id; directory members[].account_id",
    "org": "root span corvid.org.id; directory org_id",
    "api_key": "root span corvid.api_key.id (key id, never the secret); directory api_keys[].id",
    "end_user": "root span enduser.id (set by resellers and apps that pass the end user's id)",
    "ip": "root span client.address",
    "user_agent": "root span user_agent.original",
    "payment": "directory billing.payment_method_fingerprint_sha256",
    "conversation": "chat span gen_ai.conversation.id",
    "join": "all spans of one request share traceId; children point to parents with parentSpanId",
}


def build(seed: int, corpus: Corpus) -> tuple[World, dict]:
    w = World(seed, corpus)
    benign.indie_devs(w, 120)
    benign.enterprises(w)
    benign.eval_runners(w)
    benign.ci_jobs(w, 15)
    hosts = benign.resellers(w)
    benign.coding_agent(w)
    benign.tutoring(w, 3)
    benign.researchers(w, 6)
    benign.judges(w, 4)
    benign.translators(w, 4)
    benign.synth_team(w)
    for fn in campaigns.ALL:
        fn(w)
    host, users = hosts[0]
    cid, eus = campaigns.end_user_hydra(w, host, users)
    return w, {"end_user_hydra_host": host.account_id, "end_user_hydra_campaign": cid}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t_start = time.time()
    out = Path(args.out)
    if out.exists():
        # only an earlier run's output is replaced: never a folder this generator did not write
        if any(out.iterdir()) and not (out / "manifest.json").is_file():
            raise SystemExit(f"{out} exists and holds no probe output (manifest.json): not deleting it")
        shutil.rmtree(out)
    logs = out / "logs"
    logs.mkdir(parents=True)
    w, extra = build(args.seed, Corpus())
    exs = sorted(w.exchanges, key=lambda e: (e.ts, e.acct.idx))
    exp = Exporter(args.seed)
    ok = Counter()
    ok_eu = Counter()
    svc_count = Counter()
    model_count = Counter()
    keys_used = defaultdict(set)
    w.exchanges = []
    for i, e in enumerate(exs):
        exs[i] = None
        exp.add(e)
        keys_used[e.acct.account_id].add(e.key)
        if e.status == 200:
            ok[e.acct.account_id] += 1
            svc_count[e.service] += 1
            model_count[e.model] += 1
            if e.end_user:
                ok_eu[(e.acct.account_id, e.end_user)] += 1
    del exs
    w.exchanges = []
    files = exp.write(logs)

    # ---- directory snapshot (part of the logs)
    orgs = defaultdict(list)
    for a in w.accounts:
        if ok[a.account_id]:
            orgs[a.org_id].append(a)
    dpath = logs / "directory" / "snapshot=2026-05-18" / "orgs.jsonl"
    dpath.parent.mkdir(parents=True)
    with open(dpath, "w", encoding="utf-8") as fh:
        for org_id in sorted(orgs):
            ms = orgs[org_id]
            rec = {
                "org_id": org_id,
                "created_at": iso(min(a.created_at for a in ms)),
                "tier": ms[0].tier,
                "billing": {"payment_method_fingerprint_sha256": hashlib.sha256(ms[0].payment_fp.encode()).hexdigest()},
                "members": [
                    {
                        "account_id": a.account_id,
                        "created_at": iso(a.created_at),
                        "email_domain": a.email_domain,
                        "country": a.country,
                    }
                    for a in ms
                ],
                "api_keys": [
                    {"id": k, "account_id": a.account_id, "created_at": iso(a.key_created[k]), "status": "active"}
                    for a in ms
                    for k in a.keys
                ],
            }
            # members of one org can hold different cards; the snapshot lists the org's primary card
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    files.append("logs/directory/snapshot=2026-05-18/orgs.jsonl")

    # ---- labels
    rows = []
    for a in w.accounts:
        if not ok[a.account_id]:
            continue
        rows.append(
            {
                "account_id": a.account_id,
                "org_id": a.org_id,
                "label": a.label,
                "kind": a.kind,
                "campaign_id": a.campaign_id,
                "exchanges": ok[a.account_id],
                "api_key_ids": sorted(keys_used[a.account_id] | set(a.keys)),
                "payment_fingerprint": hashlib.sha256(a.payment_fp.encode()).hexdigest(),
                "email_domain": a.email_domain,
                "usage_tier": a.tier,
                "signup_at": iso(a.created_at),
                "service": a.service,
            }
        )
    pq.write_table(pa.Table.from_pylist(rows), out / "labels.parquet")
    by_id = {a.account_id: a for a in w.accounts}
    eu_rows = []
    for (acc, eu), n in sorted(ok_eu.items()):
        a = by_id[acc]
        lab, kind, cid = a.eu_labels.get(eu, ("benign", a.kind, ""))
        eu_rows.append(
            {"account_id": acc, "end_user": eu, "label": lab, "kind": kind, "campaign_id": cid, "exchanges": n}
        )
    pq.write_table(pa.Table.from_pylist(eu_rows), out / "labels_end_users.parquet")

    # ---- manifest
    kinds = defaultdict(lambda: {"label": "", "accounts": 0, "exchanges": 0})
    for r in rows:
        k = kinds[r["kind"]]
        k["label"] = r["label"]
        k["accounts"] += 1
        k["exchanges"] += r["exchanges"]
    for r in eu_rows:
        if r["label"] == "campaign":
            k = kinds[r["kind"] + " (end users)"]
            k["label"] = "campaign"
            k["accounts"] += 0
            k.setdefault("end_users", 0)
            k["end_users"] += 1
            k["exchanges"] += r["exchanges"]
    camp_tot = Counter()
    for r in rows:
        if r["label"] == "campaign":
            camp_tot[r["campaign_id"]] += r["exchanges"]
    for r in eu_rows:
        if r["label"] == "campaign":
            camp_tot[r["campaign_id"]] += r["exchanges"]
    for c in w.campaigns:
        c["accounts"] = sum(1 for r in rows if r["campaign_id"] == c["campaign_id"])
        c["end_users"] = sum(1 for r in eu_rows if r["campaign_id"] == c["campaign_id"])
        c["exchanges"] = camp_tot[c["campaign_id"]]
    total = sum(ok.values())
    size = sum((out / f).stat().st_size for f in files)
    manifest = {
        "seed": args.seed,
        "generator": "bench.probe13",
        "period": [iso(START), iso(END)],
        "models": RESPONSE_MODEL,
        "new_model": {"name": "corvid-5-think", "released_at": iso(RELEASE)},
        "services": {
            s: {"cloud.region": v[0], "content_capture_chars_per_part": v[1], "gzip": v[2]} for s, v in SERVICES.items()
        },
        "totals": {
            "accounts": len(rows),
            "campaign_accounts": sum(r["label"] == "campaign" for r in rows),
            "exchanges": total,
            "campaign_exchanges": sum(camp_tot.values()),
            "campaign_exchanges_end_users": sum(r["exchanges"] for r in eu_rows if r["label"] == "campaign"),
            "end_user_rows": len(eu_rows),
            "traces": exp.counts["traces"],
            "throttled_traces": exp.counts["error_traces"],
            "spans": exp.counts["spans"],
            "export_lines": exp.counts["export_lines"],
            "files": len(files),
            "log_bytes": size,
            "by_service": dict(sorted(svc_count.items())),
            "by_model": dict(sorted(model_count.items())),
        },
        "per_kind": dict(sorted(kinds.items())),
        "campaigns": w.campaigns,
        **extra,
        "identity_map": IDENTITY_MAP,
        "files": sorted(files),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(
        f"probe13 seed={args.seed}: {len(rows)} accounts ({manifest['totals']['campaign_accounts']} campaign), "
        f"{total} exchanges ({manifest['totals']['campaign_exchanges']} campaign), {len(files)} files, "
        f"{size / 1e6:.0f} MB, {time.time() - t_start:.1f} s"
    )


if __name__ == "__main__":
    main()
