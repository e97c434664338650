"""The Responses API (``POST /v1/responses``) through the gateway: proxied, logged, reasoning protected in
unary answers and in typed event streams; real gateway and fake upstream on 127.0.0.1 ephemeral ports."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from gw_stack import Stack, stack_with

from antidistill.gateway.eventlog import read_events
from antidistill.gateway.mock_upstream import MockConfig

pytestmark = pytest.mark.gateway

REQUEST: dict[str, Any] = {
    "model": "mock-1", "instructions": "Answer briefly.", "max_output_tokens": 12,
    "input": [{"role": "user", "content": [{"type": "input_text", "text": "what is two plus two"}]},
              {"type": "function_call", "call_id": "c1", "name": "calc", "arguments": "{\"x\": \"2+2\"}"},
              {"type": "function_call_output", "call_id": "c1", "output": "4"}],
}


def auth(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}", "user-agent": "responses-client/1.0"}


def events(stack: Stack) -> list[dict[str, Any]]:
    stack.gateway.events.flush()
    return list(read_events(stack.gateway.config.events_dir))


def sse(lines: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """(event name, data) pairs of a Responses stream."""
    out, name = [], ""
    for line in lines:
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            out.append((name, json.loads(line[6:])))
    return out


def stream(url: str, key: str, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    with httpx.stream("POST", f"{url}/v1/responses", json={**body, "stream": True}, headers=auth(key)) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        return sse([line for line in r.iter_lines() if line])


def test_unary_and_stream_are_proxied_and_logged(stack: Stack) -> None:
    key = stack.key("acct-r", org_id="org-r")
    r = httpx.post(f"{stack.url}/v1/responses", json=REQUEST, headers=auth(key))
    assert r.status_code == 200
    body = r.json()
    kinds = [item["type"] for item in body["output"]]
    assert kinds == ["reasoning", "message"]  # the default policy protects nothing on a first request
    assert body["output"][0]["encrypted_content"] and body["output"][0]["summary"][0]["text"]
    answer = body["output"][1]["content"][0]["text"]
    assert answer.startswith("what is two")
    (row,) = events(stack)
    assert row["exchange_id"] == r.headers["x-request-id"] and row["account_id"] == "acct-r"
    assert row["messages"] == [
        {"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "what is two plus two"},
        {"role": "assistant", "content": "[function_call calc] {\"x\": \"2+2\"}"}, {"role": "tool", "content": "4"}]
    assert row["response_text"] == answer and row["reasoning_text"] and row["max_tokens"] == 12
    assert (row["prompt_tokens"], row["completion_tokens"], row["reasoning_tokens"]) == (5, 20, 8)
    assert row["status"] == "ok" and row["http_status"] == 200

    got = stream(stack.url, key, REQUEST)
    names = [name for name, _ in got]
    assert names[0] == "response.created" and names[-1] == "response.completed"
    assert all(name == data["type"] for name, data in got)
    assert "response.reasoning_summary_text.delta" in names
    deltas = "".join(d["delta"] for name, d in got if name == "response.output_text.delta")
    rows = events(stack)
    assert len(rows) == 2 and rows[1]["response_text"] == deltas.strip() == answer
    assert rows[1]["reasoning_text"] and rows[1]["completion_tokens"] == 20 and rows[1]["status"] == "ok"


PROTECT = """
version: 1
protect_reasoning: {{mode: {mode}, summary_text: "[reasoning withheld]"}}
rules:
  - name: always-protect
    when: {{total_requests: {{gte: 0}}}}
    action: protect_reasoning
"""


@pytest.mark.parametrize(("reasoning", "mode"), [("field", "strip"), ("field", "summary"), ("think", "strip")])
def test_protect_reasoning_in_responses_unary_and_stream(tmp_path: Path, reasoning: str, mode: str) -> None:
    with stack_with(tmp_path, mock=MockConfig(reasoning=reasoning), policy=PROTECT.format(mode=mode)) as s:
        key = s.key("acct-p")
        body = httpx.post(f"{s.url}/v1/responses", json=REQUEST, headers=auth(key)).json()
        text = json.dumps(body)
        assert "thinking" not in text and "encrypted_content" not in text and "<think>" not in text
        if reasoning == "field":
            (item,) = [i for i in body["output"] if i["type"] == "reasoning"]
            assert item["content"] == []
            assert item["summary"] == ([{"type": "summary_text", "text": "[reasoning withheld]"}]
                                       if mode == "summary" else [])
        got = stream(s.url, key, REQUEST)
        raw = json.dumps(got)
        assert "thinking" not in raw and "encrypted_content" not in raw and "<think>" not in raw
        assert not any(name.startswith("response.reasoning") for name, _ in got)
        assert got[-1][0] == "response.completed"
        deltas = "".join(d["delta"] for name, d in got if name == "response.output_text.delta")
        assert deltas.strip() == body["output"][-1]["content"][0]["text"].strip()
        rows = events(s)
        assert all(row["reasoning_text"] and "thinking" in row["reasoning_text"] for row in rows)  # the log keeps it
        assert all(row["decision"]["actions"] == ["protect_reasoning"] for row in rows)


def test_bad_responses_requests_and_upstream_errors(tmp_path: Path) -> None:
    with stack_with(tmp_path, upstream_timeout_s=0.3) as s:
        key = s.key("acct-b")
        url = f"{s.url}/v1/responses"
        r = httpx.post(url, json={"model": "m"}, headers=auth(key))
        assert r.status_code == 400 and r.json()["error"]["message"] == "'input' is required."
        r = httpx.post(url, json={"model": "m", "input": [{"type": "mystery", "x": 1}]}, headers=auth(key))
        assert r.status_code == 400 and "input[0]" in r.json()["error"]["message"]
        assert httpx.post(url, json=REQUEST).status_code == 401
        assert events(s) == []
        r = httpx.post(url, json={**REQUEST, "model": "error-503"}, headers=auth(key))
        assert r.status_code == 503 and r.json()["error"]["message"] == "mock error 503"
        r = httpx.post(url, json={**REQUEST, "model": "sleep-2"}, headers=auth(key))
        assert r.status_code == 504
        assert [(row["status"], row["http_status"]) for row in events(s)] == [("error", 503), ("error", 504)]


def test_client_disconnect_mid_stream_cancels_upstream_and_logs_aborted(tmp_path: Path) -> None:
    with stack_with(tmp_path, mock=MockConfig(completion_tokens=400)) as s:
        key = s.key("acct-d")
        with httpx.stream("POST", f"{s.url}/v1/responses", json={**REQUEST, "model": "tps-50", "stream": True,
                                                                  "max_output_tokens": 400},
                          headers=auth(key)) as r:
            for line in r.iter_lines():
                if "output_text.delta" in line:
                    break
        deadline = time.time() + 5
        while time.time() < deadline:
            stats = httpx.get(f"{s.upstream}/mock/stats").json()
            rows = events(s)
            if stats["cancelled"] == 1 and rows:
                break
            time.sleep(0.05)
        assert stats["cancelled"] == 1 and stats["completed"] == 0
        (row,) = rows
        assert row["status"] == "aborted" and row["http_status"] == 499
