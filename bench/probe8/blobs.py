"""Place rendered lines into hourly PT1H.json blobs, with the delivery noise a real archive shows."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

CONTAINERS = {"GatewayLogs": "insights-logs-gatewaylogs", "GatewayLlmLogs": "insights-logs-gatewayllmlogs"}


@dataclass
class BlobStats:
    blobs: int = 0
    lines: int = 0
    bytes: int = 0
    duplicates: int = 0
    corrupt: int = 0
    late: int = 0


def blob_path(root: Path, resource_id: str, category: str, hour_start: int) -> Path:
    g = time.gmtime(hour_start)
    return (
        root
        / CONTAINERS[category]
        / f"resourceId={resource_id}"
        / f"y={g.tm_year}"
        / f"m={g.tm_mon:02d}"
        / f"d={g.tm_mday:02d}"
        / f"h={g.tm_hour:02d}"
        / "m=00"
        / "PT1H.json"
    )


def write_blobs(
    root: Path, resource_id: str, lines: list[tuple[float, str, str]], rng: random.Random, end: float
) -> BlobStats:
    """Group by (category, ingestion hour) and write. Noise: late lines land in the next hour's blob, arrival order
    jitters by up to a few seconds, ~0.15% of lines are delivered twice, ~0.03% appear as a truncated partial write
    (always in addition to an intact copy)."""
    stats = BlobStats()
    buckets: dict[tuple[str, int], list[tuple[float, str]]] = defaultdict(list)
    for ts, cat, line in lines:
        arrival = ts + rng.expovariate(1.0 / 1.5)
        if rng.random() < 0.004:
            arrival += rng.uniform(60, 900)  # delayed batch
        hour = int(arrival // 3600) * 3600
        if hour >= end:
            hour = int((end - 1) // 3600) * 3600
        if hour != int(ts // 3600) * 3600:
            stats.late += 1
        buckets[(cat, hour)].append((arrival, line))
        r = rng.random()
        if r < 0.0015:
            buckets[(cat, hour)].append((arrival + rng.uniform(0, 30), line))
            stats.duplicates += 1
        elif r < 0.0018:
            cut = rng.randrange(10, max(11, len(line) - 1))
            buckets[(cat, hour)].append((arrival - 0.001, line[:cut]))
            stats.corrupt += 1
    for (cat, hour), items in sorted(buckets.items()):
        items.sort(key=lambda x: x[0])
        path = blob_path(root, resource_id, cat, hour)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(f"{line}\n" for _, line in items).encode("utf-8")
        path.write_bytes(data)
        stats.blobs += 1
        stats.lines += len(items)
        stats.bytes += len(data)
    return stats
