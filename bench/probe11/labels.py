"""Ground truth (outside logs/): labels.parquet, labels_end_users.parquet and manifest.json."""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from .campaigns import CAMPAIGNS
from .core import CHANNELS, fmt_ts
from .export import PREFIX, PROD_PROJECT, STAGING_PROJECT
from .population import World

IDENTITY = {
    "account": "observations.metadata.user_api_key_user_id (generations); traces.tags 'user_api_key_user_id:<id>'; "
    "playground traces: traces.user_id",
    "org": "observations.metadata.user_api_key_org_id; playground traces: traces.metadata.org_id",
    "api_key": "observations.metadata.user_api_key (sha256 of the key) and user_api_key_alias; the alias also "
    "appears in observations.name 'litellm:<alias>' and traces.tags 'user_api_key_alias:<alias>'",
    "channel": "observations.metadata.user_api_key_team_alias / user_api_key_team_id; traces.tags "
    "'user_api_key_team_alias:<channel>'",
    "end_user": "traces.user_id (the OpenAI `user` field) and observations.metadata.user_api_key_end_user_id; "
    "empty when the client passes none",
    "ip": "observations.metadata.requester_ip_address",
    "user_agent": "traces.tags 'User-Agent: <full UA>' and 'User-Agent: <product>'",
    "session": "traces.session_id",
}


def write(out: str, w: World, files: list[dict], seed: int, _total_s: float, _gen_s: float) -> None:
    first, last = {}, {}
    eu_count: Counter = Counter()
    hosts: dict[str, set] = defaultdict(set)
    seen: dict[str, tuple[dict, dict, dict]] = defaultdict(lambda: ({}, {}, {}))  # keys, ips, uas in first-use order
    for e in w.ex:
        aid = e.acct.account_id
        first.setdefault(aid, e.ts)
        last[aid] = e.ts
        keys, ips, uas = seen[aid]
        keys.setdefault(e.key.token_hash, e.key.alias or "")
        ips.setdefault(e.ip, None)
        uas.setdefault(e.ua, None)
        if e.end_user:
            eu_count[(aid, e.end_user)] += 1
        if e.camp and e.camp != e.acct.campaign_id:
            hosts[aid].add(e.camp)
    accts = [a for a in w.accounts if a.exchanges > 0]
    cols = {
        "account_id": [a.account_id for a in accts],
        "org_id": [a.org_id for a in accts],
        "label": [a.label for a in accts],
        "kind": [a.kind for a in accts],
        "campaign_id": [a.campaign_id for a in accts],
        "exchanges": [a.exchanges for a in accts],
        "environment": ["staging" if a.kind == "staging_qa" else "production" for a in accts],
        "channel": [a.channel for a in accts],
        "team_id": [CHANNELS[a.channel] for a in accts],
        "key_hashes": [list(seen[a.account_id][0]) for a in accts],
        "key_aliases": [list(seen[a.account_id][0].values()) for a in accts],
        "ips": [list(seen[a.account_id][1]) for a in accts],
        "user_agents": [list(seen[a.account_id][2]) for a in accts],
        "zero_data_retention": [a.zdr for a in accts],
        "hosts_campaign_ids": [sorted(hosts.get(a.account_id, ())) for a in accts],
        "first_seen": [fmt_ts(first[a.account_id]) for a in accts],
        "last_seen": [fmt_ts(last[a.account_id]) for a in accts],
        "notes": [a.notes for a in accts],
    }
    pq.write_table(pa.table(cols), os.path.join(out, "labels.parquet"))
    rows = sorted(eu_count.items())
    eu = {"account_id": [], "end_user": [], "label": [], "kind": [], "campaign_id": [], "exchanges": []}
    for (aid, user), n in rows:
        lab, kind, camp = w.end_user_truth.get((aid, user), ("benign", "", ""))
        for k, v in zip(eu, (aid, user, lab, kind, camp, n), strict=True):
            eu[k].append(v)
    pq.write_table(pa.table(eu), os.path.join(out, "labels_end_users.parquet"))

    by_kind: dict = defaultdict(lambda: {"label": "", "campaign_id": "", "accounts": 0, "exchanges": 0})
    for a in accts:
        k = by_kind[a.kind]
        k.update(label=a.label, campaign_id=a.campaign_id)
        k["accounts"] += 1
        k["exchanges"] += a.exchanges
    eu_kinds: Counter = Counter()
    for (aid, user), n in rows:
        lab, kind, camp = w.end_user_truth.get((aid, user), ("benign", "", ""))
        if lab == "campaign":
            eu_kinds[(camp, kind)] += n
    manifest = {
        "seed": seed,
        "week": ["2026-03-02 00:00:00 UTC", "2026-03-09 00:00:00 UTC"],
        "format": "Langfuse blob-storage export, legacy source (traces/observations/scores), JSONL, hourly",
        "projects": {"production": PREFIX + PROD_PROJECT, "staging": PREFIX + STAGING_PROJECT},
        "identity_fields": IDENTITY,
        "totals": {
            "accounts": len(accts),
            "exchanges": sum(a.exchanges for a in accts),
            "campaign_accounts": sum(a.label == "campaign" for a in accts),
            "campaign_exchanges_account_level": sum(a.exchanges for a in accts if a.label == "campaign"),
            "campaign_exchanges_end_user_level": sum(eu_kinds.values()),
        },
        "kinds": dict(sorted(by_kind.items())),
        "campaigns": {cid: {"kind": k, "origin": o} for cid, (k, o) in CAMPAIGNS.items()},
        "end_user_campaigns": {f"{c}:{k}": n for (c, k), n in sorted(eu_kinds.items())},
        "files": files,
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False)
