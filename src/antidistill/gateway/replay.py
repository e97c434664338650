"""Replay a simulated scenario through a running gateway, loopback only, and score the defence.

Reads ``DIR/exchanges/*.parquet`` (Exchange schema) and ``DIR/labels.parquet`` (``account_id``,
``campaign_id``, ``archetype``), mints one key per account in the gateway's key store, and
sends each exchange's request at its simulated time divided by ``speed`` (``speed=0``: as
fast as ``concurrency`` allows). Reports per campaign the share of its requests that were
served, and the share served before its accounts were first throttled or refused, plus
how many benign requests were denied.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pyarrow.parquet as pq

from antidistill.errors import ConfigError, InputError
from antidistill.gateway.keys import KeyStore
from antidistill.records import conform


def require_loopback(url: str) -> None:
    """Raise ConfigError unless ``url``'s host is a loopback address (replays never leave the machine)."""
    host = urlparse(url).hostname
    if not host:
        raise ConfigError("gateway", "not a URL with a host", value=url)
    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise ConfigError("gateway", f"cannot resolve host: {exc}", value=url) from exc
    for addr in addrs:
        if not ipaddress.ip_address(str(addr).split("%")[0]).is_loopback:
            raise ConfigError("gateway", "replay only talks to loopback addresses (127.0.0.0/8, ::1)", value=url)


@dataclass
class CampaignOutcome:
    """How much one campaign (or the benign population, campaign ``benign``) got through."""

    campaign_id: str
    accounts: int = 0
    requests: int = 0
    served: int = 0
    served_before_first_denial: int = 0
    denied: int = 0
    errors: int = 0

    @property
    def served_fraction(self) -> float:
        return self.served / self.requests if self.requests else 0.0

    @property
    def served_before_denial_fraction(self) -> float:
        return self.served_before_first_denial / self.requests if self.requests else 0.0


@dataclass
class ReplayReport:
    """The replay's outcome; ``benign`` aggregates accounts without a campaign."""

    campaigns: dict[str, CampaignOutcome] = field(default_factory=dict)
    benign: CampaignOutcome = field(default_factory=lambda: CampaignOutcome("benign"))
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        def one(c: CampaignOutcome) -> dict[str, Any]:
            return {**asdict(c), "served_fraction": round(c.served_fraction, 4),
                    "served_before_denial_fraction": round(c.served_before_denial_fraction, 4)}

        return {"campaigns": {k: one(v) for k, v in sorted(self.campaigns.items())}, "benign": one(self.benign),
                "benign_denied": self.benign.denied, "seconds": round(self.seconds, 2)}


def load_scenario(directory: Path) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    """(exchange rows sorted by time, account -> campaign id or None)."""
    files = sorted((directory / "exchanges").glob("*.parquet"))
    if not files:
        raise InputError("no exchanges/*.parquet files", file=str(directory))
    rows: list[dict[str, Any]] = []
    for f in files:
        rows.extend(conform(pq.read_table(f)).to_pylist())
    rows.sort(key=lambda r: r["ts_start"])
    labels_path = directory / "labels.parquet"
    if not labels_path.is_file():
        raise InputError("labels.parquet is missing", file=str(labels_path))
    labels = pq.read_table(labels_path, columns=["account_id", "campaign_id"]).to_pylist()
    return rows, {r["account_id"]: r["campaign_id"] for r in labels}


def mint_keys(store: KeyStore, rows: list[dict[str, Any]]) -> dict[str, str]:
    """One new key per account, with the account's org, tier and access path from its first row."""
    keys: dict[str, str] = {}
    for r in rows:
        if r["account_id"] not in keys:
            keys[r["account_id"]], _ = store.create(r["account_id"], org_id=r.get("org_id"),
                                                    tier=r.get("account_tier"), access_path=r.get("access_path"),
                                                    now=r.get("account_created_at"))
    return keys


async def replay(rows: list[dict[str, Any]], campaigns: dict[str, str | None], keys: dict[str, str], *,
                 gateway: str, speed: float, concurrency: int, timeout_s: float = 60.0) -> ReplayReport:
    """Send every row through ``gateway`` and tally the outcome per campaign."""
    require_loopback(gateway)
    report = ReplayReport()
    first_denied: dict[str, bool] = defaultdict(bool)
    sem = asyncio.Semaphore(concurrency)
    t_first = rows[0]["ts_start"].timestamp() if rows else 0.0
    start = time.monotonic()

    def bucket(account: str) -> CampaignOutcome:
        cid = campaigns.get(account)
        if cid is None:
            return report.benign
        return report.campaigns.setdefault(cid, CampaignOutcome(cid))

    seen: set[str] = set()
    for r in rows:
        b = bucket(r["account_id"])
        b.requests += 1
        if r["account_id"] not in seen:
            seen.add(r["account_id"])
            b.accounts += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=gateway, timeout=timeout_s, limits=limits) as client:

        async def send(r: dict[str, Any]) -> None:
            if speed > 0:
                delay = (r["ts_start"].timestamp() - t_first) / speed - (time.monotonic() - start)
                if delay > 0:
                    await asyncio.sleep(delay)
            body: dict[str, Any] = {"model": r["model"], "messages": [
                {"role": m["role"], "content": m["content"] or ""} for m in r["messages"]]}
            if r.get("max_tokens"):
                body["max_tokens"] = r["max_tokens"]
            headers = {"authorization": f"Bearer {keys[r['account_id']]}"}
            if r.get("user_agent"):
                headers["user-agent"] = r["user_agent"]
            if r.get("client_ip"):
                headers["x-forwarded-for"] = r["client_ip"]
            headers["x-replay-time"] = r["ts_start"].isoformat()  # used only by a gateway with replay_clock
            async with sem:
                try:
                    resp = await client.post("/v1/chat/completions", json=body, headers=headers)
                    status = resp.status_code
                except httpx.HTTPError:
                    status = 0
            b = bucket(r["account_id"])
            if status == 200:
                b.served += 1
                if not first_denied[r["account_id"]]:
                    b.served_before_first_denial += 1
            elif status in (403, 429):
                b.denied += 1
                first_denied[r["account_id"]] = True
            else:
                b.errors += 1

        await asyncio.gather(*(send(r) for r in rows))
    report.seconds = time.monotonic() - start
    return report
