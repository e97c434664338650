"""Coercion of decoded JSON values to Exchange field types, shared by the JSON-lines readers.

Every helper raises :class:`RowError` naming the field when a value has the wrong type or is out of
range, so the row is quarantined with a precise reason instead of failing the whole batch later.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_INT_RANGES = {"int16": (-(2**15), 2**15 - 1), "int32": (-(2**31), 2**31 - 1)}
_THINK = re.compile(r"^\s*<think>(.*?)</think>\s*", re.DOTALL)


#: Why a record a reader cannot read as a call is kept aside: it names nothing of a model (a load balancer's health
#: check, a service's status line or probe beside its calls).
NOT_A_CALL = "not a call to a model (no model, conversation, answer or tokens)"


class RowError(Exception):
    """A row cannot be normalised: ``field`` (input or Exchange field, if known) and ``reason``."""

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Timestamps outside ``[lo, hi)`` are quarantined: they are almost always unit mistakes
    (epoch milliseconds read as seconds) or placeholder values, and would wreck time windows."""

    lo: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=UTC)
    hi: dt.datetime = dt.datetime(2100, 1, 1, tzinfo=UTC)

    def check(self, value: dt.datetime, field: str) -> dt.datetime:
        if not self.lo <= value < self.hi:
            raise RowError(field, f"timestamp {value.isoformat()} out of range [{self.lo.date()}, {self.hi.date()})")
        return value


DEFAULT_TIME_RANGE = TimeRange()


class UntypedText(str):
    """Text from a container that cannot say what it held: a CSV cell, or a string column of a table export
    (Parquet from a warehouse, where JSON columns become strings). It stays text where a field wants a
    string; where a field wants a number, a time, an object or a list, it is read as one (``12``, ``1.5``,
    epoch seconds, JSON text)."""

    __slots__ = ()


_NUMBER = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*")


def is_number_text(value: str) -> bool:
    """Whether text spells a number (``12``, ``-1.5e3``)."""
    return _NUMBER.fullmatch(value) is not None


def _text_number(value: UntypedText, field: str, what: str) -> float | int:
    if not _NUMBER.fullmatch(value):
        raise RowError(field, f"expected {what}, got text {value[:64]!r}")
    number = float(value)
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number


# Epoch units by magnitude: seconds, milliseconds, microseconds, nanoseconds.
EPOCH_UNITS = ((1.0, "seconds"), (1e3, "milliseconds"), (1e6, "microseconds"), (1e9, "nanoseconds"))
# A zone name some exports append instead of an offset (BigQuery writes "2026-03-02 10:00:00 UTC").
_ZONE_SUFFIX = re.compile(r"\s*(?:UTC|GMT|Z)$")


#: The web server access-log time (nginx ``$time_local``, Apache ``%t``): ``02/Mar/2026:10:00:00 +0000``.
_CLF_TIME = "%d/%b/%Y:%H:%M:%S %z"


def _web_time(text: str) -> dt.datetime | None:
    """An RFC 2822 / HTTP date (``Mon, 02 Mar 2026 10:00:00 GMT``) or an access-log time, else None."""
    if "," in text[:5]:
        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        return dt.datetime.strptime(text, _CLF_TIME)
    except ValueError:
        return None


def timestamp(value: Any, field: str, rng: TimeRange = DEFAULT_TIME_RANGE) -> dt.datetime:
    """ISO-8601 string (naive means UTC; a trailing ``UTC`` is read as +00:00; an HTTP date or a web server's
    access-log time is read too) or epoch time (int or float, or a number written as text) ->
    aware UTC datetime. Epoch numbers are seconds, or milliseconds, microseconds or nanoseconds when only that
    unit puts them inside the time range (with the default range the four are disjoint: seconds of 2000-2100
    are below 4.2e9, the same instants in milliseconds above 9.4e11)."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):  # a number written as text: an epoch time
        value = _text_number(UntypedText(value), field, "epoch seconds")
    if isinstance(value, bool) or value is None:
        raise RowError(field, f"expected an ISO-8601 string or epoch seconds, got {_kind(value)}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RowError(field, f"timestamp {value!r} is not finite")
        lo, hi = rng.lo.timestamp(), rng.hi.timestamp()
        # Compare in seconds before building a datetime: far-off values would overflow datetime itself.
        fits = [scale for scale, _ in EPOCH_UNITS if lo <= float(value) / scale < hi]
        if len(fits) == 1:
            return _EPOCH + dt.timedelta(seconds=float(value) / fits[0])
        span = f"[{rng.lo.date()}, {rng.hi.date()})"
        if not fits:
            raise RowError(field, f"epoch time {value!r} out of range {span} in seconds, milliseconds, "
                                  "microseconds and nanoseconds")
        units = " or ".join(name for scale, name in EPOCH_UNITS if scale in fits)
        raise RowError(field, f"epoch time {value!r} is ambiguous in the range {span}: {units}")
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(_ZONE_SUFFIX.sub("+00:00", value.strip()))
        except ValueError:
            other = _web_time(value.strip())
            if other is None:
                raise RowError(field, f"not an ISO-8601 timestamp: {value[:64]!r}") from None
            parsed = other
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        return rng.check(parsed, field)
    raise RowError(field, f"expected an ISO-8601 string or epoch seconds, got {_kind(value)}")


def opt_timestamp(value: Any, field: str, rng: TimeRange = DEFAULT_TIME_RANGE) -> dt.datetime | None:
    return None if value is None else timestamp(value, field, rng)


def opt_str(value: Any, field: str) -> str | None:
    """A string field; numbers are accepted as their decimal text (ids are often logged as ints)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise RowError(field, f"expected a string, got {_kind(value)}")


def req_str(value: Any, field: str) -> str:
    text = opt_str(value, field)
    if not text:
        raise RowError(field, "required field is missing or empty")
    return text


def opt_int(value: Any, field: str, width: str = "int32") -> int | None:
    """An integer field; integral floats (``12.0``) pass, fractions, booleans and strings do not."""
    if value is None:
        return None
    if isinstance(value, UntypedText):
        value = _text_number(value, field, "an integer")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowError(field, f"expected an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise RowError(field, f"expected an integer, got {value!r}")
        value = int(value)
    lo, hi = _INT_RANGES[width]
    if not lo <= value <= hi:
        raise RowError(field, f"integer {value} out of {width} range")
    return value


def opt_float(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, UntypedText):
        value = _text_number(value, field, "a finite number")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RowError(field, f"expected a finite number, got {_kind(value)}")
    return float(value)


#: Gemini part keys that hold no text, and how the part is shown ([image] as for chat-completions parts).
_GEMINI_DATA = {"inlineData": "[inline_data]", "inline_data": "[inline_data]", "fileData": "[file]",
                "file_data": "[file]", "executableCode": "[code]", "codeExecutionResult": "[code_result]"}


def _gemini_part(part: Mapping[str, Any], where: str) -> str | None:
    """A Gemini API part (``text``, with ``thought: true`` for reasoning; ``functionCall``, ``functionResponse``,
    inline or file data) as text, or None when the part is not one."""
    if isinstance(part.get("text"), str):
        return part["text"]
    call = first(part, "functionCall", "function_call")
    if isinstance(call, Mapping):
        return tool_call_text("tool_call", call.get("name"), call.get("args"), f"{where}.functionCall")
    answer = first(part, "functionResponse", "function_response")
    if isinstance(answer, Mapping):
        return json.dumps(answer.get("response"), ensure_ascii=False, default=str)
    return next((shown for key, shown in _GEMINI_DATA.items() if key in part), None)


#: Bedrock Converse content blocks that hold no text, and how the block is shown.
_CONVERSE_DATA = {"image": "[image]", "document": "[document]", "video": "[video]", "audio": "[audio]"}


def _converse_part(part: Mapping[str, Any], where: str) -> tuple[str | None, str | None] | None:
    """An AWS Bedrock Converse content block (untyped, told by its one key: ``toolUse``, ``toolResult``,
    ``reasoningContent``, ``guardContent``, ``cachePoint``, media) as ``(text, reasoning)``, or None when the
    part is not one. A cache checkpoint is no content (``(None, None)``)."""
    if "cachePoint" in part:
        return None, None
    use = part.get("toolUse")
    if isinstance(use, Mapping):
        return tool_call_text("tool_use", use.get("name"), use.get("input"), f"{where}.toolUse"), None
    result = part.get("toolResult")
    if isinstance(result, Mapping):
        blocks = result.get("content")
        items = blocks if isinstance(blocks, list) else []
        texts = [b["text"] if isinstance(b.get("text"), str) else json.dumps(b.get("json"), ensure_ascii=False,
                                                                             default=str)
                 for b in items if isinstance(b, Mapping) and ("text" in b or "json" in b)]
        return "\n".join(texts), None
    thought = part.get("reasoningContent")
    if isinstance(thought, Mapping):
        if "redactedContent" in thought and "reasoningText" not in thought:
            return "[redacted_thinking]", None  # encrypted reasoning: a placeholder, as for Anthropic's block
        text = thought.get("reasoningText")
        text = text.get("text") if isinstance(text, Mapping) else text
        return None, opt_str(text, f"{where}.reasoningContent.reasoningText.text") or None
    guard = part.get("guardContent")
    if isinstance(guard, Mapping):
        inner = guard.get("text")
        return opt_str(inner.get("text") if isinstance(inner, Mapping) else inner, f"{where}.guardContent.text"), None
    shown = next((shown for key, shown in _CONVERSE_DATA.items() if isinstance(part.get(key), Mapping)), None)
    return (shown, None) if shown is not None else None


def _is_tool_result(part: Any) -> bool:
    """A content part that carries a tool's output back (Anthropic ``tool_result``, Converse ``toolResult``, a
    Gemini ``functionResponse``), or a cache checkpoint beside one."""
    return isinstance(part, Mapping) and (part.get("type") == "tool_result" or "toolResult" in part
                                          or "functionResponse" in part or "function_response" in part
                                          or "cachePoint" in part)


def tool_results_only(content: Any) -> bool:
    """Whether a user turn's content is nothing but tool output: the turn is the tool's, not the user's (as
    chat-completions logs write it, role ``tool``), so the user's last prompt stays the request they wrote."""
    return (isinstance(content, list) and any(_is_tool_result(p) and "cachePoint" not in p for p in content)
            and all(_is_tool_result(p) for p in content))


def content_parts(content: Any, field: str) -> tuple[str, str | None]:
    """Message content as ``(text, reasoning)``.

    Besides the chat-completions parts (``text``, ``image_url``...), this reads the content blocks of the
    Anthropic Messages API (``thinking`` and ``redacted_thinking``, ``tool_use`` as ``[tool_use NAME] INPUT``,
    ``tool_result`` as its own text), the blocks of Bedrock's Converse API (``toolUse``, ``toolResult``,
    ``reasoningContent`` as reasoning, media as ``[image]``...), those of the OpenAI Responses API
    (``input_text``, ``output_text``, ``refusal``, ``reasoning_text``, ``summary_text``) and the Gemini API's
    untyped parts (``text``, a
    ``thought: true`` text as reasoning, ``functionCall`` as ``[tool_call NAME] ARGS``, ``functionResponse``).
    ``reasoning`` joins the thinking parts (None if none).
    """
    if content is None:
        return "", None
    if isinstance(content, str):
        return content, None
    if not isinstance(content, list):
        raise RowError(field, f"expected a string or a list of content parts, got {_kind(content)}")
    texts: list[str] = []
    thoughts: list[str] = []
    for i, part in enumerate(content):
        where = f"{field}[{i}]"
        if isinstance(part, str):
            texts.append(part)
            continue
        if not isinstance(part, Mapping):
            raise RowError(where, f"expected a content part object, got {_kind(part)}")
        if part.get("type") is None and not set(part) <= {"text"}:
            gemini = _gemini_part(part, where)  # Gemini parts have no type: they are told by their keys
            if gemini is not None:
                (thoughts if part.get("thought") is True else texts).append(gemini)
                continue
            converse = _converse_part(part, where)  # so are Bedrock Converse blocks
            if converse is not None:
                text, thought = converse
                if text is not None:
                    texts.append(text)
                if thought is not None:
                    thoughts.append(thought)
                continue
        kind = str(part.get("type") or "text")
        if kind in ("text", "input_text", "output_text"):
            texts.append(opt_str(part.get("text"), f"{where}.text") or "")
        elif kind == "refusal":
            texts.append(opt_str(part.get("refusal"), f"{where}.refusal") or "")
        elif kind == "thinking":
            thoughts.append(opt_str(part.get("thinking"), f"{where}.thinking") or "")
        elif kind in ("reasoning_text", "summary_text"):
            thoughts.append(opt_str(part.get("text"), f"{where}.text") or "")
        elif kind == "tool_use":
            texts.append(tool_call_text("tool_use", part.get("name"), part.get("input"), where))
        elif kind == "tool_result":
            texts.append(content_parts(part.get("content"), f"{where}.content")[0])
        else:
            texts.append(f"[{kind.removeprefix('input_').removesuffix('_url')}]")
    return "\n".join(texts), ("\n".join(thoughts) if thoughts else None)


def tool_call_text(kind: str, name: Any, arguments: Any, field: str) -> str:
    """A tool call as one line of text, ``[KIND NAME] ARGUMENTS``: an agent's actions stay visible in the
    stored conversation (arguments as sent: a JSON string, or an object written as JSON)."""
    label = opt_str(name, f"{field}.name") or "?"
    if arguments is None or isinstance(arguments, str):
        args = arguments or ""
    else:
        args = json.dumps(arguments, ensure_ascii=False, sort_keys=True)
    return f"[{kind} {label}] {args}".rstrip()


def with_reasoning(text: str, reasoning: str | None) -> str:
    """An assistant turn with the reasoning its client sent back, as a leading ``<think>`` block: the same
    convention the readers use for answers (:func:`split_think`), so the reasoning is kept, not dropped."""
    return f"<think>{reasoning}</think>\n{text}" if reasoning else text


#: Responses API input items without a role, and the role their turn gets in the Exchange.
ITEM_ROLES = {"function_call": "assistant", "function_call_output": "tool", "reasoning": "assistant",
               "custom_tool_call": "assistant", "custom_tool_call_output": "tool", "computer_call": "assistant",
               "computer_call_output": "tool", "local_shell_call": "assistant", "local_shell_call_output": "tool",
               "web_search_call": "assistant", "file_search_call": "assistant", "image_generation_call": "assistant",
               "code_interpreter_call": "assistant", "mcp_call": "assistant", "mcp_list_tools": "tool",
               "mcp_approval_request": "assistant", "mcp_approval_response": "user", "item_reference": "assistant"}


def reasoning_item_text(item: Mapping[str, Any], field: str) -> str | None:
    """The text of a Responses API ``reasoning`` item: its summaries, then its reasoning text (None if empty)."""
    parts = (content_parts(item.get(key), f"{field}.{key}")[1] for key in ("summary", "content"))
    return "\n".join(t for t in parts if t) or None


def item_turn(item: Mapping[str, Any], kind: str, field: str) -> dict[str, str]:
    """One Responses API input item that has no role (a tool call, its output, a reasoning item...)."""
    role = ITEM_ROLES[kind]
    if kind == "reasoning":
        thought = reasoning_item_text(item, field)
        return {"role": role, "content": with_reasoning("", thought) if thought else "[reasoning]"}
    if kind in ("function_call", "custom_tool_call", "mcp_call"):
        args = item.get("arguments") if kind != "custom_tool_call" else item.get("input")
        return {"role": role, "content": tool_call_text(kind, item.get("name"), args, field)}
    output = item.get("output")
    if role == "tool" and (output is None or isinstance(output, str | list)):
        return {"role": role, "content": content_parts(output, f"{field}.output")[0]}
    return {"role": role, "content": f"[{kind}]"}


def turn_text(msg: Mapping[str, Any], field: str) -> tuple[str, str | None]:
    """A chat message's text and the reasoning in its content parts: the content, then its ``tool_calls``
    (and legacy ``function_call``) as ``[tool_call NAME] ARGUMENTS`` lines."""
    text, thought = content_parts(msg.get("content"), f"{field}.content")
    lines = [text] if text else []
    calls = msg.get("tool_calls")
    if isinstance(calls, UntypedText):  # a table export's string column holding the calls as JSON
        calls = json_text(calls, f"{field}.tool_calls")
    if calls is not None:
        if not isinstance(calls, list):
            raise RowError(f"{field}.tool_calls", f"expected a list, got {_kind(calls)}")
        for j, call in enumerate(calls):
            where = f"{field}.tool_calls[{j}].function"
            entry = mapping(call, f"{field}.tool_calls[{j}]")
            # chat completions nest the call under ``function``; others log its name and arguments on the call
            # itself (Datadog LLM Observability ``arguments``, LangChain ``args``)
            fn = mapping(entry.get("function"), where) if "function" in entry else entry
            args = fn.get("arguments") if fn.get("arguments") is not None else fn.get("args")
            lines.append(tool_call_text("tool_call", fn.get("name"), args, where))
    legacy = msg.get("function_call")
    if legacy is not None:
        fn = mapping(legacy, f"{field}.function_call")
        lines.append(tool_call_text("function_call", fn.get("name"), fn.get("arguments"), f"{field}.function_call"))
    return "\n".join(lines), thought


#: Texts loggers put in place of content they were told not to keep: LiteLLM's ``turn_off_message_logging``
#: (and its per-key and per-request redaction) replaces every message and answer with this string. A redacted
#: turn is no content: kept, every redacted prompt would be one prompt shared by every account.
REDACTED_TEXTS: frozenset[str] = frozenset({"redacted-by-litellm"})


def unredacted(text: str | None) -> str | None:
    """``text``, or None when it is a logger's redaction placeholder (``REDACTED_TEXTS``)."""
    return None if text is not None and text.strip() in REDACTED_TEXTS else text


#: Most characters of a request's tool and output schemas kept as its ``[tools]`` turn (an agent platform sends
#: dozens of tools with every request; what asks the model to do something sits in the first ones).
TOOLS_TEXT_MAX = 4000
_SCHEMA_DEPTH = 4


def _schema_lines(schema: Any, depth: int = 0) -> list[str]:
    """A JSON schema's properties as ``NAME: DESCRIPTION`` lines (``NAME`` alone without one), nested objects and
    array items included, to ``_SCHEMA_DEPTH`` levels."""
    if not isinstance(schema, Mapping) or depth > _SCHEMA_DEPTH:
        return []
    lines: list[str] = []
    props = schema.get("properties")
    if isinstance(props, Mapping):
        for name, sub in props.items():
            desc = sub.get("description") if isinstance(sub, Mapping) else None
            lines.append(f"{name}: {desc.strip()}" if isinstance(desc, str) and desc.strip() else str(name))
            lines += _schema_lines(sub, depth + 1)
    items = schema.get("items")
    if isinstance(items, Mapping):
        lines += _schema_lines(items, depth + 1)
    return lines


def _tool_spec(tool: Any) -> tuple[str | None, str | None, Any] | None:
    """(name, description, parameter schema) of one tool as the chat-completions (``function``), Responses,
    Anthropic (``input_schema``), Bedrock Converse (``toolSpec``) and Gemini (a function declaration) APIs
    write it; None for a built-in tool without a schema (web search, code execution)."""
    if not isinstance(tool, Mapping):
        return None
    for key in ("function", "toolSpec"):
        if isinstance(tool.get(key), Mapping):
            tool = tool[key]
    schema = first(tool, "parameters", "input_schema", "inputSchema", "parametersJsonSchema")
    if isinstance(schema, Mapping) and isinstance(schema.get("json"), Mapping):  # Converse: {"json": schema}
        schema = schema["json"]
    name, desc = tool.get("name"), tool.get("description")
    if not isinstance(name, str) or (schema is None and not isinstance(desc, str)):
        return None
    return name, desc if isinstance(desc, str) else None, schema


def tools_text(request: Mapping[str, Any]) -> str | None:
    """What a request's tool and output schemas ask of the model, as text: ``[tool NAME] DESCRIPTION`` and its
    parameters' ``NAME: DESCRIPTION`` lines, ``[tool_choice NAME]`` when one tool is forced, and a structured
    output's schema as ``[response_format NAME]``; None without any. A provider renders these into the model's
    context like a system prompt, and a harvester can ask for every step of the reasoning through them (a forced
    tool whose schema requires each intermediate inference): kept, the content signals read them as they read a
    system prompt. At most ``TOOLS_TEXT_MAX`` characters; a tools value of an unknown shape is no text, never
    an error (tools are not what makes the call readable)."""
    tools: list[Any] = []
    for key in ("tools", "functions"):
        if isinstance(request.get(key), list):
            tools += request[key]
    config = request.get("toolConfig")
    if isinstance(config, Mapping) and isinstance(config.get("tools"), list):  # Bedrock Converse
        tools += config["tools"]
    declared: list[Any] = []
    for tool in tools:  # Gemini: {"functionDeclarations": [...]} entries hold several
        decls = first(tool, "functionDeclarations", "function_declarations") if isinstance(tool, Mapping) else None
        declared += decls if isinstance(decls, list) else [tool]
    lines: list[str] = []
    for tool in declared:
        spec = _tool_spec(tool)
        if spec is None:
            continue
        name, desc, schema = spec
        lines.append(f"[tool {name}] {desc.strip()}" if desc and desc.strip() else f"[tool {name}]")
        lines += _schema_lines(schema)
    choice = first(request, "tool_choice", "toolChoice")
    if isinstance(config, Mapping) and choice is None:
        choice = config.get("toolChoice")
    forced = None
    if isinstance(choice, Mapping):
        inner = choice.get("function") if isinstance(choice.get("function"), Mapping) else choice.get("tool")
        forced = (inner or choice).get("name") if isinstance(inner or choice, Mapping) else None
    if isinstance(forced, str) and lines:
        lines.append(f"[tool_choice {forced}]")
    fmt = request.get("response_format")
    text_cfg = request.get("text")
    if not isinstance(fmt, Mapping) and isinstance(text_cfg, Mapping):
        fmt = text_cfg.get("format")  # the Responses API: text.format
    if isinstance(fmt, Mapping) and fmt.get("type") == "json_schema":
        out_spec: Mapping[str, Any] = fmt["json_schema"] if isinstance(fmt.get("json_schema"), Mapping) else fmt
        name, desc = out_spec.get("name"), out_spec.get("description")
        lines.append(f"[response_format {name if isinstance(name, str) else 'json_schema'}]"
                     + (f" {desc.strip()}" if isinstance(desc, str) and desc.strip() else ""))
        lines += _schema_lines(out_spec.get("schema"))
    text = "\n".join(lines)
    return text[:TOOLS_TEXT_MAX] or None


def with_tools(turns: list[dict[str, str]], tools: str | None) -> list[dict[str, str]]:
    """``turns`` with a request's tools text (:func:`tools_text`) as a ``[tools]`` system turn right after the
    leading system (or developer) turns, so the system prompt stays first; ``turns`` as they are without tools."""
    if not tools:
        return turns
    k = 0
    while k < len(turns) and turns[k]["role"] in ("system", "developer"):
        k += 1
    return [*turns[:k], {"role": "system", "content": f"[tools]\n{tools}"}, *turns[k:]]


#: LangChain message types (``BaseMessage.type``) and the Exchange role each is; ``chat`` carries its own role.
LANGCHAIN_ROLES = {"human": "user", "ai": "assistant", "system": "system", "developer": "system", "tool": "tool",
                   "function": "tool", "chat": None, "generic": None}
#: The same types as LangChain's serialised class names (``HumanMessage``, ``AIMessageChunk``...), lower-cased with
#: ``message``/``messagechunk`` cut off.
_LC_CLASS = re.compile(r"(?i)^(human|ai|system|tool|function|chat)message(?:chunk)?$")


def langchain_turn(msg: Any) -> dict[str, Any] | None:
    """A LangChain message as a chat-completions turn, or None when ``msg`` is not one.

    Three serialisations are read, as LangSmith runs, Langfuse's LangChain callback and LangServe logs write them:
    ``dumpd`` (``{"lc": 1, "type": "constructor", "id": [..., "HumanMessage"], "kwargs": {...}}``),
    ``message_to_dict`` (``{"type": "human", "data": {...}}``) and a model dump (``{"type": "human", "content":
    ...}``, no ``role``). LangChain's own tool calls (``{"name", "args", "id"}``) become chat-completions
    ``tool_calls``; ``additional_kwargs`` carries the provider's (``tool_calls``, ``reasoning_content``)."""
    if not isinstance(msg, Mapping) or "role" in msg:
        return None
    kind = msg.get("type")
    if msg.get("lc") == 1 and kind == "constructor" and isinstance(msg.get("kwargs"), Mapping):
        fields = msg["kwargs"]
        ident = msg.get("id")
        cls = _LC_CLASS.match(str(ident[-1])) if isinstance(ident, list) and ident else None
        kind = fields.get("type") or (cls.group(1).lower() if cls else None)
    elif isinstance(kind, str) and kind in LANGCHAIN_ROLES and isinstance(msg.get("data"), Mapping):
        fields = msg["data"]
    elif kind in ("human", "ai", "system", "tool", "chat") and "content" in msg:  # not ``function``: a tool spec
        fields = msg
    else:
        return None
    if not isinstance(kind, str) or kind not in LANGCHAIN_ROLES:
        return None
    role = LANGCHAIN_ROLES[kind] or opt_str(fields.get("role"), "role") or "user"
    turn: dict[str, Any] = {"role": role, "content": fields.get("content")}
    extra = fields.get("additional_kwargs") if isinstance(fields.get("additional_kwargs"), Mapping) else {}
    calls = fields.get("tool_calls")
    if isinstance(calls, list) and calls and all(isinstance(c, Mapping) and "args" in c for c in calls):
        turn["tool_calls"] = [{"id": c.get("id"), "type": "function",
                               "function": {"name": c.get("name"), "arguments": c.get("args")}} for c in calls]
    elif isinstance(extra.get("tool_calls"), list) and extra["tool_calls"]:
        turn["tool_calls"] = extra["tool_calls"]
    if extra.get("reasoning_content"):
        turn["reasoning_content"] = extra["reasoning_content"]
    return turn


def langchain_messages(value: Any) -> Any:
    """``value`` with LangChain messages as chat-completions turns (see :func:`langchain_turn`): a list whose
    first message is one; a LangChain chat model's batch of one conversation (``[[...]]``, as a LangSmith run
    logs its ``inputs.messages``) is that conversation. Anything else is returned as it is."""
    if not isinstance(value, list) or not value:
        return value
    if len(value) == 1 and isinstance(value[0], list) and value[0] and langchain_turn(value[0][0]) is not None:
        value = value[0]
    if langchain_turn(value[0]) is None:
        return value
    return [langchain_turn(m) or m for m in value]


def langchain_result(value: Any) -> Any:
    """A LangChain ``LLMResult`` (``{"generations": [[{"text", "message"}]], "llm_output": {...}}``, a LangSmith
    run's ``outputs``) as a chat completion: the first generation's message (its text when it has no message),
    usage from ``llm_output.token_usage``/``usage`` or the message's ``usage_metadata``, the model from
    ``llm_output``. Anything else is returned as it is."""
    if not isinstance(value, Mapping) or not isinstance(value.get("generations"), list) or "choices" in value:
        return value
    gens = value["generations"]
    first = gens[0] if gens else None
    if isinstance(first, list):
        first = first[0] if first else None
    if not isinstance(first, Mapping):
        return value
    msg = langchain_turn(first.get("message")) or (
        dict(first["message"]) if isinstance(first.get("message"), Mapping) and "role" in first["message"] else None)
    if msg is None:
        msg = {"role": "assistant", "content": first.get("text")}
    info: Mapping[str, Any] = first["generation_info"] if isinstance(first.get("generation_info"), Mapping) else {}
    out: dict[str, Any] = {"choices": [{"index": 0, "message": msg, "finish_reason": info.get("finish_reason")}]}
    llm: Mapping[str, Any] = value["llm_output"] if isinstance(value.get("llm_output"), Mapping) else {}
    usage = llm.get("token_usage") or llm.get("usage")
    raw_msg: Mapping[str, Any] = first["message"] if isinstance(first.get("message"), Mapping) else {}
    fields = raw_msg.get("kwargs") or raw_msg.get("data") or raw_msg
    meta = fields.get("usage_metadata") if isinstance(fields, Mapping) else None
    if not isinstance(usage, Mapping) and isinstance(meta, Mapping):
        usage = {"prompt_tokens": meta.get("input_tokens"), "completion_tokens": meta.get("output_tokens")}
        details = meta.get("output_token_details")
        if isinstance(details, Mapping) and details.get("reasoning") is not None:
            usage["completion_tokens_details"] = {"reasoning_tokens": details.get("reasoning")}
    if isinstance(usage, Mapping):
        out["usage"] = usage
    model = llm.get("model_name") or llm.get("model")
    if model:
        out["model"] = model
    return out


#: Gemini API roles and the Exchange role they are.
_GEMINI_ROLES = {"model": "assistant", "function": "tool"}


def messages(value: Any, field: str) -> list[dict[str, str]]:
    """A list of ``{role, content}`` turns as Exchange messages (empty when the log kept no content; a turn
    whose content is a redaction placeholder, see ``REDACTED_TEXTS``, is left out).

    Reads chat-completions messages (assistant ``tool_calls`` become ``[tool_call NAME] ARGUMENTS`` lines,
    ``reasoning_content``/``reasoning`` sent back a leading ``<think>`` block), Anthropic Messages turns (content
    blocks, see :func:`content_parts`), OpenAI Responses API input items (a ``function_call`` is an
    assistant turn, its ``function_call_output`` a ``tool`` turn, a ``reasoning`` item a ``<think>`` block) and
    Gemini ``contents`` turns (``parts``; role ``model`` is the assistant, ``function`` a tool, none the user).
    """
    if isinstance(value, UntypedText):
        value = json_text(value, field)
    if not isinstance(value, list):
        raise RowError(field, "required field is missing" if value is None else f"expected a list, got {_kind(value)}")
    value = langchain_messages(value)
    if len(value) > 1 and all(isinstance(m, list) for m in value):
        raise RowError(field, f"a batch of {len(value)} conversations in one record (one call each expected)")
    out = []
    for i, msg in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(msg, Mapping):
            raise RowError(where, f"expected a message object, got {_kind(msg)}")
        kind = msg.get("type")
        if msg.get("role") is None and isinstance(kind, str) and kind in ITEM_ROLES:
            out.append(item_turn(msg, kind, where))
            continue
        gemini = "parts" in msg and "content" not in msg  # a Gemini turn: role user/model/function, content in parts
        given = msg.get("role")
        if given is None and gemini:
            given = "user"  # a Gemini turn's role is optional: a single-turn request often leaves it out
        role = req_str(given, f"{where}.role")
        if gemini:
            role = _GEMINI_ROLES.get(role, role)
            msg = {**msg, "content": msg["parts"]}
        if role == "user" and tool_results_only(msg.get("content")):
            role = "tool"  # tool output sent back in a user turn (Anthropic, Converse, Gemini)
        text, thought = turn_text(msg, where)
        sent_back = reasoning_value(first(msg, "reasoning_content", "reasoning"), f"{where}.reasoning_content")
        if sent_back:
            thought = f"{sent_back}\n{thought}" if thought else sent_back
        if unredacted(text) is None and unredacted(thought) is None and (text or thought):
            continue  # a redacted turn: no content (``REDACTED_TEXTS``)
        out.append({"role": role, "content": with_reasoning(text, thought)})
    return out


#: Where a turn's reasoning object keeps its text: a chat app's ``{"summary": [...], "durationMs": ...}``, a
#: provider's ``{"content": ...}``/``{"text": ...}``, a thought summary's parts.
_REASONING_TEXT_KEYS = ("content", "text", "summary", "summary_text", "thinking", "thoughts", "steps")


def reasoning_value(value: Any, where: str) -> str | None:
    """A turn's or a message's reasoning as text: a string; a list of strings or text parts (a thought summary's
    ``[{"type": "summary_text", "text": ...}]``); an object that keeps it under one of ``_REASONING_TEXT_KEYS``
    (a chat app's ``{"summary": ["...", "..."], "durationMs": 5200}``). Anything else is a ``RowError``."""
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, list):
        parts = [reasoning_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return "\n".join(p for p in parts if p) or None
    if isinstance(value, Mapping):
        for key in _REASONING_TEXT_KEYS:
            if key in value:
                return reasoning_value(value[key], f"{where}.{key}")
        if not value:
            return None
    raise RowError(where, f"expected reasoning text, got {type(value).__name__}")


def split_think(text: str | None) -> tuple[str | None, str | None]:
    """Split a leading ``<think>...</think>`` block off a response: (answer, reasoning)."""
    if not text:
        return text, None
    m = _THINK.match(text)
    if m is None:
        return text, None
    return text[m.end():], m.group(1).strip()


def content_id(raw: bytes) -> str:
    """Exchange id for a log line that carries none: a hash of its bytes, so re-reading the same line
    (in the same or an overlapping file) yields the same id and the store counts it once."""
    return "sha256:" + hashlib.sha256(raw.strip()).hexdigest()[:32]


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    """An optional JSON object (``None`` -> empty); an object written as JSON text (a CSV cell, a column of a
    table export, or a string inside a JSON log line) is decoded."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = json_text(value, field)
    if not isinstance(value, Mapping):
        raise RowError(field, f"expected an object, got {_kind(value)}")
    return value


def json_text(value: Any, field: str, *, lenient: bool = False) -> Any:
    """A value some logs store as JSON text (database exports keep JSON columns as strings): a string that
    starts like a JSON object or array is decoded; anything else is returned as it is. A string that does
    not decode is an error, or with ``lenient`` (a prompt may start with ``[``) returned unchanged, unless it is
    a record cut short by a size limit (:func:`cut_json`): then what was written before the cut."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            if lenient:
                cut = cut_json(value) if len(value) >= CUT_JSON_MIN else None
                return value if cut is None else cut
            raise RowError(field, f"a JSON string that does not decode: {exc.msg} at column {exc.colno}") from None
    return value


#: Shortest JSON text read as a record cut short rather than as text: a log store's limit on an event (Splunk's
#: ``TRUNCATE``, 10,000 bytes by default; a shipper's or a logger's maximum line) is thousands of bytes.
CUT_JSON_MIN = 1000
#: A JSON text's tokens as far as its structure goes: a string (``end`` its closing quote, or empty for a string the
#: cut ends, maybe in an escape) or a structural character; what lies between (numbers, literals, blanks) does not
#: change the structure.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*(?P<end>"|\\?\Z)|[{}\[\],:]', re.S)
#: A cut escape at the end of a cut string (``\``, ``\u00``), dropped before the string is closed.
_CUT_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{0,3})?\Z")


@functools.lru_cache(maxsize=64)
def cut_json(text: str) -> Any:
    """The value of a JSON object or array cut short (a log store's size limit cut the event mid-record), what was
    written before the cut: its open containers closed, and a string cut inside a value closed where it was cut
    (the start of a long message is kept); a member cut in its key, or before or inside a number or literal, is
    dropped back to the last comma. None when the text is no such prefix: it has an error before its end, or it is
    whole. Cached for the few texts of the record being read (a path's every step decodes the text again)."""
    closers: list[str] = []
    safe, safe_closers = -1, ""
    cut, prev, cut_key, end = "", "", False, 0
    for m in _JSON_TOKENS.finditer(text):
        tok, end = m.group(), m.end()
        if tok[0] == '"':
            if m.group("end") != '"':  # the cut falls inside this string
                cut, cut_key = tok, bool(closers) and closers[-1] == "}" and prev in ("{", ",")
                break
        elif tok in "{[":
            closers.append("}" if tok == "{" else "]")
        elif tok in "}]":
            if not closers or closers.pop() != tok:
                return None
        elif tok == ",":
            safe, safe_closers = m.start(), "".join(reversed(closers))
        prev = tok[0]
    if not closers:
        return None
    shut = "".join(reversed(closers))
    tries = []
    if cut and not cut_key:  # a value cut inside its string: closed where it was cut
        tries.append(text[:len(text) - len(cut)] + _CUT_ESCAPE.sub("", cut) + '"' + shut)
    elif not cut and not text[end:].strip():  # a number or literal after the last token may be cut: dropped
        tries.append(text + shut)
    if safe >= 0:
        tries.append(text[:safe] + safe_closers)
    for candidate in tries:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    return None


def first(obj: Mapping[str, Any], *keys: str) -> Any:
    """The first non-null value among ``keys``."""
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return value
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "array"
    return {dict: "object", str: "string", int: "integer", float: "number"}.get(type(value), type(value).__name__)
