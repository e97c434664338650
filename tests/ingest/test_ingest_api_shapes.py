"""Request and response shapes beyond chat completions, as real gateways log them: the OpenAI Responses API,
the Anthropic Messages API, and agent turns (tool calls, tool results, reasoning sent back), on real prompts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths, read_quarantine
from antidistill.records import EXCHANGE_SCHEMA

UTC = dt.UTC


@pytest.fixture(scope="module")
def gsm8k(shared_data: Path) -> list[tuple[str, str, str]]:
    """(question, rationale, final answer) of the first GSM8K test problems."""
    out = []
    with (shared_data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(4), strict=False):
            obj = json.loads(line)
            rationale, _, answer = obj["answer"].rpartition("####")
            out.append((obj["question"], rationale.strip(), answer.strip()))
    return out


def _rows(tmp_path: Path, objs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], IngestReport]:
    f = tmp_path / "log.jsonl"
    f.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([f], report=report, quarantine=q))
    return pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA).to_pylist(), report


def _one(tmp_path: Path, obj: dict[str, Any]) -> dict[str, Any]:
    rows, report = _rows(tmp_path, [obj])
    assert report.rows_quarantined == 0, read_quarantine(tmp_path / "q.jsonl")
    (row,) = rows
    return row


def test_openai_log_of_a_responses_api_agent_turn(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    question, rationale, answer = gsm8k[0]
    log = {
        "request": {"model": "o4-mini", "instructions": "You are a careful math tutor.", "max_output_tokens": 4096,
                    "input": [
                        {"role": "user", "content": [{"type": "input_text", "text": question}]},
                        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Add up."}]},
                        {"type": "function_call", "call_id": "c1", "name": "calculator",
                         "arguments": "{\"expr\": \"16-3-4\"}"},
                        {"type": "function_call_output", "call_id": "c1", "output": "9"}]},
        "response": {"id": "resp_67ab", "object": "response", "created_at": 1770105600, "status": "completed",
                     "model": "o4-mini-2025-04-16",
                     "output": [{"type": "reasoning", "id": "rs_2",
                                 "summary": [{"type": "summary_text", "text": rationale}]},
                                {"type": "message", "role": "assistant", "status": "completed",
                                 "content": [{"type": "output_text", "text": answer, "annotations": []}]}],
                     "usage": {"input_tokens": 310, "output_tokens": 520,
                               "output_tokens_details": {"reasoning_tokens": 448}, "total_tokens": 830}},
        "metadata": {"account_id": "acct-9", "client_ip": "198.51.100.20"},
    }
    row = _one(tmp_path, log)
    assert row["exchange_id"] == "resp_67ab" and row["model"] == "o4-mini"
    assert row["ts_start"] == dt.datetime(2026, 2, 3, 8, 0, tzinfo=UTC)  # response.created_at
    assert row["messages"] == [
        {"role": "system", "content": "You are a careful math tutor."},
        {"role": "user", "content": question},
        {"role": "assistant", "content": "<think>Add up.</think>\n"},
        {"role": "assistant", "content": "[function_call calculator] {\"expr\": \"16-3-4\"}"},
        {"role": "tool", "content": "9"},
    ]
    assert (row["response_text"], row["reasoning_text"]) == (answer, rationale)
    assert (row["prompt_tokens"], row["completion_tokens"], row["reasoning_tokens"]) == (310, 520, 448)
    assert (row["status"], row["max_tokens"]) == ("ok", 4096)


def test_openai_log_of_an_anthropic_messages_call(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    question, rationale, answer = gsm8k[1]
    log = {
        "request": {"model": "claude-sonnet-4-5", "max_tokens": 8000,
                    "system": [{"type": "text", "text": "Answer with a number."}],
                    "messages": [
                        {"role": "user", "content": question},
                        {"role": "assistant", "content": [
                            {"type": "thinking", "thinking": "I need the total.", "signature": "EqQB..."},
                            {"type": "tool_use", "id": "tu1", "name": "python", "input": {"code": "print(2*3)"}}]},
                        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "tu1",
                                                      "content": [{"type": "text", "text": "6"}]}]}]},
        "response": {"id": "msg_01X", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                     "content": [{"type": "thinking", "thinking": rationale, "signature": "EqQB..."},
                                 {"type": "text", "text": answer}],
                     "stop_reason": "end_turn",
                     "usage": {"input_tokens": 40, "cache_read_input_tokens": 1000, "output_tokens": 700}},
        "metadata": {"account_id": "acct-3", "timestamp": "2026-02-03T10:00:00Z"},
    }
    row = _one(tmp_path, log)
    assert row["messages"] == [
        {"role": "system", "content": "Answer with a number."},
        {"role": "user", "content": question},
        {"role": "assistant",
         "content": "<think>I need the total.</think>\n[tool_use python] {\"code\": \"print(2*3)\"}"},
        # the tool result is the tool's turn, as chat-completions and Responses logs write it: the user's last
        # prompt stays the question they wrote, in every format
        {"role": "tool", "content": "6"},
    ]
    assert (row["response_text"], row["reasoning_text"]) == (answer, rationale)
    assert (row["prompt_tokens"], row["completion_tokens"], row["reasoning_tokens"]) == (1040, 700, None)
    assert (row["exchange_id"], row["status"], row["max_tokens"]) == ("msg_01X", "ok", 8000)


def test_chat_tool_calls_and_reasoning_sent_back_are_kept(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    """An agent's tool calls and the reasoning a client sends back in the history are stored, not dropped."""
    question, rationale, _ = gsm8k[2]
    log = {
        "request": {"model": "deepseek-reasoner", "messages": [
            {"role": "user", "content": question},
            {"role": "assistant", "content": None, "reasoning_content": rationale,
             "tool_calls": [{"id": "t1", "type": "function",
                             "function": {"name": "search", "arguments": "{\"q\": \"eggs\"}"}}]},
            {"role": "tool", "tool_call_id": "t1", "content": "16 eggs"},
            {"role": "user", "content": "Continue."}]},
        "response": {"id": "chatcmpl-t", "created": 1770105600, "choices": [{"index": 0, "message": {
            "role": "assistant", "content": None,
            "tool_calls": [{"id": "t2", "type": "function",
                            "function": {"name": "calculator", "arguments": "{\"expr\": \"16*2\"}"}}]}}],
            "usage": {"prompt_tokens": 90, "completion_tokens": 30}},
        "metadata": {"account_id": "acct-5"},
    }
    row = _one(tmp_path, log)
    assert row["messages"][1] == {"role": "assistant",
                                  "content": f"<think>{rationale}</think>\n[tool_call search] {{\"q\": \"eggs\"}}"}
    assert row["messages"][-1] == {"role": "user", "content": "Continue."}
    assert (row["response_text"], row["reasoning_text"]) == ("[tool_call calculator] {\"expr\": \"16*2\"}", None)


def test_a_services_own_log_with_flattened_choices(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    """A service that logs each choice without the ``message`` wrapper (``{index, finish_reason, content, reasoning,
    tool_calls}``, the tool call flattened too): its answers, reasoning and tool calls are read (session 44: the
    fourteenth probe's answers were all missed)."""
    question, rationale, answer = gsm8k[1]
    base = {"request": {"model": "heron-4-thinking", "messages": [{"role": "user", "content": question}]},
            "metadata": {"account_id": "org-7"}}
    row = _one(tmp_path, {**base, "response": {"id": "chatcmpl-f", "created": 1770105600, "choices": [
        {"index": 0, "finish_reason": "stop", "content": f"The answer is {answer}.", "reasoning": rationale}]}})
    assert (row["response_text"], row["reasoning_text"]) == (f"The answer is {answer}.", rationale)
    row = _one(tmp_path, {**base, "response": {"id": "chatcmpl-g", "created": 1770105600, "choices": [
        {"index": 0, "finish_reason": "tool_calls", "content": None,
         "tool_calls": [{"id": "c1", "name": "read_file", "arguments": "{\"path\": \"eggs.py\"}"}]}]}})
    assert row["response_text"] == "[tool_call read_file] {\"path\": \"eggs.py\"}"


def test_litellm_payloads_of_responses_and_anthropic_calls(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    question, rationale, answer = gsm8k[3]
    base = {"startTime": 1770105600.0, "endTime": 1770105603.0, "status": "success", "prompt_tokens": 50,
            "completion_tokens": 80, "metadata": {"user_api_key_hash": "h1", "user_api_key_user_id": "u-1"}}
    responses = {**base, "id": "r1", "call_type": "aresponses", "model": "gpt-5", "messages": question,
                 "response": {"id": "resp_1", "object": "response", "status": "completed",
                              "output": [{"type": "reasoning", "summary": [],
                                          "content": [{"type": "reasoning_text", "text": rationale}]},
                                         {"type": "message", "role": "assistant",
                                          "content": [{"type": "output_text", "text": answer}]}],
                              "usage": {"input_tokens": 50, "output_tokens": 80,
                                        "output_tokens_details": {"reasoning_tokens": 60}}}}
    anthropic = {**base, "id": "a1", "call_type": "anthropic_messages", "model": "claude-opus-4-1",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": question}]}],
                 "response": {"id": "msg_1", "type": "message", "role": "assistant",
                              "content": [{"type": "redacted_thinking", "data": "xyz"},
                                          {"type": "text", "text": answer}],
                              "usage": {"input_tokens": 50, "output_tokens": 80}}}
    rows, report = _rows(tmp_path, [responses, anthropic])
    assert report.rows_quarantined == 0
    by_id = {r["exchange_id"]: r for r in rows}
    assert by_id["r1"]["messages"] == [{"role": "user", "content": question}]
    assert (by_id["r1"]["response_text"], by_id["r1"]["reasoning_text"]) == (answer, rationale)
    assert by_id["r1"]["reasoning_tokens"] == 60 and by_id["r1"]["completion_tokens"] == 80  # the payload's counts
    # redacted thinking: the answer says a block was there, its (encrypted) payload is not stored
    assert (by_id["a1"]["response_text"], by_id["a1"]["reasoning_text"]) == (f"[redacted_thinking]\n{answer}", None)


@pytest.mark.parametrize("response,status", [
    ({"id": "resp_f", "object": "response", "status": "failed", "created_at": 1770105600, "output": [],
      "error": {"code": "server_error", "message": "boom"}}, "error"),
    ({"id": "resp_c", "object": "response", "status": "cancelled", "created_at": 1770105600, "output": []}, "aborted"),
    ({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}, "error"),
])
def test_failed_calls_of_other_apis(tmp_path: Path, response: dict[str, Any], status: str) -> None:
    log = {"request": {"model": "m", "input": "hi"}, "response": response,
           "metadata": {"account_id": "a", "timestamp": 1770105600}}
    assert _one(tmp_path, log)["status"] == status


def test_an_input_item_of_unknown_shape_is_quarantined_by_field(tmp_path: Path) -> None:
    good = {"request": {"model": "m", "input": [{"type": "function_call_output", "call_id": "c", "output": "ok"}]},
            "response": {"id": "r-ok", "created_at": 1770105600, "output": [{"type": "new_item_kind_2027"}]},
            "metadata": {"account_id": "a"}}
    bad = {"request": {"model": "m", "input": [{"type": "hologram", "data": "..."}]},
           "response": {"id": "r-bad", "created_at": 1770105600, "output": []}, "metadata": {"account_id": "a"}}
    rows, report = _rows(tmp_path, [good, bad])
    assert [r["exchange_id"] for r in rows] == ["r-ok"] and report.rows_quarantined == 1
    assert rows[0]["messages"] == [{"role": "tool", "content": "ok"}]
    assert rows[0]["response_text"] == "[new_item_kind_2027]"  # an output item we do not know is named, not lost
    (entry,) = read_quarantine(tmp_path / "q.jsonl")
    assert (entry.line, entry.field) == (2, "request.input[0].role")


def test_openai_log_with_other_names_for_the_caller_fields(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    """Request logs that name the caller fields as other providers' logs do (``user_id``, ``ip``,
    ``created_at``, ``duration_ms``...) or keep the request headers: the same Exchange fields are filled."""
    question, rationale, answer = gsm8k[1]
    base = {"request": {"model": "o3-mini", "messages": [{"role": "user", "content": question}], "user": "end-9"},
            "response": {"id": "chatcmpl-h1", "created": 1772445600,
                         "choices": [{"message": {"role": "assistant", "content": f"{rationale}\n{answer}"}}]}}
    aliased = _one(tmp_path, {**base, "metadata": {
        "user_id": "acct-7", "key_id": "key-3", "organization_id": "org-2", "ip": "198.51.100.4",
        "http_user_agent": "curl/8.5", "created_at": "2026-03-02T10:00:00Z", "duration_ms": 1800}})
    assert (aliased["account_id"], aliased["api_key_id"], aliased["org_id"]) == ("acct-7", "key-3", "org-2")
    assert (aliased["client_ip"], aliased["user_agent"]) == ("198.51.100.4", "curl/8.5")
    assert aliased["ts_start"] == dt.datetime(2026, 3, 2, 10, tzinfo=UTC) and aliased["latency_ms"] == 1800
    assert aliased["end_user"] == "end-9"

    headers = _one(tmp_path, {**base, "metadata": {"account_id": "acct-8", "headers": {
        "X-Forwarded-For": "203.0.113.50, 10.0.0.2", "User-Agent": "OpenAI/Python 1.40.0"}}})
    assert (headers["client_ip"], headers["user_agent"]) == ("203.0.113.50", "OpenAI/Python 1.40.0")
    assert headers["ts_start"] == dt.datetime.fromtimestamp(1772445600, UTC)  # response.created without a timestamp
    # The documented names win over aliases and headers.
    both = _one(tmp_path, {**base, "metadata": {"account_id": "acct-9", "user_id": "other", "client_ip": "192.0.2.1",
                                                "headers": {"x-real-ip": "192.0.2.99"}}})
    assert (both["account_id"], both["client_ip"]) == ("acct-9", "192.0.2.1")

    rows, report = _rows(tmp_path, [{**base, "metadata": {"user_id": "acct-1", "duration_ms": "slow"}}])
    assert rows == [] and report.rows_quarantined == 1
    assert read_quarantine(tmp_path / "q.jsonl")[-1].field == "metadata.duration_ms"


def _sse(events: list[dict[str, Any]], *, named: bool = False) -> str:
    """Server-sent events as a client receives them (Anthropic names each event; OpenAI ends with [DONE])."""
    lines = [(f"event: {e['type']}\n" if named else "") + f"data: {json.dumps(e)}\n\n" for e in events]
    return "".join(lines) + ("" if named else "data: [DONE]\n\n")


def test_streamed_answers_logged_as_server_sent_events(gsm8k: list[tuple[str, str, str]], tmp_path: Path) -> None:
    """A gateway that logs a streamed answer as the events it relayed: chat-completions chunks (reasoning deltas
    and the usage chunk included) and Anthropic Messages events (thinking and text deltas, usage at start and
    end) are each read as one whole answer."""
    question, rationale, answer = gsm8k[1]
    words = rationale.split(" ")
    chunks = [{"id": "chatcmpl-9", "object": "chat.completion.chunk", "model": "r1-distill",
               "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
    chunks += [{"id": "chatcmpl-9", "object": "chat.completion.chunk", "model": "r1-distill",
                "choices": [{"index": 0, "delta": {"reasoning_content": w + " "}}]} for w in words]
    chunks += [{"id": "chatcmpl-9", "object": "chat.completion.chunk", "model": "r1-distill",
                "choices": [{"index": 0, "delta": {"content": part}}]} for part in ("The answer", " is ", answer)]
    chunks.append({"id": "chatcmpl-9", "object": "chat.completion.chunk", "model": "r1-distill", "choices": [],
                   "usage": {"prompt_tokens": 57, "completion_tokens": 311, "total_tokens": 368}})
    row = _one(tmp_path, {"timestamp": "2026-03-02T10:00:00Z", "account_id": "acct_s",
                          "request": {"model": "r1-distill", "stream": True,
                                      "messages": [{"role": "user", "content": question}]},
                          "response": _sse(chunks)})
    assert row["response_text"] == f"The answer is {answer}"
    assert row["reasoning_text"] == " ".join(words) + " "
    assert (row["prompt_tokens"], row["completion_tokens"], row["exchange_id"]) == (57, 311, "chatcmpl-9")
    assert row["status"] == "ok"

    events = [{"type": "message_start", "message": {"id": "msg_7", "type": "message", "role": "assistant",
                                                    "model": "claude-sonnet-4", "content": [],
                                                    "usage": {"input_tokens": 64, "output_tokens": 1}}},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}},
              *[{"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": w + " "}}
                for w in words],
              {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": answer}},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 290}},
              {"type": "message_stop"}]
    row = _one(tmp_path, {"timestamp": "2026-03-02T10:00:00Z", "account_id": "acct_s",
                          "request": {"model": "claude-sonnet-4", "max_tokens": 4096, "stream": True,
                                      "messages": [{"role": "user", "content": question}]},
                          "response": _sse(events, named=True)})
    assert (row["response_text"], row["reasoning_text"]) == (answer, " ".join(words) + " ")
    assert (row["prompt_tokens"], row["completion_tokens"], row["exchange_id"]) == (64, 290, "msg_7")
