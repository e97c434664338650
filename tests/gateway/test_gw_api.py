"""The public API end to end: real gateway and fake upstream on 127.0.0.1 ephemeral ports."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pytest
from gw_stack import Stack, stack_with

from antidistill.gateway.eventlog import read_events
from antidistill.gateway.mock_upstream import MockConfig
from antidistill.records import conform

pytestmark = pytest.mark.gateway

CHAT = {"model": "mock-1", "messages": [{"role": "system", "content": "be brief"},
                                        {"role": "user", "content": "what is two plus two"}]}


def auth(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}", "user-agent": "test-client/1.0"}


def events(stack: Stack) -> list[dict[str, object]]:
    stack.gateway.events.flush()
    return list(read_events(stack.gateway.config.events_dir))


def test_chat_unary_is_proxied_logged_and_the_key_never_appears(stack: Stack, caplog: pytest.LogCaptureFixture,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    key = stack.key("acct-1", org_id="org-9", tier="pro", access_path="direct_api")
    r = httpx.post(f"{stack.url}/v1/chat/completions", json=CHAT, headers=auth(key))
    assert r.status_code == 200
    body = r.json()
    assert body["choices"][0]["message"]["content"].startswith("what is two")
    assert body["choices"][0]["message"]["reasoning_content"]  # default policy: nothing to protect yet
    (row,) = events(stack)
    assert row["exchange_id"] == r.headers["x-request-id"]
    assert row["account_id"] == "acct-1" and row["org_id"] == "org-9" and row["account_tier"] == "pro"
    assert row["user_agent"] == "test-client/1.0" and row["client_ip"] == "127.0.0.1"
    assert row["status"] == "ok" and row["http_status"] == 200 and row["source_format"] == "gateway"
    assert row["reasoning_text"] and row["response_text"] and row["completion_tokens"] == 24
    assert row["decision"]["action"] == "allow" and row["decision"]["enforced"] == "served"  # type: ignore[index]
    conform(pa.Table.from_pylist([row]))
    secret = key.split("-", 2)[2]
    log_text = "\n".join(r.getMessage() for r in caplog.records) + capfd.readouterr().err
    files = "".join(p.read_text() for p in stack.gateway.config.events_dir.iterdir())
    assert secret not in log_text and secret not in files and key not in files


def test_streaming_relays_sse_and_logs_the_whole_answer(stack: Stack) -> None:
    key = stack.key("acct-s")
    lines = []
    with httpx.stream("POST", f"{stack.url}/v1/chat/completions", json={**CHAT, "stream": True},
                      headers=auth(key)) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    deltas = [json.loads(line[6:])["choices"][0]["delta"] for line in lines[:-1]]
    assert any("reasoning_content" in d for d in deltas)
    (row,) = events(stack)
    assert row["response_text"] == "".join(d.get("content", "") for d in deltas)
    assert row["status"] == "ok"


def test_completions_and_models(stack: Stack) -> None:
    key = stack.key("acct-c")
    r = httpx.post(f"{stack.url}/v1/completions", json={"model": "m", "prompt": "say hello"}, headers=auth(key))
    assert r.status_code == 200 and r.json()["choices"][0]["text"].startswith("say hello")
    assert events(stack)[0]["messages"] == [{"role": "user", "content": "say hello"}]
    r = httpx.get(f"{stack.url}/v1/models", headers=auth(key))
    assert r.status_code == 200 and r.json()["data"][0]["id"] == "mock-1"
    assert httpx.get(f"{stack.url}/v1/models").status_code == 401


PROTECT = """
version: 1
protect_reasoning: {mode: strip}
rules:
  - name: always-protect
    when: {total_requests: {gte: 0}}
    action: protect_reasoning
"""


@pytest.mark.parametrize("mode", ["field", "think"])
def test_protect_reasoning_strips_unary_and_stream(tmp_path: Path, mode: str) -> None:
    with stack_with(tmp_path, mock=MockConfig(reasoning=mode), policy=PROTECT) as s:
        key = s.key("acct-p")
        msg = httpx.post(f"{s.url}/v1/chat/completions", json=CHAT, headers=auth(key)).json()["choices"][0]["message"]
        assert "reasoning_content" not in msg and "<think>" not in msg["content"] and "thinking" not in msg["content"]
        with httpx.stream("POST", f"{s.url}/v1/chat/completions", json={**CHAT, "stream": True},
                          headers=auth(key)) as r:
            text = "".join(r.iter_text())
        assert "thinking" not in text and "reasoning_content" not in text and "[DONE]" in text
        rows = events(s)
        assert all(row["reasoning_text"] for row in rows)  # the log keeps what the model produced
        assert rows[0]["decision"]["actions"] == ["protect_reasoning"]  # type: ignore[index]


def test_bad_requests_get_openai_errors(tmp_path: Path) -> None:
    with stack_with(tmp_path, max_body_bytes=2048) as s:
        key = s.key("acct-e")
        url = f"{s.url}/v1/chat/completions"
        r = httpx.post(url, json=CHAT, headers=auth("ad-000000000000-nope"))
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
        assert httpx.post(url, json=CHAT).status_code == 401
        r = httpx.post(url, content=b"{not json", headers=auth(key))
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
        assert httpx.post(url, json=[1, 2], headers=auth(key)).status_code == 400
        assert httpx.post(url, json={"model": "m"}, headers=auth(key)).status_code == 400
        r = httpx.post(url, json={**CHAT, "stream": "yes"}, headers=auth(key))  # found by fuzzing: was a 502
        assert r.status_code == 400 and r.json()["error"]["message"] == "'stream' must be true or false."
        big = {**CHAT, "messages": [{"role": "user", "content": "x" * 5000}]}
        r = httpx.post(url, json=big, headers=auth(key))
        assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
        chunks = iter([json.dumps(big).encode()[i:i + 1000] for i in range(0, 6000, 1000)])
        r = httpx.post(url, content=chunks, headers=auth(key))  # chunked: no Content-Length to trust
        assert r.status_code == 413
        r = httpx.get(f"{s.url}/v1/nothing", headers=auth(key))
        assert r.status_code == 404 and "error" in r.json()
        info = s.gateway.keys.lookup(key)
        assert info is not None and s.gateway.keys.revoke(info.key_id)
        assert httpx.post(url, json=CHAT, headers=auth(key)).status_code == 401
        assert events(s) == []  # nothing reached the model, nothing to log


def test_upstream_timeout_5xx_and_unreachable(tmp_path: Path) -> None:
    with stack_with(tmp_path, upstream_timeout_s=0.3) as s:
        key = s.key("acct-u")
        url = f"{s.url}/v1/chat/completions"
        r = httpx.post(url, json={**CHAT, "model": "sleep-2"}, headers=auth(key))
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
        r = httpx.post(url, json={**CHAT, "model": "sleep-2", "stream": True}, headers=auth(key))
        assert r.status_code == 504
        r = httpx.post(url, json={**CHAT, "model": "error-503"}, headers=auth(key))
        assert r.status_code == 503 and r.json()["error"]["message"] == "mock error 503"
        r = httpx.post(url, json={**CHAT, "model": "error-500", "stream": True}, headers=auth(key))
        assert r.status_code == 500 and r.json()["error"]["type"] == "server_error"
        statuses = [(row["status"], row["http_status"]) for row in events(s)]
        assert statuses == [("error", 504), ("error", 504), ("error", 503), ("error", 500)]
        metrics = httpx.get(f"{s.admin}/metrics").text
        assert 'antidistill_upstream_errors_total{kind="timeout"} 2.0' in metrics
        assert 'antidistill_upstream_errors_total{kind="http_5xx"} 2.0' in metrics
    with stack_with(tmp_path / "b", upstream="http://127.0.0.1:9") as s:  # nothing listens on port 9
        r = httpx.post(f"{s.url}/v1/chat/completions", json=CHAT, headers=auth(s.key("a")))
        assert r.status_code == 502 and r.json()["error"]["code"] == "upstream_error"


def test_client_disconnect_mid_stream_cancels_upstream_and_logs_aborted(tmp_path: Path) -> None:
    with stack_with(tmp_path, mock=MockConfig(tokens_per_s=50, completion_tokens=500, reasoning="none")) as s:
        key = s.key("acct-d")
        with httpx.stream("POST", f"{s.url}/v1/chat/completions", json={**CHAT, "stream": True},
                          headers=auth(key)) as r:
            got = 0
            for line in r.iter_lines():
                got += bool(line)
                if got == 3:
                    break  # leaving the block closes the connection mid-stream
        stats = s.upstream_app.state.stats
        deadline = time.monotonic() + 5
        while not events(s) and time.monotonic() < deadline:
            time.sleep(0.05)
        (row,) = events(s)
        assert row["status"] == "aborted" and row["http_status"] == 499
        while stats.cancelled == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stats.cancelled == 1 and stats.completed == 0


def test_watermark_key_is_set_by_the_gateway_never_by_the_client(tmp_path: Path) -> None:
    with stack_with(tmp_path, watermark="account") as s:
        key = s.key("acct-w")
        forged = {**CHAT, "antidistill": {"watermark_key_id": "acct:someone-else"},
                  "vllm_xargs": {"antidistill_wm_key_id": "global", "other": 1}}
        assert httpx.post(f"{s.url}/v1/chat/completions", json=forged, headers=auth(key)).status_code == 200
        sent = s.upstream_app.state.stats.bodies[-1]
        assert sent["antidistill"] == {"watermark_key_id": "acct:acct-w"}
        assert sent["vllm_xargs"] == {"antidistill_wm_key_id": "acct:acct-w"}


def test_the_ingest_gateway_reader_reads_the_event_log(stack: Stack) -> None:
    from antidistill.ingest.base import READERS

    key = stack.key("acct-i", tier="pro")
    assert httpx.post(f"{stack.url}/v1/chat/completions", json=CHAT, headers=auth(key)).status_code == 200
    assert httpx.post(f"{stack.url}/v1/chat/completions", json={**CHAT, "stream": True},
                      headers=auth(key)).status_code == 200
    events(stack)
    (path,) = stack.gateway.config.events_dir.iterdir()
    chunks = list(READERS.create("gateway").read(path))
    assert sum(c.rows_read for c in chunks) == 2 and sum(c.rows_quarantined for c in chunks) == 0
    batch = chunks[0].batch
    assert batch is not None and batch.column("account_tier").to_pylist() == ["pro", "pro"]


def test_a_soft_label_harvest_loses_the_alternatives_a_multiple_choice_runner_keeps(tmp_path: Path) -> None:
    """Default policy. An account asking for five alternatives on every token of long answers is answered
    without them once it has asked 20 times in a day (``soft-label-harvest``); each token keeps its own
    log-probability. A multiple-choice runner asking for the same five on a one-token answer keeps them."""
    with stack_with(tmp_path, mock=MockConfig(completion_tokens=64), observe_interval_s=0) as s:
        harvest, runner = s.key("acct-softlabel"), s.key("acct-mcq")
        ask = {**CHAT, "logprobs": True, "top_logprobs": 5}
        got = [httpx.post(f"{s.url}/v1/chat/completions", json={**ask, "max_tokens": 512},
                          headers=auth(harvest)).json()["choices"][0]["logprobs"]["content"] for _ in range(22)]
        assert all(len(t["top_logprobs"]) == 5 for t in got[0])  # before the evidence: served whole
        assert all(t["top_logprobs"] == [] and t["logprob"] is not None for t in got[-1]) and len(got[-1]) >= 32
        with httpx.stream("POST", f"{s.url}/v1/chat/completions", json={**ask, "max_tokens": 512, "stream": True},
                          headers=auth(harvest)) as r:
            chunks = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
        entries = [e for c in chunks for ch in c["choices"] for e in (ch.get("logprobs") or {}).get("content", [])]
        assert entries and all(e["top_logprobs"] == [] for e in entries)
        mcq = [httpx.post(f"{s.url}/v1/chat/completions", json={**ask, "max_tokens": 1},
                          headers=auth(runner)).json()["choices"][0]["logprobs"]["content"] for _ in range(30)]
        assert all(len(t["top_logprobs"]) == 5 for t in mcq[-1])
        decisions = {row["account_id"]: row["decision"] for row in events(s)}
        assert decisions["acct-softlabel"]["actions"] == ["protect_reasoning"]  # type: ignore[index]
        assert decisions["acct-mcq"]["actions"] in ([], ["allow"])  # type: ignore[index]
        rows = events(s)
        assert {row["top_logprobs"] for row in rows} == {5}  # the log keeps what was asked


def _stream_deltas(s: Stack, key: str, *, hang_up_at_answer: bool) -> list[dict[str, Any]]:
    """One streamed chat call's deltas; with ``hang_up_at_answer`` the client leaves at the answer's first word."""
    deltas = []
    with httpx.stream("POST", f"{s.url}/v1/chat/completions", json={**CHAT, "stream": True},
                      headers=auth(key)) as r:
        for line in r.iter_lines():
            if line.startswith("data: {"):
                delta = json.loads(line[6:])["choices"][0]["delta"]
                deltas.append(delta)
                if hang_up_at_answer and delta.get("content"):
                    break  # leaving the block closes the connection mid-stream
    return deltas


def test_a_reasoning_skimmer_loses_the_reasoning_a_reader_keeps(tmp_path: Path) -> None:
    """Default policy. A client that hangs up as soon as the answer starts, keeping only the streamed reasoning,
    gets its answers without reasoning once it has done so 20 times in a day (``reasoning-skim``); a client that
    reads its answers through keeps the reasoning at the same volume."""
    with stack_with(tmp_path, mock=MockConfig(tokens_per_s=100, completion_tokens=30, reasoning_tokens=8),
                    observe_interval_s=0) as s:
        skimmer, reader = s.key("acct-skim"), s.key("acct-reader")
        first = _stream_deltas(s, skimmer, hang_up_at_answer=True)
        assert any(d.get("reasoning_content") for d in first)  # before the evidence: the reasoning is streamed
        for _ in range(21):
            _stream_deltas(s, skimmer, hang_up_at_answer=True)
        deadline = time.monotonic() + 10  # the gateway logs a hang-up when it next writes to the closed stream
        while time.monotonic() < deadline and sum(r["status"] == "aborted" for r in events(s)) < 22:
            time.sleep(0.05)
        assert sum(r["status"] == "aborted" and r["account_id"] == "acct-skim" for r in events(s)) == 22
        last = _stream_deltas(s, skimmer, hang_up_at_answer=False)
        assert last and not any(d.get("reasoning_content") for d in last)  # the answer, without the reasoning
        assert "".join(d.get("content") or "" for d in last).strip()
        for _ in range(23):
            read = _stream_deltas(s, reader, hang_up_at_answer=False)
        assert any(d.get("reasoning_content") for d in read)
        decisions = {row["account_id"]: row["decision"] for row in events(s)}
        assert decisions["acct-skim"]["actions"] == ["protect_reasoning"]  # type: ignore[index]
        assert decisions["acct-skim"]["matches"][0]["rule"] == "reasoning-skim"  # type: ignore[index]
        assert decisions["acct-reader"]["actions"] in ([], ["allow"])  # type: ignore[index]
        rows = [r for r in events(s) if r["account_id"] == "acct-skim"]
        assert all(r["reasoning_text"] for r in rows)  # the log keeps the upstream's reasoning, withheld or not
