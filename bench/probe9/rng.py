"""Deterministic randomness: every generator is seeded from a string, never hash()."""
from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, datetime

WEEK_START = datetime(2026, 5, 4, tzinfo=UTC)
WEEK_END = datetime(2026, 5, 11, tzinfo=UTC)
T0 = WEEK_START.timestamp()
T1 = WEEK_END.timestamp()
# meridian-4 goes live on Thursday 15:00 UTC
RELEASE = datetime(2026, 5, 7, 15, 0, tzinfo=UTC).timestamp()
DAY = 86400.0
HOUR = 3600.0


def seed_int(*parts) -> int:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big")


def rng(*parts) -> random.Random:
    return random.Random(seed_int(*parts))


def uuid4(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def hexid(r: random.Random, n: int = 32) -> str:
    return "%0*x" % (n, r.getrandbits(4 * n))


def b32(r: random.Random, n: int = 26) -> str:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "".join(alphabet[r.getrandbits(5)] for _ in range(n))


def ulid(r: random.Random, t: float) -> str:
    """ULID-like: 10 chars of millisecond time, 16 random chars (Crockford base32)."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    ms = int(t * 1000)
    head = ""
    for _ in range(10):
        head = alphabet[ms & 31] + head
        ms >>= 5
    return head + b32(r, 16)


def weighted(r: random.Random, items, weights):
    return r.choices(items, weights=weights, k=1)[0]


def lognormal_int(r: random.Random, median: float, sigma: float, lo: int = 1, hi: int = 10**9) -> int:
    import math
    v = int(round(math.exp(math.log(max(median, 1e-9)) + r.gauss(0.0, sigma))))
    return max(lo, min(hi, v))
