"""``antidistill replay`` against a real gateway, on a small scenario built from real prompts."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from gw_stack import stack_with

from antidistill.cli import app, main
from antidistill.errors import ConfigError
from antidistill.gateway.eventlog import read_events
from antidistill.gateway.keys import KeyStore
from antidistill.gateway.replay import load_scenario, mint_keys, replay, require_loopback
from antidistill.records import Exchange, Message, exchanges_to_table

pytestmark = pytest.mark.gateway

T0 = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)

POLICY = """
version: 1
throttle: {account_rate_per_s: 0.001, account_burst: 2, campaign_rate_per_s: 0.001, campaign_burst: 4}
rules:
  - name: burst
    when: {requests_1m: {gte: 4}}
    action: throttle
"""


def jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def scenario(tmp: Path, shared_data: Path) -> Path:
    questions = [r["question"] for r in jsonl(shared_data / "gsm8k" / "test.jsonl")][:12]
    tasks = [r["instruction"] for r in jsonl(shared_data / "self-instruct" / "seed_tasks.jsonl")]
    rows = []
    for i, q in enumerate(questions):  # 4 people, 3 questions each, minutes apart
        rows.append(Exchange(exchange_id=f"b{i}", ts_start=T0 + dt.timedelta(minutes=7 * i),
                             account_id=f"human-{i % 4}", model="mock-1", messages=[Message("user", q)],
                             client_ip="198.51.100.7", user_agent="Mozilla/5.0", account_tier="standard"))
    for i, t in enumerate(tasks[:60]):  # 3 harvest accounts, 20 requests each within a few seconds
        rows.append(Exchange(exchange_id=f"h{i}", ts_start=T0 + dt.timedelta(seconds=0.2 * i),
                             account_id=f"bot-{i % 3}", model="mock-1",
                             messages=[Message("user", f"{t}\nExplain your reasoning step by step.")],
                             client_ip=f"203.0.113.{i % 50}", user_agent="python-requests/2.31", account_tier="free"))
    (tmp / "exchanges").mkdir(parents=True)
    pq.write_table(exchanges_to_table(rows), tmp / "exchanges" / "part-0.parquet")
    labels = [{"account_id": f"human-{i}", "campaign_id": None, "archetype": "human"} for i in range(4)]
    labels += [{"account_id": f"bot-{i}", "campaign_id": "camp-1", "archetype": "harvester"} for i in range(3)]
    pq.write_table(pa.Table.from_pylist(labels), tmp / "labels.parquet")
    return tmp


def test_replay_reports_what_each_campaign_got_through(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    rows, campaigns = load_scenario(scen)
    assert len(rows) == 72 and campaigns["bot-0"] == "camp-1" and campaigns["human-0"] is None
    with stack_with(tmp_path, policy=POLICY, trust_forwarded_for=True, replay_clock=True,
                    observe_interval_s=0.005) as s:
        keys = mint_keys(s.gateway.keys, rows)
        report = asyncio.run(replay(rows, campaigns, keys, gateway=s.url, speed=0, concurrency=1))
        logged = s.gateway.events.lines_written
        s.gateway.events.flush()
        times = {r["exchange_id"]: r["ts_start"] for r in read_events(s.gateway.config.events_dir)}
    out = report.to_dict()
    camp = out["campaigns"]["camp-1"]
    assert camp["accounts"] == 3 and camp["requests"] == 60
    assert camp["served"] < 30 and camp["denied"] == 60 - camp["served"]
    assert camp["served_before_denial_fraction"] <= camp["served_fraction"] < 0.5
    assert out["benign"]["requests"] == 12 and out["benign_denied"] == 0 and out["benign"]["served"] == 12
    assert logged == 72
    first = min(dt.datetime.fromisoformat(t.replace("Z", "+00:00")) for t in times.values())
    assert first == T0  # the log is on the simulated timeline, not wall time


def test_replay_refuses_non_loopback(tmp_path: Path, shared_data: Path) -> None:
    require_loopback("http://127.0.0.1:8088")
    require_loopback("http://localhost:8088")
    for url in ("http://8.8.8.8:8088", "https://example.com", "not a url"):
        with pytest.raises(ConfigError):
            require_loopback(url)
    scen = scenario(tmp_path / "scen", shared_data)
    assert main(["replay", str(scen), "--gateway", "http://192.0.2.1:8088", "--state-dir", str(tmp_path)]) == 2


def test_replay_cli_mints_keys_per_account(tmp_path: Path, shared_data: Path) -> None:
    scen = scenario(tmp_path / "scen", shared_data)
    with stack_with(tmp_path, policy=POLICY) as s:
        result = CliRunner().invoke(app, ["replay", str(scen), "--gateway", s.url, "--concurrency", "8",
                                          "--state-dir", str(s.gateway.config.state_dir)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["benign"]["requests"] == 12 and report["campaigns"]["camp-1"]["requests"] == 60
    accounts = {a.account_id for a in KeyStore(path=s.gateway.config.keys_path).accounts()}
    assert accounts == {f"human-{i}" for i in range(4)} | {f"bot-{i}" for i in range(3)}
