"""Campaigns built from behaviour described in public reports (see /work/shared/REFERENCES.md)."""

from __future__ import annotations

import random

import numpy as np

from . import agents, harvest, infra, textgen, timing, wrappers
from .actors import Actor, Context, register
from .calls import Call, Reply, make_call, system, user
from .world import DAY, HOUR, RELEASE_TS, WEEK_END, WEEK_START, Account, Egress


def _early_probe(acct: Account, rnd: random.Random, at: float, n: int) -> list[Call]:
    """Requests for a model that is not live yet (404), as eager harvesters send."""
    out = []
    for k in range(n):
        call = make_call(acct, at + k * rnd.uniform(5, 60), "nimbus-3-pro", [user("test")], Reply(None), rnd)
        call.status, call.error = 404, "model_not_found"
        out.append(call)
    return out


@register
class HydraCot(Actor):
    name = "hydra_cot_cluster"
    label = "campaign"
    campaign_id = "C01"
    summary = ("Hydra cluster: dozens of accounts on one proxy pool and client, shift-synchronised, eliciting "
               "written-out chain of thought (and reasoning reconstruction) on valuable tasks; ten accounts are "
               "banned on Thursday and replaced within hours; shifts part of its load to the new model.")
    initial = 26
    replacements = 10

    def build(self, ctx: Context) -> list[Call]:
        rnd0, rng0 = ctx.rnd(self.name), ctx.rng(self.name)
        pool: list[Egress] = []
        for prov, country in (("digitalocean", "SG"), ("ovh", "DE"), ("hetzner", "DE"), ("vultr", "US")):
            pool += infra.cloud(ctx.ids, rnd0, prov, country, 8)
        ua = "OpenAI/Python 1.51.0"
        ban_ts = WEEK_START + 3 * DAY + 10.5 * HOUR
        banned = set(rnd0.sample(range(self.initial), self.replacements))
        # One controller, three eight-hour shifts; waves every few minutes within a shift.
        waves = timing.lockstep(rng0, 4000, WEEK_START, WEEK_END, period=210.0)
        out: list[Call] = []
        members: list[tuple[Account, int, float, float]] = []
        for i in range(self.initial + self.replacements):
            rnd = ctx.rnd(self.name, i)
            shift = i % 3
            if i < self.initial:
                start, end = WEEK_START + rnd.uniform(0, 1.2) * DAY, ban_ts if i in banned else WEEK_END
            else:
                start, end = ban_ts + rnd.uniform(2, 9) * HOUR, WEEK_END
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id,
                                   egress=rnd.sample(pool[:24] if i < self.initial else pool[8:], 3),
                                   user_agents=[ua], tz=8.0, key_names=["default", "Secret key", "key1"])
            members.append((acct, shift, start, end))
            if i in (3, 17):
                out += _early_probe(acct, rnd, RELEASE_TS - rnd.uniform(10, 30) * 60, 3)
        for idx, (acct, shift, start, end) in enumerate(members):
            rnd = ctx.rnd(self.name, "traffic", idx)
            switch = RELEASE_TS + rnd.uniform(3, 22) * HOUR
            plain = rnd.uniform(0.1, 0.75)  # share of camouflage requests differs per account
            hours = ((waves - WEEK_START) % DAY) / HOUR
            mine = waves[(hours >= shift * 8) & (hours < shift * 8 + 8) & (waves >= start) & (waves < end)]
            for w in mine:
                if rnd.random() > 0.36:
                    continue
                ts = float(w) + rnd.uniform(0, 4.0)
                if rnd.random() < plain:
                    item = harvest.payload(ctx.corpus, rnd)
                    msgs, rep = [user(item.text)], Reply(textgen.answer(item, rnd, rnd.randint(150, 500)))
                else:
                    item = harvest.payload(ctx.corpus, rnd)
                    msgs, _ = harvest.elicit_messages(item, rnd)
                    rep = harvest.elicited_reply(item, rnd, "zh" if item.lang == "zh" else "en")
                model = "nimbus-3-pro" if ts > switch and rnd.random() < 0.45 else rnd.choice(
                    ["nimbus-2-pro", "nimbus-2-pro", "nimbus-2-think"])
                if model != "nimbus-2-pro":
                    rep.reasoning = textgen.reasoning(item, rnd, "en", rnd.randint(300, 1200))
                out.append(make_call(acct, ts, model, msgs, rep, rnd, temperature=rnd.choice([0.6, 0.7]),
                                     max_tokens=rnd.choice([8192, 8192, 4096])))
            if end == ban_ts:  # the controller keeps retrying for a while after the ban
                t = ban_ts + rnd.uniform(0, 120)
                while t < ban_ts + rnd.uniform(8, 35) * 60:
                    item = harvest.payload(ctx.corpus, rnd)
                    call = make_call(acct, t, "nimbus-2-pro", harvest.elicit_messages(item, rnd)[0], Reply(None),
                                     rnd, temperature=0.7, max_tokens=8192)
                    call.status, call.error = 403, "account_suspended"
                    out.append(call)
                    t += rnd.uniform(20, 90)
        return out


@register
class RubricRewardModel(Actor):
    name = "rubric_reward_model"
    label = "campaign"
    campaign_id = "C02"
    summary = ("Uses the model as a reward model: rubric scoring and pairwise preference over generic training "
               "prompts and student-model answers, plus 'censorship-safe' rewrites.")
    count = 10

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        rnd0 = ctx.rnd(self.name)
        clusters = [infra.cloud(ctx.ids, rnd0, "alibaba", "SG", 2), infra.cloud(ctx.ids, rnd0, "tencent", "SG", 2)]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id, tz=8.0,
                                   egress=clusters[i % 2], user_agents=["python-requests/2.32.3"])
            grade = rnd.uniform(0.45, 0.85)
            for ts in timing.diurnal(rng, rnd.randint(200, 300), 8.0, timing.WORKDAY + 4, 0.8):
                item = rnd.choice(c.gsm8k + c.arena_en + c.belle + c.seed_tasks + c.user_tasks)
                r = rnd.random()
                if r < grade:
                    k = rnd.choices([0, 1, 2], [3, 2, 2])[0]
                    tpl = wrappers.RUBRIC_RM[k]
                    prompt = tpl.format(q=item.text, a=harvest.candidate(item, rnd), b=harvest.candidate(item, rnd))
                    msgs, rep = [user(prompt)], harvest.grade_reply(rnd, k == 1, item)
                elif r < grade + 0.15:
                    it = rnd.choice(c.belle)
                    prompt = rnd.choice(wrappers.CENSOR_SAFE).format(q=it.text, a=it.answer[:1200] or it.text)
                    msgs, rep = [user(prompt)], Reply(textgen.zh_answer(it, rnd, 250))
                else:
                    msgs, rep = [user(item.text)], Reply(textgen.answer(item, rnd, 250))
                out.append(make_call(acct, float(ts), rnd.choice(["nimbus-2-pro", "nimbus-2-think"]), msgs, rep, rnd,
                                     temperature=0, max_tokens=2048))
        return out


@register
class ReasoningLanguageCoercion(Actor):
    name = "reasoning_language_coercion"
    label = "campaign"
    campaign_id = "C03"
    summary = ("GTIG-style reasoning-trace coercion: multilingual prompts with an instruction that the thinking "
               "must be in the user's language, on reasoning models, from scattered residential networks.")
    count = 12

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        langs = ["zh", "ja", "ru", "th", "bn", "sw", "te", "de", "fr", "es"]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["CN", "RU", "TH", "VN", "IN", "KE", "BR"])
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id,
                                   tz=infra.TZ[country], egress=infra.residential(ctx.ids, rnd, country, 2),
                                   user_agents=[rnd.choice(infra.SDK_UAS)])
            start = WEEK_START + rnd.uniform(0, 2) * DAY
            n = rnd.randint(150, 260)
            plain = rnd.uniform(0.1, 0.6)
            hours = np.zeros(24)
            hours[2:14] = 1.0  # one operator's working window, 02-14 UTC
            for ts in timing.diurnal(rng, n, 0.0, hours, 1.0, start=start):
                ts = float(ts)
                lang = rnd.choice(langs)
                if lang == "zh" and rnd.random() < 0.5:
                    item = rnd.choice(c.belle)
                elif lang in ("ru", "ja") and rnd.random() < 0.4:
                    item = rnd.choice([it for it in c.arena_multi if it.lang == lang] or c.arena_multi)
                else:
                    item = c.mgsm[lang][rnd.randrange(250)]
                model = "nimbus-3-pro" if ts > RELEASE_TS + 12 * HOUR and rnd.random() < 0.5 else "nimbus-2-think"
                rep = Reply(textgen.final_line(item, lang) if item.task == "math" else textgen.answer(item, rnd, 250),
                            reasoning=textgen.reasoning(item, rnd, lang, rnd.randint(400, 1400)))
                if rnd.random() < plain:
                    msgs = [user(item.text)]
                else:
                    phrase = (wrappers.LANG_COERCE_LOCAL.get(lang) if rnd.random() < 0.35 else None) or \
                        rnd.choice(wrappers.LANG_COERCE)
                    if rnd.random() < 0.5:
                        msgs = [system(phrase), user(item.text)]
                    else:
                        msgs = [user(f"{item.text}\n\n{phrase}")]
                out.append(make_call(acct, ts, model, msgs, rep, rnd, reasoning_effort="high",
                                     max_tokens=rnd.choice([16000, 8192])))
        return out


@register
class AgenticCodingHarvest(Actor):
    name = "agentic_coding_harvest"
    label = "campaign"
    campaign_id = "C04"
    summary = ("MiniMax-style agentic-coding harvest: a dozen accounts driven by one scheduler around the clock, "
               "tool-using coding sessions, half the load moved to the new model within a day of release.")
    count = 12

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        rnd0, rng0 = ctx.rnd(self.name), ctx.rng(self.name)
        pool = infra.cloud(ctx.ids, rnd0, "hetzner", "DE", 8) + infra.cloud(ctx.ids, rnd0, "ovh", "FR", 6)
        waves = timing.lockstep(rng0, 1200, WEEK_START + 0.4 * DAY, WEEK_END, period=600.0)
        switch = RELEASE_TS + rnd0.uniform(4, 20) * HOUR
        out: list[Call] = []
        for i in range(self.count):
            rnd = ctx.rnd(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id, tz=8.0,
                                   egress=[pool[i % len(pool)], rnd.choice(pool)],
                                   user_agents=["AsyncOpenAI/Python 1.54.4"], key_names=["agent", "runner"])
            if i == 0:
                out += _early_probe(acct, rnd, RELEASE_TS - 900, 4)
            for w in waves:
                if rnd.random() > 0.13:
                    continue
                ts = float(w) + rnd.uniform(0, 6)
                item = rnd.choice(c.humaneval + c.arena_code)
                new = ts > switch and rnd.random() < 0.55
                model = "nimbus-3-pro" if new else rnd.choice(["nimbus-2-pro", "nimbus-2-pro", "nimbus-2-think"])
                out += agents.coding_session(acct, rnd, ts, item, model, steps=rnd.randint(3, 7),
                                             session_name="swe-task", temperature=None,
                                             reasoning_effort="high" if model != "nimbus-2-pro" else None)
        return out


@register
class SingleTemplateMath(Actor):
    name = "single_template_math"
    label = "campaign"
    campaign_id = "C05"
    summary = ("Concentration on one capability with one template: step-by-step boxed math over GSM8K and "
               "number-perturbed variants, flat round-the-clock rate, split over a few accounts.")
    count = 6

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="campaign", campaign_id=self.campaign_id, tz=-5.0,
                                   egress=infra.cloud(ctx.ids, rnd, "aws", "US", 1),
                                   user_agents=["OpenAI/Python 1.59.7"])
            start = WEEK_START + rnd.uniform(0, 1.5) * DAY
            for ts in timing.poisson_stream(rng, rnd.uniform(430, 560) / (WEEK_END - start), start, WEEK_END):
                item = rnd.choice(c.gsm8k)
                q = textgen.perturb_numbers(item.text, rnd) if rnd.random() < 0.4 else item.text
                rep = Reply(textgen.math_answer(item, rnd, "boxed"),
                            reasoning=textgen.reasoning(item, rnd, "en", rnd.randint(300, 900)))
                out.append(make_call(acct, float(ts), "nimbus-2-think", [user(wrappers.SINGLE_TEMPLATE.format(q=q))],
                                     rep, rnd, temperature=0.7, max_tokens=4096))
        return out
