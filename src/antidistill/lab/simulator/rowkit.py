"""Turning per-account arrival times and content choices into :class:`Rows` (vectorised).

Token counts are consistent with the text: every message costs ``ceil(utf8_bytes / 3.6) + 4`` tokens,
the prompt may carry attached context (shown as a placeholder such as ``[attached file]``) sized from
the Azure trace, visible output is at least as long as the logged response and reasoning at least as
long as the logged reasoning text. Rate limits of the account's tier are enforced here: requests over
the per-minute or per-day limit are ``denied`` with HTTP 429, as a provider's gateway would log them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from antidistill.lab.simulator.base import ABORTED, ASSISTANT, DENIED, ERROR, OK, SYSTEM, USER, AccountPlan, Rows
from antidistill.lab.simulator.context import SimContext
from antidistill.lab.simulator.infra import TIERS

BYTES_PER_TOKEN = 3.6
MAX_HISTORY = 3  # earlier turns resent with a follow-up (clients truncate long histories)


@dataclass
class Content:
    """What each request asks. ``user`` is (n, 4) pool parts; ``system`` -1 means no system prompt."""

    user: np.ndarray
    system: np.ndarray
    response: np.ndarray
    rationale: np.ndarray
    prev: np.ndarray  # row of the previous turn of the same conversation; -1 starts a new one


def draw_tasks(ctx: SimContext, rng: np.random.Generator, n: int,
               topics: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(task, response, rationale) pool indices for ``n`` requests drawn from weighted topics."""
    names = list(topics)
    p = np.array([topics[k] for k in names], float)
    which = rng.choice(len(names), size=n, p=p / p.sum())
    task = np.empty(n, np.int32)
    resp = np.empty(n, np.int32)
    rat = np.empty(n, np.int32)
    for i, name in enumerate(names):
        sel = np.flatnonzero(which == i)
        if sel.size == 0:
            continue
        t = ctx.corpus.topic(name)
        j = rng.integers(0, len(t), size=sel.size)
        task[sel], resp[sel], rat[sel] = t.prompts[j], t.responses[j], t.rationales[j]
    return task, resp, rat


def wrap(ctx: SimContext, rng: np.random.Generator, book: str, task: np.ndarray, answer: np.ndarray,
         choice: np.ndarray | None = None) -> np.ndarray:
    """(n, 4) user-message parts: ``task`` wrapped in templates of ``book`` (random unless ``choice``)."""
    pb = ctx.book(book)
    if choice is None:
        choice = np.asarray(rng.integers(0, len(pb), size=task.shape[0]))
    return pb.parts(choice, task, answer)


def content(user: np.ndarray, response: np.ndarray, rationale: np.ndarray, *, system: np.ndarray | int = -1,
            turn: np.ndarray | None = None, prev: np.ndarray | None = None) -> Content:
    """A :class:`Content` with int32 arrays; ``system`` may be one pool index for every row.

    Conversations are given either by ``turn`` (consecutive rows: turn > 0 continues the row before)
    or by ``prev`` (the row of the previous turn, for interleaved conversations such as parallel agents).
    """
    n = user.shape[0]
    sys_arr = np.full(n, system, np.int32) if isinstance(system, int) else system.astype(np.int32)
    if prev is None:
        prev = np.full(n, -1, np.int64) if turn is None else np.where(turn > 0, np.arange(n) - 1, -1)
    return Content(user=user.astype(np.int32), system=sys_arr, response=response.astype(np.int32),
                   rationale=rationale.astype(np.int32), prev=prev.astype(np.int64))


def prev_in_groups(group: np.ndarray) -> np.ndarray:
    """For rows sorted by time, the previous row of the same group (episode), -1 for a group's first row."""
    n = group.shape[0]
    order = np.lexsort((np.arange(n), group))  # by group, then by row (time)
    g = group[order]
    prev = np.full(n, -1, np.int64)
    same = np.flatnonzero(g[1:] == g[:-1]) + 1
    prev[order[same]] = order[same - 1]
    return prev


def pick(rng: np.random.Generator, n: int, k: int, skew: float = 1.2) -> np.ndarray:
    """Indices in [0, k) with a Zipf-like preference for the first (a primary IP or key)."""
    if k <= 1:
        return np.zeros(n, np.int32)
    w = 1.0 / np.arange(1, k + 1) ** skew
    return rng.choice(k, size=n, p=w / w.sum()).astype(np.int32)


def _messages(c: Content) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Flatten system + resent history + current user turn into (count, role, parts, answered): ``answered`` is,
    for each resent assistant turn, the row whose response it is (-1 for every other message), so the caller can
    resend the response as it was sent (with its opener)."""
    n = c.user.shape[0]
    row = np.arange(n)
    # ancestors[:, k] is the (k+1)-th previous turn of each row, -1 where the chain ends
    ancestors = np.full((n, MAX_HISTORY), -1, np.int64)
    cur = c.prev
    for k in range(MAX_HISTORY):
        ancestors[:, k] = cur
        cur = np.where(cur >= 0, c.prev[np.maximum(cur, 0)], -1)
    depth = (ancestors >= 0).sum(axis=1)
    has_sys = (c.system >= 0).astype(np.int64)
    count = has_sys + 2 * depth + 1
    off = np.concatenate([[0], np.cumsum(count)[:-1]])
    m = int(count.sum())
    roles = np.empty(m, np.int8)
    parts = np.zeros((m, 4), np.int32)
    s = np.flatnonzero(has_sys)
    roles[off[s]] = SYSTEM
    parts[off[s], 0] = c.system[s]
    hist_rows = np.repeat(row, depth)
    j = np.arange(hist_rows.shape[0]) - np.repeat(np.cumsum(depth) - depth, depth)
    src = ancestors[hist_rows, depth[hist_rows] - 1 - j]  # oldest turn first
    pos = off[hist_rows] + has_sys[hist_rows] + 2 * j
    roles[pos] = USER
    parts[pos] = c.user[src]
    roles[pos + 1] = ASSISTANT
    parts[pos + 1, 0] = c.response[src]
    answered = np.full(m, -1, np.int64)
    answered[pos + 1] = src
    last = off + has_sys + 2 * depth
    roles[last] = USER
    parts[last] = c.user
    return count.astype(np.int32), roles, parts, answered


def _tokens(ctx: SimContext, parts: np.ndarray) -> np.ndarray:
    nbytes = ctx.pool_bytes[parts].sum(axis=-1)
    return np.ceil(nbytes / BYTES_PER_TOKEN).astype(np.int64)


def make_rows(ctx: SimContext, rng: np.random.Generator, plan: AccountPlan, ts: np.ndarray, c: Content, *,
              model: np.ndarray, kind: str = "chat", ctx_share: float = 0.0, output_scale: float = 1.0,
              ip: np.ndarray | None = None, ua: np.ndarray | None = None, key: np.ndarray | None = None,
              end_user: np.ndarray | None = None, max_tokens: np.ndarray | int = -1) -> Rows:
    """Assemble one account's rows; ``kind`` is ``chat`` or ``code`` (which Azure length trace to use)."""
    n = ts.shape[0]
    if n and not bool(np.all(ts[1:] >= ts[:-1])):
        raise ValueError(f"make_rows: arrival times of account {plan.account_id} are not sorted")
    user = c.user.copy()
    prompt_ctx = np.zeros(n, np.int64)
    if ctx_share > 0:
        attach = np.less(rng.random(n), ctx_share)
        k = int(attach.sum())
        src = ctx.cal.code_prompt if kind == "code" else ctx.cal.chat_prompt
        prompt_ctx[attach] = rng.choice(src, size=k)
        free = attach & (user[:, 3] == 0)
        user[free, 3] = rng.choice(ctx.strings["attachment"], size=int(free.sum()))
    c = Content(user=user, system=c.system, response=c.response, rationale=c.rationale, prev=c.prev)
    count, roles, parts, answered = _messages(c)
    row_of_msg = np.repeat(np.arange(n), count)

    reasoning_model = ctx.model_reasoning[model]
    resp_parts = np.stack([rng.choice(ctx.strings["openers"], size=n), c.response], axis=1).astype(np.int32)
    # a client resends an earlier answer as it was sent to it: opener and all
    resent = np.flatnonzero(answered >= 0)
    parts[resent, 0] = resp_parts[answered[resent], 0]
    parts[resent, 1] = resp_parts[answered[resent], 1]
    msg_tok = _tokens(ctx, parts) + 4
    prompt = np.bincount(row_of_msg, weights=msg_tok, minlength=n).astype(np.int64)
    prompt = np.maximum(prompt, prompt_ctx)
    visible_txt = _tokens(ctx, resp_parts)
    reasoning = np.full(n, -1, np.int32)
    rat = np.where(c.rationale > 0, c.rationale, rng.choice(ctx.strings["generic_reasoning"], size=n))
    reasoning[reasoning_model] = rat[reasoning_model]
    out_src = ctx.cal.code_output if kind == "code" else ctx.cal.chat_output
    out = (rng.choice(out_src, size=n) * output_scale).astype(np.int64)
    r1 = (ctx.cal.r1_output(rng, n) * output_scale).astype(np.int64)
    ratio = ctx.cal.r1_ratio(rng, n)
    reason_tok = np.where(reasoning_model, np.maximum(_tokens(ctx, np.maximum(reasoning, 0)[:, None]),
                                                      (ratio * r1).astype(np.int64)), -1)
    visible = np.where(reasoning_model, np.maximum(visible_txt, r1 - np.maximum(reason_tok, 0)),
                       np.maximum(visible_txt, out))
    completion = visible + np.maximum(reason_tok, 0)

    status = np.full(n, OK, np.int8)
    u = rng.random(n)
    status[u < 0.004] = ERROR
    status[(u >= 0.004) & (u < 0.007)] = ABORTED
    tier = TIERS[plan.tier]
    minute = ts // 60_000_000
    day = ts // 86_400_000_000
    for bucket, limit in ((minute, tier.rpm), (day, tier.rpd)):
        starts = np.flatnonzero(np.concatenate([[True], bucket[1:] != bucket[:-1]]))
        rank = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
        status[rank >= limit] = DENIED
    http = np.select([status == OK, status == ERROR, status == ABORTED, status == DENIED],
                     [200, 500, 499, 429]).astype(np.int16)
    http[(status == ERROR) & (rng.random(n) < 0.4)] = 529
    speed = rng.uniform(35.0, 90.0, size=n)  # tokens per second while decoding
    ttft = rng.lognormal(np.log(450.0), 0.5, size=n)
    latency = ttft + completion / speed * 1000.0
    aborted = status == ABORTED
    completion[aborted] = (completion[aborted] * rng.random(int(aborted.sum()))).astype(np.int64)
    latency[aborted] *= 0.5
    failed = (status == ERROR) | (status == DENIED)
    completion[failed] = 0
    reason_tok[failed & reasoning_model] = 0
    latency[failed] = rng.uniform(5.0, 60.0, size=int(failed.sum()))
    reasoning[status != OK] = -1
    resp_parts[status != OK] = -1

    def idx(a: np.ndarray | None, k: int) -> np.ndarray:
        return pick(rng, n, k) if a is None else a.astype(np.int32)

    mt = np.full(n, max_tokens, np.int32) if isinstance(max_tokens, int) else max_tokens.astype(np.int32)
    return Rows(ts_us=ts.astype(np.int64), model=model.astype(np.int16), msg_count=count, msg_role=roles,
                msg_parts=parts, resp_parts=resp_parts, reasoning=reasoning,
                prompt_tokens=np.minimum(prompt, 2**31 - 1).astype(np.int32),
                completion_tokens=completion.astype(np.int32), reasoning_tokens=reason_tok.astype(np.int32),
                latency_ms=latency.astype(np.float32), status=status, http_status=http, ip=idx(ip, len(plan.ips)),
                ua=idx(ua, len(plan.user_agents)), key=idx(key, len(plan.api_key_ids)),
                end_user=np.full(n, -1, np.int64) if end_user is None else end_user.astype(np.int64),
                max_tokens=mt)
