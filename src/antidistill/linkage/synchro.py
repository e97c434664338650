"""SynchroTrap (Cao et al., CCS 2014): accounts that act in lockstep.

An action is (account, time, constraint); the constraint is what two actions must share to be
comparable: a prompt template id, a capability tag, an IP prefix. Two actions of different
accounts *match* when they share the constraint and lie within ``tolerance_s`` of each other.
Per time slice (a day by default) the similarity of two accounts is a weighted Jaccard score

    sim(u, v) = (w(matched actions of u) + w(matched actions of v)) / (w(actions of u) + w(actions of v))

i.e. the share of the pair's activity that the other account mirrors. Pairs with
``sim >= threshold`` and at least ``min_matched`` matched actions in at least ``min_slices``
slices are linked; connected components of linked pairs are groups.

Scaling: no all-pairs comparison. Actions are bucketed by (slice, constraint) and sorted by
time, so only actions inside one bucket and one tolerance window are ever paired. A constraint
used by more than ``fanout_cap`` distinct accounts in a slice is dropped from that slice
entirely (it neither links nor dilutes): a default template or a cloud egress prefix shared by
thousands of benign accounts carries little information and would cost O(fan-out^2) pairs.
Below the cap each action weighs ``rarity(fan-out)`` (a registered rarity scheme), so matches
on rarer constraints count more. Actions in different slices never match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components

from antidistill.linkage._ids import check_same_length, factorize, to_python
from antidistill.linkage.rarity import RARITY_WEIGHTS


@dataclass(frozen=True)
class SyncPair:
    """Two linked accounts: best slice similarity, slices in which they linked, matched actions."""

    a: Any
    b: Any
    similarity: float
    n_slices: int
    matched_actions: int


@dataclass(frozen=True)
class ConstraintEvidence:
    """A constraint on which a group's accounts acted together, and how many of their actions matched on it."""

    constraint: Any
    matched_actions: int
    accounts: int


@dataclass(frozen=True)
class SyncGroup:
    """A group of synchronised accounts with the evidence that ties them."""

    members: tuple[Any, ...]
    n_links: int
    mean_similarity: float
    slices: tuple[int, ...]
    evidence: tuple[ConstraintEvidence, ...]


@dataclass(frozen=True)
class SynchroResult:
    """Groups (largest first), the linked pairs, and how much work the bucketing saved."""

    groups: tuple[SyncGroup, ...]
    pairs: tuple[SyncPair, ...]
    candidate_pairs: int
    skipped_constraints: int


@dataclass
class _Links:
    """Per-slice linked pairs and their matched actions, accumulated over slices."""

    u: list[NDArray[np.int64]]
    v: list[NDArray[np.int64]]
    sim: list[NDArray[np.float64]]
    matched: list[NDArray[np.int64]]
    slice_id: list[NDArray[np.int64]]
    action_account: list[NDArray[np.int64]]
    action_partner: list[NDArray[np.int64]]
    action_constraint: list[NDArray[np.int64]]
    action_index: list[NDArray[np.int64]]


class SynchroTrap:
    """Link accounts whose actions on the same constraints coincide in time (see the module docstring)."""

    def __init__(self, *, tolerance_s: float = 60.0, slice_s: float = 86400.0, threshold: float = 0.5,
                 min_matched: int = 3, min_slices: int = 1, fanout_cap: int = 200, rarity: str = "inverse_log",
                 min_group_size: int = 2, chunk_pairs: int = 5_000_000) -> None:
        if tolerance_s < 0 or slice_s <= 0:
            raise ValueError(f"tolerance_s and slice_s: need tolerance_s >= 0 < slice_s, got {tolerance_s}, {slice_s}")
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold: must be in (0, 1], got {threshold}")
        if fanout_cap < 2:
            raise ValueError(f"fanout_cap: must be at least 2, got {fanout_cap}")
        RARITY_WEIGHTS.get(rarity)  # fail now, naming the known schemes, rather than mid-scan
        self.tolerance_s = tolerance_s
        self.slice_s = slice_s
        self.threshold = threshold
        self.min_matched = min_matched
        self.min_slices = min_slices
        self.fanout_cap = fanout_cap
        self.rarity = rarity
        self.min_group_size = min_group_size
        self.chunk_pairs = chunk_pairs

    def detect(self, accounts: ArrayLike, times: ArrayLike, constraints: ArrayLike) -> SynchroResult:
        """Groups of synchronised accounts among the actions given as three parallel arrays."""
        acc_labels, acc = factorize(accounts, field="accounts")
        con_labels, con = factorize(constraints, field="constraints")
        t = np.asarray(times, dtype=np.float64)
        check_same_length(accounts=acc, times=t, constraints=con)
        if not np.all(np.isfinite(t)):
            raise ValueError(f"times: entry {int(np.flatnonzero(~np.isfinite(t))[0])} is not a finite number")
        n_acc = len(acc_labels)
        slices = np.floor(t / self.slice_s).astype(np.int64)
        links = _Links([], [], [], [], [], [], [], [], [])
        candidates = skipped = 0
        # One sort by slice, then contiguous runs: O(n log n) however many slices there are.
        by_slice = np.argsort(slices, kind="stable")
        ids, starts = np.unique(slices[by_slice], return_index=True)
        ends = np.append(starts[1:], len(by_slice)) if len(starts) else starts  # no actions: no slices
        for s, lo, hi in zip(ids.tolist(), starts.tolist(), ends.tolist(), strict=True):
            sel = by_slice[lo:hi]
            c, k = self._slice(acc[sel], t[sel] - s * self.slice_s, con[sel], sel, n_acc, int(s), links)
            candidates += c
            skipped += k
        return self._assemble(links, acc_labels, con_labels, n_acc, candidates, skipped)

    def _slice(self, acc: NDArray[np.int64], offset: NDArray[np.float64], con: NDArray[np.int64],
               global_idx: NDArray[np.int64], n_acc: int, s: int, links: _Links) -> tuple[int, int]:
        n_con = int(con.max()) + 1
        # Fan-out of each constraint in this slice = distinct accounts using it.
        uniq = np.unique(con * n_acc + acc)
        fanout = np.bincount(uniq // n_acc, minlength=n_con)
        weight_of = RARITY_WEIGHTS.create(self.rarity).weights(fanout, len(np.unique(acc)))
        weight_of = np.where(fanout <= self.fanout_cap, weight_of, 0.0)
        w = weight_of[con]
        total_w = np.bincount(acc, weights=w, minlength=n_acc)  # denominators per account
        skipped = int(np.count_nonzero(fanout > self.fanout_cap))
        cand = np.flatnonzero((fanout[con] >= 2) & (fanout[con] <= self.fanout_cap))
        if not len(cand):
            return 0, skipped
        order = cand[np.lexsort((offset[cand], con[cand]))]
        span = self.slice_s + self.tolerance_s + 1.0
        key = con[order] * span + offset[order]  # sorted: bucket by constraint, then time
        end = np.searchsorted(key, key + self.tolerance_s, side="right")
        pair_keys, pair_actions = [], []
        n_candidates = 0
        for i, j in _window_pairs(end, self.chunk_pairs):
            ai, aj = acc[order[i]], acc[order[j]]
            diff = ai != aj
            i, j, ai, aj = i[diff], j[diff], ai[diff], aj[diff]
            n_candidates += len(i)
            pk = np.minimum(ai, aj) * n_acc + np.maximum(ai, aj)
            pair_keys += [pk, pk]
            pair_actions += [order[i], order[j]]
        if not n_candidates:
            return 0, skipped
        pk_all = np.concatenate(pair_keys)
        act_all = np.concatenate(pair_actions)
        pairs, pid = np.unique(pk_all, return_inverse=True)
        # A matched action counts once per partner account, however many of its actions it matched.
        dedup = np.unique(pid.astype(np.int64) * len(acc) + act_all)
        d_pid, d_act = dedup // len(acc), dedup % len(acc)
        num = np.bincount(d_pid, weights=w[d_act], minlength=len(pairs))
        n_matched = np.bincount(d_pid, minlength=len(pairs))
        u, v = pairs // n_acc, pairs % n_acc
        with np.errstate(invalid="ignore", divide="ignore"):
            sim = np.where(total_w[u] + total_w[v] > 0, num / (total_w[u] + total_w[v]), 0.0)
        sim = np.minimum(sim, 1.0)  # summation order can leave 1 + 1e-16 when everything matched
        ok = (sim >= self.threshold) & (n_matched >= self.min_matched)
        links.u.append(u[ok])
        links.v.append(v[ok])
        links.sim.append(sim[ok])
        links.matched.append(n_matched[ok])
        links.slice_id.append(np.full(int(ok.sum()), s, dtype=np.int64))
        keep_act = ok[d_pid]
        a_acc = acc[d_act[keep_act]]
        links.action_account.append(a_acc)
        links.action_partner.append(np.where(a_acc == u[d_pid[keep_act]], v[d_pid[keep_act]], u[d_pid[keep_act]]))
        links.action_constraint.append(con[d_act[keep_act]])
        links.action_index.append(global_idx[d_act[keep_act]])
        return n_candidates, skipped

    def _assemble(self, links: _Links, acc_labels: NDArray[Any], con_labels: NDArray[Any], n_acc: int,
                  candidates: int, skipped: int) -> SynchroResult:
        if not links.u or not sum(len(x) for x in links.u):
            return SynchroResult(groups=(), pairs=(), candidate_pairs=candidates, skipped_constraints=skipped)
        u, v = np.concatenate(links.u), np.concatenate(links.v)
        sim, matched, sl = np.concatenate(links.sim), np.concatenate(links.matched), np.concatenate(links.slice_id)
        pairs, pid = np.unique(u * n_acc + v, return_inverse=True)
        n_slices = np.bincount(pid, minlength=len(pairs))
        best = np.zeros(len(pairs))
        np.maximum.at(best, pid, sim)
        total_matched = np.bincount(pid, weights=matched, minlength=len(pairs)).astype(np.int64)
        keep = n_slices >= self.min_slices
        pu, pv = pairs[keep] // n_acc, pairs[keep] % n_acc
        graph = sp.coo_matrix((np.ones(len(pu)), (pu, pv)), shape=(n_acc, n_acc))
        _, comp = connected_components(graph, directed=False)
        sizes = np.bincount(comp)
        pair_list = tuple(
            SyncPair(a=to_python(acc_labels[a]), b=to_python(acc_labels[b]), similarity=float(s), n_slices=int(n),
                     matched_actions=int(m))
            for a, b, s, n, m in zip(pu, pv, best[keep], n_slices[keep], total_matched[keep], strict=True))
        kept_pair = keep[pid]
        slice_comp, slice_ids = comp[u[kept_pair]], sl[kept_pair]
        a_acc, a_partner = np.concatenate(links.action_account), np.concatenate(links.action_partner)
        a_ok = np.isin(np.minimum(a_acc, a_partner) * n_acc + np.maximum(a_acc, a_partner), pairs[keep])
        # An action matched by several partners is one action: keep each once (it lies in one group).
        _, first = np.unique(np.concatenate(links.action_index)[a_ok], return_index=True)
        a_acc = a_acc[a_ok][first]
        a_con = np.concatenate(links.action_constraint)[a_ok][first]
        a_comp = comp[a_acc]
        n_con = len(con_labels)
        gc, gc_count = np.unique(a_comp * n_con + a_con, return_counts=True)  # (group, constraint) -> actions
        gca = np.unique(np.stack([a_comp * n_con + a_con, a_acc], axis=1), axis=0)[:, 0]  # (group, constraint, account)
        gc_accounts = np.searchsorted(gca, gc, side="right") - np.searchsorted(gca, gc, side="left")
        n_links = np.bincount(comp[pu], minlength=len(sizes))
        sim_sum = np.bincount(comp[pu], weights=best[keep], minlength=len(sizes))
        group_slices = np.unique(np.stack([slice_comp, slice_ids], axis=1), axis=0)
        by_comp = np.argsort(comp, kind="stable")
        comp_bounds = np.searchsorted(comp[by_comp], np.arange(len(sizes) + 1))
        groups = []
        for g in np.flatnonzero((sizes >= self.min_group_size) & (n_links > 0)).tolist():
            members = by_comp[comp_bounds[g]:comp_bounds[g + 1]]
            lo, hi = np.searchsorted(gc, [g * n_con, (g + 1) * n_con])
            cons, counts, accounts = gc[lo:hi] % n_con, gc_count[lo:hi], gc_accounts[lo:hi]
            rank = np.argsort(-counts, kind="stable")
            lo_s, hi_s = np.searchsorted(group_slices[:, 0], [g, g + 1])
            groups.append(SyncGroup(
                members=tuple(to_python(acc_labels[m]) for m in members), n_links=int(n_links[g]),
                mean_similarity=float(sim_sum[g] / n_links[g]),
                slices=tuple(int(x) for x in group_slices[lo_s:hi_s, 1]),
                evidence=tuple(ConstraintEvidence(constraint=to_python(con_labels[cons[r]]),
                                                  matched_actions=int(counts[r]), accounts=int(accounts[r]))
                               for r in rank)))
        groups.sort(key=lambda grp: (-len(grp.members), -grp.mean_similarity))
        return SynchroResult(groups=tuple(groups), pairs=pair_list, candidate_pairs=candidates,
                             skipped_constraints=skipped)


def _window_pairs(end: NDArray[np.int64], chunk_pairs: int) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """All (i, j) with i < j < end[i], in chunks of about ``chunk_pairs`` pairs to bound memory."""
    idx = np.arange(len(end), dtype=np.int64)
    counts = end - idx - 1
    cum = np.cumsum(counts)
    start = 0
    while start < len(end):
        base = cum[start - 1] if start else 0
        stop = max(int(np.searchsorted(cum, base + chunk_pairs, side="right")), start + 1)
        c = counts[start:stop]
        total = int(c.sum())
        if total:
            i = np.repeat(idx[start:stop], c)
            first = np.repeat(np.cumsum(c) - c, c)
            j = i + 1 + (np.arange(total) - first)
            yield i, j
        start = stop
