"""Benign personas that are applications serving many people: chat, enterprise, aggregators, RAG, agents."""

from __future__ import annotations

import json
import random

import numpy as np

from .actors import Ctx, sys_user
from .identity import SDK_UAS, block24, hex24, ip_in, random_ip
from .model import Account, Message, SideCall
from .prompts import ENTERPRISE_APPS, FOLLOW_UPS, LANGS, business_text, chat_opening, dev_prompt
from .timing import hourly_weights, poisson_times, session_times

APP_SYSTEMS = [
    "You are Pip, a friendly study buddy. Keep answers short and encouraging.",
    "You are a helpful assistant inside a note-taking app. Format answers in Markdown.",
    "You are the assistant of a travel-planning app. Be concise and practical.",
    "You are a writing assistant. Improve clarity without changing the author's meaning.",
    "You are a general-purpose assistant. Today's date is {date}.",
]


def _zipf_users(rng: random.Random, nr: np.random.Generator, n_users: int, n: int, prefix: str) -> list[str]:
    ids = [f"{prefix}{hex24(rng)[:12]}" for _ in range(max(1, n_users))]
    ranks = np.minimum(nr.zipf(1.6, size=n) - 1, len(ids) - 1)
    return [ids[int(r)] for r in ranks]


def _conversation(
    ctx: Ctx, rng: random.Random, system: str, turns: int, lang_first: str | None = None
) -> list[tuple[list[Message], str]]:
    """Successive requests of one conversation: each carries the history so far (trimmed to 3 turns)."""
    history: list[Message] = [{"role": "system", "content": system}]
    out: list[tuple[list[Message], str]] = []
    for k in range(turns):
        user = (lang_first or chat_opening(ctx.corpus, rng)) if k == 0 else rng.choice(FOLLOW_UPS)
        history.append({"role": "user", "content": user})
        resp = ctx.writer.length_to(rng, int(rng.choice(ctx.corpus.gen_tokens) * 0.8) + 20)
        out.append(([dict(m) for m in history[:1] + history[1:][-5:]], resp))
        history.append({"role": "assistant", "content": resp[:300]})
    return out


def chat_app(ctx: Ctx, i: int) -> None:
    """Consumer chat product: end users identified by X-End-User-Id, streamed multi-turn conversations."""
    rng, nr = ctx.rng(f"chat/{i}"), ctx.nrng(f"chat/{i}")
    org = ctx.new_org(rng, "chat_app", rng.choice(["standard", "enterprise"]))
    prod = ctx.new_account(rng, org)
    stage = ctx.new_account(rng, org) if rng.random() < 0.5 else prod
    servers = [ip_in(rng, block24(rng, rng.choice(["azure", "aws"]))) for _ in range(3)]
    ua = rng.choice(SDK_UAS)
    system = APP_SYSTEMS[i % len(APP_SYSTEMS)].replace("{date}", "2026-04-1x")
    vol = ctx.v(min(float(nr.lognormal(np.log(750), 0.9)), 5000))
    w = hourly_weights(ctx.start, ctx.hours, "consumer", rng.choice([-5.0, 1.0, 8.0]), 1.1, nr)
    starts = poisson_times(nr, ctx.start, w, vol / 2.5, t1=ctx.end)
    users = _zipf_users(rng, nr, int(vol / 6), len(starts), "u_")
    adopt_after = ctx.release + rng.uniform(1, 3) * 86400
    for s, user in zip(starts, users, strict=True):
        t = float(s)
        acct: Account = stage if rng.random() < 0.03 else prod
        for msgs, resp in _conversation(ctx, rng, system, int(nr.geometric(0.4))):
            dep = "gpt-5.2" if t > adopt_after and rng.random() < 0.3 else "gpt-4o-mini"
            ctx.call(rng, t, acct, dep, msgs, resp, rng.choice(servers), ua, stream=True, end_user=user)
            t += float(nr.lognormal(np.log(40), 0.7))


def enterprise_fixed(ctx: Ctx, i: int) -> None:
    """One internal app with ONE fixed system prompt and a templated user turn, at very high weekday volume."""
    rng, nr = ctx.rng(f"ent/{i}"), ctx.nrng(f"ent/{i}")
    slug = (
        rng.choice(
            [
                "contoso",
                "fabrikam",
                "northwind",
                "adventureworks",
                "tailspin",
                "wingtip",
                "litware",
                "proseware",
                "woodgrove",
                "alpineski",
            ]
        )
        + f"{i}"
    )
    org = ctx.new_org(rng, "enterprise_fixed", "enterprise", slug=slug)
    prod = ctx.new_account(rng, org, slug=f"{slug}-prod")
    dev = ctx.new_account(rng, org, slug=f"{slug}-dev")
    system, template = ENTERPRISE_APPS[i % len(ENTERPRISE_APPS)]
    nat = [ip_in(rng, block24(rng, "corporate")) for _ in range(2)]
    ua = rng.choice(SDK_UAS[4:9])
    vol = ctx.v(min(float(nr.lognormal(np.log(1500), 0.6)), 8000))
    tz = rng.choice([-5.0, 1.0, 0.0, -8.0])
    w = hourly_weights(ctx.start, ctx.hours, "office", tz, 0.12, nr)
    dep = rng.choice(["gpt-4o-mini", "gpt-4o"])
    for t in poisson_times(nr, ctx.start, w, vol, t1=ctx.end):
        n = rng.randrange(100000, 999999)
        user = template.format(n=n, text=business_text(ctx.corpus, rng))
        resp = ctx.writer.prose(rng, rng.randint(2, 4))
        acct = dev if rng.random() < 0.04 else prod
        ctx.call(rng, float(t), acct, dep, sys_user(system, user), resp, rng.choice(nat), ua)


def aggregator(ctx: Ctx, i: int) -> None:
    """A legitimate reseller/aggregator: many end users behind one key, pass-through UAs, forwarded client IPs."""
    rng, nr = ctx.rng(f"agg/{i}"), ctx.nrng(f"agg/{i}")
    org = ctx.new_org(rng, "aggregator", "partner-resale")
    accts = [ctx.new_account(rng, org) for _ in range(rng.randint(1, 3))]
    proxies = [ip_in(rng, block24(rng, rng.choice(["vps", "aws", "gcp"]))) for _ in range(rng.randint(2, 4))]
    vol = ctx.v(min(float(nr.lognormal(np.log(1500), 0.6)), 6000))
    w = np.sum([hourly_weights(ctx.start, ctx.hours, "consumer", tz, 1.0, nr) for tz in (-5.0, 1.0, 8.0)], axis=0)
    times = session_times(nr, ctx.start, w, vol, mean_len=3, gap_s=40, t1=ctx.end)
    users = _zipf_users(rng, nr, int(vol / 5), len(times), "")
    user_ip: dict[str, str] = {}
    user_ua: dict[str, str] = {}
    for t, u in zip(times, users, strict=True):
        if u not in user_ip:
            user_ip[u] = random_ip(rng, rng.choice(["residential_us", "residential_eu", "residential_asia"]))
            user_ua[u] = rng.choice(SDK_UAS)
        p = chat_opening(ctx.corpus, rng) if rng.random() < 0.7 else dev_prompt(ctx.corpus, rng)
        resp = ctx.writer.length_to(rng, rng.choice(ctx.corpus.gen_tokens))
        dep = ctx.deployment_at(rng, float(t), [("gpt-4o-mini", 4), ("gpt-4o", 2), ("o4-mini", 1)], 0.25)
        ctx.call(
            rng,
            float(t),
            accts[hash_idx(u, len(accts))],
            dep,
            sys_user(None, p),
            resp,
            rng.choice(proxies),
            user_ua[u],
            end_user=u,
            forwarded_for=user_ip[u],
        )


def hash_idx(s: str, n: int) -> int:
    return sum(map(ord, s)) % n


def rag_app(ctx: Ctx, i: int) -> None:
    """Retrieval-augmented Q&A over a fixed document set; one embeddings call precedes each chat call."""
    rng, nr = ctx.rng(f"rag/{i}"), ctx.nrng(f"rag/{i}")
    org = ctx.new_org(rng, "rag_app", rng.choice(["standard", "enterprise"]))
    acct = ctx.new_account(rng, org)
    docs = [ctx.writer.prose(rng, rng.randint(2, 5)) for _ in range(60)]
    ip = ip_in(rng, block24(rng, "azure"))
    ua = rng.choice(SDK_UAS[:5])
    system = (
        "Answer the question using only the provided context. Cite sources as [doc-N]. If the answer is not "
        "in the context, say you don't know."
    )
    vol = ctx.v(min(float(nr.lognormal(np.log(380), 0.7)), 3000))
    w = hourly_weights(ctx.start, ctx.hours, "office", rng.choice([-5.0, 1.0, 9.0]), 0.2, nr)
    for t in poisson_times(nr, ctx.start, w, vol, t1=ctx.end):
        k = rng.randint(1, 3) if rng.random() > 0.01 else rng.randint(110, 160)  # rare "whole manual" requests
        ctx_txt = "\n\n".join(f"[doc-{d}] {docs[d % len(docs)]}" for d in rng.sample(range(4 * len(docs)), k))
        q = business_text(ctx.corpus, rng)[:300]
        ctx.side.append(
            SideCall(
                float(t) - 0.4,
                "azure-openai-embeddings",
                "embeddings_create",
                "POST",
                "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21",
                200,
                ip,
                ua,
                acct,
                400 + len(q),
                33000,
            )
        )
        resp = ctx.writer.prose(rng, rng.randint(2, 6)) + f" [doc-{rng.randrange(60)}]"
        ctx.call(rng, float(t), acct, "gpt-4o", sys_user(system, f"Context:\n{ctx_txt}\n\nQuestion: {q}"), resp, ip, ua)


TOOLSETS = [
    ["search_tickets", "get_customer", "create_refund", "send_email"],
    ["run_sql", "list_tables", "describe_table", "plot_chart"],
    ["kubectl_get", "kubectl_logs", "restart_deployment", "page_oncall"],
    ["read_file", "write_file", "run_shell", "search_repo"],
]


def agent_tools(ctx: Ctx, i: int) -> None:
    """A tool-using agent: multi-step trajectories whose context grows with tool results."""
    rng, nr = ctx.rng(f"agent/{i}"), ctx.nrng(f"agent/{i}")
    org = ctx.new_org(rng, "agent_tools", rng.choice(["standard", "enterprise"]))
    acct = ctx.new_account(rng, org)
    tools = TOOLSETS[i % len(TOOLSETS)]
    ip = ip_in(rng, block24(rng, rng.choice(["azure", "aws"])))
    ua = rng.choice(SDK_UAS[:4])
    system = (
        f"You are an operations agent. Use the tools ({', '.join(tools)}) to complete the task. Think before "
        "acting and stop when done."
    )
    vol = ctx.v(min(float(nr.lognormal(np.log(330), 0.7)), 3000))
    w = hourly_weights(ctx.start, ctx.hours, "office", rng.choice([-5.0, 1.0]), 0.3, nr)
    dep = rng.choice(["gpt-4.1", "gpt-4o", "o4-mini"])
    for s in poisson_times(nr, ctx.start, w, vol / 5, t1=ctx.end):
        t = float(s)
        msgs: list[Message] = [
            {"role": "system", "content": system},
            {"role": "user", "content": dev_prompt(ctx.corpus, rng)[:1500]},
        ]
        for step in range(rng.randint(2, 8)):
            final = step >= 2 and rng.random() < 0.35
            if final:
                ctx.call(rng, t, acct, dep, [dict(m) for m in msgs], ctx.writer.prose(rng, 3), ip, ua)
                break
            call_id = f"call_{hex24(rng)[:20]}"
            tc: Message = {
                "id": call_id,
                "type": "function",
                "function": {
                    "name": rng.choice(tools),
                    "arguments": json.dumps({"query": ctx.writer.prose(rng, 1)[:80]}),
                },
            }
            ctx.call(rng, t, acct, dep, [dict(m) for m in msgs], "", ip, ua, tool_calls=[tc])
            msgs.append({"role": "assistant", "content": None, "tool_calls": [tc]})
            msgs.append({"role": "tool", "tool_call_id": call_id, "content": ctx.writer.prose(rng, 3)[:700]})
            t += rng.uniform(1.5, 12.0)


def translation(ctx: Ctx, i: int) -> None:
    """A localisation platform: translate strings into many languages, day and night."""
    rng, nr = ctx.rng(f"tr/{i}"), ctx.nrng(f"tr/{i}")
    org = ctx.new_org(rng, "translation", "enterprise")
    acct = ctx.new_account(rng, org)
    ips = [ip_in(rng, block24(rng, "gcp")) for _ in range(2)]
    ua = rng.choice(["Go-http-client/2.0", "axios/1.7.9", "OpenAI/Python 1.66.3"])
    targets = rng.sample(LANGS, rng.randint(3, 8))
    vol = ctx.v(min(float(nr.lognormal(np.log(500), 0.6)), 4000))
    w = hourly_weights(ctx.start, ctx.hours, "flat", 0.0, 0.7, nr)
    for t in poisson_times(nr, ctx.start, w, vol, t1=ctx.end):
        lang = rng.choice(targets)
        src = rng.choice(ctx.corpus.instructions)[2] or rng.choice(ctx.corpus.arena_creative)
        system = (
            f"You are a professional translator. Translate the user's text into {lang}. Preserve formatting "
            "and placeholders. Output only the translation."
        )
        out_lang = "zh" if lang.startswith(("Chinese", "Japanese", "Korean")) else "en"
        resp = ctx.writer.length_to(rng, max(20, len(src) // 4), out_lang)
        ctx.call(rng, float(t), acct, "gpt-4o-mini", sys_user(system, src[:2500]), resp, rng.choice(ips), ua)


def startup_launch(ctx: Ctx, i: int) -> None:
    """A new startup signs up mid-week and goes straight to full production volume (a new account at full use)."""
    rng, nr = ctx.rng(f"startup/{i}"), ctx.nrng(f"startup/{i}")
    org = ctx.new_org(rng, "startup_launch", "standard")
    acct = ctx.new_account(rng, org)
    born = ctx.start + rng.uniform(2.0, 5.0) * 86400
    servers = [ip_in(rng, block24(rng, "gcp")) for _ in range(2)]
    ua = rng.choice(SDK_UAS)
    system = APP_SYSTEMS[(i + 2) % len(APP_SYSTEMS)].replace("{date}", "2026-04-1x")
    vol = ctx.v(min(float(nr.lognormal(np.log(900), 0.5)), 4000))
    w = hourly_weights(ctx.start, ctx.hours, "consumer", -8.0, 1.2, nr)
    w[: int((born - ctx.start) // 3600) + 1] = 0.0
    for t in poisson_times(nr, ctx.start, w, vol, t0=born, t1=ctx.end):
        resp = ctx.writer.length_to(rng, rng.choice(ctx.corpus.gen_tokens))
        dep = "gpt-5.2" if t > ctx.release + 3600 * 6 and rng.random() < 0.5 else "gpt-4o-mini"
        ctx.call(
            rng,
            float(t),
            acct,
            dep,
            sys_user(system, chat_opening(ctx.corpus, rng)),
            resp,
            rng.choice(servers),
            ua,
            stream=True,
            end_user=f"u_{rng.randrange(10**6)}",
        )
