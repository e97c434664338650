"""Caller identity (projects, keys, principals, IPs, user agents, tiers) and timing helpers."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

START = 1773014400  # 2026-03-09 00:00:00 UTC, a Monday
DAYS = 7
END = START + DAYS * 86400
RELEASE = START + 3 * 86400 + 16 * 3600  # gemini-x-pro-002 goes live Thu 2026-03-12 16:00 UTC

REGIONS = ["us-central1", "us-east4", "us-east5", "us-west1", "us-south1", "europe-west1", "europe-west4",
           "europe-west9", "europe-central2", "asia-northeast1", "asia-southeast1", "asia-south1",
           "australia-southeast1", "northamerica-northeast1", "southamerica-east1", "global"]

PY = ["3.10.12", "3.11.9", "3.12.3", "3.12.7", "3.13.1"]


def ua_genai(rng: random.Random, lang: str = "python") -> tuple[str, str]:
    v = rng.choice(["1.20.0", "1.21.1", "1.24.0", "1.26.0", "1.28.0", "1.31.0"])
    if lang == "node":
        nv = rng.choice(["v20.11.1", "v20.18.0", "v22.12.0"])
        return f"google-genai-sdk/{v} gl-node/{nv}", f"google-genai-sdk/{v} gl-node/{nv}"
    py = rng.choice(PY)
    return f"google-genai-sdk/{v} gl-python/{py}", f"google-genai-sdk/{v} gl-python/{py}"


def ua_vertexai(rng: random.Random) -> tuple[str, str]:
    v = rng.choice(["1.71.1", "1.74.0", "1.79.0", "1.84.0", "1.88.0"])
    py = rng.choice(PY)
    return (f"model-builder/{v} grpc/1.66.2 gl-python/{py}",
            f"gl-python/{py} grpc/1.66.2 gax/2.24.0 gapic/{v} gccl/{v}+vertex-genai")


def ua_rest(rng: random.Random) -> tuple[str, str]:
    return rng.choice([("curl/8.5.0", ""), ("curl/7.81.0", ""), ("python-requests/2.32.3", ""),
                       ("python-httpx/0.27.2", ""), ("axios/1.7.7", ""), ("Go-http-client/2.0", ""),
                       ("okhttp/4.12.0", "")])


def ua_langchain(rng: random.Random) -> tuple[str, str]:
    v = rng.choice(["2.0.7", "2.1.2", "2.1.4"])
    py = rng.choice(PY)
    return (f"langchain-google-vertexai/{v} model-builder/1.79.0 grpc/1.66.2 gl-python/{py}",
            f"gl-python/{py} grpc/1.66.2 gax/2.24.0 gapic/1.79.0 gccl/1.79.0+remote_reasoning_engine")


# Plausible public ranges: GCP/AWS/Azure egress, European and Asian hosting, ISP ranges. Not real assignments.
RANGES = {
    "gcp": ["34.{a}.{b}.{c}", "35.{a}.{b}.{c}", "104.196.{b}.{c}"],
    "aws": ["3.{a}.{b}.{c}", "18.{a}.{b}.{c}", "52.{a}.{b}.{c}", "54.{a}.{b}.{c}"],
    "azure": ["20.{a}.{b}.{c}", "40.{a}.{b}.{c}", "51.{a}.{b}.{c}"],
    "office": ["81.{a}.{b}.{c}", "62.{a}.{b}.{c}", "213.{a}.{b}.{c}", "98.{a}.{b}.{c}", "73.{a}.{b}.{c}",
               "24.{a}.{b}.{c}", "2001:db8:{a}:{b}::{c}"],
    "isp_asia": ["1.{a}.{b}.{c}", "36.{a}.{b}.{c}", "58.{a}.{b}.{c}", "111.{a}.{b}.{c}", "123.{a}.{b}.{c}"],
    "hosting": ["45.{a}.{b}.{c}", "91.{a}.{b}.{c}", "149.{a}.{b}.{c}", "185.{a}.{b}.{c}", "194.{a}.{b}.{c}"],
}


def ip_in(rng: random.Random, kind: str) -> str:
    t = rng.choice(RANGES[kind])
    return t.format(a=rng.randint(1, 254), b=rng.randint(0, 255), c=rng.randint(1, 254))


def subnet24(rng: random.Random, kind: str) -> str:
    ip = ip_in(rng, "hosting" if ":" in kind else kind)
    while ":" in ip:
        ip = ip_in(rng, kind)
    return ip.rsplit(".", 1)[0]


@dataclass
class Identity:
    """One credential of one customer project as the front end sees it."""

    project_number: str
    project_id: str
    billing_account: str
    tier: str
    auth: str  # API_KEY | SERVICE_ACCOUNT | USER
    key_uid: str | None = None
    principal: str | None = None
    ips: list[str] = field(default_factory=list)  # empty -> caller IP not recorded (internal proxy)
    ua: tuple[str, str] = ("", "")
    regions: list[str] = field(default_factory=lambda: ["us-central1"])
    express: bool = False  # API-key express mode: endpoint without project path
    created: str | None = None  # project creation date (YYYY-MM-DD) as the provider's account table knows it


def project_number(rng: random.Random) -> str:
    return str(rng.randint(100_000_000_000, 999_999_999_999))


def billing_account(rng: random.Random) -> str:
    h = rng.randbytes(9).hex().upper()
    return f"{h[0:6]}-{h[6:12]}-{h[12:18]}"


def key_uid(rng: random.Random) -> str:
    h = rng.randbytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


WORDS = ["acme", "nova", "lumen", "tidal", "quartz", "delta", "harbor", "pine", "cobalt", "atlas", "ember", "orbit",
         "vega", "kite", "maple", "onyx", "polar", "sable", "terra", "zephyr", "birch", "cinder", "fjord", "granite"]
SUFFIX = ["prod", "ml", "genai", "ai-dev", "platform", "research", "app", "backend", "eval", "staging", "llm"]


def project_id(rng: random.Random, stem: str | None = None) -> str:
    stem = stem or rng.choice(WORDS) + "-" + rng.choice(WORDS)
    return f"{stem}-{rng.choice(SUFFIX)}-{rng.randint(100, 99999)}"


def created_date(rng: random.Random, lo_days: int, hi_days: int) -> str:
    import datetime as dt
    d = dt.datetime.fromtimestamp(START - rng.randint(lo_days, hi_days) * 86400, dt.UTC)
    return d.strftime("%Y-%m-%d")


# ---- timing --------------------------------------------------------------------------------------------------

def diurnal_weight(local_hour: float, shape: str) -> float:
    if shape == "flat":
        return 1.0
    if shape == "office":
        return 1.0 if 8.5 <= local_hour < 18.5 else (0.15 if 7 <= local_hour < 22 else 0.02)
    if shape == "evening":
        return 1.0 if 18 <= local_hour < 24 else (0.35 if 9 <= local_hour < 18 else 0.05)
    if shape == "consumer":
        return 0.25 + 0.75 * max(0.0, math.sin(math.pi * (local_hour - 7) / 17)) if local_hour >= 7 else 0.08
    if shape == "school":
        return 1.0 if 15 <= local_hour < 22 else (0.4 if 8 <= local_hour < 15 else 0.02)
    return 1.0


def human_sessions(rng: random.Random, n: int, tz: float, shape: str, *, weekend: float = 0.5,
                   gap: tuple[float, float] = (20, 240), per_session: tuple[int, int] = (2, 12)) -> list[float]:
    """Start times of n calls grouped in sessions, with a daily rhythm in local time."""
    out: list[float] = []
    while len(out) < n:
        t = START + rng.random() * DAYS * 86400
        lt = (t / 3600 + tz) % 24
        day = int(((t - START) / 86400 + tz / 24) % 7)
        w = diurnal_weight(lt, shape) * (weekend if day >= 5 else 1.0)
        if rng.random() > w:
            continue
        k = rng.randint(*per_session)
        for _ in range(k):
            out.append(t)
            t += rng.uniform(*gap) * (1 + rng.expovariate(1.0))
    return sorted(out[:n])


def machine_stream(rng: random.Random, n: int, t0: float = START, t1: float = END, jitter: float = 0.3) -> list[float]:
    """Near-constant rate over [t0, t1) with some jitter (a worker loop)."""
    step = (t1 - t0) / max(n, 1)
    return [t0 + i * step + rng.uniform(-jitter, jitter) * step for i in range(n)]


def bursts(rng: random.Random, n: int, runs: int, starts: list[float], conc: int,
           svc: tuple[float, float]) -> list[float]:
    """n calls split into runs; each run starts at one of `starts` and keeps `conc` calls in flight."""
    out: list[float] = []
    per = max(1, n // max(runs, 1))
    for r in range(runs):
        t = starts[r % len(starts)]
        lanes = [t + rng.random() * 2 for _ in range(conc)]
        for _ in range(per):
            i = min(range(conc), key=lanes.__getitem__)
            out.append(lanes[i])
            lanes[i] += rng.uniform(*svc)
    return sorted(out[:n])
