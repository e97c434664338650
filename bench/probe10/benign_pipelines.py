"""Benign automated pipelines: eval harnesses, agent platforms, an LLM-as-judge vendor, licensed
synthetic-data generation, a best-of-n writing app and a red-team vendor."""

from __future__ import annotations

import json

from . import agents, infra, textgen, timing, wrappers
from .actors import APP_KEY_NAMES, Actor, Context, register, zipf_counts
from .calls import Call, GroundTruth, Reply, make_call, user
from .world import DAY, HOUR, RELEASE_TS


@register
class EvalRunner(Actor):
    name = "eval_runner"
    label = "benign"
    summary = ("Benchmark harnesses at temperature 0: GSM8K 8-shot CoT, MGSM, HumanEval, Arena-Hard; bursty "
               "high-concurrency runs, re-runs, and new-model runs within hours of a release.")
    count = 8

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        shots = "\n\n".join(f"Q: {it.text}\nA: Let's think step by step. "
                            f"{' '.join(textgen.clean_rationale(it.answer)[0])} The answer is {it.extra}."
                            for it in c.gsm8k[1300:1308])
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["US", "US", "GB", "CN", "FR", "KR"])
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], plan="scale",
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "gcp", "linode"]), country, 1),
                                   user_agents=["AsyncOpenAI/Python 1.61.1", "litellm/1.60.2"], key_names=["eval"])
            runs: list[tuple[float, str, str]] = []
            for start in timing.diurnal(rng, rnd.randint(2, 5), acct.tz, timing.NIGHT_BATCH, 1.0):
                runs.append((float(start), rnd.choice(["gsm8k", "mgsm", "humaneval", "arena"]),
                             rnd.choice(["nimbus-2-pro", "nimbus-2-flash", "nimbus-2-think"])))
            # Everyone benchmarks the new model the day it ships; one harness probes it before launch.
            new_start = RELEASE_TS + rnd.uniform(0.3, 10) * HOUR
            runs += [(new_start + k * rnd.uniform(0.5, 3) * HOUR, s, "nimbus-3-pro")
                     for k, s in enumerate(rnd.sample(["gsm8k", "mgsm", "humaneval", "arena"], 3))]
            if i == 2:
                for k in range(3):
                    early = make_call(acct, RELEASE_TS - 40 * 60 + k * 30, "nimbus-3-pro", [user("ping")],
                                      Reply(None), rnd)
                    early.status, early.error = 404, "model_not_found"
                    out.append(early)
            for start, suite, model in runs:
                size = rnd.randint(100, 320)
                t = start
                for k in range(size):
                    t += float(rng.exponential(1 / rnd.uniform(2, 6)))
                    if suite == "gsm8k":
                        it = c.gsm8k[k % 1300]
                        text = f"{shots}\n\nQ: {it.text}\nA: Let's think step by step."
                        rep = textgen.math_answer(it, rnd)
                        prefix = textgen.tokens(shots)
                    elif suite == "mgsm":
                        lang = list(c.mgsm)[k % 11]
                        it = c.mgsm[lang][k % 250]
                        text, prefix = f"Question: {it.text}\nStep-by-Step Answer:", 0
                        rep = textgen.math_answer(it, rnd)
                    elif suite == "humaneval":
                        it = c.humaneval[k % 164]
                        text = f"Complete the following Python function.\n\n```python\n{it.text}```"
                        rep, prefix = textgen.code_answer(it, rnd), 0
                    else:
                        it = c.arena_en[k % len(c.arena_en)]
                        text, rep, prefix = it.text, textgen.answer(it, rnd, rnd.randint(300, 900)), 0
                    reply = Reply(rep)
                    if model in ("nimbus-2-think", "nimbus-3-pro"):
                        reply.reasoning = textgen.reasoning(it, rnd, "en", rnd.randint(200, 1200))
                    call = make_call(acct, t, model, [user(text)], reply, rnd, temperature=0,
                                     max_tokens=4096 if suite == "arena" else 1024, seed=1234)
                    call.cached_prefix_tokens = prefix
                    out.append(call)
        return out


@register
class AgentPlatform(Actor):
    name = "agent_platform"
    label = "benign"
    summary = "Agent frameworks and dev tools: tool calls, sessions, multi-step loops; some pass their users' ids."
    count = 12

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["US", "US", "DE", "GB", "CA", "IN", "FR"])
            via = "property" if i % 3 == 0 else ""
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], end_user_via=via,
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "gcp", "azure"]), country, 3),
                                   user_agents=[rnd.choice(["AsyncOpenAI/Python 1.61.1", "OpenAI/JS 4.85.1",
                                                            "Vercel-AI-SDK/4.1.17"])], plan="scale", n_keys=2,
                                   key_names=APP_KEY_NAMES)
            flavour = ["coding", "coding", "data", "ops"][i % 4]
            model = rnd.choice(["nimbus-2-pro", "nimbus-pro-latest", "nimbus-2-think"])
            users = [ctx.ids.b36("dev_", 8) for _ in range(rnd.randint(15, 120))] if via else [""]
            counts = zipf_counts(rnd, len(users), rnd.randint(40, 220))
            truth = GroundTruth("benign", "agent_platform_user") if via else None
            for eu, k in zip(users, counts, strict=True):
                for start in timing.diurnal(rng, k, acct.tz, timing.WORKDAY if i % 2 else timing.HOBBY, 0.5):
                    m = "nimbus-3-pro" if start > RELEASE_TS + 2 * DAY and rnd.random() < 0.3 else model
                    if flavour == "coding":
                        item = rnd.choice(c.humaneval + c.arena_code)
                        out += agents.coding_session(acct, rnd, float(start), item, m, steps=rnd.randint(2, 7),
                                                     end_user=eu, truth=truth, session_name="agent-run",
                                                     reasoning_effort="medium" if m != "nimbus-2-pro" else None)
                    else:
                        tools = agents.DATA_TOOLS if flavour == "data" else agents.OPS_TOOLS
                        item = rnd.choice(c.user_tasks)
                        name = tools[0]["function"]["name"]
                        tc = [{"id": f"call_{rnd.getrandbits(64):016x}", "type": "function",
                               "function": {"name": name, "arguments": json.dumps({"query": "SELECT 1"})}}]
                        call = make_call(acct, float(start), m, [user(item.text)], Reply(None, tool_calls=tc,
                                         finish="tool_calls"), rnd, end_user=eu, end_user_truth=truth, tools=tools)
                        out.append(call)
        return out


@register
class LlmJudgeVendor(Actor):
    name = "llm_judge_vendor"
    label = "benign"
    summary = ("An evaluation company grading its customers' outputs with rubric prompts (reward-model-like "
               "usage, legitimate); its customers appear as end users.")
    count = 2

    def build(self, ctx: Context) -> list[Call]:
        customers = ["acme-support", "globex-kb", "initech-sales", "umbrella-community", "hooli-help", "stark-docs",
                     "wayne-care", "wonka-chat", "tyrell-assist", "cyberdyne-ops", "soylent-cx", "aperture-qa"]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=-5.0, end_user_via="property",
                                   egress=infra.cloud(ctx.ids, rnd, "aws", "US", 2), plan="enterprise",
                                   user_agents=["AsyncOpenAI/Python 1.59.7"], key_names=["grader-prod"])
            mine = rnd.sample(customers, rnd.randint(6, 10))
            counts = zipf_counts(rnd, len(mine), rnd.randint(1100, 1700), 0.9)
            truth = GroundTruth("benign", "judge_customer")
            for cust, k in zip(mine, counts, strict=True):
                rubric = rnd.choice(wrappers.JUDGE_RUBRICS)
                for ts in timing.bursts(rng, k, rnd.randint(2, 6), -5.0, timing.NIGHT_BATCH, per_s=2.5):
                    msg = wrappers.support_message(rnd)
                    cand = textgen.generic_answer(msg, rnd, rnd.randint(50, 140))
                    prompt = (f"{rubric[1].format(customer=cust.split('-')[0].title())}\n\n"
                              f"CUSTOMER MESSAGE:\n{msg}\n\nREPLY:\n{cand}")
                    note = textgen.generic_answer(cand, rnd, 25).split("\n\n")[0]
                    rep = json.dumps({
                        "support-quality": {"empathy": rnd.randint(2, 5), "accuracy": rnd.randint(2, 5),
                                            "resolution": rnd.randint(1, 5), "notes": note},
                        "rag-faithfulness": {"faithfulness": round(rnd.random(), 2), "unsupported_claims": [note]},
                        "summary-grader": {"coverage": rnd.randint(4, 10), "correctness": rnd.randint(4, 10),
                                           "brevity": rnd.randint(4, 10)},
                        "toxicity-check": {"violation": rnd.random() < 0.1, "category": "none"},
                    }[rubric[0]])
                    out.append(make_call(acct, float(ts), "nimbus-2-pro", [user(prompt)], Reply(rep), rnd,
                                         end_user=cust, end_user_truth=truth, temperature=0,
                                         response_format={"type": "json_object"}))
        return out


@register
class SyntheticDataTeam(Actor):
    name = "synthetic_data_permitted"
    label = "benign"
    summary = ("Licensed synthetic-data generation under an enterprise agreement: Self-Instruct-style task "
               "expansion and answer writing, 24/7 batch jobs, temperature 1.")
    count = 3

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=-8.0, plan="enterprise",
                                   egress=infra.cloud(ctx.ids, rnd, "gcp", "US", 2),
                                   user_agents=["AsyncOpenAI/Python 1.61.1"], key_names=["datagen-licensed"])
            for ts in timing.diurnal(rng, rnd.randint(800, 1300), -8.0, timing.FLAT, 1.0):
                if rnd.random() < 0.5:
                    seeds = rnd.sample(c.seed_tasks, rnd.randint(3, 5))
                    ex = "\n".join(json.dumps({"instruction": s.text.split("\n")[0]}) for s in seeds)
                    k = rnd.choice([5, 10, 20])
                    prompt = rnd.choice(wrappers.SYNTH_DATA_TEMPLATES).format(examples=ex, k=k)
                    rep = "\n".join(json.dumps({"instruction": rnd.choice(c.unnatural).text}) for _ in range(k))
                else:
                    it = rnd.choice(c.unnatural)
                    prompt, rep = it.text, textgen.generic_answer(it.text, rnd, rnd.randint(100, 400))
                out.append(make_call(acct, float(ts), "nimbus-2-pro", [user(prompt)], Reply(rep), rnd,
                                     temperature=1.0, top_p=0.95, max_tokens=2048))
        return out


@register
class BestOfNWriter(Actor):
    name = "best_of_n_writer"
    label = "benign"
    summary = "A creative-writing app that asks for several drafts per request (n=3, temperature 1)."
    count = 2

    def build(self, ctx: Context) -> list[Call]:
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=-5.0, end_user_via="body",
                                   egress=infra.cloud(ctx.ids, rnd, "aws", "US", 2), plan="scale",
                                   user_agents=["OpenAI/JS 4.85.1"], client_app="drafty")
            users = [ctx.ids.hexid("w_", 10) for _ in range(rnd.randint(40, 160))]
            for ts in timing.diurnal(rng, rnd.randint(180, 380), -5.0, timing.HOBBY, 1.0):
                it = rnd.choice(ctx.corpus.arena_creative + ctx.corpus.seed_tasks)
                drafts = [textgen.answer(it, rnd, rnd.randint(150, 350)) for _ in range(3)]
                out.append(make_call(acct, float(ts), "nimbus-2-pro", [user(it.text)],
                                     Reply(drafts[0], alternatives=drafts[1:]), rnd, n=3, temperature=1.0,
                                     end_user=rnd.choice(users),
                                     end_user_truth=GroundTruth("benign", "writing_app_user")))
        return out


@register
class RedTeamVendor(Actor):
    name = "redteam_vendor"
    label = "benign"
    summary = "A safety-testing vendor replaying jailbreak templates x harmful questions in batches (not distillation)."
    count = 2

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        refusals = ["I can't help with that.", "I'm not able to help with this request.",
                    "Sorry, but I can't assist with that. If you're researching safety, I can discuss it generally."]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=1.0, plan="scale",
                                   egress=infra.cloud(ctx.ids, rnd, "ovh", "FR", 1),
                                   user_agents=["python-requests/2.32.3"], key_names=["redteam-suite"])
            for ts in timing.bursts(rng, rnd.randint(250, 450), 3, 1.0, timing.WORKDAY, per_s=1.0):
                tpl, q = rnd.choice(c.jailbreak_templates), rnd.choice(c.harmful_questions)
                out.append(make_call(acct, float(ts), rnd.choice(["nimbus-2-pro", "nimbus-2-flash"]),
                                     [user(tpl.replace("[INSERT PROMPT HERE]", q))], Reply(rnd.choice(refusals)),
                                     rnd, temperature=0, max_tokens=256))
        return out
