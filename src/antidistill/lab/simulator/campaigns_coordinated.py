"""Coordinated campaign archetypes: synchronized cluster, multi-path cluster, pivoting harvester, hydra.

Modelled on Anthropic, "Detecting and preventing distillation attacks" (23 Feb 2026): the DeepSeek
cluster (shared payment, coordinated timing, reasoning reconstruction, rubric grading, censorship-safe
rewrites), the Moonshot campaign (hundreds of accounts across access paths; agentic reasoning, tool
use, coding, computer use; later reasoning-trace reconstruction), MiniMax (very high volume on agentic
coding; about half its traffic on a new model within 24 hours of its release) and hydra proxies
(thousands of accounts with churn, harvest mixed with resold traffic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from antidistill.lab.simulator import campaign_kit as ck
from antidistill.lab.simulator import rowkit as rk
from antidistill.lab.simulator import timing
from antidistill.lab.simulator.base import ARCHETYPES, DAY_US, US, AccountPlan, Population, Rows
from antidistill.lab.simulator.context import SimContext

REASONING_TOPICS = {"math_word": 0.35, "arena_math": 0.15, "code_fn": 0.15, "arena_coding": 0.15, "chat_en": 0.2}
AGENTIC_TOPICS = {"code_fn": 0.35, "arena_coding": 0.35, "chat_en": 0.15, "arena_math": 0.15}


def _episodes(rng: np.random.Generator, ctx: SimContext, starts: np.ndarray, mean_steps: float,
              step_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agent-loop arrivals inside the scenario (at least one row): times, step, episode id."""
    ts, step, episode = timing.episodes(rng, starts, mean_steps, step_s)
    keep = ts < ctx.end_us
    ts, step, episode = ts[keep], step[keep], episode[keep]
    if ts.shape[0] == 0:
        return timing.ensure_rows(rng, ts, ctx.start_us, ctx.end_us), np.zeros(1, np.int32), np.zeros(1, np.int64)
    return ts, step, np.unique(episode, return_inverse=True)[1].astype(np.int64)


@dataclass(frozen=True)
class SyncParams:
    """synchronized_cluster parameters."""

    waves_per_day: float = 3.0  # coordinated work windows shared by all members
    wave_hours: float = 1.5
    participation: float = 0.85  # chance a member joins a wave
    requests_per_wave: float = 35.0  # per member
    base_camouflage: float = 0.05
    reasoning_share: float = 0.8


@ARCHETYPES.register
class SynchronizedCluster(Population):
    """Accounts with shared payment methods and coordinated timing, eliciting reasoning and grades."""

    name = "synchronized_cluster"
    Params: ClassVar[type] = SyncParams
    source = "Anthropic 23 Feb 2026 (DeepSeek operation)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        p: SyncParams = spec.params
        k = max(1, int(rng.poisson(p.waves_per_day * ctx.scenario.days)))
        waves = np.sort(ctx.start_us + (rng.random(k) * (ctx.end_us - ctx.start_us)).astype(np.int64))
        plans = ck.plan_members(ctx, rng, spec, population, self.name, tier="tier2",
                                paths={"direct_api": 1.0}, age_days=(1.0, 30.0))
        for plan in plans:
            plan.shared = waves
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: SyncParams = spec.params
        out = []
        for w in plan.shared:
            if rng.random() < p.participation:
                start = int(w + rng.normal(0, 120) * US)  # members start within minutes of each other
                end = start + int(p.wave_hours * 3600 * US)
                out.append(timing.renewal(rng, start, end, p.requests_per_wave / (p.wave_hours * 3600), 1.0))
        ts = np.sort(np.concatenate(out)) if out else np.empty(0, np.int64)
        ts = timing.ensure_rows(rng, ts[(ts >= ctx.start_us) & (ts < ctx.end_us)], ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        user, resp, rat = ck.harvest_content(ctx, rng, n, {"reconstruct": 0.5, "rubric": 0.3, "rewrite": 0.2},
                                             {**REASONING_TOPICS, "chat_zh": 0.2})
        ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=0.3)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat), model=model, output_scale=1.5)


@dataclass(frozen=True)
class MultiPathParams:
    """multi_path_cluster parameters."""

    requests_per_day: float = 250.0  # per member
    reconstruction_from: float = 0.6  # fraction of the scenario after which it turns to reasoning traces
    reconstruction_share: float = 0.7  # share of reconstruction prompts in that later phase
    steps_per_episode: float = 4.0  # agent loop length (tool calls resent with history)
    base_camouflage: float = 0.08
    reasoning_share: float = 0.7


@ARCHETYPES.register
class MultiPathCluster(Population):
    """Hundreds of accounts across access paths on agentic reasoning, tools, coding, data analysis, computer use."""

    name = "multi_path_cluster"
    Params: ClassVar[type] = MultiPathParams
    source = "Anthropic 23 Feb 2026 (Moonshot operation)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        return ck.plan_members(ctx, rng, spec, population, self.name, tier="tier2",
                               paths={"direct_api": 0.3, "cloud_marketplace": 0.2, "education": 0.15,
                                      "startup": 0.2, "reseller": 0.15},
                               age_days=(2.0, 120.0), proxy_kind="cloud", own_kind="residential")

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: MultiPathParams = spec.params
        rate = p.requests_per_day * rng.lognormal(0, 0.4) / 86_400
        starts = timing.renewal(rng, ctx.start_us, ctx.end_us, rate / p.steps_per_episode, ctx.cal.sample_cv(rng))
        ts, step, episode = _episodes(rng, ctx, starts, p.steps_per_episode, 12.0)
        n = ts.shape[0]
        task, resp, rat = rk.draw_tasks(ctx, rng, n, AGENTIC_TOPICS)
        user = rk.wrap(ctx, rng, "agentic_user", task, resp)
        ck.agent_turns(ctx, rng, user, step)
        # one system prompt per episode: the agent harness does not change mid-loop
        system = rng.choice(ctx.strings["agentic_system"], size=int(episode.max()) + 1).astype(np.int32)[episode]
        late = ts >= ctx.start_us + p.reconstruction_from * (ctx.end_us - ctx.start_us)
        # whole episodes turn into standalone reconstruction requests
        recon = late & (rng.random(int(episode.max()) + 1) < p.reconstruction_share)[episode]
        if recon.any():
            u2, r2, a2 = ck.harvest_content(ctx, rng, int(recon.sum()), {"reconstruct": 1.0}, REASONING_TOPICS)
            user[recon], resp[recon], rat[recon] = u2, r2, a2
            system[recon] = -1
        camo = ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        system[camo] = -1
        prev = rk.prev_in_groups(episode)
        prev[camo | recon] = -1
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=0.3)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat, system=system, prev=prev), model=model,
                            kind="code", ctx_share=0.5, output_scale=1.3)


@dataclass(frozen=True)
class PivotParams:
    """volume_harvester_pivot parameters."""

    requests_per_day: float = 20000.0  # per member
    pivot_share: float = 0.5  # share of traffic moved to the new model
    pivot_delay_hours: float = 12.0  # mean delay after release (within 24 h)
    base_camouflage: float = 0.03


@ARCHETYPES.register
class VolumeHarvesterPivot(Population):
    """Very high volume on agentic coding; moves about half its traffic to a new model within 24 h of release."""

    name = "volume_harvester_pivot"
    Params: ClassVar[type] = PivotParams
    source = "Anthropic 23 Feb 2026 (MiniMax operation)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        p: PivotParams = spec.params
        plans = ck.plan_members(ctx, rng, spec, population, self.name, tier="tier4",
                                paths={"direct_api": 0.7, "cloud_marketplace": 0.3}, age_days=(5.0, 60.0),
                                proxy_kind="cloud", own_kind="cloud", ips_per_account=8)
        release = int(ctx.model_release_us[ctx.new_model])
        pivot = release + int(min(23.0, rng.exponential(p.pivot_delay_hours)) * 3600 * US)
        for plan in plans:
            plan.shared = pivot
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: PivotParams = spec.params
        rate = p.requests_per_day * rng.lognormal(0, 0.3) / 86_400
        # many agent loops in parallel: episode starts are a steady stream, steps seconds apart
        starts = timing.renewal(rng, ctx.start_us, ctx.end_us, rate / 3.0, 1.1)
        ts, step, episode = _episodes(rng, ctx, starts, 3.0, 10.0)
        n = ts.shape[0]
        task, resp, rat = rk.draw_tasks(ctx, rng, n, AGENTIC_TOPICS)
        user = rk.wrap(ctx, rng, "agentic_user", task, resp)
        ck.agent_turns(ctx, rng, user, step)
        system = rng.choice(ctx.strings["agentic_system"][[0, 3]], size=int(episode.max()) + 1).astype(np.int32)[
            episode]
        camo = ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        system[camo] = -1
        model = ctx.models_for(rng, ts, reasoning_share=0.9, adoption=0.0)
        moved = (ts >= plan.shared) & (rng.random(n) < p.pivot_share)
        model[moved] = ctx.new_model
        prev = rk.prev_in_groups(episode)  # parallel loops interleave: follow each episode's own chain
        prev[camo] = -1
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat, system=system, prev=prev), model=model,
                            kind="code", ctx_share=0.6, ip=np.asarray(rng.integers(0, len(plan.ips), size=n)))


@dataclass(frozen=True)
class HydraParams:
    """reseller_hydra parameters."""

    requests_per_day: float = 400.0  # per live account
    mean_lifetime_days: float = 3.0  # until banned or exhausted, then replaced at once
    harvest_share: float = 0.6  # the rest is genuine resold user traffic
    base_camouflage: float = 0.05  # extra benign-looking requests on top of the resold traffic


@ARCHETYPES.register
class ResellerHydra(Population):
    """A proxy running many accounts with churn, mixing harvest with genuine resold user traffic.

    ``accounts`` is the number of live slots; each slot's account is replaced by a fresh one when it
    is banned or exhausted, so labels hold more accounts than slots (``replaced_account_id``, ``banned_at``).
    """

    name = "reseller_hydra"
    Params: ClassVar[type] = HydraParams
    source = "Anthropic 23 Feb 2026 (hydra cluster: one proxy, >20,000 accounts)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        p: HydraParams = spec.params
        plans: list[AccountPlan] = []
        # one set of cards and proxy blocks for the whole proxy operation, replacements included
        infra = ck.shared_infra(ctx, rng, spec.accounts, "hosting")
        for slot in range(spec.accounts):
            t = ctx.start_us - int(rng.random() * DAY_US)
            prev: AccountPlan | None = None
            while t < ctx.end_us:
                life = int(rng.exponential(p.mean_lifetime_days) * DAY_US) + 3600 * US
                (plan,) = ck.plan_members(ctx, rng, spec, population, self.name, n=1, tier="tier1",
                                          paths={"direct_api": 0.8, "consumer_app": 0.2}, age_days=(0.0, 0.2),
                                          start_index=len(plans), infra=infra)
                plan.active_from_us = max(t, ctx.start_us)
                plan.created_at_us = min(plan.created_at_us, plan.active_from_us)
                plan.active_to_us = min(t + life, ctx.end_us)
                if t + life < ctx.end_us:
                    plan.banned_at_us = t + life
                if prev is not None:
                    plan.replaced_account_id = prev.account_id
                plan.extra["slot"] = slot
                plans.append(plan)
                prev, t = plan, t + life
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: HydraParams = spec.params
        hourly = timing.hour_weights(ctx.cal.hourly, 8)
        ts = timing.ensure_rows(rng, timing.renewal(rng, plan.active_from_us, plan.active_to_us,
                                                    p.requests_per_day / 86_400, ctx.cal.sample_cv(rng), hourly),
                                plan.active_from_us, plan.active_to_us)
        n = ts.shape[0]
        user, resp, rat = ck.harvest_content(ctx, rng, n, {"print_reasoning": 0.5, "reconstruct": 0.5},
                                             REASONING_TOPICS)
        genuine = np.greater_equal(rng.random(n), p.harvest_share)
        k = int(genuine.sum())
        if k:
            t, r, a = rk.draw_tasks(ctx, rng, k, {"chat_en": 0.4, "chat_zh": 0.3, "arena_coding": 0.15,
                                                  "arena_creative_writing": 0.15})
            user[genuine], resp[genuine], rat[genuine] = rk.wrap(ctx, rng, "plain", t, r), r, a
        ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        model = ctx.models_for(rng, ts, reasoning_share=0.8, adoption=0.5)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat), model=model, ctx_share=0.1)
