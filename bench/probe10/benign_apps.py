"""Benign personas that are products: single-prompt enterprise apps, RAG, translation, tutoring, CI."""

from __future__ import annotations

import random

from . import infra, textgen, timing, wrappers
from .actors import APP_KEY_NAMES, Actor, Context, conversation, register, zipf_counts
from .calls import Call, GroundTruth, Reply, make_call, system, user
from .corpus import Corpus
from .world import DAY, RELEASE_TS

SQL_ENTITIES = ["orders", "active customers", "trial sign-ups", "refunds", "sessions", "churned subscriptions"]
SQL_PERIODS = ["last week", "in February", "yesterday", "per month this year", "by country last quarter"]
NAMES = ["Priya", "Tom", "Lena", "Kenji", "Amara", "Diego", "Sofia", "Wei", "Omar", "Hannah"]


def app_exchange(app: str, c: Corpus, rnd: random.Random) -> tuple[str, str]:
    """One user message for an app and a plausible reply."""
    if app == "support-bot":
        msg = wrappers.support_message(rnd)
        return msg, textgen.generic_answer(msg, rnd, rnd.randint(60, 160))
    if app == "email-triage":
        return rnd.choice(wrappers.EMAIL_SNIPPETS), rnd.choice(["billing", "technical", "sales", "spam", "other"])
    if app == "sql-helper":
        q = f"How many {rnd.choice(SQL_ENTITIES)} {rnd.choice(SQL_PERIODS)}?"
        sql = "SELECT COUNT(*) FROM analytics.orders WHERE created_at >= DATEADD(week, -1, CURRENT_DATE);"
        return q, f"```sql\n{sql}\n```\nCounts {q[9:-1]}."
    if app == "meeting-notes":
        a, b = rnd.sample(NAMES, 2)
        t = (f"{a}: ok so the launch moves to the 14th. {b}: then QA needs the build by Monday. {a}: agreed, "
             f"I'll tell marketing. {b}: open question is pricing for the EU tier.")
        return t, (f"Decisions: launch on the 14th.\nAction items: {b} - build to QA by Monday; {a} - inform "
                   "marketing.\nOpen questions: EU pricing.")
    if app in ("ticket-router", "sentiment", "invoice-extract", "insurance-claims"):
        it = rnd.choice(c.user_tasks)
        return it.extra or it.text, '{"queue": "software", "priority": "medium", "reason": "application error"}'
    if app == "game-npc":
        q = rnd.choice(["got any swords?", "what's happening at the mine", "heard any rumours?", "can you fix my axe"])
        return q, "Hmph. " + textgen.generic_answer(q, rnd, 40)
    it = rnd.choice(c.user_tasks + c.seed_tasks)
    return it.text, textgen.answer(it, rnd, rnd.randint(80, 350))


@register
class EnterpriseApp(Actor):
    name = "enterprise_app"
    label = "benign"
    summary = "Production apps with one system prompt each; ServeGen-shaped daily load; many pass employee ids."
    count = 24

    def build(self, ctx: Context) -> list[Call]:
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            app, prompt = wrappers.APP_SYSTEM_PROMPTS[i % len(wrappers.APP_SYSTEM_PROMPTS)]
            country = rnd.choice(["US", "US", "DE", "GB", "FR", "JP", "IN", "CA", "AU", "SG"])
            via = rnd.choice(["", "body", "body"])
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], end_user_via=via,
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "gcp", "azure"]), country,
                                                      rnd.randint(2, 4)),
                                   user_agents=[rnd.choice(infra.SDK_UAS + infra.TOOL_UAS[:3])],
                                   plan=rnd.choice(["scale", "enterprise"]), n_keys=rnd.randint(1, 3),
                                   client_app=app, key_names=APP_KEY_NAMES)
            n = int(min(2600, max(150, rnd.lognormvariate(6.4, 0.6))))
            model = rnd.choice(["nimbus-2-flash", "nimbus-2-flash", "nimbus-2-pro"])
            upgrade = RELEASE_TS + rnd.uniform(1.5, 3.0) * DAY if rnd.random() < 0.15 else None
            users = [f"emp-{rnd.randrange(100000, 999999)}" for _ in range(rnd.randint(20, 400))] if via else [""]
            weights = [1 / (r + 1) ** 1.1 for r in range(len(users))]
            for ts in ctx.shapes.times(rng, n, acct.tz, i):
                ts = float(ts)
                m = "nimbus-3-pro" if upgrade and ts > upgrade and rnd.random() < (ts - upgrade) / DAY else model
                text, rep = app_exchange(app, ctx.corpus, rnd)
                eu = rnd.choices(users, weights)[0]
                out.append(make_call(acct, ts, m, [system(prompt), user(text)], Reply(rep), rnd, end_user=eu,
                                     end_user_truth=GroundTruth("benign", "enterprise_employee") if eu else None,
                                     temperature=rnd.choice([0.2, 0.3]) if app != "email-triage" else 0,
                                     max_tokens=rnd.choice([256, 512, 800])))
        return out


@register
class EnterpriseMultiTeam(Actor):
    name = "enterprise_multi_team"
    label = "benign"
    summary = ("Six team accounts of one company behind the same corporate egress and client library "
               "(shared infrastructure like a hydra), each with its own workload.")
    count = 6

    def build(self, ctx: Context) -> list[Call]:
        rnd0 = ctx.rnd(self.name)
        egress = infra.cloud(ctx.ids, rnd0, "azure", "DE", 3)
        ua = "python-requests/2.32.3"
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            app, prompt = rnd0.sample(wrappers.APP_SYSTEM_PROMPTS, self.count)[i]
            acct = ctx.new_account(rnd, kind=self.name, label="benign", egress=egress, user_agents=[ua], tz=1.0,
                                   plan="enterprise", client_app=f"norrland-{app}")
            n = rnd.randint(150, 700)
            ts_all = (timing.bursts(rng, n, 5, 1.0, timing.NIGHT_BATCH, per_s=2.0) if i == 0
                      else timing.diurnal(rng, n, 1.0, timing.WORKDAY, 0.1))
            for ts in ts_all:
                text, rep = app_exchange(app, ctx.corpus, rnd)
                out.append(make_call(acct, float(ts), "nimbus-2-flash" if i % 2 else "nimbus-2-pro",
                                     [system(prompt), user(text)], Reply(rep), rnd, temperature=0.2))
        return out


@register
class RagApp(Actor):
    name = "rag_app"
    label = "benign"
    summary = "Retrieval apps: long context passages plus a question, embeddings calls, end users in `user`."
    count = 14

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        docs = [it.answer for it in c.user_tasks + c.seed_tasks if len(it.answer) > 80] + \
               [it.answer[:900] for it in c.belle if len(it.answer) > 120]
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["US", "GB", "DE", "IN", "SG", "BR"])
            via = "body" if rnd.random() < 0.6 else ""
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country], end_user_via=via,
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "gcp", "vultr"]), country, 2),
                                   user_agents=[rnd.choice(["langchain-openai/0.3.3", "llama-index/0.12.16"])],
                                   plan="scale", n_keys=2, key_names=APP_KEY_NAMES)
            sys_prompt = rnd.choice(wrappers.RAG_SYSTEM)
            kb = rnd.sample(docs, 80)  # this app's own knowledge base
            n = rnd.randint(180, 900)
            users = [ctx.ids.hexid("", 12) for _ in range(rnd.randint(10, 300))] if via else [""]
            weights = [1 / (r + 1) for r in range(len(users))]
            for ts in ctx.shapes.times(rng, n, acct.tz, i + 3):
                ts = float(ts)
                passages = rnd.sample(kb, rnd.randint(3, 5))
                ctx_text = "\n\n".join(f"[{k + 1}] {p}" for k, p in enumerate(passages))
                a, b = textgen.topic(passages[0], rnd)
                q = rnd.choice(["what does it say about {a}?", "How do I {a} with {b}?", "Summarize the part about {a}",
                                "is there anything on {a} and {b}", "Can you explain {a}?"]).format(a=a, b=b)
                eu = rnd.choices(users, weights)[0]
                truth = GroundTruth("benign", "rag_app_user") if eu else None
                if rnd.random() < 0.3:
                    emb = make_call(acct, ts - rnd.uniform(0.2, 1.5), "nimbus-embed-1", [], Reply(None), rnd,
                                    end_user=eu, end_user_truth=truth)
                    emb.body = {"model": "nimbus-embed-1", "input": [*passages[:2], q], "encoding_format": "float"}
                    if eu:
                        emb.body["user"] = eu
                    emb.path, emb.reply.embedding_inputs = "/v1/embeddings", 3
                    out.append(emb)
                rep = Reply(textgen.generic_answer(q, rnd, rnd.randint(80, 250)) + " [1]")
                out.append(make_call(acct, ts, rnd.choice(["nimbus-2-flash", "nimbus-2-pro"]),
                                     [system(f"{sys_prompt}\n\nContext:\n{ctx_text}"), user(q)], rep, rnd,
                                     end_user=eu, end_user_truth=truth, temperature=0.1, max_tokens=600))
        return out


@register
class TranslationService(Actor):
    name = "translation_service"
    label = "benign"
    summary = ("Translation backends: one template, eleven languages, queue workers running around the clock "
               "(single capability, single template, multilingual, high volume).")
    count = 6

    def build(self, ctx: Context) -> list[Call]:
        langs = list(ctx.corpus.mgsm)
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["DE", "FR", "ES", "US", "JP", "IN"])
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country],
                                   egress=infra.cloud(ctx.ids, rnd, rnd.choice(["aws", "hetzner", "ovh"]), country, 3),
                                   user_agents=[rnd.choice(["Go-http-client/2.0", "okhttp/4.12.0", "axios/1.7.9"])],
                                   plan="scale", key_names=["translate-prod", "translate-batch"], n_keys=2)
            template = wrappers.TRANSLATE_TEMPLATES[i % len(wrappers.TRANSLATE_TEMPLATES)]
            n = rnd.randint(450, 1300)
            ts_all = timing.diurnal(rng, n, acct.tz, timing.FLAT * 0.6 + timing.WORKDAY / 19, 0.7)
            for ts in ts_all:
                src, tgt = rnd.sample(langs, 2)
                k = rnd.randrange(250)
                text = wrappers.TRANSLATE_TEMPLATES[0] if rnd.random() < 0.1 else template
                prompt = text.format(src=wrappers.LANG_NAMES[src], tgt=wrappers.LANG_NAMES[tgt],
                                     text=ctx.corpus.mgsm[src][k].text)
                out.append(make_call(acct, float(ts), "nimbus-2-flash", [user(prompt)],
                                     Reply(ctx.corpus.mgsm[tgt][k].text), rnd, temperature=0.2, max_tokens=1024))
        return out


@register
class TutoringApp(Actor):
    name = "tutoring_app"
    label = "benign"
    summary = ("Math tutoring products whose system prompt demands step-by-step reasoning; hundreds of "
               "students as end users (CoT elicitation + math concentration, but honest).")
    count = 4

    def build(self, ctx: Context) -> list[Call]:
        c = ctx.corpus
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country, lang = [("US", "en"), ("DE", "de"), ("IN", "en"), ("FR", "fr")][i]
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country],
                                   end_user_via="property", plan="scale", client_app=f"mathbuddy-{i}",
                                   key_names=APP_KEY_NAMES,
                                   egress=infra.cloud(ctx.ids, rnd, "gcp", country, 2),
                                   user_agents=["OpenAI/JS 4.77.0"])
            sys_prompt = wrappers.TUTOR_SYSTEM[i % 2]
            n_students = rnd.randint(150, 600)
            counts = zipf_counts(rnd, n_students, rnd.randint(450, 1100), 1.05)
            model = "nimbus-2-pro" if i % 2 == 0 else "nimbus-2-think"
            truth = GroundTruth("benign", "tutoring_student")
            for k in counts:
                eu = f"student_{rnd.randrange(10**6):06d}"
                sessions = max(1, k // 3)
                for start in timing.diurnal(rng, sessions, acct.tz, timing.EVENING, 0.8):
                    item = c.mgsm[lang][rnd.randrange(250)] if lang != "en" else rnd.choice(c.gsm8k)
                    turns = [(item.text, Reply(textgen.math_answer(item, rnd)))]
                    for _ in range(min(3, max(0, k // sessions - 1))):
                        fu = rnd.choice(wrappers.TUTOR_FOLLOWUPS)
                        again = rnd.choice(["Of course! Let's go through it again.", "Good question.", "No problem."])
                        turns.append((fu, Reply(f"{again}\n{textgen.math_answer(item, rnd)}")))
                    calls = conversation(acct, rnd, float(start), turns, model, sys_prompt=sys_prompt, end_user=eu,
                                         truth=truth, stream=True, temperature=0.4, think=(30, 240))
                    if model == "nimbus-2-think":
                        for call in calls:
                            call.reply.reasoning = textgen.reasoning(item, rnd, "en", rnd.randint(150, 500))
                    out += calls
        return out


@register
class CiPipeline(Actor):
    name = "ci_pipeline"
    label = "benign"
    summary = "CI smoke tests: the same few prompts on every push, temperature 0, tiny outputs, cloud runners."
    count = 10

    def build(self, ctx: Context) -> list[Call]:
        out: list[Call] = []
        for i in range(self.count):
            rnd, rng = ctx.rnd(self.name, i), ctx.rng(self.name, i)
            country = rnd.choice(["US", "DE", "GB", "IN"])
            acct = ctx.new_account(rnd, kind=self.name, label="benign", tz=infra.TZ[country],
                                   egress=infra.cloud(ctx.ids, rnd, "azure", "US", rnd.randint(5, 12)),
                                   user_agents=[rnd.choice(infra.SDK_UAS)], key_names=["ci", "github-actions"])
            prompts = rnd.sample(wrappers.CI_PROMPTS, rnd.randint(2, 4))
            model = rnd.choice(["nimbus-2-flash", "nimbus-pro-latest"])
            for run in timing.diurnal(rng, rnd.randint(15, 90), acct.tz, timing.WORKDAY, 0.05):
                t = float(run)
                for text, ans in prompts:
                    out.append(make_call(acct, t, model, [user(text)], Reply(ans), rnd, temperature=0,
                                         max_tokens=rnd.choice([16, 32, 64])))
                    t += rnd.uniform(0.5, 3)
        return out

