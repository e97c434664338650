"""API keys -> accounts. Keys are shown once at creation and stored only as a keyed hash.

The store is a small SQLite file. A key looks like ``ad-<key_id>-<secret>``; ``key_id`` is
public (it goes in logs as ``api_key_id``), the secret never leaves the creating process.
Lookups hash the presented key with HMAC-SHA256 under a per-store salt and compare in
constant time, and are cached in memory for ``cache_ttl_s`` so the hot path rarely touches
disk; a key revoked from another process (``antidistill keys revoke``) stops working within
that TTL, one revoked through this object at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
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
  tier TEXT, access_path TEXT, created_at TEXT NOT NULL, revoked_at TEXT
);
"""


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


class KeyStore:
    """SQLite-backed key store. Safe to share between threads."""

    def __init__(self, *, path: Path, cache_ttl_s: float = 5.0) -> None:
        self.path = path
        self.cache_ttl_s = cache_ttl_s
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT v FROM meta WHERE k='salt'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            row = self._db.execute("SELECT v FROM meta WHERE k='salt'").fetchone()
        self._salt = bytes.fromhex(row[0])
        self._cache: dict[str, tuple[float, AccountInfo | None]] = {}

    def _hash(self, key: str) -> str:
        return hmac.new(self._salt, key.encode(), hashlib.sha256).hexdigest()

    def create(self, account_id: str, *, org_id: str | None = None, tier: str | None = None,
               access_path: str | None = None, now: dt.datetime | None = None) -> tuple[str, AccountInfo]:
        """Create a key for ``account_id``; returns (the key, shown only now; its stored record)."""
        if not account_id:
            raise ConfigError("account", "must be a non-empty string")
        key_id = secrets.token_hex(6)
        key = f"ad-{key_id}-{secrets.token_urlsafe(24)}"
        created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._lock:
            self._db.execute("INSERT INTO keys VALUES (?,?,?,?,?,?,?,NULL)",
                             (key_id, self._hash(key), account_id, org_id, tier, access_path, created.isoformat()))
        return key, AccountInfo(key_id, account_id, org_id, tier, access_path, created)

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
                row = self._db.execute("SELECT * FROM keys WHERE key_id=?", (parts[1],)).fetchone()
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
            rows = self._db.execute("SELECT * FROM keys ORDER BY created_at DESC").fetchall()
        return [_info(r) for r in rows]

    def close(self) -> None:
        self._db.close()


def _info(row: tuple[str, ...]) -> AccountInfo:
    return AccountInfo(row[0], row[2], row[3], row[4], row[5], dt.datetime.fromisoformat(row[6]), row[7] is not None)
