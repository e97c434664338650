"""Output reuse (``linkage.reuse``): the model's answers sent back as other organisations' prompts, both ways.

The log, built from real Self-Instruct tasks and Arena-Hard and GSM8K prompts: a Self-Instruct pipeline over six
sign-ups (one asks for new task instructions, the others send each one back within minutes, and they swap roles);
against it, a translation agency that translates documents two client companies wrote with the model (one way,
hundreds of times), students whose questions the answers restate (the question was a prompt first), and one
company's two agents passing text back and forth (one organisation).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.features.duckdb_engine import compute_features
from antidistill.linkage.campaigns import CampaignAssembler
from antidistill.linkage.duckdb_inputs import linkage_inputs
from antidistill.linkage.reuse import OutputFlows, reuse_groups
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def texts(shared_data: Path) -> dict[str, list[str]]:
    def read(path: Path, key: str) -> list[str]:
        return [json.loads(line)[key] for line in path.read_text().split("\n") if line]

    si = shared_data / "self-instruct"
    tasks = [t for t in read(si / "seed_tasks.jsonl", "instruction") + read(si / "user_oriented_instructions.jsonl",
                                                                            "instruction") if "\n" not in t]
    arena = [p.split("\n")[0] for f in sorted((shared_data / "arena-hard").glob("*.jsonl"))
             for p in read(f, "prompt")]
    return {"tasks": tasks, "docs": [p for p in arena if len(p) >= 40],
            "gsm": read(shared_data / "gsm8k" / "test.jsonl", "question")}


def _log(texts: dict[str, list[str]]) -> list[Exchange]:
    rng = np.random.default_rng(4)
    rows: list[Exchange] = []

    def ex(account: str, org: str, t: float, prompt: str, answer: str) -> None:
        rows.append(Exchange(exchange_id=f"x{len(rows)}", ts_start=T0 + dt.timedelta(seconds=float(t)),
                             account_id=account, org_id=org, model="m-1", messages=[Message("user", prompt)],
                             response_text=answer, prompt_tokens=60, completion_tokens=300))

    # the pipeline: 24 batches of 15 new instructions, each batch asked by one sign-up and answered by the others
    tasks = list(texts["tasks"])
    rng.shuffle(tasks)
    for batch in range(24):
        t = 3600.0 + batch * 5400.0
        gen = int(rng.integers(6))
        new = tasks[batch * 15:(batch + 1) * 15]
        ask = ("You are asked to come up with a set of 20 diverse task instructions. Here are the requirements: "
               f"(batch {batch})\n1. Instruction: {texts['tasks'][0]}")
        ex(f"pipe-{gen}", f"org-pipe-{gen}", t, ask, "\n".join(f"{i + 2}. Instruction: {x}" for i, x in enumerate(new)))
        for i, inst in enumerate(new):
            who = int(rng.choice([k for k in range(6) if k != gen]))
            ex(f"pipe-{who}", f"org-pipe-{who}", t + 60 + 25 * i + rng.uniform(0, 20), inst, "Here is an answer.")
    # two clients write documents with the model; their translation agency translates them minutes later (one way)
    docs = texts["docs"]
    for k in range(300):
        client = f"client-{k % 2}"
        t = 7200.0 + k * 900.0
        ex(client, f"org-{client}", t, f"Draft section {k} of our handbook, please.", f"{docs[k]}\nMore text follows.")
        ex("agency", "org-agency", t + rng.uniform(60, 400), docs[k], "Voici la traduction.")
    # students: each answer restates the question, which was a prompt first; others ask the same question later
    for k in range(150):
        q = texts["gsm"][k % 50]
        for s in range(3):
            ex(f"student-{s}", f"org-student-{s}", 1000.0 + k * 600.0 + s * 120.0, q, f"{q}\nThe answer is 42.")
    # one company's planner and writer agents pass text back and forth (one organisation)
    for k in range(200):
        a, b = ("planner", "writer") if k % 2 else ("writer", "planner")
        line = f"{docs[300 + k]} (step {k})"
        ex(f"acme-{a}", "org-acme", 500.0 + k * 300.0, f"Plan step {k} for the report.", line)
        ex(f"acme-{b}", "org-acme", 560.0 + k * 300.0, line, "Done.")
    return rows


def test_the_pipeline_is_tied_and_one_way_or_one_company_reuse_is_not(texts: dict[str, list[str]]) -> None:
    con = duckdb.connect()
    con.register("t", exchanges_to_table(_log(texts)))
    con.execute("CREATE TABLE exchanges AS SELECT * FROM t")
    compute_features(con)
    ids = sorted(r[0] for r in con.execute("SELECT DISTINCT account_id FROM exchanges").fetchall())
    inp = linkage_inputs(con, ids, [0.0] * len(ids))
    assert inp.flows is not None
    writers = {ids[a] for a in inp.flows.a.tolist()}
    readers = {ids[b] for b in inp.flows.b.tolist()}
    assert "agency" in readers and {"client-0", "client-1"} <= writers  # the agency's flows are seen, one way
    assert not any(a.startswith("student") for a in writers | readers)  # the questions were prompts first
    assert not any(a.startswith("acme") for a in writers | readers)  # one organisation
    found = [c for c in CampaignAssembler(alpha=1e-3).assemble(inp, null_mean=0.0, null_sd=1.0)
             if "output_reuse" in c.confirmed_by]
    assert [c.members for c in found] == [[f"pipe-{k}" for k in range(6)]]
    reuse = found[0].details["output_reuse"]
    assert reuse["distinct_prompts"] >= 350 and reuse["pairs_both_ways"] >= 10


def test_groups_need_flows_both_ways_several_organisations_and_hundreds_of_prompts() -> None:
    h = np.arange(300, dtype=np.uint64)
    org = np.array(["o0", "o1", "o2", "o3", "o3"], dtype=object)
    star = OutputFlows(a=np.array([0, 1, 2] * 100), b=np.array([3] * 300), h=h)  # writers -> one reader
    assert reuse_groups(star, org) == []
    ring = OutputFlows(a=np.array([0, 1, 1, 2, 2, 0] * 50), b=np.array([1, 0, 2, 1, 0, 2] * 50), h=h)
    (g,) = reuse_groups(ring, org)
    assert g.members.tolist() == [0, 1, 2] and g.distinct_prompts == 300 and g.pairs == 3
    assert reuse_groups(ring, org, min_distinct=301) == []
    same = OutputFlows(a=np.array([3, 4] * 150), b=np.array([4, 3] * 150), h=h)  # one organisation's two keys
    assert reuse_groups(same, org) == []


def test_a_scan_names_the_pipeline_a_campaign_of_reused_answers(texts: dict[str, list[str]], tmp_path: Path) -> None:
    logs, out = tmp_path / "logs", tmp_path / "scan"
    logs.mkdir()
    pq.write_table(exchanges_to_table(_log(texts)), logs / "exchanges.parquet")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    rows = {r["account_id"]: r for r in csv.DictReader((out / "accounts.csv").read_text().splitlines())}
    flagged = sorted(a for a, r in rows.items() if r["verdict"] in ("suspect", "campaign"))
    assert flagged == [f"pipe-{k}" for k in range(6)], flagged
    (campaign,) = [c for c in json.loads((out / "campaigns.json").read_text()) if c["confirmed"]]
    assert campaign["confirmed_by"] == ["output_reuse"] and campaign["output_reuse"]["distinct_prompts"] >= 350
    report = (out / "report.html").read_text()
    assert "tied by reused answers" in report and "sent back as another&#x27;s prompts within 10 min" in report
    assert "Reused answers: " in report
    summary = json.loads((out / "summary.json").read_text())["campaigns"]
    assert summary["confirmed_by_output_reuse"] == 1 and summary["reuse_flows"] >= 350
