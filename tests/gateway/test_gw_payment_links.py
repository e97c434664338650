"""Payment fingerprints in the key store, and campaign links made on the decision path (first request refused)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from gw_stack import admin_headers, stack_with

from antidistill.cli import app
from antidistill.errors import ConfigError
from antidistill.gateway.eventlog import read_events
from antidistill.gateway.keys import KeyStore, check_payment_fingerprint

CARD = "36c757dd5d73eaf585fc239712b04631"  # an opaque fingerprint as the demo scenario's billing carries it
CHAT = {"model": "mock-1", "messages": [{"role": "user", "content": "Explain step by step: 2 + 2?"}]}

# The key store's first schema, before payment fingerprints: an old store file looks like this.
OLD_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keys (
  key_id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, account_id TEXT NOT NULL, org_id TEXT,
  tier TEXT, access_path TEXT, created_at TEXT NOT NULL, revoked_at TEXT
);
"""


def test_payment_fingerprint_is_stored_and_read_back(tmp_path: Path) -> None:
    store = KeyStore(path=tmp_path / "keys.sqlite")
    key, info = store.create("acct-1", org_id="org-1", payment_fingerprint=f"  {CARD} ")
    plain, _ = store.create("acct-2")
    assert info.payment_fingerprint == CARD
    store.close()
    reopened = KeyStore(path=tmp_path / "keys.sqlite")  # from disk, not from the lookup cache
    found = reopened.lookup(key)
    assert found is not None and found.payment_fingerprint == CARD and found.org_id == "org-1"
    other = reopened.lookup(plain)
    assert other is not None and other.payment_fingerprint is None
    assert {a.account_id: a.payment_fingerprint for a in reopened.accounts()} == {"acct-1": CARD, "acct-2": None}


def test_an_old_key_store_is_migrated_and_its_keys_still_work(tmp_path: Path) -> None:
    path = tmp_path / "keys.sqlite"
    db = sqlite3.connect(str(path))
    db.executescript(OLD_SCHEMA)
    salt = "00" * 16
    old_key = "ad-0123456789ab-oldsecret"
    db.execute("INSERT INTO meta VALUES ('salt', ?)", (salt,))
    db.execute("INSERT INTO keys VALUES (?,?,?,?,?,?,?,NULL)",
               ("0123456789ab", hmac.new(bytes.fromhex(salt), old_key.encode(), hashlib.sha256).hexdigest(),
                "acct-old", "org-9", "tier1", "direct_api", "2026-03-01T00:00:00+00:00"))
    db.commit()
    db.close()
    store = KeyStore(path=path)
    columns = [r[1] for r in sqlite3.connect(str(path)).execute("PRAGMA table_info(keys)")]
    assert columns[-1] == "payment_fingerprint" and len(columns) == 9
    old = store.lookup(old_key)
    assert old is not None and old.account_id == "acct-old" and old.tier == "tier1"
    assert old.payment_fingerprint is None
    new_key, _ = store.create("acct-new", payment_fingerprint=CARD)
    found = store.lookup(new_key)
    assert found is not None and found.payment_fingerprint == CARD
    store.close()
    KeyStore(path=path).close()  # opening a migrated store again adds nothing twice


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559"])
def test_a_card_number_is_refused_without_repeating_it(card: str) -> None:
    with pytest.raises(ConfigError, match="payment: looks like a card number") as err:
        check_payment_fingerprint(card)
    assert "1111" not in str(err.value) and "5555" not in str(err.value)


def test_tokens_pass_as_given() -> None:
    assert check_payment_fingerprint(CARD) == CARD
    assert check_payment_fingerprint("4111111111111112") == "4111111111111112"  # fails Luhn: not a card number
    assert check_payment_fingerprint(" ") is None and check_payment_fingerprint(None) is None


def test_keys_cli_records_the_payment_fingerprint(tmp_path: Path) -> None:
    runner = CliRunner()
    state = str(tmp_path / "state")
    made = runner.invoke(app, ["keys", "create", "--account", "acct-1", "--org", "org-1", "--payment", CARD,
                               "--state-dir", state])
    assert made.exit_code == 0, made.output
    key = made.stdout.strip().splitlines()[0]
    out = runner.invoke(app, ["keys", "list", "--state-dir", state]).stdout
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(r["account_id"], r["payment_fingerprint"]) for r in listed] == [("acct-1", CARD)]
    info = KeyStore(path=tmp_path / "state" / "keys.sqlite").lookup(key)
    assert info is not None and info.payment_fingerprint == CARD
    bad = runner.invoke(app, ["keys", "create", "--account", "acct-2", "--payment", "4111 1111 1111 1111",
                              "--state-dir", state])
    assert bad.exit_code == 2 and "--payment" in bad.output and "card number" in bad.output
    assert "4111" not in bad.output


def test_both_replays_carry_the_scenarios_payment_fingerprint(tmp_path: Path) -> None:
    from antidistill.gateway.replay import mint_keys
    from antidistill.gateway.replay_inprocess import REQUEST_COLUMNS, account_info

    created = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    rows = [{"account_id": "a", "org_id": "o", "account_tier": "free", "access_path": "direct_api",
             "payment_fingerprint": CARD, "account_created_at": created},
            {"account_id": "b", "payment_fingerprint": None, "account_created_at": created}]
    store = KeyStore(path=tmp_path / "keys.sqlite")
    keys = mint_keys(store, rows)  # the HTTP replay's keys
    looked = {a: store.lookup(k) for a, k in keys.items()}
    assert {a: i.payment_fingerprint if i else "missing" for a, i in looked.items()} == {"a": CARD, "b": None}
    assert "payment_fingerprint" in REQUEST_COLUMNS  # the in-process replay reads the column ...
    assert account_info(rows[0]).payment_fingerprint == CARD  # ... and its key record carries it


def campaigns(data_until: dt.datetime) -> dict[str, Any]:
    """A scan's confirmed campaign with one specific card and network, and values too common to link by."""
    return {"data_until": data_until.isoformat(), "campaigns": [
        {"campaign_id": "s1:C0001", "score": 1.0, "accounts": ["hydra-1", "hydra-2", "hydra-3"], "indicators": [
            {"attribute": "payment", "value": CARD, "accounts_in_campaign": 24, "accounts_total": 24},
            {"attribute": "network", "value": "194.40.238", "accounts_in_campaign": 53, "accounts_total": 56},
            # below the 90% share: a card many outsiders use too (a family card, a reseller's)
            {"attribute": "payment", "value": "shared-card", "accounts_in_campaign": 8, "accounts_total": 12},
            # exclusive, but only two member holders
            {"attribute": "payment", "value": "two-holders", "accounts_in_campaign": 2, "accounts_total": 2},
            {"attribute": "network", "value": "10.20.30", "accounts_in_campaign": 6, "accounts_total": 26}]}]}


def chat(url: str, key: str, ip: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", json=CHAT,
                      headers={"authorization": f"Bearer {key}", "x-forwarded-for": ip})


@pytest.mark.gateway
def test_a_campaigns_new_account_is_refused_at_its_first_request(tmp_path: Path) -> None:
    with stack_with(tmp_path, trust_forwarded_for=True, observe_interval_s=0) as s:
        before = s.key("person-old", payment_fingerprint="shared-card")
        assert chat(s.url, before, "203.0.113.5").status_code == 200  # observed before the scan's cut-off
        time.sleep(0.01)
        cut = dt.datetime.now(dt.UTC)
        posted = httpx.post(f"{s.admin}/admin/campaigns", json=campaigns(cut), headers=admin_headers())
        assert posted.status_code == 200
        # a new account paying with the campaign's exclusive card, from an address the scan never saw
        card = chat(s.url, s.key("hydra-new", payment_fingerprint=CARD), "198.51.100.20")
        assert card.status_code == 403 and card.json()["error"]["code"] == "account_blocked"
        # a new account behind the campaign's proxy range (specific, 53 of 56), first seen after the cut-off
        net = chat(s.url, s.key("hydra-net"), "194.40.238.77")
        assert net.status_code == 403
        # values too common or too thin to link by, an account the scan judged, and a plain new person
        for account, payment, ip in [("person-shared", "shared-card", "198.51.100.21"),
                                     ("person-two", "two-holders", "198.51.100.22"),
                                     ("person-campus", None, "10.20.30.4"), ("person-new", "own-card", "192.0.2.1")]:
            key = s.key(account, payment_fingerprint=payment)
            assert [chat(s.url, key, ip).status_code for _ in range(3)] == [200, 200, 200], account
        assert chat(s.url, before, "194.40.238.9").status_code == 200  # seen before the cut-off: the scan judged it
        linked = s.gateway.campaigns.linked()
        assert sorted(linked) == ["hydra-net", "hydra-new"]
        assert linked["hydra-new"].via == f"payment={CARD} (24 of 24 holders in the campaign)"
        assert linked["hydra-net"].score == pytest.approx(53 / 56)
        refused = [d for d in s.gateway.enforcer.recent if d["account_id"] == "hydra-new"]
        assert [d["enforced"] for d in refused] == ["refused"] and refused[0]["campaign_id"] == "s1:C0001"
        shown = httpx.get(f"{s.admin}/admin/accounts/hydra-new", headers=admin_headers()).json()
        assert shown["campaign_id"] == "s1:C0001" and shown["keys"][0]["payment_fingerprint"] == CARD
    rows = list(read_events(tmp_path / "state" / "events"))
    by_account = {r["account_id"]: r for r in rows}
    assert by_account["hydra-new"]["payment_fingerprint"] == CARD  # the scan sees the card the key carries
    assert by_account["hydra-new"]["status"] == "denied"
    assert by_account["person-new"]["payment_fingerprint"] == "own-card"
    assert by_account["hydra-net"]["payment_fingerprint"] is None
