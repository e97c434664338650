"""Distillation campaigns: eight new forms built from publicly reported harvesting behaviours."""
from __future__ import annotations

import json
from typing import ClassVar

import numpy as np

from . import textgen as tg
from .actors import Actor, call_id, chat_call, register, resp_call, resp_id
from .render import Call
from .rng import ALNUM, HEX, pick, token
from .world import (
    CLOUD_PREFIXES,
    HOSTING_PREFIXES,
    ISP_PREFIXES,
    RELEASE,
    T0,
    T_END,
    Client,
    Org,
    hour_weights,
    ip_in,
    new_key,
    new_org,
    new_project,
    sample_times,
    sdk_client,
    subnet,
)


class Campaign(Actor):
    kind = "campaign"
    campaign_id: ClassVar[str] = ""
    n_accounts: ClassVar[int] = 1
    behaviours: ClassVar[str] = ""

    def org(self, rng: np.random.Generator, tier: int, tz: float, n_users: int = 1) -> Org:
        o = new_org(rng, tier, self.label, self.campaign_id, n_users=n_users, tz=tz)
        self.orgs.append(o)
        return o


def fixed_sdk(lang: str, ver: str, rt: str, os_name: str = "Linux", arch: str = "x64") -> Client:
    """A single client build shared by all of a campaign's workers (a fingerprint)."""
    if lang == "python":
        return Client(f"OpenAI/Python {ver}", {"lang": "python", "package_version": ver, "os": os_name, "arch": arch,
                                                "runtime": "CPython", "runtime_version": rt})
    return Client(f"OpenAI/JS {ver}", {"lang": "js", "package_version": ver, "os": os_name, "arch": arch,
                                        "runtime": "node", "runtime_version": rt})


def flat_times(rng: np.random.Generator, n: int, lo: float, hi: float) -> np.ndarray:
    return np.sort(rng.uniform(lo, hi, size=n))


REASON_POOLS = ["gsm8k", "arena_math", "arena_code", "mgsm_zh", "mgsm_ru", "arena_general"]


@register
class ResponseChainLadder(Campaign):
    name, campaign_id, n_accounts = "response-chain-ladder", "p5-c1", 14
    summary = ("hydra of new tier-1/2 orgs that harvest long reasoning through previous_response_id chains: one seed "
               "problem, then 4-9 short continuations ('continue', 'expand step 2', 'write out the reasoning') so each "
               "request holds only a few words while the server-held context grows")
    behaviours = ("CoT elicitation split into stateful continuations; hydra cluster with shared proxy subnets and one "
                  "client build; round-the-clock; new accounts at full usage; half the traffic moved to halo-3 within ~12 h")
    LADDER = ["Continue.", "Go on, do not skip any intermediate step.", "Expand step 2 with every calculation written out.",
              "Now write out, as a numbered list, the reasoning you used to get there.",
              "Check the result using a different method and explain each check.",
              "Rewrite the entire solution as a textbook worked example.", "What assumptions did you make? Justify each one.",
              "继续，详细写出每一步推理。", "Продолжай и объясни каждый шаг.", "Fahre fort und begründe jeden Schritt."]

    def build(self) -> list[Call]:
        g = self.rng("infra")
        nets = [subnet(g, HOSTING_PREFIXES) for _ in range(3)]
        client = fixed_sdk("python", "1.59.7", "3.11.9")
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, int(pick(rng, [1, 1, 2])), 8.0)
            key = new_key(rng, org)
            start = T0 + float(rng.uniform(0, 2.5)) * 86400.0
            n_chains = int(rng.integers(55, 85))
            for t in flat_times(rng, n_chains, start, T_END):
                t = float(t)
                seed = self.corpus.draw(rng, pick(rng, REASON_POOLS))
                late = t >= RELEASE + float(rng.uniform(6, 14)) * 3600.0
                model = "halo-3" if late and rng.random() < 0.55 else "halo-2-reason"
                prev, ctx = None, 0
                for step in range(int(rng.integers(5, 11))):
                    rid = resp_id(rng)
                    inp = seed.text if prev is None else pick(rng, self.LADDER)
                    n_out = tg.reply_tokens(rng, 700, 0.5)
                    calls.append(resp_call(rng, t, org, key, ip_in(pick(rng, nets), rng), client, model, inp,
                                           tg.reply(rng, seed, n_out, "steps"), n_out, prev=prev, resp_id=rid,
                                           effort="high", summary_mode="detailed", store=True, ctx_tokens=ctx,
                                           prompt=seed))
                    prev, ctx = rid, ctx + n_out + tg.est_tokens(inp) + 40
                    t += n_out / 55.0 + float(rng.uniform(0.8, 3.5))
        return [c for c in calls if c.t < T_END]


@register
class SplitItemRelay(Campaign):
    name, campaign_id, n_accounts = "split-item-relay", "p5-c2", 14
    summary = ("each harvest item is split over two unrelated-looking accounts: an 'asker' org gets a plain answer; "
               "seconds later an 'explainer' org pastes that exact answer back and asks for the full reasoning that leads to it")
    behaviours = ("reasoning articulation behind a completed response, split across accounts so no single account shows "
                  "both halves; coordinated timing; asker keys used from rotating residential-proxy IPs; a UTC+8 work shift")
    WRAP = ["Below is a question and its correct final answer. Write the complete chain of thought an expert would go "
            "through to reach this answer, step by step, as if thinking aloud. Do not just restate the answer.\n\n"
            "Question: {q}\n\nAnswer: {a}",
            "You are given a solved problem. Reconstruct, in detail, the internal deliberation that produced the solution "
            "(hypotheses, checks, corrections), then the clean final derivation.\n\n### Problem\n{q}\n\n### Solution\n{a}",
            "以下是一道题目和它的正确答案。请一步一步地写出得到这个答案的完整思考过程，包括中间的验证。\n\n题目：{q}\n\n答案：{a}"]

    def build(self) -> list[Call]:
        calls: list[Call] = []
        askers, explainers = [], []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, int(pick(rng, [1, 2])), 8.0)
            key = new_key(rng, org)
            if i % 2 == 0:
                askers.append((org, key, Client(pick(rng, ["python-httpx/0.27.2", "python-httpx/0.28.1"]), None)))
            else:
                explainers.append((org, key, sdk_client(rng, "python", "Linux"), subnet(rng, CLOUD_PREFIXES)))
        rng = self.rng("items")
        w = hour_weights("office", 8.0) * 0 + 1.0
        hours = np.arange(7 * 24)
        w[((hours % 24) < 1) | ((hours % 24) >= 15)] = 0.05  # 09:00-23:00 at UTC+8
        w[(hours // 24) == 6] *= 0.5
        w /= w.sum()
        for t in sample_times(rng, 2100, w):
            t = float(t)
            org, key, client = askers[int(rng.integers(0, len(askers)))]
            p = self.corpus.draw(rng, pick(rng, ["gsm8k", "mgsm_zh", "arena_math", "arena_code", "mgsm_en"]))
            n_out = tg.reply_tokens(rng, 260)
            ans = tg.reply(rng, p, n_out)
            calls.append(chat_call(rng, t, org, key, ip_in(subnet(rng, ISP_PREFIXES), rng), client, "halo-2",
                                   [{"role": "user", "content": p.text}], ans, n_out, params={"temperature": 0.3}))
            t2 = t + n_out / 70.0 + float(rng.uniform(3, 40))
            eorg, ekey, eclient, enet = explainers[int(rng.integers(0, len(explainers)))]
            model = "halo-3" if t2 >= RELEASE + 8 * 3600 and rng.random() < 0.5 else "halo-2-reason"
            n2 = tg.reply_tokens(rng, 900, 0.4)
            q = pick(rng, self.WRAP).format(q=p.text, a=ans)
            calls.append(chat_call(rng, t2, eorg, ekey, ip_in(enet, rng), eclient, model,
                                   [{"role": "user", "content": q}], tg.reply(rng, p, n2, "steps"), n2,
                                   effort="high", params={"max_completion_tokens": 16000}))
        return [c for c in calls if c.t < T_END]


@register
class CurriculumTreeWalk(Campaign):
    name, campaign_id, n_accounts = "curriculum-tree-walk", "p5-c3", 8
    summary = ("walks a subject > topic > skill > level tree depth-first, one node per request: a lesson plus original "
               "exercises with fully worked solutions, seeded with a real example problem; languages per worker")
    behaviours = ("volume concentrated on one capability (worked STEM solutions); highly repetitive structure; systematic "
                  "coverage; tier-1 accounts at steady machine pace around the clock; new accounts at full usage")
    TREE = {"Mathematics": ["Arithmetic word problems", "Fractions and ratios", "Linear equations", "Probability", "Number theory"],
            "Physics": ["Kinematics", "Newton's laws", "Energy", "Circuits", "Waves"],
            "Computer Science": ["Recursion", "Sorting", "Dynamic programming", "Graphs", "String algorithms"],
            "Economics": ["Interest and growth", "Supply and demand", "Elasticity", "Cost accounting", "Game theory"]}
    SKILLS = ["recognise the setup", "translate words into equations", "multi-step calculation", "check and justify"]
    WORKERS = [("en", "gsm8k"), ("en", "arena_math"), ("es", "mgsm_es"), ("de", "mgsm_de"), ("zh", "mgsm_zh"),
               ("ja", "mgsm_ja"), ("en", "arena_code"), ("fr", "mgsm_fr")]

    def build(self) -> list[Call]:
        nodes = [(s, t, k, lvl) for s, ts in self.TREE.items() for t in ts for k in self.SKILLS for lvl in range(1, 6)]
        calls: list[Call] = []
        g = self.rng("infra")
        net = subnet(g, CLOUD_PREFIXES)
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            lang, pool = self.WORKERS[i]
            org = self.org(rng, 1, 1.0)
            key = new_key(rng, org)
            client = sdk_client(rng, "python", "Linux")
            t = T0 + float(rng.uniform(0.2, 1.5)) * 86400.0
            j = int(rng.integers(0, len(nodes)))
            while t < T_END:
                s, tp, k, lvl = nodes[j % len(nodes)]
                j += 1
                ex = self.corpus.draw(rng, pool)
                model = "halo-3" if t >= RELEASE + 20 * 3600 else "halo-2-reason"
                inp = (f"Curriculum node: {s} > {tp} > {k} > level {lvl}/5. Output language: {lang}.\n"
                       f"1. Explain the concept for this level in 150 words.\n2. Write 4 new exercises in the style of the example, "
                       f"each followed by a complete worked solution that shows every intermediate step and why it is taken.\n"
                       f"3. End with the common mistakes at this level.\n\nExample:\n{ex.text}")
                n_out = tg.reply_tokens(rng, 1600, 0.3)
                calls.append(resp_call(rng, t, org, key, ip_in(net, rng), client, model, inp, tg.reply(rng, ex, n_out, "steps"),
                                       n_out, instructions="You are an expert curriculum author.", effort="medium",
                                       store=False, prompt=ex))
                t += n_out / 60.0 + float(rng.uniform(380, 900))
                if rng.random() < 0.004:
                    t += float(rng.uniform(1, 3)) * 3600.0  # worker restart
        return [c for c in calls if c.t < T_END]


FAKE_TOOLSETS = {
    "shell": [("run_command", {"cmd": "ls -la src/"}, {"exit_code": 0, "stdout": "main.py\nutils.py\ntests/\n"}),
              ("read_file", {"path": "src/utils.py"}, {"content": "def parse(x):\n    return int(x)\n"}),
              ("write_file", {"path": "src/utils.py", "content": "..."}, {"ok": True})],
    "browser": [("open_url", {"url": "https://docs.example.org/api"}, {"status": 200, "title": "API reference", "text": "Endpoints: /items, /orders"}),
                ("click", {"selector": "#next"}, {"ok": True, "url": "https://docs.example.org/api?page=2"}),
                ("extract_text", {"selector": "main"}, {"text": "Rate limits apply per key."})],
    "sql": [("list_tables", {}, {"tables": ["customers", "orders", "payments"]}),
            ("describe_table", {"table": "orders"}, {"columns": ["id", "customer_id", "total", "created_at"]}),
            ("run_query", {"sql": "SELECT count(*) FROM orders"}, {"rows": [[18233]]})],
    "calendar": [("find_free_slots", {"date": "2026-03-10"}, {"slots": ["09:00", "13:30"]}),
                 ("create_event", {"title": "Sync", "start": "13:30"}, {"id": "evt_81", "ok": True})],
    "kubernetes": [("get_pods", {"namespace": "prod"}, {"pods": [{"name": "api-7f9", "status": "CrashLoopBackOff"}]}),
                   ("get_logs", {"pod": "api-7f9"}, {"tail": "panic: nil pointer dereference"}),
                   ("rollout_restart", {"deployment": "api"}, {"ok": True})],
}


@register
class FabricatedToolResults(Campaign):
    name, campaign_id, n_accounts = "fabricated-tool-results", "p5-c4", 12
    summary = ("distils tool-calling by sending stateless requests whose input already holds function_call / "
               "function_call_output pairs the provider never produced (fabricated call ids and tidy fake results), "
               "asking only for the next step; tool schemas rotate through a fixed set of toolsets")
    behaviours = ("agentic tool-use harvesting (Moonshot-style target capability); shared infrastructure and one client "
                  "build; round-the-clock; ~80% of traffic moved to halo-3 within 24 h of release")

    def build(self) -> list[Call]:
        g = self.rng("infra")
        nets = [subnet(g, HOSTING_PREFIXES) for _ in range(2)]
        client = fixed_sdk("js", "4.77.0", "v20.18.0")
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, 2, -5.0)
            key = new_key(rng, org)
            start = T0 + float(rng.uniform(0, 1.5)) * 86400.0
            for t in flat_times(rng, int(rng.integers(300, 520)), start, T_END):
                t = float(t)
                ts_name = pick(rng, list(FAKE_TOOLSETS))
                tools_def = FAKE_TOOLSETS[ts_name]
                task = self.corpus.draw(rng, pick(rng, ["arena_code", "user_oriented", "self_instruct"]))
                items: list = [{"role": "user", "content": task.text}]
                for name, args, res in tools_def[: int(rng.integers(1, len(tools_def) + 1))]:
                    cid = "call_" + token(rng, 22, ALNUM)
                    items.append({"type": "function_call", "call_id": cid, "name": name, "arguments": json.dumps(args)})
                    items.append({"type": "function_call_output", "call_id": cid, "output": json.dumps(res)})
                tools = [{"type": "function", "name": n, "description": f"{ts_name} tool {n}",
                          "parameters": {"type": "object", "properties": {k: {"type": "string"} for k in a}}}
                         for n, a, _ in tools_def]
                model = "halo-3" if t >= RELEASE + float(rng.uniform(4, 20)) * 3600 and rng.random() < 0.8 else "halo-2"
                final = rng.random() < 0.45
                n_out = tg.reply_tokens(rng, 500 if final else 80)
                n, a, _ = pick(rng, tools_def)
                tc = None if final else [(n, json.dumps(a), call_id(rng))]
                calls.append(resp_call(rng, t, org, key, ip_in(pick(rng, nets), rng), client, model, items,
                                       tg.reply(rng, task, n_out), n_out, tools=tools, tool_calls=tc, store=False,
                                       effort="medium" if model == "halo-3" else None,
                                       instructions="Decide the next action. Think step by step about the tool results before acting."))
        return [c for c in calls if c.t < T_END]


@register
class SaasShadowProject(Campaign):
    name, campaign_id, n_accounts = "saas-shadow-project", "p5-c5", 2
    summary = ("a real-looking writing-assistant SaaS org whose production project carries ordinary end-user traffic, "
               "while a second project (keys made by another console user, other cloud subnet) replays the app's "
               "system prompt in front of reasoning-heavy math/code prompts overnight")
    behaviours = ("harvest mixed with ordinary traffic inside one customer (as proxies mixed harvest with resold traffic); "
                  "CoT elicitation; night-time batch use; concentration on reasoning content")

    def build(self) -> list[Call]:
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, 4, float(pick(rng, [-5.0, 1.0])), n_users=3)
            app_key = new_key(rng, org, new_project(rng, org), owner=org.users[0])
            shadow_key = new_key(rng, org, new_project(rng, org), kind="service_account")
            app_ips = [ip_in(subnet(rng, CLOUD_PREFIXES), rng) for _ in range(3)]
            shadow_net = subnet(rng, CLOUD_PREFIXES)
            client = sdk_client(rng, "node", "Linux")
            system = ("You are Quill, an AI writing assistant. Help users write clearly. Keep a friendly, professional tone.")
            for t in sample_times(rng, int(rng.integers(1400, 1800)), hour_weights("consumer", org.tz)):
                p = self.corpus.draw(rng, pick(rng, ["user_oriented", "self_instruct", "arena_creative"]))
                n_out = tg.reply_tokens(rng, 280)
                calls.append(chat_call(rng, float(t), org, app_key, pick(rng, app_ips), client, "halo-2",
                                       [{"role": "system", "content": system}, {"role": "user", "content": p.text}],
                                       tg.reply(rng, p, n_out), n_out, stream_=True,
                                       params={"user": "quill_" + token(rng, 10, HEX), "temperature": 0.7}))
            for t in sample_times(rng, int(rng.integers(900, 1300)), hour_weights("night_batch", org.tz)):
                p = self.corpus.draw(rng, pick(rng, ["gsm8k", "arena_math", "arena_code", "humaneval"]))
                model = "halo-3" if t >= RELEASE + 18 * 3600 else "halo-2-reason"
                n_out = tg.reply_tokens(rng, 1100, 0.4)
                calls.append(chat_call(rng, float(t), org, shadow_key, ip_in(shadow_net, rng), client, model,
                                       [{"role": "system", "content": system},
                                        {"role": "user", "content": p.text + "\n\nThink it through carefully and explain your full reasoning before the final answer."}],
                                       tg.reply(rng, p, n_out, "steps"), n_out, effort="high",
                                       params={"user": "quill_" + token(rng, 10, HEX)}))
        return [c for c in calls if c.t < T_END]


@register
class ProjectKeyRotation(Campaign):
    name, campaign_id, n_accounts = "project-key-rotation", "p5-c6", 3
    summary = ("three established tier-4 orgs that create a fresh project and service-account key every few hours and "
               "harvest code solutions + tests + line-by-line reasoning; retired keys are occasionally retried after "
               "revocation (401s with only a key hint)")
    behaviours = ("rotation of credentials inside a few organisations instead of new accounts; one campaign from many "
                  "IPs; usage far beyond the org's history; round-the-clock; switch to halo-3 within ~12 h")

    def build(self) -> list[Call]:
        calls: list[Call] = []
        g = self.rng("infra")
        nets = [subnet(g, HOSTING_PREFIXES) for _ in range(4)]
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, 4, 3.0, n_users=2)
            t = T0 + float(rng.uniform(0, 6)) * 3600.0
            client = sdk_client(rng, "python", "Linux")
            while t < T_END:
                key = new_key(rng, org, new_project(rng, org), kind="service_account")
                life = float(rng.uniform(3, 8)) * 3600.0
                ips = [ip_in(pick(rng, nets), rng) for _ in range(3)]
                end = min(t + life, T_END)
                for tt in flat_times(rng, int(life / 3600.0 * rng.uniform(9, 14)), t, end):
                    p = self.corpus.draw(rng, pick(rng, ["humaneval", "arena_code"]))
                    model = "halo-3" if tt >= RELEASE + float(rng.uniform(3, 12)) * 3600 and rng.random() < 0.85 else "halo-2"
                    n_out = tg.reply_tokens(rng, 1300, 0.35)
                    calls.append(chat_call(rng, float(tt), org, key, pick(rng, ips), client, model,
                                           [{"role": "user", "content": "Provide (1) a complete, idiomatic solution, (2) thorough unit tests, and (3) a line-by-line explanation of the reasoning behind every design decision.\n\n" + p.text}],
                                           tg.reply(rng, p, n_out, "code"), n_out, params={"temperature": 0.2}))
                key.revoked_at = end + float(rng.uniform(60, 900))
                for _ in range(int(rng.integers(0, 3))):  # stale worker still holding the retired key
                    tt = key.revoked_at + float(rng.uniform(60, 7200))
                    p = self.corpus.draw(rng, "humaneval")
                    calls.append(chat_call(rng, tt, org, key, pick(rng, ips), client, "halo-2",
                                           [{"role": "user", "content": p.text}], "", 1))
                t = end + float(rng.uniform(60, 1200))
        return [c for c in calls if c.t < T_END]


@register
class BanEvasionPhoenix(Campaign):
    name, campaign_id, n_accounts = "ban-evasion-phoenix", "p5-c7", 14
    summary = ("a chain of tier-1 orgs that each run at full rate from their first minute until the provider disables "
               "them (403 account_deactivated), replaced 10-60 min later by a new org with the same client fingerprint, "
               "parameters and lightly paraphrased system prompt; multilingual instruction-response harvest")
    behaviours = ("replacement accounts after bans; new accounts at full usage immediately, far beyond tier (429s); "
                  "round-the-clock; a custom client string carried across accounts")
    SYSTEMS = ["You are a knowledgeable assistant. Answer in detail, then give a concise summary, then list three follow-up questions.",
               "You are a helpful, knowledgeable assistant. Answer thoroughly, then summarise concisely, then suggest three follow-up questions.",
               "Act as an expert assistant: a detailed answer first, next a short summary, finally three follow-up questions."]

    def build(self) -> list[Call]:
        calls: list[Call] = []
        client = Client("MultiGen/0.9.4 python-httpx/0.27.2", None)
        g = self.rng("chain")
        t = T0 + float(g.uniform(1, 10)) * 3600.0
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, 1, 8.0)
            key = new_key(rng, org)
            life = float(rng.uniform(8, 14)) * 3600.0
            org.deactivated_at = t + life
            net = subnet(rng, HOSTING_PREFIXES)
            tt = t + float(rng.uniform(30, 300))
            while tt < min(org.deactivated_at, T_END):
                for _ in range(int(rng.integers(25, 46))):  # a burst from the worker pool
                    tt += float(rng.exponential(0.8))
                    p = self.corpus.draw(rng, pick(rng, ["belle", "arena_creative", "self_instruct", "mgsm_zh", "belle_seed"]))
                    n_out = tg.reply_tokens(rng, 900, 0.4)
                    c = chat_call(rng, tt, org, key, ip_in(net, rng), client, "halo-2",
                                  [{"role": "system", "content": pick(rng, self.SYSTEMS)}, {"role": "user", "content": p.text}],
                                  tg.reply(rng, p, n_out), n_out,
                                  params={"temperature": 0.7, "top_p": 0.95, "max_tokens": 4096, "presence_penalty": 0.1})
                    calls.append(c)
                tt += float(rng.uniform(1500, 4000))
            tt = org.deactivated_at + float(rng.uniform(5, 300))
            for _ in range(int(rng.integers(3, 15))):  # workers keep firing after the ban: 403s
                tt += float(rng.exponential(0.8))
                p = self.corpus.draw(rng, "belle")
                calls.append(chat_call(rng, tt, org, key, ip_in(net, rng), client, "halo-2",
                                       [{"role": "system", "content": pick(rng, self.SYSTEMS)}, {"role": "user", "content": p.text}],
                                       "", 1, params={"temperature": 0.7, "top_p": 0.95, "max_tokens": 4096, "presence_penalty": 0.1}))
            t = org.deactivated_at + float(rng.uniform(600, 3600))
            if t >= T_END:
                break
        return [c for c in calls if c.t < T_END]


@register
class DormantReleaseSprint(Campaign):
    name, campaign_id, n_accounts = "dormant-release-sprint", "p5-c8", 12
    summary = ("orgs that sit almost idle (a keep-alive request a day, polling GET /v1/models, probing the unreleased "
               "model name) and all start within minutes of the halo-3 release, harvesting high-effort reasoning with "
               "detailed summaries and encrypted reasoning content, store=false, until the end of the week")
    behaviours = ("switching to the new model immediately on release (MiniMax); synchronised accounts; dormant-then-full "
                  "usage; round-the-clock; hard reasoning prompts")

    def build(self) -> list[Call]:
        calls: list[Call] = []
        g = self.rng("infra")
        nets = [subnet(g, CLOUD_PREFIXES) for _ in range(2)]
        client = fixed_sdk("python", "1.63.2", "3.12.7")
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = self.org(rng, 2, 8.0)
            key = new_key(rng, org)
            ip = ip_in(pick(rng, nets), rng)
            for d in range(4):  # keep-alive
                t = T0 + d * 86400.0 + float(rng.uniform(0, 86400))
                if t < RELEASE:
                    calls.append(chat_call(rng, t, org, key, ip, client, "halo-2-mini", [{"role": "user", "content": "ping"}], "pong", 2))
            t = RELEASE - 14400.0 + float(rng.uniform(0, 900))
            while t < RELEASE + 600:
                calls.append(Call(t, org, key, ip, client, "/v1/models", None, method="GET", region="apse1"))
                if t > RELEASE - 3600 and rng.random() < 0.3:
                    calls.append(resp_call(rng, t + 1, org, key, ip, client, "halo-3", "ping", "", 1))
                t += float(rng.uniform(240, 420))
            start = RELEASE + float(rng.uniform(4, 22)) * 60.0
            for tt in flat_times(rng, int(rng.integers(330, 470)), start, T_END):
                p = self.corpus.draw(rng, pick(rng, ["arena_math", "arena_code", "gsm8k", "arena_general"]))
                n_out = tg.reply_tokens(rng, 900, 0.4)
                calls.append(resp_call(rng, float(tt), org, key, ip, client, "halo-3", [{"role": "user", "content": p.text}],
                                       tg.reply(rng, p, n_out, "steps"), n_out, effort="high", summary_mode="detailed",
                                       include=["reasoning.encrypted_content"], store=False, prompt=p))
        return [c for c in calls if c.t < T_END]
