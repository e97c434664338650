"""Built-in online detectors: volume, tempo, IP/UA fan-out, reasoning elicitation, campaigns (and payment cards,
registered from :mod:`antidistill.gateway.payment_fanout`).

Each keeps one small record per account, most of them one packed ``array`` (an object with fields of its own costs
more than its numbers). ``docs/gateway.md`` lists the features; the memory per account is measured by
``bench/gateway.py`` and ``tests/gateway/test_gw_core.py``.
"""

from __future__ import annotations

import importlib
import logging
import math
import re
import zlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from antidistill.features.definitions import MASK_RE, SOFT_LABEL_MIN_TOKENS, TURN_PREFIX_CHARS, TURN_SPACE_CHARS
from antidistill.gateway import payment_fanout  # noqa: F401 - registers the payment detector (own module)
from antidistill.gateway.campaigns import HANDOVER_START_REQUESTS, HANDOVER_START_S, CampaignBook, CampaignVerdict
from antidistill.gateway.online import ONLINE_DETECTORS, OnlineDetector, Ring
from antidistill.policy.evidence import Evidence
from antidistill.records import Exchange, Status

log = logging.getLogger(__name__)

# Requests per day each tier is sized for, in the tier names of docs/records.md (``tier_quota_ratio``).
DEFAULT_TIER_DAILY_QUOTA: dict[str, float] = {"free": 200, "tier1": 1_000, "tier2": 5_000, "tier3": 20_000,
                                              "tier4": 100_000, "enterprise": 1_000_000}


@dataclass(frozen=True)
class DetectorContext:
    """What detectors may need from the gateway: campaign verdicts and tier sizes."""

    campaigns: CampaignBook = field(default_factory=CampaignBook)
    tier_daily_quota: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TIER_DAILY_QUOTA))


def build_detectors(context: DetectorContext, names: Sequence[str] | None = None) -> list[OnlineDetector]:
    """Instances of the named detectors (default: every registered one), in registry order."""
    return [ONLINE_DETECTORS.get(n)(context=context) for n in (names or ONLINE_DETECTORS.names())]  # type: ignore[call-arg]


#: ``VolumeDetector``'s state per account, one unsigned 32-bit array: requests per minute over the last hour and per
#: hour over the last day (two rings), then the total, the account's creation (epoch seconds + 1; 0: unknown) and
#: its tier's quota (an index + 1 into the detector's list of quotas; 0: none).
_MINUTES = Ring(60, 60.0)
_HOURS = Ring(24, 3600.0, start=_MINUTES.end)
_TOTAL, _CREATED, _QUOTA = range(_HOURS.end, _HOURS.end + 3)
_VOLUME_WORDS = _QUOTA + 1


@ONLINE_DETECTORS.register
class VolumeDetector(OnlineDetector):
    """Request counts over the last minute, hour and day; account age; use against the tier's size."""

    name = "volume"
    features = ("requests_1m", "requests_1h", "requests_24h", "total_requests", "account_age_hours",
                "tier_quota_ratio")

    def __init__(self, *, context: DetectorContext) -> None:
        self.context = context
        self._state: dict[str, array[int]] = {}
        self._quotas: list[float] = []  # the distinct tier quotas seen (a handful), referred to by index

    def observe(self, exchange: Exchange) -> None:
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = array("I", bytes(4 * _VOLUME_WORDS))
        t = exchange.ts_start.timestamp()
        _MINUTES.add(st, t)
        _HOURS.add(st, t)
        st[_TOTAL] = min(st[_TOTAL] + 1, 0xFFFFFFFF)
        if exchange.account_created_at is not None:
            st[_CREATED] = min(max(0, int(exchange.account_created_at.timestamp()) + 1), 0xFFFFFFFF)
        quota = self.context.tier_daily_quota.get(exchange.account_tier or "")
        if quota is None:
            st[_QUOTA] = 0
        else:
            if quota not in self._quotas:
                self._quotas.append(float(quota))
            st[_QUOTA] = self._quotas.index(quota) + 1

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        if st is None:
            return Evidence(account_id, {"requests_1m": 0.0, "requests_1h": 0.0, "requests_24h": 0.0,
                                         "total_requests": 0.0})
        day = float(_HOURS.total(st, now))
        feats = {"requests_1m": float(_MINUTES.total(st, now, 1)), "requests_1h": float(_MINUTES.total(st, now)),
                 "requests_24h": day, "total_requests": float(st[_TOTAL])}
        if st[_CREATED]:
            feats["account_age_hours"] = max(0.0, (now - (st[_CREATED] - 1)) / 3600.0)
        quota = self._quotas[st[_QUOTA] - 1] if st[_QUOTA] else 0.0
        if quota > 0:
            feats["tier_quota_ratio"] = day / quota
        return Evidence(account_id, feats)

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


#: ``TempoDetector``'s state per account, one array of six doubles (a slotted object with its own floats took twice
#: the memory): the newest request's time, the EWMA of the gaps and of their squares, the gaps counted, the
#: hours-active bit mask of the last 24 hours and the hour of its lowest bit (both exact in a double).
_LAST, _GAP, _GAP_SQ, _N, _HOUR_MASK, _HOUR_LAST = range(6)


@ONLINE_DETECTORS.register
class TempoDetector(OnlineDetector):
    """EWMA of the gaps between requests (mean and coefficient of variation) and hours active in the last day.

    A human's gaps vary wildly (CV well above 1); a harvesting loop's are regular. ``alpha``
    weights recent gaps; about the last 1/alpha requests count.
    """

    name = "tempo"
    features = ("interarrival_cv", "mean_gap_s", "active_hours_24h")
    alpha = 0.05
    min_requests = 10

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, array[float]] = {}

    def observe(self, exchange: Exchange) -> None:
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = array("d", (math.nan, 0.0, 0.0, 0.0, 0.0, -1.0))
        t = exchange.ts_start.timestamp()
        last = st[_LAST]
        if not math.isnan(last) and t >= last:
            g = t - last
            if st[_N] == 0:
                st[_GAP], st[_GAP_SQ] = g, g * g
            else:
                st[_GAP] += self.alpha * (g - st[_GAP])
                st[_GAP_SQ] += self.alpha * (g * g - st[_GAP_SQ])
            st[_N] += 1
        st[_LAST] = max(t, last) if not math.isnan(last) else t
        h = int(t // 3600)
        hour_last, mask = int(st[_HOUR_LAST]), int(st[_HOUR_MASK])
        if h > hour_last:
            shift = h - hour_last
            mask = ((mask << shift) & 0xFFFFFF) if shift < 24 else 0
            hour_last = h
        if hour_last - h < 24:
            mask |= 1 << (hour_last - h)
        st[_HOUR_LAST], st[_HOUR_MASK] = hour_last, mask

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        if st is None:
            return Evidence(account_id, {"active_hours_24h": 0.0})
        h = int(now // 3600)
        shift = max(0, h - int(st[_HOUR_LAST]))  # a clock behind the newest request reads the mask as is
        mask = (int(st[_HOUR_MASK]) << shift) & 0xFFFFFF if shift < 24 else 0
        feats = {"active_hours_24h": float(bin(mask).count("1"))}
        if st[_N] >= self.min_requests:
            gap = st[_GAP]
            var = max(0.0, st[_GAP_SQ] - gap * gap)
            feats["mean_gap_s"] = gap
            feats["interarrival_cv"] = math.sqrt(var) / gap if gap > 0 else 0.0
        return Evidence(account_id, feats)

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


class _Fanout:
    """The 12-hour epoch's distinct values and the previous epoch's, IPs and user agents in one array each: a value's
    31-bit hash shifted left once, its low bit 1 for a user agent (two arrays, not four, per account)."""

    __slots__ = ("epoch", "now", "prev")

    def __init__(self) -> None:
        self.epoch = -1
        self.now = array("I")
        self.prev = array("I")


@ONLINE_DETECTORS.register
class FanoutDetector(OnlineDetector):
    """Distinct client IPs and user agents per credential over the current and previous 12-hour epoch.

    Sets hold 31-bit hashes capped at ``cap`` entries of each kind per epoch: the count saturates at the
    cap, which is far above any threshold that matters (a person uses a handful of IPs a day).
    """

    name = "fanout"
    features = ("distinct_ips_24h", "distinct_user_agents_24h")
    epoch_s = 12 * 3600
    cap = 48

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, _Fanout] = {}

    def _add(self, arr: array[int], value: str | None, kind: int) -> None:
        if value is None:
            return
        h = (zlib.crc32(value.encode()) & 0x7FFFFFFF) << 1 | kind
        if h not in arr and sum(1 for x in arr if x & 1 == kind) < self.cap:
            arr.append(h)

    def observe(self, exchange: Exchange) -> None:
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = _Fanout()
        e = int(exchange.ts_start.timestamp() // self.epoch_s)
        if e > st.epoch:
            st.prev = st.now if e == st.epoch + 1 else array("I")
            st.now, st.epoch = array("I"), e
        self._add(st.now, exchange.client_ip, 0)
        self._add(st.now, exchange.user_agent, 1)

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        e = int(now // self.epoch_s)
        if st is None or e - st.epoch > 1:
            return Evidence(account_id, {"distinct_ips_24h": 0.0, "distinct_user_agents_24h": 0.0})
        values = set(st.now) | set(st.prev) if e == st.epoch else set(st.now)
        uas = sum(x & 1 for x in values)
        return Evidence(account_id, {"distinct_ips_24h": float(len(values) - uas),
                                     "distinct_user_agents_24h": float(uas)})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


def _flags(result: Any, n: int) -> list[bool]:
    """Read per-text flags from a signal's ``score_batch`` result, whatever its container."""
    import numpy as np

    flagged = getattr(result, "flagged", None)
    if flagged is None and isinstance(result, Mapping):
        flagged = result.get("flagged")
        if flagged is None and "score" in result:
            flagged = np.asarray(result["score"]) >= 0.5
    if flagged is None:
        score = getattr(result, "score", None)
        flagged = np.asarray(score if score is not None else result) >= 0.5
    out = [bool(x) for x in np.asarray(flagged).reshape(-1)]
    if len(out) != n:
        raise ValueError(f"reasoning_elicitation returned {len(out)} flags for {n} texts")
    return out


def _packed() -> array[int]:
    """Hits and requests of one account over the current and the previous epoch (about a day), packed in five
    unsigned 32-bit words: epoch + 1 (0: none yet), hits, requests, previous hits, previous requests. Detectors
    that count in epochs keep one per account (:func:`_packed_add`, :func:`_packed_totals`)."""
    return array("I", (0, 0, 0, 0, 0))


def _packed_add(a: array[int], t: float, hit: bool, epoch_s: float) -> None:
    e = int(t // epoch_s) + 1  # 0 stays "no epoch yet"
    if e > a[0]:
        a[3], a[4] = (a[1], a[2]) if e == a[0] + 1 else (0, 0)
        a[0], a[1], a[2] = e, 0, 0
    a[2] = min(a[2] + 1, 0xFFFFFFFF)
    a[1] = min(a[1] + int(hit), 0xFFFFFFFF)


def _packed_totals(a: array[int], now: float, epoch_s: float) -> tuple[int, int]:
    """(hits, requests) over the last two epochs at ``now``; (0, 0) when both are older."""
    e = int(now // epoch_s) + 1
    if e - a[0] > 1:
        return 0, 0
    if e == a[0]:
        return a[1] + a[3], a[2] + a[4]
    return a[1], a[2]


@ONLINE_DETECTORS.register
class ReasoningDetector(OnlineDetector):
    """Counts prompts that the ``reasoning_elicitation`` signal flags, over two 12-hour epochs.

    The signal comes from ``antidistill.signals`` and is imported on first use. When it is
    missing the detector reports its features as unavailable (rules on them never fire) and
    /healthz and the start-up log say why.
    """

    name = "reasoning"
    features = ("reasoning_elicitation_hits_24h", "reasoning_elicitation_share")
    epoch_s = 12 * 3600
    signal_name = "reasoning_elicitation"
    cache_size = 500_000  # prompt hash -> flag; templated and retried prompts repeat a lot (about 3 MB per 100k)

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, array[int]] = {}
        self._cache: dict[int, bool] = {}
        self._signal: Any = None
        self._reason: str | None = None
        self._loaded = False

    def load(self) -> None:
        """Import and load the signal (idempotent)."""
        if self._loaded:
            return
        self._loaded = True
        try:
            # imported lazily: importing antidistill.signals registers its built-ins; it is optional here
            package: Any = importlib.import_module("antidistill.signals")
            registry = getattr(package, "SIGNALS", None) or importlib.import_module("antidistill.signals.base").SIGNALS
            signal = registry.create(self.signal_name)
            loader = getattr(signal, "load", None)
            if callable(loader):
                loader()
            self._signal = signal
        except Exception as exc:  # any failure means "degraded", reported, never fatal
            self._reason = f"unavailable: {self.signal_name} signal could not be loaded ({type(exc).__name__}: {exc})"
            log.warning("event=detector_degraded detector=%s reason=%r", self.name, self._reason)

    def status(self) -> str:
        self.load()
        return self._reason or "ok"

    def annotate(self, batch: Sequence[Exchange]) -> None:
        self.load()
        if self._signal is None or not batch:
            return
        # exchanges annotated already (an in-process replay annotates ahead in large batches) are skipped;
        # repeated prompts (templates, retries) are scored once per batch
        todo = []
        for ex in batch:
            if self.signal_name in ex.extra:
                continue
            if ex.last_user_text:
                todo.append(ex)
            else:  # no prompt of its own (an agent's tool round): no flag, counted nowhere, as in the scan
                ex.extra[self.signal_name] = None
        if not todo:
            return
        cache = self._cache
        # A request is flagged when its prompt or its system text is (the scan's ``re_flag``): an instruction to
        # reveal the reasoning may sit in the system prompt, or in a forced tool's schema, which the ingest and
        # ``http_util.chat_messages`` keep as a ``[tools]`` system turn.
        systems = [ex.system_prompt for ex in todo]
        keys = [hash(ex.last_user_text) for ex in todo]
        skeys = [hash(t) if t else None for t in systems]
        texts = {k: ex.last_user_text for k, ex in zip(keys, todo, strict=True) if k not in cache}
        texts.update({k: t for k, t in zip(skeys, systems, strict=True) if k is not None and k not in cache})
        if texts:
            try:
                flags = _flags(self._signal.score_batch(list(texts.values())), len(texts))
            except Exception as exc:  # a broken signal must not take the gateway down
                self._reason = f"degraded: score_batch failed ({type(exc).__name__}: {exc})"
                log.warning("event=detector_degraded detector=%s reason=%r", self.name, self._reason)
                return
            if len(cache) + len(texts) > self.cache_size:
                cache.clear()
            cache.update(zip(texts, flags, strict=True))
        for k, sk, ex in zip(keys, skeys, todo, strict=True):
            ex.extra[self.signal_name] = cache[k] or (sk is not None and cache[sk])

    def observe(self, exchange: Exchange) -> None:
        flag = exchange.extra.get(self.signal_name)
        if flag is None:
            return
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = _packed()
        _packed_add(st, exchange.ts_start.timestamp(), bool(flag), self.epoch_s)

    def evidence(self, account_id: str, now: float) -> Evidence:
        if self._signal is None:
            return Evidence(account_id, unavailable=frozenset(self.features))
        st = self._state.get(account_id)
        hits, reqs = _packed_totals(st, now, self.epoch_s) if st is not None else (0, 0)
        share = hits / reqs if reqs else 0.0
        return Evidence(account_id, {"reasoning_elicitation_hits_24h": float(hits),
                                     "reasoning_elicitation_share": share})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


@ONLINE_DETECTORS.register
class SoftLabelDetector(OnlineDetector):
    """Counts requests for the per-token alternatives of whole generations, over two 12-hour epochs.

    The scan's ``soft_label_share`` read online: a request asks for at least two alternatives per output token
    (``Exchange.top_logprobs``) and its answer (else its requested length) is at least
    ``SOFT_LABEL_MIN_TOKENS`` tokens, the soft labels of logit distillation. A multiple-choice evaluation reads one
    token's alternatives and is not counted. State is kept only for accounts that ask for alternatives at all;
    their share counts their requests from the first such one.
    """

    name = "soft_labels"
    features = ("soft_label_hits_24h", "soft_label_share")
    epoch_s = 12 * 3600

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, array[int]] = {}

    def observe(self, exchange: Exchange) -> None:
        top = exchange.top_logprobs
        st = self._state.get(exchange.account_id)
        if st is None:
            if top is None or top < 2:
                return
            st = self._state[exchange.account_id] = _packed()
        length = exchange.completion_tokens if exchange.completion_tokens is not None else exchange.max_tokens
        _packed_add(st, exchange.ts_start.timestamp(),
                    top is not None and top >= 2 and (length or 0) >= SOFT_LABEL_MIN_TOKENS, self.epoch_s)

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        hits, reqs = _packed_totals(st, now, self.epoch_s) if st is not None else (0, 0)
        return Evidence(account_id, {"soft_label_hits_24h": float(hits), "soft_label_share": hits / reqs if reqs
                                     else 0.0})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


@ONLINE_DETECTORS.register
class SkimDetector(OnlineDetector):
    """Counts responses with visible reasoning that the client cut off, over two 12-hour epochs.

    The scan's ``reasoning_skim_share`` read online: of the exchanges whose upstream response carried visible
    reasoning (``reasoning_text``, as logged: the upstream's, also when the reasoning was withheld from the client),
    the share that ended with the client hanging up (``aborted``). State is kept only for accounts whose responses
    carried reasoning at least once.
    """

    name = "skim"
    features = ("reasoning_skims_24h", "reasoning_skim_share")
    epoch_s = 12 * 3600

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, array[int]] = {}

    def observe(self, exchange: Exchange) -> None:
        if not exchange.reasoning_text:
            return
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = _packed()
        _packed_add(st, exchange.ts_start.timestamp(), exchange.status == Status.ABORTED.value, self.epoch_s)

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        hits, reqs = _packed_totals(st, now, self.epoch_s) if st is not None else (0, 0)
        return Evidence(account_id, {"reasoning_skims_24h": float(hits),
                                     "reasoning_skim_share": hits / reqs if reqs else 0.0})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


#: The scan's ``network`` attribute (``linkage/duckdb_inputs.py``): the IPv4 /24, else the whole address.
_NETWORK = re.compile(r"^(\d+\.\d+\.\d+)\.")


#: Numbers and ids masked in a prompt's ends (``features.definitions.MASK_RE``, as the scan's SQL masks them).
_IDS = re.compile(MASK_RE)


@ONLINE_DETECTORS.register
class ToolChurnDetector(OnlineDetector):
    """Requests that declare a tool catalogue the account has not used lately, over two 12-hour epochs.

    The scan's ``tool_catalogue_churn`` read online with bounded state: a request's catalogue (its ``[tools]`` turn,
    lower-cased, numbers and ids masked as the scan masks them) is new when it is not among the account's last
    ``recent`` (8) distinct catalogues. An application or agent declares a few fixed sets and is soon never new; a
    synthetic function-calling harvest samples a fresh catalogue for every request. State is kept only for accounts
    that declare tools; requests without tools are not counted.
    """

    name = "tool_churn"
    features = ("tool_requests_24h", "tool_catalogue_churn")
    epoch_s = 12 * 3600
    recent = 8

    def __init__(self, *, context: DetectorContext) -> None:
        # per account one array: the packed counts (five words), then up to ``recent`` catalogue hashes
        self._state: dict[str, array[int]] = {}

    def observe(self, exchange: Exchange) -> None:
        tools = next((m.content for m in exchange.messages
                      if m.role == "system" and m.content.startswith("[tools]")), None)
        if tools is None:
            return
        st = self._state.get(exchange.account_id)
        if st is None:
            st = self._state[exchange.account_id] = _packed()
        h = zlib.crc32(_IDS.sub("#", tools.lower()).encode())
        new = h not in st[5:]
        if new:
            if len(st) >= 5 + self.recent:
                st.pop(5)
            st.append(h)
        _packed_add(st, exchange.ts_start.timestamp(), new, self.epoch_s)

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        new, reqs = _packed_totals(st, now, self.epoch_s) if st is not None else (0, 0)
        return Evidence(account_id, {"tool_requests_24h": float(reqs),
                                     "tool_catalogue_churn": new / reqs if reqs else 0.0})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


#: ``features.duckdb_engine.TURN_KEY_SQL`` in Python: an assistant turn's first 256 characters without case or white
#: space, after a leading reasoning block.
_THINK_BLOCK = re.compile(r"^\s*<think>.*?</think>", re.S)
_TURN_SPACE = str.maketrans("", "", TURN_SPACE_CHARS)


def turn_key(text: str) -> str:
    """An assistant turn's identity for matching a resent turn to the response it was (the scan's ``TURN_KEY_SQL``)."""
    return _THINK_BLOCK.sub("", text, count=1)[:1024].lower().translate(_TURN_SPACE)[:256]


def _answered(scope: str, key: str, current: _Bloom, previous: _Bloom) -> bool:
    """Whether a resent turn is an answer the customer was given: its key among the answers, or, for a turn cut
    shorter than the key's 256 characters, an answer beginning with its first ``TURN_PREFIX_CHARS`` (the scan's
    rule)."""
    if scope + key in current or scope + key in previous:
        return True
    if len(key) >= 256:
        return False
    short = scope + "\x02" + key[:TURN_PREFIX_CHARS]
    return short in current or short in previous


class _Bloom:
    """A fixed-size Bloom filter of strings (``k`` probes by double hashing of Python's hash, so only within one
    process): membership with no false negatives and a false-positive rate set by its size and load."""

    __slots__ = ("bits", "k", "mask")

    def __init__(self, log2_bits: int, k: int = 4) -> None:
        self.bits, self.k, self.mask = bytearray(1 << (log2_bits - 3)), k, (1 << log2_bits) - 1

    def _probes(self, item: str) -> list[int]:
        h = hash(item) & 0xFFFFFFFFFFFFFFFF
        h1, h2 = h & self.mask, (h >> 32) | 1
        return [(h1 + i * h2) & self.mask for i in range(self.k)]

    def add(self, item: str) -> None:
        for p in self._probes(item):
            self.bits[p >> 3] |= 1 << (p & 7)

    def __contains__(self, item: str) -> bool:
        return all(self.bits[p >> 3] & (1 << (p & 7)) for p in self._probes(item))


@ONLINE_DETECTORS.register
class ForgedHistoryDetector(OnlineDetector):
    """Requests that resend an assistant turn the model never gave the customer, over two 12-hour epochs.

    The scan's ``forged_history_share`` read online. The responses sent to each customer (its organisation, else the
    account, as in the scan) go into one Bloom filter shared by all customers (``log2_bits`` bits per epoch, the
    current and the previous epoch kept: a fixed cost, nothing per account but the counts); a request's earlier
    assistant turns (a final, prefilled one aside) are looked up in it. A turn found in neither epoch makes the
    request forged. The request's turns then go into the filter as well, each with the turn before it, so a turn
    resent again after the same turn (a few-shot example's answer after its question, a conversation's earlier
    answers) is found the next time; a fabricated trajectory's turns are new each time, and so is a canned action
    written after each new task (the scan's ``HISTORY_REUSE_MAX`` rule, keyed the same way). A
    turn answered more than a day earlier is not found: a conversation resumed after a day counts once, like a
    forgery. A full filter finds more than it holds, so a gateway busier than its size errs towards clearing.
    """

    name = "forged_history"
    features = ("history_requests_24h", "forged_history_share")
    epoch_s = 12 * 3600
    #: 2^25 bits (4 MiB) per epoch: about 3.5 million entries at a 1% false-positive rate (two per response: its key
    #: and its first ``TURN_PREFIX_CHARS``; one per resent turn)
    log2_bits = 25

    def __init__(self, *, context: DetectorContext) -> None:
        self._state: dict[str, array[int]] = {}
        self._epoch = -1
        self._filters = (_Bloom(self.log2_bits), _Bloom(self.log2_bits))  # current, previous

    def _rotate(self, t: float) -> None:
        e = int(t // self.epoch_s)
        if e > self._epoch:
            current = _Bloom(self.log2_bits)
            self._filters = (current, self._filters[0] if e == self._epoch + 1 else _Bloom(self.log2_bits))
            self._epoch = e

    def observe(self, exchange: Exchange) -> None:
        t = exchange.ts_start.timestamp()
        self._rotate(t)
        scope = (exchange.org_id or exchange.account_id) + "\x00"
        current, previous = self._filters
        msgs = exchange.messages
        earlier = [(turn_key(msgs[i - 1].content) if i else "", turn_key(m.content))
                   for i, m in enumerate(msgs[:-1]) if m.role == "assistant" and m.content]
        if earlier:
            # a turn is known when it was an answer to the customer, or was resent before after the same turn
            pairs = [f"{scope}\x01{before}\x01{k}" for before, k in earlier]
            forged = any(not _answered(scope, k, current, previous) and pair not in current and pair not in previous
                         for (_, k), pair in zip(earlier, pairs, strict=True))
            for pair in pairs:
                current.add(pair)
            st = self._state.get(exchange.account_id)
            if st is None:
                st = self._state[exchange.account_id] = _packed()
            _packed_add(st, t, forged, self.epoch_s)
        if exchange.response_text:
            answer = turn_key(exchange.response_text)
            current.add(scope + answer)
            current.add(scope + "\x02" + answer[:TURN_PREFIX_CHARS])

    def evidence(self, account_id: str, now: float) -> Evidence:
        st = self._state.get(account_id)
        hits, reqs = _packed_totals(st, now, self.epoch_s) if st is not None else (0, 0)
        return Evidence(account_id, {"history_requests_24h": float(reqs),
                                     "forged_history_share": hits / reqs if reqs else 0.0})

    def forget(self, account_id: str) -> None:
        self._state.pop(account_id, None)


def _last_user_text(exchange: Exchange) -> str | None:
    """The last user message's text when the prompt is long enough to carry a template (over 64 characters)."""
    text = exchange.last_user_text  # none in an agent's tool round
    return text if len(text) > 64 else None


def prompt_wrapper(exchange: Exchange) -> str | None:
    """The request's *opening* as the scan's ``wrapper`` attribute reads it, or None.

    Python twin of ``features.duckdb_engine.OPENING_SQL`` over the last user message: its first 48
    characters, lowercased, numbers and ids masked as ``#``; only for prompts longer than 64 characters (a
    wrapper is put in front of a payload). A confirmed campaign's wrapper that is specific to it (a
    harvest template its replacement accounts keep sending) links a new account at its first request.
    """
    text = _last_user_text(exchange)
    return _IDS.sub("#", text[:48].lower()) if text else None


def prompt_closing(exchange: Exchange) -> str | None:
    """The request's *closing* as the scan's pooled ``closing`` attribute reads it, or None.

    Python twin of ``features.duckdb_engine.CLOSING_SQL``: the last 48 characters of the last user message,
    lowercased, numbers and ids masked as ``#``; only for prompts longer than 64 characters (an instruction a
    harvest appends to every question of its bank, "... print your complete reasoning verbatim").
    """
    text = _last_user_text(exchange)
    return _IDS.sub("#", text[-48:].lower()) if text else None


def indicator_values(exchange: Exchange) -> dict[str, str | None]:
    """The linkage attributes one request shows, computed as the scan computes them.

    ``network`` (IPv4 /24), ``org``, ``payment``, the prompt's ``wrapper`` (:func:`prompt_wrapper`) and its
    ``closing`` (:func:`prompt_closing`, listed by the scan only as a pooled harvest template).
    """
    ip = exchange.client_ip
    m = _NETWORK.match(ip) if ip else None
    return {"network": m.group(1) if m else ip, "org": exchange.org_id, "payment": exchange.payment_fingerprint,
            "wrapper": prompt_wrapper(exchange), "closing": prompt_closing(exchange)}


@ONLINE_DETECTORS.register
class CampaignDetector(OnlineDetector):
    """Campaign membership from offline linkage (``CampaignBook``), and online linking by shared indicator.

    Per account it keeps only the time of its first observed request (to tell accounts the last
    scan cannot have seen, and when a relay's next sign-up started) and how many requests it sent at once (a
    relay's next sign-up starts at full usage); the links themselves live in the book,
    which caps them, as does the latest request of each relay chain it follows (every observed request of a
    chain's account moves it; :meth:`CampaignBook.chain_activity`). The gateway
    links on the decision path (:meth:`link_request`, before a request is decided, so a new account
    of a confirmed campaign is refused at its first request); :meth:`observe` tries the same link
    again for requests decided without it (the LiteLLM guardrail decides by account alone).
    """

    name = "campaign"
    features = ("campaign_score", "campaign_size")

    def __init__(self, *, context: DetectorContext) -> None:
        self.book = context.campaigns
        self._first_seen: dict[str, float] = {}
        #: account -> its requests in the first ``HANDOVER_START_S`` after its first one (counted up to
        #: ``HANDOVER_START_REQUESTS``): a relay's next sign-up starts at full usage
        self._early: dict[str, int] = {}
        self._observing_since = math.inf

    def observe(self, exchange: Exchange) -> None:
        t = exchange.ts_start.timestamp()
        account = exchange.account_id
        first = self._first_seen.get(account)
        if first is None:
            first = self._first_seen[account] = t
        early = self._early.get(account, 0)
        if early < HANDOVER_START_REQUESTS and t - first <= HANDOVER_START_S:
            early = self._early[account] = early + 1
            if early == HANDOVER_START_REQUESTS:
                self.book.note_full_start(account, exchange.user_agent, first)
        if t < self._observing_since:
            self._observing_since = t
        if self.book.has_indicators():
            self.book.link_online(account, indicator_values(exchange), first_seen=first,
                                  observing_since=self._observing_since, request_id=exchange.exchange_id,
                                  client=exchange.user_agent if early >= HANDOVER_START_REQUESTS else None, now=t,
                                  end_user=exchange.end_user)
            self.book.chain_activity(account, t, exchange.user_agent)

    def link_request(self, exchange: Exchange) -> CampaignVerdict | None:
        """Link the request's account by what the request shows, before it is decided; the new verdict or None.

        The same rules as when an exchange is observed (:meth:`CampaignBook.link_online`); an account
        not observed yet counts as first seen now. Cheap enough for every request: an account already
        in the book costs two dict lookups, any other one two regexes and up to four more.
        """
        account = exchange.account_id
        if not self.book.has_indicators() or self.book.lookup(account) is not None:
            return None
        t = exchange.ts_start.timestamp()
        first = self._first_seen.get(account, t)
        early = self._early.get(account, 0) + (t - first <= HANDOVER_START_S)  # this request, not observed yet
        return self.book.link_online(account, indicator_values(exchange), first_seen=first,
                                     observing_since=self._observing_since, request_id=exchange.exchange_id,
                                     client=exchange.user_agent if early >= HANDOVER_START_REQUESTS else None, now=t,
                                     end_user=exchange.end_user)

    def evidence(self, account_id: str, now: float) -> Evidence:
        verdict = self.book.lookup(account_id)
        if verdict is None:
            return Evidence(account_id, {"campaign_score": 0.0, "campaign_size": 0.0})
        return Evidence(account_id, {"campaign_score": verdict.score, "campaign_size": float(verdict.size)},
                        campaign_id=verdict.campaign_id)

    def forget(self, account_id: str) -> None:
        self._first_seen.pop(account_id, None)
        self._early.pop(account_id, None)
        self.book.remove_account(account_id)
