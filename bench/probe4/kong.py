"""Kong Gateway access-log records, as written by the file-log plugin with the
ai-proxy-advanced plugin (log_statistics + log_payloads) on the route.

One JSON object per line, in the shape of Kong's log serializer
(`kong.log.serialize()`): request / response / route / service / consumer /
authenticated_entity / latencies / tries / client_ip / started_at / workspace,
plus the `ai` namespace that the AI plugins add.
"""

from __future__ import annotations

import json

from .common import T0, rng_for, uuid4

# --------------------------------------------------------------------------
# The provider ("Aria") and its models, served by an OpenAI-compatible
# inference fleet behind Kong.
# --------------------------------------------------------------------------
API_HOST = "api.aria-labs.ai"
UPSTREAM_PATH = "/v1/chat/completions"

MODELS = {
    # request name: response model id, reasoning?, logprobs?, $/1M in, $/1M out, ms/token, context
    "aria-2-flash": dict(resp="aria-2-flash-20251021", reasoning=False, logprobs=True, cin=0.15, cout=0.60, tpt=6.5, ctx=128000),
    "aria-2-pro": dict(resp="aria-2-pro-20251021", reasoning=False, logprobs=True, cin=2.50, cout=10.0, tpt=15.0, ctx=200000),
    "aria-2-think": dict(resp="aria-2-think-20251209", reasoning=True, logprobs=False, cin=3.00, cout=15.0, tpt=17.0, ctx=200000),
    "aria-3": dict(resp="aria-3-20260305", reasoning=True, logprobs=False, cin=3.00, cout=15.0, tpt=20.0, ctx=256000),
}
ALIAS_LATEST = "aria-latest"  # resolves to aria-2-pro before the release, to aria-3 after

_STATIC = rng_for(0, "kong-static-config")
WORKSPACES = {
    "public-api": uuid4(_STATIC),
    "partners": uuid4(_STATIC),
}
SERVICE_ID = uuid4(_STATIC)
ROUTES = {
    "public-api": dict(id=uuid4(_STATIC), name="chat-completions", ws="public-api"),
    "partners": dict(id=uuid4(_STATIC), name="partner-chat-completions", ws="partners"),
}
PLUGIN_IDS = {"public-api": uuid4(_STATIC), "partners": uuid4(_STATIC)}
UPSTREAM_IPS = [f"10.42.{a}.{b}" for a, b in ((3, 17), (3, 18), (4, 9), (4, 11), (7, 40), (7, 41))]
KONG_VERSION = "3.9.1.0-enterprise-edition"
CFG_CREATED = T0 - 86400 * 190


def _route(ws: str) -> dict:
    r = ROUTES[ws]
    return {
        "id": r["id"], "name": r["name"], "protocols": ["https"], "methods": ["POST"],
        "paths": ["/v1/chat/completions"], "hosts": [API_HOST], "strip_path": False,
        "preserve_host": False, "tags": ["llm", ws], "service": {"id": SERVICE_ID}, "ws_id": WORKSPACES[ws],
        "created_at": CFG_CREATED, "updated_at": CFG_CREATED + 86400 * 150,
    }


_SERVICE = {
    "id": SERVICE_ID, "name": "aria-inference", "protocol": "http", "host": "inference.aria.internal",
    "port": 8000, "path": "/v1/chat/completions", "retries": 0, "read_timeout": 600000, "enabled": True,
    "created_at": CFG_CREATED, "updated_at": CFG_CREATED + 86400 * 150,
}


class Account:
    """A Kong consumer = one billing customer of the provider."""

    __slots__ = ("account_id", "consumer_id", "username", "created_at", "tags", "workspace",
                 "archetype", "campaign_id", "keys", "tier", "credit", "spent")

    def __init__(self, account_id, consumer_id, username, created_at, tier, signup, workspace,
                 archetype, campaign_id, keys, credit=None):
        self.account_id = account_id
        self.consumer_id = consumer_id
        self.username = username
        self.created_at = int(created_at)
        self.tier = tier
        self.tags = [f"tier:{tier}", f"signup:{signup}"]
        self.workspace = workspace
        self.archetype = archetype
        self.campaign_id = campaign_id
        self.keys = keys
        self.credit = credit  # prepaid/trial credit in USD, None = invoiced
        self.spent = 0.0

    def consumer_obj(self) -> dict:
        return {"id": self.consumer_id, "username": self.username, "custom_id": self.account_id,
                "created_at": self.created_at, "updated_at": self.created_at, "tags": self.tags}


class Client:
    """An HTTP client as seen in the request headers."""

    __slots__ = ("ua", "extra", "family", "compact")

    def __init__(self, ua, extra=None, family="other", compact=True):
        self.ua = ua
        self.extra = extra or {}
        self.family = family  # "stainless" clients send x-stainless-* and retry-count headers
        self.compact = compact  # JSON body serialisation: compact (JS/Go/httpx>=0.28) or spaced (python json)


def openai_python(version="1.54.4", os_="Linux", arch="x64", py="3.11.9", async_=False):
    return Client(f"OpenAI/Python {version}", {
        "x-stainless-lang": "python", "x-stainless-package-version": version, "x-stainless-os": os_,
        "x-stainless-arch": arch, "x-stainless-runtime": "CPython", "x-stainless-runtime-version": py,
        "x-stainless-async": "async:asyncio" if async_ else "false"}, family="stainless", compact=False)


def openai_node(version="4.73.0", os_="Linux", arch="x64", node="v20.18.0"):
    return Client(f"OpenAI/JS {version}", {
        "x-stainless-lang": "js", "x-stainless-package-version": version, "x-stainless-os": os_,
        "x-stainless-arch": arch, "x-stainless-runtime": "node", "x-stainless-runtime-version": node},
        family="stainless", compact=True)


def plain(ua, compact=True):
    return Client(ua, {}, "other", compact)


# --------------------------------------------------------------------------
# One call (one log record)
# --------------------------------------------------------------------------
class Call:
    __slots__ = ("ts", "acct", "key", "ip", "client", "body", "resp", "status", "source", "req_model",
                 "resp_model", "stream", "usage", "llm_ms", "ttft_ms", "retry", "rid", "err", "cost",
                 "xff", "origin")

    def __init__(self):
        self.resp = None
        self.status = 200
        self.source = "upstream"
        self.usage = None
        self.retry = 0
        self.err = None
        self.cost = 0.0
        self.xff = None
        self.origin = None
        self.ttft_ms = None
        self.llm_ms = None
        self.stream = False
        self.resp_model = None


def _dump_body(body: dict, compact: bool) -> str:
    if compact:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(body)


_ERROR_BODIES = {
    "overloaded": (503, '{"error":{"message":"The server is currently overloaded. Please retry.","type":"server_error","param":null,"code":"overloaded"}}'),
    "internal": (500, '{"error":{"message":"Internal server error","type":"server_error","param":null,"code":null}}'),
    "quota": (429, '{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}'),
    "context": (400, None),
    "not_found": (404, None),
    "logprobs": (400, None),
}


def error_body(kind: str, model: str, ctx: int = 0, prompt_tokens: int = 0) -> tuple:
    if kind == "context":
        return 400, json.dumps({"error": {"message": f"This model's maximum context length is {ctx} tokens. However, your messages resulted in {prompt_tokens} tokens. Please reduce the length of the messages.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}, separators=(",", ":"))
    if kind == "not_found":
        return 404, json.dumps({"error": {"message": f"The model `{model}` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": "model", "code": "model_not_found"}}, separators=(",", ":"))
    if kind == "logprobs":
        return 400, json.dumps({"error": {"message": f"logprobs are not supported with reasoning model {model}.", "type": "invalid_request_error", "param": "logprobs", "code": "unsupported_parameter"}}, separators=(",", ":"))
    return _ERROR_BODIES[kind]


def render(c: Call) -> dict:
    """The Kong log-serializer object for one call."""
    acct = c.acct
    ws = acct.workspace if acct is not None else "public-api"
    body_s = None
    if c.body is not None:
        body_s = _dump_body(c.body, c.client.compact)
    req_headers = {"host": API_HOST, "user-agent": c.client.ua, "content-type": "application/json",
                   "accept": "text/event-stream" if c.stream else "application/json",
                   "accept-encoding": "gzip, deflate" if c.client.family == "stainless" else "gzip",
                   "content-length": str(len(body_s.encode("utf-8")) if body_s else 0),
                   "x-forwarded-for": c.xff or c.ip, "x-forwarded-proto": "https"}
    if c.client.ua is None:
        del req_headers["user-agent"]
    if c.client.extra:
        req_headers.update(c.client.extra)
        if c.client.family == "stainless":
            req_headers["x-stainless-retry-count"] = str(c.retry)
    if c.origin:
        req_headers["origin"] = c.origin
    lat_kong = 1 + (c.rid[0] in "0123")  # 1-2 ms
    llm = c.llm_ms or 0
    resp_headers = {"content-type": "text/event-stream" if (c.stream and c.status == 200) else "application/json",
                    "connection": "keep-alive", "x-kong-request-id": c.rid,
                    "via": f"1.1 kong/{KONG_VERSION}"}
    rec: dict = {}
    rec["request"] = {"id": c.rid, "method": "POST", "uri": "/v1/chat/completions",
                      "url": f"https://{API_HOST}:443/v1/chat/completions", "querystring": {},
                      "size": len(body_s) + 420 if body_s else 380, "headers": req_headers}
    if c.source == "kong":
        # terminated by a Kong plugin (key-auth, rate-limiting) or a gateway timeout
        if c.status == 401:
            resp_headers["www-authenticate"] = 'Key realm="kong"'
            resp_headers["content-length"] = "52"
        elif c.status == 429:
            resp_headers["retry-after"] = str(c.err or 1)
            resp_headers["x-ratelimit-limit-minute"] = str(_rpm(acct))
            resp_headers["x-ratelimit-remaining-minute"] = "0"
            resp_headers["content-length"] = "41"
        elif c.status == 504:
            resp_headers["content-length"] = "51"
        rec["response"] = {"status": c.status, "size": 260, "headers": resp_headers}
    else:
        resp_s = c.resp or ""
        if c.status == 200 and not c.stream:
            resp_headers["content-length"] = str(len(resp_s.encode("utf-8")))
        resp_headers["x-kong-upstream-latency"] = str(llm)
        resp_headers["x-kong-proxy-latency"] = str(lat_kong)
        if acct is not None and acct.tier not in ("enterprise", "partner"):
            resp_headers["x-ratelimit-limit-minute"] = str(_rpm(acct))
        rec["response"] = {"status": c.status, "size": len(resp_s) + 330, "headers": resp_headers}
    rec["route"] = _route(ws)
    rec["service"] = _SERVICE
    rec["workspace"] = WORKSPACES[ws]
    rec["workspace_name"] = ws
    if acct is not None:
        rec["consumer"] = acct.consumer_obj()
        rec["authenticated_entity"] = {"id": c.key, "consumer_id": acct.consumer_id}
    rec["client_ip"] = c.ip
    rec["started_at"] = int(c.ts * 1000)
    rec["source"] = c.source
    if c.source == "upstream" or (c.source == "kong" and c.status == 504):
        up = UPSTREAM_IPS[int(c.rid[:2], 16) % len(UPSTREAM_IPS)]
        rec["upstream_uri"] = UPSTREAM_PATH
        rec["upstream_status"] = str(c.status) if c.source == "upstream" else ""
        rec["tries"] = [{"ip": up, "port": 8000, "balancer_start": int(c.ts * 1000) + lat_kong,
                         "balancer_latency": 0}]
        rec["latencies"] = {"kong": lat_kong, "proxy": llm, "request": llm + lat_kong + 1, "receive": 0}
        ai_proxy = {
            "meta": {"plugin_id": PLUGIN_IDS[ws], "provider_name": "openai", "request_model": c.req_model,
                     "response_model": c.resp_model, "request_mode": "stream" if c.stream else "oneshot",
                     "llm_latency": llm},
            "payload": {"request": body_s},
        }
        if c.source == "upstream":
            ai_proxy["payload"]["response"] = c.resp
            u = c.usage or (0, 0)
            pt, ct = u[0], u[1]
            usage = {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct,
                     "cost": round(c.cost, 6)}
            if ct:
                usage["time_per_token"] = round(llm / ct, 2)
            if c.stream and c.ttft_ms is not None:
                usage["time_to_first_token"] = c.ttft_ms
            ai_proxy["usage"] = usage
        rec["ai"] = {"proxy": ai_proxy}
    else:
        rec["latencies"] = {"kong": lat_kong, "proxy": -1, "request": lat_kong, "receive": 0}
    return rec


RPM = {"free": 20, "edu": 40, "payg": 300, "scale": 1500, "enterprise": 6000, "partner": 10000}


def _rpm(acct) -> int:
    return RPM.get(acct.tier, 300) if acct is not None else 0


def to_line(c: Call) -> str:
    # lua-cjson escapes "/" as "\/"
    return json.dumps(render(c), ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
