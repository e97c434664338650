"""The API service's own request log line (one JSON object per completed request), as both regions write it."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from .world import SNAPSHOT, SPEED, THINK, Req, rid, tokens

HEX = "0123456789abcdef"
REGION_NAME = {"us": "us-east-1", "eu": "eu-west-1"}
DEPLOY = datetime(2026, 7, 8, 15, 0, tzinfo=UTC).timestamp()  # quill-api 2.41.3 -> 2.42.0 in both regions
ERRORS = {
    429: ("rate_limit_exceeded", "requests", "Rate limit reached for requests per minute on your tier."),
    403: ("account_deactivated", "invalid_request_error", "This account has been deactivated."),
    404: ("model_not_found", "invalid_request_error", "The model `quill-3.5-reasoner` does not exist or you do "
          "not have access to it."),
    500: ("server_error", "server_error", "The server had an error while processing your request."),
    503: ("overloaded", "server_error", "The engine is currently overloaded, please try again later."),
}


def iso_us(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _prompt_tokens(body: dict) -> int:
    n = 0
    for m in body["messages"]:
        c = m.get("content")
        n += 4 + (tokens(c) if isinstance(c, str) else 0)
        for tc in m.get("tool_calls") or ():
            n += tokens(tc["function"]["arguments"]) + 8
    if "tools" in body:
        n += 60 * len(body["tools"])
    return n


class Recorder:
    """Turns requests into log-line dicts; ids come from one stream per region, used in time order."""

    def __init__(self, seed: int, region: str) -> None:
        self.rng = random.Random(f"probe15/{seed}/record/{region}")
        self.region = region
        r = self.rng
        self.pods_old = [f"quill-api-{rid(r, 10, HEX[:10] + 'bcdfghjk')}-{rid(r, 5, 'bcdfghjklmnpqrstvwxz2456789')}"
                         for _ in range(6)]
        self.pods_new = [f"quill-api-{rid(r, 10, HEX[:10] + 'bcdfghjk')}-{rid(r, 5, 'bcdfghjklmnpqrstvwxz2456789')}"
                         for _ in range(6)]

    def pod(self, t: float) -> str:
        return self.rng.choice(self.pods_old if t < DEPLOY else self.pods_new)

    def line(self, q: Req) -> tuple[dict, float, str]:
        """(record, latency seconds, pod)"""
        r = self.rng
        body = q.body
        model = body["model"]
        pt = _prompt_tokens(body)
        pod = self.pod(q.t)
        rec: dict = {
            "ts": iso_us(q.t),
            "level": "info" if q.status == 200 else "warn" if q.status < 500 else "error",
            "logger": "quill.api.access",
            "svc": "quill-api",
            "version": "2.41.3" if q.t < DEPLOY else "2.42.0",
            "region": REGION_NAME[q.region],
            "pod": pod,
            "event": "chat.completion" if q.status == 200 else "chat.completion.failed",
            "request_id": "req_" + rid(r, 24, HEX),
            "account_id": q.acct.account_id,
            "org_id": q.acct.org.org_id,
            "api_key_id": q.key.key_id,
            "tier": q.acct.org.plan,
            "client_ip": q.ip,
            "user_agent": q.ua,
        }
        if body.get("user"):
            rec["end_user"] = body["user"]
        rec["http"] = {"method": "POST", "path": "/v1/chat/completions", "status": q.status}
        if q.status != 200:
            lat = r.uniform(0.01, 0.3) if q.status in (403, 404, 429) else r.uniform(1, 30)
            rec["latency_ms"] = int(lat * 1000)
            rec["model"] = model
            rec["request"] = body
            code, typ, msg = ERRORS[q.status]
            rec["error"] = {"message": msg, "type": typ, "param": None, "code": code}
            return rec, lat, pod
        content = q.content if isinstance(q.content, str) else None
        ct = tokens(content) + sum(tokens(tc["function"]["arguments"]) for tc in q.tool_calls or ())
        rt = int(tokens(q.reasoning) * r.uniform(2.5, 6)) if q.reasoning else 0
        n = int(body.get("n", 1))
        ttft = r.uniform(0.15, 0.6) + pt / 20000 + (rt / SPEED[model] if q.reasoning else 0)
        lat = ttft + n * ct / SPEED[model]
        rec["latency_ms"] = int(lat * 1000)
        if body.get("stream"):
            rec["ttft_ms"] = int(ttft * 1000)
        rec["model"] = model
        rec["request"] = body
        msg: dict = {"role": "assistant", "content": content}
        if q.reasoning:
            msg["reasoning_content"] = q.reasoning
        if q.tool_calls:
            msg["tool_calls"] = q.tool_calls
        msg["refusal"] = None
        choices = [{"index": i, "message": msg, "logprobs": None, "finish_reason": q.finish} for i in range(n)]
        cached = (pt // 128) * 128 if pt > 1024 and r.random() < 0.6 else 0
        rec["response"] = {
            "id": "chatcmpl-" + rid(r, 29),
            "object": "chat.completion",
            "created": int(q.t + lat),
            "model": SNAPSHOT[model],
            "system_fingerprint": "fp_" + rid(r, 10, HEX),
            "choices": choices,
            "usage": {"prompt_tokens": pt, "completion_tokens": n * ct + rt, "total_tokens": pt + n * ct + rt,
                      "prompt_tokens_details": {"cached_tokens": cached},
                      "completion_tokens_details": {"reasoning_tokens": rt}},
        }
        if model != THINK:
            del rec["response"]["usage"]["completion_tokens_details"]
        return rec, lat, pod


def dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
