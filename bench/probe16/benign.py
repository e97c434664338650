"""Benign customers, including the hard cases that look like harvesting but are legitimate."""

from __future__ import annotations

import json
import random

from .items import draw, make
from .texts import pick
from .world import (
    APP_UAS,
    CONSUMER,
    COUNTRY,
    DAY,
    END,
    EVENING,
    FLAT,
    GEN,
    HOUR,
    MIN,
    MINI,
    OFFICE,
    R2,
    R3,
    RELEASE,
    SDK_UAS,
    SEC,
    START,
    STUDY,
    WEB_UAS,
    Account,
    World,
    hourly_times,
    rng_for,
    rstr,
)

DEV_COUNTRIES = ("US", "US", "US", "IN", "DE", "GB", "BR", "CN", "JP", "KR", "FR", "CA", "PL", "NG", "VN", "ES",
                 "NL", "TR", "SG", "AU", "IL", "SE", "IT", "MX", "TW", "RU", "TH", "BD")
LANG_OF = {"CN": "zh", "TW": "zh", "HK": "zh", "JP": "ja", "RU": "ru", "DE": "de", "FR": "fr", "ES": "es",
           "MX": "es", "TH": "th", "BD": "bn", "KE": "sw"}
LOCALE = {"zh": "zh-CN", "ja": "ja-JP", "ru": "ru-RU", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "th": "th-TH",
          "bn": "bn-BD", "sw": "sw-KE", "en": "en-US", "te": "te-IN"}
FOLLOWUPS = ("Can you make that shorter?", "What about edge cases?", "Thanks! Can you explain why that works?",
             "Could you give an example?", "Rewrite it in a more formal tone.", "ok and in TypeScript?",
             "Hmm, that doesn't look right for negative numbers.", "Can you add comments?",
             "Please summarise this in three bullet points.", "Danke! Kannst du das noch etwas genauer erklären?",
             "谢谢，能再举一个例子吗？", "もう少し詳しく説明してもらえますか？", "¿Puedes resumirlo en una frase?")
STEP_ASKS = ("Explain step by step.", "Please show your work.", "Can you explain how to solve this? I don't get it.",
             "how do i do this one", "Show the steps please, I need to understand it for my exam.")
STEP_ASKS_L = {"zh": "请一步一步解释。", "ja": "解き方を順番に教えてください。", "ru": "Объясни, пожалуйста, по шагам.",
               "de": "Bitte erkläre den Lösungsweg.", "fr": "Peux-tu expliquer les étapes ?",
               "es": "¿Me explicas cómo se resuelve paso a paso?", "th": "ช่วยอธิบายวิธีทำทีละขั้นหน่อย",
               "bn": "ধাপে ধাপে বুঝিয়ে দাও।", "sw": "Tafadhali nieleze hatua kwa hatua.", "te": "దశలవారీగా వివరించండి."}


def _tz(country: str) -> float:
    return COUNTRY[country][0]


def _dev_mix(lang: str) -> dict[str, float]:
    if lang == "zh":
        return {"belle": 5, "arena_code": 2, "code": 1, "arena_other": 1}
    return {"arena_other": 3, "arena_code": 3, "si": 3, "code": 2, "unnatural": 1, "arena_v01": 2, "gsm": 1,
            "arena_math": 1}


def indie_devs(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"indie/{i}")
        country = pick(rng, DEV_COUNTRIES)
        lang = LANG_OF.get(country, "en") if rng.random() < 0.6 else "en"
        late = rng.random() < 0.15
        created = START + rng.randrange(0, 12 * DAY) if late else START - rng.randrange(10 * DAY, 500 * DAY)
        a = w.new_org(rng, kind="indie_dev", name=f"Personal ({rstr(rng, 5).lower()})", country=country,
                      created_at=created, plan=pick(rng, ("free", "tier-1", "tier-1", "tier-2")),
                      email_domain=pick(rng, ("gmail.com", "outlook.com", "proton.me", "qq.com", "yahoo.co.jp",
                                              "hey.com", "icloud.com")),
                      keys_per_project=rng.choice((1, 1, 2, 3)))
        ua = pick(rng, SDK_UAS)
        home = w.ip(rng, country)
        resp_user = rng.random() < 0.4
        tries_new = rng.random() < 0.45
        new_at = RELEASE + int(rng.expovariate(1 / 30) * HOUR)
        per_day = rng.lognormvariate(0.2, 0.9)
        mix = _dev_mix(lang)
        for t in hourly_times(rng, per_day, pick(rng, (EVENING, OFFICE, CONSUMER)), _tz(country),
                              start=max(START, created), weekend=rng.uniform(0.5, 1.4)):
            ip = home if rng.random() < 0.85 else w.ip(rng, country)
            key = pick(rng, a.keys)
            model = R3 if tries_new and t >= new_at and rng.random() < 0.6 else \
                pick(rng, (GEN, GEN, MINI, R2) if resp_user else (GEN, GEN, MINI))
            it = draw(w.c, rng, mix)
            turns = 1 + (rng.random() < 0.35) * rng.randrange(1, 4)
            if resp_user:
                prev = None
                for k in range(turns):
                    q = it.prompt if k == 0 else pick(rng, FOLLOWUPS)
                    summ = rng.random() < 0.5 and model in (R2, R3)
                    t, prev = w.respond(rng, a, t, model=model, input=q, answer=it.answer if k == 0 else
                                        draw(w.c, rng, {"si": 1}).answer, ip=ip, ua=ua, key=key, prev=prev,
                                        effort=pick(rng, ("low", "medium", "high")) if model in (R2, R3) else None,
                                        summary_mode="auto" if summ else None, summary=it.summary,
                                        stream=rng.random() < 0.3)
                    if prev is None:
                        break
                    t += int(rng.uniform(15, 400) * SEC)
            else:
                msgs: list[dict] = []
                if rng.random() < 0.3:
                    msgs.append({"role": "system", "content": pick(rng, (
                        "You are a helpful assistant.", "You are a senior Python developer. Be concise.",
                        "Answer briefly.", "You are a helpful assistant. Reply in the user's language."))})
                msgs.append({"role": "user", "content": it.prompt})
                for k in range(turns):
                    ans = it.answer if k == 0 else draw(w.c, rng, {"si": 1}).answer
                    t, ok = w.chat(rng, a, t, model=model, messages=list(msgs), answer=ans, ip=ip, ua=ua, key=key,
                                   params={"temperature": pick(rng, (0.2, 0.7, 1.0))} if rng.random() < 0.4 else
                                   None, stream=rng.random() < 0.3)
                    if not ok:
                        break
                    msgs += [{"role": "assistant", "content": ans}, {"role": "user", "content": pick(rng, FOLLOWUPS)}]
                    t += int(rng.uniform(15, 400) * SEC)
        if rng.random() < 0.25:
            _chat_user_traffic(w, rng, a, country, lang, per_day=rng.uniform(0.2, 1.2), created=created)


def _chat_user_traffic(w: World, rng: random.Random, a: Account | None, country: str, lang: str, per_day: float,
                       created: int, kind: str = "", mix: dict[str, float] | None = None,
                       plan: str | None = None, thinking_p: float = 0.35) -> Account:
    platform = pick(rng, ("web", "web", "ios", "android"))
    ua = pick(rng, WEB_UAS) if platform == "web" else APP_UAS[platform].format(v=pick(rng, ("3.18.2", "3.19.0")))
    plan = plan or pick(rng, ("free", "free", "free", "plus", "pro"))
    acct, oid = w.new_chat_user(rng, a, kind=kind, country=country, created_at=min(created, END - 2 * DAY),
                                plan=plan, locale=LOCALE.get(lang, "en-US"),
                                email_domain=pick(rng, ("gmail.com", "outlook.com", "qq.com", "icloud.com",
                                                        "yandex.ru", "naver.com", "web.de")),
                                signup_ua=ua)
    home = w.ip(rng, country)
    mix = mix or (_dev_mix(lang) | ({f"mgsm:{lang}": 1} if lang != "en" else {"gsm": 1}))
    for t in hourly_times(rng, per_day, CONSUMER, _tz(country), start=max(START, created)):
        it = draw(w.c, rng, mix)
        think = rng.random() < thinking_p
        turns = [(it.prompt, it.answer, it.summary if think else None)]
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 5))):
            f = draw(w.c, rng, {"si": 1})
            turns.append((pick(rng, FOLLOWUPS), f.answer, f.summary if think else None))
        w.conversation(rng, acct, oid, t, turns, model=GEN, thinking=think, platform=platform,
                       ip=home if rng.random() < 0.8 else w.ip(rng, country), ua=ua)
    return acct


def chat_consumers(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"consumer/{i}")
        country = pick(rng, DEV_COUNTRIES)
        lang = LANG_OF.get(country, "en")
        created = START - rng.randrange(DAY, 400 * DAY) if rng.random() < 0.8 else START + rng.randrange(12 * DAY)
        mix = {"arena_other": 3, "si": 4, "unnatural": 1, "gsm": 1, "hh": 0} if lang != "zh" else \
            {"belle": 6, "belle_reason": 1}
        if lang not in ("en", "zh") and rng.random() < 0.7:
            mix = mix | {f"mgsm:{lang}": 2}
        mix = {k: v for k, v in mix.items() if v}
        _chat_user_traffic(w, rng, None, country, lang, per_day=rng.lognormvariate(-0.7, 0.8), created=created,
                           kind="chat_consumer", mix=mix)


def students(w: World, n: int) -> None:
    campuses = [(c, w.ip(rng_for(w.seed, f"campus/{c}"), c)) for c in ("US", "IN", "DE", "JP", "BR", "CN")]
    for i in range(n):
        rng = rng_for(w.seed, f"student/{i}")
        country, nat = pick(rng, campuses) if rng.random() < 0.45 else (pick(rng, DEV_COUNTRIES), None)
        lang = LANG_OF.get(country, "en")
        created = START - rng.randrange(5 * DAY, 200 * DAY)
        a = w.new_org(rng, kind="student", name="Personal", country=country, created_at=created, plan="edu",
                      email_domain=pick(rng, ("student.uni-example.edu", "mail.campus.ac.jp", "stud.tu-ex.de",
                                              "alumnos.ex.mx", "gmail.com")), credit=("education", 5000))
        ua = pick(rng, ("OpenAI/Python 1.107.0", "OpenAI/Python 1.99.9", "python-requests/2.32.5",
                        "OpenAI/JS 5.20.1"))
        home = nat or w.ip(rng, country)
        use_resp = rng.random() < 0.35
        src = f"mgsm:{lang}" if lang != "en" else "gsm"
        for t in hourly_times(rng, rng.uniform(1, 6), STUDY, _tz(country), weekend=0.6):
            it = draw(w.c, rng, {src: 5, "code": 1, "si": 1})
            ask = ""
            if it.math is not None and rng.random() < 0.45:
                ask = STEP_ASKS_L.get(it.lang) if it.lang != "en" else pick(rng, STEP_ASKS)
            q = f"{it.prompt}\n\n{ask}" if ask else it.prompt
            if use_resp:
                model = R3 if t >= RELEASE and rng.random() < 0.4 else pick(rng, (R2, GEN, MINI))
                w.respond(rng, a, t, model=model, input=q, answer=it.answer, ip=home, ua=ua,
                          effort="medium" if model in (R2, R3) else None,
                          summary_mode="auto" if model in (R2, R3) and rng.random() < 0.5 else None,
                          summary=it.summary)
            else:
                w.chat(rng, a, t, model=pick(rng, (GEN, MINI)), messages=[{"role": "user", "content": q}],
                       answer=it.answer, ip=home, ua=ua)
        if rng.random() < 0.4:
            _chat_user_traffic(w, rng, a, country, lang, per_day=rng.uniform(0.5, 2), created=created,
                               mix={src: 3, "si": 1}, thinking_p=0.5)


EVAL_TEMPLATES = {
    "gsm": "Solve the following math problem step by step. The last line of your response should be of the form "
           "\"ANSWER: $ANSWER\" (without quotes) where $ANSWER is the answer to the problem.\n\n{q}\n\nRemember to "
           "put your answer on its own line after \"ANSWER:\", and you do not need to use a \\boxed command.",
    "mgsm": "Solve this math problem. Give the reasoning steps before giving the final answer on the last line by "
            "itself in the format of \"Answer:\". Do not add anything other than the integer answer after "
            "\"Answer:\".\n\n{q}",
    "code": "Complete the following Python function. Return only the code in a single ```python block.\n\n{q}",
}


def eval_runners(w: World) -> None:
    for i, (name, country) in enumerate((("Benchwright Inc.", "US"), ("EvalGrid GmbH", "DE"),
                                         ("Ranklab Pte. Ltd.", "SG"))):
        rng = rng_for(w.seed, f"eval/{i}")
        a = w.new_org(rng, kind="eval_runner", name=name, country=country, created_at=START - rng.randrange(
            200 * DAY, 600 * DAY), plan="tier-4", email_domain=name.split()[0].lower() + ".io", n_projects=2,
                      keys_per_project=2, members=4, card=("amex", country))
        ips = [w.ip(rng, cloud=True) for _ in range(3)]
        ua = pick(rng, ("OpenAI/Python 1.107.0", "AsyncOpenAI/Python 1.107.0", "python-httpx/0.28.1"))
        runs: list[tuple[int, str, str]] = []
        for d in range(14):
            if rng.random() < 0.35:
                runs.append((START + d * DAY + rng.randrange(19 * HOUR, 23 * HOUR), pick(rng, (GEN, MINI, R2)),
                             pick(rng, ("gsm", "mgsm", "code"))))
        for k in range(3):
            runs.append((RELEASE + rng.randrange(2 * HOUR, 7 * HOUR) + k * rng.randrange(8 * HOUR, 30 * HOUR), R3,
                         ("gsm", "mgsm", "code")[k]))
        for t0, model, suite in runs:
            if t0 >= END:
                continue
            ip = pick(rng, ips)
            key = pick(rng, a.keys)
            effort = pick(rng, ("low", "medium", "high")) if model in (R2, R3) else None
            if suite == "gsm":
                idx = rng.sample(range(len(w.c.gsm)), rng.randrange(150, 320))
                srcs = [("gsm", j) for j in idx]
            elif suite == "mgsm":
                langs = rng.sample(("de", "fr", "zh", "ja", "ru", "es", "th", "bn", "sw"), 4)
                idx = rng.sample(range(250), 60)
                srcs = [(f"mgsm:{lang}", j) for lang in langs for j in idx]
            else:
                srcs = [("code", j) for j in range(164)]
            t = t0
            for src, j in srcs:
                it = make(w.c, rng, src, j)
                prompt = EVAL_TEMPLATES[suite].format(q=it.prompt)
                t += int(rng.expovariate(4) * SEC)
                if model in (R2, R3):
                    w.respond(rng, a, t, model=model, input=prompt, answer=it.answer, ip=ip, ua=ua, key=key,
                              effort=effort, params={"max_output_tokens": 16000}, p429=0.01, retry=True)
                else:
                    w.chat(rng, a, t, model=model, messages=[{"role": "user", "content": prompt}], answer=it.answer,
                           ip=ip, ua=ua, key=key, params={"temperature": 0, "seed": 1234, "max_tokens": 2048},
                           p429=0.01)


CI_PROMPTS = ("Return the JSON {\"status\": \"ok\"} and nothing else.", "Say 'pong'.",
              "Classify the sentiment of: 'The update broke my workflow.' Answer positive, negative or neutral.",
              "Extract the invoice number from: 'Invoice INV-2291 due 2026-11-01'. Reply with the number only.",
              "Translate 'Good morning' into French.", "What is 17 * 23? Reply with the number only.")


def ci_jobs(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"ci/{i}")
        country = pick(rng, ("US", "DE", "GB", "IN", "FR", "NL"))
        co = pick(rng, ("Acme", "Brightloop", "Cobalt", "Dunmore", "Evenfield", "Fjord", "Gantry", "Hollis"))
        a = w.new_org(rng, kind="ci_job", name=f"{co} Engineering",
                      country=country, created_at=START - rng.randrange(60 * DAY, 700 * DAY), plan="tier-2",
                      email_domain=f"{rstr(rng, 6).lower()}.com", n_projects=2)
        prompts = [pick(rng, CI_PROMPTS) for _ in range(rng.randrange(1, 4))] + \
            [make(w.c, rng, "si").prompt for _ in range(rng.randrange(1, 6))]
        every = pick(rng, (2, 3, 4, 6, 8, 12)) * HOUR
        t = START + rng.randrange(every)
        model = pick(rng, (GEN, MINI))
        while t < END:
            ip = w.ip(rng, cloud=True)
            for p in prompts:
                w.chat(rng, a, t, model=model, messages=[{"role": "user", "content": p}],
                       answer="ok" if len(p) < 60 else make(w.c, rng, "si").answer, ip=ip, ua="OpenAI/Python 1.99.9",
                       key=a.keys[-1], params={"temperature": 0, "seed": 7})
                t += int(rng.uniform(0.3, 3) * SEC)
            t += every + int(rng.uniform(-120, 120) * SEC)


ENTERPRISE = (
    ("Harbourline Logistics", "GB", "You are Harbourline's shipment support assistant. Answer customer questions "
     "about tracking, customs paperwork and delivery windows. If you do not know, say so and offer a human agent."),
    ("Meridian Health Partners", "US", "You summarise clinical intake notes for nurses. Output: Chief complaint, "
     "History, Medications, Allergies, Flags. Never give a diagnosis."),
    ("Kestrel Bank", "DE", "Du bist der interne Assistent der Kestrel Bank für Compliance-Fragen. Antworte knapp, "
     "nenne die relevante Richtlinie und verweise bei Unklarheiten an das Compliance-Team."),
    ("Sakura Retail", "JP", "あなたはサクラリテールのカスタマーサポート担当です。"
     "丁寧な敬語で、返品・交換・配送についての質問に答えてください。"),
    ("Northwind Legal", "US", "You are a contract-review assistant. Identify risky clauses (indemnity, liability caps, "
     "auto-renewal, governing law) and explain each in plain English."),
    ("Lumio Energy", "FR", "Tu es l'assistant de Lumio Énergie. Réponds aux questions des clients sur leurs "
     "factures et contrats, de façon claire et polie."),
    ("Pampa Foods", "BR", "You write product descriptions for a grocery catalogue: 60-90 words, friendly, "
     "mention allergens."),
    ("Orbit Telecom", "IN", "You are Orbit Telecom's network-ops copilot. Given an alarm text, classify severity "
     "(P1-P4), likely cause and the first runbook step. Reply as JSON."),
)


def enterprise_apps(w: World) -> None:
    for i, (name, country, system) in enumerate(ENTERPRISE):
        rng = rng_for(w.seed, f"enterprise/{i}")
        a = w.new_org(rng, kind="enterprise_app", name=name, country=country, created_at=START - rng.randrange(
            120 * DAY, 900 * DAY), plan="enterprise", email_domain=name.split()[0].lower() + ".com", n_projects=3,
                      keys_per_project=2, members=rng.randrange(4, 12), card=("invoice", country),
                      tax_id=f"{country}{rng.randrange(10**8, 10**9)}")
        egress = [f"{w.subnet(rng)}.{k}" for k in (10, 11, 12)]
        employees = [f"emp_{rng.randrange(10000, 99999)}" for _ in range(rng.randrange(60, 400))]
        use_resp = i % 2 == 1
        ua = pick(rng, ("OpenAI/Python 1.82.1", "OpenAI/JS 4.104.0", "okhttp/4.12.0"))
        lang = LANG_OF.get(country, "en")
        mix = {"si": 3, "arena_other": 1, "unnatural": 2} if lang != "zh" else {"belle_open": 1}
        for t in hourly_times(rng, rng.uniform(30, 80), OFFICE, _tz(country), weekend=0.1):
            it = draw(w.c, rng, mix)
            q = it.prompt if rng.random() < 0.7 else "\n\n".join(draw(w.c, rng, {"si": 1}).answer for _ in range(
                rng.randrange(3, 30)))  # pasted documents, sometimes long
            u = pick(rng, employees)
            if use_resp:
                w.respond(rng, a, t, model=pick(rng, (GEN, MINI)), input=q, instructions=system, answer=it.answer,
                          ip=pick(rng, egress), ua=ua, key=pick(rng, a.keys), user=u, stream=rng.random() < 0.5)
            else:
                w.chat(rng, a, t, model=pick(rng, (GEN, MINI)), messages=[{"role": "system", "content": system},
                                                                          {"role": "user", "content": q}],
                       answer=it.answer, ip=pick(rng, egress), ua=ua, key=pick(rng, a.keys), user=u,
                       stream=rng.random() < 0.5, params={"temperature": 0.3})


def aggregators(w: World) -> list[Account]:
    out = []
    for i, (name, country, prefix) in enumerate((("Tokenmesh", "SG", "tm_"), ("RouteKit", "DE", "rk-u-"))):
        rng = rng_for(w.seed, f"aggregator/{i}")
        a = w.new_org(rng, kind="aggregator", name=f"{name} Pte. Ltd." if country == "SG" else f"{name} GmbH",
                      country=country, created_at=START - rng.randrange(200 * DAY, 500 * DAY), plan="tier-4",
                      email_domain=name.lower() + ".ai", n_projects=2, keys_per_project=2, members=3)
        egress = [w.ip(rng, cloud=True) for _ in range(4)]
        users = [prefix + rstr(rng, 10, "0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(400,
                                                                                                       650))]
        weights = [1 / (k + 1) ** 0.9 for k in range(len(users))]
        cum = []
        s = 0.0
        for x in weights:
            s += x
            cum.append(s)
        ua = "Go-http-client/2.0" if i == 0 else "OpenAI/Python 1.82.1"
        for t in hourly_times(rng, rng.uniform(150, 200), CONSUMER if i else FLAT, _tz(country)):
            r = rng.random() * s
            lo, hi = 0, len(cum) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if cum[mid] < r:
                    lo = mid + 1
                else:
                    hi = mid
            u = users[lo]
            lang = pick(rng, ("en", "en", "zh", "ja", "ru", "es", "de"))
            mix = {"belle": 4, "belle_reason": 1} if lang == "zh" else (
                {f"mgsm:{lang}": 1, "arena_other": 1} if lang != "en" else
                {"arena_other": 3, "si": 3, "code": 2, "arena_code": 2, "gsm": 1})
            it = draw(w.c, rng, mix)
            model = R3 if t >= RELEASE + 4 * HOUR and rng.random() < 0.3 else pick(rng, (GEN, GEN, MINI, R2))
            if rng.random() < 0.4:
                w.respond(rng, a, t, model=model, input=it.prompt, answer=it.answer, ip=pick(rng, egress), ua=ua,
                          key=pick(rng, a.keys), user=u, stream=True,
                          effort="medium" if model in (R2, R3) else None,
                          summary_mode="auto" if model in (R2, R3) and rng.random() < 0.3 else None,
                          summary=it.summary, p429=0.004)
            else:
                w.chat(rng, a, t, model=model, messages=[{"role": "user", "content": it.prompt}], answer=it.answer,
                       ip=pick(rng, egress), ua=ua, key=pick(rng, a.keys), user=u, stream=rng.random() < 0.6,
                       p429=0.004)
        out.append(a)
    return out


RESEARCH_ASKS = ("Think carefully and explain your reasoning before answering.",
                 "Reason in the same language as the question, then give the final answer.",
                 "Please answer, and then describe how confident you are in each step.",
                 "The correct answer is {f}. Explain why this is correct.")


def researchers(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"research/{i}")
        country = pick(rng, ("US", "GB", "DE", "CN", "JP", "IL", "CA", "FR"))
        a = w.new_org(rng, kind="researcher", name=pick(rng, ("NLP Lab", "Reasoning Group", "CS Dept. research",
                                                              "AI Safety Lab")),
                      country=country, created_at=START - rng.randrange(30 * DAY, 500 * DAY), plan="tier-2",
                      email_domain=pick(rng, ("cs.uni-example.edu", "stanford-ex.edu", "tsinghua-ex.edu.cn",
                                              "ox-ex.ac.uk", "u-tokyo-ex.ac.jp")), credit=("research", 100000),
                      members=rng.randrange(1, 4))
        ip = w.ip(rng, country)
        ua = pick(rng, ("OpenAI/Python 1.107.0", "AsyncOpenAI/Python 1.107.0"))
        langs = ("en", "zh", "ja", "ru", "de", "fr", "es", "th", "bn", "te")
        for t in hourly_times(rng, rng.uniform(8, 25), OFFICE, _tz(country), weekend=0.3):
            lang = pick(rng, langs)
            it = make(w.c, rng, "gsm" if lang == "en" else f"mgsm:{lang}")
            ask = pick(rng, RESEARCH_ASKS)
            if "{f}" in ask and it.math:
                ask = ask.format(f=it.math.final)
            model = R3 if t >= RELEASE and rng.random() < 0.6 else R2
            w.respond(rng, a, t, model=model, input=f"{it.prompt}\n\n{ask}", answer=it.answer, ip=ip, ua=ua,
                      effort=pick(rng, ("low", "medium", "high")), summary_mode=pick(rng, ("detailed", "auto")),
                      summary=it.summary, store=rng.random() < 0.5)
        if rng.random() < 0.5:
            _chat_user_traffic(w, rng, a, country, "en", per_day=rng.uniform(0.3, 1.5), created=START - 30 * DAY,
                               thinking_p=0.8)


JUDGE = ("You are an impartial evaluator for a customer-support QA program. Given the customer's question and the "
         "agent's reply, rate helpfulness, accuracy and tone from 1 to 5 each and give a one-sentence justification "
         "per criterion. Respond with JSON: {\"helpfulness\": n, \"accuracy\": n, \"tone\": n, \"notes\": {...}}.")


def llm_judges(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"judge/{i}")
        country = pick(rng, ("US", "GB", "IN"))
        a = w.new_org(rng, kind="llm_judge", name=pick(rng, ("Scorecard QA", "Gradient Reviews", "Auditly")),
                      country=country, created_at=START - rng.randrange(90 * DAY, 400 * DAY), plan="tier-3",
                      email_domain=f"{rstr(rng, 7).lower()}.io", n_projects=2, members=2)
        ip = w.ip(rng, cloud=True)
        customers = [f"cust-{rstr(rng, 6, '0123456789')}" for _ in range(rng.randrange(8, 25))]
        for d in range(14):
            for b in range(4):
                t = START + d * DAY + b * 6 * HOUR + rng.randrange(HOUR)
                cust = pick(rng, customers)
                for _ in range(rng.randrange(8, 30)):
                    it = draw(w.c, rng, {"si": 3, "unnatural": 1})
                    q = f"Customer question:\n{it.prompt}\n\nAgent reply:\n{it.answer}"
                    score = {"helpfulness": rng.randrange(2, 6), "accuracy": rng.randrange(2, 6),
                             "tone": rng.randrange(3, 6), "notes": {"helpfulness": "Addresses the main request.",
                                                                    "accuracy": "No factual errors spotted.",
                                                                    "tone": "Polite and clear."}}
                    t, _ = w.chat(rng, a, t, model=MINI, messages=[{"role": "system", "content": JUDGE},
                                                                   {"role": "user", "content": q}],
                                  answer=json.dumps(score), ip=ip, ua="python-httpx/0.28.1", user=cust,
                                  params={"temperature": 0, "response_format": {"type": "json_object"}})
                    t += int(rng.uniform(0.2, 2) * SEC)


TUTOR = ("You are Mathly, a friendly tutor for students aged 10-16. Always solve problems step by step, number "
         "each step, explain why each step is needed, and finish with the final answer in bold. Encourage the "
         "student.", "Du bist ein geduldiger Mathe-Nachhilfelehrer. Löse jede Aufgabe Schritt für Schritt, nummeriere "
         "die Schritte und erkläre jeden Schritt kindgerecht.",
         "あなたは中学生向けの数学チューターです。必ず手順を番号付きで一つずつ説明し、最後に答えを太字で示してください。")
TUTOR_FOLLOW = ("I don't understand step 2.", "Can you give me a hint instead of the answer?",
                "Why do we multiply there?", "Can you give me a similar problem to practise?", "ok thanks!!")


def tutoring_apps(w: World) -> None:
    for i, (name, country, lang) in enumerate((("Mathly Learning", "US", "en"), ("Lernfuchs", "DE", "de"),
                                               ("Manabi+", "JP", "ja"))):
        rng = rng_for(w.seed, f"tutor/{i}")
        a = w.new_org(rng, kind="tutoring_app", name=name, country=country, created_at=START - rng.randrange(
            100 * DAY, 600 * DAY), plan="tier-3", email_domain=name.split()[0].lower().strip("+") + ".app",
                      n_projects=2, members=3)
        egress = [w.ip(rng, cloud=True) for _ in range(2)]
        kids = [f"stu_{rstr(rng, 8, '0123456789abcdef')}" for _ in range(rng.randrange(150, 400))]
        system = TUTOR[i]
        src = "gsm" if lang == "en" else f"mgsm:{lang}"
        for t in hourly_times(rng, rng.uniform(60, 110), STUDY, _tz(country), weekend=0.7):
            it = make(w.c, rng, src)
            kid = pick(rng, kids)
            if i == 0:  # Responses API with server-held conversation state
                prev = None
                for k in range(1 + (rng.random() < 0.4) * rng.randrange(1, 4)):
                    q = it.prompt if k == 0 else pick(rng, TUTOR_FOLLOW)
                    t, prev = w.respond(rng, a, t, model=GEN, input=q, instructions=system, prev=prev,
                                        answer=it.answer if k == 0 else make(w.c, rng, "gsm").answer,
                                        ip=pick(rng, egress), ua="OpenAI/JS 5.20.1", user=kid, stream=True)
                    if prev is None:
                        break
                    t += int(rng.uniform(20, 240) * SEC)
            else:
                w.chat(rng, a, t, model=pick(rng, (GEN, MINI)), messages=[{"role": "system", "content": system},
                                                                          {"role": "user", "content": it.prompt}],
                       answer=it.answer, ip=pick(rng, egress), ua="OpenAI/Python 1.82.1", user=kid, stream=True)


TRANSLATE = "Translate the following text into {lang}. Preserve markdown, placeholders like {{name}} and line " \
            "breaks. " \
            "Return only the translation."
LANG_NAMES = ("German", "French", "Spanish", "Japanese", "Chinese (Simplified)", "Russian", "Thai", "Korean",
              "Portuguese (Brazil)")


def translators(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"translate/{i}")
        country = pick(rng, ("NL", "PL", "ES", "US"))
        a = w.new_org(rng, kind="translation", name=pick(rng, ("Lingofy", "Polyglot Works", "Texto Cloud")),
                      country=country, created_at=START - rng.randrange(100 * DAY, 500 * DAY), plan="tier-3",
                      email_domain=f"{rstr(rng, 6).lower()}.com", keys_per_project=2)
        ips = [w.ip(rng, cloud=True) for _ in range(2)]
        for t in hourly_times(rng, rng.uniform(80, 130), FLAT, 0, weekend=0.6):
            src = draw(w.c, rng, {"si": 2, "unnatural": 1})
            text = src.answer[:1500]
            w.chat(rng, a, t, model=MINI, messages=[
                {"role": "system", "content": TRANSLATE.format(lang=pick(rng, LANG_NAMES))},
                {"role": "user", "content": text}], answer=pick(rng, w.c.zh_sentences) + " " + text[:200],
                ip=pick(rng, ips), ua="OpenAI/Python 1.99.9", key=pick(rng, a.keys), params={"temperature": 0.2})


SYNTH = ("You generate training data for {co}'s in-house assistant under our enterprise data licence. Given the "
         "example tasks below, write {n} new, diverse task instructions in the same style. Number them.\n\n{ex}")


def synthetic_data_teams(w: World) -> None:
    for i, (name, country) in enumerate((("Cobblestone AI", "US"), ("Veridian Data Labs", "GB"))):
        rng = rng_for(w.seed, f"synth/{i}")
        a = w.new_org(rng, kind="synthetic_data_licensed", name=name, country=country,
                      created_at=START - rng.randrange(150 * DAY, 400 * DAY), plan="enterprise",
                      email_domain=name.split()[0].lower() + ".ai", n_projects=2, keys_per_project=2,
                      members=5, card=("invoice", country), credit=("enterprise-commit", 5_000_000),
                      tax_id=f"{country}{rng.randrange(10**8, 10**9)}")
        ips = [w.ip(rng, cloud=True) for _ in range(3)]
        for t in hourly_times(rng, rng.uniform(110, 160), FLAT, 0):
            if rng.random() < 0.25:
                ex = "\n".join(f"- {make(w.c, rng, 'si').prompt.splitlines()[0]}" for _ in range(3))
                q = SYNTH.format(co=name.split()[0], n=10, ex=ex)
                ans = "\n".join(f"{k + 1}. {make(w.c, rng, 'unnatural').prompt}" for k in range(10))
                w.chat(rng, a, t, model=GEN, messages=[{"role": "user", "content": q}], answer=ans,
                       ip=pick(rng, ips), ua="OpenAI/Python 1.107.0", key=pick(rng, a.keys),
                       params={"temperature": 1.0, "top_p": 0.95})
            else:
                it = draw(w.c, rng, {"unnatural": 3, "si": 2, "gsm": 1})
                if it.math is not None:
                    w.respond(rng, a, t, model=R2, input=it.prompt + "\n\nShow a worked solution.",
                              answer=it.answer, ip=pick(rng, ips), ua="OpenAI/Python 1.107.0",
                              key=pick(rng, a.keys), effort="medium")
                else:
                    w.chat(rng, a, t, model=GEN, messages=[{"role": "user", "content": it.prompt}],
                           answer=it.answer, ip=pick(rng, ips), ua="OpenAI/Python 1.107.0", key=pick(rng, a.keys),
                           params={"temperature": 1.0})


AGENT_TOOLS = [
    {"name": "read_file", "type": "function",
     "parameters": {"type": "object", "required": ["path"], "properties": {"path": {"type": "string"}}},
     "description": "Read a file from the workspace."},
    {"name": "search_code", "type": "function",
     "parameters": {"type": "object", "required": ["pattern"], "properties": {"pattern": {"type": "string"}}},
     "description": "Search the repository with a regex."},
    {"name": "run_tests", "type": "function",
     "parameters": {"type": "object", "required": [], "properties": {"target": {"type": "string"}}},
     "description": "Run the test suite or a subset."},
    {"name": "apply_patch", "type": "function",
     "parameters": {"type": "object", "required": ["diff"], "properties": {"diff": {"type": "string"}}},
     "description": "Apply a unified diff to the workspace."},
]
AGENT_SYS = "You are a coding agent working inside the user's repository. Use the tools to inspect code before " \
            "editing; make minimal changes; run the tests before you finish."
FILES = ("src/app/models.py", "src/app/api/routes.py", "tests/test_models.py", "pkg/server/handler.go",
         "web/src/components/Table.tsx", "lib/utils.ts", "README.md", "src/main.rs")


def agent_session(w: World, rng: random.Random, a: Account, t: int, *, model: str, ip: str, ua: str, user: str | None,
                  steps: int, instructions: str = AGENT_SYS, task: str | None = None, tools: list | None = None,
                  effort: str | None = None, summary_mode: str | None = None, think_note: bool = False,
                  key=None) -> int:
    """A Responses API tool loop: each step sends the previous tool output and chains previous_response_id."""
    tools = tools or AGENT_TOOLS
    task = task or make(w.c, rng, pick(rng, ("code", "arena_code"))).prompt
    prev = None
    inp: str | list = task
    ctx = 0
    for s in range(steps):
        last = s == steps - 1
        tool = pick(rng, tools)
        pname = next(iter(tool["parameters"]["properties"]), "path")
        arg = pick(rng, FILES) if pname == "path" else (pick(rng, ("def \\w+\\(", "TODO", "import ")) if
                                                         pname == "pattern" else "tests/")
        fc = None if last else {"name": tool["name"], "arguments": json.dumps({pname: arg})}
        ans = "Done: the fix is applied and the tests pass." if last else ""
        summ = [f"**Inspecting the repository**\n\nI'm checking `{arg}` to understand where the change belongs."]
        if think_note:
            summ.append("**Planning the next tool call**\n\nBefore acting I'm writing out why this call is needed "
                        "and what I expect it to return.")
        t, rid = w.respond(rng, a, t, model=model, input=inp, instructions=instructions if prev is None else None,
                           prev=prev, answer=ans, ip=ip, ua=ua, user=user, tools=tools, function_call=fc,
                           effort=effort, summary_mode=summary_mode, summary=summ, ctx_tokens=ctx, key=key,
                           p429=0.004)
        if rid is None or last:
            break
        prev = rid
        out = (make(w.c, rng, "code").prompt if tool["name"] == "read_file" else
               "\n".join(f"{pick(rng, FILES)}:{rng.randrange(1, 400)}: match" for _ in range(rng.randrange(1, 8))))
        inp = [{"type": "function_call_output", "output": out, "call_id": "call_" + rstr(rng, 24)}]
        ctx += 400 + len(out) // 4
        t += int(rng.uniform(0.5, 20) * SEC)
    return t


def coding_agents(w: World) -> None:
    for i, (name, country) in enumerate((("Patchwise", "US"), ("Kodeflow", "PL"), ("DevPilot Labs", "IN"))):
        rng = rng_for(w.seed, f"codeagent/{i}")
        a = w.new_org(rng, kind="coding_agent", name=name, country=country, created_at=START - rng.randrange(
            100 * DAY, 400 * DAY), plan="tier-4", email_domain=name.split()[0].lower() + ".dev", n_projects=2,
                      keys_per_project=2, members=6)
        egress = [w.ip(rng, cloud=True) for _ in range(3)]
        devs = [f"u_{rstr(rng, 12)}" for _ in range(rng.randrange(80, 250))]
        for t in hourly_times(rng, rng.uniform(12, 20), OFFICE, _tz(country), weekend=0.35):
            model = R3 if t >= RELEASE + 20 * HOUR and rng.random() < 0.35 else pick(rng, (GEN, R2))
            agent_session(w, rng, a, t, model=model, ip=pick(rng, egress), ua="OpenAI/JS 5.20.1",
                          user=pick(rng, devs), steps=rng.randrange(3, 11),
                          effort="medium" if model in (R2, R3) else None, key=pick(rng, a.keys))


def trial_signups(w: World, n: int) -> None:
    for i in range(n):
        rng = rng_for(w.seed, f"trial/{i}")
        country = pick(rng, DEV_COUNTRIES)
        created = START + rng.randrange(0, 13 * DAY)
        a = w.new_org(rng, kind="trial_signup", name="Personal", country=country, created_at=created, plan="free",
                      email_domain=pick(rng, ("gmail.com", "outlook.com", "163.com")), payment_fp="")
        t = created + rng.randrange(5 * MIN, 3 * HOUR)
        for _ in range(rng.randrange(1, 6)):
            if t >= END:
                break
            it = draw(w.c, rng, {"si": 2, "arena_other": 1})
            q = pick(rng, ("Hello!", "hi", "test", "What can you do?")) if rng.random() < 0.5 else it.prompt
            t, _ = w.chat(rng, a, t, model=pick(rng, (GEN, MINI, R3)), messages=[{"role": "user", "content": q}],
                          answer=it.answer, ip=w.ip(rng, country), ua=pick(rng, ("curl/8.14.1",
                                                                                 "OpenAI/Python 1.107.0")))
            t += rng.randrange(MIN, 2 * HOUR)


def run_all(w: World) -> dict[str, Account]:
    indie_devs(w, 105)
    chat_consumers(w, 140)
    students(w, 34)
    eval_runners(w)
    ci_jobs(w, 8)
    enterprise_apps(w)
    aggs = aggregators(w)
    researchers(w, 6)
    llm_judges(w, 3)
    tutoring_apps(w)
    translators(w, 3)
    synthetic_data_teams(w)
    coding_agents(w)
    trial_signups(w, 20)
    return {"Tokenmesh": aggs[0], "RouteKit": aggs[1]}
