"""The teacher as an OpenAI-compatible endpoint (``/v1/chat/completions``, ``/v1/models``).

Reasoning goes to ``choices[0].message.reasoning_content`` and the answer to ``content``.
Per-request options come in the top-level ``antidistill`` field (the gateway sets it; see
docs/watermark.md and docs/lab.md)::

    {"antidistill": {"watermark_key_id": "acct:42",
                     "antidistill_sampling": {"lam": 0.1, "tau": 1.0}}}

and the standard ``temperature`` field (0 or absent: greedy). Concurrent requests are decoded
together by one worker thread (dynamic batching): requests with the same decoding settings share
a batch and each row carries its own watermark key. Starlette is imported inside :func:`create_app`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import torch
from transformers import LogitsProcessorList, TemperatureLogitsWarper

from antidistill.errors import ConfigError
from antidistill.lab.distill.antidistill_sampling import AntidistillationProcessor, AntidistillParams, PerturbedProxy
from antidistill.lab.distill.decoding import DecodeConfig
from antidistill.lab.distill.sequences import Completion
from antidistill.lab.distill.teacher import Teacher
from antidistill.watermark.keys import REQUEST_FIELD, KeyRing, check_key_id
from antidistill.watermark.spec import WatermarkSpec

log = logging.getLogger(__name__)
MODEL_ID = "lab-teacher"


@dataclass(frozen=True)
class DecodeOptions:
    """The batch-sharing part of a request: requests with equal options decode together."""

    temperature: float = 0.0
    antidistill: AntidistillParams | None = None

    @property
    def sample(self) -> bool:
        return self.temperature > 0 or self.antidistill is not None


def parse_options(body: dict[str, Any]) -> tuple[DecodeOptions, str | None]:
    """Decoding options and watermark key id of a request body; bad values raise ConfigError naming the field."""
    temperature = body.get("temperature") or 0.0
    if not isinstance(temperature, int | float) or temperature < 0:
        raise ConfigError("temperature", "must be a non-negative number", value=temperature)
    extra = body.get(REQUEST_FIELD) or {}
    if not isinstance(extra, dict):
        raise ConfigError(REQUEST_FIELD, "must be an object", value=extra)
    key_id = extra.get("watermark_key_id")
    if key_id is not None:
        key_id = check_key_id(str(key_id))
    ads = extra.get("antidistill_sampling")
    params = None
    if ads is not None:
        if not isinstance(ads, dict) or "lam" not in ads:
            raise ConfigError(f"{REQUEST_FIELD}.antidistill_sampling", "must be an object with 'lam'", value=ads)
        try:
            params = AntidistillParams(lam=float(ads["lam"]), tau=float(ads.get("tau", 1.0)),
                                       eps=float(ads.get("eps", 1e-2)))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{REQUEST_FIELD}.antidistill_sampling", str(exc), value=ads) from exc
    return DecodeOptions(temperature=float(temperature), antidistill=params), key_id


@dataclass
class _Job:
    message: str
    options: DecodeOptions
    key_id: str | None
    future: Future[Completion] = field(default_factory=Future)


class TeacherWorker:
    """One thread that owns the teacher and decodes queued requests in batches."""

    def __init__(self, *, teacher: Teacher, proxy: PerturbedProxy | None = None,
                 keyring: KeyRing | None = None, watermark: WatermarkSpec | None = None,
                 max_batch: int = 32, max_wait_s: float = 0.01, seed: int = 0, max_new_tokens: int = 64) -> None:
        self.teacher = teacher
        self.proxy = proxy
        self.keyring = keyring
        self.watermark = watermark
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self.max_new_tokens = max_new_tokens
        self._gen = torch.Generator().manual_seed(seed)
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="teacher-worker", daemon=True)
        self._thread.start()

    def submit(self, message: str, options: DecodeOptions, key_id: str | None) -> Future[Completion]:
        """Queue one request; the future resolves to its completion."""
        if options.antidistill is not None and self.proxy is None:
            raise ConfigError(f"{REQUEST_FIELD}.antidistill_sampling", "this server was started without a proxy")
        if key_id is not None and (self.keyring is None or self.watermark is None):
            raise ConfigError(f"{REQUEST_FIELD}.watermark_key_id", "this server was started without watermarking")
        job = _Job(message=message, options=options, key_id=key_id)
        self._queue.put(job)
        return job.future

    def close(self) -> None:
        """Stop the worker after the queued jobs."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _processors(self, jobs: list[_Job]) -> LogitsProcessorList:
        opts = jobs[0].options
        procs = LogitsProcessorList()
        if opts.antidistill is not None and self.proxy is not None:
            procs.append(AntidistillationProcessor(proxy=self.proxy, params=opts.antidistill,
                                                   pad_id=self.teacher.tok.pad_id))
        elif opts.temperature > 0:
            procs.append(TemperatureLogitsWarper(opts.temperature))
        if any(j.key_id for j in jobs) and self.keyring is not None and self.watermark is not None:
            from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor

            keys = [self.keyring.key(j.key_id) if j.key_id else None for j in jobs]
            procs.append(WatermarkLogitsProcessor(spec=self.watermark, keys=keys))  # last: Gumbel must be last
        return procs

    def _loop(self) -> None:
        held: list[_Job] = []
        while True:
            first = held.pop(0) if held else self._queue.get()
            if first is None:
                return
            batch = [first]
            deadline = time.monotonic() + self.max_wait_s
            while len(batch) < self.max_batch:
                try:
                    job = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if job is None:
                    held.append(job)  # type: ignore[arg-type]
                    break
                (batch if job.options == first.options else held).append(job)
            try:
                cfg = DecodeConfig(max_new_tokens=self.max_new_tokens, sample=first.options.sample,
                                   batch_size=len(batch))
                outs = self.teacher.answer([j.message for j in batch], cfg=cfg, processors=self._processors(batch),
                                           generator=self._gen)
                for job, out in zip(batch, outs, strict=True):
                    job.future.set_result(out)
            except Exception as exc:  # every waiting request must hear about the failure
                log.exception("event=teacher_batch_failed size=%d", len(batch))
                for job in batch:
                    job.future.set_exception(exc)


def completion_body(out: Completion, *, n_prompt: int, n_completion: int) -> dict[str, Any]:
    """An OpenAI ``chat.completion`` object with the reasoning in ``reasoning_content``."""
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": MODEL_ID,
            "choices": [{"index": 0, "finish_reason": "stop" if out.content else "length",
                         "message": {"role": "assistant", "content": out.content,
                                     "reasoning_content": out.reasoning}}],
            "usage": {"prompt_tokens": n_prompt, "completion_tokens": n_completion,
                      "total_tokens": n_prompt + n_completion}}


def last_user_message(body: dict[str, Any]) -> str:
    """Text of the last user message; ConfigError naming ``messages`` when there is none."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ConfigError("messages", "must be a non-empty list")
    for msg in reversed(messages):
        if isinstance(msg, dict) and msg.get("role") == "user":
            content = msg.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):  # OpenAI content parts
                return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    raise ConfigError("messages", "has no user message")


def create_app(worker: TeacherWorker) -> Any:
    """The ASGI app serving ``worker``'s teacher (Starlette, from the gateway extra)."""
    import asyncio

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    tok = worker.teacher.tok

    async def models(request: Request) -> JSONResponse:
        return JSONResponse({"object": "list",
                             "data": [{"id": MODEL_ID, "object": "model", "owned_by": "antidistill-lab"}]})

    async def chat_completions(request: Request) -> JSONResponse:
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ConfigError("body", "must be a JSON object")
            message = last_user_message(body)
            options, key_id = parse_options(body)
            future = worker.submit(message, options, key_id)
        except (ConfigError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            return JSONResponse(status_code=400, content={"error": {"message": str(exc),
                                                                    "type": "invalid_request_error"}})
        out = await asyncio.wrap_future(future)
        n_prompt = len(tok.encode(message)) + 1
        n_completion = len(tok.encode(out.reasoning)) + len(tok.encode(out.content)) + 3
        return JSONResponse(completion_body(out, n_prompt=n_prompt, n_completion=n_completion))

    return Starlette(routes=[Route("/v1/models", models, methods=["GET"]),
                             Route("/v1/chat/completions", chat_completions, methods=["POST"])])


class ServerThread:
    """Uvicorn serving an app on loopback from a background thread (for the lab run and tests)."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        import socket

        import uvicorn

        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ConfigError("host", "the lab serves on loopback only", value=host)
        if port == 0:  # ask the OS for a free port, then hand it to uvicorn
            with socket.socket() as s:
                s.bind((host, 0))
                port = int(s.getsockname()[1])
        self.url = f"http://{host}:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                     access_log=False))
        self._thread = threading.Thread(target=self._server.run, name="lab-server", daemon=True)

    def __enter__(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"lab server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
