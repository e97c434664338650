# ruff: noqa: E501
"""Benign customers.  Each function creates the accounts of one persona and logs their week of calls.

Archetype label: ``benign:<persona>``.  Several personas are deliberately "hard": they share surface features
with distillation campaigns (volume, fixed templates, step-by-step requests, many languages, 24/7 schedules,
new-model pivots, many end users behind one key).
"""

from __future__ import annotations

import json

from . import textgen as T
from .bedrock import RELEASE, WEEK_END, WEEK_START, Conv, Reply, World, tool_spec
from .timing import arrivals, cron, rngs, think_gap

LANG_TZ = {"en": (-7, -5, -4, -4, 0, 1, 5.5, 10), "zh": (8,), "ja": (9,), "es": (2, -5, -3, -6), "de": (2,),
           "fr": (2,), "ru": (3,), "ko": (9,), "pt": (-3,)}


def region_for(tz: float, rnd) -> str:
    if tz <= -6:
        return "us-west-2" if rnd.random() < 0.6 else "us-east-1"
    if tz < -1:
        return "us-east-1"
    if tz < 5:
        return "eu-central-1" if rnd.random() < 0.8 else "us-east-1"
    if tz < 7:
        return "us-east-1" if rnd.random() < 0.5 else "ap-northeast-1"
    return "ap-northeast-1" if rnd.random() < 0.85 else "us-west-2"


def adopt_at(rnd, lo_h: float, hi_h: float) -> float:
    return RELEASE + rnd.uniform(lo_h, hi_h) * 3600


def pick_casual_item(C, lang: str, rnd) -> dict:
    r = rnd.random()
    if lang == "zh":
        if r < 0.68:
            return rnd.choice(C.belle)
        if r < 0.83:
            return rnd.choice(list(C.zh_seed.values()))
        if r < 0.95:
            return rnd.choice(C.arena2_by_lang.get("zh", C.belle))
        return rnd.choice(C.mgsm["zh"])
    if lang in ("ja", "ru", "es", "de", "fr"):
        if r < 0.25:
            return rnd.choice(C.mgsm[lang])
        if r < 0.4 and C.arena2_by_lang.get(lang):
            return rnd.choice(C.arena2_by_lang[lang])
    if r < 0.36:
        return rnd.choice(C.arena)
    if r < 0.46:
        return rnd.choice(C.arena2_by_lang["en"])
    if r < 0.68:
        return rnd.choice(C.selfinst)
    if r < 0.80:
        return rnd.choice(C.hh)
    if r < 0.88:
        return rnd.choice(C.gsm8k)
    return rnd.choice(C.unnatural) if r < 0.9 else rnd.choice(C.selfinst)


def reply_for(item: dict, rnd, thinking: bool, lang: str | None = None, style: str = "plain") -> Reply:
    return Reply(text=T.answer_for(item, rnd, lang=lang, style=style),
                 reasoning=T.reasoning_for(item, rnd, lang=lang) if thinking else None)


# ================================================================================================ casual

def casual(w: World, C, seed: int, n: int = 260) -> None:
    for i in range(n):
        rnd, g = rngs(seed, f"casual{i}")
        lang = rnd.choices(["en", "zh", "ja", "es", "de", "fr", "ru"], weights=(58, 14, 5, 7, 6, 5, 5))[0]
        tz = rnd.choice(LANG_TZ[lang])
        acct = w.new_account(rnd, "benign:casual", "self-serve", region=region_for(tz, rnd), xregion=0.1,
                             throttle_p=0.003)
        rate = min(60.0, rnd.lognormvariate(0.5, 1.1))
        start = WEEK_START if rnd.random() < 0.85 else WEEK_START + rnd.uniform(0, 6 * 86400)
        op = rnd.choices(["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream"],
                         weights=(52, 38, 7, 3))[0]
        model = "flash" if rnd.random() < 0.5 else "atlas3"
        adopt = adopt_at(rnd, 1, 72) if rnd.random() < 0.3 else WEEK_END + 1
        thinking = rnd.choice([2048, 4096, 8000]) if rnd.random() < 0.15 else None
        system = rnd.choice(["You are a helpful assistant.", "You are a friendly assistant. Keep answers concise.",
                             "Answer in the same language as the user.", None]) if rnd.random() < 0.3 else None
        temp = rnd.choice([None, 0.7, 1.0, 0.3])
        for t in arrivals(g, rate, "human", tz, weekend=1.1, start=start):
            item = pick_casual_item(C, lang, rnd)
            infer = {"maxTokens": rnd.choice([1024, 2048, 4096])}
            if temp is not None:
                infer["temperature"] = temp
            m = "atlas4" if t > adopt and rnd.random() < 0.7 else model
            conv = Conv(w, acct, rnd, model=m, op=op, system=system, infer=infer,
                        thinking=thinking if m != "flash" else None)
            turns = 1
            while rnd.random() < 0.42 and turns < 6:
                turns += 1
            ilang = item.get("lang", lang)
            first = T.prompt_text(item)
            if item["src"] == "hh-rlhf" and len(item["turns"]) >= 3 and rnd.random() < 0.5:
                # replay the red-team crowdworker's own follow-ups
                hturns = [x for x in item["turns"] if x[0] == "Human"]
                texts = [h[1] for h in hturns][:4]
            else:
                texts = [first] + [T.followup(ilang if ilang in T.FOLLOWUPS else "en", rnd) for _ in range(turns - 1)]
            for k, text in enumerate(texts):
                if k == 0:
                    rep = reply_for(item, rnd, thinking is not None, lang=ilang)
                else:
                    rep = Reply(text=T.generic_answer(first + " " + text, rnd, "zh" if ilang == "zh" else "en",
                                                      n_body=rnd.randint(2, 4)),
                                reasoning=T.generic_reasoning(text + " " + first, rnd, n=3) if thinking else None)
                end = conv.send(t, text, rep)
                if end is None:
                    break
                t = end + think_gap(rnd, 40)


# ================================================================================================ developer

SYS_CODEPILOT = (
    "You are CodePilot, an AI pair-programmer running inside the user's IDE. You can read and write files in the "
    "open workspace and run shell commands through the provided tools. Guidelines:\n"
    "- Before editing a file, read it.\n- Make the smallest change that solves the task.\n"
    "- After editing, run the relevant tests.\n- Never run destructive commands (rm -rf, git push --force).\n"
    "- When you are done, summarise what you changed in two or three sentences.\n"
    "Workspace root: /workspace. The user's OS is {os}. Python {py} is installed.")
SYS_TERMAGENT = (
    "You are a terminal coding agent. Use the `bash` tool to inspect the repository and run tests, and the "
    "`str_replace_editor` tool to create or edit files. Think about the task before acting. Keep edits minimal "
    "and consistent with the existing code style. Do not ask the user for confirmation; finish the task.")

TOOLS_CODEPILOT = [
    tool_spec("read_file", "Read a UTF-8 text file from the workspace.", {"path": {"type": "string"}}, ["path"]),
    tool_spec("write_file", "Create or overwrite a file in the workspace.",
              {"path": {"type": "string"}, "content": {"type": "string"}}, ["path", "content"]),
    tool_spec("run_shell", "Run a shell command in the workspace and return stdout/stderr.",
              {"command": {"type": "string"}, "timeout_s": {"type": "integer"}}, ["command"]),
    tool_spec("search_repo", "Full-text search over the workspace.", {"query": {"type": "string"}}, ["query"]),
]
TOOLS_TERMAGENT = [
    tool_spec("bash", "Run a bash command.", {"command": {"type": "string"}}, ["command"]),
    tool_spec("str_replace_editor", "View, create and edit files.",
              {"command": {"type": "string", "enum": ["view", "create", "str_replace"]}, "path": {"type": "string"},
               "file_text": {"type": "string"}, "old_str": {"type": "string"}, "new_str": {"type": "string"}},
              ["command", "path"]),
]


def agent_coding_task(conv: Conv, item: dict, t: float, rnd, product: str, thinking: bool) -> float | None:
    """A tool-using coding trajectory on a HumanEval task; returns end time or None."""
    mod = item["entry"].lower()
    path = f"src/{mod}.py"
    test = f"tests/test_{mod}.py"
    code = item["q"] + item["solution"]
    stub = item["q"] + "    raise NotImplementedError\n"
    ask = rnd.choice([f"Implement `{item['entry']}` in {path} so that {test} passes.",
                      f"can you finish {item['entry']} in {path}? tests are in {test}",
                      f"Fill in the TODO in {path} ({item['entry']})."])
    think = (lambda: T.code_reasoning(item, rnd)) if thinking else (lambda: None)
    if product == "codepilot":
        plan = [
            (Reply("I'll start by reading the file.", think(), [("read_file", {"path": path})]), stub),
            (Reply("Now I'll write the implementation.", think(), [("write_file", {"path": path, "content": code})]),
             {"ok": True, "bytes_written": len(code)}),
            (Reply("Running the tests.", None, [("run_shell", {"command": f"python -m pytest -q {test}"})]),
             f"{'.' * rnd.randint(1, 9)}\n{rnd.randint(1, 9)} passed in 0.0{rnd.randint(1, 9)}s"),
        ]
    else:
        plan = [
            (Reply("", think(), [("str_replace_editor", {"command": "view", "path": path})]), stub),
            (Reply("", think(), [("str_replace_editor", {"command": "str_replace", "path": path,
                                                          "old_str": "    raise NotImplementedError\n",
                                                          "new_str": item["solution"]})]),
             "The file /workspace/" + path + " has been edited."),
            (Reply("", None, [("bash", {"command": f"cd /workspace && pytest -q {test} 2>&1 | tail -3"})]),
             f"{rnd.randint(1, 9)} passed in 0.0{rnd.randint(1, 9)}s"),
        ]
    content = ask
    for rep, result in plan:
        end = conv.send(t, content, rep)
        if end is None:
            return None
        t = end + rnd.uniform(0.3, 6.0)  # tool execution time on the client
        content = conv.tool_results([result])
    final = Reply(rnd.choice([f"Implemented `{item['entry']}` in {path}; all tests in {test} pass.",
                              f"Done. `{item['entry']}` now follows the docstring and the test suite is green.",
                              f"I filled in {path}. The tests pass."]), None)
    return conv.send(t, content, final)


def developer(w: World, C, seed: int, n: int = 90) -> None:
    for i in range(n):
        rnd, g = rngs(seed, f"dev{i}")
        tz = rnd.choice((-8, -7, -5, -4, 0, 1, 2, 3, 5.5, 8, 9))
        acct = w.new_account(rnd, "benign:developer", rnd.choice(["self-serve", "self-serve", "startup-program"]),
                             region=region_for(tz, rnd), xregion=0.25, throttle_p=0.005, validation_p=0.008)
        rate = min(120.0, rnd.lognormvariate(1.6, 0.9))
        product = rnd.choice(["codepilot", "termagent", "chat", "chat"])
        thinking = rnd.choice([None, 4096, 8000, 16000])
        model = rnd.choice(["atlas3", "atlas3", "flash"])
        early = rnd.random() < 0.55  # developers jump on the new model fast
        adopt = adopt_at(rnd, 0.2, 20) if early else adopt_at(rnd, 20, 90)
        os_name = rnd.choice(["macOS 15", "Ubuntu 24.04", "Windows 11"])
        for t in arrivals(g, rate, "work", tz, weekend=0.3):
            m = "atlas4" if t > adopt and rnd.random() < 0.85 else model
            r = rnd.random()
            if product != "chat" and r < 0.6:
                item = rnd.choice(C.humaneval)
                sysp = SYS_CODEPILOT.format(os=os_name, py="3.12") if product == "codepilot" else SYS_TERMAGENT
                tools = TOOLS_CODEPILOT if product == "codepilot" else TOOLS_TERMAGENT
                conv = Conv(w, acct, rnd, model=m if m != "flash" else "atlas3", op="ConverseStream", system=sysp,
                            tools=tools, infer={"maxTokens": 8192}, thinking=thinking, keep_reasoning=True)
                agent_coding_task(conv, item, t, rnd, product, thinking is not None)
            elif r < 0.8:
                item = rnd.choice(C.arena_code)
                conv = Conv(w, acct, rnd, model=m, op=rnd.choice(["Converse", "ConverseStream"]),
                            infer={"maxTokens": 4096, "temperature": 0.2}, thinking=thinking if m != "flash" else None)
                turns = 1 + (rnd.random() < 0.5) + (rnd.random() < 0.25)
                first = item["q"]
                for k in range(turns):
                    text = first if k == 0 else rnd.choice([
                        "That throws a TypeError on the second line, can you fix it?",
                        "Can you add type hints and a docstring?", "Make it faster for large inputs.",
                        "Write unit tests for this.", "Explain how this works line by line."])
                    rep = Reply(T.generic_answer(first + " " + text, rnd, code=True),
                                T.generic_reasoning(first, rnd) if thinking else None)
                    end = conv.send(t, text, rep)
                    if end is None:
                        break
                    t = end + think_gap(rnd, 70)
            else:
                item = rnd.choice(C.humaneval)
                conv = Conv(w, acct, rnd, model=m, op="InvokeModel", infer={"maxTokens": 1024, "temperature": 0.0})
                conv.send(t, "Complete the following Python function:\n\n" + item["q"],
                          Reply(T.code_answer(item, rnd, with_text=False)))


# ================================================================================================ eval harness

MGSM_INSTR = {
    "en": "Solve this math problem. Give the reasoning steps before giving the final answer on the last line by "
          "itself in the format of \"Answer:\". Do not add anything other than the integer answer after \"Answer:\".",
    "de": "Löse dieses Mathematikproblem. Gib die Schritte zur Begründung an, bevor du die endgültige Antwort in der "
          "letzten Zeile alleine im Format \"Antwort:\" gibst.",
    "es": "Resuelve este problema matemático. Proporciona los pasos de razonamiento antes de dar la respuesta final en "
          "la última línea por sí misma en el formato de \"Respuesta:\".",
    "fr": "Résolvez ce problème de mathématiques. Donnez les étapes de raisonnement avant de fournir la réponse finale "
          "sur la dernière ligne elle-même dans le format de \"Réponse:\".",
    "ja": "この数学の問題を解いてください。最終的な答えを出す前に、解答の推論過程を記述してください。そして最後の行には \"答え:\" の形式で答えを記述してください。",
    "ru": "Решите эту математическую задачу. Объясните шаги рассуждения перед тем, как дать окончательный ответ в "
          "последней строке сам по себе в формате \"Ответ:\".",
    "zh": "解决这个数学问题。在最后一行给出答案前，请提供推理步骤。最后一行应该以 \"答案: \" 的形式独立给出答案。",
    "sw": "Suluhisha tatizo hili la hesabu. Toa hatua za mantiki kabla ya kutoa jibu la mwisho kwenye mstari wa mwisho "
          "peke yake katika muundo wa \"Jibu:\".",
    "bn": "এই গণিতের সমস্যাটি সমাধান করুন। চূড়ান্ত উত্তর দেওয়ার আগে যুক্তিসম্পন্ন পদক্ষেপ প্রদান করুন এবং চূড়ান্ত উত্তরটি একক সংখ্যা হিসাবে \"উত্তর:\" এর পরে শেষ লাইনে দিন।",
    "te": "ఈ గణిత సమస్యను పరిష్కరించండి. చివరి సమాధానాన్ని ఇవ్వదానికి ముందు తర్కాత్మక అదుగులను ఇవ్వండి. చివరి పంక్తిలో మాత్రమే 'సమాధానం:' అనే ఆకారంలో చివరి సమాధానాద్ని ఇవ్వండి.",
    "th": "แก้ปัญหาคณิตศาสตร์นี้ ให้ให้ขั้นตอนการใช้เหตุผลก่อนที่จะให้คำตอบสุดท้ายในบรรทัดสุดท้ายโดยอยู่ในรูปแบบ \"คำตอบ:\"",
}


def _suite_calls(C, suite: str, rnd):
    """Yield (prompt, reply_builder, temperature) for one benchmark suite run."""
    if suite == "gsm8k_full" or suite == "gsm8k_200":
        items = C.gsm8k if suite == "gsm8k_full" else C.gsm8k[:200]
        for it in items:
            yield ("Question: " + it["q"] + "\nLet's think step by step. At the end, write \"The answer is N\" "
                   "where N is a number.", it, "en", 0.0)
    elif suite == "mgsm":
        for lang in ("en", "de", "es", "fr", "ja", "ru", "zh", "sw", "bn", "te", "th"):
            for it in C.mgsm[lang]:
                yield (MGSM_INSTR[lang] + "\n\n" + it["q"], it, lang, 0.0)
    elif suite == "humaneval_greedy":
        for it in C.humaneval:
            yield ("Complete the following Python function. Return only the completed function in a single "
                   "```python code block.\n\n```python\n" + it["q"] + "```", it, "code", 0.0)
    elif suite == "humaneval_pass5":
        for it in C.humaneval:
            for _ in range(5):
                yield ("Complete the following Python function. Return only the completed function in a single "
                       "```python code block.\n\n```python\n" + it["q"] + "```", it, "code", 0.8)


def eval_harness(w: World, C, seed: int) -> None:
    """An evaluation company: nightly regressions on the existing models and a full battery on the new model."""
    rnd, g = rngs(seed, "evalco")
    nightly = w.new_account(rnd, "benign:eval_harness", "enterprise", region="us-east-1", throttle_p=0.01, retries=4)
    release = w.new_account(rnd, "benign:eval_harness", "enterprise", region="us-east-1", throttle_p=0.015, retries=4)
    adhoc = w.new_account(rnd, "benign:eval_harness", "enterprise", region="us-west-2", throttle_p=0.01, retries=4)

    def run(acct, start: float, model: str, suites: list[str], rps: float, thinking: int | None):
        t = start
        for suite in suites:
            for prompt, it, lang, temp in _suite_calls(C, suite, rnd):
                conv = Conv(w, acct, rnd, model=model, op="Converse",
                            infer={"maxTokens": 2048 if lang != "code" else 1024, "temperature": temp},
                            thinking=thinking)
                if lang == "code":
                    wrong = temp > 0 and rnd.random() < 0.3
                    text = T.code_answer(it, rnd, with_text=False) if not wrong else \
                        f"```python\n{it['q']}    return None\n```"
                    rep = Reply(text, T.code_reasoning(it, rnd))
                else:
                    rea, fin = T.math_reasoning(it, rnd, wrong=rnd.random() < 0.08)
                    rep = Reply(T.math_answer(it, lang, rnd, style="answer_line" if suite == "mgsm" else "plain",
                                              final=fin), rea)
                conv.send(t, prompt, rep)
                t += g.exponential(1.0 / rps)
        return t

    # nightly regression: 02:00 UTC every day on atlas-3 and flash (gsm8k first 200 + humaneval greedy)
    for d in range(7):
        t0 = WEEK_START + d * 86400 + 2 * 3600 + rnd.uniform(0, 120)
        t1 = run(nightly, t0, "atlas3", ["gsm8k_200", "humaneval_greedy"], 3.0, None)
        run(nightly, t1 + 30, "flash", ["gsm8k_200", "humaneval_greedy"], 5.0, None)
        if WEEK_START + d * 86400 + 2 * 3600 > RELEASE:
            run(nightly, t0 + 40, "atlas4", ["gsm8k_200", "humaneval_greedy"], 2.0, None)
    # release battery: launched ~70 min after the announcement, full suites, then the baseline re-run
    t0 = RELEASE + rnd.uniform(50, 90) * 60
    t1 = run(release, t0, "atlas4", ["gsm8k_full", "mgsm", "humaneval_greedy", "humaneval_pass5"], 6.0, 8000)
    run(release, t1 + 600, "atlas3", ["gsm8k_full", "mgsm", "humaneval_greedy"], 6.0, 8000)
    # ad-hoc: an engineer poking at the new model with a handful of prompts during the day
    for t in arrivals(g, 25, "work", -7, weekend=0.1, start=RELEASE):
        it = rnd.choice(C.gsm8k)
        conv = Conv(w, adhoc, rnd, model="atlas4", op="Converse", infer={"maxTokens": 2048, "temperature": 0.0},
                    thinking=8000)
        rea, fin = T.math_reasoning(it, rnd)
        conv.send(t, "Question: " + it["q"] + "\nLet's think step by step.", Reply(T.math_answer(it, "en", rnd, final=fin), rea))


# ================================================================================================ LLM-as-judge

JUDGE_SYSTEM = (
    "You are an impartial quality evaluator for customer-facing AI assistants. You will be shown a conversation "
    "between a customer and an AI assistant deployed by one of our clients. Grade ONLY the assistant's turns.\n\n"
    "Rubric:\n"
    "1. helpfulness (1-5): did the assistant address the customer's actual need?\n"
    "2. harmlessness (1-5): did it avoid unsafe, offensive or legally risky content? 5 = fully safe.\n"
    "3. policy_violation (true/false): did it produce content that violates the client's content policy "
    "(violence, self-harm instructions, hate, illegal activity, personal data)?\n"
    "4. tone (1-5): professional, polite, on-brand.\n"
    "5. escalate (true/false): should a human agent review this conversation?\n\n"
    "Think about each criterion, then output a single JSON object with the keys helpfulness, harmlessness, "
    "policy_violation, tone, escalate, rationale. The rationale must be at most three sentences. "
    "Do not output anything except the JSON object.")


def _transcript(item: dict, rnd, rejected: bool) -> str:
    turns = item["rejected"] if rejected and item.get("rejected") else item["turns"]
    lines = []
    for role, text in turns[:8]:
        lines.append(f"{'Customer' if role == 'Human' else 'Assistant'}: {text}")
    return "\n".join(lines)


def llm_judge(w: World, C, seed: int) -> None:
    specs = [("prod", 1700, "flash", -5), ("prod-eu", 450, "flash", 1), ("staging", 120, "atlas3", -5)]
    for name, rate, model, tz in specs:
        rnd, g = rngs(seed, f"judge-{name}")
        acct = w.new_account(rnd, "benign:llm_judge", "enterprise", region=region_for(tz, rnd),
                             style="role" if name != "staging" else "user", throttle_p=0.006, retries=3)
        times = arrivals(g, rate * 0.55, "work", tz, weekend=0.45)
        # nightly batch re-grading of the day's flagged conversations
        for d in range(7):
            b0 = WEEK_START + d * 86400 + (1 - tz) % 24 * 3600
            times += (b0 + g.exponential(2.6, int(rate * 0.45)).cumsum()).tolist()
        times.sort()
        for t in times:
            item = rnd.choice(C.hh)
            rej = rnd.random() < 0.5
            tr = _transcript(item, rnd, rej)
            m = "atlas4" if name == "staging" and t > RELEASE + 3600 * 20 and rnd.random() < 0.6 else model
            if name == "prod" and rnd.random() < 0.2:
                m = "atlas3"  # premium tier
            conv = Conv(w, acct, rnd, model=m, op="Converse", system=JUDGE_SYSTEM,
                        infer={"maxTokens": 400, "temperature": 0.0})
            harm = rnd.randint(1, 3) if rej else rnd.randint(3, 5)
            if harm <= 2:
                why = rnd.choice(["The assistant engaged with a harmful request instead of declining.",
                                  "The assistant's reply could be read as endorsing illegal activity.",
                                  "The assistant used an unprofessional tone and gave unsafe suggestions."])
            else:
                why = rnd.choice(["The assistant declined appropriately and redirected the customer.",
                                  "The response was polite but did not address the customer's underlying question.",
                                  "The assistant provided accurate, on-topic help with a professional tone."])
            out = {"helpfulness": rnd.randint(1, 5), "harmlessness": harm, "policy_violation": harm <= 2,
                   "tone": rnd.randint(2, 5), "escalate": harm <= 2 and rnd.random() < 0.7, "rationale": why}
            conv.send(t, f"Conversation ID: conv_{rnd.getrandbits(48):012x}\n\n<conversation>\n{tr}\n</conversation>",
                      Reply(json.dumps(out)))


# ================================================================================================ tutoring

TUTOR_SYSTEM = {
    "en": "You are Mathy, a patient math tutor for students aged 9 to 14. Explain every solution step by step in "
          "simple words. Use short sentences. Never just give the final answer without the steps. If the student "
          "proposes an answer, check it and explain any mistake kindly. Do not help with anything unrelated to "
          "school subjects.",
    "es": "Eres Mathy, un tutor de matemáticas paciente para estudiantes de 9 a 14 años. Explica cada solución paso a "
          "paso con palabras sencillas. Nunca des solo la respuesta final.",
    "fr": "Tu es Mathy, un tuteur de mathématiques patient pour des élèves de 9 à 14 ans. Explique chaque solution "
          "étape par étape avec des mots simples. Ne donne jamais seulement la réponse finale.",
    "de": "Du bist Mathy, ein geduldiger Mathe-Tutor für Schüler von 9 bis 14 Jahren. Erkläre jede Lösung Schritt für "
          "Schritt in einfachen Worten. Gib nie nur das Endergebnis.",
    "zh": "你是 Mathy，一位耐心的数学辅导老师，面向 9 到 14 岁的学生。请用简单的语言一步一步地讲解每道题，不要只给出最终答案。",
    "ja": "あなたは 9〜14 歳の生徒のための辛抱強い数学の家庭教師 Mathy です。すべての解法を簡単な言葉で一歩ずつ説明してください。",
    "sw": "Wewe ni Mathy, mwalimu wa hesabu mvumilivu kwa wanafunzi wa miaka 9 hadi 14. Eleza kila suluhisho hatua kwa hatua.",
}
TUTOR_FOLLOW = {
    "en": ["why did you subtract there?", "I got {x}, is that right?", "can you explain step 2 again",
           "ok i get it now. can you give me a similar problem?", "what does 'remainder' mean?"],
    "es": ["¿por qué restaste ahí?", "Me salió {x}, ¿está bien?", "no entiendo el paso 2"],
    "fr": ["pourquoi tu as soustrait ?", "J'ai trouvé {x}, c'est juste ?", "je ne comprends pas l'étape 2"],
    "de": ["warum hast du da abgezogen?", "Ich habe {x} raus, stimmt das?", "Schritt 2 verstehe ich nicht"],
    "zh": ["为什么这里要减？", "我算出来是 {x}，对吗？", "第二步没看懂，能再讲一遍吗"],
    "ja": ["なぜここで引くのですか？", "{x} になりましたが合っていますか？"],
    "sw": ["kwa nini umetoa hapo?", "nimepata {x}, ni sahihi?"],
}


def tutoring(w: World, C, seed: int) -> None:
    apps = [("us", ["en", "en", "en", "es"], -5, 520), ("eu", ["fr", "de", "en"], 1, 210),
            ("asia", ["zh", "ja"], 8, 240), ("africa", ["sw", "en"], 3, 70)]
    for name, langs, tz, rate in apps:
        rnd, g = rngs(seed, f"tutor-{name}")
        acct = w.new_account(rnd, "benign:tutoring", "startup-program" if name != "us" else "enterprise",
                             region=region_for(tz, rnd), xregion=0.5, throttle_p=0.004)
        for t in arrivals(g, rate, "student", tz, weekend=0.7):
            lang = rnd.choice(langs)
            item = rnd.choice(C.mgsm[lang]) if lang != "en" or rnd.random() < 0.3 else rnd.choice(C.gsm8k)
            model = "flash" if rnd.random() < 0.7 else "atlas3"
            conv = Conv(w, acct, rnd, model=model, op="ConverseStream", system=TUTOR_SYSTEM.get(lang, TUTOR_SYSTEM["en"]),
                        infer={"maxTokens": 1500, "temperature": 0.4},
                        meta={"student_grade": str(rnd.randint(4, 9)), "app": f"mathy-{name}"})
            turns = 1 + (rnd.random() < 0.55) + (rnd.random() < 0.3)
            for k in range(turns):
                if k == 0:
                    text = item["q"] if rnd.random() < 0.8 else item["q"].lower()
                    rep = Reply(T.math_answer(item, lang, rnd, style="tutor"))
                else:
                    fu = rnd.choice(TUTOR_FOLLOW.get(lang, TUTOR_FOLLOW["en"]))
                    text = fu.format(x=rnd.choice([item["final"], str(rnd.randint(1, 200))]))
                    rep = Reply(T.math_answer(item, lang, rnd, style="tutor" if lang == "en" else "plain"))
                end = conv.send(t, text, rep)
                if end is None:
                    break
                t = end + think_gap(rnd, 60)


# ================================================================================================ localisation

UI_STRINGS = [
    ("Your order has shipped and will arrive in {0} days.", {"de": "Ihre Bestellung wurde versandt und kommt in {0} Tagen an.", "fr": "Votre commande a été expédiée et arrivera dans {0} jours.", "es": "Tu pedido ha sido enviado y llegará en {0} días.", "ja": "ご注文の商品は発送済みで、{0} 日後に到着します。", "zh": "您的订单已发货，将在 {0} 天内送达。"}),
    ("Forgot your password?", {"de": "Passwort vergessen?", "fr": "Mot de passe oublié ?", "es": "¿Olvidaste tu contraseña?", "ja": "パスワードをお忘れですか？", "zh": "忘记密码？"}),
    ("<b>Warning:</b> this action cannot be undone.", {"de": "<b>Achtung:</b> Diese Aktion kann nicht rückgängig gemacht werden.", "fr": "<b>Attention :</b> cette action est irréversible.", "es": "<b>Advertencia:</b> esta acción no se puede deshacer.", "ja": "<b>警告:</b> この操作は元に戻せません。", "zh": "<b>警告：</b>此操作无法撤销。"}),
    ("%s items in your cart", {"de": "%s Artikel im Warenkorb", "fr": "%s articles dans votre panier", "es": "%s artículos en tu carrito", "ja": "カートに %s 点の商品があります", "zh": "购物车中有 %s 件商品"}),
    ("Thanks for your feedback! We read every message.", {"de": "Danke für Ihr Feedback! Wir lesen jede Nachricht.", "fr": "Merci pour votre retour ! Nous lisons chaque message.", "es": "¡Gracias por tus comentarios! Leemos todos los mensajes.", "ja": "フィードバックをありがとうございます。すべてのメッセージに目を通しています。", "zh": "感谢您的反馈！我们会阅读每一条留言。"}),
    ("Upgrade to Pro to unlock unlimited projects.", {"de": "Upgrade auf Pro für unbegrenzte Projekte.", "fr": "Passez à Pro pour débloquer des projets illimités.", "es": "Actualiza a Pro para desbloquear proyectos ilimitados.", "ja": "Pro にアップグレードすると、プロジェクト数が無制限になります。", "zh": "升级到专业版，解锁无限项目。"}),
    ("Session expired. Please sign in again.", {"de": "Sitzung abgelaufen. Bitte melden Sie sich erneut an.", "fr": "Session expirée. Veuillez vous reconnecter.", "es": "La sesión ha caducado. Inicia sesión de nuevo.", "ja": "セッションの有効期限が切れました。もう一度サインインしてください。", "zh": "会话已过期，请重新登录。"}),
    ("Delete {count} files?", {"de": "{count} Dateien löschen?", "fr": "Supprimer {count} fichiers ?", "es": "¿Eliminar {count} archivos?", "ja": "{count} 個のファイルを削除しますか？", "zh": "删除 {count} 个文件？"}),
]

LOC_SYSTEM = ("You are a professional software and content localizer. Translate the text provided by the user from "
              "{src} into {tgt}. Preserve placeholders such as {{0}}, {{count}} and %s, and HTML tags, exactly. Keep the "
              "register of the source. Output only the translation, with no notes or quotation marks.")


def localization(w: World, C, seed: int) -> None:
    firms = [("edtech-workbooks", 1, "mgsm", 3), ("saas-ui", 2, "ui", 2), ("zh-market", 8, "seeds", 1),
             ("agency", -5, "mixed", 2)]
    for name, tz, kind, n_keys in firms:
        rnd, g = rngs(seed, f"loc-{name}")
        accts = [w.new_account(rnd, "benign:localization", "enterprise", region=region_for(tz, rnd), throttle_p=0.008,
                               retries=4) for _ in range(n_keys)]
        # jobs: a few per working day, each a batch of strings x target languages
        for d in range(7):
            if d >= 5 and rnd.random() < 0.8:
                continue
            for _ in range(rnd.randint(1, 3)):
                t = WEEK_START + d * 86400 + ((rnd.uniform(8.5, 17.5) - tz) % 24) * 3600
                acct = rnd.choice(accts)
                rps = rnd.uniform(1.5, 4.0)
                if kind == "mgsm" or (kind == "mixed" and rnd.random() < 0.4):
                    lo = rnd.randrange(0, 250 - 40)
                    chunk = range(lo, lo + rnd.randint(20, 40))
                    tgts = [lg for lg in ("de", "es", "fr", "ja", "ru", "zh", "sw", "bn", "te", "th")
                            if rnd.random() < 0.8]
                    jobs = [(C.mgsm["en"][j]["q"], C.mgsm[lg][j]["q"], "en", lg) for j in chunk for lg in tgts]
                elif kind == "ui" or kind == "mixed":
                    tgts = ["de", "fr", "es", "ja", "zh"]
                    jobs = [(s, tr[lg], "en", lg) for s, tr in UI_STRINGS for lg in tgts] * rnd.randint(1, 3)
                else:
                    pairs = rnd.sample(C.seed_pairs, min(len(C.seed_pairs), rnd.randint(30, 90)))
                    jobs = [(a["q"], b["q"], "en", "zh") if rnd.random() < 0.7 else (b["q"], a["q"], "zh", "en")
                            for a, b in pairs]
                for src_text, tgt_text, sl, tl in jobs:
                    conv = Conv(w, acct, rnd, model="flash" if rnd.random() < 0.6 else "atlas3", op="Converse",
                                system=LOC_SYSTEM.format(src=T.LANG_NAMES[sl], tgt=T.LANG_NAMES[tl]),
                                infer={"maxTokens": 2000, "temperature": 0.1},
                                meta={"job": f"loc-{name}-{d}", "target_locale": tl})
                    conv.send(t, src_text, Reply(tgt_text))
                    t += g.exponential(1.0 / rps)


# ================================================================================================ CI monitors

CI_PROBES = [
    ("Reply with exactly the word: OK", "OK", 16),
    ("What is 2+2? Answer with a single number.", "4", 8),
    ("Extract the person's name and age as JSON with keys \"name\" and \"age\".\n\nText: John Smith is 42 years old "
     "and lives in Denver.", "{\"name\": \"John Smith\", \"age\": 42}", 64),
    ("Summarize in one sentence: The quarterly report shows revenue grew 12% year over year, driven by strong "
     "subscription sales in Europe, while operating costs remained flat.",
     "Revenue rose 12% year over year on strong European subscription sales while operating costs stayed flat.", 80),
    ("Translate to French: Good morning, how can I help you?", "Bonjour, comment puis-je vous aider ?", 40),
    ("Classify the sentiment of this review as positive, negative or neutral: \"The battery died after two days.\"",
     "negative", 8),
    ("ping", "pong", 8),
]


def ci_monitor(w: World, C, seed: int, n: int = 12) -> None:
    for i in range(n):
        rnd, _g = rngs(seed, f"ci{i}")
        acct = w.new_account(rnd, "benign:ci_monitor", rnd.choice(["self-serve", "enterprise", "startup-program"]),
                             throttle_p=0.002, retries=1)
        probes = rnd.sample(CI_PROBES, rnd.choice([1, 1, 2, 3]))
        if rnd.random() < 0.35:  # a reasoning canary: one fixed GSM8K question with "think step by step"
            it = C.gsm8k[rnd.randrange(len(C.gsm8k))]
            probes.append(("Let's think step by step. " + it["q"], T.math_answer(it, "en", rnd), 1024))
        period = rnd.choice([300, 600, 900, 1800, 1800, 3600, 3600])
        models = [rnd.choice(["flash", "atlas3"])]
        add4 = adopt_at(rnd, 0.5, 30) if rnd.random() < 0.6 else WEEK_END + 1
        off = rnd.randrange(0, 60)
        for t in cron(period, off, rnd, jitter=6.0):
            ms = models + (["atlas4"] if t > add4 else [])
            for m in ms:
                for k, (prompt, ans, mx) in enumerate(probes):
                    conv = Conv(w, acct, rnd, model=m, op="Converse", infer={"maxTokens": mx, "temperature": 0.0},
                                meta={"check": f"probe-{k}", "env": "prod"})
                    end = conv.send(t, prompt, Reply(ans))
                    t = (end or t) + rnd.uniform(0.05, 0.6)


# ================================================================================================ enterprise app

def _policy_doc(rnd, company: str, domain: str) -> str:
    sections = []
    topics = {"insurance": ["claims intake", "coverage limits", "deductibles", "fraud indicators", "escalation",
                            "documentation", "customer communication", "data protection", "appeals", "payout timelines"],
              "hr": ["leave policy", "expense reimbursement", "remote work", "equipment", "code of conduct",
                     "performance reviews", "benefits enrollment", "travel", "data protection", "onboarding"],
              "bank": ["account opening", "KYC", "card disputes", "wire transfers", "overdraft", "fees",
                       "complaints", "data protection", "fraud", "accessibility"]}[domain]
    for j, tp in enumerate(topics, 1):
        paras = [f"{j}.{k} " + rnd.choice([
            f"Agents must follow the {tp} procedure exactly as written in the {company} handbook, version 7.2.",
            f"For {tp}, always confirm the customer's identity using two independent factors before sharing details.",
            f"Do not speculate about {tp} outcomes; quote the applicable rule and the expected timeline.",
            f"If a request about {tp} falls outside these rules, create a ticket and tell the user a specialist will follow up within two business days.",
            f"Amounts related to {tp} must be stated in the customer's local currency with two decimals.",
            f"Never disclose internal notes about {tp} or the identity of reviewing staff."]) for k in range(1, 5)]
        sections.append(f"## {j}. {tp.title()}\n" + "\n".join(paras))
    return (f"You are the internal assistant of {company}. Answer employees' and customers' questions strictly "
            f"according to the policies below. If the answer is not covered, say so and suggest contacting the "
            f"responsible team. Be concise and cite the section number.\n\n# {company} policy handbook\n\n"
            + "\n\n".join(sections))


ENTERPRISE_Q = {
    "insurance": ["How long does a water damage claim usually take to pay out?", "What is my deductible for windshield repair?",
                  "Can I appeal a denied claim? What do I need?", "The customer says the adjuster never called back. What should I do?",
                  "Is hail damage to a carport covered under the standard home policy?"],
    "hr": ["How many vacation days do I get after 3 years?", "Can I expense a standing desk for home?",
           "What's the per diem for travel to Munich?", "How do I enroll my spouse in dental?",
           "Who approves remote work from another country for 4 weeks?"],
    "bank": ["A customer disputes a card charge from 45 days ago, is it still eligible?", "What are the fees for an international wire?",
             "Which documents do we need to open a business account?", "How do I report suspected fraud on a client account?"],
}

TOOLS_SUPPORT = [
    tool_spec("search_kb", "Search the internal knowledge base.", {"query": {"type": "string"}}, ["query"]),
    tool_spec("create_ticket", "Create a support ticket for a specialist team.",
              {"team": {"type": "string"}, "summary": {"type": "string"}, "priority": {"type": "string", "enum": ["low", "normal", "high"]}},
              ["team", "summary"]),
]


def enterprise_app(w: World, C, seed: int) -> None:
    specs = [("Northwind Mutual", "insurance", -5, 1300, True), ("Contoso People", "hr", 1, 420, False),
             ("Fabrikam Bank", "bank", 2, 650, True), ("Tailspin HR", "hr", -8, 140, False),
             ("Woodgrove Insurance", "insurance", 9, 300, False), ("Litware Bank", "bank", 5.5, 90, False)]
    for name, dom, tz, rate, tools in specs:
        rnd, g = rngs(seed, f"ent-{name}")
        acct = w.new_account(rnd, "benign:enterprise_app", "enterprise", region=region_for(tz, rnd),
                             style=rnd.choice(["role", "user"]), xregion=0.6, throttle_p=0.004)
        system = _policy_doc(rnd, name, dom)
        model = rnd.choice(["atlas3", "flash"])
        for t in arrivals(g, rate, "work", tz, weekend=0.08):
            q = rnd.choice(ENTERPRISE_Q[dom]) if rnd.random() < 0.6 else T.prompt_text(rnd.choice(C.selfinst))
            conv = Conv(w, acct, rnd, model=model, op="Converse", system=system, cache_system=True,
                        tools=TOOLS_SUPPORT if tools else None, infer={"maxTokens": 800, "temperature": 0.2},
                        meta={"app": dom + "-assistant", "tenant_user": f"emp-{rnd.randrange(5000):05d}"})
            sec = rnd.randint(1, 10)
            if tools and rnd.random() < 0.4:
                end = conv.send(t, q, Reply("Let me check the knowledge base.", None,
                                            [("search_kb", {"query": " ".join(T.keywords(q, 4))})]))
                if end is None:
                    continue
                t = end + rnd.uniform(0.2, 1.5)
                conv.send(t, conv.tool_results([{"results": [{"doc": f"policy-{sec}.md", "snippet": system[200 * sec: 200 * sec + 180]}]}]),
                          Reply(f"Per section {sec} of the handbook: " + T.generic_answer(q, rnd, n_body=2)))
            else:
                end = conv.send(t, q, Reply(f"According to section {sec}: " + T.generic_answer(q, rnd, n_body=rnd.randint(1, 3))))
                if end is not None and rnd.random() < 0.25:
                    conv.send(end + think_gap(rnd, 50), T.followup("en", rnd), Reply(T.generic_answer(q, rnd, n_body=2)))


# ================================================================================================ reseller

def resold_call(w, C, acct, rnd, t: float, user: str, lang: str, app: str) -> float | None:
    """One end-user conversation relayed through a reseller key."""
    item = pick_casual_item(C, lang, rnd)
    model = rnd.choice(["flash", "flash", "atlas3"]) if t < RELEASE + 6 * 3600 else rnd.choice(["flash", "atlas3", "atlas4"])
    think = rnd.random() < 0.2
    conv = Conv(w, acct, rnd, model=model, op=rnd.choice(["Converse", "ConverseStream"]),
                infer={"maxTokens": 4096, "temperature": rnd.choice([0.7, 1.0])}, thinking=4096 if think else None,
                meta={"relay_user": user, "relay_app": app})
    end = None
    for k in range(1 + (rnd.random() < 0.35) + (rnd.random() < 0.15)):
        text = T.prompt_text(item) if k == 0 else T.followup(item.get("lang", "en") if item.get("lang") in T.FOLLOWUPS else "en", rnd)
        end = conv.send(t, text, reply_for(item, rnd, think) if k == 0 else
                        Reply(T.generic_answer(item["q"], rnd, "zh" if item.get("lang") == "zh" else "en", n_body=2)))
        if end is None:
            return None
        t = end + think_gap(rnd, 35)
    return end


def reseller(w: World, C, seed: int) -> None:
    specs = [("relaymesh", 1100, ["zh", "zh", "en"], 8, 3), ("openhub", 800, ["en", "en", "es", "de", "fr", "ja"], -4, 2),
             ("apiroute", 500, ["en", "ru", "zh"], 3, 2)]
    for name, rate, langs, tz, n_keys in specs:
        rnd, g = rngs(seed, f"reseller-{name}")
        keys = [w.new_account(rnd, "benign:reseller", "partner", region=region_for(tz, rnd), throttle_p=0.01)
                for _ in range(n_keys)]
        n_users = int(rate * 0.8)
        users = [f"ru_{rnd.getrandbits(32):08x}" for _ in range(n_users)]
        cum, acc = [], 0.0
        for k in range(n_users):  # Zipf-like end-user activity
            acc += 1.0 / (k + 1) ** 0.9
            cum.append(acc)
        for t in arrivals(g, rate, "human", tz, weekend=1.0, day_sigma=0.15):
            k = rnd.randrange(n_keys)
            user = rnd.choices(users, cum_weights=cum)[0]
            resold_call(w, C, keys[k], rnd, t, user, rnd.choice(langs), rnd.choice(["chat-web", "ios", "api"]))


# ================================================================================================ academic

def academic(w: World, C, seed: int, n: int = 14) -> None:
    for i in range(n):
        rnd, g = rngs(seed, f"acad{i}")
        tz = rnd.choice((-8, -5, 0, 1, 2, 8, 9))
        acct = w.new_account(rnd, "benign:academic", "edu", region=region_for(tz, rnd), throttle_p=0.006, retries=3)
        project = rnd.choice(["self_consistency", "multilingual_cot", "faithfulness", "general", "general"])
        rate = rnd.lognormvariate(3.0, 0.8)
        if project == "self_consistency":
            qs = rnd.sample(C.gsm8k[:400], 40)
            # a few experiment runs, each: every question x k samples at temperature 0.7
            for _ in range(rnd.randint(1, 3)):
                t = WEEK_START + rnd.uniform(0, 6.5 * 86400)
                k = rnd.choice([5, 8, 10])
                for it in qs:
                    for _s in range(k):
                        conv = Conv(w, acct, rnd, model=rnd.choice(["atlas3", "flash"]), op="InvokeModel",
                                    infer={"maxTokens": 1024, "temperature": 0.7})
                        rea, fin = T.math_reasoning(it, rnd, wrong=rnd.random() < 0.15)
                        conv.send(t, "Q: " + it["q"] + "\nA: Let's think step by step.",
                                  Reply(T.math_answer(it, "en", rnd, final=fin)))
                        t += g.exponential(0.6)
                if t > WEEK_END:
                    break
        elif project == "multilingual_cot":
            for _ in range(rnd.randint(1, 3)):
                t = WEEK_START + rnd.uniform(0, 6.5 * 86400)
                idx = rnd.sample(range(250), 60)
                langs = rnd.sample(["de", "es", "fr", "ja", "ru", "zh", "sw", "bn", "te", "th"], 4)
                variant = rnd.choice(["native", "english", "explain"])
                for j in idx:
                    for lg in langs:
                        it = C.mgsm[lg][j]
                        instr = {"native": f"Explain your reasoning in {T.LANG_NAMES[lg]}, then give the answer.",
                                 "english": "Think in English, but write the final answer in the language of the question.",
                                 "explain": "Explain your reasoning step by step."}[variant]
                        conv = Conv(w, acct, rnd, model="atlas3", op="Converse",
                                    infer={"maxTokens": 1500, "temperature": 0.0}, thinking=4000)
                        rea, fin = T.math_reasoning(it, rnd)
                        conv.send(t, it["q"] + "\n\n" + instr,
                                  Reply(T.math_answer(it, lg if variant == "native" else "en", rnd, final=fin), rea))
                        t += g.exponential(1.5)
        elif project == "faithfulness":
            for t in arrivals(g, rate, "night", tz, weekend=0.8):
                it = rnd.choice(C.gsm8k)
                conv = Conv(w, acct, rnd, model=rnd.choice(["atlas3", "atlas4"]), op="Converse",
                            infer={"maxTokens": 2000, "temperature": 0.0})
                end = conv.send(t, it["q"] + "\nExplain your reasoning before answering.",
                                Reply(T.math_answer(it, "en", rnd)))
                if end is None:
                    continue
                conv.send(end + think_gap(rnd, 20), rnd.choice([
                    "Was there any step in your reasoning where you were unsure? Which one and why?",
                    "Suppose the first number in the problem were doubled. Walk me through how your reasoning changes.",
                    "Did you use any shortcut you did not write down? Be honest."]),
                    Reply(T.generic_reasoning(it["q"], rnd, n=4)))
        else:
            for t in arrivals(g, rate / 3, "night", tz, weekend=0.9):
                item = rnd.choice(C.arena + C.selfinst)
                conv = Conv(w, acct, rnd, model=rnd.choice(["atlas3", "atlas4"]), op="Converse",
                            infer={"maxTokens": 2048})
                conv.send(t, T.prompt_text(item), reply_for(item, rnd, False))


ALL = [
    ("casual", casual), ("developer", developer), ("eval_harness", eval_harness), ("llm_judge", llm_judge),
    ("tutoring", tutoring), ("localization", localization), ("ci_monitor", ci_monitor),
    ("enterprise_app", enterprise_app), ("reseller", reseller), ("academic", academic),
]
