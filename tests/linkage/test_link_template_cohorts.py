"""Template cohorts: accounts that no other route links, harvesting with the same extraction kit as hundreds of
others (a reseller hydra of many short-lived accounts). Confirmed on all holders' evidence, never on the
harvesters among honest senders of a public phrasing."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from antidistill.features.duckdb_engine import prompt_ends_sql
from antidistill.linkage.campaigns import COHORT_MIN_USES, CampaignAssembler, TemplateHolders
from antidistill.linkage.duckdb_inputs import harvest_template_holders

#: The null of one account's specific evidence, as the scorer's Monte Carlo gives it on `default` (about).
NULL_MEAN, NULL_SD = 0.17, 0.45


def _template(value: str, evidence: dict[str, float], uses: dict[str, int], attribute: str = "wrapper"
              ) -> TemplateHolders:
    ev = np.array([evidence[a] for a in uses])
    own = sorted(a for a in uses if evidence[a] >= 1.0)
    return TemplateHolders(attribute, value, len(uses), float(ev.sum()), float(np.median(ev)), own,
                           [uses[a] for a in own])


def test_a_kit_shared_by_many_small_evidenced_accounts_is_one_cohort() -> None:
    rng = np.random.default_rng(3)
    hydra = [f"h{i}" for i in range(120)]
    evidence = {a: float(rng.uniform(1.2, 3.0)) for a in hydra}
    evidence |= {"h-shy": 2.5, "h-taken": 3.0}
    kit = ["here is a completed response. reconstruct, step ", "below is a question and a finished answer. imagi"]
    # every hydra account sends both templates a few times; one sends them twice in all; one is in a campaign
    uses = [{a: int(rng.integers(2, 6)) for a in [*hydra, "h-taken"]} for _ in kit]
    uses[0]["h-shy"], uses[1]["h-shy"] = 1, 1
    templates = [_template(v, evidence, u) for v, u in zip(kit, uses, strict=True)]
    cohorts = CampaignAssembler().template_cohorts(templates, 40, {"h-taken"}, evidence, n_accounts=20_000,
                                                   null_mean=NULL_MEAN, null_sd=NULL_SD)
    (cohort,) = cohorts
    assert cohort.members == sorted(hydra)  # not the one already in a campaign, not the one that tried it twice
    assert cohort.confirmed and cohort.confirmed_by == ["specific_evidence"] and cohort.sources == ["harvest_templates"]
    assert {i.value for i in cohort.indicators} == set(kit)
    assert all(i.accounts_in_campaign == 120 and i.accounts_total == 122 for i in cohort.indicators)
    assert COHORT_MIN_USES == 3


def test_a_public_phrasing_is_not_confirmed_by_the_harvesters_among_its_honest_senders() -> None:
    rng = np.random.default_rng(4)
    honest = {f"s{i}": float(rng.uniform(0.0, 0.6)) for i in range(300)}  # students: no evidence of their own
    harvesters = {f"h{i}": float(rng.uniform(2.0, 3.0)) for i in range(120)}
    evidence = honest | harvesters
    phrasing = _template("can you explain step by step how to solve this? ", evidence,
                         {a: 5 for a in evidence})  # 300 honest + 120 harvest senders: median below one unit
    cohorts = CampaignAssembler().template_cohorts([phrasing], 10, set(), evidence, n_accounts=20_000,
                                                   null_mean=NULL_MEAN, null_sd=NULL_SD)
    assert cohorts == []
    # the same harvesters on a kit of their own are a cohort
    kit = _template("reconstruct the hidden reasoning behind this ans", evidence, {a: 4 for a in harvesters})
    (cohort,) = CampaignAssembler().template_cohorts([phrasing, kit], 10, set(), evidence, n_accounts=20_000,
                                                     null_mean=NULL_MEAN, null_sd=NULL_SD)
    assert cohort.members == sorted(harvesters) and [i.value for i in cohort.indicators] == [kit.value]


def test_two_kits_without_a_common_account_are_two_cohorts_and_a_weak_template_none() -> None:
    evidence = {f"a{i}": 2.0 for i in range(50)} | {f"b{i}": 2.0 for i in range(40)} | {f"w{i}": 1.1 for i in range(3)}
    kit_a = _template("kit a opening", evidence, {f"a{i}": 3 for i in range(50)})
    kit_b = _template("kit b closing", evidence, {f"b{i}": 4 for i in range(40)}, attribute="closing")
    # three accounts barely over one unit: the mean is far above the null, but a Bonferroni over 10,000
    # templates needs more than three holders
    weak = _template("kit w opening", evidence, {f"w{i}": 9 for i in range(3)})
    cohorts = CampaignAssembler().template_cohorts([kit_a, kit_b, weak], 10_000, set(), evidence,
                                                   n_accounts=20_000, null_mean=NULL_MEAN, null_sd=NULL_SD)
    assert [len(c.members) for c in cohorts] == [50, 40]
    assert [c.indicators[0].attribute for c in cohorts] == ["wrapper", "closing"]


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    with (shared_data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["question"] for line, _ in zip(fh, range(400), strict=False)]


def test_holders_and_their_evidence_from_prompt_ends(questions: list[str]) -> None:
    """The SQL side: the pooled-template rule picks the kit's opening and closing (not a question a few accounts
    repeat), counts all holders and their evidence, and lists the holders with evidence and their uses."""
    kit_open = "Here is a completed response. Reconstruct, step by step, the reasoning behind it.\n"
    kit_close = "\nWrite out every intermediate thought in full before restating the final answer."
    rows = []
    for k in range(30):  # 30 harvest accounts: 10 prompts each, half with the opening, half with the closing
        for j in range(10):
            q = questions[(k * 10 + j) % len(questions)]
            rows.append((f"h{k}", kit_open + q if j % 2 else q + kit_close))
    for k in range(10):  # 10 honest accounts also use the opening, 2 prompts each
        rows += [(f"s{k}", kit_open + questions[300 + 2 * k + j]) for j in range(2)]
    for k in range(5):  # five accounts asking one popular question: one distinct prompt, no template
        rows += [(f"p{k}", questions[399])] * 6
    con = duckdb.connect()
    con.register("src", pa.table({"account_id": [a for a, _ in rows], "prompt_text": [p for _, p in rows],
                                  "ts_start": pa.array([0] * len(rows), pa.timestamp("us", "UTC"))}))
    con.execute(f"CREATE TEMP TABLE prompt_ends AS {prompt_ends_sql('src')}")
    accounts = sorted({a for a, _ in rows})
    evidence = [2.5 if a.startswith("h") else 0.0 for a in accounts]
    templates, tested = harvest_template_holders(con, accounts, evidence)
    assert tested == 2
    by_attr = {t.attribute: t for t in templates}
    assert set(by_attr) == {"wrapper", "closing"}
    opening, closing = by_attr["wrapper"], by_attr["closing"]
    assert opening.value == kit_open[:48].lower() and closing.value == kit_close[-48:].lower()
    assert (opening.holders, opening.evidence_sum, opening.evidence_median) == (40, 75.0, 2.5)
    assert opening.accounts == sorted(f"h{k}" for k in range(30)) and set(opening.uses) == {5}
    assert closing.holders == 30 and set(closing.uses) == {5}
