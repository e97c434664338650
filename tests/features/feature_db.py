"""Helpers of the feature tests: real prompts, a database of exchanges, and every account's score.

A uniquely named module (not ``conftest``) so test files can import it unambiguously.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import duckdb

from antidistill.features.duckdb_engine import compute_features
from antidistill.records import Exchange, exchanges_to_table
from antidistill.scoring.accounts import AccountScore, AccountScorer


def gsm8k_questions(shared_data: Path, limit: int | None = None) -> list[str]:
    """The GSM8K test questions in ``shared/data`` (the first ``limit`` lines)."""
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")[:limit]
    return [json.loads(line)["question"] for line in lines if line]


def exchanges_db(rows: Iterable[Exchange]) -> duckdb.DuckDBPyConnection:
    """An in-memory database whose ``exchanges`` table holds ``rows``, as a scan stores them."""
    c = duckdb.connect()
    c.register("t", exchanges_to_table(list(rows)))
    c.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    return c


def scores(con: duckdb.DuckDBPyConnection) -> dict[str, AccountScore]:
    """Every account's score, the scorer fitted on the database's own accounts (no labels)."""
    table = compute_features(con)
    return {s.account_id: s for s in AccountScorer().fit(table).score(table)}
