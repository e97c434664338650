"""The generator contract: plan accounts for a population, then generate each account's rows.

Two registries, keyed by class ``name``: ``PERSONAS`` (benign populations) and ``ARCHETYPES``
(campaigns). A generator first *plans* its accounts (metadata, shared campaign state; cheap and
small) and later *generates* one account's exchanges at a time as numpy arrays (:class:`Rows`), so
the engine can stream accounts in blocks and never hold a scenario in memory.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from antidistill.registry import Registry

US = 1_000_000  # microseconds per second
DAY_US = 86_400 * US

ROLE_NAMES = ("system", "user", "assistant", "tool")
SYSTEM, USER, ASSISTANT, TOOL = 0, 1, 2, 3
STATUS_NAMES = ("ok", "error", "aborted", "denied")
OK, ERROR, ABORTED, DENIED = 0, 1, 2, 3


@dataclass
class AccountPlan:
    """One account's metadata and label, fixed before any exchange is generated."""

    account_id: str
    population: int  # index of the population/campaign in the scenario
    index: int  # index of the account inside its population (seeds its generator)
    persona: str  # persona or archetype name
    api_key_ids: list[str]
    org_id: str
    access_path: str
    created_at_us: int
    tier: str
    payment_fingerprint: str | None
    ips: list[str]
    asns: list[int]
    user_agents: list[str]
    active_from_us: int
    active_to_us: int
    campaign_id: str | None = None
    replaced_account_id: str | None = None
    banned_at_us: int | None = None
    shared: Any = None  # population-level state (campaign schedule, template, ...)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The labels-file ``archetype`` value: the archetype, or ``benign:<persona>``."""
        return self.persona if self.campaign_id is not None else f"benign:{self.persona}"


@dataclass
class Rows:
    """One account's exchanges as parallel arrays. Text is referenced by index into the text pool.

    Message content is the concatenation of four pool parts (``msg_parts``, shape (messages, 4));
    index 0 is the empty string. ``msg_count[i]`` messages belong to row ``i``, in order.
    """

    ts_us: np.ndarray  # (n,) int64
    model: np.ndarray  # (n,) int16 index into the scenario's models
    msg_count: np.ndarray  # (n,) int32
    msg_role: np.ndarray  # (m,) int8
    msg_parts: np.ndarray  # (m, 4) int32 pool indices
    resp_parts: np.ndarray  # (n, 2) int32 pool indices
    reasoning: np.ndarray  # (n,) int32 pool index, -1 = no reasoning text
    prompt_tokens: np.ndarray  # (n,) int32
    completion_tokens: np.ndarray  # (n,) int32 (includes reasoning tokens)
    reasoning_tokens: np.ndarray  # (n,) int32, -1 = not reported
    latency_ms: np.ndarray  # (n,) float32
    status: np.ndarray  # (n,) int8 index into STATUS_NAMES
    http_status: np.ndarray  # (n,) int16
    ip: np.ndarray  # (n,) int32 index into plan.ips
    ua: np.ndarray  # (n,) int32 index into plan.user_agents
    key: np.ndarray  # (n,) int32 index into plan.api_key_ids
    end_user: np.ndarray  # (n,) int64 end-user id, -1 = not set
    max_tokens: np.ndarray  # (n,) int32, -1 = not set

    def __len__(self) -> int:
        return int(self.ts_us.shape[0])


class Population(ABC):
    """Base class of benign personas and campaign archetypes.

    Subclasses set ``name``, a frozen ``Params`` dataclass (the scenario-file parameters, with
    defaults and comments) and ``source`` (what it is modelled on), and implement ``plan`` and ``generate``.
    """

    name: ClassVar[str]
    Params: ClassVar[type]
    source: ClassVar[str] = ""

    @abstractmethod
    def plan(self, ctx: Any, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        """Plan every account of this population (``spec`` is a PopulationSpec or CampaignSpec)."""

    @abstractmethod
    def generate(self, ctx: Any, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        """All exchanges of one account (at least one row)."""


PERSONAS: Registry[Population] = Registry("benign persona")
ARCHETYPES: Registry[Population] = Registry("campaign archetype")


def load_builtins() -> None:
    """Import the built-in generator modules so that they register themselves."""
    from antidistill.lab.simulator import (  # noqa: F401
        campaigns_coordinated,
        campaigns_stealthy,
        personas_automated,
        personas_human,
    )
