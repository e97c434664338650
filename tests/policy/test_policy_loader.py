from __future__ import annotations

from pathlib import Path

import pytest

from antidistill.errors import ConfigError
from antidistill.gateway.detectors import DetectorContext, build_detectors
from antidistill.gateway.online import OnlineState
from antidistill.policy import DEFAULT_POLICY_PATH, Action, load_policy, parse_policy

FEATURES = OnlineState(detectors=build_detectors(DetectorContext())).feature_names()

GOOD = """
version: 1
rules:
  - name: burst
    when: {requests_1m: {gte: 10}}
    action: throttle
"""


def test_default_policy_loads_and_only_uses_known_features() -> None:
    policy = load_policy(known_features=FEATURES)
    assert policy.source == str(DEFAULT_POLICY_PATH)
    assert policy.feature_names() <= FEATURES
    assert {r.action for r in policy.rules} >= {Action.BLOCK, Action.THROTTLE, Action.STEP_UP,
                                                 Action.PROTECT_REASONING, Action.FLAG}
    assert len(policy.version) == 12


@pytest.mark.parametrize(("text", "key", "reason"), [
    ("version: 2\nrules: []", "version", "must be 1"),
    ("version: 1\nrulez: []", "rulez", "unknown key"),
    ("version: 1\ndefault_action: maybe", "default_action", "unknown action"),
    ("version: 1\nrules: {a: 1}", "rules", "must be a list"),
    ("version: 1\nrules:\n  - {name: x, when: {requests_1m: {gte: 1}}, action: nuke}", "rules[0].action",
     "unknown action"),
    ("version: 1\nrules:\n  - {name: x, when: {requests_1m: {about: 1}}, action: flag}",
     "rules[0].when.requests_1m.about", "unknown operator"),
    ("version: 1\nrules:\n  - {name: x, when: {request_1m: {gte: 1}}, action: flag}", "rules[0].when.request_1m",
     "unknown feature"),
    ("version: 1\nrules:\n  - {name: x, when: {requests_1m: {gte: many}}, action: flag}",
     "rules[0].when.requests_1m.gte", "must be a number"),
    ("version: 1\nrules:\n  - {name: x, when: {}, action: flag}", "rules[0].when", "must map"),
    ("version: 1\nrules:\n  - {name: x, when: {requests_1m: {gte: 1}}, action: flag}\n"
     "  - {name: x, when: {requests_1m: {gte: 2}}, action: flag}", "rules[1].name", "duplicate"),
    ("version: 1\nrules:\n  - {when: {requests_1m: {gte: 1}}, action: flag}", "rules[0].name", "non-empty"),
    ("version: 1\nrules:\n  - {name: x, when: {requests_1m: {gte: 1}}, action: flag, extra: 1}", "rules[0].extra",
     "unknown key"),
    ("version: 1\nthrottle: {account_rate_per_s: -1}", "throttle.account_rate_per_s", "greater than 0"),
    ("version: 1\nthrottle: {burst: 3}", "throttle.burst", "unknown key"),
    ("version: 1\nprotect_reasoning: {mode: blur}", "protect_reasoning.mode", "must be one of"),
    ("version: 1\nrules: [\n", "line", "invalid YAML"),
    ("- just a list", "policy", "must be a mapping"),
])
def test_broken_policies_fail_with_key_and_reason(text: str, key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_policy(text, source="p.yaml", known_features=FEATURES)
    assert info.value.key.startswith(key)
    assert reason in info.value.reason
    assert str(info.value).startswith("p.yaml: ")


def test_missing_policy_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy file"):
        load_policy(tmp_path / "nope.yaml")


def test_version_changes_with_content() -> None:
    a = parse_policy(GOOD, known_features=FEATURES)
    b = parse_policy(GOOD.replace("10", "11"), known_features=FEATURES)
    assert a.version != b.version
    assert a.rules[0].conditions[0].threshold == 10.0
