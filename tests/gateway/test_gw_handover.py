"""A relay followed online: the next sign-up that takes over a confirmed relay chain is linked once it shows it
started at full usage (its fourth request within two minutes of its first).

The scan confirms relays (``linkage.relay``: short-lived sign-ups taking turns) after the fact; the gateway follows
each one's chain from the scan's verdicts (``handover`` in the campaign document) and links the sign-up that takes
over, while sign-ups of the same client that start while the chain works, long after it stopped, at a person's pace,
or were seen before the scan's cut-off are left alone. The last test runs the real scan on the first part of a log
and the in-process replay on the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.errors import ConfigError
from antidistill.gateway.campaigns import HANDOVER_QUIET_S, HANDOVER_START_REQUESTS, CampaignBook
from antidistill.gateway.detectors import DetectorContext, build_detectors
from antidistill.gateway.online import OnlineState
from antidistill.gateway.scanloop import verdicts_from_scan
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)
CUT = T0 + dt.timedelta(hours=6)  # the scan's data cut-off
SDK = "OpenAI/JS 4.77.3"
MIN = 60.0


def relay_doc(last_seen: float, *, clients: list[str] | None = None, campaign: str = "s1:C0001") -> dict[str, Any]:
    """A scan's verdicts with one relay campaign (five members that took turns) and one suspect."""
    return {"campaigns": [
        {"campaign_id": campaign, "score": 0.7, "accounts": [f"link-{i}" for i in range(5)],
         "handover": {"clients": clients or [SDK], "gap_s": 3600.0, "last_seen_s": last_seen}},
        {"campaign_id": "s1:suspect:acct-9", "score": 0.7, "accounts": ["acct-9"]}],
        "data_until": CUT.isoformat()}


def req(account: str, minutes: float, ua: str = SDK) -> Exchange:
    """One request ``minutes`` after the cut-off."""
    return Exchange(exchange_id=f"{account}-{minutes}", ts_start=CUT + dt.timedelta(minutes=minutes),
                    account_id=account, model="m", messages=[Message("user", "Write a function that sorts a list.")],
                    client_ip="198.51.100.7", user_agent=ua, source_format="gateway")


def session(account: str, start: float, end: float, ua: str = SDK) -> list[Exchange]:
    """A request every 20 seconds from ``start`` to ``end`` minutes after the cut-off (full usage)."""
    return [req(account, m, ua) for m in np.arange(start, end + 1e-9, 1 / 3).tolist()]


def watching(doc: dict[str, Any]) -> tuple[CampaignBook, OnlineState]:
    book = CampaignBook()
    st = OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))
    st.observe_many([req("old-user", -120)])  # the observer runs from before the cut-off
    book.replace(doc)
    return book, st


def campaign_of(book: CampaignBook, account: str) -> str | None:
    v = book.lookup(account)
    return None if v is None else v.campaign_id


def test_the_next_sign_up_takes_over_and_sign_ups_during_the_work_do_not() -> None:
    last = CUT.timestamp() - 10 * MIN  # the newest member's last request the scan saw
    book, st = watching(relay_doc(last))
    st.observe_many(session("link-4", -5, 8))  # a member still working after the cut-off moves the chain
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 8 * MIN, abs=1)
    st.observe_many(session("next-1", 20, 45))  # 12 minutes after the chain stopped: the next sign-up
    assert campaign_of(book, "next-1") == "s1:C0001"
    assert book.lookup("next-1").via.startswith("handover: first request 720 s after")  # type: ignore[union-attr]
    # one successor per handover: a sign-up of the same client while next-1 works is not one
    st.observe_many(session("rush-1", 30, 40))
    assert campaign_of(book, "rush-1") is None
    # next-1 stops at 45; a sign-up of another client is not the chain's, the same client's is the next link
    st.observe_many(session("other-sdk", 50, 55, ua="OpenAI/Python 1.54.4") + session("next-2", 52, 70))
    assert campaign_of(book, "other-sdk") is None and campaign_of(book, "next-2") == "s1:C0001"
    # the chain stopped at 70: a sign-up more than the gap later, or one the scan had seen, is not taken for a link
    st.observe_many([*session("late", 70 + 61, 140), req("old-user", 200)])
    assert campaign_of(book, "late") is None and campaign_of(book, "old-user") is None
    assert sorted(book.linked()) == ["next-1", "next-2"]


def test_a_person_trying_a_new_account_in_the_gap_is_neither_a_handover_nor_in_the_way() -> None:
    book, st = watching(relay_doc(CUT.timestamp()))
    st.observe_many([req("person", m) for m in (5, 7, 9.5, 13, 20)])  # reads each answer before the next question
    st.observe_many(session("next-1", 10, 30))
    assert campaign_of(book, "person") is None and campaign_of(book, "next-1") == "s1:C0001"
    # linked at its fourth request, 60 s after its first: the first three were decided without the relay
    assert book.handovers()[SDK].head == "next-1"


def test_a_sign_up_within_two_quiet_minutes_is_not_a_handover_even_when_it_goes_on_after() -> None:
    book, st = watching(relay_doc(CUT.timestamp()))
    st.observe_many(session("link-4", 0, 10))
    st.observe_many(session("eager", 10 + HANDOVER_QUIET_S / MIN / 2, 30))  # started before the chain was quiet
    assert campaign_of(book, "eager") is None
    st.observe_many(session("link-4", 10.5, 12))  # and the chain was in fact still working
    st.observe_many(session("then", 15, 20))
    assert campaign_of(book, "then") == "s1:C0001"


def test_a_client_whose_new_accounts_come_minutes_apart_is_followed_only_on_quick_turns() -> None:
    """Where honest sign-ups of the relay's client at full usage are common, a new account that starts in the gap
    is as likely one of them: linked only when it came sooner than one of them would have (chance <= 5%)."""
    book, st = watching(relay_doc(CUT.timestamp() - 3 * MIN))
    # the popular SDK's honest scripted sign-ups at full usage: one every 10 minutes in the two hours before
    for i, start in enumerate(range(-115, -4, 10)):
        st.observe_many(session(f"signup-{i}", start, start + 2))
    # the chain stopped 3 minutes before the cut (quiet from 1 minute before it); a new account 10 minutes after the
    # cut, 660 s into the quiet, at 12 sign-ups in the 7,800 s observed: 1 - exp(-12 * 660 / 7,800) = 64%, not taken
    st.observe_many(session("maybe", 10, 30))
    assert campaign_of(book, "maybe") is None
    # with one honest sign-up in those two hours the same wait is 8%: not taken either; 3 minutes into the quiet
    # (1 - exp(-180 / 7,320) = 2.4%) it is
    book, st = watching(relay_doc(CUT.timestamp() - 3 * MIN))
    st.observe_many(session("signup-0", -60, -58))
    st.observe_many(session("slow", 10, 30))
    assert campaign_of(book, "slow") is None
    book, st = watching(relay_doc(CUT.timestamp() - 3 * MIN))
    st.observe_many(session("signup-0", -60, -58))
    st.observe_many(session("quick", 2, 30))
    assert campaign_of(book, "quick") == "s1:C0001"
    assert "chance 0.02" in book.lookup("quick").via  # type: ignore[union-attr]


def test_a_relay_running_two_clients_follows_each_chain_by_the_client_its_members_run() -> None:
    """The document names both clients of the relay, not which member ran which: a member's request moves the
    chain of the client it runs, so one chain at work does not hide the other's quiet."""
    sdk2 = "OpenAI/Python 1.54.4"
    book, st = watching(relay_doc(CUT.timestamp() - 10 * MIN, clients=[SDK, sdk2]))
    st.observe_many(session("link-4", -5, 30))  # a member still at work on the first client after the cut
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 30 * MIN, abs=1)
    assert book.handovers()[sdk2].last == pytest.approx(CUT.timestamp() - 10 * MIN, abs=1)
    # a sign-up of the first client while its chain works is not a handover; one of the second, quiet for 15
    # minutes, is
    st.observe_many(session("busy-1", 5, 20) + session("next-2", 5, 20, ua=sdk2))
    assert campaign_of(book, "busy-1") is None and campaign_of(book, "next-2") == "s1:C0001"
    assert book.handovers()[sdk2].head == "next-2" and book.handovers()[SDK].head == "link-4"


def test_a_sign_up_that_started_before_the_verdict_arrived_is_judged_on_its_first_request() -> None:
    book = CampaignBook()
    st = OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))
    st.observe_many([req("old-user", -120)])
    st.observe_many(session("next-1", 5, 20))  # started 15 minutes after the chain's last request; no verdict yet
    st.observe_many(session("honest", 12, 14))  # started while next-1 worked
    book.replace(relay_doc(CUT.timestamp() - 10 * MIN))  # the scan's verdicts arrive half an hour after the cut
    st.observe_many(session("honest", 30, 31) + session("next-1", 30, 31))
    # next-1's first request was a handover; honest's was not once next-1 is on the chain (it worked till 31)
    assert campaign_of(book, "honest") is None and campaign_of(book, "next-1") == "s1:C0001"
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 31 * MIN, abs=1)


def test_the_chain_outlives_a_new_scan_that_still_names_its_client_and_stops_when_one_does_not() -> None:
    book, st = watching(relay_doc(CUT.timestamp() - 10 * MIN))
    st.observe_many(session("next-1", 5, 50))
    assert campaign_of(book, "next-1") == "s1:C0001"
    # the next scan names the relay again (it has not seen next-1's whole session yet): the link is cleared, as every
    # online link is, but the chain keeps next-1's requests as its latest and next-1 keeps moving it
    book.replace(relay_doc(CUT.timestamp() + 20 * MIN, campaign="s2:C0001"))
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 50 * MIN, abs=1)
    st.observe_many(session("next-1", 51, 60))
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 60 * MIN, abs=1)
    st.observe_many(session("next-2", 70, 80))
    assert campaign_of(book, "next-2") == "s2:C0001"
    book.replace({"campaigns": [], "data_until": (CUT + dt.timedelta(hours=2)).isoformat()})
    assert not book.handovers() and not book.has_indicators()
    st.observe_many(session("next-3", 90, 95))
    assert campaign_of(book, "next-3") is None


def test_an_appeal_takes_the_account_off_the_chain() -> None:
    book, st = watching(relay_doc(CUT.timestamp() - 10 * MIN))
    st.observe_many(session("next-1", 5, 10))
    book.remove_account("next-1")
    st.observe_many(session("next-1", 11, 30))  # its work no longer moves the chain, nor is it linked again
    assert book.lookup("next-1") is None
    assert book.handovers()[SDK].last == pytest.approx(CUT.timestamp() + 10 * MIN, abs=1)  # its work till the appeal


@pytest.mark.parametrize(("handover", "field"), [
    ([], "campaigns[0].handover"),
    ({"clients": [], "gap_s": 3600, "last_seen_s": 1.0}, "campaigns[0].handover.clients"),
    ({"clients": [SDK, ""], "gap_s": 3600, "last_seen_s": 1.0}, "campaigns[0].handover.clients"),
    ({"clients": [SDK], "gap_s": 0, "last_seen_s": 1.0}, "campaigns[0].handover.gap_s"),
    ({"clients": [SDK], "gap_s": 3600, "last_seen_s": "yesterday"}, "campaigns[0].handover.last_seen_s"),
])
def test_a_bad_handover_names_the_entry_and_field(handover: Any, field: str) -> None:
    doc = {"campaigns": [{"campaign_id": "c", "score": 0.7, "accounts": ["a"], "handover": handover}]}
    with pytest.raises(ConfigError) as err:
        CampaignBook().replace(doc)
    assert err.value.key == field


def test_verdicts_from_scan_pass_a_relays_client_gap_and_last_request(tmp_path: Path) -> None:
    relay = {"accounts": 28, "handovers": 27, "expected_by_chance": 11.2, "gap_s": 3600.0, "clients": [SDK],
             "candidates": 36, "clients_tested": 1, "span_hours": 33.5}
    (tmp_path / "campaigns.json").write_text(json.dumps([
        {"campaign_id": "C0001", "confirmed": True, "confirmed_by": ["account_relay"], "p_value": 4.5e-8,
         "members": ["a", "b", "c", "d", "e"], "indicators": [], "account_relay": relay, "last_seen_s": 1772846241.5},
        {"campaign_id": "C0002", "confirmed": True, "confirmed_by": ["specific_evidence"], "p_value": 0.0,
         "members": ["x", "y", "z"], "indicators": [], "last_seen_s": 1772846000.0}]))
    (tmp_path / "accounts.csv").write_text("account_id,verdict\na,campaign\n")
    out = verdicts_from_scan(tmp_path, prefix="s1:", data_until=CUT)
    first, second = out["campaigns"]
    assert first["handover"] == {"clients": [SDK], "gap_s": 3600.0, "last_seen_s": 1772846241.5}
    assert first["score"] == 0.7 and "handover" not in second  # a relay has no specific evidence: verification
    book = CampaignBook()
    book.replace(out)
    assert book.handovers()[SDK].campaign_id == "s1:C0001" and book.handovers()[SDK].size == 5


# ------------------------------------------------------------------------------------------- scan, then replay

H = 3600.0


@pytest.fixture(scope="module")
def prompts(arena_gsm8k_prompts: list[str]) -> list[str]:
    return arena_gsm8k_prompts


def _log(prompts: list[str]) -> tuple[list[Exchange], dict[str, str | None], float]:
    """A conveyor of 24 trial sign-ups (each burns its credit from 3 workers in under an hour, the next signs up 3-50
    minutes later) beside honest users of the same SDK, some of them new on the same days; returns the rows, the
    labels and the time of the cut-off (in the gap after the 14th link)."""
    rng = np.random.default_rng(5)
    rows: list[Exchange] = []
    labels: dict[str, str | None] = {}

    def send(account: str, t: float, ua: str, tokens: int, created: float) -> None:
        rows.append(Exchange(
            exchange_id=f"x{len(rows)}", ts_start=T0 + dt.timedelta(seconds=t), account_id=account,
            org_id=f"org-{account}", account_created_at=T0 + dt.timedelta(seconds=created), user_agent=ua,
            model="m-3", client_ip=f"{len(labels) // 250 + 20}.{len(labels) % 250}.7.9",
            messages=[Message("user", prompts[int(rng.integers(len(prompts)))])], prompt_tokens=120,
            completion_tokens=tokens, max_tokens=16000))

    t, cut = 2 * H, 0.0
    for i in range(24):
        account = f"conveyor-{i}"
        labels[account] = "relay"
        created, end = t - rng.uniform(2, 25) * 60, t
        for _ in range(160):
            end += rng.exponential(18.0)
            send(account, end, SDK, int(rng.integers(1500, 3000)), created)
        t = end + rng.uniform(3, 50) * 60
        if i == 13:
            cut = end + 60.0
    for i in range(30):  # honest sign-ups over the same hours, a few prompts each, on the same SDK
        account, s = f"launch-{i}", rng.uniform(0, t)
        labels[account] = None
        for k in range(int(rng.integers(3, 15))):
            send(account, s + k * rng.uniform(60, 600), SDK, int(rng.integers(200, 1500)), s - rng.uniform(0.1, 3) * H)
    for i in range(150):  # ordinary users
        account, created = f"person-{i}", -rng.uniform(1, 200) * 86400
        labels[account] = None
        for _ in range(int(rng.integers(3, 12))):
            day = rng.uniform(0, t)
            for k in range(int(rng.integers(1, 5))):
                send(account, day + k * 120, SDK if i % 3 == 0 else "OpenAI/Python 1.54.4",
                     int(rng.integers(100, 900)), created)
    rows.sort(key=lambda e: e.ts_start)
    return rows, labels, cut


@pytest.mark.gateway
def test_a_scan_confirms_the_relay_and_the_gateway_refuses_each_next_sign_up_once_it_runs_at_full_usage(
        prompts: list[str], tmp_path: Path) -> None:
    from antidistill.gateway.config import GatewayConfig
    from antidistill.gateway.eventlog import DiscardLog
    from antidistill.gateway.replay_inprocess import InProcessReplay, VerdictUpdate, stream_rows
    from antidistill.gateway.runtime import Gateway

    rows, labels, cut = _log(prompts)
    before = [e for e in rows if e.ts_start.timestamp() - T0.timestamp() <= cut]
    logs, scan = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(before), logs / "part-0.parquet")
    result = CliRunner().invoke(app_cli(), ["scan", str(logs), "--out", str(scan), "--no-progress"])
    assert result.exit_code == 0, result.output
    flagged = {r["account_id"] for r in csv.DictReader((scan / "accounts.csv").read_text().splitlines())
               if r["verdict"] in ("suspect", "campaign")}
    assert flagged and all(labels[a] == "relay" for a in flagged)
    until = T0 + dt.timedelta(seconds=cut)
    doc = verdicts_from_scan(scan, prefix="s1:", data_until=until)
    (relay,) = [c for c in doc["campaigns"] if "handover" in c]
    assert relay["handover"]["clients"] == [SDK]

    scen = tmp_path / "scen"
    (scen / "exchanges").mkdir(parents=True)
    pq.write_table(exchanges_to_table(rows), scen / "exchanges" / "part-0.parquet")
    cfg = GatewayConfig(state_dir=tmp_path / "gw", replay_clock=True, trust_forwarded_for=True, observe_interval_s=0)
    gw = Gateway(cfg, events=DiscardLog())
    update = VerdictUpdate(at=until.timestamp() + 0.5 * H, label="scan 1", campaigns=doc)
    report = InProcessReplay(gateway=gw, campaigns=labels, verdicts=[update]).run(
        stream_rows(scen, work_dir=tmp_path)).to_dict()
    after = sorted({e.account_id for e in rows if e.account_id.startswith("conveyor-")
                    and e.ts_start >= until + dt.timedelta(hours=0.5)} - set(relay["accounts"]))
    linked = set(gw.campaigns.linked())
    # every sign-up that took over after the verdict arrived is linked, and no honest account is
    assert linked and linked <= set(after) and len(linked) >= len(after) - 1, (sorted(linked), after)
    assert report["benign_denied"] == 0
    per_account = {a: gw.campaigns.lookup(a) for a in after}
    assert all(v is not None and v.via and v.via.startswith("handover") for a, v in per_account.items()
               if a in linked)
    # each is served its first requests, up to the one that shows it started at full usage, and no more (and the
    # one that started before the verdicts arrived, its requests until then)
    arrival = until + dt.timedelta(hours=0.5)
    early = sum(1 for e in rows if e.account_id in after and e.ts_start < arrival)
    assert report["campaigns"]["relay"]["denied"] == 160 * len(after) - early - (HANDOVER_START_REQUESTS - 1) * len(
        [a for a in after if not any(e.account_id == a and e.ts_start < arrival for e in rows)])
    assert report["linked_online"] == {"relay": len(linked)}


def app_cli() -> Any:
    from antidistill.cli import app
    return app
