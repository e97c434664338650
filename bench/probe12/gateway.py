"""A smaller slice of the same customers' synchronous traffic, as the API gateway's access log.

logs/gateway/dt=YYYY-MM-DD/hour=HH.jsonl, one JSON object per request, sorted by time. Request
bodies are logged (truncated to 8 KB of message text), responses as text only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

from .archive import tokens
from .common import chat, model_for
from .prompts import Texts
from .timing import office, poisson
from .world import END, HOUR, SNAPSHOTS, START, Account, Job, World

# interactive share per benign persona: (requests over the fortnight, lo, hi)
BENIGN_SYNC = {
    "small_dev": (20, 160),
    "enterprise_team": (40, 200),
    "aggregator": (150, 400),
    "tutoring_app": (40, 120),
    "reasoning_researcher": (10, 60),
    "catalogue_translation": (5, 20),
    "llm_judge": (5, 30),
    "doc_pipeline": (5, 20),
}


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ts * 1000) % 1000:03d}Z"


class Gateway:
    """Builds sync records; counts them into the accounts' exchanges."""

    def __init__(self, w: World, t: Texts) -> None:
        self.w, self.t = w, t
        self.rows: list[tuple[float, str, dict]] = []
        self.n = 0

    def _record(self, a: Account, ts: float, body: dict, reply: str, ip: str, ua: str, key_i: int = -1) -> None:
        r = self.w.rng
        if not START <= ts < END:
            return
        key = a.keys[key_i]
        model = body["model"]
        status = 200 if r.random() > 0.01 else int(r.choice([429, 500, 400]))
        msgs = [{"role": m["role"], "content": (m.get("content") or "")[:8192]} for m in body["messages"]]
        pt = sum(tokens(m["content"]) for m in msgs)
        ct = tokens(reply) if status == 200 else 0
        rec = {
            "ts": _iso(ts),
            "request_id": "req_" + self.w.mint.hex("sreq", 32),
            "method": "POST",
            "path": "/v1/chat/completions",
            "status": status,
            "latency_ms": int(300 + ct * r.uniform(8, 25)) if status == 200 else int(r.integers(20, 400)),
            "org_id": a.org_id,
            "project_id": key.project_id,
            "user_id": a.account_id,
            "api_key_id": key.key_id,
            "client_ip": ip,
            "user_agent": ua,
            "model": model,
            "resolved_model": SNAPSHOTS[model],
            "stream": bool(r.random() < 0.6),
            "end_user": body.get("user"),
            "request": {k: v for k, v in body.items() if k != "messages"} | {"messages": msgs},
            "response_text": reply[:4000] if status == 200 else None,
            "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct},
        }
        self.rows.append((ts, rec["request_id"], rec))
        if status == 200:
            a.exchanges += 1
            a.sync_exchanges += 1
            if body.get("user"):
                a.eu_exchanges[body["user"]] = a.eu_exchanges.get(body["user"], 0) + 1

    def benign(self, accounts: list[Account]) -> None:
        r, t = self.w.rng, self.t
        for a in accounts:
            if a.label != "benign" or a.kind not in BENIGN_SYNC or r.random() < 0.25:
                continue
            lo, hi = BENIGN_SYNC[a.kind]
            n = int(r.integers(lo, hi))
            times = poisson(r, n / 14) if a.kind == "aggregator" else office(r, n, a.tz)
            eus = [u for u, v in a.end_user_labels.items() if v[0] == "benign"]
            for ts in times:
                p, rep = t.general()
                extra = {"user": eus[int(r.integers(0, len(eus)))]} if eus else {}
                body = chat(model_for(r, ts, 0.5), p, None, **extra)
                self._record(a, ts + r.random(), body, rep, a.ips[int(r.integers(0, len(a.ips)))], a.user_agents[0])

    def campaign_smoke(self, jobs: list[Job]) -> None:
        """Harvesters test a template live before each of their first batches (and on a new model)."""
        r = self.w.rng
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for j in jobs:
            a = j.account
            if a.label != "campaign" or j.endpoint != "/v1/chat/completions":
                continue
            m = j.lines[0].body["model"]
            k = (a.account_id, m)
            if seen[k] >= 2:
                continue
            seen[k] += 1
            for i in range(int(r.integers(1, 5))):
                ln = j.lines[i % len(j.lines)]
                ts = j.submit - int(r.integers(60, 1800)) + r.random()
                if ts >= START and "messages" in ln.body:
                    body = {kk: v for kk, v in ln.body.items() if kk not in ("n",)}
                    self._record(a, ts, body, ln.reply, j.ip, j.user_agent, key_i=a.keys.index(j.key))

    def emit(self) -> dict[str, list[str]]:
        files: dict[str, list[str]] = defaultdict(list)
        for ts, _, rec in sorted(self.rows, key=lambda x: (x[0], x[1])):
            if START <= ts < END:
                d = datetime.fromtimestamp(ts, UTC)
                files[f"gateway/dt={d:%Y-%m-%d}/hour={d:%H}.jsonl"].append(json.dumps(rec, ensure_ascii=False))
        self.n = sum(len(v) for v in files.values())
        return files


__all__ = ["HOUR", "Gateway"]
