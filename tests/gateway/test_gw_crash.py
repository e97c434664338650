"""kill -9 of a real gateway process during traffic loses no exchange whose response completed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from antidistill.gateway.eventlog import read_events
from antidistill.gateway.keys import KeyStore
from antidistill.gateway.mock_upstream import MockConfig, build_mock_app
from antidistill.gateway.server import ServerThread

pytestmark = pytest.mark.gateway


async def traffic(url: str, keys: list[str], completed: list[str], stop_after: float) -> int:
    """Send mixed unary and streaming requests until the gateway dies; record ids of completed responses."""
    failures = 0
    deadline = time.monotonic() + stop_after
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:

        async def worker(i: int) -> None:
            nonlocal failures
            n = 0
            while time.monotonic() < deadline:
                n += 1
                body = {"model": "m", "messages": [{"role": "user", "content": f"worker {i} request {n}"}],
                        "stream": n % 2 == 0}
                headers = {"authorization": f"Bearer {keys[i % len(keys)]}"}
                try:
                    if body["stream"]:
                        async with client.stream("POST", "/v1/chat/completions", json=body, headers=headers) as r:
                            lines = [line async for line in r.aiter_lines() if line]
                            if r.status_code == 200 and lines and lines[-1] == "data: [DONE]":
                                completed.append(r.headers["x-request-id"])
                    else:
                        r = await client.post("/v1/chat/completions", json=body, headers=headers)
                        if r.status_code == 200 and r.json()["choices"]:
                            completed.append(r.headers["x-request-id"])
                except (httpx.HTTPError, json.JSONDecodeError):
                    failures += 1
                    await asyncio.sleep(0.01)

        await asyncio.gather(*(worker(i) for i in range(12)))
    return failures


def test_kill_9_loses_no_completed_exchange(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    store = KeyStore(path=state / "keys.sqlite")
    keys = [store.create(f"acct-{i}")[0] for i in range(4)]
    store.close()
    ready = tmp_path / "ready.json"
    with ServerThread(build_mock_app(MockConfig(tokens_per_s=400, completion_tokens=12, reasoning="field"))) as up:
        env = {**os.environ, "ANTIDISTILL_ADMIN_TOKEN": "crash-test-admin-token"}
        # a long fsync window on purpose: the contract is about the kernel holding the line, not the disk
        config = tmp_path / "gw.yaml"
        config.write_text(f"upstream: {up.url}\nfsync_window_s: 5\n")
        log_path = tmp_path / "gateway.log"
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen([sys.executable, "-m", "antidistill.cli", "serve", "--config", str(config),
                                     "--state-dir", str(state), "--port", "0", "--admin-port", "0",
                                     "--ready-file", str(ready)], env=env, stdout=subprocess.DEVNULL,
                                    stderr=log_file)
        try:
            deadline = time.monotonic() + 60
            while not ready.exists():
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gateway did not start"
                time.sleep(0.05)
            url = json.loads(ready.read_text())["public"]
            completed: list[str] = []

            async def run() -> int:
                task = asyncio.create_task(traffic(url, keys, completed, stop_after=3.0))
                await asyncio.sleep(1.5)
                os.kill(proc.pid, signal.SIGKILL)  # mid-traffic, no chance to flush anything
                return await task

            failures = asyncio.run(run())
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    logged = {row["exchange_id"] for row in read_events(state / "events")}
    assert len(completed) > 20, "too little traffic completed before the kill to test anything"
    assert failures > 0, "the kill happened after the traffic ended"
    missing = set(completed) - logged
    assert not missing, f"{len(missing)} completed exchanges missing from the log"
