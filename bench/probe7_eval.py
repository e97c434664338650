"""Evaluate a scan of the seventh held-out probe (``bench/probe7``, an inference API's structured logs shipped from
CloudWatch Logs through Kinesis Data Firehose to S3).

The probe labels each organisation (``auth.org_id`` of the application's log line); the scan reads the project
(``auth.project_id``, the first caller field it finds) as the account and the organisation as ``org_id``. This
reads project -> organisation from the scan's own database and scores organisations as ``bench/probe5_eval.py``
does: flagged when the scan calls any of its projects ``suspect`` or ``campaign`` (``watch`` counted apart)::

    python bench/probe7_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe5_eval import main


def organisations_of(scan: Path) -> dict[str, str]:
    """Every account (project) of the scan -> its organisation, as the logs named it."""
    with duckdb.connect(str(scan / "scan.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT account_id, any_value(org_id) FROM exchanges GROUP BY account_id").fetchall()
    return {str(a): str(o) for a, o in rows if o is not None}


if __name__ == "__main__":
    scan = Path(sys.argv[1])
    main(scan, Path(sys.argv[2]), lambda _data: organisations_of(scan))
