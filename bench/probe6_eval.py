"""Evaluate a scan of the sixth held-out probe (``bench/probe6``, Gemini-style request-response logs exported from
BigQuery).

The probe labels each customer by ``metadata.caller.project_number``; the scan reads the first caller field it
finds (``metadata.caller.project_id``, the same project by name). This reads project id -> project number from
the logs and scores projects as ``bench/probe5_eval.py`` scores organisations: flagged when the scan calls the
account ``suspect`` or ``campaign`` (``watch`` counted apart)::

    python bench/probe6_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe5_eval import main


def projects(data: Path) -> dict[str, str]:
    """Every project id and project number in the logs -> its project number."""
    out: dict[str, str] = {}
    for f in sorted((data / "logs").rglob("*.gz")):
        with gzip.open(f, "rt", encoding="utf-8", errors="replace") as fh:  # torn lines cut characters
            for line in fh:
                try:
                    meta = json.loads(json.loads(line).get("metadata") or "{}")
                except (json.JSONDecodeError, AttributeError, TypeError):
                    continue  # the probe's deliberately torn lines
                caller = (meta.get("caller") or {}) if isinstance(meta, dict) else {}
                number = caller.get("project_number")
                if number:
                    out[str(number)] = str(number)
                    if caller.get("project_id"):
                        out[str(caller["project_id"])] = str(number)
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), projects)
