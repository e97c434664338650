"""Verdicts on end users inside an account: the scan's suspect end users reach the gateway, which refuses that end
user's requests through that account and serves the account's other users."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from gw_stack import admin_headers, stack_with

from antidistill.errors import ConfigError
from antidistill.gateway.campaigns import CampaignBook
from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.eventlog import DiscardLog
from antidistill.gateway.replay import load_scenario
from antidistill.gateway.replay_inprocess import InProcessReplay, VerdictUpdate, stream_rows
from antidistill.gateway.runtime import Gateway
from antidistill.gateway.scanloop import carry_dropped, verdicts_from_scan

pytestmark = pytest.mark.gateway

PAIR = {"account_id": "reseller-1", "end_user": "u-harvest"}
DOC = {"campaigns": [{"campaign_id": "s1:end-user:reseller-1 / u-harvest", "score": 0.7, "accounts": [],
                      "end_users": [PAIR]}]}


def chat(url: str, key: str, user: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"model": "mock-1", "messages": [{"role": "user", "content": "hello"}]}
    if user is not None:
        body["user"] = user
    return httpx.post(f"{url}/v1/chat/completions", json=body, headers={"authorization": f"Bearer {key}"})


def test_an_end_users_verdict_refuses_that_end_user_only(tmp_path: Path) -> None:
    with stack_with(tmp_path) as s:  # the shipped default policy: 0.7 asks for identity verification
        h = admin_headers()
        reseller, other = s.key("reseller-1"), s.key("other-1")
        assert httpx.post(f"{s.admin}/admin/campaigns", json=DOC, headers=h).json() == {"accounts_updated": 0}
        r = chat(s.url, reseller, "u-harvest")
        assert r.status_code == 403 and r.json()["error"]["code"] == "identity_verification_required"
        assert "u-harvest" not in r.text and "end-user" not in r.text  # nothing about the verdict leaks
        assert chat(s.url, reseller, "u-honest").status_code == 200
        assert chat(s.url, reseller).status_code == 200  # no end user named: the account's own evidence
        assert chat(s.url, other, "u-harvest").status_code == 200  # the same id through another account
        refused = [d for d in s.gateway.enforcer.recent if d["enforced"] == "refused"]
        assert len(refused) == 1 and refused[0]["account_id"] == "reseller-1"
        assert refused[0]["campaign_id"] == DOC["campaigns"][0]["campaign_id"]
        assert "campaign verdict on the end user" in refused[0]["notes"]
        metrics = httpx.get(f"{s.admin}/metrics").text
        assert 'antidistill_end_user_decisions_total{action="step_up",enforced="refused"} 1.0' in metrics
        shown = httpx.get(f"{s.admin}/admin/campaigns", headers=h).json()
        assert shown["end_users"] == [{**PAIR, "campaign_id": DOC["campaigns"][0]["campaign_id"], "score": 0.7}]
        state = httpx.get(f"{s.admin}/admin/accounts/reseller-1", headers=h).json()
        assert [v["end_user"] for v in state["end_user_verdicts"]] == ["u-harvest"]
        assert state["features"]["campaign_score"] == 0.0  # the account itself is under no verdict

        bad = {"campaigns": [{"campaign_id": "x", "score": 0.7, "accounts": [], "end_users": [{"account_id": "a"}]}]}
        r = httpx.post(f"{s.admin}/admin/campaigns", json=bad, headers=h)
        assert r.status_code == 400 and "campaigns[0].end_users[0].end_user" in r.text
        assert chat(s.url, reseller, "u-harvest").status_code == 403  # a bad document changes nothing

        assert httpx.post(f"{s.admin}/admin/appeal", json={**PAIR}, headers=h).json()["cleared"] is True
        assert chat(s.url, reseller, "u-harvest").status_code == 200
        s.gateway.events.flush()
    logged = [json.loads(line) for f in sorted((tmp_path / "state" / "events").glob("*.jsonl"))
              for line in f.read_text().splitlines() if line]
    assert [e["end_user"] for e in logged if e["decision"]["enforced"] == "refused"] == ["u-harvest"] * 2


def test_a_throttled_end_user_takes_from_a_bucket_of_its_own(tmp_path: Path) -> None:
    policy = """
version: 1
throttle: {account_rate_per_s: 0.001, account_burst: 2, campaign_rate_per_s: 100, campaign_burst: 100}
rules:
  - name: campaign-member
    when: {campaign_score: {gte: 0.5}}
    action: throttle
"""
    with stack_with(tmp_path, policy=policy) as s:
        key = s.key("reseller-1")
        s.gateway.campaigns.update({"campaigns": [{**DOC["campaigns"][0], "score": 0.5}]})
        assert [chat(s.url, key, "u-harvest").status_code for _ in range(3)] == [200, 200, 429]
        assert [chat(s.url, key, "u-honest").status_code for _ in range(3)] == [200, 200, 200]
        s.gateway.campaigns.update({"campaigns": [{"campaign_id": "c", "score": 0.5, "accounts": ["reseller-1"]}]})
        # the account itself now throttled: its own bucket, untouched by the end user's refusals
        assert [chat(s.url, key).status_code for _ in range(3)] == [200, 200, 429]


def test_book_parses_end_users_and_an_appeal_of_the_account_clears_them() -> None:
    book = CampaignBook()
    book.replace(DOC)
    verdict = book.lookup_end_user("reseller-1", "u-harvest")
    assert verdict is not None and verdict.score == 0.7 and verdict.size == 1
    assert book.lookup("reseller-1") is None and book.lookup_end_user("reseller-1", "u-honest") is None
    book.remove_account("reseller-1")
    assert book.end_users() == {}
    for bad, field in (([PAIR, "u"], "end_users[1]"), ("u-harvest", "end_users"),
                       ([{"account_id": "", "end_user": "u"}], "end_users[0].account_id")):
        with pytest.raises(ConfigError, match=re.escape(f"campaigns[0].{field}")):
            book.replace({"campaigns": [{**DOC["campaigns"][0], "end_users": bad}]})


def test_scan_suspect_end_users_become_verdicts_held_like_accounts(tmp_path: Path) -> None:
    (tmp_path / "accounts.csv").write_text("account_id,risk,verdict,campaign_id,reasons\nreseller-1,0.9,watch,,x\n")
    with (tmp_path / "end_users.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "end_user", "risk", "verdict", "reasons", "score", "p_null", "n_exchanges"])
        w.writerow(["reseller-1", "u-harvest", "0.99", "suspect", "r", "9", "0.0001", "40"])
        w.writerow(["reseller-1", "u-busy", "0.95", "watch", "r", "5", "0.01", "400"])
    first = verdicts_from_scan(tmp_path, prefix="s1:")
    assert first["campaigns"] == [{"campaign_id": "s1:end-user:reseller-1 / u-harvest", "score": 0.7,
                                   "accounts": [], "end_users": [PAIR]}]
    assert verdicts_from_scan(tmp_path, suspect_score=None)["campaigns"] == []
    empty: dict[str, Any] = {"campaigns": []}
    d1 = carry_dropped(None, first)
    d2 = carry_dropped(d1, verdicts_from_scan(tmp_path, prefix="s2:"))
    d3 = carry_dropped(d2, empty)  # dropped after two scans in a row: held
    assert [c.get("end_users") for c in d3["campaigns"]] == [[PAIR]] and d3["campaigns"][0]["carried"]
    assert d3["campaigns"][0]["accounts"] == []
    book = CampaignBook()
    book.replace(d3)
    assert book.lookup_end_user("reseller-1", "u-harvest") is not None
    assert carry_dropped(d3, empty)["campaigns"] == []  # left out twice: lifted


def test_a_campaign_member_whose_evidence_is_its_suspect_end_users_is_named_by_them(tmp_path: Path) -> None:
    (tmp_path / "campaigns.json").write_text(json.dumps([
        {"campaign_id": "C0001", "confirmed": True, "p_value": 0.001, "members": ["reseller-1", "bot-1", "reseller-2"],
         "confirmed_by": ["specific_evidence"]}]))
    (tmp_path / "accounts.csv").write_text("account_id,risk,verdict,campaign_id,reasons\n"
                                           "reseller-1,0.99,campaign,C0001,x\nbot-1,0.99,campaign,C0001,x\n"
                                           "reseller-2,0.99,campaign,C0001,x\nreseller-3,0.99,suspect,,x\n")
    with (tmp_path / "end_users.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "end_user", "risk", "verdict", "reasons", "score", "p_null", "n_exchanges"])
        for account in ("reseller-1", "reseller-2", "reseller-3"):
            w.writerow([account, "u-harvest", "0.99", "suspect", "r", "9", "0.0001", "40"])
    with (tmp_path / "end_user_accounts.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "end_users_scored", "end_users_suspect", "verdict", "residual_exchanges",
                    "residual_risk", "residual_verdict", "residual_reasons"])
        w.writerow(["reseller-1", "300", "1", "campaign", "5000", "0.5", "clear", ""])
        w.writerow(["reseller-2", "120", "1", "campaign", "900", "0.999", "suspect", ""])  # harvesting itself too
        w.writerow(["reseller-3", "400", "1", "suspect", "7000", "0.9", "watch", ""])
    doc = verdicts_from_scan(tmp_path, prefix="s1:")
    campaign = doc["campaigns"][0]
    assert campaign["accounts"] == ["bot-1", "reseller-2"] and campaign["score"] == pytest.approx(0.999)
    assert campaign["end_users"] == [{"account_id": "reseller-1", "end_user": "u-harvest"}]
    rest = {c["campaign_id"]: c for c in doc["campaigns"][1:]}
    assert set(rest) == {"s1:end-user:reseller-2 / u-harvest", "s1:end-user:reseller-3 / u-harvest"}
    book = CampaignBook()
    book.replace(doc)
    assert book.lookup("reseller-1") is None and book.lookup("reseller-3") is None
    verdict = book.lookup_end_user("reseller-1", "u-harvest")
    assert verdict is not None and verdict.campaign_id == "s1:C0001"
    assert book.lookup("reseller-2") is not None


def test_a_harvest_resold_through_an_aggregator_is_refused_and_its_other_users_served(tmp_path: Path) -> None:
    """The traffic lab's reasoning-coercion account, moved under an honest aggregator as one more end user: the real
    scan of that traffic names the end user, and a replay with its verdicts refuses every request of that end user
    and none of the aggregator's thousands of others."""
    from antidistill.lab.simulator import load_scenario as lab_scenario
    from antidistill.lab.simulator import simulate
    from antidistill.scan import ScanConfig, run_scan

    lab = tmp_path / "lab"
    simulate(lab_scenario("tiny"), 3, lab)
    labels = pq.read_table(lab / "labels.parquet")
    rows = labels.to_pylist()
    aggregator = next(r["account_id"] for r in rows if r["archetype"] == "benign:aggregator")
    coercion = next(r["account_id"] for r in rows if r["archetype"] == "reasoning_coercion")
    table = pa.concat_tables(pq.read_table(p) for p in sorted((lab / "exchanges").glob("*.parquet")))
    rest = table.filter(pc.invert(pc.equal(table.column("account_id"), coercion)))
    harvest = table.filter(pc.equal(table.column("account_id"), coercion))
    cols = {n: harvest.column(n) for n in harvest.column_names}
    cols["account_id"] = pa.array([aggregator] * harvest.num_rows)
    cols["end_user"] = pa.array(["eu-resold-harvest"] * harvest.num_rows)
    own = rest.filter(pc.equal(rest.column("account_id"), aggregator))
    for n in ("org_id", "api_key_id", "client_ip", "user_agent", "account_tier", "account_created_at",
              "payment_fingerprint", "access_path", "asn"):
        cols[n] = pa.array([own.column(n)[0].as_py()] * harvest.num_rows, type=harvest.schema.field(n).type)
    mixed = pa.concat_tables([rest, pa.table(cols, schema=harvest.schema)]).sort_by("ts_start")
    scen = tmp_path / "scenario"
    (scen / "exchanges").mkdir(parents=True)
    pq.write_table(mixed, scen / "exchanges" / "part-0.parquet")
    pq.write_table(labels.filter(pc.invert(pc.equal(labels.column("account_id"), coercion))), scen / "labels.parquet")

    run_scan(ScanConfig(paths=[scen / "exchanges"], out=tmp_path / "scan", progress=False, html=False))
    doc = verdicts_from_scan(tmp_path / "scan")
    named = [p for c in doc["campaigns"] for p in c.get("end_users", ())]
    assert named == [{"account_id": aggregator, "end_user": "eu-resold-harvest"}]
    assert aggregator not in {a for c in doc["campaigns"] for a in c["accounts"]}

    gw = Gateway(GatewayConfig(state_dir=tmp_path / "gw", replay_clock=True, trust_forwarded_for=True),
                 events=DiscardLog())
    _, campaigns = load_scenario(scen)
    runner = InProcessReplay(gateway=gw, campaigns=campaigns,
                             verdicts=[VerdictUpdate(at=float("-inf"), label="scan", campaigns=doc)])
    runner.run(stream_rows(scen, work_dir=tmp_path / "gw"))
    users = {r["end_user"]: r for r in runner.end_user_rows() if r["account_id"] == aggregator}
    harvested = users.pop("eu-resold-harvest")
    assert harvested["requests"] == harvest.num_rows and harvested["served_before_action"] == 0
    assert harvested["denied"] == harvest.num_rows
    assert "step_up" in harvested["first_action_by"] or "scan-suspect" in harvested["first_action_by"]
    assert len(users) > 100 and not [u for u, r in users.items() if r["first_action"]]
    assert sum(r["served_before_action"] for r in users.values()) == sum(r["requests"] for r in users.values())
    assert not [u for u, r in users.items() if r["denied"]]


def test_a_template_on_a_request_naming_its_end_user_links_the_end_user_then_the_account() -> None:
    """A harvest template (exclusive to a confirmed campaign) sent through a reseller by one of its users links that
    user, not the reseller; the reseller's other users stay served; ten different users sending it link the
    account."""
    import datetime as dt

    from antidistill.gateway.campaigns import END_USERS_TO_ACCOUNT
    from antidistill.gateway.detectors import DetectorContext, build_detectors
    from antidistill.gateway.enforce import Enforcer
    from antidistill.gateway.online import OnlineState
    from antidistill.policy import Overrides, load_policy
    from antidistill.records import Exchange, Message

    t0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    wrapper = "act as a reward model. read the prompt and the c"
    harvest = "Act as a Reward Model. Read the prompt and the candidate answer, then score 1-10. Prompt: what is {k}?"

    def req(user: str | None, k: int, prompt: str = harvest) -> Exchange:
        return Exchange(exchange_id=f"r{k}-{user}", ts_start=t0 + dt.timedelta(minutes=k), account_id="reseller-1",
                        model="m", messages=[Message("user", prompt.format(k=k))], client_ip="198.51.100.7",
                        source_format="gateway", end_user=user)

    book = CampaignBook()
    st = OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))
    st.observe(req("u-honest", 0, "What is the weather like on Mars in {k} words?"))  # the scan saw the reseller
    book.replace({"campaigns": [{"campaign_id": "s1:C0001", "score": 1.0, "accounts": ["h1", "h2", "h3"],
                                 "indicators": [{"attribute": "wrapper", "value": wrapper, "accounts_in_campaign": 28,
                                                 "accounts_total": 28}]}]})
    enforcer = Enforcer(policy=load_policy(None), state=st, overrides=Overrides(),
                        end_user_verdict=book.lookup_end_user)
    detector = st.detectors[0]
    assert detector.link_request(req("u-1", 1)) is None  # the end user is linked, not the account
    assert book.lookup("reseller-1") is None and book.lookup_end_user("reseller-1", "u-1") is not None
    assert enforcer.decide("reseller-1", end_user="u-1")[1] is not None  # refused: the campaign's block
    assert enforcer.decide("reseller-1", end_user="u-honest")[1] is None
    assert enforcer.decide("reseller-1")[1] is None
    for k in range(2, END_USERS_TO_ACCOUNT):  # a few harvesting users of a reseller are theirs
        assert detector.link_request(req(f"u-{k}", k)) is None
    assert book.lookup("reseller-1") is None and len(book.end_users()) == END_USERS_TO_ACCOUNT - 1
    verdict = detector.link_request(req(f"u-{END_USERS_TO_ACCOUNT}", 99))  # this many are the account's business
    assert verdict is not None and book.lookup("reseller-1") == verdict
    assert verdict.via is not None and verdict.via.endswith(f"sent by {END_USERS_TO_ACCOUNT} of its end users")
    assert enforcer.decide("reseller-1", end_user="u-honest")[1] is not None
    # without an end user the template links the account at once, as before
    other = req(None, 10)
    other.account_id = "direct-1"
    assert detector.link_request(other) is not None and book.lookup("direct-1") is not None


def test_a_pooled_template_under_end_user_ids_that_change_on_every_request_still_links_the_account() -> None:
    """A harvest naming a fresh end user on every request (the ninth probe's hydra does) never links one end user
    three times; its account is linked once ten different end users sent the pooled template. One end user sending
    it three times is linked alone."""
    import datetime as dt

    from antidistill.gateway.campaigns import END_USERS_TO_ACCOUNT
    from antidistill.gateway.detectors import DetectorContext, build_detectors
    from antidistill.gateway.online import OnlineState
    from antidistill.records import Exchange, Message

    t0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    template = "here is a completed response. reconstruct, step "
    harvest = "Here is a completed response. Reconstruct, step by step, the reasoning behind it.\nQ: {k} + 1?\nA: 42"

    def req(account: str, user: str, k: int) -> Exchange:
        return Exchange(exchange_id=f"{account}-{k}", ts_start=t0 + dt.timedelta(minutes=k), account_id=account,
                        model="m", messages=[Message("user", harvest.format(k=k))], client_ip="198.51.100.7",
                        source_format="gateway", end_user=user)

    book = CampaignBook()
    st = OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))
    book.replace({"campaigns": [{"campaign_id": "s1:C0004", "score": 0.99, "accounts": ["h1", "h2", "h3"],
                                 "indicators": [{"attribute": "wrapper", "value": template, "pooled": True,
                                                 "accounts_in_campaign": 719, "accounts_total": 720}]}]})
    detector = st.detectors[0]
    n = END_USERS_TO_ACCOUNT
    assert [detector.link_request(req("hydra-1", f"id-{k}", k)) is None for k in range(n)] == [True] * (n - 1) + [False]
    assert book.lookup("hydra-1") is not None and not book.end_users()
    assert [detector.link_request(req("reseller-1", "u-7", k)) for k in range(3)] == [None] * 3
    assert book.lookup("reseller-1") is None and book.lookup_end_user("reseller-1", "u-7") is not None


def test_an_account_whose_end_users_a_campaign_names_is_not_linked_by_its_own_indicators() -> None:
    """The scan put a reseller's evidence on its end users (its payment card was in that evidence): the card, an
    exclusive indicator of the campaign, links another holder but not the reseller; an appeal of the reseller's
    end user makes it an ordinary holder again."""
    import datetime as dt

    from antidistill.gateway.detectors import DetectorContext, build_detectors
    from antidistill.gateway.online import OnlineState
    from antidistill.records import Exchange, Message

    book = CampaignBook()
    st = OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))
    card = {"attribute": "payment", "value": "card-1", "accounts_in_campaign": 5, "accounts_total": 5}
    book.replace({"campaigns": [{"campaign_id": "s1:C0001", "score": 1.0, "accounts": ["b1", "b2", "b3", "b4"],
                                 "end_users": [PAIR], "indicators": [card]}]})

    def req(account: str) -> Exchange:
        return Exchange(exchange_id=f"{account}-1", ts_start=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
                        account_id=account, model="m", messages=[Message("user", "hello there")],
                        payment_fingerprint="card-1", source_format="gateway", end_user="u-other")

    detector = st.detectors[0]
    assert detector.link_request(req("reseller-1")) is None and book.lookup("reseller-1") is None
    assert detector.link_request(req("sibling-9")) is not None
    book.remove_end_user("reseller-1", "u-harvest")
    assert detector.link_request(req("reseller-1")) is not None
