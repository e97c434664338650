"""Build campaign-linkage inputs from the scan's DuckDB tables (the ``ex`` view of the feature stage)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pyarrow as pa

from antidistill.features.duckdb_engine import OPENING_SQL
from antidistill.linkage.campaigns import LinkageInputs

PREFIX_SQL = OPENING_SQL

#: (attribute name, SQL expression over ``exchanges``) shared between accounts. Prompt content is not an
#: attribute: honest users ask the same popular questions; content coordination is judged on timing.
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("payment", "payment_fingerprint"),
    ("network", "coalesce(nullif(regexp_extract(client_ip, '^(\\d+\\.\\d+\\.\\d+)\\.', 1), ''), client_ip)"),
    ("user_agent", "user_agent"),
    ("org", "org_id"),
)


def linkage_inputs(con: duckdb.DuckDBPyConnection, accounts: Sequence[str], specific: Sequence[float], *,
                   cap: int = 200, sync_cap: int = 1000, min_exchanges: int = 10,
                   min_specific: float = 1.0, flagged: Sequence[bool] | None = None,
                   associates: Sequence[bool] | None = None) -> LinkageInputs:
    """Facts (account, attribute, value) for values held by 2..cap accounts, and prompt-opening actions for sync.

    Accounts come back as integer codes into ``accounts`` (millions of actions as Python strings would cost
    gigabytes). Synchronisation is only looked for among accounts with at least ``min_specific`` (one robust
    unit) of distillation-specific evidence
    and at least ``min_exchanges`` exchanges: a group's confirmation rests on that evidence, and an account
    without any can only dilute it. An opening counts as a shared template only when at most ``sync_cap``
    accounts of the *whole population* send it: "thanks, that helps." is what thousands of people type, and
    two researchers saying it within 15 minutes of each other is not coordination. ``associates`` (accounts
    in the tail of the score without specific evidence) get their actions too, for attribution only.
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
        SELECT e.account_id, 'wrapper' AS attribute,
               regexp_replace(lower(pw.wrapper_text), '[0-9]+', '#', 'g') AS value
        FROM ex_text e JOIN prompt_wrappers pw ON pw.prompt_hash = hash(e.prompt_text) GROUP BY ALL""")
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
        a AS (
            SELECT busy.code, epoch(e.ts_start) AS t, {PREFIX_SQL} AS c
            FROM ex_text e JOIN busy USING (account_id)
        ),
        pop AS (SELECT {PREFIX_SQL} AS c, count(DISTINCT e.account_id) AS holders FROM ex_text e GROUP BY 1)
        SELECT a.code, a.t, a.c, pop.holders FROM a JOIN pop USING (c)
        WHERE pop.holders BETWEEN 2 AND {int(sync_cap)}
        ORDER BY a.code, a.t
    """).fetchnumpy()
    con.unregister("_acct_codes")
    return LinkageInputs(
        accounts=np.asarray(accounts, dtype=object), specific_evidence=np.asarray(specific, dtype=np.float64),
        fact_account=np.asarray(rows["code"], dtype=np.int64),
        fact_attribute=np.asarray(rows["attribute"], dtype=object),
        fact_value=np.asarray(rows["value"], dtype=object),
        action_account=np.asarray(actions["code"], dtype=np.int64),
        action_time=np.asarray(actions["t"], dtype=np.float64),
        action_constraint=np.asarray(actions["c"], dtype=np.uint64),
        action_holders=np.asarray(actions["holders"], dtype=np.int64),
        flagged=None if flagged is None else np.asarray(flagged, dtype=bool),
        associates=None if associates is None else np.asarray(associates, dtype=bool),
    )
