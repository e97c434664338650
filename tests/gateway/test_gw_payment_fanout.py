"""One payment card paying for several organisations: the ``payment`` detector and the default policy's rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from gw_stack import admin_headers, stack_with

from antidistill.gateway.online import OnlineState
from antidistill.gateway.payment_fanout import PaymentFanoutDetector
from antidistill.records import Exchange, Message

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
CHAT = {"model": "mock-1", "messages": [{"role": "user", "content": "Refactor this function to use a generator."}]}


def ex(account: str, card: str | None, org: str | None, i: int = 0) -> Exchange:
    return Exchange(exchange_id=f"{account}-{i}", ts_start=T0 + dt.timedelta(seconds=i), account_id=account,
                    org_id=org, payment_fingerprint=card, model="mock-1", messages=(Message("user", "hello"),))


def shared(det: PaymentFanoutDetector, account: str) -> float | None:
    return det.evidence(account, T0.timestamp()).get("payment_shared_orgs")


def test_counts_organisations_not_accounts() -> None:
    det = PaymentFanoutDetector()
    for i in range(6):  # a team: six accounts of one organisation on its card
        det.observe(ex(f"team-{i}", "card-team", "org-team"))
    assert shared(det, "team-5") == 1.0
    det.observe(ex("solo-1", "card-x", None))  # org-less accounts count as their own owner
    det.observe(ex("solo-2", "card-x", None))
    det.observe(ex("other-org", "card-x", "org-b"))
    assert [shared(det, a) for a in ("solo-1", "solo-2", "other-org")] == [3.0, 3.0, 3.0]
    det.observe(ex("solo-1", "card-x", None, i=1))  # repeats add nothing
    assert shared(det, "solo-1") == 3.0
    assert shared(det, "team-0") == 1.0


def test_no_card_no_feature_and_the_card_outlives_a_forgotten_account() -> None:
    det = PaymentFanoutDetector()
    det.observe(ex("plain", None, "org-1"))
    assert det.evidence("plain", T0.timestamp()).features == {}  # no payment data: no rule on it can match
    for i in range(4):
        det.observe(ex(f"a{i}", "card-y", f"org-{i}"))
    det.forget("a0")
    assert shared(det, "a0") is None and shared(det, "a1") == 4.0  # the count describes the card


def test_the_count_saturates_at_the_cap() -> None:
    det = PaymentFanoutDetector()
    for i in range(det.cap + 10):
        det.observe(ex(f"a{i}", "card-z", f"org-{i}"))
    assert shared(det, "a3") == float(det.cap)


def test_admit_counts_a_request_before_it_is_observed() -> None:
    state = OnlineState(detectors=[PaymentFanoutDetector()])
    state.observe(ex("a", "card-w", "org-a"))
    state.observe(ex("b", "card-w", "org-b"))
    fresh = ex("c", "card-w", "org-c")
    assert state.evidence("c", T0.timestamp()).get("payment_shared_orgs") is None
    state.admit(fresh)  # the decision of c's first request must already see its card
    assert state.evidence("c", T0.timestamp()).get("payment_shared_orgs") == 3.0


def chat(url: str, key: str) -> int:
    return httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {key}"}).status_code


@pytest.mark.gateway
def test_default_policy_asks_the_third_organisation_on_a_card_to_verify(tmp_path: Path) -> None:
    with stack_with(tmp_path, observe_interval_s=0) as s:
        team = [s.key(f"team-{i}", org_id="org-team", payment_fingerprint="card-team") for i in range(5)]
        assert [chat(s.url, k) for k in team] == [200] * 5  # one organisation, five accounts: ordinary
        first = s.key("fraud-1", org_id="org-f1", payment_fingerprint="card-f")
        second = s.key("fraud-2", org_id="org-f2", payment_fingerprint="card-f")
        assert chat(s.url, first) == 200 and chat(s.url, second) == 200  # two organisations may share a card
        third = s.key("fraud-3", org_id="org-f3", payment_fingerprint="card-f")
        refused = httpx.post(f"{s.url}/v1/chat/completions", json=CHAT, headers={"authorization": f"Bearer {third}"})
        assert refused.status_code == 403  # refused at its first request
        assert refused.json()["error"]["code"] == "identity_verification_required"
        assert "payment" not in refused.text and "card" not in refused.text  # the client never learns why
        assert chat(s.url, first) == 403  # the earlier holders are asked too, from their next request
        decision = [d for d in s.gateway.enforcer.recent if d["account_id"] == "fraud-3"][-1]
        assert "shared-payment" in str(decision)
        # a verified customer goes on the allow-list and is served again
        assert httpx.post(f"{s.admin}/admin/overrides", json={"account_id": "fraud-1", "list": "allow"},
                          headers=admin_headers()).status_code == 200
        assert chat(s.url, first) == 200
        assert [chat(s.url, k) for k in team] == [200] * 5
