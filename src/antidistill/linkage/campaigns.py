"""Assemble linked accounts into campaigns and decide, without labels, which are confirmed.

Candidates come from two detectors over the whole population:

- shared rare attributes (``AttributeLinker``): payment fingerprints, networks, user agents,
  organisations, rare prompt templates, each weighted by rarity, so a big NAT or a popular
  SDK says little;
- synchronised activity (``SynchroTrap``): accounts hitting the same template within seconds
  of each other, slice after slice.

Each group is a candidate on its own (merging weakly linked groups first would chain
unrelated accounts through shared egress ranges). A candidate is **confirmed** when its
members' *distillation-specific* evidence (reasoning
elicitation, new accounts at full use, model pivots; never scale or automation, which honest
heavy groups share) is on average far above that of ordinary accounts: with ``mu0, sd0`` the
mean and standard deviation of that evidence under the null model, a group of ``m`` members
with mean ``x`` has ``z = (x - mu0) / (sd0 / sqrt(m))`` and one-sided p-value ``Phi(-z)``;
confirmed when ``p <= alpha / candidates`` (Bonferroni). Confirmed groups that share accounts
are then merged into one campaign. Linkage lets many individually modest accounts add up:
that is what a hydra cluster is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.special import ndtr

from antidistill.linkage.attribute_graph import AttributeLinker
from antidistill.linkage.synchro import SynchroTrap


@dataclass(frozen=True)
class Indicator:
    """A value the campaign's accounts share, ranked by how far it narrows the population (bits)."""

    attribute: str
    value: str
    accounts_in_campaign: int
    accounts_total: int
    bits: float


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


class CampaignAssembler:
    """Candidate groups from linkage, merged, then confirmed against the null (see the module docstring)."""

    def __init__(self, *, alpha: float = 1e-3, min_members: int = 3, attribute_cap: int = 50,
                 min_edge_weight: float = 1.0, sync_tolerance_s: float = 900.0, sync_threshold: float = 0.2,
                 sync_fanout_cap: int = 200, max_indicators: int = 8) -> None:
        self.alpha = alpha
        self.min_members = min_members
        self.attribute_cap = attribute_cap
        self.min_edge_weight = min_edge_weight
        self.sync_tolerance_s = sync_tolerance_s
        self.sync_threshold = sync_threshold
        self.sync_fanout_cap = sync_fanout_cap
        self.max_indicators = max_indicators

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
            sync = SynchroTrap(tolerance_s=self.sync_tolerance_s, threshold=self.sync_threshold,
                               fanout_cap=self.sync_fanout_cap, min_group_size=self.min_members).detect(
                inputs.action_account, inputs.action_time, inputs.action_constraint)
            groups += [("synchronized_activity", named(g.members), g) for g in sync.groups]
        groups = [g for g in groups if len(g[1]) >= self.min_members and all(a in index for a in g[1])]
        tested = []
        for source, members, obj in groups:
            ev = inputs.specific_evidence[[index[a] for a in members]]
            m = len(members)
            z = (float(ev.mean()) - null_mean) / (null_sd / math.sqrt(m)) if null_sd > 0 else 0.0
            tested.append((source, members, obj, float(ndtr(-z))))
        limit = self.alpha / max(len(tested), 1)  # Bonferroni over every group tested
        confirmed = [g for g in tested if g[3] <= limit]
        rejected = [g for g in tested if g[3] > limit]
        out: list[Campaign] = []
        for confirmed_flag, batch in ((True, confirmed), (False, rejected)):
            merged = self._merge([(s, m, (o, p)) for s, m, o, p in batch], index) if confirmed_flag else [
                (sorted(m), [(s, (o, p))]) for s, m, o, p in batch]
            for members, parts in sorted(merged, key=lambda c: (-len(c[0]), c[0][0])):
                ev = inputs.specific_evidence[[index[a] for a in members]]
                out.append(Campaign(
                    campaign_id="", members=sorted(members), confirmed=confirmed_flag,
                    p_value=min(p for _, (_, p) in parts), mean_specific_evidence=float(ev.mean()),
                    sources=sorted({s for s, _ in parts}),
                    indicators=self._indicators([(s, o) for s, (o, _) in parts]),
                    sync_constraints=self._constraints([(s, o) for s, (o, _) in parts]),
                ))
        for k, c in enumerate(out):
            c.campaign_id = f"C{k + 1:04d}"
        return out

    @staticmethod
    def _weights(inputs: LinkageInputs) -> dict[str, float]:
        # A shared payment method is the strongest tie the reports name; give it double weight when present.
        present = set(np.unique(inputs.fact_attribute).tolist())
        return {"payment": 2.0} if "payment" in present else {}

    @staticmethod
    def _merge(groups: Sequence[tuple[str, list[str], Any]], index: dict[str, int]
               ) -> list[tuple[list[str], list[tuple[str, Any]]]]:
        """Union of overlapping groups: connected components of the member-group incidence."""
        if not groups:
            return []
        rows, cols = [], []
        for gi, (_, members, _) in enumerate(groups):
            for a in members:
                if a in index:
                    rows.append(index[a])
                    cols.append(gi)
        n_acc, n_grp = len(index), len(groups)
        # bipartite graph accounts + groups; components join groups that share an account
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
