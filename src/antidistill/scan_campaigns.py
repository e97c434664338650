"""The scan's campaign stage: link accounts, confirm campaigns, raise member verdicts, describe each campaign."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa

from antidistill.linkage.campaigns import Campaign, CampaignAssembler, Indicator
from antidistill.linkage.duckdb_inputs import (
    answer_suppliers,
    harvest_template_holders,
    linkage_inputs,
    pooled_template_indicators,
)
from antidistill.linkage.reuse import REUSE_MAX_DELAY_S
from antidistill.report import svg
from antidistill.scoring.accounts import AccountScore, Reason, Verdict

if TYPE_CHECKING:
    from antidistill.scan import ScanResult


def campaigns(con: duckdb.DuckDBPyConnection, result: ScanResult) -> None:
    """Find campaigns; write ``campaigns.json``; set ``campaign_id`` and raise confirmed members to ``campaign``."""
    scores = result.scores
    ids = [s.account_id for s in scores]
    # what the accounts send ties a group without saying who they are: on that alone, grades are no evidence
    # (judge products share published rubrics; ``CampaignAssembler._graded_view``)
    ungraded = [s.specific_evidence if s.specific_evidence_ungraded is None else s.specific_evidence_ungraded
                for s in scores]
    inputs = linkage_inputs(con, ids, [s.specific_evidence for s in scores],
                            flagged=[s.verdict == Verdict.SUSPECT for s in scores],
                            associates=[s.verdict == Verdict.WATCH for s in scores], specific_ungraded=ungraded)
    if result.features is not None:
        inputs = replace(inputs, profile=operating_profile(result.features, ids))
    assembler = CampaignAssembler(alpha=result.summary["fpr"])
    found = assembler.assemble(inputs, null_mean=result.scorer.specific_null_mean_,
                               null_sd=result.scorer.specific_null_sd_)
    # Accounts no campaign holds that harvest with the same extraction kit as hundreds of others: cohorts (a kit
    # is what they send, so tested without the grades)
    templates, tested = harvest_template_holders(con, ids, ungraded, min_specific=assembler.min_mean_evidence)
    cohorts = assembler.template_cohorts(
        templates, tested, {a for c in found if c.confirmed for a in c.members},
        dict(zip(ids, ungraded, strict=True)), n_accounts=len(ids),
        null_mean=result.scorer.specific_null_mean_, null_sd=result.scorer.specific_null_sd_)
    if cohorts:  # confirmed first, as the assembler numbers them
        found = [c for c in found if c.confirmed] + cohorts + [c for c in found if not c.confirmed]
        for k, c in enumerate(found):
            c.campaign_id = f"C{k + 1:04d}"
    by_id = {s.account_id: s for s in scores}
    confirmed = [c for c in found if c.confirmed]
    supplied = attach_suppliers(con, confirmed, set(by_id))
    # One pass over the (window-function) ``ex`` view for every confirmed member; each description then
    # reads this small table instead of re-evaluating the view over all exchanges five times per campaign.
    con.execute("""CREATE OR REPLACE TEMP TABLE campaign_ex AS
                   SELECT account_id, t, model, model_release_t, topic, prompt_hash, hour_idx FROM ex
                   WHERE account_id IN (SELECT unnest(?))""", [sorted({a for c in confirmed for a in c.members})])
    for c in confirmed:
        c.details = {**c.details, **describe(con, c.members, table="campaign_ex")}
        for a in c.members:
            s = by_id[a]
            s.campaign_id = c.campaign_id
            if s.verdict != Verdict.CAMPAIGN:
                s.verdict = Verdict.CAMPAIGN
            if a in supplied:
                s.reasons.insert(0, Reason("campaign", "linkage", float(len(c.members)), 0.0, 100.0,
                                           f"supplies confirmed campaign {c.campaign_id} ({len(c.members)} "
                                           f"accounts): {supplied[a]} of its prompts quote this account's answers "
                                           f"within {REUSE_MAX_DELAY_S / 60:g} min"))
                continue
            top = ", ".join(f"{i.attribute}" for i in c.indicators[:3]) or (
                "co-timed requests" if "coordinated_requests" in c.sources else
                "accounts taking turns" if "account_relay" in c.sources else
                "reused answers" if "output_reuse" in c.sources else "synchronised activity")
            how = route_note(c)
            pv = f"; p={c.p_value:.2g}" if c.p_value > 0 else ""  # output reuse has no chance model: no p-value
            s.reasons.insert(0, Reason("campaign", "linkage", float(len(c.members)), 0.0, 100.0,
                                       f"member of confirmed campaign {c.campaign_id} ({len(c.members)} accounts, "
                                       f"tied by {top}{pv}{how})"))
    # Harvest templates several campaigns share and ordinary accounts do not send: indicators for the gateway
    # (after the reasons, which name a campaign's own ties). Listed once, under the campaign holding most holders.
    # A cohort's own indicators are its kit, counted over the cohort alone; the same templates, counted over every
    # confirmed campaign and account with evidence, are what the gateway links new accounts on, so they are listed
    # as pooled templates too (under the campaign holding most of their holders; once per campaign).
    pooled = pooled_template_indicators(con, {c.campaign_id: c.members for c in confirmed},
                                        with_own_evidence(scores, assembler.min_mean_evidence),
                                        n_accounts=len(ids),
                                        listed={(i.attribute, i.value) for c in confirmed
                                                if all(c is not k for k in cohorts) for i in c.indicators})
    for c in confirmed:
        extra = pooled.get(c.campaign_id, [])
        again = {(i.attribute, i.value) for i in extra}
        c.indicators = [i for i in c.indicators if (i.attribute, i.value) not in again] + extra
    payload = [campaign_json(c) for c in found]
    (result.out / "campaigns.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    result.summary["campaigns"] = {
        "candidates": len(found), "confirmed": len(confirmed),
        "accounts_in_confirmed": sum(len(c.members) for c in confirmed),
        "template_cohorts": len(cohorts), "accounts_in_cohorts": sum(len(c.members) for c in cohorts),
        "pooled_wrappers": sum(i.attribute == "wrapper" for v in pooled.values() for i in v),
        "pooled_closings": sum(i.attribute == "closing" for v in pooled.values() for i in v),
        "facts": len(inputs.fact_account), "sync_actions": len(inputs.action_account),
        # co-timed requests across organisations (None: the logs carry no organisation ids, the route is off)
        "cotimed_pairs": None if inputs.cotimed is None else len(inputs.cotimed.a),
        "cotimed_pairs_tested": None if inputs.cotimed is None else inputs.cotimed.tested,
        # what the route counted as organisations: the logs' ids, or each account (customers, no ids in the logs)
        "cotimed_organisations": None if inputs.cotimed is None else (
            "account" if inputs.cotime_org is not None else "org_id"),
        "confirmed_by_coordinated_requests": sum("coordinated_requests" in c.confirmed_by for c in confirmed),
        "confirmed_by_account_relay": sum("account_relay" in c.confirmed_by for c in confirmed),
        # answers sent back as other organisations' prompts within minutes (None: the route is off)
        "reuse_flows": None if inputs.flows is None else len(inputs.flows.a),
        "confirmed_by_output_reuse": sum("output_reuse" in c.confirmed_by for c in confirmed),
        # accounts taken in because a confirmed campaign's prompts quote their answers (``attach_suppliers``)
        "answer_suppliers": len(supplied),
    }
    result.summary.setdefault("_html_sections", []).append(html_section(confirmed, len(found)))


def attach_suppliers(con: duckdb.DuckDBPyConnection, confirmed: list[Campaign], known: set[str]) -> dict[str, int]:
    """Take into each confirmed campaign the accounts whose answers its prompts quote minutes later
    (``linkage.duckdb_inputs.answer_suppliers``); an account supplying several goes to the one quoting it most.
    Lists them in the campaign's ``details["answer_suppliers"]``; returns account -> quoting prompts."""
    if not confirmed:
        return {}
    taken: dict[str, tuple[str, int]] = {}
    for cid, accounts in answer_suppliers(con, {c.campaign_id: c.members for c in confirmed}).items():
        for a, n in accounts:
            if a in known and (a not in taken or n > taken[a][1]):
                taken[a] = (cid, n)
    for c in confirmed:
        mine = sorted(((a, n) for a, (cid, n) in taken.items() if cid == c.campaign_id), key=lambda x: (-x[1], x[0]))
        if mine:
            c.members = [*c.members, *(a for a, _ in mine)]
            c.details = {**c.details, "answer_suppliers": [{"account_id": a, "quoting_prompts": n} for a, n in mine]}
    return {a: n for a, (_, n) in taken.items()}


def route_note(c: Campaign) -> str:
    """What confirmed a campaign without distillation-specific evidence, for its members' reasons (empty when
    that evidence confirmed it)."""
    if "specific_evidence" in c.confirmed_by:
        return ""
    notes = []
    cot = c.details.get("coordinated_requests")
    if "coordinated_requests" in c.confirmed_by and cot:
        notes.append(f"the same rare requests sent from several organisations within {cot['tolerance_s']:g} s of "
                     f"each other {cot['cotimed_prompts']} times where chance explains "
                     f"{cot['expected_by_chance']:.2g}")
    relay = c.details.get("account_relay")
    if "account_relay" in c.confirmed_by and relay:
        notes.append(f"short-lived sign-ups taking turns: {relay['handovers']} times one started within "
                     f"{relay['gap_s'] / 60:g} min of another's last request where chance explains "
                     f"{relay['expected_by_chance']:.2g}")
    reuse = c.details.get("output_reuse")
    if "output_reuse" in c.confirmed_by and reuse:
        notes.append(f"the model's answers to one organisation sent back as another's prompts within "
                     f"{reuse['max_delay_s'] / 60:g} min, both ways, {reuse['flows']} times "
                     f"({reuse['distinct_prompts']} distinct prompts)")
    if {"coordinated_anomaly", "coordinated_harness"} & set(c.confirmed_by):
        notes.append("anomalous accounts of several organisations")
    return "; " + ", ".join([*notes, "no reasoning elicitation"])


#: How an account runs, for attribution by templates (see ``CampaignAssembler._attach``): its rate, how many
#: days it worked and how much of each day; log scale where the feature spans orders of magnitude.
PROFILE: tuple[tuple[str, bool], ...] = (("requests_per_active_day", True), ("active_days", True),
                                         ("active_hour_fraction", False))


def with_own_evidence(scores: list[AccountScore], min_specific: float) -> list[str]:
    """Accounts with evidence of their own, for the pooled-template share: in the tail of the account score
    (``suspect``, ``watch``) or with at least ``min_specific`` of distillation-specific evidence.

    A harvest account a few hours old has sent a handful of requests: too few for the account score to reach the
    tail however they read, but its reasoning-elicitation share already sets it apart. Counted against a
    template, such accounts kept the harvest's templates out for the first half day of a campaign. Specific
    evidence is what campaign confirmation rests on (never scale or automation, which honest heavy users share),
    so an honest holder with little traffic still counts against the template unless its own prompts carry that
    evidence (one robust unit, as confirmation counts it)."""
    return [s.account_id for s in scores
            if s.verdict in (Verdict.SUSPECT, Verdict.WATCH) or s.specific_evidence >= min_specific]


def operating_profile(features: pa.Table, ids: list[str]) -> np.ndarray:
    """(len(ids), len(PROFILE)) operating profile per account, NaN where a feature is missing."""
    row = {a: i for i, a in enumerate(features.column("account_id").to_pylist())}
    take = np.array([row.get(a, -1) for a in ids], dtype=np.int64)
    out = np.full((len(ids), len(PROFILE)), np.nan)
    for j, (name, log) in enumerate(PROFILE):
        if name not in features.column_names:
            continue
        x = features.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
        x = np.log1p(np.maximum(x, 0.0)) if log else x
        out[take >= 0, j] = x[take[take >= 0]]
    return out


def campaign_json(c: Campaign) -> dict[str, Any]:
    return {
        "campaign_id": c.campaign_id, "confirmed": c.confirmed, "confirmed_by": c.confirmed_by, "p_value": c.p_value,
        "members": c.members, "n_members": len(c.members),
        "mean_specific_evidence": round(c.mean_specific_evidence, 4), "linked_by": c.sources,
        "indicators": [asdict(i) for i in c.indicators], "synchronized_templates": c.sync_constraints,
        **{k: v for k, v in c.details.items() if not k.startswith("_")},
    }


def describe(con: duckdb.DuckDBPyConnection, members: list[str], *, table: str = "ex") -> dict[str, Any]:
    """Capability, volume, time span, churn, model pivot and sample prompts of one campaign.

    ``table`` has the columns of the ``ex`` view that are used here (the scan passes a table holding only
    the confirmed members' rows)."""
    row = con.execute(f"""
        SELECT count(*), min(t), max(t), count(DISTINCT model),
               avg(CASE WHEN model_release_t IS NOT NULL THEN 1.0 ELSE 0.0 END)
        FROM {table} WHERE account_id IN (SELECT unnest(?))""", [members]).fetchall()[0]
    assert row is not None
    n, t0, t1, n_models, new_share = row
    topics = con.execute(f"""SELECT topic, count(*) AS n FROM {table} WHERE account_id IN (SELECT unnest(?))
                            AND topic IS NOT NULL GROUP BY topic ORDER BY n DESC, topic LIMIT 3""",
                         [members]).fetchall()
    spans = con.execute(f"""SELECT account_id, min(t), max(t) FROM {table} WHERE account_id IN (SELECT unnest(?))
                           GROUP BY account_id ORDER BY 2""", [members]).fetchall()
    # A replacement starts after another member has gone quiet for good (banned or exhausted).
    ends = sorted(e for _, _, e in spans)
    churn = sum(1 for _, s, _ in spans if ends and ends[0] < s)
    samples = con.execute(f"""
        SELECT s.template_text, count(*) AS n FROM {table} ex JOIN prompt_signals s ON s.prompt_hash = ex.prompt_hash
        WHERE account_id IN (SELECT unnest(?)) GROUP BY s.template_text ORDER BY n DESC, s.template_text LIMIT 3""",
                          [members]).fetchall()
    hourly = con.execute(f"""SELECT hour_idx, count(*) FROM {table} WHERE account_id IN (SELECT unnest(?))
                            GROUP BY hour_idx ORDER BY hour_idx""", [members]).fetchall()
    total = sum(c for _, c in topics) or 1
    return {
        "capability": topics[0][0] if topics else None,
        "capabilities": {t: round(c / total, 3) for t, c in topics},
        "exchanges": int(n), "first_seen_s": t0, "last_seen_s": t1, "span_hours": round((t1 - t0) / 3600, 1),
        "models": int(n_models), "new_model_share": round(float(new_share or 0), 3),
        "replacement_accounts": churn,
        "sample_templates": [str(t)[:300] for t, _ in samples if t],
        "_hourly": [(int(h), int(c)) for h, c in hourly],
    }


def _shown(indicator: Indicator, chars: int) -> str:
    """An indicator's value as the report prints it, in at most ``chars`` characters.

    A closing is a prompt's last characters, cut wherever they happen to start: it is shown from its first
    whole word, after an ellipsis. Any value cut to fit ends in one.
    """
    value = indicator.value
    if indicator.attribute == "closing":
        space = value.find(" ")
        value = "\u2026" + (value[space + 1:] if 0 <= space < 12 else value)
    return value if len(value) <= chars else value[: chars - 1] + "\u2026"


#: Indicators per campaign shown in report.html (campaigns.json keeps all of them, up to ``max_indicators``).
REPORT_INDICATORS = 8


def html_section(confirmed: list[Campaign], candidates: int) -> str:
    parts = [f"<h2>Campaigns ({len(confirmed)} confirmed of {candidates} linked groups)</h2>"]
    for c in confirmed:
        d = c.details
        hourly = d.get("_hourly", [])
        series: list[int] = []
        h0 = None
        if hourly:
            h0 = hourly[0][0]
            series = [0] * (hourly[-1][0] - h0 + 1)
            for h, n in hourly:
                series[h - h0] = n
        ind = "".join(f"<tr><td>{html.escape(i.attribute)}</td><td><code>{html.escape(_shown(i, 60))}</code></td>"
                      f"<td>{i.accounts_in_campaign} of its {i.accounts_total} holders</td><td>{i.bits:.1f} bits</td>"
                      f"</tr>" for i in c.indicators[:REPORT_INDICATORS])
        share = [(i.attribute + ": " + _shown(i, 40), i.accounts_in_campaign / len(c.members))
                 for i in c.indicators[:REPORT_INDICATORS]]
        more = len(c.indicators) - REPORT_INDICATORS
        if more > 0:
            ind += (f"<tr><td colspan='4' class='muted'>and {more} more in campaigns.json (every one goes to the "
                    f"gateway for linking new accounts online)</td></tr>")
        cot = d.get("coordinated_requests")
        cotimed = (f"<p>Co-timed requests: {cot['cotimed_prompts']:,} times two of its organisations sent the same "
                   f"prompt within {cot['tolerance_s']:g} s of each other ({cot['distinct_prompts']:,} distinct "
                   f"prompts, {cot['linked_pairs']:,} linked pairs of accounts); chance explains "
                   f"{cot['expected_by_chance']:.2g} ({cot['pairs_tested']:,} pairs tested, busy-hour factor "
                   f"{cot['kappa']:.2f}).</p>" if cot else "")
        rel = d.get("account_relay")
        if rel:
            cotimed += (f"<p>Accounts taking turns: {rel['accounts']:,} short-lived sign-ups running "
                        f"(<code>{html.escape(', '.join(rel['clients'])[:120])}</code>) over "
                        f"{rel['span_hours']:g} h; {rel['handovers']:,} times one started within "
                        f"{rel['gap_s'] / 60:g} min of another's last request, where chance explains "
                        f"{rel['expected_by_chance']:.2g}, {rel.get('longest_run', 0):,} times in a row "
                        f"({rel['clients_tested']:,} clients tested).</p>")
        reu = d.get("output_reuse")
        if reu:
            cotimed += (f"<p>Reused answers: {reu['flows']:,} times the model's answer to one of its organisations "
                        f"came back as another's prompt within {reu['max_delay_s'] / 60:g} min "
                        f"({reu['distinct_prompts']:,} distinct prompts; {reu['pairs_both_ways']:,} pairs of accounts "
                        f"with answers flowing both ways).</p>")
        alone = ("No shared infrastructure." if cot or rel or reu else
                 "No shared infrastructure: linked by synchronised activity on the same prompt openings.")
        shared = cotimed + (
            f"<p class='muted'>Share of the campaign's accounts holding each indicator:</p>{svg.bars(share)}"
            f"<table><tr><th>indicator</th><th>value</th><th>holders</th><th>narrows by</th></tr>{ind}</table>"
            if c.indicators else f"<p class='muted'>{alone}</p>")
        parts.append(
            f"<div class='acct'><b>{c.campaign_id}</b> · {len(c.members)} accounts · {d.get('exchanges')} exchanges"
            f" · capability <b>{html.escape(str(d.get('capability')))}</b> · {d.get('span_hours')} h · "
            f"{d.get('replacement_accounts')} replacement accounts · linked by {', '.join(c.sources)} · "
            f"confirmed by {html.escape(', '.join(c.confirmed_by).replace('_', ' '))}"
            + (f" · p={c.p_value:.2g}" if c.p_value > 0 else "")
            + f"<div>{svg.timeline(series, start_hour=h0)}</div>{shared}"
            + "".join(f"<p><code>{html.escape(t)}</code></p>" for t in d.get("sample_templates", []))
            + "</div>")
    return "\n".join(parts)
