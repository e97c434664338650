"""The simulated API server: validates, rate-limits, answers, and writes the application log line."""
from __future__ import annotations

import bisect
import json
import math
import random
from dataclasses import dataclass

from . import textgen as T
from . import world as W
from .infra import EXC_500, Infra

ROUTES = {"chat": "/v1/chat/completions", "responses": "/v1/responses", "completions": "/v1/completions"}


@dataclass
class Result:
    status: int
    t_end: float
    content: str | None = None
    reasoning: str | None = None
    tool_calls: list | None = None
    finish: str | None = None


class Collector:
    """All events produced by one generation unit (an account or a whole campaign)."""

    def __init__(self):
        self.events: list[tuple[int, int, str, str]] = []   # (ts_ms, task_idx, line, kind)
        self.calls: dict[str, int] = {}
        self.status: dict[int, int] = {}
        self.misc: dict[str, int] = {}

    def bump(self, k, n=1):
        self.misc[k] = self.misc.get(k, 0) + n


def _dumps(d) -> str:
    return json.dumps(d, separators=(", ", ": "))


def prompt_text(endpoint: str, body: dict) -> tuple[str, str]:
    """(system+history text, last user text) used for token estimates."""
    if endpoint == "chat":
        msgs = body.get("messages", [])
        parts = []
        for m in msgs:
            c = m.get("content")
            if isinstance(c, list):
                c = " ".join(p.get("text", "") for p in c if isinstance(p, dict))
            parts.append(c or "")
            if m.get("tool_calls"):
                parts.append(json.dumps(m["tool_calls"]))
        if body.get("tools"):
            parts.append(json.dumps(body["tools"]))
        return "\n".join(parts[:-1]), parts[-1] if parts else ""
    if endpoint == "responses":
        inp = body.get("input")
        if isinstance(inp, list):
            txt = [m.get("content") if isinstance(m.get("content"), str) else "" for m in inp]
            return (body.get("instructions") or "") + "\n".join(txt[:-1]), txt[-1] if txt else ""
        return body.get("instructions") or "", inp or ""
    return "", body.get("prompt", "")


class Ctx:
    """Per generation unit server context. Accounts are independent, so each unit has its own."""

    def __init__(self, infra: Infra, col: Collector, rng: random.Random):
        self.infra = infra
        self.col = col
        self.rng = rng
        self.rl: dict[str, list[float]] = {}
        self.prefix_seen: dict[tuple, float] = {}

    # ------------------------------------------------------------------ rate limit
    def _rate_ok(self, acct: W.Account, t: float, model: str) -> tuple[bool, int, int]:
        reasoning = W.MODELS.get(model, {}).get("reasoning", False)
        lst = self.rl.setdefault((acct.org_id, reasoning), [])
        lim = W.TIER_RPM[acct.tier_at(t)]
        if reasoning:
            lim = max(3, lim // 4)
        lo = bisect.bisect_left(lst, t - 60.0)
        hi = bisect.bisect_right(lst, t)
        used = hi - lo
        if used >= lim:
            return False, lim, used
        if not lst or t >= lst[-1]:
            lst.append(t)
        else:
            bisect.insort(lst, t)
        if len(lst) > 4000:
            del lst[: len(lst) - 2000]
        return True, lim, used + 1

    # ------------------------------------------------------------------ main entry
    def call(self, t: float, acct: W.Account, key: W.Key, client: W.Client, ip: str | None, endpoint: str,
             body: dict, task: dict, *, retries: int = 2, cancel_p: float = 0.0, sdk_retry: bool | None = None,
             backoff: float = 0.5, seed_key=None) -> Result:
        tries = 0
        if sdk_retry is None:
            sdk_retry = client.sdk is not None
        while True:
            res = self._one(t, acct, key, client, ip, endpoint, body, task, tries, cancel_p, seed_key)
            if res.status in (429, 500, 502, 503) and tries < retries:
                wait = backoff * (2 ** tries) * self.rng.uniform(0.75, 1.25)
                if res.status == 429:
                    wait += self.rng.uniform(0.2, 2.0)
                t = res.t_end + wait
                tries += 1
                continue
            return res

    def _one(self, t0, acct, key, client, ip, endpoint, body, task, tries, cancel_p, seed_key) -> Result:
        rng = self.rng
        col = self.col
        model = body.get("model")
        minfo = W.MODELS.get(model)
        trk = self.infra.pick(t0, rng)
        req_id = "req_" + W.hexid(rng, 32)
        stream = bool(body.get("stream"))
        tier = acct.tier_at(t0)
        sysprev, last = prompt_text(endpoint, body)
        p_tok = T.est_tokens(sysprev) + T.est_tokens(last) + 7 + 4 * len(body.get("messages", ()))
        status, err = 200, None
        lat = rng.uniform(0.012, 0.06)
        rl_info = None

        if acct.deactivated_at is not None and t0 >= acct.deactivated_at:
            status, err = 401, {"message": "Your organization has been deactivated. Contact support if you believe this is an error.",
                                "type": "invalid_request_error", "param": None, "code": "account_deactivated"}
        elif minfo is None or (minfo.get("released") and t0 < minfo["released"]):
            status, err = 404, {"message": f"The model `{model}` does not exist or you do not have access to it.",
                                "type": "invalid_request_error", "param": "model", "code": "model_not_found"}
        elif minfo.get("legacy") and endpoint != "completions":
            status, err = 404, {"message": "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
                                "type": "invalid_request_error", "param": "model", "code": None}
        elif endpoint == "completions" and not minfo.get("legacy"):
            status, err = 404, {"message": "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?",
                                "type": "invalid_request_error", "param": "model", "code": None}
        elif minfo["reasoning"] and "temperature" in body and body["temperature"] not in (1, 1.0, None):
            status, err = 400, {"message": f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. Only the default (1) value is supported.",
                                "type": "invalid_request_error", "param": "temperature", "code": "unsupported_value"}
        elif not minfo["reasoning"] and ("reasoning_effort" in body or "reasoning" in body):
            status, err = 400, {"message": "Unrecognized request argument supplied: reasoning_effort" if "reasoning_effort" in body else
                                "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
                                "type": "invalid_request_error", "param": "reasoning_effort", "code": "unsupported_parameter"}
        elif p_tok > minfo["ctx"]:
            status, err = 400, {"message": f"This model's maximum context length is {minfo['ctx']} tokens. However, your messages resulted in {p_tok} tokens. Please reduce the length of the messages.",
                                "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}
        elif task.get("kind") == "bad_request":
            status, err = task.get("status", 400), task["error"]
        if status == 200:
            ok, lim, used = self._rate_ok(acct, t0, model)
            rl_info = {"limit_requests": lim, "remaining_requests": max(0, lim - used)}
            if not ok:
                wait_ms = rng.randint(80, 9000)
                status, err = 429, {"message": f"Rate limit reached for {model} in organization {acct.org_id} on requests per min (RPM): Limit {lim}, Used {lim}, Requested 1. Please try again in {wait_ms}ms.",
                                    "type": "requests", "param": None, "code": "rate_limit_exceeded"}
            else:
                x = rng.random()
                p503 = 0.35 if W.INCIDENT[0] <= t0 < W.INCIDENT[1] else 0.0018
                if x < p503:
                    status, err = 503, {"message": "The server is overloaded or not ready yet.", "type": "server_error",
                                        "param": None, "code": "overloaded"}
                    lat = rng.uniform(0.05, 2.5)
                elif x < p503 + 0.0011:
                    status, err = 500, {"message": "The server had an error while processing your request. Sorry about that!",
                                        "type": "server_error", "param": None, "code": None}
                    lat = rng.uniform(0.5, 30.0)

        sdk = client.sdk_dict(tries)
        warn_lines = []
        if status == 200 and minfo and minfo["reasoning"] and endpoint == "chat" and "max_tokens" in body:
            warn_lines.append({"level": "warning", "logger": "inference_api.compat", "event": "deprecated_parameter",
                               "param": "max_tokens", "replacement": "max_completion_tokens", "model": model,
                               "org_id": acct.org_id, "request_id": req_id})
        if status == 200 and "functions" in body:
            warn_lines.append({"level": "warning", "logger": "inference_api.compat", "event": "deprecated_parameter",
                               "param": "functions", "replacement": "tools", "model": model,
                               "org_id": acct.org_id, "request_id": req_id})

        response = usage = None
        content = reasoning = None
        tool_calls = None
        finish = None
        ttft = None
        if status == 200:
            content, reasoning, tool_calls, finish, usage, lat, ttft = self._generate(
                t0, acct, endpoint, body, task, minfo, p_tok, sysprev, seed_key)
            if stream and cancel_p and rng.random() < cancel_p:
                status = 499
                frac = rng.uniform(0.05, 0.8)
                if content:
                    content = content[: int(len(content) * frac)]
                if reasoning and rng.random() < 0.5:
                    reasoning = reasoning[: int(len(reasoning) * frac)]
                    content = ""
                lat = ttft / 1000.0 + (lat - ttft / 1000.0) * frac
                finish = None
                ctoks = T.est_tokens(content or "") + (T.est_tokens(reasoning or "") if reasoning else 0)
                usage = dict(usage)
                usage["completion_tokens"] = ctoks
                usage["total_tokens"] = usage["prompt_tokens"] + ctoks
                err = {"message": "Client closed the connection before the response completed.",
                       "type": "client_disconnected", "param": None, "code": None}
            response = self._response_obj(rng, endpoint, body, minfo, t0, content, reasoning, tool_calls, finish)

        t_end = t0 + lat
        line = {"timestamp": W.iso(t_end),
                "level": "info" if status < 400 else ("error" if status >= 500 else "warning"),
                "logger": "inference_api.access",
                "event": "request.completed" if status < 500 and status != 499 else (
                    "request.client_disconnected" if status == 499 else "request.failed"),
                "service": "inference-api", "version": trk.version, "task_id": trk.task_id,
                "request_id": req_id,
                "amzn_trace_id": f"Root=1-{int(t0):08x}-{W.hexid(rng, 24)}",
                "http": {"method": "POST", "path": ROUTES[endpoint], "status": status,
                         "client_ip": ip, "user_agent": client.ua}}
        if ip is None:
            del line["http"]["client_ip"]
        if sdk:
            line["sdk"] = sdk
        auth = {"org_id": acct.org_id, "project_id": key.project_id, "api_key_id": key.key_id,
                "key_hint": key.hint, "tier": tier}
        u = body.get("user") or body.get("safety_identifier")
        if u:
            auth["user"] = u
        line["auth"] = auth
        line["model"] = model
        if minfo:
            line["model_snapshot"] = minfo["snapshot"]
        line["stream"] = stream
        line["request"] = body
        if response is not None:
            line["response"] = response
        if usage is not None:
            line["usage"] = usage
        if rl_info:
            line["ratelimit"] = rl_info
        timing = {"latency_ms": int(lat * 1000)}
        if ttft is not None and stream:
            timing["ttft_ms"] = ttft
        line["timing"] = timing
        if err:
            line["error"] = err
        ev = col.events
        ev.append((int(t_end * 1000), trk.idx, _dumps(line), "call"))
        col.calls[acct.org_id] = col.calls.get(acct.org_id, 0) + 1
        col.status[status] = col.status.get(status, 0) + 1
        for w in warn_lines:
            w = {"timestamp": W.iso(t0 + 0.003), **w}
            ev.append((int((t0 + 0.003) * 1000), trk.idx, _dumps(w), "warn"))
            col.bump("warn_lines")
        if status == 500:
            route = endpoint if endpoint != "chat" else "chat_completions"
            exc = EXC_500.format(route=route, ln=rng.randint(90, 400), pool=rng.choice("abc"),
                                 detail=rng.choice(["Deadline Exceeded", "Connection reset by peer", "Socket closed",
                                                    "CUDA error: an illegal memory access was encountered"]))
            e = {"timestamp": W.iso(t_end - 0.001), "level": "error", "logger": "inference_api.server",
                 "event": "unhandled_exception", "request_id": req_id, "org_id": acct.org_id, "exception": exc}
            ev.append((int((t_end - 0.001) * 1000), trk.idx, _dumps(e), "error"))
        if task.get("flag") and status == 200:
            m = {"timestamp": W.iso(t0 + 0.2), "level": "info", "logger": "inference_api.moderation",
                 "event": "moderation.flagged", "request_id": req_id, "org_id": acct.org_id,
                 "categories": task["flag"], "action": "logged"}
            ev.append((int((t0 + 0.2) * 1000), trk.idx, _dumps(m), "warn"))
            col.bump("moderation_lines")
        if status == 200 and lat > 180:
            m = {"timestamp": W.iso(t_end + 0.001), "level": "warning", "logger": "inference_api.access",
                 "event": "slow_request", "request_id": req_id, "latency_ms": int(lat * 1000), "model": model}
            ev.append((int((t_end + 0.001) * 1000), trk.idx, _dumps(m), "warn"))
        return Result(status, t_end, content, reasoning, tool_calls, finish)

    # ------------------------------------------------------------------ generation
    def _generate(self, t0, acct, endpoint, body, task, minfo, p_tok, sysprev, seed_key):
        temp = body.get("temperature", 1.0)
        if seed_key is not None and (temp == 0 or body.get("seed") is not None):
            grng = random.Random(W.stable_int("det", body.get("model"), seed_key))
        else:
            grng = random.Random(self.rng.getrandbits(64))
        effort = None
        if minfo["reasoning"]:
            effort = body.get("reasoning_effort") or (body.get("reasoning") or {}).get("effort") or "medium"
        cap = (body.get("max_completion_tokens") or body.get("max_tokens") or body.get("max_output_tokens")
               or (16 if endpoint == "completions" else None))
        content, tool_calls = render(grng, task)
        reasoning = T.reasoning_trace(grng, task, effort) if effort else None
        r_tok = int(T.est_tokens(reasoning) * grng.uniform(1.0, 1.15)) if reasoning else 0
        c_tok = T.est_tokens(content or "") + (12 * len(tool_calls) if tool_calls else 0)
        finish = "tool_calls" if tool_calls else "stop"
        if cap is not None and r_tok + c_tok > cap:
            finish = "length"
            if r_tok >= cap:
                reasoning = reasoning[: cap * 4]
                r_tok = cap
                content = ""
                c_tok = 0
            else:
                keep = cap - r_tok
                content = (content or "")[: keep * 4]
                c_tok = keep
            tool_calls = None
        cached = 0
        if sysprev and p_tok > 1024:
            k = (acct.org_id, sysprev[:2000])
            last = self.prefix_seen.get(k)
            if last is not None and t0 - last < 600:
                cached = (min(p_tok - 10, T.est_tokens(sysprev)) // 128) * 128
            self.prefix_seen[k] = t0
        usage = {"prompt_tokens": p_tok, "completion_tokens": r_tok + c_tok, "total_tokens": p_tok + r_tok + c_tok,
                 "prompt_tokens_details": {"cached_tokens": max(0, cached)},
                 "completion_tokens_details": {"reasoning_tokens": r_tok}}
        rng = self.rng
        tps = minfo["tps"] * rng.uniform(0.6, 1.3)
        ttft = 0.18 + (p_tok - cached) / rng.uniform(6000, 14000) + rng.expovariate(4.0)
        if r_tok and endpoint != "chat":
            ttft += r_tok / tps
        lat = ttft + (r_tok + c_tok) / tps
        if r_tok and endpoint == "chat":
            ttft += r_tok / tps * 0.0   # reasoning_content streams first, first token is a thinking token
        return content, reasoning, tool_calls, finish, usage, lat, int(ttft * 1000)

    def _response_obj(self, rng, endpoint, body, minfo, t0, content, reasoning, tool_calls, finish):
        created = int(t0)
        if endpoint == "chat":
            msg = {"role": "assistant", "content": content if not tool_calls else None}
            if reasoning is not None:
                msg["reasoning_content"] = reasoning
            if tool_calls:
                msg["tool_calls"] = tool_calls
            msg["refusal"] = None
            choices = [{"index": 0, "message": msg, "logprobs": None, "finish_reason": finish}]
            n = body.get("n") or 1
            for i in range(1, n):
                vrng = random.Random(rng.getrandbits(32))
                alt = content
                if content and len(content) > 80:
                    cut = vrng.randint(len(content) // 3, len(content) - 1)
                    alt = content[:cut] + vrng.choice([" Alternatively, ", " In other words, ", "\n\n"]) + content[cut // 2:cut]
                m2 = {"role": "assistant", "content": alt, "refusal": None}
                if reasoning is not None:
                    m2["reasoning_content"] = reasoning[: vrng.randint(len(reasoning) // 2, len(reasoning))]
                choices.append({"index": i, "message": m2, "logprobs": None, "finish_reason": finish})
            return {"id": "chatcmpl-" + W.rid(rng, 29), "object": "chat.completion", "created": created,
                    "model": minfo["snapshot"], "system_fingerprint": minfo["fp"], "choices": choices}
        if endpoint == "responses":
            out = []
            if reasoning is not None:
                summ = []
                mode = (body.get("reasoning") or {}).get("summary")
                if mode:
                    k = 0.55 if mode == "detailed" else 0.3
                    summ = [{"type": "summary_text", "text": "**Working through the problem**\n\n" + reasoning[: int(len(reasoning) * k)]}]
                out.append({"id": "rs_" + W.hexid(rng, 48), "type": "reasoning", "summary": summ})
            if tool_calls:
                for tc in tool_calls:
                    out.append({"id": "fc_" + W.hexid(rng, 48), "type": "function_call", "status": "completed",
                                "call_id": tc["id"], "name": tc["function"]["name"],
                                "arguments": tc["function"]["arguments"]})
            else:
                out.append({"id": "msg_" + W.hexid(rng, 48), "type": "message", "status": "completed",
                            "role": "assistant",
                            "content": [{"type": "output_text", "text": content or "", "annotations": []}]})
            return {"id": "resp_" + W.hexid(rng, 48), "object": "response", "created_at": created,
                    "status": "completed" if finish != "length" else "incomplete",
                    "incomplete_details": {"reason": "max_output_tokens"} if finish == "length" else None,
                    "model": minfo["snapshot"], "output": out}
        return {"id": "cmpl-" + W.rid(rng, 29), "object": "text_completion", "created": created,
                "model": minfo["snapshot"],
                "choices": [{"text": content or "", "index": 0, "logprobs": None, "finish_reason": finish}]}


# --------------------------------------------------------------------------- task -> answer
def _target(rng: random.Random, task: dict) -> int:
    t = task.get("len")
    if t:
        return int(t * rng.uniform(0.7, 1.3))
    return int(min(1100, max(50, rng.lognormvariate(math.log(200), 0.6))))


def render(rng: random.Random, task: dict) -> tuple[str | None, list | None]:
    k = task.get("kind")
    if k == "general":
        return T.general_answer(rng, task["prompt"], _target(rng, task), task.get("known"), task.get("lang")), None
    if k == "math":
        return T.math_answer(rng, task["q"], task.get("steps"), task.get("final", "?"), task.get("lang", "en"),
                             task.get("style", "full")), None
    if k == "code":
        return T.code_answer(rng, task["prompt"], task.get("solution"), task.get("header"), task.get("lang"),
                             _target(rng, task)), None
    if k == "code_completion":
        return task["solution"], None
    if k == "refusal":
        return T.refusal(rng), None
    if k == "persona":
        return T.persona_reply(rng, task["persona"], task["prompt"], _target(rng, task)), None
    if k == "support":
        return T.support_reply(rng, task["thing"]), None
    if k == "judge":
        return T.judge_reply(rng, task.get("pairwise", True)), None
    if k == "analysis":
        return T.analysis_answer(rng, task["table"], task["q"], _target(rng, task), task.get("show_steps", False)), None
    if k == "summary":
        return T.summary_answer(rng, task["doc"], _target(rng, task)), None
    if k in ("fixed", "translate"):
        return task["text"], None
    if k == "short":
        return T.short_chat(rng, task["prompt"]), None
    if k == "tool_call":
        calls = []
        for name, args in task["calls"]:
            calls.append({"id": "call_" + W.rid(rng, 24), "type": "function",
                          "function": {"name": name, "arguments": json.dumps(args)}})
        return None, calls
    if k == "compress":
        return task["text"], None
    return T.general_answer(rng, task.get("prompt", "hello"), _target(rng, task)), None
