"""The scan on out-of-simulator traffic: LiteLLM and OpenAI logs from ``bench/foreign_traffic.py``.

The generator shares nothing with the traffic lab (its personas and campaigns come from the public
reports), so these tests check that the scan reads real log shapes completely and keeps its verdicts on
traffic it was never tuned on. The world is small (two days, about 8,000 calls, two campaigns).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from antidistill.evaluate import FLAGGED
from antidistill.scan import ScanConfig, run_scan

BENCH = Path(__file__).resolve().parents[2] / "bench"
# Look-alikes that a distillation detector confuses with harvesting: benchmark bursts, cron jobs with one
# prompt, multi-tenant apps, step-by-step homework and research prompts, one-instruction translation.
HARD_PERSONAS = ("eval_suite", "ci_job", "aggregator", "researcher", "student", "translator")
Probe = tuple[Path, dict[str, Any]]  # the generated folder and its manifest
Scanned = tuple[Path, dict[str, Any], dict[str, dict[str, str]]]  # scan folder, summary, accounts.csv by id


def _generator() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("foreign_traffic", BENCH / "foreign_traffic.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Probe:
    gen = _generator()
    out = tmp_path_factory.mktemp("foreign")
    cfg = gen.World(seed=11, days=2, benign_scale=0.06, campaign_scale=0.4,
                    campaigns=("judge_panel", "thinking_language_lock"))
    return out, gen.generate(cfg, out, shared_data)


def _scan(data: Path, out: Path) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    result = run_scan(ScanConfig(paths=[data], out=out, progress=False))
    with (out / "accounts.csv").open(newline="", encoding="utf-8") as fh:
        return result.summary, {r["account_id"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def litellm_scan(world: Probe, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    out = tmp_path_factory.mktemp("scan-litellm")
    summary, accounts = _scan(world[0] / "litellm", out)
    return out, summary, accounts


def _labels(data: Path) -> list[dict[str, Any]]:
    return pq.read_table(data / "labels.parquet").to_pylist()


def test_every_row_is_read_and_only_embedding_calls_are_quarantined(
        world: Probe, litellm_scan: Scanned) -> None:
    manifest = world[1]
    out, summary, _ = litellm_scan
    counts = manifest["counts"]
    assert counts["chat"] > 4000 and counts["failed"] > 0 and counts["embedding"] > 0
    assert summary["rows_read"] == counts["chat"] + counts["embedding"]
    assert summary["exchanges_total"] == counts["chat"]
    # Documented (docs/log-formats.md): calls that are not chat or text completions are quarantined by
    # call_type so their number stays visible; failed calls are exchanges with status "error".
    assert summary["quarantined_rows"] == counts["embedding"]
    rows = [json.loads(x) for x in (out / "quarantine.jsonl").read_text().splitlines()]
    assert len(rows) == counts["embedding"]
    assert {r["field"] for r in rows} == {"call_type"} and all("aembedding" in r["reason"] for r in rows)
    con = duckdb.connect(str(out / "scan.duckdb"), read_only=True)
    errors = con.execute("SELECT count(*) FROM exchanges WHERE status = 'error'").fetchall()[0][0]
    con.close()
    assert errors == counts["failed"]


def test_every_labelled_account_is_scored_with_its_own_exchanges(
        world: Probe, litellm_scan: Scanned) -> None:
    labels = _labels(world[0])
    accounts = litellm_scan[2]
    # the account is the LiteLLM user id, else the team id (CI and some enterprise keys carry only a team)
    assert {r["account_id"][:4] for r in labels} >= {"usr_", "team"}
    assert set(accounts) == {r["account_id"] for r in labels}
    assert {r["account_id"]: int(r["exchanges"]) for r in labels} == {
        k: int(v["n_exchanges"]) for k, v in accounts.items()}


def test_blatant_campaigns_are_flagged(
        world: Probe, litellm_scan: Scanned) -> None:
    accounts = litellm_scan[2]
    by_arch: dict[str, list[str]] = {}
    for r in _labels(world[0]):
        if r["campaign_id"]:
            by_arch.setdefault(r["archetype"], []).append(accounts[r["account_id"]]["verdict"])
    assert set(by_arch) == {"judge_panel", "thinking_language_lock"}
    assert all(len(v) >= 3 for v in by_arch.values())
    for arch, verdicts in by_arch.items():
        assert set(verdicts) <= FLAGGED, (arch, verdicts)


def test_hard_benign_personas_are_not_flagged(
        world: Probe, litellm_scan: Scanned) -> None:
    accounts = litellm_scan[2]
    hard = [r for r in _labels(world[0]) if r["archetype"].removeprefix("benign:") in HARD_PERSONAS]
    assert {r["archetype"] for r in hard} == {f"benign:{p}" for p in HARD_PERSONAS}
    flagged = [(r["archetype"], accounts[r["account_id"]]["reasons"]) for r in hard
               if accounts[r["account_id"]]["verdict"] in FLAGGED]
    assert not flagged


def test_enterprise_app_with_a_german_system_prompt_is_not_flagged(
        world: Probe, litellm_scan: Scanned) -> None:
    accounts = litellm_scan[2]
    apps = [r["account_id"] for r in _labels(world[0]) if r["archetype"] == "benign:enterprise_app"]
    assert apps  # the first enterprise app always runs under the German system prompt
    # Was a strict xfail: the signal scored this prompt 0.86 until in-house assistants' system prompts
    # ("internal assistant of ...", corpus/workplace.py, not this one) joined the hard negatives.
    assert all(accounts[a]["verdict"] not in FLAGGED for a in apps)


def test_openai_copy_gives_the_same_verdicts(
        world: Probe, litellm_scan: Scanned,
        tmp_path: Path) -> None:
    summary, accounts = _scan(world[0] / "openai", tmp_path / "scan-openai")
    assert summary["quarantined_rows"] == 0  # the OpenAI copy holds only the chat calls
    assert summary["exchanges_total"] == world[1]["counts"]["chat"]
    lite = litellm_scan[2]
    assert {k: v["verdict"] for k, v in accounts.items()} == {k: v["verdict"] for k, v in lite.items()}


@pytest.mark.slow
def test_a_population_ten_times_larger_confirms_no_benign_group(
        tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> None:
    """The probe's week with ten times its benign accounts (4,249 of them; one campaign, under 1% of the
    accounts): groups too small to pass a test at the probe's own size now would, and no benign group may be
    confirmed. Before session 18 the coordinated routes confirmed CI jobs on their CI provider's runner /24s and
    researchers' team-less keys on university /24s, and synchronisation linked students on their study app's
    template (284 benign campaign members in the full probe). Accounts flagged on their own evidence stay within
    the account score's calibrated rate (the issue's 0.1%; the score is calibrated to ``--fpr`` 1e-3)."""
    gen = _generator()
    out = tmp_path_factory.mktemp("foreign-x10")
    gen.generate(gen.World(seed=1, days=7, benign_scale=10.0, campaigns=("judge_panel",)), out, shared_data)
    _, accounts = _scan(out / "litellm", tmp_path_factory.mktemp("scan-x10"))
    labels = _labels(out)
    benign = [r for r in labels if r["archetype"].startswith("benign:")]
    assert len(benign) > 4_000
    in_campaigns = sorted({r["archetype"] for r in benign if accounts[r["account_id"]]["verdict"] == "campaign"})
    assert in_campaigns == []
    flagged = [r["archetype"] for r in benign if accounts[r["account_id"]]["verdict"] in FLAGGED]
    assert len(flagged) <= 0.001 * len(benign), flagged
    judges = [r["account_id"] for r in labels if r["archetype"] == "judge_panel"]
    assert judges and all(accounts[a]["verdict"] in FLAGGED for a in judges)
