"""Distillation campaigns (about 20% of calls). Each is one Actor with many accounts (organizations)."""
from __future__ import annotations

import json

import numpy as np

from . import text as T
from .core import (
    HAIKU,
    HOUR,
    NEW,
    OPUS,
    PY_VERS,
    RELEASE,
    SONNET,
    TS_VERS,
    Actor,
    hour_weights,
    ip_block,
    residential_ip,
    rid,
    sample_times,
    sdk_ua,
    text_block,
    thinking_block,
)
from .items import answer_of, assistant, body, draw, user
from .personas import mix_w, sample_content
from .text import pick


class Campaign(Actor):
    err_rate = 0.012

    def __init__(self, seed, name, archetype, n_accounts, volume, tiers=("build_t1", "build_t2")):
        super().__init__(seed, name, archetype, campaign_id=name, volume=volume)
        self.n_accounts = n_accounts
        self.tiers = tiers

    def make_accounts(self, n_keys=(1, 2)):
        for _ in range(self.n_accounts):
            self.new_account(pick(self.rng, list(self.tiers)), 1, int(self.rng.integers(n_keys[0], n_keys[1] + 1)))

    def poisson_times(self, n, flat=True, tz=0, jitter_pauses=False):
        g = self.rng
        w = hour_weights(tz, "flat") if flat else hour_weights(tz, "consumer")
        if jitter_pauses:  # random hours off (randomised timing, not a clean 24/7 line)
            w = w * g.choice([0.0, 0.3, 1.0, 1.0, 1.6], size=len(w))
            w = w / w.sum()
        return sample_times(g, n, w)


# =====================================================================================
class UserSimDialogue(Campaign):
    """Multi-turn dialogue synthesis: a cheap model plays the user, the strong model answers; transcripts grow turn by turn."""
    PERSONAS = ["a busy ICU nurse with little time", "a retired mechanical engineer who likes precise answers", "a high-school student preparing for exams",
                "a small-business owner in Jakarta who writes informally", "a skeptical journalist", "a first-time home buyer", "a junior data analyst",
                "a parent of a toddler", "a graduate student in chemistry", "a non-native English speaker learning to code", "an angry customer",
                "a product manager at a fintech startup"]
    FOLLOW = ["Okay, but what if {k} isn't available?", "Can you give me a concrete example involving {k}?", "I'm not convinced. Why does {k} matter so much?",
              "hmm ok. and how does that compare to {k2}?", "Can you make that shorter? I don't have much time.", "Wait, I think you got {k} wrong.",
              "Great. Now put what we discussed into 3 bullet points.", "What would an expert say about {k2}?", "i tried that and it didnt work",
              "Could you explain {k} like I'm 12?", "Is there any risk with {k}?", "Thanks. One more thing about {k2}:"]

    def run(self):
        g = self.rng
        self.make_accounts()
        blocks = [ip_block(g, 43) for _ in range(3)]
        ips = {a.org_id: f"{pick(g, blocks)}.{int(g.integers(2, 250))}" for a in self.accounts}
        ua = "anthropic-python/0.39.0"
        n_conv = int(self.volume * 0.85 / 11)
        starts = self.poisson_times(n_conv)
        c = T.corpus()

        def fo():
            a = pick(g, self.accounts)
            return a, a.keys[0], ips[a.org_id], ua

        for t in starts:
            acct = pick(g, self.accounts)
            ip = ips[acct.org_id]
            it = draw(g, pick(g, ["si", "arena", "hh", "belle", "si"]))
            persona = pick(g, self.PERSONAS)
            sim_sys = (f"You are role-playing a human user talking to an AI assistant. You are {persona}. Your underlying goal: "
                       f"{T.first_line(it.prompt, 160)}\nWrite ONLY the user's next message, in the user's voice, with realistic typos and "
                       f"tone. Do not be helpful; do not answer for the assistant. If the goal is reached, write [END].")
            ks = T.keywords(it.prompt + " " + (it.answer or ""), 6)
            conv = []
            tc = int(t)
            n_turns = int(g.integers(3, 8))
            strong = lambda tt: NEW if (tt > RELEASE + int(2 * HOUR) and g.random() < 0.75) else OPUS
            for turn in range(n_turns):
                if turn == 0:
                    umsg = it.prompt[:3000]
                else:
                    transcript = "\n\n".join(f"{'USER' if m['role'] == 'user' else 'ASSISTANT'}: {m['content'] if isinstance(m['content'], str) else m['content'][-1]['text']}" for m in conv)
                    umsg = pick(g, self.FOLLOW).format(k=pick(g, ks), k2=pick(g, ks))
                    b = body(HAIKU, [user(f"Conversation so far:\n\n{transcript[-12000:]}\n\nWrite the user's next message.")], 400, system=sim_sys, temperature=1.0)
                    tc = self.emit(tc, acct, acct.keys[0], ip, ua, b, [text_block(umsg)], failover=fo) + int(g.integers(30, 400))
                conv = conv + [user(umsg)]
                model = strong(tc)
                b = body(model, list(conv), 4096, temperature=0.8)
                ans = answer_of(g, it) if turn == 0 else T.synth_answer(g, umsg + " " + " ".join(ks))
                tc = self.emit(tc, acct, acct.keys[0], ip, ua, b, [text_block(ans)], failover=fo) + int(g.integers(30, 400))
                conv = conv + [assistant([text_block(ans)])]
        # ordinary-looking filler traffic (camouflage)
        for t in self.poisson_times(int(self.volume * 0.15)):
            acct = pick(g, self.accounts)
            it = draw(g, pick(g, ["arena", "gsm", "code", "si"]))
            b = body(pick(g, [SONNET, HAIKU]), [user(it.prompt[:3000])], 2048)
            self.emit(t, acct, acct.keys[0], ips[acct.org_id], ua, b, sample_content(g, it))


# =====================================================================================
class LongDocDigest(Campaign):
    """Long-context summarisation harvest: long documents, multi-granularity summaries + grounded QA, same doc re-asked with variants."""
    ASKS = [
        "Produce the following for the document above:\n1. A one-sentence TL;DR.\n2. An executive summary of at most 120 words.\n3. A detailed section-by-section summary.\n4. Eight question-answer pairs that can only be answered from the document, each with the supporting quote.",
        "Summarise the document at three levels of detail (one line / one paragraph / one page). Then list every named entity with its role.",
        "Write a faithful abstract (150-200 words), then a bullet list of the 10 most important facts in order of appearance, then 5 multiple-choice questions with answers.",
        "请用中文对上面的文档进行三层摘要：一句话概括、要点列表（不超过8条）、详细摘要。然后给出5个基于原文的问答对。",
        "Condense the document into a structured outline (headings and sub-bullets), then write a 100-word summary for a busy executive, then list open questions the document leaves unanswered.",
    ]

    def _doc(self, g):
        c = T.corpus()
        kind = int(g.integers(0, 4))
        if kind == 0:
            parts = [f"## Module {i}\n```python\n{r['prompt']}{r['solution']}```" for i, r in enumerate(g.choice(c["humaneval"], int(g.integers(15, 60))))]
            title = "Internal utilities library — design and source listing"
        elif kind == 1:
            parts = []
            for i in range(int(g.integers(20, 70))):
                d = c["hh"][int(g.integers(0, len(c["hh"])))]
                parts.append(f"Interview {i + 1}\n" + "\n".join(f"{'Interviewer' if s == 'Assistant' else 'Participant'}: {x}" for s, x in d))
            title = "User research: interview transcripts, wave 3"
        elif kind == 2:
            items = g.choice(len(c["selfinstruct"]), int(g.integers(40, 140)))
            parts = [f"### {i + 1}. {c['selfinstruct'][k]['instruction']}\n{c['selfinstruct'][k]['output']}" for i, k in enumerate(items)]
            title = "Operations handbook (collected guidance)"
        else:
            items = g.choice(len(c["belle"]), int(g.integers(15, 45)))
            parts = [f"第{i + 1}节 {c['belle'][k]['q']}\n{c['belle'][k]['a']}" for i, k in enumerate(items)]
            title = "专题资料汇编"
        return title, "\n\n".join(parts)

    def run(self):
        g = self.rng
        self.make_accounts()
        uas = [f"anthropic-python/{v}" for v in PY_VERS] + [f"anthropic-typescript/{v}" for v in TS_VERS] + ["python-httpx/0.27.0", "axios/1.7.2"]
        n_docs = int(self.volume / 2.6)
        times = self.poisson_times(int(self.volume), jitter_pauses=True)
        docs = []
        for _ in range(n_docs):
            title, d = self._doc(g)
            docs.append((title, d, int(g.integers(1, 5))))
        jobs = []
        for di, (_, _, reps) in enumerate(docs):
            asks = g.choice(len(self.ASKS), reps, replace=reps > len(self.ASKS))
            jobs += [(di, int(a)) for a in asks]
        order = g.permutation(len(jobs))
        for t, ji in zip(times, order):
            di, ai = jobs[ji]
            title, d, _ = docs[di]
            acct = pick(g, self.accounts)
            model = NEW if (t > RELEASE + 5 * HOUR and g.random() < 0.55) else SONNET
            p = f"<document title=\"{title}\">\n{d}\n</document>\n\n{self.ASKS[ai]}"
            ans = ("**TL;DR:** " + T.synth_answer(g, d[:3000], 900) + "\n\n**Q&A**\n" +
                   "\n".join(f"Q{i + 1}: What does the document say about {k}?\nA{i + 1}: " + pick(g, T._SENT).format(k=k, k2=title) for i, k in enumerate(T.keywords(d[:5000], 8))))
            b = body(model, [user(p)], 8192, temperature=0.3, stream=bool(g.random() < 0.5))
            self.emit(t, acct, acct.key(g), residential_ip(g), pick(g, uas), b, [text_block(ans)])


# =====================================================================================
class PairwisePreference(Campaign):
    """Preference data by sampling two models side by side, the two samples sent from different accounts, plus a rubric-judge call."""
    JUDGE = ("You are an impartial expert evaluator. Compare the two responses to the user instruction. Score each on helpfulness, correctness, "
             "depth and clarity from 1 to 10, then decide which is better overall. Output JSON only: {\"A\": {...}, \"B\": {...}, \"preferred\": \"A\"|\"B\"|\"tie\", \"justification\": str}")

    def run(self):
        g = self.rng
        self.make_accounts()
        blk = ip_block(g, 54)
        ips = {a.org_id: f"{blk}.{int(g.integers(2, 250))}" for a in self.accounts}
        uas = ["anthropic-python/0.54.0", "anthropic-python/0.57.1", "anthropic-python/0.60.0"]
        n_prompts = int(self.volume / 2.35)
        c = T.corpus()
        pool = [("arena", i) for i in range(len(c["arena"]))] + [("si", i) for i in range(len(c["selfinstruct"]))] + [("belle", i) for i in range(len(c["belle"]))]
        sel = g.permutation(len(pool))[:n_prompts]
        times = self.poisson_times(n_prompts)
        for t, pi in zip(times, sel):
            src, idx = pool[pi]
            it = draw(g, src, idx)
            if t > RELEASE + int(1.5 * HOUR) and g.random() < 0.85:
                pair = [NEW, pick(g, [OPUS, SONNET])]
            else:
                pair = [OPUS, SONNET]
            if g.random() < 0.5:
                pair = pair[::-1]
            accts = g.choice(len(self.accounts), 3, replace=False)
            outs = []
            tt = int(t)
            for j, m in enumerate(pair):
                a = self.accounts[accts[j]]
                b = body(m, [user(it.prompt[:6000])], 4096, temperature=1.0)
                ans = answer_of(g, it) if j == 0 else T.synth_answer(g, it.prompt)
                outs.append(ans)
                self.emit(tt + int(g.integers(0, 4000)), a, a.key(g), ips[a.org_id], pick(g, uas), b, [text_block(ans)])
            if g.random() < 0.35:
                a = self.accounts[accts[2]]
                p = f"[Instruction]\n{it.prompt[:4000]}\n\n[Response A]\n{outs[0]}\n\n[Response B]\n{outs[1]}"
                verdict = json.dumps({"A": {k: int(g.integers(4, 10)) for k in ("helpfulness", "correctness", "depth", "clarity")},
                                      "B": {k: int(g.integers(4, 10)) for k in ("helpfulness", "correctness", "depth", "clarity")},
                                      "preferred": pick(g, ["A", "B", "A", "tie"]), "justification": "Response A " + pick(g, T._SENT).format(k="the answer", k2="the instruction")})
                b = body(pick(g, [OPUS, NEW]) if t > RELEASE else OPUS, [user(p)], 1024, system=self.JUDGE, temperature=0.0)
                self.emit(tt + int(g.integers(30_000, 600_000)), a, a.key(g), ips[a.org_id], pick(g, uas), b, [text_block(verdict)])


# =====================================================================================
class SelfInstructExpansion(Campaign):
    """Self-instruct: few-shot seed tasks -> 20 new instructions; the generated instructions are then answered from other accounts."""
    TPL = ["Write a {style} about {k}.", "Explain the difference between {k} and {k2} to a beginner.", "Classify the following sentence about {k} as fact or opinion.\nInput: {s}",
           "Generate a list of 5 interview questions for a role involving {k}.", "Summarize the following text in two sentences.\nInput: {s}",
           "Rewrite the sentence to sound more formal.\nInput: {s}", "Given a product description about {k}, extract the key features as a JSON list.\nInput: {s}",
           "Solve the word problem and show the final number only.\nInput: {m}", "Write a Python function that {code}.", "Suggest three creative names for a company that sells {k}.",
           "Identify the logical fallacy in this argument about {k}.\nInput: {s}", "Translate the following sentence into {lang}.\nInput: {s}",
           "Compare {k} and {k2} in a table with three rows.", "Write a haiku about {k}.", "Give step-by-step instructions for {k} at home."]
    ZH_TPL = ["请写一篇关于{k}的短文。", "请解释{k}和{k2}的区别。", "给出下面句子的同义改写：{s}", "请列出五个关于{k}的问题。", "判断下面的说法是否正确并说明理由：{s}"]
    CODE = ["reverses the words in a sentence", "checks whether a string is a palindrome", "merges two sorted lists", "counts vowels in a string",
            "returns the n-th Fibonacci number", "parses an ISO date and returns the weekday", "finds duplicate files by hash", "flattens a nested list"]

    def run(self):
        g = self.rng
        self.make_accounts()
        c = T.corpus()
        ips = [ip_block(g, 139) + ".14", ip_block(g, 5) + ".201"]
        ua = "python-requests/2.31.0"
        n_batches = int(self.volume / 19)
        w = mix_w(g, [(0, "flat", 1.0)])
        starts = sample_times(g, n_batches, w)
        words = [w for it in c["selfinstruct"] for w in T.keywords(it["instruction"], 2)]
        zh_words = ["环保", "人工智能", "健康饮食", "时间管理", "旅游", "学习方法", "网络安全", "家庭教育"]
        for t in starts:
            zh = g.random() < 0.25
            seeds = [c["zh_seed"][i] for i in g.choice(len(c["zh_seed"]), 3, replace=False)] if zh else [c["selfinstruct_seed"][i] for i in g.choice(175, 3, replace=False)]
            ex = "\n\n".join(f"{i + 1}. Instruction: {s['instruction']}\n{i + 1}. Input: {s['input'] or '<noinput>'}\n{i + 1}. Output: {s['output'][:600]}" for i, s in enumerate(seeds))
            p = ("You are asked to come up with a set of 20 diverse task instructions. These task instructions will be given to a GPT model and we will evaluate the GPT model for completing the instructions.\n\n"
                 "Here are the requirements:\n1. Try not to repeat the verb for each instruction to maximize diversity.\n2. The language used for the instruction also should be diverse.\n"
                 "3. The type of instructions should be diverse (open-ended generation, classification, editing, etc.).\n4. The instructions should be in " + ("Chinese" if zh else "English") + ".\n"
                 "5. Not all instructions require input.\n\nList of 20 tasks:\n\n" + ex + "\n\n4. Instruction:")
            new = []
            for i in range(20):
                if zh:
                    s = pick(g, c["belle"])["q"][:60]
                    new.append(pick(g, self.ZH_TPL).format(k=pick(g, zh_words), k2=pick(g, zh_words), s=s))
                else:
                    s = T.first_line(pick(g, c["selfinstruct"])["output"] or "The meeting was moved to Thursday.", 120)
                    new.append(pick(g, self.TPL).format(style=pick(g, ["short story", "limerick", "product review", "cover letter", "tweet"]), k=pick(g, words).lower(),
                                                        k2=pick(g, words).lower(), s=s, m=pick(g, c["gsm"])["q"], code=pick(g, self.CODE),
                                                        lang=pick(g, ["French", "Spanish", "German", "Japanese"])))
            resp = " " + new[0] + "\n" + "\n".join(f"{i + 4}. Instruction: {x}" for i, x in enumerate(new[1:17]))
            acct = pick(g, self.accounts)
            model = NEW if (t > RELEASE + 4 * HOUR and g.random() < 0.6) else SONNET
            b = body(model, [user(p)], 3000, temperature=1.0, top_p=1.0, stop=["\n21", "21."])
            tc = self.emit(t, acct, acct.key(g), pick(g, ips), ua, b, [text_block(resp)], stop_reason="stop_sequence")
            lanes = [tc + int(g.integers(500, 20000)) for _ in range(4)]
            for i, inst in enumerate(new[:17]):
                a = pick(g, self.accounts)
                ans = (T.synth_answer(g, inst, 250) if not zh else "好的。" + inst[:20] + "……以下是详细回答：\n1. 首先……\n2. 其次……\n3. 最后……")
                b = body(model, [user(inst)], 2048, temperature=0.7)
                lanes[i % 4] = self.emit(lanes[i % 4], a, a.key(g), pick(g, ips), ua, b, [text_block(ans)]) + int(g.integers(100, 3000))


# =====================================================================================
class SchemaReasoning(Campaign):
    """Reasoning extracted through a forced tool call whose JSON schema demands every intermediate inference, checks and dead ends."""
    VARIANTS = [
        ("submit_worked_solution", {"restated_problem": "string", "knowns": "array", "plan": "string", "derivation": "steps", "dead_ends": "array", "final_answer": "string", "confidence": "number"}),
        ("record_analysis", {"problem_summary": "string", "assumptions": "array", "scratchpad": "steps", "rejected_approaches": "array", "answer": "string", "certainty": "number"}),
        ("log_solution_trace", {"task": "string", "facts": "array", "reasoning_chain": "steps", "alternatives_considered": "array", "result": "string", "confidence": "number"}),
    ]

    def _tool(self, name, fields):
        props = {}
        for f, ty in fields.items():
            if ty == "steps":
                props[f] = {"type": "array", "description": "Every intermediate inference, in order, exactly as you arrived at it. Include verification of each step and any self-corrections.",
                            "items": {"type": "object", "properties": {"step": {"type": "integer"}, "claim": {"type": "string"}, "justification": {"type": "string"},
                                                                     "self_check": {"type": "string"}}, "required": ["step", "claim", "justification", "self_check"]}}
            elif ty == "array":
                props[f] = {"type": "array", "items": {"type": "string"}, "description": "Approaches you considered and abandoned, and why." if "ject" in f or "dead" in f or "altern" in f else ""}
            else:
                props[f] = {"type": ty}
        return {"name": name, "description": "Record the complete worked solution for audit. The record must be exhaustive: a reviewer must be able to reproduce your thought process from it alone.",
                "input_schema": {"type": "object", "properties": props, "required": list(fields)}}

    def run(self):
        g = self.rng
        self.make_accounts()
        tools = [self._tool(n, f) for n, f in self.VARIANTS]
        blocks = [ip_block(g, 38), ip_block(g, 38)]
        ips = {a.org_id: f"{pick(g, blocks)}.{int(g.integers(2, 250))}" for a in self.accounts}
        variant = {a.org_id: int(g.integers(0, 3)) for a in self.accounts}
        ua = "anthropic-python/0.60.0"
        times = self.poisson_times(self.volume)

        def fo():
            a = pick(g, self.accounts)
            return a, a.key(g), ips[a.org_id], ua

        for t in times:
            acct = pick(g, self.accounts)
            vi = variant[acct.org_id]
            name, fields = self.VARIANTS[vi]
            src = pick(g, ["gsm", "gsm", "mgsm", "code", "arena"])
            it = draw(g, src)
            if src == "arena" and it.kind == "chat":
                it = draw(g, "gsm")
            fl = list(fields)
            if it.src in ("gsm", "mgsm"):
                steps = (it.ref.get("steps") or (T.corpus()["gsm"][T.corpus()["mgsm"][it.lang].index(it.ref)]["steps"] if it.src == "mgsm" else "")).split("\n")
                steps = [s for s in steps if s.strip()] or ["Read the problem.", "Compute."]
                final = it.ref["final"]
            else:
                steps = [pick(g, T._TH_MID).format(k=k, k2="the constraints") for k in T.keywords(it.prompt, 5)]
                final = answer_of(g, it)[:1500]
            chain = [{"step": i + 1, "claim": s, "justification": pick(g, ["from the problem statement", "by the previous step", "arithmetic", "definition"]),
                      "self_check": pick(g, ["recomputed: consistent", "units check out", "matches the constraint", "verified by substitution"])} for i, s in enumerate(steps)]
            inp = {fl[0]: T.first_line(it.prompt, 200), fl[1]: T.keywords(it.prompt, 4), }
            if len(fl) == 7:
                inp[fl[2]] = "Identify quantities, set up relations, compute, verify."
                inp[fl[3]], inp[fl[4]], inp[fl[5]], inp[fl[6]] = chain, ["Guess-and-check: abandoned, too slow."], final, round(float(g.uniform(0.7, 0.99)), 2)
            else:
                inp[fl[2]], inp[fl[3]], inp[fl[4]], inp[fl[5]] = chain, ["Working backwards from options: no options given."], final, round(float(g.uniform(0.7, 0.99)), 2)
            model = NEW if (t > RELEASE + int(0.75 * HOUR) and g.random() < 0.8) else OPUS
            lead = pick(g, ["Solve the following task. Record your full solution using the tool.", "Task:", "", "Please solve and log the solution trace."])
            b = body(model, [user((lead + "\n\n" if lead else "") + it.prompt[:5000])], 8192, tools=[tools[vi]], tool_choice={"type": "tool", "name": name},
                     temperature=pick(g, [0.0, 0.3, 0.7]))
            tu = {"type": "tool_use", "id": rid(g, "toolu_01", 22), "name": name, "input": inp}
            self.emit(t, acct, acct.key(g), ips[acct.org_id], ua, b, [tu], stop_reason="tool_use", failover=fo)


# =====================================================================================
MUT = [("<=", "<"), (">=", ">"), ("< ", "<= "), ("> ", ">= "), ("+ 1", "+ 2"), ("- 1", ""), ("==", "!="), (" and ", " or "), ("True", "False"),
       ("[0]", "[1]"), ("[-1]", "[0]"), ("range(1, ", "range(0, "), ("range(len(", "range(1, len("), ("return ", "return not "), (" + ", " - "), ("max(", "min(")]


class CodeRepair(Campaign):
    """Code-repair trajectories: bug-injected functions + failing test output -> read, run, patch, re-run, explain."""
    TOOLS = [
        {"name": "read_file", "description": "Read a file in the repository.", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
        {"name": "run_tests", "description": "Run the test suite (pytest) for a path.", "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
        {"name": "apply_patch", "description": "Apply a unified diff to the repository.", "input_schema": {"type": "object", "properties": {"diff": {"type": "string"}}, "required": ["diff"]}},
    ]

    def run(self):
        g = self.rng
        self.make_accounts()
        c = T.corpus()
        uas = ["anthropic-typescript/0.32.1", "anthropic-typescript/0.39.0", "anthropic-python/0.45.2", "node-fetch/1.0", "undici/6.19.2"]
        ips = {a.org_id: residential_ip(g) for a in self.accounts}
        proxy = [residential_ip(g) for _ in range(6)]
        n_traj = int(self.volume * 0.82 / 4.6)
        times = self.poisson_times(n_traj, jitter_pauses=True)
        dirs = ["src", "lib", "app/utils", "pkg/core", "tools"]
        for t in times:
            he = c["humaneval"][int(g.integers(0, len(c["humaneval"])))]
            muts = [m for m in MUT if m[0] in he["solution"]]
            if not muts:
                continue
            a_, b_ = muts[int(g.integers(0, len(muts)))]
            buggy = he["solution"].replace(a_, b_, 1)
            acct = pick(g, self.accounts)
            ua = pick(g, uas)
            ip = ips[acct.org_id] if g.random() < 0.7 else pick(g, proxy)
            path = f"{pick(g, dirs)}/{he['entry']}.py"
            model = NEW if (t > RELEASE + 6 * HOUR and g.random() < 0.5) else SONNET
            think = 4096
            msgs = [user(pick(g, [f"CI is failing for `{he['entry']}` in `{path}`. Find and fix the bug, then make sure the tests pass.",
                                  f"tests for {path} are red after the last merge, please fix", f"Bug report: {he['entry']} returns wrong results for some inputs. Repo file: {path}. Fix it."]))]
            sysm = "You are a senior software engineer working in a repository. Use the tools to inspect, test and patch code. Think carefully before each action."
            fail = f"============================= FAILURES =============================\n___ test_{he['entry']} ___\n    def test_{he['entry']}():\n>       check({he['entry']})\n{he['test'][:900]}\nE       AssertionError\n=== 1 failed, 0 passed in 0.12s ==="
            diff = f"--- a/{path}\n+++ b/{path}\n@@\n-{buggy.strip().splitlines()[0]}\n+{he['solution'].strip().splitlines()[0]}"
            steps = [("read_file", {"path": path}, he["prompt"] + buggy, f"Let me look at the implementation of {he['entry']}."),
                     ("run_tests", {"path": f"tests/test_{he['entry']}.py"}, fail, "Now let me run the tests to see the failure."),
                     ("apply_patch", {"diff": diff}, "Patch applied.", f"The bug: `{b_.strip() or '(removed)'}` should be `{a_.strip()}`. Applying the fix."),
                     ("run_tests", {"path": f"tests/test_{he['entry']}.py"}, "1 passed in 0.05s", "Re-running the tests.")]
            tc = int(t)
            for name, inp, res, say in steps:
                tu = {"type": "tool_use", "id": rid(g, "toolu_01", 22), "name": name, "input": inp}
                th = thinking_block(g, f"{say} " + pick(g, [f"The docstring of {he['entry']} says the function should satisfy the examples; the implementation has `{b_.strip() or a_.strip()}` which looks suspicious.",
                                                           "I need to compare the expected behaviour with what the code actually does on the failing case.",
                                                           "Let me trace the failing input through the loop step by step to find where it diverges."]))
                content = [th, text_block(say), tu]
                b = body(model, list(msgs), 16000, system=sysm, tools=self.TOOLS, thinking=think)
                tc = self.emit(tc, acct, acct.key(g), ip, ua, b, content) + int(g.integers(300, 3000))
                msgs = msgs + [assistant(content), {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tu["id"], "content": res}]}]
            fin = f"Fixed. The bug was in `{path}`: `{b_.strip() or '(missing term)'}` should have been `{a_.strip()}`. With that change the function matches its docstring and all tests pass."
            b = body(model, list(msgs), 16000, system=sysm, tools=self.TOOLS, thinking=think)
            self.emit(tc, acct, acct.key(g), ip, ua, b, [thinking_block(g, "All tests pass now. Let me summarise the root cause and the fix."), text_block(fin)])
        # camouflage: ordinary coding questions
        for t in self.poisson_times(int(self.volume * 0.18)):
            acct = pick(g, self.accounts)
            it = draw(g, pick(g, ["code", "arena"]))
            b = body(SONNET, [user(it.prompt[:4000])], 4096, temperature=pick(g, [None, 0.5]))
            self.emit(t, acct, acct.key(g), ips[acct.org_id], pick(g, uas), b, sample_content(g, it))


# =====================================================================================
class CovertCoverage(Campaign):
    """Hard case: many accounts that each look like an individual power user; natural prompts drawn without replacement
    from public prompt sets (coverage, never repeating); heavy reasoning budgets; synchronized move to the new model."""

    def run(self):
        g = self.rng
        self.make_accounts()
        c = T.corpus()
        pool = ([("arena", i) for i in range(len(c["arena"]))] + [("code", i) for i in range(len(c["humaneval"]))] + [("gsm", i) for i in range(len(c["gsm"]))] +
                [("si", i) for i in range(len(c["selfinstruct"]))] + [("belle", i) for i in range(len(c["belle"]))])
        order = g.permutation(len(pool))
        per = g.lognormal(0, 0.5, len(self.accounts))
        per = np.maximum(30, per / per.sum() * self.volume).astype(int)
        shared_proxy = [residential_ip(g) for _ in range(5)]
        pos = 0
        for a, n in zip(self.accounts, per):
            tz = pick(g, [-8, -5, 0, 1, 8, 9])
            w = 0.55 * hour_weights(tz, "consumer") + 0.45 * hour_weights(0, "flat")
            ip0 = residential_ip(g)
            ua = sdk_ua(g)
            sysm = pick(g, [None, None, "You are a helpful assistant.", "You are a knowledgeable assistant. Be thorough.", "Answer carefully."])
            model0 = pick(g, [SONNET, OPUS])
            switch = RELEASE + int(g.integers(1, 5) * HOUR)
            for t in sample_times(g, int(n), w):
                src, idx = pool[order[pos % len(order)]]
                pos += 1
                it = draw(g, src, idx)
                think = int(pick(g, [12000, 16000, 16000, 24000])) if g.random() < 0.85 else None
                model = NEW if (t > switch and g.random() < 0.8) else model0
                b = body(model, [user(it.prompt[:6000])], 32000 if think else 8192, system=sysm, thinking=think, stream=bool(g.random() < 0.5),
                         temperature=None if think else pick(g, [None, 0.7]))
                content = sample_content(g, it, think)
                ip = ip0 if g.random() < 0.88 else pick(g, shared_proxy)
                tc = self.emit(t, a, a.key(g), ip, ua, b, content)
                if g.random() < 0.08:
                    msgs = [user(it.prompt[:6000]), assistant([x for x in content if x["type"] == "text"]), user(pick(g, ["thanks", "can you double check that?", "explain the second part more"]))]
                    b = body(model, msgs, 32000 if think else 8192, system=sysm, thinking=think)
                    self.emit(tc + self.think_gap(True), a, a.key(g), ip, ua, b, sample_content(g, it, think))
