"""What the policy decides on: one account's online features at one moment."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """Named numeric features of an account, plus its campaign (if linkage put it in one).

    ``unavailable`` names features that a detector could not compute in this process (for
    example when ``antidistill.signals`` is not installed); a rule on such a feature never
    matches and its decision says so.
    """

    account_id: str
    features: dict[str, float] = field(default_factory=dict)
    campaign_id: str | None = None
    unavailable: frozenset[str] = frozenset()

    def get(self, name: str) -> float | None:
        """The feature's value, or None when it is absent."""
        return self.features.get(name)
