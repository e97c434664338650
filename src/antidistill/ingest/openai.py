"""The ``openai`` format: OpenAI-style request/response logs, one JSON object per line.

Each line holds the chat-completions request body under ``request``, the response body under
``response`` (absent or null for failures) and the caller metadata the provider recorded under
``metadata`` or at the top level. The legacy completions shape (``request.prompt``,
``response.choices[0].text``) is accepted too. ``docs/log-formats.md`` gives the exact shape and how
each field maps to the Exchange record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from antidistill.ingest import fields as F
from antidistill.ingest.base import READERS
from antidistill.ingest.jsonlines import JsonLinesReader
from antidistill.records import Status

# Caller metadata copied as-is when the provider logged it (name in the log == Exchange field name).
_META_STR = ("api_key_id", "org_id", "access_path", "account_tier", "payment_fingerprint", "client_ip", "user_agent")
_STATUS_WORDS = {"ok": Status.OK, "success": Status.OK, "error": Status.ERROR, "failure": Status.ERROR,
                 "failed": Status.ERROR, "aborted": Status.ABORTED, "cancelled": Status.ABORTED,
                 "denied": Status.DENIED, "blocked": Status.DENIED}


def status_from_http(code: int) -> str:
    """Exchange status for an HTTP status code (4xx/5xx are errors; 499 is a client that went away)."""
    if code == 499:
        return Status.ABORTED.value
    return Status.OK.value if code < 400 else Status.ERROR.value


def response_fields(response: Mapping[str, Any], field: str) -> dict[str, Any]:
    """Answer, reasoning and token counts from an OpenAI chat or completions response object.

    Shared with the LiteLLM reader, whose ``response`` is the same object. Reasoning comes from
    ``message.reasoning_content`` or ``message.reasoning``, else from a leading ``<think>`` block.
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
        if message:
            text = F.content_text(message.get("content"), f"{field}.choices[0].message.content")
            reasoning = F.opt_str(F.first(message, "reasoning_content", "reasoning"),
                                  f"{field}.choices[0].message.reasoning_content")
        else:
            text = F.opt_str(choice.get("text"), f"{field}.choices[0].text")
            reasoning = None
        if reasoning is None:
            text, reasoning = F.split_think(text)
        out["response_text"], out["reasoning_text"] = text, reasoning
    usage = F.mapping(response.get("usage"), f"{field}.usage")
    details = F.mapping(usage.get("completion_tokens_details"), f"{field}.usage.completion_tokens_details")
    out["prompt_tokens"] = F.opt_int(usage.get("prompt_tokens"), f"{field}.usage.prompt_tokens")
    out["completion_tokens"] = F.opt_int(usage.get("completion_tokens"), f"{field}.usage.completion_tokens")
    out["reasoning_tokens"] = F.opt_int(details.get("reasoning_tokens"),
                                        f"{field}.usage.completion_tokens_details.reasoning_tokens")
    return out


def prompt_messages(prompt: Any, field: str) -> list[dict[str, str]]:
    """A legacy completions ``prompt`` (string or list of strings) as one user turn."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    if isinstance(prompt, list) and prompt and all(isinstance(p, str) for p in prompt):
        return [{"role": "user", "content": "\n".join(prompt)}]
    raise F.RowError(field, "expected a string or a list of strings")


@READERS.register
class OpenAIReader(JsonLinesReader):
    """OpenAI chat-completions (and legacy completions) request/response logs."""

    name = "openai"

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        return first is not None and isinstance(first.get("request"), dict)

    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        request = F.mapping(obj.get("request"), "request")
        if not request:
            raise F.RowError("request", "required field is missing")
        response = F.mapping(obj.get("response"), "response")
        meta = {**{k: v for k, v in obj.items() if k not in ("request", "response", "metadata")},
                **F.mapping(obj.get("metadata"), "metadata")}

        if request.get("messages") is not None:
            msgs = F.messages(request.get("messages"), "request.messages")
        elif request.get("prompt") is not None:
            msgs = prompt_messages(request["prompt"], "request.prompt")
        else:
            raise F.RowError("request.messages", "required field is missing (no messages and no prompt)")
        model = F.opt_str(request.get("model"), "request.model") or F.opt_str(response.get("model"), "response.model")
        if not model:
            raise F.RowError("request.model", "required field is missing")

        stamp = F.first(meta, "timestamp", "ts_start")
        if stamp is not None:
            ts_start = F.timestamp(stamp, "metadata.timestamp", self.time_range)
        elif response.get("created") is not None:
            ts_start = F.timestamp(response["created"], "response.created", self.time_range)
        else:
            raise F.RowError("metadata.timestamp", "required field is missing (no timestamp and no response.created)")
        latency = F.opt_float(meta.get("latency_ms"), "metadata.latency_ms")
        ts_end = ts_start + dt.timedelta(milliseconds=latency) if latency is not None else None

        user = F.opt_str(request.get("user"), "request.user")
        api_key = F.opt_str(meta.get("api_key_id"), "metadata.api_key_id")
        account = F.opt_str(meta.get("account_id"), "metadata.account_id") or api_key or user
        if not account:
            raise F.RowError("metadata.account_id", "required field is missing (no account_id, api_key_id or user)")

        status, http_status = self._status(meta, response, obj.get("error"))
        row: dict[str, Any] = {
            "exchange_id": F.opt_str(F.first(response, "id"), "response.id")
            or F.opt_str(F.first(meta, "request_id", "id", "exchange_id"), "metadata.request_id")
            or F.content_id(raw),
            "ts_start": ts_start, "ts_end": ts_end, "latency_ms": latency,
            "account_id": account, "end_user": user, "model": model, "messages": msgs,
            "max_tokens": F.opt_int(F.first(request, "max_completion_tokens", "max_tokens"), "request.max_tokens"),
            "account_created_at": F.opt_timestamp(meta.get("account_created_at"), "metadata.account_created_at",
                                                  self.time_range),
            "asn": F.opt_int(meta.get("asn"), "metadata.asn"),
            "status": status, "http_status": http_status,
        }
        for name in _META_STR:
            row[name] = F.opt_str(meta.get(name), f"metadata.{name}")
        row.update(response_fields(response, "response"))
        return row

    @staticmethod
    def _status(meta: Mapping[str, Any], response: Mapping[str, Any], error: Any) -> tuple[str | None, int | None]:
        raw = meta.get("status")
        http = F.opt_int(meta.get("http_status"), "metadata.http_status", "int16")
        if isinstance(raw, int) and not isinstance(raw, bool):
            http = F.opt_int(raw, "metadata.status", "int16")
            return status_from_http(raw), http
        if isinstance(raw, str):
            word = _STATUS_WORDS.get(raw.strip().lower())
            if word is None:
                known = ", ".join(sorted(_STATUS_WORDS))
                raise F.RowError("metadata.status", f"unknown status {raw!r}; known: {known}")
            return word.value, http
        if raw is not None:
            raise F.RowError("metadata.status", "expected an HTTP status code or a status word")
        if http is not None:
            return status_from_http(http), http
        if error is not None:
            return Status.ERROR.value, http
        return (Status.OK.value if response.get("choices") else None), http
