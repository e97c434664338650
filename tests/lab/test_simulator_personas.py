"""Each benign persona's defining property, measured on generated `tiny` data.

These are the hard cases detectors must learn not to block, so each test checks the property that
makes the persona look like a campaign at first glance (volume, templates, reasoning requests, IPs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from antidistill.lab.simulator import load_scenario, simulate


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> duckdb.DuckDBPyConnection:
    out = tmp_path_factory.mktemp("tiny_personas")
    simulate(load_scenario("tiny"), 5, out, data_dir=shared_data)
    con = duckdb.connect()
    con.execute(f"create view ex as select * from read_parquet('{out}/exchanges/*.parquet')")
    con.execute(f"create view lab as select * from read_parquet('{out}/labels.parquet')")
    con.execute("create view j as select e.*, l.archetype, l.campaign_id from ex e join lab l using (account_id)")
    return con


def q(con: duckdb.DuckDBPyConnection, sql: str) -> list[Any]:
    return con.execute(sql).fetchall()


def test_individuals_have_sessions_idle_gaps_and_multi_turn(db: duckdb.DuckDBPyConnection) -> None:
    (multi,) = q(db, "select avg(list_contains(list_transform(messages, lambda m: m.role), 'assistant')::int) "
                     "from j where archetype = 'benign:individual'")[0]
    assert 0.15 < multi < 0.8
    gaps = q(db, "select max(g) from (select account_id, epoch(ts_start) - lag(epoch(ts_start)) over "
                 "(partition by account_id order by ts_start) g from j where archetype = 'benign:individual') "
                 "group by account_id having count(*) > 5")
    assert gaps and np.median([g for (g,) in gaps]) > 6 * 3600  # humans sleep
    roles = q(db, "select distinct unnest(list_transform(messages, lambda m: m.role)) from j "
                  "where archetype = 'benign:individual'")
    assert {"user", "assistant"} <= {r for (r,) in roles}


def test_teams_share_one_key_from_many_ips_and_agents(db: duckdb.DuckDBPyConnection) -> None:
    rows = q(db, "select account_id, count(distinct client_ip), count(distinct user_agent), count(distinct asn) "
                 "from j where archetype = 'benign:team' group by 1")
    assert rows
    assert np.mean([r[1] for r in rows]) >= 6
    assert np.mean([r[2] for r in rows]) >= 3
    assert all(r[3] >= 2 for r in rows)


def test_enterprise_apps_repeat_one_system_prompt_at_high_volume(db: duckdb.DuckDBPyConnection) -> None:
    rows = q(db, "select account_id, count(distinct messages[1].content), count(*), count(distinct client_ip) "
                 "from j where archetype = 'benign:enterprise' group by 1")
    assert rows and all(r[1] == 1 for r in rows)
    assert all(r[2] > 300 and r[3] >= 5 for r in rows)
    (template,) = q(db, "select count(distinct messages[1].content) from j where archetype = 'benign:enterprise'")[0]
    assert template <= len(rows)


def test_eval_runners_send_step_by_step_problems_in_bursts(db: duckdb.DuckDBPyConnection) -> None:
    (peak,) = q(db, "select max(c) from (select account_id, time_bucket(interval 10 minute, ts_start) b, "
                    "count(*) c from j where archetype = 'benign:eval_runner' group by 1, 2)")[0]
    assert peak >= 100
    (step,) = q(db, "select avg(regexp_matches(lower(messages[-1].content), 'step by step|python function')::int) "
                    "from j where archetype = 'benign:eval_runner'")[0]
    assert step > 0.5
    (dups,) = q(db, "select count(*) - count(distinct messages[-1].content) from j "
                    "where archetype = 'benign:eval_runner'")[0]
    assert dups > 0  # the same benchmark is run more than once


def test_ci_runs_a_fixed_suite_around_the_clock(db: duckdb.DuckDBPyConnection) -> None:
    rows = q(db, "select account_id, count(distinct hour(ts_start)), count(distinct messages[-1].content), count(*) "
                 "from j where archetype = 'benign:ci' group by 1")
    assert rows
    for _, hours, distinct_prompts, n in rows:
        assert hours >= 22  # 24/7
        assert distinct_prompts <= 20 < n  # a fixed suite, repeated
    starts = q(db, "select account_id, epoch(ts_start) t from j where archetype = 'benign:ci' order by 1, 2")
    by_acct: dict[str, list[float]] = {}
    for acct, t in starts:
        by_acct.setdefault(acct, []).append(t)
    for ts in by_acct.values():
        gaps = np.diff(ts)
        run_gaps = gaps[gaps > 600]  # between runs
        assert run_gaps.std() / run_gaps.mean() < 0.1  # regular cadence


def test_aggregators_relay_many_end_users(db: duckdb.DuckDBPyConnection) -> None:
    rows = q(db, "select account_id, count(end_user), count(*), count(distinct end_user), count(distinct client_ip) "
                 "from j where archetype = 'benign:aggregator' group by 1")
    assert rows and all(r[1] == r[2] and r[3] >= 50 and r[4] >= 5 for r in rows)
    (others,) = q(db, "select count(end_user) from j where archetype != 'benign:aggregator'")[0]
    assert others == 0


def test_researchers_and_students_ask_for_reasoning(db: duckdb.DuckDBPyConnection) -> None:
    for persona, pattern in (("researcher", "reasoning|thought process|step by step|how you arrived|intermediate"),
                             ("education", "step by step|explain|一步一步|étape|approach|method|understand")):
        (share,) = q(db, f"select avg(regexp_matches(lower(messages[-1].content), '{pattern}')::int) from j "
                         f"where archetype = 'benign:{persona}' and len(messages) = 1")[0]
        assert share > 0.6, persona
    (edu,) = q(db, "select avg((access_path = 'education')::int) from j where archetype = 'benign:education'")[0]
    assert edu > 0.6


def test_multilingual_users_write_in_other_languages(db: duckdb.DuckDBPyConnection) -> None:
    (non_ascii,) = q(db, "select avg((strlen(messages[-1].content) > length(messages[-1].content))::int) "
                         "from j where archetype = 'benign:multilingual' and len(messages) = 1")[0]
    assert non_ascii > 0.6


def test_benign_infrastructure_is_shared_for_ordinary_reasons(db: duckdb.DuckDBPyConnection) -> None:
    (shared_ip,) = q(db, "select count(*) from (select client_ip from j where campaign_id is null group by 1 "
                         "having count(distinct org_id) >= 2)")[0]
    assert shared_ip > 0  # NATs and cloud egress used by unrelated accounts
    (shared_card,) = q(db, "select count(*) from (select payment_fingerprint from lab join "
                           "(select distinct account_id, payment_fingerprint from ex) using (account_id) "
                           "where campaign_id is null and payment_fingerprint is not null group by 1 "
                           "having count(*) >= 2)")[0]
    assert shared_card > 0  # orgs paying for several accounts with one card


def test_token_counts_are_consistent_with_text(db: duckdb.DuckDBPyConnection) -> None:
    (bad,) = q(db, "select count(*) from ex where status = 'ok' and (prompt_tokens * 3.6 + 1 < "
                   "strlen(messages[-1].content) or completion_tokens * 3.6 + 1 < strlen(response_text) "
                   "or (reasoning_text is not null and reasoning_tokens * 3.6 + 1 < strlen(reasoning_text)))")[0]
    assert bad == 0
    (reasoning_mismatch,) = q(db, "select count(*) from ex where status = 'ok' "
                                  "and (reasoning_text is null) != (reasoning_tokens is null)")[0]
    assert reasoning_mismatch == 0
