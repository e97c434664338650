"""Account directories read beside the logs (``antidistill.ingest.directory``): a provider's snapshot of its
organisations, members, projects and keys fills the calls' payment fingerprint, creation time, plan and
organisation, which trace and request logs do not carry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import real_exchanges
from otel_convert import write_otel_jsonl

from antidistill.errors import InputError
from antidistill.ingest import ingest_paths, read_quarantine
from antidistill.ingest.directory import is_entity_record, looks_like_directory
from antidistill.records import hash_identifier
from antidistill.store.duckdb_store import DuckDBStore

UTC = dt.UTC


def _calls(tmp_path: Path, shared_data: Path, n: int = 120) -> pa.Table:
    """Real prompts as OpenTelemetry spans (which carry no payment, creation time or plan), in ``logs/``."""
    table = real_exchanges(shared_data, n)
    (tmp_path / "logs").mkdir(exist_ok=True)
    write_otel_jsonl(table, tmp_path / "logs" / "traces.jsonl")
    return table


def _org_record(org: int, accounts: list[str], card: str) -> dict[str, Any]:
    """One organisation as a provider's directory export writes it: its card, plan and time, members and keys
    nested (the thirteenth probe's shape)."""
    return {
        "org_id": f"org-{org}", "created_at": f"2026-01-0{org + 1}T08:00:00Z", "tier": f"tier-{org + 1}",
        "billing": {"payment_method_fingerprint_sha256": card},
        "members": [{"account_id": a, "created_at": 1767600000 + 3600 * int(a[-3:]), "country": "DE"}
                    for a in accounts],
        "api_keys": [{"id": f"key-{a[-3:]}-0", "account_id": a, "created_at": "2026-02-01T00:00:00Z"}
                     for a in accounts],
    }


def _stored(db: DuckDBStore) -> dict[str, tuple[Any, ...]]:
    rows = db.connection.execute(
        "SELECT account_id, any_value(payment_fingerprint), any_value(account_created_at), any_value(account_tier),"
        " count(DISTINCT payment_fingerprint), count(*) - count(payment_fingerprint) FROM exchanges GROUP BY 1"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_directory_beside_the_traces_fills_payment_creation_time_and_plan(tmp_path: Path, shared_data: Path) -> None:
    table = _calls(tmp_path, shared_data)
    accounts = sorted(set(table.column("account_id").to_pylist()))
    by_org: dict[int, list[str]] = {}
    for a in accounts:  # real_exchanges puts acct-N in org-(N % 4)
        by_org.setdefault(int(a[-3:]) % 4, []).append(a)
    cards = {0: "card-A", 1: "card-A", 2: "card-B", 3: "card-C"}  # orgs 0 and 1 pay with one card
    folder = tmp_path / "logs" / "directory" / "snapshot=2026-03-01"
    folder.mkdir(parents=True)
    (folder / "orgs.jsonl").write_text("\n".join(json.dumps(_org_record(o, a, cards[o])) for o, a in by_org.items())
                                       + "\n")
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([tmp_path / "logs"], db, progress=False)
        stored = _stored(db)
    assert report.rows_inserted == table.num_rows
    assert [d.path for d in report.directories] == [str(folder / "orgs.jsonl")]
    assert report.directories[0].records == 4 and report.directories[0].entities == 4 + 2 * len(accounts)
    assert not any("orgs.jsonl" in s.path for s in report.skipped)  # read, not skipped
    assert report.calls_filled == table.num_rows
    for a in accounts:
        pay, created, tier, distinct_pay, missing = stored[a]
        org = int(a[-3:]) % 4
        assert pay == hash_identifier(cards[org])  # stored hashed, as the readers store a logged one
        assert created == dt.datetime.fromtimestamp(1767600000 + 3600 * int(a[-3:]), UTC)  # the member's own
        assert tier == f"tier-{org + 1}"  # the organisation's plan
        assert distinct_pay == 1 and missing == 0
    assert "card-A" not in (tmp_path / "db.duckdb").read_bytes().decode("latin-1")
    # two organisations on one card: the tie the linkage reads
    assert stored[by_org[0][0]][0] == stored[by_org[1][0]][0] != stored[by_org[2][0]][0]
    assert "directories" in report.to_summary() and "account directory" in report.summary()


def test_an_openai_style_organization_object_fills_its_projects_calls(tmp_path: Path, shared_data: Path) -> None:
    """``{"id", "object": "organization", "projects": [...], "members": [...]}``: the calls' account is a project
    id; the organisation's card and plan reach it, with the project's own creation time."""
    table = _calls(tmp_path, shared_data, 60)
    accounts = sorted(set(table.column("account_id").to_pylist()))
    record = {"id": "org-x", "object": "organization", "name": "Personal", "created_at": 1700000000,
              "usage_tier": "tier-2", "verified": False,
              "billing": {"payment_method_fingerprint": "pm_fp_1", "card_brand": "visa"},
              "projects": [{"id": a, "name": "Default project", "created_at": 1710000000 + i, "status": "active"}
                           for i, a in enumerate(accounts)],
              "members": [{"user_id": "user-1", "role": "owner", "email_domain": "example.com"}]}
    assert is_entity_record(record)  # members with roles are people, not a conversation
    (tmp_path / "logs" / "organizations.jsonl").write_text(json.dumps(record) + "\n")
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        ingest_paths([tmp_path / "logs"], db, progress=False)
        stored = _stored(db)
    for i, a in enumerate(accounts):
        assert stored[a][:3] == (hash_identifier("pm_fp_1"), dt.datetime.fromtimestamp(1710000000 + i, UTC), "tier-2")


def test_logged_values_are_kept_and_a_later_directory_fills_calls_stored_before(tmp_path: Path,
                                                                                shared_data: Path) -> None:
    table = _calls(tmp_path, shared_data, 60)
    accounts = sorted(set(table.column("account_id").to_pylist()))
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        first = ingest_paths([tmp_path / "logs"], db, progress=False)
        assert first.calls_filled == 0 and not first.directories
        db.connection.execute("UPDATE exchanges SET payment_fingerprint = 'logged' WHERE account_id = ?",
                              [accounts[0]])
        snapshot = tmp_path / "snapshot.jsonl"
        snapshot.write_text(json.dumps({"org_id": "org-all", "tier": "free", "payment_fingerprint": "card-Z",
                                        "members": [{"account_id": a} for a in accounts]}) + "\n")
        second = ingest_paths([snapshot], db, progress=False)  # a directory named alone is read, not refused
        stored = _stored(db)
    assert second.rows_inserted == 0 and len(second.directories) == 1
    assert stored[accounts[0]][0] == "logged" and stored[accounts[0]][2] == "free"
    assert all(stored[a][0] == hash_identifier("card-Z") for a in accounts[1:])


def test_unreadable_directory_lines_are_quarantined_with_file_and_line(tmp_path: Path, shared_data: Path) -> None:
    _calls(tmp_path, shared_data, 40)
    path = tmp_path / "logs" / "orgs.jsonl"
    good = [_org_record(o, [f"acct-{o:03d}"], f"card-{o}") for o in range(3)]
    bad_time = {**_org_record(3, ["acct-003"], "card-3"), "created_at": "not a time"}
    path.write_text("\n".join([json.dumps(good[0]), json.dumps(good[1]), json.dumps(good[2]), "{not json",
                               json.dumps(bad_time)]) + "\n")
    q = tmp_path / "q.jsonl"
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([tmp_path / "logs"], db, progress=False, quarantine_path=q)
    d = report.directories[0]
    assert (d.records, d.rows_quarantined) == (5, 2)
    assert report.rows_quarantined == d.rows_quarantined + sum(f.rows_quarantined for f in report.files)
    rows = [r for r in read_quarantine(q) if r.file == str(path)]
    assert sorted(r.line for r in rows) == [4, 5]
    assert next(r for r in rows if r.line == 5).field == "created_at"
    with DuckDBStore(tmp_path / "db2.duckdb") as db, pytest.raises(InputError) as err:
        ingest_paths([path], db, progress=False, strict=True)
    assert "orgs.jsonl" in str(err.value) and "line 4" in str(err.value)


def test_records_that_only_have_an_id_and_a_time_are_no_directory() -> None:
    """A Langfuse score, a trace record or an audit event has an ``id`` and a ``created_at`` too; none of them
    names an entity or says what a directory says."""
    score = {"id": "s-1", "created_at": "2026-03-02T01:00:00Z", "name": "helpfulness", "observation_id": "o-1",
             "project_id": "p-1", "data_type": "NUMERIC", "string_value": None}
    call = {"id": "c-1", "model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tier": "pro",
            "user": {"id": "u-1"}}
    assert not is_entity_record(score) and not is_entity_record(call)
    assert not looks_like_directory([score, score]) and not looks_like_directory([])
    assert is_entity_record({"account_id": "a-1", "created_at": "2026-03-02T01:00:00Z"})
    assert is_entity_record({"id": "u-1", "object": "user", "created_at": 1700000000})
    assert looks_like_directory([{"key_id": "k-1", "account_id": "a-1", "plan": "free"}])


def test_admin_api_listings_and_a_csv_export_are_directories(tmp_path: Path, shared_data: Path) -> None:
    """The shapes a provider's own admin APIs list (OpenAI's ``organization.project`` and
    ``organization.project.api_key`` objects, Anthropic's users with ``added_at``), saved as the list pages they
    come in, and a CSV export of an accounts table."""
    table = _calls(tmp_path, shared_data, 80)
    accounts = sorted(set(table.column("account_id").to_pylist()))
    keys = sorted(set(table.column("api_key_id").to_pylist()))
    logs = tmp_path / "logs"
    projects = {"object": "list", "first_id": accounts[0], "last_id": accounts[2], "has_more": False,
                "data": [{"object": "organization.project", "id": a, "name": f"Project {a}",
                          "created_at": 1711471533 + i, "archived_at": None, "status": "active"}
                         for i, a in enumerate(accounts[:3])]}
    (logs / "projects.json").write_text(json.dumps(projects))
    api_keys = {"object": "list", "has_more": False,
                "data": [{"object": "organization.project.api_key", "redacted_value": "sk-abc...def", "name": k,
                          "created_at": 1711000000 + i, "id": k,
                          "owner": {"type": "user", "user": {"object": "organization.project.user", "id": "user_1",
                                                             "role": "owner", "added_at": 1711000000}}}
                         for i, k in enumerate(keys)]}
    (logs / "api_keys.json").write_text(json.dumps(api_keys))
    users = {"data": [{"id": accounts[3], "type": "user", "email": "dev@example.com", "name": "Dev",
                       "role": "developer", "added_at": "2024-10-30T23:58:27.427722Z"}],
             "has_more": False, "first_id": accounts[3], "last_id": accounts[3]}
    (logs / "users.json").write_text(json.dumps(users))
    rows = ["account_id,org_id,created_at,payment_fingerprint,tier,signup_program"] + [
        f"{a},org-{i % 2},2026-01-1{i}T00:00:00Z,card-{i % 2},tier-3,education" for i, a in enumerate(accounts[4:8])]
    (logs / "accounts.csv").write_text("\n".join(rows) + "\n")
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([logs], db, progress=False)
        created = dict(db.connection.execute(
            "SELECT account_id, any_value(account_created_at) FROM exchanges GROUP BY 1").fetchall())
        pay = dict(db.connection.execute(
            "SELECT account_id, any_value(payment_fingerprint) FROM exchanges GROUP BY 1").fetchall())
        path = dict(db.connection.execute(
            "SELECT account_id, any_value(access_path) FROM exchanges GROUP BY 1").fetchall())
        stored = db.connection.execute("SELECT kind, count(*) FROM account_directory GROUP BY 1 ORDER BY 1").fetchall()
    assert sorted(Path(d.path).name for d in report.directories) == ["accounts.csv", "api_keys.json",
                                                                     "projects.json", "users.json"]
    assert dict(stored) == {"account": 3 + 1 + 4, "key": len(keys)}
    for i, a in enumerate(accounts[:3]):  # a project's own time, before its key's
        assert created[a] == dt.datetime.fromtimestamp(1711471533 + i, UTC)
    assert created[accounts[3]] == dt.datetime(2024, 10, 30, 23, 58, 27, 427722, UTC)  # a user's added_at
    for i, a in enumerate(accounts[4:8]):
        assert created[a] == dt.datetime(2026, 1, 10 + i, tzinfo=UTC) and pay[a] == hash_identifier(f"card-{i % 2}")
        assert path[a] == "education"  # the sign-up programme, the access path the reports name
    assert all(path[a] is None for a in accounts[:4])
    for a in accounts[8:]:  # no entity of its own: its key's creation time
        assert created[a] is not None and pay[a] is None
