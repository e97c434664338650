"""Replay a scenario through the gateway's decision path in-process: no socket, no upstream call.

An HTTP replay runs at about a hundred requests a second on a small machine, far too slow for
the millions of exchanges of the ``default`` scenario. This replay pushes every exchange, in
time order, through the same objects a running gateway uses: :func:`build_exchange` on the
body :func:`request_body` makes of the row (parsed by the proxy's ``chat_messages``), the
same :class:`~antidistill.gateway.runtime.Gateway` (online state and detectors, policy,
:class:`~antidistill.gateway.enforce.Enforcer` with its token buckets, campaign book) and
``Gateway.record``, with each request's simulated time as the clock exactly as
``replay_clock: true`` does over HTTP. What it skips: the socket, authentication (each
account's key record is built from its first row, as ``mint_keys`` stores it) and the
upstream call (a served request counts as answered).

Two documented differences from a live gateway, neither of which reads anything a decision uses:

* the observer that folds completed exchanges into the online state runs on the simulated
  clock (every ``observe_interval_s`` simulated seconds; ``0``: before the next request,
  as ``observe_interval_s: 0`` does over HTTP); the reasoning signal annotates prompts ahead,
  a chunk at a time, which only batches a pure function of the prompt text;
* the event log may be discarded (``DiscardLog``): nothing decides from it, and millions of
  exchanges would be gigabytes of JSON.

Campaign verdicts arrive as :class:`VerdictUpdate` objects applied when the simulated clock
reaches their time, replacing the book like a rewritten ``campaigns_file``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from antidistill.errors import InputError
from antidistill.gateway.exchanges import build_exchange
from antidistill.gateway.http_util import HTTPProblem, chat_messages
from antidistill.gateway.keys import AccountInfo
from antidistill.gateway.replay import ReplayReport, ReplayTally, request_body
from antidistill.gateway.runtime import Gateway
from antidistill.policy import Action, Decision
from antidistill.records import Exchange, Status, conform

log = logging.getLogger(__name__)

#: The scenario columns a replayed request is built from (the rest is the upstream's answer).
REQUEST_COLUMNS = ("exchange_id", "ts_start", "account_id", "model", "messages", "max_tokens", "user_agent",
                   "client_ip", "org_id", "account_tier", "access_path", "account_created_at", "payment_fingerprint",
                   "top_logprobs", "end_user")


@dataclass(slots=True)
class AccountOutcome:
    """One account in a replay: requests, those served before its first throttle-or-worse decision, and that
    decision's time and source (rules, campaign)."""

    first_request: dt.datetime
    requests: int = 0
    served_before_action: int = 0
    denied: int = 0  # answered 403 or 429
    first_action: dt.datetime | None = None
    first_action_by: str = ""


@dataclass(frozen=True)
class VerdictUpdate:
    """Campaign verdicts that reach the gateway at simulated time ``at`` (seconds since the epoch)."""

    at: float
    label: str
    campaigns: dict[str, Any]  # {"campaigns": [{"campaign_id", "score", "accounts"}]}


def scenario_files(directory: Path) -> list[Path]:
    files = sorted((directory / "exchanges").glob("*.parquet"))
    if not files:
        raise InputError("no exchanges/*.parquet files", file=str(directory))
    return files


def stream_rows(directory: Path, *, work_dir: Path | None = None, shard_s: float = 86_400.0,
                chunk_rows: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    """The scenario's request rows in time order, ``chunk_rows`` at a time, without loading it whole.

    One pass splits the files into time shards of ``shard_s`` seconds (request columns only,
    under ``work_dir``); each shard is then sorted (stable, so equal times keep file order, as
    :func:`~antidistill.gateway.replay.load_scenario` does) and handed out in chunks.
    """
    files = scenario_files(directory)
    t0 = min(pc.min(pq.read_table(f, columns=["ts_start"])["ts_start"]).value for f in files)  # microseconds
    if t0 is None:
        return
    with tempfile.TemporaryDirectory(prefix="replay-shards-", dir=work_dir) as tmp:
        writers: dict[int, pq.ParquetWriter] = {}
        try:
            for f in files:
                for batch in pq.ParquetFile(f).iter_batches(batch_size=100_000):
                    table = conform(pa.Table.from_batches([batch])).select(list(REQUEST_COLUMNS))
                    micros = pc.cast(table["ts_start"], pa.int64())
                    shard = pc.divide(pc.subtract(micros, t0), int(shard_s * 1e6))
                    for k in pc.unique(shard).to_pylist():
                        part = table.filter(pc.equal(shard, k))
                        if k not in writers:
                            writers[k] = pq.ParquetWriter(Path(tmp) / f"shard-{k:06d}.parquet", part.schema)
                        writers[k].write_table(part)
        finally:
            for w in writers.values():
                w.close()
        for k in sorted(writers):
            table = pq.read_table(Path(tmp) / f"shard-{k:06d}.parquet").sort_by("ts_start")
            for start in range(0, table.num_rows, chunk_rows):
                yield table.slice(start, chunk_rows).to_pylist()


def account_info(row: dict[str, Any]) -> AccountInfo:
    """The key record ``mint_keys`` would store for the account of ``row`` (its first row)."""
    created = (row.get("account_created_at") or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return AccountInfo(f"replay-{row['account_id']}", row["account_id"], row.get("org_id"), row.get("account_tier"),
                       row.get("access_path"), created, payment_fingerprint=row.get("payment_fingerprint"))


class InProcessReplay:
    """Drives one :class:`Gateway` (built with ``replay_clock: true``) through a scenario's rows."""

    def __init__(self, *, gateway: Gateway, campaigns: dict[str, str | None], personas: dict[str, str] | None = None,
                 verdicts: Sequence[VerdictUpdate] = (), progress: Callable[[str], None] | None = None) -> None:
        if not gateway.config.replay_clock:
            raise ValueError("the in-process replay needs a gateway configured with replay_clock: true")
        self.gw = gateway
        self.tally = ReplayTally(campaigns, personas)
        self.verdicts = sorted(verdicts, key=lambda v: v.at)
        self.progress = progress
        self.applied: list[dict[str, Any]] = []
        self._infos: dict[str, AccountInfo] = {}
        self._next_tick = -math.inf
        self._next_verdict = 0
        self._linked: dict[str, str | None] = {}  # account -> campaign id it was linked to online
        self.accounts: dict[str, AccountOutcome] = {}
        #: (account, end user) -> the same outcome for the requests naming that end user
        self.end_users: dict[tuple[str, str], AccountOutcome] = {}

    def exchange(self, row: dict[str, Any]) -> Exchange:
        """What the proxy would build for this row's request."""
        info = self._infos.get(row["account_id"])
        if info is None:
            info = self._infos[row["account_id"]] = account_info(row)
        body = request_body(row)
        client_ip = row.get("client_ip") if self.gw.config.trust_forwarded_for else None
        return build_exchange(info, body, chat_messages(body), started=row["ts_start"],
                              client_ip=client_ip or "127.0.0.1", user_agent=row.get("user_agent"))

    def _advance(self, at: float) -> None:
        while self._next_verdict < len(self.verdicts) and self.verdicts[self._next_verdict].at <= at:
            v = self.verdicts[self._next_verdict]
            self.gw.drain()
            self._note_links()
            accounts = self.gw.campaigns.replace(v.campaigns, source=v.label)
            when = dt.datetime.fromtimestamp(v.at, dt.UTC).isoformat() if math.isfinite(v.at) else "start"
            self.applied.append({"label": v.label, "at": when, "accounts": accounts})
            if self.progress:
                self.progress(f"verdicts {v.label}: {accounts} accounts at {self.applied[-1]['at']}")
            self._next_verdict += 1
        interval = self.gw.config.observe_interval_s
        if interval > 0 and at >= self._next_tick:  # the background observer, on the simulated clock
            self.gw.drain()
            self._next_tick = at + interval

    def _note_links(self) -> None:
        for account, verdict in self.gw.campaigns.linked().items():
            self._linked.setdefault(account, verdict.campaign_id)

    def step(self, ex: Exchange) -> tuple[int, Decision]:
        """Decide and record one exchange; returns (HTTP status the client would get, the decision)."""
        at = ex.ts_start.timestamp()
        self._advance(at)
        decision, denial = self.gw.decide(ex, at=at)
        if denial is None:
            ex.status, ex.http_status = Status.OK.value, 200
        else:
            ex.status, ex.http_status = Status.DENIED.value, denial.status
        ex.ts_end = ex.ts_start
        self.gw.record(ex, decision)
        return ex.http_status, decision

    def _account(self, ex: Exchange, status: int, decision: Decision, restricted: bool) -> None:
        rec = self.accounts.get(ex.account_id)
        if rec is None:
            rec = self.accounts[ex.account_id] = AccountOutcome(first_request=ex.ts_start)
        self._outcome(rec, ex, status, decision, restricted)
        if ex.end_user:
            key = (ex.account_id, ex.end_user)
            rec = self.end_users.get(key) or self.end_users.setdefault(key, AccountOutcome(first_request=ex.ts_start))
            self._outcome(rec, ex, status, decision, restricted)

    @staticmethod
    def _outcome(rec: AccountOutcome, ex: Exchange, status: int, decision: Decision, restricted: bool) -> None:
        rec.requests += 1
        rec.denied += status in (403, 429)
        if rec.first_action is None:
            if restricted:
                rec.first_action = ex.ts_start
                rec.first_action_by = "; ".join([decision.source, *(m.rule for m in decision.matches)]) + (
                    f" [{decision.campaign_id}]" if decision.campaign_id else "")
            elif status == 200:
                rec.served_before_action += 1

    def account_rows(self) -> list[dict[str, Any]]:
        """One row per account: requests, served before its first throttle-or-worse decision, when, and why.

        ``first_action_by`` is the decision's source and matched rules, with the campaign it was
        judged under in brackets; ``linked_online`` the campaign an indicator linked it to before
        a scan named it. Labels (``label``) are the scenario's, for scoring only.
        """
        out = []
        for account, rec in sorted(self.accounts.items()):
            out.append({"account_id": account, **self._outcome_row(account, rec),
                        "linked_online": self._linked.get(account) or ""})
        return out

    def end_user_rows(self) -> list[dict[str, Any]]:
        """One row per (account, end user) the requests named, as :meth:`account_rows` (its account's label)."""
        out = []
        for (account, end_user), rec in sorted(self.end_users.items()):
            out.append({"account_id": account, "end_user": end_user, **self._outcome_row(account, rec)})
        return out

    def _outcome_row(self, account: str, rec: AccountOutcome) -> dict[str, Any]:
        """The columns an account's or an end user's row share: its account's label, then the outcome."""
        return {"label": self.tally.campaigns.get(account) or self.tally.personas.get(account) or "benign",
                "requests": rec.requests, "served_before_action": rec.served_before_action, "denied": rec.denied,
                "first_request": rec.first_request.isoformat(),
                "first_action": rec.first_action.isoformat() if rec.first_action else "",
                "first_action_by": rec.first_action_by}

    def run(self, chunks: Iterable[list[dict[str, Any]]]) -> ReplayReport:
        """Replay every chunk of rows (in time order) and return the tally."""
        t_start = time.perf_counter()
        n = 0
        malformed = 0
        for rows in chunks:
            exchanges = []
            for r in rows:
                try:
                    exchanges.append(self.exchange(r))
                except HTTPProblem as exc:  # the gateway would answer 400 and log nothing: an error, counted
                    malformed += 1
                    self.tally.request(r["account_id"])
                    self.tally.outcome(r["account_id"], exc.status, restricted=False)
            for det in self.gw.state.detectors:  # batch the prompt classifier: a pure function of the text
                det.annotate(exchanges)
            for ex in exchanges:
                self.tally.request(ex.account_id)
                status, decision = self.step(ex)
                restricted = decision.action.severity >= Action.THROTTLE.severity
                self.tally.outcome(ex.account_id, status, restricted=restricted)
                self._account(ex, status, decision, restricted)
            n += len(rows)
            if self.progress:
                self.progress(f"{n:,} exchanges, up to {exchanges[-1].ts_start.isoformat() if exchanges else '-'}, "
                              f"{n / max(1e-9, time.perf_counter() - t_start):,.0f}/s")
        self.gw.drain()
        self._note_links()
        report = self.tally.report
        report.seconds = time.perf_counter() - t_start
        # accounts linked online by a campaign indicator, counted by the scenario's label (scoring only)
        by_label: dict[str, int] = {}
        for account in self._linked:
            label = self.tally.campaigns.get(account) or "benign"
            by_label[label] = by_label.get(label, 0) + 1
        report.extra = {"mode": "in-process", "exchanges": n, "verdicts_applied": self.applied,
                        "linked_online": dict(sorted(by_label.items())), "malformed_requests": malformed}
        return report
