"""The ``litellm`` format: LiteLLM ``StandardLoggingPayload`` objects, one per line.

This is the object LiteLLM's logging callbacks receive as ``kwargs["standard_logging_object"]`` (see
LiteLLM's "StandardLoggingPayload Specification"): ``id``, ``call_type``, ``startTime``/``endTime``
(epoch seconds), ``model``/``model_group``, ``messages``, ``response`` (an OpenAI response object),
token counts, ``status`` ("success"/"failure"), ``error_str``/``error_information``,
``model_parameters`` and ``metadata`` with the virtual key's hash, alias, user, team and org ids.

Identity mapping (documented in ``docs/log-formats.md``): account = ``user_api_key_user_id``, else
``user_api_key_team_id``, else ``user_api_key_hash``; key = ``user_api_key_hash`` (else its alias);
organisation = ``user_api_key_org_id``, else the team id.

The same reader takes rows of LiteLLM's **spend logs** (the proxy database's ``LiteLLM_SpendLogs`` table,
``SpendLogsPayload``, as exported or returned by ``/spend/logs``): ``request_id``, the hashed key in
``api_key``, the key owner in ``user``, ``team_id``, ISO ``startTime``/``endTime``, ``status``, and
``metadata``, ``messages``, ``response`` and ``proxy_server_request`` stored as JSON text. Spend logs keep
the conversation only when the proxy runs with ``store_prompts_in_spend_logs``; the request body in
``proxy_server_request`` is read when ``messages`` is empty, and a row with neither is a content-free
exchange (``messages`` ``[]``), scanned on its metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from antidistill.ingest import fields as F
from antidistill.ingest.base import READERS
from antidistill.ingest.jsonlines import JsonLinesReader
from antidistill.ingest.openai import (
    prompt_messages,
    request_max_tokens,
    request_messages,
    request_top_logprobs,
    response_fields,
    status_from_http,
)
from antidistill.records import Status

# Calls that carry a conversation and a generated answer; embeddings, image, audio and moderation
# calls do not, and are quarantined with their call_type so the count of them stays visible.
CHAT_CALL_TYPES = frozenset({"completion", "acompletion", "text_completion", "atext_completion",
                             "responses", "aresponses", "anthropic_messages"})
_STATUS = {"success": Status.OK.value, "failure": Status.ERROR.value}


@READERS.register
class LiteLLMReader(JsonLinesReader):
    """LiteLLM StandardLoggingPayload JSON lines (as written by LiteLLM's logging callbacks)."""

    name = "litellm"

    @classmethod
    def sniff(cls, path: Path, first: Mapping[str, Any] | None) -> bool:
        return first is not None and "startTime" in first and ("call_type" in first or "model_group" in first)

    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        call_type = F.opt_str(obj.get("call_type"), "call_type")
        if call_type is not None and call_type not in CHAT_CALL_TYPES:
            raise F.RowError("call_type", f"call_type {call_type!r} carries no chat exchange")
        meta = F.mapping(F.json_text(obj.get("metadata"), "metadata"), "metadata")
        response = F.json_text(obj.get("response"), "response", lenient=True)
        # A spend-log row's request body (JSON text), at the top level or in its metadata.
        where_body = "proxy_server_request" if obj.get("proxy_server_request") is not None \
            else "metadata.proxy_server_request"
        body = F.json_text(F.first(obj, "proxy_server_request") or meta.get("proxy_server_request"), where_body)
        body = body if isinstance(body, Mapping) else {}

        model = F.opt_str(obj.get("model"), "model") or F.opt_str(obj.get("model_group"), "model_group")
        if not model:
            raise F.RowError("model", "required field is missing")
        msgs_raw = F.json_text(obj.get("messages"), "messages", lenient=True)
        if msgs_raw in (None, "", {}, []) and body:
            msgs = request_messages(body, where_body)
        elif msgs_raw in (None, "", {}, []):
            # No prompt stored: spend logs keep messages only when the proxy runs with
            # store_prompts_in_spend_logs. The row is a content-free exchange, scanned on its metadata.
            msgs = []
        elif isinstance(msgs_raw, str):
            msgs = prompt_messages(msgs_raw, "messages")
        elif isinstance(msgs_raw, dict):
            msgs = F.messages([msgs_raw], "messages")
        else:
            msgs = F.messages(msgs_raw, "messages")
        if obj.get("startTime") is None:
            raise F.RowError("startTime", "required field is missing")
        ts_start = F.timestamp(obj["startTime"], "startTime", self.time_range)
        ts_end = F.opt_timestamp(obj.get("endTime"), "endTime", self.time_range)

        # StandardLoggingPayload names first, then the spend-log row's (its metadata's ``user_api_key`` and
        # top-level ``api_key`` hold the hashed key, ``user`` the key owner, ``team_id`` the team).
        key_hash = (F.opt_str(meta.get("user_api_key_hash"), "metadata.user_api_key_hash")
                    or F.opt_str(meta.get("user_api_key"), "metadata.user_api_key")
                    or F.opt_str(obj.get("api_key"), "api_key"))
        team = (F.opt_str(meta.get("user_api_key_team_id"), "metadata.user_api_key_team_id")
                or F.opt_str(obj.get("team_id"), "team_id"))
        account = (F.opt_str(meta.get("user_api_key_user_id"), "metadata.user_api_key_user_id")
                   or F.opt_str(obj.get("user"), "user") or team or key_hash)
        if not account:
            raise F.RowError("metadata.user_api_key_user_id",
                             "required field is missing (no user id, team id or key hash)")
        headers = F.mapping(meta.get("requester_custom_headers"), "metadata.requester_custom_headers")
        req_meta = F.mapping(meta.get("requester_metadata"), "metadata.requester_metadata")
        params = F.mapping(obj.get("model_parameters"), "model_parameters")
        where_params = "model_parameters" if params else where_body
        params = params or body

        status_word = F.opt_str(obj.get("status"), "status") or F.opt_str(meta.get("status"), "metadata.status")
        if status_word is not None and status_word not in _STATUS:
            raise F.RowError("status", f"expected 'success' or 'failure', got {status_word!r}")
        error_info = F.mapping(F.first(obj, "error_information") or meta.get("error_information"),
                               "error_information")
        code = F.opt_str(error_info.get("error_code"), "error_information.error_code")
        http = int(code) if code and code.isdigit() and 100 <= int(code) <= 599 else None
        status = _STATUS.get(status_word or "") or (status_from_http(http) if http else None)

        row: dict[str, Any] = {
            "exchange_id": F.opt_str(obj.get("id"), "id") or F.opt_str(obj.get("request_id"), "request_id")
            or F.content_id(raw),
            "ts_start": ts_start, "ts_end": ts_end,
            "latency_ms": (ts_end - ts_start).total_seconds() * 1e3 if ts_end is not None else None,
            "account_id": account, "api_key_id": key_hash
            or F.opt_str(meta.get("user_api_key_alias"), "metadata.user_api_key_alias"),
            "org_id": F.opt_str(meta.get("user_api_key_org_id"), "metadata.user_api_key_org_id") or team,
            "end_user": F.opt_str(obj.get("end_user"), "end_user")
            or F.opt_str(meta.get("user_api_key_end_user_id"), "metadata.user_api_key_end_user_id")
            or F.opt_str(body.get("user"), f"{where_body}.user"),
            "client_ip": F.opt_str(obj.get("requester_ip_address"), "requester_ip_address")
            or F.opt_str(meta.get("requester_ip_address"), "metadata.requester_ip_address"),
            "user_agent": F.opt_str(F.first(meta, "user_agent"), "metadata.user_agent")
            or F.opt_str(F.first(headers, "user-agent", "User-Agent"), "metadata.requester_custom_headers")
            or F.opt_str(req_meta.get("user_agent"), "metadata.requester_metadata.user_agent"),
            "model": model, "messages": msgs,
            "max_tokens": request_max_tokens(params, where_params),
            "top_logprobs": request_top_logprobs(params, where_params, logged="model_parameters" in obj),
            "status": status, "http_status": http,
        }
        if isinstance(response, dict):
            row.update(response_fields(response, "response"))
        elif isinstance(response, str):
            row["response_text"], row["reasoning_text"] = F.split_think(response)
        elif response not in (None, []):
            raise F.RowError("response", "expected an OpenAI response object or a string")
        # The payload's own token counts are LiteLLM's accounting (present even without a response body).
        row["prompt_tokens"] = F.opt_int(obj.get("prompt_tokens"), "prompt_tokens")
        row["completion_tokens"] = F.opt_int(obj.get("completion_tokens"), "completion_tokens")
        if row.get("reasoning_tokens") is None:
            usage = F.mapping(meta.get("usage_object"), "metadata.usage_object")
            details = F.mapping(usage.get("completion_tokens_details"),
                                "metadata.usage_object.completion_tokens_details")
            row["reasoning_tokens"] = F.opt_int(details.get("reasoning_tokens"),
                                                "metadata.usage_object.completion_tokens_details.reasoning_tokens")
        return row
