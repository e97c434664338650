"""Shared types, the simulated week, the provider's models and identity helpers."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

WEEK_START = datetime(2026, 3, 2, tzinfo=UTC).timestamp()  # a Monday
WEEK_END = datetime(2026, 3, 9, tzinfo=UTC).timestamp()
HOUR = 3600.0
DAY = 86400.0
RELEASE_TS = datetime(2026, 3, 5, 16, 0, tzinfo=UTC).timestamp()  # lyra-3.5 goes live

# public model group -> (deployment name logged as provided_model_name, $/M input, $/M output, reasoning model)
MODELS = {
    "lyra-3": ("lyra-3-2025-11-20", 3.0, 15.0, True),
    "lyra-3-flash": ("lyra-3-flash-2026-01-08", 0.25, 1.25, False),
    "lyra-3-coder": ("lyra-3-coder-2025-12-02", 1.5, 7.5, False),
    "lyra-3.5": ("lyra-3.5-2026-03-05", 3.5, 17.5, True),
}
# Langfuse model-definition ids the provider created for its own models (model_id column)
MODEL_DEF_IDS = {m: "cm" + hashlib.sha1(m.encode()).hexdigest()[:23] for m in MODELS}

# access pathways, modelled as LiteLLM teams on the provider's gateway
CHANNELS = {
    "direct-api": "2f0c6b1e-7d4a-4c55-9a43-1f1f8e0a7c10",
    "marketplace-aws": "8b3e9c2d-0a6f-4e1b-b7d2-55c0e4a9f381",
    "marketplace-gcp": "c41d7a90-3e2b-4f86-8c0e-9d7b6a2e1f54",
    "edu-program": "5e9a2c71-b4d8-4a3f-9e60-7c1b0d8f2a96",
    "startup-credits": "a7f04e3b-2c9d-4b18-86e5-3d2f9c7b0e41",
    "enterprise-contract": "e13b8d5f-6a70-4c29-b0f4-8a9e2d1c5b73",
}


@dataclass
class Key:
    token_hash: str  # LiteLLM stores and logs the sha256 of the virtual key, never the key
    alias: str | None


@dataclass
class Account:
    account_id: str
    org_id: str
    channel: str
    kind: str
    label: str = "benign"
    campaign_id: str = ""
    keys: list[Key] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)
    uas: list[str] = field(default_factory=list)
    tz: float = 0.0
    zdr: bool = False  # zero-data-retention contract: the gateway's mask drops input/output
    redact: bool = False  # client sends x-litellm-enable-message-redaction
    notes: str = ""
    exchanges: int = 0


@dataclass
class Exchange:
    ts: float
    acct: Account
    key: Key
    model: str
    messages: list
    reply: dict | None  # {"content", "reasoning", "tool_calls"}; None on error
    params: dict
    ip: str
    ua: str
    tools: list | None = None
    stream: bool = False
    end_user: str | None = None
    session: str | None = None
    trace_id: str | None = None  # set when the client groups several calls in one trace
    trace_name: str | None = None
    gen_name: str | None = None
    req_tags: list | None = None
    error: str | None = None
    hidden_tokens: int = 0  # reasoning tokens billed but not returned
    n: int = 1
    source: str = "api"  # "api" (LiteLLM gateway) or "playground" (console, Langfuse JS SDK)
    guardrail: bool = False
    kind: str = ""
    camp: str = ""
    # filled by the timing pass in generate.py
    ttft: float = 0.0
    dur: float = 0.0
    lag: float = 0.0
    io_cache: tuple | None = None  # (input, output) strings, built once for the trace and the generation


class Ids:
    """Deterministic identifiers drawn from one seeded stream."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed * 7919 + 11)

    def uuid4(self) -> str:
        h = f"{self.r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def hexid(self, n: int) -> str:
        return f"{self.r.getrandbits(4 * n):0{n}x}"

    def token(self, prefix: str, n: int = 12) -> str:
        alphabet = "abcdefghijkmnopqrstuvwxyz0123456789"
        return prefix + "".join(self.r.choice(alphabet) for _ in range(n))

    def key(self, alias: str | None) -> Key:
        raw = "sk-" + "".join(
            self.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(22)
        )
        return Key(hashlib.sha256(raw.encode()).hexdigest(), alias)


_MINUTES: dict[int, str] = {}


def fmt_ts(t: float) -> str:
    """Langfuse export timestamp: 'YYYY-MM-DD HH:MM:SS.ffffff' UTC, millisecond precision as stored."""
    s, frac = divmod(int(t * 1000.0 + 0.5), 1000)
    minute, sec = divmod(s, 60)
    head = _MINUTES.get(minute)
    if head is None:
        head = _MINUTES[minute] = datetime.fromtimestamp(minute * 60, tz=UTC).strftime("%Y-%m-%d %H:%M:")
    return f"{head}{sec:02d}.{frac:03d}000"


def tokens(text: str) -> int:
    if not text:
        return 0
    wide = (len(text.encode("utf-8")) - len(text)) // 2  # ~number of CJK/Cyrillic characters
    return max(1, int((len(text) - wide) / 3.8 + wide * 0.9))
