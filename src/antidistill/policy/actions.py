"""Actions, and the decision that records which rules chose them and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What the gateway does with a request. Ordered by severity (see :attr:`severity`)."""

    ALLOW = "allow"
    FLAG = "flag"  # log only
    PROTECT_REASONING = "protect_reasoning"  # strip or summarise reasoning in the response
    THROTTLE = "throttle"  # token buckets per account and campaign; 429 when empty
    STEP_UP = "step_up"  # 403 asking for identity verification
    BLOCK = "block"

    @property
    def severity(self) -> int:
        """Rank used to pick the decisive action when several rules match."""
        return _SEVERITY[self]

    @property
    def denies(self) -> bool:
        """True when the action refuses the request outright (throttle depends on the buckets)."""
        return self in (Action.STEP_UP, Action.BLOCK)


_SEVERITY = {a: i for i, a in enumerate(Action)}


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """One rule that fired: its name, action and the (feature, op, threshold, value) behind it."""

    rule: str
    action: Action
    reasons: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "action": self.action.value, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer for one request.

    ``action`` is the most severe matched action; ``actions`` holds every matched action so
    that, for example, a throttled account whose request passes its bucket still gets its
    reasoning protected when a protect rule matched too. ``source`` says whether rules or an
    override decided. ``notes`` records things like unavailable features.
    """

    action: Action
    actions: frozenset[Action]
    matches: tuple[RuleMatch, ...] = ()
    source: str = "rules"
    campaign_id: str | None = None
    notes: tuple[str, ...] = ()
    policy_version: str = ""
    enforced: str = field(default="")

    @property
    def protect_reasoning(self) -> bool:
        """True when the response's reasoning must be removed or summarised."""
        return Action.PROTECT_REASONING in self.actions

    def with_enforcement(self, enforced: str) -> Decision:
        """A copy recording what the gateway finally did (``served``, ``throttled``, ...)."""
        return Decision(self.action, self.actions, self.matches, self.source, self.campaign_id, self.notes,
                        self.policy_version, enforced)

    def to_audit(self) -> dict[str, Any]:
        """The decision as a JSON-able dict for the event log and the admin API (never sent to clients)."""
        return {
            "action": self.action.value,
            "actions": sorted(a.value for a in self.actions),
            "source": self.source,
            "enforced": self.enforced,
            "campaign_id": self.campaign_id,
            "matches": [m.to_dict() for m in self.matches],
            "notes": list(self.notes),
            "policy_version": self.policy_version,
        }
