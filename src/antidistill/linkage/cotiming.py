"""Co-timed requests: the same rare prompt sent by accounts of different organisations within seconds.

A harvest operator drives many sign-ups from one queue. When it samples two models side by side, fans one
question out for best-of-N answers, or fails a request over to a sibling account after a 429, the *same*
prompt leaves from several organisations at nearly the same moment. Honest customers of different
organisations send the same text at the same moment only by chance, and chance is computable: it depends on
how often each of them sends that text.

For two accounts ``a`` and ``b`` of different organisations and a prompt both send (``k_a`` and ``k_b`` times
over a log of span ``S`` seconds), the chance that some pair of their sends falls within ``tolerance_s`` of
each other, were the sends independent, is at most (union bound)

    pi = min(1, k_a * k_b * 2 * tolerance_s * kappa / S)

where ``kappa`` (at least 1) is how much the population's traffic bunches into busy hours: the hourly
collision rate of all prompts against a flat day (``sum(share_h ** 2) * hours``). Over all prompts the pair
shares, the number co-timed by chance is a sum of independent rare events with mean ``E = sum(pi)``; the pair's
p-value for ``c`` co-timed prompts is the Poisson tail ``P(X >= c; E)``. "thanks", a CI job's fixed smoke
prompt and an app's template questions are sent so often that ``pi`` is large and their coincidences prove
nothing (and a prompt an account sends more than ``COTIME_MAX_REPEATS`` times is not looked at: scheduled
jobs of different customers fire together at midnight); a prompt each side sent once (a question bank walked
without replacement) coincides by chance with probability ``2 * tolerance_s / S``, so a handful of such
coincidences is decisive.

Pairs whose p-value is at most ``alpha / pairs tested`` (Bonferroni, over every pair of accounts that share an
eligible prompt) are linked; a connected group of accounts from at least ``COTIME_MIN_ORGS`` organisations,
co-timed on at least ``COTIME_MIN_DISTINCT`` distinct prompts, is a campaign confirmed by
``coordinated_requests`` (``CampaignAssembler``). The last condition is about what a harvest is: a question
bank fanned out over sign-ups is hundreds of distinct prompts or more, while a hands-on workshop whose
attendees (each on an account of their own) paste the same tutorial prompts in the same minute is tens; both are
far beyond chance, and only the first is a harvest.

The same test runs on the prompts' ends (the masked first or last 48 characters of a prompt longer than both:
``duckdb_inputs.COTIME_KEYS``): an operator that splits coverage over sign-ups sends one item to each of them under
its own instruction ("port this to Rust", "... to Go"), so no two prompts are equal but the item's end is; the
three tests share ``alpha`` (Bonferroni).

Organisations are what is counted: one customer's keys sending one request over two keys (a retry, a load
balancer) are one customer. Where the logs carry no organisation ids but name each caller by a customer-level
identity (a tenant, a consumer, a user; not an API key or a client address, which one customer holds several of),
each account counts as its own organisation; where the accounts are keys and no ids are given, the two cannot be
told apart and the route is off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.special import gammainc

#: Seconds within which two sends of one prompt count as co-timed (a failover retries in seconds, a side-by-side
#: sample or a best-of-N fan-out leaves within minutes).
COTIME_TOLERANCE_S = 300.0
#: A prompt an account sends more often than this is no question-bank item of its (a harvest sends each item once,
#: a best-of-N sampler a few times): a nightly smoke test, an app's template question. Such prompts are left out,
#: because their sends follow a schedule (cron at midnight), which the chance model's independence does not cover.
COTIME_MAX_REPEATS = 3
#: Distinct prompts a group must have sent co-timed to be a harvest (see the module docstring): a workshop's or a
#: course's shared exercises are tens, a question bank hundreds or thousands.
COTIME_MIN_DISTINCT = 100
#: Organisations a group must span. Evaluation teams of different companies starting one public benchmark when a
#: model is released walk it in lockstep, far beyond chance (the traffic lab's `default` has such a pair: 253
#: prompts co-timed where chance explains 0.13); a harvest spreads over many sign-ups precisely to stay under each
#: account's limits. Two to four organisations in lockstep are left to the other routes.
COTIME_MIN_ORGS = 5
#: A prompt sent by more organisations than this is common text (greetings, a public benchmark's favourite
#: question) and is not looked at: its coincidences would prove nothing and cost quadratic pairs.
COTIME_ORG_CAP = 50
#: Likewise a prompt sent by more accounts than this (one prompt through a big customer's thousands of keys): the
#: pairs of its sends would grow with the square of them, and a harvest fans a prompt out to a few accounts.
COTIME_ACCOUNT_CAP = 200


@dataclass(frozen=True)
class CotimedPairs:
    """Per pair of accounts (codes ``a`` < ``b`` not required; different organisations) that sent at least one
    shared prompt within ``tolerance_s`` of each other: ``cotimed`` distinct such prompts, ``shared`` distinct
    prompts both sent at any time, and ``expected`` co-timed by chance (the sum of ``pi`` over the shared
    prompts, see the module docstring). ``tested``: pairs of accounts sharing an eligible prompt at all (the
    Bonferroni count). ``kappa`` and ``span_s`` as above. Each co-timed (pair, prompt) is one *event*:
    ``event_pair`` (index into the pairs) and ``event_prompt`` (the prompt's hash)."""

    a: np.ndarray
    b: np.ndarray
    cotimed: np.ndarray
    shared: np.ndarray
    expected: np.ndarray
    tested: int
    tolerance_s: float
    kappa: float
    span_s: float
    event_pair: np.ndarray
    event_prompt: np.ndarray

    def p_values(self) -> np.ndarray:
        """Poisson tail ``P(X >= cotimed; expected)`` per pair."""
        c = np.asarray(self.cotimed, dtype=np.float64)
        e = np.maximum(np.asarray(self.expected, dtype=np.float64), 1e-300)
        return np.where(c > 0, gammainc(np.maximum(c, 1.0), e), 1.0)


@dataclass(frozen=True)
class CotimedGroup:
    """Accounts tied by significant co-timed pairs: their codes, the pairs, and the evidence summed over them."""

    members: np.ndarray
    pairs: int
    cotimed: int  # co-timed (pair, prompt) events over the group's pairs
    distinct_prompts: int  # distinct prompts among them
    expected: float
    p_value: float  # the smallest pair p-value in the group


def cotimed_groups(pairs: CotimedPairs, org: np.ndarray, *, alpha: float, min_orgs: int = COTIME_MIN_ORGS,
                   min_distinct: int = COTIME_MIN_DISTINCT) -> list[CotimedGroup]:
    """Connected groups of pairs significant at ``alpha / pairs.tested``, of accounts of at least ``min_orgs``
    organisations (``org``: organisation per account code; None where unknown) and with ``min_distinct`` distinct
    co-timed prompts, largest first."""
    if not len(pairs.a):
        return []
    p = pairs.p_values()
    keep = p <= alpha / max(pairs.tested, 1)
    if not keep.any():
        return []
    a, b = np.asarray(pairs.a, dtype=np.int64)[keep], np.asarray(pairs.b, dtype=np.int64)[keep]
    nodes, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    k = len(a)
    graph = coo_matrix((np.ones(k), (inv[:k], inv[k:])), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    edge_label = label[inv[:k]]
    c, e, pk = np.asarray(pairs.cotimed)[keep], np.asarray(pairs.expected)[keep], p[keep]
    out = []
    for comp in np.unique(label):
        members = nodes[label == comp]
        orgs = {org[m] for m in members.tolist() if org[m] is not None}
        if len(orgs) < min_orgs:
            continue
        on = edge_label == comp
        prompts = np.unique(np.asarray(pairs.event_prompt)[np.isin(pairs.event_pair, np.flatnonzero(keep)[on])])
        if len(prompts) < min_distinct:
            continue
        out.append(CotimedGroup(members, int(on.sum()), int(c[on].sum()), len(prompts), float(e[on].sum()),
                                float(pk[on].min())))
    return sorted(out, key=lambda g: (-len(g.members), int(g.members[0])))
