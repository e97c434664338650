"""The World: seeded randomness, accounts with their keys, IPs and user agents, and the exchange list."""

from __future__ import annotations

import random

import numpy as np

from .core import RELEASE_TS, Account, Exchange, Ids, Key
from .corpus import Corpus

SDK_UAS = [
    "OpenAI/Python 1.68.2",
    "OpenAI/Python 1.82.1",
    "OpenAI/Python 1.99.9",
    "OpenAI/Python 2.6.1",
    "AsyncOpenAI/Python 1.99.9",
    "AsyncOpenAI/Python 2.8.0",
    "OpenAI/JS 4.104.0",
    "OpenAI/JS 5.12.2",
    "python-httpx/0.28.1",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "axios/1.8.4",
    "Go-http-client/2.0",
    "litellm/1.74.9",
    "langchain-openai/0.3.28",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
]
_CLOUD_NETS = [
    "3.{}.{}.{}",
    "18.{}.{}.{}",
    "34.{}.{}.{}",
    "35.{}.{}.{}",
    "52.{}.{}.{}",
    "54.{}.{}.{}",
    "13.{}.{}.{}",
    "20.{}.{}.{}",
    "104.{}.{}.{}",
]
_HOME_NETS = [
    "73.{}.{}.{}",
    "81.{}.{}.{}",
    "86.{}.{}.{}",
    "91.{}.{}.{}",
    "109.{}.{}.{}",
    "176.{}.{}.{}",
    "112.{}.{}.{}",
    "121.{}.{}.{}",
    "180.{}.{}.{}",
    "189.{}.{}.{}",
    "201.{}.{}.{}",
    "49.{}.{}.{}",
]
TIMEZONES = [-8, -7, -6, -5, -5, -4, -3, 0, 0, 1, 1, 2, 3, 5.5, 7, 8, 8, 9, 9, 10]


class World:
    def __init__(self, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.r = random.Random(seed * 31 + 5)
        self.ids = Ids(seed)
        self.c = corpus
        self.accounts: list[Account] = []
        self.ex: list[Exchange] = []
        self.end_user_truth: dict[tuple[str, str], tuple[str, str, str]] = {}  # (acct, eu) -> (label, kind, camp)

    # identities -------------------------------------------------------------------------------------
    def ip(self, kind: str = "cloud") -> str:
        nets = _CLOUD_NETS if kind == "cloud" else _HOME_NETS
        r = self.r
        return r.choice(nets).format(r.randint(1, 254), r.randint(0, 255), r.randint(1, 254))

    def subnet_ip(self, prefix: str) -> str:
        return f"{prefix}.{self.r.randint(2, 253)}"

    def account(
        self,
        kind: str,
        channel: str,
        *,
        label: str = "benign",
        campaign_id: str = "",
        org: str | None = None,
        n_keys: int = 1,
        aliases: list[str | None] | None = None,
        tz: float | None = None,
        ip_kind: str = "cloud",
        n_ips: int = 1,
        uas: list[str] | None = None,
    ) -> Account:
        ids = self.ids
        a = Account(
            account_id=ids.token("acct_"),
            org_id=org or ids.token("org_"),
            channel=channel,
            kind=kind,
            label=label,
            campaign_id=campaign_id,
            tz=self.r.choice(TIMEZONES) if tz is None else tz,
        )
        aliases = aliases or [self.r.choice([None, None, "default", "prod", "backend", "dev", "server", "main"])]
        a.keys = [ids.key(aliases[i % len(aliases)]) for i in range(n_keys)]
        a.ips = [self.ip(ip_kind) for _ in range(n_ips)]
        a.uas = uas or [self.r.choice(SDK_UAS)]
        self.accounts.append(a)
        return a

    def end_user(self, acct: Account, eu: str, label: str = "benign", kind: str | None = None, camp: str = "") -> str:
        self.end_user_truth.setdefault((acct.account_id, eu), (label, kind or acct.kind, camp))
        return eu

    # exchanges --------------------------------------------------------------------------------------
    def add(
        self,
        t: float,
        acct: Account,
        model: str,
        messages: list,
        reply: dict | None,
        *,
        params: dict | None = None,
        key: Key | None = None,
        ip: str | None = None,
        ua: str | None = None,
        **kw,
    ) -> Exchange:
        r = self.r
        e = Exchange(
            ts=float(t),
            acct=acct,
            key=key or (acct.keys[0] if r.random() < 0.8 else r.choice(acct.keys)),
            model=model,
            messages=messages,
            reply=reply,
            params=params if params is not None else {},
            ip=ip or (acct.ips[0] if len(acct.ips) == 1 else r.choice(acct.ips)),
            ua=ua or (acct.uas[0] if len(acct.uas) == 1 else r.choice(acct.uas)),
            **{"kind": acct.kind, "camp": acct.campaign_id, "guardrail": acct.channel == "edu-program", **kw},
        )  # prompt-shield runs on edu traffic
        self.ex.append(e)
        return e

    def model_at(self, t: float, base: str, adopt: float = 0.1, delay_h: float = 12.0) -> str:
        """Benign clients drift to the new release slowly; `adopt` is the share after `delay_h` hours."""
        if t < RELEASE_TS or base == "lyra-3-flash":
            return base
        ramp = min(1.0, (t - RELEASE_TS) / (delay_h * 3600))
        return "lyra-3.5" if self.r.random() < adopt * ramp else base

    def params(
        self,
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        stream: bool = False,
        user: str | None = None,
        extra: dict | None = None,
    ) -> dict:
        """LiteLLM optional_params as the Langfuse logger records them (non-scalars become str())."""
        p: dict = {}
        if temperature is not None:
            p["temperature"] = temperature
        if max_tokens is not None:
            p["max_tokens"] = max_tokens
        if stream:
            p["stream"] = True
            if self.r.random() < 0.6:
                p["stream_options"] = "{'include_usage': True}"
        if user is not None:
            p["user"] = user
        if extra:
            p.update(extra)
        return p
