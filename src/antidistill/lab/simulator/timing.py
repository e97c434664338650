"""Arrival processes, all vectorised with numpy and driven by an explicit Generator.

Times are int64 microseconds since the epoch. Burstiness is a gamma renewal process whose
coefficient of variation (CV) is drawn from the per-client 10-minute CVs of the ServeGen traces
(``Calibration.cv``); the daily rhythm is the ServeGen hour-of-day profile shifted to the account's
time zone.
"""

from __future__ import annotations

import numpy as np

from antidistill.lab.simulator.base import DAY_US, US


def gamma_gaps(rng: np.random.Generator, n: int, mean_s: float, cv: float) -> np.ndarray:
    """``n`` inter-arrival gaps in seconds with the given mean and coefficient of variation."""
    cv = max(cv, 0.05)
    shape = 1.0 / (cv * cv)
    return rng.gamma(shape, mean_s / shape, size=n)


def hour_weights(profile: np.ndarray, tz_hours: int, sharpness: float = 1.0) -> np.ndarray:
    """Hour-of-day (UTC) weights for a local-time profile of shape (24,).

    ``sharpness`` > 1 raises the profile to a power: the ServeGen profile aggregates the many users of
    an API client, one person's day has deeper nights (sharpness 3 makes peak/trough about 10x).
    """
    w = np.power(profile, sharpness)
    return np.roll(w, -tz_hours) / w.sum()


def renewal(rng: np.random.Generator, start_us: int, end_us: int, rate_per_s: float, cv: float,
            hourly: np.ndarray | None = None) -> np.ndarray:
    """Gamma renewal arrivals at ``rate_per_s``, optionally modulated by UTC hour weights (24,).

    Modulation thins a faster process so that the mean rate is kept and the quiet hours really are quiet.
    """
    span_s = (end_us - start_us) / US
    if span_s <= 0 or rate_per_s <= 0:
        return np.empty(0, np.int64)
    peak = 1.0
    if hourly is not None:
        rel = hourly * 24.0  # mean 1
        peak = float(rel.max())
    n = int(rate_per_s * peak * span_s * 1.1 + 10 + 4 * np.sqrt(rate_per_s * peak * span_s))
    t = np.cumsum(gamma_gaps(rng, n, 1.0 / (rate_per_s * peak), cv))
    t = t[t < span_s]
    ts = start_us + (t * US).astype(np.int64)
    if hourly is not None:
        hour = (ts // (3600 * US)) % 24
        keep = rng.random(ts.shape[0]) < (hourly * 24.0)[hour] / peak
        ts = ts[keep]
    return ts


def sessions(rng: np.random.Generator, start_us: int, end_us: int, *, per_day: float, active_day_p: float,
             hourly: np.ndarray, mean_requests: float, think_s: float, cv: float) -> np.ndarray:
    """Human-like use: active days, sessions placed by the daily rhythm, bursts with idle gaps inside.

    Returns sorted arrival times. Session sizes are geometric; gaps inside a session are gamma with ``cv``.
    """
    days = max(1, int(np.ceil((end_us - start_us) / DAY_US)))
    day0 = start_us - start_us % DAY_US
    active = rng.random(days) < active_day_p
    counts = rng.poisson(per_day, size=days) * active
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.int64)
    day_of = np.repeat(np.arange(days), counts)
    hours = rng.choice(24, size=total, p=hourly)
    starts = day0 + day_of * DAY_US + hours * 3600 * US + (rng.random(total) * 3600 * US).astype(np.int64)
    sizes = rng.geometric(1.0 / max(mean_requests, 1.0), size=total)
    gaps = gamma_gaps(rng, int(sizes.sum()), think_s, cv)
    # first request of each session starts at the session start
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gaps[first] = 0.0
    offsets = np.cumsum(gaps)
    offsets -= np.repeat(offsets[first], sizes)
    ts = np.repeat(starts, sizes) + (offsets * US).astype(np.int64)
    ts = ts[(ts >= start_us) & (ts < end_us)]
    ts.sort()
    return ts


def bursts(rng: np.random.Generator, burst_starts_us: np.ndarray, sizes: np.ndarray, per_request_s: float,
           concurrency: int) -> np.ndarray:
    """Batch jobs: each burst sends ``size`` requests through ``concurrency`` parallel workers."""
    out = []
    for start, size in zip(burst_starts_us, sizes, strict=True):
        worker = np.arange(size) % concurrency
        slot = np.arange(size) // concurrency
        dur = rng.gamma(4.0, per_request_s / 4.0, size=size)
        t = start + ((slot * per_request_s + dur * 0.2 + worker * 0.05) * US).astype(np.int64)
        out.append(t)
    if not out:
        return np.empty(0, np.int64)
    ts = np.concatenate(out)
    ts.sort()
    return ts


def ensure_rows(rng: np.random.Generator, ts: np.ndarray, start_us: int, end_us: int) -> np.ndarray:
    """Every simulated account sends at least one request (labels and exchanges must agree)."""
    if ts.shape[0]:
        return ts
    return np.array([start_us + int(rng.random() * max(1, end_us - start_us))], np.int64)


def per_window_cv(ts_us: np.ndarray, window_s: int = 600, min_requests: int = 10) -> np.ndarray:
    """CV of inter-arrival times in each window with at least ``min_requests`` (as ServeGen reports it)."""
    if ts_us.shape[0] < min_requests:
        return np.empty(0)
    ts = np.sort(ts_us)
    win = ts // (window_s * US)
    out = []
    bounds = np.flatnonzero(np.diff(win)) + 1
    for seg in np.split(ts, bounds):
        if seg.shape[0] >= min_requests:
            g = np.diff(seg).astype(np.float64)
            if g.mean() > 0:
                out.append(g.std() / g.mean())
    return np.array(out)


def episodes(rng: np.random.Generator, starts_us: np.ndarray, mean_steps: float,
             step_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agent loops: each start begins an episode of geometric length whose steps follow seconds apart.

    Returns (times, step index inside the episode, episode id), sorted by time; episodes may interleave.
    """
    if starts_us.shape[0] == 0:
        return np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0, np.int64)
    sizes = np.asarray(rng.geometric(1.0 / max(mean_steps, 1.0), size=starts_us.shape[0]))
    gaps = gamma_gaps(rng, int(sizes.sum()), step_s, 0.8)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gaps[first] = 0.0
    offsets = np.cumsum(gaps)
    offsets -= np.repeat(offsets[first], sizes)
    ts = np.repeat(starts_us, sizes) + (offsets * US).astype(np.int64)
    step = (np.arange(ts.shape[0]) - np.repeat(first, sizes)).astype(np.int32)
    episode = np.repeat(np.arange(starts_us.shape[0]), sizes)
    order = np.argsort(ts, kind="stable")
    return ts[order], step[order], episode[order]
