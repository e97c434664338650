"""OpenAI-compatible response bodies as the provider returns them and as Helicone stores them.

Streamed responses are stored the way Helicone's OpenAIStreamProcessor consolidates them: the first
chunk with its ``delta`` concatenated (content and tool calls only, so ``reasoning_content`` keeps
just the first fragment), a copied ``message``, and ``streamed_data`` (the parsed chunks). The
export tool drops large ``streamed_data`` arrays.
"""

from __future__ import annotations

import random
import string
from typing import Any

from . import textgen
from .calls import Reply

_ALNUM = string.ascii_letters + string.digits
FINGERPRINTS = {"nimbus-2-flash": "fp_3b1e9c0a2d", "nimbus-2-pro": "fp_9f21c7e4b0", "nimbus-2-think": "fp_d84a6f1130",
                "nimbus-3-pro": "fp_51c0e2a9f7", "nimbus-embed-1": "fp_0e7d2b3c41"}
MAX_STREAMED_CHUNKS = 40


def completion_id(rnd: random.Random) -> str:
    return "chatcmpl-" + "".join(rnd.choices(_ALNUM, k=24))


def _logprobs(text: str, rnd: random.Random, top: int, limit: int) -> dict[str, Any]:
    content = []
    for tok in textgen.word_tokens(text, limit):
        lp = -abs(rnd.gauss(0.0, 0.6))
        alts = [{"token": tok, "logprob": round(lp, 6), "bytes": list(tok.encode())}]
        for _ in range(max(0, top - 1)):
            alt = rnd.choice([" the", " a", " is", ",", " of", " and", " to", ".", " 1", " 2", "\n", " it"])
            alts.append({"token": alt, "logprob": round(lp - rnd.uniform(0.5, 6), 6), "bytes": list(alt.encode())})
        content.append({"token": tok, "logprob": round(lp, 6), "bytes": list(tok.encode()),
                        "top_logprobs": alts[:top] if top else []})
    return {"content": content, "refusal": None}


def message(reply: Reply, content: str | None, reasoning: str | None) -> dict[str, Any]:
    msg: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning:
        msg["reasoning_content"] = reasoning
    if reply.tool_calls:
        msg["tool_calls"] = reply.tool_calls
    msg["refusal"] = None
    return msg


def completion(
    rnd: random.Random, *, cid: str, created: int, model: str, reply: Reply, contents: list[str | None],
    reasoning: str | None, finish: str, usage: dict[str, Any], logprobs_top: int | None, max_tokens: int,
) -> dict[str, Any]:
    """A non-streamed ``chat.completion``."""
    choices = []
    for i, text in enumerate(contents):
        lp = _logprobs(text or "", rnd, logprobs_top, max_tokens) if logprobs_top is not None else None
        choices.append({"index": i, "message": message(reply, text, reasoning if i == 0 else None),
                        "logprobs": lp, "finish_reason": finish})
    return {"id": cid, "object": "chat.completion", "created": created, "model": model, "choices": choices,
            "usage": usage, "system_fingerprint": FINGERPRINTS.get(model.rsplit("-", 1)[0], "fp_0")}


def _pieces(text: str, n: int) -> list[str]:
    if n <= 1 or not text:
        return [text]
    step = max(1, len(text) // n)
    return [text[i:i + step] for i in range(0, len(text), step)]


def streamed(
    rnd: random.Random, *, cid: str, created: int, model: str, reply: Reply, content: str | None,
    reasoning: str | None, finish: str, usage: dict[str, Any] | None, completion_tokens: int,
) -> dict[str, Any]:
    """The consolidated body Helicone stores for a streamed chat completion."""
    fp = FINGERPRINTS.get(model.rsplit("-", 1)[0], "fp_0")
    head = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
            "system_fingerprint": fp}
    first_delta: dict[str, Any] = {"role": "assistant", "content": None if reasoning else ""}
    if reasoning:
        first_delta["reasoning_content"] = ""
    n_chunks = max(2, completion_tokens // rnd.choice([1, 2, 3]))
    delta = dict(first_delta)
    delta["content"] = content
    if reply.tool_calls:
        delta["tool_calls"] = [dict(tc, index=i) for i, tc in enumerate(reply.tool_calls)]
    body: dict[str, Any] = dict(head)
    body["choices"] = [{"delta": delta, "message": dict(delta)}]
    if usage is not None:
        body["usage"] = usage
    if n_chunks + 3 <= MAX_STREAMED_CHUNKS:
        chunks = [dict(head, choices=[{"index": 0, "delta": first_delta, "logprobs": None, "finish_reason": None}])]
        for part in _pieces(reasoning or "", n_chunks // 2) if reasoning else []:
            chunks.append(dict(head, choices=[{"index": 0, "delta": {"reasoning_content": part}, "logprobs": None,
                                               "finish_reason": None}]))
        for part in _pieces(content or "", n_chunks):
            chunks.append(dict(head, choices=[{"index": 0, "delta": {"content": part}, "logprobs": None,
                                               "finish_reason": None}]))
        chunks.append(dict(head, choices=[{"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish}]))
        if usage is not None:
            chunks.append(dict(head, choices=[], usage=usage))
        body["streamed_data"] = chunks
    return body


def error(status: int, code: str, model: str, org: str) -> dict[str, Any]:
    """Error bodies in the OpenAI-compatible shape the provider uses."""
    if status == 429:
        msg = (f"Rate limit reached for {model} in organization {org} on requests per min (RPM): Limit 500, "
               "Used 500, Requested 1. Please try again in 120ms.")
        return {"error": {"message": msg, "type": "requests", "param": None, "code": "rate_limit_exceeded"}}
    if status == 404:
        return {"error": {"message": f"The model `{model}` does not exist or you do not have access to it.",
                          "type": "invalid_request_error", "param": None, "code": "model_not_found"}}
    if status == 403 and code == "account_pending_verification":
        return {"error": {"message": "Your account is pending payment verification. Please complete verification "
                                     "in the dashboard.", "type": "invalid_request_error", "param": None, "code": code}}
    if status == 403:
        return {"error": {"message": "Your account has been suspended for violating the usage policies. "
                                     "Contact support@nimbus-ai.example.", "type": "invalid_request_error",
                          "param": None, "code": code or "account_suspended"}}
    if status == 400:
        return {"error": {"message": "This model's maximum context length is 131072 tokens. Please reduce the "
                                     "length of the messages.", "type": "invalid_request_error",
                          "param": "messages", "code": "context_length_exceeded"}}
    if status == 503:
        return {"error": {"message": "The engine is currently overloaded, please try again later",
                          "type": "server_error", "param": None, "code": None}}
    return {"error": {"message": "The server had an error while processing your request. Sorry about that!",
                      "type": "server_error", "param": None, "code": None}}
