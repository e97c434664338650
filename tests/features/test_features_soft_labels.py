"""Soft labels: accounts asking for the teacher's per-token distribution over whole generations, against honest
users of log-probabilities (multiple-choice evaluation, confidence on short answers, the chosen tokens' own)."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pytest
from feature_db import exchanges_db, gsm8k_questions, scores

from antidistill.features.duckdb_engine import available_inputs, compute_features
from antidistill.records import Exchange, Message

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    return gsm8k_questions(shared_data, 1000)


def _ex(k: int, account: str, prompt: str, *, top: int | None, completion: int, max_tokens: int | None = None,
        minutes: float = 11.0) -> Exchange:
    return Exchange(exchange_id=f"{account}-{k}", ts_start=T0 + dt.timedelta(minutes=minutes * k), account_id=account,
                    model="m-1", messages=[Message("user", prompt)], prompt_tokens=80, completion_tokens=completion,
                    max_tokens=max_tokens, top_logprobs=top,
                    client_ip=f"203.0.{zlib.crc32(account.encode()) % 200}.9", user_agent="client/1.0")


@pytest.fixture(scope="module")
def con(questions: list[str]) -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(9)
    rows: list[Exchange] = []
    q = iter(questions)
    for a in range(4):  # soft-label harvest: top-5 alternatives on every token of long answers, around the clock
        rows += [_ex(k, f"harvest-{a}", next(q), top=5, completion=int(rng.integers(150, 600)), max_tokens=1024,
                     minutes=4.0) for k in range(120)]
    for a in range(3):  # multiple-choice evaluation: the label's distribution, one token
        rows += [_ex(k, f"mcq-{a}", questions[k] + "\nA) 12\nB) 18\nC) 24\nD) 30\nAnswer:", top=5, completion=1,
                     max_tokens=1, minutes=2.0) for k in range(150)]
    for a in range(3):  # confidence on short answers, and the chosen tokens' own log-probabilities on long ones
        rows += [_ex(k, f"calibration-{a}", questions[k], top=(3 if k % 2 else 1),
                     completion=(int(rng.integers(2, 12)) if k % 2 else int(rng.integers(100, 400))))
                 for k in range(80)]
    for a in range(40):  # ordinary users who ask for none
        rows += [_ex(k, f"user-{a}", next(q), top=0, completion=int(rng.integers(50, 500)), minutes=90.0)
                 for k in range(int(rng.integers(6, 20)))]
    return exchanges_db(rows)


def test_soft_label_share_counts_alternatives_over_whole_generations(con: duckdb.DuckDBPyConnection) -> None:
    f = {r["account_id"]: r["soft_label_share"] for r in compute_features(con).to_pylist()}
    assert all(f[f"harvest-{a}"] > 0.9 for a in range(4)), f
    # none of theirs counts (the lower end of the interval of 0 of n is 0, up to rounding)
    assert all(abs(f[f"mcq-{a}"]) < 1e-6 for a in range(3)), f
    assert all(abs(f[f"calibration-{a}"]) < 1e-6 for a in range(3)), f
    assert all(abs(f[f"user-{a}"]) < 1e-6 for a in range(40)), f


def test_soft_labels_are_distillation_specific_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """The harvest's soft labels are specific evidence (what the harvest is for), and with its round-the-clock
    volume make it suspect; the honest users of log-probabilities have none (the evaluation runners' volume alone
    may put them on watch, never suspect)."""
    scored = scores(con)
    for a in range(4):
        s = scored[f"harvest-{a}"]
        assert s.specific_evidence >= 1.0 and s.verdict.value == "suspect", s
        assert any(r.feature == "soft_label_share" for r in s.reasons), s
    for name in [*(f"mcq-{a}" for a in range(3)), *(f"calibration-{a}" for a in range(3))]:
        assert scored[name].specific_evidence == 0 and scored[name].verdict.value != "suspect", scored[name]


def test_logs_without_request_parameters_leave_soft_labels_unavailable(questions: list[str]) -> None:
    """A log that keeps no request parameters says nothing about log-probabilities: unavailable, not zero."""
    rows = [_ex(k, f"u-{a}", questions[k], top=None, completion=300) for a in range(12) for k in range(10)]
    c = exchanges_db(rows)
    assert "top_logprobs" not in available_inputs(c)
    assert {r["soft_label_share"] for r in compute_features(c).to_pylist()} == {None}
