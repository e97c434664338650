"""The ``openai`` format: OpenAI-style request/response logs, one JSON object per line.

Each line holds the chat-completions request body under ``request``, the response body under
``response`` (absent or null for failures) and the caller metadata the provider recorded under
``metadata`` or at the top level. The legacy completions shape (``request.prompt``,
``response.choices[0].text``) is accepted too, and so are the bodies of the OpenAI Responses API and the
Anthropic Messages API that multi-provider gateways log (agent tool calls and reasoning sent back kept as text).
``docs/log-formats.md`` gives the exact shapes and how each field maps to the Exchange record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from antidistill.ingest import fields as F
from antidistill.ingest.base import READERS, Chunk
from antidistill.ingest.jsonlines import JsonLinesReader
from antidistill.records import Status

# Caller metadata copied as-is when the provider logged it (name in the log == Exchange field name).
_META_STR = ("api_key_id", "org_id", "access_path", "account_tier", "payment_fingerprint", "client_ip", "user_agent")
#: Longer than any request takes (about 11.6 days); beyond it a latency is a unit mistake or garbage, and past
#: about 2.7e13 ms it would not even fit a time.
MAX_LATENCY_MS = 1e9
# Other names providers' request logs give the same caller fields (the documented name first; the first one
# present wins). Only unambiguous names: a bare ``user`` or ``project`` is not taken for an account.
META_ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": ("account_id", "user_id", "customer_id"),
    "api_key_id": ("api_key_id", "key_id", "api_key_hash", "key_hash"),
    "org_id": ("org_id", "organization_id", "organization"),
    "client_ip": ("client_ip", "ip", "ip_address", "remote_addr", "remote_ip", "source_ip"),
    "user_agent": ("user_agent", "http_user_agent"),
    "timestamp": ("timestamp", "ts_start", "start_time", "request_time", "created_at", "time"),
    "latency_ms": ("latency_ms", "duration_ms"),
}


def meta_value(meta: Mapping[str, Any], name: str) -> tuple[Any, str]:
    """The caller field ``name`` under its documented name or an alias (``META_ALIASES``), and the name found."""
    for key in META_ALIASES.get(name, (name,)):
        value = meta.get(key)
        if value is not None:
            return value, key
    return None, name


def header_values(meta: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(client IP, user agent) from request headers logged as ``headers`` (names in any case): the first
    address of ``X-Forwarded-For`` (else ``X-Real-IP``) and ``User-Agent``."""
    headers = F.mapping(meta.get("headers"), "metadata.headers")
    if not headers:
        return None, None
    lower = {str(k).lower(): v for k, v in headers.items()}
    forwarded = F.opt_str(lower.get("x-forwarded-for"), "metadata.headers.x-forwarded-for")
    ip = forwarded.split(",")[0].strip() if forwarded else None
    ip = ip or F.opt_str(lower.get("x-real-ip"), "metadata.headers.x-real-ip")
    return ip or None, F.opt_str(lower.get("user-agent"), "metadata.headers.user-agent")
#: Status words (lower case) logs write, and the Exchange status they mean.
STATUS_WORDS = {**dict.fromkeys(("ok", "success", "succeeded", "completed", "complete", "done"), Status.OK),
                **dict.fromkeys(("error", "failure", "failed", "fail"), Status.ERROR),
                **dict.fromkeys(("aborted", "cancelled", "canceled", "timeout"), Status.ABORTED),
                **dict.fromkeys(("denied", "blocked", "rejected", "refused"), Status.DENIED)}


def status_value(raw: Any, field: str) -> tuple[str, int | None] | None:
    """A logged status: an HTTP code (a number, or digits as text) gives (status, code); a status word gives
    (status, None); None when there is none. Anything else is an error naming ``field``."""
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return status_from_http(raw), F.opt_int(raw, field, "int16")
    if isinstance(raw, str):
        word = STATUS_WORDS.get(raw.strip().lower())
        if word is None:
            raise F.RowError(field, f"unknown status {raw!r}; known: {', '.join(sorted(STATUS_WORDS))}")
        return word.value, None
    if raw is not None:
        raise F.RowError(field, "expected an HTTP status code or a status word")
    return None


def status_from_http(code: int) -> str:
    """Exchange status for an HTTP status code (4xx/5xx are errors; 499 is a client that went away)."""
    if code == 499:
        return Status.ABORTED.value
    return Status.OK.value if code < 400 else Status.ERROR.value


def _gemini_response(response: Mapping[str, Any], field: str, out: dict[str, Any]) -> dict[str, Any]:
    """A Gemini ``GenerateContentResponse``: the first candidate's parts (thought parts are the reasoning) and
    ``usageMetadata`` (completion tokens are the candidates' plus the thoughts', as other APIs count them)."""
    candidates = response["candidates"]
    if candidates:
        first = F.mapping(candidates[0], f"{field}.candidates[0]")
        content = F.mapping(first.get("content"), f"{field}.candidates[0].content")
        text, reasoning = F.content_parts(content.get("parts"), f"{field}.candidates[0].content.parts")
        out["response_text"], out["reasoning_text"] = F.unredacted(text), F.unredacted(reasoning)
    usage = F.mapping(F.first(response, "usageMetadata", "usage_metadata"), f"{field}.usageMetadata")
    where = f"{field}.usageMetadata"
    out["prompt_tokens"] = F.opt_int(F.first(usage, "promptTokenCount", "prompt_token_count"),
                                     f"{where}.promptTokenCount")
    answer = F.opt_int(F.first(usage, "candidatesTokenCount", "candidates_token_count"),
                       f"{where}.candidatesTokenCount")
    thoughts = F.opt_int(F.first(usage, "thoughtsTokenCount", "thoughts_token_count"), f"{where}.thoughtsTokenCount")
    out["completion_tokens"] = None if answer is None and thoughts is None else (answer or 0) + (thoughts or 0)
    out["reasoning_tokens"] = thoughts
    return out


def response_fields(response: Mapping[str, Any], field: str) -> dict[str, Any]:
    """Answer, reasoning and token counts from a response object of the chat-completions or completions API,
    the OpenAI Responses API (``output`` items) or the Anthropic Messages API (``content`` blocks).

    Shared with the LiteLLM reader, whose ``response`` is the same object. Chat reasoning comes from
    ``message.reasoning_content`` or ``message.reasoning``, else from a leading ``<think>`` block; tool calls
    are kept in the answer as ``[tool_call NAME] ARGUMENTS`` lines.
    """
    out: dict[str, Any] = {"response_text": None, "reasoning_text": None}
    text: str | None
    reasoning: str | None
    choices = response.get("choices")
    if choices is not None and not isinstance(choices, list):
        raise F.RowError(f"{field}.choices", "expected a list")
    if choices:
        choice = F.mapping(choices[0], f"{field}.choices[0]")
        message = F.mapping(choice.get("message"), f"{field}.choices[0].message")
        where = f"{field}.choices[0].message"
        if not message and ("content" in choice or "tool_calls" in choice):
            # a service's own log that flattens the choice: ``{index, finish_reason, content, reasoning, tool_calls}``
            message, where = choice, f"{field}.choices[0]"
        if message:
            text, reasoning = F.turn_text(message, where)
            sent = F.reasoning_value(F.first(message, "reasoning_content", "reasoning"), f"{where}.reasoning_content")
            reasoning = sent if sent is not None else reasoning
            if reasoning is None:
                text, reasoning = F.split_think(text)
        else:
            text, reasoning = F.split_think(F.opt_str(choice.get("text"), f"{field}.choices[0].text"))
        out["response_text"], out["reasoning_text"] = text, reasoning
    elif isinstance(response.get("output"), list):
        out["response_text"], out["reasoning_text"] = _responses_output(response["output"], f"{field}.output")
    elif isinstance(response.get("content"), list):  # Anthropic Messages
        text, reasoning = F.content_parts(response["content"], f"{field}.content")
        out["response_text"], out["reasoning_text"] = text, reasoning
    elif isinstance(response.get("candidates"), list):  # the Gemini API
        return _gemini_response(response, field, out)
    out["response_text"] = F.unredacted(out["response_text"])
    out["reasoning_text"] = F.unredacted(out["reasoning_text"])
    usage = F.mapping(response.get("usage"), f"{field}.usage")
    details = F.mapping(F.first(usage, "completion_tokens_details", "output_tokens_details"),
                        f"{field}.usage.completion_tokens_details")
    prompt = F.opt_int(F.first(usage, "prompt_tokens", "input_tokens"), f"{field}.usage.prompt_tokens")
    if prompt is not None and "prompt_tokens" not in usage:  # Anthropic counts cached input apart
        for extra in ("cache_creation_input_tokens", "cache_read_input_tokens"):
            prompt += F.opt_int(usage.get(extra), f"{field}.usage.{extra}") or 0
    out["prompt_tokens"] = prompt
    out["completion_tokens"] = F.opt_int(F.first(usage, "completion_tokens", "output_tokens"),
                                         f"{field}.usage.completion_tokens")
    out["reasoning_tokens"] = F.opt_int(details.get("reasoning_tokens"),
                                        f"{field}.usage.completion_tokens_details.reasoning_tokens")
    return out


def is_event_stream(value: Any) -> bool:
    """Whether ``value`` is a streamed answer logged as its server-sent events (``data: {...}`` lines)."""
    return isinstance(value, str) and value.lstrip().startswith(("data:", "event:"))


def _obj(value: Any) -> Mapping[str, Any]:
    """``value`` when it is an object, else an empty one (a streamed event's parts are read leniently)."""
    return value if isinstance(value, Mapping) else {}


def is_stream_events(value: Any) -> bool:
    """Whether ``value`` is a streamed answer logged as a list of its events (Bedrock's
    ``InvokeModelWithResponseStream`` output, Vertex AI's ``streamGenerateContent`` response): Anthropic or
    Responses API events, chat-completions chunks or Gemini chunks."""
    if not isinstance(value, list) or not value or not isinstance(value[0], Mapping):
        return False
    first = value[0]
    kind = first.get("type")
    return ((isinstance(kind, str) and (kind in ("message_start", "ping") or kind.startswith("response.")))
            or first.get("object") in ("chat.completion.chunk", "text_completion")
            or isinstance(first.get("candidates"), list))


def stream_response(text: str, field: str) -> dict[str, Any]:
    """A streamed answer logged as the server-sent events the client received (``data: {...}`` lines),
    assembled into one response object (:func:`stream_events`). Lines that are not JSON events (``data:
    [DONE]``, comments, a stream cut short) are skipped; a stream without any JSON event is an error naming
    ``field``."""
    events = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("data:"):
            continue
        try:
            event = json.loads(line[5:])
        except json.JSONDecodeError:
            continue  # ``[DONE]``, or the last event of a stream cut short
        if isinstance(event, Mapping):
            events.append(event)
    if not events:
        raise F.RowError(field, "an event stream without any JSON event")
    return stream_events(events)


def stream_events(events: list[Any]) -> dict[str, Any]:
    """A streamed answer's events assembled into one response object: chat-completions chunks
    (``choices[].delta``, usage from the chunk that carries it, in the chat-completions shape), Anthropic
    Messages events (``message_start``, ``content_block_delta`` text and thinking, ``message_delta`` usage),
    Responses API events (the ``response.completed`` response, else the text deltas) and Gemini chunks
    (``candidates`` parts and the last ``usageMetadata``, as a Gemini response). Other events, and parts of an
    event that are not what its type says (a usage that is not an object), are skipped: never an error."""
    answer: list[str] = []
    thought: list[str] = []
    usage: dict[str, Any] = {}
    gemini: dict[str, Any] = {}
    head: dict[str, Any] = {}
    for event in events:
        if not isinstance(event, Mapping):
            continue
        kind = event.get("type")
        if kind == "response.completed" and isinstance(event.get("response"), Mapping):
            return dict(event["response"])  # the Responses API sends the whole response at the end
        if kind == "message_start" and isinstance(event.get("message"), Mapping):
            head = dict(event["message"])
            usage.update(_obj(head.get("usage")))
        elif kind == "content_block_delta" and isinstance(event.get("delta"), Mapping):
            delta = event["delta"]
            if delta.get("type") == "thinking_delta":
                thought.append(str(delta.get("thinking") or ""))
            elif delta.get("type") == "text_delta":
                answer.append(str(delta.get("text") or ""))
        elif kind == "message_delta":
            usage.update(_obj(event.get("usage")))
        elif kind == "response.output_text.delta":
            answer.append(str(event.get("delta") or ""))
        elif kind == "response.reasoning_summary_text.delta":
            thought.append(str(event.get("delta") or ""))
        elif isinstance(event.get("candidates"), list):  # Gemini: each chunk a GenerateContentResponse
            for cand in event["candidates"][:1]:
                parts = _obj(_obj(cand).get("content")).get("parts")
                for part in parts if isinstance(parts, list) else []:
                    if isinstance(part, Mapping) and isinstance(part.get("text"), str):
                        (thought if part.get("thought") else answer).append(part["text"])
            gemini["usageMetadata"] = event.get("usageMetadata") or gemini.get("usageMetadata")
            gemini.setdefault("modelVersion", event.get("modelVersion"))
            gemini.setdefault("responseId", event.get("responseId"))
        elif isinstance(event.get("choices"), list):  # chat completions (or legacy completions) chunks
            head = head or {k: event[k] for k in ("id", "model") if k in event}
            for choice in event["choices"][:1]:
                choice = _obj(choice)
                delta = _obj(choice.get("delta"))
                text = delta.get("content") if delta else choice.get("text")
                if isinstance(text, str):
                    answer.append(text)
                sent = F.first(delta, "reasoning_content", "reasoning")
                if isinstance(sent, str):
                    thought.append(sent)
            if isinstance(event.get("usage"), Mapping):
                usage.update(event["usage"])
    if gemini:
        parts = ([{"text": "".join(thought), "thought": True}] if thought else []) + [{"text": "".join(answer)}]
        return {**{k: v for k, v in gemini.items() if v is not None},
                "candidates": [{"content": {"role": "model", "parts": parts}}]}
    message: dict[str, Any] = {"role": "assistant", "content": "".join(answer)}
    if thought:
        message["reasoning_content"] = "".join(thought)
    return {**{k: head[k] for k in ("id", "model") if k in head}, "choices": [{"message": message}],
            "usage": usage}


def _responses_output(items: list[Any], field: str) -> tuple[str, str | None]:
    """The answer and reasoning of a Responses API ``output`` list: ``message`` items' text, ``reasoning``
    items' summaries and reasoning text, tool calls as ``[function_call NAME] ARGUMENTS`` lines, other items
    as ``[TYPE]``."""
    texts: list[str] = []
    thoughts: list[str] = []
    for i, raw in enumerate(items):
        where = f"{field}[{i}]"
        item = F.mapping(raw, where)
        kind = item.get("type")
        if kind == "reasoning":
            thought = F.reasoning_item_text(item, where)
            if thought:
                thoughts.append(thought)
        elif kind == "message" or (kind is None and "content" in item):
            part, thought = F.content_parts(item.get("content"), f"{where}.content")
            texts.append(part)
            if thought:
                thoughts.append(thought)
        elif isinstance(kind, str) and kind in F.ITEM_ROLES:
            texts.append(F.item_turn(item, kind, where)["content"])
        else:
            texts.append(f"[{kind}]")
    text = "\n".join(t for t in texts if t)
    if thoughts:
        return text, "\n".join(thoughts)
    return F.split_think(text)  # type: ignore[return-value]


def request_messages(request: Mapping[str, Any], field: str) -> list[dict[str, str]]:
    """The conversation of a request body: chat ``messages`` (with an Anthropic top-level ``system``), the
    Responses API's ``input`` (a string or a list of items, with ``instructions`` as the system turn), or a
    legacy completions ``prompt``, or the Gemini API's ``contents`` (with ``systemInstruction``); the request's
    tools and output schema, when it has any, as a ``[tools]`` system turn after the system prompt
    (``fields.tools_text``). A body with none of them was logged without content: ``[]`` (or the system turn
    alone), a content-free exchange."""
    system_raw = F.first(request, "system", "instructions")
    system: list[dict[str, str]] = []
    if system_raw is not None:
        where = f"{field}.{'system' if request.get('system') is not None else 'instructions'}"
        text = F.content_parts(system_raw, where)[0]
        system = [{"role": "system", "content": text}] if text else []
    if request.get("contents") is not None:  # the Gemini API: contents, systemInstruction
        instruction = F.first(request, "systemInstruction", "system_instruction")
        if isinstance(instruction, Mapping):
            text = F.content_parts(instruction.get("parts"), f"{field}.systemInstruction.parts")[0]
            system = [{"role": "system", "content": text}] if text else system
    # The tools and output schema, as a system turn after the system prompt (``fields.tools_text``,
    # ``fields.with_tools``), with a conversation only: a body logged without one stays content-free.
    tools = F.tools_text(request)
    if request.get("messages") is not None:
        return F.with_tools(system + F.messages(request["messages"], f"{field}.messages"), tools)
    if request.get("input") is not None:
        raw = request["input"]
        if isinstance(raw, list) and raw and all(isinstance(x, str) for x in raw):
            # the embeddings API's list of texts (the Responses API's items are objects): no chat, as an
            # embeddings span or LiteLLM ``aembedding`` call is not
            raise F.RowError(f"{field}.input", "an embeddings request (a list of input texts) carries no chat exchange")
        turns = [{"role": "user", "content": raw}] if isinstance(raw, str) else raw
        return F.with_tools(system + F.messages(turns, f"{field}.input"), tools)
    if request.get("prompt") is not None:
        return F.with_tools(system + prompt_messages(request["prompt"], f"{field}.prompt"), tools)
    if request.get("contents") is not None:
        raw = request["contents"]
        turns = [{"role": "user", "parts": [{"text": raw}]}] if isinstance(raw, str) else raw
        return F.with_tools(system + F.messages(turns, f"{field}.contents"), tools)
    return system  # a body logged without its conversation (a redacting gateway): no content, not an error


def request_max_tokens(request: Mapping[str, Any], field: str) -> int | None:
    """The requested output length of a request body: ``max_completion_tokens``, ``max_tokens``,
    ``max_output_tokens``, or the Gemini API's ``generationConfig.maxOutputTokens``; in a log that keeps the
    request's parameters apart from its messages, the same names under ``params``/``parameters`` (a ClickHouse
    ``Map`` column, Langfuse's ``modelParameters``)."""
    config = F.mapping(F.first(request, "generationConfig", "generation_config"), f"{field}.generationConfig")
    value = F.first(request, "max_completion_tokens", "max_tokens", "max_output_tokens")
    if value is None:
        value = F.first(config, "maxOutputTokens", "max_output_tokens")
    if value is None:
        params = F.first(request, "params", "parameters", "modelParameters", "model_parameters")
        if isinstance(params, Mapping):
            value = F.first(params, "max_completion_tokens", "max_tokens", "max_output_tokens", "maxOutputTokens")
    return F.opt_int(value, f"{field}.max_tokens")


def request_top_logprobs(request: Mapping[str, Any], field: str, *, logged: bool = False) -> int | None:
    """How many alternatives per output token a request body asked to get back with their log-probabilities.

    Chat Completions: ``top_logprobs`` (``logprobs: true`` alone is 1, the chosen token's own); the legacy
    Completions API: ``logprobs`` as a number; the Responses API: ``top_logprobs``; the Gemini API:
    ``generationConfig.logprobs`` (``responseLogprobs`` alone is 1). 0 when the body asked for none; None when
    there is no body to read (``logged``: the log keeps the request's parameters even when they are empty)."""
    if not request:
        return 0 if logged else None
    config = F.mapping(F.first(request, "generationConfig", "generation_config"), f"{field}.generationConfig")
    top = F.first(request, "top_logprobs")
    flag = request.get("logprobs")
    if top is None and config:
        top = F.first(config, "logprobs")
        flag = F.first(config, "responseLogprobs", "response_logprobs")
    if isinstance(flag, int | float) and not isinstance(flag, bool) and top is None:
        top = flag  # the legacy Completions API: logprobs is the number of alternatives
    n = F.opt_int(top, f"{field}.top_logprobs", "int16") if not isinstance(top, bool) else None
    if n is not None and n < 0:
        raise F.RowError(f"{field}.top_logprobs", f"expected a count of alternatives, got {n!r}")
    if flag is True or (isinstance(flag, str) and flag.strip().lower() == "true"):
        return max(n or 0, 1)
    return n or 0


def _response_of(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """A log line's ``response``: an object (or JSON text of one), or a stream's server-sent events assembled."""
    raw = obj.get("response")
    if isinstance(raw, str) and is_event_stream(raw):
        return stream_response(raw, "response")
    return F.mapping(raw, "response")


def _meta_of(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A log line's caller metadata: its top-level fields besides the bodies, then ``metadata`` (which wins)."""
    return {**{k: v for k, v in obj.items() if k not in ("request", "response", "metadata")},
            **F.mapping(obj.get("metadata"), "metadata")}


def _named(meta: Mapping[str, Any], name: str) -> tuple[Any, str]:
    value, key = meta_value(meta, name)
    return value, f"metadata.{key}"


def prompt_messages(prompt: Any, field: str) -> list[dict[str, str]]:
    """A legacy completions ``prompt`` (string or list of strings) as one user turn ([] when empty or
    redacted, ``fields.REDACTED_TEXTS``)."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}] if F.unredacted(prompt) else []
    if isinstance(prompt, list) and prompt and all(isinstance(p, str) for p in prompt):
        return [{"role": "user", "content": "\n".join(prompt)}]
    raise F.RowError(field, "expected a string or a list of strings")


@READERS.register
class OpenAIReader(JsonLinesReader):
    """OpenAI chat-completions (and legacy completions) request/response logs."""

    name = "openai"

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        # A table export (CSV, warehouse Parquet), or some loggers' JSON lines, keep the request as JSON text.
        request = None if first is None else F.json_text(first.get("request"), "request", lenient=True)
        # The request body itself (a model or a conversation in it), not a record of the HTTP request around it
        # (``{"headers": ..., "body": ...}``), which the ``generic`` reader takes.
        if not (isinstance(request, dict) and any(k in request for k in ("model", "messages", "input", "prompt",
                                                                            "contents"))):
            return False
        # ... and a time this reader reads. A gateway that logs the bodies beside its own fields under other names
        # (``received_at``) and answers without ``created`` (Anthropic's Messages API) is the ``generic`` reader's,
        # which finds the time by name: claimed here, every one of its calls would be quarantined.
        assert first is not None
        try:
            meta, response = _meta_of(first), _response_of(first)
        except F.RowError:
            return True  # a damaged first line: read it here, so it is quarantined with its reason
        if meta_value(meta, "timestamp")[0] is None and F.first(response, "created", "created_at") is None:
            return False
        # ... and a caller where this reader looks for one (the request's ``user`` aside: an end user, the caller
        # only when nothing else is). A service's own log that names its caller under other names
        # (``auth.org_id``, ``auth.api_key_id``) is the ``generic`` reader's, which finds the caller by name:
        # claimed here, its calls would be read as their end users', or quarantined where the client sent none.
        return any(meta_value(meta, name)[0] is not None for name in ("account_id", "api_key_id"))

    def read(self, path: Path) -> Iterator[Chunk]:
        """The file's calls; a gateway that logs a request and its response as two lines sharing a request id
        has them merged first (``generic.own_join``, ``correlate.grouped``)."""
        from antidistill.ingest.correlate import sample_of
        from antidistill.ingest.generic import SAMPLE, joined, own_join

        yield from self._read_elements(path, joined(path, own_join(sample_of(path, SAMPLE))))

    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        request = F.mapping(obj.get("request"), "request")
        if not request:
            if not any(obj.get(k) not in (None, "", {}, []) for k in ("response", "model", "usage", "messages")):
                # a health probe or a status line the service logs beside its calls
                raise F.RowError("request", F.NOT_A_CALL)
            raise F.RowError("request", "required field is missing")
        response = _response_of(obj)
        meta = _meta_of(obj)

        msgs = request_messages(request, "request")
        model = (F.opt_str(request.get("model"), "request.model") or F.opt_str(response.get("model"), "response.model")
                 or F.opt_str(response.get("modelVersion"), "response.modelVersion"))
        if not model:
            raise F.RowError("request.model", "required field is missing")

        stamp, stamp_key = meta_value(meta, "timestamp")
        if stamp is not None:
            ts_start = F.timestamp(stamp, f"metadata.{stamp_key}", self.time_range)
        elif F.first(response, "created", "created_at") is not None:
            ts_start = F.timestamp(F.first(response, "created", "created_at"), "response.created", self.time_range)
        elif obj.get("logged_at") is not None:  # the time a shipper's prefix or a container runtime put on the line
            ts_start = F.timestamp(obj["logged_at"], "logged_at", self.time_range)
        else:
            raise F.RowError("metadata.timestamp", "required field is missing (no timestamp and no response.created)")
        latency_raw, latency_key = meta_value(meta, "latency_ms")
        latency = F.opt_float(latency_raw, f"metadata.{latency_key}")
        if latency is not None and not 0 <= latency < MAX_LATENCY_MS:
            raise F.RowError(f"metadata.{latency_key}",
                             f"latency {latency!r} ms out of range [0, {MAX_LATENCY_MS:.0f})")
        ts_end = ts_start + dt.timedelta(milliseconds=latency) if latency is not None else None

        user = F.opt_str(request.get("user"), "request.user")
        api_key = F.opt_str(*_named(meta, "api_key_id"))
        account = F.opt_str(*_named(meta, "account_id")) or api_key or user
        if not account:
            raise F.RowError("metadata.account_id", "required field is missing (no account_id, api_key_id or user)")

        status, http_status = self._status(meta, response, obj.get("error"))
        row: dict[str, Any] = {
            "exchange_id": F.opt_str(F.first(response, "id", "responseId"), "response.id")
            or F.opt_str(F.first(meta, "request_id", "id", "exchange_id"), "metadata.request_id")
            or F.content_id(raw),
            "ts_start": ts_start, "ts_end": ts_end, "latency_ms": latency,
            "account_id": account, "end_user": user, "model": model, "messages": msgs,
            "max_tokens": request_max_tokens(request, "request"),
            "top_logprobs": request_top_logprobs(request, "request"),
            "account_created_at": F.opt_timestamp(meta.get("account_created_at"), "metadata.account_created_at",
                                                  self.time_range),
            "asn": F.opt_int(meta.get("asn"), "metadata.asn"),
            "status": status, "http_status": http_status,
        }
        for name in _META_STR:
            row[name] = F.opt_str(*_named(meta, name))
        header_ip, header_ua = header_values(meta)
        row["client_ip"] = row["client_ip"] or header_ip
        row["user_agent"] = row["user_agent"] or header_ua
        row.update(response_fields(response, "response"))
        return row

    @staticmethod
    def _status(meta: Mapping[str, Any], response: Mapping[str, Any], error: Any) -> tuple[str | None, int | None]:
        http = F.opt_int(meta.get("http_status"), "metadata.http_status", "int16")
        logged = status_value(meta.get("status"), "metadata.status")
        if logged is not None:
            status, code = logged
            return status, (code if code is not None else http)
        if http is not None:
            return status_from_http(http), http
        if error is not None:
            return Status.ERROR.value, http
        kind, state = response.get("type"), response.get("status")
        if kind == "error" or state == "failed":  # an Anthropic error object; a failed Responses API call
            return Status.ERROR.value, http
        if state == "cancelled":
            return Status.ABORTED.value, http
        answered = (response.get("choices") or response.get("output") or response.get("content")
                    or response.get("candidates"))
        return (Status.OK.value if answered else None), http
