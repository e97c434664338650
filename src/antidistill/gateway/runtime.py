"""The running gateway's objects in one place, and the background observer that feeds online state.

Handlers decide a request with :meth:`Gateway.decide` (which first links a new account of a
confirmed campaign by what the request shows) and record its exchange in two steps: ``log``
(synchronous write to the event log, before the response's last byte) and ``queue`` (online
state update, batched off the request path).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from antidistill.gateway.background_scan import BackgroundScan
from antidistill.gateway.campaigns import CampaignBook
from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.detectors import CampaignDetector, DetectorContext, build_detectors
from antidistill.gateway.enforce import END_USER_NOTE, Denial, Enforcer
from antidistill.gateway.eventlog import EventLog
from antidistill.gateway.keys import KeyStore
from antidistill.gateway.metrics import GatewayMetrics
from antidistill.gateway.online import OnlineState
from antidistill.gateway.upstream import Upstream
from antidistill.policy import Decision, Overrides, Policy, load_policy
from antidistill.records import Exchange

log = logging.getLogger(__name__)


class Gateway:
    """Keys, event log, online state, policy enforcement, metrics and the upstream client."""

    def __init__(self, config: GatewayConfig, *, clock: Callable[[], float] = time.time,
                 events: EventLog | None = None) -> None:
        """``events`` replaces the configured event log (an in-process replay may pass a ``DiscardLog``)."""
        self.config = config
        config.state_dir.mkdir(parents=True, exist_ok=True)
        self.keys = KeyStore(path=config.keys_path)
        self.events = events if events is not None else EventLog(
            directory=config.events_dir, fsync_window_s=config.fsync_window_s, rotate_bytes=config.rotate_bytes)
        self.campaigns = CampaignBook(path=config.campaigns_file)
        context = DetectorContext(campaigns=self.campaigns, tier_daily_quota=config.tier_daily_quota)
        self.state = OnlineState(detectors=build_detectors(context), max_accounts=config.max_accounts)
        # the detector that links accounts to campaigns on the decision path (None if it is not configured)
        self._linker = next((d for d in self.state.detectors if isinstance(d, CampaignDetector)), None)
        self.enforcer = Enforcer(policy=self.load_policy(), state=self.state,
                                 overrides=Overrides(path=config.overrides_path), clock=clock,
                                 end_user_verdict=self.campaigns.lookup_end_user)
        self.metrics = GatewayMetrics()
        self.admin_token = config.admin_token or self._generated_admin_token()
        self.clock = clock
        self.upstream = Upstream(base_url=config.upstream, api_key=config.upstream_api_key,
                                 timeout_s=config.upstream_timeout_s,
                                 connect_timeout_s=config.upstream_connect_timeout_s,
                                 max_connections=config.max_connections)
        self.background_scan: BackgroundScan | None = None
        if config.scan_every_s > 0:
            self.background_scan = BackgroundScan(
                events_dir=config.events_dir, work_dir=config.state_dir / "scan", book=self.campaigns,
                every_s=config.scan_every_s, hold_s=config.scan_lift_after_s, threads=config.scan_threads,
                suspect_score=config.scan_suspect_score if config.scan_suspect_score >= 0 else None)
        self.started = False
        # bounded: if the observer ever falls this far behind, the oldest updates are dropped, not memory
        self._pending: deque[Exchange] = deque(maxlen=200_000)
        # one drain at a time: a caller's drain() must not return while the observer thread is still folding
        # in a batch it took from the queue a moment earlier (the admin API and tests read state right after)
        self._drain_lock = threading.Lock()
        self._observer: asyncio.Task[None] | None = None
        for name, status in self.state.status().items():
            log.info("event=detector name=%s status=%r", name, status)

    def load_policy(self) -> Policy:
        """Load and validate the configured policy against the features the detectors produce."""
        return load_policy(self.config.policy, known_features=self.state.feature_names())

    def reload_policy(self) -> Policy:
        """Re-read the policy file; a bad file raises and the old policy stays."""
        policy = self.load_policy()
        self.enforcer.set_policy(policy)
        log.info("event=policy_reloaded version=%s", policy.version)
        return policy

    def _generated_admin_token(self) -> str:
        path = self.config.state_dir / "admin_token"
        if not path.is_file():
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        log.warning("event=admin_token_generated path=%s", path)  # the path, never the token
        return path.read_text().strip()

    async def start(self) -> None:
        """Open the upstream client and start the observer task."""
        await self.upstream.start()
        self.started = True
        self._observer = asyncio.create_task(self._observe_loop())
        if self.background_scan is not None:
            self.background_scan.start()

    async def stop(self) -> None:
        """Stop the background scan, drain the observer, close the client, fsync and close the log."""
        if self.background_scan is not None:
            await asyncio.to_thread(self.background_scan.stop)
        if self._observer is not None:
            self._observer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._observer
            self._observer = None
        self.drain()
        await self.upstream.close()
        self.started = False
        self.events.close()

    def decide(self, exchange: Exchange, *, at: float | None = None) -> tuple[Decision, Denial | None]:
        """The decision for ``exchange``'s request (built, not yet served) and, if refused, the denial to send.

        An account outside the campaign book whose request shows a confirmed campaign's specific
        indicator (this request's network /24 or prompt wrapper, the key's org or payment fingerprint) is linked to
        it first (:meth:`CampaignDetector.link_request`), so its first request is already decided
        as the campaign's; detectors with an ``admit`` hook see the request first too (the payment
        card's owner count, :mod:`antidistill.gateway.payment_fanout`). ``at`` is the simulated clock
        of a replay (see :meth:`Enforcer.decide`).
        """
        self.state.admit(exchange)  # e.g. count the request's payment card before the decision reads it
        if self._linker is not None:
            self._linker.link_request(exchange)
        return self.enforcer.decide(exchange.account_id, at=at, end_user=exchange.end_user)

    def record(self, exchange: Exchange, decision: Decision) -> None:
        """Append to the event log now (durability point) and queue for the online state."""
        self.events.append_exchange(exchange, decision.to_audit())
        self.enforcer.remember(exchange.account_id, exchange.exchange_id, decision)
        self.metrics.decisions.labels(decision.action.value, decision.enforced).inc()
        if END_USER_NOTE in decision.notes:
            self.metrics.end_user_decisions.labels(decision.action.value, decision.enforced).inc()
        if exchange.status != "denied":  # refused requests say nothing about what the model gave out
            self._pending.append(exchange)
            if self.config.observe_interval_s == 0:  # deterministic mode (tests, replays): no observer lag
                self.drain()
        else:  # but a refused account of a relay chain is still working: the next sign-up has not taken over yet
            self.campaigns.chain_activity(exchange.account_id, exchange.ts_start.timestamp(), exchange.user_agent)

    def drain(self) -> int:
        """Fold every queued exchange into the online state now; returns how many.

        When it returns, every exchange queued before the call is in the online state, including any the
        background observer had already taken and was still folding in.
        """
        with self._drain_lock:
            batch: list[Exchange] = []
            while self._pending:
                batch.append(self._pending.popleft())
            if batch:
                self.state.observe_many(batch)
        self.metrics.tracked_accounts.set(self.state.tracked_accounts())
        self.metrics.events_written.set(self.events.lines_written)
        return len(batch)

    async def _observe_loop(self) -> None:
        last_reload = 0.0
        while True:
            await asyncio.sleep(self.config.observe_interval_s or 0.1)  # 0: record() drains inline
            if self._pending:
                # text signals may take milliseconds per batch: keep them off the event loop
                await asyncio.to_thread(self.drain)
            now = time.monotonic()
            if now - last_reload > 2.0:
                last_reload = now
                try:
                    if self.campaigns.maybe_reload():
                        log.info("event=campaigns_reloaded accounts=%d", len(self.campaigns.campaigns()))
                except Exception as exc:  # keep the old verdicts; say why
                    log.error("event=campaigns_reload_failed error=%r", str(exc))

    def health(self) -> dict[str, Any]:
        """What /healthz reports: detector status (degraded ones say why), policy version, counters."""
        out = {"status": "ok", "detectors": self.state.status(), "policy_version": self.enforcer.policy.version,
               "tracked_accounts": self.state.tracked_accounts(), "events_written": self.events.lines_written}
        if self.background_scan is not None:
            out["background_scan"] = self.background_scan.status()
        return out
