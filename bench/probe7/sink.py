"""CloudWatch Logs subscription -> Kinesis Data Firehose -> S3 packaging.

* awslogs driver: one event per log line; lines over the CloudWatch event limit (256 KiB incl. 26 bytes overhead)
  are split into several events, so the first one holds a cut JSON string.
* subscription filter: batches consecutive events of one log stream into a DATA_MESSAGE record, gzip-compressed
  by CloudWatch Logs (one gzip member per record); occasional CONTROL_MESSAGE records.
* Firehose: buffers records (5 MiB or 300 s), no extra compression, no delimiter: an S3 object is the plain
  concatenation of the records' gzip members. Retries occasionally deliver the same records again.
"""
from __future__ import annotations

import json
import os
import random
import uuid
import zlib
from datetime import UTC, datetime

from . import world as W

MAX_EVENT = 262144 - 26
FH_BUFFER_BYTES = 5 * 1024 * 1024
FH_BUFFER_S = 300


def _gz(data: bytes, level: int = 6) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def event_id(ts_ms: int, stream_no: int, seq: int) -> str:
    big = (W.stable_int("evt", stream_no, seq) << 128) | (W.stable_int("evt2", stream_no, seq) << 64) | W.stable_int("evt3", seq)
    tail = big % 10 ** 43
    return f"{ts_ms:013d}{tail:043d}"


def build_records(events_by_task: dict[int, list], infra, rng: random.Random):
    """-> list of (arrival_s, record_dict_json_bytes, n_events, n_truncated)."""
    out = []
    stats = {"events": 0, "truncated_lines": 0, "continuation_events": 0, "records": 0}
    for tidx in sorted(events_by_task):
        evs = events_by_task[tidx]
        evs.sort(key=lambda e: e[0])
        task = infra.tasks[tidx]
        seq = 0
        cur, cur_bytes, first_ts = [], 0, None
        window = rng.uniform(40, 180) * 1000

        def flush():
            nonlocal cur, cur_bytes, first_ts, window
            if not cur:
                return
            rec = {"messageType": "DATA_MESSAGE", "owner": W.AWS_ACCOUNT, "logGroup": W.LOG_GROUP,
                   "logStream": task.stream, "subscriptionFilters": [W.SUB_FILTER], "logEvents": cur}
            arrival = cur[-1]["timestamp"] / 1000.0 + rng.uniform(0.4, 6.0) + (rng.uniform(30, 240) if rng.random() < 0.01 else 0)
            out.append((arrival, json.dumps(rec, separators=(",", ":")).encode()))
            stats["records"] += 1
            cur, cur_bytes, first_ts = [], 0, None
            window = rng.uniform(40, 180) * 1000

        for ts_ms, _t, line, kind in evs:
            chunks = [line]
            if len(line) > MAX_EVENT:   # lines are ASCII (json ensure_ascii) so len == bytes
                chunks = [line[i:i + MAX_EVENT] for i in range(0, len(line), MAX_EVENT)]
                stats["truncated_lines"] += 1
                stats["continuation_events"] += len(chunks) - 1
            for ch in chunks:
                if first_ts is not None and (ts_ms - first_ts > window or cur_bytes + len(ch) > 900_000):
                    flush()
                if first_ts is None:
                    first_ts = ts_ms
                seq += 1
                cur.append({"id": event_id(ts_ms, tidx, seq), "timestamp": ts_ms, "message": ch})
                cur_bytes += len(ch) + 100
                stats["events"] += 1
        flush()
    return out, stats


def _compress_chunk(args):
    recs, level = args
    return [_gz(r, level) for r in recs]


def write_s3(records, out_dir: str, rng: random.Random, level: int = 6, pool=None):
    """records: list of (arrival_s, json_bytes). Writes Firehose objects; returns stats and file list."""
    records.sort(key=lambda r: r[0])
    raw = [r[1] for r in records]
    if pool is not None:
        n = max(1, len(raw) // 64)
        chunks = [(raw[i:i + n], level) for i in range(0, len(raw), n)]
        comp = [c for part in pool.map(_compress_chunk, chunks) for c in part]
    else:
        comp = [_gz(r, level) for r in raw]
    arrivals = [r[0] for r in records]
    # control messages: CloudWatch Logs checks the destination now and then
    controls = []
    t = W.START + rng.uniform(0, 4 * 3600)
    while t < W.END:
        ctl = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logStream": "",
               "subscriptionFilters": [], "logEvents": [{"id": "", "timestamp": int(t * 1000),
                                                         "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}
        controls.append((t, _gz(json.dumps(ctl, separators=(",", ":")).encode(), level)))
        t += rng.uniform(3, 9) * 3600
    items = sorted([(a, 0, i) for i, a in enumerate(arrivals)] + [(a, 1, i) for i, (a, _) in enumerate(controls)])
    files = []
    buf, buf_bytes, buf_t0 = [], 0, None
    stats = {"files": 0, "duplicate_files": 0, "redelivered_records": 0, "control_messages": len(controls), "bytes": 0}

    def blob(kind, i):
        return comp[i] if kind == 0 else controls[i][1]

    def flush(t_flush):
        nonlocal buf, buf_bytes, buf_t0
        if not buf:
            return
        files.append((buf_t0, list(buf)))
        buf, buf_bytes, buf_t0 = [], 0, None

    for a, kind, i in items:
        if buf_t0 is not None and (a - buf_t0 >= FH_BUFFER_S or buf_bytes >= FH_BUFFER_BYTES):
            flush(a)
        if buf_t0 is None:
            buf_t0 = a
        buf.append((kind, i))
        buf_bytes += len(blob(kind, i))
    flush(None)
    # Firehose retries: a few whole objects delivered twice, a few records re-sent in the next object
    extra = []
    for fi in range(len(files)):
        t0, members = files[fi]
        if rng.random() < 0.004:
            extra.append((t0 + rng.uniform(300, 900), list(members)))
            stats["duplicate_files"] += 1
            stats["redelivered_records"] += sum(1 for k, _ in members if k == 0)
        elif rng.random() < 0.006 and fi + 1 < len(files):
            k = rng.randint(1, min(5, len(members)))
            dup = members[-k:]
            files[fi + 1] = (files[fi + 1][0], dup + files[fi + 1][1])
            stats["redelivered_records"] += sum(1 for kk, _ in dup if kk == 0)
    files += extra
    written = []
    for t0, members in files:
        dt = datetime.fromtimestamp(t0, tz=UTC)
        u = uuid.UUID(int=rng.getrandbits(128), version=4)
        key = (f"logs/{dt:%Y/%m/%d/%H}/{W.DELIVERY_STREAM}-1-{dt:%Y-%m-%d-%H-%M-%S}-{u}.gz")
        path = os.path.join(out_dir, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = b"".join(blob(k, i) for k, i in members)
        with open(path, "wb") as f:
            f.write(data)
        stats["bytes"] += len(data)
        written.append(key)
    stats["files"] = len(written)
    return stats, written
