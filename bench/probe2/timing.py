# ruff: noqa: E501, RUF046
"""Arrival processes: diurnal/weekly human traffic, cron schedules, bursts, flat machine traffic."""

from __future__ import annotations

import math
import random

import numpy as np

from .bedrock import WEEK_END, WEEK_START

# hourly weights by local hour (0..23); each is normalised to mean 1 over the day
_RAW = {
    # ordinary person: evenings and lunch, quiet at night
    "human": [0.25, 0.12, 0.06, 0.04, 0.04, 0.06, 0.15, 0.4, 0.8, 1.1, 1.3, 1.4, 1.3, 1.3, 1.4, 1.4, 1.3, 1.2,
              1.2, 1.4, 1.6, 1.6, 1.2, 0.6],
    # office worker
    "work": [0.03, 0.02, 0.02, 0.02, 0.02, 0.04, 0.1, 0.4, 1.3, 2.1, 2.3, 2.2, 1.4, 1.9, 2.2, 2.2, 2.0, 1.5, 0.8,
             0.45, 0.35, 0.3, 0.2, 0.08],
    # school children / students after class
    "student": [0.1, 0.05, 0.02, 0.02, 0.02, 0.02, 0.1, 0.4, 0.6, 0.6, 0.6, 0.6, 0.8, 0.9, 1.2, 1.8, 2.2, 2.3,
                2.1, 2.4, 2.6, 2.2, 1.3, 0.4],
    # grad students / researchers: late
    "night": [1.3, 1.1, 0.8, 0.4, 0.2, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.2, 1.2, 1.3, 1.4, 1.4, 1.3, 1.2, 1.1, 1.1,
              1.3, 1.5, 1.6, 1.5],
    "flat": [1.0] * 24,
}
PROFILES = {k: [x * 24 / sum(v) for x in v] for k, v in _RAW.items()}


def rngs(seed: int, key: str) -> tuple[random.Random, np.random.Generator]:
    r = random.Random(f"probe2|{seed}|{key}")
    return r, np.random.default_rng(r.getrandbits(63))


def local_dow(ts: float, tz: float) -> int:
    return int(math.floor((ts + tz * 3600 - WEEK_START) / 86400)) % 7


def arrivals(g: np.random.Generator, per_day: float, profile: str = "human", tz: float = 0.0,
             weekend: float = 0.6, start: float = WEEK_START, end: float = WEEK_END,
             day_sigma: float = 0.35, weights: list[float] | None = None) -> list[float]:
    """Non-homogeneous Poisson arrivals, hour by hour, in local time ``tz`` (hours east of UTC)."""
    prof = weights if weights is not None else PROFILES[profile]
    h0 = int((start - WEEK_START) // 3600)
    h1 = int(math.ceil((end - WEEK_START) / 3600))
    nh = h1 - h0
    if nh <= 0 or per_day <= 0:
        return []
    hours = np.arange(h0, h1)
    loc = hours + tz
    lh = np.floor(loc).astype(int) % 24
    ld = np.floor(loc / 24).astype(int)
    dow = ld % 7
    w = np.array(prof)[lh] * np.where(dow >= 5, weekend, 1.0)
    # day-to-day variation (some days busier than others)
    days = np.unique(ld)
    dm = dict(zip(days.tolist(), np.exp(g.normal(0.0, day_sigma, len(days)) - day_sigma ** 2 / 2).tolist(), strict=True))
    w = w * np.array([dm[d] for d in ld.tolist()])
    lam = per_day / 24.0 * w
    counts = g.poisson(lam)
    out: list[float] = []
    for h, c in zip(hours.tolist(), counts.tolist(), strict=True):
        if c:
            base = WEEK_START + h * 3600
            for u in g.random(c).tolist():
                t = base + u * 3600
                if start <= t < end:
                    out.append(t)
    out.sort()
    return out


def poisson_flat(g: np.random.Generator, per_day: float, start: float, end: float) -> list[float]:
    n = int(g.poisson(per_day * max(0.0, end - start) / 86400))
    return sorted((start + g.random(n) * (end - start)).tolist())


def cron(period_s: int, offset_s: int, rnd: random.Random, jitter: float = 8.0, start: float = WEEK_START,
         end: float = WEEK_END) -> list[float]:
    t0 = start - ((start - WEEK_START) % period_s) + offset_s
    out = []
    t = t0
    while t < end:
        if t >= start:
            out.append(t + rnd.uniform(0.2, jitter))
        t += period_s
    return out


def think_gap(rnd: random.Random, median: float = 45.0, sigma: float = 0.9) -> float:
    return rnd.lognormvariate(math.log(median), sigma)
