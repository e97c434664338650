"""Arrival-time samplers: diurnal/weekly human curves, sessions, cron jobs, 24/7 and synchronized bursts."""

from __future__ import annotations

from functools import cache

import numpy as np

from .core import HOUR, WEEK_END, WEEK_START

# local-hour activity curves (index 0..23)
_CURVES = {
    "office": [
        0.03,
        0.02,
        0.02,
        0.02,
        0.03,
        0.05,
        0.12,
        0.3,
        0.7,
        0.95,
        1,
        1,
        0.85,
        0.95,
        1,
        0.95,
        0.85,
        0.6,
        0.35,
        0.25,
        0.2,
        0.15,
        0.08,
        0.05,
    ],
    "consumer": [
        0.25,
        0.15,
        0.08,
        0.05,
        0.04,
        0.05,
        0.1,
        0.2,
        0.35,
        0.45,
        0.55,
        0.6,
        0.65,
        0.62,
        0.6,
        0.62,
        0.7,
        0.8,
        0.9,
        1,
        1,
        0.9,
        0.7,
        0.45,
    ],
    "dev": [
        0.15,
        0.08,
        0.05,
        0.03,
        0.03,
        0.04,
        0.08,
        0.2,
        0.5,
        0.8,
        0.9,
        0.9,
        0.75,
        0.85,
        0.9,
        0.85,
        0.7,
        0.55,
        0.5,
        0.55,
        0.6,
        0.55,
        0.4,
        0.25,
    ],
    "student": [
        0.1,
        0.04,
        0.02,
        0.01,
        0.01,
        0.02,
        0.05,
        0.12,
        0.15,
        0.15,
        0.18,
        0.2,
        0.3,
        0.35,
        0.5,
        0.75,
        0.9,
        1,
        0.95,
        0.9,
        1,
        0.85,
        0.5,
        0.25,
    ],
    "flat": [1.0] * 24,
}
_WEEKEND = {"office": 0.12, "consumer": 0.85, "dev": 0.45, "student": 0.7, "flat": 1.0}


def hour_weights(profile: str, tz: float, weekend: float | None = None) -> np.ndarray:
    """Weight of each of the 168 UTC hours of the week for a client in time zone `tz` (hours)."""
    return _hour_weights(profile, tz, weekend).copy()


@cache
def _hour_weights(profile: str, tz: float, weekend: float | None) -> np.ndarray:
    curve = _CURVES[profile]
    wk = _WEEKEND[profile] if weekend is None else weekend
    w = np.empty(168)
    for h in range(168):
        local = h + tz
        day = int(np.floor(local / 24))  # 0 = Monday of the simulated week
        w[h] = curve[int(local) % 24] * (wk if day % 7 in (5, 6) else 1.0)
    return w


def poisson_times(
    rng: np.random.Generator, n: int, weights: np.ndarray, lo: float = WEEK_START, hi: float = WEEK_END
) -> list[float]:
    """n arrival times drawn from the hourly intensity `weights`, restricted to [lo, hi)."""
    w = weights.copy()
    hrs = np.arange(168)
    w[(WEEK_START + (hrs + 1) * HOUR <= lo) | (WEEK_START + hrs * HOUR >= hi)] = 0
    if n <= 0 or w.sum() <= 0:
        return []
    h = rng.choice(168, size=n, p=w / w.sum())
    t = WEEK_START + h * HOUR + rng.random(n) * HOUR
    return np.sort(np.clip(t, lo, hi - 1e-3)).tolist()


def sessions(
    rng: np.random.Generator,
    n_sessions: int,
    weights: np.ndarray,
    mean_len: float,
    gap_median: float,
    lo: float = WEEK_START,
    hi: float = WEEK_END,
) -> list[list[float]]:
    """Human sessions: start times from `weights`, then a geometric number of turns with log-normal gaps."""
    starts = poisson_times(rng, n_sessions, weights, lo, hi)
    out = []
    for s in starts:
        k = int(rng.geometric(1.0 / max(mean_len, 1.0)))
        gaps = rng.lognormal(np.log(gap_median), 0.8, size=k - 1)
        t = s + np.concatenate([[0.0], np.cumsum(gaps)])
        out.append(t[t < hi].tolist())
    return out


def cron_bursts(
    rng: np.random.Generator, run_starts: list[float], per_run: int, rate_per_s: float, jitter: float = 0.0
) -> list[float]:
    """Batch jobs: each run sends `per_run` requests at about `rate_per_s` from its start time."""
    out = []
    for s in run_starts:
        s = s + rng.random() * jitter
        gaps = rng.exponential(1.0 / rate_per_s, size=per_run)
        out.append(s + np.cumsum(gaps))
    t = np.concatenate(out) if out else np.empty(0)
    return np.sort(t[(t >= WEEK_START) & (t < WEEK_END)]).tolist()


def daily(hour: float, minute: float = 0.0, days: range = range(7), weekdays_only: bool = False) -> list[float]:
    return [WEEK_START + d * 86400 + hour * HOUR + minute * 60 for d in days if not (weekdays_only and d % 7 in (5, 6))]
