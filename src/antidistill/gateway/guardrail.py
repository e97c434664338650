"""LiteLLM's Generic Guardrail API, so a LiteLLM proxy can use antidistill as a guardrail.

LiteLLM posts ``{"texts": [...], "input_type": "request"|"response", "request_data": {...},
"litellm_call_id": ...}`` to ``/beta/litellm_basic_guardrail_api`` and expects
``{"action": "NONE"|"BLOCKED"|"GUARDRAIL_INTERVENED", "blocked_reason"?, "texts"?}``.
On a request we decide for the account behind the LiteLLM virtual key; on a response we
strip reasoning when the decision says so. The exchange is logged once, when the response
arrives (or, if LiteLLM only calls us before the model, when it ages out of the pending map).
See ``docs/gateway.md`` for the LiteLLM config.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from typing import Any

from antidistill.gateway.http_util import HTTPProblem, utcnow
from antidistill.gateway.runtime import Gateway
from antidistill.gateway.transforms import split_think
from antidistill.policy import Decision
from antidistill.records import Exchange, Message, Status

_ACCOUNT_FIELDS = ("user_api_key_user_id", "user_api_key_team_id", "user_api_key_org_id", "user_api_key_hash",
                   "user_api_key_end_user_id")


def account_of(body: dict[str, Any]) -> str:
    """The account behind LiteLLM's virtual key: its user, else team, org or key hash."""
    data = body.get("request_data")
    if isinstance(data, dict):
        for name in _ACCOUNT_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and value:
                return value
    raise HTTPProblem(400, "request_data carries no user, team, org or key hash to identify the account.",
                      code="invalid_request")


def end_user_of(body: dict[str, Any], account: str) -> str | None:
    """The end user LiteLLM names for the call (``user_api_key_end_user_id``), unless it is the account itself."""
    data = body.get("request_data")
    value = data.get("user_api_key_end_user_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value and value != account else None


class Guardrail:
    """Stateful handler: remembers request-time decisions until the matching response call."""

    def __init__(self, gateway: Gateway, *, max_pending: int = 10_000, pending_ttl_s: float = 300.0) -> None:
        self.gw = gateway
        self.max_pending = max_pending
        self.pending_ttl_s = pending_ttl_s
        self._pending: OrderedDict[str, tuple[float, Exchange, Decision]] = OrderedDict()

    def handle(self, body: dict[str, Any]) -> dict[str, Any]:
        """Answer one guardrail call."""
        texts = body.get("texts") or []
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise HTTPProblem(400, "'texts' must be an array of strings.", code="invalid_request")
        kind = body.get("input_type", "request")
        call_id = str(body.get("litellm_call_id") or uuid.uuid4().hex)
        self._expire()
        if kind == "request":
            return self._request(body, texts, call_id)
        if kind == "response":
            return self._response(body, texts, call_id)
        raise HTTPProblem(400, "'input_type' must be 'request' or 'response'.", code="invalid_request")

    def _request(self, body: dict[str, Any], texts: list[str], call_id: str) -> dict[str, Any]:
        account = account_of(body)
        end_user = end_user_of(body, account)
        model = body.get("model") or (body.get("request_data") or {}).get("model") or "unknown"
        ex = Exchange(exchange_id=f"llm-{call_id}", ts_start=utcnow(), account_id=account, model=str(model),
                      messages=[Message("user", t) for t in texts], source_format="gateway", end_user=end_user)
        decision, denial = self.gw.enforcer.decide(account, end_user=end_user)
        if denial is not None:
            ex.status, ex.http_status, ex.ts_end = Status.DENIED.value, denial.status, utcnow()
            self.gw.record(ex, decision)
            return {"action": "BLOCKED", "blocked_reason": denial.message}
        self._pending[call_id] = (time.monotonic(), ex, decision)
        return {"action": "NONE"}

    def _response(self, body: dict[str, Any], texts: list[str], call_id: str) -> dict[str, Any]:
        entry = self._pending.pop(call_id, None)
        if entry is None:  # no request call seen (post_call-only config): decide now
            account = account_of(body)
            end_user = end_user_of(body, account)
            ex = Exchange(exchange_id=f"llm-{call_id}", ts_start=utcnow(), account_id=account, model="unknown",
                          messages=[], source_format="gateway", end_user=end_user)
            decision, _ = self.gw.enforcer.decide(account, end_user=end_user)
        else:
            _, ex, decision = entry
        visible = [split_think(t)[0] for t in texts]
        ex.response_text = "\n".join(visible)
        ex.reasoning_text = "\n".join(r for r in (split_think(t)[1] for t in texts) if r) or None
        ex.status, ex.http_status, ex.ts_end = Status.OK.value, 200, utcnow()
        self.gw.record(ex, decision)
        if decision.protect_reasoning and visible != texts:
            summary = self.gw.enforcer.policy.protect
            if summary.mode == "summary":
                visible = [f"<think>{summary.summary_text}</think>{v}" if v != t else v
                           for v, t in zip(visible, texts, strict=True)]
            return {"action": "GUARDRAIL_INTERVENED", "texts": visible}
        return {"action": "NONE"}

    def _expire(self) -> None:
        now = time.monotonic()
        while self._pending:
            call_id, (t, ex, decision) = next(iter(self._pending.items()))
            if len(self._pending) <= self.max_pending and now - t < self.pending_ttl_s:
                break
            del self._pending[call_id]
            ex.status, ex.ts_end = Status.OK.value, utcnow()  # served; its response was never shown to us
            self.gw.record(ex, decision)

    def flush(self) -> None:
        """Log every pending request (shutdown)."""
        self.max_pending = 0
        self._expire()
