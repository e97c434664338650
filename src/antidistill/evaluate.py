"""Compare a scan's verdicts with the traffic lab's labels (evaluation only: the scan never sees labels)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from antidistill.errors import InputError

#: Verdicts that count as "the scan flagged this account".
FLAGGED = frozenset({"suspect", "campaign"})


@dataclass
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.hits / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        return {"rate": self.rate, "hits": self.hits, "total": self.total}


@dataclass
class Evaluation:
    account_recall: Rate
    benign_fpr: Rate
    per_archetype: dict[str, Rate] = field(default_factory=dict)
    per_persona: dict[str, Rate] = field(default_factory=dict)
    watch_benign: Rate | None = None
    unscored_accounts: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "account_recall": self.account_recall.rate,
            "benign_fpr": self.benign_fpr.rate,
            "per_archetype": {k: v.rate for k, v in sorted(self.per_archetype.items())},
            "per_persona": {k: v.rate for k, v in sorted(self.per_persona.items())},
            "counts": {
                "campaign_accounts": self.account_recall.to_json(),
                "benign_accounts": self.benign_fpr.to_json(),
                "per_archetype": {k: v.to_json() for k, v in sorted(self.per_archetype.items())},
                "per_persona": {k: v.to_json() for k, v in sorted(self.per_persona.items())},
            },
            "unscored_accounts": self.unscored_accounts,
        }
        out.update(self.extra)
        return out


def read_verdicts(scan_dir: Path) -> dict[str, dict[str, str]]:
    path = scan_dir / "accounts.csv"
    if not path.is_file():
        raise InputError("no accounts.csv: is this a scan output folder?", file=str(path))
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for col in ("account_id", "verdict"):
            if col not in (reader.fieldnames or []):
                raise InputError(f"missing column {col!r}", file=str(path), line=1, field=col)
        return {row["account_id"]: row for row in reader}


def evaluate(labels_path: Path, scan_dir: Path) -> Evaluation:
    """Account recall per archetype and false-positive rate per benign persona."""
    try:
        labels = pq.read_table(labels_path, columns=["account_id", "campaign_id", "archetype"]).to_pylist()
    except (OSError, KeyError, ValueError) as exc:
        raise InputError(f"cannot read labels: {exc}", file=str(labels_path)) from exc
    verdicts = read_verdicts(scan_dir)
    ev = Evaluation(Rate(0, 0), Rate(0, 0), watch_benign=Rate(0, 0))
    for row in labels:
        v = verdicts.get(row["account_id"])
        if v is None:
            ev.unscored_accounts += 1
            continue
        flagged = v["verdict"] in FLAGGED
        arche = row["archetype"] or "unknown"
        if row["campaign_id"]:
            bucket = ev.per_archetype.setdefault(arche, Rate(0, 0))
            ev.account_recall.total += 1
            ev.account_recall.hits += flagged
        else:
            persona = arche.removeprefix("benign:")
            bucket = ev.per_persona.setdefault(persona, Rate(0, 0))
            ev.benign_fpr.total += 1
            ev.benign_fpr.hits += flagged
            assert ev.watch_benign is not None
            ev.watch_benign.total += 1
            ev.watch_benign.hits += v["verdict"] == "watch"
        bucket.total += 1
        bucket.hits += flagged
    return ev


def format_table(ev: Evaluation) -> str:
    """Human-readable table of an evaluation."""
    def pct(r: Rate) -> str:
        return "n/a" if r.rate is None else f"{100 * r.rate:6.2f}%"

    lines = [f"{'group':<40} {'rate':>8} {'hits':>7} {'total':>7}",
             f"{'campaign accounts (recall)':<40} {pct(ev.account_recall):>8} {ev.account_recall.hits:>7} "
             f"{ev.account_recall.total:>7}",
             f"{'benign accounts (false positives)':<40} {pct(ev.benign_fpr):>8} {ev.benign_fpr.hits:>7} "
             f"{ev.benign_fpr.total:>7}", "", "recall per archetype:"]
    lines += [f"  {k:<38} {pct(r):>8} {r.hits:>7} {r.total:>7}" for k, r in sorted(ev.per_archetype.items())]
    lines += ["", "false-positive rate per benign persona:"]
    lines += [f"  {k:<38} {pct(r):>8} {r.hits:>7} {r.total:>7}" for k, r in sorted(ev.per_persona.items())]
    for k, v in ev.extra.items():
        if not isinstance(v, dict):
            lines.append(f"{k}: {v}")
    return "\n".join(lines)
