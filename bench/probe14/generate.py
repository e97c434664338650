"""Entry point: python -m bench.probe14.generate --out DIR --seed S

Writes DIR/logs (what Heron's security team receives: region A's Cloud Storage log-sink files, region B's node
log files, the admin directory export), and the ground truth beside it: labels.parquet, labels_end_users.parquet,
manifest.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns, directory
from .corpus import Corpus
from .gke import GkeWriter
from .nodes import NodeWriter
from .world import END, RELEASE, SNAPSHOT, START, THINK, World

IDENTITY_MAP = {
    "account (user)": "not in any log line; directory users.csv user_id; reach it through a key",
    "api key, region A": "app record jsonPayload.key_id (and jsonPayload.key_prefix); directory api_keys.csv key_id, "
    "display_prefix",
    "api key, region B": "ingress-nginx access log auth_key_fp = first 16 hex digits of SHA-256(secret); directory "
    "api_keys.csv secret_sha256 (full digest)",
    "org": "region A app record jsonPayload.tenant; region B ingress access log auth_org; directory org_id",
    "end user": "app record request.user (both regions)",
    "join, region A": "app entry and load-balancer entry share LogEntry.trace (and spanId)",
    "join, region B": "app record request_id = ingress access log req_id (nginx $req_id, sent as X-Request-ID)",
    "client address / user agent": "region A: httpRequest.remoteIp / userAgent of both entries; region B: ingress "
    "remote_addr / http_user_agent (and app record xff)",
    "payment": "directory payment_methods.csv card_fingerprint_sha256 (per org)",
    "signup address": "directory users.csv signup_ip",
}


def iso(t: float | None) -> str:
    return "" if t is None else datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(seed: int) -> World:
    w = World(seed, Corpus())
    benign.indie_devs(w, 125)
    benign.coding_products(w)
    hosts = benign.resellers(w)
    benign.enterprises(w)
    benign.eval_harness(w)
    benign.ci_jobs(w, 14)
    benign.llm_judges(w, 4)
    benign.synthetic_team(w)
    benign.tutoring(w)
    benign.translators(w)
    benign.research_lab(w)
    benign.docs_rag(w)
    for fn in campaigns.ALL:
        fn(w)
    host, users, ua, ips = hosts[2]  # Tokenbay
    campaigns.reseller_tenant_harvest(w, host, users, ua, ips)
    directory.add_inactive(w, 130)
    return w


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t_start = time.time()
    out = Path(args.out)
    if out.exists():
        # replace only an earlier run's output, never a folder this generator did not write
        if any(out.iterdir()) and not (out / "manifest.json").is_file():
            raise SystemExit(f"{out} is not empty and holds no manifest.json: refusing to delete it")
        shutil.rmtree(out)
    logs = out / "logs"
    logs.mkdir(parents=True)
    w = build(args.seed)
    reqs = sorted(w.reqs, key=lambda r: (r.t, r.seq))
    w.reqs = []
    gke, nodes = GkeWriter(args.seed, logs), NodeWriter(args.seed, logs)
    gke.noise()
    nodes.noise()
    ok: Counter[str] = Counter()
    ok_eu: Counter[tuple[str, str]] = Counter()
    status: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    by_model: Counter[str] = Counter()
    keys_used: dict[str, dict[str, int]] = defaultdict(dict)
    regions_of: dict[str, set[str]] = defaultdict(set)
    last_used: dict[str, float] = {}
    first_think: dict[str, float] = {}
    for i, r in enumerate(reqs):
        reqs[i] = None  # type: ignore[call-overload]
        (gke if r.region == "A" else nodes).add(r)
        status[f"{r.region}:{r.status}"] += 1
        keys_used[r.acct.account_id][r.key.key_id] = 1
        last_used[r.key.key_id] = r.t
        if r.status == 200:
            ok[r.acct.account_id] += 1
            by_region[r.region] += 1
            by_model[r.model] += 1
            regions_of[r.acct.account_id].add(r.region)
            if r.user:
                ok_eu[(r.acct.account_id, r.user)] += 1
            if r.model == THINK:
                first_think.setdefault(r.acct.kind, r.t)
    del reqs
    gke.maybe_flush(END, force=True)
    nodes.finish()
    files = gke.files + nodes.files
    files += directory.write(w, logs, last_used)

    # ---------------------------------------------------------------- labels
    rows = []
    for a in w.accounts:
        if not ok[a.account_id]:
            continue
        rows.append(
            {
                "account_id": a.account_id,
                "org_id": a.org.org_id,
                "label": a.label,
                "kind": a.kind,
                "campaign_id": a.campaign_id,
                "exchanges": ok[a.account_id],
                "api_key_ids": [k.key_id for k in a.keys],
                "key_fp_ids": [k.fp for k in a.keys],
                "key_prefix_ids": [k.prefix for k in a.keys],
                "card_fingerprint": directory.sha(a.card) if a.card else "",
                "email_domain": a.email_domain,
                "plan": a.org.plan,
                "country": a.country,
                "signup_at": iso(a.created_at),
                "suspended_at": iso(a.suspended_at),
                "regions": ",".join(sorted(regions_of[a.account_id])),
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

    # ---------------------------------------------------------------- manifest
    kinds: dict[str, dict] = {}
    for r in rows:
        k = kinds.setdefault(r["kind"], {"label": r["label"], "accounts": 0, "exchanges": 0})
        k["accounts"] += 1
        k["exchanges"] += r["exchanges"]
    for r in eu_rows:
        if r["label"] == "campaign":
            k = kinds.setdefault(
                r["kind"] + " (end users)", {"label": "campaign", "accounts": 0, "end_users": 0, "exchanges": 0}
            )
            k["end_users"] += 1
            k["exchanges"] += r["exchanges"]
    per_campaign: Counter[str] = Counter()
    for r in rows:
        if r["label"] == "campaign":
            per_campaign[r["campaign_id"]] += r["exchanges"]
    for r in eu_rows:
        if r["label"] == "campaign":
            per_campaign[r["campaign_id"]] += r["exchanges"]
    for c in w.campaigns:
        c["accounts"] = sum(1 for r in rows if r["campaign_id"] == c["campaign_id"])
        c["end_users"] = sum(1 for r in eu_rows if r["campaign_id"] == c["campaign_id"])
        c["exchanges"] = per_campaign[c["campaign_id"]]
    sizes = {f: (out / f).stat().st_size for f in files}
    split = nodes.stats
    manifest = {
        "seed": args.seed,
        "generator": "bench.probe14",
        "provider": "Heron (fictional)",
        "period": [iso(START), iso(END)],
        "models": SNAPSHOT,
        "new_model": {"name": THINK, "released_at": iso(RELEASE)},
        "regions": {
            "A": {
                "what": "GKE heron-prod-usc1 (us-central1) via Cloud Logging sink to Cloud Storage",
                "path": "logs/gcs/<log_id>/YYYY/MM/DD/HH:00:00_HH:59:59_S<n>.json",
                "log_ids": ["stdout", "stderr", "requests"],
            },
            "B": {
                "what": "self-managed heron-sg1 (Singapore), raw /var/log/pods from each node, CRI format",
                "path": "logs/nodes/<node>/var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log"
                "[.YYYYMMDD-HHMMSS[.gz]]",
                "node_timezone": "+08:00",
            },
        },
        "directory": f"logs/{directory.SNAPSHOT_DIR}/",
        "totals": {
            "accounts_labelled": len(rows),
            "campaign_accounts": sum(1 for r in rows if r["label"] == "campaign"),
            "exchanges": sum(ok.values()),
            "campaign_exchanges_accounts": sum(r["exchanges"] for r in rows if r["label"] == "campaign"),
            "campaign_exchanges_end_users": sum(r["exchanges"] for r in eu_rows if r["label"] == "campaign"),
            "exchanges_by_region": dict(sorted(by_region.items())),
            "exchanges_by_model": dict(sorted(by_model.items())),
            "requests_by_region_status": dict(sorted(status.items())),
            "region_a_log_entries": gke.n_entries,
            "region_b_app_records": split["app_records"],
            "region_b_app_records_split_into_partial_lines": split["app_records_split"],
            "region_b_ingress_lines": split["ingress_lines"],
            "files": len(files),
            "bytes": sum(sizes.values()),
        },
        "kinds": dict(sorted(kinds.items())),
        "campaigns": w.campaigns,
        "identity_map": IDENTITY_MAP,
        "files": [{"path": f, "bytes": sizes[f]} for f in sorted(files)],
        "seconds": round(time.time() - t_start, 1),
    }
    # the run time is the only thing that varies between runs: keep it out of the byte-identical files
    manifest.pop("seconds")
    with open(out / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    t = manifest["totals"]
    print(
        f"wrote {out}: {t['accounts_labelled']} accounts ({t['campaign_accounts']} campaign), {t['exchanges']} "
        f"exchanges, {t['files']} files, {t['bytes'] / 1e6:.0f} MB of logs, "
        f"{split['app_records_split']}/{split['app_records']} region-B app records split, "
        f"{time.time() - t_start:.0f} s"
    )


if __name__ == "__main__":
    main()
