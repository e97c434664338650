"""Assemble linked accounts into campaigns and decide, without labels, which are confirmed.

Candidates come from two detectors over the whole population:

- shared rare attributes (``AttributeLinker``): payment fingerprints, networks, user agents,
  organisations, rare prompt templates, each weighted by rarity, so a big NAT or a popular
  SDK says little;
- synchronised activity (``SynchroTrap``): accounts hitting the same template within seconds
  of each other, slice after slice; only harvest templates count (at least ``attach_own_share`` of the
  accounts sending them have distillation-specific evidence of their own): a popular honest template, a study
  app's phrasing that hundreds of students send every evening, coincides within minutes by chance alone, and
  the few of its senders with some evidence of their own would otherwise be linked by the crowd around them;
- shared values: the holders of every value held by at least ``min_members`` accounts are a candidate
  group of their own and tested like any other. A value held by more than ``attribute_cap`` accounts is
  too common to tie pairs of accounts in the graph (a university NAT, a cloud egress range, a popular
  SDK), and one held by a dozen is too weak to make an edge alone (its rarity weight is below
  ``min_edge_weight``): without this test a proxy /24 behind 39 harvesting accounts and nothing else
  would tie no one. A payment
  method behind a hundred accounts is the strongest tie there is when those accounts harvest,
  and a campus network behind a hundred students is nothing; the test below tells them apart.

Each group is a candidate on its own (merging weakly linked groups first would chain
unrelated accounts through shared egress ranges). A candidate is **confirmed** when its
members' *distillation-specific* evidence (reasoning elicitation; never scale, automation, new
accounts or model pivots, which honest heavy groups share) is on average far above that of
ordinary accounts: with ``mu0, sd0`` the
mean and standard deviation of that evidence under the null model, a group of ``m`` members
with mean ``x`` has ``z = (x - mu0) / (sd0 / sqrt(m))`` and one-sided p-value ``Phi(-z)``;
confirmed when ``p <= alpha / candidates`` (Bonferroni) **and** the mean itself is at least
``min_mean_evidence`` (one robust unit: members are on average as strong on specific evidence as
a single account has to be to count), so that a group of thousands is not confirmed on a tiny
shift of its mean, and so is its median (at least half the members show that evidence themselves: a
few strong harvesters cannot carry a crowd of ordinary accounts that happen to share a value).
Confirmed groups that share accounts, or whose members share a rare value (a card, a proxy /24), are
then merged into one campaign: a campaign spreads over several cards, each a slice.
Linkage lets many individually modest accounts add up: that is what a hydra cluster is.

A second, weaker route (``coordinated_anomaly``) confirms a group that has no distillation-specific
evidence: the holders of one card or one client network (a shared value of an ``infrastructure_attributes``
kind), spread over at least ``min_members`` organisations, most of whom are each in the tail of the account
score on their own evidence (``flagged`` or ``associates``). Under the null every account is in the tail with
the population's tail share ``q``, so ``k`` tail members out of ``m`` holders have the binomial p-value
``P(X >= k)``; confirmed when it is at most ``alpha / candidates`` and at least half the holders are in the
tail, and the group keeps only its tail members. It needs organisation ids: one customer's many keys behind
its own egress are one organisation, not a cluster of fraudulent sign-ups, and without ids the two cannot be
told apart (``LinkageInputs.org`` None turns the route off, and an account without an id counts toward no
organisation: twenty researchers' keys on a university network, none with an organisation id, are not twenty
organisations). Tail accounts that repeat a handful of prompts (a CI smoke test) are no harvest and are left out
of the tail (``_tail``). The campaign's ``confirmed_by`` names the route;
a consumer may answer it less firmly than distillation evidence (the gateway asks for identity verification).

A third route (``coordinated_harness``) reaches a harvest spread thinly over many networks, a few anomalous
accounts on each: the same card or network group is confirmed when at least half its holders run one
*enriched harness* (a system prompt, ``LinkageInputs.harness_value``, whose runners are in the tail far more
often than the population: binomial p at most ``alpha / harnesses tested``, tail runners from at least
``min_members`` organisations), and the group's tail runners, at least ``min_members`` accounts of as many
organisations, are an excess over the tail share at ``alpha`` itself. The group keeps its tail runners.

A fifth route (``coordinated_requests``, ``linkage.cotiming``; the template cohorts of ``template_cohorts`` are the
fourth) needs neither specific evidence nor the tail: accounts of different organisations that sent the same rare
prompts within seconds of each other far more often than each prompt's popularity explains (a side-by-side
sampler, a best-of-N fan-out), linked pair by pair at ``alpha / pairs tested``, a group of several organisations
and many distinct prompts. It counts organisations; where the logs carry no organisation ids but the accounts are
customers (not API keys or client addresses), each account counts as its own.

A sixth route (``account_relay``, ``linkage.relay``) confirms short-lived accounts in the tail that take turns (each
one's first request soon after another's last, run after run, from one client) far more often than any stream of
sign-ups does by chance; it needs organisation ids or sign-up times to count separate sign-ups. A seventh
(``output_reuse``, ``linkage.reuse``) confirms organisations that send one another's answers back as prompts within
minutes, both ways (a synthetic-data pipeline over sign-ups).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.special import ndtr
from scipy.stats import binom

from antidistill.linkage.attribute_graph import AttributeLinker
from antidistill.linkage.cotiming import COTIME_MIN_ORGS, CotimedGroup, CotimedPairs, cotimed_groups
from antidistill.linkage.relay import RELAY_MIN_ACCOUNTS, RelayGroup, relay_groups
from antidistill.linkage.reuse import OutputFlows, ReuseGroup, reuse_groups
from antidistill.linkage.synchro import SynchroTrap

#: Fewer distinct prompts than this, each sent twice on average, is no harvest (``CampaignAssembler._tail``): a
#: distillation set is many different prompts, and the shared-wrapper and pooled-template rules ask for as many.
HARVEST_MIN_DISTINCT = 20

#: Shared values that tie accounts by what they send rather than by who they are: an opening (``wrapper``) or a
#: closing put in front of or after many payloads.
CONTENT_ATTRIBUTES = frozenset({"wrapper", "closing"})


@dataclass(frozen=True)
class Indicator:
    """A value the campaign's accounts share, ranked by how far it narrows the population (bits)."""

    attribute: str
    value: str
    accounts_in_campaign: int
    accounts_total: int
    bits: float
    #: a harvest template several confirmed campaigns share: ``accounts_in_campaign`` counts its holders that are
    #: members of any confirmed campaign or have evidence of their own, and the campaign listing it holds most of them
    #: (``linkage.duckdb_inputs.pooled_template_indicators``)
    pooled: bool = False


@dataclass
class Campaign:
    campaign_id: str
    members: list[str]
    confirmed: bool
    p_value: float
    mean_specific_evidence: float
    sources: list[str]
    indicators: list[Indicator] = field(default_factory=list)
    sync_constraints: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    #: how a confirmed campaign was confirmed: ``specific_evidence`` (its members' distillation-specific
    #: evidence), ``coordinated_anomaly`` (a shared card or network of anomalous accounts of several
    #: organisations, no specific evidence), ``coordinated_harness`` (the same, tied by one enriched harness),
    #: or several when groups of each kind merged
    confirmed_by: list[str] = field(default_factory=list)


#: Requests carrying a cohort's harvest templates that make an account one of its members
#: (``CampaignAssembler.template_cohorts``): a template tried once or twice is curiosity, the third is work; the
#: gateway links a new account on its third request carrying a pooled template for the same reason.
COHORT_MIN_USES = 3


@dataclass(frozen=True)
class TemplateHolders:
    """A harvest template (an opening, attribute ``wrapper``, or a closing) and who in the population sends it
    (``linkage.duckdb_inputs.harvest_template_holders``)."""

    attribute: str
    value: str
    holders: int  # accounts of the whole population sending it
    evidence_sum: float  # their distillation-specific evidence, summed
    evidence_median: float
    accounts: list[str]  # the holders with evidence of their own
    uses: list[int]  # requests of each of those carrying the template


@dataclass(frozen=True)
class LinkageInputs:
    """Everything the assembly needs, as flat arrays (built from any engine)."""

    accounts: np.ndarray  # (n_accounts,) account ids
    specific_evidence: np.ndarray  # (n_accounts,) sum of the distillation-specific kinds per account
    fact_account: np.ndarray  # (n_facts,) account code (index into ``accounts``) of each fact
    fact_attribute: np.ndarray  # (n_facts,)
    fact_value: np.ndarray  # (n_facts,)
    action_account: np.ndarray  # (n_actions,) account code of each (account, time, constraint) action
    action_time: np.ndarray  # (n_actions,) seconds
    action_constraint: np.ndarray  # (n_actions,)
    #: (n_actions,) accounts of the whole population that send the action's constraint (None: unknown, then
    #: only the accounts in the actions are counted)
    action_holders: np.ndarray | None = None
    #: (n_accounts,) bool: flagged on the account's own evidence (None: use ``specific_evidence >= 1``)
    flagged: np.ndarray | None = None
    #: (n_accounts,) bool: not flagged, but in the tail of the account score on its own evidence (``watch``).
    #: Such an account may be attributed to a confirmed campaign whose harvest templates carry its traffic
    #: (see ``CampaignAssembler._attach``); its actions never take part in synchronisation.
    associates: np.ndarray | None = None
    #: (n_actions,) the closing of the same prompt (its last characters): a wrapper can follow the payload
    #: ("<task> Print your complete reasoning"). Used for attribution only, with ``closing_holders`` (accounts
    #: of the population sending it). None: openings only.
    action_closing: np.ndarray | None = None
    closing_holders: np.ndarray | None = None
    #: (n_accounts, k) operating profile (e.g. log requests per active day, log active days, share of hours
    #: active; NaN where unknown). Attribution by templates also asks that an account work the way the
    #: campaign's members do (see ``CampaignAssembler._attach``). None: templates only.
    profile: np.ndarray | None = None
    #: (n_accounts,) organisation id per account (None where the log has none for it). None for the whole
    #: array: the logs carry no organisation ids, and the ``coordinated_anomaly`` route is off.
    org: np.ndarray | None = None
    #: (n_runs,) account code and (n_runs,) harness (a system prompt, normalised) for each harness an account
    #: runs in a good share of its requests (``coordinated_harness`` route). None: no harnesses known.
    harness_account: np.ndarray | None = None
    harness_value: np.ndarray | None = None
    #: (n_runs,) share of the account's requests that carry the harness (None: unknown; attribution by harness off)
    harness_share: np.ndarray | None = None
    #: (n_accounts,) requests and distinct prompts per account (None: unknown). An account repeating a handful of
    #: prompts is never in the tail for the coordinated routes (``CampaignAssembler._tail``).
    requests: np.ndarray | None = None
    distinct_prompts: np.ndarray | None = None
    #: (n_actions,) accounts of the population sending the action's opening that have distillation-specific
    #: evidence of their own (None: unknown, every opening may be a synchronisation constraint)
    action_own_holders: np.ndarray | None = None
    #: co-timed requests of accounts of different organisations (``linkage.cotiming``): the ``coordinated_requests``
    #: route. None: not looked for, or the logs carry no organisation ids (the route is off).
    cotimed: CotimedPairs | None = None
    #: (n_accounts,) ``specific_evidence`` with the grading prompts taken out (None: not known, the same). A
    #: group tied only by what its accounts send is tested on it (see ``CampaignAssembler._graded_view``).
    specific_ungraded: np.ndarray | None = None
    #: the same, of one end of the prompts (the opening, then the closing; ``duckdb_inputs.COTIME_KEYS``): one item
    #: sent under each account's own instruction. Each is a test of its own, at ``alpha`` over the tests made.
    cotimed_ends: tuple[CotimedPairs, ...] = ()
    #: (n_accounts,) seconds of each account's first and last request (NaN: unknown), its most frequent user agent
    #: (None: unknown) and its sign-up time (NaN: unknown; the whole array None: the logs carry none): the
    #: ``account_relay`` route (``linkage.relay``). None: not looked for.
    first_seen: np.ndarray | None = None
    last_seen: np.ndarray | None = None
    client: np.ndarray | None = None
    created: np.ndarray | None = None
    #: (n_accounts,) bool: the provider shut the account off in the log: refused with 403 (forbidden: deactivated,
    #: banned, blocked by the gateway) after its last served request, and never served again. The
    #: provider's own enforcement is evidence of the account's own for the ``account_relay`` route (a banned
    #: account replaced at once). None: the logs carry no HTTP status.
    shut_off: np.ndarray | None = None
    #: (n_accounts,) the organisation each account counts as for the ``coordinated_requests`` and ``output_reuse``
    #: routes when the logs carry no organisation ids but the accounts are customers
    #: (``duckdb_inputs._accounts_are_customers``): the account itself (an STS session: its role). None: ``org`` is
    #: used (see ``organisations``).
    cotime_org: np.ndarray | None = None
    #: the model's answers to one organisation sent as another's prompts within minutes (``linkage.reuse``): the
    #: ``output_reuse`` route. None: not looked for, or no way to count organisations (the route is off).
    flows: OutputFlows | None = None

    def organisations(self) -> np.ndarray | None:
        """What the organisation-counting routes (co-timed requests, reused answers) count as each account's
        organisation: the logs' ids, else ``cotime_org`` (each customer account its own), else None (off)."""
        return self.org if self.org is not None else self.cotime_org


def _value_index(inputs: LinkageInputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (attribute, value) keys of the facts: ``uniq``, each fact's key index ``inv``, the distinct
    (key, account) ``pairs`` sorted by key, and ``holders`` (distinct accounts) per key."""
    keys = np.char.add(np.char.add(inputs.fact_attribute.astype(str), "\x1f"), inputs.fact_value.astype(str))
    uniq, inv = np.unique(keys, return_inverse=True)
    pairs = np.unique(np.stack([inv, inputs.fact_account.astype(np.int64)], axis=1), axis=0)
    return uniq, inv, pairs, np.bincount(pairs[:, 0], minlength=len(uniq))


def _within_range(prof: np.ndarray | None, members: Any, n_acc: int) -> np.ndarray:
    """(n_acc,) bool: each account's operating profile lies inside the ``members``' range on every dimension
    known for both (all True without a profile)."""
    if prof is None:
        return np.ones(n_acc, dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a dimension no member has: no constraint
        lo, hi = np.nanmin(prof[members], axis=0), np.nanmax(prof[members], axis=0)
    return np.all(np.isnan(prof) | np.isnan(lo) | ((prof >= lo) & (prof <= hi)), axis=1)


class CampaignAssembler:
    """Candidate groups from linkage, merged, then confirmed against the null (see the module docstring)."""

    def __init__(self, *, alpha: float = 1e-3, min_members: int = 3, attribute_cap: int = 50,
                 min_edge_weight: float = 1.0, sync_tolerance_s: float = 900.0, sync_threshold: float = 0.2,
                 sync_fanout_cap: int = 200, max_indicators: int = 500, min_mean_evidence: float = 1.0,
                 widely_shared_max_share: float = 0.05, attach_member_share: float = 0.2,
                 attach_traffic_share: float = 0.5, attach_own_share: float = 0.5,
                 software_attributes: frozenset[str] = frozenset({"user_agent"}),
                 value_group_min: int | None = None, sync_holder_cap: int = 1000,
                 infrastructure_attributes: tuple[str, ...] = ("payment", "network")) -> None:
        self.alpha = alpha
        self.min_members = min_members
        self.attribute_cap = attribute_cap
        self.min_edge_weight = min_edge_weight
        self.sync_tolerance_s = sync_tolerance_s
        self.sync_threshold = sync_threshold
        self.sync_fanout_cap = sync_fanout_cap
        self.max_indicators = max_indicators
        self.min_mean_evidence = min_mean_evidence
        self.widely_shared_max_share = widely_shared_max_share
        self.attach_member_share = attach_member_share
        self.attach_traffic_share = attach_traffic_share
        self.attach_own_share = attach_own_share
        self.software_attributes = software_attributes
        #: values that tie an associate to a campaign's own infrastructure (``_attach_by_infrastructure``)
        self.infrastructure_attributes = infrastructure_attributes
        #: holders of a value from which the value is a candidate group of its own (default: ``min_members``)
        self.value_group_min = min_members if value_group_min is None else value_group_min
        #: an opening sent by more accounts of the population than this is no synchronisation constraint
        #: ("thanks, that helps." typed by thousands within 15 minutes is not coordination); it still counts
        #: for attribution when it is a harvest template (see ``_attach``)
        self.sync_holder_cap = sync_holder_cap

    def assemble(self, inputs: LinkageInputs, *, null_mean: float, null_sd: float) -> list[Campaign]:
        """Candidate groups from each detector, each tested on its own; confirmed ones that overlap merge."""
        index = {a: i for i, a in enumerate(inputs.accounts.tolist())}
        ids = inputs.accounts

        def named(members: Sequence[Any]) -> list[str]:
            return [str(ids[int(m)]) for m in members]

        groups: list[tuple[str, list[str], Any]] = []
        if len(inputs.fact_account):
            attr = AttributeLinker(cap=self.attribute_cap, min_edge_weight=self.min_edge_weight,
                                   min_group_size=self.min_members,
                                   attribute_weights=self._weights(inputs)).detect(
                inputs.fact_account, inputs.fact_attribute, inputs.fact_value)
            groups += [("shared_attributes", named(g.members), g) for g in attr.groups]
        if len(inputs.action_account):
            own = inputs.specific_evidence[inputs.action_account.astype(np.int64)] >= self.min_mean_evidence
            if inputs.action_holders is not None:
                own &= (inputs.action_holders >= 2) & (inputs.action_holders <= self.sync_holder_cap)
                if inputs.action_own_holders is not None:  # harvest templates only (see the module docstring)
                    own &= inputs.action_own_holders >= self.attach_own_share * inputs.action_holders
            sync = SynchroTrap(tolerance_s=self.sync_tolerance_s, threshold=self.sync_threshold,
                               fanout_cap=self.sync_fanout_cap, min_group_size=self.min_members).detect(
                inputs.action_account[own], inputs.action_time[own], inputs.action_constraint[own])
            groups += [("synchronized_activity", named(g.members), g) for g in sync.groups]
        groups += [("shared_value", named(m.tolist()), v) for m, v in self._shared_values(inputs)]
        groups = [g for g in groups if len(g[1]) >= self.min_members and all(a in index for a in g[1])]
        tested = []
        views = [self._graded_view(inputs, source, obj) for source, _, obj in groups]
        for (source, members, obj), view in zip(groups, views, strict=True):
            ev = view.specific_evidence[[index[a] for a in members]]
            m = len(members)
            z = (float(ev.mean()) - null_mean) / (null_sd / math.sqrt(m)) if null_sd > 0 else 0.0
            tested.append((source, members, obj, float(ndtr(-z))))
        limit = self.alpha / max(len(tested), 1)  # Bonferroni over every group tested
        ok = [g[3] <= limit and self._mean(v, index, g[1]) >= self.min_mean_evidence
              and self._median(v, index, g[1]) >= self.min_mean_evidence for g, v in zip(tested, views, strict=True)]
        trimmed = [self._own_evidence(v, index, g) if k else g for g, k, v in zip(tested, ok, views, strict=True)]
        # a shared value keeps only its holders with evidence of their own; fewer than ``min_members`` of them
        # is no campaign (two flagged accounts behind one ISP /24 are two suspects, not an operation)
        ok = [k and len(t[1]) >= self.min_members for t, k in zip(trimmed, ok, strict=True)]
        confirmed = [(*t, "specific_evidence") for t, k in zip(trimmed, ok, strict=True) if k]
        tail = self._tail(inputs)
        harness = None if tail is None else self._harnesses(inputs, tail)
        anomalous = [None if k or tail is None else self._coordinated_anomaly(inputs, index, g, limit, tail, harness)
                     for g, k in zip(tested, ok, strict=True)]
        confirmed += [a for a in anomalous if a is not None]
        confirmed += self._coordinated_requests(inputs)
        confirmed += self._account_relays(inputs)
        confirmed += self._output_reuse(inputs)
        rejected = [(*g, "") for g, k, a in zip(tested, ok, anomalous, strict=True) if not k and a is None]
        out: list[Campaign] = []
        for confirmed_flag, batch in ((True, confirmed), (False, rejected)):
            if confirmed_flag:
                merged = self._merge([(s, m, (o, p, r)) for s, m, o, p, r in batch], index,
                                     self._value_links(inputs, index, [m for _, m, _, _, _ in batch]))
            else:
                merged = [(sorted(m), [(s, (o, p, r))]) for s, m, o, p, r in batch]
            for members, parts in sorted(merged, key=lambda c: (-len(c[0]), c[0][0])):
                ev = inputs.specific_evidence[[index[a] for a in members]]
                out.append(Campaign(
                    campaign_id="", members=sorted(members), confirmed=confirmed_flag,
                    p_value=min(p for _, (_, p, _) in parts), mean_specific_evidence=float(ev.mean()),
                    sources=sorted({s for s, _ in parts}),
                    indicators=self._indicators([(s, o) for s, (o, _, _) in parts]),
                    sync_constraints=self._constraints([(s, o) for s, (o, _, _) in parts]),
                    confirmed_by=sorted({r for _, (_, _, r) in parts if r}),
                    details={**self._cotimed_details([o for s, (o, _, _) in parts if s == "coordinated_requests"],
                                                     inputs.cotimed),
                             **self._relay_details([o for s, (o, _, _) in parts if s == "account_relay"]),
                             **self._reuse_details([o for s, (o, _, _) in parts if s == "output_reuse"],
                                                   inputs.flows)},
                ))
        self._attach(inputs, index, [c for c in out if c.confirmed])
        self._attach_by_infrastructure(inputs, index, [c for c in out if c.confirmed])
        if harness:
            self._attach_by_harness(inputs, index, [c for c in out if c.confirmed], harness)
        for k, c in enumerate(out):
            c.campaign_id = f"C{k + 1:04d}"
        return out

    def template_cohorts(self, templates: Sequence[TemplateHolders], tested: int, assigned: Collection[str],
                         evidence: Mapping[str, float], *, n_accounts: int, null_mean: float, null_sd: float
                         ) -> list[Campaign]:
        """Confirmed cohorts of accounts harvesting with the same extraction templates (a fourth route).

        A reseller hydra of thousands of accounts, each replaced as soon as it is banned and each sending a
        couple of dozen requests, shares no card or network and no synchronised burst, and every one of its
        templates is sent by far more accounts than linkage ties pairs over. What it shares is the kit: the
        same handful of reconstruction and reasoning-extraction templates in front of every payload. Each
        template (``templates``; ``tested`` of them were looked at) is tested like a candidate group: its
        holders' mean specific evidence against the null, at ``alpha / tested``, the mean and the median at
        least ``min_mean_evidence``, over **all** its holders, so a public phrasing that honest users also send
        is not confirmed by the harvesters among them. The holders with evidence of their own that no confirmed
        campaign holds and that sent the confirmed templates at least ``COHORT_MIN_USES`` times are members;
        templates that share such accounts form one cohort (the same kit), at least ``min_members`` strong. An
        ordinary account never joins: membership needs its own evidence. Several operations drawing on one public
        kit come out as one cohort: it says who harvests, not who is behind them.
        """
        limit = self.alpha / max(tested, 1)
        passed: list[tuple[TemplateHolders, float]] = []
        for t in templates:
            if t.holders <= 0:
                continue
            mean = t.evidence_sum / t.holders
            z = (mean - null_mean) / (null_sd / math.sqrt(t.holders)) if null_sd > 0 else 0.0
            p = float(ndtr(-z))
            if p <= limit and mean >= self.min_mean_evidence and t.evidence_median >= self.min_mean_evidence:
                passed.append((t, p))
        taken = set(assigned)
        acc_ids: dict[str, int] = {}
        rows, cols, uses = [], [], []
        for k, (t, _) in enumerate(passed):
            for a, u in zip(t.accounts, t.uses, strict=True):
                if a in taken:
                    continue
                rows.append(acc_ids.setdefault(a, len(acc_ids)))
                cols.append(k)
                uses.append(u)
        if not rows:
            return []
        n_acc, n_tpl = len(acc_ids), len(passed)
        # accounts and templates as one graph: templates sharing a holder are one kit
        graph = coo_matrix((np.ones(len(rows)), (np.asarray(rows), n_acc + np.asarray(cols))),
                           shape=(n_acc + n_tpl, n_acc + n_tpl))
        _, label = connected_components(graph, directed=False)
        used = np.bincount(np.asarray(rows), weights=np.asarray(uses, dtype=np.float64), minlength=n_acc)
        names = np.array(list(acc_ids), dtype=object)
        out: list[Campaign] = []
        for comp in np.unique(label[:n_acc]):
            members = np.flatnonzero((label[:n_acc] == comp) & (used >= COHORT_MIN_USES))
            if len(members) < self.min_members:
                continue
            keep = set(members.tolist())
            held: dict[int, int] = {}
            for r, c in zip(rows, cols, strict=True):
                if r in keep:
                    held[c] = held.get(c, 0) + 1
            indicators = sorted(
                (Indicator(passed[c][0].attribute, passed[c][0].value, n, passed[c][0].holders,
                           math.log2(max(n_accounts, 1) / passed[c][0].holders)) for c, n in held.items()),
                key=lambda i: (-i.accounts_in_campaign, -i.bits, i.attribute, i.value))[: self.max_indicators]
            ids = sorted(str(a) for a in names[members])
            out.append(Campaign(
                campaign_id="", members=ids, confirmed=True, p_value=min(passed[c][1] for c in held),
                mean_specific_evidence=float(np.mean([evidence[a] for a in ids])), sources=["harvest_templates"],
                indicators=indicators, confirmed_by=["specific_evidence"]))
        return sorted(out, key=lambda c: (-len(c.members), c.members[0]))

    def _attach(self, inputs: LinkageInputs, index: dict[str, int], campaigns: list[Campaign]) -> None:
        """Attribute unlinked accounts with their own evidence to the confirmed campaign whose harvest
        templates carry most of their traffic and whose members work the way they do.

        A campaign spreads over cards and networks of its own for part of its accounts (the reports' hydra
        and multi-path clusters); those members share nothing with the rest but the work itself. A
        campaign's *characteristic* templates are prompt openings or closings that at least
        ``attach_member_share`` of its members send (and three at least) and that are harvest templates: at
        least ``attach_own_share`` of the accounts in the whole population sending them have specific evidence
        of their own (a popular task, or a public dataset's question that a campaign happens to use, is no
        fingerprint of it). An account joins when it is flagged on its own evidence (``flagged``) and at
        least ``attach_traffic_share`` of its requests open or close with one campaign's characteristic
        templates. Several operations may harvest with the same public elicitation templates; they are told
        apart by how their accounts run: of the campaigns that qualify, the one whose members' median operating
        profile (``profile``: rate, days worked, hours a day) is nearest to the account's, in interquartile
        units on the worst dimension, wins (without a profile, the one carrying most of its traffic).

        An account in the tail of the score that is not flagged (``associates``: ``watch``, the top 1% on its
        own evidence without the distillation-specific kind, e.g. a volume harvester that asks for answers,
        not reasoning) joins on the same terms: two independent lines of evidence, its own anomaly and most of
        its traffic being templates that a confirmed campaign harvests with and that mostly flagged accounts
        send. An ordinary account never joins by its templates alone.
        """
        if not campaigns or not len(inputs.action_account):
            return
        n_acc = len(inputs.accounts)
        acc = inputs.action_account.astype(np.int64)
        has_own = (inputs.specific_evidence >= self.min_mean_evidence).astype(np.float64)
        total = np.bincount(acc, minlength=n_acc).astype(np.float64)
        member_codes = [np.array([index[a] for a in c.members], dtype=np.int64) for c in campaigns]
        # per prompt end (opening, closing): each request's template code, which accounts send each template,
        # and whether the template is a harvest template (mostly sent by accounts with evidence of their own)
        ends = []
        for constraint, pop_holders in ((inputs.action_constraint, inputs.action_holders),
                                        (inputs.action_closing, inputs.closing_holders)):
            if constraint is None:
                continue
            consts, k = np.unique(constraint, return_inverse=True)
            used = sp.csr_matrix((np.ones(len(acc)), (acc, k)), shape=(n_acc, len(consts)))
            used.data[:] = 1.0
            if pop_holders is not None:
                holders = np.zeros(len(consts))
                holders[k] = pop_holders
            else:
                holders = np.asarray(used.sum(axis=0)).ravel()
            harvest = np.asarray(used.T @ has_own).ravel() >= self.attach_own_share * holders
            ends.append((k, used, harvest))
        share = np.zeros((n_acc, len(campaigns)))  # share of each account's requests on a campaign's templates
        for ci, codes in enumerate(member_codes):
            hit = np.zeros(len(acc), dtype=bool)  # the request opens or closes with a characteristic template
            for k, used, harvest in ends:
                members_using = np.asarray(used[codes].sum(axis=0)).ravel()
                hit |= ((members_using >= max(3.0, self.attach_member_share * len(codes))) & harvest)[k]
            share[:, ci] = np.bincount(acc, weights=hit, minlength=n_acc) / np.maximum(total, 1.0)
        camp_of = np.full(n_acc, -1, dtype=np.int64)
        for ci, codes in enumerate(member_codes):
            camp_of[codes] = ci
        eligible = share >= self.attach_traffic_share
        rank = -share  # lower is better: the campaign carrying most of the account's traffic
        if inputs.profile is not None:
            prof = np.asarray(inputs.profile, dtype=np.float64).reshape(n_acc, -1)
            for ci, codes in enumerate(member_codes):
                members = prof[codes]
                with warnings.catch_warnings():  # a profile column unknown for every member: no constraint
                    warnings.simplefilter("ignore", RuntimeWarning)
                    q1, med, q3 = np.nanquantile(members, [0.25, 0.5, 0.75], axis=0)
                    # robust distance to the members' median, in interquartile units, worst known dimension:
                    # the nearest operation wins (nothing known: distance 0)
                    dist = np.abs(prof - med) / np.maximum((q3 - q1) / 1.349, 1e-6)
                    rank[:, ci] = np.nan_to_num(np.nanmax(dist, axis=1), nan=0.0)
        rank = np.where(eligible, rank, np.inf)
        best = rank.argmin(axis=1)
        own = (inputs.flagged if inputs.flagged is not None
               else inputs.specific_evidence >= self.min_mean_evidence)
        if inputs.associates is not None:
            own = own | inputs.associates
        ok = (camp_of < 0) & (total > 0) & np.isfinite(rank[np.arange(n_acc), best]) & own
        self._join(inputs, index, campaigns, {int(a): int(best[a]) for a in np.flatnonzero(ok)}, "shared_templates")

    def _attach_by_infrastructure(self, inputs: LinkageInputs, index: dict[str, int],
                                  campaigns: list[Campaign]) -> None:
        """Attribute ``associates`` (``watch``: in the tail of the score on their own evidence) that run on a
        confirmed campaign's own infrastructure and work the way its members do.

        A reseller hydra rotates its accounts over a pool of proxy networks and cards; some of them harvest
        with wording the per-prompt classifier misses, so they carry no distillation-specific evidence and
        the confirmation (rightly) leaves them out. A value (``infrastructure_attributes``: a card, a /24) is
        the campaign's *own* when at least ``max(3, attach_member_share * members)`` members hold it and at
        least ``attach_own_share`` of all its holders are members or in the score's tail themselves: a
        reseller proxy that also carries honest resold traffic, or a campus NAT, is nobody's own. An
        associate joins when at least ``attach_traffic_share`` of its values of one such attribute are the
        campaign's own and (with ``profile``) its operating profile lies inside the members' range on every
        known dimension. Three lines of evidence, none of them labels: its own anomaly, the campaign's
        infrastructure, the campaign's way of working. An ordinary (``clear``) account never joins this way.
        """
        if not campaigns or inputs.associates is None or not len(inputs.fact_account):
            return
        n_acc = len(inputs.accounts)
        assoc = np.asarray(inputs.associates, dtype=bool)
        flagged = (np.asarray(inputs.flagged, dtype=bool) if inputs.flagged is not None
                   else inputs.specific_evidence >= self.min_mean_evidence)
        member_of = np.full(n_acc, -1, dtype=np.int64)
        for ci, c in enumerate(campaigns):
            member_of[[index[a] for a in c.members]] = ci
        candidates = assoc & (member_of < 0)
        if not candidates.any():
            return
        uniq, _, pairs, holders = _value_index(inputs)
        attr_of = np.array([str(u).split("\x1f", 1)[0] for u in uniq], dtype=object)
        prof = (np.asarray(inputs.profile, dtype=np.float64).reshape(n_acc, -1) if inputs.profile is not None
                else None)
        key, acc = pairs[:, 0], pairs[:, 1]
        tail = (member_of >= 0) | assoc | flagged  # holders that are members or anomalous themselves
        tail_holders = np.bincount(key, weights=tail[acc].astype(np.float64), minlength=len(uniq))
        # per infrastructure attribute: which (value, account) pairs are of it, and each account's values of it
        per_attr = [(m, np.maximum(np.bincount(acc[m], minlength=n_acc), 1).astype(np.float64))
                    for m in (attr_of[key] == a for a in self.infrastructure_attributes) if m.any()]
        joined: dict[int, int] = {}
        for ci, c in enumerate(campaigns):
            is_member = member_of[acc] == ci
            member_holders = np.bincount(key, weights=is_member.astype(np.float64), minlength=len(uniq))
            own_value = ((member_holders >= max(3.0, self.attach_member_share * len(c.members)))
                         & (tail_holders >= self.attach_own_share * holders))
            inside = _within_range(prof, [index[a] for a in c.members], n_acc)
            for of_attr, values in per_attr:
                hits = np.bincount(acc[of_attr], weights=own_value[key[of_attr]].astype(np.float64),
                                   minlength=n_acc)
                ok = candidates & inside & (hits > 0) & (hits >= self.attach_traffic_share * values)
                for a in np.flatnonzero(ok):
                    joined.setdefault(int(a), ci)
        self._join(inputs, index, campaigns, joined, "shared_infrastructure")

    def _attach_by_harness(self, inputs: LinkageInputs, index: dict[str, int], campaigns: list[Campaign],
                           harness: dict[str, tuple[np.ndarray, float]]) -> None:
        """Attribute tail accounts (``flagged`` or ``associates``) that run a campaign's harvest harnesses and work
        the way its members do: the harness counterpart of ``_attach``'s harvest templates.

        Part of a thin harvest holds no shared card or network at all (its own residential addresses), so no
        infrastructure route reaches it; its accounts still run the operation's harnesses. A campaign's *harvest
        harnesses* are the enriched harnesses (``harness``, from ``_harnesses``) that at least
        ``max(3, attach_member_share * members)`` of its members run and that at least ``attach_own_share`` of
        all their runners in the population are members or in the tail themselves (a popular honest tool that
        a harvest also uses is mostly run by ordinary accounts, and is nobody's harvest harness). An account
        joins when it is in the tail on its own evidence, not yet a member, at least ``attach_traffic_share`` of
        its requests carry the campaign's harvest harnesses, and (with ``profile``) its operating profile lies
        inside the members' range on every known dimension. An ordinary (``clear``) account never joins.
        """
        if inputs.harness_account is None or inputs.harness_value is None or inputs.harness_share is None:
            return
        n_acc = len(inputs.accounts)
        assoc = (np.asarray(inputs.associates, dtype=bool) if inputs.associates is not None
                 else np.zeros(n_acc, dtype=bool))
        flagged = (np.asarray(inputs.flagged, dtype=bool) if inputs.flagged is not None
                   else inputs.specific_evidence >= self.min_mean_evidence)
        member_of = np.full(n_acc, -1, dtype=np.int64)
        for ci, c in enumerate(campaigns):
            member_of[[index[a] for a in c.members]] = ci
        tail = (member_of >= 0) | assoc | flagged
        candidates = (assoc | flagged) & (member_of < 0)
        prof = (np.asarray(inputs.profile, dtype=np.float64).reshape(n_acc, -1) if inputs.profile is not None
                else None)
        acc = inputs.harness_account.astype(np.int64)
        values = inputs.harness_value.astype(str)
        share = np.asarray(inputs.harness_share, dtype=np.float64)
        joined: dict[int, int] = {}
        for ci, c in enumerate(campaigns):
            is_member = np.zeros(n_acc, dtype=bool)
            is_member[[index[a] for a in c.members]] = True
            need = max(3.0, self.attach_member_share * len(c.members))
            own = [h for h, (runners, _) in harness.items()
                   if (runners & is_member).sum() >= need
                   and tail[runners].sum() >= self.attach_own_share * runners.sum()]
            if not own:
                continue
            carried = np.bincount(acc, weights=np.where(np.isin(values, own), share, 0.0), minlength=n_acc)
            ok = candidates & (carried >= self.attach_traffic_share)
            if ok.any():
                ok &= _within_range(prof, is_member, n_acc)
            for a in np.flatnonzero(ok):
                joined.setdefault(int(a), ci)
        self._join(inputs, index, campaigns, joined, "shared_harness")

    def _join(self, inputs: LinkageInputs, index: dict[str, int], campaigns: list[Campaign],
              joins: dict[int, int], source: str) -> None:
        """Add each account (code) to its campaign (position in ``campaigns``), naming how it was linked."""
        for code, ci in sorted(joins.items()):
            c = campaigns[ci]
            c.members.append(str(inputs.accounts[code]))
            if source not in c.sources:
                c.sources.append(source)
        for c in campaigns:
            c.members.sort()
            c.mean_specific_evidence = self._mean(inputs, index, c.members)

    def _graded_view(self, inputs: LinkageInputs, source: str, obj: Any) -> LinkageInputs:
        """The inputs a candidate group is tested on: with the grading prompts taken out of its members' evidence
        when nothing but what they send ties them (a shared wrapper: ``CONTENT_ATTRIBUTES``, and software they
        run: ``software_attributes``), else as given.

        Asking for grades is distillation-specific (a reward-model harvest) and honest at once (an LLM-as-judge
        product), and judges are built on published judge prompts and rubrics: independent judge products sending
        one rubric's wording are no operation. A rubric harvest spread over many accounts is tied by the cards,
        networks or timing it shares, and tested on all of its evidence."""
        if inputs.specific_ungraded is None:
            return inputs
        if source == "shared_value":
            attributes = {obj.attribute}
        elif source == "shared_attributes":
            attributes = {v.attribute for v in obj.evidence}
        else:
            return inputs
        if not attributes or not attributes <= CONTENT_ATTRIBUTES | self.software_attributes:
            return inputs
        return replace(inputs, specific_evidence=inputs.specific_ungraded)

    @staticmethod
    def _mean(inputs: LinkageInputs, index: dict[str, int], members: list[str]) -> float:
        return float(inputs.specific_evidence[[index[a] for a in members]].mean())

    def _own_evidence(self, inputs: LinkageInputs, index: dict[str, int], group: tuple[str, list[str], Any, float]
                      ) -> tuple[str, list[str], Any, float]:
        """A confirmed shared value keeps only its holders that show evidence themselves.

        A value behind that many accounts mixes whoever uses it (a proxy's card or /24 also carries honest
        resold traffic): the test is on all holders, so it is not biased, but an ordinary holder is not
        made a campaign member by the value alone."""
        source, members, obj, p = group
        if source != "shared_value":
            return group
        own = [a for a in members if inputs.specific_evidence[index[a]] >= self.min_mean_evidence]
        return source, own, Indicator(obj.attribute, obj.value, len(own), obj.accounts_total, obj.bits), p

    @staticmethod
    def _tail(inputs: LinkageInputs) -> np.ndarray | None:
        """Accounts in the tail of the score (flagged or ``associates``) that could be harvesting, or None when the
        ``coordinated_anomaly`` route is off: no organisation ids, no tail given, or a tail share of 0 or at least
        half (no contrast).

        An account that repeats a handful of prompts (fewer than ``HARVEST_MIN_DISTINCT`` distinct ones, each
        sent twice on average at least) collects nothing a student model could learn from, however anomalous it
        is: a CI smoke test or a health check, every 30 minutes, day and night. Such accounts look alike and
        share their CI provider's or cloud's networks with hundreds of unrelated customers, so without this the
        route would read a hosted CI range as a cluster of fraudulent sign-ups."""
        if inputs.org is None:
            return None
        return CampaignAssembler._harvest_tail(inputs)

    @staticmethod
    def _harvest_tail(inputs: LinkageInputs) -> np.ndarray | None:
        """``_tail`` without asking for organisation ids (the ``account_relay`` route counts separate sign-ups its
        own way)."""
        if inputs.flagged is None or inputs.associates is None:
            return None
        tail = inputs.flagged | inputs.associates
        if inputs.requests is not None and inputs.distinct_prompts is not None:
            distinct = np.asarray(inputs.distinct_prompts, dtype=np.float64)
            requests = np.asarray(inputs.requests, dtype=np.float64)
            # an account with no prompt at all (every request a tool round) repeats nothing: it stays
            tail = tail & ~((requests > 0) & (distinct < HARVEST_MIN_DISTINCT) & (requests >= 2 * distinct))
        return tail if len(tail) and 0.0 < float(tail.mean()) < 0.5 else None

    def _coordinated_anomaly(self, inputs: LinkageInputs, index: dict[str, int],
                             group: tuple[str, list[str], Any, float], limit: float, tail: np.ndarray,
                             harness: dict[str, tuple[np.ndarray, float]] | None = None
                             ) -> tuple[str, list[str], Any, float, str] | None:
        """The group trimmed to its tail members when a coordinated route confirms it, else None.

        Only the holders of one card or network (``infrastructure_attributes``). ``coordinated_anomaly``: at
        least half of them in the tail of the account score (``tail``, from ``_tail``), from at least
        ``min_members`` organisations, and the binomial p-value of that many tail holders, with the population's
        tail share as the null rate, at most ``limit``. ``coordinated_harness``: at least half of them run one
        enriched harness (``harness``, from ``_harnesses``), its tail runners here are at least ``min_members``
        accounts of as many organisations, and they are an excess over the population's tail share at ``alpha``
        itself (the correction for many tests is spent on the harnesses). See the module docstring."""
        source, members, obj, _ = group
        if source != "shared_value" or obj.attribute not in self.infrastructure_attributes or inputs.org is None:
            return None
        codes = np.array([index[a] for a in members], dtype=np.int64)
        org = inputs.org

        def kept_if_orgs(own: np.ndarray) -> list[str] | None:
            orgs = {org[c] for c in own.tolist() if org[c] is not None}  # an account without one: unknown
            if len(own) < self.min_members or len(orgs) < self.min_members:
                return None
            return [str(inputs.accounts[c]) for c in own.tolist()]

        def found(kept: list[str], p: float, route: str, *also: Indicator) -> tuple[str, list[str], Any, float, str]:
            ind = Indicator(obj.attribute, obj.value, len(kept), obj.accounts_total, obj.bits)
            return source, kept, [ind, *also] if also else ind, p, route

        q = float(tail.mean())
        own = codes[tail[codes]]
        if 2 * len(own) >= len(codes):
            kept = kept_if_orgs(own)
            p = float(binom.sf(len(own) - 1, len(codes), q))
            if kept is not None and p <= limit:
                return found(kept, p, "coordinated_anomaly")
        best: tuple[list[str], float, Indicator] | None = None
        n = len(inputs.accounts)
        for value, (runs, p_harness) in (harness or {}).items():
            here = codes[runs[codes]]
            if 2 * len(here) < len(codes):
                continue
            hot = here[tail[here]]
            kept = kept_if_orgs(hot)
            p_here = float(binom.sf(len(hot) - 1, len(codes), q))
            if kept is not None and p_here <= self.alpha and (best is None or len(kept) > len(best[0])):
                runners = int(runs.sum())
                best = (kept, max(p_harness, p_here),
                        Indicator("harness", value, len(kept), runners, math.log2(n / max(runners, 1))))
        return None if best is None else found(best[0], best[1], "coordinated_harness", best[2])

    def _coordinated_requests(self, inputs: LinkageInputs) -> list[tuple[str, list[str], Any, float, str]]:
        """Groups of accounts of different organisations that sent the same rare prompts at the same moments far
        more often than chance allows (``linkage.cotiming``), confirmed on that alone: each pair at
        ``alpha / pairs tested``, at least ``COTIME_MIN_ORGS`` organisations (and ``min_members``) and
        ``COTIME_MIN_DISTINCT`` distinct prompts. The same test on one end of the prompts (their openings, their
        closings: ``LinkageInputs.cotimed_ends``) finds an item fanned out under each account's own instruction; the
        tests share ``alpha``. Without organisation ids each account counts as its own
        organisation when the accounts are customers (``LinkageInputs.cotime_org``); off when they are keys."""
        org = inputs.organisations()
        if inputs.cotimed is None or org is None:
            return []
        tests = (inputs.cotimed, *inputs.cotimed_ends)
        found: list[CotimedGroup] = []
        for pairs in tests:
            for g in cotimed_groups(pairs, org, alpha=self.alpha / len(tests),
                                    min_orgs=max(self.min_members, COTIME_MIN_ORGS)):
                # equal prompts share their ends too: a group an earlier test found whole is not found again
                if not any(set(g.members.tolist()) <= set(h.members.tolist()) for h in found):
                    found.append(g)
        return [("coordinated_requests", [str(inputs.accounts[m]) for m in g.members.tolist()], g, g.p_value,
                 "coordinated_requests") for g in found]

    def _account_relays(self, inputs: LinkageInputs) -> list[tuple[str, list[str], Any, float, str]]:
        """Short-lived accounts in the tail that take turns far more often than sign-ups do by chance
        (``linkage.relay``), confirmed on that and their own anomaly. An account the provider shut off
        (``LinkageInputs.shut_off``) counts as in the tail. Off without first and last requests, a tail, or a way
        to tell separate sign-ups from one customer's keys (organisation ids or sign-up times)."""
        tail = self._harvest_tail(inputs)
        if inputs.shut_off is not None and inputs.shut_off.any():
            tail = inputs.shut_off if tail is None else tail | inputs.shut_off
        if tail is None or inputs.first_seen is None or inputs.last_seen is None or inputs.client is None:
            return []
        return [("account_relay", [str(inputs.accounts[m]) for m in g.members.tolist()], g, g.p_value,
                 "account_relay")
                for g in relay_groups(inputs.first_seen, inputs.last_seen, inputs.client, tail, alpha=self.alpha,
                                      org=inputs.org, created=inputs.created,
                                      min_accounts=max(self.min_members, RELAY_MIN_ACCOUNTS))]

    def _output_reuse(self, inputs: LinkageInputs) -> list[tuple[str, list[str], Any, float, str]]:
        """Groups of organisations that send one another's answers back as prompts within minutes, both ways
        (``linkage.reuse``). Off without flows (no organisations to count, or no answers logged)."""
        org = inputs.organisations()
        if inputs.flows is None or org is None:
            return []
        return [("output_reuse", [str(inputs.accounts[m]) for m in g.members.tolist()], g, 0.0, "output_reuse")
                for g in reuse_groups(inputs.flows, org, min_orgs=self.min_members)]

    @staticmethod
    def _reuse_details(groups: Sequence[ReuseGroup], flows: OutputFlows | None) -> dict[str, Any]:
        """The reuse evidence of a campaign confirmed (or joined) by ``output_reuse``, for the report."""
        if not groups or flows is None:
            return {}
        return {"output_reuse": {
            "flows": sum(g.flows for g in groups), "distinct_prompts": sum(g.distinct_prompts for g in groups),
            "pairs_both_ways": sum(g.pairs for g in groups), "max_delay_s": flows.max_delay_s}}

    @staticmethod
    def _relay_details(groups: Sequence[RelayGroup]) -> dict[str, Any]:
        """The relay evidence of a campaign confirmed (or joined) by ``account_relay``, for the report."""
        if not groups:
            return {}
        return {"account_relay": {
            "accounts": sum(len(g.members) for g in groups), "handovers": sum(g.handovers for g in groups),
            "expected_by_chance": sum(g.expected for g in groups), "longest_run": max(g.longest_run for g in groups),
            "gap_s": groups[0].gap_s,
            "clients": sorted({g.client for g in groups}), "candidates": sum(g.candidates for g in groups),
            "clients_tested": groups[0].tested, "span_hours": max(g.span_hours for g in groups)}}

    @staticmethod
    def _cotimed_details(groups: Sequence[CotimedGroup], pairs: CotimedPairs | None) -> dict[str, Any]:
        """The co-timing evidence of a campaign confirmed (or joined) by ``coordinated_requests``, for the report."""
        if not groups or pairs is None:
            return {}
        return {"coordinated_requests": {
            "linked_pairs": sum(g.pairs for g in groups), "cotimed_prompts": sum(g.cotimed for g in groups),
            "distinct_prompts": sum(g.distinct_prompts for g in groups),
            "expected_by_chance": sum(g.expected for g in groups), "tolerance_s": pairs.tolerance_s,
            "pairs_tested": pairs.tested, "kappa": pairs.kappa}}

    def _harnesses(self, inputs: LinkageInputs, tail: np.ndarray) -> dict[str, tuple[np.ndarray, float]]:
        """Enriched harnesses: system prompts whose runners are in the tail of the score far more often than
        the population (binomial p at most ``alpha`` over the number of harnesses tested, Bonferroni), with
        tail runners from at least ``min_members`` organisations. Each maps to (runner mask, p-value)."""
        org = inputs.org
        if (org is None or inputs.harness_account is None or inputs.harness_value is None
                or not len(inputs.harness_account)):
            return {}
        n = len(inputs.accounts)
        q = float(tail.mean())
        values, inv = np.unique(inputs.harness_value.astype(str), return_inverse=True)
        acc = inputs.harness_account.astype(np.int64)
        order = np.argsort(inv, kind="stable")
        bounds = np.searchsorted(inv[order], np.arange(len(values) + 1))
        tested: list[tuple[str, np.ndarray, float]] = []
        for k, value in enumerate(values.tolist()):
            runners = np.unique(acc[order[bounds[k]: bounds[k + 1]]])
            hot = runners[tail[runners]]
            orgs = {org[c] for c in hot.tolist() if org[c] is not None}
            if len(hot) < self.min_members or len(orgs) < self.min_members:
                continue
            mask = np.zeros(n, dtype=bool)
            mask[runners] = True
            tested.append((value, mask, float(binom.sf(len(hot) - 1, len(runners), q))))
        limit = self.alpha / max(len(tested), 1)
        return {v: (m, p) for v, m, p in tested if p <= limit}

    @staticmethod
    def _median(inputs: LinkageInputs, index: dict[str, int], members: list[str]) -> float:
        return float(np.median(inputs.specific_evidence[[index[a] for a in members]]))

    def _shared_values(self, inputs: LinkageInputs) -> list[tuple[np.ndarray, Indicator]]:
        """Holders of each value shared by at least ``value_group_min`` accounts (and by at most
        ``widely_shared_max_share`` of all accounts); a user agent (``software_attributes``: chosen by
        software, not an identity) forms no group. The whole group is tested; see ``_own_evidence``."""
        if not len(inputs.fact_account):
            return []
        n_accounts = len(inputs.accounts)
        uniq, _, pairs, holders = _value_index(inputs)
        upper = max(self.attribute_cap, int(self.widely_shared_max_share * n_accounts))
        out = []
        order = np.argsort(pairs[:, 0], kind="stable")
        starts = np.searchsorted(pairs[order, 0], np.arange(len(uniq)))
        for k in np.flatnonzero((holders >= self.value_group_min) & (holders <= upper)):
            attribute, value = str(uniq[k]).split("\x1f", 1)
            if attribute in self.software_attributes:
                continue
            members = pairs[order[starts[k]: starts[k] + holders[k]], 1]
            bits = math.log2(n_accounts / holders[k]) if holders[k] else 0.0
            out.append((members, Indicator(attribute, value, int(holders[k]), int(holders[k]), bits)))
        return out

    @staticmethod
    def _weights(inputs: LinkageInputs) -> dict[str, float]:
        # A shared payment method is the strongest tie the reports name; give it double weight when present.
        present = set(np.unique(inputs.fact_attribute).tolist())
        return {"payment": 2.0} if "payment" in present else {}

    def _value_links(self, inputs: LinkageInputs, index: dict[str, int], groups: Sequence[list[str]]
                     ) -> list[tuple[int, int]]:
        """Pairs of *confirmed* groups whose members share a rare value (at most ``attribute_cap`` holders).

        Two groups that each harvest on their own and share a proxy /24 or a card are one operation seen
        through two slices (a campaign spreads its accounts over several cards). Only confirmed groups are
        joined, never their other holders, so an unconfirmed neighbour behind the same value is not pulled in.
        """
        if len(groups) < 2 or not len(inputs.fact_account):
            return []
        group_of = np.full(len(inputs.accounts), -1, dtype=np.int64)
        for gi, members in enumerate(groups):
            group_of[[index[a] for a in members]] = gi  # an account in two groups: those merge anyway
        _, inv, _, holders = _value_index(inputs)
        g = group_of[inputs.fact_account.astype(np.int64)]
        keep = (g >= 0) & (holders[inv] <= self.attribute_cap)
        pairs = np.unique(np.stack([inv[keep], g[keep]], axis=1), axis=0)
        links: list[tuple[int, int]] = []
        start = 0
        while start < len(pairs):
            end = start
            while end < len(pairs) and pairs[end, 0] == pairs[start, 0]:
                end += 1
            links += [(int(pairs[start, 1]), int(pairs[j, 1])) for j in range(start + 1, end)]
            start = end
        return links

    @staticmethod
    def _merge(groups: Sequence[tuple[str, list[str], Any]], index: dict[str, int],
               links: Sequence[tuple[int, int]] = ()) -> list[tuple[list[str], list[tuple[str, Any]]]]:
        """Union of overlapping (or ``links``-joined) groups: components of the member-group incidence."""
        if not groups:
            return []
        rows, cols = [], []
        for gi, (_, members, _) in enumerate(groups):
            for a in members:
                if a in index:
                    rows.append(index[a])
                    cols.append(gi)
        n_acc, n_grp = len(index), len(groups)
        # bipartite graph accounts + groups; components join groups that share an account or a link
        rows += [n_acc + a for a, _ in links]
        cols += [b for _, b in links]
        data = np.ones(len(rows))
        adj = coo_matrix((data, (np.array(rows), np.array(cols) + n_acc)), shape=(n_acc + n_grp, n_acc + n_grp))
        _, comp = connected_components(adj, directed=False)
        by_comp: dict[int, tuple[set[str], list[tuple[str, Any]]]] = {}
        for gi, (source, members, obj) in enumerate(groups):
            c = int(comp[n_acc + gi])
            entry = by_comp.setdefault(c, (set(), []))
            entry[0].update(members)
            entry[1].append((source, obj))
        return [(sorted(ms), parts) for ms, parts in by_comp.values()]

    def _indicators(self, parts: list[tuple[str, Any]]) -> list[Indicator]:
        best: dict[tuple[str, str], Indicator] = {}
        for source, obj in parts:
            if source == "shared_value":  # one indicator, or the value and the harness that ties its holders
                for ind in obj if isinstance(obj, list) else [obj]:
                    key = (ind.attribute, ind.value)
                    if key not in best or ind.accounts_in_campaign > best[key].accounts_in_campaign:
                        best[key] = ind
                continue
            if source != "shared_attributes":
                continue
            for ev in obj.evidence:
                key = (str(ev.attribute), str(ev.value))
                cand = Indicator(str(ev.attribute), str(ev.value), int(ev.holders_in_group), int(ev.holders_total),
                                 float(ev.bits))
                if key not in best or cand.accounts_in_campaign > best[key].accounts_in_campaign:
                    best[key] = cand
        ranked = sorted(best.values(), key=lambda i: (-i.bits * min(i.accounts_in_campaign, 50), i.attribute, i.value))
        return ranked[: self.max_indicators]

    @staticmethod
    def _constraints(parts: list[tuple[str, Any]]) -> list[str]:
        out: list[str] = []
        for source, obj in parts:
            if source == "synchronized_activity":
                out += [str(e.constraint) for e in obj.evidence[:3]]
        return sorted(set(out))[:10]
