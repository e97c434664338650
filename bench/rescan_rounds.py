"""Rescan the first rounds of a stored scan loop with the current code and lay them over the stored rounds.

A replay's scan loop (``antidistill replay --in-process --scan-every H --scan-work WORK``) on ``default`` is 167
incremental scans, about two hours. A change that alters early verdicts (when a campaign is first confirmed) can
be measured without redoing all of them: this copies every stored round of STORED to OUT, rescans the rounds
with cut-offs FROM to TO (every ``--every`` hours, through the loop's own incremental path,
``scanloop.scan_until``, into ``OUT/.rescan``) and puts their ``accounts.csv``, ``campaigns.json`` and
``summary.json`` in place of the stored ones. It prints, per rescanned round, how many verdicts differ from the
stored round. A replay then reuses OUT as it is (``--scan-work OUT``). Rounds after TO are the stored ones: say
so wherever the result is reported.

    python bench/rescan_rounds.py DATA STORED OUT --from 2026-03-02T02:00:00+00:00 --to 2026-03-03T12:00:00+00:00
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
from pathlib import Path

from antidistill.gateway.scanloop import scan_until

FILES = ("accounts.csv", "campaigns.json", "summary.json")


def _verdicts(path: Path) -> dict[str, str]:
    with path.open(newline="") as fh:
        return {r["account_id"]: r["verdict"] for r in csv.DictReader(fh)}


def main(data: Path, stored: Path, out: Path, start: dt.datetime, stop: dt.datetime, every_h: float) -> int:
    for d in sorted(stored.glob("scan-*")):
        (out / d.name).mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copy(d / name, out / d.name / name)
    until = start
    while until <= stop:
        fresh = scan_until(data, until, out / ".rescan")
        old = _verdicts(out / fresh.name / "accounts.csv") if (out / fresh.name).is_dir() else {}
        (out / fresh.name).mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copy(fresh / name, out / fresh.name / name)
        new = _verdicts(fresh / "accounts.csv")
        changed = sum(old.get(a) != v for a, v in new.items())
        print(f"{fresh.name}: {len(new)} accounts, {changed} verdicts differ from the stored round", flush=True)
        until += dt.timedelta(hours=every_h)
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="the replayed scenario (its exchanges/*.parquet)")
    ap.add_argument("stored", type=Path, help="the stored loop's --scan-work folder")
    ap.add_argument("out", type=Path)
    ap.add_argument("--from", dest="start", type=dt.datetime.fromisoformat, required=True)
    ap.add_argument("--to", dest="stop", type=dt.datetime.fromisoformat, required=True)
    ap.add_argument("--every", type=float, default=2.0, help="hours between cut-offs (the loop's --scan-every)")
    a = ap.parse_args()
    sys.exit(main(a.data, a.stored, a.out, a.start, a.stop, a.every))
