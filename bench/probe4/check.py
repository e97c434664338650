"""Re-parse a probe4 output folder and check that the logs, labels and manifest agree.

    python -m bench.probe4.check DIR
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import json
import os
import sys

import pyarrow.parquet as pq

BENIGN_NULL = "campaign_id must be null exactly for benign archetypes"


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = argv[0]
    errors: list = []

    def err(msg):
        if len(errors) < 50:
            errors.append(msg)

    manifest = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
    t0 = int(dt.datetime.fromisoformat(manifest["period"]["start"].replace("Z", "+00:00")).timestamp() * 1000)
    t1 = int(dt.datetime.fromisoformat(manifest["period"]["end"].replace("Z", "+00:00")).timestamp() * 1000)
    release = manifest["models"]["aria-3"]["released"]
    t_rel = int(dt.datetime.fromisoformat(release.replace("Z", "+00:00")).timestamp() * 1000)

    counts = collections.Counter()
    consumer_uuid = {}
    rids = set()
    statuses = collections.Counter()
    models = collections.Counter()
    n_total = 0
    n_payload = 0
    n_stream = 0
    n_no_consumer = 0
    aria3_before = 0
    on_disk = sorted(os.path.relpath(os.path.join(d, f), out)
                     for d, _, fs in os.walk(os.path.join(out, "logs")) for f in fs)
    listed = sorted(f["path"] for f in manifest["files"])
    if on_disk != listed:
        err(f"files on disk {len(on_disk)} != manifest {len(listed)}")
    for f in manifest["files"]:
        path = os.path.join(out, f["path"])
        day_start = int(dt.datetime.strptime(f["date"], "%Y%m%d").replace(tzinfo=dt.timezone.utc).timestamp() * 1000)
        prev = -1
        n = 0
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for ln, line in enumerate(fh.read().split("\n")):
                if not line:
                    continue
                n += 1
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    err(f"{f['path']}:{ln + 1}: bad JSON ({e})")
                    continue
                ts = r.get("started_at")
                rid = r.get("request", {}).get("id")
                if not isinstance(ts, int) or not rid or "client_ip" not in r or "status" not in r.get("response", {}):
                    err(f"{f['path']}:{ln + 1}: missing core field")
                    continue
                if ts < prev:
                    err(f"{f['path']}:{ln + 1}: not sorted by started_at")
                prev = ts
                if not (day_start <= ts < day_start + 86400000) or not (t0 <= ts < t1):
                    err(f"{f['path']}:{ln + 1}: started_at outside the file's day / period")
                if rid in rids:
                    err(f"duplicate request id {rid}")
                rids.add(rid)
                st = r["response"]["status"]
                statuses[st] += 1
                cons = r.get("consumer")
                if cons is None:
                    n_no_consumer += 1
                    if st != 401:
                        err(f"{f['path']}:{ln + 1}: record without consumer has status {st}")
                else:
                    aid = cons["custom_id"]
                    counts[aid] += 1
                    if consumer_uuid.setdefault(aid, cons["id"]) != cons["id"]:
                        err(f"account {aid} maps to two consumer ids")
                    if r.get("authenticated_entity", {}).get("consumer_id") != cons["id"]:
                        err(f"{f['path']}:{ln + 1}: authenticated_entity does not match consumer")
                ai = r.get("ai", {}).get("proxy")
                if ai is not None:
                    req_s = ai["payload"].get("request")
                    if req_s is not None:
                        n_payload += 1
                        body = json.loads(req_s)
                        if body.get("model") != ai["meta"]["request_model"]:
                            err(f"{f['path']}:{ln + 1}: request_model differs from body")
                        models[body.get("model")] += 1
                        if body.get("model") == "aria-3" and ts < t_rel and st == 200:
                            aria3_before += 1
                    resp_s = ai["payload"].get("response")
                    if ai["meta"]["request_mode"] == "stream":
                        n_stream += 1
                    elif resp_s is not None:
                        resp = json.loads(resp_s)
                        if st == 200 and "choices" not in resp:
                            err(f"{f['path']}:{ln + 1}: 200 response without choices")
                        if st == 200 and resp["usage"]["prompt_tokens"] != ai["usage"]["prompt_tokens"]:
                            err(f"{f['path']}:{ln + 1}: usage differs between body and Kong")
        if n != f["records"]:
            err(f"{f['path']}: {n} records, manifest says {f['records']}")
        n_total += n
    if n_total != manifest["records_total"]:
        err(f"total {n_total} != manifest {manifest['records_total']}")
    if aria3_before:
        err(f"{aria3_before} successful aria-3 calls before its release")

    lab = pq.read_table(os.path.join(out, "labels.parquet"))
    schema = {f.name: str(f.type) for f in lab.schema}
    want = {"account_id": "string", "campaign_id": "string", "archetype": "string", "exchanges": "int64"}
    if schema != want:
        err(f"labels schema {schema} != {want}")
    rows = lab.to_pylist()
    lab_ids = {r["account_id"] for r in rows}
    if len(lab_ids) != len(rows):
        err("duplicate account ids in labels")
    if lab_ids != set(counts):
        err(f"label accounts ({len(lab_ids)}) != accounts in logs ({len(counts)}): "
            f"{len(lab_ids - set(counts))} unseen, {len(set(counts) - lab_ids)} unlabelled")
    camp_arch = {cid: c["archetype"] for cid, c in manifest["campaigns"].items()}
    per_arch = collections.Counter()
    per_camp = collections.Counter()
    for r in rows:
        if r["exchanges"] != counts.get(r["account_id"], 0):
            err(f"{r['account_id']}: labels say {r['exchanges']} exchanges, logs have {counts.get(r['account_id'], 0)}")
        is_camp = manifest["accounts_per_archetype"][r["archetype"]]["campaign"]
        if is_camp != (r["campaign_id"] is not None):
            err(f"{r['account_id']}: {BENIGN_NULL}")
        if r["campaign_id"] is not None and camp_arch.get(r["campaign_id"]) != r["archetype"]:
            err(f"{r['account_id']}: campaign {r['campaign_id']} / archetype {r['archetype']} mismatch")
        per_arch[r["archetype"]] += 1
        if r["campaign_id"]:
            per_camp[r["campaign_id"]] += 1
    for a, d in manifest["accounts_per_archetype"].items():
        if per_arch[a] != d["accounts"]:
            err(f"archetype {a}: {per_arch[a]} label rows, manifest {d['accounts']}")
    n_benign = sum(1 for r in rows if r["campaign_id"] is None)
    n_personas = len({r["archetype"] for r in rows if r["campaign_id"] is None})
    summary = {
        "records": n_total, "records_without_consumer": n_no_consumer, "files": len(manifest["files"]),
        "accounts": len(rows), "benign_accounts": n_benign, "benign_personas": n_personas,
        "campaigns": dict(sorted(per_camp.items())), "status": dict(sorted(statuses.items())),
        "stream_records": n_stream, "records_with_request_body": n_payload, "request_models": dict(models),
    }
    print(json.dumps(summary, indent=1))
    if not (100_000 <= n_total <= 200_000):
        err(f"record count {n_total} outside 100k-200k")
    if n_benign < 300 or n_personas < 12:
        err("fewer than 300 benign accounts or 12 personas")
    if not (5 <= len(per_camp) <= 7):
        err("campaign count outside 5-7")
    if errors:
        print("FAILED")
        for e in errors:
            print("  -", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
