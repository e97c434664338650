"""python -m bench.probe9.check DIR  -> validates a generated probe9 output; exit 0 when valid.

Follows each table's _delta_log (never lists parquet files blindly), checks the log against the
checkpoints, the files against the log, the schemas, the joins between tables, and the labels."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = {
    "payload3": "tables/meridian_prod/inference/meridian_chat_payload",
    "payload4": "tables/meridian_prod/inference/meridian_4_chat_payload",
    "usage": "tables/secops_exports/system_serving/endpoint_usage",
    "entities": "tables/secops_exports/system_serving/served_entities",
    "frontdoor": "tables/provider_ops/frontdoor/access_log",
    "keys": "tables/provider_ops/billing/customer_api_keys",
}
PAYLOAD_COLS = ["databricks_request_id", "request_date", "client_request_id", "request_time", "status_code", "sampling_fraction",
                "execution_duration_ms", "request", "response", "logging_error_codes", "served_entity_id", "requester"]
USAGE_COLS = ["account_id", "workspace_id", "client_request_id", "databricks_request_id", "requester", "status_code", "request_time",
              "input_token_count", "output_token_count", "input_character_count", "output_character_count", "usage_context",
              "request_streaming", "served_entity_id"]
LOG_CODES = {"MAX_REQUEST_SIZE_EXCEEDED", "MAX_RESPONSE_SIZE_EXCEEDED"}


class Errors(list):
    def need(self, cond, msg):
        if not cond:
            self.append(msg)
        return cond


def _type_from_delta(t):
    if isinstance(t, dict):
        if t["type"] == "array":
            return pa.list_(_type_from_delta(t["elementType"]))
        if t["type"] == "map":
            return pa.map_(_type_from_delta(t["keyType"]), _type_from_delta(t["valueType"]))
        if t["type"] == "struct":
            return pa.struct([(f["name"], _type_from_delta(f["type"])) for f in t["fields"]])
    return {"string": pa.string(), "long": pa.int64(), "integer": pa.int32(), "double": pa.float64(), "boolean": pa.bool_(),
            "date": pa.date32(), "timestamp": pa.timestamp("us", tz="UTC")}[t]


def replay(path: str, err: Errors, upto: int | None = None):
    """Replay JSON commits 0..N; returns (live adds, removes, metaData, protocol, version)."""
    log = os.path.join(path, "_delta_log")
    versions = sorted(int(f[:20]) for f in os.listdir(log) if f.endswith(".json") and f[:20].isdigit())
    err.need(versions == list(range(len(versions))), f"{path}: commit versions are not contiguous from 0")
    live, removed, meta, proto = {}, {}, None, None
    for v in versions:
        if upto is not None and v > upto:
            break
        with open(os.path.join(log, f"{v:020d}.json"), encoding="utf-8") as f:
            lines = [ln for ln in f.read().split("\n") if ln]
        err.need(lines and "commitInfo" in json.loads(lines[0]), f"{path} v{v}: no commitInfo first")
        for ln in lines:
            act = json.loads(ln)
            err.need(len(act) == 1, f"{path} v{v}: action with {len(act)} keys")
            k, a = next(iter(act.items()))
            if k == "add":
                live[a["path"]] = a
                removed.pop(a["path"], None)
            elif k == "remove":
                err.need(a["path"] in live, f"{path} v{v}: remove of a file that is not live: {a['path']}")
                live.pop(a["path"], None)
                removed[a["path"]] = a
            elif k == "metaData":
                meta = a
            elif k == "protocol":
                proto = a
    return live, removed, meta, proto, versions[-1] if versions else -1


def check_checkpoints(path: str, err: Errors):
    log = os.path.join(path, "_delta_log")
    cps = sorted(f for f in os.listdir(log) if f.endswith(".checkpoint.parquet"))
    for cp in cps:
        v = int(cp[:20])
        live, removed, meta, proto, _ = replay(path, Errors(), upto=v)
        t = pq.read_table(os.path.join(log, cp)).to_pylist()
        adds = {r["add"]["path"] for r in t if r.get("add")}
        rms = {r["remove"]["path"] for r in t if r.get("remove")}
        err.need(adds == set(live), f"{path}: checkpoint {v} live files differ from the JSON log")
        err.need(rms == set(removed), f"{path}: checkpoint {v} tombstones differ from the JSON log")
        err.need(sum(1 for r in t if r.get("metaData")) == 1 and sum(1 for r in t if r.get("protocol")) == 1,
                 f"{path}: checkpoint {v} needs one metaData and one protocol")
    if cps:
        with open(os.path.join(log, "_last_checkpoint"), encoding="utf-8") as f:
            lc = json.load(f)
        err.need(lc["version"] == int(cps[-1][:20]), f"{path}: _last_checkpoint does not point at the newest checkpoint")
    return len(cps)


def read_delta(path: str, err: Errors | None = None) -> tuple[pa.Table, dict]:
    """Read the live rows of a Delta table by following its log (partition columns and evolved columns filled in)."""
    err = err if err is not None else Errors()
    live, removed, meta, proto, version = replay(path, err)
    fields = json.loads(meta["schemaString"])["fields"]
    schema = pa.schema([(f["name"], _type_from_delta(f["type"])) for f in fields])
    parts = meta.get("partitionColumns") or []
    tabs = []
    on_disk = set()
    for dp, _, fs in os.walk(path):
        if "_delta_log" in dp:
            continue
        for f in fs:
            if f.endswith(".parquet"):
                on_disk.add(os.path.relpath(os.path.join(dp, f), path))
    err.need(set(live) | set(removed) == on_disk, f"{path}: files on disk do not match the log's adds+removes "
             f"({len(on_disk - set(live) - set(removed))} orphan, {len(set(live) | set(removed) - on_disk)} missing)")
    for p, a in sorted(live.items()):
        full = os.path.join(path, p)
        if not err.need(os.path.exists(full), f"{path}: live file missing {p}"):
            continue
        err.need(os.path.getsize(full) == a["size"], f"{path}: size mismatch {p}")
        t = pq.ParquetFile(full).read()
        st = json.loads(a["stats"]) if a.get("stats") else {}
        err.need(st.get("numRecords") == t.num_rows, f"{path}: numRecords mismatch {p}")
        for pc_ in parts:
            val = a["partitionValues"][pc_]
            typ = schema.field(pc_).type
            err.need(pc_ not in t.column_names, f"{path}: partition column stored in file {p}")
            arr = pa.array([val] * t.num_rows, pa.string())
            t = t.append_column(pc_, arr.cast(typ) if typ != pa.string() else arr)
        for f in schema:
            if f.name not in t.column_names:
                t = t.append_column(f, pa.nulls(t.num_rows, f.type))
        extra = [c for c in t.column_names if c not in schema.names]
        err.need(not extra, f"{path}: file {p} has columns not in the table schema: {extra}")
        t = t.select(schema.names)
        err.need(t.schema.equals(schema), f"{path}: file {p} schema differs from the table schema")
        tabs.append(t.cast(schema))
    tab = pa.concat_tables(tabs) if tabs else schema.empty_table()
    return tab, {"version": version, "live": len(live), "removed": len(removed), "protocol": proto, "meta": meta}


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 1:
        print("usage: python -m bench.probe9.check DIR")
        return 2
    d = argv[0]
    err = Errors()
    for name in ("labels.parquet", "labels_end_users.parquet", "manifest.json"):
        err.need(os.path.exists(os.path.join(d, name)), f"missing {name}")
    data, info = {}, {}
    for k, rel in TABLES.items():
        p = os.path.join(d, rel)
        if not err.need(os.path.isdir(os.path.join(p, "_delta_log")), f"missing Delta table {rel}"):
            continue
        data[k], info[k] = read_delta(p, err)
        info[k]["checkpoints"] = check_checkpoints(p, err)
    if err:
        return report(err, info)
    # ---------------------------------------------------------------- schemas
    for k in ("payload3", "payload4"):
        err.need(data[k].column_names == PAYLOAD_COLS, f"{k}: columns {data[k].column_names}")
    err.need(data["usage"].column_names == USAGE_COLS, f"usage: columns {data['usage'].column_names}")
    err.need(info["frontdoor"]["meta"]["partitionColumns"] == ["event_date"], "frontdoor: not partitioned by event_date")
    err.need(info["payload3"]["removed"] > 0, "payload3: expected tombstoned files from OPTIMIZE")
    err.need({"client_asn", "tls_ja4"} <= set(data["frontdoor"].column_names), "frontdoor: schema evolution columns missing")
    # ---------------------------------------------------------------- payload content
    ents = set(data["entities"].column("served_entity_id").to_pylist())
    pay_ids = set()
    n_req_null = n_dupe = 0
    for k in ("payload3", "payload4"):
        t = data[k]
        ids = t.column("databricks_request_id").to_pylist()
        n_dupe += len(ids) - len(set(ids))
        pay_ids.update(ids)
        err.need(set(t.column("served_entity_id").to_pylist()) <= ents, f"{k}: served_entity_id not in served_entities")
        err.need(set(t.column("sampling_fraction").to_pylist()) <= {1.0}, f"{k}: sampling_fraction")
        for req, resp, codes, st, rt, rd in zip(t.column("request").to_pylist(), t.column("response").to_pylist(),
                                                t.column("logging_error_codes").to_pylist(), t.column("status_code").to_pylist(),
                                                t.column("request_time").to_pylist(), t.column("request_date").to_pylist()):
            err.need(set(codes or []) <= LOG_CODES, f"{k}: unknown logging_error_codes {codes}")
            if req is None:
                n_req_null += 1
                err.need("MAX_REQUEST_SIZE_EXCEEDED" in (codes or []), f"{k}: null request without MAX_REQUEST_SIZE_EXCEEDED")
            else:
                body = json.loads(req)
                err.need(isinstance(body.get("messages"), list) and body["messages"], f"{k}: request without messages")
            if resp is not None:
                rj = json.loads(resp)
                if st == 200:
                    err.need(rj.get("object") == "chat.completion" and rj.get("choices") and "usage" in rj, f"{k}: bad 200 response")
                else:
                    err.need("error_code" in rj, f"{k}: error response without error_code")
            err.need(0 <= (rd - rt.date()).days <= 1, f"{k}: request_date far from request_time")
            if len(err) > 50:
                return report(err, info)
    # ---------------------------------------------------------------- joins
    u = data["usage"]
    u_ids = u.column("databricks_request_id").to_pylist()
    u_set = set(u_ids)
    err.need(pay_ids <= u_set, f"{len(pay_ids - u_set)} payload request ids missing from endpoint_usage")
    err.need(set(u.column("served_entity_id").to_pylist()) <= ents, "usage: served_entity_id not in served_entities")
    keys = data["keys"]
    key_req = set(keys.column("requester").to_pylist())
    fd_ids = set(data["frontdoor"].column("request_id").to_pylist())
    guard = set()
    for req, crid in zip(u.column("requester").to_pylist(), u.column("client_request_id").to_pylist()):
        if crid and crid.endswith(":guard"):
            guard.add(req)
            err.need(crid[:-6] in fd_ids, "guard row without a front-door request")
            continue
        err.need(req in key_req or "@" in req, f"usage requester {req} unknown to customer_api_keys")
        if crid is not None:
            err.need(crid in fd_ids, f"usage client_request_id {crid} not in the front-door log")
        if len(err) > 50:
            return report(err, info)
    # ---------------------------------------------------------------- labels
    lab = pq.read_table(os.path.join(d, "labels.parquet"))
    for c in ("org_id", "account_id", "label", "kind", "campaign_id", "exchanges"):
        err.need(c in lab.column_names, f"labels: missing column {c}")
    L = lab.to_pylist()
    acc = [x["account_id"] for x in L]
    err.need(len(acc) == len(set(acc)), "labels: duplicate account_id")
    per_req = Counter()
    seen = set()
    for rid, req in zip(u_ids, u.column("requester").to_pylist()):
        if rid not in seen:
            seen.add(rid)
            per_req[req] += 1
    err.need(set(acc) == set(per_req), f"labels vs endpoint_usage requesters differ ({len(set(acc) ^ set(per_req))})")
    for x in L:
        err.need(x["label"] in ("benign", "campaign"), f"labels: bad label {x['label']}")
        err.need((x["label"] == "campaign") == bool(x["campaign_id"]), f"labels: campaign_id/label mismatch for {x['account_id']}")
        err.need(x["exchanges"] == per_req.get(x["account_id"]), f"labels: exchanges mismatch for {x['account_id']}")
    ck = {x["kind"] for x in L if x["label"] == "campaign"}
    err.need(6 <= len(ck) <= 9, f"labels: {len(ck)} campaign kinds")
    eu = pq.read_table(os.path.join(d, "labels_end_users.parquet")).to_pylist()
    err.need(all(x["account_id"] in set(acc) for x in eu), "labels_end_users: unknown account")
    # ---------------------------------------------------------------- manifest
    with open(os.path.join(d, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    for k in ("seed", "scale", "window", "release", "counts"):
        err.need(k in man, f"manifest: missing {k}")
    err.need(man["counts"]["labelled_accounts"] == len(L), "manifest: labelled_accounts")
    err.need(man["counts"]["endpoint_usage_rows_written"] == u.num_rows, "manifest: endpoint_usage rows")
    summary = {"payload_rows": data["payload3"].num_rows + data["payload4"].num_rows, "payload_dupe_rows": n_dupe,
               "payload_null_request": n_req_null, "usage_rows": u.num_rows, "usage_dupe_rows": len(u_ids) - len(u_set),
               "frontdoor_rows": data["frontdoor"].num_rows, "accounts": len(L),
               "campaign_accounts": sum(1 for x in L if x["label"] == "campaign"), "campaign_kinds": sorted(ck)}
    return report(err, info, summary)


def report(err, info, summary=None):
    for k, v in info.items():
        print(f"{k:10s} version={v['version']} live_files={v['live']} tombstoned={v['removed']} checkpoints={v.get('checkpoints')}")
    if summary:
        print(json.dumps(summary, indent=1))
    if err:
        print(f"INVALID: {len(err)} problem(s)")
        for e in err[:50]:
            print(" -", e)
        return 1
    print("VALID")
    return 0


if __name__ == "__main__":
    sys.exit(main())
