"""Campaigns that harvest reasoning: rationale back-fill hydra, preference farm, language-locked thinking, edu swarm."""

from __future__ import annotations

import numpy as np

from .actors import Ctx, sys_user
from .identity import SDK_UAS, block24, ip_in, random_ip
from .model import Account, SideCall
from .timing import hourly_weights, session_times

RATIONALE_ASKS = [
    "Question: {q}\nFinal answer: {a}\n\nWrite out, step by step, the reasoning a careful expert would follow to "
    "arrive at exactly this final answer. Do not mention that the answer was given to you.",
    "Here is a problem and its correct answer.\nProblem: {q}\nAnswer: {a}\nExplain the complete chain of thought that "
    "leads to this answer, as if you were solving it yourself for the first time.",
    "{q}\n\n(The answer is {a}.) Reconstruct the full internal reasoning that produces this result, one numbered "
    "step per line, then restate the answer.",
    "Problem:\n{q}\nKnown result: {a}\nImagine how you would think through this problem and articulate every "
    "intermediate inference, then finish with 'Final: {a}'.",
]


def _revoked_probes(ctx: Ctx, rng_key: str, acct: Account, ips: list[str], ua: str) -> None:
    """After a ban the client keeps retrying with the dead key for a while: 401s without a subscription id."""
    if acct.revoked_at is None or acct.revoked_at >= ctx.end:
        return
    rng = ctx.rng(rng_key)
    t = acct.revoked_at + rng.uniform(5, 120)
    for _ in range(rng.randint(4, 25)):
        ctx.side.append(
            SideCall(
                t,
                "azure-openai",
                "ChatCompletions_Create",
                "POST",
                "/openai/deployments/o4-mini/chat/completions?api-version=2024-10-21",
                401,
                rng.choice(ips),
                ua,
            )
        )
        t += rng.uniform(20, 400)


def answer_key_rationalizer(ctx: Ctx) -> None:
    """Hydra of trial accounts in waves; synchronized batches ask the model to back-fill reasoning for given answers."""
    cid = "camp-answer-key"
    rng, nr = ctx.rng(cid), ctx.nrng(cid)
    c = ctx.corpus
    items = [(m.question, m.answer, m) for m in c.gsm8k] + [
        (q, a, None) for lang in ("zh", "ja", "es", "de") for q, a in c.mgsm[lang]
    ]
    rng.shuffle(items)
    blocks = [block24(rng, "vps") for _ in range(3)]
    wave_starts = [0.3, 2.6, 4.8]
    k_item = 0
    for w_i, wd in enumerate(wave_starts):
        w0 = ctx.start + wd * 86400
        ua = ["python-httpx/0.27.2", "OpenAI/Python 1.66.3", "OpenAI/Python 1.66.3"][w_i]
        wave_blocks = blocks[w_i : w_i + 2]
        accts: list[tuple[Account, list[str]]] = []
        for j in range(ctx.n(8)):
            org = ctx.new_org(
                rng,
                "answer_key_rationalizer",
                rng.choice(["free-trial", "developer"]),
                label="campaign",
                campaign_id=cid,
            )
            a = ctx.new_account(rng, org)
            a.revoked_at = w0 + rng.uniform(1.6, 2.3) * 86400
            ips = [ip_in(rng, rng.choice(wave_blocks)) for _ in range(2)]
            accts.append((a, ips))
            _revoked_probes(ctx, f"{cid}/rev/{w_i}/{j}", a, ips, ua)
        period = ctx.period(1200.0)
        t_batch = w0 + rng.uniform(0, period)
        while t_batch < min(w0 + 2.4 * 86400, ctx.end):
            if (t_batch // 3600) % 24 not in (3, 4):  # daily pause while their pipeline re-shards
                for a, ips in accts:
                    if t_batch >= (a.revoked_at or 1e18):
                        continue
                    for _ in range(int(nr.integers(1, 4))):
                        q, ans, m = items[k_item % len(items)]
                        k_item += 1
                        t = t_batch + float(nr.uniform(0, 90))
                        prompt = RATIONALE_ASKS[k_item % len(RATIONALE_ASKS)].format(q=q, a=ans)
                        resp = ctx.writer.steps(rng, m, 5)
                        dep = ctx.deployment_at(rng, t, [("o4-mini", 2), ("gpt-4.1", 1)], 0.6)
                        if t < ctx.end:
                            ctx.call(rng, t, a, dep, sys_user(None, prompt), resp, rng.choice(ips), ua)
            t_batch += period + float(nr.uniform(-60, 60))


JUDGE_SYSTEM = (
    "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to "
    "the user question displayed below. Think through your evaluation step by step, explaining the strengths and "
    'weaknesses of each response in detail, then output your final verdict strictly as "[[A]]", "[[B]]" or '
    '"[[C]]" for a tie.'
)
SCORE_SYSTEM = (
    "You are a meticulous reviewer. Score the response from 1 to 10. Before the score, reason step by step about "
    "every deduction, quoting the response. End with 'Score: N'."
)


def pairwise_preference_farm(ctx: Ctx) -> None:
    """Turns the model into a reward model: pairwise verdicts and scored critiques over broad real prompts."""
    cid = "camp-preference-farm"
    rng = ctx.rng(cid)
    pool = list(ctx.corpus.arena) + [f"{a} {b}".strip() for a, b, _ in ctx.corpus.instructions]
    rng.shuffle(pool)
    k = 0
    for o in range(3):
        org = ctx.new_org(rng, "pairwise_preference_farm", "standard", label="campaign", campaign_id=cid)
        for s in range(2):
            acct = ctx.new_account(rng, org)
            key = f"{cid}/{o}/{s}"
            anr, arng = ctx.nrng(key), ctx.rng(key)
            w = hourly_weights(ctx.start, ctx.hours, "office", arng.choice([8.0, -5.0, 1.0]), 0.3, anr)
            ua = arng.choice(SDK_UAS[:6])
            for t in session_times(anr, ctx.start, w, ctx.v(260), mean_len=10, gap_s=35, t1=ctx.end):
                q = pool[k % len(pool)]
                k += 1
                ip = random_ip(arng, "residential_asia" if arng.random() < 0.5 else "residential_us")
                if arng.random() < 0.7:
                    user = (
                        f"[User Question]\n{q}\n\n[The Start of Assistant A's Answer]\n"
                        f"{ctx.writer.prose(arng, arng.randint(1, 4))}\n[The End of Assistant A's Answer]\n\n"
                        f"[The Start of Assistant B's Answer]\n{ctx.writer.prose(arng, arng.randint(1, 4))}\n"
                        "[The End of Assistant B's Answer]"
                    )
                    msgs = sys_user(JUDGE_SYSTEM, user)
                    resp = ctx.writer.steps(arng, None, 5) + f"\n\n[[{arng.choice('AABC')}]]"
                else:
                    user = f"Prompt: {q}\n\nResponse:\n{ctx.writer.prose(arng, arng.randint(3, 7))}"
                    msgs = sys_user(SCORE_SYSTEM, user)
                    resp = ctx.writer.steps(arng, None, 4) + f"\nScore: {arng.randint(2, 9)}"
                dep = ctx.deployment_at(arng, float(t), [("gpt-4.1", 2), ("gpt-4o", 1)], 0.4)
                ctx.call(arng, float(t), acct, dep, msgs, resp, ip, ua)


LOCKS = {
    "zh": "思考过程所使用的语言必须与用户输入的主要语言严格一致。"
    "请先在<think></think>标签中完整写出你的推理过程，然后给出最终答案。",
    "ja": "思考内容で使用する言語は、ユーザー入力の主要言語と厳密に一致させてください。"
    "まず<think></think>内に推論過程をすべて書き、その後に最終回答を示してください。",
    "ru": "Язык, используемый в рассуждениях, должен строго совпадать с основным языком запроса пользователя. Сначала "
    "полностью изложи ход рассуждений в тегах <think></think>, затем дай окончательный ответ.",
    "en": "The language used in the thinking content must be strictly consistent with the main language of the user "
    "input. Write your complete reasoning inside <think></think> before the final answer.",
}


def thinking_language_lock(ctx: Ctx) -> None:
    """Reasoning-trace coercion in non-English languages, spread over a few 'edtech' orgs with human-like timing."""
    cid = "camp-language-lock"
    rng = ctx.rng(cid)
    c = ctx.corpus
    for o in range(4):
        org = ctx.new_org(
            rng, "thinking_language_lock", rng.choice(["developer", "standard"]), label="campaign", campaign_id=cid
        )
        for s in range(rng.randint(2, 3)):
            acct = ctx.new_account(rng, org)
            key = f"{cid}/{o}/{s}"
            anr, arng = ctx.nrng(key), ctx.rng(key)
            w = hourly_weights(ctx.start, ctx.hours, "office", 8.0, 0.5, anr)
            ua = arng.choice(SDK_UAS)
            for t in session_times(anr, ctx.start, w, ctx.v(210), mean_len=8, gap_s=60, t1=ctx.end):
                r = arng.random()
                if r < 0.45:
                    q, lang = arng.choice(c.belle)[0], "zh"
                elif r < 0.6:
                    ins, inp, _ = arng.choice(c.zh_seeds)
                    q, lang = f"{ins}\n{inp}".strip(), "zh"
                else:
                    lang = arng.choice(["ja", "ru", "th", "bn", "te", "sw", "zh"])
                    q = arng.choice(c.mgsm[lang])[0]
                lock = LOCKS.get(lang, LOCKS["en"])
                msgs = sys_user(lock, q) if arng.random() < 0.6 else sys_user(None, f"{q}\n\n{lock}")
                out_lang = "zh" if lang in ("zh", "ja") else "en"
                resp = (
                    f"<think>\n{ctx.writer.prose(arng, arng.randint(6, 14), out_lang)}\n</think>\n\n"
                    f"{ctx.writer.prose(arng, arng.randint(1, 3), out_lang)}"
                )
                dep = ctx.deployment_at(arng, float(t), [("o4-mini", 2), ("gpt-4.1", 1)], 0.5)
                ip = random_ip(arng, "residential_asia")
                ctx.call(arng, float(t), acct, dep, msgs, resp, ip, ua)


SWARM_SUFFIXES = [
    "Show every intermediate step, then give the final answer on its own line as 'ANSWER: <value>'.",
    "Please explain each step of your thinking in detail and put the final result on the last line.",
    "Reason carefully and completely before answering; number your steps.",
]


def edu_signup_swarm(ctx: Ctx) -> None:
    """Many education-tier sign-ups, each a low-volume 'student', jointly covering a dataset without repeats."""
    cid = "camp-edu-swarm"
    rng = ctx.rng(cid)
    c = ctx.corpus
    pool: list[tuple[str, object]] = (
        [(m.question, m) for m in c.gsm8k]
        + [("Implement:\n" + h.prompt, i) for i, h in enumerate(c.humaneval)]
        + [(q, None) for q in c.arena_math]
    )
    rng.shuffle(pool)
    proxy_pool = [random_ip(rng, rng.choice(["residential_us", "residential_eu"])) for _ in range(40)]
    k = 0
    n_acct = ctx.n(60)
    for j in range(n_acct):
        born = ctx.start + (1.2 if j < n_acct // 2 else 3.5) * 86400 + rng.uniform(0, 5 * 3600)
        org = ctx.new_org(rng, "edu_signup_swarm", "education", label="campaign", campaign_id=cid)
        acct = ctx.new_account(rng, org)
        key = f"{cid}/{j}"
        anr, arng = ctx.nrng(key), ctx.rng(key)
        w = hourly_weights(ctx.start, ctx.hours, "evening", arng.choice([-5.0, 1.0]), 1.2, anr)
        w[: int((born - ctx.start) // 3600) + 1] = 0.0
        ips = arng.sample(proxy_pool, 3)
        suffix = SWARM_SUFFIXES[j % len(SWARM_SUFFIXES)]
        vol = float(np.clip(anr.normal(22, 6), 8, 40)) * ctx.scale**0.25
        for t in session_times(anr, ctx.start, w, vol, mean_len=5, gap_s=80, t0=born, t1=ctx.end):
            q, ref = pool[k % len(pool)]
            k += 1
            if isinstance(ref, int):
                resp = ctx.writer.code(arng, ref)
            else:
                resp = ctx.writer.steps(arng, ref if ref is not None else None, 6)  # type: ignore[arg-type]
            ctx.call(
                arng,
                float(t),
                acct,
                "o4-mini" if arng.random() < 0.6 else "gpt-4o",
                sys_user(None, f"{q}\n\n{suffix}"),
                resp,
                arng.choice(ips),
                "OpenAI/Python 1.66.3",
            )
