"""Tool catalogue churn: a synthetic function-calling harvest that samples a fresh catalogue of tools for every
request, against an agent with one fixed tool set, an application that writes each end user's records into an enum,
a developer revising a schema, and people who declare no tools."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import zlib
from pathlib import Path

import duckdb
import pytest
from feature_db import exchanges_db, gsm8k_questions, scores

from antidistill.features.duckdb_engine import compute_features
from antidistill.ingest.fields import tools_text, with_tools
from antidistill.records import Exchange, Message

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
VERBS = ["get", "list", "create", "update", "delete", "search", "cancel", "book", "refund", "export", "approve"]
NOUNS = ["invoice", "flight", "ticket", "order", "meeting", "shipment", "payment", "room", "lead", "contract",
         "expense", "device", "subscription", "article", "reservation", "warehouse_item"]


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    return gsm8k_questions(shared_data)


def _tool(name: str, params: dict[str, dict[str, object]]) -> dict[str, object]:
    return {"type": "function", "function": {"name": name, "description": name.replace("_", " ").capitalize() + ".",
                                             "parameters": {"type": "object", "properties": params}}}


def _ex(k: int, account: str, prompt: str, tools: list[dict[str, object]] | None, *, minutes: float,
        rounds: int = 0) -> Exchange:
    turns = with_tools([{"role": "user", "content": prompt}], tools_text({"tools": tools}) if tools else None)
    for r in range(rounds):  # an agent's later rounds: its call and the tool's result, the same catalogue again
        turns += [{"role": "assistant", "content": f"[tool_call get_order] {{\"id\": \"o-{k}-{r}\"}}"},
                  {"role": "tool", "content": f"{{\"status\": \"shipped\", \"eta_days\": {r + 2}}}"}]
    return Exchange(exchange_id=f"{account}-{k}", ts_start=T0 + dt.timedelta(minutes=minutes * k), account_id=account,
                    model="m-1", messages=[Message(t["role"], t["content"]) for t in turns], prompt_tokens=300,
                    completion_tokens=40, client_ip=f"198.51.{zlib.crc32(account.encode()) % 200}.7",
                    user_agent="client/2.0")


def _fresh_catalogue(rng: random.Random) -> list[dict[str, object]]:
    names = sorted({f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}" for _ in range(rng.randint(8, 30))})
    keys = ["id", "date", "limit", "query", "amount", "currency", "email", "priority"]
    return [_tool(n, {p: {"type": "string"} for p in rng.sample(keys, rng.randint(1, 4))}) for n in names]


@pytest.fixture(scope="module")
def con(questions: list[str]) -> duckdb.DuckDBPyConnection:
    rng = random.Random(5)
    q = itertools.cycle(questions)
    rows: list[Exchange] = []
    for a in range(4):  # the harvest: a freshly sampled catalogue with every request, around the clock
        rows += [_ex(k, f"harvest-{a}", next(q), _fresh_catalogue(rng), minutes=4.0) for k in range(150)]
    shop = [_tool(n, {"id": {"type": "string"}}) for n in ("get_order", "list_orders", "refund_order", "track_parcel")]
    for a in range(3):  # a support agent: one tool set, several rounds per task, as busy
        rows += [_ex(k, f"agent-{a}", next(q), shop, minutes=4.0, rounds=k % 4) for k in range(150)]
    for a in range(2):  # each of 40 end users' calendars written into the tool's enum
        rows += [_ex(k, f"calendar-app-{a}", next(q), [_tool("book_slot", {"calendar": {
            "type": "string", "enum": [f"cal-{(k * 7) % 40}-work", f"cal-{(k * 7) % 40}-home", "shared team"]}})],
                     minutes=4.0) for k in range(150)]
    for a in range(2):  # a developer revising one tool's schema every few calls
        rows += [_ex(k, f"developer-{a}", next(q), [_tool("search_docs", {
            "query": {"type": "string"}, **({"top_k": {"type": "integer"}} if k // 10 % 2 else {}),
            **({"lang": {"type": "string"}} if k // 25 % 2 else {})})], minutes=30.0) for k in range(60)]
    for a in range(40):  # people who declare no tools
        rows += [_ex(k, f"user-{a}", next(q), None, minutes=90.0) for k in range(12)]
    return exchanges_db(rows)


def test_churn_counts_fresh_catalogues_per_request(con: duckdb.DuckDBPyConnection) -> None:
    f = {r["account_id"]: r["tool_catalogue_churn"] for r in compute_features(con).to_pylist()}
    assert all(f[f"harvest-{a}"] > 0.95 for a in range(4)), f
    assert all(f[f"agent-{a}"] < 0.01 for a in range(3)), f
    # the calendar ids are masked (one catalogue, whatever the end user); the schema revisions are a handful
    assert all(f[f"calendar-app-{a}"] < 0.01 for a in range(2)), f
    assert all(f[f"developer-{a}"] < 0.1 for a in range(2)), f
    assert all(f[f"user-{a}"] is None for a in range(40)), f  # no tools: nothing to read


def test_catalogue_churn_is_distillation_specific_evidence(con: duckdb.DuckDBPyConnection) -> None:
    scored = scores(con)
    for a in range(4):
        s = scored[f"harvest-{a}"]
        assert s.specific_evidence >= 1.0 and s.verdict.value == "suspect", s
        assert any(r.feature == "tool_catalogue_churn" for r in s.reasons), s
    for name in [*(f"agent-{a}" for a in range(3)), *(f"calendar-app-{a}" for a in range(2)),
                 *(f"developer-{a}" for a in range(2))]:
        assert scored[name].specific_evidence == 0 and scored[name].verdict.value != "suspect", scored[name]
