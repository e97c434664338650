"""Evaluate a scan of the fourteenth held-out probe (``bench/probe14``, Kubernetes logs of a provider's API in two
regions: GKE container and load-balancer logs as a Cloud Logging sink writes them to Cloud Storage, and a
self-managed cluster's raw CRI node log files; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the account, its key ids, key fingerprints and key prefixes), then the end
users. The label's ``org_id`` is shared by the members of an organisation, so it is no identity of one account::

    python bench/probe14_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), shared=("org_id",))
