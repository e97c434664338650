"""Token buckets for the ``throttle`` action, one per account and one per campaign.

Time is passed in (seconds, monotonic) so tests are deterministic. The bucket map is capped:
when full, the stalest bucket goes (a refilled bucket carries no information anyway).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(slots=True)
class TokenBucket:
    """Classic token bucket: ``rate`` tokens per second up to ``burst``."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def take(self, now: float, cost: float = 1.0) -> float:
        """Take ``cost`` tokens; returns 0.0 on success, else seconds until enough tokens exist."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.rate if self.rate > 0 else float("inf")


class TokenBuckets:
    """A bounded map key -> :class:`TokenBucket`, all with the same rate and burst."""

    def __init__(self, *, rate: float, burst: float, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def take(self, key: str, now: float, cost: float = 1.0) -> float:
        """Take from ``key``'s bucket (created full); 0.0 on success, else the wait in seconds."""
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst, self.burst, now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take(now, cost)

    def reset(self, key: str) -> None:
        """Forget ``key``'s bucket (an appeal clears the account)."""
        self._buckets.pop(key, None)

    def __len__(self) -> int:
        return len(self._buckets)
