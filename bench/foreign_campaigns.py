"""Distillation campaigns of the out-of-simulator probe, from the public reports' descriptions.

Each function creates every account of one campaign (scaled by ``campaign_scale``) and its calls:

- ``author_monologue``: a hydra cluster bought through a reseller, 24/7, harvest mixed with resold ordinary
  traffic, every request from a shared residential-proxy pool; a third of the accounts are banned mid-week
  and replaced within minutes by fresh ones.
- ``judge_panel``: grading prompts that make the model a reward model, sent in lockstep every 10 minutes
  from one datacenter block.
- ``agent_trajectory_pivot``: agentic-coding trajectories (tools, tool results) on one template; more than
  half the traffic moves to the new model within hours of its release.
- ``thinking_language_lock``: forcing the reasoning language (mgsm problems in five languages) and asking
  for the reasoning to be translated back into English.
- ``session_replay``: low and slow; office-hours volume, replays cut-off reasoning from other sessions
  for continuation, behind two shared addresses.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from foreign_actors import BUSINESS, DAY, FLAT, SDK_UAS, START, Account, Ctx, campaign, diurnal, ip4, pick, scaled, user
from foreign_prompts import WRAPPERS


def _cut(rationale: str, frac: float) -> str:
    lines = [ln for ln in rationale.splitlines() if not ln.startswith("####")]
    return "\n".join(lines[: max(1, int(len(lines) * frac))])


def _resold(ctx: Ctx) -> str:
    rng, p = ctx.rng, ctx.pools
    return str(pick(rng, (p.instruct, p.arena, p.belle, p.unnatural)[int(rng.integers(4))]))


@campaign("author_monologue")
def author_monologue(ctx: Ctx) -> None:
    """Hydra cluster: reasoning reconstruction behind finished answers, bans replaced at once."""
    rng, w = ctx.rng, ctx.world
    proxies = [ip4(rng) for _ in range(150)]
    wrap = WRAPPERS["author_monologue"]

    def open_account(created: float, replaced: Account | None) -> Account:
        acct = ctx.account("author_monologue", campaign="C-hydra", access_path="reseller", tier="tier-1",
                           created=created, ips=proxies, uas=list(SDK_UAS[:4]),
                           id_kind="user" if rng.random() < 0.5 else "key")
        acct.replaced = replaced.account_id if replaced else None
        return acct

    def run(acct: Account, t0: float, t1: float) -> None:
        variant = str(pick(rng, ("en", "en", "en2", "zh")))
        for ts in diurnal(rng, w, float(rng.uniform(80, 160)), FLAT, t0=t0, t1=t1):
            if rng.random() < 0.35:  # the reseller's ordinary customers ride the same accounts
                ctx.emit(acct, float(ts), "orion-flash", user(_resold(ctx)), end_user=f"r{int(rng.integers(9000))}")
                continue
            q, rat = pick(rng, ctx.pools.gsm8k)
            ctx.emit(acct, float(ts), "orion-pro", user(wrap[variant].format(q=q, a=rat.split("####")[-1].strip())),
                     rationale=rat, max_tokens=8192)

    for _ in range(scaled(40, w.campaign_scale)):
        acct = open_account(START - float(rng.uniform(1, 10)) * DAY, None)
        t0 = START
        while True:
            ban = t0 + float(rng.uniform(1.5, 5)) * DAY if rng.random() < 0.35 else w.end
            run(acct, t0, min(ban, w.end))
            if ban >= w.end:
                break
            acct.banned_at = ban
            t0 = ban + float(rng.uniform(120, 1200))  # the operator swaps in a fresh account within minutes
            acct = open_account(t0 - 60.0, acct)


@campaign("judge_panel")
def judge_panel(ctx: Ctx) -> None:
    """Reward-model grading prompts from a datacenter block, all accounts on the same 10-minute tick."""
    rng, w = ctx.rng, ctx.world
    block = f"{int(rng.integers(100, 200))}.{int(rng.integers(256))}.{int(rng.integers(256))}"
    wrap = WRAPPERS["judge_panel"]
    accts = [ctx.account("judge_panel", campaign="C-judge", access_path=str(pick(rng, ("direct_api", "startup"))),
                         tier="tier-3", ips=[ip4(rng, block)], uas=["python-httpx/0.27.2"])
             for _ in range(scaled(20, w.campaign_scale))]
    langs = {a.account_id: str(pick(rng, ("en", "en", "es", "pt"))) for a in accts}
    for tick in np.arange(START + 300.0, w.end, 600.0):
        for a in accts:
            if rng.random() > 0.7:
                continue
            for _ in range(int(rng.integers(1, 4))):
                if rng.random() < 0.5:
                    q, cand = pick(rng, ctx.pools.hh)
                else:
                    q, cand = str(pick(rng, ctx.pools.arena)), "Sure! " + str(pick(rng, ctx.pools.instruct))[:400]
                ctx.emit(a, float(tick + rng.uniform(0, 25)), "orion-pro",
                         user(wrap[langs[a.account_id]].format(q=q, c=cand)), temperature=0.0, max_tokens=1024)


TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": n, "description": d, "parameters": {"type": "object", "properties": {
        "path": {"type": "string"}}}}}
    for n, d in (("read_file", "Read a file"), ("write_file", "Write a file"), ("run_tests", "Run pytest"),
                 ("search_code", "grep the repository"))]


@campaign("agent_trajectory_pivot")
def agent_trajectory_pivot(ctx: Ctx) -> None:
    """Agentic coding on one template; most traffic moves to the new model within hours of release."""
    rng, w = ctx.rng, ctx.world
    nets = [f"{int(rng.integers(100, 200))}.{int(rng.integers(256))}.{int(rng.integers(256))}" for _ in range(2)]
    system = WRAPPERS["agent_system"]["en"]
    for i in range(scaled(24, w.campaign_scale)):
        a = ctx.account("agent_trajectory_pivot", campaign="C-agent", tier="tier-3",
                        access_path=("direct_api", "cloud_marketplace", "startup")[i % 3],
                        ips=[ip4(rng, nets[i % 2]) for _ in range(3)],
                        uas=["agentkit/0.9.1" if i % 2 else "OpenAI/Python 1.54.3"])
        pivot = w.release + float(rng.uniform(1, 8)) * 3600
        for ts in diurnal(rng, w, float(rng.uniform(60, 120)), FLAT + 0.3 * BUSINESS):
            task = str(pick(rng, ctx.pools.humaneval + ctx.pools.arena_code))
            steps = int(rng.integers(0, 4))
            msgs: list[dict[str, Any]] = user(f"Task: make this work and add tests.\n\n{task}",
                                              system.format(repo=f"proj-{int(rng.integers(40))}"))
            for s in range(steps):
                fn = {"name": TOOLS[s % 4]["function"]["name"], "arguments": "{\"path\": \"src/main.py\"}"}
                call = {"id": f"call_{s}", "type": "function", "function": fn}
                msgs += [{"role": "assistant", "content": None, "tool_calls": [call]},
                         {"role": "tool", "tool_call_id": f"call_{s}", "content": "1 failed, 3 passed"}]
            model = "orion-pro-2" if ts > pivot and rng.random() < 0.7 else "orion-pro"
            ctx.emit(a, float(ts), model, msgs, tools=TOOLS, max_tokens=16384)


@campaign("thinking_language_lock")
def thinking_language_lock(ctx: Ctx) -> None:
    """Reasoning forced into the prompt's language, then translated back to English in a second turn."""
    rng, w = ctx.rng, ctx.world
    lock, back = WRAPPERS["thinking_language_lock"], WRAPPERS["thinking_translate_back"]
    for i in range(scaled(8, w.campaign_scale)):
        lang = list(lock)[i % len(lock)]
        a = ctx.account("thinking_language_lock", campaign="C-lock", tier="tier-2", ips=[ip4(rng), ip4(rng)])
        for ts in diurnal(rng, w, float(rng.uniform(100, 200)), FLAT):
            k = int(rng.integers(250))
            q = ctx.pools.mgsm[lang][k]
            msgs = user(lock[lang].format(q=q))
            if rng.random() < 0.3:
                msgs += [{"role": "assistant", "content": f"... {ctx.pools.mgsm[lang][k][:40]} ..."},
                         {"role": "user", "content": back[lang]}]
            ctx.emit(a, float(ts), "orion-pro", msgs, max_tokens=8192)


@campaign("session_replay")
def session_replay(ctx: Ctx) -> None:
    """Low and slow: office-hours volume, cut-off reasoning from other sessions replayed for continuation."""
    rng, w = ctx.rng, ctx.world
    shared = [ip4(rng), ip4(rng)]
    wrap = WRAPPERS["session_replay"]
    for _ in range(scaled(10, w.campaign_scale)):
        tz = int(pick(rng, (0, 9)))
        a = ctx.account("session_replay", campaign="C-replay", tier="tier-2", tz=tz, ips=shared)
        variant = "ko" if tz == 9 else "en"
        for ts in diurnal(rng, w, float(rng.uniform(20, 50)), BUSINESS, tz, weekend=0.3):
            if rng.random() < 0.4:
                ctx.emit(a, float(ts), "orion-pro", user(_resold(ctx)))
                continue
            q, rat = pick(rng, ctx.pools.gsm8k)
            partial = _cut(rat, float(rng.uniform(0.3, 0.7)))
            ctx.emit(a, float(ts), "orion-pro", user(wrap[variant].format(q=q, a=partial)), rationale=rat)
