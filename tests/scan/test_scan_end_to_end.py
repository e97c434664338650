"""The main job end to end on the traffic lab's `tiny` scenario: simulate, scan, report, evaluate."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.evaluate import evaluate
from antidistill.scan import ScanConfig, run_scan
from antidistill.scan_campaigns import with_own_evidence
from antidistill.scoring.accounts import AccountScore, Verdict

TESTS = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    if str(path.parent) not in sys.path:  # its siblings too (litellm_convert writes through openai_convert)
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from antidistill.lab.simulator import load_scenario, simulate

    out = tmp_path_factory.mktemp("tiny")
    simulate(load_scenario("tiny"), 3, out)
    return out


@pytest.fixture(scope="module")
def scanned(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan")
    result = CliRunner().invoke(app, ["scan", str(tiny), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "report:" in result.output
    return out


def test_outputs_follow_the_contract(tiny: Path, scanned: Path) -> None:
    with (scanned / "accounts.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:5] == ["account_id", "risk", "verdict", "campaign_id", "reasons"]
    labels = pq.read_table(tiny / "labels.parquet").column("account_id").to_pylist()
    assert {r["account_id"] for r in rows} == set(labels)
    assert {r["verdict"] for r in rows} <= {"clear", "watch", "suspect", "campaign"}
    for r in rows:
        assert 0.0 <= float(r["risk"]) <= 1.0
        if r["verdict"] in ("suspect", "watch"):
            assert r["reasons"], r
    # specific_evidence is the evidence campaign confirmation averages over a campaign's members
    evidence = {r["account_id"]: float(r["specific_evidence"]) for r in rows}
    confirmed = [c for c in json.loads((scanned / "campaigns.json").read_text()) if c["confirmed"]]
    assert confirmed
    for c in confirmed:
        mean = sum(evidence[a] for a in c["members"]) / len(c["members"])
        assert mean == pytest.approx(c["mean_specific_evidence"], abs=1e-3)
    summary = json.loads((scanned / "summary.json").read_text())
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tiny}/exchanges/*.parquet')").fetchall()[0]
    assert n is not None and summary["exchanges_total"] == n[0]
    assert summary["quarantined_rows"] == 0
    assert set(summary["stage_seconds"]) >= {"ingest", "signals", "features", "scoring", "report"}
    assert summary["exchanges_per_second"] > 0
    assert "reasoning_elicitation" in summary["signals_computed"]
    html = (scanned / "report.html").read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # offline: no external resources
    # the timelines are dated: the first UTC midnight of the scanned period labels a day line
    first = duckdb.sql(f"SELECT min(ts_start) FROM read_parquet('{tiny}/exchanges/*.parquet')").fetchall()[0][0]
    midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
    midnight += dt.timedelta(days=1) if midnight < first else dt.timedelta(0)
    assert f'fill="#666">{midnight:%m-%d}</text>' in html
    # membership is a finding of linkage, not a value ranked among benign accounts
    assert "<tr><td>campaign</td><td>" in html
    assert all(row.split("</td><td>")[1] == "linkage" for row in html.split("<tr><td>campaign</td><td>")[1:])


def test_rescan_never_counts_an_exchange_twice(tiny: Path, scanned: Path, tmp_path: Path) -> None:
    db = scanned / "scan.duckdb"
    before = json.loads((scanned / "summary.json").read_text())["exchanges_total"]
    result = run_scan(ScanConfig(paths=[tiny], out=tmp_path / "again", db_path=db, progress=False, linkage=False))
    assert result.summary["exchanges_total"] == before
    assert result.summary["rows_inserted"] == 0 and result.summary["rows_duplicate"] == before


def test_eval_json_contract(tiny: Path, scanned: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--labels", str(tiny / "labels.parquet"), "--scan", str(scanned),
                                      "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"account_recall", "benign_fpr", "per_archetype", "per_persona"} <= set(data)
    assert data["unscored_accounts"] == 0
    ev = evaluate(tiny / "labels.parquet", scanned)
    assert ev.benign_fpr.total > 0 and ev.account_recall.total > 0


def test_bad_rows_are_quarantined_and_counted(tiny: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    good = pq.read_table(next((tiny / "exchanges").glob("*.parquet"))).slice(0, 50)
    lines = [json.dumps(r, default=str) for r in good.to_pylist()]
    lines.insert(10, "{not json")
    lines.insert(20, json.dumps({"exchange_id": "x", "account_id": "a"}))  # no model, no messages, no time
    (logs / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(tmp_path / "scan"), "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "scan" / "summary.json").read_text())
    assert summary["quarantined_rows"] == 2
    assert summary["exchanges_total"] == 50
    # What was wrong, counted by the field at fault, in the summary and on the terminal ("-": not JSON at all).
    assert summary["quarantined_by_field"] == {"-": 1, "ts_start": 1}
    assert "quarantined, by the field at fault: - 1, ts_start 1" in result.output
    q = [json.loads(x) for x in (tmp_path / "scan" / "quarantine.jsonl").read_text().splitlines()]
    assert sorted(r["line"] for r in q) == [11, 21]
    assert all(r["file"].endswith("mixed.jsonl") and r["reason"] for r in q)


@pytest.mark.parametrize(("module", "writer"), [("litellm_convert", "write_litellm_jsonl"),
                                                ("litellm_convert", "write_spend_logs_json"),
                                                ("otel_convert", "write_otel_jsonl"),
                                                ("generic_convert", "write_flat"),
                                                ("generic_convert", "write_nested"),
                                                ("generic_convert", "write_generation")])
def test_litellm_rewrite_gives_the_same_verdicts(tiny: Path, tmp_path: Path, module: str, writer: str) -> None:
    """Same traffic as canonical Parquet and as gateway logs of other shapes (LiteLLM logging-callback payloads,
    the LiteLLM proxy's spend logs exported as one JSON array, OpenTelemetry GenAI traces, and three shapes only
    the ``generic`` reader reads, fields found by name): same verdicts on what both carry."""
    conv = _load(module, TESTS / "ingest" / f"{module}.py")
    table = pa.concat_tables(pq.read_table(p) for p in sorted((tiny / "exchanges").glob("*.parquet")))
    litellm = getattr(conv, writer)(table, tmp_path / "litellm.json")
    scan_l = run_scan(ScanConfig(paths=[litellm], out=tmp_path / "scan-l", progress=False, linkage=False))
    # OTLP files also hold spans that are not model calls (one HTTP span per line here): quarantined, counted.
    other_spans = litellm.read_bytes().count(b"\n") if module == "otel_convert" else 0
    assert scan_l.summary["exchanges_total"] == table.num_rows
    assert scan_l.summary["quarantined_rows"] == other_spans
    # The canonical side keeps only the fields the LiteLLM payloads carried (those the LiteLLM scan found
    # filled in), so the comparison is on exactly the information both formats hold.
    carried = [c for c, share in scan_l.summary["field_coverage"].items() if share > 0]
    keep = ["exchange_id", "ts_start", "account_id", "model", "messages", *carried]
    canon = tmp_path / "canon"
    canon.mkdir()
    stripped = table.select([c for c in table.column_names if c in keep])
    # A LiteLLM failure payload has no response object, so it carries no response-side usage.
    ok = pc.fill_null(pc.equal(stripped.column("status"), "ok"), True)
    for col in ("reasoning_tokens", "response_text", "reasoning_text"):
        if col in stripped.column_names:
            i = stripped.column_names.index(col)
            values = pc.if_else(ok, stripped.column(col), pa.nulls(len(stripped), stripped.schema.field(col).type))
            stripped = stripped.set_column(i, col, values)
    pq.write_table(stripped, canon / "part-0.parquet")
    scan_c = run_scan(ScanConfig(paths=[canon], out=tmp_path / "scan-c", progress=False, linkage=False))
    verdict_l = {s.account_id: (s.verdict, round(s.score, 6)) for s in scan_l.scores}
    verdict_c = {s.account_id: (s.verdict, round(s.score, 6)) for s in scan_c.scores}
    assert verdict_l == verdict_c
    if module == "generic_convert":  # what was read from where is shown, in the summary and the report
        (mapping,) = scan_l.summary["field_mappings"].values()
        assert "Fields found by name" in (tmp_path / "scan-l" / "report.html").read_text()
        assert mapping["caller"] in (tmp_path / "scan-l" / "report.html").read_text()


def test_holders_with_own_evidence_are_the_tail_and_accounts_with_specific_evidence() -> None:
    """A harvest account a few hours old is ``clear`` on a handful of requests but already carries specific
    evidence: it does not count against a pooled template; an ordinary clear account does."""
    def score(account: str, verdict: Verdict, specific: float) -> AccountScore:
        return AccountScore(account, 0.0, 0.5, 0.5, verdict, specific_evidence=specific)

    scores = [score("young-harvester", Verdict.CLEAR, 1.3), score("ordinary", Verdict.CLEAR, 0.4),
              score("heavy-ci", Verdict.WATCH, 0.0), score("suspect", Verdict.SUSPECT, 2.0),
              score("at-the-line", Verdict.CLEAR, 1.0)]
    assert with_own_evidence(scores, 1.0) == ["young-harvester", "heavy-ci", "suspect", "at-the-line"]
    assert with_own_evidence(scores, 1.5) == ["heavy-ci", "suspect"]


def test_pooled_harvest_templates_are_listed_once_under_confirmed_campaigns(tiny: Path, scanned: Path) -> None:
    """Templates several harvests send and ordinary accounts do not are gateway indicators (``pooled``): each under
    one confirmed campaign, at least 90% of its holders members or with evidence of their own, none held mostly by
    benign accounts.
    (``tiny`` is too small to have one, so this checks the wiring and the summary; what qualifies is tested in
    ``tests/features/test_features_wrappers.py``.)"""
    campaigns = json.loads((scanned / "campaigns.json").read_text())
    pooled = [(c, i) for c in campaigns for i in c["indicators"] if i.get("pooled")]
    summary = json.loads((scanned / "summary.json").read_text())
    assert summary["campaigns"]["pooled_wrappers"] + summary["campaigns"]["pooled_closings"] == len(pooled)
    assert all(c["confirmed"] for c in campaigns if c["indicators"] and c["indicators"][-1].get("pooled"))
    assert len({i["value"] for _, i in pooled}) == len(pooled)
    labels = dict(duckdb.sql(f"SELECT account_id, campaign_id FROM read_parquet('{tiny}/labels.parquet')").fetchall())
    end = {"wrapper": "regexp_replace(lower(left(messages[-1].content, 48)), '[0-9]+', '#', 'g')",
           "closing": "regexp_replace(lower(right(messages[-1].content, 48)), '[0-9]+', '#', 'g')"}
    for c, ind in pooled:
        assert c["confirmed"] and ind["attribute"] in end
        assert ind["accounts_in_campaign"] >= 0.9 * ind["accounts_total"]
        holders = [r[0] for r in duckdb.execute(
            f"SELECT DISTINCT account_id FROM read_parquet('{tiny}/exchanges/*.parquet') "
            f"WHERE length(messages[-1].content) > 64 AND {end[ind['attribute']]} = ?", [ind["value"]]).fetchall()]
        assert len(holders) == ind["accounts_total"]
        assert sum(labels.get(a) is None for a in holders) <= 0.1 * len(holders)  # benign holders: at most 10%


def test_a_log_of_a_few_accounts_still_reads_reasoning_elicitation(tiny: Path, tmp_path: Path) -> None:
    """Nine accounts (one reasoning-coercion account beside eight honest heavy users) are too few to calibrate a
    feature on; the elicitation share, whose ordinary value the detector fixes (0), is still read from it, so
    the one account asking for the reasoning is not cleared with the rest."""
    labels = pq.read_table(tiny / "labels.parquet").to_pylist()
    pick = [r["account_id"] for r in labels if r["archetype"] == "reasoning_coercion"][:1]
    for persona, n in (("aggregator", 2), ("ci", 2), ("enterprise", 3), ("eval_runner", 1)):
        pick += [r["account_id"] for r in labels if r["archetype"] == f"benign:{persona}"][:n]
    assert len(pick) == 9
    table = pa.concat_tables(pq.read_table(p) for p in sorted((tiny / "exchanges").glob("*.parquet")))
    small = table.filter(pc.is_in(table.column("account_id"), pa.array(pick)))
    (tmp_path / "logs").mkdir()
    pq.write_table(small, tmp_path / "logs" / "part-0.parquet")
    result = run_scan(ScanConfig(paths=[tmp_path / "logs"], out=tmp_path / "scan", progress=False))
    # only the shares measured from their design value (the lab's logs ask for no log-probabilities)
    assert set(result.summary["feature_stats"]) == {"reasoning_elicitation_share", "reasoning_skim_share"}
    verdicts = {s.account_id: s for s in result.scores}
    coercion = verdicts[pick[0]]
    assert coercion.verdict != Verdict.CLEAR
    assert coercion.reasons and coercion.reasons[0].feature == "reasoning_elicitation_share"
    assert all(verdicts[a].verdict == Verdict.CLEAR for a in pick[1:])


def test_a_harvest_resold_under_an_aggregators_end_user_is_found_among_its_end_users(tiny: Path,
                                                                                      tmp_path: Path) -> None:
    """One end user of an honest aggregator sends a reasoning-coercion account's traffic: among the aggregator's
    hundreds of end users it is the one scored ``suspect`` in ``end_users.csv``, and the aggregator
    says so first and is not clear; none of its honest end users, nor the other aggregator's, is suspect."""
    labels = pq.read_table(tiny / "labels.parquet").to_pylist()
    table = pa.concat_tables(pq.read_table(p) for p in sorted((tiny / "exchanges").glob("*.parquet")))
    aggregators = [r["account_id"] for r in labels if r["archetype"] == "benign:aggregator"]
    coercion = next(r["account_id"] for r in labels if r["archetype"] == "reasoning_coercion")
    rest = table.filter(pc.invert(pc.equal(table.column("account_id"), coercion)))
    harvest = table.filter(pc.equal(table.column("account_id"), coercion))
    keep = {n: harvest.column(n) for n in harvest.column_names}
    keep["account_id"] = pa.array([aggregators[0]] * harvest.num_rows)
    keep["end_user"] = pa.array(["eu-resold-harvest"] * harvest.num_rows)
    for n in ("org_id", "api_key_id", "client_ip", "user_agent", "account_tier", "account_created_at",
              "payment_fingerprint", "access_path", "asn"):
        ref = rest.filter(pc.equal(rest.column("account_id"), aggregators[0])).column(n)[0]
        keep[n] = pa.array([ref.as_py()] * harvest.num_rows, type=harvest.schema.field(n).type)
    mixed = pa.concat_tables([rest, pa.table(keep, schema=harvest.schema)])
    (tmp_path / "logs").mkdir()
    pq.write_table(mixed, tmp_path / "logs" / "part-0.parquet")
    result = run_scan(ScanConfig(paths=[tmp_path / "logs"], out=tmp_path / "scan", progress=False, html=False))
    with (tmp_path / "scan" / "end_users.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {r["account_id"] for r in rows} == set(aggregators)
    assert [(r["account_id"], r["end_user"]) for r in rows if r["verdict"] == "suspect"] == [
        (aggregators[0], "eu-resold-harvest")]
    assert rows[0]["end_user"] == "eu-resold-harvest"
    assert result.summary["end_users"]["suspect"] == 1
    carrier = next(s for s in result.scores if s.account_id == aggregators[0])
    assert carrier.verdict != Verdict.CLEAR
    assert carrier.reasons[0].feature == "end_users_suspect" and carrier.reasons[0].value == 1
    with (tmp_path / "scan" / "end_user_accounts.csv").open() as fh:
        carriers = list(csv.DictReader(fh))
    # without its harvesting end user the aggregator is an ordinary aggregator again: the evidence is the end user's
    assert [(c["account_id"], c["end_users_suspect"], c["residual_verdict"]) for c in carriers] == [
        (aggregators[0], "1", "clear")]
    assert int(carriers[0]["residual_exchanges"]) == rest.filter(pc.equal(rest.column("account_id"),
                                                                          aggregators[0])).num_rows
    other = next(s for s in result.scores if s.account_id == aggregators[1])
    assert not other.reasons or other.reasons[0].feature != "end_users_suspect"
