"""Benign personas that are people: developers, students, a classroom, researchers, trial sign-ups."""

from __future__ import annotations

import math
import random

from . import infra, textgen, timing, wrappers
from .actors import Actor, Context, conversation, pick, register
from .calls import Call, Reply, make_call, user
from .corpus import Corpus, Item
from .world import DAY, HOUR, RELEASE_TS, WEEK_START

FOLLOWUPS = [
    "can you make it shorter?", "thanks! now add error handling", "what about edge cases?", "why?",
    "explain that like I'm new to this", "rewrite it in TypeScript", "give me an example", "ok and how do I test it?",
    "that didn't work, I get a KeyError", "nice. is there a more efficient way?", "can you add comments",
]


def _model(rnd: random.Random, ts: float, adopt_at: float | None, base: list[tuple[str, float]]) -> str:
    if adopt_at is not None and ts >= adopt_at and rnd.random() < 0.6:
        return "nimbus-3-pro"
    return str(pick(rnd, base))


def personal_item(c: Corpus, rnd: random.Random, country: str, coder: float) -> tuple[Item, str]:
    """A prompt a person might type, with its dataset item (for the reply)."""
    r = rnd.random()
    if country in ("CN",) and rnd.random() < 0.6:
        it = rnd.choice(c.belle)
        return it, it.text
    if country in ("RU", "JP", "KR") and rnd.random() < 0.35 and c.arena_multi:
        pool = [i for i in c.arena_multi if i.lang == {"RU": "ru", "JP": "ja", "KR": "ko"}[country]] or c.arena_multi
        it = rnd.choice(pool)
        return it, it.text
    if r < coder * 0.5:
        it = rnd.choice(c.humaneval)
        ask = rnd.choice(["Complete this function:", "Why would this fail on empty input?", "Implement this:",
                          "write this function for me", "Can you finish this and add tests?"])
        return it, f"{ask}\n\n```python\n{it.text}```"
    if r < coder:
        it = rnd.choice(c.arena_code)
        return it, it.text
    it = rnd.choice(c.general_en() + c.arena_creative)
    return it, wrappers.lowercase_typos(it.text, rnd) if rnd.random() < 0.3 else it.text


@register
class IndividualDeveloper(Actor):
    name = "individual_developer"
    label = "benign"
    summary = "Hobbyists and engineers: coding and general questions in short chats, local daytime or evenings."
    count = 150

    def build(self, ctx: Context) -> list[Call]:
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = infra.pick_country(rnd)
            egress = infra.residential(ctx.ids, rnd, country, rnd.randint(1, 3))
            if rnd.random() < 0.2:
                egress += infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "gcp", "digitalocean", "hetzner"]), country, 1)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", egress=egress, tz=infra.TZ[country],
                                   user_agents=[infra.sdk_ua(rnd, 0.35)] * 3 + [infra.sdk_ua(rnd)],
                                   plan=rnd.choice(["free", "pay-as-you-go", "pay-as-you-go"]),
                                   n_keys=rnd.choice([1, 1, 1, 2]))
            n_calls = int(min(320, max(3, rnd.lognormvariate(3.2, 0.9))))
            coder = rnd.uniform(0.2, 0.8)
            stream = rnd.random() < 0.5
            fixed_max = rnd.choice([None, 1024, 2048, 4096, 4096, 8192]) if rnd.random() < 0.4 else 0
            base = [("nimbus-2-flash", rnd.uniform(1, 5)), ("nimbus-2-pro", rnd.uniform(1, 4)),
                    ("nimbus-2-think", rnd.uniform(0, 1.5)), ("nimbus-pro-latest", rnd.uniform(0, 1.5))]
            adopt = RELEASE_TS + rnd.uniform(0.2, 2.5) * DAY if rnd.random() < 0.3 else None
            weights = timing.HOBBY if rnd.random() < 0.5 else timing.WORKDAY
            n_sessions = max(1, int(n_calls / 1.8))
            for start in timing.diurnal(rng, n_sessions, acct.tz, weights, rnd.uniform(0.3, 0.9)):
                item, text = personal_item(ctx.corpus, rnd, country, coder)
                turns = [(text, Reply(textgen.answer(item, rnd, rnd.randint(120, 500))))]
                for _ in range(int(rnd.random() < 0.45) + int(rnd.random() < 0.2)):
                    fu = rnd.choice(FOLLOWUPS)
                    turns.append((fu, Reply(textgen.generic_answer(item.text + " " + fu, rnd, rnd.randint(60, 300)))))
                model = _model(rnd, float(start), adopt, base)
                effort = rnd.choice(["low", "medium", "high"]) if model in (
                    "nimbus-2-think", "nimbus-3-pro") and rnd.random() < 0.5 else None
                out += conversation(acct, rnd, float(start), turns, model, stream=stream or None,
                                    temperature=rnd.choice([None, None, 0.7, 0.2, 1.0]),
                                    max_tokens=fixed_max if fixed_max != 0 else rnd.choice(
                                        [None, None, 1024, 2048, 4096, 8192]),
                                    reasoning_effort=effort)
        return out


@register
class Student(Actor):
    name = "student"
    label = "benign"
    summary = "Students: homework math in their own language, essays; often ask to 'explain step by step'."
    count = 55

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        lang_of = {"DE": "de", "FR": "fr", "ES": "es", "RU": "ru", "CN": "zh", "JP": "ja", "TH": "th", "KE": "sw",
                   "IN": "en", "BR": "es"}
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = infra.pick_country(rnd)
            lang = lang_of.get(country, "en")
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], plan="free",
                                   egress=infra.residential(ctx.ids, rnd, country, rnd.randint(1, 2)),
                                   user_agents=[infra.sdk_ua(rnd, 0.2)])
            n = int(min(90, max(4, rnd.lognormvariate(2.8, 0.7))))
            for start in timing.diurnal(rng, max(1, n // 2), acct.tz, timing.EVENING, 0.9):
                if rnd.random() < 0.65:
                    item = rnd.choice(c.mgsm[lang][:250] if lang != "en" else c.gsm8k)
                    ask = item.text
                    if rnd.random() < 0.45:
                        ask += " " + rnd.choice(["explain step by step", "Explain each step please.",
                                                 "show your working", "can you explain how to solve it step by step?"])
                    rep = Reply(textgen.math_answer(item, rnd))
                else:
                    item = rnd.choice(c.seed_tasks + c.arena_creative + (c.belle if lang == "zh" else []))
                    ask, rep = item.text, Reply(textgen.answer(item, rnd, rnd.randint(200, 600)))
                turns = [(ask, rep)]
                if rnd.random() < 0.4:
                    turns.append(("why?" if rnd.random() < 0.5 else "thx, and the next one?",
                                  Reply(textgen.generic_answer(ask, rnd, 120))))
                out += conversation(acct, rnd, float(start), turns, "nimbus-2-flash" if rnd.random() < 0.8
                                    else "nimbus-2-pro", stream=True if rnd.random() < 0.6 else None)
        return out


@register
class ClassroomCohort(Actor):
    name = "classroom_cohort"
    label = "benign"
    summary = ("One university class: accounts created together, shared campus NAT, identical assignment "
               "prompt asking for step-by-step reasoning, synchronised lab sessions (looks like a hydra).")
    count = 22

    def build(self, ctx: Context) -> list[Call]:
        rnd0 = ctx.rnd(self.name)
        c = ctx.corpus
        nat = infra.campus(ctx.ids, "GB", 3)
        ua = "OpenAI/Python 1.59.7"
        assignment = rnd0.sample(c.gsm8k, 14)
        template = ("Solve the following problem. Explain your reasoning step by step and state the final answer "
                    "clearly.\n\n{q}")
        # Lab sessions: Tuesday and Thursday 14:00-15:30 London time (UTC+0 in March).
        labs = [WEEK_START + d * DAY + 14 * HOUR for d in (1, 3)]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", egress=nat, user_agents=[ua], tz=0.0,
                                   plan="free", key_names=["default"])
            times = [lab + rnd.uniform(0, 1.5 * HOUR) for lab in labs for _ in range(rnd.randint(5, 12))]
            times += list(timing.diurnal(rng, rnd.randint(2, 14), 0.0, timing.EVENING, 1.0))
            for ts in sorted(times):
                if rnd.random() < 0.75:
                    item = rnd.choice(assignment)
                    text = template.format(q=item.text) if rnd.random() < 0.7 else item.text + " explain pls"
                    rep = Reply(textgen.math_answer(item, rnd))
                else:
                    item = rnd.choice(c.seed_tasks)
                    text, rep = item.text, Reply(textgen.answer(item, rnd, 200))
                out.append(make_call(acct, ts, "nimbus-2-flash", [user(text)], rep, rnd,
                                     temperature=0.7 if rnd.random() < 0.3 else None))
        return out


@register
class Researcher(Actor):
    name = "ml_researcher"
    label = "benign"
    summary = ("Academic users: zero-shot CoT prompting on GSM8K/MGSM, multilingual 'reason in the question's "
               "language' studies, logprob calibration runs; bursty experiment scripts.")
    count = 14

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["US", "GB", "DE", "FR", "CN", "JP"])
            multilingual, calib, explain = i % 5 == 1, i % 7 == 3, i % 4 == 2
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country],
                                   egress=infra.campus(ctx.ids, country, 1) + infra.residential(ctx.ids, rnd,
                                                                                               country, 1),
                                   user_agents=["AsyncOpenAI/Python 1.59.7", "OpenAI/Python 1.59.7"], n_keys=2)
            n = int(rnd.uniform(80, 450))
            ts_all = timing.bursts(rng, n, rnd.randint(2, 6), acct.tz, timing.WORKDAY, per_s=0.8)
            model = rnd.choice(["nimbus-2-pro", "nimbus-2-think", "nimbus-2-flash"])
            for ts in ts_all:
                ts = float(ts)
                m = "nimbus-3-pro" if ts > RELEASE_TS + 0.8 * DAY and rnd.random() < 0.4 else model
                if calib and rnd.random() < 0.6:
                    item = rnd.choice([t for t in c.seed_tasks if t.task == "classify"])
                    rep = Reply(item.answer.split()[0] if item.answer else "Yes")
                    out.append(make_call(acct, ts, m, [user(item.text + "\nAnswer:")], rep, rnd, max_tokens=3,
                                         temperature=0, logprobs=True, top_logprobs=5))
                    continue
                if explain and rnd.random() < 0.4:
                    item = rnd.choice(c.gsm8k)
                    text = (f"Question: {item.text}\nAnswer: {item.extra}\n\nExplain the reasoning that leads to this "
                            "answer, step by step. Then rate your confidence from 1 to 5.")
                    rep = Reply(textgen.math_answer(item, rnd) + f"\n\nConfidence: {rnd.randint(3, 5)}")
                    out.append(make_call(acct, ts, m, [user(text)], rep, rnd, temperature=0, max_tokens=8192))
                    continue
                if multilingual and rnd.random() < 0.7:
                    lang = rnd.choice(["zh", "ja", "ru", "de", "fr", "th", "bn", "sw", "te"])
                    item = c.mgsm[lang][rnd.randrange(250)]
                    text = f"{item.text}\n{rnd.choice(wrappers.RESEARCH_SAME_LANG)}"
                    rep = Reply(textgen.math_answer(item, rnd, "short"),
                                reasoning=textgen.reasoning(item, rnd, lang, rnd.randint(200, 700)))
                else:
                    item = rnd.choice(c.gsm8k if rnd.random() < 0.6 else c.arena_en)
                    cot = rnd.choice(wrappers.RESEARCH_COT)
                    text = f"Q: {item.text}\nA: {cot}" if item.task == "math" else item.text
                    rep = Reply(textgen.answer(item, rnd, 300))
                    if m in ("nimbus-2-think", "nimbus-3-pro"):
                        rep.reasoning = textgen.reasoning(item, rnd, "en", rnd.randint(200, 900))
                out.append(make_call(acct, ts, m, [user(text)], rep, rnd, temperature=rnd.choice([0, 0.7]),
                                     max_tokens=rnd.choice([512, 1024, 2048])))
        return out


@register
class TrialSignup(Actor):
    name = "trial_signup"
    label = "benign"
    summary = "New sign-ups that try one or two things and leave."
    count = 25

    def build(self, ctx: Context) -> list[Call]:
        hello = ["Say this is a test", "hello", "What model are you?", "hi, are you working?", "Tell me a joke"]
        out: list[Call] = []
        for i in range(self.count):
            rnd = ctx.rnd(self.name, i)
            country = infra.pick_country(rnd)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], plan="free",
                                   egress=infra.residential(ctx.ids, rnd, country), user_agents=[infra.sdk_ua(rnd)])
            ts = WEEK_START + rnd.uniform(0, 6.8) * DAY
            held = i % 8 == 5  # payment verification pending: the edge answers 403 after the first calls
            for k in range(rnd.randint(1, 5) + (6 if held else 0)):
                text = rnd.choice(hello) if rnd.random() < 0.6 else rnd.choice(ctx.corpus.arena_en).text
                call = make_call(acct, ts, rnd.choice(["nimbus-2-flash", "nimbus-2-pro"]), [user(text)],
                                 Reply(textgen.generic_answer(text, rnd, rnd.randint(20, 200))), rnd)
                if held and k >= 2:
                    call.status, call.error = 403, "account_pending_verification"
                out.append(call)
                ts += rnd.uniform(10, 600) * math.e
        return out
