"""Benign personas, hard cases included."""

from __future__ import annotations

import json

from . import tasks as T
from .corpus import MGSM_LANGS
from .world import (
    BASE,
    CODE,
    CONSUMER,
    COUNTRY,
    DAY,
    END,
    EVENING,
    FLAT,
    HOUR,
    MINI,
    OFFICE,
    RELEASE,
    SDK_UAS,
    START,
    THINK,
    World,
    cloud_net,
    day_starts,
    in_net,
    poisson,
    resi_ip,
    rid,
    times_in_day,
    weekday,
)

FREE_MAIL = ("gmail.com", "outlook.com", "proton.me", "yahoo.com", "icloud.com", "qq.com", "163.com", "gmx.de",
             "naver.com", "hotmail.com")


def _tz(country: str) -> float:
    return COUNTRY[country][1]


def indie_devs(w: World, n: int) -> None:
    rng = w.rng("indie")
    countries = ("US", "US", "US", "CA", "BR", "DE", "FR", "GB", "NL", "PL", "ES", "IN", "JP", "KR", "CN", "CN",
                 "SG", "AU", "TR", "NG", "IT", "SE")
    for i in range(n):
        r = w.rng(f"indie/{i}")
        cc = rng.choice(countries)
        created = START - r.uniform(1, 500) * DAY if r.random() < 0.85 else START + r.uniform(0, 12) * DAY
        o = w.org(f"Personal ({i})", r.choice(("free", "tier-1", "tier-1", "tier-2")), created)
        a = w.account(o, "benign", "indie_dev", "", cc, r.choice(FREE_MAIL), created)
        ua, tz = r.choice(SDK_UAS), _tz(cc)
        ip = resi_ip(r, cc)
        active = r.uniform(0.15, 0.7)
        adopt = RELEASE + r.uniform(1, 80) * HOUR if r.random() < 0.45 else END
        style = {"temperature": r.choice((0.7, 1.0, 0.2))} if r.random() < 0.6 else {}
        if r.random() < 0.4:
            style["max_tokens"] = r.choice((1024, 2048, 4096))
        for d in day_starts():
            if d + DAY < created or r.random() > active:
                continue
            if r.random() < 0.1:
                ip = resi_ip(r, cc)
            for s in times_in_day(r, d, poisson(r, 1.6) or 1, tz, EVENING if r.random() < 0.5 else OFFICE):
                t = s
                hist: list[dict] = []
                for _ in range(r.randint(1, 7)):
                    task = T.mixed(w.c, r, zh=cc in ("CN",))
                    model = THINK if t > adopt and r.random() < 0.6 else r.choice((BASE, BASE, MINI, CODE))
                    msgs = [*hist, {"role": "user", "content": task.prompt}] if r.random() < 0.3 else \
                        [{"role": "user", "content": task.prompt}]
                    req = T.send(w, r, t, a, a.keys[0], ip, ua, model, msgs, task, params=style)
                    if req and req.status == 200 and isinstance(req.content, str):
                        hist = [*msgs, {"role": "assistant", "content": req.content}]
                    t += r.uniform(20, 600)


def students(w: World, n: int) -> None:
    rng = w.rng("students")
    campus = {"us": in_net(rng, cloud_net(rng, "us")), "eu": in_net(rng, cloud_net(rng, "eu"))}
    phr = ("", "", "Can you explain step by step?", "Please show your working.", "I don't get this one, help?")
    for i in range(n):
        r = w.rng(f"student/{i}")
        cc = r.choice(("US", "US", "IN", "BR", "DE", "FR", "ES", "JP", "CN", "RU", "KE"))
        lang = {"DE": "de", "FR": "fr", "ES": "es", "JP": "ja", "CN": "zh", "RU": "ru", "KE": "sw"}.get(cc, "en")
        created = START - r.uniform(5, 200) * DAY
        o = w.org(f"Personal (s{i})", "free", created)
        a = w.account(o, "benign", "student", "", cc, r.choice((*FREE_MAIL, "mail.university.example")), created)
        ua = r.choice(("OpenAI/Python 1.93.0", "python-requests/2.32.4", "OpenAI/JS 5.8.2"))
        ip = campus[a.region] if r.random() < 0.4 else resi_ip(r, cc)
        for d in day_starts():
            if r.random() > 0.45:
                continue
            for s in times_in_day(r, d, r.randint(1, 2), _tz(cc), EVENING):
                t = s
                for _ in range(r.randint(1, 6)):
                    task = T.mgsm(w.c, r.randrange(250), lang) if r.random() < 0.7 else T.gsm(w.c, r.randrange(1319))
                    p = r.choice(phr)
                    msgs = [{"role": "user", "content": task.prompt + ("\n\n" + p if p else "")}]
                    model = THINK if t > RELEASE and r.random() < 0.3 else BASE
                    T.send(w, r, t, a, a.keys[0], ip, ua, model, msgs, task, cot=bool(p))
                    t += r.uniform(60, 900)


_ENTERPRISE = (
    ("Brightline Logistics", "US", "You are Brightline's internal support assistant. Answer employee questions "
     "about shipping policies, carrier SLAs and the returns process. Be concise, cite the policy section when you "
     "can, and never invent tracking numbers.", "bl-emp-"),
    ("Vantor Insurance", "DE", "You are Vantor Claims Copilot. Summarise the claim notes the adjuster pastes, list "
     "missing documents, and draft a neutral reply to the policyholder. Output sections: Summary, Missing, Draft.",
     "vx"),
    ("Ostrava Legal", "GB", "You extract clauses from contracts for Ostrava Legal. Given a passage, return JSON with "
     "keys clause_type, parties, obligations, risk (low/medium/high). Do not give legal advice.", "ol-"),
    ("Kumo Retail", "JP", "You are Kumo Retail's product copy assistant. Rewrite the merchant's notes into a product "
     "description of at most 120 words in a warm, plain style.", "kr_"),
)


def enterprises(w: World) -> None:
    for j, (name, cc, system, pfx) in enumerate(_ENTERPRISE):
        r = w.rng(f"ent/{j}")
        o = w.org(name, "enterprise", START - r.uniform(200, 700) * DAY)
        net = cloud_net(r, COUNTRY[cc][0])
        ua = r.choice(("OpenAI/Python 1.75.0", "Apache-HttpClient/5.4.1 (Java/21.0.5)", "OpenAI/JS 4.104.0"))
        emps = [f"{pfx}{r.randrange(10000, 99999)}" for _ in range(r.randint(150, 600))]
        for k in range(3):
            a = w.account(o, "benign", "enterprise_app", "", cc, name.split()[0].lower() + ".example",
                          o.created_at + k * 30 * DAY, n_keys=2)
            rate = r.uniform(60, 110)
            for d in day_starts():
                n = poisson(r, rate * 0.08) if weekday(d) >= 5 else poisson(r, rate)
                for t in times_in_day(r, d, n, _tz(cc), OFFICE):
                    task = T.si(w.c, r) if r.random() < 0.7 else T.arena(w.c, r, "v01")
                    msgs = [{"role": "system", "content": system}, {"role": "user", "content": task.prompt}]
                    T.send(w, r, t, a, r.choice(a.keys), in_net(r, net), ua, r.choice((BASE, MINI)), msgs, task,
                           params={"temperature": 0.2, "max_tokens": 800}, user=r.choice(emps))


def aggregators(w: World) -> list[tuple]:
    """Honest resellers; returns (account, end-user list, ua, ips) for each, to host the hidden harvest."""
    out = []
    for j, (name, cc, pfx) in enumerate((("Relaybird", "SG", "rb_u_"), ("Tokenfox", "NL", "tfx-"))):
        r = w.rng(f"agg/{j}")
        o = w.org(name, "scale", START - r.uniform(200, 400) * DAY)
        a = w.account(o, "benign", "aggregator", "", cc, name.lower() + ".example", o.created_at, n_keys=3)
        net = cloud_net(r, a.region)
        ips = [in_net(r, net) for _ in range(4)]
        ua = "OpenAI/Python 1.88.0" if j == 0 else "Go-http-client/2.0"
        users = [pfx + rid(r, 10) for _ in range(r.randint(500, 800))]
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(users))]
        for d in day_starts():
            n = poisson(r, r.uniform(280, 340))
            picks = r.choices(users, weights=weights, k=n)
            for t, u in zip(times_in_day(r, d, n, 0, FLAT), picks, strict=True):
                zh = u.endswith(("a", "b", "c", "d")) and j == 0
                task = T.mixed(w.c, r, zh=zh)
                m = THINK if t > RELEASE + 4 * HOUR and r.random() < 0.3 else r.choice((BASE, BASE, MINI, CODE))
                msgs = [{"role": "user", "content": task.prompt}]
                if r.random() < 0.3:
                    msgs.insert(0, {"role": "system", "content": "You are a helpful assistant."})
                T.send(w, r, t, a, r.choice(a.keys), r.choice(ips), ua, m, msgs, task,
                       params={"stream": True, "stream_options": {"include_usage": True}}, user=u)
        out.append((a, users, ua, ips))
    return out


_FEWSHOT = "".join(
    f"Question: {q}\nAnswer: Let's think step by step. {s}\n\n" for q, s in (
        ("There are 15 trees in the grove. Grove workers will plant trees today. After they are done there will be "
         "21 trees. How many trees did the workers plant today?", "21 - 15 = 6. The answer is 6."),
        ("If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?",
         "3 + 2 = 5. The answer is 5."),
        ("Leah had 32 chocolates and her sister had 42. If they ate 35, how many pieces do they have left in total?",
         "32 + 42 = 74; 74 - 35 = 39. The answer is 39."),
    ))


def eval_harness(w: World) -> None:
    for v, (vendor, cc) in enumerate((("Evalforge", "US"), ("Benchmarkly", "FR"))):
        r = w.rng(f"eval/{v}")
        o = w.org(vendor, "tier-4", START - r.uniform(100, 300) * DAY)
        net = cloud_net(r, COUNTRY[cc][0])
        accts = [w.account(o, "benign", "eval_harness", "", cc, vendor.lower() + ".example", o.created_at)
                 for _ in range(2)]
        ua = "lm-eval-harness/0.4.8 python-httpx/0.28.1" if v == 0 else "OpenAI/Python 1.93.0"
        runs = []
        for d in day_starts():
            if weekday(d) < 5:
                runs.append((d + (2 - _tz(cc)) % 24 * HOUR, [BASE] if weekday(d) % 2 else [BASE, MINI], 60))
        runs.append((RELEASE + r.uniform(2, 6) * HOUR, [THINK], 400))
        runs.append((RELEASE + r.uniform(20, 30) * HOUR, [THINK], 400))
        for t0, models, size in runs:
            t = t0
            for model in models:
                for suite in ("gsm8k", "mgsm", "humaneval"):
                    a = accts[0] if suite != "humaneval" else accts[1]
                    n = size if suite == "gsm8k" else size // 2 if suite == "mgsm" else min(164, size // 2)
                    start = r.randrange(1319)
                    for i in range(n):
                        if suite == "gsm8k":
                            task = T.gsm(w.c, start + i)
                            prompt = _FEWSHOT + f"Question: {task.prompt}\nAnswer: Let's think step by step."
                        elif suite == "mgsm":
                            task = T.mgsm(w.c, start + i, ("de", "fr", "zh", "ja")[i % 4])
                            prompt = f"Solve the problem. End with 'Answer: <number>'.\n\n{task.prompt}"
                        else:
                            task = T.he(w.c, i)
                            prompt = task.prompt
                        params = {"temperature": 0, "max_tokens": 1024, "seed": 1234}
                        T.send(w, r, t, a, a.keys[0], in_net(r, net), ua, model,
                               [{"role": "user", "content": prompt}], task, cot=suite == "gsm8k", params=params)
                        t += r.expovariate(3.0)


def ci_jobs(w: World, n: int) -> None:
    for i in range(n):
        r = w.rng(f"ci/{i}")
        o = w.org(f"ci-{rid(r, 5).lower()}", "tier-2", START - r.uniform(30, 400) * DAY)
        a = w.account(o, "benign", "ci_job", "", r.choice(("US", "DE", "GB", "IN")), "ci.example", o.created_at)
        suite = [T.si(w.c, r) for _ in range(r.randint(6, 15))]
        every = r.choice((12, 24, 24)) * HOUR
        t0 = START + r.uniform(0, every)
        ua = r.choice(("OpenAI/Python 1.93.0", "python-requests/2.32.4"))
        while t0 < END:
            ip = in_net(r, cloud_net(r, a.region))  # a fresh runner each job
            t = t0
            for task in suite:
                T.send(w, r, t, a, a.keys[0], ip, ua, MINI, [{"role": "user", "content": task.prompt}], task,
                       params={"temperature": 0, "seed": 7, "max_tokens": 256})
                t += r.uniform(0.5, 3)
            t0 += every + r.uniform(-60, 60)


def researchers(w: World, n: int) -> None:
    wordings = ("Let's think step by step.", "Explain your reasoning before giving the final answer.",
                "Think it through carefully, then answer.")
    for i in range(n):
        r = w.rng(f"research/{i}")
        cc = r.choice(("US", "DE", "GB", "CN", "JP", "FR"))
        o = w.org(f"Lab {i}", "tier-2", START - r.uniform(20, 300) * DAY)
        a = w.account(o, "benign", "researcher", "", cc, r.choice(("uni.example.edu", "inst.example.ac.uk")),
                      o.created_at)
        ip, ua = in_net(r, cloud_net(r, a.region)), r.choice(("OpenAI/Python 1.93.0", "python-httpx/0.28.1"))
        study = i % 4
        for d in day_starts():
            if r.random() < 0.55:
                continue
            t = d + r.uniform(8, 20) * HOUR - _tz(cc) * HOUR
            for _ in range(r.randint(20, 60)):
                if study == 0:
                    task = T.gsm(w.c, r.randrange(1319))
                    msgs = [{"role": "user", "content": f"{task.prompt}\n{r.choice(wordings)}"}]
                    cot, extra = True, {"temperature": 0.7, "n": 4}
                elif study == 1:
                    lang = r.choice(MGSM_LANGS[1:])
                    task = T.mgsm(w.c, r.randrange(250), lang)
                    msgs = [{"role": "user", "content": task.prompt + "\n\nReason in the same language as the "
                             "question, then give the number."}]
                    cot, extra = True, {"temperature": 0}
                elif study == 2:
                    task = T.gsm(w.c, r.randrange(1319))
                    msgs = [{"role": "user", "content": f"Problem: {task.prompt}\nThe correct answer is "
                             f"{task.final}. Explain why this answer is correct."}]
                    cot, extra = True, {"temperature": 0}
                else:
                    task = T.arena(w.c, r, "math")
                    msgs = [{"role": "user", "content": task.prompt}]
                    cot, extra = False, {"temperature": 1.0, "logprobs": True, "top_logprobs": 5}
                model = THINK if t > RELEASE and r.random() < 0.5 else BASE
                if model == THINK:
                    extra = {**extra, "reasoning_effort": r.choice(("low", "medium", "high"))}
                T.send(w, r, t, a, a.keys[0], ip, ua, model, msgs, task, cot=cot, params=extra)
                t += r.uniform(2, 30)


def tutoring(w: World) -> None:
    systems = ("You are MathPal, a patient tutor for middle-school students. Always show the solution as numbered "
               "steps, explain each step in one sentence, and finish with 'Answer: <number>'.",
               "Du bist ein geduldiger Mathe-Tutor. Zeige jeden Rechenschritt und erkläre ihn kurz.",
               "You are StudyOwl. Guide the learner step by step. Show every step of the working.")
    for j, (name, cc) in enumerate((("MathPal", "US"), ("Rechenfuchs", "DE"), ("StudyOwl", "IN"))):
        r = w.rng(f"tutor/{j}")
        o = w.org(name, "tier-3", START - r.uniform(100, 400) * DAY)
        a = w.account(o, "benign", "tutoring_app", "", cc, name.lower() + ".example", o.created_at)
        net = cloud_net(r, a.region)
        kids = [f"stu_{rid(r, 8)}" for _ in range(r.randint(200, 400))]
        lang = "de" if cc == "DE" else "en"
        for d in day_starts():
            n = poisson(r, 55 if weekday(d) < 5 else 30)
            for t in times_in_day(r, d, n, _tz(cc), EVENING):
                kid = r.choice(kids)
                task = T.mgsm(w.c, r.randrange(250), lang) if lang != "en" or r.random() < 0.3 else \
                    T.gsm(w.c, r.randrange(1319))
                msgs = [{"role": "system", "content": systems[j]}, {"role": "user", "content": task.prompt}]
                req = T.send(w, r, t, a, a.keys[0], in_net(r, net), "OpenAI/JS 5.8.2", BASE, msgs, task, cot=True,
                             params={"stream": True}, user=kid)
                if req and req.status == 200 and r.random() < 0.35:
                    follow = r.choice(("why did you multiply in step 2?", "I still don't understand the last step",
                                       "can you check my answer? I got " + str(r.randrange(2, 500))))
                    msgs = [*msgs, {"role": "assistant", "content": req.content}, {"role": "user", "content": follow}]
                    T.send(w, r, t + r.uniform(40, 300), a, a.keys[0], in_net(r, net), "OpenAI/JS 5.8.2", BASE,
                           msgs, task, cot=True, params={"stream": True}, user=kid)


_JUDGE = ("You are an impartial grader. Score the response to the user's instruction on helpfulness, correctness "
          "and clarity from 1 to 10 each, with one sentence of justification per criterion. Reply as JSON: "
          '{"helpfulness":..,"correctness":..,"clarity":..,"justification":{...}}')


def llm_judges(w: World, n: int) -> None:
    for i in range(n):
        r = w.rng(f"judge/{i}")
        cc = r.choice(("US", "GB"))
        o = w.org(f"Gradewise {i}", "tier-3", START - r.uniform(60, 300) * DAY)
        a = w.account(o, "benign", "llm_judge", "", cc, "gradewise.example", o.created_at)
        ip = in_net(r, cloud_net(r, a.region))
        customers = [f"cust-{rid(r, 6)}" for _ in range(r.randint(8, 30))]
        for d in day_starts():
            for b in range(4):
                t = d + (b * 6 + r.uniform(0, 1)) * HOUR
                cust = r.choice(customers)
                for _ in range(poisson(r, 20)):
                    task = T.si(w.c, r)
                    cand = T.si(w.c, r).answer if r.random() < 0.3 else task.answer
                    msgs = [{"role": "system", "content": _JUDGE},
                            {"role": "user", "content": f"[Instruction]\n{task.prompt}\n\n[Response]\n{cand}"}]
                    s = [r.randint(3, 10) for _ in range(3)]
                    out = json.dumps({"helpfulness": s[0], "correctness": s[1], "clarity": s[2],
                                      "justification": {"helpfulness": "Addresses the request.",
                                                        "correctness": "No factual errors found." if s[1] > 6 else
                                                        "Contains an error.", "clarity": "Readable."}})
                    T.send(w, r, t, a, a.keys[0], ip, "python-httpx/0.28.1", MINI, msgs, None, content=out,
                           params={"temperature": 0, "response_format": {"type": "json_object"}}, user=cust)
                    t += r.uniform(0.3, 4)


def translators(w: World, n: int) -> None:
    langs = ("German", "French", "Spanish", "Japanese", "Chinese", "Portuguese", "Italian", "Korean", "Polish")
    for i in range(n):
        r = w.rng(f"transl/{i}")
        cc = r.choice(("DE", "FR", "PL", "NL"))
        o = w.org(f"Lingua {i}", "tier-3", START - r.uniform(60, 500) * DAY)
        a = w.account(o, "benign", "translation", "", cc, "lingua.example", o.created_at)
        ip = in_net(r, cloud_net(r, a.region))
        for d in day_starts():
            if weekday(d) >= 5:
                continue
            for t in times_in_day(r, d, poisson(r, 70), 0, FLAT):
                src = r.choice(w.c.sentences) + " " + r.choice(w.c.sentences)
                tgt = r.choice(langs)
                msgs = [{"role": "system", "content": f"Translate the user's text into {tgt}. Keep formatting, "
                         "names and numbers. Output only the translation."}, {"role": "user", "content": src}]
                T.send(w, r, t, a, a.keys[0], ip, "OpenAI/Python 1.88.0", MINI, msgs, None,
                       content=f"[{tgt}] {src}", params={"temperature": 0.1})


_AGENT_TOOLS = [{"type": "function", "function": {"name": nm, "description": ds, "parameters": {
    "type": "object", "properties": {k: {"type": "string"} for k in ks}, "required": list(ks)}}} for nm, ds, ks in (
    ("read_file", "Read a file from the workspace", ("path",)),
    ("write_file", "Write a file in the workspace", ("path", "content")),
    ("run_shell", "Run a shell command in the sandbox and return stdout/stderr", ("command",)),
    ("grep", "Search the repository for a pattern", ("pattern",)))]
_AGENT_SYS = ("You are Patchwork, an AI pair programmer inside the user's IDE. Use the tools to inspect and edit the "
              "repository. Make minimal, well-tested changes. When done, summarise the change for the user.")


def agent_loop(w: World, r, t: float, a, key, ip: str, ua: str, model_for, system: str, tools: list, task: T.Task,
               steps: int, user: str | None = None, reason_note: bool = False) -> float:
    """A tool-using coding loop: the whole history is re-sent every step; tool outputs are real dataset text."""
    fn = task.src.replace("/", "_").lower() + ".py"
    msgs = [{"role": "system", "content": system},
            {"role": "user", "content": f"In `{fn}` implement the function below so the tests pass.\n\n{task.prompt}"}]
    for s in range(steps):
        model = model_for(t)
        last = s == steps - 1
        note = f"I will first look at the current state. {r.choice(task.steps) if task.steps else ''}" \
            if reason_note else None
        if last:
            content = task.cot
            calls = None
        else:
            tool = ("read_file", "grep", "run_shell", "write_file")[min(s, 3)] if s < 4 else r.choice(
                ("run_shell", "read_file", "write_file"))
            arg = {"read_file": {"path": fn}, "grep": {"pattern": task.src.split("/")[-1]},
                   "run_shell": {"command": f"python -m pytest -q tests/test_{fn}"},
                   "write_file": {"path": fn, "content": task.prompt + "    pass\n"}}[tool]
            calls = [{"id": "call_" + rid(r, 24), "type": "function",
                      "function": {"name": tool, "arguments": json.dumps(arg)}}]
            content = note
        req = T.send(w, r, t, a, key, ip, ua, model, list(msgs), task, content=content, tool_calls=calls,
                     params={"tools": tools, "temperature": 0.2, "max_tokens": 4096}, user=user)
        if req is None or req.status != 200:
            break
        if last:
            break
        msgs.append({"role": "assistant", "content": content, "tool_calls": calls})
        out = {"read_file": task.prompt, "grep": f"{fn}:1:{task.prompt.splitlines()[0] if task.prompt else ''}",
               "run_shell": "F.\n=== FAILURES ===\nAssertionError\n" + "\n".join(task.steps[:4]) + "\n1 failed",
               "write_file": "ok"}[calls[0]["function"]["name"]]
        msgs.append({"role": "tool", "tool_call_id": calls[0]["id"], "content": out})
        t += r.uniform(3, 40)
    return t


def coding_agents(w: World) -> None:
    for j, (name, cc) in enumerate((("Patchwork", "US"), ("Codelark", "GB"), ("Devmole", "SG"))):
        r = w.rng(f"agent/{j}")
        o = w.org(name, "scale", START - r.uniform(100, 400) * DAY)
        a = w.account(o, "benign", "coding_agent", "", cc, name.lower() + ".example", o.created_at, n_keys=2)
        net = cloud_net(r, a.region)
        users = [f"u_{rid(r, 12)}" for _ in range(r.randint(300, 700))]
        adopt = RELEASE + r.uniform(20, 60) * HOUR
        ua = f"{name}/3.{j}.1 OpenAI/JS 5.8.2"
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 26), _tz(cc), CONSUMER):
                task = T.he(w.c, r.randrange(164)) if r.random() < 0.6 else T.arena(w.c, r, "code")
                if not task.steps:
                    continue
                agent_loop(w, r, t, a, r.choice(a.keys), in_net(r, net), ua,
                           lambda x, ad=adopt, rr=r: THINK if x > ad and rr.random() < 0.3 else CODE, _AGENT_SYS,
                           _AGENT_TOOLS, task, r.randint(3, 9), user=r.choice(users))


def safety_eval(w: World) -> None:
    r = w.rng("safety")
    o = w.org("Redline Security", "tier-3", START - 150 * DAY)
    a = w.account(o, "benign", "safety_eval", "", "US", "redline.example", o.created_at)
    ip = in_net(r, cloud_net(r, "us"))
    for d in day_starts():
        if weekday(d) >= 5:
            continue
        t = d + r.uniform(14, 20) * HOUR
        for _ in range(poisson(r, 50)):
            tpl = r.choice(w.c.jailbreaks)
            q = r.choice(w.c.harmful)
            prompt = tpl.replace("[INSERT PROMPT HERE]", q) if r.random() < 0.7 else r.choice(w.c.extraction)
            T.send(w, r, t, a, a.keys[0], ip, "python-requests/2.32.4", r.choice((BASE, MINI)),
                   [{"role": "user", "content": prompt}], None, content="I can't help with that request.",
                   params={"temperature": 1.0})
            t += r.uniform(1, 8)


def all_benign(w: World) -> list[tuple]:
    indie_devs(w, 130)
    students(w, 40)
    enterprises(w)
    hosts = aggregators(w)
    eval_harness(w)
    ci_jobs(w, 12)
    researchers(w, 8)
    tutoring(w)
    llm_judges(w, 3)
    translators(w, 3)
    coding_agents(w)
    safety_eval(w)
    return hosts
