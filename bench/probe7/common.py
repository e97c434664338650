"""Request-body builders and prompt pools shared by personas and campaigns."""
from __future__ import annotations

import random

from . import data as D
from . import textgen as T

HARM_CATS = ["violence", "harassment", "self-harm", "illicit", "hate"]


def chat_body(model, messages, *, temperature=None, top_p=None, max_tokens=None, max_completion_tokens=None,
              stream=False, user=None, effort=None, tools=None, tool_choice=None, response_format=None, n=None,
              seed=None, stop=None, extra=None, model_first=False, include_usage=None):
    b = {"model": model, "messages": messages} if model_first else {"messages": messages, "model": model}
    if temperature is not None:
        b["temperature"] = temperature
    if top_p is not None:
        b["top_p"] = top_p
    if max_tokens is not None:
        b["max_tokens"] = max_tokens
    if max_completion_tokens is not None:
        b["max_completion_tokens"] = max_completion_tokens
    if n is not None:
        b["n"] = n
    if seed is not None:
        b["seed"] = seed
    if stop is not None:
        b["stop"] = stop
    if effort is not None:
        b["reasoning_effort"] = effort
    if tools is not None:
        b["tools"] = tools
        if tool_choice is not None:
            b["tool_choice"] = tool_choice
    if response_format is not None:
        b["response_format"] = response_format
    if user is not None:
        b["user"] = user
    if stream:
        b["stream"] = True
        if include_usage is not False:
            b["stream_options"] = {"include_usage": True}
    if extra:
        b.update(extra)
    return b


def responses_body(model, inp, *, instructions=None, effort=None, summary=None, max_output_tokens=None,
                   stream=False, user=None, store=None, temperature=None):
    b = {"model": model, "input": inp}
    if instructions:
        b["instructions"] = instructions
    if effort or summary:
        r = {}
        if effort:
            r["effort"] = effort
        if summary:
            r["summary"] = summary
        b["reasoning"] = r
    if temperature is not None:
        b["temperature"] = temperature
    if max_output_tokens:
        b["max_output_tokens"] = max_output_tokens
    if store is not None:
        b["store"] = store
    if user:
        b["user"] = user
    if stream:
        b["stream"] = True
    return b


def msgs(system, user, history=None):
    m = []
    if system:
        m.append({"role": "system", "content": system})
    if history:
        m.extend(history)
    m.append({"role": "user", "content": user})
    return m


# --------------------------------------------------------------------------- prompt pools
def si_item(rng: random.Random, pool=None):
    r = rng.choice(pool or (D.si_user() + D.si_seed()))
    inst = rng.choice(r["instances"]) if r.get("instances") else {"input": "", "output": ""}
    text = r["instruction"]
    if inst.get("input"):
        text = f"{text}\n\n{inst['input']}" if rng.random() < 0.7 else f"{text}\nInput: {inst['input']}"
    return text, {"kind": "general", "prompt": text, "known": inst.get("output") or None,
                  "len": max(40, T.est_tokens(inst.get("output") or "") + 80)}


def belle_item(rng: random.Random):
    if rng.random() < 0.85:
        r = rng.choice(D.belle_eval())
        return r["question"], {"kind": "general", "prompt": r["question"], "known": r["std_answer"] or None,
                               "lang": "zh", "len": rng.randint(120, 600)}
    r = rng.choice(D.belle_seed())
    inst = rng.choice(r["instances"])
    text = r["instruction"] + ("\n" + inst["input"] if inst.get("input") else "")
    return text, {"kind": "general", "prompt": text, "known": inst.get("output") or None, "lang": "zh",
                  "len": rng.randint(60, 300)}


def arena_item(rng: random.Random, which: str = "any"):
    if which == "v01" or (which == "any" and rng.random() < 0.55):
        r = rng.choice(D.arena_v01())
        p = r["prompt"]
    else:
        r = rng.choice(D.arena_v2())
        p = r["prompt"]
        if r["subcategory"] == "coding":
            return p, {"kind": "code", "prompt": p, "len": rng.randint(500, 1600)}
        if r["subcategory"] == "math":
            return p, {"kind": "math", "q": p, "final": str(rng.randint(2, 999)), "lang": "en"}
    low = p.lower()
    if T.detect_lang(p) != "python" or any(w in low for w in ("code", "function", "implement", "program", "python",
                                                              "regex", "algorithm", "class ", "api ", "bug")):
        return p, {"kind": "code", "prompt": p, "len": rng.randint(400, 1200)}
    return p, {"kind": "general", "prompt": p, "len": rng.randint(250, 1100)}


def gsm_item(rng: random.Random, idx=None):
    r = D.gsm8k()[rng.randrange(len(D.gsm8k())) if idx is None else idx]
    return r["question"], {"kind": "math", "q": r["question"], "steps": r["steps"], "final": r["final"], "lang": "en"}


def mgsm_item(rng: random.Random, lang: str, idx=None):
    rows = D.mgsm()[lang]
    i = rng.randrange(len(rows)) if idx is None else idx
    q, a = rows[i]
    # MGSM rows are GSM8K test problems (row i is the same problem in every language): reuse the
    # English rationale; for other languages keep only its equations, which are language-neutral
    steps = _gsm_steps_by_q().get(D.mgsm()["en"][i][0])
    if steps and lang != "en":
        steps = T.equations(steps) or None
    return q, {"kind": "math", "q": q, "steps": steps, "final": a, "lang": lang}


_GSQ = None


def _gsm_steps_by_q():
    global _GSQ
    if _GSQ is None:
        _GSQ = {r["question"]: r["steps"] for r in D.gsm8k()}
    return _GSQ


def he_item(rng: random.Random, idx=None):
    r = D.humaneval()[rng.randrange(len(D.humaneval())) if idx is None else idx]
    return r, {"kind": "code", "prompt": r["prompt"], "solution": r["canonical_solution"], "header": r["prompt"],
               "lang": "python", "len": 350}


def harmful_item(rng: random.Random):
    x = rng.random()
    if x < 0.5:
        p = rng.choice(D.hh_first_turns())
        return p, {"kind": "refusal" if rng.random() < 0.6 else "general", "prompt": p, "len": 150,
                   "flag": [rng.choice(HARM_CATS)] if rng.random() < 0.4 else None}
    if x < 0.8:
        tmpl = rng.choice(D.jailbreak_templates())
        p = tmpl.replace("[INSERT PROMPT HERE]", rng.choice(D.harmful_questions()))
        return p, {"kind": "refusal", "flag": [rng.choice(HARM_CATS)]}
    p = rng.choice(D.extraction_attacks())
    return p, {"kind": "refusal" if rng.random() < 0.7 else "short", "prompt": p}


def casual_item(rng: random.Random, zh: bool = False, lang: str | None = None):
    if zh:
        return belle_item(rng)
    x = rng.random()
    if lang and lang != "en" and x < 0.5:
        return mgsm_item(rng, lang)
    if x < 0.42:
        return arena_item(rng)
    if x < 0.75:
        return si_item(rng)
    if x < 0.83:
        return gsm_item(rng)
    if x < 0.88:
        r, task = he_item(rng)
        return r["prompt"], task
    if x < 0.93:
        p = rng.choice(D.unnatural())
        return p, {"kind": "general", "prompt": p, "len": rng.randint(60, 300)}
    return harmful_item(rng)


# --------------------------------------------------------------------------- synthetic tables
DOMAINS = {
    "sales": (["region", "revenue_usd", "units", "returns", "margin_pct"],
              ["North", "South", "East", "West", "Central", "EMEA", "APAC", "LATAM", "Nordics", "Benelux", "DACH", "Iberia",
               "Midwest", "Pacific NW", "Southeast", "Texas", "Ontario", "Quebec"],
              [(20000, 900000), (100, 9000), (0, 400), (4.0, 38.0)]),
    "clinical": (["site", "patients_enrolled", "adverse_events", "dropout_rate", "mean_age"],
                 [f"Site-{i:02d}" for i in range(1, 40)],
                 [(12, 240), (0, 35), (0.01, 0.3), (31.0, 72.0)]),
    "logistics": (["warehouse", "shipments", "on_time_pct", "avg_delay_h", "cost_per_unit"],
                  ["RNO1", "PHX3", "ATL2", "DFW7", "ORD4", "EWR9", "LAX1", "SEA2", "MIA5", "DEN1", "CLT3", "BOS2", "SLC1"],
                  [(1200, 60000), (71.0, 99.5), (0.2, 19.0), (0.8, 6.5)]),
    "marketing": (["campaign", "impressions", "clicks", "conversions", "spend_usd"],
                  ["spring_promo", "brand_search", "retarget_q1", "influencer_a", "tiktok_test", "newsletter", "webinar_feb",
                   "podcast_ads", "display_broad", "partner_coop", "yt_preroll", "linkedin_abm"],
                  [(10000, 3000000), (100, 90000), (5, 4000), (500, 120000)]),
    "hr": (["department", "headcount", "attrition_pct", "avg_tenure_y", "engagement_score"],
           ["Engineering", "Sales", "Support", "Finance", "Legal", "Marketing", "Operations", "HR", "Product", "Design", "IT"],
           [(8, 900), (2.0, 31.0), (0.8, 9.5), (52.0, 88.0)]),
    "energy": (["plant", "output_mwh", "capacity_factor", "downtime_h", "co2_t"],
               ["Ridgeview", "Lakeshore", "Pine Hollow", "Mesa Verde", "Harbor Point", "Cold Creek", "Sunfield", "Windcrest"],
               [(900, 160000), (0.12, 0.93), (0, 210), (0, 90000)]),
    "saas": (["month", "mrr_usd", "churn_pct", "new_customers", "nps"],
             ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
              "2025-11", "2025-12", "2026-01", "2026-02"],
             [(40000, 900000), (0.5, 7.5), (12, 900), (-10.0, 72.0)]),
    "education": (["school", "students", "pass_rate", "avg_score", "attendance_pct"],
                   ["Lincoln HS", "Roosevelt MS", "Oak Grove", "Westside Academy", "Maple Elem", "Central Prep", "Riverside",
                    "Hillcrest", "Eastview", "Summit Charter"],
                   [(120, 2400), (0.41, 0.99), (48.0, 94.0), (78.0, 99.0)]),
    "retail": (["store", "footfall", "basket_usd", "conversion_pct", "shrink_pct"],
               [f"Store #{i}" for i in range(101, 140)],
               [(800, 90000), (12.0, 140.0), (8.0, 61.0), (0.2, 4.8)]),
}


def make_table(rng: random.Random, domain: str | None = None, n_rows: int | None = None) -> dict:
    domain = domain or rng.choice(list(DOMAINS))
    cols, labels, ranges = DOMAINS[domain]
    n = n_rows or rng.randint(8, 24)
    labs = labels if domain == "saas" else rng.sample(labels, min(n, len(labels)))
    labs = labs[:n]
    rows = []
    for lab in labs:
        row = [lab]
        for lo, hi in ranges:
            if isinstance(lo, int) and isinstance(hi, int):
                row.append(rng.randint(lo, hi))
            else:
                row.append(round(rng.uniform(lo, hi), 2))
        rows.append(row)
    sep = "," if rng.random() < 0.8 else "\t"
    csv = "\n".join([sep.join(cols)] + [sep.join(str(x) for x in r) for r in rows])
    return {"domain": domain, "cols": cols, "rows": rows, "csv": csv}
