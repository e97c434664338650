"""Write the fifth probe's model calendar (what its provider knows: each model's release) as a CSV for ``--models``.

The probe's ``manifest.json`` lists, per model, its dated snapshot and the time it became available; both names
get a row::

    python bench/probe5_calendar.py PROBE_DIR OUT.csv
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def main(data: Path, out: Path) -> None:
    models = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["models"]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["model", "released_at", "reasoning"])
        for name, m in sorted(models.items()):
            for alias in (name, m["snapshot"]):
                w.writerow([alias, m["available_from"], str(bool(m.get("reasoning"))).lower()])
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
