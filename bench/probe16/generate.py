"""Probe 16: two weeks (Mon 2026-10-05 to Mon 2026-10-19 UTC) of the fictional provider Ostrala as its security
team receives them: gzip'd ``pg_dump --data-only`` files of the API's PostgreSQL request store and identity tables,
and ``mongoexport`` files of the consumer chat app's MongoDB. Beside the logs: labels.parquet,
labels_end_users.parquet and manifest.json.

    python -m bench.probe16.generate --out DIR --seed S
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns
from .corpus import DATA, Corpus
from .mongo import conversation_doc, user_doc, write_array, write_lines
from .pgdump import DumpFile, copy_line, ts
from .world import DAY, END, HOUR, MIN, RELEASE, SNAPSHOT, START, World, day_of, rng_for

REQ_COLS = ("id", "created_at", "completed_at", "project_id", "api_key_id", "endpoint", "model", "resolved_model",
            "status_code", "stream", "client_ip", "user_agent", "end_user", "response_id", "previous_response_id",
            "request_body", "response_body", "input_tokens", "cached_input_tokens", "output_tokens",
            "reasoning_tokens", "latency_ms", "ttft_ms", "error_code")
REQ_KINDS = ("text", "ts", "ts", "text", "text", "text", "text", "text", "int", "bool", "text", "text", "text", "text",
             "text", "jsonb", "jsonb", "int", "int", "int", "int", "int", "int", "text")


def build(seed: int, data: Path = DATA) -> tuple[World, list[dict]]:
    w = World(seed, Corpus(data))
    hosts = benign.run_all(w)
    camps = campaigns.run_all(w, hosts)
    return w, camps


def _identity(w: World, path: Path) -> dict[str, int]:
    rng = rng_for(w.seed, "dump/identity")
    d = DumpFile(path, rng)
    acct_by_org = {o["id"]: o["acct"] for o in w.orgs}
    keys = sorted((k for a in w.accounts for k in a.keys), key=lambda k: (k.created_at, k.id))
    d.copy("api_keys", ("id", "project_id", "created_by", "name", "key_prefix", "key_sha256", "scopes", "created_at",
                        "last_used_at", "revoked_at"),
           [copy_line([k.id, k.project_id, k.created_by, k.name, k.prefix, k.sha256,
                       ["model.request", "files.read"] if k.prefix.startswith("osk-svc") else ["all"], k.created_at,
                       k.last_used_at, k.revoked_at],
                      ("text", "text", "text", "text", "text", "text", "text[]", "ts", "ts", "ts")) for k in keys])
    pays = sorted(w.payments, key=lambda p: (p["created_at"], p["org"]))
    d.copy("billing_payment_methods", ("id", "organization_id", "type", "card_brand", "card_last4", "card_country",
                                       "fingerprint", "is_default", "created_at"),
           [copy_line(["pm_" + hashlib.sha256(f"{p['org']}{p['fp']}".encode()).hexdigest()[:24], p["org"],
                       "invoice" if p["brand"] == "invoice" else "card",
                       None if p["brand"] == "invoice" else p["brand"],
                       None if p["brand"] == "invoice" else p["last4"], p["country"],
                       None if p["brand"] == "invoice" else p["fp"], True, p["created_at"]],
                      ("text", "text", "text", "text", "text", "text", "text", "bool", "ts")) for p in pays])
    grants = sorted(w.grants, key=lambda g: (g["created_at"], g["org"]))
    base_grant = 4100 + w.seed % 97
    d.copy("credit_grants", ("id", "organization_id", "program", "amount_cents", "created_at", "expires_at"),
           [copy_line([base_grant + i, g["org"], g["program"], g["cents"], g["created_at"], g["expires_at"]],
                      ("int", "text", "text", "int", "ts", "ts")) for i, g in enumerate(grants)])
    mems = sorted(w.members, key=lambda m: (m["created_at"], m["user"]))
    base_mem = 180_000 + w.seed % 1000
    d.copy("org_memberships", ("id", "organization_id", "user_id", "role", "created_at"),
           [copy_line([base_mem + i, m["org"], m["user"], m["role"], m["created_at"]],
                      ("int", "text", "text", "text", "ts")) for i, m in enumerate(mems)])
    orgs = sorted(w.orgs, key=lambda o: (o["created_at"], o["id"]))
    d.copy("organizations", ("id", "public_id", "name", "plan", "country", "status", "billing_email_domain", "tax_id",
                             "created_at", "updated_at"),
           [copy_line([o["id"], o["public_id"], o["name"], o["plan"], o["country"], acct_by_org[o["id"]].status,
                       o["billing_email_domain"], o["tax_id"], o["created_at"],
                       acct_by_org[o["id"]].suspended_at or o["created_at"]],
                      ("text",) * 8 + ("ts", "ts")) for o in orgs])
    projs = sorted(w.projects, key=lambda p: (p["created_at"], p["id"]))
    d.copy("projects", ("id", "public_id", "organization_id", "name", "created_at", "archived_at"),
           [copy_line([p["id"], p["public_id"], p["org"], p["name"], p["created_at"], None],
                      ("text", "text", "text", "text", "ts", "ts")) for p in projs])
    users = sorted(w.users, key=lambda u: (u["created_at"], u["id"]))
    d.copy("users", ("id", "email", "created_at", "mfa_enabled", "signup_ip", "last_login_at"),
           [copy_line([u["id"], u["email"], u["created_at"], u["mfa"], u["ip"],
                       min(END - 1, u["created_at"] + (hash_int(u["id"]) % (30 * DAY)))],
                      ("text", "text", "ts", "bool", "text", "ts")) for u in users])
    d.setval("credit_grants_id_seq", base_grant + len(grants) - 1)
    d.setval("org_memberships_id_seq", base_mem + len(mems) - 1)
    d.close()
    return dict(d.blocks)


def hash_int(s: str) -> int:
    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


def _requests(w: World, pgdir: Path) -> dict:
    by_day: dict[str, list] = {}
    for r in w.rows:
        by_day.setdefault(day_of(r.created_at), []).append(r)
    days = [day_of(START + i * DAY) for i in range(14)]
    stats: dict = {"files": {}, "rows_in_dumps": 0, "rows_lost_after_dump": 0, "adhoc_overlap_rows": 0}

    def lines(day: str, cutoff: int) -> list[str]:
        rows = sorted(by_day.get(day, []), key=lambda r: (r.insert_at, r.cols[0]))
        out = [copy_line(r.cols, REQ_KINDS) for r in rows if r.insert_at < cutoff]
        return out

    # nightly job: one file per partition a little after midnight; it failed over the last weekend and a catch-up
    # dump on Monday morning wrote three partitions into one file; an engineer took an ad-hoc dump of the 2026-10-09
    # partition in the afternoon of that day (partial, overlapping the nightly dump).
    catchup = days[11:]
    for i, day in enumerate(days):
        if day in catchup:
            continue
        rng = rng_for(w.seed, f"dump/{day}")
        cutoff = START + (i + 1) * DAY + 20 * MIN + rng.randrange(0, 9 * MIN)
        name = f"pgdump_api_requests_{day}.sql.gz"
        d = DumpFile(pgdir / name, rng)
        ls = lines(day, cutoff)
        stats["rows_lost_after_dump"] += len(by_day.get(day, [])) - len(ls)
        d.copy(f"api_requests_{day}", REQ_COLS, ls)
        d.close()
        stats["files"][name] = dict(d.blocks)
        stats["rows_in_dumps"] += len(ls)
        if i == 4:
            adhoc = START + 4 * DAY + 18 * HOUR + 40 * MIN
            name = f"pgdump_api_requests_{day}_adhoc.sql.gz"
            d = DumpFile(pgdir / name, rng_for(w.seed, f"dump/{day}/adhoc"))
            ls = lines(day, adhoc)
            d.copy(f"api_requests_{day}", REQ_COLS, ls)
            d.close()
            stats["files"][name] = dict(d.blocks)
            stats["rows_in_dumps"] += len(ls)
            stats["adhoc_overlap_rows"] = len(ls)
    rng = rng_for(w.seed, "dump/catchup")
    name = f"pgdump_api_requests_{catchup[0]}_to_{catchup[-1]}.sql.gz"
    d = DumpFile(pgdir / name, rng)
    for day in catchup:
        ls = lines(day, END + 6 * HOUR)
        d.copy(f"api_requests_{day}", REQ_COLS, ls)
        stats["rows_in_dumps"] += len(ls)
    d.close()
    stats["files"][name] = dict(d.blocks)
    return stats


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", type=Path, default=DATA)
    args = ap.parse_args(argv)
    out: Path = args.out
    if out.exists():
        if any(out.iterdir()) and not (out / "manifest.json").is_file():
            raise SystemExit(f"{out} is not empty and holds no manifest.json: refusing to delete it")
        shutil.rmtree(out)
    pgdir = out / "logs" / "postgres"
    mdir = out / "logs" / "mongodb"
    pgdir.mkdir(parents=True)
    mdir.mkdir(parents=True)
    w, camps = build(args.seed, args.data_dir)

    ident = _identity(w, pgdir / "pgdump_directory_2026_10_19.sql.gz")
    req = _requests(w, pgdir)
    users = sorted(w.chat_user_docs, key=lambda u: u["_id"])
    write_array(mdir / "ostrala_chat.users.json", [user_doc(u, canonical=True) for u in users])
    convs = sorted(w.conversations, key=lambda c: c["_id"])
    write_lines(mdir / "ostrala_chat.conversations.json", [conversation_doc(c, canonical=False) for c in convs])

    # ---------------------------------------------------------------- labels
    rows = []
    for a in w.accounts:
        if a.requests == 0 and a.chat_turns == 0:
            continue
        rows.append({"account_id": a.account_id, "org_public_id": a.org_public_id,
                     "project_ids": a.projects + a.project_public, "api_key_ids": [k.id for k in a.keys],
                     "user_ids": a.users + a.chat_users, "label": a.label, "kind": a.kind,
                     "campaign_id": a.campaign_id, "exchanges": a.exchanges, "api_requests": a.requests,
                     "chat_turns": a.chat_turns, "payment_fingerprint": a.payment_fp, "country": a.country,
                     "plan": a.plan, "created_at": ts(a.created_at), "suspended_at": ts(a.suspended_at),
                     "surfaces": ",".join(s for s, n in (("api", a.requests), ("chat", a.chat_turns)) if n),
                     "hosts_campaign_ids": ",".join(sorted({e[2] for e in a.end_users.values() if e[2]}))})
    pq.write_table(pa.Table.from_pylist(rows), out / "labels.parquet")
    eu_rows = [{"account_id": a.account_id, "end_user": u, "label": e[0], "kind": e[1], "campaign_id": e[2],
                "exchanges": e[3]} for a in w.accounts for u, e in a.end_users.items() if e[3] > 0]
    pq.write_table(pa.Table.from_pylist(eu_rows), out / "labels_end_users.parquet")

    # ---------------------------------------------------------------- manifest
    per_kind: dict[str, dict] = {}
    for r in rows:
        k = per_kind.setdefault(r["kind"], {"label": r["label"], "accounts": 0, "exchanges": 0, "api_requests": 0,
                                            "chat_turns": 0})
        k["accounts"] += 1
        k["exchanges"] += r["exchanges"]
        k["api_requests"] += r["api_requests"]
        k["chat_turns"] += r["chat_turns"]
    for c in camps:
        c["accounts"] = sum(1 for r in rows if r["campaign_id"] == c["campaign_id"])
        c["exchanges"] = sum(r["exchanges"] for r in rows if r["campaign_id"] == c["campaign_id"]) + sum(
            e["exchanges"] for e in eu_rows if e["campaign_id"] == c["campaign_id"])
        c["end_users"] = sum(1 for e in eu_rows if e["campaign_id"] == c["campaign_id"])
    status = {k[7:]: v for k, v in sorted(w.counts.items())}
    endpoints: dict[str, int] = {}
    for r in w.rows:
        endpoints[r.cols[5]] = endpoints.get(r.cols[5], 0) + 1
    files = []
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            files.append({"path": str(p.relative_to(out)), "bytes": p.stat().st_size, "sha256": _sha(p)})
    manifest = {
        "probe": "probe16", "seed": args.seed, "provider": "Ostrala",
        "period": {"start": ts(START), "end": ts(END)},
        "models": SNAPSHOT, "release": {"model": "ostra-r3", "at": ts(RELEASE)},
        "totals": {"accounts": len(rows), "campaign_accounts": sum(r["label"] == "campaign" for r in rows),
                   "api_requests": len(w.rows), "api_status": status, "api_endpoints": endpoints,
                   "api_rows_in_dumps": req["rows_in_dumps"], "adhoc_overlap_rows": req["adhoc_overlap_rows"],
                   "rows_lost_after_dump": req["rows_lost_after_dump"],
                   "exchanges": sum(r["exchanges"] for r in rows),
                   "campaign_exchanges_accounts": sum(r["exchanges"] for r in rows if r["label"] == "campaign"),
                   "campaign_exchanges_end_users": sum(e["exchanges"] for e in eu_rows if e["label"] == "campaign"),
                   "chat_users": len(users), "conversations": len(convs),
                   "chat_turns": sum(c["turnCount"] for c in convs),
                   "identity_rows": ident},
        "dump_files": req["files"],
        "per_kind": dict(sorted(per_kind.items())), "campaigns": camps,
        "identity_map": {"account (labels.account_id)": "organizations.id (uuid); for chat-app users without an "
                         "organisation, users._id (ObjectId hex)",
                         "labels.org_public_id": "organizations.public_id; mongo users.apiOrgId",
                         "labels.project_ids": "projects.id and projects.public_id; api_requests.project_id",
                         "labels.api_key_ids": "api_keys.id; api_requests.api_key_id",
                         "labels.user_ids": "users.id (console), api_keys.created_by, org_memberships.user_id; "
                                            "mongo users._id, conversations.userId",
                         "end user": "api_requests.end_user = body user (chat) or safety_identifier (responses)"},
        "files": files,
    }
    with open(out / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    t = manifest["totals"]
    print(f"probe16 seed {args.seed}: {t['accounts']} accounts ({t['campaign_accounts']} campaign), "
          f"{t['api_requests']} API requests ({t['api_rows_in_dumps']} rows in dumps), {t['conversations']} "
          f"conversations / {t['chat_turns']} turns -> {out}")


if __name__ == "__main__":
    main()
