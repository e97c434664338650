"""Shared campaign machinery: member infrastructure, camouflage and elicitation content.

Strength knobs come from the scenario: ``camouflage`` multiplies the archetype's base share of
benign-looking requests and ``shared_infrastructure`` is the fraction of members on the campaign's
shared cards and proxy blocks (the rest get independent, fresh infrastructure). Campaign members use
the same popular SDK user agents, the same models and the same fields as everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from antidistill.lab.simulator import rowkit as rk
from antidistill.lab.simulator.base import AccountPlan
from antidistill.lab.simulator.context import SimContext
from antidistill.lab.simulator.infra import Infrastructure

CAMOUFLAGE_TOPICS = {"chat_en": 0.6, "arena_creative_writing": 0.15, "arena_coding": 0.1, "chat_zh": 0.15}


@dataclass(frozen=True)
class SharedInfra:
    """A campaign's shared cards and proxy address blocks."""

    cards: list[str]
    blocks: list[list[tuple[str, int]]]


def shared_infra(ctx: SimContext, rng: np.random.Generator, accounts: int, proxy_kind: str) -> SharedInfra:
    """About one card per 12 members and one /24 proxy block per 40 members."""
    cards = [ctx.infra.payment(rng) for _ in range(max(1, accounts // 12))]
    blocks = [ctx.infra.addresses_in_prefix(rng, proxy_kind, 32) for _ in range(max(1, accounts // 40))]
    return SharedInfra(cards=cards, blocks=blocks)


def plan_members(ctx: SimContext, rng: np.random.Generator, spec: Any, population: int, persona: str, *,
                 n: int | None = None, tier: str, paths: dict[str, float], age_days: tuple[float, float],
                 proxy_kind: str = "hosting", own_kind: str = "residential", ips_per_account: int = 3,
                 start_index: int = 0, infra: SharedInfra | None = None) -> list[AccountPlan]:
    """Plan campaign members with shared or independent infrastructure per ``spec.shared_infrastructure``."""
    n = spec.accounts if n is None else n
    infra = infra or shared_infra(ctx, rng, n, proxy_kind)
    shared_cards, blocks = infra.cards, infra.blocks
    plans = []
    for i in range(n):
        shared = rng.random() < spec.shared_infrastructure
        if shared:
            block = blocks[int(rng.integers(len(blocks)))]
            ips = [block[int(j)] for j in rng.choice(len(block), size=ips_per_account, replace=False)]
            card = shared_cards[int(rng.integers(len(shared_cards)))]
        else:
            ips = [Infrastructure.address(rng, own_kind) for _ in range(ips_per_account)]
            card = ctx.infra.payment(rng)
        plan = ctx.new_account(rng, population=population, index=start_index + i, persona=persona,
                               org_id=ctx.org(population, 1_000_000 + start_index + i),
                               access_path=str(rng.choice(list(paths), p=list(paths.values()))), tier=tier,
                               payment=card, ips=ips, user_agents=ctx.infra.user_agents(rng, 2), age_days=age_days,
                               campaign_id=spec.id)
        plan.extra["shared_infra"] = shared
        plans.append(plan)
    return plans


def agent_turns(ctx: SimContext, rng: np.random.Generator, user: np.ndarray, step: np.ndarray) -> None:
    """Later steps of an agent episode send a tool result as the new turn (history is resent), in place."""
    later = np.flatnonzero(step > 0)
    user[later] = 0
    user[later, 0] = rng.choice(ctx.strings["tool_results"], size=later.shape[0])


def camouflage_share(spec: Any, base: float) -> float:
    """The archetype's base camouflage share times the campaign's ``camouflage`` knob, at most 0.9."""
    return float(min(0.9, base * spec.camouflage))


def harvest_content(ctx: SimContext, rng: np.random.Generator, n: int, families: dict[str, float],
                    topics: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(user parts, response, rationale) for ``n`` elicitation requests from weighted families."""
    task, resp, rat = rk.draw_tasks(ctx, rng, n, topics)
    names = list(families)
    p = np.array([families[k] for k in names], float)
    fam = rng.choice(len(names), size=n, p=p / p.sum())
    user = np.zeros((n, 4), np.int32)
    # "answer" slots take the reference response, or the worked rationale when the data has one
    answer = np.where(rat > 0, rat, resp)
    for i, name in enumerate(names):
        sel = fam == i
        if sel.any():
            user[sel] = rk.wrap(ctx, rng, name, task[sel], answer[sel])
    return user, resp, rat


def mix_camouflage(ctx: SimContext, rng: np.random.Generator, user: np.ndarray, resp: np.ndarray,
                   rat: np.ndarray, share: float) -> np.ndarray:
    """Replace a ``share`` of requests by ordinary benign-looking ones, in place; returns the mask."""
    n = user.shape[0]
    mask = np.less(rng.random(n), share)
    k = int(mask.sum())
    if k:
        t, r, a = rk.draw_tasks(ctx, rng, k, CAMOUFLAGE_TOPICS)
        user[mask] = rk.wrap(ctx, rng, "plain", t, r)
        resp[mask], rat[mask] = r, a
    return mask
