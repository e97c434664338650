"""Output reuse: the model's answers to one organisation sent back as prompts by another, minutes later, both ways.

Synthetic-data pipelines feed the model's output back to it. Self-Instruct and its descendants ask the model for
new task instructions and then have it answer each of them; user simulators have it write the next user turn of a
dialogue that it then answers. Spread over sign-ups, the text the model wrote for one organisation comes back as
another organisation's prompt within minutes, again and again, and the sign-ups swap roles. The reports'
"replay of reasoning from other sessions" is the same flow.

A **flow** is a prompt of organisation ``b`` whose first line (at least ``REUSE_MIN_CHARS`` characters, lowercased,
a list marker and a short ``Label:`` stripped, as ``duckdb_inputs.REUSE_NORM_SQL`` reads it) is a line of an answer
the model gave organisation ``a`` at most ``REUSE_MAX_DELAY_S`` earlier, where that text appeared in an answer
before it appeared in any prompt (a question the answer restates was a prompt first), and no more than
``REUSE_HOLDER_CAP`` accounts send it (a common line is no one's output). Honest reuse exists: a client writes a
document with the model and its translation agency translates it, a teacher generates a worksheet that students
paste. It goes one way, from a writer to a reader. A pipeline's sign-ups take both roles, so two accounts are tied
only when flows go **both ways** between them; connected groups of at least ``min_orgs`` organisations whose flows
carry at least ``REUSE_MIN_DISTINCT`` distinct prompts are confirmed (a pipeline produces hundreds of prompts, a
shared worksheet tens). Like the co-timing route it counts organisations, and is off where the accounts are keys
and the logs carry no organisation ids; where the logs carry no answers at all it finds nothing.

Its weak spot: a pipeline whose generator accounts never answer (roles fixed) flows one way and is not tied, and a
flow slower than ``REUSE_MAX_DELAY_S`` is not counted. The delay keeps chance out: in synthetic logs that reuse
dataset text for answers and prompts alike, lines recur across organisations by coincidence hours apart; ten
minutes apart, both ways, hundreds of times, they do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

#: Shortest line (characters) read as a prompt's or an answer's text: "Thanks, that helps!" recurs by chance.
REUSE_MIN_CHARS = 24
#: Longest delay from the answer to the prompt reusing it: a pipeline feeds the output back within minutes.
REUSE_MAX_DELAY_S = 600.0
#: A line sent as a prompt by more accounts than this is common text, not one pipeline's output.
REUSE_HOLDER_CAP = 50
#: Distinct reused prompts a group must carry: a pipeline makes hundreds, a worksheet passed around tens.
REUSE_MIN_DISTINCT = 100


@dataclass(frozen=True)
class OutputFlows:
    """Flows: account ``a`` (code) was given text that account ``b`` then sent as its prompt (``h``: the line's hash);
    one row per distinct (a, b, line)."""

    a: np.ndarray
    b: np.ndarray
    h: np.ndarray
    max_delay_s: float = REUSE_MAX_DELAY_S


@dataclass(frozen=True)
class ReuseGroup:
    members: np.ndarray  # account codes
    flows: int  # distinct (writer, reader, line) flows inside the group
    distinct_prompts: int
    pairs: int  # pairs of accounts with flows both ways


def reuse_groups(flows: OutputFlows, org: np.ndarray, *, min_orgs: int = 3,
                 min_distinct: int = REUSE_MIN_DISTINCT) -> list[ReuseGroup]:
    """Connected groups of accounts with flows both ways, at least ``min_orgs`` organisations (``org`` per account
    code; None: unknown, counts toward none) and ``min_distinct`` distinct reused prompts, largest first."""
    a, b = np.asarray(flows.a, dtype=np.int64), np.asarray(flows.b, dtype=np.int64)
    if not len(a):
        return []
    directed = set(zip(a.tolist(), b.tolist(), strict=True))
    both = {(x, y) for x, y in directed if x < y and (y, x) in directed}
    if not both:
        return []
    ea = np.array([x for x, _ in sorted(both)], dtype=np.int64)
    eb = np.array([y for _, y in sorted(both)], dtype=np.int64)
    nodes, inv = np.unique(np.concatenate([ea, eb]), return_inverse=True)
    k = len(ea)
    graph = coo_matrix((np.ones(k), (inv[:k], inv[k:])), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    # each flow's component: its writer's and its reader's, -1 where either is tied to no one
    last = len(nodes) - 1
    pos_a, pos_b = np.searchsorted(nodes, a).clip(max=last), np.searchsorted(nodes, b).clip(max=last)
    comp_a = np.where(nodes[pos_a] == a, label[pos_a], -1)
    comp_b = np.where(nodes[pos_b] == b, label[pos_b], -2)
    flow_comp = np.where(comp_a == comp_b, comp_a, -1)
    out = []
    h = np.asarray(flows.h)
    for comp in np.unique(label).tolist():
        members = nodes[label == comp]
        orgs = {org[m] for m in members.tolist() if org[m] is not None}
        if len(orgs) < min_orgs:
            continue
        inside = flow_comp == comp
        distinct = len(np.unique(h[inside]))
        if distinct < min_distinct:
            continue
        out.append(ReuseGroup(members, int(inside.sum()), distinct, int((label[inv[:k]] == comp).sum())))
    return sorted(out, key=lambda g: (-len(g.members), int(g.members[0])))
