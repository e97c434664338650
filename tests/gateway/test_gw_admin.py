"""Enforcement and the admin API: throttle, step-up, block, overrides, appeals, reload, campaigns, LiteLLM."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from gw_stack import admin_headers, stack_with

from antidistill.gateway.mock_upstream import MockConfig

pytestmark = pytest.mark.gateway

CHAT = {"model": "mock-1", "messages": [{"role": "user", "content": "hello"}]}

POLICY = """
version: 1
throttle: {account_rate_per_s: 0.01, account_burst: 2, campaign_rate_per_s: 0.01, campaign_burst: 3}
rules:
  - name: busy
    when: {requests_1m: {gte: 3}}
    action: throttle
  - name: fan-out
    when: {distinct_ips_24h: {gte: 3}}
    action: step_up
"""


def post(url: str, key: str, **headers: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {key}", **headers})


def test_throttle_step_up_block_and_appeal(tmp_path: Path) -> None:
    """The requests carry their time on the replay clock, all inside one clock minute: the 1-minute count is per clock
    minute, so on the wall clock three requests that straddle a minute's turn would count as two and one."""
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    clock = iter(range(1, 60))

    def at(**headers: str) -> dict[str, str]:
        return {"x-replay-time": (start + dt.timedelta(seconds=next(clock))).isoformat(), **headers}

    with stack_with(tmp_path, policy=POLICY, trust_forwarded_for=True, replay_clock=True) as s:
        key = s.key("acct-t")
        for _ in range(3):
            assert post(s.url, key, **at()).status_code == 200
        s.gateway.drain()
        codes = [post(s.url, key, **at()) for _ in range(4)]
        assert [r.status_code for r in codes] == [200, 200, 429, 429]  # burst of 2, then refused
        r = codes[-1]
        assert int(r.headers["retry-after"]) >= 1 and r.json()["error"]["code"] == "rate_limit_exceeded"
        assert "busy" not in r.text and "requests_1m" not in r.text  # no rule, feature or score leaks
        row = [d for d in s.gateway.enforcer.recent if d["enforced"] == "throttled"][-1]
        assert row["matches"][0]["reasons"][0]["feature"] == "requests_1m"

        roamer = s.key("acct-roam")
        for i in range(3):
            assert post(s.url, roamer, **at(**{"x-forwarded-for": f"203.0.113.{i}"})).status_code == 200
        s.gateway.drain()
        r = post(s.url, roamer, **at())
        assert r.status_code == 403 and r.json()["error"]["code"] == "identity_verification_required"

        h = admin_headers()
        anon = httpx.post(f"{s.admin}/admin/overrides", json={"account_id": "acct-x", "list": "block"})
        assert anon.status_code == 401
        assert httpx.post(f"{s.admin}/admin/overrides", json={"account_id": "acct-roam", "list": "block"},
                          headers=h).json()["block"] == ["acct-roam"]
        r = post(s.url, roamer, **at())
        assert r.status_code == 403 and r.json()["error"]["code"] == "account_blocked"
        state = httpx.get(f"{s.admin}/admin/accounts/acct-roam", headers=h).json()
        assert state["override"] == "block" and state["features"]["distinct_ips_24h"] == 3
        assert state["recent_decisions"][-1]["source"] == "override"
        assert httpx.post(f"{s.admin}/admin/appeal", json={"account_id": "acct-roam"}, headers=h).status_code == 200
        assert post(s.url, roamer, **at()).status_code == 200  # cleared: lists, online state
        denied = [row for row in s.gateway.enforcer.recent if row["enforced"] != "served"]
        assert {d["enforced"] for d in denied} == {"throttled", "refused"}
        metrics = httpx.get(f"{s.admin}/metrics").text
        assert 'antidistill_decisions_total{action="throttle",enforced="throttled"} 2.0' in metrics
        assert "antidistill_request_seconds_bucket" in metrics


def test_policy_reload_and_campaign_feed(tmp_path: Path) -> None:
    with stack_with(tmp_path, policy=POLICY) as s:
        h = admin_headers()
        version = s.gateway.enforcer.policy.version
        policy_path = tmp_path / "policy.yaml"
        policy_path.write_text(POLICY.replace("action: step_up", "action: explode"))
        r = httpx.post(f"{s.admin}/admin/policy/reload", headers=h)
        assert r.status_code == 400 and "rules[1].action" in r.json()["error"]["message"]
        assert s.gateway.enforcer.policy.version == version  # the old policy stays
        policy_path.write_text(POLICY + """
  - name: linked
    when: {campaign_score: {gte: 0.9}}
    action: block
""")
        r = httpx.post(f"{s.admin}/admin/policy/reload", headers=h)
        assert r.status_code == 200 and r.json()["rules"] == ["busy", "fan-out", "linked"]
        key = s.key("acct-c1")
        assert post(s.url, key).status_code == 200
        verdicts = {"campaigns": [{"campaign_id": "camp-7", "score": 0.95, "accounts": ["acct-c1", "acct-c2"]}]}
        assert httpx.post(f"{s.admin}/admin/campaigns", json=verdicts, headers=h).json() == {"accounts_updated": 2}
        assert post(s.url, key).status_code == 403
        assert httpx.get(f"{s.admin}/admin/decisions?account=acct-c1", headers=h).json()["decisions"][-1][
            "campaign_id"] == "camp-7"
        relay = {"campaigns": [{"campaign_id": "relay-1", "score": 0.7, "accounts": ["acct-r1"], "handover": {
            "clients": ["OpenAI/JS 4.77.3"], "gap_s": 3600, "last_seen_s": 1772846241.0}}]}
        assert httpx.post(f"{s.admin}/admin/campaigns", json=relay, headers=h).json() == {"accounts_updated": 1}
        shown = httpx.get(f"{s.admin}/admin/campaigns", headers=h).json()
        assert shown["campaigns"] == {"camp-7": ["acct-c1", "acct-c2"], "relay-1": ["acct-r1"]}
        assert shown["relays_followed"] == [{"client": "OpenAI/JS 4.77.3", "campaign_id": "relay-1", "gap_s": 3600.0,
                                             "last_request": "2026-03-07T01:17:21+00:00", "newest_account": None}]
        health = httpx.get(f"{s.admin}/healthz", headers=h).json()
        assert set(health["detectors"]) == {"volume", "tempo", "fanout", "payment", "reasoning", "soft_labels", "skim",
                                            "tool_churn", "forged_history", "campaign"}
        assert httpx.get(f"{s.url}/healthz").json() == {"status": "ok"}


def test_campaign_file_is_reloaded(tmp_path: Path) -> None:
    campaigns = tmp_path / "campaigns.json"
    campaigns.write_text('{"campaigns": []}')
    with stack_with(tmp_path, campaigns_file=campaigns) as s:
        key = s.key("acct-f")
        assert post(s.url, key).status_code == 200
        tmp = tmp_path / "c.tmp"
        tmp.write_text('{"campaigns": [{"campaign_id": "c9", "score": 0.99, "accounts": ["acct-f"]}]}')
        tmp.replace(campaigns)  # atomic swap, as an offline job should do
        assert s.gateway.campaigns.maybe_reload()
        assert post(s.url, key).status_code == 403  # the default policy blocks linked-campaign >= 0.9


def guard(url: str, body: dict[str, object]) -> httpx.Response:
    return httpx.post(f"{url}/beta/litellm_basic_guardrail_api", json=body, headers=admin_headers())


def test_litellm_generic_guardrail(tmp_path: Path) -> None:
    protect = "version: 1\nrules:\n  - {name: p, when: {total_requests: {gte: 1}}, action: protect_reasoning}\n"
    with stack_with(tmp_path, mock=MockConfig(), policy=protect) as s:
        meta = {"user_api_key_hash": "h1", "user_api_key_user_id": "lite-user"}
        req = {"texts": ["hi"], "input_type": "request", "request_data": meta, "litellm_call_id": "c1"}
        assert httpx.post(f"{s.admin}/beta/litellm_basic_guardrail_api", json=req).status_code == 401
        assert guard(s.admin, req).json() == {"action": "NONE"}
        resp = {"texts": ["<think>plan</think>Answer"], "input_type": "response", "request_data": meta,
                "litellm_call_id": "c1"}
        assert guard(s.admin, resp).json() == {"action": "NONE"}  # first exchange: nothing observed yet
        s.gateway.drain()
        assert guard(s.admin, {**req, "litellm_call_id": "c2"}).json() == {"action": "NONE"}
        out = guard(s.admin, {**resp, "litellm_call_id": "c2"}).json()
        assert out == {"action": "GUARDRAIL_INTERVENED", "texts": ["Answer"]}
        s.gateway.enforcer.overrides.set("lite-user", "block")
        out = guard(s.admin, {**req, "litellm_call_id": "c3"}).json()
        assert out["action"] == "BLOCKED" and "Contact support" in out["blocked_reason"]
        assert guard(s.admin, {"texts": ["x"], "input_type": "request"}).status_code == 400
        s.gateway.events.flush()
        from antidistill.gateway.eventlog import read_events

        rows = list(read_events(s.gateway.config.events_dir))
        assert [r["status"] for r in rows] == ["ok", "ok", "denied"]
        assert rows[0]["exchange_id"] == "llm-c1" and rows[0]["reasoning_text"] == "plan"


def test_the_default_policy_answers_a_new_harness_at_machine_speed_and_withholds_its_reasoning(tmp_path: Path) -> None:
    """An evaluation run on a key created today, hundreds of requests a minute, through the shipped policy: every
    request is answered; once the speed rules match, the reasoning field is gone and nothing is refused.

    The requests carry their time on the replay clock (one every 0.15 s), so the rate the rules see does not depend
    on how fast this machine happens to be while the test runs."""
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)  # the 1-minute count is per clock minute

    def at(seconds: float) -> dict[str, str]:
        return {"authorization": f"Bearer {key}", "x-replay-time": (start + dt.timedelta(seconds=seconds)).isoformat()}

    with stack_with(tmp_path, replay_clock=True) as s:  # no policy given: the default one
        key = s.key("eval-run")
        first = httpx.post(f"{s.url}/v1/chat/completions", json=CHAT, headers=at(0))
        assert first.status_code == 200 and first.json()["choices"][0]["message"].get("reasoning_content")
        with httpx.Client() as client:
            codes = [client.post(f"{s.url}/v1/chat/completions", json=CHAT, headers=at(0.15 * (i + 1))).status_code
                     for i in range(320)]
        assert codes == [200] * 320
        s.gateway.drain()
        later = [httpx.post(f"{s.url}/v1/chat/completions", json=CHAT, headers=at(48.5 + i)) for i in range(5)]
        assert [r.status_code for r in later] == [200] * 5
        assert all("reasoning_content" not in r.json()["choices"][0]["message"] for r in later)
        row = s.gateway.enforcer.recent[-1]
        assert row["action"] == "protect_reasoning" and row["enforced"] == "served"
        assert [m["rule"] for m in row["matches"]] == ["burst"]  # 300 or more in a minute (not yet 600 in the hour)
