"""Each campaign archetype's defining behaviour, measured on generated `tiny` data, plus the rule that
campaigns are not separable by simulator quirks (user agents, fields, model names)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from antidistill.lab.simulator import load_scenario, simulate
from antidistill.lab.simulator.elicitation import COERCION
from antidistill.lab.simulator.infra import TIERS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> duckdb.DuckDBPyConnection:
    out = tmp_path_factory.mktemp("tiny_campaigns")
    simulate(load_scenario("tiny"), 9, out, data_dir=shared_data)
    con = duckdb.connect()
    con.execute(f"create view ex as select * from read_parquet('{out}/exchanges/*.parquet')")
    con.execute(f"create view lab as select * from read_parquet('{out}/labels.parquet')")
    con.execute(f"create view models as select * from read_parquet('{out}/models.parquet')")
    con.execute("create view j as select e.*, l.archetype, l.campaign_id from ex e join lab l using (account_id)")
    return con


def q(con: duckdb.DuckDBPyConnection, sql: str) -> list[Any]:
    return con.execute(sql).fetchall()


def test_synchronized_cluster_shares_payment_and_timing(db: duckdb.DuckDBPyConnection) -> None:
    (accounts, cards) = q(db, "select count(distinct account_id), count(distinct payment_fingerprint) from j "
                              "where archetype = 'synchronized_cluster'")[0]
    assert cards < accounts
    hours = q(db, "select account_id, list(distinct epoch(time_bucket(interval 1 hour, ts_start))) from j "
                  "where archetype = 'synchronized_cluster' group by 1")
    sets = [set(h) for _, h in hours]
    jac = [len(a & b) / len(a | b) for a, b in itertools.combinations(sets, 2)]
    benign = q(db, "select account_id, list(distinct epoch(time_bucket(interval 1 hour, ts_start))) from j "
                   "where archetype = 'benign:individual' group by 1 having count(*) > 5")
    bsets = [set(h) for _, h in benign]
    bjac = [len(a & b) / len(a | b) for a, b in itertools.combinations(bsets, 2)]
    assert np.mean(jac) > 0.4 and np.mean(jac) > 4 * np.mean(bjac)
    (elicit,) = q(db, "select avg(regexp_matches(lower(messages[-1].content), "
                      "'reasoning|grade|score|rewrite|rephrase|neutral|rationale|thinking|推理|思考|评分|改写')::int) "
                      "from j "
                      "where archetype = 'synchronized_cluster'")[0]
    assert elicit > 0.7


def test_multi_path_cluster_spreads_over_access_paths_and_turns_to_reconstruction(
        db: duckdb.DuckDBPyConnection) -> None:
    (paths,) = q(db, "select count(distinct access_path) from j where archetype = 'multi_path_cluster'")[0]
    assert paths >= 3
    (tools,) = q(db, "select avg(regexp_matches(messages[1].content, 'tool|screenshot|agent')::int) from j "
                     "where archetype = 'multi_path_cluster' and messages[1].role = 'system'")[0]
    assert tools > 0.9
    pattern = "regexp_matches(lower(messages[-1].content), 'reasoning|thinking|rationale|推理|思考')::int"
    early, late = q(db, f"select avg({pattern}) filter (where ts_start < (select min(ts_start) from ex) "
                        f"+ interval 1 day), avg({pattern}) filter (where ts_start > (select max(ts_start) from ex) "
                        "- interval 1 day) from j where archetype = 'multi_path_cluster'")[0]
    assert late > early + 0.3


def test_pivot_moves_about_half_its_traffic_to_the_new_model_within_a_day(db: duckdb.DuckDBPyConnection) -> None:
    (release, new) = q(db, "select epoch(released_at), model from models where released_at = "
                           "(select max(released_at) from models)")[0]
    before, after = q(db, f"select avg((model = '{new}')::int) filter (where epoch(ts_start) < {release}), "
                          f"avg((model = '{new}')::int) filter (where epoch(ts_start) > {release} + 86400) from j "
                          "where archetype = 'volume_harvester_pivot'")[0]
    assert before == 0.0
    assert 0.4 < after < 0.62
    (per_day,) = q(db, "select min(c) / 3.0 from (select account_id, count(*) c from j "
                       "where archetype = 'volume_harvester_pivot' group by 1)")[0]
    (benign_max,) = q(db, "select max(c) / 3.0 from (select account_id, count(*) c from j "
                          "where archetype like 'benign:%' and archetype not in ('benign:enterprise', "
                          "'benign:aggregator') group by 1)")[0]
    assert per_day > benign_max  # very high volume


def test_hydra_replaces_banned_accounts_and_mixes_genuine_traffic(db: duckdb.DuckDBPyConnection) -> None:
    reps = q(db, "select l.account_id, l.replaced_account_id, p.banned_at, (select min(ts_start) from ex e "
                 "where e.account_id = l.account_id) from lab l join lab p on p.account_id = l.replaced_account_id "
                 "where l.archetype = 'reseller_hydra'")
    assert len(reps) >= 5
    for _, _, banned_at, first in reps:
        assert banned_at is not None and first >= banned_at  # the replacement starts after the ban
    (slots,) = q(db, "select count(*) from lab where archetype = 'reseller_hydra' and replaced_account_id is null")[0]
    assert slots == 5  # tiny.yaml: 5 slots
    (accounts, cards) = q(db, "select count(distinct account_id), count(distinct payment_fingerprint) from j "
                              "where archetype = 'reseller_hydra'")[0]
    assert cards < 0.6 * accounts  # 70% of accounts, replacements included, pay with the proxy's few cards
    (labelled,) = q(db, "select count(distinct campaign_id) from lab where archetype = 'reseller_hydra'")[0]
    assert labelled == 1  # replacements carry the campaign id too
    (harvest,) = q(db, "select avg(regexp_matches(lower(messages[-1].content), "
                       "'reasoning|thinking|thought|推理|思考|razonamiento')::int) from j "
                       "where archetype = 'reseller_hydra'")[0]
    assert 0.3 < harvest < 0.85  # harvest mixed with genuine resold traffic


def test_coercion_uses_many_languages_and_coercion_phrasing(db: duckdb.DuckDBPyConnection) -> None:
    texts = [t for (t,) in q(db, "select messages[-1].content from j where archetype = 'reasoning_coercion'")]
    langs = set()
    for lang, template in COERCION:
        tail = template.split("{task}")[1][:25]
        if any(tail in t for t in texts):
            langs.add(lang)
    assert len(langs) >= 4
    (coerced,) = q(db, "select avg(regexp_matches(messages[-1].content, '思考|thinking|reasoning|Denkprozess|"
                       "razonamiento|réflexion|Рассуждай|推論|চিন্তার|Fikra|ఆలోచన|ภาษาที่ใช้')::int) from j "
                       "where archetype = 'reasoning_coercion'")[0]
    assert coerced > 0.8


def test_low_and_slow_stays_under_every_limit(db: duckdb.DuckDBPyConnection) -> None:
    rows = q(db, "select account_tier, max(c) from (select account_id, account_tier, "
                 "time_bucket(interval 1 minute, ts_start), count(*) c from j where archetype = 'low_and_slow' "
                 "group by all) group by 1")
    for tier, peak in rows:
        assert peak < TIERS[tier].rpm
    rows = q(db, "select account_tier, max(c) from (select account_id, account_tier, date_trunc('day', ts_start), "
                 "count(*) c from j where archetype = 'low_and_slow' group by all) group by 1")
    for tier, peak in rows:
        assert peak <= TIERS[tier].rpd * 0.6
    (denied,) = q(db, "select count(*) from j where archetype = 'low_and_slow' and status = 'denied'")[0]
    assert denied == 0


def test_evasive_never_repeats_a_prompt_and_shares_no_infrastructure(db: duckdb.DuckDBPyConnection) -> None:
    (n, distinct) = q(db, "select count(*), count(distinct messages[-1].content) from j where archetype = 'evasive'")[0]
    assert n > 50 and n == distinct
    (shared_ip,) = q(db, "select count(*) from (select client_ip from j where archetype = 'evasive' group by 1 "
                         "having count(distinct account_id) > 1)")[0]
    (shared_card,) = q(db, "select count(*) from (select payment_fingerprint from j where archetype = 'evasive' "
                           "group by 1 having count(distinct account_id) > 1)")[0]
    assert shared_ip == 0 and shared_card == 0


def test_campaigns_are_not_separable_by_simulator_quirks(db: duckdb.DuckDBPyConnection) -> None:
    (ua_only,) = q(db, "select count(*) from (select distinct user_agent from j where campaign_id is not null) c "
                       "anti join (select distinct user_agent from j where campaign_id is null) b "
                       "using (user_agent)")[0]
    assert ua_only == 0
    (model_only,) = q(db, "select count(*) from (select distinct model from j where campaign_id is not null) c "
                          "anti join (select distinct model from j where campaign_id is null) b using (model)")[0]
    assert model_only == 0
    cols = [c for (c,) in q(db, "select column_name from (describe ex)")]
    for col in cols:
        if col in ("end_user", "reasoning_text", "reasoning_tokens"):
            continue  # legitimately persona-specific (aggregators; reasoning models)
        (camp_null, benign_null) = q(db, f"select avg(({col} is null)::int) filter (where campaign_id is not null), "
                                         f"avg(({col} is null)::int) filter (where campaign_id is null) from j")[0]
        assert not (benign_null > 0.99 and camp_null < 0.5), col
    (camouflage,) = q(db, "select count(*) from j where campaign_id is not null and len(messages) = 1 and "
                          "not regexp_matches(lower(messages[-1].content), 'reason|step|think|grade|score|rewrite|"
                          "rephras|推理|思考|评分|改写|tool|work|logic|approach|break|explain|walk|how')")[0]
    assert camouflage > 0  # benign-looking requests from campaign accounts, labelled with their account
