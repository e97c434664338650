"""Benign personas, including hard cases whose traffic resembles harvesting but is legitimate."""
from __future__ import annotations

import json

import numpy as np

from . import textgen as tg
from .actors import FOLLOWUPS, Persona, adopts_new_model, call_id, chat_call, register, resp_call, resp_id
from .corpus import Prompt
from .render import Call
from .rng import HEX, pick, token
from .world import (
    CLOUD_PREFIXES,
    ISP_PREFIXES,
    Org,
    ip_in,
    ipv6,
    new_key,
    raw_client,
    sdk_client,
    subnet,
)


def server_ips(rng: np.random.Generator, n: int) -> list[str]:
    net = subnet(rng, CLOUD_PREFIXES)
    return [ip_in(net, rng) for _ in range(n)]


def chat_session(p: Persona, rng: np.random.Generator, org: Org, st: dict, t0: float, system: str | None,
                 first: Prompt, n_turns: int, model: str, pool: str, out_med: float = 260, stream_p: float = 0.5,
                 params: dict | None = None, gap: tuple[float, float] = (15, 240), followups: list[str] = FOLLOWUPS,
                 user: str | None = None) -> list[Call]:
    """A multi-turn chat in which the whole history is resent on each turn."""
    msgs: list[dict] = [{"role": "system", "content": system}] if system else []
    calls: list[Call] = []
    t = t0
    prompt = first
    stream_ = rng.random() < stream_p
    for i in range(n_turns):
        if i > 0:
            prompt = p.corpus.draw(rng, pool) if rng.random() < 0.35 else Prompt(pick(rng, followups), "en", "followup")
            t += float(rng.uniform(*gap))
        msgs = msgs + [{"role": "user", "content": prompt.text}]
        n_out = tg.reply_tokens(rng, out_med)
        text = tg.reply(rng, prompt if prompt.domain != "followup" else first, n_out)
        prm = dict(params or {})
        if user:
            prm["user"] = user
        calls.append(chat_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], model, msgs, text, n_out,
                               stream_=stream_, params=prm))
        msgs = msgs + [{"role": "assistant", "content": text[:1200]}]
        t += n_out / 60.0
    return calls


@register
class SmbChatbot(Persona):
    name = "smb_chatbot"
    summary = "small businesses embedding a support/FAQ chatbot; low volume, multi-turn, business-specific system prompt"
    n_accounts, volume, profile, turns = 120, (45.0, 0.9), "consumer", 3.0
    BIZ = ["a family-run bakery", "a bicycle repair shop", "a dental clinic", "an online plant store", "a yoga studio",
           "a used-car dealer", "a language school", "a boutique hotel", "a tax advisory office", "a pet groomer"]

    def setup(self, rng, org):
        biz = pick(rng, self.BIZ)
        return {"key": new_key(rng, org), "ips": server_ips(rng, int(rng.integers(1, 3))), "client": sdk_client(rng),
                "system": f"You are the friendly website assistant for {biz} called {token(rng, 5).title()}. "
                          "Answer briefly, be polite, and suggest contacting staff for bookings.",
                "model": pick(rng, ["halo-2-mini", "halo-2-mini", "halo-2", "halo-latest"])}

    def session(self, rng, org, st, t0):
        n = int(rng.geometric(1 / self.turns))
        return chat_session(self, rng, org, st, t0, st["system"], self.corpus.draw(rng, pick(rng, ["user_oriented", "arena_general", "hh"])),
                            min(n, 8), st["model"], "user_oriented", out_med=180,
                            user=("u_" + token(rng, 10, HEX)) if rng.random() < 0.3 else None)


@register
class IndieDev(Persona):
    name = "indie_dev"
    summary = "individual developers experimenting from home IPs; tries the new model on release day"
    n_accounts, volume, profile, turns, tiers = 90, (20.0, 1.1), "dev", 2.5, [1, 1, 2]
    tzs = [-8, -7, -5, -3, 0, 1, 2, 3, 5.5, 7, 8, 9, 10]

    def setup(self, rng, org):
        return {"key": new_key(rng, org, kind=pick(rng, ["project", "legacy_user"])),
                "client": sdk_client(rng) if rng.random() < 0.75 else raw_client(rng),
                "net": subnet(rng, ISP_PREFIXES), "v6": rng.random() < 0.2}

    def session(self, rng, org, st, t0):
        st["ips"] = [ipv6(rng) if st["v6"] and rng.random() < 0.5 else ip_in(st["net"], rng)]
        model = "halo-3" if adopts_new_model(rng, t0, 0.5) else pick(rng, ["halo-2-mini", "halo-2", "halo-2-reason"])
        first = self.corpus.draw(rng, pick(rng, ["arena_general", "arena_code", "self_instruct", "humaneval"]))
        if rng.random() < 0.5:
            return chat_session(self, rng, org, st, t0, None, first, int(rng.integers(1, 5)), model, "arena_general")
        calls, prev, t = [], None, t0
        for _ in range(int(rng.integers(1, 4))):
            n_out, rid = tg.reply_tokens(rng, 300), resp_id(rng)
            reasoning = model in ("halo-2-reason", "halo-3")
            calls.append(resp_call(rng, t, org, st["key"], st["ips"][0], st["client"], model, first.text if prev is None else pick(rng, FOLLOWUPS),
                                   tg.reply(rng, first, n_out), n_out, prev=prev, resp_id=rid,
                                   effort=pick(rng, ["low", "medium"]) if reasoning else None, ctx_tokens=0 if prev is None else 600,
                                   prompt=first))
            prev, t = rid, t + float(rng.uniform(20, 300))
        return calls


@register
class ContentMarketing(Persona):
    name = "content_marketing"
    summary = "marketing teams drafting copy from a brand-voice system prompt"
    n_accounts, volume, profile, turns = 25, (110.0, 0.7), "office", 2.0
    tzs = [-8, -5, 0, 1, 2]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": sdk_client(rng, "node"),
                "system": "You write marketing copy in our brand voice: warm, concise, no jargon, US English."}

    def session(self, rng, org, st, t0):
        return chat_session(self, rng, org, st, t0, st["system"], self.corpus.draw(rng, "user_oriented"),
                            int(rng.integers(1, 4)), "halo-2", "user_oriented", out_med=380, stream_p=0.8,
                            params={"temperature": 0.9})


CODE_TOOLS = [{"type": "function", "name": n, "description": d, "parameters": {"type": "object", "properties": {
    "path": {"type": "string"}}, "required": ["path"]}} for n, d in [
    ("read_file", "Read a file from the user's workspace"), ("run_tests", "Run the test suite for a path"),
    ("apply_patch", "Apply a unified diff to a file"), ("list_dir", "List a directory in the workspace")]]


@register
class CodingAssistantSaaS(Persona):
    name = "coding_assistant_saas"
    summary = ("IDE coding-assistant vendor: server-held conversation state (previous_response_id), real tool loops, "
               "round-the-clock global users, high volume (hard)")
    n_accounts, volume, profile, turns, tiers = 3, (3000.0, 0.2), "flat", 4.0, [5]

    def setup(self, rng, org):
        key = new_key(rng, org, kind="service_account")
        return {"key": key, "ips": server_ips(rng, 8), "client": sdk_client(rng, "node", "Linux"),
                "instr": "You are an expert pair programmer inside the user's editor. Use the tools to inspect files "
                         "before proposing changes. Keep answers focused on the code. " * 6}

    def session(self, rng, org, st, t0):
        first = self.corpus.draw(rng, pick(rng, ["arena_code", "humaneval"]))
        model = "halo-3" if adopts_new_model(rng, t0, 0.3, 48) else pick(rng, ["halo-2", "halo-2-reason"])
        user = "usr_" + token(rng, 12, HEX)
        calls, prev, t, ctx = [], None, t0, 0
        for i in range(int(rng.integers(2, 8))):
            rid = resp_id(rng)
            if i == 0:
                inp: str | list = [{"role": "user", "content": first.text}]
            elif calls[-1].tool_calls:
                c = calls[-1].tool_calls[0]
                inp = [{"type": "function_call_output", "call_id": c[2],
                        "output": tg.prose(rng, first, int(rng.integers(200, 1500)))}]
            else:
                inp = [{"role": "user", "content": pick(rng, FOLLOWUPS)}]
            use_tool = i < 4 and rng.random() < 0.55
            n_out = tg.reply_tokens(rng, 60 if use_tool else 450)
            tc = [(pick(rng, ["read_file", "run_tests", "list_dir", "apply_patch"]),
                   json.dumps({"path": f"src/{token(rng, 6).lower()}.py"}), call_id(rng))] if use_tool else None
            calls.append(resp_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], model, inp,
                                   tg.reply(rng, first, n_out, "code"), n_out, instructions=st["instr"], prev=prev,
                                   tools=CODE_TOOLS, tool_calls=tc, resp_id=rid, ctx_tokens=ctx, stream_=True,
                                   effort="low" if model != "halo-2" else None, params={"safety_identifier": user}))
            prev, ctx = rid, ctx + 400 + n_out
            t += float(rng.uniform(2, 12) if use_tool else rng.uniform(30, 400))
        return calls


@register
class EnterpriseSupportBot(Persona):
    name = "enterprise_support_bot"
    summary = "one enterprise app, one long system prompt, very high weekday volume from a few fixed IPs (hard)"
    n_accounts, volume, profile, turns, tiers = 4, (2500.0, 0.25), "office", 1.6, [4, 5]
    tzs = [-5, 0, 1, 9]

    def setup(self, rng, org):
        product = pick(rng, ["telecom", "insurance", "airline", "bank"])
        policy = " ".join(f"Policy {i}: " + tg.sentence(rng, [product, "customer", "refund", "account"]) for i in range(18))
        return {"key": new_key(rng, org, kind="service_account"), "ips": server_ips(rng, 3),
                "client": raw_client(rng) if rng.random() < 0.5 else sdk_client(rng, "python", "Linux"),
                "system": f"You are the virtual agent of a large {product} company. Follow these policies strictly.\n{policy}"}

    def session(self, rng, org, st, t0):
        return chat_session(self, rng, org, st, t0, st["system"], self.corpus.draw(rng, pick(rng, ["user_oriented", "hh"])),
                            int(rng.geometric(0.6)), "halo-2", "user_oriented", out_med=160, stream_p=0.9,
                            params={"temperature": 0.2, "max_completion_tokens": 600}, gap=(10, 90))


@register
class ContentModeration(Persona):
    name = "content_moderation"
    summary = "trust-and-safety vendor classifying user messages (incl. harmful ones) into JSON labels, temperature 0"
    n_accounts, volume, profile, turns, tiers = 3, (600.0, 0.4), "flat", 1.0, [3, 4]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": raw_client(rng)}

    def session(self, rng, org, st, t0):
        p = self.corpus.draw(rng, "hh")
        sysm = "Classify the user message. Reply with JSON {\"category\": one of [safe, harassment, self_harm, violence, illegal, sexual], \"confidence\": 0-1}."
        lab = json.dumps({"category": pick(rng, ["safe", "harassment", "illegal", "violence"]), "confidence": round(float(rng.random()), 2)})
        return [chat_call(rng, t0, org, st["key"], pick(rng, st["ips"]), st["client"], "halo-2-mini",
                          [{"role": "system", "content": sysm}, {"role": "user", "content": p.text}], lab, 14,
                          params={"temperature": 0, "response_format": {"type": "json_object"}})]


@register
class CnConsumerApp(Persona):
    name = "cn_consumer_app"
    summary = "Chinese-language consumer chat app (BELLE prompts), evening peak at UTC+8"
    n_accounts, volume, profile, turns, tzs = 8, (420.0, 0.6), "consumer", 2.5, [8]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": sdk_client(rng, "python", "Linux"),
                "system": "你是一个乐于助人的中文助手，回答要简洁、准确。"}

    def session(self, rng, org, st, t0):
        return chat_session(self, rng, org, st, t0, st["system"], self.corpus.draw(rng, "belle"), int(rng.integers(1, 5)),
                            pick(rng, ["halo-2-mini", "halo-2"]), "belle", out_med=300, stream_p=0.9,
                            followups=["继续", "能再详细一点吗？", "谢谢！", "举个例子", "换一种说法"])


@register
class RagSearch(Persona):
    name = "rag_search"
    summary = "document Q&A over retrieved passages: long inputs, short answers, store=false"
    n_accounts, volume, profile, turns = 6, (700.0, 0.5), "office", 1.0

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 2), "client": sdk_client(rng, "python")}

    def session(self, rng, org, st, t0):
        docs = self.corpus.draw_many(rng, pick(rng, ["belle", "self_instruct"]), int(rng.integers(3, 8)))
        ctx = "\n\n".join(f"[doc {i + 1}] {d.answer or d.text}" for i, d in enumerate(docs))
        q = self.corpus.draw(rng, "user_oriented")
        n_out = tg.reply_tokens(rng, 200)
        return [resp_call(rng, t0, org, st["key"], pick(rng, st["ips"]), st["client"], "halo-2",
                          f"Context:\n{ctx}\n\nQuestion: {q.text}", tg.reply(rng, q, n_out), n_out,
                          instructions="Answer only from the context. Cite documents as [doc N].", store=False)]


@register
class AgentPlatform(Persona):
    name = "agent_platform"
    summary = "no-code agent builder: Responses API tool loops with genuine tool outputs between calls"
    n_accounts, volume, profile, turns = 5, (900.0, 0.5), "office", 3.5
    TOOLS = [{"type": "function", "name": n, "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}
             for n in ["web_search", "get_weather", "query_crm", "send_email", "create_ticket"]]

    def setup(self, rng, org):
        return {"key": new_key(rng, org), "ips": server_ips(rng, 4), "client": sdk_client(rng)}

    def session(self, rng, org, st, t0):
        first = self.corpus.draw(rng, "user_oriented")
        calls, prev, t = [], None, t0
        for i in range(int(rng.integers(2, 6))):
            rid = resp_id(rng)
            if prev is None:
                inp: str | list = first.text
            else:
                inp = [{"type": "function_call_output", "call_id": calls[-1].tool_calls[0][2],
                        "output": json.dumps({"status": "ok", "items": int(rng.integers(0, 9)), "ts": int(t)})}]
            last = i >= 1 and rng.random() < 0.4
            tc = None if last else [(pick(rng, ["web_search", "get_weather", "query_crm", "create_ticket"]),
                                     json.dumps({"q": " ".join(tg.topic_words(first)[:3])}), call_id(rng))]
            n_out = tg.reply_tokens(rng, 40 if tc else 250)
            calls.append(resp_call(rng, t, org, st["key"], pick(rng, st["ips"]), st["client"], "halo-2", inp,
                                   tg.reply(rng, first, n_out), n_out, prev=prev, tools=self.TOOLS, tool_calls=tc,
                                   resp_id=rid, ctx_tokens=300 * i))
            if last:
                break
            prev, t = rid, t + float(rng.uniform(0.4, 6.0))
        return calls


@register
class DataExtraction(Persona):
    name = "data_extraction"
    summary = "nightly batch extraction of structured JSON (strict json_schema) with a small reasoning model (hard)"
    n_accounts, volume, profile, turns, tiers = 5, (600.0, 0.5), "night_batch", 1.0, [3, 4]
    SCHEMA = {"type": "json_schema", "name": "record", "strict": True, "schema": {"type": "object", "properties": {
        "entities": {"type": "array", "items": {"type": "string"}}, "dates": {"type": "array", "items": {"type": "string"}},
        "summary": {"type": "string"}, "category": {"type": "string"}}, "required": ["entities", "dates", "summary", "category"],
        "additionalProperties": False}}

    def setup(self, rng, org):
        return {"key": new_key(rng, org, kind="service_account"), "ips": server_ips(rng, 1), "client": sdk_client(rng, "python", "Linux")}

    def session(self, rng, org, st, t0):
        doc = self.corpus.draw(rng, pick(rng, ["self_instruct", "belle", "user_oriented"]))
        out = json.dumps({"entities": tg.topic_words(doc)[:5], "dates": [], "summary": tg.prose(rng, doc, 300), "category": "general"},
                         ensure_ascii=False)
        model = "halo-3-mini" if adopts_new_model(rng, t0, 0.6, 30) else "halo-2-reason"
        return [resp_call(rng, t0, org, st["key"], st["ips"][0], st["client"], model,
                          "Extract the fields from this document:\n\n" + (doc.answer or doc.text), out, tg.est_tokens(out) + 40,
                          effort="low", fmt=self.SCHEMA, store=False)]
