"""The fictional provider "Heron": period, models, regions, the account directory and the request record every
actor produces. Writers in ``gke.py`` and ``nodes.py`` turn requests into log files.

Randomness: every actor draws from its own ``random.Random`` seeded by a string (``World.rng``); string seeds are
hashed with SHA-512 by the standard library, so runs do not depend on PYTHONHASHSEED. Nothing iterates over a set.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .corpus import Corpus

START = datetime(2026, 6, 1, tzinfo=UTC).timestamp()  # Mon 2026-06-01 00:00 UTC
END = START + 14 * 86400  # Mon 2026-06-15 00:00 UTC
RELEASE = START + 9 * 86400 + 15 * 3600  # Wed 2026-06-10 15:00 UTC: heron-4-thinking goes live
DAY = 86400.0
HOUR = 3600.0

THINK = "heron-4-thinking"
#: requested model -> dated snapshot the server resolves it to
SNAPSHOT = {
    "heron-4": "heron-4-2026-04-14",
    "heron-4-mini": "heron-4-mini-2026-04-14",
    "heron-3.5": "heron-3.5-2025-11-03",
    THINK: "heron-4-thinking-2026-06-10",
}
#: decode speed (tokens/s) per model, reasoning tokens included
SPEED = {"heron-4": 68.0, "heron-4-mini": 145.0, "heron-3.5": 92.0, THINK: 58.0}

#: country -> (region, UTC offset in hours). Region A (GKE us-central1) serves the Americas, Europe and Africa;
#: region B (self-managed, Singapore) serves Asia-Pacific. Geo-DNS picks by the client's address.
COUNTRY = {
    "US": ("A", -5),
    "CA": ("A", -5),
    "BR": ("A", -3),
    "MX": ("A", -6),
    "DE": ("A", 2),
    "FR": ("A", 2),
    "GB": ("A", 1),
    "NL": ("A", 2),
    "PL": ("A", 2),
    "ES": ("A", 2),
    "SE": ("A", 2),
    "NG": ("A", 1),
    "IL": ("A", 3),
    "SG": ("B", 8),
    "JP": ("B", 9),
    "KR": ("B", 9),
    "IN": ("B", 5.5),
    "HK": ("B", 8),
    "TW": ("B", 8),
    "AU": ("B", 10),
    "ID": ("B", 7),
    "VN": ("B", 7),
    "MY": ("B", 8),
    "CN": ("B", 8),
}
#: first octets used for consumer (residential / mobile) addresses per country (fictional allocation)
_RESI = {
    "US": (24, 67, 71, 73, 98, 174),
    "CA": (70, 142, 184),
    "BR": (177, 189, 201),
    "MX": (187, 189),
    "DE": (79, 84, 91, 93),
    "FR": (82, 86, 90),
    "GB": (81, 86, 109),
    "NL": (77, 83, 145),
    "PL": (83, 89, 178),
    "ES": (79, 83, 88),
    "SE": (78, 83, 90),
    "NG": (102, 105, 197),
    "IL": (79, 84, 109),
    "SG": (116, 118, 175),
    "JP": (60, 106, 126, 153),
    "KR": (110, 121, 175, 211),
    "IN": (49, 106, 117, 122),
    "HK": (42, 58, 112),
    "TW": (36, 111, 114),
    "AU": (101, 110, 120),
    "ID": (36, 110, 180),
    "VN": (14, 113, 171),
    "MY": (60, 115, 175),
    "CN": (36, 58, 112, 116),
}
#: cloud / hosting first octets per region of the provider they reach
_CLOUD = {"A": (3, 18, 34, 35, 44, 52, 54, 104, 130, 146), "B": (13, 18, 43, 47, 52, 101, 119, 128, 139, 161)}

SDK_UAS = (
    "OpenAI/Python 1.82.1",
    "OpenAI/Python 1.79.0",
    "OpenAI/Python 1.68.2",
    "OpenAI/JS 5.3.0",
    "OpenAI/JS 4.104.0",
    "python-httpx/0.28.1",
    "python-requests/2.32.3",
    "curl/8.7.1",
    "Go-http-client/2.0",
    "axios/1.9.0",
    "okhttp/4.12.0",
    "Apache-HttpClient/5.4.1 (Java/21.0.5)",
    "AsyncOpenAI/Python 1.82.1",
    "node-fetch/1.0",
)
EMAIL_FREE = (
    "gmail.com",
    "outlook.com",
    "proton.me",
    "yahoo.com",
    "icloud.com",
    "hotmail.com",
    "qq.com",
    "163.com",
    "naver.com",
    "gmx.de",
)

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def tokens(text: str | None) -> int:
    """Rough token count: 4 bytes per token for ASCII, about 0.7 tokens per CJK or other non-ASCII character."""
    if not text:
        return 0
    n_ascii = sum(1 for c in text if c < "\x80") if len(text) < 4096 else len(text.encode("ascii", "ignore"))
    return max(1, int(n_ascii / 4.0 + (len(text) - n_ascii) * 0.7))


@dataclass
class Key:
    key_id: str
    secret: str
    account: Account
    name: str
    created_at: float
    revoked_at: float | None = None

    @property
    def prefix(self) -> str:
        """What the API server logs and the console shows: the first 12 characters of the secret."""
        return self.secret[:12]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.secret.encode()).hexdigest()

    @property
    def fp(self) -> str:
        """What the region-B auth sidecar puts in ``X-Heron-Key-Fp``: the first 16 hex digits of SHA-256(secret)."""
        return self.sha256[:16]


@dataclass
class Org:
    org_id: str
    name: str
    plan: str
    created_at: float
    country: str
    cards: list[str] = field(default_factory=list)  # card tokens; fingerprints are their SHA-256
    members: list[Account] = field(default_factory=list)
    status: str = "active"
    suspended_at: float | None = None


@dataclass
class Account:
    """One member (user) of an organisation: the unit labelled in ``labels.parquet``."""

    idx: int
    account_id: str
    org: Org
    kind: str
    label: str
    campaign_id: str
    country: str
    created_at: float
    email_domain: str
    role: str
    signup_ip: str
    card: str
    keys: list[Key] = field(default_factory=list)
    eu_labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    suspended_at: float | None = None

    @property
    def tz(self) -> float:
        return COUNTRY[self.country][1]

    @property
    def home(self) -> str:
        return COUNTRY[self.country][0]


_P429 = {"free": 0.02, "payg_tier1": 0.012, "startup_credits": 0.01, "payg_tier2": 0.005, "education": 0.004}


class Req:
    """One HTTP request to /v1/chat/completions as the provider served it."""

    __slots__ = (
        "acct",
        "cached_tok",
        "content",
        "err",
        "extra",
        "finish",
        "in_tok",
        "ip",
        "key",
        "lat",
        "messages",
        "model",
        "out_tok",
        "params",
        "path",
        "reasoning",
        "region",
        "rsn_tok",
        "seq",
        "status",
        "stream",
        "t",
        "tool_calls",
        "tools",
        "ttft",
        "ua",
        "user",
        "xff",
    )

    def __init__(self) -> None:
        self.xff = ""
        self.path = "/v1/chat/completions"


class World:
    def __init__(self, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.c = corpus
        self.orgs: list[Org] = []
        self.accounts: list[Account] = []
        self.reqs: list[Req] = []
        self.campaigns: list[dict] = []
        self.ip_region: dict[str, str] = {}
        self._ids: dict[str, int] = {}
        self._seq = 0
        self._g = self.rng("world")

    # ---------------------------------------------------------------- randomness and ids
    def rng(self, *parts: object) -> random.Random:
        return random.Random("p14|{}|{}".format(self.seed, "|".join(map(str, parts))))

    def _token(self, n: int, alphabet: str = B62) -> str:
        return "".join(self._g.choice(alphabet) for _ in range(n))

    def uid(self, prefix: str, n: int = 16, alphabet: str = B36) -> str:
        while True:
            s = prefix + self._token(n, alphabet)
            if s not in self._ids:
                self._ids[s] = 1
                return s

    # ---------------------------------------------------------------- addresses
    def resi_ip(self, rng: random.Random, country: str) -> str:
        ip = f"{rng.choice(_RESI[country])}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(2, 254)}"
        self.ip_region[ip] = COUNTRY[country][0]
        return ip

    def cloud_ip(self, rng: random.Random, region: str) -> str:
        ip = f"{rng.choice(_CLOUD[region])}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(2, 254)}"
        self.ip_region[ip] = region
        return ip

    def block(self, rng: random.Random, region: str, first: int | None = None) -> str:
        """A hosting /24 (as ``a.b.c``) reaching ``region``."""
        a = first if first is not None else rng.choice((45, 91, 103, 146, 154, 185, 193, 194))
        return f"{a}.{rng.randrange(1, 255)}.{rng.randrange(0, 256)}"

    def in_block(self, rng: random.Random, block: str, region: str) -> str:
        ip = f"{block}.{rng.randrange(2, 254)}"
        self.ip_region[ip] = region
        return ip

    # ---------------------------------------------------------------- directory
    def new_org(self, name: str, plan: str, created_at: float, country: str, cards: int = 1) -> Org:
        org = Org(self.uid("org_", 20, B62), name, plan, created_at, country)
        for _ in range(cards):
            org.cards.append(self._token(24))
        self.orgs.append(org)
        return org

    def new_account(
        self,
        org: Org,
        kind: str,
        label: str,
        country: str,
        created_at: float,
        *,
        campaign_id: str = "",
        email_domain: str | None = None,
        role: str = "owner",
        n_keys: int = 1,
        card: str | None = None,
        signup_ip: str | None = None,
        key_names: tuple[str, ...] = ("default", "prod", "staging", "ci", "batch"),
    ) -> Account:
        rng = self.rng("acct", len(self.accounts))
        a = Account(
            idx=len(self.accounts),
            account_id=self.uid("user_", 18, B62),
            org=org,
            kind=kind,
            label=label,
            campaign_id=campaign_id,
            country=country,
            created_at=created_at,
            email_domain=email_domain or rng.choice(EMAIL_FREE),
            role=role,
            signup_ip=signup_ip or self.resi_ip(rng, country),
            card=card or (org.cards[0] if org.cards else ""),
        )
        org.members.append(a)
        self.accounts.append(a)
        for i in range(n_keys):
            self.new_key(
                a, created_at + rng.uniform(60, 3 * DAY) * (i > 0) + rng.uniform(30, 900), key_names[i % len(key_names)]
            )
        return a

    def new_key(self, a: Account, created_at: float, name: str = "default") -> Key:
        while True:
            secret = "hk-live-" + self._token(40)
            if secret[:12] not in self._ids:
                self._ids[secret[:12]] = 1
                break
        k = Key(self.uid("key_", 14, "0123456789abcdef"), secret, a, name, created_at)
        a.keys.append(k)
        return k

    # ---------------------------------------------------------------- requests
    def send(
        self,
        a: Account,
        t: float,
        model: str,
        messages: list[dict],
        content: str | None = None,
        *,
        reasoning: str | None = None,
        tool_calls: list[dict] | None = None,
        tools: list[dict] | None = None,
        params: dict | None = None,
        user: str | None = None,
        stream: bool = False,
        ip: str = "",
        ua: str = "",
        key: Key | None = None,
        finish: str | None = None,
        extra: list[str] | None = None,
        status: int = 200,
        err: str = "",
        xff: str = "",
        region: str | None = None,
        cached: int = 0,
        rng: random.Random | None = None,
    ) -> Req:
        """Record one request. The server's own outcomes are decided here: an unreleased model gives 404, a
        suspended account 403, a revoked key 401. Tokens and latency follow from the texts."""
        if not (START <= t < END):
            return None  # type: ignore[return-value]
        rr = rng or self._g
        live = a.suspended_at is None or t < a.suspended_at
        if status == 200 and model in SNAPSHOT and (model != THINK or t >= RELEASE) and live:
            # the server's own refusals: rate limits (more on low tiers) and overloaded backends; clients retry
            p429 = _P429.get(a.org.plan, 0.002)
            x = rr.random()
            if x < p429 + 0.0006:
                code, e = (429, "rate_limit_exceeded") if x < p429 else (503, "upstream_overloaded")
                self.send(
                    a,
                    t,
                    model,
                    messages,
                    None,
                    tools=tools,
                    params=params,
                    user=user,
                    stream=stream,
                    ip=ip,
                    ua=ua,
                    key=key,
                    status=code,
                    err=e,
                    xff=xff,
                    region=region,
                    rng=rr,
                )
                t += rr.uniform(0.5, 3.0) if code == 503 else rr.uniform(1.0, 8.0)
                if t >= END:
                    return None  # type: ignore[return-value]
        r = Req()
        self._seq += 1
        r.seq = self._seq
        r.t, r.acct, r.ip, r.ua = t, a, ip, ua
        r.key = key or a.keys[0]
        r.region = region or self.ip_region.get(ip, a.home)
        r.model, r.messages, r.tools, r.params, r.user, r.stream = model, messages, tools, params or {}, user, stream
        r.xff = xff
        r.content, r.reasoning, r.tool_calls, r.extra = content, reasoning, tool_calls, extra
        r.finish = finish or ("tool_calls" if tool_calls else "stop")
        r.status, r.err = status, err
        if a.suspended_at is not None and t >= a.suspended_at:
            r.status, r.err = 403, "account_suspended"
        elif r.key.revoked_at is not None and t >= r.key.revoked_at:
            r.status, r.err = 401, "invalid_api_key"
        elif (model == THINK and t < RELEASE) or model not in SNAPSHOT:
            r.status, r.err = 404, "model_not_found"
        r.in_tok = sum(
            tokens(m.get("content") if isinstance(m.get("content"), str) else None)
            + 4
            + sum(tokens(tc.get("arguments")) for tc in m.get("tool_calls") or ())
            for m in messages
        )
        if tools:
            r.in_tok += 40 * len(tools)
        r.cached_tok = min(cached, r.in_tok)
        if r.status != 200:
            r.content = r.reasoning = r.tool_calls = r.extra = None
            r.out_tok = r.rsn_tok = 0
            r.ttft = r.lat = rr.uniform(0.004, 0.04)
            self.reqs.append(r)
            return r
        out = tokens(content) + sum(tokens(tc["arguments"]) + 6 for tc in tool_calls or ())
        out += sum(tokens(x) for x in extra or ())
        r.rsn_tok = 0
        if model == THINK:
            r.rsn_tok = int(max(tokens(reasoning), 60) * rr.uniform(3.0, 9.0))
        r.out_tok = max(1, out) + r.rsn_tok
        mt = r.params.get("max_tokens")
        if mt and r.out_tok > mt:
            r.out_tok, r.finish = mt, "length"
        speed = SPEED[model] * rr.uniform(0.75, 1.2)
        r.ttft = rr.uniform(0.18, 0.7) + r.in_tok / 9000.0 + (r.rsn_tok / speed if model == THINK else 0.0)
        r.lat = r.ttft + (r.out_tok - r.rsn_tok) / speed
        self.reqs.append(r)
        return r


# -------------------------------------------------------------------- timing helpers
def day_starts() -> list[float]:
    return [START + d * DAY for d in range(14)]


def office_curve(h: float) -> float:
    """Relative activity of a person at local hour ``h`` on a working day."""
    if 9 <= h < 12 or 13.5 <= h < 18:
        return 1.0
    if 12 <= h < 13.5:
        return 0.55
    if 7.5 <= h < 9 or 18 <= h < 20:
        return 0.35
    if 20 <= h < 23.5:
        return 0.18
    return 0.02


def evening_curve(h: float) -> float:
    """Students and consumers: afternoon and evening peaks."""
    if 16 <= h < 22.5:
        return 1.0
    if 12 <= h < 16:
        return 0.45
    if 8 <= h < 12 or 22.5 <= h < 24:
        return 0.25
    return 0.04


def global_curve(h_utc: float) -> float:
    """A worldwide user base seen in UTC: two humps, never zero."""
    return 0.55 + 0.25 * math.sin((h_utc - 3) / 24 * 2 * math.pi) + 0.2 * math.sin((h_utc - 14) / 12 * 2 * math.pi)


def poisson_times(
    rng: random.Random, t0: float, t1: float, per_day: float, curve, tz: float = 0.0, weekend: float = 1.0
) -> list[float]:
    """Arrival times in [t0, t1) of a non-homogeneous Poisson process with mean ``per_day`` on a working day,
    shaped by ``curve(local hour)`` (thinning), ``weekend`` scaling Saturdays and Sundays."""
    out: list[float] = []
    if per_day <= 0 or t1 <= t0:
        return out
    peak = max(curve(h / 4.0) for h in range(96))
    mean_w = sum(curve(h / 4.0) for h in range(96)) / 96.0
    lam = per_day / DAY * peak / mean_w
    t = t0
    while True:
        t += rng.expovariate(lam)
        if t >= t1:
            return out
        local = t + tz * HOUR
        h = (local % DAY) / HOUR
        wd = int((local - START) // DAY) % 7  # 0 = Monday
        w = curve(h) / peak * (weekend if wd >= 5 else 1.0)
        if rng.random() < w:
            out.append(t)
