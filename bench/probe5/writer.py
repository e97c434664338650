"""Render every call, write hourly gzip log files per host, then labels.parquet and manifest.json."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
import time
from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from . import edge
from .actors import Actor
from .render import LLM_ROUTES, Renderer, dumps, rfc3339nano
from .rng import HEX, stream, token
from .world import ALIASES, DEPLOY, MODELS, RELEASE, T0, T_END, Org

SERVICE = "edge-gw"


def _phase(name: str, since: float) -> None:
    if os.environ.get("PROBE5_TIMING"):
        print(f"[probe5] {name}: {time.perf_counter() - since:.1f}s", file=sys.stderr)


def file_name(host: str, t: float) -> str:
    h = dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H")
    return f"logs/{host}/{SERVICE}.{h}.log.gz"


class LogWriter:
    """Buffers one hour of lines per host and writes byte-reproducible gzip files."""

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        self.hour: int | None = None
        self.buf: dict[str, list[list]] = defaultdict(list)  # host -> [[line, org_id|None, parseable]]
        self.files: list[dict] = []
        self.exchanges: Counter = Counter()
        self.seen: set[str] = set()

    def add(self, host: str, t: float, line: str, org_id: str | None, ok: bool = True) -> None:
        h = int((t - T0) // 3600)
        if self.hour is not None and h != self.hour:
            self.flush()
        self.hour = h
        self.buf[host].append([line, org_id, ok])

    def truncate_last(self, host: str, cut: float) -> bool:
        if not self.buf[host]:
            return False
        entry = self.buf[host][-1]
        entry[0] = entry[0][: max(10, int(len(entry[0]) * cut))]
        entry[1], entry[2] = None, False
        return True

    def flush(self) -> None:
        assert self.hour is not None
        for host in sorted(self.buf):
            entries = self.buf[host]
            if not entries:
                continue
            rel = file_name(host, T0 + self.hour * 3600.0)
            path = os.path.join(self.out_dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = ("\n".join(e[0] for e in entries) + "\n").encode("utf-8")
            with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=3) as gz:
                gz.write(data)
            for _, org_id, ok in entries:
                if ok and org_id is not None:
                    if org_id.startswith("~"):  # identity on a non-LLM route
                        self.seen.add(org_id[1:])
                    else:
                        self.seen.add(org_id)
                        self.exchanges[org_id] += 1
            self.files.append({"path": rel, "records": sum(1 for e in entries if e[2]),
                               "malformed": sum(1 for e in entries if not e[2]), "bytes": os.path.getsize(path)})
        self.buf = defaultdict(list)


def write_all(out_dir: str, seed: int, actors: list[Actor]) -> dict:
    clock = time.perf_counter()
    calls = []
    for a in actors:
        calls.extend(a.build())
    _phase("build", clock)
    calls = edge.add_noise(stream(seed, "edge", "noise"), calls)
    decided = edge.decide(stream(seed, "edge", "faults"), calls)
    _phase("edge", clock)
    route_rng = stream(seed, "edge", "route")
    events = [(c.t, 0, i, edge.route_host(route_rng, c)) for i, (c, _) in enumerate(decided)]
    events += [(t, 1, 0, h) for h, t in edge.health_checks()]
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    renderer = Renderer(stream(seed, "edge", "render"), SERVICE)
    noise = stream(seed, "edge", "stderr")
    restart = {h: DEPLOY + k * 95.0 for k, h in enumerate(edge.ALL_HOSTS)}
    restarted: set[str] = set()
    w = LogWriter(out_dir)
    malformed = Counter()
    per_org: Counter = Counter()
    for t, kind, i, host in events:
        if host not in restarted and t >= restart[host]:
            restarted.add(host)
            if w.truncate_last(host, float(noise.uniform(0.2, 0.9))):
                malformed["truncated_at_restart"] += 1
            start = {"time": rfc3339nano(restart[host]), "level": "INFO", "msg": "starting server", "service": SERVICE,
                     "version": "1.43.0", "host": host, "listen": ":8443", "upstream_pools": 4}
            w.add(host, restart[host], dumps(start), None)
        if kind == 1:
            rec = {"time": rfc3339nano(t), "level": "INFO", "msg": "request completed", "service": SERVICE,
                   "version": "1.43.0" if t >= DEPLOY else "1.42.3", "host": host,
                   "request_id": "req_" + token(renderer.rng, 32, HEX),
                   "http": {"method": "GET", "route": "/healthz", "status": 200, "latency_ms": 0.041,
                            "client_ip": f"10.40.{edge.ALL_HOSTS.index(host)}.2", "user_agent": "ELB-HealthChecker/2.0"}}
            w.add(host, t, dumps(rec), None)
            continue
        c, o = decided[i]
        rec = renderer.record(c, host, o)
        org_id = rec.get("auth", {}).get("org_id")
        w.add(host, t, dumps(rec), org_id if c.route in LLM_ROUTES else (None if org_id is None else "~" + org_id))
        if noise.random() < 1 / 12000:
            ip = f"{int(noise.integers(1, 223))}.{int(noise.integers(0, 255))}.{int(noise.integers(0, 255))}.{int(noise.integers(1, 255))}"
            stamp = dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y/%m/%d %H:%M:%S")
            w.add(host, t, f"{stamp} http: TLS handshake error from {ip}:{int(noise.integers(1024, 65535))}: EOF", None, False)
            malformed["stderr_line"] += 1
    w.flush()
    _phase("render+write", clock)
    return finish(out_dir, seed, actors, w, malformed)


def finish(out_dir: str, seed: int, actors: list[Actor], w: LogWriter, malformed: Counter) -> dict:
    """Labels from what was actually written (so counts match the files exactly) and the manifest."""
    orgs: dict[str, tuple[Actor, Org]] = {o.org_id: (a, o) for a in actors for o in a.orgs}
    ids = sorted(w.seen)
    table = pa.table({
        "account_id": pa.array(ids, pa.string()),
        "campaign_id": pa.array([orgs[i][1].campaign for i in ids], pa.string()),
        "archetype": pa.array([orgs[i][0].label for i in ids], pa.string()),
        "exchanges": pa.array([int(w.exchanges[i]) for i in ids], pa.int64()),
    })
    pq.write_table(table, os.path.join(out_dir, "labels.parquet"), compression="zstd")
    groups: dict[str, dict] = {}
    for a in actors:
        accts = [o.org_id for o in a.orgs if o.org_id in w.seen]
        entry = {"kind": a.kind, "archetype": a.label, "accounts": len(accts),
                 "requests": int(sum(w.exchanges[x] for x in accts)), "summary": a.summary}
        if a.kind == "campaign":
            entry["campaign_id"] = a.campaign_id
            entry["public_behaviours"] = a.behaviours
        groups[a.name] = entry
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    utc = dt.UTC
    manifest = {
        "generator": "bench.probe5", "seed": seed,
        "period": {"start": dt.datetime.fromtimestamp(T0, utc).strftime(fmt), "end": dt.datetime.fromtimestamp(T_END, utc).strftime(fmt)},
        "account_field": "auth.org_id",
        "models": {m: {"snapshot": s, "reasoning": r, "available_from": dt.datetime.fromtimestamp(max(a, T0), utc).strftime(fmt)}
                   for m, (s, r, a) in MODELS.items()},
        "aliases": {k: {"before_release": v[0], "after_release": v[1]} for k, v in ALIASES.items()},
        "new_model_release": {"model": "halo-3 (and halo-3-mini)", "time": dt.datetime.fromtimestamp(RELEASE, utc).strftime(fmt)},
        "edge_deploy": {"version": "1.43.0", "time": dt.datetime.fromtimestamp(DEPLOY, utc).strftime(fmt),
                        "note": "rolling restart, host k at +95*k s; adds http.ttft_ms on streamed LLM calls"},
        "totals": {"files": len(w.files), "records": sum(f["records"] for f in w.files),
                   "malformed_lines": sum(f["malformed"] for f in w.files),
                   "malformed_by_kind": dict(sorted(malformed.items())),
                   "llm_requests_with_identity": int(sum(w.exchanges.values())), "accounts": len(ids),
                   "campaign_accounts": sum(1 for i in ids if orgs[i][1].campaign),
                   "bytes": sum(f["bytes"] for f in w.files)},
        "campaigns": {k: v for k, v in groups.items() if v["kind"] == "campaign"},
        "personas": {k: v for k, v in groups.items() if v["kind"] == "benign"},
        "files": sorted(w.files, key=lambda f: f["path"]),
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return manifest
