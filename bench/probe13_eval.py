"""Evaluate a scan of the thirteenth held-out probe (``bench/probe13``, OpenTelemetry GenAI traces from a provider's
edges, as the Collector's file exporter writes them; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the account, its keys), then the end users. The label's ``org_id`` is shared
by the members of an organisation, so it is no identity of one account::

    python bench/probe13_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), shared=("org_id",))
