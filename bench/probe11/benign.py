"""Benign customers, including the hard ones that look like harvesting (evals, CI, judges, tutors, resellers)."""

from __future__ import annotations

import re

import numpy as np

from .core import DAY, HOUR, RELEASE_TS, WEEK_END, WEEK_START
from .population import SDK_UAS, World
from .prompts import draw, pick, reply
from .textgen import FRAMES, code_reply, generic_reply, math_reply, steps_from_rationale, tool_call
from .timing import cron_bursts, daily, hour_weights, poisson_times, sessions

APP_SYSTEMS = [
    "You are Quill, a writing assistant inside a document editor. Improve clarity and tone, keep the author's voice, "
    "and never invent facts. Reply with the revised text first, then at most two short notes.",
    "You are the assistant of a meal-planning app. Suggest recipes that fit the user's pantry and dietary "
    "preferences. Keep answers under 200 words and list ingredients as bullet points.",
    "You help small-business owners draft polite customer emails. Ask for missing details only when essential.",
    "You are a career coach that reviews resumes and cover letters. Be specific and encouraging.",
    "You are a travel-planning assistant. Build day-by-day itineraries with realistic travel times.",
    "You translate plain-English questions into SQL for a PostgreSQL analytics warehouse. Explain assumptions.",
    "You are a study helper for university students. Summarise readings and quiz the student on key ideas.",
    "You write product descriptions for an online furniture store: warm, concrete, no superlatives.",
    "You are an internal knowledge-base assistant for a logistics company. Answer from general knowledge and say "
    "when something needs to be checked with operations.",
    "You are a friendly fitness coach. Give safe, progressive workout suggestions and remind users to warm up.",
]
SUPPORT_SYSTEM = {
    "A": "You are Nova, the virtual support agent for Brightwave Telecom. Be concise and friendly. Use only the "
    "policies below. If the customer asks about billing disputes, collect the invoice number and escalate.\n"
    "Policies: refunds within 14 days of the charge; roaming passes are non-refundable once activated; "
    "SIM swaps require identity verification in store or via the app.",
    "B": "You are the claims assistant for Harbor Mutual insurance. Never give legal advice. Explain the next step "
    "in the claim process and the documents needed. Hand off to a human adjuster for anything over $10,000.",
}
SUPPORT_Q = [
    "My bill for {m} is higher than usual, can you tell me why?",
    "how do i activate roaming for {c}",
    "I was charged twice on {d}",
    "The app says my SIM is not provisioned",
    "cancel my {p} plan please",
    "Is there a cheaper plan with more data?",
    "I lost my phone, what do I do with my number?",
    "why is my internet slow every evening",
    "can I get a refund for the roaming pass I bought for {c}",
    "I want to file a claim for water damage in my kitchen",
    "what documents do you need for a car claim",
    "My claim number is {n}, any update?",
    "the adjuster hasn't called me back",
    "does my policy cover {x}",
]
SLOTS = {
    "m": ["January", "February", "March"],
    "c": ["Spain", "Japan", "Canada", "Mexico", "Italy"],
    "d": ["Feb 27", "March 1", "the 3rd"],
    "p": ["Unlimited Plus", "Family 4", "Basic 10GB"],
    "n": ["HM-20931", "HM-44817", "HM-10276"],
    "x": ["hail damage", "a stolen bike", "a burst pipe"],
}
TUTOR_SYSTEMS = {
    "quokka": "You are Quokka, a patient math tutor for students aged 10-15. Explain the solution step by step in "
    "simple words, then ask one short question to check understanding. Never just give the final number.",
    "estudia": "Eres Estudia+, un tutor de matemáticas. Responde en el idioma del estudiante, explica cada paso con "
    "claridad y termina con una pregunta de comprobación.",
}
STUDENT_ASKS = [
    "can you explain step by step?",
    "i dont get how to do this one",
    "how do i start this problem",
    "help with my homework pls",
    "I got {a} but the book says something else?",
    "explain it simply",
    "what's the first step?",
    "",
]
STUDENT_FOLLOW = [
    "why did you multiply there?",
    "what does step 2 mean",
    "can you show another way?",
    "ok so the answer is {a}?",
    "wait i'm confused about the last part",
    "thanks!! one more:",
]
JUDGE_TEMPLATE = (
    "You are evaluating an answer produced by a customer-support assistant.\n\n[Context]\n{ctx}\n\n"
    "[Question]\n{q}\n\n[Answer]\n{a}\n\nScore the answer for faithfulness to the context and for "
    "helpfulness, each from 1 to 5. Respond only with JSON: "
    '{{"faithfulness": <int>, "helpfulness": <int>, "reason": "<one sentence>"}}'
)
REVIEW_SYSTEM = (
    "You are a senior code reviewer. Comment only on correctness, security and readability. "
    "Output a markdown list of findings with file:line references; say LGTM if there are none."
)
TRANSLATE_SYSTEM = (
    "You are a professional translator. Translate the user's text from {src} into {tgt}. Preserve "
    "formatting, numbers and code. Output only the translation."
)
LANG_NAMES = {
    "es": "Spanish",
    "de": "German",
    "fr": "French",
    "ja": "Japanese",
    "zh": "Simplified Chinese",
    "pt": "Brazilian Portuguese",
    "ko": "Korean",
    "ru": "Russian",
    "en": "English",
}
NEWS_TEMPLATE = (
    "Summarize the following article in exactly three bullet points for a market-monitoring feed. "
    "Mention any company names and numbers.\n\nARTICLE:\n{a}"
)
ETL_TEMPLATE = 'Task: {ins}\nReturn JSON with keys "label" and "confidence" (0-1). No other text.\n\nInput:\n{inp}'
AGENT_SYSTEM = (
    "You are Relay, an operations agent. You can call tools to look up orders, issue refunds and send "
    "emails. Plan briefly, call one tool at a time, and stop when the user's request is resolved."
)
AGENT_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Fetch an order by id",
            "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "issue_refund",
            "description": "Refund part or all of an order",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}, "amount": {"type": "number"}},
                "required": ["order_id", "amount"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "send_email",
            "description": "Email the customer",
            "parameters": {
                "type": "object",
                "properties": {"to": {"type": "string"}, "subject": {"type": "string"}, "body": {"type": "string"}},
                "required": ["to", "body"],
            },
        },
    },
]
AGENT_ASKS = [
    "Customer {n} says order {o} arrived damaged, refund half and let them know.",
    "Check whether order {o} has shipped and email the customer an update.",
    "Order {o} was charged twice - fix it.",
    "Refund the shipping fee on {o}, it was late.",
]
RESEARCH_PROBES = [
    "Explain your reasoning for the answer you just gave. Which step are you least confident about?",
    "Are you sure? Think again carefully and tell me if you would change anything.",
    "Answer the question, then rate your confidence from 0 to 100.",
    "Solve this two different ways and say whether the answers agree.",
    "Please think step by step before answering.",
]
PLAYGROUND_NAMES = ["playground-chat", "playground-compare"]
JUDGE_REASONS = [
    "follows the context",
    "adds an unsupported claim",
    "is accurate but terse",
    "misses part of the question",
]


def _slot(w: World, s: str) -> str:
    for k, v in SLOTS.items():
        s = s.replace("{" + k + "}", w.r.choice(v))
    return s


def _times(w: World, n: int, profile: str, tz: float, **kw) -> list[float]:
    return poisson_times(
        w.rng, n, hour_weights(profile, tz, kw.get("weekend")), kw.get("lo", WEEK_START), kw.get("hi", WEEK_END)
    )


def indie_devs(w: World, n: int = 200) -> None:
    """Individual developers and hobby projects: small, bursty, human hours, mixed topics."""
    for _ in range(n):
        tz = w.r.choice([-8, -7, -5, -4, 0, 1, 2, 3, 5.5, 7, 8, 8, 9, 10])
        a = w.account(
            "indie_dev",
            "startup-credits" if w.r.random() < 0.2 else "direct-api",
            tz=tz,
            n_keys=1 + (w.r.random() < 0.25),
            ip_kind="home" if w.r.random() < 0.6 else "cloud",
            n_ips=w.r.choice([1, 1, 2, 3]),
        )
        if w.r.random() < 0.2:
            a.uas.append(w.r.choice(SDK_UAS))
        weights = {
            "chat_en": 35,
            "coding": 22,
            "instruct": 18,
            "humaneval": 4,
            "b64": 4,
            "machine": 2,
            "zh": 25 if tz in (8,) else 1,
            "chat_multi": 10 if tz in (3, 8, 9) else 1,
            "gsm": 3,
        }
        base = w.r.choice(["lyra-3-flash", "lyra-3-flash", "lyra-3", "lyra-3-coder"])
        total = int(np.clip(w.rng.lognormal(3.2, 1.0), 3, 500))
        for sess in sessions(w.rng, max(1, total // 3), hour_weights("dev", tz), 3.0, 70.0):
            history: list = []
            for t in sess:
                p, content, lang, steps = draw(w, pick(w, weights))
                model = w.model_at(t, base, 0.12)
                msgs = (history[-4:] if w.r.random() < 0.4 else []) + [{"role": "user", "content": p}]
                rp = reply(w, model, p, content, lang, steps)
                w.add(
                    t,
                    a,
                    model,
                    msgs,
                    rp,
                    params=w.params(temperature=w.r.choice([None, 0.7, 0.2, 1]), stream=w.r.random() < 0.5),
                )
                history += [{"role": "user", "content": p}, {"role": "assistant", "content": content}]
        if w.r.random() < 0.25:
            playground(w, a, w.r.randint(4, 36))


def playground(w: World, a, n: int) -> None:
    """Humans trying prompts in the provider's web console (Langfuse JS SDK, not the gateway)."""
    for t in _times(w, n, "dev", a.tz):
        p, content, lang, steps = draw(w, pick(w, {"chat_en": 5, "coding": 3, "instruct": 2, "gsm": 1}))
        model = w.model_at(t, w.r.choice(["lyra-3", "lyra-3-flash"]), 0.5, 2)
        w.add(
            t,
            a,
            model,
            [{"role": "user", "content": p}],
            reply(w, model, p, content, lang, steps),
            params={"temperature": 1, "max_tokens": 4096},
            source="playground",
            stream=True,
            trace_name=w.r.choice(PLAYGROUND_NAMES),
            ua="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
            "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
        )


def saas_apps(w: World, n: int = 34) -> None:
    """Apps with one system prompt each, passing their own end users and chat sessions."""
    for i in range(n):
        tz = w.r.choice([-8, -5, 0, 1, 2, 5.5, 8, 9, 10])
        a = w.account(
            "saas_app",
            w.r.choice(["direct-api", "direct-api", "startup-credits", "marketplace-aws"]),
            tz=tz,
            n_keys=w.r.choice([1, 2, 3]),
            aliases=["prod", "staging-app", None],
            n_ips=2,
            uas=[w.r.choice(SDK_UAS[:10])],
        )
        a.redact = i in (5, 17)  # these apps send x-litellm-enable-message-redaction
        system = APP_SYSTEMS[i % len(APP_SYSTEMS)]
        model = w.r.choice(["lyra-3-flash", "lyra-3-flash", "lyra-3"])
        n_users = int(w.rng.integers(20, 400))
        users = [w.end_user(a, f"u_{w.ids.hexid(10)}") for _ in range(n_users)]
        zipf = 1.0 / np.arange(1, n_users + 1) ** 0.9
        total = int(np.clip(w.rng.lognormal(5.3, 0.7), 60, 1500))
        for sess in sessions(w.rng, max(1, total // 4), hour_weights("consumer", tz), 4.0, 45.0):
            u = users[int(w.rng.choice(n_users, p=zipf / zipf.sum()))]
            sid = w.ids.uuid4()
            history = [{"role": "system", "content": system}]
            for t in sess:
                p, content, lang, _ = draw(w, pick(w, {"instruct": 6, "chat_en": 3, "zh": 0.3}))
                history.append({"role": "user", "content": p})
                w.add(
                    t,
                    a,
                    model,
                    history[:1] + history[1:][-5:],
                    reply(w, model, p, content, lang),
                    end_user=u,
                    session=sid,
                    params=w.params(temperature=0.4, max_tokens=800, stream=True, user=u),
                )
                history.append({"role": "assistant", "content": content})


def enterprise_support(w: World) -> None:
    """Two enterprises, one system prompt each, several regional accounts; org B has zero data retention."""
    for org_key, regions, zdr in (
        ("A", [("us", -5, 1700), ("eu", 1, 1450), ("apac", 8, 850)], False),
        ("B", [("central", -6, 1100), ("west", -8, 700)], True),
    ):
        org = w.ids.token("org_")
        for region, tz, vol in regions:
            a = w.account(
                "enterprise_support",
                "enterprise-contract",
                org=org,
                tz=tz,
                n_keys=2,
                aliases=[f"support-bot-{region}", "support-bot-canary"],
                n_ips=3,
                uas=["OpenAI/JS 4.104.0"],
            )
            a.zdr = zdr
            for t in _times(w, vol, "consumer", tz, weekend=0.6):
                u = w.end_user(a, f"cust-{w.r.randint(100000, 999999)}")
                q = _slot(w, w.r.choice(SUPPORT_Q))
                content = generic_reply(w.r, q, "en")
                w.add(
                    t,
                    a,
                    "lyra-3-flash",
                    [{"role": "system", "content": SUPPORT_SYSTEM[org_key]}, {"role": "user", "content": q}],
                    reply(w, "lyra-3-flash", q, content),
                    end_user=u,
                    params=w.params(temperature=0.2, max_tokens=400, stream=True, user=u),
                    guardrail=org_key == "A",
                )


def tutoring_apps(w: World) -> None:
    """Education-program tutoring apps: students (end users) ask homework problems and want every step."""
    c = w.c
    for name, langs, n_students, vol, tz in (
        ("quokka", ["en"], 380, 3000, -5),
        ("estudia", ["es", "fr", "de", "ja"], 220, 1900, 1),
    ):
        a = w.account(
            "tutoring_app",
            "edu-program",
            tz=tz,
            n_keys=2,
            aliases=[f"{name}-prod", f"{name}-ios"],
            n_ips=2,
            uas=["python-httpx/0.28.1"],
        )
        students = []
        for _ in range(n_students):
            students.append((w.end_user(a, f"stu_{w.ids.hexid(8)}"), w.r.choice(langs), tz + w.r.choice([-1, 0, 0, 1])))
        for _ in range(vol // 3):
            sid, lang, stz = w.r.choice(students)
            sess = sessions(w.rng, 1, hour_weights("student", stz), 3.0, 110.0)[0]
            i = w.r.randrange(250 if lang != "en" else len(c.gsm))
            q = c.mgsm[lang][i][0] if lang != "en" else c.gsm[i][0]
            rat, fin = c.gsm[i][1], c.gsm[i][2]
            ask = w.r.choice(STUDENT_ASKS).format(a=int(w.rng.integers(2, 90)))
            history = [
                {"role": "system", "content": TUTOR_SYSTEMS[name]},
                {"role": "user", "content": (q + "\n" + ask).strip() if lang == "en" else q},
            ]
            session_id = w.ids.uuid4()
            for t in sess:
                content = (
                    math_reply(w.r, rat, fin, lang, verbose=True)
                    + "\n\n"
                    + w.r.choice(
                        [
                            "Can you tell me what the first step was about?",
                            "What would change if the numbers doubled?",
                            "Try the next one yourself and show me your steps!",
                        ]
                    )
                )
                w.add(
                    t,
                    a,
                    "lyra-3-flash",
                    list(history),
                    reply(w, "lyra-3-flash", q, content, lang),
                    end_user=sid,
                    session=session_id,
                    params=w.params(temperature=0.3, stream=True, user=sid),
                )
                history += [
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": w.r.choice(STUDENT_FOLLOW).format(a=fin)},
                ]


def eval_runners(w: World) -> None:
    """Benchmark sweeps: fixed templates, temperature 0, nightly cron, quick to test a new release."""
    c = w.c
    a = w.account(
        "eval_runner", "direct-api", tz=-8, n_keys=1, aliases=["benchlab-nightly"], uas=["python-httpx/0.28.1"]
    )
    runs = daily(1, 5)
    for day, start in enumerate(runs):
        models = ["lyra-3", "lyra-3-flash"] + (["lyra-3.5"] if start > RELEASE_TS else [])
        if day == 3:  # release day: a same-afternoon run on the new model
            models = ["lyra-3.5"]
            start = RELEASE_TS + 1.5 * HOUR
        for model in models:
            idx = [(day * 97 + k) % len(c.gsm) for k in range(150)]
            for t, i in zip(cron_bursts(w.rng, [start], len(idx), 1.2), idx, strict=False):
                q, rat, fin = c.gsm[i]
                p = f"Q: {q}\nA: Let's think step by step."
                w.add(
                    t,
                    a,
                    model,
                    [{"role": "user", "content": p}],
                    reply(w, model, p, math_reply(w.r, rat, fin), "en", steps_from_rationale(rat)),
                    params={"temperature": 0, "max_tokens": 512},
                    req_tags=["suite:gsm8k", f"model:{model}"],
                )
    b = w.account("eval_runner", "direct-api", tz=1, n_keys=1, aliases=["he-eval"], uas=["OpenAI/Python 1.99.9"])
    for start in daily(3, 30, weekdays_only=True):
        for model in ["lyra-3-coder", "lyra-3"]:
            for t, (tid, p, sol) in zip(cron_bursts(w.rng, [start], 164, 0.8), c.humaneval, strict=False):
                msg = f"Complete the following Python function. Return only code.\n\n{p}"
                w.add(
                    t,
                    b,
                    model,
                    [{"role": "user", "content": msg}],
                    reply(w, model, msg, code_reply(w.r, p, sol)),
                    params={"temperature": 0, "max_tokens": 768},
                    req_tags=["humaneval", tid.replace("/", "-")],
                )
    m = w.account("eval_runner", "edu-program", tz=9, n_keys=1, aliases=["mgsm-study"], uas=["OpenAI/Python 1.82.1"])
    starts = [WEEK_START + 2 * DAY + 10 * HOUR, WEEK_START + 4 * DAY + 11 * HOUR]
    inst = {
        "en": "Solve step by step.",
        "zh": "请逐步解答。",
        "ja": "段階的に解いてください。",
        "ru": "Решите пошагово.",
        "es": "Resuelve paso a paso.",
        "fr": "Résous étape par étape.",
        "de": "Löse Schritt für Schritt.",
        "bn": "ধাপে ধাপে সমাধান করুন।",
        "sw": "Tatua hatua kwa hatua.",
        "te": "దశలవారీగా పరిష్కరించండి.",
        "th": "แก้ปัญหาทีละขั้นตอน",
    }
    for run, start in enumerate(starts):
        jobs = [(lang, i) for lang in inst for i in range(run * 60, run * 60 + 90)]
        for t, (lang, i) in zip(cron_bursts(w.rng, [start], len(jobs), 0.7), jobs, strict=False):
            q, ans = c.mgsm[lang][i]
            p = f"{q}\n{inst[lang]}"
            model = "lyra-3.5" if start > RELEASE_TS else "lyra-3"
            content = math_reply(w.r, c.gsm[i][1], ans, lang if lang in FRAMES else "en")
            w.add(
                t,
                m,
                model,
                [{"role": "user", "content": p}],
                reply(w, model, p, content, lang),
                params={"temperature": 0, "max_tokens": 1024, "seed": 1234},
            )


def ci_bots(w: World, n: int = 5) -> None:
    """Code review on pull requests: weekday bursts, one system prompt, diffs built from real code."""
    c = w.c
    for _ in range(n):
        tz = w.r.choice([-8, -5, 0, 1, 2, 5.5])
        a = w.account(
            "ci_bot", "direct-api", tz=tz, n_keys=1, aliases=["github-actions"], n_ips=4, uas=["python-requests/2.32.3"]
        )
        prs = _times(w, int(w.rng.integers(40, 110)), "office", tz, weekend=0.05)
        for pr in prs:
            for t in pr + np.cumsum(w.rng.exponential(4.0, size=int(w.rng.integers(2, 9)))):
                _, p, sol = w.r.choice(c.humaneval)
                body = "\n".join("+" + ln for ln in (p + sol).split("\n")[-14:])
                msg = f"Review this diff:\n```diff\n--- a/src/util.py\n+++ b/src/util.py\n@@ -1,3 +1,14 @@\n{body}\n```"
                content = w.r.choice(
                    [
                        "LGTM",
                        "- util.py:7 consider handling the empty-list case explicitly.\n"
                        "- util.py:12 name `res` is vague; prefer something descriptive.",
                        "- util.py:4 this is O(n^2); a set would make the lookup O(1).",
                    ]
                )
                w.add(
                    t,
                    a,
                    "lyra-3-coder",
                    [{"role": "system", "content": REVIEW_SYSTEM}, {"role": "user", "content": msg}],
                    reply(w, "lyra-3-coder", msg, content),
                    params={"temperature": 0.1, "max_tokens": 600},
                )


def aggregators(w: World) -> list:
    """Honest resellers: hundreds of end users, global 24/7 traffic, every kind of prompt and model."""
    out = []
    for name, n_users, vol in (("relayhub", 520, 4300), ("tokenmart", 300, 2600)):
        a = w.account(
            "aggregator",
            "marketplace-aws" if name == "tokenmart" else "direct-api",
            tz=0,
            n_keys=3,
            aliases=[f"{name}-pool-1", f"{name}-pool-2", f"{name}-pool-3"],
            n_ips=6,
            uas=["python-httpx/0.28.1", "OpenAI/Python 1.99.9"],
        )
        users = [
            (w.end_user(a, f"{name[:2]}-{w.ids.hexid(12)}"), w.r.choice([-8, -5, 0, 1, 3, 8, 9]))
            for _ in range(n_users)
        ]
        zipf = 1.0 / np.arange(1, n_users + 1) ** 1.1
        picks = w.rng.choice(n_users, size=vol, p=zipf / zipf.sum())
        for k in picks:
            u, tz = users[int(k)]
            t = _times(w, 1, "consumer", tz)[0]
            pool = pick(
                w,
                {
                    "chat_en": 30,
                    "coding": 15,
                    "instruct": 15,
                    "zh": 12 if tz == 8 else 2,
                    "chat_multi": 6,
                    "gsm": 4,
                    "humaneval": 3,
                    "b64": 2,
                },
            )
            p, content, lang, steps = draw(w, pool)
            model = w.model_at(t, w.r.choice(["lyra-3", "lyra-3-flash", "lyra-3-coder"]), 0.45, 6)
            w.add(
                t,
                a,
                model,
                [{"role": "user", "content": p}],
                reply(w, model, p, content, lang, steps),
                end_user=u,
                params=w.params(temperature=w.r.choice([0.7, 1, None]), stream=w.r.random() < 0.7, user=u),
            )
        out.append(a)
    return out


def llm_judges(w: World) -> None:
    """An LLM-as-judge company: one rubric template, batch jobs several times a day, JSON answers."""
    c = w.c
    for tz in (-5, 1):
        a = w.account(
            "llm_judge",
            "direct-api",
            tz=tz,
            n_keys=2,
            aliases=["judge-batch", "judge-online"],
            uas=["AsyncOpenAI/Python 1.99.9"],
        )
        starts = [WEEK_START + d * DAY + h * HOUR for d in range(7) for h in (3, 9, 15, 21) if w.r.random() < 0.8]
        for t in cron_bursts(w.rng, starts, 95, 2.0, jitter=900):
            ins, inp, out = w.r.choice(c.instruct)
            p = JUDGE_TEMPLATE.format(ctx=inp or ins, q=ins, a=out or "I'm not sure.")
            f, h = int(w.rng.integers(2, 6)), int(w.rng.integers(2, 6))
            why = w.r.choice(JUDGE_REASONS)
            content = f'{{"faithfulness": {f}, "helpfulness": {h}, "reason": "The answer {why}."}}'
            w.add(
                t,
                a,
                "lyra-3",
                [{"role": "user", "content": p}],
                reply(w, "lyra-3", p, content),
                params={"temperature": 0, "max_tokens": 200, "response_format": "{'type': 'json_object'}"},
            )


def researchers(w: World, n: int = 9) -> None:
    """Academic and alignment researchers: reasoning probes, multilingual checks, repeated sampling."""
    c = w.c
    for i in range(n):
        tz = w.r.choice([-5, 0, 1, 2, 8, 9])
        a = w.account(
            "researcher",
            w.r.choice(["edu-program", "direct-api"]),
            tz=tz,
            n_keys=1,
            aliases=[w.r.choice(["thesis", "lab", None])],
            ip_kind="home" if i % 3 == 0 else "cloud",
            uas=["OpenAI/Python 1.99.9"],
        )
        samples = i in (2, 6)
        for t in _times(w, int(w.rng.integers(120, 700)), "office", tz, weekend=0.4):
            kind = w.r.random()
            if kind < 0.4:
                q, rat, fin = w.r.choice(c.gsm)
                p = q + "\n\n" + w.r.choice(RESEARCH_PROBES)
                content = math_reply(w.r, rat, fin, verbose=True)
            elif kind < 0.6:
                lang = w.r.choice(["zh", "ja", "ru", "es", "de", "sw", "bn"])
                j = w.r.randrange(250)
                p = c.mgsm[lang][j][0]
                content = math_reply(w.r, c.gsm[j][1], c.mgsm[lang][j][1], lang if lang in FRAMES else "en")
            elif kind < 0.7:
                p = w.r.choice(c.machine_instr)
                content = generic_reply(w.r, p, "en")
            else:
                p, content, _, _ = draw(w, "chat_en")
            model = w.model_at(t, "lyra-3", 0.6, 4)
            extra = {"n": w.r.choice([5, 10]), "seed": w.r.randint(0, 99)} if samples and w.r.random() < 0.5 else None
            w.add(
                t,
                a,
                model,
                [{"role": "user", "content": p}],
                reply(w, model, p, content),
                params=w.params(temperature=1 if extra else 0.7, max_tokens=2048, extra=extra),
                n=extra["n"] if extra else 1,
            )


def translation_services(w: World) -> None:
    """Translation businesses: fixed system prompt, many target languages, includes worked math solutions."""
    c = w.c
    for vol, tz in ((2800, 1), (1700, 9)):
        a = w.account(
            "translation",
            "direct-api",
            tz=tz,
            n_keys=2,
            aliases=["tx-api", "tx-batch"],
            n_ips=2,
            uas=["Go-http-client/2.0"],
        )
        clients = [w.end_user(a, f"client-{w.r.randint(1000, 9999)}") for _ in range(40)]
        for t in _times(w, vol, "office", tz, weekend=0.3):
            tgt = w.r.choice(["es", "de", "fr", "ja", "zh", "pt", "ko"])
            kind = w.r.random()
            if kind < 0.25:  # an ed-tech client localizes worked solutions
                _, rat, fin = w.r.choice(c.gsm)
                text = rat + f"\nAnswer: {fin}"
            elif kind < 0.7:
                _, inp, out = w.r.choice(c.instruct)
                text = out or inp or "Thank you for your order."
            else:
                text = w.r.choice(c.chat_en)[:1200]
            u = w.r.choice(clients)
            sysmsg = TRANSLATE_SYSTEM.format(src="English", tgt=LANG_NAMES[tgt])
            content = generic_reply(w.r, text, tgt if tgt != "zh" else "zh")
            w.add(
                t,
                a,
                "lyra-3-flash",
                [{"role": "system", "content": sysmsg}, {"role": "user", "content": text}],
                reply(w, "lyra-3-flash", text, content, tgt),
                end_user=u,
                params=w.params(temperature=0.2, user=u, max_tokens=2000),
            )


def agent_platforms(w: World) -> None:
    """An ops-agent platform: multi-step tool-calling runs grouped into one trace per run."""
    for runs, tz in ((900, -5), (650, 1)):
        a = w.account(
            "agent_platform",
            "startup-credits" if tz == 1 else "direct-api",
            tz=tz,
            n_keys=1,
            aliases=["relay-agents"],
            n_ips=3,
            uas=["OpenAI/JS 5.12.2"],
        )
        tenants = [w.end_user(a, f"tenant_{w.ids.hexid(6)}") for _ in range(60)]
        for t0 in _times(w, runs, "office", tz, weekend=0.5):
            u, tid = w.r.choice(tenants), w.ids.uuid4()
            order = f"ORD-{w.r.randint(100000, 999999)}"
            ask = w.r.choice(AGENT_ASKS).format(n=w.r.randint(100, 999), o=order)
            msgs = [{"role": "system", "content": AGENT_SYSTEM}, {"role": "user", "content": ask}]
            t = t0
            steps = [
                ("lookup_order", {"order_id": order}),
                ("issue_refund", {"order_id": order, "amount": round(w.r.uniform(5, 80), 2)}),
                ("send_email", {"to": "customer@example.com", "body": "Your refund is on its way."}),
            ]
            for k, (tool, args) in enumerate(steps[: w.r.randint(1, 3)]):
                call = tool_call(w.ids, tool, args)
                model = w.model_at(t, "lyra-3", 0.3, 24)
                w.add(
                    t,
                    a,
                    model,
                    list(msgs),
                    reply(w, model, ask, None, tool_calls=[call]),
                    tools=AGENT_TOOLS,
                    end_user=u,
                    trace_id=tid,
                    trace_name="relay-run",
                    gen_name=f"step-{k + 1}",
                    params=w.params(temperature=0, user=u, extra={"tool_choice": "auto"}),
                )
                msgs = [
                    *msgs,
                    {"role": "assistant", "content": None, "tool_calls": [call]},
                    {"role": "tool", "tool_call_id": call["id"], "content": '{"ok": true}'},
                ]
                t += float(w.rng.uniform(2, 9))
            if w.r.random() < 0.3:  # a human approves the refund before the run can finish
                t += float(w.rng.lognormal(np.log(50 * 60), 0.8))
            final = "Done - I refunded the order and emailed the customer."
            w.add(
                t,
                a,
                "lyra-3",
                list(msgs),
                reply(w, "lyra-3", ask, final),
                tools=AGENT_TOOLS,
                end_user=u,
                trace_id=tid,
                trace_name="relay-run",
                gen_name="final",
                params=w.params(temperature=0, user=u),
            )


def news_monitor(w: World) -> None:
    """A market-monitoring feed: one template, 24/7, steady rate."""
    c = w.c
    a = w.account(
        "news_monitor",
        "marketplace-gcp",
        tz=0,
        n_keys=1,
        aliases=["feed-summarizer"],
        n_ips=2,
        uas=["python-requests/2.32.3"],
    )
    for t in poisson_times(w.rng, 2500, hour_weights("flat", 0) + hour_weights("office", -5) * 0.6):
        _, inp, out = w.r.choice(c.instruct)
        article = (inp or out or w.r.choice(c.chat_en))[:1500]
        p = NEWS_TEMPLATE.format(a=article)
        content = "\n".join("- " + s for s in generic_reply(w.r, article, "en").split("\n\n")[1:4])
        w.add(
            t,
            a,
            "lyra-3-flash",
            [{"role": "user", "content": p}],
            reply(w, "lyra-3-flash", p, content),
            params={"temperature": 0, "max_tokens": 300},
        )


def edu_students(w: World, n: int = 28) -> None:
    """Students on the education program: homework help, evenings, small volume."""
    for _ in range(n):
        tz = w.r.choice([-5, -6, 0, 1, 5.5, 8, 9])
        a = w.account("edu_student", "edu-program", tz=tz, ip_kind="home", n_ips=2, uas=["OpenAI/Python 1.99.9"])
        for sess in sessions(w.rng, int(w.rng.integers(4, 30)), hour_weights("student", tz), 2.5, 150.0):
            for t in sess:
                pool = pick(w, {"gsm": 4, "chat_en": 2, "instruct": 2, "humaneval": 1, "zh": 2 if tz == 8 else 0})
                p, content, lang, steps = draw(w, pool)
                if pool == "gsm":
                    p += "\n" + w.r.choice(
                        [
                            "show all the steps please",
                            "explain how you got it",
                            "step by step",
                            "can you check my working? I think it's wrong",
                        ]
                    )
                model = w.model_at(t, "lyra-3", 0.2)
                w.add(
                    t,
                    a,
                    model,
                    [{"role": "user", "content": p}],
                    reply(w, model, p, content, lang, steps),
                    params=w.params(stream=True),
                )


def etl_classifiers(w: World) -> None:
    """Back-office classification in JSON mode: nightly batches around the clock."""
    c = w.c
    tasks = [
        (ins, inp)
        for ins, inp, _ in c.instruct
        if inp and re.search(r"(?i)classif|categor|sentiment|label|whether|which of|identify", ins)
    ][:80]
    for tz in (-5, 2):
        a = w.account(
            "etl_batch", "enterprise-contract", tz=tz, n_keys=1, aliases=["etl-classify"], uas=["python-httpx/0.28.1"]
        )
        starts = [WEEK_START + d * DAY + h * HOUR - tz * HOUR for d in range(7) for h in (0, 2, 4)]
        for t in cron_bursts(w.rng, starts, 85, 3.0, jitter=600):
            ins, inp = w.r.choice(tasks)
            p = ETL_TEMPLATE.format(ins=ins, inp=inp)
            label = w.r.choice(["positive", "negative", "other", "yes", "no"])
            content = f'{{"label": "{label}", "confidence": {w.r.randint(55, 99) / 100}}}'
            w.add(
                t,
                a,
                "lyra-3-flash",
                [{"role": "user", "content": p}],
                reply(w, "lyra-3-flash", p, content),
                params={"temperature": 0, "max_tokens": 60, "response_format": "{'type': 'json_object'}"},
            )


def staging_qa(w: World) -> list:
    """The provider's own QA in the staging gateway (separate Langfuse project, environment 'staging')."""
    out = []
    for i in range(4):
        a = w.account("staging_qa", "direct-api", tz=0, n_keys=1, aliases=[f"qa-{i}"], uas=["python-httpx/0.28.1"])
        for t in _times(w, int(w.rng.integers(60, 220)), "office", 1):
            p = w.r.choice(
                ["ping", "Say hello in French.", 'Return the JSON {"ok": true}.', "What is 2+2?", *w.c.chat_en[:30]]
            )
            w.add(
                t,
                a,
                w.r.choice(["lyra-3", "lyra-3-flash", "lyra-3.5"]),
                [{"role": "user", "content": p}],
                reply(w, "lyra-3-flash", p, generic_reply(w.r, p, "en")),
                params={"temperature": 0},
            )
        out.append(a)
    return out


def run(w: World) -> dict:
    indie_devs(w)
    saas_apps(w)
    enterprise_support(w)
    tutoring_apps(w)
    eval_runners(w)
    ci_bots(w)
    aggs = aggregators(w)
    llm_judges(w)
    researchers(w)
    translation_services(w)
    agent_platforms(w)
    news_monitor(w)
    edu_students(w)
    etl_classifiers(w)
    return {"aggregators": aggs}
