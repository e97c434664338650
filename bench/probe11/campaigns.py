"""Distillation campaigns: seven shaped on the public reports, four invented for this probe (C08-C11)."""

from __future__ import annotations

import numpy as np

from .core import HOUR, RELEASE_TS, WEEK_END, WEEK_START, Account
from .population import World
from .prompts import draw, pick, reply
from .textgen import FRAMES, code_reply, generic_reply, math_reply, steps_from_rationale, tool_call, topic
from .timing import hour_weights, poisson_times, sessions
from .wording import (
    AGENT_CONSTRAINTS,
    AGENT_SYS,
    COT_OTHER,
    CRITIQUE,
    FAKE_TUTOR_ASK,
    FAKE_TUTOR_SYS,
    FIRST_ASK,
    FORGED_RESULTS,
    FORGED_SYS,
    FORGED_TOOLS,
    GRADE_JSON,
    GRADE_PAIR,
    GRADE_SINGLE,
    GRADE_STEPS,
    LANG_LOCK,
    LANG_SYSTEM,
    RECON,
    REPLAY,
    REPOS,
    SAMPLE_ASK,
    TRANSLATE_REASONING,
    cot_suffix,
)

CAMPAIGNS = {
    "C01": ("hydra_proxy_cot", "report"),
    "C02": ("reasoning_language_coercion", "report"),
    "C03": ("reward_model_grading", "report"),
    "C04": ("synchronized_agentic_template", "report"),
    "C05": ("model_release_pivot", "report"),
    "C06": ("reseller_embedded_harvest", "report"),
    "C07": ("reasoning_reconstruction_replay", "report"),
    "C08": ("critique_revision_pairs", "invented"),
    "C09": ("fake_tutoring_front", "invented"),
    "C10": ("forged_tool_trajectories", "invented"),
    "C11": ("low_and_slow_multisample", "invented"),
}
_GENERIC_STEPS = [
    "First, restate what is given and what is asked.",
    "Identify the constraints that actually bind.",
    "Consider the simplest case to get intuition.",
    "Generalize from that case and look for an invariant.",
    "Check whether any assumption was hidden in the previous step.",
    "Compute the intermediate quantity.",
    "Verify the intermediate result against the original statement.",
    "Consider edge cases that could break it.",
    "Combine the pieces into the final result.",
    "Re-read the question to confirm the answer matches what was asked.",
]


def _camp_account(w: World, cid: str, channel: str, **kw) -> Account:
    return w.account(CAMPAIGNS[cid][0], channel, label="campaign", campaign_id=cid, **kw)


def _long_reasoning(w: World, prompt: str) -> str:
    steps = w.r.sample(_GENERIC_STEPS, w.r.randint(5, 9))
    body = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(steps))
    return f"Working on: {topic(prompt, 10)}\n\n{body}\n\nFinal answer: see the derivation above."


def _harvest_item(w: World, lang: str = "en") -> tuple[str, str, list | None]:
    """A valuable reasoning prompt (math or code) with a CoT demand, and the long reply it gets."""
    c, r = w.c, w.r
    k = r.random()
    if lang != "en" and k < 0.7:
        i = r.randrange(250)
        q, ans = c.mgsm[lang if lang in c.mgsm else "zh"][i]
        return (
            f"{q}\n\n{cot_suffix(r, lang)}",
            math_reply(r, c.gsm[i][1], ans, lang if lang in FRAMES else "en", verbose=True),
            None,
        )
    if k < 0.45:
        q, rat, fin = r.choice(c.gsm)
        return f"{q}\n\n{cot_suffix(r)}", math_reply(r, rat, fin, verbose=True), steps_from_rationale(rat)
    if k < 0.65:
        q = r.choice(c.hard_math)
        return f"{q}\n\n{cot_suffix(r)}", _long_reasoning(w, q), None
    if k < 0.85:
        q = r.choice(c.coding)
        return (
            f"{q}\n\n{cot_suffix(r)}",
            _long_reasoning(w, q) + "\n\n```python\n# implementation follows the plan\n```",
            None,
        )
    _, p, sol = r.choice(c.humaneval)
    return f"{p}\n{cot_suffix(r)}", _long_reasoning(w, p) + "\n\n" + code_reply(r, p, sol), None


def hydra_proxy(w: World) -> list:
    """C01: a grey proxy runs slots of throwaway accounts; banned accounts are replaced within minutes.

    Each account carries resold ordinary chat (~40%) next to chain-of-thought harvest (~60%)."""
    pool = [w.ip("home") for _ in range(160)]
    outputs = []
    for slot in range(11):
        t = WEEK_START - float(w.rng.uniform(0, 30)) * HOUR
        while t < WEEK_END:
            life = float(np.clip(w.rng.exponential(34.0), 5, 110)) * HOUR
            end = min(t + life, WEEK_END)
            a = _camp_account(
                w,
                "C01",
                w.r.choice(["direct-api", "marketplace-aws", "edu-program", "startup-credits"]),
                tz=8,
                aliases=[w.r.choice([None, "k1", "main", "default"])],
                uas=[w.r.choice(["python-httpx/0.28.1", "OpenAI/Python 1.82.1"])],
            )
            a.notes = f"slot {slot}"
            lo = max(t, WEEK_START)
            n = int((end - lo) / HOUR * w.rng.uniform(4.2, 6.0))
            times = poisson_times(w.rng, n, hour_weights("flat", 8) + 0.4 * hour_weights("consumer", 8), lo, end)
            for tt in times:
                ip = w.r.choice(pool)
                model = "lyra-3.5" if tt > RELEASE_TS + 5 * HOUR and w.r.random() < 0.5 else "lyra-3"
                if w.r.random() < 0.4:
                    p, content, lang, steps = draw(w, pick(w, {"chat_en": 3, "zh": 4, "instruct": 2, "coding": 1}))
                else:
                    lang = w.r.choice(["en"] * 7 + ["zh", "zh", "ru"])
                    p, content, steps = _harvest_item(w, lang)
                e = w.add(
                    tt,
                    a,
                    model,
                    [{"role": "user", "content": p}],
                    reply(w, model, p, content, lang, steps),
                    ip=ip,
                    params=w.params(temperature=w.r.choice([0.6, 0.7, 1]), max_tokens=8192),
                )
                outputs.append(e)
            t = end + float(w.rng.uniform(1, 12)) * 60
    return outputs


def language_coercion(w: World) -> None:
    """C02: reasoning must be written in the user's language, or translated afterwards, across many languages."""
    c = w.c
    for i in range(9):
        lang = ["zh", "zh", "ru", "ja", "ko", "es", "de", "zh", "fr"][i]
        a = _camp_account(
            w,
            "C02",
            w.r.choice(["direct-api", "marketplace-gcp"]),
            tz=w.r.choice([8, 3, 9]),
            n_keys=2,
            aliases=["prod", None],
            n_ips=2,
            uas=["OpenAI/Python 1.99.9"],
        )
        for t in poisson_times(w.rng, int(w.rng.integers(380, 620)), hour_weights("office", a.tz, 0.9) + 0.35):
            k = w.r.random()
            model = w.model_at(t, "lyra-3", 0.7, 8)
            j = w.r.randrange(250)
            q, ans = c.mgsm[lang][j] if lang in c.mgsm else (c.mgsm["en"][j][0], c.mgsm["en"][j][1])
            if lang == "zh" and w.r.random() < 0.35:
                q, ans = w.r.choice(c.zh_questions)[0], ""
            content = math_reply(w.r, c.gsm[j][1], ans or c.gsm[j][2], lang if lang in FRAMES else "en", verbose=True)
            if k < 0.55:
                extra = w.r.choice(COT_OTHER.get(lang, [""])) if w.r.random() < 0.5 else ""
                msgs = [{"role": "user", "content": f"{q}\n\n{w.r.choice(LANG_LOCK[lang])} {extra}".strip()}]
            elif k < 0.75:
                msgs = [{"role": "system", "content": w.r.choice(LANG_SYSTEM)}, {"role": "user", "content": q}]
            elif k < 0.9 and lang in TRANSLATE_REASONING:
                eq, erat, efin = c.gsm[j]
                msgs = [
                    {"role": "user", "content": f"{eq}\n\n{cot_suffix(w.r)}"},
                    {"role": "assistant", "content": math_reply(w.r, erat, efin, verbose=True)},
                    {"role": "user", "content": w.r.choice(TRANSLATE_REASONING[lang])},
                ]
            else:
                p, content, _, _ = draw(w, "chat_multi" if lang != "zh" else "zh")
                msgs = [{"role": "user", "content": p}]
            w.add(
                t,
                a,
                model,
                msgs,
                reply(w, model, msgs[-1]["content"], content, lang),
                params=w.params(temperature=0.6, max_tokens=6000, stream=w.r.random() < 0.3),
            )


GRADE_WHY = ["is correct throughout", "makes an arithmetic slip", "skips a justification", "misreads the question"]
AGENT_THINK = {
    "search_code": "searching for the relevant code",
    "read_file": "reading the entry point",
    "run_tests": "running the tests to see what fails",
}


def _corrupt(r, text: str) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return text
    i = r.choice(digits)
    return text[:i] + str((int(text[i]) + r.randint(1, 8)) % 10) + text[i + 1 :]


def reward_grading(w: World) -> None:
    """C03: the model as a reward model - scores, pairwise preferences and per-step labels on candidate solutions."""
    c = w.c
    accts = [
        _camp_account(
            w,
            "C03",
            w.r.choice(["startup-credits", "direct-api"]),
            tz=8,
            n_keys=1,
            aliases=[w.r.choice(["eval", "grader", None])],
            uas=["AsyncOpenAI/Python 1.99.9"],
        )
        for _ in range(7)
    ]
    batch_starts = WEEK_START + np.cumsum(w.rng.uniform(1.5, 4.0, size=80)) * HOUR
    for bs in batch_starts[batch_starts < WEEK_END - HOUR]:
        for a in accts:
            if w.r.random() < 0.25:
                continue
            t0 = bs + w.rng.uniform(0, 300)
            for t in t0 + np.cumsum(w.rng.exponential(5.0, size=int(w.rng.integers(6, 18)))):
                q, rat, fin = w.r.choice(c.gsm)
                cand = rat if w.r.random() < 0.5 else _corrupt(w.r, rat)
                mode = w.r.random()
                if mode < 0.45:
                    head, body = w.r.choice(GRADE_SINGLE), f"Problem:\n{q}\n\nCandidate solution:\n{cand}\nFinal: {fin}"
                    why = w.r.choice(GRADE_WHY)
                    out = f'{{"score": {w.r.randint(2, 10)}, "rationale": "The solution {why}."}}'
                elif mode < 0.75:
                    other = _corrupt(w.r, rat)
                    head, body = w.r.choice(GRADE_PAIR), f"Problem:\n{q}\n\n[A]\n{cand}\n\n[B]\n{other}"
                    out = (
                        w.r.choice(["A>B", "B>A", "A>>B", "A=B"])
                        + " - "
                        + w.r.choice(
                            ["B contains an arithmetic error in its second step.", "A justifies each step; B does not."]
                        )
                    )
                else:
                    lines = "\n".join(f"Step {i + 1}: {s}" for i, s in enumerate(steps_from_rationale(cand)))
                    head, body = w.r.choice(GRADE_STEPS), f"Problem:\n{q}\n\nAttempt:\n{lines}"
                    out = (
                        '{"steps": ['
                        + ", ".join('"+"' if w.r.random() < 0.8 else '"-"' for _ in steps_from_rationale(cand))
                        + '], "first_error": null}'
                    )
                p = f"{head}\n\n{body}\n\n{w.r.choice(GRADE_JSON)}".strip()
                w.add(
                    t,
                    a,
                    "lyra-3",
                    [{"role": "user", "content": p}],
                    reply(w, "lyra-3", p, out),
                    params={"temperature": 0, "max_tokens": 700},
                )


def _agent_tools(w: World, variant: int) -> list:
    desc = ["Read a file from the repository", "Return the contents of a file", "Open a file and return its text"]
    tools = [
        ("read_file", desc[variant % 3], {"path": {"type": "string"}}),
        (
            "write_file",
            "Overwrite a file with new content",
            {"path": {"type": "string"}, "content": {"type": "string"}},
        ),
        ("run_tests", "Run the test suite, optionally filtered", {"pattern": {"type": "string"}}),
        ("search_code", "Grep the repository", {"query": {"type": "string"}}),
    ]
    return [
        {
            "type": "function",
            "function": {
                "name": n,
                "description": d,
                "parameters": {"type": "object", "properties": p, "required": list(p)[:1]},
            },
        }
        for n, d, p in tools
    ]


def synchronized_agentic(w: World) -> None:
    """C04: one agentic-coding template with light variation, fired in lock-step by ~22 accounts, 24/7."""
    c = w.c
    nets = ["38.180.77", "38.180.78"]
    accts = []
    for i in range(22):
        a = _camp_account(
            w,
            "C04",
            "marketplace-aws" if i < 12 else "direct-api",
            tz=0,
            n_keys=1,
            aliases=[None],
            uas=["OpenAI/Python 1.82.1"],
        )
        a.ips = [w.subnet_ip(nets[i % 2]) for _ in range(3)]
        accts.append(a)
    bursts = WEEK_START + np.cumsum(w.rng.uniform(12, 26, size=900)) * 60
    for b in bursts[bursts < WEEK_END]:
        for i, a in enumerate(accts):
            if w.r.random() > 0.45:
                continue
            for t in b + w.rng.uniform(-20, 20, size=w.r.choice([1, 1, 2])):
                v = i % 3
                task = w.r.choice(c.coding) if w.r.random() < 0.6 else w.r.choice(c.humaneval)[1]
                cons = " ".join(w.r.sample(AGENT_CONSTRAINTS, 2))
                user = f"Task: {task}\nRepository: {w.r.choice(REPOS)}\nConstraints: {cons}"
                model = (
                    "lyra-3.5"
                    if t > RELEASE_TS + 3 * HOUR and w.r.random() < 0.35
                    else w.r.choice(["lyra-3-coder", "lyra-3-coder", "lyra-3"])
                )
                tool = w.r.choice(["search_code", "read_file", "run_tests"])
                args = {
                    "search_code": {"query": topic(task, 3)},
                    "read_file": {"path": "src/main.py"},
                    "run_tests": {"pattern": "test_"},
                }[tool]
                think = f"I'll start by {AGENT_THINK[tool]}."
                w.add(
                    float(t),
                    a,
                    model,
                    [{"role": "system", "content": AGENT_SYS[v]}, {"role": "user", "content": user}],
                    reply(w, model, user, think, tool_calls=[tool_call(w.ids, tool, args)]),
                    tools=_agent_tools(w, v),
                    params=w.params(temperature=0.2, max_tokens=4096, extra={"tool_choice": "auto"}),
                )


FUNC_TOOLS = [
    ("get_weather", {"city": "string", "unit": "string"}, "What's the weather in {city} tomorrow, in celsius?"),
    (
        "search_flights",
        {"origin": "string", "destination": "string", "date": "string"},
        "Find me a flight from {city} to {city2} on {date}.",
    ),
    ("convert_currency", {"amount": "number", "from": "string", "to": "string"}, "How much is {n} EUR in JPY?"),
    (
        "create_event",
        {"title": "string", "start": "string", "attendees": "array"},
        "Set up a meeting called '{word} sync' on {date} at 10:00 with Dana and Luis.",
    ),
    ("query_orders", {"customer_id": "string", "status": "string"}, "List all open orders for customer C-{n}."),
    ("send_sms", {"to": "string", "text": "string"}, "Text +1555{n} that I'm running late."),
]
CITIES = ["Lisbon", "Osaka", "Nairobi", "Denver", "Tallinn", "Lima", "Hanoi", "Cork"]


def release_pivot(w: World) -> None:
    """C05: function-calling harvest on lyra-3 that moves most traffic to lyra-3.5 within hours of release,
    plus fresh accounts that start at full volume right after the launch."""

    def fn_request(a: Account, t: float, model: str) -> None:
        picks = w.r.sample(FUNC_TOOLS, w.r.randint(2, 4))
        name, props, ask = picks[0]
        user = ask.format(
            city=w.r.choice(CITIES),
            city2=w.r.choice(CITIES),
            date=f"2026-04-{w.r.randint(1, 28):02d}",
            n=w.r.randint(1000, 9999),
            word=w.r.choice(["budget", "launch", "infra", "hiring"]),
        )
        tools = [
            {
                "type": "function",
                "function": {
                    "name": n,
                    "parameters": {"type": "object", "properties": {k: {"type": v} for k, v in pr.items()}},
                },
            }
            for n, pr, _ in picks
        ]
        args = {k: ("Lisbon" if v == "string" else 1) for k, v in props.items()}
        w.add(
            t,
            a,
            model,
            [
                {"role": "system", "content": "Think step by step about which function to call and why, then call it."},
                {"role": "user", "content": user},
            ],
            reply(
                w,
                model,
                user,
                f"The user wants {name.replace('_', ' ')}; calling it with the extracted arguments.",
                tool_calls=[tool_call(w.ids, name, args)],
            ),
            tools=tools,
            params=w.params(temperature=0.7, max_tokens=2048, extra={"tool_choice": "auto"}),
        )

    for i in range(12):
        a = _camp_account(
            w,
            "C05",
            "startup-credits" if i % 3 == 0 else "direct-api",
            tz=8,
            n_keys=1,
            uas=["OpenAI/Python 2.6.1"],
            n_ips=2,
        )
        pivot = RELEASE_TS + float(w.rng.uniform(0.3, 3.0)) * HOUR
        for t in poisson_times(w.rng, int(w.rng.integers(340, 500)), hour_weights("flat", 0)):
            fn_request(a, t, "lyra-3.5" if t > pivot and w.r.random() < 0.7 else "lyra-3")
    for _ in range(4):  # new sign-ups right after the launch, at full rate from their first hour
        a = _camp_account(w, "C05", "startup-credits", tz=8, uas=["OpenAI/Python 2.6.1"])
        start = RELEASE_TS + float(w.rng.uniform(1, 6)) * HOUR
        for t in poisson_times(w.rng, int(w.rng.integers(350, 500)), hour_weights("flat", 0), start):
            fn_request(a, t, "lyra-3.5")


def reseller_embedded(w: World, host: Account) -> None:
    """C06: harvesters hidden among an honest reseller's end users (the account itself stays benign)."""
    users = [w.end_user(host, f"re-{w.ids.hexid(12)}", "campaign", CAMPAIGNS["C06"][0], "C06") for _ in range(26)]
    for u in users:
        for t in poisson_times(
            w.rng, int(w.rng.integers(90, 190)), hour_weights("flat", 0) + hour_weights("consumer", 8)
        ):
            if w.r.random() < 0.75:
                p, content, steps = _harvest_item(w, w.r.choice(["en", "en", "zh"]))
            else:
                q, rat, fin = w.r.choice(w.c.gsm)
                p, content, steps = (
                    f"{w.r.choice(RECON)}\n\nQuestion: {q}\nAnswer: {fin}",
                    math_reply(w.r, rat, fin, verbose=True),
                    None,
                )
            model = "lyra-3.5" if t > RELEASE_TS + 8 * HOUR and w.r.random() < 0.4 else "lyra-3"
            w.add(
                t,
                host,
                model,
                [{"role": "user", "content": p}],
                reply(w, model, p, content, "en", steps),
                end_user=u,
                params=w.params(temperature=0.7, stream=w.r.random() < 0.7, user=u),
                kind=CAMPAIGNS["C06"][0],
                camp="C06",
            )


def reconstruction_replay(w: World, earlier: list) -> None:
    """C07: 'articulate the reasoning behind this completed answer', and replay of traces harvested elsewhere."""
    c = w.c
    earlier = sorted(
        (e for e in earlier if e.reply and e.reply.get("content") and len(e.reply["content"]) > 300), key=lambda e: e.ts
    )
    ts_sorted = np.array([e.ts for e in earlier])
    for _ in range(7):
        a = _camp_account(
            w, "C07", w.r.choice(["direct-api", "edu-program"]), tz=8, n_keys=1, uas=["python-requests/2.32.3"], n_ips=2
        )
        for t in poisson_times(
            w.rng, int(w.rng.integers(330, 520)), hour_weights("office", 8, 0.8) + hour_weights("office", 20, 0.8)
        ):
            k = w.r.random()
            if k < 0.3 and len(earlier):
                idx = int(np.searchsorted(ts_sorted, t)) - 1
                if idx > 0:
                    src = earlier[w.r.randint(max(0, idx - 400), idx)]
                    lines = src.reply["content"].split("\n")
                    cut = "\n".join(lines[: max(2, len(lines) * w.r.randint(3, 7) // 10)])
                    p = f"{w.r.choice(REPLAY)}\n\n{cut}"
                    w.add(
                        t,
                        a,
                        "lyra-3",
                        [{"role": "user", "content": p}],
                        reply(w, "lyra-3", p, src.reply["content"] + "\n\nAll steps verified."),
                        params={"temperature": 0.5, "max_tokens": 8000},
                    )
                    continue
            if k < 0.75:
                q, rat, fin = w.r.choice(c.gsm)
                content = math_reply(w.r, rat, fin, verbose=True)
            else:
                q, ans = w.r.choice([x for x in c.zh_questions[:300] if x[1]] or c.zh_questions)
                fin, content = ans[:400], generic_reply(w.r, q, "zh")
            p = f"{w.r.choice(RECON)}\n\nQuestion: {q}\nAnswer: {fin}"
            w.add(
                t,
                a,
                "lyra-3",
                [{"role": "user", "content": p}],
                reply(w, "lyra-3", p, content),
                params={"temperature": 0.5, "max_tokens": 8000},
            )


def critique_revision(w: World) -> None:
    """C08 (invented): self-critique then revision in one conversation, harvesting (rejected, chosen) pairs
    for preference training. Human-like sessions and hours."""
    for _ in range(5):
        a = _camp_account(w, "C08", "direct-api", tz=3, n_keys=1, ip_kind="home", uas=["OpenAI/JS 5.12.2"])
        for sess in sessions(w.rng, int(w.rng.integers(130, 200)), hour_weights("office", 3, 0.5), 2.6, 95.0):
            p, content, lang, steps = draw(w, pick(w, {"gsm": 4, "coding": 3, "chat_en": 2, "humaneval": 1}))
            msgs = [{"role": "user", "content": (p + "\n\n" + w.r.choice(FIRST_ASK)).strip()}]
            for j, t in enumerate(sess[:3]):
                out = (
                    content
                    if j == 0
                    else ("Weakest step: the second one assumes what it needs to prove.\n\nREVISED:\n" + content)
                )
                model = w.model_at(t, "lyra-3", 0.5, 6)
                w.add(
                    t,
                    a,
                    model,
                    list(msgs),
                    reply(w, model, p, out, lang, steps),
                    params=w.params(temperature=0.8, max_tokens=4000, stream=True),
                )
                msgs += [
                    {"role": "assistant", "content": out},
                    {
                        "role": "user",
                        "content": w.r.choice(CRITIQUE)
                        if j == 0
                        else "Now give a third version that is shorter but just as rigorous.",
                    },
                ]


def fake_tutor(w: World) -> None:
    """C09 (invented): an education sign-up posing as a tutoring app. Every 'student' is new, the problems sweep
    GSM8K then MGSM in file order, and traffic is flat around the clock."""
    c = w.c
    order = [("en", i) for i in range(len(c.gsm))] + [
        (lg, i) for lg in ("zh", "ja", "es", "ru", "de") for i in range(250)
    ]
    pos = 0
    for name in ("brainyowl-prod", "brainyowl-web"):
        a = _camp_account(w, "C09", "edu-program", tz=-5, n_keys=1, aliases=[name], uas=["python-httpx/0.28.1"])
        for t in poisson_times(
            w.rng, int(w.rng.integers(1700, 2100)), hour_weights("flat", 0) + 0.3 * hour_weights("student", -5)
        ):
            lang, i = order[pos % len(order)]
            pos += 1
            q = c.gsm[i][0] if lang == "en" else c.mgsm[lang][i][0]
            fin = c.gsm[i][2] if lang == "en" else c.mgsm[lang][i][1]
            u = w.end_user(a, f"stu_{w.ids.hexid(8)}", "campaign", CAMPAIGNS["C09"][0], "C09")
            ask = w.r.choice(FAKE_TUTOR_ASK)
            content = math_reply(w.r, c.gsm[i][1], fin, lang if lang in FRAMES else "en", verbose=True)
            w.add(
                t,
                a,
                "lyra-3",
                [{"role": "system", "content": FAKE_TUTOR_SYS}, {"role": "user", "content": (q + "\n" + ask).strip()}],
                reply(w, "lyra-3", q, content, lang),
                end_user=u,
                session=w.ids.uuid4(),
                params=w.params(temperature=0.3, stream=True, user=u),
            )


def forged_tools(w: World) -> None:
    """C10 (invented): fabricated multi-step tool trajectories with made-up tool results, asking only for the
    next action - agent training data without running any real environment."""
    c = w.c
    for _ in range(6):
        a = _camp_account(
            w,
            "C10",
            "startup-credits",
            tz=1,
            n_keys=2,
            aliases=["agent-dev", "agent-eval"],
            uas=["OpenAI/Python 1.99.9"],
            n_ips=2,
        )
        for t in poisson_times(
            w.rng, int(w.rng.integers(480, 700)), hour_weights("flat", 0) + 0.5 * hour_weights("office", 1)
        ):
            k = w.r.randrange(4)
            names = FORGED_TOOLS[k]
            tools = [
                {
                    "type": "function",
                    "function": {
                        "name": n,
                        "parameters": {"type": "object", "properties": {"input": {"type": "string"}}},
                    },
                }
                for n in names
            ]
            task = w.r.choice(c.instruct)[0] if k != 1 else w.r.choice(c.machine_instr)
            msgs = [{"role": "system", "content": FORGED_SYS[k]}, {"role": "user", "content": task}]
            for _ in range(w.r.randint(2, 6)):
                call = tool_call(w.ids, w.r.choice(names), {"input": topic(task, 4)})
                res = w.r.choice(FORGED_RESULTS).format(
                    n=w.r.randint(1, 900), i=w.r.randint(10, 99999), v=round(w.r.uniform(0, 99), 2), e=w.r.randint(0, 3)
                )
                msgs += [
                    {"role": "assistant", "content": None, "tool_calls": [call]},
                    {"role": "tool", "tool_call_id": call["id"], "content": res},
                ]
            nxt = tool_call(w.ids, w.r.choice(names), {"input": topic(task, 5)}) if w.r.random() < 0.6 else None
            content = (
                "Based on the last result, the next step is to check the remaining records."
                if nxt
                else generic_reply(w.r, task, "en")
            )
            w.add(
                t,
                a,
                "lyra-3",
                msgs,
                reply(w, "lyra-3", task, content, tool_calls=[nxt] if nxt else None),
                tools=tools,
                params=w.params(temperature=0.7, max_tokens=3000, extra={"tool_choice": "auto"}),
            )


def multisample(w: World) -> None:
    """C11 (invented): a few quiet accounts ask for n=4..8 samples at temperature ~1 on hard problems and re-ask
    the same problem with new seeds days later - rejection-sampling data at researcher-like volume."""
    c = w.c
    for _ in range(3):
        a = _camp_account(
            w, "C11", "edu-program", tz=1, n_keys=1, aliases=["thesis"], ip_kind="home", uas=["OpenAI/Python 1.99.9"]
        )
        bank = [w.r.choice(c.hard_math) for _ in range(60)] + [w.r.choice(c.gsm)[0] for _ in range(40)]
        for t in poisson_times(w.rng, int(w.rng.integers(280, 420)), hour_weights("office", 1, 0.3)):
            q = w.r.choice(bank)
            n = w.r.choice([4, 5, 6, 8])
            p = (q + "\n\n" + w.r.choice(SAMPLE_ASK)).strip()
            w.add(
                t,
                a,
                "lyra-3",
                [{"role": "user", "content": p}],
                reply(w, "lyra-3", p, _long_reasoning(w, q)),
                params=w.params(
                    temperature=w.r.choice([0.9, 1.0, 1.1]),
                    max_tokens=6000,
                    extra={"n": n, "seed": w.r.randint(0, 10**6)},
                ),
                n=n,
            )


def run(w: World, aggregators: list) -> None:
    harvested = hydra_proxy(w)
    language_coercion(w)
    reward_grading(w)
    synchronized_agentic(w)
    release_pivot(w)
    reseller_embedded(w, aggregators[0])
    reconstruction_replay(w, harvested)
    critique_revision(w)
    fake_tutor(w)
    forged_tools(w)
    multisample(w)
