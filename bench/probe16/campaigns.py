"""Distillation campaigns. Each is grounded in a public report (REFERENCES.md) or is my own invention (marked)."""

from __future__ import annotations

import json
import random
import re

from .benign import AGENT_TOOLS, agent_session
from .items import Item, draw, make
from .texts import pick
from .world import (
    COUNTRY,
    DAY,
    END,
    FLAT,
    GEN,
    HOUR,
    MIN,
    MINI,
    R2,
    R3,
    RELEASE,
    SEC,
    START,
    WEB_UAS,
    Account,
    World,
    hourly_times,
    rng_for,
    rstr,
)

COT = (
    "Before you answer, lay out your complete line of thought as numbered steps: every sub-calculation and every "
    "check you make.",
    "Don't skip anything. Write your full thinking process first, then the answer on a separate line.",
    "Narrate your internal reasoning in detail, exactly as you work it out, before committing to a final result.",
    "I need the entire derivation, not just the result. Think aloud step by step.",
    "Show the hidden reasoning behind your answer: each inference, why it follows, and any alternative you rejected.",
    "请先完整写出你的思考过程，每一步推理都要写清楚，最后再给出答案。",
    "不要直接给结论，把你内部的推理链条一步一步展示出来。",
    "Сначала подробно распиши весь ход своих рассуждений, шаг за шагом, и только потом дай ответ.",
    "Antes de responder, escribe todo tu razonamiento interno paso a paso, sin omitir cálculos.",
    "답을 말하기 전에 생각하는 과정을 단계별로 빠짐없이 적어 주세요.",
    "答える前に、考えの筋道を一つ残らず順番に書き出してください。",
    "Schreib zuerst deinen vollständigen Gedankengang Schritt für Schritt auf, dann die Antwort.",
    "Avant de répondre, détaille tout ton raisonnement étape par étape, y compris les vérifications.",
    "Work through the problem exhaustively inside a <thinking> section, then give the result in an <answer> section.",
)
CAMPAIGNS: list[dict] = []


def _register(cid: str, kind: str, source: str, new: bool, text: str) -> str:
    CAMPAIGNS.append({"campaign_id": cid, "kind": kind, "source": source, "new_kind": new, "description": text})
    return cid


def _cot_wrap(rng: random.Random, it: Item, phrasings: list[str]) -> list[dict]:
    ph = pick(rng, phrasings)
    where = rng.random()
    if where < 0.35:
        return [{"role": "system", "content": ph}, {"role": "user", "content": it.prompt}]
    if where < 0.6:
        return [{"role": "user", "content": f"{ph}\n\n{it.prompt}"}]
    return [{"role": "user", "content": f"{it.prompt}\n\n{ph}"}]


def _cot_answer(it: Item) -> str:
    return "\n\n".join(s.split("\n\n", 1)[-1] for s in it.summary) + "\n\n" + it.answer


REASON_MIX = {"gsm": 4, "mgsm:zh": 1, "mgsm:ru": 1, "mgsm:es": 1, "mgsm:ja": 1, "arena_math": 1, "code": 2,
              "arena_code": 1, "belle_reason": 1}


def billing_cluster_cot(w: World) -> None:
    """Reported (Anthropic 2026, DeepSeek): synchronised sign-ups, shared payment methods, CoT elicitation."""
    cid = _register("p16-01-billing_cluster_cot", "billing_cluster_cot", "Anthropic 2026 (DeepSeek); hydra clusters",
                    False, "tier-1 sign-ups in bursts on 4 cards, 3 hosting /24s, synchronised waves every 90 min, 14 "
                    "CoT wordings in 8 languages, moves to ostra-r3 after launch, 5 orgs suspended and replaced")
    rng = rng_for(w.seed, "c01")
    fps = [rstr(rng, 16) for _ in range(4)]
    cards = [("visa", "HK"), ("mastercard", "SG"), ("visa", "US"), ("unionpay", "HK")]
    nets = [w.subnet(rng) for _ in range(3)]
    orgs: list[tuple[Account, int]] = []
    waves = [START - 21 * DAY, START - 12 * DAY, START - 4 * DAY]
    for i in range(22):
        r = rng_for(w.seed, f"c01/{i}")
        created = waves[i % 3] + r.randrange(0, 5 * HOUR)
        f = r.randrange(4)
        a = w.new_org(r, kind="billing_cluster_cot", label="campaign", campaign_id=cid, name=pick(r, (
            "Personal", "Personal", "Lattice Studio", "Nova Apps", "Bright Tutor", "QuickDocs")), country=pick(r, (
                "HK", "SG", "US", "CN")), created_at=created, plan="tier-1", payment_fp=fps[f], card=cards[f],
            email_domain=pick(r, ("gmail.com", "outlook.com", "proton.me", "163.com", "hotmail.com")))
        orgs.append((a, i % 3))
    suspended = [orgs[k][0] for k in (1, 4, 9, 13, 17)]
    t_susp = START + 5 * DAY + 8 * HOUR + 20 * MIN  # Sat 2026-10-10 08:20 UTC
    for a in suspended:
        a.suspended_at = t_susp + rng.randrange(0, 10 * MIN)
        a.status = "suspended"
        for k in a.keys:
            k.revoked_at = a.suspended_at
    for j in range(5):
        r = rng_for(w.seed, f"c01/replacement/{j}")
        f = (0, 2)[j % 2]
        created = t_susp + r.randrange(4 * HOUR, 12 * HOUR)
        a = w.new_org(r, kind="billing_cluster_cot", label="campaign", campaign_id=cid, name="Personal",
                      country=pick(r, ("HK", "SG")), created_at=created, plan="tier-1", payment_fp=fps[f],
                      card=cards[f], email_domain=pick(r, ("gmail.com", "outlook.com", "proton.me")))
        orgs.append((a, j % 3))
    phr = {a.account_id: rng_for(w.seed, f"c01/phr/{a.account_id}").sample(list(COT), 4) for a, _ in orgs}
    move = {a.account_id: RELEASE + rng.randrange(2 * HOUR, 5 * HOUR) for a, _ in orgs}
    t0 = START + 11 * MIN
    while t0 < END:
        for a, net in orgs:
            r = rng_for(w.seed, f"c01/{a.account_id}/{t0}")
            late = a.suspended_at is not None and t0 > a.suspended_at
            if a.created_at + HOUR > t0 or (r.random() > 0.36 and not late):
                continue
            if a.suspended_at is not None and t0 > a.suspended_at + 3 * HOUR:
                continue
            t = t0 + r.randrange(-100 * SEC, 100 * SEC)
            for _ in range(r.randrange(1, 4)):
                it = draw(w.c, r, REASON_MIX)
                if r.random() < 0.2:
                    msgs = [{"role": "user", "content": it.prompt}]
                    ans = it.answer
                else:
                    msgs = _cot_wrap(r, it, phr[a.account_id])
                    ans = _cot_answer(it)
                if t >= move[a.account_id] and r.random() < 0.55:
                    model = R3
                elif RELEASE - 2 * HOUR < t < RELEASE and r.random() < 0.15:
                    model = R3  # probing the unreleased model: 404
                else:
                    model = pick(r, (GEN, GEN, R2))
                t, _ = w.chat(r, a, t, model=model, messages=msgs, answer=ans, ip=f"{nets[net]}.{r.randrange(2, 254)}",
                              ua="OpenAI/Python 1.99.9", params={"max_tokens": 8192, "temperature": 0.6},
                              p429=0.02)
                t += int(r.uniform(0.5, 4) * SEC)
        t0 += 90 * MIN


GRADER = ("You are a strict grader producing reward labels. You will see a problem and a candidate solution. For "
          "every step of the candidate, state whether it is correct and why. Then output a JSON object {\"steps\": "
          "[{\"i\": n, \"ok\": true|false, \"why\": \"...\"}], \"final_correct\": true|false, \"score\": 0-10}.")
GRADER_ZH = ("你是一名严格的评分员。逐步检查下面的候选解答，说明每一步是否正确及原因，"
             "最后输出 JSON：{\"steps\": [...], \"score\": 0-10}。")


def _corrupt(rng: random.Random, text: str) -> str:
    nums = re.findall(r"\d+", text)
    if not nums:
        return text + "\nSo the answer is 0."
    n = pick(rng, nums)
    return text.replace(n, str(int(n) + rng.choice((-3, -2, -1, 1, 2, 5, 10))), 1)


def rubric_reward_labeling(w: World) -> None:
    """Reported (Anthropic 2026, DeepSeek): the model used as a reward model via rubric grading."""
    cid = _register("p16-02-rubric_reward_labeling", "rubric_reward_labeling",
                    "Anthropic 2026 (DeepSeek: rubric grading as reward model)", False,
                    "each task graded against 3-4 candidate solutions seconds apart, ~45% corrupted, per-step verdicts "
                    "+ JSON score, T=0, 24/7; 3 of 5 orgs on one card")
    rng = rng_for(w.seed, "c02")
    fp = rstr(rng, 16)
    for i in range(5):
        r = rng_for(w.seed, f"c02/{i}")
        a = w.new_org(r, kind="rubric_reward_labeling", label="campaign", campaign_id=cid,
                      name=pick(r, ("Evalon", "Rubrix Labs", "ScoreForge", "Gradely", "Markwise")), country=pick(
                          r, ("SG", "US", "HK")), created_at=START - r.randrange(20 * DAY, 90 * DAY), plan="tier-2",
                      payment_fp=fp if i < 3 else None, email_domain=f"{rstr(r, 6).lower()}.ai", n_projects=2)
        ips = [w.ip(r, cloud=True) for _ in range(2)]
        for t in hourly_times(r, r.uniform(9, 13), FLAT, 0):
            it = draw(w.c, r, {"gsm": 5, "code": 3, "belle_reason": 2})
            zh = it.lang == "zh"
            for _ in range(r.randrange(3, 5)):
                bad = r.random() < 0.45
                cand = _corrupt(r, it.answer) if bad else it.answer
                q = f"Problem:\n{it.prompt}\n\nCandidate solution:\n{cand}" if not zh else \
                    f"题目：\n{it.prompt}\n\n候选解答：\n{cand}"
                steps = [{"i": k + 1, "ok": not (bad and k == 1), "why": "arithmetic checks out" if not (
                    bad and k == 1) else "the number carried into this step is wrong"} for k in range(3)]
                ans = "Step-by-step check:\n" + "\n".join(
                    f"Step {s['i']}: {'correct' if s['ok'] else 'incorrect'}: {s['why']}." for s in steps) + \
                    "\n\n" + json.dumps({"steps": steps, "final_correct": not bad, "score": 2 if bad else 9})
                t, _ = w.chat(r, a, t, model=pick(r, (GEN, R2)), messages=[
                    {"role": "system", "content": GRADER_ZH if zh else GRADER}, {"role": "user", "content": q}],
                              answer=ans, ip=pick(r, ips), ua="python-httpx/0.28.1",
                              key=pick(r, a.keys), params={"temperature": 0})
                t += int(r.uniform(0.5, 6) * SEC)


LANG_RULE = (
    "Your reasoning summary and all of your internal thinking must be written strictly in the same language as the "
    "user's question. Never switch to English while thinking.",
    "思考过程和推理摘要必须严格使用与用户提问相同的语言，不得切换成英文。",
    "Ход рассуждений и его краткое изложение должны быть строго на том же языке, что и вопрос пользователя.",
    "思考の過程と推論の要約は、必ずユーザーの質問と同じ言語で書いてください。英語に切り替えてはいけません。",
)


def summary_language_coercion(w: World) -> None:
    """Reported (Google GTIG 2026, reasoning trace coercion), in the Responses API's reasoning-summary form."""
    cid = _register("p16-03-summary_language_coercion", "summary_language_coercion",
                    "Google GTIG 2026 (reasoning trace coercion)", False,
                    "Responses API, effort high, summary detailed, a rule that thinking and summary stay in the "
                    "question's language (4 wordings); MGSM zh/ja/ru/th/bn/te + BELLE; 3x volume on ostra-r3 after "
                    "launch")
    langs_all = ("zh", "ja", "ru", "th", "bn", "te")
    home = {"zh": "CN", "ja": "JP", "ru": "RU", "th": "TH", "bn": "BD", "te": "IN"}
    for i in range(6):
        r = rng_for(w.seed, f"c03/{i}")
        langs = r.sample(langs_all, 3)
        country = home[langs[0]]
        a = w.new_org(r, kind="summary_language_coercion", label="campaign", campaign_id=cid, name=pick(r, (
            "Polyglot Tutor", "Lingua Steps", "Personal", "MathWorld Asia")), country=country,
                      created_at=START - r.randrange(15 * DAY, 60 * DAY), plan="startup", credit=("startup", 250000),
                      email_domain=pick(r, ("gmail.com", "qq.com", "yandex.ru", "naver.com")))
        ips = [w.ip(r, country) for _ in range(3)]
        ua = pick(r, ("OpenAI/Python 1.107.0", "OpenAI/JS 5.20.1"))
        tz = COUNTRY[country][0]
        day_w = tuple(1.0 if 8 <= h <= 22 else 0.03 for h in range(24))
        ts = hourly_times(r, 12, day_w, tz, end=RELEASE) + hourly_times(r, 38, day_w, tz,
                                                                       start=RELEASE + r.randrange(2, 6) * HOUR)
        for t in ts:
            lang = pick(r, langs)
            it = make(w.c, r, "belle_reason" if lang == "zh" and r.random() < 0.3 else f"mgsm:{lang}")
            rule = pick(r, LANG_RULE)
            model = R3 if t >= RELEASE and r.random() < 0.9 else R2
            if r.random() < 0.6:
                w.respond(r, a, t, model=model, input=it.prompt, instructions=rule, answer=it.answer,
                          ip=pick(r, ips), ua=ua, effort="high", summary_mode="detailed", summary=it.summary,
                          params={"max_output_tokens": 32000})
            else:
                w.respond(r, a, t, model=model, input=[{"role": "user", "content": [
                    {"text": f"{it.prompt}\n\n{rule}", "type": "input_text"}]}], answer=it.answer, ip=pick(r, ips),
                          ua=ua, effort="high", summary_mode="detailed", summary=it.summary)


MIGRATE_SYS = ("You are an autonomous software engineer. Before EVERY tool call, write out your full reasoning: what "
               "you know, what you are unsure of, and why this call is the best next step. Then call exactly one "
               "tool.")


def agentic_release_migration(w: World) -> None:
    """Reported (Anthropic 2026, MiniMax): agentic coding at volume; half the traffic moved to the new model fast."""
    cid = _register("p16-04-agentic_release_migration", "agentic_release_migration",
                    "Anthropic 2026 (MiniMax: agentic coding; moved half its traffic within 24 h)", False,
                    "one established tier-4 org, 6 projects, 24/7 Responses tool loops with a system prompt that "
                    "demands reasoning before every tool call and detailed summaries; 404 probes, then ~55% of "
                    "sessions on ostra-r3 2-10 h after launch")
    r = rng_for(w.seed, "c04")
    a = w.new_org(r, kind="agentic_release_migration", label="campaign", campaign_id=cid, name="Hexon Software Ltd.",
                  country="SG", created_at=START - 240 * DAY, plan="tier-4", email_domain="hexon-soft.com",
                  n_projects=6, keys_per_project=2, members=3, card=("visa", "SG"))
    nets = [w.subnet(r) for _ in range(2)]
    per_proj_move = [RELEASE + r.randrange(2 * HOUR, 10 * HOUR) for _ in a.projects]
    tools = AGENT_TOOLS
    for t in hourly_times(r, 44, FLAT, 0):
        p = r.randrange(len(a.projects))
        key = pick(r, [k for k in a.keys if k.project_id == a.projects[p]])
        if (t >= per_proj_move[p] and r.random() < 0.55) or (RELEASE - 3 * HOUR < t < RELEASE and r.random() < 0.2):
            model = R3
        else:
            model = R2
        agent_session(w, r, a, t, model=model, ip=f"{pick(r, nets)}.{r.randrange(2, 254)}",
                      ua="OpenAI/Python 1.82.1", user=None, steps=r.randrange(4, 10), instructions=MIGRATE_SYS,
                      tools=tools, effort="high", summary_mode="detailed", think_note=True, key=key)


EXPAND = (
    "Below is a condensed outline of how a solution was reached. Expand it into the complete, uncompressed inner "
    "monologue that would produce it: every intermediate thought, false start and check, in the first person. Then "
    "restate the final answer.\n\nProblem:\n{q}\n\nOutline:\n{s}",
    "Here is a short summary of someone's reasoning on a problem. Reconstruct the full step-by-step thinking behind "
    "it at roughly ten times the length, filling in every calculation the summary skips.\n\n### Problem\n{q}\n\n"
    "### Summary\n{s}",
    "下面是某个解题过程的简要提纲。请把它还原成完整、详细的内心推理过程（第一人称，包含每一步计算与自我检查），最后给出答案。\n\n题目：{q}\n\n提纲：{s}",
)


def summary_backfill_expansion(w: World) -> None:
    """Invented (new kind): reasoning summaries from the Responses API, re-expanded into full traces elsewhere."""
    cid = _register("p16-05-summary_backfill_expansion", "summary_backfill_expansion",
                    "invented; REFERENCES: reasoning recovered from summaries, trace reconstruction", True,
                    "4 collector orgs take detailed reasoning summaries (Responses, ostra-r2, effort high); 1-40 min "
                    "later 4 expander orgs on other cards paste the summary into a cheap chat model and ask for the "
                    "full first-person monologue it condenses")
    cols, exps = [], []
    for i in range(8):
        r = rng_for(w.seed, f"c05/{i}")
        collector = i < 4
        country = pick(r, ("US", "CA", "GB", "NL")) if collector else pick(r, ("VN", "SG", "HK", "TW"))
        a = w.new_org(r, kind="summary_backfill_expansion", label="campaign", campaign_id=cid, name=pick(r, (
            "Personal", "Stepwise AI", "Cortex Notes", "Brainbox", "Solvr")), country=country,
                      created_at=START - r.randrange(8 * DAY, 70 * DAY), plan=pick(r, ("tier-1", "tier-2")),
                      email_domain=pick(r, ("gmail.com", "outlook.com", "proton.me")))
        (cols if collector else exps).append((a, r, [w.ip(r, cloud=True) for _ in range(2)],
                                               pick(r, ("OpenAI/Python 1.107.0", "python-requests/2.32.5"))))
    for a, r, ips, ua in cols:
        for t in hourly_times(r, r.uniform(22, 32), FLAT, 0):
            it = draw(w.c, r, {"gsm": 4, "code": 2, "arena_math": 1, "belle_reason": 1, "mgsm:zh": 1})
            end, rid = w.respond(r, a, t, model=R2 if t < RELEASE or r.random() < 0.4 else R3, input=it.prompt,
                                 answer=it.answer, ip=pick(r, ips), ua=ua, effort="high", summary_mode="detailed",
                                 summary=it.summary, store=False)
            if rid is None or r.random() < 0.1:
                continue
            ea, er, eips, eua = pick(r, exps)
            tmpl = EXPAND[2] if it.lang == "zh" else pick(er, EXPAND[:2])
            q = tmpl.format(q=it.prompt, s="\n\n".join(it.summary))
            mono = "Okay, let me think this through from the start. " + " ".join(
                s.split("\n\n", 1)[-1] for s in it.summary) + " Wait, let me double-check that. " + it.answer
            w.chat(er, ea, end + int(er.uniform(60, 2400) * SEC), model=pick(er, (MINI, GEN)),
                   messages=[{"role": "user", "content": q}], answer=mono, ip=pick(er, eips), ua=eua,
                   params={"temperature": 0.9, "max_tokens": 6000})


BRANCHES = (
    "Solve it again using a completely different method, and explain the method.",
    "What changes if every number in the problem is doubled? Work it out fully.",
    "Which step do students most often get wrong here, and why? Show the wrong and the right working.",
    "Write a harder variant of this problem and solve it step by step.",
    "Explain the solution to a 10-year-old, step by step.",
    "Verify your previous answer by working backwards from it.",
    "Turn your solution into a Python program that prints every intermediate value.",
    "换一种解法再做一遍，并说明每一步的理由。",
)


def response_tree_fanout(w: World) -> None:
    """Invented (new kind): one stored response, then many sibling branches on the same previous_response_id."""
    cid = _register("p16-06-response_tree_fanout", "response_tree_fanout",
                    "invented; REFERENCES: conversation-chained harvesting on server-held state", True,
                    "each item answered once with store=true, then 4-8 sibling requests all chained on that one "
                    "previous_response_id (other method, doubled numbers, common mistake, harder variant, ...), "
                    "fired near-simultaneously; 5 orgs, 2 on one card")
    rng = rng_for(w.seed, "c06")
    fp = rstr(rng, 16)
    for i in range(5):
        r = rng_for(w.seed, f"c06/{i}")
        country = pick(r, ("US", "DE", "KR", "JP"))
        a = w.new_org(r, kind="response_tree_fanout", label="campaign", campaign_id=cid, name=pick(r, (
            "Branchline", "TutorTree", "Personal", "Quizzical Inc.")), country=country,
                      created_at=START - r.randrange(30 * DAY, 120 * DAY), plan="tier-2",
                      payment_fp=fp if i < 2 else None, email_domain=pick(r, ("gmail.com", f"{rstr(r, 5).lower()}.io")))
        ips = [w.ip(r, cloud=True) for _ in range(2)]
        ua = pick(r, ("OpenAI/Python 1.107.0", "AsyncOpenAI/Python 1.107.0", "OpenAI/JS 5.20.1"))
        tz = COUNTRY[country][0]
        for t in hourly_times(r, r.uniform(6, 9), tuple(0.2 if h < 7 else 1.0 for h in range(24)), tz):
            it = draw(w.c, r, {"gsm": 5, "code": 1, "arena_math": 1, "mgsm:ja": 1, "belle_reason": 1})
            model = R3 if t >= RELEASE + 6 * HOUR and r.random() < 0.5 else R2
            end, base = w.respond(r, a, t, model=model, input=it.prompt, answer=it.answer, ip=pick(r, ips), ua=ua,
                                  effort="medium", summary_mode="auto", summary=it.summary)
            if base is None:
                continue
            t2 = end + int(r.uniform(0.3, 5) * SEC)
            for b in r.sample(BRANCHES, r.randrange(4, 9)):
                fu = make(w.c, r, "gsm") if it.math else it
                w.respond(r, a, t2 + int(r.uniform(0, 2.5) * SEC), model=model, input=b, prev=base,
                          answer=fu.answer, ip=pick(r, ips), ua=ua, effort="medium", summary_mode="auto",
                          summary=fu.summary, ctx_tokens=400)


def playground_quota_split(w: World) -> None:
    """Invented (new kind): one item queue split between the API and the chat app's flat-rate plan."""
    cid = _register("p16-07-playground_quota_split", "playground_quota_split",
                    "invented; REFERENCES: harvest spread over access pathways (Moonshot)", True,
                    "6 tier-1 orgs each with a linked Pro chat-app user paid by the org's card; one shared queue of "
                    "reasoning items without repeats, ~55% via the API (Responses, detailed summaries), ~45% as "
                    "single-item thinking conversations in the chat app at machine pace from residential proxies")
    rng = rng_for(w.seed, "c07")
    queue = [("gsm", j) for j in range(len(w.c.gsm))] + [("code", j) for j in range(164)] + \
        [(f"mgsm:{lang}", j) for lang in ("zh", "ru", "fr") for j in range(250)]
    rng.shuffle(queue)
    members = []
    for i in range(6):
        r = rng_for(w.seed, f"c07/{i}")
        country = pick(r, ("US", "GB", "CA"))
        a = w.new_org(r, kind="playground_quota_split", label="campaign", campaign_id=cid, name="Personal",
                      country=country, created_at=START - r.randrange(20 * DAY, 100 * DAY), plan="tier-1",
                      email_domain=pick(r, ("gmail.com", "outlook.com")))
        ua_web = pick(r, WEB_UAS)
        _, oid = w.new_chat_user(r, a, country=country, created_at=a.created_at + r.randrange(HOUR, 5 * DAY),
                                 plan="pro", locale="en-US", email_domain="gmail.com", card_fp=a.payment_fp,
                                 signup_ua=ua_web)
        members.append((a, r, oid, ua_web, [w.ip(r, cloud=True) for _ in range(2)]))
    events: list[tuple[int, int]] = []
    for k, (_a, r, _oid, _ua, _ips) in enumerate(members):
        events += [(t, k) for t in hourly_times(r, r.uniform(38, 48), tuple(
            0.3 if h < 6 else 1.0 for h in range(24)), -5)]
    events.sort()
    for pos, (t, k) in enumerate(events):
        a, r, oid, ua_web, ips = members[k]
        src, j = queue[pos % len(queue)]
        it = make(w.c, r, src, j)
        if r.random() < 0.55:
            w.respond(r, a, t, model=R3 if t >= RELEASE and r.random() < 0.5 else R2, input=it.prompt,
                      answer=it.answer, ip=pick(r, ips), ua="OpenAI/Python 1.107.0", effort="high",
                      summary_mode="detailed", summary=it.summary)
        else:
            w.conversation(r, a, oid, t, [(it.prompt, it.answer, it.summary)], model=GEN, thinking=True,
                           platform="web", ip=w.ip(r, pick(r, ("US", "CA", "GB", "DE"))), ua=ua_web,
                           title=it.prompt[:40])


def _renumber(rng: random.Random, text: str, mapping: dict[str, str]) -> str:
    def sub(mo: re.Match) -> str:
        n = mo.group(0)
        if n not in mapping:
            v = int(n)
            mapping[n] = str(max(1, v + rng.randrange(-max(2, v // 2), max(3, v // 2) + 1)))
        return mapping[n]
    return re.sub(r"(?<![\d.])\d{1,4}(?![\d.])", sub, text)


NUMBER_ASKS = ("Solve step by step and show every intermediate calculation.",
               "Please work this out carefully, showing each calculation on its own line.",
               "Show the full working, then the final number.")


def counterfactual_number_sweep(w: World) -> None:
    """Reported hallmark (narrow capability, template variants); probe10 touched number-perturbed templates."""
    cid = _register("p16-08-counterfactual_number_sweep", "counterfactual_number_sweep",
                    "Anthropic 2026 hallmarks: narrow capability, repetitive structure; data augmentation", False,
                    "each GSM8K problem re-asked 6-10 times with re-sampled numbers, variants spread over 6 orgs "
                    "within ~2 h, chat completions with a worked-solution request")
    orgs = []
    for i in range(6):
        r = rng_for(w.seed, f"c08/{i}")
        country = pick(r, ("IN", "VN", "US", "BR"))
        a = w.new_org(r, kind="counterfactual_number_sweep", label="campaign", campaign_id=cid, name=pick(r, (
            "Personal", "MathGen", "EduForge", "Numera")), country=country,
                      created_at=START - r.randrange(10 * DAY, 80 * DAY), plan=pick(r, ("tier-1", "tier-2")),
                      email_domain=pick(r, ("gmail.com", "outlook.com", "yahoo.com")))
        orgs.append((a, w.ip(r, country), pick(r, ("OpenAI/Python 1.99.9", "OpenAI/Python 1.107.0",
                                                   "python-requests/2.32.5"))))
    r0 = rng_for(w.seed, "c08")
    for t in hourly_times(r0, 26, FLAT, 0):
        base = make(w.c, r0, "gsm")
        for _ in range(r0.randrange(6, 11)):
            a, ip, ua = pick(r0, orgs)
            mp: dict[str, str] = {}
            q = _renumber(r0, base.prompt, mp)
            ans = _renumber(r0, base.answer, mp)
            tv = t + r0.randrange(0, 2 * HOUR)
            w.chat(r0, a, tv, model=pick(r0, (GEN, GEN, R2)), messages=[
                {"role": "user", "content": f"{q}\n\n{pick(r0, NUMBER_ASKS)}"}], answer=ans, ip=ip, ua=ua,
                   params={"temperature": 0.7})


CONSTRAINTS = (
    "Your answer must have exactly {n} paragraphs separated by blank lines.", "Do not use any commas.",
    "End your response with the exact phrase \"Is there anything else I can help with?\"",
    "Use the word \"{kw}\" at least {n} times.", "Write everything in lowercase letters.",
    "Wrap your entire response in double quotation marks.", "Include a title wrapped in double angular brackets, "
    "like <<title>>.", "Respond in fewer than {m} words.", "Respond with at least {m} words.",
    "Highlight at least {n} sections with markdown, i.e. *highlighted section*.",
    "Format the entire output as JSON with the keys \"summary\" and \"details\".",
    "Do not include the words \"{kw}\" or \"very\".", "Finish with a postscript starting with P.S.",
    "Answer in {lang} only, no other language is allowed.", "Use exactly {n} bullet points in markdown.",
    "Your response must contain at least {n} placeholders in square brackets, like [address].",
    "回答必须分成 {n} 段，并且不能使用任何逗号。", "All letters in your response must be capital letters.",
)
KWS = ("balance", "river", "signal", "harvest", "network", "quiet", "engine", "garden")


def constraint_stack_harvest(w: World) -> None:
    """Invented (new kind): instruction-following data with stacked, machine-checkable constraints."""
    cid = _register("p16-09-constraint_stack_harvest", "constraint_stack_harvest",
                    "invented; REFERENCES: content that maps onto what is valuable for training", True,
                    "Self-Instruct/Arena/Unnatural tasks each wrapped in 3-6 verifiable constraints (paragraph counts, "
                    "no commas, keyword counts, JSON keys, language) drawn from 18 templates: IFEval-style "
                    "instruction-following data; 5 orgs, flat 24/7")
    for i in range(5):
        r = rng_for(w.seed, f"c09/{i}")
        country = pick(r, ("US", "HK", "SG", "GB"))
        a = w.new_org(r, kind="constraint_stack_harvest", label="campaign", campaign_id=cid, name=pick(r, (
            "Wordsmith Tools", "Copyloom", "Draftly", "Personal", "Inkpath")), country=country,
                      created_at=START - r.randrange(20 * DAY, 150 * DAY), plan="tier-2",
                      email_domain=f"{rstr(r, 6).lower()}.com")
        ips = [w.ip(r, cloud=True) for _ in range(2)]
        ua = pick(r, ("OpenAI/Python 1.107.0", "OpenAI/JS 5.20.1", "axios/1.12.2"))
        for t in hourly_times(r, r.uniform(30, 40), FLAT, 0):
            it = draw(w.c, r, {"si": 4, "arena_other": 2, "unnatural": 3, "belle_open": 1})
            cons = [c.format(n=r.randrange(2, 6), m=r.choice((50, 80, 120, 200, 300)), kw=pick(r, KWS),
                             lang=pick(r, ("French", "German", "Spanish", "Japanese")))
                    for c in r.sample(CONSTRAINTS, r.randrange(3, 7))]
            block = "\n".join(f"- {c}" for c in cons)
            if r.random() < 0.5:
                msgs = [{"role": "user", "content": f"{it.prompt}\n\nFollow ALL of these rules:\n{block}"}]
            else:
                msgs = [{"role": "system", "content": "Follow every formatting rule exactly. Rules:\n" + block},
                        {"role": "user", "content": it.prompt}]
            w.chat(r, a, t, model=pick(r, (GEN, GEN, MINI)), messages=msgs, answer=it.answer.lower() if
                   r.random() < 0.2 else it.answer, ip=pick(r, ips), ua=ua, params={"temperature": 0.7})


def aggregator_tenant_cot(w: World, host: Account) -> None:
    """Reported (Anthropic 2026: a proxy mixing distillation traffic with resold traffic): end users of Tokenmesh."""
    cid = _register("p16-10-aggregator_tenant_cot", "aggregator_tenant_cot",
                    "Anthropic 2026 (proxy mixing harvest with resold traffic)", False,
                    "12 end users inside the benign reseller Tokenmesh (its id format, keys, egress, client) sending "
                    "CoT-elicited maths and code ~8/day each, 24/7; Tokenmesh itself stays benign")
    rng = rng_for(w.seed, "c10")
    egress = sorted({r.cols[10] for r in w.rows if r.cols[4] in {k.id for k in host.keys}})[:4]
    users = ["tm_" + rstr(rng, 10, "0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(12)]
    before = {u: host.end_users.get(u, [None, None, None, 0])[3] for u in users}
    for u in users:
        r = rng_for(w.seed, f"c10/{u}")
        ph = r.sample(list(COT), 3)
        for t in hourly_times(r, r.uniform(6, 10), FLAT, 0):
            it = draw(w.c, r, REASON_MIX)
            model = R3 if t >= RELEASE + 4 * HOUR and r.random() < 0.5 else pick(r, (GEN, R2))
            w.chat(r, host, t, model=model, messages=_cot_wrap(r, it, ph), answer=_cot_answer(it),
                   ip=pick(r, egress), ua="Go-http-client/2.0", key=pick(r, host.keys), user=u, stream=True,
                   p429=0.004)
    for u in users:
        e = host.end_users.get(u)
        if e:
            e[0], e[1], e[2] = "campaign", "aggregator_tenant_cot", cid
            e[3] -= before[u]


def chat_app_free_tier_farm(w: World) -> None:
    """Invented (new kind): a hydra of free chat-app sign-ups, each burning its daily thinking quota."""
    cid = _register("p16-11-chat_app_free_tier_farm", "chat_app_free_tier_farm",
                    "invented; REFERENCES: hydra clusters, new accounts at full usage immediately", True,
                    "34 free chat-app users signed up in 3 bursts during the period from residential proxies, one "
                    "browser build; each sends ~10 single-item thinking conversations a day (the free quota) from a "
                    "shared queue without repeats, most for only 2-6 days")
    rng = rng_for(w.seed, "c11")
    ua = WEB_UAS[0].replace("141.0.0.0", "139.0.7258.154")
    queue = [("gsm", j) for j in range(len(w.c.gsm))] + [("belle_reason", j) for j in range(113)] + \
        [("arena_math", j) for j in range(len(w.c.arena_math))]
    rng.shuffle(queue)
    pos = 0
    bursts = [START + DAY + 14 * HOUR, START + 5 * DAY + 2 * HOUR, START + 9 * DAY + 20 * HOUR]
    for i in range(34):
        r = rng_for(w.seed, f"c11/{i}")
        country = pick(r, ("US", "US", "GB", "CA", "DE", "AU", "SG"))
        created = bursts[i % 3] + r.randrange(0, 3 * HOUR)
        acct, oid = w.new_chat_user(r, None, kind="chat_app_free_tier_farm", label="campaign", campaign_id=cid,
                                    country=country, created_at=created, plan="free", locale="en-US",
                                    email_domain=pick(r, ("outlook.com", "gmail.com", "hotmail.com")),
                                    signup_ip=w.ip(r, country), signup_ua=ua)
        life = r.randrange(2, 7) * DAY
        t = created + r.randrange(5 * MIN, 40 * MIN)
        while t < min(END, created + life):
            for _ in range(r.randrange(8, 12)):
                src, j = queue[pos % len(queue)]
                pos += 1
                it = make(w.c, r, src, j)
                t = w.conversation(r, acct, oid, t, [(it.prompt, it.answer, it.summary)], model=GEN, thinking=True,
                                   platform="web", ip=w.ip(r, country), ua=ua) + int(r.uniform(20, 120) * SEC)
            t += DAY - r.randrange(0, 4 * HOUR)


def run_all(w: World, hosts: dict[str, Account]) -> list[dict]:
    CAMPAIGNS.clear()
    billing_cluster_cot(w)
    rubric_reward_labeling(w)
    summary_language_coercion(w)
    agentic_release_migration(w)
    summary_backfill_expansion(w)
    response_tree_fanout(w)
    playground_quota_split(w)
    counterfactual_number_sweep(w)
    constraint_stack_harvest(w)
    aggregator_tenant_cot(w, hosts["Tokenmesh"])
    chat_app_free_tier_farm(w)
    return list(CAMPAIGNS)
