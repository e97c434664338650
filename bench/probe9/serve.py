"""Serve the calls: the provider's front door, AI Gateway rate limits, errors, retries and the responses."""
from __future__ import annotations

import base64
import heapq
import json
import re
from collections import deque

from . import textgen as tg
from .common import served_model
from .rng import DAY, HOUR, RELEASE, T0, rng, ulid, uuid4

MAX_PAYLOAD = 1024 * 1024  # payloads over 1 MiB are not logged (MAX_*_SIZE_EXCEEDED)
MODEL_VERSION = {"meridian-3": "meridian-3-2026-02-18", "meridian-4": "meridian-4-2026-05-07"}
FD_HOSTS = {"us": ["fd-use1-a", "fd-use1-b", "fd-use1-c"], "eu": ["fd-euw1-a", "fd-euw1-b"], "ap": ["fd-apse1-a", "fd-apse1-b"]}
REGION_OF = {"US": "us", "CA": "us", "BR": "us", "GB": "eu", "DE": "eu", "FR": "eu", "ES": "eu", "NL": "eu", "RU": "eu",
             "IN": "ap", "CN": "ap", "SG": "ap", "JP": "ap", "KR": "ap", "AU": "ap", "VN": "ap", "PH": "ap"}
RETRY = {"openai-python": ("backoff", 2), "openai-node": ("backoff", 2), "langchain": ("backoff", 6), "vercel-ai": ("backoff", 2),
         "requests": ("backoff", 3), "httpx": ("backoff", 3), "go": ("failover", 3), "curl": ("human", 1), "browser": ("human", 1)}


class Attempt:
    """One upstream (Databricks) request."""
    __slots__ = (
        "dbr_id",
        "err_codes",
        "exec_ms",
        "in_chars",
        "in_tok",
        "log_payload",
        "model",
        "out_chars",
        "out_tok",
        "req",
        "req_len",
        "resp",
        "status",
        "stream",
        "t",
        "ucx",
    )


class Exchange:
    """One request at the provider's front door (and what it caused upstream)."""
    __slots__ = ("attempts", "bytes_in", "bytes_out", "call", "dur_ms", "fd_id", "fd_status", "host", "ip", "model_req", "t")


def _msgs_text(body) -> tuple[int, int]:
    chars = toks = 0
    for mm in body.get("messages", []):
        c = mm.get("content")
        if isinstance(c, str):
            chars += len(c)
            toks += tg.ntok(c) + 4
        elif isinstance(c, list):
            for part in c:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    chars += len(part["text"])
                    toks += tg.ntok(part["text"])
        for tc in mm.get("tool_calls") or []:
            a = tc["function"]["arguments"]
            chars += len(a)
            toks += tg.ntok(a) + 6
    if body.get("tools"):
        toks += len(json.dumps(body["tools"])) // 4 + 12
    return chars, toks


_TOK = re.compile(r"\s?\S+")


def _logprobs(r, text: str, max_tokens: int, top: int) -> dict:
    toks = _TOK.findall(text)[:max_tokens]
    out = []
    for tk in toks:
        lp = -abs(r.gauss(0, 1.2)) * r.random()
        alts = [{"token": tk, "logprob": round(lp, 4)}]
        for _ in range(max(0, top - 1)):
            alts.append({"token": " " + _TOK.findall(tg.THINK_GENERIC[r.randrange(len(tg.THINK_GENERIC))])[r.randrange(4)].strip(),
                         "logprob": round(lp - abs(r.gauss(1.5, 1.5)), 4)})
        out.append({"token": tk, "logprob": round(lp, 4), "top_logprobs": alts})
    return {"content": out}


def _error(code: str, message: str) -> str:
    return json.dumps({"error_code": code, "message": message})


class Server:
    def __init__(self, ctx, accounts):
        self.ctx = ctx
        self.m = ctx.m
        self.r = ctx.r("serve")
        self.by_key = {a.key_id: a for a in accounts}
        self.win: dict[str, deque] = {}
        self.exchanges: list[Exchange] = []
        self.seq = 0

    # ---------------------------------------------------------------- main loop
    def run(self, calls):
        heap = []
        for i, c in enumerate(sorted(calls, key=lambda c: c.t)):
            c.seq = i
            heap.append((c.t, i, c))
        heapq.heapify(heap)
        self.seq = len(heap)
        while heap:
            t, _, c = heapq.heappop(heap)
            for nc in self.handle(c):
                self.seq += 1
                nc.seq = self.seq
                heapq.heappush(heap, (nc.t, self.seq, nc))
        return self.exchanges

    def _host(self, acct, r):
        reg = REGION_OF.get(acct.org.country, "us")
        return FD_HOSTS[reg][r.randrange(len(FD_HOSTS[reg]))]

    def handle(self, c):
        r = rng(self.ctx.seed, self.ctx.scale, "call", c.seq, c.attempt)
        a = c.acct
        x = Exchange()
        x.call, x.t, x.attempts = c, c.t, []
        x.model_req = c.body.get("model")
        x.ip = c.ip or a.ips[r.randrange(len(a.ips))]
        x.host = self._host(a, r)
        x.fd_id = None if a.kind == "internal_staff" else "req_" + ulid(r, c.t)
        self.exchanges.append(x)
        retries = []
        model = served_model(c.body.get("model", ""), c.t)
        # ---- front door
        if a.revoked_at is not None and c.t >= a.revoked_at:
            x.fd_status = 401
        elif model == "meridian-4" and c.t < RELEASE:
            x.fd_status = 404
        elif a.kind in ("dev_individual", "student", "jailbreak_dabbler") and r.random() < 0.004:
            x.fd_status = 400  # malformed JSON, rejected before the gateway
        else:
            x.fd_status = None
        if x.fd_status is not None:
            x.bytes_in = len(json.dumps(c.body)) + 180
            x.bytes_out = 120
            x.dur_ms = r.randint(2, 15)
            return []
        # ---- upstream, with one front-door retry on 503
        t_up = c.t + r.uniform(0.006, 0.05)
        self.cur_fd_id = x.fd_id
        for k in range(2):
            at = self.upstream(c, model, t_up, r)
            x.attempts.append(at)
            if at.status != 503 or k == 1:
                break
            t_up = at.t + at.exec_ms / 1000 + r.uniform(0.3, 1.0)
        last = x.attempts[-1]
        x.fd_status = last.status
        x.bytes_in = x.attempts[0].req_len + 200
        x.bytes_out = len(last.resp or "") + 150
        x.dur_ms = int((last.t - c.t) * 1000 + last.exec_ms + r.uniform(3, 20))
        # ---- client retries
        if last.status in (429, 500, 502, 503, 504):
            retries = self.client_retry(c, last, r)
        return retries

    def client_retry(self, c, last, r):
        mode, max_n = RETRY.get(c.acct.sdk, ("backoff", 2))
        if c.attempt >= max_n:
            return []
        base = last.t + last.exec_ms / 1000
        if mode == "backoff":
            return [c.clone(base + min(30, 0.5 * 2 ** c.attempt) * r.uniform(1.0, 1.5) + (r.uniform(1, 8) if last.status == 429 else 0))]
        if mode == "failover":
            pool = c.acct.extra.get("failover") or [c.acct.key_id]
            alt = [self.by_key[k] for k in pool if k != c.acct.key_id and self.by_key[k].created_at <= base
                   and not (self.by_key[k].revoked_at and self.by_key[k].revoked_at <= base)]
            n = c.clone(base + r.uniform(0.05, 0.4))
            if alt:
                n.acct = alt[r.randrange(len(alt))]
            return [n]
        if mode == "human" and r.random() < 0.4:
            return [c.clone(base + r.uniform(8, 90))]
        return []

    # ---------------------------------------------------------------- Databricks side
    def upstream(self, c, model, t, r):
        a = c.acct
        at = Attempt()
        at.t, at.model, at.stream = t, model, c.stream
        at.dbr_id = uuid4(r)
        body = c.body
        ucx = dict(c.ucx or {})
        if a.kind != "internal_staff":
            # the front door tags the forwarded body with its own request id and the paying org
            ucx["provider_org_id"] = a.org.org_id
            body = dict(body)
            body["usage_context"] = ucx
            body["client_request_id"] = self.cur_fd_id
        at.ucx = ucx or None
        at.req = json.dumps(body, ensure_ascii=False)
        at.req_len = len(at.req.encode("utf-8")) + c.huge
        in_chars, in_tok = _msgs_text(body)
        in_chars += c.huge
        in_tok += c.huge // 4
        at.in_chars, at.in_tok = in_chars, in_tok
        at.out_tok = at.out_chars = 0
        at.err_codes = []
        at.log_payload = True
        w = self.win.setdefault(a.requester, deque())
        while w and w[0] <= t - 60:
            w.popleft()
        status = 200
        if body.get("logprobs") and (model == "meridian-4" or (body.get("top_logprobs") or 0) > 5):
            status, err = 400, _error("BAD_REQUEST", "top_logprobs must be between 0 and 5" if model != "meridian-4" else "logprobs is not supported for this model")
        elif (body.get("n") or 1) > 8:
            status, err = 400, _error("BAD_REQUEST", "n must be at most 8")
        elif len(w) >= a.qpm:
            status, err = 429, _error("REQUEST_LIMIT_EXCEEDED", f"REQUEST_LIMIT_EXCEEDED: Exceeded the rate limit of {a.qpm} queries per minute for this principal.")
        else:
            w.append(t)
            incident = (model == "meridian-3" and T0 + DAY + 14 * HOUR + 600 < t < T0 + DAY + 14 * HOUR + 2100 and r.random() < 0.6)
            surge = (model == "meridian-4" and RELEASE < t < RELEASE + 1.5 * HOUR and r.random() < 0.08)
            x = r.random()
            if incident or surge or x < 0.0015:
                status, err = 503, _error("TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable. Please retry.")
            elif x < 0.0025:
                status, err = 500, _error("INTERNAL_ERROR", "Internal server error.")
            elif x < 0.0032:
                status, err = 504, _error("DEADLINE_EXCEEDED", "The model did not respond within the timeout.")
        if status != 200:
            at.status = status
            at.exec_ms = r.randint(1, 12) if status in (400, 429) else r.randint(30, 30000 if status == 504 else 900)
            at.resp = err
            at.in_tok = at.in_chars = 0
            if status in (429, 500) and r.random() < (0.7 if status == 429 else 0.5):
                at.log_payload = False  # 401/403/429/500 responses are not always logged
            return at
        at.status = 200
        at.resp = self.response(c, model, t, r, at)
        if at.req_len > MAX_PAYLOAD:
            at.req = None
            at.err_codes.append("MAX_REQUEST_SIZE_EXCEEDED")
        if at.resp is not None and len(at.resp) > MAX_PAYLOAD:
            at.resp = None
            at.err_codes.append("MAX_RESPONSE_SIZE_EXCEEDED")
        return at

    def response(self, c, model, t, r, at) -> str:
        body = c.body
        max_t = body.get("max_tokens") or 8192
        contents = c.content if isinstance(c.content, list) else [c.content] * c.n
        reasoning = c.reasoning
        eff = body.get("reasoning_effort")
        if model == "meridian-4" and reasoning is None and eff not in ("none", "minimal") and c.tool_calls is None:
            reasoning = tg.general_reasoning(r, self.m, r.randint(150, 500))
        if model == "meridian-3" and not eff:
            reasoning = None
        choices = []
        out_tok = out_chars = r_tok = 0
        for i, text in enumerate(contents[: c.n]):
            fin = c.finish
            text = text if text is None else str(text)
            rt = tg.ntok(reasoning) if reasoning else 0
            ct = tg.ntok(text) if text else 0
            if ct + rt > max_t and text:
                keep = max(1, (max_t - rt)) * 4
                text = text[:keep] if keep > 0 else ""
                ct = tg.ntok(text)
                fin = "length"
            if c.stream and i == 0 and r.random() < 0.015 and text:
                text = text[: int(len(text) * r.uniform(0.1, 0.8))]  # client went away mid-stream
                ct = tg.ntok(text)
                fin = None
            if reasoning:
                sig = base64.b64encode(r.getrandbits(256).to_bytes(32, "big")).decode()
                content = [{"type": "reasoning", "summary": [{"type": "summary_text", "text": reasoning, "signature": sig}]}]
                if text:
                    content.append({"type": "text", "text": text})
            else:
                content = text
            message = {"role": "assistant", "content": content}
            if c.tool_calls:
                message["tool_calls"] = c.tool_calls
                ct += sum(tg.ntok(tc["function"]["arguments"]) + 8 for tc in c.tool_calls)
            ch = {"index": i, "message": message, "finish_reason": fin}
            if c.lp:
                ch["logprobs"] = _logprobs(r, text or "", min(max_t, 256), body.get("top_logprobs") or 1)
            choices.append(ch)
            out_tok += ct + rt
            r_tok += rt
            out_chars += len(text or "")
        at.out_tok, at.out_chars = out_tok, out_chars
        per_tok = 16 if model == "meridian-3" else 21
        at.exec_ms = int(120 + at.in_tok * 0.015 + out_tok * per_tok * r.uniform(0.8, 1.4))
        usage = {"prompt_tokens": at.in_tok, "completion_tokens": out_tok, "total_tokens": at.in_tok + out_tok}
        if r_tok:
            usage["completion_tokens_details"] = {"reasoning_tokens": r_tok}
        resp = {"id": "chatcmpl_" + uuid4(r), "object": "chat.completion", "created": int(t + at.exec_ms / 1000),
                "model": MODEL_VERSION[model], "choices": choices, "usage": usage}
        return json.dumps(resp, ensure_ascii=False)
