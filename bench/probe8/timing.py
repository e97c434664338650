"""Arrival processes: hour-of-week rate profiles, human sessions, and fixed schedules."""

from __future__ import annotations

import numpy as np

HOUR = 3600.0
DAY = 86400.0

# Relative activity by local hour (0..23).
PROFILES: dict[str, list[float]] = {
    "office": [
        0.03,
        0.02,
        0.02,
        0.02,
        0.03,
        0.05,
        0.15,
        0.4,
        0.8,
        1.0,
        1.0,
        0.95,
        0.7,
        0.9,
        1.0,
        0.95,
        0.85,
        0.6,
        0.35,
        0.2,
        0.15,
        0.1,
        0.06,
        0.04,
    ],
    "consumer": [
        0.35,
        0.22,
        0.12,
        0.08,
        0.06,
        0.08,
        0.15,
        0.3,
        0.5,
        0.6,
        0.65,
        0.7,
        0.75,
        0.75,
        0.7,
        0.7,
        0.75,
        0.8,
        0.9,
        1.0,
        1.0,
        0.95,
        0.8,
        0.55,
    ],
    "evening": [
        0.5,
        0.3,
        0.15,
        0.05,
        0.02,
        0.02,
        0.03,
        0.05,
        0.1,
        0.15,
        0.2,
        0.25,
        0.3,
        0.3,
        0.3,
        0.35,
        0.45,
        0.6,
        0.75,
        0.9,
        1.0,
        1.0,
        0.95,
        0.8,
    ],
    "flat": [
        0.9,
        0.88,
        0.86,
        0.85,
        0.86,
        0.88,
        0.9,
        0.95,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.98,
        0.96,
        0.95,
        0.94,
        0.92,
        0.9,
    ],
    "night_batch": [
        1.0,
        1.0,
        1.0,
        1.0,
        0.9,
        0.6,
        0.2,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.1,
        0.2,
        0.5,
        0.9,
        1.0,
    ],
}


def hourly_weights(
    start: float, hours: int, profile: str, tz_hours: float, weekend: float, rng: np.random.Generator
) -> np.ndarray:
    """Expected relative activity for each hour of the window, with day-to-day lognormal jitter."""
    prof = PROFILES[profile]
    w = np.empty(hours)
    day_jitter = rng.lognormal(0.0, 0.25, size=hours // 24 + 2)
    for h in range(hours):
        local = start + h * HOUR + tz_hours * HOUR
        lh = int((local % DAY) // HOUR)
        wd = int((local // DAY + 3) % 7)  # 1970-01-01 was a Thursday; Monday = 0, weekend = 5, 6
        f = weekend if wd >= 5 else 1.0
        w[h] = prof[lh] * f * day_jitter[h // 24]
    return w


def poisson_times(
    rng: np.random.Generator, start: float, weights: np.ndarray, total: float, t0: float = 0.0, t1: float = 1e18
) -> np.ndarray:
    """Independent arrivals whose expected count is ``total`` spread along ``weights``; clipped to [t0, t1)."""
    lam = weights / max(weights.sum(), 1e-9) * total
    counts = rng.poisson(lam)
    hours = np.repeat(np.arange(len(weights)), counts)
    ts = start + hours * HOUR + rng.random(len(hours)) * HOUR
    ts = ts[(ts >= t0) & (ts < t1)]
    return np.sort(ts)


def session_times(
    rng: np.random.Generator,
    start: float,
    weights: np.ndarray,
    total: float,
    mean_len: float,
    gap_s: float,
    t0: float = 0.0,
    t1: float = 1e18,
) -> np.ndarray:
    """Human-like bursts: session starts follow ``weights``; within a session, lognormal think-time gaps."""
    n_sessions = max(total / mean_len, 1.0)
    starts = poisson_times(rng, start, weights, n_sessions, t0, t1)
    out: list[float] = []
    for s in starts:
        k = int(rng.geometric(1.0 / mean_len))
        t = float(s)
        for _ in range(k):
            out.append(t)
            t += float(rng.lognormal(np.log(gap_s), 0.8))
    arr = np.array(out)
    return np.sort(arr[(arr >= t0) & (arr < t1)]) if len(arr) else arr


def schedule_times(
    rng: np.random.Generator, start: float, end: float, period_s: float, jitter_s: float, offset_s: float
) -> np.ndarray:
    """A cron-like schedule, each tick jittered by a few seconds (queue delay)."""
    ticks = np.arange(start + offset_s, end, period_s)
    return np.sort(ticks + rng.random(len(ticks)) * jitter_s)
