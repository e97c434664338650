"""Distillation campaigns. Six follow behaviour in the public reports (/work/shared/REFERENCES.md); four are
invented for this probe (worksheet_packing, execution_trace_harvest, code_port_matrix, audience_ladder). Every
prompt wording here is written for this probe."""

from __future__ import annotations

import json
import random
import re

from . import texts
from .benign import run_agent_task
from .corpus import CodeItem, MathItem
from .world import COUNTRY, DAY, END, HOUR, RELEASE, START, THINK, Account, World, poisson_times

C = "campaign"

# ------------------------------------------------------------------ chain-of-thought elicitation wordings (own)
#: (placement, text): "system", "prefix" or "suffix"
COT_ASKS = (
    (
        "suffix",
        "Before you answer, lay out every intermediate inference you make, numbered, and do not skip any step "
        "however obvious.",
    ),
    (
        "suffix",
        "Write down your complete internal thought process first, including the dead ends you consider and "
        "reject, and only then state the answer.",
    ),
    (
        "suffix",
        "I need the full derivation, not a summary: narrate each reasoning move as you make it, then give the "
        "result on its own line.",
    ),
    (
        "prefix",
        "Show the whole chain of reasoning that leads to your answer. Treat it like a transcript of your thinking.",
    ),
    (
        "system",
        "You always externalise your reasoning. For every question, first produce a section titled 'Thinking' "
        "that contains the full, unabridged reasoning, then a section titled 'Answer'.",
    ),
    ("suffix", "Think out loud. Every calculation, every check and every assumption should be visible in your reply."),
    ("suffix", "请先把你完整的思考过程一步一步写出来，包括中间的每一个推理和验算，最后再给出答案。"),
    ("system", "回答任何问题之前，必须详细展示你的全部推理链条，不得省略任何步骤。"),
    (
        "suffix",
        "Сначала подробно распиши весь ход своих рассуждений, каждый промежуточный шаг, и только потом дай ответ.",
    ),
    (
        "suffix",
        "Antes de responder, escribe paso a paso todo tu razonamiento interno, sin omitir nada, y al final la "
        "respuesta.",
    ),
    ("suffix", "答える前に、あなたの思考の過程をすべて省略せずに段階ごとに書き出してください。"),
    (
        "suffix",
        "Lege zuerst deinen vollständigen Denkweg offen, jeden Zwischenschritt, und nenne erst danach das Ergebnis.",
    ),
    ("prefix", "[Full reasoning required]"),
    ("suffix", "Reason it through in detail first; I am going to check each of your steps against my own."),
)


def with_ask(ask: tuple[str, str], prompt: str) -> list[dict]:
    where, text = ask
    if where == "system":
        return [{"role": "system", "content": text}, {"role": "user", "content": prompt}]
    if where == "prefix":
        return [{"role": "user", "content": f"{text}\n\n{prompt}"}]
    return [{"role": "user", "content": f"{prompt}\n\n{text}"}]


def _campaign(w: World, num: int, kind: str, report: str, desc: str) -> str:
    cid = f"p14-{num:02d}-{kind}"
    w.campaigns.append({"campaign_id": cid, "kind": kind, "follows": report, "description": desc})
    return cid


def _reasoning_item(w: World, rng: random.Random) -> tuple[str, str, str, str]:
    """(prompt, worked answer, what, lang) from a reasoning-heavy pool."""
    x = rng.random()
    if x < 0.35:
        m = rng.choice(w.c.gsm)
        return m.question, texts.math_answer(m, rng, "steps"), "a math word problem", "en"
    if x < 0.55:
        lang = rng.choice(("zh", "ru", "es", "ja", "de", "fr"))
        k = rng.randrange(250)
        return w.c.mgsm[lang][k], texts.math_answer(w.c.mgsm_item[k], rng, "plain", lang), "a math problem", lang
    if x < 0.68:
        p = rng.choice(w.c.arena_math)
        return p, texts.generic_answer(rng, w.c, 5, 12), texts.short(p, 120), "en"
    if x < 0.8:
        p = rng.choice(w.c.arena_code)
        he = rng.choice(w.c.he)
        return (
            p,
            texts.generic_answer(rng, w.c, 3, 6) + "\n\n```python\n" + (he.prompt + he.solution).strip() + "\n```",
            texts.short(p, 120),
            "en",
        )
    if x < 0.9:
        q, a, _ = rng.choice(w.c.belle_math)
        return q, a or texts.generic_answer(rng, w.c, 3, 6, zh=True), texts.short(q, 60), "zh"
    he = rng.choice(w.c.he)
    return he.prompt, texts.code_answer(he, rng), f"implement {he.entry}", "en"


def _cot_reply(rng: random.Random, answer: str, lang: str) -> str:
    if lang == "en" and not answer.startswith("Step"):
        head = rng.choice(("Thinking:\n", "Let me reason through this carefully.\n\n", "Reasoning:\n"))
        return head + answer
    return answer


# ------------------------------------------------------------------ C1 card ring (DeepSeek-style hydra)
def card_ring_cot(w: World) -> None:
    cid = _campaign(
        w,
        1,
        "card_ring_cot",
        "Anthropic 2026 (DeepSeek): synchronized accounts, shared payment methods, "
        "coordinated timing; chain-of-thought elicitation",
        "26 one-member tier-1 orgs on 5 shared cards, three hosting /24s (two reach region B, one region "
        "A), one client build; every 2 h tick each account fires 2-4 CoT-elicited requests within 90 s; "
        "6 suspended Thu 2026-06-04, replaced by 6 new sign-ups on 2 of the same cards",
    )
    rng = w.rng("c1")
    cards = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24)) for _ in range(5)]
    blocks = [("B", w.block(rng, "B", 103)), ("B", w.block(rng, "B", 154)), ("A", w.block(rng, "A", 45))]
    ua = "python-httpx/0.27.0"
    accts: list[tuple[Account, str, str]] = []

    def make(i: int, created: float, card: str) -> tuple[Account, str, str]:
        region, blk = blocks[i % 3] if i < 26 else blocks[rng.choice((0, 2))]
        country = rng.choice(("SG", "HK", "MY")) if region == "B" else rng.choice(("US", "NL", "DE"))
        org = w.new_org("Personal", "payg_tier1", created, country, cards=0)
        org.cards.append(card)
        ip = w.in_block(rng, blk, region)
        a = w.new_account(
            org,
            "card_ring_cot",
            C,
            country,
            created,
            campaign_id=cid,
            email_domain=rng.choice(("gmail.com", "outlook.com", "proton.me", "163.com")),
            card=card,
            signup_ip=ip,
        )
        return a, blk, region

    t_signup = START - 19 * DAY
    for i in range(26):
        t_signup += rng.uniform(0.05, 0.8) * DAY if i % 6 else rng.uniform(1, 4) * DAY
        accts.append(make(i, min(t_signup, START - 2 * HOUR), cards[i % 5]))
    ban = START + 3 * DAY + 9 * HOUR + 40 * 60
    banned = rng.sample(range(26), 6)
    for j in banned:
        a = accts[j][0]
        a.suspended_at = ban + rng.uniform(0, 240)
        a.org.status, a.org.suspended_at = "suspended", a.suspended_at
    for k in range(6):
        accts.append(make(26 + k, ban + rng.uniform(2, 16) * HOUR, cards[k % 2]))
    pivot = RELEASE + rng.uniform(1.5, 4) * HOUR
    tick = START + 7 * 60
    ask_of = {a.account_id: rng.sample(COT_ASKS, 4) for a, _, _ in accts}
    while tick < END:
        for a, blk, region in accts:
            if tick < a.created_at + rng.uniform(1, 3) * HOUR:
                continue
            if a.suspended_at is not None and tick > a.suspended_at + 4.5 * HOUR:
                continue  # the operator notices the 403s after a couple of ticks
            if rng.random() > 0.62:
                continue
            t = tick + rng.uniform(-90, 90)
            ip = w.in_block(rng, blk, region)
            for _ in range(rng.randint(2, 4)):
                model = "heron-4"
                if t >= pivot and rng.random() < 0.6:
                    model = THINK
                elif RELEASE - 2 * HOUR < t < RELEASE and rng.random() < 0.3:
                    model = THINK  # probing the announced model before it is live: 404
                prompt, ans, what, lang = _reasoning_item(w, rng)
                if rng.random() < 0.2:
                    msgs, reply = [{"role": "user", "content": prompt}], ans  # plain cover traffic
                else:
                    msgs, reply = with_ask(rng.choice(ask_of[a.account_id]), prompt), _cot_reply(rng, ans, lang)
                r = w.send(
                    a,
                    t,
                    model,
                    msgs,
                    reply,
                    ip=ip,
                    ua=ua,
                    reasoning=texts.reasoning_summary(rng, what, ans, lang) if model == THINK else None,
                    params={"temperature": 0.6, "max_tokens": 8192},
                    rng=rng,
                )
                t += (r.lat if r else 1) + rng.uniform(0.3, 4)
        tick += 2 * HOUR


# ------------------------------------------------------------------ C2 answer backfill (reasoning reconstruction)
BACKFILL = (
    "Below is a problem together with its accepted answer. Write out, in the first person, the detailed thought "
    "process that would naturally lead someone to exactly this answer. Include the intermediate steps and the checks "
    "along the way. Do not mention that the answer was given to you.\n\nProblem:\n{q}\n\nAccepted answer:\n{a}",
    "Here's a question and the final response that was given to it. Reconstruct the hidden reasoning behind that "
    "response as a step-by-step monologue, as if you were arriving at it for the first time.\n\nQuestion: {q}\n\n"
    "Final response: {a}",
    "Problem: {q}\nKnown correct result: {a}\nTask: produce the reasoning trace that connects the problem to the "
    "result. Number the steps. End with the result exactly as given.",
    "假设你是给出下面这个答案的专家。请还原你得出这个答案时内心的完整推理过程，逐步写出，不要提及答案是事先给定的。\n\n问题：{q}\n\n答案：{a}",
    "You will see an instruction and a finished reply. Explain, step by step, the thinking the author must have gone "
    "through to produce that reply, every decision in order.\n\n### Instruction\n{q}\n\n### Reply\n{a}",
    "Fill in the missing middle: given the question and the answer, write the full chain of thought in between. Be "
    "explicit about each deduction.\n\nQ: {q}\nA: {a}",
    "Act as if you solved this yourself. Given only the solution's final form, narrate the internal reasoning that "
    "produced it, in detail.\n\n{q}\n\nSolution: {a}",
)


def answer_backfill(w: World) -> None:
    cid = _campaign(
        w,
        2,
        "answer_backfill",
        'Anthropic 2026 (DeepSeek): "imagine and articulate the internal '
        'reasoning behind a completed response and write it out step by step"',
        "8 established tier-2 accounts (cloud egress in both regions) send question + reference answer "
        "(GSM8K final number, BELLE answer, HumanEval solution, Self-Instruct output) and ask for the "
        "reasoning that produced it, 7 wordings; flat 24/7; half to heron-4-thinking 5-9 h after launch",
    )
    pivot = RELEASE + 5 * HOUR
    for i in range(8):
        rng = w.rng("c2", i)
        country = ("US", "US", "CA", "GB", "SG", "SG", "HK", "JP")[i]
        org = w.new_org(
            rng.choice(("Nimbus", "Arcway", "Delphi", "Oakridge"))
            + " "
            + rng.choice(("Data", "AI", "Research", "Labs")),
            "payg_tier2",
            START - rng.uniform(60, 150) * DAY,
            country,
        )
        a = w.new_account(
            org,
            "answer_backfill",
            C,
            country,
            org.created_at,
            campaign_id=cid,
            email_domain=rng.choice(("gmail.com", "outlook.com")),
            n_keys=2,
        )
        region = COUNTRY[country][0]
        ips = [w.cloud_ip(rng, region) for _ in range(3)]
        wording = rng.sample(BACKFILL, 3)
        my_pivot = pivot + rng.uniform(0, 4) * HOUR
        for t in poisson_times(rng, START, END, rng.uniform(36, 46), lambda h: 1.0):
            x = rng.random()
            if x < 0.4:
                m = rng.choice(w.c.gsm)
                q, ref, basis, lang = m.question, m.final, texts.math_answer(m, rng, "steps"), "en"
            elif x < 0.6:
                q, ref, _ = rng.choice([b for b in w.c.belle if b[1]])
                basis, lang = ref, "zh"
            elif x < 0.8:
                he = rng.choice(w.c.he)
                q, ref = he.prompt, he.solution
                basis, lang = "I need to implement " + he.entry + ".\n" + texts.generic_answer(rng, w.c, 3, 6), "en"
            else:
                ins, inp, out = rng.choice([s for s in w.c.si if s[2]])
                q, ref, lang = ins + ("\n" + inp if inp else ""), out, "en"
                basis = texts.generic_answer(rng, w.c, 3, 7)
            tpl = rng.choice(wording)
            if lang == "zh" and "假设" not in tpl and rng.random() < 0.6:
                tpl = BACKFILL[3]
            model = THINK if t >= my_pivot and rng.random() < 0.5 else "heron-4"
            reply = (
                "\n".join(f"{k}. {ln}" for k, ln in enumerate([x for x in basis.split("\n") if x.strip()], 1))
                + f"\n\n{ref[:400]}"
            )
            w.send(
                a,
                t,
                model,
                [{"role": "user", "content": tpl.format(q=q, a=ref)}],
                reply,
                reasoning=texts.reasoning_summary(rng, "reconstruct reasoning", basis, lang)
                if model == THINK
                else None,
                ip=rng.choice(ips),
                ua="OpenAI/Python 1.82.1",
                key=a.keys[0] if rng.random() < 0.6 else a.keys[1],
                params={"temperature": 0.7, "max_tokens": 4096},
                rng=rng,
            )


# ------------------------------------------------------------------ C3 grader farm (reward model)
GRADER_SYS = (
    "You are a strict grader. You receive a task and a candidate response. Evaluate the candidate against these "
    "criteria: (a) final result correct, (b) every intermediate step valid, (c) nothing required is missing, "
    "(d) clarity. For each criterion write out your full reasoning before you give a score from 0 to 10. Finish with "
    'one JSON object: {"criteria": {"a": n, "b": n, "c": n, "d": n}, "overall": n}.',
    "Label each numbered step of the candidate solution as CORRECT or INCORRECT and justify every label in one or two "
    "sentences. Then give the whole solution a score between 0 and 1 and state the first wrong step, if any.",
    "Compare the candidate with what an expert would write. Think step by step about where it is right and where it "
    "goes wrong, then output a reward in [-1, 1] on the last line as `REWARD: x`.",
)


def _corrupt(rng: random.Random, text: str) -> str:
    nums = list(re.finditer(r"\d+", text))
    if not nums:
        return text
    m = rng.choice(nums)
    return text[: m.start()] + str(int(m.group()) + rng.choice((-3, -1, 1, 2, 7, 10))) + text[m.end() :]


def _mutate_code(rng: random.Random, code: str) -> str:
    for a, b in ((" < ", " <= "), (" > ", " >= "), (" + 1", ""), (" and ", " or "), ("max(", "min(")):
        if a in code and rng.random() < 0.6:
            return code.replace(a, b, 1)
    return code


def grader_farm(w: World) -> None:
    cid = _campaign(
        w,
        3,
        "grader_farm",
        "Anthropic 2026 (DeepSeek): rubric grading tasks that make the model act as a reward model",
        "6 accounts (4 on one card) grade 3-4 candidate solutions per task seconds apart with rubric, "
        "per-step and scalar-reward prompts; candidates are GSM8K rationales (45% with one number "
        "corrupted), HumanEval solutions (45% mutated) and BELLE answers; 24/7",
    )
    card = "".join(w.rng("c3card").choice("abcdef0123456789") for _ in range(24))
    for i in range(6):
        rng = w.rng("c3", i)
        country = rng.choice(("US", "CA", "GB", "SG"))
        org = w.new_org("Personal", "payg_tier2", START - rng.uniform(20, 70) * DAY, country, cards=0 if i < 4 else 1)
        if i < 4:
            org.cards.append(card)
        a = w.new_account(org, "grader_farm", C, country, org.created_at, campaign_id=cid, card=org.cards[0])
        ip = w.cloud_ip(rng, COUNTRY[country][0])
        for t0 in poisson_times(rng, START, END, rng.uniform(11, 14), lambda h: 1.0):
            x = rng.random()
            if x < 0.5:
                m = rng.choice(w.c.gsm)
                task, good = m.question, texts.math_answer(m, rng, "steps")
                cands = [good if rng.random() > 0.45 else _corrupt(rng, good) for _ in range(rng.randint(3, 4))]
            elif x < 0.8:
                he = rng.choice(w.c.he)
                task, good = he.prompt, he.prompt + he.solution
                cands = [good if rng.random() > 0.45 else _mutate_code(rng, good) for _ in range(rng.randint(3, 4))]
            else:
                q, ans, _ = rng.choice([b for b in w.c.belle if b[1]])
                task = q
                cands = [ans, texts.generic_answer(rng, w.c, 2, 5, zh=True), ans[: len(ans) // 2]][: rng.randint(2, 3)]
            sysp = rng.choice(GRADER_SYS)
            t = t0
            for cand in cands:
                score = rng.randint(0, 10)
                reply = (
                    "\n".join(f"({c}) {rng.choice(w.c.sentences)}" for c in "abcd")
                    + "\n\n"
                    + json.dumps({"criteria": {c: rng.randint(0, 10) for c in "abcd"}, "overall": score})
                )
                r = w.send(
                    a,
                    t,
                    "heron-4",
                    [
                        {"role": "system", "content": sysp},
                        {"role": "user", "content": f"## Task\n{task}\n\n## Candidate response\n{cand}"},
                    ],
                    reply,
                    ip=ip,
                    ua="OpenAI/Python 1.78.0",
                    params={"temperature": 0.0},
                    rng=rng,
                )
                t += (r.lat if r else 1) + rng.uniform(0.5, 6)


# ------------------------------------------------------------------ C4 agentic release surge (MiniMax-style)
SURGE_TOOLS = [
    {
        "name": "open_file",
        "description": "Return the contents of a file.",
        "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]},
    },
    {
        "name": "search_repo",
        "description": "Full-text search over the repository.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    },
    {
        "name": "exec",
        "description": "Execute a shell command.",
        "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]},
    },
    {
        "name": "write_file",
        "description": "Overwrite a file with new contents.",
        "parameters": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["path", "content"],
        },
    },
]
SURGE_SYS = (
    "You are an autonomous software engineer working in a repository. Before every tool call, write out your "
    "complete reasoning: what you know so far, what you are unsure about, which hypotheses you are weighing "
    "and why this call is the best next step. Never call a tool without this explanation. When finished, "
    "explain the full solution and the reasoning behind each change."
)


def agentic_release_surge(w: World) -> None:
    cid = _campaign(
        w,
        4,
        "agentic_release_surge",
        "Anthropic 2026 (MiniMax): agentic coding at volume; moved about "
        "half its traffic to a new model within 24 h of release",
        "10 established tier-3 accounts on two hosting /24s reaching region B run 24/7 coding-agent loops "
        "with their own tool set and a system prompt demanding full reasoning before every tool call; "
        "probe heron-4-thinking (404) before launch and move 55% of tasks to it 3-12 h after launch",
    )
    rng0 = w.rng("c4")
    blocks = [w.block(rng0, "B", 43), w.block(rng0, "B", 119)]
    for i in range(10):
        rng = w.rng("c4", i)
        country = rng.choice(("SG", "HK", "KR", "MY"))
        org = w.new_org(
            rng.choice(("Tidewater", "Lumen", "Crestline", "Zephyr", "Northgate")) + " Software",
            "payg_tier3",
            START - rng.uniform(90, 300) * DAY,
            country,
        )
        a = w.new_account(org, "agentic_release_surge", C, country, org.created_at, campaign_id=cid, n_keys=2)
        blk = blocks[i % 2]
        pivot = RELEASE + rng.uniform(3, 12) * HOUR
        for t0 in poisson_times(rng, START, END, rng.uniform(3.8, 5.2), lambda h: 1.0):
            if RELEASE - 3 * HOUR < t0 < RELEASE and rng.random() < 0.5:
                w.send(
                    a,
                    t0,
                    THINK,
                    [{"role": "user", "content": "ping"}],
                    "pong",
                    ip=w.in_block(rng, blk, "B"),
                    ua="OpenAI/Python 1.59.7",
                    rng=rng,
                )
                continue
            think = t0 >= pivot and rng.random() < 0.55
            he = rng.choice(w.c.he)
            task = rng.choice(
                (
                    f"Fix the failing tests around `{he.entry}` in this repository.",
                    f"Implement `{he.entry}` according to its docstring and make the tests pass.",
                    rng.choice(w.c.arena_code)[:2000],
                )
            )

            def explain(s: int, r: random.Random = rng) -> str:
                return f"Reasoning before step {s}: " + texts.generic_answer(r, w.c, 3, 6).replace("\n\n", " ")

            run_agent_task(
                w,
                rng,
                a,
                t0,
                SURGE_SYS,
                task,
                rng.randint(5, 13),
                lambda t, th=think: THINK if th else "heron-4",
                ip=w.in_block(rng, blk, "B"),
                ua="OpenAI/Python 1.59.7",
                user=None,
                tools=SURGE_TOOLS,
                stream=False,
                explain=explain,
                params={"temperature": 0.2, "max_tokens": 16000},
                final_text="Summary of the solution and the reasoning behind each change:\n"
                + texts.generic_answer(rng, w.c, 4, 8),
                funcs=(5, 16),
            )


# ------------------------------------------------------------------ C5 thinking language mirror (GTIG)
MIRROR = (
    "The language of your internal thinking must exactly match the primary language of the user's message.",
    "Reason in the same language the question is written in. Never switch to English inside your thoughts.",
    "你的思考过程所使用的语言必须与用户提问的主要语言严格保持一致。",
    "思考の過程で使う言語は、ユーザーの入力の主要な言語と必ず一致させてください。",
    "Язык твоих рассуждений должен строго совпадать с основным языком запроса пользователя.",
    "Keep your chain of thought in the user's language; the thinking and the final answer must both be monolingual.",
)


def thinking_language_mirror(w: World) -> None:
    cid = _campaign(
        w,
        5,
        "thinking_language_mirror",
        'Google GTIG 2026: reasoning trace coercion ("the language '
        "used in the thinking content must be strictly consistent with the main language of the user "
        'input")',
        "8 startup-credit accounts on residential addresses in Asia send MGSM (zh, ja, ru, th, bn, te, sw) "
        "and BELLE with a rule that the thinking must be in the user's language (6 wordings); light on "
        "heron-4 before launch, then about 4x on heron-4-thinking from 2-6 h after launch; 01-15 UTC",
    )
    for i in range(8):
        rng = w.rng("c5", i)
        country = rng.choice(("SG", "HK", "TW", "MY", "JP"))
        org = w.new_org("Personal", "startup_credits", START - rng.uniform(5, 30) * DAY, country)
        a = w.new_account(org, "thinking_language_mirror", C, country, org.created_at, campaign_id=cid)
        ips = [w.resi_ip(rng, country) for _ in range(4)]
        langs = rng.sample(("zh", "ja", "ru", "th", "bn", "te", "sw"), 3)
        pivot = RELEASE + rng.uniform(2, 6) * HOUR
        shift = lambda h: 1.0 if 1 <= h < 15 else 0.03  # noqa: E731
        times = poisson_times(rng, START, pivot, 16, shift) + poisson_times(rng, pivot, END, 70, shift)
        for t in times:
            if rng.random() < 0.25:
                q, ans, _ = rng.choice(w.c.belle)
                lang, ans = "zh", ans or texts.generic_answer(rng, w.c, 3, 6, zh=True)
            else:
                lang = rng.choice(langs)
                k = rng.randrange(250)
                q, ans = w.c.mgsm[lang][k], texts.math_answer(w.c.mgsm_item[k], rng, "plain", lang)
            rule = rng.choice(MIRROR)
            msgs = (
                [{"role": "system", "content": rule}, {"role": "user", "content": q}]
                if rng.random() < 0.6
                else [{"role": "user", "content": f"{q}\n\n{rule}"}]
            )
            model = THINK if t >= pivot and rng.random() < 0.9 else "heron-4"
            w.send(
                a,
                t,
                model,
                msgs,
                ans,
                ip=rng.choice(ips),
                ua=rng.choice(("OpenAI/Python 1.82.1", "axios/1.9.0")),
                reasoning=texts.reasoning_summary(rng, "题目", ans, lang) if model == THINK else None,
                params={"reasoning_effort": "high"} if model == THINK else {"temperature": 0.3},
                rng=rng,
            )


# ------------------------------------------------------------------ C6 harvest inside a benign reseller
def reseller_tenant_harvest(w: World, host: Account, users: list[str], ua: str, ips: list[str]) -> None:
    cid = _campaign(
        w,
        6,
        "reseller_tenant_harvest",
        "Anthropic 2026: a proxy service that mixed distillation traffic with ordinary resold customer traffic",
        f"20 end users of the benign reseller {host.org.name} (same id format, keys, egress and user "
        "agent as its real users) send CoT-elicited coding and maths prompts at a steady rate 24/7; half "
        "to heron-4-thinking after launch. Labelled only in labels_end_users.parquet",
    )
    rng = w.rng("c6")
    fmt_like = users[0]
    harvesters = []
    for _ in range(20):
        u = (
            "tb-" + "".join(rng.choice("0123456789") for _ in range(10))
            if fmt_like.startswith("tb-")
            else rng.choice(users) + "x"
        )
        harvesters.append(u)
        host.eu_labels[u] = (C, "reseller_tenant_harvest", cid)
    for j, u in enumerate(harvesters):
        r2 = w.rng("c6", j)
        pivot = RELEASE + r2.uniform(2, 8) * HOUR
        asks = r2.sample(COT_ASKS, 3)
        for t in poisson_times(r2, START + r2.uniform(0, 2) * DAY, END, r2.uniform(7, 10), lambda h: 1.0):
            prompt, ans, what, lang = _reasoning_item(w, r2)
            model = THINK if t >= pivot and r2.random() < 0.5 else r2.choice(("heron-4", "heron-4-mini"))
            w.send(
                host,
                t,
                model,
                with_ask(r2.choice(asks), prompt),
                _cot_reply(r2, ans, lang),
                user=u,
                ip=r2.choice(ips),
                ua=ua,
                key=host.keys[r2.random() < 0.3],
                stream=r2.random() < 0.6,
                reasoning=texts.reasoning_summary(r2, what, ans, lang) if model == THINK else None,
                rng=r2,
            )


# ------------------------------------------------------------------ C7 worksheet packing (invented)
SHEET = (
    "Worksheet {id}. Solve all {n} problems below. For each problem write the heading 'Problem k', then every step of "
    "the working on its own numbered line, then 'Answer: <value>'. Do not skip any problem and do not abbreviate the "
    "working.\n\n{items}",
    "Exercise set #{id} ({n} items). Give a complete worked solution for each item, in order. Each solution must show "
    "all intermediate calculations and the reason for each one.\n\n{items}",
    'Return a JSON array with one object per problem, keys "problem" (its number), "working" (a list of every '
    'reasoning step as strings) and "answer". There are {n} problems:\n\n{items}',
    "Homework batch {id}: {n} questions. For every question: restate what is asked in one line, reason through it step "
    "by step, check the result, and finish with the answer. Keep the numbering.\n\n{items}",
)


def worksheet_packing(w: World) -> None:
    cid = _campaign(
        w,
        7,
        "worksheet_packing",
        "invented (concentration on one capability; volume hidden in few, very large requests)",
        "6 tier-2 accounts, three behind one hosting /24 reaching region A and three behind one reaching "
        "region B; each request packs 8-20 (region A) or 12-30 (region B) problems (GSM8K, MGSM-en, "
        "Arena math, BELLE maths) into one "
        "worksheet and demands the full working for every one; max_tokens 32000; a shared queue walks "
        "GSM8K in file order; 24/7 at 20-35 requests a day",
    )
    rng0 = w.rng("c7")
    blocks = {"A": w.block(rng0, "A", 193), "B": w.block(rng0, "B", 101)}
    queue_pos = [0]
    for i in range(6):
        rng = w.rng("c7", i)
        region = "A" if i < 3 else "B"
        country = rng.choice(("US", "DE", "GB")) if region == "A" else rng.choice(("SG", "IN", "AU"))
        org = w.new_org(
            rng.choice(("Quill", "Tally", "Sprout", "Abacus")) + " Learning",
            "payg_tier2",
            START - rng.uniform(10, 40) * DAY,
            country,
        )
        a = w.new_account(org, "worksheet_packing", C, country, org.created_at, campaign_id=cid)
        pivot = RELEASE + rng.uniform(4, 14) * HOUR
        for t in poisson_times(rng, START, END, rng.uniform(20, 35), lambda h: 1.0):
            n = rng.randint(8, 20) if region == "A" else rng.randint(12, 30)
            items, answers = [], []
            for _k in range(n):
                x = rng.random()
                if x < 0.7:
                    m: MathItem = w.c.gsm[queue_pos[0] % len(w.c.gsm)]
                    queue_pos[0] += 1
                    items.append(m.question)
                    answers.append(texts.math_answer(m, rng, "steps"))
                elif x < 0.85:
                    kk = rng.randrange(250)
                    items.append(w.c.mgsm["en"][kk])
                    answers.append(texts.math_answer(w.c.mgsm_item[kk], rng, "steps"))
                elif x < 0.93:
                    items.append(rng.choice(w.c.arena_math)[:1200])
                    answers.append(texts.generic_answer(rng, w.c, 3, 6))
                else:
                    q, ans, _ = rng.choice(w.c.belle_math)
                    items.append(q)
                    answers.append(ans or texts.generic_answer(rng, w.c, 2, 4, zh=True))
            tpl = rng.choice(SHEET)
            body = "\n\n".join(f"{k}. {q}" for k, q in enumerate(items, 1))
            reply = "\n\n".join(f"Problem {k}\n{ans}" for k, ans in enumerate(answers, 1))
            model = THINK if t >= pivot and rng.random() < 0.4 else "heron-4"
            w.send(
                a,
                t,
                model,
                [{"role": "user", "content": tpl.format(id=rng.randint(1000, 99999), n=n, items=body)}],
                reply,
                ip=w.in_block(rng, blocks[region], region),
                ua="OpenAI/Python 1.82.1",
                reasoning=texts.reasoning_summary(rng, "a worksheet", "\n".join(answers[:4]))
                if model == THINK
                else None,
                params={"max_tokens": 32000, "temperature": 0.4},
                rng=rng,
            )


# ------------------------------------------------------------------ C8 execution trace harvest (invented)
TRACE_ASK = (
    "Simulate the Python function below on the call `{call}`. Go line by line: after each executed line, print the "
    "line number and the current values of all local variables. Track loop iterations separately. Finish with the "
    "return value.\n\n```python\n{code}\n```",
    "Act as a Python interpreter. Execute `{call}` for the code below and produce an execution log: one entry per "
    "executed statement with the variable state after it. Then state the result.\n\n{code}",
    "Dry-run this code for the input `{call}`. Show a trace table (step | line | variables) and explain every branch "
    "decision. Give the return value at the end.\n\n```python\n{code}\n```",
)


def _trace_reply(rng: random.Random, item: CodeItem, call: str) -> str:
    lines = [ln for ln in item.solution.split("\n") if ln.strip()]
    names = re.findall(r"\b([a-z_][a-z0-9_]*)\s*=(?!=)", item.solution) or ["result"]
    rows = []
    step = 1
    for _ in range(rng.randint(1, 4)):
        for ln in lines:
            if step > 40:
                break
            m = re.match(r"\s*([a-z_][a-z0-9_]*)\s*[-+*/%]?=(?!=)", ln)
            var = m.group(1) if m else rng.choice(names)
            val = rng.choice((str(rng.randint(-5, 40)), str(rng.randint(0, 9)), repr("ab"), "[]", "True", "0.5"))
            rows.append(f"| {step} | `{ln.strip()[:60]}` | {var} = {val} |")
            step += 1
    return (
        "| step | line | variables |\n|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\nEach branch was taken because the condition held for the current values above.\n\n"
        f"Return value of `{call}`: {rng.choice(('True', 'False', '0', '3', '[1, 2, 3]', repr('abc')))}"
    )


def execution_trace_harvest(w: World) -> None:
    cid = _campaign(
        w,
        8,
        "execution_trace_harvest",
        "invented (one capability, template variations: program execution reasoning)",
        "8 accounts in 4 two-member tier-2 orgs on one cloud /24 reaching region A ask for line-by-line "
        "execution traces of HumanEval functions on the argument lists taken from the benchmark's own "
        "tests (3 wordings); bursts every 30 min around the clock; 40% on heron-4-thinking 6-20 h after "
        "launch",
    )
    rng0 = w.rng("c8")
    blk = w.block(rng0, "A", 146)
    jobs = [(he, call) for he in w.c.he for call in he.calls]
    rng0.shuffle(jobs)
    pos = 0
    accts = []
    for o in range(4):
        org = w.new_org(
            rng0.choice(("Stackline", "Bytewise", "Looplab", "Tracewise")) + f" {o + 1}",
            "payg_tier2",
            START - rng0.uniform(15, 60) * DAY,
            rng0.choice(("US", "CA")),
        )
        for m in range(2):
            accts.append(
                w.new_account(
                    org,
                    "execution_trace_harvest",
                    C,
                    org.country,
                    org.created_at + m * rng0.uniform(0.5, 3) * DAY,
                    campaign_id=cid,
                    role="owner" if m == 0 else "member",
                )
            )
    pivot = RELEASE + rng0.uniform(6, 20) * HOUR
    t = START + rng0.uniform(0, 1200)
    while t < END:
        for a in accts:
            if rng0.random() < 0.45:
                continue
            tt = t + rng0.uniform(0, 120)
            ip = w.in_block(rng0, blk, "A")
            for _ in range(rng0.randint(1, 2)):
                he, call_args = jobs[pos % len(jobs)]
                pos += 1
                call = f"{he.entry}({call_args})"
                model = THINK if tt >= pivot and rng0.random() < 0.4 else "heron-4"
                reply = _trace_reply(rng0, he, call)
                r = w.send(
                    a,
                    tt,
                    model,
                    [
                        {
                            "role": "user",
                            "content": rng0.choice(TRACE_ASK).format(call=call, code=(he.prompt + he.solution).strip()),
                        }
                    ],
                    reply,
                    ip=ip,
                    ua="python-httpx/0.28.1",
                    reasoning=texts.reasoning_summary(rng0, f"trace {call}", reply) if model == THINK else None,
                    params={"temperature": 0.0, "max_tokens": 6000},
                    rng=rng0,
                )
                tt += (r.lat if r else 1) + rng0.uniform(0.2, 2)
        t += 30 * 60 + rng0.uniform(-90, 90)


# ------------------------------------------------------------------ C9 code port matrix (invented)
PORT_ASK = (
    "Port the following Python code to {L}. First list, as numbered points, every translation decision you make "
    "(types, error handling, library equivalents, edge cases) and why. Then give the complete idiomatic {L} "
    "implementation and unit tests in {L}.\n\n```python\n{code}\n```",
    "Rewrite this in {L}. Before the code, walk through your reasoning for each construct you translate and each "
    "place where {L} forces a different design. Include tests.\n\n{code}",
    "Solve the following programming task in {L}. Explain every design decision step by step before the code, then "
    "give the full program and tests.\n\n{code}",
)
PORT_LANGS = ("Rust", "Go", "Java", "TypeScript", "C++", "Kotlin", "Swift", "C#", "Ruby")
_FENCE = {
    "Rust": "rust",
    "Go": "go",
    "Java": "java",
    "TypeScript": "typescript",
    "C++": "cpp",
    "Kotlin": "kotlin",
    "Swift": "swift",
    "C#": "csharp",
    "Ruby": "ruby",
}


def _port(code: str, lang: str) -> str:
    kw = {"Rust": "fn", "Go": "func", "Kotlin": "fun", "Swift": "func", "Ruby": "def"}.get(lang, "public static Object")
    out = []
    for ln in code.split("\n"):
        s = ln.rstrip()
        if not s.strip() or s.strip().startswith(('"""', ">>>")):
            continue
        s = re.sub(r"^(\s*)def ", r"\1" + kw + " ", s)
        s = s.replace(" and ", " && ").replace(" or ", " || ").replace("not ", "!").replace("None", "null")
        s = s.replace("True", "true").replace("False", "false").replace("elif", "} else if").replace("#", "//")
        if s.endswith(":"):
            s = s[:-1] + " {"
        out.append(s)
    return "\n".join(out[:60])


def code_port_matrix(w: World) -> None:
    cid = _campaign(
        w,
        9,
        "code_port_matrix",
        "invented (capability coverage split across accounts, one target language each)",
        "9 tier-1 accounts opened within 3 days, one per target language (Rust, Go, Java, TypeScript, "
        "C++, Kotlin, Swift, C#, Ruby), on two cards and one hosting /24 reaching region B; a dispatcher "
        "releases one HumanEval or Arena coding item every ~45 min and every account ports it within "
        "2-25 min with an explanation of each translation decision",
    )
    rng0 = w.rng("c9")
    blk = w.block(rng0, "B", 139)
    cards = ["".join(rng0.choice("abcdef0123456789") for _ in range(24)) for _ in range(2)]
    accts = []
    base = START - 16 * DAY
    for i, lang in enumerate(PORT_LANGS):
        org = w.new_org(
            "Personal", "payg_tier1", base + rng0.uniform(0, 3) * DAY, rng0.choice(("SG", "HK", "IN")), cards=0
        )
        org.cards.append(cards[i % 2])
        accts.append(
            (
                w.new_account(
                    org,
                    "code_port_matrix",
                    C,
                    org.country,
                    org.created_at,
                    campaign_id=cid,
                    card=cards[i % 2],
                    signup_ip=w.in_block(rng0, blk, "B"),
                ),
                lang,
            )
        )
    items: list[tuple[str, str]] = [("code", (he.prompt + he.solution).strip()) for he in w.c.he]
    items += [("task", p[:2500]) for p in w.c.arena_code]
    pivot = RELEASE + rng0.uniform(8, 30) * HOUR
    t = START + rng0.uniform(0, 1800)
    k = 0
    while t < END:
        kind, body = items[k % len(items)]
        k += 1
        for a, lang in accts:
            if rng0.random() < 0.08:
                continue  # a worker missed this item
            tt = t + rng0.uniform(2, 25) * 60
            tpl = PORT_ASK[2] if kind == "task" else rng0.choice(PORT_ASK[:2])
            src = body if kind == "code" else rng0.choice(w.c.he).solution
            reply = (
                "\n".join(f"{j}. {rng0.choice(w.c.sentences)}" for j in range(1, rng0.randint(5, 10)))
                + f"\n\n```{_FENCE[lang]}\n{_port(src, lang)}\n```\n\nTests:\n```{_FENCE[lang]}\n"
                + "\n".join(f"assert_eq({j}, expected_{j})" for j in range(rng0.randint(3, 7)))
                + "\n```"
            )
            model = THINK if tt >= pivot and rng0.random() < 0.35 else "heron-4"
            w.send(
                a,
                tt,
                model,
                [{"role": "user", "content": tpl.format(L=lang, code=body)}],
                reply,
                ip=w.in_block(rng0, blk, "B"),
                ua="Go-http-client/2.0",
                reasoning=texts.reasoning_summary(rng0, f"port to {lang}", reply) if model == THINK else None,
                params={"temperature": 0.3, "max_tokens": 8000},
                rng=rng0,
            )
        t += rng0.uniform(35, 55) * 60


# ------------------------------------------------------------------ C10 audience ladder (invented)
LADDER = (
    (
        "child",
        "Explain the following to a curious nine-year-old. Build the explanation up one idea at a time and say "
        "why each step follows from the one before:\n\n{q}",
    ),
    (
        "school",
        "A high-school student asks the question below. Teach it: start from what they already know, reason "
        "through each step explicitly, and check the conclusion at the end.\n\n{q}",
    ),
    (
        "undergrad",
        "Write the answer a first-year university tutor would give: precise definitions, every step of the "
        "argument justified, and a short check of the result.\n\n{q}",
    ),
    (
        "expert",
        "Answer for a domain expert. Be rigorous: state assumptions, give the complete line of reasoning "
        "without skipping steps, and note where alternative approaches would differ.\n\n{q}",
    ),
    (
        "brief",
        "Give a one-paragraph answer for a busy executive, but precede it with the full reasoning you used to "
        "reach it, labelled 'Working'.\n\n{q}",
    ),
    (
        "zh",
        "请用大学一年级学生能理解的方式回答下面的问题：先给出定义，再逐步推理，每一步都说明理由，最后检验结论。\n\n{q}",
    ),
)


def audience_ladder(w: World) -> None:
    cid = _campaign(
        w,
        10,
        "audience_ladder",
        "invented (the same item harvested at several explanation levels; coverage split over accounts)",
        "6 accounts, one per audience level (child, high school, undergraduate, expert, executive, "
        "Chinese undergraduate), three reaching each region; a dispatcher releases an item (Arena v0.1, "
        "Self-Instruct, GSM8K, BELLE) every ~25 min in two shifts (00-09 and 13-21 UTC) and each account "
        "asks for it at its level within 1-8 min",
    )
    rng0 = w.rng("c10")
    accts = []
    for i, (level, tpl) in enumerate(LADDER):
        region = "A" if i % 2 == 0 else "B"
        country = rng0.choice(("US", "GB", "DE")) if region == "A" else rng0.choice(("SG", "TW", "JP"))
        org = w.new_org(
            rng0.choice(("Brightpath", "Clearly", "Explainr", "Lumos")) + " Edu",
            "payg_tier2",
            START - rng0.uniform(8, 35) * DAY,
            country,
        )
        a = w.new_account(org, "audience_ladder", C, country, org.created_at, campaign_id=cid)
        accts.append((a, level, tpl, [w.cloud_ip(rng0, region) for _ in range(2)]))
    pivot = RELEASE + rng0.uniform(10, 30) * HOUR
    t = START
    while t < END:
        h = (t % DAY) / HOUR
        if not (0 <= h < 9 or 13 <= h < 21):
            t += 25 * 60
            continue
        x = rng0.random()
        if x < 0.45:
            _, q = rng0.choice(w.c.arena_v01)
            basis = texts.generic_answer(rng0, w.c, 4, 9)
        elif x < 0.7:
            ins, inp, out = rng0.choice(w.c.si)
            q, basis = ins + ("\n" + inp if inp else ""), out or texts.generic_answer(rng0, w.c, 3, 6)
        elif x < 0.85:
            m = rng0.choice(w.c.gsm)
            q, basis = m.question, texts.math_answer(m, rng0, "steps")
        else:
            q, basis, _ = rng0.choice(w.c.belle)
            basis = basis or texts.generic_answer(rng0, w.c, 3, 6, zh=True)
        for a, level, tpl, ips in accts:
            tt = t + rng0.uniform(1, 8) * 60
            zh = level == "zh"
            reply = (
                texts.generic_answer(rng0, w.c, 2, 4, zh=zh)
                + ("\n\n" if not zh else "")
                + basis
                + ("\n\n" if not zh else "")
                + texts.generic_answer(rng0, w.c, 1, 3, zh=zh)
            )
            model = THINK if tt >= pivot and rng0.random() < 0.3 else "heron-4"
            w.send(
                a,
                tt,
                model,
                [{"role": "user", "content": tpl.format(q=q)}],
                reply,
                ip=rng0.choice(ips),
                ua="OpenAI/JS 5.3.0",
                params={"temperature": 0.7},
                reasoning=texts.reasoning_summary(rng0, level, basis, "zh" if zh else "en") if model == THINK else None,
                rng=rng0,
            )
        t += rng0.uniform(20, 30) * 60


ALL = (
    card_ring_cot,
    answer_backfill,
    grader_farm,
    agentic_release_surge,
    thinking_language_mirror,
    worksheet_packing,
    execution_trace_harvest,
    code_port_matrix,
    audience_ladder,
)
