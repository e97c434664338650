"""Forged conversation history: a harvest that writes the model's earlier turns itself (fabricated tool trajectories
asking only for the next action), against an agent and a chat app that send back what the model answered them
(re-serialised, trimmed, with the reasoning they were sent), an app whose every request carries the same few-shot
examples, conversations continued from before the scanned period, and people who never resend a conversation."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import zlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from feature_db import exchanges_db, gsm8k_questions, scores

from antidistill.features.duckdb_engine import compute_features
from antidistill.records import Exchange, Message

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
TOOLS = ("search_records", "fetch_page", "run_query", "open_ticket")


@pytest.fixture(scope="module")
def questions(shared_data: Path) -> list[str]:
    return gsm8k_questions(shared_data)


class Account:
    """One account's requests, in time order, with the responses the model sent it."""

    def __init__(self, name: str, minutes: float, org: str | None = None) -> None:
        self.name, self.minutes, self.org, self.rows = name, minutes, org, []  # type: list[Exchange]

    def send(self, turns: list[tuple[str, str]], response: str, reasoning: str | None = None) -> str:
        k = len(self.rows)
        self.rows.append(Exchange(
            exchange_id=f"{self.name}-{k}", ts_start=T0 + dt.timedelta(minutes=self.minutes * k),
            account_id=self.name, org_id=self.org, model="m-1", messages=[Message(r, c) for r, c in turns],
            response_text=response, reasoning_text=reasoning, prompt_tokens=400, completion_tokens=60,
            client_ip=f"198.51.{zlib.crc32(self.name.encode()) % 200}.7", user_agent="client/2.0"))
        return response


def _call(name: str, args: dict[str, object], *, spaced: bool = True) -> str:
    return f"[tool_call {name}] " + json.dumps(args, separators=(", ", ": ") if spaced else (",", ":"))


def _forged(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """A fabricated trajectory per request: made-up calls and results, the model asked for the next action."""
    for _ in range(150):
        task = next(q)
        turns = [("system", "You are an autonomous operations agent. Use the tools."), ("user", task)]
        for _ in range(rng.randint(2, 5)):
            turns += [("assistant", _call(rng.choice(TOOLS), {"input": task[:30], "page": rng.randint(1, 900)})),
                      ("tool", json.dumps({"rows": rng.randint(0, 99), "status": "ok"}))]
        acct.send(turns, _call(rng.choice(TOOLS), {"input": task[:20], "page": rng.randint(1, 900)}))


def _canned(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """A fabricated trajectory built from a few canned actions: the same made-up test run (and the same failing
    result) after each new task, every turn of it resent by far more requests than a conversation would."""
    actions = [_call("bash", {"arg": "pytest -x -q"}), _call("read_file", {"arg": "src/main.py"}),
               _call("bash", {"arg": "git diff"})]
    for _ in range(150):
        turns = [("system", "You are a coding agent working in a repository."), ("user", next(q)),
                 ("assistant", rng.choice(actions)), ("tool", "FAILED tests/test_core.py::test_main\n1 failed")]
        acct.send(turns, _call("apply_patch", {"arg": f"--- a/x.py\n+++ b/x.py\n+{rng.randint(1, 10**6)}"}))


def _agent(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """An honest agent loop: each round resends the calls the model made, the arguments re-serialised, and the
    reasoning it was sent back as a leading block."""
    while len(acct.rows) < 150:
        task = next(q)
        turns = [("system", "You are a support agent for an online shop."), ("user", task)]
        for r in range(rng.randint(1, 4)):
            args = {"order": f"o-{rng.randint(1, 10**6)}", "round": r}
            thought = "The customer wants the order status; look it up first."
            call = acct.send(turns, _call("get_order", args), reasoning=thought)
            sent_back = f"<think>{thought}</think>\n" + _call("get_order", args, spaced=False)
            turns = [*turns, ("assistant", sent_back if r % 2 else call + "\n"),
                     ("tool", json.dumps({"status": "shipped", "eta_days": r + 2}))]
        acct.send(turns, "Your order has shipped and arrives in a few days.")


def _chat(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """A chat app: conversations of one to five turns, each answer sent back trimmed."""
    while len(acct.rows) < 120:
        turns: list[tuple[str, str]] = []
        for _ in range(rng.randint(1, 5)):
            turns.append(("user", next(q)))
            answer = acct.send(turns, f"  Let me work through it.\n\nThe answer is {rng.randint(1, 999)}.  \n")
            turns.append(("assistant", answer.strip()))


def _cut(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """A chat app that sends its long answers back cut to their first 300 characters (a display limit): fewer than
    the 256 characters a turn is matched on once white space is gone."""
    while len(acct.rows) < 120:
        turns: list[tuple[str, str]] = []
        for _ in range(rng.randint(2, 5)):
            turns.append(("user", next(q)))
            words = " ".join(f"then {rng.randint(1, 99)} plus {rng.randint(1, 99)} is the next part" for _ in range(30))
            answer = acct.send(turns, f"Let us work through it. {words}")
            turns.append(("assistant", answer[:300]))


def _few_shot(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """The same three worked examples (user and assistant turns) in front of every question."""
    examples = [("user", "What is 12 times 3?"), ("assistant", "12 * 3 = 36. Answer: 36"),
                ("user", "Half of 50?"), ("assistant", "50 / 2 = 25. Answer: 25"),
                ("user", "7 plus 8?"), ("assistant", "7 + 8 = 15. Answer: 15")]
    for _ in range(150):
        acct.send([("system", "Answer like the examples."), *examples, ("user", next(q))],
                  f"Answer: {rng.randint(1, 999)}")


def _continued(acct: Account, q: Iterator[str], rng: random.Random) -> None:
    """Conversations begun before the scanned period: their first answers were given before it starts."""
    for c in range(30):
        turns = [("user", next(q)), ("assistant", f"(yesterday) The first step of problem {c} is to add the parts.")]
        for _ in range(4):
            turns.append(("user", next(q)))
            turns.append(("assistant", acct.send(turns, f"Then the answer is {rng.randint(1, 999)}.")))


def _router(keys: list[Account], q: Iterator[str], rng: random.Random) -> None:
    """An application balancing its calls over its organisation's keys: each turn of a conversation may go out
    with another key than the one that got the answer before it."""
    while min(len(k.rows) for k in keys) < 100:
        turns: list[tuple[str, str]] = []
        for _ in range(rng.randint(2, 5)):
            turns.append(("user", next(q)))
            answer = rng.choice(keys).send(turns, f"Step by step: the result is {rng.random():.6f}.")
            turns.append(("assistant", answer))


@pytest.fixture(scope="module")
def con(questions: list[str]) -> duckdb.DuckDBPyConnection:
    rng = random.Random(11)
    q = itertools.cycle(questions)
    accounts: list[Account] = []
    kinds = ((_forged, "harvest", 4, 4.0), (_canned, "canned", 2, 4.0), (_agent, "agent", 3, 4.0),
             (_chat, "chat", 3, 30.0), (_cut, "cut", 2, 30.0), (_few_shot, "few-shot", 2, 10.0),
             (_continued, "continued", 2, 20.0))
    for make, prefix, n, minutes in kinds:
        for a in range(n):
            acct = Account(f"{prefix}-{a}", minutes)
            make(acct, q, rng)
            accounts.append(acct)
    keys = [Account(f"router-key-{a}", 3.0, org="org-router") for a in range(3)]
    _router(keys, q, rng)
    accounts += keys
    for a in range(40):  # people who never resend a conversation
        acct = Account(f"user-{a}", 90.0)
        for _ in range(12):
            acct.send([("user", next(q))], "The answer is 4.")
        accounts.append(acct)
    return exchanges_db(r for acct in accounts for r in acct.rows)


def test_forged_share_counts_requests_whose_history_the_model_never_wrote(con: duckdb.DuckDBPyConnection) -> None:
    f = {r["account_id"]: r["forged_history_share"] for r in compute_features(con).to_pylist()}
    assert all(f[f"harvest-{a}"] > 0.9 for a in range(4)), f
    # a handful of canned actions, each resent by dozens of requests, but every time after another task
    assert all(f[f"canned-{a}"] > 0.9 for a in range(2)), f
    # sent back as answered: trimmed, re-serialised, with the reasoning it came with
    assert all(f[f"agent-{a}"] < 0.05 for a in range(3)), f
    assert all(f[f"chat-{a}"] < 0.05 for a in range(3)), f
    assert all(f[f"cut-{a}"] < 0.05 for a in range(2)), f  # cut shorter than the 256 characters matched
    # the same examples in every request, and the earlier answers of conversations begun before the period, are
    # resent by more than HISTORY_REUSE_MAX requests each: no forgery
    assert all(f[f"few-shot-{a}"] < 0.05 for a in range(2)), f
    assert all(f[f"continued-{a}"] < 0.05 for a in range(2)), f
    assert all(f[f"user-{a}"] is None for a in range(40)), f  # no history resent: nothing to read
    # the organisation's keys answered each other's earlier turns: matched within the organisation
    assert all(f[f"router-key-{a}"] < 0.05 for a in range(3)), f


def test_forged_history_is_distillation_specific_evidence(con: duckdb.DuckDBPyConnection) -> None:
    scored = scores(con)
    for s in [*(scored[f"harvest-{a}"] for a in range(4)), *(scored[f"canned-{a}"] for a in range(2))]:
        assert s.specific_evidence >= 1.0, s
        assert any(r.feature == "forged_history_share" for r in s.reasons), s
    for name in [*(f"agent-{a}" for a in range(3)), *(f"chat-{a}" for a in range(3)),
                 *(f"few-shot-{a}" for a in range(2)), *(f"continued-{a}" for a in range(2))]:
        assert scored[name].specific_evidence == 0 and scored[name].verdict.value != "suspect", scored[name]


def test_a_log_without_responses_leaves_the_share_unavailable(con: duckdb.DuckDBPyConnection) -> None:
    c = duckdb.connect()
    c.register("t", con.sql("SELECT * EXCLUDE (response_text), CAST(NULL AS VARCHAR) AS response_text "
                            "FROM exchanges").to_arrow_table())
    c.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    f = {r["account_id"]: r["forged_history_share"] for r in compute_features(c).to_pylist()}
    assert all(v is None for v in f.values())


def test_forgers_found_where_they_are_most_of_the_accounts_that_resend_turns(questions: list[str]) -> None:
    """A log in which the only accounts resending conversations are a harvest's (everyone else asks one question at a
    time): the share's median over those accounts is the harvest's own, and fewer than ten accounts have it. It is
    measured from its design value, 0, as an honest client never resends a turn it was not given."""
    rng = random.Random(3)
    q = itertools.cycle(questions)
    accounts: list[Account] = []
    for a in range(3):
        acct = Account(f"canned-{a}", 4.0)
        _canned(acct, q, rng)
        accounts.append(acct)
    few = Account("few-shot-0", 10.0)
    _few_shot(few, q, rng)
    accounts.append(few)
    for a in range(40):
        acct = Account(f"user-{a}", 90.0)
        for _ in range(12):
            acct.send([("user", next(q))], "The answer is 4.")
        accounts.append(acct)
    scored = scores(exchanges_db(r for acct in accounts for r in acct.rows))
    for a in range(3):
        s = scored[f"canned-{a}"]
        assert s.specific_evidence >= 1.0 and any(r.feature == "forged_history_share" for r in s.reasons), s
    assert scored["few-shot-0"].specific_evidence == 0, scored["few-shot-0"]


def test_a_log_keeping_some_responses_leaves_the_share_unavailable(con: duckdb.DuckDBPyConnection) -> None:
    """Every third response not kept (a sampling logger): the turns they were would look foreign to every client
    that resends them, the honest chat apps' and agents' included, so no customer's share is read."""
    c = duckdb.connect()
    c.register("t", con.sql("SELECT * REPLACE (CASE WHEN hash(exchange_id) % 3 = 0 THEN NULL ELSE response_text END "
                            "AS response_text) FROM exchanges").to_arrow_table())
    c.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    f = {r["account_id"]: r["forged_history_share"] for r in compute_features(c).to_pylist()}
    assert all(v is None for v in f.values()), {a: v for a, v in f.items() if v is not None}


def test_the_scan_and_the_gateway_key_a_turn_alike(shared_data: Path) -> None:
    """``TURN_TEXT_SQL`` (the scan) and ``turn_key`` (the gateway) give the same key for real prompts re-wrapped as
    clients send them back: tabs and vertical tabs, Windows line ends, upper case, a reasoning block, past 1,024."""
    from antidistill.features.duckdb_engine import TURN_TEXT_SQL
    from antidistill.gateway.detectors import turn_key

    texts = gsm8k_questions(shared_data)[:40]
    variants = [t.replace(" ", "\t", 3).replace(". ", ".\r\n", 2).upper() for t in texts]
    variants += ["<think>first I add</think>\n  " + t + "\x0b\x0c end" for t in texts]
    variants += ["  ".join(texts[:30]), "\u00a0" + texts[0] + "\u3000"]  # past 1,024; spaces no turn drops
    con = duckdb.connect()
    got = [r[0] for r in con.execute(f"SELECT {TURN_TEXT_SQL.format(x='x')} FROM (SELECT unnest(?) AS x, "
                                     "generate_subscripts(?, 1) AS i) ORDER BY i", [variants, variants]).fetchall()]
    assert got == [turn_key(v) for v in variants]
    assert turn_key(variants[0]) == turn_key(texts[0].upper()) and len(turn_key(variants[-2])) == 256
