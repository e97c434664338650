"""A confirmed campaign's suppliers (``linkage.duckdb_inputs.answer_suppliers``, ``scan_campaigns.attach_suppliers``).

A harvest split over accounts: plain questions from "asker" accounts, and seconds later a confirmed campaign's
members paste each answer back inside a reasoning-reconstruction template. The askers' own prompts are ordinary;
the flow of their answers into the campaign's prompts ties them. Real text: GSM8K questions and worked solutions
as the model's answers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
STOCK = "Let me know if you have any other questions about this problem."
TEMPLATE = ("Below is a question and its correct final answer. Write the complete chain of thought an expert would "
            "go through to reach this answer, step by step, as if thinking aloud. Do not just restate the answer."
            "\n\nQuestion: {q}\n\nAnswer:\n{a}")


@pytest.fixture(scope="module")
def gsm8k(shared_data: Path) -> list[tuple[str, str]]:
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")
    return [(r["question"], r["answer"].split("####")[0].strip()) for r in (json.loads(x) for x in lines if x)]


def _log(items: list[tuple[str, str]]) -> list[Exchange]:
    rng = np.random.default_rng(3)
    rows: list[Exchange] = []

    def send(account: str, t: float, prompt: str, answer: str, ip: str, ua: str) -> None:
        rows.append(Exchange(exchange_id=f"x{len(rows)}", ts_start=T0 + dt.timedelta(seconds=float(t)),
                             account_id=account, org_id=f"org-{account}", model="m-3", client_ip=ip, user_agent=ua,
                             messages=[Message("user", prompt)], response_text=answer, prompt_tokens=200,
                             completion_tokens=400))

    k = 0
    for a in range(6):  # askers: plain questions, each answer pasted back by an explainer seconds later
        t = rng.uniform(0, 3600)
        for _ in range(40):
            q, sol = items[k]
            k += 1
            answer = f"{sol}\n{STOCK}"
            send(f"asker-{a}", t, q, answer, f"81.{a}.{int(rng.integers(250))}.{int(rng.integers(250))}",
                 "OpenAI/Python 1.54.4")
            explainer = int(rng.integers(4))
            send(f"explainer-{explainer}", t + rng.uniform(5, 60), TEMPLATE.format(q=q, a=answer),
                 "Let me reconstruct the reasoning...", f"45.77.12.{explainer + 10}", "split-kit/2.1")
            t += rng.uniform(600, 1800)
    for p in range(80):  # people whose answers end with the same stock line, some of them minutes before a paste
        t = rng.uniform(0, 86400)
        for _ in range(10):
            q, sol = items[1000 + k % 300]
            k += 1
            send(f"person-{p}", t, q, f"{sol}\n{STOCK}", f"90.{p}.3.4", "OpenAI/Python 1.54.4")
            t += rng.uniform(300, 7200)
    t = 0.0
    while t < 16 * 3600:  # a busy tutoring app whose answers come from the same worked solutions, at any time
        q, sol = items[int(rng.integers(240))]
        send("tutor", t, q, sol, "52.2.2.2", "tutor/3.0")
        t += rng.uniform(10, 30)
    t = 0.0
    while t < 16 * 3600:  # an aggregator's traffic, every minute, its answers ending with the same stock line
        q, sol = items[300 + k % 600]
        k += 1
        send("aggregator", t, q, f"{sol}\n{STOCK}", "52.1.1.1", "aggregator/1.0")
        t += rng.uniform(30, 90)
    return rows


def test_the_accounts_whose_answers_a_campaign_pastes_back_are_its_suppliers(gsm8k: list[tuple[str, str]],
                                                                             tmp_path: Path) -> None:
    logs, out = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(_log(gsm8k)), logs / "exchanges.parquet")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    rows = {r["account_id"]: r for r in csv.DictReader((out / "accounts.csv").read_text().splitlines())}
    (campaign,) = [c for c in json.loads((out / "campaigns.json").read_text()) if c["confirmed"]]
    explainers = {f"explainer-{e}" for e in range(4)}
    askers = {f"asker-{a}" for a in range(6)}
    assert set(campaign["members"]) == explainers | askers
    suppliers = {s["account_id"]: s["quoting_prompts"] for s in campaign["answer_suppliers"]}
    assert set(suppliers) == askers and min(suppliers.values()) >= 20
    assert all(rows[a]["verdict"] == "campaign" and rows[a]["campaign_id"] == campaign["campaign_id"] for a in askers)
    report = (out / "report.html").read_text()
    assert f"supplies confirmed campaign {campaign['campaign_id']} (10 accounts)" in report
    # the stock line every person and the aggregator were also given, minutes before many a paste, ties no one;
    # nor does the tutor, given the same solutions minutes before many a paste, but as often hours before
    assert not [a for a, r in rows.items() if a.startswith(("person-", "aggregator", "tutor"))
                and r["verdict"] in ("suspect", "campaign")]
    assert json.loads((out / "summary.json").read_text())["campaigns"]["answer_suppliers"] == 6
