"""The OpenAI-compatible endpoints: authenticate, decide, forward, transform, log.

No detection logic lives here: the decision comes from :class:`~antidistill.gateway.enforce.Enforcer`,
response rewriting from :mod:`antidistill.gateway.transforms`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from antidistill.errors import ConfigError
from antidistill.gateway.exchanges import build_exchange, int_or_none
from antidistill.gateway.http_util import (
    HTTPProblem,
    bearer,
    chat_messages,
    openai_error,
    prompt_messages,
    read_json,
    responses_messages,
    utcnow,
)
from antidistill.gateway.keys import AccountInfo
from antidistill.gateway.runtime import Gateway
from antidistill.gateway.transforms import (
    Accumulator,
    ResponsesStreamProtector,
    StreamProtector,
    protect_response,
    protect_responses_body,
)
from antidistill.gateway.upstream import UpstreamError, UpstreamStream
from antidistill.policy import Decision
from antidistill.records import Exchange, Message, Status
from antidistill.watermark.keys import GLOBAL_KEY_ID, account_key_id, strip_request_fields, watermark_request_fields

log = logging.getLogger(__name__)

RESPONSES = "/v1/responses"
# The events that end a Responses API stream, and the exchange status each means.
_FINAL_EVENTS = {"response.completed": Status.OK, "response.incomplete": Status.OK, "response.failed": Status.ERROR,
                 "error": Status.ERROR}


_PARSERS = {"/v1/chat/completions": chat_messages, RESPONSES: responses_messages}


class Proxy:
    """Request handlers bound to one :class:`Gateway`."""

    def __init__(self, gateway: Gateway) -> None:
        self.gw = gateway

    def authenticate(self, request: Request) -> AccountInfo:
        key = bearer(request)
        info = self.gw.keys.lookup(key) if key else None
        if info is None:
            raise HTTPProblem(401, "Invalid or revoked API key.", type="invalid_request_error", code="invalid_api_key")
        return info

    def _upstream_body(self, body: dict[str, Any], info: AccountInfo) -> dict[str, Any]:
        mode = self.gw.config.watermark
        out = strip_request_fields(body)  # clients never choose a watermark key
        if mode != "off":
            try:
                key_id = {"account": lambda: account_key_id(info.account_id),
                          "org": lambda: f"org:{info.org_id or info.account_id}",
                          "global": lambda: GLOBAL_KEY_ID}[mode]()
                out.update(watermark_request_fields(key_id))
            except ConfigError as exc:
                log.warning("event=watermark_skipped account_key=%s reason=%r", info.key_id, exc.reason)
        return out

    def _exchange(self, request: Request, info: AccountInfo, body: dict[str, Any], messages: list[Message],
                  started: dt.datetime) -> Exchange:
        return build_exchange(info, body, messages, started=started, client_ip=self._client_ip(request),
                              user_agent=request.headers.get("user-agent"))

    def _request_time(self, request: Request) -> tuple[dt.datetime, float | None]:
        """(ts_start, simulated clock or None). ``X-Replay-Time`` counts only with ``replay_clock: true``."""
        if self.gw.config.replay_clock:
            raw = request.headers.get("x-replay-time")
            if raw:
                try:
                    ts = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
                except ValueError:
                    raise HTTPProblem(400, "X-Replay-Time must be an ISO-8601 time.", code="invalid_request") from None
                if ts.tzinfo is None:
                    ts = ts.replace(tzinfo=dt.UTC)
                return ts, ts.timestamp()
        return utcnow(), None

    def _client_ip(self, request: Request) -> str | None:
        if self.gw.config.trust_forwarded_for:  # only behind a trusted proxy, or for replays
            forwarded = request.headers.get("x-forwarded-for")
            if forwarded:
                return forwarded.split(",")[0].strip()
        return request.client.host if request.client else None

    def _finish(self, ex: Exchange, decision: Decision, status: Status, http_status: int, t0: float,
                acc: Accumulator | None = None) -> None:
        ex.ts_end = utcnow()
        ex.status = status.value
        ex.http_status = http_status
        ex.latency_ms = (time.perf_counter() - t0) * 1000.0
        if acc is not None:
            ex.response_text, ex.reasoning_text = acc.texts()
            usage = acc.usage or {}
            ex.prompt_tokens = int_or_none(usage.get("prompt_tokens"))
            ex.completion_tokens = int_or_none(usage.get("completion_tokens"))
            details = usage.get("completion_tokens_details")
            if isinstance(details, dict):
                ex.reasoning_tokens = int_or_none(details.get("reasoning_tokens"))
        self.gw.record(ex, decision)

    async def chat(self, request: Request) -> Response:
        return await self._handle(request, "/v1/chat/completions")

    async def completions(self, request: Request) -> Response:
        return await self._handle(request, "/v1/completions")

    async def responses(self, request: Request) -> Response:
        """The OpenAI Responses API. Conversation state kept by the upstream (``previous_response_id``) is not
        seen here: the exchange holds the turns the request itself sends."""
        return await self._handle(request, RESPONSES)

    async def models(self, request: Request) -> Response:
        try:
            self.authenticate(request)
            status, content = await self.gw.upstream.get("/v1/models")
        except HTTPProblem as p:
            return p.response()
        except UpstreamError as exc:
            if exc.kind == "timeout":
                return openai_error(504, "The upstream model did not answer in time.", type="api_error",
                                    code="timeout")
            return openai_error(502, "The upstream model is unreachable.", type="api_error", code="upstream_error")
        return Response(content, status_code=status, media_type="application/json")

    async def _handle(self, request: Request, endpoint: str) -> Response:
        t0 = time.perf_counter()
        metrics = self.gw.metrics
        try:
            started, at = self._request_time(request)
            info = self.authenticate(request)
            body = await read_json(request, self.gw.config.max_body_bytes)
            messages = _PARSERS.get(endpoint, prompt_messages)(body)
            if body.get("stream") is not None and not isinstance(body["stream"], bool):
                # Upstreams read a lax "stream": 1 or "yes" as true and would stream to a client this gateway
                # answers as unary (or the other way round): refuse it rather than guess.
                raise HTTPProblem(400, "'stream' must be true or false.", code="invalid_request")
        except HTTPProblem as p:
            metrics.requests.labels(endpoint, str(p.status)).inc()
            return p.response()
        ex = self._exchange(request, info, body, messages, started)
        decision, denial = self.gw.decide(ex, at=at)
        if denial is not None:
            self._finish(ex, decision, Status.DENIED, denial.status, t0)
            metrics.requests.labels(endpoint, str(denial.status)).inc()
            headers = {"retry-after": str(denial.retry_after_s)} if denial.retry_after_s else None
            headers = {**(headers or {}), "x-request-id": ex.exchange_id}
            return openai_error(denial.status, denial.message, type=denial.type, code=denial.code, headers=headers)
        upstream_body = self._upstream_body(body, info)
        if body.get("stream") is True:
            return await self._stream(endpoint, upstream_body, ex, decision, t0)
        return await self._unary(endpoint, upstream_body, ex, decision, t0)

    def _upstream_failure(self, endpoint: str, ex: Exchange, decision: Decision, t0: float,
                          exc: UpstreamError) -> Response:
        timeout = exc.kind == "timeout"
        status = 504 if timeout else 502
        self.gw.metrics.upstream_errors.labels(exc.kind).inc()
        self._finish(ex, decision, Status.ERROR, status, t0)
        self.gw.metrics.requests.labels(endpoint, str(status)).inc()
        msg = "The upstream model did not answer in time." if timeout else "The upstream model is unreachable."
        return openai_error(status, msg, type="api_error", code="timeout" if timeout else "upstream_error")

    def _upstream_status(self, endpoint: str, ex: Exchange, decision: Decision, t0: float, status: int,
                         content: bytes) -> Response:
        """An upstream 4xx/5xx, passed through in OpenAI's error shape."""
        self.gw.metrics.upstream_errors.labels(f"http_{status // 100}xx").inc()
        self._finish(ex, decision, Status.ERROR, status, t0)
        self.gw.metrics.requests.labels(endpoint, str(status)).inc()
        try:
            parsed = json.loads(content)
        except (json.JSONDecodeError, UnicodeDecodeError):
            parsed = None
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
            return JSONResponse(parsed, status_code=status)
        kind = "api_error" if status >= 500 else "invalid_request_error"
        return openai_error(status, f"The upstream model returned HTTP {status}.", type=kind, code="upstream_error")

    async def _unary(self, endpoint: str, body: dict[str, Any], ex: Exchange, decision: Decision,
                     t0: float) -> Response:
        try:
            status, content = await self.gw.upstream.post(endpoint, body)
        except UpstreamError as exc:
            return self._upstream_failure(endpoint, ex, decision, t0, exc)
        self.gw.metrics.upstream_latency.labels(endpoint).observe(time.perf_counter() - t0)
        if status >= 400:
            return self._upstream_status(endpoint, ex, decision, t0, status, content)
        try:
            payload = json.loads(content)
        except (json.JSONDecodeError, UnicodeDecodeError):
            self.gw.metrics.upstream_errors.labels("bad_body").inc()
            self._finish(ex, decision, Status.ERROR, 502, t0)
            return openai_error(502, "The upstream model sent an invalid response.", type="api_error",
                                code="upstream_error")
        acc = Accumulator()
        if isinstance(payload, dict):
            if endpoint == RESPONSES:
                acc.add_response_object(payload)
                protect = protect_responses_body
            else:
                acc.add_body(payload)
                protect = protect_response
            if decision.protect_reasoning:
                protect(payload, self.gw.enforcer.policy.protect)
                content = json.dumps(payload, ensure_ascii=False).encode()
        self._finish(ex, decision, Status.OK, 200, t0, acc)  # on disk before the client gets a byte
        self.gw.metrics.requests.labels(endpoint, "200").inc()
        self.gw.metrics.latency.labels(endpoint).observe(time.perf_counter() - t0)
        return Response(content, status_code=200, media_type="application/json",
                        headers={"x-request-id": ex.exchange_id})

    async def _stream(self, endpoint: str, body: dict[str, Any], ex: Exchange, decision: Decision,
                      t0: float) -> Response:
        try:
            resp = await self.gw.upstream.stream(endpoint, body)
        except UpstreamError as exc:
            return self._upstream_failure(endpoint, ex, decision, t0, exc)
        self.gw.metrics.upstream_latency.labels(endpoint).observe(time.perf_counter() - t0)
        if resp.status >= 400:
            try:
                content = await resp.read()
            except UpstreamError as exc:
                resp.close()
                return self._upstream_failure(endpoint, ex, decision, t0, exc)
            resp.release()
            return self._upstream_status(endpoint, ex, decision, t0, resp.status, content)
        if endpoint == RESPONSES:
            events = ResponsesStreamProtector(self.gw.enforcer.policy.protect) if decision.protect_reasoning else None
            return StreamingResponse(self._relay_events(endpoint, resp, ex, decision, t0, events),
                                     media_type="text/event-stream",
                                     headers={"cache-control": "no-cache", "x-request-id": ex.exchange_id})
        protector = StreamProtector(self.gw.enforcer.policy.protect) if decision.protect_reasoning else None
        return StreamingResponse(self._relay(endpoint, resp, ex, decision, t0, protector),
                                 media_type="text/event-stream",
                                 headers={"cache-control": "no-cache", "x-request-id": ex.exchange_id})

    async def _guarded(self, endpoint: str, resp: UpstreamStream, ex: Exchange, decision: Decision, t0: float,
                       relay: _Relay, frames: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Send a relay's frames; whatever way the stream ends, log the exchange once: as the relay finished it,
        with the relay's end status when the upstream just stops, 502 when it breaks, 499 when the client leaves
        (closing the upstream connection cancels the upstream request)."""
        try:
            async for frame in frames:
                yield frame
            if not relay.done:
                relay.flush()
                self._finish(ex, decision, relay.end_status, relay.end_http, t0, relay.acc)
                relay.done = True
        except UpstreamError as exc:
            self.gw.metrics.upstream_errors.labels(f"stream_{exc.kind}").inc()
            relay.flush()
            self._finish(ex, decision, Status.ERROR, 502, t0, relay.acc)
            relay.done = True
            log.warning("event=upstream_stream_error exchange_id=%s kind=%s", ex.exchange_id, exc.kind)
        finally:
            if relay.done:
                resp.release()
                self.gw.metrics.requests.labels(endpoint, "200").inc()
                self.gw.metrics.latency.labels(endpoint).observe(time.perf_counter() - t0)
            else:  # client disconnected mid-stream
                resp.close()
                relay.flush()
                self._finish(ex, decision, Status.ABORTED, 499, t0, relay.acc)
                self.gw.metrics.requests.labels(endpoint, "499").inc()

    def _relay(self, endpoint: str, resp: UpstreamStream, ex: Exchange, decision: Decision, t0: float,
               protector: StreamProtector | None) -> AsyncIterator[bytes]:
        """A chat or text completion stream: ``data:`` chunks, then ``[DONE]`` (a stream that ends without it is
        still a complete response)."""
        relay = _Relay(Accumulator(), Status.OK, 200)

        async def frames() -> AsyncIterator[bytes]:
            async for batch in resp.batches():
                out: list[bytes] = []
                for line in batch:
                    if not line.startswith(b"data:"):
                        continue  # comments and keep-alives carry nothing for the client to rebuild
                    data = line[5:].strip()
                    if data == b"[DONE]":
                        self._finish(ex, decision, Status.OK, 200, t0, relay.acc)  # durable before [DONE] is sent
                        relay.done = True
                        tail = protector.finish() if protector is not None else None
                        if tail is not None:
                            out.append(b"data: " + json.dumps(tail, ensure_ascii=False).encode() + b"\n\n")
                        out.append(b"data: [DONE]\n\n")
                        break
                    if protector is None:
                        relay.acc.add_raw(data)  # parsed in one go when the exchange is logged
                    else:
                        try:
                            chunk = json.loads(data)
                        except (json.JSONDecodeError, UnicodeDecodeError):
                            continue
                        if isinstance(chunk, dict):
                            relay.acc.add_body(chunk)
                            protector.chunk(chunk)
                            data = json.dumps(chunk, ensure_ascii=False).encode()
                    out.append(b"data: " + data + b"\n\n")
                if out:
                    yield b"".join(out)
                if relay.done:
                    break

        return self._guarded(endpoint, resp, ex, decision, t0, relay, frames())

    def _relay_events(self, endpoint: str, resp: UpstreamStream, ex: Exchange, decision: Decision, t0: float,
                      protector: ResponsesStreamProtector | None) -> AsyncIterator[bytes]:
        """A Responses API stream: typed events (``event:`` and ``data:`` lines), no ``[DONE]``; the exchange is
        on disk before its final event (``response.completed``...) is sent, and a stream that ends without one
        is logged as an error."""
        relay = _Relay(Accumulator(), Status.ERROR, 502)

        async def frames() -> AsyncIterator[bytes]:
            async for batch in resp.batches():
                out: list[bytes] = []
                for line in batch:
                    if not line.startswith(b"data:"):
                        continue  # event names are rebuilt from each event's own "type"
                    try:
                        body = json.loads(line[5:].strip())
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        continue
                    if not isinstance(body, dict):
                        continue
                    kind = str(body.get("type") or "")
                    if kind == "response.output_text.delta" and isinstance(body.get("delta"), str):
                        relay.texts.append(body["delta"])
                    final = _FINAL_EVENTS.get(kind)
                    if final is not None:
                        if isinstance(body.get("response"), dict):
                            relay.acc.add_response_object(body["response"])
                        relay.flush()
                        self._finish(ex, decision, final, 200, t0, relay.acc)  # durable before the event is sent
                        relay.done = True
                    for event in protector.event(body) if protector is not None else [body]:
                        name = str(event.get("type") or "message")
                        out.append(b"event: " + name.encode() + b"\ndata: "
                                   + json.dumps(event, ensure_ascii=False).encode() + b"\n\n")
                    if relay.done:
                        break
                if out:
                    yield b"".join(out)
                if relay.done:
                    break

        return self._guarded(endpoint, resp, ex, decision, t0, relay, frames())


@dataclass
class _Relay:
    """One stream being relayed: what the upstream produced, whether the exchange is logged, and how to log a
    stream that just stops. ``texts`` holds output deltas of a Responses stream until its final event."""

    acc: Accumulator
    end_status: Status
    end_http: int
    done: bool = False
    texts: list[str] = field(default_factory=list)

    def flush(self) -> None:
        """Use the streamed deltas as the answer when no final response object gave one."""
        if self.texts and not self.acc.content:
            self.acc.content.append("".join(self.texts))
        self.texts = []
