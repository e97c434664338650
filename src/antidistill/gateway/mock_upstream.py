"""An OpenAI-compatible fake model for tests and benchmarks.

Answers ``/v1/chat/completions``, ``/v1/completions`` and the Responses API's ``/v1/responses``
(unary and ``stream: true``; Responses streams as typed events, reasoning as a ``reasoning`` output item
with a summary, its text and ``encrypted_content``) and ``/v1/models``. The answer is deterministic:
the first words of the prompt echoed back, padded to ``completion_tokens`` tokens. Knobs
(:class:`MockConfig`): time to first token, token rate, reasoning returned as a ``reasoning_content``
field (a reasoning item for Responses) or a ``<think>`` block.
Special model names inject faults: ``error-<status>`` answers that HTTP status,
``sleep-<seconds>`` waits before answering, ``tps-<rate>`` paces this request's stream.
``GET /mock/stats`` counts requests, completed and cancelled streams (the gateway tests use
it to check that a client disconnect cancels the upstream request).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

REASONING_MODES = ("none", "field", "think")


@dataclass
class MockConfig:
    """Behaviour of the fake model."""

    latency_s: float = 0.0  # before the first token / the whole unary answer
    tokens_per_s: float = 0.0  # 0 = as fast as possible
    completion_tokens: int = 16
    reasoning: str = "field"  # none | field | think
    reasoning_tokens: int = 8
    model: str = "mock-1"

    def __post_init__(self) -> None:
        if self.reasoning not in REASONING_MODES:
            raise ValueError(f"reasoning must be one of {REASONING_MODES}, got {self.reasoning!r}")


@dataclass
class MockStats:
    requests: int = 0
    completed: int = 0
    cancelled: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)


def _words(prompt: str, n: int) -> list[str]:
    base = prompt.split() or ["ok"]
    return [base[i % len(base)] for i in range(n)]


def _alternatives(body: dict[str, Any]) -> int | None:
    """How many alternatives per token a chat request asked for (``logprobs: true``; ``top_logprobs``), or None."""
    if body.get("logprobs") is not True:
        return None
    top = body.get("top_logprobs")
    return top if isinstance(top, int) and not isinstance(top, bool) and 0 <= top <= 20 else 0


def _token_logprobs(words: list[str], top: int) -> dict[str, Any]:
    """A chat choice's ``logprobs`` for ``words``: each token's own log-probability and ``top`` alternatives."""
    return {"content": [{"token": w, "logprob": -0.05, "bytes": list(w.encode()),
                         "top_logprobs": [{"token": w if k == 0 else f"{w}~{k}", "logprob": -0.05 - k,
                                           "bytes": None} for k in range(top)]} for w in words], "refusal": None}


def build_mock_app(config: MockConfig | None = None) -> Starlette:
    """The fake model as an ASGI app; ``app.state.stats`` holds :class:`MockStats`."""
    cfg = config or MockConfig()
    stats = MockStats()

    def invalid(message: str) -> Response:
        """A 400 in OpenAI's error shape, as a real server answers a malformed request."""
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error", "param": None,
                                       "code": None}}, status_code=400)

    async def pause(model: str) -> Response | None:
        if model.startswith("error-"):
            status = int(model.split("-", 1)[1])
            return JSONResponse({"error": {"message": f"mock error {status}", "type": "server_error",
                                           "param": None, "code": None}}, status_code=status)
        delay = float(model.split("-", 1)[1]) if model.startswith("sleep-") else cfg.latency_s
        if delay:
            await asyncio.sleep(delay)
        return None

    async def handle(request: Request, chat: bool) -> Response:
        body = await request.json()
        stats.requests += 1
        if len(stats.bodies) < 1000:
            stats.bodies.append(body)
        model = str(body.get("model") or cfg.model)
        if chat:
            messages = body.get("messages")
            if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
                return invalid("messages must be a list of objects")
            prompt = " ".join(str(m.get("content", "")) for m in messages if m.get("role") == "user")
        else:
            prompt = str(body.get("prompt", ""))
        n = body.get("max_tokens") or cfg.completion_tokens
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            return invalid("max_tokens must be a positive integer")
        words = _words(prompt, min(n, cfg.completion_tokens))
        reasoning = ["thinking"] * cfg.reasoning_tokens if cfg.reasoning != "none" else []
        if body.get("stream"):
            failure = await pause(model)
            if failure is not None:
                return failure
            return StreamingResponse(stream(model, words, reasoning, chat, body), media_type="text/event-stream")
        failure = await pause(model)
        if failure is not None:
            return failure
        if cfg.tokens_per_s:
            await asyncio.sleep((len(words) + len(reasoning)) / cfg.tokens_per_s)
        text = " ".join(words)
        usage = {"prompt_tokens": len(prompt.split()), "completion_tokens": len(words) + len(reasoning),
                 "total_tokens": len(prompt.split()) + len(words) + len(reasoning),
                 "completion_tokens_details": {"reasoning_tokens": len(reasoning)}}
        stats.completed += 1
        rid = f"mock-{uuid.uuid4().hex[:12]}"
        if not chat:
            if cfg.reasoning == "think" and reasoning:
                text = f"<think>{' '.join(reasoning)}</think>{text}"
            return JSONResponse({"id": rid, "object": "text_completion", "created": int(time.time()), "model": model,
                                 "choices": [{"index": 0, "text": text, "finish_reason": "stop"}], "usage": usage})
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if cfg.reasoning == "field":
            message["reasoning_content"] = " ".join(reasoning)
        elif cfg.reasoning == "think":
            message["content"] = f"<think>{' '.join(reasoning)}</think>{text}"
        choice: dict[str, Any] = {"index": 0, "message": message, "finish_reason": "stop"}
        top = _alternatives(body)
        if top is not None:
            choice["logprobs"] = _token_logprobs(words, top)
        return JSONResponse({"id": rid, "object": "chat.completion", "created": int(time.time()), "model": model,
                             "choices": [choice], "usage": usage})

    async def stream(model: str, words: list[str], reasoning: list[str], chat: bool,
                     body: dict[str, Any]) -> AsyncIterator[bytes]:
        rid = f"mock-{uuid.uuid4().hex[:12]}"
        rate = float(model.split("-", 1)[1]) if model.startswith("tps-") else cfg.tokens_per_s
        gap = 1.0 / rate if rate else 0.0
        top = _alternatives(body)
        pieces: list[tuple[str, str]] = []
        if cfg.reasoning == "field":
            pieces += [("reasoning_content", w + " ") for w in reasoning]
        elif cfg.reasoning == "think" and reasoning:
            pieces += [("content", "<think>")] + [("content", w + " ") for w in reasoning] + [("content", "</think>")]
        pieces += [("content", w + " ") for w in words]
        try:
            for key, piece in pieces:
                if gap:
                    await asyncio.sleep(gap)
                if chat:
                    part: dict[str, Any] = {"index": 0, "delta": {key: piece}, "finish_reason": None}
                    if top is not None and key == "content":
                        part["logprobs"] = _token_logprobs([piece], top)
                    chunk = {"id": rid, "object": "chat.completion.chunk", "model": model, "choices": [part]}
                else:
                    chunk = {"id": rid, "object": "text_completion", "model": model,
                             "choices": [{"index": 0, "text": piece, "finish_reason": None}]}
                yield b"data: " + json.dumps(chunk).encode() + b"\n\n"
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = {"prompt_tokens": 1, "completion_tokens": len(pieces), "total_tokens": len(pieces) + 1}
                yield b"data: " + json.dumps({"id": rid, "choices": [], "usage": usage}).encode() + b"\n\n"
            yield b"data: [DONE]\n\n"
            stats.completed += 1
        except (asyncio.CancelledError, GeneratorExit):
            stats.cancelled += 1
            raise

    async def responses(request: Request) -> Response:
        body = await request.json()
        stats.requests += 1
        if len(stats.bodies) < 1000:
            stats.bodies.append(body)
        model = str(body.get("model") or cfg.model)
        raw = body.get("input")
        if isinstance(raw, str):
            prompt = raw
        else:
            texts = []
            for item in raw if isinstance(raw, list) else []:
                content = item.get("content") if isinstance(item, dict) and item.get("role") == "user" else None
                if isinstance(content, str):
                    texts.append(content)
                elif isinstance(content, list):
                    texts += [str(part.get("text", "")) for part in content if isinstance(part, dict)]
            prompt = " ".join(texts)
        n = body.get("max_output_tokens") or cfg.completion_tokens
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            return invalid("max_output_tokens must be a positive integer")
        words = _words(prompt, min(n, cfg.completion_tokens))
        reasoning = ["thinking"] * cfg.reasoning_tokens if cfg.reasoning != "none" else []
        failure = await pause(model)
        if failure is not None:
            return failure
        rid = f"resp_{uuid.uuid4().hex[:16]}"
        text = " ".join(words)
        if cfg.reasoning == "think" and reasoning:
            text = f"<think>{' '.join(reasoning)}</think>{text}"
        reasoning_item = {"id": f"rs_{rid[5:]}", "type": "reasoning", "encrypted_content": "gAAAAmock" + rid[5:],
                          "summary": [{"type": "summary_text", "text": " ".join(reasoning)}],
                          "content": [{"type": "reasoning_text", "text": " ".join(reasoning)}]}
        message = {"id": f"msg_{rid[5:]}", "type": "message", "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": text, "annotations": []}]}
        output = ([reasoning_item] if cfg.reasoning == "field" and reasoning else []) + [message]
        usage = {"input_tokens": len(prompt.split()), "output_tokens": len(words) + len(reasoning),
                 "output_tokens_details": {"reasoning_tokens": len(reasoning)},
                 "total_tokens": len(prompt.split()) + len(words) + len(reasoning)}
        final = {"id": rid, "object": "response", "created_at": int(time.time()), "status": "completed",
                 "model": model, "output": output, "usage": usage}
        if not body.get("stream"):
            if cfg.tokens_per_s:
                await asyncio.sleep((len(words) + len(reasoning)) / cfg.tokens_per_s)
            stats.completed += 1
            return JSONResponse(final)
        return StreamingResponse(response_events(model, final, words, reasoning), media_type="text/event-stream")

    async def response_events(model: str, final: dict[str, Any], words: list[str],
                              reasoning: list[str]) -> AsyncIterator[bytes]:
        rate = float(model.split("-", 1)[1]) if model.startswith("tps-") else cfg.tokens_per_s
        gap = 1.0 / rate if rate else 0.0
        seq = 0

        def event(kind: str, **fields: Any) -> bytes:
            nonlocal seq
            seq += 1
            data = {"type": kind, "sequence_number": seq, **fields}
            return f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode()

        try:
            yield event("response.created", response={**final, "status": "in_progress", "output": [], "usage": None})
            for index, item in enumerate(final["output"]):
                yield event("response.output_item.added", output_index=index,
                            item={**item, "summary": [], "content": []} if item["type"] == "reasoning"
                            else {**item, "status": "in_progress", "content": []})
                if item["type"] == "reasoning":
                    for w in reasoning:
                        if gap:
                            await asyncio.sleep(gap)
                        yield event("response.reasoning_summary_text.delta", item_id=item["id"], output_index=index,
                                    summary_index=0, delta=w + " ")
                    yield event("response.reasoning_summary_text.done", item_id=item["id"], output_index=index,
                                summary_index=0, text=item["summary"][0]["text"])
                else:
                    pieces = [w + " " for w in words]
                    if cfg.reasoning == "think" and reasoning:
                        pieces = ["<think>"] + [w + " " for w in reasoning] + ["</think>"] + pieces
                    for piece in pieces:
                        if gap:
                            await asyncio.sleep(gap)
                        yield event("response.output_text.delta", item_id=item["id"], output_index=index,
                                    content_index=0, delta=piece)
                    yield event("response.output_text.done", item_id=item["id"], output_index=index,
                                content_index=0, text=item["content"][0]["text"])
                yield event("response.output_item.done", output_index=index, item=item)
            yield event("response.completed", response=final)
            stats.completed += 1
        except (asyncio.CancelledError, GeneratorExit):
            stats.cancelled += 1
            raise

    async def chat(request: Request) -> Response:
        return await handle(request, True)

    async def completions(request: Request) -> Response:
        return await handle(request, False)

    async def models(request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": cfg.model, "object": "model", "owned_by": "mock"}]})

    async def stats_view(request: Request) -> Response:
        return JSONResponse({"requests": stats.requests, "completed": stats.completed, "cancelled": stats.cancelled})

    app = Starlette(routes=[
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/completions", completions, methods=["POST"]),
        Route("/v1/responses", responses, methods=["POST"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/mock/stats", stats_view, methods=["GET"]),
    ])
    app.state.stats = stats
    return app
