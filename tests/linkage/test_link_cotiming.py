"""Co-timed requests across organisations (``linkage.cotiming``), through the scan's own SQL and assembler.

The log: a side-by-side sampler whose sign-ups send each real GSM8K question from two of its organisations
seconds apart; against it, people of separate organisations asking popular questions whenever they like, CI jobs
of several companies firing the same smoke prompts at 02:00 every night, a workshop whose attendees paste the
same tutorial prompts together, three evaluation teams walking one benchmark in lockstep, and one company's
keys that send each request twice (a retry through a second key).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.features.duckdb_engine import compute_features
from antidistill.linkage.campaigns import CampaignAssembler, LinkageInputs
from antidistill.linkage.cotiming import CotimedPairs, cotimed_groups
from antidistill.linkage.duckdb_inputs import linkage_inputs, principal
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
DAYS = 6
SMOKE = ["Reply with exactly: OK", "What is 2+2? Answer with a number only.", "Return the JSON {\"ok\": true}.",
         "Translate 'hello' to French. One word.", "Say the word 'pong'.", "Name the capital of France.",
         "Count from 1 to 5 separated by commas.", "Is 17 prime? Answer yes or no.", "Echo: ping",
         "Spell 'cat' backwards.", "What colour is the sky on a clear day? One word.", "Reply with the number 42."]


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")
    return [json.loads(line)["question"] for line in lines[:1000] if line]


def _ex(account: str, org: str | None, k: int, t: dt.datetime, prompt: str, *, key: bool = False) -> Exchange:
    """``key``: the account is an API key (the log names no one above it)."""
    return Exchange(exchange_id=f"{account}-{k}", ts_start=t, account_id=account, org_id=org, model="m-1",
                    api_key_id=account if key else None,
                    messages=[Message("user", prompt)], prompt_tokens=50, completion_tokens=200)


LANGUAGES = ("French", "German", "Spanish", "Japanese", "Korean", "Russian", "Portuguese", "Turkish")


def _porters(questions: list[str], *, item_first: bool = False) -> list[Exchange]:
    """Coverage split over sign-ups: 8 accounts, one organisation and one target language each; a dispatcher
    releases an item (a GSM8K question) every 40 minutes and each account sends it, under its own instruction,
    within 2 to 12 minutes. No two prompts are equal; the item's end is (its closing, or with ``item_first`` its
    opening)."""
    rng = np.random.default_rng(11)
    rows = []
    for i, q in enumerate(questions):
        release = 600 + 2400 * i
        for a, lang in enumerate(LANGUAGES):
            ask = f"Translate this problem into {lang}, then solve it in {lang}, showing every step of your working."
            prompt = f"{q}\n\n{ask}" if item_first else f"{ask}\n\n{q}"
            t = T0 + dt.timedelta(seconds=release + rng.uniform(120, 720))
            rows.append(_ex(f"porter-{a}", f"org-porter-{a}", i, t, prompt))
    return rows


def _log(questions: list[str], *, with_orgs: bool = True, matrix: bool = False) -> list[Exchange]:
    rng = np.random.default_rng(3)
    rows: list[Exchange] = []
    span = DAYS * 86400

    def at(s: float) -> dt.datetime:
        return T0 + dt.timedelta(seconds=float(s))

    # the sampler: 8 sign-ups (one organisation each); every question leaves from two of them within 4 s
    for i, q in enumerate(questions[200:560]):
        t = rng.uniform(0, span)
        for j, a in enumerate(rng.choice(8, size=2, replace=False)):
            rows.append(_ex(f"pair-{a}", f"org-pair-{a}" if with_orgs else None, i, at(t + 4 * j * rng.random()), q))
    # people of 40 organisations asking popular questions (the first 30) and their own ones, at any time
    for a in range(40):
        for k in range(30):
            q = questions[int(rng.integers(30))] if rng.random() < 0.5 else questions[600 + 5 * a + k % 5]
            rows.append(_ex(f"person-{a}", f"org-person-{a}" if with_orgs else None, k, at(rng.uniform(0, span)), q))
    # CI jobs of 5 companies: the same 12 smoke prompts at 02:00 every night, seconds apart
    for a in range(5):
        for d in range(DAYS):
            for k, q in enumerate(SMOKE):
                t = d * 86400 + 7200 + 3 * k + rng.random()
                rows.append(_ex(f"ci-{a}", f"org-ci-{a}" if with_orgs else None, d * 100 + k, at(t), q))
    # a hands-on workshop: 25 attendees, each on an organisation of their own, paste the same 30 tutorial prompts
    # together, a minute apart, on day 2 (far beyond chance, but no question bank: tens of prompts)
    for a in range(25):
        for k in range(30):
            t = 86400 + 36000 + 60 * k + 20 * rng.random()
            rows.append(_ex(f"attendee-{a}", f"org-attendee-{a}" if with_orgs else None, k, at(t), questions[950 + k]))
    # three evaluation teams of different companies start one benchmark together on release day and walk it in
    # the same order (lockstep, far beyond chance, 200 prompts): fewer organisations than a harvest spreads over
    for a in range(3):
        for k, q in enumerate(questions[:200]):
            rows.append(_ex(f"evals-{a}", f"org-evals-{a}" if with_orgs else None, k,
                            at(3 * 86400 + 8 * k + 5 * a + rng.random()), q))
    # one company's three keys: every request sent twice over two of its keys (a retry through another key)
    for i, q in enumerate(questions[800:900]):
        t = rng.uniform(0, span)
        for j, a in enumerate(rng.choice(3, size=2, replace=False)):
            rows.append(_ex(f"acme-key-{a}", "org-acme" if with_orgs else None, i, at(t + j), q))
    if matrix:  # a CI matrix: six jobs, each under an STS session of one role, run the same 150 prompts together
        for job in range(6):
            session = f"arn:aws:sts::123456789012:assumed-role/ci-evals/job-{job}"
            for k, q in enumerate(questions[600:750]):
                rows.append(_ex(session, None, k, at(2 * 86400 + 3600 + 4 * k + rng.random()), q))
    return rows


Inputs = tuple[list[str], LinkageInputs]


def _inputs(rows: list[Exchange]) -> Inputs:
    con = duckdb.connect()
    con.register("t", exchanges_to_table(rows))
    con.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    compute_features(con)
    ids = sorted(r[0] for r in con.execute("SELECT DISTINCT account_id FROM exchanges").fetchall())
    return ids, linkage_inputs(con, ids, [0.0] * len(ids))


@pytest.fixture(scope="module")
def inputs(questions: list[str]) -> Inputs:
    return _inputs(_log(questions))


def test_pairs_are_those_of_different_organisations_with_their_chance_expectation(inputs: Inputs) -> None:
    ids, inp = inputs
    pairs = inp.cotimed
    assert pairs is not None and pairs.tested > 0 and pairs.kappa >= 1.0
    names = [(ids[a], ids[b]) for a, b in zip(pairs.a.tolist(), pairs.b.tolist(), strict=True)]
    # the company's own keys are one customer: never a pair; the CI jobs repeat their prompts nightly: not looked at
    assert not any(x.startswith("acme") or y.startswith("acme") for x, y in names)
    assert not any(x.startswith("ci") or y.startswith("ci") for x, y in names)
    sampler = [(c, e) for (x, y), c, e in zip(names, pairs.cotimed, pairs.expected, strict=True)
               if x.startswith("pair") and y.startswith("pair")]
    assert len(sampler) == 28  # every two of the 8 sign-ups share questions
    assert all(c >= 4 and e < 0.05 * c for c, e in sampler), sampler  # chance explains under 5% of them


def test_the_sampler_is_one_campaign_and_nobody_else_is_linked(inputs: Inputs) -> None:
    ids, inp = inputs
    assert inp.cotimed is not None and inp.org is not None
    groups = cotimed_groups(inp.cotimed, inp.org, alpha=1e-3)
    assert [sorted(ids[m] for m in g.members.tolist()) for g in groups] == [[f"pair-{a}" for a in range(8)]]
    g = groups[0]
    assert g.cotimed == g.distinct_prompts == 360 and g.expected < 0.05 * g.cotimed
    assert g.p_value < 1e-3 / inp.cotimed.tested
    found = CampaignAssembler(alpha=1e-3).assemble(inp, null_mean=0.0, null_sd=1.0)
    confirmed = [c for c in found if c.confirmed]
    assert [c.members for c in confirmed] == [[f"pair-{a}" for a in range(8)]]
    c = confirmed[0]
    assert c.confirmed_by == ["coordinated_requests"] and "coordinated_requests" in c.sources
    assert c.details["coordinated_requests"]["cotimed_prompts"] == g.cotimed


def test_evaluation_teams_in_lockstep_are_too_few_organisations_for_a_harvest(inputs: Inputs) -> None:
    ids, inp = inputs
    assert inp.cotimed is not None and inp.org is not None
    evals = [f"evals-{a}" for a in range(3)]
    groups = cotimed_groups(inp.cotimed, inp.org, alpha=1e-3, min_orgs=3)  # what the five-organisation floor keeps out
    assert evals in [sorted(ids[m] for m in g.members.tolist()) for g in groups]
    assert all(not set(evals) & {ids[m] for m in g.members.tolist()}
               for g in cotimed_groups(inp.cotimed, inp.org, alpha=1e-3))


def test_without_organisation_ids_and_with_keys_for_accounts_the_route_is_off(questions: list[str]) -> None:
    """The log names callers only by API key: one customer's keys cannot be told from several customers."""
    rows = [dataclasses.replace(r, api_key_id=r.account_id) for r in _log(questions, with_orgs=False)]
    _, inp = _inputs(rows)
    assert inp.org is None and inp.cotimed is None and inp.cotime_org is None
    found = CampaignAssembler(alpha=1e-3).assemble(inp, null_mean=0.0, null_sd=1.0)
    assert not any("coordinated_requests" in c.confirmed_by for c in found)


def test_without_organisation_ids_each_customer_account_is_its_own_organisation(questions: list[str]) -> None:
    """The log names callers by a customer-level identity (a tenant, a consumer) and no organisations: each account
    counts as its own. The sampler is found as with ids; the evaluation teams are still three, and the company's
    three keys (read as three customers now) are too few to be a harvest. Six CI jobs, each under an STS session
    of one role, running the same prompts together are sessions of one role: one customer."""
    _, inp = _inputs(_log(questions, with_orgs=False, matrix=True))
    assert inp.org is None and inp.cotimed is not None and inp.cotime_org is not None
    found = [c for c in CampaignAssembler(alpha=1e-3).assemble(inp, null_mean=0.0, null_sd=1.0)
             if "coordinated_requests" in c.confirmed_by]
    assert [c.members for c in found] == [[f"pair-{a}" for a in range(8)]]


def test_an_sts_session_belongs_to_its_role() -> None:
    assert principal("arn:aws:sts::123456789012:assumed-role/ci-evals/job-3") == \
        "arn:aws:iam::123456789012:role/ci-evals"
    assert principal("arn:aws-cn:sts::123456789012:assumed-role/r/s") == "arn:aws-cn:iam::123456789012:role/r"
    for other in ("arn:aws:iam::123456789012:user/tenants/t-1", "org_jwuPtD3d", "consumer-7"):
        assert principal(other) == other


def _pairs(a: list[int], b: list[int], cotimed: list[int], expected: list[float], *,
           prompts_per_pair: int | None = None) -> CotimedPairs:
    """Pairs with ``cotimed`` events each, on ``prompts_per_pair`` distinct prompts shared by every pair (None:
    each event a prompt of its own)."""
    event_pair = np.repeat(np.arange(len(a)), cotimed)
    event_prompt = (np.concatenate([np.arange(c) for c in cotimed]) if prompts_per_pair is not None
                    else np.arange(len(event_pair))).astype(np.uint64)
    return CotimedPairs(a=np.array(a), b=np.array(b), cotimed=np.array(cotimed), shared=np.array(cotimed),
                        expected=np.array(expected), tested=1000, tolerance_s=300.0, kappa=1.0,
                        span_s=86400.0 * 5, event_pair=event_pair, event_prompt=event_prompt)


def test_coincidences_chance_explains_link_no_one() -> None:
    """Twenty co-timed prompts mean nothing where each pair's chance expectation is high (popular text), and two
    strong pairs make no campaign of fewer than three organisations."""
    org = np.array(["o1", "o2", "o3", "o4", None], dtype=object)
    popular = _pairs([0, 1], [1, 2], [160, 160], [150.0, 150.0])
    assert popular.p_values().min() > 0.05
    assert cotimed_groups(popular, org, alpha=1e-3, min_orgs=3) == []
    two = _pairs([0], [1], [120], [0.01])
    assert two.p_values()[0] < 1e-200
    assert cotimed_groups(two, org, alpha=1e-3, min_orgs=3) == []
    # an account without an organisation id counts toward no organisation
    chain = _pairs([0, 1], [1, 4], [120, 120], [0.01, 0.01])
    assert cotimed_groups(chain, org, alpha=1e-3, min_orgs=3) == []
    assert len(cotimed_groups(chain, org, alpha=1e-3, min_orgs=2)) == 1


def test_a_group_that_shares_tens_of_prompts_is_no_question_bank() -> None:
    """Three organisations co-timed far beyond chance on the same 30 prompts (a workshop's exercises) are no
    harvest; on 150 different prompts they are."""
    org = np.array(["o1", "o2", "o3"], dtype=object)
    workshop = _pairs([0, 0, 1], [1, 2, 2], [30, 30, 30], [0.01, 0.01, 0.01], prompts_per_pair=30)
    assert workshop.p_values().max() < 1e-50
    assert cotimed_groups(workshop, org, alpha=1e-3, min_orgs=3) == []
    bank = _pairs([0, 0, 1], [1, 2, 2], [50, 50, 50], [0.01, 0.01, 0.01])
    (g,) = cotimed_groups(bank, org, alpha=1e-3, min_orgs=3)
    assert g.distinct_prompts == 150 and g.cotimed == 150 and g.pairs == 3


def test_a_scan_names_the_sampler_a_campaign_with_its_co_timing_and_nobody_else(
        questions: list[str], tmp_path: Path) -> None:
    """End to end through ``antidistill scan``: the sampler's sign-ups are a campaign confirmed by co-timed
    requests, each member's first reason gives the counts, and no person, CI job or key of the company is flagged."""
    logs, out = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(_log(questions)), logs / "exchanges.parquet")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    rows = {r["account_id"]: r for r in csv.DictReader((out / "accounts.csv").read_text().splitlines())}
    flagged = sorted(a for a, r in rows.items() if r["verdict"] in ("suspect", "campaign"))
    assert flagged == [f"pair-{a}" for a in range(8)], flagged
    assert len({rows[a]["campaign_id"] for a in flagged}) == 1
    report = (out / "report.html").read_text()  # each member's first reason says what confirmed it
    assert "tied by co-timed requests" in report and "no reasoning elicitation" in report
    assert "the same rare requests sent from several organisations within 300 s of each other" in report
    assert "Co-timed requests: 360 times two of its organisations sent the same prompt within 300 s" in report
    (campaign,) = [c for c in json.loads((out / "campaigns.json").read_text()) if c["confirmed"]]
    assert campaign["confirmed_by"] == ["coordinated_requests"]
    assert campaign["coordinated_requests"]["cotimed_prompts"] >= 300
    summary = json.loads((out / "summary.json").read_text())["campaigns"]
    assert summary["confirmed_by_coordinated_requests"] == 1 and summary["cotimed_pairs"] >= 28


@pytest.mark.parametrize("item_first", [False, True], ids=["instruction-first", "item-first"])
def test_one_item_sent_under_each_accounts_own_instruction_is_found_by_its_end(
        questions: list[str], item_first: bool) -> None:
    """The porters beside the whole population above: the whole-prompt test finds nothing of them (no two of their
    prompts are equal); the test on the prompts' ends finds the 8 sign-ups, co-timed on the 200 items, and the
    assembler confirms them as one campaign. Nobody of the population is linked by the ends either."""
    ids, inp = _inputs(_log(questions) + _porters(questions[300:500], item_first=item_first))
    assert inp.cotimed is not None and inp.org is not None and len(inp.cotimed_ends) == 2
    porters = [f"porter-{a}" for a in range(8)]
    assert all(not set(porters) & {ids[m] for m in g.members.tolist()}
               for g in cotimed_groups(inp.cotimed, inp.org, alpha=1e-3))
    opening, closing = inp.cotimed_ends
    by_end = {tuple(sorted(ids[m] for m in g.members.tolist())): g
              for g in cotimed_groups(opening if item_first else closing, inp.org, alpha=1e-3)}
    # the sampler's equal prompts share their ends too; nobody else
    assert sorted(by_end) == [tuple(f"pair-{a}" for a in range(8)), tuple(porters)]
    assert by_end[tuple(porters)].distinct_prompts == 200
    found = CampaignAssembler(alpha=1e-3).assemble(inp, null_mean=0.0, null_sd=1.0)
    confirmed = sorted(sorted(c.members) for c in found if c.confirmed)
    assert confirmed == [[f"pair-{a}" for a in range(8)], porters]
