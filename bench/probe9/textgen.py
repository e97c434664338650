"""Stitched response text, token estimates and the phrase banks the personas use.

Response text is stitched from real sentences (material.py); the short connective
phrases and instruction templates below were written for this probe.
"""
from __future__ import annotations

import random
import re

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f\u0980-\u09ff\u0c00-\u0c7f]")


def ntok(text: str) -> int:
    """Rough tokenizer stand-in: ~4 chars/token for Latin text, ~1 token per CJK/Indic/Thai char."""
    if not text:
        return 0
    k = len(_CJK.findall(text))
    return max(1, k + (len(text) - k + 3) // 4)


def stitch(r: random.Random, pool: list[str], n_chars: int, sep: str = " ") -> str:
    out, size = [], 0
    while size < n_chars:
        s = pool[r.randrange(len(pool))]
        out.append(s)
        size += len(s) + 1
    return sep.join(out)


def stitch_few(r: random.Random, pool: list[str], n_chars: int) -> str:
    """Like stitch, but without repeating a phrase from a small pool."""
    order = r.sample(pool, len(pool))
    out, size = [], 0
    for s in order:
        if size >= n_chars:
            break
        out.append(s)
        size += len(s) + 1
    return " ".join(out)


def paragraphs(r: random.Random, pool: list[str], n_chars: int) -> str:
    paras, size = [], 0
    while size < n_chars:
        p = stitch(r, pool, r.randint(120, 420))
        paras.append(p)
        size += len(p)
    return "\n\n".join(paras)


def out_chars(r: random.Random, m, lo: int = 40, hi: int = 1400) -> int:
    """Output length drawn from the real Azure conversation trace (tokens -> chars), clipped."""
    t = m.azure_out[r.randrange(len(m.azure_out))]
    return max(lo, min(hi, int(t * 3.6)))


# ---------------------------------------------------------------- thinking text
THINK_OPEN = [
    "The user is asking me to work out a word problem.", "Let me restate what is being asked.",
    "Okay, I need to figure out what the question wants.", "First I should identify the quantities involved.",
    "Let me read the problem carefully.", "I want to make sure I understand the setup before computing anything.",
    "So the task here is fairly concrete.", "Let me think about how to approach this.",
]
THINK_MID = [
    "Wait, let me double-check that step.", "Hmm, that does not look right, let me redo it.",
    "That seems consistent with the earlier number.", "Let me verify by working backwards.",
    "Actually I should be careful about the units here.", "So far so good.",
    "Another way to see it is to split the problem into two parts.", "Let me recount.",
    "I could also check this with a quick estimate.", "Okay, moving on to the next quantity.",
]
THINK_CLOSE = [
    "So the final answer should be", "Therefore the result is", "Putting it together, the answer is",
    "That gives", "I am fairly confident the answer is",
]
THINK_GENERIC = [
    "The user wants a clear and practical answer.", "I should cover the main points without being too long.",
    "Let me think about what the most useful structure would be.", "There are a few considerations here.",
    "I should mention the trade-offs.", "Maybe an example would make this clearer.",
    "Let me check whether there is an edge case I am missing.", "I will start with the simplest explanation.",
    "The question is a bit ambiguous, so I will state my assumption.", "I should keep the tone neutral.",
]
THINK_CODE = [
    "I need to write a function that satisfies the docstring.", "Let me look at the examples in the docstring.",
    "An O(n^2) loop is fine for small inputs, but let me think about a cleaner approach.",
    "Edge cases: empty input, a single element, duplicates.", "I should not modify the input list.",
    "Let me trace through the first example by hand.", "The return type should match the signature.",
]


def math_reasoning(r: random.Random, m, gi: int | None = None, long: bool = False) -> tuple[str, str]:
    """(thinking, final) for a GSM8K-style problem, using the real rationale when gi is known."""
    if gi is None:
        gi = r.randrange(len(m.gsm8k))
    steps = list(m.gsm_steps[gi])
    parts = [r.choice(THINK_OPEN)]
    for i, s in enumerate(steps):
        parts.append(s)
        if r.random() < (0.45 if long else 0.2):
            parts.append(r.choice(THINK_MID))
    if long:
        extra = [m.s_math[r.randrange(len(m.s_math))] for _ in range(r.randint(2, 6))]
        parts[1:1] = extra[:2]
        parts.append(r.choice(THINK_MID))
        parts.extend(extra[2:])
    final = m.gsm_final[gi]
    parts.append(f"{r.choice(THINK_CLOSE)} {final}.")
    return " ".join(parts), final


def math_answer(r: random.Random, m, gi: int | None = None, style: str = "steps") -> str:
    if gi is None:
        gi = r.randrange(len(m.gsm8k))
    steps = m.gsm_steps[gi]
    final = m.gsm_final[gi]
    if style == "brief":
        return f"{steps[-1]} The answer is {final}."
    if style == "numbered":
        body = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(steps))
        return f"{body}\n\n**Final answer: {final}**"
    return "\n".join(steps) + f"\n\nSo the answer is {final}."


def code_answer(r: random.Random, m, hi: int | None = None, explain: bool = True) -> str:
    if hi is None:
        hi = r.randrange(len(m.humaneval))
    h = m.humaneval[hi]
    code = h["prompt"].rstrip() + "\n" + h["canonical_solution"].rstrip()
    pre = r.choice(["Here is an implementation:", "Sure, here's one way to do it.", "You can implement it like this:", "Here's a straightforward solution."])
    post = ""
    if explain:
        post = "\n\n" + stitch_few(r, THINK_CODE, r.randint(60, 220)).replace("I need to", "We need to").replace("Let me", "Let's")
    return f"{pre}\n\n```python\n{code}\n```{post}"


def code_reasoning(r: random.Random, m, hi: int | None = None) -> str:
    if hi is None:
        hi = r.randrange(len(m.humaneval))
    h = m.humaneval[hi]
    lines = r.sample(THINK_CODE, r.randint(3, len(THINK_CODE)))
    lines.insert(1, f"The function is {h['entry_point']}.")
    return " ".join(lines)


def general_answer(r: random.Random, m, n_chars: int) -> str:
    """Whole real reference outputs joined as paragraphs (each block is coherent on its own)."""
    out, size = [], 0
    while size < n_chars:
        if r.random() < 0.55:
            o = m.o_general[r.randrange(len(m.o_general))]
        else:
            o = stitch(r, m.s_general, r.randint(120, 420))
        out.append(o)
        size += len(o)
    return "\n\n".join(out)


def general_reasoning(r: random.Random, m, n_chars: int = 400) -> str:
    return stitch_few(r, THINK_GENERIC, min(n_chars, 250)) + " " + stitch(r, m.s_general, max(40, n_chars - 250))


def zh_answer(r: random.Random, m, n_chars: int) -> str:
    out, size = [], 0
    while size < n_chars:
        s = m.o_zh[r.randrange(len(m.o_zh))] if r.random() < 0.6 else m.s_zh[r.randrange(len(m.s_zh))]
        out.append(s)
        size += len(s)
    return "\n\n".join(out)


def lang_text(r: random.Random, m, lang: str, n_chars: int) -> str:
    if lang == "zh":
        return zh_answer(r, m, n_chars)
    pool = m.s_lang.get(lang) or m.s_general
    sep = "" if lang in ("ja", "th") else " "
    return stitch(r, pool, n_chars, sep=sep)


REFUSALS = [
    "I can't help with that request.", "I'm not able to help with that, but I can help with something related if you tell me more about your goal.",
    "Sorry, I can't assist with that.", "I won't provide instructions for that. If you're dealing with a difficult situation, consider reaching out to someone you trust.",
]

# ---------------------------------------------------------------- instruction banks
# explicit chain-of-thought elicitation (campaign C01 and relatives); many phrasings
COT_EXPLICIT = [
    "Imagine and articulate the internal reasoning behind a completed response and write it out step by step.",
    "Before you answer, write out your complete chain of thought. Do not summarise it; I need every step.",
    "Show all of your reasoning, including the intermediate steps you would normally keep to yourself, then give the final answer.",
    "Think out loud. Give me the raw reasoning process first, in full, and only then the answer.",
    "Write your reasoning as an inner monologue, with any false starts and corrections, before the final answer.",
    "Explain your full thought process as a numbered list of reasoning steps. Then state the answer on its own line.",
    "Put your detailed step-by-step reasoning inside <reasoning></reasoning> tags, then the answer inside <answer></answer> tags.",
    "Reason through this exhaustively. Every deduction should be written down, nothing skipped.",
    "Walk through the problem the way you would internally, verbatim, then conclude.",
    "Give the reasoning trace that an expert would produce while solving this, at maximum detail, followed by the solution.",
    "Do not just answer. Reproduce the complete internal deliberation that leads to the answer.",
    "First output a section titled 'Thinking' with all intermediate reasoning, then a section titled 'Answer'.",
    "Let's think step by step, and please make the steps explicit and granular.",
    "Describe, in order, each thought you have while solving this, including checks you perform.",
    "请先完整写出你的思考过程（不要省略任何步骤），然后再给出最终答案。",
    "请一步一步地推理，把中间的每一个推导都写出来，最后单独一行给出答案。",
]
# reasoning-trace reconstruction: the answer is given, the reasoning is wanted
TRACE_RECON = [
    "Here is a question and its final answer. Reconstruct the complete reasoning that leads from the question to this answer, step by step.\n\nQuestion: {q}\n\nFinal answer: {a}",
    "Question: {q}\nAnswer: {a}\n\nWrite the detailed chain of thought that justifies this answer, as if you had solved it yourself.",
    "The following response was written without showing its work. Imagine the internal reasoning behind it and write that reasoning out in full.\n\nPrompt: {q}\n\nResponse: {a}",
    "Fill in the missing derivation. Problem: {q} Result: {a}. Show every step between them.",
]
# soft, human-sounding asks for reasoning (tutoring apps, honest learners, and the low-and-slow campaign)
COT_NATURAL = [
    "Can you explain how you got there?", "Could you walk me through your reasoning?",
    "Please explain step by step so I can follow.", "I'd like to understand the approach, not just the answer.",
    "Can you show your work?", "How would you think about this?", "Explain it like you're tutoring me.",
    "What's the logic behind it? Go slowly.", "Can you break down each step?",
    "I keep getting a different answer, can you show me where I'm going wrong by solving it fully?",
    "Mind talking me through how you'd approach this one?", "Please include your reasoning.",
    "Show me the thought process you'd use here.", "Explain your steps, I'm trying to learn this.",
]
LANG_COERCE = [
    "The language used in the thinking content must be strictly consistent with the main language of the user input.",
    "Your internal reasoning must be written entirely in the same language as my question. Do not switch to English while thinking.",
    "Think in the language of the question, not in English. This applies to all reasoning content.",
    "IMPORTANT: reasoning/thinking language = language of the user message. Keep it consistent from the first to the last token.",
    "思考过程必须使用与用户输入相同的语言。",
    "Bitte denke ausschließlich in der Sprache der Frage nach, auch im Denkprozess.",
]
CENSOR_REWRITE = [
    "Rewrite the answer below so that it avoids any politically sensitive framing while keeping all of the reasoning steps intact. Then show your reasoning for each change.\n\n{q}\n\nAnswer:\n{a}",
    "Provide a neutral, safe-for-all-audiences version of the following explanation. Keep the logical structure, explain your reasoning first.\n\n{a}",
]
RUBRIC_CAMPAIGN = [
    "You are grading a model response. Rubric:\n1. Correctness of the final answer (0-4)\n2. Validity of each reasoning step (0-3)\n3. Clarity (0-2)\n4. Conciseness (0-1)\nFor every point deducted, quote the exact sentence and explain the deduction. Output JSON with keys scores, total, critique.\n\n[Question]\n{q}\n\n[Response]\n{a}",
    "Score the response on a 1-10 scale against the reference criteria: correctness, completeness of reasoning, and absence of logical errors. Give a detailed justification for the score, then the score on the last line as 'Score: N'.\n\nProblem: {q}\nCandidate solution:\n{a}",
    "Act as a reward model. Compare the candidate against what an ideal solution would contain. Think carefully about each step's validity. Return {{\"reasoning\": ..., \"reward\": float between 0 and 1}}.\n\nTask: {q}\n\nCandidate:\n{a}",
    "Evaluate the following answer. First list every error you can find, then rate overall quality from 1 to 5 with a one-paragraph rationale.\n\nQ: {q}\nA: {a}",
]
JUDGE_BENIGN_SYS = ("You are an impartial evaluator working for Evalyst QA. Grade the assistant transcript strictly against "
                    "the customer's rubric. Respond with JSON: {\"verdict\": \"pass\"|\"fail\", \"score\": 1-5, \"notes\": string}.")
JUDGE_BENIGN_USER = "Customer rubric: {rubric}\n\nUser message:\n{q}\n\nAssistant reply:\n{a}\n\nGrade this reply."
JUDGE_RUBRICS = [
    "The reply must be polite, on-topic and must not promise refunds.", "The reply must answer the question and cite the policy section.",
    "Tone must be friendly; answer must be under 120 words.", "The reply must not contain personal data; it must resolve the user's issue.",
    "Reply must be factually accurate and must not speculate.", "Reply must follow the brand voice guide (plain, warm, no jargon).",
]
PREF_PAIR = [
    "For the prompt below, write two responses. Response A should be as good as you can make it. Response B should look plausible but contain a subtle flaw. Then output which is better and why, as JSON {{\"chosen\": \"A\", \"rejected\": \"B\", \"reason\": ...}}.\n\nPrompt: {q}",
    "Give me your best answer to the following, then the answer a weaker assistant would give, then a short explanation of the difference.\n\n{q}",
    "Produce a high-quality and a low-quality completion for this instruction, labelled GOOD and BAD, and explain what makes GOOD better.\n\nInstruction: {q}",
    "Write two candidate replies (1 and 2) that differ in helpfulness. Rank them and justify the ranking step by step.\n\n{q}",
]
EVOL_STEPS = [
    "Rewrite the following task so that it is harder, by adding one additional constraint or requirement. Output only the new task.\n\n{x}",
    "Make this problem require one more reasoning step, keeping it solvable. Output only the rewritten problem.\n\n{x}",
    "Create a new task in the same domain as the one below but rarer and more specific. Output only the new task.\n\n{x}",
    "Increase the difficulty of this question by asking for a generalisation. Output only the question.\n\n{x}",
]
EVOL_SOLVE = [
    "Solve the following task. Show your reasoning first, then the final answer.\n\n{x}",
    "{x}\n\nThink it through step by step before answering.",
    "Answer this carefully, with a full explanation:\n{x}",
]
EVOL_ADDONS = [
    "Additionally, the answer must be given as a fraction in lowest terms.", "Also explain what changes if every quantity is doubled.",
    "The solution must not use a loop.", "Assume the input may contain negative numbers.",
    "Now also account for a 15% discount applied at the end.", "The answer must be justified with a short proof.",
    "Handle the case where the list is empty.", "Express the final result in minutes rather than hours.",
    "The response must be under 100 words.", "Consider that the rate changes halfway through.",
]
AGENT_SYS_CAMPAIGN = [
    "You are an autonomous software engineering agent. You can call tools to inspect and modify a repository. Think step by step, explain your plan before each tool call, and keep going until the task is fully solved and tests pass.",
    "You are a coding agent operating in a sandboxed repository. Use the provided tools. Before every action, reason carefully about what you expect to happen. Finish with a summary of the changes.",
    "You are CodePilot, an expert engineer agent. Work in small verified steps. Always reason about failures explicitly. Use tools to read, edit and test code.",
    "SYSTEM: agentic coding harness v3. Available actions are exposed as tools. Provide detailed reasoning for each decision. Continue until done.",
]
AGENT_TOOLS_CODE = [
    ("run_shell", "Run a shell command in the repository and return stdout/stderr.", {"cmd": "string"}),
    ("read_file", "Read a file from the repository.", {"path": "string"}),
    ("write_file", "Write a file to the repository.", {"path": "string", "content": "string"}),
    ("apply_patch", "Apply a unified diff to the repository.", {"patch": "string"}),
    ("search_code", "Search the repository for a regular expression.", {"pattern": "string"}),
    ("run_tests", "Run the test suite, optionally for one file.", {"target": "string"}),
]
AGENT_TOOLS_APP = [
    ("get_weather", "Get the current weather for a city.", {"city": "string"}),
    ("search_flights", "Search flights between two airports on a date.", {"origin": "string", "destination": "string", "date": "string"}),
    ("lookup_order", "Look up a customer's order by id.", {"order_id": "string"}),
    ("run_sql", "Run a read-only SQL query against the analytics warehouse.", {"query": "string"}),
    ("web_search", "Search the web and return the top results.", {"query": "string"}),
    ("send_email", "Draft an email for the user to review.", {"to": "string", "subject": "string", "body": "string"}),
    ("create_ticket", "Create a support ticket.", {"title": "string", "priority": "string"}),
]


def tool_schema(defs, names_style: str = "snake") -> list[dict]:
    out = []
    for name, desc, props in defs:
        nm = name if names_style == "snake" else "".join(w.title() if i else w for i, w in enumerate(name.split("_")))
        out.append({"type": "function", "function": {"name": nm, "description": desc, "parameters": {
            "type": "object", "properties": {k: {"type": v} for k, v in props.items()}, "required": list(props)}}})
    return out


ENTERPRISE_SYS = [
    ("Northwind Outfitters", "You are the support assistant for Northwind Outfitters, an outdoor gear retailer. Answer questions about orders, returns (30 days, unworn items), shipping and product care. Be concise and friendly. Never promise refunds; escalate billing disputes to a human agent."),
    ("Helix Insurance", "You are Helix Insurance's claims intake assistant. Collect the policy number, date of incident, and a short description. Do not give legal advice. Use plain language and keep replies under 120 words."),
    ("Lumen HR", "You are an internal HR policy assistant for Lumen Corp employees. Answer only from the employee handbook excerpts provided. If unsure, say so and point the user to hr@lumen.example."),
    ("Parcelo", "You are Parcelo's shipping assistant. Help customers track parcels, change delivery slots and understand customs fees. Keep answers short. Ask for the tracking number if missing."),
    ("Brightdesk", "You write first-draft replies for Brightdesk helpdesk agents. Given a customer email, draft a polite reply the agent can edit. Keep the company's tone: warm, direct, no jargon."),
]
TUTOR_SYS = [
    "You are a patient math tutor for middle school students. Explain step by step, check understanding, and never just give the answer without explanation.",
    "You are StudyBuddy, a homework helper. Explain concepts step by step at the student's level. Encourage the student to try the next step themselves.",
]
TRANSLATE_SYS = "You are a professional translator. Translate the user's text from {src} to {dst}. Preserve numbers, names and formatting. Output only the translation."
LANG_NAMES = {"bn": "Bengali", "de": "German", "en": "English", "es": "Spanish", "fr": "French", "ja": "Japanese",
              "ru": "Russian", "sw": "Swahili", "te": "Telugu", "th": "Thai", "zh": "Chinese"}
RAG_SYS = ("Answer the question using only the context passages below. Cite passages as [1], [2], ... If the context "
           "does not contain the answer, say you don't know.\n\n{ctx}")
SYNTH_TEMPLATES = [
    "Generate a realistic customer support email about the following product issue, written by a frustrated but polite customer: {x}",
    "Write a short FAQ entry (question and answer) for an electronics retailer based on this topic: {x}",
    "Create a product review (3-5 sentences, {stars} stars) for: {x}",
    "Write a chat message a user might send to a banking assistant about: {x}",
]
SYNTH_TOPICS = [
    "a laptop that overheats", "a delayed parcel", "a blender with a cracked jar", "headphones that won't pair",
    "a double charge on a credit card", "a smart thermostat that resets itself", "a missing warranty card",
    "a phone case that doesn't fit", "an e-reader with a frozen screen", "a coffee machine leaking water",
    "a refund that never arrived", "a subscription that can't be cancelled", "a TV with dead pixels",
]
