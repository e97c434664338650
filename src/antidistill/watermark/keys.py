"""Watermark keys, derived from one master secret with HMAC-SHA256.

``derive_key(master, key_id)`` is HMAC-SHA256(master, "antidistill/watermark/v1/" + key_id); its
first 16 bytes give the two 64-bit halves (k1, k2) used by ``hashing.keyed_draw``. Nothing is drawn
from a random generator, so embedding and detection always agree. Key ids are namespaced strings:
``global`` (distillation detection), ``acct:<account id>``, ``org:<organisation id>``. Rotation is by
key id, e.g. ``acct:42@2026-11``: see docs/watermark.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from antidistill.errors import ConfigError

GLOBAL_KEY_ID = "global"
_DOMAIN = b"antidistill/watermark/v1/"
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9_.:@/+\-]{1,200}$")
#: The request field our HF teacher server reads, and the gateway sets (and strips from clients).
REQUEST_FIELD = "antidistill"
VLLM_XARGS_FIELD = "vllm_xargs"
VLLM_KEY_ARG = "antidistill_wm_key_id"


@dataclass(frozen=True)
class WatermarkKey:
    """A derived key. ``repr`` never shows the secret halves."""

    key_id: str
    k1: int = field(repr=False)
    k2: int = field(repr=False)


def check_key_id(key_id: str) -> str:
    """Validate a key id (printable, no spaces, at most 200 characters)."""
    if not isinstance(key_id, str) or not _KEY_ID_RE.match(key_id):
        raise ConfigError("watermark.key_id", "must be 1-200 characters of [A-Za-z0-9_.:@/+-]", value=key_id)
    return key_id


def derive_key(master: bytes, key_id: str) -> WatermarkKey:
    """HMAC-SHA256 derivation of the key for ``key_id``."""
    if len(master) < 16:
        raise ConfigError("master_secret", "secret must be at least 16 bytes")
    digest = hmac.new(master, _DOMAIN + check_key_id(key_id).encode(), hashlib.sha256).digest()
    return WatermarkKey(key_id, int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:16], "little"))


def account_key_id(account_id: str, epoch: str | None = None) -> str:
    """Key id of an account, optionally for one rotation epoch (``acct:<id>@<epoch>``)."""
    return check_key_id(f"acct:{account_id}" + (f"@{epoch}" if epoch else ""))


class KeyRing:
    """Derives and caches keys from the master secret. Never logs or prints the secret."""

    def __init__(self, *, master: bytes) -> None:
        if len(master) < 16:
            raise ConfigError("master_secret", "secret must be at least 16 bytes")
        self._master = master
        self._cache: dict[str, WatermarkKey] = {}

    def __repr__(self) -> str:
        return f"KeyRing(keys_cached={len(self._cache)})"

    @classmethod
    def from_settings(cls) -> KeyRing:
        """Build from ``Settings`` (ANTIDISTILL_MASTER_SECRET_FILE or ANTIDISTILL_MASTER_SECRET)."""
        from antidistill.settings import Settings

        return cls(master=Settings.load().read_master_secret())

    @classmethod
    def from_file(cls, path: Path) -> KeyRing:
        """Build from a secret file (at least 16 bytes after stripping whitespace)."""
        try:
            data = path.read_bytes().strip()
        except OSError as exc:
            raise ConfigError("master_secret_file", f"cannot read: {exc.strerror}", value=str(path)) from exc
        return cls(master=data)

    def key(self, key_id: str) -> WatermarkKey:
        """The key for ``key_id``."""
        k = self._cache.get(key_id)
        if k is None:
            k = self._cache[key_id] = derive_key(self._master, key_id)
        return k

    def keys(self, key_ids: Iterable[str]) -> list[WatermarkKey]:
        """Keys for many ids, in order."""
        return [self.key(k) for k in key_ids]


def generate_master_secret() -> bytes:
    """A fresh 32-byte master secret (hex-encoded, 64 characters) from the OS CSPRNG."""
    return os.urandom(32).hex().encode()


def watermark_request_fields(key_id: str) -> dict[str, object]:
    """Body fields a gateway adds to an upstream chat/completions request to mark it with ``key_id``.

    Our HF teacher server reads ``{"antidistill": {"watermark_key_id": ...}}``; a vLLM server with
    :class:`antidistill.watermark.adapters.vllm.WatermarkVLLMProcessor` reads
    ``{"vllm_xargs": {"antidistill_wm_key_id": ...}}``. Both are set so one gateway works with
    either backend. The gateway must strip both fields from client requests (clients must never
    choose a key id).
    """
    check_key_id(key_id)
    return {REQUEST_FIELD: {"watermark_key_id": key_id}, VLLM_XARGS_FIELD: {VLLM_KEY_ARG: key_id}}


def strip_request_fields(body: dict[str, object]) -> dict[str, object]:
    """Copy of a client request body without the watermark fields (so a client cannot pick a key)."""
    out = dict(body)
    out.pop(REQUEST_FIELD, None)
    xargs = out.get(VLLM_XARGS_FIELD)
    if isinstance(xargs, dict):
        rest = {k: v for k, v in xargs.items() if k != VLLM_KEY_ARG}
        if rest:
            out[VLLM_XARGS_FIELD] = rest
        else:
            out.pop(VLLM_XARGS_FIELD)
    return out


def key_id_from_request(body: dict[str, object]) -> str | None:
    """The key id a (gateway-set) request asks the backend to embed, or None."""
    field_value = body.get(REQUEST_FIELD)
    if isinstance(field_value, dict):
        kid = field_value.get("watermark_key_id")
        if kid is not None:
            return check_key_id(str(kid))
    return None
