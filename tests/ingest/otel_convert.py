"""Exchange table -> OpenTelemetry OTLP JSON lines under the GenAI semantic conventions (a reusable test helper).

What an OpenTelemetry Collector's file exporter writes for an instrumented LLM gateway: one
``ExportTraceServiceRequest`` per line, spans grouped by resource (one resource per account, as a gateway
that sets ``user.id`` on its resource would), each inference span carrying ``gen_ai.*`` attributes, with
``gen_ai.input.messages``/``gen_ai.output.messages`` as JSON text (conventions 1.37 and later). Every
``style="events"`` and ``style="openllmetry"`` span carries the same content the older ways instead.

Not carried (lost in the round trip): ``access_path``, ``account_created_at``, ``account_tier``,
``payment_fingerprint``, ``asn``, ``end_user``, the ``error``/``aborted``/``denied`` distinction (a span is
ok or error).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

OTEL_CARRIED = ("exchange_id", "ts_start", "ts_end", "account_id", "api_key_id", "org_id", "client_ip", "user_agent",
                "model", "messages", "response_text", "reasoning_text", "prompt_tokens", "completion_tokens",
                "reasoning_tokens", "max_tokens")


def _value(v: Any) -> dict[str, Any]:
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int):
        return {"intValue": str(v)}  # OTLP JSON writes 64-bit integers as strings
    if isinstance(v, float):
        return {"doubleValue": v}
    return {"stringValue": str(v)}


def _attrs(d: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"key": k, "value": _value(v)} for k, v in d.items() if v is not None]


def _nanos(t: Any) -> str:
    return str(round(t.timestamp() * 1e6) * 1000)


def _parts(role: str, text: str) -> list[dict[str, str]]:
    if role == "assistant" and text.startswith("<think>") and "</think>" in text:
        thought, _, rest = text[len("<think>"):].partition("</think>")
        return [{"type": "reasoning", "content": thought}, {"type": "text", "content": rest}]
    return [{"type": "text", "content": text}]


def to_otel_span(row: Mapping[str, Any], *, style: str = "attributes") -> dict[str, Any]:
    """One Exchange row as an inference span."""
    ok = row.get("status") in (None, "ok")
    attrs: dict[str, Any] = {
        "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": row["model"],
        "gen_ai.response.model": row["model"], "gen_ai.response.id": row["exchange_id"],
        "gen_ai.request.max_tokens": row.get("max_tokens"), "gen_ai.usage.input_tokens": row.get("prompt_tokens"),
        "gen_ai.usage.output_tokens": row.get("completion_tokens"),
        "gen_ai.usage.reasoning_tokens": row.get("reasoning_tokens") if ok else None,  # no response, no usage
        "client.address": row.get("client_ip"), "user_agent.original": row.get("user_agent"),
        "api_key.id": row.get("api_key_id"), "organization.id": row.get("org_id"),
    }
    msgs = [dict(m) for m in row["messages"]]
    events: list[dict[str, Any]] = []
    answer = row.get("response_text") if ok else None
    thought = row.get("reasoning_text") if ok else None
    if style == "attributes":
        system = [m for m in msgs if m["role"] == "system"]
        if system and msgs[0]["role"] == "system":
            attrs["gen_ai.system_instructions"] = json.dumps([{"type": "text", "content": msgs[0]["content"]}])
            msgs = msgs[1:]
        attrs["gen_ai.input.messages"] = json.dumps(
            [{"role": m["role"], "parts": _parts(m["role"], m["content"])} for m in msgs], ensure_ascii=False)
        if answer is not None:
            parts = ([{"type": "reasoning", "content": thought}] if thought else []) + [{"type": "text",
                                                                                        "content": answer}]
            attrs["gen_ai.output.messages"] = json.dumps([{"role": "assistant", "parts": parts,
                                                           "finish_reason": "stop"}], ensure_ascii=False)
    elif style == "openllmetry":
        for i, m in enumerate(msgs):
            attrs[f"gen_ai.prompt.{i}.role"] = m["role"]
            attrs[f"gen_ai.prompt.{i}.content"] = m["content"]
        if answer is not None:
            attrs["gen_ai.completion.0.role"] = "assistant"
            attrs["gen_ai.completion.0.content"] = (f"<think>{thought}</think>" if thought else "") + answer
    else:  # events, conventions 1.36 and earlier
        for m in msgs:
            events.append({"timeUnixNano": _nanos(row["ts_start"]), "name": f"gen_ai.{m['role']}.message",
                           "attributes": _attrs({"content": m["content"]})})
        if answer is not None:
            content = (f"<think>{thought}</think>" if thought else "") + answer
            events.append({"timeUnixNano": _nanos(row["ts_start"]), "name": "gen_ai.choice",
                           "attributes": _attrs({"index": 0, "finish_reason": "stop",
                                                 "message": json.dumps({"role": "assistant", "content": content})})})
    end = row["ts_end"] if row.get("ts_end") is not None else row["ts_start"]
    return {"traceId": row["exchange_id"].encode().hex()[:32].ljust(32, "0"), "spanId": "00f067aa0ba902b7",
            "name": f"chat {row['model']}", "kind": 3, "startTimeUnixNano": _nanos(row["ts_start"]),
            "endTimeUnixNano": _nanos(end), "attributes": _attrs(attrs), "events": events,
            "status": {"code": 1} if ok else {"code": 2, "message": "upstream error"}}


def write_otel_jsonl(table: pa.Table, path: Path, *, per_line: int = 50, style: str = "attributes") -> Path:
    """Write an Exchange table as OTLP JSON lines: ``per_line`` spans per export request, one resource per account
    within it (``user.id`` on the resource), plus one HTTP server span per line that is not a GenAI call."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = table.to_pylist()
    with path.open("w", encoding="utf-8") as fh:
        for lo in range(0, len(rows), per_line):
            by_account: dict[str, list[dict[str, Any]]] = {}
            for row in rows[lo:lo + per_line]:
                by_account.setdefault(row["account_id"], []).append(to_otel_span(row, style=style))
            resource_spans = [{"resource": {"attributes": _attrs({"service.name": "llm-gateway", "user.id": account})},
                               "scopeSpans": [{"scope": {"name": "opentelemetry.instrumentation.openai_v2"},
                                               "spans": spans}]}
                              for account, spans in by_account.items()]
            http = {"traceId": "0" * 32, "spanId": "1" * 16, "name": "POST /v1/chat/completions", "kind": 2,
                    "startTimeUnixNano": _nanos(rows[lo]["ts_start"]), "endTimeUnixNano": _nanos(rows[lo]["ts_start"]),
                    "attributes": _attrs({"http.request.method": "POST", "http.response.status_code": 200})}
            resource_spans.append({"resource": {"attributes": _attrs({"service.name": "edge-proxy"})},
                                   "scopeSpans": [{"scope": {"name": "http"}, "spans": [http]}]})
            fh.write(json.dumps({"resourceSpans": resource_spans}, ensure_ascii=False) + "\n")
    return path
