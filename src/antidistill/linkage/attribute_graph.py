"""Rarity-weighted shared-attribute graph: accounts tied by the values they share.

Input is a list of (account, attribute, value) facts: a payment fingerprint, an IP prefix,
an ASN, a user agent, an organisation, an API-key owner, a rare template id. Two accounts
are joined by an edge whose weight sums, over every value both hold, the value's rarity
weight (a registered scheme of n, the number of accounts holding it; ``inverse_log`` gives
``1/log(1+n)``, ``idf`` gives ``log(N/n)``) times an optional per-attribute multiplier.
A value held by more than ``cap`` accounts contributes nothing: big NATs, cloud egress
ranges and popular SDK user agents say little, and skipping them also keeps the graph
sparse (a value with n holders would add n^2/2 edges). Edges below ``min_edge_weight`` are
dropped and the connected components of what is left are the groups.

Each group carries the values that tie it, ranked by how much each narrows the population
down: ``bits = log2(N / n)`` (a value held by 2 of 20,000 accounts is 13.3 bits), then by
how many of the group's members hold it. That ranking is what an analyst uses for attribution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components

from antidistill.linkage._ids import check_same_length, factorize, to_python
from antidistill.linkage.rarity import RARITY_WEIGHTS, rarity_weights


@dataclass(frozen=True)
class SharedValue:
    """One attribute value held by several members of a group."""

    attribute: Any
    value: Any
    holders_in_group: int
    holders_total: int
    weight: float
    bits: float


@dataclass(frozen=True)
class AttributeGroup:
    """Accounts joined by shared values; ``weight`` sums the kept edges inside the group."""

    members: tuple[Any, ...]
    n_edges: int
    weight: float
    evidence: tuple[SharedValue, ...]


@dataclass(frozen=True)
class AttributeGraph:
    """The weighted account graph (symmetric, zero diagonal) before thresholding, with its labels.

    ``incidence`` is accounts x values (0/1); value ``k`` is ``value_attribute[k]``=``value_label[k]``,
    held by ``value_holders[k]`` accounts and weighing ``value_weights[k]`` (0 above the cap).
    """

    accounts: NDArray[Any]
    adjacency: sp.csr_matrix
    incidence: sp.csr_matrix
    value_attribute: NDArray[np.str_]
    value_label: NDArray[np.str_]
    value_holders: NDArray[np.int64]
    value_weights: NDArray[np.float64]
    skipped_values: int


@dataclass(frozen=True)
class AttributeLinkResult:
    """Groups (largest first) and the graph they came from."""

    groups: tuple[AttributeGroup, ...]
    graph: AttributeGraph


class AttributeLinker:
    """Build the rarity-weighted graph and cut it into groups (see the module docstring)."""

    def __init__(self, *, rarity: str = "inverse_log", cap: int = 50, min_edge_weight: float = 1.0,
                 min_group_size: int = 2, attribute_weights: Mapping[str, float] | None = None) -> None:
        RARITY_WEIGHTS.get(rarity)  # unknown scheme: fail here, naming the known ones
        if cap < 2:
            raise ValueError(f"cap: must be at least 2 (a value held by one account ties nothing), got {cap}")
        self.rarity = rarity
        self.cap = cap
        self.min_edge_weight = min_edge_weight
        self.min_group_size = min_group_size
        self.attribute_weights = dict(attribute_weights or {})

    def build(self, accounts: ArrayLike, attributes: ArrayLike, values: ArrayLike) -> AttributeGraph:
        """The weighted account graph from parallel (account, attribute, value) arrays."""
        acc_labels, acc = factorize(accounts, field="accounts")
        attr = np.asarray(attributes).astype(str)
        val = np.asarray(values).astype(str)
        check_same_length(accounts=acc, attributes=attr, values=val)
        # A token is one (attribute, value) pair: the same string under two attributes is two tokens.
        _, attr_code = factorize(attr, field="attributes")
        val_labels, val_code = factorize(val, field="values")
        token_labels, tok = factorize(attr_code * len(val_labels) + val_code, field="values")
        first = np.empty(len(token_labels), dtype=np.int64)
        first[tok] = np.arange(len(tok))  # any occurrence of each token gives its attribute and value
        tok_attr, tok_val = attr[first], val[first]
        incidence = sp.csr_matrix((np.ones(len(acc)), (acc, tok)), shape=(len(acc_labels), len(token_labels)))
        incidence.data[:] = 1.0  # an account holding a value twice still holds it once
        holders = np.asarray(incidence.getnnz(axis=0), dtype=np.int64)
        w = rarity_weights(self.rarity, holders, len(acc_labels), cap=self.cap)
        if self.attribute_weights:
            unknown = set(self.attribute_weights) - set(tok_attr.tolist())
            if unknown:
                raise ValueError(f"attribute_weights: no such attribute in the input: {', '.join(sorted(unknown))}")
            w = w * np.array([self.attribute_weights.get(a, 1.0) for a in tok_attr.tolist()])
        used = np.flatnonzero(w > 0)
        sub = incidence[:, used]
        adjacency = sp.csr_matrix(sub @ sp.diags(w[used]) @ sub.T)
        adjacency.setdiag(0)
        adjacency.eliminate_zeros()
        return AttributeGraph(accounts=acc_labels, adjacency=adjacency, incidence=incidence, value_attribute=tok_attr,
                              value_label=tok_val, value_holders=holders, value_weights=w,
                              skipped_values=int(np.count_nonzero(holders > self.cap)))

    def detect(self, accounts: ArrayLike, attributes: ArrayLike, values: ArrayLike) -> AttributeLinkResult:
        """Groups of accounts tied by rare shared values."""
        graph = self.build(accounts, attributes, values)
        incidence = graph.incidence
        strong = graph.adjacency.multiply(graph.adjacency >= self.min_edge_weight).tocsr()
        strong.eliminate_zeros()
        _, comp = connected_components(strong, directed=False)
        sizes = np.bincount(comp)
        n_total = len(graph.accounts)
        kept = np.flatnonzero(sizes >= self.min_group_size)
        # Members of every kept group at once (one sort), and holders per (group, value) as one sparse
        # product, so the cost does not grow with groups x values.
        row_of = np.full(len(sizes), -1)
        row_of[kept] = np.arange(len(kept))
        in_kept = np.flatnonzero(row_of[comp] >= 0)
        by_group = in_kept[np.argsort(row_of[comp[in_kept]], kind="stable")]
        bounds = np.searchsorted(row_of[comp[by_group]], np.arange(len(kept) + 1))
        indicator = sp.csr_matrix((np.ones(len(in_kept)), (row_of[comp[in_kept]], in_kept)),
                                  shape=(len(kept), n_total))
        holders_in = sp.csr_matrix(indicator @ incidence)  # (groups, values)
        # Every kept edge lies inside one component, so per-group edge counts and weights are bincounts.
        edges = strong.tocoo()
        n_edges = np.bincount(comp[edges.row], minlength=len(sizes)) // 2
        weight = np.bincount(comp[edges.row], weights=edges.data, minlength=len(sizes)) / 2
        groups = []
        for r, g in enumerate(kept.tolist()):
            members = by_group[bounds[r]:bounds[r + 1]]
            lo, hi = holders_in.indptr[r], holders_in.indptr[r + 1]
            cand, counts = holders_in.indices[lo:hi], holders_in.data[lo:hi].astype(np.int64)
            ok = (counts >= 2) & (graph.value_weights[cand] > 0)
            shared, in_group = cand[ok], counts[ok]
            bits = np.log2(n_total / graph.value_holders[shared])
            order = np.lexsort((-in_group, -bits))
            evidence = tuple(
                SharedValue(attribute=str(graph.value_attribute[shared[k]]), value=str(graph.value_label[shared[k]]),
                            holders_in_group=int(in_group[k]), holders_total=int(graph.value_holders[shared[k]]),
                            weight=float(graph.value_weights[shared[k]]), bits=float(bits[k]))
                for k in order.tolist())
            groups.append(AttributeGroup(members=tuple(to_python(graph.accounts[m]) for m in members),
                                         n_edges=int(n_edges[g]), weight=float(weight[g]), evidence=evidence))
        groups.sort(key=lambda grp: (-len(grp.members), -grp.weight))
        return AttributeLinkResult(groups=tuple(groups), graph=graph)
