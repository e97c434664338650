"""The gateway's configuration: one typed object, read from an optional YAML file plus CLI flags.

Every key is documented in ``docs/gateway.md``; unknown keys and bad values fail at start-up
with the key, the value and the reason. Host, ports and the admin token default to
:class:`antidistill.settings.Settings` (so ``ANTIDISTILL_ADMIN_TOKEN`` works).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from antidistill.errors import ConfigError
from antidistill.gateway.detectors import DEFAULT_TIER_DAILY_QUOTA

WATERMARK_MODES = ("off", "account", "org", "global")


@dataclass(frozen=True)
class GatewayConfig:
    """Everything ``antidistill serve`` needs. Paths are relative to the working directory."""

    upstream: str = "http://127.0.0.1:8000"
    upstream_api_key: str | None = field(default=None, repr=False)
    upstream_timeout_s: float = 120.0
    upstream_connect_timeout_s: float = 5.0
    max_connections: int = 1024
    host: str = "127.0.0.1"
    port: int = 8088
    admin_host: str = "127.0.0.1"
    admin_port: int = 8089
    admin_token: str | None = field(default=None, repr=False)
    state_dir: Path = Path("gateway-state")
    policy: Path | None = None
    campaigns_file: Path | None = None
    fsync_window_s: float = 0.2
    rotate_bytes: int = 64 << 20
    max_body_bytes: int = 1 << 20
    max_accounts: int = 1_000_000
    observe_interval_s: float = 0.1
    watermark: str = "off"
    trust_forwarded_for: bool = False
    replay_clock: bool = False
    tier_daily_quota: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TIER_DAILY_QUOTA))
    scan_every_s: float = 0.0  # > 0: scan the event log this often and feed the verdicts back (background_scan)
    scan_lift_after_s: float = 86_400.0  # a verdict a round drops is held until this much later data drops it too
    scan_suspect_score: float = 0.7  # campaign score for a scan's suspects outside a campaign; < 0 leaves them out
    scan_threads: int = 1

    @property
    def keys_path(self) -> Path:
        return self.state_dir / "keys.sqlite"

    @property
    def events_dir(self) -> Path:
        return self.state_dir / "events"

    @property
    def overrides_path(self) -> Path:
        return self.state_dir / "overrides.json"

    def validate(self) -> GatewayConfig:
        """Raise ConfigError on the first bad value; returns self for chaining."""
        if not self.upstream.startswith(("http://", "https://")):
            raise ConfigError("upstream", "must be an http:// or https:// URL", value=self.upstream)
        for name in ("upstream_timeout_s", "upstream_connect_timeout_s"):
            if getattr(self, name) <= 0:
                raise ConfigError(name, "must be greater than 0", value=getattr(self, name))
        if self.observe_interval_s < 0:
            raise ConfigError("observe_interval_s", "must be >= 0 (0 = fold each exchange in before answering)",
                              value=self.observe_interval_s)
        for name in ("port", "admin_port"):
            if not 0 <= getattr(self, name) < 65536:
                raise ConfigError(name, "must be a TCP port (0 picks a free one)", value=getattr(self, name))
        if self.fsync_window_s < 0:
            raise ConfigError("fsync_window_s", "must be >= 0 (0 = fsync every exchange)", value=self.fsync_window_s)
        for name in ("rotate_bytes", "max_body_bytes", "max_accounts", "max_connections"):
            if getattr(self, name) < 1:
                raise ConfigError(name, "must be at least 1", value=getattr(self, name))
        for name in ("scan_every_s", "scan_lift_after_s"):
            if getattr(self, name) < 0:
                raise ConfigError(name, "must be >= 0", value=getattr(self, name))
        if self.scan_every_s and self.campaigns_file is not None:
            raise ConfigError("scan_every_s", "give campaigns_file (verdicts written by a scan you run) or "
                              "scan_every_s (the gateway scans its own log), not both", value=self.scan_every_s)
        if self.scan_threads < 1:
            raise ConfigError("scan_threads", "must be at least 1", value=self.scan_threads)
        if self.watermark not in WATERMARK_MODES:
            raise ConfigError("watermark", f"must be one of {', '.join(WATERMARK_MODES)}", value=self.watermark)
        return self

    @classmethod
    def from_file(cls, path: Path | None, *, defaults: Mapping[str, Any] | None = None,
                  **overrides: Any) -> GatewayConfig:
        """Read YAML ``path`` (optional), then apply non-None ``overrides`` (CLI flags), then validate.

        ``defaults`` (e.g. settings from the environment) apply to the keys neither the file nor an
        override sets; below them are the dataclass defaults.
        """
        data: dict[str, Any] = {k: v for k, v in (defaults or {}).items() if v is not None}
        if path is not None:
            try:
                loaded = yaml.safe_load(path.read_text())
            except OSError as exc:
                raise ConfigError("config", f"cannot read: {exc.strerror}", source=str(path)) from exc
            except yaml.YAMLError as exc:
                raise ConfigError("config", f"invalid YAML: {exc}", source=str(path)) from exc
            if not isinstance(loaded, Mapping):
                raise ConfigError("config", "top level must be a mapping", source=str(path))
            data.update(loaded)
        data.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, raw in data.items():
            f = known.get(key)
            if f is None:
                raise ConfigError(key, f"unknown gateway setting; known: {', '.join(sorted(known))}",
                                  source=str(path) if path else None)
            values[key] = _coerce(key, f, raw, str(path) if path else None)
        return dataclasses.replace(cls(), **values).validate()


def _coerce(key: str, f: dataclasses.Field[Any], raw: Any, source: str | None) -> Any:
    t = str(f.type)
    try:
        if "Path" in t:
            return None if raw is None else Path(raw)
        if "Mapping" in t:
            if not isinstance(raw, Mapping):
                raise TypeError("expected a mapping")
            return {str(k): float(v) for k, v in raw.items()}
        if t.startswith("bool"):
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("true", "1", "yes", "false", "0", "no"):
                return str(raw).lower() in ("true", "1", "yes")
            raise TypeError("expected true or false")
        if t.startswith("float"):
            return float(raw)
        if t.startswith("int"):
            if isinstance(raw, bool):
                raise TypeError("expected an integer")
            return int(raw)
        return None if raw is None else str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(key, f"invalid value: {exc}", source=source, value=raw) from exc
