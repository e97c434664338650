"""The fictional provider "Quillon": period, models, regions, accounts, keys and the request record.

Every actor draws from its own ``random.Random`` seeded by a string (the standard library hashes string seeds with
SHA-512), so output does not depend on PYTHONHASHSEED; nothing iterates over a set.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .corpus import Corpus

START = datetime(2026, 7, 6, tzinfo=UTC).timestamp()  # Mon 2026-07-06 00:00 UTC
END = START + 14 * 86400  # Mon 2026-07-20 00:00 UTC
RELEASE = START + 9 * 86400 + 16 * 3600  # Wed 2026-07-15 16:00 UTC: quill-3.5-reasoner goes live
DAY = 86400.0
HOUR = 3600.0

BASE, MINI, CODE, THINK = "quill-3", "quill-3-mini", "quill-3-coder", "quill-3.5-reasoner"
SNAPSHOT = {BASE: "quill-3-2026-05-12", MINI: "quill-3-mini-2026-05-12", CODE: "quill-3-coder-2026-03-30",
            THINK: "quill-3.5-reasoner-2026-07-15"}
SPEED = {BASE: 70.0, MINI: 150.0, CODE: 85.0, THINK: 60.0}

#: country -> (region, UTC offset). us-east-1 is indexed in Splunk, eu-west-1 shipped by Filebeat to Elastic.
COUNTRY = {
    "US": ("us", -5), "CA": ("us", -5), "BR": ("us", -3), "MX": ("us", -6), "CN": ("us", 8), "JP": ("us", 9),
    "KR": ("us", 9), "SG": ("us", 8), "IN": ("us", 5.5), "HK": ("us", 8), "TW": ("us", 8), "AU": ("us", 10),
    "VN": ("us", 7), "DE": ("eu", 2), "FR": ("eu", 2), "GB": ("eu", 1), "NL": ("eu", 2), "PL": ("eu", 2),
    "ES": ("eu", 2), "SE": ("eu", 2), "IT": ("eu", 2), "NG": ("eu", 1), "KE": ("eu", 3), "TR": ("eu", 3),
    "RU": ("eu", 3), "IL": ("eu", 3),
}
_RESI = {"US": (24, 67, 71, 98, 174), "CA": (70, 142), "BR": (177, 189), "MX": (187,), "CN": (36, 58, 112, 116),
         "JP": (60, 126, 153), "KR": (110, 121, 211), "SG": (116, 175), "IN": (49, 106, 117), "HK": (42, 112),
         "TW": (36, 114), "AU": (101, 120), "VN": (14, 113), "DE": (79, 84, 91), "FR": (82, 90), "GB": (81, 86),
         "NL": (77, 145), "PL": (83, 178), "ES": (79, 88), "SE": (78, 90), "IT": (79, 93), "NG": (102, 197),
         "KE": (41, 105), "TR": (78, 88), "RU": (95, 176), "IL": (79, 109)}
_CLOUD = {"us": (3, 18, 34, 44, 52, 104, 134, 146, 159), "eu": (5, 23, 46, 51, 78, 88, 95, 135, 185)}

SDK_UAS = ("OpenAI/Python 1.93.0", "OpenAI/Python 1.88.0", "OpenAI/Python 1.75.0", "OpenAI/JS 5.8.2",
           "OpenAI/JS 4.104.0", "python-httpx/0.28.1", "python-requests/2.32.4", "curl/8.12.1", "Go-http-client/2.0",
           "axios/1.10.0", "okhttp/4.12.0", "AsyncOpenAI/Python 1.93.0")
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HEX = "0123456789abcdef"

#: local-hour weights
OFFICE = tuple([0.05] * 7 + [0.4, 1, 1, 1, 0.8, 0.7, 1, 1, 0.9, 0.6, 0.3, 0.15, 0.1, 0.08, 0.05, 0.05, 0.05])
EVENING = tuple([0.3, 0.15, 0.05, 0.02, 0.02, 0.02, 0.05, 0.15, 0.3, 0.35, 0.4, 0.45, 0.5, 0.5, 0.45, 0.5, 0.6, 0.7,
                 0.8, 1, 1, 0.9, 0.7, 0.5])
FLAT = tuple([1.0] * 24)
CONSUMER = tuple([0.4, 0.25, 0.15, 0.1, 0.08, 0.1, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.95, 1,
                  1, 1, 0.9, 0.75, 0.55])


def tokens(text: str | None) -> int:
    if not text:
        return 0
    n_ascii = len(text.encode("ascii", "ignore"))
    return max(1, int(n_ascii / 4.0 + (len(text) - n_ascii) * 0.7))


def rid(rng: random.Random, n: int, alphabet: str = B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, limit = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def resi_ip(rng: random.Random, country: str) -> str:
    return f"{rng.choice(_RESI[country])}.{rng.randrange(1, 255)}.{rng.randrange(0, 256)}.{rng.randrange(2, 255)}"


def cloud_net(rng: random.Random, region: str) -> str:
    """A hosting /24 prefix reaching ``region``."""
    return f"{rng.choice(_CLOUD[region])}.{rng.randrange(1, 255)}.{rng.randrange(0, 256)}"


def in_net(rng: random.Random, net: str) -> str:
    return f"{net}.{rng.randrange(2, 254)}"


@dataclass
class Org:
    org_id: str
    name: str
    plan: str
    created_at: float
    card: str  # payment method fingerprint (hashed by the billing system)


@dataclass
class Key:
    key_id: str
    last4: str
    account: Account
    name: str
    created_at: float
    revoked_at: float | None = None


@dataclass
class Account:
    account_id: str
    org: Org
    label: str
    kind: str
    campaign_id: str
    country: str
    email_domain: str
    created_at: float
    keys: list[Key] = field(default_factory=list)
    suspended_at: float | None = None
    #: end user -> (label, kind, campaign_id) for end users that are not benign traffic of the account's own kind
    eu_labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def region(self) -> str:
        return COUNTRY[self.country][0]


class Req:
    """One API call as the service logs it; ``region`` picks the log pipeline."""

    __slots__ = (
        "acct",
        "body",
        "content",
        "err",
        "finish",
        "ip",
        "key",
        "latency",
        "n",
        "reasoning",
        "region",
        "seq",
        "status",
        "t",
        "tool_calls",
        "ua",
    )

    def __init__(self, t: float, seq: int, acct: Account, key: Key, ip: str, ua: str, region: str, body: dict,
                 status: int, content: str | list[str] | None, reasoning: str | None, tool_calls: list | None,
                 finish: str, err: str | None) -> None:
        self.t, self.seq, self.acct, self.key, self.ip, self.ua, self.region = t, seq, acct, key, ip, ua, region
        self.body, self.status, self.content, self.reasoning = body, status, content, reasoning
        self.tool_calls, self.finish, self.err = tool_calls, finish, err
        self.latency = 0


class World:
    def __init__(self, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.c = corpus
        self.accounts: list[Account] = []
        self.orgs: list[Org] = []
        self.reqs: list[Req] = []
        self.campaigns: list[dict] = []
        self._seq = 0
        self._ids = self.rng("ids")
        self._noise = self.rng("server-errors")

    def rng(self, name: str) -> random.Random:
        return random.Random(f"probe15/{self.seed}/{name}")

    # ------------------------------------------------------------------ directory
    def org(self, name: str, plan: str, created_at: float, card: str | None = None) -> Org:
        r = self._ids
        o = Org("org-" + rid(r, 20), name, plan, created_at, card or rid(r, 24, HEX))
        self.orgs.append(o)
        return o

    def card(self) -> str:
        return rid(self._ids, 24, HEX)

    def account(self, org: Org, label: str, kind: str, campaign_id: str, country: str, email_domain: str,
                created_at: float, n_keys: int = 1) -> Account:
        r = self._ids
        a = Account("acct_" + rid(r, 16), org, label, kind, campaign_id, country, email_domain, created_at)
        for i in range(n_keys):
            self.key(a, created_at + i * r.uniform(0, 3 * DAY), "default" if i == 0 else f"key-{i + 1}")
        self.accounts.append(a)
        return a

    def key(self, a: Account, created_at: float, name: str) -> Key:
        r = self._ids
        k = Key("key_" + rid(r, 18), rid(r, 4), a, name, created_at)
        a.keys.append(k)
        return k

    def campaign(self, cid: str, kind: str, source: str, description: str) -> str:
        self.campaigns.append({"campaign_id": cid, "kind": kind, "source": source, "description": description})
        return cid

    # ------------------------------------------------------------------ requests
    def add(self, t: float, acct: Account, key: Key, ip: str, ua: str, body: dict, content: str | list[str] | None,
            *, reasoning: str | None = None, tool_calls: list | None = None, finish: str = "stop",
            status: int = 200, err: str | None = None, region: str | None = None) -> Req | None:
        if not START <= t < END:
            return None
        if body.get("model") == THINK and t < RELEASE:
            status, err = 404, "model_not_found"
        if status == 200 and self._noise.random() < 0.003:
            self._seq += 1
            code = self._noise.choice((500, 503))
            self.reqs.append(Req(t, self._seq, acct, key, ip, ua, region or acct.region, body, code, None, None, None,
                                 "", "server_error" if code == 500 else "overloaded"))
            t += self._noise.uniform(1, 5)
        self._seq += 1
        r = Req(t, self._seq, acct, key, ip, ua, region or acct.region, body, status, content, reasoning,
                tool_calls, finish, err)
        self.reqs.append(r)
        return r


def day_starts() -> list[float]:
    return [START + i * DAY for i in range(14)]


def times_in_day(rng: random.Random, day: float, n: int, tz: float, weights: tuple[float, ...]) -> list[float]:
    """``n`` times in the UTC day starting at ``day``, drawn by local-hour ``weights``."""
    cum, s = [], 0.0
    for h in range(24):
        s += weights[int((h + tz) % 24)]
        cum.append(s)
    out = []
    for _ in range(n):
        x = rng.random() * s
        h = next(i for i, c in enumerate(cum) if c >= x)
        out.append(day + h * HOUR + rng.random() * HOUR)
    return sorted(out)


def weekday(t: float) -> int:
    return datetime.fromtimestamp(t, UTC).weekday()
