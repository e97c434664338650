"""Accounts, time patterns and the personas and campaigns of the out-of-simulator probe.

Written from the public reports only (see ``bench/foreign_traffic.py``), independent of the traffic lab.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from foreign_prompts import Pools

DAY = 86_400.0
START = dt.datetime(2026, 3, 2, tzinfo=dt.UTC).timestamp()  # a Monday
RELEASE_OFFSET = 3 * DAY + 16 * 3600.0  # the new model ships on Thursday 16:00 UTC
MODELS = {"orion-flash": False, "orion-pro": True, "orion-pro-2": True}  # name -> exposes reasoning_content
SDK_UAS = ("OpenAI/Python 1.54.3", "OpenAI/Python 1.40.6", "OpenAI/NodeJS 4.67.1", "litellm/1.55.2",
           "python-requests/2.32.3", "AsyncOpenAI/Python 1.51.0")
BUSINESS = np.array([0.1] * 7 + [0.6, 1, 1, 1, 1, 0.7, 1, 1, 1, 1, 0.6] + [0.2] * 6)  # hour of day, local
EVENING = np.array([0.05] * 7 + [0.2] * 9 + [0.5, 0.8, 1, 1, 1, 0.8, 0.5, 0.2])
FLAT = np.ones(24)


@dataclass
class World:
    """The period, models and the sizes of every population."""

    seed: int
    days: int = 7
    benign_scale: float = 1.0
    campaign_scale: float = 1.0
    campaigns: tuple[str, ...] = ()  # empty = all
    fail_rate: float = 0.012

    @property
    def end(self) -> float:
        return START + self.days * DAY

    @property
    def release(self) -> float:
        return START + min(RELEASE_OFFSET, (self.days - 1) * DAY + 16 * 3600.0)


@dataclass
class Account:
    """One customer account as the gateway sees it, and its ground truth."""

    account_id: str  # what the scan reports: LiteLLM user id, else team id, else key hash
    user_id: str | None
    team_id: str | None
    key_hash: str
    key_alias: str | None
    archetype: str
    campaign_id: str | None
    access_path: str | None
    tier: str | None
    created_at: float | None
    ips: list[str | None]
    uas: list[str | None]
    tz: int = 0
    banned_at: float | None = None
    replaced: str | None = None
    org_id: str | None = None


@dataclass(slots=True)
class Call:
    """One logged call, format-neutral."""

    ts: float
    acct: Account
    model: str
    messages: list[dict[str, Any]]
    response: str
    reasoning: str | None
    end_user: str | None = None
    ip: str | None = None
    ua: str | None = None
    call_type: str = "acompletion"
    failed: bool = False
    max_tokens: int | None = None
    temperature: float | None = None
    tools: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- time patterns


def diurnal(rng: np.random.Generator, w: World, per_day: float, profile: np.ndarray, tz: int = 0,
            weekend: float = 1.0, t0: float | None = None, t1: float | None = None) -> np.ndarray:
    """Poisson counts per local hour following ``profile``; times inside [t0, t1)."""
    t0 = START if t0 is None else t0
    t1 = w.end if t1 is None else t1
    hours = np.arange(int((w.end - START) // 3600))
    start_h = START + hours * 3600.0
    local = (hours + tz) % 24
    dow = ((hours + tz) // 24) % 7  # 0 = Monday
    lam = profile[local] / profile.sum() * per_day * np.where(dow >= 5, weekend, 1.0)
    counts = rng.poisson(lam)
    ts = np.repeat(start_h, counts) + rng.random(int(counts.sum())) * 3600.0
    return np.sort(ts[(ts >= t0) & (ts < t1)])


def ip4(rng: np.random.Generator, prefix: str | None = None) -> str:
    """A random IPv4 address, optionally inside ``prefix`` ("a.b.c")."""
    if prefix:
        return f"{prefix}.{int(rng.integers(2, 254))}"
    a, b, c, d = rng.integers(11, 223), rng.integers(0, 256), rng.integers(0, 256), rng.integers(2, 254)
    return f"{a}.{b}.{c}.{d}"


def ip6(rng: np.random.Generator) -> str:
    """A random global IPv6 address (mobile carriers and home lines hand these out)."""
    return "2a02:" + ":".join(f"{int(x):x}" for x in rng.integers(0, 65536, 7))


def key_hash(rng: np.random.Generator) -> str:
    """A LiteLLM virtual key hash (sha256 hex of the key)."""
    return hashlib.sha256(rng.bytes(16)).hexdigest()


def pick(rng: np.random.Generator, seq: Sequence[Any]) -> Any:
    """One element of ``seq``, uniformly."""
    return seq[int(rng.integers(len(seq)))]


# ---------------------------------------------------------------- synthetic responses


def answer_for(rng: np.random.Generator, prompt: str, rationale: str | None = None) -> tuple[str, str]:
    """A synthetic answer and reasoning; a real worked rationale is reused when the task has one."""
    words = prompt.split()[:14]
    gist = " ".join(words)
    if rationale:
        lines = [ln.split("<<")[0] + (ln.split(">>")[1] if ">>" in ln else "") for ln in rationale.splitlines()]
        final = rationale.rsplit("####", 1)[-1].strip()
        return f"The answer is {final}.", "\n".join(ln for ln in lines if not ln.startswith("####"))
    n = int(rng.integers(2, 6))
    body = " ".join(pick(rng, _FILLER) for _ in range(n))
    return f"{body} ({gist[:60]})", f"The request is about: {gist}. {pick(rng, _THOUGHTS)}"


_FILLER = ("Here is a concise overview.", "First, consider the main constraint.", "The short answer is yes.",
           "This depends on the context you describe.", "A good option is to start small.",
           "Below is a corrected version.", "The function returns the expected value.", "Hope this helps!")
_THOUGHTS = ("I should give the key steps and keep it short.", "Check the edge cases before answering.",
             "The user probably wants an example too.", "Start with the definition, then apply it.")


@dataclass
class Ctx:
    """What a persona or campaign needs to emit calls."""

    rng: np.random.Generator
    world: World
    pools: Pools
    accounts: list[Account] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def account(self, archetype: str, *, campaign: str | None = None, access_path: str | None = "direct_api",
                tier: str | None = "tier-2", created: float | None = None, ips: Sequence[str | None] = (),
                uas: Sequence[str | None] = (), tz: int = 0, id_kind: str = "user", org: str | None = None) -> Account:
        """Register an account. ``id_kind`` says which LiteLLM field identifies it (user, team or key)."""
        rng = self.rng
        n = len(self.accounts)
        kh = key_hash(rng)
        user = f"usr_{n:04d}{int(rng.integers(1_000_000)):06d}" if id_kind == "user" else None
        team = org if org else (f"team_{n:04d}{int(rng.integers(100_000)):05d}" if id_kind == "team" else None)
        acct_id = user or team or kh
        if created is None:
            created = START - float(rng.uniform(5, 400)) * DAY
        acct = Account(acct_id, user, team, kh, f"sk-...{kh[:4]}" if rng.random() < 0.7 else None, archetype,
                       campaign, access_path, tier, created, list(ips) or [ip4(rng)],
                       list(uas) or [pick(rng, SDK_UAS)], tz, org_id=org)
        self.accounts.append(acct)
        return acct

    def emit(self, acct: Account, ts: float, model: str, messages: list[dict[str, Any]],
             rationale: str | None = None, **kw: Any) -> None:
        """Log one chat call with a synthetic answer."""
        rng = self.rng
        prompt = str(messages[-1].get("content") or "")
        resp, reasoning = answer_for(rng, prompt, rationale)
        ip = pick(rng, acct.ips)
        if rng.random() < 0.03:  # proxies in front of the gateway sometimes drop the client address
            ip = None
        self.calls.append(Call(ts, acct, model, messages, resp, reasoning if MODELS.get(model) else None,
                               ip=ip, ua=pick(rng, acct.uas), failed=bool(rng.random() < self.world.fail_rate),
                               call_type="acompletion" if rng.random() < 0.85 else "completion", **kw))


# ---------------------------------------------------------------- personas and campaigns

Generator = Callable[[Ctx], None]
BENIGN: dict[str, tuple[int, Generator]] = {}
CAMPAIGNS: dict[str, Generator] = {}


def benign(name: str, count: int) -> Callable[[Generator], Generator]:
    """Register a benign persona with its account count at ``benign_scale`` 1."""
    def deco(fn: Generator) -> Generator:
        BENIGN[name] = (count, fn)
        return fn
    return deco


def campaign(name: str) -> Callable[[Generator], Generator]:
    """Register a campaign archetype."""
    def deco(fn: Generator) -> Generator:
        CAMPAIGNS[name] = fn
        return fn
    return deco


def user(text: str, system: str | None = None) -> list[dict[str, Any]]:
    """A one-turn chat, optionally under a system prompt."""
    msgs: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    return [*msgs, {"role": "user", "content": text}]


def scaled(n: float, scale: float) -> int:
    """An account count at a population scale (at least one)."""
    return max(1, round(n * scale))




