"""Campaigns run as operations: a blending reseller, a release-day agentic pivot, a SQL sweep, best-of-n sampling."""

from __future__ import annotations

import json

import numpy as np

from .actors import Ctx, sys_user
from .identity import SDK_UAS, block24, hex24, ip_in, random_ip
from .model import Account, Message
from .prompts import chat_opening, dev_prompt
from .timing import hourly_weights, poisson_times, session_times

HARVEST_SYSTEM = (
    "You are an autonomous senior software engineer. For the task below: (1) restate the requirements, (2) reason "
    "step by step about the design and edge cases, (3) write the complete implementation, (4) write pytest tests, "
    "(5) explain why each test matters."
)


def resale_blend(ctx: Ctx) -> None:
    """A reseller whose resold traffic is real, with coding-harvest requests blended in under throwaway end-user ids."""
    cid = "camp-resale-blend"
    rng, nr = ctx.rng(cid), ctx.nrng(cid)
    org = ctx.new_org(rng, "resale_blend", "partner-resale", label="campaign", campaign_id=cid)
    accts = [ctx.new_account(rng, org) for _ in range(3)]
    proxies = [ip_in(rng, block24(rng, "vps")) for _ in range(3)]
    vol = ctx.v(4200)
    w = np.sum([hourly_weights(ctx.start, ctx.hours, "consumer", tz, 1.0, nr) for tz in (-5.0, 1.0, 8.0)], axis=0)
    times = session_times(nr, ctx.start, w, vol, mean_len=3, gap_s=40, t1=ctx.end)
    regulars = [hex24(rng)[:16] for _ in range(int(vol / 6) + 1)]
    reg_ranks = np.minimum(nr.zipf(1.6, size=len(times)) - 1, len(regulars) - 1)
    reg_meta: dict[str, tuple[str, str]] = {}
    c = ctx.corpus
    coding = [h.prompt for h in c.humaneval] + c.arena_coding
    for t, rank in zip(times, reg_ranks, strict=True):
        harvest = rng.random() < 0.35
        if harvest:
            user, fwd, ua = hex24(rng)[:16], random_ip(rng, "residential_us"), rng.choice(SDK_UAS)
            msgs = sys_user(HARVEST_SYSTEM, rng.choice(coding))
            resp = ctx.writer.steps(rng, None, 4) + "\n\n" + ctx.writer.code(rng) + "\n\n" + ctx.writer.prose(rng, 3)
            dep = ctx.deployment_at(rng, float(t), [("gpt-4.1", 3), ("o4-mini", 1)], 0.55)
        else:
            user = regulars[int(rank)]
            if user not in reg_meta:
                reg_meta[user] = (
                    random_ip(rng, rng.choice(["residential_us", "residential_eu", "residential_asia"])),
                    rng.choice(SDK_UAS),
                )
            fwd, ua = reg_meta[user]
            p = chat_opening(c, rng) if rng.random() < 0.7 else dev_prompt(c, rng)
            msgs = sys_user(None, p)
            resp = ctx.writer.length_to(rng, rng.choice(c.gen_tokens))
            dep = ctx.deployment_at(rng, float(t), [("gpt-4o-mini", 4), ("gpt-4o", 2)], 0.2)
        acct = accts[sum(map(ord, user)) % len(accts)]
        ctx.call(rng, float(t), acct, dep, msgs, resp, rng.choice(proxies), ua, end_user=user, forwarded_for=fwd)


AGENT_TOOLS = ["read_file", "grep", "apply_patch", "run_tests"]


def release_pivot_agentic(ctx: Ctx) -> None:
    """Round-the-clock agentic-coding harvest across many subscriptions; half moves to the new model within hours."""
    cid = "camp-release-pivot"
    rng, nr = ctx.rng(cid), ctx.nrng(cid)
    org = ctx.new_org(rng, "release_pivot_agentic", "enterprise", label="campaign", campaign_id=cid)
    accts = [ctx.new_account(rng, org) for _ in range(ctx.n(10))]
    block = block24(rng, "aws")
    ua = "OpenAI/Python 1.66.3"
    pivot = ctx.release + rng.uniform(2, 6) * 3600
    c = ctx.corpus
    tasks = [h.prompt for h in c.humaneval] + c.arena_coding + [p for p in c.arena if "```" in p]
    system = (
        "You are a coding agent working in a repository. Available tools: read_file(path), grep(pattern), "
        "apply_patch(diff), run_tests(). Think step by step, explain your reasoning before every tool call, "
        "and finish with a summary of the change."
    )
    w = hourly_weights(ctx.start, ctx.hours, "flat", 0.0, 1.0, nr)
    for s in poisson_times(nr, ctx.start, w, ctx.v(700), t1=ctx.end):
        t = float(s)
        acct = rng.choice(accts)
        ip = ip_in(rng, block)
        dep = "gpt-5.2" if t > pivot and rng.random() < 0.55 else "gpt-4.1"
        msgs: list[Message] = [{"role": "system", "content": system}, {"role": "user", "content": rng.choice(tasks)}]
        for step in range(rng.randint(3, 6)):
            if step >= 3 and rng.random() < 0.5:
                break
            call_id = f"call_{hex24(rng)[:20]}"
            name = AGENT_TOOLS[min(step, 3)] if rng.random() < 0.7 else rng.choice(AGENT_TOOLS)
            tc: Message = {
                "id": call_id,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps({"arg": ctx.writer.prose(rng, 1)[:60]})},
            }
            thought = ctx.writer.steps(rng, None, 2)
            ctx.call(rng, t, acct, dep, [dict(m) for m in msgs], thought, ip, ua, tool_calls=[tc])
            msgs.append({"role": "assistant", "content": thought, "tool_calls": [tc]})
            result = ctx.writer.code(rng, explain=False)[:400]
            msgs.append({"role": "tool", "tool_call_id": call_id, "content": result})
            t += rng.uniform(2.0, 9.0)
        ctx.call(rng, t, acct, dep, [dict(m) for m in msgs], ctx.writer.steps(rng, None, 4), ip, ua)


DOMAINS = {
    "orders": ["order_id INT", "customer_id INT", "order_date DATE", "status VARCHAR(20)", "total DECIMAL(10,2)"],
    "customers": ["customer_id INT", "name VARCHAR(100)", "country VARCHAR(50)", "signup_date DATE", "tier CHAR(4)"],
    "products": ["product_id INT", "category VARCHAR(50)", "price DECIMAL(8,2)", "stock INT", "supplier_id INT"],
    "employees": ["emp_id INT", "dept_id INT", "salary DECIMAL(10,2)", "hire_date DATE", "manager_id INT"],
    "flights": ["flight_id INT", "origin CHAR(3)", "dest CHAR(3)", "dep_time TIMESTAMP", "delay_min INT"],
    "visits": ["visit_id INT", "patient_id INT", "doctor_id INT", "visit_date DATE", "diagnosis_code VARCHAR(10)"],
    "loans": ["loan_id INT", "borrower_id INT", "amount DECIMAL(12,2)", "rate DECIMAL(5,3)", "defaulted BOOLEAN"],
    "sessions": ["session_id BIGINT", "user_id INT", "started_at TIMESTAMP", "duration_s INT", "device VARCHAR(20)"],
}
SQL_ASKS = [
    "for each {g}, the average {m} over the last 90 days",
    "the top 5 {g} by total {m}",
    "the month-over-month change in {m} per {g}",
    "{g} whose {m} is above the 95th percentile",
    "a running total of {m} ordered by date, partitioned by {g}",
    "duplicate rows by {g}, keeping the latest",
]
DIALECTS = ["PostgreSQL", "MySQL 8", "SQLite", "BigQuery Standard SQL", "T-SQL", "Snowflake"]


def schema_sweep(ctx: Ctx) -> None:
    """One capability (text-to-SQL with explanations) swept by templated variations from separate small accounts."""
    cid = "camp-schema-sweep"
    rng = ctx.rng(cid)
    names = list(DOMAINS)
    for j in range(ctx.n(8)):
        org = ctx.new_org(rng, "schema_sweep", "developer", label="campaign", campaign_id=cid)
        acct = ctx.new_account(rng, org)
        key = f"{cid}/{j}"
        anr, arng = ctx.nrng(key), ctx.rng(key)
        w = hourly_weights(ctx.start, ctx.hours, "office", arng.choice([-8.0, -5.0, 0.0, 1.0, 8.0]), 0.4, anr)
        ua = arng.choice(SDK_UAS[:4])
        for t in session_times(anr, ctx.start, w, ctx.v(180), mean_len=6, gap_s=50, t1=ctx.end):
            tabs = arng.sample(names, arng.randint(1, 3))
            ddl = "\n".join(f"CREATE TABLE {tb} ({', '.join(arng.sample(DOMAINS[tb], 4))});" for tb in tabs)
            cols = [col.split()[0] for tb in tabs for col in DOMAINS[tb]]
            ask = arng.choice(SQL_ASKS).format(g=arng.choice(cols), m=arng.choice(cols))
            user = (
                f"Given the following database schema:\n{ddl}\n\nWrite a {arng.choice(DIALECTS)} query that "
                f"returns {ask}. Then explain, clause by clause, why the query is correct and which edge cases "
                "it handles."
            )
            resp = f"```sql\nSELECT {', '.join(arng.sample(cols, 2))}\nFROM {tabs[0]}\n...\n```\n" + ctx.writer.steps(
                arng, None, 4
            )
            ctx.call(
                arng,
                float(t),
                acct,
                ctx.deployment_at(arng, float(t), [("gpt-4.1", 1)], 0.3),
                sys_user(None, user),
                resp,
                random_ip(arng, "residential_us"),
                ua,
            )


BON_PREFIX = ["", "", "Answer the following request:\n", "Q: ", "Task: "]


def best_of_n_sampler(ctx: Ctx) -> None:
    """Each real prompt is sampled n times across sibling accounts within minutes (rejection-sampling data)."""
    cid = "camp-best-of-n"
    rng, nr = ctx.rng(cid), ctx.nrng(cid)
    accts: list[tuple[Account, str]] = []
    for _ in range(3):
        org = ctx.new_org(rng, "best_of_n_sampler", "standard", label="campaign", campaign_id=cid)
        block = block24(rng, "gcp")
        accts.extend((ctx.new_account(rng, org), block) for _ in range(2))
    pool = (
        list(ctx.corpus.arena)
        + [f"{a}\n{b}".strip() for a, b, _ in ctx.corpus.instructions]
        + [q for q, _, _ in ctx.corpus.belle]
    )
    rng.shuffle(pool)
    ua = "AsyncAzureOpenAI/Python 1.61.0"
    w = hourly_weights(ctx.start, ctx.hours, "flat", 0.0, 1.0, nr)
    for k, s in enumerate(poisson_times(nr, ctx.start, w, ctx.v(520), t1=ctx.end)):
        prompt = pool[k % len(pool)]
        for _ in range(rng.randint(4, 8)):
            acct, block = rng.choice(accts)
            t = float(s) + rng.uniform(0, 150)
            p = rng.choice(BON_PREFIX) + prompt
            lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in prompt[:50]) else "en"
            ctx.call(
                rng, t, acct, "gpt-4o", sys_user(None, p), ctx.writer.length_to(rng, 220, lang), ip_in(rng, block), ua
            )
