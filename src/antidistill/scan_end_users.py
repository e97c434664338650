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

Such an account is then scored again without its suspect end users' traffic, by the accounts' own scorer (its
*residual*), and ``DIR/end_user_accounts.csv`` says what is left: an account whose residual is not ``suspect`` owes
its evidence, and any campaign membership linkage gave it, to those end users, and the gateway's verdict goes to
them instead of the account (``gateway.scanloop.verdicts_from_scan``).
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
CARRIER_COLUMNS = ("account_id", "end_users_scored", "end_users_suspect", "verdict", "residual_exchanges",
                   "residual_risk", "residual_verdict", "residual_reasons")


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


def score_residuals(con: duckdb.DuckDBPyConnection, scorer: AccountScorer, suspect: dict[str, list[str]], *,
                    table: str = "exchanges") -> dict[str, AccountScore]:
    """account -> its score without the traffic of its suspect end users (``suspect``: account -> those end users),
    by the accounts' fitted ``scorer``; an account with nothing left is left out."""
    if not suspect:
        return {}
    cur = con.cursor()
    try:
        pairs = [(a, e) for a, users in suspect.items() for e in users]
        cur.execute("CREATE OR REPLACE TEMP TABLE suspect_end_users (account_id VARCHAR, end_user VARCHAR)")
        cur.executemany("INSERT INTO suspect_end_users VALUES (?, ?)", pairs)
        cur.execute(f"""
            CREATE OR REPLACE TEMP VIEW residual_exchanges AS
            SELECT x.* FROM {table} x
            WHERE x.account_id IN (SELECT account_id FROM suspect_end_users)
              AND NOT EXISTS (SELECT 1 FROM suspect_end_users s
                              WHERE s.account_id = x.account_id AND s.end_user = x.end_user)""")
        row = cur.execute("SELECT count(*) FROM residual_exchanges").fetchall()[0]
        if not row or not row[0]:
            return {}
        features = compute_features(cur, table="residual_exchanges")
        return {s.account_id: s for s in scorer.score(features)}
    finally:
        cur.close()


def write_end_users_csv(path: Path, scores: list[AccountScore]) -> None:
    """One row per scored end user, riskiest first."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(END_USER_COLUMNS)
        for s in sorted(scores, key=lambda s: (-s.score, s.account_id)):
            account, _, end_user = s.account_id.partition(SEPARATOR)
            w.writerow([account, end_user, f"{s.risk:.6f}", s.verdict.value, s.reasons_text(),
                        f"{s.score:.4f}", f"{s.p_null:.3g}", s.n_exchanges])


def end_users(con: duckdb.DuckDBPyConnection, result: ScanResult) -> None:
    """The scan stage: score the end users, write ``end_users.csv``, mark the accounts carrying a suspect one and
    count it all in the summary (``end_users``)."""
    scores = score_end_users(con, fpr=result.scorer.fpr)
    write_end_users_csv(result.out / "end_users.csv", scores)
    suspect: dict[str, list[str]] = {}
    scored: dict[str, int] = {}
    for s in scores:
        account, _, end_user = s.account_id.partition(SEPARATOR)
        scored[account] = scored.get(account, 0) + 1
        if s.verdict == Verdict.SUSPECT:
            suspect.setdefault(account, []).append(end_user)
    residual = score_residuals(con, result.scorer, suspect)
    carriers = []
    for a in result.scores:
        users = suspect.get(a.account_id)
        if not users:
            continue
        rest = residual.get(a.account_id)
        carriers.append((a, len(users), rest))
        if a.verdict == Verdict.CLEAR:
            a.verdict = Verdict.WATCH
        left = f"; without them {rest.verdict.value}" if rest is not None else "; nothing else"
        a.reasons.insert(0, Reason("end_users_suspect", "end_users", float(len(users)), 0.0, 100.0,
                                   f"{len(users)} of its {scored[a.account_id]} end users suspect"
                                   f" (end_users.csv){left}"))
    with (result.out / "end_user_accounts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CARRIER_COLUMNS)
        for a, n, rest in sorted(carriers, key=lambda c: c[0].account_id):
            w.writerow([a.account_id, scored[a.account_id], n, a.verdict.value, rest.n_exchanges if rest else 0,
                        f"{rest.risk:.6f}" if rest else "", rest.verdict.value if rest else "",
                        rest.reasons_text() if rest else ""])
    result.summary["end_users"] = {
        "accounts_scored": len(scored), "end_users_scored": len(scores),
        "suspect": sum(len(u) for u in suspect.values()), "watch": sum(1 for s in scores if s.verdict == Verdict.WATCH),
        "accounts_with_suspect_end_users": len(suspect),
        "accounts_suspect_without_them": sum(1 for _, _, r in carriers
                                             if r is not None and r.verdict == Verdict.SUSPECT)}
