"""Extension point for traffic sources: one ``Actor`` subclass per persona or campaign.

Benign personas and campaigns register themselves in ``REGISTRY`` (keyed by ``name``) and are
built in registration order, so an actor may look up accounts that earlier actors created.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from .calls import Call, GroundTruth, Message, Reply, assistant, make_call, system, user
from .corpus import Corpus
from .timing import ServeGenShapes
from .world import Account, Egress, Ids, stable_seed

BENIGN_KEY_NAMES = ["prod", "production", "staging", "dev", "local", "jupyter", "backend", "default", "test",
                    "my-key", "server", "worker", "personal", "eval", "laptop", "Secret key", "key1"]
APP_KEY_NAMES = ["prod", "production", "backend", "server", "worker", "api", "staging", "prod-eu", "prod-us", "default"]


@dataclass(slots=True)
class Context:
    """Everything actors share: data pools, id factory, rate shapes and the accounts made so far."""

    seed: int
    corpus: Corpus
    shapes: ServeGenShapes
    ids: Ids
    accounts: list[Account] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, seed: int, corpus: Corpus, data_dir: Path) -> Context:
        return cls(seed, corpus, ServeGenShapes(data_dir), Ids(stable_seed("ids", seed)))

    def rnd(self, *parts: object) -> random.Random:
        return random.Random(stable_seed(self.seed, *parts))

    def rng(self, *parts: object) -> np.random.Generator:
        return np.random.default_rng(stable_seed(self.seed, "np", *parts))

    def new_account(
        self,
        rnd: random.Random,
        *,
        kind: str,
        label: str,
        egress: list[Egress],
        user_agents: list[str],
        tz: float,
        plan: str = "pay-as-you-go",
        campaign_id: str = "",
        n_keys: int = 1,
        key_names: Sequence[str] = BENIGN_KEY_NAMES,
        end_user_via: str = "",
        client_app: str = "",
    ) -> Account:
        names = rnd.sample(list(key_names), min(n_keys, len(key_names)))
        names += [f"key-{i}" for i in range(len(names), n_keys)]
        acct = Account(
            account_id=self.ids.account(),
            org_id=self.ids.org(),
            keys=[(self.ids.key(), name) for name in names],
            plan=plan,
            egress=egress,
            user_agents=user_agents,
            tz=tz,
            label=label,
            kind=kind,
            campaign_id=campaign_id,
            end_user_via=end_user_via,
            client_app=client_app,
        )
        self.accounts.append(acct)
        return acct


class Actor:
    """A traffic source. ``build`` returns every call it makes during the week."""

    name: ClassVar[str]
    label: ClassVar[str]  # "benign" or "campaign"
    campaign_id: ClassVar[str] = ""
    summary: ClassVar[str] = ""

    def build(self, ctx: Context) -> list[Call]:
        raise NotImplementedError


REGISTRY: dict[str, type[Actor]] = {}


def register(cls: type[Actor]) -> type[Actor]:
    if cls.name in REGISTRY:
        raise ValueError(f"duplicate actor name: {cls.name}")
    REGISTRY[cls.name] = cls
    return cls


def conversation(
    acct: Account,
    rnd: random.Random,
    start: float,
    turns: Sequence[tuple[str, Reply]],
    model: str,
    *,
    sys_prompt: str | None = None,
    think: tuple[float, float] = (25.0, 150.0),
    end_user: str = "",
    truth: GroundTruth | None = None,
    session: tuple[str, str] | None = None,
    max_history: int = 6,
    **params: Any,
) -> list[Call]:
    """A multi-turn chat: each call re-sends the history, as chat-completions clients do."""
    out: list[Call] = []
    history: list[Message] = [system(sys_prompt)] if sys_prompt else []
    ts = start
    egress, ua = rnd.choice(acct.egress), rnd.choice(acct.user_agents)
    key_index = rnd.randrange(len(acct.keys))
    for i, (text, reply) in enumerate(turns):
        history.append(user(text))
        sent = history if len(history) <= max_history else ([history[0]] if sys_prompt else []) + history[-max_history:]
        call = make_call(acct, ts, model, list(sent), reply, rnd, end_user=end_user, end_user_truth=truth,
                         key_index=key_index, egress=egress, ua=ua, **params)
        if session:
            call.session = (session[0], f"/{session[1]}/turn-{i + 1}", session[1])
        out.append(call)
        history.append(assistant(reply.content))
        ts += rnd.uniform(*think) + len(reply.content or "") / 60.0
    return out


def pick(rnd: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rnd.choices(values, weights)[0]


def zipf_counts(rnd: random.Random, n_users: int, total: int, a: float = 1.15) -> list[int]:
    """Calls per end user with Zipf-like activity (many one-off users, a few heavy ones)."""
    weights = [1.0 / (r + 1) ** a for r in range(n_users)]
    rnd.shuffle(weights)
    scale = total / sum(weights)
    return [max(1, round(w * scale * rnd.uniform(0.7, 1.3))) for w in weights]

