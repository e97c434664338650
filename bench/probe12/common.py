"""Shared helpers for building personas: sign-ups, request bodies and jobs."""

from __future__ import annotations

import numpy as np

from .prompts import UAS, Texts
from .world import DAY, END, RELEASE, START, Account, Job, Key, Line, World

DOMAINS_WORK = ["gmail.com", "outlook.com", "proton.me", "yahoo.com", "icloud.com"]
COUNTRIES = [
    ("US", -5),
    ("US", -8),
    ("GB", 0),
    ("DE", 1),
    ("FR", 1),
    ("IN", 5),
    ("BR", -3),
    ("CA", -5),
    ("JP", 9),
    ("KR", 9),
    ("SG", 8),
    ("AU", 10),
    ("NL", 1),
    ("ES", 1),
    ("PL", 1),
    ("IL", 2),
]


def chat(model: str, prompt: str, system: str | None = None, **params) -> dict:
    msgs = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    return {"model": model, "messages": msgs, **params}


def solo(
    w: World,
    label: str,
    kind: str,
    campaign: str,
    *,
    tier: str | None = None,
    created: int | None = None,
    domain: str | None = None,
    payment: str | None = None,
    country: tuple[str, int] | None = None,
    ips: list[str] | None = None,
    ua: list[str] | None = None,
    n_keys: int = 1,
    org_name: str = "Personal",
    verified: bool = False,
) -> Account:
    """A one-person organisation (the common sign-up shape)."""
    r = w.rng
    cc, tz = country or COUNTRIES[int(r.integers(0, len(COUNTRIES)))]
    created = created if created is not None else int(START - r.uniform(20, 700) * DAY)
    tier = tier or str(r.choice(["tier-1", "tier-2", "tier-3"], p=[0.35, 0.45, 0.2]))
    o = w.org(org_name, created, tier, payment=payment, country=cc, verified=verified)
    return w.account(
        o,
        label,
        kind,
        campaign,
        created=created,
        domain=domain or str(r.choice(DOMAINS_WORK)),
        country=cc,
        tz=tz,
        ua=ua or [str(r.choice(UAS))],
        ips=ips or [w.ip()],
        n_keys=n_keys,
    )


def cid(style: str, i: int, rng: np.random.Generator, prefix: str = "") -> str:
    """custom_id conventions seen in client code."""
    if style == "request":
        return f"request-{i + 1}"
    if style == "task":
        return f"task-{i:06d}"
    if style == "prefix":
        return f"{prefix}-{i}"
    if style == "uuid":
        h = "".join("0123456789abcdef"[int(x)] for x in rng.integers(0, 16, 32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}"
    return str(i)


def job(
    w: World,
    a: Account,
    t: int,
    lines: list[Line],
    *,
    endpoint: str = "/v1/chat/completions",
    key: Key | None = None,
    metadata: dict | None = None,
    ip: str | None = None,
    fate: str | None = None,
    filename: str | None = None,
    speed: float = 1.0,
) -> Job:
    r = w.rng
    if fate is None:
        x = r.random()
        big = len(lines) > 1500
        fate = "completed"
        if x < 0.004:
            fate = "failed"  # enqueued-token limit hit at submission
        elif x < (0.03 if big else 0.008):
            fate = "expired"
        elif x < (0.05 if big else 0.02):
            fate = "cancelled"
    # the launch days are congested: big batches drain slowly
    if RELEASE <= t < RELEASE + 2 * DAY:
        speed *= 2.0
    j = Job(
        account=a,
        key=key or a.keys[-1],
        submit=int(min(t, END - 60)),
        endpoint=endpoint,
        lines=lines,
        ip=ip or a.ips[int(r.integers(0, len(a.ips)))],
        user_agent=a.user_agents[int(r.integers(0, len(a.user_agents)))],
        metadata=metadata or {},
        fate=fate,
        speed=speed,
        filename=filename or "batch_input.jsonl",
    )
    w.jobs.append(j)
    return j


def model_for(rng: np.random.Generator, t: int, adopt: float, base: str = "corvid-4") -> str:
    """Legitimate users drift to the new model over days, not hours."""
    if t >= RELEASE and rng.random() < adopt * min(1.0, (t - RELEASE) / (3 * DAY)):
        return "corvid-4.5"
    return base


def sizes(rng: np.random.Generator, n: int, lo: int, hi: int) -> list[int]:
    return [int(x) for x in np.clip(rng.lognormal(np.log((lo * hi) ** 0.5), 0.6, n), lo, hi)]


__all__ = ["Line", "Texts", "chat", "cid", "job", "model_for", "sizes", "solo"]
