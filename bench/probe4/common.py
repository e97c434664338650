"""Shared helpers: seeded RNG streams, the simulated calendar, ids, arrival processes.

Everything random in probe4 comes from numpy PCG64 generators seeded from
(seed, actor name), so one actor's traffic does not change when another
actor is added or edited.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np

# --------------------------------------------------------------------------
# Calendar: Monday 2026-03-02 00:00 UTC .. Monday 2026-03-09 00:00 UTC
# --------------------------------------------------------------------------
PERIOD_START = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
DAYS = 7
T0 = int(PERIOD_START.timestamp())
T_END = T0 + DAYS * 86400
HOURS = DAYS * 24

# The new model ("aria-3") goes live on Thursday 15:00 UTC.
RELEASE = T0 + 3 * 86400 + 15 * 3600


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


# --------------------------------------------------------------------------
# RNG streams
# --------------------------------------------------------------------------
def rng_for(seed: int, *names: str) -> np.random.Generator:
    """A PCG64 stream keyed by the global seed and an actor path."""
    digest = hashlib.sha256("/".join(names).encode("utf-8")).digest()
    words = [int.from_bytes(digest[i:i + 4], "little") for i in range(0, 32, 4)]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed)] + words)))


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.random() * len(seq))]


def wchoice(rng: np.random.Generator, weights) -> int:
    """Index drawn with probability proportional to weights (fast path for small lists)."""
    total = 0.0
    for w in weights:
        total += w
    u = rng.random() * total
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        if u < acc:
            return i
    return len(weights) - 1


def wchoice_np(rng: np.random.Generator, cum: np.ndarray) -> int:
    """Index drawn from a cumulative weight array (for long lists)."""
    return int(np.searchsorted(cum, rng.random() * cum[-1], side="right"))


def chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


# --------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def hex32(rng: np.random.Generator) -> str:
    raw = rng.bit_generator.random_raw
    return "%016x%016x" % (raw(), raw())


def uuid4(rng: np.random.Generator) -> str:
    h = hex32(rng)
    v = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{v}{h[17:20]}-{h[20:]}"


def b62(rng: np.random.Generator, n: int) -> str:
    raw = rng.bit_generator.random_raw
    out = []
    while len(out) < n:
        x = raw()
        for _ in range(10):
            out.append(_B62[x % 62])
            x //= 62
    return "".join(out[:n])


# --------------------------------------------------------------------------
# Activity shapes. Weights over the 168 hours of the week, for a local time zone.
# --------------------------------------------------------------------------
def _local(hour_index: np.ndarray, tz: float):
    local = hour_index + tz
    dow = ((local // 24) % 7).astype(int)  # 0 = Monday (the period starts on a Monday)
    hod = (local % 24).astype(int)
    return dow, hod


_OFFICE = np.array([.03, .02, .02, .02, .02, .04, .10, .30, .70, 1.0, 1.0, .95,
                    .75, .90, 1.0, 1.0, .90, .70, .40, .25, .18, .12, .08, .05])
_CONSUMER = np.array([.35, .22, .12, .07, .05, .05, .10, .25, .40, .50, .55, .65,
                      .75, .70, .65, .65, .70, .80, .90, 1.0, 1.0, .95, .80, .55])
_STUDENT = np.array([.45, .30, .15, .06, .03, .03, .05, .12, .25, .40, .50, .55,
                     .55, .60, .70, .70, .65, .60, .65, .80, .95, 1.0, .90, .70])
_HOBBY = np.array([.20, .12, .08, .05, .04, .04, .06, .12, .25, .35, .40, .45,
                   .45, .45, .50, .55, .60, .65, .75, .90, 1.0, .95, .75, .40])


def week_shape(kind: str, tz: float = 0.0) -> np.ndarray:
    """Relative activity per UTC hour of the simulated week."""
    h = np.arange(HOURS, dtype=float)
    dow, hod = _local(h, tz)
    weekend = dow >= 5
    if kind == "office":
        w = _OFFICE[hod] * np.where(weekend, 0.12, 1.0)
    elif kind == "consumer":
        w = _CONSUMER[hod] * np.where(weekend, 1.25, 1.0)
    elif kind == "student":
        w = _STUDENT[hod] * np.where(weekend, 0.7, 1.0)
    elif kind == "hobby":
        w = _HOBBY[hod] * np.where(weekend, 1.4, 1.0) * np.where((~weekend) & (hod >= 9) & (hod < 17), 0.7, 1.0)
    elif kind == "flat":
        w = np.ones(HOURS)
    elif kind == "business_24x5":  # queues fed by daytime producers, drained round the clock
        w = (0.35 + 0.65 * _OFFICE[hod]) * np.where(weekend, 0.3, 1.0)
    else:
        raise ValueError(kind)
    return w


def poisson_times(rng: np.random.Generator, weights: np.ndarray, expected: float,
                  bin_s: int = 3600, t_start: float = T0) -> np.ndarray:
    """Inhomogeneous Poisson arrivals: `expected` events spread by `weights` per bin."""
    w = np.asarray(weights, dtype=float)
    s = w.sum()
    if s <= 0 or expected <= 0:
        return np.zeros(0)
    counts = rng.poisson(w / s * expected)
    starts = t_start + np.repeat(np.arange(len(w)) * bin_s, counts)
    t = starts + rng.random(len(starts)) * bin_s
    t.sort()
    return t[(t >= T0) & (t < T_END)]


def after(weights: np.ndarray, t_from: float) -> np.ndarray:
    """Zero the hourly weights before t_from (partial first hour kept)."""
    w = weights.copy()
    first = int((t_from - T0) // 3600)
    if first > 0:
        w[:min(first, len(w))] = 0
    return w


def before(weights: np.ndarray, t_to: float) -> np.ndarray:
    w = weights.copy()
    last = int((t_to - T0) // 3600)
    if last < len(w):
        w[max(last, 0):] = 0
    return w


# --------------------------------------------------------------------------
# ServeGen (Alibaba Bailian) per-client 10-minute rate series, used as the
# real-world shape of heavy API customers' traffic.
# --------------------------------------------------------------------------
_SERVEGEN_CACHE: dict = {}


def servegen_shape(data_dir: str, chunk: int, day_offset: int, tz_shift_h: float) -> np.ndarray:
    """Per-10-minute weights for 7 days (1008 bins), from client `chunk` of language-m-small."""
    key = (chunk, day_offset, tz_shift_h)
    if key in _SERVEGEN_CACHE:
        return _SERVEGEN_CACHE[key]
    path = f"{data_dir}/servegen-alibaba/language-m-small/chunk-{chunk}-trace.csv"
    rates = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            rates.append(float(parts[1]) if parts[1] else 0.0)
    r = np.array(rates)
    start = day_offset * 144
    r = np.concatenate([r, r])[start:start + 1008]
    # treat the series as local time of day and move it to the customer's zone:
    # UTC bin i takes the value of local bin i + tz*6
    r = np.roll(r, -int(round(tz_shift_h * 6)))
    r = np.maximum(r, 0) + 1e-9
    _SERVEGEN_CACHE[key] = r
    return r


def one_time(rng: np.random.Generator, weights: np.ndarray, bin_s: int = 3600) -> float:
    """One arrival time drawn from the hourly weights."""
    w = np.asarray(weights, dtype=float)
    i = int(rng.choice(len(w), p=w / w.sum()))
    return float(T0 + i * bin_s + rng.random() * bin_s)
