"""Gemini `generateContent` request / `GenerateContentResponse` shapes (Vertex AI flavour)."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from typing import Any

HARM = ("HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT")

ERRORS = {
    429: ("RESOURCE_EXHAUSTED", "Resource exhausted. Please try again later. Please refer to "
          "https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details."),
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    500: ("INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
    499: ("CANCELLED", "The operation was cancelled."),
}


def tokens(text: str) -> int:
    """Rough SentencePiece-like count: ~4 chars per token for Latin text, ~1.5 per CJK/other char."""
    extra = len(text.encode("utf-8")) - len(text)
    return max(1, len(text) // 4 + extra // 3)


def user(text: str, *extra: dict) -> dict:
    return {"role": "user", "parts": [*extra, {"text": text}]}


def model_turn(text: str) -> dict:
    return {"role": "model", "parts": [{"text": text}]}


def gen_config(*, temperature: float | None = None, top_p: float | None = None, max_out: int | None = None,
               candidates: int | None = None, mime: str | None = None, schema: dict | None = None,
               budget: int | None = None, include_thoughts: bool | None = None, seed: int | None = None,
               stop: list[str] | None = None) -> dict:
    g: dict[str, Any] = {}
    if temperature is not None:
        g["temperature"] = temperature
    if top_p is not None:
        g["topP"] = top_p
    if max_out is not None:
        g["maxOutputTokens"] = max_out
    if candidates is not None:
        g["candidateCount"] = candidates
    if stop:
        g["stopSequences"] = stop
    if seed is not None:
        g["seed"] = seed
    if mime:
        g["responseMimeType"] = mime
    if schema:
        g["responseSchema"] = schema
    if budget is not None or include_thoughts is not None:
        tc: dict[str, Any] = {}
        if include_thoughts is not None:
            tc["includeThoughts"] = include_thoughts
        if budget is not None:
            tc["thinkingBudget"] = budget
        g["thinkingConfig"] = tc
    return g


def request(contents: list[dict], *, system: str | None = None, gen: dict | None = None, tools: list | None = None,
            tool_config: dict | None = None, safety: list | None = None, cached: str | None = None,
            labels: dict | None = None) -> dict:
    r: dict[str, Any] = {"contents": contents}
    if system:
        r["systemInstruction"] = {"parts": [{"text": system}]}
    if cached:
        r["cachedContent"] = cached
    if tools:
        r["tools"] = tools
    if tool_config:
        r["toolConfig"] = tool_config
    if safety:
        r["safetySettings"] = safety
    if gen:
        r["generationConfig"] = gen
    if labels:
        r["labels"] = labels
    return r


def safety_block_none() -> list[dict]:
    return [{"category": h, "threshold": "BLOCK_ONLY_HIGH"} for h in HARM]


@dataclass
class Outcome:
    """What the model did with one call; the writer turns it into a response payload."""

    kind: str = "ok"  # ok | blocked | error | count | cancelled
    texts: list[str] = field(default_factory=list)  # one per candidate
    thoughts: list[str] = field(default_factory=list)  # thought summaries (only sent when includeThoughts)
    thoughts_tokens: int = 0  # thinking tokens billed, whether or not summaries were sent
    fcalls: list[dict] = field(default_factory=list)  # [{"name":..., "args":...}]
    finish: str = "STOP"
    code: int = 0
    cached_tokens: int = 0
    stop_after_thoughts: bool = False  # streamed client hung up after the thought chunks


def prompt_tokens(req: dict) -> int:
    n = 0
    for c in req.get("contents", []):
        for p in c.get("parts", []):
            if "text" in p:
                n += tokens(p["text"])
            elif "fileData" in p or "inlineData" in p:
                n += 258 if "image" in str(p) else 1290
            else:
                n += tokens(str(p)) // 2
    si = req.get("systemInstruction")
    if si:
        n += tokens(si["parts"][0]["text"])
    for t in req.get("tools", []):
        n += tokens(str(t)) // 3
    return n


def response_id(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(17)).decode().rstrip("=")


def _ratings(rng: random.Random) -> list[dict]:
    out = []
    for h in HARM:
        p = round(rng.random() * 0.12, 8)
        out.append({"category": h, "probability": "NEGLIGIBLE", "probabilityScore": p,
                    "severity": "HARM_SEVERITY_NEGLIGIBLE", "severityScore": round(p * 0.7, 8)})
    return out


def _usage(ptok: int, ctok: int, ttok: int, cached: int, traffic: str) -> dict:
    u: dict[str, Any] = {"promptTokenCount": ptok, "candidatesTokenCount": ctok,
                         "totalTokenCount": ptok + ctok + ttok, "trafficType": traffic,
                         "promptTokensDetails": [{"modality": "TEXT", "tokenCount": ptok}]}
    if ctok:
        u["candidatesTokensDetails"] = [{"modality": "TEXT", "tokenCount": ctok}]
    if ttok:
        u["thoughtsTokenCount"] = ttok
    if cached:
        u["cachedContentTokenCount"] = cached
        u["cacheTokensDetails"] = [{"modality": "TEXT", "tokenCount": cached}]
    return u


def _chunks(text: str, rng: random.Random) -> list[str]:
    if len(text) < 120:
        return [text]
    n = min(8, 2 + len(text) // 400)
    cuts = sorted(rng.sample(range(40, len(text) - 1), n - 1))
    out, prev = [], 0
    for c in cuts:
        if c > prev:
            out.append(text[prev:c])
            prev = c
    out.append(text[prev:])
    return out


def response(req: dict, o: Outcome, *, version: str, create_time: str, rng: random.Random,
             include_thoughts: bool, stream: bool, traffic: str = "ON_DEMAND", ratings: bool = True) -> Any:
    """Build full_response: a GenerateContentResponse, a list of streamed chunks, or an error/countTokens body."""
    ptok = prompt_tokens(req) + o.cached_tokens
    if o.kind == "error":
        status, msg = ERRORS[o.code]
        return {"error": {"code": o.code, "message": msg, "status": status}}
    if o.kind == "count":
        return {"totalTokens": ptok, "totalBillableCharacters": int(ptok * 3.7),
                "promptTokensDetails": [{"modality": "TEXT", "tokenCount": ptok}]}
    rid = response_id(rng)
    base = {"modelVersion": version, "createTime": create_time, "responseId": rid}
    if o.kind == "blocked":
        return {"promptFeedback": {"blockReason": rng.choice(["SAFETY", "PROHIBITED_CONTENT", "OTHER"]),
                                   "blockReasonMessage": "The prompt was blocked due to safety settings."},
                "usageMetadata": {"promptTokenCount": ptok, "totalTokenCount": ptok, "trafficType": traffic}, **base}
    thoughts = o.thoughts if include_thoughts else []
    ctok = sum(tokens(t) for t in o.texts) + sum(tokens(str(f)) for f in o.fcalls)
    ttok = o.thoughts_tokens
    if not stream:
        cands = []
        for i, t in enumerate(o.texts or [""]):
            parts: list[dict] = [{"text": th, "thought": True} for th in thoughts] if i == 0 else []
            if o.fcalls and i == 0:
                for fc in o.fcalls:
                    p: dict[str, Any] = {"functionCall": fc}
                    if ttok:
                        p["thoughtSignature"] = base64.b64encode(rng.randbytes(48)).decode()
                    parts.append(p)
            if t:
                parts.append({"text": t})
            cand: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "finishReason": o.finish}
            if ratings:
                cand["safetyRatings"] = _ratings(rng)
            if len(o.texts) > 1:
                cand["index"] = i
            cand["avgLogprobs"] = round(-rng.random() * 0.6, 6) if rng.random() < 0.3 else None
            if cand["avgLogprobs"] is None:
                del cand["avgLogprobs"]
            cands.append(cand)
        return {"candidates": cands, "usageMetadata": _usage(ptok, ctok, ttok, o.cached_tokens, traffic), **base}
    chunks: list[dict] = []
    for th in thoughts:
        chunks.append({"candidates": [{"content": {"role": "model", "parts": [{"text": th, "thought": True}]}}],
                       "usageMetadata": {"trafficType": traffic}, **base})
    text = o.texts[0] if o.texts else ""
    pieces = _chunks(text, rng) if text else []
    if o.stop_after_thoughts:
        pieces = pieces[:1]
    for j, piece in enumerate(pieces):
        chunk: dict[str, Any] = {"candidates": [{"content": {"role": "model", "parts": [{"text": piece}]}}],
                                 "usageMetadata": {"trafficType": traffic}, **base}
        if j == len(pieces) - 1 and not o.stop_after_thoughts and o.kind != "cancelled":
            chunk["candidates"][0]["finishReason"] = o.finish
            if ratings:
                chunk["candidates"][0]["safetyRatings"] = _ratings(rng)
            chunk["usageMetadata"] = _usage(ptok, ctok, ttok, o.cached_tokens, traffic)
        chunks.append(chunk)
    if o.fcalls:
        chunks.append({"candidates": [{"content": {"role": "model", "parts": [{"functionCall": f} for f in o.fcalls]},
                                       "finishReason": "STOP"}],
                       "usageMetadata": _usage(ptok, ctok, ttok, o.cached_tokens, traffic), **base})
    return chunks
