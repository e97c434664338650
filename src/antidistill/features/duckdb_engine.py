"""Run the feature definitions on DuckDB.

Expects, in the connection: ``exchanges`` (Exchange schema), optionally ``models``
(MODEL_SCHEMA) and ``prompt_signals`` (one row per distinct prompt text, see
``antidistill.features.prompt_signals``). Builds the engine-specific inputs ``ex``,
``acct_day`` and ``acct_topic`` as temporary views, then evaluates every ``FeatureDef``
with one ``GROUP BY account_id`` per level.
"""

from __future__ import annotations

import dataclasses

import duckdb
import pyarrow as pa

from antidistill.features.definitions import (
    AUX_FEATURES,
    FEATURES,
    FORGED_HISTORY_KEPT_MIN,
    HISTORY_REUSE_MAX,
    MASK_RE,
    TURN_PREFIX_CHARS,
    TURN_SPACE_CHARS,
    FeatureDef,
)
from antidistill.signals.template import mask, stable_id

#: A request's own prompt: its last user turn, or '' for an agent's tool round (the conversation ends with a
#: tool's output sent back: the user's last turn was the prompt of an earlier request, repeated in every round
#: of the loop, and counted again would make one task look like a template sent many times). A request whose user
#: turn is followed by a partial assistant turn (a *prefill*: the caller writes the start of the answer for the
#: model to continue, "Let me think step by step. Step 1:") asks with both: the user turn, a blank line, the
#: prefill. The Python twin is ``records.Exchange.last_user_text``. Nearly every request ends with
#: its user turn: that case is read directly, and the list is filtered (a lambda, slower) only for the others.
LAST_USER_SQL = ("CASE WHEN messages[-1].role = 'user' THEN coalesce(messages[-1].content, '') "
                 "WHEN messages[-1].role = 'tool' THEN '' "
                 "WHEN messages[-1].role = 'assistant' AND len(messages) >= 2 AND messages[-2].role = 'user' "
                 "AND coalesce(messages[-1].content, '') <> '' "
                 "THEN coalesce(messages[-2].content, '') || chr(10) || chr(10) || messages[-1].content "
                 "ELSE coalesce(list_filter(messages, lambda m: m.role = 'user')[-1].content, '') END")
#: An exchange logged with its conversation (a prompt, or a tool round's turns): not redacted or left out.
CONTENT_SQL = "len(list_filter(messages, lambda m: m.content <> '')) > 0"
#: The opening of a prompt, lowercased with numbers and ids masked (``MASK_RE``): the instruction wrapper that a
#: templated campaign repeats around a changing payload (the full-prompt template fingerprint separates the
#: payloads).
#: Characters of a prompt's opening and closing.
END_CHARS = 48
OPENING_SQL = f"regexp_replace(lower(left(e.prompt_text, {END_CHARS})), '{MASK_RE}', '#', 'g')"
#: The closing, likewise: the instruction a template puts after the payload ("<task> Print your full reasoning").
CLOSING_SQL = f"regexp_replace(lower(right(e.prompt_text, {END_CHARS})), '{MASK_RE}', '#', 'g')"

#: A *shared wrapper* is an opening that several accounts put in front of many different payloads: at least
#: ``WRAPPER_MIN_HOLDERS`` accounts, ``WRAPPER_MIN_USES`` prompts, and nearly every use a distinct prompt once
#: numbers and ids are masked in the whole prompt as they are in the opening (a popular question asked by many
#: people repeats whole; so does one with a different order number, date or ticket id each time, or with the
#: same few help-centre snippets a support assistant retrieves for it; a wrapper does not). Only prompts longer
#: than the opening count: there must be a payload after it.
WRAPPER_MIN_HOLDERS = 3
WRAPPER_MIN_USES = 20
WRAPPER_MIN_DISTINCT = 0.9
#: A wrapper is a frame put in front of payloads; an opening that is itself *material* is not one. A retrieval
#: application puts the passages its retriever found first ("Context:\n[doc 1] <passage> ... Question: ..."),
#: and when many applications retrieve from one public corpus (an encyclopedia, a docs site), a popular passage
#: opens many different prompts of several accounts, like a wrapper. But the same passage also turns up after
#: other text, as the second or fifth document of other prompts; a harvest's instruction never does. Each of the
#: opening's *lines* (the whole lines its first 48 characters touch, each at least ``QUOTED_MIN_CHARS`` long once
#: masked) is looked for in the holders' prompts, after their own opening lines; when at least
#: ``WRAPPER_MAX_QUOTED`` times as many prompts carry one of them there as open with the opening, the opening is
#: quoted material. Every line, not only the longest: a synthetic-data generator lists seed tasks under a short
#: header ("Here are example tasks:\n- <task>\n- <task>"), and the header, as long as the first task's part of
#: the 48 characters, is never quoted while the task is the second or third example of other prompts.
QUOTED_MIN_CHARS = 20
WRAPPER_MAX_QUOTED = 0.5
#: Shared wrappers come in *families*: one template whose slots are filled with names. A translation service's
#: "Translate the following text from Chinese (Simplified) to Swahili:" opens with a different 48 characters for
#: each of its hundred language pairs, and a support tool's "You are helping Acme's customer Jane ..." with one
#: for each customer; both are one frame with parameters, not a rotation of paraphrases. The family is the
#: wrapper's opening as the template fingerprint masks it (names, numbers and quoted strings as slots): the first
#: ``FAMILY_CHARS`` characters of the masked start of a prompt (its first ``FAMILY_LEAD_CHARS``), without the word
#: the cut splits. Masking first and cutting after makes the family independent of how long the names in the slots
#: are. Rotation (``wrapper_rotation``) counts families; linkage keeps each wrapper's own opening.
FAMILY_LEAD_CHARS = 160
FAMILY_CHARS = 40
SYSTEM_SQL = ("coalesce(array_to_string(list_transform(list_filter(messages, lambda m: m.role IN "
              "('system', 'developer')), lambda m: m.content), chr(10)), '')")

#: The request's tool catalogue: its ``[tools]`` system turn as the ingest writes it (``ingest.fields.with_tools``),
#: null without one.
TOOLS_SQL = ("list_filter(messages, lambda m: m.role = 'system' AND starts_with(m.content, '[tools]'))[1].content")

def _without_space(expr: str) -> str:
    """SQL removing every ``TURN_SPACE_CHARS`` character from ``expr``."""
    for ch in TURN_SPACE_CHARS:
        expr = f"replace({expr}, chr({ord(ch)}), '')"
    return expr


#: An assistant turn's identity, for matching a resent turn to the response it was: the first 256 characters
#: without case or white space (``TURN_SPACE_CHARS``: a client re-serialising a tool call's arguments, or re-wrapping
#: an answer, sends back the same turn), after a leading reasoning block (the ingest keeps reasoning a client sent
#: back as ``<think>``; a response's reasoning is a field apart). ``{x}`` is the text. ``gateway.detectors.turn_key``
#: in Python.
TURN_TEXT_SQL = ("left(" + _without_space("lower(left(regexp_replace({x}, '^\\s*<think>.*?</think>', '', 's'), 1024))")
                 + ", 256)")
TURN_KEY_SQL = "hash(" + TURN_TEXT_SQL + ")"


def history_forged_sql(table: str) -> str:
    """Per request that resends earlier assistant turns (not a final, prefilled one): ``forged`` 1 when one of them
    is no response the customer was given and at most ``HISTORY_REUSE_MAX`` of its requests resend it after the
    same turn, else 0 (``BASE_COLUMNS['forged']``). The customer is the organisation where the log names one, else
    the account: an application spreading its calls over several keys (a router balancing rate limits) continues
    with one key a conversation another key began, and where keys are the accounts each would see the other's
    answers as foreign. A turn is counted with the turn before it: a few-shot example is the same answer after the
    same question in every request, and a conversation continued from before the scanned period resends its first
    answer after the same question; a canned action written after each new task (the same fabricated tool call
    in front of every harvested problem) is a new pair each time. Responses are read only for the customers that
    resend turns, and only customers whose answered requests (status ``ok`` or unknown) logged with their
    conversation keep their response at least ``FORGED_HISTORY_KEPT_MIN`` of the time have requests here (an
    exchange logged with no content at all says nothing about whether responses are kept). A turn cut shorter than
    the 256 characters it is matched on matches a response that begins with its first ``TURN_PREFIX_CHARS``."""
    text = TURN_TEXT_SQL
    turns = ("list_filter(list_transform(range(1, len(messages)), lambda i: {'c': messages[i].content, "
             "'r': messages[i].role, 'p': CASE WHEN i > 1 THEN messages[i - 1].content ELSE '' END}), "
             "lambda x: x.r = 'assistant' AND x.c <> '')")
    return f"""
        WITH h0 AS (
          SELECT account_id, exchange_id, scope, {text.format(x='m.c')} AS n, {TURN_KEY_SQL.format(x='m.p')} AS pk
          FROM (SELECT account_id, exchange_id, coalesce(org_id, account_id) AS scope, unnest({turns}) AS m
                FROM {table} WHERE len(messages) > 2)),
        h AS (SELECT account_id, exchange_id, scope, pk, hash(n) AS k,
                     CASE WHEN length(n) < 256 THEN hash(left(n, {TURN_PREFIX_CHARS})) END AS ks FROM h0),
        r0 AS (SELECT DISTINCT coalesce(org_id, account_id) AS scope, {text.format(x='response_text')} AS n
               FROM {table}
               WHERE response_text <> '' AND coalesce(org_id, account_id) IN (SELECT DISTINCT scope FROM h)),
        r AS (SELECT DISTINCT scope, hash(n) AS k FROM r0),
        rs AS (SELECT DISTINCT scope, hash(left(n, {TURN_PREFIX_CHARS})) AS ks FROM r0),
        kept AS (SELECT coalesce(org_id, account_id) AS scope FROM {table}
                 WHERE coalesce(status, 'ok') = 'ok' AND len(messages) > 0
                   AND coalesce(org_id, account_id) IN (SELECT DISTINCT scope FROM h)
                 GROUP BY ALL
                 HAVING avg(CASE WHEN response_text <> '' THEN 1.0 ELSE 0.0 END) >= {FORGED_HISTORY_KEPT_MIN}),
        u AS (SELECT scope, pk, k, count(DISTINCT exchange_id) AS uses FROM h GROUP BY scope, pk, k)
        SELECT h.account_id, h.exchange_id,
               max(CASE WHEN r.k IS NULL AND rs.ks IS NULL AND u.uses <= {HISTORY_REUSE_MAX} THEN 1 ELSE 0 END)
                 AS forged
        FROM h SEMI JOIN kept USING (scope) JOIN u USING (scope, pk, k) LEFT JOIN r USING (scope, k)
             LEFT JOIN rs USING (scope, ks)
        GROUP BY h.account_id, h.exchange_id"""


def prompt_ends_sql(source: str) -> str:
    """The ``prompt_ends`` rows of ``source`` (a relation with ``account_id``, ``ts_start`` and ``prompt_text``):
    per request its time ``t``, prompt hash ``ph``, the opening's text (``head``) and hash (``o``), the closing's
    text (``tail``) and hash (``z``), and the prompt's length. Exchanges logged without a prompt have no ends."""
    return f"""
        SELECT account_id, t, ph, hash(head) AS o, hash(tail) AS z, len, head, tail
        FROM (SELECT e.account_id, epoch(e.ts_start) AS t, hash(e.prompt_text) AS ph, {OPENING_SQL} AS head,
                     {CLOSING_SQL} AS tail, length(e.prompt_text) AS len FROM {source} e
              WHERE e.prompt_text <> '')"""


def _masked_line(expr: str) -> str:
    return f"regexp_replace(lower(trim({expr}, ' ' || chr(9) || chr(13))), '{MASK_RE}', '#', 'g')"


def _quoted_ctes(w: str) -> str:
    """CTEs ending in ``quoted``: the openings ``o`` of relation ``w`` (``account_id``, ``ph``, ``o``, rows of
    ``prompt_ends`` sharing a candidate wrapper) that are quoted material, as ``QUOTED_MIN_CHARS`` describes (a
    prompt's opening lines are the ``k`` its first 48 characters touch).
    Reads ``ex_text`` for the prompts of the accounts in ``w``."""
    nl = "chr(10)"
    return f"""
        qt AS (SELECT DISTINCT prompt_hash AS ph, prompt_text AS tx FROM ex_text
               WHERE account_id IN (SELECT account_id FROM {w})
                 AND (contains(prompt_text, {nl}) OR prompt_hash IN (SELECT ph FROM {w}))),
        ql AS (SELECT ph, string_split(tx, {nl}) AS lines, len(string_split(left(tx, 48), {nl})) AS k FROM qt),
        qi AS (SELECT ph, i, i <= k AS opening, hash(ml) AS h
               FROM (SELECT ph, k, i, {_masked_line('l')} AS ml
                     FROM (SELECT ph, k, unnest(lines) AS l, generate_subscripts(lines, 1) AS i FROM ql))
               WHERE length(ml) >= {QUOTED_MIN_CHARS}),
        qo AS (SELECT DISTINCT x.o, qi.h FROM {w} x JOIN qi ON qi.ph = x.ph AND qi.opening),
        qn AS (SELECT qo.o, qo.h, count(DISTINCT qi.ph) AS n FROM qo JOIN qi ON qi.h = qo.h AND NOT qi.opening
               GROUP BY qo.o, qo.h),
        quoted AS (SELECT o FROM (SELECT o, count(DISTINCT ph) AS uses FROM {w} GROUP BY o)
                   JOIN (SELECT o, max(n) AS n FROM qn GROUP BY o) USING (o)
                   WHERE n >= {WRAPPER_MAX_QUOTED} * uses)"""


def wrapper_family_key(lead: str) -> str:
    """The family of a shared wrapper, from the start of one prompt carrying it (``FAMILY_LEAD_CHARS``): its
    first ``FAMILY_CHARS`` characters once names, numbers and quoted strings are masked as in the template
    fingerprint, without a word the cut splits."""
    masked = mask(lead, max_chars=FAMILY_LEAD_CHARS)
    if len(masked) <= FAMILY_CHARS:
        return masked
    cut = masked[:FAMILY_CHARS]
    return cut if masked[FAMILY_CHARS] == " " or " " not in cut else cut.rsplit(" ", 1)[0]


def _wrapper_families(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``prompt_wrappers.wrapper_family``: one id per family of shared wrappers (``wrapper_family_key`` of the
    least prompt start of each wrapper, so the same data gives the same families)."""
    rows = con.execute("SELECT wrapper_id, min(wrapper_lead) FROM prompt_wrappers GROUP BY wrapper_id").fetchall()
    if not rows:
        return
    families = pa.table({"wrapper_id": pa.array([r[0] for r in rows], pa.uint64()),
                         "family": pa.array([stable_id(wrapper_family_key(r[1] or "")) for r in rows], pa.int64())})
    con.register("_wrapper_family_rows", families)
    try:
        con.execute("UPDATE prompt_wrappers SET wrapper_family = f.family FROM _wrapper_family_rows f "
                    "WHERE prompt_wrappers.wrapper_id = f.wrapper_id")
    finally:
        con.unregister("_wrapper_family_rows")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchall()[0]
    return bool(row and row[0])


def build_inputs(con: duckdb.DuckDBPyConnection, *, table: str = "exchanges") -> None:
    """Create the ``ex``, ``acct_day`` and ``acct_topic`` views over ``table``."""
    has_models = _has_table(con, "models")
    has_signals = _has_table(con, "prompt_signals")
    period = con.execute(f"SELECT min(ts_start), max(ts_start) FROM {table}").fetchall()[0]
    assert period is not None
    release_join = (
        "LEFT JOIN (SELECT model AS m_model, epoch(released_at) AS rel_t FROM models) mr ON mr.m_model = e.model"
        if has_models else ""
    )
    release_expr = "CASE WHEN rel_t > epoch(p.t0) THEN rel_t END" if has_models else "CAST(NULL AS DOUBLE)"
    if has_signals:
        sig_join = ("LEFT JOIN prompt_signals su ON su.prompt_hash = e.prompt_hash "
                    "LEFT JOIN prompt_signals ss ON ss.prompt_hash = e.system_hash")
        # An exchange logged without a prompt has no content signals (null, not "not flagged").
        # ``re_ungraded``: the same flag without the prompts whose deciding instruction asks for a grade.
        sig_cols = ("CASE WHEN e.prompt_hash IS NULL THEN NULL WHEN coalesce(su.re_flag, false) "
                    "OR coalesce(ss.re_flag, false) THEN 1 ELSE 0 END AS re_flag, "
                    "CASE WHEN e.prompt_hash IS NULL THEN NULL WHEN (coalesce(su.re_flag, false) AND NOT "
                    "coalesce(su.re_grading, false)) OR (coalesce(ss.re_flag, false) AND NOT "
                    "coalesce(ss.re_grading, false)) THEN 1 ELSE 0 END AS re_ungraded, "
                    "su.template_id AS template_id, su.topic AS topic, su.language AS language")
    else:
        sig_join = ""
        sig_cols = ("CAST(NULL AS INTEGER) AS re_flag, CAST(NULL AS INTEGER) AS re_ungraded, "
                    "CAST(NULL AS BIGINT) AS template_id, "
                    "CAST(NULL AS VARCHAR) AS topic, CAST(NULL AS VARCHAR) AS language")
    # The texts the signals scored, and their hashes (null for an empty text: an exchange logged without a
    # prompt, or without a system prompt, has none, and joins no signal, wrapper or other prompt).
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW ex_text AS
        SELECT *, CASE WHEN prompt_text <> '' THEN hash(prompt_text) END AS prompt_hash,
               CASE WHEN system_text <> '' THEN hash(system_text) END AS system_hash
        FROM (SELECT *, {LAST_USER_SQL} AS prompt_text, {SYSTEM_SQL} AS system_text, {TOOLS_SQL} AS tools_text
              FROM {table})
    """)
    # Each request's prompt ends, computed once: the opening's text (``head``) and hash (``o``), the closing's
    # text (``tail``) and hash (``z``). Shared wrappers below and campaign linkage (synchronisation, attribution,
    # pooled harvest templates) read them.
    con.execute(f"CREATE OR REPLACE TEMP TABLE prompt_ends AS {prompt_ends_sql('ex_text')}")
    # Shared wrappers of the whole population, as (prompt hash -> wrapper) for the prompts that carry one. The
    # openings that pass on raw prompts (``c``) are checked again on their prompts with ids masked (``m``, the
    # masking of ``OPENING_SQL`` over the whole text), computed only for those prompts. Openings that are quoted
    # material (a retrieved passage, ``QUOTED_MIN_CHARS``) are left out last, from the prompts of their holders.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE prompt_wrappers AS
        WITH r AS (SELECT account_id, ph, o, head FROM prompt_ends WHERE len > 64),
        c AS (SELECT o FROM r GROUP BY o
              HAVING count(DISTINCT account_id) >= {WRAPPER_MIN_HOLDERS} AND count(*) >= {WRAPPER_MIN_USES}
                 AND count(DISTINCT ph) >= {WRAPPER_MIN_DISTINCT} * count(*)),
        rc AS (SELECT r.* FROM r JOIN c USING (o)),
        m AS (SELECT ph, hash(regexp_replace(lower(any_value(prompt_text)), '{MASK_RE}', '#', 'g')) AS mh,
                     left(any_value(prompt_text), {FAMILY_LEAD_CHARS}) AS lead
              FROM (SELECT prompt_hash AS ph, prompt_text FROM ex_text WHERE prompt_hash IN (SELECT ph FROM rc))
              GROUP BY ph),
        s AS (SELECT o FROM rc JOIN m USING (ph) GROUP BY o
              HAVING count(DISTINCT mh) >= {WRAPPER_MIN_DISTINCT} * count(*)),
        w AS (SELECT rc.* FROM rc JOIN s USING (o)),
        {_quoted_ctes('w')}
        SELECT ph AS prompt_hash, any_value(o) AS wrapper_id, any_value(head) AS wrapper_text,
               any_value(m.lead) AS wrapper_lead, CAST(NULL AS BIGINT) AS wrapper_family
        FROM w JOIN m USING (ph) WHERE o NOT IN (SELECT o FROM quoted) GROUP BY ph
    """)
    _wrapper_families(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE history_forged AS {history_forged_sql(table)}")
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW ex AS
        WITH p AS (SELECT min(ts_start) AS t0 FROM {table}),
        base AS (
          SELECT e.account_id, epoch(e.ts_start) AS t,
                 e.prompt_tokens, e.completion_tokens, e.reasoning_tokens, e.max_tokens, e.top_logprobs,
                 CASE WHEN e.tools_text IS NOT NULL
                      THEN hash(regexp_replace(lower(e.tools_text), '{MASK_RE}', '#', 'g')) END AS tools_hash,
                 CASE WHEN coalesce(e.reasoning_text, '') = '' THEN NULL
                      WHEN e.status = 'aborted' THEN 1 ELSE 0 END AS skim,
                 hf.forged,
                 coalesce(nullif(regexp_extract(e.client_ip, '^(\\d+\\.\\d+\\.\\d+)\\.', 1), ''), e.client_ip) AS net,
                 e.asn, e.user_agent, e.model, e.account_tier AS tier, epoch(e.account_created_at) AS created_t,
                 {release_expr} AS model_release_t,
                 e.prompt_hash,
                 {sig_cols},
                 pw.wrapper_id, pw.wrapper_family,
                 e.exchange_id
          FROM ex_text e CROSS JOIN p {release_join} {sig_join}
          LEFT JOIN prompt_wrappers pw ON pw.prompt_hash = e.prompt_hash
          LEFT JOIN history_forged hf ON hf.account_id = e.account_id AND hf.exchange_id = e.exchange_id
        )
        SELECT *, floor(t / 86400)::BIGINT AS day, floor(t / 3600)::BIGINT AS hour_idx,
               t - lag(t) OVER (PARTITION BY account_id ORDER BY t, exchange_id) AS gap,
               min(model_release_t) OVER () AS first_release_t
        FROM base
    """)
    con.execute("""
        CREATE OR REPLACE TEMP VIEW acct_day AS
        WITH d AS (
          SELECT account_id, day, any_value(tier) AS tier, count(*) AS n,
                 sum(coalesce(prompt_tokens, 0) + coalesce(completion_tokens, 0)) AS tokens,
                 count(DISTINCT hour_idx) AS hours,
                 max(least(coalesce(gap, 86400), 86400)) AS max_gap,
                 min(created_t) AS created_t
          FROM ex GROUP BY account_id, day
        ), d2 AS (
          SELECT *, max(n) OVER (PARTITION BY account_id) AS peak_n FROM d
        ), tiers AS (
          SELECT tier, median(n) AS tier_median_n FROM d WHERE tier IS NOT NULL GROUP BY tier
        )
        SELECT d2.*, tiers.tier_median_n FROM d2 LEFT JOIN tiers USING (tier)
    """)
    con.execute("""
        CREATE OR REPLACE TEMP VIEW acct_topic AS
        SELECT account_id, topic, count(*) AS topic_n FROM ex WHERE topic IS NOT NULL GROUP BY account_id, topic
    """)


def _select(features: list[FeatureDef]) -> str:
    return ", ".join(f"CAST(({f.sql}) AS DOUBLE) AS {f.name}" for f in features)


def compute_features(con: duckdb.DuckDBPyConnection, *, table: str = "exchanges",
                     features: tuple[FeatureDef, ...] = FEATURES,
                     available: set[str] | None = None) -> pa.Table:
    """One row per account: ``account_id``, ``n_exchanges``, ``n_prompts`` (exchanges logged with a prompt),
    ``n_distinct_prompts`` (distinct prompt texts among them) and one column per feature.

    A feature whose ``requires`` names an input that is not ``available`` (an Exchange field that
    is null in every row, or a signal that was not computed) is all-null: unavailable, not zero.
    ``available`` defaults to the fields present in ``table`` plus the signals in ``prompt_signals``.
    """
    if available is None:
        available = available_inputs(con, table=table)
    if features is FEATURES:
        features = FEATURES + AUX_FEATURES
    features = tuple(f for f in features if all(r in available for r in f.requires)) + tuple(
        dataclasses.replace(f, sql="NULL")
        for f in features if not all(r in available for r in f.requires))
    build_inputs(con, table=table)
    by_level: dict[str, list[FeatureDef]] = {"exchange": [], "day": [], "topic": []}
    for f in features:
        by_level[f.level].append(f)
    # The counts every account has ride with the exchange-level features: one pass over ``ex`` fewer.
    counts = ("count(*) AS n_exchanges, count(prompt_hash) AS n_prompts, "
              "count(DISTINCT prompt_hash) AS n_distinct_prompts")
    base = ", ".join([counts] + ([_select(by_level["exchange"])] if by_level["exchange"] else []))
    parts = [f"(SELECT account_id, {_select(by_level[level])} FROM {relation} GROUP BY account_id) {level}_f"
             for level, relation in (("day", "acct_day"), ("topic", "acct_topic")) if by_level[level]]
    joins = " ".join(f"LEFT JOIN {p} USING (account_id)" for p in parts)
    names = ", ".join(f.name for f in features)
    sql = f"""
        SELECT account_id, n_exchanges, n_prompts, n_distinct_prompts, {names}
        FROM (SELECT account_id, {base} FROM ex GROUP BY account_id) base {joins}
        ORDER BY account_id
    """
    return con.sql(sql).to_arrow_table()


def available_inputs(con: duckdb.DuckDBPyConnection, *, table: str = "exchanges") -> set[str]:
    """Exchange fields present in at least one row, ``prompt`` when at least one exchange was logged with a
    prompt, plus the signals stored in ``prompt_signals`` (none without a prompt: there was nothing to score)."""
    have = {name for name, share in field_coverage(con, table=table).items() if share > 0}
    if "messages" in have:
        have.add("prompt")
    else:
        return have
    if _has_table(con, "prompt_signals"):
        row = con.execute("SELECT signals FROM prompt_signals_meta").fetchall()[0] if _has_table(
            con, "prompt_signals_meta") else None
        have |= set(row[0]) if row else set()
    return have


def field_coverage(con: duckdb.DuckDBPyConnection, *, table: str = "exchanges") -> dict[str, float]:
    """Share of rows in which each optional Exchange field is present (0 means the signal is unavailable).

    ``messages`` is required but may be empty (``records.CONTENT_FIELD``): its share is that of exchanges
    logged with their conversation (``CONTENT_SQL``); the content signals read the prompts among them."""
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    optional = [c for c in cols if c not in ("exchange_id", "ts_start", "account_id", "model", "messages")]
    exprs = [f"avg(CASE WHEN {c} IS NULL THEN 0.0 ELSE 1.0 END) AS {c}" for c in optional]
    names = list(optional)
    if "messages" in cols:
        exprs.append(f"avg(CASE WHEN {CONTENT_SQL} THEN 1.0 ELSE 0.0 END)")
        names.append("messages")
    if not exprs:
        return {}
    row = con.execute(f"SELECT {', '.join(exprs)} FROM {table}").fetchall()[0]
    assert row is not None
    return {c: float(v or 0.0) for c, v in zip(names, row, strict=True)}
