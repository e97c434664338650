"""Online linking by indicator: a confirmed campaign's specific infrastructure ties new holders to it."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from antidistill.errors import ConfigError
from antidistill.gateway.campaigns import CampaignBook
from antidistill.gateway.detectors import DetectorContext, build_detectors, indicator_values
from antidistill.gateway.online import OnlineState
from antidistill.gateway.scanloop import carry_dropped, verdicts_from_scan
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)
CUT = T0 + dt.timedelta(hours=6)  # the scan's data cut-off


def doc(**extra: Any) -> dict[str, Any]:
    """A scan's verdicts as ``verdicts_from_scan`` writes them, with the indicator counts of a real demo scan."""
    return {"campaigns": [
        {"campaign_id": "s1:C0001", "score": 1.0, "accounts": ["hydra-1", "hydra-2", "hydra-3"], "indicators": [
            # 53 of the 56 holders of this /24 were members: specific, not exclusive
            {"attribute": "network", "value": "194.40.238", "accounts_in_campaign": 53, "accounts_total": 56},
            {"attribute": "payment", "value": "1557bc7c", "accounts_in_campaign": 24, "accounts_total": 24},
            # a campus range: most holders are not members
            {"attribute": "network", "value": "10.20.30", "accounts_in_campaign": 6, "accounts_total": 26},
            # exclusive but held by two members only: too few to call it the campaign's
            {"attribute": "org", "value": "org-x", "accounts_in_campaign": 2, "accounts_total": 2}]},
        {"campaign_id": "s1:suspect:acct-9", "score": 0.7, "accounts": ["acct-9"]}], **extra}


def req(account: str, hours: float, *, ip: str = "198.51.100.7", org: str | None = None,
        payment: str | None = None) -> Exchange:
    return Exchange(exchange_id=f"{account}-{hours}", ts_start=T0 + dt.timedelta(hours=hours), account_id=account,
                    model="m", messages=[Message("user", "Explain step by step: 2 + 2?")], client_ip=ip,
                    org_id=org, payment_fingerprint=payment, source_format="gateway")


def state(book: CampaignBook) -> OnlineState:
    return OnlineState(detectors=build_detectors(DetectorContext(campaigns=book), ["campaign"]))


def test_only_specific_indicators_are_kept() -> None:
    book = CampaignBook()
    book.replace(doc(data_until=CUT.isoformat()))
    assert book.has_indicators() and book.data_until == CUT.timestamp()
    assert set(book._indicators) == {("network", "194.40.238"), ("payment", "1557bc7c")}
    ind = book._indicators[("network", "194.40.238")]
    assert ind.share == pytest.approx(53 / 56) and not ind.exclusive and ind.campaign_id == "s1:C0001"
    assert book._indicators[("payment", "1557bc7c")].exclusive


def test_network_value_is_the_scans_slash_24() -> None:
    assert indicator_values(req("a", 0, ip="194.40.238.17", org="o"))["network"] == "194.40.238"
    assert indicator_values(req("a", 0, ip="2001:db8::1"))["network"] == "2001:db8::1"
    assert indicator_values(req("a", 0, payment="p"))["payment"] == "p"


def test_new_holder_of_a_specific_indicator_is_linked_old_one_is_not() -> None:
    book = CampaignBook()
    st = state(book)
    st.observe(req("benign-old", 1.0, ip="194.40.238.5"))  # seen before the cut-off: the scan judged it
    st.observe(req("member", 2.0, ip="194.40.238.6"))
    book.replace(doc(data_until=CUT.isoformat()))
    st.observe_many([req("benign-old", 7.5, ip="194.40.238.5"), req("hydra-new", 6.5, ip="194.40.238.77"),
                     req("hydra-1", 7.0, ip="194.40.238.8"), req("campus-new", 7.0, ip="10.20.30.4"),
                     req("plain-new", 7.0)])
    assert st.evidence("benign-old", 0).campaign_id is None
    assert st.evidence("campus-new", 0).campaign_id is None and st.evidence("plain-new", 0).campaign_id is None
    linked = st.evidence("hydra-new", 0)
    assert linked.campaign_id == "s1:C0001" and linked.features["campaign_score"] == pytest.approx(53 / 56)
    assert linked.features["campaign_size"] == 3.0
    verdict = book.lookup("hydra-new")
    assert verdict is not None and verdict.via == "network=194.40.238 (53 of 56 holders in the campaign)"
    assert book.lookup("hydra-1") == book._by_account["hydra-1"]  # members keep the scan's own verdict
    assert "hydra-new" in book.campaigns()["s1:C0001"]


def test_exclusive_indicator_links_any_holder_and_no_cutoff_only_exclusive() -> None:
    book = CampaignBook()
    st = state(book)
    st.observe(req("old", 1.0))
    book.replace(doc())  # no data_until: nobody can be shown to be new
    st.observe_many([req("old", 7.0, payment="1557bc7c"), req("new", 7.0, ip="194.40.238.9")])
    assert st.evidence("old", 0).features["campaign_score"] == 1.0  # the scan saw no non-member holder
    assert st.evidence("new", 0).campaign_id is None


def test_restarted_observer_does_not_call_everyone_new() -> None:
    book = CampaignBook()
    book.replace(doc(data_until=CUT.isoformat()))
    st = state(book)  # started after the cut-off: every account's first request here is after it
    st.observe(req("returning", 7.0, ip="194.40.238.5"))
    assert st.evidence("returning", 0).campaign_id is None


def test_links_are_bounded_cleared_by_a_new_scan_and_by_appeal() -> None:
    book = CampaignBook(max_linked=2)
    st = state(book)
    st.observe(req("warm-up", 0.0))
    book.replace(doc(data_until=CUT.isoformat()))
    st.observe_many([req(f"new-{i}", 7.0 + i, ip="194.40.238.1") for i in range(3)])
    assert [a for a in ("new-0", "new-1", "new-2") if book.lookup(a)] == ["new-1", "new-2"]
    st.forget("new-2")  # appeal
    assert book.lookup("new-2") is None
    book.replace({"campaigns": []})
    assert book.lookup("new-1") is None and not book.has_indicators()


@pytest.mark.parametrize(("indicator", "field"), [
    ({"attribute": "network", "value": "1.2.3", "accounts_in_campaign": 5, "accounts_total": 4},
     "accounts_in_campaign"),
    ({"attribute": "network", "value": "1.2.3", "accounts_in_campaign": 3, "accounts_total": True}, "accounts_total"),
    ({"attribute": "", "value": "1.2.3", "accounts_in_campaign": 3, "accounts_total": 3}, "attribute"),
    ("network", ""),
])
def test_bad_indicators_name_entry_and_field(indicator: Any, field: str) -> None:
    bad = {"campaigns": [{"campaign_id": "c", "score": 1.0, "accounts": ["a"], "indicators": [indicator]}]}
    with pytest.raises(ConfigError, match=rf"campaigns\[0\]\.indicators\[0\]{'.' + field if field else ''}"):
        CampaignBook().replace(bad)


def test_bad_data_until_is_refused_and_keeps_the_old_book(tmp_path: Path) -> None:
    path = tmp_path / "campaigns.json"
    path.write_text(json.dumps(doc(data_until=CUT.isoformat())))
    book = CampaignBook(path=path)
    for value in ("yesterday", "2026-03-02T06:00:00"):
        with pytest.raises(ConfigError, match="data_until"):
            book.replace(doc(data_until=value))
    assert book.data_until == CUT.timestamp() and book.lookup("hydra-1") is not None


def test_verdicts_from_scan_carry_indicators_and_cutoff(tmp_path: Path) -> None:
    (tmp_path / "campaigns.json").write_text(json.dumps([
        {"campaign_id": "C0001", "confirmed": True, "p_value": 0.0, "members": ["a", "b", "c"], "n_members": 3,
         "mean_specific_evidence": 1.8, "linked_by": ["shared_value"], "indicators": [
             {"attribute": "network", "value": "194.40.238", "accounts_in_campaign": 3, "accounts_total": 3,
              "bits": 5.3, "pooled": False},
             {"attribute": "wrapper", "value": "here is a completed response. reconstruct, step ",
              "accounts_in_campaign": 719, "accounts_total": 720, "bits": 5.0, "pooled": True}],
         "synchronized_templates": []},
        {"campaign_id": "C0002", "confirmed": False, "p_value": 0.9, "members": ["x", "y", "z"], "indicators": [
            {"attribute": "network", "value": "47.44.116", "accounts_in_campaign": 3, "accounts_total": 3,
             "bits": 5.3}]}]))
    with (tmp_path / "accounts.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "verdict"])
        w.writerows([["a", "campaign"], ["s", "suspect"], ["x", "watch"]])
    out = verdicts_from_scan(tmp_path, prefix="s1:", data_until=CUT)
    assert out["data_until"] == CUT.isoformat()
    assert out["campaigns"][0]["indicators"] == [
        {"attribute": "network", "value": "194.40.238", "accounts_in_campaign": 3, "accounts_total": 3,
         "pooled": False},
        {"attribute": "wrapper", "value": "here is a completed response. reconstruct, step ",
         "accounts_in_campaign": 719, "accounts_total": 720, "pooled": True}]
    assert [c["campaign_id"] for c in out["campaigns"]] == ["s1:C0001", "s1:suspect:s"]  # unconfirmed: no links
    book = CampaignBook()
    book.replace(out)
    assert set(book._indicators) == {("network", "194.40.238"),
                                     ("wrapper", "here is a completed response. reconstruct, step ")}
    assert book._indicators[("wrapper", "here is a completed response. reconstruct, step ")].pooled
    assert not book._indicators[("network", "194.40.238")].pooled
    assert "data_until" not in verdicts_from_scan(tmp_path)


@pytest.mark.gateway
def test_replay_refuses_a_replacement_account_at_its_first_request(tmp_path: Path, shared_data: Path) -> None:
    from antidistill.gateway.config import GatewayConfig
    from antidistill.gateway.eventlog import DiscardLog
    from antidistill.gateway.replay_inprocess import InProcessReplay, VerdictUpdate, stream_rows
    from antidistill.gateway.runtime import Gateway

    tasks = [json.loads(line)["instruction"] for line in
             (shared_data / "self-instruct" / "seed_tasks.jsonl").read_text().splitlines()][:40]
    questions = [json.loads(line)["question"] for line in
                 (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()][:20]
    rows = [Exchange(exchange_id=f"h{i}", ts_start=T0 + dt.timedelta(minutes=10 * i), account_id=f"hydra-{i % 3 + 1}",
                     model="m", messages=[Message("user", t)], client_ip=f"194.40.238.{i % 9}")
            for i, t in enumerate(tasks[:30])]  # the members, before the cut-off
    rows += [Exchange(exchange_id=f"r{i}", ts_start=CUT + dt.timedelta(hours=2, minutes=i), account_id="hydra-4",
                      model="m", messages=[Message("user", t)], client_ip="194.40.238.200")
             for i, t in enumerate(tasks[30:])]  # the replacement, first seen after the cut-off
    rows += [Exchange(exchange_id=f"p{i}", ts_start=CUT + dt.timedelta(hours=3, minutes=i), account_id="hydra-5",
                      model="m", messages=[Message("user", t)], client_ip="203.0.113.9", payment_fingerprint="1557bc7c")
             for i, t in enumerate(tasks[30:35])]  # another, paying with the campaign's card from elsewhere
    rows += [Exchange(exchange_id=f"b{i}", ts_start=CUT + dt.timedelta(hours=2, minutes=3 * i),
                      account_id="person", model="m", messages=[Message("user", q)], client_ip="10.20.30.4")
             for i, q in enumerate(questions)]  # a new person on a campus range the campaign also used
    scen = tmp_path / "scen"
    (scen / "exchanges").mkdir(parents=True)
    pq.write_table(exchanges_to_table(rows), scen / "exchanges" / "part-0.parquet")
    cfg = GatewayConfig(state_dir=tmp_path / "gw", replay_clock=True, trust_forwarded_for=True, observe_interval_s=0)
    gw = Gateway(cfg, events=DiscardLog())
    labels = {"hydra-1": "hydra", "hydra-2": "hydra", "hydra-3": "hydra", "hydra-4": "hydra", "hydra-5": "hydra",
              "person": None}
    verdict = VerdictUpdate(at=(CUT + dt.timedelta(hours=1)).timestamp(), label="scan 1",
                            campaigns=doc(data_until=CUT.isoformat()))
    report = InProcessReplay(gateway=gw, campaigns=labels, verdicts=[verdict]).run(
        stream_rows(scen, work_dir=tmp_path)).to_dict()
    assert report["benign_denied"] == 0 and report["benign"]["served"] == 20
    assert report["campaigns"]["hydra"]["served"] == 30  # the members before the verdict; no replacement's request
    assert report["campaigns"]["hydra"]["denied"] == 10 + 5
    assert gw.campaigns.lookup("hydra-4") is not None and gw.campaigns.lookup("person") is None
    verdict = gw.campaigns.lookup("hydra-5")
    assert verdict is not None and verdict.via == "payment=1557bc7c (24 of 24 holders in the campaign)"
    assert report["linked_online"] == {"hydra": 2}


def test_a_verdict_is_lifted_only_when_two_scans_leave_it_out() -> None:
    s1 = {"campaigns": [{"campaign_id": "s1:C1", "score": 1.0, "accounts": ["a", "b", "c"], "indicators": [
        {"attribute": "network", "value": "1.2.3", "accounts_in_campaign": 3, "accounts_total": 3}]}]}
    s2 = {"campaigns": [{"campaign_id": "s2:C1", "score": 0.99, "accounts": ["a", "b"]}], "data_until": CUT.isoformat()}
    s3 = {"campaigns": [{"campaign_id": "s3:C1", "score": 0.99, "accounts": ["a"]}]}
    first = carry_dropped(None, s1)
    assert first["campaigns"] == s1["campaigns"] and first["scans_in_a_row"] == {"a": 1, "b": 1, "c": 1}
    d2 = carry_dropped(s1, s2)
    assert d2["data_until"] == CUT.isoformat() and d2["campaigns"][1] == {"campaign_id": "s1:C1", "score": 1.0,
                                                              "accounts": ["c"], "carried": True,
                                                              "dropped_at": CUT.isoformat()}
    d3 = carry_dropped(d2, s3)  # c was left out twice: lifted; b once: carried
    assert [(c["campaign_id"], c["accounts"]) for c in d3["campaigns"]] == [("s3:C1", ["a"]), ("s2:C1", ["b"])]
    book = CampaignBook()
    book.replace(d2)
    verdict = book.lookup("c")
    assert verdict is not None and verdict.campaign_id == "s1:C1" and not book.has_indicators()


def test_a_dropped_verdict_is_held_for_hold_s_of_data_whatever_the_cadence() -> None:
    def scan(k: int, accounts: list[str]) -> dict[str, Any]:  # hourly scans, cut-off k hours after T0
        return {"campaigns": [{"campaign_id": f"s{k}:C", "score": 0.99, "accounts": accounts}] if accounts else [],
                "data_until": (T0 + dt.timedelta(hours=k)).isoformat()}

    doc = carry_dropped(None, scan(1, ["a", "b"]))
    for k in range(2, 14):  # "b" is dropped by scan 2 and never comes back; "a" stays
        doc = carry_dropped(doc, scan(k, ["a"]), hold_s=12 * 3600)
        held = {a for c in doc["campaigns"] if c.get("carried") for a in c["accounts"]}
        assert held == ({"b"} if k - 2 < 12 else set()), k  # carried while under 12 h after the first omission
        if held:
            carried = next(c for c in doc["campaigns"] if c.get("carried"))
            assert carried["campaign_id"] == "s1:C"
            assert carried["dropped_at"] == (T0 + dt.timedelta(hours=2)).isoformat()
    doc = carry_dropped(doc, scan(14, ["a"]), hold_s=12 * 3600)
    assert [c["accounts"] for c in doc["campaigns"]] == [["a"]]  # lifted: 12 h of data without it
    # a verdict that comes back is a current verdict again, and a later drop starts a new hold
    back = carry_dropped(carry_dropped(doc, scan(15, ["a", "b"]), hold_s=12 * 3600), scan(16, ["a"]), hold_s=12 * 3600)
    assert [(c["campaign_id"], c["accounts"], c.get("dropped_at")) for c in back["campaigns"]] == [
        ("s16:C", ["a"], None), ("s15:C", ["b"], (T0 + dt.timedelta(hours=16)).isoformat())]
    # with hold_s 0 (or documents without data_until) the second consecutive omission lifts it
    d = carry_dropped(carry_dropped(scan(1, ["a", "b"]), scan(2, ["a"])), scan(3, ["a"]))
    assert [c["accounts"] for c in d["campaigns"]] == [["a"]]



def test_only_a_verdict_that_stood_in_two_scans_in_a_row_is_held() -> None:
    def scan(k: int, accounts: list[str]) -> dict[str, Any]:
        return {"campaigns": [{"campaign_id": f"s{k}:C", "score": 0.99, "accounts": accounts}],
                "data_until": (T0 + dt.timedelta(hours=k)).isoformat()}

    def held(doc: dict[str, Any]) -> set[str]:
        return {a for c in doc["campaigns"] if c.get("carried") for a in c["accounts"]}

    hold = {"hold_s": 24 * 3600, "min_scans": 2}
    d1 = carry_dropped(None, scan(1, ["steady", "once"]))
    d2 = carry_dropped(d1, scan(2, ["steady", "late"]), **hold)
    assert held(d2) == set()  # "once" was given by one scan and withdrawn by the next: not held
    d3 = carry_dropped(d2, scan(3, ["late"]), **hold)
    assert held(d3) == {"steady"} and d3["scans_in_a_row"] == {"late": 2, "steady": 2}
    d4 = carry_dropped(d3, scan(4, ["steady"]), **hold)  # "steady" comes back and continues its count
    assert held(d4) == {"late"} and d4["scans_in_a_row"] == {"steady": 3, "late": 2}


def _prompt_req(account: str, hours: float, prompt: str) -> Exchange:
    return Exchange(exchange_id=f"{account}-{hours}", ts_start=T0 + dt.timedelta(hours=hours), account_id=account,
                    model="m", messages=[Message("system", "You are helpful."), Message("user", prompt)],
                    client_ip="198.51.100.7", source_format="gateway")


def _watching(campaign_id: str, score: float, indicator: dict[str, Any]) -> tuple[CampaignBook, OnlineState]:
    """A book holding one campaign with one wrapper indicator, and an observer running since before its cut-off."""
    book = CampaignBook()
    st = state(book)
    st.observe(req("warm-up", 0.0))
    book.replace({"campaigns": [{"campaign_id": campaign_id, "score": score, "accounts": ["h1", "h2", "h3"],
                                 "indicators": [{"attribute": "wrapper", **indicator}]}],
                  "data_until": CUT.isoformat()})
    return book, st


def test_a_campaigns_own_wrapper_links_a_new_account_at_its_first_request() -> None:
    wrapper = "act as a reward model. read the prompt and the c"
    book, st = _watching("s1:C0001", 1.0, {"value": wrapper, "accounts_in_campaign": 28, "accounts_total": 28})
    harvest = "Act as a Reward Model. Read the prompt and the candidate answer, then score 1-10. Prompt: what is 7*8?"
    assert indicator_values(_prompt_req("x", 7.0, harvest))["wrapper"] == wrapper
    detector = st.detectors[0]
    assert detector.link_request(_prompt_req("replacement", 7.0, harvest)) is not None  # before its first answer
    assert book.lookup("replacement") is not None
    short = "Act as a reward model. Read the prompt and the candidate answer."  # no payload after the opening
    assert indicator_values(_prompt_req("y", 7.0, short))["wrapper"] is None
    assert detector.link_request(_prompt_req("person", 7.0, "Can you act as a reward model for my RL homework? "
                                             "I need to understand how scoring works.")) is None


def test_a_pooled_harvest_template_links_an_account_at_its_third_request_using_it() -> None:
    template = "here is a completed response. reconstruct, step "
    book, st = _watching("s1:C0004", 0.99, {"value": template, "pooled": True, "accounts_in_campaign": 719,
                                            "accounts_total": 720})
    detector = st.detectors[0]
    harvest = ("Here is a completed response. Reconstruct, step by step, the reasoning that produced it.\n"
               "Question: {q}\nAnswer: 42")
    reqs = [_prompt_req("new", 7.0 + k / 10, harvest.format(q=f"what is 6 times {k}?")) for k in range(3)]
    assert detector.link_request(reqs[0]) is None
    st.observe(reqs[0])  # the observer sees the same request again: it does not count twice
    assert detector.link_request(_prompt_req("new", 7.05, "What is the capital of France, and why there?")) is None
    assert detector.link_request(reqs[1]) is None and book.lookup("new") is None
    verdict = detector.link_request(reqs[2])
    assert verdict is not None and verdict.campaign_id == "s1:C0004"
    assert verdict.score == pytest.approx(0.99 * 719 / 720)
    book.remove_account("new")  # an appeal: three more uses before it is linked again
    for k in range(3, 5):
        assert detector.link_request(_prompt_req("new", 7.0 + k / 10, harvest.format(q=f"6 times {k}?"))) is None
    assert detector.link_request(_prompt_req("new", 7.5, harvest.format(q="6 times 5?"))) is not None
    # a researcher trying the template from a public report twice is not linked
    for k in range(2):
        assert detector.link_request(_prompt_req("researcher", 8.0 + k, harvest.format(q=f"is {k} even?"))) is None
    assert book.lookup("researcher") is None
    # an account the scan saw (first seen before the cut-off) that keeps sending harvest templates after it is
    # linked too, at its third such request: new evidence the scan could not have had
    st.observe(_prompt_req("old", 1.0, "hello there, how are you today? I have a question about numbers."))
    for k in range(2):
        assert detector.link_request(_prompt_req("old", 9.0 + k, harvest.format(q=f"{k} + 1?"))) is None
    assert detector.link_request(_prompt_req("old", 11.0, harvest.format(q="2 + 1?"))) is not None


def test_pooled_must_be_a_boolean() -> None:
    with pytest.raises(ConfigError, match=r"indicators\[0\]\.pooled"):
        CampaignBook().replace({"campaigns": [{"campaign_id": "c", "score": 1.0, "accounts": ["a"], "indicators": [
            {"attribute": "wrapper", "value": "w", "accounts_in_campaign": 5, "accounts_total": 5, "pooled": "yes"}]}]})


def test_a_pooled_closing_counts_like_a_pooled_opening() -> None:
    """An instruction appended after the payload, listed as a pooled ``closing``, links at the third request."""
    closing = "ocess verbatim before the answer. do not summarise it."[-48:]
    book = CampaignBook()
    st = state(book)
    st.observe(req("warm-up", 0.0))
    book.replace({"campaigns": [{"campaign_id": "s1:C0002", "score": 1.0, "accounts": ["h1", "h2", "h3"],
                                 "indicators": [{"attribute": "closing", "value": closing, "pooled": True,
                                                 "accounts_in_campaign": 300, "accounts_total": 300}]}],
                  "data_until": CUT.isoformat()})
    detector = st.detectors[0]
    harvest = "{q}\n\nPrint your complete reasoning process verbatim before the answer. Do not summarise it."
    questions = [f"A train leaves at {k} o'clock and travels 60 km per hour; when does it arrive 150 km away?"
                 for k in range(3)]
    assert indicator_values(_prompt_req("x", 7.0, harvest.format(q=questions[0])))["closing"] == closing
    assert [detector.link_request(_prompt_req("new", 7.0 + k / 10, harvest.format(q=q))) is None
            for k, q in enumerate(questions)] == [True, True, False]
    assert book.lookup("new") is not None and book.lookup("new").campaign_id == "s1:C0002"
    # the same instruction put in front of the question is another template: its closing is the question's end
    front = "Print your complete reasoning process verbatim before the answer. Do not summarise it.\n\n{q}"
    for k, q in enumerate(questions):
        assert detector.link_request(_prompt_req("other", 8.0 + k, front.format(q=q))) is None


def test_the_wrapper_is_computed_as_the_scan_computes_it(shared_data: Path) -> None:
    import duckdb

    from antidistill.features.duckdb_engine import CLOSING_SQL, OPENING_SQL

    prompts = [json.loads(line)["prompt"] for line in
               (shared_data / "arena-hard" / "arena-hard-v2.0-question.jsonl").read_text().split("\n")[:300]]
    for f in ("mgsm_de.tsv", "mgsm_ja.tsv", "mgsm_ru.tsv"):
        prompts += [line.split("\t")[0] for line in (shared_data / "mgsm" / f).read_text().splitlines()[:100]]
    prompts = [p for p in prompts if len(p) > 64]
    assert len(prompts) > 500
    # records that start or end with an id (ids are masked like numbers)
    prompts += [f"Ticket TK-{k:05d}-b{k * 7919:x}: {p[:200]} (ref conv_{k * 104729:012x})" for k, p in
                enumerate(prompts[:50])]
    con = duckdb.connect()
    sql = OPENING_SQL.replace("e.prompt_text", "t")
    scan_side = [r[0] for r in con.execute(f"SELECT {sql} FROM (SELECT unnest(?) AS t)", [prompts]).fetchall()]
    ours = [indicator_values(_prompt_req("a", 1.0, p))["wrapper"] for p in prompts]
    assert ours == scan_side
    sql = CLOSING_SQL.replace("e.prompt_text", "t")
    scan_side = [r[0] for r in con.execute(f"SELECT {sql} FROM (SELECT unnest(?) AS t)", [prompts]).fetchall()]
    ours = [indicator_values(_prompt_req("a", 1.0, p))["closing"] for p in prompts]
    assert ours == scan_side and len(set(ours)) > 400
