"""Probe 17: two weeks (Mon 2026-10-19 00:00 UTC to Mon 2026-11-02 00:00 UTC) of the fictional provider Vireo as its
security team receives them: one ``clickhouse-client ... FORMAT TSVWithNamesAndTypes`` export per server-local day of
the gateway's request table, gzip'd, plus two ``CSVWithNames`` exports of the account directory. Beside the logs:
labels.parquet, labels_end_users.parquet and manifest.json.

    python -m bench.probe17.generate --out DIR --seed S
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import benign, campaigns
from .chtsv import GzOut, csv_dt, csv_str, dt64, esc, ipv6, local_dt, quoted
from .corpus import DATA, Corpus
from .world import END, GEO_COLUMN_FROM, HOUR, RELEASE, SERVER_TZ, SNAPSHOT, START, World, rng_for

COLUMNS = (("event_date", "Date"), ("event_time", "DateTime64(3)"), ("request_id", "UUID"),
           ("row_version", "UInt64"), ("org_id", "String"), ("project_id", "String"), ("api_key_id", "String"),
           ("key_hint", "String"), ("end_user", "Nullable(String)"), ("client_ip", "IPv6"), ("user_agent", "String"),
           ("edge_pop", "LowCardinality(String)"), ("geo_country", "LowCardinality(String)"),
           ("endpoint", "LowCardinality(String)"), ("model", "LowCardinality(String)"),
           ("model_snapshot", "LowCardinality(String)"), ("status", "UInt16"),
           ("error_code", "LowCardinality(String)"), ("stream", "Bool"),
           ("params", "Map(LowCardinality(String), String)"), ("messages.role", "Array(LowCardinality(String))"),
           ("messages.content", "Array(String)"), ("messages.tool_calls", "Array(String)"),
           ("messages.tool_call_id", "Array(String)"), ("tools", "Array(String)"), ("output_text", "String"),
           ("output_reasoning", "String"), ("output_tool_calls", "Array(String)"),
           ("finish_reason", "LowCardinality(String)"), ("input_tokens", "UInt32"), ("cached_tokens", "UInt32"),
           ("output_tokens", "UInt32"), ("reasoning_tokens", "UInt32"), ("latency_ms", "UInt32"),
           ("ttft_ms", "Nullable(UInt32)"), ("content_truncated", "Bool"))
ORG_COLS = ("org_id", "name", "plan", "program", "country", "created_at", "status", "suspended_at",
            "billing_email_domain", "signup_ip", "payment_fingerprint")
KEY_COLS = ("api_key_id", "org_id", "project_id", "name", "key_hint", "created_at", "revoked_at", "last_used_at")


def _arr(xs: list[str]) -> str:
    return "[" + ",".join(quoted(x) for x in xs) + "]"


def tsv_line(cols: list) -> str:
    (t, rid, ver, org, proj, key, hint, eu, ip, ua, pop, geo, ep, model, snap, status, err, stream, params, roles,
     contents, tcs, tids, tools, out, reason, calls, finish, i_tok, c_tok, o_tok, r_tok, lat, ttft, trunc) = cols
    d = local_dt(t)
    vals = [f"{d:%Y-%m-%d}", dt64(t), rid, str(ver), esc(org), esc(proj), esc(key), esc(hint),
            "\\N" if eu is None else esc(eu), ipv6(ip), esc(ua), pop, geo, ep, model, snap, str(status), err,
            "true" if stream else "false",
            "{" + ",".join(f"{quoted(k)}:{quoted(v)}" for k, v in params.items()) + "}",
            _arr(roles), _arr(contents), _arr(tcs), _arr(tids), _arr(tools), esc(out), esc(reason), _arr(calls),
            finish, str(i_tok), str(c_tok), str(o_tok), str(r_tok), str(lat), "\\N" if ttft is None else str(ttft),
            "true" if trunc else "false"]
    return "\t".join(vals) + "\n"


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _country(c: str) -> str:
    return "US" if c == "US-W" else c


def export_requests(w: World, out: Path) -> tuple[dict, int]:
    """One file per server-local day (``WHERE event_date = D ORDER BY event_time, request_id``), without FINAL: the
    first (stub) version of a streamed request whose parts were not merged yet is exported too."""
    rng = rng_for(w.seed, "export/stubs")
    rows = sorted(w.rows, key=lambda r: (r.t, r.rid))
    files: dict[str, dict] = {}
    cur_day, fh, stubs = None, None, 0
    head = "\t".join(n for n, _ in COLUMNS) + "\n" + "\t".join(esc(t) for _, t in COLUMNS) + "\n"
    for r in rows:
        day = f"{local_dt(r.t):%Y-%m-%d}"
        if day != cur_day:
            if fh is not None:
                fh.close()
            cur_day = day
            name = f"requests_{day}.tsv.gz"
            fh = GzOut(out / name)
            fh.write(head)
            files[name] = {"event_date": day, "rows": 0, "stub_rows": 0}
        assert fh is not None
        if r.stub is not None and rng.random() < (0.7 if r.t >= END - 18 * HOUR else 0.015):
            fh.write(tsv_line(r.stub))
            files[f"requests_{cur_day}.tsv.gz"]["rows"] += 1
            files[f"requests_{cur_day}.tsv.gz"]["stub_rows"] += 1
            stubs += 1
        fh.write(tsv_line(r.cols))
        files[f"requests_{cur_day}.tsv.gz"]["rows"] += 1
    if fh is not None:
        fh.close()
    return files, stubs


def export_directory(w: World, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    orgs = sorted(w.accounts, key=lambda a: (a.created_at, a.account_id))
    with open(out / "orgs.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(csv_str(c) for c in ORG_COLS) + "\n")
        for a in orgs:
            fh.write(",".join((csv_str(a.account_id), csv_str(a.name), csv_str(a.plan), csv_str(a.program),
                               csv_str(_country(a.country)), csv_dt(a.created_at),
                               csv_str("suspended" if a.suspended_at else "active"), csv_dt(a.suspended_at),
                               csv_str(a.email_domain), csv_str(a.signup_ip), csv_str(a.payment_fp))) + "\n")
    keys = sorted(((k, a) for a in w.accounts for k in a.keys), key=lambda x: (x[0].created_at, x[0].id))
    with open(out / "api_keys.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(csv_str(c) for c in KEY_COLS) + "\n")
        for k, a in keys:
            fh.write(",".join((csv_str(k.id), csv_str(a.account_id), csv_str(k.project_id), csv_str(k.name),
                               csv_str(k.hint), csv_dt(k.created_at), csv_dt(k.revoked_at),
                               csv_dt(k.last_used_at))) + "\n")
    return {"orgs.csv": len(orgs), "api_keys.csv": len(keys)}


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
    w = World(args.seed, Corpus(args.data_dir))
    hosts = benign.run_all(w)
    camps = campaigns.run_all(w, hosts)
    req_dir = out / "logs" / "clickhouse" / "gw_requests"
    files, stubs = export_requests(w, req_dir)
    dir_counts = export_directory(w, out / "logs" / "clickhouse" / "directory")

    rows = []
    for a in w.accounts:
        if a.requests == 0:
            continue
        hosted = sorted({e[2] for e in a.end_users.values() if e[2] and e[0] == "campaign" and a.label == "benign"})
        used = [k for k in a.keys if k.last_used_at is not None]
        rows.append({"account_id": a.account_id, "project_ids": sorted({k.project_id for k in used}),
                     "api_key_ids": [k.id for k in used], "key_hint_ids": [k.hint for k in used],
                     "label": a.label, "kind": a.kind, "campaign_id": a.campaign_id, "exchanges": a.exchanges,
                     "requests": a.requests, "plan": a.plan, "program": a.program, "country": _country(a.country),
                     "created_at": iso(a.created_at), "suspended_at": iso(a.suspended_at),
                     "payment_fingerprint": a.payment_fp, "end_users": sum(1 for e in a.end_users.values() if e[3]),
                     "hosts_campaign_ids": hosted})
    pq.write_table(pa.Table.from_pylist(rows), out / "labels.parquet")
    eu_rows = [{"account_id": a.account_id, "end_user": u, "label": e[0], "kind": e[1], "campaign_id": e[2],
                "exchanges": e[3]} for a in w.accounts for u, e in a.end_users.items() if e[3] > 0]
    eu_rows.sort(key=lambda x: (x["account_id"], x["end_user"]))
    pq.write_table(pa.Table.from_pylist(eu_rows), out / "labels_end_users.parquet")

    per_kind: dict[str, dict] = {}
    for r in rows:
        k = per_kind.setdefault(r["kind"], {"label": r["label"], "accounts": 0, "exchanges": 0, "requests": 0})
        k["accounts"] += 1
        k["exchanges"] += r["exchanges"]
        k["requests"] += r["requests"]
    for c in camps:
        c["accounts"] = sum(1 for r in rows if r["campaign_id"] == c["campaign_id"])
        c["exchanges_accounts"] = sum(r["exchanges"] for r in rows if r["campaign_id"] == c["campaign_id"])
        hidden = [e for e in eu_rows if e["campaign_id"] == c["campaign_id"] and not any(
            r["account_id"] == e["account_id"] and r["label"] == "campaign" for r in rows)]
        c["end_users_in_benign_accounts"] = len(hidden)
        c["exchanges_end_users_in_benign_accounts"] = sum(e["exchanges"] for e in hidden)
    status: dict[str, int] = {}
    for r in w.rows:
        status[str(r.cols[15])] = status.get(str(r.cols[15]), 0) + 1
    listing = []
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            rel = str(p.relative_to(out))
            entry = {"path": rel, "bytes": p.stat().st_size, "sha256": _sha(p)}
            if p.name in files:
                entry.update(files[p.name])
            if p.name in dir_counts:
                entry["rows"] = dir_counts[p.name]
            listing.append(entry)
    bench_cols = [r for r in rows if r["label"] == "benign"]
    manifest = {
        "probe": "probe17", "seed": args.seed, "provider": "Vireo",
        "period": {"start": iso(START), "end": iso(END)}, "server_time_zone": SERVER_TZ,
        "models": SNAPSHOT, "release": {"model": "vireo-4-reason", "at": iso(RELEASE)},
        "geo_country_column_added_at": iso(GEO_COLUMN_FROM),
        "format": "clickhouse-client FORMAT TSVWithNamesAndTypes (gzip, one file per server-local event_date) and "
                  "FORMAT CSVWithNames (directory)",
        "columns": [{"name": n, "type": t} for n, t in COLUMNS],
        "totals": {"accounts": len(rows), "benign_accounts": len(bench_cols),
                   "campaign_accounts": sum(r["label"] == "campaign" for r in rows),
                   "requests": len(w.rows), "rows_exported": len(w.rows) + stubs, "stub_rows": stubs,
                   "status": dict(sorted(status.items())), "exchanges": sum(r["exchanges"] for r in rows),
                   "campaign_exchanges_accounts": sum(r["exchanges"] for r in rows if r["label"] == "campaign"),
                   "campaign_exchanges_end_users_in_benign_accounts": sum(
                       c["exchanges_end_users_in_benign_accounts"] for c in camps),
                   "directory_orgs": dir_counts["orgs.csv"], "directory_keys": dir_counts["api_keys.csv"]},
        "per_kind": dict(sorted(per_kind.items())), "campaigns": camps,
        "identity_map": {"account (labels.account_id)": "org_id (requests), orgs.csv org_id, api_keys.csv org_id",
                         "labels.project_ids": "project_id (requests), api_keys.csv project_id",
                         "labels.api_key_ids": "api_key_id (requests), api_keys.csv api_key_id",
                         "labels.key_hint_ids": "key_hint (requests), api_keys.csv key_hint",
                         "end user": "end_user (requests; the body's user field)",
                         "payment": "orgs.csv payment_fingerprint (labels.payment_fingerprint; shared values, not an "
                                    "identity)"},
        "files": listing,
    }
    with open(out / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    t = manifest["totals"]
    print(f"probe17 seed {args.seed}: {t['accounts']} accounts ({t['campaign_accounts']} campaign), "
          f"{t['requests']} requests, {t['exchanges']} exchanges, {t['rows_exported']} rows exported "
          f"({t['stub_rows']} stub versions) -> {out}")


if __name__ == "__main__":
    main()
