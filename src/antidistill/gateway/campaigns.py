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
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError

log = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class Verdicts:
    """A parsed campaigns document: per-account verdicts, the indicator index and the scan's data cut-off."""

    by_account: dict[str, CampaignVerdict]
    indicators: dict[tuple[str, str], CampaignIndicator]
    data_until: float | None  # seconds since the epoch; None when the document does not say


class CampaignBook:
    """account -> CampaignVerdict, replaced wholesale on file reload, merged on admin updates.

    Accounts linked online (:meth:`link_online`) are kept apart, at most ``max_linked`` of them
    (the oldest link is dropped first), and cleared when a new document replaces the book: the next
    scan has seen their traffic and decides for itself.
    """

    def __init__(self, *, path: Path | None = None, min_share: float = 0.9, min_members: int = 3,
                 max_linked: int = 100_000, pooled_min_uses: int = 3) -> None:
        self.path = path
        self.min_share = min_share
        self.min_members = min_members
        self.max_linked = max_linked
        self.pooled_min_uses = pooled_min_uses
        #: account -> ids of its requests that carried a pooled indicator (up to ``pooled_min_uses``), for
        #: accounts not linked yet; at most ``max_linked`` accounts (oldest dropped), cleared with the book
        self._pooled_uses: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._by_account: dict[str, CampaignVerdict] = {}
        self._linked: dict[str, CampaignVerdict] = {}
        self._indicators: dict[tuple[str, str], CampaignIndicator] = {}
        self.data_until: float | None = None
        self._mtime: float | None = None
        self.maybe_reload()

    def lookup(self, account_id: str) -> CampaignVerdict | None:
        return self._by_account.get(account_id) or self._linked.get(account_id)

    def linked(self) -> dict[str, CampaignVerdict]:
        """The accounts linked online since the book was last replaced, and their verdicts (a copy)."""
        return dict(self._linked)

    def has_indicators(self) -> bool:
        return bool(self._indicators)

    def remove_account(self, account_id: str) -> None:
        """Drop one account from its campaign (appeal); its count of pooled-template uses starts again."""
        with self._lock:
            self._by_account.pop(account_id, None)
            self._linked.pop(account_id, None)
            self._pooled_uses.pop(account_id, None)

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
            self._indicators.update(parsed.indicators)
            if parsed.data_until is not None:
                self.data_until = parsed.data_until
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
                    observing_since: float, request_id: str | None = None) -> CampaignVerdict | None:
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
        """
        if account_id in self._by_account or account_id in self._linked:
            return None
        new = self.data_until is not None and observing_since <= self.data_until <= first_seen
        for attribute, value in values.items():
            ind = self._indicators.get((attribute, value)) if value else None
            if ind is None:
                continue
            if ind.pooled:  # harvest behaviour since the scan's cut-off: new and known accounts alike
                if not self._pooled_use(account_id, request_id):
                    continue
            elif not (ind.exclusive or new):
                continue
            verdict = CampaignVerdict(ind.campaign_id, ind.score * min(1.0, ind.share), ind.size,
                                      via=f"{attribute}={value} ({ind.accounts_in_campaign} of {ind.accounts_total} "
                                          "holders in the campaign)")
            with self._lock:
                if len(self._linked) >= self.max_linked:
                    del self._linked[next(iter(self._linked))]
                self._linked[account_id] = verdict
            log.info("event=campaign_linked_online account=%s campaign=%s via=%r score=%.3f", account_id,
                     ind.campaign_id, verdict.via, verdict.score)
            return verdict
        return None

    def _pooled_use(self, account_id: str, request_id: str | None) -> bool:
        """Count one request of the account carrying a pooled indicator; True from the ``pooled_min_uses``-th.

        The ids of the counted requests are kept (at most ``pooled_min_uses`` per account), so a request
        offered on the decision path and again by the observer counts once, in whatever order they come."""
        with self._lock:
            seen = self._pooled_uses.get(account_id, ())
            rid = request_id if request_id is not None else f"#{len(seen)}"
            if rid not in seen and len(seen) < self.pooled_min_uses:
                if account_id not in self._pooled_uses and len(self._pooled_uses) >= self.max_linked:
                    del self._pooled_uses[next(iter(self._pooled_uses))]
                seen = self._pooled_uses[account_id] = (*seen, rid)
        return len(seen) >= self.pooled_min_uses

    def _install(self, parsed: Verdicts) -> None:
        with self._lock:
            self._by_account = parsed.by_account
            self._indicators = parsed.indicators
            self.data_until = parsed.data_until
            self._linked = {}
            self._pooled_uses = {}

    def _parse(self, data: Any, source: str) -> Verdicts:
        by_account = parse_campaigns(data, source=source)
        indicators = parse_indicators(data, source=source, min_share=self.min_share, min_members=self.min_members)
        until = data.get("data_until")
        if until is None:
            return Verdicts(by_account, indicators, None)
        try:
            when = dt.datetime.fromisoformat(str(until))
        except ValueError as exc:
            raise ConfigError("data_until", "must be an ISO-8601 time", source=source, value=until) from exc
        if when.tzinfo is None:
            raise ConfigError("data_until", "must carry a time zone", source=source, value=until)
        return Verdicts(by_account, indicators, when.timestamp())


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
        verdict = CampaignVerdict(cid, float(score), len(accounts))
        for a in accounts:
            out[a] = verdict
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


def _count(ind: Mapping[str, Any], name: str, key: str, source: str) -> int:
    n = ind.get(name)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ConfigError(f"{key}.{name}", "must be a positive integer", source=source, value=n)
    return n
