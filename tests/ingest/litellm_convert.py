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
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

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
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for batch in table.to_batches(max_chunksize=10_000):
            for row in batch.to_pylist():
                fh.write(json.dumps(to_litellm_payload(row), ensure_ascii=False) + "\n")
    return path
