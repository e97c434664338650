"""API keys -> accounts. Keys are shown once at creation and stored only as a keyed hash.

The store is a small SQLite file. A key looks like ``ad-<key_id>-<secret>``; ``key_id`` is
public (it goes in logs as ``api_key_id``), the secret never leaves the creating process.
Lookups hash the presented key with HMAC-SHA256 under a per-store salt and compare in
constant time, and are cached in memory for ``cache_ttl_s`` so the hot path rarely touches
disk; a key revoked from another process (``antidistill keys revoke``) stops working within
that TTL, one revoked through this object at once.

An account may carry a **payment fingerprint**: the opaque token the provider's billing system
gives for the card or payment method (Stripe's ``card.fingerprint``, say), never a card number.
It is stored as given, not hashed again: the offline scan reads it from the event log (every
exchange carries it as ``payment_fingerprint``) and lists it among a campaign's ``indicators``,
and the gateway must compare the value a key presents with that list as is. A value that looks
like a card number (12-19 digits passing the Luhn check) is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from antidistill.errors import ConfigError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
  key_id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, account_id TEXT NOT NULL, org_id TEXT,
  tier TEXT, access_path TEXT, created_at TEXT NOT NULL, revoked_at TEXT, payment_fingerprint TEXT
);
"""
#: Columns added after the first release, with their types: a store created before them gets them on open.
_ADDED_COLUMNS = (("payment_fingerprint", "TEXT"),)
_COLUMNS = "key_id, key_hash, account_id, org_id, tier, access_path, created_at, revoked_at, payment_fingerprint"
_PAN = re.compile(r"^[0-9][0-9 -]{10,22}[0-9]$")


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """The account behind a key, as stored (never the key itself)."""

    key_id: str
    account_id: str
    org_id: str | None
    tier: str | None
    access_path: str | None
    created_at: dt.datetime
    revoked: bool = False
    payment_fingerprint: str | None = None  # the billing system's opaque token for the payment method


class KeyStore:
    """SQLite-backed key store. Safe to share between threads."""

    def __init__(self, *, path: Path, cache_ttl_s: float = 5.0) -> None:
        self.path = path
        self.cache_ttl_s = cache_ttl_s
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.executescript(_SCHEMA)
        self._migrate()
        row = self._db.execute("SELECT v FROM meta WHERE k='salt'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            row = self._db.execute("SELECT v FROM meta WHERE k='salt'").fetchone()
        self._salt = bytes.fromhex(row[0])
        self._cache: dict[str, tuple[float, AccountInfo | None]] = {}

    def _migrate(self) -> None:
        """Add the columns a store written by an older version lacks (their values stay NULL)."""
        with self._lock:
            present = {row[1] for row in self._db.execute("PRAGMA table_info(keys)")}
            for name, kind in _ADDED_COLUMNS:
                if name not in present:
                    self._db.execute(f"ALTER TABLE keys ADD COLUMN {name} {kind}")

    def _hash(self, key: str) -> str:
        return hmac.new(self._salt, key.encode(), hashlib.sha256).hexdigest()

    def create(self, account_id: str, *, org_id: str | None = None, tier: str | None = None,
               access_path: str | None = None, payment_fingerprint: str | None = None,
               now: dt.datetime | None = None) -> tuple[str, AccountInfo]:
        """Create a key for ``account_id``; returns (the key, shown only now; its stored record).

        ``payment_fingerprint`` is the billing system's opaque token (see the module docstring).
        """
        if not account_id:
            raise ConfigError("account", "must be a non-empty string")
        payment = check_payment_fingerprint(payment_fingerprint)
        key_id = secrets.token_hex(6)
        key = f"ad-{key_id}-{secrets.token_urlsafe(24)}"
        created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._lock:
            self._db.execute(f"INSERT INTO keys ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,NULL,?)",
                             (key_id, self._hash(key), account_id, org_id, tier, access_path, created.isoformat(),
                              payment))
        return key, AccountInfo(key_id, account_id, org_id, tier, access_path, created, payment_fingerprint=payment)

    def lookup(self, key: str) -> AccountInfo | None:
        """The active account for ``key``, or None for an unknown, malformed or revoked key."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        info: AccountInfo | None = None
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "ad":
            with self._lock:
                row = self._db.execute(f"SELECT {_COLUMNS} FROM keys WHERE key_id=?", (parts[1],)).fetchone()
            if row is not None and hmac.compare_digest(row[1], self._hash(key)) and row[7] is None:
                info = _info(row)
        if len(self._cache) > 100_000:  # bound the cache; misses are cheap enough to redo
            self._cache.clear()
        self._cache[key] = (now + self.cache_ttl_s, info)
        return info

    def revoke(self, key_id: str, *, now: dt.datetime | None = None) -> bool:
        """Revoke a key by its public id; True when it existed and was active."""
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat()
        with self._lock:
            cur = self._db.execute("UPDATE keys SET revoked_at=? WHERE key_id=? AND revoked_at IS NULL",
                                   (stamp, key_id))
        self._cache.clear()  # the cache maps full keys, so drop it all rather than search it
        return cur.rowcount > 0

    def accounts(self) -> list[AccountInfo]:
        """Every key's record, newest first."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM keys ORDER BY created_at DESC").fetchall()
        return [_info(r) for r in rows]

    def close(self) -> None:
        self._db.close()


def check_payment_fingerprint(value: str | None) -> str | None:
    """``value`` stripped (None or empty: None); refuses what looks like a card number rather than a token.

    The error never repeats the value: if it is a card number, it must not reach a log.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if _PAN.match(value):
        digits = [int(c) for c in value if c.isdigit()]
        if 12 <= len(digits) <= 19 and _luhn(digits):
            raise ConfigError("payment", "looks like a card number; give the billing system's opaque fingerprint "
                                         "of the payment method instead")
    return value


def _luhn(digits: list[int]) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _info(row: tuple[str, ...]) -> AccountInfo:
    return AccountInfo(row[0], row[2], row[3], row[4], row[5], dt.datetime.fromisoformat(row[6]), row[7] is not None,
                       payment_fingerprint=row[8])
