"""Shared payment methods: how many separate organisations pay with the same card.

The public reports on distillation campaigns name shared payment methods among the marks of a
coordinated cluster: fraudulent sign-ups, each its own organisation, paid with a handful of
cards. A team shares one card inside one organisation, which is ordinary; one card paying for
several unrelated organisations is what a billing fraud team reviews. This detector counts, per
payment fingerprint, the distinct owners (the organisation, or the account itself when it has
none) that presented it to the gateway, and gives each account the count of its own card.

The count is made on the decision path (:meth:`PaymentFanoutDetector.admit`, called by
``Gateway.decide`` before a request is decided), so the first request of a new account on a
card already shared by others is decided with the new count. Only requests the gateway has seen
count: a card's holders that never sent a request are not known here (a provider whose billing
system knows them can feed the same number through its own detector). Accounts without a payment
fingerprint (gateway logs behind a proxy, the LiteLLM guardrail) get no feature, so no rule on it
can match them.

Memory: per account one dict entry (its card's hash); per card an array of 32-bit owner hashes
capped at ``cap`` entries (the count saturates there, far above any useful threshold).
"""

from __future__ import annotations

import zlib
from array import array
from typing import Any

from antidistill.gateway.online import ONLINE_DETECTORS, OnlineDetector
from antidistill.policy.evidence import Evidence
from antidistill.records import Exchange


def _h(value: str) -> int:
    return zlib.crc32(value.encode())


@ONLINE_DETECTORS.register
class PaymentFanoutDetector(OnlineDetector):
    """``payment_shared_orgs``: distinct organisations (or org-less accounts) seen paying with the account's card."""

    name = "payment"
    features = ("payment_shared_orgs",)
    cap = 64

    def __init__(self, *, context: Any = None) -> None:
        self._card_of: dict[str, int] = {}
        self._owners: dict[int, array[int]] = {}

    def _register(self, exchange: Exchange) -> None:
        card = exchange.payment_fingerprint
        if not card:
            return
        key = _h(card)
        if self._card_of.get(exchange.account_id) == key:
            return  # already counted (admitted, then observed; or an earlier request)
        self._card_of[exchange.account_id] = key
        owners = self._owners.get(key)
        if owners is None:
            owners = self._owners[key] = array("I")
        if len(owners) < self.cap:
            owner = _h("org:" + exchange.org_id if exchange.org_id else "account:" + exchange.account_id)
            if owner not in owners:
                owners.append(owner)

    def admit(self, exchange: Exchange) -> None:
        """Count the card of a request about to be decided (its account may not have been observed yet)."""
        self._register(exchange)

    def observe(self, exchange: Exchange) -> None:
        self._register(exchange)

    def evidence(self, account_id: str, now: float) -> Evidence:
        key = self._card_of.get(account_id)
        if key is None:
            return Evidence(account_id)
        return Evidence(account_id, {"payment_shared_orgs": float(len(self._owners.get(key, ())))})

    def forget(self, account_id: str) -> None:
        # the card's owner count stays: it describes the card, not this account
        self._card_of.pop(account_id, None)
