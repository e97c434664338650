"""Benign personas whose traffic looks most like harvesting: evals, CI, judges, tutors, vendors, resellers."""
from __future__ import annotations

import json

import numpy as np

from . import textgen as tg
from .actors import Persona, adopts_new_model, chat_call, register, resp_call
from .corpus import MGSM_LANGS
from .personas import chat_session, server_ips
from .render import Call
from .rng import HEX, pick, token
from .world import CLOUD_PREFIXES, RELEASE, T0, T_END, ip_in, new_key, new_org, raw_client, sdk_client, subnet


@register
class EvalRunner(Persona):
    name = "eval_runner"
    summary = ("model-evaluation teams running benchmark suites (GSM8K, MGSM, HumanEval, Arena-Hard) with "
               "step-by-step prompts in concurrent bursts, re-run on the new model within hours of release (hard)")
    n_accounts, tiers = 6, [3, 4]
    SUITES = [("gsm8k", "Solve the following math problem step by step. End with 'The answer is N'.\n\n{q}"),
              ("humaneval", "Complete the following Python function. Return only code.\n\n{q}"),
              ("arena_general", "{q}"), ("arena_math", "{q}"), ("mgsm", "{q}\nLet's think step by step.")]

    def build(self) -> list[Call]:
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = new_org(rng, pick(rng, self.tiers), self.label, n_users=3, tz=float(pick(rng, [-8, -5, 0, 1, 8])))
            self.orgs.append(org)
            key, ips = new_key(rng, org, kind="service_account"), server_ips(rng, 4)
            client = sdk_client(rng, "python", "Linux")
            runs = list(T0 + rng.uniform(0, 7 * 86400, size=int(rng.integers(2, 5))))
            runs += [RELEASE + float(rng.uniform(1, 8)) * 3600.0, RELEASE + float(rng.uniform(20, 40)) * 3600.0]
            for r, t in enumerate(sorted(runs)):
                model = "halo-3" if t >= RELEASE and r % 2 == 0 else pick(rng, ["halo-2", "halo-2-reason", "halo-2-mini"])
                pool, tmpl = self.SUITES[int(rng.integers(0, len(self.SUITES)))]
                if pool == "mgsm":
                    pool = "mgsm_" + pick(rng, MGSM_LANGS)
                items = self.corpus.pools[pool]
                n = min(len(items), int(rng.integers(100, 260)))
                start = int(rng.integers(0, len(items) - n + 1))
                for j, p in enumerate(items[start:start + n]):
                    t += float(rng.exponential(0.35))
                    n_out = tg.reply_tokens(rng, 220 if pool != "humaneval" else 150)
                    calls.append(chat_call(rng, t, org, key, pick(rng, ips), client, model,
                                           [{"role": "user", "content": tmpl.format(q=p.text)}],
                                           tg.reply(rng, p, n_out, "steps" if "step" in tmpl else "chat"), n_out,
                                           params={"temperature": 0, "seed": 1234, "max_completion_tokens": 2048},
                                           effort="medium" if model in ("halo-2-reason", "halo-3") else None))
        return [c for c in calls if c.t < T_END]


@register
class CiRegression(Persona):
    name = "ci_regression"
    summary = "CI pipelines replaying the same fixed prompts every hour, round the clock, from changing runner IPs (hard)"
    n_accounts, tiers = 8, [2, 3]

    def build(self) -> list[Call]:
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = new_org(rng, pick(rng, self.tiers), self.label, tz=float(pick(rng, [-8, -5, 1, 2])))
            self.orgs.append(org)
            key = new_key(rng, org, project=new_project_ci(rng, org), kind="service_account")
            client = sdk_client(rng, "python", "Linux")
            fixed = self.corpus.draw_many(rng, pick(rng, ["self_instruct", "user_oriented", "humaneval"]), int(rng.integers(3, 9)))
            replies = [(p, tg.reply_tokens(rng, 120)) for p in fixed]
            period = float(pick(rng, [3600.0, 3600.0, 7200.0]))
            t = T0 + float(rng.uniform(0, period))
            while t < T_END:
                ip = ip_in(subnet(rng, CLOUD_PREFIXES), rng)  # a fresh runner each job
                tt = t + float(rng.uniform(0, 120))
                for p, n_out in replies:
                    tt += float(rng.uniform(0.5, 4))
                    calls.append(chat_call(rng, tt, org, key, ip, client, "halo-2-mini", [{"role": "user", "content": p.text}],
                                           tg.reply(np.random.Generator(np.random.PCG64(len(p.text))), p, n_out), n_out,
                                           params={"temperature": 0, "seed": 7}))
                t += period
                if rng.random() < 0.15:  # an extra run triggered by a merge
                    t -= period * float(rng.uniform(0.3, 0.9))
        return [c for c in calls if c.t < T_END]


def new_project_ci(rng: np.random.Generator, org) -> str:
    from .world import new_project
    return new_project(rng, org)


@register
class Aggregator(Persona):
    name = "aggregator"
    summary = ("legitimate multi-model router/reseller: very mixed end-user traffic around the clock, end-user ids "
               "in `user`, offers the new model the same day (hard)")
    n_accounts, volume, profile, turns, tiers = 3, (3500.0, 0.2), "flat", 2.0, [5]
    POOLS = ["arena_general", "arena_code", "arena_creative", "user_oriented", "belle", "self_instruct", "hh", "gsm8k", "mgsm_es", "mgsm_ja"]

    def setup(self, rng, org):
        return {"key": new_key(rng, org, kind="service_account"), "ips": server_ips(rng, 6),
                "client": raw_client(rng)}

    def session(self, rng, org, st, t0):
        model = "halo-3" if adopts_new_model(rng, t0, 0.35, 3) else pick(rng, ["halo-2-mini", "halo-2", "halo-2-reason"])
        first = self.corpus.draw(rng, pick(rng, self.POOLS))
        return chat_session(self, rng, org, st, t0, None, first, int(rng.geometric(0.5)), model, pick(rng, self.POOLS),
                            out_med=300, stream_p=0.85, user="eu_" + token(rng, 16, HEX))


@register
class ReasoningResearcher(Persona):
    name = "reasoning_researcher"
    summary = "academic labs studying reasoning: detailed reasoning summaries, high effort, math prompts, overnight jobs (hard)"
    n_accounts, volume, profile, turns, tiers = 5, (450.0, 0.5), "dev", 6.0, [1, 2]
    tzs = [-5, 0, 1, 2, 8, 9]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 1) + [ip_in(subnet(rng, CLOUD_PREFIXES), rng)],
                "client": sdk_client(rng, "python")}

    def session(self, rng, org, st, t0):
        pool = pick(rng, ["gsm8k", "arena_math", "mgsm_" + pick(rng, MGSM_LANGS)])
        model = "halo-3" if adopts_new_model(rng, t0, 0.5, 10) else "halo-2-reason"
        calls, t = [], t0
        for p in self.corpus.draw_many(rng, pool, int(rng.integers(2, 12))):
            n_out = tg.reply_tokens(rng, 350)
            calls.append(resp_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], model,
                                   p.text + "\n\nPlease show your reasoning before the final answer.",
                                   tg.reply(rng, p, n_out, "steps"), n_out, effort=pick(rng, ["medium", "high"]),
                                   summary_mode="detailed", prompt=p, store=False))
            t += float(rng.uniform(5, 90))
        return calls


@register
class TutoringApp(Persona):
    name = "tutoring_app"
    summary = "homework-help apps asking for step-by-step math solutions in the student's language, after-school peak (hard)"
    n_accounts, volume, profile, turns, tiers = 4, (1200.0, 0.4), "student", 2.2, [3, 4]
    MARKETS = [(-6, "es"), (1, "de"), (1, "fr"), (9, "ja"), (-5, "en"), (8, "zh"), (5.5, "bn"), (3, "ru")]

    def setup(self, rng, org):
        tz, lang = pick(rng, self.MARKETS)
        org.tz = float(tz)
        return {"key": new_key(rng, org), "ips": server_ips(rng, 3), "client": sdk_client(rng, "node", "Linux"), "lang": lang,
                "system": f"You are a patient math tutor for school students. Always explain the solution step by step, "
                          f"check the arithmetic, and reply in the student's language ({lang})."}

    def session(self, rng, org, st, t0):
        pool = "mgsm_" + st["lang"] if rng.random() < 0.7 else "gsm8k"
        return chat_session(self, rng, org, st, t0, st["system"], self.corpus.draw(rng, pool), int(rng.integers(1, 4)),
                            pick(rng, ["halo-2-mini", "halo-2"]), pool, out_med=320, stream_p=0.9, gap=(30, 300),
                            followups=["why?", "I don't understand step 2", "can you check my answer: 42", "another example please"])


@register
class Localisation(Persona):
    name = "localisation"
    summary = "translation/localisation service: the same source strings into many languages as JSON batches (hard)"
    n_accounts, volume, profile, turns, tiers = 4, (800.0, 0.4), "office", 8.0, [3, 4]
    LANGS = ["de", "fr", "es", "it", "pt-BR", "ja", "ko", "zh-CN", "ru", "pl", "tr", "ar", "hi", "nl", "sv"]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": sdk_client(rng, "python", "Linux")}

    def session(self, rng, org, st, t0):
        src = self.corpus.draw(rng, pick(rng, ["self_instruct", "user_oriented"]))
        text = (src.answer or src.text)[:1500]
        calls, t = [], t0
        for lang in rng.choice(self.LANGS, size=int(rng.integers(4, 12)), replace=False):
            n_out = tg.est_tokens(text) + 20
            calls.append(chat_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], "halo-2",
                                   [{"role": "system", "content": f"Translate the user's text into {lang}. Preserve placeholders like {{name}} and Markdown. Return JSON {{\"translation\": ...}}."},
                                    {"role": "user", "content": text}],
                                   json.dumps({"translation": tg.prose(rng, src, len(text))}), n_out,
                                   params={"temperature": 0.1, "response_format": {"type": "json_object"}}))
            t += float(rng.uniform(0.3, 3))
        return calls


@register
class SyntheticDataVendor(Persona):
    name = "synthetic_data_vendor"
    summary = ("contracted synthetic-data vendor generating instruction variations for the provider's customers "
               "(allowed under its enterprise agreement), high-concurrency batches (hard)")
    n_accounts, volume, profile, turns, tiers = 3, (1000.0, 0.3), "flat", 25.0, [5]

    def setup(self, rng, org):
        return {"key": new_key(rng, org, kind="service_account"), "ips": server_ips(rng, 2), "client": sdk_client(rng, "python", "Linux")}

    def session(self, rng, org, st, t0):
        calls, t = [], t0
        customer = "cust_" + token(rng, 8, HEX)
        for p in self.corpus.draw_many(rng, pick(rng, ["self_instruct", "unnatural"]), int(rng.integers(10, 40))):
            n_out = tg.reply_tokens(rng, 500)
            calls.append(chat_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], "halo-2",
                                   [{"role": "system", "content": f"Project {customer}: produce training data for a customer-support classifier. Output JSONL only."},
                                    {"role": "user", "content": "Write 5 diverse paraphrases of this task with a realistic input for each:\n\n" + p.text}],
                                   tg.reply(rng, p, n_out), n_out, params={"temperature": 1.0, "user": customer}))
            t += float(rng.exponential(0.8))
        return calls


@register
class LlmJudge(Persona):
    name = "llm_judge"
    summary = "LLM-as-judge evaluation teams grading answer pairs with a rubric, JSON verdicts, temperature 0 (hard)"
    n_accounts, volume, profile, turns, tiers = 4, (800.0, 0.4), "office", 30.0, [3, 4]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": sdk_client(rng, "python")}

    def session(self, rng, org, st, t0):
        calls, t = [], t0
        model = "halo-3" if adopts_new_model(rng, t0, 0.4, 20) else "halo-2"
        for p in self.corpus.draw_many(rng, pick(rng, ["arena_general", "arena_code", "arena_creative"]), int(rng.integers(15, 50))):
            a, b = tg.prose(rng, p, 600), tg.prose(rng, p, 600)
            verdict = json.dumps({"reasoning": tg.prose(rng, p, 400), "winner": pick(rng, ["A", "B", "tie"]), "score_a": int(rng.integers(1, 11)), "score_b": int(rng.integers(1, 11))})
            calls.append(chat_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], model,
                                   [{"role": "system", "content": "You are an impartial judge. Compare the two assistant answers to the user question on helpfulness, correctness and depth. Output JSON."},
                                    {"role": "user", "content": f"[Question]\n{p.text}\n\n[Answer A]\n{a}\n\n[Answer B]\n{b}"}],
                                   verdict, tg.est_tokens(verdict), params={"temperature": 0, "response_format": {"type": "json_object"}}))
            t += float(rng.exponential(1.2))
        return calls
