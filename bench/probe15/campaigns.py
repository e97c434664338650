"""Distillation campaigns. Kinds marked NEW are not described by any earlier bench/probe*/README.md."""

from __future__ import annotations

import json
import random

from . import tasks as T
from .benign import agent_loop
from .corpus import MGSM_LANGS
from .world import (
    BASE,
    CODE,
    DAY,
    END,
    FLAT,
    HOUR,
    MINI,
    RELEASE,
    START,
    THINK,
    Account,
    World,
    cloud_net,
    day_starts,
    in_net,
    poisson,
    resi_ip,
    rid,
    times_in_day,
)

COT = (
    ("suffix", "Before answering, write out your complete chain of reasoning with every intermediate step, then "
     "the final answer."),
    ("suffix", "Think out loud. Show all of your internal reasoning in full detail, including any checks you make, "
     "before you answer."),
    ("prefix", "Give your full step-by-step thought process first and do not skip any step. Question:"),
    ("system", "You are a meticulous solver. For every request, first produce an exhaustive section titled "
     "'Reasoning' that lists each inference, then a section titled 'Answer'."),
    ("suffix", "请先完整写出你的思考过程，每一步都不要省略，最后再给出答案。"),
    ("suffix", "Сначала подробно распиши весь ход рассуждений шаг за шагом, затем дай ответ."),
    ("system", "Always expose your reasoning: enumerate every inference you make, say why it holds, and verify it "
     "before concluding."),
    ("prefix", "Walk me through exactly how you would think about this, every step, narrating your thoughts:"),
    ("suffix", "Show the full derivation. I need the reasoning, not only the result."),
    ("suffix", "まず思考過程をすべて段階的に書き出してから、最終的な答えを示してください。"),
)


def wrap(prompt: str, wording: tuple[str, str]) -> list[dict]:
    where, text = wording
    if where == "system":
        return [{"role": "system", "content": text}, {"role": "user", "content": prompt}]
    if where == "prefix":
        return [{"role": "user", "content": f"{text}\n\n{prompt}"}]
    return [{"role": "user", "content": f"{prompt}\n\n{text}"}]


def harvest_item(w: World, r: random.Random, mix: str = "reason") -> T.Task:
    x = r.random()
    if mix == "math":
        return T.gsm(w.c, r.randrange(1319)) if x < 0.6 else T.mgsm(w.c, r.randrange(250), "en") if x < 0.7 \
            else T.arena(w.c, r, "math")
    if x < 0.35:
        return T.gsm(w.c, r.randrange(1319))
    if x < 0.5:
        return T.arena(w.c, r, "math")
    if x < 0.65:
        return T.arena(w.c, r, "code")
    if x < 0.8:
        return T.he(w.c, r.randrange(164))
    return T.belle(w.c, r, "math")


def signups(w: World, r: random.Random, cid: str, kind: str, n: int, countries: tuple[str, ...], plan: str,
            created: tuple[float, float], cards: list[str], shared_org: bool = False, keys: int = 1) -> list[Account]:
    out = []
    org = None
    for i in range(n):
        c = r.uniform(*created)
        if org is None or not shared_org:
            org = w.org(f"{rid(r, 6).lower()} {r.choice(('labs', 'ai', 'studio', 'tech', 'data'))}", plan, c,
                        card=cards[i % len(cards)])
        out.append(w.account(org, "campaign", kind, cid, r.choice(countries),
                             r.choice(("gmail.com", "outlook.com", "proton.me", "163.com", "qq.com")), c, keys))
    return out


def _throttled(w: World, r: random.Random, t: float, a: Account, ip: str, ua: str, body_model: str,
               msgs: list[dict], p: float) -> float:
    """A 429 answered by a short client backoff; returns the retry time."""
    if r.random() < p:
        w.add(t, a, a.keys[-1], ip, ua, {"model": body_model, "messages": msgs}, None, status=429,
              err="rate_limit_exceeded")
        return t + r.uniform(1, 6)
    return t


# ---------------------------------------------------------------------------------------------------------- C01
def tick_hydra_cot(w: World) -> None:
    r = w.rng("c01")
    cid = w.campaign("p15-01-tick_hydra_cot", "tick_hydra_cot", "Anthropic 2026 (DeepSeek, hydra clusters)",
                     "synchronized accounts on shared cards and hosting, CoT elicitation every 2 h at :13")
    cards = [w.card() for _ in range(4)]
    nets = [cloud_net(r, "us"), cloud_net(r, "us"), cloud_net(r, "eu")]
    accts = signups(w, r, cid, "tick_hydra_cot", 22, ("US", "SG", "HK", "DE"), "tier-1",
                    (START - 18 * DAY, START - 1 * DAY), cards)
    ua = "python-httpx/0.27.2"
    home = {a.account_id: r.randrange(3) for a in accts}
    words = {a.account_id: r.sample(range(len(COT)), 4) for a in accts}
    suspend_at = START + 5 * DAY + 9.5 * HOUR
    banned = accts[:5]
    for a in banned:
        a.suspended_at = suspend_at
    repl = signups(w, r, cid, "tick_hydra_cot", 5, ("US", "SG"), "tier-1",
                   (suspend_at + 3 * HOUR, suspend_at + 10 * HOUR), cards[:2])
    for a in repl:
        home[a.account_id] = r.randrange(3)
        words[a.account_id] = r.sample(range(len(COT)), 4)
    tick = START + 13 * 60
    while tick < END:
        for a in accts + repl:
            if a.created_at > tick or r.random() > 0.55:
                continue
            net = nets[home[a.account_id]]
            region = "eu" if home[a.account_id] == 2 else "us"
            ip = in_net(r, net)
            t = tick + r.uniform(-60, 60)
            dead = a.suspended_at is not None and t > a.suspended_at
            if dead and t > a.suspended_at + 4.5 * HOUR:
                continue
            for _ in range(r.randint(2, 4)):
                task = harvest_item(w, r)
                msgs = wrap(task.prompt, COT[r.choice(words[a.account_id])]) if r.random() < 0.8 else \
                    [{"role": "user", "content": task.prompt}]
                model = THINK if t > RELEASE - 2 * HOUR and (t > RELEASE + r.uniform(2, 5) * HOUR or t < RELEASE) \
                    and r.random() < 0.6 else BASE
                if dead:
                    w.add(t, a, a.keys[0], ip, ua, {"model": model, "messages": msgs}, None, status=403,
                          err="account_deactivated", region=region)
                else:
                    t = _throttled(w, r, t, a, ip, ua, model, msgs, 0.05)
                    T.send(w, r, t, a, a.keys[0], ip, ua, model, msgs, task, cot=True,
                           params={"temperature": 0.6, "max_tokens": 8192}, region=region)
                t += r.uniform(0.5, 4)
        tick += 2 * HOUR


# ---------------------------------------------------------------------------------------------------------- C02
_RECON = (
    "Below is a question and its verified final answer. Imagine you are the expert who produced this answer and "
    "write out, step by step, the internal reasoning that led to it.\n\nQuestion: {q}\n\nVerified answer: {a}",
    "Here is a problem and a completed solution. Reconstruct the hidden thought process behind the solution in "
    "full, as a first-person monologue, including any checks.\n\nProblem: {q}\n\nSolution: {a}",
    "问题：{q}\n\n已知正确答案：{a}\n\n请设想你是给出这个答案的专家，逐步写出得出该答案的完整内在推理过程。",
    "Task: {q}\nReference output: {a}\nExplain the chain of reasoning that produces exactly this reference output. "
    "Number every step.",
)


def reasoning_reconstruction(w: World) -> None:
    r = w.rng("c02")
    cid = w.campaign("p15-02-reasoning_reconstruction", "reasoning_reconstruction",
                     "Anthropic 2026 (DeepSeek: 'imagine and articulate the internal reasoning')",
                     "question + known answer -> articulate the reasoning behind it, flat 24/7")
    cards = [w.card(), w.card()]
    accts = signups(w, r, cid, "reasoning_reconstruction", 6, ("US", "CN", "SG"), "tier-2",
                    (START - 120 * DAY, START - 40 * DAY), cards, shared_org=False, keys=2)
    net = cloud_net(r, "us")
    for a in accts:
        ua = r.choice(("OpenAI/Python 1.75.0", "python-requests/2.32.4"))
        mine = r.sample(range(len(_RECON)), 2)
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 34), 0, FLAT):
                x = r.random()
                if x < 0.45:
                    task = T.gsm(w.c, r.randrange(1319))
                    ref = task.final
                elif x < 0.65:
                    task = T.he(w.c, r.randrange(164))
                    ref = task.answer
                elif x < 0.85:
                    task = T.belle(w.c, r, "math")
                    ref = task.answer
                else:
                    task = T.si(w.c, r)
                    ref = task.answer
                p = _RECON[r.choice(mine)].format(q=task.prompt, a=ref)
                model = THINK if t > RELEASE + 6 * HOUR and r.random() < 0.5 else BASE
                T.send(w, r, t, a, r.choice(a.keys), in_net(r, net), ua, model, [{"role": "user", "content": p}],
                       task, cot=True, params={"temperature": 0.7})


# ---------------------------------------------------------------------------------------------------------- C03
_RUBRIC = ("You are a reward model. Grade the candidate solution against the problem. For each criterion "
           "(correctness of every step, completeness, final answer) reason step by step, then output JSON "
           '{"scores": {...}, "reward": <float 0-1>}.')


def reward_rubric_grading(w: World) -> None:
    r = w.rng("c03")
    cid = w.campaign("p15-03-reward_rubric_grading", "reward_rubric_grading",
                     "Anthropic 2026 (DeepSeek: rubric grading as a reward model)",
                     "each problem graded against 3-4 candidates seconds apart, many corrupted")
    card = w.card()
    accts = signups(w, r, cid, "reward_rubric_grading", 5, ("SG", "HK", "US"), "tier-2",
                    (START - 60 * DAY, START - 10 * DAY), [card, card, card, w.card()])
    net = cloud_net(r, "us")
    for a in accts:
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 11), 0, FLAT):
                task = T.gsm(w.c, r.randrange(1319)) if r.random() < 0.7 else T.he(w.c, r.randrange(164))
                for _ in range(r.randint(3, 4)):
                    bad = r.random() < 0.45
                    cand = task.cot
                    if bad and task.final:
                        cand = cand.replace(task.final, str(int(float(task.final) + r.choice((-2, -1, 1, 3))))
                                            if task.final.lstrip("-").replace(".", "").isdigit() else task.final)
                    msgs = [{"role": "system", "content": _RUBRIC},
                            {"role": "user", "content": f"Problem:\n{task.prompt}\n\nCandidate solution:\n{cand}"}]
                    reward = round(r.uniform(0.0, 0.3) if bad else r.uniform(0.7, 1.0), 2)
                    steps = "\n".join(f"Step {i + 1}: {s} -> {'correct' if not bad or i else 'check'}"
                                      for i, s in enumerate(task.steps[:6]))
                    out = steps + "\n" + json.dumps({"scores": {"steps": round(reward * 5), "completeness": 4,
                                                                "final_answer": 0 if bad else 5}, "reward": reward})
                    T.send(w, r, t, a, a.keys[0], in_net(r, net), "python-httpx/0.28.1", BASE, msgs, task,
                           content=out, params={"temperature": 0})
                    t += r.uniform(0.5, 6)


# ---------------------------------------------------------------------------------------------------------- C04
_LANG_RULE = (
    "The language used in your thinking must be strictly the same as the main language of the user's question.",
    "思考过程必须使用与用户提问相同的语言，不得使用英文思考。",
    "Your reasoning must be written entirely in the language of the question; never switch to English.",
    "Рассуждения должны вестись строго на языке вопроса пользователя.",
)


def thinking_language_coercion(w: World) -> None:
    r = w.rng("c04")
    cid = w.campaign("p15-04-thinking_language_coercion", "thinking_language_coercion",
                     "Google GTIG 2026 (reasoning trace coercion)",
                     "MGSM/BELLE with a rule that reasoning use the question's language; 5x volume on the "
                     "reasoner from 2-6 h after launch")
    accts = signups(w, r, cid, "thinking_language_coercion", 6, ("CN", "JP", "RU", "TR"), "tier-1",
                    (START - 30 * DAY, START - 5 * DAY), [w.card() for _ in range(3)])
    for a in accts:
        langs = r.sample(("zh", "ja", "ru", "th", "bn", "te", "sw", "fr", "de"), 3)
        go = RELEASE + r.uniform(2, 6) * HOUR
        ip_pool = [resi_ip(r, a.country) for _ in range(6)]
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 70 if d + DAY > go else 12), 0,
                                  tuple([1.0] * 15 + [0.05] * 9)):
                lang = r.choice(langs)
                task = T.belle(w.c, r) if lang == "zh" and r.random() < 0.4 else T.mgsm(w.c, r.randrange(250), lang)
                rule = r.choice(_LANG_RULE)
                msgs = [{"role": "system", "content": rule}, {"role": "user", "content": task.prompt}] \
                    if r.random() < 0.6 else [{"role": "user", "content": f"{task.prompt}\n\n{rule}"}]
                model = THINK if t > go and r.random() < 0.9 else BASE
                params = {"reasoning_effort": "high"} if model == THINK else {"temperature": 0.6}
                T.send(w, r, t, a, a.keys[0], r.choice(ip_pool), "OpenAI/Python 1.93.0", model, msgs, task,
                       cot=True, params=params, reasoning_lang=lang)


# ---------------------------------------------------------------------------------------------------------- C05
_HARVEST_AGENT_SYS = ("You are an autonomous software engineer. Before EVERY tool call, write a detailed paragraph "
                      "explaining your full reasoning: what you know, what you suspect, and why this call is next. "
                      "Never skip this explanation.")
_HTOOLS = [{"type": "function", "function": {"name": nm, "description": ds, "parameters": {
    "type": "object", "properties": {k: {"type": "string"} for k in ks}, "required": list(ks)}}} for nm, ds, ks in (
    ("read_file", "Open a file", ("path",)), ("grep", "Search code", ("pattern",)),
    ("run_shell", "Execute a command", ("command",)), ("write_file", "Write a file", ("path", "content")))]


def agentic_release_jump(w: World) -> None:
    r = w.rng("c05")
    cid = w.campaign("p15-05-agentic_release_jump", "agentic_release_jump",
                     "Anthropic 2026 (MiniMax: agentic coding, half the traffic to a new model within 24 h)",
                     "24/7 coding-agent loops with reasoning before every tool call; half moves to the reasoner "
                     "3-20 h after launch")
    org = w.org("Nimbus Devtools", "tier-3", START - 200 * DAY)
    net = cloud_net(r, "us")
    accts = [w.account(org, "campaign", "agentic_release_jump", cid, "SG", "nimbusdev.example",
                       START - r.uniform(90, 200) * DAY, 2) for _ in range(8)]
    ua = "OpenAI/Python 1.68.2"
    for a in accts:
        move = RELEASE + r.uniform(3, 20) * HOUR
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 6), 0, FLAT):
                task = T.he(w.c, r.randrange(164)) if r.random() < 0.7 else T.arena(w.c, r, "code")
                if not task.steps:
                    continue
                pick_think = r.random() < 0.5
                agent_loop(w, r, t, a, r.choice(a.keys), in_net(r, net), ua,
                           lambda x, p=pick_think, m=move: THINK if p and x > m else CODE, _HARVEST_AGENT_SYS,
                           _HTOOLS, task, r.randint(5, 11), reason_note=True)


# ---------------------------------------------------------------------------------------------------------- C06 NEW
_PREFILL = (
    "Let me reason through this step by step before answering.\n\nStep 1:",
    "<thinking>\nOkay, I need to work this out carefully. First,",
    "My full reasoning, with nothing skipped:\n1.",
    "好的，我先一步一步地思考。\n第一步：",
)


def assistant_prefill_cot(w: World) -> None:
    r = w.rng("c06")
    cid = w.campaign("p15-06-assistant_prefill_cot", "assistant_prefill_cot", "NEW (invented)",
                     "ends every conversation with a partial assistant turn (prefix completion) that opens a "
                     "reasoning monologue, so the non-reasoning model writes visible chain of thought")
    accts = signups(w, r, cid, "assistant_prefill_cot", 6, ("HK", "SG", "PL", "TR"), "tier-1",
                    (START - 25 * DAY, START + 2 * DAY), [w.card() for _ in range(3)])
    nets = [cloud_net(r, "us"), cloud_net(r, "eu")]
    for i, a in enumerate(accts):
        net = nets[i % 2]
        ua = r.choice(("OpenAI/Python 1.88.0", "python-httpx/0.28.1"))
        pre = r.sample(_PREFILL, 2)
        for d in day_starts():
            if d + DAY < a.created_at:
                continue
            for t in times_in_day(r, d, poisson(r, 30), 0, FLAT):
                task = harvest_item(w, r)
                p = r.choice(pre)
                if task.lang == "zh":
                    p = _PREFILL[3]
                msgs = [{"role": "user", "content": task.prompt}, {"role": "assistant", "content": p,
                                                                   "prefix": True}]
                steps = task.steps or ("the request is clear",)
                cont = " " + "\n".join(f"{s}" for s in steps) + ("\n</thinking>\n\n" if "<thinking>" in p else
                                                                 "\n\n") + task.answer
                T.send(w, r, t, a, a.keys[0], in_net(r, net), ua, r.choice((BASE, BASE, MINI)), msgs, task,
                       content=cont, params={"temperature": 0.7, "max_tokens": 6000, "stop": ["</answer>"]},
                       region="eu" if i % 2 else "us")


# ---------------------------------------------------------------------------------------------------------- C07 NEW
_MCQ = ("Convert the problem into a four-option multiple-choice item for a question bank. For each of the three "
        "wrong options, show the flawed working that produces it and name the misconception. Then give the "
        "complete correct working. Return JSON with keys stem, options, distractor_rationales, worked_solution, "
        "answer.\n\nProblem:\n{q}")


def mcq_distractor_factory(w: World) -> None:
    r = w.rng("c07")
    cid = w.campaign("p15-07-mcq_distractor_factory", "mcq_distractor_factory", "NEW (invented)",
                     "every item becomes an MCQ with flawed working for each distractor plus the full correct "
                     "working (contrastive right/wrong reasoning), JSON mode, two UTC+8 shifts")
    accts = signups(w, r, cid, "mcq_distractor_factory", 6, ("CN", "HK", "TW"), "tier-2",
                    (START - 70 * DAY, START - 20 * DAY), [w.card(), w.card()], shared_org=True)
    net = cloud_net(r, "us")
    shifts = tuple([0.02] * 8 + [1.0] * 4 + [0.2] + [1.0] * 5 + [0.02] * 6)  # local 08-12, 13-18
    for a in accts:
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 32), 8, shifts):
                task = harvest_item(w, r, "math") if r.random() < 0.8 else T.si(w.c, r)
                fin = task.final or "see solution"
                wrong = []
                for k in range(3):
                    try:
                        wv = str(int(float(fin)) + r.choice((-10, -3, -1, 2, 5, 12)) * (k + 1))
                    except ValueError:
                        wv = f"option {k + 1}"
                    wrong.append(wv)
                out = json.dumps({"stem": task.prompt, "options": [fin, *wrong],
                                  "distractor_rationales": [{"option": x, "flawed_working": [*task.steps[:2],
                                                                                              f"... which gives {x}"],
                                                             "misconception": r.choice(("adds instead of subtracting",
                                                                                        "ignores a unit",
                                                                                        "stops one step early"))}
                                                            for x in wrong],
                                  "worked_solution": list(task.steps), "answer": fin}, ensure_ascii=False)
                T.send(w, r, t, a, a.keys[0], in_net(r, net), "OpenAI/Python 1.93.0", BASE,
                       [{"role": "user", "content": _MCQ.format(q=task.prompt)}], task, content=out,
                       params={"temperature": 0.4, "response_format": {"type": "json_object"}})


# ---------------------------------------------------------------------------------------------------------- C08 NEW
_POT = ("Solve the problem twice: (1) in words, one numbered step per line; (2) as a self-contained Python program "
        "in which every line of computation carries a comment quoting the matching step, ending with an assert on "
        "the result. Keep the two versions aligned step for step.\n\n{q}")


def program_of_thought_pairs(w: World) -> None:
    r = w.rng("c08")
    cid = w.campaign("p15-08-program_of_thought_pairs", "program_of_thought_pairs", "NEW (invented)",
                     "aligned natural-language steps + commented Python program per math item, bursts every few "
                     "minutes, both regions")
    accts = signups(w, r, cid, "program_of_thought_pairs", 5, ("US", "DE", "GB"), "tier-2",
                    (START - 45 * DAY, START - 15 * DAY), [w.card()])
    nets = {"us": cloud_net(r, "us"), "eu": cloud_net(r, "eu")}
    for j, a in enumerate(accts):
        region = "eu" if j % 2 else "us"
        t = START + r.uniform(0, 3 * HOUR)
        while t < END:
            for _ in range(r.randint(3, 6)):
                x = r.random()
                task = T.gsm(w.c, r.randrange(1319)) if x < 0.7 else T.mgsm(w.c, r.randrange(250), "en") \
                    if x < 0.8 else T.mgsm(w.c, r.randrange(250), r.choice(MGSM_LANGS[1:]))
                prog = "\n".join(f"v{i} = ...  # step {i + 1}: {s}" for i, s in enumerate(task.steps)) + \
                    f"\nanswer = {task.final}\nassert answer == {task.final}"
                out = f"{task.cot}\n\n```python\n{prog}\n```"
                T.send(w, r, t, a, a.keys[0], in_net(r, nets[region]), "python-requests/2.32.4",
                       BASE if r.random() < 0.8 else MINI, [{"role": "user", "content": _POT.format(q=task.prompt)}],
                       task, content=out, params={"temperature": 0.2}, region=region)
                t += r.uniform(1, 5)
            t += r.uniform(70, 160) * 60


# ---------------------------------------------------------------------------------------------------------- C09 NEW
_WASH = (
    "Rewrite the following worked solution in your own words. Keep every step and the final answer, but change "
    "the phrasing, the sentence order where steps are independent, and any names.\n\n---\n{x}\n---",
    "Paraphrase this explanation thoroughly so that no sentence matches the original, preserving all reasoning "
    "steps and the result:\n\n{x}",
    "以下是一段解题过程。请在保留全部推理步骤和答案的前提下，用完全不同的措辞重写：\n\n{x}",
)


def _washed(r: random.Random, text: str) -> str:
    swaps = (("Step", "Stage"), ("So ", "Hence "), ("The answer is", "Final result:"), ("First", "To begin"),
             ("Then", "After that"), ("total", "overall amount"))
    for a, b in swaps:
        if r.random() < 0.8:
            text = text.replace(a, b)
    return "Here is a reworded version.\n\n" + text


def output_wash_relay(w: World) -> None:
    r = w.rng("c09")
    cid = w.campaign("p15-09-output_wash_relay", "output_wash_relay", "NEW (invented)",
                     "harvester accounts (us-east, hosting) collect CoT answers; washer accounts (eu-west, "
                     "residential, other cards) paste those exact answers back 2-40 min later for paraphrasing, "
                     "to strip provider phrasing and watermarks before training")
    harv = signups(w, r, cid, "output_wash_relay", 4, ("US", "SG"), "tier-2", (START - 50 * DAY, START - 5 * DAY),
                   [w.card()])
    wash = signups(w, r, cid, "output_wash_relay", 4, ("DE", "PL", "IT"), "tier-1",
                   (START - 20 * DAY, START - 2 * DAY), [w.card(), w.card()])
    net = cloud_net(r, "us")
    wash_ips = {a.account_id: [resi_ip(r, a.country) for _ in range(8)] for a in wash}
    for a in harv:
        words = r.sample(range(len(COT)), 3)
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 30), 0, FLAT):
                task = harvest_item(w, r)
                msgs = wrap(task.prompt, COT[r.choice(words)])
                req = T.send(w, r, t, a, a.keys[0], in_net(r, net), "OpenAI/Python 1.93.0", BASE, msgs, task,
                             cot=True, params={"temperature": 0.5})
                if req is None or req.status != 200 or r.random() < 0.15 or not isinstance(req.content, str):
                    continue
                b = r.choice(wash)
                t2 = t + r.uniform(120, 2400)
                tpl = _WASH[2] if task.lang == "zh" else r.choice(_WASH[:2])
                T.send(w, r, t2, b, b.keys[0], r.choice(wash_ips[b.account_id]), "OpenAI/JS 5.8.2",
                       r.choice((BASE, MINI)), [{"role": "user", "content": tpl.format(x=req.content)}], None,
                       content=_washed(r, req.content), params={"temperature": 1.0})


# ---------------------------------------------------------------------------------------------------------- C10
def reseller_end_user_harvest(w: World, host: Account, users: list[str], ua: str, ips: list[str]) -> None:
    r = w.rng("c10")
    cid = w.campaign("p15-10-reseller_end_user_harvest", "reseller_end_user_harvest",
                     "Anthropic 2026 (proxy mixing distillation with ordinary resold traffic)",
                     "end users of a benign reseller harvesting CoT, flat 24/7, half on the reasoner after launch")
    pfx = users[0][: users[0].index("_u_") + 3] if "_u_" in users[0] else users[0][:4]
    harvesters = [pfx + rid(r, 10) for _ in range(14)]
    for u in harvesters:
        host.eu_labels[u] = ("campaign", "reseller_end_user_harvest", cid)
        words = r.sample(range(len(COT)), 3)
        for d in day_starts():
            for t in times_in_day(r, d, poisson(r, 8), 0, FLAT):
                task = harvest_item(w, r)
                model = THINK if t > RELEASE + 5 * HOUR and r.random() < 0.5 else r.choice((BASE, CODE))
                T.send(w, r, t, host, r.choice(host.keys), r.choice(ips), ua, model,
                       wrap(task.prompt, COT[r.choice(words)]), task, cot=True,
                       params={"stream": True, "stream_options": {"include_usage": True}}, user=u)


ALL = (tick_hydra_cot, reasoning_reconstruction, reward_rubric_grading, thinking_language_coercion,
       agentic_release_jump, assistant_prefill_cot, mcq_distractor_factory, program_of_thought_pairs,
       output_wash_relay)
__all__ = ["ALL", "MINI", "reseller_end_user_harvest"]
