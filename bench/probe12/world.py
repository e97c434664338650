"""The fictional provider: period, models, tiers, identities and id minting."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

START = int(datetime(2026, 4, 6, tzinfo=UTC).timestamp())  # Mon 2026-04-06 00:00 UTC
END = int(datetime(2026, 4, 20, tzinfo=UTC).timestamp())  # Mon 2026-04-20 00:00 UTC
RELEASE = int(datetime(2026, 4, 15, 17, 0, tzinfo=UTC).timestamp())  # corvid-4.5 launch
HOUR, DAY = 3600, 86400

# model alias -> resolved snapshot written in the response body
SNAPSHOTS = {
    "corvid-4": "corvid-4-2026-01-20",
    "corvid-4-mini": "corvid-4-mini-2026-01-20",
    "corvid-4.5": "corvid-4.5-2026-04-15",
    "corvid-embed-2": "corvid-embed-2",
}
REASONING_MODELS = {"corvid-4.5"}
FINGERPRINTS = {"corvid-4": "fp_7c1e0a93d2", "corvid-4-mini": "fp_31b8e6f04a", "corvid-4.5": "fp_e50d92c7b1"}
MAX_COMPLETION = {"corvid-4": 16384, "corvid-4-mini": 16384, "corvid-4.5": 65536}
# per-batch line caps by organisation usage tier (the public API allows 50,000; this provider
# caps low tiers lower, which is what cap-splitting harvesters work around)
TIER_CAP = {"tier-1": 1000, "tier-2": 5000, "tier-3": 20000, "tier-4": 50000, "tier-5": 50000}

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class Minter:
    """Deterministic ids: a keyed hash of (seed, namespace, counter)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.counts: dict[str, int] = {}

    def raw(self, ns: str) -> bytes:
        n = self.counts.get(ns, 0)
        self.counts[ns] = n + 1
        return hashlib.blake2b(f"{self.seed}:{ns}:{n}".encode(), digest_size=32).digest()

    def hex(self, ns: str, k: int) -> str:
        return self.raw(ns).hex()[:k]

    def b62(self, ns: str, k: int) -> str:
        d = self.raw(ns)
        return "".join(_B62[b % 62] for b in d[:k])


@dataclass
class Key:
    """One API key. Keys belong to a project; an account may hold several."""

    key_id: str
    sha: str
    redacted: str
    project_id: str
    created_at: int
    service_account: bool = False


@dataclass
class Account:
    """One signed-up user (the identity batches name as owner.user_id)."""

    account_id: str
    org_id: str
    label: str
    kind: str
    campaign_id: str
    tier: str
    created_at: int
    email_domain: str
    country: str
    payment_fingerprint: str
    keys: list[Key] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    tz: int = 0  # hours east of UTC, for working-hours schedules
    end_user_labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # eu -> (label, kind, campaign)
    exchanges: int = 0
    sync_exchanges: int = 0
    eu_exchanges: dict[str, int] = field(default_factory=dict)
    role: str = "owner"


@dataclass
class Org:
    org_id: str
    name: str
    created_at: int
    tier: str
    payment_fingerprint: str
    card_brand: str
    billing_country: str
    verified: bool
    members: list[Account] = field(default_factory=list)
    projects: list[tuple[str, str, int]] = field(default_factory=list)  # (project_id, name, created)


@dataclass
class Line:
    """One request line of a batch input file, with the reply the model will give."""

    custom_id: str
    body: dict
    reply: str = ""
    end_user: str = ""
    error: str = ""  # forced per-line error code, "" for none


@dataclass
class Job:
    """One batch submission."""

    account: Account
    key: Key
    submit: int
    endpoint: str
    lines: list[Line]
    ip: str
    user_agent: str
    metadata: dict = field(default_factory=dict)
    fate: str = "completed"  # completed | expired | cancelled | failed
    speed: float = 1.0  # >1 = slower queue (big or peak-time batches)
    filename: str = "batch.jsonl"


class World:
    """Holds the rng, the minter and every org/account created."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.mint = Minter(seed)
        self.orgs: list[Org] = []
        self.accounts: list[Account] = []
        self.jobs: list[Job] = []

    # ---- identities -------------------------------------------------------
    def ip(self, prefix: str | None = None) -> str:
        r = self.rng
        if prefix:
            return f"{prefix}.{int(r.integers(2, 254))}"
        first = int(r.choice([3, 18, 20, 34, 35, 44, 52, 54, 64, 66, 73, 84, 91, 98, 104, 142, 185, 203, 213]))
        return f"{first}.{int(r.integers(0, 256))}.{int(r.integers(0, 256))}.{int(r.integers(2, 254))}"

    def payment(self) -> str:
        return "pm_fp_" + self.mint.b62("pm", 16)

    def org(
        self,
        name: str,
        created: int,
        tier: str,
        payment: str | None = None,
        country: str = "US",
        verified: bool = False,
        brand: str | None = None,
    ) -> Org:
        o = Org(
            org_id="org-" + self.mint.b62("org", 24),
            name=name,
            created_at=created,
            tier=tier,
            payment_fingerprint=payment or self.payment(),
            card_brand=brand or str(self.rng.choice(["visa", "mastercard", "amex"])),
            billing_country=country,
            verified=verified,
        )
        self.orgs.append(o)
        return o

    def project(self, org: Org, name: str, created: int) -> str:
        pid = "proj_" + self.mint.b62("proj", 24)
        org.projects.append((pid, name, created))
        return pid

    def key(self, project_id: str, created: int, service: bool = False) -> Key:
        secret = self.mint.b62("key", 32)
        sha = hashlib.sha256(f"sk-proj-{secret}".encode()).hexdigest()
        return Key(
            key_id="key_" + self.mint.b62("keyid", 16),
            sha=sha[:32],
            redacted=f"sk-...{secret[-4:]}",
            project_id=project_id,
            created_at=created,
            service_account=service,
        )

    def account(
        self,
        org: Org,
        label: str,
        kind: str,
        campaign: str,
        *,
        created: int,
        domain: str,
        country: str,
        tz: int,
        ua: list[str],
        ips: list[str],
        n_keys: int = 1,
        project: str | None = None,
        role: str = "owner",
        service: bool = False,
    ) -> Account:
        a = Account(
            account_id="user-" + self.mint.b62("user", 24),
            org_id=org.org_id,
            label=label,
            kind=kind,
            campaign_id=campaign,
            tier=org.tier,
            created_at=created,
            email_domain=domain,
            country=country,
            payment_fingerprint=org.payment_fingerprint,
            ips=ips,
            user_agents=ua,
            tz=tz,
            role=role,
        )
        pid = project or self.project(org, "Default project", created)
        for _ in range(n_keys):
            a.keys.append(self.key(pid, created + int(self.rng.integers(60, 3600)), service))
        org.members.append(a)
        self.accounts.append(a)
        return a
