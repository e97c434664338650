"""Organisations, API keys (one Databricks service principal each), network and client identities."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .rng import DAY, HOUR, T0, b32, hexid, rng, uuid4

# (asn, as name, country, first octets)
RESIDENTIAL = [
    ("AS7922", "COMCAST-7922", "US", [73, 24, 98, 71, 69]), ("AS701", "UUNET", "US", [71, 96, 108, 173]),
    ("AS3320", "DTAG", "DE", [79, 87, 91, 93]), ("AS2856", "BT-UK-AS", "GB", [81, 86, 109]),
    ("AS3215", "Orange", "FR", [90, 86, 92]), ("AS4766", "KIXS-AS-KR", "KR", [121, 175, 211]),
    ("AS2516", "KDDI", "JP", [106, 111, 182]), ("AS55836", "RELIANCEJIO-IN", "IN", [49, 157, 152]),
    ("AS28573", "Claro NXT", "BR", [177, 179, 191]), ("AS4134", "CHINANET-BACKBONE", "CN", [113, 116, 117, 183]),
    ("AS4837", "CHINA169-BACKBONE", "CN", [123, 112, 221]), ("AS6830", "LGI-UPC", "NL", [84, 62, 213]),
    ("AS12389", "ROSTELECOM-AS", "RU", [95, 178, 188]), ("AS45899", "VNPT-AS-VN", "VN", [113, 14]),
    ("AS17676", "GIGAINFRA Softbank", "JP", [126, 60]), ("AS1221", "ASN-TELSTRA", "AU", [101, 110, 144]),
    ("AS812", "ROGERS-COMMUNICATIONS", "CA", [99, 174, 24]), ("AS3352", "TELEFONICA_DE_ESPANA", "ES", [80, 83, 88]),
    ("AS9829", "BSNL-NIB", "IN", [117, 59, 61]), ("AS9299", "IPG-AS-AP PLDT", "PH", [112, 122]),
]
CLOUD = {
    "aws": ("AS16509", "AMAZON-02", "US", [3, 18, 34, 52, 54]), "gcp": ("AS396982", "GOOGLE-CLOUD-PLATFORM", "US", [34, 35]),
    "azure": ("AS8075", "MICROSOFT-CORP-MSN-AS-BLOCK", "US", [20, 40, 52]), "do": ("AS14061", "DIGITALOCEAN-ASN", "US", [138, 142, 159, 167]),
    "hetzner": ("AS24940", "HETZNER-AS", "DE", [65, 88, 95, 116, 135, 138, 148, 157, 162, 167]),
    "ovh": ("AS16276", "OVH", "FR", [51, 54, 137, 141, 145, 147]), "alibaba": ("AS45102", "ALIBABA-CN-NET", "CN", [47, 8, 39]),
    "tencent": ("AS132203", "TENCENT-NET-AP-CN", "CN", [43, 101, 119, 129]), "m247": ("AS9009", "M247", "GB", [89, 185, 193]),
}
COUNTRY_TZ = {"US": -6, "CA": -5, "BR": -3, "GB": 0, "DE": 1, "FR": 1, "ES": 1, "NL": 1, "RU": 3, "IN": 5.5,
              "CN": 8, "SG": 8, "JP": 9, "KR": 9, "AU": 10, "VN": 7, "PH": 8}
COUNTRIES = ["US", "US", "US", "US", "GB", "DE", "FR", "IN", "IN", "CN", "JP", "KR", "BR", "CA", "ES", "NL", "AU", "SG", "VN", "PH"]

# client stacks: user agent, body key order, TLS fingerprint (JA4), default body extras
SDKS = {
    "openai-python": {"ua": ["OpenAI/Python 1.75.0", "OpenAI/Python 1.82.0", "OpenAI/Python 1.86.0", "OpenAI/Python 1.93.1", "OpenAI/Python 2.1.0"],
                      "order": "messages_first", "ja4": "t13d1516h2_8daaf6152771_b0da82dd1658", "extra": {}},
    "openai-node": {"ua": ["OpenAI/JS 4.96.0", "OpenAI/JS 4.104.0", "OpenAI/JS 5.8.2"], "order": "model_first",
                    "ja4": "t13d1517h2_8daaf6152771_b1ff8ab2d16f", "extra": {}},
    "langchain": {"ua": ["OpenAI/Python 1.82.0", "OpenAI/Python 1.93.1"], "order": "messages_first",
                  "ja4": "t13d1516h2_8daaf6152771_b0da82dd1658", "extra": {"n": 1, "stream": False}},
    "curl": {"ua": ["curl/8.5.0", "curl/8.7.1", "curl/7.81.0"], "order": "model_first", "ja4": "t13d3112h2_e8f1e7e78f70_6bebaf5329ac", "extra": {}},
    "requests": {"ua": ["python-requests/2.31.0", "python-requests/2.32.3"], "order": "model_first",
                 "ja4": "t13d1812h1_85036bcba153_b26ce05bbdd6", "extra": {}},
    "httpx": {"ua": ["python-httpx/0.27.0", "python-httpx/0.28.1"], "order": "model_first", "ja4": "t13d1812h1_85036bcba153_375ca2c5e164", "extra": {}},
    "go": {"ua": ["Go-http-client/2.0", "Go-http-client/1.1"], "order": "sorted", "ja4": "t13d1310h2_f57a46bbacb6_ab7e3b40a677", "extra": {}},
    "vercel-ai": {"ua": ["ai-sdk/openai-compatible/1.0.7"], "order": "model_first", "ja4": "t13d1517h2_8daaf6152771_b1ff8ab2d16f", "extra": {}},
    "browser": {"ua": ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36"],
                "order": "model_first", "ja4": "t13d1516h2_8daaf6152771_02713d6af862", "extra": {}},
}


@dataclass
class Org:
    org_id: str
    name: str
    kind: str
    label: str
    campaign_id: str
    plan: str
    program: str
    country: str
    tz: float
    payment_fp: str
    email_domain: str
    created_at: float


@dataclass
class Account:
    key_id: str
    requester: str
    org: Org
    kind: str
    label: str
    campaign_id: str
    created_at: float
    sdk: str
    ua: str
    ips: list
    asn: tuple
    qpm: int
    revoked_at: float | None = None
    revoke_reason: str | None = None
    tz: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def ja4(self) -> str:
        return self.extra.get("ja4") or SDKS[self.sdk]["ja4"]


PLAN_QPM = {"free": 20, "dev": 60, "pro": 300, "enterprise": 2000, "partner": 3000}


class Registry:
    """Creates orgs and keys with deterministic ids."""

    def __init__(self, seed: int):
        self.seed = seed
        self.orgs: list[Org] = []
        self.accounts: list[Account] = []
        self._n = 0

    def r(self, *parts) -> random.Random:
        return rng(self.seed, "registry", *parts)

    def org(self, tag: str, name: str, kind: str, label: str = "benign", campaign_id: str = "", plan: str = "dev",
            program: str = "none", country: str | None = None, payment_fp: str | None = None,
            email_domain: str | None = None, created_at: float | None = None) -> Org:
        r = self.r("org", tag)
        country = country or r.choice(COUNTRIES)
        tz = COUNTRY_TZ.get(country, 0)
        created = created_at if created_at is not None else T0 - r.uniform(20, 900) * DAY
        o = Org(org_id="org-" + b32(r, 12).lower(), name=name, kind=kind, label=label, campaign_id=campaign_id, plan=plan,
                program=program, country=country, tz=tz, payment_fp=payment_fp or ("pm_" + hexid(r, 16)),
                email_domain=email_domain or (name.lower().replace(" ", "").replace(".", "")[:14] + r.choice([".com", ".io", ".ai", ".dev", ".co"])),
                created_at=created)
        self.orgs.append(o)
        return o

    def key(self, tag: str, org: Org, kind: str, sdk: str, net: str = "residential", label: str | None = None,
            campaign_id: str | None = None, created_at: float | None = None, qpm: int | None = None,
            n_ips: int = 2, requester: str | None = None, cidr24: str | None = None, ua: str | None = None) -> Account:
        r = self.r("key", tag)
        if net == "residential":
            cands = [x for x in RESIDENTIAL if x[2] == org.country] or RESIDENTIAL
            asn = r.choice(cands)
        else:
            asn = CLOUD[net]
        if cidr24:
            ips = [f"{cidr24}.{r.randint(2, 254)}" for _ in range(n_ips)]
        else:
            ips = [rand_ip(r, asn) for _ in range(n_ips)]
        created = created_at if created_at is not None else max(org.created_at, T0 - r.uniform(3, 400) * DAY)
        a = Account(key_id="mk-" + b32(r, 20).lower(), requester=requester or uuid4(r), org=org, kind=kind,
                    label=label or org.label, campaign_id=org.campaign_id if campaign_id is None else campaign_id,
                    created_at=created, sdk=sdk, ua=ua or r.choice(SDKS[sdk]["ua"]), ips=ips, asn=asn,
                    qpm=qpm or PLAN_QPM[org.plan], tz=org.tz)
        self.accounts.append(a)
        return a


def rand_ip(r: random.Random, asn: tuple) -> str:
    first = r.choice(asn[3])
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}"


# ------------------------------------------------------------------ activity-time helpers
def hour_weights(kind: str) -> list[float]:
    """Relative activity by local hour for human personas."""
    if kind == "work":
        w = [0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.7, 1.0, 1.0, 1.0, 0.8, 0.9, 1.0, 1.0, 0.9, 0.7, 0.45, 0.35, 0.3, 0.25, 0.15, 0.08]
    elif kind == "evening":
        w = [0.25, 0.12, 0.05, 0.03, 0.02, 0.02, 0.04, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0, 1.0, 0.95, 0.8, 0.5]
    elif kind == "consumer":
        w = [0.3, 0.2, 0.12, 0.08, 0.06, 0.08, 0.15, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.9, 0.85, 0.85, 0.9, 0.95, 1.0, 1.0, 0.95, 0.85, 0.7, 0.5]
    else:  # flat
        w = [1.0] * 24
    return w


def week_weights(kind: str, tz: float, weekend: float = 0.35) -> list[float]:
    """168 UTC-hour weights for a persona living in timezone tz."""
    hw = hour_weights(kind)
    out = []
    for h in range(168):
        local = h + tz
        day = int(math.floor(local / 24)) % 7
        lh = int(math.floor(local)) % 24
        out.append(hw[lh] * (weekend if day >= 5 else 1.0))
    return out


def sample_times(r: random.Random, n: int, weights: list[float], lo: float = T0, hi: float | None = None) -> list[float]:
    """n times over the week with hourly weights (168 or 1008 bins), restricted to [lo, hi)."""
    hi = hi if hi is not None else T0 + 7 * DAY
    nb = len(weights)
    width = 7 * DAY / nb
    idx = [i for i in range(nb) if T0 + (i + 1) * width > lo and T0 + i * width < hi and weights[i] > 0]
    if not idx or n <= 0:
        return []
    ws = [weights[i] for i in idx]
    out = []
    for b in r.choices(idx, weights=ws, k=n):
        a = max(lo, T0 + b * width)
        z = min(hi, T0 + (b + 1) * width)
        out.append(r.uniform(a, z))
    out.sort()
    return out


def sessions(r: random.Random, starts: list[float], mean_len: float, gap=(20.0, 240.0)) -> list[list[float]]:
    """Expand session start times into lists of call times (human think time between turns)."""
    out = []
    for s in starts:
        k = max(1, min(30, int(r.expovariate(1.0 / mean_len)) + 1))
        t, ts = s, []
        for _ in range(k):
            ts.append(t)
            t += r.uniform(*gap)
        out.append(ts)
    return out


def shape_weights(m, r: random.Random, tz: float) -> list[float]:
    """A real per-client 10-minute rate series (ServeGen), rolled to the org's timezone."""
    name, w = m.rate_shapes[r.randrange(len(m.rate_shapes))]
    roll = int(round(-tz * 6)) % len(w)
    w = w[roll:] + w[:roll]
    floor = max(w) * 0.02
    return [x + floor for x in w]


def scale_counts(n: int, per: float, scale: float, min_n: int = 1) -> tuple[int, float]:
    """Scale a group of n accounts with `per` calls each: accounts by sqrt(scale), volume keeps the total ~ scale."""
    n2 = max(min_n, int(round(n * math.sqrt(scale))))
    per2 = per * scale * n / n2
    return n2, per2


__all__ = [
    "CLOUD",
    "COUNTRY_TZ",
    "DAY",
    "HOUR",
    "RESIDENTIAL",
    "SDKS",
    "Account",
    "Org",
    "Registry",
    "hour_weights",
    "rand_ip",
    "sample_times",
    "scale_counts",
    "sessions",
    "shape_weights",
    "week_weights",
]
