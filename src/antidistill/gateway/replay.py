"""Replay a simulated scenario through a running gateway, loopback only, and score the defence.

Reads ``DIR/exchanges/*.parquet`` (Exchange schema) and ``DIR/labels.parquet`` (``account_id``,
``campaign_id``, ``archetype``), mints one key per account in the gateway's key store, and
sends each exchange's request at its simulated time divided by ``speed`` (``speed=0``: as
fast as ``concurrency`` allows). Reports per campaign the share of its requests that were
served, and the share served before its accounts were first throttled or refused, plus
how many benign requests were denied (also per benign persona when the labels name one).
The request each row becomes (``request_body``, ``request_headers``) and the tally
(``ReplayTally``) are shared with the in-process replay (:mod:`antidistill.gateway.replay_inprocess`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
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
    """How much one campaign (or the benign population, campaign ``benign``) got through.

    ``served_before_first_denial`` counts requests served before their account's first 403/429
    (what a client sees); ``served_before_action`` those served before the account's first
    decision of ``throttle`` or stronger (known only in-process: over HTTP it equals the former).
    """

    campaign_id: str
    accounts: int = 0
    requests: int = 0
    served: int = 0
    served_before_first_denial: int = 0
    denied: int = 0
    errors: int = 0
    served_before_action: int = 0

    @property
    def served_fraction(self) -> float:
        return self.served / self.requests if self.requests else 0.0

    @property
    def served_before_denial_fraction(self) -> float:
        return self.served_before_first_denial / self.requests if self.requests else 0.0

    @property
    def served_before_action_fraction(self) -> float:
        return self.served_before_action / self.requests if self.requests else 0.0

    @property
    def denied_fraction(self) -> float:
        return self.denied / self.requests if self.requests else 0.0


@dataclass
class ReplayReport:
    """The replay's outcome; ``benign`` aggregates accounts without a campaign, ``personas`` splits them."""

    campaigns: dict[str, CampaignOutcome] = field(default_factory=dict)
    benign: CampaignOutcome = field(default_factory=lambda: CampaignOutcome("benign"))
    personas: dict[str, CampaignOutcome] = field(default_factory=dict)
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def one(c: CampaignOutcome) -> dict[str, Any]:
            return {**asdict(c), "served_fraction": round(c.served_fraction, 4),
                    "served_before_denial_fraction": round(c.served_before_denial_fraction, 4),
                    "served_before_action_fraction": round(c.served_before_action_fraction, 4),
                    "denied_fraction": round(c.denied_fraction, 6)}

        return {"campaigns": {k: one(v) for k, v in sorted(self.campaigns.items())}, "benign": one(self.benign),
                "benign_denied": self.benign.denied,
                "benign_personas": {k: one(v) for k, v in sorted(self.personas.items())},
                "seconds": round(self.seconds, 2), **self.extra}


class ReplayTally:
    """Counts one replay's outcomes per campaign, per benign persona and per account's first denial/action."""

    def __init__(self, campaigns: dict[str, str | None], personas: dict[str, str] | None = None) -> None:
        self.report = ReplayReport()
        self.campaigns = campaigns
        self.personas = personas or {}
        self._seen: set[str] = set()
        self._denied: set[str] = set()
        self._actioned: set[str] = set()

    def _groups(self, account: str) -> list[CampaignOutcome]:
        cid = self.campaigns.get(account)
        if cid is not None:
            return [self.report.campaigns.setdefault(cid, CampaignOutcome(cid))]
        persona = self.personas.get(account)
        if persona is None:
            return [self.report.benign]
        return [self.report.benign, self.report.personas.setdefault(persona, CampaignOutcome(persona))]

    def request(self, account: str) -> None:
        """Count one request of ``account`` (before it is sent)."""
        new = account not in self._seen
        if new:
            self._seen.add(account)
        for b in self._groups(account):
            b.requests += 1
            b.accounts += new

    def outcome(self, account: str, status: int, *, restricted: bool | None = None) -> None:
        """Record the answer's HTTP ``status`` (0: no answer); ``restricted``: the decision was throttle or worse."""
        if restricted is None:
            restricted = status in (403, 429)
        if restricted:
            self._actioned.add(account)
        for b in self._groups(account):
            if status == 200:
                b.served += 1
                b.served_before_first_denial += account not in self._denied
                b.served_before_action += account not in self._actioned
            elif status in (403, 429):
                b.denied += 1
            else:
                b.errors += 1
        if status in (403, 429):
            self._denied.add(account)


def request_body(row: dict[str, Any]) -> dict[str, Any]:
    """The chat-completions body a scenario row is replayed as."""
    body: dict[str, Any] = {"model": row["model"], "messages": [
        {"role": m["role"], "content": m["content"] or ""} for m in row["messages"]]}
    if row.get("max_tokens"):
        body["max_tokens"] = row["max_tokens"]
    if row.get("end_user"):  # a reseller's or an application's own user, passed through as OpenAI's ``user``
        body["user"] = row["end_user"]
    if row.get("top_logprobs"):
        body["logprobs"] = True
        if row["top_logprobs"] > 1:
            body["top_logprobs"] = row["top_logprobs"]
    return body


def request_headers(row: dict[str, Any], key: str) -> dict[str, str]:
    """The headers a scenario row is replayed with (``X-Replay-Time`` counts only with ``replay_clock``)."""
    headers = {"authorization": f"Bearer {key}"}
    if row.get("user_agent"):
        headers["user-agent"] = row["user_agent"]
    if row.get("client_ip"):
        headers["x-forwarded-for"] = row["client_ip"]
    headers["x-replay-time"] = row["ts_start"].isoformat()
    return headers


def load_personas(directory: Path) -> dict[str, str]:
    """account -> benign persona (``individual``, ...) from ``labels.parquet``'s ``archetype`` (``benign:...``)."""
    labels_path = directory / "labels.parquet"
    table = pq.read_table(labels_path)
    if "archetype" not in table.column_names:
        return {}
    out: dict[str, str] = {}
    for r in table.select(["account_id", "campaign_id", "archetype"]).to_pylist():
        if r["campaign_id"] is None and r["archetype"]:
            out[r["account_id"]] = str(r["archetype"]).removeprefix("benign:")
    return out


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
    return rows, campaign_labels(labels)


def campaign_labels(labels: list[dict[str, Any]]) -> dict[str, str | None]:
    """account -> campaign id, None for a benign account (a null or an empty id: logs' labels write either)."""
    return {r["account_id"]: r["campaign_id"] or None for r in labels}


def mint_keys(store: KeyStore, rows: list[dict[str, Any]]) -> dict[str, str]:
    """One new key per account, with the account's org, tier, access path and payment fingerprint from its first row."""
    keys: dict[str, str] = {}
    for r in rows:
        if r["account_id"] not in keys:
            keys[r["account_id"]], _ = store.create(r["account_id"], org_id=r.get("org_id"),
                                                    tier=r.get("account_tier"), access_path=r.get("access_path"),
                                                    payment_fingerprint=r.get("payment_fingerprint"),
                                                    now=r.get("account_created_at"))
    return keys


async def replay(rows: list[dict[str, Any]], campaigns: dict[str, str | None], keys: dict[str, str], *,
                 gateway: str, speed: float, concurrency: int, timeout_s: float = 60.0,
                 personas: dict[str, str] | None = None) -> ReplayReport:
    """Send every row through ``gateway`` and tally the outcome per campaign (and benign persona)."""
    require_loopback(gateway)
    tally = ReplayTally(campaigns, personas)
    sem = asyncio.Semaphore(concurrency)
    t_first = rows[0]["ts_start"].timestamp() if rows else 0.0
    start = time.monotonic()
    for r in rows:
        tally.request(r["account_id"])

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=gateway, timeout=timeout_s, limits=limits) as client:

        async def send(r: dict[str, Any]) -> None:
            if speed > 0:
                delay = (r["ts_start"].timestamp() - t_first) / speed - (time.monotonic() - start)
                if delay > 0:
                    await asyncio.sleep(delay)
            body = request_body(r)
            headers = request_headers(r, keys[r["account_id"]])
            async with sem:
                try:
                    resp = await client.post("/v1/chat/completions", json=body, headers=headers)
                    status = resp.status_code
                except httpx.HTTPError:
                    status = 0
            tally.outcome(r["account_id"], status)

        await asyncio.gather(*(send(r) for r in rows))
    tally.report.seconds = time.monotonic() - start
    return tally.report
