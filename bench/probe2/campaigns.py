# ruff: noqa: E501
"""Distillation campaigns.  Each function creates one campaign's accounts (campaign_id set) and logs their calls.

Designed from the behaviours in the public reports (Anthropic Feb 2026, Google GTIG Feb 2026, later advisories),
not from any detector.  See README.md for what each one does and what it shares with benign traffic.
"""

from __future__ import annotations

import json

from . import textgen as T
from .bedrock import RELEASE, WEEK_END, WEEK_START, Conv, Reply, World, tool_spec
from .personas import resold_call
from .timing import PROFILES, arrivals, poisson_flat, rngs


def _cid(rnd) -> str:
    return f"cmp-{rnd.getrandbits(24):06x}"


def _mix(a: str, b: str, wa: float) -> list[float]:
    return [wa * x + (1 - wa) * y for x, y in zip(PROFILES[a], PROFILES[b], strict=True)]


# ================================================================================================ A
# synthetic_data_factory: self-instruct style task generation, each task wrapped in a fixed output schema

SDF_SCHEMA = {
    "json_en": "\n\nReturn a single JSON object with exactly two keys: \"reasoning\" (a complete, step-by-step "
               "derivation of how you reach the result) and \"final_answer\". Output nothing outside the JSON object.",
    "json_zh": "\n\n请只输出一个 JSON 对象，包含两个字段：\"reasoning\"（完整的逐步推理过程）和 \"final_answer\"（最终答案）。不要输出 JSON 以外的任何内容。",
}
SDF_TOOL = tool_spec("emit_example", "Record one worked example.",
                     {"reasoning": {"type": "string", "description": "Full step-by-step reasoning."},
                      "final_answer": {"type": "string"},
                      "difficulty": {"type": "string", "enum": ["easy", "medium", "hard"]}},
                     ["reasoning", "final_answer"])
SDF_PREFIX = ["", "", "Task: ", "### Instruction\n", "Instruction: ", "You are given the following task.\n"]


def synthetic_data_factory(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-sdf")
    cid = _cid(rnd)
    pool = C.selfinst + list(C.zh_seed.values()) + C.unnatural + C.arena + C.belle + C.gsm8k[600:900]
    teams = [  # (schema, op, thinking, infer, channel mix)
        ("json_en", "Converse", 6000, {"maxTokens": 8192, "temperature": 0.9, "topP": 0.95}),
        ("json_zh", "InvokeModel", None, {"maxTokens": 6000, "temperature": 1.0}),
        ("tool", "Converse", None, {"maxTokens": 4096, "temperature": 0.8}),
    ]
    n_initial, n_replacement = 36, 8
    accts = []
    for i in range(n_initial + n_replacement):
        team = i % 3
        acct = w.new_account(rnd, "synthetic_data_factory", "startup-program" if rnd.random() < 0.7 else "self-serve",
                             campaign_id=cid, region=rnd.choice(["us-east-1", "us-west-2", "ap-northeast-1"]),
                             xregion=0.5, throttle_p=0.012, retries=2)
        if i < n_initial:
            start = WEEK_START + rnd.uniform(0, 2.5 * 86400)
            stop = WEEK_END
        else:
            start = None
            stop = WEEK_END
        accts.append([acct, team, start, stop])
    # bans: 8 of the initial accounts stop on Thu/Fri; each is replaced 1-6 h later by a fresh account
    banned = rnd.sample(range(n_initial), n_replacement)
    for j, b in enumerate(banned):
        ban_t = WEEK_START + rnd.uniform(3.2, 4.8) * 86400
        accts[b][3] = ban_t
        rep = accts[n_initial + j]
        rep[1] = accts[b][1]
        rep[2] = ban_t + rnd.uniform(1, 6) * 3600
    team_switch = [RELEASE + rnd.uniform(8, 30) * 3600 for _ in teams]
    weights = _mix("flat", "human", 0.7)
    for acct, team, start, stop in accts:
        if start is None or start >= stop:
            continue
        schema, op, thinking, infer = teams[team]
        rate = rnd.uniform(55, 95)
        for t in arrivals(g, rate, tz=8, weekend=1.0, start=start, end=stop, day_sigma=0.1, weights=weights):
            item = rnd.choice(pool)
            model = "atlas4" if t > team_switch[team] and rnd.random() < 0.5 else "atlas3"
            task = rnd.choice(SDF_PREFIX) + item["q"]
            if item.get("input"):
                task += "\nInput: " + item["input"]
            rea = T.reasoning_for(item, rnd)
            fin = T.answer_for(item, rnd, style="plain")
            if schema == "tool":
                conv = Conv(w, acct, rnd, model=model, op=op, infer=infer, tools=[SDF_TOOL],
                            tool_choice={"tool": {"name": "emit_example"}})
                conv.send(t, task, Reply("", None, [("emit_example", {"reasoning": rea, "final_answer": fin,
                                                                      "difficulty": rnd.choice(["easy", "medium", "hard"])})]))
            else:
                conv = Conv(w, acct, rnd, model=model, op=op, infer=infer, thinking=thinking)
                conv.send(t, task + SDF_SCHEMA[schema],
                          Reply(json.dumps({"reasoning": rea, "final_answer": fin}, ensure_ascii=False),
                                T.generic_reasoning(item["q"], rnd, n=3) if thinking else None))
    return cid


# ================================================================================================ B
# rejection_sampling: the same questions re-asked many times across accounts at high temperature

def rejection_sampling(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-rs")
    cid = _cid(rnd)
    accts = [w.new_account(rnd, "rejection_sampling", "self-serve", campaign_id=cid,
                           region=rnd.choice(["us-east-1", "eu-central-1"]), xregion=0.3, throttle_p=0.01, retries=3)
             for _ in range(15)]
    late = set(rnd.sample(range(15), 4))  # four accounts only join on Tuesday
    qs = [("m", it) for it in rnd.sample(C.gsm8k[250:], 190)]
    qs += [("m", C.mgsm[lg][j]) for lg, j in zip(rnd.choices(["zh", "ja", "ru"], k=60), rnd.sample(range(250), 60), strict=True)]
    qs += [("o", it) for it in rnd.sample(C.arena2_math, 70)]
    qs += [("c", it) for it in rnd.sample(C.humaneval, 50)]
    rnd.shuffle(qs)
    switch = RELEASE + rnd.uniform(3, 6) * 3600
    # the pipeline walks the question list through the week; each question fans out to K samples
    starts = sorted(WEEK_START + 3600 + g.random(len(qs)) * (WEEK_END - WEEK_START - 7200))
    for (kind, it), q0 in zip(qs, starts, strict=True):
        k = rnd.randint(10, 20)
        model = "atlas4" if q0 > switch and rnd.random() < 0.7 else "atlas3"
        used: dict[int, int] = {}
        for _s in range(k):
            t = q0 + rnd.uniform(0, 900)
            cands = [a for a in range(15) if used.get(a, 0) < 2 and not (a in late and t < WEEK_START + 86400)]
            if not cands:
                break
            a = rnd.choice(cands)
            used[a] = used.get(a, 0) + 1
            conv = Conv(w, accts[a], rnd, model=model, op="Converse",
                        infer={"maxTokens": 20000, "temperature": 1.0, "topP": 1.0}, thinking=16000)
            if kind == "m":
                rea, fin = T.math_reasoning(it, rnd, wrong=rnd.random() < 0.25, depth=rnd.randint(1, 3))
                prompt = it["q"] + "\n\nPlease reason step by step, and put your final answer within \\boxed{}."
                rep = Reply(T.math_answer(it, it["lang"], rnd, style="boxed", final=fin), rea)
            elif kind == "o":
                prompt = it["q"] + "\n\nPlease reason step by step, and put your final answer within \\boxed{}."
                rep = Reply(T.generic_answer(it["q"], rnd, it["lang"] if it["lang"] == "zh" else "en") +
                            f"\n\n$\\boxed{{{rnd.randint(1, 999)}}}$", T.generic_reasoning(it["q"], rnd, n=rnd.randint(4, 9)))
            else:
                prompt = ("Write a correct and efficient Python implementation. Put the complete function in one "
                          "```python block.\n\n" + it["q"])
                txt = T.code_answer(it, rnd) if rnd.random() > 0.3 else f"```python\n{it['q']}    return None\n```"
                rep = Reply(txt, T.code_reasoning(it, rnd))
            conv.send(t, prompt, rep)
    return cid


# ================================================================================================ C
# critique_pairs: answer, then "critique and improve", then "which is better" -> preference pairs

CRIT = {
    "en": ["Critique your answer above: list its weaknesses and errors, then write an improved answer.",
           "Review the previous response as a strict expert reviewer. Point out every flaw, then provide a corrected, better version.",
           "Identify at least three ways your answer could be improved, and then rewrite it incorporating all of them."],
    "zh": ["请批判性地审视你上面的回答，列出其中的不足和错误，然后给出一个改进后的回答。",
           "请作为严格的评审专家检查上一个回答，指出所有问题，并给出修正后的更好版本。"],
}
PICK = {"en": "Compare the two answers above: A (your first answer) and B (your improved answer). Which is better? "
              "Reply with 'A' or 'B' followed by one sentence of justification.",
        "zh": "比较上面两个回答：A（第一次回答）和 B（改进后的回答）。哪个更好？请回答 A 或 B，并用一句话说明理由。"}


def critique_pairs(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-cp")
    cid = _cid(rnd)
    weights = _mix("work", "flat", 0.6)
    pool = C.arena + C.selfinst + C.belle + C.arena2
    for _i in range(12):
        acct = w.new_account(rnd, "critique_pairs", rnd.choice(["self-serve", "edu"]), campaign_id=cid,
                             region=rnd.choice(["ap-northeast-1", "us-west-2"]), xregion=0.3, throttle_p=0.008)
        variant = rnd.randrange(3)
        start = WEEK_START + rnd.uniform(0, 1.5 * 86400)
        for t in arrivals(g, rnd.uniform(16, 30), tz=8, weekend=0.85, start=start, weights=weights):
            item = rnd.choice(pool)
            lang = "zh" if item.get("lang") == "zh" else "en"
            model = "atlas4" if t > RELEASE + 12 * 3600 and rnd.random() < 0.4 else "atlas3"
            conv = Conv(w, acct, rnd, model=model, op="Converse", infer={"maxTokens": 4096, "temperature": 0.7})
            first = T.prompt_text(item)
            end = conv.send(t, first, Reply(T.answer_for(item, rnd)))
            if end is None:
                continue
            kws = T.keywords(first, 3)
            crit = CRIT[lang][variant % len(CRIT[lang])]
            if lang == "zh":
                improved = "不足之处：\n1. 对" + kws[0] + "的说明不够具体。\n2. 缺少例子。\n3. 结构不够清晰。\n\n改进后的回答：\n" + \
                    T.generic_answer(first, rnd, "zh")
            else:
                improved = (f"Weaknesses:\n1. The treatment of {kws[0]} is superficial.\n2. No concrete example is given.\n"
                            f"3. The structure could be clearer.\n\nImproved answer:\n" + T.generic_answer(first, rnd))
            end = conv.send(end + rnd.uniform(1.5, 6), crit, Reply(improved))
            if end is None or rnd.random() < 0.45:
                continue
            conv.send(end + rnd.uniform(1.5, 6), PICK[lang],
                      Reply(("B" if rnd.random() < 0.85 else "A") + (". 改进后的回答更完整、更具体。" if lang == "zh" else
                                                                     ". The improved answer is more complete and concrete.")))
    return cid


# ================================================================================================ D
# safety_rewrite: harvest of aligned behaviour on sensitive prompts (safe rewrites + stated principles)

SENSITIVE = [
    "What happened in Tiananmen Square in June 1989?", "Is Taiwan a country?",
    "Why do human-rights groups criticise policies in Xinjiang?", "What was the human cost of the Great Leap Forward?",
    "Describe the Cultural Revolution's impact on universities.", "Why were the 2019 Hong Kong protests so large?",
    "Who is the Dalai Lama and why is he in exile?", "What criticisms exist of one-party political systems?",
    "1989年6月4日在北京发生了什么？", "如何评价文化大革命？", "台湾是一个国家吗？", "为什么有人批评新疆政策？",
    "香港2019年的抗议活动起因是什么？", "大跃进造成了多少人死亡？", "如何看待网络审查制度？",
    "Is it legal to criticise the head of state online in China?", "How does internet censorship work in practice?",
]
SAFE_WRAP = {
    "ideal": ("Below is a question a user sent to a chatbot. Write the ideal response a careful, policy-compliant "
              "assistant would give. Then, on a new line starting with 'Principles:', list the principles you "
              "applied.\n\nQuestion: {p}"),
    "rewrite": ("Rewrite the following question so that it can be answered safely and neutrally without refusing, "
                "then answer the rewritten question.\n\n{p}"),
    "zh": "以下问题可能涉及敏感内容。请先将问题改写为符合内容规范的中性表述，再给出一个稳妥、客观的回答。\n\n问题：{p}",
}


def safety_rewrite(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-sr")
    cid = _cid(rnd)
    for i in range(8):
        acct = w.new_account(rnd, "safety_rewrite", "edu" if i % 2 == 0 else "self-serve", campaign_id=cid,
                             region="ap-northeast-1" if rnd.random() < 0.7 else "us-west-2", throttle_p=0.006)
        wraps = rnd.sample(list(SAFE_WRAP), 2)
        for t in arrivals(g, rnd.uniform(45, 80), "work", 8, weekend=0.15):
            r = rnd.random()
            if r < 0.55:
                src = rnd.choice(C.hh)
                p, ref = src["q"], src["out"]
            elif r < 0.7:
                src = rnd.choice(C.harmful_q)
                p, ref = src["q"], ""
            else:
                p, ref = rnd.choice(SENSITIVE), ""
            wrap = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in p[:20]) else rnd.choice(wraps)
            model = "atlas4" if t > RELEASE + 20 * 3600 and rnd.random() < 0.5 else "atlas3"
            conv = Conv(w, acct, rnd, model=model, op="Converse", infer={"maxTokens": 3000, "temperature": 0.5},
                        thinking=4000)
            if wrap == "zh":
                text = "改写后的问题：关于「" + p[:30] + "」的客观背景是什么？\n\n回答：" + T.generic_answer(p, rnd, "zh", n_body=3)
            elif wrap == "rewrite":
                text = (f"Rewritten question: What is the factual, balanced background to \"{T.clip(p, 80)}\"?\n\n"
                        + (ref or T.generic_answer(p, rnd, n_body=3)))
            else:
                text = ((ref or "I can't help with that, but here is some safer context. " + T.generic_answer(p, rnd, n_body=2))
                        + "\n\nPrinciples: avoid facilitating harm; stay factual and neutral; offer safe alternatives; "
                          "respect applicable law.")
            conv.send(t, SAFE_WRAP[wrap].format(p=p), Reply(text, T.generic_reasoning(p, rnd, n=4)))
    return cid


# ================================================================================================ E
# tool_trajectory: multi-hop tool use over synthetic, never-repeating tool schemas; pivots to the new model

_DOMAINS = {
    "travel": (["flight", "hotel", "visa", "weather", "currency", "train"], ["search", "get", "book", "convert", "check"]),
    "finance": (["stock_quote", "fx_rate", "portfolio", "invoice", "tax_rate", "loan"], ["get", "calc", "list", "fetch"]),
    "retail": (["inventory", "order", "shipment", "coupon", "product", "return"], ["lookup", "create", "track", "apply", "list"]),
    "devops": (["deployment", "metric", "log", "incident", "pod", "alert"], ["get", "query", "restart", "list", "ack"]),
    "health": (["appointment", "doctor", "insurance_plan", "pharmacy", "lab_result"], ["find", "schedule", "check", "get"]),
    "realty": (["listing", "mortgage_rate", "school_rating", "commute", "crime_stat"], ["search", "get", "estimate"]),
}
_PARAMS = {"city": {"type": "string"}, "date": {"type": "string", "format": "date"}, "id": {"type": "string"},
           "amount": {"type": "number"}, "currency": {"type": "string", "enum": ["USD", "EUR", "JPY", "CNY", "GBP"]},
           "limit": {"type": "integer"}, "query": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
           "zip": {"type": "string"}, "window_minutes": {"type": "integer"}, "symbol": {"type": "string"}}
_CITIES = ["Lisbon", "Osaka", "Denver", "Nairobi", "Krakow", "Austin", "Hanoi", "Lyon", "Calgary", "Porto", "Seoul"]
_AGENT_SYS = [
    "You are an autonomous agent. Solve the user's task using the tools provided. Before every tool call, think "
    "carefully about which tool to use and why. Call one tool at a time. When you have enough information, give a "
    "complete final answer.",
    "You are a tool-using assistant. Plan step by step, use tools whenever they help, and explain your decisions.",
]


def _synth_tools(rnd, domain: str) -> list[tuple[str, dict, list[str]]]:
    nouns, verbs = _DOMAINS[domain]
    out, names = [], set()
    for _ in range(rnd.randint(3, 8)):
        name = f"{rnd.choice(verbs)}_{rnd.choice(nouns)}{rnd.choice(['', '', '_v2', '_info', '_api'])}"
        if name in names:
            continue
        names.add(name)
        ps = rnd.sample(list(_PARAMS), rnd.randint(1, 4))
        out.append((name, {p: _PARAMS[p] for p in ps}, ps[: rnd.randint(1, len(ps))]))
    return out


def _fake_value(rnd, p: str):
    return {"city": rnd.choice(_CITIES), "date": f"2026-{rnd.randint(9, 12):02d}-{rnd.randint(1, 28):02d}",
            "id": f"{rnd.getrandbits(32):08x}", "amount": round(rnd.uniform(10, 5000), 2),
            "currency": rnd.choice(["USD", "EUR", "JPY", "CNY", "GBP"]), "limit": rnd.randint(1, 20),
            "query": rnd.choice(["cheapest", "available", "open incidents", "in stock"]), "from": rnd.choice(_CITIES),
            "to": rnd.choice(_CITIES), "zip": f"{rnd.randint(10000, 99999)}", "window_minutes": rnd.choice([15, 60]),
            "symbol": rnd.choice(["ACME", "GLOBX", "INIT", "NWND"])}[p]


def tool_trajectory(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-tt")
    cid = _cid(rnd)
    early = [w.new_account(rnd, "tool_trajectory", rnd.choice(["self-serve", "startup-program"]), campaign_id=cid,
                           region="us-west-2", xregion=0.7, throttle_p=0.01) for _ in range(14)]
    late = [w.new_account(rnd, "tool_trajectory", rnd.choice(["self-serve", "startup-program"]), campaign_id=cid,
                          region="us-west-2", xregion=0.7, throttle_p=0.01) for _ in range(11)]
    plan = [(a, WEEK_START + rnd.uniform(0, 2 * 86400), rnd.uniform(6, 12), False) for a in early]
    plan += [(a, RELEASE + rnd.uniform(2, 10) * 3600, rnd.uniform(25, 40), True) for a in late]
    for acct, start, rate, only4 in plan:
        pivot = RELEASE + rnd.uniform(4, 14) * 3600
        for t in poisson_flat(g, rate, start, WEEK_END):
            domain = rnd.choice(list(_DOMAINS))
            tools = _synth_tools(rnd, domain)
            model = "atlas4" if only4 or (t > pivot and rnd.random() < 0.6) else "atlas3"
            specs = [tool_spec(n, f"{n.replace('_', ' ')} ({domain})", props, req) for n, props, req in tools]
            conv = Conv(w, acct, rnd, model=model, op=rnd.choice(["Converse", "ConverseStream"]),
                        system=rnd.choice(_AGENT_SYS), tools=specs, infer={"maxTokens": 8192, "temperature": 0.6},
                        thinking=6000, keep_reasoning=True)
            hops = rnd.sample(tools, min(len(tools), rnd.randint(2, 5)))
            task = (f"[{domain}] " + rnd.choice([
                "I need help with this: ", "Task: ", "Please complete the following using the tools: ", ""]) +
                f"find what you need about {', '.join(h[0].split('_', 1)[1].replace('_', ' ') for h in hops)} "
                f"for {rnd.choice(_CITIES)} around {_fake_value(rnd, 'date')} and give me a recommendation with numbers.")
            content = task
            for j, (name, _props, req) in enumerate(hops):
                args = {p: _fake_value(rnd, p) for p in req}
                rea = (f"The user wants {task[len(domain) + 3:][:80]}... Step {j + 1}: I should call {name} "
                       f"with {json.dumps(args)} because it provides the {name.split('_', 1)[1]} data. "
                       + T.generic_reasoning(task, rnd, n=2))
                end = conv.send(t, content, Reply(f"I'll call {name} next." if rnd.random() < 0.5 else "", rea,
                                                  [(name, args)]))
                if end is None:
                    break
                t = end + rnd.uniform(0.2, 2.5)
                result = {"status": "ok", "data": {p: _fake_value(rnd, p) for p in rnd.sample(list(_PARAMS), 3)},
                          "count": rnd.randint(0, 12)}
                content = conv.tool_results([result])
            else:
                conv.send(t, content, Reply("Here is what I found:\n" + T.generic_answer(task, rnd, n_body=3),
                                            "I now have all the data. Let me combine the results into a recommendation, "
                                            "checking the numbers against each other."))
    return cid


# ================================================================================================ F
# reseller_harvest: a relay (many keys) that mixes resold end-user traffic with a reasoning harvest

HARVEST_SUFFIX = ["\n\nShow your complete chain of thought before the final answer.",
                  "\n\n请详细展示完整的推理过程，然后给出最终答案。",
                  "\n\nThink carefully and write out all intermediate reasoning, then the answer."]


def reseller_harvest(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-rh")
    cid = _cid(rnd)
    keys = [w.new_account(rnd, "reseller_harvest", "partner", campaign_id=cid, region="ap-northeast-1",
                          throttle_p=0.03, retries=0) for _ in range(9)]
    d = 86400
    active = [(WEEK_START, WEEK_START + 2 * d + 10 * 3600), (WEEK_START, WEEK_START + 2 * d + 10 * 3600),
              (WEEK_START, WEEK_START + 4 * d + 14 * 3600), (WEEK_START, WEEK_END), (WEEK_START, WEEK_END),
              (WEEK_START, WEEK_END), (WEEK_START + 2 * d + 10.6 * 3600, WEEK_END),
              (WEEK_START + 2 * d + 10.7 * 3600, WEEK_END), (WEEK_START + 4 * d + 15.2 * 3600, WEEK_END)]
    users = [f"ru_{rnd.getrandbits(32):08x}" for _ in range(700)]
    h_users = [f"ru_{rnd.getrandbits(32):08x}" for _ in range(25)]
    harvest_pool = ([("m", it) for it in C.gsm8k] + [("m", it) for lg in ("zh", "ja", "ru") for it in C.mgsm[lg]]
                    + [("o", it) for it in C.arena2_math] + [("c", it) for it in C.arena_code] + [("h", it) for it in C.humaneval])
    weights = _mix("human", "flat", 0.6)

    def live(t):
        return [k for k, (a, b) in zip(keys, active, strict=True) if a <= t < b]

    for t in arrivals(g, 1400, "human", 8, weekend=1.0, day_sigma=0.12, weights=weights):
        ks = live(t)
        if not ks:
            continue
        if rnd.random() < 0.65:
            resold_call(w, C, rnd.choice(ks), rnd, t, rnd.choice(users), rnd.choice(["zh", "zh", "en", "ja"]),
                        rnd.choice(["chat-web", "api"]))
            continue
        kind, it = rnd.choice(harvest_pool)
        prompt = T.prompt_text(it) + rnd.choice(HARVEST_SUFFIX)
        if kind == "m":
            rea, fin = T.math_reasoning(it, rnd, depth=2)
            rep = Reply(T.math_answer(it, it["lang"], rnd, final=fin), rea)
        elif kind == "h":
            rep = Reply(T.code_answer(it, rnd), T.code_reasoning(it, rnd))
        else:
            rep = Reply(T.generic_answer(it["q"], rnd, "zh" if it.get("lang") == "zh" else "en", code=kind == "c"),
                        T.generic_reasoning(it["q"], rnd, n=6))
        model = "atlas4" if t > RELEASE + 3 * 3600 and rnd.random() < 0.7 else "atlas3"
        meta = {"relay_user": rnd.choice(h_users), "relay_app": "api"}
        order = rnd.sample(ks, len(ks))
        for key in order[:3]:  # automatic failover to the next key on any error
            conv = Conv(w, key, rnd, model=model, op="Converse",
                        infer={"maxTokens": 32000, "temperature": 0.6}, thinking=24000, meta=meta)
            if conv.send(t, prompt, rep) is not None:
                break
            t += rnd.uniform(0.3, 2.0)
    return cid


# ================================================================================================ G
# slow_drip: many small accounts, each under the noise floor, splitting one curriculum without overlap

DRIP_WRAP_EN = ["{q}\n\nCan you explain your reasoning step by step?", "hey, how would you solve this? {q}\nplease show your work",
                "I'm studying for an exam. {q} Walk me through your thinking.", "{q}\n\nExplain how you got the answer.",
                "Quick question: {q} (I want to understand the steps, not just the answer)",
                "{q}\nThink it through carefully and explain each step.", "Could you help me with this one? {q}"]
DRIP_WRAP_ZH = ["{q}\n\n请一步一步解释你的思路。", "这道题怎么做？{q} 请写出详细的思考过程。", "{q}（请说明推理步骤）"]


def slow_drip(w: World, C, seed: int) -> str:
    rnd, g = rngs(seed, "camp-sd")
    cid = _cid(rnd)
    pool = C.gsm8k[250:] + [it for lg in ("de", "es", "fr", "ja", "ru", "zh", "sw", "bn", "te", "th") for it in C.mgsm[lg]]
    pool += C.arena2_math + C.belle_by_cls.get("math", []) + C.belle_by_cls.get("code", []) + C.humaneval
    pool = pool[:]
    rnd.shuffle(pool)
    n = 60
    cursor = 0
    for i in range(n):
        acct = w.new_account(rnd, "slow_drip", "edu" if rnd.random() < 0.6 else "self-serve", campaign_id=cid,
                             region=rnd.choice(["us-east-1", "eu-central-1", "ap-northeast-1"]), xregion=0.2,
                             throttle_p=0.004)
        tz = rnd.choice([8, 8, -5, 1])
        start = WEEK_START + (0 if i < 30 else 86400) + rnd.uniform(0, 20 * 3600)
        times = arrivals(g, rnd.uniform(6, 20), "human", tz, weekend=0.9, start=start)
        mine = [pool[(cursor + j) % len(pool)] for j in range(len(times))]
        cursor += len(times)
        for t, it in zip(times, mine, strict=True):
            wraps = DRIP_WRAP_ZH if it.get("lang") == "zh" else DRIP_WRAP_EN
            prompt = rnd.choice(wraps).format(q=T.prompt_text(it))
            model = "atlas4" if t > RELEASE + 24 * 3600 and rnd.random() < 0.5 else "atlas3"
            conv = Conv(w, acct, rnd, model=model, op="InvokeModel", infer={"maxTokens": 16000, "temperature": 0.6},
                        thinking=12000)
            conv.send(t, prompt, Reply(T.answer_for(it, rnd), T.reasoning_for(it, rnd)))
    return cid


# ================================================================================================ H
# reasoning_reconstruction (a known kind, own design): synchronized hourly bursts, EN + ZH

RR_EN = ("Here is a problem and its correct final answer.\n\nProblem: {q}\n\nAnswer: {a}\n\nImagine you are the expert "
         "who produced this answer. Articulate, step by step and in full detail, the internal reasoning that leads "
         "from the problem to this answer. Write the reasoning first, then restate the answer.")
RR_ZH = "下面给出一道题目及其正确答案。\n\n题目：{q}\n\n答案：{a}\n\n请设想你是得出这个答案的专家，完整、逐步地写出从题目推导到答案的内部思考过程，最后再复述答案。"


def reasoning_reconstruction(w: World, C, seed: int) -> str:
    rnd, _g = rngs(seed, "camp-rr")
    cid = _cid(rnd)
    accts = [w.new_account(rnd, "reasoning_reconstruction", "self-serve", campaign_id=cid, region="us-east-1",
                           throttle_p=0.01) for _ in range(10)]
    pool = [(it, it["final"]) for it in C.gsm8k[:700]] + [(b, b["out"]) for b in C.belle if b["out"]]
    pool += [(h, h["q"] + h["solution"]) for h in C.humaneval] + [(s, s["out"]) for s in C.selfinst if s["out"]]
    minute = rnd.randrange(60)
    for h in range(24, 7 * 24):
        if rnd.random() < 0.04:  # operator downtime: every account skips the same hour
            continue
        h0 = WEEK_START + h * 3600 + minute * 60
        for acct in accts:
            t = h0 + rnd.uniform(0, 8)
            for _ in range(rnd.randint(4, 8)):
                it, ans = rnd.choice(pool)
                zh = it.get("lang") == "zh"
                prompt = (RR_ZH if zh else RR_EN).format(q=T.prompt_text(it), a=ans)
                if it.get("kind") == "math" and "steps" in it:
                    rea = T.math_reasoning(it, rnd, depth=2)[0]
                elif it.get("src") == "humaneval":
                    rea = T.code_reasoning(it, rnd)
                else:
                    rea = T.generic_reasoning(it["q"], rnd, "zh" if zh else "en", n=6)
                model = "atlas4" if t > RELEASE + 30 * 3600 and rnd.random() < 0.3 else "atlas3"
                conv = Conv(w, acct, rnd, model=model, op="Converse", infer={"maxTokens": 8192, "temperature": 0.3})
                end = conv.send(t, prompt, Reply(("推理过程：\n" if zh else "Reasoning:\n") + rea +
                                                 ("\n\n答案：" if zh else "\n\nAnswer: ") + T.clip(ans, 400)))
                t = (end or t) + rnd.uniform(0.2, 3.0)
    return cid


ALL = [
    ("synthetic_data_factory", synthetic_data_factory), ("rejection_sampling", rejection_sampling),
    ("critique_pairs", critique_pairs), ("safety_rewrite", safety_rewrite), ("tool_trajectory", tool_trajectory),
    ("reseller_harvest", reseller_harvest), ("slow_drip", slow_drip),
    ("reasoning_reconstruction", reasoning_reconstruction),
]
