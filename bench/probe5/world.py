"""The fictional provider: period, models, identities, client infrastructure and time sampling."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .rng import HEX, pick, token

START = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)  # Monday
DAYS = 7
T0 = START.timestamp()
T_END = T0 + DAYS * 86400.0
#: halo-3 becomes available (GA) on Thursday 2026-03-05 16:00 UTC.
RELEASE = dt.datetime(2026, 3, 5, 16, 0, tzinfo=dt.UTC).timestamp()
#: rolling deploy of edge-gw 1.43.0 (adds http.ttft_ms) on Wednesday 2026-03-04 10:00 UTC.
DEPLOY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC).timestamp()

# model name -> (served snapshot, reasoning model?, available from)
MODELS: dict[str, tuple[str, bool, float]] = {
    "halo-2-mini": ("halo-2-mini-2025-11-04", False, 0.0),
    "halo-2": ("halo-2-2025-12-09", False, 0.0),
    "halo-2-reason": ("halo-2-reason-2026-01-20", True, 0.0),
    "halo-3": ("halo-3-2026-03-05", True, RELEASE),
    "halo-3-mini": ("halo-3-mini-2026-03-05", True, RELEASE),
}
ALIASES = {"halo-latest": ("halo-2", "halo-3")}  # (before release, after release)

RPM_BY_TIER = {1: 30, 2: 90, 3: 300, 4: 800, 5: 3000}


def served_model(requested: str, t: float) -> tuple[str | None, bool]:
    """Snapshot that serves ``requested`` at time ``t`` (None: unknown model) and whether it reasons."""
    if requested in ALIASES:
        requested = ALIASES[requested][1 if t >= RELEASE else 0]
    spec = MODELS.get(requested)
    if spec is None or t < spec[2]:
        return None, False
    return spec[0], spec[1]


@dataclass
class Key:
    """An API key as the provider knows it (the secret itself is never logged)."""
    key_id: str
    hint: str
    project_id: str
    owner: str | None  # console user that created it; None for service accounts
    kind: str  # "project" | "service_account" | "legacy_user"
    revoked_at: float = float("inf")


@dataclass
class Org:
    """A billing customer (the labelled account): one organisation id."""
    org_id: str
    tier: int
    label: str  # "benign:<persona>" or campaign kind
    campaign: str | None
    users: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    deactivated_at: float = float("inf")
    tz: float = 0.0


def new_org(rng: np.random.Generator, tier: int, label: str, campaign: str | None = None,
            n_users: int = 1, tz: float = 0.0) -> Org:
    """A fresh organisation with ``n_users`` console users and no projects yet."""
    org = Org("org-" + token(rng, 24), tier, label, campaign, tz=tz)
    org.users = ["user-" + token(rng, 24) for _ in range(max(1, n_users))]
    return org


def new_project(rng: np.random.Generator, org: Org) -> str:
    pid = "proj_" + token(rng, 24)
    org.projects.append(pid)
    return pid


def new_key(rng: np.random.Generator, org: Org, project: str | None = None, kind: str = "project",
            owner: str | None = "auto") -> Key:
    """A key in ``project`` (a new project when None); ``owner='auto'`` picks one of the org's users."""
    project = project or (org.projects[0] if org.projects else new_project(rng, org))
    if owner == "auto":
        owner = None if kind == "service_account" else pick(rng, org.users)
    prefix = {"project": "sk-proj-", "service_account": "sk-svcacct-", "legacy_user": "sk-"}[kind]
    key = Key("key_" + token(rng, 16), prefix + "..." + token(rng, 4), project, owner, kind)
    org.keys.append(key)
    return key


# ---------------------------------------------------------------- client infrastructure
CLOUD_PREFIXES = ["3.", "18.", "34.", "35.", "44.", "52.", "54.", "13.", "20.", "40.", "104.", "146.", "159.", "168."]
ISP_PREFIXES = ["73.", "24.", "98.", "86.", "81.", "90.", "92.", "109.", "2.", "5.", "77.", "112.", "121.", "175.",
                "180.", "183.", "187.", "189.", "201.", "61.", "125.", "58.", "36.", "14."]
HOSTING_PREFIXES = ["45.", "64.", "89.", "91.", "95.", "103.", "141.", "185.", "193.", "194.", "212.", "213."]


def ip_in(prefix: str, rng: np.random.Generator) -> str:
    parts = prefix.rstrip(".").split(".")
    while len(parts) < 4:
        parts.append(str(int(rng.integers(1, 255))))
    return ".".join(parts)


def subnet(rng: np.random.Generator, prefixes: list[str]) -> str:
    """A random /24 such as '185.77.12.' under one of ``prefixes``."""
    p = pick(rng, prefixes)
    return p + f"{int(rng.integers(0, 256))}.{int(rng.integers(0, 256))}."


def ipv6(rng: np.random.Generator) -> str:
    return "2a0" + str(int(rng.integers(1, 9))) + ":" + ":".join(token(rng, 4, HEX) for _ in range(3)) + "::" + token(rng, 3, HEX)


PY_SDK = ["1.51.2", "1.54.4", "1.57.0", "1.58.1", "1.59.7", "1.61.0", "1.63.2"]
NODE_SDK = ["4.71.1", "4.73.1", "4.77.0", "4.79.1"]
PY_RT = ["3.10.14", "3.11.9", "3.11.10", "3.12.4", "3.12.7", "3.13.0"]
NODE_RT = ["v18.20.4", "v20.11.1", "v20.18.0", "v22.11.0"]


@dataclass
class Client:
    """A client program: user agent and the SDK's x-stainless-* headers (None for raw HTTP clients)."""
    ua: str
    sdk: dict | None


def sdk_client(rng: np.random.Generator, lang: str | None = None, os_name: str | None = None) -> Client:
    lang = lang or pick(rng, ["python", "node"], [0.7, 0.3])
    os_name = os_name or pick(rng, ["Linux", "MacOS", "Windows"], [0.7, 0.2, 0.1])
    arch = "arm64" if os_name == "MacOS" and rng.random() < 0.8 else pick(rng, ["x64", "arm64"], [0.85, 0.15])
    if lang == "python":
        v = pick(rng, PY_SDK)
        return Client(f"OpenAI/Python {v}", {"lang": "python", "package_version": v, "os": os_name, "arch": arch,
                                              "runtime": "CPython", "runtime_version": pick(rng, PY_RT)})
    v = pick(rng, NODE_SDK)
    return Client(f"OpenAI/JS {v}", {"lang": "js", "package_version": v, "os": os_name, "arch": arch,
                                      "runtime": "node", "runtime_version": pick(rng, NODE_RT)})


def raw_client(rng: np.random.Generator) -> Client:
    return Client(pick(rng, ["python-httpx/0.27.2", "python-requests/2.32.3", "Go-http-client/2.0", "curl/8.5.0",
                             "axios/1.7.9", "okhttp/4.12.0", "Apache-HttpClient/5.3.1 (Java/21.0.4)",
                             "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"]), None)


# ---------------------------------------------------------------- time
def _local_weight(profile: str, hour: int, dow: int) -> float:
    weekend = dow >= 5
    if profile == "office":
        w = 1.0 if 9 <= hour < 18 else (0.35 if hour in (8, 18, 19) else 0.04)
        w *= 0.6 if hour == 12 else 1.0
        return w * (0.12 if weekend else 1.0)
    if profile == "consumer":
        base = [0.15, 0.08, 0.05, 0.03, 0.03, 0.05, 0.15, 0.35, 0.5, 0.6, 0.65, 0.7, 0.75, 0.7, 0.7, 0.7, 0.75, 0.8,
                0.85, 0.95, 1.0, 0.95, 0.7, 0.35][hour]
        return base * (1.1 if weekend else 1.0)
    if profile == "student":
        base = [0.1, 0.04, 0.02, 0.02, 0.02, 0.03, 0.08, 0.2, 0.25, 0.25, 0.25, 0.25, 0.3, 0.35, 0.5, 0.8, 1.0, 1.0,
                0.9, 0.95, 1.0, 0.8, 0.45, 0.2][hour]
        return base * (0.7 if weekend else 1.0)
    if profile == "dev":
        w = 1.0 if 10 <= hour < 24 else (0.5 if hour < 2 else 0.06)
        return w * (0.7 if weekend else 1.0)
    if profile == "night_batch":
        return 1.0 if hour < 6 else 0.05
    if profile == "flat":
        return 0.75 + 0.25 * np.cos((hour - 15) / 24 * 2 * np.pi)
    raise ValueError(f"unknown diurnal profile {profile!r}")


def hour_weights(profile: str, tz: float) -> np.ndarray:
    """Weights over the period's UTC hours (length DAYS*24) for a client living at UTC offset ``tz``."""
    w = np.empty(DAYS * 24)
    for h in range(DAYS * 24):
        local = h + tz
        w[h] = _local_weight(profile, int(local) % 24, int(local // 24) % 7)
    return w / w.sum()


def sample_times(rng: np.random.Generator, n: int, weights: np.ndarray, lo: float = T0, hi: float = T_END) -> np.ndarray:
    """``n`` sorted epoch times drawn from hourly ``weights``, restricted to [lo, hi)."""
    w = weights.copy()
    hours = T0 + np.arange(len(w)) * 3600.0
    w[(hours + 3600 <= lo) | (hours >= hi)] = 0.0
    if w.sum() <= 0 or n <= 0:
        return np.empty(0)
    idx = rng.choice(len(w), size=n, p=w / w.sum())
    t = hours[idx] + rng.random(n) * 3600.0
    return np.sort(np.clip(t, lo, hi - 1e-3))


def region_of(tz: float) -> str:
    return "use1" if tz <= -3 else ("euw1" if tz <= 4 else "apse1")
