"""Scenario files: what population and which campaigns to simulate, validated loudly.

A scenario is YAML that users copy and edit (``src/antidistill/lab/scenarios/*.yaml``). Every
persona and campaign entry is flat: ``accounts`` plus the generator's own parameters, which are
checked against that generator's ``Params`` dataclass. Any unknown key, wrong type or negative
count raises :class:`~antidistill.errors.ConfigError` naming the dotted key path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from antidistill.errors import ConfigError

_TOP_KEYS = {"name", "description", "start", "days", "rows_per_file", "batch_rows", "models", "infrastructure",
             "benign", "campaigns"}


@dataclass(frozen=True)
class ModelSpec:
    """A served model; ``released_day`` is relative to the scenario start (negative: before it)."""

    model: str
    family: str
    released_day: float
    reasoning: bool


@dataclass(frozen=True)
class InfrastructureSpec:
    """Shared network infrastructure that unrelated benign accounts also use (why linkage is hard)."""

    shared_egress_ips: int = 400  # big NATs, CGNAT and cloud egress addresses shared by many accounts
    shared_egress_share: float = 0.3  # share of benign accounts that send some traffic through them
    shared_payment_org_share: float = 0.15  # share of benign orgs whose accounts share one payment method


@dataclass(frozen=True)
class PopulationSpec:
    """One benign persona population: how many accounts and the persona's resolved parameters."""

    persona: str
    accounts: int
    params: Any


@dataclass(frozen=True)
class CampaignSpec:
    """One campaign: its id, archetype, size, strength knobs and the archetype's resolved parameters.

    ``camouflage`` multiplies the archetype's share of benign-looking requests; ``shared_infrastructure``
    is the fraction of member accounts that reuse the campaign's shared payment methods and proxies.
    """

    id: str
    archetype: str
    accounts: int
    camouflage: float
    shared_infrastructure: float
    params: Any


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario."""

    name: str
    start: dt.datetime
    days: float
    models: tuple[ModelSpec, ...]
    benign: tuple[PopulationSpec, ...]
    campaigns: tuple[CampaignSpec, ...]
    infrastructure: InfrastructureSpec = field(default_factory=InfrastructureSpec)
    description: str = ""
    rows_per_file: int = 2_000_000
    batch_rows: int = 100_000

    @property
    def start_us(self) -> int:
        """Start, microseconds since the epoch."""
        return int(self.start.timestamp() * 1_000_000)

    @property
    def end_us(self) -> int:
        """End, microseconds since the epoch."""
        return self.start_us + int(self.days * 86_400 * 1_000_000)

    def to_dict(self) -> dict[str, Any]:
        """Every resolved parameter, JSON-ready (written as ``scenario.json``)."""
        def conv(v: Any) -> Any:
            if dataclasses.is_dataclass(v) and not isinstance(v, type):
                return {f.name: conv(getattr(v, f.name)) for f in dataclasses.fields(v)}
            if isinstance(v, dt.datetime):
                return v.isoformat()
            if isinstance(v, tuple | list):
                return [conv(x) for x in v]
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            return v
        return typing.cast(dict[str, Any], conv(self))


def _check_type(value: Any, typ: Any, key: str, source: str | None) -> Any:
    origin = typing.get_origin(typ)
    if origin in (types.UnionType, typing.Union):
        for arg in typing.get_args(typ):
            if arg is type(None) and value is None:
                return None
        typ = next(a for a in typing.get_args(typ) if a is not type(None))
        origin = typing.get_origin(typ)
    if typ is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, "must be true or false", source=source, value=value)
        return value
    if typ is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(key, "must be an integer", source=source, value=value)
        if value < 0:
            raise ConfigError(key, "must not be negative", source=source, value=value)
        return value
    if typ is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(key, "must be a number", source=source, value=value)
        return float(value)
    if typ is str:
        if not isinstance(value, str):
            raise ConfigError(key, "must be a string", source=source, value=value)
        return value
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(key, "must be a list", source=source, value=value)
        (item,) = typing.get_args(typ)[:1]
        return tuple(_check_type(v, item, f"{key}[{i}]", source) for i, v in enumerate(value))
    raise TypeError(f"unsupported parameter type {typ!r} for {key}")


def build_params(cls: type, data: dict[str, Any], key: str, source: str | None) -> Any:
    """Build the frozen dataclass ``cls`` from ``data``; errors name ``key.<field>``."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for k in data:
        if k not in names:
            raise ConfigError(f"{key}.{k}", f"unknown key; known: {', '.join(sorted(names))}", source=source)
    kwargs = {k: _check_type(v, hints[k], f"{key}.{k}", source) for k, v in data.items()}
    return cls(**kwargs)


def _mapping(value: Any, key: str, source: str | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(key, "must be a mapping", source=source, value=value)
    return value


def _parse_start(value: Any, source: str | None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        start = value
    elif isinstance(value, str):
        try:
            start = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ConfigError("start", f"not an ISO-8601 time: {exc}", source=source, value=value) from None
    else:
        raise ConfigError("start", "must be an ISO-8601 time string", source=source, value=value)
    return start if start.tzinfo else start.replace(tzinfo=dt.UTC)


def parse_scenario(data: Any, *, source: str | None = None) -> Scenario:
    """Validate a scenario mapping (as read from YAML) and resolve every parameter."""
    from antidistill.lab.simulator.base import ARCHETYPES, PERSONAS, load_builtins

    load_builtins()

    data = _mapping(data, "(top level)", source)
    for k in data:
        if k not in _TOP_KEYS:
            raise ConfigError(k, f"unknown key; known: {', '.join(sorted(_TOP_KEYS))}", source=source)
    for required in ("name", "start", "days", "models"):
        if required not in data:
            raise ConfigError(required, "is required", source=source)
    name = _check_type(data["name"], str, "name", source)
    days = _check_type(data["days"], float, "days", source)
    if days <= 0:
        raise ConfigError("days", "must be positive", source=source, value=days)
    models = []
    if not isinstance(data["models"], list) or not data["models"]:
        raise ConfigError("models", "must be a non-empty list", source=source)
    for i, m in enumerate(data["models"]):
        models.append(build_params(ModelSpec, _mapping(m, f"models[{i}]", source), f"models[{i}]", source))
    if not any(0 < m.released_day < days for m in models):
        raise ConfigError("models", "needs at least one model released mid-scenario (0 < released_day < days)",
                          source=source)
    if not any(m.released_day <= 0 for m in models):
        raise ConfigError("models", "needs at least one model released before the start", source=source)
    infra = build_params(InfrastructureSpec, _mapping(data.get("infrastructure", {}), "infrastructure", source),
                         "infrastructure", source)
    benign = []
    for persona, entry in _mapping(data.get("benign", {}), "benign", source).items():
        key = f"benign.{persona}"
        if persona not in PERSONAS:
            raise ConfigError(key, f"unknown persona; known: {', '.join(PERSONAS.names())}", source=source)
        entry = dict(_mapping(entry, key, source))
        accounts = _check_type(entry.pop("accounts", None), int, f"{key}.accounts", source)
        params = build_params(PERSONAS.get(persona).Params, entry, key, source)
        benign.append(PopulationSpec(persona=persona, accounts=accounts, params=params))
    campaigns = []
    raw_campaigns = data.get("campaigns", [])
    if not isinstance(raw_campaigns, list):
        raise ConfigError("campaigns", "must be a list", source=source, value=raw_campaigns)
    seen: set[str] = set()
    for i, entry in enumerate(raw_campaigns):
        key = f"campaigns[{i}]"
        entry = dict(_mapping(entry, key, source))
        for required in ("id", "archetype", "accounts"):
            if required not in entry:
                raise ConfigError(f"{key}.{required}", "is required", source=source)
        cid = _check_type(entry.pop("id"), str, f"{key}.id", source)
        if cid in seen:
            raise ConfigError(f"{key}.id", "duplicate campaign id", source=source, value=cid)
        seen.add(cid)
        archetype = _check_type(entry.pop("archetype"), str, f"{key}.archetype", source)
        if archetype not in ARCHETYPES:
            raise ConfigError(f"{key}.archetype", f"unknown archetype; known: {', '.join(ARCHETYPES.names())}",
                              source=source, value=archetype)
        accounts = _check_type(entry.pop("accounts"), int, f"{key}.accounts", source)
        camouflage = _check_type(entry.pop("camouflage", 1.0), float, f"{key}.camouflage", source)
        shared = _check_type(entry.pop("shared_infrastructure", 1.0), float, f"{key}.shared_infrastructure", source)
        if camouflage < 0:
            raise ConfigError(f"{key}.camouflage", "must not be negative", source=source, value=camouflage)
        if not 0 <= shared <= 1:
            raise ConfigError(f"{key}.shared_infrastructure", "must be between 0 and 1", source=source, value=shared)
        params = build_params(ARCHETYPES.get(archetype).Params, entry, key, source)
        campaigns.append(CampaignSpec(id=cid, archetype=archetype, accounts=accounts, camouflage=camouflage,
                                      shared_infrastructure=shared, params=params))
    kwargs: dict[str, Any] = {}
    for k in ("rows_per_file", "batch_rows"):
        if k in data:
            kwargs[k] = _check_type(data[k], int, k, source)
            if kwargs[k] < 1:
                raise ConfigError(k, "must be at least 1", source=source, value=kwargs[k])
    return Scenario(name=name, start=_parse_start(data["start"], source), days=days, models=tuple(models),
                    benign=tuple(benign), campaigns=tuple(campaigns), infrastructure=infra,
                    description=str(data.get("description", "")), **kwargs)


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package."""
    folder = resources.files("antidistill.lab") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by name (``tiny``, ``demo``, ``default``, ``large``) or a YAML file by path."""
    path = Path(name_or_path)
    # a folder of the same name as a shipped scenario (a simulation written to ``./default``) is not a scenario file
    shipped = not path.suffix and (resources.files("antidistill.lab") / "scenarios" / f"{path}.yaml").is_file()
    if path.suffix in (".yaml", ".yml") or (path.exists() and not (shipped and path.is_dir())):
        if not path.is_file():
            raise ConfigError("scenario", "file not found", value=str(path))
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        res = resources.files("antidistill.lab") / "scenarios" / f"{name_or_path}.yaml"
        if not res.is_file():
            raise ConfigError("scenario", f"no such scenario; shipped: {', '.join(builtin_scenarios())}",
                              value=str(name_or_path))
        text, source = res.read_text(encoding="utf-8"), f"scenarios/{name_or_path}.yaml"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError("(yaml)", f"not valid YAML: {exc}", source=source) from None
    return parse_scenario(data, source=source)
