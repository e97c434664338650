"""The API server's own per-request log record ("heron-gateway", one JSON line per completed request).

The same binary runs in both regions with two logging configurations:

* ``LOG_FORMAT=gcp`` (region A, GKE): ``severity``, ``message``, ``time``, ``httpRequest`` and the
  ``logging.googleapis.com/trace``/``spanId`` keys, which the GKE logging agent lifts out of the JSON into the
  LogEntry; the server authenticates keys itself, so the record carries ``tenant``, ``key_id`` and ``key_prefix``.
  ``LOG_MAX_RECORD_BYTES=200000`` cuts the longest content strings so an entry stays under Cloud Logging's 256 KB.
* ``LOG_FORMAT=json`` (region B, self-managed): ``ts``, ``level``, ``msg``; authentication happens in the ingress
  auth sidecar, so the record has only the ingress's ``request_id`` and no caller identity; no size guard.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from .world import SNAPSHOT, THINK, Req

MAX_RECORD_BYTES = 200_000
HEAD, TAIL = 24_000, 4_000  # characters kept of a cut string
_ERR_TYPE = {
    401: "authentication_error",
    403: "permission_error",
    404: "invalid_request_error",
    429: "rate_limit_error",
    500: "api_error",
    503: "api_error",
    400: "invalid_request_error",
}
_ERR_MSG = {
    "model_not_found": "The model `{m}` does not exist or you do not have access to it.",
    "account_suspended": "This organization has been suspended. Contact support@heron.ai.",
    "invalid_api_key": "Incorrect API key provided.",
    "rate_limit_exceeded": "Rate limit reached for requests. Please retry after a short wait.",
    "upstream_overloaded": "The inference backend is temporarily overloaded. Please retry.",
}
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def iso_ms(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(t * 1000) % 1000:03d}Z"


def iso_us(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{round(t * 1e6) % 1000000:06d}Z"


def _msg(m: dict) -> dict:
    out = {"role": m["role"], "content": m.get("content")}
    if m.get("tool_calls"):
        out["tool_calls"] = m["tool_calls"]
    if m.get("tool_call_id"):
        out["tool_call_id"] = m["tool_call_id"]
    return out


def _choice(i: int, content: str | None, reasoning: str | None, tool_calls, finish: str) -> dict:
    c: dict = {"index": i, "finish_reason": finish, "content": content}
    if reasoning:
        c["reasoning"] = reasoning
    if tool_calls:
        c["tool_calls"] = tool_calls
    return c


def body_fields(r: Req, rng: random.Random, with_body: bool = True) -> dict:
    """The model/params/request/response/usage part shared by both formats."""
    d: dict = {"model": r.model}
    if r.status == 200 or (r.model in SNAPSHOT and r.status not in (404,)):
        d["model_snapshot"] = SNAPSHOT.get(r.model)
    d["stream"] = r.stream
    if r.params:
        d["params"] = r.params
    if with_body:
        req: dict = {"messages": [_msg(m) for m in r.messages]}
        if r.tools:
            req["tools"] = r.tools
        if r.user:
            req["user"] = r.user
        d["request"] = req
    elif r.user:
        d["request"] = {"user": r.user}
    if r.status == 200:
        choices = [_choice(0, r.content, r.reasoning, r.tool_calls, r.finish)]
        for j, x in enumerate(r.extra or (), 1):
            choices.append(_choice(j, x, None, None, "stop"))
        d["response"] = {
            "id": "chatcmpl-" + "".join(rng.choice(B62) for _ in range(29)),
            "created": int(r.t),
            "choices": choices,
        }
        d["finish_reason"] = r.finish
        u = {"prompt_tokens": r.in_tok, "completion_tokens": r.out_tok, "total_tokens": r.in_tok + r.out_tok}
        if r.model == THINK:
            u["reasoning_tokens"] = r.rsn_tok
        if r.cached_tok >= 1024:
            u["cached_tokens"] = r.cached_tok // 128 * 128
        d["usage"] = u
        d["latency_ms"] = int(r.lat * 1000)
        d["ttft_ms"] = int(r.ttft * 1000)
    else:
        d["error"] = {
            "type": _ERR_TYPE.get(r.status, "api_error"),
            "code": r.err,
            "message": _ERR_MSG.get(r.err, "error").format(m=r.model),
        }
        d["latency_ms"] = int(r.lat * 1000)
    return d


def _strings(rec: dict) -> list[tuple[dict, str]]:
    """(container, key) of every content string in the request and response."""
    out = []
    for m in rec.get("request", {}).get("messages", ()):
        if isinstance(m.get("content"), str):
            out.append((m, "content"))
    for c in rec.get("response", {}).get("choices", ()):
        for k in ("content", "reasoning"):
            if isinstance(c.get(k), str):
                out.append((c, k))
    return out


def guard_size(rec: dict) -> dict:
    """LOG_MAX_RECORD_BYTES: cut the longest strings to their first 24,000 and last 4,000 characters around a marker,
    longest first, until the serialised record fits, and say so in ``log_truncated``."""
    raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode()
    size = len(raw)
    if size <= MAX_RECORD_BYTES:
        return rec
    cut_fields, elided = 0, 0
    for holder, key in sorted(_strings(rec), key=lambda hk: -len(hk[0][hk[1]])):
        s = holder[key]
        if len(s) <= HEAD + TAIL + 2000:
            break
        drop = len(s) - HEAD - TAIL
        holder[key] = s[:HEAD] + f"\n…[heron-gateway: {drop} chars elided]…\n" + s[-TAIL:]
        cut_fields += 1
        elided += drop
        size -= len(s[HEAD:-TAIL].encode()) - 40
        if size <= MAX_RECORD_BYTES:
            break
    rec["log_truncated"] = {"fields": cut_fields, "elided_chars": elided, "original_bytes": len(raw)}
    return rec
