"""Request logs kept in the provider's own databases, handed over as dumps: pg_dump's plain format (``COPY ... FROM
stdin;`` blocks, ``ingest.pgdump``) and ``mongoexport``'s Extended JSON (``jsonlines.extended_json``). The calls
name a key and a project; who they belong to is in the dump's own tables (keys, projects, organisations, payment
methods), and a second product's users name their organisation by its public id."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import real_exchanges

from antidistill.ingest import ingest_paths, read_quarantine
from antidistill.ingest.jsonlines import elements_of
from antidistill.ingest.pgdump import copy_value, iter_pg_dump_rows
from antidistill.records import hash_identifier
from antidistill.store.duckdb_store import DuckDBStore

HEADER = """--
-- PostgreSQL database dump
--

\\restrict Zq3Lh0yWc5M2

-- Dumped from database version 17.6
-- Dumped by pg_dump version 17.6

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

"""


def _field(value: Any) -> str:
    """One value as PostgreSQL's text COPY format writes it (jsonb as pg prints it)."""
    if value is None:
        return "\\N"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def _copy(table: str, columns: list[str], rows: list[list[Any]]) -> str:
    body = "".join("\t".join(_field(v) for v in r) + "\n" for r in rows)
    return (f"--\n-- Data for Name: {table}; Type: TABLE DATA; Schema: public; Owner: api\n--\n\n"
            f"COPY public.{table} ({', '.join(columns)}) FROM stdin;\n{body}\\.\n\n\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(HEADER + text + "--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict Zq3Lh0yWc5M2\n")


ORGS = {f"org-{o}": f"9d0c6a1e-0000-4000-8000-00000000000{o}" for o in range(4)}  # real_exchanges' orgs -> uuids
CARDS = {0: "fp_shared", 1: "fp_shared", 2: "fp_b", 3: "fp_c"}


def _dumps(tmp_path: Path, shared_data: Path) -> pa.Table:
    """A request partition and a directory dump of real calls: each call names its key and its project (the
    account); keys name projects, projects organisations, and the organisations' cards are in their own table."""
    table = real_exchanges(shared_data, 160)
    calls = table.to_pylist()
    accounts = sorted({c["account_id"] for c in calls})
    project = {a: f"5f1e2d3c-0000-4000-8000-000000000{int(a[-3:]):03d}" for a in accounts}
    rows = []
    for c in calls:
        body = {"model": c["model"], "messages": c["messages"], "temperature": 0.7}
        response = None if c["response_text"] is None else {
            "id": c["exchange_id"], "object": "chat.completion", "model": c["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": c["response_text"]},
                         "finish_reason": "stop"}]}
        rows.append([c["exchange_id"], c["ts_start"].strftime("%Y-%m-%d %H:%M:%S.%f+00"), project[c["account_id"]],
                     c["api_key_id"], c["model"], 500 if response is None else 200, c["client_ip"], c["user_agent"],
                     body, response])
    columns = ["id", "created_at", "project_id", "api_key_id", "model", "status_code", "client_ip", "user_agent",
               "request_body", "response_body"]
    day = calls[0]["ts_start"].strftime("%Y_%m_%d")
    text = _copy(f"api_requests_{day}", columns, rows[:100])
    # a row the dump cut (one field short): quarantined with its line, the rest of the block read
    text = text.replace("\\.\n", "\t".join(_field(v) for v in rows[0][:-1]) + "\n\\.\n", 1)
    text += _copy(f"api_requests_{day}b", columns, rows[100:])
    _write(tmp_path / "dumps" / f"pgdump_api_requests_{day}.sql.gz", text)
    keys = sorted({(c["api_key_id"], c["account_id"]) for c in calls})
    directory = (
        _copy("api_keys", ["id", "project_id", "key_prefix", "created_at"],
              [[k, project[a], "osk-proj-" + k[-5:], "2026-01-05 10:00:00+00"] for k, a in keys])
        + _copy("billing_payment_methods", ["id", "organization_id", "type", "fingerprint", "created_at"],
                [[f"pm_{o}", ORGS[f"org-{o}"], "card", CARDS[o], "2026-01-02 09:00:00+00"] for o in range(4)])
        + _copy("organizations", ["id", "public_id", "name", "plan", "created_at"],
                [[uid, pub, f"Org {pub}", f"tier-{int(pub[-1]) + 1}", f"2026-01-0{int(pub[-1]) + 1} 08:00:00+00"]
                 for pub, uid in ORGS.items()])
        + _copy("projects", ["id", "organization_id", "name", "created_at"],
                [[project[a], ORGS[f"org-{int(a[-3:]) % 4}"], "default", "2026-01-05 09:00:00+00"] for a in accounts]))
    _write(tmp_path / "dumps" / "pgdump_directory.sql.gz", directory)
    return table


def test_copy_values_are_read_as_pg_dump_writes_them() -> None:
    assert copy_value("\\N") is None
    assert copy_value("a\\tb\\nc\\\\d") == "a\tb\nc\\d"
    assert copy_value("\\101\\x42") == "AB"  # octal and hex escapes
    assert copy_value('{"a": 1, "b": [1, 2]}') == {"a": 1, "b": [1, 2]}  # jsonb
    assert copy_value("{all,read}") == "{all,read}"  # a PostgreSQL array stays text
    assert copy_value("200") == 200 and copy_value("007") == "007" and copy_value("t") == "t"


def test_a_pg_dump_of_the_request_table_and_its_directory(tmp_path: Path, shared_data: Path) -> None:
    table = _dumps(tmp_path, shared_data)
    rows = list(iter_pg_dump_rows(tmp_path / "dumps" / "pgdump_directory.sql.gz"))
    assert {r.value["_table"] for r in rows} == {"api_keys", "billing_payment_methods", "organizations", "projects"}
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([tmp_path / "dumps"], db, progress=False, quarantine_path=tmp_path / "q.jsonl")
        stored = db.connection.execute(
            "SELECT exchange_id, org_id, payment_fingerprint, account_tier, api_key_id, messages FROM exchanges"
        ).fetchall()
    assert report.rows_inserted == table.num_rows  # every call of both COPY blocks
    assert [d.path for d in report.directories] == [str(tmp_path / "dumps" / "pgdump_directory.sql.gz")]
    bad = read_quarantine(tmp_path / "q.jsonl")
    assert len(bad) == 1 and "has 9 fields, its COPY line names 10 columns" in bad[0].reason
    assert bad[0].file.endswith(".sql.gz") and (bad[0].line or 0) > 20
    want = {r["exchange_id"]: r for r in table.to_pylist()}
    for ex_id, org, pay, tier, key, messages in stored:
        src = want[ex_id]
        o = int(src["org_id"][-1])
        assert org == ORGS[src["org_id"]]  # key -> project -> organisation
        assert pay == hash_identifier(CARDS[o])  # the organisation's card, from its own table
        assert tier == f"tier-{o + 1}" and key == src["api_key_id"]
        assert [m["content"] for m in messages] == [m["content"] for m in src["messages"]]


def _oid(i: int) -> str:
    return f"6a1b2c3d4e5f60718293{i:04x}"


def test_a_mongoexport_of_conversations_and_users(tmp_path: Path, shared_data: Path) -> None:
    """Conversations name their user by ObjectId, times are ``$date`` objects (relaxed mode) and the users
    (``--jsonArray`` in canonical mode) name the API organisation by its public id, which the directory dump of
    the API resolves to the organisation itself."""
    table = _dumps(tmp_path, shared_data)
    calls = table.to_pylist()
    out = tmp_path / "dumps" / "mongodb"
    out.mkdir()
    lines = []
    for i, c in enumerate(calls[:60]):
        t = c["ts_start"]
        turns = [{"turnId": f"t{i}-{k}", "role": m["role"], "content": m["content"],
                  "createdAt": {"$date": (t + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%S.000Z")}}
                 for k, m in enumerate(c["messages"])]
        turns.append({"turnId": f"t{i}-a", "role": "assistant", "content": c["response_text"] or "",
                      "model": "ostra-4", "usage": {"inputTokens": 40, "outputTokens": {"$numberLong": "120"}},
                      "createdAt": {"$date": (t + dt.timedelta(seconds=9)).strftime("%Y-%m-%dT%H:%M:%S.000Z")}})
        lines.append(json.dumps({"_id": {"$oid": _oid(1000 + i)}, "userId": {"$oid": _oid(i % 6)},
                                 "createdAt": {"$date": t.strftime("%Y-%m-%dT%H:%M:%S.000Z")}, "model": "ostra-4",
                                 "client": {"ip": f"198.51.100.{i % 50}", "userAgent": "OstralaChat/3.1"},
                                 "turns": turns}, ensure_ascii=False))
    (out / "chat.conversations.json").write_text("\n".join(lines) + "\n", encoding="utf-8")
    users = [{"_id": {"$oid": _oid(u)}, "createdAt": {"$date": {"$numberLong": str(1767225600000 + u * 86_400_000)}},
              "plan": "pro", "apiOrgId": f"org-{u % 4}" if u < 4 else None,
              "billing": {"cardFingerprint": f"fp-user-{u}"}} for u in range(6)]
    (out / "chat.users.json").write_text(json.dumps(users), encoding="utf-8")
    first = next(iter(elements_of(out / "chat.conversations.json"))).value
    assert first["userId"] == _oid(0) and first["turns"][-1]["usage"]["outputTokens"] == 120
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        ingest_paths([tmp_path / "dumps"], db, progress=False)
        chat = db.connection.execute(
            "SELECT account_id, any_value(org_id), any_value(payment_fingerprint), min(account_created_at), count(*) "
            "FROM exchanges WHERE account_id LIKE '6a1b%' GROUP BY 1 ORDER BY 1").fetchall()
    assert [r[0] for r in chat] == [_oid(u) for u in range(6)]  # the user, not the address, is the caller
    assert sum(r[4] for r in chat) == 60
    for u, (_, org, pay, created, _) in enumerate(chat):
        # the public id of the user's organisation read as the organisation the API's calls carry
        assert org == (ORGS[f"org-{u}"] if u < 4 else None)
        assert pay == hash_identifier(f"fp-user-{u}")
        assert created == dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=u)


@pytest.mark.parametrize("cut", ["inside", "unreadable"])
def test_a_dump_cut_short_says_so(tmp_path: Path, cut: str) -> None:
    path = tmp_path / "d.sql"
    text = HEADER + _copy("t", ["id", "v"], [[i, f"row {i} " + "x" * (i % 97)] for i in range(1, 20001)])
    path.write_text(text.replace("\\.\n", "") if cut == "inside" else text, encoding="utf-8")
    if cut == "unreadable":
        gz = tmp_path / "d.sql.gz"
        data = gzip.compress(text.encode())
        gz.write_bytes(data[:len(data) // 2])
        path = gz
    rows = list(iter_pg_dump_rows(path))
    read = [r.value["id"] for r in rows if r.error is None]
    assert read == list(range(1, len(read) + 1)) and len(read) > (100 if cut == "unreadable" else 19999)
    assert rows[-1].fatal and ("ends inside the COPY block of table 't'" in (rows[-1].error or "")
                               or "unreadable pg_dump file" in (rows[-1].error or ""))
