"""Turn one client call plus the edge's outcome into one slog-style JSON log record."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np

from .rng import ALNUM, HEX, token
from .textgen import est_tokens
from .world import DEPLOY, RPM_BY_TIER, Client, Key, Org, served_model

REQ_LIMIT = 8192   # characters of request body kept for abuse review
RESP_LIMIT = 3072  # characters of response body kept
LLM_ROUTES = ("/v1/chat/completions", "/v1/responses")
SPEED = {"halo-2-mini": 160.0, "halo-2": 75.0, "halo-2-reason": 62.0, "halo-3": 55.0, "halo-3-mini": 120.0}


@dataclass
class Call:
    """One HTTP request as a client sends it, with the reply the fleet would produce if all goes well."""
    t: float
    org: Org | None
    key: Key | None
    ip: str
    client: Client
    route: str
    body: dict | None = None
    method: str = "POST"
    text: str = ""
    out_tokens: int = 0
    reasoning_tokens: int = 0
    summary: list[str] | None = None
    tool_calls: list[tuple[str, str, str]] | None = None  # (name, arguments, call_id)
    resp_id: str | None = None
    ctx_tokens: int = 0
    status: int = 0      # forced status (0: decided by the edge)
    retry: int = 0
    region: str = "use1"
    extra: dict = field(default_factory=dict)


@dataclass
class Outcome:
    status: int
    kind: str = "ok"     # ok | rate_limited | server_error | timeout | disconnect | bad_request | ...
    rpm: int = 0


def rfc3339nano(t: float) -> str:
    """Go's time.RFC3339Nano in UTC (trailing zeros of the fraction trimmed)."""
    sec = int(t)
    ns = int(round((t - sec) * 1e9))
    if ns >= 1_000_000_000:
        sec, ns = sec + 1, ns - 1_000_000_000
    base = dt.datetime.fromtimestamp(sec, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{ns:09d}".rstrip("0")
    return base + ("." + frac if frac else "") + "Z"


def dumps(obj: object) -> str:
    """Compact JSON as Go's encoding/json writes it (no ASCII escaping, HTML characters escaped)."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _clip(s: str, limit: int) -> tuple[str, int, bool]:
    n = len(s.encode("utf-8"))
    if len(s) <= limit:
        return s, n, False
    return s[:limit] + f"...[truncated {n} bytes]", n, True


class Renderer:
    """Builds log records; owns the random stream for ids, latency and fleet-side details."""

    def __init__(self, rng: np.random.Generator, service: str = "edge-gw") -> None:
        self.rng = rng
        self.service = service

    def _id(self, prefix: str, n: int, alphabet: str = HEX) -> str:
        return prefix + token(self.rng, n, alphabet)

    def identity(self, c: Call) -> dict | None:
        if c.key is None:
            return None
        if c.org is None or c.key.revoked_at <= c.t:
            return {"key_hint": c.key.hint}
        return {"org_id": c.org.org_id, "project_id": c.key.project_id, "key_id": c.key.key_id,
                "key_hint": c.key.hint, "key_type": c.key.kind, "created_by": c.key.owner, "tier": c.org.tier}

    def record(self, c: Call, host: str, out: Outcome) -> dict:
        rng = self.rng
        rec: dict = {"time": rfc3339nano(c.t), "level": "INFO", "msg": "request completed",
                     "service": self.service, "version": "1.43.0" if c.t >= DEPLOY else "1.42.3",
                     "host": host, "request_id": self._id("req_", 32)}
        http: dict = {"method": c.method, "route": c.route, "status": out.status, "latency_ms": 0.0,
                      "bytes_in": 0, "bytes_out": 0, "client_ip": c.ip, "user_agent": c.client.ua}
        if c.client.sdk is not None:
            http["retry_count"] = c.retry
        rec["http"] = http
        if c.client.sdk is not None:
            rec["sdk"] = c.client.sdk
        auth = self.identity(c)
        if auth is not None:
            rec["auth"] = auth
        if c.route not in LLM_ROUTES:
            return self._aux(rec, c, out)
        body = c.body or {}
        model = str(body.get("model", ""))
        served, reasoning = served_model(model, c.t)
        req_s = dumps(body)
        http["bytes_in"] = len(req_s.encode("utf-8"))
        stream = bool(body.get("stream"))
        api = "responses" if c.route == "/v1/responses" else "chat.completions"
        llm: dict = {"api": api, "model_requested": model, "model_served": served, "stream": stream}
        if body.get("previous_response_id"):
            llm["previous_response_id"] = body["previous_response_id"]
        user = body.get("user") or body.get("safety_identifier")
        if user:
            llm["end_user"] = user
        rec["llm"] = llm
        status = out.status
        if status == 200 and served is None:
            status = http["status"] = 404
        if status == 429:
            rec.update(level="WARN", msg="rate limited")
            http["latency_ms"] = round(float(rng.uniform(0.4, 3.0)), 3)
            rec["ratelimit"] = {"limit_requests": out.rpm, "remaining_requests": 0,
                                "reset_requests": f"{int(rng.integers(1, 60))}s"}
            rec["error"] = {"type": "requests", "code": "rate_limit_exceeded",
                            "message": f"Rate limit reached for requests per min (RPM): Limit {out.rpm}"}
            return rec
        if status == 401:
            rec.update(level="WARN", msg="request failed")
            http["latency_ms"] = round(float(rng.uniform(0.3, 2.0)), 3)
            rec["error"] = {"type": "invalid_request_error", "code": "invalid_api_key",
                            "message": "Incorrect API key provided."}
            return rec
        in_tok = max(4, est_tokens(req_s) - 12) + c.ctx_tokens
        cached = 0
        if c.ctx_tokens >= 1024:
            cached = (c.ctx_tokens // 128) * 128
        elif in_tok >= 1024 and rng.random() < 0.45:
            cached = int(rng.uniform(0.3, 0.95) * in_tok) // 128 * 128
        req_kept, req_n, req_trunc = _clip(req_s, REQ_LIMIT)
        rec["body"] = {"request": req_kept, "request_bytes": req_n, "request_truncated": req_trunc}
        if status in (401, 403, 404, 400) or status >= 500:
            return self._error(rec, c, status, model, in_tok, out)
        out_vis = max(1, c.out_tokens)
        r_tok = c.reasoning_tokens if reasoning else 0
        partial = status == 499
        if partial:
            frac = float(rng.uniform(0.05, 0.8))
            out_vis, r_tok = max(1, int(out_vis * frac)), int(r_tok * min(1.0, frac * 2))
        speed = SPEED.get(model if model in SPEED else "halo-2", 70.0) * float(rng.uniform(0.75, 1.25))
        ttft = float(rng.uniform(180, 900)) + r_tok / speed * 1000.0 + in_tok * 0.02
        latency = ttft + out_vis / speed * 1000.0
        http["latency_ms"] = round(latency, 3)
        if c.t >= DEPLOY and stream:
            http["ttft_ms"] = round(ttft, 3)
        usage = {"input_tokens": in_tok, "cached_tokens": cached, "output_tokens": out_vis + r_tok,
                 "reasoning_tokens": r_tok, "total_tokens": in_tok + out_vis + r_tok}
        llm["usage"] = usage
        text = c.text if not partial else c.text[: max(1, int(len(c.text) * out_vis / max(1, c.out_tokens)))]
        finish = "tool_calls" if c.tool_calls else ("length" if body.get("max_output_tokens") == out_vis
                                                     or body.get("max_completion_tokens") == out_vis else "stop")
        if partial:
            finish = None
            rec.update(level="WARN", msg="client disconnected")
        llm["finish_reason"] = finish
        created = int(c.t + latency / 1000.0)
        if api == "responses":
            rid = c.resp_id or self._id("resp_", 48)
            llm["response_id"] = rid
            resp = self._responses_obj(c, body, rid, created, served, text, usage, r_tok, partial)
        else:
            rid = "chatcmpl-" + token(rng, 29, ALNUM)
            llm["response_id"] = rid
            resp = self._chat_obj(c, body, rid, created, served, text, usage, finish)
        if stream:
            n_delta = max(1, int(out_vis / float(rng.uniform(1.1, 1.6))))
            if api == "responses":
                events = {"response.created": 1, "response.in_progress": 1,
                          "response.output_item.added": len(resp["output"]),
                          "response.output_text.delta": n_delta,
                          ("response.incomplete" if partial else "response.completed"): 0 if partial else 1}
                if r_tok and body.get("reasoning", {}).get("summary"):
                    events["response.reasoning_summary_text.delta"] = sum(len(s) // 9 for s in (c.summary or []))
                if partial:
                    del events["response.incomplete"]
                resp_s = dumps({"stream_events": events, "response": resp})
                kind = "sse-events"
            else:
                resp["object"] = "chat.completion"
                resp_s = dumps(resp)
                kind = "sse-reassembled"
        else:
            resp_s = dumps(resp)
            kind = "json"
        http["bytes_out"] = len(resp_s.encode("utf-8")) + (n_delta * 120 if stream else 0)
        kept, n, trunc = _clip(resp_s, RESP_LIMIT)
        rec["body"].update(response=kept, response_bytes=n, response_truncated=trunc, response_kind=kind)
        return rec

    def _chat_obj(self, c: Call, body: dict, rid: str, created: int, served: str | None, text: str,
                  usage: dict, finish: str | None) -> dict:
        msg: dict = {"role": "assistant", "content": None if c.tool_calls else text, "refusal": None}
        if c.tool_calls:
            msg["tool_calls"] = [{"id": cid, "type": "function",
                                  "function": {"name": n, "arguments": a}} for n, a, cid in c.tool_calls]
        n_choices = int(body.get("n", 1) or 1)
        choices = [{"index": i, "message": msg, "logprobs": None, "finish_reason": finish} for i in range(n_choices)]
        return {"id": rid, "object": "chat.completion", "created": created, "model": served, "choices": choices,
                "usage": {"prompt_tokens": usage["input_tokens"], "completion_tokens": usage["output_tokens"],
                          "total_tokens": usage["total_tokens"],
                          "prompt_tokens_details": {"cached_tokens": usage["cached_tokens"]},
                          "completion_tokens_details": {"reasoning_tokens": usage["reasoning_tokens"]}},
                "system_fingerprint": "fp_" + token(self.rng, 10, HEX)}

    def _responses_obj(self, c: Call, body: dict, rid: str, created: int, served: str | None, text: str,
                       usage: dict, r_tok: int, partial: bool) -> dict:
        output: list[dict] = []
        if r_tok:
            item: dict = {"type": "reasoning", "id": self._id("rs_", 48), "summary": []}
            if body.get("reasoning", {}).get("summary") and c.summary:
                item["summary"] = [{"type": "summary_text", "text": s} for s in c.summary]
            if "reasoning.encrypted_content" in (body.get("include") or []):
                item["encrypted_content"] = "gAAAAAB" + token(self.rng, 360, ALNUM)
            output.append(item)
        if c.tool_calls:
            for name, args, cid in c.tool_calls:
                output.append({"type": "function_call", "id": self._id("fc_", 48),
                               "call_id": cid, "name": name,
                               "arguments": args, "status": "completed"})
        else:
            output.append({"type": "message", "id": self._id("msg_", 48), "status": "completed", "role": "assistant",
                           "content": [{"type": "output_text", "annotations": [], "text": text}]})
        obj = {"id": rid, "object": "response", "created_at": created,
               "status": "incomplete" if partial else "completed", "model": served, "output": output,
               "previous_response_id": body.get("previous_response_id"),
               "reasoning": {"effort": body.get("reasoning", {}).get("effort"),
                             "summary": body.get("reasoning", {}).get("summary")},
               "store": body.get("store", True),
               "text": body.get("text", {"format": {"type": "text"}}),
               "usage": {"input_tokens": usage["input_tokens"],
                         "input_tokens_details": {"cached_tokens": usage["cached_tokens"]},
                         "output_tokens": usage["output_tokens"],
                         "output_tokens_details": {"reasoning_tokens": usage["reasoning_tokens"]},
                         "total_tokens": usage["total_tokens"]}}
        return obj

    def _error(self, rec: dict, c: Call, status: int, model: str, in_tok: int, out: Outcome) -> dict:
        rng = self.rng
        http = rec["http"]
        errs = {
            400: ("invalid_request_error", "context_length_exceeded",
                  f"This model's maximum context length is 128000 tokens. However, your messages resulted in {in_tok + 128000} tokens."),
            401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            403: ("invalid_request_error", "account_deactivated",
                  "Your organization has been disabled for violating the usage policies."),
            404: ("invalid_request_error", "model_not_found",
                  f"The model `{model}` does not exist or you do not have access to it."),
            500: ("server_error", "internal_error", "The server had an error while processing your request."),
            502: ("server_error", "bad_gateway", "upstream connect error or disconnect/reset before headers"),
            503: ("server_error", "overloaded", "The engine is currently overloaded, please try again later."),
            504: ("server_error", "upstream_timeout", "Upstream request timed out."),
        }
        etype, code, message = errs.get(status, errs[500])
        rec["level"] = "ERROR" if status >= 500 else "WARN"
        rec["msg"] = "upstream timeout" if status == 504 else "request failed"
        http["latency_ms"] = round(600000.0 + float(rng.uniform(0, 40)) if status == 504
                                   else float(rng.uniform(5, 40)) if status < 500 else float(rng.uniform(200, 30000)), 3)
        err = {"error": {"message": message, "type": etype, "param": None, "code": code}}
        s = dumps(err)
        rec["body"].update(response=s, response_bytes=len(s), response_truncated=False, response_kind="json")
        rec["error"] = {"type": etype, "code": code, "message": message}
        return rec

    def _aux(self, rec: dict, c: Call, out: Outcome) -> dict:
        http = rec["http"]
        http["latency_ms"] = round(float(self.rng.uniform(0.2, 4.0)), 3)
        if c.route == "/v1/models" and out.status == 200:
            http["bytes_out"] = 1874
        elif c.route.startswith("/v1/responses/") and out.status == 200:
            http["bytes_out"] = int(self.rng.integers(900, 9000))
        if out.status == 401:
            rec.update(level="WARN", msg="request failed")
            rec["error"] = {"type": "invalid_request_error", "code": "invalid_api_key",
                            "message": "Incorrect API key provided."}
        return rec


def rpm_of(org: Org) -> int:
    return RPM_BY_TIER[org.tier]
