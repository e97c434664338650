from __future__ import annotations

import json
from pathlib import Path

import pytest

from antidistill.policy import Action, Evidence, Overrides, TokenBucket, TokenBuckets, load_policy, parse_policy

POLICY = parse_policy("""
version: 1
rules:
  - name: protect
    when: {reasoning_elicitation_share: {gte: 0.5}}
    action: protect_reasoning
  - name: burst
    when: {requests_1m: {gte: 100}}
    action: throttle
  - name: fanout
    when: {distinct_ips_24h: {gte: 20}, requests_1h: {gt: 50}}
    action: step_up
""")


def ev(**features: float) -> Evidence:
    return Evidence("acct-1", dict(features))


def test_nothing_matches_gives_allow() -> None:
    d = POLICY.decide(ev(requests_1m=3, reasoning_elicitation_share=0.0, distinct_ips_24h=1, requests_1h=3))
    assert d.action is Action.ALLOW and not d.matches and not d.protect_reasoning


def test_most_severe_action_decides_but_protection_still_applies() -> None:
    d = POLICY.decide(ev(requests_1m=150, reasoning_elicitation_share=0.9, distinct_ips_24h=1, requests_1h=150))
    assert d.action is Action.THROTTLE
    assert d.protect_reasoning
    assert {m.rule for m in d.matches} == {"protect", "burst"}


def test_all_conditions_must_hold_and_reasons_name_values() -> None:
    assert POLICY.decide(ev(distinct_ips_24h=30, requests_1h=10)).action is Action.ALLOW
    d = POLICY.decide(ev(distinct_ips_24h=30, requests_1h=60))
    assert d.action is Action.STEP_UP
    (match,) = d.matches
    assert match.reasons == ({"feature": "distinct_ips_24h", "op": "gte", "threshold": 20.0, "value": 30},
                             {"feature": "requests_1h", "op": "gt", "threshold": 50.0, "value": 60})


def test_unavailable_feature_never_matches_and_is_noted() -> None:
    e = Evidence("a", {"requests_1m": 1}, unavailable=frozenset({"reasoning_elicitation_share"}))
    d = POLICY.decide(e)
    assert d.action is Action.ALLOW
    assert "rule protect: feature reasoning_elicitation_share unavailable" in d.notes


def test_overrides_win_and_audit_is_json(tmp_path: Path) -> None:
    ov = Overrides(path=tmp_path / "ov.json")
    ov.set("acct-1", "block")
    d = POLICY.decide(ev(requests_1m=0), ov)
    assert d.action is Action.BLOCK and d.source == "override"
    audit = json.loads(json.dumps(d.with_enforcement("refused").to_audit()))
    assert audit["enforced"] == "refused" and audit["matches"][0]["rule"] == "block-list"
    ov.set("acct-1", "allow")
    assert POLICY.decide(ev(requests_1m=1000), ov).action is Action.ALLOW
    assert Overrides(path=tmp_path / "ov.json").lookup("acct-1") == "allow"  # persisted
    assert ov.clear("acct-1") and ov.lookup("acct-1") is None
    with pytest.raises(ValueError):
        ov.set("x", "maybe")  # type: ignore[arg-type]


#: an ordinary heavy API user: hundreds of requests an hour, an old account, a couple of addresses, bursty spacing
HEAVY_USER = dict(requests_1m=12, requests_1h=250, requests_24h=900, total_requests=5000, account_age_hours=2000,
                  tier_quota_ratio=0.18, distinct_ips_24h=3, distinct_user_agents_24h=2, interarrival_cv=2.4,
                  mean_gap_s=14, active_hours_24h=10, reasoning_elicitation_hits_24h=2,
                  reasoning_elicitation_share=0.01, campaign_score=0.0, campaign_size=0)


def test_default_policy_leaves_an_ordinary_heavy_user_alone() -> None:
    policy = load_policy()
    human = ev(**HEAVY_USER)
    assert policy.decide(human).action is Action.ALLOW
    harvester = ev(**{**human.features, "campaign_score": 0.95})
    assert policy.decide(harvester).action is Action.BLOCK
    # in proportion to the evidence: a scan suspect (fed at 0.7) is asked to verify, a weak link is throttled
    assert policy.decide(ev(**{**human.features, "campaign_score": 0.7})).action is Action.STEP_UP
    assert policy.decide(ev(**{**human.features, "campaign_score": 0.5})).action is Action.THROTTLE


def test_default_policy_serves_a_new_harness_at_machine_speed_without_its_reasoning() -> None:
    """Speed alone refuses nothing: a benchmark run on a new key is answered, its reasoning withheld."""
    policy = load_policy()
    harness = ev(**{**HEAVY_USER, "requests_1m": 900, "requests_1h": 2500, "requests_24h": 2500,
                    "total_requests": 2500, "account_age_hours": 0.5, "tier_quota_ratio": 0.5,
                    "interarrival_cv": 0.3, "mean_gap_s": 0.07, "active_hours_24h": 1,
                    "reasoning_elicitation_hits_24h": 0, "reasoning_elicitation_share": 0.0})
    d = policy.decide(harness)
    assert d.action is Action.PROTECT_REASONING
    assert {m.rule for m in d.matches} == {"burst", "new-account-at-full-speed"}
    # the same speed far beyond the tier's daily size, or with a campaign behind it, is still slowed or stopped
    assert policy.decide(ev(**{**harness.features, "tier_quota_ratio": 4.0})).action is Action.THROTTLE
    assert policy.decide(ev(**{**harness.features, "campaign_score": 0.5})).action is Action.THROTTLE
    assert policy.decide(ev(**{**harness.features, "campaign_score": 0.95})).action is Action.BLOCK


def test_token_bucket_refills_at_rate() -> None:
    b = TokenBucket(rate=2.0, burst=3.0, tokens=3.0, updated=0.0)
    assert [b.take(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take(0.0) == pytest.approx(0.5)  # one token takes 1/rate seconds
    assert b.take(0.5) == 0.0
    assert b.take(10.0) == 0.0 and b.tokens == pytest.approx(2.0)  # capped at burst, then one taken


def test_token_buckets_are_bounded() -> None:
    tb = TokenBuckets(rate=1.0, burst=1.0, max_keys=3)
    for i in range(10):
        tb.take(f"k{i}", 0.0)
    assert len(tb) == 3
    assert tb.take("k9", 0.0) > 0  # recent key kept its empty bucket
    assert tb.take("k0", 0.0) == 0.0  # evicted key starts full
