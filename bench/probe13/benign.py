"""Benign customers, including the hard cases that look like campaigns."""

from __future__ import annotations

import json

import numpy as np

from .corpus import LANGS
from .world import DAY, RELEASE, START, Ex, Text, World, daily, sessions, ticks

TZ = {
    "US": -5,
    "CA": -5,
    "BR": -3,
    "DE": 1,
    "FR": 1,
    "GB": 0,
    "PL": 1,
    "NL": 1,
    "SG": 8,
    "JP": 9,
    "IN": 5.5,
    "KR": 9,
    "HK": 8,
}
COUNTRIES = list(TZ)
CP = np.array([30, 4, 4, 8, 5, 8, 4, 3, 5, 5, 9, 4, 3], float)
CP /= CP.sum()


def emit(w: World, t: Text, ts, a, model, msgs, out, **kw) -> Ex:
    ex = Ex(ts, a, model, msgs, out, **kw)
    if model == "corvid-5-think" and ex.reasoning is None and isinstance(out, str):
        last = msgs[-1][1] if msgs and isinstance(msgs[-1][1], str) else ""
        ex.reasoning = t.reasoning_for(last, out)
    return w.add(ex)


def pick_model(rng, ts, mix=(0.55, 0.35, 0.10), think_share=0.0, think_from=RELEASE):
    if ts >= think_from and rng.random() < think_share:
        return "corvid-5-think"
    return str(rng.choice(["corvid-5", "corvid-5-mini", "corvid-4.5"], p=list(mix)))


def indie_devs(w: World, n: int):
    for _ in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        ctry = str(r.choice(COUNTRIES, p=CP))
        new = r.random() < 0.12
        created = START + int(r.integers(0, 10)) * DAY + int(r.integers(0, DAY)) if new else None
        a = w.account(
            "benign",
            "indie_dev",
            tier=str(r.choice(["free", "tier-1", "tier-2", "tier-3"], p=[0.15, 0.4, 0.35, 0.1])),
            country=ctry,
            created_at=created,
        )
        if r.random() < 0.3:
            a.ips.append(w.ip())
        per_day = float(r.uniform(0.5, 3.5))
        think = float(r.uniform(0.2, 0.7)) if r.random() < 0.4 else 0.0
        tfrom = RELEASE + float(r.uniform(2, 120)) * 3600
        mix = r.dirichlet([5, 3, 1])
        temp = float(r.choice([0.2, 0.7, 1.0])) if r.random() < 0.6 else None
        for sess in sessions(r, per_day, TZ[ctry], (1, 10), (25, 400), start=max(START, created or START)):
            conv = "conv_" + w.hexid(10) if r.random() < 0.5 else None
            hist = []
            ip = a.ips[int(r.integers(len(a.ips)))]
            for ts in sess:
                p, o = t.general()
                if hist and r.random() < 0.5:
                    p = str(
                        r.choice(
                            [
                                "Can you make it shorter?",
                                "Thanks. Could you give an example?",
                                "That didn't work, can you check again?",
                                "Explain the second part in more detail.",
                                "Now rewrite it in a more formal tone.",
                            ]
                        )
                    )
                model = pick_model(r, ts, tuple(mix), think, tfrom)
                msgs = hist + [("user", p)]
                emit(
                    w,
                    t,
                    ts,
                    a,
                    model,
                    msgs,
                    o,
                    conv=conv,
                    temperature=temp,
                    ip=ip,
                    stream=bool(r.random() < 0.5),
                    max_tokens=int(r.choice([512, 1024, 2048, 4096])) if r.random() < 0.5 else None,
                )
                if conv:
                    hist = (msgs + [("assistant", o)])[-6:]


ENTERPRISE = [
    (
        "Halden Insurance",
        "You are Aurora, the customer assistant of Halden Insurance. Answer questions about policies, claims and billing politely and concisely. If you are unsure, tell the customer to contact support at the number in their policy documents. Never give legal advice.",
        "DE",
    ),
    (
        "Brightline Logistics",
        "You are the internal help desk bot for Brightline Logistics staff. Answer IT and HR questions using plain language. Keep answers under 150 words and suggest opening a ticket for anything involving passwords or payroll.",
        "US",
    ),
    (
        "Nakamura Retail",
        "You are a shopping assistant for an online store. Help customers find products, explain return policies, and write short friendly answers. Do not discuss competitors.",
        "JP",
    ),
    (
        "Polaris Health Network",
        "You summarise and answer questions for clinic administrative staff. You do not give medical diagnoses. Use bullet points when listing steps.",
        "GB",
    ),
    (
        "Vantor Bank",
        "You are Vantor Bank's virtual assistant. Answer general banking questions, explain fees and card features, and never ask the customer for their PIN or full card number.",
        "SG",
    ),
]


def enterprises(w: World):
    for name, sysp, ctry in ENTERPRISE:
        r = w.sub_rng()
        t = Text(w.c, r)
        org = "org_" + w.hexid(12)
        dom = name.split()[0].lower() + ".com"
        fp = w.hexid(24)
        egress = [w.ip(), w.ip()]
        ua = w.ua("java" if r.random() < 0.5 else "py")
        users = [f"u-{w.hexid(10)}" for _ in range(int(r.integers(300, 900)))]
        for m in range(4):
            a = w.account(
                "benign",
                "enterprise_app",
                org_id=org,
                tier="tier-4",
                email_domain=dom,
                payment_fp=fp,
                country=ctry,
                ips=egress,
                uas=[ua],
                n_keys=1,
            )
            per_day = float(r.uniform(25, 50))
            for ts in daily(r, per_day, TZ[ctry], "office", weekend=0.3):
                u = users[int(r.integers(len(users)))]
                if r.random() < 0.3:
                    i = int(r.integers(len(w.c.hh_h)))
                    p, o = w.c.hh_h[i], w.c.hh_a[i]
                else:
                    p, o = t.general()
                emit(
                    w,
                    t,
                    ts,
                    a,
                    "corvid-5-mini" if m % 2 else "corvid-5",
                    [("user", p)],
                    o[:1500],
                    system=sysp,
                    end_user=u,
                    ip=egress[int(r.integers(2))],
                    temperature=0.3,
                    max_tokens=600,
                    stream=True,
                )


EVAL_PROMPTS = {
    "gsm8k": 'Solve the following math problem step by step. At the end, write "The answer is" followed by the number.\n\nQuestion: {q}',
    "mgsm": "Solve this problem. Think step by step and give the final answer as a number on the last line.\n\n{q}",
    "humaneval": "Complete the following Python function. Return only the code.\n\n```python\n{q}\n```",
}


def eval_runners(w: World):
    for v in range(2):
        r = w.sub_rng()
        t = Text(w.c, r)
        org = "org_" + w.hexid(12)
        ctry = ["US", "DE"][v]
        egress = [w.ip()]
        ua = w.ua("py")
        adopt = RELEASE + float(r.uniform(14, 22)) * 3600  # the new model joins the nightly matrix
        for m, suite in enumerate(["gsm8k", "mgsm", "humaneval"]):
            a = w.account(
                "benign",
                "eval_runner",
                org_id=org,
                tier="tier-4",
                email_domain=f"evalworks{v}.io",
                country=ctry,
                ips=egress,
                uas=[ua],
            )
            hour = 2 + m + v
            for d in range(14):
                base = START + d * DAY + (hour - TZ[ctry]) * 3600 + int(r.integers(0, 120))
                models = ["corvid-5", "corvid-5-mini"] + (["corvid-5-think"] if base >= adopt else [])
                k = int(r.integers(25, 40))
                for mi, model in enumerate(models):
                    ts = base + mi * 1500 + np.cumsum(r.uniform(0.5, 3.0, size=k))
                    for j in range(k):
                        i = (d * 97 + j * 7 + m) % 250
                        if suite == "gsm8k":
                            q, body, fin, o = t.math(i)
                        elif suite == "mgsm":
                            lang = LANGS[j % 4]
                            q = w.c.mgsm[lang][i]
                            o = f"{w.c.gsm[i][1].split('####')[0].strip()}\n{w.c.mgsm_ans[i]}"
                        else:
                            tid, q, sol = w.c.he[i % 164]
                            o = "```python\n" + q.strip() + "\n" + sol.rstrip() + "\n```"
                        emit(
                            w,
                            t,
                            float(ts[j]),
                            a,
                            model,
                            [("user", EVAL_PROMPTS[suite].format(q=q))],
                            o,
                            temperature=0.0,
                            seed=1234,
                            max_tokens=1024,
                        )


def ci_jobs(w: World, n: int):
    for _ in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "benign", "ci_job", tier="tier-2", country=str(r.choice(["US", "DE", "GB", "IN"])), uas=[w.ua("py")]
        )
        fixed = [t.general() for _ in range(int(r.integers(4, 12)))]
        period = float(r.choice([6, 12, 24])) * 3600
        model = str(r.choice(["corvid-5", "corvid-5-mini"]))
        minute = float(r.integers(0, 60)) * 60
        for ts0 in ticks(START + minute + float(r.integers(0, 6)) * 3600, period, 20, r):
            if r.random() < 0.08:
                continue
            for j, (p, o) in enumerate(fixed):
                emit(w, t, ts0 + j * 2.5, a, model, [("user", p)], o, temperature=0.0, max_tokens=800)


RESELLER_UA = ["relaybox-gateway/2.3.1", "tokenhub-proxy/1.14.0", "openroute-lite/0.9.7"]


def resellers(w: World):
    out = []
    for k in range(3):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "benign",
            "reseller",
            tier="tier-5",
            country=["US", "NL", "SG"][k],
            ips=[w.ip() for _ in range(4)],
            uas=[RESELLER_UA[k]],
            n_keys=2,
        )
        users = [f"{['rb', 'th', 'or'][k]}_{w.hexid(8)}" for _ in range(int(r.integers(400, 800)))]
        pop = r.zipf(1.6, size=len(users)).astype(float)
        pop /= pop.sum()
        for ts in daily(r, float(r.uniform(170, 240)), 0, "flat"):
            u = users[int(r.choice(len(users), p=pop))]
            p, o = t.general()
            model = pick_model(r, ts, (0.5, 0.4, 0.1), 0.25, RELEASE + 6 * 3600)
            emit(
                w,
                t,
                ts,
                a,
                model,
                [("user", p)],
                o,
                end_user=u,
                ip=a.ips[int(r.integers(4))],
                key=a.keys[int(r.integers(2))],
                stream=bool(r.random() < 0.7),
            )
        out.append((a, users))
    return out


AGENT_SYS = (
    "You are Kestrel, an autonomous coding agent working inside the user's repository. Use the provided tools "
    "to read files, run commands and edit code. Make small, verifiable changes. When the task is done, reply "
    "with a short summary of what you changed."
)
AGENT_TOOLS = [
    {"type": "function", "name": n, "description": d}
    for n, d in [
        ("read_file", "Read a file from the workspace"),
        ("run_command", "Run a shell command in the sandbox"),
        ("apply_patch", "Apply a unified diff to the workspace"),
        ("search_code", "Search the repository"),
    ]
]
AGENT_UA = "kestrel-agent/1.8.3 corvid-node/4.21.0 node/v22.9.0"


def agent_step_calls(r, w, step, last):
    if last:
        return None
    name = str(r.choice(["read_file", "run_command", "apply_patch", "search_code"], p=[0.35, 0.3, 0.2, 0.15]))
    args = {
        "read_file": {"path": f"src/{w.hexid(6)}.py"},
        "run_command": {"cmd": "pytest -q"},
        "apply_patch": {"diff": "--- a/src/app.py\n+++ b/src/app.py\n@@ ..."},
        "search_code": {"query": "def main"},
    }[name]
    return [("call_" + w.hexid(10), name, args)]


def coding_agent(w: World):
    org = "org_" + w.hexid(12)
    egress = [w.ip() for _ in range(3)]
    accts = []
    for m, rate in enumerate([95, 20]):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "benign",
            "coding_agent",
            org_id=org,
            tier="tier-5",
            country="US",
            ips=egress,
            uas=[AGENT_UA],
            email_domain="kestrel.dev",
            n_keys=2,
        )
        accts.append(a)
        users = [f"kd-{w.hexid(9)}" for _ in range(2500 if m == 0 else 300)]
        think_from = RELEASE + 46 * 3600
        for t0 in daily(r, rate, -5, "flat"):
            u = users[int(r.integers(len(users)))]
            steps = int(r.integers(3, 16))
            if r.random() < 0.5:
                tid, pr, sol = w.c.he[int(r.integers(164))]
                task = "Fix the failing tests for this function and make sure edge cases are handled:\n\n" + pr
            else:
                task = t.pick(w.c.code)
            model = "corvid-5-think" if t0 > think_from and r.random() < 0.35 else "corvid-5"
            conv = "conv_" + w.hexid(10)
            hist = [("user", task)]
            ts = t0
            for s in range(steps):
                last = s == steps - 1
                calls = agent_step_calls(r, w, s, last)
                out = (
                    "" if calls else "Done. I updated the implementation and the tests now pass.\n\n" + t.prose((1, 2))
                )
                builtin = None
                if not last and r.random() < 0.12:
                    builtin = [("code_interpreter", json.dumps({"code": "import ast; print('ok')"}), "ok")]
                emit(
                    w,
                    t,
                    ts,
                    a,
                    model,
                    list(hist[-9:]),
                    out,
                    system=AGENT_SYS,
                    tools=AGENT_TOOLS,
                    tool_calls=calls,
                    end_user=u,
                    conv=conv,
                    builtin=builtin,
                    ip=egress[int(r.integers(3))],
                    key=a.keys[s % 2],
                    temperature=0.2,
                    max_tokens=8192,
                    stream=True,
                )
                if calls:
                    cid = calls[0][0]
                    hist = hist + [
                        (
                            "assistant",
                            [{"type": "tool_call", "id": cid, "name": calls[0][1], "arguments": calls[0][2]}],
                        ),
                        ("tool", [{"type": "tool_call_response", "id": cid, "response": t.pick(w.c.he)[2][:600]}]),
                    ]
                ts += float(r.uniform(4, 40))
    return accts


TUTOR_SYS = (
    "You are a friendly math tutor for middle-school students. Explain the solution step by step in simple "
    "words, check the answer at the end, and encourage the student."
)


def tutoring(w: World, n: int):
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        ctry = ["US", "GB", "IN"][k % 3]
        a = w.account("benign", "tutoring_app", tier="tier-3", country=ctry, uas=[w.ua("node")], ips=[w.ip(), w.ip()])
        users = [f"stu_{w.hexid(8)}" for _ in range(int(r.integers(150, 400)))]
        for sess in sessions(r, float(r.uniform(25, 45)), TZ[ctry], (1, 5), (60, 500), "evening", weekend=0.8):
            u = users[int(r.integers(len(users)))]
            for ts in sess:
                q, body, fin, o = t.math()
                emit(
                    w,
                    t,
                    ts,
                    a,
                    "corvid-5-mini",
                    [("user", q)],
                    "Let's go step by step!\n\n" + o,
                    system=TUTOR_SYS,
                    end_user=u,
                    temperature=0.5,
                    stream=True,
                )


def researchers(w: World, n: int):
    fp = w.hexid(24)
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "benign",
            "reasoning_researcher",
            tier="tier-2",
            country="DE",
            email_domain="uni-heidelberg.de",
            payment_fp=fp,
            uas=[w.ua("py")],
            ips=[f"129.206.{int(r.integers(1, 250))}.{int(r.integers(2, 250))}"],
        )
        per_day = float(r.uniform(15, 35))
        for ts in daily(r, per_day, 1, "office", weekend=0.4):
            u = r.random()
            i = int(r.integers(250))
            if u < 0.4:
                q, body, fin, o = t.math()
                p = q + "\n\nLet's think step by step."
            elif u < 0.7:
                lang = str(r.choice(["de", "fr", "ru", "ja"]))
                p = (
                    w.c.mgsm[lang][i]
                    + f"\n\nReason step by step in {dict(de='German', fr='French', ru='Russian', ja='Japanese')[lang]}, then give the answer."
                )
                o = w.c.gsm[i][1].split("####")[0].strip() + f"\nAnswer: {w.c.mgsm_ans[i]}"
            else:
                p, o = t.general()
                p += "\n\nExplain your reasoning before answering."
            model = (
                "corvid-5-think"
                if ts > RELEASE + 3 * 3600 and r.random() < 0.7
                else str(r.choice(["corvid-5", "corvid-4.5"]))
            )
            emit(w, t, ts, a, model, [("user", p)], o, temperature=float(r.choice([0.0, 0.7, 1.0])), max_tokens=4096)


JUDGE_SYS = (
    "Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to "
    "the user question displayed below. Consider helpfulness, relevance, accuracy and level of detail. Begin "
    'with a short explanation, then output your verdict as JSON: {"score": <1-10>}.'
)


def judges(w: World, n: int):
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account("benign", "llm_judge", tier="tier-3", country=str(r.choice(["US", "GB", "KR"])), uas=[w.ua("py")])
        for ts in daily(r, float(r.uniform(40, 90)), 0, "flat"):
            if r.random() < 0.5:
                i = int(r.integers(len(w.c.hh_h)))
                q, ans = w.c.hh_h[i], w.c.hh_a[i]
            else:
                ins, inp, ans = t.pick(w.c.si)
                q = ins + ("\n" + inp if inp else "")
            p = f"[User Question]\n{q}\n\n[The Start of Assistant's Answer]\n{ans}\n[The End of Assistant's Answer]"
            sc = int(r.integers(3, 10))
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5",
                [("user", p)],
                f'The response addresses the question directly. {t.prose((1, 2))}\n\n{{"score": {sc}}}',
                system=JUDGE_SYS,
                temperature=0.0,
                max_tokens=512,
            )


def translators(w: World, n: int):
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        ctry = ["DE", "FR", "US", "JP"][k]
        a = w.account("benign", "translation_service", tier="tier-3", country=ctry, uas=[w.ua("go")])
        langs = ["German", "French", "Spanish", "Japanese", "Russian", "Chinese (Simplified)", "Portuguese"]
        for ts in daily(r, float(r.uniform(25, 55)), TZ[ctry], "office", weekend=0.5):
            i = int(r.integers(250))
            src = w.c.mgsm["en"][i] if r.random() < 0.3 else t.pick(w.c.si)[2] or t.pick(w.c.sentences)
            tgt = str(r.choice(langs))
            out = w.c.mgsm[
                {
                    "German": "de",
                    "French": "fr",
                    "Spanish": "es",
                    "Japanese": "ja",
                    "Russian": "ru",
                    "Chinese (Simplified)": "zh",
                }.get(tgt, "es")
            ][i]
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5-mini",
                [("user", src)],
                out,
                system=f"Translate the user's text into {tgt}. Preserve formatting and numbers. Output only the translation.",
                temperature=0.0,
            )


SYNTH_TYPES = [
    "customer support chat",
    "product review",
    "insurance claim note",
    "bug report",
    "meeting summary",
    "job posting",
    "recipe",
    "travel itinerary",
    "FAQ entry",
    "news brief",
    "lab report",
    "sales email",
]
SYNTH_DOMAINS = [
    "retail",
    "healthcare",
    "banking",
    "logistics",
    "education",
    "gaming",
    "telecom",
    "energy",
    "travel",
    "real estate",
    "agriculture",
    "legal services",
]


def synth_team(w: World):
    org = "org_" + w.hexid(12)
    egress = [w.ip(), w.ip()]
    ua = w.ua("py")
    for m in range(3):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "benign",
            "synthetic_data_team",
            org_id=org,
            tier="tier-4",
            country="GB",
            email_domain="lumenanalytics.co.uk",
            ips=egress,
            uas=[ua],
        )
        for d in range(14):
            day0 = START + d * DAY
            if (d + 0) % 7 >= 5 or r.random() < 0.25:
                continue
            start = day0 + float(r.uniform(9.5, 15)) * 3600
            k = int(r.integers(60, 160))
            for j, ts in enumerate(start + np.cumsum(r.exponential(4.0, size=k))):
                ty, dom = str(r.choice(SYNTH_TYPES)), str(r.choice(SYNTH_DOMAINS))
                seed_txt = t.pick(w.c.sentences)
                p = (
                    f"Generate one realistic {ty} for a company in the {dom} sector. Vary names, tone and length. "
                    f'Use this line as loose inspiration: "{seed_txt}"\nReturn JSON with keys "text" and "labels".'
                )
                o = json.dumps({"text": t.prose((2, 4)), "labels": [ty, dom]}, ensure_ascii=False)
                emit(
                    w,
                    t,
                    float(ts),
                    a,
                    "corvid-5-mini",
                    [("user", p)],
                    o,
                    temperature=1.0,
                    json_mode=True,
                    max_tokens=700,
                    ip=egress[j % 2],
                )
