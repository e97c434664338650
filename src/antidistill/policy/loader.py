"""Read and validate a policy YAML file; every error names the key, the value and the reason.

A bad policy never falls back silently to a default: start-up fails with a ``ConfigError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from antidistill.errors import ConfigError
from antidistill.policy.actions import Action
from antidistill.policy.model import OPERATORS, Condition, Policy, ProtectConfig, Rule, ThrottleConfig

DEFAULT_POLICY_PATH = Path(__file__).with_name("default.yaml")

_TOP_KEYS = {"version", "default_action", "throttle", "protect_reasoning", "rules"}
_RULE_KEYS = {"name", "when", "action", "description"}
_PROTECT_MODES = ("strip", "summary")


def load_policy(path: Path | None = None, *, known_features: Collection[str] | None = None) -> Policy:
    """Load ``path`` (default: the shipped policy). ``known_features`` rejects rules on unknown features."""
    path = DEFAULT_POLICY_PATH if path is None else path
    try:
        text = path.read_text()
    except OSError as exc:
        raise ConfigError("policy", f"cannot read policy file: {exc.strerror}", source=str(path)) from exc
    return parse_policy(text, source=str(path), known_features=known_features)


def parse_policy(text: str, *, source: str | None = None, known_features: Collection[str] | None = None) -> Policy:
    """Parse policy YAML text. See ``docs/policy.md`` for the format."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "policy"
        raise ConfigError(where, f"invalid YAML: {exc}", source=source) from exc
    if not isinstance(data, Mapping):
        raise ConfigError("policy", "top level must be a mapping", source=source, value=type(data).__name__)
    _no_unknown(data, _TOP_KEYS, "", source)
    if data.get("version") != 1:
        raise ConfigError("version", "must be 1", source=source, value=data.get("version"))
    default_action = _action(data.get("default_action", "allow"), "default_action", source)
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list):
        raise ConfigError("rules", "must be a list of rules", source=source, value=type(rules_raw).__name__)
    rules = []
    seen: set[str] = set()
    for i, raw in enumerate(rules_raw):
        rule = _rule(raw, f"rules[{i}]", source, known_features)
        if rule.name in seen:
            raise ConfigError(f"rules[{i}].name", "duplicate rule name", source=source, value=rule.name)
        seen.add(rule.name)
        rules.append(rule)
    return Policy(
        rules=tuple(rules),
        throttle=_throttle(data.get("throttle", {}), source),
        protect=_protect(data.get("protect_reasoning", {}), source),
        default_action=default_action,
        version=hashlib.sha256(text.encode()).hexdigest()[:12],
        source=source,
    )


def _no_unknown(data: Mapping[str, Any], allowed: set[str], prefix: str, source: str | None) -> None:
    for key in data:
        if key not in allowed:
            raise ConfigError(f"{prefix}{key}", f"unknown key; allowed: {', '.join(sorted(allowed))}", source=source)


def _action(value: Any, key: str, source: str | None) -> Action:
    try:
        return Action(value)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise ConfigError(key, f"unknown action; known: {known}", source=source, value=value) from None


def _number(value: Any, key: str, source: str | None, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, "must be a number", source=source, value=value)
    if positive and value <= 0:
        raise ConfigError(key, "must be greater than 0", source=source, value=value)
    return float(value)


def _rule(raw: Any, key: str, source: str | None, known: Collection[str] | None) -> Rule:
    if not isinstance(raw, Mapping):
        raise ConfigError(key, "each rule must be a mapping", source=source, value=raw)
    _no_unknown(raw, _RULE_KEYS, f"{key}.", source)
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{key}.name", "must be a non-empty string", source=source, value=name)
    action = _action(raw.get("action"), f"{key}.action", source)
    when = raw.get("when")
    if not isinstance(when, Mapping) or not when:
        raise ConfigError(f"{key}.when", "must map feature names to {op: threshold}", source=source, value=when)
    conditions = []
    for feature, test in when.items():
        fkey = f"{key}.when.{feature}"
        if known is not None and feature not in known:
            raise ConfigError(fkey, f"unknown feature; known: {', '.join(sorted(known))}", source=source)
        if not isinstance(test, Mapping) or not test:
            raise ConfigError(fkey, "must be a mapping like {gte: 10}", source=source, value=test)
        for op, threshold in test.items():
            if op not in OPERATORS:
                raise ConfigError(f"{fkey}.{op}", f"unknown operator; known: {', '.join(OPERATORS)}", source=source)
            conditions.append(Condition(str(feature), str(op), _number(threshold, f"{fkey}.{op}", source)))
    return Rule(name, action, tuple(conditions), str(raw.get("description", "")))


def _throttle(raw: Any, source: str | None) -> ThrottleConfig:
    if not isinstance(raw, Mapping):
        raise ConfigError("throttle", "must be a mapping", source=source, value=raw)
    defaults = ThrottleConfig()
    allowed = {"account_rate_per_s", "account_burst", "campaign_rate_per_s", "campaign_burst"}
    _no_unknown(raw, allowed, "throttle.", source)
    values = {k: _number(raw.get(k, getattr(defaults, k)), f"throttle.{k}", source, positive=True) for k in allowed}
    return ThrottleConfig(
        account_rate_per_s=values["account_rate_per_s"], account_burst=values["account_burst"],
        campaign_rate_per_s=values["campaign_rate_per_s"], campaign_burst=values["campaign_burst"],
    )


def _protect(raw: Any, source: str | None) -> ProtectConfig:
    if not isinstance(raw, Mapping):
        raise ConfigError("protect_reasoning", "must be a mapping", source=source, value=raw)
    _no_unknown(raw, {"mode", "summary_text"}, "protect_reasoning.", source)
    mode = raw.get("mode", "strip")
    if mode not in _PROTECT_MODES:
        raise ConfigError("protect_reasoning.mode", f"must be one of {', '.join(_PROTECT_MODES)}", source=source,
                          value=mode)
    summary = raw.get("summary_text", ProtectConfig().summary_text)
    if not isinstance(summary, str):
        raise ConfigError("protect_reasoning.summary_text", "must be a string", source=source, value=summary)
    return ProtectConfig(mode=mode, summary_text=summary)
