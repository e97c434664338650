"""Exchange table -> LiteLLM ``StandardLoggingPayload`` JSON lines (a reusable test helper).

Writes what LiteLLM's logging callbacks write for a chat call through the proxy (field names from
LiteLLM's "StandardLoggingPayload Specification"), so any Exchange table, for instance a traffic-lab
scenario, can be replayed as a LiteLLM log::

    from litellm_convert import write_litellm_jsonl   # tests/ingest is on sys.path for its tests
    write_litellm_jsonl(table, tmp_path / "litellm.jsonl")

From another test folder: ``sys.path.insert(0, str(Path(__file__).parents[1] / "ingest"))`` first.

Not carried by LiteLLM (lost in the round trip): ``access_path``, ``account_created_at``,
``account_tier``, ``payment_fingerprint``, ``asn``, ``http_status`` of successful calls, and the
distinction between ``error``, ``aborted`` and ``denied`` (LiteLLM has "success"/"failure").
Unknown token counts are written as 0, as LiteLLM does.

``write_spend_logs_json`` writes the same rows as LiteLLM's **spend logs** instead: rows of the proxy
database's ``LiteLLM_SpendLogs`` table (``SpendLogsPayload``) in one JSON array, as an export or the
``/spend/logs`` endpoint returns them, with ``metadata``, ``messages``, ``response`` and
``proxy_server_request`` as JSON text and ISO times. Spend logs carry no user agent either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
from openai_convert import write_json_lines

# Exchange fields the LiteLLM payload carries and the reader restores exactly (tokens: null -> 0).
LITELLM_CARRIED = ("exchange_id", "ts_start", "ts_end", "account_id", "api_key_id", "org_id", "end_user",
                   "client_ip", "user_agent", "model", "messages", "response_text", "reasoning_text",
                   "prompt_tokens", "completion_tokens", "reasoning_tokens", "max_tokens", "latency_ms")


def to_litellm_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """One Exchange row (``EXCHANGE_SCHEMA`` dict) as a StandardLoggingPayload dict."""
    start = row["ts_start"].timestamp()
    end = row["ts_end"].timestamp() if row.get("ts_end") is not None else start
    ok = row.get("status") in (None, "ok")
    usage = {"prompt_tokens": row.get("prompt_tokens") or 0, "completion_tokens": row.get("completion_tokens") or 0,
             "total_tokens": (row.get("prompt_tokens") or 0) + (row.get("completion_tokens") or 0)}
    if row.get("reasoning_tokens") is not None:
        usage["completion_tokens_details"] = {"reasoning_tokens": row["reasoning_tokens"]}
    response: dict[str, Any] = {}
    if ok:
        message = {"role": "assistant", "content": row.get("response_text"), "tool_calls": None}
        if row.get("reasoning_text") is not None:
            message["reasoning_content"] = row["reasoning_text"]
        response = {"id": row["exchange_id"], "object": "chat.completion", "created": int(start), "model": row["model"],
                    "choices": [{"index": 0, "finish_reason": "stop", "message": message}], "usage": usage}
    code = row.get("http_status")
    params = {"max_tokens": row["max_tokens"]} if row.get("max_tokens") is not None else {}
    return {
        "id": row["exchange_id"], "trace_id": f"trace-{row['exchange_id']}", "call_type": "acompletion",
        "stream": False, "response_cost": 0.0, "status": "success" if ok else "failure",
        "custom_llm_provider": "openai", "total_tokens": usage["total_tokens"],
        "prompt_tokens": usage["prompt_tokens"], "completion_tokens": usage["completion_tokens"],
        "startTime": start, "endTime": end, "completionStartTime": end, "response_time": end - start,
        "model_map_information": {"model_map_key": row["model"], "model_map_value": None},
        "model": row["model"], "model_id": f"deploy-{row['model']}", "model_group": row["model"],
        "api_base": "https://upstream.invalid/v1",
        "metadata": {
            "user_api_key_hash": row.get("api_key_id"), "user_api_key_alias": None,
            "user_api_key_org_id": row.get("org_id"), "user_api_key_team_id": None,
            "user_api_key_user_id": row["account_id"], "user_api_key_team_alias": None,
            "user_api_key_end_user_id": None, "spend_logs_metadata": None,
            "requester_ip_address": row.get("client_ip"), "user_agent": row.get("user_agent"),
            "requester_metadata": {}, "applied_guardrails": [], "usage_object": usage if ok else None,
        },
        "cache_hit": None, "cache_key": None, "saved_cache_cost": 0.0, "request_tags": [],
        "end_user": row.get("end_user"), "requester_ip_address": row.get("client_ip"),
        "messages": [dict(m) for m in row["messages"]], "response": response,
        "error_str": None if ok else f"litellm.APIError: upstream returned {code}",
        "error_information": None if ok else {"error_code": str(code) if code else None,
                                              "error_class": "APIError", "llm_provider": "openai"},
        "model_parameters": params,
        "hidden_params": {"model_id": None, "cache_key": None, "api_base": None, "response_cost": None,
                          "additional_headers": {}},
    }


def write_litellm_jsonl(table: pa.Table, path: Path) -> Path:
    """Write every row of an Exchange table as one StandardLoggingPayload line."""
    return write_json_lines(table, path, to_litellm_payload)


def to_spend_log(row: Mapping[str, Any], *, body_only: bool = False) -> dict[str, Any]:
    """One Exchange row as a ``LiteLLM_SpendLogs`` row (the proxy stored prompts: ``store_prompts_in_spend_logs``).

    ``body_only``: ``messages`` left as ``{}`` and the conversation only in the request body
    (``proxy_server_request``), as proxies that do not store prompts but keep the request write it.
    """
    payload = to_litellm_payload(row)
    meta = payload["metadata"]
    ok = payload["status"] == "success"
    body: dict[str, Any] = {"model": row["model"], "messages": payload["messages"]}
    if row.get("max_tokens") is not None:
        body["max_tokens"] = row["max_tokens"]
    if row.get("end_user") is not None:
        body["user"] = row["end_user"]
    start, end = row["ts_start"], row["ts_end"] if row.get("ts_end") is not None else row["ts_start"]
    spend_meta = {
        "user_api_key": meta["user_api_key_hash"], "user_api_key_alias": None,
        "user_api_key_team_id": None, "user_api_key_org_id": meta["user_api_key_org_id"],
        "user_api_key_user_id": meta["user_api_key_user_id"], "user_api_key_team_alias": None,
        "spend_logs_metadata": None, "requester_ip_address": row.get("client_ip"), "applied_guardrails": [],
        "status": payload["status"], "error_information": payload["error_information"],
        "usage_object": meta["usage_object"], "additional_usage_values": {},
    }
    return {
        "request_id": row["exchange_id"], "call_type": "acompletion", "api_key": meta["user_api_key_hash"] or "",
        "spend": 0.0, "total_tokens": payload["total_tokens"], "prompt_tokens": payload["prompt_tokens"],
        "completion_tokens": payload["completion_tokens"], "startTime": start.isoformat(),
        "endTime": end.isoformat(), "completionStartTime": end.isoformat(), "model": row["model"],
        "model_id": payload["model_id"], "model_group": row["model"], "api_base": payload["api_base"],
        "user": row["account_id"], "metadata": json.dumps(spend_meta), "cache_hit": "False", "cache_key": "",
        "request_tags": "[]", "team_id": None, "end_user": row.get("end_user") or "",
        "requester_ip_address": row.get("client_ip") or "", "custom_llm_provider": "openai",
        "messages": "{}" if body_only else json.dumps(payload["messages"], ensure_ascii=False),
        "response": json.dumps(payload["response"], ensure_ascii=False) if ok else "{}",
        "proxy_server_request": json.dumps(body, ensure_ascii=False), "session_id": None,
        "status": payload["status"],
    }


def write_spend_logs_json(table: pa.Table, path: Path, *, body_only_every: int = 7) -> Path:
    """Write an Exchange table as one JSON array of spend-log rows, pretty-printed as exports are; every
    ``body_only_every``-th row keeps its conversation only in ``proxy_server_request``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    i = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        for batch in table.to_batches(max_chunksize=10_000):
            for row in batch.to_pylist():
                fh.write(("\n  " if i == 0 else ",\n  ")
                         + json.dumps(to_spend_log(row, body_only=i % body_only_every == 3), ensure_ascii=False,
                                      indent=2).replace("\n", "\n  "))
                i += 1
        fh.write("\n]\n")
    return path


def write_spend_logs_csv(table: pa.Table, path: Path) -> Path:
    """Write an Exchange table as the spend-log table exported to CSV with a header row (``COPY ... TO ... CSV
    HEADER``): JSON columns as JSON text, ISO times, empty cells for nulls."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = None
        for batch in table.to_batches(max_chunksize=10_000):
            for row in batch.to_pylist():
                spend = to_spend_log(row)
                if writer is None:
                    writer = csv.writer(fh)
                    writer.writerow(list(spend))
                writer.writerow([csv_text(v) for v in spend.values()])
    return path


def csv_text(value: Any) -> str:
    """One value as a database CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
