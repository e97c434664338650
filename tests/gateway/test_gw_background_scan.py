"""The gateway scans its own event log in the background and feeds the verdicts to its campaign book."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from antidistill.errors import ConfigError
from antidistill.gateway.background_scan import BackgroundScan
from antidistill.gateway.campaigns import CampaignBook
from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.eventlog import EventLog
from antidistill.gateway.runtime import Gateway
from antidistill.records import table_to_exchanges

pytestmark = pytest.mark.gateway


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None], float]:
    """The traffic lab's ``tiny`` scenario written as a gateway event log: (events dir, labels, last request time)."""
    from antidistill.lab.simulator import load_scenario, simulate

    scen = tmp_path_factory.mktemp("tiny")
    simulate(load_scenario("tiny"), 3, scen)
    events = tmp_path_factory.mktemp("state") / "events"
    last = 0.0
    with EventLog(directory=events, fsync_window_s=1.0, rotate_bytes=4 << 20) as log:
        for f in sorted((scen / "exchanges").glob("*.parquet")):
            for ex in table_to_exchanges(pq.read_table(f)):
                log.append_exchange(ex, {"action": "allow", "reasons": []})
                last = max(last, ex.ts_start.timestamp())
    labels = {r["account_id"]: r["campaign_id"]
              for r in pq.read_table(scen / "labels.parquet", columns=["account_id", "campaign_id"]).to_pylist()}
    return events, labels, last


def test_a_round_scans_the_log_and_replaces_the_campaign_book(logged: tuple[Path, dict[str, str | None], float],
                                                               tmp_path: Path) -> None:
    events, labels, last = logged
    book = CampaignBook()
    until = last + 60
    bg = BackgroundScan(events_dir=events, work_dir=tmp_path / "scan", book=book, every_s=3600, clock=lambda: until)
    first = bg.run_once()
    doc = json.loads((tmp_path / "scan" / "campaigns.json").read_text())
    confirmed = [c for c in doc["campaigns"] if ":suspect:" not in c["campaign_id"]]
    assert confirmed, "the tiny scenario's campaigns are confirmed by the scan of the gateway's log"
    flagged = {a for c in doc["campaigns"] for a in c["accounts"]}
    assert flagged and all(labels[a] is not None for a in flagged), "no benign account gets a verdict"
    assert book.data_until == pytest.approx(until)  # accounts first seen later can be linked by indicators
    assert all(book.lookup(a) is not None for a in flagged)
    assert first.accounts == len(flagged) and first.carried == 0 and bg.rounds == 1
    # the next round appends to the same database: no exchange is counted twice, the verdicts stay
    summary1 = json.loads((tmp_path / "scan" / "round-000001" / "summary.json").read_text())
    second = bg.run_once()
    summary2 = json.loads((tmp_path / "scan" / "round-000002" / "summary.json").read_text())
    assert summary2["exchanges_total"] == summary1["exchanges_total"]
    # and it reads only what it has not read whole: the open (newest) segment, not the rotated ones
    segments = sorted(events.glob("events-*.jsonl"))
    assert len(segments) > 2
    newest = segments[-1].read_text().count("\n")
    assert summary1["rows_read"] == summary1["exchanges_total"] and summary2["rows_read"] == newest
    assert second.accounts == first.accounts
    assert bg.status()["rounds"] == 2 and bg.status()["last_error"] is None


def test_a_failed_round_keeps_the_previous_verdicts(tmp_path: Path) -> None:
    book = CampaignBook()
    book.replace({"campaigns": [{"campaign_id": "c1", "score": 0.97, "accounts": ["acct-1"]}]})
    bg = BackgroundScan(events_dir=tmp_path / "no-such-log", work_dir=tmp_path / "scan", book=book, every_s=60)
    with pytest.raises(RuntimeError, match="background scan exited with"):
        bg.run_once()
    verdict = book.lookup("acct-1")
    assert verdict is not None and verdict.campaign_id == "c1" and bg.rounds == 0


def test_the_schedule_runs_rounds_on_its_thread_and_stops(tmp_path: Path) -> None:
    book = CampaignBook()
    bg = BackgroundScan(events_dir=tmp_path / "no-such-log", work_dir=tmp_path / "scan", book=book, every_s=0.05)
    bg.start()
    deadline = time.monotonic() + 60
    while bg.last_error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    bg.stop()
    assert bg.last_error is not None and "exited with" in bg.last_error  # a failed round is logged, not raised
    assert bg._thread is None and bg.rounds == 0


def test_config_turns_it_on_and_rejects_two_sources_of_verdicts(tmp_path: Path) -> None:
    gw = Gateway(GatewayConfig(state_dir=tmp_path / "state", scan_every_s=900.0))
    try:
        assert gw.background_scan is not None and gw.background_scan.every_s == 900.0
        assert gw.background_scan.events_dir == tmp_path / "state" / "events"
        assert gw.health()["background_scan"] == {"every_s": 900.0, "rounds": 0, "last": None, "last_error": None}
    finally:
        gw.events.close()
    off = Gateway(GatewayConfig(state_dir=tmp_path / "off"))
    try:
        assert off.background_scan is None and "background_scan" not in off.health()
    finally:
        off.events.close()
    with pytest.raises(ConfigError, match="not both"):
        GatewayConfig(scan_every_s=60.0, campaigns_file=tmp_path / "c.json").validate()
    with pytest.raises(ConfigError, match="scan_lift_after_s"):
        GatewayConfig(scan_lift_after_s=-1.0).validate()
    assert dt.timedelta(seconds=GatewayConfig().scan_lift_after_s) == dt.timedelta(days=1)

