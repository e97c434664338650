"""Resellers / aggregators that pass their end users in usage_context: two honest ones
(one of them unknowingly carries a low-volume harvester end user) and one attacker-run relay
(campaign kind reseller_proxy_mix) that mixes harvest into ordinary resold traffic."""
from __future__ import annotations

from . import textgen as tg
from .common import Ctx, add, answer, dev_params, model_for, msg, pick_prompt, reasoning_for, user_turn
from .population import sample_times, shape_weights, week_weights
from .rng import DAY, HOUR, RELEASE, T0, T1, hexid

ORDINARY_MIX = {"arena": 5, "si_user": 3, "si_seed": 1, "belle": 2, "mgsm_any": 1, "gsm": 1, "he": 1, "unnatural": 1}


def _zipf_weights(n, a=0.9):
    return [1.0 / (i + 1) ** a for i in range(n)]


def _ordinary(ctx: Ctx, r, keys, total, prefix, ucx_key, app_names, tz, pol="latest", n_users=600):
    m = ctx.m
    users = [f"{prefix}{hexid(r, 10)}" for _ in range(max(10, int(n_users * ctx.scale ** 0.5)))]
    times = sample_times(r, total, shape_weights(m, r, tz))
    picks = r.choices(users, weights=_zipf_weights(len(users)), k=len(times))
    for t, eu in zip(times, picks):
        prompt, topic, ref, idx = pick_prompt(r, m, ORDINARY_MIX)
        acct = keys[int(r.random() * len(keys))]
        add(ctx, t, acct, model_for(r, pol, t), [msg("user", prompt)], content=answer(r, m, topic, ref, idx),
            reasoning=reasoning_for(r, m, topic, idx), ucx={ucx_key: eu, "app": r.choice(app_names)}, end_user=eu,
            task="resold", user=eu, **dev_params(r, 0.12))


def gen_benign_resellers(ctx: Ctx):
    reg, m = ctx.reg, ctx.m
    r = ctx.r("polyroute")
    o = reg.org("polyroute", "Polyroute", "reseller", plan="partner", country="US")
    keys = [reg.key(f"polyroute{k}", o, "reseller", "httpx", net="aws", n_ips=4, ua="Polyroute-Gateway/3.2.0") for k in range(2)]
    _ordinary(ctx, r, keys, int(5200 * ctx.scale), "pr_", "end_user_to_charge", ["web", "ios", "android", "api"], o.tz)
    # one Polyroute end user is quietly harvesting reasoning (campaign C07, slow and paraphrased)
    hv = f"pr_{hexid(r, 10)}"
    times = sample_times(r, max(2, int(70 * ctx.scale ** 0.5)), week_weights("work", 8, 0.6))
    for t in times:
        prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 3, "he": 2, "si_seed": 1})
        u = user_turn(prompt, r, tg.COT_NATURAL, 0.9)
        add(ctx, t, keys[int(r.random() * 2)], model_for(r, ("adopt", 20 * HOUR), t), [msg("user", u)],
            content=answer(r, m, topic, ref, idx, style="numbered"), reasoning=reasoning_for(r, m, topic, idx, long=True),
            ucx={"end_user_to_charge": hv, "app": "api"}, end_user=hv, task="harvest", harvest=True, user=hv,
            reasoning_effort="medium", max_tokens=4096)
    ctx.end_user_labels.append({"requester": [k.requester for k in keys], "end_user": hv, "label": "campaign",
                                "kind": "low_slow_paraphrase", "campaign_id": "C07"})

    r = ctx.r("chatfolio")
    o2 = reg.org("chatfolio", "Chatfolio", "reseller", plan="partner", country="SG")
    k2 = [reg.key("chatfolio0", o2, "reseller", "openai-node", net="gcp", n_ips=3)]
    _ordinary(ctx, r, k2, int(3200 * ctx.scale), "cf-", "customer_id", ["chatfolio-web"], o2.tz, pol="m3", n_users=400)


def gen_relay_campaign(ctx: Ctx):
    """C06 reseller_proxy_mix: an attacker-run relay that resells access and mixes in harvest."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("novarelay")
    o1 = reg.org("nova1", "NovaRelay", "reseller_proxy_mix", label="campaign", campaign_id="C06", plan="partner", country="US")
    o2 = reg.org("nova2", "NovaRelay Asia", "reseller_proxy_mix", label="campaign", campaign_id="C06", plan="partner", country="SG",
                 payment_fp=o1.payment_fp)
    ua = "NovaRelay/1.9.3 (+https://novarelay.example)"
    keys = [reg.key("nova1-0", o1, "reseller_proxy_mix", "httpx", net="hetzner", n_ips=3, ua=ua),
            reg.key("nova1-1", o1, "reseller_proxy_mix", "httpx", net="hetzner", n_ips=3, ua=ua),
            reg.key("nova2-0", o2, "reseller_proxy_mix", "httpx", net="ovh", n_ips=2, ua=ua)]
    _ordinary(ctx, r, keys, int(2800 * ctx.scale), "nr_", "end_user", ["relay"], o1.tz, pol=("adopt", 2 * HOUR), n_users=350)
    # harvest "end users" rotate daily; each is a fresh id at full tilt for about a day
    total = int(1400 * ctx.scale)
    day_starts = [T0 + d * DAY + r.uniform(0, 6 * HOUR) for d in range(7)]
    per_day = max(1, total // 7)
    for d, s in enumerate(day_starts):
        n_hv = r.randint(1, 3)
        for _ in range(n_hv):
            hv = f"nr_{hexid(r, 10)}"
            k = max(1, per_day // n_hv)
            t = s + r.uniform(0, 3 * HOUR)
            for _ in range(k):
                prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 3, "he": 2, "arena_code": 2, "arena_math": 2, "mgsm_any": 1})
                if r.random() < 0.25 and topic == "math" and idx is not None:
                    u = r.choice(tg.TRACE_RECON).format(q=prompt, a=m.gsm_final[idx])
                else:
                    u = user_turn(prompt, r, tg.COT_EXPLICIT, 0.85)
                model = "meridian-4" if t > RELEASE + 5 * HOUR and r.random() < 0.7 else "meridian-3"
                add(ctx, t, keys[int(r.random() * len(keys))], model, [msg("user", u)],
                    content=answer(r, m, topic, ref, idx, style="numbered"), reasoning=reasoning_for(r, m, topic, idx, long=True),
                    ucx={"end_user": hv, "app": "relay"}, end_user=hv, task="harvest", harvest=True, user=hv,
                    reasoning_effort="high", max_tokens=r.choice([8192, 16000]), temperature=0.6)
                t += r.expovariate(1 / 55.0)
                if t > T1:
                    break
