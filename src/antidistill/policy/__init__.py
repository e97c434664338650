"""Policy: evidence about an account -> an action, with the reasons behind it.

No web imports here. The gateway builds :class:`Evidence` from its online state, asks a
:class:`Policy` for a :class:`Decision`, enforces it, and logs ``Decision.to_audit()``.
The default policy ships as ``default.yaml`` in this package (see ``docs/policy.md``).
"""

from antidistill.policy.actions import Action, Decision, RuleMatch
from antidistill.policy.evidence import Evidence
from antidistill.policy.loader import DEFAULT_POLICY_PATH, load_policy, parse_policy
from antidistill.policy.model import Condition, Policy, ProtectConfig, Rule, ThrottleConfig
from antidistill.policy.overrides import Overrides
from antidistill.policy.throttle import TokenBucket, TokenBuckets

__all__ = [
    "DEFAULT_POLICY_PATH",
    "Action",
    "Condition",
    "Decision",
    "Evidence",
    "Overrides",
    "Policy",
    "ProtectConfig",
    "Rule",
    "RuleMatch",
    "ThrottleConfig",
    "TokenBucket",
    "TokenBuckets",
    "load_policy",
    "parse_policy",
]
