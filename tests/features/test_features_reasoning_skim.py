"""Reasoning skimming: accounts that hang up once a response's visible reasoning has arrived, against honest users
who stop a response now and then, programs that read the answers they asked for, and models that hide reasoning."""

from __future__ import annotations

import datetime as dt
import itertools
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pytest
from feature_db import exchanges_db, gsm8k_questions, scores

from antidistill.features.duckdb_engine import available_inputs, compute_features
from antidistill.records import Exchange, Message, Status

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    return gsm8k_questions(shared_data)


def _ex(k: int, account: str, prompt: str, *, reasoning: bool, aborted: bool, minutes: float = 11.0) -> Exchange:
    thought = f"Let me work through this. {prompt[:80]} First I set up the quantities." if reasoning else None
    answer = "The first step" if aborted else "The answer is 42, because each step adds up as shown."
    return Exchange(exchange_id=f"{account}-{k}", ts_start=T0 + dt.timedelta(minutes=minutes * k), account_id=account,
                    model="m-think", messages=[Message("user", prompt)], prompt_tokens=80, completion_tokens=400,
                    reasoning_text=thought, response_text=answer,
                    status=(Status.ABORTED if aborted else Status.OK).value, http_status=499 if aborted else 200,
                    client_ip=f"203.0.{zlib.crc32(account.encode()) % 200}.9", user_agent="client/1.0")


@pytest.fixture(scope="module")
def con(questions: list[str]) -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(11)
    rows: list[Exchange] = []
    q = itertools.cycle(questions)  # the ordinary users' few prompts come round again
    for a in range(4):  # skimmers: keep the thoughts, hang up at the answer's first words, around the clock
        rows += [_ex(k, f"skim-{a}", next(q), reasoning=True, aborted=rng.random() < 0.97, minutes=4.0)
                 for k in range(120)]
    for a in range(3):  # impatient people: as busy, and stop one response in eight
        rows += [_ex(k, f"stopper-{a}", next(q), reasoning=True, aborted=rng.random() < 0.125, minutes=4.0)
                 for k in range(120)]
    for a in range(3):  # a model whose reasoning is hidden: cut-off calls carry no reasoning to keep
        rows += [_ex(k, f"hidden-{a}", next(q), reasoning=False, aborted=rng.random() < 0.5, minutes=4.0)
                 for k in range(120)]
    for a in range(40):  # ordinary users who read their answers
        rows += [_ex(k, f"user-{a}", next(q), reasoning=True, aborted=rng.random() < 0.02, minutes=90.0)
                 for k in range(int(rng.integers(6, 20)))]
    return exchanges_db(rows)


def test_skim_share_counts_cut_offs_after_visible_reasoning(con: duckdb.DuckDBPyConnection) -> None:
    f = {r["account_id"]: r["reasoning_skim_share"] for r in compute_features(con).to_pylist()}
    assert all(f[f"skim-{a}"] > 0.9 for a in range(4)), f
    assert all(f[f"stopper-{a}"] < 0.15 for a in range(3)), f
    assert all(f[f"hidden-{a}"] is None for a in range(3)), f  # no visible reasoning: nothing to count
    assert all(f[f"user-{a}"] < 0.1 for a in range(40)), f


def test_skimming_is_distillation_specific_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """The skimmers' cut-offs are specific evidence and, with their round-the-clock volume, make them suspect; the
    impatient users with the same volume and the hidden-reasoning callers are not."""
    scored = scores(con)
    for a in range(4):
        s = scored[f"skim-{a}"]
        assert s.specific_evidence >= 1.0 and s.verdict.value == "suspect", s
        assert any(r.feature == "reasoning_skim_share" for r in s.reasons), s
    for name in [*(f"stopper-{a}" for a in range(3)), *(f"hidden-{a}" for a in range(3))]:
        assert scored[name].specific_evidence < 1.0 and scored[name].verdict.value != "suspect", scored[name]


def test_logs_without_visible_reasoning_leave_skimming_unavailable(questions: list[str]) -> None:
    rows = [_ex(k, f"u-{a}", questions[k], reasoning=False, aborted=k % 3 == 0) for a in range(12) for k in range(10)]
    c = exchanges_db(rows)
    assert "reasoning_text" not in available_inputs(c)
    assert {r["reasoning_skim_share"] for r in compute_features(c).to_pylist()} == {None}
