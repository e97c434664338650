"""Shared context for personas and campaigns: seeded RNGs, the deployment catalogue, and call construction."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

import numpy as np

from .corpus import Corpus
from .identity import guid, hex24
from .model import Account, Call, Message, Org, SideCall
from .text import Writer, count_tokens, message_tokens

# deployment name -> model name reported by the backend
DEPLOYMENTS: dict[str, str] = {
    "gpt-4o": "gpt-4o-2024-11-20",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "o4-mini": "o4-mini-2025-04-16",
    "gpt-5.2": "gpt-5.2-2026-04-16",  # the mid-week release (fictional model name)
}
NEW_DEPLOYMENT = "gpt-5.2"
REASONING = {"o4-mini", "gpt-5.2"}
# Global volume factor, calibrated so that a scale-1 week stays under ~300 MB of faithful records.
VOLUME = 0.78
API_VERSIONS = ["2024-10-21", "2025-01-01-preview", "2024-08-01-preview", "2025-04-01-preview"]


@dataclass
class Ctx:
    """Everything an actor needs; RNGs are derived from (seed, key) strings, never from Python's hash()."""

    seed: int
    corpus: Corpus
    writer: Writer
    start: float
    end: float
    release: float
    scale: float
    calls: list[Call] = field(default_factory=list)
    side: list[SideCall] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    shared: dict[str, list[list[str]]] = field(default_factory=dict)  # per-run pools shared by actors
    _ids: set[str] = field(default_factory=set)

    @property
    def hours(self) -> int:
        return int((self.end - self.start) // 3600)

    def rng(self, key: str) -> random.Random:
        return random.Random(f"probe8/{self.seed}/{key}")

    def nrng(self, key: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(key.encode())])

    def period(self, base_s: float) -> float:
        """Scaled period of a scheduled job (longer at smaller scale)."""
        return base_s / (self.scale**0.5 * VOLUME)

    def n(self, k: int) -> int:
        """Scaled actor count."""
        return max(1, round(k * self.scale**0.5))

    def v(self, x: float) -> float:
        """Scaled per-actor volume."""
        return x * self.scale**0.5 * VOLUME

    def unique(self, make: str) -> str:
        i = 0
        out = make
        while out in self._ids:
            i += 1
            out = f"{make}-{i}"
        self._ids.add(out)
        return out

    def new_org(self, rng: random.Random, kind: str, product: str, slug: str | None = None, **kw: str) -> Org:
        uid = self.unique(slug if slug else hex24(rng))
        return Org(user_id=uid, product=product, kind=kind, **kw)

    def new_account(self, rng: random.Random, org: Org, slug: str | None = None) -> Account:
        sid = self.unique(slug if slug else hex24(rng))
        acct = Account(sub_id=sid, org=org, kind=org.kind, label=org.label, campaign_id=org.campaign_id)
        self.accounts.append(acct)
        return acct

    def deployment_at(self, rng: random.Random, ts: float, prefs: list[tuple[str, float]], adopt_new: float) -> str:
        """Pick a deployment; after the release, ``adopt_new`` is the share sent to the new model."""
        if ts >= self.release and rng.random() < adopt_new:
            return NEW_DEPLOYMENT
        r = rng.random() * sum(w for _, w in prefs)
        for dep, w in prefs:
            r -= w
            if r <= 0:
                return dep
        return prefs[-1][0]

    def call(
        self,
        rng: random.Random,
        ts: float,
        acct: Account,
        dep: str,
        messages: list[Message],
        response: str,
        ip: str,
        ua: str,
        *,
        stream: bool = False,
        end_user: str = "",
        forwarded_for: str = "",
        api_version: str | None = None,
        tool_calls: list[Message] | None = None,
        request_id: bool = True,
    ) -> Call:
        """Build and record a call; prompt/completion tokens follow the text, plus hidden reasoning tokens."""
        completion = count_tokens(response) if response else 1
        if tool_calls:
            completion += sum(count_tokens(str(tc)) for tc in tool_calls)
        if dep in REASONING:
            completion += int(completion * rng.uniform(0.8, 4.0)) + rng.randrange(64, 512)
        c = Call(
            ts=ts,
            account=acct,
            deployment=dep,
            messages=messages,
            response=response,
            prompt_tokens=message_tokens(messages),
            completion_tokens=completion,
            ip=ip,
            ua=ua,
            stream=stream,
            end_user=end_user,
            forwarded_for=forwarded_for,
            api_version=api_version or API_VERSIONS[zlib.crc32(acct.sub_id.encode()) % len(API_VERSIONS)],
            client_request_id=guid(rng) if request_id else "",
            tool_calls=tool_calls,
        )
        self.calls.append(c)
        return c


def sys_user(system: str | None, user: str) -> list[Message]:
    msgs: list[Message] = []
    if system:
        msgs.append({"role": "system", "content": system})
    msgs.append({"role": "user", "content": user})
    return msgs


def pick_weighted(rng: random.Random, items: list[tuple[str, float]]) -> str:
    r = rng.random() * sum(w for _, w in items)
    for it, w in items:
        r -= w
        if r <= 0:
            return it
    return items[-1][0]
