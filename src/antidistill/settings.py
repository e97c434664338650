"""One typed settings object that fails loudly.

Precedence: explicit arguments > environment (``ANTIDISTILL_<NAME>``) > ``.env`` file in the
working directory > secrets directory (``ANTIDISTILL_SECRETS_DIR``, one file per setting) >
default. Every setting has its help text here and only here; ``docs/settings.md`` is
checked against this table by the tests.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError

ENV_PREFIX = "ANTIDISTILL_"


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret})


@dataclass(frozen=True)
class Settings:
    """Process-wide configuration. Build with :meth:`Settings.load`."""

    data_dir: Path = _setting(
        Path(__file__).resolve().parents[3] / "shared" / "data",
        "Folder with the real public data sets (../shared/data of the repository).",
    )
    db_path: Path = _setting(Path("antidistill.duckdb"), "DuckDB database file used by scan (embedded, no server).")
    fpr: float = _setting(1e-3, "Target false-positive rate on benign accounts for account verdicts.")
    threads: int = _setting(2, "Worker threads for DuckDB and other parallel stages.")
    memory_limit: str = _setting("4GB", "DuckDB memory limit for scan (DuckDB spills to disk beyond it), e.g. 4GB.")
    master_secret: str | None = _setting(
        None, "Watermark master secret (prefer master_secret_file). Never logged.", secret=True
    )
    master_secret_file: Path | None = _setting(None, "File holding the watermark master secret.")
    gateway_host: str = _setting("127.0.0.1", "Address the gateway binds to (loopback unless told otherwise).")
    gateway_port: int = _setting(8088, "Port of the gateway's OpenAI-compatible API.")
    admin_port: int = _setting(8089, "Port of the gateway's admin API.")
    admin_token: str | None = _setting(None, "Bearer token for the gateway's admin API. Never logged.", secret=True)

    def __repr__(self) -> str:
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("secret") and value is not None:
                value = "***"
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = None,
             **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        sources: dict[str, tuple[str, str]] = {}
        secrets_dir = env.get(ENV_PREFIX + "SECRETS_DIR")
        names = {f.name for f in fields(cls)}
        if secrets_dir:
            for f in fields(cls):
                p = Path(secrets_dir) / f.name
                if p.is_file():
                    sources[f.name] = (p.read_text().strip(), str(p))
        dotenv = Path(".env") if dotenv is None else dotenv
        if dotenv.is_file():
            for lineno, line in enumerate(dotenv.read_text().splitlines(), 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if "=" not in line:
                    raise ConfigError(f"line {lineno}", "expected KEY=VALUE", source=str(dotenv))
                key, value = (s.strip() for s in line.split("=", 1))
                if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX):].lower() in names:
                    sources[key[len(ENV_PREFIX):].lower()] = (value.strip("'\""), str(dotenv))
        for f in fields(cls):
            key = ENV_PREFIX + f.name.upper()
            if key in env:
                sources[f.name] = (env[key], f"environment {key}")
        unknown = set(overrides) - names
        if unknown:
            raise ConfigError(sorted(unknown)[0], f"unknown setting; known: {', '.join(sorted(names))}")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in overrides and overrides[f.name] is not None:
                values[f.name] = overrides[f.name]
            elif f.name in sources:
                raw, where = sources[f.name]
                values[f.name] = _parse(f.name, f.type, raw, where)
            elif f.default is MISSING:
                raise ConfigError(f.name, "is required and not set", source=None)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if not 0 < self.fpr < 1:
            raise ConfigError("fpr", "must be strictly between 0 and 1", value=self.fpr)
        if self.threads < 1:
            raise ConfigError("threads", "must be at least 1", value=self.threads)
        if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", self.memory_limit.strip(), re.I):
            raise ConfigError("memory_limit", "must be a size such as 4GB or 512MiB", value=self.memory_limit)
        for name in ("gateway_port", "admin_port"):
            port = getattr(self, name)
            if not 0 < port < 65536:
                raise ConfigError(name, "must be a TCP port between 1 and 65535", value=port)

    def read_master_secret(self) -> bytes:
        """The watermark master secret, from the file or the setting; fails loudly if neither is set."""
        if self.master_secret_file is not None:
            try:
                data = self.master_secret_file.read_bytes().strip()
            except OSError as exc:
                raise ConfigError("master_secret_file", f"cannot read: {exc.strerror}",
                                  value=str(self.master_secret_file)) from exc
            if len(data) < 16:
                raise ConfigError("master_secret_file", "secret must be at least 16 bytes")
            return data
        if self.master_secret:
            if len(self.master_secret) < 16:
                raise ConfigError("master_secret", "secret must be at least 16 characters")
            return self.master_secret.encode()
        raise ConfigError("master_secret", "not set: use ANTIDISTILL_MASTER_SECRET_FILE or ANTIDISTILL_MASTER_SECRET")


def _parse(name: str, typ: Any, raw: str, where: str) -> Any:
    t = str(typ)
    try:
        if "Path" in t:
            return Path(raw) if raw else None
        if "float" in t:
            return float(raw)
        if "int" in t:
            return int(raw)
        if "bool" in t:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true/false")
        return raw
    except ValueError as exc:
        raise ConfigError(name, f"invalid value from {where}: {exc}") from exc
