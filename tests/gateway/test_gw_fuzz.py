"""Seeded fuzzing of the public API: valid chat, completion and Responses bodies with fields replaced at random
(wrong types, huge numbers, empty containers, a lax ``stream``). The gateway must answer each with an
OpenAI-style error or a relayed answer, never a 5xx of its own, and keep serving. It found a ``"stream": "yes"``
that the upstream streamed while the gateway expected one JSON body (a 502); that is now a 400."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest
from gw_stack import stack_with

from fuzzing import mutate

pytestmark = pytest.mark.gateway

BODIES: dict[str, dict[str, Any]] = {
    "/v1/chat/completions": {"model": "mock-1", "max_tokens": 8, "user": "u1", "messages": [
        {"role": "system", "content": "be brief"}, {"role": "user", "content": [{"type": "text", "text": "hi"}]}]},
    "/v1/completions": {"model": "mock-1", "prompt": "hello", "max_tokens": 5},
    "/v1/responses": {"model": "mock-1", "instructions": "x", "max_output_tokens": 8, "input": [
        {"role": "user", "content": [{"type": "input_text", "text": "hello"}]},
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}]},
}


def test_malformed_bodies_get_client_errors_never_gateway_failures(tmp_path: Path) -> None:
    rng = random.Random("gateway-fuzz")
    statuses: dict[int, int] = {}
    with stack_with(tmp_path) as s:
        key = s.key("acct-fuzz")
        headers = {"authorization": f"Bearer {key}", "content-type": "application/json"}
        for _ in range(90):
            endpoint = rng.choice(sorted(BODIES))
            body = mutate(BODIES[endpoint], rng)
            if rng.random() < 0.3:
                body["stream"] = rng.choice([True, False, "yes", 1])
            r = httpx.post(s.url + endpoint, content=json.dumps(body), headers=headers, timeout=10)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code < 500, (endpoint, r.status_code, r.text[:200], body)
            if r.status_code >= 400:
                assert set(r.json()["error"]) >= {"message", "type", "code"}
        final = httpx.post(s.url + "/v1/chat/completions", json=BODIES["/v1/chat/completions"], headers=headers)
    assert final.status_code == 200
    assert statuses.get(200, 0) > 0 and statuses.get(400, 0) > 0, statuses  # both paths exercised
