"""The fifth probe (``bench/probe5``, a provider's edge-service slog logs) through the gateway and its scan loop.

The probe labels billing organisations (``auth.org_id``); the scan reads each project (``auth.project_id``) as an
account. This writes the labels under the scan's ids (each project carries its organisation's label), then runs
``bench/probe4_loop.py``'s loop: the logs as a replayable scenario, the in-process replay with a scan every
``--scan-every`` simulated hours, and the table of requests served before the first action per campaign kind and
of benign requests denied::

    python bench/probe5_loop.py PROBE_DIR OUT [--scan-every 6] [--scan-work W]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe4_loop import main as loop
from probe5_eval import organisations


def project_labels(probe: Path, out: Path) -> Path:
    """The probe's organisation labels keyed by every project id (and organisation id) the logs name."""
    by_org = {r["account_id"]: r for r in pq.read_table(probe / "labels.parquet").to_pylist()}
    rows = [{"account_id": account, "campaign_id": by_org[org]["campaign_id"], "archetype": by_org[org]["archetype"]}
            for account, org in sorted(organisations(probe).items()) if org in by_org]
    path = out / "labels.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema([("account_id", pa.string()),
                                                                 ("campaign_id", pa.string()),
                                                                 ("archetype", pa.string())])), path)
    return path


if __name__ == "__main__":
    sys.exit(loop(__doc__ or "", project_labels))
