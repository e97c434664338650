"""Submission schedules. A batch archive has no per-request arrival time, only batch times,
so every persona is described by when it submits batches."""

from __future__ import annotations

import numpy as np

from .world import DAY, END, HOUR, START


def cron(
    rng: np.random.Generator,
    every_h: float,
    minute: int,
    jitter_s: int = 40,
    start: int = START,
    end: int = END,
    weekdays_only: bool = False,
) -> list[int]:
    """Fixed-interval jobs (CI, nightly evals): same minute each run, seconds of jitter."""
    out = []
    t = start - start % int(every_h * HOUR) + minute * 60
    while t < end:
        if t >= start and (not weekdays_only or ((t - START) // DAY) % 7 < 5):
            out.append(int(t + rng.integers(0, jitter_s + 1)))
        t += int(every_h * HOUR)
    return out


def office(
    rng: np.random.Generator, n: int, tz: int, start: int = START, end: int = END, weekend_share: float = 0.08
) -> list[int]:
    """Human-driven submissions: local working hours, fewer at weekends."""
    out: list[int] = []
    days = list(range((start - START) // DAY, (end - START + DAY - 1) // DAY))
    tries = 0
    while len(out) < n and tries < n * 50:
        tries += 1
        d = int(rng.choice(days))
        weekend = d % 7 >= 5
        if weekend and rng.random() > weekend_share * 3:
            continue
        local_h = rng.normal(14.0, 2.6)
        if not 7.5 <= local_h <= 23.5:
            continue
        t = START + d * DAY + int((local_h - tz) * HOUR)
        if start <= t < end:
            out.append(t)
    return sorted(out)


def poisson(rng: np.random.Generator, rate_per_day: float, start: int = START, end: int = END) -> list[int]:
    """Round-the-clock machine submissions with no idle nights."""
    n = int(rng.poisson(rate_per_day * (end - start) / DAY))
    return sorted(int(x) for x in rng.uniform(start, end, n))


def bursts(
    rng: np.random.Generator, n_bursts: int, per_burst: int, gap_s: tuple[int, int], start: int = START, end: int = END
) -> list[int]:
    """Harvester bursts: several batches seconds-to-minutes apart, then silence."""
    out = []
    for b in rng.uniform(start, end - HOUR, n_bursts):
        t = int(b)
        for _ in range(per_burst):
            out.append(t)
            t += int(rng.integers(gap_s[0], gap_s[1] + 1))
    return sorted(x for x in out if x < end)
