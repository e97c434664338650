"""The main job: ingest logs, compute signals and features, score accounts, write the report.

``run_scan`` is the library entry point; ``antidistill scan`` only parses arguments and calls it.
Stages and their timings are reported in ``summary.json``; nothing here uses labels.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.features.duckdb_engine import compute_features, field_coverage
from antidistill.features.prompt_signals import compute_prompt_signals
from antidistill.report.html import AccountDetail, render, write_report
from antidistill.report.tables import write_accounts_csv, write_summary
from antidistill.scoring.accounts import AccountScore, AccountScorer, Verdict

log = logging.getLogger(__name__)


@dataclass
class ScanConfig:
    """What to scan and how. ``db_path`` None means a database file inside ``out``."""

    paths: Sequence[Path]
    out: Path
    db_path: Path | None = None
    format: str = "auto"
    strict: bool = False
    fpr: float = 1e-3
    progress: bool = True
    top_accounts: int = 25
    threads: int = 2
    linkage: bool = True
    memory_limit: str | None = "4GB"
    #: Exchange field -> dotted key path, for logs of a shape no reader knows (the ``generic`` reader; ``--map``)
    field_map: Mapping[str, str] = field(default_factory=dict)
    #: the provider's model calendars (``ingest.models``; ``--models``): when each model was released
    models: Sequence[Path] = ()
    #: False skips ``report.html`` and the per-account details it needs (the scan loop's periodic scans only
    #: read ``accounts.csv`` and ``campaigns.json``)
    html: bool = True


@dataclass
class ScanResult:
    scores: list[AccountScore]
    summary: dict[str, Any]
    out: Path
    scorer: AccountScorer
    timings: dict[str, float] = field(default_factory=dict)
    #: the per-account feature table the scores came from (same row order); campaign attribution reads the
    #: accounts' operating profile from it
    features: pa.Table | None = None


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        log.info("stage=%s event=start", name)
        yield
        self.seconds[name] = round(time.perf_counter() - t0, 3)
        log.info("stage=%s event=done seconds=%.3f", name, self.seconds[name])


def _keys_of_organisations(con: duckdb.DuckDBPyConnection, mappings: Mapping[str, Mapping[str, str]]
                           ) -> dict[str, Any] | None:
    """When the ``generic`` reader read API keys as the accounts of logs that also name an organisation, how many
    keys and organisations there are (for a note: a provider bills, limits and bans organisations, and may want
    to judge them: ``--map account_id=PATH``); None otherwise. The reader's order (an account id, else the key,
    else the user, else the organisation) is not changed by it: other logs call a team or a project
    "organisation"."""
    paths = [(m.get("caller"), m.get("org_id")) for m in mappings.values()
             if m.get("caller") and m.get("caller") == m.get("api_key_id") and m.get("org_id")]
    if not paths:
        return None
    row = con.execute("SELECT count(DISTINCT account_id), count(DISTINCT org_id) FROM exchanges "
                      "WHERE org_id IS NOT NULL").fetchall()[0]
    keys, orgs = int(row[0]), int(row[1])
    if orgs < 2 or orgs >= keys:
        return None
    caller, org = paths[0]
    return {"caller": caller, "organisation": org, "keys": keys, "organisations": orgs}


def run_scan(cfg: ScanConfig, *, extra_stages: Sequence[Callable[[duckdb.DuckDBPyConnection, ScanResult], None]] = (),
             ) -> ScanResult:
    """Run the scan; write ``accounts.csv``, ``summary.json`` and ``report.html`` (``cfg.html``) to ``cfg.out``."""
    from antidistill.ingest import ingest_paths
    from antidistill.ingest.models import read_model_calendar
    from antidistill.store import DuckDBStore

    t_start = time.perf_counter()
    timer = _Timer()
    cfg.out.mkdir(parents=True, exist_ok=True)
    db_path = cfg.db_path or cfg.out / "scan.duckdb"
    store = DuckDBStore(db_path, threads=cfg.threads, memory_limit=cfg.memory_limit)
    con = store.connection
    log_paths, model_files = expand_lab_folders(cfg.paths)
    with timer.stage("ingest"):
        for mf in model_files:
            store.upsert_models(pq.read_table(mf))
        for mf in cfg.models:
            store.upsert_models(read_model_calendar(mf))
        ingest = ingest_paths(log_paths, store, format=cfg.format, strict=cfg.strict,
                              quarantine_path=cfg.out / "quarantine.jsonl", progress=cfg.progress,
                              field_map=cfg.field_map, workers=cfg.threads)
    with timer.stage("signals"):
        sig_report = compute_prompt_signals(con, progress=cfg.progress, workers=cfg.threads)
    with timer.stage("features"):
        features = compute_features(con)
        coverage = field_coverage(con)
    with timer.stage("scoring"):
        scorer = AccountScorer(fpr=cfg.fpr).fit(features)
        scores = scorer.score(features)
    total_row = con.execute("SELECT count(*) FROM exchanges").fetchall()[0]
    exchanges_total = int(total_row[0]) if total_row else 0
    summary: dict[str, Any] = {
        "inputs": [str(p) for p in cfg.paths],
        "database": str(db_path),
        "exchanges_total": exchanges_total,
        "accounts": len(scores),
        **ingest.to_summary(),
        "signals_computed": sig_report.signals,
        "prompts_scored": sig_report.texts_scored,
        "signal_seconds": {k: round(v, 2) for k, v in sig_report.seconds_per_signal.items()},
        "field_coverage": {k: round(v, 4) for k, v in coverage.items()},
        "signals_unavailable": sorted(set(scorer.unavailable_) | {k for k, v in coverage.items() if v == 0}),
        "fpr": cfg.fpr,
        "thresholds": {"suspect": scorer.threshold_, "watch": scorer.watch_threshold_},
        "feature_stats": {k: {"center": v.center, "scale": v.scale, "n": v.n_used} for k, v in scorer.stats_.items()},
    }
    keys = _keys_of_organisations(con, summary.get("field_mappings", {}))
    if keys:
        summary["accounts_are_keys"] = keys
    result = ScanResult(scores, summary, cfg.out, scorer, timer.seconds, features)
    if cfg.linkage:
        from antidistill.scan_campaigns import campaigns

        with timer.stage("linkage"):
            campaigns(con, result)
    from antidistill.scan_end_users import end_users

    with timer.stage("end_users"):
        end_users(con, result)
    for stage in extra_stages:
        with timer.stage(getattr(stage, "__name__", "extra")):
            stage(con, result)
    summary["verdicts"] = {v.value: sum(1 for s in scores if s.verdict == v) for v in Verdict}
    with timer.stage("report"):
        write_accounts_csv(cfg.out / "accounts.csv", scores)
        details = account_details(con, scores, cfg.top_accounts) if cfg.html else {}
        seconds_total = time.perf_counter() - t_start
        summary["stage_seconds"] = timer.seconds
        summary["seconds_total"] = round(seconds_total, 3)
        summary["exchanges_per_second"] = round(ingest.rows_ok / seconds_total, 1) if seconds_total else None
        summary["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        sections = summary.pop("_html_sections", [])
        if cfg.html:
            write_report(cfg.out / "report.html", render(scores, summary, details, threshold=scorer.threshold_,
                                                         watch_threshold=scorer.watch_threshold_,
                                                         extra_sections=sections))
    summary["stage_seconds"] = timer.seconds
    write_summary(cfg.out / "summary.json", summary)
    store.close()
    return result


def expand_lab_folders(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """A traffic-lab output folder stands for its ``exchanges/`` logs plus its ``models.parquet`` table."""
    logs: list[Path] = []
    models: list[Path] = []
    for p in paths:
        if p.is_dir() and (p / "exchanges").is_dir():
            logs.append(p / "exchanges")
            if (p / "models.parquet").is_file():
                models.append(p / "models.parquet")
        else:
            logs.append(p)
    return logs, models


def account_details(con: duckdb.DuckDBPyConnection, scores: Sequence[AccountScore], k: int) -> dict[str, AccountDetail]:
    """Hourly timelines, top templates and topics of the ``k`` riskiest flagged accounts."""
    flagged = sorted((s for s in scores if s.verdict != Verdict.CLEAR), key=lambda s: -s.score)[:k]
    if not flagged:
        return {}
    ids = [s.account_id for s in flagged]
    bounds = con.execute("SELECT min(hour_idx), max(hour_idx) FROM ex").fetchall()[0]
    assert bounds is not None
    h0, h1 = int(bounds[0]), int(bounds[1])
    out: dict[str, AccountDetail] = {}
    hourly = con.execute("SELECT account_id, hour_idx, count(*) FROM ex WHERE account_id IN (SELECT unnest(?)) "
                         "GROUP BY ALL", [ids]).fetchall()
    series = {a: [0] * (h1 - h0 + 1) for a in ids}
    for a, h, c in hourly:
        series[a][int(h) - h0] = int(c)
    templates = con.execute("""
        WITH c AS (
            SELECT account_id, template_id, count(*) AS n, any_value(prompt_hash) AS h FROM ex
            WHERE account_id IN (SELECT unnest(?)) GROUP BY account_id, template_id
        ), r AS (
            SELECT *, n * 1.0 / sum(n) OVER (PARTITION BY account_id) AS share,
                   row_number() OVER (PARTITION BY account_id ORDER BY n DESC, template_id) AS rk FROM c
        )
        SELECT r.account_id, s.template_text, r.share FROM r LEFT JOIN prompt_signals s ON s.prompt_hash = r.h
        WHERE rk <= 3 ORDER BY r.account_id, rk
    """, [ids]).fetchall()
    topics = con.execute("""
        WITH c AS (
            SELECT account_id, topic, count(*) AS n FROM ex
            WHERE account_id IN (SELECT unnest(?)) AND topic IS NOT NULL GROUP BY account_id, topic
        ), r AS (
            SELECT *, n * 1.0 / sum(n) OVER (PARTITION BY account_id) AS share,
                   row_number() OVER (PARTITION BY account_id ORDER BY n DESC, topic) AS rk FROM c
        )
        SELECT account_id, topic, share FROM r WHERE rk <= 5 ORDER BY account_id, rk
    """, [ids]).fetchall()
    attrs = con.execute("""
        SELECT account_id, any_value(access_path), any_value(account_tier), count(DISTINCT model),
               min(ts_start), max(ts_start)
        FROM exchanges WHERE account_id IN (SELECT unnest(?)) GROUP BY account_id
    """, [ids]).fetchall()
    for a in ids:
        out[a] = AccountDetail(hourly=series[a], start_hour=h0)
    for a, text, share in templates:
        out[a].templates.append((text or "", float(share)))
    for a, topic, share in topics:
        out[a].topics.append((topic, float(share)))
    for a, path, tier, n_models, first, last in attrs:
        out[a].attributes = {"access path": str(path), "tier": str(tier), "models": str(n_models),
                             "first seen": str(first)[:16], "last seen": str(last)[:16]}
    return out


__all__ = ["ScanConfig", "ScanResult", "account_details", "run_scan"]
