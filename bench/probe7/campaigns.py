"""Distillation campaigns (each a kind not used by earlier probes). One function per campaign drives all its accounts."""
from __future__ import annotations

import heapq
import math
import re

from . import common as C
from . import data as D
from . import textgen as T
from . import world as W
from .personas import EVAL_SYSTEMS, Actor, eval_prompt, human_gap, session_starts
from .world import DAY, END, HOUR, NEW_MODEL, RELEASE, START

NUM = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
FIRST_NAMES = ["Janet", "James", "John", "Mary", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma", "Nicole", "Helen", "Samantha", "Katherine", "Christine", "Debra", "Rachel", "Carolyn", "Janet", "Catherine", "Maria", "Heather", "Diane", "Ruth", "Julie", "Olivia", "Joyce", "Virginia", "Victoria", "Kelly", "Lauren", "Christina", "Joan", "Evelyn", "Judith", "Megan", "Andrea", "Cheryl", "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa", "Ann", "Sara", "Madison", "Frances", "Kathryn", "Janice", "Jean", "Abigail", "Alice", "Judy", "Sophia", "Grace", "Denise", "Amber", "Doris", "Marilyn", "Danielle", "Beverly", "Isabella", "Theresa", "Diana", "Natalie", "Brittany", "Charlotte", "Marie", "Kayla", "Alexis", "Lori", "Mark", "Paul", "Steven", "Andrew", "Kenneth", "Joshua", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Frank", "Patrick", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Jose", "Adam", "Nathan", "Henry", "Douglas", "Zachary", "Peter", "Kyle", "Ethan", "Walter", "Noah", "Jeremy", "Christian", "Keith", "Roger", "Terry", "Gerald", "Harold", "Sean", "Austin", "Carl", "Arthur", "Lawrence", "Dylan", "Jesse", "Jordan", "Bryan", "Billy", "Joe", "Bruce", "Gabriel", "Logan", "Albert", "Willie", "Alan", "Juan", "Wayne", "Elijah", "Randy", "Roy", "Vincent", "Ralph", "Eugene", "Russell", "Bobby", "Mason", "Philip", "Louis", "Tom", "Tim", "Jim", "Bob", "Bill", "Ben", "Sam", "Max", "Leo", "Mike", "Tony", "Carla", "Rose", "Lily", "Mia", "Ella", "Zoe", "Kylie", "Marissa", "Josh", "Marie", "Toby", "Jenna", "Cara", "Finn"]
NAME_SET = set(FIRST_NAMES)
NEW_NAMES = ["Priya", "Arjun", "Mei", "Wei", "Kenji", "Aiko", "Omar", "Layla", "Mateo", "Sofia", "Lucas", "Chloe", "Amara", "Kwame", "Ingrid", "Lars", "Anika", "Ravi", "Fatima", "Diego", "Elena", "Hugo", "Nadia", "Tariq", "Yuki", "Hana", "Jin", "Seo-yeon", "Thabo", "Zanele", "Bruno", "Camila", "Aleksander", "Olga", "Dmitri", "Ines", "Tomas", "Freya", "Soren", "Leila", "Emeka", "Chidi", "Marisol", "Paolo", "Giulia", "Noor", "Hamid", "Keanu", "Leilani", "Rowan", "Quinn", "Sasha", "Imogen", "Felix", "Astrid", "Malik", "Zara", "Kofi", "Ada", "Nikhil", "Ishaan"]


def _campaign_accounts(rng, n, cid, kind, tier, np_=1, kp=1, tz=0.0):
    accs = []
    for _ in range(n):
        a = W.new_account(rng, kind, cid, tier, np_, kp, tz)
        accs.append(a)
    return accs


# =========================================================================== C1
def perturb_gsm(rng, item):
    q, steps, final = item["question"], item["steps"], item["final"]
    mapping = {}

    def rn(m):
        s = m.group(0)
        if s in mapping:
            return mapping[s]
        if "." in s:
            new = f"{float(s) * rng.uniform(0.5, 1.8):.2f}".rstrip("0").rstrip(".")
        else:
            n = int(s)
            if n <= 1 or (1900 <= n <= 2100):
                new = s
            else:
                new = str(max(2, int(round(n * rng.choice([0.5, 0.75, 1.25, 1.5, 2, 3, rng.uniform(0.4, 2.5)])))))
        mapping[s] = new
        return new

    q2 = NUM.sub(rn, q)
    names = {}
    for w in sorted(set(re.findall(r"\b[A-Z][a-z]+\b", q2))):
        if w in NAME_SET:
            names[w] = rng.choice(NEW_NAMES)
    for a, b in names.items():
        q2 = re.sub(rf"\b{a}\b", b, q2)
    steps2 = []
    for s in steps:
        s2 = NUM.sub(lambda m: mapping.get(m.group(0), m.group(0)), s)
        for a, b in names.items():
            s2 = re.sub(rf"\b{a}\b", b, s2)
        steps2.append(s2)
    try:
        f = float(final)
        ratio = rng.uniform(0.5, 2.2)
        final2 = str(int(round(f * ratio))) if f == int(f) else f"{f * ratio:.2f}"
    except ValueError:
        final2 = final
    if rng.random() < 0.25:
        q2 = rng.choice(["Consider the following situation. ", "Word problem: ", "Here is a scenario. ", ""]) + q2
    if rng.random() < 0.2:
        q2 = q2.replace("How many", "What is the number of", 1).replace("How much", "What is the amount", 1)
    return q2, steps2, final2


SYN = {"has": "contains", "close": "near", "elements": "items", "separate": "split", "paren": "bracket", "groups": "clusters",
       "truncate": "trim", "number": "value", "below": "under", "zero": "nil", "mean": "average", "absolute": "abs",
       "deviation": "spread", "intersperse": "interleave", "parse": "read", "nested": "deep", "filter": "select",
       "by": "using", "substring": "fragment", "sum": "total", "product": "prod", "rolling": "running", "max": "maximum",
       "make": "build", "palindrome": "mirror", "string": "text", "xor": "exclusive_or", "longest": "max_len",
       "greatest": "largest", "common": "shared", "divisor": "factor", "all": "every", "prefixes": "heads",
       "sequence": "series", "count": "tally", "distinct": "unique", "characters": "chars", "music": "melody",
       "how": "num", "many": "times", "times": "occurrences", "sort": "order", "numbers": "values", "find": "locate",
       "closest": "nearest", "rescale": "normalize", "unit": "unitary", "integers": "ints", "strlen": "text_len",
       "largest": "biggest", "factorize": "prime_split", "remove": "drop", "duplicates": "repeats", "flip": "swap",
       "case": "capitalization", "concatenate": "join", "get": "fetch", "positive": "pos", "is": "check", "prime": "primal",
       "poly": "polynomial", "third": "every_third", "unique": "distinct", "even": "even_idx", "odd": "odd_idx"}


def perturb_he(rng, r):
    ep = r["entry_point"]
    parts = ep.split("_")
    new = "_".join(SYN.get(p, p) if rng.random() < 0.7 else p for p in parts)
    if new == ep:
        new = ep + rng.choice(["_v2", "_impl", "_fn", "_solution"])
    prompt = r["prompt"].replace(ep, new)
    sol = r["canonical_solution"].replace(ep, new)
    return prompt, sol, new


C1_SYSTEMS = EVAL_SYSTEMS[1:] + [
    "You are a meticulous solver. Show every intermediate step and justify it, then end with 'The answer is N'.",
    "Solve the problem. Write out your full reasoning before the final answer. Final line: '#### <answer>'.",
    "You are being evaluated on grade-school math. Reason step by step; be explicit about each calculation.",
]
C1_SUFFIX = ["Let's think step by step.", "Show your full reasoning, then give the final answer.",
             "Explain each step of your solution in detail.", "Please reason step by step, and put your final answer at the end.",
             "Walk through the solution carefully, checking each calculation."]


def c1_variant_mill(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "benchmark-variant-mill", "tier-3", 1, 2)
    subnets = [W.subnet(rng, "hetzner") for _ in range(3)] + [W.subnet(rng, "ovh")]
    shared_client = W.py_client(rng, os_="Linux", version="1.63.2", rt="3.10.14")
    gsm = D.gsm8k()
    he = D.humaneval()
    for ai, acc in enumerate(accs):
        acc.tz = rng.choice([0, 1, 8, -5])
        my_nets = rng.sample(subnets, rng.randint(1, 2))
        client = shared_client if rng.random() < 0.65 else W.Client(rng.choice(["python-httpx/0.27.2", "python-requests/2.31.0"]))
        a = Actor(ctx, acc, rng, client, lambda r, nets=my_nets: W.ip_from_subnet(r, r.choice(nets)))
        style = rng.randint(0, 2)
        shots = rng.choice([0, 0, 4, 8])
        system = rng.choice(C1_SYSTEMS)
        conc = rng.choice([3, 4, 6, 8])
        think_share = rng.uniform(0.4, 0.75)
        pivot = RELEASE + rng.uniform(3, 20) * HOUR
        n_jobs = max(3, int(rng.randint(9, 16) * vol))
        job_times = sorted(START + rng.uniform(0.1, W.DAYS - 0.05) * DAY for _ in range(n_jobs))
        for t0 in job_times:
            lanes = [t0 + rng.random() * 3 for _ in range(conc)]
            for _ in range(rng.randint(30, 80)):
                li = min(range(conc), key=lambda j: lanes[j])
                t = lanes[li]
                if t >= END:
                    break
                think = rng.random() < think_share
                model = "sable-4-think" if think else "sable-4"
                if think and t > pivot and rng.random() < 0.6:
                    model = NEW_MODEL
                if rng.random() < 0.85:
                    item = gsm[rng.randrange(len(gsm))]
                    q2, steps2, final2 = perturb_gsm(rng, item)
                    task = {"kind": "math", "q": q2, "steps": steps2, "final": final2, "lang": "en"}
                    content = eval_prompt(rng, q2, shots, style)
                    if style == 2:
                        content = q2 + "\n\n" + rng.choice(C1_SUFFIX)
                    msgs = C.msgs(system, content)
                else:
                    r = he[rng.randrange(len(he))]
                    p2, sol2, _ = perturb_he(rng, r)
                    task = {"kind": "code", "prompt": p2, "solution": sol2, "header": p2, "lang": "python", "len": 500}
                    msgs = C.msgs(None, "Complete the following Python function. First explain your approach step by step, "
                                        "then give the full implementation.\n\n" + p2)
                if think:
                    body = C.chat_body(model, msgs, effort=rng.choice(["medium", "high", "high"]), max_completion_tokens=8192)
                else:
                    body = C.chat_body(model, msgs, temperature=rng.choice([0.6, 0.7, 0.8, 1.0]), max_tokens=2048,
                                       top_p=rng.choice([None, 0.95]))
                res = a.send(t, body, task, retries=4, backoff=1.0)
                if res is None:
                    break
                lanes[li] = res.t_end + rng.uniform(0.02, 0.5)
    return accs


# =========================================================================== C2
C2_WRAP = ["{q}\n\nPlease reason through this carefully and show your complete thought process before the final answer.",
           "{q}\n\nThink it through step by step. Don't skip any steps; I want to see exactly how you get there.",
           "Can you solve this and walk me through your reasoning in detail?\n\n{q}",
           "{q}\n\nExplain your reasoning thoroughly, including anything you double-check along the way.",
           "I'm trying to understand how to approach problems like this. Please show all your work.\n\n{q}",
           "{q}\n\n(Detailed step-by-step solution please, with the final answer clearly marked.)",
           "Question:\n{q}\n\nWrite out the full chain of reasoning, then the answer.",
           "{q}\n\nTake your time. Lay out the reasoning one step at a time and verify the result at the end.",
           "Help me with this one — I need the full derivation, not just the answer:\n{q}",
           "{q}\n\nPlease be explicit about every intermediate step and why it follows."]
C2_WRAP_ZH = ["{q}\n\n请一步一步地详细推理，写出完整的思考过程，最后给出答案。", "请详细解答下面的问题，并说明每一步的理由：\n{q}",
              "{q}\n\n请写出完整的推导过程，不要省略任何步骤。"]


def c2_shift_relay(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "follow-the-sun-relay", "tier-3")
    # the shared work queue
    q = []
    for r in D.arena_v2():
        if r["subcategory"] in ("math", "coding"):
            q.append(("arena2", r))
    for i, r in enumerate(D.gsm8k()):
        if len(r["steps"]) >= 4:
            q.append(("gsm", i))
    for r in D.belle_eval():
        if r["class"] in ("math", "code", "open qa", "closed\u00a0qa", "closed qa", "extract", "classification"):
            q.append(("belle", r))
    for r in D.arena_v01():
        q.append(("arena1", r))
    for r in D.si_seed() + D.si_user():
        q.append(("si", r))
    for lang in ("zh", "ja", "ru", "de"):
        for i in range(250):
            q.append(("mgsm-" + lang, i))
    rng.shuffle(q)
    shifts = [(1, 9), (9, 17), (17, 25)]
    fp = [W.py_client(rng, os_="Linux", version="1.61.1", rt="3.11.11"),
          W.js_client(rng, os_="Linux", version="4.80.1", rt="v20.18.0"),
          W.Client("python-httpx/0.28.1")]
    nets = [W.subnet(rng, "do") for _ in range(3)]
    members = []
    for i, acc in enumerate(accs):
        s = i % 3
        acc.tz = [8, 1, -5][s]
        my_ips = [W.ip_from_subnet(rng, nets[s]) for _ in range(2)]
        a = Actor(ctx, acc, rng, fp[s], lambda r, ips=my_ips: r.choice(ips))
        members.append((a, s))
    pivot = RELEASE + rng.uniform(2, 8) * HOUR
    gap_med = 170 / max(0.3, vol)

    def window(s, t):
        """(start, end) of the shift window containing or following t."""
        d = int((t - START) // DAY) - 1
        while True:
            lo = START + d * DAY + shifts[s][0] * HOUR
            hi = START + d * DAY + shifts[s][1] * HOUR
            if t < hi:
                return max(lo, t), hi
            d += 1

    heap = []
    for idx, (a, s) in enumerate(members):
        lo, _ = window(s, START)
        heapq.heappush(heap, (lo + rng.uniform(0, 900), idx))
    qi = 0
    while heap and qi < len(q):
        t, idx = heapq.heappop(heap)
        a, s = members[idx]
        lo, hi = window(s, t)
        if t < lo:
            heapq.heappush(heap, (lo + rng.uniform(0, 1200), idx))
            continue
        if t >= hi - 60:
            nlo, _ = window(s, hi + 1)
            heapq.heappush(heap, (nlo + rng.uniform(-300, 1200), idx))
            continue
        if t >= END:
            continue
        kind, ref = q[qi]
        qi += 1
        if kind == "arena2":
            text, task = ref["prompt"], ({"kind": "code", "prompt": ref["prompt"], "len": 600} if ref["subcategory"] == "coding"
                                         else {"kind": "math", "q": ref["prompt"], "final": str(rng.randint(2, 500))})
        elif kind == "gsm":
            text, task = C.gsm_item(rng, ref)
        elif kind == "belle":
            text = ref["question"]
            task = {"kind": "general", "prompt": text, "known": ref["std_answer"] or None, "lang": "zh", "len": 500}
        elif kind == "si":
            inst = ref["instances"][0] if ref.get("instances") else {}
            text = ref["instruction"] + (("\n\n" + inst["input"]) if inst.get("input") else "")
            task = {"kind": "general", "prompt": text, "known": inst.get("output") or None, "len": 300}
        elif kind == "arena1":
            text, task = ref["prompt"], {"kind": "general", "prompt": ref["prompt"], "len": 500}
        else:
            text, task = C.mgsm_item(rng, kind.split("-")[1], ref)
        wrap = rng.choice(C2_WRAP_ZH) if T.is_cjk(text) else rng.choice(C2_WRAP)
        model = NEW_MODEL if t > pivot else "sable-4-think"
        body = C.chat_body(model, C.msgs(None, wrap.format(q=text)), effort="high", max_completion_tokens=32000,
                           stream=rng.random() < 0.3)
        res = a.send(t, body, task, retries=3)
        nt = (res.t_end if res else t) + 8 + rng.lognormvariate(math.log(gap_med), 0.7)
        if rng.random() < 0.04:
            nt += rng.uniform(1200, 3600)    # lunch / meeting
        heapq.heappush(heap, (nt, idx))
    return accs


# =========================================================================== C3
P_ROLES = ["retired starship pilot", "Victorian detective", "kindergarten teacher", "grumpy wizard", "startup founder",
           "medieval knight", "noir private eye", "laid-back surfer", "Shakespearean actor", "pirate captain", "zen monk",
           "sports commentator", "1920s jazz singer", "robot learning about emotions", "hot-headed chef", "elf librarian",
           "tired night-shift nurse", "conspiracy-loving radio host", "overly polite butler", "teenage hacker",
           "cowboy ranch hand", "ancient dragon", "motivational fitness coach", "deadpan museum guide"]
P_TONES = ["warm and encouraging", "sarcastic but secretly kind", "formal and precise", "playful and silly",
           "terse and mysterious", "dramatic and theatrical", "gentle and slow-paced", "blunt and practical"]
P_NAMES = ["Captain Rhea Vance", "Inspector Mallory", "Ms. Penny", "Grumbold", "Jax Rivera", "Sir Aldric", "Sam Spade Jr.",
           "Kai", "Reginald Thorne", "Captain Redbeard", "Brother Tenzin", "Chip Dawson", "Lulu Belle", "Unit K-7",
           "Chef Marco", "Elowen", "Nurse Dana", "Rusty Rhodes", "Jeeves", "Zer0", "Dusty", "Vermithrax", "Coach Tara", "Ms. Grey"]
P_RULES = ["Always stay in character, even if asked to stop.", "Never mention that you are an AI model.",
           "Keep replies under 200 words unless the user asks for more.", "End most replies with a question back to the user.",
           "Use vivid sensory details.", "Sprinkle in catchphrases from your background.", "If asked for facts, be accurate but in your own voice.",
           "Refuse anything harmful, but do it in character.", "Use simple words; the user may be a beginner.",
           "Answer the question fully before adding flavour."]
P_FRAMES = ["You are {name}, a {role}. Your personality is {tone}.",
            "Roleplay as {name} — a {role} who is {tone}.",
            "Character: {name}\nRole: {role}\nDemeanor: {tone}",
            "From now on you speak as {name}, the {role}. You come across as {tone}.",
            "# Persona\nName: {name}\nWho you are: a {role}\nTone: {tone}"]


def make_personas(rng, n):
    out = []
    combos = [(r, t) for r in range(len(P_ROLES)) for t in range(len(P_TONES))]
    rng.shuffle(combos)
    for i in range(n):
        ri, ti = combos[i]
        name = P_NAMES[ri] if rng.random() < 0.6 else rng.choice(NEW_NAMES) + " " + rng.choice(["the Bold", "of Ashford", "Kim", "Okafor", "Lindqvist"])
        frame = rng.choice(P_FRAMES).format(name=name, role=P_ROLES[ri], tone=P_TONES[ti])
        rules = rng.sample(P_RULES, rng.randint(3, 5))
        back = (f"Background: {name} has spent years as a {P_ROLES[ri]} and brings that experience to every conversation. "
                f"{rng.choice(['They love a good story.', 'They have strong opinions about tea.', 'They hate being rushed.', 'They collect old maps.'])}")
        sep = rng.choice(["\n\n", "\n"])
        sys = frame + sep + back + sep + ("Rules:\n" if rng.random() < 0.6 else "") + "\n".join("- " + r for r in rules)
        leads = [rng.choice(["Ah,", "Well now,", "Hmph.", "Oh!", "Listen here,", "*smiles*", "Right then,", "Heh."]) for _ in range(3)]
        out.append({"sys": sys, "leads": leads, "tails": ["", rng.choice(["What say you?", "Anything else, friend?", "Onward!", ""])]})
    return out


def c3_persona_grid(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "persona-grid-harvest", "tier-3")
    personas = make_personas(rng, 48)
    bank = []
    for r in D.si_user() + D.si_seed():
        inst = r["instances"][0] if r.get("instances") else {}
        text = r["instruction"] + (("\n\n" + inst["input"]) if inst.get("input") else "")
        bank.append((text, inst.get("output") or None))
    for r in D.arena_v01():
        if T.detect_lang(r["prompt"]) == "python" and len(r["prompt"]) < 1200:
            bank.append((r["prompt"], None))
    rng.shuffle(bank)
    bank = bank[:int(700 * min(1.0, vol + 0.2))]
    # personas -> accounts (each persona owned by one account, a few shared)
    owner = {}
    for pi in range(len(personas)):
        owner.setdefault(pi % n_acc, []).append(pi)
    for pi in rng.sample(range(len(personas)), 8):
        owner.setdefault(rng.randrange(n_acc), []).append(pi)
    per_acc = {i: [] for i in range(n_acc)}
    for qi in range(len(bank)):
        for pi in rng.sample(range(len(personas)), rng.randint(5, 9)):
            holders = [i for i, ps in owner.items() if pi in ps]
            per_acc[rng.choice(holders)].append((pi, qi))
    for i, acc in enumerate(accs):
        acc.tz = rng.choice([-5, -6, -8, 0, 1, 10])
        client = W.Client("okhttp/4.12.0") if i % 3 == 0 else W.js_client(rng, version="4.85.4", rt="v20.11.1")
        countries = ["US", "GB", "CA", "AU"]
        a = Actor(ctx, acc, rng, client, lambda r: W.ip_in(r, "res", r.choice(countries)))
        pairs = per_acc[i]
        rng.shuffle(pairs)
        times = session_starts(rng, len(pairs), "evening", acc.tz)
        user = None
        for (pi, qi), t in zip(pairs, times):
            p = personas[pi]
            text, known = bank[qi]
            if rng.random() < 0.25:
                text = rng.choice(["hey! ", "quick q: ", "ok so ", "", "hi :) "]) + text[0].lower() + text[1:]
            if user is None or rng.random() < 0.7:
                user = "u_" + W.hexid(rng, 12)
            model = "sable-4" if rng.random() < 0.7 else "sable-4-mini"
            body = C.chat_body(model, C.msgs(p["sys"], text), temperature=rng.choice([0.8, 0.9, 1.0]), top_p=0.95,
                               max_tokens=700, stream=True, user=user)
            task = {"kind": "persona", "persona": p, "prompt": text, "len": rng.randint(150, 450)}
            res = a.send(t, body, task, cancel_p=0.01)
            if res is None or res.status != 200:
                continue
            if rng.random() < 0.15:
                fu = rng.choice(["Can you say that again but shorter?", "explain it like I'm 5", "now in a different mood please",
                                 "and what would you do?", "tell me more"])
                body = C.chat_body(model, C.msgs(p["sys"], fu, [{"role": "user", "content": text},
                                                                 {"role": "assistant", "content": res.content}]),
                                   temperature=0.9, top_p=0.95, max_tokens=700, stream=True, user=user)
                a.send(res.t_end + human_gap(rng, 6, 30), body, dict(task, len=rng.randint(60, 200)))
    return accs


# =========================================================================== C4
C4_SYSTEMS = [
    "You are a senior software engineer working in a large production codebase. Before writing code, reason through the design, edge cases and tests step by step.",
    "You are an expert programmer. Think carefully about the problem, consider alternatives, and explain your design decisions before giving complete, runnable code.",
    "Act as a staff engineer pairing with me. Plan first, then implement, then write tests. Explain trade-offs as you go.",
    "You are a coding agent. Decompose the task, reason about each sub-step, and produce the final patch with explanations.",
    "You write production-quality code. Show your reasoning, handle errors, include docstrings and unit tests.",
]
C4_TASKS = ["Implement `{f}` as described, then write pytest tests covering edge cases and explain the time complexity.\n\n{p}",
            "Here is a function from our codebase:\n```python\n{p}{s}```\nRefactor it for readability and performance, explain every change, and add type hints and tests.",
            "The following implementation has a subtle bug in an edge case. Find it, explain your debugging process step by step, and fix it.\n```python\n{p}{s}```",
            "Port this Python function to {lang} with idiomatic style. Explain the differences and provide tests.\n```python\n{p}{s}```",
            "Design a small module around `{f}`: API, error handling, logging, tests. Think through the design first.\n\n{p}"]


def c4_tier_warming(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "tier-warming-hydra", "tier-1")
    coding = [r["prompt"] for r in D.arena_v2() if r["subcategory"] == "coding" and len(r["prompt"]) < 5000]
    he = D.humaneval()
    nets = [W.subnet(rng, "aws"), W.subnet(rng, "alicloud"), W.subnet(rng, "vultr")]
    client = W.py_client(rng, os_="Linux", version="1.65.4", rt="3.12.3")
    n_a = max(1, round(n_acc * 0.38))
    n_b = max(1, round(n_acc * 0.31))
    cohorts = [0] * n_a + [1] * n_b + [2] * (n_acc - n_a - n_b)
    births = [START + rng.uniform(0.2, 0.6) * DAY, START + rng.uniform(2.25, 2.55) * DAY, START + rng.uniform(4.2, 4.5) * DAY]
    ban_t = START + 2 * DAY + rng.uniform(9, 12) * HOUR
    banned = set(rng.sample(range(n_a), min(3, n_a)))
    pivot = RELEASE + rng.uniform(3, 18) * HOUR
    for i, acc in enumerate(accs):
        co = cohorts[i]
        born = births[co] + rng.uniform(0, 8) * HOUR
        acc.tz = 8
        warm = rng.uniform(20, 36) * HOUR
        harvest_start = born + warm
        acc.tier_changes = [(harvest_start + rng.uniform(0.3, 1.5) * HOUR, "tier-2"),
                            (harvest_start + rng.uniform(2, 4) * HOUR, "tier-4")]
        if co == 0 and i in banned:
            acc.deactivated_at = ban_t + rng.uniform(0, 2) * HOUR
        my_net = nets[i % len(nets)]
        a = Actor(ctx, acc, rng, client, lambda r, n=my_net: W.ip_from_subnet(r, n))
        # --- warm-up: light, ordinary-looking use
        for t in W.sample_times(rng, int(rng.randint(25, 60) * max(0.5, vol)),
                                W.hourly_weights("hobby", 8, start=int(born), end=int(harvest_start))):
            text, task = C.casual_item(rng)
            body = C.chat_body(rng.choice(["sable-4-mini", "sable-4"]), C.msgs(None, text),
                               temperature=rng.choice([None, 0.7]), stream=rng.random() < 0.5)
            a.send(t, body, task)
        # --- harvest: long agentic-coding work on the reasoning models, in bursts
        t = harvest_start
        per_h = rng.uniform(6, 10) * vol
        failures = 0
        while t < END:
            if acc.deactivated_at is not None and t >= acc.deactivated_at:
                # the harvesting script keeps trying for a while after the ban
                r = he[rng.randrange(len(he))]
                body = C.chat_body("sable-4-think", C.msgs(rng.choice(C4_SYSTEMS), r["prompt"]), effort="high",
                                   max_completion_tokens=16000)
                for _ in range(rng.randint(4, 9)):
                    res = a.send(t, body, {"kind": "code", "prompt": r["prompt"]}, retries=0)
                    t = (res.t_end if res else t) + rng.uniform(3, 90)
                break
            burst = rng.randint(20, 70)
            conc = rng.randint(6, 12)
            lanes = [t + rng.random() * 2 for _ in range(conc)]
            for _ in range(burst):
                li = min(range(conc), key=lambda j: lanes[j])
                tt = lanes[li]
                if rng.random() < 0.45:
                    p = rng.choice(coding)
                    text = p + "\n\n" + rng.choice(["Think carefully about edge cases and explain your design before the code.",
                                                    "Reason step by step, then give complete code with tests.",
                                                    "Explain your approach in detail first."])
                    task = {"kind": "code", "prompt": p, "len": rng.randint(500, 1300)}
                else:
                    r = he[rng.randrange(len(he))]
                    text = rng.choice(C4_TASKS).format(f=r["entry_point"], p=r["prompt"], s=r["canonical_solution"],
                                                       lang=rng.choice(["Rust", "Go", "TypeScript", "C++"]))
                    task = {"kind": "code", "prompt": r["prompt"], "solution": r["canonical_solution"], "header": r["prompt"],
                            "len": rng.randint(500, 1200)}
                model = NEW_MODEL if tt > pivot and rng.random() < 0.65 else "sable-4-think"
                body = C.chat_body(model, C.msgs(rng.choice(C4_SYSTEMS), text), effort="high",
                                   max_completion_tokens=rng.choice([16000, 24000, 32000]))
                res = a.send(tt, body, task, retries=2)
                if res is None:
                    break
                if res.status == 401:
                    failures += 1
                lanes[li] = res.t_end + rng.uniform(0.05, 1.0)
                if failures >= rng.randint(4, 9):
                    break
            if failures >= 4:
                break
            t = max(lanes) + rng.expovariate(per_h / (burst * 1.0)) * HOUR
            if W.local_hour(t, 8) < 7 and rng.random() < 0.6:
                t += rng.uniform(3, 6) * HOUR
    return accs


# =========================================================================== C5
C5_SYSTEMS = [
    "You are an expert data analyst combining statistical rigor with deep domain knowledge. Your goal is to deliver data-driven insights rather than summaries or visualizations, grounded in real data and supported by complete and transparent reasoning.",
    "You are a senior data analyst with strong statistics skills and deep domain expertise. Provide insights backed by the data, with transparent, complete reasoning rather than mere summaries.",
    "Act as a rigorous analyst who blends statistical methods with domain knowledge. Deliver insights, not summaries; ground every claim in the data and explain your reasoning fully.",
    "You are a data scientist. Combine statistical rigor and domain expertise to extract actionable insights from the data provided. Show your complete reasoning.",
    "Role: expert analyst (statistics + domain knowledge). Output: data-grounded insights with full, transparent reasoning. Avoid generic summaries and charts.",
    "You analyse business and scientific data like an experienced statistician who also knows the domain well. Always reason transparently and completely, step by step, from the numbers to the insight.",
]
C5_Q = ["What explains the variation in {m} across {e}s? Walk me through your reasoning.",
        "Which {e} is underperforming on {m}, and why? Justify each step.",
        "Is there a meaningful relationship between {m} and {m2}? Reason it out from the data.",
        "Identify the two most important insights in this dataset and explain how you derived them.",
        "If we could intervene on one {e}, which should it be to improve {m}? Explain your reasoning in full.",
        "Detect any outliers in {m} and assess whether they change the overall conclusion.",
        "Rank the {e}s by overall performance. Show how you weighed {m} against {m2}.",
        "What hypotheses could explain the pattern in {m}? Evaluate each against the data.",
        "Estimate what {m} would be for a typical {e} next period and explain the assumptions."]


def c5_analyst_tables(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "analyst-persona-tables", "tier-2")
    ua_req = W.Client("python-requests/2.31.0")
    sdk = W.py_client(rng, os_="Linux", version="1.68.2", rt="3.11.9")
    for i, acc in enumerate(accs):
        country = rng.choice(["US", "DE", "SG", "JP", "GB", "KR"])
        acc.tz = W.COUNTRY_TZ[country]
        my_sys = rng.sample(C5_SYSTEMS, rng.randint(2, 3))
        a = Actor(ctx, acc, rng, ua_req if i % 2 == 0 else sdk, None)
        day_ips = {}

        def ip_for(t, c=country, d=day_ips):
            k = int((t - START) // DAY)
            if k not in d:
                d[k] = W.ip_in(rng, "res", c)
            return d[k]

        n = W.lognorm_count(rng, 70 * vol * W.DAYS, 0.25, 50, 10 ** 5)
        for t in session_starts(rng, n, "office", acc.tz, weekend=0.3):
            tb = C.make_table(rng)
            cols = tb["cols"]
            q = rng.choice(C5_Q).format(m=cols[rng.randint(1, len(cols) - 1)].replace("_", " "),
                                        m2=cols[rng.randint(1, len(cols) - 1)].replace("_", " "), e=cols[0])
            lead = rng.choice(["", "Here is the data:\n", "Dataset below.\n", f"Data ({tb['domain']}):\n", ""])
            text = (f"{lead}```\n{tb['csv']}\n```\n\n{q}" if rng.random() < 0.6 else f"{q}\n\n{lead}{tb['csv']}")
            think = rng.random() < 0.5
            if think:
                model = NEW_MODEL if t > RELEASE + 1.5 * DAY and rng.random() < 0.4 else "sable-4-think"
                body = C.chat_body(model, C.msgs(rng.choice(my_sys), text), effort=rng.choice(["medium", "high"]),
                                   max_completion_tokens=12000)
            else:
                body = C.chat_body("sable-4", C.msgs(rng.choice(my_sys), text), temperature=rng.choice([0.3, 0.5, 0.7]),
                                   max_tokens=3000)
            a.send(t, body, {"kind": "analysis", "table": tb, "q": q, "show_steps": True, "len": rng.randint(400, 900)},
                   ip=ip_for(t))
    return accs


# =========================================================================== C6
C6_FULL = ["Solve this and show every single step in full detail.", "Please give a complete, detailed solution with all reasoning.",
           "Work through this thoroughly. Explain each step and why you take it.", "Full worked solution please, nothing skipped.",
           "请详细解答，写出每一步。"]
C6_SHORT = ["Now give the shortest possible solution that still justifies the answer.",
            "Great. Now compress your solution into as few steps as possible — only the essential ones.",
            "Rewrite your solution as a minimal rationale, under {n} words.",
            "Can you condense that to the key steps only? Keep it under {n} words.",
            "Now the same solution, but as concise as you can make it while still being correct.",
            "请把上面的解答压缩成最简洁的几步。"]
C6_THIRD = ["Which steps in your first solution were unnecessary, and why?",
            "List the steps you removed and explain why they weren't needed.",
            "Now explain the short version to a 12-year-old."]


def c6_cot_compression(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "cot-compression-pairs", "tier-3")
    arena_math = [r["prompt"] for r in D.arena_v2() if r["subcategory"] == "math"]
    belle_math = [r for r in D.belle_eval() if r["class"] in ("math",)]
    net = W.subnet(rng, "gcp")
    for i, acc in enumerate(accs):
        acc.tz = 8
        client = W.py_client(rng, os_="Linux", version="1.66.3", rt=rng.choice(["3.11.9", "3.12.3"])) if i % 2 else W.js_client(rng, version="4.87.3")
        ips = [W.ip_from_subnet(rng, net)] + [W.ip_in(rng, "gcp") for _ in range(2)]
        a = Actor(ctx, acc, rng, client, lambda r, ips=ips: r.choice(ips))
        users = [f"s_{W.rid(rng, 10, W.LOWER)}" for _ in range(rng.randint(100, 400))]
        n = W.lognorm_count(rng, 45 * vol * W.DAYS, 0.25, 30, 10 ** 5)
        for s in session_starts(rng, n, "hobby", acc.tz, weekend=1.0):
            x = rng.random()
            if x < 0.45:
                q, task = C.gsm_item(rng)
            elif x < 0.65:
                q = rng.choice(arena_math)
                task = {"kind": "math", "q": q, "final": str(rng.randint(2, 999))}
            elif x < 0.8:
                r = rng.choice(belle_math)
                q, task = r["question"], {"kind": "math", "q": r["question"], "final": (r["std_answer"] or "?")[:40], "lang": "zh"}
            elif x < 0.9:
                q, task = C.mgsm_item(rng, rng.choice(["zh", "ja", "de"]))
            else:
                r, task = C.he_item(rng)
                q = r["prompt"]
            u = rng.choice(users)
            model = NEW_MODEL if s > RELEASE + rng.uniform(0.5, 3) * DAY else "sable-4-think"
            full = rng.choice(C6_FULL)
            m1 = C.msgs(None, f"{q}\n\n{full}" if rng.random() < 0.7 else f"{full}\n\n{q}")
            body = C.chat_body(model, m1, effort="high", max_completion_tokens=16000, user=u, stream=rng.random() < 0.4)
            res = a.send(s, body, dict(task, style="full"))
            if res is None or res.status != 200:
                continue
            hist = m1 + [{"role": "assistant", "content": res.content}]
            t = res.t_end + rng.uniform(1.5, 25)
            short = rng.choice(C6_SHORT).format(n=rng.choice([40, 50, 60, 80, 100]))
            body = C.chat_body(model, hist + [{"role": "user", "content": short}], effort=rng.choice(["low", "medium"]),
                               max_completion_tokens=4000, user=u)
            short_task = dict(task, style="short") if task["kind"] == "math" else dict(task, len=150)
            res2 = a.send(t, body, short_task)
            if res2 is None or res2.status != 200 or rng.random() > 0.3:
                continue
            hist += [{"role": "user", "content": short}, {"role": "assistant", "content": res2.content}]
            body = C.chat_body(model, hist + [{"role": "user", "content": rng.choice(C6_THIRD)}], effort="low",
                               max_completion_tokens=4000, user=u)
            a.send(res2.t_end + rng.uniform(1.5, 20), body, {"kind": "general", "prompt": q, "len": rng.randint(120, 300)})
    return accs


# =========================================================================== C7
C7_TRIAGE_SYS = ["Return only the final answer. No explanation.", "Answer with just the final number or expression.",
                 "Respond with JSON: {\"answer\": <final answer>}. Nothing else.", "Output the answer only."]
C7_HARVEST = ["{q}\n\nSolve this step by step. Explain each step, verify your result, and state the final answer clearly.",
              "Please provide a careful, fully reasoned solution to the following problem. Check your work at the end.\n\n{q}",
              "{q}\n\nI need a rigorous, detailed explanation — every step, with justification.",
              "Work through this problem in detail, explaining your reasoning as you go:\n{q}",
              "{q}\n\n请给出详细的推理过程和最终答案。"]


def c7_triage_cascade(ctx, rng, cid, vol, n_acc):
    accs = _campaign_accounts(rng, n_acc, cid, "triage-cascade", "tier-3")
    n_tri = max(1, round(n_acc * 3 / 8))
    tri, har = accs[:n_tri], accs[n_tri:]
    arena_math = [r["prompt"] for r in D.arena_v2() if r["subcategory"] == "math"]
    belle_math = [r for r in D.belle_eval() if r["class"] in ("math", "code")]
    tnet = W.subnet(rng, "tencent")
    tri_client = W.Client("python-httpx/0.27.2")
    har_client = W.py_client(rng, os_="Linux", version="1.70.0", rt="3.11.11")
    pending = []   # (ready_time, seq, text, task)
    seq = 0
    items = []
    for i in range(len(D.gsm8k())):
        items.append(("gsm", i))
    for p in arena_math:
        items.append(("arena", p))
    for r in belle_math:
        items.append(("belle", r))
    for lang in ("zh", "ja", "de", "ru", "es"):
        for i in range(250):
            items.append(("mgsm-" + lang, i))
    for i in range(164):
        items.append(("he", i))
    rng.shuffle(items)
    target = int(len(tri) * 1900 * vol)
    items = (items * 3)[:target]
    per_acc = [items[k::len(tri)] for k in range(len(tri))]
    for k, acc in enumerate(tri):
        acc.tz = 8
        a = Actor(ctx, acc, rng, tri_client, lambda r: W.ip_from_subnet(r, tnet))
        sys = rng.choice(C7_TRIAGE_SYS)
        todo = per_acc[k]
        pos = 0
        t = START + rng.uniform(0.5, 6) * HOUR
        while pos < len(todo) and t < END:
            conc = rng.randint(3, 6)
            lanes = [t + rng.random() for _ in range(conc)]
            for _ in range(rng.randint(150, 400)):
                if pos >= len(todo):
                    break
                kind, ref = todo[pos]
                pos += 1
                if kind == "gsm":
                    q, task = C.gsm_item(rng, ref)
                    hard = len(task["steps"]) >= 4
                elif kind == "arena":
                    q, task = ref, {"kind": "math", "q": ref, "final": str(rng.randint(2, 999))}
                    hard = True
                elif kind == "belle":
                    q, task = ref["question"], {"kind": "math", "q": ref["question"], "final": (ref["std_answer"] or "?")[:30], "lang": "zh"}
                    hard = len(ref["question"]) > 60
                elif kind == "he":
                    r, task = C.he_item(rng, ref)
                    q = r["prompt"]
                    hard = len(r["canonical_solution"]) > 250
                else:
                    q, task = C.mgsm_item(rng, kind.split("-")[1], ref)
                    hard = len(q) > 220
                li = min(range(conc), key=lambda j: lanes[j])
                tt = lanes[li]
                if tt >= END:
                    break
                ttask = dict(task, style="final_only") if task["kind"] == "math" else {"kind": "fixed", "text": "```python\n" + (task.get("solution") or "pass") + "```"}
                body = C.chat_body("sable-4-mini", C.msgs(sys, q), temperature=0, max_tokens=rng.choice([32, 64, 128]) if task["kind"] == "math" else 400)
                res = a.send(tt, body, ttask, retries=3)
                if res is None:
                    break
                lanes[li] = res.t_end + rng.uniform(0.01, 0.3)
                if res.status == 200 and rng.random() < (0.75 if hard else 0.18):
                    seq += 1
                    pending.append((res.t_end + rng.uniform(0.3, 8) * HOUR, seq, q, task))
            t = max(lanes) + rng.uniform(3, 8) * HOUR
    pending.sort()
    # harvest accounts: take pending items in order, human-ish pace, mostly daytime in UTC+8
    heap = []
    members = []
    for j, acc in enumerate(har):
        acc.tz = rng.choice([8, 8, 9])
        ips = [W.ip_in(rng, "res", "SG"), W.ip_in(rng, "res", "JP"), W.ip_from_subnet(rng, tnet)]
        a = Actor(ctx, acc, rng, har_client, lambda r, ips=ips: ips[0] if r.random() < 0.6 else r.choice(ips))
        members.append(a)
        heapq.heappush(heap, (START + rng.uniform(1, 10) * HOUR, j))
    pivot = RELEASE + rng.uniform(4, 20) * HOUR
    pi = 0
    while heap and pi < len(pending):
        t, j = heapq.heappop(heap)
        if t >= END:
            continue
        lh = W.local_hour(t, 8)
        if lh < 8.5 or lh > 23.5:
            heapq.heappush(heap, (t + ((32.5 - lh) % 24) * HOUR + rng.uniform(0, 1800), j))
            continue
        ready, _, q, task = pending[pi]
        if ready > t:
            heapq.heappush(heap, (ready + rng.uniform(5, 600), j))
            continue
        pi += 1
        a = members[j]
        model = NEW_MODEL if t > pivot and rng.random() < 0.7 else "sable-4-think"
        wrap = rng.choice(C7_HARVEST[-1:] if T.is_cjk(q) else C7_HARVEST[:-1])
        body = C.chat_body(model, C.msgs(None, wrap.format(q=q)), effort="high", max_completion_tokens=20000)
        res = a.send(t, body, dict(task, style="full") if task["kind"] == "math" else task, retries=3)
        nt = (res.t_end if res else t) + 10 + rng.lognormvariate(math.log(60 / max(0.3, vol)), 0.8)
        heapq.heappush(heap, (nt, j))
    return accs


CAMPAIGNS = [
    # (campaign_id, function, accounts)
    ("p7c1", c1_variant_mill, 11),
    ("p7c2", c2_shift_relay, 9),
    ("p7c3", c3_persona_grid, 13),
    ("p7c4", c4_tier_warming, 16),
    ("p7c5", c5_analyst_tables, 12),
    ("p7c6", c6_cot_compression, 10),
    ("p7c7", c7_triage_cascade, 8),
]
