"""Honest customers, including the ones that look like attackers."""
from __future__ import annotations

import json

from . import textgen as tg
from .common import Ctx, add, answer, dev_params, model_for, msg, pick_prompt, reasoning_for, user_turn
from .population import sample_times, scale_counts, sessions, shape_weights, week_weights
from .rng import DAY, HOUR, RELEASE, T0, T1, hexid

FIRST = ["alex", "maria", "wei", "priya", "john", "sofia", "kenji", "fatima", "lucas", "emma", "omar", "yuki", "david", "ana",
         "li", "noah", "chloe", "arjun", "mei", "ivan", "sara", "tom", "nina", "raj", "ola", "ben", "hana", "leo", "zoe", "sam"]
LAST = ["smith", "garcia", "chen", "patel", "kim", "mueller", "rossi", "tanaka", "nguyen", "silva", "khan", "brown", "ivanova",
        "dubois", "lopez", "wang", "singh", "sato", "cohen", "novak"]
CO_A = ["blue", "quiet", "rapid", "bright", "north", "iron", "silver", "open", "clear", "deep", "tiny", "bold", "green", "prime"]
CO_B = ["labs", "works", "ai", "systems", "data", "studio", "apps", "cloud", "logic", "bits", "forge", "stack", "mind", "ware"]
UNIS = ["Univ. of Tartu NLP", "ETH Zurich LRE", "Tsinghua KEG", "UW NLP", "CMU LTI", "Univ. of Edinburgh ILCC", "KAIST AI",
        "IIT Bombay CFILT", "Mila", "Univ. of Tokyo ISL", "TU Munich", "Stanford CRFM", "Univ. of Sao Paulo", "NUS CompBio"]


def company(r):
    return f"{r.choice(CO_A).title()}{r.choice(CO_B).title()}"


def person(r):
    return f"{r.choice(FIRST)}.{r.choice(LAST)}"


def gen_devs(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    n, per = scale_counts(170, 26, ctx.scale)
    for i in range(n):
        r = ctx.r("dev", i)
        solo = r.random() < 0.7
        o = reg.org(f"dev{i}", f"{person(r)} (personal)" if solo else company(r), "dev_individual", plan=r.choice(["free", "dev", "dev", "pro"]),
                    email_domain="gmail.com" if solo and r.random() < 0.6 else None)
        nk = 1 if solo or r.random() < 0.6 else 2
        for k in range(nk):
            sdk = r.choice(["openai-python"] * 5 + ["openai-node"] * 2 + ["curl", "langchain", "httpx", "requests", "vercel-ai", "browser"])
            a = reg.key(f"dev{i}-{k}", o, "dev_individual", sdk, n_ips=r.randint(1, 3))
            pol = r.choices(["m3", "latest", ("adopt", r.uniform(0.3, 30) * HOUR), ("split", 0.5, r.uniform(1, 48) * HOUR)], [62, 16, 12, 10])[0]
            vol = max(1, int(r.lognormvariate(0, 1.0) * per / 1.6))
            hw = week_weights(r.choice(["work", "work", "evening", "consumer"]), o.tz, weekend=r.uniform(0.2, 0.8))
            starts = sample_times(r, max(1, vol // 2), hw, lo=max(T0, a.created_at))
            zh = o.country in ("CN",) or r.random() < 0.05
            mix = {"arena": 5, "si_user": 3, "si_seed": 2, "unnatural": 1, "gsm": 1, "he": 1, "belle": 6 if zh else 0}
            budget = vol
            first = len(ctx.calls)
            for ts in sessions(r, starts, mean_len=1.2, gap=(25, 400)):
                if budget <= 0:
                    break
                prompt, topic, ref, idx = pick_prompt(r, m, mix)
                hist = [msg("system", "You are a helpful assistant.")] if r.random() < 0.3 else []
                params = dev_params(r)
                for j, t in enumerate(ts):
                    if budget <= 0:
                        break
                    budget -= 1
                    model = model_for(r, pol, t)
                    if j == 0:
                        u = prompt
                    else:
                        u = r.choice(["thanks, can you make it shorter?", "what about edge cases?", "can you give an example?",
                                      "that didn't work, I get an error", "ok and in javascript?", "explain the second part again",
                                      "why?", "rewrite it more formally", "add comments please", "is there a simpler way?"])
                    hist = hist + [msg("user", u)]
                    ans = answer(r, m, topic, ref if j == 0 else None, idx if j == 0 else None)
                    reas = reasoning_for(r, m, topic, idx)
                    add(ctx, t, a, model, hist, content=ans, reasoning=reas, task="dev", **params)
                    hist = hist + [msg("assistant", ans)]
            if r.random() < 0.05 and len(ctx.calls) - first > 4:
                rotate(ctx, a, ctx.calls[first:], r, f"dev{i}-{k}")


def rotate(ctx: Ctx, a, calls, r, tag):
    """The customer rotates its own key: the old key is revoked, a new key (new requester) takes over."""
    ts = sorted(c.t for c in calls)
    t_rot = ts[len(ts) // 2] - r.uniform(60, 3600)
    a2 = ctx.reg.key(tag + "-rot", a.org, a.kind, a.sdk, n_ips=1, created_at=t_rot - r.uniform(30, 600), ua=a.ua)
    a2.ips = list(a.ips)
    a.revoked_at, a.revoke_reason = t_rot + r.uniform(60, 900), "rotated_by_customer"
    for c in calls:
        if c.t >= t_rot:
            c.acct = a2


def gen_students(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    n, per = scale_counts(70, 16, ctx.scale)
    for i in range(n):
        r = ctx.r("student", i)
        o = reg.org(f"stu{i}", f"{person(r)} (student)", "student", plan="free", program="education",
                    email_domain=r.choice(["mit.edu", "ox.ac.uk", "iitb.ac.in", "tsinghua.edu.cn", "u-tokyo.ac.jp", "ucl.ac.uk", "utoronto.ca", "tum.de", "kaist.ac.kr", "usp.br"]))
        a = reg.key(f"stu{i}", o, "student", r.choice(["openai-python", "openai-python", "browser", "curl"]), n_ips=r.randint(1, 4))
        vol = max(1, int(r.lognormvariate(0, 0.9) * per / 1.5))
        starts = sample_times(r, max(1, vol // 3), week_weights("evening", o.tz, weekend=1.0), lo=max(T0, a.created_at))
        budget = vol
        for ts in sessions(r, starts, mean_len=2.0, gap=(30, 600)):
            prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 4, "he": 2, "arena_math": 1, "si_seed": 2, "arena": 1, "mgsm_en": 1})
            hist = []
            for j, t in enumerate(ts):
                if budget <= 0:
                    break
                budget -= 1
                u = user_turn(prompt, r, tg.COT_NATURAL, 0.45) if j == 0 else r.choice(tg.COT_NATURAL + ["ok", "I still don't get step 2", "so what is the final answer?", "can you check my answer: 42"])
                hist = hist + [msg("user", u)]
                ans = answer(r, m, topic, ref, idx, style=r.choice(["steps", "numbered"]))
                add(ctx, t, a, model_for(r, "latest" if r.random() < 0.3 else "m3", t), hist, content=ans,
                    reasoning=reasoning_for(r, m, topic, idx), task="student", **dev_params(r, 0.05))
                hist = hist + [msg("assistant", ans)]


def gen_researchers(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    n, per = scale_counts(22, 130, ctx.scale)
    orgs = []
    for i in range(n):
        r = ctx.r("res", i)
        if not orgs or r.random() < 0.6:
            orgs.append(reg.org(f"res{i}", r.choice(UNIS), "researcher", plan="dev", program="research",
                                country=r.choice(["US", "DE", "GB", "CN", "JP", "KR", "IN", "CA", "FR"])))
        o = orgs[-1] if r.random() < 0.5 else r.choice(orgs)
        a = reg.key(f"res{i}", o, "researcher", r.choice(["openai-python", "openai-python", "httpx", "requests"]), net=r.choice(["residential", "aws", "gcp"]), n_ips=2)
        vol = max(5, int(r.lognormvariate(0, 0.7) * per))
        # batch experiments: bursts of scripted calls, plus some interactive use
        n_batches = max(1, vol // 60)
        bstarts = sample_times(r, n_batches, week_weights("work", o.tz, 0.5))
        src = r.choice([{"gsm": 1}, {"mgsm_any": 1}, {"arena": 1}, {"belle": 1}, {"he": 1}, {"gsm": 1, "mgsm_any": 1}])
        cot = r.random() < 0.5
        temp = r.choice([0, 0, 0.7, 1.0])
        eff = "high" if r.random() < 0.3 else None
        model_pol = ("split", 0.5, r.uniform(2, 50) * HOUR)
        budget = vol
        for bs in bstarts:
            k = min(budget, r.randint(20, 120))
            t = bs
            for _ in range(k):
                prompt, topic, ref, idx = pick_prompt(r, m, src)
                u = f"Question: {prompt}\nAnswer: Let's think step by step." if cot else prompt
                add(ctx, t, a, model_for(r, model_pol, bs), [msg("user", u)], content=answer(r, m, topic, ref, idx),
                    reasoning=reasoning_for(r, m, topic, idx, long=eff is not None), task="research", temperature=temp,
                    max_tokens=r.choice([512, 1024, 2048]) if not eff else 8192, reasoning_effort=eff)
                t += r.uniform(0.2, 2.5)
            budget -= k
            if budget <= 0:
                break


def gen_eval_runners(ctx: Ctx):
    """Benchmark replays on release day (both models), plus a nightly regression subset."""
    m, reg = ctx.m, ctx.reg
    s = ctx.scale
    r = ctx.r("eval")
    o1 = reg.org("eval1", "OpenBench Labs", "eval_runner", plan="enterprise", country="US")
    o2 = reg.org("eval2", "Leaderboardly", "eval_runner", plan="dev", country="GB")
    o3 = reg.org("eval3", "Vals & Co", "eval_runner", plan="pro", country="DE")
    a1 = [reg.key(f"eval1-{k}", o1, "eval_runner", "openai-python", net="aws", n_ips=3) for k in range(2)]
    a2 = reg.key("eval2", o2, "eval_runner", "httpx", net="gcp", n_ips=2)
    a3 = [reg.key(f"eval3-{k}", o3, "eval_runner", "openai-python", net="azure", n_ips=2) for k in range(2)]

    def replay(acct, items, start, conc, model, fmt):
        t = start
        eff = "high" if model == "meridian-4" else None  # release-day evals run at maximum reasoning effort
        for j, (prompt, topic, ref, idx) in enumerate(items):
            u = fmt(prompt)
            add(ctx, t, acct, model, [msg("user", u)], content=answer(r, m, topic, ref, idx, style="steps"),
                reasoning=reasoning_for(r, m, topic, idx, long=eff is not None), task="eval", temperature=0,
                max_tokens=16384 if eff else 2048, seed=1234, reasoning_effort=eff)
            t += r.expovariate(conc / 6.0)

    k = max(1, int(len(m.gsm8k) * s))
    gsm = [(m.gsm8k[i]["question"], "math", None, i) for i in range(k)]
    he = [(m.humaneval[i]["prompt"], "code_he", None, i) for i in range(max(1, int(164 * s)))]
    cot = lambda p: f"Solve the following math problem step by step. The last line of your response should be of the form \"ANSWER: $ANSWER\".\n\n{p}"  # noqa: E731
    code = lambda p: f"Complete the following Python function. Return only the code.\n\n{p}"  # noqa: E731
    for model, delay in (("meridian-4", 1.2 * HOUR), ("meridian-3", 5.0 * HOUR)):
        replay(a1[0], gsm, RELEASE + delay + r.uniform(0, 600), 8, model, cot)
        replay(a1[1], he, RELEASE + delay + r.uniform(0, 600), 4, model, code)
    langs = [l for l in m.mgsm_langs]
    nm = max(1, int(60 * s))
    items = []
    for lang in langs:
        for i in range(nm):
            q, a_ = m.mgsm[lang][i]
            items.append((q, "mgsm_" + lang, a_, i))
    replay(a2, items, RELEASE + 2.5 * HOUR, 6, "meridian-4", lambda p: p + "\n\nAnswer with step-by-step reasoning, then the final number.")
    arena = [(p, t, None, None) for p, t in m.arena[: max(1, int(500 * s))]]
    replay(a2, arena, RELEASE + 20 * HOUR, 6, "meridian-4", lambda p: p)
    # nightly regression subset on meridian-3, moved to meridian-4 the night after the release
    sub = [(m.gsm8k[i]["question"], "math", None, i) for i in range(max(1, int(150 * s)))]
    for d in range(7):
        night = T0 + d * DAY + 1.5 * HOUR
        model = "meridian-4" if night > RELEASE else "meridian-3"
        replay(a3[d % 2], sub, night + r.uniform(0, 300), 3, model, cot)


def gen_ci(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    n, _ = scale_counts(6, 1, ctx.scale)
    for i in range(n):
        r = ctx.r("ci", i)
        o = reg.org(f"ci{i}", company(r), "ci_job", plan="pro")
        a = reg.key(f"ci{i}", o, "ci_job", r.choice(["openai-python", "openai-node"]), net=r.choice(["aws", "gcp", "azure"]), n_ips=6)
        suite = [pick_prompt(r, m, {"si_seed": 3, "he": 1, "gsm": 1}) for _ in range(max(3, int(r.randint(30, 70) * ctx.scale ** 0.5)))]
        sysmsg = f"You are the assistant inside {o.name}'s product. Follow the output format exactly."
        for d in range(7):
            runs = [T0 + d * DAY + (2 - o.tz) % 24 * HOUR]
            if d < 5:
                runs += sample_times(r, r.randint(0, 4), week_weights("work", o.tz, 0.0), lo=T0 + d * DAY, hi=T0 + (d + 1) * DAY)
            for ri, rs in enumerate(runs):
                cases = suite if ri == 0 else suite[:10]
                t = rs + r.uniform(0, 30)
                for prompt, topic, ref, idx in cases:
                    add(ctx, t, a, "meridian-3", [msg("system", sysmsg), msg("user", prompt)],
                        content=answer(r, m, topic, ref, idx), task="ci", temperature=0, max_tokens=512)
                    t += r.uniform(0.2, 1.5)


def gen_enterprise(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    per = 2800 * ctx.scale
    for i, (name, sysmsg) in enumerate(tg.ENTERPRISE_SYS):
        r = ctx.r("ent", i)
        o = reg.org(f"ent{i}", name, "enterprise_app", plan="enterprise", country=r.choice(["US", "GB", "DE", "US"]))
        prod = reg.key(f"ent{i}-prod", o, "enterprise_app", r.choice(["openai-python", "openai-node"]), net=r.choice(["aws", "azure", "gcp"]), n_ips=4)
        stg = reg.key(f"ent{i}-stg", o, "enterprise_app", prod.sdk, net="aws", n_ips=1)
        w = shape_weights(m, r, o.tz)
        users = [hexid(r, 12) for _ in range(max(5, int(400 * ctx.scale ** 0.5)))]
        first = len(ctx.calls)
        for acct, vol in ((prod, per), (stg, per * 0.04)):
            starts = sample_times(r, max(1, int(vol / 2.2)), w)
            budget = int(vol)
            for ts in sessions(r, starts, mean_len=1.2, gap=(15, 180)):
                hist = [msg("system", sysmsg)]
                eu = r.choice(users)
                for t in ts:
                    if budget <= 0:
                        break
                    budget -= 1
                    prompt, topic, ref, idx = pick_prompt(r, m, {"si_user": 6, "arena_general": 2, "unnatural": 1})
                    if r.random() < 0.03:
                        prompt = r.choice(m.hh)
                    hist = hist + [msg("user", prompt)]
                    ans = answer(r, m, "general", ref, None) if topic != "zh" else answer(r, m, topic, ref, idx)
                    ans = ans[:900]
                    add(ctx, t, acct, "meridian-3", hist, content=ans, task="enterprise", temperature=0.3, max_tokens=600,
                        stream=acct is prod, ucx={"project": "assistant", "env": "prod" if acct is prod else "staging", "end_user": eu})
                    hist = hist + [msg("assistant", ans)]
        if i == 0:  # scheduled credential rotation of the production key, mid-week
            rotate(ctx, prod, [c for c in ctx.calls[first:] if c.acct is prod and c.t > T0 + 2 * DAY + 8 * HOUR] or
                   [c for c in ctx.calls[first:] if c.acct is prod], r, f"ent{i}-prod")


def gen_judge(ctx: Ctx):
    """Evalyst: an LLM-as-judge company grading its customers' transcripts at volume."""
    m, reg = ctx.m, ctx.reg
    r = ctx.r("judge")
    o = reg.org("judge", "Evalyst", "judge_company", plan="enterprise", country="US")
    keys = [reg.key(f"judge{k}", o, "judge_company", "openai-python", net="aws", n_ips=3) for k in range(3)]
    total = int(5200 * ctx.scale)
    # business-hour batches plus a nightly big batch
    starts = sample_times(r, max(1, total // 90), week_weights("work", -5, 0.15))
    for d in range(7):
        starts.append(T0 + d * DAY + 7 * HOUR)
    starts = sorted(starts)
    sizes = [r.uniform(40, 140) if s % DAY != 7 * HOUR else r.uniform(200, 400) for s in starts]
    f = total / sum(sizes)
    budget = total
    for bi, s in enumerate(starts):
        k = min(budget, max(1, int(sizes[bi] * f)))
        acct = keys[bi % 3]
        t = s
        for _ in range(k):
            prompt, topic, ref, idx = pick_prompt(r, m, {"si_user": 4, "arena_general": 2, "gsm": 1})
            cand = answer(r, m, topic, ref, idx)[:700]
            u = tg.JUDGE_BENIGN_USER.format(rubric=r.choice(tg.JUDGE_RUBRICS), q=prompt[:1200], a=cand)
            verdict = r.choice(["pass", "pass", "fail"])
            out = '{"verdict": "%s", "score": %d, "notes": "%s"}' % (verdict, r.randint(3, 5) if verdict == "pass" else r.randint(1, 3),
                                                                     tg.stitch(r, m.s_general, r.randint(60, 200)).replace('"', "'"))
            add(ctx, t, acct, model_for(r, ("adopt", 26 * HOUR), t), [msg("system", tg.JUDGE_BENIGN_SYS), msg("user", u)], content=out,
                task="judge", temperature=0, max_tokens=300, response_format={"type": "json_object"})
            t += r.uniform(0.3, 2.5)
        budget -= k
        if budget <= 0:
            break


def gen_synth(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    r = ctx.r("synth")
    o = reg.org("synth", "Quanta Retail Data Science", "synthetic_data_team", plan="enterprise", country="US")
    keys = [reg.key(f"synth{k}", o, "synthetic_data_team", "openai-python", net="gcp", n_ips=2) for k in range(2)]
    total = int(4000 * ctx.scale)
    jobs = sample_times(r, max(1, total // 500), week_weights("work", -5, 0.0))
    budget = total
    for ji, s in enumerate(jobs):
        k = min(budget, r.randint(300, 700))
        t = s
        for _ in range(k):
            tpl = r.choice(tg.SYNTH_TEMPLATES)
            u = tpl.format(x=r.choice(tg.SYNTH_TOPICS), stars=r.randint(1, 5))
            add(ctx, t, keys[ji % 2], "meridian-3", [msg("user", u)], content=tg.general_answer(r, m, r.randint(150, 600)),
                task="synth", temperature=1.0, max_tokens=400, ucx={"project": "synthetic-support-corpus", "job": f"job-{ji:03d}"})
            t += r.uniform(0.15, 0.6)
        budget -= k
        if budget <= 0:
            break


def gen_translation(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    r = ctx.r("trans")
    o = reg.org("trans", "Lingua Bridge", "translation_service", plan="enterprise", country="DE")
    keys = [reg.key(f"trans{k}", o, "translation_service", "openai-node", net="hetzner", n_ips=2) for k in range(2)]
    total = int(3500 * ctx.scale)
    times = sample_times(r, total, shape_weights(m, r, o.tz))
    for j, t in enumerate(times):
        i = r.randrange(250)
        src, dst = r.choice([("en", None), (None, "en")])
        lang = r.choice([l for l in m.mgsm_langs if l != "en"])
        src = src or lang
        dst = dst or lang
        if r.random() < 0.15:
            row = m.belle[r.randrange(len(m.belle))]
            text, out, src, dst = row["question"], tg.general_answer(r, m, len(row["question"]) * 2), "zh", "en"
        else:
            text, out = m.mgsm[src][i][0], m.mgsm[dst][i][0]
        sysmsg = tg.TRANSLATE_SYS.format(src=tg.LANG_NAMES[src], dst=tg.LANG_NAMES[dst])
        add(ctx, t, keys[j % 2], "meridian-3", [msg("system", sysmsg), msg("user", text)], content=out, task="translate",
            temperature=0, max_tokens=1024)


def gen_tutoring(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    for i, (name, cc) in enumerate((("Mathwise", "US"), ("StudyBuddy", "IN"))):
        r = ctx.r("tutor", i)
        o = reg.org(f"tutor{i}", name, "tutoring_app", plan="enterprise", country=cc)
        a = reg.key(f"tutor{i}", o, "tutoring_app", "openai-node", net="aws", n_ips=3)
        total = int(2600 * ctx.scale)
        students = [f"stu_{hexid(r, 8)}" for _ in range(max(5, int(700 * ctx.scale ** 0.5)))]
        starts = sample_times(r, max(1, total // 3), week_weights("evening", o.tz, 0.9))
        budget = total
        for ts in sessions(r, starts, mean_len=2.5, gap=(20, 300)):
            eu = r.choice(students)
            prompt, topic, ref, idx = pick_prompt(r, m, {"gsm": 6, "mgsm_en": 2, "si_seed": 1})
            hist = [msg("system", tg.TUTOR_SYS[i])]
            for j, t in enumerate(ts):
                if budget <= 0:
                    break
                budget -= 1
                u = prompt + "\n\n" + r.choice(tg.COT_NATURAL) if j == 0 else r.choice(tg.COT_NATURAL + ["I got 12, is that right?", "why do we multiply there?", "next step?"])
                hist = hist + [msg("user", u)]
                ans = answer(r, m, topic, ref, idx, style="numbered")
                add(ctx, t, a, "meridian-latest" if i == 0 else "meridian-3", hist, content=ans, reasoning=reasoning_for(r, m, topic, idx),
                    task="tutor", temperature=0.4, max_tokens=1200, stream=True,
                    ucx={"end_user": eu, "school": f"sch-{hash_small(eu) % 40:02d}"})
                hist = hist + [msg("assistant", ans)]


def hash_small(s: str) -> int:
    return sum(ord(c) * (i + 7) for i, c in enumerate(s))


def gen_rag(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    for i, (name, zh) in enumerate((("DocuQuery", False), ("LegalLens", False), ("知识通 KnowHub", True))):
        r = ctx.r("rag", i)
        o = reg.org(f"rag{i}", name, "rag_app", plan="enterprise", country="CN" if zh else r.choice(["US", "GB", "FR"]))
        a = reg.key(f"rag{i}", o, "rag_app", r.choice(["langchain", "openai-python"]), net="alibaba" if zh else "aws", n_ips=3)
        total = int(2000 * ctx.scale)
        times = sample_times(r, total, shape_weights(m, r, o.tz))
        for t in times:
            npass = r.randint(3, 10)
            pool = m.s_zh if zh else m.s_general
            ctxs = "\n\n".join(f"[{k + 1}] " + tg.stitch(r, pool, r.randint(300, 900)) for k in range(npass))
            huge = 0
            if r.random() < 0.004:
                huge = r.randint(1_100_000, 2_500_000)  # whole-document stuffing: over the payload logging limit
            prompt, topic, ref, idx = pick_prompt(r, m, {"belle": 1} if zh else {"si_user": 2, "arena_general": 1})
            ans = (tg.zh_answer(r, m, r.randint(100, 400)) if zh else tg.general_answer(r, m, r.randint(120, 600))) + f" [{r.randint(1, npass)}]"
            add(ctx, t, a, "meridian-3", [msg("system", tg.RAG_SYS.format(ctx=ctxs)), msg("user", prompt)], content=ans, task="rag",
                temperature=0.1, max_tokens=800, huge=huge)


def gen_agents(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    for i, (name, code) in enumerate((("Agentry", False), ("FlowPilot", False), ("DevMate", True))):
        r = ctx.r("agent", i)
        o = reg.org(f"agent{i}", name, "agent_framework", plan="enterprise", country=r.choice(["US", "DE", "SG"]))
        keys = [reg.key(f"agent{i}-{k}", o, "agent_framework", "openai-python" if k == 0 else "vercel-ai", net="aws", n_ips=4) for k in range(2)]
        tools = tg.tool_schema(tg.AGENT_TOOLS_CODE if code else tg.AGENT_TOOLS_APP)
        total = int(2000 * ctx.scale)
        starts = sample_times(r, max(1, total // 4), shape_weights(m, r, o.tz))
        budget = total
        for s in starts:
            acct = r.choice(keys)
            if code:
                task_p, topic, ref, idx = pick_prompt(r, m, {"he": 2, "arena_code": 3})
                task_p = "In this repo, " + task_p[:1500]
                sysmsg = "You are DevMate, a coding assistant running inside the user's IDE. Use tools to read and edit files. Be brief."
            else:
                task_p, topic, ref, idx = pick_prompt(r, m, {"si_user": 3, "arena_general": 1})
                sysmsg = f"You are {name}'s assistant agent. Use the tools when needed. Today is 2026-05-0{4 + int((s - T0) // DAY) % 7}."
            hist = [msg("system", sysmsg), msg("user", task_p)]
            t = s
            steps = r.randint(1, 5)
            for st in range(steps + 1):
                if budget <= 0:
                    break
                budget -= 1
                model = model_for(r, ("adopt", 50 * HOUR) if i == 2 else "m3", s)
                if st < steps:
                    fn = tools[r.randrange(len(tools))]["function"]
                    args = {k: (tg.stitch(r, m.s_general, 30)[:60] if k != "content" else "...") for k in fn["parameters"]["properties"]}
                    call_id = "call_" + hexid(r, 24)
                    tc = [{"id": call_id, "type": "function", "function": {"name": fn["name"], "arguments": json.dumps(args)}}]
                    add(ctx, t, acct, model, hist, content=None, tool_calls=tc, finish="tool_calls", task="agent",
                        tools=tools, tool_choice="auto", temperature=0.2, parallel_tool_calls=False if code else None)
                    hist = hist + [{"role": "assistant", "content": None, "tool_calls": tc},
                                   {"role": "tool", "tool_call_id": call_id, "content": tg.stitch(r, m.s_general, r.randint(80, 500))}]
                    t += r.uniform(2, 25)
                else:
                    ans = answer(r, m, topic, ref, idx)
                    add(ctx, t, acct, model, hist, content=ans, task="agent", tools=tools, tool_choice="auto", temperature=0.2)


def gen_jailbreak(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    n, per = scale_counts(10, 30, ctx.scale)
    for i in range(n):
        r = ctx.r("jb", i)
        o = reg.org(f"jb{i}", f"{person(r)} (personal)", "jailbreak_dabbler", plan="free", email_domain=r.choice(["gmail.com", "proton.me", "outlook.com"]))
        a = reg.key(f"jb{i}", o, "jailbreak_dabbler", r.choice(["browser", "openai-python", "curl"]), n_ips=3)
        times = sample_times(r, max(1, int(per)), week_weights("evening", o.tz, 1.0))
        for t in times:
            x = r.random()
            if x < 0.4:
                u = r.choice(m.jb_templates).replace("[INSERT PROMPT HERE]", r.choice(m.jb_questions))
            elif x < 0.7:
                u = r.choice(m.hh)
            else:
                u = r.choice(m.extraction)
            add(ctx, t, a, model_for(r, "latest", t), [msg("user", u)], content=r.choice(tg.REFUSALS), task="jailbreak")


def gen_internal(ctx: Ctx):
    m, reg = ctx.m, ctx.reg
    o = reg.org("internal", "Meridian AI (internal)", "internal_staff", plan="partner", country="US", email_domain="meridian-ai.example")
    for i in range(5):
        r = ctx.r("staff", i)
        email = f"{person(r)}@meridian-ai.example"
        a = reg.key(f"staff{i}", o, "internal_staff", r.choice(["openai-python", "curl", "browser"]), requester=email, n_ips=2)
        times = sample_times(r, max(1, int(90 * ctx.scale)), week_weights("work", -8, 0.1), lo=RELEASE - 6 * HOUR, hi=T1)
        times += sample_times(r, max(1, int(20 * ctx.scale)), week_weights("work", -8, 0.1), hi=RELEASE)
        for t in sorted(times):
            prompt, topic, ref, idx = pick_prompt(r, m, {"arena": 3, "gsm": 1, "he": 1})
            model = "meridian-4" if t >= RELEASE and r.random() < 0.8 else "meridian-3"
            add(ctx, t, a, model, [msg("user", prompt)], content=answer(r, m, topic, ref, idx), reasoning=reasoning_for(r, m, topic, idx),
                task="internal", **dev_params(r, 0.4))


ALL = [gen_devs, gen_students, gen_researchers, gen_eval_runners, gen_ci, gen_enterprise, gen_judge, gen_synth,
       gen_translation, gen_tutoring, gen_rag, gen_agents, gen_jailbreak, gen_internal]
