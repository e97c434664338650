"""Evaluate a scan of the fifteenth held-out probe (``bench/probe15``: a provider's API request logs as its
security team pulls them from its SIEMs: Splunk REST/Web exports of us-east-1, an Elasticsearch scroll dump of
eu-west-1; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the account and its API key ids), then the end users. The label's ``org_id``
is shared by the members of an organisation, so it is no identity of one account::

    python bench/probe15_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), shared=("org_id",))
