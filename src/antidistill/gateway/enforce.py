"""From online state and policy to what happens to one request: the gateway's decision point.

Handlers call :meth:`Enforcer.decide` and get a :class:`~antidistill.policy.Decision` plus,
when the request is refused, a :class:`Denial` holding only what the client may see: an
HTTP status, an OpenAI-style error code and a fixed message. Scores and rule names stay in
the audit record.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from antidistill.gateway.campaigns import CampaignVerdict, end_user_key
from antidistill.gateway.online import OnlineState
from antidistill.policy import Action, Decision, Overrides, Policy, TokenBuckets
from antidistill.policy.evidence import Evidence


@dataclass(frozen=True, slots=True)
class Denial:
    """What a refused client is told (nothing about why beyond the category)."""

    status: int
    code: str
    type: str
    message: str
    retry_after_s: int | None = None


#: The note a decision carries when it was taken on the verdict about the request's end user (not its account).
END_USER_NOTE = "campaign verdict on the end user"

BLOCKED = Denial(403, "account_blocked", "permission_error",
                 "This account cannot use this API. Contact support if you believe this is a mistake.")
STEP_UP = Denial(403, "identity_verification_required", "permission_error",
                 "Additional identity verification is required for this account before it can continue.")


class Enforcer:
    """Owns the policy, overrides and token buckets; keeps the last decisions for the admin API."""

    def __init__(self, *, policy: Policy, state: OnlineState, overrides: Overrides,
                 clock: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic,
                 recent: int = 1000,
                 end_user_verdict: Callable[[str, str], CampaignVerdict | None] | None = None) -> None:
        """``end_user_verdict(account, end_user)`` is the campaign verdict on one end user's requests through an
        account (:meth:`CampaignBook.lookup_end_user`), consulted when a request names its end user."""
        self.state = state
        self.end_user_verdict = end_user_verdict
        self.overrides = overrides
        self.clock = clock
        self.monotonic = monotonic
        self.recent: deque[dict[str, Any]] = deque(maxlen=recent)
        self.set_policy(policy)

    def set_policy(self, policy: Policy) -> None:
        """Swap the policy (reload); buckets restart with the new rates."""
        self.policy = policy
        t = policy.throttle
        self.account_buckets = TokenBuckets(rate=t.account_rate_per_s, burst=t.account_burst)
        self.campaign_buckets = TokenBuckets(rate=t.campaign_rate_per_s, burst=t.campaign_burst)

    def decide(self, account_id: str, *, at: float | None = None,
               end_user: str | None = None) -> tuple[Decision, Denial | None]:
        """The decision for the account's next request and, if refused, the denial to send.

        ``at`` (seconds since the epoch) replaces both clocks, for replays on a simulated timeline. A request that
        names its ``end_user`` (a reseller's or an application's user) is decided on the account's evidence with the
        campaign verdict on that end user, where one is stronger than the account's own: the end user is refused or
        throttled (in a bucket of its own), the account's other end users are not.
        """
        evidence = self.state.evidence(account_id, self.clock() if at is None else at)
        bucket, on_end_user = account_id, False
        if end_user and self.end_user_verdict is not None:
            verdict = self.end_user_verdict(account_id, end_user)
            if verdict is not None and verdict.score > evidence.features.get("campaign_score", 0.0):
                evidence = _with_end_user_verdict(evidence, verdict)
                bucket, on_end_user = end_user_key(account_id, end_user), True
        decision = self.policy.decide(evidence, self.overrides)
        if on_end_user and decision.source == "rules":
            decision = dataclasses.replace(decision, notes=(*decision.notes, END_USER_NOTE))
        denial: Denial | None = None
        if decision.action is Action.BLOCK:
            denial = BLOCKED
        elif decision.action is Action.STEP_UP:
            denial = STEP_UP
        elif decision.action is Action.THROTTLE:
            now = self.monotonic() if at is None else at
            wait = self.account_buckets.take(bucket, now)
            if decision.campaign_id is not None:
                wait = max(wait, self.campaign_buckets.take(decision.campaign_id, now))
            if wait > 0:
                denial = Denial(429, "rate_limit_exceeded", "rate_limit_error",
                                "Rate limit reached for this account. Retry after the indicated time.",
                                retry_after_s=max(1, math.ceil(wait)))
        enforced = "served" if denial is None else {403: "refused", 429: "throttled"}[denial.status]
        return decision.with_enforcement(enforced), denial

    def remember(self, account_id: str, exchange_id: str, decision: Decision) -> None:
        """Keep the audit record for ``GET /admin/decisions``."""
        self.recent.append({"ts": self.clock(), "account_id": account_id, "exchange_id": exchange_id,
                            **decision.to_audit()})

    def appeal(self, account_id: str) -> None:
        """Clear the account: off both lists, online state and campaign membership forgotten, buckets reset."""
        self.overrides.clear(account_id)
        self.state.forget(account_id)
        self.account_buckets.reset(account_id)


def _with_end_user_verdict(evidence: Evidence, verdict: CampaignVerdict) -> Evidence:
    """The account's evidence with its campaign features replaced by the end user's verdict."""
    features = {**evidence.features, "campaign_score": verdict.score, "campaign_size": float(verdict.size)}
    return Evidence(evidence.account_id, features, verdict.campaign_id, evidence.unavailable)
