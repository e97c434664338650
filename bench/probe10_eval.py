"""Evaluate a scan of the tenth held-out probe (``bench/probe10``; its README says the log format).

The probe labels each account with every identity its log carries (``account_id`` and, where the format has
them, other ``*_id`` columns such as a key or an organisation, and ``*_ids`` lists such as all of an account's
keys). The scan may take any of them as the account; each labelled account takes the most severe verdict the scan
gives any of them (an account whose keys are scanned apart is flagged when one of its keys is). Prints how the
scanned accounts matched, recall per campaign kind and flagged units per benign persona (flagged: ``suspect`` or
``campaign``; ``watch`` counted apart), then the same for the end users the probe labels
(``labels_end_users.parquet``) against the scan's ``end_users.csv``::

    python bench/probe10_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from _util import print_unit_table

#: verdicts from least to most severe ("" when not scanned)
_SEVERITY = ("", "clear", "watch", "suspect", "campaign")


def _csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main(out: Path, data: Path, *, shared: tuple[str, ...] = ()) -> None:
    """``shared``: label columns ending in ``_id`` that many accounts share (a sign-up channel's team), which are
    therefore no identity of one account."""
    labels = pq.read_table(data / "labels.parquet").to_pylist()
    ids = ["account_id"] + [c for c in labels[0] if c.endswith("_id") and c not in ("account_id", "campaign_id")
                            and c not in shared]
    lists = [c for c in labels[0] if c.endswith("_ids")]
    for r in labels:
        r["identities"] = [r[k] for k in ids if r.get(k)] + [v for c in lists for v in (r.get(c) or [])]
    verdict = {r["account_id"]: r["verdict"] for r in _csv(out / "accounts.csv")}
    known = {v for r in labels for v in r["identities"]}
    matched: Counter[str] = Counter(
        "account_id" if r["account_id"] in verdict else next((k for k in ids if r.get(k) in verdict),
                                                            "other identity" if any(v in verdict for v in
                                                                                    r["identities"]) else "not scanned")
        for r in labels)
    print(f"scanned accounts: {len(verdict)}, of them no labelled identity: {sum(1 for a in verdict if a not in known)}"
          f"; labelled accounts matched by " + ", ".join(f"{k}: {n}" for k, n in matched.most_common()))
    worst = [max((verdict.get(v, "") for v in r["identities"]), key=_SEVERITY.index) for r in labels]
    print("\nper account:")
    print_unit_table(labels, worst, "account_id")
    if "org_id" in ids:
        print("\nper organisation:")
        print_unit_table(labels, worst, "org_id")
    path = data / "labels_end_users.parquet"
    if not path.is_file():
        return
    eu_labels = pq.read_table(path).to_pylist()
    scored = {(r["account_id"], r["end_user"]): r["verdict"] for r in _csv(out / "end_users.csv")}
    # the scan's account for an end user's account may be any of the account's identities
    alias = {v: r["account_id"] for r in labels for v in r["identities"]}
    by_pair = {(alias.get(a, a), e): v for (a, e), v in scored.items()}
    for r in eu_labels:
        r["unit"] = f"{r['account_id']} / {r['end_user']}"
    print(f"\nper end user ({len(scored)} scored by the scan, {len(eu_labels)} labelled):")
    print_unit_table(eu_labels, [by_pair.get((r["account_id"], r["end_user"]), "") for r in eu_labels], "unit")
    carriers = _csv(out / "end_user_accounts.csv")
    if carriers:
        print("\naccounts carrying suspect end users (end_user_accounts.csv):")
        kind = {v: (r["label"], r["kind"]) for r in labels for v in r["identities"]}
        for c in carriers:
            print(f"  {c['account_id']}: {kind.get(c['account_id'], ('?', '?'))}, {c['end_users_suspect']} of "
                  f"{c['end_users_scored']} end users suspect, account {c['verdict']}, without them "
                  f"{c['residual_verdict'] or 'nothing'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
