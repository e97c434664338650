"""The abstract exchange an actor produces, before it is rendered as a Helicone record."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .world import Account, Egress

Message = dict[str, Any]


@dataclass(slots=True)
class Reply:
    """What the model answers (the renderer turns it into a response body and usage)."""

    content: str | None
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    finish: str = "stop"
    alternatives: list[str] | None = None  # extra choices when the request sets n > 1
    embedding_inputs: int = 0


@dataclass(slots=True)
class GroundTruth:
    """Who is behind one end user of an account that passes end users."""

    label: str
    kind: str
    campaign_id: str = ""


@dataclass(slots=True)
class Call:
    """One API request as a customer sends it."""

    ts: float
    account: Account
    body: dict[str, Any]
    reply: Reply
    key: tuple[str, str]
    egress: Egress
    ua: str
    end_user: str = ""
    end_user_truth: GroundTruth | None = None
    session: tuple[str, str, str] | None = None  # (id, path, name) -> Helicone-Session-* properties
    status: int = 200
    error: str = ""
    path: str = "/v1/chat/completions"
    cached_prefix_tokens: int = 0
    extra_props: dict[str, str] = field(default_factory=dict)


def make_call(
    account: Account,
    ts: float,
    model: str,
    messages: list[Message],
    reply: Reply,
    rnd: random.Random,
    *,
    end_user: str = "",
    end_user_truth: GroundTruth | None = None,
    key_index: int | None = None,
    egress: Egress | None = None,
    ua: str | None = None,
    **params: Any,
) -> Call:
    """Build a call, placing the end user where this account's integration puts it."""
    body: dict[str, Any] = {"model": model, "messages": messages}
    body.update({k: v for k, v in params.items() if v is not None})
    if end_user and account.end_user_via in ("body", "both"):
        body["user"] = end_user
    keys = account.keys
    key = keys[key_index % len(keys)] if key_index is not None else keys[0] if len(keys) == 1 else rnd.choice(keys)
    return Call(
        ts=ts,
        account=account,
        body=body,
        reply=reply,
        key=key,
        egress=egress or rnd.choice(account.egress),
        ua=ua or rnd.choice(account.user_agents),
        end_user=end_user,
        end_user_truth=end_user_truth,
    )


def system(text: str) -> Message:
    return {"role": "system", "content": text}


def user(text: str) -> Message:
    return {"role": "user", "content": text}


def assistant(text: str | None, tool_calls: list[dict[str, Any]] | None = None) -> Message:
    msg: Message = {"role": "assistant", "content": text}
    if tool_calls:
        msg["tool_calls"] = tool_calls
    return msg


def tool_result(call_id: str, text: str) -> Message:
    return {"role": "tool", "tool_call_id": call_id, "content": text}
