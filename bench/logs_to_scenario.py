"""Write API logs in any format the scan reads as a replayable scenario (``exchanges/*.parquet`` + labels).

``antidistill replay`` replays a traffic-lab scenario folder. To push other traffic through the gateway and
its scan loop (the out-of-simulator probe's LiteLLM log, ``bench/foreign_traffic.py``), this ingests the logs
with the scan's own readers into a fresh DuckDB store, writes its ``exchanges`` table in time order as
``OUT/exchanges/part-0.parquet`` and copies the labels (``account_id``, ``campaign_id``, ``archetype``), and the
end users' labels (``labels_end_users.parquet``) when they lie beside them.
Unreadable rows are quarantined as in a scan (``OUT/quarantine.jsonl``) and counted on the last line.
``FIELD=PATH`` arguments are the scan's ``--map`` (the third probe is scanned with
``account_id=organization_id``).

    python bench/logs_to_scenario.py LOGS LABELS OUT [FIELD=PATH ...]
    antidistill replay OUT --in-process --scan-every 2 --scan-delay 0.5 --scan-work W --state-dir S --out O
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from antidistill.ingest.pipeline import ingest_paths
from antidistill.store import DuckDBStore


def main(logs: Path, labels: Path, out: Path, field_map: dict[str, str] | None = None) -> int:
    (out / "exchanges").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="logs-to-scenario-") as tmp:
        store = DuckDBStore(Path(tmp) / "store.duckdb")
        report = ingest_paths([logs], store, quarantine_path=out / "quarantine.jsonl", progress=False,
                              field_map=field_map or None)
        target = (out / "exchanges" / "part-0.parquet").as_posix().replace("'", "''")
        store.connection.execute(f"COPY (SELECT * FROM exchanges ORDER BY ts_start, exchange_id) TO '{target}' "
                                 "(FORMAT parquet)")
        n = store.connection.execute("SELECT count(*) FROM exchanges").fetchone()
        store.close()
    shutil.copy(labels, out / "labels.parquet")
    end_users = labels.with_name("labels_end_users.parquet")  # the probes that label end users put them beside
    if end_users.is_file():
        shutil.copy(end_users, out / end_users.name)
    print(f"{n[0] if n else 0} exchanges written to {out}; {report.rows_quarantined} rows quarantined")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4 or not all("=" in a for a in sys.argv[4:]):
        sys.exit(__doc__)
    mapping = dict(a.split("=", 1) for a in sys.argv[4:])
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), mapping))
