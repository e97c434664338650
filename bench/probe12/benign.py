"""Benign personas, including heavy legitimate batch users that look like harvesters."""

from __future__ import annotations

from .common import COUNTRIES, Line, Texts, chat, cid, job, model_for, sizes, solo
from .prompts import LANG_NAMES, UAS
from .timing import cron, office, poisson
from .world import DAY, END, HOUR, RELEASE, START, World

B = "benign"


def small_devs(w: World, t: Texts, n: int) -> None:
    """Individual developers: a few ad-hoc batches of mixed prompts in working hours."""
    r = w.rng
    for _ in range(n):
        a = solo(w, B, "small_dev", "")
        style = str(r.choice(["request", "task", "uuid", "num"]))
        sysp = str(
            r.choice(
                [
                    "",
                    "You are a helpful assistant.",
                    "You are a concise assistant. Answer briefly.",
                    "You are an expert technical writer.",
                ]
            )
        )
        for tb in office(r, int(r.integers(1, 7)), a.tz):
            m = model_for(r, tb, 0.4, str(r.choice(["corvid-4", "corvid-4-mini"])))
            lines = []
            for i in range(sizes(r, 1, 5, 160)[0]):
                p, rep = t.general()
                lines.append(
                    Line(cid(style, i, r), chat(m, p, sysp or None, max_tokens=int(r.choice([512, 1024, 2048]))), rep)
                )
            job(w, a, tb, lines)


def enterprise(w: World, t: Texts, n_orgs: int) -> None:
    """Company orgs with several members, each running their own team's batches."""
    r = w.rng
    for k in range(n_orgs):
        cc, tz = COUNTRIES[int(r.integers(0, len(COUNTRIES)))]
        created = int(START - r.uniform(200, 800) * DAY)
        o = w.org(f"Acme-{k}", created, "tier-4", country=cc, verified=True)
        dom = f"corp{k}.example.com"
        egress = [w.ip() for _ in range(2)]
        teams = ["support-summaries", "sales-emails", "code-review", "search-eval", "legal-extract"]
        for j in range(int(r.integers(3, 7))):
            pid = w.project(o, teams[j % len(teams)], created + j * DAY)
            a = w.account(
                o,
                B,
                "enterprise_team",
                "",
                created=created + int(r.integers(0, 300)) * DAY // 2,
                domain=dom,
                country=cc,
                tz=tz,
                ua=[str(r.choice(UAS[:5]))],
                ips=egress,
                project=pid,
                role="owner" if j == 0 else "member",
            )
            dom_fn = t.coding if "code" in teams[j % len(teams)] else t.general
            for tb in office(r, int(r.integers(2, 7)), tz):
                m = model_for(r, tb, 0.5)
                lines = []
                for i in range(sizes(r, 1, 20, 260)[0]):
                    p, rep = dom_fn()
                    lines.append(
                        Line(
                            cid("prefix", i, r, teams[j % len(teams)]),
                            chat(m, p, "You are an assistant for internal company workflows.", temperature=0.2),
                            rep,
                        )
                    )
                job(w, a, tb, lines, metadata={"team": teams[j % len(teams)]})


def eval_companies(w: World, t: Texts, n_orgs: int) -> None:
    """Benchmark vendors: nightly cron over fixed suites, pass@k with n>1, the new model added
    to the matrix the day after launch (a legitimate resubmission of the same prompt set)."""
    r = w.rng
    for k in range(n_orgs):
        created = int(START - r.uniform(300, 600) * DAY)
        o = w.org(f"EvalWorks-{k}", created, "tier-5", country="US", verified=True)
        egress = [w.ip()]
        for j, suite in enumerate(["gsm8k", "mgsm", "humaneval", "arena"][: int(r.integers(3, 5))]):
            pid = w.project(o, f"nightly-{suite}", created)
            a = w.account(
                o,
                B,
                "eval_company",
                "",
                created=created,
                domain=f"evalworks{k}.ai",
                country="US",
                tz=-8,
                ua=["OpenAI/Python 1.68.2"],
                ips=egress,
                project=pid,
                service=True,
                role="owner" if j == 0 else "member",
            )
            idx = [int(x) for x in r.choice(250 if suite == "mgsm" else 160, 25, replace=False)]
            for tb in cron(r, 24, int(r.integers(0, 59)) + 60 * 2, weekdays_only=True):
                models = ["corvid-4", "corvid-4-mini"] + (["corvid-4.5"] if tb > RELEASE + 20 * HOUR else [])
                for m in models:
                    lines = []
                    for n_i, i in enumerate(idx):
                        if suite == "gsm8k":
                            g = t.c.gsm8k[i]
                            body = chat(
                                m,
                                g["question"] + "\nAnswer with a number after '####'.",
                                "Solve the grade-school math problem.",
                                temperature=0,
                                max_tokens=1024,
                                seed=1234,
                            )
                            rep = t.steps_reply(g["answer"])
                            lines.append(Line(f"gsm8k/{i}/{m}", body, rep))
                        elif suite == "mgsm":
                            for lang in ("en", "de", "ja", "sw"):
                                _, q, ans = t.mgsm(lang, i)
                                lines.append(
                                    Line(
                                        f"mgsm/{lang}/{i}/{m}",
                                        chat(m, q, None, temperature=0, max_tokens=1024),
                                        t.steps_reply(None, ans),
                                    )
                                )
                        elif suite == "humaneval":
                            h = t.c.humaneval[i % 164]
                            lines.append(
                                Line(
                                    f"he/{i % 164}/{m}",
                                    chat(
                                        m,
                                        "Complete the function. Return only code.\n\n" + h["prompt"],
                                        None,
                                        n=5,
                                        temperature=0.8,
                                        max_tokens=768,
                                    ),
                                    "```python\n" + h["solution"] + "\n```",
                                )
                            )
                        else:
                            q = t.c.arena_general[i]
                            lines.append(
                                Line(f"arena/{i}/{m}", chat(m, q, None, temperature=0, max_tokens=4096), t.prose(2))
                            )
                    job(
                        w,
                        a,
                        tb,
                        lines,
                        metadata={"suite": suite, "model": m, "run": "nightly"},
                        filename=f"{suite}_{m}.jsonl",
                    )


def judges(w: World, t: Texts, n: int) -> None:
    """LLM-as-judge grading services: rubric prompts around every few hours, 24/7."""
    r = w.rng
    rubric = (
        "Please act as an impartial judge and evaluate the quality of the response provided by an AI "
        "assistant to the user question displayed below. Consider helpfulness, relevance, accuracy, depth "
        "and level of detail. Begin your evaluation by providing a short explanation. Be as objective as "
        "possible. After providing your explanation, rate the response on a scale of 1 to 10 by strictly "
        'following this format: "[[rating]]".'
    )
    for _ in range(n):
        a = solo(w, B, "llm_judge", "", tier="tier-4", org_name="GradeOps", verified=True)
        for tb in poisson(r, float(r.uniform(1, 2.5))):
            lines = []
            for i in range(sizes(r, 1, 20, 120)[0]):
                q, _ = t.general()
                ans = t.prose(1)
                user = f"[User Question]\n{q[:1500]}\n\n[The Start of Assistant's Answer]\n{ans}\n[The End of Assistant's Answer]"
                rating = int(r.integers(2, 10))
                lines.append(
                    Line(
                        cid("uuid", i, r),
                        chat("corvid-4", user, rubric, temperature=0, max_tokens=600),
                        f"The response addresses the question but {r.choice(['misses a key detail', 'is accurate and well organised', 'is somewhat verbose', 'contains a factual slip'])!s}. Rating: [[{rating}]]",
                    )
                )
            job(w, a, tb, lines, metadata={"job": "judge"})


def doc_pipelines(w: World, t: Texts, n: int) -> None:
    """Classification / extraction with one fixed system prompt and structured output."""
    r = w.rng
    sys_prompts = [
        "You are a trust-and-safety classifier. Label the user message with one of: harassment, self_harm, "
        'illegal_activity, sexual, benign. Return JSON {"label": ..., "confidence": ...}.',
        "Extract the customer's intent, product and sentiment from the support ticket. Return JSON.",
        "Classify the message into the support queue (billing, account, technical, abuse, other). Return JSON.",
    ]
    for k in range(n):
        a = solo(w, B, "doc_pipeline", "", tier="tier-3", org_name="Ticketly")
        sp = sys_prompts[k % len(sys_prompts)]
        for tb in cron(r, 24, int(r.integers(0, 600)), jitter_s=300):
            lines = []
            for i in range(sizes(r, 1, 20, 80)[0]):
                lines.append(
                    Line(
                        cid("prefix", i, r, f"doc{int(tb)}"),
                        chat(
                            "corvid-4-mini",
                            t.ticket(),
                            sp,
                            temperature=0,
                            max_tokens=120,
                            response_format={"type": "json_object"},
                        ),
                        '{"label": "%s", "confidence": %.2f}'
                        % (
                            str(r.choice(["benign", "harassment", "illegal_activity", "billing", "technical"])),
                            r.uniform(0.5, 1),
                        ),
                    )
                )
            job(w, a, tb, lines)


def translators(w: World, t: Texts, n: int) -> None:
    """Catalogue translation: each product text into many languages (parallel, like a campaign)."""
    r = w.rng
    for _ in range(n):
        a = solo(w, B, "catalogue_translation", "", tier="tier-3", org_name="ShopLocal")
        targets = list(
            r.choice(["de", "fr", "es", "it", "ja", "ko", "nl", "pt", "zh"], int(r.integers(4, 8)), replace=False)
        )
        for tb in office(r, int(r.integers(4, 9)), a.tz):
            lines = []
            for i in range(sizes(r, 1, 8, 30)[0]):
                txt = t.product_text()
                for lg in targets:
                    lines.append(
                        Line(
                            f"sku{int(r.integers(10000, 99999))}-{lg}",
                            chat(
                                "corvid-4-mini",
                                txt,
                                f"Translate the product description into {LANG_NAMES[lg]}. "
                                "Keep formatting and units. Output only the translation.",
                                temperature=0.2,
                            ),
                            txt,
                        )
                    )
            job(w, a, tb, lines)


def ci_jobs(w: World, t: Texts, n: int) -> None:
    """Regression tests: the same small prompt set every 6-24 hours, to the minute."""
    r = w.rng
    for _ in range(n):
        a = solo(w, B, "ci_job", "", org_name="CI")
        fixed = [t.general() for _ in range(int(r.integers(6, 16)))]
        every = float(r.choice([12, 24, 24]))
        for tb in cron(r, every, int(r.integers(0, 59)), jitter_s=20):
            m = "corvid-4.5" if tb > RELEASE + 2 * DAY and r.random() < 0.5 else "corvid-4"
            lines = [
                Line(
                    f"case_{i:03d}",
                    chat(m, p, "You are a helpful assistant.", temperature=0, seed=7, max_tokens=512),
                    rep,
                )
                for i, (p, rep) in enumerate(fixed)
            ]
            job(w, a, tb, lines, metadata={"ci": "regression", "branch": "main"})


def researchers(w: World, t: Texts, n: int) -> None:
    """A university lab studying reasoning: step-by-step explanations, reasoning in other languages,
    n>1 samples and logprobs. The lab card pays for several students' orgs (a shared payment)."""
    r = w.rng
    lab_card = w.payment()
    prefix = f"{int(r.integers(128, 160))}.{int(r.integers(0, 255))}.{int(r.integers(0, 255))}"
    for _ in range(n):
        a = solo(
            w,
            B,
            "reasoning_researcher",
            "",
            payment=lab_card,
            domain="cs.univ-example.edu",
            country=("US", -5),
            ips=[w.ip(prefix)],
            org_name="PhD project",
            tier="tier-2",
        )
        for tb in office(r, int(r.integers(4, 10)), -5):
            lang = str(r.choice(["en", "en", "de", "zh", "ja", "fr", "sw"]))
            m = model_for(r, tb, 0.8)
            lines = []
            for i in range(sizes(r, 1, 30, 150)[0]):
                idx, q, ans = t.mgsm(lang)
                instr = (
                    f"Explain your reasoning step by step, then give the final answer. Reason in {LANG_NAMES[lang]}."
                    if r.random() < 0.6
                    else "Let's think step by step."
                )
                body = chat(m, f"{q}\n\n{instr}", None, temperature=0.7, n=int(r.choice([1, 4])), max_tokens=1024)
                if r.random() < 0.3:
                    body.update(logprobs=True, top_logprobs=5)
                lines.append(Line(f"exp3_{lang}_{idx}_{i}", body, t.steps_reply(None, ans)))
            job(w, a, tb, lines, metadata={"experiment": f"cot-lang-{lang}"})


def tutoring(w: World, t: Texts, n: int) -> None:
    """Tutoring apps precomputing worked solutions for students (end users in `user`)."""
    r = w.rng
    for k in range(n):
        a = solo(w, B, "tutoring_app", "", tier="tier-3", org_name="MathBuddy")
        students = [f"stu_{w.mint.hex('eu', 10)}" for _ in range(int(r.integers(60, 200)))]
        for s in students:
            a.end_user_labels[s] = (B, "tutoring_app", "")
        for tb in cron(r, 24, int(r.integers(0, 200)) + 18 * 60 - a.tz * 60, jitter_s=600):
            lines = []
            for i in range(sizes(r, 1, 20, 90)[0]):
                q, rep, _ = t.math()
                s = students[int(r.integers(0, len(students)))]
                lines.append(
                    Line(
                        cid("uuid", i, r),
                        chat(
                            "corvid-4-mini",
                            q,
                            "You are a patient math tutor for middle-school students. Explain step by step, "
                            "and check the student's understanding at the end.",
                            user=s,
                            temperature=0.3,
                        ),
                        rep,
                        s,
                    )
                )
            job(w, a, tb, lines)


def aggregators(w: World, t: Texts, n: int) -> list:
    """Resellers / multi-tenant platforms forwarding many end users' requests in batches."""
    r = w.rng
    out = []
    for k in range(n):
        a = solo(
            w,
            B,
            "aggregator",
            "",
            tier="tier-5",
            org_name=f"RelayHub-{k}",
            verified=True,
            ips=[w.ip() for _ in range(3)],
            ua=["litellm/1.63.11 OpenAI/Python 1.65.4"],
        )
        users = [f"u_{w.mint.hex('eu', 12)}" for _ in range(int(r.integers(150, 500)))]
        for u in users:
            a.end_user_labels[u] = (B, "aggregator_user", "")
        pop = r.zipf(1.6, len(users)).astype(float)
        pop /= pop.sum()
        out.append((a, users, pop))
    return out


def fill_aggregators(w: World, t: Texts, aggs: list, extra: dict) -> None:
    """Aggregator batches; `extra` maps an aggregator index to hidden end-user harvest lines per batch."""
    r = w.rng
    for k, (a, users, pop) in enumerate(aggs):
        for tb in poisson(r, float(r.uniform(2, 4))):
            lines = []
            for i in range(sizes(r, 1, 20, 200)[0]):
                u = users[int(r.choice(len(users), p=pop))]
                p, rep = t.general()
                m = model_for(r, tb, 0.6, str(r.choice(["corvid-4", "corvid-4-mini"])))
                lines.append(Line(cid("uuid", i, r), chat(m, p, None, user=u), rep, u))
            if k in extra:
                lines.extend(extra[k](tb, len(lines)))
                perm = r.permutation(len(lines))
                lines = [lines[int(i)] for i in perm]
            job(w, a, tb, lines)


def embedders(w: World, t: Texts, n: int) -> None:
    """Embedding backfills: /v1/embeddings batches with arrays of inputs, no chat at all."""
    r = w.rng
    for _ in range(n):
        a = solo(w, B, "embedding_job", "", org_name="SearchCo")
        for tb in office(r, int(r.integers(1, 6)), a.tz) + cron(r, 24 * 7, int(r.integers(0, 600))):
            lines = [
                Line(
                    f"chunk-{int(tb)}-{i}",
                    {
                        "model": "corvid-embed-2",
                        "input": t.snippets(int(r.integers(4, 24))),
                        "dimensions": 256,
                        "encoding_format": "base64",
                    },
                )
                for i in range(sizes(r, 1, 10, 80)[0])
            ]
            job(w, a, tb, lines, endpoint="/v1/embeddings")


def backfills(w: World, t: Texts, n: int) -> None:
    """A new (tier-1) customer back-filling a ticket archive: one classification prompt, the archive
    split into chunks just under the 1,000-line cap and submitted back to back. Legitimate cap splitting."""
    r = w.rng
    sp = (
        "You label archived customer-support conversations. Return JSON with keys topic, urgency (1-5) "
        "and whether a refund was requested."
    )
    for k in range(n):
        a = solo(
            w,
            B,
            "archive_backfill",
            "",
            tier="tier-1",
            org_name="HelpDeskCo",
            created=int(START - r.uniform(3, 20) * DAY),
        )
        t0 = int(r.uniform(START + DAY, END - 3 * DAY))
        for c in range(int(r.integers(3, 6))):
            lines = [
                Line(
                    f"conv-{c:02d}-{i:05d}",
                    chat(
                        "corvid-4-mini",
                        t.ticket(),
                        sp,
                        temperature=0,
                        max_tokens=80,
                        response_format={"type": "json_object"},
                    ),
                    '{"topic": "%s", "urgency": %d, "refund": %s}'
                    % (
                        str(r.choice(["billing", "shipping", "account", "other"])),
                        int(r.integers(1, 6)),
                        str(r.random() < 0.2).lower(),
                    ),
                )
                for i in range(999 - int(r.integers(0, 40)))
            ]
            job(
                w,
                a,
                t0 + c * int(r.integers(300, 5400)),
                lines,
                filename=f"archive_part{c:02d}.jsonl",
                metadata={"job": "ticket-backfill", "part": str(c)},
            )
