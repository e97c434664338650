"""Stealthy campaign archetypes: reasoning-trace coercion, low-and-slow, evasive.

``reasoning_coercion`` follows Google GTIG (12 Feb 2026): >100,000 prompts in many languages insisting
that the thinking be in the user's language. ``low_and_slow`` and ``evasive`` follow the indicators in
the US joint advisory on adversarial distillation (Sep 2026) and OpenAI's 2026 reporting: staying
under every rate limit for weeks; paraphrased prompts, human-like timing, disjoint infrastructure and
benign camouflage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from antidistill.lab.simulator import campaign_kit as ck
from antidistill.lab.simulator import rowkit as rk
from antidistill.lab.simulator import timing
from antidistill.lab.simulator.base import ARCHETYPES, US, AccountPlan, Population, Rows
from antidistill.lab.simulator.context import SimContext
from antidistill.lab.simulator.corpus import MGSM_LANGS
from antidistill.lab.simulator.infra import TIERS
from antidistill.lab.simulator.personas_human import TIMEZONES

STEALTH_TOPICS = {"math_word": 0.3, "arena_math": 0.15, "code_fn": 0.15, "arena_coding": 0.2, "chat_en": 0.2}


@dataclass(frozen=True)
class CoercionParams:
    """reasoning_coercion parameters."""

    requests_per_day: float = 600.0  # per member
    languages_per_account: int = 5
    base_camouflage: float = 0.05


@ARCHETYPES.register
class ReasoningCoercion(Population):
    """Many languages; instructions that the thinking be in the user's language and printed in full."""

    name = "reasoning_coercion"
    Params: ClassVar[type] = CoercionParams
    source = "Google GTIG, 12 Feb 2026 (reasoning trace coercion)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        return ck.plan_members(ctx, rng, spec, population, self.name, tier="tier2",
                               paths={"direct_api": 0.7, "cloud_marketplace": 0.3}, age_days=(1.0, 40.0))

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: CoercionParams = spec.params
        rate = p.requests_per_day * rng.lognormal(0, 0.3) / 86_400
        ts = timing.ensure_rows(rng, timing.renewal(rng, ctx.start_us, ctx.end_us, rate, ctx.cal.sample_cv(rng)),
                                ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        langs = rng.choice(MGSM_LANGS, size=min(p.languages_per_account, len(MGSM_LANGS)), replace=False)
        lang = rng.choice(langs, size=n)
        book = ctx.book("coercion")
        book_lang = np.array(book.language)
        user = np.zeros((n, 4), np.int32)
        resp = np.zeros(n, np.int32)
        rat = np.zeros(n, np.int32)
        for code in langs:
            sel = np.flatnonzero(lang == code)
            if sel.size == 0:
                continue
            t, r, a = rk.draw_tasks(ctx, rng, sel.size, {f"mgsm_{code}": 1.0})
            own = np.flatnonzero(book_lang == code)
            choice = rng.choice(own if own.size else np.flatnonzero(book_lang == "en"), size=sel.size)
            generic = rng.random(sel.size) < 0.25  # sometimes the English instruction or a print-all request
            choice[generic] = rng.choice(np.flatnonzero(book_lang == "en"), size=int(generic.sum()))
            user[sel] = book.parts(choice, t, r)
            resp[sel], rat[sel] = r, a
        pr = np.less(rng.random(n), 0.15)
        if pr.any():
            user[pr] = rk.wrap(ctx, rng, "print_reasoning", user[pr, 1], resp[pr])
        ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        model = ctx.models_for(rng, ts, reasoning_share=1.0, adoption=0.4)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat), model=model, output_scale=1.4)


@dataclass(frozen=True)
class LowSlowParams:
    """low_and_slow parameters."""

    limit_fraction: float = 0.5  # daily volume as a fraction of the tier's daily limit, at most
    requests_per_day: float = 60.0  # per member, before the cap
    base_camouflage: float = 0.15
    reasoning_share: float = 0.8


@ARCHETYPES.register
class LowAndSlow(Population):
    """Many accounts, each far below any plausible rate limit, harvesting steadily over weeks."""

    name = "low_and_slow"
    Params: ClassVar[type] = LowSlowParams
    source = "US joint advisory on adversarial distillation, Sep 2026 (indicators); Anthropic 23 Feb 2026"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        plans = ck.plan_members(ctx, rng, spec, population, self.name, tier="tier1",
                                paths={"direct_api": 0.6, "consumer_app": 0.2, "startup": 0.2},
                                age_days=(10.0, 300.0))
        for plan in plans:
            plan.extra["tz"] = int(rng.choice(TIMEZONES))
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: LowSlowParams = spec.params
        tier = TIERS[plan.tier]
        per_day = min(p.requests_per_day * rng.lognormal(0, 0.3), p.limit_fraction * tier.rpd)
        hourly = timing.hour_weights(ctx.cal.hourly, plan.extra["tz"], 2.0)
        ts = timing.renewal(rng, ctx.start_us, ctx.end_us, per_day / 86_400, 1.0, hourly)
        # at most one request every 20 s: never near the per-minute limit
        ts = ts[np.concatenate([[True], np.diff(ts) > 20 * US])] if ts.size else ts
        ts = timing.ensure_rows(rng, ts, ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        user, resp, rat = ck.harvest_content(ctx, rng, n, {"reconstruct": 0.5, "print_reasoning": 0.5},
                                             STEALTH_TOPICS)
        ck.mix_camouflage(ctx, rng, user, resp, rat, ck.camouflage_share(spec, p.base_camouflage))
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=0.3)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat), model=model)


@dataclass(frozen=True)
class EvasiveParams:
    """evasive parameters."""

    sessions_per_day: float = 2.0
    requests_per_session: float = 8.0
    think_time_s: float = 60.0
    base_camouflage: float = 0.3
    reasoning_share: float = 0.7


@ARCHETYPES.register
class Evasive(Population):
    """Paraphrased prompts (no exact duplicates), human-like timing, disjoint infrastructure, camouflage.

    Paraphrases are drawn campaign-wide without replacement from opener x ask x task x closer, so no
    two requests of the campaign carry the same prompt; each member has its own cards and addresses.
    """

    name = "evasive"
    Params: ClassVar[type] = EvasiveParams
    source = "US joint advisory on adversarial distillation, Sep 2026; OpenAI 2026 (evasion tactics)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        # Disjoint infrastructure is this archetype's defining property, whatever the shared fraction says.
        plans = ck.plan_members(ctx, rng, spec, population, self.name, tier="tier1",
                                paths={"direct_api": 0.5, "consumer_app": 0.3, "startup": 0.2},
                                age_days=(60.0, 700.0), ips_per_account=2)
        seen_ips: set[str] = set()
        # Disjoint task slices per member: with paraphrase draws without replacement inside a member,
        # no two requests of the campaign can carry the same prompt text.
        prompts, resp, rat = [], [], []
        for name in sorted({*STEALTH_TOPICS, *ck.CAMOUFLAGE_TOPICS}):
            t = ctx.corpus.topic(name)
            prompts.append(t.prompts)
            resp.append(t.responses)
            rat.append(t.rationales)
        allp = np.concatenate(prompts)
        _, first = np.unique(allp, return_index=True)
        universe = (allp[first], np.concatenate(resp)[first], np.concatenate(rat)[first])
        slices = np.array_split(rng.permutation(first.shape[0]), max(1, len(plans)))
        for plan, own in zip(plans, slices, strict=False):
            plan.payment_fingerprint = ctx.infra.payment(rng)
            plan.ips = [ip if ip not in seen_ips else f"{ip.rsplit('.', 1)[0]}.{(j * 53 + 7) % 254 + 1}"
                        for j, ip in enumerate(plan.ips)]
            seen_ips.update(plan.ips)
            plan.extra["tz"] = int(rng.choice(TIMEZONES))
            plan.extra["tasks"] = own
            plan.shared = universe
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        spec = ctx.specs[plan.population]
        p: EvasiveParams = spec.params
        ts = timing.sessions(rng, ctx.start_us, ctx.end_us, per_day=p.sessions_per_day, active_day_p=0.8,
                             hourly=timing.hour_weights(ctx.cal.hourly, plan.extra["tz"], 3.0),
                             mean_requests=p.requests_per_session, think_s=p.think_time_s,
                             cv=ctx.cal.sample_cv(rng))
        ts = timing.ensure_rows(rng, ts, ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        s = ctx.strings
        n_open, n_ask, n_close = len(s["ev_open"]), len(s["ev_ask"]), len(s["ev_close"])
        own = plan.extra["tasks"]
        camo = rng.random(n) < ck.camouflage_share(spec, p.base_camouflage)
        user = np.zeros((n, 4), np.int32)
        task = np.zeros(n, np.int64)
        keep = np.ones(n, bool)
        for is_camo, asks in ((False, n_ask), (True, 1)):
            sel = np.flatnonzero(camo == is_camo)
            space = n_open * asks * n_close * max(1, own.shape[0])
            if sel.size > space:  # a member never repeats itself: drop what would repeat
                keep[sel[space:]] = False
                sel = sel[:space]
            combo = rng.choice(space, size=sel.size, replace=False)
            o, rest = combo % n_open, combo // n_open
            a, rest = rest % asks, rest // asks
            c, t = rest % n_close, rest // n_close
            task[sel] = own[t] if own.shape[0] else 0
            ask = np.zeros(sel.size, np.int32) if is_camo else s["ev_ask"][a]
            user[sel] = np.stack([s["ev_open"][o], ask, np.zeros(sel.size, np.int32), s["ev_close"][c]], axis=1)
        prompts, resp_all, rat_all = plan.shared
        user[:, 2] = prompts[task]
        resp, rat = resp_all[task].copy(), rat_all[task].copy()
        ts, user, resp, rat = ts[keep], user[keep], resp[keep], rat[keep]
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=0.3)
        return rk.make_rows(ctx, rng, plan, ts, rk.content(user, resp, rat), model=model, ctx_share=0.1)
