"""End users scored inside the accounts that front for many of them (a scan stage).

The reports' reseller proxies "mixed the harvest into ordinary resold traffic": one account, thousands of honest
end users, and a few of them harvesting. Judged as one account, the harvest is a minority of the account's traffic
and its shares are diluted (the eighth and ninth probes' resold harvests were `watch` at most). Where the log names
the end user behind an account (a reseller's or an application's own user ids: ``end_user``), every account with at
least ``MIN_END_USERS`` of them has its end users scored as accounts of their own: the same features and the same
scorer, calibrated on the population of such end users (honest resold users are nearly all of it), at the scan's
false-positive rate. ``DIR/end_users.csv`` lists them (account, end user, risk, verdict, reasons), riskiest first.
An account carrying a ``suspect`` end user is at least ``watch`` and says so first among its reasons
(``end_users_suspect``): the harvest is the end user's; the account is the channel it came through, and the
provider's answer is the reseller's (its end user cut off), not a ban of every customer behind it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from antidistill.features.duckdb_engine import compute_features
from antidistill.scoring.accounts import AccountScore, AccountScorer, Reason, Verdict

if TYPE_CHECKING:
    from antidistill.scan import ScanResult

#: Distinct end users an account must name for its end users to be scored: fewer is one customer's own few users
#: (or none), not traffic resold or fronted for a crowd.
MIN_END_USERS = 10
#: Between the account and its end user in an end user's id.
SEPARATOR = " / "
END_USER_COLUMNS = ("account_id", "end_user", "risk", "verdict", "reasons", "score", "p_null", "n_exchanges")


def score_end_users(con: duckdb.DuckDBPyConnection, *, fpr: float, table: str = "exchanges") -> list[AccountScore]:
    """The end users of every account naming at least ``MIN_END_USERS`` of them, scored as accounts (their ids
    ``account / end user``); [] when no account does. Works on a cursor of its own: the feature views it builds are
    temporary to it, so the accounts' views on ``con``, which the report reads, are left as they are."""
    cur = con.cursor()
    try:
        cur.execute(f"""
            CREATE OR REPLACE TEMP VIEW end_user_exchanges AS
            SELECT * REPLACE (account_id || '{SEPARATOR}' || end_user AS account_id) FROM {table}
            WHERE end_user IS NOT NULL AND account_id IN (
                SELECT account_id FROM {table} WHERE end_user IS NOT NULL
                GROUP BY account_id HAVING count(DISTINCT end_user) >= {MIN_END_USERS})""")
        row = cur.execute("SELECT count(*) FROM end_user_exchanges").fetchall()[0]
        if not row or not row[0]:
            return []
        features = compute_features(cur, table="end_user_exchanges")
        return AccountScorer(fpr=fpr).fit(features).score(features)
    finally:
        cur.close()


def write_end_users_csv(path: Path, scores: list[AccountScore]) -> None:
    """One row per scored end user, riskiest first."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(END_USER_COLUMNS)
        for s in sorted(scores, key=lambda s: (-s.score, s.account_id)):
            account, _, end_user = s.account_id.partition(SEPARATOR)
            w.writerow([account, end_user, f"{s.risk:.6f}", s.verdict.value, "; ".join(r.text() for r in s.reasons),
                        f"{s.score:.4f}", f"{s.p_null:.3g}", s.n_exchanges])


def end_users(con: duckdb.DuckDBPyConnection, result: ScanResult) -> None:
    """The scan stage: score the end users, write ``end_users.csv``, mark the accounts carrying a suspect one and
    count it all in the summary (``end_users``)."""
    scores = score_end_users(con, fpr=result.scorer.fpr)
    write_end_users_csv(result.out / "end_users.csv", scores)
    suspect: dict[str, int] = {}
    scored: dict[str, int] = {}
    for s in scores:
        account = s.account_id.partition(SEPARATOR)[0]
        scored[account] = scored.get(account, 0) + 1
        if s.verdict == Verdict.SUSPECT:
            suspect[account] = suspect.get(account, 0) + 1
    for a in result.scores:
        n = suspect.get(a.account_id)
        if n:
            if a.verdict == Verdict.CLEAR:
                a.verdict = Verdict.WATCH
            a.reasons.insert(0, Reason("end_users_suspect", "end_users", float(n), 0.0, 100.0,
                                       f"{n} of its {scored[a.account_id]} end users suspect (end_users.csv)"))
    result.summary["end_users"] = {
        "accounts_scored": len(scored), "end_users_scored": len(scores),
        "suspect": sum(suspect.values()), "watch": sum(1 for s in scores if s.verdict == Verdict.WATCH),
        "accounts_with_suspect_end_users": len(suspect)}
