"""A small Delta Lake writer: Parquet part files plus _delta_log JSON commits, OPTIMIZE with
tombstones left on disk, schema evolution, classic checkpoints and .crc files."""
from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .rng import uuid4

ENGINE = "Databricks-Runtime/16.4.x-photon-scala2.12"


def arrow_to_delta(t: pa.DataType):
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    if pa.types.is_int64(t):
        return "long"
    if pa.types.is_int32(t):
        return "integer"
    if pa.types.is_float64(t):
        return "double"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date32(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "timestamp"
    if pa.types.is_list(t):
        return {"type": "array", "elementType": arrow_to_delta(t.value_type), "containsNull": True}
    if pa.types.is_map(t):
        return {"type": "map", "keyType": arrow_to_delta(t.key_type), "valueType": arrow_to_delta(t.item_type), "valueContainsNull": True}
    if pa.types.is_struct(t):
        return {"type": "struct", "fields": [{"name": f.name, "type": arrow_to_delta(f.type), "nullable": True, "metadata": {}} for f in t]}
    raise TypeError(t)


def schema_string(schema: pa.Schema, comments: dict | None = None) -> str:
    comments = comments or {}
    fields = []
    for f in schema:
        md = {"comment": comments[f.name]} if f.name in comments else {}
        fields.append({"name": f.name, "type": arrow_to_delta(f.type), "nullable": True, "metadata": md})
    return json.dumps({"type": "struct", "fields": fields}, separators=(",", ":"))


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _jsonable(v):
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


CKPT_SCHEMA = pa.schema([
    ("txn", pa.struct([("appId", pa.string()), ("version", pa.int64()), ("lastUpdated", pa.int64())])),
    ("add", pa.struct([("path", pa.string()), ("partitionValues", pa.map_(pa.string(), pa.string())), ("size", pa.int64()),
                       ("modificationTime", pa.int64()), ("dataChange", pa.bool_()), ("stats", pa.string()),
                       ("tags", pa.map_(pa.string(), pa.string())), ("baseRowId", pa.int64()), ("defaultRowCommitVersion", pa.int64())])),
    ("remove", pa.struct([("path", pa.string()), ("deletionTimestamp", pa.int64()), ("dataChange", pa.bool_()),
                          ("extendedFileMetadata", pa.bool_()), ("partitionValues", pa.map_(pa.string(), pa.string())), ("size", pa.int64())])),
    ("metaData", pa.struct([("id", pa.string()), ("name", pa.string()), ("description", pa.string()),
                            ("format", pa.struct([("provider", pa.string()), ("options", pa.map_(pa.string(), pa.string()))])),
                            ("schemaString", pa.string()), ("partitionColumns", pa.list_(pa.string())),
                            ("configuration", pa.map_(pa.string(), pa.string())), ("createdTime", pa.int64())])),
    ("protocol", pa.struct([("minReaderVersion", pa.int32()), ("minWriterVersion", pa.int32()),
                            ("readerFeatures", pa.list_(pa.string())), ("writerFeatures", pa.list_(pa.string()))])),
    ("domainMetadata", pa.struct([("domain", pa.string()), ("configuration", pa.string()), ("removed", pa.bool_())])),
])


class DeltaTable:
    def __init__(self, root: str, name: str, schema: pa.Schema, r, *, partition_by: str | None = None, comments=None,
                 configuration=None, protocol=None, clustering=None, user="system", row_tracking=False, stats_cols=()):
        self.root, self.name, self.schema, self.r = root, name, schema, r
        self.part = partition_by
        self.comments = comments or {}
        self.configuration = configuration or {}
        self.protocol = protocol or {"minReaderVersion": 1, "minWriterVersion": 2}
        self.clustering = clustering
        self.user = user
        self.row_tracking = row_tracking
        self.stats_cols = stats_cols
        self.version = -1
        self.live: dict[str, dict] = {}
        self.removed: dict[str, dict] = {}
        self.txns: dict[str, dict] = {}
        self.meta = None
        self.high_row = -1
        self.bytes_written = 0
        self.rows_appended = 0
        os.makedirs(os.path.join(root, "_delta_log"), exist_ok=True)

    # ---------------------------------------------------------------- low level
    def _commit(self, actions: list[dict], ts_ms: int, operation: str, params: dict, metrics: dict | None = None,
                blind: bool = True):
        self.version += 1
        ci = {"commitInfo": {"timestamp": ts_ms, "userId": self.user if self.user.isdigit() else "4480198233361502",
                             "userName": self.user, "operation": operation, "operationParameters": params,
                             "readVersion": self.version - 1 if self.version else None, "isolationLevel": "WriteSerializable",
                             "isBlindAppend": blind, "operationMetrics": metrics or {}, "engineInfo": ENGINE, "txnId": uuid4(self.r)}}
        if self.version == 0:
            del ci["commitInfo"]["readVersion"]
        lines = [json.dumps(ci, separators=(",", ":"))] + [json.dumps(a, separators=(",", ":")) for a in actions]
        path = os.path.join(self.root, "_delta_log", f"{self.version:020d}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.utime(path, (ts_ms / 1000, ts_ms / 1000))
        crc = {"txnId": ci["commitInfo"]["txnId"], "tableSizeBytes": sum(a["size"] for a in self.live.values()),
               "numFiles": len(self.live), "numMetadata": 1, "numProtocol": 1, "numDeletedRecordsOpt": 0,
               "numDeletionVectorsOpt": 0, "protocol": self.protocol, "metadata": self.meta}
        with open(os.path.join(self.root, "_delta_log", f"{self.version:020d}.crc"), "w", encoding="utf-8") as f:
            f.write(json.dumps(crc, separators=(",", ":")))
        if self.version > 0 and self.version % 10 == 0:
            self.checkpoint(ts_ms)

    def create(self, ts_ms: int, operation: str = "CREATE TABLE", description: str | None = None):
        self.meta = {"id": uuid4(self.r), "name": None, "description": description,
                     "format": {"provider": "parquet", "options": {}}, "schemaString": schema_string(self.schema, self.comments),
                     "partitionColumns": [self.part] if self.part else [], "configuration": self.configuration, "createdTime": ts_ms}
        actions = [{"protocol": self.protocol}, {"metaData": self.meta}]
        if self.clustering:
            actions.append({"domainMetadata": {"domain": "delta.clustering", "configuration": json.dumps({"clusteringColumns": [[c] for c in self.clustering]}), "removed": False}})
        params = {"partitionBy": json.dumps([self.part] if self.part else []), "clusterBy": json.dumps(self.clustering or []),
                  "description": description, "isManaged": "true", "properties": json.dumps(self.configuration)}
        self._commit(actions, ts_ms, operation, params)

    def add_columns(self, ts_ms: int, fields: list[pa.Field], comments: dict | None = None):
        self.schema = pa.schema(list(self.schema) + fields)
        self.comments.update(comments or {})
        self.meta = dict(self.meta, schemaString=schema_string(self.schema, self.comments))
        self._commit([{"metaData": self.meta}], ts_ms, "ADD COLUMNS",
                     {"columns": json.dumps([{"column": {"name": f.name, "type": arrow_to_delta(f.type), "nullable": True, "metadata": {}}} for f in fields])},
                     blind=False)

    def _stats(self, t: pa.Table) -> str:
        st = {"numRecords": t.num_rows, "minValues": {}, "maxValues": {}, "nullCount": {}}
        for name in t.column_names:
            col = t.column(name)
            st["nullCount"][name] = col.null_count
            if name in self.stats_cols and t.num_rows and col.null_count < t.num_rows:
                mm = pc.min_max(col)
                lo, hi = mm["min"].as_py(), mm["max"].as_py()
                if isinstance(lo, str):
                    lo, hi = lo[:32], hi[:32]
                st["minValues"][name] = _jsonable(lo)
                st["maxValues"][name] = _jsonable(hi)
        return json.dumps(st, separators=(",", ":"), ensure_ascii=False)

    def _write_file(self, t: pa.Table, ts_ms: int, split: int, pvals: dict, data_change: bool, tags: dict | None = None) -> dict:
        fname = f"part-{split:05d}-{uuid4(self.r)}-c000.snappy.parquet"
        rel = fname
        if self.part:
            rel = f"{self.part}={pvals[self.part]}/{fname}"
            os.makedirs(os.path.join(self.root, f"{self.part}={pvals[self.part]}"), exist_ok=True)
        full = os.path.join(self.root, rel)
        pq.write_table(t, full, compression="snappy", row_group_size=max(1000, min(t.num_rows, 20000)), write_statistics=True)
        os.utime(full, (ts_ms / 1000, ts_ms / 1000))
        size = os.path.getsize(full)
        self.bytes_written += size
        add = {"path": rel, "partitionValues": pvals, "size": size, "modificationTime": ts_ms, "dataChange": data_change,
               "stats": self._stats(t), "tags": tags or {"INSERTION_TIME": str(ts_ms * 1000), "MIN_INSERTION_TIME": str(ts_ms * 1000),
                                                          "MAX_INSERTION_TIME": str(ts_ms * 1000), "OPTIMIZE_TARGET_SIZE": "268435456"}}
        if self.row_tracking:
            add["baseRowId"] = self.high_row + 1
            add["defaultRowCommitVersion"] = self.version + 1
            self.high_row += t.num_rows
        self.live[rel] = add
        return add

    def _split(self, t: pa.Table, sizes: list[float]) -> list[pa.Table]:
        n = t.num_rows
        tot = sum(sizes)
        cuts, acc = [], 0.0
        for s in sizes[:-1]:
            acc += s
            cuts.append(int(round(n * acc / tot)))
        out, lo = [], 0
        for c in cuts + [n]:
            if c > lo:
                out.append(t.slice(lo, c - lo))
            lo = c
        return out

    # ---------------------------------------------------------------- operations
    def append(self, t: pa.Table, ts_ms: int, n_files: int = 1, operation: str = "WRITE", txn: tuple | None = None,
               params: dict | None = None):
        if t.num_rows == 0:
            return
        self.rows_appended += t.num_rows
        t = t.select([f.name for f in self.schema if f.name in t.column_names])
        missing = [f for f in self.schema if f.name not in t.column_names]
        for f in missing:
            t = t.append_column(f, pa.nulls(t.num_rows, f.type))
        adds = []
        groups = [({}, t)]
        if self.part:
            groups = []
            keys = t.column(self.part).to_pylist()
            uniq = sorted(set(keys))
            for k in uniq:
                mask = pc.equal(t.column(self.part), pa.scalar(k, t.schema.field(self.part).type))
                sub = t.filter(mask).drop_columns([self.part])
                groups.append(({self.part: k.isoformat() if hasattr(k, "isoformat") else str(k)}, sub))
        else:
            t = t
        split = 0
        for pv, sub in groups:
            sizes = [self.r.lognormvariate(0, 0.9) for _ in range(max(1, min(n_files, sub.num_rows)))]
            for piece in self._split(sub, sizes):
                adds.append({"add": self._write_file(piece, ts_ms, split, pv, True)})
                split += 1
        actions = []
        if txn:
            self.txns[txn[0]] = {"appId": txn[0], "version": txn[1], "lastUpdated": ts_ms}
            actions.append({"txn": self.txns[txn[0]]})
        actions += adds
        if self.row_tracking:
            actions.append({"domainMetadata": {"domain": "delta.rowTracking", "configuration": json.dumps({"rowIdHighWaterMark": self.high_row}), "removed": False}})
        metrics = {"numFiles": str(len(adds)), "numOutputRows": str(t.num_rows), "numOutputBytes": str(sum(a["add"]["size"] for a in adds))}
        p = params or ({"outputMode": "Append", "queryId": txn[0], "epochId": str(txn[1])} if txn else {"mode": "Append", "statsOnLoad": "false", "partitionBy": "[]"})
        self._commit(actions, ts_ms, operation, p, metrics)

    def optimize(self, ts_ms: int, select, n_out: int = 1, user: str | None = None):
        """Compact the live files chosen by select(add) into n_out files; the old ones stay on disk as tombstones."""
        chosen = [p for p, a in sorted(self.live.items()) if select(a)]
        if len(chosen) < 2:
            return
        by_part: dict[str, list[str]] = {}
        for p in chosen:
            key = json.dumps(self.live[p]["partitionValues"], sort_keys=True)
            by_part.setdefault(key, []).append(p)
        actions, split, rows, rm_bytes, add_bytes, n_add = [], 0, 0, 0, 0, 0
        for key, paths in sorted(by_part.items()):
            tabs = [pq.read_table(os.path.join(self.root, p)) for p in paths]
            big = pa.concat_tables(tabs, promote_options="default")
            want = self.schema if not self.part else pa.schema([f for f in self.schema if f.name != self.part])
            for f in want:
                if f.name not in big.column_names:
                    big = big.append_column(f, pa.nulls(big.num_rows, f.type))
            big = big.select([f.name for f in want])
            if "request_time" in big.column_names:
                big = big.sort_by([("request_time", "ascending")])
            rows += big.num_rows
            for p in paths:
                a = self.live.pop(p)
                rm = {"path": p, "deletionTimestamp": ts_ms, "dataChange": False, "extendedFileMetadata": True,
                      "partitionValues": a["partitionValues"], "size": a["size"]}
                self.removed[p] = rm
                actions.append({"remove": rm})
                rm_bytes += a["size"]
            sizes = [self.r.uniform(0.6, 1.4) for _ in range(n_out)]
            for piece in self._split(big, sizes):
                add = self._write_file(piece, ts_ms, split, json.loads(key), False)
                actions.append({"add": add})
                add_bytes += add["size"]
                n_add += 1
                split += 1
        if self.row_tracking:
            actions.append({"domainMetadata": {"domain": "delta.rowTracking", "configuration": json.dumps({"rowIdHighWaterMark": self.high_row}), "removed": False}})
        old_user = self.user
        self.user = user or self.user
        self._commit(actions, ts_ms, "OPTIMIZE", {"predicate": "[]", "zOrderBy": "[]", "clusterBy": json.dumps(self.clustering or []), "auto": "true"},
                     {"numRemovedFiles": str(len(chosen)), "numAddedFiles": str(n_add), "numRemovedBytes": str(rm_bytes),
                      "numAddedBytes": str(add_bytes), "numOutputRows": str(rows)}, blind=False)
        self.user = old_user

    def checkpoint(self, ts_ms: int):
        rows = []
        for t in self.txns.values():
            rows.append({"txn": t})
        for a in self.live.values():
            d = dict(a)
            d["partitionValues"] = list(d["partitionValues"].items())
            d["tags"] = list(d.get("tags", {}).items())
            rows.append({"add": d})
        for rm in self.removed.values():
            d = dict(rm)
            d["partitionValues"] = list(d["partitionValues"].items())
            rows.append({"remove": d})
        md = dict(self.meta)
        md["format"] = {"provider": "parquet", "options": []}
        md["configuration"] = list(md["configuration"].items())
        rows.append({"metaData": md})
        pr = dict(self.protocol)
        rows.append({"protocol": pr})
        if self.clustering:
            rows.append({"domainMetadata": {"domain": "delta.clustering", "configuration": json.dumps({"clusteringColumns": [[c] for c in self.clustering]}), "removed": False}})
        if self.row_tracking:
            rows.append({"domainMetadata": {"domain": "delta.rowTracking", "configuration": json.dumps({"rowIdHighWaterMark": self.high_row}), "removed": False}})
        tab = pa.Table.from_pylist(rows, schema=CKPT_SCHEMA)
        path = os.path.join(self.root, "_delta_log", f"{self.version:020d}.checkpoint.parquet")
        pq.write_table(tab, path, compression="snappy")
        os.utime(path, (ts_ms / 1000, ts_ms / 1000))
        with open(os.path.join(self.root, "_delta_log", "_last_checkpoint"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"version": self.version, "size": len(rows), "sizeInBytes": os.path.getsize(path),
                                "numOfAddFiles": len(self.live)}, separators=(",", ":")))
