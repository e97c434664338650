"""Benign personas driven by people: individuals, teams, students, researchers, multilingual users.

All use the session process of :mod:`timing` (active days, sessions placed by the ServeGen daily
rhythm in the account's time zone, bursty gaps with ServeGen CVs) and multi-turn conversations with
resent history. Researchers and students ask for step-by-step reasoning on purpose: a detector must
learn that asking for reasoning is not by itself distillation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from antidistill.lab.simulator import rowkit as rk
from antidistill.lab.simulator import timing
from antidistill.lab.simulator.base import DAY_US, PERSONAS, US, AccountPlan, Population, Rows
from antidistill.lab.simulator.context import SimContext
from antidistill.lab.simulator.corpus import MGSM_LANGS
from antidistill.lab.simulator.infra import Infrastructure

TIMEZONES = np.array([-8, -7, -5, -4, 0, 1, 2, 3, 5, 8, 9])
TZ_P = np.array([0.12, 0.04, 0.14, 0.05, 0.08, 0.14, 0.06, 0.04, 0.08, 0.17, 0.08])


@dataclass(frozen=True)
class HumanParams:
    """Parameters of a human-driven persona (scenario keys)."""

    sessions_per_day: float = 1.2  # mean sessions on an active day
    active_day_share: float = 0.5  # share of days with any use
    requests_per_session: float = 4.0  # mean (geometric)
    think_time_s: float = 75.0  # mean gap between requests inside a session
    follow_up_share: float = 0.55  # turns after the first that are follow-ups rather than new tasks
    new_conversation_share: float = 0.35
    reasoning_share: float = 0.3  # requests sent to a reasoning model
    new_model_adoption: float = 0.3  # long-run share of requests on a newly released model
    context_share: float = 0.5  # requests carrying attached context (documents, pasted code)
    system_prompt_share: float = 0.6  # accounts whose app or SDK code sends a fixed system prompt
    payment_sharing_org_share: float = 0.15  # accounts billed to one card shared inside an org
    diurnal_sharpness: float = 3.0  # one person's day vs the ServeGen aggregate profile (see timing.hour_weights)


class HumanPersona(Population):
    """Shared plan/generate logic; subclasses set topics, wrappers and metadata mixes."""

    Params: ClassVar[type] = HumanParams
    source: ClassVar[str] = ("ServeGen per-client CVs and daily rhythm; Azure conversation token lengths; "
                             "Arena-Hard, Self-Instruct, BELLE, GSM8K, MGSM, HumanEval prompts")
    topics: ClassVar[dict[str, float]] = {"chat_en": 0.55, "arena_coding": 0.12, "arena_creative_writing": 0.1,
                                          "arena_math": 0.05, "math_word": 0.05, "code_fn": 0.05, "chat_zh": 0.08}
    book: ClassVar[str] = "plain"
    tiers: ClassVar[dict[str, float]] = {"free": 0.45, "tier1": 0.45, "tier2": 0.1}
    paths: ClassVar[dict[str, float]] = {"consumer_app": 0.4, "direct_api": 0.6}
    networks: ClassVar[dict[str, float]] = {"residential": 0.65, "mobile": 0.25, "corporate": 0.1}
    members: ClassVar[tuple[int, int]] = (1, 1)  # people behind one account

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        p: HumanParams = spec.params
        plans = []
        org_card: dict[int, str] = {}
        for i in range(spec.accounts):
            tier = str(rng.choice(list(self.tiers), p=list(self.tiers.values())))
            members = int(rng.integers(self.members[0], self.members[1] + 1))
            ips: list[tuple[str, int]] = []
            for _ in range(members):
                kind = str(rng.choice(list(self.networks), p=list(self.networks.values())))
                ips += [Infrastructure.address(rng, kind) for _ in range(int(rng.integers(1, 4)))]
            if rng.random() < ctx.scenario.infrastructure.shared_egress_share:
                ips += ctx.egress(rng, int(rng.integers(1, 3)))
            org = i // 4 if rng.random() < p.payment_sharing_org_share else -1 - i
            payment = None
            if tier != "free":
                # orgs that share one card across accounts (benign shared payment)
                payment = org_card.setdefault(org, ctx.infra.payment(rng)) if org >= 0 else ctx.infra.payment(rng)
            plan = ctx.new_account(
                rng, population=population, index=i, persona=self.name,
                org_id=ctx.org(population, org if org >= 0 else 10_000_000 + i),
                access_path=str(rng.choice(list(self.paths), p=list(self.paths.values()))), tier=tier,
                payment=payment, ips=ips, user_agents=ctx.infra.user_agents(rng, min(1 + members, 6)),
                age_days=(1.0, 900.0), keys=1 + int(members > 3))
            # a few accounts are created during the scenario and used at once (benign new sign-ups)
            if rng.random() < 0.06:
                plan.active_from_us = ctx.start_us + int(rng.random() * (ctx.end_us - ctx.start_us) * 0.8)
                plan.created_at_us = plan.active_from_us - int(rng.random() * 3600 * US)
            plan.extra["tz"] = int(rng.choice(TIMEZONES, p=TZ_P / TZ_P.sum()))
            plan.extra["members"] = members
            plan.extra["activity"] = float(rng.lognormal(0.0, 0.8))
            plans.append(plan)
        return plans

    def arrivals(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator,
                 p: HumanParams) -> tuple[np.ndarray, np.ndarray]:
        """Arrival times and which member sent each request."""
        hourly = timing.hour_weights(ctx.cal.hourly, plan.extra["tz"], p.diurnal_sharpness)
        out, who = [], []
        for m in range(plan.extra["members"]):
            ts = timing.sessions(rng, plan.active_from_us, plan.active_to_us,
                                 per_day=p.sessions_per_day * plan.extra["activity"],
                                 active_day_p=p.active_day_share, hourly=hourly,
                                 mean_requests=p.requests_per_session, think_s=p.think_time_s,
                                 cv=ctx.cal.sample_cv(rng))
            out.append(ts)
            who.append(np.full(ts.shape[0], m, np.int32))
        ts = np.concatenate(out)
        order = np.argsort(ts, kind="stable")
        ts = timing.ensure_rows(rng, ts[order], plan.active_from_us, plan.active_to_us)
        member = np.concatenate(who)[order] if order.size else np.zeros(1, np.int32)
        return ts, member

    def tasks(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator,
              n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return rk.draw_tasks(ctx, rng, n, self.topics)

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        p: HumanParams = ctx.scenario_params[plan.population]
        ts, member = self.arrivals(ctx, plan, rng, p)
        n = ts.shape[0]
        task, resp, rat = self.tasks(ctx, plan, rng, n)
        user = rk.wrap(ctx, rng, self.book, task, resp)
        gap = np.diff(ts, prepend=ts[0] - DAY_US)
        new = (gap > 1800 * US) | (rng.random(n) < p.new_conversation_share) | (np.diff(member, prepend=-1) != 0)
        start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
        turn = np.arange(n) - start
        follow = (turn > 0) & (rng.random(n) < p.follow_up_share)
        user[follow] = 0
        lang = plan.extra.get("lang", "en")
        pool = ctx.strings.get(f"follow_ups_{lang}", ctx.strings["follow_ups_en"])
        user[follow, 0] = rng.choice(pool, size=int(follow.sum()))
        system = -1
        if np.random.default_rng([ctx.seed, plan.population, plan.index, 2]).random() < p.system_prompt_share:
            system = int(ctx.strings["chat_system"][plan.index % len(ctx.strings["chat_system"])])
        c = rk.content(user, resp, rat, turn=turn, system=system)
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=p.new_model_adoption)
        ip = member * 0 + rk.pick(rng, n, len(plan.ips))
        ua = np.minimum(member, len(plan.user_agents) - 1).astype(np.int32)
        return rk.make_rows(ctx, rng, plan, ts, c, model=model, ctx_share=p.context_share, ip=ip, ua=ua,
                           key=np.minimum(member % 2, len(plan.api_key_ids) - 1))


@PERSONAS.register
class IndividualUser(HumanPersona):
    """One person: diurnal sessions with bursts and idle gaps, mixed topics, multi-turn conversations."""

    name = "individual"


@PERSONAS.register
class TeamAccount(HumanPersona):
    """A team sharing one key: several people, many IPs (home, office NAT, mobile) and user agents."""

    name = "team"
    members: ClassVar[tuple[int, int]] = (4, 25)
    tiers: ClassVar[dict[str, float]] = {"tier1": 0.3, "tier2": 0.5, "tier3": 0.2}
    paths: ClassVar[dict[str, float]] = {"direct_api": 0.8, "startup": 0.2}
    networks: ClassVar[dict[str, float]] = {"residential": 0.45, "mobile": 0.2, "corporate": 0.35}


@PERSONAS.register
class EducationAccount(HumanPersona):
    """Students and classes on education access: tutoring requests that ask for step-by-step explanations."""

    name = "education"
    book: ClassVar[str] = "education"
    topics: ClassVar[dict[str, float]] = {"math_word": 0.4, "mgsm_en": 0.1, "chat_en": 0.25, "code_fn": 0.1,
                                          "arena_math": 0.05, "chat_zh": 0.1}
    tiers: ClassVar[dict[str, float]] = {"free": 0.5, "tier1": 0.5}
    paths: ClassVar[dict[str, float]] = {"education": 0.85, "consumer_app": 0.15}
    networks: ClassVar[dict[str, float]] = {"university": 0.55, "residential": 0.3, "mobile": 0.15}


@PERSONAS.register
class Researcher(HumanPersona):
    """Researchers who ask models to explain their reasoning, and now and then run a scripted batch."""

    name = "researcher"
    book: ClassVar[str] = "researcher"
    topics: ClassVar[dict[str, float]] = {"math_word": 0.3, "arena_math": 0.15, "chat_en": 0.25,
                                          "arena_coding": 0.15, "code_fn": 0.15}
    tiers: ClassVar[dict[str, float]] = {"tier1": 0.4, "tier2": 0.5, "tier3": 0.1}
    paths: ClassVar[dict[str, float]] = {"education": 0.5, "direct_api": 0.5}
    networks: ClassVar[dict[str, float]] = {"university": 0.6, "residential": 0.3, "cloud": 0.1}

    def arrivals(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator,
                 p: HumanParams) -> tuple[np.ndarray, np.ndarray]:
        ts, member = super().arrivals(ctx, plan, rng, p)
        k = rng.poisson(0.2 * ctx.scenario.days / 7.0)  # scripted experiment batches
        if k:
            starts = plan.active_from_us + (rng.random(k) * (plan.active_to_us - plan.active_from_us)).astype(np.int64)
            batch = timing.bursts(rng, starts, rng.integers(50, 400, size=k), per_request_s=6.0, concurrency=2)
            batch = batch[batch < plan.active_to_us]
            ts = np.concatenate([ts, batch])
            member = np.concatenate([member, np.zeros(batch.shape[0], np.int32)])
            order = np.argsort(ts, kind="stable")
            ts, member = ts[order], member[order]
        return ts, member


@PERSONAS.register
class MultilingualUser(HumanPersona):
    """Users writing in one or two non-English languages (mgsm in 10 languages, Chinese BELLE, arena)."""

    name = "multilingual"
    tiers: ClassVar[dict[str, float]] = {"free": 0.5, "tier1": 0.4, "tier2": 0.1}

    def tasks(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator,
              n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        langs = [lang for lang in MGSM_LANGS if lang != "en"]
        mine = np.random.default_rng([ctx.seed, plan.population, plan.index, 1]).choice(langs, size=2, replace=False)
        plan.extra["lang"] = str(mine[0])
        # mostly their own languages; some English-language coding and writing help, as real users mix
        topics = {f"mgsm_{mine[0]}": 0.5, f"mgsm_{mine[1]}": 0.15, "arena_creative_writing": 0.07,
                  "arena_coding": 0.08, "chat_zh": 0.3 if "zh" in mine else 0.03}
        return rk.draw_tasks(ctx, rng, n, topics)
