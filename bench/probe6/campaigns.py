"""Distillation campaigns. Each request is harmless on its own; the evidence sits in accounts and clusters."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import corpus
from .common import clip, make_ident, ok
from .gemini import Outcome, gen_config, request, user
from .infra import (
    DAYS,
    END,
    REGIONS,
    START,
    billing_account,
    bursts,
    human_sessions,
    machine_stream,
    ua_genai,
    ua_rest,
    ua_vertexai,
)
from .writer import Writer

FLASH = "gemini-x-flash-001"
PRO = "gemini-x-pro-001"


@dataclass(frozen=True)
class Campaign:
    id: str
    archetype: str
    accounts: int
    run: Callable[[Writer, random.Random, Campaign], None]
    summary: str


# ---- C1: thinking-budget ladder ------------------------------------------------------------------------------
RUNGS = [512, 2048, 8192, 24576]


def budget_ladder(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Every reasoning item is asked once at each thinkingBudget rung, each rung from a different project, to build
    a budget-conditioned reasoning set. Per project: one plain question per item, includeThoughts on."""
    c = corpus.get()
    bills = [billing_account(rng) for _ in range(3)]
    nets = [f"{rng.choice([45, 149, 185])}.{rng.randint(1, 254)}.{rng.randint(0, 255)}" for _ in range(3)]
    ua = ua_genai(rng)
    ids = []
    for k in range(cp.accounts):
        idt = make_ident(rng, tier="tier_1", ips=[f"{nets[k % 3]}.{rng.randint(2, 250)}" for _ in range(2)], ua=ua,
                         billing=bills[k % 3], created=(20, 45), regions=["us-central1", "us-east4"])
        w.account(idt, cp.id, cp.archetype)
        ids.append(idt)
    pool = [q for q, _, _ in c.gsm] + c.arena_math + [q for q, _ in c.mgsm["en"]]
    wraps = ["{q}", "Problem: {q}\nShow your work.", "{q}\n\nExplain your solution.", "Q: {q}"]
    n_items = cp.accounts * 1050 // 4
    items = [(rng.choice(wraps).format(q=rng.choice(pool))) for _ in range(n_items)]
    # each project serves one rung for a slice of items: project k -> rung k % 4
    by_rung: dict[int, list[int]] = {r: [k for k in range(cp.accounts) if k % 4 == r] for r in range(4)}
    jobs: dict[int, list[tuple[float, str, int]]] = {k: [] for k in range(cp.accounts)}
    t_items = machine_stream(rng, n_items, START + 0.3 * 86400, END - 0.4 * 86400, 0.8)
    for it, (p, t) in enumerate(zip(items, t_items, strict=True)):
        for r in range(4):
            k = by_rung[r][it % len(by_rung[r])]
            jobs[k].append((t + rng.uniform(0, 5 * 3600), p, RUNGS[r]))
    for k, idt in enumerate(ids):
        for ts, p, b in sorted(jobs[k]):
            req = request([user(p)], gen=gen_config(temperature=0.7, budget=b, include_thoughts=True))
            ans = corpus.generic_answer(rng, p)
            w.emit(rng, idt, ts, PRO, req, ok(ans, prompt=p, rng=rng, k=1 + RUNGS.index(b) // 2,
                                               ttok=int(b * rng.uniform(0.35, 0.95))))


# ---- C2: cached exemplar imprint -----------------------------------------------------------------------------
HOUSE = ("### Analysis\n{a}\n\n### Plan\n1. Parse the inputs.\n2. Handle the edge cases.\n3. Implement the core loop."
         "\n\n### Code\n```python\n{code}```\n\n### Verification\nTraced the examples in the docstring; all pass. "
         "Complexity: O(n) time, O(1) extra space.")


def exemplar_cache(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Projects with nothing in common except an explicit context cache holding the same 32k-token block of worked
    coding exemplars in a house format; short coding tasks are asked against it and answers come back in that format."""
    c = corpus.get()
    cached_tokens = 32357
    kinds = ["isp_asia", "hosting", "aws", "office", "gcp", "azure"]
    for k in range(cp.accounts):
        ua = ua_vertexai(rng) if k % 2 else ua_genai(rng)
        region = rng.choice(["us-central1", "asia-southeast1", "europe-west4", "asia-northeast1"])
        idt = make_ident(rng, tier=rng.choice(["tier_1", "tier_2"]), auth=rng.choice(["API_KEY", "SERVICE_ACCOUNT"]),
                         ipkind=kinds[k % len(kinds)], n_ips=rng.randint(1, 3), ua=ua, regions=[region],
                         created=(15, 200), sa=rng.choice(["builder", "dev", "ml-ops", "ci"]))
        w.account(idt, cp.id, cp.archetype)
        cache = f"projects/{idt.project_number}/locations/{region}/cachedContents/{rng.randrange(10**18, 10**19)}"
        n = rng.randint(800, 1000)
        starts = [START + (d + (1 + rng.uniform(-0.2, 0.2)) / 24) * 86400 for d in range(DAYS) if d % 7 < 5]
        for ts in bursts(rng, n, len(starts), starts, 3, (18, 40)):
            if rng.random() < 0.5:
                pr, sol, _ = rng.choice(c.humaneval)
                p, code = pr, pr + sol
            else:
                p = rng.choice(c.arena_code)
                code = "".join(rng.choice(c.humaneval)[:2])
            req = request([user(f"Task:\n{clip(p, 3000)}")], cached=cache, gen=gen_config(temperature=0.4,
                                                                                        max_out=6000))
            o = ok(HOUSE.format(a=corpus.generic_answer(rng, p).split("\n\n", 1)[0] + " " + corpus.topic_of(p, 14),
                                code=code), rng=rng, think=False, ttok=rng.randint(200, 1500))
            o.cached_tokens = cached_tokens
            w.emit(rng, idt, ts, PRO, req, o)


# ---- C3: shared-bucket vision sweep --------------------------------------------------------------------------
VQ = ["Describe this image in detail, including every visible object, text and its layout.",
      "Transcribe all text in this image exactly, preserving line breaks.",
      "Answer the question about this chart and explain how you read the values: what is the largest category?",
      "Write a dense caption for this image, then list three question-answer pairs about it."]


def vision_bucket(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Ten projects, each with its own service account, read images from the same staging bucket; every object is
    asked by three projects with different question types (caption, OCR, chart QA), a multimodal SFT set in pieces."""
    bucket = f"gs://mmc-stage-{rng.randint(100, 999)}-us"
    ids = []
    bill = billing_account(rng)
    for k in range(cp.accounts):
        idt = make_ident(rng, tier="tier_2", auth="SERVICE_ACCOUNT", ipkind=None if k % 3 else "gcp", n_ips=2,
                         ua=ua_vertexai(rng), sa="vqa-runner", created=(30, 120),
                         billing=bill if k < 4 else None)
        w.account(idt, cp.id, cp.archetype)
        ids.append(idt)
    n_obj = cp.accounts * 1250 // 3
    for o_i in range(n_obj):
        shard, obj = o_i // 500, o_i % 500
        uri = f"{bucket}/shard-{shard:05d}/{obj:06d}.{rng.choice(['png', 'jpg'])}"
        for k in rng.sample(range(cp.accounts), 3):
            jobs_t = START + ((o_i / n_obj) * (DAYS - 0.5) + rng.uniform(0, 0.4)) * 86400
            q = rng.choice(VQ)
            mime = "image/png" if uri.endswith("png") else "image/jpeg"
            req = request([user(q, {"fileData": {"mimeType": mime, "fileUri": uri}})],
                          gen=gen_config(temperature=0.2, max_out=2048))
            what = rng.choice(["bar chart", "scanned receipt", "street scene", "slide", "table", "diagram"])
            title = corpus.topic_of(rng.choice(corpus.get().selfinst)[0], 5)
            cap = (f"The image shows a {what} with {rng.randint(2, 12)} labelled elements. The title reads "
                   f"\"{title}\". "
                   f"Values range from {rng.randint(0, 50)} to {rng.randint(51, 900)}; the largest category is in "
                   f"the {rng.choice(['left', 'middle', 'right'])} of the figure.")
            w.emit(rng, ids[k], jobs_t, FLASH if rng.random() < 0.8 else PRO, req, ok(cap, rng=rng, think=False))


# ---- C4: tokenizer cartography -------------------------------------------------------------------------------
def _probe_strings(rng: random.Random, n: int) -> list[str]:
    c = corpus.get()
    words = [w for q, _, _ in c.gsm[:600] for w in q.split()] + [ch for q, _ in c.belle[:200] for ch in q[:30]]
    out: list[str] = []
    cp = 0x4E00 + rng.randint(0, 2000)
    while len(out) < n:
        r = rng.random()
        if r < 0.3:
            wd = rng.choice(words).strip(".,?!")
            out += [wd[: j + 1] for j in range(len(wd))]  # every prefix of a word
        elif r < 0.5:
            out += [chr(cp + j) for j in range(16)]  # a run of consecutive code points
            cp += 16
        elif r < 0.65:
            out += [" " * j for j in range(1, 9)] + ["\t" * j for j in range(1, 5)]
        elif r < 0.8:
            x = str(rng.randint(0, 10**9))
            out += [x[: j + 1] for j in range(len(x))]
        else:
            a, b = rng.choice(words), rng.choice(words)
            out += [a + b, a + " " + b, a.upper() + b, a.capitalize()]
    return out[:n]


def tokenizer_cartography(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """countTokens is free and unlogged in most dashboards; a few keys map the tokenizer with systematic tiny inputs
    (prefix chains, code-point runs, whitespace runs), plus 'repeat exactly' probes capped at a few output tokens:
    the groundwork for token-level (soft-label) distillation onto a compatible vocabulary."""
    ips = [f"{rng.choice([91, 194])}.{rng.randint(1, 254)}.{rng.randint(0, 255)}.{x}" for x in range(17, 23)]
    ua = ua_rest(rng)
    for k in range(cp.accounts):
        idt = make_ident(rng, tier=rng.choice(["free", "tier_1"]), ips=ips, ua=ua, express=k % 2 == 0,
                         created=(5, 60))
        w.account(idt, cp.id, cp.archetype)
        n = rng.randint(1800, 2400)
        t0 = START + rng.uniform(0, 1.5) * 86400
        strs = _probe_strings(rng, n)
        for ts, s in zip(machine_stream(rng, n, t0, t0 + rng.uniform(3.5, 5) * 86400, 0.6), strs, strict=True):
            if rng.random() < 0.06:
                req = request([user(f"Repeat the following text exactly, with no other output:\n{s}")],
                              gen=gen_config(temperature=0.0, max_out=8, budget=0))
                w.emit(rng, idt, ts, FLASH, req, ok(s, think=False, rng=rng))
            else:
                w.emit(rng, idt, ts, FLASH, request([user(s)]), Outcome(kind="count"), method="countTokens")


# ---- C5: regional quota sharding -----------------------------------------------------------------------------
def region_shard(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Vertex quotas are per region per project; a few projects spray competitive-programming harvest round-robin
    over a dozen regions and, on 429, resend the identical request to the next region within a second."""
    c = corpus.get()
    for _k in range(cp.accounts):
        regs = rng.sample([r for r in REGIONS if r != "global"], rng.randint(9, 12))
        idt = make_ident(rng, tier="tier_2", auth="SERVICE_ACCOUNT", ipkind="aws", n_ips=4, ua=ua_genai(rng),
                         regions=regs, sa="batch", created=(60, 300))
        w.account(idt, cp.id, cp.archetype)
        n = rng.randint(1500, 2000)
        ri = 0
        for ts in bursts(rng, n, 7, [START + (d + rng.uniform(0, 0.3)) * 86400 for d in range(DAYS)], 24, (30, 90)):
            p = rng.choice(c.arena_code) if rng.random() < 0.6 else rng.choice(c.humaneval)[0]
            p = f"Solve the problem below with an efficient algorithm. Then write 10 edge-case unit tests with " \
                f"expected outputs.\n\n{clip(p, 3500)}"
            req = request([user(p)], gen=gen_config(temperature=0.8, max_out=8192))
            o = ok(corpus.generic_answer(rng, p, code=True), rng=rng, think=False, ttok=rng.randint(800, 5000))
            for _hop in range(4):
                reg = regs[ri % len(regs)]
                ri += 1
                if rng.random() < 0.22:
                    ts = w.emit(rng, idt, ts, PRO, req, Outcome(kind="error", code=429), region=reg, noise=False)
                    ts += rng.uniform(0.05, 0.8)
                    continue
                w.emit(rng, idt, ts, PRO, req, o, region=reg, noise=False)
                break


# ---- C6: streamed thought skimming ---------------------------------------------------------------------------
def thought_skim(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Streamed calls with includeThoughts; the client hangs up as soon as the first answer chunk arrives, keeping
    only the thought summaries (cheap reasoning sketches). Small young projects behind one residential proxy pool."""
    c = corpus.get()
    pool_ips = [f"{rng.choice([1, 36, 58, 111, 123, 180])}.{rng.randint(1, 254)}.{rng.randint(0, 255)}."
                f"{rng.randint(1, 254)}" for _ in range(260)]
    for _k in range(cp.accounts):
        idt = make_ident(rng, tier="tier_1", ips=rng.sample(pool_ips, 90), ua=("python-httpx/0.27.2", ""),
                         created=(3, 30), regions=["us-central1", "asia-northeast1", "asia-southeast1"])
        w.account(idt, cp.id, cp.archetype)
        n = rng.randint(550, 850)
        for ts in human_sessions(rng, n, 8, "office", weekend=0.9, per_session=(6, 20), gap=(25, 45)):
            r = rng.random()
            if r < 0.4:
                p, a = rng.choice(c.belle)
            elif r < 0.6:
                p, a = rng.choice(c.mgsm[rng.choice(["zh", "ja"])])[0], ""
            else:
                p = rng.choice(c.arena_math + c.arena_creative)
                a = ""
            a = a or corpus.generic_answer(rng, p)
            req = request([user(p)], gen=gen_config(budget=-1, include_thoughts=True))
            o = ok(a, prompt=p, rng=rng, k=rng.randint(3, 5), ttok=rng.randint(1500, 9000))
            o.stop_after_thoughts = True
            w.emit(rng, idt, ts, PRO, req, o, method="streamGenerateContent")


# ---- C7: tool-catalogue churn --------------------------------------------------------------------------------
VERBS = ["get", "list", "create", "update", "delete", "search", "cancel", "schedule", "book", "refund", "export",
         "assign", "approve", "sync", "translate", "summarize"]
NOUNS = ["invoice", "flight", "ticket", "user", "order", "meeting", "shipment", "payment", "room", "repository",
         "pod", "playlist", "patient_record", "lead", "campaign", "warehouse_item", "calendar_event", "contract",
         "expense", "device", "subscription", "deployment", "article", "reservation"]
PARAMS = [("id", "STRING"), ("date", "STRING"), ("limit", "INTEGER"), ("query", "STRING"), ("amount", "NUMBER"),
          ("currency", "STRING"), ("email", "STRING"), ("priority", "STRING"), ("start_time", "STRING"),
          ("end_time", "STRING"), ("region", "STRING"), ("dry_run", "BOOLEAN"), ("tags", "ARRAY")]


def tool_churn(w: Writer, rng: random.Random, cp: Campaign) -> None:
    """Single-step function-calling harvest: every request carries a freshly sampled catalogue of 8-40 plausible
    tools and a user task; the functionCall comes back and no functionResponse ever follows."""
    c = corpus.get()
    bills = [billing_account(rng) for _ in range(2)]
    nets = [f"{rng.choice([45, 185, 194])}.{rng.randint(1, 254)}.{rng.randint(0, 255)}" for _ in range(2)]
    for k in range(cp.accounts):
        idt = make_ident(rng, tier="tier_1", ips=[f"{nets[k % 2]}.{rng.randint(2, 250)}" for _ in range(3)],
                         ua=ua_genai(rng, "node"), billing=bills[k % 2], created=(10, 90))
        w.account(idt, cp.id, cp.archetype)
        n = rng.randint(750, 1050)
        t0 = START + (rng.uniform(1, 2) if k >= cp.accounts // 2 else rng.uniform(0, 0.3)) * 86400
        for ts in machine_stream(rng, n, t0, END - rng.uniform(0, 0.5) * 86400, 0.9):
            nt = rng.randint(8, 40)
            names = {f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}" for _ in range(nt)}
            decls = []
            for nm in sorted(names):
                ps = rng.sample(PARAMS, rng.randint(1, 4))
                props = {p: ({"type": t, "items": {"type": "STRING"}} if t == "ARRAY" else {"type": t}) for p, t in ps}
                decls.append({"name": nm, "description": nm.replace("_", " ").capitalize() + " in the tenant system.",
                              "parameters": {"type": "OBJECT", "properties": props, "required": [ps[0][0]]}})
            inst, inp, _ = rng.choice(c.selfinst)
            task = rng.choice([f"{inst} {inp}".strip(), f"Please {rng.choice(sorted(names)).replace('_', ' ')} for "
                               f"{rng.choice(['ACME', 'the Berlin office', 'customer 4417', 'next Tuesday'])}."])
            req = request([user(task)], tools=[{"functionDeclarations": decls}],
                          tool_config={"functionCallingConfig": {"mode": rng.choice(["ANY", "AUTO"])}},
                          gen=gen_config(temperature=rng.choice([0.0, 0.7, 1.0])))
            calls = []
            for d in rng.sample(decls, 1 if rng.random() < 0.8 else 2):
                args = {p: (f"{p}_{rng.randint(1, 999)}" if v["type"] == "STRING" else
                            rng.randint(1, 100) if v["type"] in ("INTEGER", "NUMBER") else
                            True if v["type"] == "BOOLEAN" else ["a", "b"])
                        for p, v in d["parameters"]["properties"].items()}
                calls.append({"name": d["name"], "args": args})
            w.emit(rng, idt, ts, PRO, req, Outcome(fcalls=calls, thoughts_tokens=rng.randint(100, 900)))


CAMPAIGNS = [
    Campaign("C1", "budget_ladder", 14, budget_ladder,
             "same reasoning item at 4 thinkingBudget rungs, one rung per project, includeThoughts on"),
    Campaign("C2", "exemplar_cache_imprint", 12, exemplar_cache,
             "disjoint projects sharing one 32k-token cached exemplar block; coding answers in a house format"),
    Campaign("C3", "shared_bucket_vision", 10, vision_bucket,
             "service accounts in 10 projects read one staging bucket; each image asked 3 ways by 3 projects"),
    Campaign("C4", "tokenizer_cartography", 5, tokenizer_cartography,
             "countTokens on systematic tiny strings + max-8-token echo probes from one /29"),
    Campaign("C5", "region_quota_sharding", 6, region_shard,
             "round-robin over 9-12 Vertex regions; a 429 is resent to the next region in <1 s"),
    Campaign("C6", "thought_skim_stream", 16, thought_skim,
             "streamed includeThoughts calls cut right after the thought chunks; shared residential proxy pool"),
    Campaign("C7", "tool_catalogue_churn", 15, tool_churn,
             "fresh 8-40 tool catalogue per request, single functionCall, never a functionResponse"),
]
