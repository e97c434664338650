"""Benign personas of the out-of-simulator probe, including the look-alikes that must not be flagged.

Each function creates one account and its week of calls. Counts (at ``benign_scale`` 1) are in the
decorators. Prompts are real (``foreign_prompts.Pools``); the heavy and repetitive personas (eval suites,
CI jobs, enterprise apps, aggregators) and the step-by-step ones (researchers, students) are the hard
cases a distillation detector confuses with harvesting.
"""

from __future__ import annotations

import numpy as np

from foreign_actors import BUSINESS, DAY, EVENING, FLAT, START, Ctx, benign, diurnal, ip4, ip6, pick, user

TZS = (-8, -5, -3, 0, 1, 2, 3, 5, 8, 9)
MGSM_BY_TZ = {-8: "en", -5: "en", -3: "es", 0: "en", 1: "de", 2: "fr", 3: "ru", 5: "bn", 8: "zh", 9: "ja"}
HOMEWORK = ("Can you explain step by step how to solve this? I'm stuck on my homework.\n\n{q}",
            "{q}\n\nPlease show every step, my teacher wants the working.",
            "I got a different answer than my friend. Walk me through it step by step?\n{q}",
            "Help me understand this problem, step by step please: {q}")
RESEARCH = ("Explain your reasoning step by step before giving the final answer.\n\n{q}",
            "{q}\n\nThink it through carefully and show your chain of thought.",
            "For a study on model reasoning: solve the problem below and explain each step.\n\n{q}")
EVAL_MATH = ("Solve the following math problem step by step. The last line of your response should be of the form "
             "Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n{q}\n\nRemember to put "
             "your answer on its own line after \"Answer:\".")
EVAL_CODE = "Complete the following Python function. Return only the code.\n\n```python\n{q}\n```"
TRANSLATE = ("Translate the following text into {lang}. Keep the formatting.\n\n{q}",
             "Please translate to {lang}, natural tone, no explanations:\n{q}",
             "{q}\n\n---\nTranslate the text above into {lang}.")
LANGS = ("English", "German", "French", "Spanish", "Japanese", "Chinese", "Portuguese")
# Enterprise apps take these in turn, so even a small run has a non-English one.
COMPANIES = ("Du bist der interne Wissensassistent der Stadtwerke Rheinau. Antworte knapp und sachlich.",
             "You are Ava, the support assistant for Northwind Outfitters. Answer politely, cite the help centre "
             "when you can, and never promise refunds.",
             "You are a writing assistant inside the Quillpad editor. Rewrite or answer exactly what the user asks.",
             "You are an HR policy helper for Acme Logistics employees. If unsure, refer to the HR portal.")
CI_PROMPTS = ("Return the JSON {\"status\": \"ok\"} and nothing else.",
              "Summarize in one sentence: The deployment pipeline finished and all integration tests passed.",
              "Classify the sentiment of: 'The package arrived on time and works great.' Answer positive or negative.")


def _mixed(ctx: Ctx, lang: str = "en") -> str:
    p, rng = ctx.pools, ctx.rng
    r = rng.random()
    if r < 0.3:
        return str(pick(rng, p.instruct))
    if r < 0.5:
        return str(pick(rng, p.arena))
    if r < 0.65:
        return str(pick(rng, p.hh)[0])
    if r < 0.8:
        return str(pick(rng, p.belle)) if lang == "zh" else str(pick(rng, p.mgsm.get(lang, p.mgsm["en"])))
    return str(pick(rng, p.arena_code + p.humaneval))


@benign("casual", 200)
def casual(ctx: Ctx) -> None:
    """Occasional users: a few diverse questions on some days, evenings or office hours, home IPs."""
    rng = ctx.rng
    tz = int(pick(rng, TZS))
    ips = [ip6(rng) if rng.random() < 0.15 else ip4(rng) for _ in range(int(rng.integers(1, 4)))]
    a = ctx.account("benign:casual", tz=tz, ips=ips, tier="free" if rng.random() < 0.5 else "tier-1",
                    access_path="consumer_app" if rng.random() < 0.4 else "direct_api")
    active = rng.random(ctx.world.days) < rng.uniform(0.3, 0.9)
    profile = EVENING if rng.random() < 0.6 else BUSINESS
    for ts in ctx_times(ctx, float(rng.lognormal(1.2, 0.6)), profile, tz):
        if active[int((ts - START) // DAY)]:
            model = "orion-flash" if rng.random() < 0.6 else "orion-pro"
            ctx.emit(a, float(ts), model, user(_mixed(ctx, MGSM_BY_TZ[tz])))


@benign("developer", 70)
def developer(ctx: Ctx) -> None:
    """Coders in office hours: code prompts, some follow-ups, new model tried a day or two after release."""
    rng = ctx.rng
    tz = int(pick(rng, TZS))
    a = ctx.account("benign:developer", tz=tz, ips=[ip4(rng) for _ in range(2)], tier="tier-2")
    switch = ctx.world.release + float(rng.uniform(0.5, 3)) * DAY
    for ts in ctx_times(ctx, float(rng.uniform(8, 40)), BUSINESS, tz, weekend=0.2):
        task = str(pick(rng, ctx.pools.arena_code + ctx.pools.humaneval))
        model = "orion-pro-2" if ts > switch and rng.random() < 0.6 else "orion-pro"
        msgs = user(task)
        if rng.random() < 0.3:
            msgs += [{"role": "assistant", "content": "Here is a first version..."},
                     {"role": "user", "content": "That fails on empty input, can you fix it?"}]
        ctx.emit(a, float(ts), model, msgs, max_tokens=4096)


@benign("student", 60)
def student(ctx: Ctx) -> None:
    """Homework help, step by step, evenings; many students share a campus NAT address."""
    rng = ctx.rng
    campus = int(rng.integers(0, 4))
    nat = f"{130 + campus}.{campus * 7 + 20}.{campus + 4}.{10 + campus}"
    tz = (-5, 1, 8, 9)[campus]
    a = ctx.account("benign:student", tz=tz, ips=[nat], access_path="education", tier="free",
                    uas=["Mozilla/5.0 (Windows NT 10.0; Win64; x64) StudyHelper/1.2"])
    lang = MGSM_BY_TZ[tz]
    for ts in ctx_times(ctx, float(rng.uniform(3, 14)), EVENING, tz, weekend=1.3):
        if rng.random() < 0.5:
            q, rat = pick(rng, ctx.pools.gsm8k)
        else:
            q, rat = str(pick(rng, ctx.pools.mgsm[lang])), None
        ctx.emit(a, float(ts), "orion-pro", user(str(pick(rng, HOMEWORK)).format(q=q)), rationale=rat)


@benign("researcher", 30)
def researcher(ctx: Ctx) -> None:
    """Academics probing reasoning: many step-by-step prompts, late nights, the new model on release day."""
    rng = ctx.rng
    tz = int(pick(rng, TZS))
    campus = f"{141 + int(rng.integers(3))}.20.{int(rng.integers(9))}"
    a = ctx.account("benign:researcher", tz=tz, ips=[ip4(rng, campus)], access_path="education", tier="tier-2")
    profile = BUSINESS + 0.4 * EVENING
    for ts in ctx_times(ctx, float(rng.uniform(10, 50)), profile, tz, weekend=0.5):
        model = "orion-pro-2" if ts > ctx.world.release + 6 * 3600 and rng.random() < 0.5 else "orion-pro"
        if rng.random() < 0.4:
            q, rat = pick(rng, ctx.pools.gsm8k)
            ctx.emit(a, float(ts), model, user(str(pick(rng, RESEARCH)).format(q=q)), rationale=rat)
        else:
            ctx.emit(a, float(ts), model, user(str(pick(rng, ctx.pools.arena_math + ctx.pools.arena))))


@benign("translator", 20)
def translator(ctx: Ctx) -> None:
    """Translators: one instruction shape, many texts, office hours."""
    rng = ctx.rng
    tz = int(pick(rng, TZS))
    a = ctx.account("benign:translator", tz=tz, tier="tier-1")
    target = str(pick(rng, LANGS))
    for ts in ctx_times(ctx, float(rng.uniform(20, 80)), BUSINESS, tz, weekend=0.3):
        src = str(pick(rng, ctx.pools.belle)) if rng.random() < 0.4 else str(pick(rng, ctx.pools.instruct))
        ctx.emit(a, float(ts), "orion-flash", user(str(pick(rng, TRANSLATE)).format(lang=target, q=src)))


@benign("enterprise_app", 18)
def enterprise_app(ctx: Ctx) -> None:
    """A company's app: one system prompt, high volume in business hours, thousands of end users."""
    rng = ctx.rng
    tz = int(pick(rng, (-5, 0, 1, 8)))
    net = f"{int(rng.integers(20, 60))}.{int(rng.integers(256))}.{int(rng.integers(256))}"
    app = f"{pick(rng, ('northwind', 'quillpad', 'acme-hr'))}-svc/2.{rng.integers(9)} OpenAI/Python 1.54.3"
    a = ctx.account("benign:enterprise_app", tz=tz, ips=[ip4(rng, net) for _ in range(3)], uas=[app],
                    tier="enterprise", access_path="cloud_marketplace" if rng.random() < 0.5 else "direct_api",
                    id_kind="team" if rng.random() < 0.5 else "user")
    system = COMPANIES[sum(x.archetype == a.archetype for x in ctx.accounts[:-1]) % len(COMPANIES)]
    model = "orion-flash" if rng.random() < 0.7 else "orion-pro"
    for ts in ctx_times(ctx, float(rng.uniform(120, 420)), BUSINESS, tz, weekend=0.1):
        text = str(pick(rng, ctx.pools.instruct)) if rng.random() < 0.6 else str(pick(rng, ctx.pools.hh)[0])
        ctx.emit(a, float(ts), model, user(text, system), end_user=f"cust-{int(rng.integers(50_000))}", max_tokens=800)


@benign("aggregator", 6)
def aggregator(ctx: Ctx) -> None:
    """A multi-model app reselling access: diverse prompts in many languages around the clock, new models at once."""
    rng = ctx.rng
    net = f"{int(rng.integers(60, 100))}.{int(rng.integers(256))}.{int(rng.integers(256))}"
    a = ctx.account("benign:aggregator", ips=[ip4(rng, net) for _ in range(4)], tier="enterprise",
                    uas=["OpenAI/Python 1.54.3"], access_path="direct_api")
    langs = list(ctx.pools.mgsm)
    adopt = ctx.world.release + float(rng.uniform(1, 6)) * 3600
    for ts in ctx_times(ctx, float(rng.uniform(500, 1300)), FLAT + 0.5 * BUSINESS, 0):
        r = rng.random()
        if r < 0.1:
            q, rat = pick(rng, ctx.pools.gsm8k)
            ctx.emit(a, float(ts), "orion-pro", user(f"{q}\nExplain step by step."), rationale=rat,
                     end_user=f"u{int(rng.integers(200_000))}")
            continue
        model = "orion-pro-2" if ts > adopt and rng.random() < 0.35 else str(pick(rng, ("orion-flash", "orion-pro")))
        text = _mixed(ctx, str(pick(rng, langs)))
        ctx.emit(a, float(ts), model, user(text), end_user=f"u{int(rng.integers(200_000))}")


@benign("eval_suite", 12)
def eval_suite(ctx: Ctx) -> None:
    """Benchmark runs: the same public prompts in bursts, a few runs a week and one on the new model at once."""
    rng = ctx.rng
    harness = str(pick(rng, ("lm-eval/0.4.5", "python-httpx/0.27.2", "simple-evals/1.0")))
    a = ctx.account("benign:eval_suite", ips=[ip4(rng)], tier="tier-3", uas=[harness],
                    access_path="startup" if rng.random() < 0.5 else "direct_api")
    w = ctx.world
    runs = [(START + float(rng.uniform(0, w.days)) * DAY, str(pick(rng, ("orion-pro", "orion-flash"))))
            for _ in range(int(rng.integers(2, 5)))]
    runs.append((w.release + float(rng.uniform(0.5, 6)) * 3600, "orion-pro-2"))
    bench = str(pick(rng, ("gsm8k", "mgsm", "humaneval")))
    for t0, model in runs:
        if bench == "gsm8k":
            items = [EVAL_MATH.format(q=q) for q, _ in ctx.pools.gsm8k[: int(rng.integers(200, 500))]]
        elif bench == "mgsm":
            items = [EVAL_MATH.format(q=q) for lang in ("en", "de", "ja") for q in ctx.pools.mgsm[lang][:120]]
        else:
            items = [EVAL_CODE.format(q=q) for q in ctx.pools.humaneval]
        gaps = rng.exponential(1.2, len(items))  # a worker pool with a few requests in flight
        for ts, item in zip(t0 + np.cumsum(gaps), items, strict=True):
            ctx.emit(a, float(ts), model, user(item), temperature=0.0, max_tokens=2048)


@benign("ci_job", 14)
def ci_job(ctx: Ctx) -> None:
    """Scheduled smoke tests: identical prompts every 30 or 60 minutes, day and night, from CI runners' IPs."""
    rng = ctx.rng
    pools = ("20.42", "40.84", "52.170", "13.64")  # a hosted CI provider's runner ranges
    runners = [ip4(rng, f"{pick(rng, pools)}.{rng.integers(256)}") for _ in range(60)]
    a = ctx.account("benign:ci_job", ips=runners, uas=["python-httpx/0.27.0"], id_kind="team", tier="tier-2")
    period = float(pick(rng, (1800.0, 3600.0)))
    prompts = list(CI_PROMPTS[: int(rng.integers(1, 4))])
    t = START + float(rng.uniform(0, period))
    new_model_from = ctx.world.release + float(rng.uniform(2, 20)) * 3600
    while t < ctx.world.end:
        for k, p in enumerate(prompts):
            ctx.emit(a, t + 2.0 * k + float(rng.uniform(0, 1)), "orion-flash", user(p), temperature=0.0)
            if t > new_model_from:
                ctx.emit(a, t + 2.0 * k + 1.5, "orion-pro-2", user(p), temperature=0.0)
        t += period + float(rng.normal(0, 20))


def ctx_times(ctx: Ctx, per_day: float, profile: np.ndarray, tz: int, weekend: float = 1.0) -> np.ndarray:
    """Arrival times for one account of ``ctx`` (see ``foreign_actors.diurnal``)."""
    return diurnal(ctx.rng, ctx.world, per_day, profile, tz, weekend)

