"""The simulated provider: its week, its models, and the identities of its customers."""

from __future__ import annotations

import hashlib
import random
import string
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

DAY = 86_400.0
HOUR = 3_600.0
WEEK_START = datetime(2026, 3, 2, tzinfo=UTC).timestamp()  # a Monday
WEEK_END = WEEK_START + 7 * DAY
# nimbus-3-pro goes live on Thursday 17:00 UTC; the "nimbus-pro-latest" alias follows two hours later.
RELEASE_TS = WEEK_START + 3 * DAY + 17 * HOUR
ALIAS_CUTOVER_TS = RELEASE_TS + 2 * HOUR
# The provider's edge forgot to send Helicone-User-Id for 25 minutes on Saturday (see README, quirks).
EDGE_INCIDENT = (WEEK_START + 5 * DAY + 9 * HOUR + 40 * 60, WEEK_START + 5 * DAY + 10 * HOUR + 5 * 60)

TARGET_HOST = "https://inference.nimbus-ai.example"
ZERO_UUID = "00000000-0000-0000-0000-000000000000"
_ALNUM = string.ascii_letters + string.digits
_B36 = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A served model: the snapshot name the API reports and rough serving speed."""

    snapshot: str
    tokens_per_s: float
    ttft_ms: float
    reasoning: bool
    available_from: float = WEEK_START - 365 * DAY


MODELS: dict[str, ModelSpec] = {
    "nimbus-2-flash": ModelSpec("nimbus-2-flash-2511", 160.0, 250.0, False),
    "nimbus-2-pro": ModelSpec("nimbus-2-pro-2601", 62.0, 520.0, False),
    "nimbus-2-think": ModelSpec("nimbus-2-think-2601", 55.0, 700.0, True),
    "nimbus-3-pro": ModelSpec("nimbus-3-pro-2603", 48.0, 650.0, True, RELEASE_TS),
    "nimbus-embed-1": ModelSpec("nimbus-embed-1", 4000.0, 40.0, False),
}


def resolve_model(name: str, ts: float) -> str | None:
    """The model a request name resolves to at time ``ts``; None when it does not exist yet."""
    if name == "nimbus-pro-latest":
        name = "nimbus-3-pro" if ts >= ALIAS_CUTOVER_TS else "nimbus-2-pro"
    spec = MODELS.get(name)
    if spec is None or ts < spec.available_from:
        return None
    return name


@dataclass(frozen=True, slots=True)
class Egress:
    """One client network location as the provider's edge records it."""

    ip_hash: str
    asn: str
    country: str


@dataclass(slots=True)
class Account:
    """A customer account: the identity fields the edge forwards to Helicone, plus ground truth."""

    account_id: str
    org_id: str
    keys: list[tuple[str, str]]  # (api-key-id, api-key-name)
    plan: str
    egress: list[Egress]
    user_agents: list[str]
    tz: float  # hours east of UTC, for diurnal behaviour
    label: str
    kind: str
    campaign_id: str = ""
    end_user_via: str = ""  # "", "property", "body" or "both"
    client_app: str = ""
    referrer: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class Ids:
    """Deterministic identifier factory (never uses the global random state)."""

    def __init__(self, seed: int) -> None:
        self._rnd = random.Random(seed)
        self._seen: set[str] = set()

    def _unique(self, make: str) -> str:
        while make in self._seen:
            make = make + self._rnd.choice(_ALNUM)
        self._seen.add(make)
        return make

    def token(self, n: int, alphabet: str = _ALNUM) -> str:
        return "".join(self._rnd.choice(alphabet) for _ in range(n))

    def account(self) -> str:
        return self._unique("acct_" + self.token(16))

    def org(self) -> str:
        return self._unique("org-" + self.token(24))

    def key(self) -> str:
        return self._unique("key_" + self.token(12))

    def b36(self, prefix: str, n: int) -> str:
        return self._unique(prefix + self.token(n, _B36))

    def hexid(self, prefix: str, n: int) -> str:
        return self._unique(prefix + self.token(n, "0123456789abcdef"))

    def ip(self) -> str:
        return self._unique(self.token(16, "0123456789abcdef"))


def new_uuid(rnd: random.Random) -> str:
    """A version-4 UUID drawn from ``rnd``."""
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def stable_seed(*parts: object) -> int:
    """A 64-bit seed from any printable parts (unlike ``hash``, stable across processes)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def fmt_ts(ts: float) -> str:
    """ClickHouse DateTime64(3) as JSONEachRow prints it: ``2026-03-02 14:03:11.482``."""
    ms = round(ts * 1000)
    base = datetime.fromtimestamp(ms // 1000, UTC)
    return f"{base:%Y-%m-%d %H:%M:%S}.{ms % 1000:03d}"
