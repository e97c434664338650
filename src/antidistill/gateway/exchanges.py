"""The gateway's record of one request, built the same way for HTTP requests and in-process replays.

``build_exchange`` is the single place that turns an authenticated account, a parsed request
body and the request's time, IP and user agent into an :class:`~antidistill.records.Exchange`;
the proxy and :mod:`antidistill.gateway.replay_inprocess` both call it, so the online detectors
see the same fields whichever way a request arrives.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from antidistill.gateway.keys import AccountInfo
from antidistill.ingest.fields import RowError
from antidistill.ingest.openai import request_top_logprobs
from antidistill.records import Exchange, Message


def int_or_none(value: Any) -> int | None:
    """``value`` as an int when it is a JSON number (not a bool), else None."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def build_exchange(info: AccountInfo, body: dict[str, Any], messages: list[Message], *, started: dt.datetime,
                   client_ip: str | None, user_agent: str | None) -> Exchange:
    """A new exchange for ``info``'s request ``body`` (already parsed into ``messages``), not yet decided."""
    return Exchange(
        exchange_id=f"gw-{uuid.uuid4().hex}", ts_start=started, account_id=info.account_id,
        model=str(body.get("model") or "unknown"), messages=messages, api_key_id=info.key_id,
        org_id=info.org_id, end_user=body.get("user") if isinstance(body.get("user"), str) else None,
        access_path=info.access_path, account_created_at=info.created_at, account_tier=info.tier,
        payment_fingerprint=info.payment_fingerprint,
        client_ip=client_ip, user_agent=user_agent,
        max_tokens=int_or_none(next((body[k] for k in ("max_completion_tokens", "max_tokens", "max_output_tokens")
                                     if body.get(k) is not None), None)),
        top_logprobs=_top_logprobs(body), source_format="gateway")


def _top_logprobs(body: dict[str, Any]) -> int:
    """Alternatives per output token the request asked for, read as the ingest reads a logged body
    (``ingest.openai.request_top_logprobs``); a value the upstream would refuse counts as none."""
    try:
        return request_top_logprobs(body, "body", logged=True) or 0
    except RowError:
        return 0
