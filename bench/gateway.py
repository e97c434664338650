"""Gateway overhead: the same fake upstream called directly and through ``antidistill serve``, in one run.

Three numbers, each against a baseline measured side by side (and, between the two, a pass-through proxy on the
same server and client stack, ``bench/null_proxy.py``: what the extra hop alone costs on this machine, so the
gateway's own work is the difference between it and the gateway):

* added latency: sequential unary chat requests, alternating direct / gateway so drift hits both
  alike; p50 and p99 of each, and their difference (targets: p50 +1 ms, p99 +5 ms at most);
* throughput: ``--streams`` concurrent streaming clients for ``--seconds`` each phase, the upstream
  pacing tokens at ``--token-rate`` per stream like a real model; completed streams per second
  through the gateway over direct (target at least 0.80);
* memory per tracked account: the online state of every built-in detector, measured with
  tracemalloc over ``--accounts`` accounts (target at most 2 KiB).

The mock upstream and the gateway each run as their own process (uvloop + httptools when
installed); the client (aiohttp, on uvloop) runs here. Accounts: requests round-robin over ``--keys`` keys so the
default policy sees ordinary per-account rates (one key at thousands of requests a minute would,
rightly, be throttled). With ``--scenario NAME`` it also generates that traffic-lab scenario and replays it through a
fresh gateway with the default policy (``replay_clock`` on, so the online windows follow the
simulated timeline), and prints per campaign the share of requests served and the benign
requests denied. With ``--background-scan SECONDS`` the gateway runs its background scan
(``scan_every_s``) during the measurements, its event log pre-filled with the ``tiny`` scenario so each round
is a real scan competing for the same cores. Run:

    nice -n 10 .venv/bin/python bench/gateway.py [--scenario tiny]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import httpx
import pyarrow.parquet as pq

from antidistill.gateway.detectors import DetectorContext, build_detectors
from antidistill.gateway.keys import KeyStore
from antidistill.gateway.online import OnlineState
from antidistill.records import Exchange, Message

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def pct(values: list[float], q: float) -> float:
    xs = sorted(values)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


async def latency(bases: dict[str, str], keys: list[str], n: int,
                  body: dict[str, object]) -> dict[str, list[float]]:
    """Sequential unary requests, each round one request to every base in turn (drift hits all alike)."""
    out: dict[str, list[float]] = {name: [] for name in bases}
    data = json.dumps(body).encode()
    async with aiohttp.ClientSession() as client:
        for i in range(n + 200):
            for name, base in bases.items():
                headers = {"authorization": f"Bearer {keys[i % len(keys)]}", "content-type": "application/json"}
                t = time.perf_counter()
                async with client.post(f"{base}/v1/chat/completions", data=data, headers=headers) as r:
                    text = await r.read()
                dt_ms = (time.perf_counter() - t) * 1000
                if r.status != 200:
                    raise RuntimeError(f"{name}: HTTP {r.status} {text[:200]!r}")
                if i >= 200:  # warm-up excluded
                    out[name].append(dt_ms)
    return out


async def throughput(base: str, keys: list[str], streams: int, seconds: float,
                     body: dict[str, object]) -> dict[str, float]:
    done = 0
    chunks = 0
    errors = 0
    stop = time.monotonic() + seconds
    data = json.dumps(body).encode()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=streams)) as client:

        async def worker(i: int) -> None:
            nonlocal done, chunks, errors
            headers = {"authorization": f"Bearer {keys[i % len(keys)]}", "content-type": "application/json"}
            while time.monotonic() < stop:
                async with client.post(f"{base}/v1/chat/completions", data=data, headers=headers) as r:
                    n = 0
                    async for line in r.content:
                        n += line.startswith(b"data:")
                    if r.status == 200:
                        done += 1
                        chunks += n
                    else:
                        errors += 1

        t0 = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(streams)))
        elapsed = time.monotonic() - t0
    return {"streams_per_s": done / elapsed, "chunks_per_s": chunks / elapsed, "errors": errors, "chunks": chunks}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on uvloop when installed (the client should not be the slowest party)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def memory_per_account(accounts: int, *, reasoning_and_tools: bool = False) -> float:
    """Bytes of online state per tracked account. ``reasoning_and_tools``: every response carries visible
    reasoning and every request declares tools, so the skim and tool-churn detectors hold state too (the worst
    case; they keep none for the other accounts)."""
    state = OnlineState(detectors=build_detectors(DetectorContext()))
    state.status()
    t0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)

    def ex(acct: str, k: int) -> Exchange:
        messages = [Message("user", "hello")]
        if reasoning_and_tools:  # 20 catalogues: the churn detector's ring is full
            messages = [Message("system", f"[tools]\n[tool lookup_{chr(97 + k)}] Look up."), *messages]
        return Exchange(exchange_id=f"{acct}-{k}", ts_start=t0 + dt.timedelta(seconds=41 * k), account_id=acct,
                        model="m", messages=messages, client_ip=f"10.{k % 7}.0.1",
                        user_agent=f"ua/{k % 2}", account_tier="standard", account_created_at=t0,
                        org_id=f"org-{acct}", payment_fingerprint=f"card-{acct}",  # a card of its own: worst case
                        reasoning_text="thinking" if reasoning_and_tools else None)

    state.observe_many([ex("warm-up", 0)])
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for i in range(accounts):
        state.observe_many([ex(f"account-{i:07d}", k) for k in range(20)])
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(s.size_diff for s in after.compare_to(before, "filename")) / accounts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000, help="sequential requests per side for latency")
    ap.add_argument("--streams", type=int, default=256, help="concurrent streaming clients")
    ap.add_argument("--seconds", type=float, default=15.0, help="length of each throughput phase")
    ap.add_argument("--token-rate", type=float, default=50.0, help="tokens per second per stream upstream")
    ap.add_argument("--tokens", type=int, default=64, help="completion tokens per answer")
    ap.add_argument("--keys", type=int, default=256, help="accounts the client spreads requests over")
    ap.add_argument("--accounts", type=int, default=5000, help="accounts for the memory measurement")
    ap.add_argument("--scenario", help="also replay this traffic-lab scenario (e.g. tiny) with the default policy")
    ap.add_argument("--skip-overhead", action="store_true", help="only the scenario replay")
    ap.add_argument("--background-scan", type=float, default=0.0, metavar="SECONDS",
                    help="measure with the gateway's background scan on (scan_every_s), its log pre-filled with the "
                         "traffic lab's tiny scenario so every round does real work")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    result: dict[str, Any] = {}
    if not args.skip_overhead:
        result.update(overhead(args))
    if args.scenario:
        result["replay"] = replay_scenario(args.scenario, background_scan=args.background_scan)
        print(json.dumps(result["replay"], indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


def replay_scenario(name: str, seed: int = 7, background_scan: float = 0.0) -> dict[str, Any]:
    """Simulate ``name``, serve a gateway with the default policy, replay through it, return the report.

    ``background_scan`` > 0: the gateway scans its own log every that many (wall-clock) seconds while the
    replay runs and acts on the verdicts, the live form of the scan loop.
    """
    from antidistill.lab.simulator.engine import simulate
    from antidistill.lab.simulator.scenario import load_scenario

    tmp = Path(tempfile.mkdtemp(prefix="bench-replay-"))
    t0 = time.perf_counter()
    simulate(load_scenario(name), seed, tmp / "scenario")
    print(f"simulated {name} in {time.perf_counter() - t0:.1f} s")
    up_port, gw_port, admin_port = free_port(), free_port(), free_port()
    cli = [sys.executable, "-m", "antidistill.cli"]
    env = {**os.environ, "ANTIDISTILL_ADMIN_TOKEN": "bench-admin-token-0123456789"}
    config = tmp / "gateway.yaml"
    direct = f"http://127.0.0.1:{up_port}"
    config.write_text(f"upstream: {direct}\nreplay_clock: true\ntrust_forwarded_for: true\n"
                      + (f"scan_every_s: {background_scan}\n" if background_scan else ""))
    procs = [subprocess.Popen([*cli, "mock-upstream", "--port", str(up_port), "--tokens", "8"], env=env)]
    try:
        wait_http(f"{direct}/v1/models")
        procs.append(subprocess.Popen([*cli, "serve", "--config", str(config), "--port", str(gw_port),
                                       "--admin-port", str(admin_port), "--state-dir", str(tmp / "state")],
                                      env=env, stderr=subprocess.DEVNULL))
        gateway = f"http://127.0.0.1:{gw_port}"
        wait_http(f"{gateway}/healthz")
        t0 = time.perf_counter()
        out = subprocess.run([*cli, "replay", str(tmp / "scenario"), "--gateway", gateway, "--state-dir",
                              str(tmp / "state"), "--speed", "0", "--concurrency", "4"], env=env,
                             capture_output=True, text=True, check=True)
        report: dict[str, Any] = json.loads(out.stdout)
        report["replay_seconds"] = round(time.perf_counter() - t0, 1)
        health = httpx.get(f"http://127.0.0.1:{admin_port}/healthz",
                           headers={"authorization": f"Bearer {env['ANTIDISTILL_ADMIN_TOKEN']}"}).json()
        report["detectors"] = health["detectors"]
        report["background_scan"] = health.get("background_scan")
        report["reasoning_protected_fraction"] = protected_shares(tmp / "scenario", tmp / "state" / "events")
        return report
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=20)


def protected_shares(scenario: Path, events: Path) -> dict[str, float]:
    """Per campaign (and ``benign``), the share of logged exchanges whose reasoning the policy protected."""
    import pyarrow.parquet as pq

    from antidistill.gateway.eventlog import read_events

    labels = {r["account_id"]: r["campaign_id"] for r in pq.read_table(scenario / "labels.parquet").to_pylist()}
    total: dict[str, int] = {}
    hit: dict[str, int] = {}
    for row in read_events(events):
        group = labels.get(row["account_id"]) or "benign"
        total[group] = total.get(group, 0) + 1
        hit[group] = hit.get(group, 0) + ("protect_reasoning" in row["decision"]["actions"])
    return {g: round(hit[g] / total[g], 4) for g in sorted(total)}


def prefill_log(events: Path, scenario: str = "tiny", seed: int = 7) -> int:
    """Write a traffic-lab scenario into the gateway's event log, so background scan rounds do real work."""
    from antidistill.gateway.eventlog import EventLog
    from antidistill.lab.simulator import load_scenario, simulate
    from antidistill.records import table_to_exchanges

    out = Path(tempfile.mkdtemp(prefix="bench-gateway-scen-"))
    simulate(load_scenario(scenario), seed, out)
    n = 0
    with EventLog(directory=events, fsync_window_s=1.0) as log:
        for f in sorted((out / "exchanges").glob("*.parquet")):
            for ex in table_to_exchanges(pq.read_table(f)):
                log.append_exchange(ex, {"action": "allow", "reasons": []})
                n += 1
    return n


def overhead(args: argparse.Namespace) -> dict[str, Any]:
    """Latency, throughput and memory, direct vs gateway."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    state = tmp / "state"
    state.mkdir()
    store = KeyStore(path=state / "keys.sqlite")
    keys = [store.create(f"bench-{i}", tier="enterprise")[0] for i in range(args.keys)]
    store.close()
    up_port, gw_port, admin_port, null_port = free_port(), free_port(), free_port(), free_port()
    cli = [sys.executable, "-m", "antidistill.cli"]
    env = {**os.environ, "ANTIDISTILL_ADMIN_TOKEN": "bench-admin-token-0123456789"}
    procs = [subprocess.Popen([*cli, "mock-upstream", "--port", str(up_port), "--tokens", str(args.tokens),
                               "--reasoning", "field"], env=env)]
    direct = f"http://127.0.0.1:{up_port}"
    try:
        wait_http(f"{direct}/v1/models")
        serve = [*cli, "serve", "--upstream", direct, "--port", str(gw_port), "--admin-port", str(admin_port),
                 "--state-dir", str(state)]
        if args.background_scan:
            prefill_log(state / "events")
            (tmp / "gateway.yaml").write_text(f"scan_every_s: {args.background_scan}\n")
            serve += ["--config", str(tmp / "gateway.yaml")]
        procs.append(subprocess.Popen(serve, env=env, stderr=subprocess.DEVNULL))
        gateway = f"http://127.0.0.1:{gw_port}"
        wait_http(f"{gateway}/healthz")
        # the hop alone: the same server and client stack forwarding bytes, nothing else (bench/null_proxy.py)
        procs.append(subprocess.Popen([sys.executable, str(Path(__file__).with_name("null_proxy.py")),
                                       "--upstream", direct, "--port", str(null_port)]))
        hop = f"http://127.0.0.1:{null_port}"
        wait_http(f"{hop}/v1/models")
        unary = {"model": "mock-1", "max_tokens": 16, "messages": [{"role": "user", "content": "how are tides made"}]}
        bases = {"direct": direct, "hop": hop, "gateway": gateway}
        lat = run(latency(bases, keys, args.requests, unary))
        stream = {"model": f"tps-{args.token_rate:g}", "stream": True,
                  "messages": [{"role": "user", "content": "explain tides in detail"}]}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in bases}
        cpu = {"mock": 0.0, "gateway": 0.0, "chunks": 0.0}
        for name in (*bases, *bases):  # each phase twice, alternating
            base = bases[name]
            before = (cpu_seconds(procs[0].pid), cpu_seconds(procs[1].pid))
            r = run(throughput(base, keys, args.streams, args.seconds / 2, stream))
            runs[name].append(r)
            if name == "gateway":  # CPU each process spent per relayed chunk: capacity on a free core
                cpu["mock"] += cpu_seconds(procs[0].pid) - before[0]
                cpu["gateway"] += cpu_seconds(procs[1].pid) - before[1]
                cpu["chunks"] += r["chunks"]
        metrics = httpx.get(f"http://127.0.0.1:{admin_port}/metrics").text
        health = httpx.get(f"http://127.0.0.1:{admin_port}/healthz",
                           headers={"Authorization": f"Bearer {env['ANTIDISTILL_ADMIN_TOKEN']}"}).json()
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    mem = memory_per_account(args.accounts)
    mem_worst = memory_per_account(args.accounts, reasoning_and_tools=True)

    d50, d99 = pct(lat["direct"], 0.5), pct(lat["direct"], 0.99)
    g50, g99 = pct(lat["gateway"], 0.5), pct(lat["gateway"], 0.99)
    h50, h99 = pct(lat["hop"], 0.5), pct(lat["hop"], 0.99)
    tput = {k: statistics.mean(r["streams_per_s"] for r in v) for k, v in runs.items()}
    chunks = {k: statistics.mean(r["chunks_per_s"] for r in v) for k, v in runs.items()}
    errors = {k: sum(r["errors"] for r in v) for k, v in runs.items()}
    throttled = [ln for ln in metrics.splitlines() if ln.startswith("antidistill_decisions_total")]
    result: dict[str, Any] = {
        "latency_ms": {"direct_p50": d50, "direct_p99": d99, "gateway_p50": g50, "gateway_p99": g99,
                       "added_p50": g50 - d50, "added_p99": g99 - d99, "n": len(lat["direct"]),
                       "hop_p50": h50, "hop_p99": h99, "own_p50": g50 - h50, "own_p99": g99 - h99},
        "throughput": {"direct_streams_per_s": tput["direct"], "gateway_streams_per_s": tput["gateway"],
                       "ratio": tput["gateway"] / tput["direct"], "direct_chunks_per_s": chunks["direct"],
                       "hop_streams_per_s": tput["hop"], "hop_ratio": tput["hop"] / tput["direct"],
                       "gateway_over_hop": tput["gateway"] / tput["hop"],
                       "gateway_chunks_per_s": chunks["gateway"], "errors": errors, "streams": args.streams,
                       "token_rate": args.token_rate, "tokens": args.tokens},
        "cpu_us_per_chunk": {"gateway": 1e6 * cpu["gateway"] / max(1.0, cpu["chunks"]),
                             "mock_upstream": 1e6 * cpu["mock"] / max(1.0, cpu["chunks"])},
        "memory_bytes_per_account": mem,
        "memory_bytes_per_account_with_reasoning_and_tools": mem_worst,
        "background_scan": health.get("background_scan"),
        "decisions": throttled,
    }
    print(f"latency ({len(lat['direct'])} sequential unary requests each side)")
    print(f"  direct   p50 {d50:7.3f} ms  p99 {d99:7.3f} ms")
    print(f"  gateway  p50 {g50:7.3f} ms  p99 {g99:7.3f} ms")
    print(f"  added    p50 {g50 - d50:+7.3f} ms  p99 {g99 - d99:+7.3f} ms   (targets +1 / +5)")
    print(f"  hop only p50 {h50:7.3f} ms  p99 {h99:7.3f} ms   (a pass-through proxy on the same stack: "
          f"added p50 {h50 - d50:+.3f} ms)")
    print(f"  the gateway's own work: p50 {g50 - h50:+.3f} ms  p99 {g99 - h99:+.3f} ms over the hop")
    print(f"throughput ({args.streams} concurrent streams, {args.tokens} tokens at {args.token_rate:g} tok/s)")
    print(f"  direct  {tput['direct']:8.1f} streams/s {chunks['direct']:9.0f} chunks/s")
    print(f"  gateway {tput['gateway']:8.1f} streams/s {chunks['gateway']:9.0f} chunks/s  "
          f"ratio {tput['gateway'] / tput['direct']:.3f} (target >= 0.80)  errors {errors}")
    print(f"  hop     {tput['hop']:8.1f} streams/s {chunks['hop']:9.0f} chunks/s  "
          f"ratio {tput['hop'] / tput['direct']:.3f}; gateway / hop {tput['gateway'] / tput['hop']:.3f}")
    per_chunk = result["cpu_us_per_chunk"]
    capacity = 1e6 / max(per_chunk["gateway"], 1e-9)
    print(f"  CPU per relayed chunk: gateway {per_chunk['gateway']:.1f} us, mock upstream "
          f"{per_chunk['mock_upstream']:.1f} us (one free core: ~{capacity:,.0f} chunks/s)")
    print(f"memory per tracked account: {mem:.0f} bytes (target <= 2048); {mem_worst:.0f} bytes when every "
          f"response carries visible reasoning and every request declares tools")
    print("decisions:", *throttled, sep="\n  ")
    if result["background_scan"] is not None:
        print("background scan during the run:", json.dumps(result["background_scan"]))
    return result


if __name__ == "__main__":
    main()
