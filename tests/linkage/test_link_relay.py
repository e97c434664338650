"""Account relays (``linkage.relay``): short-lived sign-ups that take turns, against honest crowds that do not.

The arrays below are the shapes the route reads (first and last request, client, tail, organisation, sign-up
time); the last test runs the whole scan on a log built from real prompts (Arena-Hard, GSM8K): a conveyor of
trial sign-ups that each burn their credit in under an hour and hand over to the next, beside a release-day rush
of honest sign-ups on the same SDK (a fifth of them scripting through their credit the same way) and ordinary
users.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zlib
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.linkage.relay import (
    RELAY_GAP_S,
    longest_run,
    poisson_binomial_sf,
    relay_groups,
    run_sf,
    turn_chance,
)
from antidistill.records import Exchange, Message, exchanges_to_table

H = 3600.0
WEEK = 7 * 86400.0
RELEASE = 3 * 86400.0 + 15 * H
SDK = "OpenAI/JS 4.77.3"


def _population(rng: np.random.Generator, *, conveyor: int = 30, rush: int = 60, people: int = 300,
                rush_tail: int = 8) -> dict[str, np.ndarray]:
    """Accounts: ``conveyor`` sign-ups working 40-60 min each, the next starting 3-50 min after the last one's final
    request (from the release on); ``rush`` honest sign-ups starting in the hours after the release (exponential,
    mean 3 h), an hour each, ``rush_tail`` of them in the tail; ``people`` ordinary users over the week, long-lived."""
    first, last, client, tail, org, created, kind = [], [], [], [], [], [], []
    t = RELEASE + 0.5 * H
    for i in range(conveyor):
        first.append(t)
        last.append(t + rng.uniform(40, 60) * 60)
        created.append(t - rng.uniform(2, 25) * 60)
        t = last[-1] + rng.uniform(3, 50) * 60
        client.append(SDK), tail.append(True), org.append(f"org-c{i}"), kind.append("conveyor")
    for i in range(rush):
        s = RELEASE + rng.exponential(3 * H)
        first.append(s)
        last.append(s + rng.uniform(0.5, 1.5) * H)
        created.append(s - rng.uniform(0.1, 3) * H)
        client.append(SDK), tail.append(i < rush_tail), org.append(f"org-r{i}"), kind.append("rush")
    for i in range(people):
        s = rng.uniform(0, WEEK - 2 * 86400)
        first.append(s)
        last.append(s + rng.uniform(1, 5) * 86400)
        created.append(s - rng.uniform(1, 200) * 86400)
        client.append(SDK if i % 3 == 0 else "OpenAI/Python 1.54.4"), tail.append(False), org.append(f"org-p{i}")
        kind.append("person")
    return {"first": np.array(first), "last": np.array(last), "client": np.array(client, dtype=object),
            "tail": np.array(tail), "org": np.array(org, dtype=object), "created": np.array(created),
            "kind": np.array(kind)}


@pytest.mark.parametrize("seed", range(12))
def test_a_conveyor_of_sign_ups_is_a_relay_and_the_release_day_rush_is_not(seed: int) -> None:
    """Thirty sign-ups taking turns from the release on, through a rush of sixty honest sign-ups of the same SDK
    (eight of them in the tail). The route's weak spot shows: a rush sign-up that starts in a gap of the chain and
    finishes before the next link starts is taken for a link; at most one does, in these draws."""
    p = _population(np.random.default_rng(seed))
    (g,) = relay_groups(p["first"], p["last"], p["client"], p["tail"], alpha=1e-3, org=p["org"])
    kinds = p["kind"][g.members]
    assert (kinds == "conveyor").sum() >= 22 and (kinds == "rush").sum() <= 1 and "person" not in kinds
    assert g.handovers >= 25 and g.expected < 12 and g.p_value < 1e-6 and g.client == SDK


def test_a_release_day_rush_alone_takes_no_turns() -> None:
    """Every one of sixty release-day sign-ups in the tail: dense, so they overlap instead of taking turns."""
    q = _population(np.random.default_rng(6), conveyor=0, rush=60, rush_tail=60)
    assert relay_groups(q["first"], q["last"], q["client"], q["tail"], alpha=1e-3, org=q["org"]) == []


@pytest.mark.parametrize("seed", range(20))
def test_the_rush_and_the_people_make_no_relay_by_chance(seed: int) -> None:
    """Twenty draws of a release-day rush in which every sign-up is in the tail and a third of the people run the
    same SDK: the route never confirms one (it is held to ``alpha / clients tested``)."""
    q = _population(np.random.default_rng(100 + seed), conveyor=0, rush=80, rush_tail=80)
    q["tail"][q["kind"] == "person"] = np.random.default_rng(seed).random(300) < 0.1
    q["last"][q["kind"] == "person"] = q["first"][q["kind"] == "person"] + H  # short-lived too
    assert relay_groups(q["first"], q["last"], q["client"], q["tail"], alpha=1e-3, org=q["org"]) == []


def test_one_customer_rotating_its_keys_is_one_organisation_not_a_relay() -> None:
    """Fourteen keys of one organisation, each used for under a day and replaced at once: a key rotation."""
    first = np.arange(14) * 20 * H + 3 * H
    last = first + 19.5 * H
    client = np.array(["acme-batch/2.1"] * 14, dtype=object)
    tail = np.ones(14, dtype=bool)
    org = np.array(["org-acme"] * 14, dtype=object)
    rng = np.random.default_rng(1)  # a population starting around them
    ref_first = rng.uniform(0, WEEK * 2, 300)
    f = np.concatenate([first, ref_first])
    la = np.concatenate([last, ref_first + 86400 * 3])
    c = np.concatenate([client, np.array(["curl/8.5"] * 300, dtype=object)])
    t = np.concatenate([tail, np.zeros(300, dtype=bool)])
    o = np.concatenate([org, np.array([f"org-{i}" for i in range(300)], dtype=object)])
    assert relay_groups(f, la, c, t, alpha=1e-3, org=o) == []
    # the same turns from fourteen organisations are a relay
    o2 = o.copy()
    o2[:14] = [f"org-k{i}" for i in range(14)]
    (g,) = relay_groups(f, la, c, t, alpha=1e-3, org=o2)
    assert sorted(g.members.tolist()) == list(range(14))


def test_without_organisations_only_fresh_sign_ups_count_and_without_sign_up_times_the_route_is_off() -> None:
    p = _population(np.random.default_rng(5))
    (g,) = relay_groups(p["first"], p["last"], p["client"], p["tail"], alpha=1e-3, created=p["created"])
    assert (p["kind"][g.members] == "conveyor").sum() >= 22
    old = p["created"].copy()
    old[p["kind"] == "conveyor"] -= 30 * 86400  # keys of accounts signed up a month before: not fresh sign-ups
    assert relay_groups(p["first"], p["last"], p["client"], p["tail"], alpha=1e-3, created=old) == []
    assert relay_groups(p["first"], p["last"], p["client"], p["tail"], alpha=1e-3) == []


def test_a_conveyor_after_unrelated_sign_ups_of_its_client_is_a_run_before_its_count_says_so() -> None:
    """Fifteen unrelated sign-ups of the SDK in the tail, hours apart (no turns), then twelve links of a conveyor:
    eleven turns in a row. Counted over all 26 steps they are not yet beyond chance; as a run they are."""
    rng = np.random.default_rng(3)
    first, last = [], []
    t = 6 * H
    for _ in range(15):
        first.append(t)
        last.append(t + rng.uniform(40, 60) * 60)
        t = last[-1] + rng.uniform(3, 6) * H
    for _ in range(12):
        first.append(t)
        last.append(t + rng.uniform(40, 60) * 60)
        t = last[-1] + rng.uniform(3, 50) * 60
    n = len(first)
    f, la = np.array(first), np.array(last)
    client = np.array([SDK] * n, dtype=object)
    org = np.array([f"org-{i}" for i in range(n)], dtype=object)
    (g,) = relay_groups(f, la, client, np.ones(n, dtype=bool), alpha=1e-3, org=org)
    assert sorted(g.members.tolist()) == list(range(15, 27)) and g.longest_run == 11 and g.handovers == 11
    q = turn_chance(la[:-1] - f[:-1], RELAY_GAP_S)
    assert poisson_binomial_sf(11, q) > 1e-3 >= g.p_value == pytest.approx(2 * run_sf(11, q))


def test_the_run_bound_is_a_union_over_windows() -> None:
    q = np.array([0.5, 0.1, 0.2, 0.5])
    assert run_sf(2, q) == pytest.approx(0.5 * 0.1 + 0.1 * 0.2 + 0.2 * 0.5)
    assert run_sf(0, q) == 1.0 and run_sf(5, q) == 1.0 and run_sf(4, q) == pytest.approx(0.005)
    assert longest_run(np.array([True, True, False, True, True, True, False])) == 3
    assert longest_run(np.array([False, False])) == 0


def test_handovers_need_the_next_start_within_the_gap() -> None:
    p = _population(np.random.default_rng(5))
    conv = np.flatnonzero(p["kind"] == "conveyor")
    spaced = p["first"].copy(), p["last"].copy()
    for k, i in enumerate(conv):  # the same sign-ups, three hours apart: no turns are taken
        spaced[0][i] = RELEASE + k * 4 * H
        spaced[1][i] = spaced[0][i] + 50 * 60
    assert RELAY_GAP_S < 3 * H
    assert relay_groups(spaced[0], spaced[1], p["client"], p["tail"], alpha=1e-3, org=p["org"]) == []


# --- end to end ---------------------------------------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def _log(prompts: list[str]) -> list[Exchange]:
    rng = np.random.default_rng(11)
    rows: list[Exchange] = []
    n = 0
    home: dict[str, str] = {}  # one residential address each

    def at(s: float) -> dt.datetime:
        return T0 + dt.timedelta(seconds=float(s))

    def send(account: str, created: float, t: float, ua: str, tokens: int) -> None:
        nonlocal n
        n += 1
        rows.append(Exchange(
            exchange_id=f"x{n}", ts_start=at(t), account_id=account, org_id=f"org-{account}",
            account_created_at=at(created), user_agent=ua, model="m-3",
            client_ip=home.setdefault(account, f"{len(home) // 250 + 20}.{len(home) % 250}.7.9"),
            messages=[Message("user", prompts[int(rng.integers(len(prompts)))])], prompt_tokens=120,
            completion_tokens=tokens, max_tokens=16000))

    def burn(account: str, start: float) -> float:
        """160 requests from 3 workers until the credit is gone; returns the last request's time."""
        created = start - rng.uniform(2, 25) * 60
        t = start
        for _ in range(160):
            t += rng.exponential(18.0)
            send(account, created, t, SDK, int(rng.integers(1500, 3000)))
        return t

    t = RELEASE + 0.5 * H
    for i in range(30):  # the conveyor
        end = burn(f"conveyor-{i}", t)
        t = end + rng.uniform(3, 50) * 60
    for i in range(40):  # the rush: a fifth script through their credit, the rest try a few prompts
        s = RELEASE + rng.exponential(3 * H)
        if i % 5 == 0:
            burn(f"launch-{i}", s)
        else:
            created = s - rng.uniform(0.1, 3) * H
            for k in range(int(rng.integers(3, 15))):
                send(f"launch-{i}", created, s + k * rng.uniform(60, 600), SDK, int(rng.integers(200, 1500)))
    for i in range(220):  # ordinary users over the week
        created = -rng.uniform(1, 200) * 86400
        for _ in range(int(rng.integers(3, 12))):
            day = rng.uniform(0, 6.5) * 86400
            for k in range(int(rng.integers(1, 5))):
                send(f"person-{i}", created, day + k * 120, SDK if i % 3 == 0 else "OpenAI/Python 1.54.4",
                     int(rng.integers(100, 900)))
    return rows


def test_a_scan_names_the_conveyor_a_campaign_taking_turns_and_nobody_else(arena_gsm8k_prompts: list[str],
                                                                           tmp_path: Path) -> None:
    logs, out = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(_log(arena_gsm8k_prompts)), logs / "exchanges.parquet")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    rows = {r["account_id"]: r for r in csv.DictReader((out / "accounts.csv").read_text().splitlines())}
    flagged = sorted(a for a, r in rows.items() if r["verdict"] in ("suspect", "campaign"))
    assert flagged and all(a.startswith("conveyor-") for a in flagged), flagged
    assert len(flagged) >= 24
    (campaign,) = [c for c in json.loads((out / "campaigns.json").read_text()) if c["confirmed"]]
    assert campaign["confirmed_by"] == ["account_relay"]
    relay = campaign["account_relay"]
    assert relay["handovers"] >= 24 and relay["expected_by_chance"] < 12 and relay["clients"] == [SDK]
    assert relay["longest_run"] >= 10
    report = (out / "report.html").read_text()
    assert "short-lived sign-ups taking turns" in report and "Accounts taking turns" in report
    assert f"{relay['longest_run']:,} times in a row" in report
    assert json.loads((out / "summary.json").read_text())["campaigns"]["confirmed_by_account_relay"] == 1


def _banned_log(prompts: list[str], *, refused: bool) -> list[Exchange]:
    """A ban-evasion chain: 12 sign-ups, each working about six hours at an ordinary pace until the provider shuts
    it off (its workers' last requests refused with 403), the next starting 10-50 min later on the same SDK. Beside
    it, developers working as hard through their days, people on the same SDK over the week, a few of whom are
    refused once at the end (a model they may not use), and sign-ups that try a few prompts, some of them refused
    from the first (a region not served). ``refused=False``: the same log with every refusal served instead."""
    rng = np.random.default_rng(5)
    rows: list[Exchange] = []

    def send(account: str, t: float, ua: str, status: int) -> None:
        ok = status < 400 or not refused
        rows.append(Exchange(
            exchange_id=f"x{len(rows)}", ts_start=T0 + dt.timedelta(seconds=float(t)), account_id=account,
            org_id=f"org-{account}", user_agent=ua, model="m-3",
            client_ip=f"{len(account) % 90 + 10}.{zlib.crc32(account.encode()) % 250}.7.9",
            messages=[Message("user", prompts[int(rng.integers(len(prompts)))])], prompt_tokens=120,
            completion_tokens=int(rng.integers(200, 900)) if ok else 0,
            status="ok" if ok else "error", http_status=200 if ok else status))

    t = RELEASE
    for i in range(12):
        end = t + rng.uniform(5, 7) * H
        s = t
        while s < end:
            send(f"phoenix-{i}", s, SDK, 200)
            s += rng.exponential(240.0)
        for _ in range(int(rng.integers(2, 6))):  # workers still firing after the ban
            s += rng.exponential(20.0)
            send(f"phoenix-{i}", s, SDK, 403)
        t = s + rng.uniform(10, 50) * 60
    for i in range(60):
        ua = SDK if i % 2 == 0 else "OpenAI/Python 1.54.4"
        days = sorted(rng.uniform(0, 6.5, size=int(rng.integers(3, 10))) * 86400)
        for j, day in enumerate(days):
            for k in range(int(rng.integers(1, 5))):
                last = j == len(days) - 1 and k == 0 and i % 20 == 0
                send(f"person-{i}", day + k * 120, ua, 403 if last else 200)
                if last:
                    break
    for i in range(120):  # developers working through the day as hard as a link of the chain does
        for day in sorted(rng.choice(7, size=int(rng.integers(2, 6)), replace=False)):
            s = day * 86400 + rng.uniform(7, 11) * H
            end = s + rng.uniform(5, 9) * H
            while s < end:
                send(f"developer-{i}", s, SDK if i % 2 else "OpenAI/Python 1.54.4", 200)
                s += rng.exponential(240.0)
    for i in range(20):
        s = rng.uniform(0, 6.5) * 86400
        n = int(rng.integers(3, 15))
        for k in range(n):
            send(f"trial-{i}", s + k * rng.uniform(60, 600), SDK, 403 if i % 4 == 0 else 200)
    return rows


@pytest.mark.parametrize("refused", [True, False])
def test_a_banned_account_replaced_at_once_is_a_relay_of_the_accounts_the_provider_shut_off(
        arena_gsm8k_prompts: list[str], tmp_path: Path, refused: bool) -> None:
    """Each link of the chain is an ordinary account on its own (none is in the tail), so without the bans in the
    log nothing links them. With them, the provider's own refusals are the accounts' evidence, and the chain of
    turns between shut-off accounts is the relay; the people refused at the end of a long life and the sign-ups
    refused from their first request (never served: not shut off) are not taken into it."""
    logs, out = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(_banned_log(arena_gsm8k_prompts, refused=refused)),
                   logs / "exchanges.parquet")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    rows = {r["account_id"]: r for r in csv.DictReader((out / "accounts.csv").read_text().splitlines())}
    flagged = sorted(a for a, r in rows.items() if r["verdict"] in ("suspect", "campaign"))
    confirmed = [c for c in json.loads((out / "campaigns.json").read_text()) if c["confirmed"]]
    if not refused:
        assert not any(a.startswith("phoenix-") for a in flagged) and not confirmed, flagged
        return
    assert flagged == sorted(f"phoenix-{i}" for i in range(12)), flagged
    (campaign,) = confirmed
    assert campaign["confirmed_by"] == ["account_relay"]
    assert campaign["account_relay"]["handovers"] >= 11 and campaign["account_relay"]["clients"] == [SDK]
