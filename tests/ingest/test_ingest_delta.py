"""A Delta table handed over as it sits in storage (a Databricks inference table): the scan reads the files the
table holds at its last version, not every Parquet file of the folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths
from antidistill.ingest.pipeline import resolve_sources
from antidistill.records import EXCHANGE_SCHEMA

T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def _row(i: int, requester: str) -> dict[str, Any]:
    """One call as a Databricks AI Gateway inference table logs it: the bodies as JSON text, the caller a
    user or service principal (``requester``)."""
    request = {"messages": [{"role": "user", "content": f"Question {i}: how many legs have {i} spiders?"}],
               "max_tokens": 256}
    response = {"id": f"chatcmpl-{i}", "object": "chat.completion", "model": "prov-chat-2",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": f"{8 * i} legs."}}],
                "usage": {"prompt_tokens": 14, "completion_tokens": 4, "total_tokens": 18}}
    return {"request_date": (T0 + dt.timedelta(minutes=i)).date(), "databricks_request_id": f"db-{i:04d}",
            "client_request_id": None, "request_time": T0 + dt.timedelta(minutes=i), "status_code": 200,
            "sampling_fraction": 1.0, "execution_duration_ms": 410, "request": json.dumps(request),
            "response": json.dumps(response), "served_entity_id": "ent-7", "logging_error_codes": [],
            "requester": requester}


def _write(root: Path, name: str, ids: range) -> str:
    """A data file of rows ``ids`` under the table's date partition; its path as the log names it."""
    rel = f"request_date=2026-05-04/{name}"
    (root / "request_date=2026-05-04").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([_row(i, f"sp-{i % 4}@svc") for i in ids]), root / rel)
    return rel


def _commit(root: Path, version: int, *actions: dict[str, Any]) -> None:
    log = root / "_delta_log"
    log.mkdir(parents=True, exist_ok=True)
    info = {"commitInfo": {"timestamp": 1777880000000 + version, "operation": "WRITE"}}
    lines = [json.dumps(a) for a in (info, *actions)]
    (log / f"{version:020d}.json").write_text("\n".join(lines) + "\n")


def _add(path: str, **extra: Any) -> dict[str, Any]:
    return {"add": {"path": path, "size": 1, "dataChange": True,
                    "modificationTime": 0, **extra}}


def _remove(path: str) -> dict[str, Any]:
    return {"remove": {"path": path, "deletionTimestamp": 1777880000000, "dataChange": False}}


def _read(tmp_path: Path, folder: Path) -> tuple[list[str], list[str], IngestReport]:
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([folder], report=report, quarantine=q, workers=1))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    return table.column("exchange_id").to_pylist(), table.column("account_id").to_pylist(), report


def _reasons(report: IngestReport) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in report.skipped}


def test_the_files_a_compaction_and_a_delete_replaced_and_a_failed_write_left_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "export" / "serving_payload"
    small = [_write(root, f"part-0000{k}-a{k}.c000.snappy.parquet", range(10 * k, 10 * k + 10)) for k in range(3)]
    _commit(root, 0, *(_add(p) for p in small))
    big = _write(root, "part-00000-big.c000.snappy.parquet", range(30))  # OPTIMIZE: the same 30 rows in one file
    _commit(root, 1, *(_remove(p) for p in small), _add(big))
    kept = _write(root, "part-00000-del.c000.snappy.parquet", [i for i in range(30) if i % 4 != 3])  # DELETE sp-3
    _commit(root, 2, _remove(big), _add(kept))
    _write(root, "part-00009-failed.c000.snappy.parquet", range(100, 140))  # a failed write no commit adds
    ids, accounts, report = _read(tmp_path, tmp_path / "export")
    assert sorted(ids) == [f"db-{i:04d}" for i in range(30) if i % 4 != 3]  # the table now: every row once
    assert set(accounts) == {"sp-0@svc", "sp-1@svc", "sp-2@svc"}  # the requester is the caller
    reasons = _reasons(report)
    assert reasons["part-00001-a1.c000.snappy.parquet"].startswith("removed from Delta table serving_payload at "
                                                                    "version 1")
    assert reasons["part-00000-big.c000.snappy.parquet"].startswith("removed from Delta table serving_payload at "
                                                                     "version 2")
    assert reasons["part-00009-failed.c000.snappy.parquet"] == ("not a data file of Delta table serving_payload at "
                                                                "version 2 (no commit adds it)")
    assert reasons["00000000000000000002.json"] == ("Delta transaction log of table serving_payload (replayed to "
                                                    "version 2)")
    assert [Path(f.path).name for f in report.files] == ["part-00000-del.c000.snappy.parquet"]


def test_a_checkpoint_stands_for_the_commits_before_it_and_encoded_paths_are_decoded(tmp_path: Path) -> None:
    """Log clean-up deletes commits older than a checkpoint: the checkpoint's actions, then the later commits.
    Paths are URL-encoded in the log (``%3D`` for ``=``)."""
    root = tmp_path / "payload"
    first = _write(root, "part-00000-x.c000.snappy.parquet", range(0, 12))
    second = _write(root, "part-00001-y.c000.snappy.parquet", range(12, 20))
    checkpoint = pa.table({"add": pa.array([{"path": first.replace("=", "%3D"), "size": 1}, None]),
                           "remove": pa.array([None, {"path": "request_date=2026-05-04/gone.parquet"}])})
    (root / "_delta_log").mkdir()
    pq.write_table(checkpoint, root / "_delta_log" / f"{5:020d}.checkpoint.parquet")
    (root / "_delta_log" / "_last_checkpoint").write_text(json.dumps({"version": 5, "size": 2}))
    _commit(root, 6, _add(second))
    ids, _, report = _read(tmp_path, root)
    assert sorted(ids) == [f"db-{i:04d}" for i in range(20)]
    assert _reasons(report)[f"{5:020d}.checkpoint.parquet"] == ("Delta transaction log of table payload (replayed "
                                                                "to version 6)")


def test_a_log_that_cannot_be_replayed_reads_the_folder_and_says_why(tmp_path: Path) -> None:
    root = tmp_path / "payload"
    a = _write(root, "part-00000-a.c000.snappy.parquet", range(0, 5))
    _write(root, "part-00001-b.c000.snappy.parquet", range(5, 9))
    _commit(root, 0, _add(a))
    _commit(root, 2, _add("request_date=2026-05-04/part-00001-b.c000.snappy.parquet"))  # commit 1 is missing
    ids, _, report = _read(tmp_path, root)
    assert sorted(ids) == [f"db-{i:04d}" for i in range(9)]
    assert _reasons(report)[f"{0:020d}.json"] == (
        "Delta transaction log of table payload (log not replayed: commit 00000000000000000001.json is missing; "
        "every Parquet file of the folder is read)")


def test_deletion_vectors_are_reported_not_applied(tmp_path: Path) -> None:
    root = tmp_path / "payload"
    a = _write(root, "part-00000-a.c000.snappy.parquet", range(0, 6))
    _commit(root, 0, _add(a, deletionVector={"storageType": "u", "pathOrInlineDv": "ab^-aqEH.-t@S}K{vb[*k^",
                                             "offset": 4, "sizeInBytes": 40, "cardinality": 2}))
    sources, skipped = resolve_sources([root])
    assert [s.path.name for s in sources] == ["part-00000-a.c000.snappy.parquet"]
    assert skipped[0].reason == ("Delta transaction log of table payload (replayed to version 0; 1 of its data "
                                 "files carry deletion vectors, not applied: the rows deleted in place are read)")


def _table(root: Path, rows: list[dict[str, Any]]) -> None:
    """A one-file Delta table of ``rows``."""
    root.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), root / "part-00000-a.c000.snappy.parquet")
    _commit(root, 0, _add("part-00000-a.c000.snappy.parquet"))


def test_an_inference_table_is_completed_by_the_front_doors_log_and_the_key_registry(tmp_path: Path) -> None:
    """The payload table has the conversations and the requester; the provider's front-door log has each call's
    key, organisation, address, user agent and network (joined on the request id the front door passed on); its
    key registry has each key's plan, sign-up programme, payment method and creation time (joined on the key id
    the front-door log gave the call). Each call is read once, with all of it; the other tables are context."""
    export = tmp_path / "export"
    payload = [_row(i, f"sp-{i % 3}") | {"client_request_id": f"req_{i:026d}" if i != 7 else None}
               for i in range(12)]
    _table(export / "inference" / "payload", payload)
    _table(export / "frontdoor" / "access_log", [
        {"request_id": f"req_{i:026d}", "event_time": T0 + dt.timedelta(minutes=i), "api_key_id": f"mk-{i % 3:020d}",
         "org_id": f"org-{i % 3 // 2}", "client_ip": f"203.0.113.{i % 3}", "user_agent": "meridian-py/1.4",
         "client_asn": "AS16509 AMAZON-02", "model": "prov-chat-2", "status": 200, "duration_ms": 400}
        for i in range(12) if i != 7])
    _table(export / "billing" / "keys", [
        {"api_key_id": f"mk-{k:020d}", "requester": f"sp-{k}", "org_id": f"org-{k // 2}", "plan": "free",
         "signup_program": "education" if k else "direct", "payment_fingerprint": "pm_shared" if k else "pm_own",
         "key_created_at": T0 - dt.timedelta(days=k + 1)} for k in range(3)])
    table = pa.Table.from_batches(list(read_paths([export], workers=1)), schema=EXCHANGE_SCHEMA)
    rows = {r["exchange_id"] or "": r for r in table.to_pylist()}
    assert len(rows) == 12  # every call once, not once more from the access log under its key
    assert [r["account_id"] for r in table.to_pylist()] == [f"sp-{i % 3}" for i in range(12)]
    first = rows[f"req_{1:026d}"]
    assert (first["api_key_id"], first["org_id"], first["client_ip"], first["user_agent"], first["asn"]) == (
        f"mk-{1:020d}", "org-0", "203.0.113.1", "meridian-py/1.4", 16509)
    assert (first["account_tier"], first["access_path"], first["account_created_at"]) == (
        "free", "education", T0 - dt.timedelta(days=2))
    assert first["payment_fingerprint"] == rows[f"req_{2:026d}"]["payment_fingerprint"] != \
        rows[f"req_{3:026d}"]["payment_fingerprint"] != "pm_own"  # hashed, equal where the card is
    alone = next(r for r in table.to_pylist() if r["api_key_id"] is None)  # the call the front door has no record of
    assert alone["account_id"] == "sp-1" and alone["messages"][-1]["content"].startswith("Question 7:")
    sources, skipped = resolve_sources([export])
    assert [s.path.parent.name for s in sources] == ["payload"]
    reasons = {Path(s.path).parent.name: s.reason for s in skipped if not s.reason.startswith("Delta transaction")}
    assert reasons == {"access_log": "context of table payload: joined to table access_log on client_request_id = "
                                     "request_id",
                       "keys": "context of table payload: joined to table keys on api_key_id = api_key_id"}
