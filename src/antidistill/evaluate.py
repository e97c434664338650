"""Compare a scan's verdicts with the traffic lab's labels (evaluation only: the scan never sees labels)."""

from __future__ import annotations

import csv
import json
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
    ev.extra.update(campaign_metrics(labels, scan_dir))
    return ev


def campaign_metrics(labels: list[dict[str, Any]], scan_dir: Path) -> dict[str, Any]:
    """Campaign recall (a true campaign is found when at least half its accounts sit in one reported,
    confirmed campaign) and purity (share of reported campaign members from its majority true campaign)."""
    path = scan_dir / "campaigns.json"
    if not path.is_file():
        return {"campaign_recall": None, "campaign_purity": None}
    reported = [c for c in json.loads(path.read_text()) if c.get("confirmed")]
    truth: dict[str, set[str]] = {}
    label_of: dict[str, str | None] = {}
    for row in labels:
        label_of[row["account_id"]] = row["campaign_id"]
        if row["campaign_id"]:
            truth.setdefault(row["campaign_id"], set()).add(row["account_id"])
    found = {}
    for cid, members in truth.items():
        best = max((len(members & set(c["members"])) for c in reported), default=0)
        found[cid] = best * 2 >= len(members)
    pure = total = 0
    for c in reported:
        counts: dict[str | None, int] = {}
        for a in c["members"]:
            counts[label_of.get(a)] = counts.get(label_of.get(a), 0) + 1
        majority = max((n for k, n in counts.items() if k is not None), default=0)
        pure += majority
        total += len(c["members"])
    return {
        "campaign_recall": (sum(found.values()) / len(found)) if found else None,
        "campaign_purity": (pure / total) if total else None,
        "campaigns_found": {k: bool(v) for k, v in sorted(found.items())},
        "campaigns_reported": len(reported),
    }


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
    lines.append("")
    for k, v in ev.extra.items():
        if isinstance(v, float):
            lines.append(f"{k}: {100 * v:.2f}%")
        elif not isinstance(v, dict):
            lines.append(f"{k}: {v}")
    found = ev.extra.get("campaigns_found") or {}
    if found:
        lines.append("campaigns found: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in found.items()))
    return "\n".join(lines)
