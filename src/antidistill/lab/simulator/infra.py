"""Network and billing infrastructure: ASNs, addresses, user agents, tiers, payment fingerprints.

Benign traffic shares infrastructure for ordinary reasons, and the simulator reproduces that so that
linkage detectors meet the real difficulty: carrier-grade NATs and cloud egress addresses are used by
many unrelated accounts, popular SDK user agents are used by everyone (campaigns included), and some
benign organisations pay for several accounts with one card. ASNs below are documentation-style
numbers grouped by the kind of network they stand for, not real operators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from antidistill.records import hash_identifier


@dataclass(frozen=True)
class NetworkKind:
    """A kind of network: its ASNs and the first octets its addresses come from."""

    name: str
    asns: tuple[int, ...]
    first_octets: tuple[int, ...]


NETWORKS: dict[str, NetworkKind] = {
    "residential": NetworkKind("residential", (64601, 64602, 64603, 64604, 64605, 64606, 64607, 64608),
                               (24, 67, 73, 81, 86, 91, 98, 109, 112, 151, 176, 188)),
    "mobile": NetworkKind("mobile", (64611, 64612, 64613, 64614), (100, 39, 117, 223)),
    "cloud": NetworkKind("cloud", (64621, 64622, 64623, 64624, 64625), (3, 13, 34, 35, 52, 20, 47)),
    "corporate": NetworkKind("corporate", (64631, 64632, 64633, 64634, 64635, 64636), (12, 57, 62, 165, 192, 198)),
    "university": NetworkKind("university", (64641, 64642, 64643, 64644), (128, 129, 130, 141, 155)),
    "hosting": NetworkKind("hosting", (64651, 64652, 64653, 64654, 64655), (45, 89, 103, 146, 185, 194)),
}

# Popular clients, weighted roughly by how common they are. Everybody draws from the same list.
USER_AGENTS: tuple[tuple[str, float], ...] = (
    ("OpenAI/Python 1.54.3", 0.20), ("OpenAI/Python 1.51.0", 0.08), ("OpenAI/Python 1.35.7", 0.04),
    ("openai-node/4.67.1", 0.09), ("openai-node/4.52.0", 0.03), ("AsyncOpenAI/Python 1.54.3", 0.06),
    ("anthropic-python/0.39.0", 0.04), ("python-requests/2.32.3", 0.08), ("python-httpx/0.27.2", 0.06),
    ("curl/8.5.0", 0.02), ("litellm/1.52.0", 0.04), ("langchain-openai/0.2.6", 0.04), ("Go-http-client/2.0", 0.03),
    ("axios/1.7.7", 0.03), ("okhttp/4.12.0", 0.02),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
     "Safari/537.36", 0.07),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
     "Safari/605.1.15", 0.04),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
     0.03),
)
_UA_NAMES = tuple(u for u, _ in USER_AGENTS)
_UA_P = np.array([w for _, w in USER_AGENTS]) / sum(w for _, w in USER_AGENTS)


@dataclass(frozen=True)
class Tier:
    """A subscription tier and its rate limits."""

    name: str
    rpm: int  # requests per minute
    rpd: int  # requests per day


TIERS: dict[str, Tier] = {
    "free": Tier("free", 3, 200),
    "tier1": Tier("tier1", 50, 10_000),
    "tier2": Tier("tier2", 500, 100_000),
    "tier3": Tier("tier3", 3_000, 1_000_000),
    "tier4": Tier("tier4", 10_000, 10_000_000),
    "enterprise": Tier("enterprise", 30_000, 100_000_000),
}


class Infrastructure:
    """Address, user-agent and payment draws for one simulation (seeded; no global state)."""

    def __init__(self, *, seed: int, shared_egress_ips: int) -> None:
        rng = np.random.default_rng([seed, 7_000_001])
        self.seed = seed
        kinds = ["mobile", "cloud", "corporate", "university"]
        self.shared_egress: list[tuple[str, int]] = [self.address(rng, kinds[i % len(kinds)])
                                                     for i in range(max(1, shared_egress_ips))]
        self._payments = 0

    @staticmethod
    def address(rng: np.random.Generator, kind: str) -> tuple[str, int]:
        """One (IPv4 address, ASN) in a network of ``kind``."""
        net = NETWORKS[kind]
        a = int(rng.choice(net.first_octets))
        asn_i = int(rng.integers(len(net.asns)))
        # The second octet follows the ASN so that an ASN maps onto a few /16s, as in real allocations.
        b = (asn_i * 37 + int(rng.integers(0, 8))) % 256
        return f"{a}.{b}.{int(rng.integers(0, 256))}.{int(rng.integers(1, 255))}", net.asns[asn_i]

    def addresses_in_prefix(self, rng: np.random.Generator, kind: str, n: int) -> list[tuple[str, int]]:
        """``n`` addresses in one /24 (a proxy block or a corporate egress range)."""
        ip, asn = self.address(rng, kind)
        base = ip.rsplit(".", 1)[0]
        hosts = rng.choice(np.arange(1, 255), size=min(n, 254), replace=False)
        return [(f"{base}.{int(h)}", asn) for h in hosts]

    @staticmethod
    def user_agents(rng: np.random.Generator, n: int) -> list[str]:
        """``n`` distinct popular user agents (weighted by popularity)."""
        n = min(n, len(_UA_NAMES))
        return [_UA_NAMES[i] for i in rng.choice(len(_UA_NAMES), size=n, replace=False, p=_UA_P)]

    def payment(self, rng: np.random.Generator) -> str:
        """A fresh hashed payment fingerprint."""
        token = int(rng.integers(0, 2**62))
        return hash_identifier(f"pay:{self.seed}:{token}", salt="payment")


def hashed_id(prefix: str, seed: int, *parts: int | str) -> str:
    """Opaque, stable identifier (account, key, org): reveals nothing about population or order."""
    return prefix + hash_identifier(":".join(str(p) for p in (seed, *parts)), salt=prefix)[:16]
