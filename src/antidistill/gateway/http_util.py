"""Small HTTP helpers shared by the gateway's apps: OpenAI-style errors, bounded body reads, exchange building."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from antidistill.ingest.fields import RowError, tools_text, with_tools
from antidistill.ingest.openai import request_messages
from antidistill.records import Message


class HTTPProblem(Exception):
    """An error to answer in OpenAI's error shape."""

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error", code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return openai_error(self.status, self.message, type=self.type, code=self.code, headers=self.headers)


def openai_error(status: int, message: str, *, type: str = "invalid_request_error", code: str | None = None,
                 headers: dict[str, str] | None = None) -> JSONResponse:
    """``{"error": {"message", "type", "param", "code"}}`` with ``status``."""
    body = {"error": {"message": message, "type": type, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header (or ``x-api-key``), else None."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return request.headers.get("x-api-key") or None


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    """The JSON object body, refusing bodies over ``limit`` bytes (413) and malformed JSON (400)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"Request body exceeds the limit of {limit} bytes.", code="request_too_large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # chunked uploads carry no Content-Length: count as we go
            raise HTTPProblem(413, f"Request body exceeds the limit of {limit} bytes.", code="request_too_large")
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPProblem(400, f"Request body is not valid JSON: {exc}", code="invalid_json") from None
    if not isinstance(body, dict):
        raise HTTPProblem(400, "Request body must be a JSON object.", code="invalid_json")
    return body


def render_content(content: Any) -> str:
    """Text of an OpenAI message content: a string, or a list of parts (non-text parts as placeholders)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict):
                kind = part.get("type", "")
                parts.append(str(part.get("text", "")) if kind == "text" else f"[{kind or 'part'}]")
        return "\n".join(parts)
    return str(content)


def chat_messages(body: dict[str, Any]) -> list[Message]:
    """Messages of a chat request; raises 400 when ``messages`` is not a list of {role, content}."""
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise HTTPProblem(400, "'messages' must be a non-empty array.", code="invalid_request")
    out = []
    for i, m in enumerate(raw):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise HTTPProblem(400, f"messages[{i}] must be an object with a 'role'.", code="invalid_request")
        out.append(Message(m["role"], render_content(m.get("content"))))
    # the request's tools and output schema, as the ingest stores them (``ingest.fields.with_tools``)
    turns = with_tools([{"role": m.role, "content": m.content} for m in out], tools_text(body))
    return [Message(t["role"], t["content"]) for t in turns]


def responses_messages(body: dict[str, Any]) -> list[Message]:
    """The conversation of a Responses API request: ``instructions`` as the system turn, then ``input`` (a
    string, or input items read as the ingest reads them: tool calls, tool outputs and reasoning sent back
    kept as text); raises 400 naming the field that cannot be read."""
    if body.get("input") is None:
        raise HTTPProblem(400, "'input' is required.", code="invalid_request")
    try:
        turns = request_messages({k: body[k] for k in ("instructions", "input", "tools", "tool_choice", "text")
                                  if k in body}, "body")
    except RowError as err:
        where = (err.field or "input").removeprefix("body.")
        raise HTTPProblem(400, f"'{where}': {err.reason}.", code="invalid_request") from None
    return [Message(t["role"], t["content"]) for t in turns]


def prompt_messages(body: dict[str, Any]) -> list[Message]:
    """A text-completion ``prompt`` as one user message."""
    prompt = body.get("prompt")
    if isinstance(prompt, list):
        prompt = "\n".join(str(p) for p in prompt)
    if not isinstance(prompt, str):
        raise HTTPProblem(400, "'prompt' must be a string or an array of strings.", code="invalid_request")
    return [Message("user", prompt)]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
