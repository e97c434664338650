"""python -m bench.probe7.check DIR  -- validate a generated probe-7 data set and print counts.

Reads DIR/logs/** the way a consumer of the S3 bucket would (gzip -> concatenated CloudWatch Logs
subscription records -> log events -> application log lines), de-duplicates Firehose re-deliveries by
event id, and checks that per-organisation request counts equal labels.parquet `exchanges`.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections import Counter, defaultdict

KEY_RE = re.compile(r"^logs/(\d{4})/(\d{2})/(\d{2})/(\d{2})/inference-stream-1-(\d{4})-(\d{2})-(\d{2})-(\d{2})-\d{2}-\d{2}-"
                    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.gz$")
ORG_RE = re.compile(r'"org_id": "(org-[A-Za-z0-9]{24})"')
REQUIRED_LINE = ("timestamp", "level", "logger", "event", "request_id", "http", "auth", "model", "request", "timing")


def iter_records(blob: bytes):
    text = gzip.decompress(blob).decode("utf-8")
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n:
        obj, j = dec.raw_decode(text, i)
        yield obj
        i = j


def gzip_members(blob: bytes) -> int:
    n = 0
    while blob:
        d = zlib.decompressobj(31)
        d.decompress(blob)
        blob = d.unused_data
        n += 1
    return n


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if not argv:
        print(__doc__)
        return 2
    root = argv[0]
    errors = []
    c = Counter()
    seen = set()
    per_org = Counter()
    status = Counter()
    models = Counter()
    paths = Counter()
    noise = Counter()
    streams = set()
    files = []
    for dp, _, fns in os.walk(os.path.join(root, "logs")):
        for fn in fns:
            files.append(os.path.relpath(os.path.join(dp, fn), root))
    files.sort()
    total_bytes = 0
    for key in files:
        if not KEY_RE.match(key):
            errors.append(f"bad key {key}")
        blob = open(os.path.join(root, key), "rb").read()
        total_bytes += len(blob)
        c["files"] += 1
        members = gzip_members(blob)
        nrec = 0
        for rec in iter_records(blob):
            nrec += 1
            mt = rec.get("messageType")
            if mt == "CONTROL_MESSAGE":
                c["control_records"] += 1
                continue
            if mt != "DATA_MESSAGE":
                errors.append(f"{key}: messageType {mt}")
                continue
            c["data_records"] += 1
            for k in ("owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"):
                if k not in rec:
                    errors.append(f"{key}: record lacks {k}")
            streams.add(rec["logStream"])
            for ev in rec["logEvents"]:
                eid = ev["id"]
                if len(eid) != 56 or not eid.isdigit():
                    errors.append(f"bad event id {eid!r}")
                if eid in seen:
                    c["duplicate_events"] += 1
                    continue
                seen.add(eid)
                c["events"] += 1
                msg = ev["message"]
                if msg.startswith("{"):
                    try:
                        line = json.loads(msg)
                    except json.JSONDecodeError:
                        line = None
                    if line is None:
                        if '"logger": "inference_api.access"' in msg[:400] and '"event": "request.' in msg[:400]:
                            m = ORG_RE.search(msg)
                            c["truncated_request_lines"] += 1
                            if m:
                                per_org[m.group(1)] += 1
                        else:
                            noise["unparseable_json_prefix"] += 1
                        continue
                    if line.get("logger") == "inference_api.access" and str(line.get("event", "")).startswith("request."):
                        c["request_lines"] += 1
                        for k in REQUIRED_LINE:
                            if k not in line:
                                errors.append(f"request line lacks {k}")
                        per_org[line["auth"]["org_id"]] += 1
                        status[line["http"]["status"]] += 1
                        models[line.get("model")] += 1
                        paths[line["http"]["path"]] += 1
                        if "client_ip" not in line["http"]:
                            c["request_lines_without_client_ip"] += 1
                        if line.get("request", {}).get("stream"):
                            c["streamed"] += 1
                    else:
                        noise[f"json:{line.get('event', '?')[:40]}"] += 1
                elif msg.startswith(("INFO:", "ERROR:", "WARNING:")):
                    noise["uvicorn_text"] += 1
                elif msg.startswith(("Traceback", "Task exception")):
                    noise["traceback_text"] += 1
                else:
                    noise["continuation_chunk"] += 1
        if nrec != members:
            errors.append(f"{key}: {nrec} records but {members} gzip members")
        c["records"] += nrec

    import pyarrow.parquet as pq
    lab = pq.read_table(os.path.join(root, "labels.parquet")).to_pylist()
    want = {"account_id", "campaign_id", "archetype", "exchanges"}
    if lab and set(lab[0]) != want:
        errors.append(f"labels columns {sorted(lab[0])}")
    mism = 0
    arch = defaultdict(lambda: [0, 0])
    camp = defaultdict(lambda: [None, 0, 0])
    for r in lab:
        got = per_org.get(r["account_id"], 0)
        if got != r["exchanges"]:
            mism += 1
            if mism <= 10:
                errors.append(f"exchanges mismatch {r['account_id']} {r['archetype']}: labels {r['exchanges']} logs {got}")
        arch[r["archetype"]][0] += 1
        arch[r["archetype"]][1] += r["exchanges"]
        if r["campaign_id"]:
            camp[r["campaign_id"]][0] = r["archetype"]
            camp[r["campaign_id"]][1] += 1
            camp[r["campaign_id"]][2] += r["exchanges"]
    unknown = set(per_org) - {r["account_id"] for r in lab}
    if unknown:
        errors.append(f"{len(unknown)} org ids in logs but not in labels")
    man = json.load(open(os.path.join(root, "manifest.json")))

    print(f"dataset {root}  seed={man.get('seed')}  window {man['window']['start']} .. {man['window']['end']}")
    print(f"S3 objects {c['files']}  bytes {total_bytes:,}  records {c['records']} (data {c['data_records']}, control {c['control_records']})"
          f"  log streams {len(streams)}")
    print(f"events {c['events']:,} unique (+{c['duplicate_events']:,} re-delivered)  request lines {c['request_lines']:,}"
          f"  truncated request lines {c['truncated_request_lines']}  no-client-ip {c['request_lines_without_client_ip']:,}"
          f"  streamed {c['streamed']:,}")
    print("noise:", ", ".join(f"{k}={v}" for k, v in noise.most_common()))
    print("http status:", dict(sorted(status.items())))
    print("paths:", dict(paths.most_common()))
    print("models:", dict(models.most_common()))
    nb = sum(v[0] for k, v in arch.items() if k.startswith("benign:"))
    print(f"accounts {len(lab)} (benign {nb}, campaign {len(lab) - nb});"
          f" calls {sum(r['exchanges'] for r in lab):,}")
    for k in sorted(arch, key=lambda k: (not k.startswith("benign:"), k)):
        print(f"  {k:34s} accounts {arch[k][0]:4d}  calls {arch[k][1]:7,d}")
    for k in sorted(camp):
        print(f"  campaign {k}: {camp[k][0]:28s} accounts {camp[k][1]:3d} calls {camp[k][2]:7,d}")
    if errors:
        print(f"ERRORS ({len(errors)}):")
        for e in errors[:30]:
            print("  ", e)
        return 1
    print("OK: all checks passed (keys, gzip members = records, event ids, request-line fields, exchanges == logs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
