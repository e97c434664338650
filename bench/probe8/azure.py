"""Render calls as Azure Monitor resource-log records (storage-account archive shape) for APIM.

``GatewayLogs`` gets one record per HTTP request the gateway handled; ``GatewayLlmLogs`` gets, for each
chat-completions call that reached the model, the request-message record(s) then the response-message record(s),
numbered by ``properties.sequenceNumber`` and joined to the gateway record by ``correlationId``.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field

from .actors import DEPLOYMENTS
from .identity import guid
from .model import Account, Call, SideCall

CHUNK_BYTES = 32768  # APIM: messages above 32 KB are split into 32 KB chunks with sequence numbers
EU_OCTETS = {2, 31, 77, 82, 86, 90, 62, 80, 193}
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Service:
    """The APIM instance whose diagnostic setting archives the logs."""

    subscription_guid: str
    resource_group: str = "RG-AIGW-PROD"
    name: str = "APIM-AIGW-PROD"

    @property
    def resource_id(self) -> str:
        return (
            f"/SUBSCRIPTIONS/{self.subscription_guid.upper()}/RESOURCEGROUPS/{self.resource_group}"
            f"/PROVIDERS/MICROSOFT.APIMANAGEMENT/SERVICE/{self.name}"
        )

    @property
    def host(self) -> str:
        return f"{self.name.lower()}.azure-api.net"


def iso(ts: float) -> str:
    """Azure's timestamp form: seven fractional digits and a Z."""
    sec = int(ts)
    frac = round((ts - sec) * 1e7)
    if frac >= 10**7:
        sec, frac = sec + 1, 0
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + f".{frac:07d}Z"


def region_for(ip: str) -> str:
    return "West Europe" if int(ip.split(".", 1)[0]) in EU_OCTETS else "East US 2"


BACKENDS = {
    "East US 2": ("aoai-eastus2", "https://aoai-aigw-eastus2.openai.azure.com"),
    "West Europe": ("aoai-westeurope", "https://aoai-aigw-westeurope.openai.azure.com"),
}


USAGE_BACKEND = "https://usage-svc.internal.contoso-ai.net"


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def split_utf8(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` UTF-8 bytes, never inside a character."""
    out: list[str] = []
    start = 0
    while start < len(text):
        lo, hi = start + 1, min(len(text), start + limit)
        # binary search the longest prefix that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if len(text[start:mid].encode("utf-8")) <= limit:
                lo = mid
            else:
                hi = mid - 1
        out.append(text[start:lo])
        start = lo
    return out


@dataclass
class Rendered:
    """Records ready to be placed in blobs: (event time, category, JSON line)."""

    lines: list[tuple[float, str, str]] = field(default_factory=list)
    llm_calls: dict[str, int] = field(default_factory=dict)  # sub_id -> calls with LLM records
    chunked_calls: int = 0
    failures: int = 0


class Renderer:
    """Turns Call/SideCall objects into Azure JSON lines."""

    def __init__(self, service: Service, rng: random.Random) -> None:
        self.svc = service
        self.rng = rng
        self.out = Rendered()

    def _base(self, ts: float, category: str, cid: str, ip: str | None, region: str) -> dict[str, object]:
        rec: dict[str, object] = {
            "time": iso(ts),
            "resourceId": self.svc.resource_id,
            "operationName": f"Microsoft.ApiManagement/{category}",
            "category": category,
        }
        if ip is not None:
            rec["callerIpAddress"] = ip
        rec["correlationId"] = cid
        rec["location"] = region
        return rec

    def _headers(self, ua: str, call: Call | None) -> dict[str, str]:
        h = {"User-Agent": ua}
        if call is not None:
            if call.forwarded_for:
                h["X-Forwarded-For"] = call.forwarded_for
            if call.client_request_id and ua.startswith("azsdk"):  # only the Azure SDKs send this header
                h["x-ms-client-request-id"] = call.client_request_id
            if call.end_user:
                h["X-End-User-Id"] = call.end_user
        return h

    def gateway(
        self,
        ts: float,
        status: int,
        method: str,
        path: str,
        api_id: str,
        op_id: str,
        ip: str,
        ua: str,
        acct: Account | None,
        *,
        call: Call | None = None,
        backend: int | None = None,
        req_size: int = 0,
        resp_size: int = 0,
        backend_ms: int = 0,
        error: dict[str, object] | None = None,
    ) -> str:
        """One GatewayLogs record; returns its correlation id."""
        cid = guid(self.rng)
        region = region_for(ip)
        client_ms = self.rng.randint(0, 40)
        rec = self._base(ts, "GatewayLogs", cid, ip, region)
        rec["durationMs"] = backend_ms + client_ms + self.rng.randint(1, 12)
        rec["isRequestSuccess"] = 200 <= status < 400
        props: dict[str, object] = {
            "method": method,
            "url": f"https://{self.svc.host}{path}",
            "clientProtocol": "HTTP/1.1",
            "responseCode": status,
            "responseSize": resp_size,
            "cache": "none",
            "requestSize": req_size,
            "apiId": api_id,
            "operationId": op_id,
            "clientTime": client_ms,
            "apiRevision": "1",
            "clientTlsVersion": "1.3",
        }
        if acct is not None:
            props.update(apimSubscriptionId=acct.sub_id, productId=acct.org.product, userId=acct.org.user_id)
        if backend is not None:
            bid, burl = BACKENDS[region] if api_id.startswith("azure-openai") else ("usage-svc", USAGE_BACKEND)
            props.update(
                backendMethod=method,
                backendUrl=burl + path.split("?")[0],
                backendResponseCode=backend,
                backendProtocol="HTTP/1.1",
                backendTime=backend_ms,
                backendId=bid,
            )
        props["requestHeaders"] = self._headers(ua, call)
        if error is not None:
            props["lastError"] = error
        rec["properties"] = props
        self.out.lines.append((ts, "GatewayLogs", _dumps(rec)))
        if status >= 400:
            self.out.failures += 1
        return cid

    def llm(self, call: Call, cid: str, region: str) -> None:
        """The GatewayLlmLogs records of one call: request chunks, then response chunks."""
        resp_msg: dict[str, object] = {"role": "assistant", "content": call.response or None}
        if call.tool_calls:
            resp_msg["tool_calls"] = call.tool_calls
        parts: list[tuple[str, object]] = []  # (field, message list or a string chunk of its JSON)
        chunked = False
        for field_name, payload in (("requestMessages", call.messages), ("responseMessages", [resp_msg])):
            text = _dumps(payload)
            if len(text.encode("utf-8")) <= CHUNK_BYTES:
                parts.append((field_name, payload))
            else:
                chunked = True
                parts.extend((field_name, piece) for piece in split_utf8(text, CHUNK_BYTES))
        if chunked:
            self.out.chunked_calls += 1
        req_id = "chatcmpl-" + "".join(self.rng.choice(_B62) for _ in range(29))
        for seq, (fname, body) in enumerate(parts):
            t = call.ts + 0.001 * seq
            rec = self._base(t, "GatewayLlmLogs", cid, None, region)
            rec["properties"] = {
                "apiVersion": call.api_version,
                "deploymentName": call.deployment,
                "modelName": DEPLOYMENTS[call.deployment],
                "requestId": req_id,
                "isStreamCompletion": call.stream,
                "promptTokens": call.prompt_tokens,
                "completionTokens": call.completion_tokens,
                "totalTokens": call.prompt_tokens + call.completion_tokens,
                "sequenceNumber": seq,
                fname: body,
            }
            self.out.lines.append((t, "GatewayLlmLogs", _dumps(rec)))
        self.out.llm_calls[call.account.sub_id] = self.out.llm_calls.get(call.account.sub_id, 0) + 1

    def render_call(self, call: Call, busy: bool) -> None:
        """A call plus any failed attempts before it (429 from the token-limit policy, backend 5xx)."""
        path = f"/openai/deployments/{call.deployment}/chat/completions?api-version={call.api_version}"
        body = len(_dumps({"messages": call.messages}).encode("utf-8")) + 60
        r = self.rng.random()
        if r < (0.05 if busy else 0.008):
            wait = self.rng.randint(1, 40)
            self.gateway(
                call.ts - wait - self.rng.random(),
                429,
                "POST",
                path,
                "azure-openai",
                "ChatCompletions_Create",
                call.ip,
                call.ua,
                call.account,
                call=call,
                req_size=body,
                resp_size=310,
                error={
                    "elapsed": 3,
                    "source": "azure-openai-token-limit",
                    "scope": "product",
                    "section": "inbound",
                    "reason": "TokenLimitExceeded",
                    "message": f"Token limit is exceeded. Try again in {wait} seconds.",
                },
            )
        elif r < (0.05 if busy else 0.008) + 0.004:
            code = self.rng.choice([500, 503, 408])
            self.gateway(
                call.ts - self.rng.uniform(2, 20),
                code,
                "POST",
                path,
                "azure-openai",
                "ChatCompletions_Create",
                call.ip,
                call.ua,
                call.account,
                call=call,
                backend=code,
                req_size=body,
                resp_size=180,
                backend_ms=self.rng.randint(200, 30000),
                error={
                    "elapsed": 30000,
                    "source": "forward-request",
                    "scope": "backend",
                    "section": "backend",
                    "reason": "BackendConnectionFailure" if code != 500 else "ServerError",
                    "message": "The backend did not respond in time."
                    if code == 408
                    else "Backend service returned an error.",
                },
            )
        backend_ms = int(250 + call.completion_tokens * self.rng.uniform(8, 25))
        resp_size = len(call.response.encode("utf-8")) + 420
        cid = self.gateway(
            call.ts,
            200,
            "POST",
            path,
            "azure-openai",
            "ChatCompletions_Create",
            call.ip,
            call.ua,
            call.account,
            call=call,
            backend=200,
            req_size=body,
            resp_size=resp_size,
            backend_ms=backend_ms,
        )
        self.llm(call, cid, region_for(call.ip))

    def render_side(self, s: SideCall) -> None:
        err: dict[str, object] | None = None
        if s.status == 401:
            err = {
                "elapsed": 1,
                "source": "authentication",
                "scope": "api",
                "section": "inbound",
                "reason": "SubscriptionKeyInvalid",
                "message": "Access denied due to invalid subscription key. "
                "Make sure to provide a valid key for an active subscription.",
            }
        elif s.status == 404:
            err = {
                "elapsed": 0,
                "source": "configuration",
                "scope": "service",
                "section": "inbound",
                "reason": "OperationNotFound",
                "message": "Unable to match incoming request to an operation.",
            }
        backend = s.status if s.status < 400 and s.backend else None
        self.gateway(
            s.ts,
            s.status,
            s.method,
            s.path,
            s.api_id,
            s.operation_id,
            s.ip,
            s.ua,
            s.account,
            backend=backend,
            req_size=s.request_size,
            resp_size=s.response_size,
            backend_ms=self.rng.randint(3, 120) if backend else 0,
            error=err,
        )
