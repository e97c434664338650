"""The offline scan in the loop: periodic scans whose verdicts are fed back to the gateway.

A provider runs ``antidistill scan`` every so often on what the gateway logged and writes its
campaign verdicts to the gateway's ``campaigns_file`` (or ``POST /admin/campaigns``). For a
replay, :func:`scan_schedule` models that loop on a scenario: at every ``every_s`` seconds of
simulated time it scans the exchanges sent before that moment (the scenario's rows up to then,
with the upstream's recorded answers; incrementally, keeping one scan database) and schedules
the verdicts to reach the gateway ``delay_s`` later (the scan's own running time), as a
:class:`VerdictUpdate` that replaces the campaign book. :func:`verdicts_from_scan` is the
mapping from a scan's output to the campaign book; labels are never read here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from antidistill.gateway.campaigns import PAIR_SEPARATOR, end_user_key
from antidistill.gateway.replay_inprocess import VerdictUpdate, scenario_files

log = logging.getLogger(__name__)


def verdicts_from_scan(scan_dir: Path, *, prefix: str = "", suspect_score: float | None = 0.7,
                       data_until: dt.datetime | None = None, anomaly_score: float = 0.7) -> dict[str, Any]:
    """The campaign-book document for a scan's ``campaigns.json`` and ``accounts.csv``.

    * each *confirmed* campaign becomes one campaign with score ``1 - p_value`` (its null-model
      p-value; the default policy blocks at 0.9 and above), with its shared-infrastructure
      ``indicators`` (the book keeps the specific ones, for linking new holders online); a campaign
      confirmed without distillation-specific evidence (``coordinated_anomaly`` or ``coordinated_harness``:
      anomalous accounts of several organisations on one card or network; ``coordinated_requests``: the same
      rare prompts sent from several organisations at the same moments; no reasoning elicitation) scores
      at most ``anomaly_score`` (default 0.7: the default policy asks for identity verification, not a block);
    * each account the scan calls ``suspect`` that is in no confirmed campaign becomes a campaign
      of its own with score ``suspect_score`` (default 0.7: the default policy asks it to verify its
      identity, ``step_up``; None leaves suspects out). Campaign ids get ``prefix`` so ids of different
      scans never collide.

    ``data_until`` (the scan's data cut-off, as ``data_until`` in the document) lets the book link
    accounts first seen after it by indicators that are specific but not exclusive. A campaign with relay evidence
    (``account_relay``) carries a ``handover`` (its clients, the relay's gap and its latest request), so the book
    follows the chain online and links the next sign-up that takes over.
    """
    campaigns: list[dict[str, Any]] = []
    members: set[str] = set()
    suspect_users, attributed = _suspect_end_users(scan_dir)
    path = scan_dir / "campaigns.json"
    if path.is_file():
        for c in json.loads(path.read_text()):
            if not c.get("confirmed"):
                continue
            p = float(c.get("p_value") or 0.0)
            accounts = [str(a) for a in c.get("members", [])]
            members.update(accounts)
            indicators = [{k: i[k] for k in ("attribute", "value", "accounts_in_campaign", "accounts_total", "pooled")
                           if k in i} for i in c.get("indicators", [])]
            score = min(1.0, max(0.0, 1.0 - p))
            if c.get("confirmed_by") and "specific_evidence" not in c["confirmed_by"]:
                score = min(score, anomaly_score)
            entry: dict[str, Any] = {"campaign_id": f"{prefix}{c['campaign_id']}", "score": score,
                                     "accounts": [a for a in accounts if a not in attributed]}
            pairs = [{"account_id": a, "end_user": e} for a in accounts for e in attributed.get(a, ())]
            if pairs:  # members whose evidence is their suspect end users': the verdict is theirs
                entry["end_users"] = pairs
            if indicators:
                entry["indicators"] = indicators
            relay = c.get("account_relay")
            if relay and relay.get("clients") and c.get("last_seen_s") is not None:
                entry["handover"] = {"clients": list(relay["clients"]), "gap_s": float(relay["gap_s"]),
                                     "last_seen_s": float(c["last_seen_s"])}
            campaigns.append(entry)
    if suspect_score is not None:
        with (scan_dir / "accounts.csv").open(newline="") as fh:
            for row in csv.DictReader(fh):
                account = row["account_id"]
                if row["verdict"] == "suspect" and account not in members and account not in attributed:
                    campaigns.append({"campaign_id": f"{prefix}suspect:{account}", "score": suspect_score,
                                      "accounts": [account]})
        for account, users in suspect_users.items():
            if account in members and account in attributed:
                continue  # named in its campaign's entry
            for end_user in users:
                pair = {"account_id": account, "end_user": end_user}
                campaigns.append({"campaign_id": f"{prefix}end-user:{account} / {end_user}",
                                  "score": suspect_score, "accounts": [], "end_users": [pair]})
    doc: dict[str, Any] = {"campaigns": campaigns}
    if data_until is not None:
        doc["data_until"] = data_until.isoformat()
    return doc


def carry_dropped(previous: dict[str, Any] | None, current: dict[str, Any], *,
                  hold_s: float = 0.0, min_scans: int = 1) -> dict[str, Any]:
    """``current`` plus the verdicts ``previous`` gave that ``current`` drops and that are still held.

    Campaign membership near the confirmation line flickers from one scan to the next as evidence
    windows slide (in the ``demo`` loop, 31 low-and-slow and 6 hydra account verdicts were dropped by
    one scan and restored by a later one), and each drop re-opened the account for a whole scan
    interval. A dropped verdict is therefore carried over (same campaign id and score, ``"carried":
    true``, no indicators, ``"dropped_at"``: the data cut-off of the first scan that left it out) and
    lifted only when a later scan still leaves it out and that scan's cut-off is at least ``hold_s``
    after ``dropped_at``. With ``hold_s`` 0 that is the second consecutive omission whatever the
    cadence; a hold in hours keeps the lift on the time scale of the evidence windows, so hourly
    scans do not lift a flickering verdict after one hour where 6-hourly ones would keep it for six.
    Documents without ``data_until`` fall back to two scans. An appeal still clears an account at once.

    Only a verdict that stood in at least ``min_scans`` consecutive scans is held. A verdict one scan
    gives and the next withdraws is the scan changing its mind on more data (a partial-data link of an
    honest account, in a live replay of the ``tiny`` scenario), not flicker near the line; holding it
    would extend a false positive by ``hold_s``. The count is kept per account in the document
    (``"scans_in_a_row"``; a held account keeps its count, so a verdict that comes back continues it).
    """
    if previous is None:
        return {**current, "scans_in_a_row": {a: 1 for c in current["campaigns"] for a in _members(c)}}
    now = {a for c in current["campaigns"] for a in _members(c)}
    until = _cut_off(current)
    legacy = "scans_in_a_row" not in previous  # a document from before the count: each verdict counts once
    before: dict[str, int] = previous.get("scans_in_a_row", {})
    streak = {a: before.get(a, 0) + 1 for a in now}
    carried = []
    for c in previous["campaigns"]:
        missing = [a for a in _members(c) if a not in now]
        if c.get("carried"):  # held since an earlier scan: kept while the hold lasts
            dropped = c.get("dropped_at")
            if not (hold_s > 0 and until is not None and dropped is not None
                    and (until - dt.datetime.fromisoformat(dropped)).total_seconds() < hold_s):
                continue
            entry = {**{k: v for k, v in c.items() if k not in ("accounts", "end_users")}, **_split_members(missing)}
        else:  # dropped by this scan: held if it stood long enough
            missing = [a for a in missing if (1 if legacy else before.get(a, 0)) >= min_scans]
            entry = {"campaign_id": c["campaign_id"], "score": c["score"], **_split_members(missing), "carried": True}
            if until is not None:
                entry["dropped_at"] = until.isoformat()
        if missing:
            carried.append(entry)
            streak.update({a: before.get(a, 1) for a in missing})
    return {**current, "campaigns": current["campaigns"] + carried, "scans_in_a_row": streak}


def _members(campaign: dict[str, Any]) -> list[str]:
    """A verdict campaign's accounts, then its end users (:func:`end_user_key`)."""
    pairs = campaign.get("end_users", ())
    return [*campaign["accounts"], *(end_user_key(p["account_id"], p["end_user"]) for p in pairs)]


def _split_members(keys: list[str]) -> dict[str, Any]:
    """``accounts`` and, when there are any, ``end_users`` of a campaign holding ``keys`` (see :func:`_members`)."""
    out: dict[str, Any] = {"accounts": [k for k in keys if PAIR_SEPARATOR not in k]}
    pairs = [k.split(PAIR_SEPARATOR, 1) for k in keys if PAIR_SEPARATOR in k]
    if pairs:
        out["end_users"] = [{"account_id": a, "end_user": e} for a, e in pairs]
    return out


def _suspect_end_users(scan_dir: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(account -> its suspect end users, from ``end_users.csv``; the same for the accounts whose traffic without
    them is not ``suspect``, from ``end_user_accounts.csv``: their evidence is those end users')."""
    suspect: dict[str, list[str]] = {}
    path = scan_dir / "end_users.csv"
    if path.is_file():
        with path.open(newline="") as fh:
            for row in csv.DictReader(fh):
                if row["verdict"] == "suspect":
                    suspect.setdefault(row["account_id"], []).append(row["end_user"])
    attributed: dict[str, list[str]] = {}
    path = scan_dir / "end_user_accounts.csv"
    if path.is_file():
        with path.open(newline="") as fh:
            for row in csv.DictReader(fh):
                if row["residual_verdict"] in ("clear", "watch") and row["account_id"] in suspect:
                    attributed[row["account_id"]] = suspect[row["account_id"]]
    return suspect, attributed


def _cut_off(doc: dict[str, Any]) -> dt.datetime | None:
    value = doc.get("data_until")
    return dt.datetime.fromisoformat(value) if value else None


def write_slice(directory: Path, since: dt.datetime | None, until: dt.datetime, out: Path) -> int:
    """Copy the scenario's exchanges with ``since <= ts_start < until`` into the lab folder ``out``; returns rows."""
    (out / "exchanges").mkdir(parents=True, exist_ok=True)
    rows = 0
    for i, f in enumerate(scenario_files(directory)):
        writer: pq.ParquetWriter | None = None
        for batch in pq.ParquetFile(f).iter_batches(batch_size=100_000):
            table = pa.Table.from_batches([batch])
            ts_type = table.schema.field("ts_start").type
            keep = pc.less(table["ts_start"], pa.scalar(until, type=ts_type))
            if since is not None:
                keep = pc.and_(keep, pc.greater_equal(table["ts_start"], pa.scalar(since, type=ts_type)))
            part = table.filter(keep)
            if part.num_rows:
                if writer is None:
                    writer = pq.ParquetWriter(out / "exchanges" / f"part-{i:05d}.parquet", part.schema)
                writer.write_table(part)
                rows += part.num_rows
        if writer is not None:
            writer.close()
    if (directory / "models.parquet").is_file():
        shutil.copy(directory / "models.parquet", out / "models.parquet")
    return rows


def scan_until(directory: Path, until: dt.datetime, work: Path, *, threads: int = 2) -> Path:
    """Scan the exchanges sent before ``until``; returns the scan's output folder (reused when present).

    Incremental, as a scan job that keeps its database is: one DuckDB file under ``work`` holds
    what earlier scans ingested (``work/loop-state.json`` says up to when), only the new slice is
    ingested, and the signals score only prompts not seen before; features, scoring and linkage
    run over everything ingested so far. No ``report.html`` (the loop reads ``accounts.csv`` and
    ``campaigns.json``; the report took a fifth of a late round's time on ``default``).
    """
    from antidistill.scan import ScanConfig, run_scan

    stamp = until.strftime("%Y%m%dT%H%M%S")
    out = work / f"scan-{stamp}"
    if (out / "accounts.csv").is_file():
        return out
    db = work / "loop-scan.duckdb"
    marker = work / "loop-state.json"
    since: dt.datetime | None = None
    if db.is_file() and marker.is_file():
        since = dt.datetime.fromisoformat(json.loads(marker.read_text())["ingested_until"])
        if since > until:  # an older cut-off than the database holds: start that database again
            since = None
    if since is None:
        for p in work.glob("loop-scan.duckdb*"):
            p.unlink()
    data = work / f"data-{stamp}"
    rows = write_slice(directory, since, until, data)
    log.info("event=loop_scan until=%s new_rows=%d", until.isoformat(), rows)
    try:
        run_scan(ScanConfig(paths=[data], out=out, db_path=db, progress=False, threads=threads, html=False))
        marker.write_text(json.dumps({"ingested_until": until.isoformat()}))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return out


def scan_schedule(directory: Path, *, every_s: float, delay_s: float, work: Path, suspect_score: float | None = 0.7,
                  threads: int = 2, carry: bool = True, hold_s: float = 86_400.0, min_scans: int = 2,
                  progress: Callable[[str], None] | None = None) -> list[VerdictUpdate]:
    """Scans every ``every_s`` simulated seconds over the scenario's span, their verdicts ``delay_s`` later.

    With ``carry`` a verdict that stood in ``min_scans`` consecutive scans is lifted only when two
    consecutive scans leave it out and the later one's cut-off is at least ``hold_s`` after the first
    omission's (:func:`carry_dropped`).
    """
    if every_s <= 0:
        raise ValueError("every_s must be positive")
    times = [pq.read_table(f, columns=["ts_start"])["ts_start"] for f in scenario_files(directory)]
    start = min(pc.min(t).as_py() for t in times)
    end = max(pc.max(t).as_py() for t in times)
    work.mkdir(parents=True, exist_ok=True)
    updates: list[VerdictUpdate] = []
    previous: dict[str, Any] | None = None
    k = 1
    while (until := start + dt.timedelta(seconds=k * every_s)) < end:
        scan_dir = scan_until(directory, until, work, threads=threads)
        doc = verdicts_from_scan(scan_dir, prefix=f"s{k}:", suspect_score=suspect_score, data_until=until)
        if carry:
            doc = previous = carry_dropped(previous, doc, hold_s=hold_s, min_scans=min_scans)
        updates.append(VerdictUpdate(at=until.timestamp() + delay_s, label=f"scan {k} of data before "
                                     f"{until.isoformat()}", campaigns=doc))
        if progress:
            progress(f"scan {k} (data before {until.isoformat()}): {len(doc['campaigns'])} verdict campaigns")
        k += 1
    return updates
