"""The ``otel`` format: OpenTelemetry traces of LLM calls, in OTLP JSON, under the GenAI semantic conventions.

What an OpenTelemetry Collector's file exporter writes (one ``ExportTraceServiceRequest`` per line:
``resourceSpans`` -> ``scopeSpans`` -> ``spans``), and what LLM gateways and SDK instrumentations
(OpenTelemetry's GenAI instrumentations, OpenLLMetry) emit for each model call. Every span is one row: an
inference span (``gen_ai.operation.name`` ``chat``, ``text_completion``, ``generate_content``, or a span with
``gen_ai.request.model`` and no operation name) becomes an Exchange; any other span is quarantined with the
field ``gen_ai.operation.name`` so its count stays visible, as the LiteLLM reader does with embedding calls.

Content is read from whichever convention the producer used: ``gen_ai.system_instructions``,
``gen_ai.input.messages`` and ``gen_ai.output.messages`` (JSON text of ``{role, parts}``; semantic conventions
1.37 and later), the ``gen_ai.*.message`` and ``gen_ai.choice`` events (1.36 and earlier), or OpenLLMetry's
indexed ``gen_ai.prompt.N.role``/``content`` and ``gen_ai.completion.N.content`` attributes, or OpenInference's
(Arize Phoenix and its instrumentations: ``openinference.span.kind`` ``LLM``, ``llm.model_name``,
``llm.input_messages.N.message.role``/``content``, ``llm.output_messages``, ``llm.token_count.*``; a span of
another kind, a chain, a tool or a retriever, is quarantined with its kind). Identity has no
GenAI convention: the account is an attribute named as one (``<vendor>.account.id``, ``tenant.id``,
``customer.id``: ``generic.NAMES``), else ``user.id``, else ``enduser.id``, else the resource's
``service.name`` (one caller per instrumented service); organisation and key likewise by name; the mapping is in
``docs/log-formats.md``.

A service instrumented at its front door sets who called on the HTTP server span, and the GenAI span of the call is
its child, in the same trace: each inference span takes the attributes of its ancestors in the file (the nearest
first, its own and then its resource's before them), and the ancestors themselves are counted as merged rows, the
call's context. An inference span whose parent is not in its file, where the file's other calls take their caller
from their ancestors, is quarantined: its caller is on a span written elsewhere, and the service's name is no
caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antidistill.ingest import fields as F
from antidistill.ingest.base import READERS, Chunk
from antidistill.ingest.correlate import Join
from antidistill.ingest.jsonlines import MERGED, READ_ERRORS, JsonLinesReader, _Merged, elements_of
from antidistill.records import Status

GENERATION_OPERATIONS = frozenset({"chat", "text_completion", "generate_content", "completion"})
_ROLE_OF_EVENT = {"gen_ai.system.message": "system", "gen_ai.user.message": "user",
                  "gen_ai.assistant.message": "assistant", "gen_ai.tool.message": "tool"}


def any_value(value: Any) -> Any:
    """An OTLP ``AnyValue`` (``{"stringValue": ...}``, ``{"intValue": "12"}``, arrays, key-value lists) as a
    plain JSON value."""
    if not isinstance(value, Mapping):
        return value
    for key in ("stringValue", "boolValue", "doubleValue", "bytesValue"):
        if key in value:
            return value[key]
    if "intValue" in value:
        raw = value["intValue"]
        return int(raw) if isinstance(raw, str) and raw.lstrip("-").isdigit() else raw
    if "arrayValue" in value:
        return [any_value(v) for v in (value["arrayValue"] or {}).get("values") or []]
    if "kvlistValue" in value:
        return attributes((value["kvlistValue"] or {}).get("values"))
    return None


def attributes(items: Any) -> dict[str, Any]:
    """An OTLP attribute list (``[{"key": ..., "value": {...}}]``) as a dict; a plain dict passes through."""
    if isinstance(items, Mapping):
        return dict(items)
    out: dict[str, Any] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("key"), str):
            out[item["key"]] = any_value(item.get("value"))
    return out


def _parts_text(parts: Any, field: str) -> tuple[str, str | None]:
    """Semantic-convention message parts as ``(text, reasoning)``: ``text`` parts are the text, ``reasoning``
    parts the reasoning, a tool call ``[tool_call NAME] ARGS``, a tool response its text, anything else a
    ``[TYPE]`` placeholder."""
    if isinstance(parts, str):
        return parts, None
    if not isinstance(parts, list):
        raise F.RowError(field, f"expected a list of message parts, got {type(parts).__name__}")
    texts: list[str] = []
    thoughts: list[str] = []
    for i, part in enumerate(parts):
        where = f"{field}[{i}]"
        if not isinstance(part, Mapping):
            raise F.RowError(where, "expected a message part object")
        kind = str(part.get("type") or "text")
        content = part.get("content")
        if kind == "text":
            texts.append(F.opt_str(content, f"{where}.content") or "")
        elif kind == "reasoning":
            thoughts.append(F.opt_str(content, f"{where}.content") or "")
        elif kind == "tool_call":
            texts.append(F.tool_call_text("tool_call", part.get("name"), part.get("arguments"), where))
        elif kind == "tool_call_response":
            response = part.get("response")
            texts.append(response if isinstance(response, str) else json.dumps(response, ensure_ascii=False))
        else:
            texts.append(f"[{kind}]")
    return "\n".join(texts), ("\n".join(thoughts) if thoughts else None)


def _messages(value: Any, field: str) -> list[dict[str, str]]:
    """``gen_ai.input.messages`` (JSON text or a list) as Exchange turns; reasoning sent back is kept as a
    leading ``<think>`` block, as the other readers keep it."""
    value = F.json_text(value, field)
    if not isinstance(value, list):
        raise F.RowError(field, f"expected a JSON list of messages, got {type(value).__name__}")
    out = []
    for i, msg in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(msg, Mapping) or not isinstance(msg.get("role"), str):
            raise F.RowError(f"{where}.role", "required field is missing")
        text, thought = _parts_text(msg.get("parts", msg.get("content")), f"{where}.parts")
        out.append({"role": msg["role"], "content": F.with_reasoning(text, thought)})
    return out


def _indexed(attrs: Mapping[str, Any], prefix: str, inner: str = "") -> list[dict[str, str]]:
    """OpenLLMetry's ``{prefix}.N.role`` / ``{prefix}.N.content`` attributes, in index order; OpenInference's
    ``llm.input_messages.N.message.role`` / ``.message.content`` with ``inner`` ``"message."`` (a multimodal
    message's text parts under ``.message.contents.M.message_content.text``)."""
    out = []
    i = 0
    while f"{prefix}.{i}.{inner}content" in attrs or f"{prefix}.{i}.{inner}role" in attrs \
            or (inner and f"{prefix}.{i}.{inner}contents.0.message_content.text" in attrs):
        content = attrs.get(f"{prefix}.{i}.{inner}content")
        if content is None and inner:
            parts, m = [], 0
            while f"{prefix}.{i}.{inner}contents.{m}.message_content.type" in attrs \
                    or f"{prefix}.{i}.{inner}contents.{m}.message_content.text" in attrs:
                part = attrs.get(f"{prefix}.{i}.{inner}contents.{m}.message_content.text")
                if isinstance(part, str):
                    parts.append(part)
                m += 1
            content = "\n".join(parts)
        text = content if isinstance(content, str) else _parts_text(content, f"{prefix}.{i}.{inner}content")[0]
        out.append({"role": str(attrs.get(f"{prefix}.{i}.{inner}role") or "user"), "content": text})
        i += 1
    return out


def _first(attrs: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first of ``keys`` the span has, else None."""
    return next((attrs[k] for k in keys if attrs.get(k) is not None), None)


def _invocation_max_tokens(value: Any) -> Any:
    """``max_tokens`` (or ``max_completion_tokens``, ``max_output_tokens``) of OpenInference's
    ``llm.invocation_parameters`` (JSON text of the request's parameters), else None."""
    params = F.json_text(value, "llm.invocation_parameters", lenient=True) if value is not None else None
    if not isinstance(params, Mapping):
        return None
    return next((params[k] for k in ("max_tokens", "max_completion_tokens", "max_output_tokens") if k in params), None)


def _event_turns(events: Any) -> tuple[list[dict[str, str]], str | None, str | None]:
    """Semantic conventions 1.36 and earlier: the conversation as ``gen_ai.*.message`` events and the answer as
    a ``gen_ai.choice`` event (content in the event's attributes or body)."""
    turns: list[dict[str, str]] = []
    answer = reasoning = None
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, Mapping):
            continue
        name = event.get("name")
        attrs = attributes(event.get("attributes"))
        body = any_value(event.get("body")) if event.get("body") is not None else None
        if name in _ROLE_OF_EVENT:
            content = attrs.get("content", body.get("content") if isinstance(body, Mapping) else body)
            if isinstance(content, str) and content.lstrip().startswith("[{"):  # the parts as JSON text
                content = F.json_text(content, "events.content", lenient=True)
            text = content if isinstance(content, str) else _parts_text(content or [], "events.content")[0]
            turns.append({"role": _ROLE_OF_EVENT[str(name)], "content": text})
        elif name == "gen_ai.choice" and answer is None:
            message = F.json_text(attrs.get("message", body.get("message") if isinstance(body, Mapping) else body),
                                  "events.gen_ai.choice.message")
            content = message.get("content") if isinstance(message, Mapping) else message
            if isinstance(message, Mapping) and content is None and isinstance(message.get("parts"), list):
                answer, reasoning = _parts_text(message["parts"], "events.gen_ai.choice.message.parts")
            elif isinstance(content, str):
                answer, reasoning = F.split_think(content)
    return turns, answer, reasoning


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise F.RowError(field, f"expected a list, got {type(value).__name__}")
    return value


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise F.RowError(field, f"expected an object, got {type(value).__name__}")
    return value


#: Longest attribute value kept as a span's context for its descendants (identities, addresses, user agents).
CONTEXT_VALUE_MAX = 512


def _is_inference(attrs: Mapping[str, Any]) -> bool:
    """Whether a span's attributes make it a model call (what :meth:`OtelReader._span` reads as an exchange)."""
    return any(k in attrs for k in ("gen_ai.operation.name", "gen_ai.request.model", "gen_ai.response.model",
                                    "llm.request.type", "llm.model_name", "openinference.span.kind"))


@dataclass(slots=True)
class _Trace:
    """The spans of one file as context: per (trace id, span id) its parent's id and its short scalar attributes."""

    spans: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    #: (trace id, span id) of the spans some inference span of the file descends from
    ancestors: set[tuple[str, str]] = field(default_factory=set)
    #: whether an inference span of the file takes its caller from an ancestor (none of its own)
    inherits: bool = False

    def mark(self, trace: str, parent: str) -> None:
        """Count a call's ancestors, from ``parent`` up, as the context of a call."""
        p = parent
        while p and (trace, p) in self.spans and (trace, p) not in self.ancestors:
            self.ancestors.add((trace, p))
            p = self.spans[(trace, p)][0]

    def chain(self, trace: str, parent: str) -> list[dict[str, Any]]:
        """The attributes of a span's ancestors, nearest first (a cycle or a missing span ends the chain)."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        while parent and parent not in seen and (trace, parent) in self.spans:
            seen.add(parent)
            parent, attrs = self.spans[(trace, parent)]
            out.append(attrs)
        return out


def _spans_of(obj: Any) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(resource attributes, span) of every well-formed span of an OTLP document; malformed levels are skipped
    here (the rows pass quarantines them)."""
    if not isinstance(obj, Mapping) or not isinstance(obj.get("resourceSpans"), list):
        return
    for rs in obj["resourceSpans"]:
        if not isinstance(rs, Mapping):
            continue
        res = rs.get("resource")
        resource = attributes(res.get("attributes")) if isinstance(res, Mapping) else {}
        scopes = rs.get("scopeSpans", rs.get("instrumentationLibrarySpans"))
        for ss in scopes if isinstance(scopes, list) else []:
            spans = ss.get("spans") if isinstance(ss, Mapping) else None
            for span in spans if isinstance(spans, list) else []:
                if isinstance(span, Mapping):
                    yield resource, span


def _spans_in(path: Path) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(resource attributes, span) of every well-formed span of a file; a file cut short ends the spans (the rows
    pass reports where)."""
    try:
        for element in elements_of(path):
            if element.error is None:
                yield from _spans_of(element.value)
    except READ_ERRORS:
        return


def _ids(span: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """A span's trace id, span id and parent span id ("" at a root), or None without the two ids."""
    tid, sid, parent = span.get("traceId"), span.get("spanId"), span.get("parentSpanId")
    if not isinstance(tid, str) or not isinstance(sid, str):
        return None
    return tid, sid, parent if isinstance(parent, str) else ""


def _refused(attrs: Mapping[str, Any]) -> bool:
    """Whether a request's root span says it was refused or failed (a 429 has no call under it anywhere)."""
    code = attrs.get("http.response.status_code")
    try:
        failed = code is not None and int(code) >= 400
    except (TypeError, ValueError):
        failed = False
    return failed or attrs.get("error.type") is not None


def _context_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What a span passes to its descendants: its short scalar attributes, the GenAI ones (content) aside."""
    return {k: v for k, v in attrs.items()
            if not k.startswith(("gen_ai.", "llm.")) and isinstance(v, str | int) and not isinstance(v, bool)
            and (not isinstance(v, str) or len(v) <= CONTEXT_VALUE_MAX)}


def _identity(attrs: Mapping[str, Any], field_name: str) -> tuple[str, Any] | None:
    """The first attribute (in order) named as ``field_name`` (``generic.NAMES``; a dotted key is a path), with its
    value; a key's name must say it is an id, hash, alias or name, never the secret itself."""
    from antidistill.ingest.generic import NAMES, _name_of

    for key, value in attrs.items():
        if value is None or value == "" or key.startswith(("gen_ai.", "llm.", "http.", "url.", "server.")):
            continue
        name = _name_of(tuple(key.split(".")), NAMES[field_name])
        if name is None or (field_name == "api_key_id" and not name.endswith(("id", "hash", "alias", "name"))):
            continue
        if isinstance(value, str | int) and not isinstance(value, bool):
            return key, value
    return None


def _caller_of(attrs: Mapping[str, Any]) -> bool:
    """Whether attributes name a caller (an account, a user, an end user or a key), the service's name aside."""
    return bool(attrs.get("user.id") or attrs.get("enduser.id") or _identity(attrs, "account_id")
                or _identity(attrs, "api_key_id"))


def _nanos(value: Any) -> Any:
    """OTLP times are nanoseconds since the epoch, written as strings in JSON (``F.timestamp`` reads the unit
    from the magnitude)."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


@READERS.register
class OtelReader(JsonLinesReader):
    """OpenTelemetry OTLP JSON traces of LLM calls (GenAI semantic conventions); one row per span."""

    name = "otel"

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        return first is not None and isinstance(first.get("resourceSpans"), list)

    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        raise NotImplementedError("an OTLP document holds many spans: read through rows_of")  # pragma: no cover

    _trace: _Trace | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: file -> its neighbours in its collector's stream (``pipeline._otel_neighbours``): where the spans of a
        #: trace exported across the file's boundary are
        self.joins: dict[str, Join] = {}

    def read(self, path: Path) -> Iterator[Chunk]:
        """The file's spans twice: first each span's parent and short attributes (its callers' context), then
        the rows."""
        join = self.joins.get(str(path))
        self._trace = self._context_of(path, join.neighbours if join is not None else ())
        try:
            yield from super().read(path)
        finally:
            self._trace = None

    @staticmethod
    def _context_of(path: Path, neighbours: tuple[Path, ...] = ()) -> _Trace:
        """The file's spans as context. A trace exported across the file's boundary (a collector's backlog, a span
        that ended after the hour turned) is completed from the neighbouring files of its stream, read only for the
        traces that need them: a call whose parent is not in the file takes its caller from the parent found there,
        and a request's root span whose call was written there is that call's context, not a row of its own."""
        trace = _Trace()
        calls: list[tuple[str, str, dict[str, Any]]] = []
        roots: set[str] = set()  # traces whose answered request's root span is here
        for resource, span in _spans_in(path):
            ids = _ids(span)
            if ids is None:
                continue
            tid, sid, parent = ids
            attrs = attributes(span.get("attributes"))
            trace.spans[(tid, sid)] = (parent, _context_attrs(attrs))
            if _is_inference(attrs):
                calls.append((tid, parent, {**resource, **attrs}))
            elif not parent and not _refused(attrs):
                roots.add(tid)
        elsewhere: list[tuple[str, str]] = []  # (trace, parent) of this file's roots' calls written elsewhere
        missing = {tid for tid, parent, _ in calls if parent and (tid, parent) not in trace.spans}
        lonely = roots - {tid for tid, _, _ in calls}
        if neighbours and (missing or lonely):
            for other in neighbours:
                for _, span in _spans_in(other):
                    ids = _ids(span)
                    if ids is None or (ids[0] not in missing and ids[0] not in lonely):
                        continue
                    tid, sid, parent = ids
                    attrs = attributes(span.get("attributes"))
                    if _is_inference(attrs):
                        if tid in lonely:
                            elsewhere.append((tid, parent))
                    elif (tid, sid) not in trace.spans:
                        trace.spans[(tid, sid)] = (parent, _context_attrs(attrs))
        for tid, parent, own in calls:
            chain = trace.chain(tid, parent)
            if chain:
                trace.mark(tid, parent)
                if not _caller_of(own) and any(_caller_of(a) for a in chain):
                    trace.inherits = True
        for tid, parent in elsewhere:
            trace.mark(tid, parent)
        return trace

    def rows_of(self, obj: Mapping[str, Any], raw: bytes) -> Iterator[dict[str, Any] | F.RowError | _Merged]:
        """One row per span; a malformed level of the document (a resource, a scope) is one quarantined row, so
        nothing it held disappears without a count. Omitted levels (OTLP JSON leaves out empty fields) hold
        nothing."""
        try:
            if obj.get("resourceSpans") is None:
                raise F.RowError("resourceSpans", "required field is missing (not an OTLP trace export)")
            resource_spans = _list(obj.get("resourceSpans"), "resourceSpans")
        except F.RowError as err:
            yield err
            return
        for i, rs in enumerate(resource_spans):
            try:
                if not isinstance(rs, Mapping):
                    raise F.RowError(f"resourceSpans[{i}]", "expected an object")
                resource = attributes(_mapping(rs.get("resource"), f"resourceSpans[{i}].resource").get("attributes"))
                scopes = _list(rs.get("scopeSpans", rs.get("instrumentationLibrarySpans")),
                               f"resourceSpans[{i}].scopeSpans")
            except F.RowError as err:
                yield err
                continue
            for j, ss in enumerate(scopes):
                try:
                    spans = _list(_mapping(ss, f"resourceSpans[{i}].scopeSpans[{j}]").get("spans"),
                                  f"resourceSpans[{i}].scopeSpans[{j}].spans")
                except F.RowError as err:
                    yield err
                    continue
                for k, span in enumerate(spans):
                    try:
                        if not isinstance(span, Mapping):
                            raise F.RowError(f"resourceSpans[{i}].scopeSpans[{j}].spans[{k}]", "expected a span object")
                        ids = (span.get("traceId"), span.get("spanId"))
                        if self._trace is not None and all(isinstance(x, str) for x in ids) and ids in \
                                self._trace.ancestors and not _is_inference(attributes(span.get("attributes"))):
                            yield MERGED  # the context of a call in its trace (its caller, its address)
                            continue
                        row = self._span(span, resource)
                        row["source_format"] = self.name
                        yield row
                    except F.RowError as err:
                        yield err

    def _span(self, span: Mapping[str, Any], resource: Mapping[str, Any]) -> dict[str, Any]:
        attrs = attributes(span.get("attributes"))
        operation = attrs.get("gen_ai.operation.name") or attrs.get("llm.request.type")
        kind = attrs.get("openinference.span.kind")  # OpenInference (Arize Phoenix): LLM, CHAIN, TOOL, RETRIEVER...
        if operation is None and kind is not None:
            if str(kind).upper() != "LLM":
                raise F.RowError("openinference.span.kind", f"span kind {kind!r} carries no chat exchange")
            operation = "chat"
        model = F.opt_str(attrs.get("gen_ai.request.model") or attrs.get("gen_ai.response.model")
                          or attrs.get("llm.model_name"), "gen_ai.request.model")
        if operation is None and model is None:
            raise F.RowError("gen_ai.operation.name", f"span {span.get('name')!r} is not a GenAI call")
        if operation is not None and str(operation) not in GENERATION_OPERATIONS:
            raise F.RowError("gen_ai.operation.name", f"operation {operation!r} carries no chat exchange")
        if not model:
            raise F.RowError("gen_ai.request.model", "required field is missing")

        if span.get("startTimeUnixNano") is None:
            raise F.RowError("startTimeUnixNano", "required field is missing")
        ts_start = F.timestamp(_nanos(span["startTimeUnixNano"]), "startTimeUnixNano", self.time_range)
        ts_end = F.opt_timestamp(_nanos(span.get("endTimeUnixNano")), "endTimeUnixNano", self.time_range)

        chain: list[dict[str, Any]] = []
        parent = span.get("parentSpanId")
        if self._trace is not None and isinstance(parent, str) and parent and isinstance(span.get("traceId"), str):
            chain = self._trace.chain(span["traceId"], parent)
            if not chain and self._trace.inherits and not _caller_of({**resource, **attrs}):
                raise F.RowError("parentSpanId", f"the span's parent {parent!r} is not in this file, and the file's "
                                                 "calls take their caller from the spans above them")
        both: dict[str, Any] = {**resource}
        for ancestor in reversed(chain):
            both.update(ancestor)
        both.update(attrs)
        named = _identity(both, "account_id")
        key = _identity(both, "api_key_id")
        org = _identity(both, "org_id")
        account = (F.opt_str(str(named[1]), named[0]) if named else None) \
            or F.opt_str(both.get("user.id"), "user.id") or F.opt_str(both.get("enduser.id"), "enduser.id") \
            or F.opt_str(resource.get("service.name"), "service.name")
        if not account:
            raise F.RowError("user.id", "required field is missing (no user.id, enduser.id or service.name)")

        events_turns, event_answer, event_reasoning = _event_turns(span.get("events"))
        system: list[dict[str, str]] = []
        if attrs.get("gen_ai.system_instructions") is not None:
            parts = F.json_text(attrs["gen_ai.system_instructions"], "gen_ai.system_instructions", lenient=True)
            system = [{"role": "system", "content": _parts_text(parts, "gen_ai.system_instructions")[0]}]
        if attrs.get("gen_ai.input.messages") is not None:
            msgs = system + _messages(attrs["gen_ai.input.messages"], "gen_ai.input.messages")
        else:
            msgs = system + (_indexed(attrs, "gen_ai.prompt") or _indexed(attrs, "llm.input_messages", "message.")
                             or events_turns)
        if msgs and attrs.get("gen_ai.tool.definitions") is not None:  # the tools the request declared (1.37+)
            declared = F.json_text(attrs["gen_ai.tool.definitions"], "gen_ai.tool.definitions", lenient=True)
            if isinstance(declared, list):
                msgs = F.with_tools(msgs, F.tools_text({"tools": declared}))
        # No messages: the instrumentation's content capture was off
        # (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT); a content-free exchange, scanned on its metadata.
        # A redacted turn (F.REDACTED_TEXTS, e.g. a LiteLLM proxy exporting its traces) is no content either.
        msgs = [m for m in msgs if not m["content"] or F.unredacted(m["content"]) is not None]

        answer, reasoning = event_answer, event_reasoning
        if attrs.get("gen_ai.output.messages") is not None:
            out = F.json_text(attrs["gen_ai.output.messages"], "gen_ai.output.messages")
            if isinstance(out, list) and out and isinstance(out[0], Mapping):
                answer, reasoning = _parts_text(out[0].get("parts", out[0].get("content")),
                                                "gen_ai.output.messages[0].parts")
        elif isinstance(attrs.get("gen_ai.completion.0.content"), str):
            answer, reasoning = F.split_think(attrs["gen_ai.completion.0.content"])
        elif kind is not None:
            out_turns = _indexed(attrs, "llm.output_messages", "message.")
            if out_turns:
                answer, reasoning = F.split_think(out_turns[0]["content"])

        answer, reasoning = F.unredacted(answer), F.unredacted(reasoning)
        code = _mapping(span.get("status"), "status").get("code")
        failed = code in (2, "STATUS_CODE_ERROR") or attrs.get("error.type") is not None
        http = F.opt_int(attrs.get("http.response.status_code"), "http.response.status_code", "int16")
        span_id = F.opt_str(span.get("spanId"), "spanId") or ""
        return {
            "exchange_id": F.opt_str(attrs.get("gen_ai.response.id"), "gen_ai.response.id")
            or f"otel:{F.opt_str(span.get('traceId'), 'traceId') or ''}:{span_id}",
            "ts_start": ts_start, "ts_end": ts_end,
            "latency_ms": (ts_end - ts_start).total_seconds() * 1e3 if ts_end is not None else None,
            "account_id": account,
            "api_key_id": F.opt_str(both.get("api_key.id") or both.get("gen_ai.api_key.id")
                                    or (str(key[1]) if key else None), "api_key.id"),
            "org_id": F.opt_str(both.get("organization.id") or both.get("tenant.id") or (str(org[1]) if org else None),
                                "organization.id"),
            "end_user": F.opt_str(both.get("enduser.id"), "enduser.id")
            if (named or both.get("user.id")) and account != both.get("enduser.id") else None,
            "client_ip": F.opt_str(both.get("client.address"), "client.address"),
            "user_agent": F.opt_str(both.get("user_agent.original"), "user_agent.original"),
            "model": model, "messages": msgs, "response_text": answer, "reasoning_text": reasoning,
            "prompt_tokens": F.opt_int(_first(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
                                              "llm.token_count.prompt"), "gen_ai.usage.input_tokens"),
            "completion_tokens": F.opt_int(_first(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
                                                  "llm.token_count.completion"), "gen_ai.usage.output_tokens"),
            "reasoning_tokens": F.opt_int(_first(attrs, "gen_ai.usage.reasoning_tokens",
                                                 "gen_ai.usage.reasoning.output_tokens",
                                                 "llm.token_count.completion_details.reasoning"),
                                          "gen_ai.usage.reasoning_tokens"),
            "max_tokens": F.opt_int(_first(attrs, "gen_ai.request.max_tokens")
                                    or _invocation_max_tokens(attrs.get("llm.invocation_parameters")),
                                    "gen_ai.request.max_tokens"),
            "status": Status.ERROR.value if failed else Status.OK.value, "http_status": http,
        }
