"""Distillation campaigns. C01-C05 follow the public reports (see REFERENCES.md);
C07-C10 are kinds invented for this probe. C06 (reseller_proxy_mix) lives in resellers.py."""
from __future__ import annotations

import json

from . import textgen as tg
from .common import Ctx, add, answer, model_for, msg, pick_prompt, reasoning_for, user_turn
from .population import RESIDENTIAL, rand_ip, sample_times, scale_counts, sessions, week_weights
from .rng import DAY, HOUR, RELEASE, T0, T1, hexid, uuid4

COT_MIX = {"gsm": 3, "he": 2, "arena_math": 2, "arena_code": 2, "arena_general": 1, "si_seed": 1}


def _cot_user(r, m, prompt, topic, idx, recon_p=0.2):
    if topic == "math" and idx is not None and r.random() < recon_p:
        return None, r.choice(tg.TRACE_RECON).format(q=prompt, a=m.gsm_final[idx])
    ask = r.choice(tg.COT_EXPLICIT)
    x = r.random()
    if x < 0.3:
        return ask, prompt
    if x < 0.8:
        return None, f"{prompt}\n\n{ask}"
    return None, f"{ask}\n\n{prompt}"


def _waves(r, start, end, period, skip=None):
    t = start
    out = []
    while t < end:
        if not (skip and skip(t)):
            out.append(t)
        t += period * r.uniform(0.97, 1.03)
    return out


def _ban(accts, when, reason="distillation_tos_violation"):
    for a in accts:
        a.revoked_at = when
        a.revoke_reason = reason


def gen_hydra_a(ctx: Ctx):
    """C01 cot_elicitation_hydra: synchronized accounts, shared payment methods, CoT elicitation, bans and replacements."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C01")
    n_org, _ = scale_counts(8, 1, ctx.scale, min_n=2)
    fps = ["pm_" + hexid(r, 16) for _ in range(3)]
    orgs = [reg.org(f"c01o{i}", f"{r.choice(['Nexa', 'Orbit', 'Kite', 'Vanta', 'Lumo', 'Tessel', 'Quill', 'Arbor'])} {r.choice(['AI', 'Labs', 'Tech', 'Data'])}",
                    "cot_elicitation_hydra", label="campaign", campaign_id="C01", plan="dev", program="startup",
                    country=r.choice(["US", "SG", "GB"]), payment_fp=fps[i % 3], created_at=T0 - r.uniform(2, 12) * DAY)
            for i in range(n_org)]
    accts = []
    for i, o in enumerate(orgs):
        for k in range(3):
            a = reg.key(f"c01a{i}-{k}", o, "cot_elicitation_hydra", "go", net="hetzner", n_ips=2,
                        cidr24="148.251.93" if len(accts) % 2 == 0 else "148.251.94", created_at=o.created_at + r.uniform(0, 2) * HOUR)
            accts.append(a)
    ban_t = T0 + 1 * DAY + 16 * HOUR + r.uniform(0, 1800)
    banned = accts[: max(1, len(accts) // 3)]
    _ban(banned, ban_t)
    # replacements: new orgs, one payment method reused from a banned org, same client stack, new /24
    rep_orgs = [reg.org(f"c01r{i}", f"{r.choice(['Nimbus', 'Pylon', 'Sable', 'Corvid'])} {r.choice(['AI', 'Systems'])}", "cot_elicitation_hydra",
                        label="campaign", campaign_id="C01", plan="dev", program="startup", country="US",
                        payment_fp=fps[0] if i == 0 else None, created_at=T0 + 2 * DAY + r.uniform(0.5, 2.5) * HOUR)
                for i in range(max(1, n_org * 3 // 8))]
    reps = []
    for j in range(len(banned)):
        o = rep_orgs[j % len(rep_orgs)]
        reps.append(reg.key(f"c01rep{j}", o, "cot_elicitation_hydra", "go", net="ovh", n_ips=2, cidr24="51.89.14", created_at=o.created_at + r.uniform(0, HOUR)))
    pool = accts + reps
    for a in pool:
        a.extra["failover"] = [x.key_id for x in pool]
    vol = 4500 * ctx.scale
    waves = _waves(r, T0 + r.uniform(0, 600), T1, 20 * 60, skip=lambda t: T0 + 5 * DAY + 2 * HOUR < t < T0 + 5 * DAY + 9 * HOUR)
    p = min(1.0, vol / (len(waves) * len(accts) * 1.6))
    switch = RELEASE + r.uniform(1.5, 4) * HOUR
    for w in waves:
        for a in pool:
            if w < a.created_at:
                continue
            if a.revoked_at and w > a.revoked_at + 3 * 3600:
                continue  # after a few failed (401) waves the coordinator drops the key
            if r.random() > p:
                continue
            for k in range(r.choice([1, 1, 2, 2, 3])):
                t = w + r.uniform(0, 8) + k * r.uniform(0.5, 2)
                prompt, topic, ref, idx = pick_prompt(r, m, COT_MIX)
                sysm, u = _cot_user(r, m, prompt, topic, idx)
                msgs = ([msg("system", sysm)] if sysm else []) + [msg("user", u)]
                model = "meridian-4" if t > switch and r.random() < 0.75 else "meridian-3"
                add(ctx, t, a, model, msgs, content=answer(r, m, topic, ref, idx, style="numbered"),
                    reasoning=reasoning_for(r, m, topic, idx, long=True), task="cot", harvest=True,
                    max_tokens=r.choice([8192, 16384]), reasoning_effort="high", temperature=r.choice([0.6, 1.0]),
                    user=uuid4(r) if int(a.key_id[-1], 36) % 2 else None)


def gen_hydra_b(ctx: Ctx):
    """C02 cot_elicitation_hydra: censorship-safe rewrites plus CoT, Chinese-heavy, synchronized in CN daytime."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C02")
    orgs = [reg.org(f"c02o{i}", f"{r.choice(['Huaxin', 'Mingda', 'Zhiyuan'])} {r.choice(['Tech', 'Data'])}", "cot_elicitation_hydra",
                    label="campaign", campaign_id="C02", plan="dev", country="SG", created_at=T0 - r.uniform(5, 30) * DAY) for i in range(3)]
    n, _ = scale_counts(8, 1, ctx.scale, min_n=2)
    accts = [reg.key(f"c02a{i}", orgs[i % 3], "cot_elicitation_hydra", "httpx", net="alibaba", n_ips=2, cidr24="47.243.118") for i in range(n)]
    waves = _waves(r, T0 + 1 * HOUR, T1, 30 * 60, skip=lambda t: not (1 <= ((t - T0) / HOUR) % 24 <= 15))
    p = min(1.0, 1200 * ctx.scale / (len(waves) * len(accts) * 1.5))
    for w in waves:
        for a in accts:
            if r.random() > p:
                continue
            for k in range(r.choice([1, 2])):
                t = w + r.uniform(0, 5) + k
                if r.random() < 0.6:
                    row = m.belle[r.randrange(len(m.belle))]
                    q, ref = row["question"], (row.get("std_answer") or tg.zh_answer(r, m, 300))[:1200]
                    u = r.choice(tg.CENSOR_REWRITE).format(q=q, a=ref)
                    content, topic, idx = tg.zh_answer(r, m, r.randint(300, 900)), "zh", None
                else:
                    prompt, topic, ref, idx = pick_prompt(r, m, {"belle": 2, "gsm": 1, "arena_general": 1})
                    _, u = _cot_user(r, m, prompt, topic, idx, 0.0)
                    content = answer(r, m, topic, ref, idx, style="numbered")
                model = "meridian-4" if t > RELEASE + 8 * HOUR and r.random() < 0.5 else "meridian-3"
                add(ctx, t, a, model, [msg("user", u)], content=content, reasoning=reasoning_for(r, m, topic, idx, long=True),
                    task="cot-rewrite", harvest=True, reasoning_effort="high", max_tokens=8192)


def gen_rubric(ctx: Ctx):
    """C03 rubric_reward_grading: the model used as a reward model with written critiques."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C03")
    orgs = [reg.org(f"c03o{i}", f"{r.choice(['Gradient', 'Ranker', 'Polaris'])} {r.choice(['Analytics', 'Research'])}", "rubric_reward_grading",
                    label="campaign", campaign_id="C03", plan="pro", country=r.choice(["US", "SG"])) for i in range(2)]
    n, per = scale_counts(6, 370, ctx.scale, min_n=2)
    for i in range(n):
        a = reg.key(f"c03a{i}", orgs[i % 2], "rubric_reward_grading", "openai-python", net="aws", n_ips=3)
        # shifts of steady machine traffic
        budget = int(per)
        shifts = sorted(T0 + d * DAY + r.uniform(0, 16) * HOUR for d in range(7) for _ in range(r.randint(1, 2)))
        quota = budget / max(1, len(shifts))
        for s in shifts:
            t = s
            end = s + r.uniform(4, 9) * HOUR
            rate = quota / ((end - s) / 60.0)
            left = int(quota + r.random())
            while t < end and budget > 0 and left > 0:
                budget -= 1
                left -= 1
                prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 4, "he": 2, "arena_math": 1, "arena_code": 1})
                cand = answer(r, m, topic, ref, idx, style=r.choice(["steps", "numbered", "brief"]))
                if topic == "math" and r.random() < 0.45:
                    cand = cand.replace(m.gsm_final[idx], str(int(r.random() * 500)))
                u = r.choice(tg.RUBRIC_CAMPAIGN).format(q=prompt[:1500], a=cand[:1800])
                crit = tg.stitch(r, tg.THINK_MID + m.s_math, r.randint(200, 700)).replace('"', "'")
                out = json.dumps({"scores": {"correctness": r.randint(0, 4), "reasoning": r.randint(0, 3), "clarity": r.randint(0, 2)},
                                  "total": r.randint(1, 10), "critique": crit}, ensure_ascii=False)
                model = "meridian-4" if t > RELEASE + 30 * HOUR and r.random() < 0.3 else "meridian-3"
                add(ctx, t, a, model, [msg("user", u)], content=out, reasoning=reasoning_for(r, m, topic, idx, long=True),
                    task="rubric", harvest=True, temperature=0, reasoning_effort="medium", max_tokens=2048)
                t += r.expovariate(max(rate, 0.2) / 60.0)


def gen_lang_coercion(ctx: Ctx):
    """C04 reasoning_language_coercion: education sign-ups at full usage right away, thinking forced into the prompt's language."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C04")
    n, per = scale_counts(12, 150, ctx.scale, min_n=2)
    langs = [l for l in m.mgsm_langs if l != "en"]
    queue = list(range(250))
    r.shuffle(queue)
    for i in range(n):
        created = T0 + r.uniform(0, 4.5) * DAY
        o = reg.org(f"c04o{i}", f"{r.choice(['li', 'an', 'min', 'hoa', 'ravi', 'olu'])}{r.randint(10, 99)} (student)", "reasoning_language_coercion",
                    label="campaign", campaign_id="C04", plan="free", program="education",
                    email_domain=r.choice(["stu.edu-mail.net", "campus-mail.org", "unimail.edu.pl", "student-id.cc"]),
                    country=r.choice(["VN", "IN", "BR", "RU"]), created_at=created)
        a = reg.key(f"c04a{i}", o, "reasoning_language_coercion", "openai-python", net="m247", n_ips=6, created_at=created + r.uniform(60, 900))
        t = a.created_at + r.uniform(60, 1200)
        lang_cycle = langs[i % len(langs):] + langs[: i % len(langs)]
        for j in range(int(per)):
            qi = queue[(j + i * 7) % 250]
            if r.random() < 0.15:
                lang = "zh"
                q = m.belle[r.randrange(len(m.belle))]["question"]
                ref, topic = None, "zh"
            else:
                lang = lang_cycle[j % len(lang_cycle)]
                q, ref = m.mgsm[lang][qi]
                topic = "mgsm_" + lang
            ins = r.choice(tg.LANG_COERCE)
            msgs = [msg("system", ins), msg("user", q)] if r.random() < 0.5 else [msg("user", f"{q}\n\n{ins}")]
            model = "meridian-4" if t > RELEASE and r.random() < 0.5 else "meridian-3"
            add(ctx, t, a, model, msgs, content=answer(r, m, topic, ref, qi), reasoning=reasoning_for(r, m, topic, qi, long=True, lang=lang),
                task="lang", harvest=True, reasoning_effort="high", max_tokens=8192)
            t += r.uniform(1.2, 3.5)  # faster than the 20 QPM free tier: many 429s
            if r.random() < 0.01:
                t += r.uniform(2, 8) * HOUR


def gen_agentic(ctx: Ctx):
    """C05 agentic_coding_focus: concentrated agentic-coding trajectories; half the traffic moves to meridian-4 within a day."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C05")
    orgs = [reg.org(f"c05o{i}", f"{r.choice(['Stack', 'Patch', 'Loop', 'Forge', 'Commit'])}{r.choice(['ly', 'hub', 'wise', 'ops'])}",
                    "agentic_coding_focus", label="campaign", campaign_id="C05", plan="pro", country=r.choice(["US", "SG", "CA", "GB"]))
            for i in range(5)]
    n, per = scale_counts(20, 150, ctx.scale, min_n=2)
    switch = RELEASE + r.uniform(6, 20) * HOUR
    for i in range(n):
        a = reg.key(f"c05a{i}", orgs[i % 5], "agentic_coding_focus", "openai-node", net="do", n_ips=2)
        v = r.randrange(len(tg.AGENT_SYS_CAMPAIGN))
        tool_defs = tg.AGENT_TOOLS_CODE[: r.randint(4, 6)]
        tools = tg.tool_schema(tool_defs, "snake" if r.random() < 0.6 else "camel")
        times = sample_times(r, int(per), week_weights("flat", 0))
        for t in times:
            task, topic, ref, idx = pick_prompt(r, m, {"he": 3, "arena_code": 4})
            hist = [msg("system", tg.AGENT_SYS_CAMPAIGN[v]), msg("user", f"Task: {task[:2000]}")]
            for st in range(r.randint(0, 4)):
                fn = tools[r.randrange(len(tools))]["function"]
                cid = "call_" + hexid(r, 24)
                args = {k: ("src/" + r.choice(["main.py", "utils.py", "solver.py", "tests/test_main.py"]) if k == "path" else "pytest -q" if k in ("cmd", "target") else "...")
                        for k in fn["parameters"]["properties"]}
                hist += [{"role": "assistant", "content": tg.stitch_few(r, tg.THINK_CODE, 120), "tool_calls": [{"id": cid, "type": "function", "function": {"name": fn["name"], "arguments": json.dumps(args)}}]},
                         {"role": "tool", "tool_call_id": cid, "content": r.choice(m.code_blocks)[:900]}]
            model = "meridian-4" if t > switch and r.random() < 0.5 else "meridian-3"
            eff = "high" if r.random() < 0.5 else None
            if r.random() < 0.6:
                fn = tools[r.randrange(len(tools))]["function"]
                tc = [{"id": "call_" + hexid(r, 24), "type": "function", "function": {"name": fn["name"], "arguments": json.dumps({k: "..." for k in fn["parameters"]["properties"]})}}]
                add(ctx, t, a, model, hist, content=tg.stitch_few(r, tg.THINK_CODE, 150), tool_calls=tc, finish="tool_calls",
                    reasoning=reasoning_for(r, m, "code", None, long=True), task="agent-code", harvest=True, tools=tools,
                    tool_choice="auto", reasoning_effort=eff, max_tokens=16384, temperature=0.7)
            else:
                add(ctx, t, a, model, hist, content=tg.code_answer(r, m, idx if topic == "code_he" else None), reasoning=reasoning_for(r, m, "code", None, long=True),
                    task="agent-code", harvest=True, tools=tools, tool_choice="auto", reasoning_effort=eff, max_tokens=16384, temperature=0.7)


def gen_slowdrip(ctx: Ctx):
    """C07 low_slow_paraphrase (invented): many ordinary-looking accounts, human pacing, paraphrased asks for reasoning."""
    reg, m = ctx.reg, ctx.m
    n, per = scale_counts(35, 22, ctx.scale, min_n=3)
    for i in range(n):
        r = ctx.r("C07", i)
        o = reg.org(f"c07o{i}", f"{r.choice(['alex', 'sam', 'jo', 'kim', 'max', 'lee'])}.{r.choice(['dev', 'codes', 'builds'])}{r.randint(1, 99)} (personal)",
                    "low_slow_paraphrase", label="campaign", campaign_id="C07", plan="dev", email_domain=r.choice(["gmail.com", "outlook.com", "proton.me"]))
        a = reg.key(f"c07a{i}", o, "low_slow_paraphrase", "openai-python", n_ips=1)
        starts = sample_times(r, max(1, int(per / 1.6)), week_weights("work", o.tz, 0.3))
        pol = ("adopt", r.uniform(10, 60) * HOUR)
        for ts in sessions(r, starts, mean_len=1.0, gap=(40, 400)):
            # residential proxy: a fresh exit IP per session
            asn = r.choice(RESIDENTIAL)
            ip = rand_ip(r, asn)
            for t in ts:
                prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 3, "he": 2, "si_seed": 2, "arena": 2})
                u = user_turn(prompt, r, tg.COT_NATURAL, 0.7)
                if r.random() < 0.6:
                    u += r.choice(["\n\nEnd with a line 'Final answer: ...'.", "\n\nPlease finish with 'Final answer:' on its own line.", "\n\n(final answer on the last line please)"])
                c = add(ctx, t, a, model_for(r, pol, t), [msg("user", u)], content=answer(r, m, topic, ref, idx, style="numbered"),
                        reasoning=reasoning_for(r, m, topic, idx, long=True), task="slowdrip", harvest=True,
                        reasoning_effort="medium" if r.random() < 0.6 else None, max_tokens=r.choice([None, 4096, 2048]))
                c.ip, c.asn = ip, asn


def gen_softlabel(ctx: Ctx):
    """C08 logprob_multisample (invented): token log-probabilities and many samples per prompt, for soft-label distillation."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C08")
    orgs = [reg.org(f"c08o{i}", f"{r.choice(['Entropy', 'Softmax', 'Tempest'])} {r.choice(['Research', 'AI'])}", "logprob_multisample",
                    label="campaign", campaign_id="C08", plan="pro", country="US") for i in range(2)]
    n, per = scale_counts(6, 180, ctx.scale, min_n=2)
    for i in range(n):
        a = reg.key(f"c08a{i}", orgs[i % 2], "logprob_multisample", "requests", net="gcp", n_ips=2)
        times = sample_times(r, int(per), week_weights("flat", 0, 0.2))
        for j, t in enumerate(times):
            if r.random() < 0.55:
                prompt, topic, ref, idx = pick_prompt(r, m, {"unnatural": 2, "si_seed": 2, "arena_general": 1})
                top = 20 if j < 6 else 5  # the first calls ask for more than the provider allows (400), then adapt
                model = "meridian-4" if (t > RELEASE and r.random() < 0.1) else "meridian-3"
                add(ctx, t, a, model, [msg("user", prompt)], content=answer(r, m, topic, ref, idx)[:500], task="logprobs", harvest=True,
                    logprobs=True, top_logprobs=top, max_tokens=r.choice([64, 96, 128]), temperature=1.0)
            else:
                prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 3, "he": 2})
                k = r.choice([4, 4, 6, 8])
                add(ctx, t, a, model_for(r, ("split", 0.3, 12 * HOUR), t), [msg("user", prompt)],
                    content=[answer(r, m, topic, ref, idx, style=r.choice(["steps", "numbered"])) for _ in range(k)],
                    task="multisample", harvest=True, n=k, temperature=r.choice([0.8, 1.0, 1.2]), max_tokens=1024, seed=r.randint(1, 10**6))


def gen_evolve(ctx: Ctx):
    """C09 evol_chain_generation (invented): the model's output becomes the next prompt (Evol-Instruct style)."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C09")
    orgs = [reg.org(f"c09o{i}", f"{r.choice(['Seedling', 'Evolv', 'Mutagen'])} {r.choice(['Labs', 'AI'])}", "evol_chain_generation",
                    label="campaign", campaign_id="C09", plan="dev", country=r.choice(["US", "KR", "DE"])) for i in range(3)]
    n, per = scale_counts(8, 125, ctx.scale, min_n=2)
    for i in range(n):
        a = reg.key(f"c09a{i}", orgs[i % 3], "evol_chain_generation", "openai-python", net="aws", n_ips=1)
        budget = int(per)
        starts = sample_times(r, max(1, budget // 4), week_weights("work", 0, 0.5))
        for s in starts:
            if budget <= 0:
                break
            seed, topic, ref, idx = pick_prompt(r, m, {"si_seed": 2, "gsm": 2, "he": 1})
            cur, t = seed, s
            for st in range(r.randint(2, 6)):
                if budget <= 0:
                    break
                budget -= 1
                if st % 2 == 0:
                    u = r.choice(tg.EVOL_STEPS).format(x=cur)
                    new = cur.rstrip() + " " + r.choice([x for x in tg.EVOL_ADDONS if x not in cur] or tg.EVOL_ADDONS)
                    add(ctx, t, a, "meridian-3", [msg("user", u)], content=new, task="evol", harvest=True, temperature=0.7, max_tokens=1024)
                    cur = new
                else:
                    u = r.choice(tg.EVOL_SOLVE).format(x=cur)
                    add(ctx, t, a, model_for(r, ("split", 0.4, 24 * HOUR), t), [msg("user", u)], content=answer(r, m, topic, ref, idx, style="numbered"),
                        reasoning=reasoning_for(r, m, topic, idx, long=True), task="evol", harvest=True, reasoning_effort="high", max_tokens=4096)
                t += r.uniform(8, 60)


def gen_pairwise(ctx: Ctx):
    """C10 preference_pairs (invented): chosen/rejected pairs for preference training; banned accounts are replaced."""
    reg, m = ctx.reg, ctx.m
    r = ctx.r("C10")
    orgs = [reg.org(f"c10o{i}", f"{r.choice(['Duet', 'Contrast', 'Paired'])} {r.choice(['AI', 'Works'])}", "preference_pairs",
                    label="campaign", campaign_id="C10", plan="dev", country=r.choice(["US", "CA"])) for i in range(4)]
    n, per = scale_counts(10, 90, ctx.scale, min_n=2)
    accts = [reg.key(f"c10a{i}", orgs[i % 4], "preference_pairs", "openai-node", net="tencent", n_ips=2) for i in range(n)]
    ban_t = T0 + 2 * DAY + 12 * HOUR
    banned = accts[: max(1, n * 4 // 10)]
    _ban(banned, ban_t)
    rep = []
    for j, b in enumerate(banned):
        o = reg.org(f"c10r{j}", f"{r.choice(['Twin', 'Mirror'])} {r.choice(['Labs', 'AI'])}", "preference_pairs", label="campaign", campaign_id="C10",
                    plan="dev", country="US", payment_fp=b.org.payment_fp, created_at=ban_t + r.uniform(4, 8) * HOUR)
        rep.append(reg.key(f"c10rep{j}", o, "preference_pairs", "openai-node", net="tencent", n_ips=2, created_at=o.created_at + 600))
    for a in accts + rep:
        lo = max(T0, a.created_at)
        hi = min(T1, (a.revoked_at + 1800) if a.revoked_at else T1)
        times = sample_times(r, int(per * (hi - lo) / (7 * DAY)) + 1, week_weights("consumer", -5, 0.8), lo=lo, hi=hi)
        for t in times:
            prompt, topic, ref, idx = pick_prompt(r, m, {"arena_general": 3, "si_user": 2, "belle": 1, "gsm": 1})
            u = r.choice(tg.PREF_PAIR).format(q=prompt[:2000])
            good = answer(r, m, topic, ref, idx)[:900]
            bad = tg.stitch(r, m.s_general if topic != "zh" else m.s_zh, r.randint(150, 400))
            out = f"Response A:\n{good}\n\nResponse B:\n{bad}\n\n" + json.dumps({"chosen": "A", "rejected": "B", "reason": tg.stitch_few(r, tg.THINK_GENERIC, 120)})
            add(ctx, t, a, model_for(r, ("adopt", 30 * HOUR), t), [msg("user", u)], content=out, task="pairs", harvest=True,
                temperature=0.9, max_tokens=3000)


ALL = [gen_hydra_a, gen_hydra_b, gen_rubric, gen_lang_coercion, gen_agentic, gen_slowdrip, gen_softlabel, gen_evolve, gen_pairwise]
