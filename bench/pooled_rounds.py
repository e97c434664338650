"""Extend a finished scan loop's stored rounds with the pooled harvest templates a scan now lists.

``antidistill replay --in-process --scan-every H --scan-work WORK`` keeps each round's ``campaigns.json`` and
``accounts.csv`` under ``WORK/scan-<cut-off>`` and every ingested exchange in ``WORK/loop-scan.duckdb``. Pooled
templates (``linkage.duckdb_inputs.pooled_template_indicators``) are listed after linkage and change no verdict,
so a round's output with them is its stored output plus what that function finds on the data before the
round's cut-off (holders with evidence of their own as ``scan_campaigns.with_own_evidence`` counts them, from
``accounts.csv``'s ``verdict`` and ``specific_evidence`` columns; rounds stored before that column existed count
``suspect`` and ``watch`` holders only, the session-17 rule). This writes those rounds to OUT (a ``--scan-work``
folder a replay reuses as it is), without recomputing two hours of scans. Session 17 checked it against a fresh
scan: ``docs/benchmarks.md``.

    python bench/pooled_rounds.py WORK OUT
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

import duckdb

from antidistill.features.duckdb_engine import LAST_USER_SQL, prompt_ends_sql
from antidistill.linkage.campaigns import CampaignAssembler
from antidistill.linkage.duckdb_inputs import pooled_template_indicators
from antidistill.scan_campaigns import with_own_evidence
from antidistill.scoring.accounts import AccountScore, Verdict


def main(work: Path, out: Path) -> int:
    con = duckdb.connect(str(work / "loop-scan.duckdb"), read_only=True)
    t0 = time.perf_counter()
    source = f"(SELECT account_id, ts_start, {LAST_USER_SQL} AS prompt_text FROM exchanges)"
    con.execute(f"CREATE TEMP TABLE all_ends AS {prompt_ends_sql(source)}")
    total = 0
    for d in sorted(work.glob("scan-*")):
        until = dt.datetime.strptime(d.name.removeprefix("scan-"), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
        dst = out / d.name
        dst.mkdir(parents=True, exist_ok=True)
        for name in ("accounts.csv", "summary.json"):
            shutil.copy(d / name, dst / name)
        doc = json.loads((d / "campaigns.json").read_text())
        confirmed = [c for c in doc if c.get("confirmed")]
        con.execute(f"CREATE OR REPLACE TEMP VIEW prompt_ends AS SELECT * FROM all_ends WHERE t < {until.timestamp()}")
        with (d / "accounts.csv").open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and "specific_evidence" not in rows[0]:  # stored before session 18: the tail only
            print(f"{d.name}: no specific_evidence column, counting suspect and watch holders only", flush=True)
        scores = [AccountScore(r["account_id"], float(r["score"]), float(r["p_null"]), float(r["risk"]),
                               Verdict(r["verdict"]), specific_evidence=float(r.get("specific_evidence") or 0.0))
                  for r in rows]
        evidenced = with_own_evidence(scores, CampaignAssembler().min_mean_evidence)
        pooled = pooled_template_indicators(
            con, {c["campaign_id"]: c["members"] for c in confirmed}, evidenced, n_accounts=len(rows),
            listed={(i["attribute"], i["value"]) for c in confirmed for i in c.get("indicators", [])})
        for c in confirmed:  # as scan_campaigns does: after the campaign's own values
            c.setdefault("indicators", []).extend(asdict(i) for i in pooled.get(c["campaign_id"], []))
        added = sum(len(v) for v in pooled.values())
        total += added
        (dst / "campaigns.json").write_text(json.dumps(doc, indent=2) + "\n")
        print(f"{d.name}: {len(confirmed)} confirmed campaigns, {added} pooled templates "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
    print(f"{total} pooled templates over all rounds")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
