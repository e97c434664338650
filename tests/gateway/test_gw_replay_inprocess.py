"""The in-process replay: same decisions as the HTTP path, verdicts fed back on the simulated clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from gw_stack import stack_with
from test_gw_replay import POLICY, T0, scenario

from antidistill.errors import ConfigError
from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.eventlog import DiscardLog, read_events
from antidistill.gateway.replay import load_personas, load_scenario, mint_keys, replay
from antidistill.gateway.replay_inprocess import InProcessReplay, VerdictUpdate, stream_rows
from antidistill.gateway.runtime import Gateway
from antidistill.gateway.scanloop import verdicts_from_scan, write_slice

pytestmark = pytest.mark.gateway

# one harvest account known to linkage from the start (blocked); the others only hit the burst rule
CAMPAIGNS = {"campaigns": [{"campaign_id": "linked", "score": 0.95, "accounts": ["bot-2"]}]}
POLICY_WITH_CAMPAIGNS = POLICY + """
  - name: linked-campaign
    when: {campaign_score: {gte: 0.9}}
    action: block
  - name: asks-for-reasoning
    when: {reasoning_elicitation_hits_24h: {gte: 1}}
    action: flag
"""


def decisions(events: Path) -> list[tuple[Any, ...]]:
    """(account, simulated time, action, enforced, every action, rules) per logged exchange, in log order."""
    return [(r["account_id"], r["ts_start"], r["decision"]["action"], r["decision"]["enforced"],
             tuple(r["decision"]["actions"]), tuple(m["rule"] for m in r["decision"]["matches"]))
            for r in read_events(events)]


def in_process(tmp: Path, scen: Path, config: dict[str, Any], verdicts: list[VerdictUpdate] | None = None,
               *, keep_events: bool = True) -> tuple[dict[str, Any], Path]:
    cfg = GatewayConfig(**{"state_dir": tmp, "replay_clock": True, "trust_forwarded_for": True, **config})
    gw = Gateway(cfg, events=None if keep_events else DiscardLog())
    try:
        _, campaigns = load_scenario(scen)
        runner = InProcessReplay(gateway=gw, campaigns=campaigns, personas=load_personas(scen),
                                 verdicts=verdicts or [])
        report = runner.run(stream_rows(scen, work_dir=tmp, chunk_rows=7))
    finally:
        gw.events.close()
    return report.to_dict(), cfg.events_dir


def http(tmp: Path, scen: Path, config: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    rows, campaigns = load_scenario(scen)
    tmp.mkdir(parents=True, exist_ok=True)
    with stack_with(tmp, trust_forwarded_for=True, replay_clock=True, **config) as s:
        keys = mint_keys(s.gateway.keys, rows)
        report = asyncio.run(replay(rows, campaigns, keys, gateway=s.url, speed=0, concurrency=1,
                                    personas=load_personas(scen)))
        s.gateway.events.flush()
        return report.to_dict(), s.gateway.config.events_dir


def test_in_process_and_http_make_identical_decisions(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    (tmp_path / "campaigns.json").write_text(json.dumps(CAMPAIGNS))
    (tmp_path / "policy.yaml").write_text(POLICY_WITH_CAMPAIGNS)
    config = {"observe_interval_s": 0, "campaigns_file": tmp_path / "campaigns.json"}
    over_http, http_events = http(tmp_path / "http", scen, {**config, "policy": POLICY_WITH_CAMPAIGNS})
    local, local_events = in_process(tmp_path / "local", scen, {**config, "policy": tmp_path / "policy.yaml"})
    got_http, got_local = decisions(http_events), decisions(local_events)
    assert len(got_http) == len(got_local) == 72
    assert got_local == got_http
    actions = {d[2] for d in got_local}
    assert {"block", "throttle", "allow"} <= actions
    for key in ("requests", "served", "denied", "served_before_first_denial"):
        assert local["campaigns"]["camp-1"][key] == over_http["campaigns"]["camp-1"][key]
        assert local["benign"][key] == over_http["benign"][key]


def test_verdicts_reach_the_gateway_at_their_simulated_time(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    at = (T0 + dt.timedelta(seconds=6)).timestamp()  # the harvest runs 12 s: half of it before the verdict
    update = VerdictUpdate(at=at, label="scan 1", campaigns={"campaigns": [
        {"campaign_id": "c", "score": 1.0, "accounts": ["bot-0", "bot-1", "bot-2"]}]})
    only_linkage = "version: 1\nrules: [{name: linked, when: {campaign_score: {gte: 0.9}}, action: block}]\n"
    (tmp_path / "linkage.yaml").write_text(only_linkage)
    report, events = in_process(tmp_path / "ip", scen, {"policy": tmp_path / "linkage.yaml"}, [update])
    rows = list(read_events(events))
    blocked = [r for r in rows if r["decision"]["action"] == "block"]
    assert blocked and all(dt.datetime.fromisoformat(r["ts_start"].replace("Z", "+00:00")).timestamp() >= at
                           for r in blocked)
    camp = report["campaigns"]["camp-1"]
    assert camp["served"] == camp["served_before_first_denial"] == camp["served_before_action"] == 30
    assert camp["denied"] == 30 and report["benign_denied"] == 0
    assert report["verdicts_applied"][0]["accounts"] == 3


def test_per_account_rows_say_when_and_why_each_account_was_first_restricted(tmp_path: Path,
                                                                             shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    at = (T0 + dt.timedelta(seconds=6)).timestamp()
    update = VerdictUpdate(at=at, label="scan 1", campaigns={"campaigns": [
        {"campaign_id": "c", "score": 1.0, "accounts": ["bot-0", "bot-1", "bot-2"]}]})
    (tmp_path / "linkage.yaml").write_text(
        "version: 1\nrules: [{name: linked, when: {campaign_score: {gte: 0.9}}, action: block}]\n")
    cfg = GatewayConfig(state_dir=tmp_path / "ip", replay_clock=True, trust_forwarded_for=True,
                        policy=tmp_path / "linkage.yaml")
    gw = Gateway(cfg, events=DiscardLog())
    _, campaigns = load_scenario(scen)
    runner = InProcessReplay(gateway=gw, campaigns=campaigns, personas=load_personas(scen), verdicts=[update])
    report = runner.run(stream_rows(scen, work_dir=tmp_path, chunk_rows=7)).to_dict()
    rows = {r["account_id"]: r for r in runner.account_rows()}
    bots = [rows[f"bot-{i}"] for i in range(3)]
    assert sum(b["served_before_action"] for b in bots) == report["campaigns"]["camp-1"]["served_before_action"] == 30
    assert sum(b["requests"] for b in bots) == 60
    for b in bots:
        assert b["label"] == "camp-1" and b["first_action_by"] == "rules; linked [c]"
        assert dt.datetime.fromisoformat(b["first_action"]).timestamp() >= at > \
            dt.datetime.fromisoformat(b["first_request"]).timestamp()
    honest = [r for r in rows.values() if not r["account_id"].startswith("bot-")]
    assert honest and all(r["first_action"] == "" and r["served_before_action"] == r["requests"] for r in honest)
    assert sum(r["requests"] for r in honest) == report["benign"]["requests"]


def test_verdicts_known_from_the_start(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    (tmp_path / "linkage.yaml").write_text("version: 1\nrules: [{name: l, when: {campaign_score: {gte: 0.9}}, "
                                           "action: block}]\n")
    update = VerdictUpdate(at=float("-inf"), label="upper bound", campaigns={"campaigns": [
        {"campaign_id": "c", "score": 1.0, "accounts": ["bot-0", "bot-1", "bot-2"]}]})
    report, _ = in_process(tmp_path / "ip", scen, {"policy": tmp_path / "linkage.yaml"}, [update], keep_events=False)
    assert report["campaigns"]["camp-1"]["served"] == 0 and report["verdicts_applied"][0]["at"] == "start"


def test_stream_rows_match_the_time_order_of_load_scenario(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    rows, _ = load_scenario(scen)
    streamed = [r for chunk in stream_rows(scen, work_dir=tmp_path, shard_s=5.0, chunk_rows=4) for r in chunk]
    assert [r["exchange_id"] for r in streamed] == [r["exchange_id"] for r in rows]
    assert not list(tmp_path.glob("replay-shards-*"))  # shards are removed


def test_discard_log_and_the_in_process_report(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    (tmp_path / "policy.yaml").write_text(POLICY)
    report, events = in_process(tmp_path / "ip", scen, {"policy": tmp_path / "policy.yaml"}, keep_events=False)
    assert not list(events.glob("*.jsonl")) and report["exchanges"] == 72 and report["mode"] == "in-process"
    assert report["benign"]["requests"] == 12 and report["benign_denied"] == 0
    assert 0 < report["campaigns"]["camp-1"]["served_before_action_fraction"] < 0.5


def test_in_process_needs_the_replay_clock(tmp_path: Path) -> None:
    gw = Gateway(GatewayConfig(state_dir=tmp_path), events=DiscardLog())
    with pytest.raises(ValueError, match="replay_clock"):
        InProcessReplay(gateway=gw, campaigns={})


def test_observe_interval_zero_is_allowed_negative_is_not() -> None:
    assert GatewayConfig(observe_interval_s=0).validate().observe_interval_s == 0
    with pytest.raises(ConfigError, match="observe_interval_s"):
        GatewayConfig(observe_interval_s=-1).validate()


def test_verdicts_from_scan_maps_confirmed_campaigns_and_suspects(tmp_path: Path) -> None:
    (tmp_path / "campaigns.json").write_text(json.dumps([
        {"campaign_id": "C0001", "confirmed": True, "p_value": 0.01, "members": ["a", "b"]},
        {"campaign_id": "C0002", "confirmed": False, "p_value": 0.4, "members": ["c", "d"]}]))
    (tmp_path / "accounts.csv").write_text(
        "account_id,risk,verdict,campaign_id,reasons,score,p_null,n_exchanges\n"
        "a,0.99,campaign,C0001,,9,0.001,10\nc,0.99,suspect,,,9,0.001,10\nd,0.5,watch,,,3,0.1,10\n"
        "e,0.1,clear,,,1,0.5,10\n")
    doc = verdicts_from_scan(tmp_path, prefix="s1:")
    assert doc["campaigns"] == [{"campaign_id": "s1:C0001", "score": 0.99, "accounts": ["a", "b"]},
                                {"campaign_id": "s1:suspect:c", "score": 0.7, "accounts": ["c"]}]
    assert len(verdicts_from_scan(tmp_path, suspect_score=None)["campaigns"]) == 1


def test_verdicts_from_scan_answers_a_coordinated_anomaly_with_verification_not_a_block(tmp_path: Path) -> None:
    """A campaign confirmed only as anomalous accounts of several organisations on one card (no reasoning
    elicitation), by either coordinated route, by co-timed requests of several organisations or by sign-ups taking
    turns or by reused answers, goes to the gateway
    at the verification score; one also confirmed
    on distillation evidence keeps its null-model score."""
    (tmp_path / "campaigns.json").write_text(json.dumps([
        {"campaign_id": "C0001", "confirmed": True, "confirmed_by": ["coordinated_anomaly"], "p_value": 1e-12,
         "members": ["a", "b", "c"]},
        {"campaign_id": "C0002", "confirmed": True, "confirmed_by": ["coordinated_anomaly", "specific_evidence"],
         "p_value": 1e-9, "members": ["d", "e", "f"]},
        {"campaign_id": "C0003", "confirmed": True, "confirmed_by": ["coordinated_anomaly", "coordinated_harness"],
         "p_value": 1e-14, "members": ["g", "h", "i"]},
        {"campaign_id": "C0004", "confirmed": True, "confirmed_by": ["coordinated_requests"],
         "p_value": 1e-40, "members": ["j", "k", "l", "m", "n"]},
        {"campaign_id": "C0005", "confirmed": True, "confirmed_by": ["account_relay"],
         "p_value": 4.5e-8, "members": ["o", "p", "q", "r", "s"]},
        {"campaign_id": "C0006", "confirmed": True, "confirmed_by": ["output_reuse"],
         "p_value": 0.0, "members": ["t", "u", "v"]}]))
    (tmp_path / "accounts.csv").write_text("account_id,risk,verdict,campaign_id,reasons\n")
    doc = verdicts_from_scan(tmp_path)
    assert [(c["campaign_id"], c["score"]) for c in doc["campaigns"]] == [
        ("C0001", 0.7), ("C0002", 1.0 - 1e-9), ("C0003", 0.7), ("C0004", 0.7), ("C0005", 0.7), ("C0006", 0.7)]
    assert verdicts_from_scan(tmp_path, anomaly_score=0.5)["campaigns"][0]["score"] == 0.5


def test_write_slice_keeps_only_its_time_range(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    n = write_slice(scen, None, T0 + dt.timedelta(seconds=6), tmp_path / "prefix")
    table = pq.read_table(tmp_path / "prefix" / "exchanges")
    assert n == table.num_rows == 30 + 1  # 30 harvest requests at 0.2 s spacing, one human request at T0
    later = write_slice(scen, T0 + dt.timedelta(seconds=6), T0 + dt.timedelta(hours=2), tmp_path / "later")
    assert later == 72 - 31


@pytest.mark.slow
def test_in_process_matches_http_on_the_tiny_scenario(tmp_path: Path, shared_data: Path) -> None:
    """The lab's tiny scenario (about 32k exchanges, several minutes over HTTP), default policy, half of
    each campaign's accounts linked at 0.95 (block) and half at 0.6 (throttle) from the start."""
    from antidistill.lab.simulator import load_scenario as load_lab_scenario
    from antidistill.lab.simulator import simulate

    scen = tmp_path / "tiny"
    simulate(load_lab_scenario("tiny"), 7, scen, data_dir=shared_data)
    labels = pq.read_table(scen / "labels.parquet").to_pylist()
    camp: dict[str, list[str]] = {}
    for r in labels:
        if r["campaign_id"]:
            camp.setdefault(r["campaign_id"], []).append(r["account_id"])
    doc = {"campaigns": [c for cid, accts in camp.items() for c in (
        {"campaign_id": f"{cid}-hi", "score": 0.95, "accounts": accts[::2]},
        {"campaign_id": f"{cid}-mid", "score": 0.6, "accounts": accts[1::2]})]}
    (tmp_path / "campaigns.json").write_text(json.dumps(doc))
    config = {"observe_interval_s": 0, "campaigns_file": tmp_path / "campaigns.json"}
    _, http_events = http(tmp_path / "http", scen, config)
    _, local_events = in_process(tmp_path / "local", scen, config)
    got_http, got_local = decisions(http_events), decisions(local_events)
    assert len(got_local) == len(got_http) > 30_000
    assert got_local == got_http
    assert {"block", "throttle"} <= {d[2] for d in got_local}


def test_a_logged_request_without_messages_is_an_error_not_the_end_of_the_replay(tmp_path: Path) -> None:
    from antidistill.records import Exchange, Message, exchanges_to_table

    rows = [Exchange(exchange_id=f"x{i}", ts_start=T0 + dt.timedelta(minutes=i), account_id="a", model="m",
                     messages=[Message("user", f"What is {i} + {i}?")]) for i in range(4)]
    rows.insert(2, Exchange(exchange_id="empty", ts_start=T0 + dt.timedelta(minutes=1.5), account_id="a", model="m",
                            messages=[], status="error", http_status=429))  # a gateway log's rate-limited call
    scen = tmp_path / "scen"
    (scen / "exchanges").mkdir(parents=True)
    pq.write_table(exchanges_to_table(rows), scen / "exchanges" / "part-0.parquet")
    gw = Gateway(GatewayConfig(state_dir=tmp_path / "gw", replay_clock=True, observe_interval_s=0), events=DiscardLog())
    report = InProcessReplay(gateway=gw, campaigns={"a": None}).run(stream_rows(scen, work_dir=tmp_path)).to_dict()
    assert report["malformed_requests"] == 1 and report["exchanges"] == 5
    assert report["benign"]["requests"] == 5 and report["benign"]["served"] == 4 and report["benign"]["errors"] == 1


def test_labels_that_write_a_benign_accounts_campaign_as_an_empty_id_count_it_as_benign(tmp_path: Path) -> None:
    """Logs' labels (the held-out probes') write "" where the lab writes null: both are benign, not a campaign ""."""
    import pyarrow as pa
    from click.testing import CliRunner

    from antidistill.cli import app
    from antidistill.records import Exchange, Message, exchanges_to_table

    rows = [Exchange(exchange_id=f"x{i}", ts_start=T0 + dt.timedelta(minutes=i), account_id="ab"[i % 2], model="m",
                     messages=[Message("user", f"What is {i} + {i}?")]) for i in range(6)]
    scen = tmp_path / "scen"
    (scen / "exchanges").mkdir(parents=True)
    pq.write_table(exchanges_to_table(rows), scen / "exchanges" / "part-0.parquet")
    pq.write_table(pa.table({"account_id": ["a", "b"], "campaign_id": ["", "C01"]}), scen / "labels.parquet")
    _, campaigns = load_scenario(scen)
    assert campaigns == {"a": None, "b": "C01"}
    result = CliRunner().invoke(app, ["replay", str(scen), "--in-process", "--state-dir", str(tmp_path / "st")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert set(report["campaigns"]) == {"C01"} and report["benign"]["requests"] == 3
