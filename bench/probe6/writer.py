"""Turns calls into BigQuery request-response-logging rows and writes them as a sharded NDJSON export."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from . import gemini
from .gemini import Outcome
from .infra import END, START, Identity

_TIER_429 = {"free": 0.03, "tier_1": 0.012, "tier_2": 0.004, "tier_3": 0.001, "provisioned": 0.0}


def bq_ts(t: float) -> str:
    """BigQuery's JSON-export rendering of a TIMESTAMP."""
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _dump(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))


class Writer:
    """One per worker process; owns two shard files per day."""

    def __init__(self, out: Path, worker: int) -> None:
        self.out = out
        self.worker = worker
        self.files: dict[tuple[int, int], gzip.GzipFile] = {}
        self.buf: dict[tuple[int, int], list[bytes]] = defaultdict(list)
        self.calls: Counter[str] = Counter()
        self.rows: Counter[str] = Counter()
        self.labels: dict[str, tuple[str | None, str]] = {}
        self.malformed: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()

    # -- bookkeeping -------------------------------------------------------------------------------------------
    def account(self, ident: Identity, campaign: str | None, archetype: str) -> None:
        self.labels[ident.project_number] = (campaign, archetype)

    def _path(self, day: int, k: int) -> str:
        d = dt.datetime.fromtimestamp(START + day * 86400, dt.UTC).strftime("%Y-%m-%d")
        return f"logs/{d}/logs-{k:012d}.json.gz"

    def _put(self, day: int, k: int, line: bytes) -> None:
        b = self.buf[(day, k)]
        b.append(line)
        if len(b) >= 2000:
            self._flush(day, k)

    def _flush(self, day: int, k: int) -> None:
        key = (day, k)
        if key not in self.files:
            p = self.out / self._path(day, k)
            p.parent.mkdir(parents=True, exist_ok=True)
            self.files[key] = gzip.open(p, "wb", compresslevel=5)  # noqa: SIM115
        self.files[key].write(b"".join(self.buf[key]))
        self.buf[key].clear()

    def close(self) -> None:
        for key in list(self.buf):
            if self.buf[key]:
                self._flush(*key)
        for f in self.files.values():
            f.close()

    # -- the one entry point -----------------------------------------------------------------------------------
    def emit(self, rng: random.Random, ident: Identity, ts: float, version: str, req: dict, o: Outcome, *,
             method: str = "generateContent", region: str | None = None, noise: bool = True,
             attempt: int = 0, latency: float | None = None) -> float:
        """Log one call (plus any transient error and its SDK retry). Returns the time the caller got its answer."""
        region = region or (ident.regions[0] if len(ident.regions) == 1 else rng.choice(ident.regions))
        if noise and o.kind in ("ok", "count") and attempt < 4:
            r = rng.random()
            p429 = _TIER_429.get(ident.tier, 0.01)
            code = 429 if r < p429 else (503 if r < p429 + 0.0015 else (500 if r < p429 + 0.0025 else 0))
            if code:
                t_err = self._row(rng, ident, ts, version, req, Outcome(kind="error", code=code), method, region,
                                  rng.uniform(0.05, 0.6) if code == 429 else rng.uniform(1, 20))
                back = min(60.0, (2 ** attempt) * rng.uniform(1.0, 2.0))
                return self.emit(rng, ident, t_err + back, version, req, o, method=method, region=region,
                                 noise=noise, attempt=attempt + 1, latency=latency)
        return self._row(rng, ident, ts, version, req, o, method, region, latency)

    def _row(self, rng: random.Random, ident: Identity, ts: float, version: str, req: dict, o: Outcome,
             method: str, region: str, latency: float | None) -> float:
        gc = req.get("generationConfig", {})
        inc = bool(gc.get("thinkingConfig", {}).get("includeThoughts"))
        stream = method == "streamGenerateContent"
        if latency is None:
            if o.kind == "count":
                latency = rng.uniform(0.03, 0.15)
            elif o.kind in ("error", "blocked"):
                latency = rng.uniform(0.05, 0.5)
            else:
                out_tok = sum(gemini.tokens(t) for t in o.texts) + o.thoughts_tokens
                latency = rng.uniform(0.35, 1.4) + out_tok / rng.uniform(70, 140)
                if o.stop_after_thoughts:
                    latency = rng.uniform(0.35, 1.0) + o.thoughts_tokens / rng.uniform(150, 300)
        t_end = ts + latency
        if t_end >= END or ts < START:
            return t_end
        model, _, ver = version.rpartition("-")
        resp = gemini.response(req, o, version=version, create_time=iso(ts), rng=rng, include_thoughts=inc,
                               stream=stream, ratings=not version.endswith("002"),
                               traffic="PROVISIONED_THROUGHPUT" if ident.tier == "provisioned" else "ON_DEMAND")
        if o.kind == "error":
            status, grpc = o.code, gemini.ERRORS[o.code][0]
        elif o.kind == "cancelled" or o.stop_after_thoughts:
            status, grpc = 499, "CANCELLED"
        else:
            status, grpc = 200, "OK"
        caller: dict[str, Any] = {"project_number": ident.project_number, "project_id": ident.project_id,
                                  "billing_account_id": ident.billing_account}
        if ident.auth == "API_KEY":
            caller["auth_type"] = "API_KEY"
            caller["api_key_uid"] = ident.key_uid
        else:
            caller["auth_type"] = "OAUTH2_" + ident.auth
            caller["principal_email"] = ident.principal
        if ident.ips:
            caller["ip"] = rng.choice(ident.ips)
        if ident.ua[0]:
            caller["user_agent"] = ident.ua[0]
        if ident.ua[1]:
            caller["x_goog_api_client"] = ident.ua[1]
        meta: dict[str, Any] = {"caller": caller, "location": region, "quota_tier": ident.tier,
                                "request_time": iso(ts), "latency_ms": round(latency * 1000),
                                "http_status": status, "status": grpc, "streaming": stream}
        if ident.created:
            meta["caller"]["project_create_date"] = ident.created
        if o.kind == "error" and o.code == 429:
            meta["quota_metric"] = ("aiplatform.googleapis.com/"
                                    "generate_content_requests_per_minute_per_project_per_base_model")
        path = f"publishers/google/models/{version}"
        endpoint = path if ident.express else f"projects/{ident.project_id}/locations/{region}/{path}"
        rid = str(rng.randrange(10**17, 10**19))
        fresp = _dump(resp)
        if len(fresp) > 6000 and rng.random() < 0.01:
            fresp = fresp[: rng.randint(4096, 6000)]  # logging pipeline cut an oversized payload
            self.stats["inner_truncated"] += 1
        row = {"endpoint": endpoint, "logging_time": bq_ts(t_end), "request_id": rid,
               "request_payload": [], "response_payload": [], "model": model, "model_version": ver,
               "api_method": method, "full_request": _dump(req), "full_response": fresp, "metadata": _dump(meta)}
        line = (_dump(row) + "\n").encode("utf-8")
        day = int((t_end - START) // 86400)
        k = self.worker * 2 + (int(rid[-3:]) & 1)
        self._put(day, k, line)
        pn = ident.project_number
        self.calls[pn] += 1
        self.rows[pn] += 1
        self.stats[f"method:{method}"] += 1
        self.stats[f"outcome:{o.kind if o.kind != 'error' else o.code}"] += 1
        r = rng.random()
        if r < 0.0035:  # re-exported row: same request_id in another shard (sometimes the next day's folder)
            d2 = day + 1 if (rng.random() < 0.2 and day < 6) else day
            self._put(d2, k ^ 1, line)
            self.rows[pn] += 1
            self.stats["duplicate_rows"] += 1
        elif r < 0.0039:  # a torn copy of the line
            cut = rng.randint(20, max(21, len(line) - 10))
            self._put(day, k ^ 1, line[:cut].rstrip(b"\n") + b"\n")
            self.malformed[self._path(day, k ^ 1)] += 1
        return t_end
