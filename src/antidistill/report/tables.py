"""The machine-readable scan outputs. Column and key names are a contract: extend, don't rename."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from antidistill.scoring.accounts import AccountScore

ACCOUNT_COLUMNS = ("account_id", "risk", "verdict", "campaign_id", "reasons", "score", "p_null", "n_exchanges",
                   "specific_evidence")


def write_accounts_csv(path: Path, scores: Iterable[AccountScore]) -> int:
    """Write one row per account, riskiest first. Returns the number of rows."""
    rows = sorted(scores, key=lambda s: (-s.score, s.account_id))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACCOUNT_COLUMNS)
        for s in rows:
            w.writerow([s.account_id, f"{s.risk:.6f}", s.verdict.value, s.campaign_id or "",
                        s.reasons_text(), f"{s.score:.4f}", f"{s.p_null:.3g}", s.n_exchanges,
                        f"{s.specific_evidence:.4f}"])
    return len(rows)


def write_summary(path: Path, summary: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(summary, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8")
