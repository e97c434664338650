"""Turn served exchanges into the exported Delta tables, with the logging pipeline's own noise."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa

from .delta import DeltaTable
from .rng import DAY, HOUR, RELEASE, T0, hexid, uuid4

ACCOUNT_ID = "7c2f1e0a-5b3d-4f1e-9a6c-2d8e4b7f1a90"
WORKSPACE_ID = "3158461702318947"
UTC = UTC
MS = 1000

PAYLOAD_COMMENTS = {
    "request_date": "The UTC date on which the model serving request was received.",
    "client_request_id": "The user-provided request identifier that can be specified in the model serving request body.",
    "request_time": "The timestamp at which the request is received.",
    "status_code": "The HTTP status code that was returned from the model.",
    "sampling_fraction": "The sampling fraction used in the event that the request was down-sampled. This value is between 0 and 1, where 1 represents that 100% of incoming requests were included.",
    "execution_duration_ms": "The time in milliseconds for which the model performed inference. This does not include overhead network latencies and only represents the time it took for the model to generate predictions.",
    "request": "The raw request JSON body that was sent to the model serving endpoint.",
    "response": "The raw response JSON body that was returned by the model serving endpoint.",
    "logging_error_codes": "The errors that occurred when the data could not be logged. Error codes include MAX_REQUEST_SIZE_EXCEEDED and MAX_RESPONSE_SIZE_EXCEEDED.",
    "served_entity_id": "The unique ID of the served entity.",
    "requester": "The ID of the user or service principal whose permissions are used for the invocation request of the serving endpoint. This field returns NULL for route-optimized custom model endpoints.",
}
PAYLOAD_SCHEMA = pa.schema([
    ("databricks_request_id", pa.string()), ("request_date", pa.date32()), ("client_request_id", pa.string()),
    ("request_time", pa.timestamp("us", tz="UTC")), ("status_code", pa.int32()), ("sampling_fraction", pa.float64()),
    ("execution_duration_ms", pa.int64()), ("request", pa.string()), ("response", pa.string()),
    ("logging_error_codes", pa.list_(pa.string())), ("served_entity_id", pa.string()), ("requester", pa.string())])
PAYLOAD_CONF = {"delta.enableChangeDataFeed": "true", "delta.enableRowTracking": "true", "delta.appendOnly": "false",
                "delta.logRetentionDuration": "interval 30 days", "delta.deletedFileRetentionDuration": "interval 7 days"}
PAYLOAD_PROTOCOL = {"minReaderVersion": 1, "minWriterVersion": 7,
                    "writerFeatures": ["appendOnly", "invariants", "changeDataFeed", "domainMetadata", "clustering", "rowTracking"]}
USAGE_SCHEMA = pa.schema([
    ("account_id", pa.string()), ("workspace_id", pa.string()), ("client_request_id", pa.string()), ("databricks_request_id", pa.string()),
    ("requester", pa.string()), ("status_code", pa.int32()), ("request_time", pa.timestamp("us", tz="UTC")),
    ("input_token_count", pa.int64()), ("output_token_count", pa.int64()), ("input_character_count", pa.int64()),
    ("output_character_count", pa.int64()), ("usage_context", pa.map_(pa.string(), pa.string())), ("request_streaming", pa.bool_()),
    ("served_entity_id", pa.string())])
SE_SCHEMA = pa.schema([
    ("served_entity_id", pa.string()), ("account_id", pa.string()), ("workspace_id", pa.string()), ("created_by", pa.string()),
    ("endpoint_name", pa.string()), ("endpoint_id", pa.string()), ("served_entity_name", pa.string()), ("entity_type", pa.string()),
    ("entity_name", pa.string()), ("entity_version", pa.string()), ("endpoint_config_version", pa.int64()), ("task", pa.string()),
    ("external_model_config", pa.struct([("provider", pa.string()), ("name", pa.string()), ("task", pa.string())])),
    ("foundation_model_config", pa.struct([("min_provisioned_throughput", pa.int64()), ("max_provisioned_throughput", pa.int64())])),
    ("custom_model_config", pa.struct([("min_concurrency", pa.int64()), ("max_concurrency", pa.int64()), ("compute_type", pa.string())])),
    ("feature_serving_config", pa.struct([("feature_spec_name", pa.string())])),
    ("change_time", pa.timestamp("us", tz="UTC")), ("endpoint_delete_time", pa.timestamp("us", tz="UTC"))])
FD_SCHEMA = pa.schema([
    ("event_time", pa.timestamp("us", tz="UTC")), ("event_date", pa.date32()), ("request_id", pa.string()), ("api_key_id", pa.string()),
    ("org_id", pa.string()), ("host", pa.string()), ("method", pa.string()), ("path", pa.string()), ("model", pa.string()),
    ("status", pa.int32()), ("upstream_request_id", pa.string()), ("upstream_attempts", pa.int32()), ("client_ip", pa.string()),
    ("user_agent", pa.string()), ("bytes_in", pa.int64()), ("bytes_out", pa.int64()), ("duration_ms", pa.int64())])
FD_NEW = [pa.field("client_asn", pa.string()), pa.field("tls_ja4", pa.string())]
FD_EVOLVE = T0 + 2 * DAY + 10 * HOUR
KEYS_SCHEMA = pa.schema([
    ("api_key_id", pa.string()), ("requester", pa.string()), ("org_id", pa.string()), ("org_name", pa.string()), ("plan", pa.string()),
    ("rpm_limit", pa.int32()), ("signup_program", pa.string()), ("billing_country", pa.string()), ("payment_fingerprint", pa.string()),
    ("contact_email_domain", pa.string()), ("org_created_at", pa.timestamp("us", tz="UTC")), ("key_created_at", pa.timestamp("us", tz="UTC")),
    ("key_revoked_at", pa.timestamp("us", tz="UTC")), ("revoke_reason", pa.string())])


def dt(t: float) -> datetime:
    return datetime.fromtimestamp(t, tz=UTC)


def d_of(t: float) -> date:
    return dt(t).date()


class Entities:
    def __init__(self, r):
        self.m3, self.m4, self.guard, self.m3_old = hexid(r), hexid(r), hexid(r), hexid(r)
        self.ep_m3, self.ep_m4, self.ep_guard = hexid(r), hexid(r), hexid(r)
        self.guard_sp = uuid4(r)
        self.logger_sp = "model-serving-inference-logger"

    def of(self, model: str) -> str:
        return {"meridian-3": self.m3, "meridian-4": self.m4, "guard": self.guard}[model]


def payload_rows(ex, ents, r):
    """Rows per endpoint, each with the time it reaches the table (delivery is best effort, minutes to an hour)."""
    out = {"meridian-3": [], "meridian-4": []}
    outage = (T0 + 2 * DAY + 3 * HOUR, T0 + 2 * DAY + 4 * HOUR + 600)
    for x in ex:
        for at in x.attempts:
            if not at.log_payload:
                continue
            if at.model == "meridian-3" and outage[0] <= at.t < outage[1]:
                continue  # logging pipeline outage: usage rows exist, payload rows never arrive
            if r.random() < 0.0005:
                continue
            rt = at.t
            rd = d_of(rt)
            sod = rt - datetime(rd.year, rd.month, rd.day, tzinfo=UTC).timestamp()
            if sod > 23 * HOUR + 52 * 60 and r.random() < 0.3:
                rd = rd + timedelta(days=1)  # request_date taken from the logger's clock, not the request's
            row = {"databricks_request_id": at.dbr_id, "request_date": rd, "client_request_id": x.fd_id,
                   "request_time": dt(rt), "status_code": at.status, "sampling_fraction": 1.0, "execution_duration_ms": at.exec_ms,
                   "request": at.req, "response": at.resp, "logging_error_codes": list(at.err_codes),
                   "served_entity_id": ents.of(at.model), "requester": x.call.acct.requester}
            delay = min(55 * 60, r.lognormvariate(5.9, 0.8))
            arr = rt + at.exec_ms / 1000 + delay
            if at.model == "meridian-4" and T0 + 4 * DAY + 11 * HOUR < arr < T0 + 4 * DAY + 12.5 * HOUR:
                arr = T0 + 4 * DAY + 12.67 * HOUR + r.uniform(0, 300)
            out[at.model].append((arr, row))
            if r.random() < 0.003:
                out[at.model].append((arr + r.uniform(1, 3) * HOUR, row))  # at-least-once delivery duplicate
    return out


def write_payload(root, name, rows, create_t, r, optimize_plan):
    tab = DeltaTable(os.path.join(root, name), name, PAYLOAD_SCHEMA, r, comments=PAYLOAD_COMMENTS, configuration=PAYLOAD_CONF,
                     protocol=PAYLOAD_PROTOCOL, clustering=["request_date"], user="model-serving-inference-logger",
                     row_tracking=True, stats_cols=("request_date", "request_time", "status_code", "databricks_request_id", "served_entity_id"))
    tab.create(int(create_t * MS), operation="CREATE TABLE", description=None)
    rows.sort(key=lambda x: x[0])
    query_id = uuid4(r)
    t, i, epoch = create_t + r.uniform(600, 1800), 0, 0
    opt = sorted(optimize_plan)
    while i < len(rows) or opt:
        nt = t + r.uniform(40, 80) * 60
        while opt and opt[0][0] <= nt:
            ot, lo, hi, n_out = opt.pop(0)
            tab.optimize(int(ot * MS), lambda a, lo=lo, hi=hi: lo * MS <= a["modificationTime"] < hi * MS and a["dataChange"], n_out=n_out,
                         user="predictive-optimization")
        batch = []
        while i < len(rows) and rows[i][0] <= nt:
            batch.append(rows[i][1])
            i += 1
        if batch:
            tab.append(pa.Table.from_pylist(batch, schema=PAYLOAD_SCHEMA), int(nt * MS), n_files=r.choice([1, 1, 2, 3]),
                       operation="STREAMING UPDATE", txn=(query_id, epoch))
            epoch += 1
        t = nt
        if i >= len(rows) and not opt:
            break
    return tab


def usage_rows(ex, ents, r):
    rows = []
    for x in ex:
        a = x.call.acct
        if x.fd_id and a.org.plan in ("free", "dev") and x.attempts and r.random() < 0.5:
            rows.append({"account_id": ACCOUNT_ID, "workspace_id": WORKSPACE_ID, "client_request_id": x.fd_id + ":guard",
                         "databricks_request_id": uuid4(r), "requester": ents.guard_sp, "status_code": 200,
                         "request_time": dt(x.attempts[0].t - r.uniform(0.02, 0.09)), "input_token_count": x.attempts[0].in_tok + 40,
                         "output_token_count": 2, "input_character_count": x.attempts[0].in_chars + 160, "output_character_count": 4,
                         "usage_context": None, "request_streaming": False, "served_entity_id": ents.guard, "_model": "guard"})
        for at in x.attempts:
            rows.append({"account_id": ACCOUNT_ID, "workspace_id": WORKSPACE_ID, "client_request_id": x.fd_id,
                         "databricks_request_id": at.dbr_id, "requester": a.requester, "status_code": at.status,
                         "request_time": dt(at.t), "input_token_count": at.in_tok, "output_token_count": at.out_tok,
                         "input_character_count": at.in_chars, "output_character_count": at.out_chars,
                         "usage_context": list(at.ucx.items()) if at.ucx else None, "request_streaming": bool(at.stream),
                         "served_entity_id": ents.of(at.model), "_model": at.model})
    return rows


def write_usage(root, rows, r):
    tab = DeltaTable(os.path.join(root, "endpoint_usage"), "endpoint_usage", USAGE_SCHEMA, r, user="secops-export@meridian-ai.example",
                     stats_cols=("request_time", "status_code", "requester", "served_entity_id"),
                     configuration={"comment": "Daily copy of system.serving.endpoint_usage"})
    tab.create(int((T0 + DAY + 6 * HOUR) * MS), description="Daily copy of system.serving.endpoint_usage (secops export)")
    rows.sort(key=lambda x: x["request_time"])
    for d in range(7):
        lo = T0 + d * DAY - (1800 if d else 0)  # the job re-reads a 30-minute overlap: duplicates
        hi = T0 + (d + 1) * DAY
        batch = [{k: v for k, v in x.items() if k != "_model"} for x in rows if lo <= x["request_time"].timestamp() < hi]
        ts = T0 + (d + 1) * DAY + 6 * HOUR + r.uniform(60, 900)
        tab.append(pa.Table.from_pylist(batch, schema=USAGE_SCHEMA), int(ts * MS), n_files=r.choice([2, 3, 4]), operation="WRITE",
                   params={"mode": "Append", "statsOnLoad": "false", "partitionBy": "[]"})
    return tab


def write_served_entities(root, ents, r):
    tab = DeltaTable(os.path.join(root, "served_entities"), "served_entities", SE_SCHEMA, r, user="secops-export@meridian-ai.example")
    ct = T0 + 7 * DAY + 6.5 * HOUR
    tab.create(int(ct * MS), description="Copy of system.serving.served_entities (secops export)")
    cm = lambda lo, hi: {"min_concurrency": lo, "max_concurrency": hi, "compute_type": "GPU_LARGE"}  # noqa: E731
    base = {"account_id": ACCOUNT_ID, "workspace_id": WORKSPACE_ID, "created_by": "mlops-deployer@meridian-ai.example", "task": "llm/v1/chat",
            "external_model_config": None, "foundation_model_config": None, "feature_serving_config": None, "endpoint_delete_time": None,
            "entity_type": "CUSTOM_MODEL"}
    rows = [
        dict(base, served_entity_id=ents.m3_old, endpoint_name="meridian-chat", endpoint_id=ents.ep_m3, served_entity_name="meridian-3-13",
             entity_name="meridian.models.meridian_chat", entity_version="13", endpoint_config_version=11, custom_model_config=cm(8, 64),
             change_time=dt(T0 - 31 * DAY + 3600 * 9.2)),
        dict(base, served_entity_id=ents.m3, endpoint_name="meridian-chat", endpoint_id=ents.ep_m3, served_entity_name="meridian-3-14",
             entity_name="meridian.models.meridian_chat", entity_version="14", endpoint_config_version=12, custom_model_config=cm(16, 96),
             change_time=dt(T0 - 14 * DAY + 3600 * 16.7)),
        dict(base, served_entity_id=ents.m4, endpoint_name="meridian-4-chat", endpoint_id=ents.ep_m4, served_entity_name="meridian-4-1",
             entity_name="meridian.models.meridian_chat", entity_version="21", endpoint_config_version=1, custom_model_config=cm(16, 128),
             change_time=dt(RELEASE - 1800)),
        dict(base, served_entity_id=ents.guard, endpoint_name="meridian-guard", endpoint_id=ents.ep_guard, served_entity_name="guard-2",
             entity_name="meridian.models.safety_classifier", entity_version="2", endpoint_config_version=4, task="llm/v1/completions",
             custom_model_config=cm(2, 16), change_time=dt(T0 - 60 * DAY)),
    ]
    tab.append(pa.Table.from_pylist(rows, schema=SE_SCHEMA), int(ct * MS) + 5000, operation="WRITE")
    return tab


def fd_rows(ex, r):
    rows = []
    for x in ex:
        if x.fd_id is None:
            continue
        a = x.call.acct
        t = x.t
        if x.host == "fd-euw1-b" and T0 + 4 * DAY + 8 * HOUR < t < T0 + 4 * DAY + 20 * HOUR:
            t += 41.7  # that host's clock ran fast
        ingest = t + r.uniform(60, 600)
        if x.host.startswith("fd-apse1") and T0 + 5 * DAY + 22 * HOUR < t < T0 + 6 * DAY + 1.5 * HOUR:
            ingest = T0 + 6 * DAY + 1.75 * HOUR + r.uniform(0, 900)  # shipper outage: late rows land in the next day's partition
        last = x.attempts[-1] if x.attempts else None
        row = {"event_time": dt(t), "event_date": d_of(ingest), "request_id": x.fd_id, "api_key_id": a.key_id, "org_id": a.org.org_id,
               "host": x.host, "method": "POST", "path": "/v1/chat/completions", "model": x.model_req, "status": x.fd_status,
               "upstream_request_id": last.dbr_id if last else None, "upstream_attempts": len(x.attempts), "client_ip": x.ip,
               "user_agent": a.ua, "bytes_in": x.bytes_in, "bytes_out": x.bytes_out, "duration_ms": x.dur_ms,
               "client_asn": "{} {}".format(*(x.call.asn or a.asn)[:2]), "tls_ja4": a.ja4}
        rows.append((ingest, row))
        if r.random() < 0.002:
            rows.append((ingest + r.uniform(300, 3600), row))
    return rows


def write_frontdoor(root, rows, r):
    tab = DeltaTable(os.path.join(root, "access_log"), "access_log", FD_SCHEMA, r, partition_by="event_date",
                     user="fd-log-shipper", stats_cols=("event_time", "status", "api_key_id", "org_id"),
                     configuration={"delta.logRetentionDuration": "interval 30 days"})
    tab.create(int((T0 - 90 * DAY) * MS), description="Provider front-door access log (api.meridian-ai.example)")
    rows.sort(key=lambda x: x[0])
    t, i, evolved = T0, 0, False
    while i < len(rows):
        nt = t + HOUR
        if not evolved and nt > FD_EVOLVE:
            tab.add_columns(int(FD_EVOLVE * MS), FD_NEW, {"client_asn": "Origin AS of client_ip (added 2026-05-06)",
                                                          "tls_ja4": "JA4 TLS client fingerprint (added 2026-05-06)"})
            evolved = True
        batch = []
        while i < len(rows) and rows[i][0] <= nt:
            row = dict(rows[i][1])
            if rows[i][0] < FD_EVOLVE:  # the enrichment is done at ingest time
                row.pop("client_asn")
                row.pop("tls_ja4")
            batch.append(row)
            i += 1
        if batch:
            sch = tab.schema
            tab.append(pa.Table.from_pylist(batch, schema=sch), int((nt + r.uniform(30, 300)) * MS), n_files=r.choice([1, 1, 2]),
                       operation="WRITE", params={"mode": "Append", "statsOnLoad": "false", "partitionBy": '["event_date"]'})
        t = nt
    return tab


def write_keys(root, accounts, reg, r):
    tab = DeltaTable(os.path.join(root, "customer_api_keys"), "customer_api_keys", KEYS_SCHEMA, r, user="billing-sync")
    ts = T0 + 7 * DAY + 7 * HOUR
    tab.create(int(ts * MS), operation="CREATE OR REPLACE TABLE AS SELECT", description="Snapshot of the provider's API-key registry")
    rows = []
    for a in accounts:
        o = a.org
        rows.append({"api_key_id": a.key_id, "requester": a.requester, "org_id": o.org_id, "org_name": o.name, "plan": o.plan,
                     "rpm_limit": a.qpm, "signup_program": o.program, "billing_country": o.country, "payment_fingerprint": o.payment_fp,
                     "contact_email_domain": o.email_domain, "org_created_at": dt(o.created_at), "key_created_at": dt(a.created_at),
                     "key_revoked_at": dt(a.revoked_at) if a.revoked_at else None, "revoke_reason": a.revoke_reason})
    rows.sort(key=lambda x: x["api_key_id"])
    tab.append(pa.Table.from_pylist(rows, schema=KEYS_SCHEMA), int(ts * MS) + 4000, n_files=1, operation="WRITE")
    return tab
