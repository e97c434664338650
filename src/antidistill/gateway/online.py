"""Online per-account state: the base class for incremental detectors and the state that joins them.

Each detector keeps a small, fixed-size record per account (sliding-window rings, EWMAs,
capped hash sets), so memory grows with the number of accounts, not with traffic. The
number of tracked accounts is capped too: past ``max_accounts`` the longest-idle tenth is
forgotten. ``docs/gateway.md`` lists every feature and its window.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from array import array
from collections.abc import Sequence
from typing import ClassVar

from antidistill.policy.evidence import Evidence
from antidistill.records import Exchange
from antidistill.registry import Registry


class OnlineDetector(ABC):
    """One family of online features. Subclasses set ``name`` and ``features`` and register in ONLINE_DETECTORS."""

    name: ClassVar[str] = ""
    features: ClassVar[tuple[str, ...]] = ()

    def annotate(self, batch: Sequence[Exchange]) -> None:  # noqa: B027 - optional hook
        """Optional per-batch work done outside the state lock (e.g. text classifiers); may set ``extra``."""

    def admit(self, exchange: Exchange) -> None:  # noqa: B027 - optional hook
        """Optional: see a request before it is decided (it may be refused and never observed)."""

    @abstractmethod
    def observe(self, exchange: Exchange) -> None:
        """Fold one completed exchange into its account's state."""

    @abstractmethod
    def evidence(self, account_id: str, now: float) -> Evidence:
        """This detector's features for ``account_id`` at ``now`` (seconds since the epoch)."""

    def forget(self, account_id: str) -> None:  # noqa: B027 - stateless detectors keep nothing
        """Drop the account's state (eviction, or an appeal that clears it)."""

    def status(self) -> str:
        """One line for /healthz: ``ok`` or why the detector is degraded."""
        return "ok"


ONLINE_DETECTORS: Registry[OnlineDetector] = Registry("online detector")


class Ring:
    """Counts in ``size`` consecutive time buckets of ``width`` seconds, kept in words of an account's unsigned
    32-bit array from ``start``: ``size`` counts, then the newest bucket's index + 1 (0: none yet). The ring is a
    layout shared by every account; each account holds only its array (one array per account, not an object, an
    array and an index per ring). Older buckets are reused; counts saturate rather than overflow."""

    __slots__ = ("size", "start", "width")

    def __init__(self, size: int, width: float, start: int = 0) -> None:
        self.size, self.width, self.start = size, width, start

    @property
    def end(self) -> int:
        """The first word after this ring's."""
        return self.start + self.size + 1

    def add(self, a: array[int], t: float, n: int = 1) -> None:
        """Count ``n`` events at time ``t``; events older than the window are dropped."""
        b = int(t // self.width)
        size, start, last = self.size, self.start, a[self.start + self.size] - 1
        if b > last:
            if last < 0 or b - last >= size:
                for i in range(start, start + size):
                    a[i] = 0
            else:
                for k in range(last + 1, b + 1):
                    a[start + k % size] = 0
            a[start + size] = b + 1  # the newest bucket's index + 1
        elif last - b >= size:
            return
        i = start + b % size
        a[i] = min(0xFFFFFFFF, a[i] + n)

    def total(self, a: array[int], now: float, buckets: int | None = None) -> int:
        """Events in the last ``buckets`` buckets ending with the one holding ``now``."""
        size, start, last = self.size, self.start, a[self.start + self.size] - 1
        buckets = size if buckets is None else min(buckets, size)
        b = int(now // self.width)
        lo = max(b - buckets + 1, last - size + 1)
        hi = min(b, last)
        if last < 0 or lo > hi:
            return 0
        return sum(a[start + k % size] for k in range(lo, hi + 1))


class OnlineState:
    """All registered detectors (or the given ones) behind one lock, with a cap on tracked accounts."""

    def __init__(self, *, detectors: Sequence[OnlineDetector], max_accounts: int = 1_000_000) -> None:
        self.detectors = list(detectors)
        self._admitting = [d for d in self.detectors if type(d).admit is not OnlineDetector.admit]
        self.max_accounts = max_accounts
        self._last_seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self.observed = 0

    def feature_names(self) -> set[str]:
        """Every feature some detector can produce (what a policy may refer to)."""
        return {f for d in self.detectors for f in d.features}

    def observe_many(self, batch: Sequence[Exchange]) -> None:
        """Annotate the batch outside the lock, then fold each exchange in."""
        for det in self.detectors:
            det.annotate(batch)
        with self._lock:
            for ex in batch:
                for det in self.detectors:
                    det.observe(ex)
                self._last_seen[ex.account_id] = ex.ts_start.timestamp()
                self.observed += 1
            if len(self._last_seen) > self.max_accounts:
                self._evict()

    def observe(self, exchange: Exchange) -> None:
        """Fold in one exchange."""
        self.observe_many([exchange])

    def admit(self, exchange: Exchange) -> None:
        """Show every detector with an ``admit`` hook a request about to be decided."""
        with self._lock:
            for det in self._admitting:
                det.admit(exchange)

    def evidence(self, account_id: str, now: float) -> Evidence:
        """Merged evidence from every detector."""
        features: dict[str, float] = {}
        unavailable: set[str] = set()
        campaign: str | None = None
        with self._lock:
            for det in self.detectors:
                ev = det.evidence(account_id, now)
                features.update(ev.features)
                unavailable |= ev.unavailable
                campaign = campaign or ev.campaign_id
        return Evidence(account_id, features, campaign, frozenset(unavailable))

    def forget(self, account_id: str) -> None:
        """Clear everything known about the account (appeal)."""
        with self._lock:
            for det in self.detectors:
                det.forget(account_id)
            self._last_seen.pop(account_id, None)

    def tracked_accounts(self) -> int:
        return len(self._last_seen)

    def status(self) -> dict[str, str]:
        """Detector name -> ``ok`` or its degradation reason."""
        return {d.name: d.status() for d in self.detectors}

    def _evict(self) -> None:
        victims = sorted(self._last_seen, key=self._last_seen.__getitem__)[: max(1, self.max_accounts // 10)]
        for account in victims:
            for det in self.detectors:
                det.forget(account)
            del self._last_seen[account]
