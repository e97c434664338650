"""Build campaign-linkage inputs from the scan's DuckDB tables (the ``ex`` view of the feature stage)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence

import duckdb
import numpy as np
import pyarrow as pa

from antidistill.features.duckdb_engine import (
    END_CHARS,
    WRAPPER_MIN_DISTINCT,
    WRAPPER_MIN_HOLDERS,
    WRAPPER_MIN_USES,
)
from antidistill.linkage.campaigns import Indicator, LinkageInputs, TemplateHolders
from antidistill.linkage.cotiming import (
    COTIME_ACCOUNT_CAP,
    COTIME_MAX_REPEATS,
    COTIME_ORG_CAP,
    COTIME_TOLERANCE_S,
    CotimedPairs,
)
from antidistill.linkage.reuse import (
    REUSE_HOLDER_CAP,
    REUSE_MAX_DELAY_S,
    REUSE_MIN_CHARS,
    OutputFlows,
)

#: User agents of stock clients: official SDKs, HTTP libraries, command-line tools and browsers. Thousands of
#: unrelated customers send each of them, so sharing one says nothing about who is behind two accounts; but in
#: a small population (a gateway's first hour of log, a small tenant) such a value looks rare and would tie an
#: honest account to a campaign that happens to use the same library. Only other user agents (a harvester's
#: own client string) are linkage attributes. Matched on the product token at the start, case-insensitive.
STOCK_CLIENTS: tuple[str, ...] = (
    "openai", "asyncopenai", "anthropic", "python-requests", "python-httpx", "httpx", "aiohttp", "python-urllib",
    "python-urllib3", "urllib3", "go-http-client", "curl", "wget", "axios", "node-fetch", "node", "undici", "got",
    "okhttp", "java-http-client", "apache-httpclient", "litellm", "langchain", "llama-index", "llamaindex", "ai-sdk",
    "postmanruntime", "insomnia", "faraday", "ruby", "guzzlehttp", "dart", "reqwest", "mozilla",
)
STOCK_CLIENT_REGEX = "^(" + "|".join(STOCK_CLIENTS) + r")([/ :_-]|$)"
_USER_AGENT = f"CASE WHEN regexp_matches(lower(user_agent), '{STOCK_CLIENT_REGEX}') THEN NULL ELSE user_agent END"

#: (attribute name, SQL expression over ``exchanges``) shared between accounts. Prompt content is not an
#: attribute: honest users ask the same popular questions; content coordination is judged on timing and on
#: shared wrappers (below).
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("payment", "payment_fingerprint"),
    ("network", "coalesce(nullif(regexp_extract(client_ip, '^(\\d+\\.\\d+\\.\\d+)\\.', 1), ''), client_ip)"),
    ("user_agent", _USER_AGENT),
    ("org", "org_id"),
)


#: An account's *harness*: the system (or developer) prompt its client sends, lowercased, digits masked, first
#: 200 characters (a repository name or a date inside it does not make another harness). An account runs a
#: harness when at least ``HARNESS_MIN_SHARE`` of its requests, and ``HARNESS_MIN_RUNS`` at least, carry it.
HARNESS_SQL = "regexp_replace(lower(left(system_text, 200)), '[0-9]+', '#', 'g')"
HARNESS_MIN_SHARE = 0.1
HARNESS_MIN_RUNS = 3


def linkage_inputs(con: duckdb.DuckDBPyConnection, accounts: Sequence[str], specific: Sequence[float], *,
                   cap: int = 200, min_exchanges: int = 10,
                   min_specific: float = 1.0, flagged: Sequence[bool] | None = None,
                   associates: Sequence[bool] | None = None,
                   specific_ungraded: Sequence[float] | None = None) -> LinkageInputs:
    """Facts (account, attribute, value) for values held by 2..cap accounts, and prompt actions (opening and
    closing, each with its holders in the whole population) for synchronisation and attribution.

    Accounts come back as integer codes into ``accounts`` (millions of actions as Python strings would cost
    gigabytes). Synchronisation is only looked for among accounts with at least ``min_specific`` (one robust
    unit) of distillation-specific evidence
    and at least ``min_exchanges`` exchanges: a group's confirmation rests on that evidence, and an account
    without any can only dilute it. Every request of those accounts is an action; the assembler decides
    which openings are synchronisation constraints (not those thousands of people type) and which openings
    and closings are a campaign's harvest templates, from the holders counted here. ``associates`` (accounts
    in the tail of the score without specific evidence) get their actions too, for attribution only.
    ``specific_ungraded``: the same evidence without the grading prompts (``LinkageInputs.specific_ungraded``).
    """
    codes = pa.table({"account_id": pa.array(list(accounts), pa.string()),
                      "code": pa.array(np.arange(len(accounts), dtype=np.int32)),
                      "specific": pa.array(np.asarray(specific, dtype=np.float64)),
                      "assoc": pa.array(np.zeros(len(accounts), dtype=bool) if associates is None
                                        else np.asarray(associates, dtype=bool))})
    con.register("_acct_codes", codes)
    facts = []
    for name, expr in ATTRIBUTES:
        facts.append(f"""
            SELECT account_id, '{name}' AS attribute, CAST({expr} AS VARCHAR) AS value
            FROM exchanges WHERE {expr} IS NOT NULL GROUP BY ALL""")
    # A shared wrapper (an opening many accounts put in front of many different payloads, see the feature
    # engine) is a value its holders share; the text is the indicator an analyst reads.
    facts.append("""
        SELECT e.account_id, 'wrapper' AS attribute, pw.wrapper_text AS value
        FROM prompt_ends e JOIN prompt_wrappers pw ON pw.prompt_hash = e.ph GROUP BY ALL""")
    union = " UNION ALL ".join(facts)
    rows = con.execute(f"""
        WITH f AS ({union}),
        h AS (SELECT attribute, value, count(*) AS holders FROM f GROUP BY ALL)
        SELECT c.code, f.attribute, f.value FROM f JOIN h USING (attribute, value) JOIN _acct_codes c USING (account_id)
        WHERE h.holders BETWEEN 2 AND {int(cap)}
        ORDER BY c.code, f.attribute, f.value
    """).fetchnumpy()
    actions = con.execute(f"""
        WITH busy AS (
            SELECT account_id, any_value(k.code) AS code FROM ex JOIN _acct_codes k USING (account_id)
            WHERE k.specific >= {float(min_specific)} OR k.assoc
            GROUP BY account_id HAVING count(*) >= {int(min_exchanges)}),
        ends AS (SELECT account_id, t, o AS c, z FROM prompt_ends),
        pop AS (SELECT c, count(DISTINCT account_id) AS holders,
                       count(DISTINCT account_id) FILTER (WHERE k.specific >= {float(min_specific)}) AS own_holders
                FROM ends LEFT JOIN _acct_codes k USING (account_id) GROUP BY c),
        popz AS (SELECT z, count(DISTINCT account_id) AS zholders FROM ends GROUP BY z)
        SELECT busy.code, ends.t, ends.c, pop.holders, ends.z, popz.zholders, pop.own_holders
        FROM ends JOIN busy USING (account_id) JOIN pop USING (c) JOIN popz USING (z)
        ORDER BY busy.code, ends.t
    """).fetchnumpy()
    sent = con.execute("""
        SELECT c.code, count(*) AS requests, count(DISTINCT e.ph) AS distinct_prompts
        FROM prompt_ends e JOIN _acct_codes c USING (account_id) GROUP BY c.code""").fetchnumpy()
    orgs = con.execute("""
        SELECT c.code, min(e.org_id) AS org FROM exchanges e JOIN _acct_codes c USING (account_id)
        WHERE e.org_id IS NOT NULL AND e.org_id <> '' GROUP BY c.code""").fetchnumpy()
    harness = con.execute(f"""
        WITH s AS (SELECT account_id, {HARNESS_SQL} AS h FROM ex_text),
        n AS (SELECT account_id, h, count(*) AS k, sum(count(*)) OVER (PARTITION BY account_id) AS total
              FROM s GROUP BY account_id, h)
        SELECT c.code, n.h, n.k / n.total AS share FROM n JOIN _acct_codes c USING (account_id)
        WHERE n.h <> '' AND n.k >= {int(HARNESS_MIN_RUNS)} AND n.k >= {float(HARNESS_MIN_SHARE)} * n.total
        ORDER BY c.code, n.h
    """).fetchnumpy()
    # each account's life in the log, its client, its sign-up time, and whether the provider shut it off (refused
    # with 403 after its last served request: the ``account_relay`` route)
    life = con.execute("""
        SELECT c.code, epoch(min(e.ts_start)) AS first, epoch(max(e.ts_start)) AS last, mode(e.user_agent) AS client,
               epoch(min(e.account_created_at)) AS created,
               coalesce(max(e.ts_start) FILTER (WHERE e.http_status = 403)
                        > max(e.ts_start) FILTER (WHERE e.http_status < 400), false) AS shut_off,
               count(e.http_status) > 0 AS has_status
        FROM exchanges e JOIN _acct_codes c USING (account_id) GROUP BY c.code""").fetchnumpy()
    cotimed, cotime_org, flows = None, None, None
    cotimed_ends: tuple[CotimedPairs, ...] = ()
    if len(orgs["code"]):
        cotimed = cotimed_pairs(con, orgs["code"], orgs["org"])
        cotimed_ends = tuple(cotimed_pairs(con, orgs["code"], orgs["org"], key=k) for k in COTIME_KEYS[1:])
        flows = output_flows(con, orgs["code"], orgs["org"])
    elif _accounts_are_customers(con):  # no organisation ids: each account is a customer of its own
        every = np.arange(len(accounts), dtype=np.int32)
        cotime_org = np.asarray([principal(a) for a in accounts], dtype=object)
        cotimed = cotimed_pairs(con, every, cotime_org)
        cotimed_ends = tuple(cotimed_pairs(con, every, cotime_org, key=k) for k in COTIME_KEYS[1:])
        flows = output_flows(con, every, cotime_org)
    con.unregister("_acct_codes")
    requests = np.zeros(len(accounts), dtype=np.int64)
    distinct = np.zeros(len(accounts), dtype=np.int64)
    requests[np.asarray(sent["code"], dtype=np.int64)] = np.asarray(sent["requests"], dtype=np.int64)
    distinct[np.asarray(sent["code"], dtype=np.int64)] = np.asarray(sent["distinct_prompts"], dtype=np.int64)
    life_code = np.asarray(life["code"], dtype=np.int64)
    first_seen = np.full(len(accounts), np.nan)
    last_seen = np.full(len(accounts), np.nan)
    created = np.full(len(accounts), np.nan)
    client = np.full(len(accounts), None, dtype=object)
    first_seen[life_code] = _floats(life["first"])
    last_seen[life_code] = _floats(life["last"])
    created[life_code] = _floats(life["created"])
    client[life_code] = np.asarray(life["client"], dtype=object)
    shut_off: np.ndarray | None = None
    if np.asarray(life["has_status"], dtype=bool).any():  # logs without any HTTP status: unknown (None)
        shut_off = np.zeros(len(accounts), dtype=bool)
        shut_off[life_code] = np.asarray(life["shut_off"], dtype=bool)
    org: np.ndarray | None = None
    if len(orgs["code"]):  # logs without any organisation id: None (see ``LinkageInputs.org``)
        org = np.full(len(accounts), None, dtype=object)
        org[np.asarray(orgs["code"], dtype=np.int64)] = np.asarray(orgs["org"], dtype=object)
    return LinkageInputs(
        accounts=np.asarray(accounts, dtype=object), specific_evidence=np.asarray(specific, dtype=np.float64),
        fact_account=np.asarray(rows["code"], dtype=np.int64),
        fact_attribute=np.asarray(rows["attribute"], dtype=object),
        fact_value=np.asarray(rows["value"], dtype=object),
        action_account=np.asarray(actions["code"], dtype=np.int64),
        action_time=np.asarray(actions["t"], dtype=np.float64),
        action_constraint=np.asarray(actions["c"], dtype=np.uint64),
        action_holders=np.asarray(actions["holders"], dtype=np.int64),
        action_closing=np.asarray(actions["z"], dtype=np.uint64),
        closing_holders=np.asarray(actions["zholders"], dtype=np.int64),
        flagged=None if flagged is None else np.asarray(flagged, dtype=bool),
        associates=None if associates is None else np.asarray(associates, dtype=bool),
        org=org,
        specific_ungraded=None if specific_ungraded is None else np.asarray(specific_ungraded, dtype=np.float64),
        harness_account=np.asarray(harness["code"], dtype=np.int64),
        harness_value=np.asarray(harness["h"], dtype=object),
        harness_share=np.asarray(harness["share"], dtype=np.float64),
        requests=requests, distinct_prompts=distinct,
        action_own_holders=np.asarray(actions["own_holders"], dtype=np.int64),
        cotimed=cotimed, cotimed_ends=cotimed_ends,
        first_seen=first_seen, last_seen=last_seen, client=client,
        created=created if (~np.isnan(created)).any() else None, shut_off=shut_off,
        cotime_org=cotime_org, flows=flows,
    )


#: A line as the output-reuse route reads it (``linkage.reuse``): a list marker and a short ``Label:`` stripped
#: (``3. Instruction: ...``), trimmed, lowercased, hashed. The regular expression runs only on lines that open with a
#: marker, so splitting every answer of a large log stays cheap.
REUSE_NORM_SQL = (r"hash(lower(trim(CASE WHEN regexp_full_match(left({x}, 1), '[-*•(0-9]') "
                  r"THEN regexp_replace({x}, '^\s*(?:[-*•]|\(?\d{{1,3}}[.):])\s*(?:[A-Za-z]{{2,20}}:\s*)?', '') "
                  r"ELSE {x} END)))")


#: The table of the requests' prompt openings both answer-reuse routes read: per request whose last turn is the
#: user's and whose first line of that turn is at least ``REUSE_MIN_CHARS`` long once trimmed, its account, time and
#: that line as ``REUSE_NORM_SQL`` hashes it (``h``). Built once per scan (a pass over every conversation, 8 s on
#: ``default``) by ``output_flows``, or by ``answer_suppliers`` when that route is off, and dropped by
#: ``answer_suppliers``, the last to read it.
FIRST_LINES = "_prompt_first_lines"


def _first_lines(con: duckdb.DuckDBPyConnection, *, replace: bool, min_chars: int = REUSE_MIN_CHARS) -> str:
    first_line = "split_part(messages[len(messages)].content, chr(10), 1)"
    con.execute(f"""
        CREATE {"OR REPLACE" if replace else ""} TEMP TABLE {"" if replace else "IF NOT EXISTS"} {FIRST_LINES} AS
        SELECT account_id, epoch(ts_start) AS t, {REUSE_NORM_SQL.format(x=first_line)} AS h
        FROM exchanges WHERE len(messages) > 0 AND messages[len(messages)].role = 'user'
          AND length(trim({first_line})) >= {int(min_chars)}""")
    return FIRST_LINES


def output_flows(con: duckdb.DuckDBPyConnection, code: np.ndarray, org: np.ndarray, *,
                 max_delay_s: float = REUSE_MAX_DELAY_S, min_chars: int = REUSE_MIN_CHARS,
                 holder_cap: int = REUSE_HOLDER_CAP) -> OutputFlows:
    """Flows of the model's answers into other organisations' prompts (``linkage.reuse``), from ``exchanges``.

    Accounts are the codes of the registered ``_acct_codes`` relation; ``code`` and ``org`` give each account's
    organisation (accounts without one take no part). A prompt's text is the first line of its last user message;
    an answer's, each of its lines; both as ``REUSE_NORM_SQL`` reads them, at least ``min_chars`` long."""
    con.register("_reuse_orgs", pa.table({"code": pa.array(np.asarray(code, dtype=np.int32)),
                                          "org": pa.array(np.asarray(org, dtype=object), pa.string())}))
    first = _first_lines(con, replace=True, min_chars=min_chars)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _reuse_ph AS
        SELECT h, min(t) AS first_prompt FROM {first} GROUP BY h
        HAVING count(DISTINCT account_id) <= {int(holder_cap)}""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _reuse_r AS
        WITH r AS (SELECT account_id, epoch(ts_start) AS t, unnest(string_split(response_text, chr(10))) AS raw
                   FROM exchanges WHERE response_text IS NOT NULL),
        n AS (SELECT account_id, t, {REUSE_NORM_SQL.format(x="raw")} AS h FROM r
              WHERE length(raw) >= {int(min_chars)})
        SELECT * FROM n SEMI JOIN _reuse_ph USING (h)""")
    rows = con.execute(f"""
        WITH src AS (SELECT h, min(t) AS first_answer FROM _reuse_r GROUP BY h)
        SELECT DISTINCT ka.code AS a, kb.code AS b, p.h
        FROM {first} p JOIN _reuse_ph ph USING (h) JOIN src USING (h) JOIN _reuse_r r USING (h)
        JOIN _acct_codes ka ON ka.account_id = r.account_id JOIN _acct_codes kb ON kb.account_id = p.account_id
        JOIN _reuse_orgs oa ON oa.code = ka.code JOIN _reuse_orgs ob ON ob.code = kb.code
        WHERE src.first_answer < ph.first_prompt AND p.t >= r.t AND p.t - r.t <= {float(max_delay_s)}
          AND oa.org <> ob.org
        ORDER BY 1, 2, 3""").fetchnumpy()
    con.unregister("_reuse_orgs")
    for table in ("_reuse_ph", "_reuse_r"):  # the first lines stay for answer_suppliers
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return OutputFlows(a=np.asarray(rows["a"], dtype=np.int64), b=np.asarray(rows["b"], dtype=np.int64),
                       h=np.asarray(rows["h"], dtype=np.uint64), max_delay_s=float(max_delay_s))


#: Distinct prompts of a confirmed campaign that must quote an outside account's answers for the account to be
#: taken in as the campaign's supplier (``answer_suppliers``): as many as make a harvest of its own
#: (``linkage.campaigns.HARVEST_MIN_DISTINCT``).
SUPPLY_MIN_PROMPTS = 20
#: The control: quotes of an account's answers that come later than ``max_delay_s`` but within this many
#: ``max_delay_s`` windows after it (``answer_suppliers``). By chance (text a synthetic corpus reuses, a busy
#: account's answers that happen to share a line with a harvest's material) quotes are spread over delays, and
#: the control window, ten times wider, holds about ten times as many as the first; a supplier's answers are
#: pasted within minutes and hardly ever again. A supplier needs at least as many quoting prompts in the first
#: window as in the control.
SUPPLY_CONTROL_WINDOWS = 10


def answer_suppliers(con: duckdb.DuckDBPyConnection, members: Mapping[str, Sequence[str]], *,
                     min_prompts: int = SUPPLY_MIN_PROMPTS, max_delay_s: float = REUSE_MAX_DELAY_S,
                     min_chars: int = REUSE_MIN_CHARS, holder_cap: int = REUSE_HOLDER_CAP
                     ) -> dict[str, list[tuple[str, int]]]:
    """Accounts outside a confirmed campaign whose answers the campaign's prompts quote, minutes later: the
    campaign's suppliers (campaign id -> [(account, prompts)], most quoted first).

    The reports' "imagine and articulate the internal reasoning behind a completed response" needs a completed
    response, and a harvest split over accounts gets it from the model itself: one account asks the plain
    question, and seconds later a member of the campaign pastes the answer back inside an elicitation template
    ("Below is a question and its correct final answer. Write the complete chain of thought ..."). The asking
    account's prompts are ordinary; what ties it is the flow. A flow here is any line (``REUSE_NORM_SQL``, at
    least ``min_chars`` long) of a member's last user message of several lines (an answer pasted into a template;
    a prompt that is one answer line whole is the output-reuse route's case) that is a line of an answer the
    model gave an account outside the campaign at most ``max_delay_s`` before, where that text appeared in an
    answer before it appeared in any prompt, no more than ``holder_cap`` accounts send it, and no more than
    ``holder_cap`` accounts were given it (a stock line, "Let me know if you have any other questions.", is in
    everyone's answers). These are the output-reuse route's rules (``linkage.reuse``), over every line of the
    prompt instead of its first, with the cap on answers added, and one way: the campaign is already confirmed
    on evidence of its own. An account is a supplier when at least ``min_prompts`` distinct prompts of the
    campaign quote its answers within ``max_delay_s``, and no more quote them in the ``SUPPLY_CONTROL_WINDOWS``
    windows after (quotes by chance are spread over delays). Reads ``exchanges``; members (campaign id ->
    accounts)."""
    pairs = [(str(a), str(cid)) for cid, accounts in members.items() for a in accounts]
    if not pairs:
        return {}
    con.register("_sup_members", pa.table({"account_id": pa.array([a for a, _ in pairs], pa.string()),
                                           "campaign_id": pa.array([c for _, c in pairs], pa.string())}))
    last = "messages[len(messages)].content"
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _sup_p AS
            WITH l AS (SELECT e.account_id, e.exchange_id, epoch(e.ts_start) AS t,
                              unnest(string_split({last}, chr(10))) AS raw
                       FROM exchanges e SEMI JOIN _sup_members m USING (account_id)
                       WHERE len(e.messages) > 0 AND e.messages[len(e.messages)].role = 'user'
                         AND contains({last}, chr(10)))
            SELECT account_id, exchange_id, t, {REUSE_NORM_SQL.format(x="raw")} AS h FROM l
            WHERE length(trim(raw)) >= {int(min_chars)}""")
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _sup_r AS
            WITH r AS (SELECT account_id, epoch(ts_start) AS t, unnest(string_split(response_text, chr(10))) AS raw
                       FROM exchanges e ANTI JOIN _sup_members m USING (account_id)
                       WHERE response_text IS NOT NULL),
            n AS (SELECT account_id, t, {REUSE_NORM_SQL.format(x="raw")} AS h FROM r
                  WHERE length(raw) >= {int(min_chars)})
            SELECT * FROM n SEMI JOIN (SELECT DISTINCT h FROM _sup_p) USING (h)""")
        rows = con.execute(f"""
            WITH hp AS (SELECT h, min(t) AS first_prompt FROM (
                            SELECT h, t, account_id FROM _sup_p
                            UNION ALL
                            SELECT h, t, account_id FROM {_first_lines(con, replace=False, min_chars=min_chars)}
                            WHERE h IN (SELECT h FROM _sup_p))
                        GROUP BY h HAVING count(DISTINCT account_id) <= {int(holder_cap)}),
            ha AS (SELECT h, min(t) AS first_answer FROM _sup_r GROUP BY h
                   HAVING count(DISTINCT account_id) <= {int(holder_cap)}),
            q AS (SELECT m.campaign_id, r.account_id, p.exchange_id, p.t - r.t <= {float(max_delay_s)} AS soon
                  FROM _sup_p p JOIN _sup_members m USING (account_id) JOIN hp USING (h) JOIN ha USING (h)
                  JOIN _sup_r r ON r.h = p.h AND p.t >= r.t
                                   AND p.t - r.t <= {float(max_delay_s) * (1 + SUPPLY_CONTROL_WINDOWS)}
                  WHERE ha.first_answer < hp.first_prompt
                    AND r.account_id NOT IN (SELECT account_id FROM _sup_members))
            SELECT campaign_id, account_id, count(DISTINCT exchange_id) FILTER (WHERE soon) AS prompts
            FROM q GROUP BY ALL
            HAVING count(DISTINCT exchange_id) FILTER (WHERE soon) >= {int(min_prompts)}
               AND count(DISTINCT exchange_id) FILTER (WHERE soon)
                   >= count(DISTINCT exchange_id) FILTER (WHERE NOT soon)
            ORDER BY 1, 3 DESC, 2""").fetchall()
    finally:
        con.unregister("_sup_members")
        for table in ("_sup_p", "_sup_r", FIRST_LINES):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    out: dict[str, list[tuple[str, int]]] = {}
    for cid, account, n in rows:
        out.setdefault(str(cid), []).append((str(account), int(n)))
    return out


_STS_SESSION = re.compile(r"^arn:(aws[\w-]*):sts::(\d+):assumed-role/([^/]+)/.+$")


def principal(account: str) -> str:
    """The customer an account identity belongs to where the identity itself says so: an AWS STS session
    (``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION``, one per job or per caller of a role) is its role's
    (``arn:aws:iam::ACCOUNT:role/ROLE``); any other account is its own. A CI pipeline that runs each job under a
    session of its own, the same test prompts from several jobs at once, is one customer."""
    m = _STS_SESSION.match(account)
    return f"arn:{m.group(1)}:iam::{m.group(2)}:role/{m.group(3)}" if m else account


def _accounts_are_customers(con: duckdb.DuckDBPyConnection) -> bool:
    """In logs without organisation ids: whether the accounts are customers (a tenant, a consumer, a user: the
    identity the reader found for the caller) rather than API keys or client addresses, which one customer holds
    several of. Any exchange whose account is its own key or its own address says the reader fell back to those."""
    row = con.execute("""SELECT count(*) FROM exchanges
                         WHERE account_id = api_key_id OR account_id = client_ip""").fetchall()[0]
    return int(row[0]) == 0


def _floats(column: np.ndarray) -> np.ndarray:
    """A fetched numeric column as float64, NaN where it was NULL (DuckDB hands those back masked)."""
    if isinstance(column, np.ma.MaskedArray):
        return np.ma.filled(column.astype(np.float64), np.nan)
    return np.asarray(column, dtype=np.float64)


#: The keys a send is co-timed on (``cotimed_pairs``' ``key``): the whole prompt's hash, or one of its ends (the
#: masked opening or closing, ``OPENING_SQL`` / ``CLOSING_SQL``) of a prompt longer than both ends together: a
#: shared item under each account's own instruction (the same function to port, one account per target language).
COTIME_KEYS = ("ph", "o", "z")


def cotimed_pairs(con: duckdb.DuckDBPyConnection, code: np.ndarray, org: np.ndarray, *,
                  tolerance_s: float = COTIME_TOLERANCE_S,
                  org_cap: int = COTIME_ORG_CAP, max_repeats: int = COTIME_MAX_REPEATS,
                  account_cap: int = COTIME_ACCOUNT_CAP, key: str = "ph") -> CotimedPairs:
    """Pairs of accounts of different organisations that sent one prompt within ``tolerance_s`` of each other
    (``linkage.cotiming``), with their shared prompts and the co-timings chance explains, from ``prompt_ends``.
    ``key`` (of :data:`COTIME_KEYS`): what "one prompt" is, the whole text or one end of it.

    Accounts are the codes of the registered ``_acct_codes`` relation; ``code`` and ``org`` give each account's
    organisation (``linkage_inputs`` reads them: its smallest ``org_id``; accounts without one take no part).
    Only prompts sent by 2 to ``org_cap`` organisations and at most ``account_cap`` accounts are looked at, and
    of those only the ones an account sent at most ``max_repeats`` times (an account's scheduled smoke prompt or
    an app's template question is no question-bank item). Two sends are compared only when they fall in the
    same or neighbouring ``tolerance_s`` buckets, so the join costs the bursts, not the square of a prompt's
    sends."""
    tol = float(tolerance_s)
    span, kappa = con.execute("""
        WITH h AS (SELECT floor(t / 3600) AS b, count(*) AS n FROM prompt_ends GROUP BY 1)
        SELECT (SELECT max(t) - min(t) FROM prompt_ends), sum(n * n)::DOUBLE / (sum(n) * sum(n))
        FROM h""").fetchall()[0]
    span_s = max(float(span or 0.0), 86400.0)
    # collision rate of hourly traffic against a flat log of the same span (at least 1: never below chance)
    kappa = max(1.0, float(kappa or 0.0) * span_s / 3600.0)
    factor = 2.0 * tol * kappa / span_s
    con.register("_cot_orgs", pa.table({"code": pa.array(np.asarray(code, dtype=np.int32)),
                                        "org": pa.array(np.asarray(org, dtype=object), pa.string())}))
    if key not in COTIME_KEYS:
        raise ValueError(f"co-timing key {key!r}: one of {', '.join(COTIME_KEYS)}")
    part = "" if key == "ph" else f"WHERE e.len > {2 * END_CHARS}"  # an end, not the whole prompt
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cot_sends AS
        SELECT k.code AS a, o.org, e.{key} AS ph, e.t FROM prompt_ends e JOIN _acct_codes k USING (account_id)
        JOIN _cot_orgs o USING (code) {part}""")
    con.unregister("_cot_orgs")
    # the prompts sent by 2 to ``org_cap`` organisations and ``account_cap`` accounts, with their senders
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cot_pop AS
        SELECT ph, count(DISTINCT a) AS m FROM _cot_sends GROUP BY ph
        HAVING count(DISTINCT org) BETWEEN 2 AND {int(org_cap)} AND count(DISTINCT a) <= {int(account_cap)}""")
    # (account, prompt) sends of those prompts, at most ``max_repeats`` each
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cot_n AS
        SELECT a, ph, count(*) AS k FROM _cot_sends SEMI JOIN _cot_pop USING (ph) GROUP BY ALL
        HAVING count(*) <= {int(max_repeats)}""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cot_events AS
        WITH q AS (SELECT a, org, ph, t, floor(t / {tol})::BIGINT AS b FROM _cot_sends SEMI JOIN _cot_n USING (a, ph))
        SELECT x.a AS aa, y.a AS ab, x.ph FROM q x JOIN q y
        ON x.ph = y.ph AND y.b BETWEEN x.b - 1 AND x.b + 1 AND x.org < y.org AND abs(x.t - y.t) <= {tol}
        GROUP BY ALL""")
    events = con.execute("SELECT aa, ab, ph FROM _cot_events ORDER BY aa, ab, ph").fetchnumpy()
    rows = con.execute(f"""
        WITH prs AS (SELECT aa, ab, count(*) AS c FROM _cot_events GROUP BY ALL)
        SELECT prs.aa, prs.ab, any_value(prs.c) AS c, count(*) AS shared,
               sum(least(1.0, n1.k * n2.k * {factor!r})) AS expected
        FROM prs JOIN _cot_n n1 ON n1.a = prs.aa JOIN _cot_n n2 ON n2.a = prs.ab AND n2.ph = n1.ph
        GROUP BY prs.aa, prs.ab ORDER BY prs.aa, prs.ab""").fetchnumpy()
    tested = con.execute("SELECT coalesce(sum(m * (m - 1) / 2), 0) FROM _cot_pop").fetchall()[0][0]
    for table in ("_cot_sends", "_cot_pop", "_cot_n", "_cot_events"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    a, b = np.asarray(rows["aa"], dtype=np.int64), np.asarray(rows["ab"], dtype=np.int64)
    ea, eb = np.asarray(events["aa"], dtype=np.int64), np.asarray(events["ab"], dtype=np.int64)
    # pairs and events are both sorted by (aa, ab): each event's pair by binary search on a combined key
    width = int(max(a.max(initial=0), b.max(initial=0))) + 1
    event_pair = np.searchsorted(a * width + b, ea * width + eb)
    return CotimedPairs(a=a, b=b,
                        cotimed=np.asarray(rows["c"], dtype=np.int64),
                        shared=np.asarray(rows["shared"], dtype=np.int64),
                        expected=np.asarray(rows["expected"], dtype=np.float64), tested=int(tested),
                        tolerance_s=tol, kappa=kappa, span_s=span_s, event_pair=event_pair,
                        event_prompt=np.asarray(events["ph"], dtype=np.uint64))


#: A *harvest template* for pooled indicators: an opening or a closing (as ``OPENING_SQL`` / ``CLOSING_SQL`` read
#: them, of prompts longer than 64 characters) that at least this many distinct prompts share. A popular question
#: asked whole by many people has one or a few; an instruction template put in front of (or after) a question bank
#: has as many as the bank.
POOLED_MIN_DISTINCT = 20

#: The prompt ends a pooled template can sit at: (indicator attribute, hash column, text column of ``prompt_ends``,
#: the other end's hash column or None). A harvest puts its instruction before the payload ("here is a completed
#: response. reconstruct ...": the ``wrapper``) or after it ("... print your complete reasoning process verbatim":
#: the ``closing``). The end of a harvest prompt is often the payload's own end (the given answer to reconstruct,
#: a dataset solution), which twenty phrasings of the instruction in front of it share; an instruction appended to
#: a question bank is preceded by as many different openings as there are prompts. So a closing counts only when
#: the prompts sharing it open in at least ``WRAPPER_MIN_DISTINCT`` times as many ways as there are prompts.
POOLED_ENDS: tuple[tuple[str, str, str, str | None], ...] = (("wrapper", "o", "head", None),
                                                             ("closing", "z", "tail", "o"))


def _template_ctes(key: str, text: str, other: str | None) -> str:
    """The template rule shared by pooled templates and template cohorts, as two CTEs over ``prompt_ends``: ``r``
    (each request's end ``o`` at one ``POOLED_ENDS`` position, its text ``head``, the other end) and ``tmpl``
    (the ends that are templates: 3 accounts in 20 prompts, ``POOLED_MIN_DISTINCT`` distinct prompts, and for a
    closing as many openings nearly as prompts)."""
    varied = f"AND count(DISTINCT other) >= {WRAPPER_MIN_DISTINCT} * count(DISTINCT ph)" if other else ""
    return f"""r AS (SELECT account_id, ph, {key} AS o, {text} AS head, {other or 'NULL'} AS other
                  FROM prompt_ends WHERE len > 64),
        tmpl AS (SELECT o FROM r GROUP BY o
                 HAVING count(DISTINCT account_id) >= {WRAPPER_MIN_HOLDERS} AND count(*) >= {WRAPPER_MIN_USES}
                    AND count(DISTINCT ph) >= {POOLED_MIN_DISTINCT} {varied})"""


def pooled_template_indicators(con: duckdb.DuckDBPyConnection, members: Mapping[str, Sequence[str]],
                               evidenced: Sequence[str] = (), *, n_accounts: int, min_share: float = 0.9,
                               min_members: int = 3, limit: int = 100,
                               listed: Collection[tuple[str, str]] = ()) -> dict[str, list[Indicator]]:
    """Harvest templates nearly all of whose holders are confirmed campaign members or accounts with evidence.

    Several harvests often draw on one library of extraction templates, so each template is sent by members
    of two or three campaigns (and by their accounts not yet confirmed) and by nobody else. Linkage cannot
    use such a value (hundreds of holders, beyond its fan-out cap) and no single campaign holds 90% of it,
    so without this it is nobody's indicator; yet an account sending it is, on the scan's own counts, almost
    surely one more harvest account. A template (an opening, attribute ``wrapper``, or a closing, attribute
    ``closing``, that at least ``POOLED_MIN_DISTINCT`` distinct prompts share, sent by 3 accounts in 20 prompts
    at least; a closing only when those prompts open in nearly as many ways, see ``POOLED_ENDS``) qualifies
    when at least ``min_members`` of its holders are members of a campaign in ``members`` (campaign id ->
    accounts) and at least ``min_share`` of them are members or in ``evidenced`` (accounts with evidence of
    their own: anomalous, or with distillation-specific evidence; ``scan_campaigns.with_own_evidence``). It is
    listed under the campaign holding most of them, as ``Indicator(attribute, ..., pooled=True)`` whose
    ``accounts_in_campaign`` counts those holders (members or evidenced); at most ``limit`` per campaign and
    attribute, the most held first, leaving out values some campaign already lists (``listed``: (attribute,
    value) pairs). Reads the ``prompt_ends`` table of the feature stage.
    """
    pairs = [(str(a), str(cid)) for cid, accounts in members.items() for a in accounts]
    if not pairs:
        return {}
    con.register("_pooled_members", pa.table({"account_id": pa.array([a for a, _ in pairs], pa.string()),
                                              "campaign_id": pa.array([c for _, c in pairs], pa.string())}))
    con.register("_pooled_own", pa.table({"account_id": pa.array(sorted({str(a) for a in evidenced}), pa.string())}))
    found: list[tuple[str, str, str, int, int]] = []
    try:
        for attribute, key, text, other in POOLED_ENDS:
            rows = con.execute(f"""
                WITH {_template_ctes(key, text, other)},
                h AS (SELECT DISTINCT r.account_id, r.o, r.head FROM r JOIN tmpl USING (o)),
                j AS (SELECT h.o, h.head, m.campaign_id,
                             (m.campaign_id IS NOT NULL OR t.account_id IS NOT NULL) AS inside
                      FROM h LEFT JOIN _pooled_members m USING (account_id) LEFT JOIN _pooled_own t USING (account_id)),
                q AS (SELECT o, any_value(head) AS value, count(*) AS total, count(*) FILTER (WHERE inside) AS inside
                      FROM j GROUP BY o
                      HAVING count(campaign_id) >= ? AND count(*) FILTER (WHERE inside) >= ? * count(*)),
                c AS (SELECT j.o, j.campaign_id, count(*) AS n FROM j JOIN q USING (o)
                      WHERE j.campaign_id IS NOT NULL GROUP BY ALL)
                SELECT any_value(q.value), first(c.campaign_id ORDER BY c.n DESC, c.campaign_id),
                       any_value(q.total), any_value(q.inside)
                FROM c JOIN q USING (o) GROUP BY c.o ORDER BY 4 DESC, 1
            """, [int(min_members), float(min_share)]).fetchall()
            found += [(attribute, str(v), str(cid), int(total), int(inside)) for v, cid, total, inside in rows]
    finally:
        con.unregister("_pooled_members")
        con.unregister("_pooled_own")
    out: dict[str, list[Indicator]] = {}
    skip = set(listed)
    per: dict[tuple[str, str], int] = {}
    for attribute, value, cid, total, inside in found:
        if (attribute, value) in skip or per.get((cid, attribute), 0) >= limit:
            continue
        per[(cid, attribute)] = per.get((cid, attribute), 0) + 1
        out.setdefault(cid, []).append(Indicator(attribute, value, inside, total,
                                                 math.log2(max(n_accounts, 1) / max(total, 1)), pooled=True))
    return out


def harvest_template_holders(con: duckdb.DuckDBPyConnection, accounts: Sequence[str], specific: Sequence[float], *,
                             min_specific: float = 1.0) -> tuple[list[TemplateHolders], int]:
    """Every template (opening or closing, the pooled-template rule of ``POOLED_ENDS``) with its holders'
    distillation-specific evidence, for ``CampaignAssembler.template_cohorts``.

    Returns the templates whose holders are at least half accounts with ``min_specific`` of evidence of their own
    (the confirmation's median rule; the others cannot be confirmed and are only counted), each with its holders'
    count, evidence sum and median, and its holders with evidence (account, requests carrying the template); and
    the number of templates tested (for the multiple-testing correction). Reads ``prompt_ends``."""
    con.register("_tpl_ev", pa.table({"account_id": pa.array(list(accounts), pa.string()),
                                      "specific": pa.array(np.asarray(specific, dtype=np.float64))}))
    out: list[TemplateHolders] = []
    tested = 0
    try:
        for attribute, key, text, other in POOLED_ENDS:
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE _tpl_h AS
                WITH {_template_ctes(key, text, other)}
                SELECT r.o, any_value(r.head) AS head, r.account_id, count(*) AS uses,
                       coalesce(any_value(e.specific), 0.0) AS specific
                FROM r JOIN tmpl USING (o) LEFT JOIN _tpl_ev e USING (account_id) GROUP BY r.o, r.account_id""")
            row = con.execute("SELECT count(DISTINCT o) FROM _tpl_h").fetchall()[0]
            tested += int(row[0]) if row else 0
            rows = con.execute(f"""
                WITH s AS (SELECT o, any_value(head) AS value, count(*) AS holders, sum(specific) AS total,
                                  median(specific) AS med
                           FROM _tpl_h GROUP BY o HAVING median(specific) >= {float(min_specific)})
                SELECT any_value(s.value), any_value(s.holders), any_value(s.total), any_value(s.med),
                       list(h.account_id ORDER BY h.account_id), list(h.uses ORDER BY h.account_id)
                FROM s JOIN _tpl_h h USING (o) WHERE h.specific >= {float(min_specific)}
                GROUP BY s.o ORDER BY 2 DESC, 1""").fetchall()
            out += [TemplateHolders(attribute, str(v), int(n), float(tot), float(med), [str(a) for a in acc],
                                    [int(u) for u in uses]) for v, n, tot, med, acc, uses in rows]
    finally:
        con.execute("DROP TABLE IF EXISTS _tpl_h")
        con.unregister("_tpl_ev")
    return out, tested
