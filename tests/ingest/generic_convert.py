"""Exchange table -> request logs of shapes no named reader knows (a reusable test helper for ``generic``).

Three shapes, each modelled on how a kind of product logs a call (none is any product's exact schema):

- ``flat``: one flat record per call, as API-observability tools export them: ``request_id``,
  ``request_created_at``/``response_created_at``, ``user_id``, ``organization_id``, ``request_ip``, the
  request body as JSON text under ``request_body``, the response object under ``response_body``,
  ``response_status``, token counts at the top level and the client headers under ``headers``.
- ``nested``: an API-management or proxy record: ``id``, ``created_at`` (epoch microseconds), ``request``
  with ``headers`` (``user-agent``, ``x-forwarded-for`` with a proxy hop after the client) and ``body``,
  ``response`` with ``status`` and ``body``, the caller under ``metadata``, and the raw ``api_key``.
- ``generation``: an LLM-tracing export of one generation: ``id``, ``startTime``/``endTime``, ``model``,
  ``input`` (the turns), ``output`` (the assistant turn), ``promptTokens``/``completionTokens``, ``userId``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

try:
    from openai_convert import to_openai_log, write_json_lines
except ModuleNotFoundError:  # loaded by path from another test folder: its own folder is not on sys.path
    import importlib.util

    _spec = importlib.util.spec_from_file_location("openai_convert", Path(__file__).with_name("openai_convert.py"))
    assert _spec is not None and _spec.loader is not None
    _mod = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    to_openai_log, write_json_lines = _mod.to_openai_log, _mod.write_json_lines

#: Fields each shape carries and the reader restores exactly.
CARRIED = {
    "flat": ("exchange_id", "ts_start", "ts_end", "account_id", "org_id", "end_user", "client_ip", "user_agent",
             "model", "messages", "response_text", "reasoning_text", "prompt_tokens", "completion_tokens",
             "reasoning_tokens", "max_tokens", "status", "http_status"),
    "nested": ("exchange_id", "ts_start", "account_id", "org_id", "end_user", "client_ip", "user_agent", "model",
               "messages", "response_text", "reasoning_text", "prompt_tokens", "completion_tokens",
               "reasoning_tokens", "max_tokens", "status", "http_status", "latency_ms"),
    "generation": ("exchange_id", "ts_start", "ts_end", "account_id", "model", "messages", "response_text",
                   "reasoning_text", "prompt_tokens", "completion_tokens", "reasoning_tokens", "max_tokens",
                   "status"),
}


def _iso(t: Any) -> str | None:
    return None if t is None else t.isoformat()


def _status(row: Mapping[str, Any]) -> Any:
    return row["http_status"] if row.get("http_status") is not None else row.get("status")


def secret_key(account: str) -> str:
    """The raw API key the ``nested`` shape logs for an account (the reader must store it hashed)."""
    return "sk-live-" + hashlib.sha256(account.encode()).hexdigest()[:40]


def to_flat(row: Mapping[str, Any]) -> dict[str, Any]:
    log = to_openai_log(row)
    return {"request_id": row["exchange_id"], "request_created_at": _iso(row["ts_start"]),
            "response_created_at": _iso(row.get("ts_end")), "provider": "OPENAI", "user_id": row["account_id"],
            "organization_id": row.get("org_id"), "request_ip": row.get("client_ip"),
            "headers": {"User-Agent": row.get("user_agent")}, "request_body": json.dumps(log["request"]),
            "response_body": log["response"] or {"error": log.get("error")}, "response_status": _status(row),
            "prompt_tokens": row.get("prompt_tokens"), "completion_tokens": row.get("completion_tokens")}


def to_nested(row: Mapping[str, Any]) -> dict[str, Any]:
    log = to_openai_log(row)
    headers = {"content-type": "application/json", "user-agent": row.get("user_agent")}
    if row.get("client_ip"):
        headers["x-forwarded-for"] = f"{row['client_ip']}, 10.0.3.7"
    micros = round(row["ts_start"].timestamp() * 1e6)
    return {"id": row["exchange_id"], "created_at": micros, "latency_ms": row.get("latency_ms"),
            "request": {"method": "POST", "path": "/v1/chat/completions", "headers": headers, "body": log["request"]},
            "response": {"status": _status(row), "body": log["response"] or {"error": log.get("error")}},
            "metadata": {"account_id": row["account_id"], "organization": row.get("org_id"),
                         "prompt_tokens": row.get("prompt_tokens"),
                         "completion_tokens": row.get("completion_tokens")},
            "api_key": secret_key(row["account_id"])}


def to_generation(row: Mapping[str, Any]) -> dict[str, Any]:
    output = None
    if row.get("status") in (None, "ok"):
        output = {"role": "assistant", "content": row.get("response_text")}
        if row.get("reasoning_text") is not None:
            output["reasoning_content"] = row["reasoning_text"]
    return {"id": row["exchange_id"], "type": "GENERATION", "name": "chat", "startTime": _iso(row["ts_start"]),
            "endTime": _iso(row.get("ts_end")), "model": row["model"], "max_tokens": row.get("max_tokens"),
            "input": [{"role": m["role"], "content": m["content"]} for m in row["messages"]], "output": output,
            "promptTokens": row.get("prompt_tokens"), "completionTokens": row.get("completion_tokens"),
            # like a failed call's payload elsewhere, no response-side usage when there was no answer
            "reasoningTokens": row.get("reasoning_tokens") if output is not None else None,
            "status": row.get("status") or "ok",
            "userId": row["account_id"], "metadata": {"sdk": "python"}}


SHAPES: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "flat": to_flat, "nested": to_nested, "generation": to_generation}


def write_shape(table: pa.Table, path: Path, shape: str) -> Path:
    """Every row of an Exchange table as one JSON line of ``shape``."""
    return write_json_lines(table, path, SHAPES[shape])


def write_flat(table: pa.Table, path: Path) -> Path:
    return write_shape(table, path, "flat")


def write_nested(table: pa.Table, path: Path) -> Path:
    return write_shape(table, path, "nested")


def write_generation(table: pa.Table, path: Path) -> Path:
    return write_shape(table, path, "generation")
