"""Benign automated personas: enterprise apps, evaluation runners, CI jobs, aggregators.

These are the hard cases a distillation detector must not block. Enterprise apps repeat one system
prompt and one user template at high steady volume from many cloud egress addresses; evaluation
runners send thousands of step-by-step math and code problems in large bursts (and evaluate a new
model the day it ships); CI jobs run a fixed suite around the clock; aggregators relay many end
users (``end_user`` set) through one account from several servers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from antidistill.lab.simulator import rowkit as rk
from antidistill.lab.simulator import timing
from antidistill.lab.simulator.base import DAY_US, PERSONAS, US, AccountPlan, Population, Rows
from antidistill.lab.simulator.context import SimContext
from antidistill.lab.simulator.infra import Infrastructure


def _plan_org(ctx: SimContext, rng: np.random.Generator, spec: Any, population: int, persona: str, *,
              tiers: dict[str, float], paths: dict[str, float], network: str, ips: tuple[int, int],
              uas: int) -> list[AccountPlan]:
    """Accounts of an organisation kind: cloud egress blocks, one card per org (orgs may own several accounts)."""
    plans = []
    card = ""
    for i in range(spec.accounts):
        if i == 0 or rng.random() > 0.3:  # 30% of accounts belong to the previous account's org
            org_i, card = i, ctx.infra.payment(rng)
        addrs = ctx.infra.addresses_in_prefix(rng, network, int(rng.integers(*ips)))
        if rng.random() < ctx.scenario.infrastructure.shared_egress_share:
            addrs += ctx.egress(rng, 2)
        plan = ctx.new_account(rng, population=population, index=i, persona=persona, org_id=ctx.org(population, org_i),
                               access_path=str(rng.choice(list(paths), p=list(paths.values()))),
                               tier=str(rng.choice(list(tiers), p=list(tiers.values()))), payment=card, ips=addrs,
                               user_agents=ctx.infra.user_agents(rng, uas), age_days=(20.0, 1200.0), keys=2)
        plan.extra["volume"] = float(rng.lognormal(0.0, 0.7))
        plans.append(plan)
    return plans


@dataclass(frozen=True)
class EnterpriseParams:
    """Enterprise application parameters."""

    requests_per_day: float = 3000.0  # median over accounts (lognormal spread)
    business_hours: bool = True  # modulate by the daily rhythm of its own users
    reasoning_share: float = 0.15
    new_model_adoption: float = 0.1
    context_share: float = 0.7


@PERSONAS.register
class EnterpriseApp(Population):
    """An application: one system prompt, one templated user turn, high steady volume behind cloud egress."""

    name = "enterprise"
    Params: ClassVar[type] = EnterpriseParams
    source = "Azure conversation/code traces (lengths), ServeGen high-rate clients (steady CV near 1)"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        plans = _plan_org(ctx, rng, spec, population, self.name, tiers={"tier3": 0.4, "tier4": 0.3, "enterprise": 0.3},
                          paths={"direct_api": 0.6, "cloud_marketplace": 0.4}, network="cloud", ips=(8, 40), uas=1)
        for p in plans:
            p.extra["app"] = int(rng.integers(len(ctx.book("enterprise"))))
            p.extra["tz"] = int(rng.choice([-5, 0, 1, 8, 9]))
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        p: EnterpriseParams = ctx.scenario_params[plan.population]
        hourly = timing.hour_weights(ctx.cal.hourly, plan.extra["tz"]) if p.business_hours else None
        rate = p.requests_per_day * plan.extra["volume"] / 86_400
        ts = timing.ensure_rows(rng, timing.renewal(rng, plan.active_from_us, plan.active_to_us, rate,
                                                    ctx.cal.sample_cv(rng), hourly), ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        app = plan.extra["app"]
        task, resp, rat = rk.draw_tasks(ctx, rng, n, {"chat_en": 0.8, "chat_zh": 0.1, "code_fn": 0.1})
        user = rk.wrap(ctx, rng, "enterprise", task, resp, choice=np.full(n, app))
        c = rk.content(user, resp, rat, system=int(ctx.strings["enterprise_system"][app]))
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=p.new_model_adoption)
        model[:] = model[0]  # an integration is pinned to one model
        return rk.make_rows(ctx, rng, plan, ts, c, model=model, kind="code" if app == 4 else "chat",
                            ctx_share=p.context_share, ua=np.zeros(n), max_tokens=1024,
                            ip=np.asarray(rng.integers(0, len(plan.ips), size=n)))


@dataclass(frozen=True)
class EvalParams:
    """Evaluation-runner parameters."""

    runs_per_week: float = 2.0
    suite_min: int = 250
    suite_max: int = 2500
    concurrency: int = 16
    seconds_per_request: float = 8.0
    evaluate_new_model: float = 0.7  # probability of a full run on a new model within a day of release


@PERSONAS.register
class EvalRunner(Population):
    """Benchmark runners: thousands of math/code problems with step-by-step templates, in large bursts."""

    name = "eval_runner"
    Params: ClassVar[type] = EvalParams
    source = "gsm8k, mgsm, HumanEval and Arena-Hard as the benchmark suites; harness templates written here"
    suites: ClassVar[tuple[str, ...]] = ("math_word", "mgsm_en", "mgsm_zh", "mgsm_ja", "code_fn", "arena_math",
                                         "arena_coding")

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        return _plan_org(ctx, rng, spec, population, self.name, tiers={"tier2": 0.4, "tier3": 0.4, "tier4": 0.2},
                         paths={"direct_api": 0.5, "education": 0.3, "startup": 0.2}, network="cloud", ips=(1, 4),
                         uas=2)

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        p: EvalParams = ctx.scenario_params[plan.population]
        span = plan.active_to_us - plan.active_from_us
        k = max(1, int(rng.poisson(p.runs_per_week * ctx.scenario.days / 7.0)))
        starts = list(plan.active_from_us + (rng.random(k) * span * 0.97).astype(np.int64))
        forced_new = []
        release = int(ctx.model_release_us[ctx.new_model])
        if ctx.start_us < release < ctx.end_us and rng.random() < p.evaluate_new_model:
            starts.append(release + int(rng.random() * DAY_US * 0.8))
            forced_new.append(len(starts) - 1)
        ts_list, task_l, resp_l, rat_l, tmpl_l, model_l = [], [], [], [], [], []
        for r, start in enumerate(starts):
            suite = ctx.corpus.topic(str(rng.choice(self.suites)))
            size = min(len(suite), int(rng.integers(p.suite_min, p.suite_max + 1)))
            ts = timing.bursts(rng, np.array([start]), np.array([size]), p.seconds_per_request, p.concurrency)
            items = np.arange(size) % len(suite)  # the benchmark in its own order, as harnesses run it
            ts_list.append(ts)
            task_l.append(suite.prompts[items])
            resp_l.append(suite.responses[items])
            rat_l.append(suite.rationales[items])
            tmpl = 3 if suite.name == "code_fn" else int(rng.choice([0, 1, 2, 4]))
            tmpl_l.append(np.full(size, tmpl))
            if r in forced_new:
                m = ctx.new_model
            else:
                avail = np.flatnonzero(ctx.model_release_us <= start)
                m = int(rng.choice(avail))
            model_l.append(np.full(size, m, np.int16))
        ts = np.concatenate(ts_list)
        order = np.argsort(ts, kind="stable")
        keep = order[(ts[order] >= plan.active_from_us) & (ts[order] < ctx.end_us)]
        if keep.size == 0:
            keep = order[:1]
        ts = ts[keep]
        task, resp, rat = (np.concatenate(x)[keep] for x in (task_l, resp_l, rat_l))
        user = rk.wrap(ctx, rng, "eval", task, resp, choice=np.concatenate(tmpl_l)[keep])
        c = rk.content(user, resp, rat)
        return rk.make_rows(ctx, rng, plan, ts, c, model=np.concatenate(model_l)[keep], max_tokens=4096,
                            ua=np.zeros(ts.shape[0]))


@dataclass(frozen=True)
class CIParams:
    """CI/regression-job parameters."""

    period_hours_min: float = 0.5
    period_hours_max: float = 6.0
    suite_min: int = 10
    suite_max: int = 120
    spacing_s: float = 2.0  # sequential requests within a run


@PERSONAS.register
class CIJob(Population):
    """A fixed regression suite sent on a regular cadence, around the clock, from CI runners."""

    name = "ci"
    Params: ClassVar[type] = CIParams
    source = "behaviour of scheduled regression suites; prompts from self-instruct, gsm8k and HumanEval"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        p: CIParams = spec.params
        plans = _plan_org(ctx, rng, spec, population, self.name, tiers={"tier1": 0.5, "tier2": 0.5},
                          paths={"direct_api": 0.9, "startup": 0.1}, network="cloud", ips=(20, 60), uas=1)
        for plan in plans:
            size = int(rng.integers(p.suite_min, p.suite_max + 1))
            task, resp, rat = rk.draw_tasks(ctx, rng, size, {"chat_en": 0.5, "math_word": 0.25, "code_fn": 0.25})
            plan.extra.update(suite=(task, resp, rat), period_s=float(rng.uniform(p.period_hours_min,
                                                                                  p.period_hours_max)) * 3600,
                              system=int(rng.choice(ctx.strings["ci_system"])))
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        p: CIParams = ctx.scenario_params[plan.population]
        task, resp, rat = plan.extra["suite"]
        period = plan.extra["period_s"]
        runs = np.arange(plan.active_from_us + rng.random() * period * US, plan.active_to_us, period * US)
        runs = (runs + rng.normal(0, 20, size=runs.shape[0]) * US).astype(np.int64)  # scheduler jitter
        size = task.shape[0]
        ts = (np.repeat(runs, size) + (np.tile(np.arange(size), runs.shape[0]) * p.spacing_s * US)
              + (rng.random(runs.shape[0] * size) * 0.5 * US).astype(np.int64))
        ts = timing.ensure_rows(rng, np.sort(ts[ts < plan.active_to_us]), plan.active_from_us, plan.active_to_us)
        n = ts.shape[0]
        idx = np.arange(n) % size
        c = rk.content(rk.wrap(ctx, rng, "plain", task[idx], resp[idx]), resp[idx], rat[idx],
                       system=plan.extra["system"])
        model = np.full(n, int(np.flatnonzero(ctx.model_release_us <= ctx.start_us)[0]), np.int16)
        run_of = np.searchsorted(runs, ts, side="right") - 1
        return rk.make_rows(ctx, rng, plan, ts, c, model=model, max_tokens=256, ua=np.zeros(n),
                            ip=(run_of * 7919 % len(plan.ips)))


@dataclass(frozen=True)
class AggregatorParams:
    """Aggregator/router parameters."""

    requests_per_day: float = 8000.0
    end_users: int = 3000
    reasoning_share: float = 0.35
    new_model_adoption: float = 0.4
    context_share: float = 0.5


@PERSONAS.register
class Aggregator(Population):
    """A router or app relaying many end users through one account; ``end_user`` is set on every request."""

    name = "aggregator"
    Params: ClassVar[type] = AggregatorParams
    source = "OpenAI `user` / LiteLLM `end_user` pass-through; ServeGen high-rate client rhythm"

    def plan(self, ctx: SimContext, spec: Any, population: int, rng: np.random.Generator) -> list[AccountPlan]:
        plans = _plan_org(ctx, rng, spec, population, self.name, tiers={"tier4": 0.6, "enterprise": 0.4},
                          paths={"direct_api": 0.6, "reseller": 0.2, "cloud_marketplace": 0.2}, network="cloud",
                          ips=(4, 24), uas=3)
        for p in plans:
            p.ips += [Infrastructure.address(rng, "hosting")[0] for _ in range(4)]
            p.asns += [Infrastructure.address(rng, "hosting")[1] for _ in range(4)]
        return plans

    def generate(self, ctx: SimContext, plan: AccountPlan, rng: np.random.Generator) -> Rows:
        p: AggregatorParams = ctx.scenario_params[plan.population]
        hourly = timing.hour_weights(ctx.cal.hourly, int(rng.choice([-5, 1, 8])))
        rate = p.requests_per_day * plan.extra["volume"] / 86_400
        ts = timing.ensure_rows(rng, timing.renewal(rng, plan.active_from_us, plan.active_to_us, rate,
                                                    ctx.cal.sample_cv(rng), hourly), ctx.start_us, ctx.end_us)
        n = ts.shape[0]
        w = 1.0 / np.arange(1, p.end_users + 1) ** 1.1
        end_user = np.asarray(rng.choice(p.end_users, size=n, p=w / w.sum()))
        topics = {"chat_en": 0.45, "chat_zh": 0.15, "arena_coding": 0.1, "arena_creative_writing": 0.1,
                  "math_word": 0.08, "mgsm_es": 0.04, "mgsm_ru": 0.04, "mgsm_ja": 0.04}
        task, resp, rat = rk.draw_tasks(ctx, rng, n, topics)
        book = np.where(rng.random(n) < 0.05, 1, 0)  # some end users ask the model to explain itself
        user = np.where(book[:, None] == 1, rk.wrap(ctx, rng, "researcher", task, resp),
                        rk.wrap(ctx, rng, "plain", task, resp))
        systems = np.concatenate([ctx.strings["aggregator_system"], ctx.strings["chat_system"][:2]])
        c = rk.content(user, resp, rat, system=int(rng.choice(systems)))
        model = ctx.models_for(rng, ts, reasoning_share=p.reasoning_share, adoption=p.new_model_adoption)
        return rk.make_rows(ctx, rng, plan, ts, c, model=model, ctx_share=p.context_share, end_user=end_user)
