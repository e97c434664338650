"""When accounts send requests: diurnal, business-app, batch, round-the-clock and lock-step shapes.

All functions return sorted epoch seconds inside the simulated week. Business-app shapes replay
real per-client rate series from Alibaba ServeGen (``language-m-small``, 10-minute windows).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .world import HOUR, WEEK_END, WEEK_START

# Relative activity by local hour (0..23).
WORKDAY = np.array([1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 17, 13, 16, 18, 17, 14, 10, 7, 5, 4, 3, 2, 1], float)
EVENING = np.array([3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 10, 12, 14, 16, 15, 11, 6], float)
HOBBY = np.array([3, 2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 11, 11, 10, 8, 5], float)
NIGHT_BATCH = np.array([14, 18, 18, 16, 12, 8, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 12], float)
FLAT = np.ones(24)
_SERVEGEN = (0, 5, 8, 12, 14, 26, 31, 36, 38, 39, 41, 11)  # clients with traffic in >70% of windows


def hourly_intensity(weights: np.ndarray, tz: float, weekend: float) -> np.ndarray:
    """Intensity for each of the week's 168 UTC hours."""
    hours = np.arange(168)
    local = hours + tz
    local_hour = np.floor(local).astype(int) % 24
    dow = np.floor(local / 24).astype(int) % 7  # 0 = Monday; the Sunday before wraps to 6
    return weights[local_hour] * np.where(dow >= 5, weekend, 1.0)


def diurnal(rng: np.random.Generator, n: int, tz: float, weights: np.ndarray = WORKDAY,
            weekend: float = 0.35, start: float = WEEK_START, end: float = WEEK_END) -> np.ndarray:
    """``n`` times following a local-time daily rhythm."""
    if n <= 0:
        return np.empty(0)
    lam = hourly_intensity(weights, tz, weekend)
    h0 = max(0, int((start - WEEK_START) // HOUR))
    h1 = min(168, int(np.ceil((end - WEEK_START) / HOUR)))
    lam = lam[h0:h1] / lam[h0:h1].sum()
    hours = rng.choice(np.arange(h0, h1), size=n, p=lam)
    ts = WEEK_START + hours * HOUR + rng.random(n) * HOUR
    return np.sort(np.clip(ts, start, end - 1))


def uniform(rng: np.random.Generator, n: int, start: float = WEEK_START, end: float = WEEK_END) -> np.ndarray:
    return np.sort(start + rng.random(max(0, n)) * (end - start))


def poisson_stream(rng: np.random.Generator, rate_per_s: float, start: float, end: float) -> np.ndarray:
    """A homogeneous Poisson stream between ``start`` and ``end``."""
    n = rng.poisson(rate_per_s * max(0.0, end - start))
    return uniform(rng, int(n), start, end)


def bursts(rng: np.random.Generator, n: int, n_bursts: int, tz: float, weights: np.ndarray,
           per_s: float = 1.5, start: float = WEEK_START, end: float = WEEK_END) -> np.ndarray:
    """Batch jobs: ``n_bursts`` runs at diurnal start times, each a tight run of requests."""
    if n <= 0:
        return np.empty(0)
    starts = diurnal(rng, n_bursts, tz, weights, 1.0, start, end)
    sizes = rng.multinomial(n, np.full(len(starts), 1 / len(starts)))
    out = [s + np.cumsum(rng.exponential(1 / per_s, k)) for s, k in zip(starts, sizes, strict=True) if k]
    return np.sort(np.clip(np.concatenate(out), WEEK_START, WEEK_END - 1))


def lockstep(rng: np.random.Generator, n_waves: int, start: float, end: float, period: float = 90.0) -> np.ndarray:
    """Wave times of one scheduler driving many accounts together."""
    gaps = rng.normal(period, period * 0.15, n_waves).clip(period * 0.3)
    waves = start + np.cumsum(gaps)
    return waves[waves < end]


class ServeGenShapes:
    """Real per-client request-rate curves (one week of 10-minute windows, taken as local time)."""

    def __init__(self, data_dir: Path) -> None:
        base = data_dir / "servegen-alibaba/language-m-small"
        self.shapes: list[np.ndarray] = []
        for client in _SERVEGEN:
            with open(base / f"chunk-{client}-trace.csv", encoding="utf-8", newline="") as fh:
                rates = np.array([float(r[1]) for r in csv.reader(fh)])
            week = rates[:1008] + 1e-6
            self.shapes.append(week / week.sum())

    def times(self, rng: np.random.Generator, n: int, tz: float, which: int) -> np.ndarray:
        """``n`` times following client ``which``'s curve, read as local time of a customer at ``tz``."""
        if n <= 0:
            return np.empty(0)
        shape = np.roll(self.shapes[which % len(self.shapes)], -round(tz * 6))
        bins = rng.choice(1008, size=n, p=shape)
        return np.sort(WEEK_START + (bins + rng.random(n)) * 600.0)

