"""The scan says when it read API keys as the accounts of logs that also name organisations, with the map that
judges organisations instead (the third probe's gateway log: a provider bills and bans organisations)."""

from __future__ import annotations

import duckdb

from antidistill.report.html import account_note
from antidistill.scan import _keys_of_organisations

KEYED = {"logs/a.jsonl": {"caller": "api_key_id", "api_key_id": "api_key_id", "org_id": "organization_id"}}


def _con(rows: list[tuple[str, str | None]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE exchanges (account_id VARCHAR, org_id VARCHAR)")
    con.executemany("INSERT INTO exchanges VALUES (?, ?)", rows)
    return con


def test_keys_of_several_organisations_are_named_with_the_map_to_use() -> None:
    con = _con([("k1", "org-a"), ("k2", "org-a"), ("k3", "org-b"), ("k3", "org-b")])
    keys = _keys_of_organisations(con, KEYED)
    assert keys == {"caller": "api_key_id", "organisation": "organization_id", "keys": 3, "organisations": 2}
    note = account_note({"accounts_are_keys": keys})
    assert note is not None and "3 keys of 2 organisations" in note
    assert "--map account_id=organization_id" in note


def test_no_note_where_the_account_is_not_a_key_or_no_organisation_holds_several() -> None:
    con = _con([("k1", "org-a"), ("k2", "org-b")])
    assert _keys_of_organisations(con, KEYED) is None  # one key per organisation: nothing to choose
    con = _con([("k1", "org-a"), ("k2", "org-a"), ("k3", "org-b")])
    assert _keys_of_organisations(con, {"f": {**KEYED["logs/a.jsonl"], "caller": "user_id"}}) is None
    assert _keys_of_organisations(con, {}) is None  # not the generic reader's mapping
    assert account_note({}) is None
