"""Benign personas driven by individual people or small teams: developers, students, researchers, eval and CI jobs."""

from __future__ import annotations

import json

import numpy as np

from .actors import Ctx, sys_user
from .identity import BROWSER_UA, DEV_UAS, SDK_UAS, block24, ip_in, random_ip
from .prompts import RUBRIC_SYSTEMS, dev_prompt
from .timing import hourly_weights, poisson_times, schedule_times, session_times

TZ_NET = [
    (-8.0, "residential_us"),
    (-5.0, "residential_us"),
    (0.0, "residential_eu"),
    (1.0, "residential_eu"),
    (2.0, "residential_eu"),
    (5.5, "residential_asia"),
    (8.0, "residential_asia"),
    (9.0, "residential_asia"),
]
STEP_SUFFIXES = [
    "Let's think step by step.",
    "Explain your reasoning before giving the final answer.",
    "Please show your work.",
    "Walk me through the derivation.",
]


def _gen_len(ctx: Ctx, rng_i: int) -> int:
    return ctx.corpus.gen_tokens[rng_i % len(ctx.corpus.gen_tokens)]


def indie_dev(ctx: Ctx, i: int) -> None:
    """A developer building something on the side: office-hour sessions, mixed prompts, tries new models."""
    rng, nr = ctx.rng(f"indie/{i}"), ctx.nrng(f"indie/{i}")
    org = ctx.new_org(rng, "indie_dev", rng.choice(["developer", "developer", "free-trial", "standard"]))
    acct = ctx.new_account(rng, org)
    tz, net = rng.choice(TZ_NET)
    vol = ctx.v(min(float(nr.lognormal(np.log(25), 1.1)), 2500))
    w = hourly_weights(ctx.start, ctx.hours, "office", tz, rng.choice([0.2, 0.5, 1.0]), nr)
    times = session_times(nr, ctx.start, w, vol, mean_len=5, gap_s=45, t1=ctx.end)
    ips = [random_ip(rng, net), random_ip(rng, net)]
    ua = rng.choice(SDK_UAS + DEV_UAS)
    prefs: list[tuple[str, float]] = rng.choice(
        [[("gpt-4o-mini", 3.0), ("gpt-4o", 1.0)], [("gpt-4.1", 2.0), ("o4-mini", 1.0)], [("gpt-4o", 1.0)]]
    )
    adopt = rng.choice([0.0, 0.0, 0.3, 0.7])
    sysmsg = rng.choice([None, "You are a helpful assistant.", None])
    for t in times:
        p = dev_prompt(ctx.corpus, rng)
        if p.startswith("Complete this"):
            resp = ctx.writer.code(rng)
        else:
            resp = ctx.writer.length_to(rng, _gen_len(ctx, rng.randrange(10**6)))
        dep = ctx.deployment_at(rng, t, prefs, adopt)
        ctx.call(
            rng,
            t,
            acct,
            dep,
            sys_user(sysmsg, p),
            resp,
            rng.choice(ips) if rng.random() < 0.9 else random_ip(rng, net),
            ua if rng.random() < 0.9 else rng.choice(DEV_UAS),
            api_version=rng.choice(["2024-10-21", "2025-01-01-preview"]),
        )


def student(ctx: Ctx, i: int) -> None:
    """Students on the education tier: evening bursts before deadlines, homework maths and code, shared campus NAT."""
    rng, nr = ctx.rng(f"student/{i}"), ctx.nrng(f"student/{i}")
    if "universities" not in ctx.shared:  # six campuses, two NAT addresses each, shared by their students
        urng = ctx.rng("universities")
        ctx.shared["universities"] = [[ip_in(urng, block24(urng, "university")) for _ in range(2)] for _ in range(6)]
    unis = ctx.shared["universities"]
    uni = unis[i % len(unis)]
    tz = [-5.0, -8.0, 1.0, 0.0, 8.0, 9.0][i % 6]
    home = random_ip(rng, "residential_us" if tz < 0 else "residential_eu" if tz < 3 else "residential_asia")
    org = ctx.new_org(rng, "student", "education")
    acct = ctx.new_account(rng, org)
    vol = ctx.v(min(float(nr.lognormal(np.log(30), 0.9)), 600))
    w = hourly_weights(ctx.start, ctx.hours, "evening", tz, 1.2, nr)
    deadline = int(nr.integers(2, 7)) * 24
    w[max(0, deadline - 30) : deadline] *= 6.0  # the night before a deadline
    times = session_times(nr, ctx.start, w, vol, mean_len=6, gap_s=70, t1=ctx.end)
    ua = rng.choice(["OpenAI/Python 1.66.3", "AzureOpenAI/Python 1.58.1", BROWSER_UA, "python-requests/2.32.3"])
    c = ctx.corpus
    for t in times:
        r = rng.random()
        if r < 0.4:
            item = rng.choice(c.gsm8k)
            p = rng.choice(["", "how do i solve this: ", "Can you help with this homework problem? "]) + item.question
            if rng.random() < 0.5:
                p += " " + rng.choice(STEP_SUFFIXES)
            resp = ctx.writer.steps(rng, item)
        elif r < 0.65:
            code = rng.choice(c.humaneval)
            p = rng.choice(["my assignment asks this, why does my code fail?\n", "Implement:\n", ""]) + code.prompt
            resp = ctx.writer.code(rng)
        else:
            ins, inp, _ = rng.choice(c.instructions)
            p = f"{ins} {inp}".strip()
            resp = ctx.writer.length_to(rng, _gen_len(ctx, rng.randrange(10**6)))
        ip = uni[rng.randrange(2)] if rng.random() < 0.6 else home
        ctx.call(rng, t, acct, rng.choice(["gpt-4o-mini", "gpt-4o-mini", "o4-mini"]), sys_user(None, p), resp, ip, ua)


def researcher_cot(ctx: Ctx, i: int) -> None:
    """Academic reasoning research: step-by-step maths in several languages, small batch sweeps on reasoning models."""
    rng, nr = ctx.rng(f"research/{i}"), ctx.nrng(f"research/{i}")
    org = ctx.new_org(rng, "researcher_cot", rng.choice(["standard", "education", "developer"]))
    acct = ctx.new_account(rng, org)
    tz, _ = rng.choice(TZ_NET)
    ip = ip_in(rng, block24(rng, "university"))
    ua = rng.choice(["OpenAI/Python 1.66.3", "AsyncAzureOpenAI/Python 1.61.0"])
    vol = ctx.v(min(float(nr.lognormal(np.log(160), 0.8)), 2000))
    w = hourly_weights(ctx.start, ctx.hours, "office", tz, 0.4, nr)
    times = session_times(nr, ctx.start, w, vol, mean_len=25, gap_s=6, t1=ctx.end)
    langs = rng.sample(list(ctx.corpus.mgsm), 3)
    suffix = rng.choice(STEP_SUFFIXES)
    for t in times:
        if rng.random() < 0.5:
            item = rng.choice(ctx.corpus.gsm8k)
            p, resp = f"{item.question}\n{suffix}", ctx.writer.steps(rng, item)
        elif rng.random() < 0.6:
            q, a = rng.choice(ctx.corpus.mgsm[rng.choice(langs)])
            p, resp = q, ctx.writer.steps(rng, None, 4) + f" {a}"
        else:
            p, resp = rng.choice(ctx.corpus.arena_math) + "\n" + suffix, ctx.writer.steps(rng, None, 7)
        dep = ctx.deployment_at(rng, t, [("o4-mini", 3), ("gpt-4.1", 1)], 0.5)
        ctx.call(rng, t, acct, dep, sys_user(None, p), resp, ip, ua)


EVAL_TEMPLATES = {
    "gsm8k": "Solve the following math problem step by step. The last line of your response should be of the form "
    '"ANSWER: $ANSWER" (without quotes) where $ANSWER is the answer to the problem.\n\n{q}\n\nRemember to '
    'put your answer on its own line after "ANSWER:", and you do not need to use a \\boxed command.',
    "humaneval": "Read the following function signature and docstring, and fully implement the function described. "
    "Your response should only contain the code for this function.\n{q}",
    "arena": "{q}",
    "mgsm": "{q}",
}


def eval_runner(ctx: Ctx, i: int) -> None:
    """Model-evaluation team: full benchmark sweeps at machine speed, the same items re-run per model and per day."""
    rng, nr = ctx.rng(f"eval/{i}"), ctx.nrng(f"eval/{i}")
    org = ctx.new_org(rng, "eval_runner", "enterprise" if i % 2 else "standard")
    accts = [ctx.new_account(rng, org) for _ in range(rng.choice([1, 2]))]
    ip = ip_in(rng, block24(rng, rng.choice(["azure", "aws", "gcp"])))
    ua = rng.choice(["OpenAI/Python 1.66.3", "AsyncAzureOpenAI/Python 1.61.0"])
    benches = rng.sample(["gsm8k", "humaneval", "arena", "mgsm"], 2)
    c = ctx.corpus
    n_runs = rng.randint(3, 7)
    run_starts = sorted(ctx.start + rng.random() * (ctx.end - ctx.start - 8 * 3600) for _ in range(n_runs))
    if rng.random() < 0.75:  # eval teams benchmark a new model on release day
        run_starts.append(ctx.release + rng.uniform(1800, 18 * 3600))
    for k, t0 in enumerate(sorted(run_starts)):
        bench = benches[k % len(benches)]
        dep = (
            "gpt-5.2"
            if t0 >= ctx.release and (k == len(run_starts) - 1 or rng.random() < 0.5)
            else rng.choice(["gpt-4o", "gpt-4.1", "o4-mini", "gpt-4o-mini"])
        )
        n_items = int(ctx.v(rng.choice([60, 120, 160, 200])))
        rate = rng.uniform(0.5, 3.0)  # requests per second with a worker pool
        times = t0 + np.cumsum(nr.exponential(1.0 / rate, size=n_items))
        lang = rng.choice(list(c.mgsm))
        acct = accts[k % len(accts)]
        for j, t in enumerate(times):
            if bench == "gsm8k":
                item = c.gsm8k[j % len(c.gsm8k)]
                p, resp = EVAL_TEMPLATES[bench].format(q=item.question), ctx.writer.steps(rng, item)
            elif bench == "humaneval":
                idx = j % len(c.humaneval)
                p, resp = EVAL_TEMPLATES[bench].format(q=c.humaneval[idx].prompt), ctx.writer.code(rng, idx, False)
            elif bench == "mgsm":
                q, a = c.mgsm[lang][j % 250]
                p, resp = q, ctx.writer.steps(rng, None, 4) + f"\n{a}"
            else:
                p, resp = c.arena[j % len(c.arena)], ctx.writer.length_to(rng, 400)
            if float(t) < ctx.end:
                ctx.call(rng, float(t), acct, dep, sys_user(None, p), resp, ip, ua, request_id=False)


def ci_job(ctx: Ctx, i: int) -> None:
    """A regression suite in CI: the same few prompts on a cron schedule around the clock."""
    rng, nr = ctx.rng(f"ci/{i}"), ctx.nrng(f"ci/{i}")
    org = ctx.new_org(rng, "ci_job", rng.choice(["standard", "enterprise", "developer"]))
    acct = ctx.new_account(rng, org, slug=f"ci-{org.user_id[:6]}-smoke" if i % 3 == 0 else None)
    ip_block = block24(rng, rng.choice(["azure", "aws"]))  # hosted runners: a different address each run
    ua = rng.choice(["python-requests/2.32.3", "OpenAI/Python 1.66.3", "Go-http-client/2.0", "curl/8.5.0"])
    period = ctx.period(rng.choice([1800.0, 3600.0, 3600.0, 7200.0]))
    prompts = [dev_prompt(ctx.corpus, rng)[:600] for _ in range(rng.randint(1, 4))]
    dep = rng.choice(["gpt-4o-mini", "gpt-4o", "gpt-4.1"])
    answers = [ctx.writer.length_to(rng, 120) for _ in prompts]
    for t in schedule_times(nr, ctx.start, ctx.end, period, 20.0, rng.uniform(0, period)):
        ip = ip_in(rng, ip_block)
        for k, p in enumerate(prompts):
            ctx.call(rng, float(t) + k * 2.0, acct, dep, sys_user("You are a test oracle.", p), answers[k], ip, ua)


def llm_judge(ctx: Ctx, i: int) -> None:
    """Grades its own support bot's answers with a fixed rubric: nightly batches plus a trickle by day."""
    rng, nr = ctx.rng(f"judge/{i}"), ctx.nrng(f"judge/{i}")
    org = ctx.new_org(rng, "llm_judge", rng.choice(["standard", "enterprise"]))
    acct = ctx.new_account(rng, org)
    ip = ip_in(rng, block24(rng, rng.choice(["azure", "corporate"])))
    ua = rng.choice(SDK_UAS[:6])
    rubric = RUBRIC_SYSTEMS[i % len(RUBRIC_SYSTEMS)]
    questions = [f"{a} {b}".strip() for a, b, _ in rng.sample(ctx.corpus.instructions, 40)]
    vol = ctx.v(min(float(nr.lognormal(np.log(350), 0.7)), 2500))
    w = hourly_weights(ctx.start, ctx.hours, "night_batch", rng.choice([-5.0, 1.0]), 1.0, nr)
    times = poisson_times(nr, ctx.start, w, vol, t1=ctx.end)
    for t in times:
        q = rng.choice(questions)
        ans = ctx.writer.prose(rng, rng.randint(2, 5))
        user = f"Question: {q}\n\nAssistant answer: {ans}"
        resp = json.dumps({"score": rng.randint(1, 5), "reason": ctx.writer.prose(rng, 1)})
        ctx.call(rng, float(t), acct, "gpt-4o-mini" if i % 2 else "gpt-4o", sys_user(rubric, user), resp, ip, ua)
