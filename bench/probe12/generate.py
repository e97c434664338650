"""Entry point: python -m bench.probe12.generate --out DIR --seed S"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns
from .archive import Archive
from .corpus import Corpus
from .gateway import Gateway
from .prompts import Texts
from .world import END, RELEASE, SNAPSHOTS, START, World

IDENTITY_MAP = {
    "account": "batches/**/<batch_id>.json: owner.user_id; gateway/**: user_id; orgs/**/organizations.jsonl: members[].user_id",
    "org": "batches/**: owner.organization_id; gateway/**: org_id; orgs/**: id",
    "project": "batches/**: owner.project_id; gateway/**: project_id; files/_index/**: project_id; orgs/**: projects[].id",
    "api_key": "batches/**: owner.api_key_id, owner.api_key_sha256_32 (first 32 hex of sha256 of the secret), owner.api_key_redacted; gateway/**: api_key_id",
    "end_user": "files/dt=*/<input file>.jsonl: body.user (OpenAI `user` field); gateway/**: end_user and request.user; labels_end_users.parquet",
    "ip": "batches/**: request_context.create.ip and request_context.upload.ip (the client that created the batch); gateway/**: client_ip",
    "user_agent": "batches/**: request_context.create.user_agent, request_context.upload.user_agent; gateway/**: user_agent",
    "payment": "orgs/**: billing.payment_method_fingerprint (shared by several orgs in hydras and in one benign lab)",
    "request": "files/**: custom_id joins input lines to output/error lines; batch.input_file_id/output_file_id/error_file_id join files to batches; gateway/**: request_id",
}


def build(seed: int, corpus: Corpus) -> tuple[World, dict]:
    campaigns.CAMPAIGNS.clear()
    w = World(seed)
    t = Texts(corpus, w.rng)
    benign.small_devs(w, t, 120)
    benign.enterprise(w, t, 4)
    benign.eval_companies(w, t, 2)
    benign.judges(w, t, 4)
    benign.doc_pipelines(w, t, 6)
    benign.translators(w, t, 4)
    benign.ci_jobs(w, t, 20)
    benign.researchers(w, t, 6)
    benign.tutoring(w, t, 3)
    benign.embedders(w, t, 15)
    benign.backfills(w, t, 2)
    aggs = benign.aggregators(w, t, 4)
    camp, (eus, extra) = campaigns.resold_harvest(w, t)
    host = aggs[0][0]
    for u in eus:
        host.end_user_labels[u] = ("campaign", "resold_harvest", camp)
    benign.fill_aggregators(w, t, aggs, {0: extra})
    for fn in campaigns.ALL:
        fn(w, t)
    return w, {"resold_host": host.account_id, "resold_campaign": camp}


def write_labels(out: Path, w: World, seen: set[str]) -> tuple[list, list]:
    rows, eu_rows = [], []
    for a in w.accounts:
        if a.account_id not in seen:
            continue
        rows.append(
            {
                "account_id": a.account_id,
                "org_id": a.org_id,
                "label": a.label,
                "kind": a.kind,
                "campaign_id": a.campaign_id,
                "exchanges": a.exchanges,
                "batch_exchanges": a.exchanges - a.sync_exchanges,
                "sync_exchanges": a.sync_exchanges,
                "project_ids": sorted({k.project_id for k in a.keys}),
                "api_key_ids": [k.key_id for k in a.keys],
                "api_key_hash_ids": [k.sha for k in a.keys],
                "payment_fingerprint": a.payment_fingerprint,
                "email_domain": a.email_domain,
                "usage_tier": a.tier,
                "signup_at": a.created_at,
            }
        )
        for eu, (lab, kind, camp) in sorted(a.end_user_labels.items()):
            n = a.eu_exchanges.get(eu, 0)
            if n:
                eu_rows.append(
                    {
                        "account_id": a.account_id,
                        "end_user": eu,
                        "label": lab,
                        "kind": kind,
                        "campaign_id": camp,
                        "exchanges": n,
                    }
                )
    pq.write_table(pa.Table.from_pylist(rows), out / "labels.parquet")
    pq.write_table(pa.Table.from_pylist(eu_rows), out / "labels_end_users.parquet")
    return rows, eu_rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.time()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpus = Corpus.load()
    w, extra = build(args.seed, corpus)
    w.jobs.sort(key=lambda j: (j.submit, j.account.account_id))
    arc = Archive(w, out)
    seen = {j.account.account_id for j in w.jobs}
    arc._seen = seen
    for j in w.jobs:
        arc.render(j)
    gw = Gateway(w, Texts(corpus, w.rng))
    gw.benign([a for a in w.accounts if a.account_id in seen])
    gw.campaign_smoke(w.jobs)
    for rel, lines in gw.emit().items():
        arc.files[rel] = lines
    arc.write_orgs(END)
    written = arc.flush()
    rows, eu_rows = write_labels(out, w, seen)
    kinds = Counter((r["label"], r["kind"]) for r in rows)
    for c in campaigns.CAMPAIGNS:
        c["exchanges"] = sum(r["exchanges"] for r in rows if r["campaign_id"] == c["campaign_id"]) + sum(
            r["exchanges"] for r in eu_rows if r["campaign_id"] == c["campaign_id"]
        )
        c["end_users"] = sum(1 for r in eu_rows if r["campaign_id"] == c["campaign_id"])
    manifest = {
        "seed": args.seed,
        "generator": "bench.probe12",
        "scenario": "Batch API archive of a fictional provider, two weeks",
        "period": {"start": START, "end": END, "start_iso": "2026-04-06T00:00:00Z", "end_iso": "2026-04-20T00:00:00Z"},
        "models": SNAPSHOTS,
        "new_model": {"alias": "corvid-4.5", "released_at": RELEASE, "released_iso": "2026-04-15T17:00:00Z"},
        "totals": {
            "accounts": len(rows),
            "campaign_accounts": sum(r["label"] == "campaign" for r in rows),
            "benign_accounts": sum(r["label"] == "benign" for r in rows),
            "orgs": len({r["org_id"] for r in rows}),
            "end_users": len(eu_rows),
            "campaign_end_users": sum(r["label"] == "campaign" for r in eu_rows),
            "batches": len(w.jobs),
            "batch_status": dict(sorted(arc.status_counts.items())),
            "request_lines": arc.n_requests,
            "batch_exchanges": arc.n_ok,
            "gateway_requests": gw.n,
            "exchanges": sum(r["exchanges"] for r in rows),
            "campaign_exchanges": sum(r["exchanges"] for r in rows if r["label"] == "campaign")
            + sum(r["exchanges"] for r in eu_rows if r["label"] == "campaign"),
        },
        "per_kind": [
            {
                "label": lab,
                "kind": k,
                "accounts": n,
                "exchanges": sum(r["exchanges"] for r in rows if r["kind"] == k and r["label"] == lab),
            }
            for (lab, k), n in sorted(kinds.items())
        ],
        "campaigns": campaigns.CAMPAIGNS,
        "resold_harvest_host_account": extra["resold_host"],
        "identity_map": IDENTITY_MAP,
        "logs_root": "logs",
        "files": written + ["labels.parquet", "labels_end_users.parquet"],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({"out": str(out), "seconds": round(time.time() - t0, 1), **manifest["totals"]}))


if __name__ == "__main__":
    main()
