"""The in-memory shapes the generator works with before it renders Azure records."""

from __future__ import annotations

from dataclasses import dataclass, field

Message = dict[str, object]


@dataclass
class Org:
    """A customer organisation; in the logs it is the APIM user (``properties.userId``) owning the subscriptions."""

    user_id: str
    product: str
    kind: str
    label: str = "benign"
    campaign_id: str = ""


@dataclass
class Account:
    """One APIM subscription (one key). ``sub_id`` is what the logs carry as ``properties.apimSubscriptionId``."""

    sub_id: str
    org: Org
    kind: str
    label: str = "benign"
    campaign_id: str = ""
    revoked_at: float | None = None  # after this the key is suspended: calls get 401 and no LLM record


@dataclass
class Call:
    """One chat-completions request as the client sent it, plus what the backend returned."""

    ts: float
    account: Account
    deployment: str
    messages: list[Message]
    response: str
    prompt_tokens: int
    completion_tokens: int
    ip: str
    ua: str
    stream: bool = False
    end_user: str = ""
    client_request_id: str = ""
    forwarded_for: str = ""
    api_version: str = "2024-10-21"
    pre_failures: list[int] = field(default_factory=list)  # status codes of failed attempts before this one
    tool_calls: list[Message] | None = None  # the assistant's tool calls in the response, when it made any


@dataclass
class SideCall:
    """A non-LLM request that only appears in GatewayLogs (embeddings, model listing, probes, scanners)."""

    ts: float
    api_id: str
    operation_id: str
    method: str
    path: str
    status: int
    ip: str
    ua: str
    account: Account | None = None
    request_size: int = 0
    response_size: int = 0
    backend: bool = True  # False when a policy answers without calling a backend (health probe)
