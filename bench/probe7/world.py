"""Shared world: time window, model catalogue, identities, networks, client fingerprints."""
from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime

# --------------------------------------------------------------------------- time
START = int(datetime(2026, 3, 9, 0, 0, tzinfo=UTC).timestamp())  # Monday
DAYS = 7
END = START + DAYS * 86400
HOUR = 3600
DAY = 86400
# mid-week model release and the rolling deploy that ships it
DEPLOY = START + 2 * DAY + 16 * HOUR + 30 * 60        # Wed 16:30Z
RELEASE = START + 2 * DAY + 17 * HOUR                 # Wed 17:00Z
NEW_MODEL = "sable-4.5-think"
# a short 503 incident (upstream GPU pool drained)
INCIDENT = (START + 3 * DAY + 14 * HOUR + 10 * 60, START + 3 * DAY + 14 * HOUR + 47 * 60)

AWS_ACCOUNT = "491827361045"
LOG_GROUP = "/ecs/inference-api"
SUB_FILTER = "inference-api-to-firehose"
DELIVERY_STREAM = "inference-stream"

# --------------------------------------------------------------------------- models
MODELS = {
    "sable-4": dict(snapshot="sable-4-2025-11-20", reasoning=False, tps=72, ctx=128000, fp="fp_7c2e91ab04"),
    "sable-4-mini": dict(snapshot="sable-4-mini-2025-11-20", reasoning=False, tps=150, ctx=128000, fp="fp_1f09d3c6e2"),
    "sable-4-think": dict(snapshot="sable-4-think-2026-01-08", reasoning=True, tps=95, ctx=200000, fp="fp_a31b77d015"),
    NEW_MODEL: dict(snapshot="sable-4.5-think-2026-03-11", reasoning=True, tps=88, ctx=200000, fp="fp_5e60c2f9b8",
                    released=RELEASE),
    "sable-3.5-instruct": dict(snapshot="sable-3.5-instruct", reasoning=False, tps=180, ctx=16000, fp=None,
                               legacy=True),
}
CHAT_MODELS = ["sable-4", "sable-4-mini", "sable-4-think"]

TIER_RPM = {"free": 6, "tier-1": 30, "tier-2": 80, "tier-3": 200, "tier-4": 500, "tier-5": 1200,
            "enterprise": 3000, "internal": 100000}
TIER_TPM = {"free": 40000, "tier-1": 200000, "tier-2": 1000000, "tier-3": 4000000, "tier-4": 10000000,
            "tier-5": 30000000, "enterprise": 100000000, "internal": 10**12}

# --------------------------------------------------------------------------- ids
ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits


def rid(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choices(alphabet, k=n))


def hexid(rng: random.Random, n: int) -> str:
    return "%0*x" % (n, rng.getrandbits(4 * n))


def stable_int(*parts) -> int:
    h = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big")


def sub_rng(seed: int, *parts) -> random.Random:
    return random.Random(stable_int(seed, *parts))


@dataclass
class Key:
    key_id: str
    hint: str
    project_id: str


@dataclass
class Account:
    """An organisation (the billing account). labels.account_id == org_id."""
    org_id: str
    archetype: str
    campaign_id: str | None
    tier: str
    projects: list[str] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    tz: float = 0.0
    meta: dict = field(default_factory=dict)
    tier_changes: list[tuple[int, str]] = field(default_factory=list)  # (t, tier) effective from t
    deactivated_at: int | None = None

    def tier_at(self, t: float) -> str:
        tier = self.tier
        for tt, name in self.tier_changes:
            if t >= tt:
                tier = name
        return tier


def new_account(rng: random.Random, archetype: str, campaign_id=None, tier="tier-2", n_projects=1,
                keys_per_project=1, tz=0.0) -> Account:
    acc = Account(org_id="org-" + rid(rng, 24), archetype=archetype, campaign_id=campaign_id, tier=tier, tz=tz)
    for _ in range(n_projects):
        p = "proj_" + rid(rng, 24)
        acc.projects.append(p)
        for _ in range(keys_per_project):
            acc.keys.append(new_key(rng, p))
    return acc


def new_key(rng: random.Random, project_id: str) -> Key:
    return Key(key_id="key_" + rid(rng, 16), hint="sk-proj-..." + rid(rng, 4), project_id=project_id)


# --------------------------------------------------------------------------- networks
RESIDENTIAL = {
    "US": ["73.{}.{}.{}", "98.{}.{}.{}", "24.{}.{}.{}", "67.{}.{}.{}", "174.{}.{}.{}", "108.{}.{}.{}"],
    "GB": ["81.{}.{}.{}", "86.{}.{}.{}", "92.{}.{}.{}"],
    "DE": ["84.{}.{}.{}", "91.{}.{}.{}", "79.{}.{}.{}"],
    "FR": ["90.{}.{}.{}", "86.{}.{}.{}", "176.{}.{}.{}"],
    "IN": ["49.{}.{}.{}", "117.{}.{}.{}", "106.{}.{}.{}"],
    "BR": ["177.{}.{}.{}", "189.{}.{}.{}", "201.{}.{}.{}"],
    "JP": ["126.{}.{}.{}", "153.{}.{}.{}", "180.{}.{}.{}"],
    "KR": ["121.{}.{}.{}", "211.{}.{}.{}", "175.{}.{}.{}"],
    "CN": ["36.{}.{}.{}", "114.{}.{}.{}", "223.{}.{}.{}", "183.{}.{}.{}", "117.{}.{}.{}"],
    "SG": ["118.{}.{}.{}", "116.{}.{}.{}"],
    "CA": ["99.{}.{}.{}", "142.{}.{}.{}"],
    "AU": ["101.{}.{}.{}", "49.{}.{}.{}"],
    "ES": ["83.{}.{}.{}", "88.{}.{}.{}"],
    "NL": ["77.{}.{}.{}", "145.{}.{}.{}"],
    "RU": ["95.{}.{}.{}", "178.{}.{}.{}"],
    "VN": ["14.{}.{}.{}", "113.{}.{}.{}"],
    "ID": ["36.{}.{}.{}", "182.{}.{}.{}"],
    "MX": ["187.{}.{}.{}", "189.{}.{}.{}"],
    "PL": ["83.{}.{}.{}", "89.{}.{}.{}"],
    "TR": ["78.{}.{}.{}", "88.{}.{}.{}"],
}
CLOUD = {
    "aws": ["3.{}.{}.{}", "18.{}.{}.{}", "34.{}.{}.{}", "44.{}.{}.{}", "52.{}.{}.{}", "54.{}.{}.{}"],
    "gcp": ["34.{}.{}.{}", "35.{}.{}.{}"],
    "azure": ["20.{}.{}.{}", "40.{}.{}.{}", "52.{}.{}.{}", "13.{}.{}.{}"],
    "gha": ["20.{}.{}.{}", "172.{}.{}.{}", "4.{}.{}.{}"],   # GitHub-hosted runners (Azure)
    "hetzner": ["5.161.{}.{}", "65.21.{}.{}", "95.216.{}.{}", "135.181.{}.{}", "116.202.{}.{}"],
    "ovh": ["51.{}.{}.{}", "54.36.{}.{}", "145.239.{}.{}"],
    "do": ["159.89.{}.{}", "164.90.{}.{}", "167.71.{}.{}", "143.198.{}.{}"],
    "alicloud": ["47.{}.{}.{}", "8.{}.{}.{}", "39.{}.{}.{}"],
    "tencent": ["43.{}.{}.{}", "119.28.{}.{}", "129.226.{}.{}"],
    "vultr": ["45.32.{}.{}", "108.61.{}.{}", "149.28.{}.{}"],
}
COUNTRY_TZ = {"US": -6, "GB": 0, "DE": 1, "FR": 1, "IN": 5.5, "BR": -3, "JP": 9, "KR": 9, "CN": 8, "SG": 8,
              "CA": -5, "AU": 10, "ES": 1, "NL": 1, "RU": 3, "VN": 7, "ID": 7, "MX": -6, "PL": 1, "TR": 3}


def _fill(rng: random.Random, pat: str) -> str:
    n = pat.count("{}")
    return pat.format(*[rng.randint(1, 254) for _ in range(n)])


def ip_in(rng: random.Random, pool: str, country: str | None = None) -> str:
    if pool == "res":
        pats = RESIDENTIAL[country or rng.choice(list(RESIDENTIAL))]
    else:
        pats = CLOUD[pool]
    return _fill(rng, rng.choice(pats))


def subnet(rng: random.Random, pool: str, country: str | None = None) -> str:
    """A /24 prefix 'a.b.c' from a pool."""
    return ip_in(rng, pool, country).rsplit(".", 1)[0]


def ip_from_subnet(rng: random.Random, prefix: str) -> str:
    return f"{prefix}.{rng.randint(2, 250)}"


def internal_ip(rng: random.Random) -> str:
    return f"10.40.{rng.randint(0, 31)}.{rng.randint(2, 250)}"


# --------------------------------------------------------------------------- clients
PY_SDK = ["1.59.7", "1.61.1", "1.63.2", "1.65.4", "1.66.3", "1.68.2", "1.70.0"]
JS_SDK = ["4.77.0", "4.80.1", "4.85.4", "4.87.3", "5.1.0"]
PY_RT = ["3.10.14", "3.11.9", "3.11.11", "3.12.3", "3.12.8", "3.13.1"]
NODE_RT = ["v18.20.4", "v20.11.1", "v20.18.0", "v22.12.0", "v22.14.0"]


@dataclass(frozen=True)
class Client:
    ua: str
    sdk: tuple | None = None   # (lang, package_version, os, arch, runtime, runtime_version)

    def sdk_dict(self, retry: int):
        if not self.sdk:
            return None
        lang, pv, os_, arch, rt, rtv = self.sdk
        return {"lang": lang, "package_version": pv, "os": os_, "arch": arch, "runtime": rt,
                "runtime_version": rtv, "retry_count": retry}


def py_client(rng, os_="Linux", arch=None, version=None, rt=None) -> Client:
    v = version or rng.choice(PY_SDK)
    return Client(f"OpenAI/Python {v}", ("python", v, os_, arch or ("arm64" if os_ == "MacOS" and rng.random() < 0.8 else "x64"),
                                         "CPython", rt or rng.choice(PY_RT)))


def js_client(rng, os_="Linux", version=None, rt=None) -> Client:
    v = version or rng.choice(JS_SDK)
    return Client(f"OpenAI/JS {v}", ("js", v, os_, "x64" if os_ != "MacOS" else "arm64", "node", rt or rng.choice(NODE_RT)))


BROWSER_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36",
]
MISC_UAS = ["curl/8.5.0", "curl/8.7.1", "curl/7.81.0", "python-requests/2.31.0", "python-requests/2.32.3",
            "python-httpx/0.27.2", "python-httpx/0.28.1", "Go-http-client/2.0", "axios/1.7.9", "axios/1.8.1",
            "PostmanRuntime/7.43.0", "okhttp/4.12.0", "Dart/3.6 (dart:io)", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
            "insomnia/10.3.1", "Java-http-client/21.0.5", "ruby", "reqwest/0.12.9"]


def random_client(rng: random.Random, dev: bool = False) -> Client:
    x = rng.random()
    if x < 0.45:
        return py_client(rng, os_=rng.choice(["Linux", "MacOS", "MacOS", "Windows"]))
    if x < 0.65:
        return js_client(rng, os_=rng.choice(["Linux", "MacOS", "Windows"]))
    if x < 0.78 and not dev:
        return Client(rng.choice(BROWSER_UAS))
    return Client(rng.choice(MISC_UAS))


# --------------------------------------------------------------------------- schedules
def local_hour(t: float, tz: float) -> float:
    return ((t + tz * 3600) / 3600.0) % 24.0


def local_weekday(t: float, tz: float) -> int:
    # START is a Monday 00:00Z
    return int(((t - START) + tz * 3600) // 86400) % 7


PROFILES = {
    # 24 hourly weights (local time)
    "office": [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.15, 0.4, 0.8, 1.0, 1.0, 0.95, 0.6, 0.85, 1.0, 1.0, 0.9, 0.7,
               0.4, 0.3, 0.25, 0.2, 0.12, 0.08],
    "evening": [0.5, 0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.5, 0.5, 0.5, 0.55, 0.65,
                0.8, 0.95, 1.0, 1.0, 0.9, 0.7],
    "student": [0.2, 0.08, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.7, 0.9, 1.0, 0.95,
                0.8, 0.9, 1.0, 0.95, 0.7, 0.4],
    "flat": [0.55, 0.5, 0.45, 0.42, 0.42, 0.45, 0.55, 0.7, 0.85, 0.95, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 0.95, 0.9,
             0.85, 0.8, 0.75, 0.7, 0.65, 0.6],
    "hobby": [0.35, 0.2, 0.08, 0.04, 0.03, 0.03, 0.06, 0.15, 0.3, 0.45, 0.5, 0.55, 0.5, 0.55, 0.6, 0.6, 0.6, 0.65,
              0.7, 0.85, 1.0, 1.0, 0.85, 0.6],
    "night_batch": [0.6, 1.0, 1.0, 0.9, 0.7, 0.3, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05,
                    0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3],
}
WEEKEND = {"office": 0.15, "evening": 1.15, "student": 0.8, "flat": 0.9, "hobby": 1.3, "night_batch": 1.0}


def hourly_weights(profile: str, tz: float, start: int = START, end: int = END, weekend: float | None = None,
                   jitter: random.Random | None = None) -> list[tuple[int, float]]:
    prof = PROFILES[profile]
    wk = WEEKEND[profile] if weekend is None else weekend
    out = []
    t = start - (start % HOUR)
    while t < end:
        h = local_hour(t + 1800, tz)
        w = prof[int(h)]
        if local_weekday(t + 1800, tz) >= 5:
            w *= wk
        if jitter is not None:
            w *= jitter.uniform(0.6, 1.4)
        out.append((t, w))
        t += HOUR
    return out


def sample_times(rng: random.Random, n: int, weights: list[tuple[int, float]], lo: float = START,
                 hi: float = END) -> list[float]:
    if n <= 0 or not weights:
        return []
    hours = [h for h, _ in weights]
    ws = [w for _, w in weights]
    if sum(ws) <= 0:
        return []
    picks = rng.choices(hours, weights=ws, k=n)
    out = []
    for h in picks:
        t = h + rng.random() * HOUR
        if lo <= t < hi:
            out.append(t)
    out.sort()
    return out


def lognorm_count(rng: random.Random, median: float, sigma: float = 0.6, lo: int = 1, hi: int = 10**7) -> int:
    import math
    return max(lo, min(hi, int(round(median * math.exp(rng.gauss(0, sigma))))))


def iso(t: float) -> str:
    dt = datetime.fromtimestamp(t, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond:06d}Z"
