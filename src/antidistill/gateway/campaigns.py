"""Campaign verdicts from offline linkage, fed into the online state, and online linking by indicator.

Two ways in (both documented in ``docs/gateway.md``):

* a JSON file the gateway re-reads when its modification time changes
  (``{"campaigns": [{"campaign_id": "c1", "score": 0.97, "accounts": ["a", "b"]}]}``), which
  an offline ``scan``/linkage job can rewrite atomically (write, then rename);
* ``POST /admin/campaigns`` with the same body, merged into what is loaded.

A campaign may also list its shared infrastructure as ``indicators`` (``attribute``, ``value``,
``accounts_in_campaign``, ``accounts_total``: how many of the value's holders the scan saw, and how
many of those are members), and the document may say up to when the scan had data (``data_until``,
ISO-8601). :meth:`CampaignBook.link_online` then ties an account outside the book to a campaign
when it presents one of the campaign's *specific* indicators (see :class:`CampaignIndicator`), the
way a hydra's replacement accounts come back through the same proxy range.

A campaign the scan confirmed as an account relay (sign-ups that take turns, ``linkage.relay``) may also carry a
``handover`` (``clients``, ``gap_s``, ``last_seen_s``). The book then follows the chain online: every request of
one of its accounts moves the chain's latest request, and a *new* account running the chain's client is the next
sign-up taking over when

- its first request came after the chain had been quiet at least ``handover_quiet_s`` and at most ``gap_s``, and
  no account of the chain has sent a request since;
- it is the first sign-up of that client at full usage since the chain went quiet (one successor per handover;
  once linked it is the chain's newest account, so a second sign-up while it works is not one either);
- it started at full usage: ``HANDOVER_START_REQUESTS`` requests within ``HANDOVER_START_S`` of its first one
  (the caller counts them and passes ``client`` only then);
- an unrelated sign-up of the client at full usage would rarely have come first this soon: at the rate such sign-ups
  off the chain came in the last ``FIRSTS_KEEP_S`` the gateway observed (``n`` in a window ``W``), the chance that
  one starts within ``q`` of the chain going quiet, ``1 - exp(-n q / W)``, is at most ``HANDOVER_ALPHA``. A relay
  running a client few new accounts run is followed at every turn; one running a popular SDK whose sign-ups come
  minutes apart is followed only where its next account came sooner than an honest one would have.

It is linked at that request (:meth:`CampaignBook.link_online`), so the rest of its requests are decided with the
relay's verdict. Its weak spot is the scan route's: an honest scripted sign-up of the same client that starts
first in a chain's gap is taken for the next link, with a chance of at most ``HANDOVER_ALPHA`` per handover while
the client's recent sign-up rate holds.

A campaign may name *end users* instead of, or beside, accounts (``"end_users": [{"account_id": "a", "end_user":
"u"}]``): the users of a reseller or an application that the account passes through (OpenAI's ``user``), which the
scan scores inside the account (``end_users.csv``). Such a verdict applies to that end user's requests on that
account only (:meth:`CampaignBook.lookup_end_user`): the harvest a reseller mixes into ordinary resold traffic is
refused, the reseller's other users are served. Online, a harvest template (``wrapper``, ``closing``) on a request
that names its end user links that end user, not the account (:meth:`CampaignBook.link_online`); an account whose
``END_USERS_TO_ACCOUNT`` different end users sent templates is linked itself.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError

log = logging.getLogger(__name__)

#: A relay's newest account has stopped when the chain has sent nothing for this long: its accounts work at full
#: usage, requests seconds apart, so two quiet minutes mean the account ran dry (or was refused), and a sign-up that
#: starts while the chain still works is not taking over from it.
HANDOVER_QUIET_S = 120.0
#: A relay's next sign-up starts at full usage: at least this many requests ...
HANDOVER_START_REQUESTS = 4
#: ... in this long from its first one. A person trying a new account reads each answer before the next question;
#: a script burning a trial credit does not.
HANDOVER_START_S = 120.0
#: How long the book remembers accounts' first requests (per client), longer than any relay's gap plus the delay of a
#: scan's verdicts.
FIRSTS_KEEP_S = 6 * 3600.0
#: The indicators that are a request's content (its harvest template) rather than the account's infrastructure: on a
#: request naming its end user they are that end user's, and link it instead of the account.
CONTENT_ATTRIBUTES = frozenset({"wrapper", "closing"})
#: An account with this many different end users sending a confirmed campaign's templates is linked itself: a few
#: harvesting customers of a reseller are theirs; this many, or end-user ids that change on every request (a harvest
#: hiding behind throwaway ids), are the account's business.
END_USERS_TO_ACCOUNT = 10
#: A new account is taken for the chain's next sign-up only when an unrelated sign-up of the client at full usage,
#: at the client's recent rate, would have started this soon after the chain went quiet with at most this chance
#: (one test per handover: of the handovers an honest sign-up happens to be first in, at most this share is linked).
HANDOVER_ALPHA = 0.05


@dataclass(frozen=True, slots=True)
class CampaignVerdict:
    """One account's campaign: its id, linkage score in [0, 1], member count and, when linked online, why."""

    campaign_id: str
    score: float
    size: int
    via: str | None = None  # "network=1.2.3 (53 of 56 holders in the campaign)" for an account linked online


@dataclass(frozen=True, slots=True)
class CampaignIndicator:
    """A value a confirmed campaign's accounts share, with how specific the scan found it.

    ``share`` is ``accounts_in_campaign / accounts_total`` over the holders the scan saw. Only
    indicators with ``share >= min_share`` and at least ``min_members`` member holders are kept:
    a value most of whose holders are outside the campaign (a campus NAT, a popular SDK) says
    nothing about a new holder.
    """

    attribute: str
    value: str
    campaign_id: str
    score: float
    size: int
    accounts_in_campaign: int
    accounts_total: int
    #: a harvest template several campaigns share (``accounts_in_campaign``: its holders the scan found in a
    #: confirmed campaign or with evidence of their own); content, not infrastructure, so it links only after
    #: repeated use
    pooled: bool = False

    @property
    def share(self) -> float:
        return self.accounts_in_campaign / self.accounts_total

    @property
    def exclusive(self) -> bool:
        """Every holder the scan saw is a member: a holder outside the book is one the scan never saw holding it."""
        return self.accounts_in_campaign >= self.accounts_total


@dataclass(slots=True)
class HandoverWatch:
    """A confirmed relay's client, followed online: the chain's latest request moves as its accounts work.

    ``last`` is the latest request of any account on the chain (the scan's members, then the successors
    linked online), ``head`` the account that made it."""

    client: str
    campaign_id: str
    score: float
    size: int
    gap_s: float
    last: float  # seconds since the epoch
    head: str | None = None


@dataclass(frozen=True, slots=True)
class Verdicts:
    """A parsed campaigns document: per-account verdicts, the indicator index and the scan's data cut-off."""

    by_account: dict[str, CampaignVerdict]
    indicators: dict[tuple[str, str], CampaignIndicator]
    data_until: float | None  # seconds since the epoch; None when the document does not say
    #: client -> the relay chain running it (campaigns with a ``handover``)
    handovers: dict[str, HandoverWatch] = field(default_factory=dict)
    #: (account, end user) -> the verdict on that end user's requests through that account
    by_end_user: dict[tuple[str, str], CampaignVerdict] = field(default_factory=dict)


class CampaignBook:
    """account -> CampaignVerdict, replaced wholesale on file reload, merged on admin updates.

    Accounts linked online (:meth:`link_online`) are kept apart, at most ``max_linked`` of them
    (the oldest link is dropped first), and cleared when a new document replaces the book: the next
    scan has seen their traffic and decides for itself.
    """

    def __init__(self, *, path: Path | None = None, min_share: float = 0.9, min_members: int = 3,
                 max_linked: int = 100_000, pooled_min_uses: int = 3,
                 handover_quiet_s: float = HANDOVER_QUIET_S, handover_alpha: float = HANDOVER_ALPHA) -> None:
        self.path = path
        self.handover_alpha = handover_alpha
        self.min_share = min_share
        self.min_members = min_members
        self.max_linked = max_linked
        self.pooled_min_uses = pooled_min_uses
        self.handover_quiet_s = handover_quiet_s
        #: client -> relay chain followed online; account -> the clients of the chains it may be on (a successor
        #: linked online: its own; a scan member: every client of its campaign, the one a request runs deciding
        #: which chain it moves). Both outlive a new document for the clients it still names, so a successor linked
        #: before a scan keeps moving its chain after it.
        self._handovers: dict[str, HandoverWatch] = {}
        self._chain: dict[str, tuple[str, ...]] = {}
        #: client -> (first request, account) of the accounts that started at full usage in the last ``FIRSTS_KEEP_S``
        #: (at most ``max_linked`` in all), kept before any relay is followed: of two such sign-ups that started while
        #: the verdicts were on their way, the earlier one took over
        self._firsts: dict[str, deque[tuple[float, str]]] = {}
        self._n_firsts = 0
        #: account -> ids of its requests that carried a pooled indicator (up to ``pooled_min_uses``), for
        #: accounts not linked yet; at most ``max_linked`` accounts (oldest dropped), cleared with the book
        self._pooled_uses: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._by_account: dict[str, CampaignVerdict] = {}
        self._by_end_user: dict[tuple[str, str], CampaignVerdict] = {}
        self._linked: dict[str, CampaignVerdict] = {}
        #: (account, end user) -> verdict, for end users linked online by a template (at most ``max_linked``)
        self._linked_end_users: dict[tuple[str, str], CampaignVerdict] = {}
        #: accounts whose end users a campaign names: the scan put their evidence on those end users, so the
        #: account's own indicators (network, organisation, payment) do not link it online
        self._carriers: frozenset[str] = frozenset()
        self._indicators: dict[tuple[str, str], CampaignIndicator] = {}
        self.data_until: float | None = None
        self._mtime: float | None = None
        self.maybe_reload()

    def lookup(self, account_id: str) -> CampaignVerdict | None:
        return self._by_account.get(account_id) or self._linked.get(account_id)

    def lookup_end_user(self, account_id: str, end_user: str) -> CampaignVerdict | None:
        """The verdict on ``end_user``'s requests through ``account_id``, if a campaign names that pair."""
        if not (self._by_end_user or self._linked_end_users):
            return None
        key = (account_id, end_user)
        return self._by_end_user.get(key) or self._linked_end_users.get(key)

    def end_users(self) -> dict[tuple[str, str], CampaignVerdict]:
        """(account, end user) -> verdict, for every end user a campaign names or a template linked (a copy)."""
        return {**self._linked_end_users, **self._by_end_user}

    def linked(self) -> dict[str, CampaignVerdict]:
        """The accounts linked online since the book was last replaced, and their verdicts (a copy)."""
        return dict(self._linked)

    def has_indicators(self) -> bool:
        """True when an account outside the book can be linked: specific indicators or a relay followed online."""
        return bool(self._indicators) or bool(self._handovers)

    def handovers(self) -> dict[str, HandoverWatch]:
        """client -> the relay chain followed online (a copy)."""
        return dict(self._handovers)

    def note_full_start(self, account_id: str, client: str | None, t: float) -> None:
        """An account that started at full usage (see ``link_online``), its user agent and its first request's time
        ``t`` (seconds); kept ``FIRSTS_KEEP_S``, relays followed or not."""
        if not client:
            return
        with self._lock:
            recent = self._firsts.setdefault(client, deque())
            recent.append((t, account_id))
            self._n_firsts += 1
            while recent and recent[0][0] < t - FIRSTS_KEEP_S:
                recent.popleft()
                self._n_firsts -= 1
            if self._n_firsts > self.max_linked:  # bounded: drop the oldest of the longest list
                longest = max(self._firsts.values(), key=len)
                longest.popleft()
                self._n_firsts -= 1

    def chain_activity(self, account_id: str, t: float, client: str | None = None) -> None:
        """One request of an account, at ``t`` (seconds), running ``client`` (its user agent): if the account is on a
        relay chain, the chain's latest request. A member of a relay that runs several clients moves the chain of the
        client the request runs (the scan's document does not say which member ran which); one whose chains run
        a single client moves that chain whatever the request runs."""
        clients = self._chain.get(account_id)
        if not clients:
            return
        if len(clients) == 1:
            chain = clients[0]
        elif client in clients:
            chain = client
        else:
            return
        watch = self._handovers.get(chain)
        if watch is not None and t > watch.last:
            with self._lock:
                watch.last, watch.head = t, account_id

    def remove_account(self, account_id: str) -> None:
        """Drop one account from its campaign (appeal), and the verdicts on its end users; its count of
        pooled-template uses starts again."""
        with self._lock:
            self._by_account.pop(account_id, None)
            if account_id in self._carriers:
                self._by_end_user = {k: v for k, v in self._by_end_user.items() if k[0] != account_id}
                self._carriers = frozenset(a for a, _ in self._by_end_user)
            for key in [k for k in self._linked_end_users if k[0] == account_id]:
                del self._linked_end_users[key]
                self._pooled_uses.pop(end_user_key(*key), None)
            self._pooled_uses.pop(end_user_key(account_id, ""), None)
            self._linked.pop(account_id, None)
            self._pooled_uses.pop(account_id, None)
            self._chain.pop(account_id, None)

    def remove_end_user(self, account_id: str, end_user: str) -> None:
        """Drop the verdict on one end user of an account (an appeal for that user alone)."""
        with self._lock:
            if (account_id, end_user) in self._by_end_user:
                self._by_end_user = {k: v for k, v in self._by_end_user.items() if k != (account_id, end_user)}
                self._carriers = frozenset(a for a, _ in self._by_end_user)
            self._linked_end_users.pop((account_id, end_user), None)
            self._pooled_uses.pop(end_user_key(account_id, end_user), None)

    def campaigns(self) -> dict[str, list[str]]:
        """campaign id -> its accounts (those linked online included)."""
        out: dict[str, list[str]] = {}
        for book in (self._by_account, self._linked):
            for account, v in book.items():
                out.setdefault(v.campaign_id, []).append(account)
        return out

    def update(self, data: Mapping[str, Any], *, source: str = "admin") -> int:
        """Merge verdicts from a ``{"campaigns": [...]}`` body; returns accounts updated."""
        parsed = self._parse(data, source)
        with self._lock:
            self._by_account.update(parsed.by_account)
            if parsed.by_end_user:
                self._by_end_user = {**self._by_end_user, **parsed.by_end_user}
                self._carriers = frozenset(a for a, _ in self._by_end_user)
            self._indicators.update(parsed.indicators)
            if parsed.data_until is not None:
                self.data_until = parsed.data_until
            if parsed.handovers:
                self._follow({**self._handovers, **parsed.handovers})
        return len(parsed.by_account)

    def replace(self, data: Mapping[str, Any], *, source: str = "scan") -> int:
        """Replace every verdict with those of a ``{"campaigns": [...]}`` body (a new scan's output)."""
        parsed = self._parse(data, source)
        self._install(parsed)
        return len(parsed.by_account)

    def maybe_reload(self) -> bool:
        """Re-read the file if it changed; True when reloaded. A bad file raises and keeps the old verdicts."""
        if self.path is None or not self.path.is_file():
            return False
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return False
        try:
            data = json.loads(self.path.read_text())
        except json.JSONDecodeError as exc:
            raise ConfigError(f"line {exc.lineno}", f"invalid JSON: {exc.msg}", source=str(self.path)) from exc
        self._install(self._parse(data, str(self.path)))
        self._mtime = mtime
        return True

    def link_online(self, account_id: str, values: Mapping[str, str | None], *, first_seen: float,
                    observing_since: float, request_id: str | None = None, client: str | None = None,
                    now: float | None = None, end_user: str | None = None) -> CampaignVerdict | None:
        """Tie an account outside the book to the campaign of an indicator it presents; the new verdict or None.

        ``values`` are the account's attribute values on one request (``network``, ``org``, ...).
        An exclusive indicator links any holder; a merely specific one (``share >= min_share``) links
        only an account the scan cannot have seen: first seen at or after ``data_until``, by an
        observer running since before it (``observing_since``; after a restart every account looks
        new). A *pooled* indicator (a harvest template several campaigns share) links at the
        account's ``pooled_min_uses``-th request carrying one since the book was installed, whether the
        scan saw the account or not: one person trying a template from a public report is not a harvest,
        and an account the scan left out on a few requests before its cut-off that keeps sending harvest
        templates after it shows new evidence. ``request_id`` keeps a request that is offered twice
        (decided, then observed) from counting twice. The score is the campaign's times the indicator's
        share: the chance, on the scan's own counts, that a holder is a member.

        ``client`` (the request's user agent, given once the account has started at full usage) links a new
        account that took over a relay chain running that client (see the module docstring), at the relay
        campaign's score. The timing test is on the account's *first* request whichever request asks (a sign-up
        that started before the scan's verdicts arrived is judged at its next request); ``now`` (seconds, this
        request's time) then becomes the chain's latest request.

        A request that names its ``end_user`` (a reseller's or an application's user) is that user's content: a
        template indicator (``CONTENT_ATTRIBUTES``) links the end user through this account, not the account, and
        counts its pooled uses per end user; the account's own indicators (network, organisation, payment) link the
        account as before, unless a campaign names end users of the account (the scan put the account's evidence on
        them: its own indicators were in that evidence). The account itself is linked once ``END_USERS_TO_ACCOUNT``
        different end users of it sent templates that would link them (a harvest that names a new end user on every
        request, so that none sends a pooled template three times, or a reseller with many harvesting customers).
        The verdict returned is the account's (None when only the end user was linked).
        """
        if account_id in self._by_account or account_id in self._linked:
            return None
        # an end user already linked: its templates say nothing more (the account's own indicators still may)
        end_user_linked = bool(end_user) and (account_id, end_user) in self._linked_end_users
        carriers = self._carriers
        new = self.data_until is not None and observing_since <= self.data_until <= first_seen
        if client is not None and new and client in self._handovers:
            verdict = self._take_over(account_id, client, first_seen, first_seen if now is None else now,
                                      observing_since)
            if verdict is not None:
                return verdict
        for attribute, value in values.items():
            ind = self._indicators.get((attribute, value)) if value else None
            if ind is None:
                continue
            on_end_user = bool(end_user) and attribute in CONTENT_ATTRIBUTES
            if (on_end_user and end_user_linked) or (attribute not in CONTENT_ATTRIBUTES and account_id in carriers):
                continue
            if not (ind.pooled or ind.exclusive or new):
                continue
            whole_account = False
            if on_end_user and end_user:
                # the distinct end users of the account that sent a template (counted by id): ids that change on
                # every request, or many harvesting users, are the account's business
                whole_account = self._pooled_use(end_user_key(account_id, ""), end_user, END_USERS_TO_ACCOUNT)
                uses = end_user_key(account_id, end_user)
                if not whole_account and ind.pooled and not self._pooled_use(uses, request_id):
                    continue
            elif ind.pooled and not self._pooled_use(account_id, request_id):
                continue  # harvest behaviour since the scan's cut-off: new and known accounts alike
            via = f"{attribute}={value} ({ind.accounts_in_campaign} of {ind.accounts_total} holders in the campaign)"
            if whole_account:
                via += f"; sent by {END_USERS_TO_ACCOUNT} of its end users"
            verdict = CampaignVerdict(ind.campaign_id, ind.score * min(1.0, ind.share), ind.size, via=via)
            if on_end_user and end_user and not whole_account:
                self._link_end_user(account_id, end_user, verdict)
                return None
            with self._lock:
                self._add_link(account_id, verdict)
            return verdict
        return None

    def _link_end_user(self, account_id: str, end_user: str, verdict: CampaignVerdict) -> None:
        """Keep an end user's online link (at most ``max_linked``: the oldest is dropped) and log it."""
        with self._lock:
            if len(self._linked_end_users) >= self.max_linked:
                del self._linked_end_users[next(iter(self._linked_end_users))]
            self._linked_end_users[(account_id, end_user)] = verdict
        log.info("event=end_user_linked_online account=%s campaign=%s via=%r score=%.3f", account_id,
                 verdict.campaign_id, verdict.via, verdict.score)

    def _add_link(self, account_id: str, verdict: CampaignVerdict) -> None:
        """Keep an online link (at most ``max_linked``: the oldest is dropped, with its place on a relay chain) and
        log it. Under ``_lock``."""
        if len(self._linked) >= self.max_linked:
            dropped = next(iter(self._linked))
            del self._linked[dropped]
            self._chain.pop(dropped, None)
        self._linked[account_id] = verdict
        log.info("event=campaign_linked_online account=%s campaign=%s via=%r score=%.3f", account_id,
                 verdict.campaign_id, verdict.via, verdict.score)

    def _take_over(self, account_id: str, client: str, first_seen: float, now: float,
                   observing_since: float) -> CampaignVerdict | None:
        """Link a new account whose first request, at ``first_seen``, took over the relay chain of ``client``.

        ``observing_since`` (seconds) bounds the window over which the client's rate of sign-ups is counted."""
        with self._lock:
            watch = self._handovers.get(client)
            if watch is None:
                return None
            quiet = first_seen - watch.last
            if not self.handover_quiet_s <= quiet <= watch.gap_s:
                return None
            # One pass over the client's full-usage sign-ups off the chain before this one: any since the chain went
            # quiet means this is not the first (one successor per handover); those in the last ``window`` observed
            # give the rate at which an unrelated one would have come first within ``waited``.
            quiet_from = watch.last + self.handover_quiet_s
            window = min(FIRSTS_KEEP_S, first_seen - observing_since)
            others = 0
            for t, other in self._firsts.get(client, ()):
                if t >= first_seen or other == account_id or other in self._chain:
                    continue
                if t >= quiet_from:
                    return None
                others += t >= first_seen - window
            waited = first_seen - quiet_from
            chance = 1.0 - math.exp(-others * waited / window) if window > 0 and waited > 0 else 0.0
            if chance > self.handover_alpha:
                return None
            verdict = CampaignVerdict(watch.campaign_id, watch.score, watch.size,
                                      via=f"handover: first request {quiet:.0f} s after the relay's last request "
                                          f"(client {client!r}; chance {chance:.2g})")
            self._add_link(account_id, verdict)
            self._chain[account_id] = (client,)
            watch.last, watch.head = max(first_seen, now), account_id
        return verdict

    def _pooled_use(self, account_id: str, request_id: str | None, need: int | None = None) -> bool:
        """Count one request of the account carrying a pooled indicator; True from the ``need``-th (default
        ``pooled_min_uses``).

        The ids of the counted requests are kept (at most ``need`` per account), so a request
        offered on the decision path and again by the observer counts once, in whatever order they come."""
        need = self.pooled_min_uses if need is None else need
        with self._lock:
            seen = self._pooled_uses.get(account_id, ())
            rid = request_id if request_id is not None else f"#{len(seen)}"
            if rid not in seen and len(seen) < need:
                if account_id not in self._pooled_uses and len(self._pooled_uses) >= self.max_linked:
                    del self._pooled_uses[next(iter(self._pooled_uses))]
                seen = self._pooled_uses[account_id] = (*seen, rid)
        return len(seen) >= need

    def _install(self, parsed: Verdicts) -> None:
        with self._lock:
            self._by_account = parsed.by_account
            self._by_end_user = parsed.by_end_user
            self._carriers = frozenset(a for a, _ in parsed.by_end_user)
            self._indicators = parsed.indicators
            self.data_until = parsed.data_until
            self._linked = {}
            self._linked_end_users = {}
            self._pooled_uses = {}
            self._follow(parsed.handovers)

    def _follow(self, handovers: dict[str, HandoverWatch]) -> None:
        """Follow the relays of a new document: each keeps the later of its chain's latest request as the document
        says and as followed online, and the accounts on it (members, and successors linked before for a client
        still named); chains the document no longer names are dropped. Under ``_lock``."""
        for client, watch in handovers.items():
            old = self._handovers.get(client)
            if old is not None and old.last > watch.last:
                watch.last, watch.head = old.last, old.head
        kept = ((a, tuple(c for c in clients if c in handovers)) for a, clients in self._chain.items())
        self._chain = {a: clients for a, clients in kept if clients}
        clients_of: dict[str, tuple[str, ...]] = {}
        for client, watch in handovers.items():
            clients_of[watch.campaign_id] = (*clients_of.get(watch.campaign_id, ()), client)
        if clients_of:
            for account, verdict in self._by_account.items():
                chains = clients_of.get(verdict.campaign_id)
                if chains is not None:
                    self._chain[account] = chains
        self._handovers = handovers

    def _parse(self, data: Any, source: str) -> Verdicts:
        by_account = parse_campaigns(data, source=source)
        by_end_user = parse_end_users(data, source=source)
        indicators = parse_indicators(data, source=source, min_share=self.min_share, min_members=self.min_members)
        handovers = parse_handovers(data, source=source)
        until = data.get("data_until")
        if until is None:
            return Verdicts(by_account, indicators, None, handovers, by_end_user)
        try:
            when = dt.datetime.fromisoformat(str(until))
        except ValueError as exc:
            raise ConfigError("data_until", "must be an ISO-8601 time", source=source, value=until) from exc
        if when.tzinfo is None:
            raise ConfigError("data_until", "must carry a time zone", source=source, value=until)
        return Verdicts(by_account, indicators, when.timestamp(), handovers, by_end_user)


#: Between an account and its end user in a pair's key (no account id holds it).
PAIR_SEPARATOR = "\x1f"


def end_user_key(account_id: str, end_user: str) -> str:
    """One string for an (account, end user) pair: what its pooled-template uses are counted under, its throttle
    bucket (``enforce``) and its place in a verdict document's ``scans_in_a_row`` (``scanloop``)."""
    return f"{account_id}{PAIR_SEPARATOR}{end_user}"


def parse_campaigns(data: Any, *, source: str) -> dict[str, CampaignVerdict]:
    """Validate a campaigns document; errors name the entry and field."""
    if not isinstance(data, Mapping) or not isinstance(data.get("campaigns"), list):
        raise ConfigError("campaigns", "expected an object with a 'campaigns' list", source=source)
    out: dict[str, CampaignVerdict] = {}
    for i, c in enumerate(data["campaigns"]):
        key = f"campaigns[{i}]"
        if not isinstance(c, Mapping):
            raise ConfigError(key, "must be an object", source=source, value=c)
        cid, score, accounts = c.get("campaign_id"), c.get("score"), c.get("accounts")
        if not isinstance(cid, str) or not cid:
            raise ConfigError(f"{key}.campaign_id", "must be a non-empty string", source=source, value=cid)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            raise ConfigError(f"{key}.score", "must be a number in [0, 1]", source=source, value=score)
        if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
            raise ConfigError(f"{key}.accounts", "must be a list of account ids", source=source, value=accounts)
        verdict = CampaignVerdict(cid, float(score), len(accounts) + len(c.get("end_users") or ()))
        for a in accounts:
            out[a] = verdict
    return out


def parse_end_users(data: Mapping[str, Any], *, source: str) -> dict[tuple[str, str], CampaignVerdict]:
    """(account, end user) -> verdict, from each campaign's optional ``end_users`` (``parse_campaigns`` first).

    ``end_users``: ``[{"account_id": "a", "end_user": "u"}, ...]``, the end users of reseller or application accounts
    the verdict is about (the account itself is not, unless ``accounts`` lists it too)."""
    out: dict[tuple[str, str], CampaignVerdict] = {}
    for i, c in enumerate(data["campaigns"]):
        items = c.get("end_users")
        if items is None:
            continue
        key = f"campaigns[{i}].end_users"
        if not isinstance(items, list):
            raise ConfigError(key, "must be a list", source=source, value=items)
        verdict = CampaignVerdict(c["campaign_id"], float(c["score"]), len(c["accounts"]) + len(items))
        for j, item in enumerate(items):
            if not isinstance(item, Mapping):
                raise ConfigError(f"{key}[{j}]", "must be an object", source=source, value=item)
            for name in ("account_id", "end_user"):
                if not isinstance(item.get(name), str) or not item[name]:
                    raise ConfigError(f"{key}[{j}].{name}", "must be a non-empty string", source=source,
                                      value=item.get(name))
            out[(item["account_id"], item["end_user"])] = verdict
    return out


def parse_indicators(data: Mapping[str, Any], *, source: str, min_share: float,
                     min_members: int) -> dict[tuple[str, str], CampaignIndicator]:
    """(attribute, value) -> indicator, for the specific indicators of every campaign (``parse_campaigns`` first).

    A value listed by two campaigns keeps the one holding the larger share of its holders.
    """
    out: dict[tuple[str, str], CampaignIndicator] = {}
    for i, c in enumerate(data["campaigns"]):
        items = c.get("indicators", [])
        if not isinstance(items, list):
            raise ConfigError(f"campaigns[{i}].indicators", "must be a list", source=source, value=items)
        for j, ind in enumerate(items):
            key = f"campaigns[{i}].indicators[{j}]"
            if not isinstance(ind, Mapping):
                raise ConfigError(key, "must be an object", source=source, value=ind)
            for name in ("attribute", "value"):
                if not isinstance(ind.get(name), str) or not ind[name]:
                    raise ConfigError(f"{key}.{name}", "must be a non-empty string", source=source, value=ind.get(name))
            inside, total = _count(ind, "accounts_in_campaign", key, source), _count(ind, "accounts_total", key, source)
            if inside > total:
                raise ConfigError(f"{key}.accounts_in_campaign", "exceeds accounts_total", source=source, value=inside)
            pooled = ind.get("pooled", False)
            if not isinstance(pooled, bool):
                raise ConfigError(f"{key}.pooled", "must be true or false", source=source, value=pooled)
            found = CampaignIndicator(ind["attribute"], ind["value"], c["campaign_id"], float(c["score"]),
                                      len(c["accounts"]), inside, total, pooled)
            if inside < min_members or found.share < min_share:
                continue
            old = out.get((found.attribute, found.value))
            if old is None or found.share > old.share:
                out[(found.attribute, found.value)] = found
    return out


def parse_handovers(data: Mapping[str, Any], *, source: str) -> dict[str, HandoverWatch]:
    """client -> the relay chain to follow online, from each campaign's ``handover`` (``parse_campaigns`` first).

    ``handover``: ``{"clients": [user agents], "gap_s": seconds > 0, "last_seen_s": the chain's latest request the
    scan saw, seconds since the epoch}``. A client named by two campaigns follows the one seen last."""
    out: dict[str, HandoverWatch] = {}
    for i, c in enumerate(data["campaigns"]):
        h = c.get("handover")
        if h is None:
            continue
        key = f"campaigns[{i}].handover"
        if not isinstance(h, Mapping):
            raise ConfigError(key, "must be an object", source=source, value=h)
        clients, gap, last = h.get("clients"), h.get("gap_s"), h.get("last_seen_s")
        if not isinstance(clients, list) or not clients or not all(isinstance(x, str) and x for x in clients):
            raise ConfigError(f"{key}.clients", "must be a non-empty list of user agents", source=source, value=clients)
        if isinstance(gap, bool) or not isinstance(gap, int | float) or not gap > 0:
            raise ConfigError(f"{key}.gap_s", "must be a positive number of seconds", source=source, value=gap)
        if isinstance(last, bool) or not isinstance(last, int | float) or not math.isfinite(last):
            raise ConfigError(f"{key}.last_seen_s", "must be seconds since the epoch", source=source, value=last)
        for client in clients:
            old = out.get(client)
            if old is None or last > old.last:
                out[client] = HandoverWatch(client, c["campaign_id"], float(c["score"]), len(c["accounts"]),
                                            float(gap), float(last))
    return out


def _count(ind: Mapping[str, Any], name: str, key: str, source: str) -> int:
    n = ind.get(name)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"{key}.{name}", "must be a positive integer", source=source, value=n)
    return n
