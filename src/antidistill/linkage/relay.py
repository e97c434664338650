"""Account relays: short-lived accounts that hand the work on to one another.

The reports describe hydra clusters in which "a banned account is replaced at once", and sign-ups "at full usage
immediately". Where an operator cycles free-trial or throwaway accounts one after another (each burns its credit
or its rate limit in one sitting and is never used again, and the next sign-up takes over minutes later), each
account is only a heavy new user: honest sign-ups on a model's release day look the same, one at a time. What no
honest crowd does is *take turns*: one account's first request follows another's last request again and again,
from accounts that run the same client.

The test, per client (an account's most frequent user agent), over the accounts in the tail of the account score
whose whole life in the log (first to last request) is at most ``RELAY_MAX_SPAN_S``, taken in order of their first
request:

- a **turn** is a step from one account to the next where the next one's first request comes within
  ``RELAY_GAP_S`` after the last request of the one before (it started after the other had finished, and soon);
- under the null the accounts start independently of one another, as a Poisson stream of any rate, even one that
  changes over the log: the step after an account of duration ``d`` is a turn with probability
  ``exp(-r d) - exp(-r (d + g))`` at rate ``r``, never more than ``turn_chance(d, g)``, the largest over every
  rate. No rate is estimated, so a release-day rush of honest sign-ups (dense: they overlap, and overlapping
  accounts take no turns) and a quiet night (sparse: the next one comes hours later) are both covered; the
  number of turns of the group is then at most a Poisson-binomial of those bounds, and its tail is one p-value;
  the other is its **longest run** of consecutive turns, ``L``: under the null the steps are independent (the
  gaps between successive starts of a Poisson stream are), so a run of ``L`` turns somewhere has probability at
  most the sum, over every window of ``L`` consecutive steps, of the product of their bounds. A conveyor that
  starts after a stretch of unrelated sign-ups of the same client (hours apart, no turns) is a run long before
  its turns outweigh those steps in the count. The group's p-value is twice the smaller of the two (Bonferroni
  over the two tests);
- a group is confirmed when its p-value is at most ``alpha / clients tested`` (Bonferroni) and its members are
  at least ``RELAY_MIN_ACCOUNTS`` separate sign-ups.

Separate sign-ups, not one customer's keys: with organisation ids in the logs the members must belong to as many
organisations (a customer rotating its keys daily hands over from key to key and is one organisation); without
any, a member counts only when the log carries its sign-up time and it signed up at most ``RELAY_MAX_SPAN_S``
before its first request (a fresh sign-up, which a rotated key is not). Neither known: the route is off.

The members are the accounts on runs of consecutive turns of at least ``RELAY_MIN_CHAIN`` accounts: one or two
turns in a row happen, a chain is work. Each is in the tail on its own evidence (heavy, new, at full usage at
once), so the route asks for two independent lines: the account's own anomaly and the relay. Its weak spot: an
honest sign-up of the same client in the tail that happens to start in a chain's gap and finish before the next
link starts is taken for a link (the chain runs through it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The next account starts at most this long after the previous one's last request (a replacement "at once": the
#: operator signs up the next account when the last one runs dry or is banned).
RELAY_GAP_S = 3600.0
#: An account's whole life in the log (first to last request) is at most this long: a throwaway account works one
#: sitting, a day at most.
RELAY_MAX_SPAN_S = 86400.0
#: Accounts one after another on a chain of turns (``_runs``): three turns in a row are work, one or two happen.
RELAY_MIN_CHAIN = 4
#: Accounts (separate sign-ups) a relay must hand over between: an honest person who opens a second account after
#: using up a trial is two, a conveyor of sign-ups many.
RELAY_MIN_ACCOUNTS = 5


@dataclass(frozen=True)
class RelayGroup:
    """A confirmed relay: its member account codes, the client they run, and the counts behind its p-value."""

    members: np.ndarray  # account codes (indices into the inputs' accounts)
    client: str
    handovers: int  # turns: steps (in order of first request) where the next account starts within ``gap_s``
    expected: float  # the most turns chance explains (the sum of ``turn_chance`` over the steps)
    longest_run: int  # the most consecutive turns
    p_value: float
    candidates: int  # short-lived tail accounts running the client
    tested: int  # clients tested (the Bonferroni count)
    gap_s: float
    span_hours: float  # from the first member's first request to the last member's last one


def relay_groups(first: np.ndarray, last: np.ndarray, client: np.ndarray, tail: np.ndarray, *, alpha: float,
                 org: np.ndarray | None = None, created: np.ndarray | None = None, gap_s: float = RELAY_GAP_S,
                 max_span_s: float = RELAY_MAX_SPAN_S, min_accounts: int = RELAY_MIN_ACCOUNTS) -> list[RelayGroup]:
    """Confirmed relays (see the module docstring).

    ``first``, ``last``: (n,) seconds of each account's first and last request (NaN: none); ``client``: (n,) its
    most frequent user agent (None: unknown); ``tail``: (n,) bool, in the tail of the account score on its own
    evidence; ``org``: (n,) organisation ids (None where unknown; the whole array None when the logs carry none);
    ``created``: (n,) sign-up time in seconds (NaN: unknown; None: the logs carry none)."""
    first = np.asarray(first, dtype=np.float64)
    last = np.asarray(last, dtype=np.float64)
    n = len(first)
    known = ~np.isnan(first) & ~np.isnan(last)
    if n == 0 or not known.any():
        return []
    if org is None:
        if created is None:
            return []
        created = np.asarray(created, dtype=np.float64)
        fresh = ~np.isnan(created) & (first - created <= max_span_s) & (first >= created - gap_s)
    else:
        fresh = np.ones(n, dtype=bool)
    short = known & np.asarray(tail, dtype=bool) & (last - first <= max_span_s)
    clients = np.array([c if isinstance(c, str) and c else "" for c in client], dtype=object)
    groups: dict[str, np.ndarray] = {}
    for value in sorted(set(clients[short].tolist()) - {""}):
        codes = np.flatnonzero(short & (clients == value))
        if len(codes) >= min_accounts:
            groups[value] = codes[np.argsort(first[codes], kind="stable")]  # in order of their first request
    out: list[RelayGroup] = []
    for value, codes in groups.items():
        s, e = first[codes], last[codes]
        step = s[1:] - e[:-1]  # from one account's last request to the next account's first
        turns = (step >= 0.0) & (step <= gap_s)
        c = int(turns.sum())
        if c == 0:
            continue
        q = turn_chance(e[:-1] - s[:-1], gap_s)
        expected = float(q.sum())
        run = longest_run(turns)
        p_value = min(1.0, 2.0 * min(poisson_binomial_sf(c, q), run_sf(run, q)))
        members = codes[_runs(turns, RELAY_MIN_CHAIN)]
        members = members[fresh[members]]
        separate = (len(members) if org is None
                    else len({org[m] for m in members.tolist() if org[m] is not None}))
        if p_value <= alpha / len(groups) and separate >= min_accounts and len(members) >= min_accounts:
            out.append(RelayGroup(members=np.sort(members), client=value, handovers=c, expected=expected,
                                  longest_run=run, p_value=p_value, candidates=len(codes), tested=len(groups),
                                  gap_s=gap_s,
                                  span_hours=round((float(last[members].max()) - float(first[members].min()))
                                                   / 3600.0, 1)))
    return out


def turn_chance(duration_s: np.ndarray, gap_s: float) -> np.ndarray:
    """The most likely a turn is by chance, per account: were the group's first requests a Poisson stream of any
    rate ``r``, the next one after an account of ``duration`` comes within ``gap`` after its end with probability
    ``exp(-r d) - exp(-r (d + g))``, largest at ``exp(-r g) = d / (d + g)``: ``(d / (d + g)) ** (d / g) * g / (d + g)``.
    No rate has to be estimated (a release-day rush is dense, a quiet night sparse: neither makes turns more
    likely than this), and an account of a few minutes with an hour's gap is almost no evidence (the bound nears
    1)."""
    d = np.maximum(np.asarray(duration_s, dtype=np.float64), 0.0)
    g = float(gap_s)
    ratio = d / (d + g)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(d > 0, ratio ** (d / g), 1.0) * (g / (d + g))
    return np.clip(bound, 0.0, 1.0)


def poisson_binomial_sf(k: int, q: np.ndarray) -> float:
    """P(X >= k) for X the number of successes of independent trials with probabilities ``q``."""
    dist = np.zeros(len(q) + 1)
    dist[0] = 1.0
    for p in np.asarray(q, dtype=np.float64).tolist():
        dist[1:] = dist[1:] * (1.0 - p) + dist[:-1] * p
        dist[0] *= 1.0 - p
    return float(min(1.0, dist[k:].sum()))


def longest_run(turns: np.ndarray) -> int:
    """The most consecutive True values of ``turns``."""
    best = cur = 0
    for t in np.asarray(turns, dtype=bool).tolist():
        cur = cur + 1 if t else 0
        best = max(best, cur)
    return best


def run_sf(length: int, q: np.ndarray) -> float:
    """An upper bound on P(some ``length`` consecutive trials all succeed) for independent trials with success
    probabilities at most ``q``: the sum over every window of ``length`` consecutive trials of the product of their
    ``q`` (a union bound). 1 for a run of length 0."""
    q = np.asarray(q, dtype=np.float64)
    if length <= 0 or length > len(q):
        return 1.0
    logs = np.log(np.clip(q, 1e-300, 1.0))
    window = np.convolve(logs, np.ones(length), mode="valid")  # log of each window's product
    return float(min(1.0, np.exp(window).sum()))


def _runs(turns: np.ndarray, min_chain: int) -> np.ndarray:
    """(len(turns) + 1,) bool: the accounts (in order of first request) on runs of consecutive turns that hold at
    least ``min_chain`` accounts."""
    keep = np.zeros(len(turns) + 1, dtype=bool)
    i = 0
    while i < len(turns):
        if not turns[i]:
            i += 1
            continue
        j = i
        while j < len(turns) and turns[j]:
            j += 1
        if j - i + 1 >= min_chain:  # turns i..j-1 join accounts i..j
            keep[i:j + 1] = True
        i = j
    return keep
