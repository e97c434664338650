"""Exchange table -> OpenAI-style request/response log lines (a reusable test helper).

The shape is the one ``docs/log-formats.md`` documents for the ``openai`` reader: the
chat-completions request body under ``request``, the response body under ``response`` (null when
the call failed, with an ``error`` object instead) and the provider's caller metadata under
``metadata``. ``parts=True`` writes user content as a list of content parts, as vision-capable
clients send it. Usage from another test folder: see ``litellm_convert``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

# Exchange fields the OpenAI log carries and the reader restores exactly.
OPENAI_CARRIED = ("exchange_id", "ts_start", "ts_end", "account_id", "api_key_id", "org_id", "end_user",
                  "access_path", "account_created_at", "account_tier", "payment_fingerprint", "client_ip", "asn",
                  "user_agent", "model", "messages", "response_text", "reasoning_text", "prompt_tokens",
                  "completion_tokens", "reasoning_tokens", "max_tokens", "status", "http_status", "latency_ms")
_META = ("account_id", "api_key_id", "org_id", "access_path", "account_tier", "payment_fingerprint", "client_ip",
         "asn", "user_agent", "latency_ms", "status", "http_status")


def _content(text: str, parts: bool) -> Any:
    return [{"type": "text", "text": text}] if parts else text


def to_openai_log(row: Mapping[str, Any], *, parts: bool = False) -> dict[str, Any]:
    """One Exchange row (``EXCHANGE_SCHEMA`` dict) as an OpenAI-style log object."""
    request: dict[str, Any] = {
        "model": row["model"],
        "messages": [{"role": m["role"], "content": _content(m["content"], parts and m["role"] == "user")}
                     for m in row["messages"]],
    }
    if row.get("max_tokens") is not None:
        request["max_completion_tokens"] = row["max_tokens"]
    if row.get("end_user") is not None:
        request["user"] = row["end_user"]
    meta: dict[str, Any] = {k: row[k] for k in _META if row.get(k) is not None}
    meta["timestamp"] = row["ts_start"].isoformat().replace("+00:00", "Z")
    if row.get("account_created_at") is not None:
        meta["account_created_at"] = row["account_created_at"].isoformat()
    out: dict[str, Any] = {"request": request, "metadata": meta, "response": None}
    if row.get("status") in (None, "ok"):
        message: dict[str, Any] = {"role": "assistant", "content": row.get("response_text"), "refusal": None}
        if row.get("reasoning_text") is not None:
            message["reasoning_content"] = row["reasoning_text"]
        usage: dict[str, Any] = {"prompt_tokens": row.get("prompt_tokens"),
                                 "completion_tokens": row.get("completion_tokens")}
        if row.get("reasoning_tokens") is not None:
            usage["completion_tokens_details"] = {"reasoning_tokens": row["reasoning_tokens"]}
        out["response"] = {"id": row["exchange_id"], "object": "chat.completion",
                           "created": int(row["ts_start"].timestamp()), "model": row["model"],
                           "choices": [{"index": 0, "message": message, "finish_reason": "stop"}], "usage": usage}
    else:
        meta["request_id"] = row["exchange_id"]
        out["error"] = {"message": f"upstream returned {row.get('http_status')}", "type": "server_error"}
    return out


def table_rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    """The rows of an Exchange table as dicts, ten thousand at a time."""
    for batch in table.to_batches(max_chunksize=10_000):
        yield from batch.to_pylist()


def write_json_lines(table: pa.Table, path: Path, convert: Callable[[Mapping[str, Any]], Any]) -> Path:
    """Write every row of an Exchange table, converted, as one JSON line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in table_rows(table):
            fh.write(json.dumps(convert(row), ensure_ascii=False) + "\n")
    return path


def write_openai_jsonl(table: pa.Table, path: Path, *, parts: bool = False) -> Path:
    """Write every row of an Exchange table as one OpenAI-style log line."""
    return write_json_lines(table, path, lambda row: to_openai_log(row, parts=parts))


def to_two_lines(row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """One Exchange row as a gateway that logs a call twice writes it: the request line when it arrives and the
    response line when it completes, sharing ``request_id`` (the response line carries no conversation)."""
    log = to_openai_log(row)
    head = {"request_id": row["exchange_id"]}
    request_line = {**head, "event": "request", "request": log["request"], "metadata": log["metadata"]}
    response_line = {**head, "event": "response", "response": log["response"],
                     **({"error": log["error"]} if "error" in log else {})}
    return request_line, response_line


def write_two_lines(table: pa.Table, path: Path, *, lag: int = 5) -> Path:
    """Every row of an Exchange table as its two lines (:func:`to_two_lines`), each response line written after
    the request lines of up to ``lag`` later calls, as concurrent calls interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    waiting: list[dict[str, Any]] = []
    with path.open("w", encoding="utf-8") as fh:
        for row in table_rows(table):
            request_line, response_line = to_two_lines(row)
            fh.write(json.dumps(request_line, ensure_ascii=False) + "\n")
            waiting.append(response_line)
            if len(waiting) > lag:
                fh.write(json.dumps(waiting.pop(0), ensure_ascii=False) + "\n")
        for line in waiting:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
