"""The distillation campaigns (ten kinds, none used by an earlier probe) and the benign coworking members who share
one campaign's egress address."""

from __future__ import annotations

import json
import random

from . import texts
from .benign import C_W, COUNTRIES, MAIL, _chat_session, agent_loop
from .common import Client, asst, casual_item, flat_times, starts, sys, user
from .world import (
    DAY,
    END,
    HOUR,
    MIN,
    NEW,
    PRIVATELINK,
    RELEASE,
    START,
    UA_BROWSER,
    UA_SDK,
    Account,
    Reply,
    World,
    host_block,
    host_ip,
    ids,
    local_ms,
    res_ip,
    weekday,
)

CAMPAIGNS = (
    ("01", "reseller_mosaic", "Anthropic 2026: hydra clusters through resellers; a proxy mixing harvest with resold "
     "traffic", False),
    ("02", "coworking_cohort", "Anthropic 2026: coordinated accounts, shared payment, attribution via IP correlation; "
     "replacement of banned accounts", False),
    ("03", "flawed_step_dialogues", "invented (CoT elicitation as multi-turn error-correction dialogues, non-English)",
     True),
    ("04", "research_agent_trajectories", "Anthropic 2026 (Moonshot: agentic reasoning and tool use)", False),
    ("05", "summary_skim", "invented (reasoning-summary feature; thin spread over many light accounts)", True),
    ("06", "schema_augmentation", "invented (structured output; multilingual worked solutions)", True),
    ("07", "cover_interleaved_drip", "Anthropic 2026: harvest mixed with ordinary traffic, executed per light account",
     False),
    ("08", "minute_boundary_bursts", "Anthropic 2026: synchronized accounts / coordinated timing; mechanism invented",
     False),
    ("09", "collective_release_pivot", "Anthropic 2026 (MiniMax: moved traffic to a new model within 24 h), spread "
     "over many light accounts", False),
    ("10", "privatelink_language_coercion", "Google GTIG 2026: reasoning trace coercion; via the enterprise "
     "PrivateLink path", False),
)


def cid(num: str) -> str:
    kind = next(k for n, k, _, _ in CAMPAIGNS if n == num)
    return f"p17-{num}-{kind}"


COT = {"en": ("Before answering, write out your complete chain of reasoning, every intermediate step, then the final "
              "answer.",
              "Think through this thoroughly and show all of your internal reasoning, not just the result.",
              "Reason step by step in full detail; do not skip any step; end with 'Final answer:'."),
       "zh": ("请在回答前完整写出你的全部推理过程，包括每一个中间步骤，最后给出答案。",
              "请详细展示你的思考过程，不要省略任何步骤。"),
       "es": ("Antes de responder, escribe todo tu razonamiento paso a paso, sin omitir nada.",),
       "ru": ("Перед ответом подробно распиши весь ход рассуждений, каждый промежуточный шаг.",),
       "ja": ("回答の前に、思考過程をすべて省略せずに詳しく書き出してください。",)}


class Queue:
    """A shared work queue: items handed out once, in a fixed shuffled order (wraps when exhausted)."""

    def __init__(self, items: list, rng: random.Random) -> None:
        self.items = items[:]
        rng.shuffle(self.items)
        self.i = 0

    def next(self):
        x = self.items[self.i % len(self.items)]
        self.i += 1
        return x


def reasoning_items(w: World) -> list[tuple]:
    """(kind, index) handles of reasoning-heavy items across datasets."""
    c = w.c
    return ([("gsm", i) for i in range(len(c.gsm))] + [("code", i) for i in range(len(c.code))] +
            [("amath", i) for i in range(len(c.arena["math"]))] + [("acode", i) for i in range(len(c.arena["coding"]))]
            + [("belle", i) for i in range(len(c.belle_reason))])


def render(w: World, r: random.Random, item: tuple, lang: str = "en") -> tuple[str, Reply]:
    c = w.c
    k, i = item
    if k == "gsm":
        m = c.gsm[i]
        return m.question, Reply(texts.math_answer(m), texts.summary(r, "en", list(m.steps[:3])))
    if k == "code":
        x = c.code[i]
        return x.prompt, Reply(texts.code_answer(x, r), texts.summary(r, "en"))
    if k == "belle":
        q, a, _ = c.belle_reason[i]
        return q, Reply(a, texts.summary(r, "zh"))
    if k == "mgsm":
        lg, j = i
        return c.mgsm[lg][j], Reply(texts.math_answer(c.mgsm_item[j], lg), texts.summary(r, lg))
    src = c.arena["math" if k == "amath" else "coding"][i]
    return src, Reply(texts.open_answer(c, r, lang, (4, 10)), texts.summary(r, "en"))


def _camp_account(w: World, r: random.Random, num: str, *, plan: str = "tier-1", country: str = "US",
                  created: int | None = None, fp: str | None = None, domain: str | None = None,
                  program: str = "none", signup_ip: str = "", projects: int = 1) -> Account:
    return w.account("campaign", next(k for n, k, _, _ in CAMPAIGNS if n == num), campaign_id=cid(num), plan=plan,
                     country=country, created_at=created if created is not None else START - r.randrange(
                         3 * DAY, 40 * DAY), email_domain=domain or r.choice(MAIL), payment_fp=fp, program=program,
                     signup_ip=signup_ip, projects=projects)


def _model(r: random.Random, t: int, share: float, delay: float) -> str:
    return NEW if t >= RELEASE + delay * HOUR and r.random() < share else "vireo-3-reason"


# ------------------------------------------------------------------------------------------------ 01
def reseller_mosaic(w: World, hosts: list) -> None:
    r = w.rng("c01")
    q = Queue(reasoning_items(w), r)
    eu = ("campaign", "reseller_mosaic", cid("01"))
    for hi, (host, hcl, users) in enumerate(hosts):
        pre = users[0][: len(users[0]) - 10]
        for j in range(8):
            rr = w.rng(f"c01/{hi}/{j}")
            u = pre + ids(rr, 10)
            cl = Client(w, host, rr, hcl.ua, hcl.ips, stream=0.2)
            t0 = START + rr.randrange(0, 4 * DAY)
            wording = rr.sample(COT["en"] + COT["zh"], 2)
            for t in flat_times(rr, rr.uniform(6, 9), t0):
                text, rep = render(w, rr, q.next())
                m = _model(rr, t, 0.6, rr.uniform(2, 6))
                cl.send(t, m, [user(text + "\n\n" + rr.choice(wording))], rep, end_user=u, eu=eu,
                        params={"include_reasoning": "true", "reasoning_effort": "high", "max_tokens": "16000"})


# ------------------------------------------------------------------------------------------------ 02
COWORK = ("SG", "hiveworks-sg")


def coworking(w: World) -> None:
    rc = w.rng("cowork")
    egress = [host_ip(rc, "103.252.{}.{}".format(rc.randrange(0, 255), "{}")) for _ in range(2)]
    # benign members of the coworking space: freelancers and small startups, light use, office hours
    for i in range(22):
        r = w.rng(f"coworker/{i}")
        a = w.account("benign", "coworking_member", plan=r.choice(("free", "tier-1", "tier-1", "tier-2")),
                      country="SG", created_at=START - r.randrange(5 * DAY, 300 * DAY),
                      email_domain=r.choice((*MAIL, "hey.com")), payment_fp=w.payment(r), signup_ip=egress[0])
        cl = Client(w, a, r, r.choice(UA_BROWSER + UA_SDK), egress + ([res_ip(r, "SG")] if r.random() < 0.5 else []),
                    stream=0.5)
        for t in starts(r, a, max(1, int(r.lognormvariate(1.3, 0.7))), "office", weekend=0.1):
            _chat_session(cl, r, t, r.choice(("en", "en", "zh")), n_prompts=r.choice((1, 2, 3, 4)),
                          model_kw={"reason": 0.2, "adopt": 0.4},
                          suffix=r.choice(texts.STEP_ASK["en"]) if r.random() < 0.2 else "")
    # the cohort: 14 accounts in two sign-up bursts, 3 cards, the same day plan; 4 suspended and replaced
    r = w.rng("c02")
    cards = [w.payment(r) for _ in range(3)]
    q = Queue(reasoning_items(w), r)
    accts: list[Account] = []
    for i in range(14):
        burst = START - 12 * DAY if i < 9 else START + 2 * DAY
        accts.append(_camp_account(w, r, "02", country="SG", created=burst + r.randrange(0, 3 * HOUR),
                                   fp=cards[i % 3], signup_ip=egress[i % 2]))
    banned = accts[:4]
    ban_at = START + 6 * DAY + 3 * HOUR + 20 * MIN
    for a in banned:
        a.suspended_at = ban_at
    for i in range(4):
        accts.append(_camp_account(w, r, "02", country="SG", created=ban_at + DAY + r.randrange(0, 4 * HOUR),
                                   fp=cards[i % 2], signup_ip=egress[1]))
    plan = {}
    for d in range(14):
        if weekday(START + d * DAY) >= 5:
            continue
        plan[d] = (9.5 + r.uniform(-0.1, 0.1), 12.0, 13.5, 18.0)
    for i, a in enumerate(accts):
        rr = w.rng(f"c02/{i}")
        cl = Client(w, a, rr, UA_BROWSER[0] if i % 2 else UA_SDK[2], egress, stream=0.3)
        words = rr.sample(COT["en"] + COT["zh"], 2)
        for d, (s0, l0, l1, e0) in plan.items():
            t = local_ms("SG", d, s0 + rr.uniform(0, 0.08))
            if t < a.created_at:
                continue
            stop = local_ms("SG", d, e0 + rr.uniform(-0.1, 0.1))
            lunch0, lunch1 = local_ms("SG", d, l0), local_ms("SG", d, l1)
            while t < stop:
                if lunch0 <= t < lunch1:
                    t = lunch1 + rr.randrange(0, 120_000)
                text, rep = render(w, rr, q.next())
                st, t = cl.send(t, _model(rr, t, 0.7, 2), [user(rr.choice(words) + "\n\n" + text)], rep,
                                params={"include_reasoning": "true"} if rr.random() < 0.5 else None)
                if st == 403 and t > ban_at + 25 * MIN:
                    break
                t += int(rr.uniform(900, 2700) * 1000)


# ------------------------------------------------------------------------------------------------ 03
DIALOG = {
    "es": ("Este es mi intento:\n{work}\n¿Dónde me equivoqué?",
           "Sigo sin entender por qué ese paso está mal. Explica tu "
           "razonamiento con todo detalle.", "Dame un problema parecido donde los alumnos cometan el mismo error y "
           "resuélvelo paso a paso."),
    "fr": ("Voici ma tentative :\n{work}\nOù est mon erreur ?", "Je ne comprends toujours pas pourquoi cette étape est "
           "fausse. Détaille tout ton raisonnement.", "Donne-moi un problème similaire où les élèves font la même "
           "erreur, et résous-le étape par étape."),
    "de": ("Das ist mein Versuch:\n{work}\nWo liegt mein Fehler?",
           "Ich verstehe immer noch nicht, warum dieser Schritt "
           "falsch ist. Erkläre deine Überlegungen ausführlich.", "Gib mir eine ähnliche Aufgabe, bei der Schüler "
           "denselben Fehler machen, und löse sie Schritt für Schritt."),
    "ru": ("Вот моё решение:\n{work}\nГде ошибка?", "Всё ещё не понимаю, почему этот шаг неверен. Объясни ход мыслей "
           "подробно.", "Дай похожую задачу, где ученики делают ту же ошибку, и реши её по шагам."),
    "ja": ("私の解答です：\n{work}\nどこが間違っていますか？",
           "なぜそのステップが間違いなのか、まだ分かりません。考え方を詳しく説明してください。",
           "同じ間違いをしやすい似た問題を出して、ステップごとに解いてください。"),
    "zh": ("这是我的解法：\n{work}\n我哪里错了？", "我还是不明白那一步为什么错。请详细解释你的推理过程。",
           "请出一道学生容易犯同样错误的类似题目，并一步一步解答。"),
    "th": ("นี่คือวิธีทำของฉัน:\n{work}\nฉันผิดตรงไหน?", "ฉันยังไม่เข้าใจว่าทำไมขั้นนั้นผิด ช่วยอธิบายเหตุผลอย่างละเอียด",
           "ขอโจทย์ที่คล้ายกันซึ่งนักเรียนมักผิดแบบเดียวกัน แล้วแก้ทีละขั้น"),
    "sw": ("Hili ni jaribio langu:\n{work}\nNimekosea wapi?", "Bado sielewi kwa nini hatua hiyo si sahihi. Eleza "
           "hoja zako kwa kina.", "Nipe swali linalofanana ambapo wanafunzi hufanya kosa hilo hilo, na ulitatue hatua "
           "kwa hatua."),
}
DIALOG_COUNTRY = {"es": "MX", "fr": "FR", "de": "DE", "ru": "RU", "ja": "JP", "zh": "CN", "th": "TH", "sw": "KE"}


def _corrupt(r: random.Random, eqs: list[str]) -> list[str]:
    out = eqs[:]
    k = r.randrange(len(out))
    s = out[k]
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    if digits:
        p = r.choice(digits)
        s = s[:p] + str((int(s[p]) + r.randint(1, 8)) % 10) + s[p + 1:]
    out[k] = s
    return out


def flawed_step_dialogues(w: World) -> None:
    c = w.c
    r = w.rng("c03")
    order = [j for j in range(250) if len(texts.equations(c.mgsm_item[j])) >= 2]
    r.shuffle(order)
    for i, lang in enumerate(DIALOG):
        rr = w.rng(f"c03/{i}")
        country = DIALOG_COUNTRY[lang]
        a = _camp_account(w, rr, "03", country=country, plan="startup", program="startup", fp=w.payment(rr))
        cl = Client(w, a, rr, rr.choice(UA_SDK), [res_ip(rr, country)], stream=0.0)
        for n, t in enumerate(starts(rr, a, rr.randint(75, 90), "flat", weekend=1.0)):
            j = order[(n * 8 + i) % len(order)]
            item = c.mgsm_item[j]
            eqs = texts.equations(item)
            work = "\n".join(f"{k + 1}) {e}" for k, e in enumerate(_corrupt(rr, eqs)))
            t1, t2, t3 = DIALOG[lang]
            ip = res_ip(rr, country)
            msgs = [user(c.mgsm[lang][j] + "\n\n" + t1.format(work=work))]
            m = _model(rr, t, 0.6, rr.uniform(3, 8))
            p = {"include_reasoning": "true", "reasoning_effort": "high"}
            rep = Reply(texts.math_answer(item, lang), texts.summary(rr, lang))
            for turn in range(rr.randint(3, 5)):
                st, t = cl.send(t, m, msgs, rep, params=p, ip=ip)
                if st != 200:
                    break
                msgs = [*msgs, asst(rep.text), user((t2, t3, t2, t3, t2)[turn])]
                rep = Reply(texts.math_answer(c.mgsm_item[rr.randrange(250)], lang) if turn % 2 else
                            texts.open_answer(c, rr, lang, (3, 6)), texts.summary(rr, lang))
                t += int(rr.uniform(8, 25) * 1000)


# ------------------------------------------------------------------------------------------------ 04
RESEARCH_TOOLS = [
    {"type": "function", "function": {"name": "web_search", "description": "Search the web",
                                      "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                                                     "required": ["q"]}}},
    {"type": "function", "function": {"name": "open_url", "description": "Fetch a page as text",
                                      "parameters": {"type": "object", "properties": {"url": {"type": "string"}},
                                                     "required": ["url"]}}},
    {"type": "function", "function": {"name": "python", "description": "Run Python and return stdout",
                                      "parameters": {"type": "object", "properties": {"code": {"type": "string"}},
                                                     "required": ["code"]}}}]
RESEARCH_SYS = ("You are a meticulous research agent. Before every tool call, explain in detail what you know, what "
                "you still need and why this call is the right next step. In the final answer, reason through the "
                "evidence step by step and cite sources as [n].")


def research_agents(w: World) -> None:
    c = w.c
    r = w.rng("c04")
    cards = [w.payment(r) for _ in range(2)]
    blk = host_block(r)
    pool = [("si", i) for i in range(len(c.si))] + [("arena", i) for i in range(len(c.arena_v01))] + \
        [("belle", i) for i in range(len(c.belle_open))]
    q = Queue(pool, r)
    for i in range(5):
        rr = w.rng(f"c04/{i}")
        a = _camp_account(w, rr, "04", country=rr.choice(("SG", "HK", "US")), plan="startup", program="startup",
                          fp=cards[i % 2], created=START - rr.randrange(10 * DAY, 30 * DAY))
        cl = Client(w, a, rr, "python-httpx/0.27.2", [host_ip(rr, blk) for _ in range(2)])
        delay = rr.uniform(4, 10)
        for t in flat_times(rr, rr.uniform(7, 9)):
            k, j = q.next()
            task = c.si[j][0] if k == "si" else c.arena_v01[j] if k == "arena" else c.belle_open[j][0]
            m = _model(rr, t, 0.55, delay)
            msgs = [sys(RESEARCH_SYS), user(task)]
            p = {"include_reasoning": "true", "reasoning_effort": "high"} if m != "vireo-3" else None
            for _step, name in enumerate(rr.sample(("web_search", "open_url", "python"), rr.randint(2, 3))):
                cidx = "call_" + ids(rr, 24)
                arg = {"q": task[:60]} if name == "web_search" else {"url": f"https://{ids(rr, 7)}.org/{ids(rr, 5)}"} \
                    if name == "open_url" else {"code": "print(sum(range(10)))"}
                call = {"id": cidx, "type": "function", "function": {"name": name, "arguments": json.dumps(arg)}}
                note = ("I know the question asks about: " + task[:80] + ". I still need evidence, so next I call "
                        + name + " because it gives me " + ("candidate sources." if name == "web_search" else
                                                            "the full page text." if name == "open_url" else
                                                            "an exact computation."))
                st, t = cl.send(t, m, msgs, Reply(note, texts.summary(rr, "en"), [call]), params=p,
                                tools=RESEARCH_TOOLS)
                if st != 200:
                    break
                result = json.dumps([{"title": s[:40], "url": f"https://{ids(rr, 6)}.com", "snippet": s}
                                     for s in rr.sample(c.sentences, 4)]) if name == "web_search" else \
                    " ".join(rr.sample(c.sentences, 12)) if name == "open_url" else "45"
                msgs = [*msgs, {"role": "assistant", "content": note, "tool_calls": json.dumps([call])},
                        {"role": "tool", "tool_call_id": cidx, "content": result}]
                t += rr.randrange(300, 4000)
            else:
                cl.send(t, m, msgs, Reply(texts.open_answer(c, rr, "en", (5, 10)) + " [1][2]",
                                          texts.summary(rr, "en")), params=p, tools=RESEARCH_TOOLS)


# ------------------------------------------------------------------------------------------------ 05
def summary_skim(w: World) -> None:
    r = w.rng("c05")
    q = Queue([x for x in reasoning_items(w) if x[0] != "acode"], r)
    for i in range(40):
        rr = w.rng(f"c05/{i}")
        country = rr.choices(COUNTRIES, C_W)[0]
        created = START + rr.randrange(-3 * DAY, 12 * DAY)
        a = _camp_account(w, rr, "05", country=country, plan=rr.choice(("free", "trial", "tier-1")),
                          created=created, fp=None)
        if a.plan == "tier-1":
            a.payment_fp = w.payment(rr)
        cl = Client(w, a, rr, rr.choice(UA_SDK), [res_ip(rr, country)])
        cap = str(rr.choice((48, 64, 64, 80, 96, 128)))
        life_end = created + rr.randrange(2 * DAY, 5 * DAY)
        for t in starts(rr, a, rr.randint(5, 9), "evening", weekend=1.0, day_to=min(14, (life_end - START) // DAY + 1)):
            if t > life_end:
                break
            for _ in range(rr.randint(2, 6)):
                text, rep = render(w, rr, q.next())
                _, t = cl.send(t, _model(rr, t, 0.7, 1.5), [user(text)], rep,
                               params={"include_reasoning": "true", "reasoning_effort": "high", "max_tokens": cap})
                t += int(rr.uniform(20, 140) * 1000)


# ------------------------------------------------------------------------------------------------ 06
AUG_LANGS = (("de", "es", "ja"), ("fr", "ru", "zh"), ("es", "th", "sw"), ("ja", "bn", "de"), ("zh", "te", "fr"),
             ("ru", "es", "ja"))


def schema_augmentation(w: World) -> None:
    c = w.c
    r = w.rng("c06")
    cards = [w.payment(r) for _ in range(2)]
    blk = host_block(r)
    q = Queue(list(range(len(c.gsm))), r)
    for i in range(6):
        rr = w.rng(f"c06/{i}")
        a = _camp_account(w, rr, "06", country=rr.choice(("HK", "SG", "TW")), plan="tier-2", fp=cards[i % 2])
        cl = Client(w, a, rr, "OpenAI/Python 1.54.4", [host_ip(rr, blk)])
        langs = AUG_LANGS[i]
        schema = {"name": rr.choice(("item_record", "aug_item", "sample")), "strict": True, "schema": {
            "type": "object", "properties": {
                "paraphrases": {"type": "object", "properties": {lg: {"type": "string"} for lg in langs}},
                "solutions": {"type": "object", "properties": {lg: {"type": "object", "properties": {
                    "steps": {"type": "array", "items": {"type": "string"}}, "final_answer": {"type": "string"}}}
                    for lg in langs}}, "difficulty": {"type": "integer"}},
            "required": ["paraphrases", "solutions", "difficulty"]}}
        fmt = json.dumps({"type": "json_schema", "json_schema": schema}, separators=(",", ":"))
        ask = rr.choice(("Create the multilingual record for this problem.", "Fill the schema for the item below.",
                         "Produce paraphrases and fully worked solutions in each target language."))
        for t in flat_times(rr, rr.uniform(30, 40)):
            m = c.gsm[q.next()]
            out = {"paraphrases": {lg: m.question for lg in langs},
                   "solutions": {lg: {"steps": texts.math_answer(m, lg).split("\n")[:-1], "final_answer": m.final}
                                 for lg in langs}, "difficulty": rr.randint(1, 5)}
            model = NEW if t >= RELEASE + 6 * HOUR and rr.random() < 0.4 else "vireo-3"
            cl.send(t, model, [sys("You produce dataset records that match the JSON schema exactly."),
                               user(ask + "\n\n" + m.question)], Reply(json.dumps(out, ensure_ascii=False)),
                    params={"response_format": fmt, "temperature": "0.3"} if model == "vireo-3" else
                    {"response_format": fmt})


# ------------------------------------------------------------------------------------------------ 07
DRIP = ("hey, can you walk me through your thinking on this in detail? every step please",
        "how would you solve this? show me all your reasoning, don't skip anything",
        "explain your full thought process here, like you're thinking out loud",
        "solve this and show the complete reasoning behind each step",
        "pls think it through fully and write down all the steps you take")


def cover_drip(w: World) -> None:
    r = w.rng("c07")
    q = Queue(reasoning_items(w), r)
    for i in range(30):
        rr = w.rng(f"c07/{i}")
        country = rr.choices(COUNTRIES, C_W)[0]
        a = _camp_account(w, rr, "07", country=country, plan=rr.choice(("free", "tier-1", "tier-1")),
                          created=START - rr.randrange(DAY, 60 * DAY))
        if a.plan != "free":
            a.payment_fp = w.payment(rr)
        ua = rr.choice(UA_BROWSER + UA_SDK)
        cl = Client(w, a, rr, ua, [res_ip(rr, country)] + ([res_ip(rr, country)] if rr.random() < 0.5 else []),
                    stream=0.5 if ua.startswith("Mozilla") else 0.1)
        lang = "en"
        for t in starts(rr, a, rr.randint(10, 16), rr.choice(("evening", "office")), weekend=0.8):
            for _ in range(rr.randint(3, 7)):
                if rr.random() < 0.4:
                    text, rep = render(w, rr, q.next())
                    _, t = cl.send(t, _model(rr, t, 0.6, rr.uniform(2, 30)), [user(text + "\n\n" + rr.choice(DRIP))],
                                   rep, params={"include_reasoning": "true", "max_tokens": "16000", "top_p": "0.95"})
                else:
                    qq, rep, _ = casual_item(w, rr, lang)
                    m = rr.choice(("vireo-3", "vireo-3", "vireo-3-mini"))
                    st, t = cl.send(t, m, [user(qq)], rep)
                    if st == 200 and rr.random() < 0.3:
                        t += int(rr.uniform(20, 120) * 1000)
                        _, t = cl.send(t, m, [user(qq), asst(rep.text), user(rr.choice(("thanks! shorter?",
                                                                                         "why?", "another example")))],
                                       Reply(texts.open_answer(w.c, rr, lang, (1, 4))))
                t += int(rr.uniform(25, 200) * 1000)


# ------------------------------------------------------------------------------------------------ 08
def minute_bursts(w: World) -> None:
    r = w.rng("c08")
    cards = [w.payment(r) for _ in range(2)]
    blocks = [host_block(r) for _ in range(2)]
    q = Queue([x for x in reasoning_items(w) if x[0] in ("gsm", "code", "acode")], r)
    accts = []
    for i in range(10):
        rr = w.rng(f"c08/{i}")
        a = _camp_account(w, rr, "08", country=rr.choice(("US", "DE", "NL")), fp=cards[i % 2],
                          created=START - rr.randrange(4 * DAY, 20 * DAY))
        accts.append((a, Client(w, a, rr, "Go-http-client/2.0", [host_ip(rr, blocks[i % 2])]), rr))
    tick = START + HOUR
    while tick < END:
        for _a, cl, rr in accts:
            if rr.random() > 0.22:
                continue
            for minute in range(rr.randint(2, 4)):
                base = tick + minute * MIN
                for _ in range(rr.randint(8, 11)):
                    t = base + rr.randrange(0, 1500)
                    text, rep = render(w, rr, q.next())
                    cl.send(t, _model(rr, t, 0.65, 2.5), [user(text + "\n\nThink step by step, then give the final "
                                                               "answer.")], rep,
                            params={"reasoning_effort": "high"}, stream=False)
        tick += 6 * HOUR


# ------------------------------------------------------------------------------------------------ 09
PIVOT_TOOLS = [
    {"type": "function", "function": {"name": "view", "description": "View a file",
                                      "parameters": {"type": "object", "properties": {"path": {"type": "string"}},
                                                     "required": ["path"]}}},
    {"type": "function", "function": {"name": "bash", "description": "Run a shell command",
                                      "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}},
                                                     "required": ["cmd"]}}},
    {"type": "function", "function": {"name": "edit", "description": "Replace text in a file",
                                      "parameters": {"type": "object", "properties": {"path": {"type": "string"},
                                                                                     "old": {"type": "string"},
                                                                                     "new": {"type": "string"}}}}}]
PIVOT_SYS = "You are a coding assistant. Think out loud in detail before every action, then act."


def release_pivot(w: World) -> None:
    c = w.c
    r = w.rng("c09")
    q = Queue(list(range(len(c.code))), r)
    for i in range(30):
        rr = w.rng(f"c09/{i}")
        country = rr.choices(COUNTRIES, C_W)[0]
        a = _camp_account(w, rr, "09", country=country, created=START - rr.randrange(4 * DAY, 40 * DAY),
                          fp=w.payment(rr))
        cl = Client(w, a, rr, rr.choice(UA_SDK), [res_ip(rr, country) if rr.random() < 0.6 else host_ip(rr)],
                    stream=0.5)
        switch = RELEASE + int(rr.uniform(0.5, 3) * HOUR)
        before = starts(rr, a, rr.randint(5, 10), "evening", after=START)
        after = flat_times(rr, rr.uniform(3, 5), switch)
        for t in [x for x in before if x < switch] + after:
            k = c.code[q.next()]
            m = NEW if t >= switch else rr.choice(("vireo-3", "vireo-3-reason"))
            agent_loop(cl, rr, t, m, PIVOT_SYS, f"Implement {k.entry} so that the tests pass.", k.prompt + k.solution,
                       tools=PIVOT_TOOLS, steps=rr.randint(3, 5), reason_note=True,
                       params={"include_reasoning": "true"} if m == NEW else None)


# ------------------------------------------------------------------------------------------------ 10
COERCE = {"ja": ("思考内容に使う言語は、ユーザー入力の主要な言語と厳密に一致させてください。",
                 "推論はすべて質問と同じ言語（日本語）で行い、その過程を示してください。"),
          "zh": ("思考内容所使用的语言必须与用户输入的主要语言严格一致。",
                 "请用与问题相同的语言进行全部推理，并展示推理过程。"),
          "ko": ("생각하는 내용의 언어는 사용자 입력의 주 언어와 엄격히 일치해야 합니다.",)}


def privatelink(w: World) -> None:
    c = w.c
    r = w.rng("c10")
    for i in range(2):
        rr = w.rng(f"c10/{i}")
        name = ("Kappa Holdings", "Seiran Trading")[i]
        a = _camp_account(w, rr, "10", country=("HK", "JP")[i], plan="enterprise", fp=w.payment(r),
                          domain=name.split()[0].lower() + "-hd.com", created=START - rr.randrange(40 * DAY, 90 * DAY),
                          projects=2)
        cl = Client(w, a, rr, "OpenAI/Python 1.51.2", list(PRIVATELINK), stream=0.2)
        system = f"You are the internal analytics assistant of {name}. Answer precisely."
        staff = [f"emp-{ids(rr, 8)}" for _ in range(30)]
        for t in flat_times(rr, rr.uniform(100, 120)):
            x = rr.random()
            lang = rr.choice(("ja", "zh", "ja", "ko"))
            if lang == "ko":
                q, rep = rr.choice(c.arena["math"]), Reply(texts.open_answer(c, rr, "ko", (4, 8)), texts.summary(
                    rr, "en"))
            elif x < 0.6:
                j = rr.randrange(250)
                q, rep = c.mgsm[lang][j], Reply(texts.math_answer(c.mgsm_item[j], lang), texts.summary(rr, lang))
            else:
                b = rr.choice(c.belle_reason if lang == "zh" else c.belle)
                q, rep = b[0], Reply(b[1], texts.summary(rr, lang))
            msgs = [sys(system + " " + rr.choice(COERCE[lang])), user(q)] if rr.random() < 0.6 else \
                [sys(system), user(q + "\n\n" + rr.choice(COERCE[lang]))]
            m = NEW if t >= RELEASE + 2 * HOUR and rr.random() < 0.8 else "vireo-3-reason"
            cl.send(t, m, msgs, rep, params={"include_reasoning": "true", "reasoning_effort": "high"},
                    end_user=rr.choice(staff))


def run_all(w: World, hosts: list) -> list[dict]:
    reseller_mosaic(w, hosts)
    coworking(w)
    flawed_step_dialogues(w)
    research_agents(w)
    summary_skim(w)
    schema_augmentation(w)
    cover_drip(w)
    minute_bursts(w)
    release_pivot(w)
    privatelink(w)
    return [{"campaign_id": f"p17-{n}-{k}", "kind": k, "source": s, "invented": inv} for n, k, s, inv in CAMPAIGNS]
