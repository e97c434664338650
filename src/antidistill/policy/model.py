"""The policy object: ordered rules over evidence features, and the parameters of each action."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from antidistill.policy.actions import Action, Decision, RuleMatch
from antidistill.policy.evidence import Evidence
from antidistill.policy.overrides import Overrides

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "eq": operator.eq,
    "ne": operator.ne,
}


@dataclass(frozen=True, slots=True)
class Condition:
    """``feature op threshold``, e.g. ``requests_1m gte 120``."""

    feature: str
    op: str
    threshold: float

    def test(self, value: float) -> bool:
        return OPERATORS[self.op](value, self.threshold)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule: all conditions must hold (AND) for ``action`` to apply."""

    name: str
    action: Action
    conditions: tuple[Condition, ...]
    description: str = ""

    def evaluate(self, evidence: Evidence) -> tuple[RuleMatch | None, str | None]:
        """The match when every condition holds; else None and, if a feature is unavailable, a note."""
        reasons: list[dict[str, Any]] = []
        for cond in self.conditions:
            value = evidence.get(cond.feature)
            if value is None:  # no data yet is normal; a detector that cannot run is worth a note
                unavailable = cond.feature in evidence.unavailable
                return None, (f"rule {self.name}: feature {cond.feature} unavailable" if unavailable else None)
            if not cond.test(value):
                return None, None
            reasons.append({"feature": cond.feature, "op": cond.op, "threshold": cond.threshold, "value": value})
        return RuleMatch(self.name, self.action, tuple(reasons)), None


@dataclass(frozen=True, slots=True)
class ThrottleConfig:
    """Token-bucket parameters for throttled accounts and their campaigns."""

    account_rate_per_s: float = 0.5
    account_burst: float = 10.0
    campaign_rate_per_s: float = 2.0
    campaign_burst: float = 40.0


@dataclass(frozen=True, slots=True)
class ProtectConfig:
    """How ``protect_reasoning`` rewrites a response: ``strip`` removes, ``summary`` replaces."""

    mode: str = "strip"
    summary_text: str = "[reasoning withheld]"


@dataclass(frozen=True, slots=True)
class Policy:
    """Ordered rules plus action parameters. Build with :func:`antidistill.policy.load_policy`."""

    rules: tuple[Rule, ...]
    throttle: ThrottleConfig
    protect: ProtectConfig
    default_action: Action = Action.ALLOW
    version: str = ""
    source: str | None = None

    def feature_names(self) -> set[str]:
        """Every feature some rule reads."""
        return {c.feature for r in self.rules for c in r.conditions}

    def decide(self, evidence: Evidence, overrides: Overrides | None = None) -> Decision:
        """Evaluate every rule; the most severe matched action decides, overrides first."""
        if overrides is not None:
            listed = overrides.lookup(evidence.account_id)
            if listed is not None:
                action = Action.ALLOW if listed == "allow" else Action.BLOCK
                match = RuleMatch(f"{listed}-list", action, ({"override": listed},))
                return Decision(action, frozenset({action}), (match,), "override", evidence.campaign_id, (),
                                self.version)
        matches: list[RuleMatch] = []
        notes: list[str] = []
        for rule in self.rules:
            found, note = rule.evaluate(evidence)
            if found is not None:
                matches.append(found)
            elif note is not None:
                notes.append(note)
        actions = frozenset(m.action for m in matches) or frozenset({self.default_action})
        action = max(actions, key=lambda a: a.severity)
        return Decision(action, actions, tuple(matches), "rules", evidence.campaign_id, tuple(notes), self.version)
