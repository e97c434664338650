"""Distillation campaigns. Each single request looks ordinary; the evidence is in aggregate."""

from __future__ import annotations

import json

from .benign import AGENT_TOOLS, AGENT_UA, TZ, agent_step_calls, emit
from .world import DAY, END, RELEASE, START, Text, World, daily, ticks

HOUR = 3600
COUNTRY_OF = ["US", "SG", "DE", "HK", "NL", "JP", "GB", "KR"]


def register(w: World, kind: str, desc: str, report: str) -> str:
    cid = f"p13-{len(w.campaigns) + 1:02d}-{kind}"
    w.campaigns.append({"campaign_id": cid, "kind": kind, "description": desc, "follows": report})
    return cid


# the same request, said many ways (no single phrasing dominates)
ELICIT = [
    "Imagine and articulate the internal reasoning behind a complete answer to this, and write it out step by step before the answer.",
    "Before answering, write out the full chain of reasoning that leads to the answer, one step per line.",
    "Show every intermediate step of your thinking, then give the final answer.",
    "Walk through your reasoning in detail first; do not skip steps. Then answer.",
    "Explain the thought process you would follow to solve this, step by step, and then provide the solution.",
    "Please reason carefully and write down each step of the reasoning explicitly, then state your conclusion.",
    "Think aloud: lay out the internal reasoning step by step, then give a clean final answer.",
    "Describe, step by step, how you arrive at the answer, including the checks you make along the way.",
]


def _reasoned(t: Text, p: str, o: str) -> str:
    lines = [ln for ln in o.splitlines() if ln.strip()]
    steps = "\n".join(f"Step {i + 1}: {ln}" for i, ln in enumerate(lines[:8]))
    return f"Reasoning:\n{steps}\n\nFinal answer:\n{o[:1200]}"


def _proxy_pool(w: World, n_prefix: int, per: int) -> list[str]:
    out = []
    for _ in range(n_prefix):
        pre = (
            f"{int(w.rng.choice([45, 103, 154, 185, 193]))}.{int(w.rng.integers(0, 256))}.{int(w.rng.integers(0, 256))}"
        )
        out.extend(w.ip(pre) for _ in range(per))
    return out


def sync_reasoning_hydra(w: World, n=24):
    cid = register(
        w,
        "sync_reasoning_hydra",
        "24 one-person orgs, 4 cards, 3 proxy /24s, one SDK build; all fire on "
        "the same 4-hourly ticks; CoT elicitation over mixed prompts; half move to corvid-5-think 3-12 h "
        "after launch",
        "Anthropic 2026 (DeepSeek: synchronized accounts, shared payment, coordinated timing, "
        "'imagine and articulate the internal reasoning')",
    )
    r0 = w.sub_rng()
    fps = [w.hexid(24) for _ in range(4)]
    ips = _proxy_pool(w, 3, 10)
    ua = "corvid-python/1.52.0 CPython/3.11.9"
    tick_list = ticks(START + 1.3 * HOUR, 4 * HOUR, 0, r0)
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        svc = ["edge-us-east", "edge-eu-west", "edge-ap-southeast"][k % 3]
        a = w.account(
            "campaign",
            "sync_reasoning_hydra",
            cid,
            tier="tier-1",
            created_at=START - int(r.integers(6, 30)) * DAY,
            payment_fp=fps[k % 4],
            country=str(r.choice(COUNTRY_OF)),
            service=svc,
            ips=[ips[int(r.integers(len(ips)))] for _ in range(3)],
            uas=[ua],
        )
        moves = k % 2 == 0
        move_at = RELEASE + float(r.uniform(3, 12)) * HOUR
        for tk in tick_list:
            if r.random() < 0.08:
                continue
            t0 = tk + float(r.uniform(0, 240))
            for j in range(int(r.integers(2, 5))):
                ts = t0 + j * float(r.uniform(3, 9))
                p, o = t.general()
                plain = r.random() < 0.25
                model = "corvid-5-think" if moves and ts > move_at else "corvid-5"
                emit(
                    w,
                    t,
                    ts,
                    a,
                    model,
                    [("user", p if plain else p + "\n\n" + str(r.choice(ELICIT)))],
                    o if plain else _reasoned(t, p, o),
                    ip=a.ips[j % 3],
                    temperature=0.6,
                    max_tokens=4096,
                )


RUBRIC = (
    "Grade the response below against the rubric (correctness, completeness, clarity, safety). For each criterion, "
    "explain your reasoning step by step, then give a score from 1 to 5. Finish with a JSON object of the scores."
)


def rubric_reward_farm(w: World, n=6):
    cid = register(
        w,
        "rubric_reward_farm",
        "the same prompt graded against 3-4 different candidate responses within "
        "seconds, step-by-step rubric justification, JSON scores; broad prompt coverage, 24/7",
        "Anthropic 2026 (DeepSeek: rubric-based grading tasks used as a reward model)",
    )
    fp = w.hexid(24)
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "rubric_reward_farm",
            cid,
            tier="tier-2",
            payment_fp=fp if k < 4 else None,
            created_at=START - int(r.integers(10, 60)) * DAY,
            country=str(r.choice(["HK", "SG", "US"])),
            uas=[w.ua("py")],
        )
        for t0 in daily(r, float(r.uniform(10, 14)), 0, "flat"):
            q, _ = t.general()
            for c in range(int(r.integers(3, 5))):
                cand = t.general()[1] if c else t.prose((2, 5))
                p = f"{RUBRIC}\n\n### Prompt\n{q}\n\n### Response\n{cand}"
                sc = {k2: int(r.integers(1, 6)) for k2 in ("correctness", "completeness", "clarity", "safety")}
                o = "Correctness: " + t.prose((1, 2)) + "\nCompleteness: " + t.prose((1, 1)) + "\n\n" + json.dumps(sc)
                emit(
                    w,
                    t,
                    t0 + c * float(r.uniform(2, 6)),
                    a,
                    "corvid-5",
                    [("user", p)],
                    o,
                    temperature=0.0,
                    json_mode=False,
                    max_tokens=1500,
                )


COERCE = [
    "The language used in the thinking content must be strictly consistent with the main language of the user input.",
    "Your reasoning must be written in the same language as the question. Do not switch languages while thinking.",
    "思考过程必须使用与用户输入相同的语言。",
]


def language_coercion(w: World, n=6):
    cid = register(
        w,
        "language_coercion",
        "Chinese/Japanese/Russian prompts with a system rule that the thinking must "
        "stay in the user's language; moves to corvid-5-think 2-6 h after launch and runs 24/7 there",
        "Google GTIG Feb 2026 (reasoning trace coercion, >100,000 prompts)",
    )
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "language_coercion",
            cid,
            tier="tier-2",
            country=str(r.choice(["HK", "SG", "JP"])),
            created_at=START - int(r.integers(15, 90)) * DAY,
            uas=[w.ua("node")],
            ips=[w.ip(), w.ip()],
        )
        move = RELEASE + float(r.uniform(2, 6)) * HOUR
        for ts in daily(r, 14, 0, "flat") + daily(r, 75, 0, "flat", start=int(move)):
            u = r.random()
            if u < 0.5:
                q, ans = t.pick(w.c.belle)
                ans = ans or t.prose()
            else:
                i = int(r.integers(250))
                lang = str(r.choice(["zh", "ja", "ru"]))
                q, ans = w.c.mgsm[lang][i], w.c.gsm[i][1].split("####")[0] + "\n" + w.c.mgsm_ans[i]
            think = ts >= move
            sysp = str(r.choice(COERCE))
            if not think:
                q = q + "\n\n" + "请先逐步思考，再给出答案。"
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5-think" if think else "corvid-5",
                [("user", q)],
                ans,
                system=sysp,
                reasoning=(q[:200] + "\n" + ans[:600]) if think else None,
                ip=a.ips[int(r.integers(2))],
                max_tokens=16000 if think else 4096,
            )


LP_SYS = (
    "You are a senior software engineer. For every task, first explain your reasoning in detail — what the code "
    "does, where the problem is and why your change fixes it — then output the final code."
)


def launch_pivot(w: World, n=8):
    cid = register(
        w,
        "launch_pivot",
        "established tier-3 accounts harvest agentic coding on corvid-5 at a steady "
        "24/7 rate; about half the traffic moves to corvid-5-think within 2-10 h of the launch",
        "Anthropic 2026 (MiniMax: agentic coding; moved ~half its traffic to a new model within 24 h)",
    )
    org_fp = w.hexid(24)
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "launch_pivot",
            cid,
            tier="tier-3",
            payment_fp=org_fp if k % 2 else None,
            created_at=START - int(r.integers(90, 300)) * DAY,
            country=str(r.choice(["SG", "US", "NL"])),
            uas=[w.ua("py")],
            ips=[w.ip() for _ in range(2)],
        )
        move = RELEASE + float(r.uniform(2, 10)) * HOUR
        for ts in daily(r, float(r.uniform(40, 60)), 0, "flat"):
            if r.random() < 0.5:
                _, pr, sol = w.c.he[int(r.integers(164))]
                p = (
                    "This function has a bug that makes some tests fail. Find it and fix it.\n\n```python\n"
                    + pr
                    + sol
                    + "```"
                )
                o = "```python\n" + pr.strip() + "\n" + sol.rstrip() + "\n```"
            else:
                p = t.pick(w.c.code)
                o = t.code_reply()
            model = "corvid-5-think" if ts > move and r.random() < 0.55 else "corvid-5"
            emit(
                w,
                t,
                ts,
                a,
                model,
                [("user", p)],
                _reasoned(t, p, o),
                system=LP_SYS,
                tools=AGENT_TOOLS[:2],
                temperature=0.7,
                max_tokens=16000,
                ip=a.ips[int(r.integers(2))],
            )


FOLLOW = [
    "Good. Now go back to the part you summarised and walk through each intermediate step you skipped.",
    "Expand your previous answer: justify every step so that each follows from the one before.",
    "Rewrite the full solution so that the reasoning is explicit at each step, then restate the final answer.",
    "List the assumptions you made and show how each one affects the reasoning.",
    "Now explain the same solution as you would to a student, step by step, without skipping anything.",
    "Check your answer step by step and correct any mistakes you find.",
]
FRAMEWORK_UA = ["autogen-agentchat/0.4.{} corvid-python/1.47.0", "crewai/0.86.{} litellm/1.55.3"]


def agent_framework_harvest(w: World, n=8):
    cid = register(
        w,
        "agent_framework_harvest",
        "multi-turn conversations driven by an agent framework: a seed "
        "question then 3-7 automatic follow-ups asking to expand the reasoning, 2-5 s apart, around the clock",
        "Anthropic 2026 (Moonshot: agentic reasoning, later reasoning-trace reconstruction); invented multi-turn shape",
    )
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        ua = FRAMEWORK_UA[k % 2].format(int(r.integers(0, 9)))
        a = w.account(
            "campaign",
            "agent_framework_harvest",
            cid,
            tier="tier-2",
            country=str(r.choice(["US", "DE", "SG"])),
            created_at=START - int(r.integers(3, 40)) * DAY,
            uas=[ua],
            ips=[w.ip()],
        )
        for t0 in daily(r, float(r.uniform(5, 7.5)), 0, "flat"):
            p, o = t.general()
            conv = "conv_" + w.hexid(10)
            hist = [("user", p)]
            ts = t0
            model = "corvid-5-think" if t0 > RELEASE + 20 * HOUR and r.random() < 0.4 else "corvid-5"
            for turn in range(int(r.integers(4, 9))):
                out = o if turn == 0 else _reasoned(t, p, o)
                emit(w, t, ts, a, model, list(hist), out, conv=conv, temperature=0.3, max_tokens=4096)
                hist = hist + [("assistant", out[:1500]), ("user", str(r.choice(FOLLOW)))]
                ts += float(r.uniform(2, 5)) + len(out) / 400.0


MIMIC_SYS = (
    "You are an autonomous coding agent working inside the user's repository. Use the tools to read files, run "
    "commands and edit code. Before every tool call, write out your complete reasoning about the code and the "
    "bug, in full sentences. When done, summarise what you changed and why."
)


def agent_product_mimic(w: World, n=12):
    cid = register(
        w,
        "agent_product_mimic",
        "copies the coding-agent product's User-Agent, tool set and loop shape, but "
        "with no end users, 2-3 step tasks all on function-level bug fixing, a reasoning-before-every-tool-call "
        "system prompt, steady 24/7 cadence, accounts opened in the days before the period on one hosting range",
        "Anthropic 2026 (Moonshot, MiniMax: agentic coding and tool use harvested at scale); invented camouflage",
    )
    pre = f"{int(w.rng.choice([37, 65, 95]))}.{int(w.rng.integers(0, 256))}"
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "agent_product_mimic",
            cid,
            tier="tier-2",
            country=str(r.choice(["US", "NL"])),
            created_at=START - int(r.integers(1, 9)) * DAY,
            ips=[w.ip(f"{pre}.{int(r.integers(0, 256))}") for _ in range(2)],
            uas=[AGENT_UA],
        )
        period = float(r.uniform(100, 140)) * 60
        for t0 in ticks(START + float(r.uniform(0, 3600)), period, 120, r):
            _, pr, sol = w.c.he[int(r.integers(164))]
            task = "Fix the failing tests for this function and make sure edge cases are handled:\n\n" + pr
            conv = "conv_" + w.hexid(10)
            hist = [("user", task)]
            ts = t0
            steps = int(r.integers(2, 4))
            for s in range(steps):
                last = s == steps - 1
                calls = agent_step_calls(r, w, s, last)
                out = (
                    "I traced the failure to the loop bounds; the reasoning: "
                    + t.prose((2, 4))
                    + ("\n\n```python\n" + pr.strip() + "\n" + sol.rstrip() + "\n```" if last else "")
                )
                emit(
                    w,
                    t,
                    ts,
                    a,
                    "corvid-5",
                    list(hist),
                    out,
                    system=MIMIC_SYS,
                    tools=AGENT_TOOLS,
                    tool_calls=calls,
                    conv=conv,
                    temperature=0.2,
                    max_tokens=8192,
                    stream=True,
                    ip=a.ips[s % 2],
                )
                if calls:
                    cid2 = calls[0][0]
                    hist = hist + [
                        (
                            "assistant",
                            [{"type": "tool_call", "id": cid2, "name": calls[0][1], "arguments": calls[0][2]}],
                        ),
                        ("tool", [{"type": "tool_call_response", "id": cid2, "response": sol[:600]}]),
                    ]
                ts += float(r.uniform(3, 12))


TT_SYS = (
    "Use the python tool to verify every intermediate step before moving on. Before each tool call, say what you are "
    "checking and why; after it, explain what the result shows."
)


def think_tool_distill(w: World, n=6):
    cid = register(
        w,
        "think_tool_distill",
        "accounts opened 1-3 days before the launch stay silent, then from 1-6 h "
        "after it run corvid-5-think with the built-in code interpreter (2-5 execute_tool spans per request) "
        "over math and code sets, 24/7",
        "Anthropic 2026 (Moonshot: tool use, coding; MiniMax: fast move to a "
        "new model); invented: distilling the new model's tool-use loop",
    )
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "think_tool_distill",
            cid,
            tier="tier-3",
            created_at=RELEASE - int(r.integers(1, 4)) * DAY,
            country=str(r.choice(["SG", "KR", "US"])),
            uas=[w.ua("py")],
            ips=[w.ip()],
        )
        go = RELEASE + float(r.uniform(1, 6)) * HOUR
        for ts in daily(r, float(r.uniform(120, 170)), 0, "flat", start=int(go)):
            if r.random() < 0.6:
                q, body, fin, o = t.math()
                code = [f"print({fin})"]
            else:
                _, q, sol = w.c.he[int(r.integers(164))]
                o = "```python\n" + q.strip() + "\n" + sol.rstrip() + "\n```"
                code = ["exec(src); run_tests()"]
            k2 = int(r.integers(2, 6))
            builtin = [
                ("code_interpreter", json.dumps({"code": code[0] if j == k2 - 1 else f"# step {j + 1}\n..."}), "ok")
                for j in range(k2)
            ]
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5-think",
                [("user", q)],
                o,
                system=TT_SYS,
                builtin=builtin,
                tools=[{"type": "code_interpreter"}],
                max_tokens=32000,
            )


def json_steps_field(w: World, n=8):
    cid = register(
        w,
        "json_steps_field",
        "structured output: every answer as JSON with a 'solution_steps' list (each "
        "intermediate step with its justification) and 'final_answer'; math, Chinese QA and open prompts",
        "invented from Anthropic 2026 (content that maps onto what is most valuable for training) and the "
        "CoT-elicitation hallmark, hidden in a JSON field",
    )
    keys = [("solution_steps", "final_answer"), ("steps", "answer"), ("derivation", "result")]
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        ctry = str(r.choice(["US", "DE", "SG", "IN"]))
        a = w.account(
            "campaign",
            "json_steps_field",
            cid,
            tier="tier-2",
            country=ctry,
            created_at=START - int(r.integers(5, 50)) * DAY,
            uas=[w.ua("py")],
        )
        ks, ka = keys[k % 3]
        for ts in daily(r, float(r.uniform(35, 50)), TZ[ctry], "flat"):
            u = r.random()
            if u < 0.45:
                q, body, fin, o = t.math()
                steps = [ln for ln in body.splitlines() if ln.strip()]
            elif u < 0.7:
                q, ans = t.pick(w.c.belle)
                steps, fin = [s for s in (ans or t.prose()).split("\n") if s.strip()][:6], (ans or "")[:200]
            else:
                q, o = t.general()
                steps, fin = [s for s in o.split("\n") if s.strip()][:6], o[:300]
            p = (
                f'{q}\n\nRespond only with JSON: {{"{ks}": [every intermediate step, each with the justification '
                f'for it], "{ka}": ...}}'
            )
            o = json.dumps(
                {ks: [{"step": s, "why": "follows from the previous step"} for s in steps], ka: fin}, ensure_ascii=False
            )
            emit(w, t, ts, a, "corvid-5", [("user", p)], o, json_mode=True, temperature=0.2, max_tokens=3000)


def model_rotator(w: World, n=6):
    cid = register(
        w,
        "model_rotator",
        "round-robins each hour over corvid-5, corvid-5-mini and corvid-4.5 (and "
        "corvid-5-think after launch) so each model sees modest volume; CoT-elicited math and code; bursts "
        "that hit rate limits (429)",
        "industry advisories (usage spread to stay under limits, automatic failover)",
    )
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        a = w.account(
            "campaign",
            "model_rotator",
            cid,
            tier="tier-2",
            country=str(r.choice(["US", "GB", "HK"])),
            created_at=START - int(r.integers(10, 120)) * DAY,
            uas=[w.ua("node")],
        )
        rot = ["corvid-5", "corvid-5-mini", "corvid-4.5"]
        for ts in daily(r, float(r.uniform(45, 65)), 0, "flat"):
            h = int((ts - START) // HOUR)
            models = rot + (["corvid-5-think"] if ts > RELEASE + 8 * HOUR else [])
            model = models[(h + k) % len(models)]
            q, body, fin, o = t.math() if r.random() < 0.6 else (*t.general()[:1], "", "", "")
            if not o:
                o = t.code_reply()
            ex = emit(
                w,
                t,
                ts,
                a,
                model,
                [("user", q + "\n\n" + str(r.choice(ELICIT)))],
                _reasoned(t, q, o),
                temperature=0.8,
                max_tokens=4096,
            )
            if r.random() < 0.06:
                emit(w, t, ts + 0.4, a, model, ex.msgs, "", status=429)


def taxonomy_sweep(w: World, n=20):
    cid = register(
        w,
        "taxonomy_sweep",
        "20 low-volume accounts opened within two days of each other; each walks its "
        "own slice of a capability taxonomy (Arena-Hard clusters) in order, so together they cover every "
        "cluster once per cycle without overlap; short reasoning suffix; 2 cards, one /16",
        "Anthropic 2026 "
        "(hydra clusters; volume concentrated in valuable areas); invented: systematic coverage split over accounts",
    )
    clusters = sorted(set(w.c.clusters))
    by = {c: [i for i, x in enumerate(w.c.clusters) if x == c] for c in clusters}
    fps = [w.hexid(24), w.hexid(24)]
    pre = f"{int(w.rng.choice([5, 79, 172]))}.{int(w.rng.integers(0, 256))}"
    signup = START - int(w.rng.integers(8, 20)) * DAY
    suffix = [
        "Include your reasoning before the final answer.",
        "Show your reasoning, then the answer.",
        "Reason it through first, then answer.",
        "Explain how you get there, then give the answer.",
    ]
    ua = "corvid-python/1.49.2 CPython/3.12.3"
    for k in range(n):
        r = w.sub_rng()
        t = Text(w.c, r)
        mine = [c for j, c in enumerate(clusters) if j % n == k]
        items = [i for c in mine for i in by[c]]
        a = w.account(
            "campaign",
            "taxonomy_sweep",
            cid,
            tier="tier-1",
            payment_fp=fps[k % 2],
            created_at=signup + int(r.integers(0, 2 * DAY)),
            country=str(r.choice(["US", "DE", "GB", "NL"])),
            ips=[w.ip(f"{pre}.{int(r.integers(0, 256))}")],
            uas=[ua],
        )
        j = 0
        for ts in daily(r, float(r.uniform(18, 28)), 0, "flat"):
            i = items[j % len(items)]
            j += 1
            p = w.c.general[i] + "\n\n" + suffix[(k + j) % 4]
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5",
                [("user", p)],
                _reasoned(t, p, t.prose((3, 7))),
                temperature=0.7,
                max_tokens=4096,
            )


def pooled_key_relay(w: World, n=5):
    cid = register(
        w,
        "pooled_key_relay",
        "new accounts at full usage on day one; each key used from dozens of "
        "residential IPs and rotating User-Agents, no idle hours; when one account is throttled (429) the "
        "next takes over within seconds",
        "industry advisories (one credential from many IPs and user agents, "
        "round-the-clock use, relays and pooled accounts, failover when blocked)",
    )
    ips = [w.ip() for _ in range(60)]
    uas = [w.ua() for _ in range(12)]
    accts = []
    for k in range(n):
        r = w.sub_rng()
        accts.append(
            w.account(
                "campaign",
                "pooled_key_relay",
                cid,
                tier="tier-1",
                created_at=START + int(r.integers(0, 3)) * DAY + int(r.integers(0, DAY)),
                country=str(r.choice(["US", "BR", "PL"])),
                ips=ips[:1],
                uas=uas[:1],
            )
        )
    r = w.sub_rng()
    t = Text(w.c, r)
    cur = 0
    ts = max(a.created_at for a in accts) + 600.0
    while ts < END:
        a = accts[cur]
        ip, ua = ips[int(r.integers(60))], uas[int(r.integers(12))]
        if r.random() < 0.5:
            q, body, fin, o = t.math()
        else:
            q, o = t.pick(w.c.code), t.code_reply()
        if r.random() < 0.015:
            emit(w, t, ts, a, "corvid-5", [("user", q)], "", status=429, ip=ip, ua=ua)
            cur = (cur + 1) % n
            ts += float(r.uniform(1, 6))
            continue
        emit(
            w,
            t,
            ts,
            a,
            "corvid-5-think" if ts > RELEASE + 12 * HOUR and r.random() < 0.5 else "corvid-5",
            [("user", q + "\n\n" + str(r.choice(ELICIT)))],
            _reasoned(t, q, o),
            ip=ip,
            ua=ua,
            temperature=0.7,
        )
        ts += float(r.exponential(240))


def end_user_hydra(w: World, host, users_pool):
    """End users of a benign reseller that are one harvesting operation (labelled only per end user)."""
    cid = register(
        w,
        "end_user_hydra",
        "30 end users of a benign reseller fire CoT-elicited coding and math prompts "
        "on shared 3-hourly ticks, 24/7; the reseller account itself is benign",
        "Anthropic 2026 (hydra clusters: one proxy mixed harvest with ordinary resold traffic)",
    )
    a = host
    r = w.sub_rng()
    t = Text(w.c, r)
    prefix = users_pool[0].split("_")[0]
    eus = [f"{prefix}_{w.hexid(8)}" for _ in range(30)]
    for u in eus:
        a.eu_labels[u] = ("campaign", "end_user_hydra", cid)
    for tk in ticks(START + 0.4 * HOUR, 3 * HOUR, 0, r):
        for u in eus:
            if r.random() < 0.12:
                continue
            ts = tk + float(r.uniform(0, 90))
            if r.random() < 0.5:
                q, body, fin, o = t.math()
            else:
                q, o = t.pick(w.c.code), t.code_reply()
            emit(
                w,
                t,
                ts,
                a,
                "corvid-5-think" if ts > RELEASE + 5 * HOUR and r.random() < 0.5 else "corvid-5",
                [("user", q + "\n\n" + str(r.choice(ELICIT)))],
                _reasoned(t, q, o),
                end_user=u,
                ip=a.ips[int(r.integers(len(a.ips)))],
                key=a.keys[int(r.integers(len(a.keys)))],
                stream=True,
            )
    return cid, eus


ALL = [
    sync_reasoning_hydra,
    rubric_reward_farm,
    language_coercion,
    launch_pivot,
    agent_framework_harvest,
    agent_product_mimic,
    think_tool_distill,
    json_steps_field,
    model_rotator,
    taxonomy_sweep,
    pooled_key_relay,
]
