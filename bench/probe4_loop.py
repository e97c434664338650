"""The fourth held-out probe (``bench/probe4``, Kong AI Gateway logs) through the gateway and its scan loop.

The probe's labels name each customer by Kong's ``consumer.custom_id``; the scan reads the account as
``consumer.id``. This writes the labels under the scan's ids, turns the logs into a replayable scenario with the
scan's own readers (``bench/logs_to_scenario.py``), replays it in process with a scan every ``--scan-every``
simulated hours (verdicts ``--scan-delay`` hours after each cut-off, default policy) and prints, per campaign
archetype, the share of its requests served before the gateway first acted on each account, the accounts linked
online, and the benign requests denied, with the benign accounts acted on by persona::

    python bench/probe4_loop.py PROBE_DIR OUT [--scan-work W]

``OUT`` gets ``labels.parquet``, the scenario (``scenario/``), the replay's JSON report (``replay.json``) and its
per-account rows (``accounts.csv``). The loop's scans do not depend on the gateway's decisions: ``--scan-work``
from an earlier run is reused, so a second run with other gateway code takes a minute or two.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from logs_to_scenario import main as logs_to_scenario
from probe4_eval import custom_ids


def mapped_labels(probe: Path, out: Path) -> Path:
    """The probe's labels keyed by the scan's account id (Kong ``consumer.id``)."""
    ids = custom_ids(probe)
    by_custom = {r["account_id"]: r for r in pq.read_table(probe / "labels.parquet").to_pylist()}
    rows = [{"account_id": consumer, "campaign_id": by_custom[custom]["campaign_id"],
             "archetype": by_custom[custom]["archetype"]} for consumer, custom in sorted(ids.items())
            if custom in by_custom]
    path = out / "labels.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([("account_id", pa.string()),
                                                                 ("campaign_id", pa.string()),
                                                                 ("archetype", pa.string())])), path)
    return path


def summarise(out: Path) -> None:
    labels = {r["account_id"]: r for r in pq.read_table(out / "labels.parquet").to_pylist()}
    report = json.loads((out / "replay.json").read_text())
    per: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in csv.DictReader((out / "accounts.csv").read_text(encoding="utf-8").splitlines()):
        label = labels.get(r["account_id"])
        campaign = bool(label and label["campaign_id"])
        g = per[(campaign, label["archetype"] if label else "unlabelled")]
        g[0] += 1
        g[1] += int(r["requests"])
        g[2] += int(r["served_before_action"])
        g[3] += bool(r["linked_online"])
        g[4] += bool(r["first_action"])
    print(f"{'archetype':28s} {'accounts':>8s} {'requests':>9s} {'served before action':>22s} {'linked online':>14s}")
    for (campaign, archetype), (n, requests, served, linked, _) in sorted(per.items()):
        if campaign:
            print(f"{archetype:28s} {n:8d} {requests:9d} {served:10d} ({served / max(requests, 1):7.2%}) {linked:14d}")
    benign = report["benign"]
    denied = benign["denied"] / max(benign["requests"], 1)
    print(f"benign: {benign['accounts']} accounts, {benign['requests']} requests, {benign['denied']} denied "
          f"({denied:.3%}); malformed requests {report.get('malformed_requests')}")
    for (campaign, archetype), (n, _, _, linked, acted) in sorted(per.items()):
        if not campaign and (acted or linked):
            print(f"   {archetype:24s} {acted} of {n} acted on, {linked} linked online")


def main(doc: str = __doc__ or "", labels_for: Callable[[Path, Path], Path] = mapped_labels) -> int:
    """Parse the command line, then scenario, replay and table; ``labels_for(probe, out)`` writes the probe's labels
    keyed by the scan's account ids and returns their path."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("probe", type=Path, help="the probe's folder (logs/, labels.parquet)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--scan-work", type=Path, help="the loop's scans (default OUT/scan-work; reused when present)")
    ap.add_argument("--scan-every", type=float, default=2.0)
    ap.add_argument("--scan-delay", type=float, default=0.5)
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    scenario = out / "scenario"
    if not (scenario / "exchanges").is_dir():
        logs_to_scenario(args.probe / "logs", labels_for(args.probe, out), scenario)
    else:
        labels_for(args.probe, out)
    state = out / "state"
    if state.exists():
        subprocess.run(["rm", "-rf", str(state)], check=True)
    subprocess.run([sys.executable, "-m", "antidistill.cli", "replay", str(scenario), "--in-process",
                    "--scan-every", str(args.scan_every), "--scan-delay", str(args.scan_delay),
                    "--scan-work", str(args.scan_work or out / "scan-work"), "--state-dir", str(state),
                    "--out", str(out / "replay.json"), "--accounts-out", str(out / "accounts.csv")],
                   check=True, stdout=subprocess.DEVNULL)
    summarise(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
